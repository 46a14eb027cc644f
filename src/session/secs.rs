//! The one serde adapter for lengths of time in `session.yaml`: a number of
//! seconds, finite, at least 0 and at most [`MAX_SECS`]. Anything else fails
//! to deserialize, so the session reads as damaged with the field's path.
//!
//! One limit on both sides: [`MAX_SECS`] (as a `Duration`, [`MAX_LENGTH`]) is
//! also the longest duration a flag, the config file, a bank or a plan may
//! give, and the writer never writes past it. What is measured can run
//! longer (an answer left paused overnight): [`length`] keeps such a time as
//! a day, and the serializer clamps whatever else reaches it, so every file
//! this program writes reads back.
//!
//! In memory a length is a `Duration`, kept by [`length`] to the millisecond
//! so that it reads back equal; only a transcript's word times stay `f64`
//! seconds, as the recogniser gives them. Both go through here.

use serde::{Deserialize, Deserializer, Serializer};
use std::time::Duration;

/// The longest time a session records in one value, and the longest
/// duration any input may give: a day, in seconds.
pub const MAX_SECS: f64 = 86_400.0;

/// [`MAX_SECS`] as a `Duration`.
pub const MAX_LENGTH: Duration = Duration::from_secs(86_400);

/// A measured or planned time as the session keeps it: rounded to the
/// millisecond and at most [`MAX_LENGTH`] (a longer one is kept as a day),
/// so it is written as it is and reads back equal.
pub fn length(d: Duration) -> Duration {
    // Exactly what reading the written seconds back gives.
    Duration::from_secs_f64(written(d))
}

/// `d` as written: seconds to the millisecond, at most [`MAX_SECS`].
pub fn written(d: Duration) -> f64 {
    writable(round_ms(d))
}

/// `d` in seconds, rounded to the millisecond: the one rounding of a time
/// the program writes.
pub fn round_ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// `secs` made a length [`check`] accepts: past the limit is the limit,
/// anything not a length from 0 up (NaN, negative) is 0.
fn writable(secs: f64) -> f64 {
    if secs.is_nan() {
        return 0.0;
    }
    secs.clamp(0.0, MAX_SECS)
}

/// What a length takes, in a damaged session's reason.
pub const SECONDS: &str = "a length in seconds from 0 to 86400";

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
        round_ms(*self)
    }
    fn from_checked(secs: f64) -> Duration {
        Duration::from_secs_f64(secs.max(0.0))
    }
}

/// `secs` when it is a length this format accepts.
pub fn check(secs: f64) -> Option<f64> {
    (secs.is_finite() && (-0.0..=MAX_SECS).contains(&secs)).then_some(secs)
}

/// Writes seconds, never one that [`check`] refuses.
pub fn serialize<T: Seconds, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(writable(v.to_secs()))
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
        v.as_ref()
            .map(|v| super::writable(v.to_secs()))
            .serialize(s)
    }

    /// Reads seconds or null.
    pub fn deserialize<'de, T: Seconds, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::<f64>::deserialize(d)?
            .map(super::checked)
            .transpose()
    }
}

/// An optional length that may also be left out: absent is `None` (give
/// `skip_serializing_if = "Option::is_none"`), `null` is `Some(None)`.
pub mod maybe {
    use serde::{Deserializer, Serializer};
    use std::time::Duration;

    /// Writes seconds or null.
    pub fn serialize<S: Serializer>(v: &Option<Option<Duration>>, s: S) -> Result<S::Ok, S::Error> {
        super::opt::serialize(v.as_ref().unwrap_or(&None), s)
    }

    /// Reads seconds or null, when present.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<Duration>>, D::Error> {
        super::opt::deserialize(d).map(Some)
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

    #[test]
    fn whatever_reaches_the_writer_is_written_as_a_length_the_reader_takes() {
        #[derive(serde::Serialize)]
        struct Times {
            #[serde(with = "super")]
            f: f64,
            #[serde(with = "super")]
            d: Duration,
            #[serde(with = "super::opt")]
            o: Option<f64>,
        }
        let cases = [
            (90_000.0, Duration::from_secs(100_000), MAX_SECS, MAX_SECS),
            (f64::NAN, Duration::from_secs(u64::MAX), 0.0, MAX_SECS),
            (-3.0, Duration::from_millis(1500), 0.0, 1.5),
            (f64::INFINITY, Duration::ZERO, MAX_SECS, 0.0),
        ];
        for (f, d, f_out, d_out) in cases {
            let text = serde_yaml::to_string(&Times { f, d, o: Some(f) }).unwrap();
            let back: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            assert_eq!(back["f"].as_f64(), Some(f_out), "{text}");
            assert_eq!(back["o"].as_f64(), Some(f_out), "{text}");
            assert_eq!(back["d"].as_f64(), Some(d_out), "{text}");
        }
        assert_eq!(length(Duration::from_secs(25 * 3600)), MAX_LENGTH);
        assert_eq!(
            length(Duration::from_micros(1_234_567)),
            Duration::from_millis(1235)
        );
        assert_eq!(MAX_LENGTH.as_secs_f64(), MAX_SECS);
    }
}
