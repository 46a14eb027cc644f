//! Time budgets (min / target / max) and the [`Phase`] an elapsed time falls
//! in: too short, on target, wrap up, over.
//!
//! Everything here is a pure function of an elapsed [`Duration`]; the state
//! machines in `segment` and `run` supply the elapsed time.

use std::fmt;
use std::time::Duration;

use crate::duration::fmt_compact;

/// How long an answer or section should take.
///
/// Invariant, checked by [`Budget::new`]: `min <= target <= max` and
/// `target > 0`. A zero target would make [`Budget::scaled_to`] divide by
/// zero and leaves no room for any phase but "over".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Budget {
    min: Option<Duration>,
    target: Duration,
    max: Duration,
}

/// Why a [`Budget`] was refused. Its message is the one statement of the
/// ordering rule, as banks, plans and flags show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// The target is zero.
    #[error("target is zero")]
    ZeroTarget,
    /// `min` is longer than `target`.
    #[error("min ({}) is longer than target ({})", fmt_compact(*.min), fmt_compact(*.target))]
    MinAboveTarget {
        /// The refused minimum.
        min: Duration,
        /// The target it exceeds.
        target: Duration,
    },
    /// `target` is longer than `max`.
    #[error("target ({}) is longer than max ({})", fmt_compact(*.target), fmt_compact(*.max))]
    TargetAboveMax {
        /// The refused target.
        target: Duration,
        /// The maximum it exceeds.
        max: Duration,
    },
}

impl BudgetError {
    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::ZeroTarget => "give the ideal answer length, such as `target: 90s`",
            _ => "durations must satisfy min ≤ target ≤ max",
        }
    }
}

impl Budget {
    /// A budget, if `min <= target <= max` and `target` is not zero.
    pub fn new(
        min: Option<Duration>,
        target: Duration,
        max: Duration,
    ) -> Result<Self, BudgetError> {
        if target.is_zero() {
            return Err(BudgetError::ZeroTarget);
        }
        if let Some(min) = min.filter(|&min| min > target) {
            return Err(BudgetError::MinAboveTarget { min, target });
        }
        if target > max {
            return Err(BudgetError::TargetAboveMax { target, max });
        }
        Ok(Self { min, target, max })
    }

    /// The sum of several budgets, e.g. a whole talk from its sections; `None`
    /// if there are none.
    ///
    /// A section without a minimum counts as a minimum of zero; the sum has
    /// a minimum only if at least one part has one. Sums saturate, which keeps
    /// `min <= target <= max`.
    pub fn sum<'a>(budgets: impl IntoIterator<Item = &'a Budget>) -> Option<Self> {
        budgets.into_iter().copied().reduce(|t, b| Self {
            min: match (t.min, b.min) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or_default().saturating_add(b.unwrap_or_default())),
            },
            target: t.target.saturating_add(b.target),
            max: t.max.saturating_add(b.max),
        })
    }

    /// The same budget stretched or shrunk to a new target, with `min` and
    /// `max` keeping their proportion to it (the `--target` override).
    ///
    /// Scaled values are rounded down to the nanosecond, which keeps
    /// `min <= target <= max` exact. Fails only for a zero target.
    pub fn scaled_to(&self, target: Duration) -> Result<Self, BudgetError> {
        if target.is_zero() {
            return Err(BudgetError::ZeroTarget);
        }
        let scale = |d: Duration| scale_duration(d, target, self.target);
        Self::new(self.min.map(scale), target, scale(self.max))
    }

    /// The shortest acceptable length, if there is one.
    pub fn min(&self) -> Option<Duration> {
        self.min
    }

    /// The length to aim for.
    pub fn target(&self) -> Duration {
        self.target
    }

    /// The length at which the answer is over time.
    pub fn max(&self) -> Duration {
        self.max
    }

    /// When wrap-up begins for a warning window `warn`: `target - warn`, but
    /// never before `min` (you cannot be asked to wrap up while still too
    /// short) and never before zero.
    pub fn wrap_up_at(&self, warn: Duration) -> Duration {
        self.target
            .saturating_sub(warn)
            .max(self.min.unwrap_or_default())
    }

    /// Which phase `elapsed` falls in. Each phase is a half-open interval, so
    /// the phase changes exactly at its boundary:
    ///
    /// - [`Phase::TooShort`]: `[0, min)`; never if there is no minimum.
    /// - [`Phase::OnTarget`]: `[min, target - warn)`.
    /// - [`Phase::WrapUp`]: `[target - warn, max)`, i.e. from the warning
    ///   point through the target until the hard maximum.
    /// - [`Phase::Over`]: `[max, ∞)`.
    ///
    /// When `target - warn` falls before `min`, "too short" wins until `min`
    /// and the answer goes straight to wrap-up, so phases only ever move
    /// forward as time passes.
    pub fn phase(&self, elapsed: Duration, warn: Duration) -> Phase {
        if elapsed >= self.max {
            Phase::Over
        } else if self.min.is_some_and(|min| elapsed < min) {
            Phase::TooShort
        } else if elapsed >= self.target.saturating_sub(warn) {
            Phase::WrapUp
        } else {
            Phase::OnTarget
        }
    }

    /// Time left until the target, zero once it is reached.
    pub fn remaining(&self, elapsed: Duration) -> Duration {
        self.target.saturating_sub(elapsed)
    }

    /// How far past the target `elapsed` is, zero while not past it.
    pub fn over_target_by(&self, elapsed: Duration) -> Duration {
        elapsed.saturating_sub(self.target)
    }

    /// How far past the maximum `elapsed` is, zero while not past it.
    pub fn over_max_by(&self, elapsed: Duration) -> Duration {
        elapsed.saturating_sub(self.max)
    }
}

/// Where an elapsed time stands against a [`Budget`]; see [`Budget::phase`]
/// for the exact boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    /// Shorter than the minimum: keep going.
    TooShort,
    /// Between the minimum and the wrap-up point.
    OnTarget,
    /// Inside the warning window before the target, or past the target but
    /// not yet at the maximum: finish your point.
    WrapUp,
    /// At or past the maximum.
    Over,
}

impl Phase {
    /// A short lowercase label for the screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::TooShort => "too short",
            Self::OnTarget => "on target",
            Self::WrapUp => "wrap up",
            Self::Over => "over time",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// `d * new / old`, rounded down, in `u128` nanoseconds; saturates rather
/// than overflowing. `old` must not be zero (callers hold a valid budget).
fn scale_duration(d: Duration, new: Duration, old: Duration) -> Duration {
    let old = old.as_nanos();
    if old == 0 {
        return d;
    }
    let scaled = d
        .as_nanos()
        .checked_mul(new.as_nanos())
        .map_or(u128::MAX, |product| product / old);
    duration_from_nanos(scaled)
}

fn duration_from_nanos(nanos: u128) -> Duration {
    const PER_SEC: u128 = 1_000_000_000;
    match u64::try_from(nanos / PER_SEC) {
        // The remainder is below one billion, so it always fits in a u32.
        Ok(secs) => Duration::new(secs, u32::try_from(nanos % PER_SEC).unwrap_or(0)),
        Err(_) => Duration::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: Duration = Duration::from_nanos(1);

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn budget(min: Option<u64>, target: u64, max: u64) -> Budget {
        Budget::new(min.map(secs), secs(target), secs(max)).expect("valid test budget")
    }

    #[test]
    fn new_accepts_ordered_budgets_including_equal_bounds() {
        assert!(Budget::new(Some(secs(30)), secs(60), secs(90)).is_ok());
        assert!(Budget::new(Some(secs(60)), secs(60), secs(60)).is_ok());
        assert!(Budget::new(None, secs(60), secs(60)).is_ok());
    }

    #[test]
    fn new_refuses_out_of_order_or_zero_budgets() {
        let cases = [
            (
                Some(secs(61)),
                secs(60),
                secs(90),
                BudgetError::MinAboveTarget {
                    min: secs(61),
                    target: secs(60),
                },
            ),
            (
                None,
                secs(60),
                secs(60) - NS,
                BudgetError::TargetAboveMax {
                    target: secs(60),
                    max: secs(60) - NS,
                },
            ),
            (None, Duration::ZERO, secs(10), BudgetError::ZeroTarget),
        ];
        for (min, target, max, expected) in cases {
            assert_eq!(Budget::new(min, target, max), Err(expected));
        }
    }

    #[test]
    fn budget_errors_say_which_bound_is_wrong() {
        let err = Budget::new(Some(secs(90)), secs(60), secs(120)).unwrap_err();
        assert_eq!(err.to_string(), "min (1m30s) is longer than target (1m)");
        let err = Budget::new(None, secs(60), secs(30)).unwrap_err();
        assert_eq!(err.to_string(), "target (1m) is longer than max (30s)");
    }

    #[test]
    fn phase_changes_exactly_at_min_wrap_up_point_and_max() {
        // min 30 s, target 60 s, max 90 s, warn 15 s: wrap-up from 45 s.
        let b = budget(Some(30), 60, 90);
        let warn = secs(15);
        let cases = [
            (Duration::ZERO, Phase::TooShort),
            (secs(30) - NS, Phase::TooShort),
            (secs(30), Phase::OnTarget),
            (secs(45) - NS, Phase::OnTarget),
            (secs(45), Phase::WrapUp),
            (secs(60), Phase::WrapUp),
            (secs(90) - NS, Phase::WrapUp),
            (secs(90), Phase::Over),
            (secs(3600), Phase::Over),
        ];
        for (elapsed, expected) in cases {
            assert_eq!(b.phase(elapsed, warn), expected, "at {elapsed:?}");
        }
    }

    #[test]
    fn without_a_minimum_an_answer_is_never_too_short() {
        let b = budget(None, 60, 90);
        assert_eq!(b.phase(Duration::ZERO, secs(15)), Phase::OnTarget);
        assert_eq!(b.phase(secs(45) - NS, secs(15)), Phase::OnTarget);
        assert_eq!(b.phase(secs(45), secs(15)), Phase::WrapUp);
    }

    #[test]
    fn too_short_wins_over_wrap_up_until_the_minimum() {
        // The warning point (45 s) falls before the minimum (50 s).
        let b = budget(Some(50), 60, 90);
        let warn = secs(15);
        assert_eq!(b.phase(secs(47), warn), Phase::TooShort);
        assert_eq!(b.phase(secs(50) - NS, warn), Phase::TooShort);
        assert_eq!(b.phase(secs(50), warn), Phase::WrapUp);
        assert_eq!(b.wrap_up_at(warn), secs(50));
    }

    #[test]
    fn a_warning_window_longer_than_the_target_means_wrap_up_from_the_start() {
        let b = budget(None, 10, 20);
        assert_eq!(b.phase(Duration::ZERO, secs(15)), Phase::WrapUp);
        assert_eq!(b.wrap_up_at(secs(15)), Duration::ZERO);
    }

    #[test]
    fn zero_warning_window_wraps_up_exactly_at_the_target() {
        let b = budget(None, 60, 90);
        assert_eq!(b.phase(secs(60) - NS, Duration::ZERO), Phase::OnTarget);
        assert_eq!(b.phase(secs(60), Duration::ZERO), Phase::WrapUp);
    }

    #[test]
    fn remaining_and_overrun_helpers_saturate_at_zero() {
        let b = budget(None, 60, 90);
        let cases = [
            // elapsed, remaining, over target, over max
            (secs(20), secs(40), secs(0), secs(0)),
            (secs(60), secs(0), secs(0), secs(0)),
            (secs(72), secs(0), secs(12), secs(0)),
            (secs(95), secs(0), secs(35), secs(5)),
        ];
        for (elapsed, remaining, over_target, over_max) in cases {
            assert_eq!(b.remaining(elapsed), remaining, "at {elapsed:?}");
            assert_eq!(b.over_target_by(elapsed), over_target, "at {elapsed:?}");
            assert_eq!(b.over_max_by(elapsed), over_max, "at {elapsed:?}");
        }
    }

    #[test]
    fn scaled_to_keeps_min_and_max_in_proportion_to_the_target() {
        let b = budget(Some(60), 90, 120);
        assert_eq!(b.scaled_to(secs(180)), Ok(budget(Some(120), 180, 240)));
        assert_eq!(b.scaled_to(secs(45)), Ok(budget(Some(30), 45, 60)));
        let no_min = budget(None, 60, 90);
        assert_eq!(no_min.scaled_to(secs(40)), Ok(budget(None, 40, 60)));
    }

    #[test]
    fn scaled_to_rounds_down_and_keeps_bounds_ordered() {
        // 10/30/50 scaled to 10 s: exact thirds are 3.333… and 16.666… s.
        let b = budget(Some(10), 30, 50);
        let scaled = b.scaled_to(secs(10)).expect("non-zero target");
        assert_eq!(scaled.min(), Some(Duration::from_nanos(3_333_333_333)));
        assert_eq!(scaled.target(), secs(10));
        assert_eq!(scaled.max(), Duration::from_nanos(16_666_666_666));
    }

    #[test]
    fn scaled_to_refuses_a_zero_target() {
        let b = budget(None, 60, 90);
        assert_eq!(b.scaled_to(Duration::ZERO), Err(BudgetError::ZeroTarget));
    }

    #[test]
    fn scaled_to_saturates_instead_of_overflowing() {
        let b = Budget::new(None, NS, Duration::MAX).expect("valid");
        let scaled = b.scaled_to(secs(2)).expect("non-zero target");
        assert_eq!(scaled.max(), Duration::MAX);
    }

    #[test]
    fn sum_adds_bounds_and_treats_a_missing_minimum_as_zero() {
        let parts = [budget(Some(30), 60, 90), budget(None, 120, 150)];
        assert_eq!(Budget::sum(&parts), Some(budget(Some(30), 180, 240)));
        let no_mins = [budget(None, 60, 90), budget(None, 60, 60)];
        assert_eq!(Budget::sum(&no_mins), Some(budget(None, 120, 150)));
        assert_eq!(Budget::sum(&[]), None);
    }

    #[test]
    fn phases_order_from_too_short_to_over() {
        assert!(Phase::TooShort < Phase::OnTarget);
        assert!(Phase::OnTarget < Phase::WrapUp);
        assert!(Phase::WrapUp < Phase::Over);
        assert_eq!(Phase::WrapUp.to_string(), "wrap up");
    }
}
