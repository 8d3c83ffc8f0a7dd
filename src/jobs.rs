//! The one runner for slow work: loading the folder, searching, rendering big posts, and every
//! write (saves, publishes, new posts). Each kind of job has its own lane, a worker thread started
//! on first use, that answers with an [`Action`]; the session that asked never waits.
//!
//! Lanes for work whose only useful answer is the newest (a search while typing, the post under
//! the cursor) skip the requests that queued up behind a slow one; the write lane runs every job,
//! in order, because a save must never be dropped.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, OnceLock};
use std::thread;

use crate::app::{Action, EditOutcome, Effect, ImageJob, PickJob, RenderJob, SearchHit, SnippetJob, WriteError};
use crate::index::WordIndex;
use crate::library::{Change, Library};
use crate::post::{FileStamp, Post, edit};
use crate::search::initials::Initials;
use rayon::iter::{IntoParallelIterator, ParallelIterator};

/// A write to the folder, run on the write lane.
#[derive(Debug)]
pub enum Write {
    /// Front-matter edits, refused if the file no longer has the expected stamp (when given).
    Save {
        /// The post's file.
        path: PathBuf,
        /// The file as read; `None` overwrites whatever is there.
        expected: Option<FileStamp>,
        /// The changes.
        edits: Vec<edit::Edit>,
    },
    /// Draft / published, in the post's dialect.
    TogglePublish(Arc<Post>),
    /// A new post with this title under the folder.
    CreatePost {
        /// The library folder.
        root: PathBuf,
        /// The title typed.
        title: String,
    },
    /// Re-read one file (after its edits were discarded, or `$EDITOR` closed).
    Reread(PathBuf),
}

impl Write {
    /// The write an app's effect asks for; `None` for effects that are not writes.
    pub fn from_effect(effect: Effect, root: &Path) -> Option<Write> {
        Some(match effect {
            Effect::Save { path, expected, edits } => Write::Save { path, expected, edits },
            Effect::TogglePublish(post) => Write::TogglePublish(post),
            Effect::CreatePost(title) => Write::CreatePost { root: root.to_path_buf(), title },
            Effect::Reread(path) => Write::Reread(path),
            Effect::Quit
            | Effect::Search { .. }
            | Effect::Reload
            | Effect::Load
            | Effect::OpenEditor(..)
            | Effect::Pick(_)
            | Effect::Copy(_)
            | Effect::OpenUrl(_)
            | Effect::Mouse(_) => return None,
        })
    }
}

/// Which jobs only matter as the newest of their kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// Skip jobs queued behind the running one; answer only the last.
    Newest,
    /// Run every job, in order.
    Every,
}

/// One worker thread and the queue in front of it, started when the first job arrives.
struct Lane<J> {
    name: &'static str,
    policy: Policy,
    /// Runs a job; its answer, if it has one for the session.
    run: fn(J) -> Option<Action>,
    queue: Option<Sender<J>>,
}

impl<J: Send + 'static> Lane<J> {
    const fn new(name: &'static str, policy: Policy, run: fn(J) -> Option<Action>) -> Self {
        Lane { name, policy, run, queue: None }
    }

    fn send(&mut self, job: J, answers: &Sender<Action>) {
        let job = match &self.queue {
            Some(queue) => match queue.send(job) {
                Ok(()) => return,
                // The worker died (a panic in the job): start a new one with this job.
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        let (tx, rx) = mpsc::channel::<J>();
        let (policy, run, answers) = (self.policy, self.run, answers.clone());
        let spawned = thread::Builder::new().name(format!("quire-{}", self.name)).spawn(move || {
            while let Ok(first) = rx.recv() {
                let job = match policy {
                    Policy::Newest => rx.try_iter().last().unwrap_or(first),
                    Policy::Every => first,
                };
                if let Some(answer) = run(job)
                    && answers.send(answer).is_err()
                {
                    return;
                }
            }
        });
        if spawned.is_ok() && tx.send(job).is_ok() {
            self.queue = Some(tx);
        }
    }
}

/// A search to run: the answer names its generation so the app can drop stale ones.
#[derive(Debug)]
pub struct Search {
    /// Request number.
    pub generation: u64,
    /// The text typed.
    pub query: String,
    /// The posts to search.
    pub posts: Vec<Arc<Post>>,
}

/// The blog's word index, opened by the fill lane on first use (`None` when it cannot be:
/// searches then scan every body); searches use it once it is open.
type WordSlot = Arc<OnceLock<Option<Arc<WordIndex>>>>;

/// A search, the word index it may ask, and what the lane's earlier searches read of titles.
struct SearchJob {
    search: Search,
    words: WordSlot,
    initials: Arc<std::sync::Mutex<Initials>>,
}

/// Bringing the word index in step with the library.
struct Fill {
    root: PathBuf,
    posts: Vec<Arc<Post>>,
    words: WordSlot,
    saves: Arc<Saves>,
}

/// Listing saves still running: the fill waits for them, since its many small writes would
/// otherwise keep the file's write lock for longer than a save waits for it.
#[derive(Debug, Default)]
struct Saves {
    running: std::sync::Mutex<usize>,
    done: std::sync::Condvar,
}

/// One save running: counted from [`Saves::start`] until dropped.
struct Saving(Arc<Saves>);

impl Drop for Saving {
    fn drop(&mut self) {
        let mut running = self.0.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *running = running.saturating_sub(1);
        self.0.done.notify_all();
    }
}

impl Saves {
    fn start(saves: &Arc<Saves>) -> Saving {
        *saves.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        Saving(Arc::clone(saves))
    }

    fn wait(&self) {
        let running = self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _idle = self.done.wait_while(running, |n| *n > 0).unwrap_or_else(std::sync::PoisonError::into_inner);
    }
}

/// The lanes of one session; answers go to the session's event channel.
pub struct Jobs {
    answers: Sender<Action>,
    words: WordSlot,
    /// Only the search lane's one worker takes it.
    initials: Arc<std::sync::Mutex<Initials>>,
    saves: Arc<Saves>,
    load: Lane<Load>,
    search: Lane<SearchJob>,
    fill: Lane<Fill>,
    render: Lane<RenderJob>,
    snippet: Lane<SnippetJob>,
    image: Lane<ImageJob>,
    pick: Lane<PickJob>,
    write: Lane<Write>,
    open: Lane<String>,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs").finish_non_exhaustive()
    }
}

impl Jobs {
    /// A runner whose workers answer on `answers`. No thread starts until a job needs one.
    pub fn new(answers: Sender<Action>) -> Jobs {
        Jobs {
            answers,
            words: WordSlot::default(),
            initials: Arc::default(),
            saves: Arc::default(),
            // One lane for the first list and the loads: a load asked for while the list runs
            // waits for it, rather than take the cores from the first frame.
            load: Lane::new("load", Policy::Newest, load),
            search: Lane::new("search", Policy::Newest, |job| Some(search(job))),
            // Only the newest library matters: it holds every earlier change.
            fill: Lane::new("words", Policy::Newest, fill),
            render: Lane::new("render", Policy::Newest, |job| Some(render(job))),
            // Every job: each asks for rows no other job asks for again.
            snippet: Lane::new("snippet", Policy::Every, |job| Some(job.run())),
            // Every image of a post is wanted, not only the last asked for.
            image: Lane::new("image", Policy::Every, |job| Some(image(job))),
            pick: Lane::new("pick", Policy::Newest, |job| Some(pick(job))),
            write: Lane::new("write", Policy::Every, |job| Some(write(job))),
            open: Lane::new("open", Policy::Every, |job| Some(open(job))),
        }
    }

    /// Lists the folder from front matter (mostly from the index: no post is read that it
    /// trusts); answers [`Action::Listed`]. It need not wait for the watch: the full load that
    /// follows it does, and replaces this list. `done` is dropped once the list is over, shown
    /// or not (the TUI's watch waits for that).
    pub fn list(&mut self, root: PathBuf, done: Option<Sender<()>>) {
        self.load.send(Load::List { root, done }, &self.answers);
    }

    /// (Re)reads the whole folder; answers [`Action::Loaded`].
    pub fn load(&mut self, root: PathBuf) {
        self.load.send(Load::Whole { root, saves: Arc::clone(&self.saves) }, &self.answers);
    }

    /// Searches; answers [`Action::SearchDone`].
    pub fn search(&mut self, search: Search) {
        let job = SearchJob { search, words: Arc::clone(&self.words), initials: Arc::clone(&self.initials) };
        self.search.send(job, &self.answers);
    }

    /// Brings the blog's word index in step with `posts` (the library read whole, after its
    /// first frame or a change), in the background; answers nothing. Searches ask the index
    /// about the posts it holds as they are, and scan the others.
    pub fn index_words(&mut self, root: &Path, posts: Vec<Arc<Post>>) {
        let fill = Fill { root: root.to_path_buf(), posts, words: Arc::clone(&self.words), saves: Arc::clone(&self.saves) };
        self.fill.send(fill, &self.answers);
    }

    /// Renders a big post, or highlights code shown; answers [`Action::Rendered`] or
    /// [`Action::CodeHighlighted`].
    pub fn render(&mut self, job: RenderJob) {
        self.render.send(job, &self.answers);
    }

    /// Reads the files of body matches on screen for their snippets; answers [`Action::Snippets`].
    pub fn snippets(&mut self, job: SnippetJob) {
        self.snippet.send(job, &self.answers);
    }

    /// Resolves, decodes and encodes an image of a post; answers [`Action::Image`].
    pub fn image(&mut self, job: ImageJob) {
        self.image.send(job, &self.answers);
    }

    /// Builds a picker over the site; answers [`Action::Picked`].
    pub fn pick(&mut self, job: PickJob) {
        self.pick.send(job, &self.answers);
    }

    /// Writes (or re-reads) a file; answers [`Action::EditDone`] or [`Action::FilesChanged`].
    pub fn write(&mut self, write: Write) {
        self.write.send(write, &self.answers);
    }

    /// Opens a URL with the system's opener; answers [`Action::Say`] or [`Action::OpenFailed`].
    pub fn open(&mut self, url: String) {
        self.open.send(url, &self.answers);
    }
}

fn open(url: String) -> Action {
    match crate::opener::open(&url, |k| std::env::var_os(k)) {
        Ok(()) => {
            Action::Say(crate::app::Message { text: format!("opened {}", crate::text::one_line(&url)), level: crate::app::Level::Info })
        }
        Err(reason) => Action::OpenFailed { url, reason },
    }
}

/// A read of the folder: the first list, or a (re)load.
enum Load {
    /// Front matter, from the index where it can stand for the files; answers [`Action::Listed`].
    List {
        root: PathBuf,
        /// Dropped when the list is over.
        done: Option<Sender<()>>,
    },
    /// Every post measured; answers [`Action::Loaded`].
    Whole {
        /// The folder.
        root: PathBuf,
        /// Saves of the index still running.
        saves: Arc<Saves>,
    },
}

/// The first list ([`Load::List`]), or every file measured, its body not kept
/// ([`crate::post::Read::Measured`]: the reading pane, snippets, searches and the word index
/// read the bodies they need; a file the index trusts is not read at all); the index is saved on
/// its own thread.
fn load(job: Load) -> Option<Action> {
    let (root, saves) = match job {
        Load::List { root, done } => {
            let listed = Library::open_indexed(&root, crate::post::Read::Head).ok().map(|(library, _)| Action::Listed(library));
            drop(done);
            return listed;
        }
        Load::Whole { root, saves } => (root, saves),
    };
    Some(match Library::open_indexed(&root, crate::post::Read::Measured) {
        Ok((library, pending)) => {
            // Counted before the answer goes out, so a fill it starts waits for this save; the
            // count drops however the save ends (even if the thread cannot start or panics).
            let saving = Saves::start(&saves);
            let _ = thread::Builder::new().name("quire-index".into()).spawn(move || {
                let _saving = saving;
                let _ = pending.save();
            });
            Action::Loaded(Ok(library))
        }
        Err(err) => Action::Loaded(Err(err)),
    })
}

fn search(job: SearchJob) -> Action {
    let mut initials = job.initials.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    search_now(job.search, job.words.get().and_then(Option::as_ref).map(Arc::as_ref), &mut initials)
}

/// One search as the search lane runs it, with `index` (when open) answering for the bodies it
/// holds and `initials` kept from the lane's earlier searches; answers [`Action::SearchDone`].
/// Public for the benchmarks of a keystroke.
pub fn search_now(search: Search, index: Option<&WordIndex>, initials: &mut Initials) -> Action {
    let Search { generation, query, posts } = search;
    let known = initials.of(&posts);
    // An index that cannot answer (damaged, locked) leaves every body to the scan.
    let answer = || {
        let words = crate::search::body_query(&query)?;
        index?.answer_for(&known.hashes, &words).ok().map(std::borrow::Cow::Owned)
    };
    // On both cores: at 100,000 posts each hit's `Arc` is a cache miss of its own.
    let hits = crate::search::search_known(&posts, &query, answer, known)
        .into_par_iter()
        .map(|h| SearchHit { post: Arc::clone(&posts[h.index]), reason: h.reason, order: h.index })
        .collect();
    Action::SearchDone { generation, hits }
}

fn fill(job: Fill) -> Option<Action> {
    let Fill { root, posts, words, saves } = job;
    saves.wait();
    // The fill follows a load: the list it replaced is freed by now, and so is the load's reading.
    give_back_free_memory();
    if let Some(index) = words.get_or_init(|| WordIndex::open(&root).ok()) {
        // A failed fill costs only speed: the posts it did not write are scanned.
        let _ = index.fill(&posts);
    }
    // And what the fill read.
    give_back_free_memory();
    None
}

/// Hands the heap's free pages back to the OS. glibc keeps what a load freed for reuse: a
/// 10,000-post start stayed at twice its live memory (the front-matter list, the index's
/// entries and the files read were freed, but not returned), so resident memory grew with what
/// was once read rather than with what is held.
fn give_back_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn image(job: ImageJob) -> Action {
    let shown = job.run();
    Action::Image(job.key, shown)
}

fn render(job: RenderJob) -> Action {
    job.run()
}

fn pick(job: PickJob) -> Action {
    let items = job.run();
    Action::Picked { kind: job.kind, post: job.post, items }
}

/// Runs one write and says how it went.
pub fn write(write: Write) -> Action {
    let outcome = match write {
        Write::Save { path, expected, edits } => match edit::edit_file(&path, expected.as_ref(), &edits) {
            Ok(post) => EditOutcome::Saved(post),
            Err(edit::EditError::Conflict(path)) => EditOutcome::Conflict(path),
            Err(err) => EditOutcome::Failed(err.into()),
        },
        Write::TogglePublish(post) => match edit::toggle_draft(&post) {
            Ok(path) => EditOutcome::Toggled { from: post.path.clone(), post: crate::post::load(&path) },
            Err(edit::EditError::Conflict(path)) => EditOutcome::Stale(crate::post::load(&path)),
            Err(err) => EditOutcome::Failed(err.into()),
        },
        Write::CreatePost { root, title } => match create_post(&root, &title) {
            Ok(new) => EditOutcome::Created { post: crate::post::load(&new.path), notes: new.notes },
            Err(err) => EditOutcome::Failed(err),
        },
        Write::Reread(path) => return Action::FilesChanged(vec![reread(&path)]),
    };
    Action::EditDone(Box::new(outcome))
}

fn create_post(root: &Path, title: &str) -> Result<edit::NewPost, WriteError> {
    let template = crate::config::new_post_template()?;
    let (config, _) = crate::config::load();
    Ok(crate::library::create_post_placed(root, title, &[], template.as_deref(), config.new_post_path.as_deref())?)
}

/// The file after an external edit: re-read, or gone if the editor deleted or moved it.
pub fn reread(path: &Path) -> Change {
    if path.exists() { Change::Upsert(crate::post::load(path)) } else { Change::Remove(path.to_path_buf()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn writes_run_off_the_callers_thread_and_every_one_is_answered_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let mut jobs = Jobs::new(tx);
        for name in ["a.md", "b.md", "c.md"] {
            let path = dir.path().join(name);
            std::fs::write(&path, format!("---\ntitle: {name}\n---\nbody\n")).unwrap();
            jobs.write(Write::Reread(path));
        }
        let mut seen = Vec::new();
        for _ in 0..3 {
            match rx.recv_timeout(Duration::from_secs(10)).unwrap() {
                Action::FilesChanged(changes) => match &changes[..] {
                    [Change::Upsert(post)] => seen.push(post.title.clone()),
                    other => panic!("unexpected {other:?}"),
                },
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(seen, ["a.md", "b.md", "c.md"]);
    }

    #[test]
    fn searches_queued_behind_a_running_one_are_skipped_for_the_newest() {
        let (tx, rx) = mpsc::channel();
        let mut jobs = Jobs::new(tx);
        for generation in 1..=50 {
            jobs.search(Search { generation, query: "x".into(), posts: Vec::new() });
        }
        let mut last = 0;
        while last != 50 {
            match rx.recv_timeout(Duration::from_secs(10)).unwrap() {
                Action::SearchDone { generation, .. } => {
                    assert!(generation > last, "answers come in order");
                    last = generation;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(rx.try_recv().is_err(), "nothing after the newest");
    }

    #[test]
    fn a_refused_save_answers_with_its_error_kept_typed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ntitle: A\n---\nbody\n").unwrap();
        let edits = vec![edit::Edit::Set { key: "title".into(), value: "B".into() }];
        let stale = FileStamp { modified: None, len: 1, hash: 1 };
        let outcome = |action| match action {
            Action::EditDone(outcome) => *outcome,
            other => panic!("unexpected {other:?}"),
        };
        match outcome(write(Write::Save { path: path.clone(), expected: Some(stale), edits: edits.clone() })) {
            EditOutcome::Conflict(conflicted) => assert_eq!(conflicted, path),
            other => panic!("unexpected {other:?}"),
        }
        let gone = dir.path().join("gone.md");
        match outcome(write(Write::Save { path: gone.clone(), expected: None, edits })) {
            EditOutcome::Failed(WriteError::Edit(edit::EditError::NotFound(missing))) => assert_eq!(missing, gone),
            other => panic!("unexpected {other:?}"),
        }
    }
}
