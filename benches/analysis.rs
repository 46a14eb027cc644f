//! Envelope and analysis of a 60-minute 48 kHz mono 16-bit WAV read from page
//! cache, as a file and as a stream (`rehearse analyze - < FILE`): levels,
//! speech and pauses, and the voice features behind pace and filled pauses
//! (decimation, pitch, syllable nuclei). Goal: under 0.2 × the time of
//! `sox FILE -n stat` on the same file (the file is left in the target
//! directory for that comparison; docs/analysis.md gives the figures).

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::audio::analysis::{Options, analyze};
use rehearse::audio::wavfile::{MonoStream, read_envelope};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const RATE: u32 = 48_000;
const MINUTES: u32 = 60;

/// A small deterministic generator (xorshift32), so the file is the same on
/// every machine.
struct Noise(u32);

impl Noise {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// Uniform in −1..1.
    fn sample(&mut self) -> f32 {
        (self.next() as f32 / u32::MAX as f32) * 2.0 - 1.0
    }

    /// Uniform in `lo..hi` seconds, as samples.
    fn span(&mut self, lo: f32, hi: f32) -> usize {
        ((lo + (hi - lo) * (self.next() as f32 / u32::MAX as f32)) * RATE as f32) as usize
    }
}

/// Speech-like audio: talk spurts of 1–8 s made of 120–300 ms syllables
/// (noise bursts under a sine envelope, with a voiced tone), separated by
/// gaps of 0.1–3 s, over a −60 dBFS noise floor.
fn generate(path: &Path) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let tmp = path.with_extension("partial");
    let mut w = hound::WavWriter::create(&tmp, spec).expect("create bench WAV");
    let mut rng = Noise(0x2545_f491);
    let total = (RATE * 60 * MINUTES) as usize;
    let floor = 0.001;
    let mut written = 0usize;
    let put = |w: &mut hound::WavWriter<_>, x: f32| {
        w.write_sample((x.clamp(-1.0, 1.0) * 32767.0) as i16)
            .expect("write sample");
    };
    while written < total {
        let mut spurt = rng.span(1.0, 8.0);
        while spurt > 0 && written < total {
            let syl = rng.span(0.12, 0.3).min(spurt);
            let pitch = 100.0 + (rng.next() % 150) as f32;
            for i in 0..syl {
                let env = (std::f32::consts::PI * i as f32 / syl as f32).sin();
                let t = (written + i) as f32 / RATE as f32;
                let tone = (2.0 * std::f32::consts::PI * pitch * t).sin();
                put(
                    &mut w,
                    env * (0.25 * rng.sample() + 0.3 * tone) + floor * rng.sample(),
                );
            }
            written += syl;
            spurt -= syl;
        }
        let gap = rng.span(0.1, 3.0).min(total.saturating_sub(written));
        for _ in 0..gap {
            put(&mut w, floor * rng.sample());
        }
        written += gap;
    }
    w.finalize().expect("finish bench WAV");
    std::fs::rename(&tmp, path).expect("rename bench WAV");
}

fn bench_file() -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("analysis-60min-48k.wav");
    let want = 44 + u64::from(RATE) * 60 * u64::from(MINUTES) * 2;
    if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(want) {
        eprintln!("generating {} (once)…", path.display());
        generate(&path);
    }
    path
}

fn bench(c: &mut Criterion) {
    let path = bench_file();
    eprintln!("bench file: {}", path.display());
    // Also brings the file into page cache.
    let read = read_envelope(&path).expect("readable");
    let a = analyze(&read.envelope, &Options::default());
    assert_eq!(a.length, Duration::from_secs(60 * u64::from(MINUTES)));
    assert!(
        a.speaking_ratio > 0.4 && a.speaking_ratio < 0.9,
        "{}",
        a.speaking_ratio
    );
    assert!(!a.pauses.is_empty());
    assert!(a.wpm.is_some() && a.syllables > 0, "pace is measured too");
    c.bench_function("envelope + analysis of 60 min at 48 kHz", |b| {
        b.iter(|| {
            let read = read_envelope(black_box(&path)).expect("readable");
            analyze(&read.envelope, &Options::default())
        })
    });
    c.bench_function("the same read as a stream", |b| {
        b.iter(|| {
            let file = std::fs::File::open(black_box(&path)).expect("open");
            let read = MonoStream::from_stream(&path, file)
                .and_then(MonoStream::envelope)
                .expect("readable");
            analyze(&read.envelope, &Options::default())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(15));
    targets = bench
}
criterion_main!(benches);
