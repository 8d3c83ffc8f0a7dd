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
    let focused = app.focus == Focus::Reader && app.overlay.is_none();
    // The path from the blog's folder: bundles are all `index.md`, their folders tell them apart.
    let name = app.selected_post().map_or_else(String::new, |p| crate::library::display_path(&app.root, &p.path));
    let name = truncate_left(&crate::text::sanitize(&name), usize::from(area.width.saturating_sub(20)));
    let mut block = pane(title(name, styles.title), focused, styles);
    let reader = &app.reader;
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
    frame.render_widget(Paragraph::new(Text::from(visible)).block(block), area);
}
