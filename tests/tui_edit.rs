//! Editing from the TUI: the form writes only what changed, conflicts are refused, publish and
//! new posts work; each test checks the bytes on disk.

mod support;

use quire::app::Action;
use quire::library::Change;
use support::{app_for, blog, keys, screen};

const RUST_POST: &str = "2024-03-01-rust-tui.md";

#[test]
fn the_form_changes_the_title_line_and_nothing_else() {
    let dir = blog();
    let path = dir.path().join(RUST_POST);
    let before = std::fs::read_to_string(&path).unwrap();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "e");
    insta::assert_snapshot!("form_open", screen(&app));
    // Ctrl-u clears the title: type a new one, then Enter saves.
    support::ctrl(&mut app, 'u');
    keys(&mut app, "Building TUIs in Rust<enter>");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, before.replace("title: Building a TUI in Rust", "title: Building TUIs in Rust"));
    assert!(app.overlay().is_none(), "the form closes after saving");
    assert_eq!(app.selected_post().unwrap().title, "Building TUIs in Rust");
}

#[test]
fn tags_added_in_the_form_keep_the_flow_style() {
    let dir = blog();
    let path = dir.path().join(RUST_POST);
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "e<down><down>, ratatui<enter>");
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("tags: [rust, tui, ratatui]\n"), "{after}");
}

#[test]
fn an_invalid_date_is_refused_with_a_message_and_nothing_is_written() {
    let dir = blog();
    let path = dir.path().join(RUST_POST);
    let before = std::fs::read(&path).unwrap();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "e<down>x<enter>");
    assert!(app.overlay().is_some(), "the form stays open");
    assert!(app.message().is_some_and(|m| m.text.contains("not a date")), "{:?}", app.message());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    let dir = blog();
    let path = dir.path().join(RUST_POST);
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "e");
    let theirs = std::fs::read_to_string(&path).unwrap().replace("Terminals are everywhere", "Terminals are still everywhere");
    std::fs::write(&path, &theirs).unwrap();
    support::ctrl(&mut app, 'u');
    keys(&mut app, "Mine<enter>");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "their change is kept");
    let shown = screen(&app);
    assert!(shown.contains("r reloads"), "{shown}");
    keys(&mut app, "o");
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.contains("title: Mine\n") && now.contains("still everywhere"), "overwrite applies my edit on their text: {now}");
}

#[test]
fn esc_with_changes_asks_before_discarding() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "eabc<esc>");
    assert!(app.overlay().is_some(), "asks first");
    keys(&mut app, "y");
    assert!(app.overlay().is_none());
}

#[test]
fn p_toggles_draft_in_the_posts_own_dialect() {
    let dir = blog();
    let path = dir.path().join("drafts/ideas.md");
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "j");
    assert_eq!(app.selected_post().unwrap().title, "Ideas for next year");
    keys(&mut app, "p");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("draft = false"), "{text}");
    assert_eq!(app.selected_post().unwrap().status, quire::post::Status::Published);
}

#[test]
fn a_new_post_is_written_as_a_draft_and_selected() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "aMy first quire post<enter>");
    // Named like the blog's newest posts: `YYYY-MM-DD-slug.md`.
    let created = dir.path().join(format!("{}-my-first-quire-post.md", chrono::Local::now().format("%Y-%m-%d")));
    let text = std::fs::read_to_string(&created).unwrap();
    assert!(text.contains("title: My first quire post"), "{text}");
    assert_eq!(app.selected_post().unwrap().path, created);
    assert_eq!(app.selected_post().unwrap().status, quire::post::Status::Draft);
}

#[test]
fn the_form_warns_when_its_post_changes_on_disk() {
    let dir = blog();
    let path = dir.path().join(RUST_POST);
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "e");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap() + "\nMore.\n").unwrap();
    support::drive(&mut app, Action::FilesChanged(vec![Change::Upsert(quire::post::load(&path))]));
    assert!(app.message().is_some_and(|m| m.text.contains("changed on disk")), "{:?}", app.message());
}

#[test]
fn publishing_a_post_changed_on_disk_rereads_it_and_writes_nothing() {
    let dir = blog();
    let path = dir.path().join("drafts/ideas.md");
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "j");
    let theirs = std::fs::read_to_string(&path).unwrap().replace("Write about", "Really write about");
    std::fs::write(&path, &theirs).unwrap();
    keys(&mut app, "p");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "nothing written over their change");
    let said = app.message().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("changed on disk") && said.contains("press p again"), "{said}");
    keys(&mut app, "p");
    assert!(std::fs::read_to_string(&path).unwrap().contains("draft = false"));
}

#[test]
fn a_typo_in_the_middle_of_a_title_is_fixed_where_it_is() {
    let dir = blog();
    let path = dir.path().join(RUST_POST);
    let mut app = app_for(&dir.path(), 100, 24);
    // "Building a TUI in Rust": go to the start of "TUI", type "fast ".
    keys(&mut app, "e<home><right><right><right><right><right><right><right><right><right><right><right>fast <enter>");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: Building a fast TUI in Rust\n"), "{text}");
}

#[test]
fn a_new_key_takes_its_name_then_tab_then_its_value() {
    let dir = blog();
    let path = dir.path().join(RUST_POST);
    let before = std::fs::read_to_string(&path).unwrap();
    let mut app = app_for(&dir.path(), 100, 24);
    keys(&mut app, "e");
    support::ctrl(&mut app, 'n');
    keys(&mut app, "subtitle<enter>");
    assert!(app.overlay().is_some(), "Enter on the name goes to the value, it does not save");
    keys(&mut app, "<enter>");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "an empty new value is not saved");
    keys(&mut app, "Part two<enter>");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, before.replace("tags: [rust, tui]\n", "tags: [rust, tui]\nsubtitle: Part two\n"));
}

/// A folder holding one post, for screens that must not depend on the sample blog.
fn one_post(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("my-blog");
    std::fs::create_dir(&blog).unwrap();
    std::fs::write(blog.join(name), text).unwrap();
    (dir, blog)
}

#[test]
fn the_form_refuses_front_matter_that_does_not_parse_at_once_with_the_whole_reason() {
    let text = "---\ntitle: [unclosed\ndate: 2022-01-01\n---\n\nBody.\n";
    let (_dir, blog) = one_post("broken.md", text);
    let mut app = app_for(&blog, 80, 24);
    keys(&mut app, "e");
    insta::assert_snapshot!("form_refused", screen(&app));
    keys(&mut app, "abc");
    assert!(app.overlay().is_none(), "any key closes the explanation");
    assert_eq!(std::fs::read_to_string(blog.join("broken.md")).unwrap(), text);
}

#[test]
fn values_the_form_cannot_edit_faithfully_are_read_only_and_items_stay_items() {
    let text = "---\ntitle: Menu\ndate: 2024-01-01\ncategories: [\"Tips, Tricks\", \"Rust\"]\nmenu:\n  - name: Home # home link\n    url: /\n---\nBody\n";
    let (_dir, blog) = one_post("menu.md", text);
    let mut app = app_for(&blog, 80, 24);
    keys(&mut app, "e<down><down><down><down><down><down><down>typed");
    insta::assert_snapshot!("form_read_only_rows", screen(&app));
    keys(&mut app, "<up>, Go<enter>");
    assert_eq!(std::fs::read_to_string(blog.join("menu.md")).unwrap(), text.replace("\"Rust\"]", "\"Rust\", \"Go\"]"));
}
