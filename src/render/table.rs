//! Tables with aligned columns and borders; a table wider than the pane shrinks its columns and
//! wraps their cells, and one that cannot fit at all is shown as one record per row.

use pulldown_cmark::Alignment;
use ratatui::text::{Line, Span};

use super::RenderStyles;
use super::inline::plain_text;
use super::wrap::{self, Piece};

/// Columns narrower than this make a bordered table unreadable; below it rows become records.
const MIN_COLUMN: usize = 3;
/// A border column plus one space of padding each side.
const CELL_CHROME: usize = 3;

type Cell = Vec<Piece>;

/// Collects a table's cells as the walker meets them.
#[derive(Debug)]
pub(crate) struct TableBuilder {
    aligns: Vec<Alignment>,
    head: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    current: Vec<Cell>,
    in_head: bool,
}

impl TableBuilder {
    /// A table with these column alignments.
    pub fn new(aligns: Vec<Alignment>) -> Self {
        TableBuilder { aligns, head: Vec::new(), rows: Vec::new(), current: Vec::new(), in_head: true }
    }

    /// Whether cells being read are header cells.
    pub fn in_head(&self) -> bool {
        self.in_head
    }

    /// Adds a cell to the current row.
    pub fn push_cell(&mut self, pieces: Vec<Piece>) {
        self.current.push(pieces);
    }

    /// Ends the header or a body row.
    pub fn end_row(&mut self, head: bool) {
        let row = std::mem::take(&mut self.current);
        if head {
            self.head = row;
            self.in_head = false;
        } else {
            self.rows.push(row);
        }
    }

    /// Lines of the table, at most `width` columns wide.
    pub fn render(self, width: usize, styles: &RenderStyles) -> Vec<Line<'static>> {
        let cols = self.aligns.len().max(self.head.len()).max(self.rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return Vec::new();
        }
        let chrome = cols * CELL_CHROME + 1;
        if width < chrome + cols * MIN_COLUMN {
            return self.records(width, styles);
        }
        let widths = column_widths(&self.head, &self.rows, cols, width - chrome);
        let border = |l: &str, m: &str, r: &str| {
            let mid: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            Line::from(Span::styled(format!("{l}{}{r}", mid.join(m)), styles.table_border))
        };
        let mut out = vec![border("┌", "┬", "┐")];
        if self.head.iter().any(|cell| !plain_text(cell).trim().is_empty()) {
            out.extend(self.row_lines(&self.head, &widths, styles));
            out.push(border("├", "┼", "┤"));
        }
        let bodies: Vec<Vec<Line<'static>>> = self.rows.iter().map(|row| self.row_lines(row, &widths, styles)).collect();
        // When cells wrap, a rule between rows shows where one ends and the next begins.
        let wrapped = bodies.iter().any(|lines| lines.len() > 1);
        for (i, lines) in bodies.into_iter().enumerate() {
            if wrapped && i > 0 {
                out.push(border("├", "┼", "┤"));
            }
            out.extend(lines);
        }
        out.push(border("└", "┴", "┘"));
        out
    }

    fn row_lines(&self, row: &[Cell], widths: &[usize], styles: &RenderStyles) -> Vec<Line<'static>> {
        let wrapped: Vec<Vec<Line<'static>>> =
            widths.iter().enumerate().map(|(i, w)| row.get(i).map_or_else(Vec::new, |c| wrap::wrap(c, *w).lines)).collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        (0..height)
            .map(|y| {
                let mut spans = vec![Span::styled("│", styles.table_border)];
                for (i, w) in widths.iter().enumerate() {
                    let cell = wrapped[i].get(y).cloned().unwrap_or_default();
                    let pad = w.saturating_sub(wrap::line_width(&cell));
                    let (left, right) = match self.aligns.get(i) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    spans.push(Span::raw(wrap::spaces(left + 1)));
                    spans.extend(cell.spans);
                    spans.push(Span::raw(wrap::spaces(right + 1)));
                    spans.push(Span::styled("│", styles.table_border));
                }
                Line::from(spans)
            })
            .collect()
    }

    /// Too narrow for columns: each row as `header: value` lines, rows separated by a rule.
    fn records(&self, width: usize, styles: &RenderStyles) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for (n, row) in self.rows.iter().enumerate() {
            if n > 0 {
                out.push(Line::from(Span::styled("─".repeat(width.min(3)), styles.table_border)));
            }
            for (i, cell) in row.iter().enumerate() {
                let mut pieces = Vec::new();
                if let Some(head) = self.head.get(i).filter(|h| !plain_text(h).trim().is_empty()) {
                    pieces.push(Piece::text(format!("{}: ", plain_text(head).trim()), styles.table_header));
                }
                pieces.extend(cell.iter().cloned());
                out.extend(wrap::wrap(&pieces, width).lines);
            }
        }
        out
    }
}

/// Natural widths when they fit. Otherwise every column first gets its longest word (so words
/// are not cut), and the room left goes to the columns that lack the most; when even the words
/// do not fit, the widest columns give way first.
fn column_widths(head: &[Cell], rows: &[Vec<Cell>], cols: usize, room: usize) -> Vec<usize> {
    let column = |i: usize| std::iter::once(head).chain(rows.iter().map(Vec::as_slice)).filter_map(move |r| r.get(i));
    let natural: Vec<usize> = (0..cols).map(|i| column(i).map(|c| wrap::width(&plain_text(c))).max().unwrap_or(0).max(1)).collect();
    if natural.iter().sum::<usize>() <= room {
        return natural;
    }
    let longest_word = |c: &Cell| plain_text(c).split_whitespace().map(wrap::width).max().unwrap_or(0);
    let words: Vec<usize> = (0..cols).map(|i| column(i).map(longest_word).max().unwrap_or(0).clamp(1, natural[i])).collect();
    let mut widths = words.clone();
    let mut total: usize = widths.iter().sum();
    if total <= room {
        for _ in total..room {
            let Some(i) = (0..cols).filter(|&i| widths[i] < natural[i]).max_by_key(|&i| natural[i] - widths[i]) else { break };
            widths[i] += 1;
        }
        return widths;
    }
    while total > room {
        let Some((i, w)) = widths.iter().copied().enumerate().max_by_key(|(_, w)| *w) else { break };
        if w <= MIN_COLUMN {
            break;
        }
        // Shrink the widest column down to the next widest (or just enough); ties give one column each turn.
        let second = widths.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, x)| *x).max().unwrap_or(MIN_COLUMN).max(MIN_COLUMN);
        let cut = (w - second.min(w)).max(1).min(total - room).min(w - MIN_COLUMN);
        widths[i] -= cut;
        total -= cut;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn table(width: usize) -> Vec<String> {
        let mut t = TableBuilder::new(vec![Alignment::Left, Alignment::Right]);
        t.push_cell(vec![Piece::text("Name", Style::new())]);
        t.push_cell(vec![Piece::text("Count", Style::new())]);
        t.end_row(true);
        t.push_cell(vec![Piece::text("a rather long description here", Style::new())]);
        t.push_cell(vec![Piece::text("7", Style::new())]);
        t.end_row(false);
        t.render(width, &RenderStyles::default()).iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn columns_align_and_get_borders() {
        let lines = table(80);
        assert_eq!(lines[0], "┌────────────────────────────────┬───────┐");
        assert_eq!(lines[1], "│ Name                           │ Count │");
        assert_eq!(lines[3], "│ a rather long description here │     7 │");
    }

    #[test]
    fn a_wide_table_shrinks_and_wraps_its_cells() {
        let lines = table(24);
        assert!(lines.iter().all(|l| wrap::width(l) <= 24), "{lines:#?}");
        assert!(lines.len() > 5, "cells should wrap: {lines:#?}");
        assert!(lines.iter().any(|l| l.contains("description")));
    }

    #[test]
    fn a_table_too_narrow_for_columns_becomes_records() {
        let lines = table(12);
        assert!(lines.iter().all(|l| wrap::width(l) <= 12), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("Name: ")));
    }
}
