//! `quire new` (being built).

/// Arguments of `quire new`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: &Args) -> anyhow::Result<i32> {
    anyhow::bail!("`quire new` is not built yet")
}
