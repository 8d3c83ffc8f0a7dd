//! `[serve]`: where `quire serve` listens, whose keys get in, and its limits, each with a safe default.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::Spanned;
use toml::de::DeValue;

use super::{Problem, boolean, expand_home, integer, non_empty};

/// Where `quire serve` listens unless told otherwise: this machine only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";

/// Every key `[serve]` may hold.
pub const SERVE_KEYS: &[&str] = &[
    "listen",
    "readers",
    "reviewers",
    "anonymous",
    "max_sessions",
    "connections_per_minute",
    "idle_timeout",
    "max_session",
    "max_auth_attempts",
    "rejection_delay_ms",
];

/// The settings of `quire serve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// The address and port to listen on.
    pub listen: SocketAddr,
    /// An OpenSSH `authorized_keys` file: these keys see published posts. `~` is expanded;
    /// a relative path is resolved against the config file's folder by [`ServeConfig::resolve`].
    pub readers: Option<PathBuf>,
    /// Like `readers`, but these keys see drafts and scheduled posts too.
    pub reviewers: Option<PathBuf>,
    /// Anyone gets in, to the published posts only.
    pub anonymous: bool,
    /// Sessions open at once; the next is told the server is full.
    pub max_sessions: usize,
    /// New connections per minute from one address (a token bucket that refills evenly).
    pub connections_per_minute: u32,
    /// A session with no key pressed for this long is closed.
    pub idle_timeout: Duration,
    /// No session lasts longer than this.
    pub max_session: Duration,
    /// Authentication attempts before a connection is dropped; ssh's first "none" probe counts.
    pub max_auth_attempts: usize,
    /// How long a rejected authentication waits before it is answered (slows guessing).
    pub rejection_delay: Duration,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: DEFAULT_LISTEN.parse().expect("the default address parses"),
            readers: None,
            reviewers: None,
            anonymous: false,
            max_sessions: 32,
            connections_per_minute: 30,
            idle_timeout: Duration::from_secs(30 * 60),
            max_session: Duration::from_secs(8 * 60 * 60),
            max_auth_attempts: 6,
            rejection_delay: Duration::from_secs(1),
        }
    }
}

impl ServeConfig {
    /// Key file paths made absolute: relative ones are relative to the config file's folder.
    pub fn resolve(mut self, config_dir: Option<&Path>) -> Self {
        let resolve = |path: PathBuf| match config_dir {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path,
        };
        self.readers = self.readers.map(resolve);
        self.reviewers = self.reviewers.map(resolve);
        self
    }
}

/// Reads the `[serve]` table into `serve`: every good key is kept; the first bad one is the answer.
pub(super) fn parse(value: &Spanned<DeValue>, serve: &mut ServeConfig) -> Result<(), Problem> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(Problem {
            message: format!("`serve`: expected a table like [serve], found {}", value.get_ref().type_str()),
            span: None,
        });
    };
    let mut first = None;
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        if let Err(message) = set(serve, name, value.get_ref()) {
            let span = if SERVE_KEYS.contains(&name) { value.span() } else { key.span() };
            first.get_or_insert(Problem { message, span: Some(span) });
        }
    }
    first.map_or(Ok(()), Err)
}

fn set(serve: &mut ServeConfig, key: &str, value: &DeValue) -> Result<(), String> {
    let seconds = |value| integer(value, 1, 7 * 24 * 60 * 60).map(Duration::from_secs);
    let result = match key {
        "listen" => non_empty(value).and_then(|s| {
            s.trim().parse().map(|a| serve.listen = a).map_err(|_| format!("\"{s}\" is not an address like \"127.0.0.1:2222\""))
        }),
        "readers" => non_empty(value).map(|s| serve.readers = Some(expand_home(s.trim()))),
        "reviewers" => non_empty(value).map(|s| serve.reviewers = Some(expand_home(s.trim()))),
        "anonymous" => boolean(value).map(|b| serve.anonymous = b),
        "max_sessions" => integer(value, 1, 10_000).map(|n| serve.max_sessions = n as usize),
        "connections_per_minute" => integer(value, 1, 100_000).map(|n| serve.connections_per_minute = n as u32),
        "idle_timeout" => seconds(value).map(|d| serve.idle_timeout = d),
        "max_session" => seconds(value).map(|d| serve.max_session = d),
        "max_auth_attempts" => integer(value, 2, 100).map(|n| serve.max_auth_attempts = n as usize),
        "rejection_delay_ms" => integer(value, 0, 60_000).map(|n| serve.rejection_delay = Duration::from_millis(n)),
        _ => return Err(format!("unknown key `serve.{key}` (known keys: {})", SERVE_KEYS.join(", "))),
    };
    result.map_err(|problem| format!("`serve.{key}`: {problem}; keeping the default"))
}

#[cfg(test)]
mod tests {
    use super::super::parse as parse_config;
    use super::*;

    #[test]
    fn every_serve_setting_is_read_and_relative_key_files_are_beside_the_config() {
        let text = r#"
[serve]
listen = "0.0.0.0:2200"
readers = "readers.keys"
reviewers = "/etc/quire/reviewers"
anonymous = true
max_sessions = 4
connections_per_minute = 10
idle_timeout = 60
max_session = 3600
max_auth_attempts = 3
rejection_delay_ms = 250
"#;
        let (config, warnings) = parse_config(text, "config.toml");
        assert!(warnings.is_empty(), "{warnings:?}");
        let serve = config.serve.resolve(Some(Path::new("/home/me/.config/quire")));
        assert_eq!(serve.listen, "0.0.0.0:2200".parse().unwrap());
        assert_eq!(serve.readers, Some(PathBuf::from("/home/me/.config/quire/readers.keys")));
        assert_eq!(serve.reviewers, Some(PathBuf::from("/etc/quire/reviewers")));
        assert!(serve.anonymous);
        assert_eq!(serve.max_sessions, 4);
        assert_eq!(serve.connections_per_minute, 10);
        assert_eq!(serve.idle_timeout, Duration::from_secs(60));
        assert_eq!(serve.max_session, Duration::from_secs(3600));
        assert_eq!(serve.max_auth_attempts, 3);
        assert_eq!(serve.rejection_delay, Duration::from_millis(250));
    }

    #[test]
    fn a_bad_serve_value_is_named_with_its_line_and_the_rest_still_applies() {
        let (config, warnings) = parse_config("[serve]\nmax_sessions = 8\nlisten = \"everywhere\"\nport = 22\n", "config.toml");
        assert_eq!(config.serve.max_sessions, 8);
        assert_eq!(config.serve.listen, ServeConfig::default().listen);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("config.toml, line 3: `serve.listen`: \"everywhere\" is not an address"), "{warnings:?}");
    }

    #[test]
    fn the_defaults_listen_on_this_machine_only_and_let_nobody_in() {
        let serve = ServeConfig::default();
        assert!(serve.listen.ip().is_loopback());
        assert!(!serve.anonymous && serve.readers.is_none() && serve.reviewers.is_none());
        assert_eq!(serve.max_sessions, 32);
        assert_eq!(serve.idle_timeout, Duration::from_secs(1800));
    }
}
