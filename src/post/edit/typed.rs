//! Values as a user types them (in a form or on the command line), checked and given a type.

use super::EditError;
use crate::post::{Value, dates};

/// Keys whose value must be a date quire can read.
const DATE_KEYS: [&str; 8] = ["date", "publishdate", "pubdate", "lastmod", "updated", "expirydate", "unpublishdate", "modified"];
/// Keys whose value must be `true` or `false`.
const BOOL_KEYS: [&str; 5] = ["draft", "published", "comments", "toc", "math"];
/// Keys that hold a list of words.
pub const LIST_KEYS: [&str; 6] = ["tags", "categories", "keywords", "authors", "aliases", "series"];
/// Keys that are always text, even when the text looks like a number or a boolean.
const TEXT_KEYS: [&str; 9] = ["title", "description", "summary", "excerpt", "author", "slug", "layout", "subtitle", "path"];

/// A checked value, ready to be written in any dialect.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    /// An empty value: `key:` in YAML, an empty string elsewhere.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as typed (already checked to be one).
    Number(String),
    /// Text.
    Text(String),
    /// A date, as typed (already checked to parse).
    Date(String),
    /// A list of words.
    List(Vec<String>),
}

/// Whether `key` names a list of words (tags, categories, ...).
pub fn is_list_key(key: &str) -> bool {
    LIST_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Checks a key typed by a user: keys that every dialect can write without quoting surprises.
pub fn check_key(key: &str) -> Result<(), EditError> {
    let ok = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) && !key.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(EditError::InvalidValue { key: key.to_string(), why: "a key may only hold letters, digits, `_`, `-` and `.`".into() })
    }
}

/// Gives `text` a type from the key's meaning and the value it replaces.
pub fn interpret(key: &str, text: &str, existing: Option<&Value>) -> Result<Typed, EditError> {
    let invalid = |why: String| EditError::InvalidValue { key: key.to_string(), why };
    if let Some(c) = text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return Err(invalid(format!("it contains the control character U+{:04X}", u32::from(c))));
    }
    let lower = key.to_ascii_lowercase();
    let is = |keys: &[&str]| keys.contains(&lower.as_str());
    let trimmed = text.trim();
    if is_list_key(key) || matches!(existing, Some(Value::List(_))) {
        return Ok(Typed::List(parse_list(text)));
    }
    if trimmed.is_empty() {
        return Ok(Typed::Null);
    }
    if is(&DATE_KEYS) {
        return match dates::parse(trimmed) {
            Some(_) => Ok(Typed::Date(trimmed.to_string())),
            None => Err(invalid(format!("`{trimmed}` is not a date (try 2024-03-01 or 2024-03-01T10:00:00+01:00)"))),
        };
    }
    if is(&BOOL_KEYS) {
        return parse_bool(trimmed).map(Typed::Bool).ok_or_else(|| invalid(format!("`{trimmed}` is not true or false")));
    }
    if is(&TEXT_KEYS) || matches!(existing, Some(Value::String(_))) {
        return Ok(Typed::Text(text.to_string()));
    }
    if let Some(b) = parse_bool(trimmed).filter(|_| !matches!(existing, Some(Value::Number(_)))) {
        return Ok(Typed::Bool(b));
    }
    if is_number(trimmed) {
        return Ok(Typed::Number(trimmed.to_string()));
    }
    Ok(Typed::Text(text.to_string()))
}

/// `true`/`false` (and `yes`/`no`), any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// A plain decimal number that reads back the same in YAML, TOML and JSON.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(frac) && (whole == "0" || !whole.starts_with('0')) && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A list typed as `a, b`, or `[a, "b"]`: items trimmed, empty items skipped. An item in quotes is
/// one item whatever it holds (`"Tips, Tricks"`): `"` quotes take `\"` and `\\`, `'` quotes take `''`.
pub fn parse_list(text: &str) -> Vec<String> {
    let trimmed = text.trim();
    let inner = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(trimmed);
    let mut items = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else { break };
        let mut item = String::new();
        if first == '"' || first == '\'' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if first == '"' => item.extend(chars.next()),
                    '\'' if first == '\'' && chars.peek() == Some(&'\'') => {
                        chars.next();
                        item.push('\'');
                    }
                    c if c == first => break,
                    c => item.push(c),
                }
            }
            // Anything between the closing quote and the comma is kept, as typed.
            let rest: String = std::iter::from_fn(|| chars.next_if(|&c| c != ',')).collect();
            item.push_str(rest.trim_end());
        } else {
            item = std::iter::from_fn(|| chars.next_if(|&c| c != ',')).collect::<String>().trim_end().to_string();
        }
        chars.next();
        if !item.trim().is_empty() {
            items.push(item);
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_parse() {
        assert_eq!(interpret("date", "2024-03-01", None).unwrap(), Typed::Date("2024-03-01".into()));
        let err = interpret("date", "tomorrow", None).unwrap_err().to_string();
        assert!(err.contains("`date`") && err.contains("tomorrow"), "{err}");
    }

    #[test]
    fn draft_must_be_a_boolean() {
        assert_eq!(interpret("draft", "False", None).unwrap(), Typed::Bool(false));
        assert!(interpret("draft", "maybe", None).is_err());
    }

    #[test]
    fn tags_are_a_list_however_typed() {
        assert_eq!(interpret("tags", "a, b ,c", None).unwrap(), Typed::List(vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(interpret("tags", "[\"a\", 'b']", None).unwrap(), Typed::List(vec!["a".into(), "b".into()]));
        assert_eq!(interpret("tags", "", None).unwrap(), Typed::List(vec![]));
        assert_eq!(parse_list("a,\"b,c\", 'it''s, ok',d"), ["a", "b,c", "it's, ok", "d"]);
        assert_eq!(parse_list("[\"Tips, Tricks\", \"Rust\"]"), ["Tips, Tricks", "Rust"]);
        assert_eq!(parse_list("\"say \\\"hi\\\"\", , x"), ["say \"hi\"", "x"]);
    }

    #[test]
    fn text_stays_text_where_the_file_had_text() {
        assert_eq!(interpret("title", "1984", None).unwrap(), Typed::Text("1984".into()));
        assert_eq!(interpret("weight", "10", Some(&Value::String("5".into()))).unwrap(), Typed::Text("10".into()));
        assert_eq!(interpret("weight", "10", None).unwrap(), Typed::Number("10".into()));
        assert_eq!(interpret("weight", "007", None).unwrap(), Typed::Text("007".into()));
        assert_eq!(interpret("featured", "true", None).unwrap(), Typed::Bool(true));
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(interpret("title", "a\u{1b}[31m", None).is_err());
        assert!(interpret("description", "two\nlines", None).is_ok());
    }

    #[test]
    fn keys_are_checked() {
        assert!(check_key("lastmod").is_ok());
        assert!(check_key("bad key").is_err());
        assert!(check_key("").is_err());
        assert!(check_key("a:b").is_err());
    }
}
