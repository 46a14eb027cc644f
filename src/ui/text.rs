//! Text on the terminal: its width, whether it shows Unicode, and output that
//! never panics on a closed terminal; the layout itself is [`crate::text`].

use std::io::IsTerminal;

pub use crate::text::{cell, clip, eprint, is_unsafe, print, safe, unicode_ok, width, wrap};

/// A path as it is shown: made safe like any other text from outside.
pub fn safe_path(p: &std::path::Path) -> String {
    safe(&p.display().to_string()).into_owned()
}

/// "s" after a count other than one: `format!("{n} answer{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Every line of `text` cut to `width` columns, marked where cut.
pub fn fit_lines(text: &str, width: usize) -> String {
    text.lines().map(|l| clip(l, width) + "\n").collect()
}

/// The terminal's width when standard output is one, else `None`: output
/// for a pipe keeps its full lines.
pub fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(cols, _)| usize::from(cols).max(20))
}

/// Appends `text` wrapped as [`wrap`] does, each line ending in `\n`.
pub fn push_wrapped(out: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    for line in wrap(text, width, first, rest) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// Width to lay text out for: the terminal's (at most 100), or 80 when stdout is
/// not a terminal, so piped output is the same everywhere.
pub fn output_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((cols, _)) = crossterm::terminal::size()
    {
        return usize::from(cols).clamp(20, 100);
    }
    80
}
