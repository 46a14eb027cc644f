//! `rehearse drill`: the timed practice loop. Each drawn question is read, a
//! think countdown runs, then the answer is timed against its budget while a
//! bar fills; after each answer the verdict, an optional rating, and perhaps a
//! follow-up. The session is saved after every answer.

use super::take::{self, Audio, RecordAction};
use crate::audio::capture::Recorder;
use crate::bank::Question;
use crate::cli::DrillArgs;
use crate::config::Config;
use crate::error::Interrupted;
use crate::session::{self, Item, PartTime, Session, Settings, Verdict};
use crate::timing::{
    Budget, Clock, MonotonicClock, Outcome, Phase, Run, RunConfig, Segment, SegmentEvent,
};
use crate::ui::keys::{Input, Key, next_input};
use crate::ui::terminal::{Signals, TerminalGuard};
use crate::ui::{drill_view, screen};
use anyhow::{Context, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::time::Duration;

/// How often the screen is redrawn when no key arrives.
const FRAME: Duration = Duration::from_millis(50);

/// Everything the drill needs, parsed and validated before anything happens.
#[derive(Debug, Clone)]
pub struct Options {
    /// Think time before each answer; zero skips it.
    pub think: Duration,
    /// Wrap-up window before the target.
    pub warn: Duration,
    /// Replaces every answer's target (min and max scale with it).
    pub target: Option<Duration>,
    /// End answers at max.
    pub hard_stop: bool,
    /// Ask follow-ups.
    pub follow_ups: bool,
    /// Record each answer to a WAV file.
    pub record: bool,
}

/// Runs `rehearse drill`.
pub fn run(args: &DrillArgs) -> Result<()> {
    let config = Config::load()?;
    let library = super::load_library(&args.select.bank)?;
    let mut select = args.select.clone();
    select.count = select.count.or(config.count);
    let root = session::recordings_dir(
        args.recordings_dir.as_deref(),
        config.recordings_dir.as_deref(),
    );
    let focus: Option<Vec<f64>> = super::focus_weights(&library, &select, &root)
        .map(|w| w.into_iter().map(|w| w.weight).collect());
    let (seed, picked) = super::select_weighted(&library, &select, focus.as_deref())?;
    let options = Options {
        think: args
            .think
            .or(config.think)
            .unwrap_or(Duration::from_secs(5)),
        warn: args
            .warn
            .or(config.warn)
            .unwrap_or(crate::timing::DEFAULT_WARN),
        target: args.target,
        hard_stop: args.hard_stop,
        follow_ups: !args.no_follow_ups,
        record: args.record,
    };
    super::require_terminal(
        "drill",
        "for a printable list of questions use `rehearse draw`",
    )?;
    let recorder = super::microphone_if(args.record, args.input_device.as_deref(), &config)?;
    let started = session::now();
    let (id, dir) = session::create_dir(&root, &started)?;
    let mut banks: Vec<String> = select
        .bank
        .banks
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if banks.is_empty() || select.bank.with_builtin {
        banks.insert(0, "builtin".into());
    }
    let session = Session {
        version: session::FORMAT_VERSION,
        id,
        kind: session::Kind::Drill,
        started,
        finished: None,
        completed: false,
        settings: Some(Settings {
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
        }),
        items: Vec::new(),
        talk: None,
    };
    let path = session::save(&dir, &session)?;
    let mut drill = Drill::new(picked, options, session, seed);
    let signals = Signals::catch().context("cannot install signal handlers")?;
    let mut audio = Audio::new(recorder, dir.clone());
    let ended = {
        let _guard = TerminalGuard::enter().context("cannot set up the terminal")?;
        event_loop(&mut drill, &mut audio, &signals)
    };
    // Closes the device and any take still open before the summary.
    drop(audio);
    // The guard is gone: the normal screen is back, so plain `\n` output is right.
    let width = crate::ui::text::output_width();
    print!("{}", drill_view::summary(&drill.session, &path, width));
    std::io::stdout().flush()?;
    match ended? {
        End::Finished | End::Quit => Ok(()),
        End::Signal(sig) => Err(Interrupted {
            signal: sig,
            saved: Some(path),
        }
        .into()),
    }
}

enum End {
    Finished,
    Quit,
    Signal(i32),
}

fn event_loop(drill: &mut Drill<'_>, audio: &mut Audio, signals: &Signals) -> Result<End> {
    let clock = MonotonicClock::new();
    let mut out = std::io::stdout();
    let mut view = drill_view::DrillView::default();
    let mut effects = drill.start(clock.now());
    loop {
        for effect in effects.drain(..) {
            match effect {
                Effect::Bell => {
                    out.write_all(b"\x07")?;
                    out.flush()?;
                }
                Effect::Save => {
                    session::save(&audio.dir, &drill.session)?;
                }
                Effect::Record(action) => {
                    if let Some((item, take)) = audio.act(&action) {
                        if let Some(it) = drill.session.items.get_mut(item) {
                            let (recording, analysis) = take::describe(&take);
                            it.recording = Some(recording);
                            it.analysis = analysis;
                        }
                    }
                }
                Effect::End { completed } => {
                    drill.end(clock.now(), completed);
                    session::save(&audio.dir, &drill.session)?;
                    return Ok(if completed { End::Finished } else { End::Quit });
                }
            }
        }
        if let Some(sig) = signals.pending() {
            drill.end(clock.now(), false);
            session::save(&audio.dir, &drill.session)?;
            return Ok(End::Signal(sig));
        }
        if let Some(why) = audio.check() {
            drill.stop_recording();
            drill.notice = Some(format!(
                "Recording stopped ({why}); the drill goes on without it."
            ));
        }
        let (cols, rows) = crossterm::terminal::size().unwrap_or((80, 24));
        let meter = audio.recorder.as_ref().map(Recorder::meter);
        let frame = view.frame(drill, meter.as_ref(), clock.now(), usize::from(cols));
        screen::draw(&mut out, &frame, rows)?;
        let input = next_input(FRAME)?;
        let now = clock.now();
        if let Some(Input::Key(key)) = input {
            effects.extend(drill.key(key, now));
        }
        effects.extend(drill.tick(clock.now()));
    }
}

/// What the loop must do after a key or tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Ring the terminal bell once.
    Bell,
    /// Write `session.yaml` now.
    Save,
    /// The session is over.
    End {
        /// Every question was reached.
        completed: bool,
    },
    /// Something for the recorder to do.
    Record(RecordAction),
}

/// The question being asked now.
#[derive(Debug, Clone)]
pub struct Current<'a> {
    /// The drawn question this belongs to.
    pub question: &'a Question,
    /// Which drawn question, from 1.
    pub number: usize,
    /// The follow-up's text, when this is a follow-up.
    pub follow_up: Option<String>,
    /// Index in `session.items` of the answer this follows.
    pub follows_item: Option<usize>,
    /// The budget this answer runs against.
    pub budget: Budget,
}

impl Current<'_> {
    /// The text to read out.
    pub fn text(&self) -> &str {
        self.follow_up.as_deref().unwrap_or(&self.question.text)
    }
}

/// Where the drill is within the current question.
#[derive(Debug, Clone)]
pub enum Stage {
    /// Thinking before answering, until this time.
    Think {
        /// When answering starts by itself.
        until: Duration,
    },
    /// Answering.
    Answer {
        /// The answer's timer.
        segment: Segment,
        /// When the answer started (or restarted), for `start` in the session.
        began: Duration,
        /// For a question with parts (e.g. STAR): their section clock.
        parts: Option<Box<Run>>,
    },
    /// The answer is saved; waiting for a rating key.
    Rate {
        /// The saved item.
        item: usize,
    },
    /// The session is over.
    Over,
}

/// The drill's state: pure logic, driven by keys and time from the loop.
pub struct Drill<'a> {
    questions: Vec<&'a Question>,
    options: Options,
    /// The session as saved.
    pub session: Session,
    /// What is being asked.
    pub current: Option<Current<'a>>,
    /// Where within it.
    pub stage: Stage,
    /// Whether hints are shown.
    pub show_hints: bool,
    /// A one-line notice, such as "restarted".
    pub notice: Option<String>,
    /// Whether the answer in progress started with recording on; it keeps
    /// its take even if the microphone fails part-way.
    recording_answer: bool,
    follow_up_rng: ChaCha8Rng,
}

impl<'a> Drill<'a> {
    /// A drill over `questions`, saving into `session`.
    pub fn new(
        questions: Vec<&'a Question>,
        options: Options,
        session: Session,
        seed: u64,
    ) -> Drill<'a> {
        Drill {
            questions,
            options,
            session,
            current: None,
            stage: Stage::Over,
            show_hints: false,
            notice: None,
            recording_answer: false,
            // Its own stream, so follow-up choices never disturb the draw.
            follow_up_rng: ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15),
        }
    }

    /// How many questions were drawn.
    pub fn total(&self) -> usize {
        self.questions.len()
    }

    /// The drill's options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Begins with the first question.
    pub fn start(&mut self, now: Duration) -> Vec<Effect> {
        self.ask(0, now)
    }

    fn budget_for(&self, q: &Question, follow_up_target: Option<Duration>) -> Budget {
        let base = match follow_up_target {
            Some(t) => clamped_budget(None, t, t.mul_f64(1.5)),
            None => clamped_budget(q.min, q.target, q.max),
        };
        match self.options.target {
            Some(t) => base.scaled_to(t).unwrap_or(base),
            None => base,
        }
    }

    fn ask(&mut self, index: usize, now: Duration) -> Vec<Effect> {
        let Some(&q) = self.questions.get(index) else {
            self.current = None;
            self.stage = Stage::Over;
            return Vec::new();
        };
        self.current = Some(Current {
            question: q,
            number: index + 1,
            follow_up: None,
            follows_item: None,
            budget: self.budget_for(q, None),
        });
        self.begin(now)
    }

    fn begin(&mut self, now: Duration) -> Vec<Effect> {
        self.show_hints = false;
        if self.options.think.is_zero() {
            return self.start_answer(now);
        }
        self.stage = Stage::Think {
            until: now + self.options.think,
        };
        Vec::new()
    }

    fn start_answer(&mut self, now: Duration) -> Vec<Effect> {
        let budget = self.current.as_ref().map_or_else(
            || clamped_budget(None, Duration::from_secs(60), Duration::from_secs(90)),
            |c| c.budget,
        );
        let mut segment =
            Segment::new(budget, self.options.warn).with_hard_stop(self.options.hard_stop);
        segment.start(now);
        let parts = self.parts_run(now);
        self.stage = Stage::Answer {
            segment,
            began: now,
            parts,
        };
        self.recording_answer = self.options.record;
        match &self.current {
            Some(cur) if self.options.record => {
                // Named by the item it will become: 01-beh-team-conflict.wav.
                let file = format!(
                    "{:02}-{}.wav",
                    self.session.items.len() + 1,
                    cur.question.id
                );
                vec![Effect::Record(RecordAction::Start(file))]
            }
            _ => Vec::new(),
        }
    }

    /// A section clock over the question's parts, started at `now`; follow-ups have none.
    fn parts_run(&self, now: Duration) -> Option<Box<Run>> {
        let cur = self.current.as_ref()?;
        if cur.follow_up.is_some() || cur.question.parts.is_empty() {
            return None;
        }
        let sections = cur
            .question
            .parts
            .iter()
            .map(|p| (p.name.clone(), clamped_budget(None, p.budget, p.budget)))
            .collect::<Vec<_>>();
        let mut run = Run::new(sections, RunConfig::default()).ok()?;
        run.start(now);
        Some(Box::new(run))
    }

    /// Stops asking for recording actions, after the microphone failed.
    pub fn stop_recording(&mut self) {
        self.options.record = false;
    }

    /// Advances time: ends the think countdown, reports the wrap-up bell and the hard stop.
    pub fn tick(&mut self, now: Duration) -> Vec<Effect> {
        match &mut self.stage {
            Stage::Think { until } if now >= *until => self.start_answer(now),
            Stage::Answer { segment, .. } => {
                let mut effects = Vec::new();
                for ev in segment.tick(now) {
                    match ev {
                        SegmentEvent::PhaseChanged {
                            to: Phase::WrapUp, ..
                        } => effects.push(Effect::Bell),
                        SegmentEvent::HardStopped => {
                            effects.extend(self.finish_answer(now, Outcome::HardStopped))
                        }
                        SegmentEvent::PhaseChanged { .. } => {}
                    }
                }
                effects
            }
            _ => Vec::new(),
        }
    }

    /// Handles one key.
    pub fn key(&mut self, key: Key, now: Duration) -> Vec<Effect> {
        if matches!(key, Key::Char('q') | Key::Esc | Key::CtrlC) {
            // Finished answers are saved already; an answer in progress is dropped.
            let mut effects = self.record(RecordAction::Discard);
            effects.push(Effect::End { completed: false });
            return effects;
        }
        if key == Key::Char('h') && !matches!(self.stage, Stage::Rate { .. }) {
            self.show_hints = !self.show_hints;
            return Vec::new();
        }
        self.notice = None;
        match &mut self.stage {
            Stage::Think { .. } => match key {
                Key::Space | Key::Enter => self.start_answer(now),
                Key::Char('s') => self.skip(now, Duration::ZERO, Duration::ZERO),
                _ => Vec::new(),
            },
            Stage::Answer {
                segment,
                began,
                parts,
            } => match key {
                Key::Space | Key::Enter => self.finish_answer(now, Outcome::Done),
                Key::Tab => {
                    // On to the next part; the last part runs until the answer ends.
                    if let Some(run) = parts.as_mut().filter(|r| !r.is_last_section()) {
                        run.next(now);
                    }
                    Vec::new()
                }
                Key::Char('p') => {
                    segment.toggle_pause(now);
                    if let Some(run) = parts.as_mut() {
                        run.toggle_pause(now);
                    }
                    let action = if segment.is_paused() {
                        RecordAction::Pause
                    } else {
                        RecordAction::Resume
                    };
                    self.record(action)
                }
                Key::Char('r') => {
                    segment.restart(now);
                    *began = now;
                    *parts = None;
                    self.restart_parts(now);
                    self.notice = Some("Restarted: the clock is back at 0:00.".into());
                    self.record(RecordAction::Restart)
                }
                Key::Char('s') => {
                    let (elapsed, paused) = (segment.elapsed(now), segment.paused_total(now));
                    segment.skip(now);
                    let mut effects = self.record(RecordAction::Discard);
                    effects.extend(self.skip(now, elapsed, paused));
                    effects
                }
                _ => Vec::new(),
            },
            Stage::Rate { item } => {
                let item = *item;
                match key {
                    Key::Char(c @ '1'..='5') => {
                        self.session.items[item].rating = c.to_digit(10).map(|d| d as u8);
                        let mut effects = vec![Effect::Save];
                        effects.extend(self.advance(now, true));
                        effects
                    }
                    Key::Enter => self.advance(now, true),
                    _ => Vec::new(),
                }
            }
            Stage::Over => Vec::new(),
        }
    }

    fn item_for(
        &self,
        began: Duration,
        elapsed: Duration,
        paused: Duration,
        verdict: Verdict,
    ) -> Option<Item> {
        let cur = self.current.as_ref()?;
        let b = cur.budget;
        Some(Item {
            id: cur.question.id.clone(),
            text: cur.text().to_string(),
            category: cur.question.category.clone(),
            min: b.min().map(|d| d.as_secs_f64()),
            target: b.target().as_secs_f64(),
            max: b.max().as_secs_f64(),
            start: round_ms(began),
            duration: round_ms(elapsed),
            paused: round_ms(paused),
            verdict,
            rating: None,
            follow_up_of: cur.follows_item.map(|i| i + 1),
            recording: None,
            analysis: None,
            parts: Vec::new(),
        })
    }

    fn restart_parts(&mut self, now: Duration) {
        let fresh = self.parts_run(now);
        if let Stage::Answer { parts, .. } = &mut self.stage {
            *parts = fresh;
        }
    }

    fn finish_answer(&mut self, now: Duration, outcome: Outcome) -> Vec<Effect> {
        let Stage::Answer {
            segment,
            began,
            parts,
        } = &mut self.stage
        else {
            return Vec::new();
        };
        if outcome == Outcome::Done {
            segment.finish(now);
        }
        let part_times: Vec<PartTime> = parts
            .as_mut()
            .map(|run| {
                run.finish(now);
                run.sections()
                    .iter()
                    .enumerate()
                    .map(|(i, s)| PartTime {
                        name: s.name().to_string(),
                        planned: round_ms(s.budget().target()),
                        actual: round_ms(run.section_elapsed(i, now).unwrap_or_default()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let began = *began;
        let elapsed = segment.elapsed(now);
        let paused = segment.paused_total(now);
        let verdict = match segment.phase(now) {
            Phase::TooShort => Verdict::TooShort,
            Phase::OnTarget | Phase::WrapUp => Verdict::OnTarget,
            Phase::Over => Verdict::Over,
        };
        let Some(mut item) = self.item_for(began, elapsed, paused, verdict) else {
            return Vec::new();
        };
        item.parts = part_times;
        self.session.items.push(item);
        let index = self.session.items.len() - 1;
        self.stage = Stage::Rate { item: index };
        let mut effects = self.record(RecordAction::Finish(index));
        effects.push(Effect::Save);
        effects
    }

    /// A recording action, when this answer is being recorded.
    fn record(&self, action: RecordAction) -> Vec<Effect> {
        let answering = matches!(self.stage, Stage::Answer { .. } | Stage::Rate { .. });
        if self.recording_answer && answering {
            vec![Effect::Record(action)]
        } else {
            Vec::new()
        }
    }

    fn skip(&mut self, now: Duration, elapsed: Duration, paused: Duration) -> Vec<Effect> {
        let began = match &self.stage {
            Stage::Answer { began, .. } => *began,
            _ => now,
        };
        let mut effects = Vec::new();
        if let Some(item) = self.item_for(began, elapsed, paused, Verdict::Skipped) {
            self.session.items.push(item);
            effects.push(Effect::Save);
        }
        effects.extend(self.advance(now, false));
        effects
    }

    /// Moves on: to a follow-up of an answered question, else to the next drawn question.
    fn advance(&mut self, now: Duration, answered: bool) -> Vec<Effect> {
        let Some(cur) = self.current.clone() else {
            return vec![Effect::End { completed: true }];
        };
        let q = cur.question;
        if answered
            && cur.follow_up.is_none()
            && self.options.follow_ups
            && !q.follow_ups.is_empty()
        {
            let pick = (self.follow_up_rng.next_u64() % q.follow_ups.len() as u64) as usize;
            let f = &q.follow_ups[pick];
            let target = q.follow_up_target(f);
            self.current = Some(Current {
                question: q,
                number: cur.number,
                follow_up: Some(f.text.clone()),
                follows_item: Some(self.session.items.len() - 1),
                budget: self.budget_for(q, Some(target)),
            });
            return self.begin(now);
        }
        if cur.number >= self.questions.len() {
            self.current = None;
            self.stage = Stage::Over;
            return vec![Effect::End { completed: true }];
        }
        self.ask(cur.number, now)
    }

    /// Marks the session ended now.
    pub fn end(&mut self, _now: Duration, completed: bool) {
        self.session.completed = completed;
        self.session.finished = Some(session::now());
    }
}

/// A budget from any values, clamped into order so it is always valid.
fn clamped_budget(min: Option<Duration>, target: Duration, max: Duration) -> Budget {
    let target = target.max(Duration::from_millis(1));
    let min = min.filter(|m| *m <= target);
    Budget::new(min, target, max.max(target)).expect("a clamped budget is in order")
}

fn round_ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}
