//! Search matches in rendered text: restyled in place, their lines reported for jumping. A match
//! is a word the search looks for, as body search finds them ([`crate::search::words`]).

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};

/// Returns a copy with every word of `needle` restyled where it occurs (its last word as the
/// beginning of a word, case and accents folded), and the line indices of matches.
pub fn mark_matches(text: &Text<'static>, needle: &str, style: Style) -> (Text<'static>, Vec<usize>) {
    let mut out = text.clone();
    let mut hits = Vec::new();
    let Some(words) = crate::search::words::Words::parse(needle) else {
        return (out, hits);
    };
    let mut buf = String::new();
    for (index, line) in out.lines.iter_mut().enumerate() {
        let ranges = find(line, &words, &mut buf);
        if !ranges.is_empty() {
            hits.push(index);
            *line = restyle(line, &ranges, style);
        }
    }
    (out, hits)
}

/// Byte ranges of the line's text (spans joined) that are words searched for. A word may span
/// several spans (`DOC` bold, then `s`).
fn find(line: &Line<'_>, words: &crate::search::words::Words, buf: &mut String) -> Vec<(usize, usize)> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut ranges = Vec::new();
    crate::search::words::for_each_word(&text, buf, |range, word| {
        if words.has(word) {
            ranges.push((range.start, range.end));
        }
        std::ops::ControlFlow::Continue(())
    });
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
    fn typed_and_smart_punctuation_both_separate_words() {
        let text = Text::from("it’s “quoted” – ok");
        assert_eq!(mark_matches(&text, "it's \"quoted\" -", Style::new()).1, [0]);
    }

    #[test]
    fn words_are_marked_whole_wherever_they_are_on_the_line() {
        let text = Text::from(vec![Line::from("a buffered channel holds values"), Line::from("holdings")]);
        let (out, lines) = mark_matches(&text, "channel hold", Style::new().bg(Color::Yellow));
        assert_eq!(lines, [0, 1], "the last word as a prefix");
        let marked: Vec<&str> = out.lines[0].spans.iter().filter(|s| s.style.bg.is_some()).map(|s| s.content.as_ref()).collect();
        assert_eq!(marked, ["channel", "holds"]);
        assert_eq!(mark_matches(&text, "annel", Style::new()).1, Vec::<usize>::new(), "words match from their beginning");
    }

    #[test]
    fn an_empty_needle_marks_nothing() {
        let text = Text::from("abc");
        assert_eq!(mark_matches(&text, "", Style::new()).1, Vec::<usize>::new());
    }
}
