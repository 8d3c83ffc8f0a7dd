//! Where the panes go for a terminal size: shared by the update (widths to render at) and the view.

use ratatui::layout::Rect;

/// Below this width only one pane shows at a time.
pub const TWO_PANE_MIN_WIDTH: u16 = 100;
/// The list's share of a two-pane screen, in percent.
const LIST_PERCENT: u16 = 40;

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

/// Splits the screen: list | reader on wide terminals, the focused pane alone on narrow ones.
pub fn panes(area: Rect, focus: Focus) -> Panes {
    let status_h = area.height.min(1);
    let body = Rect { height: area.height - status_h, ..area };
    let status = Rect { y: area.y + body.height, height: status_h, ..area };
    if area.width >= TWO_PANE_MIN_WIDTH {
        let list_w = u16::try_from(u32::from(area.width) * u32::from(LIST_PERCENT) / 100).unwrap_or(area.width);
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
        let wide = panes(Rect::new(0, 0, 120, 30), Focus::List);
        assert_eq!((wide.list.unwrap().width, wide.reader.unwrap().width, wide.status.y), (48, 72, 29));
        let narrow = panes(Rect::new(0, 0, 80, 24), Focus::Reader);
        assert_eq!((narrow.list, narrow.reader.unwrap().height), (None, 23));
    }
}
