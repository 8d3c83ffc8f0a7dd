//! The real binary in a pseudo-terminal: start it, type keys, read the screen (through a vt100
//! emulator) and every byte it wrote.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Long enough for a debug build on a busy 2-core machine; waits return as soon as the screen matches.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// One run of `quire DIR` in a 100x24 pty.
pub struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    written: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    /// The quire process.
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    /// Starts quire on `dir` with an empty config of its own (`DIR.config.toml` beside it), so the
    /// machine's config.toml cannot change what the test sees.
    pub fn start(dir: &Path) -> Session {
        let config = dir.with_extension("config.toml");
        std::fs::write(&config, "").expect("write an empty config");
        Session::start_with_config(dir, &config)
    }

    /// Starts quire on `dir` with `QUIRE_CONFIG` set to `config`.
    pub fn start_with_config(dir: &Path, config: &Path) -> Session {
        Session::start_command(&[dir.as_os_str()], &[("QUIRE_CONFIG".as_ref(), config.as_os_str())])
    }

    /// Starts `quire ARGS...` with these environment variables (and `TERM=xterm-256color`).
    pub fn start_command(args: &[&std::ffi::OsStr], envs: &[(&std::ffi::OsStr, &std::ffi::OsStr)]) -> Session {
        let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 100, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (key, value) in envs {
            cmd.env(key, value);
        }
        let child = pty.slave.spawn_command(cmd).expect("start quire");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 100, 0)));
        let written = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let (sink, log) = (Arc::clone(&parser), Arc::clone(&written));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().expect("log lock").extend_from_slice(&buf[..n]);
                sink.lock().expect("parser lock").process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        // Keep the master alive for the session by leaking it into the child's lifetime.
        std::mem::forget(pty.master);
        Session { parser, written, writer, child }
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// Whether quire is showing its alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().expect("parser lock").screen().alternate_screen()
    }

    /// Every byte quire has written to the terminal so far.
    pub fn written(&self) -> Vec<u8> {
        self.written.lock().expect("log lock").clone()
    }

    /// Waits until the screen shows `needle`; fails the test after [`DEADLINE`].
    pub fn wait_for(&self, needle: &str) -> String {
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

    /// Types keys as raw terminal input (`\x1b` is Esc, `\r` is Enter).
    pub fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Types `q` and waits for quire to exit; fails the test if it does not within [`DEADLINE`].
    pub fn quit(&mut self) -> portable_pty::ExitStatus {
        self.quit_with("q")
    }

    /// Types `keys` and waits for quire to exit; fails the test if it does not within [`DEADLINE`].
    pub fn quit_with(&mut self, keys: &str) -> portable_pty::ExitStatus {
        self.type_keys(keys);
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("quire did not quit on {keys:?}; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A test that fails midway must not leave quire running (blocked on a FIFO, say).
impl Drop for Session {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
    }
}
