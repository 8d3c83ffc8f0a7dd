//! The app under random use: any sequence of keys, clicks and wheel steps, resizes, file changes
//! and (failed) reloads, each followed by a draw, never panics and keeps the selection inside the list.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use proptest::prelude::*;
use quire::app::Action;
use quire::library::{Change, Library};

/// Keys a user presses, including every main-screen command and popup/form keys.
const KEYS: &[(KeyCode, KeyModifiers)] = &[
    (KeyCode::Char('j'), KeyModifiers::NONE),
    (KeyCode::Char('k'), KeyModifiers::NONE),
    (KeyCode::Char('g'), KeyModifiers::NONE),
    (KeyCode::Char('G'), KeyModifiers::SHIFT),
    (KeyCode::Char('/'), KeyModifiers::NONE),
    (KeyCode::Char('t'), KeyModifiers::NONE),
    (KeyCode::Char('s'), KeyModifiers::NONE),
    (KeyCode::Char('d'), KeyModifiers::NONE),
    (KeyCode::Char('n'), KeyModifiers::NONE),
    (KeyCode::Char('N'), KeyModifiers::SHIFT),
    (KeyCode::Char('o'), KeyModifiers::NONE),
    (KeyCode::Char('l'), KeyModifiers::NONE),
    (KeyCode::Char('!'), KeyModifiers::NONE),
    (KeyCode::Char('?'), KeyModifiers::NONE),
    (KeyCode::Char('e'), KeyModifiers::NONE),
    (KeyCode::Char('a'), KeyModifiers::NONE),
    (KeyCode::Char('x'), KeyModifiers::NONE),
    (KeyCode::Char('é'), KeyModifiers::NONE),
    (KeyCode::Char(' '), KeyModifiers::NONE),
    (KeyCode::Char(':'), KeyModifiers::NONE),
    (KeyCode::Char('<'), KeyModifiers::NONE),
    (KeyCode::Char('>'), KeyModifiers::NONE),
    (KeyCode::Char('M'), KeyModifiers::SHIFT),
    (KeyCode::F(1), KeyModifiers::NONE),
    (KeyCode::Char('d'), KeyModifiers::CONTROL),
    (KeyCode::Char('u'), KeyModifiers::CONTROL),
    (KeyCode::Char('n'), KeyModifiers::CONTROL),
    (KeyCode::Char('w'), KeyModifiers::CONTROL),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Esc, KeyModifiers::NONE),
    (KeyCode::Tab, KeyModifiers::NONE),
    (KeyCode::BackTab, KeyModifiers::SHIFT),
    (KeyCode::Backspace, KeyModifiers::NONE),
    (KeyCode::Delete, KeyModifiers::NONE),
    (KeyCode::Left, KeyModifiers::NONE),
    (KeyCode::Right, KeyModifiers::NONE),
    (KeyCode::Up, KeyModifiers::NONE),
    (KeyCode::Down, KeyModifiers::NONE),
    (KeyCode::PageDown, KeyModifiers::NONE),
    (KeyCode::PageUp, KeyModifiers::NONE),
    (KeyCode::Home, KeyModifiers::NONE),
    (KeyCode::End, KeyModifiers::NONE),
];

/// What the mouse does (anywhere, even outside the screen).
const MOUSE: &[MouseEventKind] = &[
    MouseEventKind::Down(MouseButton::Left),
    MouseEventKind::Up(MouseButton::Left),
    MouseEventKind::Down(MouseButton::Right),
    MouseEventKind::ScrollDown,
    MouseEventKind::ScrollUp,
    MouseEventKind::Drag(MouseButton::Left),
];

/// One thing that happens to the app. Saves, publishing and new posts are left out: they write
/// files, and `q` would end the run; everything else a user or the disk can do is in.
#[derive(Debug, Clone)]
enum Step {
    Key(usize),
    Mouse(usize, u16, u16),
    Resize(u16, u16),
    RemoveSelected,
    TouchSelected,
    ReloadFails,
    ReloadWorks,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => (0..KEYS.len()).prop_map(Step::Key),
        4 => (0..MOUSE.len(), 0u16..210, 0u16..70).prop_map(|(i, x, y)| Step::Mouse(i, x, y)),
        2 => (1u16..200, 1u16..60).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => Just(Step::RemoveSelected),
        1 => Just(Step::TouchSelected),
        1 => Just(Step::ReloadFails),
        1 => Just(Step::ReloadWorks),
    ]
}

fn cases() -> u32 {
    std::env::var("QUIRE_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_use_never_panics_and_keeps_the_selection_in_the_list(steps in proptest::collection::vec(step(), 1..80)) {
        let dir = support::blog();
        let root = dir.path();
        let mut app = support::app_for(&root, 100, 30);
        for step in steps {
            match step {
                Step::Key(i) => {
                    let (code, mods) = KEYS[i];
                    support::drive(&mut app, Action::Key(KeyEvent::new(code, mods)));
                }
                Step::Mouse(i, column, row) => {
                    let event = MouseEvent { kind: MOUSE[i], column, row, modifiers: KeyModifiers::NONE };
                    support::drive(&mut app, Action::Mouse(event));
                }
                Step::Resize(w, h) => drop(support::drive(&mut app, Action::Resize(w, h))),
                Step::RemoveSelected => {
                    if let Some(path) = app.selected_post().map(|p| p.path.clone()) {
                        support::drive(&mut app, Action::FilesChanged(vec![Change::Remove(path)]));
                    }
                }
                Step::TouchSelected => {
                    if let Some(post) = app.selected_post().cloned() {
                        let mut changed = (*post).clone();
                        changed.title.push_str(" (changed)");
                        changed.stamp.hash ^= 1;
                        support::drive(&mut app, Action::FilesChanged(vec![Change::Upsert(changed)]));
                    }
                }
                Step::ReloadFails => drop(support::drive(&mut app, Action::Loaded(Err(quire::library::OpenError::NotAFolder(root.clone()))))),
                Step::ReloadWorks => drop(support::drive(&mut app, Action::Loaded(Library::open(&root)))),
            }
            let _ = support::screen(&app);
            prop_assert!(app.entries().is_empty() || app.list().selected() < app.entries().len());
            prop_assert!(app.list().offset() <= app.list().selected() || app.entries().is_empty());
        }
    }
}
