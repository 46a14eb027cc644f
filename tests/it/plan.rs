//! Presentation plans through the library API: the shipped plans load and add
//! up, and every kind of mistake gets its file, line, column, section, what is
//! wrong and how to fix it. Messages and hints are compared exactly.

use rehearse::plan::{Plan, load, parse};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn shipped(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("question-banks/plans")
        .join(file)
}

/// Every problem in `text`, as `(display, hint)`, in the order reported.
fn problems(text: &str) -> Vec<(String, String)> {
    match parse("p.yaml", text) {
        Ok(plan) => panic!("expected problems, the plan loaded: {plan:?}"),
        Err(e) => {
            e.0.iter()
                .map(|p| (p.to_string(), p.hint.clone()))
                .collect()
        }
    }
}

/// Asserts that `text` has exactly one problem, shown as `display` with `hint`.
fn assert_one(text: &str, display: &str, hint: &str) {
    assert_eq!(
        problems(text),
        vec![(display.to_string(), hint.to_string())],
        "plan:\n{text}"
    );
}

const DURATION_HINT: &str = "write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`";

// ---------------------------------------------------------------------------
// Shipped plans.

fn names_and_budgets(plan: &Plan) -> Vec<(&str, Duration)> {
    plan.sections
        .iter()
        .map(|s| (s.name.as_str(), s.budget.target()))
        .collect()
}

#[test]
fn case_plan_loads_and_its_sections_add_up_to_ten_minutes() {
    let path = shipped("case-10min.yaml");
    let plan = load(&path).unwrap();
    assert_eq!(plan.title, "Ten-minute case presentation");
    assert_eq!(plan.total(), secs(600));
    assert_eq!(plan.sections.len(), 6);
    assert_eq!(plan.sections[3].name, "Recommendation");
    assert!(plan.sections.iter().all(|s| s.notes.is_some()));
    assert_eq!(plan.section_warnings, vec![secs(20)]);
    assert_eq!(plan.talk_warnings, vec![secs(120), secs(30)]);
    assert_eq!(plan.source, path.display().to_string());
}

#[test]
fn pitch_plan_loads_and_its_sections_add_up_to_five_minutes() {
    let plan = load(&shipped("pitch-5min.yaml")).unwrap();
    assert_eq!(plan.total(), secs(300));
    assert_eq!(plan.sections.len(), 5);
    assert!(plan.sections.iter().all(|s| s.notes.is_some()));
}

#[test]
fn star_plan_is_situation_task_action_result_reflection_in_two_minutes() {
    let plan = load(&shipped("star-answer.yaml")).unwrap();
    assert_eq!(
        names_and_budgets(&plan),
        vec![
            ("Situation", secs(20)),
            ("Task", secs(15)),
            ("Action", secs(50)),
            ("Result", secs(20)),
            ("Reflection", secs(15)),
        ]
    );
    assert_eq!(plan.total(), secs(120));
    assert_eq!(plan.section_warnings, vec![secs(5)]);
}

#[test]
fn star_plan_runs_without_its_section_warning_as_defaults_fit_the_plan() {
    let text = std::fs::read_to_string(shipped("star-answer.yaml")).unwrap();
    let without = text.replace("  section: 5s\n", "");
    assert_ne!(without, text);
    let plan = parse("plan.yaml", &without).unwrap();
    // A quarter of the shortest (15-second) section.
    assert_eq!(plan.section_warnings, vec![Duration::from_millis(3750)]);
}

#[test]
fn readme_format_example_is_a_valid_plan() {
    let readme = std::fs::read_to_string(shipped("README.md")).unwrap();
    let block = readme
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a yaml block in the README");
    let plan = parse("README.md", block).unwrap();
    assert_eq!(plan.total(), secs(600));
    assert_eq!(plan.talk_warnings, vec![secs(120), secs(30)]);
}

#[test]
fn readme_error_example_is_what_rehearse_prints() {
    let readme = std::fs::read_to_string(shipped("README.md")).unwrap();
    let text = std::fs::read_to_string(shipped("star-answer.yaml"))
        .unwrap()
        .replace("  section: 5s\n", "  section: 15s\n");
    let err = parse("plan.yaml", &text).unwrap_err();
    let p = &err.0[0];
    let shown = format!("rehearse: error: {p}\n  hint: {}\n", p.hint);
    assert!(readme.contains(&shown), "README should show:\n{shown}");
}

// ---------------------------------------------------------------------------
// Reading the file.

#[test]
fn missing_file_is_named_with_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.yaml");
    let err = load(&path).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(
        err.0[0].to_string(),
        format!("{}: no such file or directory", path.display())
    );
    assert_eq!(
        err.0[0].hint,
        "check the path; a plan is a YAML file such as question-banks/plans/case-10min.yaml"
    );
}

#[test]
fn a_directory_is_not_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(dir.path()).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        format!("{}: is a directory, not a file", dir.path().display())
    );
    assert_eq!(err.0[0].hint, "name a regular file");
}

#[test]
fn text_that_is_not_utf8_names_line_and_column_of_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(&path, b"title: Caf\xe9\nsections: []\n").unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        format!("{}:1:11: not UTF-8 text", path.display())
    );
    assert_eq!(err.0[0].hint, "save the file with UTF-8 encoding");
}

#[test]
fn an_oversized_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let size = 1024 * 1024 + 1;
    std::fs::write(&path, vec![b'#'; size]).unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        format!(
            "{}: file is larger than a plan may be (1 MiB)",
            path.display()
        )
    );
    assert_eq!(
        err.0[0].hint,
        "a plan is a title and a short list of sections; check that this is the right file"
    );
}

#[test]
fn a_loaded_plan_keeps_the_path_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.yaml");
    std::fs::write(&path, "title: T\nsections:\n  - name: A\n    budget: 2m\n").unwrap();
    let plan = load(&path).unwrap();
    assert_eq!(plan.source, path.display().to_string());
    assert_eq!(plan.total(), secs(120));
}

#[test]
fn an_empty_file_says_what_a_plan_needs() {
    assert_one(
        "# nothing yet\n\n",
        "p.yaml: the plan is empty",
        "a plan needs `title:` and a list of `sections:`; see question-banks/plans/README.md",
    );
}

#[test]
fn a_list_at_the_top_is_not_a_plan() {
    assert_one(
        "- name: A\n  budget: 1m\n",
        "p.yaml:1:1: a plan must be a mapping with `title`, `warnings` and `sections`",
        "start the file with `title: …` and then `sections:`; see question-banks/plans/README.md",
    );
}

// ---------------------------------------------------------------------------
// YAML and serde mistakes.

#[test]
fn yaml_syntax_error_names_line_and_column() {
    assert_one(
        "title: T\nsections:\n  - name: \"unclosed\n    budget: 2m\n",
        "p.yaml:3:11: YAML syntax error: invalid indentation in quoted scalar",
        "check indentation and quoting on this line and the one above; text containing `: ` or starting with `*`, `&`, `!`, `[` or `{` needs quotes",
    );
}

#[test]
fn tab_indentation_points_at_the_tab() {
    assert_one(
        "title: T\nsections:\n  - name: A\n  \tbudget: 2m\n",
        "p.yaml:4:3: tab character in indentation",
        "YAML indents with spaces only; replace the tab with spaces",
    );
}

#[test]
fn wrong_type_of_title_says_what_was_expected_and_found() {
    assert_one(
        "title: [Case, study]\nsections:\n  - name: A\n    budget: 2m\n",
        "p.yaml:1:8: `title` has the wrong type: expected text, found a list",
        "write `title:` followed by plain text",
    );
}

#[test]
fn wrong_type_of_budget_names_the_section_and_how_to_write_it() {
    assert_one(
        "title: T\nsections:\n  - name: Options\n    budget: [1m, 2m]\n",
        "p.yaml:4:13: section `Options`: `budget` has the wrong type: expected a duration like `90s`, `2m`, `1m30s` or plain seconds, found a list",
        DURATION_HINT,
    );
}

#[test]
fn a_section_that_is_not_a_mapping_shows_how_to_write_one() {
    assert_one(
        "title: T\nsections:\n  - Options\n",
        "p.yaml:3:5: item 1 of `sections` has the wrong type: expected a section with `name` and `budget`, found text `Options`",
        "write `sections:` followed by a list of `- name: …` entries, each with a `budget:`",
    );
}

#[test]
fn unknown_section_field_suggests_the_closest_valid_one() {
    assert_one(
        "title: T\nsections:\n  - name: Options\n    budgt: 2m\n    budget: 2m\n",
        "p.yaml:4:5: section `Options`: unknown field `budgt`",
        "did you mean `budget`? valid fields here: name, budget, notes",
    );
}

#[test]
fn a_key_holding_a_dot_is_one_unknown_field_of_its_section() {
    assert_one(
        "title: T\nsections:\n  - name: Options\n    budget: 2m\n    \"notes.md\": x\n",
        "p.yaml:5:5: section `Options`: unknown field `notes.md`",
        "did you mean `notes`? valid fields here: name, budget, notes",
    );
}

#[test]
fn misspelt_title_is_reported_once_not_also_as_missing() {
    assert_one(
        "titel: T\nsections:\n  - name: A\n    budget: 2m\n",
        "p.yaml:1:1: unknown field `titel`",
        "did you mean `title`? valid fields here: title, warnings, sections",
    );
}

#[test]
fn misspelt_warning_field_is_reported_without_falling_back_to_the_default() {
    // The default section warning (15s) would not fit the 10s section; the
    // user meant their own 5s, so only the typo is reported.
    assert_one(
        "title: T\nwarnings:\n  sectoin: 5s\nsections:\n  - name: A\n    budget: 10s\n  - name: B\n    budget: 2m\n",
        "p.yaml:3:3: unknown field `sectoin`",
        "did you mean `section`? valid fields here: section, talk",
    );
}

#[test]
fn warnings_without_a_value_take_the_defaults() {
    let plan = parse(
        "p.yaml",
        "title: T\nwarnings:\nsections:\n  - name: A\n    budget: 2m\n",
    )
    .unwrap();
    assert_eq!(plan.section_warnings, vec![secs(15)]);
    assert_eq!(
        plan.talk_warnings,
        vec![secs(30)],
        "a quarter of the 2m talk"
    );
}

#[test]
fn warnings_written_as_one_duration_show_the_mapping_they_need() {
    assert_one(
        "title: T\nwarnings: 20s\nsections:\n  - name: A\n    budget: 2m\n",
        "p.yaml:2:11: `warnings` has the wrong type: expected a mapping with `section` and/or `talk`, found text `20s`",
        "write `warnings:` followed by `section:` and/or `talk:`, each a duration or a list",
    );
}

// ---------------------------------------------------------------------------
// Missing and bad values.

#[test]
fn missing_title_points_at_the_top() {
    assert_one(
        "sections:\n  - name: A\n    budget: 2m\n",
        "p.yaml:1:1: the plan has no `title`",
        "add a line such as `title: Ten-minute case presentation` at the top",
    );
}

#[test]
fn missing_sections_is_reported() {
    assert_one(
        "title: T\n",
        "p.yaml:1:1: the plan has no `sections`",
        "add `sections:` followed by a list of `- name: …` entries, each with a `budget:`",
    );
}

#[test]
fn sections_key_without_a_list_points_at_the_key() {
    assert_one(
        "title: T\nsections:\n",
        "p.yaml:2:1: the plan has no `sections`",
        "add `sections:` followed by a list of `- name: …` entries, each with a `budget:`",
    );
}

#[test]
fn empty_section_list_is_reported() {
    assert_one(
        "title: T\nsections: []\n",
        "p.yaml:2:1: the plan's section list is empty",
        "add at least one section under `sections:`, such as `- name: Introduction` with `budget: 1m`",
    );
}

#[test]
fn section_without_a_name_is_numbered() {
    assert_one(
        "title: T\nsections:\n  - name: A\n    budget: 2m\n  - budget: 2m\n",
        "p.yaml:5:5: section 2 has no `name`",
        "add `name:` saying what this part of the talk covers, such as `name: Recommendation`",
    );
}

#[test]
fn section_without_a_budget_is_named() {
    assert_one(
        "title: T\nsections:\n  - name: Risks\n    notes: Two at most.\n",
        "p.yaml:3:5: section `Risks`: missing `budget`",
        "add `budget:` (the time this section may take); write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`",
    );
}

#[test]
fn unreadable_budget_points_at_the_value() {
    assert_one(
        "title: T\nsections:\n  - name: Risks\n    budget: 2 mins\n",
        "p.yaml:4:13: section `Risks`: cannot read `2 mins` as a duration",
        DURATION_HINT,
    );
}

#[test]
fn zero_budget_is_refused() {
    assert_one(
        "title: T\nsections:\n  - name: A\n    budget: 2m\n  - name: Risks\n    budget: 0s\n",
        "p.yaml:6:13: section `Risks`: budget is zero",
        "give the time this section may take, such as `budget: 1m`",
    );
}

#[test]
fn duplicate_section_name_names_both_places() {
    assert_one(
        "title: T\nsections:\n  - name: Options\n    budget: 2m\n  - name: Options\n    budget: 2m\n",
        "p.yaml:5:11: section `Options`: duplicate section name, first used at p.yaml:3:11",
        "section names must be unique within a plan; rename one of them",
    );
}

#[test]
fn section_names_differing_only_in_case_are_duplicates() {
    assert_one(
        "title: T\nsections:\n  - name: Next steps\n    budget: 2m\n  - name: next Steps\n    budget: 2m\n",
        "p.yaml:5:11: section `next Steps`: duplicate section name, first used as `Next steps` at p.yaml:3:11 (names ignore case)",
        "section names must be unique within a plan; rename one of them",
    );
}

// ---------------------------------------------------------------------------
// Warnings.

const SECTIONS: &str = "sections:\n  - name: A\n    budget: 1m\n  - name: B\n    budget: 2m\n";

fn with_warnings(warnings: &str) -> String {
    format!("title: T\nwarnings:\n{warnings}{SECTIONS}")
}

#[test]
fn warning_that_is_not_a_duration_points_at_it() {
    assert_one(
        &with_warnings("  section: soon\n"),
        "p.yaml:3:12: cannot read `soon` as a section warning",
        "write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`, or a list of them such as `[2m, 30s]`",
    );
}

#[test]
fn warning_of_the_wrong_type_in_a_list_points_at_the_item() {
    assert_one(
        &with_warnings("  talk: [1m, true]\n"),
        "p.yaml:3:14: item 2 of `talk` has the wrong type: expected a duration like `90s`, `2m`, `1m30s` or plain seconds, found `true`",
        "write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`, or a list of them such as `[2m, 30s]`",
    );
}

#[test]
fn zero_warning_is_refused() {
    assert_one(
        &with_warnings("  talk: [30s, 0]\n"),
        "p.yaml:3:15: a talk warning of 0s would come only when the time is already up",
        "warn a little before the end, such as `talk: 20s`, or write `talk: []` for no warning",
    );
}

#[test]
fn section_warning_as_long_as_the_shortest_section_would_fire_at_once() {
    assert_one(
        &with_warnings("  section: [20s, 1m]\n"),
        "p.yaml:3:18: section warning of 1m is not shorter than the shortest section, `A` (1m), so it would fire as soon as that section starts",
        "make the warning shorter than 1m, such as `30s`, or lengthen `A`",
    );
}

#[test]
fn default_warnings_fit_a_plan_of_very_short_sections() {
    let s = crate::util::Scratch::new();
    let plan = s.file(
        "short.yaml",
        "title: T\nsections:\n  - name: A\n    budget: 3s\n  - name: B\n    budget: 4s\n  - name: C\n    budget: 2s\n",
    );
    let parsed = parse("short.yaml", &std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(parsed.section_warnings, vec![Duration::from_millis(500)]);
    s.cmd()
        .args(["present", "--history"])
        .arg(&plan)
        .assert()
        .success();
}

#[test]
fn talk_warning_as_long_as_the_talk_would_fire_at_once() {
    assert_one(
        &with_warnings("  talk: 3m\n"),
        "p.yaml:3:9: talk warning of 3m is not shorter than the whole talk (3m), so it would fire as soon as the talk starts",
        "make the warning shorter than 3m, such as `1m30s`",
    );
}

#[test]
fn the_default_talk_warning_fits_a_short_talk() {
    let plan = parse(
        "p.yaml",
        "title: Elevator pitch\nwarnings:\n  section: 5s\nsections:\n  - name: Pitch\n    budget: 45s\n",
    )
    .unwrap();
    assert_eq!(plan.talk_warnings, vec![Duration::from_millis(11250)]);
}

// ---------------------------------------------------------------------------
// Several problems at once.

#[test]
fn every_problem_in_a_file_is_reported_in_file_order() {
    let text = "\
titel: Case
warnings:
  section: soon
sections:
  - name: Context
    budget: 1m
    notse: Say the answer first.
  - budget: 2m
  - name: Options
    budget: 0
  - name: context
    budget: 2m
  - name: Risks
    budget: [1m]
";
    let found = problems(text);
    let want = [
        (
            "p.yaml:1:1: unknown field `titel`",
            "did you mean `title`? valid fields here: title, warnings, sections",
        ),
        (
            "p.yaml:3:12: cannot read `soon` as a section warning",
            "write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`, or a list of them such as `[2m, 30s]`",
        ),
        (
            "p.yaml:7:5: section `Context`: unknown field `notse`",
            "did you mean `notes`? valid fields here: name, budget, notes",
        ),
        (
            "p.yaml:8:5: section 2 has no `name`",
            "add `name:` saying what this part of the talk covers, such as `name: Recommendation`",
        ),
        (
            "p.yaml:10:13: section `Options`: budget is zero",
            "give the time this section may take, such as `budget: 1m`",
        ),
        (
            "p.yaml:11:11: section `context`: duplicate section name, first used as `Context` at p.yaml:5:11 (names ignore case)",
            "section names must be unique within a plan; rename one of them",
        ),
        (
            "p.yaml:14:13: section `Risks`: `budget` has the wrong type: expected a duration like `90s`, `2m`, `1m30s` or plain seconds, found a list",
            DURATION_HINT,
        ),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(d, h)| (d.to_string(), h.to_string()))
        .collect();
    assert_eq!(found, want);
}

#[test]
fn several_problems_without_any_serde_error_are_all_reported() {
    let text = "\
title: ''
sections:
  - name: Intro
  - name: Intro
    budget: later
";
    let found: Vec<String> = problems(text).into_iter().map(|(d, _)| d).collect();
    assert_eq!(
        found,
        vec![
            "p.yaml:1:1: the plan has no `title`",
            "p.yaml:3:5: section `Intro`: missing `budget`",
            "p.yaml:4:11: section `Intro`: duplicate section name, first used at p.yaml:3:11",
            "p.yaml:5:13: section `Intro`: cannot read `later` as a duration",
        ]
    );
}

// ---------------------------------------------------------------------------
// Files that are not plans, through the binary.

/// `rehearse present PLAN --history` in a scratch home: loads the plan, needs no terminal.
fn present_history(plan: &Path) -> assert_cmd::assert::Assert {
    let s = crate::util::Scratch::new();
    s.cmd()
        .arg("present")
        .arg(plan)
        .arg("--history")
        .timeout(std::time::Duration::from_secs(10))
        .assert()
}

#[test]
fn a_device_as_a_plan_is_refused_at_once() {
    present_history(Path::new("/dev/zero")).code(2).stderr(
        "rehearse: error: /dev/zero: is not a regular file (a device, FIFO or socket), so it is not read as a plan\n  hint: name a regular file\n",
    );
}

#[test]
fn a_fifo_as_a_plan_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    present_history(&path).code(2).stderr(format!(
        "rehearse: error: {}: is not a regular file (a device, FIFO or socket), so it is not read as a plan\n  hint: name a regular file\n",
        path.display()
    ));
}

#[test]
fn a_huge_budget_is_out_of_range_not_a_syntax_error() {
    let found = problems(
        "title: T\nsections:\n  - name: A\n    budget: 99999999999999999999\n  - name: C\n    budget: 1e300\n",
    );
    let out_of_range = |place: &str, d: &str| {
        (
            format!("p.yaml:{place}: duration `{d}` is out of range: at most 24h"),
            DURATION_HINT.to_string(),
        )
    };
    assert_eq!(
        found,
        vec![
            out_of_range("4:13: section `A`", "99999999999999999999"),
            out_of_range("6:13: section `C`", "1e300"),
        ]
    );
}

#[test]
fn durations_a_session_cannot_record_are_refused_with_the_limit() {
    // Regression: `budget: 25h` was accepted and the session saved with it
    // then read as damaged; so did sections adding up to more than a day.
    let found = problems(
        "title: T\nsections:\n  - name: A\n    budget: 25h\n  - name: B\n    budget: 24h0m1s\n",
    );
    assert_eq!(
        found,
        vec![
            (
                "p.yaml:4:13: section `A`: duration `25h` is out of range: at most 24h".to_string(),
                DURATION_HINT.to_string()
            ),
            (
                "p.yaml:6:13: section `B`: duration `24h0m1s` is out of range: at most 24h"
                    .to_string(),
                DURATION_HINT.to_string()
            ),
        ]
    );
    assert_one(
        "title: T\nsections:\n  - name: A\n    budget: 23h\n  - name: B\n    budget: 2h\n",
        "p.yaml:2:1: the sections add up to 25:00:00, longer than a talk may last (24:00:00)",
        "shorten the sections: a session records a talk of up to 24h",
    );
    let day = parse(
        "p.yaml",
        "title: T\nsections:\n  - name: A\n    budget: 23h\n  - name: B\n    budget: 1h\n",
    )
    .unwrap();
    assert_eq!(day.total(), secs(86_400));
}

#[test]
fn a_repeated_key_is_named_where_it_repeats() {
    assert_one(
        "title: T\nsections:\n  - name: A\n    budget: 2m\n    name: B\n",
        "p.yaml:5:5: section `A`: `name` appears twice in one mapping",
        "YAML allows each key once per mapping; remove or rename one of them",
    );
}

#[test]
fn a_control_character_is_placed_at_its_line_and_column() {
    assert_one(
        "title: T\nsections:\n  - name: A\x01\n    budget: 1m\n",
        "p.yaml:3:12: control character U+0001 is not allowed in YAML",
        "remove it; inside double quotes an escape such as `\\t` stands for one",
    );
}

// ---------------------------------------------------------------------------
// Mutation tests (the mutator is in bank_errors.rs).

use crate::bank_errors::{assert_named, each_mutation};

#[test]
fn damaged_plans_never_panic_and_trailing_comments_change_nothing() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("question-banks/plans");
    let texts: Vec<(String, String)> = ["case-10min.yaml", "pitch-5min.yaml", "star-answer.yaml"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap()))
        .collect();
    let originals: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let comments = "\n# a long trailing comment\n".repeat(2_000);
    each_mutation(20, 300, &originals, |name, text| {
        let plan = rehearse::plan::parse(name, text);
        if let Err(e) = &plan {
            assert_named(&e.0, name, text);
        }
        let longer = rehearse::plan::parse(name, &format!("{text}{comments}"));
        match (plan, longer) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{text}"),
        }
    });
}

#[test]
fn control_characters_in_a_plan_are_warned_about_and_never_printed() {
    let s = crate::util::Scratch::new();
    let plan = s.file(
        "p.yaml",
        "title: \"Pitch \\e]0;PWNED\\a\"\nsections:\n  - name: \"A\\tB\\e[2J\"\n    budget: 1m\n",
    );
    let out = s
        .cmd()
        .args(["present", "--history"])
        .arg(&plan)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("p.yaml:1:8: `title` holds the control character \\u{1b}"),
        "{err}"
    );
    assert!(
        err.contains(
            "p.yaml:3:11: section `A B\\u{1b}[2J`: `name` holds the control character \\u{9}"
        ),
        "{err}"
    );
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
}
