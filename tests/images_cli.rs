//! `quire render` draws pictures inline only on a terminal that says it speaks a graphics
//! protocol (a fake terminal answers the query in a pty), and never writes image escapes into
//! a pipe.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::pty::{DEADLINE, Session};

const QUAD: &[u8] = include_bytes!("images/quad.png");

/// A post showing one picture, and an empty config beside it.
fn blog() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("quad.png"), QUAD).expect("write png");
    let post = dir.path().join("post.md");
    std::fs::write(&post, "---\ntitle: Picture\n---\nAbove.\n\n![Four colours](quad.png)\n\nBelow.\n").expect("write post");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").expect("write config");
    (dir, post, config)
}

/// Image escapes of any protocol: kitty APC, sixel or other DCS, iTerm2 OSC 1337.
fn has_picture(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.contains("\x1b_G") || text.contains("\x1bP") || text.contains("\x1b]1337;")
}

#[test]
fn a_pipe_never_gets_image_escapes() {
    let (_dir, post, config) = blog();
    for color in ["auto", "always"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
            .args([OsStr::new("render"), post.as_os_str(), OsStr::new("--color"), OsStr::new(color)])
            .env("QUIRE_CONFIG", &config)
            .env("TERM", "xterm-kitty")
            .output()
            .expect("run quire render");
        assert!(out.status.success());
        assert!(!has_picture(&out.stdout), "--color {color}: {:?}", String::from_utf8_lossy(&out.stdout));
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(shown.contains("[image: Four colours]") && shown.contains("quad.png"), "the placeholder line: {shown:?}");
    }
}

/// Runs `quire render post.md` in a pty; when it asks, the fake terminal gives `reply`.
fn render_answering(post: &Path, config: &Path, reply: Option<&str>) -> Vec<u8> {
    let args = [OsStr::new("render"), post.as_os_str(), OsStr::new("--paging"), OsStr::new("never")];
    let mut session = Session::start_command(&args, &[("QUIRE_CONFIG".as_ref(), config.as_os_str())]);
    let start = Instant::now();
    while !String::from_utf8_lossy(&session.written()).contains("\x1b[5n") {
        assert!(start.elapsed() < DEADLINE, "no query: {:?}", String::from_utf8_lossy(&session.written()));
        std::thread::sleep(Duration::from_millis(10));
    }
    if let Some(reply) = reply {
        session.type_keys(reply);
    }
    while session.child.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < DEADLINE, "quire render did not finish");
        std::thread::sleep(Duration::from_millis(10));
    }
    // The reader thread may still hold the last bytes.
    std::thread::sleep(Duration::from_millis(200));
    session.written()
}

#[test]
fn a_kitty_terminal_gets_the_picture_inline() {
    let (_dir, post, config) = blog();
    let out = render_answering(&post, &config, Some("\x1b_Gi=31;OK\x1b\\\x1b[6;4;2t\x1b[?62;22c\x1b[0n"));
    let text = String::from_utf8_lossy(&out);
    // 4×4 pixels at 2×4 a cell: 2 columns, 1 row, drawn from the row's start, cursor kept.
    assert!(text.contains("\n\x1b[1A\r\x1b7\x1b_Ga=T,f=100,t=d,q=2,C=1,c=2,r=1,m=0;iVBORw0KGgo"), "{text:?}");
    assert!(text.contains("Four colours"), "the alt text under it");
    assert!(!text.contains("[image: Four colours]"), "no placeholder line");
}

#[test]
fn a_sixel_terminal_gets_sixels_and_a_silent_one_gets_none() {
    let (_dir, post, config) = blog();
    let out = render_answering(&post, &config, Some("\x1b[6;4;2t\x1b[?62;4;22c\x1b[0n"));
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("\x1bP9;1;0q\"1;1;4;4"), "a 4×4 sixel: {text:?}");
    // No answer at all: after the wait, the placeholder line and no escapes.
    let out = render_answering(&post, &config, None);
    let after_query = String::from_utf8_lossy(&out).split("\x1b[5n").nth(1).unwrap_or_default().to_string();
    assert!(!has_picture(after_query.as_bytes()), "{after_query:?}");
    assert!(after_query.contains("[image: Four colours]") && after_query.contains("quad.png"), "{after_query:?}");
}
