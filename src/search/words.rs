//! Body search as full-text engines do it: words, not substrings. One definition serves the
//! in-memory scan and the index (`crate::index::WordIndex` stores exactly the words
//! [`index_text`] gives), so both find the same posts.
//!
//! A word is a run of letters and digits (`char::is_alphanumeric`); combining accents inside a
//! word belong to it and are dropped; every other character separates words. Words are folded:
//! lowercased, accents removed (`Événement` is `evenement`). A query matches a body when each of
//! its words is a word of the body, the last one (the word being typed) as a prefix. Text without
//! spaces between words (Chinese, Japanese) is one long word: it matches by its beginning only.

use std::ops::{ControlFlow, Range};

/// BM25's term-frequency saturation, as SQLite's `bm25()` uses it.
const BM25_K1: f64 = 1.2;
/// BM25's length normalisation, as SQLite's `bm25()` uses it.
const BM25_B: f64 = 0.75;
/// The smallest weight of a word found in most posts, as SQLite's `bm25()` keeps it.
const BM25_MIN_IDF: f64 = 1e-6;

/// Whether `c` is a combining mark kept inside a word and dropped when folding (`e` + U+0301).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// One character lowercased with its accent dropped; `None` when nothing of it stays in a word
/// (a mark, or a letter that folds to ASCII punctuation: the index's tokenizer would split there).
fn fold(c: char) -> Option<char> {
    let folded =
        if c.is_ascii() { c.to_ascii_lowercase() } else { nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c)) };
    (!is_mark(folded) && (!folded.is_ascii() || folded.is_ascii_alphanumeric())).then_some(folded)
}

/// Calls `each` with every word of `text`: where it is in `text` and its folded form (in `buf`,
/// reused). Stops early when `each` breaks.
pub fn for_each_word(text: &str, buf: &mut String, mut each: impl FnMut(Range<usize>, &str) -> ControlFlow<()>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip separators (ASCII ones byte by byte; others by character).
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        buf.clear();
        while i < bytes.len() {
            // A run of ASCII letters and digits is copied at once, then lowercased in place.
            let run = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i > run {
                let from = buf.len();
                buf.push_str(&text[run..i]);
                // Safe on a String: ASCII lowercasing keeps it UTF-8.
                buf[from..].make_ascii_lowercase();
                continue;
            }
            if bytes[i].is_ascii() {
                break;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() && !is_mark(c) {
                break;
            }
            buf.extend(fold(c));
            i += c.len_utf8();
        }
        if !buf.is_empty() && each(start..i, buf).is_break() {
            return;
        }
    }
}

/// The folded words of `text`.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, &mut String::new(), |_, word| {
        out.push(word.to_string());
        ControlFlow::Continue(())
    });
    out
}

/// What the index stores for a body: its folded words separated by spaces (so SQLite's `ascii`
/// tokenizer finds exactly these words), and how many there are.
pub fn index_text(body: &str) -> (String, u32) {
    let mut out = String::with_capacity(body.len() / 2);
    let mut count = 0u32;
    for_each_word(body, &mut String::new(), |_, word| {
        if count > 0 {
            out.push(' ');
        }
        out.push_str(word);
        count = count.saturating_add(1);
        ControlFlow::Continue(())
    });
    (out, count)
}

/// A body's words as one query counts them: how often each query word occurs, how many words
/// the body has, and where the first occurrence of any query word is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Occurrences of each query word (the last one as a prefix).
    pub found: Vec<u32>,
    /// Words in the body.
    pub len: u32,
    /// The first occurrence of a query word, in bytes of the body.
    pub first: Option<Range<usize>>,
}

impl Counts {
    /// Whether every query word occurs.
    pub fn matched(&self) -> bool {
        self.found.iter().all(|&n| n > 0)
    }
}

/// What BM25 weighs a body's counts by.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// The weight of each query word (rarer words weigh more).
    pub idf: Vec<f64>,
    /// Mean number of words per post.
    pub avg_len: f64,
}

impl Stats {
    /// A word's weight, as SQLite's `bm25()` gives it, in `rows` posts of which `with` contain it.
    pub fn idf(rows: f64, with: f64) -> f64 {
        ((rows - with + 0.5) / (with + 0.5)).ln().max(BM25_MIN_IDF)
    }
}

/// A body query: the words typed, the last one matched as a prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    words: Vec<String>,
}

impl Words {
    /// The body query in `text`; `None` when it has no word.
    pub fn parse(text: &str) -> Option<Words> {
        let words = words(text);
        (!words.is_empty()).then_some(Words { words })
    }

    /// The folded words, in order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether the folded `word` of a text matches query word `i`.
    fn hits(&self, i: usize, word: &str) -> bool {
        let query = &self.words[i];
        if i + 1 == self.words.len() { word.starts_with(query.as_str()) } else { word == query }
    }

    /// Whether the folded `word` of a text is one the query looks for (the last as a prefix).
    pub fn has(&self, word: &str) -> bool {
        (0..self.words.len()).any(|i| self.hits(i, word))
    }

    /// The same query in FTS5's syntax: each word a quoted phrase (implicitly ANDed), the last
    /// with `*`. Words hold only letters and digits, so no quote needs escaping.
    pub fn fts(&self) -> String {
        let mut out = String::new();
        for (i, word) in self.words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push('"');
            out.push_str(word);
            out.push('"');
        }
        out.push('*');
        out
    }

    /// Counts the query's words in all of `body` (for a match and its BM25).
    pub fn count(&self, body: &str, buf: &mut String) -> Counts {
        let mut counts = Counts { found: vec![0; self.words.len()], len: 0, first: None };
        for_each_word(body, buf, |range, word| {
            counts.len = counts.len.saturating_add(1);
            for (i, found) in counts.found.iter_mut().enumerate() {
                if self.hits(i, word) {
                    *found += 1;
                    counts.first.get_or_insert_with(|| range.clone());
                }
            }
            ControlFlow::Continue(())
        });
        counts
    }

    /// Whether `body` matches: every word occurs, the last as a prefix.
    pub fn matches(&self, body: &str, buf: &mut String) -> bool {
        self.count(body, buf).matched()
    }

    /// The first occurrence in `body` of any of the query's words (reads no further).
    pub fn first(&self, body: &str, buf: &mut String) -> Option<Range<usize>> {
        let mut first = None;
        for_each_word(body, buf, |range, word| {
            if self.has(word) {
                first = Some(range);
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        first
    }

    /// BM25 of a body with these counts, as SQLite's `bm25()` computes it: negative, lower is
    /// better.
    pub fn bm25(counts: &Counts, stats: &Stats) -> f64 {
        let len = f64::from(counts.len);
        let avg = if stats.avg_len > 0.0 { stats.avg_len } else { 1.0 };
        let score: f64 = counts
            .found
            .iter()
            .zip(&stats.idf)
            .map(|(&tf, &idf)| {
                let tf = f64::from(tf);
                idf * (tf * (BM25_K1 + 1.0)) / (tf + BM25_K1 * (1.0 - BM25_B + BM25_B * len / avg))
            })
            .sum();
        -score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, body: &str) -> bool {
        Words::parse(query).is_some_and(|q| q.matches(body, &mut String::new()))
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_folded() {
        assert_eq!(words("Don't re-use C++ in 2024, É\u{301}t\u{e9}!"), ["don", "t", "re", "use", "c", "in", "2024", "ete"]);
        assert_eq!(words("  ...  "), Vec::<String>::new());
    }

    #[test]
    fn only_the_last_word_matches_as_a_prefix() {
        assert!(matches("lat", "Tail latency matters"));
        assert!(matches("tail lat", "Tail latency matters"));
        assert!(!matches("ta lat", "Tail latency matters"), "an earlier word must be whole");
        assert!(!matches("atency", "Tail latency matters"), "words match from their beginning");
        assert!(!matches("latency quorum", "Tail latency matters"), "every word must occur");
    }

    #[test]
    fn case_and_accents_are_folded_both_ways() {
        assert!(matches("événement", "Un EVENEMENT important"));
        assert!(matches("evenement", "Un ÉVÉNEMENT important"));
        assert!(matches("cafe", "un cafe\u{301} noir"), "a decomposed accent stays inside its word");
        assert!(matches("ÉTÉ", "un été chaud"));
    }

    #[test]
    fn punctuation_separates_words_in_the_query_and_the_text() {
        assert!(matches("re-use", "We reuse nothing; we re use everything"));
        assert!(matches("c++", "C is fine"));
        assert!(!matches("reuse", "re-use"));
        assert!(matches("foo.bar", "call foo(bar)"));
    }

    #[test]
    fn text_without_spaces_is_one_word_and_never_panics() {
        let body = "東京の天気は晴れです。日本語のテキスト";
        assert_eq!(words(body), ["東京の天気は晴れです", "日本語のテキスト"]);
        assert!(matches("東京", body));
        assert!(!matches("天気", body), "inside a run, only its beginning matches");
        let q = Words::parse("日本").unwrap();
        assert_eq!(&body[q.first(body, &mut String::new()).unwrap()], "日本語のテキスト");
        assert!(Words::parse("。、").is_none());
    }

    #[test]
    fn the_index_text_holds_the_same_words_the_scan_sees() {
        let (text, count) = index_text("Hello, WORLD — déjà vu");
        assert_eq!((text.as_str(), count), ("hello world deja vu", 4));
        assert_eq!(Words::parse("tail lat").unwrap().fts(), "\"tail\" \"lat\"*");
    }

    #[test]
    fn counts_give_occurrences_length_and_the_first_match() {
        let q = Words::parse("a lat").unwrap();
        let counts = q.count("xx a b latency a lateral", &mut String::new());
        assert_eq!(counts, Counts { found: vec![2, 2], len: 6, first: Some(3..4) });
        let stats = Stats { idf: vec![Stats::idf(10.0, 1.0); 2], avg_len: 6.0 };
        let once = Counts { found: vec![1, 1], ..counts.clone() };
        assert!(Words::bm25(&counts, &stats) < Words::bm25(&once, &stats), "more occurrences rank better");
    }
}
