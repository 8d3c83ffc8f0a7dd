//! The reading pane: the visible slice of the rendered post, and where we are in it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;

use super::{pane, title, truncate_left};
use crate::app::{App, Focus};
use crate::theme::UiStyles;

/// Draws the reading pane.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, styles: &UiStyles) {
    let focused = app.screen().focus() == Focus::Reader && app.overlay().is_none();
    // The path from the blog's folder: bundles are all `index.md`, their folders tell them apart.
    let name = app.selected_post().map_or_else(String::new, |p| crate::library::display_path(app.root(), &p.path));
    let name = truncate_left(&crate::text::sanitize(&name), usize::from(area.width.saturating_sub(20)));
    let mut block = pane(title(name, styles.title), focused, styles);
    let reader = &app.reader();
    let Some(text) = reader.text() else {
        frame.render_widget(Paragraph::new(Span::styled("Select a post to read it.", styles.dim)).block(block), area);
        return;
    };
    let total = text.lines.len();
    if total > reader.height {
        let percent = (reader.scroll + reader.height).min(total) * 100 / total.max(1);
        let position = format!(" {}-{}/{total} {percent}% ", reader.scroll + 1, (reader.scroll + reader.height).min(total));
        block = block.title_bottom(Line::from(Span::styled(position, styles.dim)).right_aligned());
    }
    let visible: Vec<Line> = text.lines.iter().skip(reader.scroll).take(reader.height).cloned().collect();
    let inner = block.inner(area);
    frame.render_widget(Paragraph::new(Text::from(visible)).block(block), area);
    draw_pictures(frame, inner, app);
}

/// Draws the prepared pictures over the rows kept for them, cut where the pane cuts them. While a
/// popup is open none is drawn: a terminal that keeps pictures (sixel) would show them over it.
fn draw_pictures(frame: &mut Frame, inner: Rect, app: &App) {
    use ratatui_image::sliced::{SignedPosition, SlicedImage};
    let Some(rendered) = &app.reader().rendered else { return };
    if app.overlay().is_some() || inner.height == 0 {
        return;
    }
    let (top, bottom) = (app.reader().scroll, app.reader().scroll + usize::from(inner.height));
    for image in rendered.images.iter().filter(|i| i.rows > 0) {
        let (start, end) = (image.line, image.line + usize::from(image.rows));
        if end <= top || start >= bottom {
            continue;
        }
        let Some(prepared) = app.picture(image) else { continue };
        let y = i16::try_from(start as isize - top as isize).unwrap_or(i16::MIN);
        let x = i16::try_from(image.indent).unwrap_or(i16::MAX);
        frame.render_widget(SlicedImage::new(&prepared.protocol, SignedPosition { x, y }), inner);
        if matches!(prepared.protocol, ratatui_image::sliced::SlicedProtocol::Halfblocks(_)) {
            // Half blocks are coloured cells: bring them to the colours the terminal shows.
            let rows = inner.y + u16::try_from(start.saturating_sub(top)).unwrap_or(u16::MAX).min(inner.height);
            let last = (inner.y + u16::try_from(end - top).unwrap_or(u16::MAX).min(inner.height)).min(inner.bottom());
            let buffer = frame.buffer_mut();
            for row in rows..last {
                for column in inner.x..inner.right() {
                    if let Some(cell) = buffer.cell_mut((column, row)) {
                        let style = app.depth().adapt_style(ratatui::style::Style::new().fg(cell.fg).bg(cell.bg));
                        cell.set_fg(style.fg.unwrap_or_default()).set_bg(style.bg.unwrap_or_default());
                    }
                }
            }
        }
    }
}
