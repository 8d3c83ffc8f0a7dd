//! `quire check`: every problem of the blog, one line each (or JSON, or GitHub annotations), with
//! an exit code a pre-commit hook or a CI step can gate on.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::report::{Checks, Finding};

/// Arguments of `quire check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The blog folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Do not check links, anchors and duplicate URLs (only each file's own problems).
    #[arg(long)]
    pub no_links: bool,
    /// Do not report links to local files (images, downloads) that do not exist.
    #[arg(long)]
    pub no_assets: bool,
}

/// Output formats of `quire check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:column: message`, one a line.
    Text,
    /// A JSON array of `{path, line, column, rule, message}`.
    Json,
    /// GitHub Actions annotations: `::error file=…,line=…,col=…::message`.
    Github,
}

/// Prints every problem; exit 1 if there is any.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    // Links need each body's links scan (kept in the index for files that did not change);
    // without them every byte is still checked (NUL, UTF-8), none kept.
    let read = if args.no_links { crate::post::Read::Checked } else { crate::post::Read::Body };
    let (library, mut pending) = super::open_library(&args.dir, read)?;
    let checks = Checks { links: !args.no_links, assets: !args.no_assets };
    let links = checks.links.then(|| {
        let walked = pending.take_walked();
        crate::links::check::Index::scanned(&library, pending.take_scans(), walked)
    });
    let findings = crate::report::findings_with(&library, checks, links.as_ref());
    let root = library.root();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Text => {
            // Findings come grouped by file: each path shown once per group, not once per line.
            // Each part is made safe on its own (a character at a time, so as the whole line
            // would be) and written straight out.
            let mut shown: Option<(&Path, String)> = None;
            for f in &findings {
                let path = match &shown {
                    Some((p, text)) if p.as_os_str() == f.path.as_os_str() => text,
                    _ => &shown.insert((&f.path, super::terminal_line(&crate::library::display_path(root, &f.path)))).1,
                };
                out.write_all(path.as_bytes())?;
                match (f.line, f.column) {
                    (Some(line), Some(column)) => write!(out, ":{line}:{column}")?,
                    (Some(line), None) => write!(out, ":{line}")?,
                    _ => {}
                }
                out.write_all(b": ")?;
                out.write_all(crate::text::one_line_cow(&f.message).as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = findings.iter().map(|f| json(&crate::library::display_path(root, &f.path), f)).collect();
            super::json::write_pretty(&mut out, &items)?;
            writeln!(out)?;
        }
        Format::Github => {
            for f in &findings {
                writeln!(out, "{}", annotation(&repo_path(&f.path), f))?;
            }
        }
    }
    out.flush()?;
    drop(out);
    pending.save();
    let (posts, pages) =
        library.posts().iter().fold((0, 0), |(po, pa), p| if p.kind == crate::post::Kind::Page { (po, pa + 1) } else { (po + 1, pa) });
    let plural = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    let problems = if findings.is_empty() { "no problems".to_string() } else { plural(findings.len(), "problem") };
    let pages = if pages > 0 { format!(", {}", plural(pages, "page")) } else { String::new() };
    eprintln!("{}{pages}, {problems}", plural(posts, "post"));
    let code = i32::from(!findings.is_empty());
    // The process ends right after this: freeing every post, scan and finding one by one would
    // cost a twentieth of a whole check for nothing (the OS takes the memory back at once).
    std::mem::forget(findings);
    std::mem::forget(links);
    std::mem::forget(library);
    Ok(code)
}

/// One finding as JSON, with its path shown relative to the blog.
pub fn json(path: &str, f: &Finding) -> serde_json::Value {
    let mut value = serde_json::to_value(f).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert("path".into(), path.into());
    }
    value
}

/// The path as the user named it (`site/content/x.md` when run as `quire check site`), which is
/// what GitHub matches against the repository when the step runs at its root.
fn repo_path(path: &Path) -> String {
    let shown = path.display().to_string();
    shown.strip_prefix("./").map(str::to_string).unwrap_or(shown)
}

/// A GitHub Actions workflow command; `%`, line breaks and (in properties) `:` and `,` escaped as
/// the runner expects, control characters shown safely.
fn annotation(path: &str, f: &Finding) -> String {
    let escape = |s: &str| crate::text::sanitize(s).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
    let mut props = format!("file={}", property(path));
    if let Some(line) = f.line {
        props.push_str(&format!(",line={line}"));
    }
    if let Some(col) = f.column {
        props.push_str(&format!(",col={col}"));
    }
    format!("::error {props},title=quire check::{}", escape(&f.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Rule;

    #[test]
    fn annotations_escape_what_the_runner_would_misread() {
        let f =
            Finding { path: PathBuf::from("x"), line: Some(3), column: Some(7), rule: Rule::Link, message: "100% broken\nreally".into() };
        assert_eq!(annotation("a,b:c.md", &f), "::error file=a%2Cb%3Ac.md,line=3,col=7,title=quire check::100%25 broken%0Areally");
    }
}
