//! The mouse, the filtered help and the list's width, through `update` as the event loop sends
//! them, checked on the drawn screen.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use quire::app::{Action, App, Effect, Focus, Options, Overlay};
use quire::library::Library;
use support::{app_for, blog, drive, keys, screen};

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Action {
    Action::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
}

fn wheel_down(column: u16, row: u16) -> Action {
    mouse(MouseEventKind::ScrollDown, column, row)
}

fn click(column: u16, row: u16) -> Action {
    mouse(MouseEventKind::Down(MouseButton::Left), column, row)
}

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    drive(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// A blog of 40 long posts (so both the list and the reading pane can scroll); the newest links
/// to another post and to a site outside.
fn long_blog(options: Options, width: u16, height: u16) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let body: String = (1..=80).map(|i| format!("Paragraph {i} of this post.\n\n")).collect();
    for i in 0..40 {
        let links = if i == 39 { "Read [the first post](post-00.md) or [the outside](https://example.com/out).\n\n" } else { "" };
        let text = format!("---\ntitle: Post number {i:02}\ndate: 2024-{:02}-{:02}\n---\n{links}{body}", 1 + i / 20, 1 + i % 20);
        std::fs::write(dir.path().join(format!("post-{i:02}.md")), text).expect("write");
    }
    let mut app = App::new(dir.path().to_path_buf(), options);
    drive(&mut app, Action::Resize(width, height));
    drive(&mut app, Action::Loaded(Library::open(dir.path())));
    (dir, app)
}

/// Column and row where `needle` is drawn.
fn find(app: &App, needle: &str) -> (u16, u16) {
    let shown = screen(app);
    for (row, line) in shown.lines().enumerate() {
        if let Some(at) = line.find(needle) {
            return (line[..at].chars().count() as u16, row as u16);
        }
    }
    panic!("{needle} is not on screen:\n{shown}");
}

fn title(app: &App) -> String {
    app.selected_post().map(|p| p.title.clone()).unwrap_or_default()
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let (_dir, mut app) = long_blog(Options::default(), 120, 24);
    assert_eq!((app.list().offset(), app.list().selected(), app.reader().scroll), (0, 0, 0));
    // Over the reading pane (x 48 and right): the post scrolls, the list stays.
    drive(&mut app, wheel_down(80, 10));
    drive(&mut app, wheel_down(80, 10));
    assert_eq!((app.list().offset(), app.list().selected(), app.reader().scroll), (0, 0, 6));
    drive(&mut app, mouse(MouseEventKind::ScrollUp, 80, 10));
    assert_eq!(app.reader().scroll, 3);
    // Over the list: the list scrolls, dragging the selection along only when it would leave.
    drive(&mut app, wheel_down(10, 5));
    assert_eq!((app.list().offset(), app.list().selected()), (1, 1));
    assert!(screen(&app).lines().nth(1).is_some_and(|l| l.contains("Post number 38")), "{}", screen(&app));
    for _ in 0..100 {
        drive(&mut app, wheel_down(10, 5));
    }
    // 40 posts in 21 rows: the view stops with the last post on the last row.
    assert_eq!((app.list().offset(), app.list().selected()), (19, 19));
    assert!(screen(&app).lines().nth(21).is_some_and(|l| l.contains("Post number 00")), "{}", screen(&app));
    drive(&mut app, mouse(MouseEventKind::ScrollUp, 10, 5));
    assert_eq!((app.list().offset(), app.list().selected()), (18, 19), "the selection is still shown: it stays");
    assert_eq!(app.screen().focus(), Focus::List, "the wheel moves nothing but the view");
}

#[test]
fn a_click_selects_a_post_or_focuses_the_pane() {
    let (_dir, mut app) = long_blog(Options::default(), 120, 24);
    let (column, row) = find(&app, "Post number 35");
    drive(&mut app, click(column + 3, row));
    assert_eq!(title(&app), "Post number 35");
    drive(&mut app, click(90, 12));
    assert_eq!((app.screen().focus(), title(&app).as_str()), (Focus::Reader, "Post number 35"));
    // The list's border focuses the list without choosing another post.
    drive(&mut app, click(0, 0));
    assert_eq!((app.screen().focus(), title(&app).as_str()), (Focus::List, "Post number 35"));
    // Clicking the selected post again reads it; at 80 columns that brings the reading pane.
    drive(&mut app, click(column + 3, row));
    assert_eq!((app.screen().focus(), title(&app).as_str()), (Focus::Reader, "Post number 35"));
    let (_narrow_dir, mut narrow) = long_blog(Options::default(), 80, 24);
    drive(&mut narrow, click(10, 3));
    assert_eq!((narrow.screen().focus(), title(&narrow).as_str()), (Focus::List, "Post number 37"));
    drive(&mut narrow, click(10, 3));
    assert_eq!(narrow.screen().focus(), Focus::Reader);
    assert!(screen(&narrow).contains("Paragraph 1 of this post."), "{}", screen(&narrow));
    // Below the last post and on the status line: nothing changes.
    let five = blog();
    let mut short = app_for(&five.path(), 120, 24);
    drive(&mut short, click(10, 15));
    drive(&mut short, click(10, 23));
    assert_eq!(short.list().selected(), 0);
}

#[test]
fn a_click_on_a_links_text_or_reference_follows_it_as_the_links_list_does() {
    let (_dir, mut app) = long_blog(Options::default(), 120, 24);
    assert_eq!(title(&app), "Post number 39");
    let (column, row) = find(&app, "first post");
    assert!(column >= 48, "in the reading pane");
    drive(&mut app, click(column + 2, row));
    assert_eq!(title(&app), "Post number 00", "the link led to its post");
    assert!(screen(&app).contains("back to the previous post"), "{}", screen(&app));
    press(&mut app, KeyCode::Backspace);
    assert_eq!(title(&app), "Post number 39");
    // An outside link's reference: opened (the local TUI may), as Enter in the links list.
    let (column, row) = find(&app, "[2]");
    let effect = drive(&mut app, click(column + 1, row));
    assert!(matches!(&effect, Some(Effect::OpenUrl(url)) if url == "https://example.com/out"), "{effect:?}");
    // A click beside the links only focuses the pane.
    let (column, row) = find(&app, "Paragraph 1 of");
    assert!(drive(&mut app, click(column, row)).is_none());
    assert_eq!((app.screen().focus(), title(&app).as_str()), (Focus::Reader, "Post number 39"));
}

#[test]
fn m_releases_the_mouse_and_takes_it_back() {
    let (_dir, mut app) = long_blog(Options::default(), 120, 24);
    assert!(app.mouse_captured());
    let effect = press(&mut app, KeyCode::Char('M'));
    assert!(matches!(effect, Some(Effect::Mouse(false))), "{effect:?}");
    assert!(screen(&app).contains("mouse released: the terminal selects text (M takes the mouse back)"), "{}", screen(&app));
    // Reports still on their way are dropped.
    drive(&mut app, wheel_down(80, 10));
    drive(&mut app, click(10, 5));
    assert_eq!((app.reader().scroll, app.list().selected()), (0, 0));
    let effect = press(&mut app, KeyCode::Char('M'));
    assert!(matches!(effect, Some(Effect::Mouse(true))), "{effect:?}");
    assert!(screen(&app).contains("mouse on"), "{}", screen(&app));
    drive(&mut app, wheel_down(80, 10));
    assert_eq!(app.reader().scroll, 3);
}

#[test]
fn with_mouse_false_the_mouse_is_never_taken_and_reports_do_nothing() {
    let (_dir, mut app) = long_blog(Options { mouse: false, ..Options::default() }, 120, 24);
    assert!(!app.mouse_captured());
    drive(&mut app, wheel_down(80, 10));
    drive(&mut app, wheel_down(10, 5));
    drive(&mut app, click(10, 5));
    assert_eq!((app.reader().scroll, app.list().offset(), app.list().selected()), (0, 0, 0));
    assert!(press(&mut app, KeyCode::Char('M')).is_none(), "nothing to ask of the terminal");
    assert!(screen(&app).contains("the mouse is off in config.toml (mouse = false)"), "{}", screen(&app));
}

#[test]
fn over_a_popup_the_wheel_scrolls_it_and_clicks_never_reach_the_screen_under_it() {
    let (_dir, mut app) = long_blog(Options::default(), 120, 24);
    keys(&mut app, "?");
    drive(&mut app, wheel_down(60, 10));
    assert!(matches!(app.overlay(), Some(Overlay::Help(help)) if help.scroll == 3), "{:?}", app.overlay());
    // Where the list shows under the popup: no post is chosen, no pane scrolls.
    let (column, row) = (2, 8);
    drive(&mut app, click(column, row));
    drive(&mut app, wheel_down(100, 10));
    assert_eq!((app.list().selected(), app.list().offset(), app.reader().scroll), (0, 0, 0));
    assert!(app.overlay().is_some());
    keys(&mut app, "<esc>l");
    drive(&mut app, wheel_down(60, 10));
    assert!(matches!(app.overlay(), Some(Overlay::Picker(p)) if p.selected == 1), "{:?}", app.overlay());
    drive(&mut app, wheel_down(60, 10));
    assert!(matches!(app.overlay(), Some(Overlay::Picker(p)) if p.selected == 1), "the last of two links: {:?}", app.overlay());
}

#[test]
fn typing_in_the_help_narrows_it_to_matching_keys() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 80, 24);
    keys(&mut app, "?link");
    let shown = screen(&app);
    assert!(shown.contains("Filter: link"), "{shown}");
    assert!(shown.contains("links: follow one to a post") && shown.contains("posts that link to this one"), "{shown}");
    assert!(!shown.contains("next post") && !shown.contains("next item"), "only matching keys:\n{shown}");
    insta::assert_snapshot!("help_filtered", shown);
    // By key too: `C-d` is half a page down, and removes a key in the form.
    keys(&mut app, "<bs><bs><bs><bs>c-d");
    let shown = screen(&app);
    assert!(shown.contains("half page down") && shown.contains("remove the key"), "{shown}");
    assert!(!shown.contains("links:"), "{shown}");
    // Nothing matches: said so. Backspace edits, Esc clears, Esc again closes.
    keys(&mut app, "zzz");
    assert!(screen(&app).contains("No key matches “c-dzzz”."), "{}", screen(&app));
    keys(&mut app, "<bs><bs><bs>");
    assert!(screen(&app).contains("Filter: c-d"));
    keys(&mut app, "<esc>");
    let cleared = screen(&app);
    assert!(!cleared.contains("Filter:") && cleared.contains("next post"), "{cleared}");
    keys(&mut app, "<esc>");
    assert!(app.overlay().is_none());
    // Letters that move in lists (j, k, q) type; `?` on an empty filter closes as it opened.
    keys(&mut app, "?jq");
    assert!(screen(&app).contains("Filter: jq"));
    keys(&mut app, "<esc><esc>??");
    assert!(app.overlay().is_none());
}

#[test]
fn the_help_describes_the_keys_for_the_pane_that_has_them() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 30);
    keys(&mut app, "?");
    let list = screen(&app);
    assert!(list.contains("Keys here (the post list)") && list.contains("j ↓  next post"), "{list}");
    keys(&mut app, "<esc><tab>?");
    let reading = screen(&app);
    assert!(reading.contains("Keys here (the reading pane)") && reading.contains("j ↓  scroll down a line"), "{reading}");
    assert!(reading.contains("Enter Tab  back to the list"), "{reading}");
    // Read-only sessions are not shown what they cannot do.
    let mut served = App::new(dir.path(), Options { access: quire::app::Access::READER, ..Options::default() });
    drive(&mut served, Action::Resize(100, 60));
    drive(&mut served, Action::Loaded(Library::open(&dir.path())));
    keys(&mut served, "?");
    let shown = screen(&served);
    assert!(!shown.contains("edit front matter") && !shown.contains("In the front-matter form"), "{shown}");
}

fn width_key(app: &mut App, wider: bool) {
    press(app, KeyCode::Char(if wider { '>' } else { '<' }));
}

#[test]
fn at_80_columns_a_narrower_list_brings_the_post_beside_it() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 80, 24);
    assert!(!screen(&app).contains("Terminals are everywhere"), "one pane at 80 columns");
    width_key(&mut app, false);
    assert_eq!(app.screen().list_width(), 35);
    assert!(screen(&app).contains("list width 35% (beside the post from 93 columns)"), "{}", screen(&app));
    width_key(&mut app, false);
    width_key(&mut app, false);
    assert_eq!(app.screen().list_width(), 25);
    let shown = screen(&app);
    assert!(shown.contains("list width 25%"), "{shown}");
    insta::assert_snapshot!("list_width_25_at_80x24", shown);
    // Narrower would leave the list under 20 columns, so the panes hold.
    width_key(&mut app, false);
    assert_eq!(app.screen().list_width(), 25);
    assert!(screen(&app).contains("a narrower list would get under 20 columns here; it stays at 25%"), "{}", screen(&app));
    // Wider takes the reading pane under 60 columns: it holds too.
    width_key(&mut app, true);
    assert_eq!(app.screen().list_width(), 25);
    assert!(screen(&app).contains("a wider list would leave the post under 60 columns here; the list stays at 25%"), "{}", screen(&app));
}

#[test]
fn on_a_wide_terminal_the_list_widens_and_narrows_by_steps_within_its_bounds() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 200, 30);
    for _ in 0..20 {
        width_key(&mut app, true);
    }
    // 200 columns: 140 for the list leaves the reading pane its 60.
    assert_eq!(app.screen().list_width(), 70);
    let (column, _) = find(&app, "╭ 2024-03-01-rust-tui.md");
    assert_eq!(column, 140);
    for _ in 0..20 {
        width_key(&mut app, false);
    }
    assert_eq!(app.screen().list_width(), 15, "the smallest share");
    assert!(screen(&app).contains("the list is at its narrowest: 15%"), "{}", screen(&app));
    let (column, _) = find(&app, "╭ 2024-03-01-rust-tui.md");
    assert_eq!(column, 30);
}

#[test]
fn list_width_from_the_config_sets_the_start() {
    let dir = blog();
    let mut app = App::new(dir.path(), Options { list_width: 25, ..Options::default() });
    drive(&mut app, Action::Resize(80, 24));
    drive(&mut app, Action::Loaded(Library::open(&dir.path())));
    let (column, _) = find(&app, "╭ 2024-03-01-rust-tui.md");
    assert_eq!(column, 20);
}

#[test]
fn the_real_binary_takes_the_mouse_follows_a_click_and_gives_the_mouse_back_on_quit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    support::write_blog(&blog);
    let mut session = support::pty::Session::start(&blog);
    session.wait_for("Posts (5)");
    let on = b"\x1b[?1000h\x1b[?1006h";
    let off = b"\x1b[?1006l\x1b[?1000l";
    let position = |bytes: &[u8], what: &[u8]| bytes.windows(what.len()).rposition(|w| w == what);
    assert!(position(&session.written(), on).is_some(), "mouse reporting asked for");
    // A click (SGR, 1-based) on the third row of the list: the second post.
    session.type_keys("\x1b[<0;8;3M\x1b[<0;8;3m");
    session.wait_for("╭ drafts/ideas.md");
    let status = session.quit();
    assert!(status.success(), "quire exited with {status:?}");
    let written = session.written();
    assert!(position(&written, off) > position(&written, on), "reporting is off at the end");
    assert!(!session.alternate_screen());
}

#[test]
fn f1_opens_the_help_over_a_popup_or_the_search_line_with_their_keys_first() {
    let dir = blog();
    let mut app = app_for(&dir.path(), 100, 40);
    keys(&mut app, "t");
    press(&mut app, KeyCode::F(1));
    let shown = screen(&app);
    let here = shown.find("Keys here (the tag filter; type to narrow it)").expect(&shown);
    let main = shown.find("On the main screen").expect(&shown);
    assert!(here < main && shown.contains("choose / drop the tag"), "{shown}");
    // Esc gives the tag filter back, as it was.
    keys(&mut app, "<esc>");
    assert!(matches!(app.overlay(), Some(Overlay::Tags(_))), "{:?}", app.overlay());
    keys(&mut app, "<esc>/ru");
    press(&mut app, KeyCode::F(1));
    assert!(screen(&app).contains("Keys here (the line being typed)"), "{}", screen(&app));
    keys(&mut app, "<esc>st");
    assert_eq!(app.search().query(), "rust", "back to typing the search");
}

#[test]
fn the_help_over_the_form_keeps_the_edits_and_a_save_that_lands_meanwhile_closes_the_form() {
    let dir = blog();
    let root = dir.path();
    let mut app = app_for(&root, 100, 40);
    keys(&mut app, "e");
    keys(&mut app, "!");
    let edited = screen(&app);
    press(&mut app, KeyCode::F(1));
    let shown = screen(&app);
    assert!(shown.contains("Keys here (the form; type to edit)") && shown.contains("add a key"), "{shown}");
    keys(&mut app, "<esc>");
    assert_eq!(screen(&app), edited, "the form is back with the edit");
    // Enter saves (a job); the help opens before the answer comes.
    let save = app.update(Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))).expect("a save");
    press(&mut app, KeyCode::F(1));
    let done = quire::tui::write_files(save, &root).expect("an answer");
    drive(&mut app, done);
    assert!(matches!(app.overlay(), Some(Overlay::Help(help)) if help.behind.is_none()), "the form under it closed: {:?}", app.overlay());
    assert!(screen(&app).contains("saved 2024-03-01-rust-tui.md"), "{}", screen(&app));
    keys(&mut app, "<esc>");
    assert!(app.overlay().is_none());
    assert!(app.selected_post().is_some_and(|p| p.title.ends_with('!')), "{:?}", app.selected_post().map(|p| &p.title));
}

#[test]
fn hints_name_the_keys_as_remapped() {
    let keys_toml = "[keys]\n\"line.accept\" = \"tab\"\n\"line.close\" = \"ctrl-g\"\n\"form.add-key\" = \"ctrl-k\"\n\
                     \"tags.toggle\" = \"x\"\n\"list.close\" = \"ctrl-q\"\nnew = \"ctrl-b\"\n";
    let (config, warnings) = quire::config::parse(keys_toml, "config.toml");
    assert!(warnings.is_empty(), "{warnings:?}");
    let (keymap, warnings) = quire::app::keymap::Keymap::with_overrides(&config.keys);
    assert!(warnings.is_empty(), "{warnings:?}");
    let dir = blog();
    let mut app = App::new(dir.path(), Options { keymap, ..Options::default() });
    drive(&mut app, Action::Resize(120, 30));
    drive(&mut app, Action::Loaded(Library::open(&dir.path())));

    keys(&mut app, "/");
    let line = screen(&app);
    assert!(line.contains("Tab keep · C-g clear"), "{line}");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "?");
    assert!(screen(&app).contains("type to filter, C-q closes"), "{}", screen(&app));
    drive(&mut app, Action::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)));
    keys(&mut app, "t");
    assert!(screen(&app).contains("x toggle · Tab all/any · Enter done"), "{}", screen(&app));
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "e");
    assert!(screen(&app).contains("Enter save · Esc cancel · ↑↓ rows · C-k add key"), "{}", screen(&app));
    press(&mut app, KeyCode::Esc);
    drive(&mut app, Action::Key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL)));
    assert!(screen(&app).contains("Tab creates a draft named from the title · C-g cancels"), "{}", screen(&app));
}

#[test]
fn an_empty_list_offers_only_keys_the_session_may_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = |access| {
        let mut app = App::new(dir.path().to_path_buf(), Options { access, ..Options::default() });
        drive(&mut app, Action::Resize(80, 24));
        drive(&mut app, Action::Loaded(Library::open(dir.path())));
        screen(&app)
    };
    assert!(empty(quire::app::Access::FULL).contains("Press a to write one."));
    let served = empty(quire::app::Access::READER);
    assert!(served.contains("No Markdown posts in") && !served.contains("Press a"), "{served}");
    let gone = dir.path().join("gone");
    let failed = |access| {
        let mut app = App::new(gone.clone(), Options { access, ..Options::default() });
        drive(&mut app, Action::Resize(80, 24));
        drive(&mut app, Action::Loaded(Library::open(&gone)));
        screen(&app)
    };
    assert!(failed(quire::app::Access::FULL).contains("Press r to try again, q to quit."));
    let served = failed(quire::app::Access::READER);
    assert!(served.contains("Press q to quit.") && !served.contains("Press r"), "{served}");
}
