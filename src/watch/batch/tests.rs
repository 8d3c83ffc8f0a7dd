//! Event batches resolved against real files in a temp folder, without a live OS watch.

use std::path::{Path, PathBuf};
use std::time::Instant;

use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, Flag, ModifyKind, RemoveKind, RenameMode};
use notify::{Event, EventKind};
use notify_debouncer_full::DebouncedEvent;

use super::{Resolver, is_editor_temp};
use crate::library::Change;

fn resolver(root: &Path) -> Resolver {
    Resolver::new(root, root.to_path_buf(), root.to_path_buf())
}

fn event(kind: EventKind, paths: &[&Path]) -> DebouncedEvent {
    let event = paths.iter().fold(Event::new(kind), |e, p| e.add_path(p.to_path_buf()));
    DebouncedEvent::new(event, Instant::now())
}

fn write(path: &Path, title: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, format!("---\ntitle: {title}\n---\nBody.\n")).expect("write post");
}

/// Each change as a short line: `upsert a.md "Title"` or `remove sub`.
fn describe(root: &Path, changes: &[Change]) -> Vec<String> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    changes
        .iter()
        .map(|c| match c {
            Change::Upsert(post) => format!("upsert {} {:?}", rel(&post.path), post.title),
            Change::Remove(path) => format!("remove {}", rel(path)),
            Change::Rescan => "rescan".to_string(),
            Change::Written(path) => format!("written {}", rel(path)),
        })
        .collect()
}

const MODIFY: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
const CREATE_FILE: EventKind = EventKind::Create(CreateKind::File);
const CREATE_FOLDER: EventKind = EventKind::Create(CreateKind::Folder);
const REMOVE_FILE: EventKind = EventKind::Remove(RemoveKind::File);
const RENAME: EventKind = EventKind::Modify(ModifyKind::Name(RenameMode::Both));

#[test]
fn a_file_modified_then_deleted_in_one_batch_is_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = dir.path().join("a.md");
    let changes = resolver(dir.path()).resolve(&[event(MODIFY, &[&post]), event(REMOVE_FILE, &[&post])]);
    assert_eq!(describe(dir.path(), &changes), ["remove a.md"]);
}

#[test]
fn many_events_on_one_file_read_it_once_in_its_last_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = dir.path().join("a.md");
    write(&post, "Final");
    let events = [event(CREATE_FILE, &[&post]), event(MODIFY, &[&post]), event(MODIFY, &[&post])];
    let changes = resolver(dir.path()).resolve(&events);
    assert_eq!(describe(dir.path(), &changes), [r#"upsert a.md "Final""#]);
}

#[test]
fn a_rename_removes_the_old_path_and_reads_the_new() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (dir.path().join("_drafts/a.md"), dir.path().join("_posts/a.md"));
    write(&new, "Moved");
    let changes = resolver(dir.path()).resolve(&[event(RENAME, &[&old, &new])]);
    assert_eq!(describe(dir.path(), &changes), ["remove _drafts/a.md", r#"upsert _posts/a.md "Moved""#]);
}

#[test]
fn vim_save_dance_becomes_one_upsert() {
    // vim: probe file 4913, rename the post to a backup, write the post anew, delete the backup.
    let dir = tempfile::tempdir().expect("temp dir");
    let (post, backup, probe) = (dir.path().join("a.md"), dir.path().join("a.md~"), dir.path().join("4913"));
    write(&post, "Saved");
    let events = [
        event(CREATE_FILE, &[&probe]),
        event(REMOVE_FILE, &[&probe]),
        event(RENAME, &[&post, &backup]),
        event(CREATE_FILE, &[&post]),
        event(REMOVE_FILE, &[&backup]),
    ];
    let changes = resolver(dir.path()).resolve(&events);
    assert_eq!(describe(dir.path(), &changes), [r#"upsert a.md "Saved""#]);
}

#[test]
fn a_new_folder_is_walked_for_posts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("2024");
    write(&folder.join("one.md"), "One");
    write(&folder.join("deep/two.md"), "Two");
    std::fs::write(folder.join("notes.txt"), "not a post").expect("write");
    let changes = resolver(dir.path()).resolve(&[event(CREATE_FOLDER, &[&folder])]);
    // The folder itself is news too: its other files (notes.txt, a bundle's pictures) came with it.
    assert_eq!(describe(dir.path(), &changes), ["written 2024", r#"upsert 2024/deep/two.md "Two""#, r#"upsert 2024/one.md "One""#]);
}

#[test]
fn a_folder_replaced_in_one_batch_loses_old_posts_before_gaining_new() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("posts");
    write(&folder.join("new.md"), "New");
    let events = [event(EventKind::Remove(RemoveKind::Folder), &[&folder]), event(CREATE_FOLDER, &[&folder])];
    let changes = resolver(dir.path()).resolve(&events);
    assert_eq!(describe(dir.path(), &changes), ["remove posts", "written posts", r#"upsert posts/new.md "New""#]);
}

#[test]
fn files_that_are_not_posts_are_reported_written_or_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (picture, gone, swap) = (dir.path().join("images/a.png"), dir.path().join("images/b.png"), dir.path().join("images/.a.png.swp"));
    std::fs::create_dir_all(dir.path().join("images")).expect("mkdir");
    std::fs::write(&picture, b"png").expect("write");
    std::fs::write(&swap, b"swap").expect("write");
    let events = [event(MODIFY, &[&picture]), event(REMOVE_FILE, &[&gone]), event(CREATE_FILE, &[&swap])];
    let changes = resolver(dir.path()).resolve(&events);
    assert_eq!(describe(dir.path(), &changes), ["remove images/b.png", "written images/a.png"]);
}

#[test]
fn reading_a_file_is_not_a_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = dir.path().join("a.md");
    write(&post, "Read");
    let events = [
        event(EventKind::Access(AccessKind::Open(AccessMode::Any)), &[&post]),
        event(EventKind::Access(AccessKind::Close(AccessMode::Read)), &[&post]),
    ];
    assert!(resolver(dir.path()).resolve(&events).is_empty());
}

#[test]
fn swap_backup_and_hidden_files_never_become_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names =
        [".a.md.swp", "a.md~", "4913", ".#a.md", "#a.md#", "a.md.tmp", ".git/x.md", "node_modules/x.md", "public/x.md", ".hidden/x.md"];
    let paths: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
    for p in &paths {
        write(p, "Nope");
    }
    let mut events: Vec<DebouncedEvent> = paths.iter().map(|p| event(CREATE_FILE, &[p])).collect();
    // Temp files deleted (they no longer exist, so could have been anything): no removal either.
    for gone in [".b.md.swp", "b.md~", "5036", ".#b.md", ".git/index.lock"] {
        events.push(event(REMOVE_FILE, &[&dir.path().join(gone)]));
    }
    assert_eq!(describe(dir.path(), &resolver(dir.path()).resolve(&events)), Vec::<String>::new());
}

#[test]
fn files_in_gitignored_folders_never_become_posts() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".gitignore"), "scratch/\n*.draft.md\n").expect("write");
    let (hidden, also_hidden, kept) = (dir.path().join("scratch/x.md"), dir.path().join("y.draft.md"), dir.path().join("z.md"));
    for p in [&hidden, &also_hidden, &kept] {
        write(p, "T");
    }
    let events: Vec<DebouncedEvent> = [&hidden, &also_hidden, &kept].iter().map(|p| event(CREATE_FILE, &[p])).collect();
    assert_eq!(describe(dir.path(), &resolver(dir.path()).resolve(&events)), [r#"upsert z.md "T""#]);
}

#[test]
fn an_ignore_file_change_or_lost_events_ask_for_a_rescan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = dir.path().join("a.md");
    write(&post, "A");
    let gitignore = dir.path().join(".gitignore");
    let changes = resolver(dir.path()).resolve(&[event(MODIFY, &[&post]), event(MODIFY, &[&gitignore])]);
    assert_eq!(describe(dir.path(), &changes), ["rescan"]);
    let overflow = DebouncedEvent::new(Event::new(EventKind::Other).set_flag(Flag::Rescan), Instant::now());
    assert_eq!(describe(dir.path(), &resolver(dir.path()).resolve(&[overflow])), ["rescan"]);
}

#[test]
fn the_watched_root_going_away_is_not_a_removal() {
    // The watcher reports it as an error instead, and the posts stay on screen.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("blog");
    let changes = resolver(&root).resolve(&[event(EventKind::Remove(RemoveKind::Folder), &[&root])]);
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn event_paths_are_given_back_in_the_callers_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("a.md"), "A");
    let relative = Path::new("blog");
    let resolver = Resolver::new(relative, relative.to_path_buf(), dir.path().to_path_buf());
    let changes = resolver.resolve(&[event(MODIFY, &[&dir.path().join("a.md")])]);
    // The file is read through the absolute path's twin, which does not exist here: it becomes a removal.
    assert_eq!(describe(relative, &changes), ["remove a.md"]);
    assert!(matches!(&changes[0], Change::Remove(p) if p == Path::new("blog/a.md")));
}

#[test]
fn editor_temp_names_are_recognised() {
    for name in [".a.md.swp", "a.md~", "4913", ".#a.md", "#a.md#", "a.md.kate-swp", "a.md___jb_tmp___", "a.tmp"] {
        assert!(is_editor_temp(name), "{name}");
    }
    // Year folders are common in blogs; vim's probe names are 4913 + 123 * n.
    for name in ["a.md", "2024", "1999", "4914", "_posts", "drafts"] {
        assert!(!is_editor_temp(name), "{name}");
    }
}

#[test]
fn files_in_asset_folders_outside_the_posts_are_written_or_removed_never_posts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (content, assets) = (dir.path().join("content"), dir.path().join("static"));
    let (picture, page, gone, swap) =
        (assets.join("images/a.png"), assets.join("page.md"), assets.join("images/b.png"), assets.join("images/.a.png.swp"));
    write(&page, "Not a post");
    std::fs::create_dir_all(assets.join("images")).expect("mkdir");
    std::fs::write(&picture, b"png").expect("write");
    std::fs::write(&swap, b"swap").expect("write");
    let resolver = Resolver::new(dir.path(), content.clone(), content).with_assets(vec![(assets.clone(), assets.clone())]);
    let events = [event(MODIFY, &[&picture]), event(CREATE_FILE, &[&page]), event(REMOVE_FILE, &[&gone]), event(MODIFY, &[&swap])];
    let changes = resolver.resolve(&events);
    assert_eq!(describe(dir.path(), &changes), ["written static/images/a.png", "written static/page.md", "remove static/images/b.png"]);
}
