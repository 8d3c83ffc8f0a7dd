//! What the app does with keys and changes: selection, scroll, outline, links, drafts.

mod support;

use quire::app::{Action, Focus};
use quire::library::Change;
use support::{app_for, blog, drive, keys};

fn selected(app: &quire::app::App) -> String {
    app.selected_post().map(|p| p.title.clone()).unwrap_or_default()
}

#[test]
fn selection_survives_sorting_and_filtering_when_still_visible() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 30);
    keys(&mut app, "j");
    assert_eq!(selected(&app), "Ideas for next year");
    keys(&mut app, "s");
    assert_eq!(selected(&app), "Ideas for next year", "sort keeps the post");
    keys(&mut app, "/ideas<enter>");
    assert_eq!(selected(&app), "Ideas for next year", "search keeps the post");
    keys(&mut app, "<esc>");
    assert_eq!(app.entries().len(), 5);
    assert_eq!(selected(&app), "Ideas for next year");
}

#[test]
fn drafts_can_be_hidden_and_shown() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 30);
    keys(&mut app, "d");
    assert_eq!(app.entries().len(), 4);
    assert!(app.entries().iter().all(|e| e.post.title != "Ideas for next year"));
    keys(&mut app, "d");
    assert_eq!(app.entries().len(), 5);
}

#[test]
fn scroll_position_is_kept_when_the_selected_post_changes_on_disk() {
    let dir = blog();
    let path = dir.path().join("2024-03-01-rust-tui.md");
    let long = format!("---\ntitle: Building a TUI in Rust\ndate: 2024-03-01\n---\n\n{}", "A paragraph.\n\n".repeat(100));
    std::fs::write(&path, &long).unwrap();
    let mut app = app_for(&dir.path(), 120, 20);
    assert_eq!(selected(&app), "Building a TUI in Rust");
    keys(&mut app, "<tab>jjjjj");
    assert_eq!(app.reader().scroll, 5);
    std::fs::write(&path, long.replace("Building a TUI", "Building a better TUI")).unwrap();
    drive(&mut app, Action::FilesChanged(vec![Change::Upsert(quire::post::load(&path))]));
    assert_eq!(selected(&app), "Building a better TUI in Rust");
    assert_eq!(app.reader().scroll, 5, "the reader keeps its place");
}

#[test]
fn deleting_the_selected_post_selects_its_neighbour() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 20);
    keys(&mut app, "j");
    let removed = app.selected_post().unwrap().path.clone();
    drive(&mut app, Action::FilesChanged(vec![Change::Remove(removed)]));
    assert_eq!(app.entries().len(), 4);
    assert_eq!(selected(&app), "Go channels, gently");
}

#[test]
fn outline_jumps_to_a_heading_and_links_follow_to_another_post() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 8);
    keys(&mut app, "o");
    assert!(app.overlay().is_some());
    keys(&mut app, "j<enter>");
    assert_eq!(app.screen().focus(), Focus::Reader);
    assert!(app.reader().scroll > 0, "scrolled to the second heading");
    keys(&mut app, "l<enter>");
    assert_eq!(selected(&app), "Go channels, gently");
    keys(&mut app, "<bs>");
    assert_eq!(selected(&app), "Building a TUI in Rust");
}

#[test]
fn n_jumps_between_occurrences_of_the_search_term() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 6);
    keys(&mut app, "/channel<enter>");
    assert_eq!(selected(&app), "Go channels, gently");
    keys(&mut app, "n");
    assert!(!app.reader().match_lines.is_empty());
    assert_eq!(app.message().map(|m| m.text.as_str()), Some("match 1 of 2"));
}

#[test]
fn an_unreadable_folder_says_so_instead_of_a_blank_screen() {
    let mut app = quire::app::App::new("/nonexistent/blog".into(), quire::app::Options::default());
    drive(&mut app, Action::Resize(80, 24));
    drive(&mut app, Action::Loaded(quire::library::Library::open(std::path::Path::new("/nonexistent/blog"))));
    let shown = support::screen(&app);
    assert!(shown.contains("cannot open /nonexistent/blog"), "{shown}");
}

#[test]
fn typing_on_searches_only_earlier_matches_yet_shows_what_a_full_search_shows() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 30);
    keys(&mut app, "/");
    for c in "go channel".chars() {
        keys(&mut app, &c.to_string());
        let library = app.load().library().expect("loaded");
        let full: Vec<String> =
            quire::search::search(library.posts(), app.search().query()).iter().map(|h| library.posts()[h.index].title.clone()).collect();
        let shown: Vec<String> = app.entries().iter().map(|e| e.post.title.clone()).collect();
        assert_eq!(shown, full, "after typing {:?}", app.search().query());
    }
    // Words, not text: the Rust post's link to `2023-11-20-go-channels.md` has both words.
    let titles: Vec<&str> = app.entries().iter().map(|e| e.post.title.as_str()).collect();
    assert_eq!(titles, ["Go channels, gently", "Building a TUI in Rust"], "the title match first, then the body's");
}

#[test]
fn a_save_seen_while_the_folder_reloads_is_not_lost() {
    let dir = blog();
    let path = dir.path().join("2024-03-01-rust-tui.md");
    let mut app = app_for(&dir.path(), 120, 20);
    let before_save = quire::library::Library::open(&dir.path()).unwrap();
    keys(&mut app, "r");
    let text = std::fs::read_to_string(&path).unwrap().replace("Building a TUI in Rust", "Saved during the reload");
    std::fs::write(&path, text).unwrap();
    drive(&mut app, Action::FilesChanged(vec![Change::Upsert(quire::post::load(&path))]));
    // The reload's walk read the file before the save.
    drive(&mut app, Action::Loaded(Ok(before_save)));
    assert!(app.entries().iter().any(|e| e.post.title == "Saved during the reload"), "the late save is applied");
}

#[test]
fn a_big_post_renders_in_the_background_and_then_shows() {
    let dir = blog();
    let path = dir.path().join("2030-01-01-big.md");
    let code = "```rust\nfn main() { println!(\"hello\"); }\n```\n\n".repeat(1500);
    std::fs::write(&path, format!("---\ntitle: Big one\ndate: 2030-01-01\n---\n\n# Start\n\n{code}")).unwrap();
    let mut app = quire::app::App::new(dir.path(), quire::app::Options::default());
    app.update(Action::Resize(120, 30));
    app.update(Action::Loaded(quire::library::Library::open(&dir.path())));
    assert_eq!(selected(&app), "Big one");
    let shown = support::screen(&app);
    assert!(shown.contains("Rendering…"), "the UI does not wait:\n{shown}");
    let job = app.take_render_job().expect("a job for the loop");
    assert!(job.code.is_none(), "the whole post first");
    app.update(job.run());
    let shown = support::screen(&app);
    assert!(shown.contains("fn main()"), "{shown}");
    // Then only the code in view (and a page around it) is highlighted, once.
    let job = app.take_render_job().expect("a job for the code in view");
    let (_, blocks) = job.code.as_ref().expect("a highlighting job");
    assert!(!blocks.is_empty() && blocks.len() < 1500 / 10, "{} blocks", blocks.len());
    app.update(job.run());
    assert!(app.take_render_job().is_none(), "rendered once, then cached");
}

#[test]
fn tag_counts_follow_the_chosen_tags() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 30);
    keys(&mut app, "tgo<space>");
    let Some(quire::app::Overlay::Tags(picker)) = app.overlay() else { panic!("tag picker open") };
    let count = |name: &str| picker.tags.iter().find(|(t, _)| t == name).map(|(_, n)| *n);
    assert_eq!(count("go"), Some(2));
    assert_eq!(count("docker"), Some(1), "one Go post is also about docker");
    assert_eq!(count("tui"), Some(0), "a dead end shows 0");
}

#[test]
fn a_reload_that_finds_the_folder_gone_says_so_without_crashing() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "jjj");
    keys(&mut app, "r");
    drive(
        &mut app,
        Action::Loaded(Err(quire::library::OpenError::Unreadable { path: "/gone".into(), reason: "no such file or directory".into() })),
    );
    let shown = support::screen(&app);
    assert!(shown.contains("cannot open /gone"), "{shown}");
    assert!(app.entries().is_empty());
    keys(&mut app, "jkG");
    drive(&mut app, Action::Loaded(quire::library::Library::open(&dir.path())));
    assert_eq!(app.entries().len(), 5, "a later reload brings the posts back");
}

#[test]
fn the_load_waits_for_the_watch_and_a_change_seen_meanwhile_is_kept() {
    let dir = blog();
    let path = dir.path().join("2024-03-01-rust-tui.md");
    let mut app = quire::app::App::new(dir.path(), quire::app::Options::default());
    drive(&mut app, Action::Resize(120, 20));
    let before_save = quire::library::Library::open(&dir.path()).unwrap();
    // The watch is up: now the folder is read.
    assert!(matches!(app.update(Action::Watching), Some(quire::app::Effect::Load)));
    let text = std::fs::read_to_string(&path).unwrap().replace("Building a TUI in Rust", "Saved while starting");
    std::fs::write(&path, text).unwrap();
    drive(&mut app, Action::FilesChanged(vec![Change::Upsert(quire::post::load(&path))]));
    // The load's walk read the file before the save.
    drive(&mut app, Action::Loaded(Ok(before_save)));
    assert!(app.entries().iter().any(|e| e.post.title == "Saved while starting"), "the save seen by the watch is applied");
    assert!(app.update(Action::Watching).is_none(), "no load is due once the folder is read");
}

#[test]
fn a_watch_failure_is_said_made_safe_kept_in_the_status_line_and_cleared_by_the_next_change() {
    use quire::app::WatchFailure;
    use quire::watch::WatchTrouble;
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 20);
    let root = std::path::PathBuf::from("/blog/\x1b]0;pwned\x07x");
    drive(&mut app, Action::WatchFailed(WatchFailure::Watching(WatchTrouble::Removed { root })));
    let said = "/blog/^[]0;pwned^Gx was removed or moved: live reload stopped";
    assert!(support::screen(&app).contains(said), "{}", support::screen(&app));
    assert!(matches!(app.watch_error(), Some(WatchFailure::Watching(WatchTrouble::Removed { .. }))));
    // Once the message is gone (the next key, one bound to nothing here), the lasting problem
    // stays in the status line, with the key that reloads.
    let unbound = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::F(12));
    assert!(drive(&mut app, Action::Key(unbound)).is_none());
    assert!(app.message().is_none());
    let screen = support::screen(&app);
    assert!(screen.contains(said) && screen.contains("(r reloads)"), "{screen}");
    assert!(!screen.contains('\x1b') && !screen.contains('\x07'));
    // Files arriving again mean the watch works: the problem is no longer shown.
    let path = dir.path().join("2024-03-01-rust-tui.md");
    drive(&mut app, Action::FilesChanged(vec![Change::Upsert(quire::post::load(&path))]));
    assert!(app.watch_error().is_none());
    assert!(!support::screen(&app).contains("live reload stopped"));
}
