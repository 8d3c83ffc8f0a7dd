//! A folder of hostile files, end to end: every readable one is listed with a clear problem, nothing
//! panics or hangs, and `quire list`/`check` never print a raw escape byte to the terminal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use quire::library::Library;
use quire::post::Post;

mod support;

use support::hostile::{Colors, assert_inert, hostile_config, hostile_folder, quire, run_with_deadline};

/// A hang is a failure, not a slow test: give up on the binary after this long.
const HANG: Duration = Duration::from_secs(120);
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
            let list = rendered.link_list();
            for (i, line) in rendered.text.lines.iter().enumerate() {
                let shown = wrap::line_width(line).max(line.width());
                // The numbered link list holds each URL whole, past the width.
                assert!(
                    shown <= usize::from(width) || list.contains(&i),
                    "{} at width {width}: line {i} is {shown} wide",
                    post.file_name()
                );
                assert!(line.spans.iter().all(|s| !s.content.contains('\x1b')), "{}: raw ESC on line {i}", post.file_name());
            }
        }
    }
}

/// Runs quire and scans both outputs; returns the output for more checks.
fn scanned(args: &[&std::ffi::OsStr], config: &Path, colors: Colors) -> Output {
    let out = run_with_deadline(quire(args, config), HANG);
    let what = format!("quire {args:?}");
    assert_inert(&format!("{what} (stdout)"), &out.stdout, colors);
    assert_inert(&format!("{what} (stderr)"), &out.stderr, Colors::Off);
    out
}

/// Every file of the hostile folder that a user could name on the command line.
fn hostile_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root).expect("read dir").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
}

#[test]
fn list_and_check_on_the_hostile_folder_exit_normally_and_print_no_escapes() {
    let dir = hostile_folder();
    let root: PathBuf = dir.path().to_path_buf();
    let settings = tempfile::tempdir().expect("temp dir");
    let config = hostile_config(settings.path());
    let list = scanned(&["list".as_ref(), root.as_os_str()], &config, Colors::Off);
    assert_eq!(list.status.code(), Some(0), "{}", String::from_utf8_lossy(&list.stderr));
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("Evil ^[]0;pwned^G^[[2J^[[Htitle"), "{listed}");
    assert!(listed.contains("^[[2JPLANTED-T, <U+009B>PLANTED-1 and <U+202E>PLANTED-R"), "{listed}");
    assert!(listed.contains("[^[[31mPLANTED-G, <U+2066>PLANTED-I<U+2069>]"), "{listed}");
    assert!(listed.contains("^[[4mPLANTED-F.md"), "{listed}");
    assert!(listed.lines().any(|l| l.contains("Line one line two")), "one post, one line: {listed}");
    for args in [&["--search", "PLANTED"][..], &["--tag", "\x1b[31mPLANTED-G"], &["--drafts"], &["--sort", "title"]] {
        let mut all: Vec<&std::ffi::OsStr> = vec!["list".as_ref(), root.as_os_str()];
        all.extend(args.iter().map(std::ffi::OsStr::new));
        assert_eq!(scanned(&all, &config, Colors::Off).status.code(), Some(0));
    }

    let json = scanned(&["list".as_ref(), root.as_os_str(), "--json".as_ref()], &config, Colors::Off);
    assert_eq!(json.status.code(), Some(0));
    let text = String::from_utf8_lossy(&json.stdout);
    assert!(text.contains(r#""title": "\u001b[2JPLANTED-T, \u009bPLANTED-1 and \u202ePLANTED-R""#), "{text}");
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON even with hostile names");
    let posts = parsed.as_array().expect("an array");
    assert!(posts.len() >= 12);
    let planted = posts.iter().find(|p| p["path"] == "planted.md").expect("planted.md listed");
    assert_eq!(planted["title"], "\x1b[2JPLANTED-T, \u{9b}PLANTED-1 and \u{202e}PLANTED-R", "JSON keeps the exact text");
    assert_eq!(planted["tags"], serde_json::json!(["\x1b[31mPLANTED-G", "\u{2066}PLANTED-I\u{2069}"]));

    let check = scanned(&["check".as_ref(), root.as_os_str()], &config, Colors::Off);
    assert_eq!(check.status.code(), Some(1), "{}", String::from_utf8_lossy(&check.stderr));
    let report = String::from_utf8_lossy(&check.stdout);
    for name in ["huge.md", "binary.md", "latin1.md", "only-dashes.md", "unterminated.md", "escapes.md", "escapes-raw.md"] {
        assert!(report.lines().any(|l| l.starts_with(name)), "check does not name {name}:\n{report}");
    }
    assert!(report.contains("planted-error.md:2: invalid YAML in `^[[3mPLANTED-E`: control characters"), "{report}");
    assert!(report.contains("pipe.md: not a regular file (a FIFO); not read"), "{report}");
}

#[test]
fn render_set_new_and_themes_on_hostile_files_print_no_escape_from_a_file() {
    let dir = hostile_folder();
    let settings = tempfile::tempdir().expect("temp dir");
    let config = hostile_config(settings.path());
    let mut shown = String::new();
    for file in hostile_files(dir.path()) {
        let f = file.as_os_str();
        for (colors, flags) in [(Colors::Off, &["--plain"][..]), (Colors::Off, &[]), (Colors::On, &["--color", "always"])] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["render".as_ref(), f];
            args.extend(flags.iter().map(std::ffi::OsStr::new));
            let out = scanned(&args, &config, colors);
            shown.push_str(&String::from_utf8_lossy(&out.stdout));
            shown.push_str(&String::from_utf8_lossy(&out.stderr));
        }
        // Edits after the renders: they change the files.
        for edit in [&["title=x"][..], &["--add-tag", "t"], &["draft=false"]] {
            let mut args: Vec<&std::ffi::OsStr> = vec!["set".as_ref(), f];
            args.extend(edit.iter().map(std::ffi::OsStr::new));
            let out = scanned(&args, &config, Colors::Off);
            shown.push_str(&String::from_utf8_lossy(&out.stderr));
        }
    }
    for visible in ["^[[2JPLANTED-T", "<U+202E>PLANTED-R2", "^[[7mPLANTED-C", "^[[3mPLANTED-E", "^[[4mPLANTED-F"] {
        assert!(shown.contains(visible), "{visible} is never shown:\n{shown}");
    }
    let root = dir.path().as_os_str();
    let new = scanned(&["new".as_ref(), root, "A new post".as_ref()], &config, Colors::Off);
    assert_eq!(new.status.code(), Some(0), "{}", String::from_utf8_lossy(&new.stderr));
    for args in [&["themes"][..], &["themes", "--code"], &["themes", "--color", "always"]] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        let colors = if args.contains(&"always".as_ref()) { Colors::On } else { Colors::Off };
        let out = scanned(&args, &config, colors);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let (listed, warned) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(warned.contains("`sort`: \"^[]0;pwned^G\" is not one of"), "{warned}");
        if args.len() == 1 {
            assert!(listed.contains("\"^[[2JPLANTED-T\" (chosen by config.toml) is missing or broken"), "{listed}");
            assert!(listed.contains("^[[4mPLANTED-F"), "{listed}");
            assert!(listed.contains("^[[1mPLANTED-K <U+202E>"), "{listed}");
            assert!(listed.contains("the theme extends itself (`extends = \"self\"`)"), "{listed}");
        }
    }
}

#[cfg(unix)]
#[test]
fn publishing_a_jekyll_draft_named_with_an_escape_prints_the_new_path_made_visible() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = tempfile::tempdir().expect("temp dir");
    let config = hostile_config(settings.path());
    fs::create_dir_all(dir.path().join("_posts")).expect("mkdir");
    fs::create_dir_all(dir.path().join("_drafts")).expect("mkdir");
    let draft = dir.path().join("_drafts/\x1b]0;X\x07PLANTED.md");
    fs::write(&draft, "---\ntitle: Draft\ndate: 2024-01-02\n---\nBody\n").expect("write");
    let out = scanned(&["set".as_ref(), draft.as_os_str(), "draft=false".as_ref()], &config, Colors::Off);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.ends_with("_posts/2024-01-02-^[]0;X^GPLANTED.md\n"), "{printed}");
    assert!(dir.path().join("_posts/2024-01-02-\x1b]0;X\x07PLANTED.md").is_file(), "the file keeps its real name");
}

/// A special file must be refused at once: a few seconds is plenty, where a blocked open never ends.
const SPECIAL: Duration = Duration::from_secs(20);

/// `quire ARGS` must exit within [`SPECIAL`] with `code`; returns its stderr.
fn refuses(args: &[&std::ffi::OsStr], config: &Path, code: i32) -> String {
    let out = run_with_deadline(quire(args, config), SPECIAL);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "quire {args:?}: {stderr}");
    stderr
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().expect("mkfifo runs").success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_sockets_are_refused_by_name_and_never_block() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let config = root.join("config.toml");
    fs::write(&config, "").expect("config");
    let fifo = root.join("fifo.md");
    mkfifo(&fifo);
    std::os::unix::fs::symlink(&fifo, root.join("link.md")).expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.md")).expect("symlink");
    let socket = root.join("socket.md");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let render = |name: &str| refuses(&["render".as_ref(), root.join(name).as_os_str()], &config, 2);
    assert_eq!(render("fifo.md"), format!("quire: cannot render {}: not a regular file (a FIFO); not read\n", fifo.display()));
    assert!(render("link.md").ends_with("link.md: not a regular file (a FIFO); not read\n"));
    assert!(render("zero.md").ends_with("zero.md: not a regular file (a device); not read\n"));
    assert!(render("socket.md").ends_with("socket.md: not a regular file (a socket); not read\n"));
    let zero = refuses(&["render".as_ref(), "/dev/zero".as_ref()], &config, 2);
    assert_eq!(zero, "quire: cannot render /dev/zero: not a regular file (a device); not read\n");
    for name in ["fifo.md", "link.md", "zero.md"] {
        let err = refuses(&["set".as_ref(), root.join(name).as_os_str(), "title=x".as_ref()], &config, 2);
        assert!(err.contains("not a regular file ("), "{err}");
    }
    let check = run_with_deadline(quire(&["check".as_ref(), root.as_os_str()], &config), SPECIAL);
    let report = String::from_utf8_lossy(&check.stdout);
    for line in ["fifo.md: not a regular file (a FIFO)", "link.md: not a regular file (a FIFO)", "zero.md: not a regular file (a device)"] {
        assert!(report.contains(line), "{line}:\n{report}");
    }
    // `new` reads the folder's posts to pick their front-matter dialect: the FIFO must not stop it.
    let new = run_with_deadline(quire(&["new".as_ref(), root.as_os_str(), "Fresh".as_ref()], &config), SPECIAL);
    assert_eq!(new.status.code(), Some(0), "{}", String::from_utf8_lossy(&new.stderr));
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_a_config_template_or_site_config_never_blocks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let settings = root.join("settings");
    fs::create_dir_all(&settings).expect("mkdir");
    let config = settings.join("config.toml");
    mkfifo(&config);
    mkfifo(&settings.join("new-post.md"));
    let blog = root.join("blog");
    fs::create_dir_all(&blog).expect("mkdir");
    mkfifo(&blog.join("config.toml"));
    let post = blog.join("post.md");
    fs::write(&post, "---\ntitle: A\n---\n").expect("write");
    let themes = run_with_deadline(quire(&["themes".as_ref()], &config), SPECIAL);
    let warned = String::from_utf8_lossy(&themes.stderr);
    assert_eq!(warned, format!("quire: warning: {}: not a regular file (a FIFO); using the defaults\n", config.display()));
    let new = refuses(&["new".as_ref(), blog.as_os_str(), "T".as_ref()], &config, 2);
    assert!(new.contains("new-post.md: not a regular file (a FIFO)"), "{new}");
    refuses(&["set".as_ref(), post.as_os_str(), "title=B".as_ref()], &config, 0);
    assert_eq!(fs::read_to_string(&post).expect("read"), "---\ntitle: B\n---\n");
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
    assert_eq!(post.fields().len(), KEYS + 1, "every good key is kept");
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
