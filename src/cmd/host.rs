//! What the timed commands share around the run loop: the recorder driven
//! in step with the timer (a microphone that fails part-way handed over
//! gracefully, a finished take described for `session.yaml`). Saving is
//! [`crate::session::store`].

use crate::app::{RecordAction, TakeOf};
use crate::audio::analysis;
use crate::audio::capture::{Recorder, Take};
use crate::audio::wavfile;
use crate::cli::ModelArgs;
use crate::config::Config;
use crate::session::Recording;
use crate::session::analysis::Analysis;
use crate::session::transcript::Transcript;
use crate::transcript::engine::EngineError;
use crate::transcript::live::LiveSettings;
use crate::transcript::live::{Finished, Pending, Transcriber};

use crate::ui::style::Palette;
use crate::ui::terminal::TerminalGuard;
use anyhow::{Context, Result};
use std::time::Duration;

/// The recorder, or what is left of it after it failed, and the
/// transcripts its takes are waiting for.
pub struct Audio {
    /// The open microphone, while it works.
    pub recorder: Option<Recorder>,
    /// The take that was open when the microphone failed, for its answer.
    lost_take: Option<(Take, Option<Pending>)>,
    /// Where finished takes' transcripts come from, when transcribing.
    finished: Option<Finished>,
    /// Transcripts being finished, with the take they belong to.
    waiting: Vec<(TakeOf, Pending)>,
}

impl Audio {
    /// Drives `recorder`, if recording.
    pub fn new(recorder: Option<Recorder>) -> Audio {
        Audio {
            recorder,
            lost_take: None,
            finished: None,
            waiting: Vec::new(),
        }
    }

    /// Transcribes every take from now on with `transcriber`.
    pub fn transcribe(&mut self, transcriber: Transcriber) {
        if let Some(rec) = &self.recorder {
            let (tap, finished) = transcriber.into_tap();
            rec.tap(tap);
            self.finished = Some(finished);
        }
    }

    /// A finished take's transcript-to-be, taken in the order takes finish.
    fn transcript_of(&self) -> Option<Pending> {
        self.finished.as_ref()?.next()
    }

    /// Keeps `take`'s transcript-to-be for its owner.
    fn finished_take(
        &mut self,
        owner: TakeOf,
        take: Take,
        pending: Option<Pending>,
    ) -> (TakeOf, Take) {
        if let Some(p) = pending {
            self.waiting.push((owner, p));
        }
        (owner, take)
    }

    /// The transcripts finished since the last call, with their takes;
    /// never waits. A transcript that failed is reported as its error.
    pub fn transcripts(&mut self) -> Vec<(TakeOf, Result<Transcript, EngineError>)> {
        let mut ready = Vec::new();
        self.waiting.retain(|(owner, p)| match p.try_take() {
            Some(r) => {
                ready.push((*owner, r));
                false
            }
            None => true,
        });
        ready
    }

    /// Whether transcripts are still being made.
    pub fn transcribing(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Carries out an action in `dir`; a finished take comes back with whose it is.
    pub fn act(&mut self, action: &RecordAction, dir: &std::path::Path) -> Option<(TakeOf, Take)> {
        let Some(rec) = &self.recorder else {
            return match action {
                RecordAction::Finish(owner) | RecordAction::Next(owner, _) => self
                    .lost_take
                    .take()
                    .map(|(t, p)| self.finished_take(*owner, t, p)),
                _ => None,
            };
        };
        match action {
            RecordAction::Start(file) => rec.start(&dir.join(file)),
            RecordAction::Pause => rec.pause(),
            RecordAction::Resume => rec.resume(),
            RecordAction::Discard => rec.discard(),
            RecordAction::Finish(owner) => {
                let take = rec.finish()?;
                let pending = self.transcript_of();
                return Some(self.finished_take(*owner, take, pending));
            }
            RecordAction::Next(owner, file) => {
                let take = rec.next_take(&dir.join(file))?;
                let pending = self.transcript_of();
                return Some(self.finished_take(*owner, take, pending));
            }
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
                (take, self.transcript_of())
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

/// A transcriber for the takes when recording with a speech model (none
/// with `--no-transcript`, or when no model is set up). A model named but
/// unusable stops the command before it starts.
pub fn transcriber_if(
    record: bool,
    no_transcript: bool,
    model: &ModelArgs,
    config: &Config,
) -> Result<Option<Transcriber>> {
    if !record || no_transcript {
        return Ok(None);
    }
    let Some(model) = super::transcribe::load_model(model, config)? else {
        return Ok(None);
    };
    let t = Transcriber::start(model, LiveSettings::default())
        .context("cannot start the transcriber")?;
    Ok(Some(t))
}

/// How long the end of a run waits for the last transcripts at most.
pub const LAST_TRANSCRIPTS: Duration = Duration::from_secs(120);

impl Audio {
    /// Waits, at most [`LAST_TRANSCRIPTS`], for the transcripts still being
    /// made and hands each to `attach`, with a spinner on standard error;
    /// returns how many were not ready in time.
    pub fn finish_transcripts(
        &mut self,
        mut attach: impl FnMut(TakeOf, Result<Transcript, EngineError>),
    ) -> usize {
        if !self.transcribing() {
            return 0;
        }
        let bar = crate::ui::bar::live_bar(0, "{spinner} {msg} {elapsed}");
        bar.set_message("Transcribing the last answer…");
        let deadline = std::time::Instant::now() + LAST_TRANSCRIPTS;
        while self.transcribing() && std::time::Instant::now() < deadline {
            for (owner, t) in self.transcripts() {
                attach(owner, t);
            }
            bar.tick();
            std::thread::sleep(Duration::from_millis(50));
        }
        bar.finish_and_clear();
        self.waiting.len()
    }
}

/// Takes the terminal over at once and shows `what` is being opened, so
/// the screen is never blank while devices open (a microphone can take
/// seconds to deliver its first audio). The run loop then draws over it;
/// dropping the guard gives the terminal back, so a failure to open is
/// printed on the normal screen.
pub fn opening(what: &str) -> anyhow::Result<TerminalGuard> {
    let guard = TerminalGuard::enter().context("cannot set up the terminal")?;
    let text = format!("Opening {what}{}", Palette::from_env().sym("…", "..."));
    let mut out = std::io::stdout();
    crossterm::execute!(
        out,
        crossterm::cursor::MoveTo(0, 1),
        crossterm::style::Print(crate::text::safe(&text))
    )?;
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
        length: crate::session::secs::length(take.length()),
        rate: take.rate,
        dropped: take.dropped,
        xruns: take.xruns,
        stalls: take.stalls,
        error: take.error.clone(),
    };
    (recording, analysis)
}
