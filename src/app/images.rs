//! Pictures in the reading pane: which images of the shown post still need preparing (at the
//! pane's width, for the terminal's protocol), what came back, and making room for them in the
//! shown rendering while keeping the reader's place.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::App;
use crate::images::resolve::Source;
use crate::images::{Answer, Graphics, ImageRef, Key, Prepared, Shown};
use crate::render::Rendered;
use crate::site::lexical;

/// Prepared images kept; visited posts' pictures at the widths they were seen at.
const CACHE_LIMIT: usize = 256;

/// Resolving, decoding and encoding one image, for the image lane.
#[derive(Debug, Clone)]
pub struct ImageJob {
    /// What it is for; the answer carries it back.
    pub key: Key,
    /// The site, to resolve the path the way its generator does.
    pub site: crate::site::Site,
    /// The post naming the image.
    pub post: Arc<crate::post::Post>,
}

impl ImageJob {
    /// Does the work: the same whether on a lane or in a test.
    pub fn run(&self) -> Answer {
        crate::images::load(&self.site, &self.post, &self.key)
    }
}

/// The images of a session.
#[derive(Debug, Default)]
pub struct Images {
    /// How this terminal shows pictures; `None` when images are off.
    pub graphics: Option<Graphics>,
    pub(super) shown: HashMap<Key, Answer>,
    pub(super) pending: HashSet<Key>,
    /// Images whose file changed since they were read (or since they were asked for, when their
    /// answer is still on its way): asked for again, the old picture shown meanwhile.
    pub(super) stale: HashSet<Key>,
    pub(super) jobs: Vec<ImageJob>,
}

impl Images {
    /// Files changed on disk (written, replaced, created or deleted; a folder stands for what is
    /// under it): the pictures read from them, every "no such file" placeholder (the file may be
    /// there now) and every answer still on its way become stale. Returns whether any did.
    pub fn forget_changed(&mut self, paths: &[&Path]) -> bool {
        if paths.is_empty() {
            return false;
        }
        let paths: Vec<PathBuf> = paths.iter().map(|p| lexical(p)).collect();
        let changed = |answer: &Answer| match &answer.source {
            Source::Local(file) => {
                let file = lexical(file);
                paths.iter().any(|p| file.starts_with(p))
            }
            Source::Missing(_) => true,
            Source::Remote => false,
        };
        let before = self.stale.len();
        let stale: Vec<Key> = self.shown.iter().filter(|(_, answer)| changed(answer)).map(|(key, _)| key.clone()).collect();
        self.stale.extend(stale);
        self.stale.extend(self.pending.iter().cloned());
        self.stale.len() > before
    }
}

impl App {
    /// Images the loop should prepare in the background.
    pub fn take_image_jobs(&mut self) -> Vec<ImageJob> {
        std::mem::take(&mut self.images.jobs)
    }

    /// The colours the terminal shows (half-block pictures are brought to them when drawn).
    pub fn depth(&self) -> crate::color::ColorDepth {
        self.settings.depth()
    }

    /// The prepared picture for an image of the shown post, if it is ready.
    pub fn picture(&self, image: &ImageRef) -> Option<&Arc<Prepared>> {
        let key = self.image_key(image)?;
        match &self.images.shown.get(&key)?.shown {
            Shown::Picture(prepared) => Some(prepared),
            Shown::Placeholder(_) => None,
        }
    }

    fn image_key(&self, image: &ImageRef) -> Option<Key> {
        let graphics = self.images.graphics?;
        let post = self.reader_key_path()?;
        let (width, _) = self.reader_width();
        Some(Key { post, url: image.url.clone(), width: width.saturating_sub(image.indent).max(1), graphics })
    }

    /// An image is prepared (or cannot be): keep it, and make room for it if its post is shown.
    /// An answer read before its file changed is dropped, and the image asked for again.
    pub(super) fn on_image(&mut self, key: Key, answer: Answer) {
        self.images.pending.remove(&key);
        let current = self.reader_key_path().is_some_and(|p| p == key.post);
        if !self.images.stale.contains(&key) {
            if self.images.shown.len() >= CACHE_LIMIT {
                self.images.shown.clear();
                self.images.stale.retain(|k| self.images.pending.contains(k));
            }
            self.images.shown.insert(key, answer);
        }
        if current {
            self.place_images();
        }
    }

    /// Files changed on disk: the shown post's pictures read from them are read again, and
    /// its "no such file" placeholders looked for again, without reopening the post.
    pub(super) fn refresh_images(&mut self, changes: &[crate::library::Change]) {
        use crate::library::Change;
        let paths: Vec<&Path> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Written(path) | Change::Remove(path) => Some(path.as_path()),
                Change::Upsert(_) | Change::Rescan => None,
            })
            .collect();
        if self.images.forget_changed(&paths) {
            self.place_images();
        }
    }

    /// Shows `rendering` (unplaced) in the pane, with room for its images that are ready.
    pub(super) fn show_rendering(&mut self, rendering: Arc<Rendered>) {
        // The scroll counted the old rendering's picture rows: count it in its text alone.
        if let (Some(old), Some(old_base)) = (&self.reader.rendered, &self.reader.base) {
            self.reader.scroll = crate::images::base_line(&old.images, &old_base.images, self.reader.scroll);
        }
        self.reader.base = Some(Arc::clone(&rendering));
        self.reader.rendered = Some(rendering);
        self.place_images();
    }

    /// Rebuilds the shown rendering from the unplaced one and the images ready now, asking for
    /// those not yet prepared; the line at the top of the pane stays at the top.
    pub(super) fn place_images(&mut self) {
        let Some(base) = self.reader.base.clone() else { return };
        if self.images.graphics.is_none() || base.images.is_empty() {
            return;
        }
        let (Some(post), Some(library)) = (self.selected_post().cloned(), self.load.library()) else { return };
        let mut wanted = Vec::new();
        let mut keys = Vec::with_capacity(base.images.len());
        for image in &base.images {
            let indent = crate::images::indent_of(&base, image);
            let Some(key) = self.image_key(&ImageRef { indent, ..image.clone() }) else { return };
            let asked = self.images.pending.contains(&key);
            if !asked && (!self.images.shown.contains_key(&key) || self.images.stale.contains(&key)) {
                wanted.push(key.clone());
            }
            keys.push(key);
        }
        for key in wanted {
            self.images.stale.remove(&key);
            self.images.pending.insert(key.clone());
            self.images.jobs.push(ImageJob { key, site: library.site().clone(), post: Arc::clone(&post) });
        }
        let old = self.reader.rendered.clone();
        let (width, _) = self.reader_width();
        let shown = &self.images.shown;
        let mut placed = crate::images::place(
            &base,
            width,
            |i, _| keys.get(i).and_then(|k| shown.get(k)).map(|a| a.shown.clone()),
            self.settings.styles(),
        );
        self.settings.depth().adapt_text_colors(&mut placed.text);
        // Keep the place: the same source line stays at the top of the pane.
        let at = match &old {
            Some(old) if !Arc::ptr_eq(old, &base) => crate::images::base_line(&old.images, &base.images, self.reader.scroll),
            _ => self.reader.scroll,
        };
        self.reader.scroll = crate::images::placed_line(&placed.images, &base.images, at);
        self.reader.rendered = Some(Arc::new(placed));
        self.reader.marked_for = None;
        self.mark_query();
    }
}
