//! The front-matter form and the new-post prompt.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::popup::frame_popup;
use super::{truncate, truncate_left};
use crate::app::form::{Form, Kind, Prompt};
use crate::app::layout::popup;
use crate::app::{Context, Input, Keymap};
use crate::theme::UiStyles;

/// Width of the key column.
const LABEL_WIDTH: usize = 14;

/// Draws the form over the screen.
pub fn draw(frame: &mut Frame, area: Rect, form: &Form, keymap: &Keymap, styles: &UiStyles) {
    let rows = u16::try_from(form.fields.len()).unwrap_or(u16::MAX).saturating_add(5);
    let rect = popup(area, 96, rows.min(area.height.saturating_sub(1)).max(8));
    let name = form.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let inside = frame_popup(frame, rect, &format!("Edit {name}"), styles);
    if inside.height < 4 {
        return;
    }
    if let Some(why) = &form.refused {
        draw_refusal(frame, inside, why, &form.editor_key, styles);
        return;
    }
    let list_height = usize::from(inside.height - 3);
    let first = form.selected.saturating_sub(list_height.saturating_sub(1));
    let value_width = usize::from(inside.width).saturating_sub(LABEL_WIDTH + 2);
    for (row, (index, field)) in form.fields.iter().enumerate().skip(first).take(list_height).enumerate() {
        let focused = index == form.selected;
        let label_style = if focused { styles.field_focused } else { styles.field_label };
        let mut value_style = if field.problem().is_some() { styles.field_invalid } else { styles.field_value };
        if field.deleted {
            value_style = value_style.add_modifier(Modifier::CROSSED_OUT);
        }
        let key = if field.is_new && field.key.is_empty() { "new key…".to_string() } else { crate::text::one_line(&field.key) };
        let value = match field.kind {
            Kind::Draft => if field.value == "true" { "[x] draft" } else { "[ ] draft (published)" }.to_string(),
            Kind::ReadOnly => format!("{} (read-only here: {} edits it)", crate::text::sanitize(&field.value), form.editor_key),
            _ => crate::text::sanitize(&field.value).into_owned(),
        };
        let mut spans = vec![
            Span::styled(if focused { "›" } else { " " }, label_style),
            Span::styled(format!("{:>width$}: ", truncate(&key, LABEL_WIDTH - 1), width = LABEL_WIDTH - 1), label_style),
            Span::styled(truncate_left(&value, value_width), value_style),
        ];
        if field.deleted {
            spans.push(Span::styled("  (will be removed)", styles.status_warning));
        }
        let y = inside.y + row as u16;
        frame.render_widget(Paragraph::new(Line::from(spans)), Rect { y, height: 1, ..inside });
        if focused && form.prompt == Prompt::None && !matches!(field.kind, Kind::Draft | Kind::ReadOnly) {
            frame.set_cursor_position(Position::new(inside.x + cursor_x(form, &field.key, &value, value_width) as u16, y));
        }
    }
    let status = status_line(form, keymap, styles);
    frame.render_widget(Paragraph::new(status), Rect { y: inside.y + inside.height - 2, height: 1, ..inside });
    let hints = hints(form.prompt, keymap);
    let hint_style = if form.prompt == Prompt::None { styles.dim } else { styles.status_warning };
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(&hints, usize::from(inside.width)), hint_style)),
        Rect { y: inside.y + inside.height - 1, height: 1, ..inside },
    );
}

/// The keys of the form's bottom line, as bound.
fn hints(prompt: Prompt, keymap: &Keymap) -> String {
    let form = |input| keymap.input_key(Context::Form, input);
    let answer = |input| keymap.input_key(Context::Answer, input);
    match prompt {
        Prompt::None => format!(
            "{} save · {} cancel · {}{} rows · {} add key · {} remove key · {} completes tags",
            form(Input::Accept),
            form(Input::Close),
            form(Input::Up),
            form(Input::Down),
            form(Input::AddKey),
            form(Input::RemoveKey),
            form(Input::Complete)
        ),
        Prompt::Discard => format!("Discard your changes? {} discards · any other key goes back", answer(Input::Yes)),
        Prompt::Conflict => format!(
            "Changed on disk: {} reloads (drops your changes) · {} overwrites · {} goes back",
            answer(Input::Reload),
            answer(Input::Overwrite),
            form(Input::Close)
        ),
    }
}

/// The reason a post cannot be edited, wrapped to the popup so none of it is cut.
fn draw_refusal(frame: &mut Frame, inside: Rect, why: &str, editor_key: &str, styles: &UiStyles) {
    let text = vec![
        Line::from(Span::styled("quire cannot edit this post:", styles.status_error)),
        Line::from(Span::styled(crate::text::sanitize(why).into_owned(), styles.field_value)),
    ];
    let body = Rect { height: inside.height - 1, ..inside };
    frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }), body);
    let hint = format!("{editor_key} opens it in your editor · any key closes");
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(&hint, usize::from(inside.width)), styles.dim)),
        Rect { y: inside.y + inside.height - 1, height: 1, ..inside },
    );
}

/// The column of the text cursor: in the right-aligned key name of a new row, or in the value.
fn cursor_x(form: &Form, key: &str, value: &str, value_width: usize) -> usize {
    let before = |text: &str| text.chars().take(form.cursor).collect::<String>().width();
    let typing_key = form.fields.get(form.selected).is_some_and(|f| f.typing_key);
    if typing_key {
        let shown = key.width().min(LABEL_WIDTH - 1);
        1 + (LABEL_WIDTH - 1 - shown) + before(key).min(shown)
    } else if value.width() <= value_width {
        LABEL_WIDTH + 2 + before(value)
    } else {
        // A long value shows its end; the cursor is kept inside the row.
        LABEL_WIDTH + 2 + value_width.saturating_sub(value.width().saturating_sub(before(value)))
    }
}

/// The focused row's problem, or its tag completion, or what will change.
fn status_line(form: &Form, keymap: &Keymap, styles: &UiStyles) -> Line<'static> {
    if let Some(problem) = form.fields.get(form.selected).and_then(|f| f.problem()) {
        return Line::from(Span::styled(crate::text::one_line(&problem), styles.status_error));
    }
    if let Some(tag) = form.completion() {
        let complete = format!("{} completes ", keymap.input_key(Context::Form, Input::Complete));
        return Line::from(vec![Span::styled(complete, styles.dim), Span::styled(crate::text::one_line(tag), styles.list_tag)]);
    }
    let changed: Vec<String> = form.fields.iter().filter(|f| f.changed()).map(|f| crate::text::one_line(&f.key)).collect();
    if changed.is_empty() {
        Line::from(Span::styled("No changes yet: type to edit the selected key", styles.dim))
    } else {
        Line::from(Span::styled(format!("Changed: {}", changed.join(", ")), styles.status_info))
    }
}

/// Draws the new-post prompt.
pub fn draw_new_post(frame: &mut Frame, area: Rect, title: &str, keymap: &Keymap, styles: &UiStyles) {
    let rect = popup(area, 70, 5);
    let inside = frame_popup(frame, rect, "New post", styles);
    if inside.height < 2 {
        return;
    }
    let line = Line::from(vec![Span::styled("Title: ", styles.field_label), Span::raw(crate::text::sanitize(title).into_owned())]);
    frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inside });
    frame
        .set_cursor_position(Position::new(inside.x + 7 + title.width().min(usize::from(inside.width.saturating_sub(8))) as u16, inside.y));
    let (accept, close) = (keymap.input_key(Context::Line, Input::Accept), keymap.input_key(Context::Line, Input::Close));
    let hint = Span::styled(format!("{accept} creates a draft named from the title · {close} cancels"), styles.dim);
    frame.render_widget(Paragraph::new(hint), Rect { y: inside.y + inside.height - 1, height: 1, ..inside });
}
