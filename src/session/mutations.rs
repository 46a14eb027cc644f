//! Seeded mutations of real session files: reading never panics, and what
//! reads as a session keeps every promise of the format.

use super::check::{Damage, NAME, parse};
use super::fields::is_plain_file_name;
use super::record::{FORMAT_VERSION, Recording, Session};
use super::{history, secs, stats};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const BASES: [&str; 2] = [
    include_str!("../../tests/fixtures/sessions-v1/20261130-092233/session.yaml"),
    include_str!("../../tests/fixtures/sessions-v1/20261130-092250/session.yaml"),
];

/// Values that once broke a reader, or sit on a boundary.
const VALUES: &[&str] = &[
    ".inf",
    "-.inf",
    ".nan",
    "-5",
    "-0",
    "0",
    "1",
    "5",
    "6",
    "9",
    "255",
    "256",
    "86400",
    "86400.001",
    "1.0e20",
    "1e300",
    "18446744073709551615",
    "-9223372036854775808",
    "null",
    "~",
    "''",
    "[]",
    "{}",
    "[1, 2]",
    "true",
    "../../../../etc/passwd",
    "/etc/passwd",
    "..",
    ".",
    "a/b.wav",
    "'x\\0'",
    "2026-13-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "-009999-01-01T00:00:00Z",
    "drill",
    "present",
    "over",
    "&a 1",
    "*a",
    "!!binary aGk=",
    "\"\\u0000\"",
];

/// Bytes that are YAML structure, or not text.
const BYTES: &[u8] = b"-.:0159 \n\t#[]{}&*!|>'\"\\/e\x00\x7f\xff\xc3";

fn pick<'a, T>(rng: &mut ChaCha8Rng, from: &'a [T]) -> &'a T {
    &from[(rng.next_u64() % from.len() as u64) as usize]
}

fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    (rng.next_u64() % n.max(1) as u64) as usize
}

fn mutate(rng: &mut ChaCha8Rng, base: &str) -> Vec<u8> {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    for _ in 0..1 + below(rng, 3) {
        let i = below(rng, lines.len());
        match below(rng, 6) {
            // A value replaced.
            0 | 1 => {
                if let Some(colon) = lines[i].find(": ") {
                    lines[i] = format!("{}: {}", &lines[i][..colon], pick(rng, VALUES));
                }
            }
            2 => {
                lines.remove(i);
            }
            3 => {
                let line = lines[i].clone();
                lines.insert(below(rng, lines.len()), line);
            }
            4 => {
                let j = below(rng, lines.len());
                lines.swap(i, j);
            }
            _ => {
                let mut bytes = std::mem::take(&mut lines[i]).into_bytes();
                let at = below(rng, bytes.len() + 1);
                bytes.insert(at, *pick(rng, BYTES));
                lines[i] = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        if lines.is_empty() {
            break;
        }
    }
    let mut bytes = (lines.join("\n") + "\n").into_bytes();
    // Now and then a raw byte, which may not be UTF-8.
    if below(rng, 8) == 0 && !bytes.is_empty() {
        let at = below(rng, bytes.len());
        bytes[at] = *pick(rng, BYTES);
    }
    bytes
}

fn read(bytes: Vec<u8>) -> Result<Session, Damage> {
    let text = crate::input::text(bytes, NAME).map_err(Damage::new)?;
    parse(&text)
}

fn length(d: std::time::Duration) {
    assert!(d <= secs::MAX_LENGTH, "length {d:?}");
}

fn analysis(a: &crate::session::analysis::Analysis) {
    let spans = a.pauses.iter().chain(&a.speech).chain(&a.longest_pause);
    let lengths = [a.length, a.speaking, a.pause_threshold]
        .into_iter()
        .chain(a.first_word)
        .chain(a.trailing_silence)
        .chain(spans.flat_map(|s| [s.start, s.length]));
    lengths.for_each(length);
    assert!((0.0..=1.0).contains(&a.speaking_ratio));
    for l in [a.levels.peak_db, a.levels.floor_db]
        .into_iter()
        .chain(a.levels.speech_db)
    {
        assert!(l.is_finite());
    }
}

fn recording(r: &Recording) {
    assert!(is_plain_file_name(&r.file), "{:?}", r.file);
    length(r.length);
}

/// Every promise of a session that reads.
fn invariants(s: &Session) {
    assert!((1..=FORMAT_VERSION).contains(&s.version));
    if let Some(set) = &s.settings {
        [set.think, set.warn]
            .into_iter()
            .chain(set.target)
            .for_each(length);
    }
    for (i, it) in s.items.iter().enumerate() {
        [it.target, it.max, it.start, it.duration, it.paused]
            .into_iter()
            .chain(it.min)
            .for_each(length);
        assert!(it.rating.is_none_or(|r| (1..=5).contains(&r)));
        assert!(it.follow_up_of.is_none_or(|n| (1..=i).contains(&n)));
        it.parts
            .iter()
            .for_each(|p| [p.planned, p.actual].into_iter().for_each(length));
        it.recording.iter().for_each(recording);
        it.analysis.iter().for_each(analysis);
        let takes = it.all_takes();
        assert_eq!(takes.len(), it.take_count());
        assert!(
            takes
                .windows(2)
                .all(|w| 1 <= w[0].take && w[0].take < w[1].take)
        );
        for t in &takes {
            [t.start, t.duration, t.paused].into_iter().for_each(length);
            t.recording.iter().for_each(recording);
        }
    }
    if let Some(t) = &s.talk {
        [t.planned, t.total, t.paused].into_iter().for_each(length);
        for sec in &t.sections {
            [sec.planned, sec.actual]
                .into_iter()
                .chain(sec.start.flatten())
                .for_each(length);
        }
        for v in &t.visits {
            assert!(v.section < t.sections.len());
            length(v.at);
        }
        t.recording.iter().for_each(recording);
        t.analysis.iter().for_each(analysis);
    }
    // What the listing and the figures do with a session.
    let _ = (
        history::answering(s),
        history::speaking(s),
        history::recorded(s),
    );
    let _ = stats::compute(&[s], &stats::Scope::default());
}

#[test]
fn mutated_session_files_read_as_valid_sessions_or_damage_never_a_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    let (mut ok, mut damaged) = (0, 0);
    for n in 0..2000 {
        let bytes = mutate(&mut rng, BASES[n % 2]);
        let shown = String::from_utf8_lossy(&bytes).into_owned();
        let result = std::panic::catch_unwind(|| match read(bytes) {
            Ok(s) => {
                invariants(&s);
                true
            }
            Err(d) => {
                assert!(!d.reason.is_empty());
                false
            }
        });
        match result {
            Ok(true) => ok += 1,
            Ok(false) => damaged += 1,
            Err(_) => panic!("mutation {n} broke the reader or a promise:\n{shown}"),
        }
    }
    // Both outcomes are exercised. A mutation that hangs the reader
    // shows as this test never ending; how fast files are refused is
    // the bench's to say (`cargo bench --bench banks`), not a clock's
    // on a machine that may be busy.
    assert!(ok > 100 && damaged > 100, "{ok} read, {damaged} damaged");
}
