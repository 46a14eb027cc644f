//! Past sessions: every directory under the recordings directory, newest
//! first. A session whose `session.yaml` is missing or unreadable is listed
//! as damaged, never a crash.

use super::{Session, Timestamp, Verdict};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One entry of the history.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A session that reads back.
    Ok {
        /// Its directory.
        dir: PathBuf,
        /// Its contents.
        session: Box<Session>,
    },
    /// A directory that should be a session but is not readable as one.
    Damaged {
        /// Its directory.
        dir: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

impl Entry {
    /// The session id (the directory name).
    pub fn id(&self) -> String {
        let dir = match self {
            Entry::Ok { dir, .. } | Entry::Damaged { dir, .. } => dir,
        };
        dir.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    }

    /// Its directory.
    pub fn dir(&self) -> &Path {
        match self {
            Entry::Ok { dir, .. } | Entry::Damaged { dir, .. } => dir,
        }
    }
}

/// Reads every session under `root`, newest first (by start time, then id).
/// A missing root is an empty history.
pub fn list(root: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let dirs: Vec<PathBuf> = read
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    // Parsing YAML dominates; sessions are independent, so spread them over
    // the cores (1,000 sessions: see benches/history.rs).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(dirs.len().div_ceil(64).max(1));
    let chunk = dirs.len().div_ceil(threads).max(1);
    let mut entries: Vec<Entry> = std::thread::scope(|scope| {
        let handles: Vec<_> = dirs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().cloned().map(read_entry).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let key = |e: &Entry| match e {
        Entry::Ok { session, .. } => {
            Timestamp::parse_rfc3339(&session.started).map_or(0, |t| t.unix())
        }
        Entry::Damaged { .. } => 0,
    };
    entries.sort_by_cached_key(|e| (std::cmp::Reverse(key(e)), std::cmp::Reverse(e.id())));
    entries
}

/// Reads one session directory.
fn read_entry(dir: PathBuf) -> Entry {
    let file = dir.join("session.yaml");
    if !file.exists() {
        return Entry::Damaged {
            dir,
            reason: "no session.yaml".into(),
        };
    }
    match super::load(&file) {
        Ok(session) => Entry::Ok {
            dir,
            session: Box::new(session),
        },
        Err(e) => Entry::Damaged {
            dir,
            reason: format!("{:#}", e).replace(&format!("{} ", file.display()), ""),
        },
    }
}

/// Answers given (not skipped).
pub fn answered(s: &Session) -> usize {
    s.items
        .iter()
        .filter(|i| i.verdict != Verdict::Skipped)
        .count()
}

/// Recordings: answers with one, or a talk's.
pub fn recorded(s: &Session) -> usize {
    let talk = s.talk.as_ref().is_some_and(|t| t.recording.is_some());
    s.items.iter().filter(|i| i.recording.is_some()).count() + usize::from(talk)
}

/// Total speaking time across analysed recordings; `None` when none was analysed.
pub fn speaking(s: &Session) -> Option<Duration> {
    let mut analysed = s
        .items
        .iter()
        .filter_map(|i| i.analysis.as_ref())
        .peekable();
    analysed.peek()?;
    Some(analysed.map(|a| a.speaking).sum())
}

/// Total answering time (pauses excluded).
pub fn answering(s: &Session) -> Duration {
    s.items
        .iter()
        .map(|i| Duration::from_secs_f64(i.duration.max(0.0)))
        .sum()
}
