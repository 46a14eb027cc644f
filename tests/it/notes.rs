//! Notes on answers, answers excluded from stats, and sessions moved to the
//! trash and back: typed in the real drill and replay in a pseudo-terminal,
//! and through `rehearse sessions`, checked in the files they write.

use crate::pty::Pty;
use crate::pulse::Pulse;
use crate::util::{Scratch, fixture};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const SECS: Duration = Duration::from_secs(20);

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rehearse")
}

/// The `session.yaml` of the one session under `root`, parsed.
fn only_session(root: &Path) -> (PathBuf, Value) {
    let dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("recordings dir")
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let text = std::fs::read_to_string(dirs[0].join("session.yaml")).expect("session.yaml");
    (
        dirs[0].clone(),
        serde_yaml::from_str(&text).expect("valid yaml"),
    )
}

/// Writes `<root>/<id>/session.yaml`: a drill with one answer per
/// `(question id, verdict, rating)`.
fn session(root: &Path, id: &str, started: &str, items: &[(&str, &str, u8)]) {
    let dir = root.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let mut y =
        format!("version: 1\nid: {id}\nkind: drill\nstarted: {started}\ncompleted: true\nitems:\n");
    for (qid, verdict, rating) in items {
        y.push_str(&format!(
            "- id: {qid}\n  text: {qid}?\n  category: behavioural\n  min: 45.0\n  target: 90.0\n  max: 120.0\n  start: 0.0\n  duration: 60.0\n  paused: 0.0\n  verdict: {verdict}\n  rating: {rating}\n"
        ));
    }
    std::fs::write(dir.join("session.yaml"), y).unwrap();
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

fn stdout(s: &Scratch, args: &[&str]) -> String {
    let out = s.cmd().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn json(s: &Scratch, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(s, args)).unwrap()
}

#[test]
fn a_note_typed_after_an_answer_is_in_session_yaml_before_the_drill_ends() {
    let s = Scratch::new();
    let bank = fixture("banks/drill.yaml");
    let args = [
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
        // Answers this short would be asked again at the end.
        "--no-again",
    ];
    let mut pty = Pty::spawn(&bin(), &args, s.path(), &[("NO_COLOR", "1")], 80, 24);
    pty.wait_for(&["Question 1 of 2", "ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer", "w note"], SECS);
    pty.send("w");
    pty.wait_for(
        &["Enter keep the note · Backspace delete · Esc cancel"],
        SECS,
    );
    // Capitals are kept; `q` and Space type, they do not end or go on.
    pty.send("Lead with the RESULT q");
    pty.wait_for(&["Note: Lead with the RESULT q_"], SECS);
    pty.send("\x7f\x7f\r");
    pty.wait_for(&["Note saved.", "Note: Lead with the RESULT"], SECS);
    // Saved at once: the drill is still on its first answer's screen.
    let (_, saved) = only_session(&s.recordings());
    assert_eq!(
        saved["items"][0]["note"].as_str(),
        Some("Lead with the RESULT")
    );
    assert!(saved["finished"].is_null(), "{saved:?}");
    pty.send("4");
    pty.wait_for(&["Question 2 of 2", "ANSWER"], SECS);
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], SECS);
    pty.send(" ");
    assert_eq!(pty.wait_exit(SECS), 0);
    let (_, saved) = only_session(&s.recordings());
    assert_eq!(
        saved["items"][0]["note"].as_str(),
        Some("Lead with the RESULT")
    );
    assert_eq!(saved["items"][0]["rating"].as_u64(), Some(4));
    assert!(saved["items"][1].get("note").is_none(), "no note, no key");
}

#[test]
fn replay_edits_a_note_and_excludes_the_answer_saving_each_at_once() {
    let Some(pulse) = Pulse::start("replay_edits_a_note") else {
        return;
    };
    let s = Scratch::new();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("recordings/20261130-090000");
    let dir = s.recordings().join("20261130-090000");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["session.yaml", "01-role-first-90-days.wav"] {
        std::fs::copy(example.join(f), dir.join(f)).unwrap();
    }
    // A note from the drill, to edit.
    let yaml = std::fs::read_to_string(dir.join("session.yaml")).unwrap();
    let yaml = yaml.replacen("  verdict:", "  note: too slow\n  verdict:", 1);
    std::fs::write(dir.join("session.yaml"), yaml).unwrap();
    assert_eq!(json(&s, &["stats", "--format", "json"])["answers"], 1);

    let env: Vec<(&str, String)> = pulse
        .env()
        .into_iter()
        .filter(|(k, _)| *k != "PULSE_LATENCY_MSEC")
        .chain([("NO_COLOR", "1".to_string())])
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let args = ["replay", "--host", "pulse"];
    let mut pty = Pty::spawn(&bin(), &args, s.path(), &env, 100, 30);
    pty.wait_for(
        &["answer 1 of 1", "Note: too slow", "w note", "x exclude"],
        SECS,
    );
    // Paused, so the replay does not end with the recording.
    pty.send("p");
    pty.wait_for(&["PAUSED"], SECS);
    pty.send("w");
    pty.wait_for(&["Note: too slow_", "Enter keep the note"], SECS);
    pty.send(", Start Faster\r");
    pty.wait_for(
        &["Note on answer 1 saved.", "Note: too slow, Start Faster"],
        SECS,
    );
    let (_, saved) = only_session(&s.recordings());
    assert_eq!(
        saved["items"][0]["note"].as_str(),
        Some("too slow, Start Faster")
    );
    assert!(saved["items"][0].get("excluded").is_none());
    pty.send("x");
    pty.wait_for(
        &[
            "Answer 1 is excluded from stats",
            "Excluded from stats.",
            "x count again",
        ],
        SECS,
    );
    let (_, saved) = only_session(&s.recordings());
    assert_eq!(saved["items"][0]["excluded"].as_bool(), Some(true));
    assert_eq!(json(&s, &["stats", "--format", "json"])["answers"], 0);
    pty.send("q");
    assert_eq!(pty.wait_exit(SECS), 0);
    // The rest of the session is as it was.
    let load = |p: &Path| rehearse::session::load(&p.join("session.yaml")).unwrap();
    let mut now = load(&dir);
    assert_eq!(
        now.items[0].note.take().as_deref(),
        Some("too slow, Start Faster")
    );
    assert!(std::mem::take(&mut now.items[0].excluded));
    // Saved in the current format, which reads the old file's fields the same.
    let was = load(&example);
    assert_eq!(now.version, rehearse::session::FORMAT_VERSION);
    now.version = was.version;
    assert_eq!(now, was);
}

#[test]
fn an_excluded_answer_leaves_stats_and_focus_and_counts_again_when_included() {
    let s = Scratch::new();
    let root = s.recordings();
    session(
        &root,
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        &[("conflict", "over", 1), ("failure", "on-target", 4)],
    );
    session(
        &root,
        "20261102-090000",
        "2026-11-02T09:00:00Z",
        &[("conflict", "on-target", 5)],
    );
    let bank = s.file(
        "b.yaml",
        "title: B\ndefaults: {target: 1m30s, category: behavioural}\nquestions:\n\
         - {id: conflict, text: c}\n- {id: failure, text: f}\n",
    );
    let bank = bank.to_str().unwrap();
    let explain = ["draw", "--focus", "weak", "--explain", "--bank", bank];
    let stats = json(&s, &["stats", "--format", "json"]);
    assert_eq!(
        (stats["answers"].as_u64(), stats["sessions"].as_u64()),
        (Some(3), Some(2))
    );
    let weighed = stdout(&s, &explain);
    assert!(weighed.contains("over or too short in 1 of 2"), "{weighed}");
    assert!(!weighed.contains("never practised"), "{weighed}");

    let said = stdout(&s, &["sessions", "exclude", "20261101", "1"]);
    assert_eq!(
        said,
        "Answer 1 of session 20261101-090000 is excluded from stats and --focus.\n"
    );
    stdout(&s, &["sessions", "exclude", "20261101-090000", "2"]);
    let stats = json(&s, &["stats", "--format", "json"]);
    assert_eq!(
        (stats["answers"].as_u64(), stats["sessions"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(stats["questions"][0]["name"], "conflict");
    assert_eq!(stats["questions"][0]["attempts"], 1);
    let weighed = stdout(&s, &explain);
    assert!(!weighed.contains("over or too short"), "{weighed}");
    let failure = weighed.lines().find(|l| l.starts_with("failure")).unwrap();
    assert!(failure.contains("never practised"), "{weighed}");
    // Still listed: the session keeps both answers, marked.
    let listed = json(&s, &["sessions", "--format", "json"]);
    assert_eq!(
        (&listed[1]["answers"], &listed[1]["excluded"]),
        (&2.into(), &2.into())
    );
    assert!(listed[0].get("excluded").is_none(), "{listed}");
    let text = stdout(&s, &["sessions"]);
    let row = text
        .lines()
        .find(|l| l.starts_with("20261101-090000"))
        .unwrap();
    assert!(row.contains(" 2x "), "{text}");
    assert!(
        text.contains("x some answers are excluded from stats and --focus"),
        "{text}"
    );

    stdout(&s, &["sessions", "include", "20261101", "1"]);
    stdout(&s, &["sessions", "include", "20261101", "2"]);
    assert_eq!(json(&s, &["stats", "--format", "json"])["answers"], 3);
    let text = std::fs::read_to_string(root.join("20261101-090000/session.yaml")).unwrap();
    assert!(!text.contains("excluded"), "{text}");

    s.cmd()
        .args(["sessions", "exclude", "20261101", "3"])
        .assert()
        .code(2)
        .stderr("rehearse: error: session 20261101-090000 has no answer 3\n  hint: its answers are numbered 1 to 2, as its summary and `rehearse replay` number them\n");
}

#[test]
fn stats_shows_the_latest_notes_of_each_question_dated() {
    let s = Scratch::new();
    let root = s.recordings();
    session(
        &root,
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        &[("conflict", "over", 2)],
    );
    session(
        &root,
        "20261102-090000",
        "2026-11-02T09:00:00Z",
        &[("conflict", "on-target", 4)],
    );
    for (id, note) in [
        ("20261101-090000", "rambled"),
        ("20261102-090000", "better: result first"),
    ] {
        let path = root.join(id).join("session.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text + &format!("  note: '{note}'\n")).unwrap();
    }
    let stats = json(&s, &["stats", "--format", "json"]);
    assert_eq!(
        stats["notes"],
        serde_json::json!([
            {"question": "conflict", "date": "2026-11-02T09:00:00Z", "note": "better: result first"},
            {"question": "conflict", "date": "2026-11-01T09:00:00Z", "note": "rambled"},
        ])
    );
    let text = stdout(&s, &["stats"]);
    let at = text
        .find("Notes, the latest of each question first:")
        .expect(&text);
    let notes: Vec<&str> = text[at..].lines().skip(1).take(2).collect();
    assert!(
        notes[0].starts_with("  conflict  2026-11-0") && notes[0].ends_with("better: result first"),
        "{text}"
    );
    assert!(notes[1].ends_with("rambled"), "{text}");
}

#[test]
fn rm_moves_a_session_to_the_trash_and_restore_brings_it_back_byte_for_byte() {
    let s = Scratch::new();
    let root = s.recordings();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("recordings/20261130-090000");
    let dir = root.join("20261130-090000");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["session.yaml", "01-role-first-90-days.wav"] {
        std::fs::copy(example.join(f), dir.join(f)).unwrap();
    }
    session(
        &root,
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        &[("conflict", "over", 2)],
    );
    let before = files(&root);
    let listed = stdout(&s, &["sessions", "--format", "json"]);
    assert_eq!(json(&s, &["stats", "--format", "json"])["answers"], 2);

    let said = stdout(&s, &["sessions", "rm", "20261130"]);
    let trashed = root.join(".trash/20261130-090000");
    assert_eq!(
        said,
        format!(
            "Moved session 20261130-090000 to the trash: {}\nBring it back with `rehearse sessions restore 20261130-090000`.\n",
            trashed.display()
        )
    );
    assert!(!dir.exists() && trashed.join("session.yaml").exists());
    // Nobody sees it: the listing, stats, and replay's latest session.
    let during = json(&s, &["sessions", "--format", "json"]);
    let ids: Vec<&str> = during
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["20261101-090000"]);
    assert_eq!(json(&s, &["stats", "--format", "json"])["answers"], 1);
    s.cmd().args(["replay"]).assert().code(2).stderr(format!(
        "rehearse: error: no session with recordings in {}\n  hint: record one with `rehearse drill --record`\n",
        root.display()
    ));
    let trash = json(&s, &["sessions", "trash", "--format", "json"]);
    assert_eq!(trash[0]["id"], "20261130-090000");
    assert_eq!(trash[0]["answers"], 1);
    // Not twice, and not what is not there.
    s.cmd().args(["sessions", "rm", "20261130"]).assert().code(2).stderr(format!(
        "rehearse: error: no session `20261130` in {}\n  hint: `rehearse sessions` lists them\n",
        root.display()
    ));
    s.cmd().args(["sessions", "rm", "20261101-090001"]).assert().code(2).stderr(format!(
        "rehearse: error: no session `20261101-090001` in {}\n  hint: did you mean 20261101-090000? `rehearse sessions` lists them\n",
        root.display()
    ));

    let said = stdout(&s, &["sessions", "restore", "20261130-090000"]);
    assert_eq!(
        said,
        format!("Restored session 20261130-090000: {}\n", dir.display())
    );
    assert_eq!(files(&root), before, "every file back, byte for byte");
    assert_eq!(stdout(&s, &["sessions", "--format", "json"]), listed);
    assert_eq!(
        json(&s, &["sessions", "trash", "--format", "json"]),
        serde_json::json!([])
    );
    s.cmd()
        .args(["sessions", "restore", "20261130-090000"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: no session `20261130-090000` in the trash ({})\n  hint: `rehearse sessions trash` lists the sessions in it\n",
            root.join(".trash").display()
        ));
    // A session of that id made again meanwhile is never overwritten.
    stdout(&s, &["sessions", "rm", "20261130-090000"]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(example.join("session.yaml"), dir.join("session.yaml")).unwrap();
    s.cmd()
        .args(["sessions", "restore", "20261130-090000"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: session 20261130-090000 exists already: {}\n  hint: move that one to the trash or elsewhere first; the one in the trash stays there ({})\n",
            dir.display(),
            trashed.display()
        ));
    assert!(trashed.join("01-role-first-90-days.wav").exists());
}
