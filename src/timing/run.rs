//! A run: a sequence of timed sections (a presentation's sections, or an
//! answer's STAR parts) with one clock moving through them.
//!
//! Each section is a [`Segment`]; exactly one — the current one — accrues
//! time while the run is live, so run time (the sum of section times) never
//! includes pauses. On top of the sections the run keeps the whole-talk
//! view: total elapsed against total planned, pace against the cumulative
//! plan, where each section started in run time, and one-shot warnings
//! before the end of a section and of the talk.
//!
//! Like [`Segment`], every method takes an explicit `now`, and calls that do
//! not fit the current state are ignored and return `false`.

use std::time::Duration;

use super::budget::{Budget, Phase};
use super::pace::Pace;
use super::segment::Segment;

/// The app's default wrap-up window: wrap-up begins this long before the
/// target.
pub const DEFAULT_WARN: Duration = Duration::from_secs(15);

/// Settings for a [`Run`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunConfig {
    /// Wrap-up window before the target, for section and talk phases.
    pub warn: Duration,
    /// Warn this long before the end (target) of each section. A warning as
    /// long as the section's target or longer never fires: it would go off
    /// the moment the section starts.
    pub section_warnings: Vec<Duration>,
    /// Warn this long before the end (total target) of the talk; same rule.
    pub talk_warnings: Vec<Duration>,
}

impl Default for RunConfig {
    /// The default wrap-up window and no extra warnings.
    fn default() -> Self {
        Self {
            warn: DEFAULT_WARN,
            section_warnings: Vec::new(),
            talk_warnings: Vec::new(),
        }
    }
}

/// Why a [`Run`] could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// The plan has no sections.
    #[error("a run needs at least one section")]
    NoSections,
}

/// Where a run is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunState {
    /// Built, not started.
    NotStarted,
    /// The current section is accruing time.
    Running,
    /// The current section is paused.
    Paused,
    /// Over; all times are frozen.
    Finished,
}

/// Something a [`Run::tick`] noticed, each reported at most once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunEvent {
    /// The current section reached one of the configured section warnings.
    SectionWarning {
        /// Index of the section.
        section: usize,
        /// The configured warning: this much time was left when it fired.
        remaining: Duration,
    },
    /// The current section's elapsed time reached its target.
    SectionTimeUp {
        /// Index of the section.
        section: usize,
    },
    /// The whole talk reached one of the configured talk warnings.
    TalkWarning {
        /// The configured warning: this much planned time was left.
        remaining: Duration,
    },
    /// Total elapsed time reached the talk's total target.
    TalkTimeUp,
}

/// A time at which the run entered a section, in run time (elapsed since the
/// start, pauses excluded): the section boundaries to store with a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Visit {
    /// Index of the section entered.
    pub section: usize,
    /// Run time at which it was entered.
    pub at: Duration,
}

/// One section of a run: a name and its timed segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSection {
    name: String,
    segment: Segment,
    first_started_at: Option<Duration>,
    alarm: Alarm,
}

impl RunSection {
    /// The section's name from the plan.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The section's budget.
    pub fn budget(&self) -> &Budget {
        self.segment.budget()
    }

    /// The section's segment, for its state, elapsed time and phase.
    pub fn segment(&self) -> &Segment {
        &self.segment
    }
}

/// Which one-shot warnings of one scope (a section, or the talk) have fired.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Alarm {
    /// Parallel to the scope's thresholds (sorted longest first).
    warned: Vec<bool>,
    time_up: bool,
}

impl Alarm {
    fn new(thresholds: usize) -> Self {
        Self {
            warned: vec![false; thresholds],
            time_up: false,
        }
    }

    /// What `elapsed` newly crossed against `target`, marking it fired: the
    /// event `time_up`, or `warning` of the time that was left.
    ///
    /// Only the most urgent crossing is reported: if a late tick passes the
    /// 1:00 and 0:30 warnings at once, "0:30 left" is the news, and time-up
    /// beats any warning (and ends all checks). Every warning crossed is
    /// marked, so nothing stale fires later.
    fn check(
        &mut self,
        elapsed: Duration,
        target: Duration,
        thresholds: &[Duration],
        time_up: RunEvent,
        warning: impl Fn(Duration) -> RunEvent,
    ) -> Option<RunEvent> {
        if self.time_up {
            return None;
        }
        if elapsed >= target {
            self.time_up = true;
            return Some(time_up);
        }
        let mut most_urgent = None;
        for (&before, fired) in thresholds.iter().zip(self.warned.iter_mut()) {
            // `before < target` keeps a warning longer than the scope from
            // firing the moment it starts.
            if !*fired && before < target && elapsed >= target.saturating_sub(before) {
                *fired = true;
                // Thresholds are sorted longest first, so the last hit is the
                // shortest, i.e. the most urgent.
                most_urgent = Some(warning(before));
            }
        }
        most_urgent
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    NotStarted,
    Live,
    Finished,
}

/// A sequence of timed sections; see the module docs.
///
/// Invariant: `sections` is never empty and `current` is always a valid
/// index into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    sections: Vec<RunSection>,
    talk_budget: Budget,
    config: RunConfig,
    current: usize,
    stage: Stage,
    visits: Vec<Visit>,
    talk_alarm: Alarm,
}

impl Run {
    /// A run over `sections` in order, not yet started. Fails only for an
    /// empty plan. Warning thresholds are sorted and deduplicated.
    pub fn new<S: Into<String>>(
        sections: impl IntoIterator<Item = (S, Budget)>,
        mut config: RunConfig,
    ) -> Result<Self, RunError> {
        for thresholds in [&mut config.section_warnings, &mut config.talk_warnings] {
            thresholds.sort_unstable_by(|a, b| b.cmp(a));
            thresholds.dedup();
        }
        let sections: Vec<RunSection> = sections
            .into_iter()
            .map(|(name, budget)| RunSection {
                name: name.into(),
                segment: Segment::new(budget, config.warn),
                first_started_at: None,
                alarm: Alarm::new(config.section_warnings.len()),
            })
            .collect();
        let talk_budget =
            Budget::sum(sections.iter().map(RunSection::budget)).ok_or(RunError::NoSections)?;
        Ok(Self {
            sections,
            talk_budget,
            talk_alarm: Alarm::new(config.talk_warnings.len()),
            config,
            current: 0,
            stage: Stage::NotStarted,
            visits: Vec::new(),
        })
    }

    /// The configuration, with thresholds sorted longest first.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// Where the run is in its life.
    pub fn state(&self) -> RunState {
        match self.stage {
            Stage::NotStarted => RunState::NotStarted,
            Stage::Finished => RunState::Finished,
            Stage::Live if self.current().segment.is_paused() => RunState::Paused,
            Stage::Live => RunState::Running,
        }
    }

    /// Whether the run is paused.
    pub fn is_paused(&self) -> bool {
        self.state() == RunState::Paused
    }

    /// Whether the run has finished.
    pub fn is_finished(&self) -> bool {
        self.stage == Stage::Finished
    }

    /// Starts the first section.
    pub fn start(&mut self, now: Duration) -> bool {
        if self.stage != Stage::NotStarted {
            return false;
        }
        self.stage = Stage::Live;
        self.enter(0, now);
        true
    }

    /// Finishes the current section and starts the next at the same instant;
    /// on the last section, finishes the run. If the run was paused, the next
    /// section starts running: moving on means you are talking again.
    pub fn next(&mut self, now: Duration) -> bool {
        // `finish` also refuses a run that is not live.
        if self.stage != Stage::Live || self.is_last_section() {
            return self.finish(now);
        }
        self.current_mut().segment.finish(now);
        self.enter(self.current.saturating_add(1), now);
        true
    }

    /// Goes back to the previous section, which continues accruing time on
    /// top of what it already had. The time spent on the section you left
    /// stays recorded with it and resumes if you come forward again. Ignored
    /// on the first section. Like [`Run::next`], it resumes a paused run.
    pub fn previous(&mut self, now: Duration) -> bool {
        if self.stage != Stage::Live || self.current == 0 {
            return false;
        }
        self.current_mut().segment.finish(now);
        self.enter(self.current.saturating_sub(1), now);
        true
    }

    /// Pauses the current section.
    pub fn pause(&mut self, now: Duration) -> bool {
        self.stage == Stage::Live && self.current_mut().segment.pause(now)
    }

    /// Resumes the current section.
    pub fn resume(&mut self, now: Duration) -> bool {
        self.stage == Stage::Live && self.current_mut().segment.resume(now)
    }

    /// Pauses if running, resumes if paused.
    pub fn toggle_pause(&mut self, now: Duration) -> bool {
        self.stage == Stage::Live && self.current_mut().segment.toggle_pause(now)
    }

    /// Finishes the current section and the run. Sections never reached
    /// stay [`NotStarted`](super::SegmentState::NotStarted).
    pub fn finish(&mut self, now: Duration) -> bool {
        if self.stage != Stage::Live {
            return false;
        }
        self.current_mut().segment.finish(now);
        self.stage = Stage::Finished;
        true
    }

    /// Reports warnings crossed since the last tick, each at most once per
    /// run: for the current section, then for the talk. Call it every frame.
    /// A section you come back to with `previous` does not repeat warnings
    /// it already gave.
    pub fn tick(&mut self, now: Duration) -> Vec<RunEvent> {
        if self.stage != Stage::Live {
            return Vec::new();
        }
        let section = self.current;
        let total = self.total_elapsed(now);
        // `current` is always a valid index: see the type's invariant.
        let current = &mut self.sections[section];
        let in_section = current.alarm.check(
            current.segment.elapsed(now),
            current.segment.budget().target(),
            &self.config.section_warnings,
            RunEvent::SectionTimeUp { section },
            |remaining| RunEvent::SectionWarning { section, remaining },
        );
        let in_talk = self.talk_alarm.check(
            total,
            self.talk_budget.target(),
            &self.config.talk_warnings,
            RunEvent::TalkTimeUp,
            |remaining| RunEvent::TalkWarning { remaining },
        );
        in_section.into_iter().chain(in_talk).collect()
    }

    /// All sections in plan order.
    pub fn sections(&self) -> &[RunSection] {
        &self.sections
    }

    /// Index of the current section (the last one reached, once finished).
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// The current section.
    pub fn current(&self) -> &RunSection {
        // `current` is always a valid index: see the type's invariant.
        &self.sections[self.current]
    }

    /// Whether the current section is the last, i.e. `next` finishes the run.
    pub fn is_last_section(&self) -> bool {
        self.current.saturating_add(1) == self.sections.len()
    }

    /// Time spent in section `index`; `None` if there is no such section.
    pub fn section_elapsed(&self, index: usize, now: Duration) -> Option<Duration> {
        self.sections.get(index).map(|s| s.segment.elapsed(now))
    }

    /// Run time: the sum of all section times, pauses excluded.
    pub fn total_elapsed(&self, now: Duration) -> Duration {
        self.sections.iter().fold(Duration::ZERO, |sum, s| {
            sum.saturating_add(s.segment.elapsed(now))
        })
    }

    /// Total time spent paused, across all sections.
    pub fn total_paused(&self, now: Duration) -> Duration {
        self.sections.iter().fold(Duration::ZERO, |sum, s| {
            sum.saturating_add(s.segment.paused_total(now))
        })
    }

    /// The sum of section targets: how long the talk should take.
    pub fn total_planned(&self) -> Duration {
        self.talk_budget.target()
    }

    /// The whole talk's budget: section budgets summed (see [`Budget::sum`]).
    pub fn talk_budget(&self) -> &Budget {
        &self.talk_budget
    }

    /// Time left until the current section's target, zero once reached.
    pub fn section_remaining(&self, now: Duration) -> Duration {
        self.current().segment.remaining(now)
    }

    /// Time left until the talk's total target, zero once reached.
    pub fn talk_remaining(&self, now: Duration) -> Duration {
        self.talk_budget.remaining(self.total_elapsed(now))
    }

    /// The current section's phase.
    pub fn section_phase(&self, now: Duration) -> Phase {
        self.current().segment.phase(now)
    }

    /// The whole talk's phase against [`Run::talk_budget`].
    pub fn talk_phase(&self, now: Duration) -> Phase {
        self.talk_budget
            .phase(self.total_elapsed(now), self.config.warn)
    }

    /// Run time at which each section was first entered, in plan order;
    /// `None` for sections never reached.
    pub fn section_start_offsets(&self) -> Vec<Option<Duration>> {
        self.sections.iter().map(|s| s.first_started_at).collect()
    }

    /// Every entry into a section, in order, including returns through
    /// `previous`: the full map of where each part of a recording belongs.
    pub fn visits(&self) -> &[Visit] {
        &self.visits
    }

    /// How much time the plan allows up to this point:
    ///
    /// - sections before the current one count their full target, since you
    ///   have moved past them, early or late;
    /// - the current section, and any later one already visited before a
    ///   `previous`, counts its elapsed time capped at its target.
    ///
    /// Once the run is finished, the section it finished on counts as moved
    /// past too.
    pub fn planned_elapsed(&self, now: Duration) -> Duration {
        let moved_past = match self.stage {
            Stage::NotStarted | Stage::Live => self.current,
            Stage::Finished => self.current.saturating_add(1),
        };
        self.sections
            .iter()
            .enumerate()
            .fold(Duration::ZERO, |sum, (i, s)| {
                let target = s.budget().target();
                let planned = if i < moved_past {
                    target
                } else {
                    s.segment.elapsed(now).min(target)
                };
                sum.saturating_add(planned)
            })
    }

    /// Ahead or behind plan: [`Run::planned_elapsed`] against
    /// [`Run::total_elapsed`].
    ///
    /// While you are inside a section's budget the pace holds still (plan and
    /// actual grow together); it jumps ahead when you move on early, drifts
    /// behind second by second while a section overruns, and pauses change
    /// nothing. Finishing section one 10 s early and section two 5 s late
    /// leaves you 5 s ahead.
    pub fn pace(&self, now: Duration) -> Pace {
        Pace::from_plan(self.planned_elapsed(now), self.total_elapsed(now))
    }

    fn current_mut(&mut self) -> &mut RunSection {
        // `current` is always a valid index: see the type's invariant.
        &mut self.sections[self.current]
    }

    /// Makes `index` current and starts (or reopens) it at `now`, recording
    /// the run time of the entry. Callers pass a valid index.
    fn enter(&mut self, index: usize, now: Duration) {
        let at = self.total_elapsed(now);
        let Some(section) = self.sections.get_mut(index) else {
            return;
        };
        if section.segment.start(now) {
            section.first_started_at = Some(at);
        } else {
            section.segment.reopen(now);
        }
        self.current = index;
        self.visits.push(Visit { section: index, at });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::clock::{Clock, FakeClock};
    use crate::timing::segment::{Outcome, SegmentState};

    const NS: Duration = Duration::from_nanos(1);

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn target(s: u64) -> Budget {
        Budget::new(None, secs(s), secs(s + s / 2)).expect("valid test budget")
    }

    /// Intro 60 s, body 120 s, close 60 s: 240 s planned.
    fn talk(config: RunConfig) -> Run {
        Run::new(
            [
                ("intro", target(60)),
                ("body", target(120)),
                ("close", target(60)),
            ],
            config,
        )
        .expect("non-empty plan")
    }

    fn started(clock: &FakeClock) -> Run {
        let mut run = talk(RunConfig::default());
        assert!(run.start(clock.now()));
        run
    }

    #[test]
    fn a_run_needs_at_least_one_section() {
        let none: [(&str, Budget); 0] = [];
        assert_eq!(
            Run::new(none, RunConfig::default()),
            Err(RunError::NoSections)
        );
    }

    #[test]
    fn start_enters_the_first_section() {
        let clock = FakeClock::new();
        let mut run = talk(RunConfig::default());
        assert_eq!(run.state(), RunState::NotStarted);
        assert!(!run.next(clock.now()), "next before start is ignored");
        assert!(run.start(clock.now()));
        assert!(!run.start(clock.now()));
        assert_eq!(run.state(), RunState::Running);
        assert_eq!(run.current_index(), 0);
        assert_eq!(run.current().name(), "intro");
        assert_eq!(run.total_planned(), secs(240));
    }

    #[test]
    fn next_moves_on_at_the_same_instant() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        clock.advance(secs(50));
        assert!(run.next(clock.now()));
        assert_eq!(run.current_index(), 1);
        clock.advance(secs(30));
        assert_eq!(run.section_elapsed(0, clock.now()), Some(secs(50)));
        assert_eq!(run.section_elapsed(1, clock.now()), Some(secs(30)));
        assert_eq!(run.section_elapsed(2, clock.now()), Some(Duration::ZERO));
        assert_eq!(run.section_elapsed(3, clock.now()), None);
        assert_eq!(run.total_elapsed(clock.now()), secs(80));
        assert_eq!(run.sections()[0].segment().outcome(), Some(Outcome::Done));
    }

    #[test]
    fn next_on_the_last_section_finishes_the_run() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        for _ in 0..2 {
            clock.advance(secs(10));
            run.next(clock.now());
        }
        assert!(run.is_last_section());
        clock.advance(secs(10));
        assert!(run.next(clock.now()));
        assert_eq!(run.state(), RunState::Finished);
        assert_eq!(run.current_index(), 2);
        assert!(run.sections().iter().all(|s| s.segment().is_finished()));
        clock.advance(secs(100));
        assert_eq!(run.total_elapsed(clock.now()), secs(30));
        assert!(!run.next(clock.now()));
        assert!(!run.pause(clock.now()));
        assert_eq!(run.tick(clock.now()), vec![]);
    }

    #[test]
    fn previous_returns_to_the_earlier_section_and_keeps_both_times() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        assert!(
            !run.previous(clock.now()),
            "nothing before the first section"
        );
        clock.advance(secs(40));
        run.next(clock.now());
        clock.advance(secs(25));
        assert!(run.previous(clock.now()));
        assert_eq!(run.current_index(), 0);
        clock.advance(secs(5));
        assert_eq!(run.section_elapsed(0, clock.now()), Some(secs(45)));
        assert_eq!(run.section_elapsed(1, clock.now()), Some(secs(25)));
        // Coming forward again continues the later section's time.
        run.next(clock.now());
        clock.advance(secs(10));
        assert_eq!(run.section_elapsed(1, clock.now()), Some(secs(35)));
        assert_eq!(run.total_elapsed(clock.now()), secs(80));
    }

    #[test]
    fn pause_applies_to_the_current_section_and_is_excluded_everywhere() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        clock.advance(secs(20));
        run.next(clock.now());
        clock.advance(secs(10));
        assert!(run.pause(clock.now()));
        assert_eq!(run.state(), RunState::Paused);
        clock.advance(secs(300));
        assert_eq!(run.section_elapsed(1, clock.now()), Some(secs(10)));
        assert_eq!(run.total_elapsed(clock.now()), secs(30));
        assert_eq!(run.total_paused(clock.now()), secs(300));
        assert_eq!(run.talk_remaining(clock.now()), secs(210));
        assert!(run.toggle_pause(clock.now()));
        assert_eq!(run.state(), RunState::Running);
        clock.advance(secs(5));
        assert_eq!(run.total_elapsed(clock.now()), secs(35));
        assert_eq!(run.section_remaining(clock.now()), secs(105));
    }

    #[test]
    fn next_while_paused_ends_the_pause_and_runs_the_next_section() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        clock.advance(secs(20));
        run.pause(clock.now());
        clock.advance(secs(8));
        assert!(run.next(clock.now()));
        assert_eq!(run.state(), RunState::Running);
        clock.advance(secs(3));
        assert_eq!(run.section_elapsed(0, clock.now()), Some(secs(20)));
        assert_eq!(run.section_elapsed(1, clock.now()), Some(secs(3)));
        assert_eq!(run.total_paused(clock.now()), secs(8));
    }

    #[test]
    fn finish_ends_the_run_early_and_freezes_time() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        clock.advance(secs(30));
        assert!(run.finish(clock.now()));
        assert!(run.is_finished());
        assert!(!run.finish(clock.now()));
        clock.advance(secs(30));
        assert_eq!(run.total_elapsed(clock.now()), secs(30));
        assert_eq!(
            run.sections()[1].segment().state(),
            SegmentState::NotStarted
        );
    }

    #[test]
    fn section_offsets_are_in_run_time_without_pauses() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        clock.advance(secs(50));
        run.pause(clock.now());
        clock.advance(secs(100));
        run.resume(clock.now());
        clock.advance(secs(10));
        run.next(clock.now());
        clock.advance(secs(90));
        run.previous(clock.now());
        clock.advance(secs(5));
        run.next(clock.now());
        assert_eq!(
            run.section_start_offsets(),
            vec![Some(Duration::ZERO), Some(secs(60)), None]
        );
        assert_eq!(
            run.visits(),
            [
                Visit {
                    section: 0,
                    at: Duration::ZERO
                },
                Visit {
                    section: 1,
                    at: secs(60)
                },
                Visit {
                    section: 0,
                    at: secs(150)
                },
                Visit {
                    section: 1,
                    at: secs(155)
                },
            ]
        );
    }

    #[test]
    fn pace_follows_the_cumulative_plan() {
        // Each step: seconds to advance, then an action; then the pace.
        enum Step {
            Wait(u64),
            Next,
            Previous,
            Finish,
        }
        use Step::*;
        let cases: [(&str, Vec<Step>, Pace); 9] = [
            ("not started", vec![], Pace::OnPlan),
            ("inside the first budget", vec![Wait(30)], Pace::OnPlan),
            (
                "exactly on plan",
                vec![Wait(60), Next, Wait(120), Next, Wait(30)],
                Pace::OnPlan,
            ),
            (
                "moved on early",
                vec![Wait(40), Next, Wait(10)],
                Pace::Ahead(secs(20)),
            ),
            (
                "overran a past section",
                vec![Wait(75), Next, Wait(10)],
                Pace::Behind(secs(15)),
            ),
            (
                "overrunning the current section",
                vec![Wait(72)],
                Pace::Behind(secs(12)),
            ),
            (
                "early then late",
                vec![Wait(50), Next, Wait(125), Next],
                Pace::Ahead(secs(5)),
            ),
            (
                "back to an earlier section, later time credited",
                // Intro 60, body 100 (20 short), back to intro +10: intro is
                // 10 over; the body's 100 s count as 100 s of its plan.
                vec![Wait(60), Next, Wait(100), Previous, Wait(10)],
                Pace::Behind(secs(10)),
            ),
            (
                "finished early on the last section",
                vec![Wait(60), Next, Wait(120), Next, Wait(45), Finish],
                Pace::Ahead(secs(15)),
            ),
        ];
        for (name, steps, expected) in cases {
            let clock = FakeClock::new();
            let mut run = talk(RunConfig::default());
            if !steps.is_empty() {
                run.start(clock.now());
            }
            for step in steps {
                match step {
                    Wait(s) => clock.advance(secs(s)),
                    Next => assert!(run.next(clock.now()), "{name}"),
                    Previous => assert!(run.previous(clock.now()), "{name}"),
                    Finish => assert!(run.finish(clock.now()), "{name}"),
                }
            }
            assert_eq!(run.pace(clock.now()), expected, "{name}");
        }
    }

    #[test]
    fn pausing_does_not_change_the_pace() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        clock.advance(secs(70));
        assert_eq!(run.pace(clock.now()), Pace::Behind(secs(10)));
        run.pause(clock.now());
        clock.advance(secs(600));
        assert_eq!(run.pace(clock.now()), Pace::Behind(secs(10)));
    }

    #[test]
    fn finishing_the_whole_talk_early_counts_the_run_as_ahead() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        clock.advance(secs(40));
        run.finish(clock.now());
        // Only the intro was covered: 60 s planned for it, 40 s used.
        assert_eq!(run.pace(clock.now()), Pace::Ahead(secs(20)));
    }

    #[test]
    fn section_warnings_fire_once_exactly_at_their_time() {
        let clock = FakeClock::new();
        let config = RunConfig {
            section_warnings: vec![secs(10), secs(30), secs(10)],
            ..RunConfig::default()
        };
        let mut run = talk(config);
        run.start(clock.now());
        assert_eq!(run.config().section_warnings, vec![secs(30), secs(10)]);
        clock.set(secs(30) - NS);
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(30));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionWarning {
                section: 0,
                remaining: secs(30)
            }]
        );
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(50) - NS);
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(50));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionWarning {
                section: 0,
                remaining: secs(10)
            }]
        );
        clock.set(secs(60) - NS);
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(60));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionTimeUp { section: 0 }]
        );
        clock.set(secs(80));
        assert_eq!(run.tick(clock.now()), vec![]);
    }

    #[test]
    fn a_late_tick_reports_only_the_most_urgent_crossing() {
        let clock = FakeClock::new();
        let config = RunConfig {
            section_warnings: vec![secs(30), secs(10)],
            ..RunConfig::default()
        };
        let mut run = talk(config.clone());
        run.start(clock.now());
        clock.set(secs(55));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionWarning {
                section: 0,
                remaining: secs(10)
            }]
        );
        clock.set(secs(58));
        assert_eq!(run.tick(clock.now()), vec![], "the 30 s warning is stale");

        let mut run = talk(config);
        run.start(Duration::ZERO);
        assert_eq!(
            run.tick(secs(70)),
            vec![RunEvent::SectionTimeUp { section: 0 }]
        );
        assert_eq!(run.tick(secs(70)), vec![]);
    }

    #[test]
    fn a_warning_longer_than_the_section_never_fires() {
        let clock = FakeClock::new();
        let config = RunConfig {
            section_warnings: vec![secs(90)],
            ..RunConfig::default()
        };
        let mut run = talk(config);
        run.start(clock.now());
        // The 60 s intro is shorter than the 90 s warning.
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(60));
        run.next(clock.now());
        // The 120 s body gets it at 30 s in.
        clock.set(secs(90) - NS);
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(90));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionWarning {
                section: 1,
                remaining: secs(90)
            }]
        );
    }

    #[test]
    fn each_section_gets_its_own_warnings_and_returning_does_not_repeat_them() {
        let clock = FakeClock::new();
        let config = RunConfig {
            section_warnings: vec![secs(10)],
            ..RunConfig::default()
        };
        let mut run = talk(config);
        run.start(clock.now());
        clock.set(secs(55));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionWarning {
                section: 0,
                remaining: secs(10)
            }]
        );
        run.next(clock.now());
        clock.advance(secs(5));
        run.previous(clock.now());
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.advance(secs(5));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionTimeUp { section: 0 }]
        );
        run.next(clock.now());
        clock.advance(secs(105));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionWarning {
                section: 1,
                remaining: secs(10)
            }]
        );
    }

    #[test]
    fn talk_warnings_and_time_up_fire_once_across_sections() {
        let clock = FakeClock::new();
        let config = RunConfig {
            talk_warnings: vec![secs(60)],
            ..RunConfig::default()
        };
        let mut run = talk(config);
        run.start(clock.now());
        clock.set(secs(60));
        run.next(clock.now());
        clock.set(secs(170));
        run.next(clock.now());
        // Intro 60 s + body 110 s: 170 s used, 70 s of the 240 s left.
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(180) - NS);
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(180));
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::TalkWarning {
                remaining: secs(60)
            }]
        );
        assert_eq!(run.tick(clock.now()), vec![]);
        clock.set(secs(240));
        // The close (60 s target, started at 170 s) is 70 s in: its time-up
        // came at 230 s; the talk's at 240 s. One late tick reports both.
        assert_eq!(
            run.tick(clock.now()),
            vec![RunEvent::SectionTimeUp { section: 2 }, RunEvent::TalkTimeUp]
        );
        clock.set(secs(300));
        assert_eq!(run.tick(clock.now()), vec![]);
        assert_eq!(run.talk_remaining(clock.now()), Duration::ZERO);
    }

    #[test]
    fn phases_are_reported_per_section_and_for_the_whole_talk() {
        let clock = FakeClock::new();
        let mut run = started(&clock);
        // Intro: target 60 s, max 90 s, wrap-up from 45 s.
        clock.set(secs(45) - NS);
        assert_eq!(run.section_phase(clock.now()), Phase::OnTarget);
        clock.set(secs(45));
        assert_eq!(run.section_phase(clock.now()), Phase::WrapUp);
        clock.set(secs(90));
        assert_eq!(run.section_phase(clock.now()), Phase::Over);
        // Talk: target 240 s, max 360 s; 90 s in is well on target.
        assert_eq!(run.talk_phase(clock.now()), Phase::OnTarget);
        assert_eq!(run.talk_budget().max(), secs(360));
        run.next(clock.now());
        assert_eq!(run.section_phase(clock.now()), Phase::OnTarget);
    }
}
