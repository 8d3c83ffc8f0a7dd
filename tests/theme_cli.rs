//! `quire themes` as a user runs it: bundled and user themes listed, the one in use marked, broken
//! files named, config warnings on stderr.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn quire(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env("QUIRE_CONFIG", config.join("config.toml"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run quire")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn line_of<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find(|l| l.get(2..).is_some_and(|rest| rest.starts_with(&format!("{name} "))))
        .unwrap_or_else(|| panic!("no line for {name} in\n{text}"))
}

#[test]
fn lists_the_bundled_themes_and_marks_the_default_in_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = quire(dir.path(), &["themes"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(line_of(&text, "dark").starts_with("* dark"), "{text}");
    assert!(line_of(&text, "dark").contains("bundled, default"), "{text}");
    for name in ["light", "ansi16", "high-contrast"] {
        assert!(line_of(&text, name).starts_with("  "), "{text}");
        assert!(line_of(&text, name).contains("bundled"), "{text}");
    }
    assert!(text.contains("chosen by the default"), "{text}");
}

#[test]
fn a_user_theme_in_the_config_folder_is_listed_and_picked_from_the_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("themes")).expect("mkdir");
    fs::write(dir.path().join("themes/mine.toml"), "extends = \"light\"\ndescription = \"My colors\"\n").expect("write");
    fs::write(dir.path().join("config.toml"), "theme = \"mine\"\n").expect("write");
    let text = stdout(&quire(dir.path(), &["themes"]));
    assert!(line_of(&text, "mine").starts_with("* mine"), "{text}");
    assert!(line_of(&text, "mine").contains("user") && line_of(&text, "mine").contains("My colors"), "{text}");
    assert!(text.contains("chosen by config.toml"), "{text}");
}

#[test]
fn the_theme_flag_beats_the_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("config.toml"), "theme = \"light\"\n").expect("write");
    let text = stdout(&quire(dir.path(), &["themes", "--theme", "ansi16"]));
    assert!(line_of(&text, "ansi16").starts_with('*'), "{text}");
    assert!(line_of(&text, "light").starts_with(' '), "{text}");
}

#[test]
fn a_broken_user_theme_is_shown_with_file_line_and_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("themes")).expect("mkdir");
    fs::write(dir.path().join("themes/bad.toml"), "[render]\nlink = { fg = \"blurple\" }\n").expect("write");
    let text = stdout(&quire(dir.path(), &["themes", "--theme", "bad"]));
    let line = line_of(&text, "bad");
    assert!(line.contains("BROKEN") && line.contains("bad.toml, line 2: render.link.fg"), "{text}");
    assert!(text.contains("quire uses \"dark\" instead"), "{text}");
}

#[test]
fn config_warnings_go_to_stderr_naming_the_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("config.toml"), "thme = \"light\"\n").expect("write");
    let out = quire(dir.path(), &["themes"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml, line 1: unknown key `thme`"), "{err}");
    assert!(out.status.success());
}

#[test]
fn code_themes_include_bats_ansi_and_user_tmthemes() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("themes")).expect("mkdir");
    fs::write(dir.path().join("themes/Mine.tmTheme"), "").expect("write");
    let text = stdout(&quire(dir.path(), &["themes", "--code", "--theme", "ansi16"]));
    assert!(text.lines().any(|l| l.starts_with("* ansi ")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("  Mine ") && l.ends_with("user")), "{text}");
}

#[test]
fn with_color_each_theme_shows_a_sample_in_its_own_colors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(&quire(dir.path(), &["themes", "--color", "256"]));
    let dark = line_of(&text, "dark");
    assert!(dark.contains("\x1b[38;5;") && dark.contains("Heading"), "{dark:?}");
    assert!(!text.contains("\x1b[38;2;"), "256 colors only: {text:?}");
}

#[test]
fn no_color_in_the_environment_keeps_the_list_plain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["themes", "--color", "always"])
        .env("QUIRE_CONFIG", dir.path().join("config.toml"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run quire");
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "{text:?}");
    assert!(!line_of(&text, "dark").contains("Heading"), "{text}");
}

/// A post with a heading and a code block, for `quire render`.
const POST: &str = "---\ntitle: Colors\n---\n\n# Heading\n\n```rust\nfn main() { let x = 1; }\n```\n";

#[test]
fn render_uses_the_chosen_theme_and_the_configs_color_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("post.md"), POST).expect("write");
    fs::write(dir.path().join("config.toml"), "theme = \"ansi16\"\ncolor = \"16\"\n").expect("write");
    let post = dir.path().join("post.md");
    let out = quire(dir.path(), &["render", post.to_str().expect("utf-8 path")]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains('\x1b'), "config color = 16 styles even a pipe: {text:?}");
    assert!(!text.contains("38;2;") && !text.contains("38;5;"), "16 colors only: {text:?}");
}

#[test]
fn render_with_a_missing_theme_warns_and_still_renders() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("post.md"), POST).expect("write");
    let post = dir.path().join("post.md");
    let out = quire(dir.path(), &["render", post.to_str().expect("utf-8 path"), "--theme", "nope"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no theme named \"nope\"") && err.contains("using the \"dark\" theme"), "{err}");
    assert!(stdout(&out).contains("Heading"));
}
