//! What the timed commands share around the run loop: the recorder driven
//! in step with the timer (a microphone that fails part-way handed over
//! gracefully, a finished take described for `session.yaml`), and a saver
//! that creates the session directory only when there is something to keep,
//! retries after every failure, and says exactly what was not saved.

use crate::app::RecordAction;
use crate::audio::analysis::{self, Analysis};
use crate::audio::capture::{Recorder, Take};
use crate::audio::wavfile;
use crate::session::{self, Recording, Session, Timestamp};
use crate::ui::drill_view::Saved;
use std::path::PathBuf;

/// The recorder, or what is left of it after it failed.
pub struct Audio {
    /// The open microphone, while it works.
    pub recorder: Option<Recorder>,
    /// The take that was open when the microphone failed, for its answer.
    lost_take: Option<Take>,
}

impl Audio {
    /// Drives `recorder`, if recording.
    pub fn new(recorder: Option<Recorder>) -> Audio {
        Audio {
            recorder,
            lost_take: None,
        }
    }

    /// Carries out an action in `dir`; a finished take comes back with its owner's number.
    pub fn act(&mut self, action: &RecordAction, dir: &std::path::Path) -> Option<(usize, Take)> {
        let Some(rec) = &self.recorder else {
            return match action {
                RecordAction::Finish(owner) => self.lost_take.take().map(|t| (*owner, t)),
                _ => None,
            };
        };
        match action {
            RecordAction::Start(file) => rec.start(&dir.join(file)),
            RecordAction::Pause => rec.pause(),
            RecordAction::Resume => rec.resume(),
            RecordAction::Restart => rec.restart(),
            RecordAction::Discard => rec.discard(),
            RecordAction::Finish(owner) => return rec.finish().map(|t| (*owner, t)),
        }
        None
    }

    /// When the microphone failed: finish its open take (kept for its owner),
    /// close the device, and say why.
    pub fn check(&mut self) -> Option<String> {
        let why = self.recorder.as_ref()?.failure()?;
        if let Some(rec) = self.recorder.take() {
            self.lost_take = rec.finish().map(|mut take| {
                take.error.get_or_insert_with(|| why.clone());
                take
            });
            // Closing a lost device can block inside the sound library; the
            // timer must not wait for it.
            std::thread::spawn(move || drop(rec));
        }
        Some(why)
    }

    /// The level meter, while recording.
    pub fn meter(&self) -> Option<crate::audio::capture::Meter> {
        self.recorder.as_ref().map(Recorder::meter)
    }
}

/// A finished take as `session.yaml` records it, with what its audio shows.
pub fn describe(take: &Take) -> (Recording, Option<Analysis>) {
    // About 10 ms for a two-minute answer: fine between frames.
    let analysis = wavfile::read_envelope(&take.path)
        .ok()
        .map(|read| analysis::analyze(&read.envelope, &analysis::Options::default()));
    let recording = Recording {
        file: take
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        length: (take.length().as_secs_f64() * 1000.0).round() / 1000.0,
        rate: take.rate,
        dropped: take.dropped,
        xruns: take.xruns,
        error: take.error.clone(),
    };
    (recording, analysis)
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
        let (id, dir) = session::create_dir(&self.root, &self.started)?;
        session.id = id;
        self.dir = Some(dir.clone());
        Ok(dir)
    }

    /// Writes `session` if it holds anything; a failure is remembered, not fatal.
    pub fn save(&mut self, session: &mut Session) {
        if session.items.is_empty() && session.talk.is_none() {
            return;
        }
        let result = self
            .dir(session)
            .and_then(|dir| session::save(&dir, session));
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
                crate::ui::text::eprint(&text);
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
