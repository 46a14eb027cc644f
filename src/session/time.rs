//! Wall-clock times of sessions: stored in UTC as RFC 3339, to the second,
//! and shown in the user's local time zone. `jiff` does the calendar and
//! the time zones.

use jiff::tz::TimeZone;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A moment, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(jiff::Timestamp);

/// The current time, to the second; a system clock outside the years jiff
/// can represent is clamped to them, never a panic.
pub fn now() -> Timestamp {
    Timestamp::at(std::time::SystemTime::now())
}

impl Timestamp {
    /// From seconds since 1970-01-01T00:00:00Z, clamped to the years jiff
    /// can represent (−9999 to 9999).
    pub fn from_unix(secs: i64) -> Timestamp {
        let secs = secs.clamp(
            jiff::Timestamp::MIN.as_second(),
            jiff::Timestamp::MAX.as_second(),
        );
        Timestamp(jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH))
    }

    /// The moment `t` of the system clock, to the second (clamped as
    /// [`Timestamp::from_unix`] does).
    pub fn at(t: std::time::SystemTime) -> Timestamp {
        let secs = match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        };
        Timestamp::from_unix(secs)
    }

    /// Seconds since the Unix epoch.
    pub fn unix(&self) -> i64 {
        self.0.as_second()
    }

    /// `2026-11-22T14:30:05Z`.
    pub fn rfc3339(&self) -> String {
        self.0.to_string()
    }

    /// `20261122-143005` in UTC, for directory names that sort by time.
    pub fn compact(&self) -> String {
        self.0.strftime("%Y%m%d-%H%M%S").to_string()
    }

    /// Parses an RFC 3339 time with an offset (`Z`, `+01:00`), such as
    /// [`Timestamp::rfc3339`] writes; fractions of a second are dropped.
    pub fn parse_rfc3339(s: &str) -> Option<Timestamp> {
        s.parse::<jiff::Timestamp>()
            .ok()
            .map(|t| Timestamp::from_unix(t.as_second()))
    }

    /// `2026-11-22 15:30` in the local time zone.
    pub fn local_minute(&self) -> String {
        self.local("%Y-%m-%d %H:%M")
    }

    /// `2026-11-22` in the local time zone.
    pub fn local_date(&self) -> String {
        self.local("%Y-%m-%d")
    }

    /// The day it falls on in the local time zone.
    pub fn local_day(&self) -> jiff::civil::Date {
        self.0.to_zoned_datetime(TimeZone::system()).date()
    }

    fn local(&self, format: &str) -> String {
        self.0
            .to_zoned_datetime(TimeZone::system())
            .strftime(format)
            .to_string()
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse_rfc3339(&s).ok_or_else(|| serde::de::Error::custom("not an RFC 3339 time"))
    }
}

impl crate::input::schema::Yaml for Timestamp {
    const TY: crate::input::schema::Ty =
        crate::input::schema::Ty::leaf("a time such as 2026-11-22T14:30:05Z");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_format_and_parse_back() {
        let cases = [
            (0, "1970-01-01T00:00:00Z", "19700101-000000"),
            (951_782_400, "2000-02-29T00:00:00Z", "20000229-000000"),
            (1_795_314_605, "2026-11-22T02:30:05Z", "20261122-023005"),
        ];
        for (secs, rfc, compact) in cases {
            let t = Timestamp::from_unix(secs);
            assert_eq!(t.rfc3339(), rfc);
            assert_eq!(t.compact(), compact);
            assert_eq!(Timestamp::parse_rfc3339(rfc), Some(t));
        }
        assert_eq!(Timestamp::parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(Timestamp::parse_rfc3339("yesterday"), None);
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-22T03:30:05.75+01:00"),
            Some(Timestamp::from_unix(1_795_314_605))
        );
    }

    #[test]
    fn out_of_range_seconds_are_clamped_not_a_panic() {
        assert!(
            Timestamp::from_unix(i64::MAX)
                .rfc3339()
                .starts_with("9999-12-3")
        );
        assert!(Timestamp::from_unix(i64::MIN).unix() < 0);
    }

    #[test]
    fn a_system_clock_past_the_year_9999_is_clamped_not_a_panic() {
        use std::time::{Duration, SystemTime, UNIX_EPOCH};
        // 10000-01-01T00:01:40Z: past jiff's last instant (9999-12-30T22:00Z).
        let late = Timestamp::at(UNIX_EPOCH + Duration::from_secs(253_402_300_900));
        assert_eq!(late, Timestamp::from_unix(i64::MAX));
        assert!(!late.local_minute().is_empty() && !late.compact().is_empty());
        let early = Timestamp::at(UNIX_EPOCH - Duration::from_secs(400_000_000_000));
        assert_eq!(early, Timestamp::from_unix(i64::MIN));
        let now = Timestamp::at(SystemTime::now());
        assert!(now.unix() > 1_700_000_000);
    }
}
