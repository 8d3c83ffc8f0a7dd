//! The real binary in a pty over hostile files: every byte it writes to the terminal is scanned for
//! controls that came from a file, and special files (a FIFO saved over, a FIFO appearing) never
//! stop the screen or `q`.

mod support;

use std::path::Path;
use std::time::Duration;

use support::hostile::{Colors, assert_inert, hostile_config, hostile_folder};
use support::pty::Session;

/// Time for crossterm to tell a lone Esc from the start of an escape sequence, and for a debug
/// build to draw.
const KEY_GAP: Duration = Duration::from_millis(150);

fn press(session: &mut Session, keys: &[&str]) {
    for key in keys {
        session.type_keys(key);
        std::thread::sleep(KEY_GAP);
    }
}

#[test]
fn the_tui_on_the_hostile_folder_writes_nothing_that_drives_a_terminal() {
    let dir = hostile_folder();
    let settings = tempfile::tempdir().expect("temp dir");
    let config = hostile_config(settings.path());
    let mut session = Session::start_with_config(dir.path(), &config);
    session.wait_for("Posts (");
    // The config's bad `sort` is quoted in the status line, made visible.
    session.wait_for("^[]0;pwned^G");
    let posts = std::fs::read_dir(dir.path()).expect("read dir").count();
    for _ in 0..posts {
        // Down the list, into the reader, to the end of the post, back.
        press(&mut session, &["j", "\t", "G", "\t"]);
    }
    for keys in [
        &["g", "/", "P", "L", "A", "N", "T", "E", "D", "\r"][..],
        &["!"],
        &["\x1b", "t"],
        &["\x1b", "o"],
        &["\x1b", "l"],
        &["\x1b", "?"],
        &["\x1b"],
    ] {
        press(&mut session, keys);
    }
    session.wait_for("^[[2JPLANTED-T");
    session.wait_for("<U+202E>PLANTED-R");
    press(&mut session, &["\x1b", "\x1b", "/", "2", "J", "P", "L", "A", "N", "T", "E", "D", "-", "T", "\r", "e"]);
    // The form shows the post's keys, the one with an escape made visible.
    session.wait_for("^[[1mPLANTED");
    let status = session.quit_with("\x03");
    assert!(status.success(), "quire exited with {status:?}");
    std::thread::sleep(KEY_GAP);
    assert_inert("the TUI", &session.written(), Colors::On);
}

/// A blog of one post, `p.md`.
fn one_post_blog(dir: &Path) -> std::path::PathBuf {
    let blog = dir.join("blog");
    std::fs::create_dir_all(&blog).expect("mkdir");
    std::fs::write(blog.join("p.md"), "---\ntitle: Only post\ndate: 2024-01-01\n---\nBody\n").expect("write");
    blog
}

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs").success());
}

#[cfg(unix)]
#[test]
fn saving_a_form_whose_file_became_a_fifo_says_so_and_quire_still_quits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = one_post_blog(dir.path());
    let mut session = Session::start(&blog);
    session.wait_for("Only post");
    press(&mut session, &["e"]);
    session.wait_for("No changes yet");
    press(&mut session, &["!"]);
    std::fs::remove_file(blog.join("p.md")).expect("rm");
    mkfifo(&blog.join("p.md"));
    press(&mut session, &["\r"]);
    session.wait_for("not a regular file (a FIFO)");
    let status = session.quit_with("\x03");
    assert!(status.success(), "quire exited with {status:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_appearing_in_the_folder_does_not_stop_live_reload() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = one_post_blog(dir.path());
    let mut session = Session::start(&blog);
    session.wait_for("Only post");
    mkfifo(&blog.join("new.md"));
    // Let the watcher see the FIFO alone first, then a post written after it.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(blog.join("later.md"), "---\ntitle: Written later\ndate: 2024-02-01\n---\n").expect("write");
    session.wait_for("Written later");
    press(&mut session, &["!"]);
    session.wait_for("not a regular file (a FIFO)");
    let status = session.quit_with("\x03");
    assert!(status.success(), "quire exited with {status:?}");
}
