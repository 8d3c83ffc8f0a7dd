//! Opening a library through the index: files whose stamps the index trusts are not read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Library, OpenError, SortKey, Unreadable};
use crate::index::{self, Entry, Index, Measure, Snapshot, Stamp, Update};
use crate::links::{self, Scan};
use crate::post::{self, Post};

/// Each post's links scan, one per post in the library's order, as a [`post::Read::Body`] load
/// through the index gives them (from the index for a file it trusts, scanned while loading for
/// any other): what a check needs, so without the links that leave the blog
/// ([`links::Link::leaves_blog`]), which a check never follows and which are most of a blog's links.
pub type Scans = Vec<Option<Scan>>;

/// Every file and folder the load's walk of the content folder met, as a [`post::Read::Body`]
/// load gives them (see [`Pending::take_walked`]): a link check looks links up among them
/// without walking that folder a second time.
#[derive(Debug, Default)]
pub struct Walked {
    /// The folder walked (the site's content folder).
    pub root: PathBuf,
    /// Every entry that is not a folder (posts included), as the walk spelled its path.
    pub files: Vec<PathBuf>,
    /// Every folder, the walked one included.
    pub dirs: Vec<PathBuf>,
}

/// A scan as [`Scans`] and the index keep it: the links a check resolves.
fn for_checking(mut scan: Scan) -> Scan {
    scan.links.retain(|link| !link.leaves_blog());
    scan
}

/// The index's side of one load: what to write back, and how the index served it.
#[derive(Debug)]
pub struct Pending {
    index: Option<Index>,
    update: Update,
    /// Why the index was not used or was rebuilt, in a few words (for a status line), if it was not.
    pub note: Option<String>,
    /// Posts listed from the index without reading their file.
    pub reused: usize,
    /// Posts whose file was read.
    pub read: usize,
    scans: Scans,
    walked: Option<Walked>,
}

impl Pending {
    /// The files and folders the walk of a [`post::Read::Body`] load met (`None` for other reads).
    pub fn take_walked(&mut self) -> Option<Walked> {
        self.walked.take()
    }

    /// The links scan of every post of a [`post::Read::Body`] load (empty for other reads): its
    /// posts come without their bodies.
    pub fn take_scans(&mut self) -> Scans {
        std::mem::take(&mut self.scans)
    }

    /// Writes the load's changes to the index; `None` when written (or nothing to write), else
    /// why not, in a few words: the index is a cache, so a failed write only costs the next start.
    pub fn save(mut self) -> Option<String> {
        let index = self.index.as_mut()?;
        if self.update.is_empty() && self.note.is_none() && self.read == 0 {
            return None;
        }
        index.save(&self.update).err().map(|err| format!("index not saved: {err}"))
    }
}

impl Library {
    /// [`Library::open_with`] through the blog's index: a file whose entry the index trusts
    /// (see [`crate::index`]) is listed from it without being read, except for a read that
    /// [measures](post::Read::measures) each file, which reads every file and only refreshes the index. Gives the same library as
    /// [`Library::open_with`]; the [`Pending`] writes the index back.
    ///
    /// A [`post::Read::Body`] load (`quire check`) gives no bodies: each post's links scan instead,
    /// in [`Pending::take_scans`], taken from the index for a file whose entry (scan included)
    /// it trusts, else scanned as the file is loaded and kept in the index for the next run.
    pub fn open_indexed(root: &Path, read: post::Read) -> Result<(Library, Pending), OpenError> {
        Library::open_indexed_at(root, read, index::cache_file(root))
    }

    /// [`Library::open_indexed`] with the index kept in `file` (tests choose where).
    pub fn open_indexed_at(
        root: &Path,
        read: post::Read,
        file: Result<PathBuf, index::IndexError>,
    ) -> Result<(Library, Pending), OpenError> {
        super::check_root(root)?;
        let (index, snapshot, note) = open_index(file, read == post::Read::Body);
        let site = Arc::new(crate::site::Site::open(root));
        let loaded = load_all(&site, read, &snapshot);
        let mut posts = Vec::with_capacity(loaded.len());
        let mut unreadable = Vec::new();
        // Scans by their post's address until the posts are sorted (hashing a path walks its parts).
        let (mut upserts, mut unkept, mut reused, mut scans) = (Vec::new(), Vec::new(), 0, HashMap::new());
        let mut measures = Vec::new();
        let mut walked = (read == post::Read::Body).then(|| Walked { root: super::content_root(root), ..Walked::default() });
        for found in loaded {
            match found {
                Found::File(path) => {
                    if let Some(w) = &mut walked {
                        w.files.push(path)
                    }
                }
                Found::Dir(path) => {
                    if let Some(w) = &mut walked {
                        w.dirs.push(path)
                    }
                }
                Found::Post { post, entry, scan } => {
                    if let Some(scan) = scan {
                        scans.insert(Arc::as_ptr(&post) as usize, scan);
                    }
                    match entry {
                        Kept::Unchanged(from_index) => reused += usize::from(from_index),
                        Kept::New(entry) => upserts.push((post.path.clone(), entry)),
                        Kept::Measured(stamp, m) => measures.push((post.path.clone(), stamp, m)),
                        Kept::No => unkept.push(post.path.clone()),
                    }
                    posts.push(post);
                }
                Found::Unreadable(u) => unreadable.push(u),
            }
        }
        // Entries for files gone or no longer posts, and of posts whose entry can no longer be
        // kept (replaced ones are overwritten). Sets of the paths' bytes, borrowed from the
        // posts: hashing a `Path` walks its components, and a copy of every path costs as much.
        let present: index::PathSet = posts.iter().map(|p| p.path.as_os_str()).collect();
        let unkept: index::PathSet = unkept.iter().map(|p| p.as_os_str()).collect();
        let removes: Vec<PathBuf> = snapshot
            .paths()
            .filter(|p| !present.contains(p.as_os_str()) || unkept.contains(p.as_os_str()))
            .map(Path::to_path_buf)
            .collect();
        drop(present);
        unreadable.sort_by(|a, b| a.path.cmp(&b.path));
        let read_count = posts.len() - reused;
        super::sort_posts(&mut posts, SortKey::Date);
        let scans: Scans = match scans.is_empty() {
            true => Scans::new(),
            false => posts.iter().map(|p| scans.remove(&(Arc::as_ptr(p) as usize))).collect(),
        };
        let library = Library { root: root.to_path_buf(), posts, unreadable, site };
        let pending = Pending { index, update: Update { upserts, removes, measures }, note, reused, read: read_count, scans, walked };
        Ok((library, pending))
    }
}

/// Opens the index and reads its entries; on any failure, no index (or an empty rebuilt one) and
/// a note saying so.
fn open_index(file: Result<PathBuf, index::IndexError>, scans: bool) -> (Option<Index>, Snapshot, Option<String>) {
    let mut index = match file.and_then(|file| Index::open_file(&file)) {
        Ok(index) => index,
        Err(err) => return (None, Snapshot::empty(), Some(format!("no index ({err})"))),
    };
    match index.snapshot(scans) {
        Ok(snapshot) => {
            let note = index.rebuilt().map(str::to_string);
            (Some(index), snapshot, note)
        }
        Err(err) if Index::is_damage(&err) => match index.reset() {
            Ok(index) => (Some(index), Snapshot::empty(), Some("index was damaged; rebuilt".into())),
            Err(err) => (None, Snapshot::empty(), Some(format!("no index ({err})"))),
        },
        // Locked by a writer for longer than the wait, or unreadable: read the files this time.
        Err(err) => (Some(index), Snapshot::empty(), Some(format!("index not read ({err})"))),
    }
}

/// One thing the walk found.
enum Found {
    Post {
        post: Arc<Post>,
        entry: Kept,
        scan: Option<Scan>,
    },
    Unreadable(Unreadable),
    /// A file met (a [`post::Read::Body`] load only), post or not.
    File(PathBuf),
    /// A folder met (a [`post::Read::Body`] load only).
    Dir(PathBuf),
}

/// What becomes of a post's index entry.
enum Kept {
    /// The entry stands as it is; `true` when the post was listed from it (its file not read).
    Unchanged(bool),
    /// The file was read: this entry replaces the old one.
    New(Entry),
    /// The file was read as the entry holds it, and measured: the entry gains the measure.
    Measured(Stamp, Measure),
    /// The file was read and cannot be kept (no fenced front matter with a title, a bad file).
    No,
}

/// Walks and loads at once, as [`super::load_all`] does, serving trusted files from `snapshot`
/// (see [`load_one`]).
fn load_all(site: &crate::site::Site, read: post::Read, snapshot: &Snapshot) -> Vec<Found> {
    let root = site.root();
    // A check also keeps every file and folder met, for its links to be looked up among.
    let walk_all = read == post::Read::Body;
    let (sender, receiver) = std::sync::mpsc::channel();
    super::walker(root).build_parallel().run(|| {
        let sender = sender.clone();
        Box::new(move |entry| {
            if walk_all && let Ok(entry) = &entry {
                let met = match entry.file_type().is_some_and(|t| t.is_dir()) {
                    true => Some(Found::Dir(entry.path().to_path_buf())),
                    // As the check's own walk of other folders: no file named like a skipped folder.
                    false => {
                        (entry.depth() == 0 || !super::is_skipped_dir(entry.file_name())).then(|| Found::File(entry.path().to_path_buf()))
                    }
                };
                if let Some(met) = met
                    && sender.send(met).is_err()
                {
                    return ignore::WalkState::Quit;
                }
            }
            let found = match entry {
                Ok(entry) if super::is_post_entry(root, &entry) => match load_one(site, entry.path(), read, snapshot) {
                    Some(found) => found,
                    None => return ignore::WalkState::Continue,
                },
                Ok(entry) if super::is_special_markdown(&entry) => {
                    let special = entry.file_type().and_then(crate::file::Special::of).unwrap_or(crate::file::Special::Other);
                    Found::Unreadable(Unreadable { path: entry.into_path(), reason: format!("{special}; not read") })
                }
                Ok(_) => return ignore::WalkState::Continue,
                Err(err) => Found::Unreadable(super::unreadable(&err)),
            };
            if sender.send(found).is_err() { ignore::WalkState::Quit } else { ignore::WalkState::Continue }
        })
    });
    drop(sender);
    receiver.into_iter().collect()
}

/// Makes a post what the library holds: a measured read's (a library that stays open) with its
/// keys packed, from `packed` when those are its keys.
fn hold(post: &mut Post, read: post::Read, packed: &[u8]) {
    if read == post::Read::Measured {
        post.hold_fields_packed(packed);
    }
}

/// One post: from its index entry when trusted, else read (with a new entry when it can be kept).
/// A read that measures the file (whole, or measured) never serves from the index; a [`post::Read::Body`] one serves a file only when
/// its entry holds a scan that reads back, and scans (then drops) the body of any file it reads.
fn load_one(site: &crate::site::Site, path: &Path, read: post::Read, snapshot: &Snapshot) -> Option<Found> {
    if !site.may_be_content(path) {
        return None;
    }
    let scans = read == post::Read::Body;
    // Stamped before reading: a change after this instant gives the file another stamp.
    let stamp = std::fs::metadata(path).ok().map(|m| (Stamp::of(&m), m.modified().ok()));
    let need_checked = matches!(read, post::Read::Checked | post::Read::Body);
    let trusted = stamp.as_ref().and_then(|(now, _)| snapshot.trusted(path, now, need_checked));
    let served = match trusted {
        Some(entry) if scans => entry.scan.as_deref().and_then(links::stored::decode).map(|scan| (entry, Some(for_checking(scan)))),
        // A measured read is served only by an entry that a measured read wrote.
        Some(entry) if read == post::Read::Measured && entry.checked && entry.measured.is_some() => Some((entry, None)),
        Some(entry) if !read.measures() => Some((entry, None)),
        _ => None,
    };
    if let (Some((entry, scan)), Some((now, modified))) = (served, &stamp) {
        let post = match entry.measured {
            Some(m) if read == post::Read::Measured => {
                let stamp = post::FileStamp { modified: *modified, len: now.size, hash: m.hash };
                post::from_head_measured(path.to_path_buf(), &entry.head, &entry.fields, stamp, m.words)
            }
            _ => match post::packed::unpack(&entry.fields).filter(|_| !entry.fields.is_empty()) {
                Some(fields) => post::from_head_with_fields(path.to_path_buf(), &entry.head, fields, *modified, now.size),
                None => post::from_head(path.to_path_buf(), &entry.head, *modified, now.size),
            },
        };
        let mut post = site.take_in(post)?;
        hold(&mut post, read, &entry.fields);
        return Some(Found::Post { post: Arc::new(post), entry: Kept::Unchanged(true), scan });
    }
    let loaded = post::load_keeping(path, read);
    let measured = read.measures().then(|| loaded.post.words.map(|words| Measure { hash: loaded.post.stamp.hash, words })).flatten();
    // Problems are found again from the text at each listing: only a clean post's keys are kept.
    let fields = if loaded.post.problems.is_empty() { loaded.post.packed_fields() } else { Vec::new() };
    let mut post = site.take_in(loaded.post)?;
    hold(&mut post, read, &fields);
    let scan = scans.then(|| for_checking(links::scan(&post.body.take().unwrap_or_default())));
    let stored = scan.as_ref().map(links::stored::encode);
    let entry = match (stamp, loaded.head) {
        // A read of a file the index already holds as it is (scan and measure included, when
        // the read has them): nothing to write.
        (Some((stamp, _)), Some(head))
            if let Some(e) = trusted
                && e.head == head
                && e.checked >= loaded.checked
                && e.fields == fields
                && (stored.is_none() || e.scan == stored) =>
        {
            // Only its measure is new: added to the entry, whose scan (if a check wrote one)
            // stays, so the TUI and `check` do not undo each other's work.
            match measured {
                Some(m) if e.measured != Some(m) => Kept::Measured(stamp, m),
                _ => Kept::Unchanged(false),
            }
        }
        (Some((stamp, _)), Some(head)) => {
            // A read that does not measure (a check's) keeps the measure of the file it found
            // as the entry holds it.
            let kept = trusted.filter(|e| e.head == head && e.fields == fields).and_then(|e| e.measured);
            Kept::New(Entry { stamp, checked: loaded.checked, head, fields, scan: stored, measured: measured.or(kept) })
        }
        _ => Kept::No,
    };
    Some(Found::Post { post: Arc::new(post), entry, scan })
}
