//! YAML lists (tags, categories) edited item by item. A block list is read as its items, each with
//! its own lines (the `- item` line with its end-of-line comment, and any lines indented under it)
//! and the comment and blank lines that follow it; the comments and blank lines before the first
//! item stay at the head. Adding an item appends one `- item` line in the list's own indentation,
//! removing one drops only its lines: every comment stays with the item it followed. Flow lists
//! `[a, b]` keep each item's text and separator.

use super::super::EditError;
use super::Block;
use super::scalar::{self, Quote};

/// How a list is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListStyle {
    /// `[a, b]` on the key line.
    Flow {
        /// Between the colon and `[`.
        colon_sep: String,
        /// Between items, as `,` or `, `.
        sep: String,
        /// Inside the brackets, before the first item.
        open_pad: String,
        /// Inside the brackets, after the last item.
        close_pad: String,
    },
    /// One `- item` line each.
    Block {
        /// What precedes each item: `- ` or `  - `.
        prefix: String,
    },
}

impl ListStyle {
    /// `[a, b]` with a space after commas: the most common flow style.
    fn flow() -> ListStyle {
        ListStyle::Flow { colon_sep: " ".into(), sep: ", ".into(), open_pad: String::new(), close_pad: String::new() }
    }

    /// The style of the file's first list, for a list it does not have yet.
    pub fn of_file(text: &str, blocks: &[Block<'_>]) -> ListStyle {
        blocks.iter().find_map(|b| read_exact(b, text).filter(|l| !l.items.is_empty())).map_or_else(ListStyle::flow, |l| l.style)
    }
}

/// One item: as written, and as read.
#[derive(Debug, Clone)]
struct Item {
    /// The value as written (without `- ` or a comment).
    raw: String,
    /// The text quire reads, or `None` for an item it keeps but cannot read as one word (a map, a
    /// nested list, a value over several lines).
    text: Option<String>,
    /// In a flow list, what separates it from the item before (`,` or `, `): kept per item, as
    /// hand-written lists mix them.
    sep: String,
    /// In a block list, the item's own lines exactly as written; `None` for a new item.
    lines: Option<String>,
    /// In a block list, the comment and blank lines after the item: they stay with it.
    trailing: String,
}

impl Item {
    fn is(&self, text: &str) -> bool {
        self.text.as_deref() == Some(text)
    }
}

/// A list being edited.
#[derive(Debug, Clone)]
pub struct List {
    items: Vec<Item>,
    style: ListStyle,
    /// The key line as written, for a block list (kept byte for byte while it has items).
    key_line: Option<String>,
    /// What followed the list on its key line: a comment.
    after: String,
    /// The lines after the key line: a block list's comments before its first item; a flow
    /// list's comment lines indented under it.
    head: String,
}

impl List {
    /// An empty list in a style.
    pub fn new(style: ListStyle) -> List {
        List { items: Vec::new(), style, key_line: None, after: String::new(), head: String::new() }
    }

    /// The list of a key as written. A list quire cannot edit item by item is rewritten in the
    /// nearest plain style (only that key's lines change) when nothing would be lost; a list with
    /// comments quire cannot place is refused.
    pub fn read(b: &Block<'_>, text: &str) -> Result<List, EditError> {
        if let Some(list) = read_exact(b, text) {
            return Ok(list);
        }
        let span = &text[b.start..b.end];
        if span.lines().any(|l| l.trim_start().starts_with('#') || l.contains(" #")) {
            let why = "its value is laid out in a way quire cannot edit without moving its comments; edit it in an editor".into();
            return Err(EditError::InvalidValue { key: b.key.clone(), why });
        }
        let values = crate::post::yaml::parse_mapping(span, 1).0;
        let texts = values.first().map(|(_, v)| v.as_list()).unwrap_or_default();
        let style = if b.rest.is_empty() { ListStyle::Block { prefix: "- ".into() } } else { ListStyle::flow() };
        let mut list = List::new(style);
        list.set(&texts, Quote::Double);
        Ok(list)
    }

    /// Makes the list hold exactly `texts`, keeping the written form (and comments) of items it
    /// already has; a removed item's trailing comments stay where they were.
    pub fn set(&mut self, texts: &[String], file_quote: Quote) {
        let mut old = std::mem::take(&mut self.items);
        let mut i = 0;
        while i < old.len() {
            if old[i].text.as_ref().is_some_and(|t| texts.contains(t)) {
                i += 1;
            } else {
                let gone = old.remove(i);
                self.keep_trailing(&mut old[..i], gone.trailing);
            }
        }
        for text in texts {
            match old.iter().position(|i| i.is(text)) {
                Some(at) => self.items.push(old.remove(at)),
                None => {
                    let item = self.new_item(text, file_quote);
                    self.items.push(item);
                }
            }
        }
    }

    /// Appends an item unless the list has it. Returns whether the list changed.
    pub fn add(&mut self, text: &str, file_quote: Quote) -> bool {
        if self.items.iter().any(|i| i.is(text)) {
            return false;
        }
        let item = self.new_item(text, file_quote);
        self.items.push(item);
        true
    }

    /// Removes an item (exact text first, else ignoring case). Returns whether the list changed.
    pub fn remove(&mut self, text: &str) -> bool {
        let at = self
            .items
            .iter()
            .position(|i| i.is(text))
            .or_else(|| self.items.iter().position(|i| i.text.as_ref().is_some_and(|t| t.eq_ignore_ascii_case(text))));
        let Some(at) = at else { return false };
        let gone = self.items.remove(at);
        let mut items = std::mem::take(&mut self.items);
        self.keep_trailing(&mut items[..at], gone.trailing);
        self.items = items;
        true
    }

    /// Gives the comments after a removed item to the item before it, or to the head.
    fn keep_trailing(&mut self, before: &mut [Item], trailing: String) {
        match before.last_mut() {
            Some(prev) => prev.trailing.push_str(&trailing),
            None => self.head.push_str(&trailing),
        }
    }

    fn new_item(&self, text: &str, file_quote: Quote) -> Item {
        let keep = self.items.iter().find(|i| i.text.is_some()).and_then(|i| Quote::of_value(&i.raw));
        let (in_flow, sep) = match &self.style {
            ListStyle::Flow { sep, .. } => (true, self.items.get(1..).and_then(<[Item]>::last).map_or(sep.as_str(), |i| i.sep.as_str())),
            ListStyle::Block { .. } => (false, ""),
        };
        let raw = scalar::text(text, keep, file_quote, true, in_flow);
        Item { raw, text: Some(text.to_string()), sep: sep.to_string(), lines: None, trailing: String::new() }
    }

    /// The key's lines.
    pub fn render(&self, key_raw: &str, eol: &str) -> String {
        if self.items.is_empty() {
            let mut out = format!("{key_raw}: []{}{eol}", self.after);
            out.push_str(&self.head);
            return out;
        }
        match &self.style {
            ListStyle::Flow { colon_sep, sep, open_pad, close_pad } => {
                let mut items = String::new();
                for (i, item) in self.items.iter().enumerate() {
                    if i > 0 {
                        // The old first item has no separator of its own: it takes the list's.
                        items.push_str(if item.sep.is_empty() { sep } else { &item.sep });
                    }
                    items.push_str(&item.raw);
                }
                format!("{key_raw}:{colon_sep}[{open_pad}{items}{close_pad}]{}{eol}{}", self.after, self.head)
            }
            ListStyle::Block { prefix } => {
                let mut out = self.key_line.clone().unwrap_or_else(|| format!("{key_raw}:{}{eol}", self.after));
                out.push_str(&self.head);
                for item in &self.items {
                    match &item.lines {
                        Some(lines) => push_line(&mut out, lines, eol),
                        None => push_line(&mut out, &format!("{prefix}{}{eol}", item.raw), eol),
                    }
                    out.push_str(&item.trailing);
                }
                out
            }
        }
    }
}

/// Appends lines, first ending the text so far if its last line has no line ending.
fn push_line(out: &mut String, lines: &str, eol: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(lines);
}

/// The list exactly as written, when quire can keep every item and comment byte for byte.
fn read_exact(b: &Block<'_>, text: &str) -> Option<List> {
    let (value, after) = scalar::split_comment(b.rest);
    let under = &text[b.line_end..b.end];
    if value.starts_with('[') {
        // Lines under a flow list may only be comments: a list over several lines is not read here.
        if under.lines().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
            return None;
        }
        let (raws, open_pad, close_pad) = parse_flow(value)?;
        let sep = raws.get(1).map_or_else(|| ", ".to_string(), |(_, sep)| sep.clone());
        let style = ListStyle::Flow { colon_sep: b.sep.to_string(), sep, open_pad, close_pad };
        let items =
            raws.into_iter().map(|(raw, sep)| Some(Item { text: Some(item_text(&raw)?), raw, sep, lines: None, trailing: String::new() }));
        let items = items.collect::<Option<Vec<_>>>()?;
        return Some(List { items, style, key_line: None, after: after.to_string(), head: under.to_string() });
    }
    if !value.is_empty() {
        return None;
    }
    let key_line = text[b.start..b.line_end].to_string();
    let after = format!("{}{after}", if after.is_empty() { "" } else { b.sep });
    // No value yet (`tags:`, `tags: # later`), perhaps comments under it: items go under the key line.
    if under.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        let style = ListStyle::Block { prefix: "- ".into() };
        return Some(List { items: Vec::new(), style, key_line: Some(key_line), after, head: under.to_string() });
    }
    let (head, items, prefix) = read_block(under)?;
    Some(List { items, style: ListStyle::Block { prefix }, key_line: Some(key_line), after, head })
}

/// The lines under a block list's key: the head, the items, and the `- ` prefix of new items.
fn read_block(under: &str) -> Option<(String, Vec<Item>, String)> {
    let mut head = String::new();
    let mut items: Vec<Item> = Vec::new();
    let mut indent: Option<usize> = None;
    let mut prefix = None;
    for line in under.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let ind = bare.len() - bare.trim_start_matches(' ').len();
        let content = &bare[ind..];
        if content.trim().is_empty() || content.starts_with('#') {
            match items.last_mut() {
                Some(item) => item.trailing.push_str(line),
                None => head.push_str(line),
            }
            continue;
        }
        let dash = content == "-" || content.starts_with("- ");
        if dash && indent.is_none_or(|i| i == ind) {
            indent = Some(ind);
            prefix.get_or_insert_with(|| format!("{}- ", &bare[..ind]));
            let raw = scalar::split_comment(content[1..].trim_start()).0.to_string();
            let text = item_text(&raw);
            items.push(Item { raw, text, sep: String::new(), lines: Some(line.to_string()), trailing: String::new() });
            continue;
        }
        // A line indented under the item continues it (a map item, a value over several lines).
        let last = items.last_mut().filter(|i| indent.is_some_and(|at| ind > at) && i.trailing.is_empty())?;
        last.lines.get_or_insert_with(String::new).push_str(line);
        last.text = None;
    }
    Some((head, items, prefix?))
}

/// The text of an item written as one scalar on its line; `None` for anything else.
fn item_text(raw: &str) -> Option<String> {
    if raw.is_empty() || raw.starts_with(['[', '{', '&', '*', '!', '|', '>']) {
        return None;
    }
    let (fields, problems) = crate::post::yaml::parse_mapping(&format!("k: {raw}"), 1);
    match fields.into_iter().next() {
        Some((_, value)) if problems.is_empty() => value.as_text(),
        _ => None,
    }
}

/// Items as written, each with the separator before it.
type RawItems = Vec<(String, String)>;

/// `[ "a", b ]` -> items as written, each with the separator before it, and the inner padding.
fn parse_flow(value: &str) -> Option<(RawItems, String, String)> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    let body = inner.trim_start();
    let open_pad = inner[..inner.len() - body.len()].to_string();
    if body.is_empty() {
        return Some((Vec::new(), open_pad, String::new()));
    }
    let (mut raws, mut sep) = (Vec::new(), String::new());
    let mut pos = inner.len() - body.len();
    loop {
        let rest = &inner[pos..];
        let len = match rest.chars().next()? {
            '"' => scalar::closing_double(rest)?,
            '\'' => scalar::closing_single(rest)?,
            '[' | '{' => return None,
            _ => rest.find(',').unwrap_or(rest.len()),
        };
        let raw = rest[..len].trim_end();
        raws.push((raw.to_string(), std::mem::take(&mut sep)));
        let after = &rest[raw.len()..];
        let gap = after.len() - after.trim_start().len();
        match after.trim_start().strip_prefix(',') {
            Some(next) => {
                let next_gap = next.len() - next.trim_start().len();
                if next.trim().is_empty() {
                    return None;
                }
                sep = after[..gap + 1 + next_gap].to_string();
                pos += raw.len() + gap + 1 + next_gap;
            }
            None if after.trim().is_empty() => {
                return Some((raws, open_pad, after.to_string()));
            }
            None => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_lists_are_read_with_each_separator_and_their_padding() {
        let owned = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        let (raws, open, close) = parse_flow("[\"docker\",\"go\", \"gcp\"]").unwrap();
        assert_eq!((raws, open.as_str(), close.as_str()), (owned(&[("\"docker\"", ""), ("\"go\"", ","), ("\"gcp\"", ", ")]), "", ""));
        let (raws, open, close) = parse_flow("[ a b, 'c, d' ]").unwrap();
        assert_eq!((raws, open.as_str(), close.as_str()), (owned(&[("a b", ""), ("'c, d'", ", ")]), " ", " "));
        assert_eq!(parse_flow("[]").unwrap().0.len(), 0);
        assert!(parse_flow("[a, [b]]").is_none());
        assert!(parse_flow("[a, ]").is_none());
    }

    #[test]
    fn block_items_keep_their_comments_and_continuation_lines() {
        let (head, items, prefix) =
            read_block("  # before\n  - rust   # the lang\n  # - go (disabled)\n\n  - name: x\n    url: /\n").unwrap();
        assert_eq!((head.as_str(), prefix.as_str()), ("  # before\n", "  - "));
        assert_eq!(items[0].text.as_deref(), Some("rust"));
        assert_eq!(items[0].trailing, "  # - go (disabled)\n\n");
        assert_eq!((items[1].text.as_deref(), items[1].lines.as_deref()), (None, Some("  - name: x\n    url: /\n")));
    }
}
