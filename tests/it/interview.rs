//! `rehearse interview` end to end: the real binary in a pseudo-terminal runs
//! a whole mock interview from the built-in banks in the panel's order, saves
//! it as kind `interview` and summarises it by part.

use crate::pty::Pty;
use crate::util::Scratch;
use serde_yaml::Value;
use std::time::Duration;

const SECS: Duration = Duration::from_secs(10);

/// The order a panel asks in, by the categories the built-in banks use.
fn stage(category: &str) -> usize {
    let order = [
        &["motivation"][..],
        &["revisit"],
        &["behavioural"],
        &["role", "case"],
        &["company", "culture"],
        &["practicalities"],
        &["ask-them"],
        &["close"],
    ];
    order
        .iter()
        .position(|cs| cs.contains(&category))
        .unwrap_or_else(|| panic!("category {category} in no stage"))
}

#[test]
fn an_interview_runs_every_part_in_the_panels_order_and_is_summarised_by_part() {
    let s = Scratch::new();
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let args = [
        "interview",
        "--minutes",
        "10",
        "--seed",
        "11",
        "--case",
        "--think",
        "0",
    ];
    let mut pty = Pty::spawn(&bin, &args, s.path(), &[("NO_COLOR", "1")], 100, 90);
    pty.wait_for(&["Question 1 of", "ANSWER"], SECS);
    let mut seen_turn = false;
    // Where the interview is: the heading line, and whether it asks for a
    // rating (the clock's ticking changes neither).
    let state = |screen: &str| {
        let head = screen.lines().next().unwrap_or("").to_string();
        (head, screen.contains("Rate this answer"))
    };
    // Each answer: Space ends it, Space goes on (no rating); every state is
    // seen before the next key, however slow the machine.
    // Every answer is too short, so each is asked again at the end.
    for _ in 0..200 {
        let screen = pty.screen();
        if screen.contains("Saved: ") {
            break;
        }
        if screen.contains("Do you have any questions for us?") && !seen_turn {
            seen_turn = true;
            assert!(
                screen.contains("• Ask"),
                "the candidate's turn shows their questions as prompts:\n{screen}"
            );
        }
        let before = state(&screen);
        pty.send(" ");
        let start = std::time::Instant::now();
        while state(&pty.screen()) == before && !pty.screen().contains("Saved: ") {
            assert!(start.elapsed() < SECS, "no change after Space:\n{screen}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    assert_eq!(pty.wait_exit(SECS), 0);
    assert!(seen_turn, "the candidate's turn came");
    let screen = pty.screen();
    for part in [
        "opening",
        "behavioural",
        "the role",
        "practicalities",
        "your questions",
        "close",
    ] {
        assert!(
            screen.contains(part),
            "part {part} in the summary:\n{screen}"
        );
    }
    assert!(
        screen.contains("rehearse interview --seed 11 --minutes 10 --case"),
        "{screen}"
    );
    let dir = std::fs::read_dir(s.recordings())
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let text = std::fs::read_to_string(dir.path().join("session.yaml")).unwrap();
    let session: Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(session["kind"], "interview");
    let items = session["items"].as_sequence().unwrap();
    let stages: Vec<usize> = items
        .iter()
        .map(|i| stage(i["category"].as_str().unwrap()))
        .collect();
    assert!(stages.is_sorted(), "{stages:?}");
    assert_eq!(stages.first(), Some(&0));
    assert_eq!(stages.last(), Some(&7));
    assert!(
        items.iter().any(|i| i["category"] == "case"),
        "--case brings a case"
    );
    let again = items.iter().filter(|i| i["takes"].is_sequence()).count();
    let first_tries = items
        .iter()
        .filter(|i| i["follow_up_of"].is_null() && i["verdict"] != "skipped")
        .count();
    assert_eq!(again, first_tries, "each too-short answer asked again once");
    assert!(
        screen.contains("Asked again, first try → second:"),
        "{screen}"
    );
    assert!(!items.iter().any(|i| i["category"] == "prep"));
    // It lists and counts like any session.
    let out = s.cmd().arg("sessions").output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("interview"), "{listing}");
}

#[test]
fn banks_with_nothing_an_interview_asks_are_refused_with_a_fix() {
    let s = Scratch::new();
    let bank = s.file(
        "prep.yaml",
        "title: Only prep\nquestions:\n  - {id: p1, text: Read the invitation., category: prep, target: 30s}\n",
    );
    let out = s
        .cmd()
        .args(["interview", "--bank"])
        .arg(&bank)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no question an interview's parts ask"),
        "{err}"
    );
    assert!(err.contains("--with-builtin"), "{err}");
}
