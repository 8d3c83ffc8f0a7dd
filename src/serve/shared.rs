//! What every served session shares: one library, kept current by one watcher, whose changes
//! reach every open session (each applies them to its own view and keeps its place).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Mutex, PoisonError};

use crate::app::{Action, WatchFailure};
use crate::library::{Change, Library};
use crate::watch::WatchEvent;

/// The library as the watcher last saw it, and every open session's event channel.
#[derive(Debug)]
pub struct Shared {
    root: PathBuf,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    library: Library,
    sessions: Vec<Sender<Action>>,
}

impl Shared {
    /// Shares `library`, read from `root`.
    pub fn new(root: PathBuf, library: Library) -> Self {
        Shared { root, state: Mutex::new(State { library, sessions: Vec::new() }) }
    }

    /// The folder served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Sends `session` the library as it is now ([`Action::Loaded`]), then every change after
    /// it: under one lock, so no change is missed or applied twice, and none comes before it.
    pub fn join(&self, session: Sender<Action>) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if session.send(Action::Loaded(Ok(state.library.clone()))).is_ok() {
            state.sessions.push(session);
        }
    }

    /// Applies what the watcher saw and tells every session; sessions that ended are forgotten.
    pub fn on_watch(&self, event: WatchEvent) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let action = match event {
            WatchEvent::Changes(changes) if changes.iter().any(|c| matches!(c, Change::Rescan)) => {
                // Events were lost: read the folder again, here on the watcher's thread, and give
                // every session the whole new library (sessions never reload on their own).
                match open(&self.root) {
                    Ok(library) => {
                        state.library = library;
                        Broadcast::Library
                    }
                    Err(err) => Broadcast::Failed(err.into()),
                }
            }
            WatchEvent::Changes(changes) => {
                state.library.apply(changes.clone());
                Broadcast::Changes(changes)
            }
            WatchEvent::Error(trouble) => Broadcast::Failed(trouble.into()),
        };
        let State { library, sessions } = &mut *state;
        sessions.retain(|session| {
            let message = match &action {
                Broadcast::Library => Action::Loaded(Ok(library.clone())),
                Broadcast::Changes(changes) => Action::FilesChanged(changes.clone()),
                Broadcast::Failed(failure) => Action::WatchFailed(failure.clone()),
            };
            session.send(message).is_ok()
        });
    }
}

/// What one watcher event becomes for every session.
enum Broadcast {
    Library,
    Changes(Vec<Change>),
    Failed(WatchFailure),
}

/// The served library as the TUI holds its own: through the blog's index, each post measured
/// (no body kept: sessions read a post's file when they show it), the index saved for the
/// next start. The index is a cache: a failed save costs only the next start's speed.
pub fn open(root: &Path) -> Result<Library, crate::library::OpenError> {
    let (library, pending) = Library::open_indexed(root, crate::post::Read::Measured)?;
    let _ = pending.save();
    Ok(library)
}
