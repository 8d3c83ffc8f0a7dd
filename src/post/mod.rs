//! One file on disk -> [`Post`]: front matter split and typed, the body kept for rendering and search.

pub mod dates;
pub mod edit;
pub mod fields;
pub mod frontmatter;
pub mod packed;
pub mod value;
mod yaml;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use dates::PostDate;
pub use fields::Fields;
pub use frontmatter::Format;
pub use value::Value;

/// Files larger than this are listed with a problem instead of being read.
pub const MAX_POST_BYTES: u64 = 8 * 1024 * 1024;

/// Where a post stands in the publishing flow, as `hugo list drafts|future|expired` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Visible on the site.
    Published,
    /// `draft: true`, `published: false`, or a file under `_drafts/`.
    Draft,
    /// `publishDate` (or the date) is in the future.
    Scheduled,
    /// `expiryDate` is in the past.
    Expired,
}

impl Status {
    /// A short badge for lists, empty for published posts.
    pub fn badge(self) -> &'static str {
        match self {
            Status::Published => "",
            Status::Draft => "draft",
            Status::Scheduled => "future",
            Status::Expired => "expired",
        }
    }
}

/// What a content file is to its site: a dated post, or a page (about, docs, a landing page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A blog post: in the feed, dated.
    #[default]
    Post,
    /// A page of the site that is not a post (it needs no date).
    Page,
}

/// The line ending a file uses, remembered so that edits keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum LineEnding {
    /// `\n`
    #[default]
    Lf,
    /// `\r\n`
    CrLf,
}

impl LineEnding {
    /// The bytes of one line ending.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// Something wrong with a post: shown in the error list and by `quire check`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// One sentence saying what is wrong.
    pub message: String,
}

impl Problem {
    /// A problem at a known line.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Problem { line: Some(line), message: message.into() }
    }
    /// A problem with the whole file.
    pub fn file(message: impl Into<String>) -> Self {
        Problem { line: None, message: message.into() }
    }
}

/// What quire knew of the file when it read it: a changed stamp means someone else wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileStamp {
    /// Modification time, when the OS gives one.
    pub modified: Option<SystemTime>,
    /// Size in bytes.
    pub len: u64,
    /// A hash of the content, so same-size same-second rewrites are still seen.
    pub hash: u64,
}

/// One blog post, parsed.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file, as found under the library root.
    pub path: PathBuf,
    /// Title from the front matter, else the first `# heading`, else the file name.
    pub title: String,
    /// Post or page, as the site's generator sees it (see `site`); a post until the site says.
    pub kind: Kind,
    /// The post's date: front matter, else the file or folder name, else `path = "YYYY/MM/DD/slug"`.
    pub date: Option<PostDate>,
    /// Tags (and Zola `taxonomies.tags`), in file order.
    pub tags: Vec<String>,
    /// Categories, in file order.
    pub categories: Vec<String>,
    /// Draft, scheduled, expired or published.
    pub status: Status,
    /// `description`, `summary` or `excerpt`.
    pub description: Option<String>,
    /// `author` or `authors`.
    pub authors: Vec<String>,
    /// Every front-matter key in file order with its value (known keys included): see
    /// [`Post::fields`]. Packed for the posts a long-lived library holds ([`Read::Measured`]).
    fields: Fields,
    /// The front-matter dialect of the file.
    pub format: Format,
    /// The Markdown body, with line endings normalised to `\n`; `None` when it was not kept (a
    /// listing's [`Read::Head`], or the [`Read::Measured`] posts a long-lived library holds):
    /// [`read_body`] reads it from the file when a pane, a search or the word index needs it.
    pub body: Option<String>,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Words in the body (see [`count_words`]), counted once when it is read; `None` when the
    /// body was not read (a listing that needed only the front matter).
    pub words: Option<u32>,
    /// The file's line ending.
    pub line_ending: LineEnding,
    /// Whether the file starts with a UTF-8 byte order mark.
    pub bom: bool,
    /// What is wrong with this post; empty when all is well.
    pub problems: Vec<Problem>,
    /// The file as it was read; used to refuse overwriting someone else's change.
    pub stamp: FileStamp,
    /// Why quire will not edit this post (not read whole, front matter that does not parse, YAML
    /// anchors), in one sentence; `None` when it can.
    pub cannot_edit: Option<String>,
}

impl Post {
    /// The file name, for display when there is nothing better.
    pub fn file_name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// Whether the post was read for listing or checking only ([`Read::Head`], [`Read::Checked`],
    /// [`Read::Body`]), so it is not edited from.
    pub fn read_in_part(&self) -> bool {
        self.cannot_edit.as_deref() == Some(READ_IN_PART)
    }

    /// Whether anything is wrong with this post.
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Minutes to read the body at [`WORDS_PER_MINUTE`], at least one; `None` when the body was
    /// not read.
    pub fn reading_minutes(&self) -> Option<u32> {
        self.words.map(|w| w.div_ceil(WORDS_PER_MINUTE).max(1))
    }

    /// Every front-matter key in file order with its value (known keys included).
    #[inline]
    pub fn fields(&self) -> std::borrow::Cow<'_, [(String, Value)]> {
        self.fields.all()
    }

    /// The front-matter keys [packed](packed::pack), as the index keeps them.
    pub fn packed_fields(&self) -> Vec<u8> {
        self.fields.to_packed()
    }

    /// Holds the front-matter keys [packed](Fields) from now on, for a post that a library keeps
    /// for long: as `packed` when those bytes are its keys (what the index keeps of them), else
    /// packed anew. [`Post::fields`] gives the same keys and values as before.
    pub fn hold_fields_packed(&mut self, packed: &[u8]) {
        self.fields.keep_packed(packed);
        self.fields.pack();
    }

    /// The front-matter keys, owned.
    pub fn into_fields(self) -> Vec<(String, Value)> {
        self.fields.into_vec()
    }

    /// The value of a front-matter key (first match, case-sensitive).
    pub fn field(&self, key: &str) -> Option<Value> {
        self.fields.get(key)
    }
}

impl AsRef<Post> for Post {
    fn as_ref(&self) -> &Post {
        self
    }
}

/// How much of a file [`load_with`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Read {
    /// The whole file: the body kept and the content hashed (the TUI, edits, rendering).
    #[default]
    Whole,
    /// Only up to the front matter's closing fence: no body, no hash (`quire list`). A post
    /// without a title of its own is read on to its first heading.
    Head,
    /// The front matter's fields, with the whole file checked for NUL bytes and UTF-8 but neither
    /// hashed nor kept (`quire check --no-links`).
    Checked,
    /// The whole file with the body kept, but neither hashed nor its words counted: for reading
    /// the links of every post, never for an edit (`quire check`).
    Body,
    /// The whole file hashed, checked and its words counted, as [`Read::Whole`], but the body not
    /// kept: what a library that stays open holds (the TUI), so that its memory grows with the
    /// number of posts, not their bytes. A body is read again when it is needed ([`read_body`]).
    /// A library holding such posts keeps their keys packed too ([`Post::hold_fields_packed`]).
    Measured,
}

impl Read {
    /// Whether the body is kept: every file is then read whole, whatever an index holds.
    pub fn keeps_body(self) -> bool {
        matches!(self, Read::Whole | Read::Body)
    }

    /// Whether the whole file is hashed and its words counted: a post such a read gives can be
    /// edited from (an edit still re-reads the file and checks this stamp).
    pub fn measures(self) -> bool {
        matches!(self, Read::Whole | Read::Measured)
    }
}

/// An adult's silent reading speed of prose, as reading-time estimates use.
pub const WORDS_PER_MINUTE: u32 = 230;

/// The words of a Markdown text: runs between white space that hold a letter or digit, so list
/// markers, rules and `#` of headings are not words, nor are code fences with their language.
///
/// One pass over the bytes through a table, decoding only non-ASCII characters: it runs on every
/// body loaded.
pub fn count_words(text: &str) -> u32 {
    let bytes = text.as_bytes();
    // The character at `i`, not ASCII: (white space, letter or digit, length).
    let wide = |i: usize| {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c.is_whitespace(), c.is_alphanumeric(), c.len_utf8())
    };
    let (mut words, mut i) = (0u32, 0);
    while i < bytes.len() {
        // White space between words is skipped.
        let space = match BYTE_CLASS[usize::from(bytes[i])] {
            SPACE => Some(1),
            WIDE => Some(wide(i)).filter(|&(space, _, _)| space).map(|(_, _, len)| len),
            _ => None,
        };
        if let Some(len) = space {
            i += len;
            continue;
        }
        let (start, mut has_alphanumeric) = (i, false);
        while i < bytes.len() {
            match BYTE_CLASS[usize::from(bytes[i])] {
                SPACE => break,
                ALPHANUMERIC => has_alphanumeric = true,
                WIDE => match wide(i) {
                    (true, _, _) => break,
                    (false, alphanumeric, len) => {
                        has_alphanumeric |= alphanumeric;
                        i += len;
                        continue;
                    }
                },
                _ => {}
            }
            i += 1;
        }
        let word = &bytes[start..i];
        if has_alphanumeric && !word.starts_with(b"```") && !word.starts_with(b"~~~") {
            words = words.saturating_add(1);
        }
    }
    words
}

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const ALPHANUMERIC: u8 = 2;
/// The first byte of a character past ASCII (or a continuation byte, never met at a boundary).
const WIDE: u8 = 3;

/// What each byte is to [`count_words`]: ASCII white space as `char::is_whitespace` has it
/// (vertical tab included), ASCII letters and digits, the rest.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            WIDE
        } else if matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            SPACE
        } else if byte.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// Bytes read first when only the front matter is wanted: most front matter fits.
const HEAD_CHUNK: usize = 4096;

/// Reads and parses one file. Never fails: what goes wrong becomes a [`Problem`] on the post.
/// Only a regular file (or a link to one) is read, and opening never blocks: see [`crate::file`].
pub fn load(path: &Path) -> Post {
    load_with(path, Read::Whole)
}

/// Reads as much of one file as `read` says and parses it. Never fails, like [`load`]. The body
/// is kept only as [`Read::keeps_body`] says, and the stamp's hash is 0 unless the read
/// [measures](Read::measures) the file: a post without it is for listing, never for an edit.
pub fn load_with(path: &Path, read: Read) -> Post {
    load_keeping(path, read).post
}

/// A post as [`load_keeping`] read it, with what an index may keep so that a later listing
/// parses those bytes instead of reading the file again.
#[derive(Debug)]
pub struct Loaded {
    /// The post, exactly as [`load_with`] gives it.
    pub post: Post,
    /// The file's bytes up to its front matter's closing fence, when the front matter gives the
    /// post its title (so [`from_head`] of them is the post a [`Read::Head`] gives); `None` when
    /// only the whole file says what the post is (no fence, a title from the body, a bad file).
    pub head: Option<Vec<u8>>,
    /// Whether the whole file was checked (valid UTF-8 without NUL bytes): then [`from_head`]
    /// is also what a [`Read::Checked`] gives.
    pub checked: bool,
}

/// [`load_with`], also keeping the bytes an index needs (see [`Loaded`]).
pub fn load_keeping(path: &Path, read: Read) -> Loaded {
    let bare = |post: Post| Loaded { post, head: None, checked: false };
    let (mut file, meta) = match open_post(path) {
        Ok(opened) => opened,
        Err(post) => return bare(*post),
    };
    let modified = meta.modified().ok();
    if read == Read::Head {
        match read_head(&mut file) {
            Ok(Some(head)) => {
                let post = parse_with(path.to_path_buf(), &head, FileStamp { modified, len: meta.len(), hash: 0 }, Read::Head);
                if has_own_title(&post.fields()) {
                    return Loaded { post, head: Some(head), checked: false };
                }
                // The title comes from the body: read it all, from the start.
                if let Err(err) = std::io::Seek::rewind(&mut file) {
                    return bare(unreadable(path, cannot_read(&err), Some(&meta)));
                }
            }
            // No fence to stop at (no front matter, JSON): the whole file is needed.
            Ok(None) => {
                if let Err(err) = std::io::Seek::rewind(&mut file) {
                    return bare(unreadable(path, cannot_read(&err), Some(&meta)));
                }
            }
            Err(err) => return bare(unreadable(path, cannot_read(&err), Some(&meta))),
        }
    }
    match crate::file::read_opened(file, &meta, MAX_POST_BYTES) {
        Ok(bytes) => {
            let hash = if read.measures() { content_hash(&bytes) } else { 0 };
            let stamp = FileStamp { modified, len: bytes.len() as u64, hash };
            let post = parse_with(path.to_path_buf(), &bytes, stamp, read);
            // Fields parsed at all means the file was UTF-8 without NUL bytes (else it has none).
            let head = match frontmatter::head_len(&bytes) {
                frontmatter::Head::Ends(len) if has_own_title(&post.fields()) => Some(bytes[..len].to_vec()),
                _ => None,
            };
            let checked = head.is_some() && read != Read::Head;
            Loaded { post, head, checked }
        }
        Err(err) => bare(unreadable(path, read_problem(err), Some(&meta))),
    }
}

/// The post a [`Read::Head`] of a file gives, from the head bytes an index kept of it
/// ([`Loaded::head`]) and the file's present size and mtime: no file is read.
pub fn from_head(path: PathBuf, head: &[u8], modified: Option<SystemTime>, len: u64) -> Post {
    parse_with(path, head, FileStamp { modified, len, hash: 0 }, Read::Head)
}

/// [`from_head`] with the front matter's keys already parsed (kept [packed](packed) in an index):
/// the same post, when `fields` are those of `head` and that post had no problem.
pub fn from_head_with_fields(path: PathBuf, head: &[u8], fields: Vec<(String, Value)>, modified: Option<SystemTime>, len: u64) -> Post {
    parse_inner(path, head, FileStamp { modified, len, hash: 0 }, Some(fields), Read::Head)
}

/// The post a [`Read::Measured`] of a file gives, from what an index kept of it: its head, its
/// [packed](packed) keys when kept (else empty: the head is parsed), the whole file's content
/// hash and words as a measured read found them, and the file's present size and mtime: no file
/// is read.
pub fn from_head_measured(path: PathBuf, head: &[u8], packed_fields: &[u8], stamp: FileStamp, words: u32) -> Post {
    let known = packed::unpack(packed_fields).filter(|_| !packed_fields.is_empty());
    let mut post = parse_inner(path, head, stamp, known, Read::Measured);
    post.words = Some(words);
    post
}

/// Why a post read for listing only (its front matter) is not edited from: the full read that
/// follows gives the post that can be.
pub const READ_IN_PART: &str = "only its front matter was read";

/// A size as people read it: `812 B`, `4.2 KiB`, `8.7 MiB`; a figure that rounds to a whole unit
/// (8 MiB and one byte) also gives the bytes.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let (mut value, mut unit) = (bytes as f64 / 1024.0, 0);
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let unit_bytes = 1u64 << (10 * (unit + 1));
    if bytes.is_multiple_of(unit_bytes) {
        return format!("{value:.0} {}", UNITS[unit]);
    }
    // A size that rounds to a whole number of units is not one: say its bytes too, so a file just
    // over a limit never reads as the limit itself.
    let tenths = (value * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 { format!("{tenths:.1} {} ({bytes} bytes)", UNITS[unit]) } else { format!("{tenths:.1} {}", UNITS[unit]) }
}

/// What a refused read says on the post.
fn read_problem(err: crate::file::ReadError) -> String {
    match err {
        crate::file::ReadError::Io(err) => cannot_read(&err),
        refused => format!("{refused}; not read"),
    }
}

/// The one place a post file is opened for reading, through [`crate::file::open`] (never blocks,
/// regular files only): the handle and its metadata, or the post saying why not.
fn open_post(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), Box<Post>> {
    let (file, meta) = crate::file::open(path).map_err(|err| Box::new(unreadable(path, read_problem(err), None)))?;
    if meta.len() > MAX_POST_BYTES {
        let err = crate::file::ReadError::TooBig { size: meta.len(), limit: MAX_POST_BYTES };
        return Err(Box::new(unreadable(path, read_problem(err), Some(&meta))));
    }
    Ok((file, meta))
}

fn cannot_read(err: &std::io::Error) -> String {
    format!("cannot read file: {}", io_reason(err))
}
/// The file's bytes up to and including its front matter's closing fence, read a chunk at a time;
/// `None` when the file has no fenced front matter or the fence never closes within the limit.
fn read_head(file: &mut std::fs::File) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(HEAD_CHUNK);
    let mut want = HEAD_CHUNK;
    loop {
        let got = std::io::Read::read_to_end(&mut std::io::Read::take(&mut *file, want as u64), &mut bytes)?;
        match frontmatter::head_len(&bytes) {
            frontmatter::Head::Ends(len) => {
                bytes.truncate(len);
                return Ok(Some(bytes));
            }
            frontmatter::Head::Unfenced => return Ok(None),
            frontmatter::Head::Open if got < want || bytes.len() as u64 > MAX_POST_BYTES => return Ok(None),
            frontmatter::Head::Open => want = bytes.len(),
        }
    }
}

/// Whether the front matter gives the post a title (so its body need not be read for one).
fn has_own_title(fields: &[(String, Value)]) -> bool {
    key(fields, &["title"]).and_then(Value::as_text).is_some_and(|t| !t.trim().is_empty())
}

/// The OS error without the "(os error N)" noise.
pub fn io_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_lowercase(),
        None => text,
    }
}

fn unreadable(path: &Path, message: String, meta: Option<&std::fs::Metadata>) -> Post {
    let stamp = FileStamp { modified: meta.and_then(|m| m.modified().ok()), len: meta.map_or(0, |m| m.len()), hash: 0 };
    let mut post = parse(path.to_path_buf(), b"", stamp);
    post.words = None;
    post.cannot_edit = Some(message.clone());
    post.problems = vec![Problem::file(message)];
    post
}

/// Parses file bytes into a post.
pub fn parse(path: PathBuf, bytes: &[u8], stamp: FileStamp) -> Post {
    parse_inner(path, bytes, stamp, None, Read::Whole)
}

/// [`parse`] of a text whose front-matter keys are already known (an edit read them back).
pub(crate) fn parse_with_fields(path: PathBuf, bytes: &[u8], stamp: FileStamp, fields: Vec<(String, Value)>) -> Post {
    parse_inner(path, bytes, stamp, Some(fields), Read::Whole)
}

/// Parses file bytes into a post, keeping the body only when `read` does (a title may still come
/// from it).
fn parse_with(path: PathBuf, bytes: &[u8], stamp: FileStamp, read: Read) -> Post {
    parse_inner(path, bytes, stamp, None, read)
}

fn parse_inner(path: PathBuf, bytes: &[u8], stamp: FileStamp, known: Option<Vec<(String, Value)>>, read: Read) -> Post {
    let keep_body = read.keeps_body();
    let sniff = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, sniff).is_some() {
        let mut post = parse(path, b"", stamp);
        post.words = None;
        post.problems.push(Problem::file("binary file (contains NUL bytes); not shown"));
        post.cannot_edit = Some("it is a binary file (it contains NUL bytes)".into());
        return post;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let line = bytes[..err.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            let mut post = parse(path, b"", stamp);
            post.words = None;
            post.problems.push(Problem::at(line, "not valid UTF-8 text; not shown"));
            post.cannot_edit = Some(format!("line {line}: not valid UTF-8 text"));
            return post;
        }
    };
    let bom = text.starts_with('\u{feff}');
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line_ending = line_ending_of(text);
    let split = frontmatter::split(text);
    let (fields, mut problems) = match known {
        Some(fields) => (fields, Vec::new()),
        None => frontmatter::fields(&split),
    };
    problems.extend(split.problem.clone());
    let cannot_edit = if !read.measures() {
        // A post read only in part (or unhashed) is for listing and checking: never edited from.
        Some(READ_IN_PART.to_string())
    } else if problems.is_empty() {
        (split.format == Format::Yaml).then(|| edit::anchors_refusal(split.raw, split.raw_line)).flatten()
    } else {
        let at = |p: &Problem| p.line.map_or_else(|| p.message.clone(), |l| format!("line {l}: {}", p.message));
        Some(problems.iter().map(at).collect::<Vec<_>>().join("; "))
    };
    let raw_body = &text[split.body_start..];
    let body = keep_body.then(|| normalised(raw_body, line_ending));
    let mut post = Post {
        title: String::new(),
        kind: Kind::Post,
        date: None,
        tags: Vec::new(),
        categories: Vec::new(),
        status: Status::Published,
        description: None,
        authors: Vec::new(),
        format: split.format,
        body_line: split.body_line,
        // `\r` is white space: the raw body has the words of the normalised one.
        words: read.measures().then(|| count_words(raw_body)),
        body,
        line_ending,
        bom,
        problems: Vec::new(),
        stamp,
        fields: Fields::parsed(fields),
        path,
        cannot_edit,
    };
    type_fields(&mut post, &split, &mut problems);
    if post.title.is_empty() {
        post.title = first_heading(raw_body).unwrap_or_else(|| title_from_path(&post.path));
    }
    post.problems = problems;
    post
}

/// The line ending of a text, by its first line.
fn line_ending_of(text: &str) -> LineEnding {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => LineEnding::CrLf,
        _ => LineEnding::Lf,
    }
}

/// A body as [`Post::body`] keeps it: line endings normalised to `\n`.
fn normalised(raw_body: &str, line_ending: LineEnding) -> String {
    match line_ending {
        LineEnding::CrLf => raw_body.replace("\r\n", "\n"),
        LineEnding::Lf => raw_body.to_string(),
    }
}

/// A post's body read from its file ([`read_body`]), and which content of the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBody {
    /// The body, as a whole read keeps it in [`Post::body`].
    pub text: String,
    /// The [`content_hash`] of the file as read (it may differ from the post's stamp when the
    /// file changed since the post was read).
    pub hash: u64,
}

/// The body of the post at `path`, read from its file now as [`Read::Whole`] would keep it, for
/// a post loaded without it. No front matter is parsed. `None` when the file is gone or holds no
/// body a whole read would keep (too big, binary, not UTF-8: such a post's body is empty).
/// It reads a file: for background work (a search's scan, the word index, the reading pane).
pub fn read_body(path: &Path) -> Option<FileBody> {
    let (file, meta) = open_post(path).ok()?;
    let bytes = crate::file::read_opened(file, &meta, MAX_POST_BYTES).ok()?;
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return None;
    }
    let hash = content_hash(&bytes);
    let text = std::str::from_utf8(&bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw_body = &text[frontmatter::split(text).body_start..];
    Some(FileBody { text: normalised(raw_body, line_ending_of(text)), hash })
}

/// A key of the front matter, looked up case-insensitively as Hugo does.
fn key<'a>(fields: &'a [(String, Value)], names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|name| fields.iter().find(|(k, v)| k.eq_ignore_ascii_case(name) && *v != Value::Null).map(|(_, v)| v))
}

/// Fills the typed fields from the raw keys, the body and the path.
fn type_fields(post: &mut Post, split: &frontmatter::Split<'_>, problems: &mut Vec<Problem>) {
    let all = post.fields.all();
    let fields: &[(String, Value)] = &all;
    let taxonomies = key(fields, &["taxonomies"]);
    post.title =
        key(fields, &["title"]).and_then(Value::as_text).map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).unwrap_or_default();
    post.tags = key(fields, &["tags"]).or_else(|| taxonomies.and_then(|t| t.get("tags"))).map(Value::as_list).unwrap_or_default();
    post.categories = key(fields, &["categories", "category"])
        .or_else(|| taxonomies.and_then(|t| t.get("categories")))
        .map(Value::as_list)
        .unwrap_or_default();
    post.description = key(fields, &["description", "summary", "excerpt"])
        .and_then(Value::as_text)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    post.authors = key(fields, &["authors", "author"]).map(Value::as_list).unwrap_or_default();

    post.date = match key(fields, &["date"]) {
        Some(value) => {
            let text = value.as_text().unwrap_or_default();
            let parsed = dates::parse(&text);
            if parsed.is_none() {
                problems.push(Problem::at(key_line(split, "date"), format!("date `{text}` is not a date quire understands")));
            }
            parsed
        }
        None => None,
    };
    if post.date.is_none() {
        let from_key = key(fields, &["path"]).and_then(Value::as_text).and_then(|p| dates::from_path(Path::new(&p)));
        post.date = from_key.or_else(|| dates::from_path(&post.path));
    }
    post.status = status(post);
}

/// The file line of a top-level key, for problem reports (the front matter's first line if unknown).
fn key_line(split: &frontmatter::Split<'_>, name: &str) -> usize {
    let is_key = |line: &str| {
        let line = line.trim_start_matches(['"', ' ']);
        // Bytes, not str slices: the line may start with a multi-byte letter (`Événement: …`).
        let bytes = line.as_bytes();
        bytes.len() > name.len()
            && bytes[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && matches!(bytes[name.len()], b':' | b' ' | b'=' | b'"')
    };
    split.raw.lines().position(is_key).map_or(split.raw_line, |i| split.raw_line + i)
}

fn status(post: &Post) -> Status {
    let all = post.fields.all();
    let fields: &[(String, Value)] = &all;
    let draft = key(fields, &["draft"]).and_then(Value::as_bool) == Some(true)
        || key(fields, &["published"]).and_then(Value::as_bool) == Some(false)
        || post.path.components().any(|c| c.as_os_str() == "_drafts");
    if draft {
        return Status::Draft;
    }
    let now = chrono::Utc::now();
    let date_of = |names: &[&str]| key(fields, names).and_then(Value::as_text).and_then(|t| dates::parse(&t));
    let publish = date_of(&["publishDate", "pubDate"]).or(post.date);
    if publish.is_some_and(|d| d.instant() > now) {
        return Status::Scheduled;
    }
    if date_of(&["expiryDate", "unpublishdate"]).is_some_and(|d| d.instant() <= now) {
        return Status::Expired;
    }
    Status::Published
}

/// The text of the first `# heading` of a body (ATX or setext level 1), never one inside code:
/// fenced or indented blocks, Liquid `highlight`/`raw`, Hugo `highlight`, HTML `<pre>`, comments.
fn first_heading(body: &str) -> Option<String> {
    let mut code = CodeSkipper::default();
    let mut previous: Option<&str> = None;
    for line in body.lines() {
        if code.skips(line, previous.is_none_or(|p| p.trim().is_empty())) {
            previous = None;
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        if indent < 4
            && let Some(rest) = trimmed.strip_prefix("# ")
        {
            let text = rest.trim().trim_end_matches('#').trim();
            if !text.is_empty() {
                return Some(text.to_string());
            }
        }
        if let Some(prev) = previous
            && !prev.trim().is_empty()
            && indent < 4
            && !trimmed.trim_end().is_empty()
            && trimmed.trim_end().bytes().all(|b| b == b'=')
        {
            return Some(prev.trim().to_string());
        }
        previous = Some(line);
    }
    None
}

/// Follows a body line by line and says which lines are code (or otherwise not prose).
#[derive(Debug, Default)]
struct CodeSkipper {
    /// The line that closes the block the scan is in: a fence, or a closing tag.
    inside: Option<Closer>,
}

#[derive(Debug)]
enum Closer {
    /// A fence of this character, at least this long.
    Fence(u8, usize),
    /// A line containing this text (lowercase).
    Contains(&'static str),
}

/// Blocks whose content is never prose: opening text (lowercase, without spaces) and closer.
const VERBATIM_BLOCKS: [(&str, &str); 7] = [
    ("{%highlight", "endhighlight"),
    ("{%raw%}", "endraw"),
    ("{%codeblock", "endcodeblock"),
    ("{{<highlight", "/highlight"),
    ("{{%highlight", "/highlight"),
    ("<pre", "</pre>"),
    ("<!--", "-->"),
];

impl CodeSkipper {
    /// Whether `line` is code. `after_blank`: the line before was blank (or there was none), so
    /// four spaces of indentation start an indented code block rather than continue a paragraph.
    fn skips(&mut self, line: &str, after_blank: bool) -> bool {
        let trimmed = line.trim_start();
        match &self.inside {
            Some(Closer::Fence(ch, len)) => {
                let run = trimmed.bytes().take_while(|b| b == ch).count();
                if run >= *len && trimmed[run..].trim().is_empty() {
                    self.inside = None;
                }
                return true;
            }
            Some(Closer::Contains(closer)) => {
                if line.to_lowercase().contains(closer) {
                    self.inside = None;
                }
                return true;
            }
            None => {}
        }
        let indent = line.len() - trimmed.len();
        if indent < 4 {
            for ch in [b'`', b'~'] {
                let run = trimmed.bytes().take_while(|b| *b == ch).count();
                if run >= 3 {
                    self.inside = Some(Closer::Fence(ch, run));
                    return true;
                }
            }
        } else if after_blank && !trimmed.is_empty() {
            return true;
        }
        let squashed: String = trimmed.chars().filter(|c| !c.is_whitespace()).take(16).collect::<String>().to_lowercase();
        if let Some((_, closer)) = VERBATIM_BLOCKS.iter().find(|(open, _)| squashed.starts_with(open)) {
            let after_open = line.to_lowercase();
            let opened_at = after_open.find(['<', '{']).unwrap_or(0) + 1;
            if !after_open[opened_at..].contains(closer) {
                self.inside = Some(Closer::Contains(closer));
            }
            return true;
        }
        false
    }
}

/// A readable title from the file name: `2014-12-10-hello-world.md` gives `hello-world`,
/// `my-post/index.md` gives `my-post`.
pub fn title_from_path(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = if matches!(stem.as_str(), "index" | "_index") {
        path.parent().and_then(Path::file_name).map_or(stem.clone(), |p| p.to_string_lossy().into_owned())
    } else {
        stem
    };
    dates::strip_date_prefix(&stem).to_string()
}

/// A fast 64-bit hash of file bytes (FNV-1a over words), to notice rewrites that keep size and mtime.
pub fn content_hash(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        hash = (hash ^ word).wrapping_mul(PRIME).rotate_left(23);
    }
    for &b in chunks.remainder() {
        hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one-pass count agrees with the plain definition: `split_whitespace` runs that hold
        /// a letter or digit and are not fences, on any text (Unicode spaces and letters too).
        #[test]
        fn words_counted_in_one_pass_agree_with_split_whitespace(text in "([a-z0-9 \t\n\x0b\x0c\r`~#é—\u{a0}\u{2003}\u{3000}日-]|```|~~~){0,80}") {
            let is_word = |w: &&str| w.chars().any(char::is_alphanumeric) && !w.starts_with("```") && !w.starts_with("~~~");
            let expected = text.split_whitespace().filter(is_word).count();
            proptest::prop_assert_eq!(count_words(&text) as usize, expected);
        }
    }

    #[test]
    fn words_are_counted_once_when_the_body_is_read_and_unknown_when_it_is_not() {
        let text = "---\ntitle: T\ntags: [a, b]\n---\n# A heading here\n\n- one item\n- it's 2 words\n\n---\n\n```rust\nlet x = 1;\n```\n";
        let post = parse(PathBuf::from("p.md"), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 });
        // A heading here (3) one item (2) it's 2 words (3) let x 1; (3): markers, `=`, rules, fences are not words.
        assert_eq!(post.words, Some(11));
        assert_eq!(post.reading_minutes(), Some(1), "at least a minute");
        let long = format!("---\ntitle: T\n---\n{}", "word ".repeat(461));
        let post = parse(PathBuf::from("p.md"), long.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 });
        assert_eq!((post.words, post.reading_minutes()), (Some(461), Some(3)), "461 words at 230 a minute round up");
        let head = parse_with(PathBuf::from("p.md"), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 }, Read::Head);
        assert_eq!((head.words, head.reading_minutes()), (None, None));
        let binary = parse(PathBuf::from("p.md"), b"a\0b", FileStamp { modified: None, len: 0, hash: 0 });
        assert_eq!(binary.words, None);
    }

    fn post(path: &str, text: &str) -> Post {
        parse(
            PathBuf::from(path),
            text.as_bytes(),
            FileStamp { modified: None, len: text.len() as u64, hash: content_hash(text.as_bytes()) },
        )
    }

    #[test]
    fn yaml_post_gets_title_date_tags() {
        let p = post("a.md", "---\ntitle: \"Hi\"\ndate: 2017-05-09T12:00:00+01:00\ntags: [\"docker\",\"go\"]\n---\n\nBody\n");
        assert_eq!(p.title, "Hi");
        assert_eq!(p.date.unwrap().to_string(), "2017-05-09");
        assert_eq!(p.tags, ["docker", "go"]);
        assert_eq!(p.status, Status::Published);
        assert_eq!(p.body.as_deref(), Some("\nBody\n"));
        assert!(p.problems.is_empty());
    }

    #[test]
    fn zola_toml_post_takes_tags_from_taxonomies_and_date_from_path_key() {
        let p = post(
            "x.md",
            "+++\npath = \"2023/01/10/launch\"\ntitle = \"Launch\"\nauthors = [\"A\", \"B\"]\n\n[taxonomies]\ntags = [\"rust\"]\n+++\nBody",
        );
        assert_eq!(p.title, "Launch");
        assert_eq!(p.date.unwrap().to_string(), "2023-01-10");
        assert_eq!(p.tags, ["rust"]);
        assert_eq!(p.authors, ["A", "B"]);
    }

    #[test]
    fn drafts_in_every_dialect() {
        assert_eq!(post("a.md", "+++\ndraft = true\n+++\n").status, Status::Draft);
        assert_eq!(post("a.md", "---\npublished: false\n---\n").status, Status::Draft);
        assert_eq!(post("_drafts/a.md", "---\ntitle: x\n---\n").status, Status::Draft);
        assert_eq!(post("a.md", "---\ndate: 2999-01-01\n---\n").status, Status::Scheduled);
        assert_eq!(post("a.md", "---\nexpiryDate: 2000-01-01\n---\n").status, Status::Expired);
    }

    #[test]
    fn without_front_matter_the_title_is_the_first_heading_then_the_file_name() {
        assert_eq!(post("x.md", "Intro\n\n# Real title\n").title, "Real title");
        assert_eq!(post("_posts/2014-12-10-hello-world.md", "no heading").title, "hello-world");
        assert_eq!(post("_posts/2014-12-10-hello-world.md", "no heading").date.unwrap().to_string(), "2014-12-10");
        assert_eq!(post("blog/my-post/index.md", "").title, "my-post");
    }

    #[test]
    fn titles_never_come_from_code() {
        let cases = [
            "```sh\n# install it\n```\n# Real\n",
            "~~~~\n# not\n~~~\n# still code\n~~~~\n# Real\n",
            "Intro\n\n    # indented code\n\n# Real\n",
            "{% highlight ruby %}\n# a ruby comment\n{% endhighlight %}\n# Real\n",
            "{% raw %}\n# raw\n{% endraw %}\n# Real\n",
            "{{< highlight go >}}\n# go\n{{< /highlight >}}\n# Real\n",
            "<pre>\n# shell\n</pre>\n# Real\n",
            "<PRE class=x>\nTitle\n===\n</PRE>\nReal\n====\n",
            "<!--\n# hidden\n-->\n# Real\n",
        ];
        for body in cases {
            assert_eq!(first_heading(body).as_deref(), Some("Real"), "{body:?}");
        }
        assert_eq!(post("x.md", "{% highlight ruby %}\n# only code\n{% endhighlight %}\n").title, "x");
        // Indentation continuing a paragraph is not code.
        assert_eq!(first_heading("para\n    # not code, but not a heading either\n# Real\n").as_deref(), Some("Real"));
    }

    #[test]
    fn broken_yaml_is_listed_with_its_file_name_and_the_error_line() {
        let p = post("broken-post.md", "---\ntitle: [oops\n---\nBody");
        assert_eq!(p.title, "broken-post");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(2));
    }

    #[test]
    fn bom_and_crlf_are_remembered_and_the_body_normalised() {
        let p = post("a.md", "\u{feff}---\r\ntitle: T\r\n---\r\nLine 1\r\nLine 2\r\n");
        assert!(p.bom);
        assert_eq!(p.line_ending, LineEnding::CrLf);
        assert_eq!(p.title, "T");
        assert_eq!(p.body.as_deref(), Some("Line 1\nLine 2\n"));
    }

    #[test]
    fn binary_and_non_utf8_files_are_reported_not_fatal() {
        let binary = parse(PathBuf::from("b.md"), b"\x00\x01\x02", FileStamp { modified: None, len: 3, hash: 0 });
        assert!(binary.problems[0].message.contains("binary"));
        let latin1 = parse(PathBuf::from("l.md"), b"caf\xe9\n", FileStamp { modified: None, len: 5, hash: 0 });
        assert!(latin1.problems[0].message.contains("UTF-8"));
        assert_eq!(latin1.title, "l");
    }

    #[test]
    fn unparseable_dates_are_problems_but_the_post_stays() {
        let p = post("a.md", "---\ntitle: T\ndate: someday\n---\n");
        assert_eq!(p.date, None);
        assert!(p.problems[0].message.contains("someday"));
        assert_eq!(p.problems[0].line, Some(3));
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(MAX_POST_BYTES), "8 MiB");
        assert_eq!(human_size(9_122_611), "8.7 MiB");
        assert_eq!(human_size(MAX_POST_BYTES + 1), "8.0 MiB (8388609 bytes)");
        assert_eq!(human_size(4 << 30), "4 GiB");
    }

    #[test]
    fn keys_are_case_insensitive_like_hugo() {
        let p = post("a.md", "---\nTitle: Big\nTags: [a]\n---\n");
        assert_eq!((p.title.as_str(), p.tags.len()), ("Big", 1));
    }
}
