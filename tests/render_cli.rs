//! `quire render` as a process: widths, escape codes, errors.

mod common;

use common::shared;

use std::path::PathBuf;
use std::process::{Command, Output};

use quire::render::wrap;

/// Runs quire with the default theme and settings, whatever the machine's own config says.
fn quire(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let config = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
    cmd.args(args).env_remove("NO_COLOR").env("TERM", "xterm-256color").env_remove("COLORTERM");
    cmd.env("QUIRE_CONFIG", config.path().join("config.toml"));
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("quire runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn sample(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("post.md");
    std::fs::write(&path, "---\ntitle: Hello\ntags: [a]\n---\n# Heading\n\nSome **bold** text and `code`.\n\n```sh\necho hi\n```\n")
        .expect("write sample");
    path
}

#[test]
fn seeds_at_width_60_never_print_a_wider_line() {
    let Some(shared) = shared() else { return };
    let seeds: Vec<PathBuf> = std::fs::read_dir(shared.join("seeds")).expect("seeds folder").flatten().map(|e| e.path()).collect();
    assert!(!seeds.is_empty());
    for seed in seeds {
        let out = quire(&["render", &seed.to_string_lossy(), "--width", "60"], &[]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = stdout(&out);
        assert!(text.lines().count() > 20);
        // Only the numbered link list at the end may pass the width: each URL is whole there.
        let lines: Vec<&str> = text.lines().collect();
        let list = lines.iter().rposition(|l| *l == "────").filter(|&r| lines[r + 1..].iter().all(|l| is_reference(l)));
        for (i, line) in lines.iter().enumerate() {
            let in_list = list.is_some_and(|r| i > r);
            assert!(in_list || wrap::width(line) <= 60, "{}: {line:?}", seed.display());
        }
    }
}

/// `[12] https://…`: an entry of the numbered link list, the URL whole after the marker.
fn is_reference(line: &str) -> bool {
    line.strip_prefix('[').and_then(|r| r.split_once(']')).is_some_and(|(n, url)| {
        n.bytes().all(|b| b.is_ascii_digit()) && url.starts_with(' ') && !url.trim_start().is_empty() && !url.trim_start().contains(' ')
    })
}

#[test]
fn each_url_of_the_link_list_is_whole_on_its_own_line_past_the_width() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("post.md");
    let long = "https://example.com/2026/12/a-rather-long-path/with-a-slug-that-goes-on?utm_source=quire#section-2";
    let body =
        format!("---\ntitle: Links\n---\nSee [the post]({long}) and [the home page](https://example.com/), then [it again]({long}).\n");
    std::fs::write(&path, body).expect("write post");
    let out = quire(&["render", &path.to_string_lossy(), "--width", "30", "--plain"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let want = format!(
        "Links\n10 words · 1 min read\n{}\n\nSee the post[1] and the home\npage[2], then it again[1].\n\n────\n[1] {long}\n[2] https://example.com/\n",
        "─".repeat(30)
    );
    assert_eq!(stdout(&out), want);
    // In colour, with hyperlinks, the whole URL is one OSC 8 link on its line.
    let out = quire(&["render", &path.to_string_lossy(), "--width", "30", "--color", "always"], &[]);
    let text = stdout(&out);
    let line = text.lines().find(|l| l.contains("[1]") && l.contains("https://")).expect("the first entry");
    assert!(line.contains(long), "{line:?}");
}

#[test]
fn a_pipe_gets_plain_text_at_80_columns_by_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = quire(&["render", &sample(&dir).to_string_lossy()], &[]);
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.starts_with("Hello\n8 words · 1 min read\n#a\n"), "{text}");
    assert!(text.lines().any(|l| wrap::width(l) == 80), "the header rule spans 80 columns");
}

#[test]
fn color_always_styles_a_pipe_and_no_color_keeps_only_bold() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = sample(&dir);
    let colored = stdout(&quire(&["render", &file.to_string_lossy(), "--color", "always"], &[]));
    assert!(colored.contains("\u{1b}[1;38;5;"), "256 colors from TERM: {colored:?}");
    let no_color = stdout(&quire(&["render", &file.to_string_lossy(), "--color", "always"], &[("NO_COLOR", "1")]));
    assert!(no_color.contains("\u{1b}[1m"), "bold stays: {no_color:?}");
    assert!(!no_color.contains("38;") && !no_color.contains("48;"), "no color codes: {no_color:?}");
    let plain = stdout(&quire(&["render", &file.to_string_lossy(), "--color", "truecolor", "--plain"], &[]));
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = quire(&["render", "/no/such/post.md"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read /no/such/post.md: no such file or directory"), "{err}");
}

#[test]
fn a_width_too_small_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = quire(&["render", &sample(&dir).to_string_lossy(), "--width", "3"], &[]);
    assert_eq!(out.status.code(), Some(2));
}

/// Runs `quire render ARGS` with `input` on standard input.
fn quire_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let config = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env("QUIRE_CONFIG", config.path().join("config.toml"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("quire runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("quire exits");
    feeder.join().expect("feeder");
    out
}

#[test]
fn dash_reads_the_post_from_standard_input_with_its_front_matter() {
    let out =
        quire_with_stdin(&["render", "-", "--plain", "--width", "30"], b"---\ntitle: From a pipe\ntags: [a b]\n---\nHello *there*.\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out), format!("From a pipe\n2 words · 1 min read\n#a b\n{}\n\nHello there.\n", "─".repeat(30)));
}

#[test]
fn standard_input_over_the_size_limit_is_refused_with_a_message() {
    let big = vec![b'a'; usize::try_from(quire::post::MAX_POST_BYTES).expect("fits") + 1];
    let out = quire_with_stdin(&["render", "-", "--plain"], &big);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "quire: standard input is over the 8 MiB limit of what quire reads\n");
}

#[test]
fn plain_output_has_no_trailing_spaces_and_tags_keep_plain_spaces() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("post.md");
    std::fs::write(&path, "---\ntitle: T\ntags: [security scanning]\n---\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        .expect("write");
    let out = quire(&["render", "--plain", "--width", "40", path.to_str().expect("utf-8")], &[]);
    let text = stdout(&out);
    assert!(text.lines().any(|l| l == "#security scanning"), "{text}");
    assert!(text.lines().any(|l| l.contains("fn main() {}")), "{text}");
    for line in text.lines() {
        assert!(!line.ends_with(' ') && !line.contains('\u{a0}'), "{line:?} in\n{text}");
    }
}
