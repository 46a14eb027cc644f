//! What a recording shows about the speaker: when the first word came, how
//! long they spoke, where they paused. Pure functions over samples, no I/O.
//!
//! Samples stream through an [`EnvelopeBuilder`] into an [`Envelope`]: one
//! RMS level per 10 ms frame (DC removed per frame), kept in memory for the
//! latest 82 s and in a temporary file before that (`frames`), so memory
//! stays the same however long the recording. [`analyze`] reads them back
//! in a few passes and decides speech or silence per frame with thresholds
//! adapted to the recording:
//!
//! 1. the noise floor is the 10th percentile of frame levels (digital silence
//!    counts as −100 dBFS); the speech level is the 90th percentile of the
//!    frames at least 12 dB above the floor. No such frame, or a speech level
//!    under −70 dBFS, means no speech.
//! 2. a frame *starts* speech at `max(floor + 9 dB, speech − 30 dB, −75 dBFS)`
//!    and speech *continues* down to 6 dB below that (but at least 4 dB above
//!    the floor): hysteresis, so a word's quiet edges stay part of it.
//! 3. gaps shorter than 250 ms are bridged (stops before plosives, breaths
//!    between words), then stretches shorter than 60 ms are dropped (clicks).
//!
//! Leading and trailing silence are reported as such, never as pauses.
//!
//! The same pass keeps a few numbers a frame about the voice ([`VoiceFrame`],
//! measured in `voice`), from which [`analyze`] counts syllable nuclei for
//! the speaking rate (`pace`) and finds filled pauses (`fillers`); the
//! docs/analysis.md describes both and how accurate they are.

pub use super::envelope::{Envelope, EnvelopeBuilder, SILENT_DB, to_db};
use super::level::{Histogram, SPEECH_PERCENTILE};
use super::pace;
pub use super::pace::{PartPace, SYLLABLES_PER_WORD, pace_within, set_pace};
pub use super::voice::VoiceFrame;
use crate::session::analysis::{Analysis, Levels, Span};
use std::time::Duration;

/// Pauses at least this long are reported unless the caller says otherwise.
pub const DEFAULT_PAUSE: Duration = Duration::from_millis(1500);
/// Gaps in speech shorter than this are part of the speech (plosives, breaths).
pub const BRIDGE: Duration = Duration::from_millis(250);
/// Sounds shorter than this are not speech (clicks, pops).
pub const MIN_SPEECH: Duration = Duration::from_millis(60);

/// Digital silence counts as this when estimating the noise floor.
const FLOOR_MIN_DB: f32 = -100.0;
/// Percentile of frame levels taken as the noise floor.
const FLOOR_PERCENTILE: f64 = 0.10;
/// Frames this far above the floor are candidate speech.
const LOUD_RISE_DB: f32 = 12.0;
/// A speech level below this is not a voice at a microphone.
const MIN_SPEECH_DB: f32 = -70.0;
/// Speech starts this far above the floor …
const ON_ABOVE_FLOOR_DB: f32 = 9.0;
/// … or this far below the speech level, whichever is higher …
const ON_BELOW_SPEECH_DB: f32 = 30.0;
/// … but never below this.
const ON_MIN_DB: f32 = -75.0;
/// Speech continues down to this far below the start threshold …
const HYSTERESIS_DB: f32 = 6.0;
/// … but not closer to the floor than this.
const OFF_ABOVE_FLOOR_DB: f32 = 4.0;

/// How [`analyze`] reports pauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Silences between words at least this long are reported as pauses.
    pub pause: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            pause: DEFAULT_PAUSE,
        }
    }
}

/// The speech/silence decision for a whole envelope.
struct Detection {
    floor_db: f32,
    speech_db: Option<f32>,
    /// Speech as half-open frame ranges.
    segments: Vec<(usize, usize)>,
}

fn detect(env: &Envelope) -> Detection {
    let frames = &env.frames;
    let mut floor_hist = Histogram::default();
    frames.each_level(|l| floor_hist.add(l.max(FLOOR_MIN_DB)));
    let floor_db = floor_hist
        .percentile(FLOOR_PERCENTILE)
        .unwrap_or(FLOOR_MIN_DB);
    let mut loud_hist = Histogram::default();
    frames.each_level(|l| {
        if l >= floor_db + LOUD_RISE_DB {
            loud_hist.add(l);
        }
    });
    let speech_db = loud_hist
        .percentile(SPEECH_PERCENTILE)
        .filter(|&s| s >= MIN_SPEECH_DB);
    let Some(speech) = speech_db else {
        return Detection {
            floor_db,
            speech_db: None,
            segments: Vec::new(),
        };
    };
    let on = (floor_db + ON_ABOVE_FLOOR_DB)
        .max(speech - ON_BELOW_SPEECH_DB)
        .max(ON_MIN_DB);
    let off = (on - HYSTERESIS_DB).max(floor_db + OFF_ABOVE_FLOOR_DB);

    let frames_in =
        |d: Duration| -> usize { (d.as_nanos().div_ceil(env.frame.as_nanos().max(1))) as usize };
    let bridge = frames_in(BRIDGE);
    let min_len = frames_in(MIN_SPEECH);
    // Runs above `off` that reach `on` somewhere (hysteresis both ways),
    // merged across gaps under `bridge`; a merged run is kept once the next
    // one is too far away to join it, if it is long enough.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut add = |run: (usize, usize)| match &mut open {
        Some(last) if run.0 - last.1 < bridge => last.1 = run.1,
        _ => {
            merged.extend(open.replace(run).filter(|&(s, e)| e - s >= min_len));
        }
    };
    let mut start = None;
    let mut reached = false;
    let mut i = 0;
    let mut step = |l: f32| {
        match (start, l >= off) {
            (None, true) => {
                start = Some(i);
                reached = l >= on;
            }
            (Some(_), true) => reached |= l >= on,
            (Some(s), false) => {
                if reached {
                    add((s, i));
                }
                start = None;
            }
            (None, false) => {}
        }
        i += 1;
    };
    frames.each_level(&mut step);
    step(SILENT_DB);
    merged.extend(open.filter(|&(s, e)| e - s >= min_len));
    let speech_db = if merged.is_empty() {
        None
    } else {
        Some(speech)
    };
    Detection {
        floor_db,
        speech_db,
        segments: merged,
    }
}

/// Peak, noise floor and speech level of a recording, for a microphone check.
pub fn levels(env: &Envelope) -> Levels {
    levels_from(env, &detect(env))
}

fn levels_from(env: &Envelope, det: &Detection) -> Levels {
    Levels {
        peak_db: round_db(to_db(env.peak)),
        floor_db: round_db(det.floor_db),
        speech_db: det.speech_db.map(round_db),
        speech_seen: det.speech_db.is_some(),
        clipped_samples: env.clipped_samples,
    }
}

fn round_db(db: f32) -> f32 {
    (db * 10.0).round() / 10.0
}

/// Speech, silence and pauses in a recording.
pub fn analyze(env: &Envelope, options: &Options) -> Analysis {
    let det = detect(env);
    let speech: Vec<Span> = det.segments.iter().map(|&s| env.span(s)).collect();
    let gaps: Vec<Span> = speech
        .windows(2)
        .map(|w| Span {
            start: w[0].end(),
            length: w[1].start.saturating_sub(w[0].end()),
        })
        .collect();
    let speaking: Duration = speech.iter().map(|s| s.length).sum();
    let longest_pause = gaps
        .iter()
        .copied()
        .fold(None, |best: Option<Span>, g| match best {
            Some(b) if b.length >= g.length => Some(b),
            _ => Some(g),
        });
    let total = env.total;
    let mut analysis = Analysis {
        length: total,
        first_word: speech.first().map(|s| s.start),
        speaking,
        speaking_ratio: if total.is_zero() {
            0.0
        } else {
            let r = (speaking.as_secs_f64() / total.as_secs_f64()).min(1.0);
            (r * 1000.0).round() / 1000.0
        },
        pause_threshold: options.pause,
        pauses: gaps
            .into_iter()
            .filter(|g| g.length >= options.pause)
            .collect(),
        longest_pause,
        trailing_silence: speech.last().map(|s| total.saturating_sub(s.end())),
        levels: levels_from(env, &det),
        speech,
        syllables: 0,
        pace_time: Duration::ZERO,
        syllables_per_second: None,
        wpm: None,
        fillers: Vec::new(),
        fillers_per_minute: None,
        nuclei: Vec::new(),
    };
    pace::measure(env, &det.segments, &mut analysis);
    analysis
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::level::{MAX_DB, power_db};

    const RATE: u32 = 16_000;

    /// A test signal built piece by piece, with a noise bed added at the end.
    struct Signal {
        samples: Vec<f32>,
        seed: u32,
    }

    impl Signal {
        fn new() -> Signal {
            Signal {
                samples: Vec::new(),
                seed: 0x1234_5678,
            }
        }

        fn rand(&mut self) -> f32 {
            self.seed ^= self.seed << 13;
            self.seed ^= self.seed >> 17;
            self.seed ^= self.seed << 5;
            (self.seed as f32 / u32::MAX as f32) * 2.0 - 1.0
        }

        fn len(secs: f64) -> usize {
            (secs * f64::from(RATE)).round() as usize
        }

        fn silence(mut self, secs: f64) -> Signal {
            self.samples
                .extend(std::iter::repeat_n(0.0, Self::len(secs)));
            self
        }

        /// A voiced-sounding burst: a 180 Hz tone with some noise, peak `amp`.
        fn burst(mut self, secs: f64, amp: f32) -> Signal {
            let start = self.samples.len();
            for i in 0..Self::len(secs) {
                let t = (start + i) as f32 / RATE as f32;
                let tone = (2.0 * std::f32::consts::PI * 180.0 * t).sin();
                let x = amp * (0.8 * tone + 0.2 * self.rand());
                self.samples.push(x);
            }
            self
        }

        /// A held vowel-like sound (three harmonics) whose pitch glides from
        /// `from` to `to` Hz, at peak `amp` scaled by `shape(t)` for t in 0..1.
        fn held(
            mut self,
            secs: f64,
            from: f32,
            to: f32,
            amp: f32,
            shape: fn(f32) -> f32,
        ) -> Signal {
            let n = Self::len(secs);
            let mut phase = 0f32;
            for i in 0..n {
                let t = i as f32 / n as f32;
                phase += 2.0 * std::f32::consts::PI * (from + (to - from) * t) / RATE as f32;
                let wave = phase.sin() + 0.5 * (2.0 * phase).sin() + 0.25 * (3.0 * phase).sin();
                let edge = (i.min(n - i) as f32 / 160.0).min(1.0);
                self.samples.push(amp * 0.5 * edge * shape(t) * wave);
            }
            self
        }

        /// Adds white noise at `db` dBFS RMS over everything so far.
        fn noise_bed(mut self, db: f32) -> Signal {
            let a = 10f32.powf(db / 20.0) * 3f32.sqrt();
            for i in 0..self.samples.len() {
                let n = a * self.rand();
                self.samples[i] += n;
            }
            self
        }

        fn map(mut self, f: impl Fn(f32) -> f32) -> Signal {
            self.samples.iter_mut().for_each(|x| *x = f(*x));
            self
        }

        fn envelope(&self) -> Envelope {
            let mut b = EnvelopeBuilder::new(RATE);
            b.push(&self.samples);
            b.finish()
        }

        fn analyze(&self) -> Analysis {
            analyze(&self.envelope(), &Options::default())
        }
    }

    /// Silence 1.0 s, speech 0.8 s, pause 2.0 s, speech 0.5 s, a 0.2 s
    /// stop (bridged), speech 0.5 s, gap 0.9 s, speech 0.6 s, silence 1.0 s.
    fn answer(amp: f32) -> Signal {
        Signal::new()
            .silence(1.0)
            .burst(0.8, amp)
            .silence(2.0)
            .burst(0.5, amp)
            .silence(0.2)
            .burst(0.5, amp)
            .silence(0.9)
            .burst(0.6, amp)
            .silence(1.0)
    }

    fn secs(d: Duration) -> f64 {
        d.as_secs_f64()
    }

    #[track_caller]
    fn near(got: Duration, want: f64, tol: f64) {
        assert!(
            (secs(got) - want).abs() <= tol,
            "got {:.3} s, want {want:.3} s ± {tol}",
            secs(got)
        );
    }

    /// Checks the boundaries of [`answer`] to within `tol` seconds.
    #[track_caller]
    fn check_answer(a: &Analysis, tol: f64) {
        let spans: Vec<(f64, f64)> = a
            .speech
            .iter()
            .map(|s| (secs(s.start), secs(s.end())))
            .collect();
        assert_eq!(a.speech.len(), 3, "speech {spans:?}");
        let want = [(1.0, 1.8), (3.8, 5.0), (5.9, 6.5)];
        for (s, (a0, a1)) in a.speech.iter().zip(want) {
            near(s.start, a0, tol);
            near(s.end(), a1, tol);
        }
        near(a.first_word.expect("speech"), 1.0, tol);
        assert_eq!(a.pauses.len(), 1, "pauses {:?}", a.pauses);
        near(a.pauses[0].start, 1.8, tol);
        near(a.pauses[0].length, 2.0, 2.0 * tol);
        assert_eq!(a.longest_pause, Some(a.pauses[0]));
        near(a.trailing_silence.expect("speech"), 1.0, tol);
        near(a.speaking, 2.6, 4.0 * tol);
        near(a.length, 7.5, 0.001);
    }

    #[test]
    fn envelope_is_the_same_whatever_the_chunk_sizes() {
        let sig = answer(0.5).noise_bed(-60.0);
        let contents = |env: &Envelope| {
            let (mut levels, mut voice) = (Vec::new(), Vec::new());
            env.frames
                .read(0..env.frames.len(), &mut levels, Some(&mut voice));
            (
                levels,
                voice,
                env.total,
                env.samples,
                env.peak,
                env.clipped_samples,
            )
        };
        let whole = contents(&sig.envelope());
        for chunk in [1, 7, 159, 160, 161, 4096] {
            let mut b = EnvelopeBuilder::new(RATE);
            for c in sig.samples.chunks(chunk) {
                b.push(c);
            }
            assert_eq!(contents(&b.finish()), whole, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_long_recording_read_back_in_blocks_gives_what_the_whole_would() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pace/conflict-us-140-fillers.wav"
        );
        let mut clip = crate::audio::wavfile::MonoStream::open(path.as_ref()).unwrap();
        let mut b = EnvelopeBuilder::new(clip.format().sample_rate);
        let (mut block, mut samples) = (Vec::new(), Vec::new());
        while clip.read(&mut block).unwrap() > 0 {
            samples.extend_from_slice(&block);
        }
        for _ in 0..4 {
            b.push(&samples);
        }
        let env = b.finish();
        let n = env.frames.len();
        assert!(
            n > 2 * super::super::frames::CHUNK,
            "{n} frames: more than a block"
        );
        let a = analyze(&env, &Options::default());
        let mut whole = a.clone();
        let one = super::super::pace::Block {
            frames: 0..n,
            segments: detect(&env).segments,
        };
        super::super::pace::measure_in(&env, &[one], &mut whole);
        assert_eq!(a, whole);
        assert!(a.syllables > 100 && a.fillers.len() >= 8, "{a:?}");
        // A sound with no gap for longer than a block is looked at in pieces.
        let tone = Signal::new()
            .silence(10.0)
            .burst(100.0, 0.3)
            .silence(10.0)
            .analyze();
        assert_eq!(tone.speech.len(), 1);
        assert_eq!(secs(tone.speaking), 100.0);
    }

    #[test]
    fn envelope_has_one_level_per_10_ms_and_counts_a_partial_last_frame() {
        let mut b = EnvelopeBuilder::new(RATE);
        b.push(&vec![0.1; 16_050]);
        let env = b.finish();
        assert_eq!(env.frame, Duration::from_millis(10));
        assert_eq!(env.frame_samples, 160);
        assert_eq!(env.frames.len(), 101);
        assert_eq!(env.total, Duration::from_micros(1_003_125));
        assert_eq!(env.samples, 16_050);
        assert_eq!(env.time_at(100), Duration::from_secs(1));
        assert_eq!(env.time_at(101), env.total, "clamped to the end");
    }

    #[test]
    fn odd_rates_round_the_frame_and_keep_times_exact() {
        let mut b = EnvelopeBuilder::new(22_050);
        b.push(&vec![0.0; 22_050 * 3]);
        let env = b.finish();
        assert_eq!(env.frame_samples, 221);
        assert_eq!(env.total, Duration::from_secs(3));
        assert_eq!(env.time_at(100), Duration::from_nanos(1_002_267_573));
        assert_eq!(env.time_at(300), env.total);
        // A zero rate is nonsense but must not divide by zero.
        let mut b = EnvelopeBuilder::new(0);
        b.push(&[0.5, -0.5]);
        assert_eq!(b.finish().total, Duration::from_secs(2));
    }

    #[test]
    fn power_db_agrees_with_log10_to_a_thousandth_of_a_db() {
        for i in 0..=4000 {
            let p = 10f32.powf(-12.0 + i as f32 * 0.003_1);
            let want = 10.0 * p.log10();
            assert!(
                (power_db(p) - want).abs() < 1e-3,
                "{p}: {} vs {want}",
                power_db(p)
            );
        }
        assert_eq!(power_db(0.0), SILENT_DB);
        assert_eq!(power_db(-1.0), SILENT_DB);
        assert_eq!(power_db(f32::NAN), SILENT_DB);
        assert_eq!(power_db(f32::INFINITY), MAX_DB);
        assert_eq!(power_db(1e30), MAX_DB);
    }

    #[test]
    fn full_scale_sine_measures_minus_3_db_and_counts_as_clipped() {
        let sine: Vec<f32> = (0..1600)
            .map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / RATE as f32).sin())
            .collect();
        let mut b = EnvelopeBuilder::new(RATE);
        b.push(&sine);
        let env = b.finish();
        for l in &env.levels_db() {
            assert!((l + 3.01).abs() < 0.05, "level {l}");
        }
        assert!(env.peak > 0.999);
        assert!(env.clipped_samples > 0);
        assert_eq!(levels(&env).peak_db, 0.0);
    }

    #[test]
    fn dc_offset_does_not_count_as_signal() {
        let clean = Signal::new().burst(1.0, 0.01).envelope();
        let shifted = Signal::new().burst(1.0, 0.01).map(|x| x + 0.4).envelope();
        for (a, b) in clean.levels_db().iter().zip(&shifted.levels_db()) {
            assert!((a - b).abs() < 0.1, "{a} vs {b}");
        }
        // A constant offset alone is silence.
        let dc = Signal::new().silence(2.0).map(|x| x + 0.25).envelope();
        assert!(
            dc.levels_db().iter().all(|&l| l < -90.0),
            "{:?}",
            &dc.levels_db()[..5]
        );
        assert!(!levels(&dc).speech_seen);
    }

    #[test]
    fn speech_and_pauses_are_found_at_their_boundaries() {
        check_answer(&answer(0.5).noise_bed(-65.0).analyze(), 0.03);
    }

    #[test]
    fn offset_speech_is_analysed_like_centred_speech() {
        check_answer(
            &answer(0.3).noise_bed(-65.0).map(|x| x - 0.5).analyze(),
            0.03,
        );
    }

    #[test]
    fn very_quiet_speech_over_a_low_floor_is_still_speech() {
        // Peaks near -45 dBFS over a -80 dBFS floor.
        let a = answer(0.0056).noise_bed(-80.0).analyze();
        check_answer(&a, 0.03);
        assert!(a.levels.floor_db < -79.0 && a.levels.floor_db > -82.0);
        assert!(a.levels.speech_db.expect("speech") < -45.0);
    }

    #[test]
    fn clipped_speech_keeps_its_boundaries_and_reports_clipping() {
        let a = answer(5.0).map(|x| x.clamp(-1.0, 1.0)).analyze();
        check_answer(&a, 0.03);
        assert_eq!(a.levels.peak_db, 0.0);
        assert!(a.levels.clipped_samples > 10_000);
    }

    #[test]
    fn noisy_speech_at_20_db_snr_keeps_its_boundaries() {
        // Burst RMS is about -12 dBFS at amplitude 0.4; noise 20 dB below it.
        check_answer(&answer(0.4).noise_bed(-32.0).analyze(), 0.06);
    }

    #[test]
    fn digital_silence_has_no_speech_and_no_pauses() {
        let a = Signal::new().silence(3.0).analyze();
        assert_eq!(a.first_word, None);
        assert_eq!(a.speaking, Duration::ZERO);
        assert_eq!(a.speaking_ratio, 0.0);
        assert!(a.pauses.is_empty());
        assert_eq!(a.longest_pause, None);
        assert_eq!(a.trailing_silence, None);
        assert!(a.speech.is_empty());
        assert_eq!(a.length, Duration::from_secs(3));
        assert!(!a.levels.speech_seen);
        assert_eq!(a.levels.speech_db, None);
        assert_eq!(a.levels.floor_db, -100.0);
        assert_eq!(a.levels.peak_db, SILENT_DB);
    }

    #[test]
    fn steady_room_noise_is_not_speech() {
        for db in [-70.0, -50.0, -30.0] {
            let a = Signal::new().silence(5.0).noise_bed(db).analyze();
            assert!(a.speech.is_empty(), "noise at {db} dBFS: {:?}", a.speech);
            assert!(
                (a.levels.floor_db - db).abs() < 1.5,
                "{}",
                a.levels.floor_db
            );
        }
    }

    #[test]
    fn a_faint_hum_under_minus_70_dbfs_is_not_speech() {
        // Well above its floor, but far too quiet for a voice at a microphone.
        let a = Signal::new()
            .silence(1.0)
            .burst(1.0, 0.0003)
            .silence(1.0)
            .analyze();
        assert!(a.speech.is_empty(), "{:?}", a.speech);
    }

    #[test]
    fn empty_input_gives_an_empty_analysis() {
        let env = EnvelopeBuilder::new(RATE).finish();
        assert_eq!(env.total, Duration::ZERO);
        assert!(env.frames.is_empty());
        let a = analyze(&env, &Options::default());
        assert_eq!(a.length, Duration::ZERO);
        assert_eq!(a.first_word, None);
        assert_eq!(a.speaking_ratio, 0.0);
        assert!(a.pauses.is_empty());
    }

    #[test]
    fn clicks_shorter_than_60_ms_are_not_speech() {
        let click_only = Signal::new()
            .silence(1.0)
            .burst(0.03, 0.8)
            .silence(2.0)
            .noise_bed(-70.0)
            .analyze();
        assert!(click_only.speech.is_empty(), "{:?}", click_only.speech);
        assert!(!click_only.levels.speech_seen);

        let click_then_speech = Signal::new()
            .silence(0.5)
            .burst(0.04, 0.8)
            .silence(1.5)
            .burst(1.0, 0.3)
            .silence(0.5)
            .noise_bed(-70.0)
            .analyze();
        near(click_then_speech.first_word.expect("speech"), 2.04, 0.02);
        assert_eq!(click_then_speech.speech.len(), 1);
    }

    #[test]
    fn short_gaps_between_words_are_bridged_and_longer_ones_are_gaps() {
        for (gap, joined) in [(0.1, true), (0.24, true), (0.3, false), (0.6, false)] {
            let a = Signal::new()
                .silence(0.5)
                .burst(0.4, 0.3)
                .silence(gap)
                .burst(0.4, 0.3)
                .silence(0.5)
                .analyze();
            let want = if joined { 1 } else { 2 };
            assert_eq!(a.speech.len(), want, "gap {gap}: {:?}", a.speech);
        }
    }

    #[test]
    fn the_pause_option_sets_which_silences_count_as_pauses() {
        let env = answer(0.5).envelope();
        let counts: Vec<usize> = [0.5, 0.95, 1.5, 2.5]
            .iter()
            .map(|&p| {
                let o = Options {
                    pause: Duration::from_secs_f64(p),
                };
                analyze(&env, &o).pauses.len()
            })
            .collect();
        assert_eq!(counts, [2, 1, 1, 0]);
        let a = analyze(&env, &Options::default());
        assert_eq!(a.pause_threshold, DEFAULT_PAUSE);
        // Lead-in and the end are silence, never pauses.
        assert!(a.pauses.iter().all(|p| p.start > Duration::from_secs(1)));
        assert!(
            a.pauses
                .iter()
                .all(|p| p.end() < Duration::from_millis(6500))
        );
    }

    #[test]
    fn levels_report_peak_floor_and_speech() {
        let l = levels(&answer(0.5).noise_bed(-60.0).envelope());
        assert!((l.peak_db - -6.0).abs() < 0.6, "peak {}", l.peak_db);
        assert!((l.floor_db - -60.6).abs() < 1.0, "floor {}", l.floor_db);
        let speech = l.speech_db.expect("speech");
        assert!((-12.0..=-6.0).contains(&speech), "speech {speech}");
        assert!(l.speech_seen);
        assert_eq!(l.clipped_samples, 0);
    }

    #[test]
    fn analysis_serialises_durations_as_seconds() {
        let a = answer(0.5).analyze();
        let json = serde_json::to_value(&a).expect("serialise");
        assert_eq!(json["first_word"], 1.0);
        assert_eq!(json["length"], 7.5);
        assert_eq!(json["pause_threshold"], 1.5);
        assert_eq!(json["pauses"][0]["start"], 1.8);
        assert_eq!(json["pauses"][0]["length"], 2.0);
        assert_eq!(json["trailing_silence"], 1.0);
        assert!(json["speaking_ratio"].as_f64().is_some());

        let none = Signal::new().silence(1.0).analyze();
        let json = serde_json::to_value(&none).expect("serialise");
        assert!(json["first_word"].is_null());
        assert!(json["trailing_silence"].is_null());
    }

    #[test]
    fn a_held_vowel_is_a_filler_not_a_gliding_one_two_vowels_nor_a_run_on() {
        let fillers = |from: f32, to: f32, shape: fn(f32) -> f32| {
            let sig = Signal::new()
                .silence(1.0)
                .held(0.6, from, to, 0.5, shape)
                .silence(1.0)
                .noise_bed(-70.0);
            sig.analyze().fillers
        };
        let held = fillers(150.0, 150.0, |_| 1.0);
        assert_eq!(held.len(), 1, "{held:?}");
        near(held[0].start, 1.0, 0.05);
        // Down four semitones, as a phrase's last vowel falls.
        assert_eq!(fillers(150.0, 119.0, |_| 1.0), []);
        // Two vowels at one pitch: 8 dB down between them.
        let two = |t: f32| if (0.4..0.6).contains(&t) { 0.4 } else { 1.0 };
        assert_eq!(fillers(150.0, 150.0, two), []);
        // Running on into a quieter syllable 40 ms later.
        let run_on = Signal::new()
            .silence(1.0)
            .held(0.6, 150.0, 150.0, 0.5, |_| 1.0)
            .silence(0.04)
            .held(0.2, 190.0, 190.0, 0.3, |_| 1.0)
            .silence(1.0)
            .noise_bed(-70.0);
        assert_eq!(run_on.analyze().fillers, []);
    }

    #[test]
    fn pace_within_parts_adds_up_to_the_whole() {
        let a = answer(0.5).analyze();
        let whole = pace_within(&a, &[(Duration::ZERO, a.length)]);
        assert_eq!(whole.syllables as u32, a.syllables);
        assert_eq!(whole.pace_time, a.pace_time);
        let mid = Duration::from_millis(3000);
        let first = pace_within(&a, &[(Duration::ZERO, mid)]);
        let second = pace_within(&a, &[(mid, a.length)]);
        assert_eq!(first.syllables + second.syllables, whole.syllables);
        assert_eq!(first.pace_time + second.pace_time, whole.pace_time);
        // Two visits count as one part.
        let both = pace_within(&a, &[(Duration::ZERO, mid), (mid, a.length)]);
        assert_eq!(both, whole);
        // Read back from a session, the syllables' times are unknown.
        let mut stored = a.clone();
        stored.nuclei.clear();
        if stored.syllables > 0 {
            assert_eq!(
                pace_within(&stored, &[(Duration::ZERO, a.length)]).wpm,
                None
            );
        }
    }

    #[test]
    fn garbage_float_samples_do_not_poison_the_analysis() {
        let mut sig = answer(0.5);
        sig.samples[100] = f32::NAN;
        sig.samples[200] = f32::INFINITY;
        let env = sig.envelope();
        assert!(env.levels_db().iter().all(|l| l.is_finite()));
        assert_eq!(analyze(&env, &Options::default()).speech.len(), 3);
    }
}
