//! The full-screen writer: puts a frame of lines on the alternate screen,
//! overwriting in place (no flicker) and clearing what the last frame left.

use crossterm::{cursor, queue, style::Print, terminal};
use std::io::Write;

/// A frame: lines from the top, and an optional footer pinned to the last row.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Body lines, each already narrower than the terminal.
    pub lines: Vec<String>,
    /// Footer lines, pinned to the bottom rows.
    pub footer: Vec<String>,
}

impl Frame {
    /// Adds a line.
    pub fn push(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
    }

    /// Adds an empty line.
    pub fn blank(&mut self) {
        self.lines.push(String::new());
    }
}

/// Draws `frame` on a terminal of `rows` rows. In raw mode every line is
/// positioned explicitly, so no `\n` is ever written.
pub fn draw(out: &mut impl Write, frame: &Frame, rows: u16) -> std::io::Result<()> {
    let rows = usize::from(rows.max(1));
    let footer = &frame.footer[..frame.footer.len().min(rows)];
    let body_rows = rows - footer.len();
    for (i, line) in frame.lines.iter().take(body_rows).enumerate() {
        queue!(
            out,
            cursor::MoveTo(0, i as u16),
            Print(line),
            terminal::Clear(terminal::ClearType::UntilNewLine)
        )?;
    }
    let used = frame.lines.len().min(body_rows);
    for i in used..body_rows {
        queue!(
            out,
            cursor::MoveTo(0, i as u16),
            terminal::Clear(terminal::ClearType::CurrentLine)
        )?;
    }
    for (i, line) in footer.iter().enumerate() {
        queue!(
            out,
            cursor::MoveTo(0, (body_rows + i) as u16),
            Print(line),
            terminal::Clear(terminal::ClearType::UntilNewLine)
        )?;
    }
    out.flush()
}
