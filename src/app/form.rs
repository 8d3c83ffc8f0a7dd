//! The front-matter form: one row per key, typed into directly, validated as typed, saved as
//! minimal edits (only the keys the user changed are touched on disk).

use std::path::PathBuf;

use crate::post::edit::Edit;
use crate::post::{FileStamp, Post, Status, Value, dates};

/// How a row's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any text.
    Text,
    /// Must parse as a date.
    Date,
    /// Comma-separated items.
    List,
    /// The draft switch: Space toggles it.
    Draft,
    /// A value the form cannot edit faithfully (a map, a list of maps, text over several lines):
    /// shown, never re-typed from its display text; `E` edits it in an editor.
    ReadOnly,
}

/// One row of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The front-matter key.
    pub key: String,
    /// The value when the form opened (as text).
    pub original: String,
    /// The value now.
    pub value: String,
    /// How the value is read.
    pub kind: Kind,
    /// Marked for removal.
    pub deleted: bool,
    /// Added in this form (its key is typed first).
    pub is_new: bool,
    /// Whether keys go to the key name (new rows) rather than the value.
    pub typing_key: bool,
}

impl Field {
    fn new(key: &str, value: String, kind: Kind) -> Field {
        Field { key: key.to_string(), original: value.clone(), value, kind, deleted: false, is_new: false, typing_key: false }
    }

    /// Why the value cannot be saved, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if self.deleted {
            return None;
        }
        if self.is_new && self.key.trim().is_empty() {
            return Some("type the new key's name, then Tab for its value".into());
        }
        if self.is_new && self.value.trim().is_empty() {
            return Some(format!("type a value for `{}`", self.key.trim()));
        }
        match self.kind {
            Kind::Date if !self.value.trim().is_empty() && dates::parse(&self.value).is_none() => {
                Some("not a date (try 2024-03-01 or 2024-03-01T10:00:00+01:00)".into())
            }
            Kind::Text if self.key == "title" && self.value.trim().is_empty() => Some("a post needs a title".into()),
            _ => None,
        }
    }

    /// Whether the row differs from the file.
    pub fn changed(&self) -> bool {
        self.deleted || self.is_new || self.value != self.original
    }
}

/// What the form is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// Editing.
    None,
    /// Esc with unsaved changes: discard them?
    Discard,
    /// The file changed on disk: reload it or overwrite it?
    Conflict,
}

/// The form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The post's file.
    pub path: PathBuf,
    /// The file as it was when the form opened; saving refuses if it changed since.
    pub stamp: FileStamp,
    /// The rows.
    pub fields: Vec<Field>,
    /// The focused row.
    pub selected: usize,
    /// Where typing goes in the focused row's text (in characters).
    pub cursor: usize,
    /// A question waiting for an answer.
    pub prompt: Prompt,
    /// Every tag of the library, for completion.
    pub known_tags: Vec<String>,
    /// Why the post cannot be edited here (not read whole, front matter that does not parse): the
    /// form then shows this, whole, instead of rows.
    pub refused: Option<String>,
    /// The key that opens the post in an editor, for the notes on read-only rows.
    pub editor_key: String,
}

/// Keys shown first, in this order, whether or not the post has them.
const STANDARD: [(&str, Kind); 5] =
    [("title", Kind::Text), ("date", Kind::Date), ("tags", Kind::List), ("description", Kind::Text), ("author", Kind::Text)];
/// Keys that hold lists wherever they appear.
const LIST_KEYS: [&str; 5] = ["tags", "categories", "authors", "keywords", "aliases"];
/// Keys the draft row stands for.
const DRAFT_KEYS: [&str; 2] = ["draft", "published"];

impl Form {
    /// A form over a post's front matter.
    pub fn new(post: &Post, known_tags: Vec<String>) -> Form {
        let keys = post.fields();
        let existing = |key: &str| keys.iter().find(|(k, _)| k.eq_ignore_ascii_case(key));
        let mut fields: Vec<Field> = Vec::new();
        for (key, kind) in STANDARD {
            let key = match key {
                "author" if existing("author").is_none() && existing("authors").is_some() => "authors",
                "description" if existing("description").is_none() => {
                    ["summary", "excerpt"].into_iter().find(|k| existing(k).is_some()).unwrap_or(key)
                }
                _ => key,
            };
            let (name, value, faithful) = match existing(key) {
                Some((k, v)) => (k.clone(), as_text(v), faithful(v)),
                // Zola keeps tags under [taxonomies]; edits of this row go there.
                None if key == "tags" => (key.to_string(), list_text(&post.tags), true),
                None => (key.to_string(), String::new(), true),
            };
            let kind = match kind {
                _ if !faithful => Kind::ReadOnly,
                _ if LIST_KEYS.contains(&name.to_ascii_lowercase().as_str()) => Kind::List,
                kind => kind,
            };
            fields.push(Field::new(&name, value, kind));
        }
        let draft = if post.status == Status::Draft { "true" } else { "false" };
        fields.push(Field::new("draft", draft.to_string(), Kind::Draft));
        for (key, value) in keys.iter() {
            let shown = fields.iter().any(|f| f.key.eq_ignore_ascii_case(key)) || DRAFT_KEYS.iter().any(|d| d.eq_ignore_ascii_case(key));
            if shown {
                continue;
            }
            let kind = match value {
                _ if !faithful(value) => Kind::ReadOnly,
                Value::List(_) => Kind::List,
                _ if key.to_ascii_lowercase().contains("date") => Kind::Date,
                _ => Kind::Text,
            };
            fields.push(Field::new(key, as_text(value), kind));
        }
        let refused = post.cannot_edit.clone();
        let cursor = fields.first().map_or(0, |f| f.value.chars().count());
        let editor_key = "E".to_string();
        Form {
            path: post.path.clone(),
            stamp: post.stamp,
            fields,
            selected: 0,
            cursor,
            prompt: Prompt::None,
            known_tags,
            refused,
            editor_key,
        }
    }

    /// Whether anything would be written.
    pub fn changed(&self) -> bool {
        self.fields.iter().any(Field::changed)
    }

    /// The first row that cannot be saved, with why.
    pub fn problem(&self) -> Option<(usize, String)> {
        self.fields.iter().enumerate().find_map(|(i, f)| f.problem().map(|p| (i, format!("{}: {p}", f.key))))
    }

    /// The edits that turn the file into what the form shows.
    pub fn edits(&self) -> Vec<Edit> {
        let mut edits = Vec::new();
        for field in self.fields.iter().filter(|f| f.changed()) {
            match field.kind {
                _ if field.deleted && field.is_new => {}
                _ if field.deleted => edits.push(Edit::Unset(field.key.clone())),
                Kind::Draft => edits.push(Edit::SetDraft(field.value == "true")),
                Kind::List if field.key.eq_ignore_ascii_case("tags") && !field.is_new => {
                    let (before, after) = (items(&field.original), items(&field.value));
                    edits.extend(before.iter().filter(|t| !after.contains(t)).map(|t| Edit::RemoveTag(t.clone())));
                    edits.extend(after.iter().filter(|t| !before.contains(t)).map(|t| Edit::AddTag(t.clone())));
                }
                Kind::Text | Kind::Date if field.value.trim().is_empty() && !field.original.is_empty() => {
                    edits.push(Edit::Unset(field.key.clone()))
                }
                Kind::ReadOnly => {}
                _ => edits.push(Edit::Set { key: field.key.trim().to_string(), value: field.value.clone() }),
            }
        }
        edits
    }

    /// The focused row.
    pub fn current(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.selected)
    }

    /// Focuses a row (clamped), with the cursor at the end of its text.
    pub fn select(&mut self, index: usize) {
        self.selected = index.min(self.fields.len().saturating_sub(1));
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }

    /// The text typing edits in the focused row: the key name of a new row, else the value.
    pub fn text(&self) -> Option<&str> {
        let field = self.fields.get(self.selected)?;
        match field.kind {
            Kind::Draft | Kind::ReadOnly => None,
            _ if field.typing_key => Some(&field.key),
            _ => Some(&field.value),
        }
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        let field = self.fields.get_mut(self.selected)?;
        match field.kind {
            Kind::Draft | Kind::ReadOnly => None,
            _ if field.typing_key => Some(&mut field.key),
            _ => Some(&mut field.value),
        }
    }

    /// Types a character at the cursor (Space toggles the draft row; `:` ends a new key's name).
    pub fn type_char(&mut self, c: char) {
        let Some(field) = self.fields.get_mut(self.selected) else { return };
        if field.kind == Kind::Draft {
            if c == ' ' {
                field.value = if field.value == "true" { "false".into() } else { "true".into() };
            }
            return;
        }
        if field.typing_key && (c == ':' || c == '=') {
            self.finish_key();
            return;
        }
        let cursor = self.cursor;
        if let Some(text) = self.text_mut() {
            let at = byte_index(text, cursor);
            text.insert(at, c);
            self.cursor += 1;
        }
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let cursor = self.cursor;
        if let Some(text) = self.text_mut() {
            let at = byte_index(text, cursor - 1);
            text.remove(at);
            self.cursor -= 1;
        }
    }

    /// Deletes the character under the cursor.
    pub fn delete_char(&mut self) {
        let cursor = self.cursor;
        if let Some(text) = self.text_mut().filter(|t| cursor < t.chars().count()) {
            let at = byte_index(text, cursor);
            text.remove(at);
        }
    }

    /// Moves the cursor by characters, within the text.
    pub fn move_cursor(&mut self, delta: isize) {
        let len = self.text().map_or(0, |t| t.chars().count());
        self.cursor = self.cursor.saturating_add_signed(delta).min(len);
    }

    /// Cursor to the start (`false`) or the end (`true`) of the text.
    pub fn cursor_to(&mut self, end: bool) {
        self.cursor = if end { self.text().map_or(0, |t| t.chars().count()) } else { 0 };
    }

    /// A new row's name is typed: typing now goes to its value. Returns whether there was one.
    pub fn finish_key(&mut self) -> bool {
        let Some(field) = self.fields.get_mut(self.selected).filter(|f| f.typing_key) else { return false };
        field.typing_key = false;
        self.cursor = field.value.chars().count();
        true
    }

    /// Empties the text typing edits.
    pub fn clear(&mut self) {
        if let Some(text) = self.text_mut() {
            text.clear();
            self.cursor = 0;
        }
    }

    /// Marks the focused row for removal, or takes the mark back.
    pub fn toggle_delete(&mut self) {
        if let Some(field) = self.current().filter(|f| f.kind != Kind::Draft) {
            field.deleted = !field.deleted;
        }
    }

    /// Adds an empty row whose key is typed first.
    pub fn add_row(&mut self) {
        self.fields.push(Field { is_new: true, typing_key: true, ..Field::new("", String::new(), Kind::Text) });
        self.select(self.fields.len() - 1);
    }

    /// Completes the last tag being typed from the library's tags; returns whether it did.
    pub fn complete_tag(&mut self) -> bool {
        let known = self.known_tags.clone();
        let Some(field) = self.current().filter(|f| f.kind == Kind::List && f.key.eq_ignore_ascii_case("tags") && !f.typing_key) else {
            return false;
        };
        let start = field.value.rfind(',').map_or(0, |i| i + 1);
        let partial = field.value[start..].trim_start().to_lowercase();
        if partial.is_empty() {
            return false;
        }
        let Some(tag) = known.iter().find(|t| t.to_lowercase().starts_with(&partial) && t.len() > partial.len()) else { return false };
        let lead = if start == 0 { "" } else { " " };
        field.value.truncate(start);
        field.value.push_str(lead);
        field.value.push_str(tag);
        self.cursor_to(true);
        true
    }

    /// The tag the focused row would complete to, for a hint.
    pub fn completion(&self) -> Option<&str> {
        let field = self.fields.get(self.selected)?;
        if field.kind != Kind::List || !field.key.eq_ignore_ascii_case("tags") {
            return None;
        }
        let partial = field.value.rsplit(',').next().unwrap_or("").trim_start().to_lowercase();
        (!partial.is_empty())
            .then(|| self.known_tags.iter().find(|t| t.to_lowercase().starts_with(&partial) && t.len() > partial.len()).map(String::as_str))
            .flatten()
    }
}

/// The byte offset of a character index (the end when past it).
fn byte_index(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

/// A value as the row shows it: a list of words as its items, each one quoted when it holds a
/// comma or a quote, so that reading the row back gives the same items; anything else (shown
/// read-only when it is not faithful) as it reads.
fn as_text(value: &Value) -> String {
    match value {
        Value::List(items) if faithful(value) => list_text(&items.iter().map(|i| i.to_string()).collect::<Vec<_>>()),
        value => value.to_string(),
    }
}

/// Items joined by `, `, quoted where a comma or a quote would split or change them.
fn list_text(items: &[String]) -> String {
    let shown: Vec<String> = items
        .iter()
        .map(|item| {
            if item.contains([',', '"', '\'']) || item.trim() != item {
                format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                item.clone()
            }
        })
        .collect();
    shown.join(", ")
}

/// Whether a row can show and take back this value as typed text without losing anything: not a
/// map, a list of maps or lists, or text over several lines.
fn faithful(value: &Value) -> bool {
    match value {
        Value::Map(_) => false,
        Value::List(items) => {
            items.iter().all(|i| matches!(i, Value::String(s) if !s.contains('\n')) || matches!(i, Value::Number(_) | Value::Bool(_)))
        }
        Value::String(s) => !s.contains('\n'),
        _ => true,
    }
}

/// The items of a list row, as `quire set` reads them (quoted items stay whole).
fn items(text: &str) -> Vec<String> {
    crate::post::edit::parse_list(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{content_hash, parse};

    fn form(text: &str) -> Form {
        let post = parse(PathBuf::from("p.md"), text.as_bytes(), FileStamp { modified: None, len: 0, hash: content_hash(text.as_bytes()) });
        Form::new(&post, vec!["docker".into(), "rust".into(), "rustlang".into()])
    }

    #[test]
    fn standard_rows_come_first_then_every_other_key() {
        let f = form("---\ntitle: T\nlayout: post\ntags: [a]\ncomments: true\n---\n");
        let keys: Vec<&str> = f.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["title", "date", "tags", "description", "author", "draft", "layout", "comments"]);
    }

    #[test]
    fn only_changed_rows_become_edits_and_tags_become_add_remove() {
        let mut f = form("---\ntitle: T\ntags: [a, b]\n---\n");
        f.select(2);
        f.backspace();
        f.type_char('c');
        assert_eq!(f.edits(), [Edit::RemoveTag("b".into()), Edit::AddTag("c".into())]);
    }

    #[test]
    fn dates_are_validated_as_typed() {
        let mut f = form("---\ntitle: T\n---\n");
        f.select(1);
        for c in "2024-13".chars() {
            f.type_char(c);
        }
        assert!(f.problem().is_some_and(|(i, p)| i == 1 && p.contains("not a date")));
        f.clear();
        for c in "2024-03-01".chars() {
            f.type_char(c);
        }
        assert_eq!(f.problem(), None);
    }

    #[test]
    fn space_toggles_draft_and_new_rows_take_a_key_then_a_value() {
        let mut f = form("---\ntitle: T\n---\n");
        f.select(5);
        f.type_char(' ');
        f.add_row();
        for c in "series:quire".chars() {
            f.type_char(c);
        }
        assert_eq!(f.edits(), [Edit::SetDraft(true), Edit::Set { key: "series".into(), value: "quire".into() }]);
    }

    #[test]
    fn zola_taxonomy_tags_show_in_the_tags_row_and_edit_as_tags() {
        let mut f = form("+++\ntitle = \"Z\"\n[taxonomies]\ntags = [\"rust\", \"zola\"]\n+++\n");
        assert_eq!(f.fields[2].value, "rust, zola");
        f.select(2);
        for _ in 0..", zola".len() {
            f.backspace();
        }
        assert_eq!(f.edits(), [Edit::RemoveTag("zola".into())]);
    }

    #[test]
    fn values_the_form_cannot_edit_faithfully_are_read_only_and_never_saved() {
        let mut f = form("---\ntitle: T\nmenu:\n  - name: Home # home link\n    url: /\nabout: |\n  two\n  lines\nparams:\n  a: 1\n---\n");
        let kinds: Vec<(&str, Kind)> = f.fields.iter().skip(6).map(|f| (f.key.as_str(), f.kind)).collect();
        assert_eq!(kinds, [("menu", Kind::ReadOnly), ("about", Kind::ReadOnly), ("params", Kind::ReadOnly)]);
        f.select(6);
        f.type_char('x');
        assert!(!f.changed());
        assert_eq!(f.edits(), []);
    }

    #[test]
    fn list_items_with_commas_stay_items() {
        let mut f = form("---\ntitle: T\ncategories: [\"Tips, Tricks\", \"Rust\"]\ntags: [\"a, b\", c]\n---\n");
        let cats = f.fields.iter().position(|f| f.key == "categories").unwrap();
        assert_eq!(f.fields[cats].value, "\"Tips, Tricks\", Rust");
        assert_eq!(f.fields[2].value, "\"a, b\", c");
        f.select(2);
        for c in ", d".chars() {
            f.type_char(c);
        }
        f.select(cats);
        for c in ", Go".chars() {
            f.type_char(c);
        }
        assert_eq!(
            f.edits(),
            [Edit::AddTag("d".into()), Edit::Set { key: "categories".into(), value: "\"Tips, Tricks\", Rust, Go".into() }]
        );
    }

    #[test]
    fn front_matter_that_does_not_parse_is_refused_with_the_whole_reason() {
        let f = form("---\ntitle: [unclosed\ndate: 2024-01-01\n---\n");
        let why = f.refused.expect("refused");
        assert!(why.starts_with("line 2: invalid YAML"), "{why}");
        assert!(form("---\ntitle: T\ndate: someday\n---\n").refused.is_none(), "a bad date is no reason to refuse");
        let anchors = form("---\ntitle: T\nbase: &b\n  x: 1\nother: *b\n---\n").refused.expect("refused");
        assert!(anchors.starts_with("the front matter uses YAML anchors or aliases (line 3)"), "{anchors}");
    }

    #[test]
    fn tags_complete_from_the_library() {
        let mut f = form("---\ntitle: T\ntags: [docker]\n---\n");
        f.select(2);
        for c in ", ru".chars() {
            f.type_char(c);
        }
        assert_eq!(f.completion(), Some("rust"));
        assert!(f.complete_tag());
        assert_eq!(f.fields[2].value, "docker, rust");
    }
}
