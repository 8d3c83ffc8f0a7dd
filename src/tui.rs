//! Terminal setup and restore, the panic hook, and the event loop (being built).

use crate::cli::Cli;

/// Opens the TUI on the folder; until it exists, lists the folder.
pub fn run(cli: &Cli) -> anyhow::Result<i32> {
    let dir = cli.dir.clone().unwrap_or_else(|| ".".into());
    let args =
        crate::cli::list::Args { dir, tags: vec![], drafts: false, no_drafts: false, search: None, sort: Default::default(), json: false };
    crate::cli::list::run(&args)
}
