//! Reading only the front matter (`quire list`), checking without keeping bodies (`quire check
//! --no-links`) or keeping them unhashed (`quire check`) gives the same posts as reading every file whole: on the shared blogs, the bundled samples, the
//! seeds and on files built to sit at each edge of "where does the front matter end".

mod common;

use std::path::Path;

use quire::library::Library;
use quire::post::{self, Read};

fn assert_same_listing(root: &Path) {
    let whole = Library::open(root).expect("the folder opens");
    assert!(!whole.posts().is_empty(), "{} has posts", root.display());
    for read in [Read::Head, Read::Checked] {
        let lean = Library::open_with(root, read).expect("the folder opens");
        let (want, got): (Vec<String>, Vec<String>) =
            (whole.posts().iter().map(|p| common::listed(p)).collect(), lean.posts().iter().map(|p| common::listed(p)).collect());
        assert_eq!(want, got, "{read:?} on {}", root.display());
        assert!(lean.posts().iter().all(|p| p.body.is_none() && p.stamp.hash == 0), "{read:?} keeps no body and no hash");
    }
    // What `quire check` reads for links: the same posts and bodies, unhashed, never edited from.
    let bodies = Library::open_with(root, Read::Body).expect("the folder opens");
    assert_eq!(bodies.posts().len(), whole.posts().len());
    for (want, got) in whole.posts().iter().zip(bodies.posts()) {
        assert_eq!(
            (common::listed(want), &want.body, &want.problems),
            (common::listed(got), &got.body, &got.problems),
            "{}",
            got.path.display()
        );
        assert_eq!((got.stamp.hash, got.words), (0, None), "{}: neither hashed nor counted", got.path.display());
        assert!(got.read_in_part(), "{}: not edited from", got.path.display());
    }
}

#[test]
fn the_shared_blogs_list_the_same_from_their_front_matter_alone() {
    let Some(shared) = common::shared() else { return };
    for corpus in ["corpora/hugo-javabien", "corpora/zola-rust-blog"] {
        assert_same_listing(&shared.join(corpus));
    }
}

#[test]
fn the_sample_posts_list_the_same_from_their_front_matter_alone() {
    assert_same_listing(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts"));
}

#[test]
fn edge_cases_of_where_the_front_matter_ends_list_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let long_value = "x".repeat(10_000);
    let files: Vec<(&str, String)> = vec![
        ("plain.md", "---\ntitle: Plain\ndate: 2024-01-02\ntags: [a, b]\n---\nBody\n".into()),
        ("crlf.md", "\u{feff}+++\r\ntitle = \"Crlf\"\r\n+++\r\n# Heading\r\n".into()),
        // The front matter is longer than the first read: the reader must go on.
        ("long.md", format!("---\ntitle: Long\nsummary: {long_value}\n---\nBody\n")),
        // The first read stops inside the closing fence line.
        ("split-fence.md", format!("---\ntitle: Split\nx: {}\n---\nBody\n", "y".repeat(4096 - 24))),
        ("no-title.md", "---\ndate: 2024-01-02\n---\n\nIntro\n\n# From the heading\n".into()),
        ("setext.md", "---\ndraft: true\n---\nFrom setext\n===\n".into()),
        ("none.md", "# Only a heading\n\ntext".into()),
        ("unopened.md", "title: Unopened\ndate: 2020-01-01\n---\nBody".into()),
        ("json.md", "{\n  \"title\": \"Json\"\n}\nBody".into()),
        ("unclosed.md", "---\ntitle: Never closed\n\nBody".into()),
        ("dots.md", "---\ntitle: Dots\n...\nBody ---\n".into()),
        ("empty.md", String::new()),
        ("fence-only.md", "---".into()),
        ("bad-yaml.md", "---\ntitle: [oops\n---\nBody".into()),
        ("title-in-body-fence.md", "---\ntitle: \"\"\n---\n```\n# not this\n```\n# This\n".into()),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    assert_same_listing(dir.path());
}

#[test]
fn checking_reads_every_byte_while_listing_stops_at_the_fence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.md");
    std::fs::write(&path, b"---\ntitle: Caf\xc3\xa9\n---\nna\xefve body\n").unwrap();
    let whole = post::load(&path);
    assert_eq!(whole.problems.len(), 1, "{:?}", whole.problems);
    assert_eq!(post::load_with(&path, Read::Checked).problems, whole.problems, "check still reports the body");
    let head = post::load_with(&path, Read::Head);
    assert_eq!(head.title, "Café");
    assert!(head.problems.is_empty(), "the list never read the body: {:?}", head.problems);
}
