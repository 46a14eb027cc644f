//! `rehearse stats` and `--focus weak`, on hand-built session directories
//! with figures worked out by hand.

use crate::util::Scratch;
use rehearse::bank::focus::{self, Weighed, weigh};
use rehearse::bank::{Filter, draw_weighted, load_texts};
use rehearse::session::Verdict;
use rehearse::session::stats::Attempt;
use std::path::Path;
use std::time::Duration;

/// What a recorded answer's analysis shows: first word, long pauses and,
/// when measured (sessions from before pace was measured have none), words
/// and fillers a minute.
fn analysis(first_word: f64, pauses: usize, pace: Option<(f64, f64)>) -> String {
    let mut p = String::new();
    for i in 0..pauses {
        p.push_str(&format!(
            "\n    - {{start: {}.0, length: 2.0}}",
            10 + i * 10
        ));
    }
    if pauses == 0 {
        p.push_str(" []");
    }
    let pace = pace.map_or(String::new(), |(wpm, fpm)| {
        format!(
            "    syllables: 100\n    pace_time: 60.0\n    syllables_per_second: 1.7\n    wpm: {wpm}\n    fillers: []\n    fillers_per_minute: {fpm}\n"
        )
    });
    format!(
        "  analysis:\n    length: 100.0\n    first_word: {first_word}\n    speaking: 80.0\n    speaking_ratio: 0.8\n    pause_threshold: 1.5\n    pauses:{p}\n    longest_pause: null\n    trailing_silence: 1.0\n    speech: []\n    levels: {{peak_db: -3.0, floor_db: -60.0, speech_db: -20.0, speech_seen: true, clipped_samples: 0}}\n{pace}"
    )
}

/// One answer: `(id, category, target, duration, verdict, rating,
/// (first word, long pauses, (wpm, fillers a minute)))`.
type Answer<'a> = (
    &'a str,
    &'a str,
    f64,
    f64,
    &'a str,
    Option<u8>,
    Option<(f64, usize, Option<(f64, f64)>)>,
);

/// Writes `recordings/<id>/session.yaml`.
fn session(root: &Path, id: &str, started: &str, items: &[Answer]) {
    let dir = root.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let mut y =
        format!("version: 1\nid: {id}\nkind: drill\nstarted: {started}\ncompleted: true\nitems:\n");
    for (qid, cat, target, dur, verdict, rating, an) in items {
        y.push_str(&format!(
            "- id: {qid}\n  text: {qid}?\n  category: {cat}\n  min: {}\n  target: {target}\n  max: {}\n  start: 0.0\n  duration: {dur}\n  paused: 0.0\n  verdict: {verdict}\n  rating: {}\n",
            target / 2.0,
            target * 1.5,
            rating.map_or("null".to_string(), |r| r.to_string())
        ));
        if let Some((fw, p, pace)) = an {
            y.push_str(&analysis(*fw, *p, *pace));
        }
    }
    std::fs::write(dir.join("session.yaml"), y).unwrap();
}

/// Three good sessions and a damaged one.
fn history(s: &Scratch) -> std::path::PathBuf {
    let root = s.recordings();
    session(
        &root,
        "20261101-090000",
        "2026-11-01T09:00:00Z",
        &[
            (
                "conflict",
                "behavioural",
                90.0,
                150.0,
                "over",
                Some(2),
                Some((4.0, 3, None)),
            ),
            (
                "design",
                "technical",
                120.0,
                100.0,
                "on-target",
                Some(4),
                None,
            ),
        ],
    );
    session(
        &root,
        "20261103-090000",
        "2026-11-03T09:00:00Z",
        &[
            (
                "conflict",
                "behavioural",
                90.0,
                80.0,
                "on-target",
                Some(4),
                Some((2.0, 1, Some((180.0, 2.0)))),
            ),
            ("design", "technical", 120.0, 40.0, "too-short", None, None),
            ("failure", "behavioural", 90.0, 0.0, "skipped", None, None),
        ],
    );
    session(
        &root,
        "20261105-090000",
        "2026-11-05T09:00:00Z",
        &[
            (
                "conflict",
                "behavioural",
                90.0,
                95.0,
                "on-target",
                Some(3),
                None,
            ),
            (
                "failure",
                "behavioural",
                90.0,
                60.0,
                "on-target",
                Some(5),
                Some((1.0, 0, Some((130.0, 0.0)))),
            ),
        ],
    );
    std::fs::create_dir_all(root.join("20261106-090000")).unwrap();
    std::fs::write(
        root.join("20261106-090000/session.yaml"),
        "version: 1\nid: [broken\n",
    )
    .unwrap();
    root
}

const WARNING: &str = "rehearse: warning: skipping damaged session 20261106-090000: session.yaml:3:1: not a valid session file: YAML syntax error: while parsing a flow sequence, expected ',' or ']'\n";

#[test]
fn stats_text_shows_figures_per_category_and_question_with_a_trend() {
    let s = Scratch::new();
    history(&s);
    s.cmd()
        .args(["stats"])
        .assert()
        .success()
        .stderr(WARNING)
        .stdout(
            "6 answers in 3 sessions (first answers only: follow-ups and skipped questions are not counted)\n\
             On target per session, oldest first: ▅▅█ 50% → 100%\n\
             \n\
             CATEGORY     N  MEDIAN  LAST  TARGET  OVER  SHORT  RATING  1ST WORD  PAUSES   WPM  UM/MIN  TIC/MIN  RESULT   PRACTISED\n\
             behavioural  4    1:28  1:00    1:30   25%     0%     3.5      2.3s     1.3  ~155    ~1.0        –       –  2026-11-05\n\
             technical    2    1:10  0:40    2:00    0%    50%     4.0         –       –     –       –        –       –  2026-11-03\n\
             \n\
             QUESTION  N  MEDIAN  LAST  TARGET  OVER  SHORT  RATING  1ST WORD  PAUSES   WPM  UM/MIN  TIC/MIN  RESULT   PRACTISED  ASKED\n\
             conflict  3    1:35  1:35    1:30   33%     0%     3.0      3.0s     2.0  ~180    ~2.0        –       –  2026-11-05  conflict?\n\
             design    2    1:10  0:40    2:00    0%    50%     4.0         –       –     –       –        –       –  2026-11-03  design?\n\
             failure   1    1:00  1:00    1:30    0%     0%     5.0      1.0s     0.0  ~130    ~0.0        –       –  2026-11-05  failure?\n\
             \n\
             ~ some or all of these answers had no transcript: their pace is estimated from syllables, their fillers are those heard in the sound.\n",
        );
}

#[test]
fn stats_csv_has_a_row_per_category_question_and_session() {
    let s = Scratch::new();
    history(&s);
    s.cmd()
        .args(["stats", "--format", "csv"])
        .assert()
        .success()
        .stderr(WARNING)
        .stdout(
            "level,name,category,attempts,median_secs,last_secs,target_secs,over_share,short_share,on_target_share,mean_rating,mean_first_word_secs,mean_long_pauses,last_practised,median_wpm,median_fillers_per_minute,wpm_from,fillers_from,median_tics_per_minute,star_answers,result_stated_share\n\
             category,behavioural,,4,87.5,60,90,0.25,0,0.75,3.5,2.333,1.333,2026-11-05T09:00:00Z,155,1,estimate,estimate,,0,\n\
             category,technical,,2,70,40,120,0,0.5,0.5,4,,,2026-11-03T09:00:00Z,,,,,,0,\n\
             question,conflict,behavioural,3,95,95,90,0.333,0,0.667,3,3,2,2026-11-05T09:00:00Z,180,2,estimate,estimate,,0,\n\
             question,design,technical,2,70,40,120,0,0.5,0.5,4,,,2026-11-03T09:00:00Z,,,,,,0,\n\
             question,failure,behavioural,1,60,60,90,0,0,1,5,1,0,2026-11-05T09:00:00Z,130,0,estimate,estimate,,0,\n\
             session,20261101-090000,,2,125,100,105,0.5,0,0.5,3,4,3,2026-11-01T09:00:00Z,,,,,,0,\n\
             session,20261103-090000,,2,60,40,105,0,0.5,0.5,4,2,1,2026-11-03T09:00:00Z,180,2,estimate,estimate,,0,\n\
             session,20261105-090000,,2,77.5,60,90,0,0,1,4,1,0,2026-11-05T09:00:00Z,130,0,estimate,estimate,,0,\n",
        );
}

#[test]
fn stats_json_filtered_by_category() {
    let s = Scratch::new();
    history(&s);
    let out = s
        .cmd()
        .args(["stats", "--format", "json", "--category", "technical"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sessions"], 2);
    assert_eq!(v["answers"], 2);
    assert_eq!(v["categories"].as_array().unwrap().len(), 1);
    let q = &v["questions"][0];
    assert_eq!(q["name"], "design");
    assert_eq!(q["category"], "technical");
    assert_eq!(q["attempts"], 2);
    assert_eq!(q["median_secs"], 70.0);
    assert_eq!(q["last_secs"], 40.0);
    assert_eq!(q["target_secs"], 120.0);
    assert_eq!(q["over_share"], 0.0);
    assert_eq!(q["short_share"], 0.5);
    assert_eq!(q["mean_rating"], 4.0);
    assert_eq!(q["mean_first_word_secs"], serde_json::Value::Null);
    assert_eq!(q["median_wpm"], serde_json::Value::Null);
    assert_eq!(q["median_fillers_per_minute"], serde_json::Value::Null);
    assert_eq!(q["last_practised"], "2026-11-03T09:00:00Z");
    assert_eq!(v["trend"][1]["name"], "20261103-090000");
    // design's answers were never analysed; the session's conflict answer
    // was filtered out by the category.
    assert_eq!(v["trend"][1]["median_wpm"], serde_json::Value::Null);
    assert_eq!(v["trend"][1]["on_target_share"], 0.0);
}

#[test]
fn stats_json_gives_median_pace_and_fillers_where_measured() {
    let s = Scratch::new();
    history(&s);
    let out = s
        .cmd()
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // behavioural: conflict at 180 wpm and 2 fillers a minute, failure at
    // 130 and none; the other two answers predate pace (or were not recorded).
    let b = &v["categories"][0];
    assert_eq!(b["name"], "behavioural");
    assert_eq!(b["median_wpm"], 155.0);
    assert_eq!(b["median_fillers_per_minute"], 1.0);
    let conflict = &v["questions"][0];
    assert_eq!(conflict["median_wpm"], 180.0);
    assert_eq!(conflict["median_fillers_per_minute"], 2.0);
}

#[test]
fn stats_since_leaves_out_older_sessions() {
    let s = Scratch::new();
    let root = history(&s);
    // A session from one hour ago; the hand-built ones are long past.
    let recent = rehearse::session::Timestamp::from_unix(rehearse::session::now().unix() - 3600);
    session(
        &root,
        "recent",
        &recent.rfc3339(),
        &[(
            "design",
            "technical",
            120.0,
            130.0,
            "on-target",
            Some(5),
            None,
        )],
    );
    let out = s
        .cmd()
        .args(["stats", "--since", "1d", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["answers"], 1);
    assert_eq!(v["questions"][0]["name"], "design");
}

#[test]
fn stats_without_sessions_says_how_to_start() {
    Scratch::new()
        .cmd()
        .args(["stats", "--recordings-dir", "none"])
        .assert()
        .success()
        .stdout("No answers to show from none. Practise with `rehearse drill`.\n");
}

#[test]
fn draw_explain_shows_effective_weights_and_reasons() {
    let s = Scratch::new();
    history(&s);
    let bank = s.file(
        "b.yaml",
        "title: B\ndefaults: {target: 1m30s}\nquestions:\n\
         - {id: conflict, text: c, category: behavioural}\n\
         - {id: failure, text: f, category: behavioural}\n\
         - {id: fresh, text: n, category: behavioural, weight: 2}\n",
    );
    let out = s
        .cmd()
        .args(["draw", "--focus", "weak", "--explain", "--bank"])
        .arg(&bank)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "3 questions, weighed by --focus weak (bank weight × multiplier)"
    );
    assert!(
        text.contains("fresh       2.00 →   6.00") && text.contains("never practised ×3.00"),
        "{text}"
    );
    // The question's text stands next to its id, clipped to a column.
    let fresh = text.lines().find(|l| l.starts_with("fresh")).unwrap();
    assert!(
        fresh.contains(&format!("%  n{}never practised", " ".repeat(37))),
        "{fresh:?}"
    );
    assert!(
        text.contains("conflict    1.00 →") && text.contains("over or too short in 1 of 3 ×1.33"),
        "{text}"
    );
    // conflict's one measured answer ran at 180 wpm, over the 120–160 band:
    // the sound's estimate (it has no transcript).
    assert!(
        text.contains("too fast, 180 wpm (estimated) ×1.50"),
        "{text}"
    );

    // A wider band from the config: 180 is no longer too fast.
    let config = s.file("config.yaml", "pace_max_wpm: 190\n");
    let out = s
        .cmd()
        .env("REHEARSE_CONFIG", &config)
        .args(["draw", "--focus", "weak", "--explain", "--bank"])
        .arg(&bank)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("too fast"), "{text}");
}

/// Chi-square critical value for 3 degrees of freedom at p = 0.001.
const CHI2_DF3_P001: f64 = 16.266;

#[test]
fn focus_draws_follow_the_effective_weights() {
    let bank = "title: W\ndefaults: {category: c, target: 1m}\nquestions:\n\
        - {id: a, text: a}\n- {id: b, text: b}\n- {id: c, text: c, weight: 2}\n- {id: d, text: d}\n";
    let library = load_texts(&[("w.yaml", bank)]).expect("valid bank");
    const DAY: i64 = 86_400;
    let now = 1_800_000_000;
    let at = |id: &str, days: i64, verdict: Verdict, rating: Option<u8>| Attempt {
        session: 0,
        at: now - days * DAY,
        id: id.into(),
        category: "c".into(),
        text: format!("Question {id}?"),
        duration: 60.0,
        target: 60.0,
        verdict,
        rating,
        first_word: None,
        long_pauses: None,
        wpm: None,
        wpm_basis: None,
        fillers_per_minute: None,
        fillers_basis: None,
        tics_per_minute: None,
        result_stated: None,
        note: None,
    };
    let history = [
        at("a", 1, Verdict::OnTarget, Some(5)),
        at("b", 1, Verdict::Over, Some(1)),
        at("c", 28, Verdict::OnTarget, Some(3)),
    ];
    let history: Vec<focus::Answer> = history.iter().map(Into::into).collect();
    let weighed: Vec<Weighed> = weigh(&library, &history, now, &Default::default());
    let weights: Vec<f64> = weighed.iter().map(|w| w.weight).collect();
    // a as is; b: rated 1 ×2, over ×2; c: weight 2, 28 days ×2; d: never ×3.
    assert_eq!(weights, [1.0, 4.0, 4.0, 3.0]);
    let total: f64 = weights.iter().sum();
    let draws = 100_000u64;
    let mut counts = [0u64; 4];
    for seed in 0..draws {
        let picked = draw_weighted(&library, &Filter::default(), 1, seed, &weights).expect("draw");
        counts[(picked[0].id.as_bytes()[0] - b'a') as usize] += 1;
    }
    let chi2: f64 = counts
        .iter()
        .zip(&weights)
        .map(|(&o, w)| {
            let e = draws as f64 * w / total;
            (o as f64 - e).powi(2) / e
        })
        .sum();
    assert!(
        chi2 < CHI2_DF3_P001,
        "chi-square {chi2:.2} for counts {counts:?}"
    );
}

#[test]
fn without_focus_the_weighted_draw_matches_the_plain_one() {
    let bank = "title: W\ndefaults: {category: c, target: 1m}\nquestions:\n\
        - {id: a, text: a, weight: 0.5}\n- {id: b, text: b}\n- {id: c, text: c, weight: 3}\n";
    let library = load_texts(&[("w.yaml", bank)]).expect("valid bank");
    let weights: Vec<f64> = library.questions.iter().map(|q| q.weight).collect();
    for seed in 0..200 {
        let plain = rehearse::bank::draw(&library, &Filter::default(), 2, seed).unwrap();
        let weighted = draw_weighted(&library, &Filter::default(), 2, seed, &weights).unwrap();
        assert_eq!(plain, weighted, "seed {seed}");
    }
}

/// What `rehearse ARGS` prints to a terminal `cols` wide, line by line as
/// written (before the terminal wraps anything).
pub fn printed_to_terminal(s: &Scratch, args: &[&str], cols: u16) -> Vec<String> {
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let mut pty = crate::pty::Pty::spawn(&bin, args, s.path(), &[("NO_COLOR", "1")], cols, 40);
    assert_eq!(
        pty.wait_exit(Duration::from_secs(20)),
        0,
        "{}",
        pty.screen()
    );
    String::from_utf8_lossy(&pty.raw())
        .split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

#[test]
fn stats_fit_the_terminal_and_keep_whole_rows_in_a_pipe() {
    let s = Scratch::new();
    let root = history(&s);
    let long = "how-did-you-handle-a-stakeholder-who-kept-changing-the-scope";
    let answer: Answer = (long, "behavioural", 90.0, 80.0, "on-target", Some(4), None);
    session(&root, "20261107-090000", "2026-11-07T09:00:00Z", &[answer]);
    for cols in [120, 80] {
        let lines = printed_to_terminal(&s, &["stats"], cols);
        // The warning about the damaged session is standard error's, not the table's.
        let over: Vec<&String> = lines
            .iter()
            .filter(|l| !l.starts_with("rehearse: warning:"))
            .filter(|l| l.chars().count() > usize::from(cols))
            .collect();
        assert!(over.is_empty(), "{cols} columns: {over:#?}");
        let row = lines.iter().find(|l| l.starts_with("how-did")).unwrap();
        assert!(row.contains('…') && !row.contains(long), "{row}");
    }
    // Piped, the rows stay whole (the question as asked up to 40 columns).
    let out = s.cmd().arg("stats").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("{long}  ")), "{text}");
}

#[test]
fn stats_on_a_terminal_draw_charts_per_category_and_a_pipe_gets_the_figures() {
    let s = Scratch::new();
    history(&s);
    let lines = printed_to_terminal(&s, &["stats"], 100);
    let shown = lines.join("\n");
    // The three sessions' shares on target were 50 %, 50 % and 100 %.
    for heading in [
        "All categories · 3 sessions",
        "behavioural · 3 sessions",
        "technical · 2 sessions",
        "On target (latest 100%)",
        "Words a minute (latest",
    ] {
        assert!(shown.contains(heading), "{heading}\n{shown}");
    }
    assert!(!shown.contains("On target per session"), "{shown}");
    let plain = printed_to_terminal(&s, &["stats", "--no-chart"], 100).join("\n");
    assert!(
        plain.contains("On target per session, oldest first: "),
        "{plain}"
    );
    assert!(!plain.contains("All categories"), "{plain}");
}

#[test]
fn table_headings_are_bold_on_a_terminal_unless_no_color_or_term_dumb() {
    let s = Scratch::new();
    history(&s);
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let raw = |env: &[(&str, &str)]| {
        let mut pty = crate::pty::Pty::spawn(&bin, &["stats"], s.path(), env, 200, 40);
        assert_eq!(
            pty.wait_exit(Duration::from_secs(20)),
            0,
            "{}",
            pty.screen()
        );
        String::from_utf8_lossy(&pty.raw()).into_owned()
    };
    let bold = "\x1b[1mCATEGORY";
    let coloured = raw(&[("NO_COLOR", "")]);
    assert!(coloured.contains(bold), "{coloured:?}");
    for env in [("NO_COLOR", "1"), ("TERM", "dumb")] {
        let plain = raw(&[env]);
        assert!(!plain.contains('\x1b'), "{env:?}: {plain:?}");
    }
    // Piped: no escape codes either.
    let piped = s.cmd().arg("stats").output().unwrap();
    assert!(!piped.stdout.contains(&0x1b));
}

/// One answer of a version-2 session: `(id, category, the sound's speaking
/// time, its estimated words a minute, its fillers a minute, the words)`.
type Heard<'a> = (&'a str, &'a str, f64, f64, f64, Option<&'a str>);

/// Writes `recordings/<id>/session.yaml` in format version 2, each answer
/// on target (60 s of 90), with an analysis that measured a rate and, where
/// given, a transcript of its words: one a space, 0.3 s long, one every
/// 0.4 s from 0 s.
fn transcribed(root: &Path, id: &str, started: &str, items: &[Heard]) {
    let dir = root.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let mut y =
        format!("version: 2\nid: {id}\nkind: drill\nstarted: {started}\ncompleted: true\nitems:\n");
    for (qid, cat, pace_time, wpm, fpm, words) in items {
        y.push_str(&format!(
            "- id: {qid}\n  text: {qid}?\n  category: {cat}\n  target: 60\n  max: 90\n  start: 0\n  duration: 60\n  paused: 0\n  verdict: on-target\n  rating: 4\n"
        ));
        y.push_str(&format!(
            "  analysis: {{length: 61, first_word: 0.0, speaking: 50, speaking_ratio: 0.8, pause_threshold: 1.5, pauses: [], speech: [{{start: 0.0, length: 6.0}}], \
             levels: {{peak_db: -3.0, floor_db: -60.0, speech_db: -20.0, speech_seen: true, clipped_samples: 0}}, \
             syllables: 100, pace_time: {pace_time}, syllables_per_second: 4.0, wpm: {wpm}, fillers: [], fillers_per_minute: {fpm}}}\n"
        ));
        if let Some(text) = words {
            y.push_str(&format!(
                "  transcript:\n    text: {}\n    words:\n",
                serde_json::to_string(text).unwrap()
            ));
            for (i, w) in text.split_whitespace().enumerate() {
                y.push_str(&format!(
                    "    - {{text: {}, start: {:.1}, end: {:.1}}}\n",
                    serde_json::to_string(w).unwrap(),
                    0.4 * i as f64,
                    0.4 * i as f64 + 0.3
                ));
            }
        }
    }
    std::fs::write(dir.join("session.yaml"), y).unwrap();
}

/// 15 words from 0 s to 5.9 s; "So" opening it and ", you know," are 2
/// tics (20.3 a minute); "saved" and "two" in its last 40 % state a result.
const FIXED: &str = "So I fixed the build. We shipped it, you know, and we saved two weeks.";
/// 9 words, 0 s to 3.5 s; no tic, and no result in words the rules know.
const TALKED: &str = "We talked it through and I invited the owner.";
/// 9 words, 0 s to 3.5 s; ", like," is a tic (17.1 a minute).
const MAYBE: &str = "Maybe we could, like, grow the team next year.";

/// Three sessions: `conflict` answered from words twice and once without a
/// transcript, `why` once from words.
fn words_history(s: &Scratch) -> std::path::PathBuf {
    let root = s.recordings();
    transcribed(
        &root,
        "20261201-090000",
        "2026-12-01T09:00:00Z",
        &[
            // 15 words over 5 s of speaking: 180 a minute (the sound guessed 200).
            ("conflict", "behavioural", 5.0, 200.0, 1.0, Some(FIXED)),
            // 9 words over 3 s: 180.
            ("why", "motivation", 3.0, 150.0, 0.0, Some(MAYBE)),
        ],
    );
    transcribed(
        &root,
        "20261202-090000",
        "2026-12-02T09:00:00Z",
        // 9 words over 3.6 s: 150.
        &[("conflict", "behavioural", 3.6, 170.0, 4.0, Some(TALKED))],
    );
    transcribed(
        &root,
        "20261203-090000",
        "2026-12-03T09:00:00Z",
        &[("conflict", "behavioural", 30.0, 130.0, 2.0, None)],
    );
    root
}

#[test]
fn stats_count_pace_fillers_tics_and_results_from_words_where_transcribed() {
    let s = Scratch::new();
    words_history(&s);
    // conflict: 180 and 150 from words, 130 estimated: median 150, partly
    // estimated. Fillers 0.0, 0.0 from words and 2.0 heard: median 0.0.
    // Tics 20.3 and 0.0 a minute: 10.15. A result stated in 1 of 2 stories.
    // why: 180 from words, no fillers, 17.1 tics a minute, not a story.
    s.cmd().args(["stats"]).assert().success().stdout(
        "4 answers in 3 sessions (first answers only: follow-ups and skipped questions are not counted)\n\
         On target per session, oldest first: ███ 100% → 100%\n\
         \n\
         CATEGORY     N  MEDIAN  LAST  TARGET  OVER  SHORT  RATING  1ST WORD  PAUSES   WPM  UM/MIN  TIC/MIN  RESULT   PRACTISED\n\
         behavioural  3    1:00  1:00    1:00    0%     0%     4.0      0.0s     0.0  ~150    ~0.0     10.2     50%  2026-12-03\n\
         motivation   1    1:00  1:00    1:00    0%     0%     4.0      0.0s     0.0   180     0.0     17.1       –  2026-12-01\n\
         \n\
         QUESTION  N  MEDIAN  LAST  TARGET  OVER  SHORT  RATING  1ST WORD  PAUSES   WPM  UM/MIN  TIC/MIN  RESULT   PRACTISED  ASKED\n\
         conflict  3    1:00  1:00    1:00    0%     0%     4.0      0.0s     0.0  ~150    ~0.0     10.2     50%  2026-12-03  conflict?\n\
         why       1    1:00  1:00    1:00    0%     0%     4.0      0.0s     0.0   180     0.0     17.1       –  2026-12-01  why?\n\
         \n\
         ~ some or all of these answers had no transcript: their pace is estimated from syllables, their fillers are those heard in the sound.\n\
         RESULT: share of transcribed STAR answers whose words state a result (a number, a percentage, an outcome phrase); one stated in other words is missed.\n",
    );
    let out = s
        .cmd()
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let conflict = &v["questions"][0];
    assert_eq!(conflict["median_wpm"], 150.0);
    assert_eq!(conflict["wpm_from"], "mixed");
    assert_eq!(conflict["median_fillers_per_minute"], 0.0);
    assert_eq!(conflict["fillers_from"], "mixed");
    assert_eq!(conflict["median_tics_per_minute"], 10.15);
    assert_eq!(conflict["star_answers"], 2);
    assert_eq!(conflict["result_stated_share"], 0.5);
    let why = &v["questions"][1];
    assert_eq!(
        (&why["median_wpm"], &why["wpm_from"]),
        (&180.0.into(), &"words".into())
    );
    assert_eq!(why["star_answers"], 0);
    assert_eq!(why["result_stated_share"], serde_json::Value::Null);
    // Each session's own: the first is wholly from words.
    assert_eq!(v["trend"][0]["wpm_from"], "words");
    assert_eq!(v["trend"][2]["wpm_from"], "estimate");
    let out = s.cmd().args(["stats", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains(
            "\nquestion,conflict,behavioural,3,60,60,60,0,0,1,4,0,0,2026-12-03T09:00:00Z,150,0,mixed,mixed,10.15,2,0.5\n"
        ),
        "{csv}"
    );
}

#[test]
fn a_version_1_session_counts_in_stats_as_it_did() {
    let s = Scratch::new();
    let root = s.recordings();
    for id in ["20261130-092233", "20261130-092250"] {
        let from = crate::util::fixture("sessions-v1")
            .join(id)
            .join("session.yaml");
        std::fs::create_dir_all(root.join(id)).unwrap();
        std::fs::copy(from, root.join(id).join("session.yaml")).unwrap();
    }
    // The drill's one answer: 3.005 s of a 75 s target, too short, rated 3,
    // first word after 1.71 s, no long pause, no rate measured (the release
    // before measured none): no marks, no notes, the new columns empty.
    let out = s.cmd().args(["stats", "--format", "csv"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "level,name,category,attempts,median_secs,last_secs,target_secs,over_share,short_share,on_target_share,mean_rating,mean_first_word_secs,mean_long_pauses,last_practised,median_wpm,median_fillers_per_minute,wpm_from,fillers_from,median_tics_per_minute,star_answers,result_stated_share\n\
         category,company,,1,3.005,3.005,75,0,1,0,3,1.71,0,2026-11-30T09:22:33Z,,,,,,0,\n\
         question,co-strategy,company,1,3.005,3.005,75,0,1,0,3,1.71,0,2026-11-30T09:22:33Z,,,,,,0,\n\
         session,20261130-092233,,1,3.005,3.005,75,0,1,0,3,1.71,0,2026-11-30T09:22:33Z,,,,,,0,\n"
    );
    let text = s.cmd().arg("stats").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("co-strategy  1    0:03  0:03    1:15    0%   100%     3.0      1.7s     0.0    –       –        –       –  2026-11-30"),
        "{text}"
    );
    assert!(!text.contains('~') && !text.contains("RESULT:"), "{text}");
}

#[test]
fn focus_weak_weighs_pace_from_words_and_stories_with_no_result_stated() {
    let s = Scratch::new();
    words_history(&s);
    let bank = s.file(
        "b.yaml",
        "title: B\ndefaults: {target: 1m}\nquestions:\n\
         - {id: conflict, text: c, category: behavioural}\n\
         - {id: why, text: w, category: motivation}\n",
    );
    let out = s
        .cmd()
        .args(["draw", "--focus", "weak", "--explain", "--bank"])
        .arg(&bank)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let line = |id: &str| {
        text.lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .to_string()
    };
    // conflict: 180 and 150 from words and 130 estimated, mean 153.3: in the
    // band; its two transcribed stories, one with no result stated: ×1.5.
    let conflict = line("conflict");
    assert!(
        conflict.contains("no result stated in words recognised in 1 of 2 ×1.50"),
        "{text}"
    );
    assert!(!conflict.contains("wpm"), "{text}");
    // why: 180 from words (its sound guessed 150, in the band) is too fast.
    let why = line("why");
    assert!(
        why.contains("too fast, 180 wpm (from words) ×1.50"),
        "{text}"
    );
    assert!(!why.contains("no result"), "not a STAR story: {text}");
}

#[test]
fn a_reader_that_left_before_the_output_ends_each_command_quietly() {
    let s = Scratch::new();
    history(&s);
    for args in [
        &["stats"][..],
        &["stats", "--format", "csv"],
        &["stats", "--format", "json"],
        &["sessions"],
        &["draw", "-n", "6"],
        &["banks", "list"],
        &["--help"],
        &["drill", "--help"],
    ] {
        // `rehearse stats | head -1` with `head` long gone: every write
        // meets a closed pipe.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = s.process().args(args).stdout(writer).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert!(
            !err.contains("panicked") && !err.contains("pipe"),
            "{args:?}: {err}"
        );
    }
}
