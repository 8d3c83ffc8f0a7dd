//! `quire serve` end to end: the real OpenSSH client, in a pseudo-terminal, against a server this
//! test starts on 127.0.0.1 (a port the OS picks), with its own HOME, config and keys.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Long enough for a debug build on a busy 2-core machine; tests return as soon as they see it.
const DEADLINE: Duration = Duration::from_secs(40);

/// Everything a test server needs, in one temp folder: HOME, config, keys, blog.
struct Served {
    dir: tempfile::TempDir,
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .status()
        .expect("ssh-keygen runs (openssh-client is installed by .ci/run)");
    assert!(status.success());
}

impl Served {
    /// A server on the support blog; `extra` is added to its `[serve]` table.
    fn start(extra: &str) -> Served {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        support::write_blog(&root.join("blog"));
        std::fs::create_dir_all(root.join("home/.ssh")).unwrap();
        std::fs::create_dir_all(root.join("config")).unwrap();
        std::fs::create_dir_all(root.join("keys")).unwrap();
        for name in ["reader", "reviewer", "stranger"] {
            keygen(&root.join("keys").join(name));
        }
        std::fs::copy(root.join("keys/reader.pub"), root.join("config/readers")).unwrap();
        std::fs::copy(root.join("keys/reviewer.pub"), root.join("config/reviewers")).unwrap();
        // Many quick connections in one test: no rate limit unless the test is about it.
        let rate = if extra.contains("connections_per_minute") { "" } else { "connections_per_minute = 1000\n" };
        let readers = if extra.contains("readers =") { "" } else { "readers = \"readers\"\n" };
        let config = format!("[serve]\n{readers}reviewers = \"reviewers\"\nrejection_delay_ms = 0\n{rate}{extra}\n");
        std::fs::write(root.join("config/config.toml"), config).unwrap();

        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("serve")
            .arg(root.join("blog"))
            .args(["--listen", "127.0.0.1:0"])
            .env("QUIRE_CONFIG", root.join("config/config.toml"))
            .env("HOME", root.join("home"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start quire serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(port) = line.split(" on 127.0.0.1:").nth(1).and_then(|rest| rest.split(' ').next()) {
                    let _ = port_tx.send(port.parse::<u16>().expect("a port"));
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let port =
            port_rx.recv_timeout(DEADLINE).unwrap_or_else(|_| panic!("the server never said where it listens: {}", log.lock().unwrap()));
        Served { dir, child, port, log }
    }

    fn key(&self, name: &str) -> PathBuf {
        self.dir.path().join("keys").join(name)
    }

    fn blog(&self) -> PathBuf {
        self.dir.path().join("blog")
    }

    /// The ssh command line for `key`, with no user config and no host key checks.
    fn ssh_args(&self, key: &str) -> Vec<String> {
        let mut args: Vec<String> = ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
            .into_iter()
            .chain(["-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"])
            .map(String::from)
            .collect();
        args.extend(["-p".into(), self.port.to_string(), "-i".into(), self.key(key).display().to_string()]);
        args
    }

    /// Runs ssh without a terminal, to completion.
    fn run(&self, program: &str, args: &[String]) -> Output {
        let mut child = Command::new(program)
            .args(args)
            .env("HOME", self.dir.path().join("home"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ssh");
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < DEADLINE, "{program} {args:?} did not finish");
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    }

    fn wait_log(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let log = self.log.lock().unwrap().clone();
            if log.contains(needle) {
                return log;
            }
            assert!(start.elapsed() < DEADLINE, "`{needle}` never logged:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// An interactive `ssh` in a pseudo-terminal of this size.
    fn connect(&self, key: &str, cols: u16, rows: u16) -> Client {
        let size = PtySize { rows, cols, pixel_width: 0, pixel_height: 0 };
        let pty = native_pty_system().openpty(size).expect("open a pty");
        let mut cmd = CommandBuilder::new("ssh");
        cmd.args(self.ssh_args(key));
        cmd.arg("127.0.0.1");
        cmd.env("HOME", self.dir.path().join("home"));
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).expect("start ssh");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let (sink, bytes) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                bytes.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Client { parser, raw, writer, master: pty.master, child }
    }
}

struct Client {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Client {
    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |screen| screen.contains(needle))
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(start.elapsed() < DEADLINE, "never saw {what}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        self.parser.lock().unwrap().screen_mut().set_size(rows, cols);
    }

    /// Quits with `q` and waits for ssh to exit; returns whether the client's screen is back.
    fn quit(mut self) -> bool {
        self.type_keys("q");
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < DEADLINE, "ssh did not end after q; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
        // ssh may exit before the reader thread has parsed its last bytes: give it a moment.
        let start = Instant::now();
        while self.parser.lock().unwrap().screen().alternate_screen() {
            if start.elapsed() > Duration::from_secs(3) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn a_reader_sees_the_list_and_reads_a_post_but_never_a_draft() {
    let server = Served::start("");
    let mut client = server.connect("reader", 100, 24);
    let screen = client.wait_for("Building a TUI in Rust");
    assert!(screen.contains("Go channels, gently"), "{screen}");
    assert!(!screen.contains("Ideas for next year"), "a reader sees no draft:\n{screen}");
    client.type_keys("\r");
    client.wait_for("Terminals are everywhere, even over SSH.");
    client.wait_for("╭ Posts");
    client.type_keys("\x1b");
    client.wait_until("focus back on the list after a lone Esc", |s| s.contains("┏ Posts"));
    client.type_keys("e");
    client.wait_for("read-only");
    assert!(client.quit(), "the client's terminal is given back");
    let log = server.wait_log(" readers quit ");
    let fingerprint = Command::new("ssh-keygen").arg("-lf").arg(server.key("reader.pub")).output().unwrap();
    let fingerprint = String::from_utf8_lossy(&fingerprint.stdout);
    let fingerprint = fingerprint.split(' ').nth(1).unwrap();
    let line = log.lines().find(|l| l.contains(" readers quit ")).unwrap();
    assert!(line.contains(" 127.0.0.1:") && line.contains(fingerprint), "{fingerprint} in\n{log}");
}

#[test]
fn a_reviewer_sees_the_drafts_a_reader_does_not() {
    let server = Served::start("");
    let client = server.connect("reviewer", 100, 24);
    let screen = client.wait_for("Ideas for next year");
    assert!(screen.contains("Building a TUI in Rust"), "{screen}");
    assert!(client.quit());
    server.wait_log(" reviewers quit ");
}

#[test]
fn an_unknown_key_a_password_a_command_a_forward_and_sftp_are_refused() {
    let server = Served::start("");
    let host = "127.0.0.1".to_string();

    let out = server.run("ssh", &[server.ssh_args("stranger"), vec!["-tt".into(), host.clone()]].concat());
    assert_eq!(out.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied (publickey)"), "{out:?}");
    server.wait_log("refused: unknown key");

    let password = ["-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "PubkeyAuthentication=no"].map(String::from);
    let out = server.run("ssh", &[server.ssh_args("reader"), password.to_vec(), vec![host.clone()]].concat());
    assert_eq!(out.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied (publickey)"), "{out:?}");

    let out = server.run("ssh", &[server.ssh_args("reader"), vec![host.clone(), "ls".into()]].concat());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "quire: quire serve runs no commands; connect without one to read the blog\r\n");
    assert!(out.stdout.is_empty(), "{out:?}");
    server.wait_log("refused: exec");

    let mut sftp = server.ssh_args("reader");
    sftp.iter_mut().filter(|a| *a == "-p").for_each(|a| *a = "-P".into());
    let out = server.run("sftp", &[vec!["-b".into(), "/dev/null".into()], sftp, vec![host.clone()]].concat());
    assert!(!out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("subsystem request failed"), "{out:?}");
    server.wait_log("refused: subsystem sftp");

    // -L: the forward is set up on the client's side; the server refuses it when it is used.
    let local = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let local_port = local.local_addr().unwrap().port();
    drop(local);
    let forward = format!("{local_port}:127.0.0.1:{}", server.port);
    // ssh takes the first value of an option: say what the refusal was.
    let mut args = server.ssh_args("reader");
    args.iter_mut().filter(|a| *a == "LogLevel=ERROR").for_each(|a| *a = "LogLevel=INFO".into());
    let mut ssh = Command::new("ssh")
        .args(args)
        .args(["-N", "-L", &forward, &host])
        .env("HOME", server.dir.path().join("home"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut stream = loop {
        if let Ok(stream) = std::net::TcpStream::connect(("127.0.0.1", local_port)) {
            break stream;
        }
        assert!(start.elapsed() < DEADLINE, "the forward never listened");
        std::thread::sleep(Duration::from_millis(50));
    };
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got);
    assert!(got.is_empty(), "nothing came through the refused forward: {got:?}");
    let _ = ssh.kill();
    let out = ssh.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("administratively prohibited"), "{out:?}");
    server.wait_log("refused: port forwarding to 127.0.0.1");
}

#[test]
fn a_resize_reflows_the_screen() {
    let server = Served::start("");
    let mut client = server.connect("reader", 100, 24);
    client.wait_for("Building a TUI in Rust");
    let right_edge = |screen: &str, col: usize| screen.lines().next().is_some_and(|top| top.chars().count() == col);
    assert!(right_edge(&client.screen(), 100), "{}", client.screen());
    client.resize(70, 20);
    let screen = client.wait_until("the frame redrawn 70 wide", |s| right_edge(s, 70) && s.lines().count() <= 20);
    assert!(screen.contains("Posts (4)"), "{screen}");
    client.resize(120, 30);
    client.wait_until("the frame redrawn 120 wide", |s| right_edge(s, 120));
    assert!(client.quit());
}

#[test]
fn a_post_changed_on_disk_updates_every_open_session_each_in_its_place() {
    let server = Served::start("");
    let mut reader = server.connect("reader", 100, 24);
    let mut reviewer = server.connect("reviewer", 100, 24);
    reader.wait_for("Go channels, gently");
    reviewer.wait_for("Ideas for next year");
    reader.type_keys("j");
    reviewer.type_keys("jj");
    let path = server.blog().join("2023-11-20-go-channels.md");
    let text = std::fs::read_to_string(&path).unwrap().replace("Go channels, gently", "Go channels, revisited");
    std::fs::write(&path, text).unwrap();
    for client in [&reader, &reviewer] {
        // The reading pane reads the file when it shows the post, so it may show the new text a
        // moment before the watcher's news reaches the list: both must end up new.
        client.wait_until("the list and the pane showing the new title", |s| {
            s.contains("Go channels, revisited") && !s.contains("Go channels, gently")
        });
    }
    // Each kept its own place: the reader on its second post, the reviewer on its third.
    reader.type_keys("\r");
    reader.wait_for("Channels let goroutines talk.");
    reviewer.type_keys("\r");
    reviewer.wait_for("Channels let goroutines talk.");
    assert!(reader.quit() && reviewer.quit());
}

#[test]
fn the_33rd_session_is_told_the_server_is_full() {
    let server = Served::start("");
    let mut open = Vec::new();
    for _ in 0..32 {
        let mut ssh = Command::new("ssh")
            .args(server.ssh_args("reader"))
            .args(["-tt", "127.0.0.1"])
            .env("HOME", server.dir.path().join("home"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the first frame: the session holds its place from then on.
        let mut stdout = ssh.stdout.take().unwrap();
        let mut first = [0u8; 64];
        assert!(stdout.read(&mut first).unwrap() > 0);
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        open.push(ssh);
    }
    let out = server.run("ssh", &[server.ssh_args("reader"), vec!["-tt".into(), "127.0.0.1".into()]].concat());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("quire: quire is full, try later"), "{out:?}");
    server.wait_log("refused: full");
    // One leaves: the next gets in.
    let mut first = open.remove(0);
    first.stdin.as_mut().unwrap().write_all(b"q").unwrap();
    first.wait().unwrap();
    let client = server.connect("reader", 80, 24);
    client.wait_for("Building a TUI in Rust");
    for mut ssh in open {
        let _ = ssh.kill();
        let _ = ssh.wait();
    }
}

#[test]
fn a_post_with_escape_sequences_reaches_the_client_sanitised() {
    let server = Served::start("");
    let hostile =
        "---\ntitle: \"Evil \\e]0;pwned\\a title \\e[2J\"\ndate: 2025-01-01\n---\n\nbody \x1b[31mred\x1b[0m and \x1b]52;c;aGk=\x07 clip\n";
    std::fs::write(server.blog().join("2025-01-01-evil.md"), hostile).unwrap();
    let mut client = server.connect("reader", 100, 24);
    client.wait_for("Evil ^[]0;pwned^G");
    client.type_keys("g\r");
    client.wait_for("body ^[[31mred^[[0m and ^[]52;c;aGk=^G clip");
    let raw = client.raw.lock().unwrap().clone();
    // (ratatui clears with ESC [2J itself, so only the post's own sequences are looked for.)
    for evil in [&b"\x1b]0;pwned"[..], b"\x1b]52;", b"\x07"] {
        assert!(!raw.windows(evil.len()).any(|w| w == evil), "{:?} reached the client", String::from_utf8_lossy(evil));
    }
    assert!(client.quit());
}

#[test]
fn what_the_server_prints_about_its_config_is_made_safe() {
    // A config key and a key file's path are file text, quoted in the start-up warnings printed
    // before the address.
    let server = Served::start("\"\\u001b]0;pwned\\u0007\" = 1\nreaders = \"missing-\\u001b[2J\"\n");
    let log = server.log.lock().unwrap().clone();
    assert!(log.contains("unknown key `serve.^[]0;pwned^G`"), "{log}");
    assert!(log.contains("missing-^[[2J"), "{log}");
    assert!(!log.contains('\x1b') && !log.contains('\x07'), "{log:?}");
}

#[test]
fn an_idle_session_is_closed_with_its_terminal_restored_and_a_reason() {
    let server = Served::start("idle_timeout = 1");
    let client = server.connect("reader", 80, 24);
    client.wait_for("Building a TUI in Rust");
    let start = Instant::now();
    let mut client = client;
    while client.child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < DEADLINE, "the idle session stayed open");
        std::thread::sleep(Duration::from_millis(50));
    }
    client.wait_until("the screen back, with the reason", |s| s.contains("quire: closed after 1 s without a key"));
    // The reader thread may still be parsing ssh's last bytes: give it the moment `quit` gives.
    let start = Instant::now();
    while client.parser.lock().unwrap().screen().alternate_screen() {
        assert!(start.elapsed() < Duration::from_secs(3), "the client's screen is back");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.wait_log(" readers idle timeout ");
}

#[test]
fn too_many_connections_from_one_address_are_told_to_wait() {
    let server = Served::start("connections_per_minute = 2");
    // The reason comes in the SSH banner, which ssh prints from LogLevel=INFO on.
    let mut args = [server.ssh_args("reader"), vec!["127.0.0.1".into(), "ls".into()]].concat();
    args.iter_mut().filter(|a| *a == "LogLevel=ERROR").for_each(|a| *a = "LogLevel=INFO".into());
    for _ in 0..2 {
        let out = server.run("ssh", &args);
        assert_eq!(out.status.code(), Some(1), "the first two get in (and are refused the command): {out:?}");
    }
    let out = server.run("ssh", &args);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("quire: too many connections from your address; try again in 30 s"), "{stderr}");
    server.wait_log("refused: rate limit");
}

#[test]
fn a_key_added_to_reviewers_gets_in_without_a_restart() {
    let server = Served::start("");
    let refused = server.run("ssh", &[server.ssh_args("stranger"), vec!["127.0.0.1".into(), "ls".into()]].concat());
    assert_eq!(refused.status.code(), Some(255), "{refused:?}");
    let key = std::fs::read_to_string(server.key("stranger.pub")).unwrap();
    let reviewers = server.dir.path().join("config/reviewers");
    let mut file = std::fs::OpenOptions::new().append(true).open(reviewers).unwrap();
    file.write_all(key.as_bytes()).unwrap();
    let client = server.connect("stranger", 100, 24);
    client.wait_for("Ideas for next year");
    assert!(client.quit());
    server.wait_log(" reviewers quit ");
}

#[test]
fn anonymous_lets_anyone_read_the_published_posts_only() {
    let server = Served::start("anonymous = true");
    let client = server.connect("stranger", 100, 24);
    let screen = client.wait_for("Building a TUI in Rust");
    assert!(!screen.contains("Ideas for next year"), "{screen}");
    assert!(client.quit());
    server.wait_log(" anonymous quit ");
}

#[test]
fn a_connection_that_tries_too_many_keys_is_dropped() {
    let server = Served::start("max_auth_attempts = 2");
    // ssh probes with "none", then offers the stranger's key: two attempts, so the reader's key
    // behind it is never tried.
    let mut args = server.ssh_args("stranger");
    args.extend(["-i".into(), server.key("reader").display().to_string(), "127.0.0.1".into(), "ls".into()]);
    let out = server.run("ssh", &args);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Too many authentication attempts"), "{out:?}");
    server.wait_log("refused: unknown key");

    // Alone, the reader's key gets in within the same limit.
    let out = server.run("ssh", &[server.ssh_args("reader"), vec!["127.0.0.1".into(), "ls".into()]].concat());
    assert_eq!(out.status.code(), Some(1), "in, and refused the command: {out:?}");
}

impl Client {
    /// Waits until the bytes the client received contain `needle`.
    fn wait_raw(&self, what: &str, needle: &[u8]) {
        let start = Instant::now();
        while !self.raw.lock().unwrap().windows(needle.len()).any(|w| w == needle) {
            assert!(start.elapsed() < DEADLINE, "never received {what}; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn received(&self, needle: &[u8]) -> bool {
        self.raw.lock().unwrap().windows(needle.len()).any(|w| w == needle)
    }
}

/// The start of a kitty picture (transmit and place, with Unicode placeholders).
const KITTY_PICTURE: &[u8] = b"a=T,U=1";

#[test]
fn the_clients_terminal_is_asked_which_pictures_it_shows_and_a_silent_one_gets_half_blocks() {
    let server = Served::start("");
    std::fs::create_dir_all(server.blog().join("images")).unwrap();
    std::fs::write(server.blog().join("images/gradient.png"), include_bytes!("images/gradient.png")).unwrap();
    let post = "---\ntitle: A picture\ndate: 2025-06-01\n---\n\nAbove.\n\n![A gradient](/images/gradient.png)\n\nBelow.\n";
    std::fs::write(server.blog().join("2025-06-01-picture.md"), post).unwrap();

    // A kitty terminal: it answers the graphics query (kitty's OK, its attributes, the status report).
    let mut kitty = server.connect("reader", 100, 24);
    kitty.wait_raw("the query's closing status request", b"\x1b[c\x1b[5n");
    kitty.type_keys("\x1b_Gi=31;OK\x1b\\\x1b[?62;22c\x1b[0n");
    kitty.wait_for("A picture");
    kitty.type_keys("g\r");
    kitty.wait_for("Below.");
    kitty.wait_raw("a kitty picture", KITTY_PICTURE);
    let screen = kitty.screen();
    assert!(!screen.contains('▀') && !screen.contains('▄'), "no half blocks:\n{screen}");
    assert!(!screen.contains("^[") && !screen.contains('\\'), "the answers became no keys or text:\n{screen}");
    assert!(kitty.quit());

    // A terminal that answers nothing (the vt100 parser here): half blocks, after a short wait.
    let mut silent = server.connect("reader", 100, 24);
    silent.wait_for("A picture");
    silent.type_keys("g\r");
    let screen = silent.wait_until("a half-block picture", |s| s.contains('▀') || s.contains('▄'));
    assert!(screen.contains("A gradient") && !silent.received(KITTY_PICTURE), "{screen}");
    assert!(silent.quit());
}
