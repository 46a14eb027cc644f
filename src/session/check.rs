//! Reading one `session.yaml`: through the input layer (a regular file,
//! capped, UTF-8), one typed parse, the version check, then the checks that
//! span fields. Whatever fails becomes a [`Damage`] saying where and why.

use super::{FORMAT_VERSION, Session};
use crate::input::yaml::{At, Doc, Failure, last_key, parent};
use crate::input::{self, Kind};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::Path;

/// The name damaged reasons give the file.
const NAME: &str = "session.yaml";

/// A session file is small: even a long drill with every analysis stays well
/// under a megabyte.
const SESSION_FILE: Kind = Kind {
    noun: "session file",
    max_bytes: 16 << 20,
    not_found_hint: "every session directory holds a session.yaml",
    too_big_hint: "a session file this large was not written by rehearse",
};

/// Why a session cannot be used: the reason, ready to show after
/// `damaged: `.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Damage {
    /// What is wrong, and where in the file.
    pub reason: String,
}

impl Damage {
    fn new(reason: impl fmt::Display) -> Damage {
        Damage {
            reason: reason.to_string(),
        }
    }
}

/// Reads the `session.yaml` at `path`, or says why it is damaged.
pub fn load(path: &Path) -> Result<Session, Damage> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Damage::new("no session.yaml"));
        }
        Ok(meta) if meta.is_dir() => return Err(Damage::new("session.yaml is a directory")),
        Ok(meta) if !meta.is_file() => {
            return Err(Damage::new(
                "session.yaml is not a regular file (a device, FIFO or socket)",
            ));
        }
        _ => {}
    }
    let text = input::read_text(path, NAME, &SESSION_FILE).map_err(Damage::new)?;
    parse(&text)
}

/// Parses the text of a `session.yaml`.
pub fn parse(text: &str) -> Result<Session, Damage> {
    let doc = Doc::new(NAME, text);
    let parsed = doc.parse::<Session>();
    // A newer version may have fields this one does not know: say that, not
    // what the first of them looks like to this version.
    let version = match &parsed {
        Ok(s) => Some(u64::from(s.version)),
        Err(_) => doc.value_at("version").and_then(serde_yaml::Value::as_u64),
    };
    if let Some(v) = version.filter(|&v| v > u64::from(FORMAT_VERSION)) {
        return Err(Damage::new(format!(
            "written by a newer rehearse (format version {v}; this one reads up to {FORMAT_VERSION})"
        )));
    }
    let session = parsed.map_err(|f| explain(&doc, f))?;
    if session.version == 0 {
        return Err(at(&doc, "version", "there is no format version 0".into()));
    }
    // Version 1 is the current format: nothing to migrate yet.
    links(&session).map_err(|(path, what)| at(&doc, &path, what))?;
    Ok(session)
}

/// Checks between fields: a follow-up follows an earlier answer, a visit
/// enters a section of the talk.
fn links(s: &Session) -> Result<(), (String, String)> {
    for (i, item) in s.items.iter().enumerate() {
        if let Some(n) = item.follow_up_of
            && !(1..=i).contains(&n)
        {
            return Err((
                format!("items[{i}].follow_up_of"),
                format!("{n} is not an earlier answer (this is answer {})", i + 1),
            ));
        }
    }
    if let Some(talk) = &s.talk {
        for (i, v) in talk.visits.iter().enumerate() {
            if v.section >= talk.sections.len() {
                return Err((
                    format!("talk.visits[{i}].section"),
                    format!(
                        "{} is not a section of the talk (it has {})",
                        v.section,
                        talk.sections.len()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A damage at `path`, placed by line and column.
fn at(doc: &Doc, path: &str, what: String) -> Damage {
    let place = match doc.pos(path, At::Value) {
        Some(p) => format!("{NAME}:{}:{}", p.line, p.col),
        None => NAME.to_string(),
    };
    if path.is_empty() {
        Damage::new(format!("{place}: {what}"))
    } else {
        Damage::new(format!("{place}: {path}: {what}"))
    }
}

/// Why the document did not parse, in the session format's words.
fn explain(doc: &Doc, failure: Failure) -> Damage {
    let path = match failure {
        Failure::Syntax { what, pos, .. } => {
            let place = match pos {
                Some(p) => format!("{NAME}:{}:{}", p.line, p.col),
                None => NAME.to_string(),
            };
            return Damage::new(format!("{place}: not a valid session file: {what}"));
        }
        Failure::Shape { path } => path,
    };
    let value = doc.value_at(&path);
    // The path ends in a key of a mapping that is not one of its fields.
    if let (Some(key), Some(fields)) = (last_key(&path), fields(parent(&path))) {
        if !fields.iter().any(|(f, _)| *f == key) {
            let place = doc.pos(&path, At::Key);
            let place = place.map_or(NAME.to_string(), |p| format!("{NAME}:{}:{}", p.line, p.col));
            return Damage::new(format!("{place}: unknown field `{path}`"));
        }
    }
    // A mapping that fits no struct lacks one of its fields.
    if let (Some(serde_yaml::Value::Mapping(map)), Some(fields)) = (value, fields(&path)) {
        if let Some((missing, _)) = fields
            .iter()
            .find(|(f, required)| *required && !map.contains_key(*f))
        {
            let what = format!("missing field `{missing}`");
            return if path.is_empty() {
                Damage::new(format!("{NAME}: {what}"))
            } else {
                at(doc, &path, what)
            };
        }
    }
    let expected = if path.is_empty() {
        "a session (a mapping of `version`, `id`, `kind`, …)"
    } else {
        expected(last_key(&path).unwrap_or(""), &path)
    };
    at(
        doc,
        &path,
        format!("expected {expected}, found {}", doc.found(&path)),
    )
}

/// What the value of field `key` (at `path`) must be.
fn expected(key: &str, path: &str) -> &'static str {
    match key {
        "min" | "target" | "max" | "start" | "duration" | "paused" | "planned" | "actual"
        | "total" | "at" | "think" | "warn" | "length" | "first_word" | "speaking"
        | "pause_threshold" | "trailing_silence" => "a length in seconds from 0 to 86400",
        "version" => "a format version number",
        "rating" => "a rating from 1 to 5, or null",
        "kind" => "`drill` or `present`",
        "verdict" => "`too-short`, `on-target`, `over` or `skipped`",
        "started" | "finished" => "a time such as 2026-11-22T14:30:05Z",
        "file" => "a file name inside the session directory (no `/`, not `..`)",
        "completed" | "hard_stop" | "follow_ups" | "speech_seen" => "`true` or `false`",
        "seed" | "count" | "rate" | "dropped" | "xruns" | "clipped_samples" | "section"
        | "follow_up_of" => "a whole number, 0 or more",
        "speaking_ratio" => "a number from 0 to 1",
        "peak_db" | "floor_db" | "speech_db" => "a level in dBFS, from -200 to 200",
        "categories" | "tags" | "banks" => "a list of text",
        "items" | "sections" | "visits" | "parts" | "pauses" | "speech" => "a list",
        "settings" | "talk" | "recording" | "analysis" | "levels" | "longest_pause" => "a mapping",
        "id" | "text" | "category" | "title" | "plan" | "name" | "error" | "input_device" => "text",
        _ if path.ends_with(']') => "a mapping",
        _ => "a value of another kind",
    }
}

/// The fields of the mapping at `path` (indices stripped), each with whether
/// it is required; `None` where the session format has no mapping.
fn fields(path: &str) -> Option<&'static [(&'static str, bool)]> {
    const SESSION: &[(&str, bool)] = &[
        ("version", true),
        ("id", true),
        ("kind", true),
        ("started", true),
        ("finished", false),
        ("completed", true),
        ("settings", false),
        ("items", false),
        ("talk", false),
    ];
    const SETTINGS: &[(&str, bool)] = &[
        ("seed", true),
        ("count", true),
        ("categories", false),
        ("tags", false),
        ("banks", false),
        ("think", true),
        ("warn", true),
        ("target", false),
        ("hard_stop", true),
        ("follow_ups", true),
        ("input_device", false),
    ];
    const ITEM: &[(&str, bool)] = &[
        ("id", true),
        ("text", true),
        ("category", true),
        ("min", false),
        ("target", true),
        ("max", true),
        ("start", true),
        ("duration", true),
        ("paused", true),
        ("verdict", true),
        ("rating", false),
        ("follow_up_of", false),
        ("recording", false),
        ("analysis", false),
        ("parts", false),
    ];
    const PART: &[(&str, bool)] = &[("name", true), ("planned", true), ("actual", true)];
    const RECORDING: &[(&str, bool)] = &[
        ("file", true),
        ("length", true),
        ("rate", true),
        ("dropped", true),
        ("xruns", true),
        ("error", false),
    ];
    const ANALYSIS: &[(&str, bool)] = &[
        ("length", true),
        ("first_word", false),
        ("speaking", true),
        ("speaking_ratio", true),
        ("pause_threshold", true),
        ("pauses", false),
        ("longest_pause", false),
        ("trailing_silence", false),
        ("speech", false),
        ("levels", true),
    ];
    const SPAN: &[(&str, bool)] = &[("start", true), ("length", true)];
    const LEVELS: &[(&str, bool)] = &[
        ("peak_db", true),
        ("floor_db", true),
        ("speech_db", false),
        ("speech_seen", true),
        ("clipped_samples", true),
    ];
    const TALK: &[(&str, bool)] = &[
        ("title", true),
        ("plan", true),
        ("sections", true),
        ("visits", false),
        ("planned", true),
        ("total", true),
        ("paused", true),
        ("recording", false),
        ("analysis", false),
    ];
    const SECTION: &[(&str, bool)] = &[
        ("name", true),
        ("planned", true),
        ("actual", true),
        ("start", false),
    ];
    const VISIT: &[(&str, bool)] = &[("section", true), ("at", true)];

    let shape = strip_indices(path);
    Some(match shape.as_str() {
        "" => SESSION,
        "settings" => SETTINGS,
        "items[]" => ITEM,
        "items[].parts[]" => PART,
        "items[].recording" | "talk.recording" => RECORDING,
        "items[].analysis" | "talk.analysis" => ANALYSIS,
        "talk" => TALK,
        "talk.sections[]" => SECTION,
        "talk.visits[]" => VISIT,
        s if s.ends_with("analysis.levels") => LEVELS,
        s if s.ends_with("analysis.pauses[]")
            || s.ends_with("analysis.speech[]")
            || s.ends_with("analysis.longest_pause") =>
        {
            SPAN
        }
        _ => return None,
    })
}

/// `items[3].parts[0]` as `items[].parts[]`.
fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// Serde for a rating: 1 to 5, or null.
pub fn rating<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    match Option::<u64>::deserialize(d)? {
        None => Ok(None),
        Some(r @ 1..=5) => Ok(Some(r as u8)),
        Some(_) => Err(D::Error::custom("not a rating from 1 to 5")),
    }
}

/// Whether `name` names a file directly inside the session directory.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name() == Some(std::ffi::OsStr::new(name))
}

/// Serde for a recording's file name: a plain name inside the session directory.
pub fn file_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    if is_plain_file_name(&name) {
        Ok(name)
    } else {
        Err(D::Error::custom(
            "not a file name inside the session directory",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_recording_file_names() {
        for ok in ["01-q.wav", "talk.wav", "..wav", "a b.wav"] {
            assert!(is_plain_file_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../x.wav",
            "../../../../etc/passwd",
            "/etc/passwd",
            "a/b.wav",
            "a\\b.wav",
            "x\0.wav",
        ] {
            assert!(!is_plain_file_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn paths_lose_their_indices() {
        assert_eq!(
            strip_indices("items[3].parts[10].name"),
            "items[].parts[].name"
        );
        assert_eq!(
            fields("items[2].analysis.pauses[0]").map(<[_]>::len),
            Some(2)
        );
        assert_eq!(fields("items[2].text"), None);
    }
}
