//! Past sessions: every directory under the recordings directory, newest
//! first. A session whose `session.yaml` is missing, unreadable or holds a
//! bad value is listed as damaged, with the reason; never a crash.
//! Directories whose names start with a dot (the trash) are not sessions.

use super::{Session, Verdict};
use rayon::prelude::*;
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
    /// The session id (the directory name, or the whole path if it has
    /// none), printable.
    pub fn id(&self) -> String {
        let dir = self.dir();
        let id = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        crate::text::safe(&id).into_owned()
    }

    /// Its directory.
    pub fn dir(&self) -> &Path {
        match self {
            Entry::Ok { dir, .. } | Entry::Damaged { dir, .. } => dir,
        }
    }
}

/// The folder under the recordings directory that `rehearse sessions rm`
/// moves sessions into; listing, stats, focus and replay never look inside.
pub const TRASH: &str = ".trash";

/// Reads every session under `root`, newest first (by start time, then id;
/// damaged ones last). A missing root is an empty history. A directory
/// reached twice (a symbolic link to a session beside it) counts once,
/// under its own name when it is there.
pub fn list(root: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut dirs: Vec<(PathBuf, PathBuf)> = read
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        // Dot-directories are not sessions: the trash ([`TRASH`]) among them.
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."))
        })
        .map(|p| (std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone()), p))
        .collect();
    // Per real directory, the entry that is not a link (then by name) wins.
    dirs.sort_by_cached_key(|(real, p)| (real.clone(), p.is_symlink(), p.clone()));
    dirs.dedup_by(|a, b| a.0 == b.0);
    let dirs: Vec<PathBuf> = dirs.into_iter().map(|(_, p)| p).collect();
    // Parsing dominates and sessions are independent (benches/history.rs).
    let mut entries: Vec<Entry> = dirs.into_par_iter().map(read_entry).collect();
    let key = |e: &Entry| match e {
        Entry::Ok { session, .. } => Some(session.started),
        Entry::Damaged { .. } => None,
    };
    entries.sort_by_cached_key(|e| (std::cmp::Reverse(key(e)), std::cmp::Reverse(e.id())));
    entries
}

/// Reads one session directory.
fn read_entry(dir: PathBuf) -> Entry {
    match super::load(&dir.join("session.yaml")) {
        Ok(session) => Entry::Ok {
            dir,
            session: Box::new(session),
        },
        Err(damage) => Entry::Damaged {
            dir,
            reason: damage.reason,
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

/// Total speaking time across analysed recordings (the answers', or a
/// talk's); `None` when none was analysed.
pub fn speaking(s: &Session) -> Option<Duration> {
    let talk = s.talk.as_ref().and_then(|t| t.analysis.as_ref());
    s.items
        .iter()
        .filter_map(|i| i.analysis.as_ref())
        .chain(talk)
        .map(|a| a.speaking)
        .reduce(|a, b| a.saturating_add(b))
}

/// Total answering time (pauses excluded).
pub fn answering(s: &Session) -> Duration {
    s.items.iter().map(|i| i.duration).sum()
}

/// Every readable session under `root`, newest first; each damaged one is
/// named in a warning on stderr and skipped.
pub fn readable(root: &Path) -> Vec<Session> {
    let entries = list(root);
    warn_damaged(&entries);
    entries
        .into_iter()
        .filter_map(|e| match e {
            Entry::Ok { session, .. } => Some(*session),
            Entry::Damaged { .. } => None,
        })
        .collect()
}

/// Names each damaged session in a warning on stderr.
pub fn warn_damaged(entries: &[Entry]) {
    for e in entries {
        if let Entry::Damaged { reason, .. } = e {
            crate::text::eprint(&format!(
                "rehearse: warning: skipping damaged session {}: {reason}\n",
                e.id()
            ));
        }
    }
}

/// Why no session could be picked: what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFound {
    /// What went wrong.
    pub what: String,
    /// How to fix it.
    pub hint: String,
}

fn not_found(what: String, hint: impl Into<String>) -> NotFound {
    NotFound {
        what,
        hint: hint.into(),
    }
}

/// The session named by `wanted` (an id as listed, with control characters
/// escaped, or the directory's real name, or a unique start of either; or a
/// directory), or the newest one with recordings (naming each damaged one in
/// a warning on standard error).
pub fn find(root: &Path, wanted: Option<&str>) -> Result<(PathBuf, Session), NotFound> {
    let Some(wanted) = wanted else {
        let entries = list(root);
        warn_damaged(&entries);
        let newest = entries.into_iter().find_map(|e| match e {
            Entry::Ok { dir, session } if recorded(&session) > 0 => Some((dir, *session)),
            _ => None,
        });
        let what = format!("no session with recordings in {}", root.display());
        return newest.ok_or_else(|| not_found(what, "record one with `rehearse drill --record`"));
    };
    let matches: Vec<Entry> = if Path::new(wanted).join("session.yaml").exists() {
        vec![read_entry(PathBuf::from(wanted))]
    } else {
        list(root)
            .into_iter()
            .filter(|e| {
                let real = e.dir().file_name().map(|n| n.to_string_lossy());
                e.id().starts_with(wanted) || real.is_some_and(|n| n.starts_with(wanted))
            })
            .collect()
    };
    match matches.as_slice() {
        [Entry::Ok { dir, session }] => Ok((dir.clone(), (**session).clone())),
        [e @ Entry::Damaged { reason, .. }] => Err(not_found(
            format!("session {} is damaged: {reason}", e.id()),
            "`rehearse sessions` lists the sessions that can be replayed",
        )),
        [] => Err(not_found(
            format!(
                "no session `{}` in {}",
                crate::text::safe(wanted),
                root.display()
            ),
            "`rehearse sessions` lists them; give an id or a session directory",
        )),
        many => {
            let ids: Vec<String> = many.iter().map(Entry::id).collect();
            let what = format!(
                "`{}` matches {} sessions",
                crate::text::safe(wanted),
                many.len()
            );
            Err(not_found(
                what,
                format!("give more of the id: {}", ids.join(", ")),
            ))
        }
    }
}
