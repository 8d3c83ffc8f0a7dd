//! `quire list --format table|tsv|json|paths`: what scripts read, byte for byte.

use std::path::Path;
use std::process::{Command, Output};

fn blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("blog");
    std::fs::create_dir_all(posts.join("posts")).expect("mkdir");
    std::fs::write(posts.join("posts/one.md"), "---\ntitle: One\ndate: 2024-01-02\ntags: [rust, security scanning]\n---\nBody\n")
        .expect("write");
    std::fs::write(
        posts.join("posts/two.md"),
        "---\ntitle: \"Tab\\there\\u001b[31m\"\ndate: 2023-05-06T07:08:09+02:00\ndraft: true\n---\n",
    )
    .expect("write");
    dir
}

fn quire(cwd: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(cwd)
        .env("QUIRE_CONFIG", cwd.join("no-config.toml"))
        .output()
        .expect("quire runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

#[test]
fn tsv_has_a_header_and_six_safe_fields_a_line() {
    let dir = blog();
    let out = text(&quire(dir.path(), &["list", "blog", "--format", "tsv"]));
    assert_eq!(
        out,
        "date\tstatus\tkind\ttitle\ttags\tpath\n\
         2024-01-02\tpublished\tpost\tOne\trust,security scanning\tposts/one.md\n\
         2023-05-06T07:08:09+02:00\tdraft\tpost\tTab here^[[31m\t\tposts/two.md\n"
    );
}

#[test]
fn paths_are_relative_to_the_current_folder_so_xargs_can_open_them() {
    let dir = blog();
    assert_eq!(text(&quire(dir.path(), &["list", "blog", "--format", "paths"])), "blog/posts/one.md\nblog/posts/two.md\n");
    let inside = dir.path().join("blog/posts");
    assert_eq!(text(&quire(&inside, &["list", "..", "--format", "paths"])), "one.md\ntwo.md\n");
    let beside = dir.path().join("elsewhere");
    std::fs::create_dir(&beside).expect("mkdir");
    let root = dir.path().join("blog");
    let out = text(&quire(&beside, &["list", root.to_str().expect("utf-8"), "--format", "paths", "--drafts"]));
    assert_eq!(out, "../blog/posts/two.md\n");
}

#[test]
fn absolute_paths_on_request() {
    let dir = blog();
    let out = text(&quire(dir.path(), &["list", "./blog", "--format", "paths", "--absolute", "--no-drafts"]));
    assert_eq!(out, format!("{}\n", dir.path().join("blog/posts/one.md").display()));
}

#[test]
fn json_flag_is_the_json_format_and_table_is_the_default() {
    let dir = blog();
    let json = quire(dir.path(), &["list", "blog", "--json"]);
    assert_eq!(json.stdout, quire(dir.path(), &["list", "blog", "--format", "json"]).stdout);
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(items[0]["title"], "One");
    assert_eq!(quire(dir.path(), &["list", "blog"]).stdout, quire(dir.path(), &["list", "blog", "--format", "table"]).stdout);
    assert!(text(&quire(dir.path(), &["list", "blog"])).starts_with("2024-01-02  "));
}

#[test]
fn json_gives_words_and_reading_minutes_and_list_sorts_by_them() {
    let dir = blog();
    let posts = dir.path().join("blog/posts");
    std::fs::write(posts.join("long.md"), format!("---\ntitle: Long\ndate: 2020-01-01\n---\n# Long\n\n{}", "word ".repeat(500)))
        .expect("write");
    let json = quire(dir.path(), &["list", "blog", "--json"]);
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let counts: Vec<(String, serde_json::Value, serde_json::Value)> = items
        .as_array()
        .expect("array")
        .iter()
        .map(|p| (p["path"].as_str().expect("path").to_string(), p["words"].clone(), p["reading_minutes"].clone()))
        .collect();
    assert_eq!(
        counts,
        [
            ("posts/one.md".to_string(), 1.into(), 1.into()),
            ("posts/two.md".to_string(), 0.into(), 1.into()),
            ("posts/long.md".to_string(), 501.into(), 3.into()),
        ]
    );
    // Longest first, though the table itself reads only front matter: the sort reads the bodies.
    for sort in ["words", "reading"] {
        let out = text(&quire(dir.path(), &["list", "blog", "--format", "paths", "--sort", sort]));
        assert_eq!(out, "blog/posts/long.md\nblog/posts/one.md\nblog/posts/two.md\n", "--sort {sort}");
    }
}
