//! The TUI's state and the one function that changes it. No drawing, no I/O: I/O is returned as
//! an [`Effect`] for the event loop to run.

mod editing;
mod filters;
pub mod form;
mod help;
mod images;
pub mod keymap;
pub mod layout;
mod line;
mod list;
mod load;
mod mouse;
mod overlay;
mod picks;
mod reader;
mod screen;
mod search;
mod settings;
mod snippets;
mod view;

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::color::ColorDepth;
use crate::library::{Change, Library, OpenError, SortKey};
use crate::post::edit::Edit;
use crate::post::{FileStamp, Post};
use crate::render::RenderStyles;
use crate::search::Reason;
use crate::watch::{WatchError, WatchTrouble};

pub use filters::Filters;
pub use help::{Help, HelpRow};
pub use images::ImageJob;
pub use keymap::{Command, Context, Input, Keymap};
pub use layout::Focus;
pub use list::ListView;
pub use load::Load;
pub use overlay::{Overlay, PickItem, Picker, PickerKind, TagPicker, Target};
pub use picks::PickJob;
pub use reader::{INLINE_RENDER_BYTES, Reader, RenderJob, RenderKey};
pub use screen::Screen;
pub use search::Search;
pub use settings::Settings;
pub use snippets::SnippetJob;
pub use view::entry_height;

/// A post in the visible list, with why it matched the search.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The post.
    pub post: Arc<Post>,
    /// Why it matched; `None` without a search.
    pub reason: Option<Reason>,
}

/// A search result, carrying its post so that results stay valid while the library changes.
#[derive(Debug, Clone)]
pub struct SearchHit {
    /// The post.
    pub post: Arc<Post>,
    /// What matched.
    pub reason: Reason,
    /// The post's place in the posts searched (which are in library order).
    pub order: usize,
}

/// How loud a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something happened as asked.
    Info,
    /// Something needs attention.
    Warning,
    /// Something failed.
    Error,
}

/// A one-line message in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// What to say.
    pub text: String,
    /// How loud.
    pub level: Level,
}

/// Why live reload is off or partial: kept typed from the thread that met it to `update`, which
/// alone turns it into words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WatchFailure {
    /// The folder's watch could not start.
    #[error("live reload is off: {0}")]
    Start(#[from] WatchError),
    /// The running watch met a problem.
    #[error(transparent)]
    Watching(#[from] WatchTrouble),
    /// Events were lost and the folder could not be read again (a served library re-reads it
    /// itself).
    #[error("cannot re-read the folder: {0}")]
    Reread(#[from] OpenError),
}

/// Everything that can change the state.
#[derive(Debug)]
pub enum Action {
    /// A key press.
    Key(KeyEvent),
    /// Text pasted into the terminal: typed into the line or form being edited, else ignored
    /// (a paste must never run commands).
    Paste(String),
    /// The terminal's new size.
    Resize(u16, u16),
    /// A click or a wheel step (when the mouse is captured).
    Mouse(crossterm::event::MouseEvent),
    /// The folder finished loading (or could not be opened).
    Loaded(Result<Library, OpenError>),
    /// The list to show before [`Action::Loaded`] answers: front matter only (no bodies), mostly
    /// from the index. Shown as it is; the load goes on.
    Listed(Library),
    /// A background search finished.
    SearchDone {
        /// Which request this answers; stale answers are dropped.
        generation: u64,
        /// Matches, best first.
        hits: Vec<SearchHit>,
    },
    /// Files changed on disk (from the watcher, or re-read after `$EDITOR`), already parsed.
    FilesChanged(Vec<Change>),
    /// The watcher could not start, could not keep up or lost the folder.
    WatchFailed(WatchFailure),
    /// The folder's watch is (re)started, or could not be: the load may begin, and nothing
    /// written from now on is missed.
    Watching,
    /// A message to show (from an effect that ran).
    Say(Message),
    /// A save, publish or new post finished.
    EditDone(Box<EditOutcome>),
    /// A post rendered in the background.
    Rendered(RenderKey, Box<crate::render::Rendered>),
    /// Snippets of body matches on screen, read from their files ([`SnippetJob`]).
    Snippets {
        /// The body words they were cut for.
        words: Arc<crate::search::words::Words>,
        /// Each post's file and content hash, and its snippet.
        found: Vec<((PathBuf, u64), crate::search::Snippet)>,
    },
    /// Code blocks of a rendering highlighted in the background: each block's first line and
    /// its lines painted.
    CodeHighlighted(RenderKey, Vec<(usize, Vec<ratatui::text::Line<'static>>)>),
    /// An image of a post prepared in the background (or why it cannot be shown).
    Image(crate::images::Key, crate::images::Answer),
    /// A picker built in the background ([`Effect::Pick`]).
    Picked {
        /// Which picker.
        kind: PickerKind,
        /// The post it is about, as selected when asked.
        post: Option<PathBuf>,
        /// Its rows.
        items: Vec<PickItem>,
    },
    /// The system's opener could not open a URL (none here, over SSH, or it failed).
    OpenFailed {
        /// The URL.
        url: String,
        /// Why.
        reason: crate::opener::OpenUrlError,
    },
}

/// How an edit on disk went.
#[derive(Debug)]
pub enum EditOutcome {
    /// The form's changes were written.
    Saved(Post),
    /// Draft/published toggled; Jekyll posts may have moved between `_drafts/` and `_posts/`.
    Toggled {
        /// The file before (it may be gone).
        from: PathBuf,
        /// The post as it is now.
        post: Post,
    },
    /// A new post was written.
    Created {
        /// The post as written.
        post: Post,
        /// What to tell the user about it (archetype actions kept as written).
        notes: Vec<String>,
    },
    /// The file changed on disk since it was read; nothing was written.
    Conflict(PathBuf),
    /// The post changed on disk before a publish toggle: nothing was written, here it is re-read.
    Stale(Post),
    /// Nothing was written, for this reason.
    Failed(WriteError),
}

/// Why a save, publish or new post wrote nothing: kept typed from the write lane to the status
/// line, which is where it becomes text (and is made safe for the terminal).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The edit or the new file was refused or failed.
    #[error(transparent)]
    Edit(#[from] crate::post::edit::EditError),
    /// The new-post template could not be read.
    #[error(transparent)]
    Template(#[from] crate::config::TemplateError),
}

/// Work for the event loop: everything that touches the disk, processes or threads.
#[derive(Debug)]
pub enum Effect {
    /// Leave the TUI.
    Quit,
    /// Run a search in the background.
    Search {
        /// Request number.
        generation: u64,
        /// The text typed.
        query: String,
        /// A snapshot of the posts to search.
        posts: Vec<Arc<Post>>,
    },
    /// Restart the folder's watch, then re-read the whole folder (answered by
    /// [`Action::Watching`] where the watch starts in the background).
    Reload,
    /// Read the whole folder in the background: its watch is up.
    Load,
    /// Suspend the TUI and open the file in the user's editor, at this 1-based line if known.
    OpenEditor(PathBuf, Option<usize>),
    /// Write front-matter edits (refusing if the file no longer has this stamp, when given).
    Save {
        /// The post's file.
        path: PathBuf,
        /// The file as read; `None` overwrites whatever is there.
        expected: Option<FileStamp>,
        /// The changes.
        edits: Vec<Edit>,
    },
    /// Toggle draft / published in the post's dialect.
    TogglePublish(Arc<Post>),
    /// Write a new post with this title.
    CreatePost(String),
    /// Re-read one file (after discarding edits that conflicted).
    Reread(PathBuf),
    /// Build a picker that resolves links against the site, in the background.
    Pick(PickJob),
    /// Put this text on the user's clipboard (through the terminal).
    Copy(String),
    /// Open this URL with the system's opener, off the UI thread.
    OpenUrl(String),
    /// Ask the terminal to report the mouse (true) or to keep it for its own text selection.
    Mouse(bool),
}

/// What a session may do, passed in as data: the local TUI may do everything; `quire serve`
/// gives each key its own (readers see published posts, reviewers drafts too, nobody writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// Drafts, scheduled and expired posts are listed (else they are not even loaded).
    pub drafts: bool,
    /// Files may be changed: edits, publishes, new posts, `$EDITOR`, reloads.
    pub write: bool,
}

impl Access {
    /// Everything: the local TUI.
    pub const FULL: Access = Access { drafts: true, write: true };
    /// What a reader's key gets: published posts, read-only.
    pub const READER: Access = Access { drafts: false, write: false };
    /// What a reviewer's key gets: every post, read-only.
    pub const REVIEWER: Access = Access { drafts: true, write: false };

    /// Whether a session with this access sees the post at all.
    pub fn sees(self, post: &Post) -> bool {
        self.drafts || post.status == crate::post::Status::Published
    }

    /// Whether a main-screen command works in this session.
    pub fn allows(self, command: Command) -> bool {
        match command {
            Command::Reload | Command::EditForm | Command::EditExternal | Command::Publish | Command::NewPost => self.write,
            Command::Drafts => self.drafts,
            _ => true,
        }
    }
}

impl Effect {
    /// Whether running it writes files, starts an editor or re-reads the folder.
    pub fn changes_files(&self) -> bool {
        matches!(
            self,
            Effect::Reload | Effect::Load | Effect::OpenEditor(..) | Effect::Save { .. } | Effect::TogglePublish(_) | Effect::CreatePost(_)
        )
    }
}

/// What the app starts with, from the config and the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Show drafts in the list.
    pub show_drafts: bool,
    /// Initial sort.
    pub sort: SortKey,
    /// The reading pane never wraps wider than this.
    pub wrap_width: Option<u16>,
    /// Key bindings.
    pub keymap: Keymap,
    /// Styles to render posts with.
    pub styles: RenderStyles,
    /// Colors the terminal can show (rendered posts are brought down to it).
    pub depth: ColorDepth,
    /// How dates show in the list (strftime).
    pub date_format: String,
    /// What this session may see and do.
    pub access: Access,
    /// Whether a post made with `a` opens in the editor at once.
    pub open_new_in_editor: bool,
    /// The list's share of a two-pane screen, in percent (see [`layout::LIST_PERCENTS`]).
    pub list_width: u16,
    /// Whether the mouse is used at all (`mouse = false` in config.toml leaves it to the terminal).
    pub mouse: bool,
    /// How the terminal shows pictures; `None`: images stay placeholder lines.
    pub graphics: Option<crate::images::Graphics>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            show_drafts: true,
            sort: SortKey::Date,
            wrap_width: Some(100),
            keymap: Keymap::default(),
            styles: RenderStyles::default(),
            depth: ColorDepth::TrueColor,
            date_format: DEFAULT_DATE_FORMAT.to_string(),
            access: Access::FULL,
            open_new_in_editor: true,
            list_width: layout::DEFAULT_LIST_PERCENT,
            mouse: true,
            graphics: None,
        }
    }
}

/// Dates in the list: sortable and short.
pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    /// The folder shown.
    root: PathBuf,
    /// The posts as far as they are read, or why they could not be, and the load running.
    load: Load,
    /// The posts shown, the selection and the list's scroll.
    list: ListView,
    /// The terminal's size, which pane has the keys, the list's share and the mouse.
    screen: Screen,
    /// The search line and its latest answer.
    search: Search,
    /// The problems view (`!`) leaves out missing images and files, as `check --no-assets` does.
    problems_hide_assets: bool,
    filters: Filters,
    /// The reading pane.
    reader: Reader,
    /// Snippets of body matches on screen, read from their files.
    snippets: snippets::Snippets,
    /// Pictures of the posts read, prepared for this terminal.
    images: images::Images,
    /// A popup over the main screen.
    overlay: Option<Overlay>,
    /// A message for the status bar, until the next key.
    message: Option<Message>,
    /// A lasting problem with watching the folder.
    watch_error: Option<WatchFailure>,
    settings: Settings,
    history: Vec<(PathBuf, usize)>,
}

impl App {
    /// A new app on a folder that is still loading.
    pub fn new(root: PathBuf, options: Options) -> App {
        App {
            root,
            load: Load::new(),
            list: ListView::default(),
            screen: Screen::new(options.list_width, options.mouse),
            search: Search::default(),
            problems_hide_assets: false,
            filters: Filters::new(options.show_drafts && options.access.drafts, options.sort),
            reader: Reader::default(),
            snippets: snippets::Snippets::default(),
            overlay: None,
            message: None,
            watch_error: None,
            images: images::Images { graphics: options.graphics, ..Default::default() },
            history: Vec::new(),
            settings: Settings::new(options),
        }
    }

    /// The one place state changes. Returns what the loop must do outside, if anything: never a
    /// write, an editor or a reload when the session's [`Access`] does not allow them.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let input = matches!(action, Action::Key(_) | Action::Paste(_) | Action::Mouse(_));
        let effect = if input { self.apply(action) } else { self.under_help(|app| app.apply(action)) }?;
        if self.settings.access().write || !effect.changes_files() {
            return Some(effect);
        }
        self.say(Level::Warning, "read-only: this session cannot change files");
        None
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Key(key) => {
                self.message = None;
                self.on_key(key)
            }
            Action::Paste(text) => self.on_paste(&text),
            Action::Resize(w, h) => {
                self.screen.resize(w, h);
                self.sync();
                None
            }
            Action::Mouse(event) => self.on_mouse(event),
            Action::Loaded(result) => self.on_loaded(result),
            Action::Listed(library) => self.on_listed(library),
            Action::SearchDone { generation, hits } => {
                if self.search.answered(generation, hits) {
                    self.refresh();
                }
                None
            }
            Action::FilesChanged(changes) => self.on_files_changed(self.visible_changes(changes)),
            Action::WatchFailed(failure) => {
                // Said now (a message already on screen must not hide it), and kept in the status line.
                self.say(Level::Warning, failure.to_string());
                self.watch_error = Some(failure);
                None
            }
            // Only a load waiting for the watch starts; a stray answer reads nothing.
            Action::Watching => self.load.is_loading().then_some(Effect::Load),
            Action::Say(message) => {
                self.message = Some(message);
                None
            }
            Action::EditDone(outcome) => self.on_edit_done(*outcome),
            Action::Rendered(key, rendered) => {
                self.on_rendered(key, *rendered);
                None
            }
            Action::Snippets { words, found } => {
                self.on_snippets(&words, found);
                None
            }
            Action::CodeHighlighted(key, painted) => {
                self.on_code_highlighted(key, painted);
                None
            }
            Action::Image(key, shown) => {
                self.on_image(key, shown);
                None
            }
            Action::Picked { kind, post, items } => self.on_picked(kind, post, items),
            Action::OpenFailed { url, reason } => self.copy(url, &format!("{reason}: copied the link")),
        }
    }

    /// The selected post.
    pub fn selected_post(&self) -> Option<&Arc<Post>> {
        self.list.selected_entry().map(|e| &e.post)
    }

    /// The list pane: its posts, selection and scroll.
    pub fn list(&self) -> &ListView {
        &self.list
    }

    /// The folder's load: its posts as far as they are read, or why they could not be.
    pub fn load(&self) -> &Load {
        &self.load
    }

    /// The screen's layout: size, focus, the list's share, the mouse.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// Gives the keys to a pane, keeping the list and the reading pane in step.
    pub fn focus_on(&mut self, focus: Focus) {
        self.screen.focus_on(focus);
        self.sync();
    }

    /// The folder shown.
    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// The reading pane: the post's rendering and the place in it.
    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// How this terminal shows pictures (none: placeholders), once asked.
    pub fn set_graphics(&mut self, graphics: Option<crate::images::Graphics>) {
        self.images.graphics = graphics;
    }

    /// The search line and its latest answer.
    pub fn search(&self) -> &Search {
        &self.search
    }

    /// A lasting problem with watching the folder, until it is read again.
    pub fn watch_error(&self) -> Option<&WatchFailure> {
        self.watch_error.as_ref()
    }

    /// The popup over the main screen, if one is open.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// The status bar's message, if one is shown.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// Posts shown, in order.
    pub fn entries(&self) -> &[Entry] {
        self.list.entries()
    }

    /// What this session may see and do.
    pub fn access(&self) -> Access {
        self.settings.access()
    }

    /// Which posts the list shows, and in what order.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// What the session was started with and keeps: key bindings, styles, date format, access.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Number of posts in the library.
    pub fn total(&self) -> usize {
        self.load.library().map_or(0, |l| l.posts().len())
    }

    /// Copies the selected post's path, relative to the blog folder.
    fn copy_path(&mut self) -> Option<Effect> {
        let post = self.selected_post()?;
        let path = crate::site::slash_path(post.path.strip_prefix(&self.root).unwrap_or(&post.path));
        self.copy(path, "copied the path")
    }

    /// Copies the selected post's URL, when the site's config gives a base URL.
    fn copy_url(&mut self) -> Option<Effect> {
        let (post, library) = (self.selected_post()?, self.load.library()?);
        let site = library.site();
        let Some(base) = site.settings().base_url.as_deref() else {
            self.say(Level::Info, "the site's config gives no base URL to copy a URL from");
            return None;
        };
        let Some(path) = crate::site::url::url_of(site, post) else {
            self.say(Level::Info, "this folder has no URL rules: no URL to copy");
            return None;
        };
        let url = format!("{base}{path}");
        self.copy(url, "copied the URL")
    }

    /// Asks the terminal to copy `text`, and says so (with the text, made safe for the screen).
    fn copy(&mut self, text: String, what: &str) -> Option<Effect> {
        self.say(Level::Info, format!("{what}: {}", crate::text::one_line(&text)));
        Some(Effect::Copy(text))
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), level });
    }

    /// Shows the front-matter list while the first full load runs; changes seen meanwhile stay
    /// queued for the full library, which replaces this one. A reload keeps showing the posts
    /// already read (their bodies) until its full library answers.
    fn on_listed(&mut self, library: Library) -> Option<Effect> {
        if !self.load.listed(library, self.settings.access()) {
            return None;
        }
        self.restart_search()
    }

    fn on_loaded(&mut self, result: Result<Library, OpenError>) -> Option<Effect> {
        match self.load.loaded(result, self.settings.access()) {
            Ok((library, waiting_form)) => {
                let problems = library.with_problems().count() + library.unreadable().len();
                let count = library.posts().len();
                // "reloading the folder…" is answered.
                if self.message.as_ref().is_some_and(|m| m.level == Level::Info) {
                    self.say(Level::Info, if count == 1 { "read 1 post".to_string() } else { format!("read {count} posts") });
                }

                // A warning already shown (a config or theme problem) is not replaced.
                if problems > 0 && self.message.as_ref().is_none_or(|m| m.level == Level::Info) {
                    let key = self.settings.keymap().key_of(Command::Errors);
                    let posts = if problems == 1 { "1 file has a problem".to_string() } else { format!("{problems} files have problems") };
                    self.say(Level::Warning, format!("{posts}: press {key} to see them"));
                }
                let search = self.restart_search();
                self.open_waiting_form(waiting_form);
                search
            }
            Err(err) => {
                // The folder cannot be read any more: showing its old posts would mislead.
                let reason = err.to_string();
                self.list.clear();
                self.sync();
                self.say(Level::Error, reason);
                None
            }
        }
    }

    fn on_files_changed(&mut self, changes: Vec<Change>) -> Option<Effect> {
        self.refresh_images(&changes);
        let applied = self.load.changed(changes)?;

        self.watch_error = None;
        if applied.rescan {
            return self.reload();
        }
        if applied.is_empty() {
            return None;
        }
        // An error just shown (a save refused) says more than the change of the same file that
        // the watcher often reports a moment later; the next key clears it.
        if !self.message.as_ref().is_some_and(|m| m.level == Level::Error) {
            self.say(Level::Info, format!("on disk: {applied}"));
            self.check_form_against_disk();
        }
        self.restart_search()
    }

    /// Changes as this session may see them: a post that became a draft leaves a reader's list.
    fn visible_changes(&self, changes: Vec<Change>) -> Vec<Change> {
        if self.settings.access().drafts {
            return changes;
        }
        let hide = |change| match change {
            Change::Upsert(post) if !self.settings.access().sees(&post) => Change::Remove(post.path),
            other => other,
        };
        changes.into_iter().map(hide).collect()
    }

    /// Types pasted text where text is being typed; line breaks and tabs become spaces.
    fn on_paste(&mut self, text: &str) -> Option<Effect> {
        let typing = self.search.is_typing() || matches!(self.overlay, Some(Overlay::NewPost(_) | Overlay::Form(_)));
        if !typing {
            return None;
        }
        let mut effect = None;
        for c in text.chars().filter(|c| !c.is_control() || c.is_whitespace()) {
            let c = if c.is_whitespace() { ' ' } else { c };
            effect = self.on_key(KeyEvent::from(crossterm::event::KeyCode::Char(c))).or(effect);
        }
        effect
    }

    fn on_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if self.overlay.is_some() {
            return self.on_overlay_key(key);
        }
        if self.search.is_typing() {
            return self.on_search_key(key);
        }
        let command = self.settings.keymap().lookup(&key)?;
        if !self.settings.access().allows(command) {
            self.say(Level::Warning, "read-only: this session can read posts, not change them");
            return None;
        }
        self.run(command)
    }

    fn on_search_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if self.opens_help_anywhere(&key) {
            self.open_help(Some(Context::Line), None);
            return None;
        }
        match self.settings.keymap().input(Context::Line, &key) {
            Some(Input::Quit) => return Some(Effect::Quit),
            Some(Input::Close) => {
                self.search.stop_typing();
                self.search.clear();
                return self.restart_search();
            }
            Some(Input::Accept) => self.search.stop_typing(),
            Some(Input::Down) => self.move_selection(1),
            Some(Input::Up) => self.move_selection(-1),
            input => match self.search.type_key(input, &key) {
                line::Typed::Changed => return self.restart_search(),
                // Backspace on an empty line leaves it.
                line::Typed::AtStart => {
                    self.search.stop_typing();
                    return self.restart_search();
                }
                line::Typed::Other(_) => {}
            },
        }
        None
    }

    fn run(&mut self, command: Command) -> Option<Effect> {
        let in_reader = self.screen.focus() == Focus::Reader;
        match command {
            Command::Quit => return Some(Effect::Quit),
            Command::Down if in_reader => self.scroll_by(1),
            Command::Up if in_reader => self.scroll_by(-1),
            Command::Down => self.move_selection(1),
            Command::Up => self.move_selection(-1),
            Command::Top if in_reader => self.reader.scroll = 0,
            Command::Bottom if in_reader => self.reader.scroll = self.reader.max_scroll(),
            Command::Top => self.select(0),
            Command::Bottom => self.select(self.list.entries().len().saturating_sub(1)),
            Command::PageDown => self.scroll_by(self.page() as isize),
            Command::PageUp => self.scroll_by(-(self.page() as isize)),
            Command::HalfDown => self.scroll_by((self.page() / 2).max(1) as isize),
            Command::HalfUp => self.scroll_by(-((self.page() / 2).max(1) as isize)),
            Command::Focus => self.focus_on(if in_reader { Focus::List } else { Focus::Reader }),
            Command::Search => self.search.start_typing(),
            Command::Tags => self.open_tag_picker(),
            Command::Sort => {
                let sort = self.filters.next_sort();
                self.refresh();
                if !self.search.query().is_empty() {
                    self.say(Level::Info, format!("sort: {} (search results stay ranked by relevance)", sort.label()));
                }
            }
            Command::Drafts => {
                let shown = self.filters.toggle_drafts();
                self.refresh();
                self.say(Level::Info, if shown { "drafts shown" } else { "drafts hidden" });
            }
            Command::Kinds => {
                let kinds = self.filters.next_kinds();
                self.refresh();
                self.say(Level::Info, format!("showing {}", kinds.label()));
            }
            Command::Backlinks => return self.open_picker(PickerKind::Backlinks),
            Command::Clear => return self.clear(),
            Command::NextMatch => self.jump_match(true),
            Command::PrevMatch => self.jump_match(false),
            Command::Outline => return self.open_picker(PickerKind::Outline),
            Command::Links => return self.open_picker(PickerKind::Links),
            Command::Errors => return self.open_picker(PickerKind::Errors),
            Command::Back => self.go_back(),
            Command::Help => self.open_help(None, None),
            Command::ListNarrower => self.resize_list(-1),
            Command::ListWider => self.resize_list(1),
            Command::Mouse => return self.toggle_mouse(),
            Command::CopyPath => return self.copy_path(),
            Command::CopyUrl => return self.copy_url(),
            Command::Reload => {
                self.say(Level::Info, "reloading the folder…");
                return self.reload();
            }
            Command::EditExternal => return self.selected_post().map(|p| Effect::OpenEditor(p.path.clone(), self.line_being_read())),
            Command::EditForm => self.open_form(),
            Command::Publish => return self.selected_post().map(|p| Effect::TogglePublish(Arc::clone(p))),
            Command::NewPost => self.overlay = Some(Overlay::NewPost(String::new())),
        }
        None
    }

    /// Esc: the search first, then the tag filter, then focus back to the list.
    fn clear(&mut self) -> Option<Effect> {
        if !self.search.query().is_empty() {
            self.search.clear();
            return self.restart_search();
        }
        if !self.filters.tags().is_empty() {
            self.filters.clear_tags();
            self.refresh();
        } else if self.screen.focus() == Focus::Reader {
            self.focus_on(Focus::List);
        }
        None
    }

    /// Re-reads the whole folder in the background; changes seen meanwhile are kept for after.
    fn reload(&mut self) -> Option<Effect> {
        self.load.start();
        Some(Effect::Reload)
    }

    /// Starts a new search for the current query (or shows everything for an empty one).
    fn restart_search(&mut self) -> Option<Effect> {
        let library = self.load.library();
        let Some(request) = self.search.request(|| Some(library?.posts().to_vec())) else {
            self.refresh();
            return None;
        };
        // Until the answer comes, keep showing the previous results (no flicker).
        self.sync_reader();
        Some(Effect::Search { generation: request.generation, query: request.query, posts: request.posts })
    }

    fn page(&self) -> usize {
        self.reader.height.max(2) - 1
    }

    fn scroll_by(&mut self, delta: isize) {
        self.reader.scroll = self.reader.scroll.saturating_add_signed(delta).min(self.reader.max_scroll());
    }
}
