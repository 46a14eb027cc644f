//! Saved sessions: `recordings/<session-id>/session.yaml`, written atomically
//! after every answer so that killing the program loses nothing already answered.
//!
//! The format is documented in `recordings/README.md` and typed here: lengths
//! of time through one adapter ([`secs`]), times as [`Timestamp`], `kind` and
//! `verdict` as enums, ratings 1–5, recordings as plain file names inside the
//! session directory, and a version check. A file that breaks any of that is
//! *damaged* ([`Damage`], with the reason), never a panic. In memory a
//! length is a `Duration` to the millisecond (what [`secs::length`] makes of
//! a measured one), at most a day. Bump
//! [`FORMAT_VERSION`] on any change that old readers would misread, and
//! migrate older versions in [`load`].

pub mod analysis;
mod check;
pub mod coach;
#[cfg(test)]
mod coach_heldout;
pub mod consistency;
pub mod history;
pub mod secs;
pub mod stats;
pub mod store;
mod time;
pub mod transcript;

pub use check::{Damage, load};
pub use time::{Timestamp, now};

use anyhow::{Context, Result};
use check::YES_NO;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The `version` written into every `session.yaml`.
pub const FORMAT_VERSION: u32 = 2;

/// Environment variable naming the recordings directory.
pub const RECORDINGS_ENV: &str = "REHEARSE_RECORDINGS";

crate::yaml_struct! {
    /// One practice session.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Session: "a session (a mapping of `version`, `id`, `kind`, …)" {
        /// Format version of this file.
        pub version: u32 as "a format version number",
        /// The directory name under the recordings directory.
        pub id: String,
        /// What kind of run.
        pub kind: Kind,
        /// When the session started.
        pub started: Timestamp,
        /// When it ended, if it did.
        #[serde(default)]
        pub finished: Option<Timestamp>,
        /// Whether every drawn question was reached (not ended early or killed).
        pub completed: bool as YES_NO,
        /// How a drill was set up (drills only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub settings: Option<Settings>,
        /// Answers in the order given (drills).
        #[serde(default)]
        pub items: Vec<Item>,
        /// The timed talk (presentations only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub talk: Option<Talk>,
    }
}

crate::yaml_struct! {
    /// A presentation run against a plan.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Talk: "a mapping" {
        /// The plan's title.
        pub title: String,
        /// The plan file as given, or `--minutes N`.
        pub plan: String,
        /// Each section: planned against actual.
        pub sections: Vec<PartTime>,
        /// Every time a section was entered, in order (going back enters again), in
        /// talk time (pauses excluded, so also offsets into the recording).
        #[serde(default)]
        pub visits: Vec<Visit>,
        /// Planned length.
        #[serde(with = "secs")]
        pub planned: Duration,
        /// Time talking, pauses excluded.
        #[serde(with = "secs")]
        pub total: Duration,
        /// Time paused.
        #[serde(with = "secs")]
        pub paused: Duration,
        /// The whole talk's recording.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recording: Option<Recording>,
        /// What the recording shows.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "analysis::stored"
        )]
        pub analysis: Option<analysis::Analysis>,
        /// What was said, when the recording was transcribed (format version 2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transcript: Option<transcript::Transcript>,
    }
}

crate::yaml_struct! {
    /// Entering a section.
    #[derive(Debug, Clone, Copy, PartialEq, Serialize)]
    pub struct Visit: "a mapping" {
        /// Index into `sections`.
        pub section: usize,
        /// Talk time when it was entered.
        #[serde(with = "secs")]
        pub at: Duration,
    }
}

crate::yaml_struct! {
    /// The settings a drill ran with, enough to repeat it.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Settings: "a mapping" {
        /// Seed of the draw.
        pub seed: u64,
        /// Questions asked for.
        pub count: u32,
        /// `--category` filters.
        #[serde(default)]
        pub categories: Vec<String>,
        /// `--tag` filters.
        #[serde(default)]
        pub tags: Vec<String>,
        /// Banks loaded: `builtin` and/or paths.
        #[serde(default)]
        pub banks: Vec<String>,
        /// Think time before each answer.
        #[serde(with = "secs")]
        pub think: Duration,
        /// Wrap-up warning before the target.
        #[serde(with = "secs")]
        pub warn: Duration,
        /// `--target` override.
        #[serde(default, with = "secs::opt")]
        pub target: Option<Duration>,
        /// Whether answers stop at max.
        pub hard_stop: bool as YES_NO,
        /// Whether follow-ups were asked.
        pub follow_ups: bool as YES_NO,
        /// Whether answers were recorded, and from which device.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub input_device: Option<String>,
    }
}

crate::yaml_struct! {
    /// One answer.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Item: "a mapping" {
        /// Question id from the bank.
        pub id: String,
        /// The question as asked.
        pub text: String,
        /// Its category.
        pub category: String,
        /// "Too short" below this.
        #[serde(default, with = "secs::opt")]
        pub min: Option<Duration>,
        /// Target length.
        #[serde(with = "secs")]
        pub target: Duration,
        /// "Over time" above this.
        #[serde(with = "secs")]
        pub max: Duration,
        /// When the answer started, from the session start.
        #[serde(with = "secs")]
        pub start: Duration,
        /// Time spent answering, pauses excluded.
        #[serde(with = "secs")]
        pub duration: Duration,
        /// Time spent paused.
        #[serde(with = "secs")]
        pub paused: Duration,
        /// The timing verdict.
        pub verdict: Verdict,
        /// Self-rating 1–5, if given.
        #[serde(default, deserialize_with = "check::rating")]
        pub rating: Option<u8> as "a rating from 1 to 5, or null",
        /// For a follow-up: the 1-based position in `items` of an earlier answer it follows.
        #[serde(default)]
        pub follow_up_of: Option<usize>,
        /// The answer's recording, when recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recording: Option<Recording>,
        /// What the recording shows: first word, speaking time, pauses.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "analysis::stored"
        )]
        pub analysis: Option<analysis::Analysis>,
        /// Time per part, for a question with parts (e.g. STAR).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub parts: Vec<PartTime>,
        /// What was said, when the recording was transcribed (format version 2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transcript: Option<transcript::Transcript>,
    }
}

crate::yaml_struct! {
    /// One part of an answer (e.g. STAR) or one section of a talk: planned
    /// against actual.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct PartTime: "a mapping" {
        /// Its name in the bank or the plan.
        pub name: String,
        /// Its budget.
        #[serde(with = "secs")]
        pub planned: Duration,
        /// Time spent in it (all visits).
        #[serde(with = "secs")]
        pub actual: Duration,
        /// A talk section's first entry, in talk time: `Some(None)`
        /// (written `null`) if never reached. Answers' parts leave it out (`None`).
        #[serde(default, skip_serializing_if = "Option::is_none", with = "secs::maybe")]
        pub start: Option<Option<Duration>>,
    }
}

crate::yaml_struct! {
    /// A recorded answer's WAV file.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Recording: "a mapping" {
        /// File name within the session directory: no `/`, not `.` or `..`.
        #[serde(deserialize_with = "check::file_name")]
        pub file: String as "a file name inside the session directory (no `/`, not `..`)",
        /// Recorded length.
        #[serde(with = "secs")]
        pub length: Duration,
        /// Sample rate, Hz.
        pub rate: u32,
        /// Samples lost because the writer fell behind.
        pub dropped: u64,
        /// Over- and underruns reported by the device.
        pub xruns: u64,
        /// Times the microphone delivered nothing for 1.5 s or longer.
        #[serde(default, skip_serializing_if = "no_stalls")]
        pub stalls: u64,
        /// What went wrong while recording, if anything.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<String>,
    }
}

/// Whether a recording had no stalls, which its entry then leaves out.
fn no_stalls(n: &u64) -> bool {
    *n == 0
}

/// What kind of run a session was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `rehearse drill`: questions answered one by one.
    Drill,
    /// `rehearse interview`: a whole mock interview, part by part.
    Interview,
    /// `rehearse present`: a timed talk against a plan.
    Present,
}

impl Kind {
    /// As written in the file and shown.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Drill => "drill",
            Kind::Interview => "interview",
            Kind::Present => "present",
        }
    }
}

/// How an answer's length compared with its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Shorter than min.
    TooShort,
    /// Between min and max.
    OnTarget,
    /// Longer than max (or stopped there by `--hard-stop`).
    Over,
    /// Skipped.
    Skipped,
}

impl Verdict {
    /// As shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::TooShort => "too short",
            Verdict::OnTarget => "on target",
            Verdict::Over => "over",
            Verdict::Skipped => "skipped",
        }
    }
}

/// The recordings directory: the flag, else `$REHEARSE_RECORDINGS`, else the
/// config file's, else one place per user whatever the current directory:
/// `rehearse/recordings` in the platform's data directory
/// (`~/.local/share/rehearse/recordings` on Linux). A data directory that is
/// not an absolute path (a relative `HOME`) or cannot be found is a
/// misconfiguration, refused rather than resolved against whatever the
/// current directory happens to be.
pub fn recordings_dir(
    flag: Option<&Path>,
    config: Option<&Path>,
) -> Result<PathBuf, crate::error::BadInput> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(RECORDINGS_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(p) = config {
        return Ok(p.to_path_buf());
    }
    let what = match dirs::data_dir() {
        Some(d) if d.is_absolute() => return Ok(d.join("rehearse").join("recordings")),
        Some(d) => format!(
            "the data directory `{}` is not an absolute path (HOME is `{}`)",
            crate::text::safe(&d.display().to_string()),
            crate::text::safe(
                &std::env::var_os("HOME")
                    .unwrap_or_default()
                    .to_string_lossy()
            ),
        ),
        None => "no home directory: the data directory cannot be found".to_string(),
    };
    Err(crate::error::BadInput::new(
        what,
        "set HOME to the full path of your home directory, or name where sessions go with --recordings-dir DIR (or REHEARSE_RECORDINGS)",
    ))
}

/// Creates a fresh session directory named after the start time, such as
/// `20261122-143005`, adding `-2`, `-3`, … if that name is taken.
pub fn create_dir(root: &Path, started: &Timestamp) -> Result<(String, PathBuf)> {
    std::fs::create_dir_all(root)
        .with_context(|| format!("cannot create the recordings directory {}", root.display()))?;
    let base = started.compact();
    for n in 1..1000 {
        let id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let dir = root.join(&id);
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok((id, dir)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create {}", dir.display()));
            }
        }
    }
    anyhow::bail!("cannot find a free session name under {}", root.display())
}

/// Writes `session.yaml` in `dir` atomically: a temporary file, synced, then renamed.
pub fn save(dir: &Path, session: &Session) -> Result<PathBuf> {
    let path = dir.join("session.yaml");
    let tmp = dir.join(".session.yaml.tmp");
    let text = serde_yaml::to_string(session).context("cannot serialise the session")?;
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    };
    // A failed save leaves nothing half-written behind.
    write()
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
        .with_context(|| format!("cannot save {}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drill session of `n` recorded answers, each with an analysis of 30
    /// stretches of speech (as benches/history.rs makes them).
    fn session(n: usize) -> String {
        let mut s = String::from(
            "version: 1\nid: 20260101-000000\nkind: drill\nstarted: 2026-01-01T00:00:00Z\ncompleted: true\nitems:\n",
        );
        for k in 0..n {
            s.push_str(&format!(
                "- id: q-{k}\n  text: Tell us about situation number {k}.\n  category: c\n  min: 45.0\n  target: 90.0\n  max: 120.0\n  start: {k}.0\n  duration: 40.5\n  paused: 0.0\n  verdict: on-target\n  rating: 3\n  recording:\n    file: {k}.wav\n    length: 100.0\n    rate: 48000\n    dropped: 0\n    xruns: 0\n  analysis:\n    length: 100.0\n    first_word: 1.25\n    speaking: 80.0\n    speaking_ratio: 0.8\n    pause_threshold: 1.5\n    pauses: []\n    longest_pause: null\n    trailing_silence: 1.0\n    speech:\n"
            ));
            for p in 0..30 {
                s.push_str(&format!("    - start: {p}.5\n      length: 2.5\n"));
            }
            s.push_str("    levels:\n      peak_db: -3.0\n      floor_db: -60.0\n      speech_db: -20.0\n      speech_seen: true\n      clipped_samples: 0\n");
        }
        s
    }

    #[test]
    fn reading_a_session_holds_about_twenty_bytes_for_each_byte_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.yaml");
        let text = session(500);
        std::fs::write(&path, &text).unwrap();
        let (read, peak) = crate::input::heap::peak(|| load(&path));
        assert_eq!(read.unwrap().items.len(), 500);
        assert!(
            peak < 22 * text.len(),
            "{peak} bytes held for {} bytes",
            text.len()
        );
    }

    fn sample() -> Session {
        Session {
            version: FORMAT_VERSION,
            id: "20261122-010203".into(),
            kind: Kind::Drill,
            started: Timestamp::parse_rfc3339("2026-11-22T01:02:03Z").unwrap(),
            finished: None,
            completed: false,
            settings: Some(Settings {
                seed: 7,
                count: 2,
                categories: vec!["behavioural".into()],
                tags: vec![],
                banks: vec!["builtin".into()],
                think: Duration::from_secs(5),
                warn: Duration::from_secs(15),
                target: None,
                hard_stop: false,
                follow_ups: true,
                input_device: None,
            }),
            talk: None,
            items: vec![Item {
                id: "q".into(),
                text: "Why?".into(),
                category: "motivation".into(),
                min: Some(Duration::from_secs(30)),
                target: Duration::from_secs(60),
                max: Duration::from_secs(90),
                start: Duration::from_secs(5),
                duration: Duration::from_millis(61_250),
                paused: Duration::from_millis(2500),
                verdict: Verdict::OnTarget,
                rating: Some(4),
                follow_up_of: None,
                recording: None,
                analysis: None,
                parts: Vec::new(),
                transcript: None,
            }],
        }
    }

    #[test]
    fn parts_leave_out_start_and_unreached_sections_write_null_as_before() {
        let part = |start| PartTime {
            name: "Open".into(),
            planned: Duration::from_secs(30),
            actual: Duration::from_millis(12_500),
            start,
        };
        let four = Some(Some(Duration::from_secs(4)));
        let all = [part(None), part(Some(None)), part(four)];
        let text = serde_yaml::to_string(&all).unwrap();
        let entry = "- name: Open\n  planned: 30.0\n  actual: 12.5\n";
        let want = format!("{entry}{entry}  start: null\n{entry}  start: 4.0\n");
        assert_eq!(text, want);
        assert_eq!(serde_yaml::from_str::<Vec<PartTime>>(&text).unwrap(), all);
    }

    #[test]
    fn a_saved_session_reads_back_identically_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = save(dir.path(), &sample()).unwrap();
        assert_eq!(load(&path).unwrap(), sample());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["session.yaml"]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("verdict: on-target"), "{text}");
    }

    #[test]
    fn a_transcript_is_saved_as_version_2_and_a_word_out_of_range_damages_the_file() {
        use transcript::{Transcript, Word};
        let dir = tempfile::tempdir().unwrap();
        let mut s = sample();
        s.items[0].transcript = Some(Transcript {
            text: "Um, we shipped it.".into(),
            words: vec![
                Word {
                    text: "Um,".into(),
                    start: 0.5,
                    end: 0.8,
                },
                Word {
                    text: "we".into(),
                    start: 1.0,
                    end: 1.2,
                },
            ],
        });
        let path = save(dir.path(), &s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("version: 2\n"), "{text}");
        assert!(
            text.contains("transcript:\n    text: Um, we shipped it."),
            "{text}"
        );
        let bad = text.replace("start: 1.0", "start: -1.0");
        assert_ne!(bad, text);
        let why = check::parse(&bad).unwrap_err().reason;
        assert!(why.contains("items[0].transcript.words[1].start"), "{why}");
        assert!(why.contains("a length in seconds"), "{why}");
    }

    #[test]
    fn control_characters_are_printed_as_escapes() {
        assert_eq!(crate::text::safe("20261122-143005"), "20261122-143005");
        assert_eq!(crate::text::safe("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb ");
    }

    #[test]
    fn session_directories_never_collide() {
        let root = tempfile::tempdir().unwrap();
        let t = Timestamp::from_unix(1_795_000_000);
        let (a, _) = create_dir(root.path(), &t).unwrap();
        let (b, _) = create_dir(root.path(), &t).unwrap();
        assert_eq!(b, format!("{a}-2"));
    }
}
