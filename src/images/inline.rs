//! Pictures in `quire render`'s output on a terminal: each image block of the rendering is
//! replaced by the picture's escape sequence over rows kept free for it, as mdcat does. Only
//! called for a terminal that speaks a graphics protocol: a pipe never gets image escapes.

use std::fmt::Write;
use std::path::Path;

use ratatui::layout::Size;
use ratatui_image::protocol::iterm2::Iterm2;
use ratatui_image::protocol::sixel::Sixel;
use ratatui_image::{FontSize, Resize};

use super::{Graphics, ImageRef, Protocol, Shown, decode, resolve};
use crate::render::Rendered;

/// The site a lone Markdown file belongs to: the nearest folder above it that a generator's
/// config marks as a site root, else the file's own folder.
pub fn site_of(file: &Path) -> crate::site::Site {
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    for dir in folder.ancestors().take(8) {
        let site = crate::site::Site::open(dir);
        if site.generator() != crate::site::Generator::Plain {
            return site;
        }
    }
    crate::site::Site::open(&folder)
}

/// A picture ready to print: its rows and the escape sequence that draws it from the cursor.
struct Printed {
    rows: u16,
    escapes: String,
}

/// The escapes drawing `picture` over `size` cells at the cursor, leaving the cursor there.
fn escapes(picture: &image::DynamicImage, size: Size, graphics: &Graphics) -> Result<String, decode::Problem> {
    let font = FontSize::new(graphics.cell.0.max(1), graphics.cell.1.max(1));
    let scaled = Resize::Fit(Some(image::imageops::FilterType::Triangle)).resize(picture, font, size, None);
    let failed = |e: ratatui_image::errors::Errors| decode::Problem::Damaged(crate::text::one_line(&e.to_string()));
    Ok(match graphics.protocol {
        Protocol::Sixel => Sixel::new(scaled, size, graphics.tmux).map_err(failed)?.data,
        Protocol::Iterm2 => Iterm2::new(scaled, size, graphics.tmux).map_err(failed)?.data,
        Protocol::Kitty | Protocol::Halfblocks => kitty(&scaled, size, graphics.tmux)?,
    })
}

/// kitty's graphics protocol: a PNG sent in chunks, shown over `size` cells, cursor not moved.
fn kitty(picture: &image::DynamicImage, size: Size, tmux: bool) -> Result<String, decode::Problem> {
    use base64::Engine as _;
    let mut png = Vec::new();
    picture
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| decode::Problem::Damaged(crate::text::one_line(&e.to_string())))?;
    let data = base64::engine::general_purpose::STANDARD.encode(&png);
    let chunks: Vec<&[u8]> = data.as_bytes().chunks(4096).collect();
    let mut out = String::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let more = u8::from(i + 1 < chunks.len());
        let keys = if i == 0 { format!("a=T,f=100,t=d,q=2,C=1,c={},r={},m={more}", size.width, size.height) } else { format!("m={more}") };
        let chunk = std::str::from_utf8(chunk).unwrap_or_default();
        let command = format!("\x1b_G{keys};{chunk}\x1b\\");
        if tmux {
            let _ = write!(out, "\x1bPtmux;{}\x1b\\", command.replace('\x1b', "\x1b\x1b"));
        } else {
            out.push_str(&command);
        }
    }
    Ok(out)
}

/// `rendered` with room for the pictures of `post` (at most `width` columns), and the output of
/// [`crate::render::ansi::to_ansi`] for it with each picture drawn over its rows.
pub fn with_pictures(
    rendered: &Rendered,
    post: &crate::post::Post,
    width: u16,
    graphics: &Graphics,
    styles: &crate::render::RenderStyles,
    to_text: impl Fn(&Rendered) -> String,
) -> String {
    let site = site_of(&post.path);
    let prepared: Vec<Result<(Printed, Size), String>> = rendered
        .images
        .iter()
        .map(|image| {
            let room = width.saturating_sub(super::indent_of(rendered, image)).max(1);
            let path = match resolve::resolve(&site, post, &image.url) {
                resolve::Source::Local(path) => path,
                resolve::Source::Remote => return Err("remote, not fetched".to_string()),
                resolve::Source::Missing(why) => return Err(why),
            };
            let picture = decode::decode_file(&path).map_err(|p| p.to_string())?;
            let size = super::cells_for(&picture, room, graphics);
            let escapes = escapes(&picture, size, graphics).map_err(|p| p.to_string())?;
            Ok((Printed { rows: size.height, escapes }, size))
        })
        .collect();
    // Placing needs only each picture's size: a half-block stand-in of it carries that.
    let shown = |i: usize, _: &ImageRef| -> Option<Shown> {
        Some(match &prepared[i] {
            Ok((_, size)) => Shown::Picture(std::sync::Arc::new(super::Prepared {
                protocol: ratatui_image::sliced::SlicedProtocol::Sliced(Vec::new()),
                size: *size,
            })),
            Err(why) => Shown::Placeholder(why.clone()),
        })
    };
    let placed = super::place(rendered, width, shown, styles);
    let text = to_text(&placed);
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n').enumerate().peekable();
    let starts: Vec<(usize, &Printed)> =
        placed.images.iter().zip(&prepared).filter_map(|(im, p)| p.as_ref().ok().map(|(printed, _)| (im.line, printed))).collect();
    let mut starts = starts.into_iter().peekable();
    while let Some((index, line)) = lines.next() {
        let Some((_, printed)) = starts.next_if(|(at, _)| *at == index) else {
            out.push_str(line);
            continue;
        };
        // Keep the rows (scrolling the terminal if need be), go back to their top, draw, and come
        // back below them: the same for protocols that move the cursor and those that do not.
        let rows = printed.rows;
        out.push_str(&"\n".repeat(usize::from(rows)));
        let _ = write!(out, "\x1b[{rows}A\r\x1b7{}\x1b8\x1b[{rows}B\r", printed.escapes);
        for _ in 1..rows {
            lines.next();
        }
    }
    out
}
