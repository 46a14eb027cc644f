//! The session file's records: the session, its settings, items, parts,
//! recordings and talk, with how each field is written; where a session
//! directory is made and how a session is saved.

use super::time::Timestamp;
use super::{analysis, fields, secs, transcript};
use anyhow::{Context, Result};
use fields::YES_NO;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The `version` written into every `session.yaml`.
pub const FORMAT_VERSION: u32 = 3;

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
        #[serde(default, deserialize_with = "fields::rating")]
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
        /// The user's note on this answer, typed after it or in a replay.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub note: Option<String>,
        /// Left out of stats and `--focus` (still replayed and listed).
        #[serde(default, skip_serializing_if = "is_false")]
        pub excluded: bool as YES_NO,
        /// Which try at the question the fields above are: the one that
        /// counts (format version 3; 1 when left out).
        #[serde(default = "first_take", skip_serializing_if = "is_first_take")]
        pub take: u32 as TAKE,
        /// The other tries at the question, kept (retakes, an answer asked
        /// again), in the order given (format version 3).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub takes: Vec<Take>,
    }
}

crate::yaml_struct! {
    /// A try at an item's question other than the one that counts: the
    /// answer's own fields, as the item has them.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Take: "a mapping" {
        /// Its number among the item's tries, from 1.
        pub take: u32 as TAKE,
        /// When it started, from the session start.
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
        #[serde(default, deserialize_with = "fields::rating")]
        pub rating: Option<u8> as "a rating from 1 to 5, or null",
        /// Its recording, when recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recording: Option<Recording>,
        /// What the recording shows.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "analysis::stored"
        )]
        pub analysis: Option<analysis::Analysis>,
        /// Time per part.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub parts: Vec<PartTime>,
        /// What was said, when transcribed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transcript: Option<transcript::Transcript>,
    }
}

/// What a take number takes.
const TAKE: &str = "a take number, 1 or more";

fn first_take() -> u32 {
    1
}

fn is_first_take(n: &u32) -> bool {
    *n == 1
}

impl Item {
    /// The item's answer, the one that counts, as a take.
    pub fn counted(&self) -> Take {
        Take {
            take: self.take,
            start: self.start,
            duration: self.duration,
            paused: self.paused,
            verdict: self.verdict,
            rating: self.rating,
            recording: self.recording.clone(),
            analysis: self.analysis.clone(),
            parts: self.parts.clone(),
            transcript: self.transcript.clone(),
        }
    }

    /// Every try at the question in the order given, the one that counts
    /// among them: one for an item never retaken.
    pub fn all_takes(&self) -> Vec<Take> {
        let mut all = self.takes.clone();
        all.push(self.counted());
        all.sort_by_key(|t| t.take);
        all
    }

    /// How many tries the question had.
    pub fn take_count(&self) -> usize {
        self.takes.len() + 1
    }

    /// Puts `take` in the item's answer fields and gives back what they held.
    fn swap_answer(&mut self, mut take: Take) -> Take {
        std::mem::swap(&mut self.take, &mut take.take);
        std::mem::swap(&mut self.start, &mut take.start);
        std::mem::swap(&mut self.duration, &mut take.duration);
        std::mem::swap(&mut self.paused, &mut take.paused);
        std::mem::swap(&mut self.verdict, &mut take.verdict);
        std::mem::swap(&mut self.rating, &mut take.rating);
        std::mem::swap(&mut self.recording, &mut take.recording);
        std::mem::swap(&mut self.analysis, &mut take.analysis);
        std::mem::swap(&mut self.parts, &mut take.parts);
        std::mem::swap(&mut self.transcript, &mut take.transcript);
        take
    }

    /// A new try at the question: `answer` becomes the take that counts
    /// (numbered after every earlier one, whatever its `take` says) and the
    /// one that counted so far is kept in `takes`.
    pub fn retake(&mut self, mut answer: Take) {
        answer.take = self.all_takes().last().map_or(1, |t| t.take) + 1;
        let old = self.swap_answer(answer);
        self.takes.push(old);
        self.takes.sort_by_key(|t| t.take);
    }

    /// Makes take number `n` the one that counts; false if there is none.
    pub fn count_take(&mut self, n: u32) -> bool {
        if n == self.take {
            return true;
        }
        let Some(i) = self.takes.iter().position(|t| t.take == n) else {
            return false;
        };
        let chosen = self.takes.remove(i);
        let old = self.swap_answer(chosen);
        self.takes.push(old);
        self.takes.sort_by_key(|t| t.take);
        true
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
        #[serde(deserialize_with = "fields::file_name")]
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

/// Whether an answer is not excluded, which its entry then leaves out.
fn is_false(b: &bool) -> bool {
    !*b
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

impl crate::input::schema::Yaml for Kind {
    const TY: crate::input::schema::Ty =
        crate::input::schema::Ty::leaf("`drill`, `interview` or `present`");
}

impl crate::input::schema::Yaml for Verdict {
    const TY: crate::input::schema::Ty =
        crate::input::schema::Ty::leaf("`too-short`, `on-target`, `over` or `skipped`");
}
