//! Markdown -> ratatui `Text` for a given width.
//! (Stand-in until the real renderer lands: plain lines, same contract.)

pub mod style;

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};

pub use style::RenderStyles;

/// How to render.
pub struct RenderOptions<'a> {
    /// Columns available.
    pub width: u16,
    /// Styles to paint with.
    pub styles: &'a RenderStyles,
}

/// A heading of the rendered post, for the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Its line in [`Rendered::text`].
    pub line: usize,
}

/// A link of the rendered post, for the link list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// Where it points.
    pub url: String,
    /// Its line in [`Rendered::text`].
    pub line: usize,
}

/// A rendered post.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The lines, none wider than the width.
    pub text: Text<'static>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links in order.
    pub links: Vec<Link>,
}

/// Renders a post (header and body).
pub fn render_post(post: &crate::post::Post, opts: &RenderOptions) -> Rendered {
    let mut r = render_markdown(&post.body, opts);
    r.text.lines.insert(0, Line::from(Span::styled(post.title.clone(), opts.styles.header_title)));
    for h in &mut r.headings {
        h.line += 1;
    }
    r
}

/// Renders Markdown.
pub fn render_markdown(markdown: &str, opts: &RenderOptions) -> Rendered {
    let width = usize::from(opts.width.max(1));
    let mut lines = Vec::new();
    let mut headings = Vec::new();
    for raw in markdown.lines() {
        let clean = crate::text::sanitize(raw).into_owned();
        if let Some(h) = clean.strip_prefix("## ").or_else(|| clean.strip_prefix("# ")) {
            headings.push(Heading { level: 1, text: h.to_string(), line: lines.len() });
        }
        let chars: Vec<char> = clean.chars().collect();
        if chars.is_empty() {
            lines.push(Line::default());
        }
        for chunk in chars.chunks(width) {
            lines.push(Line::from(chunk.iter().collect::<String>()));
        }
    }
    Rendered { text: Text::from(lines), headings, links: Vec::new() }
}

/// Restyles occurrences of `needle`; returns the lines holding one.
pub fn mark_matches(text: &Text<'static>, needle: &str, style: Style) -> (Text<'static>, Vec<usize>) {
    let _ = style;
    let needle = needle.to_lowercase();
    let lines = text
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !needle.is_empty() && l.to_string().to_lowercase().contains(&needle))
        .map(|(i, _)| i)
        .collect();
    (text.clone(), lines)
}
