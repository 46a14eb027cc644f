//! `rehearse sessions` and `rehearse replay`, on hand-built session
//! directories; playback goes through the real audio stack and is captured
//! from the null sink's monitor.

use crate::pty::{Pty, sleep_until};
use crate::pulse::{
    Pulse, Sound, best_correlation, envelope, heard_steps, on_both_hosts, stepped_tone,
};
use crate::util::{Scratch, fixture};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SECS: Duration = Duration::from_secs(20);

/// One item of a hand-built session.
struct It<'a> {
    id: &'a str,
    duration: f64,
    verdict: &'a str,
    rating: Option<u8>,
    wav: Option<&'a Path>,
}

/// Writes `recordings/<id>/session.yaml` (and copies WAVs) the way the drill does.
fn write_session(root: &Path, id: &str, started: &str, completed: bool, items: &[It]) -> PathBuf {
    let dir = root.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let mut y = format!(
        "version: 1\nid: {id}\nkind: drill\nstarted: {started}\ncompleted: {completed}\nsettings:\n  seed: 1\n  count: {n}\n  think: 5.0\n  warn: 15.0\n  hard_stop: false\n  follow_ups: true\nitems:\n",
        n = items.len()
    );
    for (i, it) in items.iter().enumerate() {
        y.push_str(&format!(
            "- id: {}\n  text: Question {} of the test?\n  category: behavioural\n  min: 1.0\n  target: 5.0\n  max: 20.0\n  start: {}.0\n  duration: {}\n  paused: 0.0\n  verdict: {}\n  rating: {}\n",
            it.id,
            i + 1,
            i * 30,
            it.duration,
            it.verdict,
            it.rating.map_or("null".to_string(), |r| r.to_string())
        ));
        if let Some(wav) = it.wav {
            let name = format!("{:02}-{}.wav", i + 1, it.id);
            std::fs::copy(wav, dir.join(&name)).unwrap();
            let secs = hound::WavReader::open(wav)
                .map(|r| r.duration() as f64 / f64::from(r.spec().sample_rate))
                .unwrap();
            y.push_str(&format!(
                "  recording:\n    file: {name}\n    length: {secs:.3}\n    rate: 16000\n    dropped: 0\n    xruns: 0\n"
            ));
        }
    }
    std::fs::write(dir.join("session.yaml"), y).unwrap();
    dir
}

fn speech() -> PathBuf {
    fixture("speech/speech.wav")
}

#[test]
fn sessions_are_listed_newest_first_and_damaged_ones_named() {
    let s = Scratch::new();
    let root = s.recordings();
    write_session(
        &root,
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        true,
        &[
            It {
                id: "a",
                duration: 10.0,
                verdict: "on-target",
                rating: Some(3),
                wav: None,
            },
            It {
                id: "b",
                duration: 5.5,
                verdict: "skipped",
                rating: None,
                wav: None,
            },
        ],
    );
    write_session(
        &root,
        "20261102-090000",
        "2026-11-02T09:00:00Z",
        false,
        &[It {
            id: "c",
            duration: 10.693,
            verdict: "on-target",
            rating: None,
            wav: Some(&speech()),
        }],
    );
    std::fs::create_dir_all(root.join("20261103-090000")).unwrap();
    std::fs::create_dir_all(root.join("20261104-090000")).unwrap();
    std::fs::write(
        root.join("20261104-090000/session.yaml"),
        "version: [oops\n",
    )
    .unwrap();

    let out = s
        .cmd()
        .args(["sessions", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "20261102-090000",
            "20261101-090000",
            "20261104-090000",
            "20261103-090000"
        ]
    );
    assert_eq!(rows[0]["answers"], 1);
    assert_eq!(rows[0]["recorded"], 1);
    assert_eq!(rows[0]["completed"], false);
    assert!(
        rows[0]["speaking"].is_null(),
        "no analysis stored: {}",
        rows[0]
    );
    assert_eq!(rows[1]["answers"], 1, "the skipped answer does not count");
    assert_eq!(rows[1]["answering"], 15.5);
    assert_eq!(rows[1]["recorded"], 0);
    assert_eq!(rows[3]["damaged"], "no session.yaml");
    assert!(
        rows[2]["damaged"]
            .as_str()
            .unwrap()
            .contains("not a valid session file"),
        "{}",
        rows[2]
    );

    let text = s.cmd().arg("sessions").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("20261103-090000  damaged: no session.yaml"),
        "{text}"
    );
    assert!(
        text.contains(
            "20261101-090000  2026-11-01 09:00  drill          1        no       0:16         –\n"
        ),
        "{text}"
    );
    assert!(text.contains("* ended early"), "{text}");
}

#[test]
fn sessions_in_an_empty_directory_say_how_to_start() {
    let s = Scratch::new();
    s.cmd().arg("sessions").assert().success().stdout(format!(
        "No sessions in {} yet. Start one with `rehearse drill`.\n",
        s.recordings().display()
    ));
}

#[test]
fn replay_of_a_session_without_recordings_says_how_to_record() {
    let s = Scratch::new();
    write_session(
        &s.recordings(),
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        true,
        &[It {
            id: "a",
            duration: 10.0,
            verdict: "on-target",
            rating: None,
            wav: None,
        }],
    );
    s.cmd()
        .args(["replay", "20261101"])
        .assert()
        .code(2)
        .stderr("rehearse: error: session 20261101-090000 has no recorded answers\n  hint: record answers with `rehearse drill --record`\n");
    s.cmd()
        .arg("replay")
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: no session with recordings in {}\n  hint: record one with `rehearse drill --record`\n",
            s.recordings().display()
        ));
}

fn spawn_replay(sound: Sound, s: &Scratch, pulse: &Pulse, args: &[&str]) -> Pty {
    let mut env: Vec<(&str, String)> = vec![("NO_COLOR", "1".into())];
    // Not PULSE_LATENCY_MSEC: playback through ALSA's PulseAudio plugin stalls with it.
    env.extend(
        pulse
            .env()
            .into_iter()
            .filter(|(k, _)| *k != "PULSE_LATENCY_MSEC"),
    );
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut all = vec!["replay"];
    all.extend_from_slice(args);
    all.extend(sound.args());
    Pty::spawn(
        &assert_cmd::cargo::cargo_bin("rehearse"),
        &all,
        s.path(),
        &env,
        80,
        24,
    )
}

fn replay_plays_the_recording_through_the_audio_output(sound: Sound) {
    let Some(pulse) = Pulse::start("replay_plays_the_recording") else {
        return;
    };
    let s = Scratch::new();
    write_session(
        &s.recordings(),
        "20261102-090000",
        "2026-11-02T09:00:00Z",
        true,
        &[It {
            id: "c",
            duration: 10.693,
            verdict: "on-target",
            rating: Some(4),
            wav: Some(&speech()),
        }],
    );
    // What the output plays, captured from the sink's monitor.
    let captured = s.path().join("captured.wav");
    let mut parec = Command::new("parec")
        .args([
            "-d",
            "vsink.monitor",
            "--file-format=wav",
            "--channels=1",
            "--rate=16000",
        ])
        .arg(&captured)
        .envs(pulse.env())
        .stderr(Stdio::null())
        .spawn()
        .expect("parec");
    // Start playing only once the capture is flowing: under load parec can
    // take a while to connect, and would miss the start.
    let deadline = std::time::Instant::now() + SECS;
    while std::fs::metadata(&captured).map_or(0, |m| m.len()) < 16_000 {
        assert!(
            std::time::Instant::now() < deadline,
            "parec captured nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut pty = spawn_replay(sound, &s, &pulse, &[]);
    pty.wait_for(
        &[
            "answer 1 of 1",
            "Question 1 of the test?",
            "On target: 0:11 (target 0:05). Rated 4/5.",
        ],
        SECS,
    );
    pty.wait_for(
        &[
            "First word after 1.2 s",
            "1 pause over 1.5 s (longest 2.0 s)",
        ],
        SECS,
    );
    assert_eq!(pty.wait_exit(Duration::from_secs(30)), 0);
    std::thread::sleep(Duration::from_millis(500));
    let _ = Command::new("kill")
        .args(["-INT", &parec.id().to_string()])
        .status();
    let _ = parec.wait();
    assert!(
        pty.screen()
            .contains("Replayed session 20261102-090000: answers 1–1 of 1."),
        "{}",
        pty.screen()
    );
    let (r, lag) = best_correlation(&envelope(&captured), &envelope(&speech()));
    assert!(
        r > 0.9,
        "played audio matches the file with correlation {r:.3} (lag {lag})"
    );
}

fn replay_keys_pause_seek_jump_to_pauses_and_move_between_answers(sound: Sound) {
    let Some(pulse) = Pulse::start("replay_keys") else {
        return;
    };
    let s = Scratch::new();
    write_session(
        &s.recordings(),
        "20261102-090000",
        "2026-11-02T09:00:00Z",
        true,
        &[
            It {
                id: "c",
                duration: 10.693,
                verdict: "on-target",
                rating: None,
                wav: Some(&speech()),
            },
            It {
                id: "d",
                duration: 2.0,
                verdict: "skipped",
                rating: None,
                wav: None,
            },
            It {
                id: "e",
                duration: 10.693,
                verdict: "over",
                rating: Some(2),
                wav: Some(&speech()),
            },
        ],
    );
    let mut pty = spawn_replay(sound, &s, &pulse, &["20261102-090000"]);
    pty.wait_for(&["answer 1 of 3", "▶ 0:00 / 0:10"], SECS);
    pty.send("p");
    pty.wait_for(&["PAUSED", "p resume"], SECS);
    let held = pty.screen();
    std::thread::sleep(Duration::from_millis(700));
    let pos = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains(" / 0:10"))
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        pos(&held),
        pos(&pty.screen()),
        "position moved while paused"
    );
    // j: to the 2 s pause that starts at 2.9 s.
    pty.send("j");
    pty.wait_for(&["PAUSED 0:02 / 0:10"], SECS);
    // →: five seconds on.
    pty.send("\x1b[C");
    pty.wait_for(&["PAUSED 0:07 / 0:10"], SECS);
    // k: back to the pause.
    pty.send("k");
    pty.wait_for(&["PAUSED 0:02 / 0:10"], SECS);
    // n: the next recorded answer is the third item; the skipped one has no recording.
    pty.send("n");
    pty.wait_for(&["answer 3 of 3", "Over by", "Rated 2/5."], SECS);
    pty.send("b");
    pty.wait_for(&["answer 1 of 3"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
}

fn replay_can_start_at_a_given_answer(sound: Sound) {
    let Some(pulse) = Pulse::start("replay_can_start_at") else {
        return;
    };
    let s = Scratch::new();
    write_session(
        &s.recordings(),
        "20261102-090000",
        "2026-11-02T09:00:00Z",
        true,
        &[
            It {
                id: "c",
                duration: 10.693,
                verdict: "on-target",
                rating: None,
                wav: Some(&speech()),
            },
            It {
                id: "e",
                duration: 10.693,
                verdict: "on-target",
                rating: None,
                wav: Some(&speech()),
            },
        ],
    );
    let mut pty = spawn_replay(sound, &s, &pulse, &["--answer", "2"]);
    pty.wait_for(&["answer 2 of 2"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    s.cmd()
        .envs(pulse.env())
        .args(["replay", "--answer", "5"])
        .assert()
        .code(2)
        .stderr("rehearse: error: answer 5 of session 20261102-090000 has no recording\n  hint: recorded answers: 1, 2\n");
}

#[test]
fn the_example_session_in_the_repository_plays() {
    let Some(pulse) = Pulse::start("the_example_session_in_the_repository_plays") else {
        return;
    };
    let s = Scratch::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("recordings");
    let root = root.to_str().unwrap();
    let mut pty = spawn_replay(
        crate::pulse::Sound::Pulse,
        &s,
        &pulse,
        &["--recordings-dir", root, "20261130-090000"],
    );
    pty.wait_for(
        &[
            "answer 1 of 1",
            "If you joined us next month",
            "First word after 1.2 s",
            "/ 0:09",
        ],
        SECS,
    );
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
}

/// Seconds in the stepped tone the pause and jump tests replay.
const STEPS: usize = 12;

/// A session whose one answer is a [`stepped_tone`]: what is heard tells where in it playback is.
fn tone_session(s: &Scratch) {
    let tone = s.path().join("tone.wav");
    stepped_tone(&tone, STEPS);
    write_session(
        &s.recordings(),
        "20261102-090000",
        "2026-11-02T09:00:00Z",
        true,
        &[It {
            id: "t",
            duration: STEPS as f64,
            verdict: "on-target",
            rating: None,
            wav: Some(&tone),
        }],
    );
}

/// How soon a pause or a jump must be heard once the program has taken its
/// key, in 10 ms frames. The program carries out a key's effects (cork,
/// flush, seek) before it draws the screen that shows them, so the screen's
/// change is when it took the key: on a busy machine the key itself may wait
/// for the program far longer, which is load, not what is tested here
/// (`scripts/measure-replay.sh` reports key-to-sound times).
///
/// Through our own PulseAudio stream a pause corks the server's stream and a
/// jump flushes it: both were heard 0–30 ms after the key (the capture's
/// clock puts them up to 30 ms early: the null sink hands its monitor what it
/// renders, a little ahead of time). Without cork or flush they come after
/// the ~400 ms the server buffers. 150 ms is what a person hears as "at
/// once".
///
/// Through ALSA (cpal, here over ALSA's PulseAudio plugin) nothing can drop
/// what the device already holds, two 200 ms callbacks: a pause was silent
/// after 320 ms and a jump heard after 290 ms. The bound there is that
/// buffer with 200 ms to spare, so a pause or jump that waits for more than
/// the device's buffer still fails.
fn at_once(sound: Sound) -> usize {
    match sound {
        Sound::Pulse => 15,
        Sound::Alsa => 60,
    }
}

/// Frames an event may show before its key: the capture's clock (see [`at_once`]).
const EARLY: usize = 5;

/// What was heard in `frames`, one character a frame: `.` silence, else the
/// step (hex), with `|` at `mark` — for failure messages.
fn timeline(steps: &[Option<usize>], first: usize, frames: Range<usize>, mark: usize) -> String {
    frames
        .map(|f| {
            let c = steps
                .get(f.wrapping_sub(first))
                .copied()
                .flatten()
                .map_or('.', |s| char::from_digit(s as u32, 16).unwrap());
            if f == mark {
                format!("|{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A key: when the test sent it, and when the screen showed the program had taken it.
#[derive(Clone, Copy)]
struct Keyed {
    sent: Instant,
    shown: Instant,
}

/// Sends `key` and waits for `shows` on the screen.
fn press(pty: &mut Pty, key: &str, shows: &str) -> Keyed {
    let sent = Instant::now();
    pty.send(key);
    let shown = pty.wait_for(&[shows], SECS);
    Keyed { sent, shown }
}

/// A key as frames of the capture: sent, and taken (see [`at_once`]).
#[derive(Clone, Copy)]
struct Frames {
    sent: usize,
    taken: usize,
}

/// What the sink played around two keys: the tone's second in each 10 ms
/// frame from half a second before the first key, and the keys' frames.
struct Played {
    first: usize,
    steps: Vec<Option<usize>>,
    keys: (Frames, Frames),
}

impl Played {
    /// The second heard in frame `f`, `None` for silence.
    fn at(&self, f: usize) -> Option<usize> {
        self.steps
            .get(f.wrapping_sub(self.first))
            .copied()
            .flatten()
    }

    /// The first frame from `key` on in which `heard` holds, which must come
    /// within [`at_once`] of the program taking it; `what` names it.
    fn at_once_after(
        &self,
        sound: Sound,
        key: Frames,
        what: &str,
        heard: impl Fn(Option<usize>) -> bool,
    ) -> usize {
        let f = (key.sent - EARLY..key.taken + 150)
            .find(|&f| heard(self.at(f)))
            .unwrap_or_else(|| panic!("{sound:?}: never heard {what}:\n{}", self.around(key.sent)));
        heard_after(sound, what, key, f);
        assert!(
            f <= key.taken + at_once(sound),
            "{sound:?}: {what} heard {} ms after the screen showed the key:\n{}",
            (f as i64 - key.taken as i64) * 10,
            self.around(key.sent)
        );
        f
    }

    /// What was heard around frame `mark`, for failure messages.
    fn around(&self, mark: usize) -> String {
        timeline(
            &self.steps,
            self.first,
            mark.saturating_sub(30)..mark + 120,
            mark,
        )
    }
}

/// Prints when `what` was heard (frame `f`) after `key`: the figures
/// `scripts/measure-replay.sh` collects.
fn heard_after(sound: Sound, what: &str, key: Frames, f: usize) {
    let ms = |from: usize| (f as i64 - from as i64) * 10;
    eprintln!(
        "figures: {sound:?}: {what} heard {} ms after the key, {} ms after the screen showed it",
        ms(key.sent),
        ms(key.taken)
    );
}

/// Replays the tone session on `sound` while the sink's monitor is captured:
/// once `shown` is on the screen, `keys` types its two keys and says when;
/// then `q`. `None` without a sound server.
fn replay_tone(
    sound: Sound,
    test: &str,
    shown: &str,
    keys: impl FnOnce(&mut Pty) -> (Keyed, Keyed),
) -> Option<Played> {
    let pulse = Pulse::start(test)?;
    let s = Scratch::new();
    tone_session(&s);
    let capture = pulse.capture();
    let mut pty = spawn_replay(sound, &s, &pulse, &[]);
    pty.wait_for(&[shown], SECS);
    let (a, b) = keys(&mut pty);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    let heard = capture.stop();
    let frames = |k: Keyed| Frames {
        sent: heard.frame_at(k.sent),
        taken: heard.frame_at(k.shown),
    };
    let keys = (frames(a), frames(b));
    let first = keys.0.sent.saturating_sub(50);
    let steps = heard_steps(&heard.samples, first..keys.1.taken + 150, STEPS);
    Some(Played { first, steps, keys })
}

/// `p` pauses at once and resumes where it stopped: the sink goes silent
/// within [`at_once`] of the program taking the key, stays silent, and the
/// same second of the tone comes back when `p` is pressed again.
fn pause_is_heard_at_once(sound: Sound) {
    let played = replay_tone(sound, "pause_is_heard_at_once", "▶ 0:02", |pty| {
        let paused = press(pty, "p", "PAUSED");
        sleep_until(paused.shown, Duration::from_millis(1500));
        let resumed = press(pty, "p", "▶ 0:0");
        std::thread::sleep(Duration::from_millis(1500));
        (paused, resumed)
    });
    let Some(played) = played else { return };
    let ((pk, rk), at, around) = (played.keys, |f| played.at(f), |m| played.around(m));
    let (p, r) = (pk.sent, rk.sent);
    assert!(
        (p - 30..p - EARLY).all(|f| at(f).is_some()),
        "not playing before the pause:\n{}",
        around(p)
    );
    let playing = at(p - EARLY).unwrap();
    // Silent from `quiet` until the key that resumes.
    let quiet = (p - EARLY..r - EARLY)
        .rev()
        .find(|&f| at(f).is_some())
        .map_or(p - EARLY, |f| f + 1);
    heard_after(sound, "silence", pk, quiet);
    assert!(
        quiet <= pk.taken + at_once(sound),
        "{sound:?}: still heard {} ms after the screen showed the pause:\n{}",
        (quiet - pk.taken) * 10,
        around(p)
    );
    let back = (r - EARLY..rk.taken + 150)
        .find(|&f| at(f).is_some())
        .unwrap_or_else(|| panic!("{sound:?}: silent after resuming:\n{}", around(r)));
    heard_after(sound, "the resumed tone", rk, back);
    // Past the first frames, where the tone starts from silence.
    let resumed = at(back + 3);
    assert!(
        resumed == Some(playing) || resumed == Some(playing + 1),
        "{sound:?}: paused in second {playing}, resumed in {resumed:?}:\n{}",
        around(r)
    );
    if sound == Sound::Pulse {
        // Uncorked, the server plays what it kept.
        assert!(
            back <= rk.taken + at_once(sound),
            "{sound:?}: heard {} ms after the screen showed the resume:\n{}",
            (back as i64 - rk.taken as i64) * 10,
            around(r)
        );
    }
}

/// → is heard at once at the new position, and r at the start: within
/// [`at_once`] of the program taking the key the sink plays the tone's
/// second five on (or 0), with no gap, and what follows is from there.
fn jump_is_heard_at_once(sound: Sound) {
    let played = replay_tone(sound, "jump_is_heard_at_once", "▶ 0:01", |pty| {
        // The screen shows the new position as soon as the program takes
        // the key, whatever the output still plays.
        let jumped = press(pty, "\x1b[C", "▶ 0:06");
        eprintln!(
            "figures: {sound:?}: the screen showed the jump {:?} after the key",
            jumped.shown - jumped.sent
        );
        sleep_until(jumped.sent, Duration::from_millis(1500));
        let restarted = press(pty, "r", "▶ 0:00");
        std::thread::sleep(Duration::from_millis(1500));
        (jumped, restarted)
    });
    let Some(played) = played else { return };
    let ((jk, rk), at, around) = (played.keys, |f| played.at(f), |m| played.around(m));
    let j = jk.sent;
    let was = (j - 30..j - EARLY)
        .filter_map(at)
        .max()
        .unwrap_or_else(|| panic!("not playing before the jump:\n{}", around(j)));
    // Five seconds on from the position handed to the output, which is
    // ahead of what is heard by at most the output's latency: the heard
    // second goes up by four to six (playing on, it would take three seconds).
    let ahead = was + 4..=was + 6;
    let new = played.at_once_after(sound, jk, "the new position", |s| {
        s.is_some_and(|s| ahead.contains(&s))
    });
    // And then played on from there, with no silence and nothing from before.
    let off = (new..new + 100)
        .filter(|&f| !at(f).is_some_and(|s| (was + 4..=was + 7).contains(&s)))
        .count();
    assert!(
        off <= 2,
        "{sound:?}: {off} frames after the jump were not from the new position:\n{}",
        around(j)
    );
    let start = played.at_once_after(sound, rk, "the start", |s| s == Some(0));
    // The whole first second: nothing of the new position was dropped.
    let zero = (start..).take_while(|&f| at(f) == Some(0)).count();
    eprintln!("figures: {sound:?}: the first second lasted {zero} frames");
    assert!(
        zero >= 90,
        "{sound:?}: the first second lasted {zero} frames:\n{}",
        around(rk.sent)
    );
}

on_both_hosts!(
    pause_is_heard_at_once,
    jump_is_heard_at_once,
    replay_plays_the_recording_through_the_audio_output,
    replay_keys_pause_seek_jump_to_pauses_and_move_between_answers,
    replay_can_start_at_a_given_answer,
);
