//! `rehearse drill`: options in, questions drawn, the drill run on the
//! terminal, the summary printed.

use super::host::{Audio, describe};
use super::speak::{Speech, open_speaker};
use crate::app::drill::{Drill, Options};
use crate::app::{Effect, RecordAction};
use crate::audio::speech::Speaker;
use crate::cli::DrillArgs;
use crate::config::Config;
use crate::session::store::Saver;
use crate::session::{self, Settings};
use crate::timing::DEFAULT_WARN;
use crate::ui::drill_view;
use crate::ui::run::Host;
use crate::ui::screen::Frame;
use crate::ui::style::Palette;
use anyhow::Result;
use std::time::Duration;

/// Thinking time when neither `--think` nor the config file says.
const DEFAULT_THINK: Duration = Duration::from_secs(5);

/// Runs `rehearse drill`.
pub fn run(args: &DrillArgs) -> Result<()> {
    let config = Config::load()?;
    let library = super::load_library(&args.select.bank)?;
    let mut select = args.select.clone();
    select.count = select.count.or(config.count);
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config);
    let focus = super::focus_weights(&library, &select, &root, &config.pace);
    let (seed, picked) = super::select_weighted(&library, &select, focus.as_deref())?;
    let speech = Speech::new(&args.speech, &config);
    let options = Options {
        think: args.think.or(config.think).unwrap_or(DEFAULT_THINK),
        warn: args.warn.or(config.warn).unwrap_or(DEFAULT_WARN),
        target: args.target,
        hard_stop: args.hard_stop,
        follow_ups: !args.no_follow_ups,
        record: args.record,
        reading: speech.reading.clone(),
        pace: config.pace,
    };
    super::require_terminal(
        "drill",
        "for a printable list of questions use `rehearse draw`",
    )?;
    // Shown until the drill's first frame: opening can take seconds.
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
    let recorder = super::microphone_if(
        args.record,
        args.input_device.as_deref(),
        args.host,
        &config,
    )?;
    let started = session::now();
    let mut banks: Vec<String> = select
        .bank
        .banks
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if banks.is_empty() || select.bank.with_builtin {
        banks.insert(0, "builtin".into());
    }
    let settings = Settings {
        seed,
        count: select.count.unwrap_or(super::DEFAULT_COUNT),
        categories: select.categories.clone(),
        tags: select.tags.clone(),
        banks,
        think: options.think.as_secs_f64(),
        warn: options.warn.as_secs_f64(),
        target: options.target.map(|t| t.as_secs_f64()),
        hard_stop: options.hard_stop,
        follow_ups: options.follow_ups,
        input_device: recorder.as_ref().map(|r| r.device().to_string()),
    };
    let session = super::new_session(session::Kind::Drill, started, Some(settings));
    let mut drill = Drill::new(picked, options, session, seed);
    let mut host = DrillHost {
        audio: Audio::new(recorder),
        speaker,
        saver: Saver::new(root, started),
        palette: Palette::from_env(),
    };
    let ended = crate::ui::run::run(&mut drill, &mut host);
    // Closes the devices and any take still open before the summary.
    drop((host.audio, host.speaker));
    let saved = host.saver.finish(&drill.session);
    let width = crate::ui::text::output_width();
    crate::ui::text::print(&drill_view::summary(
        &drill.session,
        Some(&select.again(seed)),
        &saved,
        &config.pace,
        width,
    ));
    ended?.result(saved.path)
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
                    if let Some((item, take)) = self.audio.act(&action, &dir) {
                        let (recording, analysis) = describe(&take);
                        app.attach_take(item, recording, analysis);
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
        Ok(super::speak::heard(self.speaker.as_mut(), app, now))
    }

    fn frame(&mut self, app: &Drill<'_>, now: Duration, cols: u16, _: u16) -> Frame {
        let meter = self.audio.meter();
        drill_view::frame(&self.palette, app, meter.as_ref(), now, usize::from(cols))
    }
}
