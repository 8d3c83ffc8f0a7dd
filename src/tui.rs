//! Terminal setup and restore (also on panic), and the event loop: one channel carries keys,
//! resizes, background results and file changes; each becomes an action, then a redraw.

use std::io::{IsTerminal, Stdout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Once};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, App, EditOutcome, Effect, Keymap, Level, Message, Options, RenderJob, SearchHit};
use crate::post::edit;

use crate::cli::Cli;
use crate::library::{Change, Library};
use crate::theme::Theme;
use crate::watch::{WatchEvent, Watcher};

/// How often the input thread checks whether it must pause (while `$EDITOR` owns the terminal).
const INPUT_POLL: Duration = Duration::from_millis(50);

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Opens the TUI on the folder and runs until the user quits.
pub fn run(cli: &Cli) -> anyhow::Result<i32> {
    let (config, mut warnings) = crate::config::load();
    let root = cli.dir.clone().or_else(|| config.default_dir.clone()).unwrap_or_else(|| PathBuf::from("."));
    check_folder(&root)?;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the TUI needs a terminal; use `quire list` to print posts into a pipe");
    }
    let depth = cli.color.unwrap_or(config.color).depth(true);
    let theme_name = cli.theme.clone().unwrap_or_else(|| config.theme.clone());
    let (theme, theme_problem) = crate::theme::load_or_default(&theme_name, crate::config::config_dir().as_deref());
    warnings.extend(theme_problem);
    let theme = theme.adapted(depth);
    let (keymap, key_warnings) = Keymap::with_overrides(&config.keys);
    warnings.extend(key_warnings);
    let options = Options {
        show_drafts: config.show_drafts,
        sort: config.sort,
        wrap_width: config.wrap_width,
        keymap,
        styles: theme.render.clone(),
        depth,
        date_format: config.date_format.clone(),
    };
    // The real name of `.`, for the status line.
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let mut app = App::new(root, options);
    if let Some(first) = warnings.first() {
        let more = if warnings.len() > 1 { format!(" (+{} more)", warnings.len() - 1) } else { String::new() };
        app.update(Action::Say(Message { text: format!("{first}{more}"), level: Level::Warning }));
    }
    let debounce = Duration::from_millis(config.debounce_ms);
    let editor = config.editor.clone();

    // Syntaxes and themes take a while to load: do it now, off the UI thread, not on the first
    // post with code.
    thread::spawn(crate::render::highlight::warm_up);
    let (tx, rx) = mpsc::channel();

    let paused = Arc::new(AtomicBool::new(false));
    spawn_input(tx.clone(), paused.clone());
    let searcher = spawn_searcher(tx.clone());
    let renderer = spawn_renderer(tx.clone());
    let mut workers = Workers { tx, searcher, renderer, paused, watcher: None, debounce, editor };
    // Watch before loading, so nothing written in between is missed.
    workers.watch(&app.root);
    spawn_load(app.root.clone(), workers.tx.clone());

    install_panic_hook();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut app, &theme, &rx, &mut workers);
    leave();
    result.map(|()| 0)
}

fn check_folder(root: &Path) -> anyhow::Result<()> {
    let meta = std::fs::metadata(root).with_context(|| format!("cannot open {}", root.display()))?;
    anyhow::ensure!(meta.is_dir(), "{} is not a folder", root.display());
    Ok(())
}

/// The senders the loop hands work to, and the folder watch.
struct Workers {
    tx: Sender<Action>,
    searcher: Sender<Effect>,
    renderer: Sender<RenderJob>,
    paused: Arc<AtomicBool>,
    watcher: Option<Watcher>,
    debounce: Duration,
    editor: Option<String>,
}

impl Workers {
    /// (Re)starts watching the folder; a failure is shown in the status line, not fatal.
    fn watch(&mut self, root: &Path) {
        self.watcher = None;
        let tx = self.tx.clone();
        let sink = move |event| {
            let _ = tx.send(match event {
                WatchEvent::Changes(changes) => Action::FilesChanged(changes),
                WatchEvent::Error(reason) => Action::WatchFailed(reason),
            });
        };
        match Watcher::start(root, self.debounce, sink) {
            Ok(watcher) => self.watcher = Some(watcher),
            Err(err) => {
                let _ = self.tx.send(Action::WatchFailed(format!("live reload is off: {err}")));
            }
        }
    }
}

fn event_loop(terminal: &mut Term, app: &mut App, theme: &Theme, rx: &Receiver<Action>, workers: &mut Workers) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    loop {
        terminal.draw(|frame| crate::ui::draw(frame, app, &theme.ui))?;
        let Ok(first) = rx.recv() else { return Ok(()) };
        // Apply everything already waiting before drawing again: bursts cost one frame.
        for action in std::iter::once(first).chain(rx.try_iter()) {
            if let Some(effect) = app.update(action)
                && !run_effect(effect, terminal, app, workers)?
            {
                return Ok(());
            }
            if let Some(job) = app.take_render_job() {
                let _ = workers.renderer.send(job);
            }
        }
    }
}

/// Runs an effect; returns false to quit.
fn run_effect(effect: Effect, terminal: &mut Term, app: &mut App, workers: &mut Workers) -> anyhow::Result<bool> {
    match effect {
        Effect::Quit => return Ok(false),
        search @ Effect::Search { .. } => {
            let _ = workers.searcher.send(search);
        }
        effect @ (Effect::Save { .. } | Effect::TogglePublish(_) | Effect::CreatePost(_) | Effect::Reread(_)) => {
            if let Some(action) = write_files(effect, &app.root) {
                return after(action, terminal, app, workers);
            }
        }
        Effect::Reload => {
            workers.watch(&app.root);
            spawn_load(app.root.clone(), workers.tx.clone());
        }
        Effect::OpenEditor(path) => {
            workers.paused.store(true, Ordering::SeqCst);
            leave();
            let outcome = open_editor(workers.editor.as_deref(), &path);
            *terminal = enter()?;
            terminal.clear()?;
            workers.paused.store(false, Ordering::SeqCst);
            let action = match outcome {
                Ok(()) => Action::FilesChanged(vec![reread(&path)]),
                Err(err) => Action::Say(Message { text: format!("{err:#}"), level: Level::Error }),
            };
            if let Some(next) = app.update(action) {
                return run_effect(next, terminal, app, workers);
            }
        }
    }
    Ok(true)
}

/// Updates the app with an effect's result, and runs what that asks for in turn.
fn after(action: Action, terminal: &mut Term, app: &mut App, workers: &mut Workers) -> anyhow::Result<bool> {
    match app.update(action) {
        Some(next) => run_effect(next, terminal, app, workers),
        None => Ok(true),
    }
}

/// Runs an effect that writes or re-reads files and returns what the app must hear back;
/// `None` for effects that are not about files. Quick single-file work, so it runs inline.
pub fn write_files(effect: Effect, root: &Path) -> Option<Action> {
    let outcome = match effect {
        Effect::Save { path, expected, edits } => match edit::edit_file(&path, expected.as_ref(), &edits) {
            Ok(post) => EditOutcome::Saved(post),
            Err(err) => failed(&err),
        },
        Effect::TogglePublish(post) => match edit::toggle_draft(&post) {
            Ok(path) => EditOutcome::Toggled { from: post.path.clone(), post: crate::post::load(&path) },
            Err(edit::EditError::Conflict(path)) => EditOutcome::Stale {
                message: format!("{} changed on disk and was re-read; nothing was written: press p again", post.file_name()),
                post: crate::post::load(&path),
            },
            Err(err) => EditOutcome::Failed(err.to_string()),
        },
        Effect::CreatePost(title) => match create_post(root, &title) {
            Ok(path) => EditOutcome::Created(crate::post::load(&path)),
            Err(err) => EditOutcome::Failed(format!("{err:#}")),
        },
        Effect::Reread(path) => return Some(Action::FilesChanged(vec![reread(&path)])),
        _ => return None,
    };
    Some(Action::EditDone(Box::new(outcome)))
}

fn failed(err: &edit::EditError) -> EditOutcome {
    match err {
        edit::EditError::Conflict(path) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            EditOutcome::Conflict(format!(
                "{name} changed on disk since quire read it: r reloads it (dropping your changes), o overwrites it"
            ))
        }
        _ => EditOutcome::Failed(err.to_string()),
    }
}

fn create_post(root: &Path, title: &str) -> anyhow::Result<PathBuf> {
    let template = crate::config::new_post_template()?;
    Ok(crate::library::create_post(root, title, &[], template.as_deref())?)
}

/// The file after an external edit: re-read, or gone if the editor deleted or moved it.
fn reread(path: &Path) -> Change {
    if path.exists() { Change::Upsert(crate::post::load(path)) } else { Change::Remove(path.to_path_buf()) }
}

/// The configured editor, else `$VISUAL`, else `$EDITOR`, else `vi`, run through the shell so
/// `code -w` works.
fn open_editor(configured: Option<&str>, path: &Path) -> anyhow::Result<()> {
    let from_env = || ["VISUAL", "EDITOR"].iter().find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()));
    let editor = configured.map(str::to_string).filter(|e| !e.trim().is_empty()).or_else(from_env).unwrap_or_else(|| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("quire-editor")
        .arg(path)
        .status()
        .with_context(|| format!("cannot start the editor `{editor}`"))?;
    anyhow::ensure!(status.success(), "the editor `{editor}` exited with {status}");
    Ok(())
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
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(action).is_err() {
                return;
            }
        }
    });
}

fn spawn_load(root: PathBuf, tx: Sender<Action>) {
    thread::spawn(move || {
        let result = Library::open(&root).map_err(|e| e.to_string());
        let _ = tx.send(Action::Loaded(result));
    });
}

/// A search thread that always answers the newest request and drops the ones it skipped.
fn spawn_searcher(tx: Sender<Action>) -> Sender<Effect> {
    let (req_tx, req_rx) = mpsc::channel::<Effect>();
    thread::spawn(move || {
        while let Ok(first) = req_rx.recv() {
            let newest = req_rx.try_iter().last().unwrap_or(first);
            let Effect::Search { generation, query, posts } = newest else { continue };
            let hits = crate::search::search(&posts, &query);
            let hits =
                hits.into_iter().map(|h| SearchHit { post: Arc::clone(&posts[h.index]), reason: h.reason, order: h.index }).collect();
            if tx.send(Action::SearchDone { generation, hits }).is_err() {
                return;
            }
        }
    });
    req_tx
}

/// A thread that renders big posts, newest request first, so the UI never waits on highlighting.
fn spawn_renderer(tx: Sender<Action>) -> Sender<RenderJob> {
    let (job_tx, job_rx) = mpsc::channel::<RenderJob>();
    thread::spawn(move || {
        while let Ok(first) = job_rx.recv() {
            // Only the latest selection matters: skip the ones scrolled past.
            let job = job_rx.try_iter().last().unwrap_or(first);
            let rendered = job.run();
            if tx.send(Action::Rendered(job.key, Box::new(rendered))).is_err() {
                return;
            }
        }
    });
    job_tx
}

fn enter() -> anyhow::Result<Term> {
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    crossterm::execute!(std::io::stdout(), EnterAlternateScreen)?;
    Ok(Terminal::new(CrosstermBackend::new(std::io::stdout()))?)
}

/// Gives the terminal back as it was. Safe to call twice (and from the panic hook).
fn leave() {
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
