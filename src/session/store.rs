//! Saving a session truthfully: its directory appears with the first thing
//! worth keeping, every save rewrites the whole file (so a failed save is
//! retried by the next), and what the file on disk lacks is known, down to
//! a rating given after its answer was saved. [`probe`] refuses a directory
//! that cannot hold a session before anything is asked.

use super::{Item, Session, Timestamp};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the session went, for the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saved {
    /// The saved `session.yaml`, if any save succeeded.
    pub path: Option<std::path::PathBuf>,
    /// What the saved file lacks, in order; empty when it holds everything.
    pub unsaved: Vec<Unsaved>,
    /// The last save error, if saving failed.
    pub error: Option<String>,
}

/// Something the session holds that its file on disk does not.
#[derive(Debug, Clone, PartialEq)]
pub enum Unsaved {
    /// A whole answer (1-based).
    Answer(usize),
    /// Part of an answer the file holds in an earlier state: its `rating`,
    /// its `recording`, or `changes` of another kind.
    Part {
        /// The answer, 1-based.
        answer: usize,
        /// What of it.
        what: &'static str,
    },
    /// The talk, whole (`on_disk` is `None`) or past what the file holds:
    /// its talk time there.
    Talk {
        /// Talk time the file holds, if it holds the talk at all.
        on_disk: Option<Duration>,
    },
    /// That the session ended (and whether it was completed).
    End,
}

impl Saved {
    /// Whether the file on disk holds the whole session.
    pub fn complete(&self) -> bool {
        self.error.is_none() && self.unsaved.is_empty()
    }

    /// What the file lacks, as the start of a sentence ("Answer 3 and the
    /// rating of answer 2 were not saved"); `None` when it lacks nothing.
    pub fn lacking(&self) -> Option<String> {
        if self.unsaved.is_empty() {
            return None;
        }
        if self.path.is_none() {
            let talk = self
                .unsaved
                .iter()
                .any(|u| matches!(u, Unsaved::Talk { .. }));
            let what = if talk {
                "The talk was not saved"
            } else {
                "No answer was saved"
            };
            return Some(what.into());
        }
        let answers: Vec<String> = self
            .unsaved
            .iter()
            .filter_map(|u| match u {
                Unsaved::Answer(n) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        let mut phrases = Vec::new();
        match answers.as_slice() {
            [] => {}
            [one] => phrases.push(format!("answer {one}")),
            many => phrases.push(format!("answers {}", and_list(many))),
        }
        for u in &self.unsaved {
            match u {
                Unsaved::Answer(_) => {}
                Unsaved::Part { answer, what } => {
                    phrases.push(format!("the {what} of answer {answer}"))
                }
                Unsaved::Talk { on_disk: None } => phrases.push("the talk".into()),
                Unsaved::Talk { on_disk: Some(t) } => phrases.push(format!(
                    "the talk after {} (the file stops there)",
                    crate::duration::fmt_rounded(*t)
                )),
                Unsaved::End => phrases.push("the end of the session".into()),
            }
        }
        let single = phrases.len() == 1 && answers.len() <= 1;
        let mut sentence = and_list(&phrases);
        if let Some(first) = sentence.get(..1) {
            sentence = first.to_uppercase() + &sentence[1..];
        }
        let verb = if single { "was" } else { "were" };
        Some(format!("{sentence} {verb} not saved"))
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Saves a session truthfully: its directory appears with the first thing
/// worth keeping, every save rewrites the whole file, and what the file on
/// disk lacks is known.
pub struct Saver {
    root: PathBuf,
    started: Timestamp,
    dir: Option<PathBuf>,
    path: Option<PathBuf>,
    /// The session as the last good save wrote it.
    on_disk: Option<Session>,
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
            on_disk: None,
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
                self.on_disk = Some(session.clone());
                self.error = None;
            }
            Err(e) => self.error = Some(format!("{e:#}")),
        }
    }

    /// Where things stand, for the summary; a directory left empty (a take
    /// thrown away, nothing answered) is removed.
    pub fn finish(&mut self, session: &Session) -> Saved {
        if self.path.is_none()
            && let Some(dir) = &self.dir
        {
            let _ = std::fs::remove_dir(dir);
        }
        if self.error.is_some() {
            // The fallback: the whole session where the user can still keep it.
            if let Ok(text) = serde_yaml::to_string(session) {
                crate::text::eprint(&text);
            }
        }
        let unsaved = if self.error.is_some() {
            lacks(self.on_disk.as_ref(), session)
        } else {
            Vec::new()
        };
        Saved {
            path: self.path.clone(),
            unsaved,
            error: self.error.clone(),
        }
    }
}

/// What `now` holds that `on_disk` (the file's contents, if any) does not.
fn lacks(on_disk: Option<&Session>, now: &Session) -> Vec<Unsaved> {
    let mut out = Vec::new();
    let saved_items = on_disk.map_or(&[][..], |s| &s.items[..]);
    for (i, item) in now.items.iter().enumerate() {
        match saved_items.get(i) {
            None => out.push(Unsaved::Answer(i + 1)),
            Some(old) if old != item => out.extend(changed_parts(old, item).into_iter().map(
                |what| Unsaved::Part {
                    answer: i + 1,
                    what,
                },
            )),
            Some(_) => {}
        }
    }
    if let Some(talk) = &now.talk {
        let old = on_disk.and_then(|s| s.talk.as_ref());
        if old != Some(talk) {
            out.push(Unsaved::Talk {
                on_disk: old.map(|t| t.total),
            });
        }
    }
    if let Some(old) = on_disk
        && (old.finished, old.completed) != (now.finished, now.completed)
        && !out
            .iter()
            .any(|u| matches!(u, Unsaved::Talk { on_disk: None }))
    {
        out.push(Unsaved::End);
    }
    out
}

/// Which parts of an answer changed after it was saved.
fn changed_parts(old: &Item, new: &Item) -> Vec<&'static str> {
    let mut parts = Vec::new();
    if old.rating != new.rating {
        parts.push("rating");
    }
    if (&old.recording, &old.analysis) != (&new.recording, &new.analysis) {
        parts.push("recording");
    }
    let rest = |i: &Item| Item {
        rating: None,
        recording: None,
        analysis: None,
        ..i.clone()
    };
    if rest(old) != rest(new) {
        parts.push("changes");
    }
    parts
}

/// Fails unless `root` can hold sessions: it is (or can be made) a
/// directory in which a file can be created, written, synced and removed.
/// Directories made for the test are removed again, so a drill that saves
/// nothing leaves nothing behind.
pub fn probe(root: &Path) -> std::io::Result<()> {
    let mut made = Vec::new();
    let mut up = Some(root);
    while let Some(p) =
        up.filter(|p| !p.as_os_str().is_empty() && std::fs::symlink_metadata(p).is_err())
    {
        made.push(p.to_path_buf());
        up = p.parent();
    }
    let result = std::fs::create_dir_all(root).and_then(|()| {
        let file = root.join(format!(".rehearse-probe-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::File::create(&file)?;
            // A page's worth: a full disk refuses it even where an empty file fits.
            f.write_all(&[b'\n'; 4096])?;
            f.sync_all()
        };
        let written = write();
        let removed = std::fs::remove_file(&file);
        written.and(removed)
    });
    for dir in &made {
        let _ = std::fs::remove_dir(dir);
    }
    result
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
        let path = saved.path.clone().unwrap();
        assert!(path.ends_with(format!("{}/session.yaml", s.id)), "{path:?}");
        assert!(saved.complete(), "{saved:?}");
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
        assert_eq!(report.unsaved, [Unsaved::Answer(2), Unsaved::Answer(3)]);
        assert_eq!(
            report.lacking().as_deref(),
            Some("Answers 2 and 3 were not saved")
        );
        assert!(
            report.error.as_deref().unwrap().contains("cannot save"),
            "{report:?}"
        );
        std::fs::create_dir(&dir).unwrap();
        saver.save(&mut s);
        let report = saver.finish(&s);
        assert!(report.complete(), "{report:?}");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["session.yaml"], "no temporary file left");
    }

    #[test]
    fn a_rating_given_after_a_good_save_is_named_when_the_next_save_fails() {
        let root = tempfile::tempdir().unwrap();
        let mut saver = Saver::new(
            root.path().to_path_buf(),
            Timestamp::from_unix(1_795_000_000),
        );
        let mut s = session();
        s.items.push(item());
        saver.save(&mut s);
        std::fs::remove_dir_all(saver.dir.clone().unwrap()).unwrap();
        s.items[0].rating = Some(4);
        s.items.push(item());
        s.completed = true;
        saver.save(&mut s);
        let report = saver.finish(&s);
        assert_eq!(
            report.unsaved,
            [
                Unsaved::Part {
                    answer: 1,
                    what: "rating"
                },
                Unsaved::Answer(2),
                Unsaved::End
            ]
        );
        assert_eq!(
            report.lacking().as_deref(),
            Some("Answer 2, the rating of answer 1 and the end of the session were not saved")
        );
        assert!(!report.complete());
    }

    #[test]
    fn the_probe_refuses_a_file_and_leaves_no_trace_in_a_directory() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(probe(&file).is_err());
        assert!(probe(&file.join("below")).is_err());
        let fresh = root.path().join("a/b/c");
        probe(&fresh).unwrap();
        assert!(
            !root.path().join("a").exists(),
            "made for the probe, removed again"
        );
        probe(root.path()).unwrap();
        let names: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the file that was there");
    }

    #[test]
    fn a_talk_the_disk_stopped_taking_says_where_the_file_ends() {
        let root = tempfile::tempdir().unwrap();
        let mut saver = Saver::new(
            root.path().to_path_buf(),
            Timestamp::from_unix(1_795_000_000),
        );
        let mut s = session();
        s.kind = session::Kind::Present;
        let talk = |total: f64| -> session::Talk {
            serde_yaml::from_str(&format!(
                "{{title: T, plan: p.yaml, sections: [], planned: 60, total: {total}, paused: 0}}"
            ))
            .unwrap()
        };
        s.talk = Some(talk(3.2));
        saver.save(&mut s);
        std::fs::remove_dir_all(saver.dir.clone().unwrap()).unwrap();
        s.talk = Some(talk(42.0));
        s.completed = true;
        saver.save(&mut s);
        let report = saver.finish(&s);
        assert_eq!(
            report.lacking().as_deref(),
            Some(
                "The talk after 0:03 (the file stops there) and the end of the session were not saved"
            )
        );
    }
}
