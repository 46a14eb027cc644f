//! The one way in: every file the program reads (banks, plans, the config,
//! session files) comes through here. Regular files only, read up to a cap,
//! checked as UTF-8, parsed once into typed structs; every failure becomes a
//! [`Problem`] that names the file, the place and how to fix it.

#[cfg(test)]
pub(crate) mod heap;
pub mod locate;
mod problem;
pub mod raw;
pub mod schema;
pub mod yaml;

pub use locate::{Locator, Pos};
pub use problem::{Problem, Problems, closest, problem};
pub use schema::{Check, Field, Parsed, Schema};

use std::io::Read;
use std::path::Path;

/// What kind of file is being read, for the messages.
pub struct Kind {
    /// `bank`, `plan`, `config file`, `session file`.
    pub noun: &'static str,
    /// Larger files are refused: at most this many bytes are ever read.
    pub max_bytes: u64,
    /// How to fix a path that does not exist.
    pub not_found_hint: &'static str,
    /// How to fix a file that is too large.
    pub too_big_hint: &'static str,
}

/// A problem for an I/O error on `name`.
pub fn io_problem(name: &str, e: &std::io::Error, kind: &Kind) -> Problem {
    let (what, hint) = match e.kind() {
        std::io::ErrorKind::NotFound => ("no such file or directory".into(), kind.not_found_hint),
        std::io::ErrorKind::PermissionDenied => (
            "cannot read: permission denied".into(),
            "check the file's permissions (`ls -l`)",
        ),
        _ => (
            format!("cannot read: {e}"),
            "check that the path is a readable file",
        ),
    };
    problem(name, None, what, hint)
}

/// Opens `path` for reading if it is a regular file (following symlinks).
///
/// Directories, devices, FIFOs and sockets are refused before opening, so
/// `/dev/zero` cannot fill memory and a FIFO cannot hang the program; the
/// file is opened non-blocking and checked again in case it changed between.
pub fn open(path: &Path, name: &str, kind: &Kind) -> Result<std::fs::File, Problem> {
    use std::os::unix::fs::OpenOptionsExt;
    let not_regular = |meta: &std::fs::Metadata| {
        let what = if meta.is_dir() {
            "is a directory, not a file".to_string()
        } else {
            format!(
                "is not a regular file (a device, FIFO or socket), so it is not read as a {}",
                kind.noun
            )
        };
        problem(name, None, what, "name a regular file")
    };
    let meta = std::fs::metadata(path).map_err(|e| io_problem(name, &e, kind))?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| io_problem(name, &e, kind))?;
    let meta = file.metadata().map_err(|e| io_problem(name, &e, kind))?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok(file)
}

/// Reads at most `kind.max_bytes` from `reader`; one byte more means too big.
pub fn read_capped(reader: impl Read, name: &str, kind: &Kind) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::new();
    reader
        .take(kind.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_problem(name, &e, kind))?;
    if bytes.len() as u64 > kind.max_bytes {
        return Err(problem(
            name,
            None,
            format!(
                "file is larger than a {} may be ({})",
                kind.noun,
                size(kind.max_bytes)
            ),
            kind.too_big_hint,
        ));
    }
    Ok(bytes)
}

/// A file size as a cap is written: `4 MiB`, or bytes when not whole MiB.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// The text of the regular file at `path` without a byte-order mark, or why it cannot be had.
pub fn read_text(path: &Path, name: &str, kind: &Kind) -> Result<String, Problem> {
    let file = open(path, name, kind)?;
    text(read_capped(file, name, kind)?, name)
}

/// Like [`read_text`], but a path where nothing exists is `Ok(None)`: for
/// files that are optional, such as the config file.
pub fn read_text_if_exists(
    path: &Path,
    name: &str,
    kind: &Kind,
) -> Result<Option<String>, Problem> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        _ => read_text(path, name, kind).map(Some),
    }
}

/// `bytes` as UTF-8 text without a byte-order mark, or the line and column of
/// the first byte that is not UTF-8.
pub fn text(bytes: Vec<u8>, name: &str) -> Result<String, Problem> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            // `good` is valid UTF-8 up to here, so this never replaces anything.
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(problem(
                name,
                Some(Pos { line, col }),
                "not UTF-8 text".into(),
                "save the file with UTF-8 encoding",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: Kind = Kind {
        noun: "test file",
        max_bytes: 16,
        not_found_hint: "check the path",
        too_big_hint: "make it smaller",
    };

    fn read(path: &Path) -> Result<String, Problem> {
        read_text(path, "f", &KIND)
    }

    #[test]
    fn devices_fifos_and_directories_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        for path in [Path::new("/dev/zero"), &fifo] {
            let e = read(path).unwrap_err();
            assert!(e.what.contains("not a regular file"), "{}", e.what);
        }
        assert!(read(dir.path()).unwrap_err().what.contains("directory"));
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(read(&link).unwrap_err().what.contains("not a regular file"));
    }

    #[test]
    fn reading_stops_one_byte_past_the_cap() {
        let e = read_capped(std::io::repeat(b'a'), "f", &KIND).unwrap_err();
        assert_eq!(e.what, "file is larger than a test file may be (16 bytes)");
        assert_eq!(size(4 << 20), "4 MiB");
        assert_eq!(read_capped(&[b'a'; 16][..], "f", &KIND).unwrap().len(), 16);
    }

    #[test]
    fn bad_utf8_is_placed_by_line_and_column_and_a_bom_is_dropped() {
        let e = text(b"ok\nab\xffc".to_vec(), "f").unwrap_err();
        assert_eq!(e.pos, Some(Pos { line: 2, col: 3 }));
        assert_eq!(text("\u{feff}x".as_bytes().to_vec(), "f").unwrap(), "x");
    }
}
