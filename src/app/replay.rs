//! Replaying a session's recordings as a state machine: which recording
//! plays, where, paused or not, and which word of its transcript is being
//! heard. The player reports its position ([`Replay::sync`]); keys become
//! seeks, jumps and opens, and `/` opens a prompt that finds a word and
//! jumps there. A recording with an asker has its question read aloud
//! first ([`Replay::spoken`] ends it). An answer given more than once has
//! a recording a take: `t` plays its next take, `c` makes the one playing
//! count. `w` edits the answer's note and `x` excludes it from stats (or
//! counts it again). Each of these asks the host for a save.

use super::panel::Interviewer;
use super::{Action, App, Effect, NoteTyped, PlayAction, Typed};
use crate::session::Item;
use crate::session::analysis::Analysis;
use crate::session::transcript::{Transcript, Word};
use std::path::PathBuf;
use std::time::Duration;

/// How far ←/→ jump.
pub const SEEK: Duration = Duration::from_secs(5);
/// A word stays marked as heard this long after it ends (then, in a
/// silence, none is).
pub const HEARD_AFTER: Duration = Duration::from_millis(300);
/// A seek lands on a whole sample, a hair before where it was asked to.
const SEEK_SLACK: Duration = Duration::from_millis(10);
/// The longest search a prompt takes, in characters.
const QUERY_MAX: usize = 40;

/// How a recording's timing went.
#[derive(Debug, Clone, PartialEq)]
pub enum Judged {
    /// A drill answer, with its verdict and rating.
    Answer(Box<Item>),
    /// A whole talk against its plan.
    Talk {
        /// Time talking.
        total: Duration,
        /// Time planned.
        planned: Duration,
    },
}

/// Reads a recording and gives its analysis (from the one stored, if any),
/// or why it cannot be played.
pub type Check = dyn Fn(&std::path::Path, Option<&Analysis>) -> Result<Option<Analysis>, String>;

/// One recording, ready to play: a drill answer, or a whole talk.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// Its number in the session (1-based item index; 1 for a talk).
    pub number: usize,
    /// The question, or the talk's title.
    pub heading: String,
    /// Category, or "presentation".
    pub category: String,
    /// How the timing went.
    pub judged: Judged,
    /// The WAV file.
    pub file: PathBuf,
    /// What the audio shows.
    pub analysis: Option<Analysis>,
    /// A talk's sections: name and where each starts in the recording.
    pub sections: Vec<(String, Duration)>,
    /// Who reads the question aloud before the answer plays, if anyone.
    pub asker: Option<Interviewer>,
    /// What was said, when it was transcribed.
    pub transcript: Option<Transcript>,
    /// Which take of its answer this is (1 for a talk).
    pub take: u32,
    /// The take that counts for its answer.
    pub counted: u32,
}

impl Recording {
    /// Where the talk's section `name` (or the one section whose name it
    /// starts, ignoring case) begins; else what is wrong and how to fix it.
    pub fn section_start(&self, name: &str, session: &str) -> Result<Duration, (String, String)> {
        let wanted = name.to_lowercase();
        let sections = &self.sections;
        let hits: Vec<_> = sections
            .iter()
            .filter(|(n, _)| n.to_lowercase().starts_with(&wanted))
            .collect();
        let exact = sections.iter().find(|(n, _)| n.to_lowercase() == wanted);
        match (exact, hits.as_slice()) {
            (Some((_, at)), _) | (None, [(_, at)]) => Ok(*at),
            _ if sections.is_empty() => Err((
                format!("session {session} is not a presentation: it has no sections"),
                "--section works with sessions recorded by `rehearse present --record`".into(),
            )),
            _ => {
                let names: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
                Err((
                    format!("no section `{name}` in session {session}"),
                    format!("sections: {}", names.join(", ")),
                ))
            }
        }
    }

    /// The recordings of `session` (in `dir`) that can be played: each
    /// recorded answer, or a talk's one recording. `check` reads a file and
    /// gives its analysis (the stored one, else a fresh one, if any), or why
    /// it cannot be played; those are skipped and listed, each with the
    /// answer it belongs to and what is wrong.
    pub fn list(
        dir: &std::path::Path,
        session: &crate::session::Session,
        check: &Check,
    ) -> (Vec<Recording>, Vec<String>) {
        let mut skipped = Vec::new();
        if let Some(talk) = &session.talk {
            let Some(file) = talk.recording.as_ref().map(|r| dir.join(&r.file)) else {
                return (Vec::new(), skipped);
            };
            let analysis = match check(&file, talk.analysis.as_ref()) {
                Ok(a) => a,
                Err(why) => {
                    skipped.push(format!("the talk's recording: {why}"));
                    return (Vec::new(), skipped);
                }
            };
            let judged = Judged::Talk {
                total: talk.total,
                planned: talk.planned,
            };
            let sections = talk
                .sections
                .iter()
                .filter_map(|s| Some((s.name.clone(), s.start??)));
            let talk = Recording {
                number: 1,
                heading: talk.title.clone(),
                category: "presentation".into(),
                judged,
                asker: None,
                analysis,
                sections: sections.collect(),
                file,
                transcript: talk.transcript.clone(),
                take: 1,
                counted: 1,
            };
            return (vec![talk], skipped);
        }
        let mut recordings = Vec::new();
        // Each take of an answer, in order; its item as if that take counted.
        let takes = session.items.iter().enumerate().flat_map(|(i, item)| {
            item.all_takes().into_iter().map(move |t| {
                let mut view = item.clone();
                view.count_take(t.take);
                (i, item.take, view)
            })
        });
        for (i, counted, view) in takes {
            let Some(recording) = &view.recording else {
                continue;
            };
            let file = dir.join(&recording.file);
            match check(&file, view.analysis.as_ref()) {
                Ok(analysis) => recordings.push(Recording {
                    number: i + 1,
                    heading: view.text.clone(),
                    category: view.category.clone(),
                    asker: None,
                    analysis,
                    sections: Vec::new(),
                    file,
                    transcript: view.transcript.clone(),
                    take: view.take,
                    counted,
                    judged: Judged::Answer(Box::new(view)),
                }),
                Err(why) if view.takes.is_empty() => {
                    skipped.push(format!("answer {}: {why}", i + 1))
                }
                Err(why) => skipped.push(format!("answer {} take {}: {why}", i + 1, view.take)),
            }
        }
        (recordings, skipped)
    }
}

/// The search for a word in the transcript (`/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// What was typed: the start of a word, or of several words in a row.
    pub query: String,
    /// Whether the prompt is open (keys then type into it).
    pub open: bool,
    /// What the last Enter found, if it found something.
    pub found: Option<Found>,
    /// The last Enter found nothing.
    pub missed: bool,
}

/// A word the search found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Its index in the transcript's words.
    pub word: usize,
    /// Which match it is, from 1 …
    pub nth: usize,
    /// … of how many.
    pub of: usize,
}

/// A word or query as the search compares them: lowercase letters and
/// digits only ("Don't," is "dont").
pub fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where the words of `query` start words of `words`, in a row, ignoring
/// case and punctuation: the index of each match's first word.
pub fn matches(words: &[Word], query: &str) -> Vec<usize> {
    let wanted: Vec<String> = query
        .split_whitespace()
        .map(folded)
        .filter(|q| !q.is_empty())
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let said: Vec<String> = words.iter().map(|w| folded(&w.text)).collect();
    (0..said.len())
        .filter(|&i| {
            wanted
                .iter()
                .enumerate()
                .all(|(k, q)| said.get(i + k).is_some_and(|w| w.starts_with(q.as_str())))
        })
        .collect()
}

/// The replay's state.
pub struct Replay {
    /// The session's id.
    pub session: String,
    /// How many answers the session holds.
    pub items: usize,
    /// The recordings, in session order.
    pub recordings: Vec<Recording>,
    /// Which one plays.
    pub current: usize,
    /// Where playback is, as the player last said.
    pub position: Duration,
    /// How long the current recording is.
    pub length: Duration,
    /// Whether playback is paused.
    pub paused: bool,
    /// The pace band and filler rate the figures are judged by.
    pub pace: crate::config::PaceBand,
    /// The question is being read aloud; the answer opens at this point after.
    pub listening: Option<Duration>,
    /// A one-line notice.
    pub notice: Option<String>,
    /// The search for a word.
    pub search: Search,
    /// The note being typed on the answer playing, while its prompt is open.
    pub note: Option<String>,
    /// The points a question's answer should make, by question id (those
    /// of the built-in banks).
    pub points: std::collections::HashMap<String, Vec<String>>,
    /// Where to start the first recording, until it is opened.
    start_at: Option<Duration>,
    finished: bool,
}

impl Replay {
    /// A replay of `recordings` starting with number `current` at `start_at`.
    pub fn new(
        session: String,
        items: usize,
        recordings: Vec<Recording>,
        current: usize,
        start_at: Duration,
    ) -> Replay {
        Replay {
            session,
            items,
            recordings,
            current,
            position: start_at,
            length: Duration::ZERO,
            paused: false,
            pace: Default::default(),
            listening: None,
            notice: None,
            search: Search::default(),
            note: None,
            points: Default::default(),
            start_at: Some(start_at),
            finished: false,
        }
    }

    /// The question has been read: its answer plays.
    pub fn spoken(&mut self) -> Vec<Effect> {
        match self.listening.take() {
            Some(at) => vec![Effect::Play(PlayAction::Open {
                index: self.current,
                at,
            })],
            None => Vec::new(),
        }
    }

    /// Reading aloud failed: the answers play without their questions.
    pub fn speech_failed(&mut self, why: &str) -> Vec<Effect> {
        for r in &mut self.recordings {
            r.asker = None;
        }
        self.notice = Some(format!("Speech stopped ({why}); answers play without it."));
        self.spoken()
    }

    /// The recording that was to play could not be opened (it changed since
    /// it was checked): a notice says why, and the next one plays.
    pub fn unplayable(&mut self, why: &str) -> Vec<Effect> {
        self.notice = Some(format!(
            "Answer {} cannot be played ({why}); skipped.",
            self.recording().number
        ));
        match self.neighbour(true) {
            Some(i) => self.open(i, Duration::ZERO),
            None => Vec::new(),
        }
    }

    /// The answer playing now (a talk has none), to note or exclude.
    fn answer(&mut self) -> Option<&mut Item> {
        match &mut self.recordings[self.current].judged {
            Judged::Answer(item) => Some(item),
            Judged::Talk { .. } => None,
        }
    }

    /// Changes the answer playing, in each of its takes' views.
    fn edit_answer(&mut self, edit: impl Fn(&mut Item)) {
        let number = self.recording().number;
        for r in self.recordings.iter_mut().filter(|r| r.number == number) {
            if let Judged::Answer(item) = &mut r.judged {
                edit(item);
            }
        }
    }

    /// `w` and `x` on a talk, which has no answers.
    fn no_answer(&mut self) -> Vec<Effect> {
        self.notice = Some("A talk has no answers to note or exclude.".into());
        Vec::new()
    }

    /// The recording playing now.
    pub fn recording(&self) -> &Recording {
        &self.recordings[self.current]
    }

    /// What the player says: its position, the recording's length, and
    /// whether it played to the end.
    pub fn sync(&mut self, position: Duration, length: Duration, finished: bool) {
        self.position = position;
        self.length = length;
        self.finished = finished;
    }

    /// The section being heard, in a talk.
    pub fn section(&self) -> Option<&str> {
        // A seek lands on a whole sample, a hair before the section's start.
        let pos = self.position + Duration::from_millis(10);
        let sections = &self.recording().sections;
        sections
            .iter()
            .rev()
            .find(|(_, at)| *at <= pos)
            .map(|(n, _)| n.as_str())
    }

    /// The words of the recording playing now (none without a transcript).
    pub fn words(&self) -> &[Word] {
        self.recording()
            .transcript
            .as_ref()
            .map_or(&[], |t| t.words.as_slice())
    }

    /// The last word that has started at the play position, if any.
    pub fn last_started(&self) -> Option<usize> {
        let pos = (self.position + SEEK_SLACK).as_secs_f64();
        self.words()
            .partition_point(|w| w.start <= pos)
            .checked_sub(1)
    }

    /// The word being heard: the last one started, unless it ended more
    /// than [`HEARD_AFTER`] ago (a silence).
    pub fn heard(&self) -> Option<usize> {
        let pos = self.position.as_secs_f64();
        self.last_started()
            .filter(|&i| pos <= self.words()[i].end + HEARD_AFTER.as_secs_f64())
    }

    /// How long until the word heard changes, at the speed of playback.
    pub fn next_word_change(&self) -> Option<Duration> {
        let pos = self.position.as_secs_f64();
        let words = self.words();
        let next_start = words
            .get(self.last_started().map_or(0, |i| i + 1))
            .map(|w| w.start);
        let heard_ends = self
            .heard()
            .map(|i| words[i].end + HEARD_AFTER.as_secs_f64());
        let at = match (next_start, heard_ends) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        Some(Duration::from_secs_f64((at - pos).max(0.0)))
    }

    /// Jumps to the next word after the one last started that the search
    /// matches, from the first again after the last.
    fn find_next(&mut self) -> Vec<Effect> {
        let found = matches(self.words(), &self.search.query);
        self.search.missed = found.is_empty();
        let Some(&first) = found.first() else {
            self.search.found = None;
            return Vec::new();
        };
        let after = self.last_started();
        let (nth, word) = found
            .iter()
            .copied()
            .enumerate()
            .find(|&(_, w)| after.is_none_or(|a| w > a))
            .unwrap_or((0, first));
        self.search.found = Some(Found {
            word,
            nth: nth + 1,
            of: found.len(),
        });
        let at = Duration::from_secs_f64(self.words()[word].start.max(0.0));
        self.seek(at)
    }

    fn open(&mut self, index: usize, at: Duration) -> Vec<Effect> {
        self.open_as(index, at, true)
    }

    /// Opens recording `index` at `at`, its question read first when `ask`
    /// (and it has an asker and plays from its start).
    fn open_as(&mut self, index: usize, at: Duration, ask: bool) -> Vec<Effect> {
        self.search.found = None;
        self.search.missed = false;
        let mut effects = self.hush();
        self.current = index;
        self.position = at;
        self.length = Duration::ZERO;
        self.paused = false;
        self.finished = false;
        let r = &self.recordings[index];
        match &r.asker {
            // The question first, when the answer plays from its start.
            Some(asker) if at.is_zero() && ask => {
                self.listening = Some(at);
                self.search.open = false;
                effects.push(Effect::Speak {
                    text: r.heading.clone(),
                    voice: asker.voice.clone(),
                });
            }
            _ => effects.push(Effect::Play(PlayAction::Open { index, at })),
        }
        effects
    }

    fn hush(&mut self) -> Vec<Effect> {
        self.listening
            .take()
            .map(|_| Effect::Hush)
            .into_iter()
            .collect()
    }

    fn seek(&mut self, to: Duration) -> Vec<Effect> {
        let to = if self.length.is_zero() {
            to
        } else {
            to.min(self.length)
        };
        self.position = to;
        vec![Effect::Play(PlayAction::Seek(to))]
    }

    /// Pause starts, or section starts in a talk.
    fn marks(&self, sections: bool) -> Vec<Duration> {
        let r = self.recording();
        if sections {
            r.sections.iter().map(|(_, at)| *at).collect()
        } else {
            r.analysis
                .as_ref()
                .map(|a| a.pauses.iter().map(|p| p.start).collect())
                .unwrap_or_default()
        }
    }

    /// The next mark after the position.
    fn forward_to(&mut self, sections: bool) -> Vec<Effect> {
        let pos = self.position + Duration::from_millis(100);
        match self.marks(sections).into_iter().find(|&m| m > pos) {
            Some(m) => self.seek(m),
            None => Vec::new(),
        }
    }

    /// Back past the mark just heard, so repeated presses keep going back.
    fn back_to(&mut self, sections: bool) -> Vec<Effect> {
        let pos = self.position;
        match self
            .marks(sections)
            .into_iter()
            .rev()
            .find(|&m| m + Duration::from_secs(1) < pos)
        {
            Some(m) => self.seek(m),
            None if sections => self.seek(Duration::ZERO),
            None => Vec::new(),
        }
    }

    fn next(&mut self) -> Vec<Effect> {
        if !self.recording().sections.is_empty() {
            return self.forward_to(true);
        }
        self.open_next()
    }

    /// The next answer from its start, or the end after the last.
    fn open_next(&mut self) -> Vec<Effect> {
        match self.neighbour(true) {
            Some(i) => self.open(i, Duration::ZERO),
            None => vec![Effect::Quit],
        }
    }

    /// The recording of the answer after (or before) the one playing: the
    /// take that counts, else its first one that plays.
    fn neighbour(&self, forward: bool) -> Option<usize> {
        let now = self.recording().number;
        let mut numbers = self.recordings.iter().map(|r| r.number);
        let number = if forward {
            numbers.find(|&n| n > now)
        } else {
            numbers.rfind(|&n| n < now)
        }?;
        let of = |r: &Recording| r.number == number;
        let rs = &self.recordings;
        rs.iter()
            .position(|r| of(r) && r.take == r.counted)
            .or_else(|| rs.iter().position(of))
    }

    /// The points the answer `r` should make, if its question has any.
    pub fn points(&self, r: &Recording) -> &[String] {
        match &r.judged {
            Judged::Answer(it) => self.points.get(&it.id).map_or(&[], Vec::as_slice),
            Judged::Talk { .. } => &[],
        }
    }

    /// The recordings of the answer playing, one a take, in take order.
    pub fn takes(&self) -> Vec<&Recording> {
        let number = self.recording().number;
        self.recordings
            .iter()
            .filter(|r| r.number == number)
            .collect()
    }

    /// `t`: the answer's next take (after the last, the first) from its
    /// start, without its question again.
    fn next_take(&mut self) -> Vec<Effect> {
        let (number, take) = (self.recording().number, self.recording().take);
        let of = |r: &Recording| r.number == number;
        let next = self.recordings.iter().position(|r| of(r) && r.take > take);
        match next.or_else(|| self.recordings.iter().position(of)) {
            Some(i) if i != self.current => self.open_as(i, Duration::ZERO, false),
            _ => {
                self.notice = Some(format!("{} has one take.", self.what()));
                Vec::new()
            }
        }
    }

    /// `c`: the take playing counts for its answer from now on (the host
    /// saves the session).
    fn count(&mut self) -> Vec<Effect> {
        let r = self.recording();
        let (number, take) = (r.number, r.take);
        if self.takes().len() < 2 {
            self.notice = Some(format!("{} has one take.", self.what()));
            return Vec::new();
        }
        if r.take == r.counted {
            self.notice = Some(format!("Take {take} counts for answer {number} already."));
            return Vec::new();
        }
        for r in self.recordings.iter_mut().filter(|r| r.number == number) {
            r.counted = take;
        }
        self.notice = Some(format!(
            "Take {take} counts for answer {number} now: saved in session.yaml."
        ));
        vec![Effect::Save]
    }

    /// "Answer 3", or "The talk".
    fn what(&self) -> String {
        if self.recording().sections.is_empty() {
            format!("Answer {}", self.recording().number)
        } else {
            "The talk".into()
        }
    }

    fn previous(&mut self) -> Vec<Effect> {
        if !self.recording().sections.is_empty() {
            return self.back_to(true);
        }
        match self.neighbour(false) {
            Some(i) => self.open(i, Duration::ZERO),
            None => self.seek(Duration::ZERO),
        }
    }
}

impl App for Replay {
    fn on_key(&mut self, action: Action, _: Duration) -> Vec<Effect> {
        if self.listening.is_some() {
            // While the question is read: again, on to the answer, or as ever.
            match action {
                Action::Restart => return self.open(self.current, Duration::ZERO),
                Action::Go | Action::Forward => {
                    let mut effects = vec![Effect::Hush];
                    effects.extend(self.spoken());
                    return effects;
                }
                Action::End | Action::Next | Action::Previous | Action::Take => {}
                _ => return Vec::new(),
            }
        }
        match action {
            Action::End => vec![Effect::Quit],
            Action::Pause => {
                self.paused = !self.paused;
                vec![Effect::Play(PlayAction::Pause(self.paused))]
            }
            Action::Forward => self.seek(self.position + SEEK),
            Action::Back => self.seek(self.position.saturating_sub(SEEK)),
            Action::Restart => self.seek(Duration::ZERO),
            Action::NextPause => self.forward_to(false),
            Action::PreviousPause => self.back_to(false),
            Action::Go | Action::Next => self.next(),
            Action::Previous => self.previous(),
            Action::Find if self.words().is_empty() => {
                self.notice = Some(format!(
                    "{} has no transcript to search; `rehearse transcribe` makes one.",
                    self.what()
                ));
                Vec::new()
            }
            Action::Note => match self.answer().map(|i| i.note.clone().unwrap_or_default()) {
                Some(old) => {
                    self.note = Some(old);
                    self.search.open = false;
                    Vec::new()
                }
                None => self.no_answer(),
            },
            Action::Exclude => {
                let number = self.recording().number;
                let Some(excluded) = self.answer().map(|item| !item.excluded) else {
                    return self.no_answer();
                };
                self.edit_answer(|item| item.excluded = excluded);
                self.notice = Some(if excluded {
                    format!("Answer {number} is excluded from stats and --focus (saved).")
                } else {
                    format!("Answer {number} counts in stats and --focus again (saved).")
                });
                vec![Effect::Save]
            }
            Action::Take => self.next_take(),
            Action::Count => self.count(),
            Action::Find => {
                self.note = None;
                self.search.open = true;
                self.search.found = None;
                self.search.missed = false;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn typing(&self) -> bool {
        self.search.open || self.note.is_some()
    }

    fn on_typed(&mut self, typed: Typed, _: Duration) -> Vec<Effect> {
        if let Some(draft) = &mut self.note {
            return match super::type_note(draft, typed) {
                NoteTyped::Typing => Vec::new(),
                NoteTyped::Cancel => {
                    self.note = None;
                    Vec::new()
                }
                NoteTyped::Keep(note) => {
                    self.note = None;
                    let number = self.recording().number;
                    self.notice = Some(match &note {
                        Some(_) => format!("Note on answer {number} saved."),
                        None => format!("Note on answer {number} removed."),
                    });
                    self.edit_answer(|item| item.note.clone_from(&note));
                    vec![Effect::Save]
                }
            };
        }
        let search = &mut self.search;
        match typed {
            Typed::Enter if folded(&search.query).is_empty() => search.open = false,
            Typed::Enter => return self.find_next(),
            Typed::Esc => search.open = false,
            Typed::Backspace => {
                search.query.pop();
                (search.found, search.missed) = (None, false);
            }
            Typed::Char(c) if !c.is_control() && search.query.chars().count() < QUERY_MAX => {
                search.query.push(c);
                (search.found, search.missed) = (None, false);
            }
            Typed::Char(_) => {}
        }
        Vec::new()
    }

    fn on_tick(&mut self, _: Duration) -> Vec<Effect> {
        if let Some(at) = self.start_at.take() {
            return self.open(self.current, at);
        }
        // A note being typed is on this answer: the next waits for it.
        if !self.finished || self.note.is_some() {
            return Vec::new();
        }
        self.open_next()
    }

    fn on_stop(&mut self, _: Duration) -> Vec<Effect> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::analysis::Span;

    fn recording(number: usize, pauses: &[f64], sections: &[(&str, f64)]) -> Recording {
        let analysis = Analysis {
            pauses: pauses
                .iter()
                .map(|&s| Span {
                    start: Duration::from_secs_f64(s),
                    length: Duration::from_secs(2),
                })
                .collect(),
            ..Analysis::default()
        };
        Recording {
            number,
            heading: format!("Q{number}"),
            category: "behavioural".into(),
            judged: Judged::Talk {
                total: Duration::from_secs(60),
                planned: Duration::from_secs(60),
            },
            file: PathBuf::from(format!("{number:02}.wav")),
            asker: None,
            transcript: None,
            take: 1,
            counted: 1,
            analysis: Some(analysis),
            sections: sections
                .iter()
                .map(|&(n, s)| (n.to_string(), Duration::from_secs_f64(s)))
                .collect(),
        }
    }

    fn replay(recs: Vec<Recording>) -> Replay {
        let mut r = Replay::new("s".into(), 3, recs, 0, Duration::ZERO);
        assert_eq!(
            r.on_tick(Duration::ZERO),
            vec![Effect::Play(PlayAction::Open {
                index: 0,
                at: Duration::ZERO
            })]
        );
        r.sync(Duration::ZERO, Duration::from_secs(30), false);
        r
    }

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    fn seek(to: f64) -> Vec<Effect> {
        vec![Effect::Play(PlayAction::Seek(s(to)))]
    }

    #[test]
    fn w_edits_the_answers_note_and_x_toggles_its_exclusion_each_asking_for_a_save() {
        let item: Item = serde_yaml::from_str(
            "{id: q, text: Q?, category: c, target: 10, max: 15, start: 0, duration: 5, paused: 0, verdict: on-target, note: old}",
        )
        .unwrap();
        let mut answer = recording(1, &[], &[]);
        answer.judged = Judged::Answer(Box::new(item));
        let mut r = replay(vec![answer, recording(2, &[], &[])]);
        let kept = |r: &Replay| match &r.recordings[0].judged {
            Judged::Answer(i) => (i.note.clone(), i.excluded),
            Judged::Talk { .. } => unreachable!(),
        };
        assert!(r.on_key(Action::Note, s(0.0)).is_empty());
        assert_eq!(r.note.as_deref(), Some("old"), "prefilled");
        assert!(r.typing());
        r.on_typed(Typed::Char('!'), s(0.0));
        // The recording ends while the note is typed: the next one waits.
        r.sync(s(30.0), s(30.0), true);
        assert!(r.on_tick(s(0.0)).is_empty());
        assert_eq!(r.on_typed(Typed::Enter, s(0.0)), [Effect::Save]);
        assert_eq!(kept(&r), (Some("old!".into()), false));
        assert_eq!(r.on_key(Action::Exclude, s(0.0)), [Effect::Save]);
        assert_eq!(kept(&r), (Some("old!".into()), true));
        assert!(
            r.notice.as_deref().unwrap().contains("excluded"),
            "{:?}",
            r.notice
        );
        r.on_key(Action::Exclude, s(0.0));
        assert!(!kept(&r).1);
        // A talk has no answer to note.
        r.on_key(Action::Next, s(0.0));
        assert!(r.on_key(Action::Note, s(0.0)).is_empty());
        assert!(r.on_key(Action::Exclude, s(0.0)).is_empty());
        assert!(r.note.is_none());
    }

    #[test]
    fn arrows_seek_five_seconds_within_the_recording() {
        let mut r = replay(vec![recording(1, &[], &[])]);
        r.sync(s(12.0), s(30.0), false);
        assert_eq!(r.on_key(Action::Forward, s(0.0)), seek(17.0));
        assert_eq!(r.on_key(Action::Back, s(0.0)), seek(12.0));
        r.sync(s(28.0), s(30.0), false);
        assert_eq!(r.on_key(Action::Forward, s(0.0)), seek(30.0));
        r.sync(s(2.0), s(30.0), false);
        assert_eq!(r.on_key(Action::Back, s(0.0)), seek(0.0));
        assert_eq!(r.on_key(Action::Restart, s(0.0)), seek(0.0));
    }

    #[test]
    fn p_pauses_and_resumes() {
        let mut r = replay(vec![recording(1, &[], &[])]);
        assert_eq!(
            r.on_key(Action::Pause, s(0.0)),
            vec![Effect::Play(PlayAction::Pause(true))]
        );
        assert!(r.paused);
        assert_eq!(
            r.on_key(Action::Pause, s(0.0)),
            vec![Effect::Play(PlayAction::Pause(false))]
        );
    }

    #[test]
    fn j_and_k_jump_between_pauses() {
        let mut r = replay(vec![recording(1, &[4.0, 11.0, 20.0], &[])]);
        r.sync(s(5.0), s(30.0), false);
        assert_eq!(r.on_key(Action::NextPause, s(0.0)), seek(11.0));
        r.sync(s(11.0), s(30.0), false);
        assert_eq!(r.on_key(Action::NextPause, s(0.0)), seek(20.0));
        r.sync(s(20.5), s(30.0), false);
        assert_eq!(
            r.on_key(Action::PreviousPause, s(0.0)),
            seek(11.0),
            "back past the one just heard"
        );
        r.sync(s(25.0), s(30.0), false);
        assert!(r.on_key(Action::NextPause, s(0.0)).is_empty());
    }

    #[test]
    fn answers_go_on_by_key_and_by_themselves_then_quit() {
        let mut r = replay(vec![recording(1, &[], &[]), recording(3, &[], &[])]);
        let open1 = vec![Effect::Play(PlayAction::Open {
            index: 1,
            at: Duration::ZERO,
        })];
        assert_eq!(r.on_key(Action::Next, s(0.0)), open1);
        assert_eq!(r.recording().number, 3);
        let open0 = vec![Effect::Play(PlayAction::Open {
            index: 0,
            at: Duration::ZERO,
        })];
        assert_eq!(r.on_key(Action::Previous, s(0.0)), open0);
        r.sync(s(30.0), s(30.0), true);
        assert_eq!(r.on_tick(s(0.0)), open1);
        assert_eq!(r.on_key(Action::Go, s(0.0)), vec![Effect::Quit]);
        r.sync(s(30.0), s(30.0), true);
        assert_eq!(r.on_tick(s(0.0)), vec![Effect::Quit]);
        assert_eq!(r.on_key(Action::End, s(0.0)), vec![Effect::Quit]);
    }

    #[test]
    fn in_a_talk_n_and_b_move_between_sections() {
        let mut r = replay(vec![recording(
            1,
            &[],
            &[("Intro", 0.0), ("Body", 10.0), ("End", 20.0)],
        )]);
        r.sync(s(3.0), s(30.0), false);
        assert_eq!(r.section(), Some("Intro"));
        assert_eq!(r.on_key(Action::Next, s(0.0)), seek(10.0));
        r.sync(s(9.995), s(30.0), false);
        assert_eq!(
            r.section(),
            Some("Body"),
            "a seek a hair short still counts"
        );
        // Back to the start of this section, or, right after it, the one before.
        r.sync(s(22.0), s(30.0), false);
        assert_eq!(r.on_key(Action::Previous, s(0.0)), seek(20.0));
        r.sync(s(20.5), s(30.0), false);
        assert_eq!(r.on_key(Action::Previous, s(0.0)), seek(10.0));
        r.sync(s(0.5), s(30.0), false);
        assert_eq!(r.on_key(Action::Previous, s(0.0)), seek(0.0));
    }

    #[test]
    fn a_replay_can_start_part_way() {
        let recs = vec![
            recording(1, &[], &[]),
            recording(2, &[], &[("A", 0.0), ("B", 7.0)]),
        ];
        let mut r = Replay::new("s".into(), 2, recs, 1, s(7.0));
        assert_eq!(
            r.on_tick(s(0.0)),
            vec![Effect::Play(PlayAction::Open {
                index: 1,
                at: s(7.0)
            })]
        );
        assert_eq!(r.section(), Some("B"));
    }

    #[test]
    fn a_recording_that_fails_to_open_is_skipped_with_a_notice() {
        let mut app = replay(vec![recording(1, &[], &[]), recording(2, &[], &[])]);
        app.on_tick(s(0.0));
        let e = app.unplayable("x.wav is not a WAV file");
        assert_eq!(
            e,
            vec![Effect::Play(PlayAction::Open {
                index: 1,
                at: Duration::ZERO
            })]
        );
        assert_eq!(
            app.notice.as_deref(),
            Some("Answer 1 cannot be played (x.wav is not a WAV file); skipped.")
        );
        assert!(app.unplayable("gone").is_empty(), "the last one stays");
    }

    #[test]
    fn keys_replay_has_no_use_for_do_nothing() {
        let mut r = replay(vec![recording(1, &[], &[])]);
        r.sync(s(3.0), s(30.0), false);
        for a in [
            Action::Hints,
            Action::Skip,
            Action::NextPart,
            Action::Rate(4),
        ] {
            assert!(r.on_key(a, s(0.0)).is_empty(), "{a:?}");
        }
        assert_eq!((r.current, r.position, r.paused), (0, s(3.0), false));
        assert!(r.on_stop(s(0.0)).is_empty());
    }

    #[test]
    fn with_an_asker_the_question_is_read_before_the_answer_plays() {
        let sam = crate::app::panel::Panel::default().members[0].clone();
        let mut recs = vec![recording(1, &[], &[]), recording(2, &[], &[])];
        for r in &mut recs {
            r.asker = Some(sam.clone());
        }
        let mut r = Replay::new("s".into(), 2, recs, 0, Duration::ZERO);
        let speak = |text: &str| Effect::Speak {
            text: text.into(),
            voice: sam.voice.clone(),
        };
        let open = |index| {
            Effect::Play(PlayAction::Open {
                index,
                at: Duration::ZERO,
            })
        };
        assert_eq!(r.on_tick(s(0.0)), [speak("Q1")]);
        assert!(
            r.on_tick(s(5.0)).is_empty(),
            "nothing plays while it is read"
        );
        assert!(r.on_key(Action::Pause, s(1.0)).is_empty());
        assert_eq!(
            r.on_key(Action::Restart, s(2.0)),
            [Effect::Hush, speak("Q1")]
        );
        assert_eq!(r.spoken(), [open(0)]);
        assert!(r.spoken().is_empty());
        r.sync(s(30.0), s(30.0), true);
        assert_eq!(r.on_tick(s(40.0)), [speak("Q2")]);
        assert_eq!(r.on_key(Action::Go, s(41.0)), [Effect::Hush, open(1)]);
        // A failed voice: the answers go on without their questions.
        assert_eq!(r.on_key(Action::Previous, s(42.0)), [speak("Q1")]);
        assert_eq!(r.speech_failed("no output"), [open(0)]);
        assert_eq!(r.on_key(Action::Next, s(43.0)), [open(1)]);
        assert!(r.notice.as_deref().unwrap().contains("no output"));
    }

    /// Answer 1 in takes 1 and 2 (2 counts), answer 2 in one take.
    fn takes() -> Replay {
        let mut recs = vec![
            recording(1, &[], &[]),
            recording(1, &[], &[]),
            recording(2, &[], &[]),
        ];
        (recs[0].counted, recs[1].take, recs[1].counted) = (2, 2, 2);
        let mut r = Replay::new("s".into(), 2, recs, 1, Duration::ZERO);
        r.on_tick(s(0.0));
        r
    }

    fn open(index: usize) -> Vec<Effect> {
        vec![Effect::Play(PlayAction::Open {
            index,
            at: Duration::ZERO,
        })]
    }

    #[test]
    fn a_note_or_an_exclusion_on_one_take_is_the_answers_in_every_take() {
        let item: Item = serde_yaml::from_str(
            "{id: q, text: Q?, category: c, target: 10, max: 15, start: 0, duration: 5, paused: 0, verdict: on-target}",
        )
        .unwrap();
        let mut r = takes();
        for rec in &mut r.recordings {
            rec.judged = Judged::Answer(Box::new(item.clone()));
        }
        let shown = |r: &Replay| -> Vec<(Option<String>, bool)> {
            let judged = r.recordings.iter().map(|x| match &x.judged {
                Judged::Answer(i) => (i.note.clone(), i.excluded),
                Judged::Talk { .. } => unreachable!(),
            });
            judged.collect()
        };
        r.on_key(Action::Take, s(0.0));
        assert_eq!(r.recording().take, 1);
        r.on_key(Action::Note, s(0.0));
        r.on_typed(Typed::Char('k'), s(0.0));
        assert_eq!(r.on_typed(Typed::Enter, s(0.0)), [Effect::Save]);
        assert_eq!(r.on_key(Action::Exclude, s(0.0)), [Effect::Save]);
        let both = (Some("k".to_string()), true);
        assert_eq!(shown(&r), [both.clone(), both, (None, false)]);
    }

    #[test]
    fn t_plays_the_answers_other_takes_in_turn_and_n_and_b_go_to_the_take_that_counts() {
        let mut r = takes();
        assert_eq!(r.on_key(Action::Take, s(0.0)), open(0));
        assert_eq!((r.recording().number, r.recording().take), (1, 1));
        assert_eq!(
            r.on_key(Action::Take, s(0.0)),
            open(1),
            "after the last, the first"
        );
        r.on_key(Action::Take, s(0.0));
        assert_eq!(r.on_key(Action::Next, s(0.0)), open(2));
        assert_eq!(
            r.on_key(Action::Previous, s(0.0)),
            open(1),
            "the take that counts"
        );
        r.on_key(Action::Take, s(0.0));
        r.sync(s(30.0), s(30.0), true);
        assert_eq!(
            r.on_tick(s(0.0)),
            open(2),
            "at its end, on to the next answer"
        );
        assert!(r.on_key(Action::Take, s(0.0)).is_empty());
        assert_eq!(r.notice.as_deref(), Some("Answer 2 has one take."));
        r.notice = None;
        assert!(r.on_key(Action::Count, s(0.0)).is_empty());
        assert_eq!(r.notice.as_deref(), Some("Answer 2 has one take."));
        // With an asker, the question is not read again for another take.
        let mut r = takes();
        let sam = crate::app::panel::Panel::default().members[0].clone();
        r.recordings
            .iter_mut()
            .for_each(|x| x.asker = Some(sam.clone()));
        assert_eq!(r.on_key(Action::Take, s(0.0)), open(0));
    }

    #[test]
    fn c_makes_the_take_playing_count_and_asks_for_a_save_once() {
        let mut r = takes();
        assert!(r.on_key(Action::Count, s(0.0)).is_empty());
        assert_eq!(
            r.notice.as_deref(),
            Some("Take 2 counts for answer 1 already.")
        );
        r.on_key(Action::Take, s(0.0));
        assert_eq!(r.on_key(Action::Count, s(0.0)), [Effect::Save]);
        assert_eq!(
            r.notice.as_deref(),
            Some("Take 1 counts for answer 1 now: saved in session.yaml.")
        );
        let counted: Vec<u32> = r.recordings.iter().map(|x| x.counted).collect();
        assert_eq!(counted, [1, 1, 1]);
        r.on_key(Action::Next, s(0.0));
        assert_eq!(r.on_key(Action::Previous, s(0.0)), open(0), "now the first");
    }

    #[test]
    fn an_answer_with_takes_lists_each_take_that_plays_and_names_one_that_does_not() {
        let rec = |f: &str| format!("{{file: {f}, length: 5, rate: 16000, dropped: 0, xruns: 0}}");
        let item: crate::session::Item = serde_yaml::from_str(&format!(
            "{{id: q, text: Q?, category: c, target: 10, max: 15, start: 40, duration: 5, paused: 0, verdict: on-target, take: 2, recording: {}, takes: [{{take: 1, start: 0, duration: 3, paused: 0, verdict: too-short, recording: {}}}, {{take: 3, start: 80, duration: 9, paused: 0, verdict: on-target, recording: {}}}]}}",
            rec("b.wav"),
            rec("a.wav"),
            rec("gone.wav")
        ))
        .unwrap();
        let mut session = crate::app::fixtures::session(crate::session::Kind::Drill);
        session.items.push(item);
        let check: &Check = &|f, _| match f.ends_with("gone.wav") {
            true => Err("gone".into()),
            false => Ok(None),
        };
        let (recs, skipped) = Recording::list(std::path::Path::new("d"), &session, check);
        assert_eq!(skipped, ["answer 1 take 3: gone"]);
        let got: Vec<_> = recs
            .iter()
            .map(|r| {
                (
                    r.take,
                    r.counted,
                    r.file.to_str().unwrap(),
                    r.judged.clone(),
                )
            })
            .map(|(t, c, f, j)| match j {
                Judged::Answer(it) => (t, c, f.to_string(), it.take, it.duration.as_secs()),
                Judged::Talk { .. } => unreachable!(),
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, 2, "d/a.wav".into(), 1, 3),
                (2, 2, "d/b.wav".into(), 2, 5)
            ]
        );
    }

    /// "So the budget, um, was cut. Budgets…": word `i` from 1 + i s, 0.6 s long.
    fn words(texts: &[&str]) -> Transcript {
        let words: Vec<Word> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Word {
                text: t.to_string(),
                start: 1.0 + i as f64,
                end: 1.6 + i as f64,
            })
            .collect();
        Transcript {
            text: texts.join(" "),
            words,
        }
    }

    const SAID: &[&str] = &[
        "So", "the", "budget,", "um,", "was", "cut.", "Budgets", "don't", "the", "Budget",
    ];

    fn said() -> Replay {
        let mut rec = recording(1, &[], &[]);
        rec.transcript = Some(words(SAID));
        let mut r = replay(vec![rec, recording(2, &[], &[])]);
        r.sync(s(0.0), s(12.0), false);
        r
    }

    fn typed(r: &mut Replay, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| r.on_typed(Typed::Char(c), s(0.0)))
            .collect()
    }

    #[test]
    fn a_search_matches_the_start_of_words_ignoring_case_and_punctuation() {
        let t = words(SAID);
        assert_eq!(matches(&t.words, "bud"), [2, 6, 9]);
        assert_eq!(matches(&t.words, "BUDGETS"), [6]);
        assert_eq!(matches(&t.words, "dont"), [7]);
        assert_eq!(matches(&t.words, "don't"), [7]);
        assert_eq!(matches(&t.words, "the bud"), [1, 8]);
        assert_eq!(matches(&t.words, "udget"), [] as [usize; 0]);
        assert_eq!(matches(&t.words, " ,. "), [] as [usize; 0]);
    }

    #[test]
    fn slash_a_word_and_enter_seek_to_its_start_then_to_each_next_match() {
        let mut r = said();
        r.sync(s(1.2), s(12.0), false);
        assert!(!r.typing());
        assert!(r.on_key(Action::Find, s(0.0)).is_empty());
        assert!(r.typing(), "the prompt is open");
        // Letters are the search, not keys: `n` does not go to the next answer.
        assert!(typed(&mut r, "bun").is_empty());
        assert!(r.on_typed(Typed::Backspace, s(0.0)).is_empty());
        assert!(typed(&mut r, "d").is_empty());
        assert_eq!(r.search.query, "bud");
        assert_eq!(r.on_typed(Typed::Enter, s(0.0)), seek(3.0));
        assert_eq!(r.position, s(3.0), "at the start of \"budget,\"");
        assert_eq!(
            r.search.found.map(|f| (f.word, f.nth, f.of)),
            Some((2, 1, 3))
        );
        // Enter again: the next match after the word heard, then round again.
        r.sync(s(2.995), s(12.0), false);
        assert_eq!(r.on_typed(Typed::Enter, s(0.0)), seek(7.0));
        assert_eq!(r.on_typed(Typed::Enter, s(0.0)), seek(10.0));
        assert_eq!(r.on_typed(Typed::Enter, s(0.0)), seek(3.0));
        // Esc closes the prompt; keys act again, and `/` reopens it with the search.
        assert!(r.on_typed(Typed::Esc, s(0.0)).is_empty());
        assert!(!r.typing());
        assert_eq!(r.on_key(Action::Forward, s(0.0)), seek(8.0));
        r.on_key(Action::Find, s(0.0));
        assert_eq!(r.search.query, "bud");
        assert_eq!(r.on_typed(Typed::Enter, s(0.0)), seek(10.0));
    }

    #[test]
    fn a_search_that_finds_nothing_stays_put_and_says_so() {
        let mut r = said();
        r.sync(s(4.0), s(12.0), false);
        r.on_key(Action::Find, s(0.0));
        typed(&mut r, "zebra");
        assert!(r.on_typed(Typed::Enter, s(0.0)).is_empty());
        assert!(r.search.missed && r.search.found.is_none());
        assert_eq!(r.position, s(4.0));
        // An empty search closes the prompt.
        for _ in 0..5 {
            r.on_typed(Typed::Backspace, s(0.0));
        }
        assert!(r.on_typed(Typed::Enter, s(0.0)).is_empty());
        assert!(!r.typing());
    }

    #[test]
    fn without_a_transcript_slash_says_how_to_make_one() {
        let mut r = said();
        r.on_key(Action::Next, s(0.0));
        assert!(r.on_key(Action::Find, s(0.0)).is_empty());
        assert!(!r.typing());
        assert_eq!(
            r.notice.as_deref(),
            Some("Answer 2 has no transcript to search; `rehearse transcribe` makes one.")
        );
    }

    #[test]
    fn the_word_heard_follows_the_position_and_none_in_a_silence() {
        let mut r = said();
        assert_eq!((r.last_started(), r.heard()), (None, None));
        assert_eq!(r.next_word_change(), Some(s(1.0)));
        r.sync(s(3.2), s(12.0), false);
        assert_eq!((r.last_started(), r.heard()), (Some(2), Some(2)));
        // It stays heard until 0.3 s after its end (3.9 s), before word 3 starts.
        let ms = |r: &Replay| r.next_word_change().map(|d| d.as_millis());
        assert_eq!(ms(&r), Some(700));
        // Word 5 ends at 6.6; a gap of 1.4 s follows when word 6 is moved.
        r.recordings[0].transcript.as_mut().unwrap().words[6].start = 8.0;
        r.sync(s(7.0), s(12.0), false);
        assert_eq!((r.last_started(), r.heard()), (Some(5), None));
        assert_eq!(ms(&r), Some(1000));
        r.sync(s(6.8), s(12.0), false);
        assert_eq!(r.heard(), Some(5), "still heard just after it ends");
    }
}
