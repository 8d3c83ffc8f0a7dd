//! Inline content: emphasis, code, links, images, footnote references and inline HTML tags.

use pulldown_cmark::{Event, Tag, TagEnd};
use ratatui::style::{Modifier, Style};

use super::Link;
use super::html::{self, InlineTag};
use super::template::{PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN};
use super::walker::Walker;
use super::wrap::Piece;

/// Inline text being collected for the current leaf block.
#[derive(Debug, Default)]
pub(crate) struct Inline {
    pieces: Vec<Piece>,
    /// Active inline styles; `Some(tag)` entries come from inline HTML and close by name.
    styles: Vec<(Option<String>, Style)>,
    /// Open links: (url, index of the first piece of their text, mark, from HTML).
    links: Vec<(String, usize, u32, bool)>,
    /// Alt text while inside an image.
    image: Option<(String, String)>,
    placeholder: bool,
}

impl Inline {
    /// Takes the collected pieces, trimming breaks at the edges.
    pub fn take_pieces(&mut self) -> Vec<Piece> {
        let mut pieces = std::mem::take(&mut self.pieces);
        while matches!(pieces.last(), Some(Piece::Hard | Piece::Soft)) {
            pieces.pop();
        }
        let lead = pieces.iter().take_while(|p| matches!(p, Piece::Hard | Piece::Soft)).count();
        pieces.drain(..lead);
        pieces
    }
}

/// The text of pieces without styles.
pub(crate) fn plain_text(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text { text, .. } => out.push_str(text),
            Piece::Soft | Piece::Hard => out.push(' '),
        }
    }
    out
}

impl Walker<'_> {
    fn style_now(&self) -> Style {
        let mut style = self.base_style();
        for (_, s) in &self.inline.styles {
            style = style.patch(*s);
        }
        if self.inline.placeholder {
            style = style.patch(self.styles.placeholder);
        }
        style
    }

    fn push_text(&mut self, text: &str, style: Style) {
        let mark = self.inline.links.last().map_or(0, |l| l.2);
        self.inline.pieces.push(Piece::Text { text: text.to_string(), style, mark });
    }

    /// Text from the post: control characters made visible, placeholders styled.
    fn text(&mut self, raw: &str) {
        let safe = crate::text::sanitize(raw);
        if let Some((_, alt)) = &mut self.inline.image {
            alt.push_str(&safe);
            return;
        }
        let mut rest: &str = &safe;
        while let Some(i) = rest.find([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE]) {
            if i > 0 {
                self.push_text(&rest[..i], self.style_now());
            }
            self.inline.placeholder = rest[i..].starts_with(PLACEHOLDER_OPEN);
            rest = &rest[i + PLACEHOLDER_OPEN.len_utf8()..];
        }
        if !rest.is_empty() {
            self.push_text(rest, self.style_now());
        }
    }

    /// Handles an inline event.
    pub(crate) fn inline_event(&mut self, event: Event<'_>) {
        match event {
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                let style = self.style_now().patch(self.styles.inline_code);
                let safe = crate::text::sanitize(&t).into_owned();
                match &mut self.inline.image {
                    Some((_, alt)) => alt.push_str(&safe),
                    None => self.push_text(&safe, style),
                }
            }
            Event::SoftBreak => self.inline.pieces.push(Piece::Soft),
            Event::HardBreak => self.inline.pieces.push(Piece::Hard),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                self.push_text(&super::walker::superscript(n), self.styles.footnote);
            }
            Event::InlineHtml(tag) => self.inline_html(&tag),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let style = self.style_now().patch(self.styles.inline_code);
                self.push_text(&crate::text::sanitize(&t), style);
            }
            _ => {}
        }
    }

    /// Handles the start of an inline tag.
    pub(crate) fn inline_start(&mut self, tag: Tag<'_>) {
        let modifier = |m: Modifier| (None, Style::new().add_modifier(m));
        match tag {
            Tag::Emphasis => self.inline.styles.push(modifier(Modifier::ITALIC)),
            Tag::Strong => self.inline.styles.push(modifier(Modifier::BOLD)),
            Tag::Strikethrough => self.inline.styles.push(modifier(Modifier::CROSSED_OUT)),
            Tag::Superscript | Tag::Subscript => self.inline.styles.push((None, Style::new())),
            Tag::Link { dest_url, .. } => self.open_link(&dest_url, false),
            Tag::Image { dest_url, .. } => self.inline.image = Some((dest_url.to_string(), String::new())),
            _ => {}
        }
    }

    /// Handles the end of an inline tag.
    pub(crate) fn inline_end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                if let Some(i) = self.inline.styles.iter().rposition(|(t, _)| t.is_none()) {
                    self.inline.styles.remove(i);
                }
            }
            TagEnd::Link => self.close_link(false),
            TagEnd::Image => {
                if let Some((url, alt)) = self.inline.image.take() {
                    self.image(&url, &alt);
                }
            }
            _ => {}
        }
    }

    fn open_link(&mut self, url: &str, from_html: bool) {
        let url = crate::text::sanitize(url).into_owned();
        self.links.push(Link { text: String::new(), url: url.clone(), line: self.out.len(), spots: Vec::new() });
        let mark = u32::try_from(self.links.len()).unwrap_or(0);
        self.inline.links.push((url, self.inline.pieces.len(), mark, from_html));
        self.inline.styles.push((from_html.then(|| "a".to_string()), self.styles.link));
    }

    fn close_link(&mut self, from_html: bool) {
        let Some(pos) = self.inline.links.iter().rposition(|l| l.3 == from_html) else { return };
        let (url, start, mark, _) = self.inline.links.remove(pos);
        let tag = from_html.then(|| "a".to_string());
        if let Some(i) = self.inline.styles.iter().rposition(|(t, s)| *t == tag && *s == self.styles.link) {
            self.inline.styles.remove(i);
        }
        let text = plain_text(&self.inline.pieces[start.min(self.inline.pieces.len())..]);
        if let Some(link) = (mark as usize).checked_sub(1).and_then(|i| self.links.get_mut(i)) {
            link.text = text.clone();
        }
        let shown = text.trim().trim_start_matches("mailto:");
        let target = url.trim_start_matches("mailto:");
        if url.is_empty() || shown == target || shown.is_empty() && url.starts_with('#') {
            return;
        }
        // The URL or reference carries the link's mark: a click on it follows the link.
        let style = self.styles.link_url;
        if shown.is_empty() {
            // A link with no text (an icon, an empty anchor) still shows where it goes.
            self.inline.pieces.push(Piece::Text { text: url, style, mark });
            return;
        }
        let n = self.ref_number(url);
        self.inline.pieces.push(Piece::Text { text: format!("[{n}]"), style, mark });
    }

    /// An image as a placeholder line: its alt text and where it lives. Inside a link (a badge)
    /// it is just its label, so the link's reference follows it.
    fn image(&mut self, url: &str, alt: &str) {
        let alt = alt.trim();
        let label = if alt.is_empty() { "[image]".to_string() } else { format!("[image: {alt}]") };
        if !self.inline.links.is_empty() {
            self.push_text(&label, self.styles.image);
            return;
        }
        // An image outside tables and headings is a block of its own, so it can be drawn there.
        let block = !url.is_empty() && self.table.is_none() && self.heading.is_none();
        if block {
            self.flush_inline();
        } else if !self.inline.pieces.is_empty() {
            self.inline.pieces.push(Piece::Hard);
        }
        let start = self.out.len();
        self.push_text(&label, self.styles.image);
        if !url.is_empty() {
            self.inline.pieces.push(Piece::text(" ", self.styles.image));
            let url = crate::text::sanitize(url).into_owned();
            self.links.push(Link { text: alt.to_string(), url: url.clone(), line: self.out.len(), spots: Vec::new() });
            let mark = u32::try_from(self.links.len()).unwrap_or(0);
            self.inline.pieces.push(Piece::Text { text: url.clone(), style: self.styles.link_url, mark });
            if block {
                self.flush_inline();
                self.images.push(crate::images::ImageRef {
                    url,
                    alt: alt.to_string(),
                    line: start,
                    lines: self.out.len() - start,
                    rows: 0,
                    indent: 0,
                });
                return;
            }
        }
        self.inline.pieces.push(Piece::Hard);
    }

    /// Inline HTML tags: their Markdown meaning; unknown tags vanish and their text stays.
    fn inline_html(&mut self, raw: &str) {
        let Some(tag) = html::parse_inline_tag(raw) else { return };
        let style = |m: Modifier| Style::new().add_modifier(m);
        match tag {
            InlineTag::Break => self.inline.pieces.push(Piece::Hard),
            InlineTag::Image { src, alt } => self.image(&src, &alt),
            InlineTag::Open { name, href } => match name.as_str() {
                "a" => {
                    if let Some(href) = href {
                        self.open_link(&href, true);
                    }
                }
                "em" | "i" | "cite" | "var" | "dfn" => self.inline.styles.push((Some(name), style(Modifier::ITALIC))),
                "strong" | "b" => self.inline.styles.push((Some(name), style(Modifier::BOLD))),
                "u" | "ins" => self.inline.styles.push((Some(name), style(Modifier::UNDERLINED))),
                "s" | "del" | "strike" => self.inline.styles.push((Some(name), style(Modifier::CROSSED_OUT))),
                "code" | "kbd" | "tt" | "samp" => self.inline.styles.push((Some(name), self.styles.inline_code)),
                "mark" => self.inline.styles.push((Some(name), self.styles.search_match)),
                _ => {}
            },
            InlineTag::Close { name } => {
                if name == "a" {
                    self.close_link(true);
                } else if let Some(i) = self.inline.styles.iter().rposition(|(t, _)| t.as_deref() == Some(name.as_str())) {
                    self.inline.styles.remove(i);
                }
            }
        }
    }
}
