//! `rehearse present`: rehearse a talk against a section clock — the current
//! section and its notes, a bar for the section and one for the whole talk,
//! pace against the plan, warnings before each end, overtime that keeps
//! counting — then a report of where the minutes went.

use super::take::{self, Audio, RecordAction};
use crate::cli::PresentArgs;
use crate::config::Config;
use crate::duration::{fmt_mss, fmt_mss_left, fmt_secs_rounded, fmt_signed};
use crate::error::{BadInput, Interrupted};
use crate::plan::{self, Plan};
use crate::session::history::{self, Entry};
use crate::session::{self, Session, Talk, TalkSection, Visit};
use crate::timing::{Budget, Clock, MonotonicClock, Run, RunConfig, RunEvent};
use crate::ui::bar::CapturedBar;
use crate::ui::drill_view::audio_line;
use crate::ui::keys::{Input, Key, next_input};
use crate::ui::screen::{self, Frame};
use crate::ui::style::{Palette, Tone};
use crate::ui::terminal::{Signals, TerminalGuard};
use crate::ui::text::{clip, output_width, wrap};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// The recording's file name in the session directory.
const TALK_FILE: &str = "talk.wav";

/// Runs `rehearse present`.
pub fn run(args: &PresentArgs) -> Result<()> {
    let config = Config::load()?;
    let plan = match (&args.plan, args.minutes) {
        (Some(path), _) => plan::load(path)?,
        (None, Some(m)) => Plan::countdown(m),
        (None, None) => {
            return Err(BadInput::new(
                "give a plan file, or --minutes N for a plain countdown",
                "example plans are in question-banks/plans/, e.g. `rehearse present question-banks/plans/case-10min.yaml`",
            )
            .into());
        }
    };
    let root = session::recordings_dir(
        args.recordings_dir.as_deref(),
        config.recordings_dir.as_deref(),
    );
    if args.history {
        print!("{}", history_table(&plan, &root, output_width()));
        return Ok(());
    }
    super::require_terminal(
        "present",
        "`rehearse present PLAN --history` prints past runs",
    )?;
    let recorder = super::microphone_if(args.record, args.input_device.as_deref(), &config)?;
    let started = session::now();
    let (id, dir) = session::create_dir(&root, &started)?;
    let mut session = Session {
        version: session::FORMAT_VERSION,
        id,
        kind: session::Kind::Present,
        started,
        finished: None,
        completed: false,
        settings: None,
        items: Vec::new(),
        talk: None,
    };
    let mut run = new_run(&plan)?;
    session.talk = Some(talk_record(&plan, &run, Duration::ZERO));
    let path = session::save(&dir, &session)?;
    let signals = Signals::catch().context("cannot install signal handlers")?;
    let mut audio = Audio::new(recorder, dir.clone());
    let ended = {
        let _guard = TerminalGuard::enter().context("cannot set up the terminal")?;
        event_loop(&plan, &mut run, &mut session, &mut audio, &signals)
    };
    drop(audio);
    print!("{}", report(&session, &path, output_width()));
    std::io::stdout().flush()?;
    match ended? {
        None => Ok(()),
        Some(signal) => Err(Interrupted {
            signal,
            saved: Some(path),
        }
        .into()),
    }
}

/// The plan's sections on the timing engine: a section is over at its budget.
fn new_run(plan: &Plan) -> Result<Run> {
    let sections = plan
        .sections
        .iter()
        .map(|s| {
            let budget = Budget::new(None, s.budget, s.budget)
                .context("a section budget must be above zero")?;
            Ok((s.name.clone(), budget))
        })
        .collect::<Result<Vec<_>>>()?;
    let warn = plan
        .section_warnings
        .iter()
        .copied()
        .max()
        .unwrap_or(Duration::from_secs(15));
    Run::new(
        sections,
        RunConfig {
            warn,
            section_warnings: plan.section_warnings.clone(),
            talk_warnings: plan.talk_warnings.clone(),
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// The talk as `session.yaml` records it, at `now`.
fn talk_record(plan: &Plan, run: &Run, now: Duration) -> Talk {
    let offsets = run.section_start_offsets();
    Talk {
        title: plan.title.clone(),
        plan: plan.source.clone(),
        sections: run
            .sections()
            .iter()
            .enumerate()
            .map(|(i, s)| TalkSection {
                name: s.name().to_string(),
                planned: secs(s.budget().target()),
                actual: secs(run.section_elapsed(i, now).unwrap_or_default()),
                start: offsets.get(i).copied().flatten().map(secs),
            })
            .collect(),
        visits: run
            .visits()
            .iter()
            .map(|v| Visit {
                section: v.section,
                at: secs(v.at),
            })
            .collect(),
        planned: secs(run.total_planned()),
        total: secs(run.total_elapsed(now)),
        paused: secs(run.total_paused(now)),
        recording: None,
        analysis: None,
    }
}

/// Runs the talk; `Some(signal)` when a signal ended it.
fn event_loop(
    plan: &Plan,
    run: &mut Run,
    session: &mut Session,
    audio: &mut Audio,
    signals: &Signals,
) -> Result<Option<i32>> {
    let clock = MonotonicClock::new();
    let mut out = std::io::stdout();
    let mut view = View::new(Palette::from_env());
    run.start(clock.now());
    let recording = audio.recorder.is_some();
    if recording {
        audio.act(&RecordAction::Start(TALK_FILE.into()));
    }
    let mut visits = run.visits().len();
    let mut notice: Option<String> = None;
    let mut signal = None;
    let completed = loop {
        if let Some(sig) = signals.pending() {
            signal = Some(sig);
            break false;
        }
        if let Some(why) = audio.check() {
            notice = Some(format!(
                "Recording stopped ({why}); the talk goes on without it."
            ));
        }
        let (cols, rows) = crossterm::terminal::size().unwrap_or((80, 24));
        let frame = view.frame(
            plan,
            run,
            audio,
            notice.as_deref(),
            clock.now(),
            usize::from(cols).max(20),
        );
        screen::draw(&mut out, &frame, rows)?;
        let input = next_input(Duration::from_millis(50))?;
        let now = clock.now();
        if let Some(Input::Key(key)) = input {
            match key {
                Key::Space | Key::Right | Key::Enter => {
                    run.next(now);
                }
                Key::Left => {
                    run.previous(now);
                }
                Key::Char('p') => {
                    run.toggle_pause(now);
                    audio.act(if run.is_paused() {
                        &RecordAction::Pause
                    } else {
                        &RecordAction::Resume
                    });
                }
                Key::Char('q') | Key::Esc | Key::CtrlC => break false,
                _ => {}
            }
        }
        for event in run.tick(clock.now()) {
            if matches!(
                event,
                RunEvent::SectionWarning { .. } | RunEvent::TalkWarning { .. }
            ) {
                out.write_all(b"\x07")?;
                out.flush()?;
            }
        }
        if run.is_finished() {
            break true;
        }
        // Saved at every section change, so a crash loses at most one section.
        if run.visits().len() != visits {
            visits = run.visits().len();
            session.talk = Some(talk_record(plan, run, clock.now()));
            session::save(&audio.dir, session)?;
        }
    };
    let now = clock.now();
    run.finish(now);
    let mut talk = talk_record(plan, run, now);
    if let Some((_, t)) = audio.act(&RecordAction::Finish(0)) {
        let (recording, analysis) = take::describe(&t);
        talk.recording = Some(recording);
        talk.analysis = analysis;
    }
    session.talk = Some(talk);
    session.completed = completed;
    session.finished = Some(session::now());
    session::save(&audio.dir, session)?;
    Ok(signal)
}

/// The live screen, keeping its two bars between frames.
struct View {
    palette: Palette,
    bars: Vec<(CapturedBar, usize, u64)>,
}

impl View {
    fn new(palette: Palette) -> View {
        View {
            palette,
            bars: Vec::new(),
        }
    }

    fn bar(&mut self, which: usize, width: usize, len_ms: u64, pos_ms: u64, tone: Tone) -> String {
        while self.bars.len() <= which {
            self.bars
                .push((CapturedBar::new(1, 1, self.palette.colour()), 0, 0));
        }
        let slot = &mut self.bars[which];
        if slot.1 != width || slot.2 != len_ms {
            *slot = (
                CapturedBar::new(len_ms, width, self.palette.colour()),
                width,
                len_ms,
            );
        }
        slot.0.render(pos_ms, tone)
    }

    /// A clock line (`LABEL e / b  0:12 left` or `over +0:05`) and its bar.
    #[allow(clippy::too_many_arguments)]
    fn clock(
        &mut self,
        f: &mut Frame,
        which: usize,
        label: &str,
        elapsed: Duration,
        budget: Duration,
        tone: Tone,
        bar_w: usize,
        suffix: &str,
    ) {
        let p = self.palette;
        let state = if elapsed > budget {
            format!("over +{}", fmt_mss(elapsed - budget))
        } else {
            format!("{} left", fmt_mss_left(budget - elapsed))
        };
        let clock = format!("{} / {}  {state}", fmt_mss(elapsed), fmt_mss(budget));
        f.push(format!(
            "{}{}{suffix}",
            p.paint(label, Tone::Strong),
            p.paint(&clock, tone)
        ));
        let bar = self.bar(
            which,
            bar_w,
            budget.as_millis() as u64,
            elapsed.as_millis() as u64,
            tone,
        );
        f.push(bar);
    }

    fn frame(
        &mut self,
        plan: &Plan,
        run: &Run,
        audio: &Audio,
        notice: Option<&str>,
        now: Duration,
        width: usize,
    ) -> Frame {
        let p = self.palette;
        let mut f = Frame::default();
        let i = run.current_index();
        let n = run.sections().len();
        f.push(p.paint(
            &clip(&format!("{} · section {} of {n}", plan.title, i + 1), width),
            Tone::Dim,
        ));
        f.blank();
        let section = &plan.sections[i];
        f.push(p.paint(&clip(&section.name, width), Tone::Strong));
        if let Some(notes) = &section.notes {
            for line in wrap(notes, width - 1, "", "") {
                f.push(p.paint(&line, Tone::Dim));
            }
        }
        f.blank();
        let bar_w = (width - 2).min(60);
        // The section.
        let elapsed = run.section_elapsed(i, now).unwrap_or_default();
        let budget = section.budget;
        let tone = Tone::of(run.section_phase(now));
        self.clock(&mut f, 0, "SECTION  ", elapsed, budget, tone, bar_w, "");
        // The whole talk.
        let pace = format!(" · {}", run.pace(now).describe());
        let talk_tone = Tone::of(run.talk_phase(now));
        let (total, planned) = (run.total_elapsed(now), run.total_planned());
        self.clock(
            &mut f,
            1,
            "TALK     ",
            total,
            planned,
            talk_tone,
            bar_w,
            &pace,
        );
        if run.is_paused() {
            f.push(p.paint("PAUSED: p resumes; paused time does not count.", Tone::Warn));
        }
        if let Some(m) = audio.meter() {
            f.push(format!(
                "{} mic {:>4.0} dB",
                p.paint("● REC", Tone::Bad),
                m.level_db.max(-99.0)
            ));
        }
        if let Some(next) = plan.sections.get(i + 1) {
            f.blank();
            f.push(p.paint(
                &clip(
                    &format!("Next: {} ({})", next.name, fmt_mss(next.budget)),
                    width,
                ),
                Tone::Dim,
            ));
        }
        if let Some(n) = notice {
            f.blank();
            for line in wrap(n, width - 1, "", "") {
                f.push(p.paint(&line, Tone::Warn));
            }
        }
        let keys = if i + 1 == n {
            "Space/→ finish · ← back · p pause · q end"
        } else {
            "Space/→ next section · ← back · p pause · q end"
        };
        f.footer = wrap(keys, width - 1, "", "")
            .into_iter()
            .map(|l| p.paint(&l, Tone::Dim))
            .collect();
        f
    }
}

/// `+0:12` over plan or `-0:12` under it, in whole seconds as the columns show.
fn delta(actual: f64, planned: f64) -> String {
    let d = actual.round() - planned.round();
    fmt_signed(Duration::from_secs_f64(d.abs()), d < 0.0)
}

/// The end-of-talk report: each section planned against actual, the total,
/// what the recording shows, and where it was saved.
pub fn report(session: &Session, saved: &Path, width: usize) -> String {
    let Some(talk) = &session.talk else {
        return format!("Saved: {}\n", saved.display());
    };
    let mut out = String::new();
    let pace = if talk.total.round() <= talk.planned.round() {
        "under plan"
    } else {
        "over plan"
    };
    out.push_str(&format!(
        "{}: {} against a plan of {} ({} {pace}){}\n\n",
        talk.title,
        fmt_secs_rounded(talk.total),
        fmt_secs_rounded(talk.planned),
        fmt_secs_rounded((talk.total.round() - talk.planned.round()).abs()),
        if session.completed {
            ""
        } else {
            ", ended early"
        }
    ));
    let name_w = talk
        .sections
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, width.saturating_sub(30).max(10));
    out.push_str(&format!(
        "  {:<name_w$}  {:>7}  {:>7}  {:>6}\n",
        "SECTION", "PLANNED", "ACTUAL", "DELTA"
    ));
    for s in &talk.sections {
        let actual = if s.start.is_none() {
            "–".to_string()
        } else {
            fmt_secs_rounded(s.actual)
        };
        out.push_str(&format!(
            "  {:<name_w$}  {:>7}  {:>7}  {:>6}\n",
            clip(&s.name, name_w),
            fmt_secs_rounded(s.planned),
            actual,
            delta(s.actual, s.planned)
        ));
    }
    out.push_str(&format!(
        "  {:<name_w$}  {:>7}  {:>7}  {:>6}\n",
        "Total",
        fmt_secs_rounded(talk.planned),
        fmt_secs_rounded(talk.total),
        delta(talk.total, talk.planned)
    ));
    if let Some(rec) = &talk.recording {
        out.push('\n');
        let mut line = format!(
            "Recording: {} ({}).",
            rec.file,
            fmt_mss(Duration::from_secs_f64(rec.length))
        );
        if let Some(a) = &talk.analysis {
            line.push(' ');
            line.push_str(&audio_line(a));
        }
        for l in wrap(&line, width.saturating_sub(1).max(20), "", "") {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out.push_str(&format!("\nSaved: {}\n", saved.display()));
    out
}

/// Past runs of `plan` side by side, section by section, oldest first.
fn history_table(plan: &Plan, root: &Path, width: usize) -> String {
    let mut runs: Vec<(String, Talk)> = history::list(root)
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
    if runs.is_empty() {
        return format!(
            "No runs of \"{}\" in {} yet. Rehearse it with `rehearse present {}`.\n",
            plan.title,
            root.display(),
            plan.source
        );
    }
    runs.reverse();
    // As many recent runs as fit beside the section names.
    let name_w = plan
        .sections
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 28);
    let fit = (width.saturating_sub(name_w + 2 + 9) / 9).max(1);
    let shown = &runs[runs.len().saturating_sub(fit)..];
    let mut out = format!(
        "{}: last {} of {} runs\n\n",
        plan.title,
        shown.len(),
        runs.len()
    );
    out.push_str(&format!("{:<name_w$}  {:>7}", "SECTION", "PLAN"));
    for (started, _) in shown {
        let date = started.get(5..10).unwrap_or(started).replace('-', "/");
        out.push_str(&format!("  {date:>7}"));
    }
    out.push('\n');
    for (i, s) in plan.sections.iter().enumerate() {
        out.push_str(&format!(
            "{:<name_w$}  {:>7}",
            clip(&s.name, name_w),
            fmt_mss(s.budget)
        ));
        for (_, t) in shown {
            let cell = t
                .sections
                .iter()
                .find(|x| x.name == s.name)
                .or_else(|| t.sections.get(i))
                .filter(|x| x.start.is_some())
                .map_or("–".to_string(), |x| fmt_secs_rounded(x.actual));
            out.push_str(&format!("  {cell:>7}"));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{:<name_w$}  {:>7}",
        "Total",
        fmt_mss(plan.total())
    ));
    for (_, t) in shown {
        out.push_str(&format!("  {:>7}", fmt_secs_rounded(t.total)));
    }
    out.push('\n');
    out
}
