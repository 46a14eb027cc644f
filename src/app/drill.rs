//! The drill as a state machine: each drawn question is read, a think
//! countdown runs, then the answer is timed against its budget; after each
//! answer the verdict, an optional rating, a note (`w` opens a prompt; Enter
//! saves it at once), and perhaps a follow-up. Every finished answer asks
//! for a save.
//!
//! `r` keeps takes: mid-answer it ends the take there (kept, recording and
//! all) and starts a new one at 0:00; on the rate screen it starts a new
//! one. A new take, once done, is the one that counts; the earlier stay in
//! the item's `takes`. After the last question, answers rated 1–2, over the
//! limit or too short are asked once more, each as a new take (the *again*
//! round; not follow-ups, not skipped ones), unless `again` is off.
//!
//! With speech on, each question is first read aloud (the `Listen` stage):
//! no clock runs until the host says it has been heard ([`Drill::spoken`]),
//! `r` repeats it until the answer starts, and with `listen_only` its text
//! stays hidden until the answer ends.

use super::panel::{Interviewer, Reading};
use super::{Action, App, Effect, NoteTyped, RecordAction, TakeOf, Typed};
use crate::bank::{FollowUp, Question};
use crate::session::secs::length;
use crate::session::{self, Item, PartTime, Session, Verdict};
use crate::timing::{Budget, Outcome, Phase, Run, RunConfig, Segment, SegmentEvent};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

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
    /// Whether and how questions are read aloud.
    pub reading: Reading,
    /// The pace band and filler rate the verdicts judge by.
    pub pace: crate::config::PaceBand,
    /// Ask weak answers once more at the end.
    pub again: bool,
}

/// An answer the again round asks once more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Again {
    /// Its item in the session.
    pub item: usize,
    /// Its question's index among the drawn ones.
    pub question: usize,
    /// The take that counted before it was asked again.
    pub before: u32,
    /// Why it is asked again: "rated 2", "over the limit last time".
    pub why: String,
}

/// The question being asked now.
#[derive(Debug, Clone)]
pub struct Current<'a> {
    /// The drawn question this belongs to.
    pub question: &'a Question,
    /// Which drawn question, from 1.
    pub number: usize,
    /// The follow-up's text, when this is a follow-up.
    pub follow_up: Option<&'a FollowUp>,
    /// Index in `session.items` of the answer this follows.
    pub follows_item: Option<usize>,
    /// The budget this answer runs against.
    pub budget: Budget,
    /// Who asks it, with a panel.
    pub asker: Option<Interviewer>,
}

impl Current<'_> {
    /// The prompts shown on request: a follow-up's own, never the question's STAR hints.
    pub fn hints(&self) -> &[String] {
        self.follow_up.map_or(&self.question.hints, |f| &f.hints)
    }

    /// The text to read out.
    pub fn text(&self) -> &str {
        self.follow_up.map_or(&self.question.text, |f| &f.text)
    }
}

/// Where the drill is within the current question.
#[derive(Debug, Clone)]
pub enum Stage {
    /// Not started: the first tick asks the first question.
    Ready,
    /// The question is being read aloud; no time counts until it is heard.
    Listen,
    /// Thinking before answering, until this time.
    Think {
        /// When answering starts by itself.
        until: Duration,
    },
    /// Answering.
    Answer {
        /// The answer's timer.
        segment: Segment,
        /// When this take started, for `start` in the session.
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

/// The drill's state: pure logic, driven by actions and time from the loop.
pub struct Drill<'a> {
    questions: Vec<&'a Question>,
    options: Options,
    /// The session as it is saved.
    pub session: Session,
    /// The seed the questions were drawn with.
    pub seed: u64,
    /// What is being asked.
    pub current: Option<Current<'a>>,
    /// Where within it.
    pub stage: Stage,
    /// Whether hints are shown.
    pub show_hints: bool,
    /// A one-line notice, such as "Restarted".
    pub notice: Option<String>,
    /// `q` was pressed mid-answer once; a second `q` ends the session.
    pub confirm_end: bool,
    /// The note being typed on the answer just given, while its prompt is open.
    pub note: Option<String>,
    /// Whether the answer in progress started with recording on; it keeps
    /// its take even if the microphone fails part-way.
    recording_answer: bool,
    /// The item the answer in progress is a new take of; `None` for a first take.
    retaking: Option<usize>,
    /// What the again round asks, once it has begun.
    pub asked_again: Vec<Again>,
    /// Which of `asked_again` is being asked, in the again round.
    again_at: Option<usize>,
    /// Readings asked for that the host has not started yet: until it has,
    /// a "heard" report is about the reading before and is not believed.
    unstarted: u32,
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
            seed,
            current: None,
            stage: Stage::Ready,
            show_hints: false,
            notice: None,
            confirm_end: false,
            note: None,
            recording_answer: false,
            retaking: None,
            asked_again: Vec::new(),
            again_at: None,
            unstarted: 0,
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

    fn budget_for(&self, q: &Question, follow_up: Option<&FollowUp>) -> Budget {
        let base = follow_up.map_or(q.budget, |f| f.budget);
        match self.options.target {
            Some(t) => base.scaled_to(t).unwrap_or(base),
            None => base,
        }
    }

    fn ask(&mut self, index: usize, now: Duration) -> Vec<Effect> {
        let Some(&q) = self.questions.get(index) else {
            return self.ask_again(now);
        };
        self.current = Some(Current {
            question: q,
            number: index + 1,
            follow_up: None,
            follows_item: None,
            budget: self.budget_for(q, None),
            asker: self.asker(q),
        });
        self.begin(now)
    }

    fn asker(&self, q: &Question) -> Option<Interviewer> {
        let panel = self.options.reading.panel.as_ref()?;
        Some(panel.asker(&q.category).clone())
    }

    /// Asks the current question: reads it aloud first when speaking.
    fn begin(&mut self, now: Duration) -> Vec<Effect> {
        // At the candidate's turn the prompts are their own questions: shown.
        self.show_hints = self.current.as_ref().is_some_and(|c| {
            c.follow_up.is_none() && crate::bank::stage::is_their_turn(&c.question.category)
        });
        if self.options.reading.speak {
            return self.listen();
        }
        self.think(now)
    }

    /// Reads the current question aloud (again); the clock waits.
    fn listen(&mut self) -> Vec<Effect> {
        let Some(cur) = &self.current else {
            return Vec::new();
        };
        let voice = cur
            .asker
            .as_ref()
            .map_or_else(|| self.options.reading.voice.clone(), |a| a.voice.clone());
        let text = match cur.follow_up {
            None if crate::bank::stage::is_their_turn(&cur.question.category) => {
                crate::bank::stage::YOUR_TURN.to_string()
            }
            _ => cur.text().to_string(),
        };
        self.stage = Stage::Listen;
        self.unstarted += 1;
        vec![Effect::Speak { text, voice }]
    }

    /// The host has started the reading it was last asked for.
    pub fn reading_started(&mut self) {
        self.unstarted = self.unstarted.saturating_sub(1);
    }

    /// The question has been heard (or was never to be): the think countdown
    /// starts, or the answer when there is no think time.
    pub fn spoken(&mut self, now: Duration) -> Vec<Effect> {
        if matches!(self.stage, Stage::Listen) && self.unstarted == 0 {
            self.think(now)
        } else {
            Vec::new()
        }
    }

    /// Reading aloud failed: the drill goes on showing the questions.
    pub fn speech_failed(&mut self, why: &str, now: Duration) -> Vec<Effect> {
        self.options.reading.speak = false;
        self.options.reading.listen_only = false;
        self.notice = Some(format!(
            "Speech stopped ({why}); questions are shown instead."
        ));
        self.unstarted = 0;
        self.spoken(now)
    }

    /// Whether the question's text is shown now: with `listen_only`, only
    /// once its answer has ended.
    pub fn text_shown(&self) -> bool {
        !(self.options.reading.speak
            && self.options.reading.listen_only
            && matches!(
                self.stage,
                Stage::Listen | Stage::Think { .. } | Stage::Answer { .. }
            ))
    }

    fn think(&mut self, now: Duration) -> Vec<Effect> {
        if self.options.think.is_zero() {
            return self.start_answer(now);
        }
        self.stage = Stage::Think {
            until: now + self.options.think,
        };
        Vec::new()
    }

    fn start_answer(&mut self, now: Duration) -> Vec<Effect> {
        let Some(cur) = &self.current else {
            return Vec::new();
        };
        let mut segment =
            Segment::new(cur.budget, self.options.warn).with_hard_stop(self.options.hard_stop);
        segment.start(now);
        // Named by the item it will become: 01-beh-team-conflict.wav, and
        // 01-beh-team-conflict-take2.wav for its second take.
        let of = self.take_of();
        let file = match of.take {
            1 => format!("{:02}-{}.wav", of.item + 1, cur.question.id),
            n => format!("{:02}-{}-take{n}.wav", of.item + 1, cur.question.id),
        };
        self.stage = Stage::Answer {
            segment,
            began: now,
            parts: self.parts_run(now),
        };
        self.recording_answer = self.options.record;
        self.record(RecordAction::Start(file))
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
            .map(|p| (p.name.clone(), p.budget))
            .collect::<Vec<_>>();
        let mut run = Run::new(sections, RunConfig::default()).ok()?;
        run.start(now);
        Some(Box::new(run))
    }

    /// Stops asking for recording actions, after the microphone failed.
    pub fn stop_recording(&mut self, why: &str) {
        self.options.record = false;
        self.notice = Some(format!(
            "Recording stopped ({why}); the drill goes on without it."
        ));
    }

    /// Which item and take the answer in progress (or about to start) is.
    pub fn take_of(&self) -> TakeOf {
        let Some(item) = self.retaking else {
            return TakeOf {
                item: self.session.items.len(),
                take: 1,
            };
        };
        let it = &self.session.items[item];
        let last = it.takes.iter().map(|t| t.take).fold(it.take, u32::max);
        TakeOf {
            item,
            take: last + 1,
        }
    }

    /// Changes take `of` with `f`, whether it counts or not: made the
    /// counted one for `f`, then the one that counted before counts again.
    fn on_take(&mut self, of: TakeOf, f: impl FnOnce(&mut Item)) {
        let Some(it) = self.session.items.get_mut(of.item) else {
            return;
        };
        let counted = it.take;
        if it.count_take(of.take) {
            f(it);
            it.count_take(counted);
        }
    }

    /// Stores what a finished take holds on that take.
    pub fn attach_take(
        &mut self,
        of: TakeOf,
        recording: session::Recording,
        analysis: Option<crate::session::analysis::Analysis>,
    ) {
        self.on_take(of, |it| {
            it.recording = Some(recording);
            it.analysis = analysis;
        });
    }

    /// Stores a take's transcript once it is ready, on that take whichever
    /// counts by then; one that failed is said once, and the drill goes on.
    pub fn attach_transcript(
        &mut self,
        of: TakeOf,
        transcript: Result<session::transcript::Transcript, impl std::fmt::Display>,
    ) {
        match transcript {
            Ok(t) => self.on_take(of, |it| it.transcript = Some(t)),
            Err(e) => {
                self.notice = Some(format!(
                    "No transcript for answer {} ({e}); `rehearse transcribe` can try again.",
                    of.item + 1
                ));
            }
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
            min: b.min().map(length),
            target: length(b.target()),
            max: length(b.max()),
            start: length(began),
            duration: length(elapsed),
            paused: length(paused),
            verdict,
            rating: None,
            follow_up_of: cur.follows_item.map(|i| i + 1),
            recording: None,
            analysis: None,
            parts: Vec::new(),
            transcript: None,
            take: 1,
            takes: Vec::new(),
            note: None,
            excluded: false,
        })
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
                super::part_times(run, now, false)
            })
            .unwrap_or_default();
        let (began, elapsed, paused) = (*began, segment.elapsed(now), segment.paused_total(now));
        let verdict = match segment.phase(now) {
            Phase::TooShort => Verdict::TooShort,
            Phase::OnTarget | Phase::WrapUp => Verdict::OnTarget,
            Phase::Over => Verdict::Over,
        };
        let Some(mut item) = self.item_for(began, elapsed, paused, verdict) else {
            return Vec::new();
        };
        item.parts = part_times;
        let of = self.take_of();
        match self.retaking.take() {
            Some(k) => self.session.items[k].retake(item.counted()),
            None => self.session.items.push(item),
        }
        let mut effects = self.record(RecordAction::Finish(of));
        self.stage = Stage::Rate { item: of.item };
        effects.push(Effect::Save);
        effects
    }

    /// A new take of `item`'s question from 0:00; the earlier ones are kept.
    fn retake(&mut self, item: usize, now: Duration) -> Vec<Effect> {
        self.retaking = Some(item);
        let n = self.take_of().take;
        self.notice = Some(format!("Take {n} from 0:00; the earlier take is kept."));
        self.start_answer(now)
    }

    /// The answers the again round asks: first tries rated 1–2, over the
    /// limit or too short, in order; never skipped ones or follow-ups.
    fn weak_answers(&self) -> Vec<Again> {
        if !self.options.again {
            return Vec::new();
        }
        let why = |it: &Item| {
            let rated = it.rating.filter(|r| *r <= 2).map(|r| format!("rated {r}"));
            let timing = match it.verdict {
                Verdict::Over => Some("over the limit last time".to_string()),
                Verdict::TooShort => Some("too short last time".to_string()),
                Verdict::OnTarget | Verdict::Skipped => None,
            };
            let why: Vec<String> = rated.into_iter().chain(timing).collect();
            (!why.is_empty()).then(|| why.join(", "))
        };
        let found = |it: &Item| {
            self.questions
                .iter()
                .position(|q| q.id == it.id && q.text == it.text)
        };
        let items = self.session.items.iter().enumerate();
        items
            .filter(|(_, it)| it.follow_up_of.is_none() && it.verdict != Verdict::Skipped)
            .filter_map(|(item, it)| {
                Some(Again {
                    item,
                    question: found(it)?,
                    before: it.take,
                    why: why(it)?,
                })
            })
            .collect()
    }

    /// The again round's next answer, or the end when there is none.
    fn ask_again(&mut self, now: Duration) -> Vec<Effect> {
        let next = match self.again_at {
            Some(i) => i + 1,
            None => {
                self.asked_again = self.weak_answers();
                0
            }
        };
        self.again_at = Some(next);
        let Some(a) = self.asked_again.get(next) else {
            return self.over(true);
        };
        let q = self.questions[a.question];
        self.current = Some(Current {
            question: q,
            number: a.question + 1,
            follow_up: None,
            follows_item: None,
            budget: self.budget_for(q, None),
            asker: self.asker(q),
        });
        self.retaking = Some(a.item);
        self.begin(now)
    }

    /// In the again round: why the answer being asked is asked again.
    pub fn again_why(&self) -> Option<&str> {
        let a = self.asked_again.get(self.again_at?)?;
        Some(&a.why)
    }

    /// Stops reading aloud, when reading.
    fn hush(&self) -> Vec<Effect> {
        if matches!(self.stage, Stage::Listen) {
            vec![Effect::Hush]
        } else {
            Vec::new()
        }
    }

    /// A recording action, when this answer is being recorded.
    fn record(&self, action: RecordAction) -> Vec<Effect> {
        let answering = matches!(self.stage, Stage::Answer { .. });
        if self.recording_answer && answering {
            vec![Effect::Record(action)]
        } else {
            Vec::new()
        }
    }

    fn skip(&mut self, now: Duration) -> Vec<Effect> {
        if let Some(item) = self.retaking {
            // A new take skipped is not kept: the earlier one still counts.
            let mut effects = self.record(RecordAction::Discard);
            self.retaking = None;
            let counted = self.session.items[item].take;
            effects.extend(self.advance(now, true));
            self.notice = Some(format!("Skipped; take {counted} still counts."));
            return effects;
        }
        let (began, elapsed, paused) = match &mut self.stage {
            Stage::Answer { began, segment, .. } => {
                let times = (*began, segment.elapsed(now), segment.paused_total(now));
                segment.skip(now);
                times
            }
            _ => (now, Duration::ZERO, Duration::ZERO),
        };
        let mut effects = self.record(RecordAction::Discard);
        if let Some(item) = self.item_for(began, elapsed, paused, Verdict::Skipped) {
            self.session.items.push(item);
            effects.push(Effect::Save);
        }
        effects.extend(self.advance(now, false));
        effects
    }

    /// Moves on: to a follow-up of an answered question, else to the next drawn question.
    fn advance(&mut self, now: Duration, answered: bool) -> Vec<Effect> {
        if self.again_at.is_some() {
            return self.ask_again(now);
        }
        let Some(cur) = self.current.clone() else {
            return self.over(true);
        };
        let q = cur.question;
        if answered
            && cur.follow_up.is_none()
            && self.options.follow_ups
            && !q.follow_ups.is_empty()
        {
            let pick = (self.follow_up_rng.next_u64() % q.follow_ups.len() as u64) as usize;
            let f = &q.follow_ups[pick];
            self.current = Some(Current {
                follow_up: Some(f),
                follows_item: Some(self.session.items.len() - 1),
                budget: self.budget_for(q, Some(f)),
                ..cur
            });
            return self.begin(now);
        }
        self.ask(cur.number, now)
    }

    /// Ends the session: marks it, saves it, quits.
    fn over(&mut self, completed: bool) -> Vec<Effect> {
        self.current = None;
        self.again_at = None;
        self.stage = Stage::Over;
        self.session.completed = completed;
        self.session.finished = Some(session::now());
        vec![Effect::Save, Effect::Quit]
    }

    fn on_answer(&mut self, action: Action, now: Duration) -> Vec<Effect> {
        if action == Action::Restart {
            // This take is kept as it stands; a new one starts at 0:00.
            let effects = self.finish_answer(now, Outcome::Done);
            let Stage::Rate { item } = self.stage else {
                return effects;
            };
            let next = self.retake(item, now);
            return back_to_back(effects, next);
        }
        let Stage::Answer { segment, parts, .. } = &mut self.stage else {
            return Vec::new();
        };
        match action {
            Action::Go | Action::Forward => self.finish_answer(now, Outcome::Done),
            Action::NextPart => {
                // On to the next part; the last part runs until the answer ends.
                if let Some(run) = parts.as_mut().filter(|r| !r.is_last_section()) {
                    run.next(now);
                }
                Vec::new()
            }
            Action::Pause => {
                segment.toggle_pause(now);
                if let Some(run) = parts.as_mut() {
                    run.toggle_pause(now);
                }
                let paused = segment.is_paused();
                self.record(if paused {
                    RecordAction::Pause
                } else {
                    RecordAction::Resume
                })
            }
            Action::Skip => self.skip(now),
            _ => Vec::new(),
        }
    }
}

/// `ended` then `begun`, with a take's `Finish` and the next take's `Start`
/// made one `Next`: the recorder cuts both at one moment, so no audio falls
/// between them (waiting for the first to close would lose the next's start).
fn back_to_back(mut ended: Vec<Effect>, begun: Vec<Effect>) -> Vec<Effect> {
    for e in begun {
        let finish = ended
            .iter_mut()
            .find(|e| matches!(e, Effect::Record(RecordAction::Finish(_))));
        match (e, finish) {
            (Effect::Record(RecordAction::Start(file)), Some(f)) => {
                if let Effect::Record(RecordAction::Finish(of)) = *f {
                    *f = Effect::Record(RecordAction::Next(of, file));
                }
            }
            (e, _) => ended.push(e),
        }
    }
    ended
}

impl App for Drill<'_> {
    fn on_key(&mut self, action: Action, now: Duration) -> Vec<Effect> {
        let answering = matches!(self.stage, Stage::Answer { .. });
        if std::mem::take(&mut self.confirm_end) {
            if action != Action::End {
                self.notice = None;
                return Vec::new();
            }
        } else if action == Action::End && answering {
            // One key must not throw away an answer in progress.
            self.confirm_end = true;
            let lost = match self.retaking {
                Some(_) => "this take is not kept, the earlier one counts",
                None => "this answer is not kept",
            };
            self.notice = Some(format!(
                "Press q again to end the session ({lost}); any other key goes on."
            ));
            return Vec::new();
        }
        if action == Action::End {
            // Finished answers are saved already; an answer in progress is dropped.
            let mut effects = self.hush();
            effects.extend(self.record(RecordAction::Discard));
            effects.extend(self.over(false));
            return effects;
        }
        if action == Action::Hints && !matches!(self.stage, Stage::Rate { .. }) {
            self.show_hints = !self.show_hints;
            return Vec::new();
        }
        self.notice = None;
        let listening = matches!(self.stage, Stage::Listen);
        match self.stage {
            // Before the answer: the voice stops for whatever comes next.
            Stage::Listen | Stage::Think { .. } => match action {
                Action::Go | Action::Forward => {
                    let mut effects = self.hush();
                    effects.extend(self.start_answer(now));
                    effects
                }
                Action::Restart if listening || self.options.reading.speak => {
                    self.notice = Some("Once more:".into());
                    self.listen()
                }
                Action::Skip => {
                    let mut effects = self.hush();
                    effects.extend(self.skip(now));
                    effects
                }
                _ => Vec::new(),
            },
            Stage::Answer { .. } => self.on_answer(action, now),
            Stage::Rate { item } => match action {
                Action::Rate(r) => {
                    self.session.items[item].rating = Some(r);
                    let mut effects = vec![Effect::Save];
                    effects.extend(self.advance(now, true));
                    self.notice = Some(format!("Rated {r}."));
                    effects
                }
                Action::Go => self.advance(now, true),
                Action::Note => {
                    self.note = Some(self.session.items[item].note.clone().unwrap_or_default());
                    Vec::new()
                }
                Action::Restart => self.retake(item, now),
                _ => Vec::new(),
            },
            Stage::Ready | Stage::Over => Vec::new(),
        }
    }

    fn typing(&self) -> bool {
        self.note.is_some()
    }

    /// A key into the note prompt: Enter keeps the note on the answer and
    /// saves the session at once; Esc leaves it as it was.
    fn on_typed(&mut self, typed: Typed, _: Duration) -> Vec<Effect> {
        let (Some(draft), Stage::Rate { item }) = (&mut self.note, &self.stage) else {
            return Vec::new();
        };
        match super::type_note(draft, typed) {
            NoteTyped::Typing => Vec::new(),
            NoteTyped::Cancel => {
                self.note = None;
                Vec::new()
            }
            NoteTyped::Keep(note) => {
                self.notice = Some(
                    if note.is_some() {
                        "Note saved."
                    } else {
                        "Note removed."
                    }
                    .into(),
                );
                self.session.items[*item].note = note;
                self.note = None;
                vec![Effect::Save]
            }
        }
    }

    fn on_tick(&mut self, now: Duration) -> Vec<Effect> {
        match &mut self.stage {
            Stage::Ready => self.ask(0, now),
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

    /// A signal or a closed terminal keeps the answer in progress (and its
    /// take) as ended there, then ends the session.
    fn on_stop(&mut self, now: Duration) -> Vec<Effect> {
        let mut effects = self.hush();
        effects.extend(self.finish_answer(now, Outcome::Done));
        effects.extend(self.over(false));
        effects
    }
}

/// A drill's options: 3 s to think, wrap-up 2 s before the target.
#[cfg(test)]
pub fn test_options() -> Options {
    Options {
        think: Duration::from_secs(3),
        warn: Duration::from_secs(2),
        target: None,
        hard_stop: false,
        follow_ups: true,
        record: false,
        reading: Default::default(),
        pace: Default::default(),
        again: false,
    }
}

#[cfg(test)]
mod tests {
    use super::test_options as options;
    use super::*;
    use crate::app::fixtures::{even, follow_up, question, session};
    use crate::app::panel::{Panel, Voice};
    use crate::bank::Part;

    /// A drill on `qs` with `opts`, started at 0 s.
    fn drill<'a>(qs: &'a [Question], opts: Options) -> Drill<'a> {
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        assert!(d.on_tick(Duration::ZERO).is_empty());
        d
    }

    fn at(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    fn saves(effects: &[Effect]) -> usize {
        effects.iter().filter(|e| **e == Effect::Save).count()
    }

    #[test]
    fn think_counts_down_then_the_answer_starts_by_itself() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = drill(&qs, options());
        assert!(matches!(d.stage, Stage::Think { until } if until == at(3.0)));
        d.on_tick(at(2.9));
        assert!(matches!(d.stage, Stage::Think { .. }));
        d.on_tick(at(3.0));
        assert!(matches!(d.stage, Stage::Answer { began, .. } if began == at(3.0)));
    }

    #[test]
    fn paused_time_never_counts_and_the_answer_is_saved_with_its_times() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut d = drill(&qs, options());
        d.on_key(Action::Go, at(1.0));
        d.on_key(Action::Pause, at(3.0));
        d.on_key(Action::Pause, at(7.0));
        let e = d.on_key(Action::Go, at(10.0));
        assert_eq!(saves(&e), 1);
        let item = &d.session.items[0];
        assert_eq!(
            (item.start, item.duration, item.paused),
            (at(1.0), at(5.0), at(4.0))
        );
        assert_eq!(item.verdict, Verdict::OnTarget);
        assert!(matches!(d.stage, Stage::Rate { item: 0 }));
        let e = d.on_key(Action::Rate(4), at(11.0));
        assert_eq!(saves(&e), 1);
        assert_eq!(d.session.items[0].rating, Some(4));
        assert_eq!(d.notice.as_deref(), Some("Rated 4."));
        assert_eq!(d.current.as_ref().unwrap().number, 2);
    }

    #[test]
    fn a_note_typed_after_an_answer_is_kept_on_it_and_saved_at_once() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut d = drill(&qs, options());
        d.on_key(Action::Go, at(1.0));
        d.on_key(Action::Go, at(10.0));
        assert!(d.on_key(Action::Note, at(11.0)).is_empty());
        assert!(d.typing());
        for c in "Say X!\u{1b}".chars() {
            assert!(d.on_typed(Typed::Char(c), at(11.0)).is_empty());
        }
        d.on_typed(Typed::Backspace, at(11.0));
        assert_eq!(d.on_typed(Typed::Enter, at(12.0)), [Effect::Save]);
        assert_eq!(d.session.items[0].note.as_deref(), Some("Say X"));
        assert!(!d.typing() && matches!(d.stage, Stage::Rate { item: 0 }));
        // Esc leaves the kept note as it was; the answer can still be rated.
        d.on_key(Action::Note, at(13.0));
        d.on_typed(Typed::Char('z'), at(13.0));
        assert!(d.on_typed(Typed::Esc, at(13.0)).is_empty());
        assert_eq!(d.session.items[0].note.as_deref(), Some("Say X"));
        d.on_key(Action::Rate(2), at(14.0));
        assert_eq!(d.session.items[0].rating, Some(2));
        assert_eq!(d.current.as_ref().unwrap().number, 2);
    }

    #[test]
    fn verdicts_follow_the_budget_and_the_wrap_up_rings_once() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = drill(
            &qs,
            Options {
                think: Duration::ZERO,
                ..options()
            },
        );
        let bells = |e: Vec<Effect>| e.iter().filter(|e| **e == Effect::Bell).count();
        assert_eq!(bells(d.on_tick(at(7.9))), 0);
        assert_eq!(
            bells(d.on_tick(at(8.0))),
            1,
            "wrap-up 2 s before the target"
        );
        assert_eq!(bells(d.on_tick(at(9.0))), 0);
        d.on_key(Action::Go, at(16.0));
        assert_eq!(d.session.items[0].verdict, Verdict::Over);
        let qs = [question("a", 5, 10, 15)];
        let mut d = drill(
            &qs,
            Options {
                think: Duration::ZERO,
                ..options()
            },
        );
        d.on_key(Action::Go, at(4.0));
        assert_eq!(d.session.items[0].verdict, Verdict::TooShort);
    }

    #[test]
    fn hard_stop_ends_the_answer_exactly_at_max() {
        let qs = [question("a", 5, 10, 15)];
        let opts = Options {
            think: Duration::ZERO,
            hard_stop: true,
            ..options()
        };
        let mut d = drill(&qs, opts);
        assert_eq!(saves(&d.on_tick(at(14.9))), 0);
        assert_eq!(saves(&d.on_tick(at(15.2))), 1);
        assert_eq!(d.session.items[0].duration, at(15.0));
    }

    #[test]
    fn r_keeps_the_take_so_far_and_the_new_take_counts_and_skip_records_a_skipped_item() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut d = drill(
            &qs,
            Options {
                think: Duration::ZERO,
                ..options()
            },
        );
        let e = d.on_key(Action::Restart, at(4.0));
        assert_eq!(saves(&e), 1, "the first take is saved at once");
        assert_eq!(
            d.notice.as_deref(),
            Some("Take 2 from 0:00; the earlier take is kept.")
        );
        assert!(matches!(d.stage, Stage::Answer { began, .. } if began == at(4.0)));
        d.on_key(Action::Go, at(10.0));
        let it = &d.session.items[0];
        assert_eq!((it.take, it.start, it.duration), (2, at(4.0), at(6.0)));
        let first = &it.takes[..];
        assert_eq!(first.len(), 1);
        assert_eq!(
            (first[0].take, first[0].start, first[0].duration),
            (1, at(0.0), at(4.0))
        );
        assert_eq!(first[0].verdict, Verdict::TooShort);
        assert_eq!(d.session.items.len(), 1);
        d.on_key(Action::Go, at(10.5));
        let e = d.on_key(Action::Skip, at(12.0));
        assert_eq!(d.session.items[1].verdict, Verdict::Skipped);
        assert_eq!(d.session.items[1].duration, at(1.5));
        assert!(
            e.contains(&Effect::Quit),
            "the last question skipped ends it"
        );
        assert!(d.session.completed);
    }

    /// The recording actions among `effects`.
    fn rec(effects: Vec<Effect>) -> Vec<RecordAction> {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Record(a) => Some(a),
                _ => None,
            })
            .collect()
    }

    /// A drill that answers at once and records.
    fn recorded(qs: &[Question], again: bool) -> Drill<'_> {
        let opts = Options {
            think: Duration::ZERO,
            record: true,
            again,
            ..options()
        };
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        d
    }

    #[test]
    fn r_after_an_answer_starts_a_new_take_in_a_new_file_and_its_rating_counts() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut d = recorded(&qs, false);
        d.on_key(Action::Go, at(20.0));
        let e = d.on_key(Action::Restart, at(21.0));
        assert_eq!(rec(e), [RecordAction::Start("01-a-take2.wav".into())]);
        assert_eq!(d.take_of(), TakeOf { item: 0, take: 2 });
        let e = d.on_key(Action::Go, at(30.0));
        assert_eq!(saves(&e), 1);
        assert_eq!(rec(e), [RecordAction::Finish(TakeOf { item: 0, take: 2 })]);
        d.on_key(Action::Rate(4), at(31.0));
        let it = &d.session.items[0];
        assert_eq!((it.take, it.duration, it.rating), (2, at(9.0), Some(4)));
        assert_eq!(
            (it.takes[0].take, it.takes[0].duration, it.takes[0].verdict),
            (1, at(20.0), Verdict::Over)
        );
        assert_eq!(d.current.as_ref().unwrap().number, 2);
        assert_eq!(d.session.items.len(), 1);
    }

    #[test]
    fn a_late_transcript_and_recording_land_on_their_own_take() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = recorded(&qs, false);
        d.on_key(Action::Restart, at(3.0));
        d.on_key(Action::Go, at(9.0));
        let words = |text: &str| crate::session::transcript::Transcript {
            text: text.into(),
            ..Default::default()
        };
        let file = |f: &str| session::Recording {
            file: f.into(),
            length: at(3.0),
            rate: 48_000,
            dropped: 0,
            xruns: 0,
            stalls: 0,
            error: None,
        };
        // Take 2 counts by the time take 1's transcript and file arrive.
        d.attach_transcript(TakeOf { item: 0, take: 1 }, Ok::<_, String>(words("first")));
        d.attach_take(TakeOf { item: 0, take: 1 }, file("01-a.wav"), None);
        d.attach_take(TakeOf { item: 0, take: 2 }, file("01-a-take2.wav"), None);
        let it = &d.session.items[0];
        assert_eq!(it.take, 2, "the new take still counts");
        assert_eq!(it.recording.as_ref().unwrap().file, "01-a-take2.wav");
        assert!(it.transcript.is_none());
        assert_eq!(it.takes[0].recording.as_ref().unwrap().file, "01-a.wav");
        assert_eq!(it.takes[0].transcript.as_ref().unwrap().text, "first");
    }

    #[test]
    fn a_retake_of_a_star_answer_times_its_parts_afresh_and_keeps_the_first_ones() {
        let mut q = question("a", 5, 60, 90);
        q.parts = ["Situation", "Task"]
            .iter()
            .map(|n| Part {
                name: n.to_string(),
                budget: even(30),
            })
            .collect();
        let qs = [q];
        let mut d = recorded(&qs, false);
        d.on_key(Action::NextPart, at(4.0));
        d.on_key(Action::Restart, at(6.0));
        d.on_key(Action::NextPart, at(9.0));
        d.on_key(Action::Go, at(16.0));
        let actual = |parts: &[PartTime]| parts.iter().map(|p| p.actual).collect::<Vec<_>>();
        let it = &d.session.items[0];
        assert_eq!(actual(&it.parts), [at(3.0), at(7.0)]);
        assert_eq!(actual(&it.takes[0].parts), [at(4.0), at(2.0)]);
    }

    #[test]
    fn a_follow_up_can_be_retaken_and_stays_linked_to_its_question() {
        let mut q = question("a", 5, 60, 90);
        q.follow_ups = vec![follow_up("Why then?", 20)];
        let qs = [q];
        let mut d = recorded(&qs, false);
        d.on_key(Action::Go, at(30.0));
        d.on_key(Action::Go, at(31.0));
        let e = d.on_key(Action::Restart, at(35.0));
        assert_eq!(
            rec(e),
            [RecordAction::Next(
                TakeOf { item: 1, take: 1 },
                "02-a-take2.wav".into()
            )]
        );
        d.on_key(Action::Go, at(50.0));
        let it = &d.session.items[1];
        assert_eq!(
            (it.follow_up_of, it.take, it.duration),
            (Some(1), 2, at(15.0))
        );
        assert_eq!(it.text, "Why then?");
        assert_eq!(d.session.items.len(), 2);
    }

    #[test]
    fn hard_stop_ends_a_retake_at_max_and_it_counts() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = Drill::new(
            qs.iter().collect(),
            Options {
                think: Duration::ZERO,
                hard_stop: true,
                ..options()
            },
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        d.on_key(Action::Restart, at(2.0));
        assert_eq!(saves(&d.on_tick(at(17.5))), 1);
        let it = &d.session.items[0];
        assert_eq!((it.take, it.duration), (2, at(15.0)));
        assert_eq!(it.takes[0].duration, at(2.0));
    }

    #[test]
    fn a_skipped_retake_is_not_kept_and_the_earlier_take_still_counts() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut d = recorded(&qs, false);
        d.on_key(Action::Go, at(8.0));
        d.on_key(Action::Restart, at(9.0));
        let e = d.on_key(Action::Skip, at(12.0));
        assert_eq!(saves(&e), 0, "nothing changed to save");
        assert_eq!(
            rec(e),
            [
                RecordAction::Discard,
                RecordAction::Start("02-b.wav".into())
            ]
        );
        assert_eq!(d.notice.as_deref(), Some("Skipped; take 1 still counts."));
        let it = &d.session.items[0];
        assert_eq!((it.take, it.duration, it.takes.len()), (1, at(8.0), 0));
        assert_eq!(d.session.items.len(), 1);
    }

    /// Answers a, b, c, d, e of `qs` so: a rated 2, b rated 4, c over the
    /// max, d skipped, e rated 1 with a follow-up rated 1.
    fn first_round(d: &mut Drill<'_>) {
        d.on_key(Action::Go, at(8.0));
        d.on_key(Action::Rate(2), at(9.0));
        d.on_key(Action::Go, at(17.0));
        d.on_key(Action::Rate(4), at(18.0));
        d.on_key(Action::Go, at(40.0));
        d.on_key(Action::Go, at(41.0));
        d.on_key(Action::Skip, at(42.0));
        d.on_key(Action::Go, at(50.0));
        d.on_key(Action::Rate(1), at(51.0));
        d.on_key(Action::Go, at(60.0));
        d.on_key(Action::Rate(1), at(61.0));
    }

    fn five() -> Vec<Question> {
        let mut qs: Vec<Question> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|id| question(id, 5, 10, 15))
            .collect();
        qs[4].follow_ups = vec![follow_up("Why then?", 20)];
        qs
    }

    #[test]
    fn the_again_round_asks_weak_answers_once_more_as_new_takes_that_count() {
        let qs = five();
        let mut d = recorded(&qs, true);
        first_round(&mut d);
        assert_eq!(d.session.items.len(), 6);
        let asked: Vec<(usize, &str)> = d
            .asked_again
            .iter()
            .map(|a| (a.item, a.why.as_str()))
            .collect();
        assert_eq!(
            asked,
            [
                (0, "rated 2"),
                (2, "over the limit last time"),
                (4, "rated 1")
            ],
            "not b (rated 4), not d (skipped), not the follow-up"
        );
        assert!(!d.session.completed && d.session.finished.is_none());
        let cur = d.current.as_ref().unwrap();
        assert_eq!((cur.number, cur.follow_up.is_none()), (1, true));
        assert_eq!(d.again_why(), Some("rated 2"));
        assert!(matches!(d.stage, Stage::Answer { .. }));
        assert_eq!(d.take_of(), TakeOf { item: 0, take: 2 });
        // a again: a new take, and its rating is the one that counts.
        let e = d.on_key(Action::Go, at(70.0));
        assert_eq!(rec(e), [RecordAction::Finish(TakeOf { item: 0, take: 2 })]);
        let e = d.on_key(Action::Rate(4), at(71.0));
        assert_eq!(saves(&e), 1);
        let a = &d.session.items[0];
        assert_eq!((a.take, a.rating, a.takes[0].rating), (2, Some(4), Some(2)));
        assert_eq!(d.again_why(), Some("over the limit last time"));
        assert_eq!(d.current.as_ref().unwrap().number, 3);
        // c skipped again: its first take still counts; e, then the end.
        d.on_key(Action::Skip, at(72.0));
        assert_eq!(d.session.items[2].take_count(), 1);
        assert_eq!(d.again_why(), Some("rated 1"));
        assert!(
            d.on_key(Action::Go, at(80.0))
                .iter()
                .all(|e| *e != Effect::Quit)
        );
        let e = d.on_key(Action::Go, at(81.0));
        assert!(e.contains(&Effect::Quit), "no follow-up is asked again");
        assert!(d.session.completed);
        assert_eq!(d.session.items.len(), 6);
        assert_eq!(d.session.items[4].take, 2);
        assert_eq!(d.session.items[5].take_count(), 1);
    }

    #[test]
    fn without_again_the_last_answer_ends_the_session() {
        let qs = five();
        let mut d = recorded(&qs, false);
        first_round(&mut d);
        assert!(d.asked_again.is_empty());
        assert!(d.session.completed);
        assert!(matches!(d.stage, Stage::Over));
    }

    #[test]
    fn q_in_the_again_round_ends_the_session_keeping_what_is_done() {
        let qs = five();
        let mut d = recorded(&qs, true);
        first_round(&mut d);
        d.on_key(Action::Go, at(70.0));
        d.on_key(Action::Rate(5), at(71.0));
        d.on_key(Action::End, at(72.0));
        assert_eq!(
            d.notice.as_deref(),
            Some(
                "Press q again to end the session (this take is not kept, the earlier one counts); any other key goes on."
            )
        );
        let e = d.on_key(Action::End, at(72.5));
        assert_eq!(
            e,
            [
                Effect::Record(RecordAction::Discard),
                Effect::Save,
                Effect::Quit
            ]
        );
        assert!(!d.session.completed);
        assert_eq!(d.session.items[0].rating, Some(5));
        assert_eq!(d.session.items[2].take_count(), 1);
    }

    #[test]
    fn skip_while_thinking_moves_on_without_an_answer_time() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut d = drill(&qs, options());
        d.on_key(Action::Skip, at(1.0));
        assert_eq!(d.session.items[0].verdict, Verdict::Skipped);
        assert_eq!(d.session.items[0].duration, Duration::ZERO);
        assert!(matches!(d.stage, Stage::Think { until } if until == at(4.0)));
    }

    #[test]
    fn q_mid_answer_asks_once_and_any_other_key_goes_on() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = drill(
            &qs,
            Options {
                think: Duration::ZERO,
                ..options()
            },
        );
        assert!(d.on_key(Action::End, at(2.0)).is_empty());
        assert!(d.confirm_end);
        assert!(d.on_key(Action::Hints, at(3.0)).is_empty());
        assert!(!d.show_hints, "the key only cancelled the question");
        assert!(matches!(d.stage, Stage::Answer { .. }));
        d.on_key(Action::End, at(4.0));
        let e = d.on_key(Action::End, at(4.5));
        assert_eq!(e, vec![Effect::Save, Effect::Quit]);
        assert!(
            d.session.items.is_empty(),
            "the answer in progress is not kept"
        );
        assert!(!d.session.completed);
        assert!(d.session.finished.is_some());
    }

    #[test]
    fn q_outside_an_answer_ends_at_once() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = drill(&qs, options());
        assert_eq!(
            d.on_key(Action::End, at(1.0)),
            vec![Effect::Save, Effect::Quit]
        );
    }

    #[test]
    fn a_stop_keeps_the_answer_in_progress_and_its_take() {
        let qs = [question("a", 5, 10, 15)];
        let opts = Options {
            think: Duration::ZERO,
            record: true,
            ..options()
        };
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        let e = d.on_tick(Duration::ZERO);
        assert_eq!(
            e,
            vec![Effect::Record(RecordAction::Start("01-a.wav".into()))]
        );
        let e = d.on_stop(at(6.0));
        assert_eq!(
            e,
            vec![
                Effect::Record(RecordAction::Finish(TakeOf { item: 0, take: 1 })),
                Effect::Save,
                Effect::Save,
                Effect::Quit
            ]
        );
        assert_eq!(d.session.items[0].duration, at(6.0));
        assert!(!d.session.completed);
    }

    #[test]
    fn recording_follows_pause_restart_skip_and_finish() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let opts = Options {
            think: Duration::ZERO,
            record: true,
            ..options()
        };
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        let rec = |e: Vec<Effect>| -> Vec<RecordAction> {
            e.into_iter()
                .filter_map(|e| match e {
                    Effect::Record(a) => Some(a),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(rec(d.on_key(Action::Pause, at(1.0))), [RecordAction::Pause]);
        assert_eq!(
            rec(d.on_key(Action::Pause, at(2.0))),
            [RecordAction::Resume]
        );
        assert_eq!(
            rec(d.on_key(Action::Restart, at(3.0))),
            [RecordAction::Next(
                TakeOf { item: 0, take: 1 },
                "01-a-take2.wav".into()
            )]
        );
        assert_eq!(
            rec(d.on_key(Action::Go, at(9.0))),
            [RecordAction::Finish(TakeOf { item: 0, take: 2 })]
        );
        assert_eq!(
            rec(d.on_key(Action::Go, at(9.5))),
            [RecordAction::Start("02-b.wav".into())]
        );
        assert_eq!(
            rec(d.on_key(Action::Skip, at(10.0))),
            [RecordAction::Discard]
        );
        d.stop_recording("device gone");
        assert!(d.notice.as_deref().unwrap().contains("device gone"));
    }

    #[test]
    fn a_follow_up_is_asked_after_an_answer_and_linked_to_it() {
        let mut q = question("a", 5, 60, 90);
        q.follow_ups = vec![follow_up("Why then?", 20)];
        let qs = [q];
        let mut d = drill(
            &qs,
            Options {
                think: Duration::ZERO,
                ..options()
            },
        );
        d.on_key(Action::Go, at(30.0));
        d.on_key(Action::Go, at(31.0));
        let cur = d.current.as_ref().unwrap();
        assert_eq!(cur.text(), "Why then?");
        assert_eq!(cur.budget.target(), Duration::from_secs(20));
        d.on_key(Action::Go, at(41.0));
        let item = &d.session.items[1];
        assert_eq!(
            (item.follow_up_of, item.text.as_str()),
            (Some(1), "Why then?")
        );
        // A skipped question gets no follow-up; the session ends after it.
        let e = d.on_key(Action::Go, at(42.0));
        assert!(e.contains(&Effect::Quit));
        let qs2 = [qs[0].clone()];
        let mut d = drill(
            &qs2,
            Options {
                think: Duration::ZERO,
                follow_ups: false,
                ..options()
            },
        );
        d.on_key(Action::Go, at(30.0));
        assert!(d.on_key(Action::Go, at(31.0)).contains(&Effect::Quit));
    }

    #[test]
    fn star_parts_run_on_their_own_clock_and_are_saved() {
        let mut q = question("a", 5, 60, 90);
        q.parts = ["Situation", "Task", "Action", "Result"]
            .iter()
            .map(|n| Part {
                name: n.to_string(),
                budget: even(15),
            })
            .collect();
        let qs = [q];
        let mut d = drill(
            &qs,
            Options {
                think: Duration::ZERO,
                ..options()
            },
        );
        d.on_key(Action::NextPart, at(10.0));
        d.on_key(Action::Pause, at(12.0));
        d.on_key(Action::Pause, at(20.0));
        d.on_key(Action::NextPart, at(25.0));
        for t in [30.0, 31.0, 32.0] {
            d.on_key(Action::NextPart, at(t));
        }
        d.on_key(Action::Go, at(40.0));
        let parts: Vec<(&str, Duration)> = d.session.items[0]
            .parts
            .iter()
            .map(|p| (p.name.as_str(), p.actual))
            .collect();
        assert_eq!(
            parts,
            [
                ("Situation", at(10.0)),
                ("Task", at(7.0)),
                ("Action", at(5.0)),
                ("Result", at(10.0))
            ]
        );
    }

    #[test]
    fn hints_toggle_except_while_rating() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = drill(
            &qs,
            Options {
                think: Duration::ZERO,
                ..options()
            },
        );
        d.on_key(Action::Hints, at(1.0));
        assert!(d.show_hints);
        d.on_key(Action::Go, at(6.0));
        d.on_key(Action::Hints, at(7.0));
        assert!(d.show_hints, "h does nothing while rating");
    }

    #[test]
    fn a_target_override_scales_min_and_max() {
        let qs = [question("a", 30, 60, 90)];
        let opts = Options {
            target: Some(Duration::from_secs(120)),
            ..options()
        };
        let d = drill(&qs, opts);
        let b = d.current.as_ref().unwrap().budget;
        assert_eq!(
            (b.min(), b.target(), b.max()),
            (
                Some(Duration::from_secs(60)),
                Duration::from_secs(120),
                Duration::from_secs(180)
            )
        );
    }

    /// The host started the reading and it has been heard at `now`.
    fn heard(d: &mut Drill<'_>, now: Duration) -> Vec<Effect> {
        d.reading_started();
        d.spoken(now)
    }

    #[test]
    fn a_report_about_the_reading_before_an_r_is_not_believed() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = Drill::new(
            qs.iter().collect(),
            speaking(options()),
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        d.reading_started();
        // r at the very end: the first reading's end is reported before
        // the host has started the second.
        d.on_key(Action::Restart, at(3.0));
        assert!(d.spoken(at(3.0)).is_empty());
        assert!(matches!(d.stage, Stage::Listen));
        heard(&mut d, at(6.0));
        assert!(matches!(d.stage, Stage::Think { until } if until == at(9.0)));
    }

    fn speaking(mut opts: Options) -> Options {
        opts.reading.speak = true;
        opts
    }

    fn spoken_texts(effects: &[Effect]) -> Vec<(String, Voice)> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Speak { text, voice } => Some((text.clone(), voice.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_spoken_question_starts_no_clock_until_it_is_heard() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = Drill::new(
            qs.iter().collect(),
            speaking(options()),
            session(crate::session::Kind::Drill),
            7,
        );
        let e = d.on_tick(Duration::ZERO);
        assert_eq!(
            spoken_texts(&e),
            [("Question a?".to_string(), Voice::default())]
        );
        assert!(matches!(d.stage, Stage::Listen));
        // However long it takes to hear, nothing counts.
        assert!(d.on_tick(at(100.0)).is_empty());
        assert!(matches!(d.stage, Stage::Listen));
        assert!(heard(&mut d, at(104.0)).is_empty());
        assert!(matches!(d.stage, Stage::Think { until } if until == at(107.0)));
        assert!(
            heard(&mut d, at(105.0)).is_empty(),
            "a late report changes nothing"
        );
        d.on_tick(at(107.0));
        assert!(matches!(d.stage, Stage::Answer { began, .. } if began == at(107.0)));
        d.on_key(Action::Go, at(115.0));
        assert_eq!(
            (d.session.items[0].start, d.session.items[0].duration),
            (at(107.0), at(8.0))
        );
    }

    #[test]
    fn at_the_candidates_turn_the_panel_asks_for_questions_and_never_reads_the_instruction() {
        let mut ask = question("team", 2, 15, 30);
        ask.category = "ask-them".into();
        ask.text = "Ask the panel how the team is structured.".into();
        let qs = [question("a", 5, 10, 15), ask];
        let mut d = Drill::new(
            qs.iter().collect(),
            speaking(options()),
            session(crate::session::Kind::Drill),
            7,
        );
        let e = d.on_tick(Duration::ZERO);
        assert_eq!(spoken_texts(&e)[0].0, "Question a?");
        heard(&mut d, at(1.0));
        d.on_tick(at(4.0));
        d.on_key(Action::Go, at(20.0));
        let e = d.on_key(Action::Go, at(21.0));
        let spoken = spoken_texts(&e);
        assert_eq!(spoken.len(), 1, "{e:?}");
        assert_eq!(spoken[0].0, crate::bank::stage::YOUR_TURN);
        assert_eq!(
            d.current.as_ref().unwrap().text(),
            "Ask the panel how the team is structured.",
            "the instruction is still what the screen shows"
        );
    }

    #[test]
    fn r_repeats_the_question_until_the_answer_starts() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = Drill::new(
            qs.iter().collect(),
            speaking(options()),
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        d.reading_started();
        // While it is being read: from the start again.
        let e = d.on_key(Action::Restart, at(1.0));
        assert_eq!(spoken_texts(&e).len(), 1);
        assert!(matches!(d.stage, Stage::Listen));
        heard(&mut d, at(4.0));
        // While thinking: read again, and the think time starts over after.
        let e = d.on_key(Action::Restart, at(5.0));
        assert_eq!(spoken_texts(&e)[0].0, "Question a?");
        assert!(matches!(d.stage, Stage::Listen));
        d.on_tick(at(50.0));
        heard(&mut d, at(9.0));
        assert!(matches!(d.stage, Stage::Think { until } if until == at(12.0)));
        d.on_tick(at(12.0));
        // While answering, r starts a new take, silently.
        let e = d.on_key(Action::Restart, at(13.0));
        assert!(spoken_texts(&e).is_empty());
        assert!(matches!(d.stage, Stage::Answer { began, .. } if began == at(13.0)));
    }

    #[test]
    fn keys_while_listening_answer_skip_or_end_and_stop_the_voice() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut d = Drill::new(
            qs.iter().collect(),
            speaking(options()),
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        let e = d.on_key(Action::Go, at(1.0));
        assert_eq!(e.first(), Some(&Effect::Hush));
        assert!(matches!(d.stage, Stage::Answer { began, .. } if began == at(1.0)));
        d.on_key(Action::Go, at(8.0));
        let e = d.on_key(Action::Go, at(9.0));
        assert_eq!(spoken_texts(&e)[0].0, "Question b?");
        let e = d.on_key(Action::Skip, at(10.0));
        assert_eq!(e.first(), Some(&Effect::Hush));
        assert_eq!(d.session.items[1].verdict, Verdict::Skipped);
        assert!(e.contains(&Effect::Quit));
        let qs = [question("a", 5, 10, 15)];
        let mut d = Drill::new(
            qs.iter().collect(),
            speaking(options()),
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        assert_eq!(
            d.on_key(Action::End, at(1.0)),
            [Effect::Hush, Effect::Save, Effect::Quit]
        );
    }

    #[test]
    fn the_take_starts_only_after_the_question_is_heard() {
        let qs = [question("a", 5, 10, 15)];
        let opts = Options {
            think: Duration::ZERO,
            record: true,
            ..speaking(options())
        };
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        let e = d.on_tick(Duration::ZERO);
        assert!(
            !e.iter().any(|e| matches!(e, Effect::Record(_))),
            "no take while the question is read: {e:?}"
        );
        assert_eq!(
            heard(&mut d, at(3.5)),
            [Effect::Record(RecordAction::Start("01-a.wav".into()))]
        );
        assert!(matches!(d.stage, Stage::Answer { began, .. } if began == at(3.5)));
    }

    #[test]
    fn a_panel_member_asks_in_their_voice_and_keeps_asking_the_follow_up() {
        let mut q = question("a", 5, 10, 15);
        q.category = "motivation".into();
        q.follow_ups = vec![follow_up("Why now?", 10)];
        let qs = [q];
        let panel = Panel::default();
        let hr = panel.members[1].clone();
        let mut opts = Options {
            think: Duration::ZERO,
            ..speaking(options())
        };
        opts.reading.panel = Some(panel);
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        let e = d.on_tick(Duration::ZERO);
        assert_eq!(spoken_texts(&e)[0].1, hr.voice);
        assert_eq!(d.current.as_ref().unwrap().asker.as_ref(), Some(&hr));
        heard(&mut d, at(2.0));
        d.on_key(Action::Go, at(9.0));
        let e = d.on_key(Action::Go, at(10.0));
        assert_eq!(
            spoken_texts(&e),
            [("Why now?".to_string(), hr.voice.clone())]
        );
    }

    #[test]
    fn listen_only_hides_the_text_until_the_answer_ends() {
        let qs = [question("a", 5, 10, 15)];
        let mut opts = speaking(options());
        opts.reading.listen_only = true;
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        assert!(!d.text_shown());
        heard(&mut d, at(2.0));
        assert!(!d.text_shown(), "thinking");
        d.on_key(Action::Go, at(3.0));
        assert!(!d.text_shown(), "answering");
        d.on_key(Action::Go, at(9.0));
        assert!(d.text_shown(), "rating: the text is shown");
    }

    #[test]
    fn a_voice_that_fails_turns_speech_off_and_the_drill_goes_on() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let mut opts = speaking(options());
        opts.reading.listen_only = true;
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            7,
        );
        d.on_tick(Duration::ZERO);
        d.speech_failed("the output is gone", at(1.0));
        assert!(matches!(d.stage, Stage::Think { until } if until == at(4.0)));
        assert!(d.text_shown());
        assert!(d.notice.as_deref().unwrap().contains("the output is gone"));
        d.on_key(Action::Go, at(4.0));
        d.on_key(Action::Go, at(10.0));
        let e = d.on_key(Action::Go, at(11.0));
        assert!(spoken_texts(&e).is_empty());
        assert!(matches!(d.stage, Stage::Think { .. }));
    }

    #[test]
    fn keys_that_mean_nothing_on_a_stage_change_nothing() {
        let qs = [question("a", 5, 10, 15)];
        let idle = [
            Action::Back,
            Action::Next,
            Action::Previous,
            Action::NextPause,
            Action::PreviousPause,
        ];
        let mut d = drill(&qs, options());
        for a in idle.iter().chain(&[
            Action::Rate(3),
            Action::Pause,
            Action::Restart,
            Action::NextPart,
        ]) {
            assert!(d.on_key(*a, at(1.0)).is_empty(), "{a:?} while thinking");
            assert!(matches!(d.stage, Stage::Think { .. }));
        }
        d.on_key(Action::Go, at(1.0));
        for a in idle.iter().chain(&[Action::Rate(3)]) {
            assert!(d.on_key(*a, at(2.0)).is_empty(), "{a:?} while answering");
            assert!(matches!(d.stage, Stage::Answer { .. }));
        }
        d.on_key(Action::Go, at(8.0));
        for a in idle.iter().chain(&[
            Action::Pause,
            Action::Skip,
            Action::NextPart,
            Action::Forward,
        ]) {
            assert!(d.on_key(*a, at(9.0)).is_empty(), "{a:?} while rating");
            assert!(matches!(d.stage, Stage::Rate { .. }));
        }
        assert_eq!(d.session.items.len(), 1);
    }
}
