//! A served session's terminal: frames drawn by the same `ui::draw` as the local TUI (so every
//! byte is sanitised the same way) go out over the SSH channel; the session runs on a thread of
//! its own, and a panic in it ends that session alone, with the client's terminal restored.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;

use crate::app::{Action, App};
use crate::images::detect::{self, Replies};
use crate::images::{Graphics, Mode};
use crate::jobs::Jobs;
use crate::session::{End, Host, Limits, Session};
use crate::theme::UiStyles;

/// Bytes for the client, sent on the channel at each flush (ratatui flushes once per frame).
pub struct ChannelOut {
    handle: Handle,
    channel: ChannelId,
    runtime: tokio::runtime::Handle,
    buffer: Vec<u8>,
    /// The session is over: a client already gone is no error any more (ratatui's clean-up on
    /// drop would otherwise print to the server's log).
    ended: Arc<AtomicBool>,
}

impl ChannelOut {
    /// A writer to `channel`; `runtime` runs the sends (the caller is a plain thread).
    pub fn new(handle: Handle, channel: ChannelId, runtime: tokio::runtime::Handle) -> Self {
        ChannelOut { handle, channel, runtime, buffer: Vec::new(), ended: Arc::default() }
    }

    /// A second writer to the same channel, for what is said after the session's terminal is done.
    fn twin(&self) -> ChannelOut {
        ChannelOut { ended: Arc::clone(&self.ended), ..ChannelOut::new(self.handle.clone(), self.channel, self.runtime.clone()) }
    }

    /// Tells the client the session is over (with this exit status) and closes the channel.
    pub fn close(&self, status: u32) {
        let (handle, channel) = (&self.handle, self.channel);
        self.runtime.block_on(async {
            let _ = handle.exit_status_request(channel, status).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
    }
}

impl Write for ChannelOut {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.buffer);
        // Waits while the channel's window is full: a slow client slows its own session only.
        match self.runtime.block_on(self.handle.data(self.channel, data)) {
            Ok(()) => Ok(()),
            Err(_) if self.ended.load(Ordering::SeqCst) => Ok(()),
            Err(_) => Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")),
        }
    }
}

/// How a served session learns how its client's terminal shows pictures.
#[derive(Debug)]
pub enum Pictures {
    /// Known without asking (the `images` setting, or a terminal without colours).
    Known(Option<Graphics>),
    /// Ask the terminal: the query goes out first, and its answers come back on this channel
    /// (read from the client's input by the connection). No answer in time: half blocks.
    Ask {
        /// The `images` setting (`auto`).
        mode: Mode,
        /// The terminal's answers, once complete.
        answers: Receiver<Vec<u8>>,
    },
}

/// How long a client's terminal gets to answer before its session starts with half blocks.
/// Every terminal answers the closing status report at once, so only a silent one waits this.
pub const ANSWER_WAIT: Duration = Duration::from_millis(1000);

impl Pictures {
    /// The graphics to draw with, asking on `out` if need be.
    fn graphics(self, out: &mut impl Write) -> Option<Graphics> {
        match self {
            Pictures::Known(graphics) => graphics,
            Pictures::Ask { mode, answers } => {
                let asked = out.write_all(detect::query(false).as_bytes()).and_then(|()| out.flush());
                let replies = match asked {
                    Ok(()) => answers.recv_timeout(ANSWER_WAIT).map(|bytes| detect::parse(&bytes)).unwrap_or_default(),
                    Err(_) => Replies::default(),
                };
                detect::choose(mode, &replies, None)
            }
        }
    }
}

/// Everything a served session starts with.
pub struct Start {
    /// The app, before the shared library arrives on `events`.
    pub app: App,
    /// How its pictures are drawn (decided before the first frame).
    pub pictures: Pictures,
    /// The screen's styles at the client's color depth.
    pub styles: UiStyles,
    /// The client's terminal size.
    pub size: (u16, u16),
    /// Keys, resizes, the watcher's changes and job answers.
    pub events: Receiver<Action>,
    /// The session's background work.
    pub jobs: Jobs,
    /// Idle and maximum length.
    pub limits: Limits,
}

/// How a served session ended, for the log and the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It ended as [`End`] says.
    Ended(End),
    /// Drawing failed (the client went away mid-frame).
    Failed(String),
    /// The session panicked; the others go on.
    Panicked,
}

impl Outcome {
    /// The one line the client reads after its terminal is restored, if any.
    fn farewell(&self, limits: &Limits) -> Option<String> {
        let took = |d: std::time::Duration| match d.as_secs() {
            s if s < 60 => format!("{s} s"),
            s => format!("{} min", s.div_ceil(60)),
        };
        match self {
            Outcome::Ended(End::Idle) => Some(format!("quire: closed after {} without a key", limits.idle.map(took).unwrap_or_default())),
            Outcome::Ended(End::TooLong) => Some("quire: this session reached its maximum length; connect again to go on".into()),
            Outcome::Panicked => Some("quire: this session hit a bug and ended (the server goes on); sorry".into()),
            Outcome::Ended(End::Quit | End::Closed) | Outcome::Failed(_) => None,
        }
    }

    /// A few words for the log.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Ended(End::Quit) => "quit".into(),
            Outcome::Ended(End::Closed) => "closed".into(),
            Outcome::Ended(End::Idle) => "idle timeout".into(),
            Outcome::Ended(End::TooLong) => "maximum length".into(),
            Outcome::Failed(reason) => format!("failed: {reason}"),
            Outcome::Panicked => "panicked".into(),
        }
    }
}

/// A served session never writes, never starts an editor and never reloads on its own.
struct Remote;

impl<W: Write> Host<CrosstermBackend<W>> for Remote {
    fn edit_externally(&mut self, _: &mut Terminal<CrosstermBackend<W>>, _: &Path, _: Option<usize>) -> anyhow::Result<()> {
        anyhow::bail!("read-only: no editor over quire serve")
    }

    fn reload(&mut self, _: &mut Jobs, _: &Path) {}
}

/// Runs the session until it ends, then restores the client's terminal, tells `report` how it
/// ended (before the client can see the channel close and hang up), and closes the channel.
pub fn run(out: ChannelOut, start: Start, report: impl FnOnce(&Outcome)) {
    let mut after = out.twin();
    let ended = Arc::clone(&after.ended);
    let outcome = serve(out, &mut after, start, || ended.store(true, Ordering::SeqCst));
    report(&outcome);
    after.close(u32::from(!matches!(outcome, Outcome::Ended(End::Quit | End::Closed))));
}

/// The session drawn on `out` until it ends (`ended` is called then, even after a panic); then
/// the terminal given back and the reason said on `after`.
fn serve(mut out: impl Write, after: &mut impl Write, start: Start, ended: impl FnOnce()) -> Outcome {
    let Start { mut app, pictures, styles, size: (width, height), events, jobs, limits } = start;
    app.set_graphics(pictures.graphics(&mut out));
    app.update(Action::Resize(width, height));
    if crossterm::execute!(out, EnterAlternateScreen, Hide, EnableBracketedPaste).is_err() {
        return Outcome::Ended(End::Closed);
    }
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let terminal = match Terminal::with_options(CrosstermBackend::new(out), TerminalOptions { viewport }) {
        Ok(terminal) => terminal,
        Err(err) => return Outcome::Failed(err.to_string()),
    };
    let mut session = Session::new(app, terminal, styles, events, jobs).with_limits(limits);
    let outcome = match catch_unwind(AssertUnwindSafe(|| session.run(&mut Remote))) {
        Ok(Ok(end)) => Outcome::Ended(end),
        Ok(Err(err)) => Outcome::Failed(format!("{err:#}")),
        Err(_) => Outcome::Panicked,
    };
    // Whatever the session left unsent is dropped with it; then the terminal is given back.
    ended();
    // Dropping it draws too (ratatui shows the cursor): a broken session must not panic here either.
    let _ = catch_unwind(AssertUnwindSafe(|| drop(session)));
    // Mouse reporting off first: a client left with it on would print escapes at every click.
    let _ = after.write_all(crate::session::MOUSE_OFF);
    let _ = crossterm::execute!(after, DisableBracketedPaste, Show, LeaveAlternateScreen);
    if let Some(line) = outcome.farewell(&limits) {
        let _ = after.write_all(format!("{line}\r\n").as_bytes());
        let _ = after.flush();
    }
    outcome
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::mpsc;

    use super::*;
    use crate::app::Options;

    /// A client's terminal that takes the first frame, then panics mid-write: a bug in a session.
    struct Breaks(usize);

    impl Write for Breaks {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            self.0 += 1;
            assert!(self.0 < 3, "a bug while drawing");
            Ok(())
        }
    }

    #[test]
    fn a_session_that_panics_ends_alone_with_the_clients_terminal_restored_and_a_reason() {
        let (tx, events) = mpsc::channel();
        let app = App::new(PathBuf::from("/nowhere"), Options::default());
        let start = Start {
            app,
            pictures: Pictures::Known(None),
            styles: UiStyles::default(),
            size: (40, 10),
            events,
            jobs: Jobs::new(tx.clone()),
            limits: Limits::default(),
        };
        tx.send(Action::Resize(50, 12)).unwrap();
        let mut after = Vec::new();
        let mut ended = false;
        let outcome = serve(Breaks(0), &mut after, start, || ended = true);
        assert_eq!(outcome, Outcome::Panicked);
        assert!(ended);
        let after = String::from_utf8(after).unwrap();
        assert!(after.contains("\x1b[?2004l") && after.contains("\x1b[?25h") && after.contains("\x1b[?1049l"), "{after:?}");
        assert!(after.starts_with("\x1b[?1006l\x1b[?1000l"), "mouse reporting off: {after:?}");
        assert!(after.ends_with("quire: this session hit a bug and ended (the server goes on); sorry\r\n"), "{after:?}");
        assert_eq!(outcome.describe(), "panicked");
    }
}
