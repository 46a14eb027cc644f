//! `rehearse replay`: a session found, its recordings listed, played on the
//! terminal with the replay screen; with `--with-question`, each question is
//! read aloud again (synthesised from its stored text, in the voice of the
//! panel member who asks its category) before its answer plays. A note
//! written or an answer excluded is saved into session.yaml at once.

use crate::app::replay::{Judged, Recording, Replay};
use crate::app::{Effect, PlayAction};
use crate::audio::analysis;
use crate::audio::playback::{PlayError, Player};
use crate::audio::speech::{Heard, Speaker};
use crate::audio::wavfile;
use crate::cli::ReplayArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::session::history;
use crate::ui::replay_view;
use crate::ui::run::{Ended, Host};
use crate::ui::screen::Frame;
use crate::ui::style::Palette;
use anyhow::Result;
use std::time::Duration;

/// Runs `rehearse replay`.
pub fn run(args: &ReplayArgs) -> Result<()> {
    let config = Config::load()?;
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config)?;
    let (dir, session) =
        history::find(&root, args.session.as_deref()).map_err(|n| BadInput::new(n.what, n.hint))?;
    let (mut recordings, skipped) = Recording::list(&dir, &session, &playable);
    for why in &skipped {
        let line = format!("rehearse: warning: skipping {why}");
        crate::ui::text::eprint(&(crate::text::safe(&line) + "\n"));
    }
    if recordings.is_empty() {
        let (what, hint) = if skipped.is_empty() {
            (
                "has no recorded answers",
                "record answers with `rehearse drill --record`",
            )
        } else {
            (
                "has no recording that can be played",
                "the warnings above say what is wrong with each",
            )
        };
        anyhow::bail!(BadInput::new(
            format!("session {} {what}", session.id),
            hint
        ));
    }
    // An answer starts with the take that counts.
    let counts = |a: &Recording| a.take == a.counted;
    let start = match args.answer {
        None => recordings.iter().position(counts).unwrap_or(0),
        Some(n) => recordings
            .iter()
            .position(|a| a.number == n as usize && counts(a))
            .or_else(|| recordings.iter().position(|a| a.number == n as usize))
            .ok_or_else(|| {
                let mut have: Vec<String> =
                    recordings.iter().map(|a| a.number.to_string()).collect();
                have.dedup();
                let what = format!("answer {n} of session {} has no recording", session.id);
                BadInput::new(what, format!("recorded answers: {}", have.join(", ")))
            })?,
    };
    let start_at = match &args.section {
        None => Duration::ZERO,
        Some(name) => recordings[start]
            .section_start(name, &session.id)
            .map_err(|(what, hint)| BadInput::new(what, hint))?,
    };
    super::require_terminal(
        "replay",
        "`rehearse analyze FILE.wav` prints a recording's figures",
    )?;
    let speaker = if args.with_question {
        let panel = config.panel.clone().unwrap_or_default();
        for r in recordings.iter_mut().filter(|r| r.sections.is_empty()) {
            r.asker = Some(panel.asker(&r.category).clone());
        }
        let mut speech = super::speak::Speech::default();
        speech.reading.speak = true;
        speech.reading.panel = Some(panel);
        speech.volume = config.volume.unwrap_or(100);
        super::speak::open_speaker(
            &speech,
            args.output_device.as_deref(),
            args.host.or(config.host),
        )?
    } else {
        None
    };
    let mut app = Replay::new(
        session.id.clone(),
        session.items.len(),
        recordings,
        start,
        start_at,
    );
    app.pace = config.pace;
    if app.recordings.iter().any(|r| r.take > 1) {
        // The takes' table says which points each made, as the summary does.
        let built_in = crate::bank::load(&[], true).map(|l| l.questions);
        let points = built_in.into_iter().flatten().map(|q| (q.id, q.points));
        app.points = points.collect();
    }
    let mut host = ReplayHost {
        player: None,
        speaker,
        output: args.output_device.clone(),
        sound: args.host.or(config.host),
        palette: Palette::from_env(),
        shown: None,
        unplayable: None,
        loudness: None,
        dir: dir.clone(),
    };
    let ended = crate::ui::run::run(&mut app, &mut host);
    drop((host.player, host.speaker));
    let ended = ended?;
    if ended == Ended::Quit && session.talk.is_some() {
        crate::ui::text::print(&format!("Replayed the talk of session {}.\n", session.id));
    } else if ended == Ended::Quit {
        crate::ui::text::print(&format!(
            "Replayed session {}: answers {}–{} of {}.\n",
            session.id,
            app.recordings[start].number,
            app.recording().number,
            session.items.len()
        ));
    }
    ended.result(None)
}

/// The highest sample rate a sound server plays (PulseAudio's limit).
const MAX_PLAY_RATE: u32 = 384_000;

/// Whether `file` can be played (a regular WAV file at a rate an output
/// plays): its analysis, the `stored` one or a fresh one; else what is wrong.
fn playable(
    file: &std::path::Path,
    stored: Option<&crate::session::analysis::Analysis>,
) -> Result<Option<crate::session::analysis::Analysis>, String> {
    let stream = wavfile::MonoStream::open(file).map_err(|e| e.to_string())?;
    let rate = stream.format().sample_rate;
    if rate > MAX_PLAY_RATE {
        return Err(format!(
            "{}: its sample rate, {} kHz, is over the {} kHz a sound server plays",
            file.display(),
            rate / 1000,
            MAX_PLAY_RATE / 1000
        ));
    }
    if let Some(a) = stored {
        return Ok(Some(a.clone()));
    }
    let fresh = |r: wavfile::WavEnvelope| analysis::analyze(&r.envelope, &Default::default());
    Ok(stream.envelope().ok().map(fresh))
}

/// How often the replay screen looks at the player.
const REPLAY_TICK: Duration = crate::audio::devices::PLAYBACK_CALLBACK;

/// The replay's link to the world: the output device, the screen and the
/// session file.
struct ReplayHost {
    player: Option<Player>,
    speaker: Option<Speaker>,
    output: Option<String>,
    sound: Option<crate::audio::devices::HostKind>,
    palette: Palette,
    /// What the screen showed at the last look.
    shown: Option<replay_view::Shown>,
    /// Why the recording to play could not be read, until the app hears it.
    unplayable: Option<String>,
    /// The loudness of the recording last shown (read once per recording).
    loudness: Option<(std::path::PathBuf, Option<replay_view::Loudness>)>,
    /// The session's directory, where notes, exclusions and the take that
    /// counts are saved.
    dir: std::path::PathBuf,
}

impl ReplayHost {
    /// Saves what the screen changed (notes, exclusions, the take that
    /// counts) into `session.yaml` as it is on disk now (another rehearse,
    /// such as `transcribe`, may have saved it since).
    fn save(&self, app: &Replay) -> Result<()> {
        let mut session = crate::session::load(&self.dir.join("session.yaml"))
            .map_err(|d| anyhow::anyhow!("{}", d.reason))?;
        for r in &app.recordings {
            let (Judged::Answer(shown), Some(item)) =
                (&r.judged, session.items.get_mut(r.number - 1))
            else {
                continue;
            };
            item.note.clone_from(&shown.note);
            item.excluded = shown.excluded;
            if !item.count_take(r.counted) {
                anyhow::bail!(
                    "answer {} has no take {} in session.yaml any more",
                    r.number,
                    r.counted
                );
            }
        }
        session.version = crate::session::FORMAT_VERSION;
        crate::session::save(&self.dir, &session)?;
        Ok(())
    }
}

impl Host<Replay> for ReplayHost {
    fn apply(&mut self, app: &mut Replay, effect: Effect, _: Duration) -> Result<()> {
        match effect {
            Effect::Play(PlayAction::Open { index, at }) => {
                // The old stream stops before the new one starts.
                self.player = None;
                let file = &app.recordings[index].file;
                let hint = "check `rehearse devices`; --output-device picks another output";
                match Player::open(file, self.output.as_deref(), at, self.sound) {
                    Ok(player) => self.player = Some(player),
                    // The file, not the output: that answer is skipped.
                    Err(PlayError::File(why)) => self.unplayable = Some(why),
                    Err(e) => return Err(BadInput::new(e.to_string(), hint).into()),
                }
            }
            Effect::Play(PlayAction::Pause(paused)) => {
                self.player.iter().for_each(|p| p.set_paused(paused))
            }
            Effect::Play(PlayAction::Seek(to)) => self.player.iter().for_each(|p| p.seek(to)),
            Effect::Save => {
                if let Err(e) = self.save(app) {
                    app.notice = Some(format!("Not saved: {e:#}"));
                }
            }
            other => {
                // The answer stops while its question is read.
                if matches!(other, Effect::Speak { .. }) {
                    self.player = None;
                }
                super::speak::apply(self.speaker.as_mut(), other)
            }
        }
        Ok(())
    }

    fn poll(&mut self, app: &mut Replay, _: Duration) -> Result<Vec<Effect>> {
        if let Some(why) = self.unplayable.take() {
            return Ok(app.unplayable(&why));
        }
        if let Some(p) = &self.player {
            if let Some(why) = p.failure() {
                anyhow::bail!(why);
            }
            app.sync(p.position(), p.length(), p.finished());
        }
        Ok(match self.speaker.as_mut().and_then(Speaker::poll) {
            Some(Heard::Done) => app.spoken(),
            Some(Heard::Failed(why)) => app.speech_failed(&why),
            None => Vec::new(),
        })
    }

    fn frame(&mut self, app: &Replay, _: Duration, cols: u16, _: u16) -> Frame {
        let file = &app.recording().file;
        if self.loudness.as_ref().is_none_or(|(f, _)| f != file) {
            // About 10 ms for a two-minute answer, once per answer.
            let read = wavfile::read_envelope(file).ok();
            let loud = read.map(|r| replay_view::Loudness::of(&r.envelope));
            self.loudness = Some((file.clone(), loud));
        }
        let loud = self.loudness.as_ref().and_then(|(_, l)| l.as_ref());
        replay_view::frame(&self.palette, app, loud, usize::from(cols))
    }

    fn changed(&mut self, app: &Replay, cols: u16, _: u16) -> bool {
        let now = replay_view::Shown::of(app, usize::from(cols));
        let changed = self.shown.as_ref() != Some(&now);
        self.shown = Some(now);
        changed
    }

    /// The play position moves once per playback request, and while it
    /// plays the screen changes as the clock passes a whole second (the bar
    /// moves with it) or the word heard changes: the loop looks just after
    /// the request that carries the position past the sooner of the two.
    /// Near the end, while a question is read, and while nothing plays it
    /// looks once per request. Keys wake the loop whenever they come.
    fn tick(&self, app: &Replay) -> Duration {
        let playing = self.player.as_ref().is_some_and(|p| !p.is_paused());
        let left = app.length.saturating_sub(app.position);
        if !playing || app.listening.is_some() || left < 2 * Duration::from_secs(1) {
            return REPLAY_TICK;
        }
        let to_next_second =
            Duration::from_secs(1) - Duration::from_nanos(app.position.subsec_nanos().into());
        let to_next_word = app.next_word_change().unwrap_or(to_next_second);
        to_next_second.min(to_next_word) + REPLAY_TICK / 2
    }
}
