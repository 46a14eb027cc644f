//! What the timed commands share around the run loop: the recorder driven
//! in step with the timer (a microphone that fails part-way handed over
//! gracefully, a finished take described for `session.yaml`). Saving is
//! [`crate::session::store`].

use crate::app::RecordAction;
use crate::audio::analysis::{self, Analysis};
use crate::audio::capture::{Recorder, Take};
use crate::audio::wavfile;
use crate::session::Recording;
use crate::ui::screen::{self, Frame};
use crate::ui::style::Palette;
use crate::ui::terminal::TerminalGuard;
use anyhow::Context;
use std::io::Write;

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

/// Takes the terminal over at once and shows `what` is being opened, so
/// the screen is never blank while devices open (a microphone can take
/// seconds to deliver its first audio). The run loop then draws over it;
/// dropping the guard gives the terminal back, so a failure to open is
/// printed on the normal screen.
pub fn opening(what: &str) -> anyhow::Result<TerminalGuard> {
    let guard = TerminalGuard::enter().context("cannot set up the terminal")?;
    let palette = Palette::from_env();
    let mut frame = Frame::default();
    frame.blank();
    frame.push(format!("Opening {what}{}", palette.sym("…", "...")));
    let rows = crossterm::terminal::size().map_or(24, |(_, rows)| rows);
    let mut bytes = Vec::new();
    screen::draw(&mut bytes, &frame, rows)?;
    let mut out = std::io::stdout();
    out.write_all(&bytes).and_then(|()| out.flush())?;
    Ok(guard)
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
        stalls: take.stalls,
        error: take.error.clone(),
    };
    (recording, analysis)
}
