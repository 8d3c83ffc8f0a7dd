//! Unit tests of the YAML model.

use super::*;

#[test]
fn blocks_cover_their_lines_and_comments_but_not_what_sits_between_keys() {
    let text = "title: T\n  # about T\ntags:\n- a\n# off\n- b\n\n# note\ndesc: |\n  one\n\n  two\n\nlast: x\n";
    let b = blocks(text);
    let keys: Vec<&str> = b.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["title", "tags", "desc", "last"]);
    assert_eq!(&text[b[0].start..b[0].end], "title: T\n  # about T\n");
    assert_eq!(&text[b[1].start..b[1].end], "tags:\n- a\n# off\n- b\n");
    assert_eq!(&text[b[2].start..b[2].end], "desc: |\n  one\n\n  two\n");
}

#[test]
fn keys_are_read_as_yaml_reads_them() {
    assert_eq!(parse_key_line("\"a b\": c").map(|k| k.0), Some("a b".to_string()));
    assert_eq!(parse_key_line("'it''s': 1").map(|k| k.0), Some("it's".to_string()));
    assert_eq!(parse_key_line("\"a\\\"b\": 1").map(|k| k.0), Some("a\"b".to_string()));
    assert_eq!(parse_key_line("url: http://x").map(|k| k.3), Some("http://x"));
    assert_eq!(parse_key_line("excerpt: ").map(|k| (k.2, k.3)), Some((" ", "")));
    assert!(parse_key_line("# comment").is_none());
    assert!(parse_key_line("&a key: v").is_none());
    assert_eq!(explicit_key("? title"), Some("title".to_string()));
}

#[test]
fn anchors_aliases_and_merge_keys_are_found() {
    assert_eq!(anchor_line("a: 1\nbase: &b\n  x: 1\n"), Some(2));
    assert_eq!(anchor_line("a: 1\nother:\n  <<: *b\n"), Some(3));
    assert_eq!(anchor_line("tags:\n  - *t\n"), Some(2));
    assert_eq!(anchor_line("title: \"Q&A: *really*\"\nurl: a&b\n"), None);
}
