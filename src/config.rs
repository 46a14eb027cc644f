//! Personal defaults from a small YAML file: `$REHEARSE_CONFIG`, else
//! `rehearse/config.yaml` in the platform's config directory
//! (`~/.config/rehearse/config.yaml` on Linux). Flags override it; a missing
//! file is fine; a bad one (a bad value, not UTF-8, not a regular file) is
//! an error naming the file and line, exit code 2. Every value is checked as
//! the flag it stands for is.

use crate::audio::devices::HostKind;
use crate::duration::DURATION_HINT;
use crate::input::raw::{Number, RawDuration, present};
use crate::input::schema::duration_what;
use crate::input::yaml::{At, Doc};
use crate::input::{self, Field, Findings, Kind, Parsed, Problems, Schema};
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

/// Environment variable naming the config file.
pub const CONFIG_ENV: &str = "REHEARSE_CONFIG";

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Thinking time before each answer, as `--think`.
    think: Option<RawDuration>,
    /// Wrap-up warning before the target, as `--warn`.
    warn: Option<RawDuration>,
    /// Questions per drill and draw, as `-n`: 1 to 1000.
    count: Option<Number>,
    /// Where sessions are saved; a leading `~` and `$VAR` are expanded.
    /// `Some(None)` is a key without a value (a bare `~` is one in YAML).
    #[serde(default, deserialize_with = "present")]
    recordings_dir: Option<Option<String>>,
    /// Microphone for `--record`, as `--input-device`.
    #[serde(default, deserialize_with = "present")]
    input_device: Option<Option<String>>,
    /// Sound system, as `--host`: `pulse` or `alsa`.
    #[serde(default, deserialize_with = "present")]
    host: Option<Option<String>>,
}

const COUNT_HINT: &str = "write a whole number from 1 to 1000 such as `count: 6`";
const DIR_HINT: &str = "write a directory path such as `recordings_dir: ~/interviews`";
const DEVICE_HINT: &str =
    "write a device name from `rehearse devices`, such as `input_device: pulse`";
const HOST_HINT: &str = "write `host: alsa` or `host: pulse`, or leave the line out for alsa";

const FIELDS: &[Field] = &[
    Field::duration("think"),
    Field::duration("warn"),
    Field::new("count", "a whole number from 1 to 1000", COUNT_HINT),
    Field::new("recordings_dir", "a directory path", DIR_HINT),
    Field::new("input_device", "a device name", DEVICE_HINT),
    Field::new("host", "`pulse` or `alsa`", HOST_HINT),
];

/// The config format.
const SCHEMA: Schema = Schema {
    noun: "config file",
    maps: &[("", FIELDS)],
    items: &[],
    top_hint: "write one setting per line, such as `count: 8`; see the README's \"Personal defaults\"",
    subject: |_, _| None,
};

/// How the config file is read.
const CONFIG_FILE: Kind = Kind {
    noun: "config file",
    max_bytes: 1024 * 1024,
    not_found_hint: "check the path in REHEARSE_CONFIG",
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
    /// Sound system for recording and playback.
    pub host: Option<HostKind>,
}

impl Config {
    /// Where the config file is looked for.
    pub fn path() -> Option<PathBuf> {
        match std::env::var_os(CONFIG_ENV) {
            Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
            _ => dirs::config_dir().map(|d| d.join("rehearse").join("config.yaml")),
        }
    }

    /// Reads the config file if there is one.
    pub fn load() -> Result<Config, Problems> {
        let Some(path) = Config::path() else {
            return Ok(Config::default());
        };
        let name = path.display().to_string();
        match input::read_text_if_exists(&path, &name, &CONFIG_FILE) {
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
        let mut f = Findings::default();
        let raw = match SCHEMA.parse::<RawConfig>(&doc, &mut f) {
            Parsed::Fits(raw) => Some(raw),
            Parsed::Parts => SCHEMA.lenient(&doc, "", &mut f),
            Parsed::Nothing => None,
        };
        let config = raw.map(|raw| validate(&doc, raw, &mut f));
        match config {
            Some(c) if f.is_empty() => Ok(c),
            _ => Err(Problems(f.into_sorted())),
        }
    }
}

/// Checks each value as its flag would be checked.
fn validate(doc: &Doc, raw: RawConfig, f: &mut Findings) -> Config {
    let mut bad = |field: &str, what: String, hint: &str| {
        f.push(SCHEMA.problem(doc, field, At::Value, format!("`{field}`: {what}"), hint));
    };
    let mut duration = |field: &str, raw: Option<RawDuration>| {
        raw?.parse()
            .map_err(|e| bad(field, duration_what(&e, "a duration"), DURATION_HINT))
            .ok()
    };
    let think = duration("think", raw.think);
    let warn = duration("warn", raw.warn);
    let count = raw.count.and_then(|Number(n)| {
        if n.fract() == 0.0 && (1.0..=1000.0).contains(&n) {
            Some(n as u32)
        } else {
            let n = crate::duration::fmt_number(n);
            bad(
                "count",
                format!("must be a whole number from 1 to 1000, as for `-n`; found {n}"),
                COUNT_HINT,
            );
            None
        }
    });
    let recordings_dir = match raw.recordings_dir {
        None => None,
        Some(None) => {
            bad(
                "recordings_dir",
                "has no value (YAML reads a bare `~` as no value, not as your home directory)"
                    .into(),
                "write a directory such as `recordings_dir: ~/interviews`; for your home directory itself write `recordings_dir: \"~\"`",
            );
            None
        }
        Some(Some(dir)) => match expand_path(dir.trim()) {
            Ok(p) => Some(p),
            Err((what, hint)) => {
                bad("recordings_dir", what, &hint);
                None
            }
        },
    };
    let input_device = match raw.input_device {
        None => None,
        Some(d) => match d.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(d.to_string()),
            None => {
                bad("input_device", "is empty".into(), DEVICE_HINT);
                None
            }
        },
    };
    let host = match raw.host {
        None => None,
        Some(h) => {
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
                bad("host", what, HOST_HINT);
            }
            kind
        }
    };
    Config {
        think,
        warn,
        count,
        recordings_dir,
        input_device,
        host,
    }
}

/// Expands a leading `~` or `~/` to the home directory and `$VAR` or
/// `${VAR}` to the variable's value; refuses an empty path, `~NAME` (another
/// user's home), and variables that are unset or empty.
fn expand_path(p: &str) -> Result<PathBuf, (String, String)> {
    if p.is_empty() {
        return Err((
            "is empty".into(),
            format!("{DIR_HINT}, or leave the line out for the default"),
        ));
    }
    let rest = match p.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            let Some(home) = dirs::home_dir() else {
                return Err((
                    "starts with `~`, but no home directory is known".into(),
                    "write the full path".into(),
                ));
            };
            return expand_vars(rest.trim_start_matches('/')).map(|r| {
                if r.is_empty() {
                    home.clone()
                } else {
                    home.join(r)
                }
            });
        }
        Some(_) => {
            let user: String = p[1..].split('/').next().unwrap_or_default().to_string();
            return Err((
                format!("`~{user}` (another user's home directory) is not expanded"),
                "write the full path, such as `/home/NAME/interviews`, or `~/…` for your own home"
                    .into(),
            ));
        }
        None => p,
    };
    expand_vars(rest).map(PathBuf::from)
}

/// Replaces `$VAR` and `${VAR}` with the variables' values.
fn expand_vars(s: &str) -> Result<String, (String, String)> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, len) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => {
                    return Err((
                        "has `${` without its closing `}`".into(),
                        "write `${NAME}` or `$NAME`".into(),
                    ));
                }
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        if name.is_empty() {
            // A lone `$` is itself.
            out.push('$');
            rest = after;
            continue;
        }
        match std::env::var(name) {
            Ok(v) if !v.is_empty() => out.push_str(&v),
            _ => {
                return Err((
                    format!("uses `${name}`, which is not set"),
                    "set the variable, or write the path out".into(),
                ));
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(out)
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
    fn a_full_config_parses() {
        let c = Config::parse(
            "c.yaml",
            "think: 3s\nwarn: 10\ncount: 4\nrecordings_dir: /tmp/r\ninput_device: pulse\nhost: alsa\n",
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
                "c.yaml:2:1: unknown field `thnik` | did you mean `think`? valid fields here: think, warn, count, recordings_dir, input_device, host"
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
                    "c.yaml:3:8: `think`: duration `99999999999999999999` is out of range: at most 240h | {DURATION_HINT}"
                ),
            ]
        );
    }

    #[test]
    fn count_is_checked_as_the_flag_is() {
        for bad in ["0", "1001", "100000", "2.5", "-3", "1e300"] {
            let got = shown(&format!("count: {bad}\n"));
            assert_eq!(
                got,
                [format!(
                    "c.yaml:1:8: `count`: must be a whole number from 1 to 1000, as for `-n`; found {bad} | {COUNT_HINT}"
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
    fn an_empty_device_is_refused() {
        assert_eq!(
            shown("input_device: ' '\n"),
            [format!(
                "c.yaml:1:15: `input_device`: is empty | {DEVICE_HINT}"
            )]
        );
    }
}
