//! The reading pane: the selected post rendered for the pane's width (cached), its scroll position,
//! and the search term's occurrences in it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use ratatui::text::Text;

use super::{App, Level};
use crate::render::{self, RenderOptions, Rendered};

/// Rendered posts kept for re-display; small, since only visited posts land here.
const CACHE_LIMIT: usize = 64;

/// Posts larger than this render on a background thread: a long post with much code can take
/// several frames to highlight the first time, and the UI must not wait for it. A post that holds
/// no body (the TUI's library keeps none) is read and rendered there whatever its size.
pub const INLINE_RENDER_BYTES: usize = 32 * 1024;

/// Identifies one rendering: the same file content at the same width renders the same.
pub type RenderKey = (PathBuf, u64, u16);

/// A rendering for a background thread to do: a whole post, or the code blocks of a rendered
/// one that came into view.
#[derive(Debug, Clone)]
pub struct RenderJob {
    /// What it is for; the answer carries it back.
    pub key: RenderKey,
    /// The post.
    pub post: Arc<crate::post::Post>,
    /// The site the post is in: a post without its body is read again and taken in by it.
    pub site: Arc<crate::site::Site>,
    /// Columns.
    pub width: u16,
    /// Styles to paint with.
    pub styles: crate::render::RenderStyles,
    /// Colors the terminal shows.
    pub depth: crate::color::ColorDepth,
    /// With a rendering: highlight its pending code blocks that start at these lines.
    pub code: Option<(Arc<Rendered>, Vec<usize>)>,
}

impl RenderJob {
    /// Renders the post, or highlights the code asked for: the same work whether done inline or
    /// on a thread. Answers [`super::Action::Rendered`] or [`super::Action::CodeHighlighted`].
    pub fn run(&self) -> super::Action {
        let Some((rendered, blocks)) = &self.code else {
            let read;
            let post = match &self.post.body {
                Some(_) => &*self.post,
                None => {
                    read = self.read_post();
                    &read
                }
            };
            return super::Action::Rendered(self.key.clone(), Box::new(render_for(post, self.width, &self.styles, self.depth)));
        };
        let painted = rendered
            .pending
            .iter()
            .filter(|b| blocks.contains(&b.line))
            .map(|block| {
                let mut text = Text::from(block.highlight(&self.styles));
                self.depth.adapt_text_colors(&mut text);
                (block.line, text.lines)
            })
            .collect();
        super::Action::CodeHighlighted(self.key.clone(), painted)
    }
}

impl RenderJob {
    /// The post as its file is now, for a post loaded without its body: what the pane shows is
    /// the file on disk, even when it changed since it was listed (the watcher's change follows;
    /// an edit still checks the stamp the list holds, so it is refused, never lost).
    fn read_post(&self) -> crate::post::Post {
        let path = &self.post.path;
        self.site.load(path).unwrap_or_else(|| crate::post::load(path))
    }
}

/// Renders a post with its code blocks left for [`App::take_render_job`] to highlight as they
/// come into view: a long post with much code opens without highlighting all of it.
fn render_for(post: &crate::post::Post, width: u16, styles: &crate::render::RenderStyles, depth: crate::color::ColorDepth) -> Rendered {
    let options = RenderOptions { width, styles };
    let mut rendered = render::render_post_deferred(post, &options);
    if post.has_problems() {
        prepend_problems(&mut rendered, post, &options);
    }
    depth.adapt_text_colors(&mut rendered.text);
    rendered
}

/// A post's problems, as a caution callout above it: what is wrong, and where.
fn prepend_problems(rendered: &mut Rendered, post: &crate::post::Post, options: &RenderOptions) {
    let mut callout = String::from("> [!CAUTION]\n");
    for problem in &post.problems {
        let at = problem.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        callout.push_str(&format!("> {at}{}\n>\n", problem.message));
    }
    let banner = render::render_markdown(&callout, options);
    let shift = banner.text.lines.len() + 1;
    rendered.headings.iter_mut().for_each(|h| h.line += shift);
    rendered.links.iter_mut().for_each(|l| l.line += shift);
    rendered.sources.iter_mut().for_each(|s| s.line += shift);
    rendered.pending.iter_mut().for_each(|b| b.line += shift);
    rendered.images.iter_mut().for_each(|i| i.line += shift);
    let body = std::mem::take(&mut rendered.text.lines);
    rendered.text.lines = banner.text.lines.into_iter().chain(std::iter::once(ratatui::text::Line::default())).chain(body).collect();
}

/// The state of the reading pane.
#[derive(Debug, Default)]
pub struct Reader {
    /// First line shown.
    pub scroll: usize,
    /// Text rows in the pane.
    pub height: usize,
    /// The rendering with the search term marked, while there is a search.
    marked: Option<Text<'static>>,
    /// The rendering shown, with room made for its pictures (outline and links come from it).
    pub rendered: Option<Arc<Rendered>>,
    /// The rendering as the renderer made it, before pictures were placed.
    pub base: Option<Arc<Rendered>>,
    /// Lines holding the search term.
    pub match_lines: Vec<usize>,
    /// Which of those was jumped to last.
    pub current_match: Option<usize>,
    key: Option<RenderKey>,
    /// The search term the text was marked for; `None` after a new rendering.
    pub(super) marked_for: Option<String>,
    /// A rendering the event loop should hand to a background thread.
    job: Option<RenderJob>,
    /// A code highlighting job is out for the rendering shown: no second one until it answers.
    code_in_flight: bool,
    cache: HashMap<RenderKey, Arc<Rendered>>,
}

impl Reader {
    /// What the pane shows: the rendering, with the search term marked when there is one.
    pub fn text(&self) -> Option<&Text<'static>> {
        self.marked.as_ref().or(self.rendered.as_ref().map(|r| &r.text))
    }

    /// The largest useful scroll: the last line at the bottom of the pane.
    pub fn max_scroll(&self) -> usize {
        let lines = self.text().map_or(0, |t| t.lines.len());
        lines.saturating_sub(self.height.max(1))
    }
}

impl App {
    /// Width the post is rendered at: the pane's inside, capped by the configured wrap width.
    pub(super) fn reader_width(&self) -> (u16, usize) {
        let inner = self.screen.reader_pane().map(super::layout::inner).unwrap_or_default();
        let width = match self.settings.wrap_width() {
            Some(limit) if limit > 0 => inner.width.min(limit),
            _ => inner.width,
        };
        (width.max(1), usize::from(inner.height))
    }

    /// The site of the posts shown, for a job that reads one of them.
    fn site(&self) -> Arc<crate::site::Site> {
        self.load.library().map(crate::library::Library::shared_site).unwrap_or_default()
    }

    /// The file of the post the pane shows.
    pub(super) fn reader_key_path(&self) -> Option<std::path::PathBuf> {
        self.reader.key.as_ref().map(|k| k.0.clone())
    }

    /// The file line of what is at the top of the reading pane, once it is scrolled: where `E`
    /// opens the editor. `None` at the top (the editor opens at the front matter then).
    pub(super) fn line_being_read(&self) -> Option<usize> {
        let path = &self.selected_post()?.path;
        let rendered = self.reader.rendered.as_ref().filter(|_| self.reader.key.as_ref().is_some_and(|k| &k.0 == path))?;
        if self.reader.scroll == 0 {
            return None;
        }
        rendered.source_line_at(self.reader.scroll)
    }

    /// Renders the selected post if it, its content or the width changed; keeps the scroll when
    /// the same post is re-rendered (a save in another editor, a resize).
    pub(super) fn sync_reader(&mut self) {
        let (width, height) = self.reader_width();
        self.reader.height = height;
        let Some(post) = self.selected_post().cloned() else {
            self.reader = Reader { cache: std::mem::take(&mut self.reader.cache), height, ..Reader::default() };
            return;
        };
        let key = (post.path.clone(), post.stamp.hash, width);
        if self.reader.key.as_ref() != Some(&key) {
            // The same file, or the same content under a new name (renamed or moved): keep the place.
            let same_post = self.reader.key.as_ref().is_some_and(|k| k.0 == key.0 || k.1 == key.1);
            if self.reader.cache.len() >= CACHE_LIMIT {
                self.reader.cache.clear();
            }
            let cached = self.reader.cache.get(&key).cloned();
            // Not held (the library keeps no bodies): the render lane reads the file.
            let unread = post.body.is_none();
            let rendered = match cached {
                Some(rendered) => Some(rendered),
                None if post.body.as_ref().is_some_and(|b| b.len() <= INLINE_RENDER_BYTES) => {
                    let rendered = Arc::new(render_for(&post, width, self.settings.styles(), self.settings.depth()));
                    self.reader.cache.insert(key.clone(), Arc::clone(&rendered));
                    Some(rendered)
                }
                None => {
                    let job = RenderJob {
                        key: key.clone(),
                        post: Arc::clone(&post),
                        site: self.site(),
                        width,
                        styles: self.settings.styles().clone(),
                        depth: self.settings.depth(),
                        code: None,
                    };
                    self.reader.job = Some(job);
                    None
                }
            };
            // The same file read again (the full load measured it, a width changed): its text stays
            // on screen, and its place, until the new rendering lands; no code is highlighted
            // into it meanwhile (the answer resets that).
            let same_file = self.reader.key.as_ref().is_some_and(|k| k.0 == key.0) && self.reader.rendered.is_some();
            self.reader.key = Some(key);
            self.reader.code_in_flight = rendered.is_none() && same_file;
            match rendered {
                Some(rendered) => self.show_rendering(rendered),
                None if same_file => {}
                // While a big post renders, the pane says so (another post's text would mislead).
                None => {
                    let wait = if unread { "Reading…" } else { "Rendering…" };
                    self.show_rendering(Arc::new(Rendered { text: Text::from(wait), ..Rendered::default() }));
                }
            }
            self.reader.marked_for = None;
            if !same_post {
                self.reader.scroll = 0;
            }
        }
        self.mark_query();
        self.reader.scroll = self.reader.scroll.min(self.reader.max_scroll());
    }

    /// The rendering the loop should start in the background, if one is waiting; else the
    /// highlighting of code blocks in or near the reading pane's view that are still plain.
    pub fn take_render_job(&mut self) -> Option<RenderJob> {
        if let Some(job) = self.reader.job.take() {
            return Some(job);
        }
        if self.reader.code_in_flight {
            return None;
        }
        // Code blocks are found in the unplaced rendering: the view is counted without pictures.
        let rendered = self.reader.base.as_ref().or(self.reader.rendered.as_ref()).filter(|r| !r.pending.is_empty())?;
        // The view, and a page above and below it, so paging on shows colour at once.
        let page = self.reader.height.max(1);
        let unplaced = |line: usize| match &self.reader.rendered {
            Some(shown) => crate::images::base_line(&shown.images, &rendered.images, line),
            None => line,
        };
        let view = unplaced(self.reader.scroll.saturating_sub(page))..unplaced(self.reader.scroll + 2 * page);
        let blocks = rendered.pending_in(view);
        if blocks.is_empty() {
            return None;
        }
        let key = self.reader.key.clone()?;
        let post = Arc::clone(self.selected_post()?);
        self.reader.code_in_flight = true;
        Some(RenderJob {
            width: key.2,
            key,
            post,
            site: self.site(),
            styles: self.settings.styles().clone(),
            depth: self.settings.depth(),
            code: Some((Arc::clone(rendered), blocks)),
        })
    }

    /// Code blocks were highlighted in the background: paint them into the rendering (and its
    /// cached copy) if it is still the one shown.
    pub(super) fn on_code_highlighted(&mut self, key: RenderKey, painted: Vec<(usize, Vec<ratatui::text::Line<'static>>)>) {
        if self.reader.key.as_ref() != Some(&key) {
            return;
        }
        self.reader.code_in_flight = false;
        // Code is painted into the unplaced rendering; pictures, if any, are placed again over it.
        let shown = self.reader.rendered.take();
        let Some(mut base) = self.reader.base.take() else {
            self.reader.rendered = shown;
            return;
        };
        let placed = shown.filter(|shown| !Arc::ptr_eq(shown, &base));
        // Drop the cache's reference first, so the rendering is patched in place, not copied.
        self.reader.cache.remove(&key);
        let patched = Arc::make_mut(&mut base);
        for (line, lines) in painted {
            patched.apply_code(line, lines);
        }
        self.reader.cache.insert(key, Arc::clone(&base));
        self.reader.base = Some(Arc::clone(&base));
        match placed {
            Some(placed) => {
                self.reader.rendered = Some(placed);
                self.place_images();
            }
            None => self.reader.rendered = Some(base),
        }
        self.reader.marked_for = None;
        self.mark_query();
    }

    /// A background rendering is done: keep it, and show it if its post is still on screen.
    pub(super) fn on_rendered(&mut self, key: RenderKey, rendered: Rendered) {
        let rendered = Arc::new(rendered);
        self.reader.cache.insert(key.clone(), Arc::clone(&rendered));
        if self.reader.key.as_ref() == Some(&key) {
            self.show_rendering(rendered);
            self.reader.code_in_flight = false;
            self.reader.marked_for = None;
            self.mark_query();
            self.reader.scroll = self.reader.scroll.min(self.reader.max_scroll());
        }
    }

    /// Marks the search term in the rendered post (once per term and rendering).
    pub(super) fn mark_query(&mut self) {
        let query = self.search.term().to_string();
        if self.reader.marked_for.as_deref() == Some(query.as_str()) {
            return;
        }
        let Some(rendered) = &self.reader.rendered else { return };
        // Without a search the pane shows the rendering itself: no copy.
        let (marked, lines) = if query.is_empty() {
            (None, Vec::new())
        } else {
            let (text, lines) = render::mark_matches(&rendered.text, &query, self.settings.styles().search_match);
            (Some(text), lines)
        };
        self.reader.marked = marked;
        self.reader.match_lines = lines;
        self.reader.current_match = None;
        self.reader.marked_for = Some(query);
    }

    /// `n` / `N`: scrolls to the next or previous line holding the search term.
    pub(super) fn jump_match(&mut self, forward: bool) {
        if self.search.term().is_empty() {
            self.say(Level::Info, format!("no search: press {} to search", self.settings.keymap().key_of(super::Command::Search)));
            return;
        }
        let lines = &self.reader.match_lines;
        if lines.is_empty() {
            self.say(Level::Info, format!("“{}” is not in this post", self.search.term()));
            return;
        }
        let count = lines.len();
        let next = match (self.reader.current_match, forward) {
            (None, true) => lines.iter().position(|&l| l >= self.reader.scroll).unwrap_or(0),
            (None, false) => lines.iter().rposition(|&l| l < self.reader.scroll).unwrap_or(count - 1),
            (Some(i), true) => (i + 1) % count,
            (Some(i), false) => (i + count - 1) % count,
        };
        self.reader.current_match = Some(next);
        // Show the match a few lines below the top, so its context is visible.
        self.reader.scroll = lines[next].saturating_sub(2).min(self.reader.max_scroll());
        self.say(Level::Info, format!("match {} of {count}", next + 1));
    }

    /// Scrolls the reading pane to a line (an outline heading) and focuses it.
    pub(super) fn scroll_to_line(&mut self, line: usize) {
        self.focus_on(super::Focus::Reader);
        self.reader.scroll = line.min(self.reader.max_scroll());
    }
}
