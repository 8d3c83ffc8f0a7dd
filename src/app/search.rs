//! The search line and its answers: the text typed, whether keys go into it, and the results of
//! the latest request.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::SearchHit;
use super::keymap::Input;
use super::line::Typed;
use crate::post::Post;

/// The search's state, changed only through its methods so that a request and its answer always
/// belong together.
#[derive(Debug, Default)]
pub struct Search {
    query: String,
    typing: bool,
    /// The number of the latest request: older answers are stale.
    generation: u64,
    /// The latest request's answer, once it came.
    hits: Option<Vec<SearchHit>>,
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

    /// A new request for the current text, superseding any running one; `None` for an empty
    /// query (every post is shown). `all` gives the posts to search (`None` while nothing is
    /// loaded). Every post is searched even when the query only grew: a loose title match allows
    /// its letters more room the more are typed, so a longer query can match a title the shorter
    /// one did not (and the word index answers for every post at once anyway).
    pub(super) fn request(&mut self, all: impl FnOnce() -> Option<Vec<Arc<Post>>>) -> Option<Request> {
        self.generation += 1;
        self.hits = None;
        let query = self.term().to_string();
        if query.is_empty() {
            return None;
        }
        let posts = all()?;
        Some(Request { generation: self.generation, query, posts })
    }

    /// A search answered: kept (true) when it answers the latest request, dropped when stale.
    pub(super) fn answered(&mut self, generation: u64, hits: Vec<SearchHit>) -> bool {
        if generation != self.generation {
            return false;
        }
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
    fn a_longer_query_searches_every_post_since_more_letters_can_match_a_title_loosely() {
        let posts = vec![post("Date panic queue blog runtime generic"), post("beta")];
        assert!(crate::search::search(&posts, "quor").is_empty(), "q-u-o-r spread too far for four letters");
        assert_eq!(crate::search::search(&posts, "quoru").len(), 1, "five letters may spread further");
        let mut search = Search::default();
        type_text(&mut search, "quor");
        let request = search.request(|| Some(posts.clone())).unwrap();
        assert!(search.answered(request.generation, Vec::new()));
        type_text(&mut search, "u");
        assert_eq!(search.request(|| Some(posts.clone())).unwrap().posts.len(), 2, "\"quoru\" searches every post again");
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
