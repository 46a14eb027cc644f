//! Loading and validating a generated 10,000-question bank. Goal: under 50 ms.

use criterion::{Criterion, criterion_group, criterion_main};

// The same allocator as the binary, so the figure is what a user sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::hint::black_box;

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

fn bench(c: &mut Criterion) {
    let text = generated_bank(10_000);
    let library = rehearse::bank::load_texts(&[("generated.yaml", &text)]).expect("valid bank");
    assert_eq!(library.questions.len(), 10_000);
    c.bench_function("load and validate 10,000 questions", |b| {
        b.iter(|| {
            rehearse::bank::load_texts(&[("generated.yaml", black_box(&text))]).expect("valid")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
