//! New posts: a file named from the title's slug, front matter in the site's dialect, never
//! replacing a file that exists.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Edit, EditError, Flavor, apply_with, archetype, toml, write};
use crate::post::frontmatter::{self, Format};

/// Slugs longer than this are cut at a word boundary: file names stay readable in a list.
const MAX_SLUG_CHARS: usize = 60;
/// How many `slug-N.md` names to try before giving up.
const MAX_NAME_TRIES: usize = 100;
/// How many posts to sniff when guessing a folder's front-matter dialect.
const SNIFF_POSTS: usize = 200;
/// How deep to look for posts when sniffing (Hugo's `content/YYYY/MM/DD/` is 5 deep).
const SNIFF_DEPTH: usize = 6;
/// How much of each post to read when sniffing.
const SNIFF_BYTES: usize = 4096;

/// A post just created.
#[derive(Debug)]
pub struct NewPost {
    /// Where it was written.
    pub path: PathBuf,
    /// What to tell the user: archetype actions quire kept as written, an archetype it could not read.
    pub notes: Vec<String>,
}

/// Create a post: slug file name (+ date prefix inside a Jekyll `_posts/`), front matter in the folder's
/// dominant dialect (or a template file `new-post.md` from the config folder if given), never overwriting.
/// New posts start as drafts (`draft: true`, or `published: false` in Jekyll) unless the template says
/// otherwise. `dir` may be a Jekyll site root: the post then goes to its `_drafts/` if it has one (an
/// undated name, as Jekyll drafts have; publishing moves it to `_posts/` with the date), else to its
/// `_posts/` with `published: false`. A Hugo site's archetype ([`archetype::find`]) comes before
/// `template`; a Jekyll post gets `layout: post` when the newest posts in `_posts/` have it.
pub fn new_post(dir: &Path, title: &str, tags: &[String], format: Format, template: Option<&str>) -> Result<NewPost, EditError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(EditError::InvalidValue { key: "title".into(), why: "a new post needs a title".into() });
    }
    if !dir.is_dir() {
        return Err(EditError::FolderGone(dir.to_path_buf()));
    }
    let (posts, drafts) = (dir.join("_posts"), dir.join("_drafts"));
    let in_drafts = posts.is_dir() && drafts.is_dir();
    let folder = if in_drafts {
        drafts
    } else if posts.is_dir() {
        posts
    } else {
        dir.to_path_buf()
    };
    let jekyll = in_drafts || folder.file_name().is_some_and(|n| n == "_posts");
    let now = chrono::Local::now();
    let flavor = Flavor { jekyll, zola: toml::site_is_zola(&folder.join("x.md")) };
    let slug = slugify(title);
    let prefix = if jekyll && !in_drafts { now.format("%Y-%m-%d-").to_string() } else { String::new() };
    let stem = format!("{prefix}{slug}");
    let mut notes = Vec::new();
    let archetype = archetype_text(&folder.join(format!("{stem}.md")), &slug, title, now, &mut notes);
    let template = archetype.as_deref().or(template);
    let layout = jekyll && template.is_none() && newest_have_layout_post(&dir.join("_posts"));
    // In `_drafts/` the folder says draft; elsewhere the front matter must.
    let text = post_text(title, tags, format, template, flavor, !in_drafts, layout, now)?;
    Ok(NewPost { path: create_new(&folder, &stem, text.as_bytes())?, notes })
}

/// How many of a Jekyll site's newest posts to look at for their layout.
const LAYOUT_POSTS: usize = 5;

/// Whether most of the newest posts in `posts` (a Jekyll `_posts/`, whose names start with the
/// date) say `layout: post`.
fn newest_have_layout_post(posts: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(posts) else { return false };
    let mut names: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md" || x == "markdown")).collect();
    names.sort_unstable_by(|a, b| b.cmp(a));
    let newest = &names[..names.len().min(LAYOUT_POSTS)];
    let with = newest
        .iter()
        .filter(|path| {
            let Ok(text) = crate::file::read_text(path, crate::file::SETTINGS_LIMIT) else { return false };
            let split = frontmatter::split(text.trim_start_matches('\u{feff}'));
            split.format == Format::Yaml
                && split.raw.lines().any(|line| {
                    let Some(value) = line.strip_prefix("layout:") else { return false };
                    matches!(value.trim(), "post" | "\"post\"" | "'post'")
                })
        })
        .count();
    with > 0 && with * 2 > newest.len()
}

/// The filled archetype for a post to be written at `target`, if its Hugo site has one.
fn archetype_text(target: &Path, slug: &str, title: &str, now: chrono::DateTime<chrono::Local>, notes: &mut Vec<String>) -> Option<String> {
    let path = archetype::find(target)?;
    match archetype::load(&path, slug, title, &now.format("%Y-%m-%dT%H:%M:%S%:z").to_string()) {
        Ok(filled) => {
            notes.extend(filled.notes);
            Some(filled.text)
        }
        Err(note) => {
            notes.push(note);
            None
        }
    }
}

/// Create a post where `pattern` says (relative to `root`: `content/{year}/{month}/{day}/{slug}.md`,
/// `content/posts/{slug}/index.md`), making its folders; `slug-2` and on when the place is taken.
pub fn new_post_at(
    root: &Path,
    pattern: &str,
    title: &str,
    tags: &[String],
    format: Format,
    template: Option<&str>,
) -> Result<NewPost, EditError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(EditError::InvalidValue { key: "title".into(), why: "a new post needs a title".into() });
    }
    if !root.is_dir() {
        return Err(EditError::FolderGone(root.to_path_buf()));
    }
    let now = chrono::Local::now();
    let slug = slugify(title);
    let first = root.join(super::placement::fill(pattern, &slug, now.date_naive()));
    let folder = first.parent().unwrap_or(root).to_path_buf();
    let jekyll = folder.file_name().is_some_and(|n| n == "_posts");
    let flavor = Flavor { jekyll, zola: toml::site_is_zola(&first) };
    let mut notes = Vec::new();
    let archetype = archetype_text(&first, &slug, title, now, &mut notes);
    let template = archetype.as_deref().or(template);
    let layout = jekyll && template.is_none() && newest_have_layout_post(&folder);
    let text = post_text(title, tags, format, template, flavor, true, layout, now)?;
    for n in 1..=MAX_NAME_TRIES {
        let slug = if n == 1 { slug.clone() } else { format!("{slug}-{n}") };
        let path = root.join(super::placement::fill(pattern, &slug, now.date_naive()));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| not_created(&path, &e))?;
        }
        if let Some(path) = create_exclusive(&path, text.as_bytes())? {
            return Ok(NewPost { path, notes });
        }
    }
    Err(EditError::Exists(first))
}

/// The new post's text: the template, or a skeleton in `format`, with title, date, tags (and
/// `draft: true` when `mark_draft` and there is no template; `layout: post` first when `layout`) set.
#[allow(clippy::too_many_arguments)]
fn post_text(
    title: &str,
    tags: &[String],
    format: Format,
    template: Option<&str>,
    flavor: Flavor,
    mark_draft: bool,
    layout: bool,
    now: chrono::DateTime<chrono::Local>,
) -> Result<String, EditError> {
    let mut edits: Vec<Edit> = layout.then(|| Edit::Set { key: "layout".into(), value: "post".into() }).into_iter().collect();
    edits.extend([
        Edit::Set { key: "title".into(), value: title.to_string() },
        Edit::Set { key: "date".into(), value: now.format("%Y-%m-%dT%H:%M:%S%:z").to_string() },
    ]);
    edits.extend(tags.iter().map(|t| Edit::AddTag(t.clone())));
    match template {
        Some(template) => apply_with(template, &edits, flavor),
        None => {
            if mark_draft {
                edits.push(Edit::SetDraft(true));
            }
            let skeleton = match format {
                Format::Toml => "+++\n+++\n",
                Format::Json => "{}\n",
                Format::Yaml | Format::None => "---\n---\n",
            };
            Ok(format!("{}\n", apply_with(skeleton, &edits, flavor)?))
        }
    }
}

/// Writes a new file named `stem.md` (or `stem-2.md`, ...), never replacing one that exists.
fn create_new(folder: &Path, stem: &str, bytes: &[u8]) -> Result<PathBuf, EditError> {
    for n in 1..=MAX_NAME_TRIES {
        let name = if n == 1 { format!("{stem}.md") } else { format!("{stem}-{n}.md") };
        if let Some(path) = create_exclusive(&folder.join(name), bytes)? {
            return Ok(path);
        }
    }
    Err(EditError::Exists(folder.join(format!("{stem}.md"))))
}

/// Writes `bytes` to a file that must not exist yet; `None` if it does.
fn create_exclusive(path: &Path, bytes: &[u8]) -> Result<Option<PathBuf>, EditError> {
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => return Err(not_created(path, &e)),
    };
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        // Half a post is worse than none: remove what was created.
        let _ = std::fs::remove_file(path);
        return Err(not_created(path, &e));
    }
    Ok(Some(path.to_path_buf()))
}

/// Why a new file could not be made: a full disk names the file as never created, not as kept.
fn not_created(path: &Path, err: &std::io::Error) -> EditError {
    match write::classify(path, err) {
        EditError::DiskFull(path) => EditError::DiskFullNew(path),
        other => other,
    }
}

/// A file-name slug: lower case, accents folded, words joined by `-` (`Été à Paris!` -> `ete-a-paris`).
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.chars().count() > MAX_SLUG_CHARS {
        let cut: String = slug.chars().take(MAX_SLUG_CHARS).collect();
        slug = cut.rfind('-').map_or(cut.clone(), |i| cut[..i].to_string());
    }
    if slug.is_empty() { "post".into() } else { slug }
}

/// The accented Latin letters of French, Spanish, German and Portuguese titles, folded to ASCII.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

/// The front-matter dialect most posts under `dir` use (YAML when there are none).
pub fn dominant_format(dir: &Path) -> Format {
    let mut counts = [0usize; 3];
    let walker = ignore::WalkBuilder::new(dir).max_depth(Some(SNIFF_DEPTH)).build();
    let posts =
        walker.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "md" || x == "markdown")).take(SNIFF_POSTS);
    for entry in posts {
        let Ok((mut file, _)) = crate::file::open(entry.path()) else { continue };
        let mut head = vec![0; SNIFF_BYTES];
        let Ok(n) = std::io::Read::read(&mut file, &mut head) else { continue };
        let text = String::from_utf8_lossy(&head[..n]);
        match frontmatter::split(text.trim_start_matches('\u{feff}')).format {
            Format::Yaml => counts[0] += 1,
            Format::Toml => counts[1] += 1,
            Format::Json => counts[2] += 1,
            Format::None => {}
        }
    }
    let formats = [Format::Yaml, Format::Toml, Format::Json];
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 { Format::Yaml } else { formats[best] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_says_the_new_post_was_not_created() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(not_created(Path::new("x.md"), &full).to_string(), "the disk is full; x.md was not created");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(not_created(Path::new("x.md"), &denied).to_string(), "x.md is read-only; nothing was written");
    }

    #[test]
    fn slugs_fold_accents_and_join_words() {
        assert_eq!(slugify("Été à Paris!"), "ete-a-paris");
        assert_eq!(slugify("  Rust 1.88.0 -- released  "), "rust-1-88-0-released");
        assert_eq!(slugify("???"), "post");
        assert!(slugify(&"word ".repeat(40)).len() <= MAX_SLUG_CHARS);
    }
}
