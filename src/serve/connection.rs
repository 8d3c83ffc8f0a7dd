//! One SSH connection: who it is (public keys only, both lists re-read per attempt), what it asks
//! for (one interactive session; everything else refused with a one-line reason), and the keys it
//! sends on to its session.

use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};

use super::input::{ESC_TIMEOUT, Event, Input};
use super::keys::{self, List};
use super::terminal::{self, ChannelOut, Pictures, Start};
use super::{Server, client_depth};
use crate::app::Action;
use crate::images::detect;
use crate::jobs::Jobs;
use crate::session::Limits;

/// The env requests taken from a client; everything else is ignored.
const ENV_KEPT: &[&str] = &["TERM", "COLORTERM", "NO_COLOR", "LANG"];
/// No env value longer than this is kept.
const MAX_ENV_VALUE: usize = 256;
/// A terminal no bigger than this is drawn; larger sizes are cut to it.
const MAX_SIDE: u32 = 1000;

/// What the log line says about a connection; filled in as it goes.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The key that got in (or the last one tried).
    pub fingerprint: Option<String>,
    /// The list that let it in.
    pub list: Option<List>,
    /// How it ended.
    pub outcome: Option<String>,
}

/// The log record, shared with the task that writes the line when the connection ends.
pub type SharedRecord = Arc<Mutex<Record>>;

/// One client connection's state.
pub struct Connection {
    server: Arc<Server>,
    /// Over this address's rate: every attempt is refused, with the reason in the banner.
    limited: bool,
    record: SharedRecord,
    list: Option<List>,
    channel: Option<ChannelId>,
    env: HashMap<String, String>,
    size: Option<(u16, u16)>,
    input: Arc<Mutex<Input>>,
    /// Bumped by each packet, so a pending Esc timer knows whether more bytes came.
    packets: Arc<std::sync::atomic::AtomicU64>,
    events: Option<Sender<Action>>,
    /// The terminal's answers about graphics, while they are awaited.
    answers: Option<Answers>,
}

/// A terminal's answers to the graphics query, gathered packet by packet. The same bytes also
/// go through the input parser, which makes no keys of them.
struct Answers {
    bytes: Vec<u8>,
    tx: std::sync::mpsc::SyncSender<Vec<u8>>,
}

impl Answers {
    /// Takes a packet; true once the answers are complete (and sent on) or no longer awaited.
    fn feed(&mut self, data: &[u8]) -> bool {
        let room = detect::MAX_ANSWER.saturating_sub(self.bytes.len());
        self.bytes.extend_from_slice(&data[..data.len().min(room)]);
        if !detect::complete(&self.bytes) && self.bytes.len() < detect::MAX_ANSWER {
            return false;
        }
        // The session may have stopped waiting: then nobody reads this, which is fine.
        let _ = self.tx.try_send(std::mem::take(&mut self.bytes));
        true
    }
}

impl Connection {
    /// A new connection; `limited` when its address is over the rate.
    pub fn new(server: Arc<Server>, limited: bool, record: SharedRecord) -> Self {
        Connection {
            server,
            limited,
            record,
            list: None,
            channel: None,
            env: HashMap::new(),
            size: None,
            input: Arc::default(),
            packets: Arc::default(),
            events: None,
            answers: None,
        }
    }

    /// The methods offered: public keys, and "none" when anyone may read.
    pub fn methods(anonymous: bool) -> MethodSet {
        let mut methods = MethodSet::empty();
        if anonymous {
            methods.push(MethodKind::None);
        }
        methods.push(MethodKind::PublicKey);
        methods
    }

    fn note(&self, change: impl FnOnce(&mut Record)) {
        change(&mut self.record.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn refuse_outcome(&self, why: &str) {
        self.note(|r| {
            r.outcome.get_or_insert_with(|| format!("refused: {why}"));
        });
    }

    fn admit(&mut self, list: List, key: Option<&PublicKey>) -> Auth {
        self.list = Some(list);
        let fingerprint = key.map(keys::fingerprint);
        self.note(|r| {
            r.list = Some(list);
            r.fingerprint = fingerprint.or(r.fingerprint.take());
        });
        Auth::Accept
    }

    /// Says `line` on the channel's stderr, then ends it with exit status 1.
    fn refuse_channel(&self, channel: ChannelId, session: &mut Session, why: &str, line: &str) -> Result<(), russh::Error> {
        self.refuse_outcome(why);
        session.extended_data(channel, 1, format!("quire: {line}\r\n"))?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)
    }

    /// Sends parsed input on to the session; a lone Esc waits [`ESC_TIMEOUT`] for the rest.
    fn forward(&self, events: Vec<Event>) {
        let Some(tx) = &self.events else { return };
        for event in events {
            let action = match event {
                Event::Key(key) => Action::Key(key),
                Event::Paste(text) => Action::Paste(text),
                Event::Mouse(mouse) => Action::Mouse(mouse),
            };
            let _ = tx.send(action);
        }
    }

    /// How this client's pictures are drawn: as `images` says, asking its terminal when `auto`
    /// (the answers come back in [`Handler::data`], gathered in `self.answers`).
    fn pictures(&mut self, depth: crate::color::ColorDepth) -> Pictures {
        let mode = self.server.setup.config.images;
        if depth == crate::color::ColorDepth::None {
            return Pictures::Known(None);
        }
        if mode != crate::images::Mode::Auto {
            return Pictures::Known(detect::choose(mode, &detect::Replies::default(), None));
        }
        let (tx, answers) = std::sync::mpsc::sync_channel(1);
        self.answers = Some(Answers { bytes: Vec::new(), tx });
        Pictures::Ask { mode, answers }
    }

    fn start_session(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), russh::Error> {
        let Some((width, height)) = self.size else {
            return self.refuse_channel(channel, session, "no terminal", "the reader needs a terminal: connect with `ssh -t`");
        };
        let Some(slot) = self.server.sessions.take() else {
            return self.refuse_channel(channel, session, "full", "quire is full, try later");
        };
        let list = self.list.unwrap_or(List::Anonymous);
        let depth = client_depth(self.server.color, |k| self.env.get(k).cloned());
        let (app, styles) = self.server.setup.app(self.server.shared.root().to_path_buf(), depth, list.access());
        let pictures = self.pictures(depth);
        let (tx, rx) = std::sync::mpsc::channel();
        self.server.shared.join(tx.clone());
        let limits = Limits { idle: Some(self.server.config.idle_timeout), until: Some(Instant::now() + self.server.config.max_session) };
        let start = Start { app, pictures, styles, size: (width, height), events: rx, jobs: Jobs::new(tx.clone()), limits };
        self.events = Some(tx);
        let out = ChannelOut::new(session.handle(), channel, tokio::runtime::Handle::current());
        let record = Arc::clone(&self.record);
        let spawned = std::thread::Builder::new().name("quire-session".into()).spawn(move || {
            // Said and the place given back before the channel closes: the client may come back at once.
            terminal::run(out, start, move |outcome| {
                record.lock().unwrap_or_else(PoisonError::into_inner).outcome.get_or_insert_with(|| outcome.describe());
                drop(slot);
            });
        });
        if spawned.is_err() {
            return self.refuse_channel(channel, session, "no thread", "quire is full, try later");
        }
        session.channel_success(channel)
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        if !self.limited {
            return Ok(None);
        }
        let wait = self.server.rate.retry_after().as_secs().max(1);
        Ok(Some(format!("quire: too many connections from your address; try again in {wait} s\r\n")))
    }

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        if self.server.config.anonymous && !self.limited {
            return Ok(self.admit(List::Anonymous, None));
        }
        Ok(Auth::reject())
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        self.refuse_outcome("password");
        Ok(Auth::reject())
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        self.refuse_outcome("keyboard-interactive");
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(&mut self, _user: &str, offer: PublicKeyOffer<'_>) -> Result<Auth, Self::Error> {
        let known = !self.limited && (self.server.config.anonymous || keys::lookup(offer.public_key, &self.server.config).is_some());
        if !known {
            let fingerprint = keys::fingerprint(offer.public_key);
            self.note(|r| r.fingerprint = Some(fingerprint));
            self.refuse_outcome(if self.limited { "rate limit" } else { "unknown key" });
        }
        Ok(if known { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey(&mut self, _user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        let fingerprint = keys::fingerprint(key.public_key);
        self.note(|r| r.fingerprint = Some(fingerprint));
        if self.limited {
            self.refuse_outcome("rate limit");
            return Ok(Auth::reject());
        }
        // Re-read now: a key added a moment ago gets in, one removed does not.
        match keys::lookup(key.public_key, &self.server.config) {
            Some(list) => Ok(self.admit(list, Some(key.public_key))),
            None if self.server.config.anonymous => Ok(self.admit(List::Anonymous, Some(key.public_key))),
            None => {
                self.refuse_outcome("unknown key");
                Ok(Auth::reject())
            }
        }
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.note(|r| r.outcome = None);
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One reader per connection: a second session channel is refused.
        if self.channel.is_some() {
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host: &str,
        port: u32,
        _originator_address: &str,
        _originator_port: u32,
        _reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Dropping the reply refuses it ("administratively prohibited").
        self.refuse_outcome(&format!("port forwarding to {}:{port}", crate::text::sanitize(host)));
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        _reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_outcome("X11");
        Ok(())
    }

    async fn tcpip_forward(&mut self, _address: &str, _port: &mut u32, _session: &mut Session) -> Result<bool, Self::Error> {
        self.refuse_outcome("remote port forwarding");
        Ok(false)
    }

    async fn streamlocal_forward(&mut self, _path: &str, _session: &mut Session) -> Result<bool, Self::Error> {
        self.refuse_outcome("socket forwarding");
        Ok(false)
    }

    async fn agent_request(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<bool, Self::Error> {
        self.refuse_outcome("agent forwarding");
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_outcome("X11");
        session.channel_failure(channel)
    }

    async fn env_request(&mut self, channel: ChannelId, name: &str, value: &str, session: &mut Session) -> Result<(), Self::Error> {
        if ENV_KEPT.contains(&name) && value.len() <= MAX_ENV_VALUE {
            self.env.insert(name.to_string(), value.to_string());
            return session.channel_success(channel);
        }
        session.channel_failure(channel)
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        width: u32,
        height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if term.len() <= MAX_ENV_VALUE {
            self.env.insert("TERM".into(), term.to_string());
        }
        self.size = Some(clamp_size(width, height));
        session.channel_success(channel)
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        width: u32,
        height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (width, height) = clamp_size(width, height);
        self.size = Some((width, height));
        if let Some(tx) = &self.events {
            let _ = tx.send(Action::Resize(width, height));
        }
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        if self.events.is_some() || self.channel != Some(channel) {
            return session.channel_failure(channel);
        }
        self.start_session(channel, session)
    }

    async fn exec_request(&mut self, channel: ChannelId, _command: &[u8], session: &mut Session) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        self.refuse_channel(channel, session, "exec", "quire serve runs no commands; connect without one to read the blog")
    }

    async fn subsystem_request(&mut self, channel: ChannelId, name: &str, session: &mut Session) -> Result<(), Self::Error> {
        let why = format!("subsystem {}", crate::text::sanitize(name));
        self.refuse_outcome(&why);
        session.extended_data(channel, 1, "quire: no file transfer or subsystems here; connect without one to read the blog\r\n")?;
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn data(&mut self, _channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        if self.answers.as_mut().is_some_and(|answers| answers.feed(data)) {
            self.answers = None;
        }
        let packet = self.packets.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let (events, pending) = {
            let mut input = self.input.lock().unwrap_or_else(PoisonError::into_inner);
            (input.feed(data), input.esc_pending())
        };
        self.forward(events);
        if pending && let Some(tx) = self.events.clone() {
            let (input, packets) = (Arc::clone(&self.input), Arc::clone(&self.packets));
            tokio::spawn(async move {
                tokio::time::sleep(ESC_TIMEOUT).await;
                // Still the last packet: nothing completed the sequence, so it was the Esc key.
                if packets.load(std::sync::atomic::Ordering::SeqCst) == packet {
                    let esc = input.lock().unwrap_or_else(PoisonError::into_inner).flush_escape();
                    if let Some(Event::Key(key)) = esc {
                        let _ = tx.send(Action::Key(key));
                    }
                }
            });
        }
        Ok(())
    }

    async fn channel_eof(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.hang_up();
        Ok(())
    }

    async fn channel_close(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.hang_up();
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.hang_up();
    }
}

impl Connection {
    /// Ends the session when its client has gone.
    fn hang_up(&mut self) {
        // The client is gone, but the watcher and the jobs still hold senders of the session's
        // events, so it would wait on: press its always-quit key for it (ctrl-c quits everywhere).
        if let Some(tx) = self.events.take() {
            self.note(|r| {
                r.outcome.get_or_insert_with(|| "closed".into());
            });
            let _ = tx.send(Action::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char('c'),
                crossterm::event::KeyModifiers::CONTROL,
            )));
        }
    }
}

/// A terminal size as the app takes it: at least 1x1, at most [`MAX_SIDE`] a side.
fn clamp_size(width: u32, height: u32) -> (u16, u16) {
    let side = |n: u32| n.clamp(1, MAX_SIDE) as u16;
    (side(width), side(height))
}
