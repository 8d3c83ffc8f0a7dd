//! Heading ids as each generator makes them, so `#anchors` are checked against what it publishes.

use std::collections::HashMap;

use super::Heading;
use crate::site::Generator;

/// The anchors a post offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    /// Sorted, without repeats: looked up by bisection. A check builds one of these for every
    /// post a link points into, most with a handful of headings, where hashing each id (and
    /// a map to number repeats) cost more than the ids themselves.
    ids: Vec<String>,
}

impl Anchors {
    /// The ids of these headings and HTML anchors, by the generator's rules.
    pub fn new(generator: Generator, headings: &[Heading], html_ids: &[String]) -> Anchors {
        let mut ids = Vec::with_capacity(html_ids.len() + headings.len());
        ids.extend(html_ids.iter().cloned());
        let rules: &[fn(&str) -> String] = match generator {
            Generator::Hugo => &[github],
            // Jekyll's kramdown makes GitHub-style ids with its default GFM input, its own without.
            Generator::Jekyll => &[github, kramdown],
            Generator::Zola => &[zola],
            Generator::Plain => &[github],
        };
        for rule in rules {
            let bases: Vec<Option<String>> = headings.iter().map(|h| h.id.is_none().then(|| rule(&h.text))).collect();
            // A repeated base is numbered by how many came before it: counted by a scan for a
            // few headings, by a map for many.
            let mut counts: HashMap<&str, usize> = HashMap::new();
            let many = bases.len() > 32;
            for (at, (heading, base)) in headings.iter().zip(&bases).enumerate() {
                let Some(base) = base else {
                    ids.extend(heading.id.clone());
                    continue;
                };
                let before = match many {
                    true => {
                        let n = counts.entry(base.as_str()).or_insert(0);
                        *n += 1;
                        *n - 1
                    }
                    false => bases[..at].iter().filter(|b| b.as_ref() == Some(base)).count(),
                };
                ids.push(if before == 0 { base.clone() } else { format!("{base}-{before}") });
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Anchors { ids }
    }

    /// Whether `#fragment` lands somewhere in the post.
    pub fn has(&self, fragment: &str) -> bool {
        let fragment = super::check::percent_decode(fragment);
        is_generated(&fragment) || self.ids.binary_search_by(|id| id.as_str().cmp(&fragment)).is_ok()
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
    if text.is_ascii() {
        // Byte by byte: a check makes an id for every heading of every linked-to post.
        let mut id = Vec::with_capacity(text.len());
        for b in text.bytes() {
            match b {
                b if b.is_ascii_alphanumeric() => id.push(b.to_ascii_lowercase()),
                b' ' => id.push(b'-'),
                b'-' | b'_' => id.push(b),
                _ => {}
            }
        }
        return String::from_utf8(id).unwrap_or_default();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
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
