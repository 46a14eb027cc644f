//! A private PulseAudio daemon with a null sink, so audio tests go through
//! cpal, ALSA and a real sound server on a machine without a sound card.
//!
//! What is played into the sink `vsink` is what the "microphone" (its monitor,
//! the default source) hears. Tests that need it skip, saying so, when
//! PulseAudio is not installed, and fail in CI (`CI` set), which installs it.
//!
//! Every audio test runs once per sound system rehearse can use
//! ([`on_both_hosts!`]): PulseAudio's own protocol, and ALSA (through its
//! PulseAudio plugin here), each forced with `--host`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A sound system, as `--host` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sound {
    Alsa,
    Pulse,
}

impl Sound {
    /// The `--host` value.
    pub fn flag(self) -> &'static str {
        match self {
            Sound::Alsa => "alsa",
            Sound::Pulse => "pulse",
        }
    }

    /// `--host` and its value, to add to a command's arguments.
    pub fn args(self) -> [&'static str; 2] {
        ["--host", self.flag()]
    }
}

/// Turns each `fn name(sound: Sound)` into two tests, `name::alsa` and `name::pulse`.
macro_rules! on_both_hosts {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn alsa() {
                    super::$name($crate::pulse::Sound::Alsa)
                }
                #[test]
                fn pulse() {
                    super::$name($crate::pulse::Sound::Pulse)
                }
            }
        )*
    };
}
pub(crate) use on_both_hosts;

pub struct Pulse {
    dir: TempDir,
    pid: Option<i32>,
    keeper: Option<Child>,
}

impl Pulse {
    /// Starts a daemon, or returns `None` (after saying so) when PulseAudio is
    /// missing; in CI (`CI` set) a missing PulseAudio fails the test instead.
    pub fn start(test: &str) -> Option<Pulse> {
        Pulse::start_with(test, true)
    }

    /// A daemon with no sink and no source at all: a machine without sound hardware.
    pub fn start_empty(test: &str) -> Option<Pulse> {
        Pulse::start_with(test, false)
    }

    fn start_with(test: &str, sink: bool) -> Option<Pulse> {
        let have = Command::new("pulseaudio")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !have {
            assert!(
                std::env::var_os("CI").is_none(),
                "{test}: pulseaudio is not installed, and CI must run the audio tests"
            );
            // Written to the stream itself, not through eprintln!, so the test
            // harness does not swallow it: a skipped audio test says so.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins sox)"
            );
            return None;
        }
        let dir = tempfile::tempdir().expect("runtime dir");
        let mut args = vec![
            "--daemonize=yes",
            "--exit-idle-time=-1",
            "-n",
            "--load=module-native-protocol-unix",
        ];
        if sink {
            args.push("--load=module-null-sink sink_name=vsink rate=48000");
        }
        let status = Command::new("pulseaudio")
            .args(&args)
            .env("XDG_RUNTIME_DIR", dir.path())
            // Its cookie goes in the private directory too, where a user's
            // desktop keeps it (rehearse also gets in without one).
            .env("HOME", dir.path())
            .env_remove("XDG_CONFIG_HOME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run pulseaudio");
        assert!(status.success(), "pulseaudio failed to start");
        let mut pulse = Pulse {
            dir,
            pid: None,
            keeper: None,
        };
        pulse.pid = std::fs::read_to_string(pulse.dir.path().join("pulse/pid"))
            .ok()
            .and_then(|s| s.trim().parse().ok());
        if !sink {
            return Some(pulse);
        }
        pulse.pactl(&["set-default-sink", "vsink"]);
        pulse.pactl(&["set-default-source", "vsink.monitor"]);
        // Something always playing keeps the monitor's capture paced in real time.
        pulse.keeper = Some(
            Command::new("pacat")
                .args(["-d", "vsink"])
                .env("XDG_RUNTIME_DIR", pulse.dir.path())
                .stdin(Stdio::from(
                    std::fs::File::open("/dev/zero").expect("/dev/zero"),
                ))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("pacat"),
        );
        Some(pulse)
    }

    /// What `pactl ARGS` prints.
    pub fn pactl_output(&self, args: &[&str]) -> String {
        let out = Command::new("pactl")
            .args(args)
            .env("XDG_RUNTIME_DIR", self.dir.path())
            .output()
            .expect("pactl");
        assert!(out.status.success(), "pactl {args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn pactl(&self, args: &[&str]) {
        let status = Command::new("pactl")
            .args(args)
            .env("XDG_RUNTIME_DIR", self.dir.path())
            .status()
            .expect("pactl");
        assert!(status.success(), "pactl {args:?}");
    }

    /// Environment for a program that should use this daemon.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("XDG_RUNTIME_DIR", self.dir.path().display().to_string()),
            ("PULSE_COOKIE", self.cookie().display().to_string()),
            ("PULSE_LATENCY_MSEC", "20".to_string()),
        ]
    }

    /// The daemon's authentication cookie, as a user's desktop keeps it in ~/.config/pulse.
    fn cookie(&self) -> PathBuf {
        self.dir.path().join(".config/pulse/cookie")
    }

    /// Plays a WAV into the sink, as if spoken into the microphone.
    pub fn play(&self, wav: &Path) -> Playing {
        self.play_with(wav, &[])
    }

    /// Like [`Pulse::play`], with more `paplay` arguments.
    pub fn play_with(&self, wav: &Path, args: &[&str]) -> Playing {
        Playing(
            Command::new("paplay")
                .args(["-d", "vsink"])
                .args(args)
                .arg(wav)
                .env("XDG_RUNTIME_DIR", self.dir.path())
                .stderr(Stdio::null())
                .spawn()
                .expect("paplay"),
        )
    }

    /// Stops the daemon now, as when a device disappears.
    pub fn kill(&mut self) {
        if let Some(mut k) = self.keeper.take() {
            let _ = k.kill();
            let _ = k.wait();
        }
        if let Some(pid) = self.pid.take() {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            // Wait until it is gone so the test sees the loss.
            let deadline = Instant::now() + Duration::from_secs(5);
            while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// A clip being played; stopped when dropped.
pub struct Playing(Child);

impl Playing {
    /// Waits for the clip to end; true if it played through.
    pub fn wait(&mut self) -> bool {
        self.0.wait().is_ok_and(|s| s.success())
    }
}

impl Drop for Playing {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Per-10 ms RMS energy (dB) of mono `samples` at `rate`.
pub fn envelope_of(samples: &[f32], rate: u32) -> Vec<f32> {
    samples
        .chunks((rate / 100) as usize)
        .map(|c| {
            let rms = (c.iter().map(|v| v * v).sum::<f32>() / c.len() as f32).sqrt();
            20.0 * rms.max(1e-5).log10()
        })
        .collect()
}

/// Per-10 ms RMS energy (dB) of a mono-mixed WAV, for comparing recordings with clips.
pub fn envelope(path: &Path) -> Vec<f32> {
    let mut reader =
        hound::WavReader::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec = reader.spec();
    let channels = usize::from(spec.channels);
    let scale = 1.0 / (1u64 << (spec.bits_per_sample - 1)) as f32;
    let samples: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Int => reader
            .samples::<i32>()
            .map(|s| s.unwrap() as f32 * scale)
            .collect(),
        hound::SampleFormat::Float => reader.samples::<f32>().map(|s| s.unwrap()).collect(),
    };
    let mono: Vec<f32> = samples
        .chunks(channels)
        .map(|c| c.iter().sum::<f32>() / channels as f32)
        .collect();
    envelope_of(&mono, spec.sample_rate)
}

/// The best Pearson correlation of `needle` inside `hay` over all lags, and the lag.
pub fn best_correlation(hay: &[f32], needle: &[f32]) -> (f32, usize) {
    let n = needle.len();
    let mut best = (-1.0f32, 0usize);
    if hay.len() < n || n < 2 {
        return best;
    }
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    let nm = mean(needle);
    let nd: Vec<f32> = needle.iter().map(|v| v - nm).collect();
    let nn = nd.iter().map(|v| v * v).sum::<f32>().sqrt();
    for lag in 0..=hay.len() - n {
        let w = &hay[lag..lag + n];
        let wm = mean(w);
        let mut num = 0.0;
        let mut ww = 0.0;
        for (a, b) in w.iter().zip(&nd) {
            num += (a - wm) * b;
            ww += (a - wm) * (a - wm);
        }
        let r = num / (ww.sqrt() * nn).max(1e-9);
        if r > best.0 {
            best = (r, lag);
        }
    }
    best
}

/// A speech clip for recording tests: the committed fixture.
pub fn speech_clip() -> PathBuf {
    crate::util::fixture("audio/record-clip.wav")
}

/// What reaches the sink, recorded from its monitor as it comes (`parec`
/// asking for 10 ms fragments), each read stamped with the time it arrived,
/// so a moment in the test (a key sent) can be found in the audio.
pub struct Capture {
    parec: Child,
    reader: Option<std::thread::JoinHandle<Captured>>,
}

/// Mono 16-bit samples at [`Captured::RATE`] from the sink's monitor, and
/// when each read of them arrived.
pub struct Captured {
    pub samples: Vec<i16>,
    /// `(arrival, samples so far)` for every read.
    reads: Vec<(Instant, usize)>,
}

impl Pulse {
    /// Starts recording the sink's monitor; returns once audio flows.
    pub fn capture(&self) -> Capture {
        let mut parec = Command::new("parec")
            .args([
                "-d",
                "vsink.monitor",
                "--raw",
                "--format=s16le",
                "--channels=1",
                "--rate=16000",
                "--latency-msec=10",
            ])
            .envs(self.env())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("parec");
        let mut out = parec.stdout.take().expect("parec stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            use std::io::Read;
            let mut got = Captured {
                samples: Vec::new(),
                reads: Vec::new(),
            };
            let mut buf = [0u8; 4096];
            let mut odd: Option<u8> = None;
            let mut told = false;
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let at = Instant::now();
                let mut bytes = &buf[..n];
                if let Some(first) = odd.take() {
                    got.samples.push(i16::from_le_bytes([first, bytes[0]]));
                    bytes = &bytes[1..];
                }
                let pairs = bytes.chunks_exact(2);
                odd = pairs.remainder().first().copied();
                got.samples
                    .extend(pairs.map(|p| i16::from_le_bytes([p[0], p[1]])));
                got.reads.push((at, got.samples.len()));
                if !told && got.samples.len() >= Captured::RATE as usize / 2 {
                    told = true;
                    let _ = tx.send(());
                }
            }
            got
        });
        // Under load parec can take a while to connect: start nothing before it hears.
        assert!(
            rx.recv_timeout(Duration::from_secs(20)).is_ok(),
            "parec captured nothing"
        );
        Capture {
            parec,
            reader: Some(reader),
        }
    }
}

impl Capture {
    /// Stops recording and returns what was heard.
    pub fn stop(mut self) -> Captured {
        let _ = self.parec.kill();
        let _ = self.parec.wait();
        self.reader.take().unwrap().join().expect("capture reader")
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let _ = self.parec.kill();
        let _ = self.parec.wait();
    }
}

impl Captured {
    pub const RATE: u32 = 16_000;

    /// When sample 0 reached the monitor: of all reads, the one least
    /// delayed on its way to us fixes the clock (a read that waited for the
    /// scheduler only arrives later).
    fn origin(&self) -> Instant {
        self.reads
            .iter()
            .map(|&(at, n)| at - Duration::from_secs_f64(n as f64 / f64::from(Self::RATE)))
            .min()
            .expect("no reads")
    }

    /// The sample that reached the monitor at `at`.
    pub fn index_at(&self, at: Instant) -> usize {
        let secs = at.saturating_duration_since(self.origin()).as_secs_f64();
        (secs * f64::from(Self::RATE)) as usize
    }

    /// The [`FRAME`] that reached the monitor at `at`.
    pub fn frame_at(&self, at: Instant) -> usize {
        self.index_at(at) / FRAME
    }

    /// Per-10 ms RMS energy (dB), as [`envelope`] gives for a WAV: frame
    /// `f` of it is [`FRAME`] `f`.
    pub fn envelope(&self) -> Vec<f32> {
        let scale = 1.0 / f32::from(i16::MAX);
        let samples: Vec<f32> = self.samples.iter().map(|&s| f32::from(s) * scale).collect();
        envelope_of(&samples, Self::RATE)
    }
}

/// Sample rate of [`stepped_tone`].
pub const STEP_RATE: u32 = 16_000;

/// The frequency of second `step` of [`stepped_tone`].
pub fn step_frequency(step: usize) -> f32 {
    400.0 + 100.0 * step as f32
}

/// Writes a mono 16-bit tone of `secs` seconds whose frequency changes each
/// second ([`step_frequency`]), so what is heard tells where in the file it is.
pub fn stepped_tone(path: &Path, secs: usize) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: STEP_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).expect("create wav");
    let mut phase = 0.0f32;
    for i in 0..secs * STEP_RATE as usize {
        let f = step_frequency(i / STEP_RATE as usize);
        phase = (phase + std::f32::consts::TAU * f / STEP_RATE as f32) % std::f32::consts::TAU;
        w.write_sample((phase.sin() * 0.3 * f32::from(i16::MAX)) as i16)
            .expect("write");
    }
    w.finalize().expect("finalize");
}

/// Length in samples of the frames [`heard_steps`] judges.
pub const FRAME: usize = Captured::RATE as usize / 100;

/// For each 10 ms frame of `samples` in `frames`: `None` if silent, else
/// the step of [`stepped_tone`] (of `steps`) it sounds like (the strongest
/// of their frequencies over the 20 ms from the frame's start).
pub fn heard_steps(
    samples: &[i16],
    frames: std::ops::Range<usize>,
    steps: usize,
) -> Vec<Option<usize>> {
    let rate = Captured::RATE as f32;
    (frames.start.min(samples.len() / FRAME)..frames.end.min(samples.len() / FRAME))
        .map(|f| {
            let w: Vec<f32> = samples[f * FRAME..(f * FRAME + 2 * FRAME).min(samples.len())]
                .iter()
                .map(|&s| f32::from(s) / f32::from(i16::MAX))
                .collect();
            let rms = (w.iter().map(|v| v * v).sum::<f32>() / w.len() as f32).sqrt();
            // The tone is at -10 dBFS; -40 dBFS is well below it and well above silence.
            if rms < 0.01 {
                return None;
            }
            (0..steps).max_by(|&a, &b| {
                goertzel(&w, step_frequency(a), rate).total_cmp(&goertzel(
                    &w,
                    step_frequency(b),
                    rate,
                ))
            })
        })
        .collect()
}

/// The power of `samples` at `freq`.
fn goertzel(samples: &[f32], freq: f32, rate: f32) -> f32 {
    let coeff = 2.0 * (std::f32::consts::TAU * freq / rate).cos();
    let (mut s1, mut s2) = (0.0f32, 0.0f32);
    for &x in samples {
        let s = x + coeff * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    s1 * s1 + s2 * s2 - coeff * s1 * s2
}
