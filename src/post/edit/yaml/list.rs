//! YAML lists (tags, categories) edited item by item: existing items keep their exact text, new ones
//! are written like their neighbours, in the flow `[a, b]` or block `- a` style the file uses.

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
        blocks.iter().find_map(|b| read_exact(b, text)).map_or_else(ListStyle::flow, |l| l.style)
    }
}

/// One item: as written, and as read.
#[derive(Debug, Clone)]
struct Item {
    raw: String,
    text: String,
    /// In a flow list, what separates it from the item before (`,` or `, `): kept per item, as
    /// hand-written lists mix them.
    sep: String,
}

/// A list being edited.
#[derive(Debug, Clone)]
pub struct List {
    items: Vec<Item>,
    style: ListStyle,
    /// What followed the list on its key line (a comment; for a block list, all after the colon).
    after: String,
}

impl List {
    /// An empty list in a style.
    pub fn new(style: ListStyle) -> List {
        List { items: Vec::new(), style, after: String::new() }
    }

    /// The list of a key as written; anything quire cannot edit item by item is read as values and
    /// rewritten in the nearest plain style (only that key's lines change).
    pub fn read(b: &Block<'_>, text: &str) -> List {
        read_exact(b, text).unwrap_or_else(|| {
            let block_text = &text[b.start..b.end];
            let values = crate::post::yaml::parse_mapping(block_text, 1).0;
            let texts = values.first().map(|(_, v)| v.as_list()).unwrap_or_default();
            let style = if b.rest.is_empty() { ListStyle::Block { prefix: "- ".into() } } else { ListStyle::flow() };
            let mut list = List::new(style);
            list.set(&texts, Quote::Double);
            list
        })
    }

    /// Makes the list hold exactly `texts`, keeping the written form of items it already has.
    pub fn set(&mut self, texts: &[String], file_quote: Quote) {
        let mut old = std::mem::take(&mut self.items);
        for text in texts {
            match old.iter().position(|i| &i.text == text) {
                Some(at) => self.items.push(old.remove(at)),
                None => self.items.push(self.new_item(text, file_quote)),
            }
        }
    }

    /// Appends an item unless the list has it. Returns whether the list changed.
    pub fn add(&mut self, text: &str, file_quote: Quote) -> bool {
        if self.items.iter().any(|i| i.text == text) {
            return false;
        }
        let item = self.new_item(text, file_quote);
        self.items.push(item);
        true
    }

    /// Removes an item (exact text first, else ignoring case). Returns whether the list changed.
    pub fn remove(&mut self, text: &str) -> bool {
        let at =
            self.items.iter().position(|i| i.text == text).or_else(|| self.items.iter().position(|i| i.text.eq_ignore_ascii_case(text)));
        at.map(|at| self.items.remove(at)).is_some()
    }

    fn new_item(&self, text: &str, file_quote: Quote) -> Item {
        let keep = self.items.first().and_then(|i| Quote::of_value(&i.raw));
        let (in_flow, sep) = match &self.style {
            ListStyle::Flow { sep, .. } => (true, self.items.get(1..).and_then(<[Item]>::last).map_or(sep.as_str(), |i| i.sep.as_str())),
            ListStyle::Block { .. } => (false, ""),
        };
        Item { raw: scalar::text(text, keep, file_quote, true, in_flow), text: text.to_string(), sep: sep.to_string() }
    }

    /// The key's lines.
    pub fn render(&self, key_raw: &str, eol: &str) -> String {
        if self.items.is_empty() {
            return format!("{key_raw}: []{eol}");
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
                format!("{key_raw}:{colon_sep}[{open_pad}{items}{close_pad}]{}{eol}", self.after)
            }
            ListStyle::Block { prefix } => {
                let mut out = format!("{key_raw}:{}{eol}", self.after);
                for item in &self.items {
                    out.push_str(&format!("{prefix}{}{eol}", item.raw));
                }
                out
            }
        }
    }
}

/// The list exactly as written, when every item is a one-line scalar quire can keep byte for byte.
fn read_exact(b: &Block<'_>, text: &str) -> Option<List> {
    let (value, after) = scalar::split_comment(b.rest);
    if value.starts_with('[') && b.end == b.line_end {
        let (raws, open_pad, close_pad) = parse_flow(value)?;
        let sep = raws.get(1).map_or_else(|| ", ".to_string(), |(_, sep)| sep.clone());
        let style = ListStyle::Flow { colon_sep: b.sep.to_string(), sep, open_pad, close_pad };
        return Some(List { items: items(raws)?, style, after: after.to_string() });
    }
    if !value.is_empty() || b.end == b.line_end {
        return None;
    }
    let mut prefix: Option<&str> = None;
    let mut raws = Vec::new();
    for line in text[b.line_end..b.end].split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let indent = bare.len() - bare.trim_start_matches(' ').len();
        let rest = bare[indent..].strip_prefix("- ")?;
        let this = &bare[..indent + 2];
        if prefix.is_some_and(|p| p != this) || rest.is_empty() || rest.starts_with(['[', '{', '-', '&', '*', '!', '|', '>']) {
            return None;
        }
        prefix = Some(this);
        raws.push((rest.to_string(), String::new()));
    }
    let after = format!("{}{}", b.sep, b.rest);
    Some(List { items: items(raws)?, style: ListStyle::Block { prefix: prefix?.to_string() }, after })
}

/// Reads each written item (with the separator before it) as the text quire sees; `None` if one is
/// not a plain scalar.
fn items(raws: RawItems) -> Option<Vec<Item>> {
    raws.into_iter()
        .map(|(raw, sep)| {
            let (fields, problems) = crate::post::yaml::parse_mapping(&format!("k: {raw}"), 1);
            let text = match fields.into_iter().next() {
                Some((_, value)) if problems.is_empty() => value.as_text()?,
                _ => return None,
            };
            Some(Item { raw, text, sep })
        })
        .collect()
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
}
