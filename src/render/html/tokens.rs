//! A small HTML tokenizer: tags with their attributes, text, comments; and entity decoding.

use std::borrow::Cow;

/// One piece of HTML.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token<'a> {
    Text(&'a str),
    /// `name` is lowercased (borrowed when the source already is, as nearly all HTML is).
    Open {
        name: Cow<'a, str>,
        attrs: &'a str,
        raw: &'a str,
    },
    Close {
        name: Cow<'a, str>,
        raw: &'a str,
    },
    Comment,
}

/// The longest tag looked for.
const MAX_TAG_BYTES: usize = 4096;
/// The longest entity looked for (`&#x1F980;` and the named ones fit).
const MAX_ENTITY_BYTES: usize = 12;

/// Splits HTML into tags, text and comments; a `<` that starts no tag is text.
pub(super) fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        let Some(at) = html[i..].find('<') else { break };
        i += at;
        let Some((len, token)) = tag_at(&html[i..]) else {
            i += 1;
            continue;
        };
        if text_start < i {
            out.push(Token::Text(&html[text_start..i]));
        }
        out.push(token);
        i += len;
        text_start = i;
    }
    if text_start < html.len() {
        out.push(Token::Text(&html[text_start..]));
    }
    out
}

/// The tag starting at `<`: its length and meaning, or `None` when `<` is just text.
pub(super) fn tag_at(s: &str) -> Option<(usize, Token<'_>)> {
    if let Some(rest) = s.strip_prefix("<!--") {
        let len = rest.find("-->").map_or(s.len(), |e| 4 + e + 3);
        return Some((len, Token::Comment));
    }
    if s.starts_with("<!") || s.starts_with("<?") {
        let len = s.find('>').map_or(s.len(), |e| e + 1);
        return Some((len, Token::Comment));
    }
    let (closing, body) = match s.strip_prefix("</") {
        Some(b) => (true, b),
        None => (false, &s[1..]),
    };
    let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(body.len());
    if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = tag_end(body)?;
    let skip = if closing { 2 } else { 1 };
    let raw = &s[..skip + end + 1];
    let name = &body[..name_len];
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(name.to_ascii_lowercase()) } else { Cow::Borrowed(name) };
    let attrs = body[name_len..end].trim_end_matches('/');
    Some((raw.len(), if closing { Token::Close { name, raw } } else { Token::Open { name, attrs, raw } }))
}

/// The index of the `>` that ends a tag body, skipping quoted attribute values.
fn tag_end(body: &str) -> Option<usize> {
    let mut quote = None;
    // A tag longer than this is text with a stray `<`: looking further would be quadratic. The
    // bytes looked for are ASCII, so they never fall inside a multi-byte character.
    for (i, b) in body.bytes().enumerate().take(MAX_TAG_BYTES) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Some(i),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// The value of an attribute, entities decoded.
pub(super) fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let key_len = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
        if key_len == 0 {
            return None;
        }
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let mut value = "";
        if let Some(v) = rest.strip_prefix('=') {
            let v = v.trim_start();
            let (val, after) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => match v[1..].find(q) {
                    Some(e) => (&v[1..1 + e], &v[2 + e..]),
                    None => (&v[1..], ""),
                },
                _ => {
                    let e = v.find(char::is_whitespace).unwrap_or(v.len());
                    (&v[..e], &v[e..])
                }
            };
            value = val;
            rest = after;
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value));
        }
    }
    None
}

/// Decodes the entities blogs use (named basics and numeric ones).
pub(super) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // Entities are short: looking for `;` further would be quadratic on text full of `&`.
        let end = rest.bytes().take(MAX_ENTITY_BYTES).position(|b| b == b';');
        let decoded = end.and_then(|e| entity(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "laquo" => '«',
        "raquo" => '»',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("a &amp; b &lt;c&gt; &#233; &#x41; &bogus; &"), "a & b <c> é A &bogus; &");
    }
}
