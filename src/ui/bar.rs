//! Progress bars. indicatif renders them; on an interactive screen its output
//! is captured as a string so the screen can place the bar among other lines.

use super::style::Tone;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};
use std::io;
use std::sync::{Arc, Mutex};

/// An indicatif draw target that keeps the last line drawn instead of printing it.
#[derive(Debug, Clone, Default)]
struct Capture {
    line: Arc<Mutex<String>>,
    width: u16,
}

impl Capture {
    fn edit(&self, f: impl FnOnce(&mut String)) -> io::Result<()> {
        let mut line = self
            .line
            .lock()
            .map_err(|_| io::Error::other("bar capture poisoned"))?;
        f(&mut line);
        Ok(())
    }
}

impl TermLike for Capture {
    fn width(&self) -> u16 {
        self.width
    }
    fn move_cursor_up(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn write_line(&self, s: &str) -> io::Result<()> {
        self.write_str(s)
    }
    fn write_str(&self, s: &str) -> io::Result<()> {
        self.edit(|line| {
            // A carriage return starts the line over, as on a terminal.
            match s.rfind('\r') {
                Some(i) => {
                    line.clear();
                    line.push_str(&s[i + 1..]);
                }
                None => line.push_str(s),
            }
        })
    }
    fn clear_line(&self) -> io::Result<()> {
        self.edit(String::clear)
    }
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }
}

/// A bar of fixed width whose current look is read back as a string.
#[derive(Debug)]
pub struct CapturedBar {
    bar: ProgressBar,
    capture: Capture,
    width: usize,
    colour: bool,
    tone: Option<Tone>,
}

impl CapturedBar {
    /// A bar `width` cells wide for a quantity of `len` units.
    pub fn new(len: u64, width: usize, colour: bool) -> CapturedBar {
        // indicatif colours only what console deems a colour terminal; the
        // caller has already decided (NO_COLOR, interactive screen).
        if colour {
            console::set_colors_enabled(true);
        }
        let capture = Capture {
            line: Arc::default(),
            width: u16::try_from(width + 1).unwrap_or(u16::MAX),
        };
        let target = ProgressDrawTarget::term_like(Box::new(capture.clone()));
        CapturedBar {
            bar: ProgressBar::with_draw_target(Some(len.max(1)), target),
            capture,
            width,
            colour,
            tone: None,
        }
    }

    /// Renders the bar at `pos` in `tone`.
    pub fn render(&mut self, pos: u64, tone: Tone) -> String {
        if self.tone != Some(tone) {
            let template = if self.colour {
                format!("{{bar:{}.{}/black}}", self.width, tone.bar_colour())
            } else {
                format!("{{bar:{}}}", self.width)
            };
            if let Ok(style) = ProgressStyle::with_template(&template) {
                self.bar.set_style(style.progress_chars("█▌░"));
            }
            self.tone = Some(tone);
        }
        self.bar
            .set_position(pos.min(self.bar.length().unwrap_or(pos)));
        self.bar.force_draw();
        self.capture
            .line
            .lock()
            .map(|l| l.trim_end().to_string())
            .unwrap_or_default()
    }

    /// Changes the quantity the bar fills toward.
    pub fn set_len(&mut self, len: u64) {
        self.bar.set_length(len.max(1));
    }
}

/// A live bar on stderr for line-mode commands (mic check, playback),
/// hidden when stderr is not a terminal so pipes and logs stay clean.
pub fn live_bar(len: u64, template: &str) -> ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar =
        ProgressBar::with_draw_target(Some(len.max(1)), ProgressDrawTarget::stderr_with_hz(20));
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("█▌░"));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captured_bar_fills_in_proportion() {
        let mut bar = CapturedBar::new(100, 20, false);
        let half = bar.render(50, Tone::Good);
        assert_eq!(half.chars().count(), 20, "{half:?}");
        assert_eq!(half.chars().filter(|&c| c == '█').count(), 10, "{half:?}");
        assert_eq!(half.chars().filter(|&c| c == '░').count(), 9, "{half:?}");
        let full = bar.render(150, Tone::Bad);
        assert_eq!(full, "█".repeat(20));
        let empty = bar.render(0, Tone::Short);
        assert_eq!(empty, "░".repeat(20));
    }

    #[test]
    fn coloured_bar_carries_escape_codes() {
        let mut bar = CapturedBar::new(10, 10, true);
        let s = bar.render(5, Tone::Bad);
        assert!(s.contains('\u{1b}'), "{s:?}");
    }
}
