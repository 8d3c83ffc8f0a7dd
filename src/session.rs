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
        };
        (App::new(root, options), theme.ui)
    }
}

/// What a session's surroundings do for it, beyond drawing and reading keys.
pub trait Host<B: Backend> {
    /// Hands the terminal to the user's editor for `path` and takes it back.
    fn edit_externally(&mut self, terminal: &mut Terminal<B>, path: &Path) -> anyhow::Result<()>;

    /// Re-reads the whole folder (restarting its watch where the host owns one).
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
        loop {
            self.terminal.draw(|frame| crate::ui::draw(frame, &self.app, &self.styles))?;
            let first = match self.next(last_input) {
                Ok(action) => action,
                Err(end) => return Ok(end),
            };
            // Apply everything already waiting before drawing again: bursts cost one frame.
            let waiting: Vec<Action> = std::iter::once(first).chain(self.events.try_iter()).collect();
            for action in waiting {
                if matches!(action, Action::Key(_) | Action::Paste(_) | Action::Resize(..)) {
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
        let mut next = self.app.update(action);
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
                host.reload(&mut self.jobs, &self.app.root);
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
            Effect::OpenEditor(path) => {
                if let Err(err) = host.edit_externally(&mut self.terminal, &path) {
                    return Ok(Step::Then(Action::Say(Message { text: format!("{err:#}"), level: Level::Error })));
                }
                // Re-read on the write lane, after any save still running.
                Write::Reread(path)
            }
            write => match Write::from_effect(write, &self.app.root) {
                Some(write) => write,
                None => return Ok(Step::Done),
            },
        };
        self.jobs.write(write);
        Ok(Step::Done)
    }
}

/// What the loop does after an effect.
enum Step {
    /// Leave.
    Quit,
    /// Tell the app this.
    Then(Action),
    /// Nothing more now (a job will answer later, if at all).
    Done,
}
