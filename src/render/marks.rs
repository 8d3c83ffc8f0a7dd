//! Search matches in rendered text: restyled in place, their lines reported for jumping.

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};

/// Returns a copy with every case-insensitive occurrence of `needle` restyled, and the line indices of matches.
/// A match may span several spans of a line, never two lines.
pub fn mark_matches(text: &Text<'static>, needle: &str, style: Style) -> (Text<'static>, Vec<usize>) {
    let needle: Vec<char> = needle.chars().map(fold).collect();
    let mut out = text.clone();
    let mut hits = Vec::new();
    if needle.is_empty() {
        return (out, hits);
    }
    for (index, line) in out.lines.iter_mut().enumerate() {
        let ranges = find(line, &needle);
        if !ranges.is_empty() {
            hits.push(index);
            *line = restyle(line, &ranges, style);
        }
    }
    (out, hits)
}

/// One char's folded form: lowercase (its first char: enough for highlighting), and the curly
/// quotes and dashes smart punctuation put in rendered text as the ASCII a user types.
fn fold(c: char) -> char {
    match c {
        '‘' | '’' => '\'',
        '“' | '”' => '"',
        '–' | '—' => '-',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Byte ranges of the line's text (spans joined) that match.
fn find(line: &Line<'_>, needle: &[char]) -> Vec<(usize, usize)> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold(c))).collect();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i + needle.len() <= chars.len() {
        if chars[i..i + needle.len()].iter().map(|(_, c)| *c).eq(needle.iter().copied()) {
            let start = chars[i].0;
            let end = chars.get(i + needle.len()).map_or(text.len(), |(b, _)| *b);
            ranges.push((start, end));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    ranges
}

/// The line with the byte ranges (over the joined text) patched with `style`.
fn restyle(line: &Line<'static>, ranges: &[(usize, usize)], style: Style) -> Line<'static> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for span in &line.spans {
        let content = span.content.as_ref();
        let (start, end) = (offset, offset + content.len());
        let mut cuts = vec![start];
        for &(a, b) in ranges {
            for x in [a, b] {
                if x > start && x < end {
                    cuts.push(x);
                }
            }
        }
        cuts.push(end);
        cuts.sort_unstable();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a == b {
                continue;
            }
            let inside = ranges.iter().any(|&(x, y)| a >= x && b <= y);
            let piece_style = if inside { span.style.patch(style) } else { span.style };
            spans.push(Span::styled(content[a - start..b - start].to_string(), piece_style));
        }
        offset = end;
    }
    Line { spans, ..line.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn matches_are_case_insensitive_and_restyled_across_spans() {
        let text = Text::from(vec![
            Line::from(vec![Span::raw("Docker "), Span::styled("DOC", Style::new().add_modifier(Modifier::BOLD)), Span::raw("s")]),
            Line::from("nothing here"),
            Line::from("Écoute éc"),
        ]);
        let mark = Style::new().bg(Color::Yellow);
        let (out, lines) = mark_matches(&text, "docs", mark);
        assert_eq!(lines, [0]);
        let spans: Vec<(&str, Option<Color>)> = out.lines[0].spans.iter().map(|s| (s.content.as_ref(), s.style.bg)).collect();
        assert_eq!(spans, [("Docker ", None), ("DOC", Some(Color::Yellow)), ("s", Some(Color::Yellow))]);
        assert!(out.lines[0].spans[1].style.add_modifier.contains(Modifier::BOLD));
        assert_eq!(mark_matches(&text, "éc", mark).1, [2]);
        assert_eq!(out.lines[1], text.lines[1]);
    }

    #[test]
    fn typed_quotes_match_smart_punctuation() {
        let text = Text::from("it’s “quoted” – ok");
        assert_eq!(mark_matches(&text, "it's \"quoted\" -", Style::new()).1, [0]);
    }

    #[test]
    fn an_empty_needle_marks_nothing() {
        let text = Text::from("abc");
        assert_eq!(mark_matches(&text, "", Style::new()).1, Vec::<usize>::new());
    }
}
