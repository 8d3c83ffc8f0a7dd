//! What every integration test may need: the shared test data beside the crate.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `<crate>/../shared` (seeds and real blogs); `QUIRE_SHARED_DIR` points elsewhere when the crate
/// is checked out on its own.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("QUIRE_SHARED_DIR").map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"), PathBuf::from)
}

/// [`shared_dir`] when it is there; otherwise says the test is skipped.
pub fn shared() -> Option<PathBuf> {
    let dir = shared_dir();
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping: ../shared not found");
        None
    }
}

/// Every Markdown (or seed `.txt`) file under `dir`, sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md" || e == "markdown" || e == "txt") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Everything a list shows of a post, as text (Value has no Eq; its Debug is exact).
pub fn listed(post: &quire::post::Post) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {}",
        post.path,
        post.title,
        post.kind,
        post.date,
        post.tags,
        post.categories,
        post.status,
        post.description,
        post.authors,
        post.fields(),
        post.format,
        post.problems,
        post.stamp.len
    )
}
