//! Plain-text layout: terminal width and word wrapping, so lines stay narrower
//! than the terminal.

use std::io::IsTerminal;

/// Width to lay text out for: the terminal's (at most 100), or 80 when stdout is
/// not a terminal, so piped output is the same everywhere.
pub fn output_width() -> usize {
    if std::io::stdout().is_terminal() {
        if let Ok((cols, _)) = crossterm::terminal::size() {
            return usize::from(cols).clamp(20, 100);
        }
    }
    80
}

/// Wraps `text` at word boundaries into lines of at most `width` characters,
/// the first prefixed by `first`, the rest by `rest` (prefixes count toward the width).
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::from(first);
    let mut line_len = first.chars().count();
    let mut empty = true;
    for word in text.split_whitespace() {
        let wlen = word.chars().count();
        if !empty && line_len + 1 + wlen > width {
            lines.push(std::mem::replace(&mut line, String::from(rest)));
            line_len = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += wlen;
        empty = false;
    }
    lines.push(line);
    lines
}

/// Cuts `s` to `width` characters, marking the cut with `…`.
pub fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_between_words_and_indents_continuations() {
        let got = wrap("one two three four five six", 14, "1. ", "   ");
        assert_eq!(got, vec!["1. one two", "   three four", "   five six"]);
        assert!(got.iter().all(|l| l.chars().count() <= 14));
    }

    #[test]
    fn clipping_marks_the_cut_and_keeps_the_width() {
        assert_eq!(clip("interview", 20), "interview");
        assert_eq!(clip("interview", 6), "inter…");
        assert_eq!(clip("interview", 6).chars().count(), 6);
    }

    #[test]
    fn a_word_longer_than_the_width_stands_alone() {
        let got = wrap("a supercalifragilistic b", 10, "", "");
        assert_eq!(got, vec!["a", "supercalifragilistic", "b"]);
    }
}
