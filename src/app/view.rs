//! The visible list: search results or the sorted library, filtered by tags and drafts, with the
//! selection kept on the same post whenever it is still there.

use std::path::Path;

use super::{App, Entry, Level};
use crate::post::Post;

impl App {
    /// Rebuilds the visible list from the library, the search results and the filters.
    pub(super) fn refresh(&mut self) {
        let Some(library) = self.load.library() else { return };
        let keep = |post: &Post| self.filters.admits(post);
        let entries: Vec<Entry> = match (self.search.hits(), self.search.term().is_empty()) {
            (_, true) => library
                .sorted_indices(self.filters.sort())
                .into_iter()
                .map(|i| &library.posts()[i])
                .filter(|p| keep(p))
                .map(|p| Entry { post: p.clone(), reason: None })
                .collect(),
            (Some(hits), false) => {
                hits.iter().filter(|h| keep(&h.post)).map(|h| Entry { post: h.post.clone(), reason: Some(h.reason.clone()) }).collect()
            }
            // A search is running: keep what is shown until its answer arrives.
            (None, false) => return,
        };
        self.list.replace(entries);
        self.sync();
    }

    /// Moves the selection by `delta` rows, clamped.
    pub(super) fn move_selection(&mut self, delta: isize) {
        self.list.move_by(delta);
        self.sync();
    }

    /// Selects an entry by index, clamped, scrolling the list to it and showing it in the reader.
    pub fn select(&mut self, index: usize) {
        self.list.select(index);
        self.sync();
    }

    /// Selects the post at `path`, clearing the search and filters if they hide it.
    pub(super) fn select_path(&mut self, path: &Path) -> bool {
        if let Some(i) = self.list.position(path) {
            self.select(i);
            return true;
        }
        let exists = self.load.library().is_some_and(|l| l.position(path).is_some());
        if !exists {
            return false;
        }
        self.search.clear();
        self.filters.reveal();
        self.refresh();
        match self.list.position(path) {
            Some(i) => {
                self.select(i);
                true
            }
            None => false,
        }
    }

    /// `<` / `>`: the list's share of a two-pane screen by a step, within [`LIST_PERCENTS`]; never
    /// so far that a pane shown now would vanish (the reading pane needs its columns).
    ///
    /// [`LIST_PERCENTS`]: super::layout::LIST_PERCENTS
    pub(super) fn resize_list(&mut self, direction: i16) {
        use super::layout::{MIN_LIST_COLUMNS, MIN_READER_COLUMNS, two_pane_min_width};
        use super::screen::ListResize;
        let now = self.screen.list_width();
        let text = match self.screen.resize_list(direction) {
            ListResize::AtEdge => {
                let edge = if direction > 0 { "widest" } else { "narrowest" };
                format!("the list is at its {edge}: {now}%")
            }
            ListResize::Kept if direction > 0 => {
                format!("a wider list would leave the post under {MIN_READER_COLUMNS} columns here; the list stays at {now}%")
            }
            ListResize::Kept => format!("a narrower list would get under {MIN_LIST_COLUMNS} columns here; it stays at {now}%"),
            ListResize::Resized => {
                self.sync();
                let wanted = self.screen.list_width();
                match two_pane_min_width(wanted) {
                    _ if self.screen.two_panes() => format!("list width {wanted}%"),
                    Some(min) => format!("list width {wanted}% (beside the post from {min} columns)"),
                    None => format!("list width {wanted}%"),
                }
            }
        };
        self.say(Level::Info, text);
    }

    /// Keeps the list offset so the selection is visible, and the reading pane on the selected post.
    pub(super) fn sync(&mut self) {
        let rows = self.list_rows();
        self.list.scroll_into_view(rows);
        self.sync_reader();
    }

    /// Text rows inside the list pane.
    pub(super) fn list_rows(&self) -> usize {
        let panes = self.screen.panes();
        panes.list.map_or(0, |r| usize::from(super::layout::inner(r).height))
    }
}

/// Rows an entry takes in the list: body matches show a snippet line.
pub fn entry_height(entry: &Entry) -> usize {
    match entry.reason {
        Some(crate::search::Reason::Body(_)) => 2,
        _ => 1,
    }
}
