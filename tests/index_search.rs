//! Search through the index's full-text table gives exactly a full scan's results (the same posts,
//! ranks, title marks and snippets) on the shared real blogs, for common, rare and absent words,
//! parts of words, phrases and accented text; and it really narrows the bodies scanned.

mod common;

use std::collections::BTreeSet;

use quire::index::Index;
use quire::library::Library;
use quire::post::Read;
use quire::search::{search, search_with};

/// Queries drawn from the blog's own text: whole words, word beginnings and middles, two-word
/// phrases, words with accents or capitals, and text no post holds.
fn queries(library: &Library) -> Vec<String> {
    let mut out = BTreeSet::new();
    for (i, post) in library.posts().iter().enumerate().filter(|(i, _)| i % 31 == 0) {
        let words: Vec<&str> = post.body.split_whitespace().filter(|w| w.chars().all(char::is_alphanumeric)).collect();
        if let Some(word) = words.get(i % words.len().max(1)) {
            out.insert(word.to_string());
            out.insert(word.to_uppercase());
            let chars: Vec<char> = word.chars().collect();
            if chars.len() > 5 {
                out.insert(chars[..4].iter().collect());
                out.insert(chars[1..5].iter().collect());
            }
        }
        if let [a, b, ..] = &words[(i % words.len().max(1)).min(words.len().saturating_sub(2))..] {
            out.insert(format!("{a} {b}"));
        }
        if let Some(accented) = words.iter().find(|w| !w.is_ascii()) {
            out.insert(accented.to_string());
        }
    }
    out.extend(["the", "rust", "de", "zzqx never written", "fn main", "\"quoted\"", "l'équipe"].map(String::from));
    out.into_iter().collect()
}

#[test]
fn index_search_equals_a_full_scan_on_the_shared_corpora() {
    let Some(shared) = common::shared() else { return };
    let cache = tempfile::tempdir().unwrap();
    for corpus in ["hugo-javabien", "zola-rust-blog"] {
        let root = shared.join("corpora").join(corpus);
        let file = cache.path().join(format!("{corpus}.sqlite"));
        let (library, pending) = Library::open_indexed_at(&root, Read::Whole, Ok(file.clone())).unwrap();
        assert_eq!(pending.save(), None, "{corpus}: index saved");
        let mut reader = Index::open_reader(&file).unwrap();
        let (mut narrowed, mut asked) = (0, 0);
        for query in queries(&library) {
            let matches = reader.body_matches(query.trim()).unwrap();
            if let Some(m) = &matches {
                asked += 1;
                assert_eq!(m.indexed.len(), library.posts().len(), "{corpus}: every body indexed");
                narrowed += usize::from(m.candidates.len() < library.posts().len());
            } else {
                assert!(query.trim().chars().count() < 3, "{query:?}: only short queries skip the index");
            }
            assert_eq!(search_with(library.posts(), &query, matches.as_ref()), search(library.posts(), &query), "{corpus}: {query:?}");
        }
        assert!(asked > 10 && narrowed * 2 > asked, "{corpus}: the index narrowed {narrowed} of {asked} queries");
    }
}

#[test]
fn a_body_changed_since_it_was_indexed_is_scanned_not_trusted() {
    let blog = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let file = cache.path().join("index.sqlite");
    let post = blog.path().join("a.md");
    std::fs::write(&post, "---\ntitle: A\n---\nAbout gardening.\n").unwrap();
    let (_, pending) = Library::open_indexed_at(blog.path(), Read::Whole, Ok(file.clone())).unwrap();
    assert_eq!(pending.save(), None);
    // The file changes and the library reads it again; the index is not updated.
    std::fs::write(&post, "---\ntitle: A\n---\nAbout sailing now.\n").unwrap();
    let library = Library::open_with(blog.path(), Read::Whole).unwrap();
    let matches = Index::open_reader(&file).unwrap().body_matches("sailing").unwrap();
    assert!(matches.as_ref().is_some_and(|m| m.candidates.is_empty()), "the index still holds the old body");
    let hits = search_with(library.posts(), "sailing", matches.as_ref());
    assert_eq!(hits.len(), 1, "the new body is scanned because its hash is not the indexed one");
}
