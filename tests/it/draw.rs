//! `rehearse draw`: reproducible seeded draws, filters, output formats, and that
//! the draw follows the weights.

use crate::util::{Scratch, fixture};
use rehearse::bank::{Filter, draw, load_texts};
use serde_json::Value;

fn draw_ids(args: &[&str]) -> Vec<String> {
    let out = Scratch::new()
        .cmd()
        .arg("draw")
        .arg("--bank")
        .arg(fixture("banks/golden.yaml"))
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

/// Golden draws: these ids were produced once and must never change, on any
/// machine or dependency version, or old `--seed`s stop reproducing their sheets.
/// The sheet lists them in the order a panel asks (since issue 23): the
/// opening's motivation first, the candidate's own question last.
#[test]
fn seeded_draw_matches_the_golden_sheet() {
    let text = std::fs::read_to_string(fixture("banks/golden.yaml")).unwrap();
    let library = load_texts(&[("golden.yaml", text.as_str())]).unwrap();
    let drawn = draw(&library, &Filter::default(), 5, 42).unwrap();
    let ids: Vec<&str> = drawn.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, GOLDEN_42, "the draw itself");
    assert_eq!(
        draw_ids(&["-n", "5", "--seed", "42"]),
        [
            "g-five-years",
            "g-why-us",
            "g-decision",
            "g-failure",
            "g-team"
        ]
    );
    assert_eq!(
        draw_ids(&[
            "-n",
            "3",
            "--seed",
            "7",
            "--category",
            "motivation",
            "--category",
            "practicalities"
        ]),
        GOLDEN_7
    );
}

const GOLDEN_42: [&str; 5] = [
    "g-five-years",
    "g-team",
    "g-decision",
    "g-why-us",
    "g-failure",
];
const GOLDEN_7: [&str; 3] = ["g-why-us", "g-five-years", "g-notice"];

#[test]
fn same_seed_same_draw_on_the_built_in_banks() {
    let run = || {
        Scratch::new()
            .cmd()
            .args(["draw", "-n", "8", "--seed", "2026"])
            .output()
            .unwrap()
            .stdout
    };
    let a = run();
    assert_eq!(a, run());
    assert!(String::from_utf8_lossy(&a).starts_with("Practice sheet: 8 questions (seed 2026)\n"));
}

#[test]
fn draw_without_a_seed_prints_the_seed_it_used() {
    let out = Scratch::new()
        .cmd()
        .args(["draw", "-n", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let seed = text
        .lines()
        .last()
        .and_then(|l| l.rsplit("--seed ").next())
        .unwrap()
        .to_string();
    let again = Scratch::new()
        .cmd()
        .args(["draw", "-n", "2", "--seed", &seed])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(again.stdout).unwrap(), text);
}

#[test]
fn text_sheet_shows_question_timing_hints_and_follow_ups() {
    Scratch::new()
        .cmd()
        .args([
            "draw", "-n", "10", "--seed", "1", "--tag", "conflict", "--bank",
        ])
        .arg(fixture("banks/golden.yaml"))
        .assert()
        .success()
        .stdout(
            "Practice sheet: 1 question (seed 1)\n\
             Only 1 matching questions can be drawn; asked for 10.\n\
             \n\
             1. Tell us about a conflict in your team.\n   \
                behavioural · target 2:00 (1:00–3:00) · g-conflict\n   \
                - Situation: who and what\n   \
                - Result: how it ended\n   \
                Follow-up (0:45): What would you change?\n\
             \n\
             Drawn from 10 questions in 1 bank. The same draw again: --seed 1\n",
        );
}

#[test]
fn filters_restrict_the_draw_and_ignore_case() {
    let ids = draw_ids(&["-n", "20", "--seed", "3", "--category", "MOTIVATION"]);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ["g-five-years", "g-why-us"]);
    let ids = draw_ids(&[
        "-n", "20", "--seed", "3", "--tag", "salary", "--tag", "failure",
    ]);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ["g-failure", "g-salary"]);
}

#[test]
fn unknown_category_lists_the_valid_ones() {
    Scratch::new()
        .cmd()
        .args(["draw", "--category", "sales", "--bank"])
        .arg(fixture("banks/golden.yaml"))
        .assert()
        .code(2)
        .stdout("")
        .stderr("rehearse: error: no category `sales` in the loaded banks\n  hint: categories: ask-them, behavioural, motivation, practicalities\n");
}

#[test]
fn unknown_tag_lists_the_valid_ones() {
    Scratch::new()
        .cmd()
        .args(["draw", "--tag", "x", "--bank"])
        .arg(fixture("banks/golden.yaml"))
        .assert()
        .code(2)
        .stderr("rehearse: error: no tag `x` in the loaded banks\n  hint: tags: conflict, failure, ownership, pressure, salary, teamwork\n");
}

#[test]
fn filters_that_match_nothing_together_say_so() {
    Scratch::new()
        .cmd()
        .args(["draw", "--category", "motivation", "--tag", "salary", "--bank"])
        .arg(fixture("banks/golden.yaml"))
        .assert()
        .code(2)
        .stderr("rehearse: error: no question matches category motivation with tag salary\n  hint: drop a --category or --tag; `rehearse banks list` shows what each bank holds\n");
}

#[test]
fn a_selection_of_only_disabled_questions_is_an_error() {
    let s = Scratch::new();
    s.file(
        "b.yaml",
        "title: B\ndefaults: {category: c, target: 1m}\nquestions:\n  - id: on\n    text: a\n  - id: off\n    text: b\n    tags: [off]\n    weight: 0\n",
    );
    s.cmd()
        .args(["draw", "--tag", "off", "--bank", "b.yaml"])
        .assert()
        .code(2)
        .stderr("rehearse: error: every matching question has weight 0 (1 disabled)\n  hint: give some of them a weight above 0 in their bank\n");
}

#[test]
fn count_of_zero_is_refused_by_the_parser() {
    Scratch::new()
        .cmd()
        .args(["draw", "-n", "0"])
        .assert()
        .code(2);
}

/// The chi-square statistic's critical value for 4 degrees of freedom at p = 0.001.
const CHI2_DF4_P001: f64 = 18.467;

#[test]
fn first_picks_follow_the_weights() {
    let bank = "title: W\ndefaults: {category: c, target: 1m}\nquestions:\n\
        - {id: a, text: a, weight: 0.5}\n- {id: b, text: b, weight: 1}\n- {id: c, text: c, weight: 1.5}\n\
        - {id: d, text: d, weight: 2}\n- {id: e, text: e, weight: 5}\n- {id: z, text: z, weight: 0}\n";
    let library = load_texts(&[("w.yaml", bank)]).expect("valid bank");
    let weights = [0.5, 1.0, 1.5, 2.0, 5.0];
    let total: f64 = weights.iter().sum();
    let draws = 100_000u64;
    let mut counts = [0u64; 5];
    for seed in 0..draws {
        let picked = draw(&library, &Filter::default(), 6, seed).expect("draw");
        assert_eq!(
            picked.len(),
            5,
            "seed {seed}: all five enabled questions, never the disabled one"
        );
        let mut ids: Vec<&str> = picked.iter().map(|q| q.id.as_str()).collect();
        let first = ids[0];
        ids.sort_unstable();
        assert_eq!(
            ids,
            ["a", "b", "c", "d", "e"],
            "seed {seed}: a repeat or a weight-0 pick"
        );
        counts[(first.as_bytes()[0] - b'a') as usize] += 1;
    }
    let chi2: f64 = counts
        .iter()
        .zip(weights)
        .map(|(&o, w)| {
            let e = draws as f64 * w / total;
            (o as f64 - e).powi(2) / e
        })
        .sum();
    assert!(
        chi2 < CHI2_DF4_P001,
        "chi-square {chi2:.2} for counts {counts:?}"
    );
}

#[test]
fn star_parts_appear_on_the_sheet_and_in_json() {
    Scratch::new()
        .cmd()
        .args(["draw", "-n", "1", "--seed", "1", "--bank"])
        .arg(fixture("banks/star.yaml"))
        .assert()
        .success()
        .stdout(
            "Practice sheet: 1 question (seed 1)\n\n\
             1. Tell us about a disagreement you resolved.\n   \
                behavioural · target 0:04 (0:01–0:08) · s-conflict\n   \
                Parts: Situation 0:01 · Task 0:01 · Action 0:01 · Result 0:01\n\n\
             Drawn from 1 question in 1 bank. The same draw again: --seed 1\n",
        );
    let out = Scratch::new()
        .cmd()
        .args(["draw", "--format", "json", "--bank"])
        .arg(fixture("banks/star.yaml"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let parts = &v["questions"][0]["parts"];
    assert_eq!(parts.as_array().map(Vec::len), Some(4));
    assert_eq!(parts[2]["name"], "Action");
    assert_eq!(parts[2]["budget_secs"], 1.0);
}

/// A bank of `n` questions whose last line ends in a lone CR followed by
/// more YAML: to YAML a CR alone breaks the line, so `defaults:` is a
/// top-level key and every question inherits weight 5.
fn bank_ending_in_a_lone_cr(n: usize) -> String {
    let mut s = String::from("title: T\nquestions:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  - id: q-{i}\n    text: Question number {i}, padded to look like a real one?\n    category: c\n    target: 1m\n"
        ));
    }
    s.pop();
    s.push_str("\rdefaults:\n  weight: 5\n");
    s
}

#[test]
fn a_bank_means_the_same_whatever_its_size() {
    // Regression: banks of 256 KiB or more were split at `\n` only, and the
    // merge kept the first part's defaults, so the big one drew with weight 1.
    let small = bank_ending_in_a_lone_cr(10);
    let big = bank_ending_in_a_lone_cr(4_000);
    assert!(big.len() >= 256 * 1024, "{} bytes", big.len());
    for text in [&small, &big] {
        let library = load_texts(&[("cr.yaml", text)]).expect("valid bank");
        let weights: Vec<f64> = library.questions.iter().map(|q| q.weight).collect();
        assert!(weights.iter().all(|&w| w == 5.0), "{:?}", &weights[..3]);
    }
}

/// `rehearse draw` with the config file `config` (a path, maybe not a file).
fn draw_with_config(s: &Scratch, config: &std::path::Path) -> assert_cmd::assert::Assert {
    s.cmd()
        .env("REHEARSE_CONFIG", config)
        .args(["draw", "--seed", "1", "--bank"])
        .arg(fixture("banks/golden.yaml"))
        .timeout(std::time::Duration::from_secs(10))
        .assert()
}

#[test]
fn config_values_are_checked_like_their_flags_and_exit_2_naming_file_and_line() {
    let s = Scratch::new();
    let cases = [
        (
            "count: 0\n",
            "1:8: `count`: must be a whole number from 1 to 1000; found 0",
            "write a whole number from 1 to 1000 such as `count: 6`",
        ),
        (
            "think: 3s\ncount: 100000\n",
            "2:8: `count`: must be a whole number from 1 to 1000; found 100000",
            "write a whole number from 1 to 1000 such as `count: 6`",
        ),
        (
            "warn: 99999999999999999999\n",
            "1:7: `warn`: duration `99999999999999999999` is out of range: at most 24h",
            "write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`",
        ),
        (
            "recordings_dir: ~\n",
            "1:17: `recordings_dir`: has no value (YAML reads a bare `~` as no value, not as your home directory)",
            "write a directory such as `recordings_dir: ~/interviews`; for your home directory itself write `recordings_dir: \"~\"`",
        ),
        (
            "recordings_dir: ''\n",
            "1:17: `recordings_dir`: is empty",
            "write a directory path such as `recordings_dir: ~/interviews`, or leave the line out for the default",
        ),
        (
            "recordings_dir: ~root/x\n",
            "1:17: `recordings_dir`: `~root` (another user's home directory) is not expanded",
            "write the full path, such as `/home/NAME/interviews`, or `~/…` for your own home",
        ),
    ];
    for (text, what, hint) in cases {
        let config = s.file("config.yaml", text);
        draw_with_config(&s, &config)
            .code(2)
            .stdout("")
            .stderr(format!(
                "rehearse: error: {}:{what}\n  hint: {hint}\n",
                config.display()
            ));
    }
}

#[test]
fn a_config_that_is_not_a_readable_text_file_exits_2_at_once() {
    let s = Scratch::new();
    let not_utf8 = s.file("latin1.yaml", b"input_device: caf\xe9\n");
    draw_with_config(&s, &not_utf8).code(2).stderr(format!(
        "rehearse: error: {}:1:18: not UTF-8 text\n  hint: save the file with UTF-8 encoding\n",
        not_utf8.display()
    ));
    let dir = s.path().join("confdir");
    std::fs::create_dir(&dir).unwrap();
    draw_with_config(&s, &dir).code(2).stderr(format!(
        "rehearse: error: {}: is a directory, not a file\n  hint: name a regular file\n",
        dir.display()
    ));
    let fifo = s.path().join("fifo.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    for device in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        draw_with_config(&s, device).code(2).stderr(format!(
            "rehearse: error: {}: is not a regular file (a device, FIFO or socket), so it is not read as a config file\n  hint: name a regular file\n",
            device.display()
        ));
    }
}

#[test]
fn the_readme_example_config_is_accepted() {
    let text = crate::util::readme_config();
    let config = rehearse::config::Config::parse("README.md", &text).expect("the example parses");
    assert_eq!(config.input_device.as_deref(), Some("default"));
    assert_eq!(config.count, Some(8));
    let s = Scratch::new();
    let path = s.file("config.yaml", &text);
    draw_with_config(&s, &path).success();
}

#[test]
fn a_config_file_named_by_rehearse_config_must_exist() {
    // Regression: a path that named nothing was quietly ignored.
    let s = Scratch::new();
    let missing = s.path().join("nonexistent.yaml");
    draw_with_config(&s, &missing).code(2).stdout("").stderr(format!(
        "rehearse: error: {}: no such file or directory\n  hint: REHEARSE_CONFIG names this file; check the path, or unset REHEARSE_CONFIG to use the default place\n",
        missing.display()
    ));
    // Nothing in the default place is no settings, not an error.
    s.cmd()
        .args(["draw", "--seed", "1", "-n", "1", "--bank"])
        .arg(fixture("banks/golden.yaml"))
        .assert()
        .success();
}

#[test]
fn recordings_dir_in_the_config_expands_home_and_variables() {
    let s = Scratch::new();
    let config = s.file(
        "config.yaml",
        "recordings_dir: ~/$REHEARSE_TEST_SUB/${REHEARSE_TEST_SUB}2\n",
    );
    let out = s
        .cmd()
        .env("REHEARSE_CONFIG", &config)
        .env("REHEARSE_TEST_SUB", "practice")
        .arg("sessions")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let want = s.path().join("practice").join("practice2");
    assert!(text.contains(&want.display().to_string()), "{text}");
}

// Mutation test for the config file (the mutator is in bank_errors.rs).

#[test]
fn damaged_configs_never_panic_and_every_value_is_checked() {
    let config = "think: 8s\nwarn: 20s\ncount: 8\nrecordings_dir: ~/interview-practice\ninput_device: pulse\n";
    let comments = "\n# a long trailing comment\n".repeat(2_000);
    crate::bank_errors::each_mutation(30, 400, &[("config.yaml", config)], |name, text| {
        let parsed = rehearse::config::Config::parse(name, text);
        match &parsed {
            Err(e) => crate::bank_errors::assert_named(&e.0, name, text),
            Ok(c) => {
                assert!(c.count.is_none_or(|n| (1..=1000).contains(&n)), "{text}");
                assert!(
                    c.recordings_dir
                        .as_ref()
                        .is_none_or(|d| !d.as_os_str().is_empty())
                );
                assert!(c.input_device.as_ref().is_none_or(|d| !d.trim().is_empty()));
            }
        }
        let longer = rehearse::config::Config::parse(name, &format!("{text}{comments}"));
        match (parsed, longer) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{text}"),
        }
    });
}
