//! The help popup: every key from the keymap, those in force where it was opened first (the
//! pane that has the keys, a popup, the search line or the form), filtered by what is typed.

use crossterm::event::KeyEvent;

use super::keymap::{self, Command, Context, Input};
use super::overlay::{Overlay, list_step};
use super::{App, Effect};

/// The help's state: what was typed to filter it, where it was opened, how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// First row shown.
    pub scroll: usize,
    /// Text typed: only keys whose name or description holds it are listed (any case).
    pub filter: String,
    /// The pane that had the keys: its meaning of each key comes first.
    pub focus: super::Focus,
    /// Opened from a popup, the search line or the form: that context's keys come first.
    pub context: Option<Context>,
    /// The popup it was opened over, back when the help closes.
    pub behind: Option<Box<Overlay>>,
}

/// One row of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    /// A section's heading (a blank row goes before every heading but the first).
    Heading(&'static str),
    /// A binding: its keys as shown, and what it does there.
    Key {
        /// The keys, `j ↓`.
        keys: String,
        /// What they do.
        help: &'static str,
        /// Whether it is a main-screen command (in force now) rather than a popup's key.
        main: bool,
    },
}

/// The contexts of the help's second part, with their headings.
const HELP_CONTEXTS: [(Context, &str); 5] = [
    (Context::Line, "In the search line and the new post's title"),
    (Context::Tags, "In the tag filter (type to narrow it)"),
    (Context::List, "In lists (problems, outline, links)"),
    (Context::Form, "In the front-matter form (type to edit)"),
    (Context::Answer, "When the form asks"),
];

impl App {
    /// The help's rows for its state: the keys in force on the main screen, described for the
    /// pane that has the keys, then each popup's keys; all filtered by what was typed (headings
    /// of sections left empty go too). Only what this session may do is listed.
    pub fn help_rows(&self, help: &Help) -> Vec<HelpRow> {
        let needle = help.filter.trim().to_lowercase();
        let matches =
            |keys: &str, text: &str| needle.is_empty() || keys.to_lowercase().contains(&needle) || text.to_lowercase().contains(&needle);
        let keys_of = |keys: &[keymap::Key]| keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
        let access = self.access();
        let mut rows = Vec::new();
        let section = |rows: &mut Vec<HelpRow>, heading: &'static str, entries: Vec<HelpRow>| {
            let shown: Vec<HelpRow> =
                entries.into_iter().filter(|row| matches!(row, HelpRow::Key { keys, help, .. } if matches(keys, help))).collect();
            if !shown.is_empty() {
                rows.push(HelpRow::Heading(heading));
                rows.extend(shown);
            }
        };
        let modal = |context: Context, main: bool| -> Vec<HelpRow> {
            self.settings.keymap().modal_bindings(context).map(|b| HelpRow::Key { keys: keys_of(&b.keys), help: b.help, main }).collect()
        };
        if let Some(context) = help.context {
            section(&mut rows, context_here(context), modal(context, true));
        }
        let here = match (help.context, help.focus) {
            (Some(_), _) => "On the main screen",
            (None, super::Focus::List) => "Keys here (the post list)",
            (None, super::Focus::Reader) => "Keys here (the reading pane)",
        };
        let main = self
            .settings
            .keymap()
            .bindings()
            .iter()
            .filter(|b| access.allows(b.command))
            .map(|b| HelpRow::Key { keys: keys_of(&b.keys), help: keymap::help_in(b, help.focus), main: help.context.is_none() })
            .collect();
        section(&mut rows, here, main);
        let others = HELP_CONTEXTS.into_iter().filter(|(context, _)| (access.write || !context.edits()) && Some(*context) != help.context);
        for (context, heading) in others {
            let heading = if context == Context::Line && !access.write { "In the search line" } else { heading };
            section(&mut rows, heading, modal(context, false));
        }
        rows
    }

    /// Opens the help for the pane that has the keys, or over a popup (`behind`) or the search
    /// line for their keys.
    pub(super) fn open_help(&mut self, context: Option<Context>, behind: Option<Overlay>) {
        let help = Help { scroll: 0, filter: String::new(), focus: self.screen.focus(), context, behind: behind.map(Box::new) };
        self.overlay = Some(Overlay::Help(help));
    }

    /// Runs `f` with the popup the help was opened over in charge, as if the help were not there:
    /// a save that lands closes the form under it, a conflict asks there, a late picker does not
    /// open over it. The help stays on top (over nothing, if the popup closed).
    pub(super) fn under_help<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let Some(Overlay::Help(mut help)) = self.overlay.take_if(|o| matches!(o, Overlay::Help(h) if h.behind.is_some())) else {
            return f(self);
        };
        self.overlay = help.behind.take().map(|b| *b);
        let out = f(self);
        help.behind = self.overlay.take().map(Box::new);
        self.overlay = Some(Overlay::Help(help));
        out
    }

    /// Whether a key opens the help from a popup, the search line or the form: a help key that
    /// types nothing (`F1`; `?` is text there).
    pub(super) fn opens_help_anywhere(&self, key: &KeyEvent) -> bool {
        keymap::typed_char(key).is_none() && self.settings.keymap().lookup(key) == Some(Command::Help)
    }

    /// Keys in the help: typing filters it (Backspace, C-w and C-u edit the filter), arrows and
    /// pages scroll, Esc clears the filter and then closes, Enter (or the help key on an empty
    /// filter) closes.
    pub(super) fn on_help_key(&mut self, mut help: Help, key: KeyEvent) -> Option<Effect> {
        if self.settings.keymap().input(Context::List, &key) == Some(Input::Quit) {
            return Some(Effect::Quit);
        }
        let opened_it = self.settings.keymap().lookup(&key) == Some(Command::Help);
        if let Some(c) = keymap::typed_char(&key).filter(|_| !(opened_it && help.filter.is_empty())) {
            help.filter.push(c);
            help.scroll = 0;
            self.overlay = Some(Overlay::Help(help));
            return None;
        }
        match self.settings.keymap().input(Context::Line, &key) {
            Some(Input::Backspace) => drop(help.filter.pop()),
            Some(Input::Clear) => help.filter.clear(),
            Some(Input::DeleteWord) => {
                let keep = help.filter.trim_end().rfind(' ').map_or(0, |i| i + 1);
                help.filter.truncate(keep);
            }
            _ => {
                let input = self.settings.keymap().input(Context::List, &key);
                match input {
                    Some(Input::Close) if !help.filter.is_empty() => help.filter.clear(),
                    // Closing gives back the popup the help was opened over, if any.
                    Some(Input::Close | Input::Accept) => {
                        self.overlay = help.behind.map(|b| *b);
                        return None;
                    }
                    _ if opened_it => {
                        self.overlay = help.behind.map(|b| *b);
                        return None;
                    }
                    _ => {
                        let rows = self.help_rows(&help).len();
                        help.scroll = list_step(input).map_or(help.scroll, |d| help.scroll.saturating_add_signed(d)).min(rows);
                        self.overlay = Some(Overlay::Help(help));
                        return None;
                    }
                }
            }
        }
        help.scroll = 0;
        self.overlay = Some(Overlay::Help(help));
        None
    }
}

/// The heading of a context's keys when the help was opened there.
fn context_here(context: Context) -> &'static str {
    match context {
        Context::Line => "Keys here (the line being typed)",
        Context::Tags => "Keys here (the tag filter; type to narrow it)",
        Context::List => "Keys here (this list)",
        Context::Form => "Keys here (the form; type to edit)",
        Context::Answer => "Keys here (the form's question)",
    }
}
