//! Code blocks in each bundled theme: the `ansi16` theme's code must paint with the terminal's own
//! palette (bat's "ansi" theme), never with near-black RGB that would vanish on a dark terminal.

use quire::render::{RenderOptions, render_markdown};
use quire::theme;
use ratatui::style::Color;

const CODE: &str = "```rust\nfn main() {\n    let answer = 42; // the answer\n    println!(\"{answer}\");\n}\n```\n";

/// The foreground colors of the code block's spans.
fn code_colors(theme_name: &str) -> Vec<Color> {
    let theme = theme::load(theme_name, None).unwrap_or_else(|e| panic!("{e}"));
    let rendered = render_markdown(CODE, &RenderOptions { width: 60, styles: &theme.render });
    rendered
        .text
        .lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| s.content.contains("answer") || s.content.contains("fn"))
        .filter_map(|s| s.style.fg)
        .collect()
}

#[test]
fn the_ansi16_theme_highlights_code_with_palette_colors_only() {
    let colors = code_colors("ansi16");
    assert!(!colors.is_empty(), "the code block has colored spans");
    let rgb: Vec<&Color> = colors.iter().filter(|c| matches!(c, Color::Rgb(..))).collect();
    assert!(rgb.is_empty(), "bat's ansi theme must map to palette colors, got {rgb:?}");
}

#[test]
fn truecolor_themes_highlight_code_in_rgb() {
    for name in ["dark", "light", "high-contrast"] {
        let colors = code_colors(name);
        assert!(colors.iter().any(|c| matches!(c, Color::Rgb(..))), "{name}: {colors:?}");
    }
}
