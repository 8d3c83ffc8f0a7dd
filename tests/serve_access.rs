//! What a session's `Access` allows: readers see published posts only, nobody served writes, and
//! the help lists only the keys that work.

mod support;

use quire::app::{Access, Action, App, Options};
use quire::library::{Change, Library};
use support::{blog, drive, keys, screen};

fn app_with(dir: &std::path::Path, access: Access) -> App {
    let mut app = App::new(dir.to_path_buf(), Options { access, ..Options::default() });
    drive(&mut app, Action::Resize(100, 30));
    drive(&mut app, Action::Loaded(Library::open(dir)));
    app
}

fn titles(app: &App) -> Vec<String> {
    app.entries().iter().map(|e| e.post.title.clone()).collect()
}

#[test]
fn a_reader_never_sees_drafts_not_in_the_list_a_search_or_after_a_change() {
    let dir = blog();
    let mut app = app_with(&dir.path(), Access::READER);
    assert!(!titles(&app).contains(&"Ideas for next year".to_string()), "{:?}", titles(&app));
    keys(&mut app, "d");
    assert!(!titles(&app).contains(&"Ideas for next year".to_string()), "d cannot show drafts");
    assert!(screen(&app).contains("read-only"), "{}", screen(&app));
    keys(&mut app, "<esc>/ratatui<enter>");
    assert!(titles(&app).is_empty(), "the draft's body is not searched: {:?}", titles(&app));
    keys(&mut app, "<esc>");

    // A published post turned into a draft on disk leaves the reader's list.
    let path = dir.path().join("2023-06-02-docker-paris.md");
    std::fs::write(&path, "---\ntitle: Eighteen months at Docker Paris\ndraft: true\n---\nbody\n").unwrap();
    drive(&mut app, Action::FilesChanged(vec![Change::Upsert(quire::post::load(&path))]));
    assert!(!titles(&app).contains(&"Eighteen months at Docker Paris".to_string()), "{:?}", titles(&app));

    let reviewer = app_with(&dir.path(), Access::REVIEWER);
    assert!(titles(&reviewer).contains(&"Ideas for next year".to_string()));
    assert!(titles(&reviewer).contains(&"Eighteen months at Docker Paris".to_string()));
}

#[test]
fn a_read_only_session_opens_no_form_editor_publish_new_post_or_reload() {
    let dir = blog();
    let before: Vec<(std::path::PathBuf, Vec<u8>)> =
        support::POSTS.iter().map(|(name, _)| dir.path().join(name)).map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect();
    let mut app = app_with(&dir.path(), Access::REVIEWER);
    for key in ["e", "E", "p", "a", "r"] {
        let effect =
            app.update(Action::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(key.chars().next().unwrap()))));
        assert!(effect.is_none(), "{key} asked for {effect:?}");
        assert!(app.overlay().is_none(), "{key} opened {:?}", app.overlay());
        assert!(screen(&app).contains("read-only"), "{key}: {}", screen(&app));
    }
    for (path, bytes) in before {
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{} untouched", path.display());
    }
}

#[test]
fn the_help_of_a_read_only_session_lists_only_keys_that_work() {
    let dir = blog();
    let mut full = app_with(&dir.path(), Access::FULL);
    keys(&mut full, "?");
    let help = screen(&full);
    assert!(help.contains("edit front matter"), "{help}");

    let mut app = app_with(&dir.path(), Access::READER);
    keys(&mut app, "?");
    let help = screen(&app);
    for gone in ["edit front matter", "open in $EDITOR", "toggle draft", "a  new post", "re-read the whole folder", "show / hide drafts"] {
        assert!(!help.contains(gone), "{gone} in\n{help}");
    }
    assert!(help.contains("search titles, tags and text"), "{help}");
}
