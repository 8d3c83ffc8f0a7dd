//! The bundled `sample-posts/` are the first thing a user sees: `quire list` shows them all with
//! drafts and scheduled posts marked and the broken one named; `quire check` names only that one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quire::library::Library;
use quire::post::{Format, Status};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts")
}

fn quire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("quire runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("quire prints UTF-8")
}

#[test]
fn list_shows_every_sample_post_newest_first() {
    let out = quire(&["list", "sample-posts"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    insta::assert_snapshot!("list_sample_posts", text(&out.stdout));
}

#[test]
fn list_marks_drafts_scheduled_and_broken_posts() {
    let out = text(&quire(&["list", "sample-posts"]).stdout);
    let line = |path: &str| out.lines().find(|l| l.ends_with(path)).unwrap_or_else(|| panic!("{path} not listed in:\n{out}")).to_string();
    assert!(line("_drafts/notes-on-tag-hygiene.md").contains(" draft "));
    assert!(line("2025/01/dockerfile-layers-explained.md").contains(" draft "));
    assert!(line("scheduled/a-letter-to-myself-in-2035.md").contains(" future "));
    assert!(line("broken/unclosed-tag-list.md").contains(" error "));
    assert!(line("2024/03/18/reading-blogs-over-ssh.md").contains("[terminal, ssh, go]"));
    assert_eq!(out.lines().count(), 15);
}

#[test]
fn check_names_exactly_the_broken_post_and_exits_1() {
    let out = quire(&["check", "sample-posts"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].starts_with("broken/unclosed-tag-list.md:4: invalid YAML"), "{stdout}");
    assert_eq!(text(&out.stderr).trim(), "15 posts, 1 problem");
}

#[test]
fn each_dialect_and_naming_convention_gives_title_date_and_tags() {
    let library = Library::open(&samples()).expect("sample posts open");
    let post = |rel: &str| library.posts().iter().find(|p| p.path.ends_with(rel)).unwrap_or_else(|| panic!("{rel} missing"));
    let day = |rel: &str| post(rel).date.map(|d| d.to_string()).unwrap_or_default();

    let plain = post("plain/2021-09-30-a-post-without-front-matter.md");
    assert_eq!((plain.format, plain.title.as_str()), (Format::None, "Notes written before I knew about front matter"));
    assert_eq!(day("plain/2021-09-30-a-post-without-front-matter.md"), "2021-09-30");
    assert_eq!(day("_posts/2022-06-14-small-python-scripts.md"), "2022-06-14");
    assert_eq!(day("2023/12/06/retour-sur-le-meetup-rust-lyon.md"), "2023-12-06");

    let json = post("json/json-front-matter-is-a-thing.md");
    assert_eq!((json.format, json.tags.len()), (Format::Json, 3));
    assert!(json.description.as_deref().is_some_and(|d| d.starts_with("Hugo reads a JSON object")));

    let zola = post("zola/2023-11-02-taxonomies-in-zola/index.md");
    assert_eq!(zola.format, Format::Toml);
    assert_eq!(zola.tags, ["zola", "static sites", "yaml"]);
    assert_eq!(zola.categories, ["tutorials"]);

    let french = post("2023/12/06/retour-sur-le-meetup-rust-lyon.md");
    assert_eq!(french.tags, ["rust", "communauté", "lyon"]);
    assert_eq!(french.status, Status::Published);
    assert!(french.fields().iter().any(|(k, v)| k == "excerpt" && *v == quire::post::Value::Null));

    assert_eq!(post("scheduled/a-letter-to-myself-in-2035.md").status, Status::Scheduled);
    assert!(post("long/a-year-of-sourdough.md").body.as_deref().unwrap().lines().count() > 2000);
    assert!(library.posts().iter().filter(|p| p.has_problems()).all(|p| p.path.ends_with("broken/unclosed-tag-list.md")));
}

#[test]
fn the_broken_post_keeps_the_keys_that_parse() {
    let library = Library::open(&samples()).expect("sample posts open");
    let broken = library.posts().iter().find(|p| p.path.ends_with("broken/unclosed-tag-list.md")).expect("listed");
    assert_eq!(broken.title, "This post has broken front matter");
    assert_eq!(broken.problems.len(), 1);
    assert_eq!(broken.problems[0].line, Some(4));
}

#[test]
fn relative_links_between_sample_posts_point_at_real_files() {
    let guide = samples().join("guides/markdown-kitchen-sink.md");
    let body = std::fs::read_to_string(&guide).expect("readable");
    let links: Vec<&str> = body.split("](").skip(1).filter_map(|rest| rest.split(')').next()).filter(|l| l.starts_with("../")).collect();
    assert!(links.len() >= 2, "{links:?}");
    for link in links {
        let target = guide.parent().expect("in a folder").join(link);
        assert!(target.is_file(), "{link} does not exist");
    }
}
