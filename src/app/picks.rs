//! The pickers that need the whole site — problems, a post's links, its backlinks — built from a
//! snapshot of the library by a job, off the UI thread: resolving links walks the site's files.

use std::path::PathBuf;

use crate::library::Library;
use crate::links::check::{Index, Outcome};

use super::overlay::{PickItem, PickerKind, Target};

/// What a picker job needs: a snapshot of the library (its posts are shared, not copied), the
/// post it is about and, for its links, the links of its rendering.
#[derive(Debug)]
pub struct PickJob {
    /// Which picker.
    pub kind: PickerKind,
    /// The library as it was when asked.
    pub library: Library,
    /// The selected post, if any.
    pub post: Option<PathBuf>,
    /// The rendered post's links (for [`PickerKind::Links`]).
    pub links: Vec<crate::render::Link>,
    /// Problems: whether missing images and files are listed too.
    pub assets: bool,
}

impl PickJob {
    /// Builds the picker's rows (reads the site's files; run it on a worker).
    pub fn run(&self) -> Vec<PickItem> {
        match self.kind {
            PickerKind::Errors => problem_items(&self.library, self.assets),
            PickerKind::Links | PickerKind::Follow => self.link_items(),
            PickerKind::Backlinks => self.backlink_items(),
            PickerKind::Outline => Vec::new(),
        }
    }

    /// The rendered post's links, each resolved by the site's rules: a post to go to, a URL to
    /// show, or a broken link marked with why.
    fn link_items(&self) -> Vec<PickItem> {
        let library = &self.library;
        let Some(from) = self.post.as_deref().and_then(|p| library.position(p)) else { return Vec::new() };
        let index = Index::new(library);
        self.links
            .iter()
            .map(|link| {
                let probe = crate::links::Link { form: crate::links::Form::Link, target: link.url.clone(), line: 1, column: 1 };
                let (label, detail, target) = match index.resolve(from, &probe) {
                    Outcome::Post(i) => {
                        let to = &library.posts()[i].path;
                        (link.text.clone(), format!("→ {}", crate::library::display_path(library.root(), to)), Target::Post(to.clone()))
                    }
                    Outcome::Broken(broken) => (format!("✗ {}", link.text), broken.message, Target::Url(link.url.clone())),
                    Outcome::Fine | Outcome::External => (link.text.clone(), link.url.clone(), Target::Url(link.url.clone())),
                };
                PickItem { label, detail, indent: 0, target }
            })
            .collect()
    }

    /// The posts that link to the selected one, with where the link is.
    fn backlink_items(&self) -> Vec<PickItem> {
        let library = &self.library;
        let Some(target) = self.post.as_deref().and_then(|p| library.position(p)) else { return Vec::new() };
        let index = Index::new(library);
        let mut items: Vec<(usize, PickItem)> = index
            .backlinks(target)
            .into_iter()
            .map(|(i, link)| {
                let from = &library.posts()[i];
                let at = format!("{}:{}", crate::library::display_path(library.root(), &from.path), from.body_line + link.line - 1);
                (i, PickItem { label: from.title.clone(), detail: at, indent: 0, target: Target::Post(from.path.clone()) })
            })
            .collect();
        items.sort_by_key(|(i, _)| *i);
        items.into_iter().map(|(_, item)| item).collect()
    }
}

/// Every problem `quire check` reports, from the same report, each leading to its post.
fn problem_items(library: &Library, assets: bool) -> Vec<PickItem> {
    crate::report::findings(library, crate::report::Checks { assets, ..crate::report::Checks::default() })
        .into_iter()
        .map(|f| {
            let path = crate::library::display_path(library.root(), &f.path);
            let label = match (f.line, f.column) {
                (Some(line), Some(column)) => format!("{path}:{line}:{column}"),
                (Some(line), None) => format!("{path}:{line}"),
                _ => path,
            };
            let target = if library.position(&f.path).is_some() { Target::Post(f.path) } else { Target::Stay };
            PickItem { label, detail: f.message, indent: 0, target }
        })
        .collect()
}
