//! One timed segment — a drill answer, or one section of a run — as a state
//! machine: not started, running, paused, finished (done, skipped or hard
//! stopped).
//!
//! Every method takes the current time as an explicit `now` (from
//! [`Clock::now`](super::Clock::now)), so the segment never reads a clock and
//! tests can put each call at an exact nanosecond. Elapsed time is banked
//! per running stretch; paused time is banked separately and never counts
//! as elapsed.
//!
//! Calls that make no sense in the current state (pausing before the start,
//! finishing twice) are ignored and return `false`, so a stray key press can
//! never corrupt the timing or panic.

use std::time::Duration;

use super::budget::{Budget, Phase};

/// Where a segment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentState {
    /// Created, clock not yet running.
    NotStarted,
    /// Elapsed time is accruing.
    Running,
    /// Paused time is accruing; elapsed time is frozen.
    Paused,
    /// Over; elapsed and paused time are frozen.
    Finished(Outcome),
}

/// How a segment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Finished normally (or left by moving to another section of a run).
    Done,
    /// Skipped by the user; the time already spent is kept.
    Skipped,
    /// Cut off by the hard stop when elapsed reached the maximum.
    HardStopped,
}

/// Something that happened since the last [`Segment::tick`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentEvent {
    /// The phase changed, e.g. to [`Phase::WrapUp`] (ring the bell once).
    /// If several boundaries passed between two ticks, only the phase now
    /// current is reported: a stale "wrap up" is noise once time is over.
    PhaseChanged {
        /// The phase at the previous report.
        from: Phase,
        /// The phase now.
        to: Phase,
    },
    /// The hard stop ended the segment at exactly its maximum.
    HardStopped,
}

/// A single timed segment against a [`Budget`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    budget: Budget,
    warn: Duration,
    hard_stop: bool,
    state: SegmentState,
    /// Elapsed time banked from running stretches that have ended.
    accrued: Duration,
    /// Paused time banked from pauses that have ended.
    paused_accrued: Duration,
    /// When the current running or paused stretch began; meaningless in
    /// other states.
    since: Duration,
    /// The phase last reported by `tick`, so each change is reported once.
    reported_phase: Phase,
    hard_stop_reported: bool,
}

impl Segment {
    /// A segment not yet started. `warn` is the wrap-up window before the
    /// target (see [`Budget::phase`]); the app default is
    /// [`DEFAULT_WARN`](super::DEFAULT_WARN).
    pub fn new(budget: Budget, warn: Duration) -> Self {
        Self {
            budget,
            warn,
            hard_stop: false,
            state: SegmentState::NotStarted,
            accrued: Duration::ZERO,
            paused_accrued: Duration::ZERO,
            since: Duration::ZERO,
            reported_phase: budget.phase(Duration::ZERO, warn),
            hard_stop_reported: false,
        }
    }

    /// With `hard_stop`, elapsed time never exceeds the budget's maximum and
    /// the segment finishes as [`Outcome::HardStopped`] the moment it gets
    /// there. The stop is applied lazily, by the next call that takes `now`
    /// (`tick`, `pause`, `finish`, …), but always dated exactly at the
    /// maximum, so a late tick changes nothing.
    pub fn with_hard_stop(mut self, hard_stop: bool) -> Self {
        self.hard_stop = hard_stop;
        self
    }

    /// The budget this segment is timed against.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// The wrap-up window before the target.
    pub fn warn(&self) -> Duration {
        self.warn
    }

    /// Whether the hard stop is on.
    pub fn hard_stop(&self) -> bool {
        self.hard_stop
    }

    /// The current state. A hard stop that is due but not yet applied by a
    /// `&mut` call still shows as running; [`Segment::elapsed`] is already
    /// clamped, and the next `tick` finishes it.
    pub fn state(&self) -> SegmentState {
        self.state
    }

    /// How it ended, once finished.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.state {
            SegmentState::Finished(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// Whether the segment is paused.
    pub fn is_paused(&self) -> bool {
        self.state == SegmentState::Paused
    }

    /// Whether elapsed time is accruing.
    pub fn is_running(&self) -> bool {
        self.state == SegmentState::Running
    }

    /// Whether the segment has finished, however it ended.
    pub fn is_finished(&self) -> bool {
        matches!(self.state, SegmentState::Finished(_))
    }

    /// Starts the clock. Only from [`SegmentState::NotStarted`].
    pub fn start(&mut self, now: Duration) -> bool {
        self.state == SegmentState::NotStarted && self.begin(SegmentState::Running, now)
    }

    /// Pauses a running segment.
    pub fn pause(&mut self, now: Duration) -> bool {
        self.settle(now);
        self.state == SegmentState::Running && self.begin(SegmentState::Paused, now)
    }

    /// Resumes a paused segment.
    pub fn resume(&mut self, now: Duration) -> bool {
        self.state == SegmentState::Paused && self.begin(SegmentState::Running, now)
    }

    /// Pauses if running, resumes if paused (one key for both).
    pub fn toggle_pause(&mut self, now: Duration) -> bool {
        match self.state {
            SegmentState::Paused => self.resume(now),
            _ => self.pause(now),
        }
    }

    /// Throws away elapsed and paused time and starts again from zero, from
    /// any state. One-shot events (wrap-up, hard stop) can fire again.
    pub fn restart(&mut self, now: Duration) -> bool {
        *self = Self::new(self.budget, self.warn).with_hard_stop(self.hard_stop);
        self.start(now)
    }

    /// Ends a running or paused segment as [`Outcome::Done`]. Returns `false`
    /// if it had already ended, including by a hard stop that was due.
    pub fn finish(&mut self, now: Duration) -> bool {
        self.end(now, Outcome::Done, false)
    }

    /// Ends the segment as [`Outcome::Skipped`], keeping the time spent.
    /// Allowed before the start too (skipping a question unanswered).
    pub fn skip(&mut self, now: Duration) -> bool {
        self.end(now, Outcome::Skipped, true)
    }

    /// Takes a finished segment back to running, keeping its elapsed and
    /// paused time: a run's `previous` returning to an earlier section.
    pub(crate) fn reopen(&mut self, now: Duration) -> bool {
        self.is_finished() && self.begin(SegmentState::Running, now)
    }

    /// Time spent running. Paused time never counts; with the hard stop on
    /// it never exceeds the maximum.
    pub fn elapsed(&self, now: Duration) -> Duration {
        let raw = self.raw_elapsed(now);
        if self.hard_stop {
            raw.min(self.budget.max())
        } else {
            raw
        }
    }

    /// Time spent paused, including a pause in progress.
    pub fn paused_total(&self, now: Duration) -> Duration {
        match self.state {
            SegmentState::Paused => self
                .paused_accrued
                .saturating_add(now.saturating_sub(self.since)),
            _ => self.paused_accrued,
        }
    }

    /// The phase of the elapsed time; see [`Budget::phase`].
    pub fn phase(&self, now: Duration) -> Phase {
        self.budget.phase(self.elapsed(now), self.warn)
    }

    /// Time left until the target, zero once reached.
    pub fn remaining(&self, now: Duration) -> Duration {
        self.budget.remaining(self.elapsed(now))
    }

    /// How far past the target, zero while not past it.
    pub fn over_target_by(&self, now: Duration) -> Duration {
        self.budget.over_target_by(self.elapsed(now))
    }

    /// How far past the maximum, zero while not past it.
    pub fn over_max_by(&self, now: Duration) -> Duration {
        self.budget.over_max_by(self.elapsed(now))
    }

    /// Applies a due hard stop and reports what changed since the last
    /// tick: each phase change once, and the hard stop once. Call it every
    /// frame; it returns nothing before the start or after a normal finish.
    pub fn tick(&mut self, now: Duration) -> Vec<SegmentEvent> {
        let mut events = Vec::new();
        self.settle(now);
        let hard_stop_pending =
            self.state == SegmentState::Finished(Outcome::HardStopped) && !self.hard_stop_reported;
        let live = matches!(self.state, SegmentState::Running | SegmentState::Paused);
        if !live && !hard_stop_pending {
            return events;
        }
        let phase = self.phase(now);
        if phase != self.reported_phase {
            events.push(SegmentEvent::PhaseChanged {
                from: self.reported_phase,
                to: phase,
            });
            self.reported_phase = phase;
        }
        if hard_stop_pending {
            self.hard_stop_reported = true;
            events.push(SegmentEvent::HardStopped);
        }
        events
    }

    fn raw_elapsed(&self, now: Duration) -> Duration {
        match self.state {
            SegmentState::Running => self.accrued.saturating_add(now.saturating_sub(self.since)),
            _ => self.accrued,
        }
    }

    /// Finishes the segment as hard-stopped if elapsed has reached the
    /// maximum. The stop is dated at the maximum, not at `now`.
    fn settle(&mut self, now: Duration) {
        if self.hard_stop
            && self.state == SegmentState::Running
            && self.raw_elapsed(now) >= self.budget.max()
        {
            self.accrued = self.budget.max();
            self.state = SegmentState::Finished(Outcome::HardStopped);
        }
    }

    /// Banks the stretch that ends at `now` and begins a running or paused
    /// one in `state`.
    fn begin(&mut self, state: SegmentState, now: Duration) -> bool {
        self.close_stretch(now);
        self.state = state;
        self.since = now;
        true
    }

    /// Banks the running or paused stretch that ends at `now`.
    fn close_stretch(&mut self, now: Duration) {
        let stretch = now.saturating_sub(self.since);
        match self.state {
            SegmentState::Running => self.accrued = self.accrued.saturating_add(stretch),
            SegmentState::Paused => {
                self.paused_accrued = self.paused_accrued.saturating_add(stretch);
            }
            SegmentState::NotStarted | SegmentState::Finished(_) => {}
        }
    }

    fn end(&mut self, now: Duration, outcome: Outcome, allow_unstarted: bool) -> bool {
        self.settle(now);
        let may_end = match self.state {
            SegmentState::Running | SegmentState::Paused => true,
            SegmentState::NotStarted => allow_unstarted,
            SegmentState::Finished(_) => false,
        };
        if !may_end {
            return false;
        }
        self.close_stretch(now);
        self.state = SegmentState::Finished(outcome);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::clock::{Clock, FakeClock};

    const NS: Duration = Duration::from_nanos(1);
    const WARN: Duration = Duration::from_secs(15);

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    /// min 30 s, target 60 s, max 90 s; wrap-up from 45 s.
    fn budget() -> Budget {
        Budget::new(Some(secs(30)), secs(60), secs(90)).expect("valid test budget")
    }

    fn started(clock: &FakeClock) -> Segment {
        let mut s = Segment::new(budget(), WARN);
        assert!(s.start(clock.now()));
        s
    }

    #[test]
    fn elapsed_is_zero_until_started() {
        let clock = FakeClock::new();
        let s = Segment::new(budget(), WARN);
        clock.advance(secs(10));
        assert_eq!(s.state(), SegmentState::NotStarted);
        assert_eq!(s.elapsed(clock.now()), Duration::ZERO);
    }

    #[test]
    fn elapsed_counts_from_the_start_instant() {
        let clock = FakeClock::new();
        clock.set(secs(100));
        let s = started(&clock);
        clock.advance(Duration::from_millis(12_345));
        assert_eq!(s.elapsed(clock.now()), Duration::from_millis(12_345));
    }

    #[test]
    fn paused_time_is_excluded_from_elapsed_and_counted_in_paused_total() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(10));
        assert!(s.pause(clock.now()));
        assert!(s.is_paused());
        clock.advance(secs(7));
        assert_eq!(s.elapsed(clock.now()), secs(10));
        assert_eq!(s.paused_total(clock.now()), secs(7));
        assert!(s.resume(clock.now()));
        clock.advance(secs(5));
        assert!(s.pause(clock.now()));
        clock.advance(secs(3));
        assert!(s.resume(clock.now()));
        clock.advance(secs(1));
        assert_eq!(s.elapsed(clock.now()), secs(16));
        assert_eq!(s.paused_total(clock.now()), secs(10));
    }

    #[test]
    fn toggle_pause_alternates_between_paused_and_running() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(4));
        assert!(s.toggle_pause(clock.now()));
        assert_eq!(s.state(), SegmentState::Paused);
        clock.advance(secs(6));
        assert!(s.toggle_pause(clock.now()));
        assert_eq!(s.state(), SegmentState::Running);
        clock.advance(secs(2));
        assert_eq!(s.elapsed(clock.now()), secs(6));
        assert_eq!(s.paused_total(clock.now()), secs(6));
    }

    #[test]
    fn calls_that_do_not_fit_the_state_are_ignored() {
        let clock = FakeClock::new();
        let mut s = Segment::new(budget(), WARN);
        assert!(!s.pause(clock.now()));
        assert!(!s.resume(clock.now()));
        assert!(!s.toggle_pause(clock.now()));
        assert!(!s.finish(clock.now()));
        assert_eq!(s.state(), SegmentState::NotStarted);
        assert!(s.start(clock.now()));
        assert!(!s.start(clock.now()));
        assert!(!s.resume(clock.now()));
        clock.advance(secs(5));
        assert!(s.finish(clock.now()));
        clock.advance(secs(5));
        assert!(!s.finish(clock.now()));
        assert!(!s.skip(clock.now()));
        assert!(!s.pause(clock.now()));
        assert_eq!(s.outcome(), Some(Outcome::Done));
        assert_eq!(s.elapsed(clock.now()), secs(5));
    }

    #[test]
    fn finishing_while_paused_ends_the_pause_too() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(20));
        s.pause(clock.now());
        clock.advance(secs(4));
        assert!(s.finish(clock.now()));
        clock.advance(secs(100));
        assert_eq!(s.elapsed(clock.now()), secs(20));
        assert_eq!(s.paused_total(clock.now()), secs(4));
        assert!(s.is_finished());
    }

    #[test]
    fn skip_keeps_the_time_already_spent() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(12));
        assert!(s.skip(clock.now()));
        clock.advance(secs(30));
        assert_eq!(s.outcome(), Some(Outcome::Skipped));
        assert_eq!(s.elapsed(clock.now()), secs(12));
    }

    #[test]
    fn skip_before_the_start_records_zero_time() {
        let clock = FakeClock::new();
        let mut s = Segment::new(budget(), WARN);
        clock.advance(secs(3));
        assert!(s.skip(clock.now()));
        assert_eq!(s.outcome(), Some(Outcome::Skipped));
        assert_eq!(s.elapsed(clock.now()), Duration::ZERO);
    }

    #[test]
    fn restart_zeroes_elapsed_and_paused_time() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(20));
        s.pause(clock.now());
        clock.advance(secs(5));
        assert!(s.restart(clock.now()));
        assert_eq!(s.state(), SegmentState::Running);
        assert_eq!(s.elapsed(clock.now()), Duration::ZERO);
        assert_eq!(s.paused_total(clock.now()), Duration::ZERO);
        clock.advance(secs(3));
        assert_eq!(s.elapsed(clock.now()), secs(3));
    }

    #[test]
    fn restart_after_finishing_runs_again() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(20));
        s.finish(clock.now());
        assert!(s.restart(clock.now()));
        clock.advance(secs(2));
        assert_eq!(s.state(), SegmentState::Running);
        assert_eq!(s.elapsed(clock.now()), secs(2));
    }

    #[test]
    fn phase_changes_exactly_at_each_boundary_while_running() {
        let clock = FakeClock::new();
        clock.set(secs(1000));
        let s = started(&clock);
        let cases = [
            (secs(30) - NS, Phase::TooShort),
            (secs(30), Phase::OnTarget),
            (secs(45) - NS, Phase::OnTarget),
            (secs(45), Phase::WrapUp),
            (secs(90) - NS, Phase::WrapUp),
            (secs(90), Phase::Over),
        ];
        for (elapsed, expected) in cases {
            clock.set(secs(1000) + elapsed);
            assert_eq!(s.phase(clock.now()), expected, "at {elapsed:?}");
        }
    }

    #[test]
    fn paused_time_does_not_move_the_phase() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(29));
        s.pause(clock.now());
        clock.advance(secs(600));
        assert_eq!(s.phase(clock.now()), Phase::TooShort);
        s.resume(clock.now());
        clock.advance(secs(1));
        assert_eq!(s.phase(clock.now()), Phase::OnTarget);
    }

    #[test]
    fn remaining_and_overruns_follow_elapsed_not_the_wall_clock() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(20));
        s.pause(clock.now());
        clock.advance(secs(50));
        assert_eq!(s.remaining(clock.now()), secs(40));
        s.resume(clock.now());
        clock.advance(secs(75));
        assert_eq!(s.remaining(clock.now()), Duration::ZERO);
        assert_eq!(s.over_target_by(clock.now()), secs(35));
        assert_eq!(s.over_max_by(clock.now()), secs(5));
    }

    #[test]
    fn wrap_up_event_fires_once() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        assert_eq!(s.tick(clock.now()), vec![]);
        clock.set(secs(30));
        assert_eq!(
            s.tick(clock.now()),
            vec![SegmentEvent::PhaseChanged {
                from: Phase::TooShort,
                to: Phase::OnTarget
            }]
        );
        clock.set(secs(45) - NS);
        assert_eq!(s.tick(clock.now()), vec![]);
        clock.set(secs(45));
        assert_eq!(
            s.tick(clock.now()),
            vec![SegmentEvent::PhaseChanged {
                from: Phase::OnTarget,
                to: Phase::WrapUp
            }]
        );
        for t in [45, 50, 60, 89] {
            clock.set(secs(t));
            assert_eq!(s.tick(clock.now()), vec![], "at {t} s");
        }
        // A pause and resume inside wrap-up must not re-announce it.
        s.pause(clock.now());
        assert_eq!(s.tick(clock.now()), vec![]);
        s.resume(clock.now());
        assert_eq!(s.tick(clock.now()), vec![]);
    }

    #[test]
    fn a_late_tick_reports_only_the_phase_now_current() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.set(secs(95));
        assert_eq!(
            s.tick(clock.now()),
            vec![SegmentEvent::PhaseChanged {
                from: Phase::TooShort,
                to: Phase::Over
            }]
        );
    }

    #[test]
    fn restart_lets_the_wrap_up_event_fire_again() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.set(secs(50));
        assert_eq!(s.tick(clock.now()).len(), 1);
        s.restart(clock.now());
        assert_eq!(s.tick(clock.now()), vec![]);
        clock.advance(secs(50));
        assert_eq!(
            s.tick(clock.now()),
            vec![SegmentEvent::PhaseChanged {
                from: Phase::TooShort,
                to: Phase::WrapUp
            }]
        );
    }

    #[test]
    fn no_events_before_start_or_after_a_normal_finish() {
        let clock = FakeClock::new();
        let mut s = Segment::new(budget(), WARN);
        clock.set(secs(50));
        assert_eq!(s.tick(clock.now()), vec![]);
        s.start(clock.now());
        clock.advance(secs(10));
        s.finish(clock.now());
        clock.advance(secs(100));
        assert_eq!(s.tick(clock.now()), vec![]);
    }

    #[test]
    fn hard_stop_clamps_elapsed_and_finishes_exactly_at_max() {
        let clock = FakeClock::new();
        let mut s = Segment::new(budget(), WARN).with_hard_stop(true);
        s.start(clock.now());
        clock.set(secs(90) - NS);
        assert_eq!(
            s.tick(clock.now()),
            vec![SegmentEvent::PhaseChanged {
                from: Phase::TooShort,
                to: Phase::WrapUp
            }]
        );
        assert_eq!(s.state(), SegmentState::Running);
        assert_eq!(s.elapsed(clock.now()), secs(90) - NS);
        clock.set(secs(90));
        assert_eq!(
            s.tick(clock.now()),
            vec![
                SegmentEvent::PhaseChanged {
                    from: Phase::WrapUp,
                    to: Phase::Over
                },
                SegmentEvent::HardStopped
            ]
        );
        assert_eq!(s.outcome(), Some(Outcome::HardStopped));
        clock.advance(secs(30));
        assert_eq!(s.elapsed(clock.now()), secs(90));
        assert_eq!(s.tick(clock.now()), vec![], "hard stop reported once");
    }

    #[test]
    fn hard_stop_is_dated_at_max_even_when_noticed_late() {
        let clock = FakeClock::new();
        let mut s = Segment::new(budget(), WARN).with_hard_stop(true);
        s.start(clock.now());
        clock.set(secs(120));
        // Clamped before any `&mut` call notices the stop.
        assert_eq!(s.elapsed(clock.now()), secs(90));
        assert_eq!(s.over_max_by(clock.now()), Duration::ZERO);
        // Finishing after the stop was due is too late: it was hard-stopped.
        assert!(!s.finish(clock.now()));
        assert_eq!(s.outcome(), Some(Outcome::HardStopped));
        assert_eq!(s.elapsed(clock.now()), secs(90));
        assert_eq!(s.paused_total(clock.now()), Duration::ZERO);
        // The stop applied by `finish` is still reported by the next tick.
        assert_eq!(
            s.tick(clock.now()),
            vec![
                SegmentEvent::PhaseChanged {
                    from: Phase::TooShort,
                    to: Phase::Over
                },
                SegmentEvent::HardStopped
            ]
        );
    }

    #[test]
    fn hard_stop_ignores_paused_time() {
        let clock = FakeClock::new();
        let mut s = Segment::new(budget(), WARN).with_hard_stop(true);
        s.start(clock.now());
        clock.advance(secs(80));
        s.pause(clock.now());
        clock.advance(secs(60));
        assert_eq!(
            s.tick(clock.now()),
            vec![SegmentEvent::PhaseChanged {
                from: Phase::TooShort,
                to: Phase::WrapUp
            }]
        );
        assert!(s.is_paused());
        s.resume(clock.now());
        clock.advance(secs(10) - NS);
        s.tick(clock.now());
        assert!(s.is_running());
        clock.advance(NS);
        s.tick(clock.now());
        assert_eq!(s.outcome(), Some(Outcome::HardStopped));
        assert_eq!(s.paused_total(clock.now()), secs(60));
    }

    #[test]
    fn without_hard_stop_elapsed_runs_past_max() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.set(secs(120));
        s.tick(clock.now());
        assert_eq!(s.state(), SegmentState::Running);
        assert_eq!(s.elapsed(clock.now()), secs(120));
        assert_eq!(s.over_max_by(clock.now()), secs(30));
    }

    #[test]
    fn reopen_continues_from_the_time_already_spent() {
        let clock = FakeClock::new();
        let mut s = started(&clock);
        clock.advance(secs(10));
        s.finish(clock.now());
        clock.advance(secs(100));
        assert!(s.reopen(clock.now()));
        clock.advance(secs(5));
        assert_eq!(s.elapsed(clock.now()), secs(15));
        assert!(!s.reopen(clock.now()), "only a finished segment reopens");
    }

    #[test]
    fn a_clock_that_goes_backwards_cannot_make_time_negative() {
        let clock = FakeClock::new();
        clock.set(secs(10));
        let mut s = started(&clock);
        clock.set(secs(4));
        assert_eq!(s.elapsed(clock.now()), Duration::ZERO);
        assert!(s.pause(clock.now()));
        assert_eq!(s.elapsed(clock.now()), Duration::ZERO);
    }
}
