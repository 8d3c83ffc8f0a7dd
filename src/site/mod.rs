//! The site a blog folder is: which generator builds it (read from its own config) and, by that
//! generator's rules, which Markdown files are posts, which are pages and which are not content.

pub mod config;
pub mod url;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::post::{Format, Kind, Post, Problem, Status, Value};

pub use config::Settings;

/// The static site generator that builds a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    /// `_config.yml`: posts in `_posts/`.
    Jekyll,
    /// `hugo.toml`, `config.toml` and friends, or `config/_default/`: content in `content/`.
    Hugo,
    /// `config.toml` with `base_url`: content in `content/`.
    Zola,
    /// No generator config: every Markdown file is a post.
    #[default]
    Plain,
}

/// Which kinds of content a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum KindFilter {
    /// Posts only (the default).
    #[default]
    #[value(name = "post")]
    Posts,
    /// Posts and pages.
    #[value(name = "all")]
    All,
    /// Pages only.
    #[value(name = "page")]
    Pages,
}

impl KindFilter {
    /// Whether content of this kind is shown.
    pub fn admits(self, kind: Kind) -> bool {
        match self {
            KindFilter::Posts => kind == Kind::Post,
            KindFilter::All => true,
            KindFilter::Pages => kind == Kind::Page,
        }
    }

    /// The next filter, for the key that cycles them.
    pub fn next(self) -> Self {
        match self {
            KindFilter::Posts => KindFilter::All,
            KindFilter::All => KindFilter::Pages,
            KindFilter::Pages => KindFilter::Posts,
        }
    }

    /// What the list shows, in words.
    pub fn label(self) -> &'static str {
        match self {
            KindFilter::Posts => "posts",
            KindFilter::All => "posts and pages",
            KindFilter::Pages => "pages",
        }
    }
}

/// Hugo's config file names, in the order Hugo looks for them.
const HUGO_CONFIGS: [&str; 6] = ["hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json"];
/// Jekyll's config file names.
const JEKYLL_CONFIGS: [&str; 3] = ["_config.yml", "_config.yaml", "_config.toml"];
/// Markdown names of a bundle's or a colocated page's own file.
const INDEX_NAMES: [&str; 2] = ["index.md", "index.markdown"];

/// One blog folder as its generator sees it.
#[derive(Debug, Clone, Default)]
pub struct Site {
    root: PathBuf,
    generator: Generator,
    content: PathBuf,
    settings: Settings,
    problems: Vec<(PathBuf, Problem)>,
    /// Folder (relative to the content folder) -> whether it is a page bundle (holds an
    /// `index.md`); asked once per folder.
    bundles: Arc<Mutex<HashMap<std::ffi::OsString, bool>>>,
}

impl Site {
    /// Reads the site at `root`: its generator and that generator's config. Never fails: a config
    /// that cannot be read is a problem of the site, and its defaults apply.
    pub fn open(root: &Path) -> Site {
        let mut site = Site { root: root.to_path_buf(), content: root.to_path_buf(), ..Site::default() };
        let found = |names: &[&str]| names.iter().map(|n| root.join(n)).find(|p| p.is_file());
        let fields = if let Some(path) = found(&JEKYLL_CONFIGS) {
            site.generator = Generator::Jekyll;
            site.read(&path).map(|f| config::jekyll(&f))
        } else if let Some(path) = found(&["config.toml"]).filter(|p| is_zola(p)) {
            site.generator = Generator::Zola;
            site.read(&path).map(|f| config::zola(&f))
        } else if let Some(path) = found(&HUGO_CONFIGS) {
            site.generator = Generator::Hugo;
            site.read(&path).map(|f| config::hugo(&f))
        } else if root.join("config/_default").is_dir() {
            site.generator = Generator::Hugo;
            match config::hugo_config_dir(&root.join("config/_default")) {
                Ok(fields) => Some(config::hugo(&fields)),
                Err(problem) => {
                    site.problems.push(problem);
                    None
                }
            }
        } else {
            None
        };
        if let Some(settings) = fields {
            site.settings = settings;
        } else if site.generator == Generator::Hugo {
            site.settings = config::hugo(&[]);
        }
        if matches!(site.generator, Generator::Hugo | Generator::Zola) {
            site.content = root.join(site.settings.content_dir.as_deref().unwrap_or("content"));
        }
        site
    }

    fn read(&mut self, path: &Path) -> Option<Vec<(String, Value)>> {
        config::read(path).map_err(|p| self.problems.push((path.to_path_buf(), p))).ok()
    }

    /// The blog folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Which generator builds it.
    pub fn generator(&self) -> Generator {
        self.generator
    }

    /// Folders the generator publishes as they are at the site's root: Hugo's and Zola's
    /// `static/`, then each theme's (in name order); Jekyll's and a plain folder's root itself.
    pub fn web_roots(&self) -> Vec<PathBuf> {
        let root = self.root();
        match self.generator() {
            Generator::Hugo | Generator::Zola => {
                let mut themes: Vec<PathBuf> = std::fs::read_dir(root.join("themes"))
                    .map(|themes| themes.filter_map(Result::ok).map(|t| t.path().join("static")).collect())
                    .unwrap_or_default();
                themes.sort();
                std::iter::once(root.join("static")).chain(themes).collect()
            }
            Generator::Jekyll | Generator::Plain => vec![root.to_path_buf()],
        }
    }

    /// Where content lives: `content/` for Hugo and Zola, the folder itself otherwise.
    pub fn content(&self) -> &Path {
        &self.content
    }

    /// The config settings followed.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What is wrong with the site's own config.
    pub fn problems(&self) -> &[(PathBuf, Problem)] {
        &self.problems
    }

    /// Whether the file at `path` can be content at all, from its path alone (checked before it
    /// is read): not in a folder the generator skips, not a section or a bundle's resource.
    pub fn may_be_content(&self, path: &Path) -> bool {
        let Some(rel) = under(path, &self.content) else { return self.generator == Generator::Plain };
        match self.generator {
            Generator::Plain => true,
            Generator::Jekyll => self.jekyll_may_be_content(rel, &slash_path(rel)),
            Generator::Hugo | Generator::Zola => {
                let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let ignored = || {
                    let rel_text = slash_path(rel);
                    self.settings.ignored.iter().any(|g| config::glob(g, &rel_text))
                };
                name != "_index.md" && (self.settings.ignored.is_empty() || !ignored()) && !self.is_bundle_resource(rel, name)
            }
        }
    }

    fn jekyll_may_be_content(&self, rel: &Path, rel_text: &str) -> bool {
        let settings = &self.settings;
        let listed = |entries: &[String]| {
            entries.iter().any(|e| {
                let e = e.trim_start_matches("./").trim_end_matches('/');
                !e.is_empty() && (rel_text == e || rel_text.starts_with(&format!("{e}/")) || config::glob(e, rel_text))
            })
        };
        if listed(&settings.exclude) && !listed(&settings.include) {
            return false;
        }
        let parts: Vec<&str> = rel.components().filter_map(|c| c.as_os_str().to_str()).collect();
        let Some((name, dirs)) = parts.split_last() else { return false };
        let special = |n: &str| n.starts_with(['.', '_', '#']) || n.ends_with('~');
        let included = |n: &str| settings.include.iter().any(|i| i.trim_end_matches('/') == n);
        let dir_ok = |d: &&str| {
            !special(d) || included(d) || matches!(*d, "_posts" | "_drafts") || d.strip_prefix('_').is_some_and(|c| self.is_collection(c))
        };
        dirs.iter().all(dir_ok) && (!special(name) || included(name))
    }

    fn is_collection(&self, name: &str) -> bool {
        self.settings.collections.iter().any(|c| c == name)
    }

    /// A Markdown file in a folder (or under one) whose `index.md` makes it a page bundle: the
    /// file is one of the page's resources, not a page of its own (Hugo leaf bundles, Zola
    /// colocated assets).
    fn is_bundle_resource(&self, rel: &Path, name: &str) -> bool {
        // The folders between the file and the content folder, as paths relative to it: looked
        // up by their bytes, and copied only the first time (this runs for every file loaded).
        let Some(parent) = rel.parent() else { return false };
        let own_index = INDEX_NAMES.contains(&name);
        let mut cache = self.bundles.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut is_bundle = |dir: &Path| match cache.get(dir.as_os_str()) {
            Some(&known) => known,
            None => {
                let full = self.content.join(dir);
                let known = INDEX_NAMES.iter().any(|n| full.join(n).is_file());
                cache.insert(dir.as_os_str().to_os_string(), known);
                known
            }
        };
        let bytes = parent.as_os_str().as_encoded_bytes();
        if cfg!(unix) && (bytes.is_empty() || plain_parts(bytes)) {
            // Each ancestor is a prefix of the parent's bytes, up to a `/`: no `Components` walk.
            let mut end = bytes.len();
            let mut depth = 0;
            while end > 0 {
                let dir = Path::new(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&bytes[..end]));
                if !(depth == 0 && own_index) && is_bundle(dir) {
                    return true;
                }
                end = bytes[..end].iter().rposition(|&b| b == b'/').unwrap_or(0);
                depth += 1;
            }
            return false;
        }
        for (depth, dir) in parent.ancestors().take_while(|d| !d.as_os_str().is_empty()).enumerate() {
            if !(depth == 0 && own_index) && is_bundle(dir) {
                return true;
            }
        }
        false
    }

    /// Reads the file at `path` if it can be content, and takes it in ([`Site::admit`]).
    pub fn load(&self, path: &Path) -> Option<Post> {
        self.load_with(path, crate::post::Read::Whole)
    }

    /// [`Site::load`], reading of the file only what `read` says.
    pub fn load_with(&self, path: &Path, read: crate::post::Read) -> Option<Post> {
        if self.may_be_content(path) { self.take_in(crate::post::load_with(path, read)) } else { None }
    }

    /// Takes a read file into the site: says whether it is a post or a page and adds what a post
    /// lacks to its problems, or returns `None` when the generator does not publish it as content
    /// (a Jekyll file without front matter, a Hugo headless bundle or `build.list: never`).
    pub fn admit(&self, post: Post) -> Option<Post> {
        if !self.may_be_content(&post.path) {
            return None;
        }
        self.take_in(post)
    }

    /// [`Site::admit`] of a post whose path [`Site::may_be_content`] already let through (a
    /// load asks before it reads the file: asking again would cost a tenth of a warm listing).
    pub fn take_in(&self, mut post: Post) -> Option<Post> {
        let rel = under(&post.path, &self.content).unwrap_or(&post.path);
        let kind = match self.generator {
            Generator::Plain => Kind::Post,
            Generator::Jekyll => self.jekyll_kind(&post, rel)?,
            Generator::Hugo => self.hugo_kind(&post, rel)?,
            Generator::Zola => dated_kind(&post),
        };
        post.kind = kind;
        if kind == Kind::Post && post.problems.is_empty() {
            let missing = self.missing(&post, rel);
            post.problems.extend(missing);
        }
        Some(post)
    }

    fn jekyll_kind(&self, post: &Post, rel: &Path) -> Option<Kind> {
        if in_folder(rel, "_posts") || in_folder(rel, "_drafts") {
            return Some(Kind::Post);
        }
        // Without front matter Jekyll copies the file as it is: a static file, not a page. A
        // broken opening fence is a problem to report, not a reason to look away.
        (post.format != Format::None || post.has_problems()).then_some(Kind::Page)
    }

    fn hugo_kind(&self, post: &Post, rel: &Path) -> Option<Kind> {
        let headless = post.field("headless").as_ref().and_then(Value::as_bool) == Some(true);
        let build = post.field("build").or_else(|| post.field("_build"));
        let never_listed = build
            .as_ref()
            .and_then(|b| b.get("list"))
            .is_some_and(|l| l.as_bool() == Some(false) || l.as_text().as_deref() == Some("never"));
        if headless || never_listed {
            return None;
        }
        match &self.settings.main_sections {
            Some(sections) => {
                let section = first_dir(rel);
                Some(if section.is_some_and(|s| sections.iter().any(|m| m.eq_ignore_ascii_case(s))) { Kind::Post } else { Kind::Page })
            }
            None => Some(if post.date.is_some() || publish_date(post) { Kind::Post } else { Kind::Page }),
        }
    }

    /// What a post needs that it lacks: its own title, and a date.
    fn missing(&self, post: &Post, rel: &Path) -> Vec<Problem> {
        let mut missing = Vec::new();
        let titled = post.fields().iter().any(|(k, v)| k.eq_ignore_ascii_case("title") && *v != Value::Null);
        if post.format != Format::None && !titled {
            missing.push(Problem::file("no title in the front matter"));
        }
        // Drafts in `_drafts/` are undated by design: Jekyll dates them when they are published.
        let undated_draft = post.status == Status::Draft && in_folder(rel, "_drafts");
        if self.generator == Generator::Jekyll
            && in_folder(rel, "_posts")
            && crate::post::dates::from_path(Path::new(rel.file_name().unwrap_or_default())).is_none()
        {
            missing.push(Problem::file("not named YYYY-MM-DD-title: Jekyll skips posts without a date in the file name"));
        } else if post.date.is_none() && !undated_draft {
            missing.push(Problem::file("no date (front matter, file name or folder)"));
        }
        missing
    }
}

/// Zola's (and Hugo's by default) rule: a page with a date is a post, one without is a page.
fn dated_kind(post: &Post) -> Kind {
    if post.date.is_some() { Kind::Post } else { Kind::Page }
}

/// Hugo also dates a page by `publishDate`.
fn publish_date(post: &Post) -> bool {
    ["publishDate", "pubdate"].iter().any(|k| {
        post.fields()
            .iter()
            .any(|(key, v)| key.eq_ignore_ascii_case(k) && v.as_text().is_some_and(|t| crate::post::dates::parse(&t).is_some()))
    })
}

/// Whether Zola's `config.toml` is this one: Zola's has `base_url`, Hugo's `baseURL`.
fn is_zola(config: &Path) -> bool {
    std::fs::read_to_string(config).is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("base_url")))
}

/// Whether a folder named `name` is among the path's folders.
fn in_folder(rel: &Path, name: &str) -> bool {
    let mut parts = rel.components().collect::<Vec<_>>();
    parts.pop();
    parts.iter().any(|c| c.as_os_str() == name)
}

/// The first folder of a relative path (a Hugo section).
fn first_dir(rel: &Path) -> Option<&str> {
    let mut parts = rel.components();
    let first = parts.next()?;
    parts.next()?;
    first.as_os_str().to_str()
}

/// `a/b/../c` -> `a/c`, without touching the disk, so that `..` cannot leave the blog unnoticed;
/// a leading `..` (a blog named `../blog`) stays.
pub fn lexical(path: &Path) -> PathBuf {
    if cfg!(unix) {
        // On the bytes, one part at a time: a check resolves every relative link this way, and
        // walking `Components` (twice, to look back) cost as much as the rest of the lookup.
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
        let root = usize::from(bytes.starts_with(b"/"));
        out.extend_from_slice(&bytes[..root]);
        for part in bytes.split(|&b| b == b'/') {
            match part {
                b"" | b"." => {}
                b".." if out.len() > root && !(out.ends_with(b"..") && (out.len() == root + 2 || out[out.len() - 3] == b'/')) => {
                    // Drop the last part and the `/` before it.
                    let last = out[root..].iter().rposition(|&b| b == b'/').map_or(root, |at| root + at);
                    out.truncate(last);
                }
                part => {
                    if out.len() > root {
                        out.push(b'/');
                    }
                    out.extend_from_slice(part);
                }
            }
        }
        return PathBuf::from(std::ffi::OsStr::from_bytes(&out));
    }
    lexical_by_components(path)
}

/// [`lexical`] by `Path`'s components, on any OS.
fn lexical_by_components(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A relative path as `a/b/c.md`, whatever the OS.
/// `path` relative to `root`, as [`Path::strip_prefix`] gives it, first tried on the bytes: the
/// walk builds every path by joining onto the root, and comparing component by component costs
/// more than the rest of listing a post from the index.
pub fn under<'a>(path: &'a Path, root: &Path) -> Option<&'a Path> {
    let (bytes, root_bytes) = (path.as_os_str().as_encoded_bytes(), root.as_os_str().as_encoded_bytes());
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(rest) = bytes.strip_prefix(root_bytes)
        && let Some(rest) = rest.strip_prefix(b"/")
        && !root_bytes.is_empty()
        && !root_bytes.ends_with(b"/")
        && !rest.starts_with(b"/")
        && plain_parts(rest)
        && let Ok(rest) = std::str::from_utf8(rest)
    {
        return Some(Path::new(rest));
    }
    path.strip_prefix(root).ok()
}

pub fn slash_path(rel: &Path) -> String {
    // A path the walk built is already in this form on Unix: no copy part by part (this runs
    // for every file of every load).
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(text) = rel.to_str()
        && plain_parts(text.as_bytes())
        && (memchr::memmem::find(text.as_bytes(), b"..").is_none() || !text.split('/').any(|part| part == ".."))
    {
        return text.to_string();
    }
    slash_parts(rel)
}

/// Whether every `/`-separated part of `path` is a name: none empty (no `//`, no `/` at either
/// end, not empty) and none `.`. A byte scan: this runs several times for every file listed.
fn plain_parts(path: &[u8]) -> bool {
    let mut part = 0..0;
    for (at, &b) in path.iter().enumerate() {
        if b == b'/' {
            if part.is_empty() || path[part.clone()] == *b"." {
                return false;
            }
            part = at + 1..at + 1;
        } else {
            part.end = at + 1;
        }
    }
    !part.is_empty() && path[part] != *b"."
}

/// [`slash_path`] part by part, for any path.
fn slash_parts(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests;
