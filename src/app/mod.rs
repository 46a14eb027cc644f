//! The interactive screens as pure state machines: `drill`, `present` and
//! `replay` each take actions and time (`on_key(action, now)`,
//! `on_tick(now)`) and return [`Effect`]s for the run loop
//! ([`crate::ui::run`]) to carry out. Nothing here touches the terminal, the
//! audio devices or the disk, so every behaviour is tested with a fake clock
//! and scripted keys. Views live in `ui/`.

pub mod drill;
#[cfg(test)]
pub mod fixtures;
pub mod mic_check;
pub mod panel;
pub mod present;
pub mod replay;

use crate::session::{PartTime, secs::length};
use std::time::Duration;

/// Each section of `run` at `now`, planned against actual; with `starts`,
/// also when each was first entered (a talk's sections; answers' parts leave
/// that out).
fn part_times(run: &crate::timing::Run, now: Duration, starts: bool) -> Vec<PartTime> {
    let offsets = run.section_start_offsets();
    let part = |(i, s): (usize, &crate::timing::RunSection)| PartTime {
        name: s.name().to_string(),
        planned: length(s.budget().target()),
        actual: length(run.section_elapsed(i, now).unwrap_or_default()),
        start: starts.then(|| offsets.get(i).copied().flatten().map(length)),
    };
    run.sections().iter().enumerate().map(part).collect()
}

/// What a key asks for, the same on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Space, Enter: go on (answer now, done, next section, next answer).
    Go,
    /// →: forward (next section; 5 s on in a recording).
    Forward,
    /// ←: back (previous section; 5 s back in a recording).
    Back,
    /// `p`: pause or resume; paused time never counts.
    Pause,
    /// `q`, Esc, Ctrl-C: end.
    End,
    /// `h`: show or hide hints.
    Hints,
    /// `r`: start this answer (or its playback) again.
    Restart,
    /// `s`: skip this question.
    Skip,
    /// Tab: the next part of a STAR answer.
    NextPart,
    /// `1`–`5`: rate the answer just given.
    Rate(u8),
    /// `n`: next answer or section.
    Next,
    /// `b`: previous answer or section.
    Previous,
    /// `j`: to the next pause in a recording.
    NextPause,
    /// `k`: to the previous pause in a recording.
    PreviousPause,
    /// `/`: find a word in a recording's transcript (a prompt opens).
    Find,
    /// `w`: write a note on the answer (a prompt opens).
    Note,
    /// `x`: leave the answer out of stats and focus, or count it again.
    Exclude,
    /// `t`: the next take of the answer playing.
    Take,
    /// `c`: make the take playing the one that counts.
    Count,
}

/// A key typed into a screen's open text prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// A character, Space among them.
    Char(char),
    /// Backspace: the last character goes.
    Backspace,
    /// Enter: act on what was typed.
    Enter,
    /// Esc: close the prompt.
    Esc,
}

/// The longest note the prompt takes, in characters.
pub const NOTE_MAX: usize = 300;

/// What a key typed into a note prompt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTyped {
    /// Still typing.
    Typing,
    /// Enter: the note to keep (`None`: an empty one removes the note).
    Keep(Option<String>),
    /// Esc: the note stays as it was.
    Cancel,
}

/// Types `typed` into a note being written; control characters are not taken.
pub fn type_note(draft: &mut String, typed: Typed) -> NoteTyped {
    match typed {
        Typed::Enter => {
            let kept = draft.trim();
            NoteTyped::Keep((!kept.is_empty()).then(|| kept.to_string()))
        }
        Typed::Esc => NoteTyped::Cancel,
        Typed::Backspace => {
            draft.pop();
            NoteTyped::Typing
        }
        Typed::Char(c) => {
            if !c.is_control() && draft.chars().count() < NOTE_MAX {
                draft.push(c);
            }
            NoteTyped::Typing
        }
    }
}

/// A screen's logic: keys and time in, effects out. Never touches the terminal.
pub trait App {
    /// One key's action at `now`.
    fn on_key(&mut self, action: Action, now: Duration) -> Vec<Effect>;
    /// Time passing: countdowns, warnings, automatic ends.
    fn on_tick(&mut self, now: Duration) -> Vec<Effect>;
    /// A signal or a closed terminal: wrap up now, keeping what can be kept
    /// (the loop ends after these effects whatever they are).
    fn on_stop(&mut self, now: Duration) -> Vec<Effect>;
    /// Whether a text prompt is open: keys that type then go to
    /// [`App::on_typed`] instead of acting (the arrows and Ctrl-C still act).
    fn typing(&self) -> bool {
        false
    }
    /// A key typed into the open prompt at `now`.
    fn on_typed(&mut self, _typed: Typed, _now: Duration) -> Vec<Effect> {
        Vec::new()
    }
}

/// What a screen asks the loop to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Ring the terminal bell once.
    Bell,
    /// Save the session now.
    Save,
    /// Something for the recorder.
    Record(RecordAction),
    /// Something for the player.
    Play(PlayAction),
    /// Read `text` aloud in `voice`, replacing anything being read; the
    /// host tells the screen when it has been heard.
    Speak {
        /// What to say.
        text: String,
        /// How to say it.
        voice: panel::Voice,
    },
    /// Stop reading aloud.
    Hush,
    /// The screen is done.
    Quit,
}

/// What the recorder must do, in step with the timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordAction {
    /// Start a take into this file in the session directory.
    Start(String),
    /// Pause the take.
    Pause,
    /// Resume the take.
    Resume,
    /// Throw the take away.
    Discard,
    /// Finish the take and keep it for the answer it belongs to.
    Finish(TakeOf),
    /// Finish the take, as `Finish`, and start the next into this file at
    /// the same moment: a retake loses no audio between the two.
    Next(TakeOf, String),
}

/// Which answer and which try at it a take belongs to: a drill's item (a
/// talk is item 0) and its take number from 1, so a transcript that comes
/// late still lands on its own take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakeOf {
    /// The item's index in the session.
    pub item: usize,
    /// Its take number.
    pub take: u32,
}

/// What the player must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlayAction {
    /// Play recording number `index` (of the screen's list) from `at`.
    Open {
        /// Which recording.
        index: usize,
        /// Where to start.
        at: Duration,
    },
    /// Pause or resume.
    Pause(bool),
    /// Jump to a position in the current recording.
    Seek(Duration),
}
