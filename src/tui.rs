//! The local TUI: the process's terminal set up and restored (also on panic), crossterm's events
//! read on a thread, and one [`Session`] over them that owns the folder's watch and can hand the
//! terminal to `$EDITOR`.

use std::io::{IsTerminal, Stdout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Access, Action, Effect, Level, Message};
use crate::cli::Cli;
use crate::jobs::Jobs;
use crate::session::{Host, Session, Setup};
use crate::watch::{WatchEvent, Watcher};

/// How often the input thread checks whether it must pause (while `$EDITOR` owns the terminal).
const INPUT_POLL: Duration = Duration::from_millis(50);

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Opens the TUI on the folder and runs until the user quits.
pub fn run(cli: &Cli) -> anyhow::Result<i32> {
    let setup = Setup::load(cli.theme.as_deref());
    let config = &setup.config;
    let root = cli.dir.clone().or_else(|| config.default_dir.clone()).unwrap_or_else(|| PathBuf::from("."));
    check_folder(&root)?;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the TUI needs a terminal; use `quire list` to print posts into a pipe");
    }
    let depth = cli.color.unwrap_or(config.color).depth(true);
    // The real name of `.`, for the status line.
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let (mut app, styles) = setup.app(root, depth, Access::FULL);
    if let Some(first) = setup.warnings.first() {
        let more = if setup.warnings.len() > 1 { format!(" (+{} more)", setup.warnings.len() - 1) } else { String::new() };
        app.update(Action::Say(Message { text: format!("{first}{more}"), level: Level::Warning }));
    }
    let debounce = Duration::from_millis(config.debounce_ms);

    // Syntaxes and themes take a while to load: do it now, off the UI thread, not on the first
    // post with code.
    thread::spawn(crate::render::highlight::warm_up);
    // Ask the terminal what pictures it shows before the input thread reads its answers.
    // Without colour, half blocks would be blank cells.
    app.set_graphics(
        crate::images::detect::local(config.images)
            .filter(|g| depth != crate::color::ColorDepth::None || g.protocol != crate::images::Protocol::Halfblocks),
    );
    let (tx, rx) = mpsc::channel();
    let paused = Arc::new(AtomicBool::new(false));
    spawn_input(tx.clone(), paused.clone());
    let mut jobs = Jobs::new(tx.clone());
    let mut host = Local { tx, paused, watch: Arc::default(), watch_generation: 0, debounce, editor: config.editor.clone() };
    // The first list needs no watch: the full load after it reads what changed meanwhile. It
    // runs alone: with a watch set up meanwhile the kernel queues an event for every file the
    // list opens (inotify's IN_OPEN, which notify always asks for), and the watch's thread took
    // a third of both cores while a 10,000-post list was read. Watch next, before the full load,
    // so nothing written in between is missed: the load starts when the watch is up
    // (`Action::Watching`), while the screen already answers keys.
    let (listed, list_over) = mpsc::channel();
    jobs.list(app.root().to_path_buf(), Some(listed));
    host.watch_after(app.root(), Some(list_over));

    install_panic_hook();
    let terminal = enter()?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut session = Session::new(app, terminal, styles, rx, jobs);
    let result = session.run(&mut host);
    leave();
    result.map(|_| 0)
}

fn check_folder(root: &Path) -> anyhow::Result<()> {
    let meta = std::fs::metadata(root).with_context(|| format!("cannot open {}", root.display()))?;
    anyhow::ensure!(meta.is_dir(), "{} is not a folder", root.display());
    Ok(())
}

/// The process's own terminal and folder: it owns the watch, and can lend the terminal to `$EDITOR`.
struct Local {
    tx: Sender<Action>,
    paused: Arc<AtomicBool>,
    /// The folder's watch, set by the thread that starts it.
    watch: Arc<Mutex<WatchSlot>>,
    /// Which (re)start of the watch is the newest.
    watch_generation: u64,
    debounce: Duration,
    editor: Option<String>,
}

/// The running watch and the (re)start it came from.
#[derive(Default)]
struct WatchSlot {
    generation: u64,
    watcher: Option<Watcher>,
}

impl Local {
    /// (Re)starts watching the folder off the UI thread: a recursive watch walks the whole folder,
    /// which takes long on a big blog. Answers [`Action::Watching`] when the load may begin.
    fn watch(&mut self, root: &Path) {
        self.watch_after(root, None);
    }

    /// [`Local::watch`], once `wait` (if any) is over: its sender dropped or sent on.
    fn watch_after(&mut self, root: &Path, wait: Option<mpsc::Receiver<()>>) {
        self.watch_generation += 1;
        let (slot, generation, tx) = (Arc::clone(&self.watch), self.watch_generation, self.tx.clone());
        let (dir, debounce) = (root.to_path_buf(), self.debounce);
        let spawned = thread::Builder::new().name("quire-watch-start".into()).spawn(move || {
            if let Some(wait) = wait {
                let _ = wait.recv();
            }
            restart_watch(&slot, generation, &dir, debounce, &tx)
        });
        if spawned.is_err() {
            // No thread to be had: watch from here, as the load must not start unwatched.
            restart_watch(&self.watch, self.watch_generation, root, self.debounce, &self.tx);
        }
    }
}

/// Replaces the watch in `slot` with a new one on `root` (unless a newer restart got there
/// first), then tells the app the load may begin. A failure to watch is shown in the status line,
/// not fatal: the load begins all the same.
fn restart_watch(slot: &Mutex<WatchSlot>, generation: u64, root: &Path, debounce: Duration, tx: &Sender<Action>) {
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    if slot.generation > generation {
        return;
    }
    // The old watch stops before the new one starts: the load that follows reads what it missed.
    slot.watcher = None;
    slot.generation = generation;
    let sink = {
        let tx = tx.clone();
        move |event| {
            let _ = tx.send(match event {
                WatchEvent::Changes(changes) => Action::FilesChanged(changes),
                WatchEvent::Error(trouble) => Action::WatchFailed(trouble.into()),
            });
        }
    };
    match Watcher::start(root, debounce, sink) {
        Ok(watcher) => slot.watcher = Some(watcher),
        Err(err) => {
            let _ = tx.send(Action::WatchFailed(err.into()));
        }
    }
    drop(slot);
    let _ = tx.send(Action::Watching);
}

impl Host<CrosstermBackend<Stdout>> for Local {
    fn edit_externally(&mut self, terminal: &mut Term, path: &Path, line: Option<usize>) -> anyhow::Result<()> {
        self.paused.store(true, Ordering::SeqCst);
        leave();
        let outcome = open_editor(self.editor.as_deref(), path, line);
        // Keys again whatever happens next: a paused input thread would leave no way to quit.
        self.paused.store(false, Ordering::SeqCst);
        *terminal = enter()?;
        // The new terminal redraws everything. Not `terminal.clear()`: it asks the terminal for
        // the cursor position, and one that does not answer (some multiplexers) stalled quire.
        crossterm::execute!(std::io::stdout(), crossterm::terminal::Clear(crossterm::terminal::ClearType::All))?;
        outcome
    }

    fn reload(&mut self, _: &mut Jobs, root: &Path) {
        // The load follows the watch: `Action::Watching`, answered by `Effect::Load`.
        self.watch(root);
    }
}

/// Runs an effect that writes or re-reads files, here and now, and returns what the app must
/// hear back; `None` for effects that are not about files. The TUI runs these on its write lane.
pub fn write_files(effect: Effect, root: &Path) -> Option<Action> {
    crate::jobs::Write::from_effect(effect, root).map(crate::jobs::write)
}

/// The configured editor, else `$VISUAL`, else `$EDITOR`, else `vi`, run through the shell so
/// `code -w` works; at `line` when the editor has a way to be told (see [`editor_args`]).
fn open_editor(configured: Option<&str>, path: &Path, line: Option<usize>) -> anyhow::Result<()> {
    let from_env = || ["VISUAL", "EDITOR"].iter().find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()));
    let editor = configured.map(str::to_string).filter(|e| !e.trim().is_empty()).or_else(from_env).unwrap_or_else(|| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("quire-editor")
        .args(editor_args(&editor, path, line))
        .status()
        .with_context(|| format!("cannot start the editor `{editor}`"))?;
    anyhow::ensure!(status.success(), "the editor `{editor}` exited with {status}");
    Ok(())
}

/// The arguments after the editor's own words that open `path` at `line`, by the editor's
/// program name (its first word, without folders): `+N FILE` for vi, vim, nvim, nano, emacs,
/// micro and kak; `FILE:N` for helix; `-g FILE:N` for VS Code; just the file for any other.
pub fn editor_args(editor: &str, path: &Path, line: Option<usize>) -> Vec<std::ffi::OsString> {
    let file = path.as_os_str().to_os_string();
    let Some(line) = line else { return vec![file] };
    let program = editor.split_whitespace().next().unwrap_or_default();
    let program = program.rsplit('/').next().unwrap_or(program);
    let at_line = || {
        let mut joined = file.clone();
        joined.push(format!(":{line}"));
        joined
    };
    match program {
        "vi" | "vim" | "nvim" | "gvim" | "mvim" | "nano" | "emacs" | "emacsclient" | "micro" | "kak" => {
            vec![format!("+{line}").into(), file]
        }
        "hx" | "helix" => vec![at_line()],
        "code" | "code-insiders" | "codium" => vec!["-g".into(), at_line()],
        _ => vec![file],
    }
}

fn spawn_input(tx: Sender<Action>, paused: Arc<AtomicBool>) {
    thread::spawn(move || {
        loop {
            if paused.load(Ordering::SeqCst) || !event::poll(INPUT_POLL).unwrap_or(false) {
                if paused.load(Ordering::SeqCst) {
                    thread::sleep(INPUT_POLL);
                }
                continue;
            }
            let action = match event::read() {
                Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => Action::Key(key),
                Ok(Event::Resize(w, h)) => Action::Resize(w, h),
                Ok(Event::Paste(text)) => Action::Paste(text),
                Ok(Event::Mouse(mouse)) => Action::Mouse(mouse),
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(action).is_err() {
                return;
            }
        }
    });
}

fn enter() -> anyhow::Result<Term> {
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    crossterm::execute!(std::io::stdout(), EnterAlternateScreen)?;
    Ok(Terminal::new(CrosstermBackend::new(std::io::stdout()))?)
}

/// Gives the terminal back as it was: no mouse reporting (the session turns it on), no raw mode,
/// the main screen. Safe to call twice (and from the panic hook).
fn leave() {
    use std::io::Write;
    let _ = std::io::stdout().write_all(crate::session::MOUSE_OFF);
    let _ = disable_raw_mode();
    let _ = crossterm::execute!(std::io::stdout(), LeaveAlternateScreen, crossterm::cursor::Show);
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::editor_args;
    use std::path::Path;

    fn args(editor: &str, line: Option<usize>) -> Vec<String> {
        editor_args(editor, Path::new("posts/a b.md"), line).into_iter().map(|a| a.into_string().expect("UTF-8")).collect()
    }

    #[test]
    fn each_editor_family_is_told_the_line_its_own_way() {
        for plus in ["vi", "vim", "nvim", "/usr/bin/nano", "emacs -nw", "micro", "kak"] {
            assert_eq!(args(plus, Some(12)), ["+12", "posts/a b.md"], "{plus}");
        }
        assert_eq!(args("hx", Some(12)), ["posts/a b.md:12"]);
        assert_eq!(args("helix", Some(3)), ["posts/a b.md:3"]);
        assert_eq!(args("code -w", Some(12)), ["-g", "posts/a b.md:12"]);
        assert_eq!(args("/opt/bin/codium --wait", Some(1)), ["-g", "posts/a b.md:1"]);
    }

    #[test]
    fn other_editors_and_no_line_get_just_the_file() {
        assert_eq!(args("ed", Some(12)), ["posts/a b.md"]);
        assert_eq!(args("subl -w", Some(12)), ["posts/a b.md"]);
        assert_eq!(args("vim", None), ["posts/a b.md"]);
        assert_eq!(args("code -w", None), ["posts/a b.md"]);
    }
}
