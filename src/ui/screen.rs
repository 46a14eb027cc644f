//! A screen's lines and how they fit: a frame of styled lines, each with
//! how much it is needed, and footer lines pinned to the last rows; drawn
//! with ratatui (which diffs and clears). On a small terminal the least
//! needed lines go first: blank lines, then the question's lines past its
//! third (cut with a marker), other text, the footer, bars, and the
//! question's lines past its first; whatever then fits again comes back,
//! most needed first. The clock always shows.

use super::style::{Palette, Tone};
use super::text::{clip, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

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
/// Every span in it was made safe ([`crate::text::safe`]) on the way in.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Body lines, each already narrower than the terminal.
    lines: Vec<(Need, Line<'static>)>,
    /// Footer lines, pinned to the bottom rows.
    footer: Vec<Line<'static>>,
    /// For a line of wrapped text followed by more of it: the line as shown
    /// when what follows is cut (marked).
    cut: Vec<Option<Line<'static>>>,
    /// Text is folded to ASCII.
    ascii: bool,
}

/// What [`Frame::fit`] leaves out to make room.
#[derive(Clone, Copy)]
enum Drop {
    /// Lines needed this much, from the bottom up, down to a number of them.
    Lines(Need, usize),
    /// The footer.
    Footer,
}

/// `line` with every span made safe, folded to ASCII when `ascii`.
fn safe(line: impl Into<Line<'static>>, ascii: bool) -> Line<'static> {
    let mut line = line.into();
    for span in &mut line.spans {
        if let std::borrow::Cow::Owned(s) = crate::text::safe_as(&span.content, ascii) {
            span.content = s.into();
        }
    }
    line
}

impl Frame {
    /// An empty frame for a terminal `p` describes.
    pub fn new(p: &Palette) -> Frame {
        Frame {
            ascii: !p.unicode(),
            ..Frame::default()
        }
    }

    /// Adds a line.
    pub fn push(&mut self, line: impl Into<Line<'static>>) {
        self.push_as(Need::Useful, line);
    }

    /// Adds a line that is needed this much.
    pub fn push_as(&mut self, need: Need, line: impl Into<Line<'static>>) {
        self.lines.push((need, safe(line, self.ascii)));
        self.cut.push(None);
    }

    /// Adds an empty line.
    pub fn blank(&mut self) {
        self.push_as(Need::Spare, "");
    }

    /// Adds `text` clipped to `width` columns, styled in `tone` and needed this much.
    pub fn clipped(&mut self, p: &Palette, need: Need, text: &str, width: usize, tone: Tone) {
        let text = crate::text::safe_as(text, self.ascii);
        self.push_as(need, p.paint(&clip(&text, width), tone));
    }

    /// Adds `text` wrapped to a `width`-column terminal (the last column
    /// left free), each line styled in `tone` and needed this much.
    /// Each line but the last knows how it shows when the rest is cut.
    pub fn wrapped(&mut self, p: &Palette, need: Need, text: &str, width: usize, tone: Tone) {
        let text = crate::text::safe_as(text, self.ascii);
        let lines = wrap(&text, width - 1, "", "");
        let last = lines.len() - 1;
        let marker = p.sym("…", "...");
        for (i, line) in lines.into_iter().enumerate() {
            let cut = (i < last).then(|| {
                p.paint(&clip(&format!("{line} {marker}"), width - 1), tone)
                    .into()
            });
            self.lines.push((need, p.paint(&line, tone).into()));
            self.cut.push(cut);
        }
    }

    /// Sets the footer: `keys` wrapped like [`Frame::wrapped`], dimmed.
    pub fn set_footer(&mut self, p: &Palette, keys: &str, width: usize) {
        let keys = crate::text::safe_as(keys, self.ascii);
        self.footer = wrap(&keys, width - 1, "", "")
            .into_iter()
            .map(|l| p.paint(&l, Tone::Dim).into())
            .collect();
    }

    /// Sets the footer to one line as it is.
    pub fn set_footer_line(&mut self, line: impl Into<Line<'static>>) {
        self.footer = vec![safe(line, self.ascii)];
    }

    /// The rows to show on a terminal `rows` high: the body lines that fit,
    /// then the footer if there is room for it (see the module's order).
    pub fn fit(&self, rows: usize) -> (Vec<&Line<'static>>, Vec<&Line<'static>>) {
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
        let body: Vec<&Line> = (0..n)
            .filter(|&i| keep[i])
            .map(|i| match self.cut.get(i).and_then(Option::as_ref) {
                Some(cut) if !keep[i + 1] => cut,
                _ => &self.lines[i].1,
            })
            .take(rows)
            .collect();
        let room = rows - body.len();
        let shown = if footer { self.footer.len() } else { 0 };
        let footer = self.footer[..shown.min(room)].iter().collect();
        (body, footer)
    }

    /// The text a person would see on a terminal `rows` high (for tests).
    pub fn text(&self, rows: usize) -> String {
        let (body, footer) = self.fit(rows);
        body.into_iter()
            .chain(footer)
            .map(Line::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The kept body at the top of `area`, the footer on its last rows; what
/// lies between is blank.
impl Widget for &Frame {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (body, footer) = self.fit(usize::from(area.height));
        let [top, _, bottom] = Layout::vertical([
            Constraint::Length(body.len() as u16),
            Constraint::Fill(1),
            Constraint::Length(footer.len() as u16),
        ])
        .areas(area);
        for (line, row) in body.into_iter().zip(top.rows()) {
            line.render(row, buf);
        }
        for (line, row) in footer.into_iter().zip(bottom.rows()) {
            line.render(row, buf);
        }
    }
}

/// A frame as a terminal `cols`×`rows` shows it, drawn by ratatui on its
/// test backend: each row quoted, so trailing blanks show.
#[cfg(test)]
pub fn drawn(frame: &Frame, cols: u16, rows: u16) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut t = Terminal::new(TestBackend::new(cols, rows)).expect("a test terminal");
    t.draw(|f| f.render_widget(frame, f.area())).expect("drawn");
    t.backend().to_string()
}

/// What snapshot tests look at: the screen `view` gives for a width at
/// 20×5, 80×24 and 120×40, then at 80×24 on an ASCII-only terminal.
#[cfg(test)]
pub fn at_sizes(view: impl Fn(&Palette, usize) -> Frame) -> String {
    let sizes = [
        (Palette::plain(), 20, 5),
        (Palette::plain(), 80, 24),
        (Palette::plain(), 120, 40),
        (Palette::ascii(), 80, 24),
    ];
    sizes
        .into_iter()
        .map(|(p, cols, rows)| {
            let kind = if p.unicode() { "" } else { " ASCII" };
            let frame = view(&p, usize::from(cols));
            format!("{cols}x{rows}{kind}:\n{}", drawn(&frame, cols, rows))
        })
        .collect::<Vec<_>>()
        .join("\n")
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
        assert_eq!(frame().fit(24).1, [&Line::from("keys")]);
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
    fn the_body_is_drawn_from_the_top_and_the_footer_on_the_last_rows() {
        use ratatui::{Terminal, backend::TestBackend};
        let mut t = Terminal::new(TestBackend::new(14, 10)).unwrap();
        t.draw(|f| f.render_widget(&frame(), f.area())).unwrap();
        t.backend().assert_buffer_lines([
            "header        ",
            "              ",
            "question one  ",
            "question two  ",
            "              ",
            "clock         ",
            "bar           ",
            "marks         ",
            "              ",
            "keys          ",
        ]);
    }

    #[test]
    fn text_from_outside_is_made_safe_and_folded_for_an_ascii_terminal() {
        let mut f = Frame::new(&Palette::ascii());
        f.push("caf\u{e9} \u{1b}[2J");
        f.clipped(
            &Palette::ascii(),
            Need::Useful,
            "a\u{202e}b · c",
            20,
            Tone::Plain,
        );
        assert_eq!(f.text(5), "cafe \\u{1b}[2J\na\\u{202e}b - c");
    }
}
