//! A recording's analysis, its levels and spans: the records `audio::analysis`
//! fills, and how they are stored in `session.yaml`. Their shape on disk is the
//! session format's, checked like every other value here (lengths through
//! [`super::secs`], levels finite, the speaking ratio from 0 to 1).
//!
//! Fields of the session hold the analysis type itself and name this module
//! in `#[serde(with = "…")]`, so the rest of the program never sees the
//! stored shape.

use super::check::within;
use super::secs;
use serde::{Deserialize, Deserializer, Serialize};
use std::time::Duration;

/// Levels of a recording, for a microphone check and for the record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Levels {
    /// Largest sample, dBFS (0 is full scale).
    pub peak_db: f32,
    /// Background noise: the 10th percentile of 10 ms levels, dBFS.
    pub floor_db: f32,
    /// Typical level of the speech (the 90th percentile of its 10 ms levels),
    /// dBFS; `None` when no speech was found.
    pub speech_db: Option<f32>,
    /// Whether anything speech-like was found: loud enough, well above the
    /// floor, and longer than a click.
    pub speech_seen: bool,
    /// Samples at full scale; more than a handful means the input gain is too high.
    pub clipped_samples: u64,
}

/// A stretch of time in a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Where it starts, from the start of the recording.
    #[serde(serialize_with = "secs::serialize")]
    pub start: Duration,
    /// How long it lasts.
    #[serde(serialize_with = "secs::serialize")]
    pub length: Duration,
}

impl Span {
    /// Where it ends.
    pub fn end(&self) -> Duration {
        // Saturating: a span read back from a hand-edited session.yaml may hold anything.
        self.start.saturating_add(self.length)
    }
}

/// What a recording shows: the figures `rehearse analyze` prints and the
/// drill stores in `session.yaml` (in the shape [`StoredAnalysis`] checks);
/// `audio::analysis` measures them. Durations serialise as seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Analysis {
    /// Length of the recording.
    #[serde(serialize_with = "secs::serialize")]
    pub length: Duration,
    /// When the first word started; `None` when nothing was said.
    #[serde(serialize_with = "secs::opt::serialize")]
    pub first_word: Option<Duration>,
    /// Time spent speaking (short gaps between words included).
    #[serde(serialize_with = "secs::serialize")]
    pub speaking: Duration,
    /// `speaking` over `length`, 0 to 1, to three decimals.
    pub speaking_ratio: f64,
    /// Pauses at least this long are listed in `pauses`.
    #[serde(serialize_with = "secs::serialize")]
    pub pause_threshold: Duration,
    /// Silences between words at least `pause_threshold` long, in order.
    pub pauses: Vec<Span>,
    /// The longest silence between two words, whatever its length.
    pub longest_pause: Option<Span>,
    /// Silence after the last word; `None` when nothing was said.
    #[serde(serialize_with = "secs::opt::serialize")]
    pub trailing_silence: Option<Duration>,
    /// Where the speaker spoke, in order.
    pub speech: Vec<Span>,
    /// Peak, noise floor and speech levels.
    pub levels: Levels,
    /// Syllable nuclei counted (outside filled pauses).
    pub syllables: u32,
    /// What the rates are measured over: first word to last, less pauses at
    /// or over `pause_threshold` and less the filled pauses.
    #[serde(serialize_with = "secs::serialize")]
    pub pace_time: Duration,
    /// Syllables over `pace_time`, to two decimals; `None` when nothing was
    /// said, or under a second of it outside filled pauses.
    pub syllables_per_second: Option<f64>,
    /// Words a minute: syllables a minute over [`SYLLABLES_PER_WORD`](crate::audio::analysis::SYLLABLES_PER_WORD),
    /// rounded; `None` with `syllables_per_second`.
    pub wpm: Option<f64>,
    /// Filled pauses ("um", "uh", "er"), in order.
    pub fillers: Vec<Span>,
    /// Filled pauses per minute from the first word to the last, to one
    /// decimal; `None` when nothing was said.
    pub fillers_per_minute: Option<f64>,
    /// When each counted syllable nucleus peaked: what [`pace_within`](crate::audio::analysis::pace_within) counts
    /// for part of a recording (a talk's sections). Kept in memory only;
    /// empty for an analysis read back from a session.
    #[serde(skip)]
    pub nuclei: Vec<Duration>,
}

/// An analysis as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredAnalysis {
    /// Length of the recording.
    #[serde(with = "secs")]
    pub length: Duration,
    /// When the first word started; null when nothing was said.
    #[serde(default, with = "secs::opt")]
    pub first_word: Option<Duration>,
    /// Time spent speaking.
    #[serde(with = "secs")]
    pub speaking: Duration,
    /// `speaking` over `length`, 0 to 1.
    #[serde(deserialize_with = "ratio")]
    pub speaking_ratio: f64,
    /// Pauses at least this long are listed in `pauses`.
    #[serde(with = "secs")]
    pub pause_threshold: Duration,
    /// The long pauses, in order.
    #[serde(default)]
    pub pauses: Vec<StoredSpan>,
    /// The longest silence between two words.
    #[serde(default)]
    pub longest_pause: Option<StoredSpan>,
    /// Silence after the last word.
    #[serde(default, with = "secs::opt")]
    pub trailing_silence: Option<Duration>,
    /// Where the speaker spoke, in order.
    #[serde(default)]
    pub speech: Vec<StoredSpan>,
    /// Peak, noise floor and speech levels.
    #[serde(with = "StoredLevels")]
    pub levels: Levels,
    /// Syllable nuclei counted; absent in sessions from before pace was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syllables: Option<u32>,
    /// What the rates are measured over, seconds.
    #[serde(default, with = "secs::opt", skip_serializing_if = "Option::is_none")]
    pub pace_time: Option<Duration>,
    /// Syllables a second over `pace_time`.
    #[serde(
        default,
        deserialize_with = "opt_rate",
        skip_serializing_if = "Option::is_none"
    )]
    pub syllables_per_second: Option<f64>,
    /// Estimated words a minute.
    #[serde(
        default,
        deserialize_with = "opt_rate",
        skip_serializing_if = "Option::is_none"
    )]
    pub wpm: Option<f64>,
    /// Filled pauses ("um", "uh"), in order; absent in older sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fillers: Option<Vec<StoredSpan>>,
    /// Filled pauses per minute from the first word to the last.
    #[serde(
        default,
        deserialize_with = "opt_rate",
        skip_serializing_if = "Option::is_none"
    )]
    pub fillers_per_minute: Option<f64>,
}

/// A stretch of a recording, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredSpan {
    /// Where it starts, seconds into the recording.
    #[serde(with = "secs")]
    pub start: Duration,
    /// How long it lasts, seconds.
    #[serde(with = "secs")]
    pub length: Duration,
}

/// Levels, as stored (dBFS): serde for [`Levels`] itself.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Levels", deny_unknown_fields)]
struct StoredLevels {
    /// Largest sample.
    #[serde(deserialize_with = "level")]
    pub peak_db: f32,
    /// Background noise.
    #[serde(deserialize_with = "level")]
    pub floor_db: f32,
    /// Typical level of the speech; null when none was found.
    #[serde(default, deserialize_with = "opt_level")]
    pub speech_db: Option<f32>,
    /// Whether anything speech-like was found.
    pub speech_seen: bool,
    /// Samples at full scale.
    pub clipped_samples: u64,
}

impl From<&Analysis> for StoredAnalysis {
    fn from(a: &Analysis) -> StoredAnalysis {
        let span = |s: &Span| StoredSpan {
            start: s.start,
            length: s.length,
        };
        StoredAnalysis {
            length: a.length,
            first_word: a.first_word,
            speaking: a.speaking,
            speaking_ratio: a.speaking_ratio,
            pause_threshold: a.pause_threshold,
            pauses: a.pauses.iter().map(span).collect(),
            longest_pause: a.longest_pause.as_ref().map(span),
            trailing_silence: a.trailing_silence,
            speech: a.speech.iter().map(span).collect(),
            levels: a.levels,
            // Rates are only stored once measured: an analysis with no speech has none.
            syllables: a.wpm.map(|_| a.syllables),
            pace_time: a.wpm.map(|_| a.pace_time),
            syllables_per_second: a.syllables_per_second,
            wpm: a.wpm,
            fillers: a
                .fillers_per_minute
                .map(|_| a.fillers.iter().map(span).collect()),
            fillers_per_minute: a.fillers_per_minute,
        }
    }
}

impl From<StoredAnalysis> for Analysis {
    fn from(s: StoredAnalysis) -> Analysis {
        let span = |s: StoredSpan| Span {
            start: s.start,
            length: s.length,
        };
        Analysis {
            length: s.length,
            first_word: s.first_word,
            speaking: s.speaking,
            speaking_ratio: s.speaking_ratio,
            pause_threshold: s.pause_threshold,
            pauses: s.pauses.into_iter().map(span).collect(),
            longest_pause: s.longest_pause.map(span),
            trailing_silence: s.trailing_silence,
            speech: s.speech.into_iter().map(span).collect(),
            levels: s.levels,
            syllables: s.syllables.unwrap_or(0),
            pace_time: s.pace_time.unwrap_or_default(),
            syllables_per_second: s.syllables_per_second,
            wpm: s.wpm,
            fillers: s
                .fillers
                .unwrap_or_default()
                .into_iter()
                .map(span)
                .collect(),
            fillers_per_minute: s.fillers_per_minute,
            nuclei: Vec::new(),
        }
    }
}

/// Serde for an optional [`Analysis`] field in its stored shape.
pub mod opt {
    use super::{Analysis, StoredAnalysis};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the stored shape, or null.
    pub fn serialize<S: Serializer>(a: &Option<Analysis>, s: S) -> Result<S::Ok, S::Error> {
        a.as_ref().map(StoredAnalysis::from).serialize(s)
    }

    /// Reads the stored shape, or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Analysis>, D::Error> {
        Ok(Option::<StoredAnalysis>::deserialize(d)?.map(Analysis::from))
    }
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
        assert_eq!(Analysis::from(StoredAnalysis::from(&a)), a);
        let yaml = serde_yaml::to_string(&StoredAnalysis::from(&a)).expect("yaml");
        for field in [
            "wpm: 160",
            "syllables_per_second: 4",
            "fillers:",
            "fillers_per_minute: 1.5",
        ] {
            assert!(yaml.contains(field), "{field} in {yaml}");
        }
        let back: StoredAnalysis = serde_yaml::from_str(&yaml).expect("reads back");
        assert_eq!(Analysis::from(back), a);
    }

    #[test]
    fn an_analysis_stored_before_pace_loads_without_rates() {
        let yaml = "length: 3.0\nfirst_word: 1.0\nspeaking: 1.0\nspeaking_ratio: 0.333\n\
                    pause_threshold: 1.5\nlevels: {peak_db: -3.0, floor_db: -100.0, \
                    speech_db: -20.0, speech_seen: true, clipped_samples: 0}\n";
        let a = Analysis::from(serde_yaml::from_str::<StoredAnalysis>(yaml).expect("loads"));
        assert_eq!(a.wpm, None);
        assert_eq!(a.fillers_per_minute, None);
        assert!(a.fillers.is_empty());
        // And it is written back the way it was read: no rates appear.
        let again = serde_yaml::to_string(&StoredAnalysis::from(&a)).expect("yaml");
        assert!(
            !again.contains("wpm") && !again.contains("fillers"),
            "{again}"
        );
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
            assert!(
                serde_yaml::from_str::<StoredAnalysis>(&yaml).is_err(),
                "{bad}"
            );
        }
    }
}
