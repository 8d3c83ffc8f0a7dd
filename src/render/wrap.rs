//! Display-width wrapping of styled inline text: words break at spaces, CJK anywhere, and a word
//! wider than the line is cut so that no line ever exceeds the width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A word that would leave less than this many columns on the current line starts a new line
/// instead of being cut there (cutting a URL after two characters reads badly).
const MIN_SPLIT_COLUMNS: usize = 8;

/// Stands for a character wider than the whole line.
const TOO_WIDE: &str = "…";

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

/// Blanks for padding, borrowed rather than allocated line after line.
const SPACES: &str =
    "                                                                                                                                ";

/// `n` spaces as text, without allocating when `n` is small.
pub(crate) fn spaces(n: usize) -> std::borrow::Cow<'static, str> {
    match SPACES.get(..n) {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(" ".repeat(n)),
    }
}

/// Lines produced by [`wrap`], with the first line each mark appears on, and every stretch of
/// marked text: (mark, line, display columns).
#[derive(Debug, Default)]
pub(crate) struct Wrapped {
    pub lines: Vec<Line<'static>>,
    pub marks: Vec<(u32, usize)>,
    pub spots: Vec<(u32, usize, std::ops::Range<usize>)>,
}

/// The display width of a string, measured grapheme by grapheme as the terminal draws it.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        // Rendered text is sanitized: no control characters, so every byte is one column.
        return text.len();
    }
    let mut total = 0;
    for c in text.chars() {
        if !stands_alone(c) {
            return graphemes(text).map(UnicodeWidthStr::width).sum();
        }
        total += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    total
}

/// Grapheme clusters of a string. Full segmentation is slow, so runs of characters that always
/// stand alone (ASCII, Latin, box drawing, CJK...) are split per character; only the stretches
/// around combining marks, joiners and emoji go through the full algorithm.
pub(crate) fn graphemes(text: &str) -> Graphemes<'_> {
    Graphemes { text, pos: 0, inner: None }
}

/// Zero-width joiner: what follows it may belong to the same cluster.
const ZWJ: char = '\u{200d}';

/// A character that is a cluster of its own unless what follows extends it.
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{2ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2100}'..='\u{2bff}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30a0}'..='\u{30ff}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{ff01}'..='\u{ff60}')
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
        let rest = &self.text[self.pos..];
        let mut chars = rest.char_indices();
        let (_, c) = chars.next()?;
        let len = c.len_utf8();
        let next = rest[len..].chars().next();
        if stands_alone(c) && next.is_none_or(stands_alone) {
            self.pos += len;
            return Some(&rest[..len]);
        }
        // A stretch up to the next character that surely starts a cluster.
        let mut prev = c;
        let mut end = rest.len();
        for (i, ch) in chars {
            if stands_alone(ch) && prev != ZWJ {
                end = i;
                break;
            }
            prev = ch;
        }
        self.pos += end;
        let mut inner = rest[..end].graphemes(true);
        let first = inner.next();
        self.inner = Some(inner);
        first
    }
}

/// The display width of a line.
pub fn line_width(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| width(&s.content)).sum()
}

/// A grapheme with its style, mark and display width.
#[derive(Clone, Copy)]
struct Glyph<'a> {
    /// The piece's text this grapheme is a slice of (neighbours from one piece are pushed together).
    source: &'a str,
    start: usize,
    end: usize,
    style: Style,
    mark: u32,
    width: usize,
}

impl<'a> Glyph<'a> {
    fn text(&self) -> &'a str {
        &self.source[self.start..self.end]
    }
}

/// A word: consecutive non-space glyphs (a range of the glyph list).
struct Word {
    start: usize,
    end: usize,
    width: usize,
    wide: bool,
}

enum Token {
    Space(Style),
    Word(Word),
    Break,
}

/// Splits pieces into glyphs and the words, spaces and breaks over them (one allocation each).
fn tokenize(pieces: &[Piece]) -> (Vec<Glyph<'_>>, Vec<Token>) {
    let bytes: usize = pieces.iter().map(|p| if let Piece::Text { text, .. } = p { text.len() } else { 0 }).sum();
    let mut glyphs: Vec<Glyph<'_>> = Vec::with_capacity(bytes);
    let mut tokens = Vec::new();
    let mut word: Option<Word> = None;
    let end_word = |word: &mut Option<Word>, tokens: &mut Vec<Token>| {
        if let Some(w) = word.take() {
            tokens.push(Token::Word(w));
        }
    };
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
                let first_width = joined_width(word.as_ref().and(glyphs.last()), text);
                let mut add = |start: usize, end: usize, w: usize, space: bool| {
                    if space {
                        end_word(&mut word, &mut tokens);
                        tokens.push(Token::Space(*style));
                    } else {
                        let at = glyphs.len();
                        glyphs.push(Glyph { source: text, start, end, style: *style, mark: *mark, width: w });
                        let current = word.get_or_insert(Word { start: at, end: at, width: 0, wide: false });
                        current.end = at + 1;
                        current.width += w;
                        current.wide |= w > 1;
                    }
                };
                if text.is_ascii() {
                    text.bytes().enumerate().for_each(|(i, b)| add(i, i + 1, 1, b == b' ' || b == b'\n'));
                } else {
                    let mut offset = 0;
                    for g in graphemes(text) {
                        let w = if offset == 0 { first_width.unwrap_or_else(|| g.width()) } else { g.width() };
                        add(offset, offset + g.len(), w, g == " " || g == "\n");
                        offset += g.len();
                    }
                }
            }
        }
    }
    end_word(&mut word, &mut tokens);
    (glyphs, tokens)
}

/// The width a piece's first grapheme adds when it extends the glyph before it: pulldown-cmark
/// cuts `*️` (an unmatched `*` then U+FE0F) into two texts, and the pair is two columns wide
/// where `*` alone is one and U+FE0F alone none. `None` when nothing is extended.
fn joined_width(previous: Option<&Glyph<'_>>, text: &str) -> Option<usize> {
    let previous = previous?;
    text.chars().next().filter(|c| !stands_alone(*c))?;
    let first = graphemes(text).next()?;
    let before = &previous.source[previous.start..previous.end];
    let joined = format!("{before}{first}");
    let cluster = graphemes(&joined).next()?;
    (cluster.len() == joined.len()).then(|| width(&joined).saturating_sub(previous.width))
}

/// Builds lines span by span, merging neighbours of the same style.
struct LineBuilder {
    width: usize,
    lines: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    used: usize,
    marks: Vec<(u32, usize)>,
    spots: Vec<(u32, usize, std::ops::Range<usize>)>,
}

impl LineBuilder {
    fn push(&mut self, text: &str, style: Style, mark: u32, w: usize) {
        // A link's text is contiguous, so a mark already seen is the last one recorded.
        if mark != 0 && self.marks.last().is_none_or(|(m, _)| *m != mark) {
            self.marks.push((mark, self.lines.len()));
        }
        if mark != 0 {
            let (line, at) = (self.lines.len(), self.used);
            match self.spots.last_mut() {
                // The space between two words of a link is part of it.
                Some((m, l, columns)) if *m == mark && *l == line && columns.end + 1 >= at => columns.end = at + w,
                _ => self.spots.push((mark, line, at..at + w)),
            }
        }
        self.used += w;
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => {
                // Room for the rest of the line, so the span grows without reallocating.
                let mut content = String::with_capacity(self.width.saturating_sub(self.used).max(text.len()));
                content.push_str(text);
                self.spans.push(Span::styled(content, style));
            }
        }
    }

    fn flush(&mut self) {
        self.lines.push(Line::from(std::mem::take(&mut self.spans)));
        self.used = 0;
    }

    /// Pushes glyphs, one slice per run of neighbours from the same piece.
    fn push_word(&mut self, glyphs: &[Glyph<'_>]) {
        let mut i = 0;
        while i < glyphs.len() {
            let first = glyphs[i];
            let (mut end, mut width, mut j) = (first.end, first.width, i + 1);
            while j < glyphs.len() && std::ptr::eq(glyphs[j].source, first.source) && glyphs[j].start == end {
                end = glyphs[j].end;
                width += glyphs[j].width;
                j += 1;
            }
            self.push(&first.source[first.start..end], first.style, first.mark, width);
            i = j;
        }
    }

    /// Cuts a word across lines: after a URL separator near the edge when there is one, else at
    /// the edge itself.
    fn split_word(&mut self, glyphs: &[Glyph<'_>], wide: bool) {
        let mut i = 0;
        while i < glyphs.len() {
            let room = self.width - self.used.min(self.width);
            let (mut fit, mut cols) = (0, 0);
            while i + fit < glyphs.len() && cols + glyphs[i + fit].width <= room {
                cols += glyphs[i + fit].width;
                fit += 1;
            }
            if fit == 0 && self.used == 0 {
                // A grapheme wider than the whole line (a CJK character in one column) cannot be
                // shown: a one-column marker stands in for it.
                self.push(TOO_WIDE, glyphs[i].style, glyphs[i].mark, 1);
                i += 1;
                if i < glyphs.len() {
                    self.flush();
                }
                continue;
            }
            if i + fit < glyphs.len() && !wide {
                let look = (fit / BREAK_LOOKBACK_DIVISOR).max(1);
                if let Some(b) = (fit.saturating_sub(look)..fit).rev().find(|&k| k > 0 && is_break_after(glyphs[i + k - 1].text())) {
                    fit = b;
                }
            }
            self.push_word(&glyphs[i..i + fit]);
            i += fit;
            if i < glyphs.len() {
                self.flush();
            }
        }
    }
}

/// Wraps inline pieces to `width` display columns (at least 1).
pub(crate) fn wrap(pieces: &[Piece], width: usize) -> Wrapped {
    let width = width.max(1);
    let mut b = LineBuilder { width, lines: Vec::new(), spans: Vec::new(), used: 0, marks: Vec::new(), spots: Vec::new() };
    let mut space: Option<Style> = None;
    let mut started = false;
    let (glyphs, tokens) = tokenize(pieces);
    for token in tokens {
        match token {
            Token::Space(style) => space = space.or(Some(style)),
            Token::Break => {
                b.flush();
                space = None;
                started = true;
            }
            Token::Word(word) => {
                started = true;
                let letters = &glyphs[word.start..word.end];
                let gap = usize::from(space.is_some() && b.used > 0);
                if b.used + gap + word.width <= width {
                    if gap == 1 {
                        b.push(" ", space.unwrap_or_default(), 0, 1);
                    }
                    b.push_word(letters);
                } else if word.width <= width && !word.wide {
                    b.flush();
                    b.push_word(letters);
                } else {
                    if b.used > 0 && (width - b.used.min(width)) < MIN_SPLIT_COLUMNS.min(width / 2) + gap && !word.wide {
                        b.flush();
                    } else if gap == 1 && b.used + 1 < width {
                        b.push(" ", space.unwrap_or_default(), 0, 1);
                    }
                    b.split_word(letters, word.wide);
                }
                space = None;
            }
        }
    }
    if started && (!b.spans.is_empty() || b.lines.is_empty()) {
        b.flush();
    }
    Wrapped { lines: b.lines, marks: b.marks, spots: b.spots }
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
    fn a_character_wider_than_the_line_is_replaced_not_overflowing() {
        assert_eq!(plain("日本", 1), ["…", "…"]);
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
        let samples = [
            "plain ascii",
            "cafe\u{301} déjà",
            "a🦀b👩\u{200d}💻c",
            "日本語 text",
            "e\u{301}\u{302}x",
            "",
            "👨\u{200d}⚕x",
            "☀\u{fe0f}!",
            "┃ │ ─",
        ];
        for text in samples {
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
