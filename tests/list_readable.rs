//! The selected row of the list stays readable in every bundled theme, at every colour depth, with
//! the list focused or not: each cell's foreground against its background (WCAG AA in truecolor,
//! never the same colour at any depth). Badges, tags, match marks and snippets are all on it.

mod support;

use std::path::Path;

use quire::app::{Action, App, Focus, Options};
use quire::color::ColorDepth;
use quire::library::Library;
use quire::theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const BUNDLED: [&str; 4] = ["dark", "light", "ansi16", "high-contrast"];
const DEPTHS: [ColorDepth; 4] = [ColorDepth::TrueColor, ColorDepth::Ansi256, ColorDepth::Ansi16, ColorDepth::None];
const WIDTH: u16 = 100;
const HEIGHT: u16 = 20;

const POSTS: &[(&str, &str)] = &[
    ("draft.md", "---\ntitle: Go drafts\ndate: 2024-01-05\ndraft: true\ntags: [go, ideas]\n---\n\nNot yet.\n"),
    ("future.md", "---\ntitle: Go in the future\ndate: 2999-01-01\ntags: [go]\n---\n\nLater.\n"),
    ("body.md", "---\ntitle: Channels\ndate: 2023-01-01\ntags: [rust]\n---\n\nA word about going places.\n"),
    ("broken.md", "---\ntitle: [unclosed\ndate: 2022-01-01\n---\n\nGo broken.\n"),
];

fn app(root: &Path, theme: &theme::Theme, depth: ColorDepth, search: bool) -> App {
    let options = Options { styles: theme.render.clone(), depth, ..Options::default() };
    let mut app = App::new(root.to_path_buf(), options);
    support::drive(&mut app, Action::Resize(WIDTH, HEIGHT));
    support::drive(&mut app, Action::Loaded(Library::open(root)));
    if search {
        support::keys(&mut app, "/go<enter>");
    }
    app
}

/// Colours as the terminal shows them (reverse video swapped).
fn shown(buf: &Buffer, x: u16, y: u16) -> (Color, Color) {
    let cell = &buf[(x, y)];
    if cell.modifier.contains(Modifier::REVERSED) { (cell.bg, cell.fg) } else { (cell.fg, cell.bg) }
}

fn luminance(c: Color) -> Option<f64> {
    let Color::Rgb(r, g, b) = c else { return None };
    let ch = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    Some(0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b))
}

/// Why the selected rows do not read, one line per bad cell run.
fn unreadable(buf: &Buffer, rows: std::ops::Range<u16>, cols: std::ops::Range<u16>, depth: ColorDepth) -> Vec<String> {
    let mut bad = Vec::new();
    for y in rows {
        for x in cols.clone() {
            let (fg, bg) = shown(buf, x, y);
            let symbol = buf[(x, y)].symbol();
            if symbol.trim().is_empty() || fg == Color::Reset || bg == Color::Reset {
                continue;
            }
            let ok = match (depth, luminance(fg), luminance(bg)) {
                (ColorDepth::TrueColor, Some(a), Some(b)) => (a.max(b) + 0.05) / (a.min(b) + 0.05) >= 4.5,
                _ => fg != bg,
            };
            if !ok {
                bad.push(format!("({x},{y}) {symbol:?} {fg:?} on {bg:?}"));
            }
        }
    }
    bad
}

#[test]
fn every_cell_of_the_selected_row_reads_in_every_theme_depth_and_focus() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in POSTS {
        std::fs::write(dir.path().join(name), text).expect("write post");
    }
    let mut checked = 0;
    for name in BUNDLED {
        let theme = theme::load(name, None).unwrap_or_else(|e| panic!("{e}"));
        for depth in DEPTHS {
            let theme = theme.adapted(depth);
            for search in [false, true] {
                let mut app = app(dir.path(), &theme, depth, search);
                for index in 0..app.entries().len() {
                    for focus in [Focus::List, Focus::Reader] {
                        app.select(index);
                        app.focus_on(focus);
                        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
                        terminal.draw(|f| quire::ui::draw(f, &app, &theme.ui)).expect("draw");
                        let buf = terminal.backend().buffer().clone();
                        // Row 1 is the first entry; entries before the selection may take two rows.
                        let above: usize = app.entries()[..index].iter().map(quire::app::entry_height).sum();
                        let top = 1 + above as u16;
                        let rows = top..top + quire::app::entry_height(&app.entries()[index]) as u16;
                        let bad = unreadable(&buf, rows, 1..WIDTH * 2 / 5 - 1, depth);
                        assert!(bad.is_empty(), "{name} {depth:?} search={search} {focus:?} entry {index}: {bad:#?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 4 * 4 * 2 * 2 * 3, "checked {checked} screens");
}
