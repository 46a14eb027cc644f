//! Loading 1,000 generated sessions (`history::list`) and computing the
//! stats over them. Goal (issue 10): at most 250 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::session::stats::{Scope, compute};
use rehearse::session::{Session, history};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

// The same allocator as the binary, so the figure is what a user sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A recorded answer's analysis: a first word, 30 stretches of speech and 3 pauses.
fn analysis(s: &mut String) {
    s.push_str("  analysis:\n    length: 100.0\n    first_word: 1.25\n    speaking: 80.0\n    speaking_ratio: 0.8\n    pause_threshold: 1.5\n    pauses:\n");
    for p in 0..3 {
        let _ = writeln!(s, "    - start: {}.0\n      length: 2.0", 20 + p * 25);
    }
    s.push_str("    longest_pause:\n      start: 20.0\n      length: 2.0\n    trailing_silence: 1.0\n    speech:\n");
    for p in 0..30 {
        let _ = writeln!(s, "    - start: {}.5\n      length: 2.5", p * 3);
    }
    s.push_str("    levels:\n      peak_db: -3.0\n      floor_db: -60.0\n      speech_db: -20.0\n      speech_seen: true\n      clipped_samples: 0\n");
}

/// `n` drill sessions of six answers each, every other one recorded.
fn generate(root: &Path, n: usize) {
    for i in 0..n {
        let id = format!(
            "2026{:02}{:02}-{:02}0000",
            1 + i / 200,
            1 + (i / 8) % 25,
            i % 8
        );
        let dir = root.join(&id);
        std::fs::create_dir_all(&dir).unwrap();
        let mut s = format!(
            "version: 1\nid: {id}\nkind: drill\nstarted: 2026-{:02}-{:02}T{:02}:00:00Z\nfinished: null\ncompleted: true\n\
             settings:\n  seed: {i}\n  count: 6\n  categories: []\n  tags: []\n  banks: [builtin]\n  think: 5.0\n  warn: 15.0\n  target: null\n  hard_stop: false\n  follow_ups: true\nitems:\n",
            1 + i / 200,
            1 + (i / 8) % 25,
            i % 8
        );
        for k in 0..6 {
            let verdict = [
                "on-target",
                "over",
                "too-short",
                "on-target",
                "skipped",
                "on-target",
            ][(i + k) % 6];
            let _ = write!(
                s,
                "- id: q-{}\n  text: Tell us about situation number {k} and what you did about it.\n  category: {}\n  min: 45.0\n  target: 90.0\n  max: 120.0\n  start: {}.0\n  duration: {}.5\n  paused: 0.0\n  verdict: {verdict}\n  rating: {}\n",
                (i * 7 + k) % 120,
                ["behavioural", "technical", "company"][k % 3],
                k * 150,
                40 + (i + k) % 100,
                1 + (i + k) % 5
            );
            if k % 2 == 0 {
                let _ = write!(
                    s,
                    "  recording:\n    file: {:02}-q.wav\n    length: 100.0\n    rate: 48000\n    dropped: 0\n    xruns: 0\n",
                    k + 1
                );
                analysis(&mut s);
            }
        }
        std::fs::write(dir.join("session.yaml"), s).unwrap();
    }
}

fn load_and_compute(root: &Path) -> usize {
    let entries = history::list(root);
    let sessions: Vec<&Session> = entries
        .iter()
        .filter_map(|e| match e {
            history::Entry::Ok { session, .. } => Some(session.as_ref()),
            history::Entry::Damaged { .. } => None,
        })
        .collect();
    compute(&sessions, &Scope::default()).answers
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 1000);
    let entries = history::list(dir.path());
    assert_eq!(entries.len(), 1000);
    assert!(
        entries
            .iter()
            .all(|e| matches!(e, history::Entry::Ok { .. })),
        "every generated session reads back"
    );
    c.bench_function("load 1,000 sessions and compute stats", |b| {
        b.iter(|| load_and_compute(black_box(dir.path())))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
