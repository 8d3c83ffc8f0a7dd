//! Measures live reload: file written -> library updated.
//!
//! 1. A small blog (the Hugo sample corpus copied to a temp folder, or 200 generated posts when
//!    `../shared` is absent): one post saved 20 times, median and worst latency.
//! 2. A 10,000-post blog where 1,000 files change at once like a `git checkout` (800 edited, 100 added,
//!    100 deleted): time from the last write to the library being right, batches, longest `apply`.
//!
//! Run: `cargo run --example watch_latency [SMALL_BLOG_DIR]` (add `--release` for optimised figures).
//! SMALL_BLOG_DIR defaults to `../shared/corpora/hugo-javabien`; it is copied, never changed.
//! `QUIRE_DEBOUNCE_MS` measures another debounce (the TUI's config default is 75 ms).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use quire::library::Library;
use quire::watch::{DEFAULT_DEBOUNCE, WatchEvent, Watcher};

const SAVES: usize = 20;
// Jekyll keeps every post in one `_posts/`; years of posts make folders of a thousand.
const BIG_FOLDERS: usize = 10;
const POSTS_PER_FOLDER: usize = 1000;
const EDITED: usize = 800;
const ADDED: usize = 100;
const DELETED: usize = 100;
/// Give up on a measurement after this long: something is broken.
const GIVE_UP: Duration = Duration::from_secs(60);

fn main() -> anyhow::Result<()> {
    println!("debounce: {} ms", debounce().as_millis());
    small_blog()?;
    big_checkout()?;
    Ok(())
}

/// The watcher's default, or `QUIRE_DEBOUNCE_MS`.
fn debounce() -> Duration {
    std::env::var("QUIRE_DEBOUNCE_MS").ok().and_then(|ms| ms.parse().ok()).map_or(DEFAULT_DEBOUNCE, Duration::from_millis)
}

/// One post saved repeatedly in a small blog.
fn small_blog() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("blog");
    let corpus = std::env::args_os()
        .nth(1)
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/hugo-javabien"), PathBuf::from);
    if corpus.is_dir() {
        copy_dir(&corpus, &root)?;
    } else {
        println!("{} not found: using 200 generated posts", corpus.display());
        (0..200).try_for_each(|i| write_post(&root.join(format!("content/{i:03}.md")), &format!("Post {i}"), ""))?;
    }
    let (watcher, events) = watch(&root)?;
    let mut library = Library::open(&root)?;
    let target = library.posts().first().map(|p| p.path.clone()).ok_or_else(|| anyhow::anyhow!("no posts"))?;
    let original = std::fs::read_to_string(&target)?;
    let mut latencies = Vec::with_capacity(SAVES);
    for i in 0..SAVES {
        let text = format!("{original}\n<!-- save {i} -->\n");
        std::fs::write(&target, &text)?;
        let written = Instant::now();
        let hash = quire::post::content_hash(text.as_bytes());
        wait(&events, &mut library, |lib| lib.posts().iter().any(|p| p.path == target && p.stamp.hash == hash))?;
        latencies.push(written.elapsed());
    }
    drop(watcher);
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "small blog ({} posts): write -> library updated, {SAVES} saves: median {:.0} ms, min {:.0} ms, max {:.0} ms",
        library.posts().len(),
        ms(latencies[SAVES / 2]),
        ms(latencies[0]),
        ms(latencies[SAVES - 1])
    );
    Ok(())
}

/// A 1,000-file change in a 10,000-post blog.
fn big_checkout() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("blog");
    let started = Instant::now();
    let paths: Vec<PathBuf> = (0..BIG_FOLDERS * POSTS_PER_FOLDER)
        .map(|i| root.join(format!("{:02}/2024-01-{:04}.md", i / POSTS_PER_FOLDER, i % POSTS_PER_FOLDER)))
        .collect();
    for (i, path) in paths.iter().enumerate() {
        write_post(path, &format!("Post {i}"), "")?;
    }
    let (watcher, events) = watch(&root)?;
    let opened = Instant::now();
    let mut library = Library::open(&root)?;
    println!(
        "big blog: {} posts written in {:.1} s, opened in {:.0} ms",
        library.posts().len(),
        (opened - started).as_secs_f64(),
        opened.elapsed().as_secs_f64() * 1000.0
    );
    let mut expected: HashMap<PathBuf, String> = library.posts().iter().map(|p| (p.path.clone(), p.title.clone())).collect();
    // Spread the change over every folder, as a checkout of another branch does.
    let step = paths.len() / (EDITED + DELETED);
    let chosen: Vec<&PathBuf> = paths.iter().step_by(step).take(EDITED + DELETED).collect();
    let write_start = Instant::now();
    for (n, path) in chosen.iter().enumerate() {
        if n < EDITED {
            let title = format!("Edited {n}");
            write_post(path, &title, "\nA changed paragraph.\n")?;
            expected.insert(path.to_path_buf(), title);
        } else {
            std::fs::remove_file(path)?;
            expected.remove(*path);
        }
    }
    for n in 0..ADDED {
        let path = root.join(format!("new/{n:03}.md"));
        write_post(&path, &format!("New {n}"), "")?;
        expected.insert(path, format!("New {n}"));
    }
    let last_write = Instant::now();
    let stats = wait(&events, &mut library, |lib| {
        lib.posts().len() == expected.len() && lib.posts().iter().all(|p| expected.get(&p.path) == Some(&p.title))
    })?;
    let done = last_write.elapsed();
    let one = &paths[1];
    write_post(one, "Saved once more", "")?;
    let saved = Instant::now();
    wait(&events, &mut library, |lib| lib.posts().iter().any(|p| &p.path == one && p.title == "Saved once more"))?;
    let single = saved.elapsed();
    drop(watcher);
    println!(
        "big blog: {} file changes written in {:.0} ms; last write -> library right: {:.0} ms; {} batch(es); longest apply on the caller's thread: {:.1} ms",
        EDITED + ADDED + DELETED,
        (last_write - write_start).as_secs_f64() * 1000.0,
        done.as_secs_f64() * 1000.0,
        stats.batches,
        stats.longest_apply.as_secs_f64() * 1000.0
    );
    println!("big blog: one save in a folder of {POSTS_PER_FOLDER} posts -> library updated: {:.0} ms", single.as_secs_f64() * 1000.0);
    Ok(())
}

struct Stats {
    batches: usize,
    longest_apply: Duration,
}

fn watch(root: &Path) -> anyhow::Result<(Watcher, Receiver<WatchEvent>)> {
    let (tx, rx) = mpsc::channel();
    let watcher = Watcher::start(root, debounce(), move |e| {
        let _ = tx.send(e);
    })?;
    Ok((watcher, rx))
}

/// Applies batches as the app would until `done`; reports batches and the longest apply.
fn wait(events: &Receiver<WatchEvent>, library: &mut Library, done: impl Fn(&Library) -> bool) -> anyhow::Result<Stats> {
    let mut stats = Stats { batches: 0, longest_apply: Duration::ZERO };
    let deadline = Instant::now() + GIVE_UP;
    while !done(library) {
        match events.recv_timeout(deadline.saturating_duration_since(Instant::now()))? {
            WatchEvent::Changes(changes) => {
                let start = Instant::now();
                library.apply(changes);
                stats.longest_apply = stats.longest_apply.max(start.elapsed());
                stats.batches += 1;
            }
            WatchEvent::Error(message) => anyhow::bail!("watcher error: {message}"),
        }
    }
    Ok(stats)
}

fn write_post(path: &Path, title: &str, extra: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, format!("---\ntitle: {title}\ndate: 2024-01-01\ntags: [a, b]\n---\nSome words about {title}.\n{extra}"))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            // The corpus is read-only; the copy must be writable to be edited.
            let mut perms = std::fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms)?;
        }
    }
    Ok(())
}
