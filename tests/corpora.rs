//! Real blogs load completely: every post of `../shared/corpora/` gets the title and date its own
//! front matter (or path) gives, as read by a deliberately simple reader written for this test; the
//! two seeds parse to the right title, date, tags and draft state; a generated blog loads cleanly.

mod common;

use common::shared;

#[path = "../benches/support/gen.rs"]
mod generator;

use std::path::Path;

use quire::library::Library;
use quire::post::{Format, Post, Status};

/// What a post's own text says, read line by line without a YAML or TOML parser.
#[derive(Debug, Default)]
struct Expected {
    title: Option<String>,
    /// `YYYY-MM-DD`.
    date: Option<String>,
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    // TOML literal and basic multi-line-style strings on one line: '''...''' and """...""".
    for fence in ["'''", "\"\"\""] {
        if v.len() >= 6 && v.starts_with(fence) && v.ends_with(fence) {
            return v[3..v.len() - 3].to_string();
        }
    }
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1].replace("\\\"", "\"").replace("\\\\", "\\")
    } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else {
        v.to_string()
    }
}

/// `YYYY/MM/DD` anywhere in a path-like text, as `YYYY-MM-DD`.
fn date_in_path(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('/').collect();
    parts.windows(3).find_map(|w| {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        (digits(w[0], 4) && digits(w[1], 2) && digits(w[2], 2)).then(|| format!("{}-{}-{}", w[0], w[1], w[2]))
    })
}

/// Reads `title` and `date` (or Zola's `path`) from the top-level front-matter lines.
fn expected(text: &str, rel: &Path) -> Expected {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let toml = first.trim() == "+++";
    let mut out = Expected::default();
    // A post whose opening `---` is missing starts with its first key.
    let keys = std::iter::once(first).filter(|l| l.contains(':')).chain(lines);
    for line in keys {
        let line_trim = line.trim();
        if line_trim == "---" || line_trim == "+++" || (toml && line_trim.starts_with('[')) {
            break;
        }
        let (key, value) = if toml { line.split_once('=') } else { line.split_once(':') }.unwrap_or(("", ""));
        match key.trim() {
            "title" => out.title = Some(unquote(value)),
            "date" => out.date = Some(unquote(value).chars().take(10).collect()),
            "path" if out.date.is_none() => out.date = date_in_path(&unquote(value)),
            _ => {}
        }
    }
    if out.date.is_none() {
        out.date = date_in_path(&rel.to_string_lossy());
    }
    out
}

/// Compares every post of a corpus with the simple reader; returns one line per disagreement.
fn disagreements(root: &Path) -> (usize, Vec<String>) {
    let library = Library::open(root).expect("the corpus opens");
    let mut wrong = Vec::new();
    let mut titled = 0;
    for post in library.posts() {
        let rel = post.path.strip_prefix(root).unwrap_or(&post.path).to_path_buf();
        let text = std::fs::read_to_string(&post.path).expect("corpus files are UTF-8");
        let want = expected(&text, &rel);
        titled += usize::from(want.title.is_some() && want.date.is_some());
        wrong.extend(compare(post, &want, &rel));
    }
    // The simple reader must have found something to compare, or the test proves nothing.
    assert!(titled + 2 >= library.posts().len(), "the simple reader found a title and date in only {titled} posts");
    (library.posts().len(), wrong)
}

fn compare(post: &Post, want: &Expected, rel: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    let shown = rel.display();
    if post.title.trim().is_empty() {
        wrong.push(format!("{shown}: empty title"));
    }
    if let Some(title) = &want.title
        && &post.title != title
    {
        wrong.push(format!("{shown}: title {:?}, file says {title:?}", post.title));
    }
    // A page with neither a title nor a date key (Zola's `releases/latest.md` redirect) is not a post.
    let is_page = want.title.is_none() && want.date.is_none();
    let got = post.date.map(|d| d.to_string());
    if !is_page && got != want.date {
        wrong.push(format!("{shown}: date {got:?}, file says {:?}", want.date));
    }
    wrong
}

#[test]
fn every_hugo_javabien_post_has_the_title_and_date_its_file_gives() {
    let Some(shared) = shared() else { return };
    let (count, wrong) = disagreements(&shared.join("corpora/hugo-javabien"));
    assert!(count >= 230, "only {count} posts found");
    assert!(wrong.is_empty(), "{} of {count} posts disagree:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn every_zola_rust_blog_post_has_the_title_and_date_its_file_gives() {
    let Some(shared) = shared() else { return };
    let (count, wrong) = disagreements(&shared.join("corpora/zola-rust-blog"));
    assert!(count >= 740, "only {count} posts found");
    assert!(wrong.is_empty(), "{} of {count} posts disagree:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn zola_posts_take_tags_authors_and_toml_format() {
    let Some(shared) = shared() else { return };
    let library = Library::open(&shared.join("corpora/zola-rust-blog")).expect("the corpus opens");
    let release = library.posts().iter().find(|p| p.path.ends_with("Rust-1.88.0.md")).expect("Rust 1.88.0 is there");
    assert_eq!(release.title, "Announcing Rust 1.88.0");
    assert_eq!(release.date.map(|d| d.to_string()).as_deref(), Some("2025-06-26"));
    assert_eq!(release.authors, ["The Rust Release Team"]);
    assert_eq!(release.format, Format::Toml);
    assert!(release.problems.is_empty(), "{:?}", release.problems);
}

/// Copies the two seeds where a real blog would keep them and opens the copy.
fn seed_library(shared: &Path) -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copies = [
        ("000_b5cd72d4434fe647.txt", "content/2017/05/09/18-months-at-docker-paris.md"),
        ("004_8eca0146c400a43f.txt", "_posts/2014-12-10-retour-sur-la-dockercon-europe.md"),
    ];
    for (seed, to) in copies {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().expect("has a parent")).expect("mkdir");
        std::fs::copy(shared.join("seeds").join(seed), &to).expect("seed copied");
    }
    let library = Library::open(dir.path()).expect("opens");
    (dir, library)
}

#[test]
fn hugo_seed_has_flow_list_tags_and_an_rfc3339_date() {
    let Some(shared) = shared() else { return };
    let (_dir, library) = seed_library(&shared);
    let post = library.posts().iter().find(|p| p.title == "18 months at Docker Paris").expect("Hugo seed listed");
    let date = post.date.expect("dated");
    assert_eq!(date.to_rfc3339(), "2017-05-09T12:00:00+01:00");
    assert_eq!(post.tags, ["docker", "go"]);
    assert_eq!(post.status, Status::Published);
    assert!(post.problems.is_empty(), "{:?}", post.problems);
    assert!(post.body.as_deref().unwrap().contains("<blockquote>What is it you're doing in Paris"));
}

#[test]
fn jekyll_seed_has_block_list_tags_an_empty_key_and_its_date_from_the_file_name() {
    let Some(shared) = shared() else { return };
    let (_dir, library) = seed_library(&shared);
    let post = library.posts().iter().find(|p| p.title == "Retour sur la DockerCon Europe").expect("Jekyll seed listed");
    assert_eq!(post.date.map(|d| d.to_string()).as_deref(), Some("2014-12-10"));
    assert_eq!(post.tags, ["docker"]);
    assert_eq!(post.status, Status::Published, "published: true is not a draft");
    assert_eq!(post.authors, ["Fabien Amico"]);
    assert!(post.description.as_deref().is_some_and(|d| d.starts_with("Docker a organisé sa première grand-messe")));
    assert!(post.fields().iter().any(|(k, v)| k == "excerpt" && *v == quire::post::Value::Null), "the empty key is kept");
    assert!(post.problems.is_empty(), "{:?}", post.problems);
    // Newest first.
    assert_eq!(library.posts()[0].title, "18 months at Docker Paris");
}

#[test]
fn a_generated_blog_loads_every_post_without_problems() {
    const POSTS: usize = 300;
    let dir = tempfile::tempdir().expect("temp dir");
    generator::generate(dir.path(), POSTS, 42).expect("generated");
    let again = tempfile::tempdir().expect("temp dir");
    generator::generate(again.path(), POSTS, 42).expect("generated");
    let library = Library::open(dir.path()).expect("opens");
    assert_eq!(library.posts().len(), POSTS);
    for post in library.posts() {
        assert!(post.problems.is_empty() && post.date.is_some() && !post.tags.is_empty(), "{}: {:?}", post.path.display(), post.problems);
        let rel = post.path.strip_prefix(dir.path()).expect("under the root");
        let twin = std::fs::read(again.path().join(rel)).expect("same file in the second run");
        assert_eq!(std::fs::read(&post.path).expect("readable"), twin, "the generator is deterministic");
    }
    let tags = library.tags();
    assert!(tags.len() > 100 && tags[0].1 > 10 * tags[tags.len() - 1].1, "a long tail of tags: {} tags", tags.len());
}
