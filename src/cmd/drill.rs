//! `rehearse drill`: options in, questions drawn, the drill run on the
//! terminal, the summary printed.

use super::host::{Audio, describe};
use super::speak::{Speech, open_speaker};
use crate::app::drill::{Drill, Options};
use crate::app::panel::Reading;
use crate::app::{Effect, RecordAction};
use crate::audio::speech::Speaker;
use crate::cli::{AnswerArgs, DrillArgs, SelectArgs};
use crate::config::Config;
use crate::session::store::Saver;
use crate::session::{self, Settings};
use crate::timing::DEFAULT_WARN;
use crate::ui::run::Host;
use crate::ui::screen::Frame;
use crate::ui::style::Palette;
use crate::ui::{drill_view, summary_view};
use anyhow::Result;
use std::time::Duration;

/// Thinking time when neither `--think` nor the config file says.
const DEFAULT_THINK: Duration = Duration::from_secs(5);

/// Runs `rehearse drill`.
pub fn run(args: &DrillArgs) -> Result<()> {
    let config = Config::load()?;
    let (library, profile) = super::load_banks(&args.select.bank)?;
    let mut select = args.select.clone();
    select.count = select.count.or(config.count);
    let root = super::recordings_root(args.answer.recordings_dir.as_deref(), &config)?;
    let focus = super::focus_weights(&library, &select, &root, &config.pace);
    let (seed, picked) = super::select_weighted(&library, &select, focus.as_deref())?;
    let again = select.again(seed);
    let asked = Asked {
        kind: session::Kind::Drill,
        library: &library,
        profile: &profile,
        questions: picked,
        select: &select,
        seed,
        again: &again,
    };
    asked.run(&args.answer, &config, root)
}

/// Questions chosen for one session, and what it is: a drill or an interview.
pub struct Asked<'a> {
    /// What the session file calls it.
    pub kind: session::Kind,
    /// Every loaded question (their points are reviewed).
    pub library: &'a crate::bank::Library,
    /// The interview being prepared: its panel and round one's notes.
    pub profile: &'a crate::bank::profile::Profile,
    /// The questions in the order asked.
    pub questions: Vec<&'a crate::bank::Question>,
    /// The selection, as the session's settings record it.
    pub select: &'a SelectArgs,
    /// The draw's seed.
    pub seed: u64,
    /// The command that asks the same questions again.
    pub again: &'a str,
}

impl Asked<'_> {
    /// Asks the questions on the terminal, saving after every answer, and
    /// prints the summary.
    pub fn run(self, args: &AnswerArgs, config: &Config, root: std::path::PathBuf) -> Result<()> {
        let Asked {
            kind,
            library,
            profile,
            questions,
            select,
            seed,
            again,
        } = self;
        let mut speech = Speech::new(&args.speech, config);
        let panel = speech.reading.panel.take();
        speech.reading.panel = panel.map(|p| p.named(&profile.interviewers));
        let options = options(args, config, speech.reading.clone());
        super::require_terminal(
            kind.label(),
            "for a printable list of questions use `rehearse draw`",
        )?;
        super::usable_recordings(&root)?;
        // Shown until the first frame: opening can take seconds.
        let _opening = match (args.record, speech.reading.speak) {
            (true, _) => Some(super::host::opening("the microphone")?),
            (false, true) => Some(super::host::opening("the voice")?),
            _ => None,
        };
        let speaker = open_speaker(
            &speech,
            args.speech.output_device.as_deref(),
            args.host.or(config.host),
        )?;
        let recorder =
            super::microphone_if(args.record, args.input_device.as_deref(), args.host, config)?;
        let transcriber = super::host::transcriber_if(
            recorder.is_some(),
            args.no_transcript,
            &args.model,
            config,
        )?;
        let started = session::now();
        let device = recorder.as_ref().map(|r| r.device().to_string());
        let settings = settings(select, seed, &options, device);
        let session = super::new_session(kind, started, Some(settings));
        let mut drill = Drill::new(questions, options, session, seed);
        let mut host = DrillHost {
            audio: Audio::new(recorder),
            speaker,
            saver: Saver::new(root, started),
            palette: Palette::from_env(),
        };
        if let Some(t) = transcriber {
            host.audio.transcribe(t);
        }
        let ended = crate::ui::run::run(&mut drill, &mut host);
        let mut late = 0;
        if matches!(ended, Ok(crate::ui::run::Ended::Quit)) && host.audio.transcribing() {
            late = host
                .audio
                .finish_transcripts(|of, t| drill.attach_transcript(of, t));
            host.saver.save(&mut drill.session);
        }
        // Closes the devices and any take still open before the summary.
        drop((host.audio, host.speaker));
        let saved = host.saver.finish(&drill.session);
        let width = crate::ui::text::output_width();
        let review = summary_view::Review {
            points: library
                .questions
                .iter()
                .map(|q| (q.id.as_str(), q.points.as_slice()))
                .collect(),
            model_hint: first_model_hint(&drill.session, config),
            round_one: profile.round_one.clone(),
            again: drill
                .asked_again
                .iter()
                .map(|a| (a.item, a.before))
                .collect(),
        };
        let summary = summary_view::summary(
            &drill.session,
            Some(again),
            &saved,
            &config.pace,
            &review,
            width,
        );
        crate::ui::text::print(&summary);
        if late > 0 {
            let (n, them) = if late == 1 {
                ("1 transcript was", "it")
            } else {
                (&*format!("{late} transcripts were"), "them")
            };
            crate::text::eprint(&format!(
                "rehearse: {n} not ready in time; `rehearse transcribe {}` makes {them}.\n",
                drill.session.id
            ));
        }
        ended?.result(Some(&saved))?;
        super::saved_in_full(&saved)
    }
}

/// Remembers, in the data directory, that a summary said how to add a
/// speech model.
const MODEL_HINT_MARKER: &str = "rehearse/model-hint-shown";

/// Whether this summary says how to add a speech model: it is the first
/// with a recorded answer left untranscribed while no model is set up. The
/// marker file remembers that one did; where it cannot be written, every
/// such summary says it.
fn first_model_hint(session: &session::Session, config: &Config) -> bool {
    if !summary_view::could_have_had_a_transcript(session) {
        return false;
    }
    // A model named but unusable is a problem of its own, said where it is used.
    let model = crate::transcript::model::resolve(None, config.model.as_deref());
    if !matches!(model, Ok(None)) {
        return false;
    }
    let Some(marker) = dirs::data_dir().map(|d| d.join(MODEL_HINT_MARKER)) else {
        return true;
    };
    if marker.exists() {
        return false;
    }
    if let Some(dir) = marker.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&marker, "shown\n");
    true
}

/// The drill's options from its flags, else the config file, else the defaults.
pub fn options(args: &AnswerArgs, config: &Config, reading: Reading) -> Options {
    Options {
        think: args.think.or(config.think).unwrap_or(DEFAULT_THINK),
        warn: args.warn.or(config.warn).unwrap_or(DEFAULT_WARN),
        target: args.target,
        hard_stop: args.hard_stop,
        follow_ups: !args.no_follow_ups,
        record: args.record,
        reading,
        pace: config.pace,
        again: !args.no_again && config.again != Some(false),
    }
}

/// The settings a drill with these options records, enough to repeat it.
pub fn settings(
    select: &SelectArgs,
    seed: u64,
    options: &Options,
    input_device: Option<String>,
) -> Settings {
    let mut banks: Vec<String> = select
        .bank
        .banks
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if banks.is_empty() || select.bank.with_builtin {
        banks.insert(0, "builtin".into());
    }
    Settings {
        seed,
        count: select.count.unwrap_or(super::DEFAULT_COUNT),
        categories: select.categories.clone(),
        tags: select.tags.clone(),
        banks,
        think: session::secs::length(options.think),
        warn: session::secs::length(options.warn),
        target: options.target.map(session::secs::length),
        hard_stop: options.hard_stop,
        follow_ups: options.follow_ups,
        input_device,
    }
}

/// The drill's link to the world: the microphone, the voice, the disk, the screen.
struct DrillHost {
    audio: Audio,
    speaker: Option<Speaker>,
    saver: Saver,
    palette: Palette,
}

impl Host<Drill<'_>> for DrillHost {
    fn apply(&mut self, app: &mut Drill<'_>, effect: Effect, _: Duration) -> Result<()> {
        match effect {
            Effect::Save => self.saver.save(&mut app.session),
            Effect::Record(action) => match self.saver.dir(&mut app.session) {
                Ok(dir) => {
                    if let Some((of, take)) = self.audio.act(&action, &dir) {
                        let (recording, analysis) = describe(&take);
                        app.attach_take(of, recording, analysis);
                    }
                }
                Err(e) if matches!(action, RecordAction::Start(_)) => {
                    self.audio.recorder = None;
                    app.stop_recording(&format!("{e:#}"));
                }
                Err(_) => {}
            },
            other => super::speak::carry_out(self.speaker.as_mut(), app, other),
        }
        Ok(())
    }

    fn poll(&mut self, app: &mut Drill<'_>, now: Duration) -> Result<Vec<Effect>> {
        if let Some(why) = self.audio.check() {
            app.stop_recording(&why);
        }
        let mut effects = super::speak::heard(self.speaker.as_mut(), app, now);
        for (of, t) in self.audio.transcripts() {
            app.attach_transcript(of, t);
            effects.push(Effect::Save);
        }
        Ok(effects)
    }

    fn frame(&mut self, app: &Drill<'_>, now: Duration, cols: u16, _: u16) -> Frame {
        let meter = self.audio.meter();
        drill_view::frame(&self.palette, app, meter.as_ref(), now, usize::from(cols))
    }
}
