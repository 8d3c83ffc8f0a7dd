//! Reading and decoding an image file, refusing what would cost too much: a file over
//! [`MAX_BYTES`], a picture over [`MAX_PIXELS`]. Only PNG, JPEG, GIF (its first frame) and WebP
//! are decoded. Every failure is a [`Problem`] that says why; none panics or waits.

use std::io::Cursor;
use std::path::Path;

use image::DynamicImage;

/// The largest image file read.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// The largest picture decoded, in pixels (a 50-megapixel photo is 200 MB as RGBA).
pub const MAX_PIXELS: u64 = 50_000_000;
/// What the decoders may allocate beyond the picture itself.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// Why an image is not shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The file could not be read (missing, a FIFO, a device, unreadable).
    #[error("{0}")]
    Unreadable(String),
    /// The file is over [`MAX_BYTES`].
    #[error("the file is {size}, over the {} limit", crate::post::human_size(MAX_BYTES))]
    TooBig {
        /// Its size, human readable.
        size: String,
    },
    /// The picture is over [`MAX_PIXELS`].
    #[error("{width}×{height} is over the {} megapixel limit", MAX_PIXELS / 1_000_000)]
    TooManyPixels {
        /// Pixels across.
        width: u32,
        /// Pixels down.
        height: u32,
    },
    /// Not one of the formats quire decodes.
    #[error("not a PNG, JPEG, GIF or WebP image")]
    Format,
    /// The data is broken or truncated.
    #[error("the image is damaged: {0}")]
    Damaged(String),
}

/// Reads and decodes the image at `path`, through [`crate::file::open`] (FIFOs never block).
pub fn decode_file(path: &Path) -> Result<DynamicImage, Problem> {
    let bytes = crate::file::read(path, MAX_BYTES).map_err(|err| match err {
        crate::file::ReadError::TooBig { size, .. } => Problem::TooBig { size: crate::post::human_size(size) },
        crate::file::ReadError::Grew => Problem::TooBig { size: format!("over {}", crate::post::human_size(MAX_BYTES)) },
        other => Problem::Unreadable(other.to_string()),
    })?;
    decode(&bytes)
}

/// Decodes an image held in memory.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Problem> {
    let reader = || image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| Problem::Damaged(one_line(&e)));
    let probe = reader()?;
    if probe.format().is_none() {
        return Err(Problem::Format);
    }
    // The header first: a tiny file may claim a huge picture, and that must not be allocated.
    let (width, height) = probe.into_dimensions().map_err(damaged)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Problem::TooManyPixels { width, height });
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width.max(1));
    limits.max_image_height = Some(height.max(1));
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = reader()?;
    reader.limits(limits);
    let picture = reader.decode().map_err(damaged)?;
    if picture.width() == 0 || picture.height() == 0 {
        return Err(Problem::Damaged("it has no pixels".into()));
    }
    Ok(picture)
}

fn damaged(err: image::ImageError) -> Problem {
    match err {
        image::ImageError::Unsupported(_) => Problem::Format,
        image::ImageError::Limits(_) => Problem::Damaged("it needs more memory than its size says".into()),
        other => Problem::Damaged(one_line(&other)),
    }
}

fn one_line(err: &dyn std::fmt::Display) -> String {
    crate::text::one_line(&err.to_string())
}
