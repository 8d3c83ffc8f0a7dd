//! The search line and its answers: the text typed, whether keys go into it, and the results of
//! the latest request, with what they allow the next keystroke to skip.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::SearchHit;
use super::keymap::Input;
use super::line::Typed;
use crate::post::Post;

/// The search's state, changed only through its methods so that a request, its answer and the
/// narrowing drawn from it always belong together.
#[derive(Debug, Default)]
pub struct Search {
    query: String,
    typing: bool,
    /// The number of the latest request: older answers are stale.
    generation: u64,
    /// The latest request's answer, once it came.
    hits: Option<Vec<SearchHit>>,
    /// The query of the latest request.
    pending: String,
    /// The last answered query and the posts it matched, in library order: a longer query that
    /// starts with it can only match among them.
    narrowing: Option<(String, Vec<Arc<Post>>)>,
}

/// A search to run in the background.
#[derive(Debug)]
pub(super) struct Request {
    pub generation: u64,
    pub query: String,
    pub posts: Vec<Arc<Post>>,
}

impl Search {
    /// The text typed, as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The text typed without its surrounding spaces: what is searched for.
    pub fn term(&self) -> &str {
        self.query.trim()
    }

    /// Whether keys go into the search line.
    pub fn is_typing(&self) -> bool {
        self.typing
    }

    /// The latest answer, unless a request is still running.
    pub(super) fn hits(&self) -> Option<&[SearchHit]> {
        self.hits.as_deref()
    }

    pub(super) fn start_typing(&mut self) {
        self.typing = true;
    }

    pub(super) fn stop_typing(&mut self) {
        self.typing = false;
    }

    /// A key typed into the search line.
    pub(super) fn type_key(&mut self, input: Option<Input>, key: &KeyEvent) -> Typed {
        super::line::type_into(&mut self.query, input, key)
    }

    /// Empties the line and forgets the answer (the list goes back to every post).
    pub(super) fn clear(&mut self) {
        self.query.clear();
        self.hits = None;
    }

    /// The posts changed: earlier matches say nothing about them any more.
    pub(super) fn forget_matches(&mut self) {
        self.narrowing = None;
    }

    /// A new request for the current text, superseding any running one; `None` for an empty
    /// query (every post is shown). `all` gives the posts to search when no earlier answer
    /// narrows them (`None` while nothing is loaded).
    pub(super) fn request(&mut self, all: impl FnOnce() -> Option<Vec<Arc<Post>>>) -> Option<Request> {
        self.generation += 1;
        self.hits = None;
        let query = self.term().to_string();
        if query.is_empty() {
            return None;
        }
        let posts = match &self.narrowing {
            // Typing on: a post that matches the longer query matches the shorter one too (fuzzy
            // atoms only get stricter; a body with the words "borrow" and "c…" has a word starting
            // "borrow"), as long as the shorter one searched bodies at all (long enough, and with a
            // word: "--" searches none, "--x" does).
            Some((previous, posts)) if query.starts_with(previous.as_str()) && crate::search::body_query(previous).is_some() => {
                posts.clone()
            }
            _ => all()?,
        };
        self.pending.clone_from(&query);
        Some(Request { generation: self.generation, query, posts })
    }

    /// A search answered: kept (true) when it answers the latest request, dropped when stale.
    pub(super) fn answered(&mut self, generation: u64, hits: Vec<SearchHit>) -> bool {
        if generation != self.generation {
            return false;
        }
        let mut matched: Vec<&SearchHit> = hits.iter().collect();
        matched.sort_by_key(|h| h.order);
        self.narrowing = Some((self.pending.clone(), matched.into_iter().map(|h| Arc::clone(&h.post)).collect()));
        self.hits = Some(hits);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Reason;

    fn post(title: &str) -> Arc<Post> {
        let text = format!("---\ntitle: {title}\n---\nbody\n");
        let stamp = crate::post::FileStamp { modified: None, len: 0, hash: 0 };
        Arc::new(crate::post::parse(format!("{title}.md").into(), text.as_bytes(), stamp))
    }

    fn type_text(search: &mut Search, text: &str) {
        for c in text.chars() {
            search.type_key(None, &KeyEvent::from(crossterm::event::KeyCode::Char(c)));
        }
    }

    fn hit(post: &Arc<Post>, order: usize) -> SearchHit {
        SearchHit { post: Arc::clone(post), reason: Reason::Title(Vec::new()), order }
    }

    #[test]
    fn a_stale_answer_is_dropped_and_the_latest_kept() {
        let (a, b) = (post("alpha"), post("beta"));
        let mut search = Search::default();
        type_text(&mut search, "alp");
        let first = search.request(|| Some(vec![Arc::clone(&a), Arc::clone(&b)])).unwrap();
        type_text(&mut search, "h");
        let second = search.request(|| Some(vec![Arc::clone(&a), Arc::clone(&b)])).unwrap();
        assert!(!search.answered(first.generation, vec![hit(&a, 0), hit(&b, 1)]));
        assert!(search.hits().is_none(), "a stale answer shows nothing");
        assert!(search.answered(second.generation, vec![hit(&a, 0)]));
        assert_eq!(search.hits().map(<[SearchHit]>::len), Some(1));
    }

    #[test]
    fn a_longer_query_searches_only_what_the_shorter_one_matched_until_posts_change() {
        let (a, b) = (post("alpha"), post("beta"));
        let all = || Some(vec![Arc::clone(&a), Arc::clone(&b)]);
        let mut search = Search::default();
        type_text(&mut search, "alp");
        let request = search.request(all).unwrap();
        // Answered best first; the narrowing keeps library order.
        assert!(search.answered(request.generation, vec![hit(&b, 1), hit(&a, 0)]));
        type_text(&mut search, "h");
        let narrowed = search.request(all).unwrap();
        let titles: Vec<&str> = narrowed.posts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["alpha", "beta"]);
        assert!(search.answered(narrowed.generation, vec![hit(&a, 0)]));
        type_text(&mut search, "a");
        assert_eq!(search.request(all).unwrap().posts.len(), 1, "only alpha matched \"alph\"");
        search.forget_matches();
        assert_eq!(search.request(all).unwrap().posts.len(), 2, "changed posts are all searched again");
    }

    #[test]
    fn a_query_without_words_does_not_narrow_the_next_one() {
        let (a, b) = (post("alpha"), post("beta"));
        let all = || Some(vec![Arc::clone(&a), Arc::clone(&b)]);
        let mut search = Search::default();
        type_text(&mut search, "--");
        let request = search.request(all).unwrap();
        assert!(search.answered(request.generation, Vec::new()), "no title has dashes, no body was searched");
        type_text(&mut search, "b");
        assert_eq!(search.request(all).unwrap().posts.len(), 2, "\"--b\" searches bodies for b…: every post again");
    }

    #[test]
    fn an_empty_query_searches_nothing_and_spaces_are_trimmed() {
        let mut search = Search::default();
        type_text(&mut search, "  rust ");
        assert_eq!(search.term(), "rust");
        assert_eq!(search.request(|| Some(Vec::new())).map(|r| r.query), Some("rust".to_string()));
        search.clear();
        assert!(search.request(|| panic!("an empty query searches nothing")).is_none());
    }
}
