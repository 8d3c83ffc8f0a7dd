//! A long code-heavy post opens and scrolls without its code being highlighted all at once: the
//! reading pane highlights the blocks in view (and a page around it), on the render lane.

mod support;

#[path = "../benches/support/code_post.rs"]
mod code_post;

use std::collections::HashSet;

use quire::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = format!("---\ntitle: Code notes\ndate: 2026-01-02\n---\n{}", code_post::code_heavy(200_000));
    std::fs::write(dir.path().join("code.md"), post).expect("write post");
    dir
}

/// The colours of the code on screen: the foregrounds of every cell right of a code gutter.
fn code_colours_on_screen(app: &App) -> HashSet<ratatui::style::Color> {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    let theme = quire::theme::Theme::default();
    terminal.draw(|frame| quire::ui::draw(frame, app, &theme.ui)).expect("draw");
    let buffer = terminal.backend().buffer();
    let mut colours = HashSet::new();
    for y in 0..HEIGHT {
        let row: Vec<&str> = (0..WIDTH).map(|x| buffer[(x, y)].symbol()).collect();
        let Some(gutter) = row.windows(2).position(|w| w == ["│", " "] || w == ["│", ""]) else { continue };
        for x in gutter + 2..usize::from(WIDTH) {
            let cell = &buffer[(x as u16, y)];
            if !cell.symbol().trim().is_empty() {
                colours.insert(cell.fg);
            }
        }
    }
    colours
}

#[test]
fn a_long_code_heavy_post_highlights_only_the_code_in_view() {
    let dir = blog();
    let mut app = support::app_for(dir.path(), WIDTH, HEIGHT);
    let rendered = app.reader().rendered.clone().expect("the post is rendered");
    let blocks = rendered.text.lines.iter().filter(|l| l.to_string().contains("╭─ ")).count();
    assert!(blocks > 200, "{blocks} code blocks");
    // Most blocks are still plain; none of those near the top is.
    assert!(rendered.pending.len() > blocks * 9 / 10, "{} of {blocks} pending", rendered.pending.len());
    // The pane's rows and one more page: paging down shows colour at once.
    assert!(rendered.pending_in(0..2 * app.reader().height).is_empty());
    assert!(code_colours_on_screen(&app).len() > 3, "the code in view is highlighted");

    // To the end: the blocks there are highlighted, those in the middle still wait.
    support::keys(&mut app, "<tab><end>");
    let rendered = app.reader().rendered.clone().expect("still rendered");
    let scroll = app.reader().scroll;
    assert!(scroll > 5_000, "scrolled to {scroll}");
    assert!(rendered.pending_in(scroll - app.reader().height..scroll + app.reader().height).is_empty());
    assert!(!rendered.pending_in(scroll / 2..scroll / 2 + usize::from(HEIGHT)).is_empty());
    assert!(code_colours_on_screen(&app).len() > 3, "the code at the end is highlighted");
}

#[test]
fn highlighting_later_paints_exactly_what_highlighting_at_once_would() {
    use quire::render::{RenderOptions, RenderStyles, render_markdown, render_markdown_deferred};
    let styles = RenderStyles::default();
    let markdown = format!(
        "> - a list in a quote:\n>\n>   ```rust\n>   fn quoted() -> u8 {{ 1 }}\n>   ```\n\n<div>\n\n```python\nx = 'in html'\n```\n\n</div>\n\n{}",
        code_post::code_heavy(6_000)
    );
    for width in [12u16, 40, 100] {
        let opts = RenderOptions { width, styles: &styles };
        let whole = render_markdown(&markdown, &opts);
        let mut later = render_markdown_deferred(&markdown, &opts);
        assert!(later.pending.len() > 3);
        assert_eq!(later.text.lines.len(), whole.text.lines.len(), "same lines before highlighting");
        let all = later.pending_in(0..later.text.lines.len());
        for first in all {
            let block = later.pending.iter().find(|b| b.line == first).expect("pending").clone();
            later.apply_code(first, block.highlight(&styles));
        }
        assert!(later.pending.is_empty());
        assert_eq!(later.text, whole.text, "width {width}");
    }
}
