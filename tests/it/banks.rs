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
        .stdout("ok: 9 banks, 139 questions (139 enabled), no problems\n");
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
    let want = [
        ("ask-them", 16),
        ("behavioural", 28),
        ("case", 13),
        ("company", 12),
        ("culture", 10),
        ("motivation", 13),
        ("practicalities", 12),
        ("prep", 7),
        ("revisit", 10),
        ("role", 12),
    ];
    for (name, n) in want {
        assert!(
            cats.contains(&(name, n)),
            "want {n} questions in {name}, have {cats:?}"
        );
    }
    assert_eq!(cats.len(), want.len(), "{cats:?}");
    let total: u64 = cats.iter().map(|c| c.1).sum();
    assert_eq!(total, 133);
}

#[test]
fn shipped_banks_have_star_hints_follow_ups_and_salary() {
    let out = Scratch::new()
        .cmd()
        .args([
            "draw", "-n", "1000", "--seed", "1", "--long", "--format", "json",
        ])
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
        for step in ["Situation", "Task", "Action", "Result", "Reflection"] {
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

/// Every shipped question, as `draw --format json` shows it.
/// Every built-in question: a draw of them all, and the preparation items,
/// which only `--category prep` draws.
fn shipped_questions() -> Vec<Value> {
    let draw = |extra: &[&str]| {
        let out = Scratch::new()
            .cmd()
            .args([
                "draw", "-n", "1000", "--seed", "1", "--long", "--format", "json",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["questions"].as_array().unwrap().clone()
    };
    let mut all = draw(&[]);
    all.extend(draw(&["--category", "prep"]));
    all
}

fn question<'a>(qs: &'a [Value], id: &str) -> &'a Value {
    qs.iter()
        .find(|q| q["id"] == id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

fn secs(q: &Value, field: &str) -> f64 {
    q[field].as_f64().unwrap_or(0.0)
}

fn shipped_file(rel: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("question-banks")
            .join(rel),
    )
    .unwrap()
}

#[test]
fn answer_lengths_match_the_ranges_the_readme_states() {
    let qs = shipped_questions();
    let readme = shipped_file("README.md");
    // (category, shortest target, longest target, the README's cell)
    let ranges = [
        ("behavioural", 90.0, 150.0, "1.5–2.5 min"),
        ("motivation", 45.0, 90.0, "45–90 s"),
        ("role", 60.0, 120.0, "1–2 min"),
        ("culture", 45.0, 105.0, "45 s–1.75 min"),
        ("company", 40.0, 90.0, "40–90 s"),
        ("prep", 30.0, 60.0, "30–60 s"),
        ("case", 45.0, 480.0, "prepared presentations 4.5–8 min"),
        ("practicalities", 10.0, 30.0, "10–30 s"),
        ("revisit", 45.0, 120.0, "45 s–2 min"),
        ("ask-them", 10.0, 20.0, "10–20 s"),
    ];
    for (cat, lo, hi, cell) in ranges {
        let targets: Vec<f64> = qs
            .iter()
            .filter(|q| q["category"] == cat)
            .map(|q| secs(q, "target_secs"))
            .collect();
        assert!(!targets.is_empty(), "no {cat} questions");
        let shortest = targets.iter().cloned().fold(f64::MAX, f64::min);
        let longest = targets.iter().cloned().fold(0.0, f64::max);
        assert_eq!((shortest, longest), (lo, hi), "{cat} targets");
        assert!(
            readme.contains(&format!("| {cat} | {cell}")),
            "README should say `| {cat} | {cell}`"
        );
    }
}

#[test]
fn behavioural_budgets_differ_by_story_and_timed_parts_end_with_reflection() {
    let qs = shipped_questions();
    let beh: Vec<&Value> = qs
        .iter()
        .filter(|q| q["category"] == "behavioural")
        .collect();
    let mut budgets: Vec<String> = beh
        .iter()
        .map(|q| {
            format!(
                "{}/{}/{}",
                secs(q, "min_secs"),
                secs(q, "target_secs"),
                secs(q, "max_secs")
            )
        })
        .collect();
    budgets.sort();
    budgets.dedup();
    assert!(budgets.len() >= 4, "only {budgets:?}");
    let failure = question(&qs, "beh-failure");
    let leadership = question(&qs, "beh-leadership");
    assert!(secs(failure, "target_secs") >= 150.0);
    assert!(secs(failure, "max_secs") <= 195.0);
    assert!(secs(leadership, "target_secs") <= 90.0);

    let with_parts: Vec<&&Value> = beh
        .iter()
        .filter(|q| !q["parts"].as_array().unwrap().is_empty())
        .collect();
    assert!(with_parts.len() >= 4, "{} with parts", with_parts.len());
    for q in with_parts {
        let names: Vec<&str> = q["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["Situation", "Task", "Action", "Result", "Reflection"],
            "{}",
            q["id"]
        );
    }
}

#[test]
fn crisp_answers_are_not_too_short() {
    let qs = shipped_questions();
    for q in qs
        .iter()
        .filter(|q| q["category"] == "practicalities" || q["category"] == "ask-them")
    {
        assert!(secs(q, "min_secs") <= 5.0, "{} min", q["id"]);
    }
    // "I can start on the first of March" takes about 8 seconds.
    for id in ["prac-start-date", "prac-notice-period"] {
        let q = question(&qs, id);
        assert!(secs(q, "min_secs") < 8.0, "{id}");
        assert!(secs(q, "target_secs") <= 20.0, "{id}");
    }
    assert!(secs(question(&qs, "ask-next-steps"), "min_secs") < 5.0);
    // Its hint says being happy with the first answer is a whole answer.
    assert!(secs(question(&qs, "rev-clarify"), "min_secs") <= 5.0);
    // Say the figure and stop.
    let salary = question(&qs, "prac-salary-expectations");
    assert!(secs(salary, "target_secs") <= 20.0);
    assert!(secs(salary, "max_secs") <= 30.0);
    assert!(
        salary["hints"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h.as_str().unwrap().contains("stop"))
    );
}

#[test]
fn near_duplicates_are_merged_into_one_question() {
    let qs = shipped_questions();
    let ids: Vec<&str> = qs.iter().map(|q| q["id"].as_str().unwrap()).collect();
    for gone in [
        "mot-why-now",
        "beh-competing-deadlines",
        "mot-other-applications",
        "cult-giving-feedback",
        "role-change-something",
        "cult-values",
        "prac-salary-negotiable",
        "role-first-tasks",
    ] {
        assert!(!ids.contains(&gone), "{gone} is still shipped");
    }
    for kept in [
        "mot-why-leave",
        "rev-unclear-answer",
        "beh-prioritising",
        "prac-other-offers",
        "beh-feedback-given",
        "beh-idea-resisted",
        "beh-change-resistance",
        "co-improve-here",
        "co-values",
        "role-ideal-environment",
        "role-manager-expectations",
        "cult-thrive-team",
        "prac-salary-range-low",
        "role-first-90-days",
    ] {
        assert!(ids.contains(&kept), "{kept} is gone");
    }
    let follow_up = |id: &str, words: &str| {
        question(&qs, id)["follow_ups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["text"].as_str().unwrap().contains(words))
    };
    assert!(follow_up("mot-why-leave", "Why now"));
    assert!(follow_up("role-first-90-days", "leave until later"));
    let mut texts: Vec<String> = qs
        .iter()
        .map(|q| q["text"].as_str().unwrap().to_lowercase())
        .collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), qs.len());
}

#[test]
fn no_placeholders_and_uk_spelling_in_banks_and_plans() {
    let qs = shipped_questions();
    for q in &qs {
        let text = q["text"].as_str().unwrap();
        for stale in [
            "strong communicator last time",
            "a tool or method we use here",
            "you prepared for today",
            "what you just presented",
            "in your report",
            "{",
        ] {
            assert!(!text.contains(stale), "{}: {text}", q["id"]);
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("question-banks");
    let mut files = 0;
    for sub in [dir.clone(), dir.join("plans")] {
        for entry in std::fs::read_dir(sub).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(!text.contains("learned"), "{}", path.display());
                files += 1;
            }
        }
    }
    assert!(files >= 14, "{files} files");
}

#[test]
fn second_round_preparation_is_covered() {
    let qs = shipped_questions();
    let tagged = |cat: &str, tag: &str| {
        qs.iter()
            .any(|q| q["category"] == cat && q["tags"].as_array().unwrap().iter().any(|t| t == tag))
    };
    for tag in ["panel", "invitation", "logistics", "thank-you", "two-way"] {
        assert!(tagged("prep", tag), "no prep question tagged {tag}");
    }
    assert!(
        tagged("ask-them", "second-round"),
        "no round-one follow-on question"
    );
    assert!(tagged("ask-them", "two-way"));
    assert!(tagged("motivation", "two-way"));
    question(&qs, "case-communication-plan");
    question(&qs, "case-failing-project");
    assert!(
        question(&qs, "prep-new-questions")["hints"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h.as_str().unwrap().contains("round one"))
    );
}

#[test]
fn case_budgets_are_realistic() {
    let qs = shipped_questions();
    for q in qs.iter().filter(|q| q["category"] == "case") {
        let (min, target, max) = (
            secs(q, "min_secs"),
            secs(q, "target_secs"),
            secs(q, "max_secs"),
        );
        assert!(min < target && target < max && max <= 600.0, "{}", q["id"]);
        if min > 180.0 {
            // A long prepared task: a presentation of five to ten minutes.
            assert!(
                q["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t == "presentation"),
                "{}",
                q["id"]
            );
            assert!(target >= 300.0 && max >= 480.0, "{}", q["id"]);
        }
    }
}

#[test]
fn follow_ups_read_as_questions_of_their_own() {
    for q in shipped_questions() {
        for f in q["follow_ups"].as_array().unwrap() {
            let text = f["text"].as_str().unwrap();
            assert!(
                !text.starts_with("And ") && !text.starts_with("So "),
                "{}: {text}",
                q["id"]
            );
            assert!(
                text.ends_with('?') || text.ends_with('.'),
                "{}: {text}",
                q["id"]
            );
        }
    }
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
            "10 questions (9 enabled) in 1 bank and 4 categories\n",
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
