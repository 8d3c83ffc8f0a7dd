//! One debounced batch of file-system events -> the library changes it means.
//!
//! Events say *that* something happened to a path; the disk says what is there now. So each path is
//! looked at once, after the batch: a file that is there is re-read, a path that is gone is removed,
//! a folder that appeared is walked. That makes "the last state of each path wins" free, and turns
//! an editor's save dance (temp file, rename, backup, delete) into one upsert.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode, ModifyKind, RemoveKind, RenameMode};
use notify_debouncer_full::DebouncedEvent;
use rayon::prelude::*;

use crate::library::{self, Change, SKIPPED_DIRS};
use crate::post;

/// Files whose change alters which posts are listed at all: a change means a full rescan.
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

/// What the events of a batch said about one path.
#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    /// Deleted or renamed away at some point.
    gone: bool,
    /// Created or renamed into place at some point.
    appeared: bool,
    /// The OS said it was a folder when it went.
    folder: bool,
}

/// Paths touched by a batch, in the order first seen.
#[derive(Debug, Default)]
struct Touched {
    order: Vec<PathBuf>,
    seen: HashMap<PathBuf, Seen>,
    rescan: bool,
}

impl Touched {
    fn mark(&mut self, path: PathBuf, update: impl FnOnce(&mut Seen)) {
        if !self.seen.contains_key(&path) {
            self.order.push(path.clone());
        }
        update(self.seen.entry(path).or_default());
    }
}

/// Turns debounced events under one library into [`Change`]s.
#[derive(Debug, Clone)]
pub(crate) struct Resolver {
    /// The library root, as the caller gave it (post paths start with it).
    root: PathBuf,
    /// The folder watched: the library's content root, in the caller's form.
    watch_root: PathBuf,
    /// `watch_root` made absolute, as the OS reports event paths.
    absolute_root: PathBuf,
    /// Folders the site publishes as they are, outside `watch_root` (Hugo's and Zola's
    /// `static/`): in the caller's form and absolute. What changes there is never a post.
    assets: Vec<(PathBuf, PathBuf)>,
}

impl Resolver {
    /// A resolver for the library at `root`, whose events arrive as paths under `absolute_root`.
    pub(crate) fn new(root: &Path, watch_root: PathBuf, absolute_root: PathBuf) -> Resolver {
        Resolver { root: root.to_path_buf(), watch_root, absolute_root, assets: Vec::new() }
    }

    /// The same, also reporting files in these folders (caller's form, absolute) as written or removed.
    pub(crate) fn with_assets(mut self, assets: Vec<(PathBuf, PathBuf)>) -> Resolver {
        self.assets = assets;
        self
    }

    /// Files changed in the asset folders: [`Change::Written`], or [`Change::Remove`] when gone.
    fn asset_changes(&self, events: &[DebouncedEvent]) -> Vec<Change> {
        let mut seen = HashSet::new();
        let mut changes = Vec::new();
        for event in events {
            if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write)) {
                continue;
            }
            for path in event.paths.iter().filter_map(|p| self.asset(p)) {
                if !seen.insert(path.clone()) {
                    continue;
                }
                let temp = path.file_name().and_then(|n| n.to_str()).is_some_and(is_editor_temp);
                if temp {
                    continue;
                }
                changes.push(if path.exists() { Change::Written(path) } else { Change::Remove(path) });
            }
        }
        changes
    }

    /// An event path in an asset folder, in the caller's form; `None` elsewhere or in a hidden folder.
    fn asset(&self, path: &Path) -> Option<PathBuf> {
        self.assets.iter().find_map(|(local, absolute)| {
            let rel = path.strip_prefix(absolute).ok()?;
            let hidden =
                rel.parent().is_some_and(|dir| dir.components().any(|c| c.as_os_str().to_str().is_some_and(|n| n.starts_with('.'))));
            (!hidden).then(|| local.join(rel))
        })
    }

    /// The folder being watched, in the caller's form.
    pub(crate) fn watch_root(&self) -> &Path {
        &self.watch_root
    }

    /// The changes a batch of events means, reading and parsing changed posts in parallel.
    /// Removals come first so that a folder replaced in one batch loses its old posts, then gains
    /// the new; files that are not posts and new folders are reported as [`Change::Written`].
    pub(crate) fn resolve(&self, events: &[DebouncedEvent]) -> Vec<Change> {
        let touched = self.touched(events);
        if touched.rescan || touched.order.iter().any(|p| self.is_ignore_file(p)) {
            return vec![Change::Rescan];
        }
        let mut listings = Listings::default();
        let mut removes = Vec::new();
        let mut written = Vec::new();
        let mut files = Vec::new();
        for path in &touched.order {
            let seen = touched.seen.get(path).copied().unwrap_or_default();
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    if (seen.gone || seen.appeared) && self.in_library_dirs(path) && listings.admits(&self.watch_root, path) {
                        if seen.gone {
                            removes.push(Change::Remove(path.clone()));
                        }
                        // Its other files (a bundle's pictures) are news to whatever shows them.
                        written.push(Change::Written(path.clone()));
                        files.extend(walk_folder(path).filter(|p| library::is_post_path(&self.root, p)));
                    }
                }
                Ok(_) if library::is_post_path(&self.root, path) => {
                    if listings.admits(&self.watch_root, path) {
                        files.push(path.clone());
                    }
                }
                Ok(_) => {
                    if !path.file_name().and_then(|n| n.to_str()).is_some_and(is_editor_temp) {
                        written.push(Change::Written(path.clone()));
                    }
                }
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    if self.may_have_held_posts(path, seen) {
                        removes.push(Change::Remove(path.clone()));
                    }
                }
                // There but unreadable: listed with the problem, as a full load would list it.
                Err(_) if library::is_post_path(&self.root, path) => files.push(path.clone()),
                Err(_) => {}
            }
        }
        files.sort();
        files.dedup();
        removes.extend(written);
        removes.extend(self.asset_changes(events));
        removes.extend(load_all(&files));
        removes
    }

    /// Collects what the events said about each path, dropping events that change nothing on disk.
    fn touched(&self, events: &[DebouncedEvent]) -> Touched {
        let mut touched = Touched::default();
        for event in events {
            if event.need_rescan() {
                touched.rescan = true;
                continue;
            }
            let paths = || event.paths.iter().filter_map(|p| self.local(p));
            match event.kind {
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
                    // Either end may lie outside the watched folder (moved in from, or out to, elsewhere).
                    if let Some(from) = event.paths.first().and_then(|p| self.local(p)) {
                        touched.mark(from, |s| s.gone = true);
                    }
                    if let Some(to) = event.paths.get(1).and_then(|p| self.local(p)) {
                        touched.mark(to, |s| s.appeared = true);
                    }
                }
                EventKind::Modify(ModifyKind::Name(RenameMode::From)) => paths().for_each(|p| touched.mark(p, |s| s.gone = true)),
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => {
                    paths().for_each(|p| touched.mark(p, |s| s.appeared = true))
                }
                EventKind::Remove(kind) => paths().for_each(|p| {
                    touched.mark(p, |s| {
                        s.gone = true;
                        s.folder |= kind == RemoveKind::Folder;
                    })
                }),
                // Opening and reading (ours included: loading a post opens it) changes nothing.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) | EventKind::Modify(_) | EventKind::Any | EventKind::Other => {
                    paths().for_each(|p| touched.mark(p, |_| {}))
                }
                EventKind::Access(_) => {}
            }
        }
        touched
    }

    /// An event path (absolute) in the caller's form, or `None` when it is outside the watched folder
    /// or inside a hidden or generated one (`.git/` alone sees thousands of events in a checkout).
    fn local(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.absolute_root).ok()?;
        if rel.as_os_str().is_empty() {
            return Some(self.watch_root.clone());
        }
        let local = self.watch_root.join(rel);
        local.parent().is_some_and(|dir| self.in_library_dirs(dir)).then_some(local)
    }

    /// Whether no folder between the root and `dir` (itself included) is hidden or generated output.
    fn in_library_dirs(&self, dir: &Path) -> bool {
        let Ok(rel) = dir.strip_prefix(&self.root) else {
            return false;
        };
        rel.components().all(|c| match c {
            Component::Normal(name) => !name.to_str().is_some_and(|n| n.starts_with('.') || SKIPPED_DIRS.contains(&n)),
            _ => true,
        })
    }

    /// Whether a path that is gone now could have been a post or a folder of posts. Without the file
    /// there is no telling a folder from a file, so anything that is not an editor's temp file counts:
    /// removing a path that held no post is harmless.
    fn may_have_held_posts(&self, path: &Path, seen: Seen) -> bool {
        if path == self.watch_root {
            // The watcher reports a vanished root as an error and keeps the posts on screen.
            return false;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        library::is_post_path(&self.root, path) || (self.in_library_dirs(path) && (seen.folder || !is_editor_temp(name)))
    }

    fn is_ignore_file(&self, path: &Path) -> bool {
        path.file_name().and_then(|n| n.to_str()).is_some_and(|n| IGNORE_FILES.contains(&n))
            && self.in_library_dirs(path.parent().unwrap_or(path))
    }
}

/// Names editors use for swap, backup, lock and probe files; never posts, never folders of posts.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    const TEMP_SUFFIXES: [&str; 7] = ["~", ".swp", ".swx", ".swo", ".tmp", ".kate-swp", "___jb_tmp___"];
    name.starts_with('.')
        || name.starts_with('#')
        || TEMP_SUFFIXES.iter().any(|s| name.ends_with(s))
        || name.ends_with("___jb_old___")
        || is_vim_probe(name)
}

/// vim writes a file named 4913 (or 5036, 5159, ...) to test whether it may write in a folder.
fn is_vim_probe(name: &str) -> bool {
    const FIRST: u64 = 4913;
    const STEP: u64 = 123;
    name.bytes().all(|b| b.is_ascii_digit()) && name.parse::<u64>().is_ok_and(|n| n >= FIRST && (n - FIRST).is_multiple_of(STEP))
}

/// Reads and parses posts in parallel. A file gone by the time it is read becomes a removal.
fn load_all(files: &[PathBuf]) -> Vec<Change> {
    files
        .par_iter()
        .map(|path| {
            let post = post::load(path);
            if path.exists() { Change::Upsert(post) } else { Change::Remove(path.clone()) }
        })
        .collect()
}

/// What the library's walker would list in each folder, read once per batch. Used to hold single
/// changed files to the same `.gitignore` rules as [`library::discover`].
#[derive(Debug, Default)]
struct Listings {
    by_dir: HashMap<PathBuf, HashSet<OsString>>,
}

impl Listings {
    /// Whether the walker, started at `top`, would reach `path`: every step from `top` down is listed.
    fn admits(&mut self, top: &Path, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(top) else {
            return false;
        };
        let mut dir = top.to_path_buf();
        for part in rel.components() {
            if !self.listing(&dir).contains(part.as_os_str()) {
                return false;
            }
            dir.push(part);
        }
        true
    }

    fn listing(&mut self, dir: &Path) -> &HashSet<OsString> {
        self.by_dir.entry(dir.to_path_buf()).or_insert_with(|| walk_one_level(dir))
    }
}

/// The names in `dir` that the library's walker would visit (hidden files and `.gitignore`d names are not).
fn walk_one_level(dir: &Path) -> HashSet<OsString> {
    walker(dir).max_depth(Some(1)).build().filter_map(Result::ok).filter(|e| e.depth() == 1).map(|e| e.file_name().to_os_string()).collect()
}

/// Every file under a folder that just appeared, by the walker's rules.
fn walk_folder(dir: &Path) -> impl Iterator<Item = PathBuf> {
    walker(dir).build().filter_map(Result::ok).filter(|e| e.file_type().is_some_and(|t| t.is_file())).map(ignore::DirEntry::into_path)
}

/// A walker with the library's rules, rooted at any folder. (Calling `discover` on a subfolder would
/// treat it as a site root: its README would vanish, a `content/` in it would be taken for the posts.)
fn walker(dir: &Path) -> ignore::WalkBuilder {
    let mut builder = crate::library::walk_rules(dir);
    builder.filter_entry(|entry| {
        !(entry.file_type().is_some_and(|t| t.is_dir())
            && entry.depth() > 0
            && entry.file_name().to_str().is_some_and(|n| SKIPPED_DIRS.contains(&n)))
    });
    builder
}

#[cfg(test)]
mod tests;
