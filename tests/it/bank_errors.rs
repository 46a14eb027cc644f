//! Every kind of bank mistake gets its file, line, column, question, what is wrong
//! and how to fix it, with exit code 2 and no panic. Messages are compared exactly.

use crate::util::Scratch;

/// Runs `rehearse banks check FILE` on `content` and compares stderr exactly.
fn assert_check(file: &str, content: &[u8], stderr: &str) {
    let s = Scratch::new();
    s.file(file, content);
    s.cmd()
        .args(["banks", "check", file])
        .assert()
        .code(2)
        .stdout("")
        .stderr(stderr.to_string());
}

const HEAD: &str = "title: T\ndefaults: {category: c, target: 1m}\nquestions:\n";

#[test]
fn yaml_syntax_error_names_line_and_column() {
    assert_check(
        "b.yaml",
        b"title: T\nquestions:\n  - id: a\n    text: \"unclosed\n",
        "rehearse: error: b.yaml:4:11: YAML syntax error: while scanning a quoted scalar, found unexpected end of stream\n  hint: check indentation and quoting on this line and the one above; text containing `: ` or starting with `*`, `&`, `!`, `[` or `{` needs quotes\n",
    );
}

#[test]
fn tab_indentation_points_at_the_tab() {
    assert_check(
        "b.yaml",
        b"title: T\nquestions:\n  - id: a\n  \ttext: hi\n",
        "rehearse: error: b.yaml:4:3: tab character in indentation\n  hint: YAML indents with spaces only; replace the tab with spaces\n",
    );
}

#[test]
fn wrong_type_says_what_was_expected_and_found() {
    let content = format!("{HEAD}  - id: a\n    text: [not, text]\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:5:11: question `a`: `text` has the wrong type: expected text, found a list\n  hint: write `text:` followed by plain text\n",
    );
}

#[test]
fn unknown_field_suggests_the_closest_valid_one() {
    let content = format!("{HEAD}  - id: a\n    text: hi\n    wieght: 2\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:6:5: question `a`: unknown field `wieght`\n  hint: did you mean `weight`? valid fields here: id, text, category, tags, weight, target, min, max, hints, follow_ups, parts, points\n",
    );
}

#[test]
fn keys_holding_dots_or_brackets_are_named_whole_with_the_fields_of_their_mapping() {
    // Regression: `"we.ight"` was read as the path `we` → `ight`, so the
    // message named `ight` and listed the fields of no mapping at all.
    let fields =
        "id, text, category, tags, weight, target, min, max, hints, follow_ups, parts, points";
    let content = format!(
        "{HEAD}  - id: a\n    text: hi\n    \"we.ight\": 2\n    \"tags[0]\": x\n    follow_ups:\n      - text: t\n        \"a\\\\b]c\": 1\n"
    );
    assert_check(
        "b.yaml",
        content.as_bytes(),
        &format!(
            "rehearse: error: b.yaml:6:5: question `a`: unknown field `we.ight`\n  hint: did you mean `weight`? valid fields here: {fields}\n\
             rehearse: error: b.yaml:7:5: question `a`: unknown field `tags[0]`\n  hint: did you mean `tags`? valid fields here: {fields}\n\
             rehearse: error: b.yaml:10:9: question `a`: unknown field `a\\b]c`\n  hint: valid fields here: text, target, min, max, hints\n\
             rehearse: 3 problems found\n"
        ),
    );
}

#[test]
fn unknown_top_level_field_suggests_title() {
    // Not also "no `title`"; but the rest of the file is still checked.
    assert_check(
        "b.yaml",
        b"titel: T\nquestions: []\n",
        "rehearse: error: b.yaml:1:1: unknown field `titel`\n  hint: did you mean `title`? valid fields here: title, defaults, questions\n\
         rehearse: error: b.yaml:2:1: the bank's question list is empty\n  hint: add at least one question under `questions:`\n\
         rehearse: 2 problems found\n",
    );
}

#[test]
fn missing_id_and_missing_text_are_both_reported() {
    let content = format!("{HEAD}  - text: no id here\n  - id: no-text\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:4:5: question 1 has no `id`\n  hint: add a unique lowercase slug such as `id: team-conflict`\n\
         rehearse: error: b.yaml:5:5: question `no-text`: missing `text`\n  hint: add `text:` with the question as it should be read out\n\
         rehearse: 2 problems found\n",
    );
}

#[test]
fn id_that_is_not_a_slug_gets_a_suggested_slug() {
    let content = format!("{HEAD}  - id: Team_Conflict\n    text: hi\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:4:9: question `Team_Conflict`: id is not a slug (lowercase letters, digits and single `-`)\n  hint: use `team-conflict`\n",
    );
}

#[test]
fn duplicate_id_across_files_names_both_places() {
    let s = Scratch::new();
    s.file(
        "banks/a.yaml",
        format!("{HEAD}  - id: same\n    text: first\n"),
    );
    s.file(
        "banks/b.yaml",
        format!("{HEAD}  - id: other\n    text: x\n  - id: same\n    text: second\n"),
    );
    s.cmd()
        .args(["banks", "check", "banks"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: {b}:6:9: question `same`: duplicate id, first defined at {a}:4:9\n  hint: ids must be unique across every loaded bank; rename one of them\n",
            a = std::path::Path::new("banks").join("a.yaml").display(),
            b = std::path::Path::new("banks").join("b.yaml").display(),
        ));
}

#[test]
fn duplicate_of_a_built_in_id_names_the_built_in_bank() {
    let content = format!("{HEAD}  - id: beh-team-conflict\n    text: mine\n");
    let s = Scratch::new();
    s.file("b.yaml", content);
    s.cmd()
        .args(["banks", "check", "--with-builtin", "b.yaml"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "rehearse: error: b.yaml:4:9: question `beh-team-conflict`: duplicate id, first defined at <built-in>/behavioural.yaml:",
        ));
}

#[test]
fn unparseable_duration_shows_how_to_write_one() {
    let content = format!("{HEAD}  - id: a\n    text: hi\n    target: 2 mins\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:6:13: question `a`: cannot read `2 mins` as a duration\n  hint: write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`\n",
    );
}

#[test]
fn negative_nan_and_infinite_weights_are_each_reported() {
    let content = format!(
        "{HEAD}  - id: neg\n    text: a\n    weight: -1\n  - id: nan\n    text: b\n    weight: .nan\n  - id: inf\n    text: c\n    weight: .inf\n"
    );
    let hint = "  hint: use 1 for normal, 2 for twice as often, 0 to disable the question\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        &format!(
            "rehearse: error: b.yaml:6:13: question `neg`: weight must be a finite number of 0 or more, found -1\n{hint}\
             rehearse: error: b.yaml:9:13: question `nan`: weight must be a finite number of 0 or more, found .nan\n{hint}\
             rehearse: error: b.yaml:12:13: question `inf`: weight must be a finite number of 0 or more, found .inf\n{hint}\
             rehearse: 3 problems found\n"
        ),
    );
}

#[test]
fn min_above_target_and_target_above_max_are_reported() {
    let content = format!(
        "{HEAD}  - id: a\n    text: a\n    min: 2m\n  - id: b\n    text: b\n    max: 30s\n"
    );
    let hint = "  hint: durations must satisfy min ≤ target ≤ max\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        &format!(
            "rehearse: error: b.yaml:6:10: question `a`: min (2m) is longer than target (1m)\n{hint}\
             rehearse: error: b.yaml:9:10: question `b`: target (1m) is longer than max (30s)\n{hint}\
             rehearse: 2 problems found\n"
        ),
    );
}

#[test]
fn every_problem_of_a_question_is_reported_in_one_run() {
    // Each of these waited for the one before it to be fixed: a budget
    // reported one bound, follow-ups were checked only under a valid budget,
    // and a part's name only against parts without problems.
    let content = format!(
        "{HEAD}  - id: a\n    text: a\n    min: 3m\n    target: 2m\n    max: 1m\n    follow_ups:\n      - text: f\n        min: 2m\n    parts:\n      - {{name: S, budget: 0}}\n      - {{name: s, budget: 1s}}\n      - {{}}\n"
    );
    let order = "  hint: durations must satisfy min ≤ target ≤ max\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        &format!(
            "rehearse: error: b.yaml:6:10: question `a`: min (3m) is longer than target (2m)\n{order}\
             rehearse: error: b.yaml:7:13: question `a`: target (2m) is longer than max (1m)\n{order}\
             rehearse: error: b.yaml:11:14: question `a`: min (2m) is longer than target (1m)\n{order}\
             rehearse: error: b.yaml:13:27: question `a`: part `S` has a zero budget\n  hint: give it a length above zero, or leave the part out\n\
             rehearse: error: b.yaml:14:16: question `a`: part `s` appears twice\n  hint: give every part of a question its own name\n\
             rehearse: error: b.yaml:15:9: question `a`: part 3 has no `name`\n  hint: write each part as `- {{name: Situation, budget: 20s}}`\n\
             rehearse: error: b.yaml:15:9: question `a`: part 3 has no `budget`\n  hint: give each part a budget; write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`\n\
             rehearse: 7 problems found\n"
        ),
    );
}

#[test]
fn a_zero_default_target_is_reported_only_where_it_is_used() {
    let content = "title: T\ndefaults: {category: c, target: 0}\nquestions:\n  - id: own\n    text: a\n    target: 1m\n  - id: inherits\n    text: b\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:7:5: question `inherits`: target is zero\n  hint: give the ideal answer length, such as `target: 90s`\n",
    );
}

#[test]
fn empty_bank_and_empty_question_list_are_errors() {
    assert_check(
        "b.yaml",
        b"# only a comment\n",
        "rehearse: error: b.yaml: the bank is empty\n  hint: a bank needs `title:` and a list of `questions:`; see question-banks/README.md\n",
    );
    assert_check(
        "b.yaml",
        b"title: T\nquestions: []\n",
        "rehearse: error: b.yaml:2:1: the bank's question list is empty\n  hint: add at least one question under `questions:`\n",
    );
}

#[test]
fn a_bank_whose_every_weight_is_zero_is_an_error() {
    let content = "title: T\ndefaults: {category: c, target: 1m, weight: 0}\nquestions:\n  - id: a\n    text: a\n  - id: b\n    text: b\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:3:1: every question in this bank has weight 0, so none can be drawn\n  hint: give at least one question a weight above 0, or leave this bank out\n",
    );
}

#[test]
fn missing_file_is_named() {
    Scratch::new()
        .cmd()
        .args(["banks", "check", "nope.yaml"])
        .assert()
        .code(2)
        .stderr("rehearse: error: nope.yaml: no such file or directory\n  hint: check the path; `--bank` takes a bank file or a directory of them\n");
}

#[test]
fn unreadable_file_is_named() {
    let s = Scratch::new();
    s.file("b.yaml", format!("{HEAD}  - id: a\n    text: a\n"));
    // Root reads files whatever their mode, so make the path unreadable by
    // going through a regular file as if it were a directory.
    s.cmd()
        .args(["banks", "check", "b.yaml/inner.yaml"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "rehearse: error: b.yaml/inner.yaml: cannot read: ",
        ))
        .stderr(predicates::str::contains(
            "\n  hint: check that the path is a readable file\n",
        ));
}

#[test]
fn file_that_is_not_utf8_names_the_bad_byte() {
    assert_check(
        "b.yaml",
        b"title: T\nquestions:\n  - id: caf\xe9\n",
        "rehearse: error: b.yaml:3:12: not UTF-8 text\n  hint: save the file with UTF-8 encoding\n",
    );
}

#[test]
fn directory_without_banks_is_an_error() {
    let s = Scratch::new();
    s.file("empty/notes.txt", "not a bank");
    s.cmd()
        .args(["banks", "check", "empty"])
        .assert()
        .code(2)
        .stderr("rehearse: error: empty: no bank files (*.yaml or *.yml) in this directory\n  hint: point `--bank` at a directory holding bank files, or at one file\n");
}

#[test]
fn alias_bomb_fails_fast_with_bounded_memory() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    bomb.push_str("title: T\nquestions: *i\n");
    assert_check(
        "b.yaml",
        bomb.as_bytes(),
        "rehearse: error: b.yaml: YAML aliases expand too far\n  hint: write the values out instead of using anchors and aliases (`&name`, `*name`)\n",
    );
    // 9^9 expansions would take minutes and gigabytes: without the limit
    // this test would not end. No wall-clock bound: a busy machine breaks it.
}

/// What every kind of file says about nesting past the limit.
const TOO_DEEP: &str = "lists and mappings nest more than 64 levels deep\n  hint: nest them less deeply: look for `[` or `{` that are never closed, or a long run of `- `";

#[test]
fn nesting_past_64_levels_is_refused_at_its_first_too_deep_bracket_in_every_kind_of_file() {
    // 200 KB of `[[[…]]]`: the loader once scanned all of it, for a minute,
    // before its own depth limit tripped. The 64th `[` opens the 65th level.
    let n = 100_000;
    let deep = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let s = Scratch::new();
    assert_check(
        "b.yaml",
        format!("title: T\nquestions:\n  - id: a\n    text: {deep}\n").as_bytes(),
        &format!("rehearse: error: b.yaml:4:72: {TOO_DEEP}\n"),
    );
    let config = s.file("config.yaml", format!("think: {deep}\n"));
    s.cmd()
        .env("REHEARSE_CONFIG", &config)
        .args(["draw", "-n", "1"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: {}:1:71: {TOO_DEEP}\n",
            config.display()
        ));
    let plan = format!("title: T\nsections:\n  - name: A\n    budget: 1m\n    notes: {deep}\n");
    let problems = rehearse::plan::parse("p.yaml", &plan).unwrap_err().0;
    assert_eq!(
        problems
            .iter()
            .map(|p| format!("{p}\n  hint: {}", p.hint))
            .collect::<Vec<_>>(),
        [format!("p.yaml:5:73: {TOO_DEEP}")]
    );
    // Block nesting too: `- - - …` on one line.
    let session = format!("version: 1\nid: x\nitems:\n{}x\n", "- ".repeat(n));
    s.file("rec/20260101-000000/session.yaml", session);
    s.cmd()
        .args(["sessions", "--recordings-dir", "rec"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "20260101-000000  damaged: session.yaml:4:127: not a valid session file: lists and mappings nest more than 64 levels deep\n",
        ));
}

#[test]
fn a_bank_past_4_mib_or_a_session_past_8_mib_is_refused_naming_the_cap() {
    // The YAML loader holds about 20 bytes for each byte of a bank: a 14 MB
    // bank under the old 32 MiB cap held 325 MB.
    let mut content =
        String::from("title: T\nquestions:\n  - {id: a, text: b, category: c, target: 1m}\n");
    content.push_str(&"# padding\n".repeat((4 << 20) / 10 + 1));
    assert_check(
        "big.yaml",
        content.as_bytes(),
        "rehearse: error: big.yaml: file is larger than a bank may be (4 MiB)\n  hint: split the bank into several files in one directory\n",
    );
    // A session file past its 8 MiB (once 16 MiB) reads as damaged, saying so.
    let s = Scratch::new();
    let mut session = String::from("version: 1\n");
    session.push_str(&"# padding\n".repeat((8 << 20) / 10 + 1));
    s.file("rec/20260101-000000/session.yaml", session);
    s.cmd()
        .args(["sessions", "--recordings-dir", "rec"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "20260101-000000  damaged: session.yaml: file is larger than a session file may be (8 MiB)\n",
        ));
}

#[test]
fn a_file_of_more_than_500000_parser_events_is_refused_where_they_run_out() {
    // 750 KB of empty questions: two events each. Loaded, they held 600 MB.
    // After the 5 events of the top, the 500,001st is the `}` that ends the
    // 249,998th question, at column 13 + 3 × 249,997 + 1.
    let content = format!("title: T\nquestions: [{}]\n", ["{}"; 250_000].join(","));
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:2:750005: more YAML than is loaded: over 500000 values and starts and ends of lists and mappings\n  hint: split it into smaller files\n",
    );
    // A session as large reads as damaged, at once.
    let s = Scratch::new();
    let items = ["{}"; 250_000].join(",");
    s.file(
        "rec/20260101-000000/session.yaml",
        format!("version: 1\nitems: [{items}]\n"),
    );
    s.cmd()
        .args(["sessions", "--recordings-dir", "rec"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "20260101-000000  damaged: session.yaml:2:750001: not a valid session file: more YAML than is loaded",
        ));
}

#[test]
fn past_a_thousand_problems_in_a_file_the_rest_are_counted() {
    // 300 empty questions, four problems each.
    let content = format!("title: T\nquestions: [{}]\n", ["{}"; 300].join(","));
    let s = Scratch::new();
    s.file("b.yaml", content);
    let out = s.cmd().args(["banks", "check", "b.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("rehearse: error: b.yaml:2:").count(), 1_000);
    assert!(
        stderr.ends_with(
            "rehearse: error: b.yaml: 200 more problems, not listed (only the first 1000 of a file are)\n  hint: fix the problems above and check again\nrehearse: 1001 problems found\n"
        ),
        "{}",
        &stderr[stderr.len() - 300..]
    );
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let s = Scratch::new();
    s.file(
        "banks/a.yaml",
        format!("{HEAD}  - id: a\n    text: a\n    target: soon\n"),
    );
    s.file("banks/b.yaml", "title: B\nquestions: []\n");
    s.cmd()
        .args(["banks", "check", "banks"])
        .assert()
        .code(2)
        .stderr(predicates::str::ends_with("rehearse: 2 problems found\n"));
}

#[test]
fn bad_banks_stop_draw_with_the_same_errors() {
    let s = Scratch::new();
    s.file(
        "b.yaml",
        format!("{HEAD}  - id: a\n    text: hi\n    wieght: 2\n"),
    );
    s.cmd()
        .args(["draw", "--bank", "b.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::starts_with(
            "rehearse: error: b.yaml:6:5: question `a`: unknown field `wieght`\n",
        ));
}

/// Makes a FIFO at `path`; reading one would block until a writer came.
fn fifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

#[test]
fn a_device_is_refused_at_once_not_read_until_memory_runs_out() {
    // Regression: `/dev/zero` reports size 0, so a size check let it be read forever.
    Scratch::new()
        .cmd()
        .args(["banks", "check", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(2)
        .stdout("")
        .stderr("rehearse: error: /dev/zero: is not a regular file (a device, FIFO or socket), so it is not read as a bank\n  hint: name a regular file\n");
}

#[test]
fn a_fifo_as_a_bank_is_refused_without_hanging() {
    let s = Scratch::new();
    fifo(&s.path().join("b.yaml"));
    s.cmd()
        .args(["banks", "check", "b.yaml"])
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr("rehearse: error: b.yaml: is not a regular file (a device, FIFO or socket), so it is not read as a bank\n  hint: name a regular file\n");
}

#[test]
fn a_huge_integer_duration_is_out_of_range_not_a_syntax_error() {
    // Regression: this was "YAML syntax error" with a hint about quoting.
    let content = format!(
        "{HEAD}  - id: a\n    text: hi\n    target: 99999999999999999999\n  - id: b\n    text: hi\n    max: 1e300\n"
    );
    let hint = "  hint: write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        &format!(
            "rehearse: error: b.yaml:6:13: question `a`: duration `99999999999999999999` is out of range: at most 24h\n{hint}\
             rehearse: error: b.yaml:9:10: question `b`: duration `1e300` is out of range: at most 24h\n{hint}\
             rehearse: 2 problems found\n"
        ),
    );
}

#[test]
fn durations_a_session_cannot_record_are_refused_and_a_default_max_stops_at_a_day() {
    // Regression: `target: 25h` loaded, and its answer's session read as damaged.
    let hint = "  hint: write a duration like `90s`, `2m`, `1m30s` or plain seconds like `45`\n";
    assert_check(
        "b.yaml",
        format!("{HEAD}  - id: a\n    text: a\n    target: 25h\n    max: 86401\n").as_bytes(),
        &format!(
            "rehearse: error: b.yaml:6:13: question `a`: duration `25h` is out of range: at most 24h\n{hint}\
             rehearse: error: b.yaml:7:10: question `a`: duration `86401` is out of range: at most 24h\n{hint}\
             rehearse: 2 problems found\n"
        ),
    );
    // Target + 50 % would be 30h: the default max is a day.
    let library = rehearse::bank::load_texts(&[(
        "b.yaml",
        &format!("{HEAD}  - id: a\n    text: a\n    target: 20h\n    follow_ups: [{{text: f, target: 20h}}]\n"),
    )])
    .unwrap();
    let q = &library.questions[0];
    let day = std::time::Duration::from_secs(86_400);
    assert_eq!((q.budget.max(), q.follow_ups[0].budget.max()), (day, day));
}

#[test]
fn a_huge_weight_is_shown_short_not_as_hundreds_of_digits() {
    let content = format!("{HEAD}  - id: a\n    text: hi\n    weight: -1e300\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:6:13: question `a`: weight must be a finite number of 0 or more, found -1e300\n  hint: use 1 for normal, 2 for twice as often, 0 to disable the question\n",
    );
}

#[test]
fn a_control_character_is_placed_at_its_line_and_column() {
    // Regression: this was `b.yaml:1:1 … at position N`.
    let content = format!("{HEAD}  - id: a\n    text: h\x07i\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:5:12: control character U+0007 is not allowed in YAML\n  hint: remove it; inside double quotes an escape such as `\\t` stands for one\n",
    );
}

#[test]
fn text_from_the_bank_is_shown_escaped_never_obeyed_by_the_terminal() {
    let content = format!("{HEAD}  - id: \"\\e[31mred\"\n    text: hi\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:4:9: question `\\u{1b}[31mred`: id is not a slug (lowercase letters, digits and single `-`)\n  hint: use `31mred`\n",
    );
}

#[test]
fn a_repeated_key_is_reported_where_it_repeats() {
    let content = format!("{HEAD}  - id: a\n    text: hi\n    text: again\n");
    assert_check(
        "b.yaml",
        content.as_bytes(),
        "rehearse: error: b.yaml:6:5: question `a`: `text` appears twice in one mapping\n  hint: YAML allows each key once per mapping; remove or rename one of them\n",
    );
}

#[test]
fn every_problem_in_a_bank_is_reported_not_only_the_first() {
    let content = format!(
        "{HEAD}  - id: a\n    text: [x]\n    wieght: 2\n  - id: b\n    text: hi\n    target: soon\n  - just text\n  - id: c\n"
    );
    let s = Scratch::new();
    s.file("b.yaml", content);
    let out = s.cmd().args(["banks", "check", "b.yaml"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("rehearse: error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "rehearse: error: b.yaml:5:11: question `a`: `text` has the wrong type: expected text, found a list",
            "rehearse: error: b.yaml:6:5: question `a`: unknown field `wieght`",
            "rehearse: error: b.yaml:9:13: question `b`: cannot read `soon` as a duration",
            "rehearse: error: b.yaml:10:5: item 3 of `questions` has the wrong type: expected a question, a mapping with `id`, `text` and more, found text `just text`",
            "rehearse: error: b.yaml:11:5: question `c`: missing `text`",
        ],
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------
// Mutation tests: the shipped banks, damaged byte by byte and line by line
// from a fixed seed, never panic; every failure is a problem naming the file;
// and a bank means the same whatever its size. The mutator serves the plan
// and config tests too.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rehearse::bank::{Library, Question};
use rehearse::input::Problem;

/// Values people (and accidents) put after a key.
const VALUES: &[&str] = &[
    "~",
    "''",
    "[]",
    "{}",
    "-1",
    ".nan",
    ".inf",
    "1e300",
    "99999999999999999999",
    "-99999999999999999999",
    "0",
    "true",
    "*a",
    "&a x",
    "!!binary aGk=",
    "!custom x",
    "\"\\u2028\"",
    "[1, [2, {a: b}]]",
    "? [a]\n  : b",
    "|\n    block",
    "2 mins",
    "1h1h",
    "\"unclosed",
];

/// Bytes that mean something to YAML, or to UTF-8.
const BYTES: &[u8] = b":-[]{}#&*!|>'\"\t\r\n \x00\x07\x7f0123456789,?%@`\xc3\xa9\xff\xe2\x80\xa8";

/// One to four random damages to `text`.
pub fn mutate(rng: &mut ChaCha8Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.random_range(1..=4) {
        let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        let n = lines.len();
        let l = rng.random_range(0..n);
        match rng.random_range(0..9) {
            0 if !bytes.is_empty() => {
                let at = rng.random_range(0..bytes.len());
                let len = rng.random_range(1..=8).min(bytes.len() - at);
                bytes.drain(at..at + len);
                continue;
            }
            1 => {
                let at = rng.random_range(0..=bytes.len());
                bytes.insert(at, BYTES[rng.random_range(0..BYTES.len())]);
                continue;
            }
            2 if !bytes.is_empty() => {
                let at = rng.random_range(0..bytes.len());
                bytes[at] = BYTES[rng.random_range(0..BYTES.len())];
                continue;
            }
            3 => {
                let copy = lines[l].clone();
                lines.insert(l, copy);
            }
            4 => {
                lines.remove(l);
            }
            5 => {
                let m = rng.random_range(0..n);
                lines.swap(l, m);
            }
            6 => {
                if rng.random_bool(0.5) {
                    lines[l].splice(0..0, *b"  ");
                } else if lines[l].starts_with(b" ") {
                    lines[l].remove(0);
                }
            }
            _ => {
                // A new value after the line's `key: `.
                if let Some(colon) = lines[l].windows(2).position(|w| w == b": ") {
                    let value = VALUES[rng.random_range(0..VALUES.len())];
                    lines[l].truncate(colon + 2);
                    lines[l].extend_from_slice(value.as_bytes());
                }
            }
        }
        bytes = lines.join(&b'\n');
    }
    bytes
}

/// Every problem names `file` and says what is wrong and how to fix it.
pub fn assert_named(problems: &[Problem], file: &str, text: &str) {
    assert!(!problems.is_empty(), "an error without problems:\n{text}");
    for p in problems {
        assert_eq!(p.file, file, "{p}\n{text}");
        assert!(!p.what.is_empty() && !p.hint.is_empty(), "{p:?}\n{text}");
    }
}

/// Runs `check` on each of `cases` mutations of `originals`, naming the
/// input that panicked.
pub fn each_mutation(
    seed: u64,
    cases: usize,
    originals: &[(&str, &str)],
    mut check: impl FnMut(&str, &str),
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for case in 0..cases {
        let (name, text) = originals[rng.random_range(0..originals.len())];
        let bytes = mutate(&mut rng, text);
        let text = match rehearse::input::text(bytes, name) {
            Ok(text) => text,
            Err(p) => {
                assert_named(&[p], name, "(not UTF-8)");
                continue;
            }
        };
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(name, &text)));
        if let Err(e) = run {
            panic!("case {case} of seed {seed} ({name}) failed on:\n{text}\n{e:?}");
        }
    }
}

/// `count` questions that change nothing: weight 0 and every value their own.
fn padding(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "  - id: zz-padding-{i}\n    text: Padding question {i}?\n    category: padding\n    \
                 weight: 0\n    min: 1s\n    target: 1m\n    max: 2m\n"
            )
        })
        .collect()
}

/// The bank with `pad` inserted at the top of its question list, if it has
/// one at the usual indentation.
fn padded(text: &str, pad: &str) -> Option<String> {
    let at = text.find("\nquestions:\n  - ")? + "\nquestions:\n".len();
    if text[at..].contains("\nquestions:") {
        return None;
    }
    Some(format!("{}{pad}{}", &text[..at], &text[at..]))
}

/// The questions that are not padding.
fn own(library: &Library) -> Vec<&Question> {
    library
        .questions
        .iter()
        .filter(|q| !q.id.starts_with("zz-padding-"))
        .collect()
}

fn check_bank(name: &str, text: &str, pad: &str, compared: &mut usize) {
    let verdict = rehearse::bank::load_texts(&[(name, text)]);
    if let Err(e) = &verdict {
        assert_named(&e.0, name, text);
    }
    let Some(big) = padded(text, pad) else { return };
    let big_verdict = rehearse::bank::load_texts(&[(name, &big)]);
    match (&verdict, &big_verdict) {
        (Ok(small), Ok(big)) => {
            assert_eq!(own(small), own(big), "{text}");
            assert_eq!(small.banks[0].title, big.banks[0].title, "{text}");
        }
        (Err(small), Err(big)) => {
            // The same problems, give or take the padding's lines.
            // Where a first definition is moves with the padding; the rest must not.
            let whats = |ps: &[Problem]| {
                let mut w: Vec<String> = ps
                    .iter()
                    .map(|p| {
                        let what = p.what.split(" first defined at ").next().unwrap_or("");
                        what.replace(|c: char| c.is_ascii_digit(), "")
                    })
                    .collect();
                w.sort();
                w
            };
            assert_eq!(whats(&small.0), whats(&big.0), "{text}");
        }
        _ => panic!(
            "the verdict changed with size: {} alone, {} padded:\n{text}",
            verdict.is_ok(),
            big_verdict.is_ok()
        ),
    }
    *compared += 1;
}

#[test]
fn damaged_banks_never_panic_and_mean_the_same_whatever_their_size() {
    let originals: Vec<(&str, &str)> = rehearse::bank::BUILTIN.to_vec();
    let pad = padding(20);
    let mut compared = 0;
    each_mutation(10, 300, &originals, |name, text| {
        check_bank(name, text, &pad, &mut compared)
    });
    assert!(compared > 100, "only {compared} padded comparisons");
    // A few past the 256 KiB at which banks used to be read in pieces.
    let pad = padding(2_600);
    assert!(pad.len() > 256 * 1024);
    let mut compared = 0;
    each_mutation(11, 6, &originals, |name, text| {
        check_bank(name, text, &pad, &mut compared)
    });
    assert!(compared > 0);
}

#[test]
fn a_follow_up_whose_own_min_is_above_its_target_is_reported_there() {
    let content = format!(
        "{HEAD}  - id: a\n    text: a\n    follow_ups:\n      - text: Why?\n        target: 20s\n        min: 30s\n      - text: How?\n        max: 10s\n"
    );
    let hint = "  hint: durations must satisfy min ≤ target ≤ max\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        &format!(
            "rehearse: error: b.yaml:9:14: question `a`: min (30s) is longer than target (20s)\n{hint}\
             rehearse: error: b.yaml:11:14: question `a`: target (30s) is longer than max (10s)\n{hint}\
             rehearse: 2 problems found\n"
        ),
    );
}

#[test]
fn points_that_are_blank_repeated_or_not_a_list_are_reported_at_their_place() {
    let content = format!(
        "{HEAD}  - id: a\n    text: a\n    points:\n      - what you changed\n      - \"  \"\n      - \"--\"\n      - What You Changed\n  - id: b\n    text: b\n    points: one point\n"
    );
    let hint = "  hint: write a phrase the answer should touch, such as `- what you changed`, or remove the line\n";
    assert_check(
        "b.yaml",
        content.as_bytes(),
        &format!(
            "rehearse: error: b.yaml:8:9: question `a`: point 2 has no words\n{hint}\
             rehearse: error: b.yaml:9:9: question `a`: point 3 has no words\n{hint}\
             rehearse: error: b.yaml:10:9: question `a`: point `What You Changed` appears twice\n  hint: list each point once\n\
             rehearse: error: b.yaml:13:13: question `b`: `points` has the wrong type: expected a list of text, found text `one point`\n  hint: write the phrases the answer should touch, one `- …` per line\n\
             rehearse: 4 problems found\n"
        ),
    );
}

#[test]
fn control_characters_in_bank_text_are_warned_about_with_their_place() {
    let s = Scratch::new();
    s.file(
        "b.yaml",
        "title: T\nquestions:\n  - id: evil\n    category: c\n    target: 30s\n    text: \"Hello \\e[31mRED\\e[0m\"\n    hints: [ok, \"\\e]52;c;aGk=\\a\"]\n",
    );
    let warn = |at: &str, field: &str| {
        format!(
            "rehearse: warning: b.yaml:{at}: question `evil`: `{field}` holds the control character \\u{{1b}}, which is shown, never obeyed by the terminal\n  hint: remove it (in double quotes, `\\e` and `\\x1b` write an escape character)\n"
        )
    };
    s.cmd()
        .args(["banks", "check", "b.yaml"])
        .assert()
        .success()
        .stdout("ok: 1 bank, 1 question (1 enabled), no problems, 2 warnings\n")
        .stderr(format!("{}{}", warn("6:11", "text"), warn("7:17", "hints")));
    // Listed and drawn, the text is shown, never obeyed.
    for args in [
        &["banks", "list", "--bank", "b.yaml"][..],
        &["draw", "--bank", "b.yaml"],
    ] {
        let out = s.cmd().args(args).output().unwrap();
        assert!(out.status.success());
        assert!(
            !out.stdout.contains(&0x1b),
            "{args:?} printed an escape character"
        );
    }
}
