//! Rendered text as ANSI escape sequences for `quire render`, at a given color depth.

use std::fmt::Write;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;

use crate::color::ColorDepth;

/// Schemes whose URLs become OSC 8 hyperlinks.
const URL_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// The text with SGR styles adapted to `depth` (without color, bold/italic/underline stay); with
/// `hyperlinks`, URLs become OSC 8 links: those of the numbered link list even when cut across
/// lines, others when shown whole. Every styled span ends with a reset.
pub fn to_ansi(text: &Text, depth: ColorDepth, hyperlinks: bool) -> String {
    let mut out = String::with_capacity(text.lines.len() * 64);
    let targets = if hyperlinks { link_targets(text) } else { Vec::new() };
    let refs = references(&targets, text);
    for (index, line) in text.lines.iter().enumerate() {
        let base = text.style.patch(line.style);
        for span in &line.spans {
            let style = depth.adapt_style(base.patch(span.style));
            let styled = push_sgr(&mut out, style);
            if hyperlinks {
                push_linked(&mut out, &span.content, targets.get(index).and_then(Option::as_ref), &refs);
            } else {
                out.push_str(&span.content);
            }
            if styled {
                out.push_str("\x1b[0m");
            }
        }
        out.push('\n');
    }
    out
}

/// The text without any escape sequence, and without the spaces that pad lines to the width
/// (code blocks, tables): trailing spaces are noise in a file or a diff.
pub fn to_plain(text: &Text) -> String {
    let mut out = String::new();
    for line in &text.lines {
        let start = out.len();
        for span in &line.spans {
            out.push_str(&span.content);
        }
        let kept = start + out[start..].trim_end_matches(' ').len();
        out.truncate(kept);
        out.push('\n');
    }
    out
}

/// What each line links to. A URL cut across lines (the numbered link list: `[n] ` then the
/// URL, its rest indented below) links every piece to the whole URL; a URL word that ends a line
/// followed by an indented line may continue there, so it gets no link rather than a wrong one.
fn link_targets(text: &Text) -> Vec<Option<LineLinks>> {
    let plain: Vec<String> = text.lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
    let mut out: Vec<Option<LineLinks>> = vec![None; plain.len()];
    let mut i = 0;
    while i < plain.len() {
        let Some(indent) = reference_indent(&plain[i]) else {
            let next_indented = plain.get(i + 1).is_some_and(|n| n.starts_with(' '));
            out[i] = Some(LineLinks { whole: None, last_word_may_continue: next_indented });
            i += 1;
            continue;
        };
        let mut url = plain[i][indent..].trim_end().to_string();
        let mut j = i + 1;
        while let Some(next) = plain.get(j).filter(|n| continues_reference(n, indent)) {
            url.push_str(next.trim());
            j += 1;
        }
        for slot in &mut out[i..j] {
            *slot = Some(LineLinks { whole: Some(url.clone()), last_word_may_continue: false });
        }
        i = j;
    }
    out
}

/// The numbered link list: reference number -> URL.
fn references(targets: &[Option<LineLinks>], text: &Text) -> std::collections::HashMap<String, String> {
    let mut refs = std::collections::HashMap::new();
    for (line, links) in text.lines.iter().zip(targets) {
        let Some(whole) = links.as_ref().and_then(|l| l.whole.as_ref()) else { continue };
        let first: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        if let Some(marker) = first.split(' ').next().filter(|m| m.starts_with('[')) {
            refs.entry(marker.to_string()).or_insert_with(|| whole.clone());
        }
    }
    refs
}

/// Links of one line: the whole URL its URL pieces belong to, if known.
#[derive(Debug, Clone)]
struct LineLinks {
    whole: Option<String>,
    last_word_may_continue: bool,
}

/// `[12] https://...` starts a reference entry: the width of `[12] `.
fn reference_indent(line: &str) -> Option<usize> {
    let rest = line.strip_prefix('[')?;
    let close = rest.find(']')?;
    if close == 0 || !rest[..close].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let after = &rest[close + 1..];
    let url = after.trim_start();
    URL_SCHEMES.iter().any(|s| url.starts_with(s)).then(|| line.len() - url.len())
}

fn continues_reference(line: &str, indent: usize) -> bool {
    line.len() > indent && line.as_bytes()[..indent].iter().all(|b| *b == b' ') && !line[indent..].contains(' ')
}

/// Writes span text, wrapping URLs in OSC 8 sequences.
fn push_linked(out: &mut String, content: &str, links: Option<&LineLinks>, refs: &std::collections::HashMap<String, String>) {
    let words: Vec<&str> = content.split(' ').collect();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let target = match links.and_then(|l| l.whole.as_deref()) {
            Some(whole) if !word.is_empty() && whole.contains(word) => Some(whole),
            _ => {
                let is_url = URL_SCHEMES.iter().any(|s| word.starts_with(s)) && word.len() > 8;
                let may_continue = i + 1 == words.len() && links.is_some_and(|l| l.last_word_may_continue);
                (is_url && !may_continue).then_some(*word)
            }
        };
        match target {
            // URLs went through sanitize: no ESC or BEL can end the sequence early.
            Some(url) => osc8(out, url, word),
            None => push_reference(out, word, refs),
        }
    }
}

fn osc8(out: &mut String, url: &str, shown: &str) {
    let _ = write!(out, "\x1b]8;;{url}\x1b\\{shown}\x1b]8;;\x1b\\");
}

/// A word holding a reference marker (`Machine[3].`): the marker links to its URL.
fn push_reference(out: &mut String, word: &str, refs: &std::collections::HashMap<String, String>) {
    let found = word.find('[').and_then(|start| word[start..].find(']').map(|len| (start, start + len + 1)));
    match found.and_then(|(a, b)| refs.get(&word[a..b]).map(|url| (a, b, url))) {
        Some((a, b, url)) => {
            out.push_str(&word[..a]);
            osc8(out, url, &word[a..b]);
            out.push_str(&word[b..]);
        }
        None => out.push_str(word),
    }
}

/// Appends the SGR sequence setting a style from scratch; false (nothing written) for the
/// default style. Written in place: a code-heavy post has one per highlighted fragment.
fn push_sgr(out: &mut String, style: Style) -> bool {
    let start = out.len();
    out.push_str("\x1b[");
    let codes = out.len();
    let sep = |out: &mut String| {
        if out.len() > codes {
            out.push(';');
        }
    };
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
            sep(out);
            out.push_str(code);
        }
    }
    for (c, bg) in [(style.fg, false), (style.bg, true)] {
        if let Some(c) = c.filter(|c| *c != Color::Reset) {
            sep(out);
            push_color(out, c, bg);
        }
    }
    if out.len() == codes {
        out.truncate(start);
        return false;
    }
    out.push('m');
    true
}

/// Appends a number (at most 255 plus the base, so three digits) without formatting machinery.
fn push_number(out: &mut String, n: u16) {
    if n >= 100 {
        out.push(char::from(b'0' + (n / 100) as u8));
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends the SGR parameters of a colour (never [`Color::Reset`]).
fn push_color(out: &mut String, c: Color, bg: bool) {
    let base: u16 = if bg { 40 } else { 30 };
    let mut code = |n: u16| push_number(out, n);
    match c {
        Color::Reset => {}
        Color::Black => code(base),
        Color::Red => code(base + 1),
        Color::Green => code(base + 2),
        Color::Yellow => code(base + 3),
        Color::Blue => code(base + 4),
        Color::Magenta => code(base + 5),
        Color::Cyan => code(base + 6),
        Color::Gray => code(base + 7),
        Color::DarkGray => code(base + 60),
        Color::LightRed => code(base + 61),
        Color::LightGreen => code(base + 62),
        Color::LightYellow => code(base + 63),
        Color::LightBlue => code(base + 64),
        Color::LightMagenta => code(base + 65),
        Color::LightCyan => code(base + 66),
        Color::White => code(base + 67),
        Color::Indexed(i) => {
            code(base + 8);
            out.push_str(";5;");
            push_number(out, u16::from(i));
        }
        Color::Rgb(r, g, b) => {
            code(base + 8);
            out.push_str(";2;");
            push_number(out, u16::from(r));
            out.push(';');
            push_number(out, u16::from(g));
            out.push(';');
            push_number(out, u16::from(b));
        }
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
    fn plain_text_drops_the_padding_at_line_ends_only() {
        let text = Text::from(vec![
            Line::from(vec![Span::raw("  fn main() {}"), Span::styled("      ", Style::new().bg(Color::Red))]),
            Line::from(" a  b \u{a0} "),
            Line::from("    "),
        ]);
        assert_eq!(to_plain(&text), "  fn main() {}\n a  b \u{a0}\n\n");
    }

    #[test]
    fn every_colour_number_is_written_as_formatting_would() {
        for i in 0..=255u8 {
            let style = Style::new().fg(Color::Indexed(i)).bg(Color::Rgb(i, 255 - i, i / 3)).add_modifier(Modifier::ITALIC);
            let text = Text::from(Line::from(Span::styled("x", style)));
            let want = format!("\x1b[3;38;5;{i};48;2;{i};{};{}mx\x1b[0m\n", 255 - i, i / 3);
            assert_eq!(to_ansi(&text, ColorDepth::TrueColor, false), want);
        }
        let named = Text::from(Line::from(Span::styled("x", Style::new().fg(Color::LightCyan).bg(Color::Black))));
        assert_eq!(to_ansi(&named, ColorDepth::TrueColor, false), "\x1b[96;40mx\x1b[0m\n");
        let reset = Text::from(Line::from(Span::styled("x", Style::new().fg(Color::Reset))));
        assert_eq!(to_ansi(&reset, ColorDepth::TrueColor, false), "x\n");
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
    fn a_reference_url_cut_across_lines_links_each_piece_to_the_whole_url() {
        let text =
            Text::from(vec![Line::from("[1] https://example.com/a/"), Line::from("    very/long"), Line::from("[2] https://b.example")]);
        let out = to_ansi(&text, ColorDepth::None, true);
        let whole = "\x1b]8;;https://example.com/a/very/long\x1b\\";
        assert!(out.contains(&format!("{whole}https://example.com/a/\x1b]8;;")), "{out:?}");
        assert!(out.contains(&format!("{whole}very/long\x1b]8;;")), "{out:?}");
        assert!(out.contains("\x1b]8;;https://b.example\x1b\\https://b.example"), "{out:?}");
        let with_text = Text::from(vec![Line::from("See Docs[2]."), Line::from("[2] https://b.example")]);
        assert!(to_ansi(&with_text, ColorDepth::None, true).starts_with("See Docs\x1b]8;;https://b.example\x1b\\[2]\x1b]8;;\x1b\\.\n"));
    }

    #[test]
    fn a_url_that_may_continue_on_the_next_line_gets_no_link() {
        let text = Text::from(vec![Line::from("• see https://example.com/a/"), Line::from("  rest of it")]);
        assert!(!to_ansi(&text, ColorDepth::None, true).contains("\x1b]8"));
    }

    #[test]
    fn plain_output_has_no_escape_at_all() {
        assert_eq!(to_plain(&sample()), "hi there\n");
    }
}
