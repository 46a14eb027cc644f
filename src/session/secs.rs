//! The one serde adapter for lengths of time in `session.yaml`: a number of
//! seconds, finite, at least 0 and at most [`MAX_SECS`]. Anything else fails
//! to deserialize, so the session reads as damaged with the field's path.
//!
//! In memory a length is an `f64` of seconds (the session's own times) or a
//! `Duration` (the audio analysis); both go through here.

use serde::{Deserialize, Deserializer, Serializer};
use std::time::Duration;

/// The longest time a session records in one value: a day.
pub const MAX_SECS: f64 = 86_400.0;

/// A type stored as seconds.
pub trait Seconds: Sized {
    /// The value in seconds, as written.
    fn to_secs(&self) -> f64;
    /// The value of `secs`, already checked by [`check`].
    fn from_checked(secs: f64) -> Self;
}

impl Seconds for f64 {
    fn to_secs(&self) -> f64 {
        *self
    }
    fn from_checked(secs: f64) -> f64 {
        // `-0` reads as 0, so nothing downstream sees a negative sign.
        secs + 0.0
    }
}

impl Seconds for Duration {
    /// Rounded to the millisecond, as the analysis has always been written.
    fn to_secs(&self) -> f64 {
        (self.as_secs_f64() * 1000.0).round() / 1000.0
    }
    fn from_checked(secs: f64) -> Duration {
        Duration::from_secs_f64(secs.max(0.0))
    }
}

/// `secs` when it is a length this format accepts.
pub fn check(secs: f64) -> Option<f64> {
    (secs.is_finite() && (-0.0..=MAX_SECS).contains(&secs)).then_some(secs)
}

/// Writes seconds.
pub fn serialize<T: Seconds, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(v.to_secs())
}

/// Reads seconds, refusing what [`check`] refuses.
pub fn deserialize<'de, T: Seconds, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    checked(f64::deserialize(d)?)
}

fn checked<T: Seconds, E: serde::de::Error>(secs: f64) -> Result<T, E> {
    check(secs)
        .map(T::from_checked)
        .ok_or_else(|| E::custom("not a length in seconds"))
}

/// The same for an optional length (`null` or absent is `None`).
pub mod opt {
    use super::Seconds;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes seconds or null.
    pub fn serialize<T: Seconds, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(T::to_secs).serialize(s)
    }

    /// Reads seconds or null.
    pub fn deserialize<'de, T: Seconds, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::<f64>::deserialize(d)?
            .map(super::checked)
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_lengths_from_zero_to_a_day_pass() {
        for ok in [0.0, -0.0, 1.5, MAX_SECS] {
            assert_eq!(check(ok), Some(ok), "{ok}");
        }
        for bad in [
            -5.0,
            -1e-9,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0e20,
            18_446_744_073_709_551_615.0,
            MAX_SECS + 0.001,
        ] {
            assert_eq!(check(bad), None, "{bad}");
        }
        assert!(f64::from_checked(-0.0).is_sign_positive());
    }
}
