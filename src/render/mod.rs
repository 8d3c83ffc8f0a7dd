//! Markdown -> ratatui `Text` for a given width.

pub mod style;

pub use style::RenderStyles;
