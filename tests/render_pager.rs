//! `quire render` on a terminal pages through the user's pager when the output is taller than the
//! screen: a fake `$PAGER` records what it was given.

mod support;

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, Instant};

use support::pty::{DEADLINE, Session};

/// A post of `lines` paragraphs.
fn post(dir: &Path, lines: usize) -> std::path::PathBuf {
    let path = dir.join("post.md");
    let body: String = (1..=lines).map(|i| format!("Paragraph {i}.\n\n")).collect();
    std::fs::write(&path, format!("---\ntitle: Long\n---\n{body}")).expect("write post");
    path
}

/// A pager script that copies its input to `log` and says so on the screen.
fn fake_pager(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let log = dir.join("paged.txt");
    let script = dir.join("pager.sh");
    std::fs::write(&script, format!("#!/bin/sh\ncat > '{}'\necho FAKE-PAGER-DONE\n", log.display())).expect("write pager");
    (script, log)
}

/// Runs `quire render ARGS` in a 100x24 pty with `PAGER` set, until it exits.
fn render_in_pty(dir: &Path, args: &[&str], pager_var: &str, pager: &Path) -> Session {
    let config = dir.join("config.toml");
    std::fs::write(&config, "").expect("write config");
    let mut all: Vec<&OsStr> = vec![OsStr::new("render")];
    all.extend(args.iter().map(OsStr::new));
    let command = format!("sh {}", pager.display());
    let mut session = Session::start_command(
        &all,
        &[
            ("QUIRE_CONFIG".as_ref(), config.as_os_str()),
            (OsStr::new(pager_var), OsStr::new(&command)),
            ("NO_COLOR".as_ref(), "1".as_ref()),
        ],
    );
    let start = Instant::now();
    while session.child.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < DEADLINE, "quire render did not finish; screen:\n{}", session.screen());
        std::thread::sleep(Duration::from_millis(20));
    }
    session
}

#[test]
fn output_taller_than_the_screen_goes_through_the_pager() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = post(dir.path(), 40);
    let (pager, log) = fake_pager(dir.path());
    let session = render_in_pty(dir.path(), &[file.to_str().expect("utf-8 path")], "PAGER", &pager);
    session.wait_for("FAKE-PAGER-DONE");
    let paged = std::fs::read_to_string(&log).expect("the pager got the output");
    assert!(paged.contains("Paragraph 1.\n") && paged.contains("Paragraph 40.\n"), "{paged}");
    assert!(!session.screen().contains("Paragraph 40."), "printed as well as paged:\n{}", session.screen());
}

#[test]
fn quire_pager_wins_over_pager() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = post(dir.path(), 40);
    let (pager, log) = fake_pager(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").expect("write config");
    let command = format!("sh {}", pager.display());
    let args = [OsStr::new("render"), file.as_os_str()];
    let env = [
        ("QUIRE_CONFIG".as_ref(), config.as_os_str()),
        ("QUIRE_PAGER".as_ref(), OsStr::new(&command)),
        ("PAGER".as_ref(), OsStr::new("false")),
        ("NO_COLOR".as_ref(), "1".as_ref()),
    ];
    let session = Session::start_command(&args, &env);
    session.wait_for("FAKE-PAGER-DONE");
    assert!(std::fs::read_to_string(&log).expect("paged").contains("Paragraph 40."));
}

#[test]
fn short_output_and_paging_never_print_directly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pager, log) = fake_pager(dir.path());
    let short = post(dir.path(), 3);
    let session = render_in_pty(dir.path(), &[short.to_str().expect("utf-8 path")], "PAGER", &pager);
    session.wait_for("Paragraph 3.");
    assert!(!log.exists(), "a short post was paged");
    let long = post(dir.path(), 40);
    let session = render_in_pty(dir.path(), &[long.to_str().expect("utf-8 path"), "--paging", "never"], "PAGER", &pager);
    session.wait_for("Paragraph 40.");
    assert!(!log.exists(), "--paging never paged");
}

#[test]
fn paging_always_pages_even_a_short_post() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pager, log) = fake_pager(dir.path());
    let short = post(dir.path(), 2);
    let session = render_in_pty(dir.path(), &[short.to_str().expect("utf-8 path"), "--paging=always"], "PAGER", &pager);
    session.wait_for("FAKE-PAGER-DONE");
    assert!(std::fs::read_to_string(&log).expect("paged").contains("Paragraph 2."));
}

#[test]
fn into_a_pipe_nothing_is_paged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pager, log) = fake_pager(dir.path());
    let long = post(dir.path(), 40);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["render", "--paging", "always"])
        .arg(&long)
        .env("PAGER", format!("sh {}", pager.display()))
        .env("QUIRE_CONFIG", dir.path().join("none.toml"))
        .output()
        .expect("quire runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Paragraph 40."));
    assert!(!log.exists(), "output into a pipe was paged");
}
