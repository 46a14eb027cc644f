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

    /// indicatif's colour name for bars in this tone.
    pub fn bar_colour(self) -> &'static str {
        match self {
            Tone::Short => "cyan",
            Tone::Good => "green",
            Tone::Warn => "yellow",
            Tone::Bad => "red",
            Tone::Plain | Tone::Strong | Tone::Dim => "white",
        }
    }
}

/// Whether to colour output: not when `NO_COLOR` is set to anything non-empty.
pub fn colour_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Paints text in a tone, or leaves it plain when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    colour: bool,
}

impl Palette {
    /// A palette following `NO_COLOR`.
    pub fn from_env() -> Palette {
        Palette {
            colour: colour_enabled(),
        }
    }

    /// Whether colour is on.
    pub fn colour(&self) -> bool {
        self.colour
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
