//! The post header: front matter as a tidy block above the body.

use ratatui::text::{Line, Span};

use super::RenderStyles;
use super::wrap::{self, Piece};
use crate::post::{Post, Status};

/// Separates metadata items on one line.
const SEPARATOR: &str = " · ";

/// Title, then date · authors · badge, then tags, then the description, then a rule.
pub(crate) fn render(post: &Post, width: usize, styles: &RenderStyles) -> Vec<Line<'static>> {
    let clean = |s: &str| crate::text::sanitize(s).into_owned();
    // Without a title key the title is the body's first heading: showing it twice reads as a bug.
    let has_title_key = post.fields().iter().any(|(k, _)| k.eq_ignore_ascii_case("title"));
    // (Looked for only without a title key: it reads every line of the body.)
    let title_is_a_heading = || post.body.as_deref().unwrap_or_default().lines().any(|l| l.trim_start_matches('#').trim() == post.title);
    let mut out = if has_title_key || !title_is_a_heading() {
        wrap::wrap(&[Piece::text(clean(&post.title), styles.header_title)], width).lines
    } else {
        Vec::new()
    };
    let mut meta: Vec<Piece> = Vec::new();
    let add = |pieces: &mut Vec<Piece>, text: String, style| {
        if !pieces.is_empty() {
            pieces.push(Piece::text(SEPARATOR, styles.header_meta));
        }
        pieces.push(Piece::text(text, style));
    };
    if let Some(date) = &post.date {
        add(&mut meta, date.to_string(), styles.header_meta);
    }
    if !post.authors.is_empty() {
        add(&mut meta, clean(&post.authors.join(", ")), styles.header_meta);
    }
    if post.status != Status::Published {
        add(&mut meta, post.status.badge().to_string(), styles.header_badge);
    }
    // An empty body has nothing to time.
    if let (Some(words @ 1..), Some(minutes)) = (post.words, post.reading_minutes()) {
        // Each figure stays with its unit: no-break spaces while wrapping, plain ones after.
        add(&mut meta, word_count(words).replace(' ', "\u{a0}"), styles.header_meta);
        add(&mut meta, format!("{minutes}\u{a0}min\u{a0}read"), styles.header_meta);
    }
    out.extend(wrap::wrap(&meta, width).lines.into_iter().map(plain_spaces));
    if !post.tags.is_empty() {
        let mut tags = Vec::new();
        for (i, tag) in post.tags.iter().enumerate() {
            if i > 0 {
                tags.push(Piece::text(" ", styles.header_meta));
            }
            // Tags with spaces stay one visual unit: a no-break space while wrapping, ...
            tags.push(Piece::text(format!("#{}", clean(tag).replace(' ', "\u{a0}")), styles.header_tag));
        }
        // ... and a plain space once wrapped, so `grep 'two words'` finds the tag in the output.
        out.extend(wrap::wrap(&tags, width).lines.into_iter().map(plain_spaces));
    }
    if let Some(description) = &post.description {
        let style = styles.header_meta.add_modifier(ratatui::style::Modifier::ITALIC);
        out.extend(wrap::wrap(&[Piece::text(clean(description), style)], width).lines);
    }
    out.push(Line::from(Span::styled("─".repeat(width), styles.rule)));
    out.push(Line::default());
    out
}

/// `1 word`, `812 words`, `12,480 words`: thousands grouped as English prose writes them.
fn word_count(words: u32) -> String {
    let digits = words.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    format!("{grouped} {}", if words == 1 { "word" } else { "words" })
}

/// The line with its no-break spaces made plain spaces.
fn plain_spaces(mut line: Line<'static>) -> Line<'static> {
    for span in &mut line.spans {
        if span.content.contains('\u{a0}') {
            span.content = span.content.replace('\u{a0}', " ").into();
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn post(text: &str) -> Post {
        crate::post::parse(PathBuf::from("p.md"), text.as_bytes(), crate::post::FileStamp { modified: None, len: 0, hash: 0 })
    }

    fn lines(p: &Post, width: usize) -> Vec<String> {
        render(p, width, &RenderStyles::default()).iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn header_shows_title_date_author_badge_tags_and_description() {
        let p = post("---\ntitle: Hello\ndate: 2020-01-02\nauthor: Ann\ndraft: true\ntags: [a, b c]\ndescription: About it.\n---\nBody\n");
        assert_eq!(lines(&p, 50), ["Hello", "2020-01-02 · Ann · draft · 1 word · 1 min read", "#a #b c", "About it.", &"─".repeat(50), ""]);
    }

    #[test]
    fn word_count_and_reading_time_follow_the_date_and_wrap_with_it() {
        let p = post(&format!("---\ntitle: T\ndate: 2020-01-02\n---\n{}", "word ".repeat(12_345)));
        assert_eq!(lines(&p, 80)[1], "2020-01-02 · 12,345 words · 54 min read");
        assert_eq!(lines(&p, 30)[1..3], ["2020-01-02 · 12,345 words ·", "54 min read"]);
        assert_eq!(lines(&p, 20)[1..4], ["2020-01-02 ·", "12,345 words ·", "54 min read"]);
        let empty = post("---\ntitle: T\ndate: 2020-01-02\n---\n");
        assert_eq!(lines(&empty, 80)[1], "2020-01-02", "no count for an empty body");
        assert_eq!(word_count(999), "999 words");
        assert_eq!(word_count(1_000_000), "1,000,000 words");
    }

    #[test]
    fn a_tag_with_a_space_wraps_as_one_and_prints_a_plain_space() {
        let p = post("---\ntitle: T\ntags: [aaaa, security scanning]\n---\n");
        assert_eq!(lines(&p, 20)[1..3], ["#aaaa", "#security scanning"]);
    }

    #[test]
    fn a_title_taken_from_the_first_heading_is_not_shown_twice() {
        let p = post("# Heading title\n\nText.\n");
        assert_eq!(lines(&p, 30), ["3 words · 1 min read".to_string(), "─".repeat(30), String::new()]);
        let from_file_name = crate::post::parse(
            PathBuf::from("2020-01-01-named.md"),
            b"no heading",
            crate::post::FileStamp { modified: None, len: 0, hash: 0 },
        );
        assert_eq!(lines(&from_file_name, 20)[0], "named");
    }

    #[test]
    fn control_characters_in_front_matter_are_made_visible() {
        let p = post("---\ntitle: \"a\\e[2Jb\"\n---\n");
        assert_eq!(lines(&p, 20)[0], "a^[[2Jb");
    }
}
