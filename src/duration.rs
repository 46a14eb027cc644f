//! Durations as people write them in banks, plans, config and flags: `90s`, `2m`,
//! `1m30s`, `1h5m`, `1.5m` or plain seconds (`45`, `7.5`), and back again as `m:ss`.

use std::time::Duration;

/// Why a duration could not be read; the caller adds where it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Not a duration at all (`2 mins`, `-5`, `30s1m`).
    #[error("cannot read `{0}` as a duration")]
    Unreadable(String),
    /// A duration, but longer than [`MAX_DURATION`].
    #[error("duration `{0}` is out of range: at most {hours}h", hours = MAX_DURATION.as_secs() / 3600)]
    TooLong(String),
}

/// The longest duration accepted anywhere (flags, config, banks, plans): a
/// day, the longest a session file stores, so whatever is accepted can be
/// saved and read back. Far beyond any answer or talk; anything longer is a
/// typo.
pub const MAX_DURATION: Duration = crate::session::secs::MAX_LENGTH;

/// How to write a duration, for hints (a macro, so hints can `concat!` it).
#[macro_export]
macro_rules! duration_hint {
    () => {
        "write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`"
    };
}

/// How to write a duration, for hints.
pub const DURATION_HINT: &str = duration_hint!();

/// What is shown of a duration as written: clipped, so a pasted page or a
/// 300-digit number is not echoed whole.
fn shown(input: &str) -> String {
    crate::text::clip(input.trim(), 40)
}

/// A number as a person would write it back: `45`, `7.5`, `1e300`, `.inf`.
pub fn fmt_number(x: f64) -> String {
    if x.is_nan() {
        return ".nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let plain = x.to_string();
    if plain.len() <= 20 {
        plain
    } else {
        format!("{x:e}")
    }
}

/// Parses `90s`, `2m`, `1m30s`, `1h`, `1h2m3s`, `1.5m`, `500ms` or plain seconds.
///
/// Units must come in descending order and at most once each, so `30s1m` is a
/// mistake rather than a quiet 90 seconds.
pub fn parse_duration(input: &str) -> Result<Duration, DurationError> {
    let err = || DurationError::Unreadable(shown(input));
    let s = input.trim();
    if s.is_empty() {
        return Err(err());
    }
    // Plain seconds; `inf` and `NaN` parse as floats but are not numbers here.
    let numeric = s
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if let Some(secs) = numeric.then(|| s.parse::<f64>().ok()).flatten() {
        return from_secs(secs, input);
    }
    let mut total = 0.0;
    let mut rest = s;
    let mut last_rank = usize::MAX;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(err());
        }
        let value: f64 = rest[..num_len].parse().map_err(|_| err())?;
        rest = rest[num_len..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let (rank, scale) = match &rest[..unit_len] {
            "h" => (3, 3600.0),
            "m" | "min" => (2, 60.0),
            "s" | "sec" => (1, 1.0),
            "ms" => (0, 0.001),
            _ => return Err(err()),
        };
        if rank >= last_rank {
            return Err(err());
        }
        last_rank = rank;
        total += value * scale;
        rest = rest[unit_len..].trim_start();
    }
    from_secs(total, input)
}

/// Seconds as a duration: negative and NaN are no duration, past the maximum
/// (infinity too) out of range.
fn from_secs(secs: f64, input: &str) -> Result<Duration, DurationError> {
    if secs > MAX_DURATION.as_secs_f64() {
        Err(DurationError::TooLong(shown(input)))
    } else if secs >= 0.0 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(DurationError::Unreadable(shown(input)))
    }
}

/// Formats as `m:ss` (`0:05`, `1:30`, `12:04`), or `h:mm:ss` from one hour,
/// rounding down to the second so a countdown never shows a second early.
pub fn fmt_mss(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Formats a countdown as `m:ss`, rounding up, so "0:01 left" shows until
/// the moment time is up.
pub fn fmt_mss_left(d: Duration) -> String {
    let ms = d.as_millis();
    fmt_mss(Duration::from_secs(ms.div_ceil(1000) as u64))
}

/// Formats seconds rounded to the nearest second, for reports where columns
/// must add up as shown.
pub fn fmt_secs_rounded(secs: f64) -> String {
    fmt_mss(Duration::from_secs(secs.max(0.0).round() as u64))
}

/// [`fmt_secs_rounded`] for a `Duration`.
pub fn fmt_rounded(d: Duration) -> String {
    fmt_mss(round_secs(d))
}

/// `d` to the nearest second, half up.
pub fn round_secs(d: Duration) -> Duration {
    Duration::from_secs(d.saturating_add(Duration::from_millis(500)).as_secs())
}

/// Formats a magnitude with a sign: `+0:12`, or `-0:12` when `negative`.
///
/// Anything that displays as `0:00` gets `+`, so the screen never flickers
/// between `+0:00` and `-0:00` around zero.
pub fn fmt_signed(magnitude: Duration, negative: bool) -> String {
    let sign = if negative && magnitude.as_secs() > 0 {
        '-'
    } else {
        '+'
    };
    format!("{sign}{}", fmt_mss(magnitude))
}

/// Formats the shortest way a person would write it back in a bank: `45s`, `2m`, `1m30s`.
pub fn fmt_compact(d: Duration) -> String {
    let ms = d.as_millis();
    if !ms.is_multiple_of(1000) {
        return format!("{:.1}s", d.as_secs_f64());
    }
    let s = d.as_secs();
    match (s / 60, s % 60) {
        (0, sec) => format!("{sec}s"),
        (min, 0) => format!("{min}m"),
        (min, sec) => format!("{min}m{sec}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms_parse_to_exact_durations() {
        let cases = [
            ("90s", 90_000),
            ("2m", 120_000),
            ("1m30s", 90_000),
            ("1m 30s", 90_000),
            ("45", 45_000),
            ("7.5", 7_500),
            ("1.5m", 90_000),
            ("1h", 3_600_000),
            ("1h2m3s", 3_723_000),
            ("500ms", 500),
            ("0", 0),
            ("0s", 0),
            (" 20s ", 20_000),
        ];
        for (input, ms) in cases {
            assert_eq!(
                parse_duration(input),
                Ok(Duration::from_millis(ms)),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn malformed_durations_are_rejected() {
        for input in [
            "", "abc", "2 mins", "m", "1x", "30s1m", "1m1m", "-5", "-5s", "NaN", "inf", "1..5s",
        ] {
            assert_eq!(
                parse_duration(input),
                Err(DurationError::Unreadable(input.trim().to_string())),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn durations_past_a_day_are_out_of_range_and_echoed_clipped() {
        for input in [
            "99999999s",
            "99999999999999999999",
            "1e300",
            "25h",
            "24h0m1s",
            "86401",
            "1e400",
        ] {
            assert_eq!(
                parse_duration(input),
                Err(DurationError::TooLong(input.to_string())),
                "input {input:?}"
            );
        }
        let long = "9".repeat(300);
        let DurationError::TooLong(shown) = parse_duration(&long).unwrap_err() else {
            panic!("not out of range")
        };
        assert!(shown.chars().count() <= 40, "{shown}");
        assert_eq!(parse_duration("24h"), Ok(MAX_DURATION));
        assert_eq!(
            DurationError::TooLong("25h".into()).to_string(),
            "duration `25h` is out of range: at most 24h"
        );
    }

    #[test]
    fn numbers_are_shown_as_written_not_as_hundreds_of_digits() {
        let cases = [
            (45.0, "45"),
            (7.5, "7.5"),
            (-1.0, "-1"),
            (1e300, "1e300"),
            (1e20, "1e20"),
            (f64::NAN, ".nan"),
            (f64::NEG_INFINITY, "-.inf"),
        ];
        for (x, want) in cases {
            assert_eq!(fmt_number(x), want);
        }
    }

    #[test]
    fn mss_formatting_pads_seconds_and_switches_to_hours() {
        let cases = [
            (0, "0:00"),
            (5, "0:05"),
            (90, "1:30"),
            (724, "12:04"),
            (3599, "59:59"),
            (3600, "1:00:00"),
            (3725, "1:02:05"),
        ];
        for (secs, want) in cases {
            assert_eq!(fmt_mss(Duration::from_secs(secs)), want);
        }
        assert_eq!(fmt_mss(Duration::from_millis(1999)), "0:01");
    }

    #[test]
    fn signed_formatting_marks_direction_and_never_shows_minus_zero() {
        let cases = [
            (Duration::from_secs(12), false, "+0:12"),
            (Duration::from_secs(12), true, "-0:12"),
            (Duration::from_secs(75), true, "-1:15"),
            (Duration::ZERO, true, "+0:00"),
            (Duration::from_millis(400), true, "+0:00"),
        ];
        for (magnitude, negative, want) in cases {
            assert_eq!(fmt_signed(magnitude, negative), want);
        }
    }

    #[test]
    fn countdowns_round_up_and_reports_round_to_nearest() {
        assert_eq!(fmt_mss_left(Duration::from_millis(2100)), "0:03");
        assert_eq!(fmt_mss_left(Duration::from_millis(2000)), "0:02");
        assert_eq!(fmt_mss_left(Duration::ZERO), "0:00");
        assert_eq!(fmt_secs_rounded(3.6), "0:04");
        assert_eq!(fmt_secs_rounded(3.4), "0:03");
        assert_eq!(fmt_secs_rounded(-1.0), "0:00");
        // A Duration rounds as its seconds do, a half up.
        for ms in [0, 499, 500, 3400, 3500, 3600, 59_500, 86_400_000] {
            let d = Duration::from_millis(ms);
            assert_eq!(fmt_rounded(d), fmt_secs_rounded(ms as f64 / 1000.0), "{ms}");
        }
        assert_eq!(round_secs(Duration::MAX), Duration::from_secs(u64::MAX));
    }

    #[test]
    fn compact_formatting_round_trips_through_the_parser() {
        for secs in [0, 15, 45, 60, 90, 120, 150, 600] {
            let d = Duration::from_secs(secs);
            assert_eq!(parse_duration(&fmt_compact(d)), Ok(d));
        }
        assert_eq!(fmt_compact(Duration::from_secs(90)), "1m30s");
    }
}
