//! The index lists what a full load lists, whatever happened to the files or to the index:
//! touched, rewritten in the same instant, renamed, deleted; a damaged index, one of another
//! version, a cache folder that cannot be written, two quires at once. And when nothing changed,
//! no file is read.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use quire::library::{Library, Pending};
use quire::post::Read;

fn listing(library: &Library) -> Vec<String> {
    library.posts().iter().map(|p| common::listed(p)).collect()
}

/// What a load without any index lists.
fn full(root: &Path, read: Read) -> Vec<String> {
    listing(&Library::open_with(root, read).unwrap())
}

fn open(root: &Path, index: &Path, read: Read) -> (Library, Pending) {
    Library::open_indexed_at(root, read, Ok(index.to_path_buf())).unwrap()
}

/// Opens through the index, checks the list against a full load, saves; gives (read, reused).
fn load(root: &Path, index: &Path, read: Read) -> (usize, usize, Option<String>) {
    let (library, pending) = open(root, index, read);
    assert_eq!(listing(&library), full(root, read), "{read:?} through the index lists what a full load lists");
    let seen = (pending.read, pending.reused, pending.note.clone());
    assert_eq!(pending.save(), None, "the index is saved");
    seen
}

/// Sets a file's mtime `ago` in the past (files written by a test are too new to be trusted).
fn age(path: &Path, ago: Duration) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - ago).unwrap();
}

const HOUR: Duration = Duration::from_secs(3600);

fn write_post(root: &Path, name: &str, title: &str) -> PathBuf {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, format!("---\ntitle: {title}\ndate: 2024-01-0{}\ntags: [t]\n---\nBody of {title}.\n", name.len() % 9 + 1))
        .unwrap();
    age(&path, HOUR);
    path
}

/// A blog of three old posts and a file without front matter (never kept in the index).
fn blog() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    for (name, title) in [("a.md", "Alpha"), ("b.md", "Beta"), ("sub/c.md", "Gamma")] {
        write_post(root.path(), name, title);
    }
    let bare = root.path().join("bare.md");
    std::fs::write(&bare, "# Bare heading\n\ntext\n").unwrap();
    age(&bare, HOUR);
    let cache = tempfile::tempdir().unwrap();
    let index = cache.path().join("index.sqlite");
    (root, cache, index)
}

/// What the TUI holds of a post after a measured load: the listing, the content hash, the words,
/// why it cannot be edited, its problems, and whether it holds no body.
type Measured = (String, u64, Option<u32>, Option<String>, usize, bool);

/// [`Measured`] of every post.
fn measured(library: &Library) -> Vec<Measured> {
    let of = |p: &std::sync::Arc<quire::post::Post>| {
        (common::listed(p), p.stamp.hash, p.words, p.cannot_edit.clone(), p.problems.len(), p.body.is_none())
    };
    library.posts().iter().map(of).collect()
}

#[test]
fn a_measured_load_through_a_warm_index_reads_only_what_changed_and_holds_what_reading_every_file_gives() {
    let (root, _cache, index) = blog();
    let want = || measured(&Library::open_with(root.path(), Read::Measured).unwrap());
    let through = |expect: (usize, usize)| {
        let (library, pending) = open(root.path(), &index, Read::Measured);
        assert_eq!(measured(&library), want());
        assert_eq!((pending.read, pending.reused), expect);
        assert_eq!(pending.save(), None);
    };
    // A listing's entries hold no measure: the first measured load reads every file.
    assert_eq!(load(root.path(), &index, Read::Head), (4, 0, None));
    through((4, 0));
    through((1, 3));
    // `check` rewrites the entries with its scans: the measures stay, and so do its scans.
    assert_eq!(load(root.path(), &index, Read::Body).0, 4);
    through((1, 3));
    assert_eq!(load(root.path(), &index, Read::Body), (1, 3, None));
    // A post rewritten (another size) is read again and measured anew.
    std::fs::write(root.path().join("b.md"), "---\ntitle: Beta\ndate: 2024-01-05\n---\nA longer body of Beta now.\n").unwrap();
    age(&root.path().join("b.md"), HOUR);
    through((2, 2));
    through((1, 3));
}

#[test]
fn a_warm_start_reads_no_post_the_index_can_stand_for() {
    let (root, _cache, index) = blog();
    assert_eq!(load(root.path(), &index, Read::Head), (4, 0, None), "cold: every file read");
    assert_eq!(load(root.path(), &index, Read::Head), (1, 3, None), "warm: only the file without front matter is read");
    // `check` needs files checked whole: a head-only read does not stand for one, until one was done.
    assert_eq!(load(root.path(), &index, Read::Checked).0, 4);
    assert_eq!(load(root.path(), &index, Read::Checked), (1, 3, None));
    assert_eq!(load(root.path(), &index, Read::Head), (1, 3, None));
    // A whole read (the TUI's) reads every file, and leaves entries it did not change alone.
    assert_eq!(load(root.path(), &index, Read::Whole), (4, 0, None));
    assert_eq!(load(root.path(), &index, Read::Checked), (1, 3, None));
}

#[test]
fn a_touched_file_is_read_again() {
    let (root, _cache, index) = blog();
    load(root.path(), &index, Read::Head);
    age(&root.path().join("a.md"), 2 * HOUR);
    assert_eq!(load(root.path(), &index, Read::Head), (2, 2, None));
    assert_eq!(load(root.path(), &index, Read::Head), (1, 3, None), "and trusted once more");
}

#[test]
fn a_rewrite_in_the_same_instant_as_the_index_is_not_trusted() {
    let (root, _cache, index) = blog();
    let path = root.path().join("b.md");
    let old = std::fs::metadata(&path).unwrap().modified().unwrap();
    // Written now: as new as the index about to be written, so racy.
    std::fs::write(&path, "---\ntitle: Bravo\n---\n").unwrap();
    let now = std::fs::metadata(&path).unwrap().modified().unwrap();
    load(root.path(), &index, Read::Head);
    // Same size, and the mtime it had: only the racy rule (and ctime) can tell.
    std::fs::write(&path, "---\ntitle: Bxxxx\n---\n").unwrap();
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(now).unwrap();
    let (library, _) = open(root.path(), &index, Read::Head);
    assert!(library.posts().iter().any(|p| p.title == "Bxxxx"), "the new title is listed");
    assert!(!library.posts().iter().any(|p| p.title == "Bravo"));
    let _ = old;
}

#[test]
fn renamed_and_deleted_files_leave_the_list() {
    let (root, _cache, index) = blog();
    load(root.path(), &index, Read::Head);
    std::fs::rename(root.path().join("a.md"), root.path().join("sub/z.md")).unwrap();
    std::fs::remove_file(root.path().join("b.md")).unwrap();
    let (read, reused, _) = load(root.path(), &index, Read::Head);
    assert_eq!((read, reused), (2, 1), "the renamed file is read under its new name (its ctime changed)");
    let (library, _) = open(root.path(), &index, Read::Head);
    let titles: Vec<&str> = library.posts().iter().map(|p| p.title.as_str()).collect();
    assert!(titles.contains(&"Alpha") && !titles.contains(&"Beta"), "{titles:?}");
    assert!(library.posts().iter().all(|p| !p.path.ends_with("a.md")));
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_note() {
    let (root, _cache, index) = blog();
    load(root.path(), &index, Read::Head);
    std::fs::write(&index, vec![0x5a; 8192]).unwrap();
    let (read, _, note) = load(root.path(), &index, Read::Head);
    assert_eq!(read, 4);
    assert!(note.is_some_and(|n| n.contains("index")));
    assert_eq!(load(root.path(), &index, Read::Head), (1, 3, None), "the rebuilt index serves the next start");
}

#[test]
fn an_index_of_another_version_is_rebuilt() {
    let (root, _cache, index) = blog();
    load(root.path(), &index, Read::Head);
    rusqlite::Connection::open(&index).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let (read, _, note) = load(root.path(), &index, Read::Head);
    assert_eq!(read, 4, "nothing of it is read");
    assert!(note.is_some_and(|n| n.contains("version")));
    assert_eq!(load(root.path(), &index, Read::Head), (1, 3, None));
}

#[test]
fn a_cache_folder_that_cannot_be_written_only_costs_the_reads() {
    let (root, cache, _) = blog();
    // A "folder" that is a file cannot hold the index, even for root.
    let blocker = cache.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let (read, reused, note) = load(root.path(), &blocker.join("index.sqlite"), Read::Head);
    assert_eq!((read, reused), (4, 0));
    assert!(note.is_some());
    // A read-only folder (root may write it anyway: then the index simply works).
    let locked = cache.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let index = locked.join("index.sqlite");
    load(root.path(), &index, Read::Head);
    set_mode(&locked, 0o555);
    set_mode(&index, 0o444);
    load(root.path(), &index, Read::Head);
    load(root.path(), &index, Read::Head);
    set_mode(&locked, 0o755);
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn threads_loading_and_saving_one_index_at_once_never_list_wrong() {
    let (root, _cache, index) = blog();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..5 {
                    let (library, pending) = open(root.path(), &index, Read::Head);
                    assert_eq!(listing(&library), full(root.path(), Read::Head));
                    let _ = pending.save();
                }
            });
        }
    });
    assert_eq!(load(root.path(), &index, Read::Head), (1, 3, None), "the index is whole afterwards");
}

#[test]
fn two_quire_processes_on_one_blog_print_what_a_full_load_prints() {
    let (root, cache, _) = blog();
    let run = |cache: &Path, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(args)
            .arg(root.path())
            .env("QUIRE_CACHE_DIR", cache)
            .env("QUIRE_CONFIG", cache.join("none.toml"))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let output = |child: std::process::Child| {
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let fresh = tempfile::tempdir().unwrap();
    let want = output(run(fresh.path(), &["list"]));
    assert!(want.contains("Alpha") && want.contains("Bare heading"));
    for _ in 0..3 {
        let children: Vec<_> = (0..4).map(|_| run(cache.path(), &["list"])).collect();
        for child in children {
            assert_eq!(output(child), want);
        }
    }
}

/// `quire list` and `check --no-links` print the same bytes cold, warm, and with no index at all,
/// on the shared blogs (their files are old enough to be trusted, so the warm runs use the index).
#[test]
fn the_cli_prints_the_same_from_the_index_on_the_shared_blogs() {
    let Some(shared) = common::shared() else { return };
    for blog in ["corpora/hugo-javabien", "corpora/zola-rust-blog"] {
        let root = shared.join(blog);
        let cache = tempfile::tempdir().unwrap();
        let run = |cache: &Path, args: &[&str]| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
                .args(args)
                .arg(&root)
                .env("QUIRE_CACHE_DIR", cache)
                .env("QUIRE_CONFIG", cache.join("none.toml"))
                .output()
                .unwrap();
            (out.status.code(), out.stdout, out.stderr)
        };
        let checks: [&[&str]; 3] = [&["check"], &["check", "--format", "json"], &["check", "--format", "github", "--no-assets"]];
        for args in [&["list"][..], &["list", "--format", "tsv", "--drafts"], &["check", "--no-links"], &["list", "--json"]]
            .into_iter()
            .chain(checks)
        {
            let none = tempfile::tempdir().unwrap();
            let want = run(none.path(), args);
            assert!(!want.1.is_empty() || !want.2.is_empty(), "{args:?} prints");
            for round in ["cold", "warm", "warm again"] {
                assert_eq!(run(cache.path(), args), want, "{args:?} {round} on {blog}");
            }
        }
        let index = std::fs::read_dir(cache.path()).unwrap().flatten().find(|e| e.file_name().to_string_lossy().ends_with(".sqlite"));
        let conn = rusqlite::Connection::open(index.expect("an index was written").path()).unwrap();
        let rows: i64 = conn.query_row("SELECT count(*) FROM files", [], |r| r.get(0)).unwrap();
        assert!(rows > 10, "{blog}: {rows} entries");
        let packed: i64 = conn.query_row("SELECT count(*) FROM files WHERE length(fields) > 0", [], |r| r.get(0)).unwrap();
        assert!(packed > 10, "{blog}: {packed} entries keep their parsed keys");
    }
}

/// Parsed keys that do not read back (a damaged blob, another layout) are not trusted: the
/// entry's front matter is parsed again, and the list is a full load's.
#[test]
fn damaged_parsed_keys_mean_the_front_matter_is_parsed_again() {
    let Some(shared) = common::shared() else { return };
    let root = shared.join("corpora/zola-rust-blog");
    let cache = tempfile::tempdir().unwrap();
    let index = cache.path().join("index.sqlite");
    load(&root, &index, Read::Head);
    let conn = rusqlite::Connection::open(&index).unwrap();
    // A list of 255 items, cut short.
    let changed = conn.execute("UPDATE files SET fields = x'01000405ff'", []).unwrap();
    assert!(changed > 10);
    drop(conn);
    let (_, reused, _) = load(&root, &index, Read::Head);
    assert!(reused > 10, "still listed from the index: {reused}");
}

#[test]
fn the_shared_blogs_list_the_same_through_the_index() {
    let Some(shared) = common::shared() else { return };
    for blog in ["corpora/hugo-javabien", "corpora/zola-rust-blog"] {
        let root = shared.join(blog);
        let cache = tempfile::tempdir().unwrap();
        let index = cache.path().join("index.sqlite");
        for read in [Read::Head, Read::Checked] {
            load(&root, &index, read);
            let (_, reused, _) = load(&root, &index, read);
            assert!(reused > 10, "{blog} {read:?}: {reused} listed from the index");
        }
    }
}

/// `quire check` of `root` with its index in `cache`: (exit code, stdout).
fn check_cli(root: &Path, cache: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("check")
        .args(args)
        .arg(root)
        .env("QUIRE_CACHE_DIR", cache)
        .env("QUIRE_CONFIG", cache.join("none.toml"))
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// `quire check` warm (its index in `cache`) must print what it prints with no index at all.
fn check_warm_as_cold(root: &Path, cache: &Path) -> String {
    let none = tempfile::tempdir().unwrap();
    let want = check_cli(root, none.path(), &[]);
    assert_eq!(check_cli(root, cache, &[]), want, "warm check prints what a check without index prints");
    for format in ["json", "github"] {
        assert_eq!(check_cli(root, cache, &["--format", format]), check_cli(root, none.path(), &["--format", format]), "{format}");
    }
    want.1
}

/// A blog whose posts link to one another, old enough for the index to trust.
fn linked_blog() -> (tempfile::TempDir, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    let files = [
        ("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nSee [b](b.md), [its intro](b.md#intro) and [c](sub/c.md).\n"),
        ("b.md", "---\ntitle: B\ndate: 2024-01-01\n---\n## Intro\n\nBack to [a](a.md).\n"),
        ("sub/c.md", "---\ntitle: C\ndate: 2024-01-01\n---\nUp to [a](../a.md) and [out](https://example.org/).\n"),
    ];
    for (name, text) in files {
        let path = root.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        age(&path, HOUR);
    }
    (root, tempfile::tempdir().unwrap())
}

/// Posts a `check` load (links scanned) through the index read and reused.
fn check_load(root: &Path, cache: &Path) -> (usize, usize) {
    let (library, mut pending) = open(root, &cache.join("check.sqlite"), Read::Body);
    assert_eq!(pending.take_scans().len(), library.posts().len(), "a scan for every post");
    let seen = (pending.read, pending.reused);
    assert_eq!(pending.save(), None);
    seen
}

#[test]
fn a_warm_check_reads_no_unchanged_file_and_still_sees_links_broken_by_others() {
    let (root, cache) = linked_blog();
    assert_eq!(check_warm_as_cold(root.path(), cache.path()), "");
    assert_eq!(check_warm_as_cold(root.path(), cache.path()), "", "warm: nothing broken");
    assert_eq!(check_load(root.path(), cache.path()), (3, 0), "cold: every file read and scanned");
    assert_eq!(check_load(root.path(), cache.path()), (0, 3), "warm: no file read, every scan from the index");
    // a.md's scan stays trusted, but what it links to is looked up afresh.
    std::fs::remove_file(root.path().join("sub/c.md")).unwrap();
    let out = check_warm_as_cold(root.path(), cache.path());
    assert!(out.contains("a.md:5:") && out.contains("sub/c.md"), "{out}");
    std::fs::rename(root.path().join("b.md"), root.path().join("bee.md")).unwrap();
    let out = check_warm_as_cold(root.path(), cache.path());
    assert_eq!(out.lines().filter(|l| l.starts_with("a.md:5:")).count(), 3, "b.md, b.md#intro and sub/c.md: {out}");
    assert_eq!(check_load(root.path(), cache.path()), (1, 1), "only the renamed file is read (its ctime changed)");
}

#[test]
fn a_rewritten_file_is_scanned_again_even_with_its_old_size_and_mtime() {
    let (root, cache) = linked_blog();
    check_warm_as_cold(root.path(), cache.path());
    let b = root.path().join("b.md");
    let mtime = std::fs::metadata(&b).unwrap().modified().unwrap();
    // The same size, the heading renamed, the old mtime put back: only ctime (and the racy
    // rule) tell, and the anchor a.md links to is gone.
    std::fs::write(&b, "---\ntitle: B\ndate: 2024-01-01\n---\n## Outro\n\nBack to [a](a.md).\n").unwrap();
    std::fs::File::options().write(true).open(&b).unwrap().set_modified(mtime).unwrap();
    let out = check_warm_as_cold(root.path(), cache.path());
    assert!(out.contains("no heading or anchor `#intro` in b.md"), "{out}");
    // Written in this very instant (as new as the index): racy, so read again however it looks.
    std::fs::write(&b, "---\ntitle: B\ndate: 2024-01-01\n---\n## Intro\n\nBack to [a](a.md).\n").unwrap();
    assert_eq!(check_warm_as_cold(root.path(), cache.path()), "");
    std::fs::write(&b, "---\ntitle: B\ndate: 2024-01-01\n---\n## Intro\n\nBack to [a](gone.md)\n").unwrap();
    let out = check_warm_as_cold(root.path(), cache.path());
    assert!(out.contains("b.md:7:") && out.contains("gone.md"), "the touched file's new link: {out}");
}

#[test]
fn a_damaged_scan_in_the_index_means_the_file_is_read_again() {
    let (root, cache) = linked_blog();
    check_load(root.path(), cache.path());
    let index = cache.path().join("check.sqlite");
    let conn = rusqlite::Connection::open(&index).unwrap();
    let damage = [&b"\x01\xff\xff\xff"[..], b"", b"\x09", b"\x01\x01\x07\x01\x01\x05abc"];
    for (i, bad) in damage.iter().enumerate() {
        let path = root.path().join(if i % 2 == 0 { "a.md" } else { "b.md" });
        let changed = conn
            .execute("UPDATE files SET scan = ?1 WHERE path = ?2", rusqlite::params![bad, path.as_os_str().as_encoded_bytes()])
            .unwrap();
        assert_eq!(changed, 1);
        assert_eq!(check_load(root.path(), cache.path()), (1, 2), "{bad:?}: the file is read again, not trusted");
        assert_eq!(check_load(root.path(), cache.path()), (0, 3), "and its scan rewritten");
    }
    // The CLI's own index, every scan damaged: the same report, and the next run trusts again.
    std::fs::remove_file(root.path().join("sub/c.md")).unwrap();
    let want = check_warm_as_cold(root.path(), cache.path());
    let cli_index = std::fs::read_dir(cache.path()).unwrap().flatten().find(|e| e.file_name().to_string_lossy().starts_with("index-"));
    let cli = rusqlite::Connection::open(cli_index.expect("the CLI's index").path()).unwrap();
    assert_eq!(cli.execute("UPDATE files SET scan = x'0102'", []).unwrap(), 2);
    assert_eq!(check_warm_as_cold(root.path(), cache.path()), want);
    assert!(want.contains("sub/c.md"), "{want}");
}
