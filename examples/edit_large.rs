//! How an edit scales with the number of front-matter keys: sets one key of a post with 10,000 and
//! with 100,000 keys (YAML and TOML), through `quire set`'s own path (read, edit, read back, write),
//! and prints the median of five runs (wall clock and this thread's CPU time, which a busy machine
//! does not inflate), the ratio between the sizes (10 means linear), and beside it the reference
//! cost of reading the same post once (`post::parse`), so an edit reads as "N reads".
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

/// CPU time this thread has used (Linux `schedstat`, in nanoseconds); zero elsewhere.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    Duration::from_nanos(stat.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0))
}

/// Median wall-clock and CPU time of `run`, over [`RUNS`] runs.
fn median(mut run: impl FnMut(usize)) -> (Duration, Duration) {
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    for n in 0..RUNS {
        let (start, start_cpu) = (Instant::now(), cpu());
        run(n);
        walls.push(start.elapsed());
        cpus.push(cpu() - start_cpu);
    }
    walls.sort();
    cpus.sort();
    (walls[RUNS / 2], cpus[RUNS / 2])
}

/// (edit wall, edit CPU, read-once CPU) for a post of `keys` keys.
fn measure(keys: usize, toml: bool) -> (Duration, Duration, Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.md");
    let text = post(keys, toml);
    let key = format!("key{}", keys / 2);
    let mut runs = Vec::new();
    for run in 0..RUNS {
        std::fs::write(&path, &text).expect("write");
        let (start, start_cpu) = (Instant::now(), cpu());
        edit_file(&path, None, &[Edit::Set { key: key.clone(), value: format!("edited {run}") }]).expect("edit");
        runs.push((start.elapsed(), cpu() - start_cpu));
    }
    let (_, read_cpu) = median(|_| {
        let stamp = quire::post::FileStamp { modified: None, len: 0, hash: 0 };
        std::hint::black_box(quire::post::parse(path.clone(), text.as_bytes(), stamp));
    });
    runs.sort();
    let wall = runs[RUNS / 2].0;
    let mut cpus: Vec<Duration> = runs.iter().map(|r| r.1).collect();
    cpus.sort();
    (wall, cpus[RUNS / 2], read_cpu)
}

fn main() {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for (name, toml) in [("YAML", false), ("TOML", true)] {
        let (small_wall, small_cpu, small_read) = measure(10_000, toml);
        let (large_wall, large_cpu, large_read) = measure(100_000, toml);
        println!(
            "{name}: 10,000 keys {:.0} ms ({:.0} ms CPU, {:.1} reads), 100,000 keys {:.0} ms ({:.0} ms CPU, {:.1} reads); CPU ratio {:.1} (10 is linear)",
            ms(small_wall),
            ms(small_cpu),
            small_cpu.as_secs_f64() / small_read.as_secs_f64(),
            ms(large_wall),
            ms(large_cpu),
            large_cpu.as_secs_f64() / large_read.as_secs_f64(),
            large_cpu.as_secs_f64() / small_cpu.as_secs_f64()
        );
    }
}
