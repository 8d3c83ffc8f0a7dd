//! Opening the files quire reads (posts, config, themes, templates) without ever blocking: only
//! regular files, or symlinks to them, are read. A FIFO named `post.md` would block a plain
//! `open` until a writer came; a device (`/dev/zero`) never ends. Both are refused by name.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// What a path names when it is not a regular file, for "not a regular file (a FIFO)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// A named pipe.
    Fifo,
    /// A character or block device.
    Device,
    /// A Unix socket.
    Socket,
    /// A folder.
    Folder,
    /// Anything else the OS has.
    Other,
}

impl Special {
    /// The kind of a file type that is not a regular file; `None` for a regular file.
    pub fn of(file_type: std::fs::FileType) -> Option<Special> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(Special::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(Special::Fifo);
            }
            if file_type.is_char_device() || file_type.is_block_device() {
                return Some(Special::Device);
            }
            if file_type.is_socket() {
                return Some(Special::Socket);
            }
        }
        Some(Special::Other)
    }
}

impl std::fmt::Display for Special {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Special::Fifo => "not a regular file (a FIFO)",
            Special::Device => "not a regular file (a device)",
            Special::Socket => "not a regular file (a socket)",
            Special::Folder => "not a regular file (a folder)",
            Special::Other => "not a regular file",
        })
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path names something other than a regular file.
    #[error("{0}")]
    NotRegular(Special),
    /// The file is bigger than the caller's limit.
    #[error("file is {}, over the {} limit", crate::post::human_size(*.size), crate::post::human_size(*.limit))]
    TooBig {
        /// Its size in bytes, as far as it was read.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file grew over the limit while it was read.
    #[error("file grew over the size limit while being read")]
    Grew,
    /// The file holds NUL bytes or is not UTF-8: binary data, not a text file.
    #[error("not a text file (it holds binary data)")]
    NotText,
    /// The OS refused.
    #[error("{}", crate::post::io_reason(.0))]
    Io(#[source] io::Error),
}

const MIB: u64 = 1024 * 1024;

/// The most quire reads of a config, theme or template file: far more than any real one.
pub const SETTINGS_LIMIT: u64 = MIB;
/// How much of a file is searched for NUL bytes to tell binary data from text, as `git` and `grep` do.
const BINARY_SNIFF: usize = 8192;

/// Opens a file for reading, never blocking: `O_NONBLOCK` (so a FIFO opens at once, where a plain
/// open waits for a writer) and `O_NOCTTY`, then `fstat` on the handle, so what is checked is what
/// was opened. Anything but a regular file is refused. Symlinks are followed.
pub fn open(path: &Path) -> Result<(File, Metadata), ReadError> {
    let file = match open_nonblocking(path) {
        Ok(file) => file,
        // A socket cannot be opened at all (ENXIO): say what it is, not what open said.
        Err(err) => {
            return Err(match std::fs::metadata(path).ok().and_then(|m| Special::of(m.file_type())) {
                Some(special) if err.kind() != io::ErrorKind::NotFound => ReadError::NotRegular(special),
                _ => ReadError::Io(err),
            });
        }
    };
    let meta = file.metadata().map_err(ReadError::Io)?;
    match Special::of(meta.file_type()) {
        // O_NONBLOCK changes nothing for a regular file: reads of one never wait on other processes.
        None => Ok((file, meta)),
        Some(special) => Err(ReadError::NotRegular(special)),
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open(path)?;
    read_opened(file, &meta, limit)
}

/// [`read`] for a text file (config, theme, template): binary data is refused as not text.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read(path, limit)?;
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some() {
        return Err(ReadError::NotText);
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

/// Reads a file [`open`] returned, refusing it if it is, or grows while being read, over `limit` bytes.
pub fn read_opened(file: File, meta: &Metadata, limit: u64) -> Result<Vec<u8>, ReadError> {
    if meta.len() > limit {
        return Err(ReadError::TooBig { size: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Grew);
    }
    Ok(bytes)
}

/// Runs `f` on a thread and fails the test if it has not returned within a few seconds: a FIFO
/// that blocks must fail a test, not hang the suite.
#[cfg(test)]
pub(crate) fn without_blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    const DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(DEADLINE).expect("blocked: no answer within the deadline")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn refusal(path: &Path) -> String {
        let path = path.to_path_buf();
        let shown = path.display().to_string();
        match without_blocking(move || open(&path).map(|_| ())) {
            Ok(()) => panic!("{shown} was opened"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn a_fifo_is_refused_at_once_without_a_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("p.md");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
        assert_eq!(refusal(&fifo), "not a regular file (a FIFO)");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&fifo, &link).expect("symlink");
        assert_eq!(refusal(&link), "not a regular file (a FIFO)", "a link is judged by what it points at");
    }

    #[test]
    fn devices_sockets_and_folders_are_named() {
        assert_eq!(refusal(Path::new("/dev/zero")), "not a regular file (a device)");
        assert_eq!(refusal(Path::new("/")), "not a regular file (a folder)");
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("s.md");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind a socket");
        assert_eq!(refusal(&socket), "not a regular file (a socket)");
    }

    #[test]
    fn a_regular_file_or_a_link_to_one_is_read_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, b"hello").expect("write");
        let link = dir.path().join("b.md");
        std::os::unix::fs::symlink(&path, &link).expect("symlink");
        for p in [&path, &link] {
            assert_eq!(read(p, 5).expect("reads"), b"hello");
        }
        assert!(matches!(read(&path, 4), Err(ReadError::TooBig { size: 5, limit: 4 })));
        assert_eq!(read_text(&path, 5).expect("text"), "hello");
        for binary in [&b"\x7fELF\x02\x01\x00\x00"[..], b"caf\xe9"] {
            std::fs::write(&path, binary).expect("write");
            assert_eq!(read_text(&path, 9).expect_err("binary").to_string(), "not a text file (it holds binary data)");
        }
        assert_eq!(read(&dir.path().join("none.md"), 9).expect_err("missing").to_string(), "no such file or directory");
    }
}
