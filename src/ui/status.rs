//! The status line: where you are, what filters apply, and the keys that matter now.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Command, Context, Input, Level};
use crate::theme::UiStyles;

/// Draws the status line.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, styles: &UiStyles) {
    if area.height == 0 {
        return;
    }
    if app.search().is_typing() {
        let prompt = "Search: ";
        let line =
            Line::from(vec![Span::styled(prompt, styles.prompt), Span::raw(crate::text::sanitize(app.search().query()).into_owned())]);
        let key = |input| app.settings().keymap().input_key(Context::Line, input);
        let hint = format!("  {} keep · {} clear", key(Input::Accept), key(Input::Close));
        let room = usize::from(area.width).saturating_sub(prompt.width() + app.search().query().width() + 1);
        let mut spans = line.spans;
        if room >= hint.width() {
            spans.push(Span::styled(hint, styles.dim));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)).style(styles.status_bar), area);
        let x = area.x + (prompt.width() + app.search().query().width()).min(usize::from(area.width.saturating_sub(1))) as u16;
        frame.set_cursor_position(Position::new(x, area.y));
        return;
    }
    if let Some(message) = app.message().filter(|m| message_rows(&m.text, area.width) > 1) {
        // Too long for one line: word-wrapped over two, so a conflict's choices stay whole.
        let rows = Rect { y: area.y.saturating_sub(1), height: area.height + 1, ..area };
        let text = crate::text::one_line(&message.text);
        let paragraph = Paragraph::new(Line::from(Span::styled(text, level_style(message.level, styles))))
            .style(styles.status_bar)
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(ratatui::widgets::Clear, rows);
        frame.render_widget(paragraph, Rect { x: rows.x + 1, width: rows.width.saturating_sub(1), ..rows });
        frame.buffer_mut().set_style(Rect { width: 1, ..rows }, styles.status_bar);
        return;
    }
    let mut left = left_part(app, styles);
    let mut left_width: usize = left.iter().map(|s| s.content.width()).sum();
    // A message that does not fit beside the folder and counts takes the whole line: it matters more.
    let message_width = app.message().map_or(0, |m| crate::text::one_line(&m.text).width() + 1);
    if message_width > usize::from(area.width).saturating_sub(left_width + 2) {
        left.clear();
        left_width = 0;
    }
    let right = right_part(app, styles, usize::from(area.width).saturating_sub(left_width + 2));
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let gap = usize::from(area.width).saturating_sub(left_width + right_width);
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(gap)));
    spans.extend(right);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(styles.status_bar), area);
}

/// Rows a message needs on a status line this wide: one when it fits whole in what
/// [`right_part`] gives it (the width less three columns of margin).
fn message_rows(text: &str, width: u16) -> u16 {
    if crate::text::one_line(text).width() + 3 > usize::from(width) { 2 } else { 1 }
}

fn level_style(level: Level, styles: &UiStyles) -> ratatui::style::Style {
    match level {
        Level::Info => styles.status_info,
        Level::Warning => styles.status_warning,
        Level::Error => styles.status_error,
    }
}

/// Folder, counts, sort and filters.
fn left_part(app: &App, styles: &UiStyles) -> Vec<Span<'static>> {
    let folder = app.root().file_name().map_or_else(|| app.root().display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut spans = vec![Span::styled(format!(" {} ", crate::text::sanitize(&folder)), styles.status_key)];
    let counts = if app.entries().len() == app.total() {
        if app.total() == 1 { "1 post".to_string() } else { format!("{} posts", app.total()) }
    } else {
        format!("{} of {} posts", app.entries().len(), app.total())
    };
    spans.push(Span::raw(counts));
    let filters = app.filters();
    if !app.search().query().is_empty() {
        spans.push(Span::styled(format!(" · /{}", crate::text::sanitize(app.search().query())), styles.status_info));
    } else {
        spans.push(Span::styled(format!(" · by {}", filters.sort().label()), styles.dim));
    }
    if !filters.tags().is_empty() {
        let joiner = if filters.tags_any() { " | " } else { " + " };
        let tags: Vec<String> = filters.tags().iter().map(|t| format!("#{}", crate::text::sanitize(t))).collect();
        spans.push(Span::styled(format!(" · {}", tags.join(joiner)), styles.status_info));
    }
    if !filters.show_drafts() {
        spans.push(Span::styled(" · no drafts", styles.dim));
    }
    spans.push(Span::raw(" "));
    spans
}

/// A message if there is one, else the watcher's trouble, else key hints that fit.
fn right_part(app: &App, styles: &UiStyles, room: usize) -> Vec<Span<'static>> {
    if let Some(message) = app.message() {
        let style = level_style(message.level, styles);
        // Messages name files and quote parser errors: file text, so made safe like the list.
        let text = crate::text::one_line(&message.text);
        return vec![Span::styled(format!("{} ", super::truncate(&text, room.saturating_sub(1))), style)];
    }
    if let Some(err) = app.watch_error() {
        // It names the folder: file text, made safe as messages are.
        let err = crate::text::one_line(&err.to_string());
        if !app.access().allows(Command::Reload) {
            return vec![Span::styled(format!("{} ", super::truncate(&err, room.saturating_sub(1))), styles.status_warning)];
        }
        let key = app.settings().keymap().key_of(Command::Reload);
        return vec![Span::styled(format!("{} ({key} reloads) ", super::truncate(&err, room.saturating_sub(14))), styles.status_warning)];
    }
    let hints =
        [(Command::Search, "search"), (Command::Tags, "tags"), (Command::Focus, "read"), (Command::Help, "help"), (Command::Quit, "quit")];
    let mut spans = Vec::new();
    let mut used = 0;
    for (command, label) in hints {
        let key = app.settings().keymap().key_of(command);
        let width = key.width() + label.width() + 2;
        if used + width > room {
            break;
        }
        used += width;
        spans.push(Span::styled(key, styles.status_key));
        spans.push(Span::styled(format!(" {label} "), styles.status_hint));
    }
    spans
}
