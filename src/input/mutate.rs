//! Mutation tests for the readers of banks, plans and the config file: the
//! shipped files, damaged byte by byte and line by line from a fixed seed,
//! must never panic; every failure must be a problem naming the file; and a
//! document must mean the same whatever its size.

use crate::bank::{self, Library, Question};
use crate::config::Config;
use crate::input::Problem;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

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
fn mutate(rng: &mut ChaCha8Rng, text: &str) -> Vec<u8> {
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
fn assert_named(problems: &[Problem], file: &str, text: &str) {
    assert!(!problems.is_empty(), "an error without problems:\n{text}");
    for p in problems {
        assert_eq!(p.file, file, "{p}\n{text}");
        assert!(!p.what.is_empty() && !p.hint.is_empty(), "{p:?}\n{text}");
    }
}

/// Runs `check` on each of `cases` mutations of `originals`, naming the
/// input that panicked.
fn each_mutation(
    seed: u64,
    cases: usize,
    originals: &[(&str, &str)],
    mut check: impl FnMut(&str, &str),
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for case in 0..cases {
        let (name, text) = originals[rng.random_range(0..originals.len())];
        let bytes = mutate(&mut rng, text);
        let text = match crate::input::text(bytes, name) {
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
    let verdict = bank::load_texts(&[(name, text)]);
    if let Err(e) = &verdict {
        assert_named(&e.0, name, text);
    }
    let Some(big) = padded(text, pad) else { return };
    let big_verdict = bank::load_texts(&[(name, &big)]);
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
    let originals: Vec<(&str, &str)> = bank::BUILTIN.to_vec();
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
        let plan = crate::plan::parse(name, text);
        if let Err(e) = &plan {
            assert_named(&e.0, name, text);
        }
        let longer = crate::plan::parse(name, &format!("{text}{comments}"));
        match (plan, longer) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{text}"),
        }
    });
}

#[test]
fn damaged_configs_never_panic_and_every_value_is_checked() {
    let config = "think: 8s\nwarn: 20s\ncount: 8\nrecordings_dir: ~/interview-practice\ninput_device: pulse\n";
    let comments = "\n# a long trailing comment\n".repeat(2_000);
    each_mutation(30, 400, &[("config.yaml", config)], |name, text| {
        let parsed = Config::parse(name, text);
        match &parsed {
            Err(e) => assert_named(&e.0, name, text),
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
        let longer = Config::parse(name, &format!("{text}{comments}"));
        match (parsed, longer) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{text}"),
        }
    });
}
