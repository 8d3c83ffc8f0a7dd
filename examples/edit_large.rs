//! How an edit scales with the number of front-matter keys: sets one key of a post with 10,000 and
//! with 100,000 keys (YAML and TOML), through `quire set`'s own path (read, edit, read back, write),
//! and prints the median of five runs and the ratio between the sizes (10 means linear).
//!
//! `cargo run --release --example edit_large`

use std::time::{Duration, Instant};

use quire::post::edit::{Edit, edit_file};

/// Runs per figure; the median is printed.
const RUNS: usize = 5;

/// A post with `keys` keys in YAML or TOML, the key to edit in the middle.
fn post(keys: usize, toml: bool) -> String {
    let (fence, sep) = if toml { ("+++", " = ") } else { ("---", ": ") };
    let mut text = format!("{fence}\ntitle{sep}\"Many keys\"\n");
    for i in 0..keys {
        text.push_str(&format!("key{i}{sep}\"value {i}\"\n"));
    }
    text.push_str(&format!("{fence}\n\nBody\n"));
    text
}

fn median(keys: usize, toml: bool) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.md");
    let mut times = Vec::new();
    for run in 0..RUNS {
        std::fs::write(&path, post(keys, toml)).expect("write");
        let key = format!("key{}", keys / 2);
        let start = Instant::now();
        edit_file(&path, None, &[Edit::Set { key, value: format!("edited {run}") }]).expect("edit");
        times.push(start.elapsed());
    }
    times.sort();
    times[RUNS / 2]
}

fn main() {
    for (name, toml) in [("YAML", false), ("TOML", true)] {
        let small = median(10_000, toml);
        let large = median(100_000, toml);
        println!(
            "{name}: 10,000 keys {:.1} ms, 100,000 keys {:.1} ms, ratio {:.1} (10 is linear)",
            small.as_secs_f64() * 1e3,
            large.as_secs_f64() * 1e3,
            large.as_secs_f64() / small.as_secs_f64()
        );
    }
}
