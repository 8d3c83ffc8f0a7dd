//! The `quire` binary as scripts and users call it: list filters and JSON, help and version, a
//! closed pipe, a missing folder.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn quire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("quire runs")
}

fn stdout(args: &[&str]) -> String {
    let out = quire(args);
    assert!(out.status.success(), "quire {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The file names of the listed posts, in order.
fn listed(args: &[&str]) -> Vec<String> {
    stdout(args).lines().map(|l| l.rsplit('/').next().unwrap_or(l).to_string()).collect()
}

#[test]
fn list_json_has_every_field_for_scripts() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&["list", "sample-posts", "--json"])).expect("valid JSON");
    let items = json.as_array().expect("an array");
    assert_eq!(items.len(), 15);
    let keys = ["path", "title", "date", "tags", "categories", "status", "draft", "description", "authors", "format", "fields", "problems"];
    for item in items {
        for key in keys {
            assert!(item.get(key).is_some(), "{key} missing from {item}");
        }
    }
    let toml = items.iter().find(|i| i["path"] == "hugo/toml-front-matter-in-hugo.md").expect("listed");
    assert_eq!(toml["title"], "TOML front matter in Hugo, and parsing it from Rust");
    assert_eq!(toml["date"], "2024-05-02T08:15:00+00:00");
    assert_eq!(toml["format"], "toml");
    assert_eq!(toml["tags"], serde_json::json!(["hugo", "toml", "rust"]));
    assert_eq!(toml["fields"]["author"], "Sam Okafor");
    let broken = items.iter().find(|i| i["path"] == "broken/unclosed-tag-list.md").expect("listed");
    assert_eq!(broken["problems"][0]["line"], 4);
}

#[test]
fn tag_filter_is_case_insensitive_and_repeats_mean_all() {
    assert_eq!(listed(&["list", "sample-posts", "--tag", "Go"]), ["reading-blogs-over-ssh.md"]);
    assert_eq!(listed(&["list", "sample-posts", "--tag", "hugo", "--tag", "json"]), ["json-front-matter-is-a-thing.md"]);
    assert!(listed(&["list", "sample-posts", "--tag", "no-such-tag"]).is_empty());
}

#[test]
fn drafts_can_be_listed_alone_or_left_out() {
    assert_eq!(listed(&["list", "sample-posts", "--drafts"]), ["notes-on-tag-hygiene.md", "dockerfile-layers-explained.md"]);
    let without = listed(&["list", "sample-posts", "--no-drafts"]);
    assert_eq!(without.len(), 13);
    assert!(!without.iter().any(|p| p == "notes-on-tag-hygiene.md"));
    let both = quire(&["list", "sample-posts", "--drafts", "--no-drafts"]);
    assert_eq!(both.status.code(), Some(2), "conflicting flags are a usage error");
}

#[test]
fn search_finds_titles_first_then_bodies() {
    assert_eq!(listed(&["list", "sample-posts", "--search", "sourdough"])[0], "a-year-of-sourdough.md");
    // Only in a body: the Tokyo post's "Yamanote line".
    assert_eq!(listed(&["list", "sample-posts", "--search", "yamanote"]), ["2024-10-05-tokyo-ramen-and-a-borrowed-keyboard.md"]);
    assert!(listed(&["list", "sample-posts", "--search", "zzqqxx-nowhere"]).is_empty());
}

#[test]
fn a_closed_pipe_ends_list_quietly() {
    // Enough posts that the output outgrows the pipe buffer, so quire is still writing when
    // the reader goes away, as with `quire list | head -1`.
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..3000 {
        let text = format!("---\ntitle: \"Post number {i} with a reasonably long title\"\ndate: 2020-01-01\n---\nBody\n");
        std::fs::write(dir.path().join(format!("post-{i}.md")), text).expect("written");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["list"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quire starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped")).read_line(&mut first).expect("one line");
    assert!(first.contains("Post number"), "{first}");
    // The reader was dropped at the end of the statement above: the pipe is closed.
    let out = child.wait_with_output().expect("quire ends");
    assert!(out.status.success(), "exit {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no panic or error message on a closed pipe");
}

#[test]
fn help_documents_commands_and_exit_codes() {
    let help = stdout(&["--help"]);
    for word in ["list", "check", "Exit codes", "[DIR]"] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
    assert!(stdout(&["list", "--help"]).contains("--no-drafts"));
    assert_eq!(stdout(&["--version"]).trim(), format!("quire {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_missing_folder_is_one_sentence_on_stderr_and_exit_2() {
    for command in ["list", "check"] {
        let out = quire(&[command, "no/such/folder"]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("quire: cannot open no/such/folder: no such file or directory"), "{stderr}");
    }
}

#[test]
fn a_file_instead_of_a_folder_is_an_error_too() {
    let out = quire(&["list", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "quire: Cargo.toml is not a folder");
}
