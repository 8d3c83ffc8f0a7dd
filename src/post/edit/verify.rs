//! The last line of defence: read the edited text back and refuse to write it unless the touched keys
//! hold what was asked and every other key is exactly as it was.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::toml::{self, Layout};
use super::typed::Typed;
use super::{EditError, Op};
use crate::post::{Value, dates, frontmatter};

/// What a key should hold after the ops.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    Gone,
    Scalar(Typed),
    List(Vec<String>),
}

/// Front matter up to this size is read back whole after an edit; beyond it, only the lines that
/// changed are (the rest is byte for byte what was read, key boundaries and all), so an edit stays
/// linear: reading back 100,000 keys cost as much again as the edit.
const FULL_CHECK_BYTES: usize = 256 * 1024;

/// Checks the edited file text against the fields read before the edit, and returns the fields of
/// the new text. `before_text` is the file before the edit (without a BOM), `out` after it;
/// `layout` is where a TOML front matter's keys were before the edit.
pub fn check(
    before: &[(String, Value)],
    before_text: &str,
    out: &str,
    ops: &[Op],
    layout: Option<&Layout>,
) -> Result<Vec<(String, Value)>, EditError> {
    check_with(before, before_text, out, ops, layout, FULL_CHECK_BYTES)
}

/// [`check`], reading back whole front matter up to `full_check_bytes`.
pub(super) fn check_with(
    before: &[(String, Value)],
    before_text: &str,
    out: &str,
    ops: &[Op],
    layout: Option<&Layout>,
    full_check_bytes: usize,
) -> Result<Vec<(String, Value)>, EditError> {
    let text = out.strip_prefix('\u{feff}').unwrap_or(out);
    let split = frontmatter::split(text);
    let blame = || EditError::Unsafe(ops.first().map_or_else(String::new, |o| o.key().to_string()));
    // A partial read-back gives the new keys and which of them changed: the rest are the old
    // keys, moved over as they were.
    let partial = match split.format {
        frontmatter::Format::Yaml if split.raw.len() > full_check_bytes => {
            Some(ReadBack::whole(changed_keys(before, frontmatter::split(before_text).raw, split.raw).ok_or_else(blame)?, before.len()))
        }
        // When the changed lines cannot be read on their own, the whole text is read back.
        frontmatter::Format::Toml if split.raw.len() > full_check_bytes => {
            layout.and_then(|layout| changed_toml_keys(before, frontmatter::split(before_text).raw, split.raw, layout))
        }
        _ => None,
    };
    let read_back = match partial {
        Some(read_back) => read_back,
        None => {
            let (after, problems) = frontmatter::fields(&split);
            if !problems.is_empty() {
                return Err(blame());
            }
            ReadBack::whole(after, before.len())
        }
    };
    let (old_keys, new_keys) = (&before[read_back.old.clone()], &read_back.after[read_back.new.clone()]);
    // Zola keeps tags and categories in `[taxonomies]`: that table is touched only by those keys.
    let taxonomy_op = ops.iter().any(|o| ["tags", "categories"].iter().any(|t| o.key().eq_ignore_ascii_case(t)));
    let touched =
        |key: &str| ops.iter().any(|o| o.key().eq_ignore_ascii_case(key)) || (taxonomy_op && key.eq_ignore_ascii_case("taxonomies"));
    // One pass each way over maps of the keys: a pairwise comparison made 100,000 keys take minutes.
    let new_map: HashMap<&str, &Value> = new_keys.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let old_map: HashMap<&str, &Value> = old_keys.iter().map(|(k, v)| (k.as_str(), v)).collect();
    for (key, value) in old_keys.iter().filter(|(k, _)| !touched(k)) {
        if new_map.get(key.as_str()) != Some(&value) {
            return Err(blame());
        }
    }
    if new_keys.iter().any(|(k, _)| !touched(k) && !old_map.contains_key(k.as_str())) {
        return Err(blame());
    }
    let after = read_back.after;
    for (key, want) in wanted(before, ops) {
        if !holds(&after, &key, &want) {
            return Err(EditError::Unsafe(key));
        }
    }
    Ok(after)
}

/// The keys of the new YAML, reading back only the top-level keys whose lines changed: the old
/// keys with those replaced by what their new lines hold. `None` when the changed lines do not read
/// as keys on their own, or repeat a key kept elsewhere.
fn changed_keys(before: &[(String, Value)], old: &str, new: &str) -> Option<Vec<(String, Value)>> {
    let (prefix, suffix) = common_ends(old, new);
    // Widen the change to whole top-level keys: from the key line at or before it to the next one.
    let starts = super::yaml::key_starts(new);
    let from = starts.iter().rev().find(|&&s| s <= prefix).copied().unwrap_or(0);
    let to_new = starts.iter().find(|&&s| s >= new.len() - suffix && s > from).copied().unwrap_or(new.len());
    let to_old = old.len() - (new.len() - to_new);
    let (old_part, new_part) = (old.get(from..to_old)?, new.get(from..to_new)?);
    let (gone, problems) = crate::post::yaml::parse_mapping(old_part, 1);
    if !problems.is_empty() {
        return None;
    }
    let (came, problems) = crate::post::yaml::parse_mapping(new_part, 1);
    if !problems.is_empty() {
        return None;
    }
    let gone: HashSet<&str> = gone.iter().map(|(k, _)| k.as_str()).collect();
    // A key the new lines hold that the rest of the text holds too would be a duplicate.
    if came.iter().any(|(k, _)| !gone.contains(k.as_str()) && before.iter().any(|(b, _)| b == k)) {
        return None;
    }
    let mut after = Vec::with_capacity(before.len() + came.len());
    let mut came = Some(came);
    for field in before {
        if gone.contains(field.0.as_str()) {
            after.extend(came.take().into_iter().flatten());
        } else {
            after.push(field.clone());
        }
    }
    after.extend(came.into_iter().flatten());
    Some(after)
}

/// The keys of an edited text as read back, and which of them may differ from the old keys: the
/// range `old` of the old keys became the range `new` of these, every key outside them is an old
/// key moved over unchanged (so only those ranges need comparing).
struct ReadBack {
    after: Vec<(String, Value)>,
    old: Range<usize>,
    new: Range<usize>,
}

impl ReadBack {
    /// Keys read back whole (or built in a way that gives no ranges): all of them are compared
    /// with all `old` keys.
    fn whole(after: Vec<(String, Value)>, old: usize) -> ReadBack {
        ReadBack { old: 0..old, new: 0..after.len(), after }
    }
}

/// How many bytes two texts share at their start and, after that, at their end.
fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let (old, new) = (old.as_bytes(), new.as_bytes());
    let prefix = common_prefix(old.iter(), new.iter(), old.chunks(CHUNK).zip(new.chunks(CHUNK)));
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = common_prefix(old_rest.iter().rev(), new_rest.iter().rev(), old_rest.rchunks(CHUNK).zip(new_rest.rchunks(CHUNK)));
    (prefix, suffix)
}

/// Bytes compared at a time (as slices, which is fast) before finding the first difference.
const CHUNK: usize = 4096;

/// How many leading items two byte sequences share: whole equal chunks first, then byte by byte.
fn common_prefix<'a>(
    a: impl Iterator<Item = &'a u8>,
    b: impl Iterator<Item = &'a u8>,
    chunks: impl Iterator<Item = (&'a [u8], &'a [u8])>,
) -> usize {
    let same = chunks.take_while(|(x, y)| x.len() == CHUNK && x == y).count() * CHUNK;
    same + a.skip(same).zip(b.skip(same)).take_while(|(x, y)| x == y).count()
}

/// The keys of the new TOML, reading back only the top-level statements whose lines changed: the
/// old keys with those replaced by what their new lines hold. The change is widened to whole
/// statements at the old text's statement boundaries ([`Layout`]; the text before and after is the
/// same bytes, so it reads the same). `None` when that is not sure: the change reaches a table,
/// the new lines are not whole `key = value` lines on their own (a dotted key or a `[table]` would
/// read differently in place), or they repeat a key kept elsewhere.
fn changed_toml_keys(before: &[(String, Value)], old: &str, new: &str, layout: &Layout) -> Option<ReadBack> {
    let (prefix, suffix) = common_ends(old, new);
    let cuts = || std::iter::once(0).chain(layout.keys.iter().map(|(_, at)| *at)).chain([layout.root_end]);
    let from = cuts().rfind(|&c| c <= prefix)?;
    let to_old = cuts().find(|&c| c >= old.len() - suffix && c >= from)?;
    let to_new = (to_old + new.len()).checked_sub(old.len())?;
    let (old_part, new_part) = (old.get(from..to_old)?, new.get(from..to_new)?);
    // The next statement must start on a line of its own.
    if to_old < old.len() && !new_part.is_empty() && !new_part.ends_with('\n') {
        return None;
    }
    let gone = toml::plain_keys(old_part)?;
    let came = toml::plain_keys(new_part)?;
    // The plain keys come first in `before`, in file order: those before `from` stay in front.
    let at = layout.keys.iter().take_while(|(_, start)| *start < from).count();
    let replaced = before.get(at..at + gone.len())?;
    if !replaced.iter().map(|(k, _)| k).eq(gone.iter().map(|(k, _)| k)) {
        return None;
    }
    let gone: HashSet<&str> = gone.iter().map(|(k, _)| k.as_str()).collect();
    if came.iter().any(|(k, _)| !gone.contains(k.as_str()) && before.iter().any(|(b, _)| b == k)) {
        return None;
    }
    let (old_range, new_range) = (at..at + gone.len(), at..at + came.len());
    let mut after = Vec::with_capacity(before.len() + came.len());
    after.extend_from_slice(&before[..at]);
    after.extend(came);
    after.extend_from_slice(&before[old_range.end..]);
    Some(ReadBack { after, old: old_range, new: new_range })
}

/// The final state each touched key should be in.
fn wanted(before: &[(String, Value)], ops: &[Op]) -> HashMap<String, Want> {
    let mut want: HashMap<String, Want> = HashMap::new();
    for op in ops {
        let key = op.key().to_ascii_lowercase();
        let current = |want: &HashMap<String, Want>| match want.get(&key) {
            Some(Want::List(items)) => items.clone(),
            Some(_) => Vec::new(),
            None => list_of(before, &key),
        };
        let next = match op {
            Op::Set(_, Typed::List(items)) => Want::List(items.clone()),
            Op::Set(_, typed) => Want::Scalar(typed.clone()),
            Op::Unset(_) => Want::Gone,
            Op::Add(_, item) => {
                let mut items = current(&want);
                if !items.contains(item) {
                    items.push(item.clone());
                }
                Want::List(items)
            }
            Op::Remove(_, item) => {
                let mut items = current(&want);
                let at = items.iter().position(|i| i == item).or_else(|| items.iter().position(|i| i.eq_ignore_ascii_case(item)));
                if let Some(at) = at {
                    items.remove(at);
                }
                Want::List(items)
            }
        };
        want.insert(key, next);
    }
    want
}

/// A key's value, ignoring case, or Zola's `taxonomies.<key>`.
fn value_of<'a>(fields: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    let direct = fields.iter().rev().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v);
    direct.or_else(|| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case("taxonomies")).and_then(|(_, t)| t.get(key)))
}

fn list_of(fields: &[(String, Value)], key: &str) -> Vec<String> {
    value_of(fields, key).map(Value::as_list).unwrap_or_default()
}

/// Whether the fields hold what is wanted for `key`.
fn holds(fields: &[(String, Value)], key: &str, want: &Want) -> bool {
    let value = value_of(fields, key);
    match (want, value) {
        (Want::Gone, v) => v.is_none(),
        (Want::List(items), _) => &list_of(fields, key) == items,
        (Want::Scalar(_), None) => false,
        (Want::Scalar(typed), Some(v)) => scalar_holds(typed, v),
    }
}

fn scalar_holds(typed: &Typed, value: &Value) -> bool {
    let text = value.as_text();
    match typed {
        Typed::Null => *value == Value::Null || text.as_deref() == Some(""),
        Typed::Bool(b) => value.as_bool() == Some(*b),
        Typed::Number(n) => text.and_then(|t| t.parse::<f64>().ok()) == n.parse::<f64>().ok(),
        Typed::Text(s) => text.as_deref() == Some(s.as_str()),
        Typed::Date(s) => text.and_then(|t| dates::parse(&t)).is_some_and(|d| Some(d) == dates::parse(s)),
        Typed::List(items) => &value.as_list() == items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(raw: &str) -> Vec<(String, Value)> {
        crate::post::yaml::parse_mapping(raw, 1).0
    }

    #[test]
    fn only_the_changed_keys_are_read_back_and_the_rest_kept_in_order() {
        let old = "a: 1\ntags:\n  - x\nb: 2\n";
        let new = "a: 1\ntags:\n  - x\n  - y\nb: 2\nc: 3\n";
        let after = changed_keys(&fields(old), old, new).unwrap();
        assert_eq!(after, fields(new));
        let removed = changed_keys(&fields(old), old, "a: 1\nb: 2\n").unwrap();
        assert_eq!(removed, fields("a: 1\nb: 2\n"));
    }

    #[test]
    fn a_changed_key_that_repeats_a_kept_one_is_not_read_back() {
        let old = "a: 1\nb: 2\n";
        assert!(changed_keys(&fields(old), old, "a: 1\nb: 2\na: 3\n").is_none());
        assert!(changed_keys(&fields(old), old, "a: 1\nb: [2\n").is_none());
    }

    fn toml_read(raw: &str) -> (Vec<(String, Value)>, Layout) {
        let (fields, layout) = toml::read(raw).expect("reads");
        (fields, layout.expect("a simple layout"))
    }

    #[test]
    fn toml_reads_back_only_the_changed_statements_and_keeps_the_order() {
        let old = "a = 1\ntags = [\n  \"x\", # first\n]\nb = 2\n\n# tables\n[t]\nc = 3\n";
        let (before, layout) = toml_read(old);
        for new in [
            "a = 1\ntags = [\n  \"x\", # first\n  \"y\",\n]\nb = 2\n\n# tables\n[t]\nc = 3\n",
            "a = 1\ntags = [\n  \"x\", # first\n]\nb = 2\nd = \"new\"\n\n# tables\n[t]\nc = 3\n",
            "tags = [\n  \"x\", # first\n]\nb = 2\n\n# tables\n[t]\nc = 3\n",
            "a = 1\ntags = [\n  \"x\", # first\n]\nb = 'two'\n\n# tables\n[t]\nc = 3\n",
        ] {
            assert_eq!(changed_toml_keys(&before, old, new, &layout).map(|r| r.after), Some(toml::read(new).expect("reads").0), "{new}");
        }
    }

    #[test]
    fn toml_lines_that_would_read_differently_in_place_are_not_read_back_alone() {
        let old = "a = 1\nb = 2\n[t]\nc = 3\n";
        let (before, layout) = toml_read(old);
        for new in [
            // A header would take the keys after it into its table.
            "a = 1\n[x]\nb = 2\n[t]\nc = 3\n",
            // A dotted key builds a table that other lines may add to.
            "a = 1\nb.c = 2\n[t]\nc = 3\n",
            // A key the rest of the text holds.
            "a = 1\nb = 2\na = 3\n[t]\nc = 3\n",
            "a = 1\nt = 2\n[t]\nc = 3\n",
            // Inside a table.
            "a = 1\nb = 2\n[t]\nc = 4\n",
            // An unclosed string swallowing the lines after it.
            "a = 1\nb = \"\"\"\n[t]\nc = 3\n",
        ] {
            assert!(changed_toml_keys(&before, old, new, &layout).is_none(), "{new}");
        }
    }

    #[test]
    fn the_shared_start_and_end_are_found_across_chunks() {
        let naive = |a: &str, b: &str| {
            let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let max = a.len().min(b.len()) - prefix;
            (prefix, a.bytes().rev().zip(b.bytes().rev()).take(max).take_while(|(x, y)| x == y).count())
        };
        let base = "key = 1\n".repeat(2_000);
        let cases = [
            (base.clone(), format!("{base}x = 2\n")),
            (format!("a{base}"), format!("b{base}")),
            (base.clone(), base.replacen("1", "2", 700)),
            (base.clone(), base[..CHUNK * 2].to_string()),
            (base.clone(), base.clone()),
            (String::new(), base.clone()),
        ];
        for (a, b) in &cases {
            assert_eq!(common_ends(a, b), naive(a, b));
            assert_eq!(common_ends(b, a), naive(b, a));
        }
    }
}
