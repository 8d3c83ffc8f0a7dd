//! A post's front-matter keys as [`super::Post`] holds them: as parsed, or [packed](super::packed)
//! in one block.
//!
//! A library that stays open (the TUI, `quire serve`) holds every post's keys for as long as it
//! runs. Parsed, they cost a dozen allocations a post (each key, each value, each list, each
//! table): some 540 bytes a post, half the memory of a 100,000-post library. Packed, one block of
//! about 150 bytes. Readers get the same keys and values either way ([`Fields::all`]).

use std::borrow::Cow;
use std::fmt;

use super::packed;
use super::value::Value;

/// Every front-matter key of a post, in file order, with its value (known keys included).
#[derive(Clone, Default)]
pub struct Fields(Held);

#[derive(Clone)]
enum Held {
    Parsed(Vec<(String, Value)>),
    /// Bytes that [`packed::unpack`] reads back as exactly the parsed keys.
    Packed(Box<[u8]>),
}

impl Default for Held {
    fn default() -> Held {
        Held::Parsed(Vec::new())
    }
}

impl Fields {
    /// The keys as a parser gave them.
    pub fn parsed(fields: Vec<(String, Value)>) -> Fields {
        Fields(Held::Parsed(fields))
    }

    /// Every key with its value, in file order: borrowed when parsed, read back when packed.
    #[inline]
    pub fn all(&self) -> Cow<'_, [(String, Value)]> {
        match &self.0 {
            Held::Parsed(fields) => Cow::Borrowed(fields),
            // Packed only when the bytes read back (see `keep_packed`): never empty by accident.
            Held::Packed(bytes) => Cow::Owned(packed::unpack(bytes).unwrap_or_default()),
        }
    }

    /// The keys, owned.
    pub fn into_vec(self) -> Vec<(String, Value)> {
        match self.0 {
            Held::Parsed(fields) => fields,
            Held::Packed(_) => self.all().into_owned(),
        }
    }

    /// The value of a key (first match, case-sensitive); a packed one reads back only that value.
    pub fn get(&self, key: &str) -> Option<Value> {
        match &self.0 {
            Held::Parsed(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
            Held::Packed(bytes) => packed::value_of(bytes, key),
        }
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Held::Parsed(fields) => fields.is_empty(),
            Held::Packed(bytes) => packed::count(bytes) == Some(0),
        }
    }

    /// The keys [packed](packed::pack), as the index keeps them.
    pub fn to_packed(&self) -> Vec<u8> {
        match &self.0 {
            Held::Parsed(fields) => packed::pack(fields),
            Held::Packed(bytes) => bytes.to_vec(),
        }
    }

    /// Holds the keys packed from now on, when they read back exactly (they always do but for
    /// tables nested past [`packed`]'s limit, which stay parsed).
    /// Keys already packed stay as they are.
    pub fn pack(&mut self) {
        if let Held::Parsed(fields) = &self.0 {
            let bytes = packed::pack(fields);
            self.keep_packed(&bytes);
        }
    }

    /// Holds the keys as `bytes` from now on, when `bytes` read back as exactly these keys (a
    /// post read from the index's packed keys: no packing again); else as they are.
    pub fn keep_packed(&mut self, bytes: &[u8]) {
        if let Held::Parsed(fields) = &self.0
            && packed::holds(bytes, fields)
        {
            self.0 = Held::Packed(bytes.into());
        }
    }

    /// Whether the keys are held packed.
    pub fn is_packed(&self) -> bool {
        matches!(self.0, Held::Packed(_))
    }
}

impl From<Vec<(String, Value)>> for Fields {
    fn from(fields: Vec<(String, Value)>) -> Fields {
        Fields::parsed(fields)
    }
}

impl PartialEq for Fields {
    /// The same keys and values, however each is held.
    fn eq(&self, other: &Fields) -> bool {
        match (&self.0, &other.0) {
            (Held::Packed(a), Held::Packed(b)) => a == b,
            _ => self.all() == other.all(),
        }
    }
}

impl fmt::Debug for Fields {
    /// As the list of keys and values, however held.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.all().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(String, Value)> {
        vec![
            ("title".into(), Value::String("Hi".into())),
            ("draft".into(), Value::Bool(false)),
            ("excerpt".into(), Value::Null),
            ("taxonomies".into(), Value::Map(vec![("tags".into(), Value::List(vec![Value::String("rust".into())]))])),
            ("title".into(), Value::String("second".into())),
        ]
    }

    #[test]
    fn packed_keys_read_back_as_the_parsed_ones() {
        let parsed = Fields::parsed(sample());
        let mut held = parsed.clone();
        held.pack();
        assert!(held.is_packed());
        assert_eq!(held.all(), parsed.all());
        assert_eq!(held, parsed);
        assert_eq!(format!("{held:?}"), format!("{parsed:?}"));
        assert_eq!(held.to_packed(), parsed.to_packed());
        assert_eq!(held.clone().into_vec(), sample());
        for key in ["title", "draft", "excerpt", "taxonomies", "Title", "missing"] {
            assert_eq!(held.get(key), parsed.get(key), "{key}");
        }
        assert_eq!(held.get("title"), Some(Value::String("Hi".into())), "the first match");
        assert!(!held.is_empty());
        let mut none = Fields::default();
        none.pack();
        assert!(none.is_packed() && none.is_empty());
    }

    #[test]
    fn bytes_that_do_not_read_back_as_the_keys_are_not_kept() {
        let mut held = Fields::parsed(sample());
        held.keep_packed(&packed::pack(&sample()[1..]));
        assert!(!held.is_packed());
        held.keep_packed(b"\x05junk");
        assert!(!held.is_packed());
        held.keep_packed(&packed::pack(&sample()));
        assert!(held.is_packed());
    }

    /// Every Markdown file under `dir`, depth first.
    fn markdown_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                markdown_under(&path, out);
            } else if path.extension().is_some_and(|e| e == "md" || e == "markdown") {
                out.push(path);
            }
        }
    }

    #[test]
    fn the_real_blogs_keys_read_back_from_a_measured_load_exactly_as_parsed() {
        let shared = std::env::var_os("QUIRE_SHARED_DIR")
            .map_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"), std::path::PathBuf::from);
        let mut files = Vec::new();
        markdown_under(&shared.join("corpora"), &mut files);
        let (mut packed, mut with_keys) = (0, 0);
        for path in &files {
            let whole = super::super::load(path);
            let loaded = super::super::load_keeping(path, super::super::Read::Measured);
            let mut measured = loaded.post;
            measured.hold_fields_packed(&[]);
            let measured = &measured;
            assert_eq!(measured.fields(), whole.fields(), "{}", path.display());
            assert_eq!(measured.fields, whole.fields, "{}", path.display());
            for (key, value) in whole.fields().iter() {
                let first = whole.fields().iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                assert_eq!(measured.field(key), first, "{}: {key}", path.display());
                assert!(first.as_ref() == Some(value) || whole.fields().iter().filter(|(k, _)| k == key).count() > 1);
            }
            assert_eq!(measured.packed_fields(), packed::pack(&whole.fields()), "the index keeps the same bytes");
            packed += usize::from(measured.fields.is_packed());
            with_keys += usize::from(!whole.fields().is_empty());
            // A warm start: the post from the index's head and packed keys.
            if let Some(head) = &loaded.head {
                let bytes = measured.packed_fields();
                let words = measured.words.unwrap_or_default();
                let mut warm = super::super::from_head_measured(path.clone(), head, &bytes, measured.stamp, words);
                warm.hold_fields_packed(&bytes);
                assert!(warm.fields.is_packed(), "{}", path.display());
                assert_eq!(warm.fields(), whole.fields(), "{}", path.display());
                assert_eq!((&warm.title, &warm.tags, warm.date, warm.status), (&whole.title, &whole.tags, whole.date, whole.status));
            }
        }
        // The corpora are there when the shared folder is (a checkout without it tests the rest).
        assert!(files.is_empty() || (packed == files.len() && with_keys > files.len() / 2), "{packed} of {}", files.len());
    }

    #[test]
    fn tables_nested_past_the_packing_limit_stay_parsed() {
        let mut deep = Value::Null;
        for _ in 0..200 {
            deep = Value::List(vec![deep]);
        }
        let fields = vec![("k".to_string(), deep)];
        let mut held = Fields::parsed(fields.clone());
        held.pack();
        assert!(!held.is_packed());
        assert_eq!(held.into_vec(), fields);
    }
}
