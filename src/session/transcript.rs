//! The transcript of one answer: what was said, word by word, with times.
//!
//! This is the record the speech recogniser fills (`transcript/`) and the
//! coaching reads; it is stored in `session.yaml` under an item's
//! `transcript:` (format version 2).

use super::secs::{self, SECONDS};
use serde::Serialize;

crate::yaml_struct! {
    /// What was said in one answer.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct Transcript: "a mapping" {
        /// The words as one text, punctuation kept.
        pub text: String,
        /// Every word with its time, in order.
        #[serde(default)]
        pub words: Vec<Word>,
    }
}

#[cfg(test)]
impl Transcript {
    /// `text` as the recogniser gives it, for tests: a word per space,
    /// 0.3 s long, one every 0.4 s from 0 s.
    pub fn evenly(text: &str) -> Transcript {
        Transcript {
            text: text.to_string(),
            words: text
                .split_whitespace()
                .enumerate()
                .map(|(i, w)| Word {
                    text: w.to_string(),
                    start: 0.4 * i as f64,
                    end: 0.4 * i as f64 + 0.3,
                })
                .collect(),
        }
    }
}

crate::yaml_struct! {
    /// One recognised word.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Word: "a mapping" {
        /// The word as recognised, with any punctuation attached to it
        /// (`"result,"`), without surrounding spaces.
        pub text: String,
        /// Where it starts, seconds from the start of the recording.
        #[serde(with = "secs")]
        pub start: f64 as SECONDS,
        /// Where it ends, seconds from the start of the recording.
        #[serde(with = "secs")]
        pub end: f64 as SECONDS,
    }
}
