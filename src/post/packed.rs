//! Front-matter keys and values in a compact binary form, for the index: a warm listing reads
//! them back instead of running the YAML, TOML or JSON parser over the front matter again.
//!
//! Each value is a tag byte and its contents; lengths and counts are LEB128 varints; strings
//! are UTF-8 (checked when read back). Anything that does not read back whole gives `None`,
//! and the caller parses the text as if nothing had been kept.

use super::value::Value;
use crate::packing::{Reader, put_str, put_varint};

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const STRING: u8 = 3;
const LIST: u8 = 4;
const MAP: u8 = 5;
/// Numbers in their eight bytes (little-endian), so that each reads back as exactly itself.
const SIGNED: u8 = 6;
const UNSIGNED: u8 = 7;
const FLOAT: u8 = 8;

/// Nesting deeper than this is not read back (a damaged blob must not overflow the stack); the
/// post is then parsed from its text.
const MAX_DEPTH: usize = 128;

/// The keys of a front matter, packed.
pub fn pack(fields: &[(String, Value)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * fields.len());
    put_pairs(&mut out, fields);
    out
}

/// The keys packed by [`pack`], or `None` when `bytes` are not such a packing.
pub fn unpack(bytes: &[u8]) -> Option<Vec<(String, Value)>> {
    let mut reader = Reader::new(bytes);
    let fields = read_pairs(&mut reader, 0)?;
    reader.is_done().then_some(fields)
}

/// The value of `key` (the first pair so named, case-sensitive) in keys packed by [`pack`],
/// reading back only that value; `None` when there is none or `bytes` are not such a packing.
pub fn value_of(bytes: &[u8], key: &str) -> Option<Value> {
    let mut reader = Reader::new(bytes);
    for _ in 0..reader.count()? {
        let len = reader.count()?;
        if reader.take(len)? == key.as_bytes() {
            return read_value(&mut reader, 0);
        }
        skip_value(&mut reader, 0)?;
    }
    None
}

/// How many keys `bytes` pack (without reading them).
pub fn count(bytes: &[u8]) -> Option<usize> {
    Reader::new(bytes).count()
}

/// Whether `bytes` read back as exactly `fields` (`unpack(bytes) == Some(fields)`), found
/// without building a value.
pub fn holds(bytes: &[u8], fields: &[(String, Value)]) -> bool {
    let mut reader = Reader::new(bytes);
    same_pairs(&mut reader, fields, 0).is_some() && reader.is_done()
}

fn put_number(out: &mut Vec<u8>, tag: u8, bytes: [u8; 8]) {
    out.push(tag);
    out.extend_from_slice(&bytes);
}

fn put_pairs(out: &mut Vec<u8>, pairs: &[(String, Value)]) {
    put_varint(out, pairs.len());
    for (key, value) in pairs {
        put_str(out, key);
        put_value(out, value);
    }
}

fn put_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.push(NULL),
        Value::Bool(false) => out.push(FALSE),
        Value::Bool(true) => out.push(TRUE),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => put_number(out, SIGNED, i.to_le_bytes()),
            (_, Some(u), _) => put_number(out, UNSIGNED, u.to_le_bytes()),
            (_, _, f) => put_number(out, FLOAT, f.unwrap_or_default().to_bits().to_le_bytes()),
        },
        Value::String(s) => {
            out.push(STRING);
            put_str(out, s);
        }
        Value::List(items) => {
            out.push(LIST);
            put_varint(out, items.len());
            items.iter().for_each(|item| put_value(out, item));
        }
        Value::Map(pairs) => {
            out.push(MAP);
            put_pairs(out, pairs);
        }
    }
}

fn read_eight(r: &mut Reader<'_>) -> Option<[u8; 8]> {
    r.take(8)?.try_into().ok()
}

fn read_pairs(r: &mut Reader<'_>, depth: usize) -> Option<Vec<(String, Value)>> {
    let count = r.count()?;
    let mut pairs = Vec::with_capacity(count);
    for _ in 0..count {
        let key = r.string()?;
        pairs.push((key, read_value(r, depth)?));
    }
    Some(pairs)
}

/// A number's eight bytes as its tag says to read them.
fn number(bits: [u8; 8], tag: u8) -> Option<serde_json::Number> {
    match tag {
        SIGNED => Some(serde_json::Number::from(i64::from_le_bytes(bits))),
        UNSIGNED => Some(serde_json::Number::from(u64::from_le_bytes(bits))),
        _ => serde_json::Number::from_f64(f64::from_bits(u64::from_le_bytes(bits))),
    }
}

fn read_value(r: &mut Reader<'_>, depth: usize) -> Option<Value> {
    if depth >= MAX_DEPTH {
        return None;
    }
    Some(match r.byte()? {
        NULL => Value::Null,
        FALSE => Value::Bool(false),
        TRUE => Value::Bool(true),
        tag @ (SIGNED | UNSIGNED | FLOAT) => Value::Number(number(read_eight(r)?, tag)?),
        STRING => Value::String(r.string()?),
        LIST => {
            let count = r.count()?;
            let mut items = Vec::with_capacity(count);
            for _ in 0..count {
                items.push(read_value(r, depth + 1)?);
            }
            Value::List(items)
        }
        MAP => Value::Map(read_pairs(r, depth + 1)?),
        _ => return None,
    })
}

/// Reads past one value as [`read_value`] would read it, building nothing.
fn skip_value(r: &mut Reader<'_>, depth: usize) -> Option<()> {
    if depth >= MAX_DEPTH {
        return None;
    }
    match r.byte()? {
        NULL | FALSE | TRUE => {}
        SIGNED | UNSIGNED | FLOAT => {
            r.take(8)?;
        }
        STRING => {
            let len = r.count()?;
            r.take(len)?;
        }
        LIST => {
            for _ in 0..r.count()? {
                skip_value(r, depth + 1)?;
            }
        }
        MAP => {
            for _ in 0..r.count()? {
                let len = r.count()?;
                r.take(len)?;
                skip_value(r, depth + 1)?;
            }
        }
        _ => return None,
    }
    Some(())
}

/// `Some` when the next bytes read back as `s`.
fn same_str(r: &mut Reader<'_>, s: &str) -> Option<()> {
    let len = r.count()?;
    (r.take(len)? == s.as_bytes()).then_some(())
}

/// `Some` when the next bytes read back as `pairs` ([`read_pairs`]).
fn same_pairs(r: &mut Reader<'_>, pairs: &[(String, Value)], depth: usize) -> Option<()> {
    (r.count()? == pairs.len()).then_some(())?;
    for (key, value) in pairs {
        same_str(r, key)?;
        same_value(r, value, depth)?;
    }
    Some(())
}

/// `Some` when the next bytes read back as `value` ([`read_value`], its depth limit included).
fn same_value(r: &mut Reader<'_>, value: &Value, depth: usize) -> Option<()> {
    if depth >= MAX_DEPTH {
        return None;
    }
    match (r.byte()?, value) {
        (NULL, Value::Null) | (FALSE, Value::Bool(false)) | (TRUE, Value::Bool(true)) => Some(()),
        (tag @ (SIGNED | UNSIGNED | FLOAT), Value::Number(n)) => (number(read_eight(r)?, tag)? == *n).then_some(()),
        (STRING, Value::String(s)) => same_str(r, s),
        (LIST, Value::List(items)) => {
            (r.count()? == items.len()).then_some(())?;
            items.iter().try_for_each(|item| same_value(r, item, depth + 1))
        }
        (MAP, Value::Map(pairs)) => same_pairs(r, pairs, depth + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn value() -> impl Strategy<Value = Value> {
        let number = prop_oneof![
            any::<i64>().prop_map(serde_json::Number::from),
            any::<u64>().prop_map(serde_json::Number::from),
            any::<f64>().prop_filter_map("finite", serde_json::Number::from_f64),
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number.prop_map(Value::Number),
            ".*".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
                prop::collection::vec((".*", inner), 0..6).prop_map(Value::Map),
            ]
        })
    }

    proptest! {
        #[test]
        fn every_front_matter_reads_back_as_it_was(fields in prop::collection::vec((".*", value()), 0..8)) {
            prop_assert_eq!(unpack(&pack(&fields)), Some(fields));
        }

        #[test]
        fn one_key_and_the_holds_check_agree_with_unpacking_all(fields in prop::collection::vec(("[a-c]{0,2}", value()), 0..6), key in "[a-c]{0,2}") {
            let packed = pack(&fields);
            let first = fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
            prop_assert_eq!(value_of(&packed, &key), first);
            prop_assert_eq!(count(&packed), Some(fields.len()));
            prop_assert!(holds(&packed, &fields));
            prop_assert!(fields.is_empty() || !holds(&packed, &fields[1..]));
        }

        #[test]
        fn holds_is_unpack_equals_even_for_damaged_bytes(
            fields in prop::collection::vec((".*", value()), 1..4),
            flip in any::<(prop::sample::Index, u8)>(),
        ) {
            let mut flipped = pack(&fields);
            let at = flip.0.index(flipped.len());
            flipped[at] ^= flip.1;
            prop_assert_eq!(holds(&flipped, &fields), unpack(&flipped).as_ref() == Some(&fields));
            let _ = value_of(&flipped, "k");
        }

        #[test]
        fn a_damaged_packing_reads_back_as_nothing_or_as_values_never_a_panic(
            fields in prop::collection::vec((".*", value()), 1..4),
            cut in any::<prop::sample::Index>(),
            flip in any::<(prop::sample::Index, u8)>(),
        ) {
            let packed = pack(&fields);
            let short = &packed[..cut.index(packed.len())];
            prop_assert_eq!(unpack(short), None, "a cut packing is refused");
            let mut flipped = packed.clone();
            let at = flip.0.index(flipped.len());
            flipped[at] ^= flip.1;
            let _ = unpack(&flipped);
        }
    }

    #[test]
    fn numbers_keep_their_kind() {
        let fields = vec![
            ("a".to_string(), Value::Number(7.into())),
            ("b".to_string(), Value::Number(serde_json::Number::from_f64(2.5).unwrap())),
            ("c".to_string(), Value::Number(u64::MAX.into())),
        ];
        let back = unpack(&pack(&fields)).unwrap();
        assert!(matches!(&back[0].1, Value::Number(n) if n.is_i64()));
        assert!(matches!(&back[1].1, Value::Number(n) if n.is_f64()));
        assert!(matches!(&back[2].1, Value::Number(n) if n.is_u64()));
    }

    #[test]
    fn nesting_past_the_limit_is_not_read_back() {
        let mut deep = Value::Null;
        for _ in 0..MAX_DEPTH + 1 {
            deep = Value::List(vec![deep]);
        }
        let fields = [("k".to_string(), deep)];
        assert_eq!(unpack(&pack(&fields)), None);
        assert!(!holds(&pack(&fields), &fields), "so it is not held packed");
        assert_eq!(value_of(&pack(&fields), "k"), None);
    }
}
