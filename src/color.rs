//! Color depth: detect what the terminal can show, and bring truecolor styles down to it.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;

/// TERM values of terminals that always show 24-bit color.
const TRUECOLOR_TERMS: &[&str] = &["xterm-kitty", "xterm-ghostty", "alacritty", "wezterm", "foot", "contour"];

/// How many colors the output can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColorDepth {
    /// 24-bit RGB.
    TrueColor,
    /// The xterm 256-color palette.
    Ansi256,
    /// The terminal's own 16 colors.
    Ansi16,
    /// No color at all; bold, underline and reverse remain.
    None,
}

impl ColorDepth {
    /// Reads `NO_COLOR`, `COLORTERM` and `TERM` the way most terminal tools do.
    pub fn detect() -> Self {
        Self::from_env(|k| std::env::var(k).ok())
    }

    /// [`ColorDepth::detect`] over any variable source, for tests.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Self {
        if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        let colorterm = var("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorDepth::TrueColor;
        }
        let term = var("TERM").unwrap_or_default().to_ascii_lowercase();
        if term == "dumb" {
            ColorDepth::None
        } else if term.ends_with("-direct")
            || term.contains("truecolor")
            || term.contains("24bit")
            || TRUECOLOR_TERMS.contains(&term.as_str())
        {
            // TERM travels over SSH where COLORTERM usually does not, so it is worth reading for truecolor.
            ColorDepth::TrueColor
        } else if term.contains("256color") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }

    /// A color as this depth can show it (`None` means: leave it to the terminal default).
    pub fn adapt_color(self, color: Color) -> Option<Color> {
        match (self, color) {
            (ColorDepth::None, _) => None,
            (_, Color::Reset) => Some(Color::Reset),
            (ColorDepth::TrueColor, c) => Some(c),
            (ColorDepth::Ansi256, Color::Rgb(r, g, b)) => Some(Color::Indexed(rgb_to_256(r, g, b))),
            (ColorDepth::Ansi256, c) => Some(c),
            (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => Some(rgb_to_16(r, g, b)),
            (ColorDepth::Ansi16, Color::Indexed(i)) => {
                let (r, g, b) = indexed_to_rgb(i);
                Some(rgb_to_16(r, g, b))
            }
            (ColorDepth::Ansi16, c) => Some(c),
        }
    }

    /// A style as this depth can show it. Without color, a background becomes reverse video
    /// so highlights (selection, search matches) stay visible.
    pub fn adapt_style(self, style: Style) -> Style {
        if self == ColorDepth::TrueColor {
            return style;
        }
        let had_bg = style.bg.is_some_and(|c| c != Color::Reset);
        let mut out = style;
        out.fg = style.fg.and_then(|c| self.adapt_color(c));
        out.bg = style.bg.and_then(|c| self.adapt_color(c));
        if self == ColorDepth::None && had_bg {
            out = out.add_modifier(Modifier::REVERSED);
        }
        out
    }

    /// Brings every color of a rendered text to this depth without adding emphasis: for text
    /// painted with an already adapted theme, where only the code highlighter's colors remain
    /// (without color, a code block's background is dropped, not turned into reverse video).
    pub fn adapt_text_colors(self, text: &mut Text<'_>) {
        if self == ColorDepth::TrueColor {
            return;
        }
        let adapt = |style: &mut Style| {
            style.fg = style.fg.and_then(|c| self.adapt_color(c));
            style.bg = style.bg.and_then(|c| self.adapt_color(c));
        };
        adapt(&mut text.style);
        for line in &mut text.lines {
            adapt(&mut line.style);
            line.spans.iter_mut().for_each(|span| adapt(&mut span.style));
        }
    }

    /// Adapts every span of a rendered text in place.
    pub fn adapt_text(self, text: &mut Text<'_>) {
        if self == ColorDepth::TrueColor {
            return;
        }
        text.style = self.adapt_style(text.style);
        for line in &mut text.lines {
            line.style = self.adapt_style(line.style);
            for span in &mut line.spans {
                span.style = self.adapt_style(span.style);
            }
        }
    }
}

/// A syntect theme color as a terminal color, following bat's convention for palette themes (its
/// `ansi`, `base16` and `base16-256` themes): alpha 0 means "palette entry `r`", alpha 1 means "the
/// terminal's default color" (`None`); anything else is RGB.
pub fn from_syntect(color: syntect::highlighting::Color) -> Option<Color> {
    match color.a {
        0 if usize::from(color.r) < ANSI16.len() => Some(ANSI16[usize::from(color.r)].0),
        0 => Some(Color::Indexed(color.r)),
        1 => None,
        _ => Some(Color::Rgb(color.r, color.g, color.b)),
    }
}

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn nearest_cube(v: u8) -> usize {
    CUBE.iter().enumerate().min_by_key(|(_, c)| (i32::from(**c) - i32::from(v)).abs()).map_or(0, |(i, _)| i)
}

fn dist(a: (u8, u8, u8), b: (u8, u8, u8)) -> i32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The nearest xterm-256 index: best of the 6x6x6 cube and the grey ramp.
pub fn rgb_to_256(r: u8, g: u8, b: u8) -> u8 {
    let (ri, gi, bi) = (nearest_cube(r), nearest_cube(g), nearest_cube(b));
    let cube = (CUBE[ri], CUBE[gi], CUBE[bi]);
    let avg = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let grey_i = if avg < 8 { 0 } else { ((avg - 8) / 10).min(23) as u8 };
    let grey_v = 8 + 10 * grey_i;
    if dist((r, g, b), (grey_v, grey_v, grey_v)) < dist((r, g, b), cube) { 232 + grey_i } else { 16 + (36 * ri + 6 * gi + bi) as u8 }
}

/// The typical RGB of each of the 16 ANSI colors (xterm defaults).
const ANSI16: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// Below this spread between the strongest and weakest channel a color reads as a grey.
const GREY_CHROMA: u8 = 70;
/// From this strongest channel up a hue maps to the bright variant.
const BRIGHT_MAX: u8 = 240;
/// Lightness bounds of black, bright black and white among greys; lighter is bright white.
const GREY_STEPS: [u8; 3] = [60, 160, 235];

/// The ANSI color closest in hue. Nearest-by-distance would send every pastel (a theme's typical
/// accents) to white or grey; matching the hue keeps cyan cyan and purple magenta at 16 colors.
pub fn rgb_to_16(r: u8, g: u8, b: u8) -> Color {
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    if max - min < GREY_CHROMA {
        let lightness = ((u16::from(max) + u16::from(min)) / 2) as u8;
        return match GREY_STEPS.iter().position(|step| lightness < *step) {
            Some(0) => Color::Black,
            Some(1) => Color::DarkGray,
            Some(_) => Color::Gray,
            None => Color::White,
        };
    }
    let bright = max >= BRIGHT_MAX;
    let pick = |normal, light| if bright { light } else { normal };
    match hue(r, g, b) {
        h if !(20..330).contains(&h) => pick(Color::Red, Color::LightRed),
        // A dark orange or brown (light themes' "yellow") is unreadable as yellow on white.
        20..=44 => pick(Color::Red, Color::LightYellow),
        45..=69 => pick(Color::Yellow, Color::LightYellow),
        70..=159 => pick(Color::Green, Color::LightGreen),
        160..=199 => pick(Color::Cyan, Color::LightCyan),
        200..=259 => pick(Color::Blue, Color::LightBlue),
        _ => pick(Color::Magenta, Color::LightMagenta),
    }
}

/// The hue in degrees, 0-359.
fn hue(r: u8, g: u8, b: u8) -> u16 {
    let (r, g, b) = (f32::from(r), f32::from(g), f32::from(b));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let chroma = max - min;
    if chroma == 0.0 {
        return 0;
    }
    let sector = if max == r {
        ((g - b) / chroma).rem_euclid(6.0)
    } else if max == g {
        (b - r) / chroma + 2.0
    } else {
        (r - g) / chroma + 4.0
    };
    ((sector * 60.0).round() as u16) % 360
}

fn indexed_to_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16[usize::from(i)].1,
        16..=231 => {
            let i = usize::from(i - 16);
            (CUBE[i / 36], CUBE[(i / 6) % 6], CUBE[i % 6])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::{Line, Span};

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn no_color_wins_over_everything() {
        let depth = ColorDepth::from_env(env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")]));
        assert_eq!(depth, ColorDepth::None);
    }

    #[test]
    fn depth_follows_colorterm_then_term() {
        assert_eq!(ColorDepth::from_env(env(&[("COLORTERM", "24bit")])), ColorDepth::TrueColor);
        assert_eq!(ColorDepth::from_env(env(&[("TERM", "tmux-256color")])), ColorDepth::Ansi256);
        assert_eq!(ColorDepth::from_env(env(&[("TERM", "xterm")])), ColorDepth::Ansi16);
        assert_eq!(ColorDepth::from_env(env(&[("TERM", "dumb")])), ColorDepth::None);
        assert_eq!(ColorDepth::from_env(env(&[("TERM", "screen")])), ColorDepth::Ansi16);
        assert_eq!(ColorDepth::from_env(env(&[])), ColorDepth::Ansi16);
    }

    #[test]
    fn truecolor_terminals_are_known_by_term_alone_as_over_ssh() {
        for term in ["xterm-direct", "xterm-kitty", "alacritty", "wezterm"] {
            assert_eq!(ColorDepth::from_env(env(&[("TERM", term)])), ColorDepth::TrueColor, "{term}");
        }
        assert_eq!(ColorDepth::from_env(env(&[("TERM", "xterm-256color"), ("COLORTERM", "")])), ColorDepth::Ansi256);
    }

    #[test]
    fn rgb_maps_to_the_nearest_palette_entry() {
        assert_eq!(rgb_to_256(255, 0, 0), 196);
        assert_eq!(rgb_to_256(128, 128, 128), 244);
        assert_eq!(rgb_to_16(250, 10, 10), Color::LightRed);
        assert_eq!(rgb_to_16(10, 10, 10), Color::Black);
    }

    #[test]
    fn the_16_palette_maps_to_itself() {
        for (color, (r, g, b)) in ANSI16 {
            assert_eq!(rgb_to_16(r, g, b), color, "{r},{g},{b}");
        }
    }

    #[test]
    fn pastel_accents_keep_their_hue_at_16_colors() {
        assert_eq!(rgb_to_16(0x8b, 0xe9, 0xfd), Color::LightCyan);
        assert_eq!(rgb_to_16(0xbd, 0x93, 0xf9), Color::LightMagenta);
        assert_eq!(rgb_to_16(0xff, 0xb8, 0x6c), Color::LightYellow);
        assert_eq!(rgb_to_16(0x0a, 0x30, 0x69), Color::Blue);
        assert_eq!(rgb_to_16(0x95, 0x38, 0x00), Color::Red, "dark orange is not yellow on white");
        assert_eq!(rgb_to_16(0x62, 0x72, 0xa4), Color::DarkGray, "a muted blue-grey reads as grey");
    }

    #[test]
    fn bats_ansi_theme_paints_with_the_terminal_palette() {
        use two_face::theme::EmbeddedThemeName;
        let themes = two_face::theme::extra();
        let ansi = themes.get(EmbeddedThemeName::Ansi);
        let colors: Vec<Option<Color>> = ansi.scopes.iter().filter_map(|item| item.style.foreground).map(from_syntect).collect();
        assert!(!colors.is_empty());
        assert!(colors.iter().flatten().all(|c| !matches!(c, Color::Rgb(..))), "{colors:?}");
        assert_eq!(ansi.settings.foreground.map(from_syntect), Some(None), "default text keeps the terminal's color");
    }

    #[test]
    fn syntect_rgb_colors_stay_rgb() {
        let c = syntect::highlighting::Color { r: 1, g: 2, b: 3, a: 0xff };
        assert_eq!(from_syntect(c), Some(Color::Rgb(1, 2, 3)));
        assert_eq!(from_syntect(syntect::highlighting::Color { r: 0x09, g: 0, b: 0, a: 0 }), Some(Color::LightRed));
        assert_eq!(from_syntect(syntect::highlighting::Color { r: 200, g: 0, b: 0, a: 0 }), Some(Color::Indexed(200)));
    }

    #[test]
    fn adapting_only_colors_drops_a_code_background_without_reverse_video() {
        let mut text = Text::from(Line::from(Span::styled("let x", Style::new().fg(Color::Rgb(1, 2, 3)).bg(Color::Rgb(30, 30, 30)))));
        ColorDepth::None.adapt_text_colors(&mut text);
        let style = text.lines[0].spans[0].style;
        assert_eq!((style.fg, style.bg), (None, None));
        assert!(!style.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn no_color_keeps_highlights_as_reverse_video() {
        let style = Style::new().fg(Color::Red).bg(Color::Yellow).add_modifier(Modifier::BOLD);
        let out = ColorDepth::None.adapt_style(style);
        assert_eq!(out.fg, None);
        assert_eq!(out.bg, None);
        assert!(out.add_modifier.contains(Modifier::BOLD | Modifier::REVERSED));
    }
}

/// The `--color` flag: when to style output, and how many colors to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// Style a terminal, with the depth the environment reports; plain text into a pipe.
    #[default]
    Auto,
    /// Style even a pipe, with the detected depth (at least 16 colors).
    Always,
    /// No color (bold and underline remain in the TUI).
    Never,
    /// Force the 16 ANSI colors.
    #[value(name = "16")]
    #[serde(rename = "16")]
    Ansi16,
    /// Force the 256-color palette.
    #[value(name = "256")]
    #[serde(rename = "256")]
    Ansi256,
    /// Force 24-bit color.
    #[value(name = "truecolor", alias = "24bit")]
    #[serde(rename = "truecolor")]
    TrueColor,
}

impl ColorChoice {
    /// The depth to use, given whether the output is a terminal. `NO_COLOR` beats `auto` and
    /// `always`, never an explicit depth.
    pub fn depth(self, is_terminal: bool) -> ColorDepth {
        match self {
            ColorChoice::Auto if !is_terminal => ColorDepth::None,
            ColorChoice::Auto => ColorDepth::detect(),
            ColorChoice::Always => match ColorDepth::detect() {
                ColorDepth::None if std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) => ColorDepth::Ansi16,
                depth => depth,
            },
            ColorChoice::Never => ColorDepth::None,
            ColorChoice::Ansi16 => ColorDepth::Ansi16,
            ColorChoice::Ansi256 => ColorDepth::Ansi256,
            ColorChoice::TrueColor => ColorDepth::TrueColor,
        }
    }
}
