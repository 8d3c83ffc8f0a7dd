//! `quire set` and `quire new` run as processes on temp copies: exact bytes after, one-sentence errors.

mod common;

use common::shared_dir;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn quire(args: &[&str]) -> Output {
    quire_with_config(args, Path::new("/nonexistent/quire-test-config"))
}

/// Runs quire with `config` as the XDG config home, so a user's own template never leaks in.
fn quire_with_config(args: &[&str], config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire")).args(args).env("NO_COLOR", "1").env("XDG_CONFIG_HOME", config).output().expect("quire runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A writable copy of a seed, or `None` (with a message) when the shared data is absent.
fn seed_copy(name: &str, dir: &Path) -> Option<PathBuf> {
    let from = shared_dir().join("seeds").join(name);
    if !from.is_file() {
        eprintln!("skipping: ../shared not found");
        return None;
    }
    let to = dir.join("post.md");
    fs::write(&to, fs::read(&from).ok()?).ok()?;
    Some(to)
}

#[test]
fn set_on_the_hugo_seed_changes_only_the_named_lines() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = seed_copy("000_b5cd72d4434fe647.txt", dir.path()) else { return };
    let before = fs::read_to_string(&path).unwrap();
    let p = path.to_str().unwrap();
    let out = quire(&["set", p, "title=Two years at Docker", "date=2017-06-01", "--add-tag", "k8s", "--remove-tag", "go"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let want = before
        .replacen("title: \"18 months at Docker Paris\"", "title: \"Two years at Docker\"", 1)
        .replacen("date: 2017-05-09T12:00:00+01:00", "date: 2017-06-01", 1)
        .replacen("tags: [\"docker\",\"go\"]", "tags: [\"docker\",\"k8s\"]", 1);
    assert_eq!(fs::read_to_string(&path).unwrap(), want);
}

#[test]
fn set_on_the_jekyll_seed_changes_only_the_named_lines() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = seed_copy("004_8eca0146c400a43f.txt", dir.path()) else { return };
    let before = fs::read_to_string(&path).unwrap();
    let p = path.to_str().unwrap();
    let out = quire(&["set", p, "draft=true", "excerpt=Retour d'Amsterdam", "--unset", "comments", "--add-tag", "conférence"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let want = before
        .replacen("published: true", "published: false", 1)
        .replacen("excerpt: \n", "excerpt: Retour d'Amsterdam\n", 1)
        .replacen("- docker\ncomments: true\n", "- docker\n- conférence\n", 1);
    assert_eq!(fs::read_to_string(&path).unwrap(), want);
    // Publishing again restores the original line.
    let out = quire(&["set", p, "draft=false"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::read_to_string(&path).unwrap().contains("\npublished: true\n"));
}

#[test]
fn set_draft_false_publishes_a_jekyll_draft_and_prints_where_it_went() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("_drafts").join("hello.md");
    fs::create_dir_all(draft.parent().unwrap()).unwrap();
    fs::write(&draft, "---\ntitle: Hello\ndate: 2024-03-01\n---\nBody\n").unwrap();
    let out = quire(&["set", draft.to_str().unwrap(), "draft=false"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let moved = dir.path().join("_posts").join("2024-03-01-hello.md");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), moved.display().to_string());
    assert_eq!(fs::read_to_string(&moved).unwrap(), "---\ntitle: Hello\ndate: 2024-03-01\n---\nBody\n");
}

#[test]
fn set_errors_are_one_sentence_and_leave_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    fs::write(&path, "---\ntitle: A\n---\n").unwrap();
    let p = path.to_str().unwrap();
    for (args, want) in [
        (vec!["set", p, "date=soon"], "quire: cannot set `date`: `soon` is not a date (try 2024-03-01 or 2024-03-01T10:00:00+01:00)\n"),
        (vec!["set", p, "title"], "quire: `title` is not KEY=VALUE\n"),
        (vec!["set", p], "quire: nothing to change: give KEY=VALUE, --unset KEY, --add-tag TAG or --remove-tag TAG\n"),
    ] {
        let out = quire(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), want);
    }
    let missing = dir.path().join("missing.md");
    let out = quire(&["set", missing.to_str().unwrap(), "title=B"]);
    assert_eq!(stderr(&out), format!("quire: {} is not a file\n", missing.display()));
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: A\n---\n");
}

#[test]
fn new_prints_the_path_of_a_post_in_the_folders_dialect() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.md"), "+++\ntitle = \"Old\"\n+++\n").unwrap();
    let out = quire(&["new", dir.path().to_str().unwrap(), "Hello, World", "--tag", "rust", "--tag", "cli"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("hello-world.md");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), path.display().to_string());
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("+++\ntitle = \"Hello, World\"\ndate = "), "{text}");
    assert!(text.ends_with("tags = [\"rust\", \"cli\"]\ndraft = true\n+++\n\n"), "{text}");
}

#[test]
fn new_refuses_a_missing_folder() {
    let out = quire(&["new", "/nonexistent/quire-test", "Title"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "quire: /nonexistent/quire-test is not a folder\n");
}

#[cfg(target_os = "linux")]
#[test]
fn new_follows_the_template_in_the_config_folder() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    fs::create_dir_all(config.join("quire")).unwrap();
    fs::write(config.join("quire").join("new-post.md"), "---\nlayout: post\ntitle: x\n---\n\nWrite.\n").unwrap();
    let blog = dir.path().join("blog");
    fs::create_dir(&blog).unwrap();
    let out = quire_with_config(&["new", blog.to_str().unwrap(), "From template"], &config);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(blog.join("from-template.md")).unwrap();
    assert!(text.starts_with("---\nlayout: post\ntitle: From template\ndate: "), "{text}");
    assert!(text.ends_with("\n---\n\nWrite.\n"), "{text}");
}

#[test]
fn set_keeps_quoted_list_items_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.md");
    fs::write(&path, "---\ntitle: A\ntags: # mine\n  - x\n---\nBody\n").unwrap();
    let out = quire(&["set", path.to_str().unwrap(), "tags=x,\"b,c\""]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: A\ntags: # mine\n  - x\n  - b,c\n---\nBody\n");
}

#[test]
fn set_refuses_a_map_where_a_list_is_asked_for_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.md");
    let before = "---\ntags:\n  lang: rust\n---\nBody\n";
    fs::write(&path, before).unwrap();
    let out = quire(&["set", path.to_str().unwrap(), "--add-tag", "c"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "quire: cannot set `tags`: it holds a map ({lang: rust}), not a list; edit it in an editor\n");
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}
