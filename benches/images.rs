//! Image costs: decoding a 640×400 PNG, scaling and encoding it for each protocol at 80 columns,
//! and a reading-pane frame (one line scrolled and drawn) of a post with 20 decoded pictures.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use quire::app::{Action, App, Options};
use quire::images::{Graphics, Protocol, decode, prepare};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

/// A photo-like picture: gradients and a disc, so encoders cannot shortcut flat colour.
fn picture() -> image::DynamicImage {
    image::RgbImage::from_fn(640, 400, |x, y| {
        let disc = (x as i32 - 320).pow(2) + (y as i32 - 240).pow(2) < 80 * 80;
        if disc {
            image::Rgb([255, 220, 80])
        } else {
            image::Rgb([(255 - y * 255 / 400) as u8, (x * 255 / 640) as u8, ((x + y) % 256) as u8])
        }
    })
    .into()
}

fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    picture().write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).expect("encode");
    bytes
}

#[divan::bench]
fn decode_png_640x400(bencher: divan::Bencher) {
    let bytes = png();
    bencher.bench(|| decode::decode(divan::black_box(&bytes)).expect("decodes"));
}

#[divan::bench(args = [Protocol::Halfblocks, Protocol::Kitty, Protocol::Sixel, Protocol::Iterm2])]
fn prepare_at_80_columns(bencher: divan::Bencher, protocol: Protocol) {
    let picture = picture();
    let graphics = Graphics { protocol, cell: (10, 20), tmux: false };
    bencher.bench(|| prepare(divan::black_box(&picture), 80, &graphics, 1).expect("prepares"));
}

/// An app showing a post of 20 pictures, every one prepared.
fn app_with_pictures(dir: &std::path::Path, protocol: Protocol) -> App {
    std::fs::write(dir.join("p.png"), png()).expect("write png");
    let body: String = (0..20).map(|i| format!("Paragraph {i} before picture {i}.\n\n![Picture {i}](p.png?{i})\n\n")).collect();
    std::fs::write(dir.join("post.md"), format!("---\ntitle: Pictures\n---\n{body}")).expect("write post");
    let graphics = Some(Graphics { protocol, cell: (10, 20), tmux: false });
    let mut app = App::new(dir.to_path_buf(), Options { graphics, ..Options::default() });
    app.update(Action::Resize(160, 48));
    app.update(Action::Loaded(quire::library::Library::open(dir)));
    app.update(Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    loop {
        let jobs = app.take_image_jobs();
        if jobs.is_empty() {
            break;
        }
        for job in jobs {
            let shown = job.run();
            app.update(Action::Image(job.key, shown));
        }
    }
    assert_eq!(app.reader().rendered.as_ref().map(|r| r.images.iter().filter(|i| i.rows > 0).count()), Some(20));
    app
}

#[divan::bench(args = [Protocol::Halfblocks, Protocol::Kitty, Protocol::Sixel])]
fn scroll_frame_20_pictures(bencher: divan::Bencher, protocol: Protocol) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app_with_pictures(dir.path(), protocol);
    let theme = quire::theme::Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let max = app.reader().max_scroll();
    let down = Arc::new(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let top = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE);
    bencher.bench_local(|| {
        if app.reader().scroll >= max {
            app.update(Action::Key(top));
            app.update(Action::Key(top));
        }
        app.update(Action::Key(*down));
        terminal.draw(|f| quire::ui::draw(f, &app, &theme.ui)).expect("draw");
    });
}
