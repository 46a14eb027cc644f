//! The bank's domain types: banks, questions, follow-ups, the library they
//! make, and where each came from.

use crate::input::Problem;
use crate::timing::Budget;
use std::path::PathBuf;

/// Where a bank came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Shipped inside the binary, by file name.
    Builtin(&'static str),
    /// A file the user named, directly or through a directory.
    File(PathBuf),
}

impl Source {
    /// How the source is shown to the user.
    pub fn display(&self) -> String {
        match self {
            Source::Builtin(name) => format!("<built-in>/{name}"),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// One loaded bank file.
#[derive(Debug, Clone)]
pub struct Bank {
    /// The bank's `title`.
    pub title: String,
    /// Where it was read from.
    pub source: Source,
    /// How many of its questions were loaded.
    pub questions: usize,
}

/// A validated question, with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Unique slug.
    pub id: String,
    /// The question as it is read out.
    pub text: String,
    /// Its category.
    pub category: String,
    /// Free labels.
    pub tags: Vec<String>,
    /// Relative chance of being drawn; finite and ≥ 0.
    pub weight: f64,
    /// How long the answer should take: min (too short below it), target,
    /// max (over time from it; default target + 50 %).
    pub budget: Budget,
    /// Prompts shown on request.
    pub hints: Vec<String>,
    /// Deeper questions that may follow.
    pub follow_ups: Vec<FollowUp>,
    /// Timed parts of the answer (e.g. STAR), run on a section clock.
    pub parts: Vec<Part>,
    /// Phrases a good answer touches, trimmed, each holding a word; the
    /// review says which were covered (`session::coach::points`).
    pub points: Vec<String>,
    /// Index of its bank in [`Library::banks`].
    pub bank: usize,
}

/// A timed part of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Its name, such as `Situation`.
    pub name: String,
    /// How long it should take: its target and its max.
    pub budget: Budget,
}

/// A deeper question asked after an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    /// The follow-up as it is read out.
    pub text: String,
    /// How long the answer should take: its own target, or half the
    /// question's and at least 15 s; min a third of the target and max the
    /// target + 50 % unless it sets its own.
    pub budget: Budget,
    /// Its own prompts (never the question's STAR hints).
    pub hints: Vec<String>,
}

/// Every loaded bank and its questions.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Banks in load order.
    pub banks: Vec<Bank>,
    /// Questions of all banks, in load order.
    pub questions: Vec<Question>,
    /// What is odd but not wrong, such as control characters in text.
    pub warnings: Vec<Problem>,
}

impl Library {
    /// Distinct categories, sorted.
    pub fn categories(&self) -> Vec<&str> {
        distinct(self.questions.iter().map(|q| q.category.as_str()))
    }

    /// Distinct tags, sorted.
    pub fn tags(&self) -> Vec<&str> {
        distinct(
            self.questions
                .iter()
                .flat_map(|q| q.tags.iter().map(String::as_str)),
        )
    }

    /// Finds a question by id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// `names` sorted, each once.
fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    names.dedup();
    names
}
