//! Property: front matter with comments (own-line, end-of-line, indented), blank lines, block and
//! flow lists, maps, quoted keys and multi-line strings, in YAML and TOML, with LF or CRLF line
//! endings, given a random edit.
//! Either the edit is refused (and, `apply` being pure, nothing is written), or (a) only the lines
//! of the edited key differ, and (b) the result reads as the original keys plus exactly the edit.

use proptest::prelude::*;
use quire::post::edit::{Edit, apply};
use quire::post::{self, FileStamp, Value};

/// One top-level entry, as it is written.
#[derive(Debug, Clone)]
enum Entry {
    /// A one-line text value: quote style (0 plain, 1 single, 2 double), end-of-line comment, an
    /// indented comment line under it.
    Scalar { quote: u8, comment: bool, under: bool },
    /// A block list: indentation, items each with an end-of-line comment or not, a comment line
    /// and a blank line between some items.
    Block { indent: bool, items: Vec<(bool, bool)> },
    /// A flow list with a comment after it.
    Flow { items: usize, comment: bool },
    /// A map of two keys.
    Map,
    /// A block scalar over lines.
    Literal,
    /// A key with no value, only a comment (`key: # later`; TOML: an empty string).
    Empty,
}

/// What lies before an entry: nothing, a blank line, a comment, or both.
fn gap(n: u8) -> &'static str {
    ["", "\n", "# between keys\n", "\n# after a blank\n"][usize::from(n % 4)]
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        (0u8..3, any::<bool>(), any::<bool>()).prop_map(|(quote, comment, under)| Entry::Scalar { quote, comment, under }),
        (any::<bool>(), prop::collection::vec((any::<bool>(), any::<bool>()), 1..4))
            .prop_map(|(indent, items)| Entry::Block { indent, items }),
        (0usize..4, any::<bool>()).prop_map(|(items, comment)| Entry::Flow { items, comment }),
        Just(Entry::Map),
        Just(Entry::Literal),
        Just(Entry::Empty),
    ]
}

/// A key name: plain, or quoted as YAML/TOML allow.
fn key_name(i: usize, quoted: bool) -> (String, String, String) {
    let name = if quoted { format!("key {i}") } else { format!("key{i}") };
    let yaml = if quoted { format!("'{name}'") } else { name.clone() };
    let toml = if quoted { format!("\"{name}\"") } else { name.clone() };
    (name, yaml, toml)
}

/// The front matter's lines for each entry, in YAML or TOML; `tags` is the list at `tags_at`.
/// Returns the file text and, per entry, its key and its line range in the file.
fn render(entries: &[(u8, bool, Entry)], tags_at: usize, toml: bool) -> (String, Vec<(String, std::ops::Range<usize>)>) {
    let fence = if toml { "+++\n" } else { "---\n" };
    let mut text = String::from(fence);
    let mut spans = Vec::new();
    let mut tables = String::new();
    for (i, (gap_n, quoted, entry)) in entries.iter().enumerate() {
        let (name, yaml_key, toml_key) =
            if i == tags_at { ("tags".to_string(), "tags".to_string(), "tags".to_string()) } else { key_name(i, *quoted) };
        let key = if toml { toml_key } else { yaml_key };
        let lines = match (entry, toml) {
            (Entry::Map, true) => {
                // Tables go after every plain key, as TOML needs.
                tables.push_str(&format!("\n[{key}]\na = 1 # one\nb = \"two\"\n"));
                continue;
            }
            (entry, toml) => lines_of(entry, &key, i, toml),
        };
        text.push_str(gap(*gap_n));
        let start = text.lines().count();
        text.push_str(&lines);
        spans.push((name, start..text.lines().count()));
    }
    text.push_str(&tables);
    text.push_str(fence);
    text.push_str("\nBody: not front matter\n");
    (text, spans)
}

fn lines_of(entry: &Entry, key: &str, i: usize, toml: bool) -> String {
    let (colon, comment) = if toml { (" = ", " # note") } else { (": ", " # note") };
    match entry {
        Entry::Scalar { quote, comment: c, under } => {
            let value = match (quote, toml) {
                (0, false) => format!("plain {i}"),
                (1, _) => format!("'single {i}'"),
                _ => format!("\"double {i}\""),
            };
            let under = if *under { if toml { "# under it\n" } else { "  # under it\n" } } else { "" };
            format!("{key}{colon}{value}{}\n{under}", if *c { comment } else { "" })
        }
        Entry::Block { indent, items } if !toml => {
            let pad = if *indent { "  " } else { "" };
            let mut out = format!("{key}:{}\n", if items.len() > 1 { " # the list" } else { "" });
            for (n, (eol, gap)) in items.iter().enumerate() {
                out.push_str(&format!("{pad}- item{i}x{n}{}\n", if *eol { "   # eol" } else { "" }));
                if *gap && n + 1 < items.len() {
                    out.push_str(&format!("{pad}# - disabled\n\n"));
                }
            }
            out
        }
        Entry::Block { items, .. } => {
            let mut out = format!("{key} = [\n");
            for (n, (eol, _)) in items.iter().enumerate() {
                out.push_str(&format!("  \"item{i}x{n}\",{}\n", if *eol { " # eol" } else { "" }));
            }
            out.push_str("]\n");
            out
        }
        Entry::Flow { items, comment: c } => {
            let items: Vec<String> = (0..*items).map(|n| format!("\"f{i}x{n}\"")).collect();
            format!("{key}{colon}[{}]{}\n", items.join(", "), if *c { comment } else { "" })
        }
        Entry::Map => format!("{key}:\n  a: 1 # one\n  b: two\n"),
        Entry::Literal if toml => format!("{key} = \"\"\"\nline one\nline two\n\"\"\"\n"),
        Entry::Literal => format!("{key}: |\n  line one\n  # not a comment\n  line two\n"),
        Entry::Empty if toml => format!("{key} = \"\" # later\n"),
        Entry::Empty => format!("{key}: # later\n"),
    }
}

fn fields(text: &str) -> Vec<(String, Value)> {
    let post = post::parse("p.md".into(), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 });
    assert!(post.problems.iter().all(|p| !p.message.contains("invalid")), "{text}\n{:?}", post.problems);
    post.into_fields()
}

/// What the fields should be after an edit.
fn expected(mut fields: Vec<(String, Value)>, edit: &Edit) -> Vec<(String, Value)> {
    let text = |s: &str| Value::String(s.to_string());
    match edit {
        Edit::Set { key, value } => {
            let list = |v: &str| Value::List(quire::post::edit::parse_list(v).iter().map(|i| text(i)).collect());
            match fields.iter_mut().find(|(k, _)| k == key) {
                Some(field) if matches!(field.1, Value::List(_)) || key == "tags" => field.1 = list(value),
                Some(field) => field.1 = text(value),
                None => fields.push((key.clone(), text(value))),
            }
        }
        Edit::Unset(key) => fields.retain(|(k, _)| k != key),
        Edit::AddTag(tag) => match fields.iter_mut().find(|(k, _)| k == "tags") {
            Some((_, Value::List(items))) => items.push(text(tag)),
            Some((_, value @ Value::Null)) => *value = Value::List(vec![text(tag)]),
            Some(_) => {}
            None => fields.push(("tags".into(), Value::List(vec![text(tag)]))),
        },
        Edit::RemoveTag(tag) => {
            if let Some((_, Value::List(items))) = fields.iter_mut().find(|(k, _)| k == "tags") {
                items.retain(|i| i != &text(tag));
            }
        }
        Edit::SetDraft(_) => {}
    }
    fields
}

/// A random edit of the entries: set, unset, a new key, a tag added or removed.
fn edit_of(choice: u8, which: usize, spans: &[(String, std::ops::Range<usize>)], tag: usize) -> Edit {
    let key = spans[which % spans.len()].0.clone();
    match choice % 5 {
        0 => Edit::Set { key, value: "Edited value".into() },
        1 => Edit::Unset(key),
        2 => Edit::Set { key: "fresh".into(), value: "New key".into() },
        3 => Edit::AddTag(format!("new{tag}")),
        _ => Edit::RemoveTag(format!("item{}x{tag}", spans.iter().position(|(k, _)| k == "tags").unwrap_or(0))),
    }
}

/// Whether an edit may be refused: setting a map (or a list to text, or text to a list), or a tag
/// edit of a `tags` that is not a list.
fn may_refuse(entries: &[(u8, bool, Entry)], tags_at: usize, spans: &[(String, std::ops::Range<usize>)], edit: &Edit, toml: bool) -> bool {
    let entry_of = |key: &str| {
        let at = if key == "tags" { Some(tags_at) } else { key.strip_prefix("key").and_then(|n| n.trim().parse::<usize>().ok()) };
        at.and_then(|i| entries.get(i)).map(|(_, _, e)| e).filter(|_| spans.iter().any(|(k, _)| k == key) || toml)
    };
    let not_a_list = |e: Option<&Entry>| match e {
        None | Some(Entry::Block { .. } | Entry::Flow { .. }) => false,
        Some(Entry::Empty) => toml,
        Some(_) => true,
    };
    match edit {
        Edit::Set { key, .. } if key == "tags" => not_a_list(entry_of("tags")),
        Edit::Set { key, .. } => matches!(entry_of(key), Some(Entry::Map)),
        Edit::AddTag(_) | Edit::RemoveTag(_) => not_a_list(entry_of("tags")),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn an_edit_changes_only_its_keys_lines_and_means_what_was_asked(
        entries in prop::collection::vec((0u8..4, any::<bool>(), entry()), 1..7),
        tags_at in 0usize..7,
        toml in any::<bool>(),
        choice in 0u8..5,
        which in 0usize..7,
        tag in 0usize..3,
        crlf in any::<bool>(),
    ) {
        let (before, spans) = render(&entries, tags_at, toml);
        let before = if crlf { before.replace('\n', "\r\n") } else { before };
        prop_assume!(!spans.is_empty());
        let edit = edit_of(choice, which, &spans, tag);
        let after = match apply(&before, std::slice::from_ref(&edit)) {
            Ok(after) => after,
            // (c) refused: only where the value is not what the edit needs (`apply` writes nothing).
            Err(err) => {
                prop_assert!(may_refuse(&entries, tags_at, &spans, &edit, toml), "{:?} refused: {}\n{}", edit, err, before);
                return Ok(());
            }
        };
        // (b) the meaning: the original keys plus exactly the edit.
        let want = expected(fields(&before), &edit);
        let mut got = fields(&after);
        let mut want_sorted = want.clone();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        want_sorted.sort_by(|a, b| a.0.cmp(&b.0));
        prop_assert_eq!(&got, &want_sorted, "\n{}\n-> {:?} ->\n{}", before, edit, after);
        // (a) only the edited key's lines differ; a new key is only added lines.
        let crlf_lines = after.matches("\r\n").count();
        prop_assert_eq!(crlf_lines, if crlf { after.matches('\n').count() } else { 0 }, "line endings kept:\n{:?}", after);
        let (b, a): (Vec<&str>, Vec<&str>) = (before.split_inclusive('\n').collect(), after.split_inclusive('\n').collect());
        let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
        let suffix = b.iter().rev().zip(a.iter().rev()).take(b.len().min(a.len()) - prefix).take_while(|(x, y)| x == y).count();
        let changed = prefix..b.len() - suffix;
        let key = match &edit {
            Edit::Set { key, .. } | Edit::Unset(key) => key.as_str(),
            _ => "tags",
        };
        match spans.iter().find(|(k, _)| k == key) {
            Some((_, span)) => prop_assert!(
                changed.is_empty() || (span.start <= changed.start && changed.end <= span.end),
                "lines {:?} changed, `{}` holds {:?}\n{}\n->\n{}", changed, key, span, before, after
            ),
            None => prop_assert!(changed.is_empty() || (toml && key == "tags"), "only lines added for a new key\n{}\n->\n{}", before, after),
        }
    }
}
