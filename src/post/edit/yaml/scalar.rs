//! YAML scalars: plain when that reads back as the same text, else quoted in the file's own style.

use super::super::EditError;
use super::super::typed::Typed;
use super::Block;

/// Words YAML 1.1 readers (Jekyll's Ruby, Hugo's older Go parser) take as booleans or null, in any case.
const YAML11_WORDS: [&str; 10] = ["yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"];

/// How a scalar is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// `"text"`
    Double,
    /// `'text'`
    Single,
    /// `text`
    Plain,
}

impl Quote {
    /// The style of a value as written; `None` when empty or not a scalar (`[..]`, `|`, `&anchor`).
    pub fn of_value(value: &str) -> Option<Quote> {
        match value.chars().next()? {
            '"' => Some(Quote::Double),
            '\'' => Some(Quote::Single),
            '[' | '{' | '|' | '>' | '&' | '*' | '!' => None,
            _ => Some(Quote::Plain),
        }
    }

    /// The quotes the file already uses for its quoted values (and flow-list items); double by default.
    pub fn of_file(blocks: &[Block<'_>]) -> Quote {
        blocks
            .iter()
            .filter_map(|b| {
                let value = b.rest.strip_prefix('[').map_or(b.rest, str::trim_start);
                Quote::of_value(value).filter(|q| *q != Quote::Plain)
            })
            .next()
            .unwrap_or(Quote::Double)
    }
}

/// A value written as YAML. `keep` is the style of the value it replaces; `file` the file's quotes.
pub fn render(key: &str, value: &Typed, keep: Option<Quote>, file: Quote) -> Result<String, EditError> {
    Ok(match value {
        Typed::Null => String::new(),
        Typed::Bool(b) => b.to_string(),
        Typed::Number(n) => n.clone(),
        Typed::Text(s) => text(s, keep, file, true, false),
        Typed::Date(s) => text(s, keep, file, false, false),
        Typed::List(_) => return Err(EditError::Unsafe(key.to_string())),
    })
}

/// Text as a scalar: in the style it had, else plain when safe, else in the file's quotes.
/// `strict` also quotes text another YAML reader would take for a number, boolean or date.
pub fn text(s: &str, keep: Option<Quote>, file: Quote, strict: bool, in_flow: bool) -> String {
    match keep {
        Some(Quote::Double) => double(s),
        Some(Quote::Single) if single_ok(s) => single(s),
        _ if plain_ok(s, strict, in_flow) => s.to_string(),
        _ if file == Quote::Single && single_ok(s) => single(s),
        _ => double(s),
    }
}

/// `" x"` with a leading space, or nothing for an empty value.
pub fn with_space(s: &str) -> String {
    if s.is_empty() { String::new() } else { format!(" {s}") }
}

/// Whether `s` written bare reads back as exactly `s`, a string.
fn plain_ok(s: &str, strict: bool, in_flow: bool) -> bool {
    if s.is_empty() || s.trim() != s || s.chars().any(char::is_control) {
        return false;
    }
    if strict
        && (YAML11_WORDS.contains(&s.to_ascii_lowercase().as_str()) || s.parse::<f64>().is_ok() || crate::post::dates::parse(s).is_some())
    {
        return false;
    }
    let doc = if in_flow { format!("k: [{s}]") } else { format!("k: {s}") };
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(&doc) else {
        return false;
    };
    match map.get("k") {
        Some(serde_yaml::Value::String(read)) if !in_flow => read == s,
        Some(serde_yaml::Value::Sequence(items)) if in_flow => matches!(items.as_slice(), [serde_yaml::Value::String(read)] if read == s),
        _ => false,
    }
}

fn single_ok(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

fn single(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A double-quoted scalar, escaping what YAML requires.
pub fn double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Cuts a key line's value from what follows it (spaces, a `# comment`), so the rest can be kept.
pub fn split_comment(rest: &str) -> (&str, &str) {
    let end = match rest.chars().next() {
        Some('"') => closing_double(rest),
        Some('\'') => closing_single(rest),
        Some('[') => closing_bracket(rest),
        _ => rest.match_indices('#').map(|(i, _)| i).find(|&i| i == 0 || rest[..i].ends_with([' ', '\t'])),
    };
    let value = rest[..end.unwrap_or(rest.len())].trim_end();
    (value, &rest[value.len()..])
}

/// The end of a quoted scalar that starts `s` (after its closing quote).
pub fn closing_double(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i + 1),
            _ => escaped = false,
        }
    }
    None
}

/// The end of a quoted scalar that starts `s` (after its closing quote).
pub fn closing_single(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

fn closing_bracket(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        escaped = false;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_it_reads_back_the_same() {
        assert_eq!(text("Hello world", None, Quote::Double, true, false), "Hello world");
        assert_eq!(text("Docker: the end", None, Quote::Double, true, false), "\"Docker: the end\"");
        assert_eq!(text("# not a comment", None, Quote::Single, true, false), "'# not a comment'");
        assert_eq!(text("yes", None, Quote::Double, true, false), "\"yes\"");
        assert_eq!(text("2017-05-09", None, Quote::Double, false, false), "2017-05-09");
        assert_eq!(text("a, b", None, Quote::Double, true, true), "\"a, b\"");
    }

    #[test]
    fn quoted_values_keep_their_quotes() {
        assert_eq!(text("New", Some(Quote::Double), Quote::Single, true, false), "\"New\"");
        assert_eq!(text("l'été", Some(Quote::Single), Quote::Double, true, false), "'l''été'");
        assert_eq!(text("two\nlines", Some(Quote::Single), Quote::Double, true, false), "\"two\\nlines\"");
    }

    #[test]
    fn comments_after_values_are_found() {
        assert_eq!(split_comment("plain # note"), ("plain", " # note"));
        assert_eq!(split_comment("\"a # b\"  # c"), ("\"a # b\"", "  # c"));
        assert_eq!(split_comment("'it''s' #x"), ("'it''s'", " #x"));
        assert_eq!(split_comment("[a, \"]\"] # t"), ("[a, \"]\"]", " # t"));
        assert_eq!(split_comment("C#  "), ("C#", "  "));
    }
}
