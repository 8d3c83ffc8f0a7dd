//! Reading comforts seen on screen: the viewport after a search, long messages, cut titles.

mod support;

use quire::app::{Action, Level, Message};

/// `n` posts, `zebra` in the titles of every fifth; dates so that the list order is known.
fn blog(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        let word = if i % 5 == 0 { "zebra" } else { "plain" };
        let text = format!("---\ntitle: Post {i:02} {word}\ndate: 2020-01-{:02}\n---\n\nBody.\n", 28 - i);
        std::fs::write(dir.path().join(format!("p{i:02}.md")), text).expect("write post");
    }
    dir
}

#[test]
fn a_search_that_narrows_the_list_shows_every_result_that_fits() {
    let dir = blog(28);
    let mut app = support::app_for(dir.path(), 80, 24);
    support::keys(&mut app, &"<down>".repeat(27));
    assert!(app.list_offset > 0, "the list scrolled");
    support::keys(&mut app, "/zebra<enter>");
    assert_eq!(app.entries.len(), 6);
    assert_eq!(app.list_offset, 0);
    let screen = support::screen(&app);
    for i in [0, 5, 10, 15, 20, 25] {
        assert!(screen.contains(&format!("Post {i:02} zebra")), "result {i} shown:\n{screen}");
    }
}

#[test]
fn a_message_longer_than_the_status_line_wraps_onto_a_second_line() {
    let dir = blog(3);
    let mut app = support::app_for(dir.path(), 80, 24);
    let text = "the file changed on disk since you opened the form: press o to overwrite it, r to reload it, or Esc to keep editing";
    support::drive(&mut app, Action::Say(Message { text: text.into(), level: Level::Warning }));
    let screen = support::screen(&app);
    let rows: Vec<&str> = screen.lines().collect();
    let (first, second) = (rows[22].trim(), rows[23].trim());
    assert_eq!(format!("{first} {second}"), text, "{screen}");
    assert!(!first.ends_with('…') && first.len() <= 78);
}

#[test]
fn a_title_cut_at_the_pane_width_ends_with_an_ellipsis() {
    let dir = tempfile::tempdir().expect("temp dir");
    let title = "A very long title that goes on and on past the edge of any reasonable list pane width";
    std::fs::write(dir.path().join("long.md"), format!("---\ntitle: {title}\ndate: 2024-01-01\n---\n\nBody.\n")).expect("write");
    let app = support::app_for(dir.path(), 80, 24);
    let screen = support::screen(&app);
    let row = screen.lines().nth(1).expect("first row");
    assert!(row.ends_with("…┃") || row.ends_with("…│"), "{row:?}");
    assert!(row.contains("A very long title that goes on"), "{row:?}");
}
