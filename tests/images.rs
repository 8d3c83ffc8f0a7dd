//! Images in posts: where their files are found for each generator, the placeholders that say
//! why one is not shown, the decode path under corrupt input, the exact bytes of kitty and sixel
//! pictures, a half-block picture on screen, and no picture left behind on a real terminal
//! screen (a vt100 parser fed the bytes a session writes).

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;
use quire::app::{Action, App, Options};
use quire::images::resolve::{Source, resolve};
use quire::images::{Graphics, Key, Protocol, Shown, decode};
use quire::library::Library;
use quire::post::Post;
use quire::site::Site;

const QUAD: &[u8] = include_bytes!("images/quad.png");
const GRADIENT: &[u8] = include_bytes!("images/gradient.png");
const JPEG: &[u8] = include_bytes!("images/gradient.jpg");
const WEBP: &[u8] = include_bytes!("images/gradient.webp");
/// Two frames, red then blue.
const GIF: &[u8] = include_bytes!("images/two-frames.gif");

fn write(root: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    path
}

fn post_at(site: &Site, path: &Path) -> Post {
    site.load(path).expect("the post loads")
}

/// Resolves `url` in the post at `post` of a site laid out by `files`.
fn found(files: &[(&str, &[u8])], post: &str, url: &str) -> Source {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, bytes) in files {
        write(dir.path(), rel, bytes);
    }
    let site = Site::open(dir.path());
    let post = post_at(&site, &dir.path().join(post));
    match resolve(&site, &post, url) {
        Source::Local(path) => Source::Local(path.strip_prefix(dir.path()).expect("inside the blog").to_path_buf()),
        other => other,
    }
}

fn local(rel: &str) -> Source {
    Source::Local(PathBuf::from(rel))
}

const POST: &[u8] = b"---\ntitle: T\ndate: 2024-01-01\n---\nBody.\n";

#[test]
fn hugo_finds_bundle_files_static_assets_and_theme_static() {
    let hugo = |extra: &[(&'static str, &'static [u8])]| {
        let mut files: Vec<(&str, &[u8])> =
            vec![("hugo.toml", b"title = 'x'\n"), ("content/posts/trip/index.md", POST), ("content/posts/note.md", POST)];
        files.extend_from_slice(extra);
        files
    };
    let files = hugo(&[
        ("content/posts/trip/beach.png", QUAD),
        ("static/images/a.png", QUAD),
        ("assets/b.png", QUAD),
        ("themes/t/static/c.png", QUAD),
    ]);
    assert_eq!(found(&files, "content/posts/trip/index.md", "beach.png"), local("content/posts/trip/beach.png"), "page bundle");
    assert_eq!(found(&files, "content/posts/trip/index.md", "./beach.png?w=300#top"), local("content/posts/trip/beach.png"));
    assert_eq!(found(&files, "content/posts/note.md", "/images/a.png"), local("static/images/a.png"), "static/");
    assert_eq!(found(&files, "content/posts/note.md", "/b.png"), local("assets/b.png"), "assets/");
    assert_eq!(found(&files, "content/posts/note.md", "/c.png"), local("themes/t/static/c.png"), "a theme's static/");
    assert_eq!(found(&files, "content/posts/note.md", "/posts/trip/beach.png"), local("content/posts/trip/beach.png"), "a bundle's URL");
    // Relative to the page's URL, as a browser resolves it: /posts/note/ + ../../images/a.png.
    assert_eq!(found(&files, "content/posts/note.md", "../../images/a.png"), local("static/images/a.png"));
    assert!(matches!(found(&files, "content/posts/note.md", "/images/none.png"), Source::Missing(_)));
}

#[test]
fn zola_finds_colocated_assets_and_static() {
    let files: Vec<(&str, &[u8])> = vec![
        ("config.toml", b"base_url = \"https://x.org\"\ncompile_sass = false\n"),
        ("content/blog/trip/index.md", b"+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\nBody.\n"),
        ("content/blog/trip/sea.png", QUAD),
        ("static/img/a.png", QUAD),
    ];
    assert_eq!(found(&files, "content/blog/trip/index.md", "sea.png"), local("content/blog/trip/sea.png"));
    assert_eq!(found(&files, "content/blog/trip/index.md", "/img/a.png"), local("static/img/a.png"));
}

#[test]
fn jekyll_and_plain_folders_resolve_from_their_root() {
    let jekyll: Vec<(&str, &[u8])> = vec![("_config.yml", b"title: x\n"), ("_posts/2024-01-01-t.md", POST), ("assets/a.png", QUAD)];
    assert_eq!(found(&jekyll, "_posts/2024-01-01-t.md", "/assets/a.png"), local("assets/a.png"));
    assert_eq!(found(&jekyll, "_posts/2024-01-01-t.md", "../assets/a.png"), local("assets/a.png"), "beside the post");
    assert_eq!(found(&jekyll, "_posts/2024-01-01-t.md", "/assets/a%2Epng"), local("assets/a.png"), "percent-decoded");
    let plain: Vec<(&str, &[u8])> = vec![("notes/t.md", POST), ("notes/pics/a.png", QUAD)];
    assert_eq!(found(&plain, "notes/t.md", "pics/a.png"), local("notes/pics/a.png"));
    assert_eq!(found(&plain, "notes/t.md", "/notes/pics/a.png"), local("notes/pics/a.png"));
}

#[test]
fn remote_urls_are_never_fetched_and_paths_outside_the_blog_are_not_read() {
    let plain: Vec<(&str, &[u8])> = vec![("t.md", POST)];
    for url in ["https://example.com/a.png", "http://x/a.png", "//cdn.example/a.png", "data:image/png;base64,AAAA"] {
        assert_eq!(found(&plain, "t.md", url), Source::Remote, "{url}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let outside = write(dir.path(), "outside.png", QUAD);
    let blog = dir.path().join("blog");
    write(&blog, "t.md", POST);
    let site = Site::open(&blog);
    let post = post_at(&site, &blog.join("t.md"));
    assert!(matches!(resolve(&site, &post, "../outside.png"), Source::Missing(_)), "{} is outside the blog", outside.display());
}

/// What the image lane answers for `url` in a one-post plain blog holding `files`.
fn shown(files: &[(&str, &[u8])], url: &str) -> Shown {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, bytes) in files {
        write(dir.path(), rel, bytes);
    }
    let site = Site::open(dir.path());
    let post = post_at(&site, &write(dir.path(), "t.md", POST));
    let key = Key { post: post.path.clone(), url: url.into(), width: 40, graphics: Graphics::HALFBLOCKS };
    quire::images::load(&site, &post, &key).shown
}

fn reason(shown: Shown) -> String {
    match shown {
        Shown::Placeholder(why) => why,
        Shown::Picture(p) => panic!("expected a placeholder, got a picture of {:?}", p.size),
    }
}

#[test]
fn jpeg_webp_and_gif_decode_and_a_gif_shows_its_first_frame() {
    use image::GenericImageView;
    for (name, bytes) in [("jpeg", JPEG), ("webp", WEBP), ("gif", GIF)] {
        let picture = decode::decode(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(picture.dimensions(), (12, 6), "{name}");
        assert!(matches!(shown(&[("a.img", bytes)], "a.img"), Shown::Picture(_)), "{name} is drawn, whatever its file name says");
    }
    let first = decode::decode(GIF).expect("gif").to_rgb8();
    let [r, g, b] = first.get_pixel(0, 0).0;
    assert!(r > 200 && g < 50 && b < 50, "the first frame (red), not the second: {r},{g},{b}");
}

/// A PNG header claiming `width`×`height`, with no pixels behind it.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d".to_vec();
    bytes.extend(&ihdr);
    bytes.extend(crc32(&ihdr).to_be_bytes());
    // An empty IDAT: decoders read the header up to the first data chunk.
    bytes.extend(b"\x00\x00\x00\x00IDAT");
    bytes.extend(crc32(b"IDAT").to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn placeholders_say_why_missing_remote_oversized_and_corrupt_images_are_not_shown() {
    assert!(matches!(shown(&[("a.png", QUAD)], "a.png"), Shown::Picture(_)));
    assert_eq!(reason(shown(&[], "https://example.com/a.png")), "remote, not fetched");
    assert_eq!(reason(shown(&[], "gone.png")), "no file gone.png in the blog");
    assert_eq!(reason(shown(&[("big.png", &png_header(10_000, 8_000))], "big.png")), "10000×8000 is over the 50 megapixel limit");
    assert!(reason(shown(&[("cut.png", &QUAD[..QUAD.len() - 20])], "cut.png")).starts_with("the image is damaged"), "truncated");
    assert_eq!(reason(shown(&[("text.png", b"not a picture at all")], "text.png")), "not a PNG, JPEG, GIF or WebP image");
    assert_eq!(reason(shown(&[("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")], "a.svg")), "not a PNG, JPEG, GIF or WebP image");
}

#[test]
fn a_file_over_the_size_cap_is_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "huge.png", QUAD);
    std::fs::OpenOptions::new().write(true).open(&path).expect("open").set_len(decode::MAX_BYTES + 1).expect("grow (sparse)");
    let err = decode::decode_file(&path).expect_err("refused");
    assert_eq!(err.to_string(), format!("the file is {}, over the 20 MiB limit", quire::post::human_size(decode::MAX_BYTES + 1)));
}

#[cfg(unix)]
#[test]
fn a_fifo_named_as_an_image_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.png");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(decode::decode_file(&fifo).map(|_| ()).map_err(|e| e.to_string())));
    let answer = rx.recv_timeout(std::time::Duration::from_secs(5)).expect("answered without blocking");
    assert_eq!(answer, Err("not a regular file (a FIFO)".to_string()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Damaged copies of real images (bytes changed, cut short) decode or fail, never panic.
    #[test]
    fn corrupt_images_never_panic(
        which in 0..5usize,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = [QUAD, GRADIENT, JPEG, WEBP, GIF][which].to_vec();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        if let Ok(picture) = decode::decode(&bytes) {
            for protocol in [Protocol::Halfblocks, Protocol::Kitty, Protocol::Sixel, Protocol::Iterm2] {
                let graphics = Graphics { protocol, cell: (2, 4), tmux: false };
                prop_assert!(quire::images::prepare(&picture, 10, &graphics, 7).is_ok());
            }
        }
    }

    /// Random bytes behind a PNG signature and header.
    #[test]
    fn random_data_after_a_png_header_never_panics(w in 0u32..5000, h in 0u32..5000, tail in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = png_header(w, h);
        bytes.extend(tail);
        let _ = decode::decode(&bytes);
    }
}

/// What a terminal backend wrote, readable while the terminal keeps writing into it.
#[derive(Clone, Default)]
struct Written(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Written {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Written {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().expect("lock"))
    }
}

/// A terminal of a fixed size writing into `written`.
fn fixed_terminal(written: &Written, width: u16, height: u16) -> ratatui::Terminal<ratatui::backend::CrosstermBackend<Written>> {
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height));
    ratatui::Terminal::with_options(ratatui::backend::CrosstermBackend::new(written.clone()), ratatui::TerminalOptions { viewport })
        .expect("terminal")
}

/// The escapes a picture writes when drawn at the top left of a terminal.
fn drawn_bytes(protocol: Protocol) -> String {
    use ratatui_image::sliced::{SignedPosition, SlicedImage};
    let picture = decode::decode(QUAD).expect("decodes");
    let graphics = Graphics { protocol, cell: (2, 4), tmux: false };
    let prepared = quire::images::prepare(&picture, 10, &graphics, 0x0102_0304).expect("prepares");
    assert_eq!((prepared.size.width, prepared.size.height), (2, 1), "4×4 pixels at 2×4 a cell, natural size");
    let written = Written::default();
    let mut terminal = fixed_terminal(&written, 4, 2);
    written.take();
    terminal.draw(|f| f.render_widget(SlicedImage::new(&prepared.protocol, SignedPosition { x: 0, y: 0 }), f.area())).expect("draw");
    String::from_utf8(written.take()).expect("utf-8").escape_debug().to_string()
}

#[test]
fn a_small_png_as_kitty_and_sixel_escapes() {
    insta::assert_snapshot!("kitty", drawn_bytes(Protocol::Kitty));
    insta::assert_snapshot!("sixel", drawn_bytes(Protocol::Sixel));
}

/// A blog with one post showing `gradient.png` between two paragraphs, and one without images.
fn picture_blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "images/gradient.png", GRADIENT);
    let body = "Above the picture.\n\n![A gradient](/images/gradient.png)\n\n".to_string() + &"Line of text.\n\n".repeat(20);
    write(dir.path(), "a.md", format!("---\ntitle: Pictures\ndate: 2024-02-01\n---\n{body}").as_bytes());
    write(dir.path(), "b.md", b"---\ntitle: Words\ndate: 2024-01-01\n---\nOnly words here.\n");
    dir
}

fn app_with_images(dir: &Path, width: u16, height: u16) -> App {
    let graphics = Some(Graphics { protocol: Protocol::Halfblocks, cell: (1, 2), tmux: false });
    let mut app = App::new(dir.to_path_buf(), Options { graphics, ..Options::default() });
    support::drive(&mut app, Action::Resize(width, height));
    support::drive(&mut app, Action::Loaded(Library::open(dir)));
    app
}

#[test]
fn a_half_block_picture_shows_in_the_reading_pane_with_its_alt_text_under_it() {
    let dir = picture_blog();
    let app = app_with_images(dir.path(), 110, 20);
    let rendered = app.reader().rendered.as_ref().expect("rendered");
    let image = rendered.images.first().expect("an image");
    assert_eq!(image.rows, 3, "8×6 pixels at 1×2 a cell: 8 columns, 3 rows");
    let name = dir.path().file_name().expect("name").to_string_lossy().into_owned();
    insta::assert_snapshot!("halfblocks", support::screen(&app).replace(&name, "blog"));
}

#[test]
fn images_off_keep_the_placeholder_line() {
    let dir = picture_blog();
    let app = support::app_for(dir.path(), 110, 20);
    let screen = support::screen(&app);
    assert!(screen.contains("[image: A gradient] /images/gradient.png"), "{screen}");
    assert!(!screen.contains('▀') && !screen.contains('▄'), "{screen}");
}

/// Cells of the vt100 screen holding half-block characters.
fn picture_cells(screen: &vt100::Screen) -> usize {
    let (rows, cols) = screen.size();
    (0..rows)
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .filter(|&(r, c)| screen.cell(r, c).is_some_and(|cell| matches!(cell.contents(), "▀" | "▄")))
        .count()
}

#[test]
fn scrolling_resizing_switching_posts_and_popups_leave_no_stale_picture() {
    let dir = picture_blog();
    let mut app = app_with_images(dir.path(), 110, 20);
    let theme = quire::theme::Theme::default();
    let written = Written::default();
    let mut terminal = fixed_terminal(&written, 110, 20);
    let mut parser = vt100::Parser::new(20, 110, 0);
    let frame = |app: &App, terminal: &mut ratatui::Terminal<ratatui::backend::CrosstermBackend<Written>>, parser: &mut vt100::Parser| {
        terminal.draw(|f| quire::ui::draw(f, app, &theme.ui)).expect("draw");
        parser.process(&written.take());
        picture_cells(parser.screen())
    };
    let full = frame(&app, &mut terminal, &mut parser);
    assert!(full > 0, "the picture is drawn:\n{}", parser.screen().contents());
    support::keys(&mut app, "<enter>");
    let rows = app.reader().rendered.as_ref().map_or(0, |r| r.images[0].line);
    // Scrolled so the picture's top row is off the pane: only its lower rows remain.
    support::keys(&mut app, &"j".repeat(rows + 1));
    let part = frame(&app, &mut terminal, &mut parser);
    assert!(part > 0 && part < full, "partly scrolled off: {part} of {full} cells");
    support::keys(&mut app, &"j".repeat(10));
    assert_eq!(frame(&app, &mut terminal, &mut parser), 0, "scrolled away:\n{}", parser.screen().contents());
    support::keys(&mut app, "gg");
    assert_eq!(frame(&app, &mut terminal, &mut parser), full, "back at the top");
    support::keys(&mut app, "?");
    assert!(app.overlay().is_some(), "help is open");
    assert_eq!(frame(&app, &mut terminal, &mut parser), 0, "no picture under or beside a popup:\n{}", parser.screen().contents());
    support::keys(&mut app, "<esc><esc>");
    assert_eq!(frame(&app, &mut terminal, &mut parser), full);
    // Another post: its words replace the picture.
    assert_eq!(app.screen().focus(), quire::app::Focus::List, "Esc went back to the list");
    support::keys(&mut app, "<down>");
    assert_eq!(app.selected_post().map(|p| p.title.clone()).as_deref(), Some("Words"));
    assert_eq!(frame(&app, &mut terminal, &mut parser), 0, "switched posts:\n{}", parser.screen().contents());
    // Back, then narrower and shorter: drawn again at the new size, nothing left of the old one.
    support::keys(&mut app, "<up>");
    frame(&app, &mut terminal, &mut parser);
    let mut terminal = fixed_terminal(&written, 90, 12);
    parser.screen_mut().set_size(12, 90);
    support::drive(&mut app, Action::Resize(90, 12));
    let after = frame(&app, &mut terminal, &mut parser);
    let image = &app.reader().rendered.as_ref().expect("rendered").images[0];
    assert!(after > 0 && after <= usize::from(image.rows) * 8, "one picture's cells at most: {after}");
}

#[test]
fn half_block_colours_follow_the_terminal_colour_depth() {
    use ratatui::style::Color;
    let dir = picture_blog();
    let graphics = Some(Graphics { protocol: Protocol::Halfblocks, cell: (1, 2), tmux: false });
    let depth = quire::color::ColorDepth::Ansi256;
    let mut app = App::new(dir.path().to_path_buf(), Options { graphics, depth, ..Options::default() });
    support::drive(&mut app, Action::Resize(110, 20));
    support::drive(&mut app, Action::Loaded(Library::open(dir.path())));
    let theme = quire::theme::Theme::default();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(110, 20)).expect("terminal");
    terminal.draw(|f| quire::ui::draw(f, &app, &theme.ui)).expect("draw");
    let buffer = terminal.backend().buffer();
    let cells: Vec<_> = buffer.content().iter().filter(|c| matches!(c.symbol(), "▀" | "▄")).collect();
    assert!(!cells.is_empty(), "the picture is drawn");
    assert!(
        cells.iter().all(|c| !matches!(c.fg, Color::Rgb(..)) && !matches!(c.bg, Color::Rgb(..))),
        "no truecolor in a 256-colour terminal"
    );
}

/// Feeds the watcher's batches to `app` until its screen satisfies `done` (or fails at a deadline).
fn watch_until(app: &mut App, events: &std::sync::mpsc::Receiver<quire::watch::WatchEvent>, what: &str, done: impl Fn(&str) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let screen = support::screen(app);
        if done(&screen) {
            return;
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match events.recv_timeout(left) {
            Ok(quire::watch::WatchEvent::Changes(changes)) => {
                support::drive(app, Action::FilesChanged(changes));
            }
            Ok(quire::watch::WatchEvent::Error(trouble)) => panic!("watching failed: {trouble}"),
            Err(_) => panic!("timed out waiting for {what}; the screen:\n{screen}"),
        }
    }
}

/// Rows the picture takes on screen: the lines between the text above and below it, less the
/// blank lines around its block and its caption (a placeholder line takes none).
fn picture_rows(screen: &str) -> usize {
    let lines: Vec<&str> = screen.lines().collect();
    let at = |text: &str| lines.iter().position(|l| l.contains(text)).unwrap_or_else(|| panic!("no {text:?} in\n{screen}"));
    (at("Below the picture.") - at("Above the picture.")).saturating_sub(4)
}

/// Lines of the screen holding half-block characters.
fn half_block_lines(screen: &str) -> usize {
    screen.lines().filter(|l| l.contains('▀') || l.contains('▄')).count()
}

#[test]
fn a_picture_follows_its_file_being_created_replaced_and_deleted_while_the_post_is_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    let body = "Above the picture.\n\n![A sea](/images/sea.png)\n\nBelow the picture.\n";
    write(&blog, "a.md", format!("---\ntitle: Pictures\ndate: 2024-02-01\n---\n{body}").as_bytes());
    let (tx, events) = std::sync::mpsc::channel();
    let _watcher = quire::watch::Watcher::start(&blog, quire::watch::DEFAULT_DEBOUNCE, move |e| {
        let _ = tx.send(e);
    })
    .expect("watch");
    let mut app = app_with_images(&blog, 110, 20);
    let screen = support::screen(&app);
    assert!(screen.contains("[image: A sea] /images/sea.png (no file /images/sea.png in the"), "{screen}");
    assert_eq!(picture_rows(&screen), 0, "{screen}");

    // Created: the placeholder becomes the picture (8×6 pixels: 3 rows at 1×2 a cell).
    write(&blog, "images/sea.png", GRADIENT);
    watch_until(&mut app, &events, "the new picture", |s| picture_rows(s) == 3);
    let screen = support::screen(&app);
    assert!(!screen.contains("no file") && half_block_lines(&screen) == 3, "{screen}");
    assert!(screen.contains("A sea") && screen.contains("Below the picture."), "{screen}");

    // Replaced by a smaller picture (4×4 pixels: 2 rows), the way editors save: a temp file renamed over it.
    write(&blog, "images/sea.png.tmp", QUAD);
    std::fs::rename(blog.join("images/sea.png.tmp"), blog.join("images/sea.png")).expect("rename");
    watch_until(&mut app, &events, "the replaced picture", |s| picture_rows(s) == 2);

    // Saved over with broken bytes: the placeholder says why.
    std::fs::write(blog.join("images/sea.png"), &GRADIENT[..40]).expect("truncate");
    watch_until(&mut app, &events, "the damaged picture's placeholder", |s| picture_rows(s) == 0);
    let screen = support::screen(&app);
    assert!(screen.contains("[image: A sea] /images/sea.png (") && half_block_lines(&screen) == 0, "{screen}");

    // Good again, then deleted: back to "no file".
    std::fs::write(blog.join("images/sea.png"), GRADIENT).expect("write");
    watch_until(&mut app, &events, "the picture again", |s| picture_rows(s) == 3);
    std::fs::remove_file(blog.join("images/sea.png")).expect("delete");
    watch_until(&mut app, &events, "the placeholder of a deleted picture", |s| s.contains("(no file /images/sea.png in the"));
    assert_eq!(half_block_lines(&support::screen(&app)), 0);
}

#[test]
fn an_answer_read_before_its_file_changed_is_dropped_and_the_picture_asked_for_again() {
    use quire::library::Change;
    let dir = tempfile::tempdir().expect("temp dir");
    let body = "Above the picture.\n\n![A sea](/images/sea.png)\n\nBelow the picture.\n";
    write(dir.path(), "a.md", format!("---\ntitle: Pictures\ndate: 2024-02-01\n---\n{body}").as_bytes());
    let mut app = app_with_images(dir.path(), 110, 20);
    assert!(support::screen(&app).contains("(no file /images/sea.png"));
    let file = write(dir.path(), "images/sea.png", GRADIENT);
    app.update(Action::FilesChanged(vec![Change::Written(file.clone())]));
    let [early] = <[_; 1]>::try_from(app.take_image_jobs()).expect("the picture is asked for once");
    let early_answer = early.run();
    // Saved again while that answer was on its way.
    std::fs::write(&file, QUAD).expect("write");
    app.update(Action::FilesChanged(vec![Change::Written(file)]));
    assert!(app.take_image_jobs().is_empty(), "already asked for: asked again once the old answer is in");
    app.update(Action::Image(early.key, early_answer));
    let screen = support::screen(&app);
    assert_eq!((picture_rows(&screen), half_block_lines(&screen)), (0, 0), "the old picture is not shown:\n{screen}");
    let [again] = <[_; 1]>::try_from(app.take_image_jobs()).expect("asked for again");
    app.update(Action::Image(again.key.clone(), again.run()));
    assert_eq!(picture_rows(&support::screen(&app)), 2, "the picture as saved last (4×4 pixels)");
}

#[test]
fn a_hugo_picture_under_static_follows_its_file_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    write(&blog, "hugo.toml", b"title = 'x'\n");
    let body = "Above the picture.\n\n![A sea](/images/sea.png)\n\nBelow the picture.\n";
    write(&blog, "content/posts/note.md", format!("---\ntitle: Pictures\ndate: 2024-02-01\n---\n{body}").as_bytes());
    std::fs::create_dir_all(blog.join("static")).expect("mkdir");
    let (tx, events) = std::sync::mpsc::channel();
    let _watcher = quire::watch::Watcher::start(&blog, quire::watch::DEFAULT_DEBOUNCE, move |e| {
        let _ = tx.send(e);
    })
    .expect("watch");
    let mut app = app_with_images(&blog, 110, 20);
    assert!(support::screen(&app).contains("(no file /images/sea.png"));
    // static/ is outside content/, the folder of posts: its pictures are watched all the same.
    write(&blog, "static/images/sea.png", GRADIENT);
    watch_until(&mut app, &events, "the picture from static/", |s| picture_rows(s) == 3);
    std::fs::remove_file(blog.join("static/images/sea.png")).expect("delete");
    watch_until(&mut app, &events, "the placeholder again", |s| s.contains("(no file /images/sea.png"));
}
