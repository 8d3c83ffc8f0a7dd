//! The raw HTML blogs contain, as the Markdown it means: `<blockquote>` is a quote, `<p>` a
//! paragraph, `<pre>` a code block, `<table>` a table, `<details>` a titled section. Inline tags
//! (`<em>`, `<a>`, `<kbd>`...) are kept for the inline walker; unknown tags vanish, their text stays.

mod tokens;

use super::template::{PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, escape};
use tokens::{Token, attr, decode_entities, tag_at, tokens};

/// Tags whose content is never shown.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "svg", "head", "title", "object", "canvas", "math"];
/// Tags that are embedded media: shown as a placeholder naming their source.
const MEDIA: &[&str] = &["iframe", "video", "audio", "embed"];
/// Tags that separate blocks.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "center",
    "address",
    "dl",
    "dt",
    "dd",
    "form",
    "fieldset",
    "body",
    "html",
    "caption",
    "picture",
];
/// Inline tags the inline walker understands; kept as they are.
const INLINE_KEPT: &[&str] =
    &["em", "i", "cite", "var", "dfn", "strong", "b", "u", "ins", "s", "del", "strike", "code", "kbd", "tt", "samp", "mark", "a", "br"];

/// An inline tag, as the inline walker needs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum InlineTag {
    /// `<br>`
    Break,
    /// `<img src alt>`
    Image { src: String, alt: String },
    /// An opening tag; `href` for `<a>`.
    Open { name: String, href: Option<String> },
    /// A closing tag.
    Close { name: String },
}

/// Parses one inline HTML tag as pulldown-cmark hands it over.
pub(crate) fn parse_inline_tag(raw: &str) -> Option<InlineTag> {
    let (_, token) = tag_at(raw.trim())?;
    match token {
        Token::Open { name, attrs, .. } => Some(match &*name {
            "br" => InlineTag::Break,
            "img" => InlineTag::Image { src: attr(attrs, "src").unwrap_or_default(), alt: attr(attrs, "alt").unwrap_or_default() },
            "a" => InlineTag::Open { href: attr(attrs, "href"), name: name.into_owned() },
            _ => InlineTag::Open { name: name.into_owned(), href: None },
        }),
        Token::Close { name, .. } => Some(InlineTag::Close { name: name.into_owned() }),
        _ => None,
    }
}

/// All tags removed (hidden content too), whitespace collapsed, text escaped for Markdown.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut hidden = None;
    for token in tokens(html) {
        match token {
            Token::Open { name, .. } if hidden.is_none() && HIDDEN.contains(&&*name) => hidden = Some(name),
            Token::Close { name, .. } if hidden.as_deref() == Some(&*name) => hidden = None,
            Token::Text(t) if hidden.is_none() => {
                out.push_str(&collapse_escaped(&decode_entities(t)));
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// HTML text as Markdown text, in one pass: each run of white space one space (no-break spaces
/// kept), and what Markdown would read as syntax escaped; entities stay for the parser to decode.
fn collapse_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '-' | '+' | '=' | '.' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

/// A list open in the HTML: ordered or not, the next number, the width of an open item's marker.
struct HtmlList {
    next: Option<u64>,
    item: Option<usize>,
}

/// Builds Markdown from HTML tokens.
#[derive(Default)]
struct Converter {
    out: String,
    quote: usize,
    /// `</blockquote>` with no opening in this block: it closes a quote opened by an earlier block.
    unmatched_closes: usize,
    lists: Vec<HtmlList>,
    line_start: bool,
    /// The last line written is blank: block breaks do not pile up.
    blank: bool,
    hidden: Option<String>,
    pre: Option<(String, String)>,
    table: Option<Vec<Vec<String>>>,
    /// The table's first row is made of `<th>`: it is the header.
    table_head: bool,
    cell: Option<String>,
}

/// An HTML block as Markdown, with the quotes it leaves open or closes for the blocks around it
/// (posts often open `<blockquote>` in one HTML block and close it after some Markdown).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Converted {
    /// The Markdown.
    pub markdown: String,
    /// Quotes opened by earlier blocks that this one closes (before its content).
    pub closes: usize,
    /// Quotes this block opens and leaves open (after its content).
    pub opens: usize,
}

/// Converts an HTML block to Markdown.
#[cfg(test)]
fn to_markdown(html: &str) -> String {
    convert(html).markdown
}

/// Converts an HTML block, reporting unbalanced quotes.
pub(crate) fn convert(html: &str) -> Converted {
    let mut c = Converter { line_start: true, ..Default::default() };
    for token in tokens(html) {
        c.token(token);
    }
    c.finish_pre();
    c.finish_table();
    Converted { opens: c.quote, closes: c.unmatched_closes, markdown: c.out }
}

impl Converter {
    fn prefix(&self) -> String {
        let indent: usize = self.lists.iter().filter_map(|l| l.item).sum();
        format!("{}{}", "> ".repeat(self.quote), " ".repeat(indent))
    }

    fn block_break(&mut self) {
        if self.cell.is_some() {
            self.write_inline(" ");
            return;
        }
        if !self.line_start {
            self.out.push('\n');
        }
        if !self.out.is_empty() && !self.blank {
            self.out.push_str(self.prefix().trim_end());
            self.out.push('\n');
            self.blank = true;
        }
        self.line_start = true;
    }

    /// Writes inline Markdown, starting the line with the container prefix when needed.
    fn write_inline(&mut self, md: &str) {
        if let Some(cell) = &mut self.cell {
            cell.push_str(md);
            return;
        }
        if self.line_start {
            let md = md.trim_start();
            if md.is_empty() {
                return;
            }
            let prefix = self.prefix();
            self.out.push_str(&prefix);
            self.line_start = false;
            self.out.push_str(md);
        } else {
            self.out.push_str(md);
        }
        self.blank = false;
    }

    fn token(&mut self, token: Token<'_>) {
        if let Some(hidden) = &self.hidden {
            if matches!(&token, Token::Close { name, .. } if name == hidden) {
                self.hidden = None;
            }
            return;
        }
        if let Some((_, code)) = &mut self.pre {
            match token {
                Token::Text(t) => code.push_str(&decode_entities(t)),
                Token::Close { name, .. } if name == "pre" => self.finish_pre(),
                Token::Open { name, attrs, .. } if name == "code" && self.pre.as_ref().is_some_and(|(l, _)| l.is_empty()) => {
                    if let Some((lang, _)) = &mut self.pre {
                        *lang = language(attrs);
                    }
                }
                _ => {}
            }
            return;
        }
        match token {
            Token::Text(t) => {
                let text = collapse_escaped(t);
                self.write_inline(&text);
            }
            Token::Comment => {}
            Token::Open { name, attrs, raw } => self.open(&name, attrs, raw),
            Token::Close { name, raw } => self.close(&name, raw),
        }
    }

    fn open(&mut self, name: &str, attrs: &str, raw: &str) {
        match name {
            n if HIDDEN.contains(&n) => self.hidden = Some(n.to_string()),
            n if MEDIA.contains(&n) => {
                let src = attr(attrs, "src").unwrap_or_default();
                let label = format!("⟨{n} {src}⟩");
                self.write_inline(&format!("{PLACEHOLDER_OPEN}{}{PLACEHOLDER_CLOSE}", escape(label.trim())));
                if n != "embed" {
                    self.hidden = Some(n.to_string());
                }
            }
            "blockquote" => {
                self.block_break();
                self.quote += 1;
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block_break();
                let level = usize::from(name.as_bytes()[1] - b'0');
                self.write_inline(&format!("{} ", "#".repeat(level)));
            }
            "ul" | "ol" => {
                self.block_break();
                let next = (name == "ol").then(|| attr(attrs, "start").and_then(|s| s.parse().ok()).unwrap_or(1));
                self.lists.push(HtmlList { next, item: None });
            }
            "li" => self.open_item(),
            "summary" => {
                self.block_break();
                self.write_inline("▸ <strong>");
            }
            "pre" => {
                self.block_break();
                self.pre = Some((language(attrs), String::new()));
            }
            "code" if self.pre.is_some() => {}
            "table" => {
                self.block_break();
                self.table = Some(Vec::new());
            }
            "tr" => {
                if let Some(rows) = &mut self.table {
                    rows.push(Vec::new());
                }
            }
            "td" | "th" if self.table.is_some() => {
                if name == "th" && self.table.as_ref().is_some_and(|rows| rows.len() <= 1) {
                    self.table_head = true;
                }
                self.cell = Some(String::new());
            }
            "hr" => {
                self.block_break();
                self.write_inline("***");
                self.block_break();
            }
            "img" => {
                let src = attr(attrs, "src").unwrap_or_default();
                let alt = attr(attrs, "alt").unwrap_or_default();
                self.write_inline(&format!("![{}](<{}>)", escape(&alt), src.replace(['<', '>', '\n'], "")));
            }
            "input" if attr(attrs, "type").is_some_and(|t| t.eq_ignore_ascii_case("checkbox")) => {
                let checked = attrs.to_ascii_lowercase().contains("checked");
                self.write_inline(if checked { "\\[x\\] " } else { "\\[ \\] " });
            }
            n if INLINE_KEPT.contains(&n) => self.write_inline(raw),
            n if BLOCKS.contains(&n) || n == "details" => self.block_break(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str, raw: &str) {
        match name {
            "blockquote" => {
                self.line_start_break();
                if self.quote == 0 {
                    self.unmatched_closes += 1;
                }
                self.quote = self.quote.saturating_sub(1);
                // A line without `>` ends the quote, so the next text is not pulled into it.
                if !self.blank {
                    self.out.push('\n');
                    self.blank = true;
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.block_break(),
            "ul" | "ol" => {
                self.lists.pop();
                self.block_break();
            }
            "li" => {
                if let Some(list) = self.lists.last_mut() {
                    list.item = None;
                }
                self.line_start_break();
            }
            "summary" => {
                self.write_inline("</strong>");
                self.block_break();
            }
            "td" | "th" => {
                if let (Some(cell), Some(rows)) = (self.cell.take(), &mut self.table)
                    && let Some(row) = rows.last_mut()
                {
                    row.push(cell.trim().replace('|', "\\|"));
                }
            }
            "table" => self.finish_table(),
            n if INLINE_KEPT.contains(&n) => self.write_inline(raw),
            n if BLOCKS.contains(&n) || n == "details" => self.block_break(),
            _ => {}
        }
    }

    /// Ends a line without a blank one (tight list items).
    fn line_start_break(&mut self) {
        if !self.line_start {
            self.out.push('\n');
            self.line_start = true;
        }
    }

    fn open_item(&mut self) {
        if let Some(list) = self.lists.last_mut() {
            list.item = None;
        }
        self.line_start_break();
        let marker = match self.lists.last_mut() {
            Some(HtmlList { next: Some(n), .. }) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            _ => "- ".to_string(),
        };
        self.write_inline(&marker);
        if let Some(list) = self.lists.last_mut() {
            list.item = Some(marker.len());
        }
    }

    fn finish_pre(&mut self) {
        let Some((lang, code)) = self.pre.take() else { return };
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let prefix = self.prefix();
        let code = code.trim_matches('\n');
        self.out.push_str(&format!("{prefix}{fence}{lang}\n"));
        for line in code.lines() {
            self.out.push_str(&format!("{prefix}{line}\n"));
        }
        self.out.push_str(&format!("{prefix}{fence}\n"));
        self.line_start = true;
        self.blank = false;
        self.block_break();
    }

    fn finish_table(&mut self) {
        let Some(rows) = self.table.take() else { return };
        let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let prefix = self.prefix();
        let row_md = |row: &[String]| {
            let cells: Vec<&str> = (0..cols).map(|i| row.get(i).map_or("", String::as_str)).collect();
            format!("{prefix}| {} |\n", cells.join(" | "))
        };
        // Markdown tables need a header: a table without `<th>` gets an empty one, which the
        // table renderer leaves out.
        let body = if std::mem::take(&mut self.table_head) {
            self.out.push_str(&row_md(&rows[0]));
            &rows[1..]
        } else {
            self.out.push_str(&row_md(&[]));
            &rows[..]
        };
        self.out.push_str(&format!("{prefix}|{}\n", " --- |".repeat(cols)));
        for row in body {
            self.out.push_str(&row_md(row));
        }
        self.line_start = true;
        self.blank = false;
        self.block_break();
    }
}

/// The language of `<pre class="language-x">` or `lang="x"`.
fn language(attrs: &str) -> String {
    let class = attr(attrs, "class").unwrap_or_default();
    let from_class = class.split_whitespace().find_map(|c| c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")));
    from_class.map(str::to_string).or_else(|| attr(attrs, "lang")).unwrap_or_default().replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blockquote_becomes_a_markdown_quote() {
        assert_eq!(to_markdown("<blockquote>What now?</blockquote>").trim(), "> What now?");
    }

    #[test]
    fn a_quote_left_open_is_reported_for_the_next_blocks() {
        assert_eq!(convert("<blockquote>\n\n<!-- c -->"), Converted { markdown: String::new(), closes: 0, opens: 1 });
        assert_eq!(convert("</blockquote>").closes, 1);
    }

    #[test]
    fn paragraphs_and_inline_tags_keep_their_meaning() {
        let md = to_markdown("<p>One <em>two</em></p><p>Three<br>four</p>");
        assert_eq!(md.trim(), "One <em>two</em>\n\nThree<br>four");
    }

    #[test]
    fn lists_tables_and_pre_become_markdown_blocks() {
        assert_eq!(to_markdown("<ul><li>a</li><li>b</li></ul>").trim(), "- a\n- b");
        let table = to_markdown("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>");
        assert_eq!(table.trim(), "| A | B |\n| --- | --- |\n| 1 | 2 |");
        let headless = to_markdown("<table><tr><td>1</td><td>2</td></tr></table>");
        assert_eq!(headless.trim(), "|  |  |\n| --- | --- |\n| 1 | 2 |");
        let pre = to_markdown("<pre><code class=\"language-rust\">let a = 1 &lt; 2;</code></pre>");
        assert_eq!(pre.trim(), "```rust\nlet a = 1 < 2;\n```");
    }

    #[test]
    fn details_summary_comments_scripts_and_unknown_tags() {
        let md = to_markdown("<details><summary>More</summary><span>inside</span></details><!-- hidden --><script>x()</script>");
        assert_eq!(md.trim(), "▸ <strong>More</strong>\n\ninside");
    }

    #[test]
    fn text_that_looks_like_markdown_stays_text() {
        assert_eq!(to_markdown("<p>a *b* # c</p>").trim(), "a \\*b\\* \\# c");
    }

    #[test]
    fn inline_tags_are_parsed_with_their_attributes() {
        assert_eq!(
            parse_inline_tag("<a href=\"x?a=1&amp;b=2\" title='t'>"),
            Some(InlineTag::Open { name: "a".into(), href: Some("x?a=1&b=2".into()) })
        );
        assert_eq!(parse_inline_tag("<br/>"), Some(InlineTag::Break));
        assert_eq!(parse_inline_tag("<IMG SRC=a.png alt=\"A\">"), Some(InlineTag::Image { src: "a.png".into(), alt: "A".into() }));
        assert_eq!(parse_inline_tag("</kbd>"), Some(InlineTag::Close { name: "kbd".into() }));
        assert_eq!(parse_inline_tag("<!-- c -->"), None);
    }
}
