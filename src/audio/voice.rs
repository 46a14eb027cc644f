//! The voice features behind pace and filled pauses, measured in the same
//! streaming pass as the levels: each 10 ms frame, the signal low-passed and
//! decimated to about 4 kHz (block averages), and over the 40 ms that end
//! with the frame the level of that band, how periodic it is and at what
//! pitch, and a one-number spectral shape. A few numbers a frame and a
//! window of fixed length, so memory stays bounded.

use super::level::{SILENT_DB, power_db};

/// Rate the voice features are measured at: enough for the pitch and the
/// first formant, where vowels carry their energy.
const VOICE_RATE: u32 = 4000;
/// Window of the pitch estimate, seconds: two periods of a 50 Hz voice.
const VOICE_WINDOW: f64 = 0.040;
/// A band quieter than this (dBFS) is not a voice at a microphone (speech is
/// only found from −70 dBFS over the whole band): no pitch is looked for.
const VOICE_MIN_DB: f32 = -80.0;
/// A coarse correlation under this is not voiced (nuclei need 0.5, filled
/// pauses 0.6 at the full rate): it is not refined.
const UNVOICED: f32 = 0.4;
/// After a measurement at least this periodic, the next looks for the pitch
/// within `TRACK_RANGE` of it (a ratio) …
const TRACK_VOICING: f32 = 0.7;
const TRACK_RANGE: f64 = 1.4;
/// The pitch is measured every this many frames and held in between.
const PITCH_HOP: u64 = 4;
/// How fast the loudest recent band level falls back, dB a frame (3 dB a second).
const VOICE_FALL_DB: f32 = 0.03;
/// Frames this far under the loudest recent frame are pauses: not even
/// decimated (dB).
const PAUSE_BELOW_LOUDEST_DB: f32 = 40.0;
/// Frames this far under the loudest recent level get no pitch (dB).
const VOICE_BELOW_LOUDEST_DB: f32 = 30.0;
/// Lowest and highest pitch looked for, Hz.
const PITCH_MIN_HZ: f64 = 75.0;
const PITCH_MAX_HZ: f64 = 400.0;
/// The shortest lag whose correlation is this close to the best one is the
/// period: a period's multiples correlate as well, and must not win.
const OCTAVE_MARGIN: f32 = 0.85;

/// What one 10 ms frame shows of a voice, measured on the signal low-passed
/// and decimated to about 4 kHz (block averages) over the 40 ms that end
/// with the frame. A few numbers a frame, so memory stays bounded.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct VoiceFrame {
    /// Level of the band under about 2 kHz, dBFS: vowels are loud here,
    /// fricatives and hiss are not.
    pub low_db: f32,
    /// How periodic the band is: the best normalised autocorrelation over
    /// pitch lags, 0 to 1 (a vowel is over 0.7, noise under 0.3).
    pub voicing: f32,
    /// The pitch at that lag, Hz (0 when the band is silent).
    pub pitch_hz: f32,
    /// Normalised lag-one autocorrelation of the band, −1 to 1: one number
    /// for the shape of the spectrum (near 1 when the energy sits low).
    pub tilt: f32,
}

/// Decimates the stream by block averages and measures each frame's
/// [`VoiceFrame`]; the same whatever the chunk sizes.
#[derive(Debug, Clone)]
pub(super) struct VoiceTracker {
    factor: usize,
    /// Sum and count of the block in progress.
    acc: f32,
    acc_n: usize,
    /// Decimated samples, oldest first: the window (the latest `len`) and
    /// some before it.
    hist: Vec<f32>,
    /// Decimated samples added since the last frame.
    fresh: usize,
    /// Sum of the latest `len` decimated samples (the window).
    hist_sum: f32,
    /// The loudest band level lately, dB (see `measure`).
    loudest: f32,
    /// The loudest frame level lately, dB (see `frame`).
    loudest_level: f32,
    /// Frames measured so far, and the last pitch measurement: the pitch is
    /// measured every `PITCH_HOP` frames (the window is four frames long,
    /// so every third frame loses little) and held in between, with the
    /// spectral tilt.
    frames: u64,
    held: (f32, f32, f32),
    len: usize,
    lag_min: usize,
    lag_max: usize,
    rate: f64,
    /// Scratch: the window less its mean, the same at half the rate, and
    /// the correlation at each lag.
    window: Vec<f32>,
    half: Vec<f32>,
    corr: Vec<f32>,
}

impl VoiceTracker {
    pub(super) fn new(sample_rate: u32) -> VoiceTracker {
        let factor = ((sample_rate + VOICE_RATE / 2) / VOICE_RATE).max(1) as usize;
        let rate = f64::from(sample_rate) / factor as f64;
        let len = ((rate * VOICE_WINDOW).round() as usize).max(8);
        let lag_min = ((rate / PITCH_MAX_HZ).floor() as usize).max(2);
        let lag_max = ((rate / PITCH_MIN_HZ).ceil() as usize).clamp(lag_min, len / 2);
        VoiceTracker {
            factor,
            acc: 0.0,
            acc_n: 0,
            hist: vec![0.0; len],
            fresh: 0,
            hist_sum: 0.0,
            loudest: SILENT_DB,
            loudest_level: SILENT_DB,
            frames: 0,
            held: (0.0, 0.0, 0.0),
            len,
            lag_min,
            lag_max,
            rate,
            window: vec![0.0; len + PAD],
            half: vec![0.0; len / 2 + PAD],
            corr: vec![0.0; lag_max + 2],
        }
    }

    fn push_block(&mut self, sum: f32) {
        let sum = if sum.is_finite() { sum } else { 0.0 };
        self.hist.push(sum / self.factor as f32);
        self.fresh += 1;
    }

    /// Takes one frame of samples, whose level is `level_db`, and measures
    /// the window that ends with it.
    pub(super) fn frame(&mut self, x: &[f32], level_db: f32) -> VoiceFrame {
        // Far below the loudest recent frame: a pause. It is counted as
        // silence in the band without being decimated or measured.
        self.loudest_level = level_db.max(self.loudest_level - VOICE_FALL_DB);
        if level_db < self.loudest_level - PAUSE_BELOW_LOUDEST_DB {
            let samples = self.acc_n + x.len();
            self.acc = 0.0;
            self.acc_n = samples % self.factor;
            let before = self.hist.len();
            self.hist
                .extend(std::iter::repeat_n(0.0, samples / self.factor));
            self.fresh = 0;
            self.slide(before);
            self.frames += 1;
            self.held = (0.0, 0.0, 0.0);
            return VoiceFrame {
                low_db: SILENT_DB,
                ..VoiceFrame::default()
            };
        }
        let before = self.hist.len();
        let mut rest = x;
        if self.acc_n > 0 {
            let take = (self.factor - self.acc_n).min(rest.len());
            self.acc += block_sum(&rest[..take]);
            self.acc_n += take;
            rest = &rest[take..];
            if self.acc_n == self.factor {
                self.push_block(self.acc);
                self.acc = 0.0;
                self.acc_n = 0;
            }
        }
        let from = self.hist.len();
        let whole = rest.len() / self.factor * self.factor;
        block_sums(&rest[..whole], self.factor, &mut self.hist);
        let blocks = rest.chunks_exact(self.factor);
        let scale = 1.0 / self.factor as f32;
        for v in &mut self.hist[from..] {
            *v = if v.is_finite() { *v * scale } else { 0.0 };
        }
        self.fresh += self.hist.len() - from;
        let tail = blocks.remainder();
        if !tail.is_empty() {
            self.acc = block_sum(tail);
            self.acc_n = tail.len();
        }
        let fresh = std::mem::take(&mut self.fresh).clamp(1, self.len);
        self.slide(before);
        self.measure(fresh)
    }

    /// Moves the window to the latest `len` samples, `hist` having been
    /// `before` long: its sum is updated by what came and went (and measured
    /// afresh with every pitch, so rounding cannot build up). Old samples
    /// are dropped a few windows at a time, not every frame.
    fn slide(&mut self, before: usize) {
        let came = &self.hist[before..];
        let went = &self.hist[before - self.len..self.hist.len() - self.len];
        self.hist_sum += long_sum(came) - long_sum(went);
        if self.hist.len() > HIST_WINDOWS * self.len {
            self.hist.drain(..self.hist.len() - self.len);
        }
    }

    /// The latest `len` decimated samples.
    fn window(&self) -> &[f32] {
        &self.hist[self.hist.len() - self.len..]
    }

    fn measure(&mut self, fresh: usize) -> VoiceFrame {
        let n = self.len;
        let index = self.frames;
        self.frames += 1;
        if index.is_multiple_of(PITCH_HOP) {
            self.hist_sum = long_sum(self.window());
        }
        let mean = self.hist_sum / n as f32;
        // The recent samples' energy about the window's mean, without
        // copying the window: Σ(x − m)² = Σx² − 2mΣx + km².
        let recent = &self.window()[n - fresh..];
        let k = fresh as f32;
        let energy = dot(recent, recent) - 2.0 * mean * long_sum(recent) + k * mean * mean;
        let low_db = power_db(energy.max(0.0) / k);
        // The loudest recent level, falling back slowly: a frame far below it
        // is a pause, and far too quiet for a syllable nucleus or a filled
        // pause (both are within 25 dB of the speech), so its pitch is not
        // looked for. Nor is it in a band too quiet for a voice at a microphone.
        self.loudest = low_db.max(self.loudest - VOICE_FALL_DB);
        if low_db < VOICE_MIN_DB || low_db < self.loudest - VOICE_BELOW_LOUDEST_DB {
            self.held = (0.0, 0.0, 0.0);
            return VoiceFrame {
                low_db,
                ..VoiceFrame::default()
            };
        }
        if !index.is_multiple_of(PITCH_HOP) {
            return VoiceFrame {
                low_db,
                voicing: self.held.0,
                pitch_hz: self.held.1,
                tilt: self.held.2,
            };
        }
        let w = &mut self.window;
        let hist = &self.hist[self.hist.len() - n..];
        for (d, &x) in w.iter_mut().zip(hist) {
            *d = x - mean;
        }
        let total = dot(&w[..n], &w[..n]);
        let tilt = (dot(&w[..n - 1], &w[1..n]) / total).clamp(-1.0, 1.0);
        // Coarse to fine, so few lags are tried at the full rate: every lag
        // at half the rate, then five at the full rate around the best.
        for (h, pair) in self.half.iter_mut().zip(w.chunks_exact(2)) {
            *h = pair[0] + pair[1];
        }
        // Over the latest 32 ms only: enough to find the period's region.
        let (lo, hi) = (self.lag_min / 2, self.lag_max / 2);
        let skip = n / 2 - (n / 2 * 4 / 5).max(2 * hi + 1).min(n / 2);
        // In a clearly voiced stretch the pitch moves little between
        // measurements: look near the last one only.
        let (lo, hi) = if self.held.0 >= TRACK_VOICING && self.held.1 > 0.0 {
            let last = self.rate / f64::from(self.held.1) / 2.0;
            (
                ((last / TRACK_RANGE).floor() as usize).clamp(lo, hi),
                ((last * TRACK_RANGE).ceil() as usize).clamp(lo, hi),
            )
        } else {
            (lo, hi)
        };
        let coarse =
            normalised_correlations(&self.half[skip..], n / 2 - skip, lo, hi, &mut self.corr);
        if coarse <= 0.0 {
            self.held = (0.0, 0.0, tilt);
            return VoiceFrame {
                low_db,
                tilt,
                ..VoiceFrame::default()
            };
        }
        let c = &self.corr;
        let rough = (lo..=hi)
            .find(|&l| {
                c[l] >= OCTAVE_MARGIN * coarse
                    && (l == lo || c[l] >= c[l - 1])
                    && (l == hi || c[l] >= c[l + 1])
            })
            .unwrap_or(lo);
        // Far from periodic at the coarse rate: not voiced, whatever the
        // fine rate says; no need to refine.
        if coarse < UNVOICED {
            let pitch_hz = (self.rate / (2 * rough) as f64) as f32;
            self.held = (coarse, pitch_hz, tilt);
            return VoiceFrame {
                low_db,
                voicing: coarse,
                pitch_hz,
                tilt,
            };
        }
        let (lo, hi) = (
            (2 * rough).saturating_sub(1).max(self.lag_min),
            (2 * rough + 1).min(self.lag_max),
        );
        normalised_correlations(w, n, lo, hi, &mut self.corr);
        let c = &self.corr;
        let lag = (lo..=hi).fold(lo, |b, l| if c[l] > c[b] { l } else { b });
        // A parabola through the peak and its neighbours places it between lags.
        let shift = if lag > lo && lag < hi {
            let (a, b, d) = (c[lag - 1], c[lag], c[lag + 1]);
            let den = a - 2.0 * b + d;
            if den < 0.0 {
                (0.5 * (a - d) / den).clamp(-0.5, 0.5)
            } else {
                0.0
            }
        } else {
            0.0
        };
        let voicing = c[lag].clamp(0.0, 1.0);
        let pitch_hz = (self.rate / (lag as f64 + f64::from(shift))) as f32;
        self.held = (voicing, pitch_hz, tilt);
        VoiceFrame {
            low_db,
            voicing,
            pitch_hz,
            tilt,
        }
    }
}

/// Decimated samples kept, in windows, before the oldest are dropped.
const HIST_WINDOWS: usize = 8;
/// Zeros after the windows, so products can run in whole blocks of 16.
const PAD: usize = 16;
/// Most lags one call of [`normalised_correlations`] tries.
const MAX_LAGS: usize = 64;

/// Normalised autocorrelation of the first `n` samples of `w` (followed by
/// at least [`PAD`] zeros) at lags `lo..=hi` into `out[lag]` (each lag's
/// overlap against the energy of both its parts); the best.
fn normalised_correlations(w: &[f32], n: usize, lo: usize, hi: usize, out: &mut [f32]) -> f32 {
    let hi = hi.min(n.saturating_sub(1));
    if lo > hi || w.len() < n + PAD {
        return 0.0;
    }
    // Energy of w[..n - lag] and of w[lag..n], updated a sample at a time;
    // the overlaps first, then every lag's normalisation at once (so the
    // square roots and divisions do not wait on each other).
    let mut head = dot(&w[..n - lo], &w[..n - lo]);
    let mut tail = dot(&w[lo..n], &w[lo..n]);
    let mut energy = [0f32; MAX_LAGS];
    let lags = (hi - lo + 1).min(MAX_LAGS);
    let hi = lo + lags - 1;
    for (k, lag) in (lo..=hi).enumerate() {
        if lag > lo {
            head -= w[n - lag] * w[n - lag];
            tail -= w[lag - 1] * w[lag - 1];
        }
        energy[k] = head.max(0.0) * tail.max(0.0);
        // Past n - lag the second factor is padding: whole blocks add nothing.
        let m = (n - lag).div_ceil(PAD) * PAD;
        out[lag] = dot16(&w[..m], &w[lag..lag + m]);
    }
    let mut best = 0f32;
    for (c, &e) in out[lo..=hi].iter_mut().zip(&energy[..lags]) {
        *c = if e > 0.0 { *c / e.sqrt() } else { 0.0 };
        best = best.max(*c);
    }
    best
}

/// Dot product of two slices whose length is a multiple of [`PAD`], in 16
/// lanes (four vectors at a time keep the adder busy).
fn dot16(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; PAD];
    for (x, y) in a.chunks_exact(PAD).zip(b.chunks_exact(PAD)) {
        for i in 0..PAD {
            acc[i] += x[i] * y[i];
        }
    }
    lanes_sum(&acc)
}

/// Adds 16 lanes as a tree (a sum in order would wait on each addition).
fn lanes_sum(acc: &[f32; 16]) -> f32 {
    let mut v = [0f32; 4];
    for i in 0..4 {
        v[i] = (acc[i] + acc[i + 4]) + (acc[i + 8] + acc[i + 12]);
    }
    (v[0] + v[2]) + (v[1] + v[3])
}

/// Appends the sum of each block of `f` samples in `x` (a whole number of
/// blocks) to `out`. Four blocks at a time when `f` is a multiple of four,
/// so their four-lane sums are added across in one go, not one by one.
fn block_sums(x: &[f32], f: usize, out: &mut Vec<f32>) {
    let mut rest = x;
    if f.is_multiple_of(4) {
        let groups = x.chunks_exact(4 * f);
        rest = groups.remainder();
        for group in groups {
            let mut acc = [[0f32; 4]; 4];
            for (a, block) in acc.iter_mut().zip(group.chunks_exact(f)) {
                for v in block.chunks_exact(4) {
                    for i in 0..4 {
                        a[i] += v[i];
                    }
                }
            }
            let mut sums = [0f32; 4];
            for lane in 0..4 {
                for (s, a) in sums.iter_mut().zip(&acc) {
                    *s += a[lane];
                }
            }
            out.extend_from_slice(&sums);
        }
    }
    out.extend(rest.chunks_exact(f).map(block_sum));
}

/// Sum in four lanes, so the compiler can vectorise it.
fn block_sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; 4];
    let chunks = x.chunks_exact(4);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for i in 0..4 {
            acc[i] += c[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// Sum in eight lanes: for longer slices.
fn long_sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = x.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for i in 0..8 {
            acc[i] += c[i];
        }
    }
    lanes8_sum(&acc) + tail
}

/// Dot product in eight lanes.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 8;
    let len = a.len().min(b.len());
    let (a, b) = (&a[..len], &b[..len]);
    let mut acc = [0f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..LANES {
            acc[i] += x[i] * y[i];
        }
    }
    lanes8_sum(&acc) + tail
}

/// Adds 8 lanes as a tree.
fn lanes8_sum(acc: &[f32; 8]) -> f32 {
    ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]))
}
/// Half-width of the smoothing of the band level, frames.
const SMOOTH_HALF: usize = 2;
/// The band contour the rate and filler detection work on.
pub(super) struct VoiceTrack<'a> {
    /// Smoothed band level per frame, dB.
    pub(super) level: Vec<f32>,
    /// Nuclei and fillers are at least this loud.
    pub(super) floor: f32,
    pub(super) frames: &'a [VoiceFrame],
}

/// The band level of `frames`, smoothed: the mean power over the frames
/// within `SMOOTH_HALF` of each.
pub(super) fn smoothed(frames: &[VoiceFrame]) -> Vec<f32> {
    let n = frames.len();
    let powers: Vec<f32> = frames
        .iter()
        .map(|f| (f.low_db * (std::f32::consts::LN_10 / 10.0)).exp())
        .collect();
    let power = |i: usize| f64::from(powers[i]);
    // A running sum: the mean power over the frames within `SMOOTH_HALF`.
    let mut sum: f64 = (0..SMOOTH_HALF.min(n)).map(power).sum();
    (0..n)
        .map(|i| {
            if i + SMOOTH_HALF < n {
                sum += power(i + SMOOTH_HALF);
            }
            if i > SMOOTH_HALF {
                sum -= power(i - SMOOTH_HALF - 1);
            }
            let (a, b) = (i.saturating_sub(SMOOTH_HALF), (i + SMOOTH_HALF + 1).min(n));
            power_db((sum.max(0.0) / (b - a) as f64) as f32)
        })
        .collect()
}
