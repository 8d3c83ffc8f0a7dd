//! Paging long output through the user's pager, as bat and git do.

use std::io::Write;
use std::process::{Command, Stdio};

/// The pager when neither `QUIRE_PAGER` nor `PAGER` names one: `-R` lets colors through.
const DEFAULT_PAGER: &str = "less -R";

/// The pager command line: `QUIRE_PAGER`, else `PAGER`, else `less -R`. A bare `less` gets `-R`,
/// or it would show the escape codes as text. `None` when the variable is set but empty: no pager.
pub fn command() -> Option<String> {
    let chosen = std::env::var("QUIRE_PAGER").or_else(|_| std::env::var("PAGER")).unwrap_or_else(|_| DEFAULT_PAGER.into());
    let chosen = chosen.trim();
    match chosen {
        "" => None,
        "less" => Some(DEFAULT_PAGER.into()),
        other => Some(other.to_string()),
    }
}

/// Shows `output` through the pager (run by the shell, so `less -RF` works); prints it directly
/// when there is no pager or it cannot start. A pager quit before the end is not an error.
pub fn show(output: &str) -> anyhow::Result<()> {
    let Some(pager) = command() else { return print(output) };
    let child = Command::new("sh").arg("-c").arg(&pager).stdin(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => {
            super::warn(&format!("cannot start the pager `{pager}`: {err}"));
            return print(output);
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(output.as_bytes()) {
            Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => return Err(err.into()),
            _ => {}
        }
    }
    child.wait()?;
    Ok(())
}

fn print(output: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(output.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
