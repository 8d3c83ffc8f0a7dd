//! The mouse: the wheel scrolls the pane under the pointer, a click selects a post, focuses a
//! pane or follows a link, and `M` hands the mouse back to the terminal (for its text selection). Hit-testing uses the layout the view draws, from the same state.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::layout::{self, Focus};
use super::overlay::{Overlay, PickerKind};
use super::picks::PickJob;
use super::{App, Command, Effect, Level};

/// Lines the reading pane moves for one step of the wheel.
const WHEEL_LINES: isize = 3;
/// Rows a popup's list moves for one step of the wheel (the help scrolls by lines).
const WHEEL_ROWS: isize = 1;

impl App {
    /// Whether the terminal should report the mouse to quire now.
    pub fn mouse_captured(&self) -> bool {
        self.screen.mouse_captured()
    }

    /// `M`: releases the mouse to the terminal, or takes it back.
    pub(super) fn toggle_mouse(&mut self) -> Option<Effect> {
        let Some(captured) = self.screen.toggle_mouse() else {
            self.say(Level::Info, "the mouse is off in config.toml (mouse = false)");
            return None;
        };
        let key = self.settings.keymap().key_of(Command::Mouse);
        let text = if captured {
            format!("mouse on: the wheel scrolls, a click selects or follows a link ({key} releases it)")
        } else {
            format!("mouse released: the terminal selects text ({key} takes the mouse back)")
        };
        self.say(Level::Info, text);
        Some(Effect::Mouse(captured))
    }

    /// A wheel step or a click, where the last frame drew the panes.
    pub(super) fn on_mouse(&mut self, event: MouseEvent) -> Option<Effect> {
        if !self.mouse_captured() {
            return None;
        }
        let step = match event.kind {
            MouseEventKind::ScrollDown => 1,
            MouseEventKind::ScrollUp => -1,
            MouseEventKind::Down(MouseButton::Left) => 0,
            _ => return None,
        };
        // A popup hides the screen under it: the wheel scrolls the popup, clicks do nothing.
        if self.overlay.is_some() {
            if step != 0 {
                self.scroll_overlay(step);
            }
            return None;
        }
        let at = Position::new(event.column, event.row);
        let panes = self.screen.panes();
        let list = panes.list.filter(|r| r.contains(at));
        let reader = panes.reader.filter(|r| r.contains(at));
        match (list, reader) {
            (Some(_), _) if step != 0 => self.scroll_list(step),
            (_, Some(_)) if step != 0 => self.scroll_by(step * WHEEL_LINES),
            (Some(rect), _) => {
                self.message = None;
                match self.entry_at(rect, at.y) {
                    // A click on the post already selected reads it, as Enter does (on a
                    // narrow screen, the only way to the post by mouse).
                    Some(index) if index == self.list.selected() && self.screen.focus() == Focus::List => {
                        self.screen.focus_on(Focus::Reader)
                    }
                    Some(index) => {
                        self.screen.focus_on(Focus::List);
                        self.select(index);
                    }
                    None => self.screen.focus_on(Focus::List),
                }
                self.sync();
            }
            (_, Some(rect)) => {
                self.message = None;
                self.focus_on(Focus::Reader);
                return self.follow_link_at(rect, at);
            }
            (None, None) => {}
        }
        None
    }

    /// The wheel over a popup: the help scrolls, lists move their selection; forms ignore it.
    fn scroll_overlay(&mut self, step: isize) {
        if let Some(Overlay::Help(help)) = &self.overlay {
            let rows = self.help_rows(help).len();
            let scroll = help.scroll.saturating_add_signed(step * WHEEL_LINES).min(rows);
            if let Some(Overlay::Help(help)) = &mut self.overlay {
                help.scroll = scroll;
            }
            return;
        }
        match &mut self.overlay {
            Some(Overlay::Picker(picker)) => {
                let last = picker.items.len().saturating_sub(1);
                picker.selected = picker.selected.saturating_add_signed(step * WHEEL_ROWS).min(last);
            }
            Some(Overlay::Tags(picker)) => {
                let last = picker.visible().len().saturating_sub(1);
                picker.selected = picker.selected.saturating_add_signed(step * WHEEL_ROWS).min(last);
            }
            Some(Overlay::Help(_) | Overlay::Form(_) | Overlay::NewPost(_)) | None => {}
        }
    }

    /// The wheel over the list: the view moves by an entry, the selection only when it would
    /// leave the view (the reading pane follows it).
    fn scroll_list(&mut self, step: isize) {
        let rows = self.list_rows();
        if self.list.scroll_by(step, rows) {
            self.sync();
        }
    }

    /// The entry drawn at screen row `y` of the list pane `rect`, if any.
    fn entry_at(&self, rect: Rect, y: u16) -> Option<usize> {
        let inside = layout::inner(rect);
        if y < inside.y || y >= inside.bottom() {
            return None;
        }
        self.list.entry_at_row(usize::from(y - inside.y))
    }

    /// A click in the reading pane `rect`: on a link's text or reference, follows it as the
    /// links list would (resolved against the site by a job, then [`PickerKind::Follow`]).
    fn follow_link_at(&mut self, rect: Rect, at: Position) -> Option<Effect> {
        let inside = layout::inner(rect);
        if !inside.contains(at) {
            return None;
        }
        let line = self.reader.scroll + usize::from(at.y - inside.y);
        let link = self.reader.rendered.as_ref()?.link_at(line, usize::from(at.x - inside.x))?.clone();
        let library = self.load.library().cloned()?;
        let post = self.selected_post().map(|p| p.path.clone());
        Some(Effect::Pick(PickJob { kind: PickerKind::Follow, library, post, links: vec![link], assets: true }))
    }
}
