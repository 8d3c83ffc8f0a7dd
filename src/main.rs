//! The `quire` binary: parse the command line and dispatch. Nothing else lives here.

use std::process::ExitCode;

use clap::Parser;
use quire::cli::{self, Cli};

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    let result = match cli.command.take() {
        Some(command) => cli::run(command, &cli),
        None => quire::tui::run(&cli),
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(2)),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Errors name files and quote them (parser messages): made safe like every other output.
            eprintln!("quire: {}", cli::terminal_line(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

/// `quire list | head` closes the pipe early: that is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>().and_then(|j| j.io_error_kind()) == Some(std::io::ErrorKind::BrokenPipe)
    })
}
