//! Rendering speed at width 100, syntaxes loaded: issue 14's render targets in-process.
//!
//! - a 2 KB and a ~200 KB post of mixed sections; `cached` re-renders with highlighted blocks
//!   remembered (a resize, a re-visit), `cold` highlights every block again;
//! - the three posts `quire render` is compared with mdcat on (`benches/peers.sh`): a 5 KB post,
//!   the shared 173 KB post and a 200 KB code-heavy one (`benches/support/code_post.rs`), each
//!   plain (`--plain`: no highlighting), in colour (every block highlighted, cold) and as the TUI
//!   opens it (code left for the blocks in view: `render_markdown_deferred`).

#[path = "support/code_post.rs"]
mod code_post;

use quire::render::{RenderOptions, RenderStyles, highlight, render_markdown, render_markdown_deferred};

const WIDTH: u16 = 100;
/// The shared post of issue 14 (skipped when `../shared` is not there).
const SHARED_POST: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/zola-rust-blog/content/Project-Goals-2025-November-Update.md");

fn main() {
    highlight::warm_up();
    divan::main();
}

/// One section of a typical technical post: prose, a list, a table, code in three languages.
fn section(n: usize) -> String {
    format!(
        "## Section {n}: déploiement et 日本語\n\n\
         Some *prose* with **bold**, `inline code`, a [link](https://example.com/{n}) and a footnote[^{n}]. \
         It goes on long enough to wrap a few times at a hundred columns, with accents (é, ü) and emoji 🦀.\n\n\
         - first item that is long enough to wrap onto a second line when the pane is narrow\n\
         - second item\n  - nested item\n\n\
         > A quote with *emphasis* that also wraps when the text is long enough to need it.\n\n\
         | name | value | note |\n|---|--:|---|\n| alpha | {n} | the first |\n| beta | {} | the second one, longer |\n\n\
         ```rust\nfn section_{n}(input: &[u8]) -> Result<usize, Error> {{\n    let mut total = 0;\n    for b in input {{\n        total += usize::from(*b); // sum\n    }}\n    Ok(total)\n}}\n```\n\n\
         ```toml\n[package]\nname = \"demo-{n}\"\nversion = \"0.{n}.0\"\n```\n\n\
         ```sh\nfor f in *.md; do echo \"$f\" | wc -c; done\n```\n\n\
         [^{n}]: A footnote for section {n}.\n\n",
        n * 2
    )
}

fn post(bytes: usize) -> String {
    let mut out = String::from("# A long post\n\n");
    let mut n = 0;
    while out.len() < bytes {
        out.push_str(&section(n));
        n += 1;
    }
    out
}

fn bench(bencher: divan::Bencher, bytes: usize, cold: bool) {
    let markdown = post(bytes);
    let styles = RenderStyles::default();
    bencher.bench(|| {
        if cold {
            highlight::clear_cache();
        }
        render_markdown(divan::black_box(&markdown), &RenderOptions { width: WIDTH, styles: &styles })
    });
}

#[divan::bench]
fn post_2kb_cached(bencher: divan::Bencher) {
    bench(bencher, 2 * 1024, false);
}

#[divan::bench]
fn post_200kb_cached(bencher: divan::Bencher) {
    bench(bencher, 200 * 1024, false);
}

#[divan::bench(sample_count = 20)]
fn post_2kb_cold(bencher: divan::Bencher) {
    bench(bencher, 2 * 1024, true);
}

#[divan::bench(sample_count = 20)]
fn post_200kb_cold(bencher: divan::Bencher) {
    bench(bencher, 200 * 1024, true);
}

/// The render targets' posts: `small_5kb`, `shared_173kb`, `code_200kb`.
const TARGETS: [&str; 3] = ["small_5kb", "shared_173kb", "code_200kb"];

fn target(name: &str) -> String {
    match name {
        "small_5kb" => post(5_000),
        "shared_173kb" => std::fs::read_to_string(SHARED_POST).unwrap_or_default(),
        _ => code_post::code_heavy(200_000),
    }
}

/// How `quire render` is asked to render.
#[derive(Clone, Copy)]
enum Mode {
    /// `--plain`: no highlighting at all.
    Plain,
    /// Colour: every code block highlighted, nothing cached.
    Colour,
    /// The TUI's first view: code blocks left plain until they come into view.
    Deferred,
}

fn bench_target(bencher: divan::Bencher, name: &str, mode: Mode) {
    let markdown = target(name);
    let mut styles = RenderStyles::default();
    if matches!(mode, Mode::Plain) {
        styles.code_theme = highlight::PLAIN_TEXT.to_string();
    }
    bencher.bench(|| {
        let opts = RenderOptions { width: WIDTH, styles: &styles };
        match mode {
            Mode::Deferred => render_markdown_deferred(divan::black_box(&markdown), &opts),
            Mode::Plain => render_markdown(divan::black_box(&markdown), &opts),
            Mode::Colour => {
                highlight::clear_cache();
                render_markdown(divan::black_box(&markdown), &opts)
            }
        }
    });
}

#[divan::bench(args = TARGETS, sample_count = 20)]
fn target_plain(bencher: divan::Bencher, name: &str) {
    bench_target(bencher, name, Mode::Plain);
}

#[divan::bench(args = TARGETS, sample_count = 10)]
fn target_colour_cold(bencher: divan::Bencher, name: &str) {
    bench_target(bencher, name, Mode::Colour);
}

#[divan::bench(args = TARGETS, sample_count = 20)]
fn target_tui_first_view(bencher: divan::Bencher, name: &str) {
    bench_target(bencher, name, Mode::Deferred);
}
