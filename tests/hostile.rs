//! A folder of hostile files, end to end: every readable one is listed with a clear problem, nothing
//! panics or hangs, and `quire list`/`check` never print a raw escape byte to the terminal.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use quire::library::Library;
use quire::post::Post;

mod support;

/// A hang is a failure, not a slow test: give up on the binary after this long.
const HANG: Duration = Duration::from_secs(120);
/// Size of the huge file (sparse, so instant to create).
const HUGE: u64 = 100 * 1024 * 1024;
const ESC: u8 = 0x1b;

/// Builds the hostile folder; returns it with the names of the files that must be listed.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |name: &str, bytes: &[u8]| fs::write(root.join(name), bytes).expect("written");
    write("fine.md", b"---\ntitle: A fine post\ndate: 2020-01-01\n---\nHello.\n");
    write("empty.md", b"");
    write("only-dashes.md", b"---");
    write("unterminated.md", b"---\ntitle: Never closed\ndate: 2020-01-01\n\nBody without a closing fence.\n");
    fs::File::create(root.join("huge.md")).and_then(|f| f.set_len(HUGE)).expect("sparse huge file");
    write("binary.md", &(0..=255u8).cycle().take(4096).collect::<Vec<u8>>());
    write("latin1.md", b"---\ntitle: caf\xe9\n---\nna\xefve\n");
    write("long-line.md", format!("# Long line\n\n{}\n", "word ".repeat(20_000)).as_bytes());
    write("nested.md", nested().as_bytes());
    // libyaml is quadratic in flow nesting: unguarded, this took most of an hour.
    write("broken-json.md", b"{\n  \"title\": \"Trailing comma\",\n  \"date\": \"2020-01-11\",\n}\n\nBody\n");
    write("shortcode-first.md", b"{{< youtube id=\"x\" >}}\n\nA body that starts with a shortcode.\n");
    write("deep-yaml.md", format!("---\ndate: 2020-01-10\ntitle: {}\n---\nBody\n", "[".repeat(1_000_000)).as_bytes());
    write("wide-table.md", wide_table().as_bytes());
    write("escapes.md", escapes().as_bytes());
    for (name, text) in more_escapes() {
        write(name, text.as_bytes());
    }
    write("newline-title.md", b"---\ntitle: \"Line one\\nline two\"\ndate: 2020-01-07\n---\n");
    write("esc-name-\x1b[31mred.md", b"---\ntitle: Red file name\ndate: 2020-01-02\n---\n");
    symlink_loops(root);
    non_utf8_name(root);
    fifo(root);
    dir
}

/// Lists and quotes 5,000 deep (`- - - item`, `>>> quote`), and 5,000 items at growing depths.
fn nested() -> String {
    const DEPTH: usize = 5_000;
    const INDENT_CYCLE: usize = 100;
    let mut text = String::from("---\ntitle: Deep\ndate: 2020-01-03\n---\n");
    text.push_str(&"- ".repeat(DEPTH));
    text.push_str("deepest item\n\n");
    text.push_str(&"> ".repeat(DEPTH));
    text.push_str("deepest quote\n\n");
    for i in 0..DEPTH {
        text.push_str(&"  ".repeat(i % INDENT_CYCLE));
        text.push_str("- item\n");
    }
    text
}

fn wide_table() -> String {
    let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(500));
    format!("---\ntitle: Wide\ndate: 2020-01-04\n---\n{}{}{}", row("h"), row("---"), row("x"))
}

/// Escape sequences where a terminal would obey them: title, tags, a bad date (written with YAML's
/// `\e` escapes, as raw control bytes are not allowed in YAML) and raw in the body.
fn escapes() -> String {
    let clear = "\x1b[2J\x1b[H";
    let osc_title = "\x1b]0;pwned\x07";
    format!(
        "---\ntitle: \"Evil \\e]0;pwned\\a\\e[2J\\e[Htitle\"\ntags: [\"red\\e[31m\", \"\\e]8;;https://evil.example\\e\\\\click\"]\ndate: \"2020-01-05\\e[2J\"\n---\nBody {clear} with {osc_title} escapes \u{9b}31m.\n"
    )
}

/// The same in TOML (`\u001b`), and raw ESC bytes in YAML, which YAML itself rejects.
fn more_escapes() -> [(&'static str, String); 2] {
    [
        ("escapes-toml.md", "+++\ntitle = \"Toml \\u001b[5mblink\"\ndate = 2020-01-08\n+++\nBody\n".to_string()),
        ("escapes-raw.md", "---\ntitle: \"Raw \x1b[2J clear\"\ndate: 2020-01-09\n---\n".to_string()),
    ]
}

#[cfg(unix)]
fn symlink_loops(root: &Path) {
    let _ = std::os::unix::fs::symlink(root, root.join("loop"));
    let _ = std::os::unix::fs::symlink(root.join("self.md"), root.join("self.md"));
}
#[cfg(not(unix))]
fn symlink_loops(_: &Path) {}

#[cfg(unix)]
fn non_utf8_name(root: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-latin1-name.md");
    fs::write(root.join(name), b"---\ntitle: Latin-1 name\ndate: 2020-01-06\n---\n").expect("written");
}
#[cfg(not(unix))]
fn non_utf8_name(_: &Path) {}

/// A named pipe called `.md`: opening it for reading would block forever.
fn fifo(root: &Path) {
    let _ = Command::new("mkfifo").arg(root.join("pipe.md")).status();
}

fn find<'a>(library: &'a Library, name: &str) -> &'a Post {
    library
        .posts()
        .iter()
        .find(|p| p.path.file_name().is_some_and(|n| n.to_string_lossy() == name))
        .unwrap_or_else(|| panic!("{name} not listed"))
}

fn problem(post: &Post) -> String {
    post.problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ")
}

#[test]
fn every_readable_hostile_file_is_listed_with_a_clear_problem() {
    let dir = hostile_folder();
    let library = Library::open(dir.path()).expect("the folder opens");
    assert!(find(&library, "fine.md").problems.is_empty());
    assert_eq!(find(&library, "empty.md").title, "empty");
    assert!(problem(find(&library, "only-dashes.md")).contains("never closed"));
    assert!(problem(find(&library, "unterminated.md")).contains("never closed"));
    assert!(problem(find(&library, "huge.md")).contains("over the 8 MiB limit"), "{}", problem(find(&library, "huge.md")));
    assert!(problem(find(&library, "binary.md")).contains("binary"));
    assert!(problem(find(&library, "latin1.md")).contains("not valid UTF-8"));
    assert_eq!(find(&library, "long-line.md").title, "Long line");
    assert_eq!(find(&library, "nested.md").title, "Deep");
    assert_eq!(find(&library, "wide-table.md").title, "Wide");
    let json = find(&library, "broken-json.md");
    assert!(problem(json).starts_with("invalid JSON front matter: trailing comma"), "{}", problem(json));
    assert_eq!(json.problems[0].line, Some(4));
    // Not read as JSON front matter; undated in a plain folder, so a post without a date.
    assert_eq!(problem(find(&library, "shortcode-first.md")), "no date (front matter, file name or folder)");
    let deep = find(&library, "deep-yaml.md");
    assert_eq!(problem(deep), "front matter nests lists or maps more than 128 deep; not read");
    assert_eq!(deep.problems[0].line, Some(3));
    let escapes = find(&library, "escapes.md");
    assert_eq!(escapes.title, "Evil \x1b]0;pwned\x07\x1b[2J\x1b[Htitle", "the post keeps its text; printing makes it safe");
    assert!(problem(escapes).contains("is not a date"), "{}", problem(escapes));
    assert_eq!(find(&library, "escapes-toml.md").title, "Toml \x1b[5mblink");
    assert!(problem(find(&library, "escapes-raw.md")).contains("control characters are not allowed"));
    assert_eq!(find(&library, "esc-name-\x1b[31mred.md").title, "Red file name");
    if cfg!(unix) {
        assert_eq!(find(&library, "caf\u{fffd}-latin1-name.md").title, "Latin-1 name");
    }
    let names: Vec<String> = library.posts().iter().map(|p| p.file_name()).collect();
    assert!(!names.iter().any(|n| n == "pipe.md" || n == "self.md"), "not regular files: {names:?}");
}

#[test]
fn a_file_deleted_between_listing_and_reading_is_a_problem_not_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("gone.md");
    fs::write(&path, "# Soon gone\n").expect("written");
    let listed = quire::library::discover(dir.path());
    assert_eq!(listed, std::slice::from_ref(&path));
    fs::remove_file(&path).expect("deleted");
    let post = quire::post::load(&listed[0]);
    assert_eq!(post.title, "gone");
    assert_eq!(problem(&post), "cannot read file: no such file or directory");
}

#[cfg(unix)]
#[test]
fn a_folder_without_read_permission_does_not_stop_the_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::write(locked.join("secret.md"), "# Secret\n").expect("written");
    fs::write(dir.path().join("open.md"), "# Open\n").expect("written");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let library = Library::open(dir.path());
    let can_still_read = fs::read_dir(&locked).is_ok(); // root ignores permissions
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back, so the temp dir can go");
    let library = library.expect("the folder opens");
    let titles: Vec<&str> = library.posts().iter().map(|p| p.title.as_str()).collect();
    assert!(titles.contains(&"Open"), "{titles:?}");
    if can_still_read {
        eprintln!("skipping the permission check: running as root, chmod 000 has no effect");
    } else {
        assert!(!titles.contains(&"Secret"), "{titles:?}");
    }
}

/// Runs quire with a deadline, so that a hang fails the test instead of stalling the suite.
fn run_with_deadline(args: &[&std::ffi::OsStr]) -> Output {
    let mut child =
        Command::new(env!("CARGO_BIN_EXE_quire")).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("quire starts");
    let (mut out, mut err) = (child.stdout.take().expect("piped"), child.stderr.take().expect("piped"));
    let reader = std::thread::spawn(move || {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let _ = out.read_to_end(&mut o);
        let _ = err.read_to_end(&mut e);
        (o, e)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("quire {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = reader.join().expect("reader thread");
    Output { status, stdout, stderr }
}

/// Widths a reader might use, from absurdly narrow to very wide.
const RENDER_WIDTHS: [u16; 5] = [1, 7, 40, 80, 300];

#[test]
fn every_hostile_post_renders_within_its_width() {
    use quire::render::{RenderOptions, RenderStyles, render_post, wrap};
    let dir = hostile_folder();
    let library = Library::open(dir.path()).expect("the folder opens");
    let styles = RenderStyles::default();
    for post in library.posts() {
        for width in RENDER_WIDTHS {
            let rendered = render_post(post, &RenderOptions { width, styles: &styles });
            for (i, line) in rendered.text.lines.iter().enumerate() {
                let shown = wrap::line_width(line).max(line.width());
                assert!(shown <= usize::from(width), "{} at width {width}: line {i} is {shown} wide", post.file_name());
                assert!(line.spans.iter().all(|s| !s.content.contains('\x1b')), "{}: raw ESC on line {i}", post.file_name());
            }
        }
    }
}

fn assert_no_escape(what: &str, bytes: &[u8]) {
    if let Some(i) = bytes.iter().position(|&b| b == ESC) {
        let from = i.saturating_sub(60);
        panic!("{what} printed a raw ESC byte: {:?}", String::from_utf8_lossy(&bytes[from..(i + 20).min(bytes.len())]));
    }
    assert!(!String::from_utf8_lossy(bytes).contains('\u{9b}'), "{what} printed a raw C1 CSI");
}

#[test]
fn list_and_check_on_the_hostile_folder_exit_normally_and_print_no_escapes() {
    let dir = hostile_folder();
    let root: PathBuf = dir.path().to_path_buf();
    let list = run_with_deadline(&["list".as_ref(), root.as_os_str()]);
    assert_eq!(list.status.code(), Some(0), "{}", String::from_utf8_lossy(&list.stderr));
    assert_no_escape("list", &list.stdout);
    assert_no_escape("list (stderr)", &list.stderr);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("Evil ^[]0;pwned^G^[[2J^[[Htitle"), "{listed}");
    assert!(listed.lines().any(|l| l.contains("Line one line two")), "one post, one line: {listed}");

    let json = run_with_deadline(&["list".as_ref(), root.as_os_str(), "--json".as_ref()]);
    assert_eq!(json.status.code(), Some(0));
    assert_no_escape("list --json", &json.stdout);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON even with hostile names");
    assert!(parsed.as_array().is_some_and(|a| a.len() >= 12));

    let check = run_with_deadline(&["check".as_ref(), root.as_os_str()]);
    assert_eq!(check.status.code(), Some(1), "{}", String::from_utf8_lossy(&check.stderr));
    assert_no_escape("check", &check.stdout);
    assert_no_escape("check (stderr)", &check.stderr);
    let report = String::from_utf8_lossy(&check.stdout);
    for name in ["huge.md", "binary.md", "latin1.md", "only-dashes.md", "unterminated.md", "escapes.md", "escapes-raw.md"] {
        assert!(report.lines().any(|l| l.starts_with(name)), "check does not name {name}:\n{report}");
    }
    std::io::stderr().flush().ok();
}

/// Terminal sizes from roomy to absurd.
const TUI_SIZES: [(u16, u16); 3] = [(120, 30), (40, 10), (8, 3)];

/// Every cell of the screen, checked for characters that would drive the terminal. ratatui drops
/// control characters in `set_string`, so this guards widgets that write cells directly; the
/// assertion on the visible `^[` below shows quire escapes them rather than relying on that.
fn assert_screen_is_inert(app: &quire::app::App, what: &str) {
    let shown = support::screen(app);
    if let Some(c) = shown.chars().find(|c| c.is_control() && *c != '\n') {
        panic!("{what}: the screen holds control character U+{:04X}:\n{shown}", u32::from(c));
    }
}

#[test]
fn the_tui_shows_every_hostile_post_at_any_size_without_control_characters() {
    let dir = hostile_folder();
    for (width, height) in TUI_SIZES {
        let mut app = support::app_for(dir.path(), width, height);
        if width >= 120 {
            let shown = support::screen(&app);
            assert!(shown.contains("Evil ^[]0;pwned"), "the hostile title is shown, made visible:\n{shown}");
        }
        let count = Library::open(dir.path()).expect("opens").posts().len();
        for i in 0..count {
            assert_screen_is_inert(&app, &format!("{width}x{height}, list, post {i}"));
            support::keys(&mut app, "<tab>G");
            assert_screen_is_inert(&app, &format!("{width}x{height}, reader at the end, post {i}"));
            support::keys(&mut app, "<tab>j");
        }
        for keys in ["!", "<esc>/evil", "<esc><esc>t", "<esc>o", "<esc>l", "<esc>?"] {
            support::keys(&mut app, keys);
            assert_screen_is_inert(&app, &format!("{width}x{height}, after {keys}"));
        }
    }
}

#[test]
fn a_front_matter_of_100_000_keys_with_one_bad_key_keeps_every_other_key() {
    // The salvage of the good keys used to look each key up linearly: quadratic, minutes for this file.
    const KEYS: usize = 100_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let keys: String = (0..KEYS).map(|i| format!("k{i}: v\n")).collect();
    fs::write(dir.path().join("many-keys.md"), format!("---\nbad: [oops\n{keys}title: Many keys\n---\nBody\n")).expect("written");
    let library = Library::open(dir.path()).expect("opens");
    let post = find(&library, "many-keys.md");
    assert_eq!(post.title, "Many keys");
    assert_eq!(post.fields.len(), KEYS + 1, "every good key is kept");
    assert_eq!(post.problems.len(), 1, "{:?}", &post.problems[..post.problems.len().min(3)]);
    assert_eq!(post.problems[0].line, Some(2));
}

#[test]
fn check_names_what_the_walk_could_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("fine.md"), "---\ntitle: Fine\ndate: 2024-01-01\n---\nOk\n").expect("write");
    std::fs::create_dir(root.join("loop")).expect("mkdir");
    std::os::unix::fs::symlink(root, root.join("loop/back")).expect("symlink");
    let fifo = root.join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire")).arg("check").arg(root).output().expect("run quire check");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("loop/back: a link loop back to"), "{text}");
    if made {
        assert!(text.contains("pipe.md: not a regular file"), "{text}");
    } else {
        println!("skipping the FIFO part: mkfifo is not available");
    }
    let library = quire::library::Library::open(root).expect("opens");
    assert_eq!(library.posts().len(), 1, "the readable post is still listed");
}
