//! `quire list`: one post a line, a TSV table, paths, or JSON for scripts.

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
    /// How to print the posts: a table for people, tsv (with a header line), json (every field),
    /// or paths (one a line, relative to the current folder, for `xargs`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Table)]
    pub format: Format,
    /// The same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// With `--format paths`, print absolute paths.
    #[arg(long)]
    pub absolute: bool,
}

/// The output formats of `quire list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One post a line: date, status, title, tags, path.
    Table,
    /// Tab-separated values with a header line.
    Tsv,
    /// A JSON array with every field.
    Json,
    /// One path a line.
    Paths,
}

/// Prints the matching posts.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    // A search, the JSON's problems (link checks among them) and its word counts, and a sort by
    // length read bodies; the list itself needs front matter alone.
    let format = if args.json { Format::Json } else { args.format };
    let read = if args.search.is_some() || format == Format::Json || args.sort.needs_body() {
        crate::post::Read::Whole
    } else {
        crate::post::Read::Head
    };
    let (library, pending) = super::open_library(&args.dir, read)?;
    let posts = library.posts();
    let keep = |p: &Post| {
        let draft_ok = if args.drafts { p.status == Status::Draft } else { !(args.no_drafts && p.status == Status::Draft) };
        draft_ok && args.kind.admits(p.kind) && args.tags.iter().all(|t| p.tags.iter().any(|pt| pt.eq_ignore_ascii_case(t)))
    };
    let order: Vec<usize> = match &args.search {
        Some(q) => {
            // The word index (filled by the TUI) answers for the posts it holds as they are now;
            // the others, or all of them without one, are scanned by the same rules.
            let words = search::body_query(q);
            let index = words.as_ref().and_then(|_| crate::index::WordIndex::open(&args.dir).ok());
            let indexed = index.zip(words).and_then(|(index, words)| index.answer(posts, &words).ok());
            search::search_with(posts, q, indexed.as_ref()).into_iter().map(|hit| hit.index).collect()
        }
        None => library.sorted_indices(args.sort),
    };
    let chosen: Vec<&Post> = order.into_iter().map(|i| posts[i].as_ref()).filter(|p| keep(p)).collect();
    // One write per 64 KiB, not per line (stdout is line-buffered).
    let mut out = std::io::BufWriter::with_capacity(OUT_BUFFER, std::io::stdout().lock());
    match format {
        Format::Json => write_json(&mut out, &library, &chosen)?,
        Format::Table => chosen.iter().try_for_each(|post| write_line(&mut out, library.root(), post))?,
        Format::Tsv => write_tsv(&mut out, library.root(), &chosen)?,
        Format::Paths => {
            let cwd = std::env::current_dir()?;
            chosen.iter().try_for_each(|post| writeln!(out, "{}", super::terminal_line(&shown_path(&post.path, &cwd, args.absolute))))?;
        }
    }
    out.flush()?;
    drop(out);
    pending.save();
    // The process ends here: freeing every post one by one would only cost time.
    drop(chosen);
    std::mem::forget(library);
    Ok(0)
}

/// Every field, with the problems `quire check` reports, grouped by file: one source for both.
fn write_json(out: &mut impl Write, library: &crate::library::Library, chosen: &[&Post]) -> anyhow::Result<()> {
    let mut problems: std::collections::HashMap<&std::path::Path, Vec<serde_json::Value>> = std::collections::HashMap::new();
    let findings = crate::report::findings(library, crate::report::Checks::default());
    for f in &findings {
        let path = crate::library::display_path(library.root(), &f.path);
        problems.entry(f.path.as_path()).or_default().push(super::check::json(&path, f));
    }
    // Streamed from the posts as they are: no tree of JSON values built first.
    let items: Vec<JsonPost> =
        chosen.iter().map(|p| JsonPost::new(library.root(), p, problems.remove(p.path.as_path()).unwrap_or_default())).collect();
    super::json::write_pretty(out, &items)?;
    writeln!(out)?;
    Ok(())
}

/// The TSV columns, named on the first line.
const TSV_HEADER: &str = "date\tstatus\tkind\ttitle\ttags\tpath";

/// One post a line under [`TSV_HEADER`]: the date as written in RFC 3339 (empty if none), tags
/// joined by `,`. A tab or line break inside a field becomes a space, so every line has six fields.
fn write_tsv(out: &mut impl Write, root: &std::path::Path, chosen: &[&Post]) -> std::io::Result<()> {
    writeln!(out, "{TSV_HEADER}")?;
    for post in chosen {
        let kind = if post.kind == crate::post::Kind::Page { "page" } else { "post" };
        let fields = [
            post.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
            match post.status {
                Status::Published => "published".to_string(),
                status => status.badge().to_string(),
            },
            kind.to_string(),
            post.title.clone(),
            post.tags.join(","),
            crate::library::display_path(root, &post.path),
        ];
        let cells: Vec<String> = fields.iter().map(|f| super::terminal_line(&f.replace('\t', " "))).collect();
        writeln!(out, "{}", cells.join("\t"))?;
    }
    Ok(())
}

/// A post's path as `--format paths` prints it: relative to `cwd` (with `..` when the blog is
/// beside it), or absolute.
fn shown_path(path: &std::path::Path, cwd: &std::path::Path, absolute: bool) -> String {
    use std::path::Component;
    // `..` taken lexically, as the shell's `cd` does.
    let mut full = std::path::PathBuf::new();
    for part in cwd.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                full.pop();
            }
            other => full.push(other),
        }
    }
    if absolute {
        return full.display().to_string();
    }
    let (from, to): (Vec<_>, Vec<_>) = (cwd.components().collect(), full.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut relative: std::path::PathBuf = std::iter::repeat_n(Component::ParentDir, from.len() - common).collect();
    relative.extend(&to[common..]);
    relative.display().to_string()
}

/// `2017-05-09  draft  Title  [tag, tag]  path`, and a newline. Each part is made safe on its
/// own (a character at a time, so as the whole line would be) and written straight out: no line
/// built and copied for each post.
fn write_line(out: &mut impl Write, root: &std::path::Path, post: &Post) -> std::io::Result<()> {
    let safe = crate::text::one_line_cow;
    match post.date {
        Some(date) => write!(out, "{date}  ")?,
        None => out.write_all(b"----------  ")?,
    }
    let badge = match post.status {
        Status::Published if post.has_problems() => "error",
        status => status.badge(),
    };
    write!(out, "{badge:<7} ")?;
    if post.kind == crate::post::Kind::Page {
        out.write_all(b"page  ")?;
    }
    out.write_all(safe(&post.title).as_bytes())?;
    if let Some((first, rest)) = post.tags.split_first() {
        out.write_all(b"  [")?;
        out.write_all(safe(first).as_bytes())?;
        for tag in rest {
            out.write_all(b", ")?;
            out.write_all(safe(tag).as_bytes())?;
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"  ")?;
    out.write_all(safe(&crate::library::display_path_cow(root, &post.path)).as_bytes())?;
    out.write_all(b"\n")
}

/// Bytes of output gathered before each write.
const OUT_BUFFER: usize = 64 * 1024;

/// One post as `list --json` prints it, borrowing from the post.
#[derive(serde::Serialize)]
struct JsonPost<'a> {
    path: String,
    kind: crate::post::Kind,
    title: &'a str,
    date: Option<String>,
    tags: &'a [String],
    categories: &'a [String],
    status: Status,
    draft: bool,
    description: Option<&'a str>,
    authors: &'a [String],
    format: crate::post::Format,
    /// Absent when the body could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reading_minutes: Option<u32>,
    fields: Fields<'a>,
    problems: Vec<serde_json::Value>,
}

impl<'a> JsonPost<'a> {
    fn new(root: &std::path::Path, post: &'a Post, problems: Vec<serde_json::Value>) -> Self {
        JsonPost {
            path: crate::library::display_path(root, &post.path),
            kind: post.kind,
            title: &post.title,
            date: post.date.map(|d| d.to_rfc3339()),
            tags: &post.tags,
            categories: &post.categories,
            status: post.status,
            draft: post.status == Status::Draft,
            description: post.description.as_deref(),
            authors: &post.authors,
            format: post.format,
            words: post.words,
            reading_minutes: post.reading_minutes(),
            fields: Fields(post.fields()),
            problems,
        }
    }
}

/// The front-matter keys as one JSON object, in file order.
struct Fields<'a>(std::borrow::Cow<'a, [(String, crate::post::Value)]>);

impl serde::Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
