//! Safe writes. Usually atomic: a temp file beside the post, flushed, given the post's owner, group
//! and mode, then renamed over it. When a rename could not keep what the file is (it has other hard
//! links, or quire cannot give a new file its owner and group), the file is rewritten in place, as
//! vim's `backupcopy=auto` does: a copy of the old content is made and flushed first, then the file
//! is overwritten and flushed, and the copy is removed only once the new content is on disk.
//! Either way, the last look at what is on disk comes right before the switch, after the new
//! content is written and flushed; a rename also looks once more after it, and puts back what
//! another writer added in between (reporting a conflict), so that nothing they wrote is lost.
//! The original stays intact on any failure, a read-only file stays unwritten, and a symlink keeps
//! pointing at the updated target.

use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::EditError;

/// Linux `EDQUOT`: the user's disk quota is exhausted, as good as a full disk.
const EDQUOT: i32 = 122;

/// Atomic write: temp file in the same folder, fsync, rename over; keeps permissions, owner, group
/// and hard links (writing in place when a rename cannot keep them); writes through a symlink to
/// its target; on any failure the original stays intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), EditError> {
    replace(path, bytes, None)
}

/// Like [`write_atomic`], refusing with [`EditError::Conflict`] unless the file still holds
/// `expected` at the moment it is replaced.
pub(crate) fn replace(path: &Path, bytes: &[u8], expected: Option<&[u8]>) -> Result<(), EditError> {
    let target = resolve_symlinks(path)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(EditError::FolderGone(dir));
    }
    let meta = match std::fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => {
            let special = crate::file::Special::of(meta.file_type()).unwrap_or(crate::file::Special::Other);
            return Err(EditError::Io { path: path.to_path_buf(), reason: special.to_string() });
        }
        // A rename would replace a file its owner made read-only: honour the mode, and (for other
        // owners, ACLs) whether the OS lets us open it for writing. Opening without truncating
        // changes nothing.
        Ok(meta) if meta.permissions().readonly() || !opens_for_writing(&target) => return Err(EditError::ReadOnly(path.to_path_buf())),
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == ErrorKind::NotFound => None,
        Err(err) => return Err(classify(path, &err)),
    };
    let fail = |err: std::io::Error| classify(path, &err);
    if meta.as_ref().is_some_and(|m| links(m) > 1) {
        return write_in_place(path, &target, &dir, bytes, expected);
    }
    let mut temp = tempfile::Builder::new().prefix(".quire-").suffix(".tmp").tempfile_in(&dir).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    if let Some(meta) = &meta {
        if !same_owner(temp.as_file(), meta) {
            drop(temp);
            return write_in_place(path, &target, &dir, bytes, expected);
        }
        temp.as_file().set_permissions(meta.permissions()).map_err(fail)?;
    }
    temp.as_file().sync_all().map_err(fail)?;
    // The last look before the switch: the old file, held open so it can be read again after.
    let mut old = match expected {
        Some(expected) => {
            let mut old = File::open(&target).map_err(fail)?;
            if !holds(&mut old, expected).map_err(fail)? {
                return Err(EditError::Conflict(path.to_path_buf()));
            }
            Some(old)
        }
        None => None,
    };
    // On error the temp file is removed when `persist`'s error is dropped; the original is untouched.
    temp.persist(&target).map_err(|e| fail(e.error))?;
    sync_dir(&dir);
    // A writer that had the old file open may have added to it between the look and the rename:
    // put their version back rather than lose it, and say there was a conflict.
    if let (Some(old), Some(expected)) = (old.as_mut(), expected)
        && !holds(old, expected).map_err(fail)?
    {
        let mut theirs = Vec::new();
        old.seek(SeekFrom::Start(0)).and_then(|_| old.read_to_end(&mut theirs)).map_err(fail)?;
        put_back(path, bytes, &theirs)?;
        return Err(EditError::Conflict(path.to_path_buf()));
    }
    Ok(())
}

/// How often quire tries to put another writer's version back before leaving the file as it is.
const PUT_BACK_TRIES: usize = 3;

/// Replaces quire's new content with `theirs` (the old file as another writer left it), keeping
/// whatever was appended to the new file meanwhile; gives up if the new file was rewritten.
fn put_back(path: &Path, ours: &[u8], theirs: &[u8]) -> Result<(), EditError> {
    for _ in 0..PUT_BACK_TRIES {
        let now = std::fs::read(path).map_err(|e| classify(path, &e))?;
        let Some(added) = now.strip_prefix(ours) else { return Ok(()) };
        let merged = [theirs, added].concat();
        match replace(path, &merged, Some(&now)) {
            Err(EditError::Conflict(_)) => continue,
            done => return done,
        }
    }
    Ok(())
}

/// Whether an open file holds exactly `expected`, read from its start.
fn holds(file: &mut File, expected: &[u8]) -> std::io::Result<bool> {
    file.seek(SeekFrom::Start(0))?;
    let mut now = Vec::with_capacity(expected.len() + 1);
    Read::by_ref(file).take(expected.len() as u64 + 1).read_to_end(&mut now)?;
    Ok(now == expected)
}

/// Rewrites the file itself (same inode: owner, group, mode, hard links and ACLs stay). A copy of
/// the old content is flushed beside it first and removed once the new content is on disk; if the
/// overwrite fails, the old content is written back from it (and the copy kept if even that fails).
fn write_in_place(path: &Path, target: &Path, dir: &Path, bytes: &[u8], expected: Option<&[u8]>) -> Result<(), EditError> {
    let fail = |err: std::io::Error| classify(path, &err);
    let mut file = std::fs::OpenOptions::new().read(true).write(true).open(target).map_err(fail)?;
    let mut old = Vec::new();
    file.read_to_end(&mut old).map_err(fail)?;
    if expected.is_some_and(|e| e != old.as_slice()) {
        return Err(EditError::Conflict(path.to_path_buf()));
    }
    let mut backup = tempfile::Builder::new()
        .prefix(".quire-")
        .suffix(".bak")
        .tempfile_in(dir)
        .or_else(|_| tempfile::Builder::new().prefix("quire-").suffix(".bak").tempfile())
        .map_err(fail)?;
    backup.write_all(&old).and_then(|()| backup.as_file().sync_all()).map_err(fail)?;
    // The last look, on the file itself, right before it is overwritten.
    if expected.is_some() && !holds(&mut file, &old).map_err(fail)? {
        return Err(EditError::Conflict(path.to_path_buf()));
    }
    let overwrite = |file: &mut File, content: &[u8]| -> std::io::Result<()> {
        file.seek(SeekFrom::Start(0))?;
        file.write_all(content)?;
        file.set_len(content.len() as u64)?;
        file.sync_all()
    };
    if let Err(err) = overwrite(&mut file, bytes) {
        if overwrite(&mut file, &old).is_err() {
            let (_, kept) = backup.keep().map_err(|e| fail(e.error))?;
            let reason = format!("{}; its old content is kept in {}", crate::post::io_reason(&err), kept.display());
            return Err(EditError::Io { path: path.to_path_buf(), reason });
        }
        return Err(fail(err));
    }
    drop(backup);
    Ok(())
}

/// How many names the file has.
#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Gives a new file the owner and group of the old one; `false` when the OS does not allow it (a
/// user may not give a file away, nor pick a group they are not in).
#[cfg(unix)]
fn same_owner(file: &File, old: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(new) = file.metadata() else { return false };
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return true;
    }
    std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_ok()
        && file.metadata().is_ok_and(|m| (m.uid(), m.gid()) == (old.uid(), old.gid()))
}

#[cfg(not(unix))]
fn same_owner(_: &File, _: &std::fs::Metadata) -> bool {
    true
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
