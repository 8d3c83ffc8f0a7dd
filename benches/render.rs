//! Rendering speed: a 2 KB and a ~200 KB post with code blocks at width 100, syntaxes loaded.
//! `cached` re-renders with highlighted blocks remembered (a resize, a re-visit); `cold` highlights
//! every block again (the first view of a post).

use quire::render::{RenderOptions, RenderStyles, highlight, render_markdown};

const WIDTH: u16 = 100;

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
