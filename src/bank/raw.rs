//! The bank format as written: serde structs with `deny_unknown_fields`, and
//! the [`Schema`] that says which fields each mapping has and how to write them.
//!
//! Everything a person might get wrong is kept loose here (optional fields,
//! durations and weights as written) so validation can report every problem
//! at once with its place in the file, instead of serde stopping at the first.

use crate::input::raw::{Number, RawDuration};
use crate::input::schema::named;
use crate::input::{Field, Schema};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// One bank file; `Q` is [`RawQuestion`], or [`IgnoredAny`] to read the
/// top level alone when the questions are read one by one.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBank<Q = RawQuestion> {
    /// Shown by `banks list` and on practice sheets.
    pub title: Option<String>,
    /// Values every question inherits unless it sets its own.
    #[serde(default)]
    pub defaults: RawDefaults,
    /// The questions; a bank needs at least one.
    pub questions: Option<Vec<Q>>,
}

/// The top level alone.
pub type RawTop = RawBank<IgnoredAny>;

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
    pub weight: Option<Number>,
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
    pub weight: Option<Number>,
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
    /// Phrases a good answer touches; the review says which were covered.
    #[serde(default)]
    pub points: Vec<String>,
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
    /// Its own ideal answer length; default half the question's target, at least 15 s.
    pub target: Option<RawDuration>,
    /// Shorter than this is "too short"; default a third of the target.
    pub min: Option<RawDuration>,
    /// Longer than this is "over time"; default the target + 50 %.
    pub max: Option<RawDuration>,
    /// Its own prompts; a follow-up never shows the question's.
    #[serde(default)]
    pub hints: Vec<String>,
}

const WEIGHT: Field = Field::new(
    "weight",
    "a number",
    "write a number of 0 or more (1 is normal, 0 disables the question)",
);

const BANK_FIELDS: &[Field] = &[
    Field::text("title", "write `title:` followed by plain text"),
    Field::new(
        "defaults",
        "a mapping",
        "write `defaults:` followed by any of category, target, min, max, weight",
    ),
    Field::new(
        "questions",
        "a list of questions",
        "write `questions:` followed by a list of `- id: …` entries",
    ),
];

const TEXT: Field = Field::text("text", "write `text:` followed by plain text");

const HINTS: Field = Field::new(
    "hints",
    "a list of text",
    "write a list of strings, one `- …` per line",
);

const DEFAULTS_FIELDS: &[Field] = &[
    Field::text("category", "write `category:` followed by plain text"),
    Field::duration("target"),
    Field::duration("min"),
    Field::duration("max"),
    WEIGHT,
];

const QUESTION_FIELDS: &[Field] = &[
    Field::text("id", "write a lowercase slug such as `id: team-conflict`"),
    TEXT,
    Field::text("category", "write `category:` followed by plain text"),
    Field::new(
        "tags",
        "a list of text",
        "write a list such as `tags: [conflict, teamwork]`",
    ),
    WEIGHT,
    Field::duration("target"),
    Field::duration("min"),
    Field::duration("max"),
    HINTS,
    Field::new(
        "follow_ups",
        "a list of follow-ups",
        "write a list of `- text: …` entries, each with an optional `target`",
    ),
    Field::new(
        "parts",
        "a list of parts",
        "write a list such as `- {name: Situation, budget: 20s}`",
    ),
    Field::new(
        "points",
        "a list of text",
        "write the phrases the answer should touch, one `- …` per line",
    ),
];

const FOLLOW_UP_FIELDS: &[Field] = &[
    TEXT,
    Field::duration("target"),
    Field::duration("min"),
    Field::duration("max"),
    HINTS,
];

const PART_FIELDS: &[Field] = &[
    Field::text(
        "name",
        "write `name:` followed by plain text, such as `name: Situation`",
    ),
    Field::duration("budget"),
];

/// The bank format.
pub const SCHEMA: Schema = Schema {
    noun: "bank",
    maps: &[
        ("", BANK_FIELDS),
        ("defaults", DEFAULTS_FIELDS),
        ("questions[]", QUESTION_FIELDS),
        ("questions[].follow_ups[]", FOLLOW_UP_FIELDS),
        ("questions[].parts[]", PART_FIELDS),
    ],
    items: &[
        (
            "questions",
            "a question, a mapping with `id`, `text` and more",
        ),
        ("questions[].tags", "text"),
        ("questions[].hints", "text"),
        (
            "questions[].follow_ups",
            "a follow-up with `text` and an optional `target`",
        ),
        ("questions[].parts", "a part with `name` and `budget`"),
        ("questions[].points", "text"),
    ],
    top_hint: "start the file with `title: …` and then `questions:`; see question-banks/README.md",
    subject: |doc, path| named(doc, path, "questions", "id", "question"),
};
