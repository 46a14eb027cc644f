//! Personal defaults from a small YAML file: `$REHEARSE_CONFIG`, else
//! `rehearse/config.yaml` in the platform's config directory
//! (`~/.config/rehearse/config.yaml` on Linux). Flags override it; no file
//! in the default place is fine, but a file `REHEARSE_CONFIG` names must
//! exist; a bad one (a bad value, not UTF-8, not a regular file) is an error
//! naming the file and line, exit code 2. Every value is checked as
//! the flag it stands for is.

use crate::app::panel::{Interviewer, MAX_PANEL, Panel, Voice};
use crate::audio::devices::HostKind;
use crate::duration::DURATION_HINT;
use crate::input::raw::{Number, RawDuration, present, trimmed};
use crate::input::schema::{Yaml, duration_what};
use crate::input::yaml::{At, Doc};
use crate::input::{self, Check, Kind, Parsed, Problems, Schema};
use std::path::PathBuf;
use std::time::Duration;

/// Environment variable naming the config file.
pub const CONFIG_ENV: &str = "REHEARSE_CONFIG";

const COUNT_HINT: &str = "write a whole number from 1 to 1000 such as `count: 6`";
const DIR_HINT: &str = "write a directory path such as `recordings_dir: ~/interviews`";
const MODEL_HINT: &str =
    "write the path of a whisper.cpp model file such as `model: ~/models/ggml-base.en.bin`";
const DEVICE_HINT: &str =
    "write a device name from `rehearse devices`, such as `input_device: default`";
const HOST_HINT: &str = "write `host: alsa` or `host: pulse`, or leave the line out for pulse when a server answers, else alsa";

const SPEAK_HINT: &str = "write `speak: true` or `speak: false`";
const AGAIN_HINT: &str = "write `again: true` or `again: false`";
const VOICE_HINT: &str =
    "write an eSpeak NG voice such as `voice: en-us` (`espeak-ng --voices` lists them)";
const RATE_HINT: &str = "write words per minute from 80 to 450, such as `rate: 160`";
const VOLUME_HINT: &str = "write a loudness in per cent from 1 to 200, such as `volume: 100`";
const PITCH_HINT: &str = "write a pitch from 0 to 99, such as `pitch: 50`";
const PANEL_HINT: &str = "write up to three interviewers, each as `- {name: Sam, role: team lead, voice: en-gb+m3, rate: 150, pitch: 35, asks: [behavioural, role]}`";
const PACE_HINT: &str =
    "write words a minute from 40 to 400, such as `pace_min_wpm: 120` and `pace_max_wpm: 160`";
const FILLERS_HINT: &str = "write a number from 0 to 60, such as `max_fillers_per_minute: 3`";

crate::yaml_struct! {
    /// The config file as written.
    #[derive(Debug, Default)]
    struct RawConfig: "a config file" {
        /// Thinking time before each answer, as `--think`.
        think: Option<RawDuration>,
        /// Wrap-up warning before the target, as `--warn`.
        warn: Option<RawDuration>,
        /// Questions per drill and draw, as `-n`: 1 to 1000.
        count: Option<Number> as "a whole number from 1 to 1000" = COUNT_HINT,
        /// Where sessions are saved; a leading `~` and `$VAR` are expanded.
        /// `Some(None)` is a key without a value (a bare `~` is one in YAML).
        #[serde(default, deserialize_with = "present")]
        recordings_dir: Option<Option<String>> as "a directory path" = DIR_HINT,
        /// Microphone for `--record`, as `--input-device`.
        #[serde(default, deserialize_with = "present")]
        input_device: Option<Option<String>> as "a device name" = DEVICE_HINT,
        /// Read questions aloud in `drill`, as `--speak`.
        speak: Option<bool> = SPEAK_HINT,
        /// Ask weak answers again at the end of a drill or interview;
        /// `false` as `--no-again`.
        again: Option<bool> = AGAIN_HINT,
        /// eSpeak NG voice, as `--voice`.
        voice: Option<String> = VOICE_HINT,
        /// Words per minute, as `--rate`: 80 to 450.
        rate: Option<Number> as "a whole number from 80 to 450" = RATE_HINT,
        /// Loudness in per cent, as `--volume`: 1 to 200.
        volume: Option<Number> as "a whole number from 1 to 200" = VOLUME_HINT,
        /// The interviewers `--panel` uses, one to three, in place of the built-in panel.
        panel: Option<Vec<RawMember>> = PANEL_HINT,
        /// Slower than this many words a minute is "too slow": 40 to 400.
        pace_min_wpm: Option<Number> as "words a minute from 40 to 400" = PACE_HINT,
        /// Faster than this is "too fast": 40 to 400, above `pace_min_wpm`.
        pace_max_wpm: Option<Number> as "words a minute from 40 to 400" = PACE_HINT,
        /// More filled pauses a minute than this are flagged: 0 to 60.
        max_fillers_per_minute: Option<Number> as "a number from 0 to 60" = FILLERS_HINT,
        /// Sound system, as `--host`: `pulse` or `alsa`.
        #[serde(default, deserialize_with = "present")]
        host: Option<Option<String>> as "`pulse` or `alsa`" = HOST_HINT,
        /// The Whisper model (a ggml file) for transcripts, as `--model`; a
        /// leading `~` and `$VAR` are expanded.
        #[serde(default, deserialize_with = "present")]
        model: Option<Option<String>> as "a file path" = MODEL_HINT,
    }
}

crate::yaml_struct! {
    /// One interviewer of the panel as written.
    #[derive(Debug, Default)]
    struct RawMember: "an interviewer (a mapping)", "a list of interviewers" {
        /// What the screen calls them: `Sam`.
        name: Option<String> = PANEL_HINT,
        /// Their role, shown after the name: `team lead`.
        role: Option<String> = PANEL_HINT,
        /// Their eSpeak NG voice: `en-gb+m3`.
        voice: Option<String> = VOICE_HINT,
        /// Their words per minute: 80 to 450.
        rate: Option<Number> as "a whole number from 80 to 450" = RATE_HINT,
        /// Their pitch: 0 to 99.
        pitch: Option<Number> as "a whole number from 0 to 99" = PITCH_HINT,
        /// The categories they ask.
        asks: Option<Vec<String>> as "a list of categories" of "a category" = PANEL_HINT,
    }
}

/// The config format.
const SCHEMA: Schema = Schema {
    noun: "config file",
    top: RawConfig::TY,
    top_hint: "write one setting per line, such as `count: 8`; see the README's \"Personal defaults\"",
    subject: |_, _| None,
};

/// How the config file is read.
const CONFIG_FILE: Kind = Kind {
    noun: "config file",
    max_bytes: 1024 * 1024,
    not_found_hint: "REHEARSE_CONFIG names this file; check the path, or unset REHEARSE_CONFIG to use the default place",
    too_big_hint: "a config file is a few lines; check that this is the right file",
};

/// Validated personal defaults.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    /// Thinking time before each answer.
    pub think: Option<Duration>,
    /// Wrap-up warning before the target.
    pub warn: Option<Duration>,
    /// Questions per drill, 1 to 1000.
    pub count: Option<u32>,
    /// Where sessions are saved (`~` and `$VAR` expanded).
    pub recordings_dir: Option<PathBuf>,
    /// Microphone for `--record`.
    pub input_device: Option<String>,
    /// Read questions aloud in `drill`.
    pub speak: bool,
    /// Whether weak answers are asked again; `None` leaves it on.
    pub again: Option<bool>,
    /// eSpeak NG voice without a panel.
    pub voice: Option<String>,
    /// Words per minute without a panel.
    pub rate: Option<u32>,
    /// Loudness in per cent.
    pub volume: Option<u32>,
    /// The panel for `--panel`, in place of the built-in one.
    pub panel: Option<Panel>,
    /// The pace band and the filler rate that is flagged.
    pub pace: PaceBand,
    /// Sound system for recording and playback.
    pub host: Option<HostKind>,
    /// The Whisper model for transcripts (`~` and `$VAR` expanded).
    pub model: Option<PathBuf>,
}

impl Config {
    /// Where the config file is looked for, and whether `REHEARSE_CONFIG`
    /// named it (then it must exist) rather than it being the default place.
    pub fn path() -> Option<(PathBuf, bool)> {
        match std::env::var_os(CONFIG_ENV) {
            Some(p) if !p.is_empty() => Some((PathBuf::from(p), true)),
            _ => dirs::config_dir().map(|d| (d.join("rehearse").join("config.yaml"), false)),
        }
    }

    /// Reads the config file if there is one.
    pub fn load() -> Result<Config, Problems> {
        let Some((path, named)) = Config::path() else {
            return Ok(Config::default());
        };
        Config::load_from(&path, named)
    }

    /// Reads the config file at `path`: when it was `named`, a file that is
    /// not there is an error; in the default place it means no settings.
    pub fn load_from(path: &std::path::Path, named: bool) -> Result<Config, Problems> {
        let name = path.display().to_string();
        let text = if named {
            input::read_text(path, &name, &CONFIG_FILE).map(Some)
        } else {
            input::read_text_if_exists(path, &name, &CONFIG_FILE)
        };
        match text {
            Ok(Some(text)) => Config::parse(&name, &text),
            Ok(None) => Ok(Config::default()),
            Err(p) => Err(Problems(vec![p])),
        }
    }

    /// Parses config text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<Config, Problems> {
        let doc = Doc::new(name, text);
        if doc.is_blank() {
            return Ok(Config::default());
        }
        let mut c = Check::new(&SCHEMA, &doc);
        let raw = match c.parse::<RawConfig>(SCHEMA.top_hint) {
            Parsed::Fits(raw) => Some(raw),
            Parsed::Parts => c.lenient(""),
            Parsed::Nothing => None,
        };
        let config = raw.map(|raw| validate(&mut c, raw));
        match config {
            Some(config) if c.is_clean() => Ok(config),
            _ => Err(Problems(c.into_problems())),
        }
    }
}

/// Checks each value as its flag would be checked.
fn validate(c: &mut Check, raw: RawConfig) -> Config {
    let mut duration = |field: &str, raw: Option<RawDuration>| {
        raw?.parse()
            .map_err(|e| bad(c, field, duration_what(&e, "a duration"), DURATION_HINT))
            .ok()
    };
    let think = duration("think", raw.think);
    let warn = duration("warn", raw.warn);
    let count = whole(c, "count", raw.count, (1.0, 1000.0), COUNT_HINT);
    let rate = whole(c, "rate", raw.rate, RATE_RANGE, RATE_HINT);
    let volume = whole(c, "volume", raw.volume, (1.0, 200.0), VOLUME_HINT);
    let wpm = (40.0, 400.0);
    let min_wpm = number(c, "pace_min_wpm", raw.pace_min_wpm, wpm, false, PACE_HINT);
    let max_wpm = number(c, "pace_max_wpm", raw.pace_max_wpm, wpm, false, PACE_HINT);
    let max_fillers = number(
        c,
        "max_fillers_per_minute",
        raw.max_fillers_per_minute,
        (0.0, 60.0),
        false,
        FILLERS_HINT,
    );
    let recordings_dir = path_setting(
        c,
        "recordings_dir",
        raw.recordings_dir,
        DIR_HINT,
        "write a directory such as `recordings_dir: ~/interviews`; for your home directory itself write `recordings_dir: \"~\"`",
    );
    let model = path_setting(c, "model", raw.model, MODEL_HINT, MODEL_HINT);
    let input_device = raw.input_device.and_then(|d| {
        let d = trimmed(&d).map(str::to_string);
        if d.is_none() {
            bad(c, "input_device", "is empty", DEVICE_HINT);
        }
        d
    });
    let voice = match raw.voice.as_deref().map(str::trim) {
        Some("") => {
            bad(c, "voice", "is empty", VOICE_HINT);
            None
        }
        v => v.map(str::to_string),
    };
    let defaults = PaceBand::default();
    let mut pace = PaceBand {
        min_wpm: min_wpm.unwrap_or(defaults.min_wpm),
        max_wpm: max_wpm.unwrap_or(defaults.max_wpm),
        max_fillers_per_minute: max_fillers.unwrap_or(defaults.max_fillers_per_minute),
    };
    if pace.min_wpm >= pace.max_wpm {
        let field = if max_wpm.is_some() {
            "pace_max_wpm"
        } else {
            "pace_min_wpm"
        };
        bad(
            c,
            field,
            format!(
                "the pace band is empty: {} to {} words a minute",
                pace.min_wpm, pace.max_wpm
            ),
            "make `pace_min_wpm` smaller than `pace_max_wpm` (defaults 120 and 160)",
        );
        pace = defaults;
    }
    let host = raw.host.and_then(|h| {
        let h = h.unwrap_or_default();
        let kind = HostKind::parse(&h);
        if kind.is_none() {
            let what = match h.trim() {
                "" => "is empty".to_string(),
                other => format!(
                    "must be `pulse` or `alsa`, as for `--host`; found `{}`",
                    crate::text::safe(other)
                ),
            };
            bad(c, "host", what, HOST_HINT);
        }
        kind
    });
    let panel = raw.panel.and_then(|members| panel(c, members));
    Config {
        think,
        warn,
        count,
        recordings_dir,
        input_device,
        speak: raw.speak.unwrap_or(false),
        again: raw.again,
        voice,
        rate,
        volume,
        panel,
        pace,
        host,
        model,
    }
}

/// A path setting with `~` and `$VAR` expanded; `hint` says what to write,
/// `bare_hint` what to write instead of a bare `~` (which YAML reads as no value).
fn path_setting(
    c: &mut Check,
    field: &str,
    raw: Option<Option<String>>,
    hint: &str,
    bare_hint: &str,
) -> Option<PathBuf> {
    match raw? {
        None => {
            bad(
                c,
                field,
                "has no value (YAML reads a bare `~` as no value, not as your home directory)",
                bare_hint,
            );
            None
        }
        Some(path) => expand_path(path.trim(), hint)
            .map_err(|(what, hint)| bad(c, field, what, &hint))
            .ok(),
    }
}

/// Reports that the setting at `path` is `what`, naming it.
fn bad(c: &mut Check, path: &str, what: impl std::fmt::Display, hint: &str) {
    c.problem(path, At::Value, format!("`{path}`: {what}"), hint);
}

/// The number at `path` when it lies in `range` and, for a whole-number
/// setting, has no fraction; else reported with what it must be.
fn number(
    c: &mut Check,
    path: &str,
    raw: Option<Number>,
    (lo, hi): (f64, f64),
    whole: bool,
    hint: &str,
) -> Option<f64> {
    let Number(n) = raw?;
    if (lo..=hi).contains(&n) && (!whole || n.fract() == 0.0) {
        return Some(n);
    }
    let kind = if whole { "a whole number from" } else { "from" };
    let n = crate::duration::fmt_number(n);
    bad(
        c,
        path,
        format!("must be {kind} {lo} to {hi}; found {n}"),
        hint,
    );
    None
}

/// The whole number at `path` when it lies in `range`; else reported.
fn whole(
    c: &mut Check,
    path: &str,
    raw: Option<Number>,
    range: (f64, f64),
    hint: &str,
) -> Option<u32> {
    number(c, path, raw, range, true, hint).map(|n| n as u32)
}

/// Words per minute eSpeak NG speaks well at.
const RATE_RANGE: (f64, f64) = (80.0, 450.0);

/// Checks the panel's members: one to three, each named, with a voice, a
/// rate and a pitch in range (the built-in voice, 160 and 50 when left out).
fn panel(c: &mut Check, raw: Vec<RawMember>) -> Option<Panel> {
    if raw.is_empty() || raw.len() > MAX_PANEL {
        let what = format!(
            "has {} interviewers; a panel has one to {MAX_PANEL}",
            raw.len()
        );
        bad(c, "panel", what, PANEL_HINT);
        return None;
    }
    let before = c.found();
    let mut members = Vec::new();
    for (i, m) in raw.into_iter().enumerate() {
        let at = |field: &str| format!("panel[{i}].{field}");
        let name = m.name.as_deref().map(str::trim).unwrap_or_default();
        if name.is_empty() {
            let what = format!("interviewer {} has no `name`", i + 1);
            c.problem(&format!("panel[{i}]"), At::Value, what, PANEL_HINT);
        }
        let voice = m
            .voice
            .as_deref()
            .map(str::trim)
            .unwrap_or(crate::app::panel::DEFAULT_VOICE);
        if voice.is_empty() {
            bad(c, &at("voice"), "is empty", VOICE_HINT);
        }
        let rate = whole(c, &at("rate"), m.rate, RATE_RANGE, RATE_HINT);
        let pitch = whole(c, &at("pitch"), m.pitch, (0.0, 99.0), PITCH_HINT);
        members.push(Interviewer {
            name: name.to_string(),
            role: m.role.unwrap_or_default().trim().to_string(),
            voice: Voice {
                name: voice.to_string(),
                rate: rate.unwrap_or(crate::app::panel::DEFAULT_RATE),
                pitch: pitch.map_or(crate::app::panel::DEFAULT_PITCH, |p| p as u8),
            },
            asks: m.asks.unwrap_or_default(),
        });
    }
    (c.found() == before).then_some(Panel { members })
}

/// Expands a leading `~` or `~/` to the home directory and `$VAR` or
/// `${VAR}` to the variable's value (with `shellexpand`); refuses an empty
/// path, `~NAME` (another user's home), and variables that are unset or empty.
fn expand_path(p: &str, hint: &str) -> Result<PathBuf, (String, String)> {
    let refuse = |what: String, hint: &str| Err((what, hint.to_string()));
    if p.is_empty() {
        return refuse(
            "is empty".into(),
            &format!("{hint}, or leave the line out for the default"),
        );
    }
    if let Some(rest) = p.strip_prefix('~') {
        if let Some(user) = rest.split('/').next().filter(|u| !u.is_empty()) {
            return refuse(
                format!("`~{user}` (another user's home directory) is not expanded"),
                "write the full path, such as `/home/NAME/interviews`, or `~/…` for your own home",
            );
        }
        if dirs::home_dir().is_none() {
            return refuse(
                "starts with `~`, but no home directory is known".into(),
                "write the full path",
            );
        }
    }
    if p.split("${").skip(1).any(|after| !after.contains('}')) {
        return refuse(
            "has `${` without its closing `}`".into(),
            "write `${NAME}` or `$NAME`",
        );
    }
    let var = |name: &str| match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(Some(v)),
        _ => Err(()),
    };
    let home = || dirs::home_dir().map(|h| h.to_string_lossy().into_owned());
    match shellexpand::full_with_context(p, home, var) {
        // `~/x` with a home of `/home/me/` is `/home/me//x` until made components.
        Ok(path) => Ok(std::path::Path::new(path.as_ref()).components().collect()),
        Err(e) => refuse(
            format!("uses `${}`, which is not set", e.var_name),
            "set the variable, or write the path out",
        ),
    }
}

/// The pace a speaker aims for and the filler rate that is flagged: set in
/// the config (`pace_min_wpm`, `pace_max_wpm`, `max_fillers_per_minute`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaceBand {
    /// Slower than this many words a minute is too slow.
    pub min_wpm: f64,
    /// Faster than this is too fast.
    pub max_wpm: f64,
    /// More filled pauses a minute than this are flagged.
    pub max_fillers_per_minute: f64,
}

impl Default for PaceBand {
    /// 120–160 words a minute, the band speaking coaches give for clear
    /// speech; more than 3 fillers a minute flagged.
    fn default() -> PaceBand {
        PaceBand {
            min_wpm: 120.0,
            max_wpm: 160.0,
            max_fillers_per_minute: 3.0,
        }
    }
}

/// Where a speaking rate falls against a [`PaceBand`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speed {
    /// Under the band.
    TooSlow,
    /// In it.
    InBand,
    /// Over it.
    TooFast,
}

impl PaceBand {
    /// Where `wpm` falls.
    pub fn judge(&self, wpm: f64) -> Speed {
        if wpm < self.min_wpm {
            Speed::TooSlow
        } else if wpm > self.max_wpm {
            Speed::TooFast
        } else {
            Speed::InBand
        }
    }

    /// Whether `per_minute` filled pauses are too many.
    pub fn too_many_fillers(&self, per_minute: f64) -> bool {
        per_minute > self.max_fillers_per_minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<String> {
        Config::parse("c.yaml", text)
            .unwrap_err()
            .0
            .iter()
            .map(|p| format!("{p} | {}", p.hint))
            .collect()
    }

    #[test]
    fn a_named_config_file_must_exist_and_the_default_one_need_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nonexistent.yaml");
        let e = Config::load_from(&missing, true).unwrap_err().0;
        assert_eq!(
            e.iter()
                .map(|p| format!("{p} | {}", p.hint))
                .collect::<Vec<_>>(),
            [format!(
                "{}: no such file or directory | REHEARSE_CONFIG names this file; check the path, or unset REHEARSE_CONFIG to use the default place",
                missing.display()
            )]
        );
        assert_eq!(
            Config::load_from(&missing, false).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn a_full_config_parses() {
        let c = Config::parse(
            "c.yaml",
            "think: 3s\nwarn: 10\ncount: 4\nrecordings_dir: /tmp/r\ninput_device: pulse\nhost: alsa\nmodel: /m/ggml-tiny.en.bin\n",
        )
        .unwrap();
        assert_eq!(
            c,
            Config {
                think: Some(Duration::from_secs(3)),
                warn: Some(Duration::from_secs(10)),
                count: Some(4),
                recordings_dir: Some(PathBuf::from("/tmp/r")),
                input_device: Some("pulse".into()),
                host: Some(HostKind::Alsa),
                model: Some(PathBuf::from("/m/ggml-tiny.en.bin")),
                ..Config::default()
            }
        );
        assert_eq!(
            Config::parse("c.yaml", "# nothing\n").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn a_misspelt_field_names_file_line_and_the_fix() {
        assert_eq!(
            shown("count: 4\nthnik: 3s\n"),
            [
                "c.yaml:2:1: unknown field `thnik` | did you mean `think`? valid fields here: think, warn, count, recordings_dir, input_device, speak, again, voice, rate, volume, panel, pace_min_wpm, pace_max_wpm, max_fillers_per_minute, host, model"
            ]
        );
    }

    #[test]
    fn keys_holding_dots_or_brackets_are_unknown_fields_of_the_file() {
        let fields = "think, warn, count, recordings_dir, input_device, speak, again, voice, rate, volume, panel, pace_min_wpm, pace_max_wpm, max_fillers_per_minute, host, model";
        assert_eq!(
            shown("\"a.b\": 1\n\"x[0]\": 2\npanel:\n  - {name: A, \"ro.le\": B}\n"),
            [
                format!("c.yaml:1:1: unknown field `a.b` | valid fields here: {fields}"),
                format!("c.yaml:2:1: unknown field `x[0]` | valid fields here: {fields}"),
                "c.yaml:4:15: unknown field `ro.le` | did you mean `role`? valid fields here: name, role, voice, rate, pitch, asks".to_string(),
            ]
        );
    }

    #[test]
    fn each_bad_value_names_its_line_and_column() {
        assert_eq!(
            shown("count: 4\nwarn: soon\nthink: 99999999999999999999\n"),
            [
                format!("c.yaml:2:7: `warn`: cannot read `soon` as a duration | {DURATION_HINT}"),
                format!(
                    "c.yaml:3:8: `think`: duration `99999999999999999999` is out of range: at most 24h | {DURATION_HINT}"
                ),
            ]
        );
        // A day is the longest a session records, so the longest accepted.
        assert_eq!(
            shown("think: 25h\n"),
            [format!(
                "c.yaml:1:8: `think`: duration `25h` is out of range: at most 24h | {DURATION_HINT}"
            )]
        );
    }

    #[test]
    fn count_is_checked_as_the_flag_is() {
        for bad in ["0", "1001", "100000", "2.5", "-3", "1e300"] {
            let got = shown(&format!("count: {bad}\n"));
            assert_eq!(
                got,
                [format!(
                    "c.yaml:1:8: `count`: must be a whole number from 1 to 1000; found {bad} | {COUNT_HINT}"
                )],
                "count: {bad}"
            );
        }
        assert_eq!(
            shown("count: [1]\n"),
            [format!(
                "c.yaml:1:8: `count` has the wrong type: expected a whole number from 1 to 1000, found a list | {COUNT_HINT}"
            )]
        );
        let ok = Config::parse("c.yaml", "count: 1000\n").unwrap();
        assert_eq!(ok.count, Some(1000));
    }

    #[test]
    fn model_expands_home_and_refuses_no_value() {
        let home = dirs::home_dir().unwrap();
        let c = Config::parse("c.yaml", "model: ~/m/ggml-base.en.bin\n").unwrap();
        assert_eq!(c.model, Some(home.join("m/ggml-base.en.bin")));
        assert_eq!(
            shown("model:\n"),
            [format!(
                "c.yaml:1:6: `model`: has no value (YAML reads a bare `~` as no value, not as your home directory) | {MODEL_HINT}"
            )]
        );
        assert_eq!(
            shown("model: ''\n"),
            [format!(
                "c.yaml:1:8: `model`: is empty | {MODEL_HINT}, or leave the line out for the default"
            )]
        );
    }

    #[test]
    fn recordings_dir_expands_home_and_variables_and_refuses_the_rest() {
        let home = dirs::home_dir().unwrap();
        let dir = |text: &str| {
            Config::parse("c.yaml", text)
                .unwrap()
                .recordings_dir
                .unwrap()
        };
        assert_eq!(dir("recordings_dir: ~/x\n"), home.join("x"));
        assert_eq!(dir("recordings_dir: '~'\n"), home);
        // SAFETY-free: tests read a variable every environment has.
        let path = std::env::var("PATH").unwrap();
        assert_eq!(
            dir("recordings_dir: /a/$PATH/b\n"),
            PathBuf::from(format!("/a/{path}/b"))
        );
        assert_eq!(
            dir("recordings_dir: /a/${PATH}b\n"),
            PathBuf::from(format!("/a/{path}b"))
        );
        assert_eq!(dir("recordings_dir: /a$/b\n"), PathBuf::from("/a$/b"));
        assert_eq!(
            dir("recordings_dir: /a/${REHEARSE_SURELY_UNSET_VAR:-fallback}\n"),
            PathBuf::from("/a/fallback")
        );
        let cases = [
            (
                "recordings_dir: ~\n",
                "c.yaml:1:17: `recordings_dir`: has no value",
            ),
            (
                "recordings_dir:\n",
                "c.yaml:1:15: `recordings_dir`: has no value",
            ),
            (
                "recordings_dir: ''\n",
                "c.yaml:1:17: `recordings_dir`: is empty",
            ),
            (
                "recordings_dir: ~root/x\n",
                "c.yaml:1:17: `recordings_dir`: `~root` (another user's home directory) is not expanded",
            ),
            (
                "recordings_dir: $REHEARSE_SURELY_UNSET_VAR/x\n",
                "c.yaml:1:17: `recordings_dir`: uses `$REHEARSE_SURELY_UNSET_VAR`, which is not set",
            ),
            (
                "recordings_dir: /x/${HOME\n",
                "c.yaml:1:17: `recordings_dir`: has `${` without its closing `}`",
            ),
        ];
        for (text, want) in cases {
            let got = shown(text);
            assert_eq!(got.len(), 1, "{text}");
            assert!(got[0].starts_with(want), "{text}: {}", got[0]);
        }
    }

    #[test]
    fn the_pace_band_and_filler_threshold_default_and_can_be_set() {
        let none = Config::parse("c.yaml", "count: 5\n").expect("parses");
        assert_eq!(none.pace, PaceBand::default());
        let set = Config::parse(
            "c.yaml",
            "pace_min_wpm: 110\npace_max_wpm: 150\nmax_fillers_per_minute: 2.5\n",
        )
        .expect("parses");
        assert_eq!(
            set.pace,
            PaceBand {
                min_wpm: 110.0,
                max_wpm: 150.0,
                max_fillers_per_minute: 2.5
            }
        );
    }

    #[test]
    fn a_host_other_than_pulse_or_alsa_is_refused() {
        assert_eq!(
            shown("host: jack\n"),
            [format!(
                "c.yaml:1:7: `host`: must be `pulse` or `alsa`, as for `--host`; found `jack` | {HOST_HINT}"
            )]
        );
        assert_eq!(
            Config::parse("c.yaml", "host: Pulse\n").unwrap().host,
            Some(HostKind::Pulse)
        );
    }

    #[test]
    fn a_bad_or_empty_pace_band_names_its_line() {
        for (text, want) in [
            (
                "pace_min_wpm: 5\n",
                "c.yaml:1:15: `pace_min_wpm`: must be from 40 to 400; found 5",
            ),
            (
                "pace_min_wpm: 170\n",
                "c.yaml:1:15: `pace_min_wpm`: the pace band is empty: 170 to 160 words a minute",
            ),
            (
                "max_fillers_per_minute: -1\n",
                "c.yaml:1:25: `max_fillers_per_minute`: must be from 0 to 60; found -1",
            ),
        ] {
            let shown = shown(text);
            assert!(
                shown.iter().any(|l| l.starts_with(want)),
                "{text}: {shown:?}"
            );
        }
    }

    #[test]
    fn an_empty_device_is_refused() {
        assert_eq!(
            shown("input_device: ' '\n"),
            [format!(
                "c.yaml:1:15: `input_device`: is empty | {DEVICE_HINT}"
            )]
        );
    }

    #[test]
    fn speech_settings_and_a_panel_parse() {
        let c = Config::parse(
            "c.yaml",
            "speak: true\nvoice: en-us\nrate: 170\nvolume: 80\npanel:\n  - {name: Kim, role: CTO, voice: en-gb+m1, rate: 140, pitch: 30, asks: [case]}\n  - name: Lee\n",
        )
        .unwrap();
        assert!(c.speak);
        assert_eq!(
            (c.voice.as_deref(), c.rate, c.volume),
            (Some("en-us"), Some(170), Some(80))
        );
        let panel = c.panel.unwrap();
        assert_eq!(panel.members[0].label(), "Kim, CTO");
        assert_eq!(
            panel.members[0].voice,
            Voice {
                name: "en-gb+m1".into(),
                rate: 140,
                pitch: 30
            }
        );
        assert_eq!(panel.asker("case").name, "Kim");
        assert_eq!(panel.members[1].voice, Voice::default());
    }

    #[test]
    fn again_false_turns_the_again_round_off_and_takes_only_true_or_false() {
        let c = |text| Config::parse("c.yaml", text).unwrap().again;
        assert_eq!(
            (c("again: false\n"), c("again: true\n"), c("")),
            (Some(false), Some(true), None)
        );
        assert_eq!(
            shown("again: never\n"),
            [format!(
                "c.yaml:1:8: `again` has the wrong type: expected true or false, found text `never` | {AGAIN_HINT}"
            )]
        );
    }

    #[test]
    fn bad_speech_settings_name_their_line() {
        assert_eq!(
            shown("rate: 20\nspeak: yes please\n"),
            [
                format!(
                    "c.yaml:1:7: `rate`: must be a whole number from 80 to 450; found 20 | {RATE_HINT}"
                ),
                format!(
                    "c.yaml:2:8: `speak` has the wrong type: expected true or false, found text `yes please` | {SPEAK_HINT}"
                ),
            ]
        );
        assert_eq!(
            shown("panel:\n  - name: A\n    pitch: 120\n  - role: HR\n"),
            [
                format!(
                    "c.yaml:3:12: `panel[0].pitch`: must be a whole number from 0 to 99; found 120 | {PITCH_HINT}"
                ),
                format!("c.yaml:4:5: interviewer 2 has no `name` | {PANEL_HINT}"),
            ]
        );
        assert_eq!(
            shown("panel:\n  - name: A\n    colour: red\n"),
            [
                "c.yaml:3:5: unknown field `colour` | valid fields here: name, role, voice, rate, pitch, asks"
            ]
        );
        let four = "panel: [{name: A}, {name: B}, {name: C}, {name: D}]\n";
        assert_eq!(
            shown(four),
            [format!(
                "c.yaml:1:8: `panel`: has 4 interviewers; a panel has one to 3 | {PANEL_HINT}"
            )]
        );
    }
}
