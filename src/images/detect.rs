//! Which graphics protocol a terminal speaks, found by asking it: environment variables are not
//! passed over SSH, so only the terminal's own answers are trusted. One query asks for kitty
//! graphics (a 1×1 test image), the device attributes (sixel is attribute 4), the cell size in
//! pixels, and the terminal's name (XTVERSION: iTerm2 and WezTerm answer it), and ends with a
//! status report every terminal answers, so the reply's end is known.

use super::{DEFAULT_CELL, Graphics, Mode, Protocol};

/// The query, wrapped for tmux's passthrough when `tmux` (tmux then hands the questions on to the
/// terminal outside it; its own answers to the rest are those of tmux).
pub fn query(tmux: bool) -> String {
    let inner = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\\x1b[>0q\x1b[16t\x1b[c";
    if tmux {
        // Inside a passthrough every ESC is doubled; the final status report goes to tmux itself.
        format!("\x1bPtmux;{}\x1b\\\x1b[5n", inner.replace('\x1b', "\x1b\x1b"))
    } else {
        format!("{inner}\x1b[5n")
    }
}

/// What the terminal said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replies {
    /// It answered the kitty graphics query with OK.
    pub kitty: bool,
    /// Its device attributes include sixel graphics.
    pub sixel: bool,
    /// Its cell size in pixels (width, height).
    pub cell: Option<(u16, u16)>,
    /// Its name and version, from XTVERSION.
    pub name: Option<String>,
    /// The closing status report came: every answer is in.
    pub done: bool,
}

/// Reads the terminal's answers (any other bytes, such as keys typed meanwhile, are skipped).
pub fn parse(bytes: &[u8]) -> Replies {
    let mut replies = Replies::default();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != 0x1b || i + 1 >= bytes.len() {
            i += 1;
            continue;
        }
        let rest = &bytes[i + 2..];
        match bytes[i + 1] {
            // APC (kitty) and DCS (XTVERSION) end with ST (ESC \).
            b'_' | b'P' => {
                let Some(end) = rest.windows(2).position(|w| w == b"\x1b\\") else { break };
                let body = &rest[..end];
                if bytes[i + 1] == b'_' && body.starts_with(b"Gi=31") && body.ends_with(b";OK") {
                    replies.kitty = true;
                }
                if bytes[i + 1] == b'P'
                    && let Some(name) = body.strip_prefix(b">|")
                {
                    replies.name = Some(crate::text::one_line(&String::from_utf8_lossy(name)));
                }
                i += 2 + end + 2;
            }
            b'[' => {
                let Some(end) = rest.iter().position(|b| (0x40..=0x7e).contains(b)) else { break };
                let params = String::from_utf8_lossy(&rest[..end]);
                match rest[end] {
                    b'c' if params.starts_with('?') => replies.sixel |= params[1..].split(';').any(|p| p == "4"),
                    b't' => {
                        let parts: Vec<u16> = params.split(';').filter_map(|p| p.parse().ok()).collect();
                        if let [6, height, width] = parts[..]
                            && width > 0
                            && height > 0
                        {
                            replies.cell = Some((width, height));
                        }
                    }
                    b'n' if params == "0" => replies.done = true,
                    _ => {}
                }
                i += 2 + end + 1;
            }
            _ => i += 1,
        }
    }
    replies
}

/// Whether a reply is complete: the closing status report has come.
pub fn complete(bytes: &[u8]) -> bool {
    parse(bytes).done
}

/// The graphics to use: `None` when images are off. `tmux` says whether quire runs inside tmux
/// and, if so, whether its passthrough is allowed (`Some(true)`); without it only half blocks
/// reach the screen.
pub fn choose(mode: Mode, replies: &Replies, tmux: Option<bool>) -> Option<Graphics> {
    let cell = replies.cell.unwrap_or(DEFAULT_CELL);
    let in_tmux = tmux.is_some();
    let graphics = |protocol| Graphics { protocol, cell, tmux: in_tmux };
    let passthrough = tmux.unwrap_or(true);
    match mode {
        Mode::Off => None,
        Mode::Fixed(Protocol::Halfblocks) => Some(graphics(Protocol::Halfblocks)),
        Mode::Fixed(protocol) if passthrough => Some(graphics(protocol)),
        Mode::Fixed(_) => Some(graphics(Protocol::Halfblocks)),
        Mode::Auto => {
            let name = replies.name.as_deref().unwrap_or_default().to_ascii_lowercase();
            let protocol = if !passthrough {
                Protocol::Halfblocks
            } else if name.starts_with("iterm2") || name.starts_with("wezterm") {
                // WezTerm speaks kitty's protocol without its placeholders; iTerm2's it does fully.
                Protocol::Iterm2
            } else if replies.kitty {
                Protocol::Kitty
            } else if replies.sixel {
                Protocol::Sixel
            } else {
                Protocol::Halfblocks
            };
            Some(graphics(protocol))
        }
    }
}

/// Inside tmux (`$TMUX` is set by tmux for what it runs): `None` outside; inside, whether its
/// `allow-passthrough` option is on for this pane. Asks tmux, never changes its options.
pub fn local_tmux() -> Option<bool> {
    std::env::var_os("TMUX").filter(|v| !v.is_empty())?;
    let output = std::process::Command::new("tmux")
        .args(["show-options", "-p", "-v", "allow-passthrough"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    let on = output.ok().filter(|o| o.status.success()).is_some_and(|o| {
        let value = String::from_utf8_lossy(&o.stdout);
        matches!(value.trim(), "on" | "all")
    });
    Some(on)
}

/// The most answer bytes read: a terminal that goes on talking is not listened to for ever.
pub const MAX_ANSWER: usize = 4096;

/// How long the local terminal gets to answer: over SSH an answer takes a round trip.
const ANSWER_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// The graphics of the terminal quire runs in, asking it when `mode` is `auto`. Call before
/// anything else reads the terminal's input (the answers arrive there).
pub fn local(mode: Mode) -> Option<Graphics> {
    use std::io::{IsTerminal, Write};
    if mode == Mode::Off || !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return choose(mode, &Replies::default(), None).filter(|_| mode != Mode::Auto);
    }
    let tmux = local_tmux();
    let mut replies = Replies::default();
    if mode == Mode::Auto {
        let was_raw = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
        if was_raw || crossterm::terminal::enable_raw_mode().is_ok() {
            let mut out = std::io::stdout();
            if out.write_all(query(tmux.is_some()).as_bytes()).and_then(|()| out.flush()).is_ok() {
                replies = parse(&read_answers(ANSWER_WAIT));
            }
            if !was_raw {
                let _ = crossterm::terminal::disable_raw_mode();
            }
        }
    }
    if replies.cell.is_none() {
        // The kernel may know the window's pixels (not every terminal fills them in).
        replies.cell = crossterm::terminal::window_size().ok().and_then(|w| {
            let (cw, ch) = (w.width.checked_div(w.columns)?, w.height.checked_div(w.rows)?);
            (cw > 0 && ch > 0).then_some((cw, ch))
        });
    }
    choose(mode, &replies, tmux)
}

/// How long a terminal that has said nothing at all is waited for. A terminal that answers says
/// its first word within a round trip (over SSH too); one silent this long (a serial console, a
/// bare pty) would make every start wait the whole [`ANSWER_WAIT`] for nothing.
const SILENCE_WAIT: std::time::Duration = std::time::Duration::from_millis(400);

/// Reads the terminal's answers from stdin until the closing status report, [`ANSWER_WAIT`], or
/// [`SILENCE_WAIT`] of silence from the start.
#[cfg(unix)]
fn read_answers(wait: std::time::Duration) -> Vec<u8> {
    read_answers_from(libc::STDIN_FILENO, wait, SILENCE_WAIT)
}

/// Reads answers from `fd` until they are complete, `wait` passes, or nothing at all came in
/// `silence`.
#[cfg(unix)]
fn read_answers_from(fd: libc::c_int, wait: std::time::Duration, silence: std::time::Duration) -> Vec<u8> {
    let start = std::time::Instant::now();
    let mut answers = Vec::new();
    while !complete(&answers) && answers.len() < MAX_ANSWER {
        let deadline = start + if answers.is_empty() { silence.min(wait) } else { wait };
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            break;
        }
        let mut poll = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
        let ms = libc::c_int::try_from(left.as_millis()).unwrap_or(libc::c_int::MAX).max(1);
        // SAFETY: one valid pollfd, its count, a timeout.
        if unsafe { libc::poll(&mut poll, 1, ms) } <= 0 {
            break;
        }
        let mut buf = [0u8; 256];
        // SAFETY: reads at most buf.len() bytes into buf.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        answers.extend_from_slice(&buf[..n as usize]);
    }
    answers
}

#[cfg(not(unix))]
fn read_answers(_wait: std::time::Duration) -> Vec<u8> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_read_among_other_bytes() {
        let kitty = b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;22c\x1b[0n";
        let r = parse(kitty);
        assert_eq!(r, Replies { kitty: true, sixel: false, cell: Some((10, 20)), name: None, done: true });
        let foot = b"x\x1b[?62;4;22c\x1bP>|foot(1.16)\x1b\\\x1b[6;17;8t\x1b[0n";
        let r = parse(foot);
        assert!(r.sixel && !r.kitty && r.done);
        assert_eq!((r.cell, r.name.as_deref()), (Some((8, 17)), Some("foot(1.16)")));
        assert!(!parse(b"\x1b[?62;4c").done, "no status report yet");
        assert!(!parse(b"\x1b_Gi=31;ENOTSUPPORTED\x1b\\\x1b[0n").kitty);
    }

    #[test]
    fn the_protocol_follows_the_answers_the_setting_and_tmux() {
        let kitty = parse(b"\x1b_Gi=31;OK\x1b\\\x1b[?62;4c\x1b[0n");
        let sixel = parse(b"\x1b[?62;4c\x1b[0n");
        let iterm = parse(b"\x1bP>|iTerm2 3.5.0\x1b\\\x1b[?62;4c\x1b[0n");
        let plain = parse(b"\x1b[?1;2c\x1b[0n");
        let protocol = |mode, r: &Replies, tmux| choose(mode, r, tmux).map(|g| g.protocol);
        assert_eq!(protocol(Mode::Auto, &kitty, None), Some(Protocol::Kitty));
        assert_eq!(protocol(Mode::Auto, &sixel, None), Some(Protocol::Sixel));
        assert_eq!(protocol(Mode::Auto, &iterm, None), Some(Protocol::Iterm2));
        assert_eq!(protocol(Mode::Auto, &plain, None), Some(Protocol::Halfblocks));
        assert_eq!(protocol(Mode::Auto, &Replies::default(), None), Some(Protocol::Halfblocks), "no answer at all");
        assert_eq!(protocol(Mode::Auto, &kitty, Some(true)), Some(Protocol::Kitty));
        assert_eq!(protocol(Mode::Auto, &kitty, Some(false)), Some(Protocol::Halfblocks), "tmux without passthrough");
        assert_eq!(protocol(Mode::Fixed(Protocol::Sixel), &plain, None), Some(Protocol::Sixel));
        assert_eq!(protocol(Mode::Off, &kitty, None), None);
        assert!(choose(Mode::Auto, &kitty, Some(true)).is_some_and(|g| g.tmux));
    }

    /// A fake terminal: the read end of a pipe, and what writes its answers into it.
    #[cfg(unix)]
    fn fake_terminal() -> (libc::c_int, std::fs::File) {
        use std::os::fd::FromRawFd;
        let mut fds = [0; 2];
        // SAFETY: two valid slots for the pipe's ends.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "a pipe");
        // SAFETY: the write end is ours alone from here on.
        (fds[0], unsafe { std::fs::File::from_raw_fd(fds[1]) })
    }

    #[cfg(unix)]
    fn close(fd: libc::c_int) {
        // SAFETY: the read end made by fake_terminal, closed once.
        unsafe { libc::close(fd) };
    }

    #[cfg(unix)]
    #[test]
    fn a_silent_terminal_is_given_up_on_long_before_the_answer_wait() {
        let (fd, _answers) = fake_terminal();
        let start = std::time::Instant::now();
        let read = read_answers_from(fd, ANSWER_WAIT, SILENCE_WAIT);
        let took = start.elapsed();
        close(fd);
        assert!(read.is_empty());
        // (poll counts whole milliseconds: a hair under the bound is the bound.)
        assert!(took >= SILENCE_WAIT / 2 && took < ANSWER_WAIT / 2, "waited {took:?} for a terminal that says nothing");
    }

    #[cfg(unix)]
    #[test]
    fn answers_are_read_until_the_status_report_even_when_they_trickle_in() {
        use std::io::Write;
        let (fd, mut terminal) = fake_terminal();
        let (read_done, done) = std::sync::mpsc::channel::<()>();
        let answering = std::thread::spawn(move || {
            // The first word comes in time; the rest after the silence bound has passed.
            for (pause, piece) in [(100, &b"\x1b_Gi=31;OK\x1b\\"[..]), (400, b"\x1b[?62;4c"), (200, b"\x1b[0n")] {
                std::thread::sleep(std::time::Duration::from_millis(pause));
                terminal.write_all(piece).expect("answer");
            }
            // Still open: the read ends at the status report, not at the end of the input.
            let _ = done.recv_timeout(ANSWER_WAIT * 2);
        });
        let start = std::time::Instant::now();
        let read = read_answers_from(fd, ANSWER_WAIT, SILENCE_WAIT);
        let took = start.elapsed();
        read_done.send(()).expect("the fake terminal waits");
        close(fd);
        let replies = parse(&read);
        assert!(replies.done && replies.kitty && replies.sixel, "{:?}", String::from_utf8_lossy(&read));
        assert!(took < ANSWER_WAIT, "ended at the status report: {took:?}");
        answering.join().expect("the fake terminal");
    }

    #[test]
    fn the_query_ends_with_a_status_report_and_is_wrapped_for_tmux() {
        assert!(query(false).ends_with("\x1b[5n"));
        let wrapped = query(true);
        assert!(wrapped.starts_with("\x1bPtmux;\x1b\x1b_G"));
        assert!(wrapped.ends_with("\x1b\\\x1b[5n"));
    }
}
