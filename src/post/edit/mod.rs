//! Minimal-diff edits of front matter: only the lines of the keys a user changes differ, every other
//! byte (comments, quoting, key order, list style, blank lines, the body, BOM, CRLF) stays; and safe
//! writes (atomic, conflict-checked, through symlinks).

mod archetype;
mod draft;
mod json;
mod new;
pub mod placement;
mod toml;
mod typed;
mod verify;
mod write;
mod yaml;

use std::path::{Path, PathBuf};

pub use draft::toggle_draft;
pub use new::{NewPost, dominant_format, new_post, new_post_at, slugify};
pub use typed::parse_list;
pub use write::write_atomic;

use super::frontmatter::{self, Format};
use super::{FileStamp, Post, Value};
use typed::Typed;

/// One change to a post's front matter, as a form or the command line asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Set a key to a value as typed (checked and typed from the key and the file).
    Set {
        /// The key, as the user names it (matched case-insensitively if not found exactly).
        key: String,
        /// The value as typed: `2024-03-01`, `true`, `a, b` for a list.
        value: String,
    },
    /// Remove a key and its value.
    Unset(String),
    /// Add a tag at the end of the tags (nothing happens if the post has it).
    AddTag(String),
    /// Remove a tag (nothing happens if the post lacks it).
    RemoveTag(String),
    /// Mark the post draft (`true`) or published, in the file's own dialect.
    SetDraft(bool),
}

/// Why an edit was not made. The file on disk is untouched whenever one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Someone else changed the file after quire read it.
    #[error("{} changed on disk since quire read it; reload it, or save again to overwrite it", .0.display())]
    Conflict(PathBuf),
    /// The file or its folder cannot be written.
    #[error("{} is read-only; nothing was written", .0.display())]
    ReadOnly(PathBuf),
    /// The file is not there any more.
    #[error("{} no longer exists", .0.display())]
    NotFound(PathBuf),
    /// The folder that should hold the file is gone.
    #[error("the folder {} no longer exists", .0.display())]
    FolderGone(PathBuf),
    /// The disk (or quota) is full.
    #[error("the disk is full; {} was left as it was", .0.display())]
    DiskFull(PathBuf),
    /// The disk (or quota) filled up while a new post was written; nothing was created.
    #[error("the disk is full; {} was not created", .0.display())]
    DiskFullNew(PathBuf),
    /// The post is bigger than quire reads.
    #[error("{} is {}, over the {} limit of what quire reads; edit it in an editor", path.display(), crate::post::human_size(*size), crate::post::human_size(crate::post::MAX_POST_BYTES))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// YAML anchors or aliases: an edit could change what an alias stands for.
    #[error(
        "the front matter uses YAML anchors or aliases (line {0}), which quire does not edit: changing one key could change every key that refers to it; edit it in an editor"
    )]
    Anchors(usize),
    /// A new file would replace an existing one.
    #[error("{} already exists; quire never overwrites a post", .0.display())]
    Exists(PathBuf),
    /// A value (or key) the user typed cannot be written.
    #[error("cannot set `{key}`: {why}")]
    InvalidValue {
        /// The key.
        key: String,
        /// Why, in a few words.
        why: String,
    },
    /// The front matter does not parse, so quire cannot tell what an edit would touch.
    #[error("cannot edit the front matter: {0}; fix it in an editor first")]
    BadFrontMatter(String),
    /// The edit would have changed something it should not; quire refused to write it.
    #[error("cannot set `{0}` without changing other keys; edit it in an editor instead")]
    Unsafe(String),
    /// Any other I/O failure.
    #[error("cannot write {}: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        reason: String,
    },
}

/// Facts about a post's site that change how an edit is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flavor {
    /// A Jekyll post (`_posts/` or `_drafts/`): unpublish with `published: false`.
    pub jekyll: bool,
    /// A Zola post: tags live in `[taxonomies]`.
    pub zola: bool,
}

impl Flavor {
    /// What the path tells.
    pub fn of_path(path: &Path) -> Flavor {
        let jekyll = path.components().any(|c| matches!(c.as_os_str().to_str(), Some("_posts" | "_drafts")));
        Flavor { jekyll, zola: false }
    }
}

/// An edit resolved against the file: keys found, values typed, draft turned into its dialect's key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// Write `key` with this value (replacing it in place, or adding it at the end).
    Set(String, Typed),
    /// Remove `key`.
    Unset(String),
    /// Append an item to the list `key`.
    Add(String, String),
    /// Remove an item from the list `key`.
    Remove(String, String),
}

impl Op {
    /// The key this op touches.
    pub fn key(&self) -> &str {
        match self {
            Op::Set(k, _) | Op::Unset(k) | Op::Add(k, _) | Op::Remove(k, _) => k,
        }
    }
}

/// Pure: the new file text, where only the lines of touched keys differ. Errors say which key and why.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    apply_with(text, edits, Flavor::default())
}

/// How much of a file is checked for NUL bytes, as the parser does, to refuse editing binaries.
const BINARY_SNIFF: usize = 8192;

/// [`apply`] knowing the site's flavor.
pub(crate) fn apply_with(text: &str, edits: &[Edit], flavor: Flavor) -> Result<String, EditError> {
    apply_checked(text, edits, flavor).map(|(out, _)| out)
}

/// The new text and the keys it holds as read back (`None` when nothing changed).
type Checked = (String, Option<Vec<(String, Value)>>);

/// [`apply_with`], also giving the keys the new text was read back as, so a caller need not parse
/// it again.
fn apply_checked(text: &str, edits: &[Edit], flavor: Flavor) -> Result<Checked, EditError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    if memchr::memchr(0, &text.as_bytes()[..text.len().min(BINARY_SNIFF)]).is_some() {
        return Err(EditError::BadFrontMatter("this is a binary file (it contains NUL bytes), not a post".into()));
    }
    let split = frontmatter::split(body);
    // An unclosed fence, or `key: value` lines with no opening `---` (which site generators show as
    // text): writing keys there would land in what the generator publishes as the body.
    if let Some(problem) = &split.problem {
        return Err(EditError::BadFrontMatter(problem.message.clone()));
    }
    // TOML is read once here, keeping where its keys are, so the edit and its read-back can work
    // on the lines that change.
    let (fields, problems, layout) = match split.format {
        Format::Toml => match toml::read(split.raw) {
            Some((fields, layout)) => (fields, Vec::new(), layout),
            None => {
                let (fields, problems) = frontmatter::fields(&split);
                (fields, problems, None)
            }
        },
        _ => {
            let (fields, problems) = frontmatter::fields(&split);
            (fields, problems, None)
        }
    };
    if let Some(problem) = problems.first() {
        let at = problem.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        return Err(EditError::BadFrontMatter(format!("{at}{}", problem.message)));
    }
    let ops = resolve(edits, &fields, flavor)?;
    if ops.is_empty() {
        return Ok((text.to_string(), None));
    }
    // New lines end like the file's first line (the fence), as quire's parser decides CRLF too.
    let eol = match body.find('\n') {
        Some(i) if body[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let flavor = Flavor { zola: flavor.zola || toml::looks_like_zola(&split), ..flavor };
    let new_raw = match split.format {
        Format::Yaml => yaml::apply(split.raw, &ops, eol).map_err(|e| match e {
            EditError::Anchors(line) => EditError::Anchors(line + split.raw_line - 1),
            e => e,
        })?,
        Format::Toml => toml::apply(split.raw, &ops, flavor, layout.as_ref())?,
        Format::Json => json::apply(split.raw, &ops, eol)?,
        Format::None => {
            let keys = yaml::apply("", &ops, eol)?;
            if keys.is_empty() {
                return Ok((text.to_string(), None));
            }
            format!("---{eol}{keys}---{eol}")
        }
    };
    let end = split.raw_start + split.raw.len();
    let out = format!("{bom}{}{new_raw}{}", &body[..split.raw_start], &body[end..]);
    let after = verify::check(&fields, body, &out, &ops, layout.as_ref())?;
    Ok((out, Some(after)))
}

/// Why front matter with YAML anchors or aliases is not edited, if this YAML has any; `first_line`
/// is the file line of its first line.
pub(crate) fn anchors_refusal(raw: &str, first_line: usize) -> Option<String> {
    yaml::anchor_line(raw).map(|line| EditError::Anchors(line + first_line - 1).to_string())
}

/// Checks a value as a user types it into a form row, before saving: the same rules as [`apply`]
/// (a date must parse, `draft` is true or false, a new key has a plain name, a table is not a value).
pub fn validate(post: &Post, key: &str, value: &str) -> Result<(), EditError> {
    let edit = Edit::Set { key: key.to_string(), value: value.to_string() };
    resolve(std::slice::from_ref(&edit), &post.fields(), Flavor::of_path(&post.path)).map(|_| ())
}

/// Turns edits into ops on this file's keys, checking every value.
fn resolve(edits: &[Edit], fields: &[(String, Value)], flavor: Flavor) -> Result<Vec<Op>, EditError> {
    let find = |key: &str| fields.iter().find(|(k, _)| k == key).or_else(|| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)));
    let mut ops = Vec::new();
    for edit in edits {
        match edit {
            Edit::Set { key, value } => {
                let existing = find(key).map(|(_, v)| v);
                if existing.is_none() {
                    typed::check_key(key)?;
                }
                if matches!(existing, Some(Value::Map(_))) {
                    let why = "it holds a table of keys; edit it in an editor".to_string();
                    return Err(EditError::InvalidValue { key: key.clone(), why });
                }
                let typed = typed::interpret(key, value, existing)?;
                if matches!(typed, Typed::List(_))
                    && let Some(existing) = existing
                {
                    list_shape(key, existing, true)?;
                }
                match typed {
                    Typed::Bool(b) if key.eq_ignore_ascii_case("draft") && existing.is_none() => {
                        ops.extend(draft_op(b, fields, flavor));
                    }
                    typed => ops.push(Op::Set(key.clone(), typed)),
                }
            }
            Edit::Unset(key) => {
                let in_taxonomies = || find("taxonomies").is_some_and(|(_, t)| t.get(key).is_some());
                if find(key).is_some() || (["tags", "categories"].iter().any(|t| t.eq_ignore_ascii_case(key)) && in_taxonomies()) {
                    ops.push(Op::Unset(key.clone()));
                }
            }
            Edit::AddTag(tag) | Edit::RemoveTag(tag) => {
                let tag = tag.trim();
                if tag.is_empty() || tag.contains(['\n', ',']) || tag.chars().any(char::is_control) {
                    return Err(EditError::InvalidValue { key: "tags".into(), why: format!("`{tag}` is not a tag") });
                }
                let tags = find("tags").map(|(_, v)| v).or_else(|| find("taxonomies").and_then(|(_, t)| t.get("tags")));
                if let Some(tags) = tags {
                    list_shape("tags", tags, false)?;
                }
                ops.push(match edit {
                    Edit::AddTag(_) => Op::Add("tags".into(), tag.to_string()),
                    _ => Op::Remove("tags".into(), tag.to_string()),
                });
            }
            Edit::SetDraft(draft) => ops.extend(draft_op(*draft, fields, flavor)),
        }
    }
    Ok(ops)
}

/// Refuses list edits of a value that is not a list of words, saying what it holds: a map is never
/// replaced by a list, a list of maps never re-typed as words, and an item is never added to or
/// removed from text (`replacing` the whole value with a list, as `tags=a,b` asks, is allowed).
fn list_shape(key: &str, value: &Value, replacing: bool) -> Result<(), EditError> {
    let shown = |v: &Value| clip(&v.to_string(), 40);
    let why = match value {
        Value::List(items) if items.iter().any(|i| matches!(i, Value::List(_) | Value::Map(_))) => {
            format!("it holds a list of maps or lists ({}), not a list of words; edit it in an editor", shown(value))
        }
        Value::List(_) | Value::Null => return Ok(()),
        Value::String(_) | Value::Number(_) | Value::Bool(_) if replacing => return Ok(()),
        Value::Map(_) => format!("it holds a map ({}), not a list; edit it in an editor", shown(value)),
        Value::String(s) => format!(
            "it holds the text \"{}\", not a list; make it a list (`[a, b]`) in an editor first",
            clip(&s.escape_debug().to_string(), 40)
        ),
        Value::Number(_) | Value::Bool(_) => format!("it holds the value {}, not a list; make it a list in an editor first", shown(value)),
    };
    Err(EditError::InvalidValue { key: key.to_string(), why })
}

/// At most `max` characters of a value, for a message.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Draft or publish in the file's dialect: its `draft` key, else its `published` key, else a new key
/// only when marking a draft (a post without either is already published).
fn draft_op(draft: bool, fields: &[(String, Value)], flavor: Flavor) -> Option<Op> {
    let has = |name: &str| fields.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    if has("draft") {
        Some(Op::Set("draft".into(), Typed::Bool(draft)))
    } else if has("published") || (draft && flavor.jekyll) {
        Some(Op::Set("published".into(), Typed::Bool(!draft)))
    } else if draft {
        Some(Op::Set("draft".into(), Typed::Bool(true)))
    } else {
        None
    }
}

/// Re-reads the file, refuses with [`EditError::Conflict`] if it differs from `expected` (someone
/// changed it since quire read it), applies the edits and writes atomically. Returns the new post.
pub fn edit_file(path: &Path, expected: Option<&FileStamp>, edits: &[Edit]) -> Result<Post, EditError> {
    let text = read_text(path)?;
    if expected.is_some_and(|stamp| !same_content(stamp, text.as_bytes())) {
        return Err(EditError::Conflict(path.to_path_buf()));
    }
    let flavor = Flavor { zola: toml::site_is_zola(path), ..Flavor::of_path(path) };
    let (new_text, after) = apply_checked(&text, edits, flavor)?;
    let Some(fields) = after.filter(|_| new_text != text) else { return Ok(super::load(path)) };
    // The file must still hold what was edited when it is replaced: checked after the new content
    // is on disk, right before (and after) the switch.
    write::replace(path, new_text.as_bytes(), Some(text.as_bytes()))?;
    // The keys were read back before writing: the new post is built from them, not parsed again.
    let bytes = new_text.into_bytes();
    let modified = std::fs::metadata(path).ok().and_then(|m| m.modified().ok());
    let stamp = FileStamp { modified, len: bytes.len() as u64, hash: super::content_hash(&bytes) };
    Ok(super::parse_with_fields(path.to_path_buf(), &bytes, stamp, fields))
}

/// Whether `bytes` are what the stamp describes (the content decides; a touched mtime is no conflict).
fn same_content(stamp: &FileStamp, bytes: &[u8]) -> bool {
    stamp.len == bytes.len() as u64 && stamp.hash == super::content_hash(bytes)
}

/// Reads a post as UTF-8 text, with one-sentence errors; never more than the size limit.
fn read_text(path: &Path) -> Result<String, EditError> {
    let bytes = crate::file::read(path, super::MAX_POST_BYTES).map_err(|err| match err {
        crate::file::ReadError::Io(err) => write::classify(path, &err),
        crate::file::ReadError::TooBig { size, .. } => EditError::TooLarge { path: path.to_path_buf(), size },
        refused => EditError::Io { path: path.to_path_buf(), reason: refused.to_string() },
    })?;
    String::from_utf8(bytes).map_err(|_| EditError::BadFrontMatter(format!("{} is not valid UTF-8 text", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(text: &str) -> Post {
        super::super::parse(PathBuf::from("a.md"), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 })
    }

    #[test]
    fn form_values_are_validated_as_typed() {
        let p = post("---\ntitle: A\nparams:\n  x: 1\n---\n");
        assert!(validate(&p, "date", "2024-02-30").is_err());
        assert!(validate(&p, "date", "2024-02-29").is_ok());
        assert!(validate(&p, "draft", "maybe").is_err());
        assert!(validate(&p, "params", "y").is_err());
        assert!(validate(&p, "new key", "v").is_err());
        assert!(validate(&p, "tags", "a, b").is_ok());
    }
}
