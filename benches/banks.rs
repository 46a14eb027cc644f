//! Bank speed goals (issue 10): a 1,000-question bank loaded and validated
//! in ≤ 30 ms, 10,000 questions in ≤ 150 ms, and `rehearse draw` on the
//! shipped banks ≤ 5 ms for the whole process. And (issue 20) files that
//! nest too deep or hold too much are refused in milliseconds at any size
//! up to the cap; before, 80 KB of `[[[…]]]` took seconds and 200 KB a minute.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::process::{Command, Stdio};

// The same allocator as the binary, so the figure is what a user sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A bank shaped like the shipped ones: defaults, tags and weights on every
/// question, own targets, and hints and a follow-up on every third.
fn generated_bank(n: usize) -> String {
    let mut s = String::from(
        "title: Generated\ndefaults:\n  category: behavioural\n  min: 1m\n  target: 2m\n  max: 3m\nquestions:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  - id: q-{i}\n    text: Tell us about situation number {i} and what you did about it.\n\
             \x20   tags: [conflict, teamwork]\n    weight: {w}\n    target: {t}s\n",
            w = 1 + i % 3,
            t = 90 + i % 60,
        ));
        if i % 3 == 0 {
            s.push_str(
                "    hints:\n      - \"Situation: where and when\"\n      - \"Result: what changed\"\n\
                 \x20   follow_ups:\n      - text: What would you do differently?\n        target: 45s\n",
            );
        }
    }
    s
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load and validate");
    for n in [1_000, 10_000] {
        let text = generated_bank(n);
        let library = rehearse::bank::load_texts(&[("generated.yaml", &text)]).expect("valid");
        assert_eq!(library.questions.len(), n);
        group.bench_with_input(BenchmarkId::new("questions", n), &text, |b, text| {
            b.iter(|| rehearse::bank::load_texts(&[("generated.yaml", black_box(text))]))
        });
    }
    group.finish();
}

/// The whole process, as a user runs it: start, load the built-in banks,
/// draw six questions, print the sheet, exit.
fn draw_process(c: &mut Criterion) {
    let home = tempfile::tempdir().expect("temp dir");
    let run = || {
        let status = Command::new(env!("CARGO_BIN_EXE_rehearse"))
            .args(["draw", "--seed", "7", "-n", "6"])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env_remove("REHEARSE_CONFIG")
            .env_remove("REHEARSE_RECORDINGS")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run rehearse");
        assert!(status.success());
    };
    run();
    c.bench_function("draw on the shipped banks (whole process)", |b| b.iter(run));
}

/// Refusing what is not loaded: nesting past 64 levels (flow `[[[…]]]` and
/// block `- - - …`) at 80 KB, 200 KB and the bank's 4 MiB cap, and a file of
/// more parser events than are loaded, in a bank, a config and a plan.
fn refuse(c: &mut Criterion) {
    let mut group = c.benchmark_group("refuse");
    let flow = |bytes: usize| format!("{}{}", "[".repeat(bytes / 2), "]".repeat(bytes / 2));
    let block = |bytes: usize| format!("\n{}x", "- ".repeat(bytes / 2));
    for (name, bytes) in [("80KB", 80_000), ("200KB", 200_000), ("4MiB", 4 << 20)] {
        let bank = format!(
            "title: T\nquestions:\n  - id: a\n    text: {}\n",
            flow(bytes)
        );
        group.bench_with_input(BenchmarkId::new("bank nested [", name), &bank, |b, t| {
            b.iter(|| rehearse::bank::load_texts(&[("b.yaml", black_box(t))]).unwrap_err())
        });
        let bank = format!("title: T\nquestions:{}\n", block(bytes));
        group.bench_with_input(BenchmarkId::new("bank nested -", name), &bank, |b, t| {
            b.iter(|| rehearse::bank::load_texts(&[("b.yaml", black_box(t))]).unwrap_err())
        });
    }
    let config = format!("think: {}\n", flow(200_000));
    group.bench_function("config nested [ 200KB", |b| {
        b.iter(|| rehearse::config::Config::parse("c.yaml", black_box(&config)).unwrap_err())
    });
    let plan = format!(
        "title: T\nsections:\n  - name: A\n    budget: {}\n",
        flow(200_000)
    );
    group.bench_function("plan nested [ 200KB", |b| {
        b.iter(|| rehearse::plan::parse("p.yaml", black_box(&plan)).unwrap_err())
    });
    // 250,001 empty questions, two events each: 750 KB.
    let many = format!("title: T\nquestions: [{}]\n", ["{}"; 250_001].join(","));
    group.bench_function("bank of too many events", |b| {
        b.iter(|| rehearse::bank::load_texts(&[("b.yaml", black_box(&many))]).unwrap_err())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = load, draw_process, refuse
}
criterion_main!(benches);
