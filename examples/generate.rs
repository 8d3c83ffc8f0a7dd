//! Writes a realistic generated blog for benchmarks and manual testing.
//!
//! `cargo run --example generate -- DIR [COUNT] [SEED]` (defaults: 10,000 posts, seed 1).

#[path = "../benches/support/gen.rs"]
mod generator;

use std::process::ExitCode;

/// Posts written when no count is given.
const DEFAULT_COUNT: usize = 10_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: generate DIR [COUNT] [SEED]");
        return ExitCode::from(2);
    };
    let count = match args.get(1).map(|s| s.parse::<usize>()) {
        None => DEFAULT_COUNT,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("generate: COUNT must be a whole number");
            return ExitCode::from(2);
        }
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match generator::generate(std::path::Path::new(dir), count, seed) {
        Ok(out) => {
            println!("wrote {} posts, {:.1} MB, under {dir}", out.paths.len(), out.bytes as f64 / 1e6);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("generate: cannot write under {dir}: {err}");
            ExitCode::from(2)
        }
    }
}
