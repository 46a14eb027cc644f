//! The bank format as written: serde structs with `deny_unknown_fields`,
//! each field with what it takes and how to write it, from one list each.
//!
//! Everything a person might get wrong is kept loose here (optional fields,
//! durations and weights as written) so validation can report every problem
//! at once with its place in the file, instead of serde stopping at the first.

use crate::input::Schema;
use crate::input::raw::{Number, RawDuration};
use crate::input::schema::{Yaml, named};
use serde::de::IgnoredAny;

const WEIGHT: &str = "write a number of 0 or more (1 is normal, 0 disables the question)";
const TEXT: &str = "write `text:` followed by plain text";
const CATEGORY: &str = "write `category:` followed by plain text";
const HINTS: &str = "write a list of strings, one `- …` per line";

crate::yaml_struct! {
    /// One bank file; `Q` is [`RawQuestion`], or [`IgnoredAny`] to read the
    /// top level alone when the questions are read one by one.
    #[derive(Debug, PartialEq)]
    pub struct RawBank<Q = RawQuestion>: "a bank" {
        /// Shown by `banks list` and on practice sheets.
        pub title: Option<String> = "write `title:` followed by plain text",
        /// Values every question inherits unless it sets its own.
        #[serde(default)]
        pub defaults: RawDefaults
            = "write `defaults:` followed by any of category, target, min, max, weight",
        /// The questions; a bank needs at least one.
        pub questions: Option<Vec<Q>>
            = "write `questions:` followed by a list of `- id: …` entries",
    }
}

/// The top level alone.
pub type RawTop = RawBank<IgnoredAny>;

crate::yaml_struct! {
    /// Per-bank defaults.
    #[derive(Debug, Default, PartialEq)]
    pub struct RawDefaults: "a mapping" {
        /// Category for questions that name none.
        pub category: Option<String> = CATEGORY,
        /// Ideal answer length.
        pub target: Option<RawDuration>,
        /// Shorter than this is "too short".
        pub min: Option<RawDuration>,
        /// Longer than this is "over time".
        pub max: Option<RawDuration>,
        /// Relative chance of being drawn.
        pub weight: Option<Number> = WEIGHT,
    }
}

crate::yaml_struct! {
    /// One question as written.
    #[derive(Debug, PartialEq)]
    pub struct RawQuestion:
        "a question, a mapping with `id`, `text` and more", "a list of questions"
    {
        /// Lowercase slug, unique across every loaded bank.
        pub id: Option<String> = "write a lowercase slug such as `id: team-conflict`",
        /// The question as it is read out.
        pub text: Option<String> = TEXT,
        /// Category such as `behavioural` or `motivation`.
        pub category: Option<String> = CATEGORY,
        /// Free labels to filter on with `--tag`.
        #[serde(default)]
        pub tags: Vec<String> = "write a list such as `tags: [conflict, teamwork]`",
        /// Relative chance of being drawn; 0 disables the question.
        pub weight: Option<Number> = WEIGHT,
        /// Ideal answer length.
        pub target: Option<RawDuration>,
        /// Shorter than this is "too short".
        pub min: Option<RawDuration>,
        /// Longer than this is "over time"; default target + 50 %.
        pub max: Option<RawDuration>,
        /// Prompts shown on request while answering, e.g. STAR steps.
        #[serde(default)]
        pub hints: Vec<String> = HINTS,
        /// Deeper questions that may be asked after this one.
        #[serde(default)]
        pub follow_ups: Vec<RawFollowUp>
            = "write a list of `- text: …` entries, each with an optional `target`",
        /// Timed parts of the answer, e.g. Situation, Task, Action, Result.
        #[serde(default)]
        pub parts: Vec<RawPart> = "write a list such as `- {name: Situation, budget: 20s}`",
        /// Phrases a good answer touches; the review says which were covered.
        #[serde(default)]
        pub points: Vec<String>
            = "write the phrases the answer should touch, one `- …` per line",
    }
}

crate::yaml_struct! {
    /// A timed part of an answer.
    #[derive(Debug, PartialEq)]
    pub struct RawPart: "a part with `name` and `budget`", "a list of parts" {
        /// Its name, such as `Situation`.
        pub name: Option<String>
            = "write `name:` followed by plain text, such as `name: Situation`",
        /// How long it should take.
        pub budget: Option<RawDuration>,
    }
}

crate::yaml_struct! {
    /// A follow-up question.
    #[derive(Debug, PartialEq)]
    pub struct RawFollowUp:
        "a follow-up with `text` and an optional `target`", "a list of follow-ups"
    {
        /// The follow-up as it is read out.
        pub text: Option<String> = TEXT,
        /// Its own ideal answer length; default half the question's target, at least 15 s.
        pub target: Option<RawDuration>,
        /// Shorter than this is "too short"; default a third of the target.
        pub min: Option<RawDuration>,
        /// Longer than this is "over time"; default the target + 50 %.
        pub max: Option<RawDuration>,
        /// Its own prompts; a follow-up never shows the question's.
        #[serde(default)]
        pub hints: Vec<String> = HINTS,
    }
}

/// The bank format.
pub const SCHEMA: Schema = Schema {
    noun: "bank",
    top: <RawBank>::TY,
    top_hint: "start the file with `title: …` and then `questions:`; see question-banks/README.md",
    subject: |doc, path| named(doc, path, "questions", "id", "question"),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml::Doc;
    use crate::input::{Check, Parsed};

    #[test]
    fn control_text_is_found_alike_from_the_typed_value_and_the_locator() {
        let q = "questions:\n  - id: a\n    text: A?\n";
        let cases = [
            format!("title: T\n{q}"),
            format!("title: \"T\\e\"\n{q}"),
            format!("title: T\n{q}    tags: [x, \"y\\x07\"]\n"),
            format!("title: T\n{q}    hints: [\"one\\ntwo\", \"\\u202e\"]\n"),
            format!("title: T\n{q}    category: |\n      two\n      lines\n"),
            format!("title: T\n{}", q.replace("A?", "|\n      two\n      lines")),
            format!("title: T\n{q}    target: \"2m\\e\"\n"),
            format!("title: T\n{q}    follow_ups:\n      - text: \"Why\\b?\"\n"),
            format!("title: T\n{q}    parts:\n      - {{name: \"S\\n\", budget: 20s}}\n"),
            format!("title: T\ndefaults:\n  category: \"b\\e\"\n{q}"),
            format!("title: \"a\\N\"\n{q}"),
        ];
        for text in &cases {
            let walked = SCHEMA.control_text_warnings(&Doc::new("b", text));
            let doc = Doc::new("b", text);
            let mut c = Check::new(&SCHEMA, &doc);
            assert!(matches!(c.parse::<RawBank>(""), Parsed::Fits(_)), "{text}");
            assert_eq!(SCHEMA.control_text_warnings(&doc), walked, "{text}");
            // One that does not fit: the walk that placed its problems
            // found the control text too.
            let text = format!("{text}    wieght: 1\n");
            let walked = SCHEMA.control_text_warnings(&Doc::new("b", &text));
            let doc = Doc::new("b", &text);
            let mut c = Check::new(&SCHEMA, &doc);
            assert!(matches!(c.parse::<RawBank>(""), Parsed::Parts), "{text}");
            assert_eq!(SCHEMA.control_text_warnings(&doc), walked, "{text}");
        }
        let found = |t: &str| !SCHEMA.control_text_warnings(&Doc::new("b", t)).is_empty();
        assert_eq!(cases.iter().filter(|t| found(t)).count(), 9);
    }
}
