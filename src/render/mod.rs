//! Markdown -> ratatui `Text` for a given width.
//!
//! The pipeline: template tags become placeholders ([`template`]), pulldown-cmark parses, a walker
//! over its events ([`walker`], [`inline`]) fills containers (quotes, lists) whose prefixes it adds
//! to every line of the leaf blocks (paragraphs via [`wrap`], [`table`]s, [`code`] blocks, raw
//! [`html`] rendered as the Markdown it means). Every line is at most `width` columns.

pub mod ansi;
mod code;
mod header;
pub mod highlight;
mod html;
mod inline;
mod marks;
pub mod style;
mod table;
mod template;
mod walker;
pub mod wrap;

use ratatui::text::Text;

pub use marks::mark_matches;
pub use style::RenderStyles;

/// How to render: the width in display columns and the styles to paint with.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Maximum display columns of every line.
    pub width: u16,
    /// The styles (colors are truecolor; callers adapt them to the terminal).
    pub styles: &'a RenderStyles,
}

/// A heading of the rendered post, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text, without styling.
    pub text: String,
    /// Index of its first line in [`Rendered::text`].
    pub line: usize,
}

/// A link of the rendered post, for link navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link's visible text.
    pub text: String,
    /// Where it points.
    pub url: String,
    /// Index of the line its text starts on in [`Rendered::text`].
    pub line: usize,
    /// Where its text and reference (`[1]`) were drawn, so a click there can follow it; empty
    /// where that is not known (tables, the numbered list of URLs).
    pub spots: Vec<LinkSpot>,
}

/// A stretch of one rendered line that belongs to a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    /// Lines below [`Link::line`] (so moving the link moves its spots).
    pub row: usize,
    /// Display columns on that line, from the line's start.
    pub columns: std::ops::Range<usize>,
}

impl Rendered {
    /// The link drawn at this line and display column, if any.
    pub fn link_at(&self, line: usize, column: usize) -> Option<&Link> {
        if let Some(link) = self.links.iter().find(|l| l.spots.iter().any(|s| l.line + s.row == line && s.columns.contains(&column))) {
            return Some(link);
        }
        // Where no spot was recorded (tables, the numbered list of URLs), a reference `[n]`
        // under the pointer, or a line of the list, stands for the link it numbers.
        let text: String = self.text.lines.get(line)?.spans.iter().map(|s| s.content.as_ref()).collect();
        let number = if self.link_list().contains(&line) { reference_at(&text, 0) } else { reference_at(&text, column) }?;
        let url = self.listed_url(number)?;
        self.links.iter().find(|l| l.url == url)
    }

    /// The URL numbered `number` in the list of URLs at the end.
    fn listed_url(&self, number: usize) -> Option<String> {
        self.link_list().find_map(|line| {
            let text: String = self.text.lines[line].spans.iter().map(|s| s.content.as_ref()).collect();
            let (n, url) = text.strip_prefix('[')?.split_once(']')?;
            (n.parse::<usize>().ok()? == number).then(|| url.trim_start().to_string())
        })
    }
}

/// The number of a reference `[n]` drawn over display column `column` of `text`.
fn reference_at(text: &str, column: usize) -> Option<usize> {
    let mut at = 0;
    let mut open: Option<(usize, usize)> = None; // column and byte where a `[` was seen
    for (byte, c) in text.char_indices() {
        let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        match c {
            '[' => open = Some((at, byte)),
            ']' => {
                if let Some((start, from)) = open.take() {
                    let digits = &text[from + 1..byte];
                    if (start..=at).contains(&column) && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        return digits.parse().ok();
                    }
                }
            }
            _ if !c.is_ascii_digit() => open = None,
            _ => {}
        }
        at += width;
        if at > column && open.is_none() {
            return None;
        }
    }
    None
}

/// A rendered post or Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The styled lines, each at most the requested width.
    pub text: Text<'static>,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Links (and images) in document order.
    pub links: Vec<Link>,
    /// Where blocks start: rendered line and the source line it came from, in rendered order.
    pub sources: Vec<SourceLine>,
    /// Code blocks not highlighted yet (a deferred rendering), in rendered order: their lines
    /// are in `text`, unstyled, until [`Rendered::apply_code`] paints them.
    pub pending: Vec<PendingCode>,
    /// Images standing as blocks of their own (not inside a link or table), in document order:
    /// their placeholder lines, where [`crate::images::place`] makes room for the pictures.
    pub images: Vec<crate::images::ImageRef>,
}

/// A code block whose highlighting was left for later: a long post highlights only what is
/// shown. Highlighting changes only styles, never the lines or their widths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCode {
    /// Index of its first line (the top of its frame) in [`Rendered::text`].
    pub line: usize,
    /// For each of its lines, how many spans come before the block's own (quote bars, list
    /// indentation).
    pub prefixes: Vec<usize>,
    /// The code.
    pub code: String,
    /// The fence's info string.
    pub info: String,
    /// Columns the block was laid out in.
    pub width: usize,
}

impl PendingCode {
    /// The rendered lines this block covers.
    pub fn lines(&self) -> std::ops::Range<usize> {
        self.line..self.line + self.prefixes.len()
    }

    /// The block's own lines, highlighted (slow: syntect; meant for a background thread).
    pub fn highlight(&self, styles: &RenderStyles) -> Vec<ratatui::text::Line<'static>> {
        code::render(&self.code, &self.info, self.width, styles, &styles.code_theme)
    }
}

/// A rendered line where a block of the source starts, so the editor can open at what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceLine {
    /// Index in [`Rendered::text`].
    pub line: usize,
    /// 1-based line of the source (of the file, for [`render_post`]; of the body otherwise).
    pub source: usize,
}

impl Rendered {
    /// The source line of what is shown at rendered line `line`: the start of the block it is
    /// in (the first block's for lines above it, such as the header). `None` without any block.
    pub fn source_line_at(&self, line: usize) -> Option<usize> {
        // A blank line between blocks belongs to the block below it: that is what is read next.
        let blank = |l: usize| self.text.lines.get(l).is_some_and(|l| l.spans.iter().all(|s| s.content.trim().is_empty()));
        let mut line = line;
        while blank(line) && line + 1 < self.text.lines.len() {
            line += 1;
        }
        let after = self.sources.partition_point(|s| s.line <= line);
        self.sources.get(after.saturating_sub(1)).map(|s| s.source)
    }
}

impl Rendered {
    /// The code blocks still unhighlighted that have a line in `lines`: the first line of each.
    pub fn pending_in(&self, lines: std::ops::Range<usize>) -> Vec<usize> {
        let from = self.pending.partition_point(|b| b.lines().end <= lines.start);
        self.pending[from..].iter().take_while(|b| b.line < lines.end).map(|b| b.line).collect()
    }

    /// Paints a pending block (named by its first line) with its highlighted lines
    /// ([`PendingCode::highlight`]) and drops it from `pending`. A line whose text is not the
    /// highlighted line's text (never expected) keeps its plain style.
    pub fn apply_code(&mut self, first_line: usize, highlighted: Vec<ratatui::text::Line<'static>>) {
        let Ok(at) = self.pending.binary_search_by_key(&first_line, |b| b.line) else { return };
        let block = self.pending.remove(at);
        let text_of = |spans: &[ratatui::text::Span<'_>]| spans.iter().map(|s| s.content.as_ref()).collect::<String>();
        for ((line, prefix), new) in self.text.lines[block.lines()].iter_mut().zip(&block.prefixes).zip(highlighted) {
            if *prefix <= line.spans.len() && text_of(&line.spans[*prefix..]) == text_of(&new.spans) {
                line.spans.truncate(*prefix);
                line.spans.extend(new.spans);
            }
        }
    }

    /// The lines of the numbered link list at the end (`[n] URL`): the only lines that may be
    /// wider than the width, since each holds a whole URL. Empty when there is no list.
    pub fn link_list(&self) -> std::ops::Range<usize> {
        let lines = &self.text.lines;
        let text = |i: usize| lines[i].spans.iter().map(|s| s.content.as_ref()).collect::<String>();
        let is_entry = |t: &str| {
            t.strip_prefix('[')
                .and_then(|r| r.split_once("] "))
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        let mut start = lines.len();
        while start > 0 && is_entry(&text(start - 1)) {
            start -= 1;
        }
        let ruled = start > 0 && start < lines.len() && text(start - 1).chars().all(|c| c == '─') && !text(start - 1).is_empty();
        if ruled { start..lines.len() } else { lines.len()..lines.len() }
    }
}

/// Renders a post: a header from its front matter, then its body (none for a post loaded without
/// it: see [`crate::post::read_body`]).
pub fn render_post(post: &crate::post::Post, opts: &RenderOptions) -> Rendered {
    render_post_with(post, opts, false)
}

fn render_post_with(post: &crate::post::Post, opts: &RenderOptions, defer: bool) -> Rendered {
    let width = usize::from(opts.width).max(1);
    let mut head = header::render(post, width, opts.styles);
    let markdown = post.body.as_deref().unwrap_or_default();
    let body = if defer { render_markdown_deferred(markdown, opts) } else { render_markdown(markdown, opts) };
    let offset = head.len();
    head.extend(body.text.lines);
    let shift = |line: usize| line + offset;
    Rendered {
        text: Text::from(head),
        headings: body.headings.into_iter().map(|h| Heading { line: shift(h.line), ..h }).collect(),
        links: body.links.into_iter().map(|l| Link { line: shift(l.line), ..l }).collect(),
        // Body lines are counted from where the body starts in the file.
        sources: body.sources.into_iter().map(|s| SourceLine { line: shift(s.line), source: s.source + post.body_line - 1 }).collect(),
        pending: body.pending.into_iter().map(|b| PendingCode { line: shift(b.line), ..b }).collect(),
        images: body.images.into_iter().map(|i| crate::images::ImageRef { line: shift(i.line), ..i }).collect(),
    }
}

/// [`render_post`], with code blocks left unhighlighted in [`Rendered::pending`]: the TUI
/// highlights only the blocks scrolled into view, on a background thread.
pub fn render_post_deferred(post: &crate::post::Post, opts: &RenderOptions) -> Rendered {
    render_post_with(post, opts, true)
}

/// Bodies at least this long get their code blocks highlighted in parallel before the walk.
const PARALLEL_HIGHLIGHT_BYTES: usize = 32 * 1024;

/// Renders a Markdown body (no front matter).
pub fn render_markdown(markdown: &str, opts: &RenderOptions) -> Rendered {
    walk(markdown, opts, false)
}

/// [`render_markdown`], with code blocks left unhighlighted in [`Rendered::pending`].
pub fn render_markdown_deferred(markdown: &str, opts: &RenderOptions) -> Rendered {
    walk(markdown, opts, true)
}

fn walk(markdown: &str, opts: &RenderOptions, defer: bool) -> Rendered {
    let source = template::preprocess(markdown);
    if !defer && source.len() >= PARALLEL_HIGHLIGHT_BYTES && opts.styles.code_theme != highlight::PLAIN_TEXT {
        prehighlight(&source, &opts.styles.code_theme);
    }
    let width = usize::from(opts.width).max(1);
    let mut walker = walker::Walker::new(width, opts.styles, 0);
    walker.defer_code = defer;
    walker.run(&source);
    walker.finish_document();
    walker.into_rendered()
}

/// Highlights every fenced code block on all cores, so the (sequential) walk finds them cached:
/// highlighting is most of the cost of a first render.
fn prehighlight(source: &str, theme: &str) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    use rayon::prelude::*;
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(source, walker::options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => current = Some((info.to_string(), String::new())),
            Event::Text(text) => {
                if let Some((_, code)) = &mut current {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks.par_iter().for_each(|(info, code)| {
        highlight::highlight(code, info, theme);
    });
}

#[cfg(test)]
mod tests;
