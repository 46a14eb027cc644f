//! `rehearse present`: a plan (or `--minutes N`) in, the talk run on the
//! terminal against its section clock, the report printed.

use super::host::{Audio, describe};
use crate::app::Effect;
use crate::app::present::Present;
use crate::cli::PresentArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::plan::{self, Plan};
use crate::session;
use crate::session::history::{self, Entry};
use crate::session::store::Saver;
use crate::ui::present_view;
use crate::ui::run::Host;
use crate::ui::screen::Frame;
use crate::ui::style::Palette;
use crate::ui::text::output_width;
use anyhow::Result;
use std::time::Duration;

/// Runs `rehearse present`.
pub fn run(args: &PresentArgs) -> Result<()> {
    let config = Config::load()?;
    let plan = match (&args.plan, args.minutes) {
        (Some(path), _) => plan::load(path)?,
        (None, Some(m)) => Plan::countdown(m),
        (None, None) => anyhow::bail!(BadInput::new(
            "give a plan file, or --minutes N for a plain countdown",
            "example plans are in question-banks/plans/, e.g. `rehearse present question-banks/plans/case-10min.yaml`",
        )),
    };
    for w in &plan.warnings {
        crate::ui::text::eprint(&format!("rehearse: warning: {w}\n  hint: {}\n", w.hint));
    }
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config)?;
    if args.history {
        // A damaged session may be a run of this plan: say so, as `stats` does.
        let entries = history::list(&root);
        history::warn_damaged(&entries);
        let mut runs: Vec<(String, crate::session::Talk)> = entries
            .into_iter()
            .filter_map(|e| match e {
                Entry::Ok { session, .. } => {
                    let s = *session;
                    let talk = s.talk?;
                    (talk.title == plan.title).then_some((s.started.rfc3339(), talk))
                }
                Entry::Damaged { .. } => None,
            })
            .collect();
        runs.reverse();
        crate::ui::text::print(&present_view::history_table(
            &plan,
            &runs,
            &root,
            output_width(),
        ));
        return Ok(());
    }
    super::require_terminal(
        "present",
        "`rehearse present PLAN --history` prints past runs",
    )?;
    super::usable_recordings(&root)?;
    let recorder = super::microphone_if(
        args.record,
        args.input_device.as_deref(),
        args.host,
        &config,
    )?;
    let transcriber =
        super::host::transcriber_if(recorder.is_some(), args.no_transcript, &args.model, &config)?;
    let started = session::now();
    let session = super::new_session(session::Kind::Present, started, None);
    let mut app = Present::new(plan, session, recorder.is_some(), args.start_now)?;
    app.pace = config.pace;
    let mut host = PresentHost {
        audio: Audio::new(recorder),
        saver: Saver::new(root, started),
        palette: Palette::from_env(),
    };
    if let Some(t) = transcriber {
        host.audio.transcribe(t);
    }
    let ended = crate::ui::run::run(&mut app, &mut host);
    if matches!(ended, Ok(crate::ui::run::Ended::Quit)) && host.audio.transcribing() {
        let late = host
            .audio
            .finish_transcripts(|_, t| attach_transcript(&mut app, t));
        host.saver.save(&mut app.session);
        if late > 0 {
            crate::text::eprint(&format!(
                "rehearse: the talk's transcript was not ready in time; `rehearse transcribe {}` makes it.\n",
                app.session.id
            ));
        }
    }
    drop(host.audio);
    let saved = host.saver.finish(&app.session);
    if let Some(err) = &saved.error {
        let which = saved
            .lacking()
            .unwrap_or_else(|| "The talk was not saved".into());
        let rest = saved.path.as_deref().map_or(String::new(), |p| {
            format!("; the rest is in {}", crate::ui::text::safe_path(p))
        });
        crate::ui::text::eprint(&format!("rehearse: {which} ({err}){rest}.\n"));
    }
    crate::ui::text::print(&present_view::report(
        &app.session,
        saved.path.as_deref().filter(|_| saved.complete()),
        &app.pace,
        output_width(),
    ));
    ended?.result(Some(&saved))?;
    super::saved_in_full(&saved)
}

/// Stores the talk's transcript; one that failed leaves the talk without.
fn attach_transcript(
    app: &mut Present,
    t: Result<crate::session::transcript::Transcript, crate::transcript::engine::EngineError>,
) {
    if let (Ok(t), Some(talk)) = (t, &mut app.session.talk) {
        talk.transcript = Some(t);
    }
}

/// The talk's link to the world: the microphone, the disk, the screen.
struct PresentHost {
    audio: Audio,
    saver: Saver,
    palette: Palette,
}

impl Host<Present> for PresentHost {
    fn apply(&mut self, app: &mut Present, effect: Effect, _: Duration) -> Result<()> {
        match effect {
            Effect::Save => self.saver.save(&mut app.session),
            Effect::Record(action) => {
                let dir = self.saver.dir(&mut app.session)?;
                if let Some((_, take)) = self.audio.act(&action, &dir) {
                    let (recording, analysis) = describe(&take);
                    if let Some(talk) = &mut app.session.talk {
                        talk.recording = Some(recording);
                        talk.analysis = analysis;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn poll(&mut self, app: &mut Present, _: Duration) -> Result<Vec<Effect>> {
        if let Some(why) = self.audio.check() {
            app.stop_recording(&why);
        }
        let mut effects = Vec::new();
        for (_, t) in self.audio.transcripts() {
            attach_transcript(app, t);
            effects.push(Effect::Save);
        }
        Ok(effects)
    }

    fn frame(&mut self, app: &Present, now: Duration, cols: u16, _: u16) -> Frame {
        let meter = self.audio.meter();
        present_view::frame(&self.palette, app, meter.as_ref(), now, usize::from(cols))
    }
}
