//! `quire set` (being built).

/// Arguments of `quire set`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: &Args) -> anyhow::Result<i32> {
    anyhow::bail!("`quire set` is not built yet")
}
