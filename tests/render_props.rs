//! Property tests: the renderer survives any Markdown-shaped text, never panics, never draws a
//! line wider than asked and never lets a control character through.
//!
//! For a long run, set `QUIRE_FUZZ_CASES` (e.g. 100000) and run `cargo test --release --test render_props`.

use proptest::prelude::*;
use quire::render::{RenderOptions, RenderStyles, render_markdown, wrap};

/// Cases per property in an ordinary `cargo test`.
const DEFAULT_CASES: u32 = 512;

fn config() -> ProptestConfig {
    let cases = std::env::var("QUIRE_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_CASES);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The pieces blog Markdown is made of, including the awkward ones.
const FRAGMENTS: [&str; 48] = [
    "# ",
    "## ",
    "### ",
    "> ",
    "> > ",
    "- ",
    "1. ",
    "  - ",
    "- [ ] ",
    "* ",
    "\n",
    "\n\n",
    "    ",
    "```",
    "```rust\n",
    "~~~\n",
    "| a | b |\n|---|--:|\n",
    "| x | y |",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "[link](http://example.com/a/b)",
    "![alt](img.png)",
    "<https://a.b>",
    "[^1]",
    "[^1]: note",
    "<blockquote>",
    "</blockquote>",
    "<p>",
    "<br>",
    "<em>",
    "</em>",
    "<a href=\"x\">",
    "</a>",
    "<details>",
    "<summary>",
    "<!-- c -->",
    "{{< relref \"x\" >}}",
    "{% highlight ruby %}\n",
    "{% endhighlight %}\n",
    "{{ figure(src=\"a\") }}",
    "> [!NOTE]\n",
    "\u{1b}[31m",
    "日本語のテキスト",
    "e\u{301}🦀👩\u{200d}💻",
    "averyveryverylongwordwithoutanyspacesatallthatmustbreak",
];

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![prop::sample::select(&FRAGMENTS[..]).prop_map(str::to_string), "[a-z ]{0,12}"], 0..40)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_markdown_renders_within_the_width_without_control_characters(md in markdown(), width in 1u16..90) {
        let styles = RenderStyles::default();
        let rendered = render_markdown(&md, &RenderOptions { width, styles: &styles });
        let list = rendered.link_list();
        for (i, line) in rendered.text.lines.iter().enumerate() {
            // The numbered link list holds each URL whole, past the width.
            let fits = |w: usize| w <= usize::from(width) || list.contains(&i);
            prop_assert!(fits(wrap::line_width(line)), "width {}: {:?}", width, line);
            prop_assert!(fits(line.width()), "ratatui width at {}: {:?}", width, line);
            for span in &line.spans {
                prop_assert!(!span.content.chars().any(char::is_control), "control character in {:?}", span.content);
            }
        }
        for heading in &rendered.headings {
            prop_assert!(heading.line < rendered.text.lines.len().max(1));
        }
    }
}
