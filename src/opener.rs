//! Opening a URL with the system's opener: `$BROWSER`, else `xdg-open` (or `open` on macOS), only
//! where a person sits at this machine's display. Called from a job, never on the UI thread.

use std::ffi::OsString;
use std::process::{Command, Stdio};

/// Opens `url`, or says in a few words why it did not (the caller then copies it instead).
/// `var` reads the environment (a parameter, so tests can give their own).
pub fn open(url: &str, var: impl Fn(&str) -> Option<OsString>) -> Result<(), OpenUrlError> {
    if var("SSH_CONNECTION").is_some_and(|v| !v.is_empty()) {
        return Err(OpenUrlError::OverSsh);
    }
    let program = opener(&var).ok_or(OpenUrlError::NoDisplay)?;
    let shown = || program.to_string_lossy().into_owned();
    let status = Command::new(&program)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|source| OpenUrlError::Spawn { program: shown(), source })?;
    if status.success() { Ok(()) } else { Err(OpenUrlError::Failed { program: shown(), status }) }
}

/// Why a URL was not opened; the app then copies it instead and says this.
#[derive(Debug, thiserror::Error)]
pub enum OpenUrlError {
    /// The session is over SSH: a browser would open on the server, not in front of the user.
    #[error("over SSH, nothing opens here")]
    OverSsh,
    /// No `$BROWSER` and no graphical display.
    #[error("no display to open a browser on")]
    NoDisplay,
    /// The opener could not be started.
    #[error("could not run {program}: {source}")]
    Spawn {
        /// The opener's name.
        program: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The opener ran and failed.
    #[error("{program} failed ({status})")]
    Failed {
        /// The opener's name.
        program: String,
        /// How it exited.
        status: std::process::ExitStatus,
    },
}

/// `$BROWSER` when set (its first entry: it may list several, `:`-separated), else the platform's.
fn opener(var: &impl Fn(&str) -> Option<OsString>) -> Option<OsString> {
    if let Some(browser) = var("BROWSER").filter(|b| !b.is_empty()) {
        let first = browser.to_string_lossy().split(':').next().unwrap_or_default().to_string();
        return Some(first.into());
    }
    if cfg!(target_os = "macos") {
        return Some("open".into());
    }
    let display = ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|k| var(k).is_some_and(|v| !v.is_empty()));
    display.then(|| "xdg-open".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> = pairs.iter().map(|(k, v)| ((*k).to_string(), OsString::from(v))).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn browser_gets_the_url_as_its_one_argument() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("arg");
        let fake = dir.path().join("browser");
        std::fs::write(&fake, format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", record.display())).unwrap();
        let mut perms = std::fs::metadata(&fake).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&fake, perms).unwrap();
        let url = "https://example.org/a b?x=1&y='2'";
        // Another test thread may fork while the script is still open for writing here; the
        // child holds that descriptor until it execs, and running the script fails with "text
        // file busy" meanwhile (ETXTBSY): wait that moment out.
        let mut tries = 0;
        let opened = loop {
            match open(url, env(&[("BROWSER", fake.to_str().unwrap())])) {
                Err(OpenUrlError::Spawn { source, .. }) if source.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other,
            }
        };
        opened.unwrap();
        assert_eq!(std::fs::read_to_string(&record).unwrap(), url);
    }

    #[test]
    fn over_ssh_or_without_a_display_nothing_opens() {
        let err = open("https://example.org/", env(&[("SSH_CONNECTION", "1 2 3 4"), ("BROWSER", "/bin/false")])).unwrap_err();
        assert!(matches!(err, OpenUrlError::OverSsh) && err.to_string().contains("SSH"), "{err}");
        if !cfg!(target_os = "macos") {
            assert_eq!(open("https://example.org/", env(&[])).unwrap_err().to_string(), "no display to open a browser on");
        }
        let failed = open("https://example.org/", env(&[("BROWSER", "/bin/false")])).unwrap_err();
        assert!(matches!(failed, OpenUrlError::Failed { .. }) && failed.to_string().contains("failed"), "{failed}");
    }
}
