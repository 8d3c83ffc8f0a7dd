//! Issue 11's race: while a writer appends a line every 2 ms (2,000 lines), `quire set`'s edit of
//! the title runs in a loop on the same post. Prints how many edits were made, how many were
//! refused as conflicts, and how many appended lines were lost without a conflict (the target is
//! fewer than 5; it should be 0).
//!
//! `cargo run --release --example concurrent_edit`

use std::io::Write;
use std::time::Duration;

use quire::post::edit::{Edit, EditError, edit_file};

/// Lines the other writer appends.
const LINES: usize = 2_000;
/// Pause between two of its lines.
const PAUSE: Duration = Duration::from_millis(2);

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("post.md");
    std::fs::write(&path, "---\ntitle: T0\ndate: 2024-01-01\n---\n\nBody\n").expect("write");
    let writer = {
        let path = path.clone();
        std::thread::spawn(move || {
            for i in 0..LINES {
                let mut file = std::fs::OpenOptions::new().append(true).open(&path).expect("open for append");
                writeln!(file, "appended line {i}").expect("append");
                drop(file);
                std::thread::sleep(PAUSE);
            }
        })
    };
    let (mut edits, mut conflicts, mut other) = (0usize, 0usize, 0usize);
    let mut n = 0;
    while !writer.is_finished() {
        n += 1;
        match edit_file(&path, None, &[Edit::Set { key: "title".into(), value: format!("T{n}") }]) {
            Ok(_) => edits += 1,
            Err(EditError::Conflict(_)) => conflicts += 1,
            Err(err) => {
                other += 1;
                eprintln!("{err}");
            }
        }
    }
    writer.join().expect("writer");
    let text = std::fs::read_to_string(&path).expect("read");
    let kept = (0..LINES).filter(|i| text.contains(&format!("appended line {i}\n"))).count();
    println!("{edits} edits, {conflicts} conflicts, {other} other errors; {} of {LINES} appended lines lost", LINES - kept);
}
