//! The folder's load: what the list is drawn from (nothing yet, the posts read, or why the folder
//! could not be read) and the load running, if one is, with what waits for it.

use std::path::{Path, PathBuf};

use super::Access;
use crate::library::{Applied, Change, Library, OpenError};

/// What the list is drawn from. One at a time: a failure hides the posts read before it (they
/// would mislead), and posts read replace a failure.
#[derive(Debug)]
enum Shown {
    /// Nothing read yet.
    Nothing,
    /// The posts read (the front-matter list of a first load, or a whole library).
    Posts(Library),
    /// The folder could not be read.
    Failed(OpenError),
}

/// A load of the folder that has not answered yet. What is shown stays shown meanwhile (a reload
/// keeps the posts of before; a retry keeps the failure on screen).
#[derive(Debug, Default)]
struct Running {
    /// File changes that arrived during the load, applied when it lands (the load may have read
    /// some files before they changed).
    queued: Vec<Change>,
    /// A post whose form was asked for before it was read whole ([`crate::post::Post::read_in_part`]).
    waiting_form: Option<PathBuf>,
}

/// The posts of the folder as far as they are read, kept consistent by their own methods: changes
/// seen while a load runs wait for it, and a reader's session never holds a post it may not see.
#[derive(Debug)]
pub struct Load {
    shown: Shown,
    running: Option<Running>,
}

impl Load {
    /// The start of a session: a first load running, nothing read.
    pub(super) fn new() -> Load {
        Load { shown: Shown::Nothing, running: Some(Running::default()) }
    }

    /// The posts, once listed or loaded.
    pub fn library(&self) -> Option<&Library> {
        match &self.shown {
            Shown::Posts(library) => Some(library),
            _ => None,
        }
    }

    /// Why the folder could not be opened, if it could not.
    pub fn error(&self) -> Option<&OpenError> {
        match &self.shown {
            Shown::Failed(err) => Some(err),
            _ => None,
        }
    }

    /// Whether a load of the folder is running.
    pub fn is_loading(&self) -> bool {
        self.running.is_some()
    }

    /// A (re)load begins: what is shown stays until it lands; changes seen from now on wait for it.
    pub(super) fn start(&mut self) {
        self.running.get_or_insert_with(Running::default);
    }

    /// The front-matter list of a first load, shown with the changes seen so far (they stay
    /// queued for the full library, which replaces it). Refused (false) when no load runs or
    /// posts are already shown (a reload keeps the posts already read whole).
    pub(super) fn listed(&mut self, mut library: Library, access: Access) -> bool {
        let Some(running) = &self.running else { return false };
        if matches!(self.shown, Shown::Posts(_)) {
            return false;
        }
        library.apply(running.queued.clone());
        self.shown = Shown::Posts(visible(library, access));
        true
    }

    /// The load's answer: the whole library with the changes seen meanwhile, and the form that
    /// waited for it; or the failure, which replaces whatever was shown.
    pub(super) fn loaded(&mut self, result: Result<Library, OpenError>, access: Access) -> Result<(&Library, Option<PathBuf>), &OpenError> {
        let Running { queued, waiting_form } = self.running.take().unwrap_or_default();
        self.shown = match result {
            Ok(mut library) => {
                library.apply(queued);
                Shown::Posts(visible(library, access))
            }
            Err(err) => Shown::Failed(err),
        };
        match &self.shown {
            Shown::Posts(library) => Ok((library, waiting_form)),
            Shown::Failed(err) => Err(err),
            Shown::Nothing => unreachable!("a load always lands as posts or a failure"),
        }
    }

    /// Changes seen on disk: queued while a load runs, else applied to the posts shown. What
    /// changed, when they were applied.
    pub(super) fn changed(&mut self, changes: Vec<Change>) -> Option<Applied> {
        if let Some(running) = &mut self.running {
            running.queued.extend(changes);
            return None;
        }
        match &mut self.shown {
            Shown::Posts(library) => Some(library.apply(changes)),
            _ => None,
        }
    }

    /// Keeps the post's form for when the running load has read it whole; false when no load
    /// runs (the post will not be read any further).
    pub(super) fn wait_for_form(&mut self, path: &Path) -> bool {
        let Some(running) = &mut self.running else { return false };
        running.waiting_form = Some(path.to_path_buf());
        true
    }
}

/// The library as a session with `access` may see it: a reader's holds no drafts.
fn visible(mut library: Library, access: Access) -> Library {
    if !access.drafts {
        library.retain(|post| access.sees(post));
    }
    library
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{self, Post};

    fn post(path: &str, title: &str, draft: bool) -> Post {
        let text = format!("---\ntitle: {title}\ndraft: {draft}\n---\nBody.\n");
        let stamp = post::FileStamp { modified: None, len: text.len() as u64, hash: post::content_hash(text.as_bytes()) };
        post::parse(PathBuf::from(path), text.as_bytes(), stamp)
    }

    fn library(posts: Vec<Post>) -> Library {
        Library::from_posts(PathBuf::from("/b"), posts)
    }

    fn titles(load: &Load) -> Vec<&str> {
        load.library().map_or(Vec::new(), |l| l.posts().iter().map(|p| p.title.as_str()).collect())
    }

    fn unreadable() -> OpenError {
        OpenError::NotAFolder(PathBuf::from("/b"))
    }

    #[test]
    fn changes_seen_during_a_load_land_with_it() {
        let mut load = Load::new();
        assert!(load.is_loading() && load.library().is_none() && load.error().is_none());
        assert_eq!(load.changed(vec![Change::Upsert(post("/b/new.md", "New", false))]), None, "queued, not applied");
        let (landed, form) = load.loaded(Ok(library(vec![post("/b/old.md", "Old", false)])), Access::FULL).expect("posts");
        assert_eq!((landed.posts().len(), form), (2, None));
        assert!(!load.is_loading());
        let applied = load.changed(vec![Change::Remove(PathBuf::from("/b/old.md"))]).expect("applied at once");
        assert_eq!((applied.removed, titles(&load)), (1, vec!["New"]));
    }

    #[test]
    fn the_front_matter_list_shows_once_with_the_changes_queued_so_far() {
        let mut load = Load::new();
        load.changed(vec![Change::Upsert(post("/b/new.md", "New", false))]);
        assert!(load.listed(library(vec![post("/b/a.md", "A", false)]), Access::FULL));
        assert_eq!(titles(&load), vec!["A", "New"]);
        assert!(load.is_loading(), "the load goes on");
        assert!(!load.listed(library(Vec::new()), Access::FULL), "a second list is refused");
        assert_eq!(titles(&load), vec!["A", "New"]);
        load.loaded(Ok(library(vec![post("/b/a.md", "A", false)])), Access::FULL).expect("posts");
        assert_eq!(titles(&load), vec!["A", "New"], "the queued change lands on the whole library too");
        assert!(!load.listed(library(Vec::new()), Access::FULL), "no load runs");
    }

    #[test]
    fn a_reload_keeps_the_posts_until_it_lands_and_a_failure_replaces_them() {
        let mut load = Load::new();
        load.loaded(Ok(library(vec![post("/b/a.md", "A", false)])), Access::FULL).expect("posts");
        load.start();
        assert!(load.is_loading());
        assert!(!load.listed(library(Vec::new()), Access::FULL), "a reload keeps the posts read whole");
        assert_eq!(load.changed(vec![Change::Remove(PathBuf::from("/b/a.md"))]), None);
        assert_eq!(titles(&load), vec!["A"], "still shown while the reload runs");
        let err = load.loaded(Err(unreadable()), Access::FULL).expect_err("a failure");
        assert_eq!(err.to_string(), "/b is not a folder");
        assert!(load.library().is_none() && !load.is_loading());
        assert_eq!(load.changed(vec![Change::Upsert(post("/b/a.md", "A", false))]), None, "no posts to apply to");
        load.start();
        assert!(load.error().is_some(), "a retry keeps the failure on screen until it answers");
        assert!(load.listed(library(vec![post("/b/a.md", "A", false)]), Access::FULL));
        assert!(load.error().is_none());
    }

    #[test]
    fn a_reader_never_holds_drafts() {
        let mut load = Load::new();
        let posts = || vec![post("/b/a.md", "A", false), post("/b/d.md", "Draft", true)];
        load.listed(library(posts()), Access::READER);
        assert_eq!(titles(&load), vec!["A"]);
        load.loaded(Ok(library(posts())), Access::READER).expect("posts");
        assert_eq!(titles(&load), vec!["A"]);
        load.start();
        load.loaded(Ok(library(posts())), Access::REVIEWER).expect("posts");
        assert_eq!(titles(&load).len(), 2, "a reviewer sees drafts");
    }

    #[test]
    fn a_form_waits_only_for_a_running_load_and_comes_back_when_it_lands() {
        let mut load = Load::new();
        assert!(load.wait_for_form(Path::new("/b/a.md")));
        let (_, form) = load.loaded(Ok(library(Vec::new())), Access::FULL).expect("posts");
        assert_eq!(form.as_deref(), Some(Path::new("/b/a.md")));
        assert!(!load.wait_for_form(Path::new("/b/a.md")), "no load runs");
        load.start();
        assert!(load.wait_for_form(Path::new("/b/a.md")));
        assert!(load.loaded(Err(unreadable()), Access::FULL).is_err());
        load.start();
        let (_, form) = load.loaded(Ok(library(Vec::new())), Access::FULL).expect("posts");
        assert_eq!(form, None, "a failed load drops the form that waited for it");
    }
}
