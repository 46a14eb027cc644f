//! How soon a transcript is ready after an answer ends, and what it costs.
//!
//! A two-minute answer (the synthetic answers of tests/fixtures/transcript/
//! one after another, with pauses between) is fed to the background
//! transcriber in 20 ms blocks at the pace it would be recorded; the clock
//! starts when the last block has been pushed (the candidate presses Space)
//! and stops when the transcript is ready. Goal: at most 3 s on a 2-core
//! machine. Also: CPU seconds per audio minute, peak memory, and the
//! whole-file path on every core.
//!
//! Run `cargo bench --bench transcript` with a model as the tests find it
//! (`REHEARSE_TEST_MODEL` or `target/test-model/*.bin`). `-- --load N` adds
//! N busy threads at normal priority while the answer is fed (a build, a
//! browser); `-- --fast` feeds the answer without waiting (no latency
//! figure, just the cost).

use rehearse::transcript::engine::{self, Decoder, Model, Settings};
use rehearse::transcript::live::{LiveSettings, Transcriber};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const RATE: u32 = 16_000;
/// Silence between two answers' clips: a long pause, so a stretch ends there.
const BETWEEN: f64 = 1.6;

fn model_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REHEARSE_TEST_MODEL") {
        return Some(PathBuf::from(p));
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-model");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    found.sort();
    found.into_iter().next()
}

/// About two minutes of answer: the synthetic fixtures, joined.
fn answer() -> Vec<f32> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcript");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wav"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for p in names {
        let mut r = hound::WavReader::open(&p).expect("clip");
        if r.spec().sample_rate != RATE {
            continue;
        }
        out.extend(r.samples::<i16>().map(|s| f32::from(s.unwrap()) / 32768.0));
        out.extend(std::iter::repeat_n(
            0.0,
            (BETWEEN * f64::from(RATE)) as usize,
        ));
    }
    out
}

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(usage.ru_utime) + t(usage.ru_stime)
}

fn peak_rss_mib() -> f64 {
    // SAFETY: as above.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let load: usize = args
        .iter()
        .position(|a| a == "--load")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let fast = args.iter().any(|a| a == "--fast");
    let Some(path) = model_path() else {
        eprintln!("transcript bench skipped: no model (REHEARSE_TEST_MODEL or target/test-model/)");
        return;
    };
    let samples = answer();
    let minutes = samples.len() as f64 / f64::from(RATE) / 60.0;
    let model = Arc::new(Model::load(&path).expect("model"));
    println!(
        "model {}, answer {:.1} s, {} busy thread(s) beside it",
        path.display(),
        minutes * 60.0,
        load
    );

    // Live: fed in real time (or as fast as possible with --fast).
    let stop = Arc::new(AtomicBool::new(false));
    let busy: Vec<_> = (0..load)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut x = 1u64;
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..100_000 {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    }
                    std::hint::black_box(x);
                }
            })
        })
        .collect();
    let cpu0 = cpu_seconds();
    let t = Transcriber::start(model.clone(), LiveSettings::default()).expect("start");
    t.begin(RATE);
    let block = RATE as usize / 50;
    let started = Instant::now();
    let mut longest_push = Duration::ZERO;
    for (i, chunk) in samples.chunks(block).enumerate() {
        if !fast {
            let due = started + Duration::from_secs_f64((i * block) as f64 / f64::from(RATE));
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
        }
        let p = Instant::now();
        t.push(chunk);
        longest_push = longest_push.max(p.elapsed());
    }
    let ended = Instant::now();
    let transcript = t.finish().wait().expect("transcript");
    let latency = ended.elapsed();
    drop(t);
    stop.store(true, Ordering::Relaxed);
    for b in busy {
        b.join().unwrap();
    }
    // The busy threads' CPU is not the transcriber's: without load only.
    let cpu = cpu_seconds() - cpu0;
    println!(
        "live: {} words; ready {:.2} s after the last block{}; longest push {:.3} ms",
        transcript.words.len(),
        latency.as_secs_f64(),
        if fast { " (fed without waiting)" } else { "" },
        longest_push.as_secs_f64() * 1000.0
    );
    if load == 0 {
        println!("live: {:.2} CPU-s per audio minute", cpu / minutes);
    }

    // One shot, on every core: `rehearse transcribe` on a recording.
    let dir = tempfile::tempdir().expect("scratch");
    let wav = dir.path().join("answer.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&wav, spec).unwrap();
    for &s in &samples {
        w.write_sample((s * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let mut decoder = Decoder::new(model, Settings::whole_recording()).expect("decoder");
    let whole = engine::transcribe_file(&mut decoder, &wav, |_| {}).expect("transcribe");
    println!(
        "file: {} words in {:.2} s, {:.2} CPU-s per audio minute",
        whole.words.len(),
        t0.elapsed().as_secs_f64(),
        (cpu_seconds() - cpu0) / minutes
    );
    println!("peak memory {:.0} MiB", peak_rss_mib());
}
