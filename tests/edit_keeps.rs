//! Issue 11's data-loss cases and their neighbours, on disk: the exact bytes after each edit, or the
//! refusal (one sentence saying what was found) with the file byte for byte as it was.

use std::fs;
use std::path::PathBuf;

use quire::post::edit::{self, Edit};
use quire::post::{self, Value};

fn set(key: &str, value: &str) -> Edit {
    Edit::Set { key: key.into(), value: value.into() }
}

/// A post in a temp folder (kept alive with it).
fn post_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    fs::write(&path, text).unwrap();
    (dir, path)
}

/// Edits a file and checks its exact bytes after, and that the result reads back cleanly.
#[track_caller]
fn edits_to(before: &str, edits: &[Edit], after: &str) {
    let (_dir, path) = post_file(before);
    let post = edit::edit_file(&path, None, edits).unwrap_or_else(|e| panic!("{edits:?}: {e}"));
    assert_eq!(fs::read_to_string(&path).unwrap(), after, "after {edits:?}");
    assert!(post.problems.is_empty(), "{:?}", post.problems);
}

/// Checks that an edit is refused with a message holding `says`, and that the file is untouched.
#[track_caller]
fn refused(before: &str, edits: &[Edit], says: &str) {
    let (_dir, path) = post_file(before);
    let err = edit::edit_file(&path, None, edits).expect_err("refused").to_string();
    assert!(err.contains(says), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), before, "the file is untouched");
}

fn tags_of(path: &std::path::Path) -> Vec<String> {
    post::load(path).tags
}

// 1. A block list stays a block list, in its own indentation and dash style, comments kept.
#[test]
fn adding_to_a_block_list_appends_an_item_line_and_keeps_its_comments() {
    let before = "---\ntitle: T\ntags: # my tags\n  - a\n  - b\n---\nBody\n";
    edits_to(before, &[Edit::AddTag("c".into())], "---\ntitle: T\ntags: # my tags\n  - a\n  - b\n  - c\n---\nBody\n");
    edits_to("---\ntags:\n    -   a\n---\n", &[Edit::AddTag("b".into())], "---\ntags:\n    -   a\n    - b\n---\n");
    edits_to("---\ntags:\n- 'a'\n---\n", &[Edit::AddTag("b c".into())], "---\ntags:\n- 'a'\n- 'b c'\n---\n");
    // A list with no items yet gets them under its key line, comment kept.
    edits_to("---\ntags: # later\ntitle: T\n---\n", &[Edit::AddTag("c".into())], "---\ntags: # later\n- c\ntitle: T\n---\n");
    // Removing the last item keeps the key's comment.
    edits_to(before, &[Edit::RemoveTag("a".into()), Edit::RemoveTag("b".into())], "---\ntitle: T\ntags: [] # my tags\n---\nBody\n");
    // Setting the whole list keeps the items it still has, with their lines.
    edits_to(before, &[set("tags", "b, a, d")], "---\ntitle: T\ntags: # my tags\n  - b\n  - a\n  - d\n---\nBody\n");
}

// 2. Comments between or after items, and blank lines between items, stay with their items.
#[test]
fn comments_and_blank_lines_among_items_stay_with_the_item_they_follow() {
    let before = "---\ntags:\n  # languages\n  - rust   # the lang\n  # - go (disabled)\n\n  - cli\n  # end\ndate: 2024-01-01\n---\n";
    edits_to(
        before,
        &[Edit::AddTag("tui".into())],
        "---\ntags:\n  # languages\n  - rust   # the lang\n  # - go (disabled)\n\n  - cli\n  # end\n  - tui\ndate: 2024-01-01\n---\n",
    );
    edits_to(
        before,
        &[Edit::RemoveTag("rust".into())],
        "---\ntags:\n  # languages\n  # - go (disabled)\n\n  - cli\n  # end\ndate: 2024-01-01\n---\n",
    );
    edits_to(
        before,
        &[Edit::RemoveTag("cli".into())],
        "---\ntags:\n  # languages\n  - rust   # the lang\n  # - go (disabled)\n\n  # end\ndate: 2024-01-01\n---\n",
    );
    // A comment at column 0 between items is inside the list for YAML, and for quire.
    edits_to("---\ntags:\n- a\n# - b\n- c\n---\n", &[Edit::AddTag("d".into())], "---\ntags:\n- a\n# - b\n- c\n- d\n---\n");
    // ... but one after the list sits between keys and stays there.
    edits_to("---\ntags:\n- a\n\n# next\ntitle: T\n---\n", &[Edit::AddTag("b".into())], "---\ntags:\n- a\n- b\n\n# next\ntitle: T\n---\n");
}

// 3. Setting a key keeps the comments indented under it.
#[test]
fn setting_a_key_keeps_the_comment_lines_under_it() {
    let before = "---\ntitle: Old # short\n  # note about title\n\n# about dates\ndate: 2020-01-01\n---\n";
    edits_to(before, &[set("title", "New")], "---\ntitle: New # short\n  # note about title\n\n# about dates\ndate: 2020-01-01\n---\n");
    edits_to(
        before,
        &[set("date", "2021-02-03")],
        "---\ntitle: Old # short\n  # note about title\n\n# about dates\ndate: 2021-02-03\n---\n",
    );
    // Unsetting removes the key's own lines, the comment under it too, never the comment above the next key.
    edits_to(before, &[Edit::Unset("title".into())], "---\n\n# about dates\ndate: 2020-01-01\n---\n");
    // A key with only a comment gets its value before the comment.
    edits_to("---\nexcerpt: # later\n---\n", &[set("excerpt", "Now")], "---\nexcerpt: Now # later\n---\n");
    // A value over several lines is replaced whole.
    edits_to("---\nsummary: >\n  one\n  # two\nx: 1\n---\n", &[set("summary", "short")], "---\nsummary: short\nx: 1\n---\n");
}

// 4. A map is never replaced by a list: refused, saying what the value is, in every dialect.
#[test]
fn tags_that_are_a_map_are_refused_saying_so() {
    let says = "cannot set `tags`: it holds a map ({a: 1}), not a list";
    refused("---\ntags:\n  a: 1\n---\nBody\n", &[Edit::AddTag("c".into())], says);
    refused("---\ntags: {a: 1}\n---\nBody\n", &[Edit::RemoveTag("a".into())], says);
    refused("{\"tags\": {\"a\": 1}}\nBody\n", &[Edit::AddTag("c".into())], says);
    refused("+++\n[tags]\na = 1\n+++\nBody\n", &[Edit::AddTag("c".into())], says);
    refused("---\ncategories: {a: 1}\n---\n", &[set("categories", "x, y")], "cannot set `categories`: it holds a table of keys");
    // A list of maps is not a list of words either.
    refused(
        "---\ntags:\n  - name: a\n---\n",
        &[Edit::AddTag("c".into())],
        "it holds a list of maps or lists ({name: a}), not a list of words",
    );
}

// 5. (the form's side is in app::form's tests) `set` never re-types a list of maps as words.
#[test]
fn a_list_of_maps_is_never_set_from_text() {
    let before = "---\nmenu:\n  - name: Home # home link\n    url: /\n---\n";
    refused(before, &[set("menu", "{name: Home, url: /}")], "cannot set `menu`: it holds a list of maps or lists");
    edits_to(before, &[Edit::Unset("menu".into())], "---\n---\n");
}

// 6. and 10. Items are items: quoted items stay whole, on the command line and in lists.
#[test]
fn quoted_items_stay_whole() {
    let before = "---\ncategories: [\"Tips, Tricks\", \"Rust\"]\n---\n";
    edits_to(before, &[set("categories", "\"Tips, Tricks\", Rust, Go")], "---\ncategories: [\"Tips, Tricks\", \"Rust\", \"Go\"]\n---\n");
    let (_dir, path) = post_file("---\ntitle: A\n---\nBody\n");
    edit::edit_file(&path, None, &[set("tags", "a,\"b,c\", 'it''s'")]).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: A\ntags: [a, \"b,c\", it's]\n---\nBody\n");
    assert_eq!(tags_of(&path), ["a", "b,c", "it's"]);
}

// 7. TOML: removing a key removes its own lines, not the comment and blank line above it.
#[test]
fn toml_unset_keeps_the_comments_above_the_key() {
    let before =
        "+++\ntitle = \"A\"\n\n# ---- SEO settings ----\ndescription = \"d\" # shown by search engines\nkeywords = [\"x\"]\n+++\nBody\n";
    edits_to(
        before,
        &[Edit::Unset("description".into())],
        "+++\ntitle = \"A\"\n\n# ---- SEO settings ----\nkeywords = [\"x\"]\n+++\nBody\n",
    );
    edits_to(
        before,
        &[Edit::Unset("keywords".into())],
        "+++\ntitle = \"A\"\n\n# ---- SEO settings ----\ndescription = \"d\" # shown by search engines\n+++\nBody\n",
    );
    let zola = "+++\ntitle = \"A\"\n\n[taxonomies]\n# topics\ntags = [\"a\"]\n\n[extra]\nx = 1\n+++\n";
    edits_to(zola, &[Edit::Unset("tags".into())], "+++\ntitle = \"A\"\n\n[taxonomies]\n# topics\n\n[extra]\nx = 1\n+++\n");
}

// 8. TOML arrays over several lines: each comment stays with the item it followed.
#[test]
fn toml_array_comments_stay_with_their_items() {
    let before = "+++\ntags = [\n  \"a\", # first\n  \"b\", # second\n]\n+++\n";
    edits_to(before, &[Edit::AddTag("c".into())], "+++\ntags = [\n  \"a\", # first\n  \"b\", # second\n  \"c\",\n]\n+++\n");
    edits_to(before, &[Edit::RemoveTag("a".into())], "+++\ntags = [\n  \"b\", # second\n]\n+++\n");
    edits_to(before, &[Edit::RemoveTag("b".into())], "+++\ntags = [\n  \"a\", # first\n]\n+++\n");
    let no_trailing_comma = "+++\ntags = [\n    \"a\", # first\n    \"b\" # second\n]\n+++\n";
    edits_to(no_trailing_comma, &[Edit::AddTag("c".into())], "+++\ntags = [\n    \"a\", # first\n    \"b\", # second\n    \"c\"\n]\n+++\n");
    let three = "+++\ntags = [\n  \"a\", # first\n  \"b\", # second\n  \"c\", # third\n]\n+++\n";
    edits_to(three, &[Edit::RemoveTag("b".into())], "+++\ntags = [\n  \"a\", # first\n  \"c\", # third\n]\n+++\n");
    edits_to(three, &[set("tags", "a, c, d")], "+++\ntags = [\n  \"a\", # first\n  \"c\", # third\n  \"d\",\n]\n+++\n");
}

// 9. Keys are matched by the name YAML reads; what cannot be matched is refused.
#[test]
fn quoted_and_escaped_keys_are_matched_by_their_parsed_name() {
    let before = "---\n'it''s': 1\n\"a\\\"b\": 1\n\"title\": Old\n---\n";
    edits_to(before, &[set("it's", "2")], "---\n'it''s': 2\n\"a\\\"b\": 1\n\"title\": Old\n---\n");
    edits_to(before, &[set("a\"b", "3")], "---\n'it''s': 1\n\"a\\\"b\": 3\n\"title\": Old\n---\n");
    edits_to(before, &[set("title", "New")], "---\n'it''s': 1\n\"a\\\"b\": 1\n\"title\": New\n---\n");
    edits_to(before, &[Edit::Unset("it's".into())], "---\n\"a\\\"b\": 1\n\"title\": Old\n---\n");
    let explicit = "---\n? title\n: Old\ndate: 2024-01-01\n---\n";
    refused(explicit, &[set("title", "New")], "cannot set `title`: it is written as an explicit `? key` entry");
    edits_to(explicit, &[set("date", "2024-02-02")], "---\n? title\n: Old\ndate: 2024-02-02\n---\n");
    refused("---\n!!str title: Old\n---\n", &[set("title", "New")], "quire cannot read the key `!!str title`");
}

#[test]
fn anchors_and_aliases_are_refused_once_saying_why() {
    let before = "---\nbase: &b\n  x: 1\nother:\n  <<: *b\ntags: [a]\n---\n";
    let (_dir, path) = post_file(before);
    let err = edit::edit_file(&path, None, &[Edit::AddTag("c".into())]).unwrap_err().to_string();
    assert_eq!(
        err,
        "the front matter uses YAML anchors or aliases (line 2), which quire does not edit: changing one key could change every key that \
         refers to it; edit it in an editor"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn text_where_a_list_is_asked_for_is_refused_saying_what_was_found() {
    refused("+++\ntags = \"a, b\"\n+++\n", &[Edit::AddTag("c".into())], "cannot set `tags`: it holds the text \"a, b\", not a list");
    refused("---\ntags: a, b\n---\n", &[Edit::AddTag("c".into())], "it holds the text \"a, b\", not a list");
    // Replacing the whole value with a list is what `tags=…` asks for: done, on the key's own line.
    edits_to("---\ntags: go\nx: 1\n---\n", &[set("tags", "go, rust")], "---\ntags: [go, rust]\nx: 1\n---\n");
    edits_to("+++\ntags = \"a, b\"\nx = 1\n+++\n", &[set("tags", "a, b")], "+++\ntags = [\"a\", \"b\"]\nx = 1\n+++\n");
}

#[test]
fn every_result_parses_to_what_was_asked() {
    let (_dir, path) = post_file("---\ntags: # t\n  - a # x\n  # y\n---\n");
    edit::edit_file(&path, None, &[Edit::AddTag("b".into()), Edit::RemoveTag("a".into())]).unwrap();
    let post = post::load(&path);
    assert_eq!(post.field("tags"), Some(Value::List(vec![Value::String("b".into())])));
}

#[test]
fn a_flow_list_over_several_lines_is_rewritten_on_one_line_unless_comments_would_move() {
    edits_to("---\ntags: [a,\n  b]\nx: 1\n---\n", &[Edit::AddTag("c".into())], "---\ntags: [a, b, c]\nx: 1\n---\n");
    refused(
        "---\ntags: [a, # first\n  b]\n---\n",
        &[Edit::AddTag("c".into())],
        "cannot set `tags`: its value is laid out in a way quire cannot edit",
    );
}

/// Front matter too big to be read back whole after an edit (over 256 KiB): the keys whose lines
/// changed are read back, and the bytes are exactly those of a small file's edit.
#[test]
fn big_front_matter_is_edited_with_the_same_bytes_and_checks() {
    let many: String = (0..12_000).map(|i| format!("key{i}: \"value {i}\"\n")).collect();
    let before = format!("---\ntitle: Big\ntags: # t\n  - a # x\n{many}date: 2024-01-01\n---\nBody\n");
    let edits = [Edit::AddTag("b".into()), Edit::Unset("key5000".into()), set("fresh", "New"), set("key11999", "changed")];
    let after = before
        .replacen("  - a # x\n", "  - a # x\n  - b\n", 1)
        .replacen("key5000: \"value 5000\"\n", "", 1)
        .replacen("key11999: \"value 11999\"\n", "key11999: \"changed\"\n", 1)
        .replacen("date: 2024-01-01\n", "date: 2024-01-01\nfresh: New\n", 1);
    let (_dir, path) = post_file(&before);
    let post = edit::edit_file(&path, None, &edits).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
    assert_eq!((post.tags.clone(), post.fields().len()), (vec!["a".to_string(), "b".to_string()], 12_003));
    assert_eq!(post.field("key11999"), Some(Value::String("changed".into())));
    assert!(post.problems.is_empty(), "{:?}", post.problems);
}
