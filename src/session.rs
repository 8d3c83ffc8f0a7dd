//! One person's view of the blog on one terminal: an [`App`] drawn on a [`Terminal`] over any
//! backend, fed by one channel of actions (keys, resizes, file changes, background answers).
//!
//! The local TUI is a session over crossterm; `quire serve` runs one per SSH channel. Neither the
//! app nor the drawing knows which: what differs is the [`Host`] (can it hand the terminal to
//! `$EDITOR`? does it own the folder's watcher?) and the app's [`crate::app::Access`].

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::app::{Access, Action, App, Effect, Keymap, Level, Message, Options};
use crate::color::ColorDepth;
use crate::config::Config;
use crate::jobs::{Jobs, Search, Write};
use crate::theme::{Theme, UiStyles};

/// What every session of one process starts from: the config, the theme before it is brought
/// down to a terminal's colors, the keymap, and the warnings they gave.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The user's settings.
    pub config: Config,
    /// The theme at full color.
    pub theme: Theme,
    /// Key bindings with the config's remaps.
    pub keymap: Keymap,
    /// Problems with the config, the theme or the keys, one sentence each.
    pub warnings: Vec<String>,
}

impl Setup {
    /// Reads the config, the theme (`theme` overrides the config's) and the key remaps.
    pub fn load(theme: Option<&str>) -> Setup {
        let (config, mut warnings) = crate::config::load();
        let name = theme.map_or_else(|| config.theme.clone(), str::to_string);
        let (theme, theme_problem) = crate::theme::load_or_default(&name, crate::config::config_dir().as_deref());
        warnings.extend(theme_problem);
        let (keymap, key_warnings) = Keymap::with_overrides(&config.keys);
        warnings.extend(key_warnings);
        Setup { config, theme, keymap, warnings }
    }

    /// A new app on `root` for a terminal of this color depth, and the screen's styles for it.
    pub fn app(&self, root: PathBuf, depth: ColorDepth, access: Access) -> (App, UiStyles) {
        let theme = self.theme.adapted(depth);
        let options = Options {
            show_drafts: self.config.show_drafts,
            sort: self.config.sort,
            wrap_width: self.config.wrap_width,
            keymap: self.keymap.clone(),
            styles: theme.render,
            depth,
            date_format: self.config.date_format.clone(),
            access,
            open_new_in_editor: self.config.open_new_in_editor,
            list_width: self.config.list_width,
            mouse: self.config.mouse,
            graphics: None,
        };
        (App::new(root, options), theme.ui)
    }
}

/// What a session's surroundings do for it, beyond drawing and reading keys.
pub trait Host<B: Backend> {
    /// Hands the terminal to the user's editor for `path` and takes it back.
    fn edit_externally(&mut self, terminal: &mut Terminal<B>, path: &Path, line: Option<usize>) -> anyhow::Result<()>;

    /// Re-reads the whole folder (restarting its watch where the host owns one). A host whose
    /// watch starts in the background starts the load only after it, through
    /// [`Action::Watching`] and [`Effect::Load`], so nothing written in between is missed.
    fn reload(&mut self, jobs: &mut Jobs, root: &Path);
}

/// How long a session may last: the local TUI has no limits; a served one has both.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// The session ends after this long without a key or a resize.
    pub idle: Option<Duration>,
    /// The session ends at this time, whatever happens.
    pub until: Option<Instant>,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The user quit.
    Quit,
    /// Every sender of events is gone (the connection closed).
    Closed,
    /// No key for [`Limits::idle`].
    Idle,
    /// [`Limits::until`] passed.
    TooLong,
}

/// One person's view: their app, their terminal, their events and their background work.
pub struct Session<B: Backend> {
    /// The state, for callers that need to look at it after the session ends.
    pub app: App,
    terminal: Terminal<B>,
    styles: UiStyles,
    events: Receiver<Action>,
    jobs: Jobs,
    limits: Limits,
}

impl<B: Backend + std::io::Write> Session<B>
where
    B::Error: Send + Sync + 'static,
{
    /// A session drawing `app` on `terminal`; `jobs` must answer on the sender of `events`.
    pub fn new(app: App, terminal: Terminal<B>, styles: UiStyles, events: Receiver<Action>, jobs: Jobs) -> Self {
        Session { app, terminal, styles, events, jobs, limits: Limits::default() }
    }

    /// The same session, ended by these limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Draws, waits for the next actions, applies them all, draws again; until the app quits,
    /// every sender of events is gone, or a limit is reached.
    pub fn run(&mut self, host: &mut impl Host<B>) -> anyhow::Result<End> {
        let mut last_input = Instant::now();
        self.report_mouse(self.app.mouse_captured())?;
        loop {
            self.terminal.draw(|frame| crate::ui::draw(frame, &self.app, &self.styles))?;
            let first = match self.next(last_input) {
                Ok(action) => action,
                Err(end) => return Ok(end),
            };
            // Apply everything already waiting before drawing again: bursts cost one frame.
            let waiting: Vec<Action> = std::iter::once(first).chain(self.events.try_iter()).collect();
            for action in waiting {
                if matches!(action, Action::Key(_) | Action::Paste(_) | Action::Resize(..) | Action::Mouse(_)) {
                    last_input = Instant::now();
                }
                if !self.apply(action, host)? {
                    return Ok(End::Quit);
                }
            }
        }
    }

    /// The next action, or why there will be none.
    fn next(&self, last_input: Instant) -> Result<Action, End> {
        let idle_at = self.limits.idle.map(|idle| last_input + idle);
        let Some(deadline) = idle_at.into_iter().chain(self.limits.until).min() else {
            return self.events.recv().map_err(|_| End::Closed);
        };
        match self.events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(action) => Ok(action),
            Err(RecvTimeoutError::Disconnected) => Err(End::Closed),
            Err(RecvTimeoutError::Timeout) if Some(deadline) == self.limits.until => Err(End::TooLong),
            Err(RecvTimeoutError::Timeout) => Err(End::Idle),
        }
    }

    /// Applies one action and runs what it asks for, in turn; false when the app quits.
    fn apply(&mut self, action: Action, host: &mut impl Host<B>) -> anyhow::Result<bool> {
        if let Action::Resize(width, height) = action {
            self.terminal.resize(Rect::new(0, 0, width, height))?;
        }
        // A library read whole, or changed: the word index follows it in the background.
        let refill = matches!(action, Action::Loaded(Ok(_)) | Action::FilesChanged(_));
        let mut next = self.app.update(action);
        if refill && let Some(library) = self.app.load().library() {
            self.jobs.index_words(self.app.root(), library.posts().to_vec());
        }
        while let Some(effect) = next.take() {
            match self.run_effect(effect, host)? {
                Step::Quit => return Ok(false),
                Step::Then(action) => next = self.app.update(action),
                Step::Done => {}
            }
        }
        if let Some(job) = self.app.take_render_job() {
            self.jobs.render(job);
        }
        if let Some(job) = self.app.take_snippet_job() {
            self.jobs.snippets(job);
        }
        for job in self.app.take_image_jobs() {
            self.jobs.image(job);
        }
        Ok(true)
    }

    fn run_effect(&mut self, effect: Effect, host: &mut impl Host<B>) -> anyhow::Result<Step> {
        let write = match effect {
            Effect::Quit => return Ok(Step::Quit),
            Effect::Search { generation, query, posts } => {
                self.jobs.search(Search { generation, query, posts });
                return Ok(Step::Done);
            }
            Effect::Reload => {
                host.reload(&mut self.jobs, self.app.root());
                return Ok(Step::Done);
            }
            Effect::Load => {
                self.jobs.load(self.app.root().to_path_buf());
                return Ok(Step::Done);
            }
            Effect::Pick(job) => {
                self.jobs.pick(job);
                return Ok(Step::Done);
            }
            Effect::Copy(text) => {
                // The terminal puts it on the clipboard of the machine the person sits at.
                let backend = self.terminal.backend_mut();
                backend.write_all(&crate::clipboard::osc52(&text))?;
                std::io::Write::flush(backend)?;
                return Ok(Step::Done);
            }
            Effect::OpenUrl(url) => {
                self.jobs.open(url);
                return Ok(Step::Done);
            }
            Effect::Mouse(on) => {
                self.report_mouse(on)?;
                return Ok(Step::Done);
            }
            Effect::OpenEditor(path, line) => {
                let edited = host.edit_externally(&mut self.terminal, &path, line);
                // The editor's terminal had no mouse reporting; the TUI's again has it if it was on.
                self.report_mouse(self.app.mouse_captured())?;
                if let Err(err) = edited {
                    return Ok(Step::Then(Action::Say(Message { text: format!("{err:#}"), level: Level::Error })));
                }
                // Re-read on the write lane, after any save still running.
                Write::Reread(path)
            }
            write => match Write::from_effect(write, self.app.root()) {
                Some(write) => write,
                None => return Ok(Step::Done),
            },
        };
        self.jobs.write(write);
        Ok(Step::Done)
    }
}

impl<B: Backend + std::io::Write> Session<B> {
    /// Asks the terminal to report clicks and the wheel (SGR encoding), or to stop.
    fn report_mouse(&mut self, on: bool) -> std::io::Result<()> {
        let backend = self.terminal.backend_mut();
        backend.write_all(if on { MOUSE_ON } else { MOUSE_OFF })?;
        std::io::Write::flush(backend)
    }
}

/// Mouse reporting on: presses, releases and the wheel (1000), in SGR encoding (1006), which has
/// no limit on columns and is what `quire serve` parses. No motion reports: nothing hovers.
pub const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
/// Mouse reporting off, as every exit leaves the terminal (also after a panic).
pub const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

/// What the loop does after an effect.
enum Step {
    /// Leave.
    Quit,
    /// Tell the app this.
    Then(Action),
    /// Nothing more now (a job will answer later, if at all).
    Done,
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use ratatui::backend::CrosstermBackend;
    use ratatui::{TerminalOptions, Viewport};

    use super::*;

    /// A session's terminal that writes into memory: a fixed size, so no real terminal is asked.
    type TestBackend = CrosstermBackend<Vec<u8>>;

    struct NoHost;

    impl<B: Backend> Host<B> for NoHost {
        fn edit_externally(&mut self, _: &mut Terminal<B>, _: &Path, _: Option<usize>) -> anyhow::Result<()> {
            anyhow::bail!("no editor in this test")
        }

        fn reload(&mut self, _: &mut Jobs, _: &Path) {}
    }

    fn session(limits: Limits) -> (Session<TestBackend>, mpsc::Sender<Action>) {
        let (tx, rx) = mpsc::channel();
        let app = App::new(PathBuf::from("/nowhere"), Options::default());
        let viewport = Viewport::Fixed(Rect::new(0, 0, 40, 10));
        let terminal = Terminal::with_options(CrosstermBackend::new(Vec::new()), TerminalOptions { viewport }).unwrap();
        let session = Session::new(app, terminal, UiStyles::default(), rx, Jobs::new(tx.clone())).with_limits(limits);
        (session, tx)
    }

    #[test]
    fn a_session_ends_when_idle_for_its_limit_or_past_its_end_and_keys_keep_it_alive() {
        let (mut idle, tx) = session(Limits { idle: Some(Duration::from_millis(150)), until: None });
        let keys = std::thread::spawn(move || {
            for _ in 0..4 {
                std::thread::sleep(Duration::from_millis(60));
                let _ = tx.send(Action::Key(crossterm::event::KeyCode::Char('j').into()));
            }
            tx
        });
        let started = Instant::now();
        assert_eq!(idle.run(&mut NoHost).unwrap(), End::Idle);
        assert!(started.elapsed() >= Duration::from_millis(240 + 150), "keys reset the idle clock");
        drop(keys.join());

        let (mut long, _tx) =
            session(Limits { idle: Some(Duration::from_secs(60)), until: Some(Instant::now() + Duration::from_millis(50)) });
        assert_eq!(long.run(&mut NoHost).unwrap(), End::TooLong);
    }

    #[test]
    fn the_session_asks_the_terminal_for_the_mouse_and_m_gives_it_back() {
        /// What the session sent its terminal, kept where the test can read it.
        #[derive(Clone, Default)]
        struct Tap(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl std::io::Write for Tap {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (tx, rx) = mpsc::channel();
        let tap = Tap::default();
        let viewport = Viewport::Fixed(Rect::new(0, 0, 40, 10));
        let terminal = Terminal::with_options(CrosstermBackend::new(tap.clone()), TerminalOptions { viewport }).unwrap();
        let app = App::new(PathBuf::from("/nowhere"), Options::default());
        let mut session = Session::new(app, terminal, UiStyles::default(), rx, Jobs::new(tx.clone()));
        tx.send(Action::Key(crossterm::event::KeyCode::Char('M').into())).unwrap();
        tx.send(Action::Key(crossterm::event::KeyCode::Char('q').into())).unwrap();
        assert_eq!(session.run(&mut NoHost).unwrap(), End::Quit);
        let out = tap.0.lock().unwrap().clone();
        let on = out.windows(MOUSE_ON.len()).position(|w| w == MOUSE_ON).expect("reporting asked for");
        let off = out.windows(MOUSE_OFF.len()).position(|w| w == MOUSE_OFF).expect("and released with M");
        assert!(on < off, "on first, then off");
        assert_eq!(MOUSE_ON, b"\x1b[?1000h\x1b[?1006h");
    }

    #[test]
    fn a_session_ends_on_quit_and_when_every_sender_is_gone() {
        let (mut quits, tx) = session(Limits::default());
        tx.send(Action::Key(crossterm::event::KeyCode::Char('q').into())).unwrap();
        assert_eq!(quits.run(&mut NoHost).unwrap(), End::Quit);
        let (mut closed, tx) = session(Limits::default());
        drop(tx);
        // The jobs hold the last sender: without them the channel is closed.
        closed.jobs = Jobs::new(mpsc::channel().0);
        assert_eq!(closed.run(&mut NoHost).unwrap(), End::Closed);
    }
}
