//! Search per keystroke on a blog, as the TUI's search lane runs it (`quire::jobs::search_now`,
//! the word index answering for bodies, the lane's initials kept between keystrokes): each query
//! is typed letter by letter and every prefix is searched among every post, as the TUI sends it.
//! Each keystroke's time includes copying the list of posts sent to the lane (the TUI does that
//! too). Prints p50/p95/max per keystroke; optionally the scan of every body in memory, for
//! comparison. The index is filled first, into `--index FILE` (kept for the next run) or a
//! temporary file; the fill is timed.
//!
//! `cargo run --release --example search_keys -- [--once] [--scan] [--lean] [--index FILE] DIR [QUERY...]`
//! (DIR e.g. from `cargo run --release --example generate -- /tmp/blog10k 10000`; the scan's
//! timings take minutes at 100,000 posts; `--lean` loads the posts as the TUI holds them, without
//! bodies, so the scan and the fill read every file they need). `--once` searches each prefix
//! once, all on one thread, for counting instructions where the machine is too busy for times to
//! mean much: `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='quire::jobs::search_now*'
//! target/release/examples/search_keys --once --index FILE DIR latency quorum`.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use quire::app::Action;
use quire::index::WordIndex;
use quire::jobs::{Search, search_now};
use quire::library::Library;
use quire::post::{Post, Read};
use quire::search::initials::Initials;
use quire::search::search;

/// Times each keystroke of each query this many times (once with `--once`).
const ROUNDS: usize = 5;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<44} p50 {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms  ({} keystrokes)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap()),
        times.len()
    );
}

/// One keystroke through the search lane (`initials` kept from its earlier keystrokes, as the
/// lane keeps them): the posts matched, in the order searched.
fn keystroke(index: &WordIndex, initials: &mut Initials, posts: &[Arc<Post>], query: &str) -> Vec<Arc<Post>> {
    let search = Search { generation: 0, query: query.to_string(), posts: posts.to_vec() };
    let Action::SearchDone { mut hits, .. } = search_now(search, Some(index), initials) else {
        unreachable!("a search answers with its hits")
    };
    hits.sort_by_key(|h| h.order);
    hits.into_iter().map(|h| h.post).collect()
}

/// Times each prefix of `query` typed in turn, `ROUNDS` times.
fn time_typing(index: &WordIndex, initials: &mut Initials, posts: &[Arc<Post>], query: &str, rounds: usize) -> Vec<Duration> {
    let prefixes: Vec<String> = (1..=query.chars().count()).map(|n| query.chars().take(n).collect()).collect();
    let mut times = Vec::new();
    for _ in 0..rounds {
        for prefix in &prefixes {
            let start = Instant::now();
            let matched = keystroke(index, initials, posts, prefix);
            times.push(start.elapsed());
            drop(matched);
        }
    }
    times
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--once") {
        // One thread, the caller's: every instruction of a search runs inside `search_now`.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a thread pool");
        return pool.install(|| run(args[1..].to_vec(), 1));
    }
    run(args, ROUNDS)
}

fn run(args: Vec<String>, rounds: usize) -> ExitCode {
    let mut args = args.into_iter().peekable();
    let scan = args.next_if(|a| a == "--scan").is_some();
    let read = if args.next_if(|a| a == "--lean").is_some() { Read::Measured } else { Read::Whole };
    let keep = args.next_if(|a| a == "--index").and_then(|_| args.next());
    let Some(dir) = args.next() else {
        eprintln!("usage: search_keys [--once] [--scan] [--lean] [--index FILE] DIR [QUERY...]");
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
    let file = keep.map_or_else(|| cache.path().join("index.sqlite"), std::path::PathBuf::from);
    let index = WordIndex::open_file(&file).expect("a word index");
    let start = Instant::now();
    let filled = index.fill(posts).expect("the fill");
    println!("word index filled with {} posts in {:.1} s", filled.written, start.elapsed().as_secs_f64());
    let mut initials = Initials::default();
    for query in &queries {
        let hits = search(posts, query).len();
        assert_eq!(keystroke(&index, &mut initials, posts, query).len(), hits, "the index and the scan find the same posts");
        if scan {
            let prefixes: Vec<String> = (1..=query.chars().count()).map(|n| query.chars().take(n).collect()).collect();
            let mut times = Vec::new();
            for prefix in prefixes.iter().cycle().take(prefixes.len() * rounds) {
                let start = Instant::now();
                std::hint::black_box(search(posts, prefix).len());
                times.push(start.elapsed());
            }
            report(&format!("{query:?} ({hits} hits), scan"), times);
        }
        report(&format!("{query:?} ({hits} hits), index"), time_typing(&index, &mut initials, posts, query, rounds));
    }
    ExitCode::SUCCESS
}
