//! The list pane's state: the entries shown, which one is selected, and the first one drawn.

use std::path::Path;

use super::{Entry, entry_height};

/// The entries shown, the selection and the scroll offset, kept consistent by their own methods:
/// the selection is always inside the list (or 0 when it is empty).
#[derive(Debug, Default)]
pub struct ListView {
    entries: Vec<Entry>,
    selected: usize,
    offset: usize,
}

impl ListView {
    /// Posts shown, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Index of the selected entry.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The selected entry, if the list has any.
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }

    /// First entry shown in the list pane.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Where the post at `path` is in the list.
    pub(super) fn position(&self, path: &Path) -> Option<usize> {
        self.entries.iter().position(|e| e.post.path == path)
    }

    /// Selects an entry by index, clamped to the list.
    pub(super) fn select(&mut self, index: usize) {
        self.selected = index.min(self.entries.len().saturating_sub(1));
    }

    /// Moves the selection by `delta` entries, clamped.
    pub(super) fn move_by(&mut self, delta: isize) {
        self.select(self.selected.saturating_add_signed(delta));
    }

    /// Shows `entries`, keeping the selection on the same post when it is still there, else at
    /// the same index (clamped).
    pub(super) fn replace(&mut self, entries: Vec<Entry>) {
        let selected_path = self.selected_entry().map(|e| e.post.path.clone());
        let old_index = self.selected;
        self.entries = entries;
        let index = selected_path.and_then(|path| self.position(&path)).unwrap_or(old_index);
        self.select(index);
    }

    /// Empties the list.
    pub(super) fn clear(&mut self) {
        self.entries.clear();
        self.select(self.selected);
    }

    /// Keeps the selection inside the list and moves the offset so the selection is in view of a
    /// pane `rows` high (none when 0), without empty rows under the last entry while entries hide
    /// above.
    pub(super) fn scroll_into_view(&mut self, rows: usize) {
        // The list can shrink under the selection (a filter, a folder that vanished).
        self.select(self.selected);
        self.offset = self.offset.min(self.selected);
        if rows == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else {
            // Rows used by entries from the offset to the selection (body hits take two).
            while self.offset < self.selected && self.rows_between(self.offset, self.selected) > rows {
                self.offset += 1;
            }
        }
        // No empty rows under the last entry while entries hide above (a search that narrowed
        // the list must not leave it scrolled past its results).
        let last = self.entries.len().saturating_sub(1);
        while self.offset > 0 && self.rows_between(self.offset - 1, last) <= rows {
            self.offset -= 1;
        }
    }

    /// The wheel: moves the view by `step` entries within a pane `rows` high, the selection only
    /// when it would leave the view; answers whether anything could move (a list and a pane).
    pub(super) fn scroll_by(&mut self, step: isize, rows: usize) -> bool {
        if self.entries.is_empty() || rows == 0 {
            return false;
        }
        // The furthest offset that still fills the pane.
        let mut max_offset = self.entries.len();
        let mut used = 0;
        while max_offset > 0 && used + entry_height(&self.entries[max_offset - 1]) <= rows {
            max_offset -= 1;
            used += entry_height(&self.entries[max_offset]);
        }
        self.offset = self.offset.saturating_add_signed(step).min(max_offset);
        let last_shown = self.last_shown(self.offset, rows);
        self.selected = self.selected.clamp(self.offset, last_shown);
        true
    }

    /// The last entry wholly shown when the list starts at `offset`.
    fn last_shown(&self, offset: usize, rows: usize) -> usize {
        let mut used = 0;
        let mut last = offset;
        for (i, entry) in self.entries.iter().enumerate().skip(offset) {
            used += entry_height(entry);
            if used > rows {
                break;
            }
            last = i;
        }
        last
    }

    /// The entry drawn at row `row` of the list pane's inside, if any.
    pub(super) fn entry_at_row(&self, mut row: usize) -> Option<usize> {
        for (i, entry) in self.entries.iter().enumerate().skip(self.offset) {
            let height = entry_height(entry);
            if row < height {
                return Some(i);
            }
            row -= height;
        }
        None
    }

    fn rows_between(&self, from: usize, to: usize) -> usize {
        self.entries.get(from..=to).map_or(0, |entries| entries.iter().map(entry_height).sum())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn entry(name: &str) -> Entry {
        let text = format!("---\ntitle: {name}\n---\nbody\n");
        let stamp = crate::post::FileStamp { modified: None, len: 0, hash: 0 };
        let post = crate::post::parse(PathBuf::from(format!("content/posts/{name}.md")), text.as_bytes(), stamp);
        Entry { post: Arc::new(post), reason: None }
    }

    fn list(names: &[&str]) -> ListView {
        let mut list = ListView::default();
        list.replace(names.iter().map(|n| entry(n)).collect());
        list
    }

    fn selected_title(list: &ListView) -> Option<String> {
        list.selected_entry().map(|e| e.post.title.clone())
    }

    #[test]
    fn the_selection_stays_on_the_same_post_when_the_list_re_sorts() {
        let mut list = list(&["a", "b", "c", "d"]);
        list.select(1);
        list.replace(["d", "c", "b", "a"].iter().map(|n| entry(n)).collect());
        assert_eq!((list.selected(), selected_title(&list).as_deref()), (2, Some("b")));
    }

    #[test]
    fn a_post_gone_from_the_list_leaves_the_selection_at_its_index_clamped() {
        let mut list = list(&["a", "b", "c", "d"]);
        list.select(3);
        list.replace(["a", "b"].iter().map(|n| entry(n)).collect());
        assert_eq!((list.selected(), selected_title(&list).as_deref()), (1, Some("b")));
        list.clear();
        assert_eq!((list.selected(), list.selected_entry().is_none()), (0, true));
    }

    #[test]
    fn select_and_move_are_clamped_to_the_list() {
        let mut list = list(&["a", "b", "c"]);
        list.select(99);
        assert_eq!(list.selected(), 2);
        list.move_by(-5);
        assert_eq!(list.selected(), 0);
        list.move_by(2);
        assert_eq!(selected_title(&list).as_deref(), Some("c"));
    }

    #[test]
    fn the_offset_follows_the_selection_into_view() {
        let names: Vec<String> = (0..10).map(|i| format!("p{i}")).collect();
        let mut list = list(&names.iter().map(String::as_str).collect::<Vec<_>>());
        list.select(6);
        list.scroll_into_view(3);
        assert_eq!(list.offset(), 4, "the selection is the last of three rows");
        list.select(1);
        list.scroll_into_view(3);
        assert_eq!(list.offset(), 1, "the selection is the first row");
        list.select(9);
        list.scroll_into_view(20);
        assert_eq!(list.offset(), 0, "a pane taller than the list scrolls back to the top");
    }

    #[test]
    fn the_wheel_moves_the_view_and_drags_the_selection_only_when_it_leaves() {
        let names: Vec<String> = (0..10).map(|i| format!("p{i}")).collect();
        let mut list = list(&names.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(list.scroll_by(2, 3));
        assert_eq!((list.offset(), list.selected()), (2, 2));
        list.select(3);
        assert!(list.scroll_by(-1, 3));
        assert_eq!((list.offset(), list.selected()), (1, 3), "still in view: it stays");
        assert!(list.scroll_by(50, 3));
        assert_eq!((list.offset(), list.selected()), (7, 7), "no further than a full pane");
        assert_eq!(list.entry_at_row(2), Some(9));
        assert_eq!(list.entry_at_row(3), None);
        assert!(!ListView::default().scroll_by(1, 3));
    }
}
