//! Speech output: questions read aloud. eSpeak NG synthesises the text into
//! a WAV file (the `espeak-ng` program, run once per text, offline), which
//! the one player plays on the output device; the screen is told when the
//! last of it has been heard.
//!
//! The program rather than the library: the crates over `libespeak-ng`
//! need bindgen and libclang (`espeakng`) or build eSpeak NG from source
//! (`espeak-rs`), and the library keeps one global state per process; the
//! program is one package (`espeak-ng`) and takes about 20 ms a question.

use super::devices::{self, DeviceError, Direction, HostKind, quiet_stderr};
use super::playback::{PlayError, Player};
use crate::app::panel::Voice;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// Reads texts aloud one at a time on an output device, each synthesised
/// once into a WAV file and played by the one [`Player`], which says when
/// the output has played it all: the clock waits for the last of the
/// question to be heard, however short it is.
pub struct Speaker {
    engine: Engine,
    scratch: Scratch,
    output: Option<String>,
    host: Option<HostKind>,
    volume: u32,
    sounds: HashMap<(String, Voice), PathBuf>,
    playing: Option<Player>,
    /// The last position and when it last moved, to notice a stalled output.
    progress: (Duration, Instant),
    news: Option<Heard>,
}

impl Speaker {
    /// A speaker on `output` (or the default) at `volume` per cent, checked
    /// before anything starts: the engine runs, every voice in `voices`
    /// exists, and the output device can play.
    pub fn open(
        output: Option<&str>,
        host: Option<HostKind>,
        volume: u32,
        voices: &[Voice],
    ) -> Result<Speaker, SpeechError> {
        let engine = Engine::find()?;
        let scratch = Scratch::new()?;
        let probe = scratch.0.join("probe.wav");
        for v in voices {
            engine.synthesize("", v, volume, &probe)?;
        }
        let device = devices::find(&devices::Host::open(host)?, Direction::Output, output)?;
        if quiet_stderr(|| devices::default_format(&device, Direction::Output)).is_none() {
            return Err(SpeechError::CannotPlay(devices::display_name(&device)));
        }
        Ok(Speaker {
            engine,
            scratch,
            output: output.map(str::to_string),
            host,
            volume,
            sounds: HashMap::new(),
            playing: None,
            progress: (Duration::ZERO, Instant::now()),
            news: None,
        })
    }

    /// Starts reading `text` in `voice`, from the start, stopping anything
    /// being read. A failure is reported by [`Speaker::poll`].
    pub fn say(&mut self, text: &str, voice: &Voice) {
        self.hush();
        let opened = self.sound(text, voice).and_then(|file| {
            Player::open(&file, self.output.as_deref(), Duration::ZERO, self.host)
                .map_err(SpeechError::from)
        });
        match opened {
            Ok(player) => {
                self.progress = (Duration::ZERO, Instant::now());
                self.playing = Some(player);
            }
            Err(e) => self.news = Some(Heard::Failed(e.to_string())),
        }
    }

    /// The file of `text` in `voice`, synthesised once and kept for `r`.
    fn sound(&mut self, text: &str, voice: &Voice) -> Result<PathBuf, SpeechError> {
        let key = (text.to_string(), voice.clone());
        if let Some(file) = self.sounds.get(&key) {
            return Ok(file.clone());
        }
        let file = self.scratch.0.join(format!("{}.wav", self.sounds.len()));
        self.engine.synthesize(text, voice, self.volume, &file)?;
        self.sounds.insert(key, file.clone());
        Ok(file)
    }

    /// Stops reading now.
    pub fn hush(&mut self) {
        self.playing = None;
        self.news = None;
    }

    /// News since the last call: the text was heard to its end, or failed.
    /// An output that takes no samples for five seconds has failed.
    pub fn poll(&mut self) -> Option<Heard> {
        if let Some(news) = self.news.take() {
            return Some(news);
        }
        let p = self.playing.as_ref()?;
        let news = if let Some(why) = p.failure() {
            Heard::Failed(why)
        } else if p.finished() {
            Heard::Done
        } else {
            if p.position() != self.progress.0 {
                self.progress = (p.position(), Instant::now());
            }
            if self.progress.1.elapsed() < Duration::from_secs(5) {
                return None;
            }
            Heard::Failed("the audio output stopped taking samples".into())
        };
        self.playing = None;
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
