//! Heading ids as each generator makes them, so `#anchors` are checked against what it publishes.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;

use super::Heading;
use crate::site::Generator;

/// The anchors a post offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    /// Hashed by foldhash: a check builds one set per linked-to post, with SipHash that was a
    /// tenth of its anchors' cost.
    ids: HashSet<String, FixedState>,
}

impl Anchors {
    /// The ids of these headings and HTML anchors, by the generator's rules.
    pub fn new(generator: Generator, headings: &[Heading], html_ids: &[String]) -> Anchors {
        let mut ids = HashSet::with_capacity_and_hasher(html_ids.len() + headings.len(), FixedState::default());
        ids.extend(html_ids.iter().cloned());
        let mut anchors = Anchors { ids };
        let rules: &[fn(&str) -> String] = match generator {
            Generator::Hugo => &[github],
            // Jekyll's kramdown makes GitHub-style ids with its default GFM input, its own without.
            Generator::Jekyll => &[github, kramdown],
            Generator::Zola => &[zola],
            Generator::Plain => &[github],
        };
        for rule in rules {
            let mut seen: HashMap<String, usize, FixedState> = HashMap::default();
            for heading in headings {
                if let Some(id) = &heading.id {
                    anchors.ids.insert(id.clone());
                    continue;
                }
                let base = rule(&heading.text);
                match seen.get_mut(&base) {
                    Some(n) => {
                        anchors.ids.insert(format!("{base}-{n}"));
                        *n += 1;
                    }
                    None => {
                        anchors.ids.insert(base.clone());
                        seen.insert(base, 1);
                    }
                }
            }
        }
        anchors
    }

    /// Whether `#fragment` lands somewhere in the post.
    pub fn has(&self, fragment: &str) -> bool {
        let fragment = super::check::percent_decode(fragment);
        is_generated(&fragment) || self.ids.contains(fragment.as_ref())
    }
}

/// Whether a (decoded) fragment names what exists without a heading: the top of the page,
/// footnotes.
pub fn is_generated(fragment: &str) -> bool {
    fragment == "top" || fragment.starts_with("fn") || fragment.starts_with("footnote")
}

/// GitHub's and Hugo's goldmark ids: lowercase letters and digits kept, spaces to `-`, `-` and
/// `_` kept, anything else dropped.
pub fn github(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            ' ' => out.push('-'),
            '-' | '_' => out.push(c),
            _ => {}
        }
    }
    out
}

/// kramdown's own ids: leading non-letters dropped, then only ASCII letters, digits, spaces and
/// `-`, spaces to `-`, lowercase; `section` when nothing is left.
pub fn kramdown(text: &str) -> String {
    let start = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let id: String = text[start..]
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| if c == ' ' { '-' } else { c.to_ascii_lowercase() })
        .collect();
    if id.is_empty() { "section".into() } else { id }
}

/// Zola's `slugify` (mode `on`, its default for anchors; the `slug` crate): other letters
/// transliterated to ASCII first (`é` -> `e`, `日本` -> `ri ben`, via `deunicode`, the table that
/// crate uses), then lowercase ASCII letters and digits kept, every other run to one `-`, no `-`
/// at the ends.
pub fn zola(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |b: u8| match b {
        b'a'..=b'z' | b'0'..=b'9' => out.push(char::from(b)),
        b'A'..=b'Z' => out.push(char::from(b.to_ascii_lowercase())),
        _ if !out.is_empty() && !out.ends_with('-') => out.push('-'),
        _ => {}
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c as u8);
        } else {
            // A character without a transliteration is a separator, as in `slug`.
            deunicode::deunicode_char(c).unwrap_or("-").bytes().for_each(&mut push);
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_generator_names_headings_its_own_way() {
        assert_eq!(github("Hello, World! 1.0 — Ça va_bien"), "hello-world-10--ça-va_bien");
        assert_eq!(kramdown("1. Hello, World! Ça va"), "hello-world-a-va");
        assert_eq!(kramdown("2024"), "section");
        assert_eq!(zola("Hello, World!  1.0"), "hello-world-1-0");
    }

    #[test]
    fn zola_transliterates_other_letters_as_its_slugify_does() {
        assert_eq!(zola("Ça marche — déjà vu"), "ca-marche-deja-vu");
        assert_eq!(zola("Größe & Übermaß"), "grosse-ubermass");
        assert_eq!(zola("日本語のテキスト"), "ri-ben-yu-notekisuto");
        assert_eq!(zola("Привет, мир"), "privet-mir");
        assert_eq!(zola("🦀 Rust 2024 🦀"), "crab-rust-2024-crab");
        assert_eq!(zola("«»"), "");
    }

    #[test]
    fn zola_anchors_under_non_ascii_headings_are_checked_not_assumed() {
        let h = |t: &str| Heading { text: t.into(), id: None };
        let anchors = Anchors::new(Generator::Zola, &[h("Déploiement continu"), h("Déploiement continu"), h("Ошибки")], &[]);
        assert!(anchors.has("deploiement-continu") && anchors.has("deploiement-continu-1") && anchors.has("oshibki"));
        // The heading as written is not Zola's id, nor is a made-up one.
        assert!(!anchors.has("déploiement-continu") && !anchors.has("d%C3%A9ploiement-continu") && !anchors.has("nowhere"));
    }

    #[test]
    fn repeated_headings_get_numbered_and_explicit_ids_win() {
        let h = |t: &str, id: Option<&str>| Heading { text: t.into(), id: id.map(str::to_string) };
        let anchors = Anchors::new(Generator::Hugo, &[h("Notes", None), h("Notes", None), h("Other", Some("mine"))], &[]);
        assert!(anchors.has("notes") && anchors.has("notes-1") && anchors.has("mine"));
        assert!(!anchors.has("other") && !anchors.has("notes-2"));
    }
}
