//! A recording's analysis, its levels and spans: the records `audio::analysis`
//! fills and `session.yaml` stores. Reading them back checks them like every
//! other value of the session (lengths through [`super::secs`], levels
//! finite, the speaking ratio from 0 to 1). The figures `rehearse analyze
//! --format json` prints are these records' own serde; a session writes them
//! through [`stored`], which leaves out what was never measured.

use super::fields::{LEVEL, RATE, YES_NO, within};
use super::secs;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::time::Duration;

crate::yaml_struct! {
    /// Levels of a recording, for a microphone check and for the record.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
    pub struct Levels: "a mapping" {
        /// Largest sample, dBFS (0 is full scale).
        #[serde(deserialize_with = "level")]
        pub peak_db: f32 as LEVEL,
        /// Background noise: the 10th percentile of 10 ms levels, dBFS.
        #[serde(deserialize_with = "level")]
        pub floor_db: f32 as LEVEL,
        /// Typical level of the speech (the 90th percentile of its 10 ms levels),
        /// dBFS; `None` when no speech was found.
        #[serde(default, deserialize_with = "opt_level")]
        pub speech_db: Option<f32> as LEVEL,
        /// Whether anything speech-like was found: loud enough, well above the
        /// floor, and longer than a click.
        pub speech_seen: bool as YES_NO,
        /// Samples at full scale; more than a handful means the input gain is too high.
        pub clipped_samples: u64,
    }
}

crate::yaml_struct! {
    /// A stretch of time in a recording.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    pub struct Span: "a mapping" {
        /// Where it starts, from the start of the recording.
        #[serde(with = "secs")]
        pub start: Duration,
        /// How long it lasts.
        #[serde(with = "secs")]
        pub length: Duration,
    }
}

impl Span {
    /// Where it ends.
    pub fn end(&self) -> Duration {
        // Saturating: a span read back from a hand-edited session.yaml may hold anything.
        self.start.saturating_add(self.length)
    }
}

crate::yaml_struct! {
    /// What a recording shows: the figures `rehearse analyze` prints and the
    /// drill stores in `session.yaml`; `audio::analysis` measures them.
    /// Durations serialise as seconds. What a session from before pace was
    /// measured lacks reads as 0 or empty.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct Analysis: "a mapping" {
        /// Length of the recording.
        #[serde(with = "secs")]
        pub length: Duration,
        /// When the first word started; `None` when nothing was said.
        #[serde(default, with = "secs::opt")]
        pub first_word: Option<Duration>,
        /// Time spent speaking (short gaps between words included).
        #[serde(with = "secs")]
        pub speaking: Duration,
        /// `speaking` over `length`, 0 to 1, to three decimals.
        #[serde(deserialize_with = "ratio")]
        pub speaking_ratio: f64 as "a number from 0 to 1",
        /// Pauses at least this long are listed in `pauses`.
        #[serde(with = "secs")]
        pub pause_threshold: Duration,
        /// Silences between words at least `pause_threshold` long, in order.
        #[serde(default)]
        pub pauses: Vec<Span>,
        /// The longest silence between two words, whatever its length.
        #[serde(default)]
        pub longest_pause: Option<Span>,
        /// Silence after the last word; `None` when nothing was said.
        #[serde(default, with = "secs::opt")]
        pub trailing_silence: Option<Duration>,
        /// Where the speaker spoke, in order.
        #[serde(default)]
        pub speech: Vec<Span>,
        /// Peak, noise floor and speech levels.
        pub levels: Levels,
        /// Syllable nuclei counted (outside filled pauses).
        #[serde(default, deserialize_with = "or_default")]
        pub syllables: u32,
        /// What the rates are measured over: first word to last, less pauses at
        /// or over `pause_threshold` and less the filled pauses.
        #[serde(
            default,
            serialize_with = "secs::serialize",
            deserialize_with = "secs_or_zero"
        )]
        pub pace_time: Duration,
        /// Syllables over `pace_time`, to two decimals; `None` when nothing was
        /// said, or under a second of it outside filled pauses.
        #[serde(default, deserialize_with = "opt_rate")]
        pub syllables_per_second: Option<f64> as RATE,
        /// Words a minute: syllables a minute over [`SYLLABLES_PER_WORD`](crate::audio::analysis::SYLLABLES_PER_WORD),
        /// rounded; `None` with `syllables_per_second`.
        #[serde(default, deserialize_with = "opt_rate")]
        pub wpm: Option<f64> as RATE,
        /// Filled pauses ("um", "uh", "er"), in order.
        #[serde(default, deserialize_with = "or_default")]
        pub fillers: Vec<Span>,
        /// Filled pauses per minute from the first word to the last, to one
        /// decimal; `None` when nothing was said.
        #[serde(default, deserialize_with = "opt_rate")]
        pub fillers_per_minute: Option<f64> as RATE;
        /// When each counted syllable nucleus peaked: what [`pace_within`](crate::audio::analysis::pace_within) counts
        /// for part of a recording (a talk's sections). Kept in memory only;
        /// empty for an analysis read back from a session.
        pub nuclei: Vec<Duration>,
    }
}

/// Writes an optional [`Analysis`] field of the session (reading it is the
/// analysis's own serde), leaving out what was not measured, as sessions
/// always have: the syllables and their time without a rate, a rate that is
/// `None`, the fillers without their rate.
pub fn stored<S: Serializer>(a: &Option<Analysis>, s: S) -> Result<S::Ok, S::Error> {
    a.as_ref().map(Stored).serialize(s)
}

/// An analysis as a session writes it.
struct Stored<'a>(&'a Analysis);

impl Serialize for Stored<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, secs) = (self.0, secs::written);
        let mut m = s.serialize_struct("Analysis", 16)?;
        m.serialize_field("length", &secs(a.length))?;
        m.serialize_field("first_word", &a.first_word.map(secs))?;
        m.serialize_field("speaking", &secs(a.speaking))?;
        m.serialize_field("speaking_ratio", &a.speaking_ratio)?;
        m.serialize_field("pause_threshold", &secs(a.pause_threshold))?;
        m.serialize_field("pauses", &a.pauses)?;
        m.serialize_field("longest_pause", &a.longest_pause)?;
        m.serialize_field("trailing_silence", &a.trailing_silence.map(secs))?;
        m.serialize_field("speech", &a.speech)?;
        m.serialize_field("levels", &a.levels)?;
        // Rates are only stored once measured: an analysis with no speech has none.
        if a.wpm.is_some() {
            m.serialize_field("syllables", &a.syllables)?;
            m.serialize_field("pace_time", &secs(a.pace_time))?;
        }
        if let Some(v) = a.syllables_per_second {
            m.serialize_field("syllables_per_second", &v)?;
        }
        if let Some(v) = a.wpm {
            m.serialize_field("wpm", &v)?;
        }
        if let Some(v) = a.fillers_per_minute {
            m.serialize_field("fillers", &a.fillers)?;
            m.serialize_field("fillers_per_minute", &v)?;
        }
        m.end()
    }
}

/// A field that sessions from before pace was measured lack, or hold as
/// null: read as 0 or empty.
fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// [`or_default`] for a length.
fn secs_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    Ok(secs::opt::deserialize(d)?.unwrap_or_default())
}

/// The loudest and quietest levels a stored figure may claim, dBFS.
const LEVELS_DB: std::ops::RangeInclusive<f32> = -200.0..=200.0;

fn level<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    within(f32::deserialize(d)?, LEVELS_DB)
}

fn opt_level<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    Option::<f32>::deserialize(d)?
        .map(|v| within(v, LEVELS_DB))
        .transpose()
}

/// Rates (words a minute, syllables a second, fillers a minute) are finite
/// and not negative; no one speaks 10,000 of anything a minute.
fn opt_rate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Option::<f64>::deserialize(d)?
        .map(|v| within(v, 0.0..=10_000.0))
        .transpose()
}

fn ratio<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    // `-0` reads as 0.
    within(f64::deserialize(d)?, 0.0..=1.0).map(|v| v + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_goes_to_its_stored_shape_and_back_unchanged() {
        let a = Analysis {
            length: Duration::from_millis(3000),
            first_word: Some(Duration::from_millis(1710)),
            speaking: Duration::from_millis(1000),
            speaking_ratio: 0.333,
            pause_threshold: Duration::from_millis(1500),
            pauses: vec![Span {
                start: Duration::from_millis(200),
                length: Duration::from_millis(1600),
            }],
            longest_pause: None,
            trailing_silence: Some(Duration::from_millis(290)),
            speech: vec![Span {
                start: Duration::from_millis(1710),
                length: Duration::from_millis(1000),
            }],
            levels: Levels {
                peak_db: -2.8,
                floor_db: -100.0,
                speech_db: Some(-16.8),
                speech_seen: true,
                clipped_samples: 0,
            },
            syllables: 4,
            pace_time: Duration::from_millis(1000),
            syllables_per_second: Some(4.0),
            wpm: Some(160.0),
            fillers: vec![Span {
                start: Duration::from_millis(2000),
                length: Duration::from_millis(400),
            }],
            fillers_per_minute: Some(1.5),
            nuclei: Vec::new(),
        };
        let yaml = serde_yaml::to_string(&Stored(&a)).expect("yaml");
        let want = "length: 3.0\nfirst_word: 1.71\nspeaking: 1.0\nspeaking_ratio: 0.333\n\
                    pause_threshold: 1.5\npauses:\n- start: 0.2\n  length: 1.6\n\
                    longest_pause: null\ntrailing_silence: 0.29\nspeech:\n\
                    - start: 1.71\n  length: 1.0\nlevels:\n  peak_db: -2.8\n  \
                    floor_db: -100.0\n  speech_db: -16.8\n  speech_seen: true\n  \
                    clipped_samples: 0\nsyllables: 4\npace_time: 1.0\n\
                    syllables_per_second: 4.0\nwpm: 160.0\nfillers:\n\
                    - start: 2.0\n  length: 0.4\nfillers_per_minute: 1.5\n";
        assert_eq!(yaml, want);
        assert_eq!(serde_yaml::from_str::<Analysis>(&yaml).expect("reads"), a);
        // Without rates, what they are measured from is left out too: the
        // analysis's own serde (`analyze --format json`) keeps every field.
        let quiet = Analysis {
            syllables_per_second: None,
            wpm: None,
            fillers_per_minute: None,
            ..a
        };
        let yaml = serde_yaml::to_string(&Stored(&quiet)).expect("yaml");
        let cut = want.find("syllables: 4").expect("syllables");
        assert_eq!(yaml, want[..cut]);
        let json = serde_json::to_string(&quiet).expect("json");
        for field in [
            "\"syllables\":4",
            "\"pace_time\":1.0",
            "\"wpm\":null",
            "\"fillers\":[",
        ] {
            assert!(json.contains(field), "{field} in {json}");
        }
    }

    #[test]
    fn an_analysis_stored_before_pace_loads_without_rates() {
        let yaml = "length: 3.0\nfirst_word: 1.0\nspeaking: 1.0\nspeaking_ratio: 0.333\n\
                    pause_threshold: 1.5\nlevels: {peak_db: -3.0, floor_db: -100.0, \
                    speech_db: -20.0, speech_seen: true, clipped_samples: 0}\n";
        let a: Analysis = serde_yaml::from_str(yaml).expect("loads");
        assert_eq!(a.wpm, None);
        assert_eq!(a.fillers_per_minute, None);
        assert!(a.fillers.is_empty());
        // And it is written back the way it was read: no rates appear.
        let again = serde_yaml::to_string(&Stored(&a)).expect("yaml");
        assert!(
            !again.contains("wpm") && !again.contains("fillers"),
            "{again}"
        );
        // What it lacks may also be written null, as before.
        let nulls = format!("{yaml}syllables: null\npace_time: null\nfillers: null\n");
        assert_eq!(serde_yaml::from_str::<Analysis>(&nulls).expect("loads"), a);
    }

    #[test]
    fn impossible_rates_are_refused() {
        let base = "length: 3.0\nspeaking: 1.0\nspeaking_ratio: 0.3\npause_threshold: 1.5\n\
                    levels: {peak_db: -3.0, floor_db: -100.0, speech_seen: true, clipped_samples: 0}\n";
        for bad in [
            "wpm: -1",
            "wpm: .nan",
            "fillers_per_minute: 1e9",
            "syllables_per_second: .inf",
        ] {
            let yaml = format!("{base}{bad}\n");
            assert!(serde_yaml::from_str::<Analysis>(&yaml).is_err(), "{bad}");
        }
    }
}
