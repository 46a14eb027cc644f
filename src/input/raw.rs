//! Field types shared by the YAML formats, kept loose so validation can say
//! what is wrong with a value instead of serde stopping at it: durations and
//! numbers as written, and a way to tell `key: ~` from a missing key.

use crate::duration::{DurationError, fmt_number, parse_duration};
use serde::Deserialize;
use serde::de::{self, Deserializer, Unexpected, Visitor};
use std::fmt;
use std::time::Duration;

/// A duration as written: text such as `1m30s`, or a plain number of seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDuration {
    /// `90s`, `2m`, `1m30s`, … (and integers too long for 64 bits, as written).
    Text(String),
    /// Plain seconds.
    Seconds(f64),
}

impl RawDuration {
    /// The duration it stands for, read as the command-line flags read theirs.
    pub fn parse(&self) -> Result<Duration, DurationError> {
        match self {
            RawDuration::Text(s) => parse_duration(s),
            RawDuration::Seconds(n) => parse_duration(&fmt_number(*n)),
        }
    }
}

impl fmt::Display for RawDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawDuration::Text(s) => f.write_str(s),
            RawDuration::Seconds(n) => f.write_str(&fmt_number(*n)),
        }
    }
}

impl<'de> Deserialize<'de> for RawDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(Written(Takes::Duration))? {
            Durations::One(d) => Ok(d),
            Durations::Many(_) => unreachable!("a list is refused for one duration"),
        }
    }
}

/// One duration, or a list of them (`talk: [2m, 30s]`; `[]` for none).
#[derive(Debug, Clone, PartialEq)]
pub enum Durations {
    /// `section: 20s`
    One(RawDuration),
    /// `talk: [2m, 30s]`
    Many(Vec<RawDuration>),
}

impl<'de> Deserialize<'de> for Durations {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Written(Takes::Durations))
    }
}

/// A number as written, of any size; range and sign are checked in validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(Written(Takes::Number))? {
            Durations::One(RawDuration::Seconds(n)) => Ok(Number(n)),
            // Only the digits of an integer past 64 bits come as text here.
            Durations::One(RawDuration::Text(digits)) => {
                digits.parse().map(Number).map_err(de::Error::custom)
            }
            Durations::Many(_) => unreachable!("a list is refused for a number"),
        }
    }
}

/// What a loose field takes.
#[derive(Clone, Copy, PartialEq)]
enum Takes {
    Number,
    Duration,
    Durations,
}

/// The one visitor behind [`Number`], [`RawDuration`] and [`Durations`]:
/// numbers of any size (integers past 64 bits keep their digits), text but
/// for a number, and a list only for [`Durations`].
struct Written(Takes);

impl<'de> Visitor<'de> for Written {
    type Value = Durations;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.0 {
            Takes::Number => "a number",
            Takes::Duration => "a duration",
            Takes::Durations => "a duration, or a list of them",
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Durations, E> {
        if self.0 == Takes::Number {
            return Err(E::invalid_type(Unexpected::Str(v), &self));
        }
        Ok(Durations::One(RawDuration::Text(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Durations, E> {
        self.visit_f64(v as f64)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Durations, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Durations, E> {
        Ok(Durations::One(RawDuration::Text(v.to_string())))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Durations, E> {
        Ok(Durations::One(RawDuration::Text(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Durations, E> {
        Ok(Durations::One(RawDuration::Seconds(v)))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Durations, A::Error> {
        if self.0 != Takes::Durations {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        let mut all = Vec::new();
        while let Some(d) = seq.next_element::<RawDuration>()? {
            all.push(d);
        }
        Ok(Durations::Many(all))
    }
}

/// Text as written, trimmed; `None` when missing or blank.
pub fn trimmed(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// For `#[serde(default, deserialize_with = "input::raw::present")]` on an
/// `Option<Option<T>>`: a missing key is `None`, `key: ~` (or `key:` with no
/// value) is `Some(None)`, so a bare `~` can be refused instead of meaning
/// "not set".
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_one_or_a_list_and_numbers_of_any_size() {
        let cases: [(&str, Durations); 5] = [
            ("20s", Durations::One(RawDuration::Text("20s".into()))),
            ("45", Durations::One(RawDuration::Seconds(45.0))),
            (
                "99999999999999999999",
                Durations::One(RawDuration::Text("99999999999999999999".into())),
            ),
            (
                "[2m, 30]",
                Durations::Many(vec![
                    RawDuration::Text("2m".into()),
                    RawDuration::Seconds(30.0),
                ]),
            ),
            ("[]", Durations::Many(Vec::new())),
        ];
        for (text, want) in cases {
            let got: Durations = serde_yaml::from_str(text).unwrap();
            assert_eq!(got, want, "text {text:?}");
        }
        let n: Number = serde_yaml::from_str("99999999999999999999").unwrap();
        assert_eq!(n, Number(1e20));
    }

    #[test]
    fn a_bare_tilde_is_told_apart_from_a_missing_key() {
        #[derive(Deserialize)]
        struct S {
            #[serde(default, deserialize_with = "present")]
            dir: Option<Option<String>>,
        }
        let s: S = serde_yaml::from_str("dir: ~\n").unwrap();
        assert_eq!(s.dir, Some(None));
        let s: S = serde_yaml::from_str("{}").unwrap();
        assert_eq!(s.dir, None);
    }
}
