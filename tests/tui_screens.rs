//! The screens a user recognises, drawn on a TestBackend after real key presses.

mod support;

use support::{app_for, blog, keys, screen};

#[test]
fn list_and_preview_side_by_side() {
    let dir = blog();
    let app = app_for(&dir.path(), 120, 24);
    let shown = screen(&app);
    assert!(shown.contains("Building a TUI in Rust"));
    assert!(shown.contains("5 posts"));
    insta::assert_snapshot!(shown);
}

#[test]
fn search_ranks_title_matches_then_body_matches_with_snippets() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 120, 24);
    keys(&mut app, "/go");
    let shown = screen(&app);
    assert!(shown.contains("Search: go"), "{shown}");
    let go_post = shown.find("Go channels, gently").expect("title match listed");
    let body = shown.find("↳").expect("a body match shows a snippet");
    assert!(go_post < body, "title matches come first");
    insta::assert_snapshot!(shown);
}

#[test]
fn tag_picker_filters_by_two_tags() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "t");
    insta::assert_snapshot!("tag_picker_open", screen(&app));
    keys(&mut app, "go<space><esc>");
    assert_eq!(app.entries().len(), 2);
    keys(&mut app, "tdocker<space><enter>");
    let shown = screen(&app);
    assert_eq!(app.entries().len(), 1, "all chosen tags must match");
    assert!(shown.contains("1 of 5 posts") && shown.contains("#go + #docker"), "{shown}");
    keys(&mut app, "<esc>");
    assert_eq!(app.entries().len(), 5, "Esc clears the tag filter");
}

#[test]
fn help_lists_every_key() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 30);
    keys(&mut app, "?");
    let shown = screen(&app);
    for needle in ["search titles", "filter by tags", "quit", "open in $EDITOR"] {
        assert!(shown.contains(needle), "help lacks {needle}:\n{shown}");
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn narrow_terminal_shows_one_pane_at_a_time() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 80, 24);
    insta::assert_snapshot!("narrow_list", screen(&app));
    keys(&mut app, "<enter>");
    let reading = screen(&app);
    assert!(reading.contains("Terminals are everywhere"), "{reading}");
    insta::assert_snapshot!("narrow_reader", reading);
}

#[test]
fn error_list_names_the_broken_post_and_line() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "!");
    let shown = screen(&app);
    assert!(shown.contains("broken.md:2"), "{shown}");
    insta::assert_snapshot!(shown);
    keys(&mut app, "<enter>");
    assert_eq!(app.selected_post().map(|p| p.file_name()), Some("broken.md".to_string()));
}
