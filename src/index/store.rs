//! The index's engine: one SQLite file (WAL, so a second quire reads while one writes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use super::{Entry, IndexError, Snapshot, Stamp, Update};

/// The layout of the tables; an index of another version is rebuilt, never read.
pub const SCHEMA_VERSION: i64 = 2;

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
    head BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE docs (id INTEGER PRIMARY KEY, path BLOB NOT NULL UNIQUE, hash INTEGER NOT NULL);
CREATE VIRTUAL TABLE bodies USING fts5(
    body, content = '', contentless_delete = 1, detail = none, tokenize = 'trigram case_sensitive 0'
);
";

/// Shortest query the trigram table can answer (shorter ones are scanned in memory).
pub const MIN_FTS_QUERY: usize = 3;

/// What the full-text table says of one query: which indexed bodies may contain it.
#[derive(Debug, Default)]
pub struct BodyMatches {
    /// Every indexed body: path and the content hash of the file it was read from.
    pub indexed: std::collections::HashMap<PathBuf, u64>,
    /// The paths among them whose body may contain the query (a superset: trigrams, not text).
    pub candidates: std::collections::HashSet<PathBuf>,
}

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
                let mut stmt = tx.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?;
                stmt.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?
            };
            for table in tables {
                tx.execute_batch(&format!("DROP TABLE IF EXISTS \"{}\"", table.replace('"', "\"\"")))?;
            }
            tx.execute_batch(SCHEMA)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
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

    /// Every entry, read in one transaction so a concurrent write is seen whole or not at all.
    pub fn snapshot(&mut self) -> Result<Snapshot, IndexError> {
        let tx = self.conn.transaction()?;
        let written_ns: i64 = tx.query_row("SELECT value FROM meta WHERE key = 'written'", [], |row| row.get(0)).optional()?.unwrap_or(0);
        let mut entries = HashMap::new();
        {
            let mut stmt = tx.prepare("SELECT path, size, mtime, ctime, inode, checked, head FROM files")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let path: Vec<u8> = row.get(0)?;
                let stamp = Stamp {
                    size: row.get::<_, i64>(1)? as u64,
                    mtime_ns: row.get(2)?,
                    ctime_ns: row.get(3)?,
                    inode: row.get::<_, i64>(4)? as u64,
                };
                entries.insert(path_of(path), Entry { stamp, checked: row.get(5)?, head: row.get(6)? });
            }
        }
        let bodies = read_docs(&tx)?;
        tx.commit()?;
        Ok(Snapshot { entries, bodies, written_ns })
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
            let mut find = tx.prepare("SELECT id FROM docs WHERE path = ?1")?;
            let mut unbody = tx.prepare("DELETE FROM bodies WHERE rowid = ?1")?;
            let mut undoc = tx.prepare("DELETE FROM docs WHERE id = ?1")?;
            let mut forget = |path: &[u8]| -> rusqlite::Result<()> {
                if let Some(id) = find.query_row([path], |row| row.get::<_, i64>(0)).optional()? {
                    unbody.execute([id])?;
                    undoc.execute([id])?;
                }
                Ok(())
            };
            for path in &update.removes {
                forget(path.as_os_str().as_encoded_bytes())?;
            }
            let mut doc = tx.prepare("INSERT INTO docs (path, hash) VALUES (?1, ?2)")?;
            let mut body = tx.prepare("INSERT INTO bodies (rowid, body) VALUES (?1, ?2)")?;
            for post in &update.bodies {
                let path = post.path.as_os_str().as_encoded_bytes();
                forget(path)?;
                doc.execute(params![path, post.stamp.hash as i64])?;
                body.execute(params![tx.last_insert_rowid(), post.body])?;
            }
            let mut upsert = tx.prepare("INSERT OR REPLACE INTO files VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
            for (path, e) in &update.upserts {
                let s = &e.stamp;
                upsert.execute(params![
                    path.as_os_str().as_encoded_bytes(),
                    s.size as i64,
                    s.mtime_ns,
                    s.ctime_ns,
                    s.inode as i64,
                    e.checked,
                    e.head
                ])?;
            }
        }
        // Taken last: every stamp written (now or before) was taken before this instant.
        tx.execute("INSERT OR REPLACE INTO meta VALUES ('written', ?1)", [now_ns()])?;
        tx.commit()?;
        Ok(())
    }

    /// Opens the index at `file` only to read it (the search lane): never creates, rebuilds or
    /// writes it; an index of another version is an error (the caller scans instead).
    pub fn open_reader(file: &Path) -> Result<Index, IndexError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(file, flags)?;
        conn.busy_timeout(BUSY)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version != SCHEMA_VERSION {
            return Err(IndexError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
                Some(format!("index version {version}, not {SCHEMA_VERSION}")),
            )));
        }
        Ok(Index { conn, file: file.to_path_buf(), rebuilt: None })
    }

    /// The indexed bodies that may contain `query` (case folded, any part of a word), read in
    /// one transaction with the list of what is indexed; `None` for a query shorter than
    /// [`MIN_FTS_QUERY`] characters, which trigrams cannot answer.
    pub fn body_matches(&mut self, query: &str) -> Result<Option<BodyMatches>, IndexError> {
        if query.chars().count() < MIN_FTS_QUERY {
            return Ok(None);
        }
        let tx = self.conn.transaction()?;
        let indexed = read_docs(&tx)?;
        let mut candidates = std::collections::HashSet::new();
        {
            // Every trigram of the query must be in the body (the table keeps no positions, so
            // this is a superset of the bodies holding the text; the caller checks the text).
            let phrase = trigrams(query);
            let mut stmt = tx.prepare("SELECT docs.path FROM bodies JOIN docs ON docs.id = bodies.rowid WHERE bodies MATCH ?1")?;
            let mut rows = stmt.query([phrase])?;
            while let Some(row) = rows.next()? {
                candidates.insert(path_of(row.get(0)?));
            }
        }
        tx.commit()?;
        Ok(Some(BodyMatches { indexed, candidates }))
    }

    /// Sets the schema version (tests: an index written by another quire).
    #[cfg(test)]
    pub(super) fn set_version(&self, version: i64) -> Result<(), IndexError> {
        Ok(self.conn.pragma_update(None, "user_version", version)?)
    }
}

/// An FTS5 query asking for each of the text's trigrams (at most [`MAX_TRIGRAMS`], spread over
/// it: enough to narrow, few enough to stay quick), each quoted with its quotes doubled.
fn trigrams(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let count = chars.len().saturating_sub(2);
    let step = count.div_ceil(MAX_TRIGRAMS).max(1);
    let mut parts: Vec<String> = (0..count).step_by(step).map(|i| chars[i..i + 3].iter().collect::<String>()).collect();
    if count > 0 && !(count - 1).is_multiple_of(step) {
        parts.push(chars[count - 1..].iter().collect());
    }
    parts.iter().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ")
}

/// Trigrams asked for at most per query.
const MAX_TRIGRAMS: usize = 12;

/// Every indexed body's path and content hash.
fn read_docs(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<HashMap<PathBuf, u64>> {
    let mut stmt = tx.prepare("SELECT path, hash FROM docs")?;
    let mut rows = stmt.query([])?;
    let mut docs = HashMap::new();
    while let Some(row) = rows.next()? {
        docs.insert(path_of(row.get(0)?), row.get::<_, i64>(1)? as u64);
    }
    Ok(docs)
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
        Entry { stamp, checked: n.is_multiple_of(2), head: format!("---\ntitle: {n}\n---\n").into_bytes() }
    }

    #[test]
    fn what_is_saved_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/index.sqlite");
        let mut index = Index::open_file(&file).unwrap();
        assert!(index.snapshot().unwrap().is_empty());
        let upserts = vec![(PathBuf::from("/b/a.md"), entry(1)), (PathBuf::from("/b/b.md"), entry(2))];
        index.save(&Update { upserts, ..Update::default() }).unwrap();
        index
            .save(&Update {
                upserts: vec![(PathBuf::from("/b/a.md"), entry(4))],
                removes: vec![PathBuf::from("/b/b.md")],
                ..Update::default()
            })
            .unwrap();
        let snap = Index::open_file(&file).unwrap().snapshot().unwrap();
        assert_eq!(snap.entries, HashMap::from([(PathBuf::from("/b/a.md"), entry(4))]));
        assert!(snap.written_ns > 0);
    }

    #[test]
    fn a_damaged_file_or_another_schema_gives_an_empty_index() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index.sqlite");
        std::fs::write(&file, b"this is not a database, it is a note left by someone ........").unwrap();
        let mut index = Index::open_file(&file).unwrap();
        index.save(&Update { upserts: vec![(PathBuf::from("/b/a.md"), entry(1))], ..Update::default() }).unwrap();
        assert_eq!(index.snapshot().unwrap().len(), 1);
        index.set_version(SCHEMA_VERSION + 1).unwrap();
        drop(index);
        assert!(Index::open_file(&file).unwrap().snapshot().unwrap().is_empty(), "another version is rebuilt, not read");
    }

    fn body_post(path: &str, body: &str) -> std::sync::Arc<crate::post::Post> {
        let text = format!("---\ntitle: T\n---\n{body}");
        let stamp = crate::post::FileStamp { modified: None, len: text.len() as u64, hash: crate::post::content_hash(text.as_bytes()) };
        std::sync::Arc::new(crate::post::parse(PathBuf::from(path), text.as_bytes(), stamp))
    }

    #[test]
    fn bodies_are_found_by_any_part_of_a_word_in_any_case_and_replaced_or_removed_with_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index.sqlite");
        let mut index = Index::open_file(&file).unwrap();
        let (a, b) = (body_post("/b/a.md", "We ran Kubernetes clusters."), body_post("/b/b.md", "Notes on \"quoted\" text."));
        index.save(&Update { bodies: vec![a.clone(), b.clone()], ..Update::default() }).unwrap();
        let mut reader = Index::open_reader(&file).unwrap();
        let found = |reader: &mut Index, q: &str| {
            let m = reader.body_matches(q).unwrap().unwrap();
            let mut c: Vec<String> = m.candidates.iter().map(|p| p.display().to_string()).collect();
            c.sort();
            c
        };
        assert_eq!(found(&mut reader, "BERNET"), ["/b/a.md"]);
        assert_eq!(found(&mut reader, "\"quoted\""), ["/b/b.md"]);
        assert!(found(&mut reader, "absent").is_empty());
        assert!(reader.body_matches("ku").unwrap().is_none(), "two letters: scanned instead");
        let m = reader.body_matches("ran").unwrap().unwrap();
        assert_eq!(m.indexed.get(Path::new("/b/a.md")), Some(&a.stamp.hash));
        // A rewrite replaces the body; a removed file takes its body along.
        let a2 = body_post("/b/a.md", "Now about Nomad.");
        index.save(&Update { bodies: vec![a2.clone()], removes: vec![PathBuf::from("/b/b.md")], ..Update::default() }).unwrap();
        assert!(found(&mut reader, "bernet").is_empty());
        assert_eq!(found(&mut reader, "nomad"), ["/b/a.md"]);
        let snap = index.snapshot().unwrap();
        assert!(snap.has_body(Path::new("/b/a.md"), a2.stamp.hash) && !snap.has_body(Path::new("/b/a.md"), a.stamp.hash));
        assert!(!snap.has_body(Path::new("/b/b.md"), b.stamp.hash));
    }

    #[test]
    fn the_bundled_sqlite_has_fts5() {
        let conn = Connection::open_in_memory().unwrap();
        let on: bool = conn.query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| r.get(0)).unwrap();
        assert!(on);
    }
}
