//! What each Markdown element looks like once rendered.

use ratatui::style::Modifier;

use super::*;

fn render(md: &str, width: u16) -> Rendered {
    let styles = RenderStyles::default();
    render_markdown(md, &RenderOptions { width, styles: &styles })
}

fn lines(md: &str, width: u16) -> Vec<String> {
    render(md, width).text.lines.iter().map(|l| l.to_string()).collect()
}

#[test]
fn headings_stand_out_by_level() {
    let r = render("# One\n\n## Two\n\n### Three\n\ntext", 40);
    let text: Vec<String> = r.text.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(text, ["One", "═══", "", "Two", "───", "", "### Three", "", "text"]);
    let levels: Vec<(u8, &str, usize)> = r.headings.iter().map(|h| (h.level, h.text.as_str(), h.line)).collect();
    assert_eq!(levels, [(1, "One", 0), (2, "Two", 3), (3, "Three", 6)]);
    assert!(r.text.lines[0].spans[0].style.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn paragraphs_wrap_and_breaks_are_kept() {
    assert_eq!(lines("one two three four\nfive", 10), ["one two", "three four", "five"]);
    assert_eq!(lines("one  \ntwo", 10), ["one", "two"]);
}

#[test]
fn emphasis_strong_strike_and_code_are_styled() {
    let r = render("*it* **bold** ~~gone~~ `code`", 40);
    let spans = &r.text.lines[0].spans;
    let style_of = |needle: &str| spans.iter().find(|s| s.content.contains(needle)).map(|s| s.style).unwrap_or_default();
    assert!(style_of("it").add_modifier.contains(Modifier::ITALIC));
    assert!(style_of("bold").add_modifier.contains(Modifier::BOLD));
    assert!(style_of("gone").add_modifier.contains(Modifier::CROSSED_OUT));
    assert_eq!(style_of("code"), RenderStyles::default().inline_code);
}

#[test]
fn links_get_numbered_references_listed_at_the_end() {
    let r = render("See [the docs](https://a.example/docs) and [again](https://a.example/docs), <https://b.example>.", 80);
    let text: Vec<String> = r.text.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(text, ["See the docs[1] and again[1], https://b.example.", "", "────", "[1] https://a.example/docs"]);
    assert_eq!(r.links.len(), 3);
    assert_eq!((r.links[0].text.as_str(), r.links[0].url.as_str(), r.links[0].line), ("the docs", "https://a.example/docs", 0));
}

#[test]
fn each_reference_url_is_whole_on_its_own_line_even_past_the_width() {
    let long = "https://example.com/a/very/long/path/that/does/not/fit?query=1&and=2#fragment";
    let md =
        format!("Read [this]({long}) and [that](https://b.example/x).\n\n- in a list, [a third](https://c.example/{}).", "y".repeat(30));
    let text = lines(&md, 20);
    let list: Vec<&str> = text.iter().skip_while(|l| *l != "────").map(String::as_str).collect();
    assert_eq!(list, ["────", &format!("[1] {long}"), "[2] https://b.example/x", &format!("[3] https://c.example/{}", "y".repeat(30))]);
    // Everything above the list still fits.
    let body: Vec<&String> = text.iter().take_while(|l| *l != "────").collect();
    assert!(body.iter().all(|l| wrap::width(l) <= 20), "{body:?}");
}

#[test]
fn link_lines_follow_wrapping() {
    let r = render("word word word word [link](https://x.example)", 12);
    assert_eq!(r.links[0].line, 2);
}

#[test]
fn images_are_placeholder_lines_with_alt_and_url() {
    assert_eq!(lines("Before ![A cat](cat.png) after", 40), ["Before", "[image: A cat] cat.png", "after"]);
    assert_eq!(lines("[![badge](b.svg)](https://ci.example)", 40), ["[image: badge][1]", "", "────", "[1] https://ci.example"]);
}

#[test]
fn lists_have_hanging_indent_and_nest() {
    let md = "- one two three four\n- two\n  - nested item here\n\n1. first\n2. second";
    assert_eq!(lines(md, 14), ["• one two", "  three four", "• two", "  ◦ nested", "    item here", "", "1. first", "2. second"]);
}

#[test]
fn task_lists_show_their_state() {
    assert_eq!(lines("- [x] done\n- [ ] todo", 20), ["[x] done", "[ ] todo"]);
}

#[test]
fn loose_list_items_are_separated() {
    assert_eq!(lines("- a\n\n- b", 20), ["• a", "", "• b"]);
}

#[test]
fn nested_quotes_have_a_bar_on_every_wrapped_line() {
    let md = "> outer words here\n>\n> > inner words wrap too";
    assert_eq!(lines(md, 14), ["│ outer words", "│ here", "│", "│ │ inner", "│ │ words wrap", "│ │ too"]);
    assert_eq!(lines("> > a\n> >\n> > b", 14), ["│ │ a", "│ │", "│ │ b"]);
}

#[test]
fn rules_span_the_width() {
    assert_eq!(lines("a\n\n---\n\nb", 6), ["a", "", "──────", "", "b"]);
}

#[test]
fn footnotes_are_numbered_and_defined_after_a_rule() {
    let md = "Claim[^src].\n\n[^src]: The source, which is long.";
    assert_eq!(lines(md, 20), ["Claim¹.", "", "────", "¹ The source, which", "  is long."]);
}

#[test]
fn tables_get_borders() {
    let md = "| a | b |\n|---|--:|\n| x | 10 |";
    assert_eq!(lines(md, 40), ["┌───┬────┐", "│ a │  b │", "├───┼────┤", "│ x │ 10 │", "└───┴────┘"]);
}

#[test]
fn code_blocks_are_framed_and_highlighted() {
    let r = render("```rust\nfn main() {}\n```", 30);
    let text: Vec<String> = r.text.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(text[0], format!("╭─ rust {}", "─".repeat(22)));
    assert_eq!(text[1].trim_end(), "│ fn main() {}");
    assert!(r.text.lines[1].spans.len() > 3, "highlighted into several spans");
}

#[test]
fn github_alerts_are_labelled_callouts() {
    assert_eq!(lines("> [!WARNING]\n> Careful now.", 30), ["┃ Warning", "┃ Careful now."]);
}

#[test]
fn raw_html_blockquote_shows_as_a_quote() {
    let md = "Before.\n\n<blockquote>What is it you're doing in Paris?</blockquote>\n\nAfter.";
    assert_eq!(lines(md, 40), ["Before.", "", "│ What is it you’re doing in Paris?", "", "After."]);
}

#[test]
fn inline_html_tags_mean_their_markdown() {
    let r = render("a <strong>b</strong> <em>c</em><br>d <kbd>Ctrl</kbd> <a href=\"https://x.example\">x</a> <span>kept</span>", 60);
    let text: Vec<String> = r.text.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(text[..2], ["a b c".to_string(), "d Ctrl x[1] kept".to_string()]);
    let b = r.text.lines[0].spans.iter().find(|s| s.content == "b").map(|s| s.style).unwrap_or_default();
    assert!(b.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn html_details_and_comments() {
    assert_eq!(
        lines("<details><summary>More</summary>\n\nHidden text.\n\n</details>\n\n<!-- note -->", 30),
        ["▸ More", "", "Hidden text."]
    );
}

#[test]
fn template_tags_become_dim_placeholders() {
    let r = render("Watch {{< youtube abc >}} now. {% include x.html %}", 60);
    let text = r.text.lines[0].to_string();
    assert_eq!(text, "Watch ⟨youtube abc⟩ now. ⟨include x.html⟩");
    let ph = r.text.lines[0].spans.iter().find(|s| s.content.contains("youtube")).map(|s| s.style).unwrap_or_default();
    assert!(ph.add_modifier.contains(Modifier::DIM));
}

#[test]
fn liquid_highlight_is_a_code_block() {
    let text = lines("{% highlight ruby %}\nputs 1\n{% endhighlight %}", 20);
    assert_eq!(text[0], "╭─ ruby ────────────");
    assert_eq!(text[1].trim_end(), "│ puts 1");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let r = render("evil \u{1b}]0;title\u{7} and \u{9b}2J\n\n```\n\u{1b}[2J\n```", 40);
    for line in &r.text.lines {
        for span in &line.spans {
            assert!(!span.content.chars().any(|c| c.is_control()), "{:?}", span.content);
        }
    }
}

#[test]
fn no_line_is_wider_than_the_width_even_when_deeply_nested() {
    let md = "> - > - > 1. a long line of words with a https://very.long/url/that/never/ends/at/all\n\n| a | b | c | d | e | f |\n|--|--|--|--|--|--|\n| 1 | 2 | 3 | 4 | 5 | 6 |";
    for width in [1u16, 2, 5, 8, 13, 20] {
        let r = render(md, width);
        let list = r.link_list();
        for (_, line) in r.text.lines.iter().enumerate().filter(|(i, _)| !list.contains(i)) {
            assert!(wrap::line_width(line) <= usize::from(width), "width {width}: {line:?}");
        }
    }
}

#[test]
fn search_matches_mark_lines() {
    let r = render("alpha\n\nbeta Alpha", 40);
    let (_, hits) = mark_matches(&r.text, "ALPHA", RenderStyles::default().search_match);
    assert_eq!(hits, [0, 2]);
}

#[test]
fn a_blockquote_opened_and_closed_in_separate_html_blocks_quotes_the_markdown_between() {
    let md = "<blockquote>\n\n<!-- c -->\n\nQuoted **text**.\n\n- item\n\n</blockquote>\n\nAfter.";
    assert_eq!(lines(md, 30), ["│ Quoted text.", "│", "│ • item", "", "After."]);
}

#[test]
fn an_html_table_without_header_cells_has_no_empty_header_row() {
    let md = "<table>\n<tr><td>a</td><td>b</td></tr>\n<tr><td>c</td><td>d</td></tr>\n</table>";
    assert_eq!(lines(md, 30), ["┌───┬───┐", "│ a │ b │", "│ c │ d │", "└───┴───┘"]);
}

#[test]
fn heading_ids_do_not_show() {
    assert_eq!(lines("### Install {#install}", 40), ["### Install"]);
}

#[test]
fn pathological_lines_render_in_linear_time_and_keep_their_text() {
    // Each of these made an earlier version rescan the rest of the line at every occurrence.
    let n = 20_000;
    for unit in ["{{ x ", "{% y ", "`a ", "&amp ", "<a \"b "] {
        let line = unit.repeat(n);
        let r = render(&line, 80);
        let shown: usize = r.text.lines.iter().map(|l| l.to_string().len()).sum();
        assert!(shown > n, "{unit:?}: the text is still shown");
    }
}

#[test]
fn every_rendered_line_knows_the_source_line_of_its_block() {
    let md = "# Title\n\nFirst paragraph\nstill first.\n\n- one\n- two\n\n```sh\necho a\necho b\n```\n\n> quoted\n";
    let r = render(md, 40);
    let shown: Vec<String> = r.text.lines.iter().map(|l| l.to_string()).collect();
    let at = |text: &str| r.source_line_at(shown.iter().position(|l| l.contains(text)).expect(text));
    assert_eq!(at("Title"), Some(1));
    assert_eq!(at("First paragraph"), Some(3));
    assert_eq!(at("still first"), Some(3));
    assert_eq!(at("one"), Some(6));
    assert_eq!(at("two"), Some(7));
    assert_eq!(at("echo b"), Some(9));
    assert_eq!(at("quoted"), Some(14));
    // The blank line above the list is read as the list.
    let blank = shown.iter().position(|l| l.contains("one")).expect("list") - 1;
    assert_eq!(shown[blank], "");
    assert_eq!(r.source_line_at(blank), Some(6));
}

#[test]
fn a_posts_source_lines_count_its_front_matter() {
    let post = crate::post::parse(
        std::path::PathBuf::from("p.md"),
        b"---\ntitle: T\ntags: [a]\n---\nBody line.\n\nSecond.\n",
        crate::post::FileStamp { modified: None, len: 0, hash: 0 },
    );
    let styles = RenderStyles::default();
    let r = render_post(&post, &RenderOptions { width: 40, styles: &styles });
    let shown: Vec<String> = r.text.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(r.source_line_at(0), Some(5), "the header reads as the first block: {shown:?}");
    assert_eq!(r.source_line_at(shown.iter().position(|l| l == "Second.").expect("second")), Some(7));
}

#[test]
fn a_links_text_and_reference_are_where_it_was_drawn_even_wrapped_and_quoted() {
    let md = "> See the [long guide to everything](https://example.com/guide) now, or [home](/).";
    let r = render(md, 30);
    let text = lines(md, 30);
    // The columns of each link, drawn over the text: 1 for the guide, 2 for home.
    let masked: Vec<String> = text
        .iter()
        .enumerate()
        .map(|(line, shown)| {
            let mark = |(column, c): (usize, char)| match r.link_at(line, column).map(|l| l.url.as_str()) {
                Some("https://example.com/guide") => '1',
                Some("/") => '2',
                _ => c,
            };
            shown.chars().enumerate().map(mark).collect()
        })
        .collect();
    assert_eq!(masked[..3], ["│ See the 1111111111111", "│ 1111111111111 now, or", "│ 2222222."], "{text:?}");
    let at = |needle: &str| {
        let (line, shown) = text.iter().enumerate().find(|(_, l)| l.contains(needle)).expect(needle);
        (line, shown[..shown.find(needle).expect(needle)].chars().count())
    };
    let guide = Some("https://example.com/guide");
    for needle in ["long", "guide", "everything", "[1]"] {
        let (line, column) = at(needle);
        assert_eq!(r.link_at(line, column).map(|l| l.url.as_str()), guide, "{needle} in {text:?}");
    }
    let (line, column) = at("home");
    assert_eq!(r.link_at(line, column + 3).map(|l| l.url.as_str()), Some("/"));
    let (line, column) = at("See");
    assert_eq!(r.link_at(line, column), None);
    assert_eq!(r.link_at(line, 0), None, "the quote bar is no link");
    let (line, column) = at("now");
    assert_eq!(r.link_at(line, column), None);
}

#[test]
fn references_in_tables_and_the_list_of_urls_follow_their_link() {
    let r = render("| site | note |\n|---|---|\n| [docs](https://example.com/docs) | [x](https://example.com/x) |\n", 60);
    let text: Vec<String> = r.text.lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
    let find = |needle: &str, skip: usize| {
        text.iter()
            .enumerate()
            .skip(skip)
            .find_map(|(line, shown)| Some((line, shown[..shown.find(needle)?].chars().count())))
            .expect(needle)
    };
    let (row, _) = find("docs", 0);
    let (line, column) = find("[1]", row);
    assert_eq!(line, row, "the reference is drawn in the table's row: {text:?}");
    assert_eq!(r.link_at(line, column + 1).map(|l| l.url.as_str()), Some("https://example.com/docs"), "{text:?}");
    let (line, column) = find("[2]", row);
    assert_eq!(r.link_at(line, column).map(|l| l.url.as_str()), Some("https://example.com/x"));
    assert_eq!(r.link_at(line, column.saturating_sub(2)), None, "beside a reference is no link");
    // The numbered list at the end: anywhere on an entry's line follows it.
    let list = r.link_list();
    assert_eq!(list.len(), 2, "two entries: {text:?}");
    assert_eq!(r.link_at(list.start + 1, 10).map(|l| l.url.as_str()), Some("https://example.com/x"));
    assert_eq!(r.link_at(list.start - 1, 0), None, "the rule above the list is no link");
}
