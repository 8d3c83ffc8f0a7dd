//! Code blocks: highlighted, framed, on their own background, cut (never wrapped) at the width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::RenderStyles;
use super::highlight;
use super::wrap;

/// Marks a code line cut at the pane's edge.
const CODE_CUT_MARKER: &str = "→";
/// The frame left of each code line, and the space after it.
const GUTTER: &str = "│ ";

/// The lines of a code block `width` columns wide (frame included), highlighted with the syntect
/// theme `theme` ([`highlight::PLAIN_TEXT`]: not at all). The lines are the same, and as wide,
/// whatever the theme: only their styles differ.
pub(crate) fn render(code: &str, info: &str, width: usize, styles: &RenderStyles, theme: &str) -> Vec<Line<'static>> {
    let label = crate::text::sanitize(highlight::language_token(info)).into_owned();
    // The label's italic would slant the frame's box-drawing characters.
    let frame = styles.code_label.remove_modifier(ratatui::style::Modifier::ITALIC);
    let mut out = Vec::new();
    let top = if label.is_empty() { "╭".to_string() } else { format!("╭─ {label} ") };
    out.push(fill(top, width, frame));
    // Too narrow for the frame and a column of code: drop the frame's side.
    let gutter = if width > wrap::width(GUTTER) { GUTTER } else { "" };
    let inner = width.saturating_sub(wrap::width(gutter)).max(1);
    let lines = highlight::highlight(code, info, theme);
    let mut built: Vec<(Vec<Span<'static>>, usize)> = lines.iter().map(|regions| code_spans(regions, styles)).collect();
    let longest = built.iter().map(|(_, w)| *w).max().unwrap_or(0);
    // Pad to the longest line (plus one) so the background reads as one block.
    let block = (longest + 1).min(inner);
    for (spans, w) in built.drain(..) {
        let mut all = Vec::with_capacity(spans.len() + 2);
        all.push(Span::styled(gutter, frame));
        if w > inner {
            all.extend(wrap::truncate(Line::from(spans), inner, CODE_CUT_MARKER, styles.code_block.patch(frame)).spans);
        } else {
            all.extend(spans);
            if w < block {
                all.push(Span::styled(wrap::spaces(block - w), styles.code_block));
            }
        }
        out.push(Line::from(all));
    }
    out.push(fill("╰".to_string(), width, frame));
    out
}

/// One highlighted line as spans on the block background (same styles merged), and its width.
fn code_spans(regions: &[(Style, String)], styles: &RenderStyles) -> (Vec<Span<'static>>, usize) {
    let mut spans: Vec<Span<'static>> = Vec::with_capacity(regions.len());
    let mut width = 0;
    for (style, text) in regions {
        let style = styles.code_block.patch(*style);
        let text = crate::text::sanitize(text);
        width += wrap::width(&text);
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&text),
            _ => spans.push(Span::styled(text.into_owned(), style)),
        }
    }
    (spans, width)
}

/// A frame line: `start` then `─` to the width.
fn fill(start: String, width: usize, style: Style) -> Line<'static> {
    let used = wrap::width(&start);
    if used > width {
        return wrap::truncate(Line::from(Span::styled(start, style)), width, "", style);
    }
    Line::from(Span::styled(format!("{start}{}", "─".repeat(width - used)), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(code: &str, info: &str, width: usize) -> Vec<String> {
        render(code, info, width, &RenderStyles::default(), &RenderStyles::default().code_theme).iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn code_is_framed_with_its_language() {
        let lines = plain("let x = 1;\n", "rust", 20);
        assert_eq!(lines, ["╭─ rust ────────────", "│ let x = 1; ", "╰───────────────────"]);
    }

    #[test]
    fn long_code_lines_are_cut_with_a_marker_not_wrapped() {
        let lines = plain("a_very_long_identifier_that_does_not_fit()\nok\n", "", 20);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1], "│ a_very_long_ident→");
        assert!(lines.iter().all(|l| wrap::width(l) <= 20));
    }

    #[test]
    fn code_lines_carry_the_block_background() {
        let styles = RenderStyles::default();
        let lines = render("x\n", "text", 20, &styles, &styles.code_theme);
        assert!(lines[1].spans[1..].iter().all(|s| s.style.bg == styles.code_block.bg));
    }

    #[test]
    fn escape_characters_in_code_are_shown_not_sent() {
        let lines = plain("echo \u{1b}[31m\n", "sh", 30);
        assert!(lines[1].contains("^[[31m"), "{lines:?}");
    }
}
