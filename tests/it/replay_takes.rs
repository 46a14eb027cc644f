//! An answer given more than once, replayed: its takes side by side, `t`
//! playing the next take's recording through the real audio stack, and `c`
//! making the take playing count in `session.yaml` and so in `stats`.

use crate::pty::Pty;
use crate::pulse::{Pulse, Sound};
use crate::util::{Scratch, fixture};
use rehearse::session::{self, Session};
use std::path::Path;
use std::time::Duration;

const SECS: Duration = Duration::from_secs(20);
const ID: &str = "20261201-090000";

/// Speech with `lead` seconds of silence before it, as a 16 kHz WAV at `to`.
fn speech_after(lead: f64, to: &Path) {
    let mut r = hound::WavReader::open(fixture("speech/speech.wav")).unwrap();
    let spec = r.spec();
    let silence = (lead * f64::from(spec.sample_rate)) as usize * usize::from(spec.channels);
    let mut w = hound::WavWriter::create(to, spec).unwrap();
    for _ in 0..silence {
        w.write_sample(0i16).unwrap();
    }
    for s in r.samples::<i16>() {
        w.write_sample(s.unwrap()).unwrap();
    }
    w.finalize().unwrap();
}

/// A drill session of one answer in two takes: take 1 the speech fixture
/// (10.7 s, rated 4), take 2 the same after 2.5 s of silence (13.2 s,
/// rated 2), which counts; each with its analysis stored as the drill does.
fn two_takes(s: &Scratch) -> std::path::PathBuf {
    let dir = s.recordings().join(ID);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("speech/speech.wav"), dir.join("01-q-1.wav")).unwrap();
    speech_after(2.5, &dir.join("01-q-2.wav"));
    let rec = |f: &str, len: f64| {
        format!("{{file: {f}, length: {len}, rate: 16000, dropped: 0, xruns: 0}}")
    };
    let yaml = format!(
        "version: 3\nid: {ID}\nkind: drill\nstarted: 2026-12-01T09:00:00Z\ncompleted: true\nitems:\n\
         - id: beh-conflict\n  text: Tell me about a conflict in your team.\n  category: behavioural\n  min: 1.0\n  target: 12.0\n  max: 30.0\n  \
         start: 40.0\n  duration: 13.193\n  paused: 0.0\n  verdict: on-target\n  rating: 2\n  take: 2\n  recording: {}\n  takes:\n  \
         - take: 1\n    start: 0.0\n    duration: 10.693\n    paused: 0.0\n    verdict: too-short\n    rating: 4\n    recording: {}\n",
        rec("01-q-2.wav", 13.193),
        rec("01-q-1.wav", 10.693)
    );
    std::fs::write(dir.join("session.yaml"), yaml).unwrap();
    let mut session = session::load(&dir.join("session.yaml")).expect("a good session");
    let analyse = |f: &str| {
        let read = rehearse::audio::wavfile::read_envelope(&dir.join(f)).unwrap();
        Some(rehearse::audio::analysis::analyze(
            &read.envelope,
            &Default::default(),
        ))
    };
    let it = &mut session.items[0];
    it.analysis = analyse("01-q-2.wav");
    it.takes[0].analysis = analyse("01-q-1.wav");
    session::save(&dir, &session).unwrap();
    dir
}

fn stats(s: &Scratch) -> serde_json::Value {
    let out = s
        .cmd()
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["questions"][0].clone()
}

/// `rehearse replay` in `s` on a 100×40 terminal, playing through `pulse`.
fn spawn(s: &Scratch, pulse: &Pulse) -> Pty {
    let mut env: Vec<(&str, String)> = vec![("NO_COLOR", "1".into())];
    let pulse_env = pulse.env().into_iter();
    env.extend(pulse_env.filter(|(k, _)| *k != "PULSE_LATENCY_MSEC"));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut args = vec!["replay"];
    args.extend(Sound::Pulse.args());
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    Pty::spawn(&bin, &args, s.path(), &env, 100, 40)
}

#[test]
fn t_plays_the_other_take_and_c_makes_it_count_in_the_file_and_in_stats() {
    let Some(pulse) = Pulse::start("replay_takes") else {
        return;
    };
    let s = Scratch::new();
    let dir = two_takes(&s);
    let before = stats(&s);
    assert_eq!(
        (&before["last_secs"], &before["mean_rating"]),
        (&serde_json::json!(13.193), &serde_json::json!(2.0))
    );
    let stored: Session = session::load(&dir.join("session.yaml")).unwrap();
    let first_word = |a: &Option<session::analysis::Analysis>| {
        format!(
            "{:.1} s",
            a.as_ref().unwrap().first_word.unwrap().as_secs_f64()
        )
    };
    let (one, two) = (
        first_word(&stored.items[0].takes[0].analysis),
        first_word(&stored.items[0].analysis),
    );
    assert_ne!(one, two, "the takes differ where the table shows them");

    let mut pty = spawn(&s, &pulse);
    // The take that counts plays first: its own file, 13 s long.
    pty.wait_for(
        &[
            "answer 1 of 1 · behavioural · take 2 of 2 (counts)",
            "/ 0:13",
        ],
        SECS,
    );
    let screen = pty.screen();
    let row = |name: &str| -> Vec<String> {
        let line = screen.lines().find(|l| l.starts_with(name)).unwrap_or("");
        line.split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(row("first word"), ["first word", &one, &two], "{screen}");
    assert_eq!(
        row("length"),
        ["length", "0:11 too short", "0:13 on target"],
        "{screen}"
    );
    assert_eq!(row("rating"), ["rating", "4/5", "2/5"], "{screen}");
    assert!(
        screen.contains("t next take · c count this take"),
        "{screen}"
    );
    pty.send("p");
    pty.wait_for(&["PAUSED"], SECS);
    // `t`: take 1's recording opens, from its start: the player says 0:10 long.
    pty.send("t");
    pty.wait_for(&["· take 1 of 2", "/ 0:10"], SECS);
    assert!(!pty.screen().contains("take 1 of 2 (counts)"));
    pty.send("p");
    pty.wait_for(&["PAUSED"], SECS);
    pty.send("c");
    pty.wait_for(
        &[
            "Take 1 counts for answer 1 now: saved in session.yaml.",
            "take 1 of 2 (counts)",
        ],
        SECS,
    );
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);

    let saved = session::load(&dir.join("session.yaml")).expect("still a good session");
    let it = &saved.items[0];
    assert_eq!((it.take, it.rating, it.takes.len()), (1, Some(4), 1));
    assert_eq!(it.recording.as_ref().unwrap().file, "01-q-1.wav");
    assert_eq!((it.takes[0].take, it.takes[0].rating), (2, Some(2)));
    let after = stats(&s);
    assert_eq!(
        (&after["last_secs"], &after["mean_rating"]),
        (&serde_json::json!(10.693), &serde_json::json!(4.0)),
        "stats count the take picked"
    );
}

#[test]
fn transcribe_gives_each_take_its_own_transcript() {
    let Some(model) = crate::util::test_model("transcribe_gives_each_take_its_own_transcript")
    else {
        return;
    };
    let s = Scratch::new();
    let dir = two_takes(&s);
    let out = s
        .cmd()
        .args(["transcribe", ID, "--format", "json", "--model"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let done: Vec<(u64, u64)> = v["transcribed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["answer"].as_u64().unwrap(), d["take"].as_u64().unwrap()))
        .collect();
    assert_eq!(done, [(1, 1), (1, 2)], "{v}");
    let saved = session::load(&dir.join("session.yaml")).unwrap();
    let it = &saved.items[0];
    for t in [&it.transcript, &it.takes[0].transcript] {
        let t = t.as_ref().expect("a transcript");
        assert!(t.text.to_lowercase().contains("migration"), "{}", t.text);
    }
    // Take 2 starts 2.5 s later: its words are where its own recording has them.
    let first =
        |t: &Option<rehearse::session::transcript::Transcript>| t.as_ref().unwrap().words[0].start;
    let lag = first(&it.transcript) - first(&it.takes[0].transcript);
    assert!((2.0..3.0).contains(&lag), "{lag}");
    // Replayed, the words the two takes say differently are named (the
    // same speech: none, but any the model heard differently).
    let Some(pulse) = Pulse::start("transcribe_gives_each_take") else {
        return;
    };
    let words = |t: &Option<rehearse::session::transcript::Transcript>| t.clone().unwrap().words;
    let d = rehearse::ui::replay_takes::word_diff(
        &words(&it.takes[0].transcript),
        &words(&it.transcript),
    );
    let mut pty = spawn(&s, &pulse);
    let line = format!("Words, take 1 → take 2: +{}", d.added.len());
    pty.wait_for(&["take 2 of 2 (counts)", &line], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
}
