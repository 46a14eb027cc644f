//! `rehearse analyze`: accuracy on the committed speech fixtures (boundaries
//! known from how they were built, see tests/fixtures/speech/README.md), the
//! same speech very quiet, clipped, re-encoded and in noise, read from files,
//! standard input and FIFOs, every kind of bad file with its exact message,
//! and a seeded mutation test of WAV headers through every way into the reader.

use crate::util::{Scratch, fixture};
use serde_json::Value;
use std::path::Path;

// True boundaries of speech.wav and speech-noise20.wav, in seconds, from
// tests/fixtures/speech/README.md (sample counts / 16000).
const A: (f64, f64) = (1.2000, 2.8964);
const B: (f64, f64) = (4.8964, 7.1490);
const C: (f64, f64) = (7.9490, 9.1933);
const LENGTH: f64 = 10.6933;
const RATE: u32 = 16_000;

/// Runs `rehearse analyze --format json` with `args` and parses the output.
fn analyze_json(s: &Scratch, file: &Path, args: &[&str]) -> Value {
    let out = s
        .cmd()
        .arg("analyze")
        .arg(file)
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

#[track_caller]
fn near(what: &str, got: f64, want: f64, tol: f64) {
    // Shown with `--nocapture`: the accuracy figures.
    println!("{what}: error {:+.0} ms", (got - want) * 1000.0);
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:.3} s, want {want:.3} s ± {tol}"
    );
}

/// Checks speech spans, first word, pauses (default 1.5 s threshold) and
/// trailing silence of a version of speech.wav to within `tol` seconds.
#[track_caller]
fn check_boundaries(v: &Value, tol: f64) {
    let speech = v["speech"].as_array().expect("speech");
    assert_eq!(speech.len(), 3, "speech spans: {}", v["speech"]);
    for (i, (span, (start, end))) in speech.iter().zip([A, B, C]).enumerate() {
        let s = f(&span["start"]);
        near(&format!("phrase {i} start"), s, start, tol);
        near(&format!("phrase {i} end"), s + f(&span["length"]), end, tol);
    }
    near("first word", f(&v["first_word"]), A.0, tol);
    let pauses = v["pauses"].as_array().expect("pauses");
    assert_eq!(pauses.len(), 1, "pauses: {}", v["pauses"]);
    near("pause start", f(&pauses[0]["start"]), A.1, tol);
    near(
        "pause end",
        f(&pauses[0]["start"]) + f(&pauses[0]["length"]),
        B.0,
        tol,
    );
    assert_eq!(v["longest_pause"], pauses[0]);
    near(
        "trailing silence",
        f(&v["trailing_silence"]),
        LENGTH - C.1,
        tol,
    );
    near("length", f(&v["length"]), LENGTH, 0.001);
    let spoken = (A.1 - A.0) + (B.1 - B.0) + (C.1 - C.0);
    near("speaking", f(&v["speaking"]), spoken, 6.0 * tol);
}

/// The samples of speech.wav, -1..1.
fn speech_samples() -> Vec<f32> {
    let mut r = hound::WavReader::open(fixture("speech/speech.wav")).expect("fixture");
    assert_eq!(r.spec().sample_rate, RATE);
    r.samples::<i16>()
        .map(|s| f32::from(s.expect("sample")) / 32768.0)
        .collect()
}

/// Deterministic white noise, uniform, at `db` dBFS RMS.
fn noise(n: usize, db: f32) -> Vec<f32> {
    let a = 10f32.powf(db / 20.0) * 3f32.sqrt();
    let mut x = 0x9e37_79b9u32;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            a * ((x as f32 / u32::MAX as f32) * 2.0 - 1.0)
        })
        .collect()
}

/// Writes mono `samples` as `channels` identical channels in `spec`'s encoding.
fn write_wav(path: &Path, samples: &[f32], spec: hound::WavSpec) {
    let mut w = hound::WavWriter::create(path, spec).expect("create");
    for &x in samples {
        let x = x.clamp(-1.0, 1.0);
        for _ in 0..spec.channels {
            match (spec.sample_format, spec.bits_per_sample) {
                (hound::SampleFormat::Float, _) => w.write_sample(x),
                (_, 8) => w.write_sample((x * 127.0).round() as i8),
                (_, 16) => w.write_sample((x * 32767.0).round() as i16),
                (_, bits) => w.write_sample((f64::from(x) * ((1i64 << (bits - 1)) - 1) as f64).round() as i32),
            }
            .expect("write");
        }
    }
    w.finalize().expect("finalize");
}

fn spec(channels: u16, rate: u32, bits: u16, float: bool) -> hound::WavSpec {
    hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: if float {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    }
}

#[test]
fn clean_speech_boundaries_are_within_100_ms() {
    let s = Scratch::new();
    let v = analyze_json(&s, &fixture("speech/speech.wav"), &[]);
    check_boundaries(&v, 0.1);
    assert_eq!(v["sample_rate"], 16000);
    assert_eq!(v["channels"], 1);
    assert_eq!(v["encoding"], "16-bit");
    assert_eq!(v["pause_threshold"], 1.5);
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert_eq!(v["levels"]["speech_seen"], true);
    assert_eq!(v["levels"]["floor_db"], -100.0);
    near("peak", f(&v["levels"]["peak_db"]), -3.0, 0.2);
}

#[test]
fn a_shorter_pause_threshold_also_reports_the_short_pause() {
    let s = Scratch::new();
    let v = analyze_json(&s, &fixture("speech/speech.wav"), &["--pause", "500ms"]);
    let pauses = v["pauses"].as_array().expect("pauses");
    assert_eq!(pauses.len(), 2, "{}", v["pauses"]);
    near("short pause start", f(&pauses[1]["start"]), B.1, 0.1);
    near(
        "short pause length",
        f(&pauses[1]["length"]),
        C.0 - B.1,
        0.1,
    );
    assert_eq!(v["pause_threshold"], 0.5);
    // The longest pause is still the long one.
    near("longest", f(&v["longest_pause"]["length"]), 2.0, 0.1);
}

#[test]
fn speech_in_white_noise_at_20_db_snr_is_within_200_ms() {
    let s = Scratch::new();
    let v = analyze_json(&s, &fixture("speech/speech-noise20.wav"), &[]);
    check_boundaries(&v, 0.2);
    // The floor is the noise, 20 dB under the speech's RMS of -20 dBFS.
    near("floor", f(&v["levels"]["floor_db"]), -40.0, 2.0);
}

#[test]
fn very_quiet_speech_over_a_low_noise_floor_is_found() {
    // -40 dB of gain puts the peaks at -43 dBFS; the floor is -80 dBFS.
    let gain = 10f32.powf(-40.0 / 20.0);
    let clean = speech_samples();
    let quiet: Vec<f32> = clean
        .iter()
        .zip(noise(clean.len(), -80.0))
        .map(|(x, n)| x * gain + n)
        .collect();
    let s = Scratch::new();
    let path = s.path().join("quiet.wav");
    write_wav(&path, &quiet, spec(1, RATE, 16, false));
    let v = analyze_json(&s, &path, &[]);
    check_boundaries(&v, 0.1);
    near("peak", f(&v["levels"]["peak_db"]), -43.0, 0.5);
    near("floor", f(&v["levels"]["floor_db"]), -80.0, 2.0);
}

#[test]
fn clipped_speech_keeps_its_boundaries_and_reports_the_clipping() {
    // +20 dB of gain on speech peaking at -3 dBFS clips every loud syllable.
    let gain = 10f32.powf(20.0 / 20.0);
    let loud: Vec<f32> = speech_samples()
        .iter()
        .map(|x| (x * gain).clamp(-1.0, 1.0))
        .collect();
    let s = Scratch::new();
    let path = s.path().join("clipped.wav");
    write_wav(&path, &loud, spec(1, RATE, 16, false));
    let v = analyze_json(&s, &path, &[]);
    check_boundaries(&v, 0.1);
    assert_eq!(v["levels"]["peak_db"], 0.0);
    let clipped = v["levels"]["clipped_samples"].as_u64().expect("count");
    assert!(clipped > 1000, "{clipped} clipped samples");
    let text = s.cmd().arg("analyze").arg(&path).output().expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("samples at full scale; turn the input gain down"),
        "{text}"
    );
}

#[test]
fn speech_with_a_dc_offset_keeps_its_boundaries() {
    let shifted: Vec<f32> = speech_samples().iter().map(|x| x * 0.5 + 0.3).collect();
    let s = Scratch::new();
    let path = s.path().join("dc.wav");
    write_wav(&path, &shifted, spec(1, RATE, 16, false));
    check_boundaries(&analyze_json(&s, &path, &[]), 0.1);
}

#[test]
fn every_supported_encoding_gives_the_same_boundaries() {
    let clean = speech_samples();
    // 48 kHz by repeating each sample three times; the timing is unchanged.
    let at_48k: Vec<f32> = clean.iter().flat_map(|&x| [x; 3]).collect();
    let cases = [
        ("stereo-24.wav", &clean, spec(2, RATE, 24, false), "24-bit"),
        ("float.wav", &clean, spec(1, RATE, 32, true), "32-bit float"),
        (
            "int32-48k.wav",
            &at_48k,
            spec(1, 48_000, 32, false),
            "32-bit",
        ),
        ("five-ch-8.wav", &clean, spec(5, RATE, 8, false), "8-bit"),
    ];
    let s = Scratch::new();
    for (name, samples, spec, encoding) in cases {
        let path = s.path().join(name);
        write_wav(&path, samples, spec);
        let v = analyze_json(&s, &path, &[]);
        assert_eq!(v["encoding"], encoding, "{name}");
        assert_eq!(v["channels"], spec.channels, "{name}");
        assert_eq!(v["sample_rate"], spec.sample_rate, "{name}");
        check_boundaries(&v, 0.1);
        // Every decoder scales to the same full scale.
        near("peak dB", f(&v["levels"]["peak_db"]), -3.0, 0.3);
        near("speech dB", f(&v["levels"]["speech_db"]), -15.4, 0.5);
    }
}

#[test]
fn room_tone_without_speech_reports_no_speech() {
    let s = Scratch::new();
    let path = s.path().join("room.wav");
    write_wav(
        &path,
        &noise(3 * RATE as usize, -60.0),
        spec(1, RATE, 16, false),
    );
    let v = analyze_json(&s, &path, &[]);
    assert_eq!(v["first_word"], Value::Null);
    assert_eq!(v["speaking"], 0.0);
    assert_eq!(v["speaking_ratio"], 0.0);
    assert_eq!(v["pauses"], serde_json::json!([]));
    assert_eq!(v["longest_pause"], Value::Null);
    assert_eq!(v["trailing_silence"], Value::Null);
    assert_eq!(v["levels"]["speech_seen"], false);
    near("length", f(&v["length"]), 3.0, 0.001);
    near("floor", f(&v["levels"]["floor_db"]), -60.0, 1.5);

    let out = s.cmd().arg("analyze").arg(&path).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("First word        none: no speech found\n"),
        "{text}"
    );
    assert!(text.contains(&format!("\n{}\n", "·".repeat(80))), "{text}");
}

#[test]
fn an_empty_recording_is_analysed_as_empty() {
    let s = Scratch::new();
    let path = s.path().join("empty.wav");
    write_wav(&path, &[], spec(1, RATE, 16, false));
    let v = analyze_json(&s, &path, &[]);
    assert_eq!(v["length"], 0.0);
    assert_eq!(v["first_word"], Value::Null);
    assert_eq!(v["speaking_ratio"], 0.0);
}

#[test]
fn text_report_lists_the_figures_and_an_80_column_strip() {
    let s = Scratch::new();
    let out = s
        .cmd()
        .arg("analyze")
        .arg(fixture("speech/speech.wav"))
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(out.stderr, b"");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "Length            10.7 s (16 kHz mono 16-bit)");
    assert_eq!(lines[2], "First word        1.2 s");
    assert!(
        lines[3].starts_with("Speaking          5.2 s (4"),
        "{}",
        lines[3]
    );
    assert_eq!(lines[4], "Pauses ≥ 1.5 s    1");
    assert!(lines[5].starts_with("  at 0:02."), "{}", lines[5]);
    assert!(lines[5].ends_with("2.0 s"), "{}", lines[5]);
    assert!(
        lines[6].starts_with("Longest pause     2.0 s at 0:02."),
        "{}",
        lines[6]
    );
    assert_eq!(lines[7], "Trailing silence  1.5 s");
    // 16 words over 5.99 s of speech: 160 words a minute.
    let wpm: f64 = lines[8]
        .strip_prefix("Pace              ")
        .and_then(|l| l.split_once(" wpm"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", lines[8]));
    assert!((wpm - 160.0).abs() <= 16.0, "{}", lines[8]);
    assert!(lines[8].contains(" · 0 fillers ("), "{}", lines[8]);
    assert_eq!(
        lines[9],
        "Levels            peak -3.0 dBFS, noise floor digital silence, speech -15 dBFS"
    );
    let strip = lines
        .iter()
        .find(|l| l.contains('█'))
        .expect("activity strip");
    assert_eq!(strip.chars().count(), 80);
    // Cells are 0.134 s: lead-in, speech, the long pause, speech, the end.
    assert!(strip.starts_with("········"), "{strip}");
    assert!(strip.contains("▁▁▁▁▁▁▁▁▁▁▁▁▁▁"), "{strip}");
    assert!(strip.ends_with("··········"), "{strip}");
    assert_eq!(strip.matches('▁').count(), 15, "{strip}");
}

#[test]
fn json_reports_words_a_minute_syllables_a_second_and_fillers() {
    let s = Scratch::new();
    let v = analyze_json(&s, &fixture("pace/conflict-us-140-fillers.wav"), &[]);
    let truth: Value = serde_json::from_slice(
        &std::fs::read(fixture("pace/conflict-us-140-fillers.json")).expect("truth"),
    )
    .expect("json");
    let wpm = f(&v["wpm"]);
    assert!((wpm / f(&truth["wpm"]) - 1.0).abs() <= 0.10, "{wpm}");
    assert!(f(&v["syllables_per_second"]) > 2.0, "{v}");
    let fillers = v["fillers"].as_array().expect("fillers");
    assert_eq!(fillers.len(), 3, "{v}");
    for (got, want) in fillers
        .iter()
        .zip(truth["fillers"].as_array().expect("truth"))
    {
        assert!(
            (f(&got["start"]) - f(&want["start"])).abs() <= 0.2,
            "{got} vs {want}"
        );
        assert!(f(&got["length"]) > 0.25, "{got}");
    }
    // Three fillers from the first word to the last, 19.1 s: 9.4 a minute.
    assert!((f(&v["fillers_per_minute"]) - 9.4).abs() <= 0.2, "{v}");

    let silent = analyze_json(&s, &fixture("audio/record-clip.wav"), &[]);
    if silent["first_word"].is_null() {
        assert!(silent["wpm"].is_null() && silent["fillers_per_minute"].is_null());
    }
}

#[test]
fn the_config_pace_band_decides_too_fast_in_the_text_report() {
    let s = Scratch::new();
    let config = s.file("config.yaml", b"pace_min_wpm: 60\npace_max_wpm: 100\n");
    let out = s
        .cmd()
        .env("REHEARSE_CONFIG", &config)
        .arg("analyze")
        .arg(fixture("pace/why-rp-125-fillers.wav"))
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let pace = text
        .lines()
        .find(|l| l.starts_with("Pace"))
        .expect("pace line");
    assert!(pace.contains(" wpm too fast · 2 fillers"), "{pace}");
    assert_eq!(text.matches("  filler 0:").count(), 2, "{text}");
}

/// Copies speech.wav into the scratch dir with its RIFF and data lengths set.
fn with_lengths(s: &Scratch, name: &str, riff: u32, data: u32) -> Vec<u8> {
    let mut bytes = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
    let at = bytes
        .windows(4)
        .position(|w| w == b"data")
        .expect("data chunk");
    bytes[4..8].copy_from_slice(&riff.to_le_bytes());
    bytes[at + 4..at + 8].copy_from_slice(&data.to_le_bytes());
    s.file(name, &bytes);
    bytes
}

#[test]
fn a_header_left_at_zero_length_is_read_whole_with_a_warning() {
    // What a recorder killed before its first header update leaves.
    let s = Scratch::new();
    with_lengths(&s, "killed.wav", 36, 0);
    let out = s
        .cmd()
        .args(["analyze", "killed.wav", "--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rehearse: warning: killed.wav: the header says 0.00 s of audio but the file holds \
         10.69 s (the recording was not closed properly?); reading all of it\n"
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    check_boundaries(&v, 0.1);
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_header_that_stopped_updating_is_read_to_the_end_of_the_data() {
    // Killed after the header was last rewritten at 1 s.
    let s = Scratch::new();
    let second = 2 * RATE;
    with_lengths(&s, "stale.wav", 36 + second, second);
    let out = s
        .cmd()
        .args(["analyze", "stale.wav", "--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("rehearse: warning: stale.wav: the header says 1.00 s of audio but the file holds 10.69 s"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    check_boundaries(&v, 0.1);
}

#[test]
fn a_recording_killed_after_a_flush_is_read_past_its_header() {
    // The recorder's way: hound rewrites the header on flush; then the
    // process dies without finalising, leaving more audio than the header says.
    let s = Scratch::new();
    let path = s.path().join("crashed.wav");
    let mut w = hound::WavWriter::create(&path, spec(1, RATE, 16, false)).expect("create");
    for (i, x) in speech_samples().into_iter().enumerate() {
        if i == 3 * RATE as usize {
            w.flush().expect("flush");
        }
        w.write_sample((x * 32767.0) as i16).expect("write");
    }
    std::mem::forget(w);
    let out = s
        .cmd()
        .args(["analyze", "crashed.wav", "--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "rehearse: warning: crashed.wav: the header says 3.00 s of audio but the file holds 10."
        ),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    // Whatever the writer still buffered is lost: at most its 8 KiB buffer.
    let length = f(&v["length"]);
    assert!(length > LENGTH - 0.3 && length <= LENGTH, "length {length}");
    near("first word", f(&v["first_word"]), A.0, 0.1);
    near("pause start", f(&v["pauses"][0]["start"]), A.1, 0.1);
    near(
        "last word end",
        f(&v["speech"][2]["start"]) + f(&v["speech"][2]["length"]),
        C.1,
        0.1,
    );
}

#[test]
fn a_streaming_placeholder_length_is_read_to_the_end_with_a_warning() {
    let s = Scratch::new();
    with_lengths(&s, "stream.wav", u32::MAX, u32::MAX);
    let out = s
        .cmd()
        .args(["analyze", "stream.wav", "--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rehearse: warning: stream.wav: the header gives no length; reading the 10.69 s the file holds\n"
    );
    check_boundaries(&serde_json::from_slice(&out.stdout).expect("json"), 0.1);
}

#[test]
fn trailing_chunks_after_the_audio_are_not_mistaken_for_audio() {
    let s = Scratch::new();
    let mut bytes = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
    bytes.extend_from_slice(b"LIST\x0c\x00\x00\x00INFOISFT\x00\x00\x00\x00");
    s.file("tagged.wav", &bytes);
    let out = s
        .cmd()
        .args(["analyze", "tagged.wav", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    near("length", f(&v["length"]), LENGTH, 0.001);
}

/// Runs `rehearse analyze FILE` and compares stderr exactly; exit code 2.
fn assert_error(s: &Scratch, file: &str, message: &str, hint: &str) {
    s.cmd()
        .args(["analyze", file])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!("rehearse: error: {message}\n  hint: {hint}\n"));
}

const CONVERT_HINT: &str = "rehearse reads 8/16/24/32-bit integer and 32/64-bit float PCM; \
     convert it, e.g. `sox INPUT -e signed-integer -b 16 OUTPUT.wav`";
const TRUNCATED_HINT: &str =
    "the file was cut short (an interrupted copy or download?); copy it again from the original";
const NOT_WAV_HINT: &str = "rehearse analyses WAV files; convert other audio first, \
     e.g. `ffmpeg -i INPUT -ac 1 OUTPUT.wav`";

#[test]
fn a_file_cut_short_in_its_audio_names_what_is_missing() {
    let s = Scratch::new();
    let bytes = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
    // 5.00 s of the 10.69 s the header promises.
    s.file("cut.wav", &bytes[..44 + 5 * 2 * RATE as usize]);
    assert_error(
        &s,
        "cut.wav",
        "cut.wav is truncated: the header promises 10.69 s of audio but the file holds 5.00 s",
        TRUNCATED_HINT,
    );
}

#[test]
fn a_file_cut_inside_its_header_says_so() {
    let s = Scratch::new();
    let bytes = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
    for len in [3, 10, 30, 40] {
        s.file("head.wav", &bytes[..len]);
        assert_error(
            &s,
            "head.wav",
            "head.wav is truncated: it ends inside the WAV header",
            TRUNCATED_HINT,
        );
    }
}

#[test]
fn files_that_are_not_wav_say_what_they_are() {
    let s = Scratch::new();
    s.file("notes.txt", "Situation, task, action, result.\n");
    assert_error(
        &s,
        "notes.txt",
        "notes.txt is not a WAV file (no RIFF/WAVE header)",
        NOT_WAV_HINT,
    );
    s.file("nothing.wav", "");
    assert_error(
        &s,
        "nothing.wav",
        "nothing.wav is not a WAV file (the file is empty)",
        NOT_WAV_HINT,
    );
    s.file("movie.avi", b"RIFF\x04\x00\x00\x00AVI LIST");
    assert_error(
        &s,
        "movie.avi",
        "movie.avi is not a WAV file (a RIFF file, but not WAVE audio)",
        NOT_WAV_HINT,
    );
}

/// A WAV file with a hand-made 16-byte fmt chunk and 100 bytes of data.
fn hand_made(tag: u16, channels: u16, rate: u32, block: u16, bits: u16) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(4 + 24 + 8 + 100u32).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&tag.to_le_bytes());
    b.extend_from_slice(&channels.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    b.extend_from_slice(&block.to_le_bytes());
    b.extend_from_slice(&bits.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&100u32.to_le_bytes());
    b.extend_from_slice(&[0x55; 100]);
    b
}

#[test]
fn unsupported_encodings_are_named() {
    let s = Scratch::new();
    let cases = [
        ("mulaw.wav", hand_made(7, 1, 8000, 1, 8), "8-bit µ-law"),
        ("alaw.wav", hand_made(6, 1, 8000, 1, 8), "8-bit A-law"),
        ("adpcm.wav", hand_made(0x11, 1, 8000, 256, 4), "IMA ADPCM"),
        (
            "ms-adpcm.wav",
            hand_made(2, 1, 8000, 256, 4),
            "Microsoft ADPCM",
        ),
        (
            "odd.wav",
            hand_made(0x1234, 1, 8000, 2, 16),
            "format tag 0x1234",
        ),
        ("half.wav", hand_made(3, 1, 8000, 2, 16), "16-bit float"),
        (
            "int48.wav",
            hand_made(1, 1, 8000, 6, 48),
            "48-bit integer PCM",
        ),
    ];
    for (name, bytes, encoding) in cases {
        s.file(name, bytes);
        assert_error(
            &s,
            name,
            &format!("{name} uses an unsupported WAV encoding: {encoding}"),
            CONVERT_HINT,
        );
    }
}

#[test]
fn contradictory_headers_are_reported_as_broken() {
    let s = Scratch::new();
    let cases = [
        (
            "zero-ch.wav",
            hand_made(1, 0, 8000, 2, 16),
            "it declares zero channels",
        ),
        (
            "zero-hz.wav",
            hand_made(1, 1, 0, 2, 16),
            "it declares a sample rate of 0 Hz",
        ),
        (
            "block.wav",
            hand_made(1, 2, 8000, 3, 16),
            "the block size does not fit the number of channels",
        ),
    ];
    for (name, bytes, detail) in cases {
        s.file(name, bytes);
        assert_error(
            &s,
            name,
            &format!("{name} has a broken WAV header: {detail}"),
            CONVERT_HINT,
        );
    }
}

#[test]
fn a_missing_file_is_bad_input() {
    let s = Scratch::new();
    assert_error(
        &s,
        "missing.wav",
        "missing.wav: no such file or directory",
        "check the file name and path",
    );
}

#[test]
fn a_zero_pause_threshold_is_refused() {
    let s = Scratch::new();
    let out = s
        .cmd()
        .args(["analyze", "x.wav", "--pause", "0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("must be longer than zero"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `rehearse analyze ARG --format json` with `stdin` piped in.
fn analyze_stdin(s: &Scratch, arg: &str, stdin: Vec<u8>) -> std::process::Output {
    s.cmd()
        .args(["analyze", arg, "--format", "json"])
        .write_stdin(stdin)
        .output()
        .expect("run")
}

/// The JSON report without the file name, to compare two ways of reading.
fn figures(stdout: &[u8]) -> Value {
    let mut v: Value = serde_json::from_slice(stdout).expect("json");
    v.as_object_mut().expect("object").remove("file");
    v
}

#[test]
fn standard_input_and_dev_stdin_are_read_as_streams_like_the_file() {
    // Regression: `cat x.wav | rehearse analyze /dev/stdin` said "truncated".
    let s = Scratch::new();
    let bytes = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
    let file = analyze_json(&s, &fixture("speech/speech.wav"), &[]);
    for arg in ["-", "/dev/stdin"] {
        let out = analyze_stdin(&s, arg, bytes.clone());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{arg}");
        assert!(out.status.success(), "{arg}");
        let mut want = file.clone();
        want.as_object_mut().expect("object").remove("file");
        assert_eq!(figures(&out.stdout), want, "{arg}");
    }
    let v: Value = serde_json::from_slice(&analyze_stdin(&s, "-", bytes).stdout).expect("json");
    assert_eq!(v["file"], "standard input");
}

#[test]
fn a_fifo_named_as_the_file_is_read_as_a_stream() {
    let s = Scratch::new();
    let fifo = s.path().join("pipe.wav");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let bytes = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
            std::fs::write(fifo, bytes).expect("write into the FIFO");
        })
    };
    let v = analyze_json(&s, &fifo, &[]);
    writer.join().expect("writer");
    check_boundaries(&v, 0.1);
}

#[test]
fn stale_and_placeholder_lengths_on_a_stream_read_to_its_end() {
    let s = Scratch::new();
    // A header left at zero length by a killed recorder, and a placeholder.
    let cases = [
        (
            with_lengths(&s, "killed.wav", 36, 0),
            "rehearse: warning: standard input: the header says 0.00 s of audio but the \
             file holds 10.69 s (the recording was not closed properly?); reading all of it\n",
        ),
        (
            with_lengths(&s, "stream.wav", u32::MAX, u32::MAX),
            "rehearse: warning: standard input: the header gives no length; \
             reading the 10.69 s the file holds\n",
        ),
    ];
    for (bytes, warning) in cases {
        let out = analyze_stdin(&s, "-", bytes);
        assert_eq!(String::from_utf8_lossy(&out.stderr), warning);
        let v = figures(&out.stdout);
        check_boundaries(&v, 0.1);
        assert_eq!(v["warnings"].as_array().map(Vec::len), Some(1));
    }
    // A trailing chunk is still not audio.
    let mut tagged = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
    tagged.extend_from_slice(b"LIST\x0c\x00\x00\x00INFOISFT\x00\x00\x00\x00");
    let out = analyze_stdin(&s, "-", tagged);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    near("length", f(&figures(&out.stdout)["length"]), LENGTH, 0.001);
}

#[test]
fn a_stream_cut_short_names_what_is_missing() {
    let s = Scratch::new();
    let bytes = std::fs::read(fixture("speech/speech.wav")).expect("fixture");
    s.cmd()
        .args(["analyze", "-"])
        .write_stdin(&bytes[..44 + 5 * 2 * RATE as usize])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "rehearse: error: standard input is truncated: the header promises 10.69 s \
             of audio but the file holds 5.00 s\n  hint: {TRUNCATED_HINT}\n"
        ));
}

#[test]
fn devices_and_directories_are_refused_at_once() {
    let s = Scratch::new();
    let device_hint = "name a WAV file, or pipe one in: `rehearse analyze - < FILE.wav`";
    assert_error(
        &s,
        "/dev/zero",
        "/dev/zero: is a terminal or device, not a WAV file or a pipe, so it is not read",
        device_hint,
    );
    std::fs::create_dir(s.path().join("takes")).expect("mkdir");
    assert_error(
        &s,
        "takes",
        "takes: is a directory, not a file",
        "name a regular file",
    );
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("rehearse"))
        .args(["analyze", "-"])
        .current_dir(s.path())
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "rehearse: error: standard input: is a terminal or device, not a WAV file or a \
             pipe, so it is not read\n  hint: {device_hint}\n"
        )
    );
}

#[test]
fn float_samples_past_full_scale_are_clipped_not_louder_than_full_scale() {
    // Regression: a float WAV at twice full scale reported a peak of +6 dBFS
    // (and up to +60) and no clipping.
    let loud: Vec<f32> = speech_samples().iter().map(|x| x * 4.0).collect();
    let s = Scratch::new();
    let path = s.path().join("hot.wav");
    let mut w = hound::WavWriter::create(&path, spec(1, RATE, 32, true)).expect("create");
    for &x in &loud {
        w.write_sample(x).expect("write");
    }
    w.finalize().expect("finalize");
    let v = analyze_json(&s, &path, &[]);
    assert_eq!(v["levels"]["peak_db"], 0.0);
    let over = loud.iter().filter(|x| x.abs() >= 1.0).count() as u64;
    assert!(over > 1000, "{over} samples past full scale");
    assert!(v["levels"]["clipped_samples"].as_u64().expect("count") >= over);
    check_boundaries(&v, 0.1);
    let out = s.cmd().arg("analyze").arg(&path).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Levels            peak 0.0 dBFS"), "{text}");
    assert!(
        text.contains("samples at full scale; turn the input gain down"),
        "{text}"
    );
}

#[test]
fn a_header_claiming_no_audio_is_as_long_to_playback_as_to_analysis() {
    // Regression: 10.69 s to `analyze` but 0 s to `replay`, whose player
    // read the header's length at its word. The player opens files with this.
    use rehearse::audio::wavfile::MonoStream;
    let s = Scratch::new();
    with_lengths(&s, "killed.wav", 36, 0);
    let path = s.path().join("killed.wav");
    let player = MonoStream::open(&path).expect("readable");
    let v = analyze_json(&s, &path, &[]);
    let frames = player.frames().expect("a file's length");
    near(
        "player's length",
        frames as f64 / f64::from(RATE),
        LENGTH,
        0.001,
    );
    near("analysed length", f(&v["length"]), LENGTH, 0.001);
}

/// Byte mutations and cuts of WAV headers, through every way into the one
/// reader, in process (thousands of runs of the binary would take minutes).
mod mutations {
    use crate::util::Scratch;
    use rehearse::audio::wavfile::{MonoStream, WavError, read_envelope};
    use std::path::Path;

    /// Tracks the largest single allocation made by this thread, so a test
    /// can tell that no header made the reader ask for gigabytes.
    mod biggest {
        use std::alloc::{GlobalAlloc, Layout, System};
        use std::cell::Cell;

        thread_local! {
            static BIGGEST: Cell<usize> = const { Cell::new(0) };
        }

        struct Tracking;

        #[global_allocator]
        static TRACKING: Tracking = Tracking;

        fn note(size: usize) {
            let _ = BIGGEST.try_with(|b| b.set(b.get().max(size)));
        }

        // SAFETY: every call goes straight to the system allocator.
        unsafe impl GlobalAlloc for Tracking {
            unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
                note(layout.size());
                unsafe { System.alloc(layout) }
            }
            unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
                note(layout.size());
                unsafe { System.alloc_zeroed(layout) }
            }
            unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
                unsafe { System.dealloc(ptr, layout) }
            }
            unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
                note(new_size);
                unsafe { System.realloc(ptr, layout, new_size) }
            }
        }

        /// The largest allocation since the last call.
        pub fn take() -> usize {
            BIGGEST.with(|b| b.replace(0))
        }
    }

    /// A short valid WAV, as hound writes it (floats go past full scale).
    fn valid(channels: u16, bits: u16, float: bool) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: 8000,
            bits_per_sample: bits,
            sample_format: if float {
                hound::SampleFormat::Float
            } else {
                hound::SampleFormat::Int
            },
        };
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = hound::WavWriter::new(&mut out, spec).expect("writer");
        for i in 0..300 * u32::from(channels) {
            let x = ((i as f32) * 0.3).sin() * 0.8;
            match (float, bits) {
                (true, _) => w.write_sample(x * 1.5),
                (false, 16) => w.write_sample((x * 32767.0) as i16),
                (false, _) => w.write_sample((x * 8_388_607.0) as i32),
            }
            .expect("sample");
        }
        w.finalize().expect("finalize");
        out.into_inner()
    }

    /// Frames read, or the error's message, by each way into the reader:
    /// a file's length up front (playback), a file read whole (analyze,
    /// replay, mic-check), the same bytes as a stream (`analyze -`).
    fn every_way(path: &Path, bytes: &[u8]) -> [Result<u64, String>; 3] {
        let msg = |e: WavError| e.to_string();
        let up_front = MonoStream::open(path).map(|s| s.frames().expect("a file's length"));
        let whole = read_envelope(path).map(|r| r.envelope.samples);
        let stream = MonoStream::from_stream(path, std::io::Cursor::new(bytes.to_vec()))
            .and_then(MonoStream::envelope)
            .map(|r| r.envelope.samples);
        [
            up_front.map_err(msg),
            whole.map_err(msg),
            stream.map_err(msg),
        ]
    }

    #[test]
    fn mutated_and_cut_headers_never_panic_nor_balloon_and_read_alike_every_way() {
        use rand::{RngExt, SeedableRng};
        let files = [
            valid(1, 16, false),
            valid(1, 24, false),
            valid(1, 32, true),
            valid(2, 16, false),
        ];
        let s = Scratch::new();
        let path = s.path().join("m.wav");
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(10);
        let started = std::time::Instant::now();
        let (mut cases, mut read) = (0, 0);
        while cases < 3000 && started.elapsed() < std::time::Duration::from_secs(3) {
            let mut bytes = files[cases % files.len()].clone();
            let header = bytes.windows(4).position(|w| w == b"data").expect("data") + 8;
            let mut what = Vec::new();
            for _ in 0..rng.random_range(1..=3) {
                match rng.random_range(0..4) {
                    // A length or rate field set to something telling.
                    0 => {
                        let at = [4, 16, 24, 28, 32, header - 4][rng.random_range(0..6)];
                        let v = [0, 1, 2, 0x7FFF_EFFF, 0x7FFF_F000, u32::MAX, rng.random()]
                            [rng.random_range(0..7)];
                        bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
                        what.push(format!("u32 at {at} = {v:#x}"));
                    }
                    1 => {
                        let at = rng.random_range(0..header);
                        let v = rng.random();
                        bytes[at] = v;
                        what.push(format!("byte {at} = {v:#x}"));
                    }
                    2 => {
                        let len = rng.random_range(0..bytes.len());
                        bytes.truncate(len);
                        what.push(format!("cut at {len}"));
                    }
                    _ => {
                        let tail: &[u8] = match rng.random_range(0..3) {
                            0 => b"LIST\x04\x00\x00\x00INFO",
                            1 => b"id3 \xff\xff\xff\xff",
                            _ => &[0x11; 37],
                        };
                        bytes.extend_from_slice(tail);
                        what.push(format!("{} bytes appended", tail.len()));
                    }
                }
                if bytes.len() < header {
                    break;
                }
            }
            std::fs::write(&path, &bytes).expect("write");
            biggest::take();
            let got = std::panic::catch_unwind(|| every_way(&path, &bytes))
                .unwrap_or_else(|_| panic!("case {cases} ({}) panicked", what.join(", ")));
            let biggest = biggest::take();
            assert!(
                biggest < 8 << 20,
                "case {cases} ({}) allocated {biggest} bytes at once",
                what.join(", ")
            );
            assert!(
                got[0] == got[1] && got[1] == got[2],
                "case {cases} ({}): up front {:?}, whole {:?}, stream {:?}",
                what.join(", "),
                got[0],
                got[1],
                got[2]
            );
            read += usize::from(got[0].is_ok());
            cases += 1;
        }
        assert!(cases >= 200, "only {cases} cases in the time");
        // Some mutations leave a readable file, some do not: both were tried.
        assert!(read > cases / 5 && read < cases, "{read} of {cases} read");
    }
}

#[test]
fn a_header_claiming_no_audio_replays_for_its_whole_length() {
    // Regression: `replay` played such a file as 0:00 long and went straight
    // on, while `analyze` read 10.69 s of it.
    use crate::pty::Pty;
    let Some(pulse) = crate::pulse::Pulse::start("a_header_claiming_no_audio_replays") else {
        return;
    };
    let s = Scratch::new();
    let bytes = with_lengths(&s, "killed.wav", 36, 0);
    let dir = s.recordings().join("20261103-090000");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("01-c.wav"), bytes).expect("wav");
    std::fs::write(
        dir.join("session.yaml"),
        "version: 1\nid: 20261103-090000\nkind: drill\nstarted: 2026-11-03T09:00:00Z\n\
         completed: true\nsettings:\n  seed: 1\n  count: 1\n  think: 5.0\n  warn: 15.0\n  \
         hard_stop: false\n  follow_ups: true\nitems:\n- id: c\n  text: Question 1 of the test?\n  \
         category: behavioural\n  min: 1.0\n  target: 5.0\n  max: 20.0\n  start: 0.0\n  \
         duration: 10.693\n  paused: 0.0\n  verdict: on-target\n  rating: null\n  recording:\n    \
         file: 01-c.wav\n    length: 10.693\n    rate: 16000\n    dropped: 0\n    xruns: 0\n",
    )
    .expect("session");
    // An empty config: a named file must exist, and it sets nothing.
    let config = s.file("none.yaml", "");
    let mut env = vec![
        ("HOME", s.path().display().to_string()),
        ("REHEARSE_CONFIG", config.display().to_string()),
        ("NO_COLOR", "1".into()),
    ];
    // As the replay tests: not PULSE_LATENCY_MSEC, which stalls playback.
    env.extend(
        pulse
            .env()
            .into_iter()
            .filter(|(k, _)| *k != "PULSE_LATENCY_MSEC"),
    );
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let mut pty = Pty::spawn(&bin, &["replay"], s.path(), &env, 80, 24);
    let secs = std::time::Duration::from_secs(20);
    pty.wait_for(&["answer 1 of 1", " / 0:10"], secs);
    pty.wait_for(&["▶ 0:01 / 0:10"], secs);
    pty.send("q");
    assert_eq!(pty.wait_exit(secs), 0);
}

/// Sessions written before pace was measured still load (with no rates),
/// and a session whose analyses carry rates and fillers saves and loads
/// them unchanged.
#[test]
fn stored_analyses_load_without_rates_and_keep_them_once_measured() {
    use rehearse::audio::analysis::set_pace;
    use rehearse::session::analysis::Span;
    use std::time::Duration;
    let s = Scratch::new();
    for id in ["20261130-092233", "20261130-092250"] {
        let path = fixture("sessions-v1").join(id).join("session.yaml");
        let mut session = rehearse::session::load(&path).expect("a v1 session loads");
        let mut analyses: Vec<&mut rehearse::session::analysis::Analysis> = session
            .items
            .iter_mut()
            .filter_map(|i| i.analysis.as_mut())
            .chain(session.talk.iter_mut().filter_map(|t| t.analysis.as_mut()))
            .collect();
        assert!(!analyses.is_empty(), "{id} has an analysis");
        for a in analyses.iter_mut() {
            assert_eq!(a.wpm, None, "{id}");
            assert_eq!(a.fillers_per_minute, None, "{id}");
            let start = a.first_word.unwrap_or_default();
            set_pace(
                a,
                12,
                vec![Span {
                    start,
                    length: Duration::from_millis(400),
                }],
            );
        }
        let dir = s.path().join(id);
        std::fs::create_dir_all(&dir).unwrap();
        let saved = rehearse::session::save(&dir, &session).expect("saves");
        let again = rehearse::session::load(&saved).expect("loads again");
        let rates = |s: &rehearse::session::Session| -> Vec<(Option<f64>, Option<f64>, usize)> {
            s.items
                .iter()
                .filter_map(|i| i.analysis.as_ref())
                .chain(s.talk.iter().filter_map(|t| t.analysis.as_ref()))
                .map(|a| (a.wpm, a.fillers_per_minute, a.fillers.len()))
                .collect()
        };
        assert_eq!(rates(&again), rates(&session), "{id}");
        assert!(
            rates(&again).iter().all(|r| r.1.is_some() && r.2 == 1),
            "{id}"
        );
    }
}

/// Speaking rate and filled pauses against the truth written next to each
/// clip by scripts/make-pace-fixtures.sh. Set `REHEARSE_PACE_FIXTURES` to
/// another directory (e.g. a held-out set made with `--heldout DIR`) to
/// check that instead; `--nocapture` prints the figures per clip.
mod pace {
    use rehearse::audio::analysis::{Options, analyze};
    use rehearse::audio::wavfile::read_envelope;
    use rehearse::session::analysis::Analysis;
    use serde_json::Value;
    use std::path::PathBuf;

    /// Filler starts count as found within this many seconds.
    const FILLER_TOLERANCE: f64 = 0.2;

    struct Clip {
        name: String,
        truth: Value,
        analysis: Analysis,
    }

    fn clips() -> Vec<Clip> {
        let dir = std::env::var_os("REHEARSE_PACE_FIXTURES")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pace")
            });
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("fixture directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        assert!(!names.is_empty(), "no clips in {}", dir.display());
        names
            .into_iter()
            .map(|json| {
                let truth: Value =
                    serde_json::from_slice(&std::fs::read(&json).expect("truth")).expect("json");
                let read = read_envelope(&json.with_extension("wav")).expect("clip");
                Clip {
                    name: json
                        .file_stem()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned(),
                    truth,
                    analysis: analyze(&read.envelope, &Options::default()),
                }
            })
            .collect()
    }

    fn num(v: &Value) -> f64 {
        v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
    }

    #[test]
    fn pace_words_a_minute_are_within_10_percent_clean_and_15_percent_in_noise() {
        let mut failures = Vec::new();
        for c in clips() {
            let want = num(&c.truth["wpm"]);
            let got = c.analysis.wpm.expect("speech");
            let err = (got - want) / want;
            let limit = if c.truth["snr_db"].is_null() {
                0.10
            } else {
                0.15
            };
            println!(
                "{:44} truth {want:6.1} wpm  got {got:6.1}  {:+6.1} %  ({} syllables, {:.2} s)",
                c.name,
                err * 100.0,
                c.analysis.syllables,
                c.analysis.pace_time.as_secs_f64()
            );
            if err.abs() > limit {
                failures.push(format!("{}: {got} wpm, truth {want}", c.name));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn pace_finds_80_percent_of_fillers_and_at_most_one_false_one_a_minute() {
        let (mut truths, mut found, mut false_ones) = (0, 0, 0);
        let mut clean_minutes = 0.0;
        for c in clips() {
            let want: Vec<f64> = c.truth["fillers"]
                .as_array()
                .expect("fillers")
                .iter()
                .map(|f| num(&f["start"]))
                .collect();
            let got: Vec<f64> = c
                .analysis
                .fillers
                .iter()
                .map(|f| f.start.as_secs_f64())
                .collect();
            let hit = |t: f64, set: &[f64]| set.iter().any(|s| (s - t).abs() <= FILLER_TOLERANCE);
            let clip_found = want.iter().filter(|&&t| hit(t, &got)).count();
            let clip_false = got.iter().filter(|&&t| !hit(t, &want)).count();
            println!("{:44} fillers: truth {want:?} got {got:.2?}", c.name);
            truths += want.len();
            found += clip_found;
            false_ones += clip_false;
            clean_minutes += num(&c.truth["speaking"]) / 60.0;
        }
        println!(
            "found {found} of {truths} fillers; {false_ones} false in {clean_minutes:.2} min of speech"
        );
        assert!(
            found as f64 >= 0.8 * truths as f64,
            "found {found} of {truths}"
        );
        assert!(
            false_ones as f64 <= clean_minutes,
            "{false_ones} false fillers in {clean_minutes:.2} min"
        );
    }
}

/// Runs `rehearse analyze - --format json` on `secs` seconds of a generated
/// stream (8 kHz 16-bit mono under an unknown-length header: a second of
/// tone every 30 s, silence between) written as fast as it is read, and
/// returns the analysis and the process's peak resident memory in KiB.
// The child is waited for with wait4(2), which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn analyse_a_stream(s: &Scratch, secs: usize) -> (Value, i64) {
    use std::io::{Read, Write};
    let rate = 8000usize;
    let mut child = s
        .process()
        .args(["analyze", "-", "--format", "json"])
        // The allocator returns freed memory to the system after a delay;
        // at once, so the figure depends on what is held, not on timing.
        .env("MIMALLOC_PURGE_DELAY", "0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let mut header = b"RIFF\xff\xff\xff\xffWAVEfmt ".to_vec();
        header.extend(16u32.to_le_bytes());
        header.extend([1u16, 1].iter().flat_map(|v| v.to_le_bytes()));
        header.extend(
            [rate as u32, 2 * rate as u32]
                .iter()
                .flat_map(|v| v.to_le_bytes()),
        );
        header.extend([2u16, 16].iter().flat_map(|v| v.to_le_bytes()));
        header.extend(b"data\xff\xff\xff\xff");
        let mut block: Vec<u8> = (0..rate)
            .flat_map(|i| {
                let x = (2.0 * std::f32::consts::PI * 220.0 * i as f32 / rate as f32).sin();
                ((x * 8000.0) as i16).to_le_bytes()
            })
            .collect();
        block.resize(30 * rate * 2, 0);
        stdin.write_all(&header)?;
        for _ in 0..secs / 30 {
            stdin.write_all(&block)?;
        }
        Ok::<(), std::io::Error>(())
    });
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_end(&mut out)
        .unwrap();
    writer
        .join()
        .unwrap()
        .expect("the stream was read to its end");
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: waits for our own child, into locals; `child` is not waited again.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&out));
    (serde_json::from_slice(&out).expect("json"), usage.ru_maxrss)
}

#[test]
fn a_stream_holds_the_same_memory_at_one_minute_and_at_two_hours() {
    let s = Scratch::new();
    let (short, short_kib) = analyse_a_stream(&s, 60);
    let (long, long_kib) = analyse_a_stream(&s, 2 * 3600);
    eprintln!("analyze -: peak RSS {short_kib} KiB for 1 min, {long_kib} KiB for 2 h");
    // The whole stream was analysed: one stretch of tone every 30 s.
    assert_eq!(f(&long["length"]), 7200.0);
    assert_eq!(short["speech"].as_array().unwrap().len(), 2);
    assert_eq!(long["speech"].as_array().unwrap().len(), 240);
    assert_eq!(long["pauses"].as_array().unwrap().len(), 239);
    // 2 h of frames held in memory would be 14 MB (20 bytes a frame), and
    // the analysis of them as much again; what is kept is the same for both
    // (the latest 41 s), and the lists of what was found (here 240 stretches
    // and 239 pauses) take a few kilobytes. The allocator's layout moves
    // the figure by about half a megabyte from run to run.
    assert!(
        long_kib <= short_kib + 2048,
        "1 min: {short_kib} KiB, 2 h: {long_kib} KiB"
    );
}

// ------------------------------------------------------------ transcripts --

/// The words of `text`, lowercase, punctuation dropped.
fn plain_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The share of the true text's words of four letters or more that `heard` has.
fn words_heard(truth: &str, heard: &str) -> f64 {
    let heard = plain_words(heard);
    let wanted: Vec<String> = plain_words(truth)
        .into_iter()
        .filter(|w| w.len() >= 4)
        .collect();
    let found = wanted.iter().filter(|w| heard.contains(w)).count();
    found as f64 / wanted.len() as f64
}

#[test]
fn with_a_model_the_report_has_the_transcript_and_the_coaching_from_its_words() {
    let test = "with_a_model_the_report_has_the_transcript_and_the_coaching_from_its_words";
    let Some(model) = crate::util::test_model(test) else {
        return;
    };
    let s = Scratch::new();
    let wav = fixture("transcript/migration-us-150.wav");
    let out = s
        .cmd()
        .arg("analyze")
        .arg(&wav)
        .arg("--model")
        .arg(&model)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err, "", "the progress bar stays off a pipe");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let (figures, transcript) = text.split_once("\nTranscript\n").expect(&text);
    let truth: Value = serde_json::from_slice(
        &std::fs::read(fixture("transcript/migration-us-150.json")).expect("truth"),
    )
    .expect("json");
    let heard = words_heard(truth["text"].as_str().expect("text"), transcript);
    println!("{heard:.2} of the true words heard:\n{transcript}");
    assert!(heard >= 0.75, "{heard:.2}:\n{text}");
    let line = |label: &str| {
        figures
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line:\n{figures}"))
            .to_string()
    };
    let pace = line("Pace");
    assert!(
        pace.contains(" wpm from words") && pace.contains(" words over "),
        "{pace}"
    );
    // Fillers spoken ("um", "uh", "er"), each listed with its time: most of
    // them within half a second of where they were said.
    let listed: Vec<f64> = figures
        .lines()
        .filter_map(|l| l.strip_prefix("  filler 0:"))
        .map(|l| l[..4].parse::<f64>().expect(l))
        .collect();
    let spoken: Vec<f64> = truth["pieces"]
        .as_array()
        .expect("pieces")
        .iter()
        .filter(|p| p["filler"] == true)
        .map(|p| f(&p["start"]))
        .collect();
    let found = spoken
        .iter()
        .filter(|&&t| listed.iter().any(|&l| (l - t).abs() <= 0.5))
        .count();
    assert!(
        found >= 2,
        "{found} of {spoken:?} in {listed:?}:\n{figures}"
    );
    for label in ["Verbal tics", "Hedges", "Result stated"] {
        line(label);
    }
    // "I booked a short call", "We agreed on a staged plan".
    let share = line("\"I\" / \"we\"");
    assert!(
        share.ends_with("% \"I\"") && !share.contains(" 0 /"),
        "{share}"
    );
    assert!(!figures.contains("No transcript"), "{figures}");

    // A stream is read once, by the analysis: the report says so.
    let out = s
        .cmd()
        .args(["analyze", "-", "--model"])
        .arg(&model)
        .write_stdin(std::fs::read(&wav).expect("fixture"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.ends_with("\nNo transcript: a stream is read once; name the file to transcribe it.\n"),
        "{text}"
    );
}

#[test]
fn with_a_model_json_has_the_words_in_order_and_the_coaching_figures() {
    let test = "with_a_model_json_has_the_words_in_order_and_the_coaching_figures";
    let Some(model) = crate::util::test_model(test) else {
        return;
    };
    let s = Scratch::new();
    let wav = fixture("speech/speech.wav");
    let v = analyze_json(&s, &wav, &["--model", model.to_str().unwrap()]);
    let words = v["transcript"]["words"].as_array().expect("words");
    let text = v["transcript"]["text"].as_str().expect("text");
    let heard = words_heard(
        "Thanks for having me today. I led the billing migration last spring. It shipped on time.",
        text,
    );
    assert!(heard >= 0.7, "{heard:.2}: {text}");
    let mut last_start = 0.0;
    for w in words {
        let (start, end) = (f(&w["start"]), f(&w["end"]));
        assert!(w["text"].as_str().is_some_and(|t| !t.is_empty()), "{w}");
        assert!(start >= last_start && end >= start && end <= LENGTH, "{w}");
        last_start = start;
    }
    // The three phrases start where the fixture puts them, give or take the alignment.
    let first = f(&words[0]["start"]);
    assert!((first - A.0).abs() <= 0.5, "{first}");
    assert_eq!(v["words_a_minute"]["basis"], "words", "{v}");
    let pace = &v["coaching"]["pace"];
    assert_eq!(f(&pace["wpm"]), f(&v["words_a_minute"]["value"]));
    assert!(pace["words"].as_u64().is_some_and(|n| n >= 12), "{pace}");
    for key in ["fillers", "tics", "hedges"] {
        assert!(v["coaching"][key].is_array(), "{key}: {v}");
    }
    let star = &v["coaching"]["star"];
    assert!(star["i_words"].as_u64() >= Some(1), "{star}");
    assert_eq!(
        star["result_stated"], true,
        "\"shipped\" at the end: {star}"
    );
}

#[test]
fn without_a_model_the_report_is_as_before_and_says_how_to_add_one() {
    let s = Scratch::new();
    let run = |args: &[&str]| {
        let out = s
            .cmd()
            .arg("analyze")
            .arg(fixture("speech/speech.wav"))
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success());
        assert_eq!(out.stderr, b"");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let plain = run(&["--no-transcript"]);
    let with_hint = run(&[]);
    let hint = with_hint.strip_prefix(plain.as_str()).expect(&with_hint);
    assert!(
        hint.starts_with("No transcript: add a speech model with `rehearse models install PATH`"),
        "{hint}"
    );
    assert!(!plain.contains("Transcript") && !plain.contains("wpm from words"));
    let v = analyze_json(&s, &fixture("speech/speech.wav"), &[]);
    assert!(v["transcript"].is_null() && v["coaching"].is_null(), "{v}");
    assert_eq!(v["words_a_minute"]["basis"], "estimate", "{v}");
    assert_eq!(v["words_a_minute"]["value"], v["wpm"]);
}

#[test]
fn a_model_that_cannot_be_read_is_refused_before_the_analysis() {
    let s = Scratch::new();
    let bad = s.file("ggml-bad.bin", b"not a model at all");
    let out = s
        .cmd()
        .arg("analyze")
        .arg(fixture("speech/speech.wav"))
        .arg("--model")
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("rehearse: error: --model {}: ", bad.display())),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
