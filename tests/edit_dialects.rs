//! For each front-matter dialect and each edit, the exact bytes after the edit: the text before with
//! only the intended lines replaced.

use quire::post::edit::{Edit, EditError, apply};

const HUGO_YAML: &str = "---\ntitle: \"18 months at Docker Paris\"\ndate: 2017-05-09T12:00:00+01:00\n\
tags: [\"docker\",\"go\"]\ndraft: false\n# kept: a comment\n---\n\nBody with title: \"x\"\n";

const JEKYLL_YAML: &str = "---\nlayout: post\ntitle: Retour sur la DockerCon Europe\npublished: true\nexcerpt: \n\
author: Fabien Amico\ntags:\n- docker\ncomments: true\n---\n\nCorps.\n";

const HUGO_TOML: &str = "+++\ntitle = \"Hello\"  # the title\ndate = 2024-03-01T10:00:00+01:00\ntags = [\"a\", \"b\"]\n\
draft = false\n\n[params]\nx = 1\n+++\n\nBody\n";

const ZOLA_TOML: &str = "+++\npath = \"2023/01/10/launch\"\ntitle = \"Launch\"\nauthors = [\"A\"]\n\n\
[taxonomies]\ntags = [\"rust\"]\n\n[extra]\nrelease = true\n+++\n\nBody\n";

const JSON: &str = "{\n  \"title\": \"J\",\n  \"date\": \"2024-03-01\",\n  \"tags\": [\"a\", \"b\"],\n  \"draft\": true\n}\n\nBody\n";

fn set(key: &str, value: &str) -> Edit {
    Edit::Set { key: key.into(), value: value.into() }
}

/// `before` with each `(old, new)` replaced once: the only bytes an edit may change.
fn replaced(before: &str, changes: &[(&str, &str)]) -> String {
    let mut text = before.to_string();
    for (old, new) in changes {
        assert_eq!(text.matches(old).count(), 1, "`{old}` must appear once in the fixture");
        text = text.replacen(old, new, 1);
    }
    text
}

#[track_caller]
fn check(before: &str, edits: &[Edit], changes: &[(&str, &str)]) {
    let after = apply(before, edits).unwrap_or_else(|e| panic!("{edits:?} failed: {e}"));
    assert_eq!(after, replaced(before, changes), "after {edits:?}");
}

#[test]
fn hugo_yaml_change_add_remove_keys() {
    check(HUGO_YAML, &[set("title", "Two years")], &[("title: \"18 months at Docker Paris\"", "title: \"Two years\"")]);
    check(HUGO_YAML, &[set("date", "2018-01-02")], &[("date: 2017-05-09T12:00:00+01:00", "date: 2018-01-02")]);
    check(HUGO_YAML, &[set("summary", "Short: sweet")], &[("# kept: a comment\n", "# kept: a comment\nsummary: \"Short: sweet\"\n")]);
    check(HUGO_YAML, &[Edit::Unset("date".into())], &[("date: 2017-05-09T12:00:00+01:00\n", "")]);
}

#[test]
fn hugo_yaml_flow_tags_keep_their_style() {
    check(HUGO_YAML, &[Edit::AddTag("k8s".into())], &[("[\"docker\",\"go\"]", "[\"docker\",\"go\",\"k8s\"]")]);
    check(HUGO_YAML, &[Edit::RemoveTag("docker".into())], &[("[\"docker\",\"go\"]", "[\"go\"]")]);
    check(HUGO_YAML, &[set("tags", "go, docker, new")], &[("[\"docker\",\"go\"]", "[\"go\",\"docker\",\"new\"]")]);
}

#[test]
fn hugo_yaml_publish_and_unpublish_use_draft() {
    check(HUGO_YAML, &[Edit::SetDraft(true)], &[("draft: false", "draft: true")]);
    check(HUGO_YAML, &[Edit::SetDraft(false)], &[]);
}

#[test]
fn jekyll_yaml_change_add_remove_keys() {
    check(JEKYLL_YAML, &[set("title", "Autre titre")], &[("title: Retour sur la DockerCon Europe", "title: Autre titre")]);
    check(JEKYLL_YAML, &[set("excerpt", "L'été: chaud")], &[("excerpt: \n", "excerpt: \"L'été: chaud\"\n")]);
    check(JEKYLL_YAML, &[set("lang", "fr")], &[("comments: true\n", "comments: true\nlang: fr\n")]);
    check(JEKYLL_YAML, &[Edit::Unset("comments".into())], &[("comments: true\n", "")]);
}

#[test]
fn jekyll_yaml_block_tags_keep_their_style() {
    check(JEKYLL_YAML, &[Edit::AddTag("k8s".into())], &[("- docker\n", "- docker\n- k8s\n")]);
    check(JEKYLL_YAML, &[Edit::AddTag("k8s".into()), Edit::RemoveTag("docker".into())], &[("- docker\n", "- k8s\n")]);
    check(JEKYLL_YAML, &[Edit::RemoveTag("docker".into())], &[("tags:\n- docker\n", "tags: []\n")]);
}

#[test]
fn jekyll_yaml_publish_and_unpublish_use_published() {
    check(JEKYLL_YAML, &[Edit::SetDraft(true)], &[("published: true", "published: false")]);
    check(JEKYLL_YAML, &[set("draft", "true")], &[("published: true", "published: false")]);
}

#[test]
fn hugo_toml_change_add_remove_keys() {
    check(HUGO_TOML, &[set("title", "Bye")], &[("title = \"Hello\"  # the title", "title = \"Bye\"  # the title")]);
    check(HUGO_TOML, &[set("date", "2024-04-02")], &[("date = 2024-03-01T10:00:00+01:00", "date = 2024-04-02")]);
    check(HUGO_TOML, &[set("weight", "3")], &[("draft = false\n", "draft = false\nweight = 3\n")]);
    check(HUGO_TOML, &[Edit::Unset("date".into())], &[("date = 2024-03-01T10:00:00+01:00\n", "")]);
}

#[test]
fn hugo_toml_tags_and_draft() {
    check(HUGO_TOML, &[Edit::AddTag("c".into())], &[("[\"a\", \"b\"]", "[\"a\", \"b\", \"c\"]")]);
    check(HUGO_TOML, &[Edit::RemoveTag("a".into())], &[("[\"a\", \"b\"]", "[\"b\"]")]);
    check(HUGO_TOML, &[Edit::SetDraft(true)], &[("draft = false", "draft = true")]);
}

#[test]
fn zola_toml_tags_live_in_taxonomies() {
    check(ZOLA_TOML, &[Edit::AddTag("cli".into())], &[("tags = [\"rust\"]", "tags = [\"rust\", \"cli\"]")]);
    check(ZOLA_TOML, &[Edit::RemoveTag("rust".into())], &[("tags = [\"rust\"]", "tags = []")]);
    check(ZOLA_TOML, &[set("title", "Lift-off")], &[("title = \"Launch\"", "title = \"Lift-off\"")]);
    check(ZOLA_TOML, &[set("description", "Hi")], &[("authors = [\"A\"]\n", "authors = [\"A\"]\ndescription = \"Hi\"\n")]);
    check(ZOLA_TOML, &[Edit::Unset("authors".into())], &[("authors = [\"A\"]\n", "")]);
    check(ZOLA_TOML, &[Edit::SetDraft(true)], &[("authors = [\"A\"]\n", "authors = [\"A\"]\ndraft = true\n")]);
}

#[test]
fn zola_toml_without_taxonomies_gets_the_table() {
    let before = "+++\npath = \"2023/01/10/launch\"\ntitle = \"Launch\"\n\n[extra]\nrelease = true\n+++\nBody\n";
    check(before, &[Edit::AddTag("rust".into())], &[("release = true\n", "release = true\n\n[taxonomies]\ntags = [\"rust\"]\n")]);
}

#[test]
fn json_change_add_remove_keys() {
    check(JSON, &[set("title", "K \"quoted\"")], &[("\"title\": \"J\"", "\"title\": \"K \\\"quoted\\\"\"")]);
    check(JSON, &[set("weight", "2")], &[("\"draft\": true\n", "\"draft\": true,\n  \"weight\": 2\n")]);
    check(JSON, &[Edit::Unset("date".into())], &[("  \"date\": \"2024-03-01\",\n", "")]);
    check(JSON, &[Edit::Unset("draft".into())], &[(",\n  \"draft\": true", "")]);
}

#[test]
fn json_tags_and_draft() {
    check(JSON, &[Edit::AddTag("c".into())], &[("[\"a\", \"b\"]", "[\"a\", \"b\", \"c\"]")]);
    check(JSON, &[Edit::RemoveTag("a".into())], &[("[\"a\", \"b\"]", "[\"b\"]")]);
    check(JSON, &[Edit::SetDraft(false)], &[("\"draft\": true", "\"draft\": false")]);
}

#[test]
fn crlf_and_bom_are_kept() {
    let before = "\u{feff}---\r\ntitle: A\r\ntags:\r\n- x\r\n---\r\nBody\r\n";
    check(
        before,
        &[set("title", "B"), Edit::AddTag("z".into()), set("new", "v")],
        &[("title: A", "title: B"), ("- x\r\n", "- x\r\n- z\r\nnew: v\r\n")],
    );
    let toml = "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n";
    check(toml, &[set("draft", "true")], &[("title = \"A\"\r\n", "title = \"A\"\r\ndraft = true\r\n")]);
}

#[test]
fn a_file_without_front_matter_gets_one() {
    check("# Hello\n\nText\n", &[set("title", "Hello")], &[("# Hello", "---\ntitle: Hello\n---\n# Hello")]);
    check("# Hello\n", &[Edit::Unset("title".into())], &[]);
}

#[test]
fn comments_and_blank_lines_around_a_key_stay() {
    let before = "---\n# Site: blog\ntitle: A # short\n\ntags: [a]   # topics\n---\n";
    check(before, &[set("title", "B"), Edit::AddTag("b".into())], &[("title: A # short", "title: B # short"), ("[a]", "[a, b]")]);
}

#[test]
fn bad_values_are_refused_with_the_key_named() {
    let err = apply(HUGO_YAML, &[set("date", "next week")]).unwrap_err();
    assert!(matches!(err, EditError::InvalidValue { .. }));
    assert_eq!(err.to_string(), "cannot set `date`: `next week` is not a date (try 2024-03-01 or 2024-03-01T10:00:00+01:00)");
    assert!(apply(HUGO_YAML, &[set("draft", "perhaps")]).is_err());
    assert!(apply(HUGO_YAML, &[set("bad key", "x")]).is_err());
}

#[test]
fn broken_front_matter_is_not_edited() {
    let err = apply("---\ntitle: [oops\n---\nBody\n", &[set("title", "x")]).unwrap_err();
    assert!(matches!(err, EditError::BadFrontMatter(_)), "{err}");
    assert!(apply("---\ntitle: x\nBody never closed\n", &[set("title", "y")]).is_err());
}

#[test]
fn values_that_yaml_would_misread_are_quoted() {
    let before = "---\ntitle: A\n---\n";
    check(before, &[set("title", "yes")], &[("title: A", "title: \"yes\"")]);
    check(before, &[set("title", "1984")], &[("title: A", "title: \"1984\"")]);
    check(before, &[set("title", "- dash")], &[("title: A", "title: \"- dash\"")]);
    check(before, &[set("title", "two\nlines")], &[("title: A", "title: \"two\\nlines\"")]);
}

#[test]
fn keys_are_found_whatever_their_case_and_the_last_duplicate_is_edited() {
    check("---\nTitle: Big\n---\n", &[set("title", "Small")], &[("Title: Big", "Title: Small")]);
    check("---\ntitle: One\ndate: 2020-01-01\ntitle: Two\n---\n", &[set("title", "Three")], &[("title: Two", "title: Three")]);
}

#[test]
fn a_column_zero_comment_between_items_stays_inside_the_list() {
    // YAML sees one list around the comment; so does quire's model of the lines.
    let before = "---\ntags:\n- a\n# c\n- b\n---\n";
    check(before, &[Edit::AddTag("z".into())], &[("- b\n", "- b\n- z\n")]);
    check(before, &[Edit::RemoveTag("a".into())], &[("- a\n", "")]);
}

#[test]
fn nested_and_multi_line_values_are_replaced_whole() {
    let before = "---\ntitle: T\ndescription: |\n  one\n\n  two\nparams:\n  a: 1\n---\n";
    check(before, &[set("description", "short")], &[("description: |\n  one\n\n  two\n", "description: short\n")]);
    check(before, &[Edit::Unset("params".into())], &[("params:\n  a: 1\n", "")]);
}

#[test]
fn toml_inline_and_dotted_taxonomies_are_edited_where_they_are() {
    check("+++\ntitle = \"A\"\ntaxonomies = { tags = [\"x\"] }\n+++\n", &[Edit::AddTag("y".into())], &[("[\"x\"]", "[\"x\", \"y\"]")]);
    check("+++\ntitle = \"A\"\ntaxonomies.tags = [\"x\"]\n+++\n", &[Edit::RemoveTag("x".into())], &[("[\"x\"]", "[]")]);
}

#[test]
fn json_escapes_elsewhere_are_untouched() {
    let before = "{\"title\":\"caf\\u00e9\",\"tags\":[\"a\"]}\nBody\n";
    check(before, &[Edit::AddTag("b".into())], &[("[\"a\"]", "[\"a\",\"b\"]")]);
    check(before, &[set("draft", "true")], &[("[\"a\"]}", "[\"a\"],\"draft\":true}")]);
}

#[test]
fn a_table_is_never_replaced_by_a_value() {
    let err = apply(ZOLA_TOML, &[set("extra", "release: false")]).unwrap_err();
    assert_eq!(err.to_string(), "cannot set `extra`: it holds a table of keys; edit it in an editor");
    check(ZOLA_TOML, &[Edit::Unset("extra".into())], &[("\n[extra]\nrelease = true\n", "")]);
}
