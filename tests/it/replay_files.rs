//! `rehearse replay` on sessions whose recordings cannot all be played: each
//! one that cannot is skipped with a message naming its file and what is
//! wrong, and the rest replays.

use crate::pty::Pty;
use crate::pulse::Pulse;
use crate::util::{Scratch, fixture};
use std::path::Path;
use std::time::Duration;

/// A session of six recorded answers: a good WAV, a FIFO, a directory, a
/// text file, a WAV at 1 MHz, and one that is missing.
fn session_of_six(root: &Path) {
    let dir = root.join("20261201-100000");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("speech/speech.wav"), dir.join("01-a.wav")).unwrap();
    let fifo = std::ffi::CString::new(dir.join("02-b.wav").to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::fs::create_dir(dir.join("03-c.wav")).unwrap();
    std::fs::write(dir.join("04-d.wav"), "not audio at all\n").unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 1_000_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join("05-e.wav"), spec).unwrap();
    (0..100_000).for_each(|_| w.write_sample(0i16).unwrap());
    w.finalize().unwrap();
    let mut y = String::from(
        "version: 1\nid: 20261201-100000\nkind: drill\nstarted: 2026-12-01T10:00:00Z\ncompleted: true\nitems:\n",
    );
    for (i, n) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        y.push_str(&format!(
            "- id: q{n}\n  text: Question {n}?\n  category: role\n  target: 10.0\n  max: 15.0\n  start: 0.0\n  duration: 3.0\n  paused: 0.0\n  verdict: too-short\n  recording:\n    file: 0{}-{n}.wav\n    length: 3.0\n    rate: 16000\n    dropped: 0\n    xruns: 0\n",
            i + 1
        ));
    }
    std::fs::write(dir.join("session.yaml"), y).unwrap();
}

/// The warnings `replay` must give for [`session_of_six`].
fn skipped(root: &Path) -> [String; 5] {
    let f = |name: &str| {
        root.join("20261201-100000")
            .join(name)
            .display()
            .to_string()
    };
    [
        format!(
            "rehearse: warning: skipping answer 2: {}: is not a regular file",
            f("02-b.wav")
        ),
        format!(
            "rehearse: warning: skipping answer 3: {}: is a directory",
            f("03-c.wav")
        ),
        format!(
            "rehearse: warning: skipping answer 4: {} is not a WAV file",
            f("04-d.wav")
        ),
        format!(
            "rehearse: warning: skipping answer 5: {}: its sample rate, 1000 kHz, is over the 384 kHz a sound server plays",
            f("05-e.wav")
        ),
        format!(
            "rehearse: warning: skipping answer 6: {}: no such file",
            f("06-f.wav")
        ),
    ]
}

#[test]
fn each_recording_that_cannot_be_played_is_named_with_what_is_wrong() {
    let s = Scratch::new();
    session_of_six(&s.recordings());
    let out = s.cmd().arg("replay").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    for want in skipped(&s.recordings()) {
        assert!(err.contains(&want), "lacks {want:?}:\n{err}");
    }
    assert!(!err.contains("answer 1:"), "{err}");
    // Then the good one would play: only the terminal is missing here.
    assert!(err.contains("`rehearse replay` needs a terminal"), "{err}");
    assert_eq!(out.status.code(), Some(2));
    // With no good one left, the session has nothing to play.
    std::fs::remove_file(s.recordings().join("20261201-100000/01-a.wav")).unwrap();
    let out = s.cmd().arg("replay").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "rehearse: error: session 20261201-100000 has no recording that can be played"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning: skipping").count(), 6, "{err}");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_rest_of_the_session_replays() {
    let Some(pulse) = Pulse::start("the_rest_of_the_session_replays") else {
        return;
    };
    let s = Scratch::new();
    session_of_six(&s.recordings());
    let env: Vec<(&str, String)> = pulse
        .env()
        .into_iter()
        .filter(|(k, _)| *k != "PULSE_LATENCY_MSEC")
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let mut pty = Pty::spawn(
        &bin,
        &["replay", "--host", "pulse"],
        s.path(),
        &env,
        200,
        24,
    );
    let secs = Duration::from_secs(20);
    pty.wait_for(&["answer 1 of 6", "Question a?", "/ 0:1"], secs);
    pty.send("q");
    assert_eq!(pty.wait_exit(secs), 0);
    let screen = pty.screen();
    assert!(
        screen.contains("Replayed session 20261201-100000: answers 1–1 of 6."),
        "{screen}"
    );
    for want in skipped(&s.recordings()) {
        let start: String = want.chars().take(60).collect();
        assert!(screen.contains(&start), "lacks {start:?}:\n{screen}");
    }
}

/// A version-2 session of one answer, speech.wav, with the transcript of
/// what it says, each phrase's words spread evenly over where the fixture
/// puts the phrase (tests/fixtures/speech/README.md).
fn transcribed_session(root: &Path) {
    let dir = root.join("20261202-100000");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("speech/speech.wav"), dir.join("01-a.wav")).unwrap();
    let phrases = [
        ("Thanks for having me today.", 1.2, 2.8964),
        ("I led the billing migration last spring.", 4.8964, 7.149),
        ("It shipped on time.", 7.949, 9.1933),
    ];
    let mut words = String::new();
    for (text, start, end) in phrases {
        let n = text.split_whitespace().count();
        let step = (end - start) / n as f64;
        for (i, w) in text.split_whitespace().enumerate() {
            let at = start + step * i as f64;
            words.push_str(&format!(
                "    - {{text: '{w}', start: {at:.3}, end: {:.3}}}\n",
                at + step
            ));
        }
    }
    let text = phrases.map(|p| p.0).join(" ");
    let yaml = format!(
        "version: 2\nid: 20261202-100000\nkind: drill\nstarted: 2026-12-02T10:00:00Z\ncompleted: true\nitems:\n- id: qa\n  text: Question a?\n  category: role\n  target: 10.0\n  max: 15.0\n  start: 0.0\n  duration: 10.7\n  paused: 0.0\n  verdict: on-target\n  recording:\n    file: 01-a.wav\n    length: 10.693\n    rate: 16000\n    dropped: 0\n    xruns: 0\n  transcript:\n    text: {text}\n    words:\n{words}"
    );
    std::fs::write(dir.join("session.yaml"), yaml).unwrap();
}

#[test]
fn a_transcript_scrolls_with_the_audio_and_slash_jumps_to_a_word() {
    let test = "a_transcript_scrolls_with_the_audio_and_slash_jumps_to_a_word";
    let Some(pulse) = Pulse::start(test) else {
        return;
    };
    let s = Scratch::new();
    transcribed_session(&s.recordings());
    let mut env: Vec<(&str, String)> = pulse
        .env()
        .into_iter()
        .filter(|(k, _)| *k != "PULSE_LATENCY_MSEC")
        .collect();
    // Without colour the word heard is shown in brackets.
    env.push(("NO_COLOR", "1".into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let mut pty = Pty::spawn(
        &bin,
        &["replay", "--host", "pulse"],
        s.path(),
        &env,
        100,
        30,
    );
    let secs = Duration::from_secs(20);
    // The first word is marked as it is heard, the words around it shown.
    pty.wait_for(&["[Thanks]", "I led the billing", "/ find"], secs);
    pty.send("p");
    pty.wait_for(&["PAUSED"], secs);
    // `/`, the start of a word, Enter: playback is at that word.
    pty.send("/mig");
    pty.wait_for(&["/mig_", "Enter next match"], secs);
    pty.send("\r");
    pty.wait_for(&["match 1 of 1", "[migration]", "PAUSED 0:06 / 0:10"], secs);
    // "the" is said once: Enter again finds it again; Esc, then q ends.
    pty.send("\x7f\x7f\x7fthe\r");
    pty.wait_for(&["/the_  match 1 of 1", "[the]", "0:05 / 0:10"], secs);
    pty.send("\x1b");
    pty.wait_for(&["q quit"], secs);
    pty.send("q");
    assert_eq!(pty.wait_exit(secs), 0);
}
