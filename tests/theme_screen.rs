//! One representative screen (post list + rendered post + status bar) drawn with each bundled theme at
//! each color depth, snapshotted with its styles; and proof that NO_COLOR output carries no color.
//!
//! The real TUI and renderer are not on this branch yet, so the screen is drawn here from the theme's
//! styles alone; when `app`/`ui` land these snapshots switch to the real screen.

use std::fmt::Write as _;

use quire::color::ColorDepth;
use quire::theme::{self, Theme, spec::color_name};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph};
use ratatui::{Frame, TerminalOptions, Viewport};

const BUNDLED: [&str; 4] = ["dark", "light", "ansi16", "high-contrast"];
const DEPTHS: [(ColorDepth, &str); 4] =
    [(ColorDepth::TrueColor, "truecolor"), (ColorDepth::Ansi256, "256"), (ColorDepth::Ansi16, "16"), (ColorDepth::None, "no-color")];
const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;
const LIST_WIDTH: u16 = 34;

/// One row of the sample post list.
struct Row {
    date: &'static str,
    title: &'static str,
    /// Byte ranges of `title` the search matched.
    matched: &'static [(usize, usize)],
    tags: &'static str,
    badge: Option<&'static str>,
    problem: bool,
}

const ROWS: [Row; 4] = [
    Row {
        date: "2024-03-02",
        title: "Rust 2024 in practice",
        matched: &[(0, 4)],
        tags: "#rust #editions",
        badge: Some("DRAFT"),
        problem: false,
    },
    Row { date: "2024-01-15", title: "Trusting the borrow checker", matched: &[(1, 5)], tags: "#rust", badge: None, problem: false },
    Row { date: "2026-12-01", title: "Rustconf notes", matched: &[(0, 4)], tags: "#talks", badge: Some("FUTURE"), problem: false },
    Row { date: "2019-07-30", title: "Crusty old post", matched: &[(1, 5)], tags: "#archive", badge: Some("EXPIRED"), problem: true },
];

fn draw(frame: &mut Frame, theme: &Theme) {
    frame.render_widget(Block::new().style(theme.ui.text), frame.area());
    let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
    let [list, post] = Layout::horizontal([Constraint::Length(LIST_WIDTH), Constraint::Fill(1)]).areas(main);
    draw_list(frame, list, theme);
    draw_post(frame, post, theme);
    draw_status(frame, status, theme);
}

fn draw_list(frame: &mut Frame, area: Rect, theme: &Theme) {
    let ui = &theme.ui;
    let block = Block::bordered().border_style(ui.border_focused).title(Line::styled(" Posts 4/9 ", ui.title_focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![
        Line::from(vec![Span::styled("/", ui.prompt), Span::styled("rust", ui.text)]),
        Line::from(vec![Span::styled("tags: ", ui.dim), Span::styled(" rust ", ui.tag_active)]),
    ];
    for (i, row) in ROWS.iter().enumerate() {
        lines.extend(list_row(row, i == 0, theme));
    }
    // The selection bar spans the pane; the row's own spans are drawn over it.
    let selected = Rect { y: inner.y + 2, height: 2, ..inner };
    frame.render_widget(Block::new().style(ui.list_selected), selected);
    lines.push(Line::styled("  …sound and the borrow checker…", ui.snippet));
    frame.render_widget(Paragraph::new(lines), inner);
    let scroll = Rect { x: inner.x, y: inner.bottom().saturating_sub(1), width: inner.width, height: 1 };
    frame.render_widget(Line::styled("▼ 5 more", ui.scroll).right_aligned(), scroll);
}

/// Two lines per post: date, badge and title (search matches highlighted), then tags.
fn list_row(row: &Row, selected: bool, theme: &Theme) -> Vec<Line<'static>> {
    let ui = &theme.ui;
    let base = if selected { ui.list_selected } else { ui.list_row };
    let mark = if row.problem { Span::styled("!", ui.error_mark) } else { Span::raw(" ") };
    let mut first = vec![mark, Span::styled(row.date, ui.list_date), Span::raw(" ")];
    if let Some(badge) = row.badge {
        let style = match badge {
            "DRAFT" => ui.badge_draft,
            "FUTURE" => ui.badge_future,
            _ => ui.badge_expired,
        };
        first.push(Span::styled(badge, style));
    }
    let mut second = vec![Span::raw(" ")];
    let mut at = 0;
    for &(start, end) in row.matched {
        second.push(Span::raw(&row.title[at..start]));
        second.push(Span::styled(&row.title[start..end], ui.match_highlight));
        at = end;
    }
    second.push(Span::raw(&row.title[at..]));
    second.push(Span::styled(format!("  {}", row.tags), ui.list_tag));
    vec![Line::from(first).style(base), Line::from(second).style(base)]
}

fn draw_post(frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = Block::bordered().border_style(theme.ui.border).title(Line::styled(" rust-2024.md ", theme.ui.title));
    frame.render_widget(Paragraph::new(sample_post(theme)).block(block), area);
}

/// A post as the renderer would draw it, one line per kind of Markdown element.
fn sample_post(theme: &Theme) -> Text<'static> {
    let r = &theme.render;
    let s = |text: &'static str, style: Style| Span::styled(text, style);
    Text::from(vec![
        Line::from(vec![s("Rust 2024 in practice ", r.header_title), s(" DRAFT ", r.header_badge)]),
        Line::from(vec![s("2024-03-02 · Ana Lopez  ", r.header_meta), s("#rust #editions", r.header_tag)]),
        Line::default(),
        Line::from(s("Why editions matter", r.heading[0])),
        Line::from(vec![s("Editions change the language; see the ", r.text), s("guide", r.link), s(" [1]", r.link_url)]),
        Line::from(vec![
            s("Run ", r.text),
            s("cargo fix", r.inline_code),
            s(" to migrate an ", r.text),
            s("edition", r.search_match),
            s(".", r.text),
        ]),
        Line::from(vec![s("▌ ", r.quote_bar), s("Stability without stagnation.", r.quote_text)]),
        Line::from(vec![s(" • ", r.list_marker), s("gen is a keyword", r.text), s("[^2]", r.footnote)]),
        Line::from(s("Migrating", r.heading[1])),
        Line::from(s("Step by step", r.heading[2])),
        Line::from(vec![s("h4 ", r.heading[3]), s("h5 ", r.heading[4]), s("h6", r.heading[5])]),
        Line::from(s(" rust", r.code_label)),
        Line::from(s(" fn main() { println!(\"hi\"); }        ", r.code_block)),
        Line::from(vec![s("┌──────┬─────┐ ", r.table_border)]),
        Line::from(vec![
            s("│", r.table_border),
            s(" crate", r.table_header),
            s("│", r.table_border),
            s(" 2024", r.text),
            s("│", r.table_border),
        ]),
        Line::from(s("───────────────────", r.rule)),
        Line::from(vec![s("[image: ferris.png] ", r.image), s("{{< youtube >}}", r.placeholder)]),
        Line::from(vec![
            s("NOTE ", r.alert[0]),
            s("TIP ", r.alert[1]),
            s("IMPORTANT ", r.alert[2]),
            s("WARNING ", r.alert[3]),
            s("CAUTION", r.alert[4]),
        ]),
    ])
}

fn draw_status(frame: &mut Frame, area: Rect, theme: &Theme) {
    let ui = &theme.ui;
    let hints = [("q", "quit"), ("/", "search"), ("t", "tags"), ("e", "edit")];
    let mut spans = Vec::new();
    for (key, what) in hints {
        spans.push(Span::styled(format!(" {key} "), ui.status_key));
        spans.push(Span::styled(what, ui.status_hint));
    }
    spans.push(Span::styled("  saved ", ui.status_info));
    spans.push(Span::styled("1 warning ", ui.status_warning));
    spans.push(Span::styled("1 error", ui.status_error));
    frame.render_widget(Line::from(spans).style(ui.status_bar), area);
}

/// The screen as text, then every run of non-default style per row: what a reviewer needs to see.
fn describe(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let _ = writeln!(out, "{}", row.trim_end());
    }
    out.push_str("\n-- styles: row, columns, style --\n");
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let key = |x: u16| {
                let c = &buf[(x, y)];
                (c.fg, c.bg, c.modifier)
            };
            let start = x;
            while x < buf.area.width && key(x) == key(start) {
                x += 1;
            }
            let (fg, bg, modifier) = key(start);
            if (fg, bg, modifier.is_empty()) != (Color::Reset, Color::Reset, true) {
                let _ = writeln!(out, "{y:2} {start:2}-{:2} fg={} bg={} {modifier:?}", x - 1, color_name(fg), color_name(bg));
            }
        }
    }
    out
}

fn screen(theme: &Theme) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    terminal.draw(|f| draw(f, theme)).expect("draw");
    terminal.backend().buffer().clone()
}

#[test]
fn every_bundled_theme_at_every_color_depth() {
    for name in BUNDLED {
        let theme = theme::load(name, None).unwrap_or_else(|e| panic!("{e}"));
        for (depth, label) in DEPTHS {
            let text = describe(&screen(&theme.adapted(depth)));
            insta::assert_snapshot!(format!("screen_{name}_{label}"), text);
        }
    }
}

/// Every SGR parameter list in an escape stream (`ESC [ ... m`).
fn sgr_params(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b[")
        .skip(1)
        .filter_map(|seq| seq.find('m').map(|end| seq[..end].to_string()))
        .filter(|p| p.chars().all(|c| c.is_ascii_digit() || c == ';'))
        .collect()
}

/// Whether an SGR parameter list sets a foreground or background color (30-38, 40-48, 90-97, 100-107).
/// 39 and 49 reset to the terminal's default and carry no color.
fn sets_color(params: &str) -> bool {
    // Any 38/48 starts an extended color; its sub-parameters need no parsing to know that.
    params.split(';').filter_map(|p| p.parse::<u16>().ok()).any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

fn escape_codes(theme: &Theme) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let backend = CrosstermBackend::new(&mut bytes);
        let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)) };
        let mut terminal = Terminal::with_options(backend, options).expect("terminal over a byte buffer");
        terminal.draw(|f| draw(f, theme)).expect("draw");
    }
    bytes
}

#[test]
fn no_escape_code_carries_a_color_under_no_color() {
    for name in BUNDLED {
        let theme = theme::load(name, None).unwrap_or_else(|e| panic!("{e}"));
        let colored = sgr_params(&escape_codes(&theme.adapted(ColorDepth::TrueColor)));
        assert!(colored.iter().any(|p| sets_color(p)), "{name}: the check must see colors when there are some");
        let plain = sgr_params(&escape_codes(&theme.adapted(ColorDepth::None)));
        assert!(!plain.is_empty(), "{name}: bold and reverse still produce escape codes");
        let offending: Vec<&String> = plain.iter().filter(|p| sets_color(p)).collect();
        assert!(offending.is_empty(), "{name}: color escape codes under NO_COLOR: {offending:?}");
    }
}
