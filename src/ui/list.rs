//! The post list: date, badge, title with matched letters, tags, and a snippet for body matches.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::{pane, title};
use crate::app::{App, Command, Entry, Focus};
use crate::post::Status;
use crate::search::{Reason, Snippet};
use crate::theme::UiStyles;

/// Draws the list pane.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, styles: &UiStyles) {
    let focused = app.screen().focus() == Focus::List && app.overlay().is_none();
    let count = if app.entries().len() == app.total() {
        format!("Posts ({})", app.total())
    } else {
        format!("Posts ({} of {})", app.entries().len(), app.total())
    };
    let block = pane(title(count, styles.title), focused, styles);
    if app.entries().is_empty() {
        let text = empty_text(app, styles);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), area);
        return;
    }
    // Only the rows the pane can show are built (every entry takes at least one row): a frame
    // costs the same over 10 posts or 10,000. The app keeps the offset so the selection is in them.
    let rows = usize::from(area.height.saturating_sub(2));
    let width = usize::from(area.width.saturating_sub(2));
    let selection = if focused { styles.list_selected } else { styles.list_selected_unfocused };
    let shown = app.entries().iter().enumerate().skip(app.list().offset()).take(rows);
    let items: Vec<ListItem> = shown
        .map(|(i, e)| {
            let mut text = row(e, app.snippet(&e.post), app.settings().date_format(), styles);
            text.lines.iter_mut().for_each(|line| fit(line, width));
            if i != app.list().selected() {
                return ListItem::new(text);
            }
            // The selection is the row's ground; each mark on it stays readable (see `selection`).
            for span in text.lines.iter_mut().flat_map(|l| l.spans.iter_mut()) {
                span.style = super::selection::on_selection(span.style, selection);
            }
            ListItem::new(text).style(selection)
        })
        .collect();
    let list = List::new(items).block(block);
    let mut state = ListState::default().with_selected(app.list().selected().checked_sub(app.list().offset()));
    frame.render_stateful_widget(list, area, &mut state);
}

fn empty_text(app: &App, styles: &UiStyles) -> Text<'static> {
    // Errors, the folder's name, the search and tags: all may hold a file's text.
    let line = |s: String, st: Style| Line::from(Span::styled(crate::text::one_line(&s), st));
    // A key named only where this session may use it (a served reader cannot reload or write).
    let key = |command: Command| app.access().allows(command).then(|| app.settings().keymap().key_of(command));
    let quit = app.settings().keymap().key_of(Command::Quit);
    if let Some(err) = app.load().error() {
        let hint = match key(Command::Reload) {
            Some(reload) => format!("Press {reload} to try again, {quit} to quit."),
            None => format!("Press {quit} to quit."),
        };
        return Text::from(vec![line(err.to_string(), styles.status_error), line(hint, styles.dim)]);
    }
    if app.load().library().is_none() {
        return Text::from(line("Loading posts…".into(), styles.dim));
    }
    if app.total() == 0 {
        let root = app.root().display();
        let mut lines = vec![line(format!("No Markdown posts in {root}."), styles.text)];
        if let Some(new) = key(Command::NewPost) {
            lines.push(line(format!("Press {new} to write one."), styles.dim));
        }
        return Text::from(lines);
    }
    let mut lines = vec![line("No post matches.".into(), styles.text)];
    if !app.search().query().is_empty() {
        lines.push(line(format!("Search: “{}”", app.search().query()), styles.dim));
    }
    let filters = app.filters();
    if !filters.tags().is_empty() {
        lines.push(line(format!("Tags: {}", filters.tags().join(if filters.tags_any() { " or " } else { " and " })), styles.dim));
    }
    if !filters.show_drafts() && app.access().drafts {
        let shows = key(Command::Drafts).map(|d| format!(" ({d} shows them)")).unwrap_or_default();
        lines.push(line(format!("Drafts are hidden{shows}."), styles.dim));
    }
    let clear = app.settings().keymap().key_of(Command::Clear);
    lines.push(line(format!("{clear} clears the search, then the tags."), styles.dim));
    Text::from(lines)
}

/// One or two lines for an entry: a body match's second line is its snippet, cut from the body
/// the post holds, else from its file once read (`read`); until then the line waits, empty.
fn row(entry: &Entry, read: Option<&Snippet>, date_format: &str, styles: &UiStyles) -> Text<'static> {
    let post = &entry.post;
    let mark = if post.has_problems() { Span::styled("!", styles.error_mark) } else { Span::raw(" ") };
    let date = post.date.map_or_else(|| " ".repeat(10), |d| crate::text::sanitize(&d.format(date_format)).into_owned());
    let mut spans = vec![mark, Span::styled(date, styles.list_date), Span::raw(" ")];
    if post.kind == crate::post::Kind::Page {
        spans.push(Span::styled("page ", styles.dim));
    }
    if post.status != Status::Published {
        let badge = match post.status {
            Status::Draft => styles.badge_draft,
            Status::Scheduled => styles.badge_future,
            _ => styles.badge_expired,
        };
        spans.push(Span::styled(format!("{} ", post.status.badge()), badge));
    }
    let title = crate::text::sanitize(&post.title).into_owned();
    match &entry.reason {
        Some(Reason::Title(positions)) => spans.extend(highlighted(&title, positions, styles)),
        _ => spans.push(Span::raw(title)),
    }
    if !post.tags.is_empty() {
        let tags: Vec<String> = post.tags.iter().map(|t| format!("#{}", crate::text::sanitize(t))).collect();
        spans.push(Span::styled(format!("  {}", tags.join(" ")), styles.list_tag));
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(Reason::Body(words)) = &entry.reason {
        let held = post.body.as_deref().map(|body| crate::search::body_snippet(body, words));
        let snippet = held.as_ref().or(read).cloned().unwrap_or(Snippet { text: String::new(), matched: 0..0 });
        let (head, rest) = snippet.text.split_at(snippet.matched.start);
        let (hit, tail) = rest.split_at(snippet.matched.len());
        lines.push(Line::from(vec![
            Span::styled("    ↳ ", styles.dim),
            Span::styled(head.to_string(), styles.snippet),
            Span::styled(hit.to_string(), styles.match_highlight),
            Span::styled(tail.to_string(), styles.snippet),
        ]));
    }
    Text::from(lines)
}

/// Cuts a line to `width` display columns, ending it with `…` when anything was cut.
fn fit(line: &mut Line<'static>, width: usize) {
    use unicode_width::UnicodeWidthStr;
    let total: usize = line.spans.iter().map(|s| s.content.width()).sum();
    if total <= width || width == 0 {
        return;
    }
    let mut used = 0;
    let mut kept = Vec::new();
    for span in line.spans.drain(..) {
        let w = span.content.width();
        if used + w < width {
            used += w;
            kept.push(span);
            continue;
        }
        // `truncate` leaves room for its ellipsis inside the width it is given.
        let cut = super::truncate(&format!("{}\u{2026}", span.content), width - used);
        let head = cut.trim_end_matches('\u{2026}').trim_end();
        if head.is_empty() {
            // Nothing of this span fits (tags after a whole title): one space, then the ellipsis.
            if let Some(last) = kept.last_mut() {
                last.content = format!("{} ", last.content.trim_end()).into();
            }
        }
        kept.push(Span::styled(format!("{head}\u{2026}"), span.style));
        break;
    }
    line.spans = kept;
}

/// The title with the fuzzy-matched characters styled.
fn highlighted(title: &str, positions: &[u32], styles: &UiStyles) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_hit = false;
    for (i, c) in title.chars().enumerate() {
        let hit = positions.binary_search(&(i as u32)).is_ok();
        if hit != current_hit && !current.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut current), if current_hit { styles.match_highlight } else { Style::new() }));
        }
        current_hit = hit;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(Span::styled(current, if current_hit { styles.match_highlight } else { Style::new() }));
    }
    spans
}
