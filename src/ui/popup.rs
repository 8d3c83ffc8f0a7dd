//! Popups: help, the tag picker, and the pickers (problems, outline, links).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{pane, title};
use crate::app::layout::{inner, popup};
use crate::app::{App, Context, Help, HelpRow, Input, Overlay, Picker, PickerKind, TagPicker};
use crate::theme::UiStyles;

/// Draws the overlay on top of the screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, overlay: &Overlay, styles: &UiStyles) {
    match overlay {
        Overlay::Help(state) => {
            // Over a popup, the popup stays in sight under it.
            if let Some(behind) = &state.behind {
                draw(frame, area, app, behind, styles);
            }
            help(frame, area, app, state, styles);
        }
        Overlay::Tags(picker) => tags(frame, area, app, picker, styles),
        Overlay::Picker(picker) => pick(frame, area, picker, styles),
        Overlay::Form(form) => super::form::draw(frame, area, form, app.settings().keymap(), styles),
        Overlay::NewPost(title) => super::form::draw_new_post(frame, area, title, app.settings().keymap(), styles),
    }
}

pub(super) fn frame_popup(frame: &mut Frame, rect: Rect, name: &str, styles: &UiStyles) -> Rect {
    frame.render_widget(Clear, rect);
    let block = pane(title(name.to_string(), styles.popup_title), true, styles).style(styles.popup).border_style(styles.popup_border);
    let inside = inner(rect);
    frame.render_widget(block, rect);
    inside
}

fn help(frame: &mut Frame, area: Rect, app: &App, help: &Help, styles: &UiStyles) {
    let rect = popup(area, 64, area.height.saturating_sub(2));
    let close = app.settings().keymap().input_key(Context::List, Input::Close);
    let inside = frame_popup(frame, rect, &format!("Keys — type to filter, {close} closes"), styles);
    // Once something is typed, the filter takes the first row (the title says to type).
    let filter = crate::text::one_line(&help.filter);
    let list = if filter.is_empty() || inside.height < 2 {
        inside
    } else {
        let filter_line = Line::from(vec![Span::styled("Filter: ", styles.field_label), Span::raw(filter.clone())]);
        frame.render_widget(Paragraph::new(filter_line), Rect { height: 1, ..inside });
        let cursor = inside.x + 8 + u16::try_from(unicode_width::UnicodeWidthStr::width(filter.as_str())).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(cursor.min(inside.right().saturating_sub(1)), inside.y));
        Rect { y: inside.y + 1, height: inside.height - 1, ..inside }
    };
    let mut lines = Vec::new();
    for row in app.help_rows(help) {
        match row {
            HelpRow::Heading(heading) => {
                if !lines.is_empty() {
                    lines.push(Line::default());
                }
                lines.push(Line::from(Span::styled(heading, styles.popup_title)));
            }
            HelpRow::Key { keys, help, main } => lines.push(Line::from(vec![
                Span::styled(format!("{keys:>14}  "), styles.status_key),
                Span::styled(help, if main { styles.text } else { styles.dim }),
            ])),
        }
    }
    if lines.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(format!("No key matches “{filter}”."), styles.dim)));
    }
    let total = lines.len();
    let scroll = help.scroll.min(total.saturating_sub(usize::from(list.height)));
    frame.render_widget(Paragraph::new(Text::from(lines)).scroll((scroll as u16, 0)), list);
    // On a small terminal the list does not fit: say that it scrolls, on the bottom border.
    let below = total > scroll + usize::from(list.height);
    if below || scroll > 0 {
        let hint = match (scroll > 0, below) {
            (true, true) => " ↑↓: more ",
            (false, true) => " ↓: more ",
            _ => " ↑: more ",
        };
        let width = hint.chars().count() as u16;
        let at = Rect { x: rect.x + rect.width.saturating_sub(width + 2), y: rect.y + rect.height.saturating_sub(1), width, height: 1 };
        frame.render_widget(Paragraph::new(Span::styled(hint, styles.popup_title)), at.intersection(area));
    }
}

fn tags(frame: &mut Frame, area: Rect, app: &App, picker: &TagPicker, styles: &UiStyles) {
    let rows = u16::try_from(picker.tags.len()).unwrap_or(u16::MAX).saturating_add(4);
    let rect = popup(area, 48, rows.min(area.height.saturating_sub(2)).max(8));
    let mode = if app.filters().tags_any() { "any" } else { "all" };
    let inside = frame_popup(frame, rect, &format!("Tags — match {mode}"), styles);
    if inside.height < 3 {
        return;
    }
    let filter_line = Line::from(vec![Span::styled("Filter: ", styles.field_label), Span::raw(picker.filter.clone())]);
    frame.render_widget(Paragraph::new(filter_line), Rect { height: 1, ..inside });
    frame.set_cursor_position(Position::new(inside.x + 8 + picker.filter.chars().count() as u16, inside.y));
    let visible = picker.visible();
    let items: Vec<ListItem> = visible
        .iter()
        .map(|(tag, count)| {
            let on = app.filters().tags().contains(tag);
            let mark = if on { "[x] " } else { "[ ] " };
            let style = if on { styles.tag_active } else { styles.text };
            ListItem::new(Line::from(vec![
                Span::styled(mark, style),
                Span::styled(crate::text::sanitize(tag).into_owned(), style),
                Span::styled(format!(" ({count})"), styles.dim),
            ]))
        })
        .collect();
    let list_area = Rect { y: inside.y + 1, height: inside.height - 2, ..inside };
    let mut state = ListState::default().with_selected(Some(picker.selected));
    frame.render_stateful_widget(List::new(items).highlight_style(styles.list_selected).highlight_symbol("› "), list_area, &mut state);
    let key = |input| app.settings().keymap().input_key(Context::Tags, input);
    let footer = format!("{} toggle · {} all/any · {} done", key(Input::Toggle), key(Input::SwitchMode), key(Input::Close));
    let footer = Line::from(Span::styled(footer, styles.dim));
    frame.render_widget(Paragraph::new(footer), Rect { y: inside.y + inside.height - 1, height: 1, ..inside });
}

fn pick(frame: &mut Frame, area: Rect, picker: &Picker, styles: &UiStyles) {
    let per_item = if picker.kind == PickerKind::Errors { 2 } else { 1 };
    let rows = u16::try_from(picker.items.len() * per_item).unwrap_or(u16::MAX).saturating_add(2);
    let rect = popup(area, 90, rows.min(area.height.saturating_sub(2)).max(5));
    let inside = frame_popup(frame, rect, picker.kind.title(), styles);
    let items: Vec<ListItem> = picker
        .items
        .iter()
        .map(|item| {
            let indent = "  ".repeat(usize::from(item.indent));
            let label = Span::raw(format!("{indent}{}", crate::text::sanitize(&item.label)));
            let detail = crate::text::sanitize(&item.detail).into_owned();
            // A problem's message is the point: give it its own line rather than cut it.
            if picker.kind == PickerKind::Errors {
                ListItem::new(Text::from(vec![Line::from(label), Line::from(Span::styled(format!("    {detail}"), styles.dim))]))
            } else if detail.is_empty() {
                ListItem::new(Line::from(label))
            } else {
                ListItem::new(Line::from(vec![label, Span::styled(format!("  {detail}"), styles.dim)]))
            }
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(picker.selected));
    frame.render_stateful_widget(List::new(items).highlight_style(styles.list_selected).highlight_symbol("› "), inside, &mut state);
}
