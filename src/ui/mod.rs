//! Drawing: state in, widgets out. Nothing here changes the app or touches the disk.

mod form;
mod list;
mod popup;
mod reader;
mod selection;
mod status;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::App;
use crate::app::layout::panes;
use crate::theme::UiStyles;

/// Draws the whole screen for the app's state.
pub fn draw(frame: &mut Frame, app: &App, styles: &UiStyles) {
    let area = frame.area();
    frame.buffer_mut().set_style(area, styles.text);
    let panes = panes(area, app.screen().focus(), app.screen().list_width());
    if let Some(rect) = panes.list {
        list::draw(frame, rect, app, styles);
    }
    if let Some(rect) = panes.reader {
        reader::draw(frame, rect, app, styles);
    }
    status::draw(frame, panes.status, app, styles);
    if let Some(overlay) = app.overlay() {
        popup::draw(frame, area, app, overlay, styles);
    }
}

/// A bordered pane with a title; the focused pane's border stands out.
fn pane<'a>(title: Line<'a>, focused: bool, styles: &UiStyles) -> Block<'a> {
    let border = if focused { styles.border_focused } else { styles.border };
    let title = if focused { title.patch_style(styles.title_focused) } else { title };
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Rounded })
        .border_style(border)
        .title(title)
}

/// ` text ` in a style, for titles (which name files: made safe here, for every pane and popup).
fn title(text: String, style: Style) -> Line<'static> {
    Line::from(Span::styled(format!(" {} ", crate::text::one_line(&text)), style))
}

/// Cuts text to at most `width` display columns, with an ellipsis when cut.
fn truncate(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    let mut out = String::new();
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// The end of a long text (a path's file name, a value being typed), with an ellipsis in front when cut.
pub(crate) fn truncate_left(text: &str, width: usize) -> String {
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    std::iter::once('…').chain(out.into_iter().rev()).collect()
}
