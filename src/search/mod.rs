//! Query -> ranked matches. Ranks, best first: the whole query as words of the title, the query
//! as beginnings of title words, a tag, the body (its words, see [`words`]; by BM25), and last
//! loose fuzzy title matches. Within a rank, posts keep the order given (the library's: newest first).
//!
//! Bodies are searched in memory ([`search`]) or, for the posts an index covers, by the index's
//! answer ([`search_with`]); both follow [`words`], so they find the same posts.

pub mod initials;
pub mod words;

use std::borrow::Cow;
use std::ops::Range;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

use crate::post::Post;
use initials::{Initials, Known, Letters, PostLetters};

/// Body search starts at this many characters; one letter is in every post.
pub const MIN_BODY_QUERY: usize = 2;
/// Characters of context kept before a body match: little, so the match shows in a narrow list.
const SNIPPET_BEFORE: usize = 16;
/// Characters of context kept after a body match.
const SNIPPET_AFTER: usize = 60;
/// A fuzzy title match whose letters spread over more than this many characters per letter typed
/// (plus [`SPREAD_SLACK`]) is noise: `sour` in "Notes written before I knew about front matter".
const SPREAD_PER_LETTER: usize = 2;
/// Room for a short query to skip a word boundary or two.
const SPREAD_SLACK: usize = 3;

/// Why a post matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The title matched; the matched character indices of the title.
    Title(Vec<u32>),
    /// A tag matched.
    Tag,
    /// The body has these words of the query (the list draws a snippet around the first, see
    /// [`body_snippet`], only for the posts it shows).
    Body(std::sync::Arc<words::Words>),
}

/// How well a post matched, best first (the derived order is the ranking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// Every word of the query is a word of the title (`paris` in "18 months at Docker Paris").
    TitleWords,
    /// Every word of the query begins a word of the title (`dock par`).
    TitlePrefixes,
    /// Every word of the query begins a word of one tag (`kube` for `kubernetes`).
    Tag,
    /// The body has the query's words: by BM25, best first.
    Body(Score),
    /// The title's letters match loosely (`dkrprs`): higher fuzzy scores first.
    Fuzzy(std::cmp::Reverse<u32>),
}

/// A BM25 score as SQLite gives it (lower is better), ordered so that the best sorts first.
#[derive(Debug, Clone, Copy)]
pub struct Score(pub f64);

impl PartialEq for Score {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0).is_eq()
    }
}

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// A line of body text around a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The text, on one line, made safe for a terminal.
    pub text: String,
    /// Where the match is in `text` (bytes).
    pub matched: Range<usize>,
}

/// One matching post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the post in the slice searched.
    pub index: usize,
    /// How well it matched.
    pub rank: Rank,
    /// What matched.
    pub reason: Reason,
}

/// A compiled query, reusable across many posts.
pub struct Query {
    pattern: Pattern,
    /// The query's words, lowercased with accents folded.
    words: Vec<Vec<char>>,
    /// The same words as bytes, when they are all ASCII (then ASCII text is matched by bytes).
    ascii_words: Option<Vec<Vec<u8>>>,
    /// The words' first letters: a title or tag without them all cannot match by words.
    initials: Letters,
    /// The letters every title its fuzzy pattern matches holds ([`Letters::every`]).
    fuzzy_needs: Letters,
    /// The body query, when the query is long enough to search bodies.
    body: Option<std::sync::Arc<words::Words>>,
}

/// Buffers one search thread reuses for every post.
#[derive(Default)]
pub struct Scratch {
    chars: Vec<char>,
    found: Vec<Option<(usize, bool)>>,
    folded: String,
}

/// What an index answered for a body query, for each post of the slice searched: whether it
/// covers the post (holds its present body), and if so the post's BM25 when its body matches.
#[derive(Debug, Clone, Default)]
pub struct Indexed {
    /// For each post: `None` when the index does not hold its present body (it is scanned),
    /// `Some(None)` when it does and the body does not match, `Some(Some(bm25))` when it matches.
    pub bodies: Vec<Option<Option<f64>>>,
    /// Posts the index holds in all, and their mean number of words (for scanned posts' BM25).
    pub rows: f64,
    /// Mean words per post in the index.
    pub avg_len: f64,
}

/// How one post matched in the parallel pass: done, or a body scanned whose BM25 needs the
/// figures of every post scanned.
enum Outcome {
    Done(Rank, Reason),
    /// The index's BM25 of a matching body (its reason, the body query, is shared by every such
    /// post: made once the parallel pass is over, so that two threads do not count references
    /// to one `Arc` at once, a cache line passed between cores for each of 95,000 posts).
    Indexed(f64),
    Scanned(words::Counts),
}

impl Query {
    /// Compiles a query: words and body ignore case, the fuzzy part uses smart case (all lower
    /// matches any case); accents are folded.
    pub fn new(text: &str) -> Query {
        let text = text.trim();
        let pattern = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart);
        let words: Vec<Vec<char>> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.chars().map(fold).collect()).collect();
        let ascii_words = words
            .iter()
            .all(|w| w.iter().all(char::is_ascii))
            .then(|| words.iter().map(|w| w.iter().map(|&c| c as u8).collect()).collect());
        let initials = Letters::first_of(&words);
        let fuzzy_needs = Letters::needed(pattern.atoms.iter().filter(|atom| !atom.negative).flat_map(|atom| atom.needle_text().chars()));
        Query { pattern, words, ascii_words, initials, fuzzy_needs, body: body_query(text).map(std::sync::Arc::new) }
    }

    /// The body query (`None` when bodies are not searched for this query).
    pub fn body(&self) -> Option<&words::Words> {
        self.body.as_deref()
    }

    /// How `post` matches by the title's words or a tag, if it does (these outrank the body).
    /// `letters`, when known, rule out a title or tags without the query's first letters unread.
    fn by_title_or_tag(&self, post: &Post, letters: Option<PostLetters>, scratch: &mut Scratch) -> Option<Outcome> {
        let may = |letters: Letters| letters.has(self.initials);
        if letters.is_none_or(|l| may(l.title))
            && let Some(title) = self.title(post, scratch)
        {
            return Some(Outcome::Done(title.0, title.1));
        }
        if letters.is_none_or(|l| may(l.tags)) && post.tags.iter().any(|tag| self.begin_words(tag, scratch)) {
            return Some(Outcome::Done(Rank::Tag, Reason::Tag));
        }
        None
    }

    /// How a post that matched by neither title nor tag matches, if it does: by its body (`indexed`
    /// is the index's answer for it, see [`Indexed::bodies`]; without one the body is scanned),
    /// else by the title's loose fuzzy match.
    fn by_body_or_fuzzy(
        &self,
        post: &Post,
        letters: Option<PostLetters>,
        indexed: Option<Option<f64>>,
        matcher: &mut Matcher,
        scratch: &mut Scratch,
    ) -> Option<Outcome> {
        if let Some(body) = &self.body {
            match indexed {
                Some(Some(score)) => return Some(Outcome::Indexed(score)),
                Some(None) => {}
                None => {
                    let counts = body.count(&scanned_body(post), &mut scratch.folded);
                    if counts.matched() {
                        return Some(Outcome::Scanned(counts));
                    }
                }
            }
        }
        if letters.is_some_and(|l| !l.every.has(self.fuzzy_needs)) {
            return None;
        }
        self.fuzzy(post, matcher, scratch).map(|(rank, reason)| Outcome::Done(rank, reason))
    }

    /// The title's match by words: every query word a word of the title, or its beginning.
    fn title(&self, post: &Post, scratch: &mut Scratch) -> Option<(Rank, Reason)> {
        if !self.begin_words(&post.title, scratch) {
            return None;
        }
        let whole = scratch.found.iter().all(|f| f.is_some_and(|(_, whole)| whole));
        let mut indices: Vec<u32> = Vec::new();
        for (word, found) in self.words.iter().zip(&scratch.found) {
            let start = found.map_or(0, |(start, _)| start);
            indices.extend((start..start + word.len()).map(|i| i as u32));
        }
        indices.sort_unstable();
        indices.dedup();
        Some((if whole { Rank::TitleWords } else { Rank::TitlePrefixes }, Reason::Title(indices)))
    }

    /// The title's loose fuzzy match.
    fn fuzzy(&self, post: &Post, matcher: &mut Matcher, scratch: &mut Scratch) -> Option<(Rank, Reason)> {
        let buf = &mut scratch.chars;
        // Scoring alone is cheaper than finding where the letters are: most titles fail it.
        self.pattern.score(Utf32Str::new(&post.title, buf), matcher)?;
        let mut indices = Vec::new();
        let score = self.pattern.indices(Utf32Str::new(&post.title, buf), matcher, &mut indices)?;
        if !self.tight(&post.title, matcher, buf) {
            return None;
        }
        indices.sort_unstable();
        indices.dedup();
        Some((Rank::Fuzzy(std::cmp::Reverse(score)), Reason::Title(indices)))
    }

    /// Whether every query word begins a word of `text` (words: runs of letters and digits). Leaves
    /// in `scratch.found`, for each query word, the char index of the word it begins and whether it
    /// is that whole word (a whole word is preferred to a longer word it begins).
    fn begin_words(&self, text: &str, scratch: &mut Scratch) -> bool {
        if self.words.is_empty() {
            return false;
        }
        scratch.found.clear();
        scratch.found.resize(self.words.len(), None);
        if let Some(words) = &self.ascii_words
            && text.is_ascii()
        {
            return begin_words_ascii(words, text.as_bytes(), &mut scratch.found);
        }
        // Compared in place, a character at a time: there is a title and tags per post per
        // keystroke, and most words differ from every query word at their first letter.
        let (mut i, mut chars) = (0, 0);
        while i < text.len() {
            let (c, len) = char_at(text, i);
            if !c.is_alphanumeric() {
                (i, chars) = (i + len, chars + 1);
                continue;
            }
            for (query, found) in self.words.iter().zip(scratch.found.iter_mut()) {
                if found.is_some_and(|(_, whole)| whole) {
                    continue;
                }
                if let Some(whole) = begins(text, i, query)
                    && (found.is_none() || whole)
                {
                    *found = Some((chars, whole));
                }
            }
            while i < text.len() {
                let (c, len) = char_at(text, i);
                if !c.is_alphanumeric() {
                    break;
                }
                (i, chars) = (i + len, chars + 1);
            }
        }
        scratch.found.iter().all(Option::is_some)
    }

    /// Whether each word of the query matched the title in letters close together.
    fn tight(&self, title: &str, matcher: &mut Matcher, buf: &mut Vec<char>) -> bool {
        let mut indices = Vec::new();
        self.pattern.atoms.iter().filter(|atom| !atom.negative).all(|atom| {
            indices.clear();
            if atom.indices(Utf32Str::new(title, buf), matcher, &mut indices).is_none() {
                return false;
            }
            let (Some(first), Some(last)) = (indices.iter().min(), indices.iter().max()) else { return true };
            let spread = (last - first + 1) as usize;
            spread <= atom.needle_text().len() * SPREAD_PER_LETTER + SPREAD_SLACK
        })
    }
}

/// [`Query::begin_words`] for ASCII text and words (lowercase): each word's first letter is
/// found with `memchr`, in either case, and only those places are compared. A char index is a
/// byte index here.
fn begin_words_ascii(words: &[Vec<u8>], text: &[u8], found: &mut [Option<(usize, bool)>]) -> bool {
    for (query, found) in words.iter().zip(found) {
        let Some(&first) = query.first() else { return false };
        for at in memchr::memchr2_iter(first, first.to_ascii_uppercase(), text) {
            let end = at + query.len();
            if (at > 0 && text[at - 1].is_ascii_alphanumeric()) || end > text.len() || !text[at..end].eq_ignore_ascii_case(query) {
                continue;
            }
            let whole = end == text.len() || !text[end].is_ascii_alphanumeric();
            if found.is_none() || whole {
                *found = Some((at, whole));
            }
            if whole {
                break;
            }
        }
        if found.is_none() {
            return false;
        }
    }
    true
}

/// The character at byte `i` of `text` and its length: by bytes for ASCII, the common case.
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes()[i] {
        b if b.is_ascii() => (b as char, 1),
        _ => text[i..].chars().next().map_or((' ', 1), |c| (c, c.len_utf8())),
    }
}

/// Whether the word of `text` starting at byte `at` begins with the folded `query`, and if so
/// whether it is that whole word.
fn begins(text: &str, at: usize, query: &[char]) -> Option<bool> {
    let mut i = at;
    for &want in query {
        if i >= text.len() {
            return None;
        }
        let (c, len) = char_at(text, i);
        if !c.is_alphanumeric() || fold(c) != want {
            return None;
        }
        i += len;
    }
    Some(i >= text.len() || !char_at(text, i).0.is_alphanumeric())
}

/// One character lowercased with its accent dropped, as the fuzzy matcher compares them.
fn fold(c: char) -> char {
    if c.is_ascii() { c.to_ascii_lowercase() } else { nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c)) }
}

/// The body a scan reads: the one the post holds, else its file's as it is now (a post loaded
/// without its body, as the TUI's are: this search thread reads it, once per scan).
fn scanned_body(post: &Post) -> std::borrow::Cow<'_, str> {
    match &post.body {
        Some(body) => body.into(),
        None => crate::post::read_body(&post.path).map(|b| b.text).unwrap_or_default().into(),
    }
}

/// The body part of a query: its words, when the query is long enough to search bodies.
pub fn body_query(query: &str) -> Option<words::Words> {
    let query = query.trim();
    (query.chars().count() >= MIN_BODY_QUERY).then(|| words::Words::parse(query)).flatten()
}

/// Every post matching `query`, best first (see [`Rank`]); equal ranks keep the slice's order.
/// An empty query matches every post in order. Bodies are all scanned in memory.
pub fn search<P: AsRef<Post> + Sync>(posts: &[P], query: &str) -> Vec<Hit> {
    search_with(posts, query, None)
}

/// [`search`], with the bodies an index covers answered by it (`indexed`, for the same slice);
/// the others are scanned with the same word semantics ([`words`]).
pub fn search_with<P: AsRef<Post> + Sync>(posts: &[P], query: &str, indexed: Option<&Indexed>) -> Vec<Hit> {
    search_letters(posts, query, || indexed.map(Cow::Borrowed), None)
}

/// [`search_with`], as a search lane runs it keystroke after keystroke: `initials` remembers the
/// first letters of the words of each post's title and tags, which rule most of them out unread.
/// The same hits in the same order as [`search_with`].
pub fn search_in(posts: &[std::sync::Arc<Post>], query: &str, indexed: Option<&Indexed>, initials: &mut Initials) -> Vec<Hit> {
    search_known(posts, query, || indexed.map(Cow::Borrowed), initials.of(posts))
}

/// [`search_in`] with what the lane knows of `posts` already looked up ([`Initials::of`]), and
/// the index asked by `answer` (for the same posts) while titles and tags are matched: at
/// 100,000 posts each takes tens of milliseconds, and they need not wait for each other.
pub fn search_known<'a>(
    posts: &[std::sync::Arc<Post>],
    query: &str,
    answer: impl FnOnce() -> Option<Cow<'a, Indexed>> + Send,
    known: &Known,
) -> Vec<Hit> {
    search_letters(posts, query, answer, Some(&known.letters))
}

fn search_letters<'a, P: AsRef<Post> + Sync>(
    posts: &[P],
    query: &str,
    answer: impl FnOnce() -> Option<Cow<'a, Indexed>> + Send,
    letters: Option<&[PostLetters]>,
) -> Vec<Hit> {
    if query.trim().is_empty() {
        let all = Reason::Title(Vec::new());
        return (0..posts.len()).map(|index| Hit { index, rank: Rank::TitleWords, reason: all.clone() }).collect();
    }
    let query = Query::new(query);
    let letters_of = |index: usize| letters.and_then(|l| l.get(index).copied());
    let scratch = || (Matcher::new(Config::DEFAULT), Scratch::default());
    // One slot per post, written in place (a filtered parallel collect builds and joins a list
    // of small vectors instead). Titles and tags first, while the index answers.
    let (indexed, early): (Option<Cow<'a, Indexed>>, Vec<Option<Outcome>>) = rayon::join(answer, || {
        posts
            .par_iter()
            .enumerate()
            .map_init(scratch, |(_, scratch), (index, post)| query.by_title_or_tag(post.as_ref(), letters_of(index), scratch))
            .collect()
    });
    let indexed = indexed.as_deref();
    let outcomes: Vec<Option<Outcome>> = early
        .into_par_iter()
        .zip(posts.par_iter())
        .enumerate()
        .map_init(scratch, |(matcher, scratch), (index, (early, post))| {
            early.or_else(|| {
                let answer = indexed.and_then(|ix| ix.bodies.get(index).copied().flatten());
                query.by_body_or_fuzzy(post.as_ref(), letters_of(index), answer, matcher, scratch)
            })
        })
        .collect();
    let stats = scanned_stats(&outcomes, indexed, query.body());
    let hits: Vec<Hit> = outcomes
        .into_iter()
        .enumerate()
        .filter_map(|(index, outcome)| match outcome? {
            Outcome::Done(rank, reason) => Some(Hit { index, rank, reason }),
            Outcome::Indexed(score) => {
                let words = query.body.as_ref().map(std::sync::Arc::clone).unwrap_or_default();
                Some(Hit { index, rank: Rank::Body(Score(score)), reason: Reason::Body(words) })
            }
            Outcome::Scanned(counts) if counts.matched() => {
                let rank = Rank::Body(Score(words::Words::bm25(&counts, &stats)));
                let words = query.body.as_ref().map(std::sync::Arc::clone).unwrap_or_default();
                Some(Hit { index, rank, reason: Reason::Body(words) })
            }
            Outcome::Scanned(_) => None,
        })
        .collect();
    rank_order(hits)
}

/// `hits` (in the order searched) best first; equal ranks keep the order searched (the library's:
/// newest first). Sorted as plain numbers that order as the ranks do, then moved once: comparing
/// ranks, and moving hits, is most of a sort's time with 10,000 of them.
fn rank_order(hits: Vec<Hit>) -> Vec<Hit> {
    let mut keys: Vec<u128> = hits.iter().enumerate().map(|(at, hit)| hit.rank.key() << 32 | at as u128).collect();
    keys.par_sort_unstable();
    let mut slots: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    keys.into_iter().filter_map(|key| slots[(key as u32) as usize].take()).collect()
}

impl Rank {
    /// A number that orders as the rank does (below 2^67): its kind, then its score.
    fn key(self) -> u128 {
        let (kind, score) = match self {
            Rank::TitleWords => (0, 0),
            Rank::TitlePrefixes => (1, 0),
            Rank::Tag => (2, 0),
            // `f64::total_cmp`'s order, as an unsigned number.
            Rank::Body(Score(score)) => {
                let bits = score.to_bits();
                (3, if bits >> 63 == 1 { !bits } else { bits | 1 << 63 })
            }
            Rank::Fuzzy(std::cmp::Reverse(score)) => (4, u64::from(u32::MAX - score)),
        };
        (kind as u128) << 64 | u128::from(score)
    }
}

/// The figures BM25 weighs scanned bodies by, taken only from what does not depend on which
/// posts were searched (a narrowed search must rank as a full one): the posts whose bodies match
/// (the same set either way), and the index's size and mean length when there is one. Every
/// word then weighs the same, as if found in every matching post; without an index, one.
fn scanned_stats(outcomes: &[Option<Outcome>], indexed: Option<&Indexed>, body: Option<&words::Words>) -> words::Stats {
    let n = body.map_or(0, |b| b.words().len());
    let scanned: Vec<&words::Counts> = outcomes
        .iter()
        .flatten()
        .filter_map(|outcome| match outcome {
            Outcome::Scanned(counts) => Some(counts),
            Outcome::Done(..) | Outcome::Indexed(_) => None,
        })
        .collect();
    let own_avg = scanned.iter().map(|c| f64::from(c.len)).sum::<f64>() / (scanned.len().max(1) as f64);
    match indexed {
        Some(ix) if ix.rows > 0.0 => {
            let matched = (ix.bodies.iter().filter(|b| matches!(b, Some(Some(_)))).count() + scanned.len()) as f64;
            let idf = words::Stats::idf(ix.rows + scanned.len() as f64, matched);
            words::Stats { idf: vec![idf; n], avg_len: ix.avg_len }
        }
        _ => words::Stats { idf: vec![1.0; n], avg_len: own_avg },
    }
}

impl Default for Snippet {
    fn default() -> Self {
        Snippet { text: String::new(), matched: 0..0 }
    }
}

/// The line of `body` around the first of `words` in it (its start when none is found).
pub fn body_snippet(body: &str, words: &words::Words) -> Snippet {
    snippet(body, words.first(body, &mut String::new()).unwrap_or(0..0))
}

/// The line of `body` around a match (`matched`, bytes of the body), cut to some context on each
/// side, on one line: drawn for the posts shown, not computed for every match.
fn snippet(body: &str, matched: Range<usize>) -> Snippet {
    // A range from another text (never expected) draws the body's start rather than panic.
    let fits = matched.start <= matched.end && body.get(matched.clone()).is_some();
    let matched = if fits { matched } else { 0..0 };
    let line_start = body[..matched.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[matched.end..].find('\n').map_or(body.len(), |i| matched.end + i);
    let before: Vec<(usize, char)> = body[line_start..matched.start].char_indices().collect();
    let from = before.len().checked_sub(SNIPPET_BEFORE).map_or(line_start, |skip| line_start + before[skip].0);
    let to = body[matched.end..line_end].char_indices().nth(SNIPPET_AFTER).map_or(line_end, |(i, _)| matched.end + i);
    let prefix = if from > line_start { "…" } else { "" };
    let suffix = if to < line_end { "…" } else { "" };
    let clean = |s: &str| crate::text::sanitize(s).into_owned();
    let head = format!("{prefix}{}", clean(body[from..matched.start].trim_start()));
    let hit = clean(&body[matched.clone()]);
    let text = format!("{head}{hit}{}{suffix}", clean(body[matched.end..to].trim_end()));
    Snippet { matched: head.len()..head.len() + hit.len(), text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{FileStamp, parse};
    use std::path::PathBuf;

    fn post(title: &str, tags: &str, body: &str) -> Post {
        let text = format!("---\ntitle: {title}\ntags: [{tags}]\n---\n{body}");
        parse(PathBuf::from("p.md"), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 })
    }

    /// A blog in library order (newest first) from (date, title, tags, body).
    fn blog(posts: &[(&str, &str, &str, &str)]) -> crate::library::Library {
        let posts = posts
            .iter()
            .enumerate()
            .map(|(i, (date, title, tags, body))| {
                let text = format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\n---\n{body}");
                parse(PathBuf::from(format!("/b/{i}.md")), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 })
            })
            .collect();
        crate::library::Library::from_posts(PathBuf::from("/b"), posts)
    }

    fn ranked(library: &crate::library::Library, query: &str) -> Vec<String> {
        search(library.posts(), query).iter().map(|h| library.posts()[h.index].title.clone()).collect()
    }

    #[test]
    fn a_title_that_says_the_word_beats_titles_with_its_letters_scattered() {
        let lib = blog(&[
            ("2024-05-01", "Mockito's partial mocks", "java", "Mocks."),
            ("2023-01-01", "Sustained-use discounts in practice", "cloud", "Paris is not here... wait, paris is."),
            ("2015-01-01", "18 months at Docker Paris", "docker", "Moving on."),
            ("2016-01-01", "Paris meetup slides", "talks", "Slides."),
        ]);
        assert_eq!(
            ranked(&lib, "paris"),
            ["Paris meetup slides", "18 months at Docker Paris", "Sustained-use discounts in practice", "Mockito's partial mocks"]
        );
    }

    #[test]
    fn yjit_posts_rank_above_a_title_with_y_j_i_t_across_two_words() {
        let lib = blog(&[
            ("2025-01-01", "Your JIT questions", "ruby", "Answers."),
            ("2024-01-01", "Benchmarking YJIT on Rails", "ruby", "Numbers."),
            ("2023-01-01", "Ruby 3.3 notes", "ruby", "YJIT got faster. YJIT also uses less memory."),
            ("2022-01-01", "Ruby 3.2 notes", "ruby", "Ruby 3.2 makes YJIT stable."),
        ]);
        assert_eq!(ranked(&lib, "yjit"), ["Benchmarking YJIT on Rails", "Ruby 3.3 notes", "Ruby 3.2 notes", "Your JIT questions"]);
    }

    #[test]
    fn ranks_go_whole_words_then_word_starts_then_tags_then_bodies_then_fuzzy() {
        let lib = blog(&[
            ("2025-06-01", "Dockerfiles that cache", "ops", "Layers."),
            ("2025-05-01", "Fuzzy: d-o-c-k in Deck of Cards", "games", "Cards."),
            ("2025-04-01", "Weekly notes", "dockerd", "Nothing."),
            ("2025-03-01", "Mentions twice", "misc", "dock here and dock there"),
            ("2025-02-01", "Mentions once late", "misc", "far away words then dock"),
            ("2025-01-01", "Mentions once early", "misc", "dock first"),
            ("2019-01-01", "Dock life, older", "boats", "Boats."),
            ("2020-01-01", "The dock, newer", "boats", "Boats."),
        ]);
        assert_eq!(
            ranked(&lib, "dock"),
            [
                "The dock, newer",
                "Dock life, older",
                "Dockerfiles that cache",
                "Weekly notes",
                "Mentions twice",
                "Mentions once early",
                "Mentions once late",
                "Fuzzy: d-o-c-k in Deck of Cards",
            ]
        );
    }

    #[test]
    fn ascii_titles_match_by_bytes_as_by_characters() {
        let titles = ["Docker Paris days", "paris, PARIS and parisian", "x-ray 2024: re-use", "Dockerfile", "a", "", "--"];
        for query in ["par", "paris", "dock par", "re use", "2024 x", "ray", "a", "zz", "days docker paris"] {
            let fast = Query::new(query);
            let slow = Query { ascii_words: None, ..Query::new(query) };
            for title in titles {
                let (mut a, mut b) = (Scratch::default(), Scratch::default());
                let matched = (fast.begin_words(title, &mut a), slow.begin_words(title, &mut b));
                assert_eq!(matched.0, matched.1, "{query:?} in {title:?}");
                if matched.0 {
                    assert_eq!(a.found, b.found, "{query:?} in {title:?}");
                }
            }
        }
    }

    #[test]
    fn rank_keys_order_as_ranks_do() {
        let scores = [f64::NEG_INFINITY, -12.5, -1.0, -1e-300, -0.0, 0.0, 1e-300, 3.0, f64::INFINITY];
        let mut ranks = vec![Rank::TitleWords, Rank::TitlePrefixes, Rank::Tag];
        ranks.extend(scores.iter().map(|&s| Rank::Body(Score(s))));
        ranks.extend([u32::MAX, 7, 0].map(|s| Rank::Fuzzy(std::cmp::Reverse(s))));
        for a in &ranks {
            for b in &ranks {
                assert_eq!(a.key().cmp(&b.key()), a.cmp(b), "{a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn title_marks_cover_the_words_typed() {
        let posts = vec![post("Docker Paris days", "", "")];
        let hits = search(&posts, "par dock");
        assert_eq!(hits[0].rank, Rank::TitlePrefixes);
        assert_eq!(hits[0].reason, Reason::Title(vec![0, 1, 2, 3, 7, 8, 9]));
    }

    #[test]
    fn title_matches_rank_before_body_matches() {
        let posts = vec![post("Cooking pasta", "food", "About docker, briefly."), post("Docker tips", "ops", "text")];
        let hits = search(&posts, "docker");
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1, 0]);
        assert!(matches!(hits[0].reason, Reason::Title(ref i) if i == &[0, 1, 2, 3, 4, 5]));
        let Reason::Body(words) = &hits[1].reason else { panic!("expected body match") };
        let s = body_snippet(posts[0].body.as_deref().unwrap(), words);
        assert_eq!(&s.text[s.matched.clone()], "docker");
    }

    #[test]
    fn fuzzy_matching_skips_letters_and_ignores_case() {
        let posts = vec![post("Eighteen months at Docker Paris", "", ""), post("Unrelated", "", "")];
        let hits = search(&posts, "dkrprs");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].index, 0);
    }

    #[test]
    fn letters_scattered_across_a_title_do_not_match_it() {
        let posts = vec![post("Notes written before I knew about front matter", "", ""), post("Sourdough", "", "")];
        let hits = search(&posts, "sour");
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1]);
        assert_eq!(search(&posts, "ntswrt").len(), 1, "close letters still match fuzzily");
    }

    #[test]
    fn tags_match_too() {
        let posts = vec![post("A", "kubernetes", ""), post("B", "go", "")];
        let hits = search(&posts, "kube");
        assert_eq!((hits.len(), &hits[0].reason), (1, &Reason::Tag));
    }

    #[test]
    fn accents_are_folded_and_body_search_is_case_insensitive() {
        let posts = vec![post("Retour sur la DockerCon Europe", "", ""), post("X", "", "Un ÉVÉNEMENT important")];
        assert_eq!(search(&posts, "retour dockercon").len(), 1);
        let hits = search(&posts, "événement");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].index, 1);
    }

    #[test]
    fn snippets_are_one_line_with_context_and_never_carry_escapes() {
        let body = format!("first line\n{}needle \x1b[31m{}\nlast", "x".repeat(100), "y".repeat(100));
        let s = snippet(&body, body.find("needle").unwrap()..body.find("needle").unwrap() + 6);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(!s.text.contains('\n') && !s.text.contains('\x1b'));
        assert_eq!(&s.text[s.matched.clone()], "needle");
    }
}
