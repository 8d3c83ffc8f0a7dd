//! Links resolved against a whole library by its generator's rules: which ones lead nowhere.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::ids::Anchors;
use super::{Form, Link, Scan};
use crate::library::{Library, Scans, Walked};
use crate::post::{Post, Status};
use crate::site::{Generator, Site, lexical, url};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// To this post or page (its index in the library).
    Post(usize),
    /// Somewhere that exists (a file, a section, a generated page).
    Fine,
    /// Outside the blog; not fetched.
    External,
    /// Nowhere.
    Broken(Broken),
}

/// Why a link leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// One sentence for the user.
    pub message: String,
    /// The missing thing is a file (an image, a download), not a page: `--no-assets` hides these.
    pub asset: bool,
}

fn broken(message: String) -> Outcome {
    Outcome::Broken(Broken { message, asset: false })
}

fn missing_file(message: String) -> Outcome {
    Outcome::Broken(Broken { message, asset: true })
}

/// Extensions of files a post links to or shows: a missing one is a missing asset, which
/// `--no-assets` hides (any other name is a link to a page, always checked).
const FILE_EXTENSIONS: [&str; 41] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "tif", "tiff", "mp4", "webm", "ogg", "ogv", "mp3", "wav", "m4a",
    "mov", "pdf", "zip", "gz", "tgz", "tar", "xz", "txt", "csv", "json", "xml", "css", "js", "wasm", "woff", "woff2", "ttf", "ppt", "pptx",
    "key", "doc", "docx", "rs",
];

/// A path with `.` and `..` resolved ([`lexical`]), compared and hashed as its bytes: one
/// spelling per path, so that is the same as comparing components, which `Path`'s own `Hash`
/// walks one by one (a tenth of a whole check went there).
#[derive(Debug, PartialEq, Eq, Hash)]
struct PathKey(std::ffi::OsString);

impl PathKey {
    fn of(path: &Path) -> PathKey {
        PathKey(lookup_key(path).into_owned())
    }

    /// [`PathKey::of`] a path that is no longer needed: no copy when it is its own key.
    fn owned(path: PathBuf) -> PathKey {
        match lookup_key(&path) {
            Cow::Borrowed(_) => PathKey(path.into_os_string()),
            Cow::Owned(key) => PathKey(key),
        }
    }
}

// Hashes and compares as the `OsStr` it holds (`OsString` hashes as its `OsStr`), so a key can
// be looked up by a borrowed path.
impl std::borrow::Borrow<OsStr> for PathKey {
    fn borrow(&self) -> &OsStr {
        &self.0
    }
}

/// Searchers for what makes a path other than its lexical form, built once: a check looks up
/// a few paths for every link.
static DOT_PART: std::sync::LazyLock<memchr::memmem::Finder<'static>> = std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"/."));
static DOUBLE_SLASH: std::sync::LazyLock<memchr::memmem::Finder<'static>> = std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"//"));

/// The bytes a path is a [`PathKey`] of: the path itself when it is already in [`lexical`]
/// form (no empty, `.` or `..` part), which nearly every link's target is, else the lexical form.
fn lookup_key(path: &Path) -> Cow<'_, OsStr> {
    let bytes = path.as_os_str().as_encoded_bytes();
    // Conservative: a hidden name (`/.x`) or a leading `.` also takes the slow way, to the same key.
    let plain = cfg!(unix)
        && !bytes.is_empty()
        && !bytes.starts_with(b".")
        && !bytes.ends_with(b"/")
        && DOT_PART.find(bytes).is_none()
        && DOUBLE_SLASH.find(bytes).is_none();
    if plain { Cow::Borrowed(path.as_os_str()) } else { Cow::Owned(lexical(path).into_os_string()) }
}

/// The maps a link is looked up in, a few times per link: keyed by paths and URLs of the blog's
/// own files (no one chooses them to collide), hashed by foldhash rather than by SipHash, which
/// was a tenth of a whole check.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
type FastSet<K> = HashSet<K, foldhash::fast::FixedState>;

/// Everything a link can lead to in one library: each post's URL, the site's files, sections.
#[derive(Debug)]
pub struct Index<'a> {
    site: &'a Site,
    posts: &'a [Arc<Post>],
    /// Posts by their path with `..` resolved, as links' targets are.
    by_path: FastMap<PathKey, usize>,
    by_url: FastMap<String, Vec<usize>>,
    /// URLs that exist without being a post: aliases, sections.
    other_urls: FastSet<String>,
    files: FastSet<PathKey>,
    web_roots: Vec<PathBuf>,
    /// The files under the web roots, as the part of their path below one, `/`-separated:
    /// where a site-absolute link's path is looked up without building a path for each root.
    web_files: FastSet<String>,
    /// Each post's URL, as published (relative links resolve against it).
    urls: Vec<Option<String>>,
    scans: Vec<OnceLock<Scan>>,
    anchors: Vec<OnceLock<Anchors>>,
}

impl<'a> Index<'a> {
    /// Indexes a library: URLs of every post, and the files under the site's folders (read once).
    /// Posts are scanned for links when first asked (the TUI asks about one or two).
    pub fn new(library: &'a Library) -> Index<'a> {
        Index::build(library, false, Scans::new(), None)
    }

    /// An index with every post scanned already, in parallel with the walk over the site's files:
    /// for checking the whole library. A post whose scan is in `known` (a load through the
    /// index gives them, see [`crate::library::Pending::take_scans`]) is not scanned again: its
    /// links are then only those a check resolves (none that leaves the blog). The files and
    /// folders the load met (`walked`, see [`crate::library::Pending::take_walked`]) are not
    /// walked again.
    pub fn scanned(library: &'a Library, known: Scans, walked: Option<Walked>) -> Index<'a> {
        Index::build(library, true, known, walked)
    }

    fn build(library: &'a Library, scan_all: bool, known: Scans, walked: Option<Walked>) -> Index<'a> {
        let site = library.site();
        let posts = library.posts();
        let urls: Vec<Option<String>> = posts.par_iter().map(|p| url::url_of(site, p)).collect();
        let mut by_url: FastMap<String, Vec<usize>> = FastMap::default();
        for (i, u) in urls.iter().enumerate() {
            if let Some(u) = u {
                by_url.entry(url::normalize(site, u)).or_default().push(i);
            }
        }
        let mut other_urls: FastSet<String> = posts.iter().flat_map(|p| url::aliases(p)).map(|a| url::normalize(site, &a)).collect();
        let ((files, dirs), scans) = rayon::join(
            || walk_files(&file_roots(site), walked.filter(|w| w.root == site.content())),
            || match scan_all {
                true => {
                    let mut known = known.into_iter();
                    let known: Vec<Option<Scan>> = posts.iter().map(|_| known.next().flatten()).collect();
                    posts.par_iter().zip(known).map(|(p, scan)| OnceLock::from(scan.unwrap_or_else(|| super::scan(&body_of(p))))).collect()
                }
                false => (0..posts.len()).map(|_| OnceLock::new()).collect::<Vec<_>>(),
            },
        );
        let content = site.content();
        other_urls.extend(dirs.iter().filter_map(|d| d.strip_prefix(content).ok()).map(|rel| section_url(site, rel)));
        let web_roots = site.web_roots();
        let web_files = below_roots(&files, &web_roots);
        Index {
            site,
            posts,
            by_path: posts.iter().enumerate().map(|(i, p)| (PathKey::of(&p.path), i)).collect(),
            by_url,
            other_urls,
            files,
            web_roots,
            web_files,
            urls,
            scans,
            anchors: (0..posts.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The links and headings of a post (read once).
    pub fn scan(&self, i: usize) -> &Scan {
        self.scans[i].get_or_init(|| super::scan(&body_of(&self.posts[i])))
    }

    fn anchors(&self, i: usize) -> &Anchors {
        self.anchors[i].get_or_init(|| {
            let scan = self.scan(i);
            Anchors::new(self.site.generator(), &scan.headings, &scan.html_ids)
        })
    }

    /// Where each link of post `i` leads.
    pub fn links_of(&self, i: usize) -> Vec<(&Link, Outcome)> {
        self.scan(i).links.iter().map(|link| (link, self.resolve(i, link))).collect()
    }

    /// Posts with a link to post `target`, and the first such link of each.
    pub fn backlinks(&self, target: usize) -> Vec<(usize, &Link)> {
        (0..self.posts.len())
            .into_par_iter()
            .filter(|&i| i != target)
            .filter_map(|i| self.scan(i).links.iter().find(|l| self.resolve(i, l) == Outcome::Post(target)).map(|l| (i, l)))
            .collect()
    }

    /// Posts and pages that publish to the same URL: each URL with its posts, in library order.
    pub fn duplicate_urls(&self) -> Vec<(String, Vec<usize>)> {
        let mut dups: Vec<(String, Vec<usize>)> = self
            .by_url
            .iter()
            .map(|(u, posts)| (u.clone(), posts.iter().copied().filter(|&i| self.posts[i].status != Status::Draft).collect::<Vec<_>>()))
            .filter(|(_, posts)| posts.len() > 1)
            .collect();
        dups.sort();
        dups
    }

    /// Where one link of post `from` leads, by the generator's rules.
    pub fn resolve(&self, from: usize, link: &Link) -> Outcome {
        if link.leaves_blog() {
            return Outcome::External;
        }
        let target = link.target.trim();
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let path = path.split('?').next().unwrap_or(path);
        let outcome = match link.form {
            Form::HugoRef => self.hugo_ref(from, path),
            Form::PostUrl => self.post_url(path),
            Form::JekyllLink => self.jekyll_link(path),
            Form::Link | Form::Image if path.is_empty() => Outcome::Post(from),
            Form::Link | Form::Image => match path.strip_prefix("@/") {
                Some(rel) if self.site.generator() == Generator::Zola => self.zola_path(rel),
                _ => self.url_or_file(from, path, link.form == Form::Image),
            },
        };
        match outcome {
            // Anchors the generator makes (`#top`, footnotes) need no heading: not worth a post's anchors.
            Outcome::Post(i)
                if !fragment.is_empty() && !super::ids::is_generated(&percent_decode(fragment)) && !self.anchors(i).has(fragment) =>
            {
                let place = if i == from { "this post".to_string() } else { self.shown(i) };
                broken(format!("no heading or anchor `#{fragment}` in {place}"))
            }
            other => other,
        }
    }

    fn shown(&self, i: usize) -> String {
        crate::library::display_path(self.site.root(), &self.posts[i].path)
    }

    /// A post or an existing file at exactly this path.
    fn at_path(&self, path: &Path) -> Option<Outcome> {
        let key = lookup_key(path);
        if let Some(&i) = self.by_path.get::<OsStr>(&key) {
            return Some(Outcome::Post(i));
        }
        self.files.contains::<OsStr>(&key).then_some(Outcome::Fine)
    }

    /// Whether a file (not a post) is at this path.
    fn is_file(&self, path: &Path) -> bool {
        self.files.contains::<OsStr>(&lookup_key(path))
    }

    fn hugo_ref(&self, from: usize, path: &str) -> Outcome {
        if path.is_empty() {
            return Outcome::Post(from);
        }
        let content = self.site.content();
        let beside = self.posts[from].path.parent().unwrap_or(content);
        let bases: [Option<(&Path, &str)>; 2] = match path.strip_prefix('/') {
            Some(abs) => [Some((content, abs)), None],
            None => [Some((beside, path)), Some((content, path))],
        };
        let found = bases.into_iter().flatten().find_map(|(dir, rel)| {
            let b = join(dir, rel);
            self.at_path(&b)
                .or_else(|| self.at_path(&b.with_extension("md")))
                .or_else(|| self.at_path(&join(&b, "index.md")))
                .or_else(|| self.at_path(&join(&b, "_index.md")))
        });
        // Hugo also finds a page by its file name alone, when only one page has it.
        let by_name = || {
            let name = Path::new(path).file_name()?;
            let mut matches =
                self.posts.iter().enumerate().filter(|(_, p)| p.path.file_name() == Some(name) || p.path.file_stem() == Some(name));
            let (i, _) = matches.next()?;
            matches.next().is_none().then_some(Outcome::Post(i))
        };
        found
            .or_else(by_name)
            .unwrap_or_else(|| broken(format!("ref `{path}`: no such page (Hugo looks beside the post, then in content/)")))
    }

    fn post_url(&self, name: &str) -> Outcome {
        let name = name.trim_matches('/');
        let found = self.posts.iter().position(|p| {
            let Some(at) = p.path.components().position(|c| c.as_os_str() == "_posts") else { return false };
            let after: PathBuf = p.path.components().skip(at + 1).collect();
            crate::site::slash_path(&after.with_extension("")) == name
        });
        found.map_or_else(|| broken(format!("post_url `{name}`: no post of that name in _posts/")), Outcome::Post)
    }

    fn jekyll_link(&self, path: &str) -> Outcome {
        let path = path.trim_start_matches('/');
        self.at_path(&self.site.root().join(path)).unwrap_or_else(|| broken(format!("link `{path}`: no such file in the site")))
    }

    fn zola_path(&self, rel: &str) -> Outcome {
        self.at_path(&self.site.content().join(&*percent_decode(rel)))
            .unwrap_or_else(|| broken(format!("`@/{rel}`: no such file in content/")))
    }

    fn url_or_file(&self, from: usize, path: &str, image: bool) -> Outcome {
        let decoded = percent_decode(path);
        let post = &self.posts[from];
        if path.starts_with('/') {
            return self.site_absolute(&decoded, image);
        }
        let beside = post.path.parent().unwrap_or(Path::new(""));
        if let Some(found) = self.at_path(&join(beside, &decoded)) {
            return found;
        }
        let is_markdown = extension(&decoded).is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        if !is_markdown && let Some(page) = &self.urls[from] {
            // Relative to the page's URL, as a browser resolves it.
            let base = if page.ends_with('/') { page.clone() } else { page.rsplit_once('/').map_or("/".into(), |(d, _)| format!("{d}/")) };
            let joined = lexical(&Path::new(&base).join(&*decoded));
            let absolute = crate::site::slash_path(&joined);
            if let outcome @ (Outcome::Post(_) | Outcome::Fine) = self.site_absolute(&format!("/{absolute}"), image) {
                return outcome;
            }
        }
        let shown = crate::library::display_path(&lexical(self.site.root()), &lexical(&join(beside, &decoded)));
        if is_markdown || !looks_like_file(self.site, &decoded, image) {
            broken(format!("broken link `{path}`: no file or page {shown}"))
        } else {
            missing_file(format!("missing file `{path}`: {shown} does not exist"))
        }
    }

    fn site_absolute(&self, path: &str, image: bool) -> Outcome {
        let site = self.site;
        if site.generator() == Generator::Plain {
            // No permalink rules to follow: only a file at that path can be checked.
            let rel = path.trim_start_matches('/');
            let root = site.root();
            return [root.join(rel), root.join(rel).with_extension("md"), root.join(rel).join("index.md")]
                .iter()
                .find_map(|c| self.at_path(c))
                .unwrap_or(Outcome::Fine);
        }
        let key = url::normalized(site, path);
        if let Some(posts) = self.by_url.get(&*key) {
            return Outcome::Post(posts[0]);
        }
        if key.is_empty() || self.other_urls.contains(&*key) || self.generated(&key) {
            return Outcome::Fine;
        }
        let rel = strip_base(site, path).trim_start_matches('/');
        if self.in_web_roots(rel) || self.bundle_resource(rel) {
            return Outcome::Fine;
        }
        if looks_like_file(site, rel, image) {
            missing_file(format!("missing file `{path}`: not in the site's static files or page bundles"))
        } else {
            broken(format!("broken link `{path}`: no post or page publishes that URL"))
        }
    }

    /// Whether a file at `rel` below a web root, or its `index.html`, or it with `.html` for
    /// its extension, exists: what a web server would serve for that path.
    fn in_web_roots(&self, rel: &str) -> bool {
        let name = rel.trim_end_matches('/');
        if name.is_empty() || !name.split('/').all(|part| !part.is_empty() && part != "." && part != "..") {
            // Parts to resolve first: by the paths themselves.
            return self.in_web_roots_by_paths(rel);
        }
        let last = name.rsplit('/').next().unwrap_or(name);
        // As `Path::with_extension`: a dot that starts the name is no extension's.
        let stem = match last.rfind('.') {
            Some(dot) if dot > 0 => &name[..name.len() - last.len() + dot],
            _ => name,
        };
        if self.web_files.contains(name) {
            return true;
        }
        let mut key = String::with_capacity(name.len() + "/index.html".len());
        key.push_str(name);
        key.push_str("/index.html");
        if self.web_files.contains(&key) {
            return true;
        }
        key.truncate(stem.len());
        key.push_str(".html");
        self.web_files.contains(&key)
    }

    /// [`Index::in_web_roots`], by joining `rel` to each root and looking the paths up.
    fn in_web_roots_by_paths(&self, rel: &str) -> bool {
        self.web_roots.iter().any(|root| {
            let file = root.join(rel);
            self.is_file(&file) || self.is_file(&file.join("index.html")) || self.is_file(&file.with_extension("html"))
        })
    }

    /// A page's own file (a Hugo bundle resource, a Zola colocated asset), published beside it.
    fn bundle_resource(&self, rel: &str) -> bool {
        let Some((dir, name)) = rel.trim_end_matches('/').rsplit_once('/') else { return false };
        let Some(posts) = self.by_url.get(&*url::normalized(self.site, dir)) else { return false };
        posts.iter().any(|&i| self.posts[i].path.parent().is_some_and(|d| self.is_file(&join(d, name))))
    }

    /// Pages the generator makes without a file: taxonomy lists, feeds, pagination.
    fn generated(&self, key: &str) -> bool {
        let settings = self.site.settings();
        let first = key.split('/').next().unwrap_or("");
        let last = key.rsplit('/').next().unwrap_or("");
        let paginated = key.split('/').zip(key.split('/').skip(1)).any(|(a, b)| a == "page" && b.bytes().all(|b| b.is_ascii_digit()));
        settings.taxonomies.iter().any(|t| t.eq_ignore_ascii_case(first))
            || settings.feeds.iter().any(|f| f.eq_ignore_ascii_case(last))
            || paginated
    }
}

/// The body of a post to scan: the one it holds, else its file's as it is now (the TUI holds
/// no bodies; an index is built on a worker thread, never the UI's). A file that cannot be read
/// again has no links to check.
fn body_of(post: &Post) -> Cow<'_, str> {
    match &post.body {
        Some(body) => Cow::Borrowed(body),
        None => Cow::Owned(crate::post::read_body(&post.path).map(|b| b.text).unwrap_or_default()),
    }
}

/// `dir.join(rel)`, built in one allocation: a check joins a path or more for every link, and
/// `Path::join` costs several times the copy. Gives the same path as `Path::join`.
fn join(dir: &Path, rel: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        let bytes = dir.as_os_str().as_bytes();
        if !bytes.is_empty() && !rel.starts_with('/') {
            let mut joined = Vec::with_capacity(bytes.len() + 1 + rel.len());
            joined.extend_from_slice(bytes);
            if !bytes.ends_with(b"/") {
                joined.push(b'/');
            }
            joined.extend_from_slice(rel.as_bytes());
            return PathBuf::from(std::ffi::OsString::from_vec(joined));
        }
    }
    dir.join(rel)
}

/// The extension of a path's last part, as written (compare it ignoring ASCII case).
fn extension(path: &str) -> Option<&str> {
    let name = path.trim_end_matches('/').rsplit('/').next()?;
    name.rsplit_once('.').map(|(_, e)| e).filter(|e| !e.is_empty())
}

/// An image, or a name with a file's extension: a missing file rather than a missing page.
/// `.html` is a page in Jekyll and a colocated file in Hugo and Zola (whose pages are folders).
fn looks_like_file(site: &Site, path: &str, image: bool) -> bool {
    let file_html = matches!(site.generator(), Generator::Hugo | Generator::Zola);
    image
        || (!path.ends_with('/')
            && extension(path).is_some_and(|e| {
                FILE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e))
                    || (file_html && (e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")))
            }))
}

fn strip_base<'p>(site: &Site, path: &'p str) -> &'p str {
    let base = &site.settings().base_path;
    if !base.is_empty() && path.starts_with(base.as_str()) { &path[base.len()..] } else { path }
}

/// `%20` and friends decoded; anything malformed kept as written.
pub fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// The URL of a folder under `content/` (a section).
fn section_url(site: &Site, rel: &Path) -> String {
    let zola = site.generator() == Generator::Zola;
    // `/a/b/`, built in one string (a site has a folder per bundled post: thousands of them).
    let mut url = String::with_capacity(rel.as_os_str().len() + 2);
    url.push('/');
    for part in rel.components() {
        let part = part.as_os_str().to_string_lossy();
        if zola {
            url.push_str(&url::slugify(&part))
        } else {
            url.push_str(&part)
        }
        url.push('/');
    }
    url::normalize(site, &url)
}

/// The files below each of `roots`, as the `/`-separated part of their key under it.
fn below_roots(files: &FastSet<PathKey>, roots: &[PathBuf]) -> FastSet<String> {
    let prefixes: Vec<Vec<u8>> = roots
        .iter()
        .map(|root| {
            let mut prefix = lexical(root).into_os_string().into_encoded_bytes();
            if !prefix.ends_with(b"/") {
                prefix.push(b'/');
            }
            prefix
        })
        .collect();
    let mut below = FastSet::default();
    for file in files {
        let bytes = file.0.as_encoded_bytes();
        for prefix in &prefixes {
            if let Some(rest) = bytes.strip_prefix(prefix.as_slice())
                && let Ok(rest) = std::str::from_utf8(rest)
            {
                below.insert(rest.to_string());
            }
        }
    }
    below
}

/// Folders whose files a link may point at.
fn file_roots(site: &Site) -> Vec<PathBuf> {
    let root = site.root();
    let mut roots = vec![site.content().to_path_buf()];
    match site.generator() {
        Generator::Hugo | Generator::Zola => {
            roots.extend(site.web_roots());
            roots.push(root.join("assets"));
        }
        Generator::Jekyll | Generator::Plain => {}
    }
    roots.sort();
    roots.dedup();
    roots
}

/// Every file and folder under the roots, by the walk rules of the library; each root walked on
/// all cores (a site holds a folder per post bundle: its walk was a sixth of a whole check),
/// except the one `walked` already holds.
fn walk_files(roots: &[PathBuf], walked: Option<Walked>) -> (FastSet<PathKey>, HashSet<PathBuf>) {
    let (mut files, mut dirs) = (FastSet::default(), HashSet::new());
    let mut done = None;
    if let Some(walked) = walked {
        files.reserve(walked.files.len());
        files.extend(walked.files.into_iter().map(PathKey::owned));
        dirs.extend(walked.dirs);
        done = Some(walked.root);
    }
    for root in roots.iter().filter(|r| Some(*r) != done.as_ref() && r.is_dir()) {
        let mut walk = crate::library::walk_rules(root);
        walk.filter_entry(|e| !(e.depth() > 0 && e.file_name().to_str().is_some_and(|n| crate::library::SKIPPED_DIRS.contains(&n))));
        let (sender, receiver) = std::sync::mpsc::channel();
        walk.build_parallel().run(|| {
            let sender = sender.clone();
            Box::new(move |entry| {
                let Ok(entry) = entry else { return ignore::WalkState::Continue };
                let found = match entry.file_type().is_some_and(|t| t.is_dir()) {
                    true => Err(entry.into_path()),
                    false => Ok(PathKey::owned(entry.into_path())),
                };
                if sender.send(found).is_err() { ignore::WalkState::Quit } else { ignore::WalkState::Continue }
            })
        });
        drop(sender);
        for found in receiver {
            match found {
                Ok(file) => files.insert(file),
                Err(dir) => dirs.insert(dir),
            };
        }
    }
    (files, dirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_have_a_scheme_or_a_host() {
        for t in ["https://x.org", "mailto:a@b.c", "//cdn.x/y.js", "tel:+33", "javascript:void(0)"] {
            assert!(super::super::is_external(t), "{t}");
        }
        for t in ["a.md", "/x/", "training@morlhon.net", "../a:b/c", "#x"] {
            assert!(!super::super::is_external(t), "{t}");
        }
    }

    #[test]
    fn a_web_root_lookup_finds_what_joining_the_paths_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("hugo.toml"), "baseURL = 'https://x.org/'\n").unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/p.md"), "---\ntitle: P\ndate: 2024-01-01\n---\n").unwrap();
        for file in ["a.html", "dir/index.html", "img.png", "x.tar.html", ".hidden.html", "b.", "docs/v1.2/index.html", "é.html"] {
            let path = root.join("static").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::create_dir_all(root.join("themes/t/static/css")).unwrap();
        std::fs::write(root.join("themes/t/static/css/site.css"), "x").unwrap();
        let library = Library::open(root).unwrap();
        let index = Index::new(&library);
        for rel in [
            "a",
            "a/",
            "a.html",
            "a.htm",
            "dir",
            "dir/",
            "dir/index.html",
            "img.png",
            "img",
            "img.jpg",
            "x.tar.gz",
            "x.tar",
            ".hidden",
            ".hidden.html",
            "b",
            "b.",
            "docs/v1.2",
            "docs/v1.2/",
            "docs/v1",
            "é",
            "css/site.css",
            "css/site",
            "nope",
            "dir/../a",
            "./a",
            "dir//index.html",
            "",
            "..",
            "dir/.",
            "a//",
        ] {
            assert_eq!(index.in_web_roots(rel), index.in_web_roots_by_paths(rel), "{rel:?}");
        }
        assert!(index.in_web_roots("a") && index.in_web_roots("dir/") && index.in_web_roots("css/site.css"));
    }

    #[test]
    fn posts_held_without_bodies_are_scanned_from_their_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\nSee [b](b.md#part) and [gone](nope.md).\n").unwrap();
        std::fs::write(root.join("b.md"), "---\ntitle: B\ndate: 2024-01-02\n---\n## Part\n").unwrap();
        let cache = tempfile::tempdir().unwrap();
        // As the TUI holds its posts: measured, without their bodies.
        let (library, _) = Library::open_indexed_at(root, crate::post::Read::Measured, Ok(cache.path().join("index.sqlite"))).unwrap();
        assert!(library.posts().iter().all(|p| p.body.is_none()));
        let at = |title: &str| library.posts().iter().position(|p| p.title == title).unwrap();
        let index = Index::new(&library);
        let outcomes: Vec<Outcome> = index.links_of(at("A")).into_iter().map(|(_, o)| o).collect();
        assert_eq!(outcomes[0], Outcome::Post(at("B")), "the link and its anchor are found");
        assert!(matches!(outcomes[1], Outcome::Broken(_)));
        assert_eq!(index.backlinks(at("B")).len(), 1);
        let findings = crate::report::findings(&library, crate::report::Checks::default());
        assert!(findings.iter().any(|f| f.message.contains("nope.md")), "{findings:?}");
    }

    #[test]
    fn joining_gives_what_path_join_gives() {
        for dir in ["/s/a", "/s/a/", "a", "", "/", "a/./b"] {
            for rel in ["x.md", "../x", "", "/abs", "a//b", "./x"] {
                assert_eq!(join(Path::new(dir), rel), Path::new(dir).join(rel), "{dir:?} {rel:?}");
            }
        }
    }

    #[test]
    fn a_lookup_key_is_the_lexical_path_whichever_way_it_is_found() {
        for p in ["/s/a/b.md", "/s/a/../b.md", "/s/./a", "/s//a", "/s/a/", "./a", "../a", "a/.hidden/b", "/", "a", "/s/a/.."] {
            assert_eq!(&*lookup_key(Path::new(p)), lexical(Path::new(p)).as_os_str(), "{p}");
        }
    }

    #[test]
    fn percent_escapes_decode_and_bad_ones_stay() {
        assert_eq!(percent_decode("a%20b%C3%A9"), "a bé");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
