//! `rehearse transcribe`: a session's recorded answers (or a talk's
//! recording) transcribed and stored in its `session.yaml`, which becomes
//! format version 2 and still lists, replays and counts; a session left
//! alone stays byte for byte as it was; a WAV file printed; no model, and a
//! damaged session, are clear errors.
//!
//! The tests that transcribe need the speech model (`util::test_model`):
//! without it they skip, saying so, except in CI, where they fail.

use crate::util::{Scratch, fixture, test_model};
use rehearse::session::transcript::Transcript;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What tests/fixtures/speech/speech.wav says.
const SPEECH: &str =
    "Thanks for having me today. I led the billing migration last spring. It shipped on time.";
/// A session written by hand in format version 1.
const ID: &str = "20261201-100000";

/// The share of `truth`'s words of four letters or more that `heard` has.
fn words_heard(truth: &str, heard: &str) -> f64 {
    let plain = |t: &str| -> Vec<String> {
        t.split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            })
            .collect()
    };
    let heard = plain(heard);
    let wanted: Vec<String> = plain(truth).into_iter().filter(|w| w.len() >= 4).collect();
    wanted.iter().filter(|w| heard.contains(w)).count() as f64 / wanted.len() as f64
}

/// Times in order, each word within the recording.
#[track_caller]
fn in_order(t: &Transcript, length: f64) {
    let mut last = 0.0;
    for w in &t.words {
        assert!(
            w.start >= last && w.end >= w.start && w.end <= length,
            "{w:?}"
        );
        last = w.start;
    }
}

/// A version-1 drill session of two answers: the first recorded (speech.wav),
/// the second not.
fn v1_session(root: &Path) -> PathBuf {
    let dir = root.join(ID);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("speech/speech.wav"), dir.join("01-beh-led.wav")).unwrap();
    let item = |id: &str, recording: &str| {
        format!(
            "- id: {id}\n  text: Tell me about a project you led.\n  category: behavioural\n  target: 90.0\n  max: 120.0\n  start: 0.0\n  duration: 10.7\n  paused: 0.0\n  verdict: too-short\n{recording}"
        )
    };
    let yaml = format!(
        "version: 1\nid: {ID}\nkind: drill\nstarted: 2026-12-01T10:00:00Z\ncompleted: true\nitems:\n{}{}",
        item(
            "beh-led",
            "  recording:\n    file: 01-beh-led.wav\n    length: 10.693\n    rate: 16000\n    dropped: 0\n    xruns: 0\n"
        ),
        item("beh-other", "")
    );
    std::fs::write(dir.join("session.yaml"), yaml).unwrap();
    dir
}

fn run(s: &Scratch, args: &[&str]) -> std::process::Output {
    s.cmd().arg("transcribe").args(args).output().expect("run")
}

#[track_caller]
fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

#[test]
fn a_v1_session_is_transcribed_into_version_2_and_still_lists_replays_and_counts() {
    let test = "a_v1_session_is_transcribed_into_version_2_and_still_lists_replays_and_counts";
    let Some(model) = test_model(test) else {
        return;
    };
    let model = model.to_str().unwrap();
    let s = Scratch::new();
    let dir = v1_session(&s.recordings());
    let yaml = dir.join("session.yaml");
    let report = ok(&run(&s, &[ID, "--model", model]));
    assert!(
        report.starts_with(&format!("Session {ID}: transcribed 1 recording (")),
        "{report}"
    );
    assert!(report.contains("\n   1. "), "{report}");
    assert!(
        report.ends_with(&format!("Saved in {}\n", yaml.display())),
        "{report}"
    );
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(
        text.starts_with(&format!("version: {}\n", rehearse::session::FORMAT_VERSION)),
        "{text}"
    );
    let session = rehearse::session::load(&yaml).expect("still a good session");
    let t = session.items[0].transcript.as_ref().expect("a transcript");
    assert!(words_heard(SPEECH, &t.text) >= 0.7, "{}", t.text);
    in_order(t, 10.7);
    assert!(session.items[1].transcript.is_none(), "not recorded");

    // Listed, counted and replayed as before.
    let listed = ok(&s.cmd().arg("sessions").output().unwrap());
    assert!(listed.contains(ID), "{listed}");
    let stats: Value = serde_json::from_str(&ok(&s
        .cmd()
        .args(["stats", "--format", "json"])
        .output()
        .unwrap()))
    .unwrap();
    assert_eq!(stats["answers"], 2, "{stats}");
    let replay = s.cmd().arg("replay").output().unwrap();
    let err = String::from_utf8_lossy(&replay.stderr);
    assert!(err.contains("`rehearse replay` needs a terminal"), "{err}");

    // Done once: a second run leaves the file alone; --again makes it again.
    let again = ok(&run(&s, &["--model", model]));
    assert_eq!(
        again,
        format!(
            "Session {ID}: every recording has a transcript already (1 of them); --again makes them again.\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&yaml).unwrap(), text);
    let j: Value = serde_json::from_str(&ok(&run(
        &s,
        &[ID, "--again", "--format", "json", "--model", model],
    )))
    .unwrap();
    assert_eq!(j["transcribed"][0]["answer"], 1, "{j}");
    assert_eq!(j["already"], 0, "{j}");
    assert!(j["transcribed"][0]["words"].as_u64() >= Some(12), "{j}");
}

#[test]
fn a_talk_is_transcribed_and_the_session_left_alone_is_unchanged() {
    let test = "a_talk_is_transcribed_and_the_session_left_alone_is_unchanged";
    let Some(model) = test_model(test) else {
        return;
    };
    let s = Scratch::new();
    let root = previous_release(&s);
    ok(&run(&s, &[TALK, "--model", model.to_str().unwrap()]));
    let talk = rehearse::session::load(&root.join(TALK).join("session.yaml")).unwrap();
    let t = talk
        .talk
        .unwrap()
        .transcript
        .expect("the talk's transcript");
    assert!(!t.words.is_empty(), "{t:?}");
    in_order(&t, 3.0);
    assert_unchanged(&root, DRILL);
}

#[test]
fn without_a_model_nothing_is_transcribed_and_the_hint_says_how_to_add_one() {
    let s = Scratch::new();
    let root = previous_release(&s);
    let hint = "  hint: add a speech model with `rehearse models install PATH`";
    std::fs::copy(fixture("speech/speech.wav"), s.path().join("speech.wav")).unwrap();
    for args in [&[][..], &[DRILL], &["speech.wav"]] {
        let out = run(&s, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!(
                "rehearse: error: no speech model to transcribe with\n{hint}"
            )),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    assert_unchanged(&root, DRILL);
    assert_unchanged(&root, TALK);
}

#[test]
fn a_damaged_session_is_named_with_what_is_wrong() {
    let s = Scratch::new();
    let dir = v1_session(&s.recordings());
    let yaml = dir.join("session.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replacen("target: 90.0", "target: soon", 1)).unwrap();
    let out = run(&s, &[ID]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "rehearse: error: session {ID} is damaged: session.yaml:10:11: items[0].target: "
        )),
        "{err}"
    );
    // Given as a directory, the same.
    let out = run(&s, &[dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(" is damaged: "));
}

#[test]
fn a_wav_file_is_printed_as_text_or_as_timed_words() {
    let test = "a_wav_file_is_printed_as_text_or_as_timed_words";
    let Some(model) = test_model(test) else {
        return;
    };
    let model = model.to_str().unwrap();
    let s = Scratch::new();
    let wav = fixture("speech/speech.wav");
    let wav = wav.to_str().unwrap();
    let text = ok(&run(&s, &[wav, "--model", model]));
    assert!(words_heard(SPEECH, &text) >= 0.7, "{text}");
    let j: Value =
        serde_json::from_str(&ok(&run(&s, &[wav, "--format", "json", "--model", model]))).unwrap();
    assert_eq!(j["file"], wav);
    let mut o = j.as_object().unwrap().clone();
    o.remove("file");
    let t: Transcript = serde_json::from_value(Value::Object(o)).expect("only text and words");
    assert_eq!(
        t.text.trim(),
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    in_order(&t, 10.7);
}

/// The drill session the previous release wrote (one recorded answer).
const DRILL: &str = "20261130-092233";
/// The talk it wrote (one recording).
const TALK: &str = "20261130-092250";

/// Copies the previous release's sessions into the recordings of `s`.
fn previous_release(s: &Scratch) -> PathBuf {
    let root = s.recordings();
    for id in [DRILL, TALK] {
        let from = fixture("sessions-v1").join(id);
        std::fs::create_dir_all(root.join(id)).unwrap();
        for f in std::fs::read_dir(&from).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), root.join(id).join(f.file_name())).unwrap();
        }
    }
    root
}

/// Session `id` in `root` is byte for byte the fixture.
#[track_caller]
fn assert_unchanged(root: &Path, id: &str) {
    let from = fixture("sessions-v1").join(id);
    for f in std::fs::read_dir(&from).unwrap() {
        let f = f.unwrap();
        assert!(
            std::fs::read(f.path()).unwrap()
                == std::fs::read(root.join(id).join(f.file_name())).unwrap(),
            "{id}/{} changed",
            f.file_name().to_string_lossy()
        );
    }
    let left: Vec<_> = std::fs::read_dir(root.join(id)).unwrap().collect();
    assert_eq!(
        left.len(),
        std::fs::read_dir(&from).unwrap().count(),
        "{id}: files added"
    );
}
