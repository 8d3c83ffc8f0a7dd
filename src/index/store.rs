//! The index's engine: one SQLite file (WAL, so a second quire reads while one writes).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use super::{Entry, IndexError, Measure, Snapshot, Stamp, Update};

/// The layout of the tables; an index of another version is rebuilt, never read (4: each
/// file's parsed keys and links scan beside its head, and the words table; 5: each file's
/// content hash and words, from a read that measured it).
pub const SCHEMA_VERSION: i64 = 5;

/// How long a write waits for another quire's write before giving up (and not writing).
const BUSY: Duration = Duration::from_millis(500);

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE files (
    path BLOB PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    ctime INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    checked INTEGER NOT NULL,
    head BLOB NOT NULL,
    fields BLOB NOT NULL,
    scan BLOB,
    hash INTEGER,
    words INTEGER
) WITHOUT ROWID;
";

/// An open index file.
#[derive(Debug)]
pub struct Index {
    conn: Connection,
    file: PathBuf,
    /// Why the file was emptied when opened (damaged, another schema), if it was.
    rebuilt: Option<&'static str>,
}

impl Index {
    /// Opens the index of the blog at `root` (see [`super::cache_file`]), creating it if needed.
    pub fn open(root: &Path) -> Result<Index, IndexError> {
        Index::open_file(&super::cache_file(root)?)
    }

    /// Opens (or creates) the index at `file`. A file that is not a readable index of this
    /// schema is replaced by an empty one.
    pub fn open_file(file: &Path) -> Result<Index, IndexError> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|source| IndexError::Folder { path: dir.to_path_buf(), source })?;
        }
        match Index::open_checked(file) {
            Err(IndexError::Sqlite(err)) if is_damage(&err) => {
                remove_files(file);
                let mut index = Index::open_checked(file)?;
                index.rebuilt = Some("index was damaged; rebuilt");
                Ok(index)
            }
            other => other,
        }
    }

    fn open_checked(file: &Path) -> Result<Index, IndexError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(file, flags)?;
        conn.busy_timeout(BUSY)?;
        let mut index = Index { conn, file: file.to_path_buf(), rebuilt: None };
        let version: i64 = index.conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version != SCHEMA_VERSION {
            index.rebuild()?;
            // A new file starts at version 0: only an index written by another quire is news.
            if version != 0 {
                index.rebuilt = Some("index of another quire version; rebuilt");
            }
        }
        // WAL lets readers go on while one process writes; a read-only file stays in its mode.
        let _: Option<String> = index.conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).optional().unwrap_or(None);
        index.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(index)
    }

    /// Drops whatever tables the file holds and creates this version's, in one transaction, so a
    /// second process doing the same at once sees one or the other.
    fn rebuild(&mut self) -> Result<(), IndexError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version != SCHEMA_VERSION {
            let tables: Vec<String> = {
                // Virtual tables first: dropping one drops its shadow tables.
                let mut stmt = tx.prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY sql LIKE 'CREATE VIRTUAL%' DESC",
                )?;
                stmt.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?
            };
            for table in tables {
                tx.execute_batch(&format!("DROP TABLE IF EXISTS \"{}\"", table.replace('"', "\"\"")))?;
            }
            tx.execute_batch(SCHEMA)?;
            tx.execute_batch(super::words::SCHEMA)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The connection, for the word index's writes to the same file.
    pub(super) fn into_connection(self) -> Connection {
        self.conn
    }

    /// Replaces a damaged index (found so by a read) by an empty one.
    pub fn reset(self) -> Result<Index, IndexError> {
        let file = self.file.clone();
        drop(self);
        remove_files(&file);
        let mut index = Index::open_checked(&file)?;
        index.rebuilt = Some("index was damaged; rebuilt");
        Ok(index)
    }

    /// Whether an error means the file is damaged (so [`Index::reset`] is the remedy).
    pub fn is_damage(err: &IndexError) -> bool {
        matches!(err, IndexError::Sqlite(err) if is_damage(err))
    }

    /// Why the index was emptied when opened (damaged, another version), if it was.
    pub fn rebuilt(&self) -> Option<&'static str> {
        self.rebuilt
    }

    /// The file this index is kept in.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Every entry, read in one transaction so a concurrent write is seen whole or not at all;
    /// with each entry's links scan only when `scans` (a listing needs none: not read, not held).
    pub fn snapshot(&mut self, scans: bool) -> Result<Snapshot, IndexError> {
        let tx = self.conn.transaction()?;
        let written_ns: i64 = tx.query_row("SELECT value FROM meta WHERE key = 'written'", [], |row| row.get(0)).optional()?.unwrap_or(0);
        let mut rows_read = Vec::new();
        {
            let sql = match scans {
                true => "SELECT path, size, mtime, ctime, inode, checked, head, fields, scan, hash, words FROM files",
                false => "SELECT path, size, mtime, ctime, inode, checked, head, fields, NULL, hash, words FROM files",
            };
            let mut stmt = tx.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let path: Vec<u8> = row.get(0)?;
                let stamp = Stamp {
                    size: row.get::<_, i64>(1)? as u64,
                    mtime_ns: row.get(2)?,
                    ctime_ns: row.get(3)?,
                    inode: row.get::<_, i64>(4)? as u64,
                };
                let measured = match (row.get::<_, Option<i64>>(9)?, row.get::<_, Option<u32>>(10)?) {
                    (Some(hash), Some(words)) => Some(Measure { hash: hash as u64, words }),
                    _ => None,
                };
                let entry = Entry { stamp, checked: row.get(5)?, head: row.get(6)?, fields: row.get(7)?, scan: row.get(8)?, measured };
                rows_read.push((path_of(path).into_os_string(), entry));
            }
        }
        tx.commit()?;
        // Collected from a list of known length: the map is sized once, never rehashed.
        let entries = rows_read.into_iter().collect();
        Ok(Snapshot { entries, written_ns })
    }

    /// Writes one load's changes and the write time, in one transaction; waits at most a moment
    /// for another process's write, then gives up (the caller goes on without writing).
    pub fn save(&mut self, update: &Update) -> Result<(), IndexError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut remove = tx.prepare("DELETE FROM files WHERE path = ?1")?;
            for path in &update.removes {
                remove.execute([path.as_os_str().as_encoded_bytes()])?;
            }
            let mut upsert = tx.prepare("INSERT OR REPLACE INTO files VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?;
            for (path, e) in &update.upserts {
                let s = &e.stamp;
                upsert.execute(params![
                    path.as_os_str().as_encoded_bytes(),
                    s.size as i64,
                    s.mtime_ns,
                    s.ctime_ns,
                    s.inode as i64,
                    e.checked,
                    e.head,
                    e.fields,
                    e.scan,
                    e.measured.map(|m| m.hash as i64),
                    e.measured.map(|m| m.words)
                ])?;
            }
            let mut measure = tx.prepare(
                "UPDATE files SET hash = ?1, words = ?2 WHERE path = ?3 AND size = ?4 AND mtime = ?5 AND ctime = ?6 AND inode = ?7",
            )?;
            for (path, s, m) in &update.measures {
                let path = path.as_os_str().as_encoded_bytes();
                measure.execute(params![m.hash as i64, m.words, path, s.size as i64, s.mtime_ns, s.ctime_ns, s.inode as i64])?;
            }
        }
        // Taken last: every stamp written (now or before) was taken before this instant.
        tx.execute("INSERT OR REPLACE INTO meta VALUES ('written', ?1)", [now_ns()])?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the schema version (tests: an index written by another quire).
    #[cfg(test)]
    pub(super) fn set_version(&self, version: i64) -> Result<(), IndexError> {
        Ok(self.conn.pragma_update(None, "user_version", version)?)
    }
}

/// Errors that mean the file is not an index we can read: rebuilt rather than reported.
fn is_damage(err: &rusqlite::Error) -> bool {
    matches!(err.sqlite_error_code(), Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt))
}

/// Removes an index file with its write-ahead log and shared memory.
fn remove_files(file: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

#[cfg(unix)]
fn path_of(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

fn now_ns() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u8) -> Entry {
        let stamp = Stamp { size: u64::from(n), mtime_ns: 1, ctime_ns: 2, inode: 3 };
        let scan = n.is_multiple_of(4).then(|| vec![n; 3]);
        let measured = n.is_multiple_of(2).then_some(Measure { hash: u64::MAX - u64::from(n), words: u32::from(n) });
        Entry { stamp, checked: n.is_multiple_of(2), head: format!("---\ntitle: {n}\n---\n").into_bytes(), fields: vec![n], scan, measured }
    }

    #[test]
    fn what_is_saved_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/index.sqlite");
        let mut index = Index::open_file(&file).unwrap();
        assert!(index.snapshot(true).unwrap().is_empty());
        let upserts = vec![(PathBuf::from("/b/a.md"), entry(1)), (PathBuf::from("/b/b.md"), entry(2))];
        index.save(&Update { upserts, ..Update::default() }).unwrap();
        index
            .save(&Update {
                upserts: vec![(PathBuf::from("/b/a.md"), entry(4))],
                removes: vec![PathBuf::from("/b/b.md")],
                ..Update::default()
            })
            .unwrap();
        let snap = Index::open_file(&file).unwrap().snapshot(true).unwrap();
        let one = |entry| [(std::ffi::OsString::from("/b/a.md"), entry)].into_iter().collect();
        assert_eq!(snap.entries, one(entry(4)));
        assert!(snap.written_ns > 0);
        let listing = Index::open_file(&file).unwrap().snapshot(false).unwrap();
        assert_eq!(listing.entries, one(Entry { scan: None, ..entry(4) }), "no scan unless asked");
    }

    #[test]
    fn a_measure_is_added_only_to_an_entry_that_still_has_the_stamp_it_was_read_at() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = Index::open_file(&dir.path().join("index.sqlite")).unwrap();
        let bare = Entry { measured: None, ..entry(3) };
        index.save(&Update { upserts: vec![(PathBuf::from("/b/a.md"), bare.clone())], ..Update::default() }).unwrap();
        let m = Measure { hash: 77, words: 12 };
        let other = Stamp { size: bare.stamp.size + 1, ..bare.stamp };
        index.save(&Update { measures: vec![(PathBuf::from("/b/a.md"), other, m)], ..Update::default() }).unwrap();
        let read = |index: &mut Index| index.snapshot(false).unwrap().entries.into_values().next().unwrap();
        assert_eq!(read(&mut index).measured, None, "the entry was rewritten since: no measure");
        index.save(&Update { measures: vec![(PathBuf::from("/b/a.md"), bare.stamp, m)], ..Update::default() }).unwrap();
        assert_eq!(read(&mut index), Entry { measured: Some(m), ..bare }, "the rest of the entry stays");
    }

    #[test]
    fn a_damaged_file_or_another_schema_gives_an_empty_index() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index.sqlite");
        std::fs::write(&file, b"this is not a database, it is a note left by someone ........").unwrap();
        let mut index = Index::open_file(&file).unwrap();
        index.save(&Update { upserts: vec![(PathBuf::from("/b/a.md"), entry(1))], ..Update::default() }).unwrap();
        assert_eq!(index.snapshot(true).unwrap().len(), 1);
        index.set_version(SCHEMA_VERSION + 1).unwrap();
        drop(index);
        assert!(Index::open_file(&file).unwrap().snapshot(true).unwrap().is_empty(), "another version is rebuilt, not read");
    }

    #[test]
    fn the_bundled_sqlite_has_fts5() {
        let conn = Connection::open_in_memory().unwrap();
        let on: bool = conn.query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| r.get(0)).unwrap();
        assert!(on);
    }
}
