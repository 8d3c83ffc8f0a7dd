//! The walk over pulldown-cmark events: block structure, containers and their line prefixes.

use std::collections::HashMap;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};

use super::wrap::{self, Piece};
use super::{Heading, Link, RenderStyles, Rendered, code, html, table};

/// Raw HTML is rendered by converting it to Markdown and rendering that; this bounds the recursion.
const MAX_HTML_DEPTH: usize = 2;
/// Marker ending a line cut to the width.
pub(crate) const CUT_MARKER: &str = "…";
/// Bullets of unordered lists, by nesting depth.
const BULLETS: [&str; 3] = ["•", "◦", "▪"];
/// Labels of GitHub alerts, in [`RenderStyles::alert`] order.
const ALERT_LABELS: [&str; 5] = ["Note", "Tip", "Important", "Warning", "Caution"];

/// The parser options blogs need. Heading attributes (`## Title {#id}`, which Hugo and Zola
/// support) are parsed so that they do not show.
pub(crate) fn options() -> Options {
    Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// A block that prefixes every line inside it.
#[derive(Debug, Clone)]
pub(crate) enum Container {
    /// A block quote: a bar on every line.
    Quote,
    /// A `<blockquote>` opened in one raw HTML block and closed in a later one.
    HtmlQuote,
    /// A GitHub alert: a colored bar.
    Alert(usize),
    /// A list item or footnote definition: a marker on its first line, spaces after.
    Item { marker: Vec<Span<'static>>, width: usize, fresh: bool },
}

/// A list being rendered.
#[derive(Debug, Clone)]
pub(crate) struct ListState {
    pub next: Option<u64>,
    pub loose: bool,
}

/// The state of one render.
pub(crate) struct Walker<'s> {
    pub width: usize,
    pub styles: &'s RenderStyles,
    pub html_depth: usize,
    pub out: Vec<Line<'static>>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Where each source block starts in `out`.
    pub sources: Vec<super::SourceLine>,
    /// Images that are blocks of their own.
    pub images: Vec<crate::images::ImageRef>,
    /// Numbered link targets, shown at the end.
    pub refs: Vec<String>,
    /// Number of each URL in `refs` (a post may hold thousands of links).
    pub ref_numbers: HashMap<String, usize>,
    /// Footnote labels, numbered by first use.
    pub footnotes: HashMap<String, usize>,
    pub footnote_rule_done: bool,
    pub containers: Vec<Container>,
    pub lists: Vec<ListState>,
    pub need_blank: bool,
    pub inline: super::inline::Inline,
    pub heading: Option<u8>,
    pub code: Option<(String, String)>,
    pub table: Option<table::TableBuilder>,
    pub html: Option<String>,
    /// Leave code blocks unhighlighted, listed in `pending` (see [`super::render_markdown_deferred`]).
    pub defer_code: bool,
    /// Code blocks left unhighlighted, in rendered order.
    pub pending: Vec<super::PendingCode>,
}

/// Blocks a reader can be "at": where the editor opens when one is at the top of the pane.
fn starts_source_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::Item
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionListTitle
    )
}

impl<'s> Walker<'s> {
    /// A walker for a document (or, with `html_depth` > 0, for Markdown made from raw HTML).
    pub fn new(width: usize, styles: &'s RenderStyles, html_depth: usize) -> Self {
        Walker {
            width: width.max(1),
            styles,
            html_depth,
            out: Vec::new(),
            headings: Vec::new(),
            links: Vec::new(),
            sources: Vec::new(),
            images: Vec::new(),
            refs: Vec::new(),
            ref_numbers: HashMap::new(),
            footnotes: HashMap::new(),
            footnote_rule_done: false,
            containers: Vec::new(),
            lists: Vec::new(),
            need_blank: false,
            inline: Default::default(),
            heading: None,
            code: None,
            table: None,
            html: None,
            defer_code: false,
            pending: Vec::new(),
        }
    }

    /// Walks a Markdown source.
    pub fn run(&mut self, source: &str) {
        let line_ends: Vec<usize> = memchr::memchr_iter(b'\n', source.as_bytes()).collect();
        for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
            let block = matches!(&event, Event::Start(tag) if starts_source_block(tag));
            self.event(event);
            if block && self.html_depth == 0 {
                let source = line_ends.partition_point(|&end| end < range.start) + 1;
                let line = self.out.len();
                // Keep the list in rendered order: a nested block on the same line keeps the first.
                if self.sources.last().is_none_or(|last| last.line < line) {
                    self.sources.push(super::SourceLine { line, source });
                }
            }
        }
        self.flush_inline();
    }

    /// Appends the numbered link list: `[n] URL`, each URL whole on its own line even past the
    /// width (the one kind of line that may be wider), so a terminal's URL detection and
    /// copy-paste get all of it; a pane narrower than the line cuts it when drawing.
    pub fn finish_document(&mut self) {
        if self.refs.is_empty() {
            return;
        }
        self.containers.clear();
        self.start_block();
        self.emit(Line::from(Span::styled("─".repeat(self.width.min(4)), self.styles.rule)));
        let refs = std::mem::take(&mut self.refs);
        let digits = refs.len().to_string().len();
        for (i, url) in refs.iter().enumerate() {
            let marker = format!("[{}]{} ", i + 1, " ".repeat(digits - (i + 1).to_string().len()));
            // The URL was sanitized when it became a reference.
            // Pushed as is: `emit` would cut it at the width.
            self.out.push(Line::from(vec![Span::styled(marker, self.styles.link_url), Span::styled(url.clone(), self.styles.link_url)]));
        }
        self.refs = refs;
    }

    /// The result.
    pub fn into_rendered(self) -> Rendered {
        Rendered {
            text: Text::from(self.out),
            headings: self.headings,
            links: self.links,
            sources: self.sources,
            pending: self.pending,
            images: self.images,
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if self.html.is_some() && !matches!(event, Event::End(TagEnd::HtmlBlock)) {
            if let Event::Html(t) | Event::Text(t) = &event {
                self.html.get_or_insert_default().push_str(t);
            }
            return;
        }
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Rule => self.rule(),
            Event::Html(t) => self.raw_html(&t),
            Event::TaskListMarker(done) => self.task_marker(done),
            other => self.inline_event(other),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                if matches!(self.containers.last(), Some(Container::Item { .. }))
                    && let Some(list) = self.lists.last_mut()
                {
                    list.loose = true;
                }
                self.start_block();
            }
            Tag::Heading { level, .. } => {
                self.start_block();
                self.heading = Some(heading_level(level));
            }
            Tag::BlockQuote(kind) => self.start_quote(kind),
            Tag::CodeBlock(kind) => {
                self.start_block();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => self.html = Some(String::new()),
            Tag::List(first) => {
                self.start_block();
                self.lists.push(ListState { next: first, loose: false });
            }
            Tag::Item => self.start_item(),
            Tag::FootnoteDefinition(label) => self.start_footnote(&label),
            Tag::Table(aligns) => {
                self.start_block();
                self.table = Some(table::TableBuilder::new(aligns));
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            other => self.inline_start(other),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.pop_container();
                self.need_blank = true;
            }
            TagEnd::HtmlBlock => self.end_html(),
            TagEnd::List(_) => {
                self.flush_inline();
                self.lists.pop();
                self.need_blank = true;
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush_inline();
                self.pop_container();
                self.need_blank = tag == TagEnd::FootnoteDefinition || self.lists.last().is_some_and(|l| l.loose);
            }
            TagEnd::TableHead => self.end_table_row(true),
            TagEnd::TableRow => self.end_table_row(false),
            TagEnd::TableCell => {
                let pieces = self.inline.take_pieces();
                if let Some(t) = &mut self.table {
                    t.push_cell(pieces);
                }
            }
            TagEnd::Table => self.end_table(),
            other => self.inline_end(other),
        }
    }

    /// Ends a Markdown container, and any HTML quote left open inside it.
    fn pop_container(&mut self) {
        while let Some(Container::HtmlQuote) = self.containers.pop() {}
    }

    /// Called before a block: ends pending inline text and separates blocks by one blank line.
    pub fn start_block(&mut self) {
        self.flush_inline();
        if self.need_blank {
            self.blank();
        }
        self.need_blank = false;
    }

    /// Columns left inside the current containers.
    pub fn inner_width(&self) -> usize {
        let used: usize = self.containers.iter().map(container_width).sum();
        self.width.saturating_sub(used).max(1)
    }

    fn prefix(&mut self, blank: bool) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for c in &mut self.containers {
            match c {
                Container::Quote | Container::HtmlQuote => spans.push(Span::styled("│ ", self.styles.quote_bar)),
                Container::Alert(kind) => spans.push(Span::styled("┃ ", self.styles.alert[*kind])),
                Container::Item { marker, fresh, .. } if *fresh && !blank => {
                    spans.extend(marker.iter().cloned());
                    *fresh = false;
                }
                Container::Item { width, .. } => spans.push(Span::raw(wrap::spaces(*width))),
            }
        }
        spans
    }

    /// Adds one line of content inside the current containers.
    pub fn emit(&mut self, content: Line<'static>) {
        let line = if self.containers.is_empty() {
            content
        } else {
            let mut spans = self.prefix(false);
            spans.reserve(content.spans.len());
            spans.extend(content.spans);
            Line::from(spans)
        };
        self.out.push(wrap::truncate(line, self.width, CUT_MARKER, self.styles.placeholder));
    }

    fn blank(&mut self) {
        let mut spans = self.prefix(true);
        // Indentation and the space after a bar would only be trailing spaces on an empty line.
        while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
            spans.pop();
        }
        if let Some(last) = spans.last_mut() {
            let trimmed = last.content.trim_end().to_string();
            last.content = trimmed.into();
        }
        // Deep quotes at a tiny width: even the bars alone can be wider than the pane.
        self.out.push(wrap::truncate(Line::from(spans), self.width, CUT_MARKER, self.styles.placeholder));
    }

    /// Adds a line its producer already fitted to [`Walker::inner_width`]: no need to measure it
    /// unless the containers alone crowd the width.
    pub fn emit_fitted(&mut self, content: Line<'static>) {
        let used: usize = self.containers.iter().map(container_width).sum();
        if used + self.inner_width() > self.width {
            return self.emit(content);
        }
        let mut spans = self.prefix(false);
        if spans.is_empty() {
            self.out.push(content);
            return;
        }
        spans.reserve(content.spans.len());
        spans.extend(content.spans);
        self.out.push(Line::from(spans));
    }

    /// Emits wrapped inline pieces, recording where marked links landed.
    pub fn emit_wrapped(&mut self, pieces: &[Piece]) {
        let first = self.out.len();
        let wrapped = wrap::wrap(pieces, self.inner_width());
        for line in wrapped.lines {
            self.emit_fitted(line);
        }
        for (mark, line) in wrapped.marks {
            if let Some(link) = (mark as usize).checked_sub(1).and_then(|i| self.links.get_mut(i)) {
                link.line = first + line;
            }
        }
        // Lines are drawn after the containers' prefixes (quote bars, list markers).
        let prefix: usize = self.containers.iter().map(container_width).sum();
        for (mark, line, columns) in wrapped.spots {
            if let Some(link) = (mark as usize).checked_sub(1).and_then(|i| self.links.get_mut(i)) {
                let columns = columns.start + prefix..columns.end + prefix;
                link.spots.push(super::LinkSpot { row: (first + line).saturating_sub(link.line), columns });
            }
        }
    }

    fn end_paragraph(&mut self) {
        self.flush_inline();
        self.need_blank = true;
    }

    /// Writes pending inline text (a paragraph, or the text of a tight list item).
    pub fn flush_inline(&mut self) {
        let pieces = self.inline.take_pieces();
        if pieces.is_empty() {
            return;
        }
        self.emit_wrapped(&pieces);
    }

    fn end_heading(&mut self) {
        let level = self.heading.take().unwrap_or(1);
        let pieces = self.inline.take_pieces();
        let text: String = super::inline::plain_text(&pieces);
        let line = self.out.len();
        let style = self.styles.heading[usize::from(level - 1)];
        let mut all = Vec::new();
        if level >= 3 {
            all.push(Piece::text(format!("{} ", "#".repeat(usize::from(level))), style));
        }
        all.extend(pieces);
        self.emit_wrapped(&all);
        if level <= 2 {
            let rule = if level == 1 { "═" } else { "─" };
            let w = wrap::width(&text).clamp(1, self.inner_width());
            self.emit(Line::from(Span::styled(rule.repeat(w), style)));
        }
        self.headings.push(Heading { level, text, line });
        self.need_blank = true;
    }

    fn start_quote(&mut self, kind: Option<BlockQuoteKind>) {
        self.start_block();
        match kind {
            None => self.containers.push(Container::Quote),
            Some(kind) => {
                let i = alert_index(kind);
                self.containers.push(Container::Alert(i));
                self.emit(Line::from(Span::styled(ALERT_LABELS[i], self.styles.alert[i])));
            }
        }
    }

    fn start_item(&mut self) {
        self.flush_inline();
        if self.need_blank {
            self.blank();
        }
        self.need_blank = false;
        let depth = self.lists.len().saturating_sub(1);
        let text = match self.lists.last_mut() {
            Some(ListState { next: Some(n), .. }) => {
                let t = format!("{n}. ");
                *n += 1;
                t
            }
            _ => format!("{} ", BULLETS[depth % BULLETS.len()]),
        };
        let width = wrap::width(&text);
        self.containers.push(Container::Item { marker: vec![Span::styled(text, self.styles.list_marker)], width, fresh: true });
    }

    fn task_marker(&mut self, done: bool) {
        if let Some(Container::Item { marker, width, fresh: true }) = self.containers.last_mut() {
            let text = if done { "[x] " } else { "[ ] " };
            *marker = vec![Span::styled(text, self.styles.list_marker)];
            *width = wrap::width(text);
        }
    }

    fn start_footnote(&mut self, label: &str) {
        self.start_block();
        if !self.footnote_rule_done && self.containers.is_empty() {
            self.footnote_rule_done = true;
            self.emit(Line::from(Span::styled("─".repeat(self.width.min(4)), self.styles.rule)));
        }
        let n = self.footnote_number(label);
        let text = format!("{} ", superscript(n));
        let width = wrap::width(&text);
        self.containers.push(Container::Item { marker: vec![Span::styled(text, self.styles.footnote)], width, fresh: true });
    }

    /// The reference number of a URL, given by first use.
    pub fn ref_number(&mut self, url: String) -> usize {
        if let Some(n) = self.ref_numbers.get(&url) {
            return *n;
        }
        self.refs.push(url.clone());
        self.ref_numbers.insert(url, self.refs.len());
        self.refs.len()
    }

    /// The number of a footnote label, given by first use.
    pub fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn rule(&mut self) {
        self.start_block();
        let w = self.inner_width();
        self.emit(Line::from(Span::styled("─".repeat(w), self.styles.rule)));
        self.need_blank = true;
    }

    fn end_code(&mut self) {
        let Some((info, text)) = self.code.take() else { return };
        let width = self.inner_width();
        let defer = self.defer_code && self.styles.code_theme != super::highlight::PLAIN_TEXT;
        let theme = if defer { super::highlight::PLAIN_TEXT } else { self.styles.code_theme.as_str() };
        let lines = code::render(&text, &info, width, self.styles, theme);
        let first = self.out.len();
        let mut prefixes = Vec::with_capacity(if defer { lines.len() } else { 0 });
        for line in lines {
            let spans = line.spans.len();
            self.emit_fitted(line);
            if defer {
                prefixes.push(self.out.last().map_or(0, |l| l.spans.len().saturating_sub(spans)));
            }
        }
        if defer {
            self.pending.push(super::PendingCode { line: first, prefixes, code: text, info, width });
        }
        self.need_blank = true;
    }

    fn end_table_row(&mut self, head: bool) {
        if let Some(t) = &mut self.table {
            t.end_row(head);
        }
    }

    fn end_table(&mut self) {
        let Some(t) = self.table.take() else { return };
        for line in t.render(self.inner_width(), self.styles) {
            self.emit_fitted(line);
        }
        self.need_blank = true;
    }

    fn raw_html(&mut self, text: &str) {
        self.html.get_or_insert_default().push_str(text);
        self.end_html();
    }

    /// Renders a raw HTML block as the Markdown it stands for, inside the current containers.
    fn end_html(&mut self) {
        let Some(raw) = self.html.take() else { return };
        let converted = if self.html_depth >= MAX_HTML_DEPTH {
            html::Converted { markdown: html::strip_tags(&raw), ..Default::default() }
        } else {
            html::convert(&raw)
        };
        for _ in 0..converted.closes {
            if matches!(self.containers.last(), Some(Container::HtmlQuote)) {
                self.flush_inline();
                self.containers.pop();
                self.need_blank = true;
            }
        }
        let markdown = converted.markdown;
        if markdown.trim().is_empty() {
            self.open_html_quotes(converted.opens);
            return;
        }
        self.start_block();
        let mut nested = Walker::new(self.inner_width(), self.styles, self.html_depth + 1);
        nested.refs = std::mem::take(&mut self.refs);
        nested.ref_numbers = std::mem::take(&mut self.ref_numbers);
        nested.footnotes = std::mem::take(&mut self.footnotes);
        let link_base = self.links.len();
        nested.links = std::mem::take(&mut self.links);
        nested.defer_code = self.defer_code;
        nested.run(&markdown);
        let offset = self.out.len();
        self.refs = nested.refs;
        self.ref_numbers = nested.ref_numbers;
        self.footnotes = nested.footnotes;
        self.links = nested.links;
        let prefix: usize = self.containers.iter().map(container_width).sum();
        for link in &mut self.links[link_base..] {
            link.line += offset;
            link.spots.iter_mut().for_each(|s| s.columns = s.columns.start + prefix..s.columns.end + prefix);
        }
        self.headings.extend(nested.headings.into_iter().map(|h| Heading { line: h.line + offset, ..h }));
        self.images.extend(nested.images.into_iter().map(|i| crate::images::ImageRef { line: i.line + offset, ..i }));
        // Each nested line gains this walker's prefix: deferred code blocks must know it.
        let mut added = Vec::with_capacity(if nested.pending.is_empty() { 0 } else { nested.out.len() });
        for line in nested.out {
            let spans = line.spans.len();
            self.emit(line);
            if !nested.pending.is_empty() {
                added.push(self.out.last().map_or(0, |l| l.spans.len().saturating_sub(spans)));
            }
        }
        for mut block in nested.pending {
            for (i, prefix) in block.prefixes.iter_mut().enumerate() {
                *prefix += added.get(block.line + i).copied().unwrap_or(0);
            }
            block.line += offset;
            self.pending.push(block);
        }
        self.need_blank = true;
        self.open_html_quotes(converted.opens);
    }

    fn open_html_quotes(&mut self, count: usize) {
        if count > 0 {
            self.start_block();
        }
        for _ in 0..count {
            self.containers.push(Container::HtmlQuote);
        }
    }

    /// The style of running text here, before inline emphasis.
    pub fn base_style(&self) -> Style {
        let mut style = self.styles.text;
        if self.containers.iter().any(|c| matches!(c, Container::Quote | Container::HtmlQuote)) {
            style = style.patch(self.styles.quote_text);
        }
        if let Some(level) = self.heading {
            style = style.patch(self.styles.heading[usize::from(level.clamp(1, 6) - 1)]);
        }
        if self.table.as_ref().is_some_and(|t| t.in_head()) {
            style = style.patch(self.styles.table_header);
        }
        style
    }
}

/// A footnote number in superscript digits, so footnotes never read like link references `[1]`.
pub(crate) fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string().bytes().map(|b| DIGITS[usize::from(b - b'0')]).collect()
}

/// Columns a container's prefix takes.
fn container_width(c: &Container) -> usize {
    match c {
        Container::Quote | Container::HtmlQuote | Container::Alert(_) => 2,
        Container::Item { width, .. } => *width,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alert_index(kind: BlockQuoteKind) -> usize {
    match kind {
        BlockQuoteKind::Note => 0,
        BlockQuoteKind::Tip => 1,
        BlockQuoteKind::Important => 2,
        BlockQuoteKind::Warning => 3,
        BlockQuoteKind::Caution => 4,
    }
}
