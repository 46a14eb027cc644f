//! `rehearse banks list` and `banks check` on good input, and the shipped banks' content.

use crate::util::{Scratch, fixture};
use serde_json::Value;

fn list_json(args: &[&str]) -> Value {
    let out = Scratch::new()
        .cmd()
        .args(["banks", "list", "--format", "json"])
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn shipped_banks_pass_their_own_check() {
    Scratch::new()
        .cmd()
        .args(["banks", "check"])
        .assert()
        .success()
        .stdout(
            predicates::str::is_match(
                r"^ok: 9 banks, \d+ questions \(\d+ enabled\), no problems\n$",
            )
            .unwrap(),
        );
}

#[test]
fn shipped_banks_cover_every_area_with_enough_questions() {
    let v = list_json(&[]);
    let cats: Vec<(&str, u64)> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["category"].as_str().unwrap(),
                c["questions"].as_u64().unwrap(),
            )
        })
        .collect();
    let names: Vec<&str> = cats.iter().map(|c| c.0).collect();
    for want in [
        "behavioural",
        "motivation",
        "role",
        "culture",
        "company",
        "case",
        "practicalities",
        "revisit",
        "ask-them",
    ] {
        assert!(names.contains(&want), "no category {want} in {names:?}");
    }
    let total: u64 = cats.iter().map(|c| c.1).sum();
    assert!(total >= 100, "only {total} questions");
}

#[test]
fn shipped_banks_have_star_hints_follow_ups_and_salary() {
    let out = Scratch::new()
        .cmd()
        .args(["draw", "-n", "1000", "--seed", "1", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let qs = v["questions"].as_array().unwrap();
    let with_follow_ups = qs
        .iter()
        .filter(|q| !q["follow_ups"].as_array().unwrap().is_empty())
        .count();
    assert!(
        with_follow_ups >= 30,
        "{with_follow_ups} questions with follow-ups"
    );
    for q in qs.iter().filter(|q| q["category"] == "behavioural") {
        let hints = q["hints"].as_array().unwrap();
        for step in ["Situation", "Task", "Action", "Result"] {
            assert!(
                hints.iter().any(|h| h.as_str().unwrap().starts_with(step)),
                "{} lacks a {step} hint",
                q["id"]
            );
        }
        let target = q["target_secs"].as_f64().unwrap();
        assert!(
            (90.0..=150.0).contains(&target),
            "{} target {target}",
            q["id"]
        );
    }
    assert!(qs.iter().any(|q| {
        q["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("salary")
    }));
}

#[test]
fn list_shows_counts_weights_and_shares_per_bank_and_category() {
    let v = list_json(&["--bank", fixture("banks/golden.yaml").to_str().unwrap()]);
    let bank = &v["banks"][0];
    assert_eq!(bank["title"], "Golden fixture");
    assert_eq!(bank["questions"], 10);
    assert_eq!(bank["enabled"], 9);
    assert_eq!(bank["weight"], 13.0);
    let motivation = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "motivation")
        .unwrap();
    assert_eq!(motivation["questions"], 3);
    assert_eq!(motivation["enabled"], 2);
    assert!((motivation["share"].as_f64().unwrap() - 100.0 * 4.0 / 13.0).abs() < 1e-9);
}

#[test]
fn list_text_is_a_table_with_totals() {
    Scratch::new()
        .cmd()
        .args(["banks", "list", "--bank"])
        .arg(fixture("banks/golden.yaml"))
        .assert()
        .success()
        .stdout(predicates::str::contains("Golden fixture"))
        .stdout(predicates::str::contains(
            "motivation              3        2       4   30.8%",
        ))
        .stdout(predicates::str::ends_with(
            "10 questions (9 enabled) in 1 banks and 4 categories\n",
        ));
}

#[test]
fn own_banks_combine_with_built_in_ones_only_when_asked() {
    let golden = fixture("banks/golden.yaml");
    let only = list_json(&["--bank", golden.to_str().unwrap()]);
    assert_eq!(only["banks"].as_array().unwrap().len(), 1);
    let both = list_json(&["--bank", golden.to_str().unwrap(), "--with-builtin"]);
    assert_eq!(both["banks"].as_array().unwrap().len(), 10);
}

#[test]
fn a_directory_loads_its_yaml_files_in_name_order() {
    let s = Scratch::new();
    s.file(
        "mine/b.yml",
        "title: B\ndefaults: {category: c, target: 1m}\nquestions:\n  - id: b1\n    text: b\n",
    );
    s.file(
        "mine/a.yaml",
        "title: A\ndefaults: {category: c, target: 1m}\nquestions:\n  - id: a1\n    text: a\n",
    );
    s.file("mine/notes.md", "ignored");
    let out = s
        .cmd()
        .args(["banks", "list", "--format", "json", "--bank", "mine"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = v["banks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["A", "B"]);
}
