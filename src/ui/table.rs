//! Printed tables and pictures: ratatui draws them into a [`Buffer`] as wide
//! as the output, and [`text`] turns that buffer into lines for the
//! pipe-safe writer, coloured only when [`Look::colour`] says so.
//!
//! A table too wide for the terminal gives way column by column in the
//! order its columns say ([`Column::narrow`], [`Column::or_drop`]): cells
//! are cut with a marker, never wrapped, and any line still too wide is cut
//! the same way. Piped, a table is as wide as its widest cells, as the
//! hand-aligned tables before it were.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table as Grid, Widget};
use std::io::IsTerminal;

/// How printed output looks: the width it must fit (a terminal's), and
/// whether it may be coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Look {
    /// Columns to fit, or `None` for a pipe (rows stay whole).
    pub width: Option<usize>,
    /// Whether escape codes for colour and bold may be written.
    pub colour: bool,
    /// Whether drawn symbols are folded to ASCII.
    pub ascii: bool,
}

impl Look {
    /// Standard output's: its width and colour when it is a terminal
    /// (colour unless `NO_COLOR` is set or `TERM=dumb`), else plain and whole.
    pub fn stdout() -> Look {
        let terminal = std::io::stdout().is_terminal();
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Look {
            width: super::text::terminal_width(),
            colour: terminal && !dumb && super::style::colour_enabled(),
            ascii: crate::text::ascii(),
        }
    }
}

/// A column: its heading, which side its cells keep to, and how it gives
/// way when the table is too wide.
#[derive(Debug, Clone)]
pub struct Column {
    head: String,
    align: Alignment,
    least: usize,
    most: Option<usize>,
    /// `(rank, narrowest, dropped below that)`: lower ranks give way first.
    give: Option<(u8, usize, bool)>,
}

impl Column {
    /// A column whose cells keep left.
    pub fn left(head: &str) -> Column {
        Column {
            head: head.to_string(),
            align: Alignment::Left,
            least: 0,
            most: None,
            give: None,
        }
    }

    /// A column whose cells keep right (figures).
    pub fn right(head: &str) -> Column {
        Column {
            align: Alignment::Right,
            ..Column::left(head)
        }
    }

    /// At least `n` columns wide even when its cells are narrower.
    pub fn least(self, n: usize) -> Column {
        Column { least: n, ..self }
    }

    /// Cells cut to `n` columns, on a terminal or not.
    pub fn most(self, n: usize) -> Column {
        Column {
            most: Some(n),
            ..self
        }
    }

    /// Narrowed (cells cut with a marker) down to `n` columns when the table
    /// is too wide; columns of lower `rank` give way first.
    pub fn narrow(self, rank: u8, n: usize) -> Column {
        Column {
            give: Some((rank, n, false)),
            ..self
        }
    }

    /// As [`Column::narrow`], but left out when it would be narrower than `n`.
    pub fn or_drop(self, rank: u8, n: usize) -> Column {
        Column {
            give: Some((rank, n, true)),
            ..self
        }
    }
}

/// A table row.
#[derive(Debug, Clone)]
pub enum TableRow {
    /// One cell per column.
    Cells(Vec<String>),
    /// The first cell, then text running across the other columns.
    Span(String, String),
}

/// Widths of `columns` laid out for `rows` in `width` columns (if any); a
/// left-out column is `None`.
fn widths(columns: &[Column], rows: &[TableRow], width: Option<usize>) -> Vec<Option<usize>> {
    let mut w: Vec<Option<usize>> = columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let cells = rows.iter().filter_map(|r| match r {
                TableRow::Cells(cells) => cells.get(c),
                TableRow::Span(first, _) => (c == 0).then_some(first),
            });
            let widest = cells
                .map(|s| crate::text::width(&crate::text::safe(s)))
                .chain([crate::text::width(&col.head), col.least])
                .max()
                .unwrap_or(0);
            Some(col.most.map_or(widest, |m| widest.min(m)))
        })
        .collect();
    let Some(limit) = width else { return w };
    let mut order: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].give.is_some())
        .collect();
    order.sort_by_key(|&c| columns[c].give.map(|g| g.0));
    for c in order {
        let total = total(&w);
        if total <= limit {
            break;
        }
        let (_, narrowest, drop) = columns[c].give.unwrap();
        let now = w[c].unwrap_or(0);
        let wanted = now.saturating_sub(total - limit);
        w[c] = match wanted {
            n if n >= narrowest => Some(n),
            _ if drop => None,
            _ => Some(narrowest.min(now)),
        };
    }
    w
}

/// Columns taken by columns of these widths with their gaps.
fn total(widths: &[Option<usize>]) -> usize {
    let shown: Vec<usize> = widths.iter().flatten().copied().collect();
    shown.iter().sum::<usize>() + 2 * shown.len().saturating_sub(1)
}

/// `rows` under `columns`' headings (none when every heading is empty) as
/// printed lines, fitted to `look`.
pub fn table(columns: &[Column], rows: &[TableRow], look: Look) -> String {
    let widths = widths(columns, rows, look.width);
    let kept: Vec<usize> = (0..columns.len())
        .filter(|&c| widths[c].is_some())
        .collect();
    let cell = |c: usize, s: &str| {
        let s = crate::text::clip(s, widths[c].unwrap_or(0));
        Cell::from(Line::from(s).alignment(columns[c].align))
    };
    let header = Row::new(kept.iter().map(|&c| cell(c, &columns[c].head)));
    let grid_rows = rows.iter().map(|r| match r {
        TableRow::Cells(cells) => Row::new(kept.iter().map(|&c| cell(c, &cells[c]))),
        TableRow::Span(first, _) => Row::new(kept.first().map(|&c| cell(c, first))),
    });
    let constraints = kept
        .iter()
        .map(|&c| Constraint::Length(widths[c].unwrap() as u16));
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let headed = columns.iter().any(|c| !c.head.is_empty());
    let mut grid = Grid::new(grid_rows, constraints).column_spacing(2);
    if headed {
        grid = grid.header(header.style(if look.colour { bold } else { Style::new() }));
    }
    // A span starts after the first column and its gap.
    let span_at = kept.first().map_or(0, |&c| widths[c].unwrap_or(0) + 2);
    let spans = rows.iter().filter_map(|r| match r {
        TableRow::Span(_, rest) => Some(span_at + crate::text::width(&crate::text::safe(rest))),
        TableRow::Cells(_) => None,
    });
    let wide = spans.chain([total(&widths)]).max().unwrap_or(0);
    let top = usize::from(headed);
    let area = Rect::new(0, 0, clamp16(wide), clamp16(rows.len() + top));
    let mut buf = Buffer::empty(area);
    grid.render(area, &mut buf);
    for (y, r) in rows.iter().enumerate() {
        if let TableRow::Span(_, rest) = r {
            let room = wide - span_at;
            let rest = crate::text::clip(rest, room);
            buf.set_stringn(clamp16(span_at), clamp16(y + top), rest, room, Style::new());
        }
    }
    text(&buf, look)
}

fn clamp16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The lines of `buf`, trailing blanks trimmed, each cut to `look.width`
/// with a marker, styled when `look.colour`; box drawing and dots folded to
/// ASCII when the output is ASCII.
pub fn text(buf: &Buffer, look: Look) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        // Runs of cells in one style; a wide character hides the cell after it.
        let mut runs: Vec<(Style, String)> = Vec::new();
        let mut hidden = 0;
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            let symbol = cell.symbol();
            hidden = crate::text::width(symbol).saturating_sub(1);
            let symbol = if look.ascii { ascii(symbol) } else { symbol };
            let style = drawn(cell.style());
            match runs.last_mut() {
                Some((s, text)) if *s == style => text.push_str(symbol),
                _ => runs.push((style, symbol.to_string())),
            }
        }
        let plain: String = runs.iter().map(|r| r.1.as_str()).collect();
        let plain = plain.trim_end();
        let fits = look.width.is_none_or(|w| crate::text::width(plain) <= w);
        if !look.colour || !fits {
            match look.width {
                Some(w) => out.push_str(&crate::text::clip(plain, w)),
                None => out.push_str(plain),
            }
        } else {
            out.push_str(&styled(&runs, plain.len()));
        }
        out.push('\n');
    }
    out
}

/// What of `style` shows: a colour "reset" is the terminal's own.
fn drawn(style: Style) -> Style {
    let own = |c: Option<Color>| c.filter(|c| *c != Color::Reset);
    Style {
        fg: own(style.fg),
        bg: own(style.bg),
        underline_color: None,
        add_modifier: style.add_modifier,
        sub_modifier: Modifier::empty(),
    }
}

/// `runs` with escape codes for their styles, up to `len` bytes of text.
fn styled(runs: &[(Style, String)], len: usize) -> String {
    use ratatui::backend::IntoCrossterm;
    use ratatui::crossterm::style::ContentStyle;
    let mut out = String::new();
    let mut left = len;
    for (style, s) in runs {
        if left == 0 {
            break;
        }
        let s = &s[..s.len().min(left)];
        left -= s.len();
        if *style == Style::new() {
            out.push_str(s);
        } else {
            let style: ContentStyle = style.into_crossterm();
            out.push_str(&style.apply(s).to_string());
        }
    }
    out
}

/// A symbol ratatui draws, as ASCII of the same width: box drawing as
/// `-`, `|` and `+`, braille and block points as `#`, dots as `.`.
fn ascii(symbol: &str) -> &str {
    let Some(c) = symbol.chars().next() else {
        return symbol;
    };
    match c {
        '─' | '━' | '╌' | '┄' => "-",
        '│' | '┃' | '╎' | '┆' => "|",
        '\u{2500}'..='\u{257F}' => "+",
        '\u{2800}' => " ",
        '\u{2801}'..='\u{28FF}' | '█' => "#",
        '•' | '●' => ".",
        _ => symbol,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> TableRow {
        TableRow::Cells(v.iter().map(|s| s.to_string()).collect())
    }

    fn columns() -> Vec<Column> {
        vec![
            Column::left("NAME").narrow(1, 6),
            Column::right("N"),
            Column::right("TIME").least(6),
            Column::left("WHAT").or_drop(0, 8),
        ]
    }

    fn rows() -> Vec<TableRow> {
        vec![
            cells(&[
                "conflict-with-a-colleague",
                "3",
                "1:30",
                "Tell me about a time",
            ]),
            cells(&["design", "12", "0:40", ""]),
            TableRow::Span("broken".into(), "damaged: not a session file".into()),
        ]
    }

    #[test]
    fn piped_a_table_is_as_wide_as_its_cells() {
        let plain = Look::default();
        assert_eq!(
            table(&columns(), &rows(), plain),
            "NAME                        N    TIME  WHAT\n\
             conflict-with-a-colleague   3    1:30  Tell me about a time\n\
             design                     12    0:40\n\
             broken                     damaged: not a session file\n"
        );
    }

    #[test]
    fn a_narrow_terminal_drops_then_narrows_then_cuts_and_never_overflows() {
        for width in [20, 30, 40, 50, 60] {
            let look = Look {
                width: Some(width),
                ..Look::default()
            };
            let out = table(&columns(), &rows(), look);
            for line in out.lines() {
                assert!(crate::text::width(line) <= width, "{width}: {line:?}");
            }
        }
        let look = |w| Look {
            width: Some(w),
            ..Look::default()
        };
        // 47 columns: the question narrows to fit (25 + 2 + 6 + gaps leave 8 for it)…
        let forty = table(&columns(), &rows(), look(47));
        assert!(
            forty.lines().nth(1).unwrap().ends_with("Tell me…"),
            "{forty}"
        );
        // …and below 8 it is left out, then the names are cut.
        let thirty = table(&columns(), &rows(), look(30));
        assert!(
            !thirty.contains("WHAT") && !thirty.contains("Tell"),
            "{thirty}"
        );
        assert!(thirty.contains("\nconflict-with-a-c…   3"), "{thirty}");
    }

    #[test]
    fn snapshots_at_three_widths() {
        for width in [20, 80, 120] {
            let look = Look {
                width: Some(width),
                ..Look::default()
            };
            let name = format!("table_{width}");
            insta::assert_snapshot!(name, table(&columns(), &rows(), look));
        }
    }

    #[test]
    fn colour_is_written_only_when_asked_and_only_for_the_heading() {
        let coloured = table(
            &columns(),
            &rows(),
            Look {
                colour: true,
                ..Look::default()
            },
        );
        let first = coloured.lines().next().unwrap();
        assert!(
            first.starts_with("\x1b[1m") && first.contains("WHAT"),
            "{first:?}"
        );
        assert!(!coloured.lines().nth(1).unwrap().contains('\x1b'));
        assert!(!table(&columns(), &rows(), Look::default()).contains('\x1b'));
    }
}
