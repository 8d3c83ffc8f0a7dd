//! `quire check`: every post with a problem, one line each.

use std::io::Write;
use std::path::PathBuf;

/// Arguments of `quire check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The blog folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Prints `path:line: message` for each problem; exit 1 if any.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let library = super::open_library(&args.dir)?;
    let mut out = std::io::stdout().lock();
    let mut count = 0;
    let root = library.root();
    for (path, problem) in library.site().problems() {
        count += 1;
        writeln!(out, "{}", super::terminal_line(&report(&crate::library::display_path(root, path), problem)))?;
    }
    for post in library.posts() {
        let path = crate::library::display_path(root, &post.path);
        for problem in &post.problems {
            count += 1;
            writeln!(out, "{}", super::terminal_line(&report(&path, problem)))?;
        }
    }
    for skipped in library.unreadable() {
        count += 1;
        let path = crate::library::display_path(root, &skipped.path);
        writeln!(out, "{}", super::terminal_line(&format!("{path}: {}", skipped.reason)))?;
    }
    let total = library.posts().len();
    let summary = match count {
        0 => format!("{total} posts, no problems"),
        1 => format!("{total} posts, 1 problem"),
        n => format!("{total} posts, {n} problems"),
    };
    eprintln!("{summary}");
    Ok(i32::from(count > 0))
}

fn report(path: &str, problem: &crate::post::Problem) -> String {
    match problem.line {
        Some(line) => format!("{path}:{line}: {}", problem.message),
        None => format!("{path}: {}", problem.message),
    }
}
