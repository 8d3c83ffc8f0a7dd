//! The real TUI screen (post list after a search + reading pane + status line) drawn with each bundled
//! theme at each color depth, snapshotted with its styles; and proof that NO_COLOR output carries no color.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quire::app::{Action, App, Options};
use quire::color::ColorDepth;
use quire::library::Library;
use quire::theme::{self, Theme, spec::color_name};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::{Frame, TerminalOptions, Viewport};

const BUNDLED: [&str; 4] = ["dark", "light", "ansi16", "high-contrast"];
const DEPTHS: [(ColorDepth, &str); 4] =
    [(ColorDepth::TrueColor, "truecolor"), (ColorDepth::Ansi256, "256"), (ColorDepth::Ansi16, "16"), (ColorDepth::None, "no-color")];
/// The narrowest terminal that shows the list and the reading pane side by side.
const WIDTH: u16 = quire::app::layout::TWO_PANE_MIN_WIDTH;
const HEIGHT: u16 = 24;

/// The sample blog in a folder with a fixed name, so the status line is the same on every run.
fn blog() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("my-blog");
    support::write_blog(&root);
    (dir, root)
}

/// The app as the TUI starts it with this theme and depth, after a search that matches titles and
/// bodies, so the screen shows a selection, match highlights, a snippet, badges and the status bar.
fn searched_app(root: &Path, theme: &Theme, depth: ColorDepth) -> App {
    let options = Options { styles: theme.render.clone(), depth, ..Options::default() };
    let mut app = App::new(root.to_path_buf(), options);
    support::drive(&mut app, Action::Resize(WIDTH, HEIGHT));
    support::drive(&mut app, Action::Loaded(Library::open(root)));
    support::keys(&mut app, "/go<enter>");
    app
}

fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    quire::ui::draw(frame, app, &theme.ui);
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

fn screen(app: &App, theme: &Theme) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    terminal.draw(|f| draw(f, app, theme)).expect("draw");
    terminal.backend().buffer().clone()
}

#[test]
fn every_bundled_theme_at_every_color_depth() {
    let (_dir, root) = blog();
    for name in BUNDLED {
        let theme = theme::load(name, None).unwrap_or_else(|e| panic!("{e}"));
        for (depth, label) in DEPTHS {
            let theme = theme.adapted(depth);
            let app = searched_app(&root, &theme, depth);
            let text = describe(&screen(&app, &theme));
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

fn escape_codes(app: &App, theme: &Theme) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let backend = CrosstermBackend::new(&mut bytes);
        let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)) };
        let mut terminal = Terminal::with_options(backend, options).expect("terminal over a byte buffer");
        terminal.draw(|f| draw(f, app, theme)).expect("draw");
    }
    bytes
}

#[test]
fn no_escape_code_carries_a_color_under_no_color() {
    let (_dir, root) = blog();
    for name in BUNDLED {
        let theme = theme::load(name, None).unwrap_or_else(|e| panic!("{e}"));
        let codes = |depth: ColorDepth| {
            let theme = theme.adapted(depth);
            sgr_params(&escape_codes(&searched_app(&root, &theme, depth), &theme))
        };
        let colored = codes(ColorDepth::TrueColor);
        assert!(colored.iter().any(|p| sets_color(p)), "{name}: the check must see colors when there are some");
        let plain = codes(ColorDepth::None);
        assert!(!plain.is_empty(), "{name}: bold and reverse still produce escape codes");
        let offending: Vec<&String> = plain.iter().filter(|p| sets_color(p)).collect();
        assert!(offending.is_empty(), "{name}: color escape codes under NO_COLOR: {offending:?}");
    }
}
