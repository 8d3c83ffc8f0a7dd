//! The styles the renderer paints with. Themes fill this in; the renderer only reads it.

use ratatui::style::{Color, Modifier, Style};

/// Every style the Markdown renderer uses, so that a theme can change each one.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderStyles {
    /// Headings, level 1 to 6.
    pub heading: [Style; 6],
    /// Plain paragraph text.
    pub text: Style,
    /// Link text.
    pub link: Style,
    /// A link's URL or reference number, shown after its text.
    pub link_url: Style,
    /// `inline code`.
    pub inline_code: Style,
    /// The frame and background of a fenced code block.
    pub code_block: Style,
    /// The language label of a code block.
    pub code_label: Style,
    /// The bar left of a block quote.
    pub quote_bar: Style,
    /// Text inside a block quote.
    pub quote_text: Style,
    /// Bullets and numbers of lists.
    pub list_marker: Style,
    /// Horizontal rules.
    pub rule: Style,
    /// Table borders.
    pub table_border: Style,
    /// Table header cells.
    pub table_header: Style,
    /// Image placeholders.
    pub image: Style,
    /// Placeholders for template tags (shortcodes, Liquid) and stripped HTML.
    pub placeholder: Style,
    /// Footnote references and definitions.
    pub footnote: Style,
    /// GitHub alert labels: note, tip, important, warning, caution.
    pub alert: [Style; 5],
    /// The post header: title line.
    pub header_title: Style,
    /// The post header: date, author and other metadata.
    pub header_meta: Style,
    /// The post header: each tag.
    pub header_tag: Style,
    /// The post header: the draft / future / expired badge.
    pub header_badge: Style,
    /// Occurrences of the search term in the reading pane.
    pub search_match: Style,
    /// Name of the syntect theme for code blocks.
    pub code_theme: String,
}

impl Default for RenderStyles {
    /// The dark default, used when no theme is loaded (tests, `--theme` fallback).
    fn default() -> Self {
        let fg = |c| Style::new().fg(c);
        let bold = Modifier::BOLD;
        RenderStyles {
            heading: [
                fg(Color::Rgb(0xff, 0xb8, 0x6c)).add_modifier(bold | Modifier::UNDERLINED),
                fg(Color::Rgb(0x8b, 0xe9, 0xfd)).add_modifier(bold),
                fg(Color::Rgb(0x50, 0xfa, 0x7b)).add_modifier(bold),
                fg(Color::Rgb(0xbd, 0x93, 0xf9)).add_modifier(bold),
                fg(Color::Rgb(0xbd, 0x93, 0xf9)),
                fg(Color::Rgb(0x9a, 0xa5, 0xce)),
            ],
            text: Style::new(),
            link: fg(Color::Rgb(0x8b, 0xe9, 0xfd)).add_modifier(Modifier::UNDERLINED),
            link_url: fg(Color::Rgb(0x62, 0x72, 0xa4)),
            inline_code: fg(Color::Rgb(0xf1, 0xfa, 0x8c)).bg(Color::Rgb(0x2a, 0x2c, 0x37)),
            code_block: Style::new().bg(Color::Rgb(0x1e, 0x1f, 0x29)),
            code_label: fg(Color::Rgb(0x62, 0x72, 0xa4)).add_modifier(Modifier::ITALIC),
            quote_bar: fg(Color::Rgb(0xbd, 0x93, 0xf9)),
            quote_text: fg(Color::Rgb(0xc0, 0xc5, 0xd8)).add_modifier(Modifier::ITALIC),
            list_marker: fg(Color::Rgb(0xff, 0x79, 0xc6)),
            rule: fg(Color::Rgb(0x44, 0x47, 0x5a)),
            table_border: fg(Color::Rgb(0x62, 0x72, 0xa4)),
            table_header: Style::new().add_modifier(bold),
            image: fg(Color::Rgb(0xff, 0x79, 0xc6)).add_modifier(Modifier::ITALIC),
            placeholder: fg(Color::Rgb(0x62, 0x72, 0xa4)).add_modifier(Modifier::DIM),
            footnote: fg(Color::Rgb(0x8b, 0xe9, 0xfd)),
            alert: [
                fg(Color::Rgb(0x8b, 0xe9, 0xfd)).add_modifier(bold),
                fg(Color::Rgb(0x50, 0xfa, 0x7b)).add_modifier(bold),
                fg(Color::Rgb(0xbd, 0x93, 0xf9)).add_modifier(bold),
                fg(Color::Rgb(0xff, 0xb8, 0x6c)).add_modifier(bold),
                fg(Color::Rgb(0xff, 0x55, 0x55)).add_modifier(bold),
            ],
            header_title: fg(Color::Rgb(0xf8, 0xf8, 0xf2)).add_modifier(bold),
            header_meta: fg(Color::Rgb(0x9a, 0xa5, 0xce)),
            header_tag: fg(Color::Rgb(0x50, 0xfa, 0x7b)),
            header_badge: fg(Color::Rgb(0x28, 0x2a, 0x36)).bg(Color::Rgb(0xff, 0xb8, 0x6c)).add_modifier(bold),
            search_match: fg(Color::Black).bg(Color::Rgb(0xf1, 0xfa, 0x8c)),
            code_theme: "Monokai Extended".to_string(),
        }
    }
}
