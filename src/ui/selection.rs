//! Spans on the selected row: each keeps its own colours where they read on the selection, and
//! takes the selection's where they would not (a badge, tag or match mark must never vanish).

use ratatui::style::{Color, Modifier, Style};

/// WCAG AA contrast for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// The style a span of the selected row is drawn with.
pub fn on_selection(span: Style, selection: Style) -> Style {
    let mut out = selection.patch(span);
    // A reversed span on a reversed bar would look like the bar: show it in normal video instead.
    if span.add_modifier.contains(Modifier::REVERSED) && selection.add_modifier.contains(Modifier::REVERSED) {
        out = out.remove_modifier(Modifier::REVERSED);
    }
    if readable(out) {
        return out;
    }
    // Keep the span's emphasis, drop its colours.
    let mut plain = selection.add_modifier(span.add_modifier);
    if let Some(bg @ Color::Rgb(..)) = plain.bg
        && !readable(plain)
    {
        plain.fg = Some(best_of_black_white(bg));
    }
    plain
}

/// Foreground and background as the terminal shows them (reverse video swapped).
pub fn shown(style: Style) -> (Color, Color) {
    let (fg, bg) = (style.fg.unwrap_or(Color::Reset), style.bg.unwrap_or(Color::Reset));
    if style.add_modifier.contains(Modifier::REVERSED) && !style.sub_modifier.contains(Modifier::REVERSED) { (bg, fg) } else { (fg, bg) }
}

/// Whether text in this style can be read: never the same colour on itself, and at least
/// [`MIN_CONTRAST`] when both colours are known RGB. The terminal's default colours are trusted.
pub fn readable(style: Style) -> bool {
    colors_read(shown(style))
}

/// [`readable`] for a cell's colours.
pub fn colors_read((fg, bg): (Color, Color)) -> bool {
    match (fg, bg) {
        (Color::Reset, _) | (_, Color::Reset) => true,
        (Color::Rgb(..), Color::Rgb(..)) => contrast(fg, bg).is_some_and(|c| c >= MIN_CONTRAST),
        _ => fg != bg,
    }
}

/// The WCAG contrast ratio of two RGB colours.
pub fn contrast(a: Color, b: Color) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

fn luminance(color: Color) -> Option<f64> {
    let Color::Rgb(r, g, b) = color else { return None };
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    Some(0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b))
}

fn best_of_black_white(bg: Color) -> Color {
    let (black, white) = (Color::Rgb(0, 0, 0), Color::Rgb(255, 255, 255));
    if contrast(black, bg) > contrast(white, bg) { black } else { white }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SELECTED: Style = Style::new().fg(Color::Rgb(0xf8, 0xf8, 0xf2)).bg(Color::Rgb(0x44, 0x47, 0x5a));

    #[test]
    fn a_badge_keeps_its_own_colours_on_the_selection() {
        let badge = Style::new().fg(Color::Rgb(0x28, 0x2a, 0x36)).bg(Color::Rgb(0xff, 0xb8, 0x6c));
        assert_eq!(shown(on_selection(badge, SELECTED)), (Color::Rgb(0x28, 0x2a, 0x36), Color::Rgb(0xff, 0xb8, 0x6c)));
    }

    #[test]
    fn a_dim_mark_that_would_not_read_takes_the_selection_colour() {
        let dim = Style::new().fg(Color::Rgb(0x62, 0x72, 0xa4)).add_modifier(Modifier::ITALIC);
        let out = on_selection(dim, SELECTED);
        assert_eq!(shown(out), (Color::Rgb(0xf8, 0xf8, 0xf2), Color::Rgb(0x44, 0x47, 0x5a)));
        assert!(out.add_modifier.contains(Modifier::ITALIC));
    }

    #[test]
    fn a_reversed_badge_on_a_reversed_bar_shows_in_normal_video() {
        let bar = Style::new().add_modifier(Modifier::REVERSED);
        let badge = Style::new().fg(Color::Yellow).add_modifier(Modifier::REVERSED | Modifier::BOLD);
        let out = on_selection(badge, bar);
        assert_eq!(shown(out), (Color::Yellow, Color::Reset));
        assert!(out.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn equal_palette_colours_never_read() {
        assert!(!colors_read((Color::DarkGray, Color::DarkGray)));
        assert!(colors_read((Color::Black, Color::DarkGray)));
        assert!(contrast(Color::Rgb(0, 0, 0), Color::Rgb(255, 255, 255)).is_some_and(|c| (c - 21.0).abs() < 1e-9));
    }
}
