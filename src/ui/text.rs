//! Plain-text layout and safety: every string that came from a file is made
//! safe before it reaches the terminal ([`safe`]), widths are display columns
//! (CJK and emoji take two, combining marks none), and lines are wrapped or
//! clipped to stay narrower than the terminal.

use std::io::IsTerminal;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use crate::input::{is_unsafe, safe};

/// A path as it is shown: made safe like any other text from outside.
pub fn safe_path(p: &std::path::Path) -> String {
    safe(&p.display().to_string()).into_owned()
}

/// Writes `s` to standard output. A terminal that closed or a pipe whose
/// reader left is no reason to panic: what cannot be written is dropped.
pub fn print(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|()| out.flush());
}

/// [`print`] for standard error.
pub fn eprint(s: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// Display columns of `s` (after [`safe`]).
pub fn width(s: &str) -> usize {
    s.width()
}

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

/// Whether the terminal can show more than ASCII: not with `TERM=dumb`, nor
/// when the locale (`LC_ALL`, `LC_CTYPE`, `LANG`, the first one set) is not UTF-8.
pub fn unicode_ok() -> bool {
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return false;
    }
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    match locale {
        Some(l) => {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        }
        None => false,
    }
}

/// Wraps `text` at word boundaries into lines of at most `width` columns, the
/// first prefixed by `first`, the rest by `rest` (prefixes count toward the
/// width). A word wider than a line is cut into pieces that fit.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let text = safe(text);
    let mut lines = Vec::new();
    let mut line = String::from(first);
    let mut used = first.width();
    let mut empty = true;
    for word in text.split_whitespace() {
        for piece in pieces(word, width.saturating_sub(rest.width()).max(1)) {
            let w = piece.width();
            if !empty && used + 1 + w > width {
                lines.push(std::mem::replace(&mut line, String::from(rest)));
                used = rest.width();
                empty = true;
            }
            if !empty {
                line.push(' ');
                used += 1;
            }
            line.push_str(piece);
            used += w;
            empty = false;
        }
    }
    lines.push(line);
    lines
}

/// `word` cut into pieces of at most `width` columns.
fn pieces(word: &str, width: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, c) in word.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > start {
            out.push(&word[start..i]);
            (start, used) = (i, 0);
        }
        used += w;
    }
    out.push(&word[start..]);
    out
}

/// Cuts `s` to `width` columns, marking the cut with `…`.
pub fn clip(s: &str, width: usize) -> String {
    let s = safe(s);
    if s.width() <= width {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` padded with spaces to `width` columns (clipped if wider): a table cell.
pub fn cell(s: &str, width: usize) -> String {
    let s = clip(s, width);
    let pad = width.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

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
    fn a_word_longer_than_the_width_is_cut_to_fit() {
        let got = wrap("a supercalifragilistic b", 10, "", "");
        assert_eq!(got, vec!["a", "supercalif", "ragilistic", "b"]);
    }

    #[test]
    fn widths_count_columns_not_characters() {
        // CJK and emoji take two columns, combining marks and zero-width none.
        let cases = [
            ("面接", 4),
            ("🎤 ok", 5),
            ("e\u{301}", 1),
            ("a\u{200b}b", 2),
        ];
        for (s, w) in cases {
            assert_eq!(width(s), w, "{s:?}");
        }
        assert_eq!(cell("面接の練習", 6), "面接… ");
        assert_eq!(width(&cell("面接", 6)), 6);
        assert!(
            wrap("面接の練習 をする", 6, "", "")
                .iter()
                .all(|l| width(l) <= 6)
        );
    }

    #[test]
    fn text_from_files_cannot_drive_the_terminal() {
        let hostile = "Hello \x1b[31mRED\x1b[0m \x1b]0;PWNED\x07 \x1b[2J\u{9b}2J \u{202e}cba\x7f";
        let shown = safe(hostile);
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert!(shown.contains("Hello \\u{1b}[31mRED"), "{shown}");
        assert_eq!(safe("plain"), Cow::Borrowed("plain"));
        assert_eq!(safe("a\nb\tc"), "a b c");
        for f in [clip(hostile, 80), wrap(hostile, 20, "", "").join("\n")] {
            assert!(!f.contains('\x1b') && !f.contains('\u{9b}'), "{f:?}");
        }
    }
}
