//! JSON front matter edited as text: a member's value is replaced, a member removed or appended with
//! the spacing of its neighbours; every other byte (indentation, key order, escapes) stays.

use std::ops::Range;

use super::typed::Typed;
use super::{EditError, Op};

/// One `"key": value` of the top-level object, as byte ranges of the front matter.
#[derive(Debug, Clone)]
struct Member {
    key: String,
    /// From the key's opening quote...
    start: usize,
    /// ...to just after the key's closing quote.
    key_end: usize,
    /// The value's bytes.
    value: Range<usize>,
}

/// The top-level object: where it opens and closes, and its members.
#[derive(Debug, Clone)]
struct Object {
    /// Just after `{`.
    open: usize,
    members: Vec<Member>,
}

/// Applies ops to the JSON object at the top of a post.
/// `eol` ends the lines of an object that had no members yet (others copy their own spacing).
pub fn apply(raw: &str, ops: &[Op], eol: &str) -> Result<String, EditError> {
    ops.iter().try_fold(raw.to_string(), |text, op| apply_one(&text, op, eol))
}

fn apply_one(text: &str, op: &Op, eol: &str) -> Result<String, EditError> {
    let unsafe_edit = || EditError::Unsafe(op.key().to_string());
    let object = scan(text).ok_or_else(unsafe_edit)?;
    let found = find(&object, op.key());
    let replace = |range: Range<usize>, with: &str| format!("{}{with}{}", &text[..range.start], &text[range.end..]);
    let current = found.map(|m| &text[m.value.clone()]);
    // Compact JSON (`"k":v`) gets compact lists (`["a","b"]`).
    let sep = if object.members.first().is_some_and(|m| &text[m.key_end..m.value.start] == ":") { "," } else { ", " };
    let render_list = |old: Option<&str>, items: &[String]| render_list(old, items, sep);
    let value = match op {
        Op::Set(_, Typed::List(items)) => render_list(current, items),
        Op::Set(_, typed) => render(typed, sep),
        Op::Unset(_) => return Ok(found.map_or_else(|| text.to_string(), |m| replace(unset_range(&object, m), ""))),
        Op::Add(_, item) => {
            let mut items = current.map(read_list).unwrap_or_default();
            if items.contains(item) {
                return Ok(text.to_string());
            }
            items.push(item.clone());
            render_list(current, &items)
        }
        Op::Remove(_, item) => {
            let Some(current) = current else { return Ok(text.to_string()) };
            let mut items = read_list(current);
            let at = items.iter().position(|i| i == item).or_else(|| items.iter().position(|i| i.eq_ignore_ascii_case(item)));
            let Some(at) = at else { return Ok(text.to_string()) };
            items.remove(at);
            render_list(Some(current), &items)
        }
    };
    Ok(match found {
        Some(m) => replace(m.value.clone(), &value),
        None => insert(text, &object, op.key(), &value, eol),
    })
}

/// Appends `"key": value` after the last member, spaced like it.
fn insert(text: &str, object: &Object, key: &str, value: &str, eol: &str) -> String {
    let key = serde_json::Value::from(key).to_string();
    let (at, sep, colon) = match object.members.as_slice() {
        [] => (object.open, format!("{eol}  "), ": "),
        [only] => (only.value.end, format!(",{}", &text[object.open..only.start]), &text[only.key_end..only.value.start]),
        [.., prev, last] => (last.value.end, text[prev.value.end..last.start].to_string(), &text[last.key_end..last.value.start]),
    };
    let tail = if object.members.is_empty() { eol } else { "" };
    format!("{}{sep}{key}{colon}{value}{tail}{}", &text[..at], &text[at..])
}

/// The bytes to cut to remove a member with the comma that joins it to its neighbours.
fn unset_range(object: &Object, member: &Member) -> Range<usize> {
    let at = object.members.iter().position(|m| m.start == member.start).unwrap_or(0);
    match (at.checked_sub(1).map(|i| &object.members[i]), object.members.get(at + 1)) {
        (_, Some(next)) => member.start..next.start,
        (Some(prev), None) => prev.value.end..member.value.end,
        (None, None) => object.open..member.value.end,
    }
}

/// The last member named `key`: exact spelling first, else ignoring case.
fn find<'a>(object: &'a Object, key: &str) -> Option<&'a Member> {
    let members = &object.members;
    members.iter().rev().find(|m| m.key == key).or_else(|| members.iter().rev().find(|m| m.key.eq_ignore_ascii_case(key)))
}

/// A scalar as JSON.
fn render(typed: &Typed, sep: &str) -> String {
    match typed {
        Typed::Null => "null".into(),
        Typed::Bool(b) => b.to_string(),
        Typed::Number(n) => n.clone(),
        Typed::Text(s) | Typed::Date(s) => serde_json::Value::from(s.as_str()).to_string(),
        Typed::List(items) => render_list(None, items, sep),
    }
}

/// The texts of a JSON array's string items.
fn read_list(text: &str) -> Vec<String> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => items.into_iter().filter_map(|v| crate::post::Value::from(v).as_text()).collect(),
        Ok(other) => crate::post::Value::from(other).as_list(),
        Err(_) => Vec::new(),
    }
}

/// A list as a JSON array laid out like `old` (one line or one item a line), reusing old items' text.
/// `default_sep` joins items when `old` does not show how.
fn render_list(old: Option<&str>, items: &[String], default_sep: &str) -> String {
    let spans = old.and_then(array_items).unwrap_or_default();
    let old = old.unwrap_or("");
    let (open_pad, sep, close_pad) = match spans.as_slice() {
        [] => (String::new(), default_sep.to_string(), String::new()),
        [only] => {
            let open_pad = old[1..only.start].to_string();
            let sep = if open_pad.contains('\n') { format!(",{open_pad}") } else { default_sep.into() };
            (open_pad, sep, old[only.end..old.len() - 1].to_string())
        }
        [first, second, ..] => {
            let last = spans.last().map_or(first.end, |s| s.end);
            (old[1..first.start].to_string(), old[first.end..second.start].to_string(), old[last..old.len() - 1].to_string())
        }
    };
    if items.is_empty() {
        return "[]".into();
    }
    let written: Vec<String> = items
        .iter()
        .map(|item| {
            let reused = spans.iter().map(|s| &old[s.clone()]).find(|raw| serde_json::from_str::<String>(raw).is_ok_and(|t| &t == item));
            reused.map_or_else(|| serde_json::Value::from(item.as_str()).to_string(), str::to_string)
        })
        .collect();
    format!("[{open_pad}{}{close_pad}]", written.join(&sep))
}

/// The byte ranges of an array's items; `None` if `text` is not an array.
fn array_items(text: &str) -> Option<Vec<Range<usize>>> {
    if !text.starts_with('[') || !text.ends_with(']') {
        return None;
    }
    let mut pos = skip_ws(text, 1);
    let mut items = Vec::new();
    if text[pos..].starts_with(']') {
        return Some(items);
    }
    loop {
        let end = pos + value_len(&text[pos..])?;
        items.push(pos..end);
        let next = skip_ws(text, end);
        match text[next..].chars().next()? {
            ',' => pos = skip_ws(text, next + 1),
            ']' => return Some(items),
            _ => return None,
        }
    }
}

/// Reads the top-level object's members; `None` if the text is not one JSON object.
fn scan(text: &str) -> Option<Object> {
    let open = text.find('{')? + 1;
    let mut pos = skip_ws(text, open);
    let mut members = Vec::new();
    if text[pos..].starts_with('}') {
        return Some(Object { open, members });
    }
    loop {
        let start = pos;
        let key_len = value_len(&text[pos..])?;
        let key: String = serde_json::from_str(&text[pos..pos + key_len]).ok()?;
        let key_end = pos + key_len;
        let colon = skip_ws(text, key_end);
        text[colon..].starts_with(':').then_some(())?;
        let value_start = skip_ws(text, colon + 1);
        let value_end = value_start + value_len(&text[value_start..])?;
        members.push(Member { key, start, key_end, value: value_start..value_end });
        let next = skip_ws(text, value_end);
        match text[next..].chars().next()? {
            ',' => pos = skip_ws(text, next + 1),
            '}' => return Some(Object { open, members }),
            _ => return None,
        }
    }
}

/// The length of the JSON value that starts `text`.
fn value_len(text: &str) -> Option<usize> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    stream.next()?.ok()?;
    Some(stream.byte_offset())
}

fn skip_ws(text: &str, from: usize) -> usize {
    from + text[from..].len() - text[from..].trim_start_matches([' ', '\t', '\n', '\r']).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_with_their_ranges() {
        let text = "{\n  \"title\": \"J\",\n  \"n\": 12,\n  \"tags\": [\"a\", \"b\"]\n}";
        let object = scan(text).unwrap();
        let keys: Vec<&str> = object.members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["title", "n", "tags"]);
        assert_eq!(&text[object.members[1].value.clone()], "12");
    }

    #[test]
    fn lists_keep_their_layout() {
        assert_eq!(render_list(Some("[\"a\",\"b\"]"), &["a".into(), "b".into(), "c".into()], ", "), "[\"a\",\"b\",\"c\"]");
        let multi = "[\n    \"a\"\n  ]";
        assert_eq!(render_list(Some(multi), &["a".into(), "b".into()], ", "), "[\n    \"a\",\n    \"b\"\n  ]");
        assert_eq!(render_list(None, &["x".into(), "y".into()], ","), "[\"x\",\"y\"]");
    }
}
