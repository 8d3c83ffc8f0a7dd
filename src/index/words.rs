//! The words of every post's body, for ranked full-text search: an FTS5 table in the index file.
//!
//! It holds, for each post, the folded words [`crate::search::words::index_text`] gives, and
//! which content of the file they came from (its path and content hash). A search asks it only
//! about posts whose present content is the one it holds; the others (changed since, or not
//! yet filled in) are scanned in memory by the same word semantics, so an index that lags
//! behind is slower, never wrong.
//!
//! Tables of their own (`words`, `word_docs`, `word_meta`) beside the listing's: the words are
//! written in the background after the first frame, in small transactions, each of which bumps a
//! generation that tells a searcher (in this process or another) to re-read which posts it holds.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::{Index, IndexError};
use crate::post::Post;
use crate::search::Indexed;
use crate::search::words::{Words, index_text};

/// The words tables, created with the rest of the schema (see `store::SCHEMA_VERSION`).
/// `ascii` splits the stored text at its spaces exactly (it holds only folded words); prefix
/// indexes make the word being typed cheap from its first letter.
pub(super) const SCHEMA: &str = "
CREATE VIRTUAL TABLE words USING fts5(body, content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '1 2 3');
CREATE TABLE word_docs (id INTEGER PRIMARY KEY, path BLOB NOT NULL UNIQUE, hash INTEGER NOT NULL, len INTEGER NOT NULL);
CREATE TABLE word_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
";

/// Posts written per transaction: small, so a search or a listing save never waits long.
const FILL_BATCH: usize = 100;

/// How long a search waits for the file (a write holds it only for a moment in WAL mode).
const BUSY_MS: u64 = 200;

/// The word index of one blog, shared by the thread that fills it and the one that searches.
#[derive(Debug)]
pub struct WordIndex {
    writer: Mutex<Connection>,
    reader: Mutex<Reader>,
}

/// The searcher's connection and what it last read of which posts the table holds.
#[derive(Debug)]
struct Reader {
    conn: Connection,
    /// Whether `conn` has the functions that score without FTS5's row lengths (see `rank`).
    ranks: bool,
    /// The generation `docs` was read at.
    generation: Option<i64>,
    /// The rows held and their lengths in words, by the content hash of the file they came from
    /// (the words depend on the content alone, so a copy of a file under another name is held too).
    held: Numbers<u64, (i64, u32)>,
    rows: f64,
    avg_len: f64,
    /// The last list searched, as rows of `held` (dropped with it).
    mapped: Option<Mapped>,
}

/// One post's words in the table: their row, and the content hash of the file they came from.
#[derive(Debug, Clone, Copy)]
struct Doc {
    id: i64,
    hash: u64,
    /// Words in the row.
    len: u32,
}

/// What one fill did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Filled {
    /// Posts whose words were written.
    pub written: usize,
    /// Posts whose words were removed (their file is gone).
    pub removed: usize,
}

impl WordIndex {
    /// Opens the word index of the blog at `root`, in its index file (see [`super::cache_file`]).
    pub fn open(root: &Path) -> Result<Arc<WordIndex>, IndexError> {
        WordIndex::open_file(&super::cache_file(root)?)
    }

    /// Opens the word index in `file`, creating (or rebuilding) the file as [`Index::open_file`] does.
    pub fn open_file(file: &Path) -> Result<Arc<WordIndex>, IndexError> {
        let writer = Index::open_file(file)?.into_connection();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(file, flags)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_MS))?;
        let ranks = super::rank::register(&conn);
        let reader = Reader { conn, ranks, generation: None, held: Numbers::default(), rows: 0.0, avg_len: 0.0, mapped: None };
        Ok(Arc::new(WordIndex { writer: Mutex::new(writer), reader: Mutex::new(reader) }))
    }

    /// Brings the table in step with `posts` (the library as now read): writes the words of every
    /// post read whole whose content it does not hold, and removes those of files gone.
    pub fn fill(&self, posts: &[Arc<Post>]) -> Result<Filled, IndexError> {
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let docs = read_docs(&conn)?;
        let present: HashSet<&[u8]> = posts.iter().map(|p| path_key(&p.path)).collect();
        let gone: Vec<i64> =
            docs.iter().filter(|(path, _)| !present.contains(path.as_slice()) && !exists(path)).map(|(_, doc)| doc.id).collect();
        let todo: Vec<&Arc<Post>> = posts
            .iter()
            // A hash of 0 is a post read only in part (a listing): its body is not known.
            .filter(|p| p.stamp.hash != 0 && docs.get(path_key(&p.path)).is_none_or(|d| d.hash != p.stamp.hash))
            .collect();
        if !gone.is_empty() {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for id in &gone {
                tx.execute("DELETE FROM words WHERE rowid = ?1", [id])?;
                tx.execute("DELETE FROM word_docs WHERE id = ?1", [id])?;
            }
            bump(&tx)?;
            tx.commit()?;
        }
        for batch in todo.chunks(FILL_BATCH) {
            // Folded before the transaction: the file is held only for the writes.
            let texts: Vec<(u64, (String, u32))> = batch.iter().map(|p| words_of(p)).collect();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for (post, (hash, (text, len))) in batch.iter().zip(texts) {
                let key = path_key(&post.path);
                let old: Option<i64> = tx.query_row("SELECT id FROM word_docs WHERE path = ?1", [key], |r| r.get(0)).optional()?;
                if let Some(old) = old {
                    tx.execute("DELETE FROM words WHERE rowid = ?1", [old])?;
                    tx.execute("DELETE FROM word_docs WHERE id = ?1", [old])?;
                }
                tx.execute("INSERT INTO word_docs (path, hash, len) VALUES (?1, ?2, ?3)", params![key, hash as i64, len])?;
                let id = tx.last_insert_rowid();
                tx.execute("INSERT INTO words (rowid, body) VALUES (?1, ?2)", params![id, text])?;
            }
            bump(&tx)?;
            tx.commit()?;
        }
        Ok(Filled { written: todo.len(), removed: gone.len() })
    }

    /// The index's answer to a body query for `posts`: which posts it holds as they are now, and
    /// the BM25 of those whose body matches (see [`Indexed`]).
    pub fn answer<P: AsRef<Post>>(&self, posts: &[P], query: &Words) -> Result<Indexed, IndexError> {
        self.answer_for(&hashes_of(posts), query)
    }

    /// [`WordIndex::answer`] for the posts whose content hashes these are (0: read only in part),
    /// as a search lane keeps them between keystrokes.
    pub fn answer_for(&self, hashes: &[u64], query: &Words) -> Result<Indexed, IndexError> {
        self.answer_scored(hashes, query, true)
    }

    /// [`WordIndex::answer`] scored by SQLite's own `bm25()`, which the faster scores equal (the
    /// tests compare them).
    pub fn answer_by_sqlite_bm25<P: AsRef<Post>>(&self, posts: &[P], query: &Words) -> Result<Indexed, IndexError> {
        self.answer_scored(&hashes_of(posts), query, false)
    }

    fn answer_scored(&self, hashes: &[u64], query: &Words, own: bool) -> Result<Indexed, IndexError> {
        let mut reader = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let Reader { conn, ranks, generation, held, rows, avg_len, mapped } = &mut *reader;
        // One read transaction: which posts are held and what matches come from one state.
        let tx = conn.transaction()?;
        let now: i64 = tx.query_row("SELECT value FROM word_meta WHERE key = 'generation'", [], |r| r.get(0)).optional()?.unwrap_or(0);
        if *generation != Some(now) {
            *held = read_docs(&tx)?.into_values().map(|doc| (doc.hash, (doc.id, doc.len))).collect();
            (*rows, *avg_len) =
                tx.query_row("SELECT count(*), coalesce(avg(len), 0) FROM word_docs", [], |r| Ok((r.get::<_, i64>(0)? as f64, r.get(1)?)))?;
            *generation = Some(now);
            *mapped = None;
        }
        // Which rows the posts are: the same for every keystroke over the same list.
        if mapped.as_ref().is_none_or(|m| m.hashes != hashes) {
            *mapped = Some(Mapped::of(hashes, held));
        }
        let Mapped { by_id, twins, bodies, any, .. } = mapped.as_ref().expect("mapped just now");
        let mut bodies = bodies.clone();
        let mut found = |id: i64, score: f64| {
            if let Some((i, _)) = by_id.get(id) {
                bodies[i] = Some(Some(score));
                for &(_, twin) in twins.iter().filter(|(twin_id, _)| *twin_id == id) {
                    bodies[twin] = Some(Some(score));
                }
            }
        };
        let len = |id| by_id.get(id).map(|(_, len)| len);
        if *any && own && *ranks {
            scores(&tx, query, len, &mut found)?;
        } else if *any {
            sqlite_scores(&tx, &query.fts(), &mut found)?;
        }
        tx.commit()?;
        Ok(Indexed { bodies, rows: *rows, avg_len: *avg_len })
    }
}

/// The content hash of each post (0 for one read only in part: its body is not known).
fn hashes_of<P: AsRef<Post>>(posts: &[P]) -> Vec<u64> {
    posts.iter().map(|p| p.as_ref().stamp.hash).collect()
}

/// Which of a list of posts the table holds, as rows.
#[derive(Debug)]
struct Mapped {
    /// The list's content hashes, in its order.
    hashes: Vec<u64>,
    /// Row -> the post searched and the row's length.
    by_id: RowMap,
    /// Posts with the same content as an earlier one share its row: (row, post).
    twins: Vec<(i64, usize)>,
    /// The answer before any match: `Some(None)` for each post held, `None` for the others.
    bodies: Vec<Option<Option<f64>>>,
    /// Whether the table holds any of the posts.
    any: bool,
}

impl Mapped {
    fn of(hashes: &[u64], held: &Numbers<u64, (i64, u32)>) -> Mapped {
        let mut bodies = vec![None; hashes.len()];
        let max_id = held.values().map(|&(id, _)| id).max().unwrap_or(0);
        let mut by_id = RowMap::new(max_id, held.len());
        let mut twins = Vec::new();
        for (i, &hash) in hashes.iter().enumerate() {
            // A hash of 0 is a post read only in part: its body is not known.
            if hash != 0
                && let Some(&(id, len)) = held.get(&hash)
            {
                bodies[i] = Some(None);
                if let Some((twin, _)) = by_id.insert(id, (i, len)) {
                    twins.push((id, twin));
                }
            }
        }
        let any = bodies.iter().any(Option::is_some);
        Mapped { hashes: hashes.to_vec(), by_id, twins, bodies, any }
    }
}

/// Row id -> (post, row length). Row ids are handed out in turn, so they are mostly dense: a
/// list indexed by id then, looked up without hashing (two lookups per match, 95,000 matches
/// for a common prefix at 100,000 posts); a map when the ids are spread too thin for a list.
#[derive(Debug)]
enum RowMap {
    /// `(post + 1, len)` at each id; a post of 0 is no row.
    Dense(Vec<(u32, u32)>),
    Sparse(Numbers<i64, (usize, u32)>),
}

impl RowMap {
    fn new(max_id: i64, rows: usize) -> RowMap {
        match usize::try_from(max_id) {
            Ok(max) if max <= rows.saturating_mul(4).saturating_add(4096) && rows < u32::MAX as usize => {
                RowMap::Dense(vec![(0, 0); max + 1])
            }
            _ => RowMap::Sparse(Numbers::with_capacity_and_hasher(rows, Default::default())),
        }
    }

    /// Maps `id`; the earlier post of that row, if there was one.
    fn insert(&mut self, id: i64, (post, len): (usize, u32)) -> Option<(usize, u32)> {
        match self {
            RowMap::Dense(slots) => match usize::try_from(id).ok().and_then(|id| slots.get_mut(id)) {
                Some(slot) => {
                    let old = std::mem::replace(slot, (post as u32 + 1, len));
                    (old.0 > 0).then(|| (old.0 as usize - 1, old.1))
                }
                // Not below the largest id seen: never the case, but never a lost row either.
                None => None,
            },
            RowMap::Sparse(map) => map.insert(id, (post, len)),
        }
    }

    fn get(&self, id: i64) -> Option<(usize, u32)> {
        match self {
            RowMap::Dense(slots) => {
                usize::try_from(id).ok().and_then(|id| slots.get(id)).filter(|s| s.0 > 0).map(|&(post, len)| (post as usize - 1, len))
            }
            RowMap::Sparse(map) => map.get(&id).copied(),
        }
    }
}

/// Calls `each` with every row matching `query` whose length `len` gives, and its BM25,
/// computed here from each phrase's occurrences and the row's length (see `rank`), once every
/// row is read (a query of one word weighs it by the number of rows matched).
fn scores(conn: &Connection, query: &Words, len: impl Fn(i64) -> Option<u32>, mut each: impl FnMut(i64, f64)) -> Result<(), IndexError> {
    let mut stmt = conn.prepare("SELECT rowid, quire_hits(words), quire_stats(words) FROM words WHERE words MATCH ?1")?;
    let mut found = stmt.query([query.fts()])?;
    let phrases = query.words().len();
    let (mut stats, mut matched) = (None, 0i64);
    // The rows searched for, their lengths, and each phrase's occurrences (`phrases` a row).
    let (mut rows, mut hits) = (Vec::new(), Vec::new());
    while let Some(row) = found.next()? {
        matched += 1;
        // `quire_stats` answers on the first row only.
        if stats.is_none()
            && let rusqlite::types::ValueRef::Blob(blob) = row.get_ref(2)?
        {
            stats = Some(blob.to_vec());
        }
        let id: i64 = row.get(0)?;
        let Some(len) = len(id) else { continue };
        let rusqlite::types::ValueRef::Blob(blob) = row.get_ref(1)? else { return Err(refused("quire_hits")) };
        let before = hits.len();
        hits.extend(super::rank::hits(blob));
        if hits.len() != before + phrases {
            return Err(refused("quire_hits"));
        }
        rows.push((id, len));
    }
    if rows.is_empty() {
        return Ok(());
    }
    let Some(stats) = stats.and_then(|blob| super::rank::Stats::parse(&blob, matched)) else { return Err(refused("quire_stats")) };
    for (&(id, len), hits) in rows.iter().zip(hits.chunks_exact(phrases)) {
        each(id, super::rank::bm25(hits.iter().copied(), len, &stats));
    }
    Ok(())
}

/// An answer of the scoring functions that is never expected: refused rather than a match lost.
fn refused(function: &str) -> IndexError {
    rusqlite::Error::InvalidColumnType(1, function.into(), rusqlite::types::Type::Null).into()
}

/// Calls `each` with every row matching `fts` and its BM25 by SQLite's `bm25()`.
fn sqlite_scores(conn: &Connection, fts: &str, mut each: impl FnMut(i64, f64)) -> Result<(), IndexError> {
    let mut stmt = conn.prepare("SELECT rowid, bm25(words) FROM words WHERE words MATCH ?1")?;
    let mut found = stmt.query([fts])?;
    while let Some(row) = found.next()? {
        each(row.get(0)?, row.get(1)?);
    }
    Ok(())
}

/// A map keyed by numbers that are already well spread (content hashes, row ids).
type Numbers<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Mix>>;

/// A hasher for one number: a multiply spreads its bits, far cheaper than SipHash on the
/// search's path (10,000 lookups per keystroke). Not for keys an attacker chooses.
#[derive(Default)]
struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

/// The words of a post's body and the content hash they come from: the body it holds, else its
/// file's as it is now (a post loaded without its body, as the TUI's are).
fn words_of(post: &Post) -> (u64, (String, u32)) {
    match &post.body {
        Some(body) => (post.stamp.hash, index_text(body)),
        None => match crate::post::read_body(&post.path) {
            Some(body) => (body.hash, index_text(&body.text)),
            // Gone or not text: a scan finds no words in it either.
            None => (post.stamp.hash, index_text("")),
        },
    }
}

/// Which content of which file the table holds words for.
fn read_docs(conn: &Connection) -> Result<HashMap<Vec<u8>, Doc>, IndexError> {
    let mut stmt = conn.prepare("SELECT path, id, hash, len FROM word_docs")?;
    let docs = stmt
        .query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, Doc { id: r.get(1)?, hash: r.get::<_, i64>(2)? as u64, len: r.get(3)? })))?
        .collect::<Result<_, _>>()?;
    Ok(docs)
}

/// Tells searchers that the table changed.
fn bump(tx: &rusqlite::Transaction<'_>) -> Result<(), IndexError> {
    tx.execute("INSERT INTO word_meta VALUES ('generation', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1", [])?;
    Ok(())
}

/// Whether the file of a stored path is still there.
#[cfg(unix)]
fn exists(path: &[u8]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(path)).exists()
}

/// Whether the file of a stored path is still there.
#[cfg(not(unix))]
fn exists(path: &[u8]) -> bool {
    Path::new(&*String::from_utf8_lossy(path)).exists()
}

fn path_key(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{FileStamp, parse};
    use crate::search::search_with;
    use std::path::PathBuf;

    fn post(name: &str, body: &str) -> Arc<Post> {
        let text = format!("---\ntitle: T {name}\n---\n{body}");
        let stamp = FileStamp { modified: None, len: text.len() as u64, hash: crate::post::content_hash(text.as_bytes()) };
        Arc::new(parse(PathBuf::from(format!("/nowhere/{name}.md")), text.as_bytes(), stamp))
    }

    fn bodies(index: &WordIndex, posts: &[Arc<Post>], query: &str) -> Vec<Option<bool>> {
        let answer = index.answer(posts, &Words::parse(query).unwrap()).unwrap();
        answer.bodies.iter().map(|b| b.map(|s| s.is_some())).collect()
    }

    #[test]
    fn posts_held_are_answered_by_the_index_and_changed_ones_are_left_to_the_scan() {
        let dir = tempfile::tempdir().unwrap();
        let index = WordIndex::open_file(&dir.path().join("index.sqlite")).unwrap();
        let posts = vec![post("a", "Tail latency at the ÉDGE"), post("b", "throughput only")];
        assert_eq!(bodies(&index, &posts, "lat"), [None, None], "nothing held before a fill");
        assert_eq!(index.fill(&posts).unwrap(), Filled { written: 2, removed: 0 });
        assert_eq!(bodies(&index, &posts, "lat"), [Some(true), Some(false)]);
        assert_eq!(bodies(&index, &posts, "edge tail"), [Some(true), Some(false)]);
        assert_eq!(bodies(&index, &posts, "ta lat"), [Some(false), Some(false)], "only the last word is a prefix");
        let changed = vec![post("a", "now about quorum"), Arc::clone(&posts[1])];
        assert_eq!(bodies(&index, &changed, "quorum"), [None, Some(false)], "a changed post is not answered from old words");
        let hits = search_with(&changed, "quorum", Some(&index.answer(&changed, &Words::parse("quorum").unwrap()).unwrap()));
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [0], "the scan finds it");
        // Posts gone from the library whose files are gone lose their words.
        assert_eq!(index.fill(&changed[..1]).unwrap(), Filled { written: 1, removed: 1 });
        assert_eq!(bodies(&index, &changed, "quorum"), [Some(true), None]);
    }

    #[test]
    fn the_rows_of_a_list_are_found_again_as_the_list_changes() {
        let dir = tempfile::tempdir().unwrap();
        let index = WordIndex::open_file(&dir.path().join("index.sqlite")).unwrap();
        let posts = vec![post("a", "alpha words"), post("b", "beta words"), post("c", "gamma alpha")];
        index.fill(&posts).unwrap();
        assert_eq!(bodies(&index, &posts, "alpha"), [Some(true), Some(false), Some(true)]);
        assert_eq!(bodies(&index, &posts, "alpha"), [Some(true), Some(false), Some(true)], "asked again");
        let reordered = vec![Arc::clone(&posts[2]), Arc::clone(&posts[1]), Arc::clone(&posts[0])];
        assert_eq!(bodies(&index, &reordered, "alpha"), [Some(true), Some(false), Some(true)]);
        assert_eq!(bodies(&index, &reordered, "beta"), [Some(false), Some(true), Some(false)]);
        // Two posts with the same content share a row; a post the table does not hold is scanned.
        let twins = vec![post("a", "alpha words"), Arc::clone(&posts[1]), post("a", "alpha words"), post("d", "alpha")];
        assert_eq!(bodies(&index, &twins, "alpha"), [Some(true), Some(false), Some(true), None]);
        assert_eq!(bodies(&index, &posts[1..], "alpha"), [Some(false), Some(true)]);
    }

    #[test]
    fn a_row_map_answers_alike_as_a_list_or_a_map() {
        let (mut dense, mut sparse) = (RowMap::new(10, 5), RowMap::new(1 << 40, 5));
        assert!(matches!(dense, RowMap::Dense(_)) && matches!(sparse, RowMap::Sparse(_)));
        for (id, post) in [(3, 0), (7, 1), (3, 2), (0, 3), (10, 4)] {
            assert_eq!(dense.insert(id, (post, 9)), sparse.insert(id, (post, 9)), "row {id}");
        }
        for id in -2..14 {
            assert_eq!(dense.get(id), sparse.get(id), "row {id}");
        }
        assert_eq!(dense.get(3), Some((2, 9)));
    }

    #[test]
    fn scores_equal_sqlites_bm25_to_the_last_bit() {
        let dir = tempfile::tempdir().unwrap();
        let index = WordIndex::open_file(&dir.path().join("index.sqlite")).unwrap();
        let words = ["raft", "latency", "later", "lateral", "quorum", "tail", "log", "leader", "été", "东京"];
        let mut posts: Vec<Arc<Post>> = (0..60)
            .map(|i| {
                let body: Vec<&str> = (0..(i % 13 + 1) * 3).map(|j| words[(i * 7 + j * (i % 5 + 1)) % words.len()]).collect();
                post(&format!("p{i}"), &body.join(" "))
            })
            .collect();
        posts.push(post("all", &words.join(" ")));
        index.fill(&posts).unwrap();
        assert!(index.reader.lock().unwrap().ranks, "the functions are registered");
        let many = "raft latency later lateral quorum tail log leader raft latency later lateral quorum tail log leader raft lat";
        for query in ["raft", "lat", "late", "latency tail", "raft log lea", "quorum", "ete", "东京", "l", "zzz", "tail tail", many] {
            let words = Words::parse(query).unwrap();
            let (own, sqlite) = (index.answer(&posts, &words).unwrap(), index.answer_by_sqlite_bm25(&posts, &words).unwrap());
            assert_eq!(own.bodies, sqlite.bodies, "{query:?}");
        }
        let matched = |query: &str| {
            index.answer(&posts, &Words::parse(query).unwrap()).unwrap().bodies.iter().filter(|b| matches!(b, Some(Some(_)))).count()
        };
        assert!(matched("lat") > 10 && matched(many) >= 1, "common and many-word queries match");
    }

    #[test]
    fn a_second_process_sees_what_the_first_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index.sqlite");
        let (one, two) = (WordIndex::open_file(&file).unwrap(), WordIndex::open_file(&file).unwrap());
        let posts = vec![post("a", "raft consensus")];
        assert_eq!(bodies(&two, &posts, "raft"), [None]);
        one.fill(&posts).unwrap();
        assert_eq!(bodies(&two, &posts, "raft"), [Some(true)]);
        assert_eq!(two.fill(&posts).unwrap(), Filled::default(), "nothing left to write");
    }
}
