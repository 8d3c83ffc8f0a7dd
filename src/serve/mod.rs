//! `quire serve`: the blog as an SSH server. Reviewers run `ssh -p 2222 blog.example.org` and get
//! the same reader as `quire DIR`, read-only, with the posts their key may see.
//!
//! One library and one watcher serve every session ([`shared`]); each connection ([`connection`])
//! authenticates by public key against the `readers` / `reviewers` files, refuses everything but
//! one interactive session, and runs that session on a thread over its channel ([`terminal`]).
//! Limits ([`limits`]) keep one client from starving the others.

mod connection;
pub mod input;
pub mod keys;
pub mod limits;
mod shared;
mod terminal;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::cli::Cli;
use crate::color::{ColorChoice, ColorDepth};
use crate::config::ServeConfig;
use crate::session::Setup;
use connection::{Connection, Record, SharedRecord};
use limits::{RateLimit, Sessions};
use shared::Shared;

/// `quire serve [DIR] [--listen ADDR:PORT]`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The blog folder to serve (default: the configured folder, else the current directory).
    pub dir: Option<PathBuf>,
    /// Where to listen (default: `[serve] listen` in the config, else 127.0.0.1:2222).
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<SocketAddr>,
}

/// What every connection reads: the settings, the shared library, the limits.
pub struct Server {
    config: ServeConfig,
    setup: Setup,
    color: ColorChoice,
    shared: Arc<Shared>,
    sessions: Sessions,
    rate: RateLimit,
}

/// Runs the server until it is killed.
pub fn run(args: &Args, cli: &Cli) -> anyhow::Result<i32> {
    let setup = Setup::load(cli.theme.as_deref());
    let config_dir = crate::config::config_dir().context("no home folder, so no config folder for the host key")?;
    let mut config = setup.config.serve.clone().resolve(Some(&config_dir));
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    let root = args.dir.clone().or_else(|| setup.config.default_dir.clone()).unwrap_or_else(|| PathBuf::from("."));
    let root = std::fs::canonicalize(&root).with_context(|| format!("cannot open {}", root.display()))?;
    for warning in &setup.warnings {
        say(warning);
    }
    let (host_key, created) = keys::host_key(&config_dir)?;
    let fingerprint = keys::fingerprint(host_key.public_key());
    let key_path = config_dir.join(keys::HOST_KEY_FILE);
    let made = if created { "made" } else { "read" };
    say(&format!("host key {fingerprint} ({made} {})", key_path.display()));
    for (path, err) in keys::unreadable(&config) {
        say(&format!("warning: cannot read {} ({}): it lets nobody in", path.display(), crate::post::io_reason(&err)));
    }
    if config.readers.is_none() && config.reviewers.is_none() && !config.anonymous {
        eprintln!("quire: warning: no `readers` or `reviewers` file and `anonymous = false` in [serve]: nobody can get in");
    }

    // Watch before loading, so nothing written in between is missed.
    let debounce = Duration::from_millis(setup.config.debounce_ms);
    let library = shared::open(&root).with_context(|| format!("cannot serve {}", root.display()))?;
    let shared = Arc::new(Shared::new(root.clone(), library));
    let sink = {
        let shared = Arc::clone(&shared);
        move |event| shared.on_watch(event)
    };
    let _watcher =
        crate::watch::Watcher::start(&root, debounce, sink).map_err(|err| say(&format!("warning: live reload is off: {err}"))).ok();
    std::thread::spawn(crate::render::highlight::warm_up);

    let color = cli.color.unwrap_or(setup.config.color);
    let server = Arc::new(Server {
        sessions: Sessions::new(config.max_sessions),
        rate: RateLimit::new(config.connections_per_minute),
        config,
        setup,
        color,
        shared,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the server's runtime")?;
    runtime.block_on(listen(server, host_key))?;
    Ok(0)
}

/// The russh settings from `[serve]`.
fn ssh_config(config: &ServeConfig, host_key: russh::keys::PrivateKey) -> russh::server::Config {
    russh::server::Config {
        methods: Connection::methods(config.anonymous),
        auth_rejection_time: config.rejection_delay,
        // OpenSSH starts with a "none" probe: answering it at once costs nothing.
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: config.max_auth_attempts,
        keys: vec![host_key],
        // The session ends itself when idle (restoring the client's terminal); this catches
        // connections that never get that far.
        inactivity_timeout: Some(config.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(60)),
        nodelay: true,
        ..Default::default()
    }
}

async fn listen(server: Arc<Server>, host_key: russh::keys::PrivateKey) -> anyhow::Result<()> {
    let listener =
        tokio::net::TcpListener::bind(server.config.listen).await.with_context(|| format!("cannot listen on {}", server.config.listen))?;
    let address = listener.local_addr()?;
    say(&format!("serving {} on {address} (ssh -p {} {})", server.shared.root().display(), address.port(), address.ip()));
    let config = Arc::new(ssh_config(&server.config, host_key));
    loop {
        let (socket, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait a moment rather than spin.
            Err(err) => {
                say(&format!("cannot accept a connection: {err}"));
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = socket.set_nodelay(true);
        let limited = !server.rate.allow(peer.ip(), Instant::now());
        let record: SharedRecord = Arc::default();
        let handler = Connection::new(Arc::clone(&server), limited, Arc::clone(&record));
        let config = Arc::clone(&config);
        tokio::spawn(async move {
            let started = Instant::now();
            let result = match russh::server::run_stream(config, socket, handler).await {
                Ok(running) => running.await,
                Err(err) => Err(err),
            };
            log(peer, &record, started.elapsed(), result.err());
        });
    }
}

/// One line about the server on stderr, made safe: it quotes the config file and names paths.
fn say(line: &str) {
    eprintln!("quire: {}", crate::cli::terminal_line(line));
}

/// One line per connection on stderr: time, address, key, list, outcome, duration.
fn log(peer: SocketAddr, record: &SharedRecord, took: Duration, error: Option<russh::Error>) {
    let record: Record = record.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let outcome = match (record.outcome, error) {
        (Some(outcome), _) => outcome,
        (None, _) if record.list.is_none() => "refused: no key accepted".into(),
        (None, Some(err)) => format!("error: {}", crate::text::sanitize(&err.to_string())),
        (None, None) => "closed".into(),
    };
    let time = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let key = record.fingerprint.as_deref().unwrap_or("-");
    let list = record.list.map_or("-", keys::List::name);
    eprintln!("{time} {peer} {key} {list} {outcome} {:.1}s", took.as_secs_f64());
}

/// The colors a client's terminal shows, from its `TERM`, `COLORTERM` and `NO_COLOR` (an
/// explicit `--color` or `color =` depth wins, as it does locally).
pub fn client_depth(choice: ColorChoice, var: impl Fn(&str) -> Option<String>) -> ColorDepth {
    let no_color = var("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Auto => ColorDepth::from_env(var),
        ColorChoice::Always => match ColorDepth::from_env(var) {
            ColorDepth::None if !no_color => ColorDepth::Ansi16,
            depth => depth,
        },
        ColorChoice::Never => ColorDepth::None,
        ColorChoice::Ansi16 => ColorDepth::Ansi16,
        ColorChoice::Ansi256 => ColorDepth::Ansi256,
        ColorChoice::TrueColor => ColorDepth::TrueColor,
    }
}
