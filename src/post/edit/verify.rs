//! The last line of defence: read the edited text back and refuse to write it unless the touched keys
//! hold what was asked and every other key is exactly as it was.

use std::collections::{HashMap, HashSet};

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
/// the new text. `before_text` is the file before the edit (without a BOM), `out` after it.
pub fn check(before: &[(String, Value)], before_text: &str, out: &str, ops: &[Op]) -> Result<Vec<(String, Value)>, EditError> {
    let text = out.strip_prefix('\u{feff}').unwrap_or(out);
    let split = frontmatter::split(text);
    let blame = || EditError::Unsafe(ops.first().map_or_else(String::new, |o| o.key().to_string()));
    let after = match split.format {
        frontmatter::Format::Yaml if split.raw.len() > FULL_CHECK_BYTES => {
            changed_keys(before, frontmatter::split(before_text).raw, split.raw).ok_or_else(blame)?
        }
        _ => {
            let (after, problems) = frontmatter::fields(&split);
            if !problems.is_empty() {
                return Err(blame());
            }
            after
        }
    };
    // Zola keeps tags and categories in `[taxonomies]`: that table is touched only by those keys.
    let taxonomy_op = ops.iter().any(|o| ["tags", "categories"].iter().any(|t| o.key().eq_ignore_ascii_case(t)));
    let op_keys: HashSet<String> = ops.iter().map(|o| o.key().to_ascii_lowercase()).collect();
    let touched = |key: &str| op_keys.contains(&key.to_ascii_lowercase()) || (taxonomy_op && key.eq_ignore_ascii_case("taxonomies"));
    // One pass each way over maps of the keys: a pairwise comparison made 100,000 keys take minutes.
    let after_map: HashMap<&str, &Value> = after.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let before_map: HashMap<&str, &Value> = before.iter().map(|(k, v)| (k.as_str(), v)).collect();
    for (key, value) in before.iter().filter(|(k, _)| !touched(k)) {
        if after_map.get(key.as_str()) != Some(&value) {
            return Err(blame());
        }
    }
    if after.iter().any(|(k, _)| !touched(k) && !before_map.contains_key(k.as_str())) {
        return Err(blame());
    }
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
    let prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
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
}
