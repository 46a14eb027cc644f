//! Reading a YAML input file (a bank, a plan) as UTF-8 text, with every way
//! that can fail turned into a [`Problem`] naming the file.

use super::locate::Pos;
use super::problem::Problem;
use std::path::Path;

/// What kind of file is being read, for the messages.
pub struct Kind {
    /// `bank`, `plan`.
    pub noun: &'static str,
    /// Larger files are refused before reading, so a runaway file cannot eat memory.
    pub max_bytes: u64,
    /// How to fix a path that does not exist.
    pub not_found_hint: &'static str,
    /// How to fix a file that is too large.
    pub too_big_hint: &'static str,
}

/// A problem for an I/O error on `name`.
pub fn io_problem(name: &str, e: &std::io::Error, kind: &Kind) -> Problem {
    let (what, hint) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            "no such file or directory".to_string(),
            kind.not_found_hint.to_string(),
        ),
        std::io::ErrorKind::PermissionDenied => (
            "cannot read: permission denied".to_string(),
            "check the file's permissions (`ls -l`)".to_string(),
        ),
        _ => (
            format!("cannot read: {e}"),
            "check that the path is a readable file".to_string(),
        ),
    };
    Problem {
        file: name.to_string(),
        pos: None,
        subject: None,
        what,
        hint,
    }
}

/// The file's text without a byte-order mark, or why it cannot be had.
pub fn read_text(path: &Path, name: &str, kind: &Kind) -> Result<String, Problem> {
    let problem = |pos: Option<Pos>, what: String, hint: &str| Problem {
        file: name.to_string(),
        pos,
        subject: None,
        what,
        hint: hint.to_string(),
    };
    let size = std::fs::metadata(path)
        .map_err(|e| io_problem(name, &e, kind))?
        .len();
    if size > kind.max_bytes {
        return Err(problem(
            None,
            format!(
                "file is {size} bytes, more than a {} may be ({})",
                kind.noun, kind.max_bytes
            ),
            kind.too_big_hint,
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_problem(name, &e, kind))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text)),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(problem(
                Some(Pos { line, col }),
                "not UTF-8 text".into(),
                "save the file with UTF-8 encoding",
            ))
        }
    }
}
