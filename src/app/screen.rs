//! The screen's layout state: the terminal's size, which pane has the keys, the list's share of
//! a two-pane screen, and whether quire has the mouse. The panes the view draws come from here.

use ratatui::layout::Rect;

use super::layout::{self, Focus, LIST_PERCENT_STEP, LIST_PERCENTS, Panes};

/// The size the app assumes until the terminal reports its own.
const INITIAL_AREA: Rect = Rect { x: 0, y: 0, width: 80, height: 24 };

/// Size, focus, list share and mouse, changed only through their own small methods.
#[derive(Debug)]
pub struct Screen {
    area: Rect,
    focus: Focus,
    /// The list's share of a two-pane screen, in percent.
    list_width: u16,
    /// `mouse = false` in config.toml: never captured.
    mouse_enabled: bool,
    /// Captured (not released with `M`).
    mouse_captured: bool,
}

/// What a press of a list-width key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListResize {
    /// The share is at the end of [`LIST_PERCENTS`] already.
    AtEdge,
    /// The new share would hide a pane shown now: the share stays.
    Kept,
    /// The list has its new share.
    Resized,
}

impl Screen {
    /// A screen of the initial size with the list focused, the list at `list_width` percent
    /// and the mouse captured when it is enabled.
    pub(super) fn new(list_width: u16, mouse_enabled: bool) -> Screen {
        Screen { area: INITIAL_AREA, focus: Focus::List, list_width, mouse_enabled, mouse_captured: mouse_enabled }
    }

    /// The terminal's size.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// Which pane has the keys.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The list's share of a two-pane screen, in percent.
    pub fn list_width(&self) -> u16 {
        self.list_width
    }

    /// Whether the terminal should report the mouse to quire now.
    pub fn mouse_captured(&self) -> bool {
        self.mouse_enabled && self.mouse_captured
    }

    /// Where the panes are now.
    pub(super) fn panes(&self) -> Panes {
        layout::panes(self.area, self.focus, self.list_width)
    }

    /// The reading pane as it is when it has the keys: the width posts are rendered at.
    pub(super) fn reader_pane(&self) -> Option<Rect> {
        layout::panes(self.area, Focus::Reader, self.list_width).reader
    }

    /// Whether the list and the reading pane show side by side.
    pub(super) fn two_panes(&self) -> bool {
        self.splits_at(self.list_width)
    }

    /// The terminal's new size.
    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
    }

    /// Gives the keys to a pane.
    pub(super) fn focus_on(&mut self, focus: Focus) {
        self.focus = focus;
    }

    /// Moves the list's share by one step (`direction` > 0: wider), within [`LIST_PERCENTS`] and
    /// never so far that a pane shown now would vanish.
    pub(super) fn resize_list(&mut self, direction: i16) -> ListResize {
        let step = i16::try_from(LIST_PERCENT_STEP).unwrap_or(i16::MAX);
        let wanted = self.list_width.saturating_add_signed(direction.saturating_mul(step));
        let wanted = wanted.clamp(*LIST_PERCENTS.start(), *LIST_PERCENTS.end());
        if wanted == self.list_width {
            return ListResize::AtEdge;
        }
        if self.two_panes() && !self.splits_at(wanted) {
            return ListResize::Kept;
        }
        self.list_width = wanted;
        ListResize::Resized
    }

    /// `M`: releases the mouse to the terminal or takes it back; the new state, or `None` when
    /// the mouse is off in the config.
    pub(super) fn toggle_mouse(&mut self) -> Option<bool> {
        if !self.mouse_enabled {
            return None;
        }
        self.mouse_captured = !self.mouse_captured;
        Some(self.mouse_captured)
    }

    fn splits_at(&self, list_percent: u16) -> bool {
        let shown = layout::panes(self.area, self.focus, list_percent);
        shown.list.is_some() && shown.reader.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::layout::DEFAULT_LIST_PERCENT;

    #[test]
    fn a_narrow_screen_shows_the_focused_pane_and_a_wide_one_both() {
        let mut screen = Screen::new(DEFAULT_LIST_PERCENT, true);
        assert_eq!((screen.area(), screen.focus(), screen.two_panes()), (Rect::new(0, 0, 80, 24), Focus::List, false));
        assert!(screen.panes().reader.is_none());
        screen.focus_on(Focus::Reader);
        assert!(screen.panes().list.is_none());
        assert_eq!(screen.reader_pane().map(|r| r.width), Some(80));
        screen.resize(120, 30);
        assert!(screen.two_panes());
        assert_eq!(screen.reader_pane().map(|r| r.width), Some(72), "beside a list of 40%");
    }

    #[test]
    fn the_list_share_moves_by_steps_within_its_range() {
        let mut screen = Screen::new(20, true);
        assert_eq!(screen.resize_list(-1), ListResize::Resized);
        assert_eq!(screen.list_width(), 15);
        assert_eq!(screen.resize_list(-1), ListResize::AtEdge);
        assert_eq!(screen.list_width(), 15);
        let mut wide = Screen::new(80, true);
        assert_eq!((wide.resize_list(1), wide.list_width()), (ListResize::Resized, 85));
        assert_eq!(wide.resize_list(1), ListResize::AtEdge);
    }

    #[test]
    fn the_list_share_never_hides_a_pane_shown_now() {
        let mut screen = Screen::new(DEFAULT_LIST_PERCENT, true);
        screen.resize(100, 30);
        assert!(screen.two_panes());
        assert_eq!(screen.resize_list(1), ListResize::Kept, "the post would get under 60 columns");
        assert_eq!(screen.list_width(), DEFAULT_LIST_PERCENT);
        assert_eq!(screen.resize_list(-1), ListResize::Resized);
        assert_eq!(screen.list_width(), 35);
        // One pane: the share is for later, any step goes.
        screen.resize(60, 30);
        assert_eq!((screen.resize_list(1), screen.resize_list(1)), (ListResize::Resized, ListResize::Resized));
        assert_eq!(screen.list_width(), 45);
    }

    #[test]
    fn the_mouse_toggles_only_when_the_config_allows_it() {
        let mut screen = Screen::new(DEFAULT_LIST_PERCENT, true);
        assert!(screen.mouse_captured());
        assert_eq!(screen.toggle_mouse(), Some(false));
        assert!(!screen.mouse_captured());
        assert_eq!(screen.toggle_mouse(), Some(true));
        let mut off = Screen::new(DEFAULT_LIST_PERCENT, false);
        assert_eq!((off.toggle_mouse(), off.mouse_captured()), (None, false));
    }
}
