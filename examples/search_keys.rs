//! Search per keystroke on a blog, as the TUI's search lane runs it: each query is typed letter
//! by letter and every prefix is searched, through the index (the FTS5 table narrows the bodies
//! scanned) and by a full scan of every body. Prints p50/p95/max per keystroke.
//!
//! `cargo run --release --example search_keys -- DIR [QUERY...]` (DIR e.g. from
//! `cargo run --release --example generate -- /tmp/blog10k 10000`). The index is built in a
//! temporary folder first.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use quire::index::Index;
use quire::library::Library;
use quire::post::Read;
use quire::search::{search, search_with};

/// Times each keystroke of each query this many times.
const ROUNDS: usize = 5;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<40} p50 {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms  ({} keystrokes)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap()),
        times.len()
    );
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: search_keys DIR [QUERY...]");
        return ExitCode::FAILURE;
    };
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = ["latency", "widget slowly", "quorum"].map(String::from).to_vec();
    }
    let cache = tempfile::tempdir().expect("temp folder");
    let file = cache.path().join("index.sqlite");
    let (library, pending) = match Library::open_indexed_at(dir.as_ref(), Read::Whole, Ok(file.clone())) {
        Ok(opened) => opened,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(note) = pending.save() {
        eprintln!("{note}");
        return ExitCode::FAILURE;
    }
    println!("{} posts; index {:.1} MB", library.posts().len(), std::fs::metadata(&file).map_or(0, |m| m.len()) as f64 / 1e6);
    let mut reader = Index::open_reader(&file).expect("index");
    for query in &queries {
        let prefixes: Vec<String> = (1..=query.chars().count()).map(|n| query.chars().take(n).collect()).collect();
        let (mut indexed, mut scanned) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            for prefix in &prefixes {
                let start = Instant::now();
                let matches = reader.body_matches(prefix.trim()).expect("query");
                let hits = search_with(library.posts(), prefix, matches.as_ref());
                indexed.push(start.elapsed());
                let start = Instant::now();
                let full = search(library.posts(), prefix);
                scanned.push(start.elapsed());
                assert_eq!(hits, full, "{prefix:?}");
            }
        }
        let hits = search(library.posts(), query).len();
        report(&format!("{query:?} ({hits} hits) through the index"), indexed);
        report(&format!("{query:?} full scan"), scanned);
    }
    ExitCode::SUCCESS
}
