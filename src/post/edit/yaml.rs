//! YAML front matter edited as lines. The text is read into a model of its top-level keys: each
//! key's name as YAML reads it (quotes and escapes undone), and the span of lines that belong to it
//! (its key line, its value's lines, the comments and blank lines among them and the comments
//! indented under it). An edit replaces, removes or appends one key's lines; every other line is
//! copied as it was. Values are written in the style the file already uses.

use super::typed::Typed;
use super::{EditError, Op};

mod list;
mod scalar;

use list::{List, ListStyle};
use scalar::Quote;

/// One top-level key and the lines that belong to it.
#[derive(Debug, Clone)]
struct Block<'a> {
    /// The key as YAML reads it (unquoted, unescaped).
    key: String,
    /// The key as written, up to (not including) the colon.
    key_raw: &'a str,
    /// Spaces between the colon and the value.
    sep: &'a str,
    /// The rest of the key line after the separator, without the line ending.
    rest: &'a str,
    /// Start of the key line.
    start: usize,
    /// End of the key line (after its line ending).
    line_end: usize,
    /// End of the key's lines: its value's lines and the comments among and under them (not the
    /// blank lines or column-0 comments after them, which sit between this key and the next).
    end: usize,
    /// How the key is written when quire cannot edit it in place (`? key` / `: value`).
    unusual: Option<&'static str>,
}

/// Why a key written `? key` / `: value` is not edited in place.
const EXPLICIT: &str = "it is written as an explicit `? key` entry; edit it in an editor";
/// Why a key quire cannot read blocks adding keys.
const UNREADABLE: &str = "quire cannot read this key";

/// Applies ops to the YAML text between the fences.
pub fn apply(raw: &str, ops: &[Op], eol: &str) -> Result<String, EditError> {
    if let Some(line) = anchor_line(raw) {
        return Err(EditError::Anchors(line));
    }
    let out = ops.iter().try_fold(raw.to_string(), |text, op| apply_one(&text, op, eol))?;
    // YAML forbids a key twice: quire reads such files (the last one wins) but never makes one.
    if duplicate(&blocks(raw)).is_none()
        && let Some(key) = duplicate(&blocks(&out))
    {
        return Err(EditError::Unsafe(key.to_string()));
    }
    Ok(out)
}

/// A key written twice, if any.
fn duplicate<'b>(blocks: &'b [Block<'_>]) -> Option<&'b str> {
    let mut seen = std::collections::HashSet::with_capacity(blocks.len());
    blocks.iter().map(|b| b.key.as_str()).find(|k| !seen.insert(*k))
}

/// Where each top-level key's lines start, in order.
pub(super) fn key_starts(raw: &str) -> Vec<usize> {
    blocks(raw).iter().map(|b| b.start).collect()
}

fn apply_one(text: &str, op: &Op, eol: &str) -> Result<String, EditError> {
    let blocks = blocks(text);
    let block = find(&blocks, op.key());
    let refuse = |why: &str| EditError::InvalidValue { key: op.key().to_string(), why: why.to_string() };
    if let Some(why) = block.and_then(|b| b.unusual) {
        return Err(refuse(why));
    }
    let adds_key = matches!(op, Op::Set(..) | Op::Add(..));
    if block.is_none()
        && adds_key
        && let Some(odd) = blocks.iter().find(|b| b.unusual == Some(UNREADABLE))
    {
        let why = format!("quire cannot read the key `{}`, so it cannot tell whether this key is already there", odd.key_raw.trim());
        return Err(refuse(&why));
    }
    let quote = Quote::of_file(&blocks);
    let list = |block: Option<&Block<'_>>| match block {
        Some(b) => List::read(b, text),
        None => Ok(List::new(ListStyle::of_file(text, &blocks))),
    };
    let key_raw = block.map_or(op.key(), |b| b.key_raw);
    let (replacement, end) = match (op, block) {
        (Op::Set(_, Typed::List(items)), block) => {
            let mut list = list(block)?;
            list.set(items, quote);
            (list.render(key_raw, eol), block.map(|b| b.end))
        }
        (Op::Set(key, value), Some(b)) => set_scalar(b, text, key, value, quote, eol)?,
        (Op::Set(key, value), None) => (format!("{key}:{}{eol}", scalar::with_space(&scalar::render(key, value, None, quote)?)), None),
        (Op::Unset(_), Some(b)) => (String::new(), Some(b.end)),
        (Op::Unset(_), None) | (Op::Remove(..), None) => return Ok(text.to_string()),
        (Op::Add(_, item), block) => {
            let mut list = list(block)?;
            if !list.add(item, quote) {
                return Ok(text.to_string());
            }
            (list.render(key_raw, eol), block.map(|b| b.end))
        }
        (Op::Remove(_, item), Some(b)) => {
            let mut list = List::read(b, text)?;
            if !list.remove(item) {
                return Ok(text.to_string());
            }
            (list.render(b.key_raw, eol), Some(b.end))
        }
    };
    match (block, end) {
        (Some(b), Some(end)) => Ok(format!("{}{replacement}{}", &text[..b.start], &text[end..])),
        _ => {
            let at = end_of_content(text);
            let needs_eol = at > 0 && !text[..at].ends_with('\n');
            Ok(format!("{}{}{replacement}{}", &text[..at], if needs_eol { eol } else { "" }, &text[at..]))
        }
    }
}

/// The new lines for a scalar, keeping the key's spelling, its spacing and any trailing comment,
/// and the end of what they replace: the key line alone when the old value was on it (the comments
/// under it stay), else every line of the old value.
fn set_scalar(b: &Block<'_>, text: &str, key: &str, value: &Typed, quote: Quote, eol: &str) -> Result<(String, Option<usize>), EditError> {
    let (old_value, comment) = scalar::split_comment(b.rest);
    let keep = Quote::of_value(old_value);
    let rendered = scalar::render(key, value, keep, quote)?;
    // `key: # note` had no value: the comment needs a space before it once there is one.
    let comment =
        if old_value.is_empty() && !comment.is_empty() && !rendered.is_empty() { format!(" {comment}") } else { comment.to_string() };
    let sep = if b.sep.is_empty() && !rendered.is_empty() { " " } else { b.sep };
    let line =
        if rendered.is_empty() { format!("{}:{sep}{comment}", b.key_raw) } else { format!("{}:{sep}{rendered}{comment}", b.key_raw) };
    let block_scalar = old_value.starts_with(['|', '>']);
    let value_under = text[b.line_end..b.end].lines().any(|l| !l.trim().is_empty() && (block_scalar || !l.trim_start().starts_with('#')));
    let end = if value_under { b.end } else { b.line_end };
    Ok((format!("{}{eol}", line.trim_end_matches(['\r', '\n'])), Some(end)))
}

/// The last block for `key`: exact spelling first, else ignoring case (YAML keeps the last duplicate).
fn find<'b, 'a>(blocks: &'b [Block<'a>], key: &str) -> Option<&'b Block<'a>> {
    blocks.iter().rev().find(|b| b.key == key).or_else(|| blocks.iter().rev().find(|b| b.key.eq_ignore_ascii_case(key)))
}

/// Where a new key goes: after the last line that is not blank.
fn end_of_content(text: &str) -> usize {
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if !line.trim().is_empty() {
            end = offset;
        }
    }
    end
}

/// Every top-level key of the text with its line span. Indented lines, `- ` lines and (after an
/// explicit `? key`) `: value` lines continue the key above; blank lines and comments at column 0
/// belong to it only when more of its lines follow.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.trim().is_empty() || bare.starts_with('#') {
            continue;
        }
        let explicit_value = bare.starts_with(':') && blocks.last().is_some_and(|b| b.unusual == Some(EXPLICIT));
        if line.starts_with([' ', '\t']) || is_item(bare) || explicit_value {
            if let Some(last) = blocks.last_mut() {
                last.end = offset;
            }
            continue;
        }
        let block = match explicit_key(bare) {
            Some(key) => Block { key, key_raw: bare, sep: "", rest: "", start, line_end: offset, end: offset, unusual: Some(EXPLICIT) },
            None => match parse_key_line(bare) {
                Some((key, key_raw, sep, rest)) => Block { key, key_raw, sep, rest, start, line_end: offset, end: offset, unusual: None },
                None => {
                    let key_raw = bare.split(": ").next().unwrap_or(bare);
                    Block {
                        key: key_raw.to_string(),
                        key_raw,
                        sep: "",
                        rest: "",
                        start,
                        line_end: offset,
                        end: offset,
                        unusual: Some(UNREADABLE),
                    }
                }
            },
        };
        blocks.push(block);
    }
    blocks
}

/// A block-sequence line at column 0 (`- item`, `-`), which YAML allows under a top-level key.
fn is_item(line: &str) -> bool {
    line == "-" || line.starts_with("- ") || line.starts_with("-\t")
}

/// The name of an explicit key line, `? title`.
fn explicit_key(line: &str) -> Option<String> {
    let rest = line.strip_prefix('?').filter(|r| r.is_empty() || r.starts_with([' ', '\t']))?.trim();
    Some(scalar_key(rest).unwrap_or_else(|| rest.to_string()))
}

/// `key: rest` -> (key as YAML reads it, key as written, separator, rest). `None` for keys quire
/// cannot read: anchored, tagged, flow or complex keys.
fn parse_key_line(line: &str) -> Option<(String, &str, &str, &str)> {
    let colon = match line.chars().next()? {
        '"' | '\'' => {
            let close = if line.starts_with('"') { scalar::closing_double(line)? } else { scalar::closing_single(line)? };
            let gap = line[close..].find(':')?;
            line[close..close + gap].trim().is_empty().then_some(close + gap)?
        }
        '&' | '*' | '!' | '[' | '{' | '?' | '|' | '>' | '%' | '@' | '`' | ':' => return None,
        _ => line.match_indices(':').map(|(i, _)| i).find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))?,
    };
    let key_raw = &line[..colon];
    let key = scalar_key(key_raw.trim_end())?;
    let after = &line[colon + 1..];
    let rest = after.trim_start_matches([' ', '\t']);
    let sep = &after[..after.len() - rest.len()];
    Some((key, key_raw, sep, rest))
}

/// A key as YAML reads it: quotes removed and escapes undone.
fn scalar_key(raw: &str) -> Option<String> {
    if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return Some(inner.replace("''", "'"));
    }
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Some(inner.to_string());
        }
        return serde_yaml::from_str::<String>(raw).ok();
    }
    (!raw.contains(" #")).then(|| raw.to_string())
}

/// The 1-based line (of `raw`) of the first anchor (`&name`), alias (`*name`) or merge key (`<<`).
/// An edit could change what an alias stands for, and a key's lines could hold an anchor other
/// keys use: quire does not edit such front matter.
pub(super) fn anchor_line(raw: &str) -> Option<usize> {
    let marks = |s: &str| s.starts_with(['&', '*']) && s[1..].starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-');
    raw.lines()
        .position(|line| {
            let mut s = line.trim_start();
            while let Some(rest) = s.strip_prefix("- ") {
                s = rest.trim_start();
            }
            let value = s.find(": ").map(|i| s[i + 2..].trim_start());
            s.starts_with("<<") || marks(s) || value.is_some_and(marks)
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests;
