//! The command line: `quire [DIR]` opens the TUI; subcommands script the same library.

pub mod check;
mod json;
pub mod list;
pub mod new;
mod pager;
pub mod render;
pub mod set;
pub mod shell;
pub mod themes;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::color::ColorChoice;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  `quire check` found problems
  2  bad arguments, or an error (a missing folder, a file that could not be written)";

/// A terminal reader and editor for blogs kept as folders of Markdown files
/// (Hugo, Jekyll, Zola or plain).
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, after_help = EXIT_CODES, subcommand_precedence_over_arg = true)]
pub struct Cli {
    /// The blog folder to open (default: the configured folder, else the current directory).
    pub dir: Option<PathBuf>,
    /// The theme to use (see `quire themes`).
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// When to use color, and how many colors.
    #[arg(long, global = true, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
    /// What to do instead of opening the TUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List posts, one a line (or as TSV, paths or JSON).
    List(list::Args),
    /// Report every post with a problem; exit 1 if there is any.
    Check(check::Args),
    /// Print a post rendered for the terminal.
    Render(render::Args),
    /// Change front-matter keys of a post, keeping every other byte.
    Set(set::Args),
    /// Create a new post.
    New(new::Args),
    /// List the available themes.
    Themes(themes::Args),
    /// Serve the reader over SSH, read-only: readers see published posts, reviewers drafts too.
    Serve(crate::serve::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(shell::CompletionsArgs),
    /// Print the man page.
    Man(shell::ManArgs),
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command, cli: &Cli) -> anyhow::Result<i32> {
    match command {
        Command::List(args) => list::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Render(args) => render::run(&args, cli),
        Command::Set(args) => set::run(&args),
        Command::New(args) => new::run(&args),
        Command::Themes(args) => themes::run(&args, cli),
        Command::Serve(args) => crate::serve::run(&args, cli),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    }
}

/// Opens a folder as a library, reading only what `read` says of each post, with a one-sentence
/// error. The blog's index lists unchanged files without reading them; the caller saves the
/// [`crate::library::Pending`] once its output is out (a failed save is silent: a cache).
pub fn open_library(dir: &std::path::Path, read: crate::post::Read) -> anyhow::Result<(crate::library::Library, crate::library::Pending)> {
    Ok(crate::library::Library::open_indexed(dir, read)?)
}

/// Text from a post made into one safe terminal line: control characters shown as `^X`, line
/// breaks as spaces, so a hostile title, tag, file name or message cannot drive the terminal or
/// break the one-post-a-line output that scripts read.
pub fn terminal_line(text: &str) -> String {
    crate::text::one_line(text)
}

/// Prints a warning on stderr, made safe: warnings quote config and theme files and name paths.
pub fn warn(warning: &str) {
    eprintln!("quire: warning: {}", terminal_line(warning));
}
