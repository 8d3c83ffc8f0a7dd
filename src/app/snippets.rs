//! Snippets for the body matches on screen whose posts hold no body (the TUI's library keeps
//! none): only the few files shown are read, on the snippet lane, never every match's.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Action, App, entry_height};
use crate::search::words::Words;
use crate::search::{Reason, Snippet};

/// Snippets kept at most; past this the cache starts again (only rows on screen are asked for).
const CACHE_LIMIT: usize = 1024;

/// Identifies a snippet: the post's file and content, as the list holds it.
type SnippetKey = (PathBuf, u64);

/// The snippets read for the query's body words: each asked for once (`None` until answered).
#[derive(Debug, Default)]
pub struct Snippets {
    words: Option<Arc<Words>>,
    found: HashMap<SnippetKey, Option<Snippet>>,
}

/// Files to read for the snippets of body matches on screen.
#[derive(Debug, Clone)]
pub struct SnippetJob {
    words: Arc<Words>,
    wanted: Vec<SnippetKey>,
}

impl SnippetJob {
    /// Reads each file and cuts the snippet around its first match; answers [`Action::Snippets`].
    /// A file that cannot be read gives an empty snippet: the row says nothing rather than wait.
    pub fn run(self) -> Action {
        let found = self
            .wanted
            .into_iter()
            .map(|key| {
                let snippet = crate::post::read_body(&key.0).map_or_else(
                    || Snippet { text: String::new(), matched: 0..0 },
                    |body| crate::search::body_snippet(&body.text, &self.words),
                );
                (key, snippet)
            })
            .collect();
        Action::Snippets { words: self.words, found }
    }
}

impl App {
    /// The snippet read for a body match whose post holds no body, once it is read.
    pub fn snippet(&self, post: &crate::post::Post) -> Option<&Snippet> {
        // Looked up by a borrowed key: the cache is small, and this runs once per row drawn.
        self.snippets.found.iter().find(|((path, hash), _)| *path == post.path && *hash == post.stamp.hash)?.1.as_ref()
    }

    /// The files the loop should read for snippets of the body matches on screen, if any are
    /// missing: rows of posts that hold their body draw it from there.
    pub fn take_snippet_job(&mut self) -> Option<SnippetJob> {
        let rows = self.list_rows();
        let mut job: Option<SnippetJob> = None;
        let mut used = 0;
        for entry in self.list.entries().iter().skip(self.list.offset()) {
            if used >= rows {
                break;
            }
            used += entry_height(entry);
            let Some(Reason::Body(words)) = &entry.reason else { continue };
            if entry.post.body.is_some() {
                continue;
            }
            let cache = &mut self.snippets;
            if cache.words.as_deref() != Some(&**words) || cache.found.len() >= CACHE_LIMIT {
                cache.words = Some(Arc::clone(words));
                cache.found.clear();
            }
            let key = (entry.post.path.clone(), entry.post.stamp.hash);
            if cache.found.contains_key(&key) {
                continue;
            }
            cache.found.insert(key.clone(), None);
            job.get_or_insert_with(|| SnippetJob { words: Arc::clone(words), wanted: Vec::new() }).wanted.push(key);
        }
        job
    }

    /// Snippets read on the snippet lane: kept while the query's words are the same.
    pub(super) fn on_snippets(&mut self, words: &Words, found: Vec<(SnippetKey, Snippet)>) {
        if self.snippets.words.as_deref() != Some(words) {
            return;
        }
        for (key, snippet) in found {
            self.snippets.found.insert(key, Some(snippet));
        }
    }
}
