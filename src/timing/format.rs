//! How durations read on screen and in reports: `m:ss`, `h:mm:ss`, and a
//! signed `+m:ss` / `-m:ss` for ahead/behind and over/under.

use std::time::Duration;

/// Formats a duration as `m:ss` (`0:05`, `1:30`, `12:04`), or `h:mm:ss`
/// from one hour on (`1:02:03`).
///
/// Fractions of a second are truncated, so an elapsed clock shows `0:59`
/// until the full minute has passed.
pub fn fmt_mss(d: Duration) -> String {
    let secs = d.as_secs();
    let (hours, minutes, seconds) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_mss_pads_seconds_and_switches_to_hours_at_sixty_minutes() {
        let cases = [
            (Duration::ZERO, "0:00"),
            (Duration::from_secs(5), "0:05"),
            (Duration::from_millis(59_999), "0:59"),
            (Duration::from_secs(60), "1:00"),
            (Duration::from_secs(90), "1:30"),
            (Duration::from_secs(12 * 60 + 4), "12:04"),
            (Duration::from_secs(59 * 60 + 59), "59:59"),
            (Duration::from_secs(3600), "1:00:00"),
            (Duration::from_secs(3600 + 2 * 60 + 3), "1:02:03"),
            (Duration::from_secs(25 * 3600), "25:00:00"),
        ];
        for (input, expected) in cases {
            assert_eq!(fmt_mss(input), expected, "for {input:?}");
        }
    }

    #[test]
    fn fmt_signed_marks_direction_and_never_shows_minus_zero() {
        let cases = [
            (Duration::from_secs(12), false, "+0:12"),
            (Duration::from_secs(12), true, "-0:12"),
            (Duration::from_secs(75), true, "-1:15"),
            (Duration::ZERO, true, "+0:00"),
            (Duration::from_millis(400), true, "+0:00"),
            (Duration::ZERO, false, "+0:00"),
        ];
        for (magnitude, negative, expected) in cases {
            assert_eq!(
                fmt_signed(magnitude, negative),
                expected,
                "for {magnitude:?} negative={negative}"
            );
        }
    }
}
