//! TOML front matter edited with `toml_edit`, which keeps formatting, comments and key order. Zola
//! keeps tags and categories in `[taxonomies]`; Hugo at the top level.

use std::path::Path;

use toml_edit::{Array, DocumentMut, Item, TableLike, Value};

use super::typed::Typed;
use super::{EditError, Flavor, Op};
use crate::post::frontmatter::{Format, Split};

/// Keys Zola reads from `[taxonomies]`.
const TAXONOMIES: [&str; 2] = ["tags", "categories"];
/// How far up from a post to look for the site's config file.
const MAX_CONFIG_DEPTH: usize = 8;

/// Applies ops to the TOML text between the `+++` fences.
pub fn apply(raw: &str, ops: &[Op], flavor: Flavor) -> Result<String, EditError> {
    // toml_edit writes `\n` for the lines it makes: edit LF text and put CRLF back after.
    let crlf = raw.contains("\r\n") && !raw.replace("\r\n", "").contains('\n');
    let text = if crlf { raw.replace("\r\n", "\n") } else { raw.to_string() };
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| EditError::BadFrontMatter(e.message().to_string()))?;
    for op in ops {
        apply_one(&mut doc, op, flavor)?;
    }
    let out = doc.to_string();
    Ok(if crlf { out.replace('\n', "\r\n") } else { out })
}

fn apply_one(doc: &mut DocumentMut, op: &Op, flavor: Flavor) -> Result<(), EditError> {
    let in_taxonomies = is_taxonomy(doc, op.key(), flavor);
    if in_taxonomies && !doc.contains_key("taxonomies") {
        if matches!(op, Op::Unset(_) | Op::Remove(..)) {
            return Ok(());
        }
        doc.insert("taxonomies", toml_edit::table());
    }
    let table: &mut dyn TableLike = if in_taxonomies {
        doc.get_mut("taxonomies").and_then(Item::as_table_like_mut).ok_or_else(|| EditError::Unsafe(op.key().to_string()))?
    } else {
        doc.as_table_mut()
    };
    let key = find(table, op.key()).unwrap_or_else(|| op.key().to_string());
    match op {
        Op::Set(_, value) => set(table, &key, value),
        Op::Unset(_) => {
            table.remove(&key);
        }
        Op::Add(_, item) => {
            if !table.contains_key(&key) {
                table.insert(&key, Item::Value(Value::Array(Array::from_iter([item.as_str()]))));
            } else if let Some(array) = table.get_mut(&key).and_then(Item::as_array_mut) {
                add(array, item);
            } else {
                return Err(EditError::Unsafe(key));
            }
        }
        Op::Remove(_, item) => {
            if let Some(array) = table.get_mut(&key).and_then(Item::as_array_mut) {
                remove(array, item);
            }
        }
    }
    Ok(())
}

/// Whether a list key lives in `[taxonomies]`: where the file has it, else where Zola wants it.
fn is_taxonomy(doc: &DocumentMut, key: &str, flavor: Flavor) -> bool {
    if !TAXONOMIES.iter().any(|t| t.eq_ignore_ascii_case(key)) {
        return false;
    }
    let taxonomies = doc.get("taxonomies").and_then(Item::as_table_like);
    if taxonomies.is_some_and(|t| find(t, key).is_some()) {
        return true;
    }
    find(doc.as_table(), key).is_none() && (flavor.zola || taxonomies.is_some())
}

/// The key as the table spells it: exact first, else ignoring case.
fn find(table: &dyn TableLike, key: &str) -> Option<String> {
    if table.contains_key(key) {
        return Some(key.to_string());
    }
    table.iter().map(|(k, _)| k).find(|k| k.eq_ignore_ascii_case(key)).map(str::to_string)
}

/// Sets a key, keeping the spacing and comment around the value it replaces.
fn set(table: &mut dyn TableLike, key: &str, typed: &Typed) {
    let old = table.get(key).and_then(Item::as_value);
    let mut value = to_value(typed, old);
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(slot) => {
            *value.decor_mut() = slot.decor().clone();
            *slot = value;
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// A typed value as TOML, in the form of the value it replaces (a string keeps its `'literal'` or
/// `"""multi-line"""` quotes, an array keeps its items' spacing).
fn to_value(typed: &Typed, old: Option<&Value>) -> Value {
    let delimiter = old.filter(|v| v.is_str()).map(|v| v.to_string()).and_then(|raw| {
        let raw = raw.trim_start();
        ["\"\"\"", "'''", "'"].into_iter().find(|d| raw.starts_with(d))
    });
    let string = |s: &str| {
        let candidate = match delimiter {
            Some("\"\"\"") => format!("\"\"\"{}\"\"\"", s.replace('\\', "\\\\")),
            Some(d) => format!("{d}{s}{d}"),
            None => return Value::from(s),
        };
        // The delimiters cannot hold every text: keep them only when the value reads back the same.
        candidate.parse::<Value>().ok().filter(|v| v.as_str() == Some(s)).unwrap_or_else(|| Value::from(s))
    };
    match typed {
        Typed::Null => string(""),
        Typed::Bool(b) => Value::from(*b),
        Typed::Number(n) => n.parse::<Value>().ok().filter(|v| v.is_integer() || v.is_float()).unwrap_or_else(|| Value::from(n.as_str())),
        Typed::Text(s) => string(s),
        Typed::Date(s) if old.is_some_and(Value::is_str) => string(s),
        Typed::Date(s) => datetime(s).map_or_else(|| string(s), Value::from),
        Typed::List(items) => {
            let mut array = old.and_then(Value::as_array).cloned().unwrap_or_default();
            set_items(&mut array, items);
            Value::Array(array)
        }
    }
}

/// A date as a TOML datetime: as typed when TOML reads it, else in RFC 3339.
fn datetime(text: &str) -> Option<toml_edit::Datetime> {
    text.parse().ok().or_else(|| crate::post::dates::parse(text)?.to_rfc3339().parse().ok())
}

/// Makes an array hold exactly `texts`, keeping the written form of items it has.
fn set_items(array: &mut Array, texts: &[String]) {
    let mut old: Vec<Value> = array.iter().cloned().collect();
    let first_prefix = old.first().and_then(|v| v.decor().prefix().cloned());
    array.clear();
    for text in texts {
        match old.iter().position(|v| v.as_str() == Some(text)) {
            Some(at) => array.push_formatted(old.remove(at)),
            None => add(array, text),
        }
    }
    if let (Some(first), Some(prefix)) = (array.get_mut(0), first_prefix) {
        first.decor_mut().set_prefix(prefix);
    }
}

/// Appends an item spaced like the last one (unless the array has it).
fn add(array: &mut Array, text: &str) {
    if array.iter().any(|v| v.as_str() == Some(text)) {
        return;
    }
    let mut value = Value::from(text);
    match array.len() {
        0 => value.decor_mut().clear(),
        1 => value.decor_mut().set_prefix(" "),
        n => {
            if let Some(last) = array.get(n - 1) {
                *value.decor_mut() = last.decor().clone();
            }
        }
    }
    array.push_formatted(value);
}

/// Removes an item (exact first, else ignoring case); the next item takes over the first's spacing.
fn remove(array: &mut Array, text: &str) {
    let at = array
        .iter()
        .position(|v| v.as_str() == Some(text))
        .or_else(|| array.iter().position(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(text))));
    let Some(at) = at else { return };
    let removed = array.remove(at);
    if at == 0
        && let Some(next) = array.get_mut(0)
    {
        *next.decor_mut() = removed.decor().clone();
    }
}

/// Whether front matter reads like Zola's: a `[taxonomies]` or `[extra]` table, or a `path` key.
pub fn looks_like_zola(split: &Split<'_>) -> bool {
    split.format == Format::Toml
        && split.raw.lines().any(|l| {
            let l = l.trim();
            l == "[taxonomies]" || l == "[extra]" || l.starts_with("path =") || l.starts_with("taxonomies")
        })
}

/// Whether the site holding `path` is a Zola site: a `zola.toml`, or a `config.toml` with Zola's
/// `base_url` (Hugo spells it `baseURL`).
pub fn site_is_zola(path: &Path) -> bool {
    for dir in path.ancestors().skip(1).take(MAX_CONFIG_DEPTH) {
        if dir.join("zola.toml").is_file() {
            return true;
        }
        if let Ok(config) = crate::file::read(&dir.join("config.toml"), crate::post::MAX_POST_BYTES) {
            return String::from_utf8_lossy(&config).lines().any(|l| l.trim_start().starts_with("base_url"));
        }
    }
    false
}
