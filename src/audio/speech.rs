//! Speech output: questions read aloud. eSpeak NG synthesises the text into
//! a WAV file (the `espeak-ng` program, run once per text, offline), read
//! back through the one WAV reader and played from memory on the output
//! device; the screen is told when the last of it has been heard.
//!
//! The program rather than the library: the crates over `libespeak-ng`
//! need bindgen and libclang (`espeakng`) or build eSpeak NG from source
//! (`espeak-rs`), and the library keeps one global state per process; the
//! program is one package (`espeak-ng`) and takes about 20 ms a question.

use super::devices::{self, DeviceError, Direction, quiet_stderr};
use super::playback::PlayError;
use super::wavfile::MonoStream;
use cpal::traits::DeviceTrait;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a question sounds: an eSpeak NG voice, its speed and pitch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Voice {
    /// An eSpeak NG voice name, with an optional `+variant` (`en-gb+m3`).
    pub name: String,
    /// Words per minute, 80 to 450.
    pub rate: u32,
    /// Pitch, 0 to 99 (eSpeak NG's scale; 50 is its default).
    pub pitch: u8,
}

/// The voice a question is read in without `--panel`.
pub const DEFAULT_VOICE: &str = "en-gb";
/// Words per minute without `--rate`: a calm interviewer.
pub const DEFAULT_RATE: u32 = 160;
/// eSpeak NG's own default pitch.
pub const DEFAULT_PITCH: u8 = 50;

impl Default for Voice {
    fn default() -> Voice {
        Voice {
            name: DEFAULT_VOICE.into(),
            rate: DEFAULT_RATE,
            pitch: DEFAULT_PITCH,
        }
    }
}

/// The speech engine's program.
pub const PROGRAM: &str = "espeak-ng";

/// Why questions cannot be read aloud.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeechError {
    /// `espeak-ng` is not installed (or not on PATH).
    #[error("cannot read questions aloud: the speech engine `espeak-ng` was not found")]
    NoEngine,
    /// A voice name eSpeak NG does not know.
    #[error("eSpeak NG has no voice `{0}`")]
    NoVoice(String),
    /// The engine ran but failed.
    #[error("eSpeak NG failed: {0}")]
    Failed(String),
    /// No output device, or a name matching none or several.
    #[error(transparent)]
    Device(#[from] DeviceError),
    /// The default output exists but cannot play.
    #[error("no audio output found (the default output `{0}` cannot play)")]
    CannotPlay(String),
    /// Playing the synthesised audio failed.
    #[error(transparent)]
    Play(#[from] PlayError),
}

impl SpeechError {
    /// How to fix it, for the hint line.
    pub fn hint(&self) -> String {
        let without = "or drop --speak to see the questions as text";
        match self {
            SpeechError::NoEngine => {
                format!("install eSpeak NG (`apt-get install espeak-ng`), {without}")
            }
            SpeechError::NoVoice(_) => "`espeak-ng --voices` lists the voices; choose one with --voice or `voice:` in the config file".into(),
            SpeechError::Device(DeviceError::NoMatch { candidates, .. }) => {
                format!("output devices: {}", candidates.join(", "))
            }
            SpeechError::Device(DeviceError::Ambiguous { matches, .. }) => {
                format!("it matches {}; give more of the name", matches.join(", "))
            }
            _ => format!("connect speakers or headphones and check `rehearse devices`, {without}"),
        }
    }
}

/// eSpeak NG, found on PATH.
#[derive(Debug, Clone)]
pub struct Engine {
    program: PathBuf,
}

impl Engine {
    /// The engine, if `espeak-ng` runs.
    pub fn find() -> Result<Engine, SpeechError> {
        let ok = Command::new(PROGRAM)
            .arg("--version")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            Ok(Engine {
                program: PathBuf::from(PROGRAM),
            })
        } else {
            Err(SpeechError::NoEngine)
        }
    }

    /// Synthesises `text` in `voice` at `volume` per cent into the WAV file `out`.
    /// The text goes in on standard input, so nothing in it is read as an option.
    pub fn synthesize(
        &self,
        text: &str,
        voice: &Voice,
        volume: u32,
        out: &Path,
    ) -> Result<(), SpeechError> {
        let mut child = Command::new(&self.program)
            .args(["-v", &voice.name])
            .args(["-s", &voice.rate.to_string()])
            .args(["-p", &voice.pitch.to_string()])
            .args(["-a", &volume.min(200).to_string()])
            .arg("-w")
            .arg(out)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => SpeechError::NoEngine,
                _ => SpeechError::Failed(e.to_string()),
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            // One line: eSpeak NG reads standard input a line at a time.
            let line = text.replace(['\n', '\r'], " ");
            stdin
                .write_all(format!("{line}\n").as_bytes())
                .map_err(|e| SpeechError::Failed(e.to_string()))?;
        }
        let output = child
            .wait_with_output()
            .map_err(|e| SpeechError::Failed(e.to_string()))?;
        if output.status.success() {
            return Ok(());
        }
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        if said.contains("voice does not exist") {
            Err(SpeechError::NoVoice(voice.name.clone()))
        } else {
            Err(SpeechError::Failed(said))
        }
    }
}

/// A private directory for synthesised questions, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, SpeechError> {
        let dir = std::env::temp_dir().join(format!("rehearse-speech-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| SpeechError::Failed(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the speaker has to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// The text was played to its end.
    Done,
    /// It could not be synthesised or played.
    Failed(String),
}

/// Synthesised speech in memory: mono samples at their rate.
#[derive(Clone)]
struct Sound {
    samples: Arc<[f32]>,
    rate: u32,
}

/// Where a clip's playback is, shared with the output callback.
struct ClipState {
    /// Device frames handed to the device so far.
    played: AtomicUsize,
    /// When the last sample was handed over, in µs since opening; `u64::MAX` until then.
    drained_at: AtomicU64,
    /// The output's latency (callback to audible), µs, as last reported.
    latency: AtomicU64,
    failure: Mutex<Option<String>>,
}

/// A clip playing once on an output device. Questions are a few seconds
/// long, so the whole clip is resampled up front and the callback only
/// copies from it: no allocation, no lock, no I/O.
struct Clip {
    _stream: cpal::Stream,
    state: Arc<ClipState>,
    opened: Instant,
}

impl Clip {
    fn open(sound: &Sound, output: Option<&str>) -> Result<Clip, SpeechError> {
        let device = devices::find(&devices::Host::open(None)?, Direction::Output, output)?;
        let name = devices::display_name(&device);
        let open_err = |detail: String| {
            SpeechError::Play(PlayError::Open {
                device: name.clone(),
                detail,
            })
        };
        let config = quiet_stderr(|| device.default_output_config())
            .map_err(|_| SpeechError::CannotPlay(name.clone()))?;
        let channels = usize::from(config.channels().max(1));
        let data = resample(&sound.samples, sound.rate, config.sample_rate());
        let state = Arc::new(ClipState {
            played: AtomicUsize::new(0),
            drained_at: AtomicU64::new(u64::MAX),
            latency: AtomicU64::new(0),
            failure: Mutex::new(None),
        });
        let (cb, err_state) = (Arc::clone(&state), Arc::clone(&state));
        let opened = Instant::now();
        let stream = devices::play_f32(
            &device,
            config.config(),
            move |out, latency| {
                cb.latency.store(latency, Ordering::Relaxed);
                let mut at = cb.played.load(Ordering::Relaxed);
                for frame in out.chunks_exact_mut(channels) {
                    frame.fill(data.get(at).copied().unwrap_or(0.0));
                    at = (at + 1).min(data.len());
                }
                cb.played.store(at, Ordering::Relaxed);
                if at == data.len() && cb.drained_at.load(Ordering::Acquire) == u64::MAX {
                    let now = opened.elapsed().as_micros() as u64;
                    cb.drained_at.store(now, Ordering::Release);
                }
            },
            move |err| {
                if let Ok(mut f) = err_state.failure.lock() {
                    f.get_or_insert(format!("the voice stopped: {err}"));
                }
            },
        )
        .map_err(|e| open_err(e.to_string()))?;
        Ok(Clip {
            _stream: stream,
            state,
            opened,
        })
    }

    /// Frames handed to the device so far.
    fn played(&self) -> usize {
        self.state.played.load(Ordering::Relaxed)
    }

    /// Whether all of it has been heard: handed over, and the output's latency passed.
    fn finished(&self) -> bool {
        let at = self.state.drained_at.load(Ordering::Acquire);
        let latency = self.state.latency.load(Ordering::Relaxed);
        at != u64::MAX && self.opened.elapsed().as_micros() as u64 >= at + latency + 50_000
    }

    fn failure(&self) -> Option<String> {
        self.state.failure.lock().ok().and_then(|f| f.clone())
    }
}

/// `samples` at `from` Hz, linearly resampled to `to` Hz.
pub(crate) fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || samples.is_empty() {
        return samples.to_vec();
    }
    let step = f64::from(from) / f64::from(to);
    let n = (samples.len() as f64 / step) as usize;
    (0..n)
        .map(|i| {
            let x = i as f64 * step;
            let (j, frac) = (x as usize, (x.fract()) as f32);
            let a = samples[j.min(samples.len() - 1)];
            let b = samples[(j + 1).min(samples.len() - 1)];
            a + (b - a) * frac
        })
        .collect()
}

/// Reads texts aloud one at a time on an output device.
pub struct Speaker {
    engine: Engine,
    scratch: Scratch,
    output: Option<String>,
    volume: u32,
    sounds: HashMap<(String, Voice), Sound>,
    clip: Option<Clip>,
    /// The last position and when it last moved, to notice a stalled output.
    progress: (usize, Instant),
    news: Option<Heard>,
}

impl Speaker {
    /// A speaker on `output` (or the default) at `volume` per cent, checked
    /// before anything starts: the engine runs, every voice in `voices`
    /// exists, and the output device can play.
    pub fn open(
        output: Option<&str>,
        volume: u32,
        voices: &[Voice],
    ) -> Result<Speaker, SpeechError> {
        let engine = Engine::find()?;
        let scratch = Scratch::new()?;
        let probe = scratch.0.join("probe.wav");
        for v in voices {
            engine.synthesize("", v, volume, &probe)?;
        }
        let device = devices::find(&devices::Host::open(None)?, Direction::Output, output)?;
        if quiet_stderr(|| device.default_output_config()).is_err() {
            return Err(SpeechError::CannotPlay(devices::display_name(&device)));
        }
        Ok(Speaker {
            engine,
            scratch,
            output: output.map(str::to_string),
            volume,
            sounds: HashMap::new(),
            clip: None,
            progress: (0, Instant::now()),
            news: None,
        })
    }

    /// Starts reading `text` in `voice`, from the start, stopping anything
    /// being read. A failure is reported by [`Speaker::poll`].
    pub fn say(&mut self, text: &str, voice: &Voice) {
        self.hush();
        match self
            .sound(text, voice)
            .and_then(|s| Clip::open(&s, self.output.as_deref()))
        {
            Ok(clip) => {
                self.progress = (0, Instant::now());
                self.clip = Some(clip);
            }
            Err(e) => self.news = Some(Heard::Failed(e.to_string())),
        }
    }

    /// `text` in `voice`, synthesised once and kept for `r`.
    fn sound(&mut self, text: &str, voice: &Voice) -> Result<Sound, SpeechError> {
        let key = (text.to_string(), voice.clone());
        if let Some(s) = self.sounds.get(&key) {
            return Ok(s.clone());
        }
        let file = self.scratch.0.join("question.wav");
        self.engine.synthesize(text, voice, self.volume, &file)?;
        let bad = |e: super::wavfile::WavError| SpeechError::Failed(e.to_string());
        let mut reader = MonoStream::open(&file).map_err(bad)?;
        let (mut all, mut block) = (Vec::new(), Vec::new());
        while reader.read(&mut block).map_err(bad)? > 0 {
            all.extend_from_slice(&block);
        }
        let sound = Sound {
            samples: all.into(),
            rate: reader.format().sample_rate,
        };
        self.sounds.insert(key, sound.clone());
        Ok(sound)
    }

    /// Stops reading now.
    pub fn hush(&mut self) {
        self.clip = None;
        self.news = None;
    }

    /// News since the last call: the text was heard to its end, or failed.
    /// An output that takes no samples for five seconds has failed.
    pub fn poll(&mut self) -> Option<Heard> {
        if let Some(news) = self.news.take() {
            return Some(news);
        }
        let c = self.clip.as_ref()?;
        let news = if let Some(why) = c.failure() {
            Heard::Failed(why)
        } else if c.finished() {
            Heard::Done
        } else {
            if c.played() != self.progress.0 {
                self.progress = (c.played(), Instant::now());
            }
            if self.progress.1.elapsed() < Duration::from_secs(5) {
                return None;
            }
            Heard::Failed("the audio output stopped taking samples".into())
        };
        self.clip = None;
        Some(news)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Option<Engine> {
        let found = Engine::find().ok();
        if found.is_none() {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED speech engine tests: espeak-ng is not installed"
            );
        }
        found
    }

    fn seconds(path: &Path) -> f64 {
        let r = hound::WavReader::open(path).unwrap();
        r.duration() as f64 / f64::from(r.spec().sample_rate)
    }

    #[test]
    fn the_engine_writes_speech_and_names_a_voice_it_lacks() {
        let Some(engine) = engine() else { return };
        let dir = std::env::temp_dir().join(format!("rehearse-speech-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("q.wav");
        let text = "-v Tell us about a time you disagreed with your manager.";
        engine
            .synthesize(text, &Voice::default(), 100, &out)
            .unwrap();
        let slow = Voice {
            rate: 100,
            ..Voice::default()
        };
        let out_slow = dir.join("slow.wav");
        engine.synthesize(text, &slow, 100, &out_slow).unwrap();
        let (normal, slower) = (seconds(&out), seconds(&out_slow));
        assert!(normal > 1.5, "{normal} s of speech");
        assert!(slower > normal * 1.3, "{slower} s at 100 wpm vs {normal} s");
        let bad = Voice {
            name: "xx-nowhere".into(),
            ..Voice::default()
        };
        assert_eq!(
            engine.synthesize("Hello", &bad, 100, &out),
            Err(SpeechError::NoVoice("xx-nowhere".into()))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
