//! Reading one `session.yaml`: through the input layer (a regular file,
//! capped, UTF-8), one typed parse, the version check, then the checks that
//! span fields. Whatever fails becomes a [`Damage`] saying where and why.

use super::{FORMAT_VERSION, Session};
#[cfg(test)]
use crate::input::Field;
use crate::input::schema::{Ty, Yaml};
use crate::input::yaml::{At, Doc, Failure, last_key};
use crate::input::{self, Kind, Pos, Problem, Schema};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::ops::RangeInclusive;
use std::path::Path;

/// The name damaged reasons give the file.
const NAME: &str = "session.yaml";

/// The largest session file read. A session is small: even a long drill
/// with every analysis stays well under a megabyte. Loading a real one holds
/// about 20 bytes of memory for each byte of it (the YAML loader keeps every
/// event at once); see docs/input-limits.md.
const MAX_SESSION_BYTES: u64 = 8 << 20;

const SESSION_FILE: Kind = Kind {
    noun: "session file",
    max_bytes: MAX_SESSION_BYTES,
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
    /// The reason quotes the file, so it is made printable.
    fn new(reason: impl fmt::Display) -> Damage {
        Damage {
            reason: crate::text::safe(&reason.to_string()).into_owned(),
        }
    }
}

/// Reads the `session.yaml` at `path`, or says why it is damaged.
pub fn load(path: &Path) -> Result<Session, Damage> {
    let text = input::read_text_if_exists(path, NAME, &SESSION_FILE).map_err(Damage::new)?;
    parse(&text.ok_or_else(|| Damage::new("no session.yaml"))?)
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
    // Version 2 only added transcripts, which version 1 files lack: both
    // read as they are.
    links(&doc, &session)?;
    Ok(session)
}

/// Checks between fields: a follow-up follows an earlier answer, a visit
/// enters a section of the talk.
fn links(doc: &Doc, s: &Session) -> Result<(), Damage> {
    for (i, item) in s.items.iter().enumerate() {
        if let Some(n) = item.follow_up_of
            && !(1..=i).contains(&n)
        {
            let what = format!("{n} is not an earlier answer (this is answer {})", i + 1);
            return Err(at(doc, &format!("items[{i}].follow_up_of"), what));
        }
    }
    if let Some(talk) = &s.talk {
        let sections = talk.sections.len();
        for (i, v) in talk.visits.iter().enumerate() {
            if v.section >= sections {
                let what = format!(
                    "{} is not a section of the talk (it has {sections})",
                    v.section
                );
                return Err(at(doc, &format!("talk.visits[{i}].section"), what));
            }
        }
    }
    Ok(())
}

/// A damage at `path`, placed by line and column.
fn at(doc: &Doc, path: &str, what: String) -> Damage {
    damage(doc.pos(path, At::Value), path, what)
}

/// `session.yaml:LINE:COL: PATH: WHAT`, leaving out what is not known.
fn damage(pos: Option<Pos>, path: &str, what: String) -> Damage {
    Damage::new(Problem {
        file: NAME.into(),
        pos,
        subject: (!path.is_empty()).then(|| path.into()),
        what,
        hint: String::new(),
    })
}

/// Why the document did not parse, in the session format's words.
fn explain(doc: &Doc, failure: Failure) -> Damage {
    let path = match failure {
        Failure::Syntax { what, pos, .. } => {
            return damage(pos, "", format!("not a valid session file: {what}"));
        }
        Failure::Shape { path } => path,
    };
    if let Some(missing) = SCHEMA.missing(doc, &path) {
        // A field missing at the top is the file's, not its first line's.
        let pos = doc.pos(&path, At::Value).filter(|_| !path.is_empty());
        return damage(pos, &path, format!("missing field `{missing}`"));
    }
    let takes = match SCHEMA.field(&path) {
        Some(field) => field.ty.takes,
        None if path.is_empty() => SCHEMA.top.takes,
        None if last_key(&path).is_some() => {
            let what = format!("unknown field `{path}`");
            return damage(doc.pos(&path, At::Key), "", what);
        }
        None => "a mapping",
    };
    at(
        doc,
        &path,
        format!("expected {takes}, found {}", doc.found(&path)),
    )
}

/// What a yes or no takes.
pub const YES_NO: &str = "`true` or `false`";
/// What a rate takes (words a minute, syllables a second, fillers a minute).
pub const RATE: &str = "a rate from 0 to 10000";
/// What a level takes.
pub const LEVEL: &str = "a level in dBFS, from -200 to 200";

impl Yaml for std::time::Duration {
    const TY: Ty = Ty::leaf(super::secs::SECONDS);
}

impl Yaml for super::Timestamp {
    const TY: Ty = Ty::leaf("a time such as 2026-11-22T14:30:05Z");
}

impl Yaml for super::Kind {
    const TY: Ty = Ty::leaf("`drill`, `interview` or `present`");
}

impl Yaml for super::Verdict {
    const TY: Ty = Ty::leaf("`too-short`, `on-target`, `over` or `skipped`");
}

/// The session format, as its structs declare it.
const SCHEMA: Schema = Schema {
    noun: "session file",
    top: Session::TY,
    top_hint: "",
    subject: |_, _| None,
};

/// `v` if `range` holds it; otherwise the value is refused and the file damaged.
pub fn within<T: PartialOrd, E: serde::de::Error>(v: T, range: RangeInclusive<T>) -> Result<T, E> {
    if range.contains(&v) {
        Ok(v)
    } else {
        Err(E::custom("out of range"))
    }
}

/// Serde for a rating: 1 to 5, or null.
pub fn rating<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    Option::<u8>::deserialize(d)?
        .map(|r| within(r, 1..=5))
        .transpose()
}

/// Whether `name` names a file directly inside the session directory.
pub fn is_plain_file_name(name: &str) -> bool {
    // A path's last part is never empty, `.` or `..`.
    !name.contains(['/', '\\', '\0']) && Path::new(name).file_name() == Some(name.as_ref())
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
            SCHEMA.fields("items[2].analysis.pauses[0]").map(<[_]>::len),
            Some(2)
        );
        assert!(SCHEMA.fields("items[2].text").is_none());
    }
}

#[cfg(test)]
mod reasons {
    use super::*;

    const DRILL: &str =
        include_str!("../../tests/fixtures/sessions-v1/20261130-092233/session.yaml");
    const TALK: &str =
        include_str!("../../tests/fixtures/sessions-v1/20261130-092250/session.yaml");

    fn reason(base: &str, from: &str, to: &str) -> String {
        assert!(base.contains(from), "{from}");
        parse(&base.replacen(from, to, 1)).unwrap_err().reason
    }

    const SECONDS: &str = "expected a length in seconds from 0 to 86400";

    #[test]
    fn every_bad_value_is_damage_with_its_place_and_reason() {
        let drill = [
            ("duration: 3.005", "duration: .inf", format!("session.yaml:28:13: items[0].duration: {SECONDS}, found the number .inf")),
            ("duration: 3.005", "duration: 1.0e20", format!("session.yaml:28:13: items[0].duration: {SECONDS}, found the number 1e20")),
            ("duration: 3.005", "duration: 18446744073709551615", format!("session.yaml:28:13: items[0].duration: {SECONDS}, found the number 18446744073709551615")),
            ("duration: 3.005", "duration: -1", format!("session.yaml:28:13: items[0].duration: {SECONDS}, found the number -1")),
            ("target: 75.0", "target: .nan", format!("session.yaml:25:11: items[0].target: {SECONDS}, found the number .nan")),
            ("max: 105.0", "max: -.inf", format!("session.yaml:26:8: items[0].max: {SECONDS}, found the number -.inf")),
            ("rating: 3", "rating: 255", "session.yaml:31:11: items[0].rating: expected a rating from 1 to 5, or null, found the number 255".into()),
            ("rating: 3", "rating: 0", "session.yaml:31:11: items[0].rating: expected a rating from 1 to 5, or null, found the number 0".into()),
            ("version: 1", "version: 9", "written by a newer rehearse (format version 9; this one reads up to 2)".into()),
            ("version: 1", "version: 9\nnew_field: x", "written by a newer rehearse (format version 9; this one reads up to 2)".into()),
            ("version: 1", "version: 0", "session.yaml:1:10: version: there is no format version 0".into()),
            ("file: 01-co-strategy.wav", "file: ../../../../etc/passwd", "session.yaml:34:11: items[0].recording.file: expected a file name inside the session directory (no `/`, not `..`), found text `../../../../etc/passwd`".into()),
            ("file: 01-co-strategy.wav", "file: /etc/passwd", "session.yaml:34:11: items[0].recording.file: expected a file name inside the session directory (no `/`, not `..`), found text `/etc/passwd`".into()),
            ("kind: drill", "kind: talk", "session.yaml:3:7: kind: expected `drill`, `interview` or `present`, found text `talk`".into()),
            ("rating: 3", "ratng: 3", "session.yaml:31:3: unknown field `items[0].ratng`".into()),
            ("  verdict: too-short\n", "", "session.yaml:21:3: items[0]: missing field `verdict`".into()),
            ("started: 2026-11-30T09:22:33Z", "started: yesterday", "session.yaml:4:10: started: expected a time such as 2026-11-22T14:30:05Z, found text `yesterday`".into()),
            ("peak_db: -2.8", "peak_db: .nan", "session.yaml:52:16: items[0].analysis.levels.peak_db: expected a level in dBFS, from -200 to 200, found the number .nan".into()),
            ("first_word: 1.71", "first_word: .inf", format!("session.yaml:41:17: items[0].analysis.first_word: {SECONDS}, found the number .inf")),
            ("clipped_samples: 0", "clipped_samples: 0\n    wpm: -1", "session.yaml:57:10: items[0].analysis.wpm: expected a rate from 0 to 10000, found the number -1".into()),
            ("clipped_samples: 0", "clipped_samples: 0\n    fillers:\n    - start: 1\n      length: x", format!("session.yaml:59:15: items[0].analysis.fillers[0].length: {SECONDS}, found text `x`")),
            ("follow_up_of: null", "follow_up_of: 1", "session.yaml:32:17: items[0].follow_up_of: 1 is not an earlier answer (this is answer 1)".into()),
        ];
        for (from, to, want) in drill {
            assert_eq!(reason(DRILL, from, to), want, "{to}");
        }
        let talk = [
            ("total: 2.909", "total: -5", format!("session.yaml:38:10: talk.total: {SECONDS}, found the number -5")),
            ("start: 0.893", "start: .nan", format!("session.yaml:19:12: talk.sections[1].start: {SECONDS}, found the number .nan")),
            ("section: 3", "section: 4", "session.yaml:35:14: talk.visits[3].section: 4 is not a section of the talk (it has 4)".into()),
            ("file: talk.wav", "file: ..", "session.yaml:41:11: talk.recording.file: expected a file name inside the session directory (no `/`, not `..`), found text `..`".into()),
        ];
        for (from, to, want) in talk {
            assert_eq!(reason(TALK, from, to), want, "{to}");
        }
    }

    #[test]
    fn a_part_of_an_answer_has_the_fields_of_a_section() {
        // Parts and sections are one record: a part's `start` is a field,
        // so a bad one is a bad length, not an unknown key.
        let part = "verdict: too-short\n  parts:\n  - name: S\n    planned: 1.0\n    actual: 2.0\n    start: x";
        assert_eq!(
            reason(DRILL, "verdict: too-short", part),
            format!("session.yaml:35:12: items[0].parts[0].start: {SECONDS}, found text `x`")
        );
    }

    #[test]
    fn documents_that_are_no_session_say_so() {
        let cases = [
            (
                "version: [oops\n",
                "session.yaml:2:1: not a valid session file: YAML syntax error: while parsing a flow sequence, expected ',' or ']'",
            ),
            (
                "",
                "session.yaml: expected a session (a mapping of `version`, `id`, `kind`, …), found nothing",
            ),
            (
                "- a\n",
                "session.yaml:1:1: expected a session (a mapping of `version`, `id`, `kind`, …), found a list",
            ),
            ("version: 1\n", "session.yaml: missing field `id`"),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap_err().reason, want, "{text:?}");
        }
    }

    /// Every mapping in `v` with its path.
    fn mappings<'v>(
        v: &'v serde_yaml::Value,
        path: String,
        out: &mut Vec<(String, &'v serde_yaml::Mapping)>,
    ) {
        match v {
            serde_yaml::Value::Mapping(m) => {
                for (k, v) in m {
                    mappings(v, crate::input::yaml::join(&path, k.as_str().unwrap()), out);
                }
                out.push((path, m));
            }
            serde_yaml::Value::Sequence(s) => {
                for (i, v) in s.iter().enumerate() {
                    mappings(v, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn the_field_table_agrees_with_the_structs() {
        // The v1 files predate pace and fillers: one written with them too.
        let pace = "clipped_samples: 0\n    syllables: 4\n    pace_time: 1.0\n    syllables_per_second: 4.0\n    wpm: 178.0\n    fillers:\n    - start: 1.71\n      length: 0.3\n    fillers_per_minute: 60.0";
        let paced = DRILL.replacen("clipped_samples: 0", pace, 1);
        for base in [DRILL, TALK, &paced] {
            let doc: serde_yaml::Value = serde_yaml::from_str(base).unwrap();
            let mut all = Vec::new();
            mappings(&doc, String::new(), &mut all);
            for (path, map) in all {
                let table = SCHEMA
                    .fields(&path)
                    .unwrap_or_else(|| panic!("no fields for `{path}`"));
                for Field {
                    name: key,
                    ty: Ty { required, .. },
                } in table
                {
                    if !map.contains_key(*key) {
                        continue;
                    }
                    let mut less = doc.clone();
                    let target = if path.is_empty() {
                        less.as_mapping_mut()
                    } else {
                        let mut v = &mut less;
                        for step in path.split('.') {
                            let (k, idx) = step.split_once('[').unwrap_or((step, ""));
                            v = &mut v[k];
                            for i in idx.split('[').filter(|i| !i.is_empty()) {
                                v = &mut v[i.trim_end_matches(']').parse::<usize>().unwrap()];
                            }
                        }
                        v.as_mapping_mut()
                    };
                    target.unwrap().remove(*key);
                    let result = parse(&serde_yaml::to_string(&less).unwrap());
                    if *required {
                        let reason = result.unwrap_err().reason;
                        assert!(
                            reason.ends_with(&format!("missing field `{key}`")),
                            "{path}.{key}: {reason}"
                        );
                    } else {
                        assert!(result.is_ok(), "{path}.{key} is optional: {result:?}");
                    }
                }
                for key in map.keys() {
                    let key = key.as_str().unwrap();
                    assert!(
                        table.iter().any(|f| f.name == key),
                        "`{path}.{key}` is not in the table"
                    );
                }
            }
        }
    }

    #[test]
    fn the_previous_release_files_read() {
        let drill = parse(DRILL).unwrap();
        assert_eq!(drill.kind, super::super::Kind::Drill);
        assert_eq!(drill.items[0].rating, Some(3));
        assert_eq!(
            drill.items[0].recording.as_ref().unwrap().file,
            "01-co-strategy.wav"
        );
        let talk = parse(TALK).unwrap();
        assert_eq!(talk.talk.as_ref().unwrap().visits.len(), 4);
        // The format has not changed: they are written back byte for byte.
        assert_eq!(serde_yaml::to_string(&drill).unwrap(), DRILL);
        assert_eq!(serde_yaml::to_string(&talk).unwrap(), TALK);
    }
}

/// Seeded mutations of real session files: reading never panics, and what
/// reads as a session keeps every promise of the format.
#[cfg(test)]
mod mutations {
    use super::super::{Session, history, secs, stats};
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    const BASES: [&str; 2] = [
        include_str!("../../tests/fixtures/sessions-v1/20261130-092233/session.yaml"),
        include_str!("../../tests/fixtures/sessions-v1/20261130-092250/session.yaml"),
    ];

    /// Values that once broke a reader, or sit on a boundary.
    const VALUES: &[&str] = &[
        ".inf",
        "-.inf",
        ".nan",
        "-5",
        "-0",
        "0",
        "1",
        "5",
        "6",
        "9",
        "255",
        "256",
        "86400",
        "86400.001",
        "1.0e20",
        "1e300",
        "18446744073709551615",
        "-9223372036854775808",
        "null",
        "~",
        "''",
        "[]",
        "{}",
        "[1, 2]",
        "true",
        "../../../../etc/passwd",
        "/etc/passwd",
        "..",
        ".",
        "a/b.wav",
        "'x\\0'",
        "2026-13-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "-009999-01-01T00:00:00Z",
        "drill",
        "present",
        "over",
        "&a 1",
        "*a",
        "!!binary aGk=",
        "\"\\u0000\"",
    ];

    /// Bytes that are YAML structure, or not text.
    const BYTES: &[u8] = b"-.:0159 \n\t#[]{}&*!|>'\"\\/e\x00\x7f\xff\xc3";

    fn pick<'a, T>(rng: &mut ChaCha8Rng, from: &'a [T]) -> &'a T {
        &from[(rng.next_u64() % from.len() as u64) as usize]
    }

    fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
        (rng.next_u64() % n.max(1) as u64) as usize
    }

    fn mutate(rng: &mut ChaCha8Rng, base: &str) -> Vec<u8> {
        let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
        for _ in 0..1 + below(rng, 3) {
            let i = below(rng, lines.len());
            match below(rng, 6) {
                // A value replaced.
                0 | 1 => {
                    if let Some(colon) = lines[i].find(": ") {
                        lines[i] = format!("{}: {}", &lines[i][..colon], pick(rng, VALUES));
                    }
                }
                2 => {
                    lines.remove(i);
                }
                3 => {
                    let line = lines[i].clone();
                    lines.insert(below(rng, lines.len()), line);
                }
                4 => {
                    let j = below(rng, lines.len());
                    lines.swap(i, j);
                }
                _ => {
                    let mut bytes = std::mem::take(&mut lines[i]).into_bytes();
                    let at = below(rng, bytes.len() + 1);
                    bytes.insert(at, *pick(rng, BYTES));
                    lines[i] = String::from_utf8_lossy(&bytes).into_owned();
                }
            }
            if lines.is_empty() {
                break;
            }
        }
        let mut bytes = (lines.join("\n") + "\n").into_bytes();
        // Now and then a raw byte, which may not be UTF-8.
        if below(rng, 8) == 0 && !bytes.is_empty() {
            let at = below(rng, bytes.len());
            bytes[at] = *pick(rng, BYTES);
        }
        bytes
    }

    fn read(bytes: Vec<u8>) -> Result<Session, Damage> {
        let text = crate::input::text(bytes, NAME).map_err(Damage::new)?;
        parse(&text)
    }

    fn length(d: std::time::Duration) {
        assert!(d <= secs::MAX_LENGTH, "length {d:?}");
    }

    fn analysis(a: &crate::session::analysis::Analysis) {
        let spans = a.pauses.iter().chain(&a.speech).chain(&a.longest_pause);
        let lengths = [a.length, a.speaking, a.pause_threshold]
            .into_iter()
            .chain(a.first_word)
            .chain(a.trailing_silence)
            .chain(spans.flat_map(|s| [s.start, s.length]));
        lengths.for_each(length);
        assert!((0.0..=1.0).contains(&a.speaking_ratio));
        for l in [a.levels.peak_db, a.levels.floor_db]
            .into_iter()
            .chain(a.levels.speech_db)
        {
            assert!(l.is_finite());
        }
    }

    fn recording(r: &super::super::Recording) {
        assert!(is_plain_file_name(&r.file), "{:?}", r.file);
        length(r.length);
    }

    /// Every promise of a session that reads.
    fn invariants(s: &Session) {
        assert!((1..=FORMAT_VERSION).contains(&s.version));
        if let Some(set) = &s.settings {
            [set.think, set.warn]
                .into_iter()
                .chain(set.target)
                .for_each(length);
        }
        for (i, it) in s.items.iter().enumerate() {
            [it.target, it.max, it.start, it.duration, it.paused]
                .into_iter()
                .chain(it.min)
                .for_each(length);
            assert!(it.rating.is_none_or(|r| (1..=5).contains(&r)));
            assert!(it.follow_up_of.is_none_or(|n| (1..=i).contains(&n)));
            it.parts
                .iter()
                .for_each(|p| [p.planned, p.actual].into_iter().for_each(length));
            it.recording.iter().for_each(recording);
            it.analysis.iter().for_each(analysis);
        }
        if let Some(t) = &s.talk {
            [t.planned, t.total, t.paused].into_iter().for_each(length);
            for sec in &t.sections {
                [sec.planned, sec.actual]
                    .into_iter()
                    .chain(sec.start.flatten())
                    .for_each(length);
            }
            for v in &t.visits {
                assert!(v.section < t.sections.len());
                length(v.at);
            }
            t.recording.iter().for_each(recording);
            t.analysis.iter().for_each(analysis);
        }
        // What the listing and the figures do with a session.
        let _ = (
            history::answering(s),
            history::speaking(s),
            history::recorded(s),
        );
        let _ = stats::compute(&[s], &stats::Scope::default());
    }

    #[test]
    fn mutated_session_files_read_as_valid_sessions_or_damage_never_a_panic() {
        let mut rng = ChaCha8Rng::seed_from_u64(10);
        let (mut ok, mut damaged) = (0, 0);
        for n in 0..2000 {
            let bytes = mutate(&mut rng, BASES[n % 2]);
            let shown = String::from_utf8_lossy(&bytes).into_owned();
            let result = std::panic::catch_unwind(|| match read(bytes) {
                Ok(s) => {
                    invariants(&s);
                    true
                }
                Err(d) => {
                    assert!(!d.reason.is_empty());
                    false
                }
            });
            match result {
                Ok(true) => ok += 1,
                Ok(false) => damaged += 1,
                Err(_) => panic!("mutation {n} broke the reader or a promise:\n{shown}"),
            }
        }
        // Both outcomes are exercised. A mutation that hangs the reader
        // shows as this test never ending; how fast files are refused is
        // the bench's to say (`cargo bench --bench banks`), not a clock's
        // on a machine that may be busy.
        assert!(ok > 100 && damaged > 100, "{ok} read, {damaged} damaged");
    }
}
