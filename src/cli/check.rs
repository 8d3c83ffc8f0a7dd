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

/// Prints `path:line: message` for each problem (and missing title or date); exit 1 if any.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    // Every byte is checked (NUL, UTF-8), but no body is kept or hashed.
    let library = super::open_library(&args.dir, crate::post::Read::Checked)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut count = 0;
    for post in library.posts() {
        let path = crate::library::display_path(library.root(), &post.path);
        for problem in &post.problems {
            count += 1;
            let report = match problem.line {
                Some(line) => format!("{path}:{line}: {}", problem.message),
                None => format!("{path}: {}", problem.message),
            };
            writeln!(out, "{}", super::terminal_line(&report))?;
        }
        if post.problems.is_empty() {
            for missing in missing_fields(post) {
                count += 1;
                writeln!(out, "{}", super::terminal_line(&format!("{path}: {missing}")))?;
            }
        }
    }
    for skipped in library.unreadable() {
        count += 1;
        let path = crate::library::display_path(library.root(), &skipped.path);
        writeln!(out, "{}", super::terminal_line(&format!("{path}: {}", skipped.reason)))?;
    }
    out.flush()?;
    let total = library.posts().len();
    let summary = match count {
        0 => format!("{total} posts, no problems"),
        1 => format!("{total} posts, 1 problem"),
        n => format!("{total} posts, {n} problems"),
    };
    eprintln!("{summary}");
    Ok(i32::from(count > 0))
}

/// What a post lacks that a blog needs: a title of its own and a date.
fn missing_fields(post: &crate::post::Post) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if post.format != crate::post::Format::None
        && post.field("title").is_none()
        && !post.fields.iter().any(|(k, _)| k.eq_ignore_ascii_case("title"))
    {
        missing.push("no title in the front matter");
    }
    if post.date.is_none() {
        missing.push("no date (front matter, file name or folder)");
    }
    missing
}
