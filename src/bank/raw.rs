//! The bank file exactly as written: serde structs with `deny_unknown_fields`.
//!
//! Everything a person might get wrong is kept loose here (optional fields,
//! durations and weights as written) so validation can report every problem
//! at once with its place in the file, instead of serde stopping at the first.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// One bank file.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBank {
    /// Shown by `banks list` and on practice sheets.
    pub title: Option<String>,
    /// Values every question inherits unless it sets its own.
    #[serde(default)]
    pub defaults: RawDefaults,
    /// The questions; a bank needs at least one.
    pub questions: Option<Vec<RawQuestion>>,
}

/// Per-bank defaults.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDefaults {
    /// Category for questions that name none.
    pub category: Option<String>,
    /// Ideal answer length.
    pub target: Option<RawDuration>,
    /// Shorter than this is "too short".
    pub min: Option<RawDuration>,
    /// Longer than this is "over time".
    pub max: Option<RawDuration>,
    /// Relative chance of being drawn.
    pub weight: Option<Weight>,
}

/// One question as written.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// Lowercase slug, unique across every loaded bank.
    pub id: Option<String>,
    /// The question as it is read out.
    pub text: Option<String>,
    /// Category such as `behavioural` or `motivation`.
    pub category: Option<String>,
    /// Free labels to filter on with `--tag`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Relative chance of being drawn; 0 disables the question.
    pub weight: Option<Weight>,
    /// Ideal answer length.
    pub target: Option<RawDuration>,
    /// Shorter than this is "too short".
    pub min: Option<RawDuration>,
    /// Longer than this is "over time"; default target + 50 %.
    pub max: Option<RawDuration>,
    /// Prompts shown on request while answering, e.g. STAR steps.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Deeper questions that may be asked after this one.
    #[serde(default)]
    pub follow_ups: Vec<RawFollowUp>,
    /// Timed parts of the answer, e.g. Situation, Task, Action, Result.
    #[serde(default)]
    pub parts: Vec<RawPart>,
}

/// A timed part of an answer.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    /// Its name, such as `Situation`.
    pub name: Option<String>,
    /// How long it should take.
    pub budget: Option<RawDuration>,
}

/// A follow-up question.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFollowUp {
    /// The follow-up as it is read out.
    pub text: Option<String>,
    /// Its own ideal answer length; default half the question's target.
    pub target: Option<RawDuration>,
}

/// The field names serde knows, for "did you mean" suggestions.
pub const BANK_FIELDS: &[&str] = &["title", "defaults", "questions"];
/// Fields of `defaults`.
pub const DEFAULTS_FIELDS: &[&str] = &["category", "target", "min", "max", "weight"];
/// Fields of a question.
pub const QUESTION_FIELDS: &[&str] = &[
    "id",
    "text",
    "category",
    "tags",
    "weight",
    "target",
    "min",
    "max",
    "hints",
    "follow_ups",
    "parts",
];
/// Fields of a part.
pub const PART_FIELDS: &[&str] = &["name", "budget"];
/// Fields of a follow-up.
pub const FOLLOW_UP_FIELDS: &[&str] = &["text", "target"];

/// A duration as written: text such as `1m30s`, or a plain number of seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDuration {
    /// `90s`, `2m`, `1m30s`, …
    Text(String),
    /// Plain seconds.
    Seconds(f64),
}

impl fmt::Display for RawDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawDuration::Text(s) => f.write_str(s),
            RawDuration::Seconds(n) => write!(f, "{n}"),
        }
    }
}

impl<'de> Deserialize<'de> for RawDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawDuration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration like `90s`, `2m`, `1m30s` or plain seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDuration, E> {
                Ok(RawDuration::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDuration, E> {
                Ok(RawDuration::Seconds(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDuration, E> {
                Ok(RawDuration::Seconds(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDuration, E> {
                Ok(RawDuration::Seconds(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A weight as written; checked for sign and finiteness during validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight(pub f64);

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Weight;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number like `1` or `2.5`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Weight, E> {
                Ok(Weight(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Weight, E> {
                Ok(Weight(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Weight, E> {
                Ok(Weight(v))
            }
        }
        d.deserialize_any(V)
    }
}
