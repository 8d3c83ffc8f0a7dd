//! Helpers shared by the TUI tests: a small blog in a temp folder and an app driven by keys.

#![allow(dead_code)]

pub mod hostile;
pub mod pty;

use std::path::Path;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use quire::app::{Action, App, Effect, Options, SearchHit};
use quire::library::Library;
use quire::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Posts with known titles, dates, tags, a draft and a broken one.
pub const POSTS: &[(&str, &str)] = &[
    (
        "2024-03-01-rust-tui.md",
        "---\ntitle: Building a TUI in Rust\ndate: 2024-03-01\ntags: [rust, tui]\n---\n\n# Why a TUI\n\nTerminals are everywhere, even over SSH.\n\n## Layout\n\nTwo panes: a list and a reader.\n\nSee [the Go post](2023-11-20-go-channels.md).\n",
    ),
    (
        "2023-11-20-go-channels.md",
        "---\ntitle: Go channels, gently\ndate: 2023-11-20T09:30:00+01:00\ntags:\n- go\n- concurrency\n---\n\nChannels let goroutines talk. A buffered channel holds values until read.\n",
    ),
    (
        "2023-06-02-docker-paris.md",
        "---\ntitle: Eighteen months at Docker Paris\ndate: 2023-06-02\ntags: [docker, go]\n---\n\nWe build developer tools in Paris, with Go and Rust.\n",
    ),
    (
        "drafts/ideas.md",
        "+++\ntitle = \"Ideas for next year\"\ndate = 2024-01-05\ndraft = true\ntags = [\"rust\"]\n+++\n\nWrite about ratatui and tmux.\n",
    ),
    ("broken.md", "---\ntitle: [unclosed\ndate: 2022-01-01\n---\n\nThis post has broken front matter.\n"),
];

/// Writes [`POSTS`] under `dir`.
pub fn write_blog(dir: &Path) {
    for (name, text) in POSTS {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("posts have a parent")).expect("create folder");
        std::fs::write(path, text).expect("write post");
    }
}

/// A blog in a temp folder with a fixed name, so the status line is the same on every run.
pub struct Blog(tempfile::TempDir);

impl Blog {
    /// The blog's folder.
    pub fn path(&self) -> std::path::PathBuf {
        self.0.path().join("my-blog")
    }
}

/// [`POSTS`] written into a fresh [`Blog`].
pub fn blog() -> Blog {
    let dir = Blog(tempfile::tempdir().expect("temp dir"));
    write_blog(&dir.path());
    dir
}

/// An app over a loaded library, sized like a terminal.
pub fn app_for(dir: &Path, width: u16, height: u16) -> App {
    let mut app = App::new(dir.to_path_buf(), Options::default());
    drive(&mut app, Action::Resize(width, height));
    drive(&mut app, Action::Loaded(Library::open(dir)));
    app
}

/// Applies an action, running searches synchronously as the event loop would in the background.
pub fn drive(app: &mut App, action: Action) -> Option<Effect> {
    let effect = app.update(action);
    // Big posts render, and code shown is highlighted, in the background: do it now, as the
    // loop's thread would.
    if let Some(job) = app.take_render_job() {
        drive(app, job.run());
    }
    // Snippets of body matches whose posts hold no body are read on the snippet lane.
    if let Some(job) = app.take_snippet_job() {
        drive(app, job.run());
    }
    // Images are prepared on the image lane: here, at once.
    for job in app.take_image_jobs() {
        let shown = job.run();
        drive(app, Action::Image(job.key, shown));
    }
    match effect? {
        Effect::Search { generation, query, posts } => {
            let hits = quire::search::search(&posts, &query)
                .into_iter()
                .map(|h| SearchHit { post: Arc::clone(&posts[h.index]), reason: h.reason, order: h.index })
                .collect();
            drive(app, Action::SearchDone { generation, hits })
        }
        Effect::Pick(job) => {
            let items = job.run();
            drive(app, Action::Picked { kind: job.kind, post: job.post, items })
        }
        other @ (Effect::Save { .. } | Effect::TogglePublish(_) | Effect::CreatePost(_) | Effect::Reread(_)) => {
            let root = app.root().to_path_buf();
            let action = quire::tui::write_files(other, &root).expect("a file effect answers");
            drive(app, action)
        }
        other => Some(other),
    }
}

/// Presses keys: plain characters, or names like `<esc>`, `<enter>`, `<down>`, `<tab>`, `<space>`.
pub fn keys(app: &mut App, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (code, len) = if c == '<' {
            let end = rest.find('>').expect("closing >");
            let code = match &rest[1..end] {
                "esc" => KeyCode::Esc,
                "enter" => KeyCode::Enter,
                "down" => KeyCode::Down,
                "up" => KeyCode::Up,
                "tab" => KeyCode::Tab,
                "space" => KeyCode::Char(' '),
                "bs" => KeyCode::Backspace,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,

                other => panic!("unknown key {other}"),
            };
            (code, end + 1)
        } else {
            (KeyCode::Char(c), c.len_utf8())
        };
        drive(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        rest = &rest[len..];
    }
}

/// The screen as text, one line per row.
pub fn screen(app: &App) -> String {
    let area = app.screen().area();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("test terminal");
    let theme = Theme::default();
    terminal.draw(|frame| quire::ui::draw(frame, app, &theme.ui)).expect("draw");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Presses Ctrl and a letter.
pub fn ctrl(app: &mut App, c: char) {
    drive(app, Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
}
