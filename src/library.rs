//! Many posts: walk a folder, load in parallel, sort, count tags, apply single-file changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::post::{self, Post};

mod indexed;
pub use indexed::{Pending, Scans, Walked};

/// Folders that hold generated output or dependencies, never posts.
pub const SKIPPED_DIRS: [&str; 5] = ["node_modules", "public", "_site", "target", "resources"];

/// Why a library could not be opened at all (a bad post is never one of these).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The folder does not exist or cannot be read.
    #[error("cannot open {}: {reason}", path.display())]
    Unreadable {
        /// The folder given.
        path: PathBuf,
        /// What the OS said.
        reason: String,
    },
    /// The path is a file, not a folder.
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
}

/// The order of the post list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    /// Newest first; undated posts last.
    #[default]
    Date,
    /// A to Z, ignoring case.
    Title,
    /// Most recently modified file first.
    Modified,
    /// Longest body first, by its word count; posts whose body was not read last.
    Words,
    /// Longest reading time first (whole minutes, then title); posts whose body was not read last.
    Reading,
}

impl SortKey {
    /// The next key, for a key that cycles the sort.
    pub fn next(self) -> Self {
        match self {
            SortKey::Date => SortKey::Title,
            SortKey::Title => SortKey::Modified,
            SortKey::Modified => SortKey::Words,
            SortKey::Words => SortKey::Reading,
            SortKey::Reading => SortKey::Date,
        }
    }

    /// The name shown in the status line.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Title => "title",
            SortKey::Modified => "modified",
            SortKey::Words => "words",
            SortKey::Reading => "reading time",
        }
    }

    /// Whether this order needs the posts' bodies read (their word counts).
    pub fn needs_body(self) -> bool {
        matches!(self, SortKey::Words | SortKey::Reading)
    }
}

/// Every post under one folder. Posts are shared (`Arc`) so a background search can hold a
/// snapshot while the library keeps changing.
#[derive(Debug, Clone, Default)]
pub struct Library {
    root: PathBuf,
    posts: Vec<Arc<Post>>,
    unreadable: Vec<Unreadable>,
    site: Arc<crate::site::Site>,
}

/// Something the walk found but could not read as a post: a folder without permission, a link
/// loop, a `.md` that is not a regular file. Listed beside posts' problems, never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Where.
    pub path: PathBuf,
    /// Why, in a few words.
    pub reason: String,
}

impl Library {
    /// Walks `root` and loads every post in parallel. Unreadable posts are included with problems.
    pub fn open(root: &Path) -> Result<Library, OpenError> {
        Library::open_with(root, post::Read::Whole)
    }

    /// [`Library::open`], reading of each file only what `read` says: `quire list` needs only
    /// front matter. Posts read partly have no body and are never to be edited from.
    pub fn open_with(root: &Path, read: post::Read) -> Result<Library, OpenError> {
        check_root(root)?;
        let site = Arc::new(crate::site::Site::open(root));
        let (mut posts, mut unreadable) = load_all(&site, read);
        unreadable.sort_by(|a, b| a.path.cmp(&b.path));
        sort_posts(&mut posts, SortKey::Date);
        Ok(Library { root: root.to_path_buf(), posts, unreadable, site })
    }

    /// A library from posts already parsed (tests, generated data).
    pub fn from_posts(root: PathBuf, posts: Vec<Post>) -> Library {
        let mut posts: Vec<Arc<Post>> = posts.into_iter().map(Arc::new).collect();
        sort_posts(&mut posts, SortKey::Date);
        Library { site: Arc::new(crate::site::Site::open(&root)), root, posts, unreadable: Vec::new() }
    }

    /// The site the folder is (its generator and that generator's rules).
    pub fn site(&self) -> &crate::site::Site {
        &self.site
    }

    /// The site, shared with the jobs that read its posts again.
    pub fn shared_site(&self) -> Arc<crate::site::Site> {
        Arc::clone(&self.site)
    }

    /// The folder this library reads.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// All posts, newest first.
    pub fn posts(&self) -> &[Arc<Post>] {
        &self.posts
    }

    /// Keeps only the posts `keep` accepts (a reader's session keeps the published ones).
    pub fn retain(&mut self, keep: impl Fn(&Post) -> bool) {
        self.posts.retain(|post| keep(post));
    }

    /// The index of the post at `path`.
    pub fn position(&self, path: &Path) -> Option<usize> {
        self.posts.iter().position(|p| p.path == path)
    }

    /// Adds or replaces the post at its path, keeping the date order.
    pub fn upsert(&mut self, post: Post) {
        if let Some(i) = self.position(&post.path) {
            self.posts.remove(i);
        }
        let at = self.posts.partition_point(|p| compare(p, &post, SortKey::Date).is_lt());
        self.posts.insert(at, Arc::new(post));
    }

    /// Every tag with the number of posts carrying it, most used first, then by name.
    pub fn tags(&self) -> Vec<(String, usize)> {
        let counts = count_tags(self.posts.iter().map(AsRef::as_ref));
        let mut tags: Vec<(String, usize)> = counts.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase())));
        tags
    }

    /// What the walk found but could not read (folders without permission, link loops...).
    pub fn unreadable(&self) -> &[Unreadable] {
        &self.unreadable
    }

    /// Posts that carry problems.
    pub fn with_problems(&self) -> impl Iterator<Item = &Post> {
        self.posts.iter().map(AsRef::as_ref).filter(|p| p.has_problems())
    }

    /// Indices of posts in the given order.
    pub fn sorted_indices(&self, key: SortKey) -> Vec<usize> {
        let mut indices: Vec<usize> = (0..self.posts.len()).collect();
        // The same order as `compare`, with each post's lowercased title computed once rather than
        // twice per comparison (this runs on the UI thread at every filter change).
        let title = |i: usize| (self.posts[i].title.to_lowercase(), self.posts[i].path.as_path());
        match key {
            SortKey::Date => {}
            SortKey::Title => indices.sort_by_cached_key(|&i| title(i)),
            SortKey::Modified => indices.sort_by_cached_key(|&i| (std::cmp::Reverse(self.posts[i].stamp.modified), title(i))),
            SortKey::Words => indices.sort_by_cached_key(|&i| (std::cmp::Reverse(self.posts[i].words), title(i))),
            SortKey::Reading => indices.sort_by_cached_key(|&i| (std::cmp::Reverse(self.posts[i].reading_minutes()), title(i))),
        }
        indices
    }
}

fn check_root(root: &Path) -> Result<(), OpenError> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(OpenError::NotAFolder(root.to_path_buf())),
        Err(err) => Err(OpenError::Unreadable { path: root.to_path_buf(), reason: post::io_reason(&err) }),
    }
}

/// Orders two posts by a sort key, falling back to title then path so the order is total.
pub fn compare(a: &Post, b: &Post, key: SortKey) -> std::cmp::Ordering {
    let by_title = || a.title.to_lowercase().cmp(&b.title.to_lowercase()).then_with(|| a.path.cmp(&b.path));
    match key {
        SortKey::Date => b.date.cmp(&a.date).then_with(by_title),
        SortKey::Title => by_title(),
        SortKey::Modified => b.stamp.modified.cmp(&a.stamp.modified).then_with(by_title),
        SortKey::Words => b.words.cmp(&a.words).then_with(by_title),
        SortKey::Reading => b.reading_minutes().cmp(&a.reading_minutes()).then_with(by_title),
    }
}

/// What a sort key compares first, computed once per post (comparing two dates converts both to
/// instants); compared the other way round, as every key sorts newest or largest first.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum First {
    Date(Option<(chrono::DateTime<chrono::Utc>, chrono::NaiveDateTime)>),
    Modified(Option<std::time::SystemTime>),
    Count(Option<u32>),
    Nothing,
}

impl First {
    /// The same order as [`compare`]'s first step: a [`post::PostDate`] compares by instant, then
    /// by local time.
    fn of(post: &Post, key: SortKey) -> First {
        match key {
            SortKey::Date => First::Date(post.date.map(|d| (d.instant(), d.local))),
            SortKey::Title => First::Nothing,
            SortKey::Modified => First::Modified(post.stamp.modified),
            SortKey::Words => First::Count(post.words),
            SortKey::Reading => First::Count(post.reading_minutes()),
        }
    }
}

/// Sorts in the order of [`compare`], with each post's keys (date, lowercased title) computed
/// once rather than twice per comparison; on one thread, as a sort of a few thousand posts is
/// over before threads would have started.
fn sort_posts(posts: &mut Vec<Arc<Post>>, key: SortKey) {
    let mut keyed: Vec<(First, String, Arc<Post>)> = posts.drain(..).map(|p| (First::of(&p, key), p.title.to_lowercase(), p)).collect();
    keyed.sort_unstable_by(|(first_a, title_a, a), (first_b, title_b, b)| {
        first_b.cmp(first_a).then_with(|| title_a.cmp(title_b)).then_with(|| a.path.cmp(&b.path))
    });
    posts.extend(keyed.into_iter().map(|(_, _, p)| p));
}

/// Site config files that mean "the posts are under `content/`" (Hugo, Zola).
const SITE_CONFIGS: [&str; 6] = ["config.toml", "hugo.toml", "config.yaml", "hugo.yaml", "config.json", "hugo.json"];
/// Repository documents at a site's root that are not posts.
const REPO_DOCS: [&str; 5] = ["README.md", "CHANGELOG.md", "LICENSE.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md"];

/// The folder holding the posts: `content/` for a Hugo or Zola site, else the folder itself.
pub fn content_root(root: &Path) -> PathBuf {
    let content = root.join("content");
    if content.is_dir() && SITE_CONFIGS.iter().any(|c| root.join(c).is_file()) { content } else { root.to_path_buf() }
}

/// A path shown relative to the blog's folder when it is under it (lists, messages, titles).
pub fn display_path(root: &Path, path: &Path) -> String {
    display_path_cow(root, path).into_owned()
}

/// [`display_path`], borrowed from `path` when it is UTF-8 (a list writes one for every post).
pub fn display_path_cow<'a>(root: &Path, path: &'a Path) -> std::borrow::Cow<'a, str> {
    crate::site::under(path, root).unwrap_or(path).to_string_lossy()
}

/// Writes a new draft where the site keeps posts ([`posts_folder`]), in the folder's dominant
/// dialect or from the user's template: what the TUI's `a` and `quire new` both do.
pub fn create_post(
    root: &Path,
    title: &str,
    tags: &[String],
    template: Option<&str>,
) -> Result<post::edit::NewPost, post::edit::EditError> {
    create_post_placed(root, title, tags, template, None)
}

/// [`create_post`] at `pattern` (config.toml's `new_post_path`) when given, else where the
/// newest posts of the blog are ([`post::edit::placement::learn`]); a Jekyll site keeps its
/// `_drafts/` and `_posts/` rules, and a blog with no posts yet gets [`posts_folder`].
pub fn create_post_placed(
    root: &Path,
    title: &str,
    tags: &[String],
    template: Option<&str>,
    pattern: Option<&str>,
) -> Result<post::edit::NewPost, post::edit::EditError> {
    let folder = posts_folder(root);
    let format = post::edit::dominant_format(&folder);
    let jekyll = folder.join("_posts").is_dir();
    let pattern = match pattern {
        Some(pattern) => Some(pattern.to_string()),
        None if jekyll => None,
        None => learned_placement(root),
    };
    match pattern {
        Some(pattern) => post::edit::new_post_at(root, &pattern, title, tags, format, template),
        None => post::edit::new_post(&folder, title, tags, format, template),
    }
}

/// The path pattern of the blog's newest posts (pages do not vote).
fn learned_placement(root: &Path) -> Option<String> {
    let site = crate::site::Site::open(root);
    let posts = discover(root)
        .iter()
        .filter_map(|path| site.load(path))
        .filter(|post| post.kind == post::Kind::Post)
        .filter_map(|post| {
            let when = post
                .date
                .map(|d| d.local)
                .or_else(|| post.stamp.modified.map(|m| chrono::DateTime::<chrono::Local>::from(m).naive_local()));
            Some((post.path.strip_prefix(root).ok()?.to_path_buf(), when))
        })
        .collect();
    post::edit::placement::learn(posts)
}

/// Where new posts go: `content/posts/` (else `content/`) in a Hugo or Zola site, the folder
/// itself otherwise (a Jekyll site's root then sends them to its `_posts/`).
pub fn posts_folder(root: &Path) -> PathBuf {
    let content = content_root(root);
    if content.join("posts").is_dir() { content.join("posts") } else { content }
}

/// Every Markdown file under `root` that could be a post, honouring `.gitignore`. Section pages
/// (`_index.md`) and a repository's README and licence files are not posts.
pub fn discover(root: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        walker(root).build().filter_map(Result::ok).filter(|e| is_post_entry(root, e)).map(ignore::DirEntry::into_path).collect();
    paths.sort();
    paths
}

/// Walks and loads at once: each walker thread parses the files it finds, so reading overlaps
/// discovery (walking alone was a third of the time to open 10,000 posts). Order is arbitrary.
fn load_all(site: &crate::site::Site, read: post::Read) -> (Vec<Arc<Post>>, Vec<Unreadable>) {
    let root = site.root();
    let (sender, receiver) = std::sync::mpsc::channel();
    walker(root).build_parallel().run(|| {
        let sender = sender.clone();
        Box::new(move |entry| {
            let found = match entry {
                // The site decides, by its generator's rules, whether a Markdown file is content.
                Ok(entry) if is_post_entry(root, &entry) => match site.load_with(entry.path(), read) {
                    Some(post) => Ok(Arc::new(post)),
                    None => return ignore::WalkState::Continue,
                },
                Ok(entry) if is_special_markdown(&entry) => {
                    let special = entry.file_type().and_then(crate::file::Special::of).unwrap_or(crate::file::Special::Other);
                    Err(Unreadable { path: entry.into_path(), reason: format!("{special}; not read") })
                }
                Ok(_) => return ignore::WalkState::Continue,
                Err(err) => Err(unreadable(&err)),
            };
            if sender.send(found).is_err() { ignore::WalkState::Quit } else { ignore::WalkState::Continue }
        })
    });
    drop(sender);
    let (mut posts, mut unreadable) = (Vec::new(), Vec::new());
    for found in receiver {
        match found {
            Ok(post) => posts.push(post),
            Err(u) => unreadable.push(u),
        }
    }
    (posts, unreadable)
}

/// A `.md` name on something that is neither a file nor a folder (a FIFO would block a read).
fn is_special_markdown(entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| !t.is_file() && !t.is_dir() && !t.is_symlink()) && is_markdown(entry.path())
}

/// What the walker could not read, as a path and a short reason.
fn unreadable(err: &ignore::Error) -> Unreadable {
    match err {
        ignore::Error::WithPath { path, err } => Unreadable { path: path.clone(), ..unreadable(err) },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => unreadable(err),
        ignore::Error::Loop { ancestor, child } => {
            Unreadable { path: child.clone(), reason: format!("a link loop back to {}; not followed", ancestor.display()) }
        }
        ignore::Error::Io(io) => Unreadable { path: PathBuf::new(), reason: format!("cannot read: {}", post::io_reason(io)) },
        other => Unreadable { path: PathBuf::new(), reason: other.to_string() },
    }
}

/// The walk over a blog folder: hidden, generated and ignored folders left out.
fn walker(root: &Path) -> ignore::WalkBuilder {
    let mut builder = walk_rules(&content_root(root));
    builder
        .filter_entry(|entry| !(entry.file_type().is_some_and(|t| t.is_dir()) && entry.depth() > 0 && is_skipped_dir(entry.file_name())));
    builder
}

/// The rules every walk of a blog follows (the loader's and the watcher's): hidden files and
/// whatever `.gitignore` / `.ignore` exclude are left out, links are followed.
pub(crate) fn walk_rules(dir: &Path) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder.hidden(true).git_ignore(true).git_exclude(true).git_global(false).require_git(false).follow_links(true);
    builder
}

fn is_post_entry(root: &Path, entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_file()) && is_markdown(entry.path()) && !is_site_page(root, entry.path())
}

fn is_site_page(root: &Path, path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "_index.md" || (path.parent() == Some(root) && REPO_DOCS.iter().any(|d| d.eq_ignore_ascii_case(name)))
}

fn is_skipped_dir(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| SKIPPED_DIRS.contains(&n))
}

/// Whether a file name looks like a post: `.md` or `.markdown`, and not an editor's temp file.
pub fn is_markdown(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        // A name that is not UTF-8 is still a post if its extension says so.
        return path.extension().is_some_and(|e| e == "md" || e == "markdown");
    };
    let ext_ok =
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    ext_ok && !name.starts_with('.') && !name.starts_with(".#") && !name.ends_with('~')
}

/// Whether a path under `root` belongs to the library: a Markdown file outside hidden and
/// generated folders. The watcher uses this to ignore temp files, swap files and build output.
pub fn is_post_path(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        let name = part.as_os_str();
        let hidden = name.to_str().is_some_and(|n| n.starts_with('.'));
        if parts.peek().is_some() && (hidden || is_skipped_dir(name)) {
            return false;
        }
    }
    is_markdown(path) && !is_site_page(root, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_modified_orders_match_the_comparison_they_stand_for() {
        let posts: Vec<Post> = ["b", "A", "c", "a", "B"]
            .iter()
            .enumerate()
            .map(|(i, t)| {
                // Bodies of 0, 300, 600, 240 and 540 words: ties in minutes as well as distinct counts.
                let text = format!("---\ntitle: {t}\n---\n{}", "w ".repeat(i * 300 % 660));
                let stamp = post::FileStamp {
                    modified: Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs((i % 2) as u64)),
                    len: 0,
                    hash: 0,
                };
                post::parse(PathBuf::from(format!("/b/{i}.md")), text.as_bytes(), stamp)
            })
            .collect();
        let lib = Library::from_posts(PathBuf::from("/b"), posts);
        for key in [SortKey::Title, SortKey::Modified, SortKey::Words, SortKey::Reading] {
            let mut expected: Vec<usize> = (0..lib.posts().len()).collect();
            expected.sort_by(|&a, &b| compare(&lib.posts()[a], &lib.posts()[b], key));
            assert_eq!(lib.sorted_indices(key), expected, "{key:?}");
        }
        // The library holds them by title (no dates): A 300 words, a 240, b 0, B 540, c 600.
        // Longest first; equal minutes (600 and 540 words are 3 each) fall back to the title.
        assert_eq!(lib.sorted_indices(SortKey::Words), [4, 3, 0, 1, 2]);
        assert_eq!(lib.sorted_indices(SortKey::Reading), [3, 4, 0, 1, 2]);
    }

    #[test]
    fn temp_and_swap_files_are_not_posts() {
        let root = Path::new("/blog");
        assert!(is_post_path(root, Path::new("/blog/_posts/a.md")));
        assert!(is_post_path(root, Path::new("/blog/b.markdown")));
        for p in [
            "/blog/.a.md.swp",
            "/blog/a.md~",
            "/blog/.#a.md",
            "/blog/4913",
            "/blog/.git/x.md",
            "/blog/node_modules/x.md",
            "/blog/public/x.md",
            "/elsewhere/a.md",
        ] {
            assert!(!is_post_path(root, Path::new(p)), "{p}");
        }
    }
}

/// One change to apply to a library, as the file watcher reports it.
// Most changes are upserts, so boxing the post would only add an allocation to each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Change {
    /// A post file was created or changed; it was (re)read and parsed off the UI thread.
    Upsert(Post),
    /// A file or a whole folder went away: every post at or under this path goes.
    Remove(PathBuf),
    /// Events were lost (OS queue overflow) or cannot be mapped: reload the whole folder.
    Rescan,
    /// A file that is not a post (an image, say) was written, or a folder appeared: the library
    /// ignores it; what shows such a file (a picture in the reading pane) reads it again.
    Written(PathBuf),
}

/// What one [`Library::apply`] changed, so the app can say "3 posts changed".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Posts that were not in the library before.
    pub added: usize,
    /// Posts whose file content changed.
    pub updated: usize,
    /// Posts that left the library.
    pub removed: usize,
    /// The batch asked for a full reload ([`Change::Rescan`]); the caller should reopen the library.
    pub rescan: bool,
}

impl Applied {
    /// Posts added, updated or removed.
    pub fn total(&self) -> usize {
        self.added + self.updated + self.removed
    }

    /// Whether nothing a user would notice changed and no reload is needed.
    pub fn is_empty(&self) -> bool {
        self.total() == 0 && !self.rescan
    }
}

impl std::fmt::Display for Applied {
    /// "2 posts added, 1 updated", "1 post removed", "no posts changed".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<(usize, &str)> =
            [(self.added, "added"), (self.updated, "updated"), (self.removed, "removed")].into_iter().filter(|(n, _)| *n > 0).collect();
        if parts.is_empty() {
            return f.write_str(if self.rescan { "the folder needs a full reload" } else { "no posts changed" });
        }
        for (i, (n, what)) in parts.iter().enumerate() {
            match i {
                0 => write!(f, "{n} post{} {what}", if *n == 1 { "" } else { "s" })?,
                _ => write!(f, ", {n} {what}")?,
            }
        }
        Ok(())
    }
}

/// How many of `posts` carry each tag (as written).
pub fn count_tags<'a>(posts: impl Iterator<Item = &'a Post>) -> HashMap<&'a str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for tag in posts.flat_map(|p| p.tags.iter()) {
        *counts.entry(tag.as_str()).or_default() += 1;
    }
    counts
}

/// Up to this many new posts are put in place by binary search; more are sorted and merged in one pass.
const INSERT_AT_MOST: usize = 64;

impl Library {
    /// Applies one batch of watcher changes in order (later changes to a path win) and says what
    /// changed. [`Change::Rescan`] is only reported: reloading is the caller's call, as it is slow.
    pub fn apply(&mut self, changes: Vec<Change>) -> Applied {
        let mut applied = Applied { rescan: changes.iter().any(|c| matches!(c, Change::Rescan)), ..Applied::default() };
        let (removes, upserts) = net_changes(changes);
        let old = self.take_replaced(&removes, &upserts);
        let mut fresh: Vec<Arc<Post>> = Vec::with_capacity(upserts.len());
        for post in upserts.into_values() {
            // A file the site does not publish (front matter removed in Jekyll, made headless)
            // leaves the list: taken out above, not put back, so it counts as removed.
            let Some(post) = self.site.admit(post) else { continue };
            match old.get(&post.path) {
                // Same bytes (a `touch`, or an editor saving unchanged text): not worth telling the user.
                Some(stamp) if stamp.len == post.stamp.len && stamp.hash == post.stamp.hash => {}
                Some(_) => applied.updated += 1,
                None => applied.added += 1,
            }
            fresh.push(Arc::new(post));
        }
        applied.removed = old.len() - (fresh.len() - applied.added);
        if fresh.len() > INSERT_AT_MOST {
            sort_posts(&mut fresh, SortKey::Date);
            self.posts = merge_sorted(std::mem::take(&mut self.posts), fresh);
        } else {
            for post in fresh {
                let at = self.posts.partition_point(|p| compare(p, &post, SortKey::Date).is_lt());
                self.posts.insert(at, post);
            }
        }
        applied
    }

    /// Takes out every post under a removed path or about to be replaced; returns their stamps by path.
    fn take_replaced(
        &mut self,
        removes: &std::collections::HashSet<PathBuf>,
        upserts: &HashMap<PathBuf, Post>,
    ) -> HashMap<PathBuf, post::FileStamp> {
        // Exact paths first, compared as strings: hashing a `Path` walks its components, which over
        // 10,000 posts costs more than the rest of a batch. Watcher and walker build paths alike.
        let exact: std::collections::HashSet<&std::ffi::OsStr> =
            removes.iter().map(|p| p.as_os_str()).chain(upserts.keys().map(|p| p.as_os_str())).collect();
        let mut old = HashMap::new();
        take_if(&mut self.posts, &mut old, |p| exact.contains(p.path.as_os_str()));
        // A removal that named no post is a folder (or a file that never was a post).
        let folders: std::collections::HashSet<&Path> = removes.iter().filter(|r| !old.contains_key(*r)).map(PathBuf::as_path).collect();
        if !folders.is_empty() {
            take_if(&mut self.posts, &mut old, |p| p.path.ancestors().skip(1).any(|a| folders.contains(a)));
        }
        old
    }
}

/// Moves the posts for which `gone` holds out of `posts`, remembering their stamps in `old`.
fn take_if(posts: &mut Vec<Arc<Post>>, old: &mut HashMap<PathBuf, post::FileStamp>, gone: impl Fn(&Post) -> bool) {
    posts.retain(|p| {
        let gone = gone(p);
        if gone {
            old.insert(p.path.clone(), p.stamp);
        }
        !gone
    });
}

/// Merges two lists already in date order: linear, where re-sorting everything would cost more
/// than the rest of applying a big batch.
fn merge_sorted(old: Vec<Arc<Post>>, fresh: Vec<Arc<Post>>) -> Vec<Arc<Post>> {
    let mut merged = Vec::with_capacity(old.len() + fresh.len());
    let mut fresh = fresh.into_iter().peekable();
    for post in old {
        while let Some(new) = fresh.next_if(|new| compare(new, &post, SortKey::Date).is_lt()) {
            merged.push(new);
        }
        merged.push(post);
    }
    merged.extend(fresh);
    merged
}

/// The net effect of a batch: the paths removed, and the last upsert of each path not removed
/// after it. The posts are moved, never copied: a batch may hold thousands of whole bodies.
fn net_changes(changes: Vec<Change>) -> (std::collections::HashSet<PathBuf>, HashMap<PathBuf, Post>) {
    let mut removes = std::collections::HashSet::new();
    let mut upserts: HashMap<PathBuf, Post> = HashMap::new();
    for change in changes {
        match change {
            Change::Upsert(post) => {
                upserts.insert(post.path.clone(), post);
            }
            Change::Remove(path) => {
                upserts.retain(|p, _| !p.starts_with(&path));
                removes.insert(path);
            }
            Change::Rescan | Change::Written(_) => {}
        }
    }
    (removes, upserts)
}

#[cfg(test)]
mod apply_tests {
    use super::*;

    #[test]
    fn sorting_gives_the_order_of_compare_for_every_key() {
        // Same days at other offsets and times, equal titles in other cases, no dates, no words.
        let dates = ["2024-01-01", "2024-01-01T10:00:00+02:00", "2024-01-01T08:00:00Z", "2023-12-31T23:30:00-01:00", "", "2024-01-01"];
        let titles = ["b", "B", "a", "A", "é", "b"];
        let mut posts = Vec::new();
        for (i, (date, title)) in dates.iter().zip(titles).enumerate() {
            let date = if date.is_empty() { String::new() } else { format!("date: {date}\n") };
            let text = format!("---\ntitle: {title}\n{date}---\n{}\n", "word ".repeat(i * 100));
            let stamp = post::FileStamp { modified: None, len: text.len() as u64, hash: 0 };
            posts.push(Arc::new(post::parse(PathBuf::from(format!("/b/{}.md", 5 - i)), text.as_bytes(), stamp)));
        }
        for key in [SortKey::Date, SortKey::Title, SortKey::Modified, SortKey::Words, SortKey::Reading] {
            let mut sorted = posts.clone();
            sort_posts(&mut sorted, key);
            let mut wanted = posts.clone();
            wanted.sort_by(|a, b| compare(a, b, key));
            let paths = |list: &[Arc<Post>]| list.iter().map(|p| p.path.clone()).collect::<Vec<_>>();
            assert_eq!(paths(&sorted), paths(&wanted), "{key:?}");
        }
    }

    fn post(path: &str, date: &str, title: &str) -> Post {
        let text = format!("---\ntitle: {title}\ndate: {date}\n---\nBody.\n");
        let stamp = post::FileStamp { modified: None, len: text.len() as u64, hash: post::content_hash(text.as_bytes()) };
        post::parse(PathBuf::from(path), text.as_bytes(), stamp)
    }

    fn titles(library: &Library) -> Vec<&str> {
        library.posts().iter().map(|p| p.title.as_str()).collect()
    }

    fn library() -> Library {
        let posts =
            vec![post("/b/2024/a.md", "2024-01-01", "A"), post("/b/2024/b.md", "2024-02-01", "B"), post("/b/2025/c.md", "2025-01-01", "C")];
        Library::from_posts(PathBuf::from("/b"), posts)
    }

    #[test]
    fn a_batch_adds_updates_and_removes_keeping_date_order() {
        let mut lib = library();
        let changes = [
            Change::Upsert(post("/b/2024/a.md", "2026-01-01", "A moved to 2026")),
            Change::Upsert(post("/b/new.md", "2024-06-01", "New")),
            Change::Remove(PathBuf::from("/b/2025/c.md")),
        ];
        let applied = lib.apply(changes.to_vec());
        assert_eq!(applied, Applied { added: 1, updated: 1, removed: 1, rescan: false });
        assert_eq!(titles(&lib), ["A moved to 2026", "New", "B"]);
        assert_eq!(applied.to_string(), "1 post added, 1 updated, 1 removed");
    }

    #[test]
    fn removing_a_folder_drops_only_the_posts_under_it() {
        let mut lib = library();
        lib.upsert(post("/b/20245/d.md", "2023-01-01", "D beside the folder"));
        let applied = lib.apply(vec![Change::Remove(PathBuf::from("/b/2024"))]);
        assert_eq!(applied.to_string(), "2 posts removed");
        assert_eq!(titles(&lib), ["C", "D beside the folder"]);
    }

    #[test]
    fn a_folder_removed_then_refilled_counts_its_surviving_posts_as_updates() {
        let mut lib = library();
        let changes = [Change::Remove(PathBuf::from("/b/2024")), Change::Upsert(post("/b/2024/a.md", "2024-01-01", "A again"))];
        let applied = lib.apply(changes.to_vec());
        assert_eq!(applied, Applied { added: 0, updated: 1, removed: 1, rescan: false });
        assert_eq!(titles(&lib), ["C", "A again"]);
    }

    #[test]
    fn an_upsert_followed_by_removing_its_folder_is_dropped() {
        let mut lib = library();
        let changes = [Change::Upsert(post("/b/tmp/x.md", "2024-01-01", "X")), Change::Remove(PathBuf::from("/b/tmp"))];
        assert!(lib.apply(changes.to_vec()).is_empty());
        assert_eq!(titles(&lib), ["C", "B", "A"]);
    }

    #[test]
    fn rewriting_the_same_bytes_is_not_counted() {
        let mut lib = library();
        let applied = lib.apply(vec![Change::Upsert(post("/b/2024/b.md", "2024-02-01", "B"))]);
        assert_eq!(applied.to_string(), "no posts changed");
        assert_eq!(titles(&lib), ["C", "B", "A"]);
    }

    #[test]
    fn a_large_batch_ends_in_the_same_order_as_a_fresh_load() {
        let mut lib = library();
        let fresh: Vec<Post> = (0..200)
            .map(|i| {
                post(&format!("/b/gen/{i:03}.md"), &format!("{}-{:02}-{:02}", 2023 + i % 3, i % 12 + 1, i % 28 + 1), &format!("Gen {i}"))
            })
            .collect();
        let changes: Vec<Change> = fresh.iter().cloned().map(Change::Upsert).chain([Change::Remove(PathBuf::from("/b/2025"))]).collect();
        let applied = lib.apply(changes.to_vec());
        assert_eq!(applied, Applied { added: 200, updated: 0, removed: 1, rescan: false });
        let mut expected_posts = fresh;
        expected_posts.extend(library().posts().iter().filter(|p| !p.path.starts_with("/b/2025")).map(|p| Post::clone(p)));
        let expected = Library::from_posts(PathBuf::from("/b"), expected_posts);
        assert_eq!(titles(&lib), titles(&expected));
    }

    #[test]
    fn a_rescan_is_reported_not_performed() {
        let mut lib = library();
        let applied = lib.apply(vec![Change::Rescan]);
        assert!(applied.rescan && !applied.is_empty());
        assert_eq!(applied.to_string(), "the folder needs a full reload");
        assert_eq!(lib.posts().len(), 3);
    }
}
