//! The last line of defence: read the edited text back and refuse to write it unless the touched keys
//! hold what was asked and every other key is exactly as it was.

use std::collections::HashMap;

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

/// Checks the edited file text against the fields read before the edit. `before_clean`: the YAML
/// before the edit parsed as one document (no duplicate keys).
pub fn check(before: &[(String, Value)], before_clean: bool, out: &str, ops: &[Op]) -> Result<(), EditError> {
    let text = out.strip_prefix('\u{feff}').unwrap_or(out);
    let split = frontmatter::split(text);
    let (after, problems) = frontmatter::fields(&split);
    let blame = || EditError::Unsafe(ops.first().map_or_else(String::new, |o| o.key().to_string()));
    if !problems.is_empty() {
        return Err(blame());
    }
    // YAML forbids a key twice; quire reads such files (the last one wins) but never makes one.
    if split.format == frontmatter::Format::Yaml && before_clean && !crate::post::yaml::parses_cleanly(split.raw) {
        return Err(blame());
    }
    // Zola keeps tags and categories in `[taxonomies]`: that table is touched only by those keys.
    let taxonomy_op = ops.iter().any(|o| ["tags", "categories"].iter().any(|t| o.key().eq_ignore_ascii_case(t)));
    let op_keys: std::collections::HashSet<String> = ops.iter().map(|o| o.key().to_ascii_lowercase()).collect();
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
    Ok(())
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
