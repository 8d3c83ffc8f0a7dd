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
    let index = checks.links.then(|| Index::scanned(library, Scans::new()));
    findings_with(library, checks, index.as_ref())
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
            None => out.extend(link_findings(library, checks, &Index::scanned(library, Scans::new()))),
        }
    }
    out.sort_by(|a, b| (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule)));
    out
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
