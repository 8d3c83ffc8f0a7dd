//! What a write keeps on disk besides the text: hard links, owner, group and mode; what it refuses:
//! another writer's change made while quire was writing, posts over the size limit; and a draft
//! toggle that its reverse undoes byte for byte.

use std::fs;
use std::path::{Path, PathBuf};

use quire::post::edit::{self, Edit, EditError};
use quire::post::{self, MAX_POST_BYTES};

fn set(key: &str, value: &str) -> Edit {
    Edit::Set { key: key.into(), value: value.into() }
}

fn post_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("post.md");
    fs::write(&path, text).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn a_file_with_hard_links_is_rewritten_in_place_and_every_name_sees_the_edit() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = post_file(dir.path(), "---\ntitle: A\n---\nBody\n");
    let other = dir.path().join("other-name.md");
    fs::hard_link(&path, &other).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    edit::edit_file(&path, None, &[set("title", "B")]).unwrap();
    assert_eq!(fs::read_to_string(&other).unwrap(), "---\ntitle: B\n---\nBody\n");
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: B\n---\nBody\n");
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (inode, 2), "the same file, still with two names");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no backup copy left behind: {names:?}");
    // A shorter text leaves no tail of the old one.
    edit::edit_file(&other, None, &[Edit::Unset("title".into())]).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\n---\nBody\n");
}

#[cfg(unix)]
#[test]
fn owner_group_and_mode_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = post_file(dir.path(), "---\ntitle: A\n---\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
    // As root the file can be given away (as in the issue: 65534:1234); as a user, its own ids.
    let given = std::os::unix::fs::chown(&path, Some(65534), Some(1234)).is_ok();
    let before = fs::metadata(&path).unwrap();
    edit::edit_file(&path, None, &[set("title", "B")]).unwrap();
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid(), after.mode() & 0o7777), (before.uid(), before.gid(), 0o664), "given away: {given}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: B\n---\n");
}

#[test]
fn a_change_made_after_quire_read_the_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = post_file(dir.path(), "---\ntitle: A\n---\nBody\n");
    let stamp = post::load(&path).stamp;
    fs::write(&path, "---\ntitle: A\n---\nBody\nappended line\n").unwrap();
    let err = edit::edit_file(&path, Some(&stamp), &[set("title", "B")]).unwrap_err();
    assert!(matches!(err, EditError::Conflict(_)), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: A\n---\nBody\nappended line\n");
}

#[test]
fn a_post_over_the_size_limit_is_refused_with_its_real_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.md");
    let mut text = String::from("---\ntitle: Big\n---\n");
    let size = 9_122_611; // 8.7 MiB
    text.push_str(&"x".repeat(size - text.len()));
    fs::write(&path, &text).unwrap();
    let err = edit::edit_file(&path, None, &[set("title", "B")]).unwrap_err();
    assert_eq!(err.to_string(), format!("{} is 8.7 MiB, over the 8 MiB limit of what quire reads; edit it in an editor", path.display()));
    // Loading says the same size, and the post is not offered for editing.
    let post = post::load(&path);
    assert_eq!(post.cannot_edit.as_deref(), Some("file is 8.7 MiB, over the 8 MiB limit; not read"));
    assert_eq!(post.problems[0].message, "file is 8.7 MiB, over the 8 MiB limit; not read");
    assert!(matches!(edit::toggle_draft(&post), Err(EditError::TooLarge { .. })));
    assert_eq!(fs::read(&path).unwrap().len(), size, "untouched");
    assert!(MAX_POST_BYTES < size as u64);
}

#[test]
fn toggling_draft_twice_gives_back_the_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let before = "---\ntitle: Hugo post\ndate: 2024-01-01\n---\nBody\n";
    let path = post_file(dir.path(), before);
    edit::toggle_draft(&post::load(&path)).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: Hugo post\ndate: 2024-01-01\ndraft: true\n---\nBody\n");
    edit::toggle_draft(&post::load(&path)).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
    // A post that had its own `draft: true` keeps the key when published.
    let path = post_file(dir.path(), "---\ntitle: T\ndraft: true\n---\n");
    edit::toggle_draft(&post::load(&path)).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: T\ndraft: false\n---\n");
}

/// Issue 11's case as it happened: a file of `65534:1234`, edited by another user who is in group
/// 1234. A new file could not get that owner, so quire writes in place: owner, group, mode and inode
/// stay. Needs root (to set the scene) and `setpriv` (to act as that user); skipped otherwise.
#[cfg(target_os = "linux")]
#[test]
fn a_group_member_editing_someone_elses_file_leaves_it_theirs() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = post_file(dir.path(), "---\ntitle: Shared\n---\nBody\n");
    let scene = std::os::unix::fs::chown(&path, Some(65534), Some(1234))
        .and_then(|()| std::os::unix::fs::chown(dir.path(), Some(0), Some(1234)))
        .and_then(|()| fs::set_permissions(&path, fs::Permissions::from_mode(0o664)))
        .and_then(|()| fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o775)));
    let as_member = |args: &[&str]| {
        std::process::Command::new("setpriv")
            .args(["--reuid=1001", "--regid=1001", "--groups=1234", env!("CARGO_BIN_EXE_quire")])
            .args(args)
            .output()
    };
    let Ok(probe) = as_member(&["--version"]).map(|o| o.status.success()) else {
        eprintln!("skipping: no setpriv");
        return;
    };
    if scene.is_err() || !probe {
        eprintln!("skipping: needs root and a quire binary other users may run");
        return;
    }
    let inode = fs::metadata(&path).unwrap().ino();
    let out = as_member(&["set", path.to_str().unwrap(), "title=Changed"]).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o777, meta.ino()), (65534, 1234, 0o664, inode));
    assert_eq!(fs::read_to_string(&path).unwrap(), "---\ntitle: Changed\n---\nBody\n");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no backup copy left behind");
}
