//! Styles for timing phases, colourless when `NO_COLOR` is set
//! (<https://no-color.org>), and symbols for what the terminal can show.

use crate::timing::Phase;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

/// The feeling a piece of text carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Nothing special.
    Plain,
    /// Headings and keys.
    Strong,
    /// Secondary text.
    Dim,
    /// Below min.
    Short,
    /// On target.
    Good,
    /// Wrapping up.
    Warn,
    /// Over time, errors.
    Bad,
}

impl Tone {
    /// The tone of a timing phase.
    pub fn of(phase: Phase) -> Tone {
        match phase {
            Phase::TooShort => Tone::Short,
            Phase::OnTarget => Tone::Good,
            Phase::WrapUp => Tone::Warn,
            Phase::Over => Tone::Bad,
        }
    }
}

/// Whether to colour output: not when `NO_COLOR` is set to anything
/// non-empty, nor on a terminal that says it is `dumb`.
pub fn colour_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// Paints text in a tone, or leaves it plain when colour is off; picks
/// Unicode or ASCII symbols for what the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    colour: bool,
    unicode: bool,
}

impl Palette {
    /// A palette following `NO_COLOR`, the locale and `TERM`.
    pub fn from_env() -> Palette {
        Palette {
            colour: colour_enabled(),
            unicode: super::text::unicode_ok(),
        }
    }

    /// No colour, Unicode symbols: what tests read.
    pub fn plain() -> Palette {
        Palette {
            colour: false,
            unicode: true,
        }
    }

    /// No colour, ASCII symbols: a terminal that shows only ASCII.
    pub fn ascii() -> Palette {
        Palette {
            colour: false,
            unicode: false,
        }
    }

    /// Whether the terminal shows Unicode.
    pub fn unicode(&self) -> bool {
        self.unicode
    }

    /// `fancy` when the terminal shows Unicode, else `plain`.
    pub fn sym(&self, fancy: &'static str, plain: &'static str) -> &'static str {
        if self.unicode { fancy } else { plain }
    }

    /// `text` marked as the one in focus (the word being heard): in reverse
    /// video, or in brackets where there is no styling.
    pub fn mark(&self, text: &str) -> Span<'static> {
        if self.colour {
            Span::styled(text.to_string(), Modifier::REVERSED)
        } else {
            Span::raw(format!("[{text}]"))
        }
    }

    /// The style of `tone`: none when colour is off.
    pub fn style(&self, tone: Tone) -> Style {
        if !self.colour {
            return Style::new();
        }
        match tone {
            Tone::Plain => Style::new(),
            Tone::Strong => Style::new().add_modifier(Modifier::BOLD),
            Tone::Dim => Style::new().fg(Color::DarkGray),
            Tone::Short => Style::new().fg(Color::Cyan),
            Tone::Good => Style::new().fg(Color::Green),
            Tone::Warn => Style::new().fg(Color::Yellow),
            Tone::Bad => Style::new().fg(Color::Red),
        }
    }

    /// `text` in `tone`.
    pub fn paint(&self, text: &str, tone: Tone) -> Span<'static> {
        Span::styled(text.to_string(), self.style(tone))
    }
}
