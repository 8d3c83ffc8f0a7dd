//! Load test of `quire serve`: many real OpenSSH clients at once, each pressing keys at a steady
//! rate; measures key-to-frame latency, the server's memory, and dropped sessions.
//!
//! Only on 127.0.0.1, bounded in count and time; it stops by itself. Needs the release binary:
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_load [SESSIONS] [KEYS_PER_SECOND] [SECONDS]
//! ```
//!
//! Defaults: 50 sessions x 20 keys/s x 60 s on `sample-posts/` (copied to a temp folder). Each
//! client alternates `j` and `k`, so every key changes the screen; the latency of a key is the time
//! from writing it to ssh's stdin to the first byte of the frame it caused arriving on ssh's stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Most sessions, keys per second and seconds this example accepts: it is a bounded test.
const MAX_SESSIONS: usize = 200;
const MAX_RATE: u32 = 100;
const MAX_SECONDS: u64 = 300;
/// A key whose frame has not come after this long counts as lost (and the session as dropped).
const LOST_AFTER: Duration = Duration::from_secs(5);

fn main() -> anyhow::Result<()> {
    let arg = |i: usize, default: u64| std::env::args().nth(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let sessions = (arg(1, 50) as usize).clamp(1, MAX_SESSIONS);
    let rate = (arg(2, 20) as u32).clamp(1, MAX_RATE);
    let seconds = arg(3, 60).clamp(1, MAX_SECONDS);

    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), sessions)?;
    std::thread::sleep(Duration::from_millis(500));
    let idle_kib = server.rss_kib()?;
    println!("{sessions} sessions x {rate} keys/s x {seconds} s against pid {} (idle RSS {} KiB)", server.child.id(), idle_kib);

    let (done_tx, done_rx) = mpsc::channel();
    let start_at = Instant::now() + Duration::from_secs(2) + Duration::from_millis(40 * sessions as u64);
    for i in 0..sessions {
        let mut ssh = server.ssh()?;
        let done = done_tx.clone();
        std::thread::spawn(move || {
            let result = drive(&mut ssh, start_at, rate, Duration::from_secs(seconds));
            let _ = ssh.kill();
            let _ = ssh.wait();
            let _ = done.send((i, result));
        });
    }
    drop(done_tx);

    let mut peak_kib = idle_kib;
    let mut latencies = Vec::new();
    let mut dropped = Vec::new();
    let mut finished = 0;
    while finished < sessions {
        match done_rx.recv_timeout(Duration::from_millis(500)) {
            Ok((_, Ok(mut l))) => {
                latencies.append(&mut l);
                finished += 1;
            }
            Ok((i, Err(why))) => {
                dropped.push(format!("session {i}: {why}"));
                finished += 1;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // Sampled only while the keys flow, when every session is open.
        if Instant::now() > start_at {
            peak_kib = peak_kib.max(server.rss_kib().unwrap_or(0));
        }
    }
    latencies.sort();
    let at = |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1))).copied();
    let ms = |d: Option<Duration>| d.map_or("-".into(), |d| format!("{:.1} ms", d.as_secs_f64() * 1000.0));
    println!("keys answered: {} of {} sent", latencies.len(), sessions as u64 * u64::from(rate) * seconds);
    println!("key-to-frame: p50 {}  p99 {}  max {}", ms(at(0.50)), ms(at(0.99)), ms(latencies.last().copied()));
    let per_session = (peak_kib.saturating_sub(idle_kib)) as f64 / sessions as f64 / 1024.0;
    println!("server RSS: idle {idle_kib} KiB, peak {peak_kib} KiB: {per_session:.2} MiB per session");
    println!("dropped sessions: {}", dropped.len());
    for why in &dropped {
        println!("  {why}");
    }
    std::thread::sleep(Duration::from_secs(1));
    println!("server log lines: {}", server.log_lines());
    Ok(())
}

/// Waits for the first frame, then sends `j`/`k` at `rate` from `start_at` for `length`; returns
/// the latency of every key.
fn drive(ssh: &mut Child, start_at: Instant, rate: u32, length: Duration) -> Result<Vec<Duration>, String> {
    let mut stdin = ssh.stdin.take().ok_or("no stdin")?;
    let chunks = read_chunks(ssh.stdout.take().ok_or("no stdout")?);
    chunks.recv_timeout(Duration::from_secs(30)).map_err(|_| "no first frame".to_string())?;
    std::thread::sleep(start_at.saturating_duration_since(Instant::now()));
    let period = Duration::from_secs(1) / rate;
    let end = Instant::now() + length;
    let mut next = Instant::now();
    let mut latencies = Vec::new();
    let mut down = true;
    while Instant::now() < end {
        // Whatever is left of the previous frame is not this key's answer.
        while chunks.try_recv().is_ok() {}
        let sent = Instant::now();
        stdin.write_all(if down { b"j" } else { b"k" }).map_err(|e| format!("write: {e}"))?;
        stdin.flush().map_err(|e| format!("flush: {e}"))?;
        down = !down;
        let arrived =
            chunks.recv_timeout(LOST_AFTER).map_err(|_| format!("no frame within {LOST_AFTER:?} after key {}", latencies.len()))?;
        latencies.push(arrived.saturating_duration_since(sent));
        next += period;
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    let _ = stdin.write_all(b"q");
    Ok(latencies)
}

/// The arrival time of each chunk ssh writes.
fn read_chunks(mut stdout: impl Read + Send + 'static) -> Receiver<Instant> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(Instant::now()).is_err() {
                return;
            }
        }
    });
    rx
}

/// A `quire serve` process on 127.0.0.1 with a key that may read.
struct Server {
    child: Child,
    port: u16,
    key: PathBuf,
    home: PathBuf,
    log: Receiver<String>,
}

impl Server {
    fn start(dir: &Path, sessions: usize) -> anyhow::Result<Server> {
        let binary = std::env::current_exe()?.parent().and_then(Path::parent).map(|d| d.join("quire")).filter(|p| p.is_file());
        let binary = binary.ok_or_else(|| anyhow::anyhow!("build the binary first: cargo build --release"))?;
        let blog = dir.join("blog");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts"), &blog)?;
        let (home, config) = (dir.join("home"), dir.join("config"));
        std::fs::create_dir_all(&home)?;
        std::fs::create_dir_all(&config)?;
        let key = dir.join("reader");
        let keygen = Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(&key).status()?;
        anyhow::ensure!(keygen.success(), "ssh-keygen failed");
        std::fs::copy(key.with_extension("pub"), config.join("readers"))?;
        let limits = format!("max_sessions = {}\nconnections_per_minute = 100000\nrejection_delay_ms = 0\n", sessions + 1);
        std::fs::write(config.join("config.toml"), format!("[serve]\nreaders = \"readers\"\n{limits}"))?;
        let mut child = Command::new(binary)
            .arg("serve")
            .arg(&blog)
            .args(["--listen", "127.0.0.1:0"])
            .env("QUIRE_CONFIG", config.join("config.toml"))
            .env("HOME", &home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().ok_or_else(|| anyhow::anyhow!("no stderr"))?;
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let port = loop {
            let line = log.recv_timeout(Duration::from_secs(30))?;
            if let Some(port) = line.split(" on 127.0.0.1:").nth(1).and_then(|r| r.split(' ').next()) {
                break port.parse()?;
            }
        };
        Ok(Server { child, port, key, home, log })
    }

    fn ssh(&self) -> anyhow::Result<Child> {
        Ok(Command::new("ssh")
            .args(["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"])
            .args(["-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-tt"])
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-i")
            .arg(&self.key)
            .arg("127.0.0.1")
            .env("HOME", &self.home)
            .env("TERM", "xterm-256color")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?)
    }

    /// The server's resident memory, from /proc.
    fn rss_kib(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).ok_or_else(|| anyhow::anyhow!("no VmRSS"))?;
        Ok(line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0))
    }

    fn log_lines(&self) -> usize {
        self.log.try_iter().filter(|l| !l.starts_with("quire: ")).count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
