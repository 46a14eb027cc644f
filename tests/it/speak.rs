//! Questions read aloud (`drill --speak`, `--panel`, `replay --with-question`)
//! through the real audio stack: what the output plays is captured from the
//! null sink's monitor and compared with eSpeak NG's own synthesis of the
//! same text; the screen is read through a pseudo-terminal.

use crate::pty::Pty;
use crate::pulse::{Pulse, Sound, best_correlation, envelope, on_both_hosts};
use crate::util::Scratch;
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SECS: Duration = Duration::from_secs(30);

const QUESTION: &str = "Tell us about a project you led from start to finish.";

/// Two questions with the same text, asked by different panel members.
fn bank(s: &Scratch) -> PathBuf {
    s.file(
        "speak.yaml",
        format!(
            "title: Speak fixture\nquestions:\n  - id: s-lead\n    text: {QUESTION}\n    category: behavioural\n    min: 1s\n    target: 20s\n    max: 30s\n  - id: s-hr\n    text: {QUESTION}\n    category: motivation\n    min: 1s\n    target: 20s\n    max: 30s\n"
        ),
    )
}

/// Whether eSpeak NG is installed; says so and skips (fails in CI) when not.
fn have_espeak(test: &str) -> bool {
    let ok = Command::new("espeak-ng")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: espeak-ng is not installed, and CI must run the speech tests"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: espeak-ng is not installed (apt-get install espeak-ng)"
        );
    }
    ok
}

/// eSpeak NG's synthesis of the question in `voice` at `rate` wpm and `pitch`, as the program makes it.
fn synth(dir: &Path, name: &str, voice: &str, rate: u32, pitch: u32) -> PathBuf {
    synth_text(dir, name, voice, rate, pitch, QUESTION)
}

/// eSpeak NG's synthesis of `text`, as [`synth`].
fn synth_text(dir: &Path, name: &str, voice: &str, rate: u32, pitch: u32, text: &str) -> PathBuf {
    let out = dir.join(name);
    let status = Command::new("espeak-ng")
        .args([
            "-v",
            voice,
            "-s",
            &rate.to_string(),
            "-p",
            &pitch.to_string(),
        ])
        .arg("-w")
        .arg(&out)
        .arg(text)
        .status()
        .expect("espeak-ng");
    assert!(status.success());
    out
}

fn seconds(path: &Path) -> f64 {
    let r = hound::WavReader::open(path).unwrap();
    r.duration() as f64 / f64::from(r.spec().sample_rate)
}

/// Captures what the sink plays into `path` (16 kHz mono), once it flows.
fn capture(pulse: &Pulse, path: &Path) -> Child {
    let child = Command::new("parec")
        .args([
            "-d",
            "vsink.monitor",
            "--file-format=wav",
            "--channels=1",
            "--rate=16000",
        ])
        .arg(path)
        .envs(pulse.env())
        .stderr(Stdio::null())
        .spawn()
        .expect("parec");
    let deadline = Instant::now() + SECS;
    while std::fs::metadata(path).map_or(0, |m| m.len()) < 16_000 {
        assert!(Instant::now() < deadline, "parec captured nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn stop(mut parec: Child) {
    std::thread::sleep(Duration::from_millis(500));
    let _ = Command::new("kill")
        .args(["-INT", &parec.id().to_string()])
        .status();
    let _ = parec.wait();
}

/// `rehearse ARGS` in a pty on `pulse` (playback stalls with PULSE_LATENCY_MSEC).
fn spawn(s: &Scratch, pulse: Option<&Pulse>, args: &[&str], extra: &[(&str, String)]) -> Pty {
    let mut env: Vec<(&str, String)> = vec![("NO_COLOR", "1".into())];
    if let Some(p) = pulse {
        env.extend(
            p.env()
                .into_iter()
                .filter(|(k, _)| *k != "PULSE_LATENCY_MSEC"),
        );
    }
    env.extend(extra.iter().cloned());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    Pty::spawn(&bin, args, s.path(), &env, 80, 24)
}

fn session(s: &Scratch) -> (PathBuf, Value) {
    let root = s.recordings();
    let dir = std::fs::read_dir(&root)
        .expect("recordings")
        .next()
        .expect("a session")
        .unwrap()
        .path();
    let text = std::fs::read_to_string(dir.join("session.yaml")).expect("session.yaml");
    (dir, serde_yaml::from_str(&text).expect("yaml"))
}

/// The best correlation of `needle` in `hay` away from `lag` (not overlapping it).
fn second_match(hay: &[f32], needle: &[f32], lag: usize) -> f32 {
    let before = &hay[..lag.min(hay.len())];
    let after = &hay[(lag + needle.len()).min(hay.len())..];
    best_correlation(before, needle)
        .0
        .max(best_correlation(after, needle).0)
}

/// Median fundamental frequency (Hz) of the voiced 40 ms frames of `path`
/// between `from` and `to` seconds, by autocorrelation over 70–400 Hz.
fn pitch(path: &Path, from: f64, to: f64) -> f64 {
    let mut r = hound::WavReader::open(path).unwrap();
    let rate = r.spec().sample_rate as usize;
    let all: Vec<f32> = r
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    let clip = &all[(from * rate as f64) as usize..((to * rate as f64) as usize).min(all.len())];
    let frame = rate * 40 / 1000;
    let (lo, hi) = (rate / 400, rate / 70);
    let mut f0s: Vec<f64> = Vec::new();
    for w in clip.chunks_exact(frame) {
        let energy: f32 = w.iter().map(|v| v * v).sum();
        if (energy / frame as f32).sqrt() < 0.02 {
            continue;
        }
        let ac = |lag: usize| -> f32 {
            w[..frame - lag]
                .iter()
                .zip(&w[lag..])
                .map(|(a, b)| a * b)
                .sum()
        };
        let (best, val) = (lo..hi)
            .map(|l| (l, ac(l)))
            .fold((0, f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
        if val > 0.5 * energy {
            f0s.push(rate as f64 / best as f64);
        }
    }
    assert!(f0s.len() >= 10, "too few voiced frames: {}", f0s.len());
    f0s.sort_by(f64::total_cmp);
    f0s[f0s.len() / 2]
}

#[test]
fn a_spoken_question_is_heard_before_any_clock_runs_and_r_repeats_it() {
    if !have_espeak("a_spoken_question_is_heard") {
        return;
    }
    let Some(pulse) = Pulse::start("a_spoken_question_is_heard") else {
        return;
    };
    let s = Scratch::new();
    let bank = bank(&s);
    let reference = synth(s.path(), "ref.wav", "en-gb", 160, 50);
    let length = seconds(&reference);
    let captured = s.path().join("captured.wav");
    let parec = capture(&pulse, &captured);
    let mut pty = spawn(
        &s,
        Some(&pulse),
        &[
            "drill",
            "--no-again",
            "--bank",
            bank.to_str().unwrap(),
            "--category",
            "behavioural",
            "-n",
            "1",
            "--think",
            "20s",
            "--speak",
        ],
        &[],
    );
    let listening = pty.wait_for(&["Listening…", QUESTION, "r hear it again"], SECS);
    let thinking = pty.wait_for(&["THINK  0:20"], SECS);
    let heard = thinking - listening;
    assert!(
        heard.as_secs_f64() > 0.8 * length,
        "the think clock started {heard:?} after the question began; it lasts {length:.2} s"
    );
    pty.send("r");
    let again = pty.wait_for(&["Listening…", "Once more:"], SECS);
    let thinking = pty.wait_for(&["THINK  0:20"], SECS);
    assert!(
        (thinking - again).as_secs_f64() > 0.8 * length,
        "r read the question again before the clock restarted"
    );
    pty.send(" ");
    pty.wait_for(&["ANSWER"], SECS);
    std::thread::sleep(Duration::from_millis(1200));
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    stop(parec);
    // The question is on the output twice, as eSpeak NG says it.
    let (hay, needle) = (envelope(&captured), envelope(&reference));
    let (r, lag) = best_correlation(&hay, &needle);
    assert!(
        r > 0.9,
        "the output matches the question with correlation {r:.3}"
    );
    let r2 = second_match(&hay, &needle, lag);
    let start = session(&s).1["items"][0]["start"].as_f64().unwrap();
    eprintln!(
        "figures: question {length:.2} s; think clock after {heard:?}; matches {r:.3} and {r2:.3}; answer began at {start} s"
    );
    assert!(r2 > 0.9, "r repeated it: second match {r2:.3}");
    // The answer's clock started after both readings.
    assert!(start > 2.0 * 0.8 * length, "answer started at {start} s");
}

#[test]
fn panel_members_ask_in_voices_that_differ_in_pitch_and_rate() {
    if !have_espeak("panel_members_ask") {
        return;
    }
    let Some(pulse) = Pulse::start("panel_members_ask") else {
        return;
    };
    let s = Scratch::new();
    let bank = bank(&s);
    let captured = s.path().join("captured.wav");
    let parec = capture(&pulse, &captured);
    let mut pty = spawn(
        &s,
        Some(&pulse),
        &[
            "drill",
            "--no-again",
            "--bank",
            bank.to_str().unwrap(),
            "-n",
            "2",
            "--seed",
            "1",
            "--think",
            "0",
            "--speak",
            "--panel",
            "--no-follow-ups",
        ],
        &[],
    );
    let mut askers = Vec::new();
    for _ in 0..2 {
        pty.wait_for(&["Listening…"], SECS);
        pty.wait_for(&["ANSWER"], SECS);
        let screen = pty.screen();
        let who = if screen.contains("Sam, team lead, asks:") {
            "Sam"
        } else {
            assert!(screen.contains("Alex, HR, asks:"), "{screen}");
            "Alex"
        };
        askers.push(who);
        std::thread::sleep(Duration::from_millis(1500));
        pty.send(" ");
        pty.wait_for(&["Rate this answer"], SECS);
        pty.send(" ");
    }
    assert_eq!(pty.wait_exit(SECS), 0);
    stop(parec);
    askers.sort();
    assert_eq!(askers, ["Alex", "Sam"], "each member asked their category");
    // Each question is heard in its asker's voice, as eSpeak NG says it in
    // that voice alone: a busy machine can put gaps into what is heard,
    // never change the voice it was synthesised in.
    let hay = envelope(&captured);
    let heard = |voice: &str, rate: u32, pitch: u32| {
        let needle = envelope(&synth(
            s.path(),
            &format!("{voice}.wav"),
            voice,
            rate,
            pitch,
        ));
        let (r, lag) = best_correlation(&hay, &needle);
        assert!(r > 0.9, "{voice} heard with correlation {r:.3}");
        (lag as f64 / 100.0, (lag + needle.len()) as f64 / 100.0)
    };
    let (sam, alex) = (heard("en-gb+m3", 150, 35), heard("en-us+f3", 175, 75));
    // In the order they asked, from the session.
    let (_, sess) = session(&s);
    let sam_first = sess["items"][0]["category"] == "behavioural";
    assert_eq!(
        sam.0 < alex.0,
        sam_first,
        "Sam at {sam:?}, Alex at {alex:?}"
    );
    let (sam_len, alex_len) = (sam.1 - sam.0, alex.1 - alex.0);
    assert!(
        alex_len < 0.92 * sam_len,
        "Alex (175 wpm) took {alex_len:.2} s, Sam (150 wpm) {sam_len:.2} s"
    );
    let (sam_f0, alex_f0) = (
        pitch(&captured, sam.0, sam.1),
        pitch(&captured, alex.0, alex.1),
    );
    eprintln!(
        "figures: Sam {sam_len:.2} s at {sam_f0:.0} Hz; Alex {alex_len:.2} s at {alex_f0:.0} Hz"
    );
    assert!(
        alex_f0 > 1.3 * sam_f0,
        "Alex's voice at {alex_f0:.0} Hz, Sam's at {sam_f0:.0} Hz"
    );
}

#[test]
fn a_recorded_answer_holds_none_of_the_question_and_listen_only_hides_it() {
    if !have_espeak("a_recorded_answer_holds_none") {
        return;
    }
    let Some(pulse) = Pulse::start("a_recorded_answer_holds_none") else {
        return;
    };
    let s = Scratch::new();
    let bank = bank(&s);
    let length = seconds(&synth(s.path(), "ref.wav", "en-gb", 160, 50));
    let mut pty = spawn(
        &s,
        Some(&pulse),
        &[
            "drill",
            "--no-again",
            "--bank",
            bank.to_str().unwrap(),
            "--category",
            "behavioural",
            "-n",
            "1",
            "--think",
            "0",
            "--listen-only",
            "--record",
        ],
        &[],
    );
    let hidden = "(Listen: the text appears when your answer ends.)";
    pty.wait_for(&["Listening…", hidden], SECS);
    pty.wait_for(&["● REC", "ANSWER", hidden], SECS);
    assert!(!pty.screen().contains(QUESTION), "{}", pty.screen());
    std::thread::sleep(Duration::from_millis(1500));
    pty.send(" ");
    pty.wait_for(&["Rate this answer", QUESTION], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    let (dir, sess) = session(&s);
    let item = &sess["items"][0];
    let start = item["start"].as_f64().unwrap();
    assert!(
        start > 0.8 * length,
        "the take began at {start} s, before the question ended"
    );
    // The microphone (the sink's monitor) heard the question being read; the
    // take, begun after it, holds silence only.
    assert!(
        item["analysis"]["first_word"].is_null(),
        "speech in the take: {:?}",
        item["analysis"]
    );
    let wav = dir.join(item["recording"]["file"].as_str().unwrap());
    let loud = envelope(&wav).into_iter().fold(f32::MIN, f32::max);
    eprintln!("figures: take began at {start} s (question {length:.2} s); take peak {loud:.1} dB");
    assert!(loud < -40.0, "the take peaks at {loud:.1} dB");
}

#[test]
fn replay_with_question_reads_it_before_the_answer() {
    if !have_espeak("replay_with_question") {
        return;
    }
    let Some(pulse) = Pulse::start("replay_with_question") else {
        return;
    };
    let s = Scratch::new();
    let dir = s.recordings().join("20261102-090000");
    std::fs::create_dir_all(&dir).unwrap();
    let answer = crate::util::fixture("speech/speech.wav");
    std::fs::copy(&answer, dir.join("01-s-lead.wav")).unwrap();
    std::fs::write(
        dir.join("session.yaml"),
        format!(
            "version: 1\nid: 20261102-090000\nkind: drill\nstarted: 2026-11-02T09:00:00Z\ncompleted: true\nitems:\n- id: s-lead\n  text: {QUESTION}\n  category: behavioural\n  target: 20.0\n  max: 30.0\n  start: 0.0\n  duration: 10.7\n  paused: 0.0\n  verdict: on-target\n  recording:\n    file: 01-s-lead.wav\n    length: {:.3}\n    rate: 16000\n    dropped: 0\n    xruns: 0\n",
            seconds(&answer)
        ),
    )
    .unwrap();
    // The panel's team lead asks behavioural questions.
    let question = synth(s.path(), "ref.wav", "en-gb+m3", 150, 35);
    let captured = s.path().join("captured.wav");
    let parec = capture(&pulse, &captured);
    let mut pty = spawn(&s, Some(&pulse), &["replay", "--with-question"], &[]);
    pty.wait_for(&["Listening…", "Sam, team lead, asks:"], SECS);
    assert_eq!(pty.wait_exit(SECS * 2), 0);
    stop(parec);
    let hay = envelope(&captured);
    let (rq, lag_q) = best_correlation(&hay, &envelope(&question));
    let (ra, lag_a) = best_correlation(&hay, &envelope(&answer));
    assert!(rq > 0.9 && ra > 0.9, "question {rq:.3}, answer {ra:.3}");
    let q_len = envelope(&question).len();
    eprintln!("figures: question r={rq:.3} at {lag_q}0 ms, answer r={ra:.3} at {lag_a}0 ms");
    assert!(
        lag_q + q_len <= lag_a + 50,
        "the question ({lag_q}) came before the answer ({lag_a})"
    );
}

/// The screen of a drill that `args` make stop before it starts, with exit code 2.
fn refused(s: &Scratch, args: &[&str], extra: &[(&str, String)]) -> String {
    // Each pty holds the harness's one-at-a-time lock until it is dropped here.
    let mut pty = spawn(s, None, args, extra);
    assert_eq!(pty.wait_exit(SECS), 2, "{}", pty.screen());
    pty.screen()
}

#[test]
fn speaking_needs_a_terminal_an_engine_an_output_and_a_known_voice() {
    let s = Scratch::new();
    s.cmd()
        .args(["drill", "--speak"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "rehearse: error: `rehearse drill` needs a terminal",
        ));
    // No speech engine: a PATH without espeak-ng.
    let screen = refused(
        &s,
        &["drill", "--speak"],
        &[("PATH", "/nonexistent".into())],
    );
    assert!(
        screen.contains(
            "rehearse: error: cannot read questions aloud: the speech engine `espeak-ng` was not found"
        ) && screen.contains("hint: install eSpeak NG (`apt-get install espeak-ng`), or drop --speak"),
        "{screen}"
    );
    if !have_espeak("speaking_needs") {
        return;
    }
    // No output device: ALSA with nothing configured and no sound server.
    let empty = s.file("empty-alsa.conf", "\n");
    let screen = refused(
        &s,
        &["drill", "--speak", "--panel"],
        &[
            ("ALSA_CONFIG_PATH", empty.display().to_string()),
            (
                "XDG_RUNTIME_DIR",
                s.path().join("no-pulse").display().to_string(),
            ),
        ],
    );
    assert!(
        screen.contains(
            "rehearse: error: no audio output found (the default output `default` cannot play)"
        ) && screen.contains("hint: connect speakers or headphones and check `rehearse devices`"),
        "{screen}"
    );
    let screen = refused(&s, &["drill", "--speak", "--voice", "xx-nowhere"], &[]);
    assert!(
        screen.contains("rehearse: error: eSpeak NG has no voice `xx-nowhere`")
            && screen.contains("hint: `espeak-ng --voices` lists the voices"),
        "{screen}"
    );
    assert!(!s.recordings().exists(), "a session was created");
}

#[test]
fn an_output_lost_mid_question_turns_speech_off_and_the_drill_goes_on() {
    if !have_espeak("an_output_lost_mid_question") {
        return;
    }
    let Some(mut pulse) = Pulse::start("an_output_lost_mid_question") else {
        return;
    };
    let s = Scratch::new();
    let bank = bank(&s);
    let mut pty = spawn(
        &s,
        Some(&pulse),
        &[
            "drill",
            "--no-again",
            "--bank",
            bank.to_str().unwrap(),
            "--category",
            "behavioural",
            "-n",
            "1",
            "--think",
            "30s",
            "--speak",
        ],
        &[],
    );
    pty.wait_for(&["Listening…"], SECS);
    pulse.kill();
    // The voice's output disconnects (or, where the sound system does not
    // say so, takes no audio for 5 s): the drill gives up on speech and the
    // clock goes on.
    pty.wait_for(&["Speech stopped (", "THINK"], SECS);
    pty.send(" ");
    pty.wait_for(&["ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
}

/// A one-word question (half a second of speech: follow-ups are often this
/// short) is heard whole, and the answer's clock starts only after it. The
/// sink's monitor is both the test's capture and the drill's microphone: the
/// take, which begins with the answer, must hold none of the word, and the
/// capture all of it.
fn a_one_word_question_is_heard_whole_before_the_clock_starts(sound: Sound) {
    if !have_espeak("a_one_word_question") {
        return;
    }
    let Some(pulse) = Pulse::start("a_one_word_question") else {
        return;
    };
    let s = Scratch::new();
    let word = "Weight four question.";
    let bank = s.file(
        "why.yaml",
        format!("title: One word\nquestions:\n  - id: why\n    text: {word}\n    category: motivation\n    min: 1s\n    target: 20s\n    max: 30s\n"),
    );
    let reference = envelope(&synth_text(s.path(), "ref.wav", "en-gb", 160, 50, word));
    let capture = pulse.capture();
    let mut pty = spawn(
        &s,
        Some(&pulse),
        &[
            "drill",
            "--no-again",
            "--bank",
            bank.to_str().unwrap(),
            "-n",
            "1",
            "--think",
            "0",
            "--no-follow-ups",
            "--speak",
            "--record",
            "--host",
            sound.flag(),
        ],
        &[],
    );
    pty.wait_for(&["● REC", "ANSWER"], SECS);
    std::thread::sleep(Duration::from_millis(1000));
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    let heard = capture.stop().envelope();
    let (r, lag) = best_correlation(&heard, &reference);
    // Every loud 10 ms of the word is on the output (give or take a frame:
    // the capture's frames fall anywhere against the word's), its end too.
    // Each 250 ms of the word is placed on its own, within 50 ms of where
    // the whole word matches best: an underrun on a busy machine delays what
    // follows it without losing any of it, and a lost start or end still
    // shows as loud frames of the word with silence where they belong.
    let mut missed = Vec::new();
    let mut loud = 0;
    let loud_from = reference.iter().position(|db| *db > -40.0).unwrap_or(0);
    for (c, chunk) in reference.chunks(25).enumerate() {
        let first = c * 25;
        let near = lag.saturating_sub(5)..(lag + 6).min(heard.len());
        let (_, at) = near
            .filter(|&l| l + first + chunk.len() <= heard.len())
            .map(|l| {
                (
                    best_correlation(&heard[l + first..l + first + chunk.len()], chunk).0,
                    l,
                )
            })
            .fold((f32::MIN, lag), |a, b| if b.0 > a.0 { b } else { a });
        for (i, _) in chunk.iter().enumerate().filter(|(_, db)| **db > -40.0) {
            let f = first + i;
            loud += 1;
            // The word's first 50 ms may sit up to 50 ms off: a start that
            // late cannot be told from a start lost, so neither fails here.
            let slack = if f < loud_from + 5 { 5 } else { 1 };
            let seen = heard[(at + f).saturating_sub(slack)..(at + f + slack + 1).min(heard.len())]
                .iter()
                .any(|&db| db > -50.0);
            if !seen {
                missed.push((f, at));
            }
        }
    }
    eprintln!(
        "figures: {sound:?}: the word matches with {r:.3}; {} of its {loud} loud frames missed",
        missed.len(),
    );
    assert!(
        r > 0.9,
        "{sound:?}: the output matches the word with {r:.3} (at {lag}0 ms)"
    );
    let show = |v: &[f32]| {
        v.iter()
            .map(|db| format!("{db:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(&(f, at)) = missed.first() {
        let (a, b) = (f.saturating_sub(3), (f + 4).min(reference.len()));
        panic!(
            "{sound:?}: frames {:?} of the word were not heard: word frames {a}–{b} [{}], heard at {at}0 ms [{}]",
            missed.iter().map(|m| m.0).collect::<Vec<_>>(),
            show(&reference[a..b]),
            show(&heard[(at + a).min(heard.len())..(at + b).min(heard.len())])
        );
    }
    let (dir, sess) = session(&s);
    let take = envelope(&dir.join(sess["items"][0]["recording"]["file"].as_str().unwrap()));
    let peak = take.iter().copied().fold(f32::MIN, f32::max);
    assert!(
        peak < -40.0,
        "{sound:?}: the take, begun with the answer's clock, peaks at {peak:.1} dB: it heard the question"
    );
}

on_both_hosts!(a_one_word_question_is_heard_whole_before_the_clock_starts);
