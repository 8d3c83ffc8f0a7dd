//! The TUI shows the list from front matter first, the post opened read from its file, and the
//! full load after; what changed on disk in between is not lost.

mod support;

use quire::app::{Action, App, Options};
use quire::library::{Change, Library};
use quire::post::Read;
use support::{drive, screen};

/// A session of `width`×`height` showing the list from front matter: the full load not answered.
fn listed_app(dir: &std::path::Path, width: u16, height: u16) -> App {
    let mut app = App::new(dir.to_path_buf(), Options::default());
    drive(&mut app, Action::Resize(width, height));
    drive(&mut app, Action::Listed(Library::open_with(dir, Read::Head).unwrap()));
    app
}

#[test]
fn the_list_comes_first_its_post_read_from_its_file_and_the_full_load_follows() {
    let blog = support::blog();
    let dir = blog.path();
    let mut app = listed_app(&dir, 100, 20);
    let listed = screen(&app);
    let first = Library::open(&dir).unwrap().posts()[0].clone();
    assert!(listed.contains(&first.title), "{listed}");
    let body_line =
        first.body.as_deref().unwrap_or_default().lines().find(|l| l.len() > 8 && l.starts_with(char::is_alphabetic)).unwrap().trim();
    assert!(listed.contains(&body_line[..8]), "the render lane read the body from the file:\n{listed}");
    // A post written while the bodies load is kept for the full library.
    let new = dir.join("late.md");
    std::fs::write(&new, "---\ntitle: Written meanwhile\ndate: 2001-01-01\n---\nLate body.\n").unwrap();
    drive(&mut app, Action::FilesChanged(vec![Change::Upsert(quire::post::load(&new))]));
    // The full load walked the folder before the post was written.
    let full = Library::open(&dir).unwrap();
    let full = Library::from_posts(dir.clone(), full.posts().iter().filter(|p| p.path != new).map(|p| (**p).clone()).collect());
    drive(&mut app, Action::Loaded(Ok(full)));
    let loaded = screen(&app);
    assert!(!loaded.contains("Reading…"), "{loaded}");
    assert!(loaded.contains(&body_line[..8]), "the body is shown:\n{loaded}");
    let count = Library::open(&dir).unwrap().posts().len();
    assert!(loaded.contains(&format!("Posts ({count})")), "the post written meanwhile is listed:\n{loaded}");
}

#[test]
fn a_reload_keeps_the_bodies_on_screen_until_its_full_library_answers() {
    let blog = support::blog();
    let dir = blog.path();
    let mut app = support::app_for(&dir, 100, 20);
    let before = screen(&app);
    drive(&mut app, Action::FilesChanged(vec![Change::Rescan]));
    drive(&mut app, Action::Listed(Library::open_with(&dir, Read::Head).unwrap()));
    let during = screen(&app);
    assert!(!during.contains("Reading…"), "{during}");
    assert_eq!(during.lines().nth(2), before.lines().nth(2), "the reader still shows the body");
}

#[test]
fn the_form_asked_for_while_the_posts_are_read_opens_once_the_post_is_read_whole() {
    let blog = support::blog();
    let dir = blog.path();
    let mut app = listed_app(&dir, 100, 24);
    support::keys(&mut app, "e");
    let waiting = screen(&app);
    assert!(waiting.contains("reading the post… the form opens in a moment"), "{waiting}");
    assert!(!waiting.contains("No changes yet"), "no form on a post read in part:\n{waiting}");
    drive(&mut app, Action::Loaded(Library::open(&dir)));
    let opened = screen(&app);
    assert!(opened.contains("No changes yet"), "the form opens on the post read whole:\n{opened}");
    assert!(!opened.contains("cannot be edited"), "{opened}");
}

#[test]
fn a_form_asked_for_while_reading_does_not_open_on_another_post() {
    let blog = support::blog();
    let dir = blog.path();
    let mut app = listed_app(&dir, 100, 24);
    support::keys(&mut app, "e");
    support::keys(&mut app, "j");
    drive(&mut app, Action::Loaded(Library::open(&dir)));
    let shown = screen(&app);
    assert!(!shown.contains("No changes yet"), "the selection moved on: no form\n{shown}");
}
