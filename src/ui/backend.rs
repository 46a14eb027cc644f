//! ratatui's crossterm backend as the run loop ([`super::run`]) draws
//! through it: told the size, and writing no style codes for plain text.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io::Write;

/// ratatui's crossterm backend, told the terminal's size by the loop (from
/// `Input::size`) rather than asking the terminal itself: the loop knows
/// it already, and a test's output is no terminal. The cursor stays hidden
/// (by the terminal guard) and unused, so its position is never asked either.
pub struct Sized<W: Write> {
    pub inner: CrosstermBackend<W>,
    pub size: Size,
}

impl<W: Write> Write for Sized<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for Sized<W> {
    type Error = std::io::Error;

    /// Like the crossterm backend's, but text without style is written
    /// with no style codes at all (a `dumb` terminal or `NO_COLOR` gets none).
    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        use crossterm::style::{Attribute, SetAttribute, SetAttributes, SetBackgroundColor};
        use crossterm::style::{ContentStyle, Print, SetForegroundColor};
        use ratatui::backend::IntoCrossterm;
        let plain = Cell::EMPTY.style();
        let (mut shown, mut last) = (plain, None);
        for (x, y, cell) in content {
            if last != Some((x.wrapping_sub(1), y)) {
                crossterm::queue!(self.inner, crossterm::cursor::MoveTo(x, y))?;
            }
            last = Some((x, y));
            let style = cell.style();
            if style != shown {
                crossterm::queue!(self.inner, SetAttribute(Attribute::Reset))?;
                let c: ContentStyle = style.into_crossterm();
                if let Some(fg) = c.foreground_color {
                    crossterm::queue!(self.inner, SetForegroundColor(fg))?;
                }
                if let Some(bg) = c.background_color {
                    crossterm::queue!(self.inner, SetBackgroundColor(bg))?;
                }
                crossterm::queue!(self.inner, SetAttributes(c.attributes))?;
                shown = style;
            }
            crossterm::queue!(self.inner, Print(cell.symbol()))?;
        }
        if shown != plain {
            crossterm::queue!(self.inner, SetAttribute(Attribute::Reset))?;
        }
        Ok(())
    }
    // The terminal guard hides the cursor for the whole run and shows it
    // again at the end, where a closed terminal cannot make it fail.
    fn hide_cursor(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn show_cursor(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(Position::ORIGIN)
    }
    // Moves and clears are queued, not flushed: the frame drawn after them
    // goes out in the same write, so a redrawn screen never shows blank.
    fn set_cursor_position<P: Into<Position>>(&mut self, at: P) -> std::io::Result<()> {
        let at = at.into();
        crossterm::queue!(self.inner, crossterm::cursor::MoveTo(at.x, at.y))
    }
    fn clear(&mut self) -> std::io::Result<()> {
        self.clear_region(ClearType::All)
    }
    fn clear_region(&mut self, kind: ClearType) -> std::io::Result<()> {
        use crossterm::terminal::{Clear, ClearType as C};
        let kind = match kind {
            // The whole screen as everything below its top left corner, so
            // the program's output never holds ESC[2J: a test can then tell
            // that a bank's text never cleared the screen.
            ClearType::All => {
                crossterm::queue!(self.inner, crossterm::cursor::MoveTo(0, 0))?;
                C::FromCursorDown
            }
            ClearType::AfterCursor => C::FromCursorDown,
            ClearType::BeforeCursor => C::FromCursorUp,
            ClearType::CurrentLine => C::CurrentLine,
            ClearType::UntilNewLine => C::UntilNewLine,
        };
        crossterm::queue!(self.inner, Clear(kind))
    }
    fn size(&self) -> std::io::Result<Size> {
        Ok(self.size)
    }
    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}
