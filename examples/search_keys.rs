//! Search per keystroke on a blog, as the TUI's search lane runs it: each query is typed letter
//! by letter and every prefix is searched, once by a scan of every body in memory and once with
//! the word index answering for bodies (filled first, into a temporary file; the fill is timed).
//! Prints p50/p95/max per keystroke.
//!
//! `cargo run --release --example search_keys -- [--index-only] [--lean] DIR [QUERY...]` (DIR
//! e.g. from `cargo run --release --example generate -- /tmp/blog10k 10000`; `--index-only` skips
//! the scan's timings, which take minutes at 100,000 posts; `--lean` loads the posts as the TUI
//! holds them, without bodies, so the scan and the fill read every file they need).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use quire::index::WordIndex;
use quire::library::Library;
use quire::post::{Post, Read};
use quire::search::{Hit, body_query, search, search_with};

/// Times each keystroke of each query this many times.
const ROUNDS: usize = 5;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<48} p50 {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms  ({} keystrokes)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap()),
        times.len()
    );
}

/// One keystroke's search with the index answering for bodies, as the search lane does it.
fn indexed(index: &WordIndex, posts: &[Arc<Post>], query: &str) -> Vec<Hit> {
    let answer = body_query(query).and_then(|words| index.answer(posts, &words).ok());
    search_with(posts, query, answer.as_ref())
}

fn time_keys(prefixes: &[String], mut run: impl FnMut(&str) -> usize) -> Vec<Duration> {
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        for prefix in prefixes {
            let start = Instant::now();
            std::hint::black_box(run(prefix));
            times.push(start.elapsed());
        }
    }
    times
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let index_only = args.next_if(|a| a == "--index-only").is_some();
    let read = if args.next_if(|a| a == "--lean").is_some() { Read::Measured } else { Read::Whole };
    let Some(dir) = args.next() else {
        eprintln!("usage: search_keys [--index-only] [--lean] DIR [QUERY...]");
        return ExitCode::FAILURE;
    };
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = ["latency", "widget slowly", "quorum"].map(String::from).to_vec();
    }
    let library = match Library::open_with(dir.as_ref(), read) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let posts = library.posts();
    println!("{} posts", posts.len());
    let cache = tempfile::tempdir().expect("a temporary folder");
    let file = cache.path().join("index.sqlite");
    let index = WordIndex::open_file(&file).expect("a word index");
    let start = Instant::now();
    let filled = index.fill(posts).expect("the fill");
    let size =
        std::fs::metadata(&file).map_or(0, |m| m.len()) + std::fs::metadata(cache.path().join("index.sqlite-wal")).map_or(0, |m| m.len());
    println!("word index filled with {} posts in {:.1} s ({:.1} MB)", filled.written, start.elapsed().as_secs_f64(), size as f64 / 1e6);
    for query in &queries {
        let prefixes: Vec<String> = (1..=query.chars().count()).map(|n| query.chars().take(n).collect()).collect();
        let hits = search(posts, query).len();
        assert_eq!(indexed(&index, posts, query).len(), hits, "the index and the scan find the same posts");
        if !index_only {
            report(&format!("{query:?} ({hits} hits), scan"), time_keys(&prefixes, |q| search(posts, q).len()));
        }
        report(&format!("{query:?} ({hits} hits), index"), time_keys(&prefixes, |q| indexed(&index, posts, q).len()));
    }
    ExitCode::SUCCESS
}
