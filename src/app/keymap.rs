//! The one table of keys: defaults, remaps from the config, and the source of the help overlay and hints.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Something the user can ask for from the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// Select the next post / scroll down a line.
    Down,
    /// Select the previous post / scroll up a line.
    Up,
    /// First post / top of the post.
    Top,
    /// Last post / end of the post.
    Bottom,
    /// Scroll the reading pane down a page.
    PageDown,
    /// Scroll the reading pane up a page.
    PageUp,
    /// Scroll the reading pane down half a page.
    HalfDown,
    /// Scroll the reading pane up half a page.
    HalfUp,
    /// Move focus between the list and the reading pane.
    Focus,
    /// Start typing a search.
    Search,
    /// Open the tag filter.
    Tags,
    /// Cycle the sort order.
    Sort,
    /// Show or hide drafts.
    Drafts,
    /// Cycle posts / posts and pages / pages.
    Kinds,
    /// The posts that link to the selected one.
    Backlinks,
    /// Clear the search, then the tag filter.
    Clear,
    /// Next occurrence of the search term in the post.
    NextMatch,
    /// Previous occurrence of the search term in the post.
    PrevMatch,
    /// The post's outline.
    Outline,
    /// The post's links.
    Links,
    /// Back to the post before the last followed link.
    Back,
    /// Posts with problems.
    Errors,
    /// Re-read the whole folder.
    Reload,
    /// Edit the front matter in a form.
    EditForm,
    /// Open the post in $EDITOR.
    EditExternal,
    /// Toggle draft / published.
    Publish,
    /// Write a new post.
    NewPost,
    /// Copy the post's path, relative to the blog.
    CopyPath,
    /// Copy the post's URL on the site.
    CopyUrl,
    /// A narrower list (a wider reading pane).
    ListNarrower,
    /// A wider list.
    ListWider,
    /// Release the mouse to the terminal (its text selection), or take it back.
    Mouse,
    /// This help.
    Help,
    /// Leave quire.
    Quit,
}

/// One binding: a command, its config name, its keys and what it does.
#[derive(Debug, Clone)]
pub struct Binding {
    /// What it does.
    pub command: Command,
    /// Its name in `config.toml` `[keys]`.
    pub name: &'static str,
    /// The keys that trigger it.
    pub keys: Vec<Key>,
    /// One line for the help overlay.
    pub help: &'static str,
}

/// A key with modifiers, as written in the config: `j`, `G`, `ctrl-d`, `pgdn`, `enter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Only Ctrl and Alt count; Shift is in the character itself.
    pub mods: KeyModifiers,
}

impl Key {
    /// A key from a terminal event, normalised for lookups.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::BackTab => KeyCode::BackTab,
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        Key { code, mods }
    }

    /// Parses `ctrl-d`, `alt-x`, `G`, `enter`, `pgdn`, `space`, `f1`...
    pub fn parse(text: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("c-")) {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-").or_else(|| lower.strip_prefix("m-")) {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "backspace" | "bs" => KeyCode::Backspace,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, mods })
    }
}

impl fmt::Display for Key {
    /// The short form shown in help and hints: `C-d`, `PgDn`, `↑`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("C-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("M-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

const DEFAULTS: &[(Command, &str, &str, &str)] = &[
    (Command::Down, "down", "j down", "next post / scroll down"),
    (Command::Up, "up", "k up", "previous post / scroll up"),
    (Command::Top, "top", "g home", "first post / top of post"),
    (Command::Bottom, "bottom", "G end", "last post / end of post"),
    (Command::PageDown, "page-down", "pgdn space", "reading pane: page down"),
    (Command::PageUp, "page-up", "pgup", "reading pane: page up"),
    (Command::HalfDown, "half-down", "ctrl-d", "reading pane: half page down"),
    (Command::HalfUp, "half-up", "ctrl-u", "reading pane: half page up"),
    (Command::Focus, "focus", "enter tab", "switch between list and post"),
    (Command::Search, "search", "/", "search titles, tags and text"),
    (Command::Tags, "tags", "t", "filter by tags"),
    (Command::Sort, "sort", "s", "sort by date, title, modified, length"),
    (Command::Drafts, "drafts", "d", "show / hide drafts"),
    (Command::Kinds, "kinds", "K", "posts / posts and pages / pages"),
    (Command::Clear, "clear", "esc", "clear search, then tag filter"),
    (Command::NextMatch, "next-match", "n", "next search match in post"),
    (Command::PrevMatch, "prev-match", "N", "previous search match in post"),
    (Command::Outline, "outline", "o", "outline: jump to a heading"),
    (Command::Links, "links", "l", "links: follow one to a post"),
    (Command::Back, "back", "backspace", "back to the previous post"),
    (Command::Backlinks, "backlinks", "b", "posts that link to this one"),
    (Command::Errors, "errors", "!", "posts with problems"),
    (Command::Reload, "reload", "r", "re-read the whole folder"),
    (Command::EditForm, "edit", "e", "edit front matter"),
    (Command::EditExternal, "editor", "E", "open in $EDITOR"),
    (Command::Publish, "publish", "p", "toggle draft / published"),
    (Command::NewPost, "new", "a", "new post"),
    (Command::CopyPath, "copy-path", "y", "copy the post's path (relative to the blog)"),
    (Command::CopyUrl, "copy-url", "Y", "copy the post's URL on the site"),
    (Command::ListNarrower, "list-narrower", "<", "a narrower list (list width -5%)"),
    (Command::ListWider, "list-wider", ">", "a wider list (list width +5%)"),
    (Command::Mouse, "mouse", "M", "hand the mouse to the terminal / take it back"),
    (Command::Help, "help", "? f1", "this help (type to filter it)"),
    (Command::Quit, "quit", "q ctrl-c", "quit"),
];

/// What a main-screen binding does with this pane focused: keys that move in the list scroll
/// the post in the reading pane.
pub fn help_in(binding: &Binding, focus: super::Focus) -> &'static str {
    let reading = focus == super::Focus::Reader;
    match binding.command {
        Command::Down if reading => "scroll down a line",
        Command::Up if reading => "scroll up a line",
        Command::Top if reading => "top of the post",
        Command::Bottom if reading => "end of the post",
        Command::Down => "next post",
        Command::Up => "previous post",
        Command::Top => "first post",
        Command::Bottom => "last post",
        Command::Focus if reading => "back to the list",
        Command::Focus => "read the post",
        Command::Clear if reading => "clear search, then tag filter, then back to the list",
        _ => binding.help,
    }
}

/// Where keys go when the main screen does not have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The search line and the new post's title.
    Line,
    /// The tag filter.
    Tags,
    /// Pickers (problems, outline, links) and the help.
    List,
    /// The front-matter form.
    Form,
    /// A question the form asks (discard? reload or overwrite?).
    Answer,
}

impl Context {
    /// The heading of this context in the help, and the prefix of its names in `[keys]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Line => "line",
            Context::Tags => "tags",
            Context::List => "list",
            Context::Form => "form",
            Context::Answer => "answer",
        }
    }

    /// Whether this context only exists while editing (a read-only session never sees it).
    pub fn edits(self) -> bool {
        matches!(self, Context::Form | Context::Answer)
    }
}

/// What a key means inside a popup, the search line or the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// Leave, or cancel.
    Close,
    /// Keep, choose, save.
    Accept,
    /// Next row.
    Down,
    /// Previous row.
    Up,
    /// Ten rows down.
    PageDown,
    /// Ten rows up.
    PageUp,
    /// Empty the text.
    Clear,
    /// Delete the last word.
    DeleteWord,
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    DeleteChar,
    /// Cursor left.
    Left,
    /// Cursor right.
    Right,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
    /// Choose or drop (a tag), switch (the draft row).
    Toggle,
    /// All tags / any tag.
    SwitchMode,
    /// Complete a tag, else go to the next row.
    Complete,
    /// Add a key to the form.
    AddKey,
    /// Remove the focused key.
    RemoveKey,
    /// Yes, discard.
    Yes,
    /// Reload from disk.
    Reload,
    /// Overwrite the file on disk.
    Overwrite,
    /// Copy the item (a link's URL).
    Copy,
    /// Leave quire.
    Quit,
}

/// One binding inside a context.
#[derive(Debug, Clone)]
pub struct ModalBinding {
    /// Where it applies.
    pub context: Context,
    /// What it means.
    pub input: Input,
    /// Its name in `[keys]`, after the context: `form.add-key`.
    pub name: &'static str,
    /// The keys.
    pub keys: Vec<Key>,
    /// One line for the help.
    pub help: &'static str,
}

const MODAL_DEFAULTS: &[(Context, Input, &str, &str, &str)] = &[
    (Context::Line, Input::Close, "close", "esc", "search: clear it and leave; new post: cancel"),
    (Context::Line, Input::Accept, "accept", "enter", "search: keep it; new post: create it"),
    (Context::Line, Input::Down, "down", "down ctrl-n", "search: next post"),
    (Context::Line, Input::Up, "up", "up ctrl-p", "search: previous post"),
    (Context::Line, Input::Clear, "clear", "ctrl-u", "clear the text"),
    (Context::Line, Input::DeleteWord, "delete-word", "ctrl-w", "delete the last word"),
    (Context::Line, Input::Backspace, "backspace", "backspace", "delete a character"),
    (Context::Tags, Input::Close, "close", "enter esc", "close the tag filter"),
    (Context::Tags, Input::Down, "down", "down ctrl-n", "next tag"),
    (Context::Tags, Input::Up, "up", "up ctrl-p", "previous tag"),
    (Context::Tags, Input::PageDown, "page-down", "pgdn", "ten tags down"),
    (Context::Tags, Input::PageUp, "page-up", "pgup", "ten tags up"),
    (Context::Tags, Input::Toggle, "toggle", "space", "choose / drop the tag"),
    (Context::Tags, Input::SwitchMode, "mode", "tab", "posts with all chosen tags / any of them"),
    (Context::Tags, Input::Clear, "clear", "ctrl-u", "drop every chosen tag"),
    (Context::Tags, Input::Backspace, "backspace", "backspace", "edit the filter (type to narrow)"),
    (Context::List, Input::Close, "close", "esc q", "close"),
    (Context::List, Input::Accept, "accept", "enter", "go to the item"),
    (Context::List, Input::Down, "down", "down j ctrl-n", "next item"),
    (Context::List, Input::Up, "up", "up k ctrl-p", "previous item"),
    (Context::List, Input::PageDown, "page-down", "pgdn", "ten items down"),
    (Context::List, Input::PageUp, "page-up", "pgup", "ten items up"),
    (Context::List, Input::Copy, "copy", "y", "links: copy the link's URL"),
    (Context::List, Input::SwitchMode, "mode", "tab", "problems: hide or show missing images and files"),
    (Context::Form, Input::Close, "close", "esc", "cancel (asks when something changed)"),
    (Context::Form, Input::Accept, "accept", "enter", "save; on a new key's name, go to its value"),
    (Context::Form, Input::Down, "down", "down", "next row"),
    (Context::Form, Input::Up, "up", "up backtab", "previous row"),
    (Context::Form, Input::Complete, "complete", "tab", "complete a tag, else next row"),
    (Context::Form, Input::Left, "left", "left", "cursor left"),
    (Context::Form, Input::Right, "right", "right", "cursor right"),
    (Context::Form, Input::Home, "home", "home ctrl-a", "cursor to the start"),
    (Context::Form, Input::End, "end", "end ctrl-e", "cursor to the end"),
    (Context::Form, Input::Backspace, "backspace", "backspace", "delete before the cursor"),
    (Context::Form, Input::DeleteChar, "delete", "delete", "delete under the cursor"),
    (Context::Form, Input::Clear, "clear", "ctrl-u", "clear the row"),
    (Context::Form, Input::Toggle, "toggle", "space", "switch the draft row (a space elsewhere)"),
    (Context::Form, Input::AddKey, "add-key", "ctrl-n", "add a key"),
    (Context::Form, Input::RemoveKey, "remove-key", "ctrl-d", "remove the key (again: keep it)"),
    (Context::Answer, Input::Yes, "yes", "y", "discard the changes"),
    (Context::Answer, Input::Reload, "reload", "r", "reload the file, dropping your changes"),
    (Context::Answer, Input::Overwrite, "overwrite", "o", "overwrite the file on disk"),
];

/// The character a key types into a text field, if it types one (no Ctrl or Alt).
pub fn typed_char(event: &KeyEvent) -> Option<char> {
    match event.code {
        KeyCode::Char(c) if !event.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Some(c),
        _ => None,
    }
}

/// The key that always quits, wherever the keys go.
const QUIT: Key = Key { code: KeyCode::Char('c'), mods: KeyModifiers::CONTROL };

/// All bindings: the main screen's commands, and the keys of each popup, line and form.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    modal: Vec<ModalBinding>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|(command, name, keys, help)| Binding {
                command: *command,
                name,
                keys: keys.split(' ').filter_map(Key::parse).collect(),
                help,
            })
            .collect();
        let modal = MODAL_DEFAULTS
            .iter()
            .map(|(context, input, name, keys, help)| ModalBinding {
                context: *context,
                input: *input,
                name,
                keys: keys.split(' ').filter_map(Key::parse).collect(),
                help,
            })
            .collect();
        Keymap { bindings, modal }
    }
}

impl Keymap {
    /// The defaults with the config's `[keys]` remaps (`search = ["/", "ctrl-f"]`). Unknown action names
    /// and unparseable keys come back as warnings; `ctrl-c` always quits.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut warnings = Vec::new();
        for (name, keys) in overrides {
            if let Some((context, action)) = name.split_once('.') {
                map.remap_modal(context, action, keys, &mut warnings);
                continue;
            }
            let Some(binding) = map.bindings.iter_mut().find(|b| b.name == name) else {
                warnings.push(format!("[keys]: unknown action `{name}`"));
                continue;
            };
            let parsed: Vec<Key> = keys
                .iter()
                .filter_map(|k| {
                    let key = Key::parse(k);
                    if key.is_none() {
                        warnings.push(format!("[keys] {name}: cannot read key `{k}`"));
                    }
                    key
                })
                .collect();
            if !parsed.is_empty() {
                binding.keys = parsed;
            }
        }
        // A remap takes its keys away from every other action.
        let remapped: Vec<(Command, Vec<Key>)> =
            map.bindings.iter().filter(|b| overrides.contains_key(b.name)).map(|b| (b.command, b.keys.clone())).collect();
        for (command, keys) in remapped {
            for b in map.bindings.iter_mut().filter(|b| b.command != command) {
                b.keys.retain(|k| !keys.contains(k));
            }
        }
        (map, warnings)
    }

    /// `form.add-key = ["ctrl-k"]`: replaces the keys of one binding inside a context.
    fn remap_modal(&mut self, context: &str, action: &str, keys: &[String], warnings: &mut Vec<String>) {
        let Some(binding) = self.modal.iter_mut().find(|b| b.context.name() == context && b.name == action) else {
            warnings.push(format!("[keys]: unknown action `{context}.{action}`"));
            return;
        };
        let parsed: Vec<Key> = keys.iter().filter_map(|k| Key::parse(k)).collect();
        if parsed.len() < keys.len() {
            warnings.push(format!("[keys] {context}.{action}: cannot read every key in {keys:?}"));
        }
        if !parsed.is_empty() {
            binding.keys = parsed;
        }
    }

    /// What a key means in a context; `None` for text to type (or a key with no meaning there).
    /// `ctrl-c` always quits.
    pub fn input(&self, context: Context, event: &KeyEvent) -> Option<Input> {
        let key = Key::from_event(event);
        if key == QUIT {
            return Some(Input::Quit);
        }
        self.modal.iter().find(|b| b.context == context && b.keys.contains(&key)).map(|b| b.input)
    }

    /// The bindings of one context, in help order.
    pub fn modal_bindings(&self, context: Context) -> impl Iterator<Item = &ModalBinding> {
        self.modal.iter().filter(move |b| b.context == context)
    }

    /// The first key of an input in a context, for hints (`Esc` closes); empty when unbound.
    pub fn input_key(&self, context: Context, input: Input) -> String {
        self.modal_bindings(context).find(|b| b.input == input).and_then(|b| b.keys.first()).map(Key::to_string).unwrap_or_default()
    }

    /// The command bound to a key on the main screen.
    pub fn lookup(&self, event: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(event);
        if key == QUIT {
            return Some(Command::Quit);
        }
        self.bindings.iter().find(|b| b.keys.contains(&key)).map(|b| b.command)
    }

    /// The first key of a command, for hints (`?` for help).
    pub fn key_of(&self, command: Command) -> String {
        self.bindings.iter().find(|b| b.command == command).and_then(|b| b.keys.first()).map(Key::to_string).unwrap_or_default()
    }

    /// Every binding, in help order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn vim_keys_and_arrows_both_move() {
        let map = Keymap::default();
        assert_eq!(map.lookup(&press(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Command::Down));
        assert_eq!(map.lookup(&press(KeyCode::Down, KeyModifiers::NONE)), Some(Command::Down));
        assert_eq!(map.lookup(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Command::Bottom));
        assert_eq!(map.lookup(&press(KeyCode::Char('d'), KeyModifiers::CONTROL)), Some(Command::HalfDown));
        assert_eq!(map.lookup(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Command::Quit));
    }

    #[test]
    fn remaps_replace_keys_and_unknown_names_warn() {
        let overrides = BTreeMap::from([("search".to_string(), vec!["ctrl-f".to_string(), "s".to_string()]), ("fly".to_string(), vec![])]);
        let (map, warnings) = Keymap::with_overrides(&overrides);
        assert_eq!(map.lookup(&press(KeyCode::Char('f'), KeyModifiers::CONTROL)), Some(Command::Search));
        assert_eq!(map.lookup(&press(KeyCode::Char('s'), KeyModifiers::NONE)), Some(Command::Search), "s moved from sort to search");
        assert_eq!(map.lookup(&press(KeyCode::Char('/'), KeyModifiers::NONE)), None);
        assert_eq!(warnings, ["[keys]: unknown action `fly`"]);
    }

    #[test]
    fn keys_print_short() {
        assert_eq!(Key::parse("ctrl-d").unwrap().to_string(), "C-d");
        assert_eq!(Key::parse("pgdn").unwrap().to_string(), "PgDn");
        assert_eq!(Key::parse("nonsense"), None);
    }
}
