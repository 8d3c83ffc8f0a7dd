//! What a session is given at its start and keeps: the key bindings, how posts and dates look,
//! and what the session may do. Nothing here changes while the app runs.

use super::{Access, Keymap, Options};
use crate::color::ColorDepth;
use crate::render::RenderStyles;

/// The fixed part of the app's state, from the config and the command line.
#[derive(Debug)]
pub struct Settings {
    keymap: Keymap,
    date_format: String,
    styles: RenderStyles,
    depth: ColorDepth,
    wrap_width: Option<u16>,
    access: Access,
    open_new_in_editor: bool,
}

impl Settings {
    /// The settings among the options (the others seed state that changes: filters, sort, list width, mouse).
    pub(super) fn new(options: Options) -> Settings {
        let Options { keymap, date_format, styles, depth, wrap_width, access, open_new_in_editor, .. } = options;
        Settings { keymap, date_format, styles, depth, wrap_width, access, open_new_in_editor }
    }

    /// Key bindings.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// How dates show in the list (strftime).
    pub fn date_format(&self) -> &str {
        &self.date_format
    }

    /// Styles posts are rendered with.
    pub fn styles(&self) -> &RenderStyles {
        &self.styles
    }

    /// The colours the terminal shows.
    pub fn depth(&self) -> ColorDepth {
        self.depth
    }

    /// The reading pane never wraps wider than this.
    pub fn wrap_width(&self) -> Option<u16> {
        self.wrap_width
    }

    /// What this session may see and do.
    pub fn access(&self) -> Access {
        self.access
    }

    /// Whether a post made with the new-post key opens in the editor at once.
    pub fn open_new_in_editor(&self) -> bool {
        self.open_new_in_editor
    }
}
