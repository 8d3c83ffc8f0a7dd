//! Which letters begin the words of each post's title and tags, kept between keystrokes: a query
//! word can only begin a word that starts with its letter, so most titles and tags are ruled out
//! by one AND instead of being read (at 10,000 posts that reading was a fifth of a keystroke).
//!
//! Kept by post, as the `Arc` the library holds: a post never changes behind its `Arc` (a change
//! to the file is a new `Post`), and an entry keeps its `Arc`, so an address seen again is the very
//! post the entry was made for. Nothing can go stale; entries of posts no one else holds any more
//! are dropped when new posts come.

use std::collections::HashMap;
use std::sync::Arc;

use crate::post::Post;

/// The letters that begin the words of a text, one bit each: `a`-`z`, `0`-`9`, and one bit for
/// every other letter (folded as search folds them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Letters(u64);

/// The bit every letter outside `a`-`z` and `0`-`9` shares.
const OTHER: u64 = 1 << 63;

impl Letters {
    /// The bit of one folded letter.
    fn bit(c: char) -> u64 {
        match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            _ => OTHER,
        }
    }

    /// The letters beginning the words of `text` (runs of letters and digits, as the title and
    /// tag match reads them).
    pub fn of(text: &str) -> Letters {
        let mut bits = 0;
        let mut in_word = false;
        for c in text.chars() {
            let letter = c.is_alphanumeric();
            if letter && !in_word {
                bits |= Letters::bit(super::fold(c));
            }
            in_word = letter;
        }
        Letters(bits)
    }

    /// Every letter and digit of `text` (`a`-`z`, `0`-`9`) that the fuzzy matcher could match a
    /// character of `text` to: each character as it is, lowercased and with its accent dropped,
    /// in every order the matcher folds them. A superset, so that ruling a title out by it
    /// is never wrong.
    pub fn every(text: &str) -> Letters {
        use nucleo_matcher::chars::{normalize, to_lower_case};
        let mut bits = 0;
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    bits |= Letters::bit(c.to_ascii_lowercase());
                }
                continue;
            }
            for v in [c, normalize(c), to_lower_case(c), to_lower_case(normalize(c)), normalize(to_lower_case(c))] {
                if v.is_ascii_alphanumeric() {
                    bits |= Letters::bit(v.to_ascii_lowercase());
                }
            }
        }
        Letters(bits)
    }

    /// The ASCII letters and digits of `text`, lowercased: what a title must hold (see
    /// [`Letters::every`]) for a needle of these characters to match it.
    pub fn needed(text: impl IntoIterator<Item = char>) -> Letters {
        Letters(text.into_iter().filter(char::is_ascii_alphanumeric).fold(0, |bits, c| bits | Letters::bit(c.to_ascii_lowercase())))
    }

    /// The first letters of `words` (folded): what a text must have for each to begin one of its words.
    pub fn first_of(words: &[Vec<char>]) -> Letters {
        Letters(words.iter().filter_map(|w| w.first()).fold(0, |bits, &c| bits | Letters::bit(c)))
    }

    /// Whether every letter of `needed` is here.
    pub fn has(self, needed: Letters) -> bool {
        self.0 & needed.0 == needed.0
    }
}

/// A post's title letters and the letters of all its tags together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PostLetters {
    /// The title's.
    pub title: Letters,
    /// Every tag's, together (a tag matches only if it has them all itself).
    pub tags: Letters,
    /// Every letter of the title, for its loose fuzzy match ([`Letters::every`]).
    pub every: Letters,
}

impl PostLetters {
    fn of(post: &Post) -> PostLetters {
        let tags = post.tags.iter().fold(0, |bits, tag| bits | Letters::of(tag).0);
        PostLetters { title: Letters::of(&post.title), tags: Letters(tags), every: Letters::every(&post.title) }
    }
}

/// The letters of the posts searched so far, by post, and the last list searched as a whole.
#[derive(Debug, Default)]
pub struct Initials {
    by_post: HashMap<usize, (Arc<Post>, PostLetters), foldhash::fast::FixedState>,
    last: Known,
}

/// What the lane knows of one list of posts, in its order: kept until a keystroke searches
/// another list, so that typing on over the same 100,000 posts reads none of them again (at that
/// size each post read is a cache miss, and a lookup per post was a tenth of a keystroke).
#[derive(Debug, Default)]
pub struct Known {
    /// Each post's address: the list is the same when every address is (see the module's note).
    addresses: Vec<usize>,
    /// Each post's title and tag letters.
    pub letters: Vec<PostLetters>,
    /// Each post's content hash (0 for a post read only in part), for the word index.
    pub hashes: Vec<u64>,
}

impl Initials {
    /// What is known of `posts`, in order; posts not seen before are read now.
    pub fn of(&mut self, posts: &[Arc<Post>]) -> &Known {
        let same = self.last.addresses.len() == posts.len()
            && self.last.addresses.iter().zip(posts).all(|(&address, post)| address == Arc::as_ptr(post) as usize);
        if same {
            return &self.last;
        }
        let mut new = false;
        let mut known = Known {
            addresses: Vec::with_capacity(posts.len()),
            letters: Vec::with_capacity(posts.len()),
            hashes: Vec::with_capacity(posts.len()),
        };
        for post in posts {
            let entry = self.by_post.entry(Arc::as_ptr(post) as usize).or_insert_with(|| {
                new = true;
                (Arc::clone(post), PostLetters::of(post))
            });
            known.addresses.push(Arc::as_ptr(post) as usize);
            known.letters.push(entry.1);
            known.hashes.push(post.stamp.hash);
        }
        if new {
            // Posts gone from the library (only this cache holds them) make room for the new.
            self.by_post.retain(|_, (post, _)| Arc::strong_count(post) > 1);
        }
        self.last = known;
        &self.last
    }

    /// Posts remembered.
    pub fn len(&self) -> usize {
        self.by_post.len()
    }

    /// Whether no post is remembered.
    pub fn is_empty(&self) -> bool {
        self.by_post.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{FileStamp, parse};
    use crate::search::{search_in, search_with};

    fn post(title: &str, tags: &str, body: &str) -> Arc<Post> {
        let text = format!("---\ntitle: \"{title}\"\ntags: [{tags}]\n---\n{body}");
        Arc::new(parse(format!("/b/{title}.md").into(), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 }))
    }

    /// What a user sees of a search: each hit's title, rank and reason, best first.
    fn shown(posts: &[Arc<Post>], hits: Vec<crate::search::Hit>) -> Vec<(String, crate::search::Rank, crate::search::Reason)> {
        hits.into_iter().map(|h| (posts[h.index].title.clone(), h.rank, h.reason)).collect()
    }

    #[test]
    fn remembered_letters_never_change_a_result_as_the_query_and_the_library_change() {
        let mut initials = Initials::default();
        let mut posts = vec![
            post("Docker Paris", "ops", "a dock"),
            post("Été à Lyon", "voyage, docs", "notes"),
            post("Weekly notes", "dockerd", "nothing"),
            post("Deck of cards", "games", "d o c k"),
        ];
        let check = |initials: &mut Initials, posts: &[Arc<Post>], query: &str| {
            let cached = shown(posts, search_in(posts, query, None, initials));
            assert_eq!(cached, shown(posts, search_with(posts, query, None)), "{query:?}");
            cached.len()
        };
        // Typed on, then back: more letters can only rule out more.
        let typed: Vec<usize> =
            ["d", "do", "doc", "dock", "docke", "doc", "e", "ete", "l"].iter().map(|q| check(&mut initials, &posts, q)).collect();
        assert!(typed[..5].windows(2).all(|w| w[0] >= w[1]) && typed[2] == typed[5] && typed[7] > 0, "{typed:?}");
        // The library changes between keystrokes: a title rewritten, a post added, one removed.
        posts[0] = post("Kubernetes Paris", "ops", "a dock");
        posts.push(post("Dockerfiles", "", ""));
        posts.remove(3);
        for query in ["doc", "kub", "par", "deck", "ete lyon"] {
            check(&mut initials, &posts, query);
        }
        assert_eq!(shown(&posts, search_in(&posts, "kub", None, &mut initials))[0].0, "Kubernetes Paris");
        assert_eq!(initials.len(), posts.len(), "posts gone from the library are forgotten");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]
        /// What the letters rule out unread (title and tag words, the title's fuzzy match) is never
        /// a post the full match would have found: accents, case, ligatures, combining marks and
        /// the fuzzy pattern's own syntax (`!`, `^`, `$`, `'`) included.
        #[test]
        fn ruling_out_by_letters_never_loses_a_hit(
            titles in proptest::collection::vec("[a-zA-Z0-9 éÉèçÇßøØıİÅåﬁ\u{301}\u{130}-]{0,16}", 1..8),
            query in "[a-zA-Z0-9 éÉçßıİÅﬁ\u{301}!^$'-]{1,6}",
        ) {
            let posts: Vec<Arc<Post>> = titles.iter().map(|t| post(t, "misc", "")).collect();
            let mut initials = Initials::default();
            let cached = shown(&posts, search_in(&posts, &query, None, &mut initials));
            proptest::prop_assert_eq!(cached, shown(&posts, search_with(&posts, &query, None)));
        }
    }

    #[test]
    fn every_letter_a_fuzzy_match_could_use_is_kept() {
        assert!(Letters::every("Été").has(Letters::needed("ete".chars())), "accents dropped");
        assert!(Letters::every("ÉTÉ").has(Letters::needed("E".chars())), "case folded");
        assert!(!Letters::every("Docker").has(Letters::needed("dz".chars())));
        assert_eq!(Letters::needed("é!".chars()), Letters(0), "only ASCII letters and digits are asked for");
    }

    #[test]
    fn letters_are_the_first_of_each_word_folded() {
        assert_eq!(
            Letters::of("Docker Paris, 18 ans"),
            Letters(Letters::bit('d') | Letters::bit('p') | Letters::bit('1') | Letters::bit('a'))
        );
        assert_eq!(Letters::of("Été à l'ouest"), Letters::of("ete a l ouest"), "accents fold as the title match folds them");
        assert!(Letters::of("東京").has(Letters::first_of(&[vec!['東']])));
        assert!(!Letters::of("Docker").has(Letters::first_of(&[vec!['o']])), "only first letters");
    }
}
