//! Draft <-> published in the post's own dialect: Hugo/Zola `draft`, Jekyll `published`, or a Jekyll
//! post moved between `_drafts/slug.md` and `_posts/YYYY-MM-DD-slug.md`.

use std::path::{Path, PathBuf};

use super::{Edit, EditError, edit_file, write};
use crate::post::{Post, Status, dates};

/// Jekyll's folder of unpublished posts.
const DRAFTS: &str = "_drafts";
/// Jekyll's folder of published posts.
const POSTS: &str = "_posts";

/// Toggle draft/published in the post's own dialect (Hugo `draft`, Jekyll `published: false`, or moving
/// `_drafts/slug.md` -> `_posts/YYYY-MM-DD-slug.md` and back). Returns the post's (possibly new) path.
pub fn toggle_draft(post: &Post) -> Result<PathBuf, EditError> {
    let path = &post.path;
    let publish = post.status == Status::Draft;
    if publish && parent_is(path, DRAFTS) {
        // Setting draft: false below does not touch the date, so the target name is known now.
        let day = post.date.map_or_else(|| chrono::Local::now().date_naive(), |d| d.local.date());
        let name = format!("{}-{}", day.format("%Y-%m-%d"), file_name(path));
        let to = sibling_folder(path, POSTS).join(name);
        // Refuse before writing anything, so an error always means the post is untouched.
        refuse_existing(&to)?;
        // The front matter may say draft as well: clear that first, so the moved post is really live.
        edit_file(path, Some(&post.stamp), &[Edit::SetDraft(false)])?;
        move_no_clobber(path, &to)?;
        return Ok(to);
    }
    let keyed = ["draft", "published"].iter().any(|k| post.fields().iter().any(|(f, _)| f.eq_ignore_ascii_case(k)));
    if !publish && !keyed && parent_is(path, POSTS) && sibling_folder(path, DRAFTS).is_dir() {
        // The file name holds the date: keep it in the front matter so the move loses nothing.
        let edits: Vec<Edit> = match (post.field("date"), dates::from_path(path)) {
            (None, Some(day)) => vec![Edit::Set { key: "date".into(), value: day.to_rfc3339() }],
            _ => Vec::new(),
        };
        let to = sibling_folder(path, DRAFTS).join(file_name(path));
        refuse_existing(&to)?;
        edit_file(path, Some(&post.stamp), &edits)?;
        move_no_clobber(path, &to)?;
        return Ok(to);
    }
    // Publishing a post whose draft key quire itself added (and that nobody changed since) removes
    // the key again, so a toggle and its reverse give back the file's original bytes.
    if publish && let Some(key) = take_added(path, post.stamp.hash) {
        edit_file(path, Some(&post.stamp), &[Edit::Unset(key)])?;
        return Ok(path.clone());
    }
    let edited = edit_file(path, Some(&post.stamp), &[Edit::SetDraft(!publish)])?;
    if !publish && !keyed {
        let added = ["draft", "published"].into_iter().find(|k| edited.fields().iter().any(|(f, _)| f == k));
        if let Some(key) = added {
            remember_added(path, edited.stamp.hash, key);
        }
    }
    Ok(path.clone())
}

/// Draft keys quire added to posts that had none: the file, a hash of its content right after, and
/// the key. Kept for the process's life; a few entries at most.
static ADDED: std::sync::Mutex<Vec<(PathBuf, u64, &'static str)>> = std::sync::Mutex::new(Vec::new());
/// How many added keys are remembered (the oldest are forgotten first).
const MAX_REMEMBERED: usize = 64;

fn remember_added(path: &Path, hash: u64, key: &'static str) {
    let mut added = ADDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    added.retain(|(p, ..)| p != path);
    if added.len() >= MAX_REMEMBERED {
        added.remove(0);
    }
    added.push((path.to_path_buf(), hash, key));
}

/// The key quire added to this file, if the file is still exactly as quire left it.
fn take_added(path: &Path, hash: u64) -> Option<String> {
    let mut added = ADDED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let at = added.iter().position(|(p, h, _)| p == path && *h == hash)?;
    Some(added.remove(at).2.to_string())
}

/// A move's target must not exist: quire never replaces a post.
fn refuse_existing(to: &Path) -> Result<(), EditError> {
    if to.exists() { Err(EditError::Exists(to.to_path_buf())) } else { Ok(()) }
}

fn parent_is(path: &Path, name: &str) -> bool {
    path.parent().and_then(Path::file_name).is_some_and(|n| n == name)
}

/// `_posts` beside the `_drafts` folder holding `path` (or the other way round).
fn sibling_folder(path: &Path, name: &str) -> PathBuf {
    path.parent().and_then(Path::parent).map_or_else(|| PathBuf::from(name), |site| site.join(name))
}

/// The file name without any `YYYY-MM-DD-` prefix.
fn file_name(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    format!("{}{ext}", dates::strip_date_prefix(&stem))
}

/// Moves a file, refusing to replace one that exists (a hard link cannot clobber; rename can).
pub(crate) fn move_no_clobber(from: &Path, to: &Path) -> Result<(), EditError> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| write::classify(to, &e))?;
    }
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from).map_err(|e| {
            // Leave one copy, the original: undo the link.
            let _ = std::fs::remove_file(to);
            write::classify(from, &e)
        }),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(EditError::Exists(to.to_path_buf())),
        Err(_) if to.exists() => Err(EditError::Exists(to.to_path_buf())),
        // File systems without hard links: a plain rename, the target checked just above.
        Err(_) => std::fs::rename(from, to).map_err(|e| write::classify(from, &e)),
    }
}
