//! Personal defaults from a small YAML file: `$REHEARSE_CONFIG`, else
//! `rehearse/config.yaml` in the platform's config directory
//! (`~/.config/rehearse/config.yaml` on Linux). Flags override it; a missing
//! file is fine; a bad one is an error naming the file and line.

use crate::bank::raw::RawDuration;
use crate::bank::{Problems, Schema, yaml_problem};
use crate::duration::{DURATION_HINT, parse_duration};
use anyhow::Result;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

/// Environment variable naming the config file.
pub const CONFIG_ENV: &str = "REHEARSE_CONFIG";

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Thinking time before each answer.
    think: Option<RawDuration>,
    /// Wrap-up warning before the target.
    warn: Option<RawDuration>,
    /// Questions per drill.
    count: Option<u32>,
    /// Where sessions are saved.
    recordings_dir: Option<PathBuf>,
    /// Microphone for `--record`.
    input_device: Option<String>,
}

const FIELDS: &[&str] = &["think", "warn", "count", "recordings_dir", "input_device"];

fn fields_of(_: &str) -> &'static [&'static str] {
    FIELDS
}

fn hint(field: &str) -> String {
    match field {
        "think" | "warn" => DURATION_HINT.into(),
        "count" => "write a whole number such as `count: 6`".into(),
        "recordings_dir" => "write a directory path such as `recordings_dir: ~/interviews`".into(),
        "input_device" => {
            "write a device name from `rehearse devices`, such as `input_device: pulse`".into()
        }
        _ => format!("the config file takes: {}", FIELDS.join(", ")),
    }
}

/// Validated personal defaults.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    /// Thinking time before each answer.
    pub think: Option<Duration>,
    /// Wrap-up warning before the target.
    pub warn: Option<Duration>,
    /// Questions per drill.
    pub count: Option<u32>,
    /// Where sessions are saved (`~` expanded).
    pub recordings_dir: Option<PathBuf>,
    /// Microphone for `--record`.
    pub input_device: Option<String>,
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
    pub fn load() -> Result<Config> {
        let Some(path) = Config::path() else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Config::parse(&path.display().to_string(), &text)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(anyhow::anyhow!(e)
                .context(format!("cannot read the config file {}", path.display()))),
        }
    }

    /// Parses config text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<Config, Problems> {
        let schema = Schema { fields_of, hint };
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let raw: RawConfig = serde_yaml::from_str(text)
            .map_err(|e| Problems(vec![yaml_problem(name, text, &e, &schema)]))?;
        let mut problems = Vec::new();
        let mut duration = |field: &str, raw: Option<RawDuration>| {
            let raw = raw?;
            let parsed = match &raw {
                RawDuration::Text(s) => parse_duration(s).ok(),
                RawDuration::Seconds(n) => parse_duration(&n.to_string()).ok(),
            };
            if parsed.is_none() {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with(&format!("{field}:")))
                    .map(|i| crate::input::Pos {
                        line: i + 1,
                        col: 1,
                    });
                problems.push(crate::bank::Problem {
                    file: name.to_string(),
                    pos: line,
                    subject: None,
                    what: format!("`{field}`: cannot read `{raw}` as a duration"),
                    hint: DURATION_HINT.into(),
                });
            }
            parsed
        };
        let think = duration("think", raw.think);
        let warn = duration("warn", raw.warn);
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        Ok(Config {
            think,
            warn,
            count: raw.count,
            recordings_dir: raw.recordings_dir.map(expand_home),
            input_device: raw.input_device,
        })
    }
}

/// Expands a leading `~/` to the home directory.
fn expand_home(p: PathBuf) -> PathBuf {
    match (p.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses() {
        let c = Config::parse(
            "c.yaml",
            "think: 3s\nwarn: 10\ncount: 4\nrecordings_dir: /tmp/r\n",
        )
        .unwrap();
        assert_eq!(
            c,
            Config {
                think: Some(Duration::from_secs(3)),
                warn: Some(Duration::from_secs(10)),
                count: Some(4),
                recordings_dir: Some(PathBuf::from("/tmp/r")),
                input_device: None,
            }
        );
    }

    #[test]
    fn a_misspelt_field_names_file_line_and_the_fix() {
        let err = Config::parse("c.yaml", "count: 4\nthnik: 3s\n").unwrap_err();
        let p = &err.0[0];
        assert_eq!(p.to_string(), "c.yaml:2:1: unknown field `thnik`");
        assert_eq!(
            p.hint,
            "did you mean `think`? valid fields here: think, warn, count, recordings_dir, input_device"
        );
    }

    #[test]
    fn a_bad_duration_names_its_line() {
        let err = Config::parse("c.yaml", "count: 4\nwarn: soon\n").unwrap_err();
        assert_eq!(
            err.0[0].to_string(),
            "c.yaml:2:1: `warn`: cannot read `soon` as a duration"
        );
    }
}
