//! Writes the code-heavy post `quire render` is measured on (issue 14's third render target).
//!
//! `cargo run --release --example code_post -- FILE [BYTES]` (default 200,000 bytes; the same
//! bytes on every run).

#[path = "../benches/support/code_post.rs"]
mod code_post;

use std::process::ExitCode;

/// Size written when none is given.
const DEFAULT_BYTES: usize = 200_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: code_post FILE [BYTES]");
        return ExitCode::from(2);
    };
    let Ok(bytes) = args.get(1).map_or(Ok(DEFAULT_BYTES), |s| s.parse::<usize>()) else {
        eprintln!("code_post: BYTES must be a whole number");
        return ExitCode::from(2);
    };
    let post = format!("---\ntitle: Notes from a year of production code\ndate: 2026-01-02\n---\n{}", code_post::code_heavy(bytes));
    match std::fs::write(file, &post) {
        Ok(()) => {
            println!("wrote {} bytes to {file}", post.len());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("code_post: cannot write {file}: {err}");
            ExitCode::from(2)
        }
    }
}
