//! TOML front matter edited with `toml_edit`, which keeps formatting, comments and key order. Zola
//! keeps tags and categories in `[taxonomies]`; Hugo at the top level.
//!
//! A front matter is read once ([`read`]): its keys, and where its top-level `key = value` lines
//! start ([`Layout`]). An edit of top-level keys then hands `toml_edit` only the lines around the
//! keys it touches, so an edit costs one read of the file, not three, whatever its size.

use std::ops::Range;
use std::path::Path;

use toml::de::DeTable;
use toml_edit::{Array, DocumentMut, Item, TableLike, Value};

use super::typed::Typed;
use super::{EditError, Flavor, Op};
use crate::post::Value as PostValue;
use crate::post::frontmatter::{Format, Split};

/// Keys Zola reads from `[taxonomies]`.
const TAXONOMIES: [&str; 2] = ["tags", "categories"];
/// How far up from a post to look for the site's config file.
const MAX_CONFIG_DEPTH: usize = 8;

/// Where the statements of a TOML front matter's top-level table are: the boundaries at which its
/// text can be cut into pieces that each read the same on their own. Only made for a simple shape:
/// every top-level key is a `key = value` line (no dotted keys) before the first `[table]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The top-level `key = value` keys, in file order (the order the reader gives them), each with
    /// the start of its line.
    pub keys: Vec<(String, usize)>,
    /// The other top-level keys: tables and arrays of tables, written under `[headers]`.
    pub tables: Vec<String>,
    /// The start of the first `[table]` header's line; the text's length when there is none.
    pub root_end: usize,
}

/// A front matter's keys and values, in file order.
type Fields = Vec<(String, PostValue)>;

/// Reads TOML front matter as the reader does (the same keys and values as
/// `frontmatter::fields`) and, when its shape is simple, its [`Layout`]. `None` when it does not
/// parse: `frontmatter::fields` then says why.
pub(crate) fn read(raw: &str) -> Option<(Fields, Option<Layout>)> {
    let doc = DeTable::parse(raw).ok()?;
    let layout = layout_of(raw, doc.get_ref());
    let table = <toml::Table as serde::Deserialize>::deserialize(toml::de::Deserializer::from(doc)).ok()?;
    let fields: Fields = table.into_iter().map(|(k, v)| (k, PostValue::from(v))).collect();
    // The plain keys come first, in file order: checked, since the read-back relies on it.
    let layout = layout.filter(|l| l.keys.len() <= fields.len() && l.keys.iter().zip(&fields).all(|((a, _), (b, _))| a == b));
    Some((fields, layout))
}

/// The layout of a parsed table, if its shape is simple (see [`Layout`]).
fn layout_of(raw: &str, table: &DeTable<'_>) -> Option<Layout> {
    let line_start = |at: usize| raw[..at.min(raw.len())].rfind('\n').map_or(0, |i| i + 1);
    let mut layout = Layout { keys: Vec::new(), tables: Vec::new(), root_end: raw.len() };
    for (key, value) in table.iter() {
        let (key_span, value_span) = (key.span(), value.span());
        let start = line_start(key_span.start);
        let lead = raw.get(start..key_span.start)?.trim();
        if lead.is_empty() && value_span.start >= key_span.end {
            // `key = value`: a dotted key's table is spanned by its key instead, so never lands here.
            layout.keys.push((key.get_ref().to_string(), start));
        } else if lead.starts_with('[') {
            // `[key]`, `[key.sub]`, `[[key]]`: the header's line.
            layout.tables.push(key.get_ref().to_string());
            layout.root_end = layout.root_end.min(start);
        } else {
            return None;
        }
    }
    let ordered = layout.keys.windows(2).all(|w| w[0].1 < w[1].1);
    (ordered && layout.keys.last().is_none_or(|k| k.1 < layout.root_end)).then_some(layout)
}

/// The keys of a piece of TOML made only of `key = value` lines (no tables, no dotted keys), as
/// the reader reads them; `None` for anything else.
pub(crate) fn plain_keys(part: &str) -> Option<Fields> {
    let (fields, layout) = read(part)?;
    let layout = layout?;
    (layout.tables.is_empty() && layout.keys.len() == fields.len()).then_some(fields)
}

/// Whether every line of the text ends with CRLF (and there is at least one).
fn all_crlf(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let mut any = false;
    for at in memchr::memchr_iter(b'\n', bytes) {
        if at == 0 || bytes[at - 1] != b'\r' {
            return false;
        }
        any = true;
    }
    any
}

/// Applies ops to the TOML text between the `+++` fences. With the text's [`Layout`], ops on
/// top-level keys edit only the lines around those keys (the rest is copied as it is).
pub fn apply(raw: &str, ops: &[Op], flavor: Flavor, layout: Option<&Layout>) -> Result<String, EditError> {
    // toml_edit writes `\n` for the lines it makes: edit LF text and put CRLF back after.
    let crlf = all_crlf(raw);
    if let Some(window) = layout.and_then(|layout| window(layout, ops, flavor)) {
        let part = apply_text(&raw[window.clone()], ops, flavor, crlf)?;
        return Ok(format!("{}{part}{}", &raw[..window.start], &raw[window.end..]));
    }
    apply_text(raw, ops, flavor, crlf)
}

/// The lines an edit of top-level keys needs: for each touched key, its own statement and the one
/// before it (the comments above a key belong to it, as `toml_edit` reads them), and for a new key
/// the last statement up to the first table, where `toml_edit` adds keys. `None` when an op may
/// touch a table (Zola's `[taxonomies]`, or a key that is one) or add back a key it unset: the
/// whole text is edited then.
fn window(layout: &Layout, ops: &[Op], flavor: Flavor) -> Option<Range<usize>> {
    let names = layout.keys.iter().map(|(k, _)| k).chain(&layout.tables);
    let in_taxonomies = flavor.zola || names.into_iter().any(|k| k.eq_ignore_ascii_case("taxonomies"));
    let start = |i: usize| layout.keys.get(i).map_or(layout.root_end, |k| k.1);
    let mut range: Option<Range<usize>> = None;
    for (n, op) in ops.iter().enumerate() {
        let key = op.key();
        if in_taxonomies && TAXONOMIES.iter().any(|t| t.eq_ignore_ascii_case(key)) {
            return None;
        }
        // A key unset by an earlier op would be added back at the end, away from its lines.
        if ops[..n].iter().any(|o| matches!(o, Op::Unset(_)) && o.key().eq_ignore_ascii_case(key)) {
            return None;
        }
        // As `find` matches: the exact name first, then ignoring case; plain keys come first.
        let exact = layout.keys.iter().position(|(k, _)| k == key);
        if exact.is_none() && layout.tables.iter().any(|t| t.eq_ignore_ascii_case(key)) {
            return None;
        }
        let found = exact.or_else(|| layout.keys.iter().position(|(k, _)| k.eq_ignore_ascii_case(key)));
        let lines = match (found, op) {
            (Some(0), _) => 0..start(1),
            (Some(i), _) => start(i - 1)..start(i + 1),
            (None, Op::Set(..) | Op::Add(..)) => layout.keys.last().map_or(0, |k| k.1)..layout.root_end,
            (None, Op::Unset(_) | Op::Remove(..)) => continue,
        };
        range = Some(match range {
            Some(r) => r.start.min(lines.start)..r.end.max(lines.end),
            None => lines,
        });
    }
    range
}

/// [`apply`] on a whole text (or a window of whole statements).
fn apply_text(raw: &str, ops: &[Op], flavor: Flavor, crlf: bool) -> Result<String, EditError> {
    let text = if crlf { raw.replace("\r\n", "\n") } else { raw.to_string() };
    let out = ops.iter().try_fold(text, |text, op| {
        if let Op::Unset(_) = op
            && let Some(cut) = unset_lines(&text, op, flavor)?
        {
            return Ok(format!("{}{}", &text[..cut.start], &text[cut.end..]));
        }
        let mut doc: DocumentMut = text.parse().map_err(bad)?;
        apply_one(&mut doc, op, flavor)?;
        Ok(doc.to_string())
    })?;
    Ok(if crlf { out.replace('\n', "\r\n") } else { out })
}

fn bad(err: toml_edit::TomlError) -> EditError {
    EditError::BadFrontMatter(err.message().to_string())
}

/// The lines of a `key = value` to remove: from the start of the key's line to the end of the
/// value's line with its comment. The blank lines and comments above the key belong to the text
/// around it (`toml_edit` files them under the key) and stay. `None` when the key is not there or
/// is a table, or shares its line with something else: `toml_edit` then removes it.
fn unset_lines(text: &str, op: &Op, flavor: Flavor) -> Result<Option<Range<usize>>, EditError> {
    let doc = toml_edit::Document::parse(text).map_err(bad)?;
    let table: &dyn TableLike = if is_taxonomy_in(doc.as_table(), op.key(), flavor) {
        match doc.get("taxonomies").and_then(Item::as_table_like) {
            Some(t) => t,
            None => return Ok(None),
        }
    } else {
        doc.as_table()
    };
    let Some(key) = find(table, op.key()) else { return Ok(None) };
    let (Some(key_span), Some(Item::Value(value))) = (table.key(&key).and_then(toml_edit::Key::span), table.get(&key)) else {
        return Ok(None);
    };
    let Some(value_span) = value.span() else { return Ok(None) };
    let line_start = text[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[value_span.end..].find('\n').map_or(text.len(), |i| value_span.end + i + 1);
    let before = &text[line_start..key_span.start];
    let after = text[value_span.end..line_end].trim();
    let alone = before.trim().is_empty() && (after.is_empty() || after.starts_with('#'));
    Ok(alone.then_some(line_start..line_end))
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
    is_taxonomy_in(doc.as_table(), key, flavor)
}

fn is_taxonomy_in(root: &toml_edit::Table, key: &str, flavor: Flavor) -> bool {
    if !TAXONOMIES.iter().any(|t| t.eq_ignore_ascii_case(key)) {
        return false;
    }
    let taxonomies = root.get("taxonomies").and_then(Item::as_table_like);
    if taxonomies.is_some_and(|t| find(t, key).is_some()) {
        return true;
    }
    find(root, key).is_none() && (flavor.zola || taxonomies.is_some())
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

/// Makes an array hold exactly `texts`, keeping the written form of items it has. Removals and
/// additions at the end are made item by item, so comments stay with their items; a new order
/// rebuilds the array from its items.
fn set_items(array: &mut Array, texts: &[String]) {
    let gone: Vec<String> = array.iter().filter_map(|v| v.as_str()).filter(|t| !texts.iter().any(|x| x == t)).map(str::to_string).collect();
    for text in &gone {
        remove(array, text);
    }
    let kept: Vec<&str> = array.iter().filter_map(Value::as_str).collect();
    let in_order = array.iter().all(|v| v.as_str().is_some()) && texts.iter().take(kept.len()).map(String::as_str).eq(kept.iter().copied());
    if in_order {
        for text in &texts[kept.len()..] {
            add(array, text);
        }
        return;
    }
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

/// The text of a piece of decor (empty when `toml_edit` has none).
fn raw(decor: Option<&toml_edit::RawString>) -> String {
    decor.and_then(|r| r.as_str()).unwrap_or("").to_string()
}

/// Whether an array is laid out over several lines (one item a line, often with a comment each).
fn multi_line(array: &Array) -> bool {
    array.iter().any(|v| raw(v.decor().prefix()).contains('\n')) || raw(Some(array.trailing())).contains('\n')
}

/// Appends an item spaced like the last one (unless the array has it). In an array over several
/// lines the new item gets its own line, after the comment that followed the last item.
fn add(array: &mut Array, text: &str) {
    if array.iter().any(|v| v.as_str() == Some(text)) {
        return;
    }
    let mut value = Value::from(text);
    let multi = multi_line(array);
    match array.len() {
        0 => value.decor_mut().clear(),
        n if multi => {
            let trailing = raw(Some(array.trailing()));
            let Some(last) = array.get_mut(n - 1) else { return };
            let prefix = raw(last.decor().prefix());
            let indent = prefix.rsplit('\n').next().unwrap_or("").to_string();
            // What follows the last item up to `]`: its comment, then the indentation of `]`.
            let tail = format!("{}{trailing}", raw(last.decor().suffix()));
            let (comments, close) = match tail.rfind('\n') {
                Some(nl) => (tail[..=nl].to_string(), tail[nl + 1..].to_string()),
                None => ("\n".to_string(), tail.clone()),
            };
            last.decor_mut().set_suffix("");
            value.decor_mut().set_prefix(format!("{comments}{indent}"));
            value.decor_mut().set_suffix("");
            array.push_formatted(value);
            array.set_trailing(format!("\n{close}"));
            return;
        }
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
/// In an array over several lines, the item's line goes with its comment; the comments on the
/// lines around it stay.
fn remove(array: &mut Array, text: &str) {
    let at = array
        .iter()
        .position(|v| v.as_str() == Some(text))
        .or_else(|| array.iter().position(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(text))));
    let Some(at) = at else { return };
    let multi = multi_line(array);
    let removed = array.remove(at);
    if multi {
        // The removed item's prefix holds the comment after the item before it: keep that part.
        let prefix = raw(removed.decor().prefix());
        let keep = prefix.rfind('\n').map_or(String::new(), |nl| prefix[..=nl].to_string());
        let after_own_comment = |s: &str| s.find('\n').map_or(s.to_string(), |nl| s[nl + 1..].to_string());
        match array.get_mut(at) {
            Some(next) => {
                let next_prefix = raw(next.decor().prefix());
                next.decor_mut().set_prefix(format!("{keep}{}", after_own_comment(&next_prefix)));
            }
            None => {
                let tail = format!("{}{}", raw(removed.decor().suffix()), raw(Some(array.trailing())));
                let close = tail.rsplit('\n').next().unwrap_or("").to_string();
                let keep = if keep.is_empty() { "\n".to_string() } else { keep };
                array.set_trailing(format!("{keep}{close}"));
            }
        }
        return;
    }
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

#[cfg(test)]
#[path = "toml_tests.rs"]
mod tests;
