//! Splits YAML (`---`), TOML (`+++`) or JSON (`{...}`) front matter from the body, and reads its keys.

use super::{Problem, Value, yaml};

/// The front-matter dialect of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Between `---` lines: Hugo, Jekyll.
    Yaml,
    /// Between `+++` lines: Hugo, Zola.
    Toml,
    /// A JSON object at the top: Hugo.
    Json,
    /// No front matter at all.
    #[default]
    None,
}

/// A file's text cut in two. Byte ranges index the text given to [`split`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The dialect found.
    pub format: Format,
    /// The front matter between its fences (for JSON, the object itself).
    pub raw: &'a str,
    /// Byte offset of `raw` in the text.
    pub raw_start: usize,
    /// 1-based line of the first line of `raw`.
    pub raw_line: usize,
    /// Byte offset where the body starts.
    pub body_start: usize,
    /// 1-based line where the body starts.
    pub body_line: usize,
    /// Set when the front matter opens but never closes.
    pub problem: Option<Problem>,
}

/// Cuts `text` (without BOM) into front matter and body. Never fails: an unclosed fence is a
/// problem, and the whole text is then the body.
pub fn split(text: &str) -> Split<'_> {
    let none = |problem| Split { format: Format::None, raw: "", raw_start: 0, raw_line: 1, body_start: 0, body_line: 1, problem };
    let first_line = text.split_inclusive('\n').next().unwrap_or("");
    let fence = first_line.trim_end_matches(['\n', '\r']).trim_end();
    let (format, closers): (Format, &[&str]) = match fence {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ if text.starts_with('{') => return split_json(text).unwrap_or_else(|| none(json_problem(text))),
        _ => return split_unopened(text).unwrap_or_else(|| none(None)),
    };
    let raw_start = first_line.len();
    let mut offset = raw_start;
    for (i, line) in text[raw_start..].split_inclusive('\n').enumerate() {
        if closers.contains(&line.trim_end()) {
            return Split {
                format,
                raw: &text[raw_start..offset],
                raw_start,
                raw_line: 2,
                body_start: offset + line.len(),
                body_line: i + 3,
                problem: None,
            };
        }
        offset += line.len();
    }
    none(Some(Problem::at(1, format!("front matter opens with `{fence}` on line 1 but is never closed"))))
}

/// How far the start of a file goes towards closing its front matter (see [`head_len`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The front matter's closing fence ends this many bytes in: [`split`] of those bytes reads the
    /// same front matter as a split of the whole file.
    Ends(usize),
    /// The fence is not closed in the bytes given (more may close it).
    Open,
    /// The file does not start with a `---` or `+++` fence: only the whole file says what it holds.
    Unfenced,
}

/// Where the fenced front matter at the start of `bytes` (a file's first bytes, BOM allowed)
/// ends, by the same fence rules as [`split`], so a reader can stop there.
pub fn head_len(bytes: &[u8]) -> Head {
    let start = if bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
    let mut lines = bytes[start..].split_inclusive(|b| *b == b'\n');
    let Some(first) = lines.next().filter(|l| l.ends_with(b"\n")) else {
        return if b"---".starts_with(bytes[start..].trim_ascii_end()) || b"+++".starts_with(bytes[start..].trim_ascii_end()) {
            Head::Open
        } else {
            Head::Unfenced
        };
    };
    let closers: &[&[u8]] = match first.trim_ascii_end() {
        b"---" => &[b"---", b"..."],
        b"+++" => &[b"+++"],
        _ => return Head::Unfenced,
    };
    let mut end = start + first.len();
    for line in lines {
        // Only a whole line can be a fence: the last one may go on in the bytes not read yet.
        if !line.ends_with(b"\n") {
            break;
        }
        end += line.len();
        if closers.contains(&line.trim_ascii_end()) {
            return Head::Ends(end);
        }
    }
    Head::Open
}

/// `key: value` lines closed by `---` but never opened: a common slip that Hugo renders as text.
/// Read them as front matter, and say the opening fence is missing.
fn split_unopened(text: &str) -> Option<Split<'_>> {
    const MAX_LINES: usize = 60;
    let looks_like_key = |line: &str| {
        let key_len = line.find(':')?;
        let key = &line[..key_len];
        (!key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')).then_some(())
    };
    looks_like_key(text.lines().next()?)?;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').take(MAX_LINES).enumerate() {
        let bare = line.trim_end();
        if bare == "---" {
            return Some(Split {
                format: Format::Yaml,
                raw: &text[..offset],
                raw_start: 0,
                raw_line: 1,
                body_start: offset + line.len(),
                body_line: i + 2,
                problem: Some(Problem::at(1, "front matter has no opening `---` line")),
            });
        }
        let continues = bare.is_empty() || line.starts_with([' ', '\t', '-', '#']);
        if !continues && looks_like_key(bare).is_none() {
            return None;
        }
        offset += line.len();
    }
    None
}

fn split_json(text: &str) -> Option<Split<'_>> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    let end = match stream.next()? {
        Ok(serde_json::Value::Object(_)) => stream.byte_offset(),
        _ => return None,
    };
    let rest = &text[end..];
    let newline = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let body_start = end + newline;
    Some(Split {
        format: Format::Json,
        raw: &text[..end],
        raw_start: 0,
        raw_line: 1,
        body_start,
        body_line: text[..body_start].matches('\n').count() + 1,
        problem: None,
    })
}

/// JSON front matter that does not parse (a trailing comma, a missing quote): say where, rather than
/// show it as text with no word of why. `{{< shortcode >}}` at the top of a body is not JSON.
fn json_problem(text: &str) -> Option<Problem> {
    let first = text.lines().next().unwrap_or("").trim_end();
    if first != "{" && !first.starts_with("{\"") {
        return None;
    }
    let err = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>().next()?.err()?;
    Some(Problem::at(err.line(), format!("invalid JSON front matter: {err}")))
}

/// Reads the keys of the front matter, in file order, with any problems found.
pub fn fields(split: &Split<'_>) -> (Vec<(String, Value)>, Vec<Problem>) {
    match split.format {
        Format::None => (Vec::new(), Vec::new()),
        Format::Yaml => yaml::parse_mapping(split.raw, split.raw_line),
        Format::Toml => match split.raw.parse::<toml::Table>() {
            Ok(table) => (table.into_iter().map(|(k, v)| (k, Value::from(v))).collect(), Vec::new()),
            Err(err) => {
                let line = err.span().map_or(0, |s| split.raw[..s.start.min(split.raw.len())].matches('\n').count());
                let message = err.message().trim().to_string();
                (Vec::new(), vec![Problem::at(split.raw_line + line, format!("invalid TOML: {message}"))])
            }
        },
        Format::Json => match serde_json::from_str::<serde_json::Value>(split.raw) {
            Ok(serde_json::Value::Object(map)) => (map.into_iter().map(|(k, v)| (k, Value::from(v))).collect(), Vec::new()),
            Ok(_) => (Vec::new(), Vec::new()),
            Err(err) => (Vec::new(), vec![Problem::at(err.line(), format!("invalid JSON: {err}"))]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_is_cut_at_its_closing_fence() {
        let s = split("---\ntitle: A\n---\n\nBody\n");
        assert_eq!((s.format, s.raw, s.body_line), (Format::Yaml, "title: A\n", 4));
        assert_eq!(&"---\ntitle: A\n---\n\nBody\n"[s.body_start..], "\nBody\n");
    }

    #[test]
    fn crlf_fences_are_recognised() {
        let text = "+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n";
        let s = split(text);
        assert_eq!(s.format, Format::Toml);
        assert_eq!(&text[s.body_start..], "Body\r\n");
    }

    #[test]
    fn json_object_at_the_top_is_front_matter() {
        let text = "{\n  \"title\": \"J\",\n  \"tags\": [\"a\"]\n}\n\nBody";
        let s = split(text);
        assert_eq!(s.format, Format::Json);
        assert_eq!(&text[s.body_start..], "\nBody");
        let (f, p) = fields(&s);
        assert!(p.is_empty());
        assert_eq!(f[0].0, "title");
    }

    #[test]
    fn no_front_matter_means_all_body() {
        let s = split("# Hello\n\ntext");
        assert_eq!((s.format, s.body_start), (Format::None, 0));
    }

    #[test]
    fn front_matter_missing_its_opening_fence_is_recovered_and_reported() {
        let text = "title: \"XPDays\"\ndate: 2006-04-11T12:00:00+01:00\ntags: [\"xp\"]\n---\n\nBody";
        let s = split(text);
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(&text[s.body_start..], "\nBody");
        assert_eq!(s.problem.unwrap().line, Some(1));
        assert_eq!(split("Just: a sentence with a colon.\nMore text\n").format, Format::None);
    }

    #[test]
    fn an_unclosed_fence_is_a_problem_on_line_one() {
        let s = split("---\ntitle: A\n\nBody");
        assert_eq!(s.format, Format::None);
        assert_eq!(s.problem.unwrap().line, Some(1));
    }

    #[test]
    fn the_head_ends_where_split_finds_the_closing_fence() {
        for text in [
            "---\ntitle: A\n---\n\nBody\n",
            "\u{feff}+++\r\ntitle = \"A\"\r\n+++  \r\nBody\r\n",
            "---\ntitle: A\n...\nBody ---\n",
            "---\na: |\n  ---\n---\nrest",
        ] {
            let Head::Ends(len) = head_len(text.as_bytes()) else { panic!("{text:?} has a closed head") };
            let bare = text.strip_prefix('\u{feff}').unwrap_or(text);
            let (whole, head) = (split(bare), split(&text[text.len() - bare.len()..len]));
            assert_eq!((whole.format, whole.raw, whole.body_line), (head.format, head.raw, head.body_line), "{text:?}");
            assert_eq!(len - (text.len() - bare.len()), whole.body_start, "{text:?}");
        }
    }

    #[test]
    fn an_unclosed_or_missing_fence_needs_more_of_the_file() {
        assert_eq!(head_len(b"---\ntitle: A\n--"), Head::Open);
        assert_eq!(head_len(b"---\ntitle: A\n---"), Head::Open, "the fence line may go on");
        assert_eq!(head_len(b"--"), Head::Open);
        assert_eq!(head_len(b"# Title\n---\n"), Head::Unfenced);
        assert_eq!(head_len(b"{\"title\": 1}\n"), Head::Unfenced);
        assert_eq!(head_len(b"title: x\n---\n"), Head::Unfenced);
    }

    #[test]
    fn toml_errors_carry_the_file_line() {
        let s = split("+++\ntitle = \"ok\"\ndate = \n+++\n");
        let (_, problems) = fields(&s);
        assert_eq!(problems[0].line, Some(3), "{problems:?}");
    }
}
