//! The words of a theme file: colors ("#rrggbb", 0-255, names) and modifiers (bold, italic...).

use ratatui::style::{Color, Modifier};

/// What a user may write for a color, shown in error messages.
pub const COLOR_HELP: &str = "use \"#rrggbb\", a number 0-255, or a name like \"red\", \"bright-blue\" or \"default\"";

/// What a user may write for a modifier, shown in error messages.
pub const MODIFIER_HELP: &str = "use bold, dim, italic, underline, reversed, strikethrough or blink";

/// The terminal's 16 named colors, in palette order: the name a theme writes and the ratatui color.
/// ANSI names, not ratatui's: "white" is palette 7 (ratatui's `Gray`), "bright-white" is 15.
const NAMED: [(&str, Color); 16] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("white", Color::Gray),
    ("bright-black", Color::DarkGray),
    ("bright-red", Color::LightRed),
    ("bright-green", Color::LightGreen),
    ("bright-yellow", Color::LightYellow),
    ("bright-blue", Color::LightBlue),
    ("bright-magenta", Color::LightMagenta),
    ("bright-cyan", Color::LightCyan),
    ("bright-white", Color::White),
];

/// A color from a name or "#rrggbb" string; `None` when it is neither.
pub fn parse_color(text: &str) -> Option<Color> {
    let word = text.trim().to_ascii_lowercase().replace('_', "-");
    if let Some(hex) = word.strip_prefix('#') {
        return parse_hex(hex);
    }
    if let Ok(index) = word.parse::<u8>() {
        return Some(Color::Indexed(index));
    }
    match word.as_str() {
        "default" | "reset" | "none" => return Some(Color::Reset),
        "gray" | "grey" | "dark-gray" | "dark-grey" => return Some(Color::DarkGray),
        _ => {}
    }
    // "brightblue" and "light-blue" are common spellings of "bright-blue".
    let word = match word.strip_prefix("light-").or_else(|| word.strip_prefix("bright")) {
        Some(rest) => format!("bright-{}", rest.trim_start_matches('-')),
        None => word,
    };
    NAMED.iter().find(|(name, _)| *name == word).map(|(_, color)| *color)
}

/// A palette index as a color; `None` outside 0-255.
pub fn indexed_color(index: i64) -> Option<Color> {
    u8::try_from(index).ok().map(Color::Indexed)
}

fn parse_hex(hex: &str) -> Option<Color> {
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?))
}

/// A modifier from its name; `None` when unknown.
pub fn parse_modifier(text: &str) -> Option<Modifier> {
    let modifier = match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "bold" => Modifier::BOLD,
        "dim" | "faint" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underline" | "underlined" => Modifier::UNDERLINED,
        "reversed" | "reverse" | "inverse" => Modifier::REVERSED,
        "strikethrough" | "crossed-out" => Modifier::CROSSED_OUT,
        "blink" | "slow-blink" => Modifier::SLOW_BLINK,
        _ => return None,
    };
    Some(modifier)
}

/// The name a theme file would use for a color, for `quire themes` and messages.
pub fn color_name(color: Color) -> String {
    match color {
        Color::Reset => "default".to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        named => NAMED.iter().find(|(_, c)| *c == named).map_or_else(|| format!("{named:?}"), |(name, _)| (*name).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_index_and_names_are_colors() {
        assert_eq!(parse_color("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color("#FF8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_color("default"), Some(Color::Reset));
        assert_eq!(parse_color("red"), Some(Color::Red));
    }

    #[test]
    fn bright_colors_accept_the_usual_spellings() {
        for spelling in ["bright-blue", "bright_blue", "brightblue", "light-blue", "Bright-Blue"] {
            assert_eq!(parse_color(spelling), Some(Color::LightBlue), "{spelling}");
        }
    }

    #[test]
    fn white_means_the_terminal_palette_white() {
        assert_eq!(parse_color("white"), Some(Color::Gray));
        assert_eq!(parse_color("bright-white"), Some(Color::White));
        assert_eq!(parse_color("grey"), Some(Color::DarkGray));
    }

    #[test]
    fn malformed_colors_are_rejected() {
        for bad in ["#12345", "#gggggg", "256", "purple", "", "bright-purple"] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
        assert_eq!(indexed_color(256), None);
        assert_eq!(indexed_color(-1), None);
    }

    #[test]
    fn modifiers_have_their_common_names() {
        assert_eq!(parse_modifier("underline"), Some(Modifier::UNDERLINED));
        assert_eq!(parse_modifier("reverse"), Some(Modifier::REVERSED));
        assert_eq!(parse_modifier("shiny"), None);
    }

    #[test]
    fn color_names_round_trip() {
        for text in ["#0a0b0c", "17", "default", "white", "bright-cyan"] {
            let color = parse_color(text).expect(text);
            assert_eq!(color_name(color), text);
        }
    }
}
