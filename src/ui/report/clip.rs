//! A recording made ready for the report page in one read of its WAV: the
//! 10 ms levels the envelope is drawn from, an analysis when the session
//! stored none, and the audio itself as a 16-bit mono WAV in memory, at
//! [`PAGE_RATE`] when the recording's rate is higher (speech loses nothing
//! a listener needs at 16 kHz, and the page is a third of the size of
//! 48 kHz).

use crate::audio::analysis::{self, EnvelopeBuilder};
use crate::audio::resample::Linear;
use crate::audio::wavfile::MonoStream;
use crate::session::analysis::Analysis;
use crate::ui::replay_view::Loudness;
use std::path::Path;
use std::time::Duration;

/// The highest sample rate the page's audio keeps.
pub const PAGE_RATE: u32 = 16_000;

/// One recording as the page shows it.
#[derive(Debug, Clone)]
pub struct Clip {
    /// Each 10 ms frame's level.
    pub loudness: Loudness,
    /// How long the recording is.
    pub length: Duration,
    /// The stored analysis, else one made now from the levels.
    pub analysis: Analysis,
    /// A 16-bit mono WAV file, whole.
    pub wav: Vec<u8>,
}

impl Clip {
    /// Reads `file`; `stored` is the session's analysis of it, if any.
    /// Anything wrong with the file comes back as what to tell the reader.
    pub fn read(file: &Path, stored: Option<&Analysis>) -> Result<Clip, String> {
        let mut stream = MonoStream::open(file).map_err(|e| e.to_string())?;
        let rate = stream.format().sample_rate;
        let out_rate = rate.min(PAGE_RATE);
        let mut levels = EnvelopeBuilder::new(rate);
        let mut linear = Linear::new(rate, out_rate);
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: out_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut wav = std::io::Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut wav, spec).map_err(|e| e.to_string())?;
        let mut block = Vec::new();
        while stream.read(&mut block).map_err(|e| e.to_string())? > 0 {
            levels.push(&block);
            for &s in &block {
                // At its own rate a recording is copied sample for sample.
                let mut out = |v: f32| writer.write_sample(to_i16(v));
                if rate == out_rate {
                    out(s).map_err(|e| e.to_string())?;
                    continue;
                }
                linear.push(s);
                while !linear.hungry() {
                    out(linear.pull()).map_err(|e| e.to_string())?;
                }
            }
        }
        writer.finalize().map_err(|e| e.to_string())?;
        let envelope = levels.finish();
        let analysis = match stored {
            Some(a) => a.clone(),
            None => analysis::analyze(&envelope, &Default::default()),
        };
        Ok(Clip {
            loudness: Loudness::of(&envelope),
            length: envelope.total,
            analysis,
            wav: wav.into_inner(),
        })
    }
}

/// A sample as 16-bit PCM: the inverse of how a 16-bit file is read, so a
/// 16-bit recording at its own rate comes out bit for bit.
fn to_i16(v: f32) -> i16 {
    (v * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(path: &Path, rate: u32, secs: f64) {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        let n = (f64::from(rate) * secs) as u32;
        for i in 0..n {
            let t = f64::from(i) / f64::from(rate);
            let v = (t * 440.0 * std::f64::consts::TAU).sin() * 8000.0;
            w.write_sample(v as i16).unwrap();
        }
        w.finalize().unwrap();
    }

    #[test]
    fn a_48_khz_recording_is_embedded_at_16_khz_with_its_length_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        wav(&path, 48_000, 2.0);
        let clip = Clip::read(&path, None).unwrap();
        let back = hound::WavReader::new(std::io::Cursor::new(&clip.wav)).unwrap();
        assert_eq!(back.spec().sample_rate, PAGE_RATE);
        assert_eq!(back.spec().bits_per_sample, 16);
        let frames = back.duration();
        assert!(frames.abs_diff(32_000) <= 2, "{frames}");
        assert_eq!(clip.length, Duration::from_secs(2));
        assert_eq!(clip.loudness.db.len(), 200);
        // The tone is kept, not silenced: its peak is near 8000.
        let peak = back
            .into_samples::<i16>()
            .map(|s| s.unwrap().unsigned_abs())
            .max();
        assert!(peak.is_some_and(|p| p > 7_500), "{peak:?}");
    }

    #[test]
    fn a_low_rate_is_kept_and_a_stored_analysis_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        wav(&path, 8_000, 1.0);
        let stored = Analysis {
            speaking_ratio: 0.5,
            ..Default::default()
        };
        let clip = Clip::read(&path, Some(&stored)).unwrap();
        let back = hound::WavReader::new(std::io::Cursor::new(&clip.wav)).unwrap();
        assert_eq!(back.spec().sample_rate, 8_000);
        assert_eq!(back.duration(), 8_000);
        let embedded: Vec<i16> = back.into_samples().map(Result::unwrap).collect();
        let file = hound::WavReader::open(&path).unwrap();
        let recorded: Vec<i16> = file.into_samples().map(Result::unwrap).collect();
        assert_eq!(embedded, recorded, "copied bit for bit");
        assert_eq!(clip.analysis, stored);
    }

    #[test]
    fn a_file_that_is_not_a_wav_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        std::fs::write(&path, "not audio").unwrap();
        let err = Clip::read(&path, None).unwrap_err();
        assert!(err.contains("is not a WAV file"), "{err}");
        let err = Clip::read(&dir.path().join("gone.wav"), None).unwrap_err();
        assert!(err.contains("no such file"), "{err}");
    }
}
