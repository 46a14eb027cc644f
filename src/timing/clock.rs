//! Where "now" comes from: the [`Clock`] trait, the real monotonic clock the
//! program uses, and a [`FakeClock`] that tests move by hand.
//!
//! The engine itself never reads a clock; every state change takes an
//! explicit `now`. The app calls [`Clock::now`] once per event and passes the
//! value down, so a test can script time exactly to the nanosecond.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A monotonic source of time, measured from an arbitrary origin.
///
/// Returning a [`Duration`] rather than an [`Instant`] keeps the engine free
/// of wall-clock types, so a fake can produce any value it likes.
pub trait Clock {
    /// Time since this clock's origin. Never goes backwards.
    fn now(&self) -> Duration;
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> Duration {
        (**self).now()
    }
}

/// The real clock: time since the clock was created, from [`Instant`].
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    origin: Instant,
}

impl MonotonicClock {
    /// A clock whose origin is the moment of this call.
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for MonotonicClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for MonotonicClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that only moves when told to.
///
/// Clones share the same time, so a test can hand one clone to the code under
/// test and advance another. Nanoseconds live in an atomic so the clock is
/// `Send + Sync` and can cross into UI or audio threads in tests. Time
/// saturates at `u64::MAX` nanoseconds (about 584 years) instead of wrapping.
#[derive(Debug, Clone, Default)]
pub struct FakeClock {
    nanos: Arc<AtomicU64>,
}

impl FakeClock {
    /// A clock reading zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves time forward by `by`, for this clock and every clone of it.
    pub fn advance(&self, by: Duration) {
        let by = saturating_nanos(by);
        // The closure never returns `None`, so `fetch_update` cannot fail;
        // its `Result` only reports the previous value, which we don't need.
        let _ = self
            .nanos
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                Some(n.saturating_add(by))
            });
    }

    /// Sets the time to `to`. Tests may move it backwards; the engine
    /// tolerates that by saturating, but a real clock never does it.
    pub fn set(&self, to: Duration) {
        self.nanos.store(saturating_nanos(to), Ordering::SeqCst);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::SeqCst))
    }
}

fn saturating_nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_clock_starts_at_zero_and_moves_only_when_told() {
        let clock = FakeClock::new();
        assert_eq!(clock.now(), Duration::ZERO);
        assert_eq!(clock.now(), Duration::ZERO);
        clock.advance(Duration::from_millis(1500));
        assert_eq!(clock.now(), Duration::from_millis(1500));
        clock.advance(Duration::from_nanos(1));
        assert_eq!(clock.now(), Duration::from_nanos(1_500_000_001));
    }

    #[test]
    fn fake_clock_set_jumps_to_an_exact_time() {
        let clock = FakeClock::new();
        clock.advance(Duration::from_secs(10));
        clock.set(Duration::from_secs(3));
        assert_eq!(clock.now(), Duration::from_secs(3));
    }

    #[test]
    fn fake_clock_clones_share_the_same_time() {
        let clock = FakeClock::new();
        let handed_out = clock.clone();
        clock.advance(Duration::from_secs(7));
        assert_eq!(handed_out.now(), Duration::from_secs(7));
        handed_out.set(Duration::from_secs(2));
        assert_eq!(clock.now(), Duration::from_secs(2));
    }

    #[test]
    fn fake_clock_saturates_instead_of_wrapping() {
        let clock = FakeClock::new();
        clock.set(Duration::MAX);
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.now(), Duration::from_nanos(u64::MAX));
    }

    #[test]
    fn fake_clock_is_send_and_sync_and_usable_through_a_reference() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<FakeClock>();

        fn read(clock: impl Clock) -> Duration {
            clock.now()
        }
        let clock = FakeClock::new();
        clock.advance(Duration::from_secs(4));
        assert_eq!(read(&clock), Duration::from_secs(4));
        let dynamic: &dyn Clock = &clock;
        assert_eq!(dynamic.now(), Duration::from_secs(4));
    }

    #[test]
    fn monotonic_clock_never_goes_backwards() {
        let clock = MonotonicClock::new();
        let first = clock.now();
        let second = clock.now();
        assert!(second >= first);
    }
}
