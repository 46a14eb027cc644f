//! The interactive screens as pure state machines: `drill`, `present` and
//! `replay` each take actions and time (`on_key(action, now)`,
//! `on_tick(now)`) and return [`Effect`]s for the run loop
//! ([`crate::ui::run`]) to carry out. Nothing here touches the terminal, the
//! audio devices or the disk, so every behaviour is tested with a fake clock
//! and scripted keys. Views live in `ui/`.

pub mod drill;
pub mod present;
pub mod replay;

use std::time::Duration;

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
    /// Throw the take away and start it again.
    Restart,
    /// Throw the take away.
    Discard,
    /// Finish the take; the number says what it belongs to (a drill's item).
    Finish(usize),
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

/// Rounds to the millisecond, as session files store times.
pub fn round_ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}
