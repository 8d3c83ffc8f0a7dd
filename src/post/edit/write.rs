//! Atomic writes: a temp file beside the post, fsync, rename over it. The original stays intact on
//! any failure, a read-only file stays unwritten, and a symlink keeps pointing at the updated target.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::EditError;

/// Linux `EDQUOT`: the user's disk quota is exhausted, as good as a full disk.
const EDQUOT: i32 = 122;

/// Atomic write: temp file in the same folder, fsync, rename over; keeps permissions; writes through a
/// symlink to its target; on any failure the original stays intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), EditError> {
    let target = resolve_symlinks(path)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(EditError::FolderGone(dir));
    }
    let permissions = match std::fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => {
            let special = crate::file::Special::of(meta.file_type()).unwrap_or(crate::file::Special::Other);
            return Err(EditError::Io { path: path.to_path_buf(), reason: special.to_string() });
        }
        // A rename would replace a file its owner made read-only: honour the mode, and (for other
        // owners, ACLs) whether the OS lets us open it for writing. Opening without truncating
        // changes nothing.
        Ok(meta) if meta.permissions().readonly() || !opens_for_writing(&target) => return Err(EditError::ReadOnly(path.to_path_buf())),
        Ok(meta) => Some(meta.permissions()),
        Err(err) if err.kind() == ErrorKind::NotFound => None,
        Err(err) => return Err(classify(path, &err)),
    };
    let fail = |err: std::io::Error| classify(path, &err);
    let mut temp = tempfile::Builder::new().prefix(".quire-").suffix(".tmp").tempfile_in(&dir).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions).map_err(fail)?;
    }
    temp.as_file().sync_all().map_err(fail)?;
    // On error the temp file is removed when `persist`'s error is dropped; the original is untouched.
    temp.persist(&target).map_err(|e| fail(e.error))?;
    sync_dir(&dir);
    Ok(())
}

fn opens_for_writing(path: &Path) -> bool {
    let mut options = std::fs::OpenOptions::new();
    // Should a FIFO have taken the file's place since the check, open it without waiting for a reader.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    match options.write(true).open(path) {
        Ok(_) => true,
        Err(err) => err.kind() != ErrorKind::PermissionDenied,
    }
}

/// The file a path finally names, following symlinks (a dangling link names its missing target).
fn resolve_symlinks(path: &Path) -> Result<PathBuf, EditError> {
    const MAX_LINKS: usize = 40;
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current).map_err(|e| classify(path, &e))?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(EditError::Io { path: path.to_path_buf(), reason: "too many levels of symbolic links".into() })
}

/// Makes the rename durable: fsync the folder that holds the new name. Best effort (not every
/// platform can open a folder), since the data itself is already synced.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Maps an OS error on `path` to the one-sentence error a user sees.
pub fn classify(path: &Path, err: &std::io::Error) -> EditError {
    let path = path.to_path_buf();
    match err.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => EditError::ReadOnly(path),
        ErrorKind::StorageFull => EditError::DiskFull(path),
        ErrorKind::NotFound => match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => EditError::FolderGone(dir.to_path_buf()),
            _ => EditError::NotFound(path),
        },
        _ if err.raw_os_error() == Some(EDQUOT) => EditError::DiskFull(path),
        _ => EditError::Io { path, reason: crate::post::io_reason(err) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_disk_and_permission_errors_read_as_one_sentence() {
        let p = Path::new("post.md");
        let full = classify(p, &std::io::Error::from(ErrorKind::StorageFull)).to_string();
        assert_eq!(full, "the disk is full; post.md was left as it was");
        let denied = classify(p, &std::io::Error::from(ErrorKind::PermissionDenied)).to_string();
        assert_eq!(denied, "post.md is read-only; nothing was written");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone").join("post.md");
        let err = write_atomic(&gone, b"x").unwrap_err();
        assert!(matches!(err, EditError::FolderGone(_)), "{err}");
    }

    #[test]
    fn a_new_file_is_written_and_no_temp_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("post.md");
        write_atomic(&path, b"hello\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
