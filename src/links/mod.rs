//! The links of a post and the anchors it offers, found the way the generator would: Markdown and
//! HTML links and images, Hugo `ref`/`relref`, Jekyll `post_url`/`link`, Zola `@/` paths, never
//! inside code. [`check`] resolves them against a whole library.

pub mod check;
pub mod ids;
pub mod stored;

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

/// How a link is written, which says how its generator resolves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `[text](url)` or an HTML `href`.
    Link,
    /// `![alt](src)` or an HTML `src`.
    Image,
    /// Hugo `{{< ref "path" >}}` / `{{< relref "path" >}}`.
    HugoRef,
    /// Jekyll `{% post_url 2010-07-21-name %}`.
    PostUrl,
    /// Jekyll `{% link path/to/file.md %}`.
    JekyllLink,
}

/// One link of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// How it is written.
    pub form: Form,
    /// What it points to, as written (`../a.md#x`, `/posts/x/`, `2010-07-21-name`).
    pub target: String,
    /// 1-based line in the body.
    pub line: usize,
    /// 1-based column (in characters) on that line.
    pub column: usize,
}

impl Link {
    /// Whether the link leaves the blog (a Markdown or HTML link with a scheme or a host): a
    /// check never follows it, so never reports it.
    pub fn leaves_blog(&self) -> bool {
        matches!(self.form, Form::Link | Form::Image) && is_external(self.target.trim())
    }
}

/// Whether a target leaves the blog: a scheme (`https:`, `mailto:`) or a host (`//cdn…`).
pub(crate) fn is_external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    match memchr::memchr(b':', target.as_bytes()) {
        Some(at) => at > 0 && target.as_bytes()[..at].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')),
        None => false,
    }
}

/// A heading: its text and the id written for it (`{#id}`), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The text, without markup.
    pub text: String,
    /// An explicit id.
    pub id: Option<String>,
}

/// What one pass over a body finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Links in body order.
    pub links: Vec<Link>,
    /// Headings in body order.
    pub headings: Vec<Heading>,
    /// `id="…"` and `name="…"` of raw HTML: anchors too.
    pub html_ids: Vec<String>,
}

static HTML_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(href|src|id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex"));
static HUGO_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]-?\s*(?:ref|relref)\s+(?:path\s*=\s*)?(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^\s>%"'`]+))"#).expect("valid regex")
});
static LIQUID_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{%-?\s*(post_url|link)\s+([^\s%]+)\s*-?%\}").expect("valid regex"));
/// Liquid blocks whose content is not Markdown (and whose tags are not resolved).
static LIQUID_VERBATIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)\{%-?\s*(?:raw|highlight[^%]*|codeblock[^%]*|comment)\s*-?%\}.*?\{%-?\s*end(?:raw|highlight|codeblock|comment)\s*-?%\}",
    )
    .expect("valid regex")
});

/// Finds the links, headings and HTML ids of a Markdown body.
pub fn scan(body: &str) -> Scan {
    let mut scan = Scan::default();
    let mut code: Vec<Range<usize>> = LIQUID_VERBATIM.find_iter(body).map(|m| m.range()).collect();
    let lines = LineIndex::new(body);
    let mut heading: Option<(String, Option<String>)> = None;
    let mut found: Vec<(usize, Form, String)> = Vec::new();
    // Only what changes links and headings: `{#id}`, and footnotes (else `[^1]` reads as a link).
    // Tables and the rest cost a fifth more parsing and move no link.
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            // `<name@host>` is an e-mail address, not a path.
            Event::Start(Tag::Link { link_type: LinkType::Email, .. }) => {}
            Event::Start(Tag::Link { dest_url, .. }) => found.push((range.start, Form::Link, dest_url.into_string())),
            Event::Start(Tag::Image { dest_url, .. }) => found.push((range.start, Form::Image, dest_url.into_string())),
            Event::Start(Tag::CodeBlock(_)) => code.push(range),
            Event::Code(text) => {
                if let Some((heading_text, _)) = &mut heading {
                    heading_text.push_str(&text);
                }
                code.push(range);
            }
            Event::Start(Tag::Heading { id, .. }) => heading = Some((String::new(), id.map(|i| i.into_string()))),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((text, id)) = heading.take() {
                    scan.headings.push(Heading { text, id });
                }
            }
            Event::Text(text) => {
                if let Some((heading_text, _)) = &mut heading {
                    heading_text.push_str(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => html_links(&html, range.start, &mut found, &mut scan.html_ids),
            _ => {}
        }
    }
    for caps in HUGO_REF.captures_iter(body) {
        let target = (1..=4).find_map(|i| caps.get(i)).map_or("", |m| m.as_str());
        found.push((caps.get(0).map_or(0, |m| m.start()), Form::HugoRef, target.to_string()));
    }
    for caps in LIQUID_LINK.captures_iter(body) {
        let form = if &caps[1] == "post_url" { Form::PostUrl } else { Form::JekyllLink };
        found.push((caps.get(0).map_or(0, |m| m.start()), form, caps[2].to_string()));
    }
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    found.sort_by_key(|(at, _, _)| *at);
    for (at, form, target) in found {
        // A template in a Markdown link (`{{ site.baseurl }}/x`) is the generator's to expand.
        let templated = matches!(form, Form::Link | Form::Image) && (target.contains("{{") || target.contains("{%"));
        if in_code(at) || templated {
            continue;
        }
        let (line, column) = lines.position(body, at);
        scan.links.push(Link { form, target, line, column });
    }
    scan
}

/// `href`/`src` of raw HTML as links, `id`/`name` as anchors.
fn html_links(html: &str, offset: usize, found: &mut Vec<(usize, Form, String)>, ids: &mut Vec<String>) {
    for caps in HTML_ATTR.captures_iter(html) {
        let Some(value) = caps.get(2).or_else(|| caps.get(3)) else { continue };
        match caps[1].to_ascii_lowercase().as_str() {
            "href" => found.push((offset + value.start(), Form::Link, value.as_str().to_string())),
            "src" => found.push((offset + value.start(), Form::Image, value.as_str().to_string())),
            _ => ids.push(value.as_str().to_string()),
        }
    }
}

/// Byte offsets of line starts, to turn an offset into a line and column.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect())
    }

    /// 1-based line and character column of a byte offset.
    fn position(&self, text: &str, at: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&start| start <= at);
        let start = self.0[line - 1];
        (line, text.get(start..at).map_or(1, |s| s.chars().count() + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(body: &str) -> Vec<(Form, String, usize, usize)> {
        scan(body).links.into_iter().map(|l| (l.form, l.target, l.line, l.column)).collect()
    }

    #[test]
    fn every_link_form_is_found_with_its_position() {
        let body = "See [a](a.md#x) and ![img](p.png).\n\n<a href=\"/x/\">x</a> <img src='i.jpg'>\n\n\
                    Ref: {{< relref \"2014/a.md\" >}} and {{% ref b %}}.\n{% post_url 2010-07-21-name %} {% link _posts/x.md %}\n\
                    [z](@/blog/z.md)\n";
        assert_eq!(
            targets(body),
            [
                (Form::Link, "a.md#x".to_string(), 1, 5),
                (Form::Image, "p.png".to_string(), 1, 21),
                (Form::Link, "/x/".to_string(), 3, 10),
                (Form::Image, "i.jpg".to_string(), 3, 31),
                (Form::HugoRef, "2014/a.md".to_string(), 5, 6),
                (Form::HugoRef, "b".to_string(), 5, 37),
                (Form::PostUrl, "2010-07-21-name".to_string(), 6, 1),
                (Form::JekyllLink, "_posts/x.md".to_string(), 6, 32),
                (Form::Link, "@/blog/z.md".to_string(), 7, 1),
            ]
        );
    }

    #[test]
    fn links_in_code_and_templates_are_not_links() {
        let body = "```\n[a](gone.md)\n```\n\n    [b](gone.md)\n\n`{{< ref \"gone\" >}}`\n\n\
                    {% highlight md %}\n[c](gone.md)\n{% endhighlight %}\n{% raw %}{% post_url gone %}{% endraw %}\n\
                    [d]({{ site.baseurl }}/x)\n";
        assert_eq!(targets(body), []);
    }

    #[test]
    fn headings_keep_their_text_and_explicit_ids() {
        let s = scan("# One `code` *two*\n\n## Three {#custom}\n\n<a name=\"old\"></a><div id=\"box\"></div>\n");
        assert_eq!(
            s.headings,
            [Heading { text: "One code two".into(), id: None }, Heading { text: "Three".into(), id: Some("custom".into()) }]
        );
        assert_eq!(s.html_ids, ["old", "box"]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(targets("été [a](b.md)")[0].3, 5);
    }
}
