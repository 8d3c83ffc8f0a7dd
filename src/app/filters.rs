//! Which posts the list shows and in what order: chosen tags, drafts, posts or pages, the sort.

use crate::library::SortKey;
use crate::post::{Post, Status};
use crate::site::KindFilter;

/// The list's filters and order, changed by their keys and the tag picker.
#[derive(Debug)]
pub struct Filters {
    tags: Vec<String>,
    tags_any: bool,
    show_drafts: bool,
    kinds: KindFilter,
    sort: SortKey,
}

impl Filters {
    /// No tags chosen, posts only.
    pub(super) fn new(show_drafts: bool, sort: SortKey) -> Filters {
        Filters { tags: Vec::new(), tags_any: false, show_drafts, kinds: KindFilter::Posts, sort }
    }

    /// Whether the post passes: drafts when shown, the kinds chosen, and the chosen tags (any or
    /// all of them, case-insensitively).
    pub fn admits(&self, post: &Post) -> bool {
        if (!self.show_drafts && post.status == Status::Draft) || !self.kinds.admits(post.kind) {
            return false;
        }
        if self.tags.is_empty() {
            return true;
        }
        let has = |tag: &String| post.tags.iter().any(|t| t.eq_ignore_ascii_case(tag));
        if self.tags_any { self.tags.iter().any(has) } else { self.tags.iter().all(has) }
    }

    /// Tags chosen in the tag filter.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Whether any chosen tag is enough (else all are needed).
    pub fn tags_any(&self) -> bool {
        self.tags_any
    }

    /// Whether drafts are listed.
    pub fn show_drafts(&self) -> bool {
        self.show_drafts
    }

    /// Posts, pages or both.
    pub fn kinds(&self) -> KindFilter {
        self.kinds
    }

    /// The list order (ignored while searching: results are ranked).
    pub fn sort(&self) -> SortKey {
        self.sort
    }

    /// Chooses the tag, or drops it when chosen.
    pub(super) fn toggle_tag(&mut self, tag: String) {
        match self.tags.iter().position(|t| *t == tag) {
            Some(i) => drop(self.tags.remove(i)),
            None => self.tags.push(tag),
        }
    }

    /// Switches between "any tag" and "all tags".
    pub(super) fn toggle_tags_any(&mut self) {
        self.tags_any = !self.tags_any;
    }

    /// Drops every chosen tag.
    pub(super) fn clear_tags(&mut self) {
        self.tags.clear();
    }

    /// Shows or hides drafts; answers whether they are shown now.
    pub(super) fn toggle_drafts(&mut self) -> bool {
        self.show_drafts = !self.show_drafts;
        self.show_drafts
    }

    /// The next of posts / posts and pages / pages; answers it.
    pub(super) fn next_kinds(&mut self) -> KindFilter {
        self.kinds = self.kinds.next();
        self.kinds
    }

    /// The next sort order; answers it.
    pub(super) fn next_sort(&mut self) -> SortKey {
        self.sort = self.sort.next();
        self.sort
    }

    /// Drops what could hide a post the user asked for by name: the chosen tags, hidden drafts.
    pub(super) fn reveal(&mut self) {
        self.tags.clear();
        self.show_drafts = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn post(front: &str) -> Post {
        let text = format!("---\n{front}\n---\nbody\n");
        crate::post::parse(PathBuf::from("content/posts/p.md"), text.as_bytes(), crate::post::FileStamp { modified: None, len: 0, hash: 0 })
    }

    #[test]
    fn chosen_tags_need_all_or_any_and_ignore_case() {
        let rust_cli = post("title: A\ntags: [Rust, cli]");
        let rust = post("title: B\ntags: [rust]");
        let mut filters = Filters::new(true, SortKey::Date);
        filters.toggle_tag("rust".into());
        filters.toggle_tag("CLI".into());
        assert!(filters.admits(&rust_cli));
        assert!(!filters.admits(&rust), "all tags are needed");
        filters.toggle_tags_any();
        assert!(filters.admits(&rust), "any tag is enough");
        filters.toggle_tag("rust".into());
        assert_eq!(filters.tags(), ["CLI"]);
        assert!(!filters.admits(&rust));
    }

    #[test]
    fn hidden_drafts_come_back_when_a_post_is_asked_for() {
        let draft = post("title: D\ndraft: true\ntags: [x]");
        let mut filters = Filters::new(false, SortKey::Date);
        filters.toggle_tag("y".into());
        assert!(!filters.admits(&draft));
        filters.reveal();
        assert!(filters.admits(&draft));
        assert!(filters.tags().is_empty() && filters.show_drafts());
    }
}
