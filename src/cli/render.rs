//! `quire render` (being built).

/// Arguments of `quire render`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: &Args, _cli: &super::Cli) -> anyhow::Result<i32> {
    anyhow::bail!("`quire render` is not built yet")
}
