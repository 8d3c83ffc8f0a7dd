//! Unit tests of line-level YAML edits.

use super::*;

#[test]
fn blocks_cover_continuation_lines_but_not_trailing_blanks_or_comments() {
    let text = "title: T\ntags:\n- a\n- b\n\n# note\ndesc: |\n  one\n\n  two\n\nlast: x\n";
    let b = blocks(text);
    let keys: Vec<&str> = b.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["title", "tags", "desc", "last"]);
    assert_eq!(&text[b[1].start..b[1].end], "tags:\n- a\n- b\n");
    assert_eq!(&text[b[2].start..b[2].end], "desc: |\n  one\n\n  two\n");
}

#[test]
fn quoted_keys_and_colons_in_values_are_read() {
    assert_eq!(parse_key_line("\"a b\": c").map(|k| k.0), Some("a b".to_string()));
    assert_eq!(parse_key_line("url: http://x").map(|k| k.3), Some("http://x"));
    assert_eq!(parse_key_line("excerpt: ").map(|k| (k.2, k.3)), Some((" ", "")));
    assert!(parse_key_line("# comment").is_none());
}
