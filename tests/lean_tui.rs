//! The TUI's library holds no bodies (`Read::Measured`): what a user sees is still every body,
//! read from its file when it is shown, found by a search, cut into a snippet; and an edit of a
//! post changed on disk since it was read is refused, the file left as it is.

mod support;

use quire::app::{Action, App, EditOutcome, Options};
use quire::jobs::{Write, write};
use quire::library::Library;
use quire::post::{Read, edit};
use support::{drive, keys, screen};

/// An app over the blog as the TUI's load reads it: measured, no body kept.
fn lean_app(dir: &std::path::Path) -> App {
    let mut app = App::new(dir.to_path_buf(), Options::default());
    drive(&mut app, Action::Resize(100, 24));
    let library = Library::open_with(dir, Read::Measured).unwrap();
    assert!(library.posts().iter().all(|p| p.body.is_none() && p.stamp.hash != 0), "measured, without bodies");
    drive(&mut app, Action::Loaded(Ok(library)));
    app
}

#[test]
fn a_post_opened_shows_its_body_read_from_its_file() {
    let blog = support::blog();
    let app = lean_app(&blog.path());
    let shown = screen(&app);
    assert!(shown.contains("Building a TUI in Rust"), "{shown}");
    assert!(shown.contains("Terminals are everywhere, even over SSH."), "the body, read from the file:\n{shown}");
}

#[test]
fn a_post_changed_on_disk_after_the_load_shows_its_new_text() {
    let blog = support::blog();
    let dir = blog.path();
    let mut app = lean_app(&dir);
    let go = dir.join("2023-11-20-go-channels.md");
    std::fs::write(&go, "---\ntitle: Go channels, gently\ndate: 2023-11-20\n---\n\nRewritten after the list was read.\n").unwrap();
    let at = app.entries().iter().position(|e| e.post.path == go).unwrap();
    app.select(at);
    if let Some(job) = app.take_render_job() {
        drive(&mut app, job.run());
    }
    let shown = screen(&app);
    assert!(shown.contains("Rewritten after the list was read."), "the file as it is now:\n{shown}");
    assert!(!shown.contains("Channels let goroutines talk"), "{shown}");
}

#[test]
fn a_search_finds_words_only_in_bodies_and_shows_their_snippets() {
    let blog = support::blog();
    let mut app = lean_app(&blog.path());
    keys(&mut app, "/goroutines");
    let shown = screen(&app);
    assert!(shown.contains("Posts (1 of 5)"), "{shown}");
    assert!(shown.contains("Go channels, gently"), "{shown}");
    assert!(shown.contains("↳ Channels let goroutines talk"), "the snippet, read from the file:\n{shown}");
}

#[test]
fn an_edit_of_a_post_changed_on_disk_since_it_was_read_is_refused_and_the_file_kept() {
    let blog = support::blog();
    let dir = blog.path();
    let library = Library::open_with(&dir, Read::Measured).unwrap();
    let post = library.posts().iter().find(|p| p.title == "Go channels, gently").unwrap();
    assert_eq!(post.cannot_edit, None, "a measured post can be edited from");
    let changed = b"---\ntitle: Go channels, gently\ndate: 2023-11-20\n---\n\nSomeone else's words.\n";
    std::fs::write(&post.path, changed).unwrap();
    let save = Write::Save {
        path: post.path.clone(),
        expected: Some(post.stamp),
        edits: vec![edit::Edit::Set { key: "title".into(), value: "Mine".into() }],
    };
    match write(save) {
        Action::EditDone(outcome) => assert!(matches!(*outcome, EditOutcome::Conflict(_)), "{outcome:?}"),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(std::fs::read(&post.path).unwrap(), changed, "nothing written");
}

#[test]
fn the_real_binary_without_any_index_finds_body_words_and_shows_the_post_read_from_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    support::write_blog(&blog);
    // A cache folder that cannot be made (a file stands where its parent would be): no listing
    // index and no word index, so every search scans the files.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let cache = blocker.join("cache");
    let envs = [("QUIRE_CONFIG".as_ref(), config.as_os_str()), ("QUIRE_CACHE_DIR".as_ref(), cache.as_os_str())];
    let mut session = support::pty::Session::start_command(&[blog.as_os_str()], &envs);
    session.wait_for("Posts (5)");
    session.wait_for("Terminals are everywhere");
    session.type_keys("/goroutines");
    let found = session.wait_for("Posts (1 of 5)");
    assert!(found.contains("Go channels, gently"), "{found}");
    session.wait_for("↳ Channels let goroutines talk");
    session.wait_for("goroutines talk. A buffered channel");
    session.type_keys("\x1b");
    session.wait_for("Posts (5)");
    let status = session.quit();
    assert!(status.success(), "quire exited with {status:?}");
}
