//! YAML front matter edited as lines: a key's lines are replaced, removed or appended; every other
//! line is copied as it was. Values are written in the style the file already uses.

use super::typed::Typed;
use super::{EditError, Op};

mod list;
mod scalar;

use list::{List, ListStyle};
use scalar::Quote;

/// One top-level key and the lines that belong to it.
#[derive(Debug, Clone)]
struct Block<'a> {
    /// The key as read (unquoted).
    key: String,
    /// The key as written, up to (not including) the colon.
    key_raw: &'a str,
    /// Spaces between the colon and the value.
    sep: &'a str,
    /// The rest of the key line after the separator, without the line ending.
    rest: &'a str,
    /// Byte range of the key line and its continuation lines (without trailing blank lines).
    start: usize,
    /// End of the key line (after its line ending).
    line_end: usize,
    /// End of the block.
    end: usize,
}

/// Applies ops to the YAML text between the fences.
pub fn apply(raw: &str, ops: &[Op], eol: &str) -> Result<String, EditError> {
    ops.iter().try_fold(raw.to_string(), |text, op| apply_one(&text, op, eol))
}

fn apply_one(text: &str, op: &Op, eol: &str) -> Result<String, EditError> {
    let blocks = blocks(text);
    let block = find(&blocks, op.key());
    let quote = Quote::of_file(&blocks);
    let replacement = match (op, block) {
        (Op::Set(key, Typed::List(items)), block) => {
            let mut list = block.map_or_else(|| List::new(ListStyle::of_file(text, &blocks)), |b| List::read(b, text));
            list.set(items, quote);
            list.render(block.map_or(key.as_str(), |b| b.key_raw), eol)
        }
        (Op::Set(key, value), Some(b)) => set_scalar(b, key, value, quote, eol)?,
        (Op::Set(key, value), None) => format!("{key}:{}{eol}", scalar::with_space(&scalar::render(key, value, None, quote)?)),
        (Op::Unset(_), Some(_)) => String::new(),
        (Op::Unset(_), None) => return Ok(text.to_string()),
        (Op::Add(key, item), block) => {
            let mut list = block.map_or_else(|| List::new(ListStyle::of_file(text, &blocks)), |b| List::read(b, text));
            if !list.add(item, quote) {
                return Ok(text.to_string());
            }
            list.render(block.map_or(key.as_str(), |b| b.key_raw), eol)
        }
        (Op::Remove(_, item), Some(b)) => {
            let mut list = List::read(b, text);
            if !list.remove(item) {
                return Ok(text.to_string());
            }
            list.render(b.key_raw, eol)
        }
        (Op::Remove(..), None) => return Ok(text.to_string()),
    };
    let (start, end) = match block {
        Some(b) => (b.start, b.end),
        None => {
            let at = end_of_content(text);
            let needs_eol = at > 0 && !text[..at].ends_with('\n');
            return Ok(format!("{}{}{replacement}{}", &text[..at], if needs_eol { eol } else { "" }, &text[at..]));
        }
    };
    Ok(format!("{}{replacement}{}", &text[..start], &text[end..]))
}

/// The new key line for a scalar, keeping the key's spelling, its spacing and any trailing comment.
fn set_scalar(b: &Block<'_>, key: &str, value: &Typed, quote: Quote, eol: &str) -> Result<String, EditError> {
    let (old_value, comment) = scalar::split_comment(b.rest);
    let keep = Quote::of_value(old_value);
    let rendered = scalar::render(key, value, keep, quote)?;
    let sep = if b.sep.is_empty() && !rendered.is_empty() { " " } else { b.sep };
    let line =
        if rendered.is_empty() { format!("{}:{sep}{comment}", b.key_raw) } else { format!("{}:{sep}{rendered}{comment}", b.key_raw) };
    Ok(format!("{}{eol}", line.trim_end_matches(['\r', '\n'])))
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

/// Every top-level key of the text with its line range. Indented and `- ` lines continue the key
/// above; blank lines belong to it only when more of its lines follow; a comment ends it.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    let mut open = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t', '-']) {
            if let Some(last) = blocks.last_mut().filter(|_| open) {
                last.end = offset;
            }
            continue;
        }
        match parse_key_line(bare) {
            Some((key, key_raw, sep, rest)) => {
                blocks.push(Block { key, key_raw, sep, rest, start, line_end: offset, end: offset });
                open = true;
            }
            None => open = false,
        }
    }
    blocks
}

/// `key: rest` -> (key, key as written, separator, rest). Quoted keys are unquoted.
fn parse_key_line(line: &str) -> Option<(String, &str, &str, &str)> {
    if line.starts_with('#') {
        return None;
    }
    let colon = if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let close = line[1..].find(quote)? + 1;
        close + 1 + line[close + 1..].find(':').filter(|i| line[close + 1..close + 1 + i].trim().is_empty())?
    } else {
        line.match_indices(':').map(|(i, _)| i).find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))?
    };
    let key_raw = &line[..colon];
    let key = key_raw.trim().trim_matches(['"', '\'']).to_string();
    let after = &line[colon + 1..];
    let rest = after.trim_start_matches([' ', '\t']);
    let sep = &after[..after.len() - rest.len()];
    Some((key, key_raw, sep, rest))
}

#[cfg(test)]
mod tests;
