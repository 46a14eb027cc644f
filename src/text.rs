//! Text as it is shown: every string that came from a file is made safe
//! before it reaches a terminal ([`safe`]), widths are display columns (CJK
//! and emoji take two, combining marks none), and lines are wrapped or
//! clipped to a width. Pure functions, used from every layer.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Whether output is plain ASCII: set once at start-up, from the locale and
/// `TERM` (see [`unicode_ok`]); Unicode until then.
static ASCII: AtomicBool = AtomicBool::new(false);

/// Makes every text shown from now on plain ASCII (`true`), or not.
pub fn set_ascii(on: bool) {
    ASCII.store(on, Ordering::Relaxed);
}

/// Whether text is shown in plain ASCII.
pub fn ascii() -> bool {
    ASCII.load(Ordering::Relaxed)
}

/// The ASCII for a character the program itself prints: a look-alike as
/// wide as it where there is one (bars, strips and tables keep their
/// columns), so layout done before the fold still holds.
fn ascii_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '·' | '–' | '—' | '░' => "-",
        '…' => "...",
        '█' => "#",
        '▇' => "%",
        '▆' => "*",
        '▅' => "+",
        '▄' | '▌' => "=",
        '▃' => "-",
        '▂' => ".",
        '▁' => "_",
        '▲' => "^",
        '▶' | '↳' => ">",
        '→' => "->",
        '←' => "<-",
        '•' | '●' => "*",
        '×' => "x",
        '≥' => ">=",
        '≤' => "<=",
        '±' => "+-",
        '‘' | '’' => "'",
        '“' | '”' => "\"",
        _ => return None,
    })
}

/// `s` in ASCII when [`ascii`] is on (else as it is): the program's own
/// symbols as look-alikes, other text transliterated (`é` as `e`), `?` for
/// what has no ASCII form. The last step of all output, so nothing else
/// reaches a terminal that cannot show it.
pub fn shown(s: &str) -> Cow<'_, str> {
    if !ascii() || s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_ascii(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_ascii(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c);
    } else {
        let a = ascii_symbol(c).or_else(|| deunicode::deunicode_char(c));
        out.push_str(a.unwrap_or("?"));
    }
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls
/// (ESC among them), DEL, and the bidirectional overrides, isolates and
/// marks that reorder what is shown.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Text from a file (a bank, plan, session, config or file name) as it may be
/// shown: line breaks and tabs become spaces and every other unsafe character
/// (see [`is_unsafe`]) is written as a visible escape such as `\u{1b}`, so the
/// text is shown, never obeyed; in plain ASCII (see [`shown`]) when [`ascii`]
/// is on, so widths measured after it hold on the terminal.
pub fn safe(s: &str) -> Cow<'_, str> {
    safe_as(s, ascii())
}

/// [`safe`], folded to ASCII when `ascii` is true whatever [`ascii`] says
/// (a screen drawn for a terminal other than this one, as in tests).
pub fn safe_as(s: &str, ascii: bool) -> Cow<'_, str> {
    let fold = ascii && !s.is_ascii();
    if !fold && !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' | '\r' => out.push(' '),
            c if is_unsafe(c) => out.extend(c.escape_unicode()),
            c if fold => push_ascii(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Display columns of `s` (after [`safe`]).
pub fn width(s: &str) -> usize {
    s.width()
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

/// Cuts `s` to `width` columns, marking the cut with `…` (`...` in ASCII,
/// or as much of it as fits).
pub fn clip(s: &str, width: usize) -> String {
    let s = safe(s);
    if s.width() <= width {
        return s.into_owned();
    }
    let marker = if ascii() { "..." } else { "…" };
    let room = width.saturating_sub(marker.width());
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if used + marker.width() <= width {
        out.push_str(marker);
    } else {
        out.push_str(&".".repeat(width - used));
    }
    out
}

/// `s` padded with spaces to `width` columns (clipped if wider): a table cell.
pub fn cell(s: &str, width: usize) -> String {
    let s = clip(s, width);
    let pad = width.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(pad))
}

/// Writes `s` to standard output, [`shown`] as the terminal can show it: the
/// one way anything is printed. A reader that left early (`rehearse sessions
/// | head -1`) had all it wanted: that is no error, as for ripgrep, and no
/// "Broken pipe" with exit code 1 (let alone the panic of `print!`).
pub fn write_out(s: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out
        .write_all(shown(s).as_bytes())
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// [`write_out`] where a terminal that closed is no reason to stop either:
/// what cannot be written is dropped.
pub fn print(s: &str) {
    let _ = write_out(s);
}

/// [`print`] for standard error.
pub fn eprint(s: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(shown(s).as_bytes());
}

/// JSON text in ASCII when [`ascii`] is on: every other character as a
/// `\uXXXX` escape, which JSON reads back as the same text.
pub fn json_shown(json: &str) -> Cow<'_, str> {
    if !ascii() || json.is_ascii() {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    Cow::Owned(out)
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
    locale.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    })
}

/// `word` as one word of a shell command line: as it is when every
/// character is safe there, else in single quotes (a quote inside as `'\''`).
pub fn shell_word(word: &str) -> Cow<'_, str> {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=+,@%~".contains(c);
    if !word.is_empty() && word.chars().all(safe) && !word.starts_with('~') {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(format!("'{}'", word.replace('\'', "'\\''")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_only_when_a_shell_would_split_or_expand_them() {
        assert_eq!(shell_word("behavioural"), "behavioural");
        assert_eq!(shell_word("banks/mine.yaml"), "banks/mine.yaml");
        assert_eq!(shell_word("my banks/it's.yaml"), "'my banks/it'\\''s.yaml'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_word("~/x"), "'~/x'");
        assert_eq!(shell_word(""), "''");
    }

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
