//! Where the panes go for a terminal size: shared by the update (widths to render at) and the view.

use ratatui::layout::Rect;

/// Below this width only one pane shows at a time (at the default list width).
pub const TWO_PANE_MIN_WIDTH: u16 = 100;
/// The list's share of a two-pane screen unless `list_width` in config.toml says otherwise, in percent.
pub const DEFAULT_LIST_PERCENT: u16 = 40;
/// The list's shares `list_width` and the width keys may choose, in percent.
pub const LIST_PERCENTS: std::ops::RangeInclusive<u16> = 15..=85;
/// How much one press of a width key changes the list's share, in percent.
pub const LIST_PERCENT_STEP: u16 = 5;
/// Two panes show only when the list gets this many columns (date and the start of a title)...
pub const MIN_LIST_COLUMNS: u16 = 20;
/// ...and the reading pane this many; at the default share that is from 100 columns on.
pub const MIN_READER_COLUMNS: u16 = 60;

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The post list.
    #[default]
    List,
    /// The reading pane.
    Reader,
}

/// The rectangles of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The post list, when shown.
    pub list: Option<Rect>,
    /// The reading pane, when shown.
    pub reader: Option<Rect>,
    /// The status line at the bottom.
    pub status: Rect,
}

/// The list's width in columns on a screen this wide, when both panes fit: the list gets
/// `list_percent` of the width (rounded up) and each pane at least its minimum.
fn two_pane_list_width(width: u16, list_percent: u16) -> Option<u16> {
    let list_w = u16::try_from((u32::from(width) * u32::from(list_percent)).div_ceil(100)).ok()?;
    (list_w >= MIN_LIST_COLUMNS && width.saturating_sub(list_w) >= MIN_READER_COLUMNS).then_some(list_w)
}

/// The narrowest screen on which both panes show with this share of the width for the list.
pub fn two_pane_min_width(list_percent: u16) -> Option<u16> {
    (1..=2000).find(|&w| two_pane_list_width(w, list_percent).is_some())
}

/// Splits the screen: list | reader when both fit at the list's share (`list_percent`, see
/// [`LIST_PERCENTS`]), else the focused pane alone.
pub fn panes(area: Rect, focus: Focus, list_percent: u16) -> Panes {
    let status_h = area.height.min(1);
    let body = Rect { height: area.height - status_h, ..area };
    let status = Rect { y: area.y + body.height, height: status_h, ..area };
    if let Some(list_w) = two_pane_list_width(area.width, list_percent) {
        let list = Rect { width: list_w, ..body };
        let reader = Rect { x: body.x + list_w, width: body.width - list_w, ..body };
        Panes { list: Some(list), reader: Some(reader), status }
    } else {
        match focus {
            Focus::List => Panes { list: Some(body), reader: None, status },
            Focus::Reader => Panes { list: None, reader: Some(body), status },
        }
    }
}

/// The text area inside a bordered pane.
pub fn inner(rect: Rect) -> Rect {
    Rect { x: rect.x + 1, y: rect.y + 1, width: rect.width.saturating_sub(2), height: rect.height.saturating_sub(2) }
}

/// A centred popup of at most the given size.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_show_both_panes_and_narrow_ones_the_focused_pane() {
        let wide = panes(Rect::new(0, 0, 120, 30), Focus::List, DEFAULT_LIST_PERCENT);
        assert_eq!((wide.list.unwrap().width, wide.reader.unwrap().width, wide.status.y), (48, 72, 29));
        let narrow = panes(Rect::new(0, 0, 80, 24), Focus::Reader, DEFAULT_LIST_PERCENT);
        assert_eq!((narrow.list, narrow.reader.unwrap().height), (None, 23));
    }

    #[test]
    fn the_default_share_splits_from_100_columns_and_a_narrower_list_splits_sooner() {
        assert_eq!(two_pane_min_width(DEFAULT_LIST_PERCENT), Some(TWO_PANE_MIN_WIDTH));
        assert!(panes(Rect::new(0, 0, 99, 30), Focus::List, DEFAULT_LIST_PERCENT).reader.is_none());
        // A quarter of 80 columns: 20 for the list, 60 to read.
        let quarter = panes(Rect::new(0, 0, 80, 24), Focus::List, 25);
        assert_eq!((quarter.list.map(|r| r.width), quarter.reader.map(|r| (r.x, r.width))), (Some(20), Some((20, 60))));
        assert_eq!(two_pane_min_width(30), Some(86));
    }

    #[test]
    fn neither_pane_is_ever_squeezed_below_its_minimum() {
        for percent in LIST_PERCENTS {
            for width in 1..300 {
                let split = panes(Rect::new(0, 0, width, 24), Focus::List, percent);
                if let (Some(list), Some(reader)) = (split.list, split.reader) {
                    assert!(list.width >= MIN_LIST_COLUMNS && reader.width >= MIN_READER_COLUMNS, "{percent}% at {width}");
                    assert_eq!(list.width + reader.width, width);
                }
            }
        }
    }
}
