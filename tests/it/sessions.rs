//! Session files as data that outlives releases: the previous release's
//! sessions still list, replay and count; a damaged one is named with the
//! reason by `sessions`, skipped with a warning by `stats`, `--focus weak`
//! and `replay`, and never panics, hangs or reads outside its directory.

use crate::util::{Scratch, fixture};
use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The drill session the previous release wrote: one recorded answer, rated 3.
const DRILL: &str = "20261130-092233";
/// The talk it wrote: four sections, one recording, ended early.
const TALK: &str = "20261130-092250";

/// Copies the previous release's sessions into `recordings/` of `s`.
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

/// `rehearse` in `s`, dates in UTC, and never left to hang.
fn cmd(s: &Scratch) -> Command {
    let mut c = s.cmd();
    c.env("TZ", "UTC0").timeout(Duration::from_secs(20));
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The previous release's drill session with `from` replaced by `to`, as `id`.
fn drill_with(root: &Path, id: &str, from: &str, to: &str) -> PathBuf {
    let dir = root.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(fixture("sessions-v1").join(DRILL).join("session.yaml"))
        .unwrap()
        .replace(&format!("id: {DRILL}"), &format!("id: {id}"));
    assert!(text.contains(from), "{from}");
    std::fs::write(dir.join("session.yaml"), text.replacen(from, to, 1)).unwrap();
    std::fs::copy(
        fixture("sessions-v1")
            .join(DRILL)
            .join("01-co-strategy.wav"),
        dir.join("01-co-strategy.wav"),
    )
    .unwrap();
    dir
}

/// The previous release's talk session with `from` replaced by `to`, as `id`.
fn talk_with(root: &Path, id: &str, from: &str, to: &str) -> PathBuf {
    let dir = root.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(fixture("sessions-v1").join(TALK).join("session.yaml"))
        .unwrap()
        .replace(&format!("id: {TALK}"), &format!("id: {id}"));
    assert!(text.contains(from), "{from}");
    std::fs::write(dir.join("session.yaml"), text.replacen(from, to, 1)).unwrap();
    std::fs::copy(
        fixture("sessions-v1").join(TALK).join("talk.wav"),
        dir.join("talk.wav"),
    )
    .unwrap();
    dir
}

const SECONDS: &str = "expected a length in seconds from 0 to 86400";

#[test]
fn the_previous_release_sessions_are_listed() {
    let s = Scratch::new();
    previous_release(&s);
    let text = stdout(cmd(&s).arg("sessions"));
    assert_eq!(
        text,
        format!(
            "SESSION          DATE              KIND      ANSWERS  RECORDED       TIME  SPEAKING  WHAT\n\
             20261130-092250  2026-11-30 09:22  present*        –         1       0:03      0:01  STAR answer\n\
             20261130-092233  2026-11-30 09:22  drill           1         1       0:03      0:01\n\
             * ended early\n\
             Sessions in {}\n",
            s.recordings().display()
        )
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(cmd(&s).args(["sessions", "--format", "json"]))).unwrap();
    assert_eq!(json[1]["id"], DRILL);
    assert_eq!(json[1]["date"], "2026-11-30T09:22:33Z");
    assert_eq!(json[1]["kind"], "drill");
    assert_eq!(json[1]["answering"], 3.005);
    assert_eq!(json[1]["speaking"], 1.0);
    assert_eq!(json[0]["kind"], "present");
    // A recorded talk's speaking time, as for answers.
    assert_eq!(json[0]["speaking"], 1.0);
    assert!(json[0]["damaged"].is_null() && json[1]["damaged"].is_null());
}

#[test]
fn dates_are_shown_in_local_time() {
    let s = Scratch::new();
    previous_release(&s);
    let text = stdout(s.cmd().env("TZ", "IST-5:30").args(["sessions"]));
    assert!(
        text.contains("20261130-092233  2026-11-30 14:52  drill"),
        "{text}"
    );
}

#[test]
fn the_previous_release_sessions_replay() {
    let s = Scratch::new();
    previous_release(&s);
    // Everything up to the playback itself, which needs a terminal.
    cmd(&s)
        .args(["replay", DRILL, "--answer", "9"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: answer 9 of session {DRILL} has no recording\n  hint: recorded answers: 1\n"
        ));
    cmd(&s)
        .args(["replay", TALK, "--section", "conclusion"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: no section `conclusion` in session {TALK}\n  hint: sections: Situation, Task, Action, Result\n"
        ));
    for args in [
        &["replay", DRILL][..],
        &["replay", TALK, "--section", "act"],
        &["replay"],
    ] {
        cmd(&s)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "`rehearse replay` needs a terminal for its keys and clock",
            ));
    }
}

#[test]
fn the_previous_release_sessions_count_in_stats() {
    let s = Scratch::new();
    previous_release(&s);
    let out = cmd(&s)
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sessions"], 1);
    assert_eq!(v["answers"], 1);
    let q = &v["questions"][0];
    assert_eq!(q["name"], "co-strategy");
    assert_eq!(q["median_secs"], 3.005);
    assert_eq!(q["mean_rating"], 3.0);
    assert_eq!(q["mean_first_word_secs"], 1.71);
    assert_eq!(q["last_practised"], "2026-11-30T09:22:33Z");
}

/// The drill the release before retakes wrote (format version 2): two
/// recorded, transcribed answers, rated 2 and 4.
const V2_DRILL: &str = "20261207-073435";

/// Copies that session into `recordings/` of `s`.
fn release_v2(s: &Scratch) -> PathBuf {
    let (from, to) = (
        fixture("sessions-v2").join(V2_DRILL),
        s.recordings().join(V2_DRILL),
    );
    std::fs::create_dir_all(&to).unwrap();
    for f in std::fs::read_dir(&from).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
    }
    to
}

#[test]
fn the_version_2_session_lists_and_counts_in_stats_with_each_answer_one_take() {
    let s = Scratch::new();
    let dir = release_v2(&s);
    let before = std::fs::read(dir.join("session.yaml")).unwrap();
    let text = stdout(cmd(&s).arg("sessions"));
    assert!(
        text.contains(&format!(
            "{V2_DRILL}  2026-12-07 07:34  drill          2         2       0:31      0:15\n"
        )),
        "{text}"
    );
    let session = rehearse::session::load(&dir.join("session.yaml")).unwrap();
    assert_eq!(session.version, 2);
    for item in &session.items {
        assert_eq!((item.take, item.take_count()), (1, 1));
        assert_eq!(item.all_takes(), [item.counted()]);
        assert!(item.transcript.is_some());
    }
    let v: serde_json::Value =
        serde_json::from_str(&stdout(cmd(&s).args(["stats", "--format", "json"]))).unwrap();
    assert_eq!(
        (v["sessions"].as_u64(), v["answers"].as_u64()),
        (Some(1), Some(2))
    );
    let rating = |id: &str| {
        v["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["name"] == id)
            .unwrap()["mean_rating"]
            .clone()
    };
    assert_eq!(
        (rating("beh-pressure"), rating("co-market-trends")),
        (2.0.into(), 4.0.into())
    );
    // Pace from the stored transcript's words, as that release showed it.
    assert_eq!(v["categories"][0]["wpm_from"], "words");
    // Reading it never rewrites it.
    assert_eq!(std::fs::read(dir.join("session.yaml")).unwrap(), before);
}

#[test]
fn the_version_2_session_replays_with_its_transcript() {
    let test = "the_version_2_session_replays_with_its_transcript";
    let Some(pulse) = crate::pulse::Pulse::start(test) else {
        return;
    };
    let s = Scratch::new();
    release_v2(&s);
    let mut env: Vec<(&str, String)> = pulse.env();
    env.push(("NO_COLOR", "1".into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let mut pty = crate::pty::Pty::spawn(
        &bin,
        &["replay", V2_DRILL, "--host", "pulse"],
        s.path(),
        &env,
        100,
        30,
    );
    let secs = Duration::from_secs(20);
    pty.wait_for(&["answer 1 of 2", "under heavy pressure", "[Thanks]"], secs);
    pty.send("n");
    pty.wait_for(&["answer 2 of 2", "trend in our market"], secs);
    pty.send("q");
    assert_eq!(pty.wait_exit(secs), 0);
}

#[test]
fn out_of_range_durations_are_listed_as_damaged_and_the_rest_still_listed() {
    // Each of these made `rehearse sessions` panic (exit 101) and lose the whole listing.
    let s = Scratch::new();
    let root = previous_release(&s);
    let bad = [
        ("20261201-000001", ".inf"),
        ("20261201-000002", "1.0e20"),
        ("20261201-000003", "18446744073709551615"),
    ];
    for (id, value) in bad {
        drill_with(&root, id, "duration: 3.005", &format!("duration: {value}"));
    }
    let text = stdout(cmd(&s).arg("sessions"));
    for (id, value) in bad {
        let want = format!(
            "{id}  damaged: session.yaml:28:13: items[0].duration: {SECONDS}, found the number {}\n",
            if value == "1.0e20" {
                "1e20".to_string()
            } else {
                value.to_string()
            }
        );
        assert!(text.contains(&want), "{want}\n{text}");
    }
    assert!(
        text.contains("20261130-092233  2026-11-30 09:22  drill"),
        "{text}"
    );
    assert!(
        text.contains("20261130-092250  2026-11-30 09:22  present*"),
        "{text}"
    );
    assert!(!text.contains("5124095576030431"), "{text}");
}

#[test]
fn replay_refuses_a_damaged_session_with_the_reason() {
    // Each of these made `rehearse replay` panic.
    let s = Scratch::new();
    let root = s.recordings();
    let drills = [
        (
            "duration: 3.005",
            "duration: -1",
            "28:13: items[0].duration",
            "-1",
        ),
        (
            "duration: 3.005",
            "duration: .nan",
            "28:13: items[0].duration",
            ".nan",
        ),
        (
            "target: 75.0",
            "target: .inf",
            "25:11: items[0].target",
            ".inf",
        ),
        ("max: 105.0", "max: -.inf", "26:8: items[0].max", "-.inf"),
    ];
    for (n, (from, to, place, found)) in drills.iter().enumerate() {
        let id = format!("20261201-00000{n}");
        drill_with(&root, &id, from, to);
        cmd(&s)
            .args(["replay", &id])
            .assert()
            .code(2)
            .stderr(format!(
                "rehearse: error: session {id} is damaged: session.yaml:{place}: {SECONDS}, found the number {found}\n  hint: `rehearse sessions` lists the sessions that can be replayed\n"
            ));
    }
    talk_with(&root, "20261201-000009", "total: 2.909", "total: -5");
    cmd(&s)
        .args(["replay", "20261201-000009", "--section", "task"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: session 20261201-000009 is damaged: session.yaml:38:10: talk.total: {SECONDS}, found the number -5\n  hint: `rehearse sessions` lists the sessions that can be replayed\n"
        ));
}

#[test]
fn recordings_outside_the_session_directory_are_refused() {
    let s = Scratch::new();
    let root = s.recordings();
    let outside = s.file(
        "secret.wav",
        std::fs::read(fixture("speech/speech.wav")).unwrap(),
    );
    let names = [
        "../../../../etc/passwd".to_string(),
        outside.display().to_string(),
        "../secret.wav".to_string(),
    ];
    for (n, name) in names.iter().enumerate() {
        let id = format!("20261201-00000{n}");
        drill_with(
            &root,
            &id,
            "file: 01-co-strategy.wav",
            &format!("file: '{name}'"),
        );
        cmd(&s)
            .args(["replay", &id, "--answer", "1"])
            .assert()
            .code(2)
            .stderr(format!(
                "rehearse: error: session {id} is damaged: session.yaml:34:11: items[0].recording.file: expected a file name inside the session directory (no `/`, not `..`), found text `{}`\n  hint: `rehearse sessions` lists the sessions that can be replayed\n",
                if name.len() > 40 { format!("{}…", name.chars().take(39).collect::<String>()) } else { name.clone() }
            ));
    }
}

#[test]
fn an_out_of_range_rating_or_a_newer_version_is_skipped_by_stats_with_a_warning() {
    let s = Scratch::new();
    let root = previous_release(&s);
    drill_with(&root, "20261201-000001", "rating: 3", "rating: 255");
    drill_with(&root, "20261201-000002", "version: 1", "version: 9");
    let out = cmd(&s)
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rehearse: warning: skipping damaged session 20261201-000002: written by a newer rehearse (format version 9; this one reads up to 3)\n\
         rehearse: warning: skipping damaged session 20261201-000001: session.yaml:31:11: items[0].rating: expected a rating from 1 to 5, or null, found the number 255\n"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["answers"], 1);
    assert_eq!(v["questions"][0]["mean_rating"], 3.0, "not 255");
    let text = stdout(cmd(&s).arg("sessions"));
    assert!(
        text.contains("20261201-000002  damaged: written by a newer rehearse (format version 9; this one reads up to 3)\n"),
        "{text}"
    );
}

/// Makes `path` a FIFO.
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[test]
fn a_session_file_that_is_a_device_or_a_fifo_is_damaged_at_once() {
    // /dev/zero was read until memory ran out; a FIFO hung every command.
    let s = Scratch::new();
    let root = previous_release(&s);
    std::fs::create_dir_all(root.join("20261201-000001")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("20261201-000001/session.yaml")).unwrap();
    std::fs::create_dir_all(root.join("20261201-000002")).unwrap();
    mkfifo(&root.join("20261201-000002/session.yaml"));

    let text = stdout(cmd(&s).arg("sessions"));
    for id in ["20261201-000001", "20261201-000002"] {
        let want = format!(
            "{id}  damaged: session.yaml: is not a regular file (a device, FIFO or socket), so it is not read as a session file\n"
        );
        assert!(text.contains(&want), "{text}");
    }
    let warnings = "rehearse: warning: skipping damaged session 20261201-000002: session.yaml: is not a regular file (a device, FIFO or socket), so it is not read as a session file\n\
                    rehearse: warning: skipping damaged session 20261201-000001: session.yaml: is not a regular file (a device, FIFO or socket), so it is not read as a session file\n";
    cmd(&s).arg("stats").assert().success().stderr(warnings);
    cmd(&s)
        .args(["draw", "--focus", "weak", "-n", "2", "--seed", "1"])
        .assert()
        .success()
        .stderr(warnings);
    cmd(&s)
        .args(["replay", "--answer", "9"])
        .assert()
        .code(2)
        .stderr(format!(
            "{warnings}rehearse: error: answer 9 of session {TALK} has no recording\n  hint: recorded answers: 1\n"
        ));
}

#[test]
fn text_from_a_damaged_file_or_a_directory_name_cannot_drive_the_terminal() {
    let s = Scratch::new();
    let root = s.recordings();
    drill_with(&root, "20261201-000001", "kind: drill", "kind: \"\\e[2J\"");
    std::fs::create_dir_all(root.join("2026\u{1b}[2J")).unwrap();
    let text = stdout(cmd(&s).arg("sessions"));
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(
        text.contains(
            "20261201-000001  damaged: session.yaml:3:7: kind: expected `drill`, `interview` or `present`, found text `\\u{1b}[2J`\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("2026\\u{1b}[2J    damaged: no session.yaml\n"),
        "{text}"
    );
}

/// The example session shipped in the repository's `recordings/`.
fn example_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("recordings")
}

#[test]
fn the_shipped_example_session_lists_counts_and_replays() {
    let s = Scratch::new();
    let root = example_root();
    let text = stdout(cmd(&s).args(["sessions", "--recordings-dir"]).arg(&root));
    assert!(
        text.contains("20261130-090000  2026-11-30 09:00  drill          1         1       0:09"),
        "{text}"
    );
    let stats = stdout(cmd(&s).args(["stats", "--recordings-dir"]).arg(&root));
    assert!(stats.contains("1 answer in 1 session"), "{stats}");
    // Replaying needs a terminal; without one it says so, having found the session.
    cmd(&s)
        .args(["replay", "20261130-090000", "--answer", "2", "--recordings-dir"])
        .arg(&root)
        .assert()
        .code(2)
        .stderr("rehearse: error: answer 2 of session 20261130-090000 has no recording\n  hint: recorded answers: 1\n");
}

#[test]
fn a_symlinked_session_directory_counts_once() {
    let s = Scratch::new();
    let root = previous_release(&s);
    std::os::unix::fs::symlink(root.join(DRILL), root.join("again")).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(cmd(&s).args(["sessions", "--format", "json"]))).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [TALK, DRILL]);
    let stats = stdout(cmd(&s).arg("stats"));
    assert!(stats.contains("1 answer in 1 session"), "{stats}");
}

#[test]
fn a_session_directory_named_with_control_characters_replays_by_either_name() {
    let s = Scratch::new();
    let root = previous_release(&s);
    let real = "odd\u{1}name";
    std::fs::rename(root.join(DRILL), root.join(real)).unwrap();
    let text = stdout(cmd(&s).arg("sessions"));
    assert!(text.contains("odd\\u{1}name"), "{text}");
    // As listed, or as the shell's completion gives the real name: both find it.
    for wanted in ["odd\\u{1}name", real, "odd\u{1}"] {
        cmd(&s)
            .args(["replay", wanted, "--answer", "9"])
            .assert()
            .code(2)
            .stderr(format!(
                "rehearse: error: answer 9 of session {DRILL} has no recording\n  hint: recorded answers: 1\n"
            ));
    }
}

#[test]
fn a_relative_home_is_refused_as_a_misconfiguration() {
    let s = Scratch::new();
    for command in [&["sessions"][..], &["stats"], &["draw", "--focus", "weak"]] {
        cmd(&s)
            .args(command)
            .env("HOME", "not/absolute")
            .env_remove("XDG_DATA_HOME")
            .assert()
            .code(2)
            .stderr(
                "rehearse: error: the data directory `not/absolute/.local/share` is not an absolute path (HOME is `not/absolute`)\n  \
                 hint: set HOME to the full path of your home directory, or name where sessions go with --recordings-dir DIR (or REHEARSE_RECORDINGS)\n",
            );
    }
    // Named explicitly, a relative directory is the user's choice.
    cmd(&s)
        .args(["sessions", "--recordings-dir", "here"])
        .env("HOME", "not/absolute")
        .assert()
        .success();
}

#[test]
fn a_reader_that_leaves_early_ends_every_printing_command_quietly() {
    let s = Scratch::new();
    previous_release(&s);
    let commands: [&[&str]; 6] = [
        &["sessions"],
        &["sessions", "--format", "json"],
        &["stats", "--format", "csv"],
        &["stats"],
        &["draw"],
        &["banks", "list"],
    ];
    for command in commands {
        // The reading end is closed before the command writes a byte.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = s
            .process()
            .args(command)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{command:?}: {stderr}");
        assert_eq!(stderr, "", "{command:?}");
    }
}

#[test]
fn sessions_fit_the_terminal_and_keep_whole_rows_in_a_pipe() {
    let s = Scratch::new();
    previous_release(&s);
    let lines = crate::stats::printed_to_terminal(&s, &["sessions"], 72);
    let over: Vec<&String> = lines.iter().filter(|l| l.chars().count() > 72).collect();
    assert!(over.is_empty(), "{over:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(TALK) && l.ends_with('…')),
        "{lines:#?}"
    );
    let wide = crate::stats::printed_to_terminal(&s, &["sessions"], 200);
    assert!(
        wide.iter().any(|l| l.ends_with("0:01  STAR answer")),
        "{wide:#?}"
    );
}

// ---------------------------------------------------------------------------
// Property: any session the program can write reads back undamaged and
// equal. Sessions are built as `drill` and `present` build them: flags
// parsed by the command line, banks and plans by their loaders, the drill
// and talk state machines driven by random keys with random time between
// them (pauses of up to three days among them), saved by the real saver and
// read by the real reader.

mod roundtrip {
    use clap::Parser;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use rehearse::app::{Action, App, Effect};
    use rehearse::cli::{Cli, Command};
    use rehearse::session::secs::MAX_SECS;
    use rehearse::session::store::Saver;
    use rehearse::session::{self, Kind, Session};
    use std::time::Duration;

    /// Cases per run; each seed is one case, so a failure names its seed.
    const CASES: u64 = 400;

    /// Question and section text that YAML must carry through unchanged.
    const TEXTS: &[&str] = &[
        "Why this role?",
        "Tell us: what went wrong, and why?",
        "# not a comment",
        "'quoted' and \"double\"",
        "yes",
        "null",
        "1e3",
        "  leading and trailing  ",
        "面接の練習 🎤",
        "tab\there",
        "escape \u{1b}[2J inside",
        "- a dash",
        "key: value",
        "line\nbreak",
    ];

    /// A length as a flag, bank or plan gives it: whole seconds up to a
    /// day, mostly short.
    fn secs(rng: &mut ChaCha8Rng, min: u64) -> u64 {
        match rng.random_range(0..10) {
            0 => MAX_SECS as u64,
            1 => rng.random_range(min..=MAX_SECS as u64),
            _ => rng.random_range(min..=600.max(min)),
        }
    }

    fn text(rng: &mut ChaCha8Rng) -> String {
        TEXTS[rng.random_range(0..TEXTS.len())].to_string()
    }

    fn quoted(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    /// Time until the next key: mostly seconds, sometimes past a day.
    fn gap(rng: &mut ChaCha8Rng) -> Duration {
        match rng.random_range(0..12) {
            0 => Duration::from_secs_f64(rng.random_range(86_400.0..259_200.0)),
            1 => Duration::from_secs_f64(rng.random_range(0.0..7200.0)),
            _ => Duration::from_secs_f64(rng.random_range(0.0..20.0)),
        }
    }

    /// A bank of a few questions with random budgets, follow-ups and parts.
    fn bank(rng: &mut ChaCha8Rng) -> String {
        let mut y = String::from("title: Random\nquestions:\n");
        for i in 0..rng.random_range(1..6) {
            let target = secs(rng, 1);
            let min = rng.random_range(0..=target);
            let max = rng.random_range(target..=MAX_SECS as u64);
            y.push_str(&format!(
                "  - id: q{i}\n    category: c{}\n    text: {}\n    min: {min}s\n    target: {target}s\n    max: {max}s\n",
                rng.random_range(0..3),
                quoted(&text(rng))
            ));
            if rng.random_bool(0.4) {
                y.push_str("    follow_ups:\n");
                for _ in 0..rng.random_range(1..3) {
                    let t = secs(rng, 1);
                    y.push_str(&format!(
                        "      - text: {}\n        target: {t}s\n",
                        quoted(&text(rng))
                    ));
                }
            }
            if rng.random_bool(0.3) {
                y.push_str("    parts:\n");
                for p in 0..rng.random_range(1..4) {
                    y.push_str(&format!(
                        "      - name: p{p} {}\n        budget: {}s\n",
                        quoted(&text(rng))
                            .trim_matches('"')
                            .replace(['\\', ':', '#', '\''], ""),
                        secs(rng, 1)
                    ));
                }
            }
        }
        y
    }

    /// A drill as `rehearse drill` runs one, driven at random.
    fn drill(rng: &mut ChaCha8Rng, started: session::Timestamp) -> Session {
        let library = rehearse::bank::load_texts(&[("random.yaml", &bank(rng))])
            .unwrap_or_else(|p| panic!("{p:?}"));
        let mut line = vec!["rehearse".to_string(), "drill".into()];
        let flag = |rng: &mut ChaCha8Rng, line: &mut Vec<String>, name: &str, min: u64| {
            if rng.random_bool(0.6) {
                line.extend([name.to_string(), format!("{}s", secs(rng, min))]);
            }
        };
        flag(rng, &mut line, "--think", 0);
        flag(rng, &mut line, "--warn", 0);
        flag(rng, &mut line, "--target", 1);
        for f in ["--hard-stop", "--no-follow-ups"] {
            if rng.random_bool(0.3) {
                line.push(f.into());
            }
        }
        // Long budgets are drawn only when asked for.
        line.push("--long".into());
        line.extend(["-n".into(), rng.random_range(1..8).to_string()]);
        line.extend(["--seed".into(), rng.random_range(0..u64::MAX).to_string()]);
        let cli = Cli::try_parse_from(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        let Command::Drill(args) = cli.command else {
            unreachable!()
        };
        let config = rehearse::config::Config::default();
        let options = rehearse::cmd::drill::options(&args.answer, &config, Default::default());
        let (seed, picked) = rehearse::cmd::select(&library, &args.select).unwrap();
        let settings = rehearse::cmd::drill::settings(&args.select, seed, &options, None);
        let s = rehearse::cmd::new_session(Kind::Drill, started, Some(settings));
        let mut d = rehearse::app::drill::Drill::new(picked, options, s, seed);
        let keys = [
            Action::Go,
            Action::Go,
            Action::Go,
            Action::Pause,
            Action::Skip,
            Action::Restart,
            Action::NextPart,
            Action::Hints,
            Action::Rate(1),
            Action::Rate(5),
            Action::Rate(3),
            Action::End,
        ];
        drive(rng, &mut d, &keys);
        d.session
    }

    /// A talk as `rehearse present` runs one, driven at random.
    fn talk(rng: &mut ChaCha8Rng, started: session::Timestamp) -> Session {
        let mut y = format!("title: {}\nsections:\n", quoted(&text(rng)));
        // A plan's sections add up to a day at most, so each gets its share.
        let n = rng.random_range(1..6);
        for i in 0..n {
            y.push_str(&format!(
                "  - name: s{i} {}\n    budget: {}s\n",
                quoted(&text(rng))
                    .trim_matches('"')
                    .replace(['\\', ':', '#', '\'', '"'], ""),
                secs(rng, 1).min(MAX_SECS as u64 / n)
            ));
        }
        let plan = rehearse::plan::parse("plan.yaml", &y).unwrap_or_else(|p| panic!("{y}\n{p:?}"));
        let s = rehearse::cmd::new_session(Kind::Present, started, None);
        let mut p =
            rehearse::app::present::Present::new(plan, s, false, rng.random_bool(0.5)).unwrap();
        let keys = [
            Action::Go,
            Action::Forward,
            Action::Back,
            Action::Pause,
            Action::Next,
            Action::Previous,
            Action::End,
        ];
        drive(rng, &mut p, &keys);
        p.session
    }

    /// Random keys at random times until the app quits, else a stop.
    fn drive(rng: &mut ChaCha8Rng, app: &mut impl App, keys: &[Action]) {
        let mut now = Duration::ZERO;
        for _ in 0..rng.random_range(1..60) {
            now += gap(rng);
            if app.on_tick(now).contains(&Effect::Quit) {
                return;
            }
            let key = keys[rng.random_range(0..keys.len())];
            if app.on_key(key, now).contains(&Effect::Quit) {
                return;
            }
        }
        app.on_stop(now + gap(rng));
    }

    #[test]
    fn every_session_the_drill_and_the_talk_can_write_reads_back_undamaged_and_equal() {
        let root = tempfile::tempdir().unwrap();
        let (mut drills, mut talks, mut long) = (0, 0, 0);
        for case in 0..CASES {
            let mut rng = ChaCha8Rng::seed_from_u64(case);
            let started = session::now();
            let mut s = if case % 2 == 0 {
                drill(&mut rng, started)
            } else {
                talk(&mut rng, started)
            };
            if s.items.is_empty() && s.talk.is_none() {
                continue;
            }
            let mut saver = Saver::new(root.path().to_path_buf(), started);
            saver.save(&mut s);
            let saved = saver.finish(&s);
            assert!(saved.complete(), "case {case}: {saved:?}");
            let path = saved.path.unwrap();
            let back = session::load(&path)
                .unwrap_or_else(|d| panic!("case {case}: damaged: {d}\n{s:#?}"));
            assert_eq!(back, s, "case {case}");
            std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
            drills += usize::from(s.kind == Kind::Drill);
            talks += usize::from(s.kind == Kind::Present);
            let paused = s
                .items
                .iter()
                .map(|i| i.paused.as_secs_f64())
                .chain(s.talk.as_ref().map(|t| t.paused.as_secs_f64()));
            long += usize::from(paused.fold(0.0, f64::max) >= MAX_SECS);
        }
        // The cases reach what they are for: both kinds, and pauses past a day.
        assert!(
            drills > 100 && talks > 100,
            "{drills} drills, {talks} talks"
        );
        assert!(long > 10, "{long} sessions paused past a day");
    }
}
