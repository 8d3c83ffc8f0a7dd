//! Every problem of a library, from one place: what `quire check` prints, the TUI's `!` list
//! shows and `list --json` gives each post, so the three always agree.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::library::{Library, Scans};
use crate::links::check::{Index, Outcome};

/// What to check beyond each file's own problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checks {
    /// Resolve internal links, anchors and `ref`s; find duplicate URLs.
    pub links: bool,
    /// Report links to local files that do not exist (images, downloads).
    pub assets: bool,
}

impl Default for Checks {
    fn default() -> Self {
        Checks { links: true, assets: true }
    }
}

/// What a finding is about, for machine-readable output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The site's config file.
    Config,
    /// The file itself: front matter, encoding, size, a missing title or date.
    Post,
    /// A folder or file the walk could not read.
    Unreadable,
    /// A link to a page, post or anchor that does not exist.
    Link,
    /// A link to a local file that does not exist.
    Asset,
    /// Two posts or pages publish to the same URL.
    DuplicateUrl,
}

/// One problem, where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The file.
    #[serde(skip)]
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What kind of problem.
    pub rule: Rule,
    /// One sentence.
    pub message: String,
}

/// Every problem of the library, in path order then position.
pub fn findings(library: &Library, checks: Checks) -> Vec<Finding> {
    findings_with(library, checks, None)
}

/// [`findings`] resolving links through `index`, an index of this library the caller built
/// (`quire check` builds it from the scans its load gave, see [`Index::scanned`]); `None` builds
/// one when `checks` asks for links. Every link is resolved against the library afresh.
pub fn findings_with(library: &Library, checks: Checks, index: Option<&Index>) -> Vec<Finding> {
    let finding =
        |path: &std::path::Path, line, column, rule, message: String| Finding { path: path.to_path_buf(), line, column, rule, message };
    let mut out: Vec<Finding> =
        library.site().problems().iter().map(|(path, p)| finding(path, p.line, None, Rule::Config, p.message.clone())).collect();
    for post in library.posts() {
        out.extend(post.problems.iter().map(|p| finding(&post.path, p.line, None, Rule::Post, p.message.clone())));
    }
    out.extend(library.unreadable().iter().map(|u| finding(&u.path, None, None, Rule::Unreadable, u.reason.clone())));
    if checks.links {
        match index {
            Some(index) => out.extend(link_findings(library, checks, index)),
            None => out.extend(link_findings(library, checks, &Index::scanned(library, Scans::new(), None))),
        }
    }
    sort_findings(&mut out);
    out
}

/// Sorts by path (by its components, as `Path` orders them), then position and rule. `Path`'s
/// own comparison walks components one by one, a tenth of a warm check's time when a blog has
/// thousands of broken links: each distinct path is ranked once instead, through a key compared
/// as bytes ([`component_key`]). The sort is stable (ties keep their order), as before.
fn sort_findings(out: &mut Vec<Finding>) {
    // Keyed by the findings' own paths (foldhash: these are the blog's file names, no one
    // chooses them to collide), so ranking them copies none.
    type Fast = foldhash::fast::FixedState;
    let mut distinct: Vec<(Vec<u8>, &std::ffi::OsStr)> = Vec::new();
    let mut seen = std::collections::HashSet::with_hasher(Fast::default());
    for f in out.iter() {
        if seen.insert(f.path.as_os_str()) {
            distinct.push((component_key(&f.path), f.path.as_os_str()));
        }
    }
    distinct.sort_unstable();
    // Paths spelled apart but equal by their components (`a//b`, `a/b`) share a rank, as ties.
    let mut rank = std::collections::HashMap::with_capacity_and_hasher(distinct.len(), Fast::default());
    let mut at = 0;
    for (i, (key, path)) in distinct.iter().enumerate() {
        if i > 0 && distinct[i - 1].0 != *key {
            at += 1;
        }
        rank.insert(*path, at);
    }
    // Each finding's place last, so equal keys keep their order (a stable sort).
    let keys: Vec<_> = out.iter().enumerate().map(|(i, f)| (rank.get(f.path.as_os_str()).copied(), f.line, f.column, f.rule, i)).collect();
    drop((rank, distinct, seen));
    let mut keyed: Vec<_> = keys.into_iter().zip(std::mem::take(out)).collect();
    keyed.sort_unstable_by_key(|(key, _)| *key);
    out.extend(keyed.into_iter().map(|(_, finding)| finding));
}

/// Bytes that order as `path`'s components do: each component as its kind (in `Component`'s
/// order) then its name, ended by a NUL, which no name holds and which sorts first, so a name
/// that is a prefix of another, or a path that is a prefix of another, comes first.
fn component_key(path: &std::path::Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 16);
    for part in path.components() {
        let (kind, name) = match part {
            Component::Prefix(p) => (1, p.as_os_str()),
            Component::RootDir => (2, std::ffi::OsStr::new("")),
            Component::CurDir => (3, std::ffi::OsStr::new("")),
            Component::ParentDir => (4, std::ffi::OsStr::new("")),
            Component::Normal(n) => (5, n),
        };
        key.push(kind);
        key.extend_from_slice(name.as_encoded_bytes());
        key.push(0);
    }
    key
}

fn link_findings(library: &Library, checks: Checks, index: &Index) -> Vec<Finding> {
    let posts = library.posts();
    let mut out: Vec<Finding> = (0..posts.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let post = &posts[i];
            index
                .links_of(i)
                .into_iter()
                .filter_map(|(link, outcome)| match outcome {
                    Outcome::Broken(b) if checks.assets || !b.asset => Some(Finding {
                        path: post.path.clone(),
                        line: Some(post.body_line + link.line - 1),
                        column: Some(link.column),
                        rule: if b.asset { Rule::Asset } else { Rule::Link },
                        message: b.message,
                    }),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for (url, same) in index.duplicate_urls() {
        for &i in &same {
            let others: Vec<String> =
                same.iter().filter(|&&j| j != i).map(|&j| crate::library::display_path(library.root(), &posts[j].path)).collect();
            out.push(Finding {
                path: posts[i].path.clone(),
                line: None,
                column: None,
                rule: Rule::DuplicateUrl,
                message: format!("publishes to /{url}{}, as {} does too", if url.is_empty() { "" } else { "/" }, others.join(" and ")),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn findings_sort_by_path_components_as_path_orders_them() {
        let paths = ["a/b", "a.b", "a/b/c", "a", "/x", "x", "./x", "../x", "-x", "a//b/./c", "b/a", "a/bb", "a/b.md", "é/x", "Z"];
        for p in paths {
            for q in paths {
                let (p, q) = (Path::new(p), Path::new(q));
                assert_eq!(component_key(p).cmp(&component_key(q)), p.cmp(q), "{p:?} vs {q:?}");
            }
        }
    }
}
