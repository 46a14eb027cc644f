//! Reading one `session.yaml`: through the input layer (a regular file,
//! capped, UTF-8), one typed parse, the version check, then the checks that
//! span fields. Whatever fails becomes a [`Damage`] saying where and why.

use super::record::{FORMAT_VERSION, Session};
#[cfg(test)]
use crate::input::Field;
use crate::input::schema::Yaml;
use crate::input::yaml::{At, Doc, Failure, last_key};
use crate::input::{self, Kind, Pos, Problem, Schema};
use std::fmt;
use std::path::Path;

/// The name damaged reasons give the file.
pub(super) const NAME: &str = "session.yaml";

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
    pub(super) fn new(reason: impl fmt::Display) -> Damage {
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

/// Checks between fields: a follow-up follows an earlier answer, an
/// answer's takes are numbered once each, a visit enters a section of the talk.
fn links(doc: &Doc, s: &Session) -> Result<(), Damage> {
    for (i, item) in s.items.iter().enumerate() {
        if let Some(n) = item.follow_up_of
            && !(1..=i).contains(&n)
        {
            let what = format!("{n} is not an earlier answer (this is answer {})", i + 1);
            return Err(at(doc, &format!("items[{i}].follow_up_of"), what));
        }
        if item.take == 0 {
            let what = "0 is not a take number (they start at 1)".to_string();
            return Err(at(doc, &format!("items[{i}].take"), what));
        }
        let mut seen = vec![item.take];
        for (j, t) in item.takes.iter().enumerate() {
            if t.take == 0 || seen.contains(&t.take) {
                let what = format!(
                    "take {} is not a new take number (1 or more, each once)",
                    t.take
                );
                return Err(at(doc, &format!("items[{i}].takes[{j}].take"), what));
            }
            seen.push(t.take);
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

/// The session format, as its structs declare it.
const SCHEMA: Schema = Schema {
    noun: "session file",
    top: Session::TY,
    top_hint: "",
    subject: |_, _| None,
};

#[cfg(test)]
mod tests {
    use super::super::fields::is_plain_file_name;
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
    use crate::input::schema::Ty;

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
            ("version: 1", "version: 9", format!("written by a newer rehearse (format version 9; this one reads up to {FORMAT_VERSION})")),
            ("version: 1", "version: 9\nnew_field: x", format!("written by a newer rehearse (format version 9; this one reads up to {FORMAT_VERSION})")),
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
            ("follow_up_of: null", "follow_up_of: null\n  take: 0", "session.yaml:33:9: items[0].take: 0 is not a take number (they start at 1)".into()),
            ("follow_up_of: null", "follow_up_of: null\n  takes:\n  - {take: 1, start: 0, duration: 1, paused: 0, verdict: too-short}", "session.yaml:34:12: items[0].takes[0].take: take 1 is not a new take number (1 or more, each once)".into()),
            ("follow_up_of: null", "follow_up_of: null\n  takes:\n  - {take: 2, start: 0, duration: 1, paused: 0}", "session.yaml:34:5: items[0].takes[0]: missing field `verdict`".into()),
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
        assert_eq!(drill.kind, super::super::record::Kind::Drill);
        assert_eq!(drill.items[0].rating, Some(3));
        assert_eq!(
            (&drill.items[0].note, drill.items[0].excluded),
            (&None, false)
        );
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

#[cfg(test)]
mod saved {
    //! Sessions written and read back (these were record.rs's tests: reading
    //! is check's, so they live here and record imports no check).
    use super::super::record::*;
    use super::super::time::Timestamp;
    use super::super::transcript;
    use super::{load, parse};
    use std::time::Duration;

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
                take: 1,
                takes: Vec::new(),
                note: None,
                excluded: false,
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
    fn a_transcript_is_saved_with_the_format_version_and_a_word_out_of_range_damages_the_file() {
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
        assert!(
            text.starts_with(&format!("version: {FORMAT_VERSION}\n")),
            "{text}"
        );
        assert!(
            text.contains("transcript:\n    text: Um, we shipped it."),
            "{text}"
        );
        let bad = text.replace("start: 1.0", "start: -1.0");
        assert_ne!(bad, text);
        let why = parse(&bad).unwrap_err().reason;
        assert!(why.contains("items[0].transcript.words[1].start"), "{why}");
        assert!(why.contains("a length in seconds"), "{why}");
    }

    #[test]
    fn a_retake_keeps_the_earlier_take_and_any_take_can_be_made_to_count() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = sample();
        let first = s.items[0].clone();
        assert_eq!(
            first.all_takes(),
            [first.counted()],
            "a take-less item is one take"
        );
        let mut again = first.counted();
        again.take = 9;
        again.duration = Duration::from_millis(44_000);
        again.verdict = Verdict::OnTarget;
        again.rating = Some(5);
        s.items[0].retake(again);
        let item = &s.items[0];
        assert_eq!(
            (item.take, item.duration, item.rating),
            (2, Duration::from_millis(44_000), Some(5))
        );
        assert_eq!(
            item.takes,
            [Take {
                take: 1,
                ..first.counted()
            }]
        );
        let path = save(dir.path(), &s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("  take: 2\n  takes:\n  - take: 1\n"),
            "{text}"
        );

        assert!(s.items[0].count_take(1));
        assert!(!s.items[0].count_take(7));
        let item = &s.items[0];
        assert_eq!(
            (item.take, item.duration, item.rating),
            (1, first.duration, first.rating)
        );
        assert_eq!(
            item.all_takes().iter().map(|t| t.take).collect::<Vec<_>>(),
            [1, 2]
        );
        // Only the counted take's fields are the item's: a first take back
        // in front writes no `take:` line.
        save(dir.path(), &s).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("\n  take: 1"), "{text}");
        assert_eq!(load(&path).unwrap(), s);
    }

    #[test]
    fn a_note_and_an_exclusion_are_written_only_when_set_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let plain = std::fs::read_to_string(save(dir.path(), &sample()).unwrap()).unwrap();
        assert!(
            !plain.contains("note") && !plain.contains("excluded"),
            "{plain}"
        );
        let mut s = sample();
        s.items[0].note = Some("Two lines:\nresult first".into());
        s.items[0].excluded = true;
        let path = save(dir.path(), &s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.ends_with("  excluded: true\n"), "{text}");
        let bad = text.replace("excluded: true", "excluded: maybe");
        assert_eq!(
            parse(&bad).unwrap_err().reason,
            format!(
                "session.yaml:{}:13: items[0].excluded: expected `true` or `false`, found text `maybe`",
                text.lines().count()
            )
        );
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
