//! The timing engine: budgets, timed segments, runs of segments, pace and the
//! [`Clock`] they are measured with. One idea carries it: a run is a sequence
//! of timed segments — a drill answer is one segment (or its STAR parts), a
//! presentation is its sections.
//!
//! Pure code: no terminal, audio or file I/O, and no clock reads inside the
//! state machines. Every state change and query takes an explicit `now`
//! (a [`Duration`] from [`Clock::now`]), so the app reads the clock once per
//! event and tests script time to the nanosecond with [`FakeClock`].
//!
//! - `clock`: [`Clock`], [`MonotonicClock`], [`FakeClock`].
//! - `budget`: [`Budget`] (min / target / max) and [`Phase`].
//! - `segment`: [`Segment`], one timed answer or section.
//! - `run`: [`Run`], a sequence of sections with pace and warnings.
//! - `pace`: [`Pace`], ahead of or behind plan.

mod budget;
mod clock;
mod pace;
mod run;
mod segment;

pub use budget::{Budget, BudgetError, Phase};
pub use clock::{Clock, FakeClock, MonotonicClock};
pub use pace::Pace;
pub use run::{DEFAULT_WARN, Run, RunConfig, RunError, RunEvent, RunSection, RunState, Visit};
pub use segment::{Outcome, Segment, SegmentEvent, SegmentState};
