//! Ranked full-text search through the index finds exactly the posts a scan of every body finds,
//! on the shared real blogs: words common and rare, prefixes of the word being typed, accented
//! and CJK text, several words, punctuation, and words no post has; the same when the posts
//! hold no bodies (the TUI's library), so the fill and the scan read the files; and the index
//! scores them exactly as SQLite's `bm25()` would.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use quire::index::WordIndex;
use quire::library::Library;
use quire::post::{Post, Read};
use quire::search::words::{Words, words};
use quire::search::{body_query, search, search_in, search_with};

/// Queries drawn from a blog's own text: (what kind, the query as typed).
fn queries(posts: &[Arc<Post>]) -> Vec<(&'static str, String)> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for post in posts {
        let mut seen: Vec<String> = words(post.body.as_deref().unwrap_or_default());
        seen.sort();
        seen.dedup();
        for word in seen {
            *df.entry(word).or_default() += 1;
        }
    }
    let mut by_df: Vec<(&String, &usize)> = df.iter().filter(|(w, _)| w.chars().count() >= 3).collect();
    by_df.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut out = Vec::new();
    for (word, _) in by_df.iter().take(4) {
        out.push(("common", (*word).clone()));
        out.push(("prefix of a common word", word.chars().take(2).collect()));
    }
    let rare: Vec<&String> = by_df.iter().filter(|(_, n)| **n == 1).map(|(w, _)| *w).collect();
    for word in rare.iter().step_by((rare.len() / 6).max(1)).take(6) {
        out.push(("rare", (*word).clone()));
        out.push(("prefix of a rare word", word.chars().take(word.chars().count() - 1).collect()));
    }
    // Words as written (capitals, accents, CJK, apostrophes), and runs of several words.
    let mut accented = 0;
    for post in posts.iter().step_by(posts.len() / 15) {
        let raw: Vec<&str> = post.body.as_deref().unwrap_or_default().split_whitespace().collect();
        if accented < 6
            && let Some(word) = raw.iter().find(|w| w.chars().any(|c| !c.is_ascii() && c.is_alphabetic()))
        {
            out.push(("accented or CJK, as written", word.to_uppercase()));
            accented += 1;
        }
        if let Some(pair) = raw.windows(2).nth(20) {
            out.push(("two words as written", pair.join(" ")));
        }
        if let Some(three) = raw.windows(3).nth(40) {
            out.push(("three words, the last cut", format!("{} {} {}", three[0], three[1], three[2].chars().take(2).collect::<String>())));
        }
    }
    for q in ["zzqxjv", "quorum zzqxjv", "the zzqxjv", "x-ray!", "don't", "C++", "e", "ÉTÉ", "naïve café", "  spaced   out  "] {
        out.push(("fixed", q.to_string()));
    }
    out
}

fn check_corpus(name: &str) {
    let Some(shared) = common::shared() else { return };
    let root = shared.join("corpora").join(name);
    let library = Library::open(&root).unwrap();
    let posts = library.posts();
    assert!(posts.len() > 100, "{name}: {} posts", posts.len());
    let cache = tempfile::tempdir().unwrap();
    let index = WordIndex::open_file(&cache.path().join("index.sqlite")).unwrap();
    assert_eq!(index.fill(posts).unwrap().written, posts.len());
    // The TUI's library holds no bodies: its fill and its scan read the files.
    let lean = Library::open_with(&root, Read::Measured).unwrap();
    let lean = lean.posts();
    let paths = |posts: &[Arc<Post>]| posts.iter().map(|p| (p.path.clone(), p.stamp.hash)).collect::<Vec<_>>();
    assert_eq!(paths(lean), paths(posts), "{name}: the same posts and contents, in the same order");
    assert!(lean.iter().all(|p| p.body.is_none()), "{name}: no body held");
    let lean_index = WordIndex::open_file(&cache.path().join("lean.sqlite")).unwrap();
    assert_eq!(lean_index.fill(lean).unwrap().written, lean.len());

    let (mut with_hits, mut without) = (0, 0);
    let mut initials = quire::search::initials::Initials::default();
    for (kind, query) in queries(posts) {
        let Some(body) = body_query(&query) else { continue };
        let answer = index.answer(posts, &body).unwrap();
        assert!(answer.bodies.iter().all(Option::is_some), "{name}: every post is held after the fill");
        let by_sqlite = index.answer_by_sqlite_bm25(posts, &body).unwrap();
        assert_eq!(answer.bodies, by_sqlite.bodies, "{name}: {kind} {query:?}: scores equal SQLite's bm25() exactly");
        let by_index: BTreeSet<usize> = (0..posts.len()).filter(|&i| matches!(answer.bodies[i], Some(Some(_)))).collect();
        let by_scan: BTreeSet<usize> =
            (0..posts.len()).filter(|&i| body.matches(posts[i].body.as_deref().unwrap_or_default(), &mut String::new())).collect();
        assert_eq!(by_index, by_scan, "{name}: {kind} {query:?}: bodies found by the index and by the scan");
        let shown = |hits: Vec<quire::search::Hit>| hits.into_iter().map(|h| h.index).collect::<BTreeSet<usize>>();
        assert_eq!(shown(search_with(posts, &query, Some(&answer))), shown(search(posts, &query)), "{name}: {kind} {query:?}: results");
        let lean_answer = lean_index.answer(lean, &body).unwrap();
        assert_eq!(lean_answer.bodies, answer.bodies, "{name}: {kind} {query:?}: the index filled from the files answers the same");
        assert_eq!(shown(search(lean, &query)), shown(search(posts, &query)), "{name}: {kind} {query:?}: a scan reading the files");
        let ranked = |hits: Vec<quire::search::Hit>| hits.into_iter().map(|h| (h.index, h.rank)).collect::<Vec<_>>();
        assert_eq!(
            ranked(search_in(posts, &query, Some(&answer), &mut initials)),
            ranked(search_with(posts, &query, Some(&answer))),
            "{name}: {kind} {query:?}: the search lane's results, in order"
        );
        if by_scan.is_empty() { without += 1 } else { with_hits += 1 }
    }
    assert!(with_hits > 20 && without > 3, "{name}: {with_hits} queries with hits, {without} without");
}

#[test]
fn the_index_finds_what_a_scan_finds_in_the_hugo_blog() {
    check_corpus("hugo-javabien");
}

#[test]
fn the_index_finds_what_a_scan_finds_in_the_rust_blog() {
    check_corpus("zola-rust-blog");
}

#[test]
fn a_word_query_is_the_same_in_both_forms() {
    // The index is asked in FTS5's syntax; the scan by the same parsed words.
    let q = Words::parse("Borrow CHECK").unwrap();
    assert_eq!(q.words(), ["borrow", "check"]);
    assert_eq!(q.fts(), "\"borrow\" \"check\"*");
}
