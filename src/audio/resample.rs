//! Linear resampling, the one way audio changes rate here: the recogniser's
//! 16 kHz from any recording, and the playback device's rate from any file.
//! Speech loses nothing a person or the recogniser needs this way (what it
//! folds back from above the new rate's limit is far below the voice).

/// A resampler fed one sample at a time: output sample `i` lies `i × from /
/// to` input samples in, between its two neighbours.
#[derive(Debug, Clone)]
pub struct Linear {
    /// Input samples per output sample.
    step: f64,
    /// Where the next output lies, in input samples after `prev`.
    pos: f64,
    prev: f32,
    next: f32,
}

impl Linear {
    /// From `from` Hz to `to` Hz.
    pub fn new(from: u32, to: u32) -> Linear {
        let step = f64::from(from) / f64::from(to.max(1));
        // Two samples to take in before the first output, which is the first.
        Linear {
            step,
            pos: 2.0,
            prev: 0.0,
            next: 0.0,
        }
    }

    /// Whether the next output needs another input sample first ([`Linear::push`]).
    pub fn hungry(&self) -> bool {
        self.pos >= 1.0
    }

    /// Takes in the next input sample.
    pub fn push(&mut self, sample: f32) {
        (self.prev, self.next, self.pos) = (self.next, sample, self.pos - 1.0);
    }

    /// The next output sample; call only when not [`Linear::hungry`].
    pub fn pull(&mut self) -> f32 {
        let v = self.prev + (self.next - self.prev) * self.pos as f32;
        self.pos += self.step;
        v
    }
}

/// `samples` at `from` Hz, resampled to `to` Hz.
pub fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to {
        return samples.to_vec();
    }
    let mut linear = Linear::new(from, to);
    let mut out = Vec::with_capacity((samples.len() as f64 / linear.step) as usize + 1);
    let mut input = samples.iter();
    loop {
        while linear.hungry() {
            match input.next() {
                Some(&s) => linear.push(s),
                None => return out,
            }
        }
        out.push(linear.pull());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(hz: f64, rate: u32, secs: f64) -> Vec<f32> {
        let n = (secs * f64::from(rate)) as usize;
        (0..n)
            .map(|i| (0.5 * (std::f64::consts::TAU * hz * i as f64 / f64::from(rate)).sin()) as f32)
            .collect()
    }

    /// Frequency from upward zero crossings, and RMS level.
    fn measure(samples: &[f32], rate: u32) -> (f64, f64) {
        let ups = samples
            .windows(2)
            .filter(|w| w[0] < 0.0 && w[1] >= 0.0)
            .count();
        let secs = samples.len() as f64 / f64::from(rate);
        let rms = (samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>()
            / samples.len() as f64)
            .sqrt();
        (ups as f64 / secs, rms)
    }

    #[test]
    fn a_sine_keeps_its_frequency_level_and_length_at_the_new_rate() {
        for (hz, from, to) in [
            (440.0, 44_100, 16_000),
            (1000.0, 16_000, 48_000),
            (300.0, 48_000, 44_100),
        ] {
            let input = sine(hz, from, 2.0);
            let out = resample(&input, from, to);
            let want = 2.0 * f64::from(to);
            assert!(
                (out.len() as f64 - want).abs() <= 3.0,
                "{from}→{to}: {} samples",
                out.len()
            );
            let (got_hz, level) = measure(&out, to);
            assert!((got_hz - hz).abs() <= 1.0, "{from}→{to}: {got_hz} Hz");
            // A sine of amplitude 0.5 has an RMS of 0.354; linear
            // interpolation loses a little of it, well under a decibel here.
            assert!(
                (level / (0.5 / 2f64.sqrt()) - 1.0).abs() < 0.02,
                "{from}→{to}: {level}"
            );
            // The first output is the first input, and each one lies where it should.
            assert_eq!(out[0], input[0]);
            let i = out.len() / 2;
            let t = i as f64 / f64::from(to);
            let exact = 0.5 * (std::f64::consts::TAU * hz * t).sin();
            assert!(
                (f64::from(out[i]) - exact).abs() < 0.01,
                "{from}→{to}: {} vs {exact}",
                out[i]
            );
        }
    }

    #[test]
    fn the_same_rate_and_pieces_of_any_size_change_nothing() {
        let input = sine(440.0, 44_100, 0.1);
        assert_eq!(resample(&input, 44_100, 44_100), input);
        let mut linear = Linear::new(44_100, 16_000);
        let mut out = Vec::new();
        for &s in &input {
            linear.push(s);
            while !linear.hungry() {
                out.push(linear.pull());
            }
        }
        assert_eq!(out, resample(&input, 44_100, 16_000));
    }
}
