//! Display-width wrapping of styled inline text: words break at spaces, CJK anywhere, and a word
//! wider than the line is cut so that no line ever exceeds the width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A word that would leave less than this many columns on the current line starts a new line
/// instead of being cut there (cutting a URL after two characters reads badly).
const MIN_SPLIT_COLUMNS: usize = 8;

/// When a long word is cut, a separator within the last 1/N of the line is a better place.
const BREAK_LOOKBACK_DIVISOR: usize = 3;

/// Characters after which a URL or path reads well when cut.
fn is_break_after(g: &str) -> bool {
    matches!(g, "/" | "-" | "?" | "&" | "=" | "#" | "_" | "." | ",")
}

/// One piece of inline content, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Styled text; `mark` (0 = none) lets callers find the line a link landed on.
    Text { text: String, style: Style, mark: u32 },
    /// A soft line break: a space when wrapping.
    Soft,
    /// A forced line break.
    Hard,
}

impl Piece {
    /// Plain styled text without a mark.
    pub(crate) fn text(text: impl Into<String>, style: Style) -> Self {
        Piece::Text { text: text.into(), style, mark: 0 }
    }
}

/// Lines produced by [`wrap`], with the first line each mark appears on.
#[derive(Debug, Default)]
pub(crate) struct Wrapped {
    pub lines: Vec<Line<'static>>,
    pub marks: Vec<(u32, usize)>,
}

/// The display width of a string, measured grapheme by grapheme as the terminal draws it.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        // Rendered text is sanitized: no control characters, so every byte is one column.
        return text.len();
    }
    graphemes(text).map(UnicodeWidthStr::width).sum()
}

/// Grapheme clusters of a string; ASCII stretches skip the (slow) full segmentation, since a
/// cluster boundary always falls before an ASCII character.
pub(crate) fn graphemes(text: &str) -> Graphemes<'_> {
    Graphemes { text, pos: 0, inner: None }
}

/// The iterator of [`graphemes`].
pub(crate) struct Graphemes<'a> {
    text: &'a str,
    pos: usize,
    inner: Option<unicode_segmentation::Graphemes<'a>>,
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if let Some(g) = self.inner.as_mut().and_then(Iterator::next) {
            return Some(g);
        }
        self.inner = None;
        let bytes = self.text.as_bytes();
        let i = self.pos;
        if i >= bytes.len() {
            return None;
        }
        if bytes[i].is_ascii() && bytes.get(i + 1).is_none_or(u8::is_ascii) {
            self.pos += 1;
            return Some(&self.text[i..i + 1]);
        }
        // A non-ASCII stretch, with the ASCII letter before it that combining marks may extend.
        let end = (i + 1..bytes.len()).find(|&j| bytes[j].is_ascii()).unwrap_or(bytes.len());
        self.pos = end;
        let mut inner = self.text[i..end].graphemes(true);
        let first = inner.next();
        self.inner = Some(inner);
        first
    }
}

/// The display width of a line.
pub fn line_width(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| width(&s.content)).sum()
}

/// A word: consecutive non-space graphemes, each with its style and mark.
struct Word<'a> {
    graphemes: Vec<(&'a str, Style, u32)>,
    width: usize,
    wide: bool,
}

enum Token<'a> {
    Space(Style),
    Word(Word<'a>),
    Break,
}

fn end_word<'a>(word: &mut Option<Word<'a>>, tokens: &mut Vec<Token<'a>>) {
    if let Some(w) = word.take() {
        tokens.push(Token::Word(w));
    }
}

fn tokenize(pieces: &[Piece]) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut word: Option<Word<'_>> = None;
    for piece in pieces {
        match piece {
            Piece::Soft => {
                end_word(&mut word, &mut tokens);
                tokens.push(Token::Space(Style::new()));
            }
            Piece::Hard => {
                end_word(&mut word, &mut tokens);
                tokens.push(Token::Break);
            }
            Piece::Text { text, style, mark } => {
                for g in graphemes(text) {
                    if g == " " || g == "\n" {
                        end_word(&mut word, &mut tokens);
                        tokens.push(Token::Space(*style));
                    } else {
                        let w = g.width();
                        let current = word.get_or_insert_with(|| Word { graphemes: Vec::new(), width: 0, wide: false });
                        current.graphemes.push((g, *style, *mark));
                        current.width += w;
                        current.wide |= w > 1;
                    }
                }
            }
        }
    }
    end_word(&mut word, &mut tokens);
    tokens
}

/// Builds lines span by span, merging neighbours of the same style.
struct LineBuilder {
    width: usize,
    lines: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    used: usize,
    marks: Vec<(u32, usize)>,
}

impl LineBuilder {
    fn push(&mut self, text: &str, style: Style, mark: u32, w: usize) {
        if mark != 0 && !self.marks.iter().any(|(m, _)| *m == mark) {
            self.marks.push((mark, self.lines.len()));
        }
        self.used += w;
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => self.spans.push(Span::styled(text.to_string(), style)),
        }
    }

    fn flush(&mut self) {
        self.lines.push(Line::from(std::mem::take(&mut self.spans)));
        self.used = 0;
    }

    fn push_word(&mut self, word: &Word<'_>) {
        for &(g, style, mark) in &word.graphemes {
            self.push(g, style, mark, g.width());
        }
    }

    /// Cuts a word across lines: after a URL separator near the edge when there is one, else at
    /// the edge itself.
    fn split_word(&mut self, word: &Word<'_>) {
        let graphemes = &word.graphemes;
        let mut i = 0;
        while i < graphemes.len() {
            let room = self.width - self.used.min(self.width);
            let (mut fit, mut cols) = (0, 0);
            while i + fit < graphemes.len() && cols + graphemes[i + fit].0.width() <= room {
                cols += graphemes[i + fit].0.width();
                fit += 1;
            }
            if fit == 0 && self.used == 0 {
                fit = 1; // A grapheme wider than the whole line: it gets a line of its own.
            }
            if i + fit < graphemes.len() && !word.wide {
                let look = (fit / BREAK_LOOKBACK_DIVISOR).max(1);
                if let Some(b) = (fit.saturating_sub(look)..fit).rev().find(|&k| k > 0 && is_break_after(graphemes[i + k - 1].0)) {
                    fit = b;
                }
            }
            for &(g, style, mark) in &graphemes[i..i + fit] {
                self.push(g, style, mark, g.width());
            }
            i += fit;
            if i < graphemes.len() {
                self.flush();
            }
        }
    }
}

/// Wraps inline pieces to `width` display columns (at least 1).
pub(crate) fn wrap(pieces: &[Piece], width: usize) -> Wrapped {
    let width = width.max(1);
    let mut b = LineBuilder { width, lines: Vec::new(), spans: Vec::new(), used: 0, marks: Vec::new() };
    let mut space: Option<Style> = None;
    let mut started = false;
    for token in tokenize(pieces) {
        match token {
            Token::Space(style) => space = space.or(Some(style)),
            Token::Break => {
                b.flush();
                space = None;
                started = true;
            }
            Token::Word(word) => {
                started = true;
                let gap = usize::from(space.is_some() && b.used > 0);
                if b.used + gap + word.width <= width {
                    if gap == 1 {
                        b.push(" ", space.unwrap_or_default(), 0, 1);
                    }
                    b.push_word(&word);
                } else if word.width <= width && !word.wide {
                    b.flush();
                    b.push_word(&word);
                } else {
                    if b.used > 0 && (width - b.used.min(width)) < MIN_SPLIT_COLUMNS.min(width / 2) + gap && !word.wide {
                        b.flush();
                    } else if gap == 1 && b.used + 1 < width {
                        b.push(" ", space.unwrap_or_default(), 0, 1);
                    }
                    b.split_word(&word);
                }
                space = None;
            }
        }
    }
    if started && (!b.spans.is_empty() || b.lines.is_empty()) {
        b.flush();
    }
    Wrapped { lines: b.lines, marks: b.marks }
}

/// Cuts a line to `max` columns, ending it with `marker` when something was cut.
pub fn truncate(line: Line<'static>, max: usize, marker: &str, marker_style: Style) -> Line<'static> {
    if line_width(&line) <= max {
        return line;
    }
    let room = max.saturating_sub(width(marker));
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    'spans: for span in line.spans {
        let mut kept = String::new();
        for g in graphemes(&span.content) {
            let w = g.width();
            if used + w > room {
                if !kept.is_empty() {
                    out.push(Span::styled(kept, span.style));
                }
                break 'spans;
            }
            used += w;
            kept.push_str(g);
        }
        out.push(Span::styled(kept, span.style));
    }
    if width(marker) <= max {
        out.push(Span::styled(marker.to_string(), marker_style));
    }
    Line { spans: out, ..line }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, w: usize) -> Vec<String> {
        wrap(&[Piece::text(text, Style::new())], w).lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn words_wrap_at_spaces_by_display_width() {
        assert_eq!(plain("héllo wörld again", 11), ["héllo wörld", "again"]);
    }

    #[test]
    fn cjk_breaks_between_characters_and_counts_double() {
        let lines = plain("日本語のテキストです", 8);
        assert_eq!(lines, ["日本語の", "テキスト", "です"]);
        assert!(lines.iter().all(|l| width(l) <= 8));
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let text = "cafe\u{301} cafe\u{301} cafe\u{301}";
        let lines = plain(text, 9);
        assert_eq!(lines, ["cafe\u{301} cafe\u{301}", "cafe\u{301}"]);
    }

    #[test]
    fn long_urls_break_instead_of_overflowing() {
        let lines = plain("see https://example.com/a/very/long/path/that/goes/on", 20);
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), "seehttps://example.com/a/very/long/path/that/goes/on");
        assert_eq!(lines[..2], ["see https://example.", "com/a/very/long/"]);
    }

    #[test]
    fn emoji_count_two_columns() {
        let lines = plain("🦀🦀🦀 🦀🦀", 7);
        assert_eq!(lines, ["🦀🦀🦀", "🦀🦀"]);
    }

    #[test]
    fn hard_breaks_force_a_new_line_and_soft_breaks_are_spaces() {
        let pieces =
            [Piece::text("a", Style::new()), Piece::Soft, Piece::text("b", Style::new()), Piece::Hard, Piece::text("c", Style::new())];
        let lines: Vec<String> = wrap(&pieces, 20).lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, ["a b", "c"]);
    }

    #[test]
    fn marks_report_the_line_they_land_on() {
        let pieces = [Piece::text("one two three ", Style::new()), Piece::Text { text: "link".into(), style: Style::new(), mark: 7 }];
        assert_eq!(wrap(&pieces, 10).marks, [(7, 1)]);
    }

    #[test]
    fn fast_grapheme_split_matches_full_segmentation() {
        for text in ["plain ascii", "cafe\u{301} déjà", "a🦀b👩\u{200d}💻c", "日本語 text", "e\u{301}\u{302}x", ""] {
            let fast: Vec<&str> = graphemes(text).collect();
            let full: Vec<&str> = text.graphemes(true).collect();
            assert_eq!(fast, full, "{text:?}");
        }
    }

    #[test]
    fn truncate_adds_a_marker_within_the_width() {
        let line = truncate(Line::from("abcdefghij"), 6, "→", Style::new());
        assert_eq!(line.to_string(), "abcde→");
    }
}
