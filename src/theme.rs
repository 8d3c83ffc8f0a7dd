//! Themes (stand-in until the theme module lands: the dark default only, same contract).

use ratatui::style::{Color, Modifier, Style};

use crate::color::ColorDepth;
use crate::render::RenderStyles;

/// A complete look: UI styles and renderer styles.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    /// Styles of the TUI chrome.
    pub ui: UiStyles,
    /// Styles of rendered posts.
    pub render: RenderStyles,
}

/// Every style the TUI draws with.
#[derive(Debug, Clone)]
pub struct UiStyles {
    /// Plain text.
    pub base: Style,
    /// Secondary text.
    pub dim: Style,
    /// Pane borders.
    pub border: Style,
    /// The focused pane's border.
    pub border_focused: Style,
    /// Pane titles.
    pub title: Style,
    /// The selected row in the focused list.
    pub selected: Style,
    /// The selected row when the list is not focused.
    pub selected_unfocused: Style,
    /// Dates in the list.
    pub list_date: Style,
    /// Tags in the list.
    pub list_tag: Style,
    /// Draft / future / expired badges.
    pub badge: Style,
    /// The mark on posts with problems.
    pub error_mark: Style,
    /// Characters that matched the search.
    pub matched: Style,
    /// Body snippets under search results.
    pub snippet: Style,
    /// The status bar.
    pub status_bar: Style,
    /// Key names in hints.
    pub status_key: Style,
    /// An informational message.
    pub info: Style,
    /// A warning.
    pub warning: Style,
    /// An error.
    pub error: Style,
    /// Popup background.
    pub popup: Style,
    /// Popup titles.
    pub popup_title: Style,
    /// Form labels.
    pub form_label: Style,
    /// Form values.
    pub form_value: Style,
    /// A value that does not validate.
    pub form_invalid: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let fg = |c| Style::new().fg(c);
        Theme {
            name: "dark".into(),
            ui: UiStyles {
                base: Style::new(),
                dim: fg(Color::Rgb(0x80, 0x86, 0xa0)),
                border: fg(Color::Rgb(0x44, 0x47, 0x5a)),
                border_focused: fg(Color::Rgb(0xbd, 0x93, 0xf9)),
                title: fg(Color::Rgb(0xf8, 0xf8, 0xf2)).add_modifier(Modifier::BOLD),
                selected: Style::new().bg(Color::Rgb(0x44, 0x47, 0x5a)).add_modifier(Modifier::BOLD),
                selected_unfocused: Style::new().bg(Color::Rgb(0x2f, 0x31, 0x3e)),
                list_date: fg(Color::Rgb(0x62, 0x72, 0xa4)),
                list_tag: fg(Color::Rgb(0x50, 0xfa, 0x7b)),
                badge: fg(Color::Rgb(0xff, 0xb8, 0x6c)).add_modifier(Modifier::BOLD),
                error_mark: fg(Color::Rgb(0xff, 0x55, 0x55)).add_modifier(Modifier::BOLD),
                matched: fg(Color::Rgb(0xf1, 0xfa, 0x8c)).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                snippet: fg(Color::Rgb(0x9a, 0xa5, 0xce)).add_modifier(Modifier::ITALIC),
                status_bar: Style::new().bg(Color::Rgb(0x28, 0x2a, 0x36)).fg(Color::Rgb(0xf8, 0xf8, 0xf2)),
                status_key: fg(Color::Rgb(0xbd, 0x93, 0xf9)).add_modifier(Modifier::BOLD),
                info: fg(Color::Rgb(0x8b, 0xe9, 0xfd)),
                warning: fg(Color::Rgb(0xff, 0xb8, 0x6c)),
                error: fg(Color::Rgb(0xff, 0x55, 0x55)).add_modifier(Modifier::BOLD),
                popup: Style::new().bg(Color::Rgb(0x21, 0x22, 0x2c)),
                popup_title: fg(Color::Rgb(0xff, 0x79, 0xc6)).add_modifier(Modifier::BOLD),
                form_label: fg(Color::Rgb(0x8b, 0xe9, 0xfd)),
                form_value: Style::new(),
                form_invalid: fg(Color::Rgb(0xff, 0x55, 0x55)).add_modifier(Modifier::UNDERLINED),
            },
            render: RenderStyles::default(),
        }
    }
}

impl Theme {
    /// Every style mapped to the given depth.
    pub fn adapted(&self, depth: ColorDepth) -> Theme {
        let _ = depth;
        self.clone()
    }
}
