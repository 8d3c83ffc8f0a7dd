//! The TUI on a generator's site: pages shown on demand and marked, broken links marked in the
//! `l` list, the posts linking to the selected one (`b`), and the `!` list from the same report
//! as `quire check`.

mod support;

use std::fs;
use std::path::Path;

use support::{app_for, keys, screen};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn hugo_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "hugo.toml", "baseURL = \"https://example.org/\"\n");
    write(
        root,
        "content/posts/newer.md",
        "---\ntitle: Newer post\ndate: 2024-02-01\n---\nSee [the older one](/posts/older/) and [a lost page](/posts/lost/).\n",
    );
    write(root, "content/posts/older.md", "---\ntitle: Older post\ndate: 2024-01-01\n---\nThe first.\n");
    write(root, "content/about.md", "---\ntitle: About me\n---\nA page.\n");
    dir
}

#[test]
fn pages_are_shown_on_demand_and_marked() {
    let dir = hugo_site();
    let mut app = app_for(dir.path(), 80, 24);
    let shown = screen(&app);
    assert!(shown.contains("Newer post") && !shown.contains("About me"), "{shown}");
    keys(&mut app, "K");
    let shown = screen(&app);
    assert!(shown.contains("page About me") && shown.contains("Newer post"), "{shown}");
    assert!(shown.contains("showing posts and pages"), "{shown}");
    keys(&mut app, "K");
    let shown = screen(&app);
    assert!(shown.contains("page About me") && !shown.contains("Newer post"), "{shown}");
}

#[test]
fn the_links_list_marks_broken_links_and_says_why() {
    let dir = hugo_site();
    let mut app = app_for(dir.path(), 100, 24);
    keys(&mut app, "l");
    let shown = screen(&app);
    assert!(shown.contains("the older one") && shown.contains("→ content/posts/older.md"), "{shown}");
    assert!(shown.contains("✗ a lost page"), "{shown}");
    assert!(shown.contains("no post or page publishes that URL"), "{shown}");
    // Following the good one selects its post.
    keys(&mut app, "<enter>");
    assert_eq!(app.selected_post().unwrap().title, "Older post");
}

#[test]
fn backlinks_list_the_posts_that_link_here() {
    let dir = hugo_site();
    let mut app = app_for(dir.path(), 100, 24);
    keys(&mut app, "b");
    assert!(screen(&app).contains("no post links to this one"), "{}", screen(&app));
    keys(&mut app, "j");
    assert_eq!(app.selected_post().unwrap().title, "Older post");
    keys(&mut app, "b");
    let shown = screen(&app);
    assert!(shown.contains("Linked from") && shown.contains("Newer post") && shown.contains("content/posts/newer.md:5"), "{shown}");
    keys(&mut app, "<enter>");
    assert_eq!(app.selected_post().unwrap().title, "Newer post");
}

#[test]
fn the_problems_list_shows_what_check_reports() {
    let dir = hugo_site();
    let mut app = app_for(dir.path(), 100, 24);
    keys(&mut app, "!");
    let shown = screen(&app);
    assert!(shown.contains("content/posts/newer.md:5:40"), "{shown}");
    assert!(shown.contains("broken link `/posts/lost/`"), "{shown}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire")).arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "content/posts/newer.md:5:40: broken link `/posts/lost/`: no post or page publishes that URL\n"
    );
}

#[test]
fn site_wide_pickers_are_built_off_the_ui_thread_and_dropped_when_the_user_moved_on() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use quire::app::{Action, Effect};
    let dir = hugo_site();
    let mut app = app_for(dir.path(), 100, 24);
    // `l` asks for a job and shows nothing yet: resolving links reads the site's files.
    let Some(Effect::Pick(job)) = app.update(Action::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::NONE))) else {
        panic!("l must ask for a background job")
    };
    assert!(app.overlay().is_none());
    assert!(screen(&app).contains("checking links"), "{}", screen(&app));
    let items = job.run();
    assert!(items.iter().any(|i| i.label.starts_with('✗')), "{items:?}");
    // The user moved to another post before the answer came: it is not shown over that post.
    keys(&mut app, "j");
    app.update(Action::Picked { kind: job.kind, post: job.post.clone(), items: items.clone() });
    assert!(app.overlay().is_none());
    // Back on the post it was for, the answer opens the list.
    keys(&mut app, "k");
    app.update(Action::Picked { kind: job.kind, post: job.post, items });
    let shown = screen(&app);
    assert!(shown.contains("✗ a lost page"), "{shown}");
}

#[test]
fn tab_in_the_problems_list_hides_and_shows_missing_files_as_check_no_assets_does() {
    let dir = hugo_site();
    write(dir.path(), "content/posts/older.md", "---\ntitle: Older post\ndate: 2024-01-01\n---\nThe first. ![a chart](/img/chart.png)\n");
    let mut app = app_for(dir.path(), 100, 24);
    keys(&mut app, "!");
    let shown = screen(&app);
    assert!(shown.contains("broken link `/posts/lost/`") && shown.contains("missing file `/img/chart.png`"), "{shown}");
    keys(&mut app, "<tab>");
    let shown = screen(&app);
    assert!(shown.contains("broken link `/posts/lost/`") && !shown.contains("missing file"), "{shown}");
    // The same list as `quire check --no-assets`.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire")).arg("check").arg("--no-assets").arg(dir.path()).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // It stays hidden when the list is opened again, until Tab shows it.
    keys(&mut app, "<esc>!");
    assert!(!screen(&app).contains("missing file"), "{}", screen(&app));
    keys(&mut app, "<tab>");
    assert!(screen(&app).contains("missing file `/img/chart.png`"), "{}", screen(&app));
}
