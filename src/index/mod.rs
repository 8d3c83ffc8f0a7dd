//! The library's index in the cache folder: what a listing needs of every post, kept between runs
//! so that a warm start looks at each file's metadata instead of reading it.
//!
//! A cache of the files, trusted as git trusts its index: an entry serves a listing only when the
//! file's size, mtime, ctime and inode are those recorded, and the file is older than the index's
//! last write by more than [`RACY_NS`] (a file changed in the same instant it was read could
//! otherwise keep its stamp). Anything wrong with the index (missing, corrupt, locked, read-only,
//! another schema) means it is not used or rebuilt, never an error and never a wrong list.
//! Edits never read it. The engine (SQLite, see `store`) stays behind this module's API.

mod rank;
mod store;
mod words;

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub use store::Index;
pub use words::{Filled, WordIndex};

/// Overrides the folder the index files live in (tests and CI point it at a temporary folder).
pub const CACHE_ENV: &str = "QUIRE_CACHE_DIR";

/// How long before the index's last write a file's mtime must be for its entry to be trusted:
/// file systems stamp with a coarse clock (a jiffy on Linux, whole seconds on some), so a file
/// rewritten just after it was read may show the mtime it had when read.
pub const RACY_NS: i64 = 2_000_000_000;

/// Why the index was not used (said at most on the status line; the load goes on without it).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No cache folder is known (no home directory and no [`CACHE_ENV`]).
    #[error("no cache folder")]
    NoCacheDir,
    /// The cache folder cannot be created or written.
    #[error("cannot use the cache folder {}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// SQLite refused (locked, read-only, corrupt beyond a rebuild).
    #[error("index: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What the index knows of a file: enough to tell whether it changed since it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i64,
    /// Status-change time, nanoseconds since the epoch (a rename or `chmod` changes it).
    pub ctime_ns: i64,
    /// Inode number (a file replaced by another under the same name has another).
    pub inode: u64,
}

impl Stamp {
    /// The stamp of a file's metadata.
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        let ns = |secs: i64, nanos: i64| secs.saturating_mul(1_000_000_000).saturating_add(nanos);
        Stamp {
            size: meta.len(),
            mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
            ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
        }
    }

    /// The stamp of a file's metadata (no ctime or inode outside Unix: mtime and size only).
    #[cfg(not(unix))]
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        Stamp { size: meta.len(), mtime_ns, ctime_ns: 0, inode: 0 }
    }
}

/// One file's entry: its stamp when read, and the bytes a listing parses instead of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file's stamp, taken before it was read.
    pub stamp: Stamp,
    /// Whether the whole file was found valid UTF-8 without NUL bytes (what `check` needs).
    pub checked: bool,
    /// The file up to its front matter's closing fence ([`crate::post::Loaded::head`]).
    pub head: Vec<u8>,
    /// The front matter's keys as parsed from `head` ([`crate::post::packed`]), so that a
    /// listing need not parse them again; empty when they are not kept (a post with problems is
    /// parsed from `head` each time, so that its problems are found as a full read finds them).
    pub fields: Vec<u8>,
    /// The links, headings and HTML ids of the body, as [`crate::links::stored`] bytes, when a
    /// read that scans them (`quire check`) wrote the entry; `None` otherwise (and always in a
    /// [`Snapshot`] taken without scans). Trusted exactly when the rest of the entry is.
    pub scan: Option<Vec<u8>>,
    /// The whole file's content hash and words, when a read that measured it
    /// ([`crate::post::Read::measures`]) wrote the entry: with them a measured load of a file
    /// the index trusts reads nothing.
    pub measured: Option<Measure>,
}

/// What a read of the whole file found beyond its head (see [`Entry::measured`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// [`crate::post::content_hash`] of the file.
    pub hash: u64,
    /// [`crate::post::count_words`] of its body.
    pub words: u32,
}

/// What one load changes in the index: entries read again, and files gone.
#[derive(Debug, Default)]
pub struct Update {
    /// Entries to add or replace.
    pub upserts: Vec<(PathBuf, Entry)>,
    /// Paths whose entries go.
    pub removes: Vec<PathBuf>,
    /// Measures for entries that stand as they are, each added only while the entry still has
    /// the stamp the file was read at (another process may have written it since).
    pub measures: Vec<(PathBuf, Stamp, Measure)>,
}

impl Update {
    /// Whether the index needs no write (its write time is still refreshed when it does).
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removes.is_empty() && self.measures.is_empty()
    }
}

/// Entries by path (see [`Snapshot`]).
type Entries = HashMap<OsString, Entry, foldhash::fast::FixedState>;

/// Paths' bytes, hashed as [`Entries`] are (the sets a load builds over its posts).
pub type PathSet<'a> = std::collections::HashSet<&'a std::ffi::OsStr, foldhash::fast::FixedState>;

/// The entries of an index as one load sees them, with the write time their trust depends on.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// By the path's bytes: hashing a `Path` walks its components, which over 10,000 lookups
    /// costs more than the rest of a warm listing's bookkeeping. The walk and the index build
    /// paths alike, from the same root. Hashed by foldhash: the blog's own paths, which no one
    /// chooses to collide, and SipHash was the lookup's main cost at 100,000 posts.
    entries: Entries,
    written_ns: i64,
}

impl Snapshot {
    /// A snapshot of nothing: every file is read (no index, or one that could not be read).
    pub fn empty() -> Snapshot {
        Snapshot::default()
    }

    /// The entry for `path` if it may stand for the file whose present stamp is `now`: same
    /// stamp, not racy, and checked when `need_checked`.
    pub fn trusted(&self, path: &Path, now: &Stamp, need_checked: bool) -> Option<&Entry> {
        let entry = self.entries.get(path.as_os_str())?;
        let racy = now.mtime_ns.saturating_add(RACY_NS) > self.written_ns;
        (entry.stamp == *now && !racy && (entry.checked || !need_checked)).then_some(entry)
    }

    /// Every path the index holds.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.entries.keys().map(Path::new)
    }

    /// How many entries the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The index file for a blog folder: one per canonical root, named by a hash of it, in
/// [`CACHE_ENV`] if set, else the user's cache folder (`directories`).
pub fn cache_file(root: &Path) -> Result<PathBuf, IndexError> {
    let dir = match std::env::var_os(CACHE_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("", "", "quire").ok_or(IndexError::NoCacheDir)?.cache_dir().to_path_buf(),
    };
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let hash = crate::post::content_hash(canonical.as_os_str().as_encoded_bytes());
    Ok(dir.join(format!("index-{hash:016x}.sqlite")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: i64 = 1_000_000_000;

    fn snapshot(stamp: Stamp, checked: bool, written_ns: i64) -> Snapshot {
        let entries = [(
            OsString::from("/b/a.md"),
            Entry { stamp, checked, head: b"---\ntitle: A\n---\n".to_vec(), fields: Vec::new(), scan: None, measured: None },
        )]
        .into_iter()
        .collect();
        Snapshot { entries, written_ns }
    }

    #[test]
    fn an_entry_is_trusted_only_when_every_part_of_the_stamp_matches_and_the_file_is_older_than_the_write() {
        let stamp = Stamp { size: 10, mtime_ns: 100 * SEC, ctime_ns: 100 * SEC, inode: 7 };
        let index = snapshot(stamp, false, 200 * SEC);
        let path = Path::new("/b/a.md");
        assert!(index.trusted(path, &stamp, false).is_some());
        for changed in [
            Stamp { size: 11, ..stamp },
            Stamp { mtime_ns: stamp.mtime_ns + 1, ..stamp },
            Stamp { ctime_ns: stamp.ctime_ns + 1, ..stamp },
            Stamp { inode: 8, ..stamp },
        ] {
            assert!(index.trusted(path, &changed, false).is_none(), "{changed:?}");
        }
        assert!(index.trusted(Path::new("/b/other.md"), &stamp, false).is_none());
        assert!(index.trusted(path, &stamp, true).is_none(), "check needs a whole-file check");
        assert!(snapshot(stamp, true, 200 * SEC).trusted(path, &stamp, true).is_some());
    }

    #[test]
    fn a_file_modified_near_or_after_the_index_write_is_racy_and_read_again() {
        let stamp = Stamp { size: 10, mtime_ns: 100 * SEC, ctime_ns: 100 * SEC, inode: 7 };
        let path = Path::new("/b/a.md");
        // The same second, a moment before the write, and after it: all racy.
        for written in [100 * SEC, 100 * SEC + RACY_NS - 1, 100 * SEC - 1] {
            assert!(snapshot(stamp, false, written).trusted(path, &stamp, false).is_none(), "written at {written}");
        }
        assert!(snapshot(stamp, false, 100 * SEC + RACY_NS).trusted(path, &stamp, false).is_some());
    }

    #[test]
    fn the_cache_file_is_one_per_blog_under_the_override() {
        // Only the override's shape is tested here (the environment is the process's): the name
        // depends on the canonical root alone.
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let name = |p: &Path| cache_file(p).unwrap().file_name().unwrap().to_owned();
        assert_eq!(name(a.path()), name(&a.path().join(".")));
        assert_ne!(name(a.path()), name(b.path()));
    }
}
