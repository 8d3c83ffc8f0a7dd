//! Rendered text as ANSI escape sequences for `quire render`, at a given color depth.

use std::fmt::Write;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;

use crate::color::ColorDepth;

/// Schemes whose URLs become OSC 8 hyperlinks.
const URL_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// The text with SGR styles adapted to `depth` (without color, bold/italic/underline stay); with
/// `hyperlinks`, URLs shown whole on a line become OSC 8 links. Every line ends with a reset.
pub fn to_ansi(text: &Text, depth: ColorDepth, hyperlinks: bool) -> String {
    let mut out = String::new();
    for line in &text.lines {
        let base = text.style.patch(line.style);
        for span in &line.spans {
            let style = depth.adapt_style(base.patch(span.style));
            let sgr = sgr(style);
            if !sgr.is_empty() {
                out.push_str(&sgr);
            }
            if hyperlinks {
                push_linked(&mut out, &span.content);
            } else {
                out.push_str(&span.content);
            }
            if !sgr.is_empty() {
                out.push_str("\x1b[0m");
            }
        }
        out.push('\n');
    }
    out
}

/// The text without any escape sequence.
pub fn to_plain(text: &Text) -> String {
    let mut out = String::new();
    for line in &text.lines {
        for span in &line.spans {
            out.push_str(&span.content);
        }
        out.push('\n');
    }
    out
}

/// Writes span text, wrapping URL-looking words in OSC 8 sequences.
fn push_linked(out: &mut String, content: &str) {
    for (i, word) in content.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let is_url = URL_SCHEMES.iter().any(|s| word.starts_with(s)) && word.len() > 8;
        if is_url {
            // The URL went through sanitize: it has no ESC or BEL that could end the sequence early.
            let _ = write!(out, "\x1b]8;;{word}\x1b\\{word}\x1b]8;;\x1b\\");
        } else {
            out.push_str(word);
        }
    }
}

/// The SGR sequence setting a style from scratch, or "" for the default style.
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.to_string());
        }
    }
    if let Some(c) = style.fg.and_then(|c| color(c, false)) {
        codes.push(c);
    }
    if let Some(c) = style.bg.and_then(|c| color(c, true)) {
        codes.push(c);
    }
    if codes.is_empty() { String::new() } else { format!("\x1b[{}m", codes.join(";")) }
}

fn color(c: Color, bg: bool) -> Option<String> {
    let base = if bg { 40 } else { 30 };
    let named = |i: u8| Some(format!("{}", base + i));
    let bright = |i: u8| Some(format!("{}", base + 60 + i));
    match c {
        Color::Reset => None,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::{Line, Span};

    fn sample() -> Text<'static> {
        Text::from(Line::from(vec![
            Span::styled("hi", Style::new().fg(Color::Rgb(255, 0, 0)).add_modifier(Modifier::BOLD)),
            Span::raw(" there"),
        ]))
    }

    #[test]
    fn truecolor_uses_rgb_sequences_and_resets_after_each_span() {
        assert_eq!(to_ansi(&sample(), ColorDepth::TrueColor, false), "\x1b[1;38;2;255;0;0mhi\x1b[0m there\n");
    }

    #[test]
    fn lower_depths_map_colors_and_none_keeps_only_bold() {
        assert_eq!(to_ansi(&sample(), ColorDepth::Ansi256, false), "\x1b[1;38;5;196mhi\x1b[0m there\n");
        assert_eq!(to_ansi(&sample(), ColorDepth::Ansi16, false), "\x1b[1;91mhi\x1b[0m there\n");
        assert_eq!(to_ansi(&sample(), ColorDepth::None, false), "\x1b[1mhi\x1b[0m there\n");
    }

    #[test]
    fn urls_become_osc8_links_only_when_asked() {
        let text = Text::from("see https://example.com now");
        assert_eq!(to_ansi(&text, ColorDepth::None, true), "see \x1b]8;;https://example.com\x1b\\https://example.com\x1b]8;;\x1b\\ now\n");
        assert_eq!(to_ansi(&text, ColorDepth::None, false), "see https://example.com now\n");
    }

    #[test]
    fn plain_output_has_no_escape_at_all() {
        assert_eq!(to_plain(&sample()), "hi there\n");
    }
}
