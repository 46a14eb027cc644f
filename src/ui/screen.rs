//! The full-screen writer: puts a frame of lines on the alternate screen,
//! overwriting in place (no flicker) and clearing what the last frame left.
//! On a small terminal the least needed lines go first: blank lines, then
//! the question's lines past its third (cut with a marker), other text, the
//! footer, bars, and the question's lines past its first; whatever then
//! fits again comes back, most needed first. The clock always shows.

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
    /// The question or section itself: cut (with a marker) to make room for
    /// the clock, bars and keys, but never to fewer than its first line.
    Text,
    /// The clock and what must be seen: always shown.
    Vital,
}

/// The question keeps this many lines before other text goes.
const TEXT_LINES: usize = 3;

/// A frame: lines from the top, and footer lines pinned to the last rows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Body lines, each already narrower than the terminal.
    pub lines: Vec<(Need, String)>,
    /// Footer lines, pinned to the bottom rows.
    pub footer: Vec<String>,
    /// For a line of wrapped text followed by more of it: the line as shown
    /// when what follows is cut (marked).
    cut: Vec<Option<String>>,
}

/// What [`Frame::fit`] leaves out to make room.
#[derive(Clone, Copy)]
enum Drop {
    /// Lines needed this much, from the bottom up, down to a number of them.
    Lines(Need, usize),
    /// The footer.
    Footer,
}

impl Frame {
    /// Adds a line.
    pub fn push(&mut self, line: impl Into<String>) {
        self.push_as(Need::Useful, line);
    }

    /// Adds a line that is needed this much.
    pub fn push_as(&mut self, need: Need, line: impl Into<String>) {
        self.lines.push((need, line.into()));
        self.cut.push(None);
    }

    /// Adds an empty line.
    pub fn blank(&mut self) {
        self.push_as(Need::Spare, String::new());
    }

    /// Adds `text` clipped to `width` columns, painted in `tone` and needed this much.
    pub fn clipped(&mut self, p: &Palette, need: Need, text: &str, width: usize, tone: Tone) {
        self.push_as(need, p.paint(&clip(text, width), tone));
    }

    /// Adds `text` wrapped to a `width`-column terminal (the last column
    /// left free), each line painted in `tone` and needed this much.
    /// Each line but the last knows how it shows when the rest is cut.
    pub fn wrapped(&mut self, p: &Palette, need: Need, text: &str, width: usize, tone: Tone) {
        let lines = wrap(text, width - 1, "", "");
        let last = lines.len() - 1;
        let marker = if crate::text::ascii() { "..." } else { "…" };
        for (i, line) in lines.into_iter().enumerate() {
            let cut =
                (i < last).then(|| p.paint(&clip(&format!("{line} {marker}"), width - 1), tone));
            self.lines.push((need, p.paint(&line, tone)));
            self.cut.push(cut);
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
    /// then the footer if there is room for it (see the module's order).
    pub fn fit(&self, rows: usize) -> (Vec<&str>, Vec<&str>) {
        let n = self.lines.len();
        let mut keep = vec![true; n];
        let mut footer = true;
        let mut used = n + self.footer.len();
        // What went, in order: a line, or the footer (`None`).
        let mut gone: Vec<Option<usize>> = Vec::new();
        let order = [
            Drop::Lines(Need::Spare, 0),
            Drop::Lines(Need::Text, TEXT_LINES),
            Drop::Lines(Need::Useful, 0),
            Drop::Footer,
            Drop::Lines(Need::Bar, 0),
            Drop::Lines(Need::Text, 1),
        ];
        for step in order {
            match step {
                _ if used <= rows => break,
                Drop::Footer => {
                    footer = false;
                    used -= self.footer.len();
                    gone.push(None);
                }
                Drop::Lines(need, floor) => {
                    let mut left = (0..n)
                        .filter(|&i| keep[i] && self.lines[i].0 == need)
                        .count();
                    // From the bottom up, so the top of the screen stays put.
                    for i in (0..n).rev() {
                        if used <= rows || left <= floor {
                            break;
                        }
                        if keep[i] && self.lines[i].0 == need {
                            keep[i] = false;
                            (used, left) = (used - 1, left - 1);
                            gone.push(Some(i));
                        }
                    }
                }
            }
        }
        // Room left over goes back to what went last (the most needed).
        for g in gone.into_iter().rev() {
            let cost = g.map_or(self.footer.len(), |_| 1);
            if used + cost <= rows {
                used += cost;
                match g {
                    Some(i) => keep[i] = true,
                    None => footer = true,
                }
            }
        }
        let body: Vec<&str> = (0..n)
            .filter(|&i| keep[i])
            .map(|i| match self.cut.get(i).and_then(Option::as_ref) {
                Some(cut) if !keep[i + 1] => cut.as_str(),
                _ => self.lines[i].1.as_str(),
            })
            .take(rows)
            .collect();
        let room = rows - body.len();
        let shown = if footer { self.footer.len() } else { 0 };
        let footer = self.footer[..shown.min(room)]
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
    fn small_terminals_drop_spacing_then_text_then_footer_then_bars() {
        let f = frame();
        assert_eq!(
            f.text(7),
            "header\nquestion one\nquestion two\nclock\nbar\nmarks\nkeys"
        );
        assert_eq!(
            f.text(6),
            "question one\nquestion two\nclock\nbar\nmarks\nkeys"
        );
        assert_eq!(f.text(5), "question one\nquestion two\nclock\nbar\nmarks");
        assert_eq!(f.text(3), "question one\nquestion two\nclock");
        assert_eq!(f.text(1), "question one");
    }

    #[test]
    fn a_long_question_is_cut_with_a_marker_before_the_clock_bars_or_keys_go() {
        let p = Palette::plain();
        let mut f = Frame::default();
        f.push("header");
        f.blank();
        let words = "word ".repeat(100);
        f.wrapped(&p, Need::Text, &words, 21, Tone::Plain);
        f.blank();
        f.push_as(Need::Vital, "clock");
        f.push_as(Need::Bar, "bar");
        f.push_as(Need::Bar, "marks");
        f.footer = vec!["keys".into()];
        let text = f.text(10);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "header",
                "word word word word",
                "word word word word",
                "word word word word",
                "word word word word",
                "word word word word…",
                "clock",
                "bar",
                "marks",
                "keys"
            ]
        );
        // Three lines of it stay while other text goes.
        assert_eq!(f.text(8).lines().next(), Some("header"));
        assert_eq!(
            f.text(7),
            "word word word word\nword word word word\nword word word word…\nclock\nbar\nmarks\nkeys"
        );
        // At the last, one line of it and the clock.
        assert_eq!(f.text(2), "word word word word…\nclock");
    }

    #[test]
    fn drawing_never_writes_a_newline() {
        let mut out = Vec::new();
        draw(&mut out, &frame(), 5).unwrap();
        assert!(!out.contains(&b'\n'));
        assert!(String::from_utf8_lossy(&out).contains("question two"));
    }
}
