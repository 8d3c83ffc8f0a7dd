//! Popups over the main screen: the tag picker, and pickers for problems, outline and links
//! (the help is in `help.rs`).

use std::path::PathBuf;

use super::picks::PickJob;

use crossterm::event::KeyEvent;

use super::keymap::{self, Context, Input};

use super::{App, Effect, Level};

/// A popup and its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, from the keymap, those of where it was opened first.
    Help(super::help::Help),
    /// Choose tags to filter by.
    Tags(TagPicker),
    /// Choose one item: a post with problems, a heading, a link.
    Picker(Picker),
    /// Edit the selected post's front matter.
    Form(super::form::Form),
    /// Type the title of a new post.
    NewPost(String),
}

/// The tag filter's popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPicker {
    /// Text typed to narrow the tags.
    pub filter: String,
    /// Selected row among the visible tags.
    pub selected: usize,
    /// Every tag with its post count.
    pub tags: Vec<(String, usize)>,
}

impl TagPicker {
    /// Tags whose name contains the filter, case-insensitively: the tag that is the filter first,
    /// then tags starting with it, then the rest, each group in the picker's own order.
    pub fn visible(&self) -> Vec<&(String, usize)> {
        let needle = self.filter.to_lowercase();
        let mut shown: Vec<(u8, &(String, usize))> = self
            .tags
            .iter()
            .filter_map(|tag| {
                let name = tag.0.to_lowercase();
                let rank = if name == needle {
                    0
                } else if name.starts_with(&needle) {
                    1
                } else if name.contains(&needle) {
                    2
                } else {
                    return None;
                };
                Some((rank, tag))
            })
            .collect();
        // Stable: within a rank the tags keep their order.
        shown.sort_by_key(|(rank, _)| *rank);
        shown.into_iter().map(|(_, tag)| tag).collect()
    }
}

/// What a picker lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// Posts with problems.
    Errors,
    /// Headings of the post.
    Outline,
    /// Links of the post.
    Links,
    /// Posts that link to the selected one.
    Backlinks,
    /// One link of the post, clicked: resolved as the links list does, then followed at once.
    Follow,
}

impl PickerKind {
    /// The popup's title.
    pub fn title(self) -> &'static str {
        match self {
            PickerKind::Errors => "Posts with problems",
            PickerKind::Outline => "Outline",
            PickerKind::Links | PickerKind::Follow => "Links",
            PickerKind::Backlinks => "Linked from",
        }
    }
}

/// Where choosing an item leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Select this post.
    Post(PathBuf),
    /// Scroll the reading pane to this line.
    Line(usize),
    /// A link outside the blog: shown, not opened.
    Url(String),
    /// Nothing to go to (a folder quire could not read).
    Stay,
}

/// One row of a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    /// Main text.
    pub label: String,
    /// Secondary text (a path, a URL, a message).
    pub detail: String,
    /// Indentation level (outline).
    pub indent: u8,
    /// What choosing it does.
    pub target: Target,
}

/// A list to choose one item from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// What it lists.
    pub kind: PickerKind,
    /// The rows.
    pub items: Vec<PickItem>,
    /// Selected row.
    pub selected: usize,
}

/// Rows a list moves for an input, if it is a move.
pub(super) fn list_step(input: Option<Input>) -> Option<isize> {
    match input? {
        Input::Down => Some(1),
        Input::Up => Some(-1),
        Input::PageDown => Some(10),
        Input::PageUp => Some(-10),
        _ => None,
    }
}

fn step(index: usize, delta: isize, len: usize) -> usize {
    index.saturating_add_signed(delta).min(len.saturating_sub(1))
}

impl App {
    pub(super) fn open_tag_picker(&mut self) {
        let Some(library) = self.load.library() else { return };
        let tags = library.tags();
        if tags.is_empty() {
            self.say(Level::Info, "no post has tags");
            return;
        }
        let mut picker = TagPicker { filter: String::new(), selected: 0, tags };
        self.recount_tags(&mut picker);
        self.overlay = Some(super::Overlay::Tags(picker));
    }

    /// With "all tags" and some chosen, a tag's count is how many shown posts also carry it (what
    /// choosing it would leave, 0 for a dead end); otherwise its count in the whole blog.
    fn recount_tags(&self, picker: &mut TagPicker) {
        let narrowing = !self.filters.tags_any() && !self.filters.tags().is_empty();
        let counts = if narrowing {
            crate::library::count_tags(self.list.entries().iter().map(|e| e.post.as_ref()))
        } else {
            crate::library::count_tags(self.load.library().into_iter().flat_map(|l| l.posts().iter().map(AsRef::as_ref)))
        };
        for (tag, count) in &mut picker.tags {
            *count = counts.get(tag.as_str()).copied().unwrap_or(0);
        }
    }

    /// Opens a picker. The outline comes from the rendering at hand; problems, links and
    /// backlinks resolve against the whole site (its files, for assets), so they are built by a
    /// job off the UI thread and open when [`Action::Picked`](super::Action::Picked) answers.
    pub(super) fn open_picker(&mut self, kind: PickerKind) -> Option<Effect> {
        if kind != PickerKind::Outline {
            let library = self.load.library().cloned()?;
            let post = self.selected_post().map(|p| p.path.clone());
            let links = match kind {
                PickerKind::Links => self.reader.rendered.as_ref().map_or_else(Vec::new, |r| r.links.clone()),
                PickerKind::Follow => return None,
                _ => Vec::new(),
            };
            self.say(Level::Info, "checking links…");
            let assets = !self.problems_hide_assets;
            return Some(Effect::Pick(PickJob { kind, library, post, links, assets }));
        }
        let items = self.reader.rendered.as_ref().map_or_else(Vec::new, |r| {
            r.headings
                .iter()
                .map(|h| PickItem {
                    label: h.text.clone(),
                    detail: String::new(),
                    indent: h.level.saturating_sub(1),
                    target: Target::Line(h.line),
                })
                .collect()
        });
        self.show_picker(kind, items);
        None
    }

    /// A picker built in the background arrived: shown (or, for a clicked link, followed) if
    /// the user is still where they asked.
    pub(super) fn on_picked(&mut self, kind: PickerKind, post: Option<PathBuf>, items: Vec<PickItem>) -> Option<Effect> {
        let still_here = kind == PickerKind::Errors || self.selected_post().map(|p| &p.path) == post.as_ref();
        if self.overlay.is_some() || !still_here {
            return None;
        }
        self.message = None;
        if kind == PickerKind::Follow {
            // Choosing it in the links list does the same.
            return items.into_iter().next().and_then(|item| self.pick(item.target));
        }
        self.show_picker(kind, items);
        None
    }

    fn show_picker(&mut self, kind: PickerKind, items: Vec<PickItem>) {
        if items.is_empty() {
            let what = match kind {
                PickerKind::Errors if self.problems_hide_assets => "no post has a problem but missing files (tab shows them)",
                PickerKind::Errors => "no post has a problem",
                PickerKind::Outline => "this post has no headings",
                PickerKind::Links | PickerKind::Follow => "this post has no links",
                PickerKind::Backlinks => "no post links to this one",
            };
            self.say(Level::Info, what);
            return;
        }
        self.overlay = Some(Overlay::Picker(Picker { kind, items, selected: 0 }));
    }

    pub(super) fn on_overlay_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let overlay = self.overlay.take()?;
        if self.opens_help_anywhere(&key) {
            let context = match &overlay {
                Overlay::Help(_) => None,
                Overlay::Tags(_) => Some(Context::Tags),
                Overlay::Picker(_) => Some(Context::List),
                Overlay::Form(form) if form.prompt != super::form::Prompt::None => Some(Context::Answer),
                Overlay::Form(_) => Some(Context::Form),
                Overlay::NewPost(_) => Some(Context::Line),
            };
            if let Some(context) = context {
                self.open_help(Some(context), Some(overlay));
                return None;
            }
        }
        match overlay {
            Overlay::Help(help) => self.on_help_key(help, key),
            Overlay::Tags(picker) => self.on_tags_key(picker, key),
            Overlay::Picker(picker) => self.on_picker_key(picker, key),
            Overlay::Form(form) => self.on_form_key(form, key),
            Overlay::NewPost(title) => self.on_new_post_key(title, key),
        }
    }

    fn on_tags_key(&mut self, mut picker: TagPicker, key: KeyEvent) -> Option<Effect> {
        let input = self.settings.keymap().input(Context::Tags, &key);
        if let Some(delta) = list_step(input) {
            picker.selected = step(picker.selected, delta, picker.visible().len());
            self.overlay = Some(Overlay::Tags(picker));
            return None;
        }
        match input {
            Some(Input::Quit) => return Some(Effect::Quit),
            Some(Input::Close | Input::Accept) => return None,
            Some(Input::Toggle) => {
                if let Some((tag, _)) = picker.visible().get(picker.selected).map(|t| (*t).clone()) {
                    self.filters.toggle_tag(tag);
                    self.refresh();
                    self.recount_tags(&mut picker);
                }
            }
            Some(Input::SwitchMode) => {
                self.filters.toggle_tags_any();
                self.refresh();
                self.recount_tags(&mut picker);
            }
            Some(Input::Clear) => {
                self.filters.clear_tags();
                self.refresh();
                self.recount_tags(&mut picker);
            }
            Some(Input::Backspace) => {
                picker.filter.pop();
                picker.selected = 0;
            }
            Some(_) => {}
            None => {
                if let Some(c) = keymap::typed_char(&key) {
                    picker.filter.push(c);
                    picker.selected = 0;
                }
            }
        }
        self.overlay = Some(Overlay::Tags(picker));
        None
    }

    fn on_picker_key(&mut self, mut picker: Picker, key: KeyEvent) -> Option<Effect> {
        let input = self.settings.keymap().input(Context::List, &key);
        if let Some(delta) = list_step(input) {
            picker.selected = step(picker.selected, delta, picker.items.len());
            self.overlay = Some(Overlay::Picker(picker));
            return None;
        }
        match input {
            Some(Input::Quit) => return Some(Effect::Quit),
            Some(Input::Accept) => {
                if let Some(item) = picker.items.get(picker.selected) {
                    return self.pick(item.target.clone());
                }
            }
            Some(Input::Copy) => {
                let url = match picker.items.get(picker.selected).map(|i| &i.target) {
                    Some(Target::Url(url)) => Some(url.clone()),
                    _ => None,
                };
                self.overlay = Some(Overlay::Picker(picker));
                return url.and_then(|url| self.copy(url, "copied the link"));
            }
            // Problems: hide or show missing images and files (`check --no-assets`), rebuilt.
            Some(Input::SwitchMode) if picker.kind == PickerKind::Errors => {
                self.problems_hide_assets = !self.problems_hide_assets;
                return self.open_picker(PickerKind::Errors);
            }
            Some(Input::Close) => {}
            _ => self.overlay = Some(Overlay::Picker(picker)),
        }
        None
    }

    fn pick(&mut self, target: Target) -> Option<Effect> {
        match target {
            Target::Line(line) => self.scroll_to_line(line),
            Target::Post(path) => {
                let from = self.selected_post().map(|p| (p.path.clone(), self.reader.scroll));
                if self.select_path(&path) {
                    if let Some(entry) = from.filter(|(p, _)| *p != path) {
                        self.history.push(entry);
                    }
                    let back = self.settings.keymap().key_of(super::Command::Back);
                    self.say(Level::Info, format!("{back}: back to the previous post"));
                } else {
                    self.say(Level::Warning, "that post is no longer in the folder");
                }
            }
            // A served session never starts programs on the server: the reader gets a copy.
            Target::Url(url) if self.access().write => {
                self.say(Level::Info, format!("opening {}", crate::text::one_line(&url)));
                return Some(Effect::OpenUrl(url));
            }
            Target::Url(url) => return self.copy(url, "copied the link"),
            Target::Stay => {}
        }
        None
    }

    /// Backspace: returns to the post a link was followed from, at its scroll position.
    pub(super) fn go_back(&mut self) {
        let Some((path, scroll)) = self.history.pop() else {
            self.say(Level::Info, "no previous post");
            return;
        };
        if self.select_path(&path) {
            self.reader.scroll = scroll.min(self.reader.max_scroll());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TagPicker;

    #[test]
    fn the_tag_picker_lists_the_exact_tag_then_prefixes_then_the_rest() {
        let tags = ["algorithm", "fongo", "google", "Go", "golang", "hugo", "rust"];
        let picker = TagPicker { filter: "go".into(), selected: 0, tags: tags.iter().map(|t| ((*t).to_string(), 1)).collect() };
        let shown: Vec<&str> = picker.visible().iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(shown, ["Go", "google", "golang", "algorithm", "fongo", "hugo"]);
    }
}
