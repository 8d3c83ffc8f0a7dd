//! `quire list`: one post a line, or JSON for scripts.

use std::io::Write;
use std::path::PathBuf;

use crate::library::SortKey;
use crate::post::{Post, Status};
use crate::search;

/// Arguments of `quire list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The blog folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only posts with this tag (repeat for posts with all of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only drafts.
    #[arg(long, conflicts_with = "no_drafts")]
    pub drafts: bool,
    /// Leave drafts out.
    #[arg(long)]
    pub no_drafts: bool,
    /// Only posts matching this text (title, tags, then body).
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Which content to list: posts (the default), pages, or all.
    #[arg(long, value_enum, default_value = "post")]
    pub kind: crate::site::KindFilter,
    /// Sort order.
    #[arg(long, value_enum, default_value_t = SortKey::Date)]
    pub sort: SortKey,
    /// Print a JSON array with every field.
    #[arg(long)]
    pub json: bool,
}

/// Prints the matching posts.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let library = super::open_library(&args.dir)?;
    let posts = library.posts();
    let keep = |p: &Post| {
        let draft_ok = if args.drafts { p.status == Status::Draft } else { !(args.no_drafts && p.status == Status::Draft) };
        draft_ok && args.kind.admits(p.kind) && args.tags.iter().all(|t| p.tags.iter().any(|pt| pt.eq_ignore_ascii_case(t)))
    };
    let order: Vec<usize> = match &args.search {
        Some(q) => search::search(posts, q).into_iter().map(|hit| hit.index).collect(),
        None => library.sorted_indices(args.sort),
    };
    let chosen: Vec<&Post> = order.into_iter().map(|i| posts[i].as_ref()).filter(|p| keep(p)).collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        // The problems `quire check` reports, grouped by file: one source for both.
        let mut problems: std::collections::HashMap<&std::path::Path, Vec<serde_json::Value>> = std::collections::HashMap::new();
        let findings = crate::report::findings(&library, crate::report::Checks::default());
        for f in &findings {
            let path = crate::library::display_path(library.root(), &f.path);
            problems.entry(f.path.as_path()).or_default().push(super::check::json(&path, f));
        }
        let items: Vec<serde_json::Value> =
            chosen.iter().map(|p| to_json(library.root(), p, problems.remove(p.path.as_path()).unwrap_or_default())).collect();
        super::json::write_pretty(&mut out, &items)?;
        writeln!(out)?;
    } else {
        for post in chosen {
            writeln!(out, "{}", line(library.root(), post))?;
        }
    }
    out.flush()?;
    Ok(0)
}

/// `2017-05-09  draft  Title  [tag, tag]  path`
fn line(root: &std::path::Path, post: &Post) -> String {
    let date = post.date.map_or_else(|| "----------".to_string(), |d| d.to_string());
    let badge = match post.status {
        Status::Published if post.has_problems() => "error",
        status => status.badge(),
    };
    let tags = if post.tags.is_empty() { String::new() } else { format!("  [{}]", post.tags.join(", ")) };
    let kind = if post.kind == crate::post::Kind::Page { "page  " } else { "" };
    let line = format!("{date}  {badge:<7} {kind}{}{tags}  {}", post.title, crate::library::display_path(root, &post.path));
    super::terminal_line(&line)
}

fn to_json(root: &std::path::Path, post: &Post, problems: Vec<serde_json::Value>) -> serde_json::Value {
    let fields: serde_json::Map<String, serde_json::Value> =
        post.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or(serde_json::Value::Null))).collect();
    serde_json::json!({
        "path": crate::library::display_path(root, &post.path),
        "kind": post.kind,
        "title": post.title,
        "date": post.date.map(|d| d.to_rfc3339()),
        "tags": post.tags,
        "categories": post.categories,
        "status": post.status,
        "draft": post.status == Status::Draft,
        "description": post.description,
        "authors": post.authors,
        "format": post.format,
        "fields": fields,
        "problems": problems,
    })
}
