//! Transcripts made while answers are recorded: the real binary in a
//! pseudo-terminal, recording a private PulseAudio server's monitor with a
//! speech model, each answer's words saved in session.yaml while the drill
//! goes on.

use crate::pty::Pty;
use crate::pulse::{Pulse, speech_clip};
use crate::util::{Scratch, fixture, test_model};
use serde_yaml::Value;
use std::path::Path;
use std::time::{Duration, Instant};

const SECS: Duration = Duration::from_secs(20);
/// How long a test waits for a transcript: far beyond the few seconds it
/// takes, so a busy machine cannot fail it; the figure itself is measured
/// by `benches/transcript.rs`.
const TRANSCRIPT: Duration = Duration::from_secs(240);

fn session(s: &Scratch) -> Option<Value> {
    let dir = std::fs::read_dir(s.recordings()).ok()?.next()?.ok()?.path();
    let text = std::fs::read_to_string(dir.join("session.yaml")).ok()?;
    serde_yaml::from_str(&text).ok()
}

fn words(item: &Value) -> Vec<(String, f64, f64)> {
    item["transcript"]["words"]
        .as_sequence()
        .map(|ws| {
            ws.iter()
                .map(|w| {
                    (
                        w["text"].as_str().unwrap_or_default().to_lowercase(),
                        w["start"].as_f64().unwrap(),
                        w["end"].as_f64().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `rehearse drill --record` on the drill fixture bank through `pulse`,
/// transcribing with `model`, plus `extra` arguments.
fn drill(s: &Scratch, pulse: &Pulse, model: &Path, extra: &[&str]) -> Pty {
    let bank = fixture("banks/drill.yaml");
    let mut env = pulse.env();
    env.push(("NO_COLOR", "1".into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut args = vec![
        "drill",
        "--no-again",
        "--bank",
        bank.to_str().unwrap(),
        "--seed",
        "2",
        "--think",
        "0",
        "--no-follow-ups",
        "--target",
        "30s",
        "--record",
        "--host",
        "pulse",
        "--model",
        model.to_str().unwrap(),
    ];
    args.extend(extra);
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    Pty::spawn(&bin, &args, s.path(), &env, 80, 24)
}

/// The first answer's transcript is in session.yaml while the drill is
/// still on its second question, and the last one's before the summary.
#[test]
fn each_recorded_answer_is_transcribed_into_the_session_while_the_drill_goes_on() {
    let test = "each_recorded_answer_is_transcribed_into_the_session_while_the_drill_goes_on";
    let Some(model) = test_model(test) else {
        return;
    };
    let Some(pulse) = Pulse::start(test) else {
        return;
    };
    let s = Scratch::new();
    let mut pty = drill(&s, &pulse, &model, &["-n", "2"]);
    let answer = |pty: &mut Pty, question: &str| {
        pty.wait_for(&["● REC", "ANSWER", question], SECS);
        assert!(pulse.play(&speech_clip()).wait(), "paplay failed");
        std::thread::sleep(Duration::from_millis(500));
        pty.send(" ");
        pty.wait_for(&["Rate this answer"], SECS);
        pty.send("\r");
    };
    answer(&mut pty, "Why this role?");

    // Still answering the second question: the first answer's words arrive.
    let since = Instant::now();
    let first = loop {
        let item = session(&s).map(|v| v["items"][0].clone());
        if let Some(item) = item.filter(|i| !i["transcript"].is_null()) {
            break item;
        }
        assert!(
            since.elapsed() < TRANSCRIPT,
            "no transcript in session.yaml"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(pty.screen().contains("ANSWER") || pty.screen().contains("REC"));
    let heard = words(&first);
    let text: Vec<&str> = heard
        .iter()
        .map(|(w, ..)| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    for expected in [
        "role",
        "team",
        "difficult",
        "migration",
        "shipped",
        "earlier",
    ] {
        assert!(text.contains(&expected), "{expected} not in {text:?}");
    }
    // Word times are the recording's, in order, and start where the
    // analysis heard the first word.
    let length = first["recording"]["length"].as_f64().unwrap();
    assert!(heard.windows(2).all(|w| w[0].1 <= w[1].1), "{heard:?}");
    assert!(
        heard.iter().all(|w| w.1 <= w.2 && w.2 <= length + 0.1),
        "{heard:?}"
    );
    let first_word = first["analysis"]["first_word"].as_f64().unwrap();
    assert!(
        (heard[0].1 - first_word).abs() < 0.6,
        "{heard:?} vs {first_word}"
    );

    answer(&mut pty, "changed your mind");
    assert_eq!(pty.wait_exit(TRANSCRIPT), 0);
    let session = session(&s).expect("session");
    assert_eq!(session["version"], rehearse::session::FORMAT_VERSION);
    let second = words(&session["items"][1]);
    assert!(
        second.iter().any(|(w, ..)| w.contains("migration")),
        "{:?}\n{}",
        session["items"][1],
        pty.screen()
    );
}

/// A take kept by `r` gets its own words, though they arrive after the
/// next take already counts; the next take, silent, does not get them.
#[test]
fn the_words_of_a_take_kept_by_r_land_on_that_take() {
    let test = "the_words_of_a_take_kept_by_r_land_on_that_take";
    let Some(model) = test_model(test) else {
        return;
    };
    let Some(pulse) = Pulse::start(test) else {
        return;
    };
    let s = Scratch::new();
    let mut pty = drill(&s, &pulse, &model, &["-n", "1"]);
    pty.wait_for(&["● REC", "ANSWER"], SECS);
    assert!(pulse.play(&speech_clip()).wait(), "paplay failed");
    std::thread::sleep(Duration::from_millis(500));
    pty.send("r");
    let shown = pty.wait_for(&["· take 2", "the earlier take is kept"], SECS);
    crate::pty::sleep_until(shown, Duration::from_secs(1));
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("\r");
    assert_eq!(pty.wait_exit(TRANSCRIPT), 0);
    let item = &session(&s).expect("session")["items"][0];
    assert_eq!(item["take"], 2, "{item:?}");
    let first = &item["takes"][0];
    assert_eq!(first["recording"]["file"], "01-d-second.wav");
    let said = |take: &Value| words(take).iter().any(|(w, ..)| w.contains("migration"));
    assert!(said(first), "take 1's words are its own: {first:?}");
    assert!(!said(item), "take 2 was silent: {item:?}");
}

/// `--no-transcript` records without transcribing.
#[test]
fn no_transcript_records_without_words() {
    let test = "no_transcript_records_without_words";
    let Some(model) = test_model(test) else {
        return;
    };
    let Some(pulse) = Pulse::start(test) else {
        return;
    };
    let s = Scratch::new();
    let mut pty = drill(&s, &pulse, &model, &["-n", "1", "--no-transcript"]);
    pty.wait_for(&["● REC", "ANSWER"], SECS);
    assert!(pulse.play(&speech_clip()).wait(), "paplay failed");
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("\r");
    assert_eq!(pty.wait_exit(SECS), 0);
    let item = &session(&s).expect("session")["items"][0];
    assert!(!item["recording"].is_null(), "{item:?}");
    assert!(item["transcript"].is_null(), "{item:?}");
}
