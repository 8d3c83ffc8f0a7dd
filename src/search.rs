//! Query -> ranked matches: fuzzy on title and tags first, then posts whose body contains the text.

use std::ops::Range;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

use crate::post::Post;

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
    /// Fuzzy match on the title; the matched character indices of the title.
    Title(Vec<u32>),
    /// Fuzzy match on a tag.
    Tag,
    /// The body contains the text.
    Body(Snippet),
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
    /// Higher is better; body matches score 0.
    pub score: u32,
    /// What matched.
    pub reason: Reason,
}

/// A compiled query, reusable across many posts.
pub struct Query {
    pattern: Pattern,
    body: Option<regex::Regex>,
}

impl Query {
    /// Compiles a query: smart case (all lower matches any case), accents folded.
    pub fn new(text: &str) -> Query {
        let text = text.trim();
        let pattern = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart);
        let body = (text.chars().count() >= MIN_BODY_QUERY)
            .then(|| regex::RegexBuilder::new(&regex::escape(text)).case_insensitive(true).build().ok())
            .flatten();
        Query { pattern, body }
    }

    /// The fuzzy part on title and tags, then the body.
    pub fn matches(&self, post: &Post, matcher: &mut Matcher, buf: &mut Vec<char>) -> Option<(u32, Reason)> {
        let mut indices = Vec::new();
        let title =
            self.pattern.indices(Utf32Str::new(&post.title, buf), matcher, &mut indices).filter(|_| self.tight(&post.title, matcher, buf));
        let tag = post.tags.iter().filter_map(|t| self.pattern.score(Utf32Str::new(t, buf), matcher)).max();
        match (title, tag) {
            (Some(t), g) if g.is_none_or(|g| t >= g) => {
                indices.sort_unstable();
                indices.dedup();
                return Some((t, Reason::Title(indices)));
            }
            (_, Some(g)) => return Some((g, Reason::Tag)),
            _ => {}
        }
        let m = self.body.as_ref()?.find(&post.body)?;
        Some((0, Reason::Body(snippet(&post.body, m.range()))))
    }
}

impl Query {
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

/// Every post matching `query`, best first: fuzzy title/tag matches by score, then body matches in
/// the slice's order. An empty query matches every post in order.
pub fn search<P: AsRef<Post> + Sync>(posts: &[P], query: &str) -> Vec<Hit> {
    if query.trim().is_empty() {
        return (0..posts.len()).map(|index| Hit { index, score: 0, reason: Reason::Body(Snippet::default()) }).collect();
    }
    let query = Query::new(query);
    let mut hits: Vec<Hit> = posts
        .par_iter()
        .enumerate()
        .map_init(
            || (Matcher::new(Config::DEFAULT), Vec::new()),
            |(matcher, buf), (index, post)| query.matches(post.as_ref(), matcher, buf).map(|(score, reason)| Hit { index, score, reason }),
        )
        .flatten()
        .collect();
    // Stable: equal scores keep the library's order (newest first).
    hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
    hits
}

impl Default for Snippet {
    fn default() -> Self {
        Snippet { text: String::new(), matched: 0..0 }
    }
}

/// The match's line, cut to some context on each side, on one line.
fn snippet(body: &str, matched: Range<usize>) -> Snippet {
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

    #[test]
    fn title_matches_rank_before_body_matches() {
        let posts = vec![post("Cooking pasta", "food", "About docker, briefly."), post("Docker tips", "ops", "text")];
        let hits = search(&posts, "docker");
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1, 0]);
        assert!(matches!(hits[0].reason, Reason::Title(ref i) if i == &[0, 1, 2, 3, 4, 5]));
        let Reason::Body(s) = &hits[1].reason else { panic!("expected body match") };
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
