//! `rehearse drill` end to end: the real binary in a pseudo-terminal. The
//! drill's behaviour key by key is unit-tested on a fake clock
//! (`src/app/drill.rs`); these prove the wiring: the screen, saving, signals,
//! a closed terminal, text that must not drive the terminal, small and plain
//! terminals.

use crate::pty::{Pty, child_of};
use crate::util::{Scratch, fixture};
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SECS: Duration = Duration::from_secs(10);

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rehearse")
}

fn spawn_on(
    s: &Scratch,
    bank: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    cols: u16,
    rows: u16,
) -> Pty {
    let mut all = vec!["drill", "--no-again", "--bank", bank.to_str().unwrap()];
    all.extend_from_slice(args);
    Pty::spawn(&bin(), &all, s.path(), env, cols, rows)
}

fn spawn(s: &Scratch, args: &[&str], cols: u16) -> Pty {
    spawn_on(
        s,
        &fixture("banks/drill.yaml"),
        args,
        &[("NO_COLOR", "1")],
        cols,
        24,
    )
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

#[test]
fn a_drill_runs_in_a_terminal_and_saves_every_answer() {
    let s = Scratch::new();
    let args = ["-n", "2", "--seed", "1", "--think", "0", "--no-follow-ups"];
    let mut pty = spawn(&s, &args, 60);
    // The panel's order: the opening's motivation question comes first.
    pty.wait_for(&["Question 1 of 2", "ANSWER"], SECS);
    let screen = pty.screen();
    assert!(screen.contains("Why this role?"), "{screen}");
    assert!(
        screen.contains("▲ min 0:01") && screen.contains("▲ target 0:02"),
        "{screen}"
    );
    assert!(
        screen.contains("░ max 0:03"),
        "bar to scale up to max:\n{screen}"
    );
    assert!(
        screen.contains("Space done · p pause · h hints · r retake · s skip · q end"),
        "{screen}"
    );
    assert!(screen.lines().all(|l| l.chars().count() <= 60));
    pty.send("p");
    pty.wait_for(&["PAUSED", "p resume"], SECS);
    // Paused long enough to show in the saved time (kept to the millisecond).
    std::thread::sleep(Duration::from_millis(50));
    pty.send("p ");
    pty.wait_for(&["Rate this answer 1–5"], SECS);
    pty.send("4");
    pty.wait_for(
        &[
            "Question 2 of 2",
            "Tell us about a time you changed",
            "Rated 4.",
        ],
        SECS,
    );
    // Nothing is saved until the first answer; then after every answer.
    let first = saved_session(&s.recordings());
    assert_eq!(first["items"].as_sequence().unwrap().len(), 1);
    assert!(first["finished"].is_null());
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send(" ");
    assert_eq!(pty.wait_exit(SECS), 0);
    let screen = pty.screen();
    assert!(screen.contains("2 answers (completed)"), "{screen}");
    let flat: String = screen.split('\n').collect();
    assert!(
        flat.contains("Saved: ") && flat.contains(".local/share/rehearse/recordings/"),
        "{screen}"
    );
    assert!(
        screen.contains("The same questions again: rehearse drill --seed 1"),
        "{screen}"
    );
    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    assert!(
        !raw.contains("\x1b[38;5;") && !raw.contains("\x1b[39m"),
        "colour despite NO_COLOR"
    );
    let session = saved_session(&s.recordings());
    assert_eq!(session["completed"], true);
    assert_eq!(session["settings"]["seed"], 1);
    let items = session["items"].as_sequence().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (&items[0]["id"], &items[0]["rating"]),
        (&Value::from("d-second"), &Value::from(4))
    );
    assert!(items[0]["paused"].as_f64().unwrap() > 0.0);
    assert!(items[1]["rating"].is_null());
    // One history per user: listed from any directory.
    let elsewhere = s.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = s
        .cmd()
        .current_dir(&elsewhere)
        .arg("sessions")
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("drill          2"), "{listing}");
}

#[test]
fn quitting_before_any_answer_leaves_nothing_on_disk() {
    let s = Scratch::new();
    let mut pty = spawn(&s, &["-n", "1", "--seed", "1", "--think", "5s"], 60);
    pty.wait_for(&["THINK"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    assert!(
        pty.screen()
            .contains("Nothing to save: no answers were given."),
        "{}",
        pty.screen()
    );
    assert!(!s.recordings().exists());
}

#[test]
fn ending_signals_mid_answer_save_the_session_and_restore_the_terminal() {
    for (signal, name, code) in [
        ("TERM", "SIGTERM", 143),
        ("HUP", "SIGHUP", 129),
        ("QUIT", "SIGQUIT", 131),
        ("USR1", "SIGUSR1", 138),
    ] {
        signal_mid_answer(signal, name, code);
    }
}

fn signal_mid_answer(signal: &str, name: &str, code: u32) {
    let s = Scratch::new();
    let (bank, bin) = (fixture("banks/drill.yaml"), bin());
    let script = "stty -g > before.txt; \"$0\" \"$@\"; echo $? > code.txt; stty -g > after.txt";
    let args = [
        "-c",
        script,
        bin.to_str().unwrap(),
        "drill",
        "--bank",
        bank.to_str().unwrap(),
    ];
    let mut all = args.to_vec();
    all.extend(["-n", "2", "--seed", "1", "--think", "0", "--no-follow-ups"]);
    let mut pty = Pty::spawn(
        Path::new("/bin/sh"),
        &all,
        s.path(),
        &[("NO_COLOR", "1")],
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
    assert_eq!(read("code.txt").trim(), code.to_string(), "{name}");
    assert_eq!(
        read("before.txt"),
        read("after.txt"),
        "terminal settings changed by {name}"
    );
    let stopped = format!(
        "rehearse: stopped by {name}; the session is saved in {}/",
        s.recordings().display()
    );
    let flat: String = pty.screen().split('\n').collect();
    assert!(flat.contains(&stopped), "{}", pty.screen());
    let session = saved_session(&s.recordings());
    assert_eq!(session["completed"], false);
    assert!(
        !session["finished"].is_null(),
        "{name}: the session is finished"
    );
    let items = session["items"].as_sequence().unwrap();
    // The answer in progress is kept as it stood.
    assert_eq!(items.len(), 2, "{name}");
    assert_eq!(items[0]["rating"], 3);
}

#[test]
fn closing_the_terminal_ends_the_drill_within_a_second_and_saves_it() {
    let s = Scratch::new();
    let bank = fixture("banks/drill.yaml");
    let mut cmd = s.process();
    cmd.args(["drill", "--bank"]).arg(&bank).args([
        "-n",
        "2",
        "--seed",
        "1",
        "--think",
        "0",
        "--no-follow-ups",
    ]);
    let mut term = crate::pty::RawPty::spawn(cmd, 60, 24);
    term.wait_for("ANSWER", SECS);
    term.send(b" ");
    term.wait_for("Rate this answer", SECS);
    term.send(b"2");
    term.wait_for("Question 2 of 2", SECS);
    let closed = Instant::now();
    let status = term.hang_up(SECS);
    assert!(
        closed.elapsed() < Duration::from_secs(1),
        "took {:?}",
        closed.elapsed()
    );
    assert_eq!(status.code(), Some(129), "{status:?}");
    let session = saved_session(&s.recordings());
    assert!(!session["finished"].is_null());
    assert_eq!(session["items"].as_sequence().unwrap().len(), 2);
}

#[test]
fn text_from_a_bank_is_shown_but_never_drives_the_terminal() {
    let s = Scratch::new();
    let bank = s.file(
        "hostile.yaml",
        "title: Hostile\nquestions:\n  - id: evil\n    category: behavioural\n    target: 30s\n    \
         text: \"Hello \\e[31mRED\\e[0m \\e]0;PWNED\\a \\e[2J done?\"\n    \
         hints: [\"\\e]52;c;aGVsbG8=\\a clipboard\"]\n",
    );
    let mut pty = spawn_on(
        &s,
        &bank,
        &["-n", "1", "--think", "0"],
        &[("NO_COLOR", "1")],
        80,
        24,
    );
    pty.wait_for(&["Hello", "RED", "done?"], SECS);
    pty.send("h");
    pty.wait_for(&["clipboard"], SECS);
    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    for bad in ["\x1b]0;", "\x1b]52;", "\x1b[31m", "\x1b[2J", "\x07"] {
        assert!(!raw.contains(bad), "{bad:?} reached the terminal");
    }
    pty.send("qq");
    pty.wait_exit(SECS);
}

#[test]
fn a_small_terminal_still_shows_the_question() {
    let s = Scratch::new();
    let mut pty = spawn(&s, &["-n", "1", "--seed", "2", "--think", "0"], 20);
    pty.resize(20, 5);
    pty.wait_for(&["Why this role?"], SECS);
    pty.send("qq");
    pty.wait_exit(SECS);
}

#[test]
fn a_plain_locale_gets_ascii_bars() {
    let s = Scratch::new();
    let env = [("NO_COLOR", "1"), ("LANG", "C"), ("LC_ALL", "C")];
    let mut pty = spawn_on(
        &s,
        &fixture("banks/drill.yaml"),
        &["-n", "1", "--seed", "1", "--think", "0"],
        &env,
        60,
        24,
    );
    pty.wait_for(&["ANSWER", "^ min 0:01", "- max 0:05"], SECS);
    assert!(!pty.screen().contains('░'), "{}", pty.screen());
    pty.send("qq");
    pty.wait_exit(SECS);
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
            "rehearse: error: {}:2:1: unknown field `think_time`
  hint: did you mean `think`? valid fields here: think, warn, count, recordings_dir, input_device, speak, again, voice, rate, volume, panel, pace_min_wpm, pace_max_wpm, max_fillers_per_minute, host, model
",
            bad.display()
        ));
}

#[test]
fn help_lists_the_one_key_map_for_every_screen() {
    let s = Scratch::new();
    for command in ["drill", "present", "replay"] {
        let out = s.cmd().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        for line in [
            "Keys (the same on every screen):",
            "p             pause or resume",
            "n  b          next or previous answer or section",
        ] {
            assert!(help.contains(line), "{command} --help lacks {line:?}");
        }
    }
}

#[test]
fn draw_and_drill_pick_the_same_questions_for_the_same_seed_and_options() {
    let s = Scratch::new();
    let options = ["--seed", "9", "-n", "3", "--skip-category", "behavioural"];
    let out = s
        .cmd()
        .arg("draw")
        .args(options)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = v["questions"][0]["text"].as_str().unwrap().to_string();
    let mut all = vec!["drill", "--think", "0"];
    all.extend(options);
    let mut pty = Pty::spawn(&bin(), &all, s.path(), &[("NO_COLOR", "1")], 200, 24);
    let words: String = first
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    pty.wait_for(&["Question 1 of 3", &words], SECS);
    pty.send("qq");
    pty.wait_exit(SECS);
    let screen = pty.screen();
    assert!(
        screen.contains("rehearse drill --seed 9 -n 3 --skip-category behavioural"),
        "{screen}"
    );
}

/// A tiny filesystem of its own, so the disk can really fill up; `None`
/// (having said so) where mounting is not allowed, except in CI.
pub struct TinyDisk(pub std::path::PathBuf);

impl TinyDisk {
    pub fn mount(at: &Path) -> Option<TinyDisk> {
        TinyDisk::mount_with(at, "size=64k")
    }

    /// Mounted with `options` (`ro` for a read-only one).
    pub fn mount_with(at: &Path, options: &str) -> Option<TinyDisk> {
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs as root and must mount a tmpfs"
            );
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED full-disk test: cannot mount a tmpfs here (needs root)"
            );
            return None;
        }
        Some(TinyDisk(at.to_path_buf()))
    }

    /// Takes every free byte.
    pub fn fill(&self) {
        let mut f = std::fs::File::create(self.0.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut f, &block).is_ok() {}
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn on_a_full_disk_no_answer_is_lost_behind_a_saved_line() {
    let s = Scratch::new();
    let Some(disk) = TinyDisk::mount(&s.path().join("tiny")) else {
        return;
    };
    let dir = disk.0.to_str().unwrap().to_string();
    let args = [
        "-n",
        "2",
        "--seed",
        "1",
        "--think",
        "0",
        "--no-follow-ups",
        "--recordings-dir",
        &dir,
    ];
    let mut pty = spawn(&s, &args, 100);
    pty.wait_for(&["Question 1 of 2", "ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("4");
    pty.wait_for(&["Question 2 of 2", "ANSWER"], SECS);
    disk.fill();
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("2");
    // A session not fully on disk is a failure.
    assert_eq!(pty.wait_exit(SECS), 1);
    // Compared without white space: the screen wraps long lines anywhere.
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    let flat = squeeze(&pty.screen());
    assert!(!flat.contains("Saved:"), "{flat}");
    for want in [
        "Answer 2 and the end of the session were not saved (cannot save",
        "No space left on device (os error 28)); the rest is in",
    ] {
        assert!(flat.contains(&squeeze(want)), "{want}: {flat}");
    }
    // Everything is on standard error as YAML, both answers with their ratings.
    let raw = String::from_utf8_lossy(&pty.raw()).to_string();
    assert!(
        raw.contains("rating: 4") && raw.contains("rating: 2"),
        "the fallback YAML is missing"
    );
    // On disk: the first answer, and no temporary file.
    let sessions: Vec<_> = std::fs::read_dir(&disk.0)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(sessions.len(), 1);
    let names: Vec<String> = std::fs::read_dir(&sessions[0])
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["session.yaml"]);
    let saved: Value =
        serde_yaml::from_str(&std::fs::read_to_string(sessions[0].join("session.yaml")).unwrap())
            .unwrap();
    assert_eq!(saved["items"].as_sequence().unwrap().len(), 1);
}

#[test]
fn a_signal_after_a_refused_save_never_says_the_session_is_saved() {
    let s = Scratch::new();
    let Some(disk) = TinyDisk::mount(&s.path().join("tiny")) else {
        return;
    };
    let dir = disk.0.to_str().unwrap().to_string();
    let args = [
        "-n",
        "2",
        "--seed",
        "1",
        "--think",
        "0",
        "--no-follow-ups",
        "--recordings-dir",
        &dir,
    ];
    let mut pty = spawn(&s, &args, 100);
    pty.wait_for(&["Question 1 of 2", "ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("4");
    pty.wait_for(&["Question 2 of 2", "ANSWER"], SECS);
    // The first answer is on disk; the save the signal asks for is refused.
    disk.fill();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pty.pid().to_string()])
        .status();
    assert!(killed.unwrap().success());
    assert_eq!(pty.wait_exit(SECS), 143);
    let flat: String = pty.screen().split_whitespace().collect();
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    assert!(
        !flat.contains(&squeeze("the session is saved in")),
        "{flat}"
    );
    assert!(
        flat.contains(&squeeze(
            "rehearse: stopped by SIGTERM; the session is not fully saved: the summary above says what is missing"
        )),
        "{flat}"
    );
    assert!(flat.contains(&squeeze("No space left on device")), "{flat}");
}

#[test]
fn a_rating_the_full_disk_refused_is_named_in_the_summary() {
    let s = Scratch::new();
    let Some(disk) = TinyDisk::mount(&s.path().join("tiny")) else {
        return;
    };
    let dir = disk.0.to_str().unwrap().to_string();
    let args = [
        "-n",
        "1",
        "--seed",
        "1",
        "--think",
        "0",
        "--no-follow-ups",
        "--recordings-dir",
        &dir,
    ];
    let mut pty = spawn(&s, &args, 100);
    pty.wait_for(&["ANSWER"], SECS);
    pty.send(" ");
    // The answer is on disk by the time its rating is asked for.
    pty.wait_for(&["Rate this answer"], SECS);
    disk.fill();
    pty.send("4");
    assert_eq!(pty.wait_exit(SECS), 1);
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    let flat = squeeze(&pty.screen());
    assert!(!flat.contains("Saved:"), "{flat}");
    let want = "The rating of answer 1 and the end of the session were not saved (cannot save";
    assert!(flat.contains(&squeeze(want)), "{flat}");
    let session: Vec<_> = std::fs::read_dir(&disk.0)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    let saved: Value =
        serde_yaml::from_str(&std::fs::read_to_string(session[0].join("session.yaml")).unwrap())
            .unwrap();
    assert!(saved["items"][0]["rating"].is_null(), "{saved:?}");
}

/// Runs `command` (`drill` or `present`) in a terminal with `env`, and
/// returns its exit code and screen.
fn refused(s: &Scratch, command: &[&str], env: &[(&str, &str)]) -> (u32, String) {
    let bank = fixture("banks/drill.yaml");
    let mut args = command.to_vec();
    if command[0] == "drill" {
        args.extend(["--bank", bank.to_str().unwrap(), "--think", "0"]);
    }
    let mut env = env.to_vec();
    env.push(("NO_COLOR", "1"));
    let mut pty = Pty::spawn(&bin(), &args, s.path(), &env, 200, 24);
    let code = pty.wait_exit(SECS);
    (code, pty.screen())
}

#[test]
fn an_unusable_recordings_directory_is_refused_before_the_first_question() {
    let s = Scratch::new();
    let hint = "hint: make sure a file can be created and removed there";
    for command in [
        &["drill"][..],
        &["present", "--minutes", "1", "--start-now"],
    ] {
        let (code, screen) = refused(&s, command, &[("REHEARSE_RECORDINGS", "/etc/passwd")]);
        assert_eq!(code, 2, "{command:?}: {screen}");
        assert!(
            screen.contains(
                "rehearse: error: cannot save sessions in /etc/passwd: it is not a directory"
            ),
            "{screen}"
        );
        assert!(screen.contains(hint), "{screen}");
        assert!(!screen.contains("Question 1"), "{screen}");
    }
    // A directory that does not exist yet is made, tried and removed again.
    let later = s.path().join("not/yet");
    let env = [
        ("NO_COLOR", "1"),
        ("REHEARSE_RECORDINGS", later.to_str().unwrap()),
    ];
    let bank = fixture("banks/drill.yaml");
    let mut pty = spawn_on(&s, &bank, &["--think", "0"], &env, 100, 24);
    pty.wait_for(&["Question 1", "ANSWER"], SECS);
    pty.send("qq");
    assert_eq!(pty.wait_exit(SECS), 0);
    drop(pty);
    assert!(!s.path().join("not").exists());

    let Some(full) = TinyDisk::mount(&s.path().join("full")) else {
        return;
    };
    full.fill();
    let Some(ro) = TinyDisk::mount_with(&s.path().join("ro"), "ro,size=64k") else {
        return;
    };
    for (disk, why) in [
        (&full, "No space left on device"),
        (&ro, "Read-only file system"),
    ] {
        for command in [
            &["drill"][..],
            &["present", "--minutes", "1", "--start-now"],
        ] {
            let dir = disk.0.to_str().unwrap();
            let (code, screen) = refused(&s, command, &[("REHEARSE_RECORDINGS", dir)]);
            assert_eq!(code, 2, "{command:?} {dir}: {screen}");
            let flat: String = screen.split('\n').collect();
            assert!(
                flat.contains(&format!("cannot save sessions in {dir}: {why}")),
                "{screen}"
            );
        }
    }
}

/// `faketime`, which runs a program with the system clock moved, or `None`
/// (having said so) where it is not installed, except in CI.
fn faketime() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("faketime"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs faketime (the Debian package)"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED far-future clock test: faketime is not installed"
        );
    }
    found
}

#[test]
fn a_clock_past_the_year_9999_neither_panics_the_drill_nor_the_focus() {
    let Some(faketime) = faketime() else {
        return;
    };
    let s = Scratch::new();
    let bank = fixture("banks/drill.yaml");
    // One answered session, so --focus weak has a history to weigh.
    let mut pty = spawn(&s, &["-n", "1", "--seed", "1", "--think", "0"], 100);
    pty.wait_for(&["ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    drop(pty);
    let far = ["-f", "+8000y"];
    let mut draw = std::process::Command::new(&faketime);
    draw.args(far).arg(bin());
    draw.args(["draw", "--focus", "weak", "--explain", "--bank"])
        .arg(&bank);
    draw.current_dir(s.path());
    for (k, v) in crate::util::isolated_env(s.path()) {
        draw.env(k, v);
    }
    let out = draw.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("d-first"),
        "{stderr}"
    );
    let mut args = far.to_vec();
    let bin = bin();
    args.extend([
        bin.to_str().unwrap(),
        "drill",
        "--bank",
        bank.to_str().unwrap(),
    ]);
    args.extend([
        "--focus",
        "weak",
        "-n",
        "1",
        "--think",
        "0",
        "--no-follow-ups",
        "--no-again",
    ]);
    let mut pty = Pty::spawn(&faketime, &args, s.path(), &[("NO_COLOR", "1")], 100, 24);
    pty.wait_for(&["ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("3");
    assert_eq!(pty.wait_exit(SECS), 0, "{}", pty.screen());
    let flat: String = pty.screen().split('\n').collect();
    assert!(flat.contains("Saved: "), "{flat}");
    // The late session reads back: the clock's last second, 9999-12-30.
    let out = s
        .cmd()
        .args(["sessions", "--format", "json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rows[0]["date"].as_str().unwrap().starts_with("9999-12-30"),
        "{rows}"
    );
}

#[test]
fn the_hint_to_draw_again_keeps_every_flag_that_shapes_the_draw() {
    let s = Scratch::new();
    let args = [
        "-n", "1", "--seed", "3", "--think", "0", "--focus", "weak", "--long",
    ];
    let mut pty = spawn(&s, &args, 200);
    pty.wait_for(&["ANSWER"], SECS);
    pty.send("qq");
    assert_eq!(pty.wait_exit(SECS), 0);
    let flat: String = pty.screen().split('\n').collect();
    let bank = fixture("banks/drill.yaml");
    let want = format!(
        "The same draw again, weighed by your history as it is then: rehearse drill --seed 3 -n 1 --bank {} --long --focus weak",
        bank.display()
    );
    assert!(flat.contains(&want), "{flat}");
}

/// Runs one drill answer of a second in `s`, recorded from `pulse` when
/// given, and returns everything it wrote to the terminal.
fn one_answer(s: &Scratch, pulse: Option<&crate::pulse::Pulse>) -> String {
    let mut env: Vec<(&str, String)> = vec![("NO_COLOR", "1".into())];
    if let Some(p) = pulse {
        env.extend(p.env());
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut args = vec!["-n", "1", "--seed", "2", "--think", "0", "--no-follow-ups"];
    if pulse.is_some() {
        args.extend(["--record", "--host", "pulse"]);
    }
    let mut pty = spawn_on(s, &fixture("banks/drill.yaml"), &args, &env, 100, 24);
    pty.wait_for(&["ANSWER"], SECS);
    std::thread::sleep(Duration::from_millis(1000));
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("\r");
    assert_eq!(pty.wait_exit(SECS), 0, "{}", pty.screen());
    String::from_utf8_lossy(&pty.raw()).into_owned()
}

#[test]
fn the_first_summary_of_a_recording_without_a_model_says_how_to_add_one() {
    let Some(pulse) = crate::pulse::Pulse::start("model_hint") else {
        return;
    };
    let s = Scratch::new();
    let hint = "No transcripts: add a speech model with `rehearse models install PATH`";
    let marker = s.path().join(".local/share/rehearse/model-hint-shown");
    // Not recorded: nothing a model could have transcribed, so no hint yet.
    let out = one_answer(&s, None);
    assert!(
        out.contains("Saved:") && !out.contains("No transcripts"),
        "{out}"
    );
    assert!(!marker.exists());
    // Recorded, no model installed or named: the summary says how, once.
    let out = one_answer(&s, Some(&pulse));
    assert!(out.contains(hint), "{out}");
    assert!(marker.exists());
    let out = one_answer(&s, Some(&pulse));
    assert!(
        out.contains("Saved:") && !out.contains("No transcripts"),
        "{out}"
    );
}

/// Two questions with wide budgets (1 s is on target with room to spare).
const TWO_WIDE: &str = "title: Wide\ndefaults:\n  category: behavioural\n  min: 0.5s\n  target: 20s\n  max: 60s\nquestions:\n  - id: w-one\n    text: Tell us about a late change of plan.\n  - id: w-two\n    text: Tell us about a hard call.\n";

/// Answers both questions of [`TWO_WIDE`] about a second each, rated 2
/// then 4, in a drill with `args` and `env`.
fn rated_two_then_four(s: &Scratch, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let bank = s.file("wide.yaml", TWO_WIDE);
    let mut all = vec!["drill", "--bank", bank.to_str().unwrap()];
    all.extend(["-n", "2", "--seed", "1", "--think", "0"]);
    all.extend_from_slice(args);
    let mut env = env.to_vec();
    env.push(("NO_COLOR", "1"));
    let mut pty = Pty::spawn(&bin(), &all, s.path(), &env, 120, 30);
    for (n, rating) in [(1, "2"), (2, "4")] {
        let shown = pty.wait_for(&[&format!("Question {n} of 2"), "ANSWER"], SECS);
        crate::pty::sleep_until(shown, Duration::from_secs(1));
        pty.send(" ");
        pty.wait_for(&["Rate this answer"], SECS);
        pty.send(rating);
    }
    pty
}

#[test]
fn an_answer_rated_2_is_asked_again_at_the_end_and_its_new_take_counts() {
    let s = Scratch::new();
    let mut pty = rated_two_then_four(&s, &[], &[]);
    pty.wait_for(
        &[
            "Question 1 of 2 · behavioural · take 2",
            "Asked again: rated 2",
        ],
        SECS,
    );
    let shown = pty.wait_for(&["ANSWER"], SECS);
    crate::pty::sleep_until(shown, Duration::from_secs(1));
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send("5");
    assert_eq!(
        pty.wait_exit(SECS),
        0,
        "the rated-4 answer is not asked again"
    );
    // The summary's lines as one, however it wrapped them.
    let screen = pty.screen().replace("\n     ", " ");
    assert!(
        screen.contains(
            "Asked again, first try → second:\n  1. Tell us about a late change of plan. (target 0:20): 0:01 on target → 0:01 on target, rated 2 → 5\n"
        ),
        "{screen}"
    );
    assert!(!screen.contains("2. Tell us about"), "{screen}");
    let session = saved_session(&s.recordings());
    assert_eq!(session["completed"], true);
    let items = session["items"].as_sequence().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (&items[0]["take"], &items[0]["rating"]),
        (&Value::from(2), &Value::from(5))
    );
    let first = &items[0]["takes"][0];
    assert_eq!(
        (&first["take"], &first["rating"]),
        (&Value::from(1), &Value::from(2))
    );
    assert!(first["start"].as_f64() < items[0]["start"].as_f64());
    assert!(items[1]["takes"].is_null() && items[1]["take"].is_null());
}

#[test]
fn no_again_and_again_false_end_the_drill_after_the_last_question() {
    let s = Scratch::new();
    let config = s.file("config.yaml", "again: false\n");
    let config = config.to_str().unwrap();
    for (args, env) in [
        (&["--no-again"][..], &[][..]),
        (&[][..], &[("REHEARSE_CONFIG", config)][..]),
    ] {
        let root = s.recordings();
        let _ = std::fs::remove_dir_all(&root);
        let mut pty = rated_two_then_four(&s, args, env);
        assert_eq!(pty.wait_exit(SECS), 0, "{args:?} {env:?}");
        let screen = pty.screen();
        assert!(!screen.contains("Asked again"), "{screen}");
        let session = saved_session(&root);
        assert_eq!(session["items"][0]["rating"], 2);
        assert!(session["items"][0]["takes"].is_null());
    }
}
