//! Search per keystroke on a blog, as the TUI's search lane runs it: each query is typed letter
//! by letter and every prefix is searched (a full scan of every body in memory). Prints
//! p50/p95/max per keystroke.
//!
//! `cargo run --release --example search_keys -- DIR [QUERY...]` (DIR e.g. from
//! `cargo run --release --example generate -- /tmp/blog10k 10000`).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use quire::library::Library;
use quire::post::Read;
use quire::search::search;

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
    let library = match Library::open_with(dir.as_ref(), Read::Whole) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    println!("{} posts", library.posts().len());
    for query in &queries {
        let prefixes: Vec<String> = (1..=query.chars().count()).map(|n| query.chars().take(n).collect()).collect();
        let mut scanned = Vec::new();
        for _ in 0..ROUNDS {
            for prefix in &prefixes {
                let start = Instant::now();
                std::hint::black_box(search(library.posts(), prefix));
                scanned.push(start.elapsed());
            }
        }
        let hits = search(library.posts(), query).len();
        report(&format!("{query:?} ({hits} hits)"), scanned);
    }
    ExitCode::SUCCESS
}
