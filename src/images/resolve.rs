//! Where an image a post names lives on disk, the way the site's generator resolves it.
//!
//! Relative paths are looked up beside the post first (Hugo page bundles, Zola colocated assets,
//! any folder of Markdown), then where the browser would look: under the post's published URL.
//! Site-absolute paths (`/images/a.jpg`) go through the folders the generator publishes as they
//! are: Hugo `static/` and `assets/` (and its themes' `static/`), Zola `static/`, Jekyll's and a
//! plain folder's root; Hugo and Zola also publish a bundle's files at the bundle's URL, so
//! `content/` is tried last. Remote URLs are never fetched. Nothing outside the blog's folder is read.

use std::path::{Path, PathBuf};

use crate::post::Post;
use crate::site::{Generator, Site, lexical};

/// What an image's URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file of the blog.
    Local(PathBuf),
    /// An image elsewhere (http, https, a data URL): shown as its URL, never fetched.
    Remote,
    /// No file at any place the site would look; the reason names where it was looked for.
    Missing(String),
}

/// Resolves `url` as written in `post` of `site`.
pub fn resolve(site: &Site, post: &Post, url: &str) -> Source {
    let url = url.trim();
    if is_remote(url) {
        return Source::Remote;
    }
    // The query and fragment are for the browser, not part of the file's name.
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path.is_empty() {
        return Source::Missing("the image has no path".into());
    }
    let decoded = crate::links::check::percent_decode(path);
    let root = lexical(site.root());
    let inside = |candidate: PathBuf| {
        let candidate = lexical(&candidate);
        (candidate.starts_with(&root) && candidate.is_file()).then_some(candidate)
    };
    let found = if decoded.starts_with('/') {
        site_absolute(site, &decoded).into_iter().find_map(inside)
    } else {
        let beside = post.path.parent().unwrap_or(Path::new("")).join(&*decoded);
        let under_url = crate::site::url::url_of(site, post).map(|page| {
            // Relative to the page's URL, as a browser resolves it.
            let dir = if page.ends_with('/') { page } else { page.rsplit_once('/').map_or("/".into(), |(d, _)| format!("{d}/")) };
            format!("{dir}{decoded}")
        });
        std::iter::once(beside).chain(under_url.iter().flat_map(|abs| site_absolute(site, abs))).find_map(inside)
    };
    match found {
        Some(file) => Source::Local(file),
        None => Source::Missing(format!("no file {} in the blog", crate::text::one_line(&decoded))),
    }
}

/// A URL with a scheme (`https:`, `data:`) or a protocol-relative one (`//host/a.png`).
pub fn is_remote(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.split_once(':') {
        // A drive letter (`C:\a.png`) is not a scheme.
        Some((scheme, _)) => scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

/// The files a site-absolute path may be, in the order the generator would publish them.
fn site_absolute(site: &Site, path: &str) -> Vec<PathBuf> {
    let base = &site.settings().base_path;
    let path = if !base.is_empty() && path.starts_with(base.as_str()) { &path[base.len()..] } else { path };
    let rel = path.trim_start_matches('/');
    let mut folders = site.web_roots();
    if site.generator() == Generator::Hugo {
        folders.insert(1, site.root().join("assets"));
    }
    if matches!(site.generator(), Generator::Hugo | Generator::Zola) {
        folders.push(site.content().to_path_buf());
    }
    folders.into_iter().map(|folder| folder.join(rel)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_protocol_relative_urls_are_remote() {
        for url in ["https://x.org/a.png", "http://x/a.png", "//cdn.x/a.png", "data:image/png;base64,AAAA", "ftp://x/a"] {
            assert!(is_remote(url), "{url}");
        }
        for url in ["a.png", "/images/a.png", "./a:b.png", "C:\\a.png", "images/a.png?x=1"] {
            assert!(!is_remote(url), "{url}");
        }
    }
}
