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
    assert!(app.list().offset() > 0, "the list scrolled");
    support::keys(&mut app, "/zebra<enter>");
    assert_eq!(app.entries().len(), 6);
    assert_eq!(app.list().offset(), 0);
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
fn a_message_is_never_cut_at_any_length() {
    let dir = blog(3);
    let mut app = support::app_for(dir.path(), 80, 24);
    for len in 60..=150 {
        let text: String = "word ".repeat(len / 5 + 1)[..len].trim_end().to_string();
        support::drive(&mut app, Action::Say(Message { text: text.clone(), level: Level::Info }));
        let screen = support::screen(&app);
        let rows: Vec<&str> = screen.lines().collect();
        let shown = format!("{} {}", rows[22].trim(), rows[23].trim());
        assert!(shown.trim().ends_with(text.as_str()) && !shown.contains('…'), "{len}: {shown:?}");
    }
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

mod clipboard_and_links {
    use super::support;
    use quire::app::{Access, Action, App, Effect, Options};
    use quire::library::Library;

    /// A Zola site with a base URL, a post linking out.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), "base_url = \"https://example.org/blog/\"\n").expect("config");
        std::fs::create_dir_all(dir.path().join("content/notes")).expect("content");
        std::fs::write(
            dir.path().join("content/notes/hello-world.md"),
            "+++\ntitle = \"Hello\"\ndate = 2024-01-01\n+++\n\nSee [Rust](https://www.rust-lang.org/learn).\n",
        )
        .expect("post");
        dir
    }

    fn app(root: &std::path::Path, access: Access) -> App {
        let mut app = App::new(root.to_path_buf(), Options { access, ..Options::default() });
        support::drive(&mut app, Action::Resize(100, 30));
        support::drive(&mut app, Action::Loaded(Library::open(root)));
        app
    }

    fn press(app: &mut App, keys: &str) -> Option<Effect> {
        let mut last = None;
        for c in keys.chars() {
            let code = if c == '\n' { crossterm::event::KeyCode::Enter } else { crossterm::event::KeyCode::Char(c) };
            last = support::drive(app, Action::Key(crossterm::event::KeyEvent::from(code)));
        }
        last
    }

    fn copied(effect: Option<Effect>) -> String {
        match effect {
            Some(Effect::Copy(text)) => text,
            other => panic!("expected a copy, got {other:?}"),
        }
    }

    #[test]
    fn y_copies_the_path_in_the_blog_and_y_upper_the_url_on_the_site() {
        let dir = site();
        let mut app = app(dir.path(), Access::FULL);
        assert_eq!(copied(press(&mut app, "y")), "content/notes/hello-world.md");
        assert_eq!(app.message().map(|m| m.text.as_str()), Some("copied the path: content/notes/hello-world.md"));
        assert_eq!(copied(press(&mut app, "Y")), "https://example.org/blog/notes/hello-world/");
    }

    #[test]
    fn a_plain_folder_has_no_url_to_copy_and_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.md"), "---\ntitle: A\n---\nx\n").expect("post");
        let mut app = app(dir.path(), Access::FULL);
        assert!(press(&mut app, "Y").is_none());
        assert!(app.message().is_some_and(|m| m.text.contains("no base URL")), "{:?}", app.message());
    }

    #[test]
    fn in_the_links_list_y_copies_and_enter_opens_or_copies_when_served() {
        let dir = site();
        let mut app = app(dir.path(), Access::FULL);
        assert_eq!(copied(press(&mut app, "ly")), "https://www.rust-lang.org/learn");
        match press(&mut app, "\n") {
            Some(Effect::OpenUrl(url)) => assert_eq!(url, "https://www.rust-lang.org/learn"),
            other => panic!("expected an open, got {other:?}"),
        }
        // The opener could not (over SSH, no display): the app copies it and says why.
        let effect = support::drive(
            &mut app,
            Action::OpenFailed { url: "https://www.rust-lang.org/learn".into(), reason: quire::opener::OpenUrlError::OverSsh },
        );
        assert_eq!(copied(effect), "https://www.rust-lang.org/learn");
        assert_eq!(
            app.message().map(|m| m.text.as_str()),
            Some("over SSH, nothing opens here: copied the link: https://www.rust-lang.org/learn")
        );

        let mut served = self::app(dir.path(), Access::READER);
        assert_eq!(copied(press(&mut served, "l\n")), "https://www.rust-lang.org/learn");
    }
}
