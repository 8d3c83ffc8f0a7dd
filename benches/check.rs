//! `cargo bench --bench check`: `quire check` on 10,000 generated posts, with links resolved and
//! without, side by side in the same run (issue 13: with links at most 2x without): without an
//! index (every file read), and through a warm index as the CLI runs it.
//!
//! The generated posts (`benches/support/gen.rs`) go under `content/` of a Hugo site, and each
//! gains five links of the kinds real posts hold: a relative Markdown link, a `ref`, a
//! site-absolute URL, an anchor, an image and an external link, some of them broken.

#[path = "support/gen.rs"]
mod generator;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use quire::library::Library;
use quire::post::Read;
use quire::report::{Checks, findings, findings_with};

/// Posts in the generated site.
const COUNT: usize = 10_000;
/// Samples of a whole check (each takes a few hundred ms: keep the run short).
const SAMPLES: u32 = 10;

static SITE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temp folder");
    std::fs::write(dir.path().join("hugo.toml"), "baseURL = \"https://example.org/\"\n").expect("config written");
    let content = dir.path().join("content");
    let generated = generator::generate(&content, COUNT, 1).expect("posts written");
    let rel: Vec<String> = generated.paths.iter().map(|p| p.strip_prefix(&content).unwrap().display().to_string()).collect();
    for (i, path) in generated.paths.iter().enumerate() {
        let other = &rel[(i * 7919 + 1) % rel.len()];
        let mut links = String::from("\n\n");
        let _ = writeln!(links, "See [a neighbour]({}).", relative(path.parent().unwrap(), &content.join(other)));
        let _ = writeln!(links, "And {{{{< ref \"{other}\" >}}}} and [the list](/posts/) and [a gone page](/nowhere/{i}/).");
        let _ = writeln!(
            links,
            "Back to [the top](#top), a [missing part](#part-{i}), ![a chart](/images/{i}.png) and [Rust](https://www.rust-lang.org)."
        );
        let mut text = std::fs::read_to_string(path).expect("generated post read");
        text.push_str(&links);
        std::fs::write(path, text).expect("links written");
        // An hour old, so the index trusts its entries from the first warm run (the racy rule).
        let file = std::fs::File::options().write(true).open(path).expect("post opened");
        file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).expect("mtime set");
    }
    dir
});

/// The index the warm benches keep between runs, as `quire check` keeps it in the cache folder.
static CACHE: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().expect("a temp folder"));

/// `b` relative to folder `from` (both under the same root).
fn relative(from: &Path, to: &Path) -> String {
    let common = from.ancestors().find(|a| to.starts_with(a)).unwrap_or(Path::new(""));
    let ups = from.strip_prefix(common).unwrap().components().count();
    format!("{}{}", "../".repeat(ups), to.strip_prefix(common).unwrap().display())
}

fn check(links: bool) -> usize {
    let library = Library::open(SITE.path()).expect("the site opens");
    findings(&library, Checks { links, assets: true }).len()
}

/// What `quire check` (with or without `--no-links`) does through its index.
fn check_indexed(links: bool) -> usize {
    let read = if links { Read::Body } else { Read::Checked };
    let (library, mut pending) =
        Library::open_indexed_at(SITE.path(), read, Ok(CACHE.path().join("index.sqlite"))).expect("the site opens");
    let walked = pending.take_walked();
    let index = links.then(|| quire::links::check::Index::scanned(&library, pending.take_scans(), walked));
    let found = findings_with(&library, Checks { links, assets: true }, index.as_ref()).len();
    pending.save();
    found
}

fn main() {
    // Generated before timing starts.
    let (without, with) = (check(false), check(true));
    assert!(with > without + COUNT, "the broken links are found ({without} without, {with} with)");
    // The index written (cold) and read once (warm) before timing: the warm benches read no file.
    for _ in 0..2 {
        assert_eq!((check_indexed(false), check_indexed(true)), (without, with), "the index changes no finding");
    }
    divan::main();
}

/// Open and check, each file's own problems only (`quire check --no-links`).
#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn check_without_links_10000() -> usize {
    check(false)
}

/// Open and check with every link, anchor, ref and file resolved (`quire check`).
#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn check_with_links_10000() -> usize {
    check(true)
}

/// `quire check --no-links` with a warm index: no file read.
#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn check_without_links_10000_warm_index() -> usize {
    check_indexed(false)
}

/// `quire check` with a warm index: each file's links scan from the index, every link resolved.
#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn check_with_links_10000_warm_index() -> usize {
    check_indexed(true)
}
