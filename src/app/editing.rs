//! Editing from the TUI: the front-matter form's keys, publishing, new posts, and what happens
//! when the disk answers.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::{Form, Prompt};
use super::{App, EditOutcome, Effect, Level, Overlay};
use crate::library::Change;

impl App {
    pub(super) fn open_form(&mut self) {
        let Some(post) = self.selected_post().cloned() else { return };
        if post.has_problems() && post.fields.is_empty() && post.format != crate::post::Format::None {
            self.say(Level::Warning, "this post's front matter does not parse: fix it in your editor (E) first");
            return;
        }
        let tags = self.library.as_ref().map(|l| l.tags().into_iter().map(|(t, _)| t).collect()).unwrap_or_default();
        self.overlay = Some(Overlay::Form(Form::new(&post, tags)));
    }

    pub(super) fn on_form_key(&mut self, mut form: Form, key: KeyEvent) -> Option<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return Some(Effect::Quit);
        }
        match form.prompt {
            Prompt::Discard => {
                if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    self.say(Level::Info, "changes discarded");
                    return None;
                }
                form.prompt = Prompt::None;
            }
            Prompt::Conflict => match key.code {
                KeyCode::Char('r' | 'R') => {
                    self.say(Level::Info, "reloaded from disk; your changes were dropped");
                    return Some(Effect::Reread(form.path));
                }
                KeyCode::Char('o' | 'O') => {
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
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let next = form.selected + 1;
        match key.code {
            // On a new row's name, Enter and Tab go on to its value.
            KeyCode::Enter | KeyCode::Tab if form.finish_key() => {}
            KeyCode::Enter => return self.submit_form(form),
            KeyCode::Esc if form.changed() => form.prompt = Prompt::Discard,
            KeyCode::Esc => return None,
            KeyCode::Down => form.select(next),
            KeyCode::Up | KeyCode::BackTab => form.select(form.selected.saturating_sub(1)),
            KeyCode::Tab if !form.complete_tag() => form.select(next),
            KeyCode::Tab => {}
            KeyCode::Left => form.move_cursor(-1),
            KeyCode::Right => form.move_cursor(1),
            KeyCode::Home => form.cursor_to(false),
            KeyCode::End => form.cursor_to(true),
            KeyCode::Char('a') if ctrl => form.cursor_to(false),
            KeyCode::Char('e') if ctrl => form.cursor_to(true),
            KeyCode::Backspace => form.backspace(),
            KeyCode::Delete => form.delete_char(),
            KeyCode::Char('u') if ctrl => form.clear(),
            KeyCode::Char('d') if ctrl => form.toggle_delete(),
            KeyCode::Char('n') if ctrl => form.add_row(),
            KeyCode::Char(c) if !ctrl => form.type_char(c),
            _ => {}
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
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return None,
            KeyCode::Enter if title.trim().is_empty() => self.say(Level::Warning, "type a title first"),
            KeyCode::Enter => return Some(Effect::CreatePost(title.trim().to_string())),
            KeyCode::Backspace => drop(title.pop()),
            KeyCode::Char('u') if ctrl => title.clear(),
            KeyCode::Char('c') if ctrl => return Some(Effect::Quit),
            KeyCode::Char(c) if !ctrl => title.push(c),
            _ => {}
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
                let name = post.file_name();
                let effect = self.on_files_changed(&[Change::Upsert(post)]);
                self.say(Level::Info, format!("saved {name}"));
                effect
            }
            EditOutcome::Toggled { from, post } => {
                let (path, status) = (post.path.clone(), post.status);
                let mut changes = vec![Change::Upsert(post)];
                if from != path {
                    changes.insert(0, Change::Remove(from));
                }
                let effect = self.on_files_changed(&changes);
                self.select_path(&path);
                let what = if status == crate::post::Status::Draft { "now a draft" } else { "published" };
                self.say(Level::Info, format!("{what}: {}", crate::cli::display_path(&self.root, &path)));
                effect
            }
            EditOutcome::Created(post) => {
                let path = post.path.clone();
                let effect = self.on_files_changed(&[Change::Upsert(post)]);
                self.select_path(&path);
                let key = self.keymap.key_of(super::Command::EditExternal);
                self.say(
                    Level::Info,
                    format!("created {} (a draft): {key} opens it in your editor", crate::cli::display_path(&self.root, &path)),
                );
                effect
            }
            EditOutcome::Conflict(message) => {
                if let Some(Overlay::Form(form)) = &mut self.overlay {
                    form.prompt = Prompt::Conflict;
                }
                self.say(Level::Warning, message);
                None
            }
            EditOutcome::Stale { message, post } => {
                let effect = self.on_files_changed(&[Change::Upsert(post)]);
                self.say(Level::Warning, message);
                effect
            }
            EditOutcome::Failed(message) => {
                self.say(Level::Error, message);
                None
            }
        }
    }

    /// Tells the user when the post open in the form changed on disk (saving will then ask).
    pub(super) fn check_form_against_disk(&mut self) {
        let Some(Overlay::Form(form)) = &self.overlay else { return };
        let on_disk = self.library.as_ref().and_then(|l| l.position(&form.path).map(|i| l.posts()[i].stamp));
        if on_disk.is_some_and(|stamp| stamp.hash != form.stamp.hash) {
            self.say(Level::Warning, "this post changed on disk while you edit it: saving will ask to reload or overwrite");
        }
    }
}
