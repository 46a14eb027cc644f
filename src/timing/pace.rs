//! Ahead of or behind plan: the [`Pace`] a run reports, and how it reads.

use std::fmt;
use std::time::Duration;

use crate::duration::{fmt_mss, fmt_signed};

/// How actual time compares with the plan at this point of a run.
///
/// See [`Run::pace`](super::Run::pace) for what "the plan at this point" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pace {
    /// Less time used than planned by this point.
    Ahead(Duration),
    /// Exactly on plan, to the nanosecond.
    OnPlan,
    /// More time used than planned by this point.
    Behind(Duration),
}

impl Pace {
    /// Compares the time `planned` by this point with the time `actual`ly
    /// used.
    pub fn from_plan(planned: Duration, actual: Duration) -> Self {
        match planned.cmp(&actual) {
            std::cmp::Ordering::Greater => Self::Ahead(planned.saturating_sub(actual)),
            std::cmp::Ordering::Equal => Self::OnPlan,
            std::cmp::Ordering::Less => Self::Behind(actual.saturating_sub(planned)),
        }
    }

    /// How far from plan, in either direction.
    pub fn magnitude(self) -> Duration {
        match self {
            Self::Ahead(d) | Self::Behind(d) => d,
            Self::OnPlan => Duration::ZERO,
        }
    }

    /// Whether more time has been used than planned.
    pub fn is_behind(self) -> bool {
        matches!(self, Self::Behind(_))
    }

    /// Words for the screen: `ahead 0:20`, `behind 1:05`, `on plan`.
    /// Less than a second either way reads as on plan.
    pub fn describe(self) -> String {
        match self {
            Self::Ahead(d) if d.as_secs() > 0 => format!("ahead {}", fmt_mss(d)),
            Self::Behind(d) if d.as_secs() > 0 => format!("behind {}", fmt_mss(d)),
            _ => "on plan".to_owned(),
        }
    }
}

/// `+0:20` when ahead, `-0:20` when behind, `+0:00` on plan.
impl fmt::Display for Pace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fmt_signed(self.magnitude(), self.is_behind()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn from_plan_is_ahead_when_less_time_was_used() {
        let cases = [
            (secs(70), secs(50), Pace::Ahead(secs(20))),
            (secs(70), secs(70), Pace::OnPlan),
            (secs(70), secs(85), Pace::Behind(secs(15))),
        ];
        for (planned, actual, expected) in cases {
            assert_eq!(Pace::from_plan(planned, actual), expected);
        }
    }

    #[test]
    fn pace_reads_as_signed_time_and_as_words() {
        let cases = [
            (Pace::Ahead(secs(20)), "+0:20", "ahead 0:20"),
            (Pace::Behind(secs(65)), "-1:05", "behind 1:05"),
            (Pace::OnPlan, "+0:00", "on plan"),
            (Pace::Behind(Duration::from_millis(300)), "+0:00", "on plan"),
        ];
        for (pace, signed, words) in cases {
            assert_eq!(pace.to_string(), signed, "{pace:?}");
            assert_eq!(pace.describe(), words, "{pace:?}");
        }
    }
}
