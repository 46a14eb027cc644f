//! Saving a session truthfully: its directory appears with the first thing
//! worth keeping, every save rewrites the whole file (so a failed save is
//! retried by the next), and the answers the file on disk lacks are known.

use super::{Session, Timestamp};
use std::path::PathBuf;

/// Where the session went, for the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saved {
    /// The saved `session.yaml`, if any save succeeded.
    pub path: Option<std::path::PathBuf>,
    /// Answers (1-based) that the saved file lacks, and why.
    pub missing: Vec<usize>,
    /// The last save error, if saving failed.
    pub error: Option<String>,
}

/// Saves a session truthfully: its directory appears with the first thing
/// worth keeping, every save rewrites the whole file, and the answers the
/// file on disk lacks are known.
pub struct Saver {
    root: PathBuf,
    started: Timestamp,
    dir: Option<PathBuf>,
    path: Option<PathBuf>,
    /// Answers the last good save held.
    saved_items: usize,
    error: Option<String>,
}

impl Saver {
    /// A saver for a session started at `started` under `root`.
    pub fn new(root: PathBuf, started: Timestamp) -> Saver {
        Saver {
            root,
            started,
            dir: None,
            path: None,
            saved_items: 0,
            error: None,
        }
    }

    /// The session directory, created now if need be; its name becomes the session's id.
    pub fn dir(&mut self, session: &mut Session) -> anyhow::Result<PathBuf> {
        if let Some(d) = &self.dir {
            return Ok(d.clone());
        }
        let (id, dir) = super::create_dir(&self.root, &self.started)?;
        session.id = id;
        self.dir = Some(dir.clone());
        Ok(dir)
    }

    /// Writes `session` if it holds anything; a failure is remembered, not fatal.
    pub fn save(&mut self, session: &mut Session) {
        if session.items.is_empty() && session.talk.is_none() {
            return;
        }
        let result = self.dir(session).and_then(|dir| super::save(&dir, session));
        match result {
            Ok(path) => {
                self.path = Some(path);
                self.saved_items = session.items.len();
                self.error = None;
            }
            Err(e) => self.error = Some(format!("{e:#}")),
        }
    }

    /// Where things stand, for the summary; a directory left empty (a take
    /// thrown away, nothing answered) is removed.
    pub fn finish(&mut self, session: &Session) -> Saved {
        if self.path.is_none() {
            if let Some(dir) = &self.dir {
                let _ = std::fs::remove_dir(dir);
            }
        }
        if self.error.is_some() {
            // The fallback: the whole session where the user can still keep it.
            if let Ok(text) = serde_yaml::to_string(session) {
                crate::text::eprint(&text);
            }
        }
        Saved {
            path: self.path.clone(),
            missing: (self.saved_items + 1..=session.items.len()).collect(),
            error: self.error.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session;

    fn session() -> Session {
        Session {
            version: session::FORMAT_VERSION,
            id: String::new(),
            kind: session::Kind::Drill,
            started: Timestamp::from_unix(1_795_000_000),
            finished: None,
            completed: false,
            settings: None,
            items: vec![],
            talk: None,
        }
    }

    fn item() -> crate::session::Item {
        serde_yaml::from_str(
            "{id: q, text: Q?, category: c, target: 10, max: 15, start: 0, duration: 5, paused: 0, verdict: on-target}",
        )
        .unwrap()
    }

    #[test]
    fn nothing_is_written_for_a_session_without_answers() {
        let root = tempfile::tempdir().unwrap();
        let mut saver = Saver::new(root.path().join("rec"), Timestamp::from_unix(1_795_000_000));
        let mut s = session();
        saver.save(&mut s);
        let saved = saver.finish(&s);
        assert_eq!(saved, Saved::default());
        assert!(
            !root.path().join("rec").exists()
                || std::fs::read_dir(root.path().join("rec"))
                    .unwrap()
                    .next()
                    .is_none()
        );
    }

    #[test]
    fn the_directory_appears_with_the_first_answer_and_takes_its_name() {
        let root = tempfile::tempdir().unwrap();
        let mut saver = Saver::new(
            root.path().to_path_buf(),
            Timestamp::from_unix(1_795_000_000),
        );
        let mut s = session();
        s.items.push(item());
        saver.save(&mut s);
        let saved = saver.finish(&s);
        let path = saved.path.unwrap();
        assert!(path.ends_with(format!("{}/session.yaml", s.id)), "{path:?}");
        assert!(saved.missing.is_empty() && saved.error.is_none());
    }

    #[test]
    fn a_failed_save_names_the_answers_it_lost_and_a_later_save_recovers_them() {
        let root = tempfile::tempdir().unwrap();
        let mut saver = Saver::new(
            root.path().to_path_buf(),
            Timestamp::from_unix(1_795_000_000),
        );
        let mut s = session();
        s.items.push(item());
        saver.save(&mut s);
        let dir = saver.dir.clone().unwrap();
        // The disk "fills": the directory goes away under the saver.
        std::fs::remove_dir_all(&dir).unwrap();
        s.items.push(item());
        s.items.push(item());
        saver.save(&mut s);
        let report = saver.finish(&s);
        assert_eq!(report.missing, [2, 3]);
        assert!(
            report.error.as_deref().unwrap().contains("cannot save"),
            "{report:?}"
        );
        std::fs::create_dir(&dir).unwrap();
        saver.save(&mut s);
        let report = saver.finish(&s);
        assert!(report.missing.is_empty() && report.error.is_none());
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["session.yaml"], "no temporary file left");
    }
}
