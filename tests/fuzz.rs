//! Property tests: the post parser survives random bytes and random front-matter-shaped text.
//!
//! A short run is part of `cargo test`; for a long one, set `QUIRE_FUZZ_CASES` (e.g. 200000) and
//! run `cargo test --release --test fuzz`.

use std::path::PathBuf;

use proptest::prelude::*;
use quire::post::{FileStamp, Post, parse};

/// Cases per property in an ordinary `cargo test` (a few seconds in debug).
const DEFAULT_CASES: u32 = 2048;

fn config() -> ProptestConfig {
    let cases = std::env::var("QUIRE_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_CASES);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn parse_bytes(bytes: &[u8]) -> Post {
    parse(PathBuf::from("blog/2020-01-02-fuzzed.md"), bytes, FileStamp { modified: None, len: bytes.len() as u64, hash: 0 })
}

/// What must hold for any input: a title to show, problems that point inside the file.
fn check_invariants(bytes: &[u8], post: &Post) -> Result<(), TestCaseError> {
    prop_assert!(!post.title.is_empty(), "every post has a title to show");
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    for problem in &post.problems {
        prop_assert!(!problem.message.is_empty());
        if let Some(line) = problem.line {
            prop_assert!((1..=lines + 1).contains(&line), "problem line {line} outside a {lines}-line file: {}", problem.message);
        }
    }
    prop_assert!(post.body_line >= 1);
    Ok(())
}

/// Pieces real front matter is made of, and the ways it goes wrong.
const FRAGMENTS: [&str; 40] = [
    "---",
    "+++",
    "...",
    "{",
    "}",
    "title: ",
    "title = ",
    "\"title\": ",
    "date: ",
    "date = ",
    "2020-01-02",
    "2019-05-30 4:00:00 +0000",
    "2014-12-10T10:00:00+01:00",
    "9999-99-99",
    "tags: ",
    "tags = ",
    "[",
    "]",
    "\"",
    "'",
    ", ",
    "- ",
    "  ",
    "\t",
    ":",
    "=",
    "#",
    "draft: true",
    "draft = true",
    "published: false",
    "[taxonomies]",
    "[extra]",
    "&anchor ",
    "*anchor",
    "!!binary ",
    "Événement à l’école",
    "東京 🍜",
    "\x1b[2J",
    "\u{feff}",
    "# Heading",
];

/// Front-matter-shaped text: a fence, lines of fragments with mixed line endings, maybe a closing fence.
fn front_matter_text() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(prop::sample::select(&FRAGMENTS[..]), 0..6).prop_map(|parts| parts.concat());
    let ending = prop::sample::select(&["\n", "\r\n", "\r", ""][..]);
    (prop::collection::vec((line, ending), 0..24), any::<bool>()).prop_map(|(lines, close)| {
        let mut text: String = lines.into_iter().map(|(l, e)| l + e).collect();
        if close {
            text.push_str("---\nBody\n");
        }
        text
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let post = parse_bytes(&bytes);
        check_invariants(&bytes, &post)?;
    }

    #[test]
    fn random_front_matter_never_panics(text in front_matter_text()) {
        let post = parse_bytes(text.as_bytes());
        check_invariants(text.as_bytes(), &post)?;
    }

    #[test]
    fn the_body_after_a_closed_fence_is_kept_exactly(body in "\\PC{0,200}", fence in prop::sample::select(&["---", "+++"][..])) {
        let text = format!("{fence}\ntitle = \"x\"\n{fence}\n{body}");
        let post = parse_bytes(text.as_bytes());
        check_invariants(text.as_bytes(), &post)?;
        prop_assert_eq!(post.body, Some(body));
    }
}

/// Inputs the long runs found, kept so they stay fixed.
mod regressions {
    use super::*;

    #[test]
    fn an_offset_with_a_multibyte_letter_is_not_a_date_and_not_a_panic() {
        assert_eq!(quire::post::dates::parse("2020-01-01 10:00 +1é2"), None);
    }

    #[test]
    fn blank_lines_inside_nested_quotes_fit_a_width_of_one() {
        let result = render_fits("<blockquote>\n<blockquote>\n\n# \n\n# ", 1);
        assert!(result.is_ok(), "{result:?}");
        let result = render_fits(&format!("{}\n\ntext", "> ".repeat(50)), 3);
        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn an_emoji_cut_in_two_by_an_unmatched_star_is_measured_whole() {
        // `*` then U+FE0F: pulldown-cmark yields two texts; together they take two columns.
        for width in [1, 3, 18] {
            let result = render_fits("*\u{fe0f} A b c d e f g h i j k l `!x y`", width);
            assert!(result.is_ok(), "{result:?}");
        }
    }

    #[test]
    fn a_yaml_error_after_lone_carriage_returns_points_inside_the_file() {
        let text = "---\n---\r\"\ntitle = ---\r\r\rdate = \n---\nBody\n";
        let post = parse_bytes(text.as_bytes());
        let result = check_invariants(text.as_bytes(), &post);
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(post.problems.len(), 1);
    }

    #[test]
    fn a_bad_date_after_a_line_starting_with_an_accent_is_a_problem_not_a_panic() {
        let text = "---\nÉvénement à l’école\n\ndate: =\n---\nBody\n";
        let post = parse_bytes(text.as_bytes());
        assert!(post.problems.iter().any(|p| p.message.contains("not a date")), "{:?}", post.problems);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_date_text_never_panics(text in "(20[0-9]{2}-0[1-9]-[0-2][1-9]|[0-9-]{6,10})([ T][0-2]?[0-9]:[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,3})?)?)? ?(Z|UTC|[+-][0-9é:]{0,4})?\\PC{0,2}") {
        let _ = quire::post::dates::parse(&text);
        let yaml = format!("---\ndate: \"{}\"\n---\n", text.replace('"', ""));
        check_invariants(yaml.as_bytes(), &parse_bytes(yaml.as_bytes()))?;
    }
}

/// Pieces of Markdown and of what blogs put in it, including text that is hard to measure.
const MARKDOWN: [&str; 48] = [
    "# ",
    "## ",
    "###### ",
    "- ",
    "* ",
    "1. ",
    "  ",
    "    ",
    "> ",
    ">> ",
    "- [ ] ",
    "- [x] ",
    "```",
    "```rust",
    "~~~",
    "| a | b |",
    "|---|:-:|",
    "| ",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "[link](https://example.com)",
    "![img](/i.png)",
    "[^1]",
    "[^1]: note",
    "<details>",
    "</details>",
    "<kbd>Ctrl</kbd>",
    "<blockquote>",
    "<img src=x>",
    "{{< figure src=\"a\" >}}",
    "{% include x.html %}",
    "> [!NOTE]",
    "word ",
    "averyveryveryveryveryverylongwordwithoutanyspaceatall",
    "東京の",
    "🍜",
    "👩\u{200d}💻",
    "e\u{301}",
    "ｗｉｄｅ",
    "שלום",
    "\t",
    "\u{200b}",
    "\x1b[31m",
    "\r",
    "---",
];

/// Markdown-shaped text: lines of fragments.
fn markdown_text() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(prop::sample::select(&MARKDOWN[..]), 0..8).prop_map(|parts| parts.concat());
    prop::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
}

/// Renders at `width` and checks every line fits.
fn render_fits(markdown: &str, width: u16) -> Result<(), TestCaseError> {
    use quire::render::{RenderOptions, RenderStyles, render_markdown, wrap};
    let styles = RenderStyles::default();
    let rendered = render_markdown(markdown, &RenderOptions { width, styles: &styles });
    let list = rendered.link_list();
    for (i, line) in rendered.text.lines.iter().enumerate() {
        let (ours, ratatui) = (wrap::line_width(line), line.width());
        // The numbered link list holds each URL whole, past the width.
        prop_assert!(
            list.contains(&i) || ours <= usize::from(width) && ratatui <= usize::from(width),
            "width {width}, line {i} is {ours}/{ratatui} wide: {line:?}"
        );
        for span in &line.spans {
            prop_assert!(!span.content.contains('\x1b'), "raw ESC in a rendered line: {line:?}");
        }
    }
    Ok(())
}

/// Rendering is slower than parsing: fewer cases in an ordinary run.
fn render_config() -> ProptestConfig {
    let base = config();
    ProptestConfig { cases: (base.cases / 8).max(1), ..base }
}

proptest! {
    #![proptest_config(render_config())]

    #[test]
    fn rendered_markdown_never_exceeds_the_width(text in markdown_text(), width in 1u16..=300) {
        render_fits(&text, width)?;
    }

    #[test]
    fn rendered_random_text_never_exceeds_the_width(text in "\\PC{0,400}", width in 1u16..=300) {
        render_fits(&text, width)?;
    }
}
