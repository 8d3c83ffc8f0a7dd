//! Live reload: notify + a debouncer -> batches of library [`Change`]s, delivered from a background thread.
//!
//! The OS reports raw events; `notify-debouncer-full` stitches renames and holds events for the
//! debounce time; this module then coalesces the debouncer's ticks while a burst (a `git checkout`)
//! is still arriving, looks at the disk once per touched path, parses changed posts in parallel, and
//! hands the caller one batch. The caller's thread never reads a file.
//!
//! Start the watcher *before* opening the library, so nothing written in between is missed.

mod batch;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

pub use crate::library::{Applied, Change};
use batch::Resolver;

/// How long a path must be quiet before its events are delivered. With the debouncer's tick
/// (a quarter of this) and the burst gap below, a saved file reaches the caller in about 90 ms.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(50);
/// Shorter debounces would make the debouncer's timer thread spin.
const MIN_DEBOUNCE: Duration = Duration::from_millis(10);
/// The debouncer checks for ripe events this many times per debounce period.
const TICKS_PER_DEBOUNCE: u32 = 4;
/// A burst is over when no debounced events arrived for this many ticks.
const BURST_GAP_TICKS: u32 = 2;
/// A burst that never pauses is still delivered this often, so the screen keeps up.
const MAX_BURST: Duration = Duration::from_secs(1);
/// Folders beside the content folder that Hugo and Zola publish as they are (images live there).
const ASSET_DIRS: [&str; 2] = ["static", "assets"];
/// Linux's errno for "too many open files": the per-user limit on inotify instances.
const EMFILE: i32 = 24;
/// The advice for the inotify watch limit, in every message about it.
const RAISE_WATCH_LIMIT: &str = "raise it with `sudo sysctl fs.inotify.max_user_watches=524288` (add it to /etc/sysctl.conf to keep it)";

/// What the watcher tells the app.
#[derive(Debug, Clone)]
pub enum WatchEvent {
    /// One debounced batch, in order; apply it with [`crate::library::Library::apply`].
    Changes(Vec<Change>),
    /// A problem while watching: the folder vanished, the OS watch limit was hit, ...
    Error(WatchTrouble),
}

/// A problem met while watching (the watch itself started); each says what it means for live
/// reload and what to do, in one sentence for the status line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WatchTrouble {
    /// The OS limit on watched folders was reached: new folders are not watched.
    #[error("live reload misses some folders: the system limit on watched folders was reached; {RAISE_WATCH_LIMIT}")]
    WatchLimit,
    /// The OS limit on open files (inotify instances) was reached.
    #[error("live reload stopped: too many open files; raise `fs.inotify.max_user_instances` or close other watchers")]
    TooManyOpenFiles,
    /// Reading the OS's notifications failed.
    #[error("live reload of {} failed: {reason}; press r to reload by hand", root.display())]
    Io {
        /// The folder watched.
        root: PathBuf,
        /// What the OS said, as one phrase.
        reason: String,
    },
    /// The watched folder was removed or moved away.
    #[error("{} was removed or moved: live reload stopped; press r to reload once it is back", root.display())]
    Removed {
        /// The folder watched.
        root: PathBuf,
    },
    /// Anything else the watcher reported.
    #[error("live reload failed: {reason}; press r to reload by hand")]
    Other {
        /// The watcher's own words.
        reason: String,
    },
}

/// Why watching could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WatchError {
    /// The folder is missing or unreadable, or the OS refused to watch it.
    #[error("cannot watch {}: {reason}", path.display())]
    Unavailable {
        /// The folder given.
        path: PathBuf,
        /// What went wrong, as one phrase.
        reason: String,
    },
    /// The OS limit on watched folders was reached.
    #[error("too many folders to watch for live reload: the system limit was reached; {RAISE_WATCH_LIMIT}")]
    WatchLimit,
}

/// A running watch on one library folder; dropping it stops watching and no more events are delivered.
pub struct Watcher {
    // `Drop` closes the gate first; the debouncer (and the OS watch) stop as the fields drop after.
    gate: Arc<Gate>,
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

impl Watcher {
    /// Watches `root` recursively; calls `sink` from a background thread with each batch.
    /// `root` is the library root (the content root under it is what is watched, as `discover` walks).
    pub fn start(root: &Path, debounce: Duration, sink: impl Fn(WatchEvent) + Send + 'static) -> Result<Watcher, WatchError> {
        let watch_root = crate::library::content_root(root);
        let unavailable = |reason: String| WatchError::Unavailable { path: watch_root.clone(), reason };
        match std::fs::metadata(&watch_root) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(unavailable("not a folder".into())),
            Err(err) => return Err(unavailable(crate::post::io_reason(&err))),
        }
        let absolute_root = std::path::absolute(&watch_root).map_err(|e| unavailable(crate::post::io_reason(&e)))?;
        let debounce = debounce.max(MIN_DEBOUNCE);
        let tick = debounce / TICKS_PER_DEBOUNCE;
        let (tx, rx) = mpsc::channel();
        let mut debouncer = new_debouncer(debounce, Some(tick), tx).map_err(|e| start_error(&watch_root, e))?;
        debouncer.watch(&absolute_root, RecursiveMode::Recursive).map_err(|e| start_error(&watch_root, e))?;
        let mut assets = Vec::new();
        if watch_root != root {
            // Pictures under `static/` are outside the content folder: watched too, for the reading pane.
            for folder in ASSET_DIRS.iter().map(|d| root.join(d)).filter(|d| d.is_dir()) {
                let Ok(absolute) = std::path::absolute(&folder) else { continue };
                // Not being able to watch one only costs its pictures' live refresh.
                if debouncer.watch(&absolute, RecursiveMode::Recursive).is_ok() {
                    assets.push((folder, absolute));
                }
            }
        }
        let gate = Arc::new(Gate::default());
        let resolver = Resolver::new(root, watch_root.clone(), absolute_root).with_assets(assets);
        let worker = Worker { resolver, gate: Arc::clone(&gate), sink };
        std::thread::Builder::new()
            .name("quire-watch".into())
            .spawn(move || worker.run(&rx, tick * BURST_GAP_TICKS))
            .map_err(|e| unavailable(crate::post::io_reason(&e)))?;
        Ok(Watcher { gate, _debouncer: debouncer })
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.gate.close();
    }
}

/// Lets the worker deliver only while the [`Watcher`] lives. Closing waits for a delivery in progress,
/// so after `drop` returns the sink is never called again.
#[derive(Debug)]
struct Gate {
    open: Mutex<bool>,
}

impl Default for Gate {
    fn default() -> Self {
        Gate { open: Mutex::new(true) }
    }
}

impl Gate {
    fn close(&self) {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner) = false;
    }

    /// Runs `deliver` if still open; returns whether it was.
    fn pass(&self, deliver: impl FnOnce()) -> bool {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if *open {
            deliver();
        }
        *open
    }
}

/// The background thread: gathers the debouncer's output into batches, resolves, delivers.
struct Worker<F> {
    resolver: Resolver,
    gate: Arc<Gate>,
    sink: F,
}

impl<F: Fn(WatchEvent)> Worker<F> {
    /// Loops until the debouncer stops (its sender drops) or the watcher is dropped.
    fn run(self, rx: &Receiver<DebounceEventResult>, gap: Duration) {
        let mut root_reported = false;
        while let Ok(first) = rx.recv() {
            let (events, errors) = gather(first, rx, gap);
            let changes = self.resolver.resolve(&events);
            if !changes.is_empty() && !self.deliver(WatchEvent::Changes(changes)) {
                return;
            }
            let root = self.resolver.watch_root();
            let mut troubles: Vec<WatchTrouble> = errors.iter().map(|e| trouble(root, e)).collect();
            troubles.dedup();
            if !root_reported && !root.is_dir() {
                root_reported = true;
                troubles.retain(|t| !matches!(t, WatchTrouble::Removed { .. }));
                troubles.push(WatchTrouble::Removed { root: root.to_path_buf() });
            }
            if !troubles.into_iter().all(|t| self.deliver(WatchEvent::Error(t))) {
                return;
            }
        }
    }

    fn deliver(&self, event: WatchEvent) -> bool {
        self.gate.pass(|| (self.sink)(event))
    }
}

/// Takes debouncer output until it pauses for `gap` (or [`MAX_BURST`] has passed), so a burst of
/// writes spread over many debouncer ticks arrives as one batch.
fn gather(first: DebounceEventResult, rx: &Receiver<DebounceEventResult>, gap: Duration) -> (Vec<DebouncedEvent>, Vec<notify::Error>) {
    let (mut events, mut errors) = (Vec::new(), Vec::new());
    let mut take = |result: DebounceEventResult| match result {
        Ok(batch) => events.extend(batch),
        Err(errs) => errors.extend(errs),
    };
    take(first);
    let deadline = Instant::now() + MAX_BURST;
    loop {
        let wait = gap.min(deadline.saturating_duration_since(Instant::now()));
        match rx.recv_timeout(wait) {
            Ok(result) => take(result),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    (events, errors)
}

/// What an error reported while watching means.
fn trouble(root: &Path, err: &notify::Error) -> WatchTrouble {
    match &err.kind {
        notify::ErrorKind::MaxFilesWatch => WatchTrouble::WatchLimit,
        notify::ErrorKind::Io(io) if io.raw_os_error() == Some(EMFILE) => WatchTrouble::TooManyOpenFiles,
        notify::ErrorKind::Io(io) => WatchTrouble::Io { root: root.to_path_buf(), reason: crate::post::io_reason(io) },
        notify::ErrorKind::PathNotFound => WatchTrouble::Removed { root: root.to_path_buf() },
        _ => WatchTrouble::Other { reason: err.to_string() },
    }
}

/// The error for a watch that could not start.
fn start_error(root: &Path, err: notify::Error) -> WatchError {
    match err.kind {
        notify::ErrorKind::MaxFilesWatch => WatchError::WatchLimit,
        notify::ErrorKind::Io(io) if io.raw_os_error() == Some(EMFILE) => WatchError::Unavailable {
            path: root.to_path_buf(),
            reason: "too many open files (raise `fs.inotify.max_user_instances`)".into(),
        },
        notify::ErrorKind::Io(io) => WatchError::Unavailable { path: root.to_path_buf(), reason: crate::post::io_reason(&io) },
        other => WatchError::Unavailable { path: root.to_path_buf(), reason: notify::Error::new(other).to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hitting_the_watch_limit_says_how_to_raise_it() {
        let trouble = trouble(Path::new("/blog"), &notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        assert_eq!(trouble, WatchTrouble::WatchLimit);
        let message = trouble.to_string();
        assert!(message.contains("fs.inotify.max_user_watches="), "{message}");
        assert!(WatchError::WatchLimit.to_string().contains("sudo sysctl fs.inotify.max_user_watches="));
    }

    #[test]
    fn a_closed_gate_delivers_nothing() {
        let gate = Gate::default();
        let mut delivered = 0;
        assert!(gate.pass(|| delivered += 1));
        gate.close();
        assert!(!gate.pass(|| delivered += 1));
        assert_eq!(delivered, 1);
    }

    #[test]
    fn debouncer_ticks_already_waiting_are_gathered_into_one_batch() {
        let (tx, rx) = mpsc::channel();
        let event =
            |name: &str| DebouncedEvent::new(notify::Event::new(notify::EventKind::Any).add_path(PathBuf::from(name)), Instant::now());
        tx.send(Ok(vec![event("b.md")])).expect("send");
        tx.send(Err(vec![notify::Error::new(notify::ErrorKind::MaxFilesWatch)])).expect("send");
        tx.send(Ok(vec![event("c.md"), event("d.md")])).expect("send");
        let (events, errors) = gather(Ok(vec![event("a.md")]), &rx, Duration::from_millis(1));
        let names: Vec<String> = events.iter().map(|e| e.paths[0].display().to_string()).collect();
        assert_eq!(names, ["a.md", "b.md", "c.md", "d.md"]);
        assert_eq!(errors.len(), 1);
    }
}
