//! Peak memory of loading a blog: generates 10,000 posts in a temp folder (or reads DIR), opens
//! the library, and prints the resident set before and after from `/proc/self/status`.
//!
//! `cargo run --release --example memory [-- DIR]`

#[path = "../benches/support/gen.rs"]
mod generator;

use std::process::ExitCode;
use std::time::Instant;

/// Posts generated when no folder is given.
const POSTS: usize = 10_000;

/// A `/proc/self/status` field in kB (Linux only).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(|| "n/a".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0))
}

fn main() -> ExitCode {
    let temp;
    let dir = match std::env::args().nth(1) {
        Some(dir) => std::path::PathBuf::from(dir),
        None => {
            temp = match tempfile::tempdir() {
                Ok(t) => t,
                Err(err) => {
                    eprintln!("memory: cannot create a temp folder: {err}");
                    return ExitCode::from(2);
                }
            };
            if let Err(err) = generator::generate(temp.path(), POSTS, 1) {
                eprintln!("memory: cannot generate posts: {err}");
                return ExitCode::from(2);
            }
            temp.path().to_path_buf()
        }
    };
    let before = status_kb("VmHWM:");
    let start = Instant::now();
    let library = match quire::library::Library::open(&dir) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("memory: {err}");
            return ExitCode::from(2);
        }
    };
    let elapsed = start.elapsed();
    println!("posts loaded:        {}", library.posts().len());
    println!("load time:           {:.0} ms", elapsed.as_secs_f64() * 1000.0);
    println!("peak RSS before load: {}", mb(before));
    println!("peak RSS after load:  {}", mb(status_kb("VmHWM:")));
    println!("RSS now:              {}", mb(status_kb("VmRSS:")));
    ExitCode::SUCCESS
}
