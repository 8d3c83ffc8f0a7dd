//! `quire set`: change front-matter keys from the shell, keeping every other byte of the file.

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::post::edit::{self, Edit};
use crate::post::{self, Status};

/// Arguments of `quire set`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  quire set post.md draft=false\n  quire set post.md title='New title' date=2024-03-01\n  \
                        quire set post.md tags=rust,cli --unset summary\n  quire set post.md --add-tag docker --remove-tag go")]
pub struct Args {
    /// The post to change.
    pub file: PathBuf,
    /// Keys to set, as KEY=VALUE: a list as `tags=a,b`; `draft=false` publishes in the post's own dialect.
    #[arg(value_name = "KEY=VALUE")]
    pub assignments: Vec<String>,
    /// Remove a key (repeatable).
    #[arg(long = "unset", value_name = "KEY")]
    pub unset: Vec<String>,
    /// Add a tag (repeatable).
    #[arg(long = "add-tag", value_name = "TAG")]
    pub add_tags: Vec<String>,
    /// Remove a tag (repeatable).
    #[arg(long = "remove-tag", value_name = "TAG")]
    pub remove_tags: Vec<String>,
}

/// Runs the command: applies every change in one atomic write, or none.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let edits = edits(args)?;
    if edits.is_empty() {
        bail!("nothing to change: give KEY=VALUE, --unset KEY, --add-tag TAG or --remove-tag TAG");
    }
    if !args.file.is_file() {
        // Say what it is; the edit itself reads through `file::open`, which never blocks anyway.
        match std::fs::metadata(&args.file).ok().and_then(|m| crate::file::Special::of(m.file_type())) {
            Some(special) => bail!("cannot edit {}: {special}", args.file.display()),
            None => bail!("{} is not a file", args.file.display()),
        }
    }
    let post = edit::edit_file(&args.file, None, &edits)?;
    // A Jekyll `_drafts/` post is published by moving it to `_posts/`: say where it went.
    if publishes(&edits) && post.status == Status::Draft && in_jekyll_drafts(&post) {
        let moved = edit::toggle_draft(&post).with_context(|| format!("cannot publish {}", args.file.display()))?;
        println!("{}", super::terminal_line(&moved.display().to_string()));
    }
    Ok(0)
}

/// The edits in command-line order: sets, unsets, added tags, removed tags.
fn edits(args: &Args) -> anyhow::Result<Vec<Edit>> {
    let mut edits = Vec::new();
    for assignment in &args.assignments {
        let Some((key, value)) = assignment.split_once('=') else {
            bail!("`{assignment}` is not KEY=VALUE");
        };
        edits.push(Edit::Set { key: key.trim().to_string(), value: value.to_string() });
    }
    edits.extend(args.unset.iter().map(|k| Edit::Unset(k.trim().to_string())));
    edits.extend(args.add_tags.iter().map(|t| Edit::AddTag(t.clone())));
    edits.extend(args.remove_tags.iter().map(|t| Edit::RemoveTag(t.clone())));
    Ok(edits)
}

fn publishes(edits: &[Edit]) -> bool {
    edits.iter().any(|e| match e {
        Edit::Set { key, value } => key.eq_ignore_ascii_case("draft") && value.trim().eq_ignore_ascii_case("false"),
        Edit::SetDraft(draft) => !draft,
        _ => false,
    })
}

fn in_jekyll_drafts(post: &post::Post) -> bool {
    post.path.parent().and_then(std::path::Path::file_name).is_some_and(|n| n == "_drafts")
}
