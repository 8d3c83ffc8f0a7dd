//! Site-generator template tags (Hugo shortcodes, Liquid, Zola shortcodes) are not Markdown: before
//! parsing, they become their evident meaning (a link target, an image, a code fence) or a compact
//! placeholder that the inline walker dims. Code blocks and code spans are left alone.

use std::borrow::Cow;

/// Starts a placeholder in the preprocessed source (a private-use character no post contains).
pub(crate) const PLACEHOLDER_OPEN: char = '\u{E000}';
/// Ends a placeholder.
pub(crate) const PLACEHOLDER_CLOSE: char = '\u{E001}';
/// A template tag longer than this is not one: looking further for its end would make a long
/// line full of `{{` quadratic.
const MAX_TAG_BYTES: usize = 1024;
/// How far a code span's closing backticks are looked for, for the same reason.
const MAX_CODE_SPAN_BYTES: usize = 16 * 1024;

/// Placeholder arguments beyond this many characters are cut: the tag is a hint, not content.
const MAX_ARGS_CHARS: usize = 40;
/// The fence that replaces `{% highlight %}` blocks: longer than any fence inside them.
const TEMPLATE_FENCE: &str = "```````";

/// What one template tag becomes.
#[derive(Debug, PartialEq)]
enum Meaning {
    /// Literal Markdown.
    Markdown(String),
    /// A dimmed placeholder.
    Placeholder(String),
    /// Nothing.
    Drop,
    /// Opens a code fence (when alone on its line).
    FenceOpen(String),
    /// Closes a code fence.
    FenceClose,
    /// Starts a region whose tags stay literal (`{% raw %}`) or vanish (`{% comment %}`).
    Raw,
    /// Ends it.
    RawEnd,
    /// Starts a comment whose content is dropped.
    Comment,
    /// Ends it.
    CommentEnd,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Normal,
    Fence(char, usize),
    TemplateFence,
    Raw,
    Comment,
}

/// Rewrites template tags of a Markdown body; a body without any is borrowed as it is.
pub(crate) fn preprocess(markdown: &str) -> Cow<'_, str> {
    // Searched for as substrings, not as a set of chars: memchr-fast on every body rendered.
    let markdown = if markdown.contains(PLACEHOLDER_OPEN) || markdown.contains(PLACEHOLDER_CLOSE) {
        Cow::Owned(markdown.replace([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE], "\u{FFFD}"))
    } else {
        Cow::Borrowed(markdown)
    };
    if !markdown.contains("{{") && !markdown.contains("{%") {
        return markdown;
    }
    let mut out = String::with_capacity(markdown.len() + 64);
    let mut mode = Mode::Normal;
    let mut previous_blank = true;
    let mut indented_code = false;
    for line in markdown.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        indented_code = (line.starts_with("    ") || line.starts_with('\t')) && (previous_blank || indented_code) && !blank;
        previous_blank = blank;
        mode = match mode {
            Mode::Fence(c, n) => {
                out.push_str(line);
                if closes_fence(line, c, n) { Mode::Normal } else { mode }
            }
            Mode::Normal if indented_code => {
                out.push_str(line);
                mode
            }
            Mode::Normal => match opens_fence(line) {
                Some((c, n)) => {
                    out.push_str(line);
                    Mode::Fence(c, n)
                }
                None => rewrite_line(line, mode, &mut out),
            },
            _ => rewrite_line(line, mode, &mut out),
        };
    }
    Cow::Owned(out)
}

fn opens_fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn closes_fence(line: &str, c: char, n: usize) -> bool {
    let t = line.trim();
    t.chars().take_while(|x| *x == c).count() >= n && t.chars().all(|x| x == c)
}

/// Rewrites the tags of one line, given the mode it starts in; returns the mode after it.
fn rewrite_line(line: &str, mut mode: Mode, out: &mut String) -> Mode {
    if let Some(m) = whole_line_tag(line, mode) {
        return m.apply(out);
    }
    let mut rest = line;
    while !rest.is_empty() {
        match mode {
            Mode::TemplateFence => {
                out.push_str(rest);
                return mode;
            }
            Mode::Raw | Mode::Comment => {
                let end = if mode == Mode::Raw { "endraw" } else { "endcomment" };
                let Some((start, len)) = find_liquid(rest, end) else {
                    if mode == Mode::Raw {
                        out.push_str(rest);
                    }
                    return mode;
                };
                if mode == Mode::Raw {
                    out.push_str(&rest[..start]);
                }
                rest = &rest[start + len..];
                mode = Mode::Normal;
            }
            _ => {
                let Some((start, len, meaning)) = next_tag(rest) else {
                    out.push_str(rest);
                    return mode;
                };
                out.push_str(&rest[..start]);
                rest = &rest[start + len..];
                mode = match meaning {
                    Meaning::Raw => Mode::Raw,
                    Meaning::Comment => Mode::Comment,
                    Meaning::FenceOpen(_) | Meaning::FenceClose | Meaning::RawEnd | Meaning::CommentEnd | Meaning::Drop => mode,
                    other => {
                        other.apply(out);
                        mode
                    }
                };
            }
        }
    }
    mode
}

impl Meaning {
    fn apply(self, out: &mut String) -> Mode {
        match self {
            Meaning::Markdown(md) => out.push_str(&md),
            Meaning::Placeholder(text) => {
                out.push(PLACEHOLDER_OPEN);
                out.push_str(&escape(&text));
                out.push(PLACEHOLDER_CLOSE);
            }
            Meaning::FenceOpen(lang) => {
                out.push_str(&format!("{TEMPLATE_FENCE}{lang}\n"));
                return Mode::TemplateFence;
            }
            Meaning::FenceClose => out.push_str(&format!("{TEMPLATE_FENCE}\n")),
            Meaning::Raw => return Mode::Raw,
            Meaning::Comment => return Mode::Comment,
            Meaning::Drop | Meaning::RawEnd | Meaning::CommentEnd => {}
        }
        Mode::Normal
    }
}

/// A tag alone on its line that opens or closes a code fence.
fn whole_line_tag(line: &str, mode: Mode) -> Option<Meaning> {
    let t = line.trim();
    let (start, len, meaning) = next_tag(t)?;
    if start != 0 || len != t.len() {
        return None;
    }
    match (mode, &meaning) {
        (Mode::Normal, Meaning::FenceOpen(_)) | (Mode::TemplateFence, Meaning::FenceClose) => Some(meaning),
        _ => None,
    }
}

/// The first template tag of `text` outside code spans: (byte start, byte length, meaning).
fn next_tag(text: &str) -> Option<(usize, usize, Meaning)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            i = skip_code_span(text, i);
            continue;
        }
        if bytes[i] == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%')) {
            if let Some((len, meaning)) = parse_tag(&text[i..]) {
                return Some((i, len, meaning));
            }
            // `{{ page.title }}` in running text; inside a URL or an attribute it stays literal.
            let in_url = i > 0 && matches!(bytes[i - 1], b'(' | b'/' | b'"' | b'\'' | b'=');
            if let Some((len, meaning)) = variable(&text[i..]).filter(|_| !in_url) {
                return Some((i, len, meaning));
            }
        }
        i += 1;
    }
    None
}

/// The index after a code span starting at `start`, or after its backticks if it never closes.
fn skip_code_span(text: &str, start: usize) -> usize {
    let run = text[start..].bytes().take_while(|b| *b == b'`').count();
    let text = bounded(text, start + MAX_CODE_SPAN_BYTES);
    let fence = &text[start..start + run];
    let after = start + run;
    let mut search = after;
    while let Some(found) = text[search..].find(fence) {
        let at = search + found;
        let len = text[at..].bytes().take_while(|b| *b == b'`').count();
        if len == run {
            return at + run;
        }
        search = at + len;
    }
    after
}

/// At most the first `max` bytes of `text` (cut at a character boundary).
fn bounded(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn find_liquid(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("{%") {
        let at = from + i;
        if let Some(end) = bounded(&text[at..], MAX_TAG_BYTES).find("%}") {
            let inner = text[at + 2..at + end].trim().trim_matches('-').trim();
            if inner == name {
                return Some((at, end + 2));
            }
        }
        from = at + 2;
    }
    None
}

/// Parses one tag at the start of `text`.
fn parse_tag(text: &str) -> Option<(usize, Meaning)> {
    let text = bounded(text, MAX_TAG_BYTES);
    for (open, close) in [("{{<", ">}}"), ("{{%", "%}}")] {
        if let Some(inner) = text.strip_prefix(open) {
            let end = inner.find(close)?;
            return Some((open.len() + end + close.len(), hugo(inner[..end].trim())));
        }
    }
    if let Some(inner) = text.strip_prefix("{%") {
        let end = inner.find("%}")?;
        return Some((2 + end + 2, liquid(inner[..end].trim().trim_matches('-').trim())));
    }
    let inner = text.strip_prefix("{{")?;
    let end = inner.find("}}")?;
    let call = inner[..end].trim().trim_matches('-').trim();
    let name_len = call.find('(')?;
    let name = &call[..name_len];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || !call.ends_with(')') {
        return None;
    }
    Some((2 + end + 2, zola(name, &call[name_len + 1..call.len() - 1])))
}

/// A Liquid / Hugo output tag `{{ name.path | filter }}` as a placeholder naming it.
fn variable(text: &str) -> Option<(usize, Meaning)> {
    let text = bounded(text, MAX_TAG_BYTES);
    let inner = text.strip_prefix("{{")?;
    let end = inner.find("}}")?;
    let expr = inner[..end].trim().trim_matches('-').trim();
    let starts_well = expr.starts_with(|c: char| c.is_ascii_alphabetic() || c == '.' || c == '$' || c == '_');
    let plain = expr.chars().all(|c| c.is_alphanumeric() || " ._|:'\"-$".contains(c));
    (starts_well && plain).then(|| (2 + end + 2, Meaning::Placeholder(format!("⟨{expr}⟩"))))
}

fn hugo(inner: &str) -> Meaning {
    let (name, args) = split_name(inner);
    if name.starts_with('/') {
        return if name == "/highlight" { Meaning::FenceClose } else { Meaning::Drop };
    }
    match name {
        "relref" | "ref" => match first_string(args) {
            Some(target) => Meaning::Markdown(target),
            None => Meaning::Placeholder(name.to_string()),
        },
        "highlight" => Meaning::FenceOpen(args.split_whitespace().next().unwrap_or("").to_string()),
        "figure" | "img" | "image" => image(args),
        _ => placeholder(name, args),
    }
}

fn liquid(inner: &str) -> Meaning {
    let (name, args) = split_name(inner);
    match name {
        "highlight" => Meaning::FenceOpen(args.split_whitespace().next().unwrap_or("").to_string()),
        "endhighlight" => Meaning::FenceClose,
        "raw" => Meaning::Raw,
        "endraw" => Meaning::RawEnd,
        "comment" => Meaning::Comment,
        "endcomment" => Meaning::CommentEnd,
        "end" => Meaning::Drop,
        n if n.starts_with("end") => Meaning::Drop,
        "post_url" | "link" => Meaning::Markdown(args.trim().to_string()),
        _ => match name.find('(') {
            // Zola body shortcode: `{% note(kind="x") %}`.
            Some(i) => placeholder(&name[..i], &inner[i..]),
            None => placeholder(name, args),
        },
    }
}

fn zola(name: &str, args: &str) -> Meaning {
    match name {
        "figure" | "image" | "img" | "resize_image" => image(args),
        _ => placeholder(name, args),
    }
}

fn split_name(inner: &str) -> (&str, &str) {
    let inner = inner.trim();
    let end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    (&inner[..end], inner[end..].trim())
}

fn placeholder(name: &str, args: &str) -> Meaning {
    let args: String = args.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut shown: String = args.chars().take(MAX_ARGS_CHARS).collect();
    if shown.len() < args.len() {
        shown.push('…');
    }
    Meaning::Placeholder(if shown.is_empty() { format!("⟨{name}⟩") } else { format!("⟨{name} {shown}⟩") })
}

/// `src="x" alt="y"` style arguments as an image.
fn image(args: &str) -> Meaning {
    let src = attr(args, &["src", "path", "url"]).or_else(|| first_string(args)).unwrap_or_default();
    let alt = attr(args, &["alt", "caption", "title"]).unwrap_or_default();
    if src.is_empty() {
        return placeholder("figure", args);
    }
    Meaning::Markdown(format!("![{}](<{}>)", escape(&alt), src.replace(['<', '>', '\n'], "")))
}

fn attr(args: &str, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| {
        let mut from = 0;
        while let Some(i) = args[from..].find(name) {
            let at = from + i;
            let before_ok = at == 0 || !args.as_bytes()[at - 1].is_ascii_alphanumeric();
            let rest = args[at + name.len()..].trim_start();
            match rest.strip_prefix('=') {
                Some(value) if before_ok => return first_string(value),
                _ => {}
            }
            from = at + name.len();
        }
        None
    })
}

/// The first quoted string of the arguments.
fn first_string(args: &str) -> Option<String> {
    let args = args.trim_start();
    let quote = args.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &args[1..];
    rest.find(quote).map(|end| rest[..end].to_string())
}

/// Backslash-escapes ASCII punctuation so that text stays literal through the Markdown parser.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ph(text: &str) -> String {
        format!("{PLACEHOLDER_OPEN}{}{PLACEHOLDER_CLOSE}", escape(text))
    }

    #[test]
    fn hugo_relref_becomes_its_target_so_the_link_works() {
        assert_eq!(preprocess("[BBL]({{< relref \"2012/11/05/bbl.md\" >}})."), "[BBL](2012/11/05/bbl.md).");
    }

    #[test]
    fn unknown_shortcodes_become_compact_placeholders() {
        assert_eq!(preprocess("a {{< youtube abc >}} b {{% notice %}}"), format!("a {} b {}", ph("⟨youtube abc⟩"), ph("⟨notice⟩")));
    }

    #[test]
    fn liquid_highlight_becomes_a_code_block() {
        let out = preprocess("{% highlight ruby %}\nputs {{ x }}\n{% endhighlight %}\n");
        assert_eq!(out, format!("{TEMPLATE_FENCE}ruby\nputs {{{{ x }}}}\n{TEMPLATE_FENCE}\n"));
    }

    #[test]
    fn liquid_raw_keeps_its_content_literal_and_include_is_a_placeholder() {
        assert_eq!(preprocess("{% raw %}{{ a }}{% endraw %}"), "{{ a }}");
        assert_eq!(preprocess("{% include note.html %}"), ph("⟨include note.html⟩"));
        assert_eq!(preprocess("a{% comment %}secret{% endcomment %}b"), "ab");
    }

    #[test]
    fn output_tags_in_text_are_placeholders_but_stay_literal_in_urls() {
        assert_eq!(preprocess("Title: {{ page.title }}."), format!("Title: {}.", ph("⟨page.title⟩")));
        assert_eq!(preprocess("[a]({{ site.url }}/x)"), "[a]({{ site.url }}/x)");
    }

    #[test]
    fn zola_figure_becomes_an_image() {
        assert_eq!(preprocess("{{ figure(src=\"a.png\", alt=\"A cat\") }}"), "![A cat](<a.png>)");
        assert_eq!(preprocess("{{ youtube(id=\"x\") }}"), ph("⟨youtube id=\"x\"⟩"));
    }

    #[test]
    fn tags_inside_code_stay_literal() {
        let fenced = "```\n{{< relref \"x\" >}}\n```\n";
        assert_eq!(preprocess(fenced), fenced);
        assert_eq!(preprocess("`{{< relref \"x\" >}}`"), "`{{< relref \"x\" >}}`");
        let indented = "text\n\n    data=\"{{ lookup('file', 'k') }}\"\n";
        assert_eq!(preprocess(indented), indented);
    }

    #[test]
    fn placeholder_characters_in_a_post_cannot_fake_a_placeholder() {
        assert_eq!(preprocess("a\u{E000}b"), "a\u{FFFD}b");
    }
}
