//! The hostile folder shared by the hostile-input tests, and the byte scan of what quire writes.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Escape sequences planted in the hostile folder, each followed by a marker quire never writes
/// itself: if one of these byte strings is in an output, file text reached the terminal raw. (Bare
/// `ESC[2J` is no proof: quire clears the screen with it too.)
pub const PLANTED: [&str; 10] = [
    "\x1b[2JPLANTED-T",
    "\x1b[31mPLANTED-G",
    "\x1b[1mPLANTED-K",
    "\x1b[6mPLANTED-S",
    "\x1b[9mPLANTED-D",
    "\x1b[5mPLANTED-B",
    "\x1b[7mPLANTED-C",
    "\x1b[8mPLANTED-U",
    "\x1b[3mPLANTED-E",
    "\x1b[4mPLANTED-F",
];

/// Escapes in every place a file's text can be printed: title, tags, a key, the summary, a bad
/// date, the body, a code block, a link; plus a C1 CSI and bidi override and isolate characters.
fn planted() -> String {
    concat!(
        "---\n",
        "title: \"\\e[2JPLANTED-T, \\u009bPLANTED-1 and \u{202e}PLANTED-R\"\n",
        "tags: [\"\\e[31mPLANTED-G\", \"\u{2066}PLANTED-I\u{2069}\"]\n",
        "\"\\e[1mPLANTED-K\": value\n",
        "summary: \"\\e[6mPLANTED-S\"\n",
        "date: \"2020-02-02\\e[9mPLANTED-D\"\n",
        "---\n",
        "Body \x1b[5mPLANTED-B raw, and \u{202e}PLANTED-R2 reversed.\n\n",
        "```sh\necho \x1b[7mPLANTED-C\n```\n\n",
        "[a link](http://a.example/\x1b[8mPLANTED-U) and <http://b.example/\x1b[8mPLANTED-U>\n",
    )
    .to_string()
}

/// Whether the output being scanned may hold quire's own escape codes (styles, OSC 8 links).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colors {
    /// Colour off or into a pipe: any ESC at all came from a file.
    Off,
    /// Styled: ESC is quire's, unless a [`PLANTED`] sequence shows up.
    On,
}

/// Fails if `bytes` hold anything from a file that would drive a terminal: BEL, another C0 control
/// (newlines aside), DEL, a C1 control, a bidi override or isolate, a byte that is not UTF-8 (a lone
/// 0x9B is a CSI to some terminals); with [`Colors::Off`] any ESC, with [`Colors::On`] a planted
/// sequence or an OSC that is not quire's own hyperlink.
pub fn assert_inert(what: &str, bytes: &[u8], colors: Colors) {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => panic!("{what} wrote a byte that is not UTF-8 at {}: {:?}", e.valid_up_to(), context(bytes, e.valid_up_to())),
    };
    for (at, c) in text.char_indices() {
        let allowed = match c {
            '\n' => true,
            // The TUI moves with `\r\n` in places; a file's CR is shown as `^M`.
            '\r' => colors == Colors::On,
            '\x1b' => colors == Colors::On,
            c => !drives_a_terminal(c),
        };
        assert!(allowed, "{what} wrote U+{:04X}: {:?}", u32::from(c), context(bytes, at));
    }
    for planted in PLANTED {
        if let Some(at) = text.find(planted) {
            panic!("{what} wrote a planted escape raw: {:?}", context(bytes, at));
        }
    }
    for (at, _) in text.match_indices("\x1b]") {
        assert!(text[at..].starts_with("\x1b]8;;"), "{what} wrote an OSC that is not a link: {:?}", context(bytes, at));
    }
}

/// C0, DEL, C1 and the bidi embeddings, overrides and isolates, written out here rather than taken
/// from quire, so that a mistake there cannot blind the scan.
fn drives_a_terminal(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn context(bytes: &[u8], at: usize) -> String {
    String::from_utf8_lossy(&bytes[at.saturating_sub(60)..(at + 40).min(bytes.len())]).into_owned()
}

/// A config that quotes escapes in a warning, a theme named with one and a theme that extends itself.
pub fn hostile_config(dir: &Path) -> PathBuf {
    let config = dir.join("config.toml");
    fs::write(&config, "theme = \"\\u001b[2JPLANTED-T\"\nsort = \"\\u001b]0;pwned\\u0007\"\n").expect("config");
    let themes = dir.join("themes");
    fs::create_dir_all(&themes).expect("themes folder");
    fs::write(themes.join("\x1b[4mPLANTED-F.toml"), "description = \"\\u001b[1mPLANTED-K \\u202e\"\n").expect("theme");
    fs::write(themes.join("self.toml"), "extends = \"self\"\n").expect("theme");
    config
}

/// `quire ARGS` with its own config file (`QUIRE_CONFIG`), so the machine's cannot change the run.
pub fn quire(args: &[&std::ffi::OsStr], config: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
    cmd.args(args).env("QUIRE_CONFIG", config).env_remove("NO_COLOR");
    cmd
}

/// Size of the huge file (sparse, so instant to create).
const HUGE: u64 = 100 * 1024 * 1024;

/// Builds the hostile folder: every kind of file that has broken a reader, and [`PLANTED`] escapes.
pub fn hostile_folder() -> tempfile::TempDir {
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
    write("planted.md", planted().as_bytes());
    // Raw ESC in YAML: the parser's error quotes the line.
    write("planted-error.md", b"---\n\x1b[3mPLANTED-E: [unclosed\n---\n");
    write("\x1b[4mPLANTED-F.md", b"# A file name with an escape\n");
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

/// Runs a command with a deadline, so that a hang fails the test instead of stalling the suite: the
/// child is killed and the test fails.
pub fn run_with_deadline(mut cmd: Command, deadline: Duration) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("starts");
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
        if start.elapsed() > deadline {
            let _ = child.kill();
            panic!("{cmd:?} hung: killed after {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = reader.join().expect("reader thread");
    Output { status, stdout, stderr }
}
