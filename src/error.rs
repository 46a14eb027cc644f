//! Errors the app layer reports, and how each maps to an exit code.
//!
//! Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input, 128 + N
//! when signal N ended a session (after saving it).

use crate::input::Problems;

/// Bad usage or bad input that is not a bank file problem; exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct BadInput {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl BadInput {
    /// A bad-input error with its fix.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> BadInput {
        BadInput {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// A signal ended the command, after it saved what it could; exit code 128 + the signal.
#[derive(Debug, thiserror::Error)]
#[error("stopped by {}{}", signal_name(*.signal),
    .saved.as_ref().map(|s| format!("; {s}")).unwrap_or_default())]
pub struct Interrupted {
    /// The signal number.
    pub signal: i32,
    /// What became of the session, if the command saves one: where it is
    /// saved, or that it is not fully saved.
    pub saved: Option<String>,
}

/// The conventional name of a signal, for messages.
pub fn signal_name(sig: i32) -> &'static str {
    signal_hook::low_level::signal_name(sig).unwrap_or("a signal")
}

/// Prints `err` once to stderr, as `rehearse: error: …` with hint lines, and
/// returns the exit code.
pub fn report(err: &anyhow::Error) -> u8 {
    let mut out = String::new();
    let code = if let Some(Problems(list)) = err.downcast_ref::<Problems>() {
        for p in list {
            out.push_str(&format!("rehearse: error: {p}\n  hint: {}\n", p.hint));
        }
        if list.len() > 1 {
            out.push_str(&format!("rehearse: {} problems found\n", list.len()));
        }
        2
    } else if let Some(bad) = err.downcast_ref::<BadInput>() {
        out.push_str(&format!("rehearse: error: {bad}\n  hint: {}\n", bad.hint));
        2
    } else if let Some(int) = err.downcast_ref::<Interrupted>() {
        out.push_str(&format!("rehearse: {int}\n"));
        u8::try_from(128 + int.signal).unwrap_or(1)
    } else {
        out.push_str(&format!("rehearse: error: {err:#}\n"));
        1
    };
    // Messages quote arguments and file contents: made safe here, once.
    let shown: String = out
        .lines()
        .map(|line| crate::text::safe(line) + "\n")
        .collect();
    crate::text::eprint(&shown);
    code
}

/// Prints a command-line error, or the help or version asked for, as clap
/// would; as plain text (no colour) when it must be changed to be shown:
/// on a terminal that shows only ASCII, or when it quotes control
/// characters typed as arguments. Returns the exit code.
pub fn usage(e: clap::Error) -> u8 {
    crate::text::set_ascii(!crate::text::unicode_ok());
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    let plain = e.render().to_string();
    let unsafe_char = |c: char| c != '\n' && crate::text::is_unsafe(c);
    if !crate::text::ascii() && !plain.chars().any(unsafe_char) {
        let _ = e.print();
        return code;
    }
    let shown: String = plain
        .lines()
        .map(|line| crate::text::safe(line) + "\n")
        .collect();
    if e.use_stderr() {
        crate::text::eprint(&shown);
    } else {
        crate::text::print(&shown);
    }
    code
}
