//! The real binary in a pseudo-terminal: start it on a blog, type a search, read the screen, quit.

mod support;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Long enough for a debug build on a busy 2-core machine; the test returns as soon as the screen matches.
const DEADLINE: Duration = Duration::from_secs(30);

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(dir: &std::path::Path) -> Session {
        let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 100, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
        cmd.arg(dir);
        cmd.env("TERM", "xterm-256color");
        // An empty config of its own: the machine's config.toml must not change what the test sees.
        let config = dir.with_extension("config.toml");
        std::fs::write(&config, "").expect("write an empty config");
        cmd.env("QUIRE_CONFIG", config);
        let child = pty.slave.spawn_command(cmd).expect("start quire");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 100, 0)));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("parser lock").process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        // Keep the master alive for the session by leaking it into the child's lifetime.
        std::mem::forget(pty.master);
        Session { parser, writer, child }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(start.elapsed() < DEADLINE, "`{needle}` never appeared; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }
}

#[test]
fn typing_a_search_in_the_real_binary_filters_the_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    support::write_blog(&blog);
    let mut session = Session::start(&blog);
    session.wait_for("Building a TUI in Rust");
    session.wait_for("Posts (5)");

    session.type_keys("/chan");
    let screen = session.wait_for("Posts (2 of 5)");
    assert!(screen.contains("Search: chan"), "{screen}");
    assert!(screen.contains("Go channels, gently"), "{screen}");
    assert!(!screen.contains("Eighteen months"), "{screen}");

    session.type_keys("\x1b");
    session.wait_for("Posts (5)");
    session.type_keys("q");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = session.child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < DEADLINE, "quire did not quit on q");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "quire exited with {status:?}");
    assert!(!session.parser.lock().expect("parser lock").screen().alternate_screen(), "the alternate screen was left");
}
