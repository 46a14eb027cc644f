//! `rehearse present` end to end in a pseudo-terminal: the section clock,
//! pace, warnings and the saved report; a recorded talk through the audio
//! stack with its section offsets; past runs side by side; and STAR parts in
//! a drill.

use crate::pty::{Pty, sleep_until};
use crate::pulse::Pulse;
use crate::util::{Scratch, fixture};
use serde_yaml::Value;
use std::path::Path;
use std::time::Duration;

const SECS: Duration = Duration::from_secs(15);

const PLAN: &str = "title: Three-part test talk
warnings:
  section: 1s
  talk: 2s
sections:
  - name: Alpha
    budget: 2s
    notes: Open with the question you were asked.
  - name: Beta
    budget: 2s
  - name: Gamma
    budget: 2s
";

fn spawn(s: &Scratch, args: &[&str], pulse: Option<&Pulse>) -> Pty {
    let mut env: Vec<(&str, String)> = vec![("NO_COLOR", "1".into())];
    if let Some(p) = pulse {
        env.extend(p.env());
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Pty::spawn(
        &assert_cmd::cargo::cargo_bin("rehearse"),
        args,
        s.path(),
        &env,
        60,
        24,
    )
}

fn only_session(s: &Scratch) -> (std::path::PathBuf, Value) {
    let root = s.recordings();
    let dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let text = std::fs::read_to_string(dirs[0].join("session.yaml")).unwrap();
    (dirs[0].clone(), serde_yaml::from_str(&text).unwrap())
}

fn near(v: &Value, want: f64, what: &str) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{what}: {v:?}"));
    assert!(
        (got - want).abs() <= 0.15,
        "{what}: {got:.3} s, wanted {want:.3} ± 0.15 s"
    );
}

#[test]
fn a_talk_waits_for_space_then_runs_its_sections_and_saves_the_report() {
    let s = Scratch::new();
    s.file("talk.yaml", PLAN);
    let mut pty = spawn(&s, &["present", "talk.yaml"], None);
    pty.wait_for(
        &[
            "Three-part test talk · section 1 of 3",
            "Alpha",
            "Press Space to start the clock (0:06 planned).",
            "Space start · q end",
        ],
        SECS,
    );
    assert!(
        pty.screen()
            .contains("Open with the question you were asked.")
    );
    std::thread::sleep(Duration::from_millis(600));
    assert!(pty.screen().contains("Press Space"), "the clock must wait");
    pty.send(" ");
    let t = pty.wait_for(
        &[
            "SECTION",
            "TALK",
            "Next: Beta (0:02)",
            "Space next section · ← back · p pause · q end",
        ],
        SECS,
    );
    sleep_until(t, Duration::from_millis(800));
    pty.send(" ");
    pty.wait_for(&["section 2 of 3", "Beta"], SECS);
    pty.send("p");
    pty.wait_for(&["PAUSED", "p resume"], SECS);
    pty.send("p");
    pty.send("\x1b[C");
    pty.wait_for(&["section 3 of 3", "Gamma", "Space finish"], SECS);
    pty.send(" ");
    pty.wait_for(&["Press Space again to finish the talk"], SECS);
    pty.send(" ");
    assert_eq!(pty.wait_exit(SECS), 0);
    let screen = pty.screen();
    for want in [
        "Three-part test talk: 0:0",
        "  SECTION  PLANNED   ACTUAL   DELTA",
        "  Alpha       0:02     0:01",
        "  Total       0:06",
        "under plan)",
        "Saved: /",
    ] {
        assert!(screen.contains(want), "missing {want:?} in\n{screen}");
    }
    let (_, session) = only_session(&s);
    assert_eq!(session["kind"], "present");
    assert_eq!(session["completed"], true);
    let talk = &session["talk"];
    assert_eq!(talk["title"], "Three-part test talk");
    assert_eq!(talk["plan"], "talk.yaml");
    near(&talk["sections"][0]["actual"], 0.8, "Alpha");
    assert_eq!(talk["visits"].as_sequence().unwrap().len(), 3);
}

#[test]
fn quitting_part_way_says_which_sections_were_left() {
    let s = Scratch::new();
    s.file("talk.yaml", PLAN);
    let mut pty = spawn(&s, &["present", "talk.yaml", "--start-now"], None);
    pty.wait_for(&["SECTION"], SECS);
    pty.send(" ");
    pty.wait_for(&["section 2 of 3"], SECS);
    pty.send("\x1b[D");
    pty.wait_for(&["section 1 of 3"], SECS);
    pty.send("q");
    pty.wait_for(&["Press q again to end the talk"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    assert!(
        pty.screen().contains("ended early with 1 section left"),
        "{}",
        pty.screen()
    );
    let (_, session) = only_session(&s);
    assert_eq!(session["completed"], false);
    assert!(
        session["talk"]["sections"][2]["start"].is_null(),
        "Gamma never reached"
    );
}

#[test]
fn a_plain_countdown_needs_no_plan_and_shows_one_clock() {
    let s = Scratch::new();
    let mut pty = spawn(&s, &["present", "--minutes", "0.05", "--start-now"], None);
    pty.wait_for(&["3-second talk", "TALK", "0:03"], SECS);
    assert!(!pty.screen().contains("SECTION"), "{}", pty.screen());
    pty.send("qq");
    assert_eq!(pty.wait_exit(SECS), 0);
    s.cmd().arg("present").assert().code(2).stderr(
        "rehearse: error: give a plan file, or --minutes N for a plain countdown\n  \
         hint: example plans are in question-banks/plans/, e.g. `rehearse present question-banks/plans/case-10min.yaml`\n",
    );
}

#[test]
fn a_recorded_talk_stores_one_wav_and_its_section_offsets() {
    let Some(pulse) = Pulse::start("a_recorded_talk") else {
        return;
    };
    let s = Scratch::new();
    s.file("talk.yaml", PLAN);
    let mut pty = spawn(
        &s,
        &["present", "talk.yaml", "--record", "--start-now"],
        Some(&pulse),
    );
    let t = pty.wait_for(&["section 1 of 3", "● REC"], SECS);
    let _clip = pulse.play(&crate::pulse::speech_clip());
    sleep_until(t, Duration::from_millis(1000));
    pty.send(" ");
    sleep_until(t, Duration::from_millis(2500));
    pty.send(" ");
    sleep_until(t, Duration::from_millis(4000));
    pty.send("  ");
    assert_eq!(pty.wait_exit(SECS), 0);
    assert!(
        // 0:03 or 0:04: the length is checked to the millisecond below.
        pty.screen().contains("Recording: talk.wav (0:0"),
        "{}",
        pty.screen()
    );
    let (dir, session) = only_session(&s);
    let talk = &session["talk"];
    assert_eq!(talk["recording"]["file"], "talk.wav");
    let total = talk["total"].as_f64().unwrap();
    let wav = hound::WavReader::open(dir.join("talk.wav")).unwrap();
    let length = wav.duration() as f64 / f64::from(wav.spec().sample_rate);
    assert!(
        (length - total).abs() <= 0.02 * total,
        "WAV {length:.3} s vs talk {total:.3} s"
    );
    near(&talk["sections"][1]["start"], 1.0, "Beta's offset");
    near(&talk["sections"][2]["start"], 2.5, "Gamma's offset");
    assert!(
        talk["analysis"]["first_word"].as_f64().is_some(),
        "{:?}",
        talk["analysis"]
    );

    // Replay starts at a section and moves between them. (One pty at a time.)
    drop(pty);
    let env: Vec<(&str, String)> = pulse
        .env()
        .into_iter()
        .filter(|(k, _)| *k != "PULSE_LATENCY_MSEC")
        .collect();
    let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("NO_COLOR", "1"));
    let mut replay = Pty::spawn(
        &assert_cmd::cargo::cargo_bin("rehearse"),
        &["replay", "--section", "be"],
        s.path(),
        &env,
        70,
        24,
    );
    // Paused at once, so the checks do not race the end of the recording.
    replay.wait_for(&["presentation"], SECS);
    replay.send("p");
    replay.wait_for(&["PAUSED", "Section: Beta"], SECS);
    replay.send("n");
    replay.wait_for(&["Section: Gamma", "PAUSED 0:02 / 0:0"], SECS);
    replay.send("b");
    replay.wait_for(&["Section: Beta", "PAUSED 0:01 / 0:0"], SECS);
    replay.send("q");
    assert_eq!(replay.wait_exit(SECS), 0);
}

/// Writes a finished talk of `plan`'s three sections the way `present` does.
fn past_run(root: &Path, id: &str, started: &str, actual: [f64; 3]) {
    let dir = root.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let names = ["Alpha", "Beta", "Gamma"];
    let mut y = format!(
        "version: 1\nid: {id}\nkind: present\nstarted: {started}\ncompleted: true\ntalk:\n  title: Three-part test talk\n  plan: talk.yaml\n  planned: 6.0\n  total: {}\n  paused: 0.0\n  sections:\n",
        actual.iter().sum::<f64>()
    );
    let mut at = 0.0;
    for (n, a) in names.iter().zip(actual) {
        y.push_str(&format!(
            "  - name: {n}\n    planned: 2.0\n    actual: {a}\n    start: {at}\n"
        ));
        at += a;
    }
    std::fs::write(dir.join("session.yaml"), y).unwrap();
}

#[test]
fn history_shows_past_runs_side_by_side() {
    let s = Scratch::new();
    s.file("talk.yaml", PLAN);
    let root = s.recordings();
    past_run(
        &root,
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        [2.0, 3.0, 1.0],
    );
    past_run(
        &root,
        "20261105-090000",
        "2026-11-05T09:00:00Z",
        [1.0, 2.0, 4.0],
    );
    s.cmd()
        .args(["present", "talk.yaml", "--history"])
        .assert()
        .success()
        .stdout(
            "Three-part test talk: last 2 of 2 runs\n\n\
             SECTION     PLAN    11/01    11/05\n\
             Alpha       0:02     0:02     0:01\n\
             Beta        0:02     0:03     0:02\n\
             Gamma       0:02     0:01     0:04\n\
             Total       0:06     0:06     0:07\n",
        );
}

#[test]
fn history_warns_about_a_damaged_run_instead_of_skipping_it_quietly() {
    let s = Scratch::new();
    s.file("talk.yaml", PLAN);
    let root = s.recordings();
    past_run(
        &root,
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        [2.0, 3.0, 1.0],
    );
    past_run(
        &root,
        "20261105-090000",
        "2026-11-05T09:00:00Z",
        [1.0, 2.0, 4.0],
    );
    let file = root.join("20261105-090000/session.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("actual: 4", "actual: -4")).unwrap();
    let out = s
        .cmd()
        .args(["present", "talk.yaml", "--history"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "rehearse: warning: skipping damaged session 20261105-090000: session.yaml:"
        ),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("last 1 of 1 run"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn star_parts_run_on_a_section_clock_inside_the_answer() {
    let s = Scratch::new();
    let bank = fixture("banks/star.yaml");
    let mut pty = spawn(
        &s,
        &[
            "drill",
            "--no-again",
            "--bank",
            bank.to_str().unwrap(),
            "-n",
            "1",
            "--think",
            "0",
        ],
        None,
    );
    let t = pty.wait_for(&["PART Situation (1 of 4)", "Tab next part"], SECS);
    sleep_until(t, Duration::from_millis(500));
    pty.send("\t");
    pty.wait_for(&["PART Task (2 of 4)"], SECS);
    sleep_until(t, Duration::from_millis(1000));
    pty.send("\t");
    pty.wait_for(&["PART Action (3 of 4)"], SECS);
    sleep_until(t, Duration::from_millis(2500));
    pty.send("\t");
    pty.wait_for(&["PART Result (4 of 4)"], SECS);
    sleep_until(t, Duration::from_millis(3000));
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send(" ");
    assert_eq!(pty.wait_exit(SECS), 0);
    let flat = pty
        .screen()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        [
            "Situation 0:0",
            "/0:01 · Task 0:0",
            "/0:01 · Action 0:0",
            "/0:01 · Result 0:0"
        ]
        .iter()
        .all(|w| flat.contains(w)),
        "{flat}"
    );
    let (_, session) = only_session(&s);
    let parts = &session["items"][0]["parts"];
    near(&parts[0]["actual"], 0.5, "Situation");
    near(&parts[1]["actual"], 0.5, "Task");
    near(&parts[2]["actual"], 1.5, "Action");
    near(&parts[3]["actual"], 0.5, "Result");
    assert_eq!(parts[2]["name"], "Action");
    assert_eq!(parts[2]["planned"], 1.0);
}
