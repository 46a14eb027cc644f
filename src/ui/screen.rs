//! The full-screen writer: puts a frame of lines on the alternate screen,
//! overwriting in place (no flicker) and clearing what the last frame left.
//! On a small terminal the least needed lines go first: blank lines, the
//! footer, bars, then everything else but the question itself.

use super::style::{Palette, Tone};
use super::text::{clip, wrap};
use crossterm::{cursor, queue, style::Print, terminal};
use std::io::Write;

/// How much a line is needed, least first: on a small terminal lines go in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Spacing.
    Spare,
    /// Bars, meters and marks.
    Bar,
    /// Most lines.
    Useful,
    /// The question or section itself and its clock: always shown.
    Vital,
}

/// A frame: lines from the top, and footer lines pinned to the last rows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Body lines, each already narrower than the terminal.
    pub lines: Vec<(Need, String)>,
    /// Footer lines, pinned to the bottom rows.
    pub footer: Vec<String>,
}

impl Frame {
    /// Adds a line.
    pub fn push(&mut self, line: impl Into<String>) {
        self.lines.push((Need::Useful, line.into()));
    }

    /// Adds a line that is needed this much.
    pub fn push_as(&mut self, need: Need, line: impl Into<String>) {
        self.lines.push((need, line.into()));
    }

    /// Adds an empty line.
    pub fn blank(&mut self) {
        self.lines.push((Need::Spare, String::new()));
    }

    /// Adds `text` clipped to `width` columns, painted in `tone` and needed this much.
    pub fn clipped(&mut self, p: &Palette, need: Need, text: &str, width: usize, tone: Tone) {
        self.push_as(need, p.paint(&clip(text, width), tone));
    }

    /// Adds `text` wrapped to a `width`-column terminal (the last column
    /// left free), each line painted in `tone` and needed this much.
    pub fn wrapped(&mut self, p: &Palette, need: Need, text: &str, width: usize, tone: Tone) {
        for line in wrap(text, width - 1, "", "") {
            self.push_as(need, p.paint(&line, tone));
        }
    }

    /// Sets the footer: `keys` wrapped like [`Frame::wrapped`], dimmed.
    pub fn set_footer(&mut self, p: &Palette, keys: &str, width: usize) {
        self.footer = wrap(keys, width - 1, "", "")
            .into_iter()
            .map(|l| p.paint(&l, Tone::Dim))
            .collect();
    }

    /// The rows to show on a terminal `rows` high: the body lines that fit,
    /// then the footer if there is room for it.
    pub fn fit(&self, rows: usize) -> (Vec<&str>, Vec<&str>) {
        let mut keep: Vec<bool> = vec![true; self.lines.len()];
        let mut footer = self.footer.len();
        let mut used = self.lines.len() + footer;
        for need in [Need::Spare, Need::Bar, Need::Useful] {
            if used <= rows {
                break;
            }
            if need == Need::Bar && footer > 0 {
                used -= footer;
                footer = 0;
                if used <= rows {
                    break;
                }
            }
            // Drop from the bottom up, so the top of the screen stays put.
            for i in (0..self.lines.len()).rev() {
                if used <= rows {
                    break;
                }
                if keep[i] && self.lines[i].0 == need {
                    keep[i] = false;
                    used -= 1;
                }
            }
        }
        let body: Vec<&str> = self
            .lines
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|((_, l), _)| l.as_str())
            .take(rows)
            .collect();
        let room = rows - body.len();
        let footer = self.footer[..footer.min(room)]
            .iter()
            .map(String::as_str)
            .collect();
        (body, footer)
    }

    /// The text a person would see on a terminal `rows` high (for tests).
    pub fn text(&self, rows: usize) -> String {
        let (body, footer) = self.fit(rows);
        body.into_iter()
            .chain(footer)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Draws `frame` on a terminal of `rows` rows. In raw mode every line is
/// positioned explicitly, so no `\n` is ever written.
pub fn draw(out: &mut impl Write, frame: &Frame, rows: u16) -> std::io::Result<()> {
    let rows = usize::from(rows.max(1));
    let (body, footer) = frame.fit(rows);
    // Empty rows between the body and the footer are cleared too.
    let gap = rows - footer.len() - body.len();
    let lines = body.into_iter().chain(vec![""; gap]).chain(footer);
    for (i, line) in lines.enumerate() {
        queue!(
            out,
            cursor::MoveTo(0, i as u16),
            Print(crate::text::shown(line)),
            terminal::Clear(terminal::ClearType::UntilNewLine)
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        let mut f = Frame::default();
        f.push("header");
        f.blank();
        f.push_as(Need::Vital, "question one");
        f.push_as(Need::Vital, "question two");
        f.blank();
        f.push_as(Need::Vital, "clock");
        f.push_as(Need::Bar, "bar");
        f.push_as(Need::Bar, "marks");
        f.footer = vec!["keys".into()];
        f
    }

    #[test]
    fn everything_shows_when_there_is_room() {
        assert_eq!(frame().fit(24).0.len(), 8);
        assert_eq!(frame().fit(24).1, ["keys"]);
    }

    #[test]
    fn small_terminals_drop_spacing_then_footer_then_bars_then_the_rest() {
        let f = frame();
        assert_eq!(
            f.text(7),
            "header\nquestion one\nquestion two\nclock\nbar\nmarks\nkeys"
        );
        assert_eq!(
            f.text(6),
            "header\nquestion one\nquestion two\nclock\nbar\nmarks"
        );
        assert_eq!(f.text(5), "header\nquestion one\nquestion two\nclock\nbar");
        assert_eq!(f.text(3), "question one\nquestion two\nclock");
        assert_eq!(f.text(1), "question one");
    }

    #[test]
    fn drawing_never_writes_a_newline() {
        let mut out = Vec::new();
        draw(&mut out, &frame(), 5).unwrap();
        assert!(!out.contains(&b'\n'));
        assert!(String::from_utf8_lossy(&out).contains("question two"));
    }
}
