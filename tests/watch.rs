//! Live reload against real files in a temp folder: each test changes files the way editors, `mv`
//! and `git checkout` do, then waits (with a deadline, never a fixed sleep) for the library to match.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use quire::library::{Change, Library};
use quire::post::Status;
use quire::watch::{DEFAULT_DEBOUNCE, WatchEvent, Watcher};

/// Generous, as the test machine is shared; a passing test returns as soon as the state is reached.
const DEADLINE: Duration = Duration::from_secs(15);
/// A burst of this many files must not arrive in more batches than this.
const BURST_FILES: usize = 500;
const MAX_BURST_BATCHES: usize = 4;

/// A library kept live by a watcher, the way the app keeps it.
struct Live {
    _dir: tempfile::TempDir,
    root: PathBuf,
    library: Library,
    events: Receiver<WatchEvent>,
    batches: usize,
    touched: Vec<PathBuf>,
    errors: Vec<String>,
    _watcher: Watcher,
}

impl Live {
    /// Fills a temp folder with `setup`, starts watching, then opens the library (in that order, as the app must).
    fn new(setup: impl FnOnce(&Path)) -> Live {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("blog");
        std::fs::create_dir_all(&root).expect("create root");
        setup(&root);
        let (tx, events) = mpsc::channel();
        let watcher = Watcher::start(&root, DEFAULT_DEBOUNCE, move |e| {
            let _ = tx.send(e);
        })
        .expect("start watching");
        let library = Library::open(&root).expect("open library");
        Live { _dir: dir, root, library, events, batches: 0, touched: Vec::new(), errors: Vec::new(), _watcher: watcher }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Applies watcher events until `done` holds for the library, or fails at the deadline showing the state.
    fn wait_until(&mut self, what: &str, done: impl Fn(&Live) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(WatchEvent::Changes(changes)) => self.apply(changes),
                Ok(WatchEvent::Error(trouble)) => self.errors.push(trouble.to_string()),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!("timed out waiting for {what}; library: {:?}; errors: {:?}", self.listing(), self.errors)
                }
            }
        }
    }

    fn apply(&mut self, changes: Vec<Change>) {
        self.batches += 1;
        for change in &changes {
            match change {
                Change::Upsert(post) => self.touched.push(post.path.clone()),
                Change::Remove(path) | Change::Written(path) => self.touched.push(path.clone()),
                Change::Rescan => self.library = Library::open(&self.root).expect("reopen library"),
            }
        }
        self.library.apply(changes);
    }

    /// Every post as `relative/path: Title`, sorted by path.
    fn listing(&self) -> Vec<String> {
        listing(&self.root, &self.library)
    }

    fn title_of(&self, rel: &str) -> Option<String> {
        let path = self.path(rel);
        self.library.posts().iter().find(|p| p.path == path).map(|p| p.title.clone())
    }

    /// Whether the live library lists exactly what a fresh load of the folder lists.
    fn matches_disk(&self) -> bool {
        Library::open(&self.root).is_ok_and(|fresh| listing(&self.root, &fresh) == self.listing())
    }
}

fn listing(root: &Path, library: &Library) -> Vec<String> {
    let mut lines: Vec<String> =
        library.posts().iter().map(|p| format!("{}: {}", p.path.strip_prefix(root).unwrap_or(&p.path).display(), p.title)).collect();
    lines.sort();
    lines
}

fn write_post(path: &Path, title: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, format!("---\ntitle: {title}\ndate: 2024-05-01\n---\nSome words.\n")).expect("write post");
}

fn two_posts(root: &Path) {
    write_post(&root.join("_posts/2024-05-01-first.md"), "First");
    write_post(&root.join("_drafts/idea.md"), "Idea");
}

#[test]
fn a_post_saved_in_place_shows_its_new_title() {
    let mut live = Live::new(two_posts);
    write_post(&live.path("_posts/2024-05-01-first.md"), "First, edited");
    live.wait_until("the new title", |l| l.title_of("_posts/2024-05-01-first.md").as_deref() == Some("First, edited"));
    assert_eq!(live.listing(), ["_drafts/idea.md: Idea", "_posts/2024-05-01-first.md: First, edited"]);
}

#[test]
fn a_post_saved_by_atomic_rename_shows_its_new_title_and_no_temp_file() {
    let mut live = Live::new(two_posts);
    let temp = live.path("_posts/.2024-05-01-first.md.tmp");
    write_post(&temp, "First, renamed over");
    std::fs::rename(&temp, live.path("_posts/2024-05-01-first.md")).expect("rename over");
    live.wait_until("the new title", |l| l.title_of("_posts/2024-05-01-first.md").as_deref() == Some("First, renamed over"));
    assert_eq!(live.listing(), ["_drafts/idea.md: Idea", "_posts/2024-05-01-first.md: First, renamed over"]);
}

#[test]
fn a_vim_style_save_with_backup_and_probe_files_leaves_one_post() {
    let mut live = Live::new(two_posts);
    let post = live.path("_posts/2024-05-01-first.md");
    let (probe, backup) = (live.path("_posts/4913"), live.path("_posts/2024-05-01-first.md~"));
    std::fs::write(&probe, "").expect("probe");
    std::fs::remove_file(&probe).expect("remove probe");
    std::fs::rename(&post, &backup).expect("backup");
    write_post(&post, "First, from vim");
    std::fs::remove_file(&backup).expect("remove backup");
    live.wait_until("the new title", |l| l.title_of("_posts/2024-05-01-first.md").as_deref() == Some("First, from vim"));
    assert_eq!(live.listing(), ["_drafts/idea.md: Idea", "_posts/2024-05-01-first.md: First, from vim"]);
}

#[test]
fn a_created_post_appears_and_a_deleted_one_goes() {
    let mut live = Live::new(two_posts);
    write_post(&live.path("_posts/2024-06-01-second.md"), "Second");
    live.wait_until("the new post", |l| l.title_of("_posts/2024-06-01-second.md").is_some());
    std::fs::remove_file(live.path("_posts/2024-05-01-first.md")).expect("delete");
    live.wait_until("the deleted post to go", |l| l.title_of("_posts/2024-05-01-first.md").is_none());
    assert_eq!(live.listing(), ["_drafts/idea.md: Idea", "_posts/2024-06-01-second.md: Second"]);
}

#[test]
fn a_renamed_post_is_listed_under_its_new_name_only() {
    let mut live = Live::new(two_posts);
    std::fs::rename(live.path("_posts/2024-05-01-first.md"), live.path("_posts/2024-05-01-premier.md")).expect("rename");
    live.wait_until("the renamed post", |l| l.title_of("_posts/2024-05-01-premier.md").is_some());
    assert_eq!(live.listing(), ["_drafts/idea.md: Idea", "_posts/2024-05-01-premier.md: First"]);
}

#[test]
fn a_draft_moved_to_posts_is_published() {
    let mut live = Live::new(two_posts);
    assert_eq!(live.library.posts().iter().find(|p| p.title == "Idea").map(|p| p.status), Some(Status::Draft));
    std::fs::rename(live.path("_drafts/idea.md"), live.path("_posts/2024-05-02-idea.md")).expect("move");
    live.wait_until("the moved post", |l| l.title_of("_posts/2024-05-02-idea.md").is_some());
    assert_eq!(live.listing(), ["_posts/2024-05-01-first.md: First", "_posts/2024-05-02-idea.md: Idea"]);
    assert_eq!(live.library.posts().iter().find(|p| p.title == "Idea").map(|p| p.status), Some(Status::Published));
}

#[test]
fn a_folder_created_full_of_posts_appears_and_goes_when_removed() {
    let mut live = Live::new(two_posts);
    // Written straight after mkdir: some files land before the OS watch on the new folder exists.
    for i in 0..5 {
        write_post(&live.path(&format!("2025/0{i}/post.md")), &format!("Post {i}"));
    }
    live.wait_until("five new posts", |l| l.library.posts().len() == 7);
    assert!(live.matches_disk(), "{:?}", live.listing());
    std::fs::remove_dir_all(live.path("2025")).expect("remove folder");
    live.wait_until("the folder's posts to go", |l| l.library.posts().len() == 2);
    assert_eq!(live.listing(), ["_drafts/idea.md: Idea", "_posts/2024-05-01-first.md: First"]);
}

#[test]
fn a_folder_moved_in_from_elsewhere_appears_and_moved_out_goes() {
    let mut live = Live::new(two_posts);
    let outside = live._dir.path().join("elsewhere");
    write_post(&outside.join("a.md"), "Moved in A");
    write_post(&outside.join("sub/b.md"), "Moved in B");
    // Only the site root's README is not a post; a section page never is.
    write_post(&outside.join("README.md"), "Moved in README");
    write_post(&outside.join("_index.md"), "Section page");
    std::fs::rename(&outside, live.path("archive")).expect("move in");
    live.wait_until("the moved-in posts", |l| l.library.posts().len() == 5);
    assert!(live.listing().contains(&"archive/sub/b.md: Moved in B".to_string()), "{:?}", live.listing());
    assert!(live.matches_disk(), "{:?}", live.listing());
    std::fs::rename(live.path("archive"), &outside).expect("move out");
    live.wait_until("the moved-out posts to go", |l| l.library.posts().len() == 2);
    assert!(live.matches_disk(), "{:?}", live.listing());
}

#[test]
fn a_burst_of_files_arrives_in_a_few_batches_and_ends_exactly_right() {
    let mut live = Live::new(two_posts);
    for i in 0..BURST_FILES {
        write_post(&live.path(&format!("_posts/batch/{:02}/2024-01-{:03}.md", i % 10, i)), &format!("Burst {i}"));
    }
    std::fs::remove_file(live.path("_posts/2024-05-01-first.md")).expect("delete one");
    live.wait_until("every burst post", |l| l.library.posts().len() == BURST_FILES + 1);
    assert!(live.matches_disk(), "live library differs from a fresh load");
    assert!(live.batches <= MAX_BURST_BATCHES, "{} batches for one burst", live.batches);
}

#[test]
fn editor_temp_files_and_ignored_folders_never_become_posts() {
    let mut live = Live::new(|root| {
        two_posts(root);
        std::fs::write(root.join(".gitignore"), "scratch/\n").expect("write .gitignore");
    });
    let noise = [
        "_posts/.2024-05-01-first.md.swp",
        "_posts/2024-05-01-first.md~",
        "_posts/4913",
        "_posts/.#2024-05-01-first.md",
        "_posts/#2024-05-01-first.md#",
        "scratch/notes.md",
        "node_modules/pkg/README.md",
        ".git/COMMIT_EDITMSG.md",
        "public/index.md",
    ];
    for rel in noise {
        write_post(&live.path(rel), "Noise");
    }
    // A real post written last: once it shows, the noise before it has been seen too.
    write_post(&live.path("_posts/2024-07-01-real.md"), "Real");
    live.wait_until("the real post", |l| l.title_of("_posts/2024-07-01-real.md").is_some());
    let noisy: Vec<&PathBuf> = live.touched.iter().filter(|p| noise.iter().any(|n| p.ends_with(n))).collect();
    assert!(noisy.is_empty(), "temp files became changes: {noisy:?}");
    assert_eq!(live.listing(), ["_drafts/idea.md: Idea", "_posts/2024-05-01-first.md: First", "_posts/2024-07-01-real.md: Real"]);
}

#[test]
fn a_hugo_site_is_watched_under_content() {
    let mut live = Live::new(|root| {
        std::fs::write(root.join("config.toml"), "title = 'x'\n").expect("write config");
        write_post(&root.join("content/posts/one.md"), "One");
    });
    write_post(&live.path("content/posts/two.md"), "Two");
    live.wait_until("the new post", |l| l.title_of("content/posts/two.md").is_some());
    assert_eq!(live.listing(), ["content/posts/one.md: One", "content/posts/two.md: Two"]);
}

#[test]
fn removing_the_watched_folder_says_so_and_keeps_the_posts() {
    let mut live = Live::new(two_posts);
    std::fs::remove_dir_all(&live.root).expect("remove root");
    live.wait_until("an error", |l| !l.errors.is_empty());
    assert!(live.errors[0].contains("was removed or moved"), "{:?}", live.errors);
    assert!(live.errors[0].contains("press r"), "{:?}", live.errors);
    assert_eq!(live.library.posts().len(), 2, "posts stay readable after the folder goes");
}

#[test]
fn watching_a_missing_folder_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let err = Watcher::start(&missing, DEFAULT_DEBOUNCE, |_| {}).expect_err("missing folder");
    assert!(err.to_string().starts_with("cannot watch ") && err.to_string().contains("nope"), "{err}");
}

/// Runs git in `root`; `None` when git is not installed.
fn git(root: &Path, args: &[&str]) -> Option<()> {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=quire", "-c", "user.email=quire@example.invalid", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    assert!(status.success(), "git {args:?} failed");
    Some(())
}

#[test]
fn a_git_checkout_of_another_branch_shows_that_branchs_posts() {
    let probe = tempfile::tempdir().expect("temp dir");
    if git(probe.path(), &["--version"]).is_none() {
        eprintln!("skipping: git not found");
        return;
    }
    let mut live = Live::new(|root| {
        for i in 0..50 {
            write_post(&root.join(format!("_posts/2024-01-{i:02}-post.md")), &format!("Main {i}"));
        }
        git(root, &["init", "-q"]);
        git(root, &["add", "-A"]);
        git(root, &["commit", "-qm", "main"]);
        git(root, &["checkout", "-qb", "other"]);
        // The other branch: half the posts edited, a tenth deleted, a new folder of posts.
        for i in (0..50).step_by(2) {
            write_post(&root.join(format!("_posts/2024-01-{i:02}-post.md")), &format!("Other {i}"));
        }
        for i in (1..50).step_by(10) {
            std::fs::remove_file(root.join(format!("_posts/2024-01-{i:02}-post.md"))).expect("delete");
        }
        for i in 0..20 {
            write_post(&root.join(format!("_posts/new/2025-02-{i:02}-new.md")), &format!("New {i}"));
        }
        git(root, &["add", "-A"]);
        git(root, &["commit", "-qm", "other"]);
        git(root, &["checkout", "-q", "main"]);
    });
    assert_eq!(live.library.posts().len(), 50);
    git(&live.root, &["checkout", "-q", "other"]);
    live.wait_until("the other branch's posts", |l| {
        l.library.posts().len() == 65 && l.title_of("_posts/2024-01-02-post.md").as_deref() == Some("Other 2")
    });
    assert!(live.matches_disk(), "{:?}", live.listing());
    git(&live.root, &["checkout", "-q", "main"]);
    live.wait_until("main's posts again", |l| {
        l.library.posts().len() == 50 && l.title_of("_posts/2024-01-02-post.md").as_deref() == Some("Main 2")
    });
    assert!(live.matches_disk(), "{:?}", live.listing());
}
