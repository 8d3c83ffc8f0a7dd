//! `E` opens the editor at the line being read, and `a` opens the new post at once: fake editors
//! record the argument vector they were given.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::pty::{DEADLINE, Session};

/// Paragraph `i` of the post is on file line `BODY_LINE + 2 * (i - 1)`.
const BODY_LINE: usize = 4;

fn blog(root: &Path) -> PathBuf {
    std::fs::create_dir_all(root).expect("mkdir");
    let body: String = (1..=60).map(|i| format!("Paragraph {i}.\n\n")).collect();
    let post = root.join("long.md");
    std::fs::write(&post, format!("---\ntitle: Long\n---\n{body}")).expect("write post");
    post
}

/// An executable `name` in `dir` that writes each argument on a line of `name.log`.
fn fake_editor(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let log = dir.join(format!("{name}.log"));
    let script = dir.join(name);
    std::fs::write(&script, format!("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n", log.display())).expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (script, log)
}

fn start(dir: &Path, root: &Path, config: &str) -> Session {
    let config_path = dir.join("config.toml");
    std::fs::write(&config_path, config).expect("write config");
    Session::start_with_config(root, &config_path)
}

/// What the fake editor recorded, once it has exited and quire has taken the terminal back.
fn wait_for_file(path: &Path, session: &Session) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && session.alternate_screen()
        {
            settled(session);
            return text;
        }
        assert!(start.elapsed() < DEADLINE, "{} never appeared; screen:\n{}", path.display(), session.screen());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The screen once it has stopped changing (every key typed has been handled).
fn settled(session: &Session) -> String {
    let start = Instant::now();
    let mut last = session.screen();
    loop {
        std::thread::sleep(Duration::from_millis(150));
        let now = session.screen();
        if now == last {
            return now;
        }
        assert!(start.elapsed() < DEADLINE, "the screen never settled");
        last = now;
    }
}

/// The lowest paragraph number on the screen: the one at the top of the reading pane.
fn top_paragraph(screen: &str) -> usize {
    screen.split("Paragraph ").skip(1).filter_map(|rest| rest.split('.').next()?.parse().ok()).min().expect("a paragraph on screen")
}

fn edit_at_scrolled_line(editor: &str, expected: impl Fn(&Path, usize) -> Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("blog");
    let post = blog(&root);
    let (script, log) = fake_editor(dir.path(), editor);
    let mut session = start(dir.path(), &root, &format!("editor = \"{}\"\n", script.display()));
    session.wait_for("Paragraph 1.");
    session.type_keys("\r");
    for _ in 0..15 {
        session.type_keys("j");
    }
    let screen = settled(&session);
    let top = top_paragraph(&screen);
    assert!(top > 3, "the pane did not scroll:\n{screen}");
    session.type_keys("E");
    let args = wait_for_file(&log, &session);
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args, expected(&post, BODY_LINE + 2 * (top - 1)), "top paragraph {top}; screen:\n{screen}");
    session.quit();
}

#[test]
fn vim_opens_at_the_line_at_the_top_of_the_reading_pane() {
    edit_at_scrolled_line("vim", |post, line| vec![format!("+{line}"), post.display().to_string()]);
}

#[test]
fn helix_and_vs_code_get_file_colon_line() {
    edit_at_scrolled_line("hx", |post, line| vec![format!("{}:{line}", post.display())]);
    edit_at_scrolled_line("code", |post, line| vec!["-g".to_string(), format!("{}:{line}", post.display())]);
}

#[test]
fn another_editor_gets_only_the_file() {
    edit_at_scrolled_line("myeditor", |post, _| vec![post.display().to_string()]);
}

#[test]
fn unscrolled_e_opens_at_the_top_of_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("blog");
    let post = blog(&root);
    let (script, log) = fake_editor(dir.path(), "nvim");
    let mut session = start(dir.path(), &root, &format!("editor = \"{}\"\n", script.display()));
    session.wait_for("Paragraph 1.");
    session.type_keys("E");
    assert_eq!(wait_for_file(&log, &session), format!("{}\n", post.display()));
    session.quit();
}

#[test]
fn a_new_post_opens_in_the_editor_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("blog");
    blog(&root);
    let (script, log) = fake_editor(dir.path(), "nvim");
    let mut session = start(dir.path(), &root, &format!("editor = \"{}\"\n", script.display()));
    session.wait_for("Paragraph 1.");
    session.type_keys("aFresh idea\r");
    assert_eq!(wait_for_file(&log, &session), format!("{}\n", root.join("fresh-idea.md").display()));
    session.wait_for("Fresh idea");
    session.quit();
}

#[test]
fn open_new_in_editor_false_only_creates_the_post() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("blog");
    blog(&root);
    let (script, log) = fake_editor(dir.path(), "nvim");
    let mut session = start(dir.path(), &root, &format!("editor = \"{}\"\nopen_new_in_editor = false\n", script.display()));
    session.wait_for("Paragraph 1.");
    session.type_keys("aFresh idea\r");
    session.wait_for("E opens it in your editor");
    assert!(root.join("fresh-idea.md").is_file());
    std::thread::sleep(Duration::from_millis(200));
    assert!(!log.exists(), "the editor was started");
    session.quit();
}
