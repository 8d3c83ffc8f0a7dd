//! Images in the reading pane and in `quire render`: where a post's images live ([`resolve`]),
//! reading and decoding them within caps ([`decode`]), scaling and encoding them for the
//! terminal's graphics protocol ([`prepare`]), and making room for them in a rendering
//! ([`place`]). Decoding and encoding run on the image lane of [`crate::jobs`], never on the UI
//! thread; the app keeps each result per image and width.

pub mod decode;
pub mod detect;
pub mod inline;
pub mod resolve;

use std::path::PathBuf;
use std::sync::Arc;

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui::text::{Line, Span};
use ratatui_image::protocol::Protocol as Encoded;
use ratatui_image::protocol::halfblocks::Halfblocks;
use ratatui_image::protocol::iterm2::Iterm2;
use ratatui_image::protocol::kitty::Kitty;
use ratatui_image::protocol::sixel::Sixel;
use ratatui_image::sliced::SlicedProtocol;
use ratatui_image::{FontSize, Resize};

pub use decode::Problem;

/// How a terminal shows pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// kitty's graphics protocol (kitty, Ghostty, WezTerm), with Unicode placeholders.
    Kitty,
    /// iTerm2's inline images (iTerm2, WezTerm).
    Iterm2,
    /// DEC sixels (foot, xterm, mlterm, Windows Terminal).
    Sixel,
    /// Coloured half-block characters: every terminal.
    Halfblocks,
}

/// The `images` setting of `config.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Ask the terminal what it can show.
    #[default]
    Auto,
    /// This protocol, whatever the terminal says.
    Fixed(Protocol),
    /// No pictures: images stay a line with their alt text and path.
    Off,
}

impl Mode {
    /// The values `images` accepts, for messages.
    pub const NAMES: &'static str = "auto, kitty, iterm2, sixel, halfblocks or off";

    /// Parses a value of `images`.
    pub fn parse(value: &str) -> Option<Mode> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "auto" => Mode::Auto,
            "off" | "none" => Mode::Off,
            "kitty" => Mode::Fixed(Protocol::Kitty),
            "iterm2" | "iterm" => Mode::Fixed(Protocol::Iterm2),
            "sixel" => Mode::Fixed(Protocol::Sixel),
            "halfblocks" | "half-blocks" | "blocks" => Mode::Fixed(Protocol::Halfblocks),
            _ => return None,
        })
    }
}

/// What a terminal can show, and how big its cells are in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Graphics {
    /// The protocol to draw with.
    pub protocol: Protocol,
    /// One cell, in pixels (width, height); a 1:2 guess when the terminal did not say.
    pub cell: (u16, u16),
    /// Inside tmux (escapes go through its passthrough).
    pub tmux: bool,
}

/// The cell size assumed when the terminal does not tell it.
pub const DEFAULT_CELL: (u16, u16) = (10, 20);

impl Graphics {
    /// Half blocks at the assumed cell size: what every terminal can show.
    pub const HALFBLOCKS: Graphics = Graphics { protocol: Protocol::Halfblocks, cell: DEFAULT_CELL, tmux: false };
}

/// The tallest an image is drawn, in rows: a very tall picture is scaled down to this.
pub const MAX_ROWS: u16 = 120;

/// An image scaled to its cells and encoded for the terminal.
pub struct Prepared {
    /// The encoded picture, sliced by rows so that a partly scrolled-off image still draws.
    pub protocol: SlicedProtocol,
    /// Columns and rows it covers.
    pub size: Size,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("size", &self.size).finish_non_exhaustive()
    }
}

/// The cells a picture covers at most `width` columns wide: its natural size, never upscaled.
pub fn cells_for(picture: &DynamicImage, width: u16, graphics: &Graphics) -> Size {
    let font = FontSize::new(graphics.cell.0.max(1), graphics.cell.1.max(1));
    let size = Resize::Fit(None).size_for(picture, font, Size::new(width.max(1), MAX_ROWS));
    Size::new(size.width.max(1), size.height.max(1))
}

/// Scales `picture` to at most `width` columns (never past its natural size) and encodes it.
/// `id` names it to terminals that keep pictures (kitty); equal inputs give equal bytes.
pub fn prepare(picture: &DynamicImage, width: u16, graphics: &Graphics, id: u32) -> Result<Prepared, Problem> {
    let size = cells_for(picture, width, graphics);
    let font = FontSize::new(graphics.cell.0.max(1), graphics.cell.1.max(1));
    let encode_error = |e: ratatui_image::errors::Errors| Problem::Damaged(crate::text::one_line(&e.to_string()));
    let protocol = match graphics.protocol {
        // Half blocks sample the picture themselves, two pixels a cell.
        Protocol::Halfblocks => SlicedProtocol::Halfblocks(Halfblocks::new(picture.clone(), size).map_err(encode_error)?),
        protocol => {
            let scaled = Resize::Fit(Some(image::imageops::FilterType::Triangle)).resize(picture, font, size, None);
            match protocol {
                Protocol::Kitty => SlicedProtocol::Kitty(Kitty::new(scaled, size, id, graphics.tmux, false).map_err(encode_error)?),
                // One picture a row: rows scrolled off are simply not drawn.
                _ => {
                    let row_height = u32::from(font.height);
                    let row_size = Size::new(size.width, 1);
                    let mut rows = Vec::with_capacity(usize::from(size.height));
                    for row in 0..u32::from(size.height) {
                        let slice = scaled.crop_imm(0, row * row_height, scaled.width(), row_height);
                        rows.push(match protocol {
                            Protocol::Sixel => Encoded::Sixel(Sixel::new(slice, row_size, graphics.tmux).map_err(encode_error)?),
                            _ => Encoded::ITerm2(Iterm2::new(slice, row_size, graphics.tmux).map_err(encode_error)?),
                        });
                    }
                    SlicedProtocol::Sliced(rows)
                }
            }
        }
    };
    Ok(Prepared { protocol, size })
}

/// Identifies one prepared image: the same file named by the same post, at the same width.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The post naming it.
    pub post: PathBuf,
    /// Its URL as the post writes it.
    pub url: String,
    /// Columns available.
    pub width: u16,
    /// How it is drawn.
    pub graphics: Graphics,
}

impl Key {
    /// A stable id for terminals that keep pictures by number (kitty): never 0.
    pub fn id(&self) -> u32 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut hasher);
        (hasher.finish() as u32).max(1)
    }
}

/// What became of an image.
#[derive(Debug, Clone)]
pub enum Shown {
    /// Ready to draw.
    Picture(Arc<Prepared>),
    /// Not drawn; the placeholder says why.
    Placeholder(String),
}

/// What the image lane answers: the image as shown, and where it was found.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The picture, or why there is none.
    pub shown: Shown,
    /// The file it was read from (or that there was none): a change to it calls for a new answer.
    pub source: resolve::Source,
}

/// Resolves, decodes and prepares one image: the work of the image lane.
pub fn load(site: &crate::site::Site, post: &crate::post::Post, key: &Key) -> Answer {
    let source = resolve::resolve(site, post, &key.url);
    let shown = match &source {
        resolve::Source::Local(path) => {
            match decode::decode_file(path).and_then(|picture| prepare(&picture, key.width, &key.graphics, key.id())) {
                Ok(prepared) => Shown::Picture(Arc::new(prepared)),
                Err(problem) => Shown::Placeholder(problem.to_string()),
            }
        }
        resolve::Source::Remote => Shown::Placeholder("remote, not fetched".into()),
        resolve::Source::Missing(why) => Shown::Placeholder(why.clone()),
    };
    Answer { shown, source }
}

/// An image the renderer met: a block of its own, shown as one placeholder line until placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Its URL as written (sanitised).
    pub url: String,
    /// Its alt text (sanitised).
    pub alt: String,
    /// Its first line in the rendering.
    pub line: usize,
    /// Lines its placeholder takes (a long URL wraps).
    pub lines: usize,
    /// Rows reserved for the picture above its caption; 0 while it is a placeholder line.
    pub rows: u16,
    /// Columns before the picture (the bars and markers of quotes and lists around it).
    pub indent: u16,
}

/// The placeholder line of an image: its alt text, its URL, and why it is not drawn.
pub fn placeholder_line(image: &ImageRef, why: Option<&str>, styles: &crate::render::RenderStyles) -> Line<'static> {
    let alt = image.alt.trim();
    let label = if alt.is_empty() { "[image]".to_string() } else { format!("[image: {alt}]") };
    let mut spans = vec![Span::styled(label, styles.image)];
    if !image.url.is_empty() {
        spans.push(Span::styled(" ", styles.image));
        spans.push(Span::styled(image.url.clone(), styles.link_url));
    }
    if let Some(why) = why {
        spans.push(Span::styled(format!(" ({})", crate::text::one_line(why)), styles.placeholder));
    }
    Line::from(spans)
}

/// A rendering with room made for the images that are ready: each ready image's placeholder line
/// becomes `rows` empty lines (the picture is drawn over them) and its alt text under them; an
/// image that cannot be shown keeps its line, with the reason. Headings, links, source lines and
/// later images move down with the text. Returns the new rendering and, for a scroll position in
/// the old one, where the same text is now.
pub fn place(
    rendered: &crate::render::Rendered,
    width: u16,
    shown: impl Fn(usize, &ImageRef) -> Option<Shown>,
    styles: &crate::render::RenderStyles,
) -> crate::render::Rendered {
    let mut out = crate::render::Rendered {
        text: ratatui::text::Text::default(),
        headings: Vec::with_capacity(rendered.headings.len()),
        links: Vec::with_capacity(rendered.links.len()),
        sources: Vec::with_capacity(rendered.sources.len()),
        images: Vec::with_capacity(rendered.images.len()),
        // Code is highlighted in the unplaced rendering and copied here by placing it again.
        pending: Vec::new(),
    };
    // Each image's old first line, and how many lines it grew by.
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut lines = Vec::with_capacity(rendered.text.lines.len());
    let mut next = 0usize;
    for (index, image) in rendered.images.iter().enumerate() {
        if image.line < next || image.line >= rendered.text.lines.len() {
            // Not a line of its own (cannot happen for the renderer's images): left as it is.
            out.images.push(ImageRef { line: lines.len(), lines: 0, rows: 0, ..image.clone() });
            continue;
        }
        lines.extend(rendered.text.lines[next..image.line].iter().cloned());
        let end = (image.line + image.lines.max(1)).min(rendered.text.lines.len());
        let start = lines.len();
        // The quote bars and list markers before the placeholder stay before what replaces it.
        let first = &rendered.text.lines[image.line];
        let prefix: Vec<Span<'static>> = first.spans.iter().take_while(|s| !s.content.starts_with("[image")).cloned().collect();
        let indent = prefix.iter().map(|s| crate::render::wrap::width(&s.content)).sum::<usize>();
        let room = usize::from(width.max(1)).saturating_sub(indent).max(1);
        let with_prefix = |spans: Vec<Span<'static>>| {
            let line = crate::render::wrap::truncate(Line::from(spans), room, "…", styles.image);
            Line::from(prefix.iter().cloned().chain(line.spans).collect::<Vec<_>>())
        };
        match shown(index, image) {
            Some(Shown::Picture(prepared)) => {
                let rows = prepared.size.height;
                lines.extend(std::iter::repeat_n(with_prefix(Vec::new()), usize::from(rows)));
                let alt = image.alt.trim();
                let caption = if alt.is_empty() { crate::text::one_line(&image.url) } else { alt.to_string() };
                lines.push(with_prefix(vec![Span::styled(caption, styles.image)]));
                out.images.push(ImageRef { line: start, lines: 1, rows, indent: indent as u16, ..image.clone() });
            }
            Some(Shown::Placeholder(why)) => {
                lines.push(with_prefix(placeholder_line(image, Some(&why), styles).spans));
                out.images.push(ImageRef { line: start, lines: 1, rows: 0, ..image.clone() });
            }
            None => {
                lines.extend(rendered.text.lines[image.line..end].iter().cloned());
                out.images.push(ImageRef { line: start, ..image.clone() });
            }
        }
        let grew = (lines.len() - start) as isize - (end - image.line) as isize;
        shifts.push((image.line, grew));
        next = end;
    }
    lines.extend(rendered.text.lines[next.min(rendered.text.lines.len())..].iter().cloned());
    let moved = |line: usize| moved(&shifts, line);
    out.text = ratatui::text::Text::from(lines);
    out.headings = rendered.headings.iter().map(|h| crate::render::Heading { line: moved(h.line), ..h.clone() }).collect();
    out.links = rendered.links.iter().map(|l| crate::render::Link { line: moved(l.line), ..l.clone() }).collect();
    out.sources = rendered.sources.iter().map(|s| crate::render::SourceLine { line: moved(s.line), ..*s }).collect();
    out
}

/// Columns before an image's placeholder in `rendered` (quote bars, list markers).
pub fn indent_of(rendered: &crate::render::Rendered, image: &ImageRef) -> u16 {
    let Some(line) = rendered.text.lines.get(image.line) else { return 0 };
    let indent: usize =
        line.spans.iter().take_while(|s| !s.content.starts_with("[image")).map(|s| crate::render::wrap::width(&s.content)).sum();
    u16::try_from(indent).unwrap_or(u16::MAX)
}

/// Lines an image's block takes: the reserved rows and the caption or placeholder lines.
fn block_len(image: &ImageRef) -> usize {
    usize::from(image.rows) + image.lines
}

/// The line of the unplaced rendering shown at `line` of a placed one (`placed` and `base` are
/// the two renderings' images, in the same order). A line inside an image's block is its first.
pub fn base_line(placed: &[ImageRef], base: &[ImageRef], line: usize) -> usize {
    let mut offset = 0isize;
    for (p, b) in placed.iter().zip(base) {
        if line < p.line {
            break;
        }
        if line < p.line + block_len(p) {
            return b.line;
        }
        offset = (b.line + block_len(b)) as isize - (p.line + block_len(p)) as isize;
    }
    (line as isize + offset).max(0) as usize
}

/// The inverse of [`base_line`]: where line `line` of the unplaced rendering is shown.
pub fn placed_line(placed: &[ImageRef], base: &[ImageRef], line: usize) -> usize {
    base_line(base, placed, line)
}

/// Where old line `line` is now: moved by what every image above it added. Lines inside an
/// image's placeholder go to its first line.
fn moved(shifts: &[(usize, isize)], line: usize) -> usize {
    let mut at = line as isize;
    for &(start, grew) in shifts {
        if start < line {
            at += grew;
        }
    }
    at.max(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{RenderOptions, RenderStyles, render_markdown};

    fn picture(rows: u16) -> Shown {
        Shown::Picture(Arc::new(Prepared { protocol: SlicedProtocol::Sliced(Vec::new()), size: Size::new(4, rows) }))
    }

    fn plain(rendered: &crate::render::Rendered) -> Vec<String> {
        rendered.text.lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn placing_makes_room_moves_what_follows_and_keeps_the_place() {
        let styles = RenderStyles::default();
        let md = "Intro\n\n![First](a.png)\n\n## After\n\n> ![Quoted](b.png)\n\n[end](https://x.org)\n";
        let base = render_markdown(md, &RenderOptions { width: 60, styles: &styles });
        assert_eq!(base.images.len(), 2);
        assert_eq!(plain(&base)[base.images[0].line], "[image: First] a.png");
        let placed = place(
            &base,
            60,
            |i, _| Some(if i == 0 { picture(3) } else { Shown::Placeholder("no file b.png in the blog".into()) }),
            &styles,
        );
        let lines = plain(&placed);
        let first = &placed.images[0];
        assert_eq!((first.rows, first.lines), (3, 1));
        assert_eq!(lines[first.line..first.line + 4], ["", "", "", "First"]);
        let second = &placed.images[1];
        assert_eq!((second.rows, second.indent), (0, 0));
        assert_eq!(lines[second.line], "│ [image: Quoted] b.png (no file b.png in the blog)");
        assert_eq!(indent_of(&base, &base.images[1]), 2, "the quote bar");
        // Headings and links moved down by the three rows.
        assert_eq!(placed.headings[0].line, base.headings[0].line + 3);
        assert_eq!(lines[placed.headings[0].line], "After");
        assert_eq!(placed.links.last().map(|l| l.line), base.links.last().map(|l| l.line + 3));
        // A line below the picture maps back and forth; a row of the picture maps to the image.
        let below = base.headings[0].line;
        assert_eq!(placed_line(&placed.images, &base.images, below), below + 3);
        assert_eq!(base_line(&placed.images, &base.images, below + 3), below);
        assert_eq!(base_line(&placed.images, &base.images, first.line + 1), base.images[0].line);
        assert_eq!(base_line(&placed.images, &base.images, 0), 0);
    }

    #[test]
    fn images_in_links_tables_and_headings_stay_inline() {
        let styles = RenderStyles::default();
        let md = "[![badge](b.svg)](https://ci)\n\n| a |\n|---|\n| ![c](c.png) |\n\n# ![h](h.png) Title\n";
        let base = render_markdown(md, &RenderOptions { width: 40, styles: &styles });
        assert!(base.images.is_empty(), "{:?}", base.images);
    }
}
