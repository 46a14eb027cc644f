//! A recording's 10 ms levels: the [`Envelope`] its samples stream into,
//! with the voice figures of each frame.

use super::frames::Frames;
use super::level::power_db;
pub use super::level::{SILENT_DB, to_db};
use super::voice::VoiceTracker;
use crate::session::analysis::Span;
use std::time::Duration;

/// A sample at or above this magnitude counts as clipped.
const CLIP_LEVEL: f32 = 0.999;

/// Turns a stream of mono samples into an [`Envelope`], 10 ms at a time.
#[derive(Debug)]
pub struct EnvelopeBuilder {
    sample_rate: u32,
    frame_samples: usize,
    /// Samples of the frame in progress (fewer than `frame_samples`).
    pending: Vec<f32>,
    frames: Frames,
    samples: u64,
    peak: f32,
    clipped: u64,
    voice: VoiceTracker,
}

impl EnvelopeBuilder {
    /// A builder for samples at `sample_rate` Hz (0 is taken as 1).
    pub fn new(sample_rate: u32) -> EnvelopeBuilder {
        let sample_rate = sample_rate.max(1);
        let frame_samples = ((u64::from(sample_rate) + 50) / 100).max(1) as usize;
        EnvelopeBuilder {
            sample_rate,
            frame_samples,
            pending: Vec::with_capacity(frame_samples),
            frames: Frames::default(),
            samples: 0,
            peak: 0.0,
            clipped: 0,
            voice: VoiceTracker::new(sample_rate),
        }
    }

    /// Adds mono samples (full scale is −1..1); chunks may be any size.
    pub fn push(&mut self, samples: &[f32]) {
        self.samples += samples.len() as u64;
        let mut rest = samples;
        if !self.pending.is_empty() {
            let take = (self.frame_samples - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() < self.frame_samples {
                return;
            }
            let pending = std::mem::take(&mut self.pending);
            self.record(&pending);
            self.pending = pending;
            self.pending.clear();
        }
        let mut frames = rest.chunks_exact(self.frame_samples);
        for frame in &mut frames {
            self.record(frame);
        }
        self.pending.extend_from_slice(frames.remainder());
    }

    fn record(&mut self, frame: &[f32]) {
        let stats = frame_stats(frame);
        self.peak = self.peak.max(stats.peak);
        self.clipped += u64::from(stats.clipped);
        let voice = self.voice.frame(frame, stats.level_db);
        self.frames.push(stats.level_db, voice);
    }

    /// Ends the stream; a final partial frame counts as a frame.
    pub fn finish(mut self) -> Envelope {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.record(&pending);
        }
        let rate = u64::from(self.sample_rate);
        let nanos = u128::from(self.samples) * 1_000_000_000 / u128::from(rate);
        Envelope {
            sample_rate: self.sample_rate,
            frame_samples: self.frame_samples as u32,
            frame: Duration::from_nanos((self.frame_samples as u64 * 1_000_000_000 / rate).max(1)),
            frames: self.frames,
            total: duration_from_nanos(nanos),
            samples: self.samples,
            peak: self.peak,
            clipped_samples: self.clipped,
        }
    }
}

fn duration_from_nanos(nanos: u128) -> Duration {
    let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    Duration::new(secs, (nanos % 1_000_000_000) as u32)
}

struct FrameStats {
    level_db: f32,
    peak: f32,
    clipped: u32,
}

/// RMS level of one frame about its own mean (so DC offset does not count)
/// and its peak; the clipped samples are counted only in the rare frame whose
/// peak reaches full scale. Eight independent lanes let the compiler
/// vectorise; two passes keep the variance exact even under a large offset.
fn frame_stats(x: &[f32]) -> FrameStats {
    const LANES: usize = 8;
    let mut sum = [0f32; LANES];
    let mut peak = [0f32; LANES];
    let chunks = x.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks.clone() {
        for i in 0..LANES {
            sum[i] += c[i];
            let a = c[i].abs();
            peak[i] = if a > peak[i] { a } else { peak[i] };
        }
    }
    let mut total = sum.iter().sum::<f32>();
    let mut top = peak.iter().fold(0f32, |m, &p| m.max(p));
    for &s in tail {
        total += s;
        let a = s.abs();
        top = if a > top { a } else { top };
    }
    let clipped = if top >= CLIP_LEVEL {
        x.iter().filter(|s| s.abs() >= CLIP_LEVEL).count() as u32
    } else {
        0
    };
    let n = x.len().max(1) as f32;
    let mean = total / n;
    let mut sq = [0f32; LANES];
    for c in chunks {
        for i in 0..LANES {
            let d = c[i] - mean;
            sq[i] += d * d;
        }
    }
    let mut sumsq = sq.iter().sum::<f32>();
    for &s in tail {
        let d = s - mean;
        sumsq += d * d;
    }
    FrameStats {
        level_db: power_db(sumsq / n),
        peak: top,
        clipped,
    }
}

/// Per-10 ms levels of a whole recording: what the analysis works from.
#[derive(Debug)]
pub struct Envelope {
    /// Samples per second of the source.
    pub sample_rate: u32,
    /// Samples per frame (the sample rate / 100, rounded).
    pub frame_samples: u32,
    /// Length of one frame (10 ms, give or take rounding of odd rates).
    pub frame: Duration,
    /// Each frame's RMS level about its mean, in dBFS (≥ [`SILENT_DB`]),
    /// and what it shows of a voice: what syllable nuclei and filled pauses
    /// are found from.
    pub frames: Frames,
    /// Length of the recording.
    pub total: Duration,
    /// Number of mono samples.
    pub samples: u64,
    /// Largest sample magnitude, linear (1.0 is full scale).
    pub peak: f32,
    /// Samples at full scale: clipping.
    pub clipped_samples: u64,
}

impl Envelope {
    /// Every frame's level, in order (all of them in memory at once: for
    /// short recordings and tests).
    pub fn levels_db(&self) -> Vec<f32> {
        let mut levels = Vec::new();
        self.frames.read(0..self.frames.len(), &mut levels, None);
        levels
    }

    /// When frame `index` starts (the end of the recording for indexes past it).
    pub fn time_at(&self, index: usize) -> Duration {
        let nanos = index as u128 * u128::from(self.frame_samples) * 1_000_000_000
            / u128::from(self.sample_rate.max(1));
        duration_from_nanos(nanos).min(self.total)
    }

    /// The span from frame `start` to frame `end`.
    pub(super) fn span(&self, (start, end): (usize, usize)) -> Span {
        let start_at = self.time_at(start);
        Span {
            start: start_at,
            length: self.time_at(end) - start_at,
        }
    }
}
