//! BM25 of the word table's matches, equal to SQLite's `bm25()` to the last bit, for less: the
//! built-in function looks up each matching row's length in FTS5's own table (a B-tree search per
//! row, about half of a keystroke's time at 10,000 posts), while the index already holds every
//! row's length (`word_docs.len`, the same count of words) in memory.
//!
//! Two FTS5 auxiliary functions, registered on the searcher's connection, give what a score needs:
//! `quire_hits(words)` each phrase's occurrences in the row, and `quire_stats(words)` (on the
//! first row only; NULL after) the table's rows, words and rows with each phrase, as FTS5 counts
//! them for `bm25()`. [`bm25`] then computes the score as `fts5Bm25Function` does.

use std::ffi::{c_int, c_void};
use std::ptr;

use rusqlite::{Connection, ffi};

/// BM25's term-frequency saturation (`bm25()`'s k1).
const K1: f64 = 1.2;
/// BM25's length normalisation (`bm25()`'s b).
const B: f64 = 0.75;
/// The weight `bm25()` gives a phrase found in half the rows or more.
const MIN_IDF: f64 = 1e-6;

/// What `quire_stats` reports for one query: the figures `bm25()` weighs every row by.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stats {
    /// The mean number of words per row.
    avg_len: f64,
    /// Each phrase's weight.
    idf: Vec<f64>,
}

impl Stats {
    /// The figures from `quire_stats`'s blob: rows, words, then rows with each phrase (i64 LE).
    /// A query of one phrase has no count of its rows there (`quire_stats` does not run it a
    /// second time): `matched`, the rows the query matched, are those.
    pub(super) fn parse(blob: &[u8], matched: i64) -> Option<Stats> {
        let numbers: Vec<i64> = blob.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default())).collect();
        let (&rows, &words, hits) = match numbers.as_slice() {
            [rows, words] => (rows, words, std::slice::from_ref(&matched)),
            [rows, words, hits @ ..] => (rows, words, hits),
            _ => return None,
        };
        // As `fts5Bm25Function` computes them (integers subtracted first, then made doubles).
        let avg_len = words as f64 / rows as f64;
        let idf = hits
            .iter()
            .map(|&hit| {
                let idf = (((rows - hit) as f64 + 0.5) / (hit as f64 + 0.5)).ln();
                if idf <= 0.0 { MIN_IDF } else { idf }
            })
            .collect();
        Some(Stats { avg_len, idf })
    }
}

/// Each phrase's occurrences from `quire_hits`'s blob (u32 LE).
pub(super) fn hits(blob: &[u8]) -> impl Iterator<Item = f64> + '_ {
    blob.chunks_exact(4).map(|c| f64::from(u32::from_le_bytes(c.try_into().unwrap_or_default())))
}

/// The BM25 of a row of `len` words with these occurrences of each phrase, as SQLite's `bm25()`
/// gives it (negative; lower is better), operation for operation.
pub(super) fn bm25(hits: impl Iterator<Item = f64>, len: u32, stats: &Stats) -> f64 {
    let d = f64::from(len);
    let mut score = 0.0;
    for (freq, idf) in hits.zip(&stats.idf) {
        score += idf * ((freq * (K1 + 1.0)) / (freq + K1 * (1.0 - B + B * d / stats.avg_len)));
    }
    -score
}

/// Registers `quire_hits` and `quire_stats` on `conn`; false when FTS5 cannot be reached (then
/// the built-in `bm25()` is used).
pub(super) fn register(conn: &Connection) -> bool {
    // SAFETY: the handle is `conn`'s own, used on this thread while `conn` is borrowed; the
    // statement is finalized before returning; `api` is written by SQLite through the pointer
    // bound (of the type FTS5 documents, "fts5_api_ptr") and read only after the step.
    unsafe {
        let db = conn.handle();
        let mut stmt = ptr::null_mut();
        if ffi::sqlite3_prepare_v2(db, c"SELECT fts5(?1)".as_ptr(), -1, &mut stmt, ptr::null_mut()) != ffi::SQLITE_OK {
            return false;
        }
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        let bound = ffi::sqlite3_bind_pointer(stmt, 1, (&raw mut api).cast::<c_void>(), c"fts5_api_ptr".as_ptr(), None) == ffi::SQLITE_OK;
        let stepped = bound && ffi::sqlite3_step(stmt) == ffi::SQLITE_ROW;
        ffi::sqlite3_finalize(stmt);
        if !stepped || api.is_null() {
            return false;
        }
        let Some(create) = (*api).xCreateFunction else { return false };
        create(api, c"quire_hits".as_ptr(), ptr::null_mut(), Some(quire_hits), None) == ffi::SQLITE_OK
            && create(api, c"quire_stats".as_ptr(), ptr::null_mut(), Some(quire_stats), None) == ffi::SQLITE_OK
    }
}

/// Sets a blob result (copied by SQLite).
///
/// # Safety
/// `ctx` is the context SQLite passed to the function being run.
unsafe fn result_blob(ctx: *mut ffi::sqlite3_context, bytes: &[u8]) {
    // SAFETY: per the caller; SQLITE_TRANSIENT makes SQLite copy the bytes before returning.
    unsafe { ffi::sqlite3_result_blob(ctx, bytes.as_ptr().cast(), bytes.len() as c_int, ffi::SQLITE_TRANSIENT()) }
}

/// `quire_hits(words)`: each phrase's occurrences in the current row, as u32 LE.
unsafe extern "C" fn quire_hits(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    _argc: c_int,
    _argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite calls this with its API table and the cursor's context, valid for the call.
    unsafe {
        let api = &*api;
        let (Some(phrases), Some(first), Some(next)) = (api.xPhraseCount, api.xPhraseFirst, api.xPhraseNext) else {
            return ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_ERROR);
        };
        // Queries are a few words: no allocation per row for up to this many.
        let mut out = [0u8; 4 * 16];
        let mut len = 0;
        let mut more = Vec::new();
        for phrase in 0..phrases(fts) {
            let mut iter = ffi::Fts5PhraseIter { a: ptr::null(), b: ptr::null() };
            let (mut column, mut offset) = (0, 0);
            let rc = first(fts, phrase, &mut iter, &mut column, &mut offset);
            if rc != ffi::SQLITE_OK {
                return ffi::sqlite3_result_error_code(ctx, rc);
            }
            let mut count = 0u32;
            while column >= 0 {
                count = count.saturating_add(1);
                next(fts, &mut iter, &mut column, &mut offset);
            }
            match out.get_mut(len..len + 4) {
                Some(slot) => slot.copy_from_slice(&count.to_le_bytes()),
                None => more.extend_from_slice(&count.to_le_bytes()),
            }
            len = (len + 4).min(out.len());
        }
        if more.is_empty() {
            result_blob(ctx, &out[..len]);
        } else {
            result_blob(ctx, &[&out[..], &more].concat());
        }
    }
}

/// Marks a cursor whose `quire_stats` already answered (any non-null pointer will do).
static ANSWERED: u8 = 0;

/// `quire_stats(words)`: on a query's first row, the table's rows and words and the rows with
/// each phrase (i64 LE), as `bm25()` counts them; NULL on the rows after. A query of one phrase
/// gets no count of its rows (the caller counts the rows it is given: the same rows).
unsafe extern "C" fn quire_stats(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    _argc: c_int,
    _argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite calls this with its API table and the cursor's context, valid for the
    // call; the counting callback gets back the `&mut i64` passed to `xQueryPhrase`, for as
    // long as that call runs.
    unsafe {
        let api = &*api;
        let (Some(get), Some(set), Some(rows), Some(total), Some(phrases), Some(query)) =
            (api.xGetAuxdata, api.xSetAuxdata, api.xRowCount, api.xColumnTotalSize, api.xPhraseCount, api.xQueryPhrase)
        else {
            return ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_ERROR);
        };
        if !get(fts, 0).is_null() {
            return ffi::sqlite3_result_null(ctx);
        }
        let (mut row_count, mut words) = (0i64, 0i64);
        let mut rc = rows(fts, &mut row_count);
        if rc == ffi::SQLITE_OK {
            rc = total(fts, -1, &mut words);
        }
        let mut out = Vec::with_capacity(32);
        out.extend_from_slice(&row_count.to_le_bytes());
        out.extend_from_slice(&words.to_le_bytes());
        let phrases = phrases(fts);
        for phrase in 0..phrases {
            if rc != ffi::SQLITE_OK || phrases == 1 {
                break;
            }
            let mut with = 0i64;
            rc = query(fts, phrase, (&raw mut with).cast(), Some(count_row));
            out.extend_from_slice(&with.to_le_bytes());
        }
        if rc == ffi::SQLITE_OK {
            rc = set(fts, (&raw const ANSWERED).cast_mut().cast(), None);
        }
        if rc != ffi::SQLITE_OK {
            return ffi::sqlite3_result_error_code(ctx, rc);
        }
        result_blob(ctx, &out);
    }
}

/// Counts one row for `xQueryPhrase`.
unsafe extern "C" fn count_row(_api: *const ffi::Fts5ExtensionApi, _fts: *mut ffi::Fts5Context, count: *mut c_void) -> c_int {
    // SAFETY: `count` is the `&mut i64` `quire_stats` passed, alive while the query runs.
    unsafe { *count.cast::<i64>() += 1 };
    ffi::SQLITE_OK
}
