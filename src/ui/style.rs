//! Colours for timing phases, off when `NO_COLOR` is set (<https://no-color.org>).

use crate::timing::Phase;
use crossterm::style::Stylize;

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
    pub fn mark(&self, text: &str) -> String {
        if self.colour {
            text.reverse().to_string()
        } else {
            format!("[{text}]")
        }
    }

    /// `text` in `tone`.
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        if !self.colour {
            return text.to_string();
        }
        match tone {
            Tone::Plain => text.to_string(),
            Tone::Strong => text.bold().to_string(),
            Tone::Dim => text.dark_grey().to_string(),
            Tone::Short => text.cyan().to_string(),
            Tone::Good => text.green().to_string(),
            Tone::Warn => text.yellow().to_string(),
            Tone::Bad => text.red().to_string(),
        }
    }
}
