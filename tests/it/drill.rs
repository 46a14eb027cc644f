//! `rehearse drill` end to end: the real binary in a pseudo-terminal, keys
//! typed on a schedule, the screen read back, and `session.yaml` checked.

use crate::pty::{Pty, sleep_until};
use crate::util::{Scratch, fixture};
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

const SECS: Duration = Duration::from_secs(10);

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rehearse")
}

fn env() -> Vec<(&'static str, String)> {
    vec![("NO_COLOR", "1".to_string())]
}

fn spawn(s: &Scratch, args: &[&str], cols: u16) -> Pty {
    spawn_with(s, args, cols, true)
}

fn spawn_with(s: &Scratch, args: &[&str], cols: u16, no_color: bool) -> Pty {
    let mut env = env();
    if !no_color {
        env.retain(|(k, _)| *k != "NO_COLOR");
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bank = fixture("banks/drill.yaml");
    let mut all = vec!["drill", "--bank", bank.to_str().unwrap()];
    all.extend_from_slice(args);
    Pty::spawn(&bin(), &all, s.path(), &env, cols, 24)
}

/// The one session directory's `session.yaml`, parsed.
fn saved_session(root: &Path) -> Value {
    let dirs: Vec<_> = std::fs::read_dir(root)
        .expect("recordings dir")
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let text = std::fs::read_to_string(dirs[0].join("session.yaml")).expect("session.yaml");
    serde_yaml::from_str(&text).expect("valid yaml")
}

fn secs(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v:?}"))
}

fn assert_near(got: f64, want: f64, tolerance: f64, what: &str) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: {got:.3} s, wanted {want:.3} ± {tolerance} s"
    );
}

#[test]
fn two_question_drill_times_pauses_rates_and_saves() {
    let s = Scratch::new();
    let mut pty = spawn(
        &s,
        &[
            "-n",
            "2",
            "--seed",
            "1",
            "--think",
            "0",
            "--warn",
            "1500ms",
            "--no-follow-ups",
        ],
        60,
    );
    // Question 1 (d-first): answer 1.0 s, pause 0.8 s, answer 0.7 s more.
    let t = pty.wait_for(&["Question 1 of 2", "ANSWER"], SECS);
    let screen = pty.screen();
    assert!(
        screen.contains("Tell us about a time you changed your mind"),
        "{screen}"
    );
    assert!(screen.contains("▲ min 0:01"), "min mark missing:\n{screen}");
    assert!(screen.contains("░░░░░░░░░░"), "bar missing:\n{screen}");
    assert!(
        screen.contains("Space done · p pause · h hints · r restart · s skip · q end"),
        "{screen}"
    );
    assert!(screen.lines().all(|l| l.chars().count() <= 60));
    sleep_until(t, Duration::from_millis(1000));
    pty.send("p");
    pty.wait_for(&["PAUSED"], SECS);
    sleep_until(t, Duration::from_millis(1800));
    pty.send("p");
    sleep_until(t, Duration::from_millis(2500));
    pty.send(" ");
    pty.wait_for(
        &["On target: 0:01 (target 0:03).", "Rate this answer 1–5"],
        SECS,
    );
    pty.send("4");
    // Question 2 (d-second): 0.5 s is too short; Enter skips the rating.
    let t2 = pty.wait_for(&["Question 2 of 2", "Why this role?", "ANSWER"], SECS);
    sleep_until(t2, Duration::from_millis(500));
    pty.send(" ");
    pty.wait_for(&["Too short: 0:00 (target 0:02, min 0:01)."], SECS);
    pty.send("\r");
    assert_eq!(pty.wait_exit(SECS), 0);
    let screen = pty.screen();
    assert!(screen.contains("2 answers (completed)"), "{screen}");
    assert!(
        screen.contains("on target") && screen.contains("too short"),
        "{screen}"
    );
    assert!(screen.contains("Saved: recordings/"), "{screen}");
    // NO_COLOR: cursor movement but no colour escapes.
    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    assert!(
        !raw.contains("\x1b[38;5;") && !raw.contains("\x1b[39m"),
        "colour despite NO_COLOR"
    );
    // The wrap-up bell rang once: at 1.5 s into the first answer.
    assert_eq!(pty.raw().iter().filter(|&&b| b == 0x07).count(), 1);

    let session = saved_session(&s.path().join("recordings"));
    assert_eq!(session["version"], 1);
    assert_eq!(session["completed"], true);
    assert_eq!(session["settings"]["seed"], 1);
    let items = session["items"].as_sequence().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], "d-first");
    assert_eq!(items[0]["verdict"], "on-target");
    assert_eq!(items[0]["rating"], 4);
    assert_eq!(items[0]["target"], 3.0);
    assert_near(secs(&items[0]["duration"]), 1.7, 0.15, "first answer");
    assert_near(secs(&items[0]["paused"]), 0.8, 0.15, "first pause");
    assert_eq!(items[1]["id"], "d-second");
    assert_eq!(items[1]["verdict"], "too-short");
    assert!(items[1]["rating"].is_null());
    assert_near(secs(&items[1]["duration"]), 0.5, 0.15, "second answer");
    assert_near(secs(&items[1]["paused"]), 0.0, 0.001, "second pause");
    assert!(secs(&items[1]["start"]) > secs(&items[0]["start"]) + 2.4);
}

#[test]
fn follow_up_is_asked_after_an_answer_and_linked_to_it() {
    let s = Scratch::new();
    let mut pty = spawn(&s, &["-n", "1", "--seed", "1", "--think", "0"], 60);
    pty.wait_for(&["Question 1 of 1", "ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("\r");
    pty.wait_for(
        &[
            "Follow-up · question 1 of 1",
            "What did you learn about yourself?",
            "0:02",
        ],
        SECS,
    );
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("5");
    assert_eq!(pty.wait_exit(SECS), 0);
    let session = saved_session(&s.path().join("recordings"));
    let items = session["items"].as_sequence().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["text"], "What did you learn about yourself?");
    assert_eq!(items[1]["follow_up_of"], 1);
    assert_eq!(items[1]["target"], 2.0);
    assert_eq!(items[1]["rating"], 5);
}

#[test]
fn think_countdown_then_skip_restart_and_quit_keep_finished_answers() {
    let s = Scratch::new();
    let mut pty = spawn(
        &s,
        &["-n", "2", "--seed", "2", "--think", "5s", "--no-follow-ups"],
        60,
    );
    // d-second comes first with seed 2: Space ends the countdown early.
    pty.wait_for(&["THINK", "0:05", "Why this role?"], SECS);
    pty.send(" ");
    pty.wait_for(&["ANSWER"], SECS);
    std::thread::sleep(Duration::from_millis(600));
    pty.send("r");
    pty.wait_for(&["Restarted"], SECS);
    pty.send("s");
    // Skipped: straight on to the next question's countdown.
    pty.wait_for(&["Question 2 of 2", "THINK"], SECS);
    pty.send("h");
    pty.wait_for(&["• Situation: the disagreement"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    assert!(
        pty.screen().contains("0 answers (ended early)"),
        "{}",
        pty.screen()
    );
    let session = saved_session(&s.path().join("recordings"));
    assert_eq!(session["completed"], false);
    let items = session["items"].as_sequence().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["verdict"], "skipped");
    // The restart threw away the first 0.6 s.
    assert!(
        secs(&items[0]["duration"]) < 0.4,
        "{:?}",
        items[0]["duration"]
    );
}

#[test]
fn hard_stop_ends_the_answer_exactly_at_max() {
    let s = Scratch::new();
    let mut pty = spawn(
        &s,
        &[
            "-n",
            "1",
            "--seed",
            "2",
            "--think",
            "0",
            "--hard-stop",
            "--target",
            "1s",
            "--no-follow-ups",
        ],
        60,
    );
    pty.wait_for(&["ANSWER"], SECS);
    pty.wait_for(&["Over by 0:00: 0:01 (max 0:01)."], SECS);
    pty.send("\r");
    assert_eq!(pty.wait_exit(SECS), 0);
    let session = saved_session(&s.path().join("recordings"));
    let item = &session["items"][0];
    assert_eq!(item["verdict"], "over");
    // --target 1s scales d-second's 1s/2s/3s budget to 0.5s/1s/1.5s.
    assert_eq!(item["target"], 1.0);
    assert_eq!(item["max"], 1.5);
    assert_eq!(secs(&item["duration"]), 1.5);
}

#[test]
fn ctrl_c_ends_the_session_like_q_and_resize_rewraps() {
    let s = Scratch::new();
    let mut pty = spawn_with(&s, &["-n", "1", "--seed", "1", "--think", "0"], 60, false);
    pty.wait_for(&["ANSWER"], SECS);
    // Without NO_COLOR the phase shows in colour.
    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    assert!(raw.contains("\x1b[38;5;"), "no colour without NO_COLOR");
    let before = pty.screen();
    assert!(
        !before
            .contains("Tell us about a time you changed your mind after hearing a colleague out.")
    );
    pty.resize(100, 24);
    pty.wait_for(
        &["Tell us about a time you changed your mind after hearing a colleague out."],
        SECS,
    );
    pty.resize(60, 24);
    pty.wait_for(
        &["Tell us about a time you changed your mind after hearing a"],
        SECS,
    );
    pty.send("\x03");
    assert_eq!(pty.wait_exit(SECS), 0);
    assert!(pty.screen().contains("ended early"));
}

#[test]
fn sigterm_mid_answer_saves_the_session_and_restores_the_terminal() {
    signal_mid_answer("TERM", "SIGTERM", 143);
}

#[test]
fn sighup_mid_answer_saves_the_session_and_restores_the_terminal() {
    signal_mid_answer("HUP", "SIGHUP", 129);
}

fn signal_mid_answer(signal: &str, name: &str, code: u32) {
    let s = Scratch::new();
    let env = env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bank = fixture("banks/drill.yaml");
    let script = "stty -g > before.txt; \"$0\" \"$@\"; echo $? > code.txt; stty -g > after.txt";
    let mut pty = Pty::spawn(
        Path::new("/bin/sh"),
        &[
            "-c",
            script,
            bin().to_str().unwrap(),
            "drill",
            "--bank",
            bank.to_str().unwrap(),
            "-n",
            "2",
            "--seed",
            "1",
            "--think",
            "0",
            "--no-follow-ups",
        ],
        s.path(),
        &env,
        60,
        24,
    );
    pty.wait_for(&["Question 1 of 2", "ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("3");
    pty.wait_for(&["Question 2 of 2", "ANSWER"], SECS);
    let pid = child_of(pty.pid(), "rehearse");
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    pty.wait_exit(SECS);
    let read = |name: &str| {
        std::fs::read_to_string(s.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    assert_eq!(read("code.txt").trim(), code.to_string());
    assert_eq!(
        read("before.txt"),
        read("after.txt"),
        "terminal settings changed"
    );
    let stopped = format!("rehearse: stopped by {name}; the session is saved in recordings/");
    assert!(pty.screen().contains(&stopped), "{}", pty.screen());
    let session = saved_session(&s.path().join("recordings"));
    assert_eq!(session["completed"], false);
    let items = session["items"].as_sequence().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["rating"], 3);
}

/// The pid of `parent`'s child named `name`, from /proc.
fn child_of(parent: u32, name: &str) -> u32 {
    let deadline = std::time::Instant::now() + SECS;
    loop {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // `pid (comm) state ppid …`; comm may hold spaces, so split after the `)`.
            let Some((head, tail)) = stat.rsplit_once(')') else {
                continue;
            };
            let comm = head.split_once('(').map_or("", |(_, c)| c);
            let ppid: u32 = tail
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            if ppid == parent && comm == name {
                return pid;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no child {name} of {parent}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn drill_without_a_terminal_points_to_draw() {
    let s = Scratch::new();
    s.cmd()
        .args(["drill", "--bank"])
        .arg(fixture("banks/drill.yaml"))
        .assert()
        .code(2)
        .stderr(
            "rehearse: error: `rehearse drill` needs a terminal for its keys and clock, but input or output is redirected\n  \
             hint: run it in a terminal; for a printable list of questions use `rehearse draw`\n",
        );
}

#[test]
fn config_file_sets_defaults_and_a_bad_one_names_file_and_line() {
    let s = Scratch::new();
    let config = s.file("config.yaml", "count: 1\nthink: 0\n");
    let out = s
        .cmd()
        .env("REHEARSE_CONFIG", &config)
        .args(["draw", "--seed", "1", "--format", "json", "--bank"])
        .arg(fixture("banks/drill.yaml"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["questions"].as_array().unwrap().len(),
        1,
        "count: 1 from the config"
    );
    let bad = s.file("bad.yaml", "count: 1\nthink_time: 3s\n");
    s.cmd()
        .env("REHEARSE_CONFIG", &bad)
        .args(["draw"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: {}:2:1: unknown field `think_time`\n  hint: did you mean `think`? valid fields here: think, warn, count, recordings_dir, input_device\n",
            bad.display()
        ));
}
