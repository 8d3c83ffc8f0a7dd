//! Editing from the TUI: the front-matter form's keys, publishing, new posts, and what happens
//! when the disk answers.

use crossterm::event::KeyEvent;

use super::form::{Form, Prompt};
use super::keymap::{self, Context, Input};
use super::{App, EditOutcome, Effect, Level, Overlay};
use crate::library::Change;

impl App {
    pub(super) fn open_form(&mut self) {
        let Some(post) = self.selected_post().cloned() else { return };
        // Listed from its front matter while the folder is still read: the form opens once the
        // post is read whole (see `open_waiting_form`).
        if post.read_in_part() && self.load.wait_for_form(&post.path) {
            self.say(Level::Info, "reading the post… the form opens in a moment");
            return;
        }
        self.open_form_on(&post);
    }

    /// The form asked for while the folder was read: open it on the post now read whole, if it
    /// is still the one selected and nothing else was opened meanwhile.
    pub(super) fn open_waiting_form(&mut self, path: Option<std::path::PathBuf>) {
        let Some(path) = path else { return };
        let Some(post) = self.selected_post().filter(|p| p.path == path).cloned() else { return };
        if self.overlay.is_none() {
            self.message = None;
            self.open_form_on(&post);
        }
    }

    fn open_form_on(&mut self, post: &crate::post::Post) {
        let tags = self.load.library().map(|l| l.tags().into_iter().map(|(t, _)| t).collect()).unwrap_or_default();
        let mut form = Form::new(post, tags);
        form.editor_key = self.settings.keymap().key_of(super::Command::EditExternal);
        // A post quire cannot edit opens as the whole reason why, not as rows to type into.
        if form.refused.is_some() {
            self.say(Level::Warning, format!("this post cannot be edited here: {} opens it in your editor", form.editor_key));
        }
        self.overlay = Some(Overlay::Form(form));
    }

    pub(super) fn on_form_key(&mut self, mut form: Form, key: KeyEvent) -> Option<Effect> {
        if self.settings.keymap().input(Context::Form, &key) == Some(Input::Quit) {
            return Some(Effect::Quit);
        }
        let answer = self.settings.keymap().input(Context::Answer, &key);
        match form.prompt {
            Prompt::Discard => {
                if answer == Some(Input::Yes) {
                    self.say(Level::Info, "changes discarded");
                    return None;
                }
                form.prompt = Prompt::None;
            }
            Prompt::Conflict => match answer {
                Some(Input::Reload) => {
                    self.say(Level::Info, "reloaded from disk; your changes were dropped");
                    return Some(Effect::Reread(form.path));
                }
                Some(Input::Overwrite) => {
                    let edits = form.edits();
                    let path = form.path.clone();
                    self.overlay = Some(Overlay::Form(form));
                    return Some(Effect::Save { path, expected: None, edits });
                }
                _ => form.prompt = Prompt::None,
            },
            Prompt::None => return self.on_form_edit_key(form, key),
        }
        self.overlay = Some(Overlay::Form(form));
        None
    }

    fn on_form_edit_key(&mut self, mut form: Form, key: KeyEvent) -> Option<Effect> {
        if form.refused.is_some() {
            // Nothing to type into: any key closes the explanation.
            return None;
        }
        let next = form.selected + 1;
        match self.settings.keymap().input(Context::Form, &key) {
            // On a new row's name, Enter and Tab go on to its value.
            Some(Input::Accept | Input::Complete) if form.finish_key() => {}
            Some(Input::Accept) => return self.submit_form(form),
            Some(Input::Close) if form.changed() => form.prompt = Prompt::Discard,
            Some(Input::Close) => return None,
            Some(Input::Down) => form.select(next),
            Some(Input::Up) => form.select(form.selected.saturating_sub(1)),
            Some(Input::Complete) if !form.complete_tag() => form.select(next),
            Some(Input::Left) => form.move_cursor(-1),
            Some(Input::Right) => form.move_cursor(1),
            Some(Input::Home) => form.cursor_to(false),
            Some(Input::End) => form.cursor_to(true),
            Some(Input::Backspace) => form.backspace(),
            Some(Input::DeleteChar) => form.delete_char(),
            Some(Input::Clear) => form.clear(),
            Some(Input::RemoveKey) => form.toggle_delete(),
            Some(Input::AddKey) => form.add_row(),
            // Space switches the draft row, and is a space in any other row.
            Some(Input::Toggle) => form.type_char(' '),
            Some(_) => {}
            None => {
                if let Some(c) = keymap::typed_char(&key) {
                    form.type_char(c);
                }
            }
        }
        self.overlay = Some(Overlay::Form(form));
        None
    }

    fn submit_form(&mut self, mut form: Form) -> Option<Effect> {
        if !form.changed() {
            self.say(Level::Info, "nothing changed");
            return None;
        }
        if let Some((row, problem)) = form.problem() {
            form.select(row);
            self.say(Level::Error, problem);
            self.overlay = Some(Overlay::Form(form));
            return None;
        }
        let effect = Effect::Save { path: form.path.clone(), expected: Some(form.stamp), edits: form.edits() };
        self.say(Level::Info, "saving…");
        self.overlay = Some(Overlay::Form(form));
        Some(effect)
    }

    pub(super) fn on_new_post_key(&mut self, mut title: String, key: KeyEvent) -> Option<Effect> {
        match self.settings.keymap().input(Context::Line, &key) {
            Some(Input::Quit) => return Some(Effect::Quit),
            Some(Input::Close) => return None,
            Some(Input::Accept) if title.trim().is_empty() => self.say(Level::Warning, "type a title first"),
            Some(Input::Accept) => return Some(Effect::CreatePost(title.trim().to_string())),
            input => drop(super::line::type_into(&mut title, input, &key)),
        }
        self.overlay = Some(Overlay::NewPost(title));
        None
    }

    pub(super) fn on_edit_done(&mut self, outcome: EditOutcome) -> Option<Effect> {
        match outcome {
            EditOutcome::Saved(post) => {
                if matches!(&self.overlay, Some(Overlay::Form(f)) if f.path == post.path) {
                    self.overlay = None;
                }
                let name = crate::library::display_path(&self.root, &post.path);
                let effect = self.on_files_changed(vec![Change::Upsert(post)]);
                self.say(Level::Info, format!("saved {name}"));
                effect
            }
            EditOutcome::Toggled { from, post } => {
                let (path, status) = (post.path.clone(), post.status);
                let mut changes = vec![Change::Upsert(post)];
                if from != path {
                    changes.insert(0, Change::Remove(from));
                }
                let effect = self.on_files_changed(changes);
                self.select_path(&path);
                let what = if status == crate::post::Status::Draft { "now a draft" } else { "published" };
                self.say(Level::Info, format!("{what}: {}", crate::library::display_path(&self.root, &path)));
                effect
            }
            EditOutcome::Created { post, notes } => {
                let path = post.path.clone();
                let effect = self.on_files_changed(vec![Change::Upsert(post)]);
                self.select_path(&path);
                let shown = crate::library::display_path(&self.root, &path);
                // Archetype actions quire kept as written come first: the user should fill them.
                let (level, noted) = match notes.as_slice() {
                    [] => (Level::Info, String::new()),
                    notes => (Level::Warning, format!("; {}", notes.join("; "))),
                };
                if self.settings.open_new_in_editor() && self.settings.access().write {
                    // The editor's close re-reads the file, which refreshes the list and search too.
                    self.say(level, format!("created {shown} (a draft){noted}"));
                    return Some(Effect::OpenEditor(path, None));
                }
                let key = self.settings.keymap().key_of(super::Command::EditExternal);
                self.say(level, format!("created {shown} (a draft): {key} opens it in your editor{noted}"));
                effect
            }
            EditOutcome::Conflict(path) => {
                if let Some(Overlay::Form(form)) = &mut self.overlay {
                    form.prompt = Prompt::Conflict;
                }
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.say(
                    Level::Warning,
                    format!("{name} changed on disk since quire read it: r reloads it (dropping your changes), o overwrites it"),
                );
                None
            }
            EditOutcome::Stale(post) => {
                let name = post.file_name();
                let key = self.settings.keymap().key_of(super::Command::Publish);
                let effect = self.on_files_changed(vec![Change::Upsert(post)]);
                self.say(Level::Warning, format!("{name} changed on disk and was re-read; nothing was written: press {key} again"));
                effect
            }
            EditOutcome::Failed(err) => {
                self.say(Level::Error, err.to_string());
                None
            }
        }
    }

    /// Tells the user when the post open in the form changed on disk (saving will then ask).
    pub(super) fn check_form_against_disk(&mut self) {
        let Some(Overlay::Form(form)) = &self.overlay else { return };
        let on_disk = self.load.library().and_then(|l| l.position(&form.path).map(|i| l.posts()[i].stamp));
        if on_disk.is_some_and(|stamp| stamp.hash != form.stamp.hash) {
            self.say(Level::Warning, "this post changed on disk while you edit it: saving will ask to reload or overwrite");
        }
    }
}
