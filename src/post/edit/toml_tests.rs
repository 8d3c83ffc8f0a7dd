//! The window an edit of top-level keys works on gives the same bytes as editing the whole text,
//! and the read-back of only the changed lines gives the same keys as reading it all.

use proptest::prelude::*;

use super::super::verify;
use super::*;

/// One top-level entry as written, chosen by number: the shapes front matter has.
fn entry(shape: u8, key: &str, comment: bool) -> String {
    let c = if comment { " # note" } else { "" };
    match shape % 8 {
        0 => format!("{key} = \"value\"{c}\n"),
        1 => format!("{key} = 42{c}\n"),
        2 => format!("{key} = [\"a\", \"b\"]{c}\n"),
        3 => format!("{key} = [\n  \"a\", # one\n  \"b\",{c}\n]\n"),
        4 => format!("{key} = {{ x = 1 }}{c}\n"),
        // A multi-line string whose lines look like keys and headers.
        5 => format!("{key} = \"\"\"\nline\nkey0 = 1\n[fake]\n\"\"\"{c}\n"),
        6 => format!("{key} = 2024-03-01T10:00:00Z{c}\n"),
        _ => format!("{key} = 'literal'{c}\n"),
    }
}

fn gap(n: u8) -> &'static str {
    ["", "\n", "# between keys\n", "\n# after a blank\n"][usize::from(n % 4)]
}

/// What follows the top-level keys.
fn tail(n: u8) -> &'static str {
    [
        "",
        "\n# tables\n[extra]\nx = 1\n",
        "[[menu]]\nname = \"a\"\n\n[[menu]]\nname = \"b\"\n",
        "[taxonomies]\ntags = [\"x\"]\n",
        "[a.b]\nc = 1\n",
        "",
    ][usize::from(n % 6)]
}

#[derive(Debug, Clone)]
struct Doc {
    entries: Vec<(u8, u8, bool, bool)>,
    tags: Option<bool>,
    tail: u8,
    dotted: bool,
    crlf: bool,
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::collection::vec((any::<u8>(), any::<u8>(), any::<bool>(), any::<bool>()), 0..6),
        prop::option::of(any::<bool>()),
        any::<u8>(),
        prop::bool::weighted(0.1),
        any::<bool>(),
    )
        .prop_map(|(entries, tags, tail, dotted, crlf)| Doc { entries, tags, tail, dotted, crlf })
}

/// The text and its top-level key names.
fn render(doc: &Doc) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut names = Vec::new();
    for (i, (shape, gap_n, comment, quoted)) in doc.entries.iter().enumerate() {
        let (name, written) = if *quoted { (format!("key {i}"), format!("\"key {i}\"")) } else { (format!("key{i}"), format!("key{i}")) };
        text.push_str(gap(*gap_n));
        text.push_str(&entry(*shape, &written, *comment));
        names.push(name);
        if i == 1 && doc.dotted {
            text.push_str("site.name = \"x\"\n");
        }
    }
    if let Some(multi) = doc.tags {
        text.push_str(if multi { "tags = [\n  \"a\", # first\n  \"b\",\n]\n" } else { "tags = [\"a\", \"b\"]\n" });
        names.push("tags".into());
    }
    text.push_str(tail(doc.tail));
    if doc.crlf {
        text = text.replace('\n', "\r\n");
    }
    (text, names)
}

/// An op chosen by number, on one of the keys (or a new one).
fn op(n: u8, pick: u8, names: &[String]) -> Op {
    let name = || names.get(usize::from(pick) % names.len().max(1)).cloned().unwrap_or_else(|| "fresh".into());
    match n % 7 {
        0 => Op::Set(name(), Typed::Text("edited".into())),
        1 => Op::Set(name().to_uppercase(), Typed::Text("by another case".into())),
        2 => Op::Set("fresh".into(), Typed::Text("new key".into())),
        3 => Op::Unset(name()),
        4 => Op::Add("tags".into(), "c".into()),
        5 => Op::Remove("tags".into(), "a".into()),
        _ => Op::Set(name(), Typed::List(vec!["x".into(), "y".into()])),
    }
}

fn outcome<T: std::fmt::Debug>(result: Result<T, EditError>) -> Result<T, String> {
    result.map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn editing_a_window_gives_the_bytes_of_editing_the_whole_text(
        doc in doc(),
        ops in prop::collection::vec((any::<u8>(), any::<u8>()), 1..4),
        zola in any::<bool>(),
    ) {
        let (raw, names) = render(&doc);
        let ops: Vec<Op> = ops.iter().map(|(n, pick)| op(*n, *pick, &names)).collect();
        let flavor = Flavor { zola, ..Flavor::default() };
        let Some((fields, layout)) = read(&raw) else { return Err(TestCaseError::fail(format!("does not read: {raw}"))) };
        let whole = outcome(apply(&raw, &ops, flavor, None));
        let windowed = outcome(apply(&raw, &ops, flavor, layout.as_ref()));
        prop_assert_eq!(&windowed, &whole, "{}", raw);
        let Ok(new_raw) = whole else { return Ok(()) };
        // Read back only what changed (a threshold of 0), or all of it: the same keys, or the same refusal.
        let (before, after) = (format!("+++\n{raw}+++\nBody\n"), format!("+++\n{new_raw}+++\nBody\n"));
        let partial = outcome(verify::check_with(&fields, &before, &after, &ops, layout.as_ref(), 0));
        let full = outcome(verify::check_with(&fields, &before, &after, &ops, None, usize::MAX));
        prop_assert_eq!(partial, full, "{}\n----\n{}", raw, new_raw);
    }
}

#[test]
fn the_layout_finds_each_top_level_line_and_the_first_table() {
    let raw = "# intro\ntitle = \"A\"\n\ntags = [\n  \"a\",\n]\n# about extra\n[extra]\nx = 1\n";
    let layout = read(raw).and_then(|(_, l)| l).expect("a simple layout");
    assert_eq!(layout.keys, [("title".to_string(), 8), ("tags".to_string(), 21)]);
    assert_eq!((layout.tables.as_slice(), &raw[layout.root_end..]), (["extra".to_string()].as_slice(), "[extra]\nx = 1\n"));
    assert!(read("a.b = 1\nc = 2\n").expect("reads").1.is_none(), "dotted keys have no simple layout");
}

#[test]
fn an_edit_hands_toml_edit_only_the_lines_around_its_key() {
    let raw = "a = 1\nb = 2\n# about c\nc = 3\nd = 4\n[t]\nx = 1\n";
    let layout = read(raw).and_then(|(_, l)| l).expect("a simple layout");
    let set = |key: &str| vec![Op::Set(key.into(), Typed::Number("9".into()))];
    let lines = |ops: &[Op]| window(&layout, ops, Flavor::default()).map(|r| &raw[r]);
    assert_eq!(lines(&set("c")), Some("b = 2\n# about c\nc = 3\n"));
    assert_eq!(lines(&set("a")), Some("a = 1\n"));
    assert_eq!(lines(&set("new")), Some("d = 4\n"), "a new key goes after the last one, before the table");
    assert_eq!(lines(&set("t")), None, "a table is edited in the whole text");
    assert_eq!(apply(raw, &set("c"), Flavor::default(), Some(&layout)).unwrap(), raw.replace("c = 3", "c = 9"));
}
