//! Audio hosts and devices: which sound system to talk to (ALSA unless
//! PulseAudio's own protocol is asked for), listing devices, choosing one by
//! name, and keeping ALSA's own complaints (printed straight to stderr while
//! probing) off the screen.

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use std::time::Duration;

/// The sound system rehearse talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum HostKind {
    /// A PulseAudio server through its own protocol (PipeWire desktops answer it too).
    Pulse,
    /// ALSA, straight to the sound card or through its plugins.
    Alsa,
}

impl HostKind {
    /// `forced`, else PulseAudio when a server answers, else ALSA.
    pub fn choose(forced: Option<HostKind>) -> HostKind {
        match forced {
            Some(kind) => kind,
            None if pulse_answers() => HostKind::Pulse,
            None => HostKind::Alsa,
        }
    }

    /// The name used by `--host` and the config file.
    pub fn name(self) -> &'static str {
        match self {
            HostKind::Pulse => "pulse",
            HostKind::Alsa => "alsa",
        }
    }

    /// The name for people.
    pub fn title(self) -> &'static str {
        match self {
            HostKind::Pulse => "PulseAudio",
            HostKind::Alsa => "ALSA",
        }
    }

    /// Parses `pulse` or `alsa`, in any case.
    pub fn parse(name: &str) -> Option<HostKind> {
        [HostKind::Pulse, HostKind::Alsa]
            .into_iter()
            .find(|h| h.name().eq_ignore_ascii_case(name.trim()))
    }

    fn id(self) -> cpal::HostId {
        match self {
            HostKind::Pulse => cpal::HostId::PulseAudio,
            HostKind::Alsa => cpal::HostId::Alsa,
        }
    }
}

impl std::fmt::Display for HostKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An open sound system.
pub struct Host {
    backend: Backend,
    kind: HostKind,
}

/// What lists a sound system's devices: cpal's host for ALSA, and for
/// PulseAudio what its server said when asked over our own connection.
enum Backend {
    Cpal(cpal::Host),
    Pulse(super::pulse::Devices),
}

/// A device to record from or play on.
#[derive(Clone)]
pub enum Device {
    /// An ALSA device, through cpal (boxed: it is far larger than the other).
    Cpal(Box<cpal::Device>),
    /// A PulseAudio source or sink.
    Pulse(super::pulse::Device),
}

impl Host {
    /// Opens `forced`, else a PulseAudio server when one answers (PipeWire
    /// desktops answer its protocol too), else ALSA.
    ///
    /// PulseAudio's own protocol costs a fraction of ALSA's: when ALSA's
    /// default device is the PulseAudio plugin, cpal's ALSA capture thread
    /// wakes far more often than it has audio to move (30 s of
    /// `drill --record` took 8.7 s of CPU, 200 × `arecord`'s; through the
    /// protocol 0.088 s, the recording adding 0.9 × `arecord`'s). Recording,
    /// playback and listing devices on it go through [`super::pulse`], which
    /// asks the server for a record buffer large enough that audio the
    /// program is late to take waits instead of being dropped (cpal 0.18
    /// asks for one callback's worth, and a ten-minute soak kept 540 s of
    /// 600; ours kept all 600 s), and which, as libpulse does, needs no
    /// cookie file where the server runs as the same user.
    pub fn open(forced: Option<HostKind>) -> Result<Host, DeviceError> {
        let kind = HostKind::choose(forced);
        let no_host = |detail: String| DeviceError::NoHost { host: kind, detail };
        let backend = match kind {
            HostKind::Pulse => Backend::Pulse(super::pulse::devices().map_err(no_host)?),
            HostKind::Alsa => quiet_stderr(|| cpal::host_from_id(kind.id()))
                .map(Backend::Cpal)
                .map_err(|e| no_host(e.to_string()))?,
        };
        Ok(Host { backend, kind })
    }

    /// Which sound system this is.
    pub fn kind(&self) -> HostKind {
        self.kind
    }
}

/// Whether a device records or plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A microphone.
    Input,
    /// Speakers or headphones.
    Output,
}

/// One device as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeviceInfo {
    /// The name to pass to `--input-device` / `--output-device`, e.g. `pulse`.
    pub name: String,
    /// What the system says the device is.
    pub description: String,
    /// Whether it is the system default for its direction.
    pub default: bool,
    /// Its default channel count and rate, when it reports them.
    pub channels: Option<u16>,
    /// Default sample rate in Hz.
    pub rate: Option<u32>,
}

/// Why a device could not be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// The sound system asked for does not answer.
    #[error("the {} sound system is not available: {detail}", .host.title())]
    NoHost {
        /// The host asked for.
        host: HostKind,
        /// What cpal said.
        detail: String,
    },
    /// No device of that direction at all.
    #[error("no {} found", match .0 { Direction::Input => "microphone", Direction::Output => "audio output" })]
    NoDevice(Direction),
    /// A name matched no device.
    #[error("no {} device matches `{name}`", match .direction { Direction::Input => "input", Direction::Output => "output" })]
    NoMatch {
        /// Input or output.
        direction: Direction,
        /// As given.
        name: String,
        /// Every device's name.
        candidates: Vec<String>,
    },
    /// A name matched more than one device.
    #[error("`{name}` matches several {} devices", match .direction { Direction::Input => "input", Direction::Output => "output" })]
    Ambiguous {
        /// Input or output.
        direction: Direction,
        /// As given.
        name: String,
        /// The devices it matched.
        matches: Vec<String>,
    },
}

/// Runs `f` with file descriptor 2 pointed at /dev/null, so ALSA's probing
/// noise ("ALSA lib pcm.c: …") does not reach the user; stderr is restored after.
pub fn quiet_stderr<T>(f: impl FnOnce() -> T) -> T {
    let saved = rustix::io::dup(std::io::stderr());
    let null = std::fs::OpenOptions::new().write(true).open("/dev/null");
    let redirected = match (&saved, &null) {
        (Ok(_), Ok(null)) => rustix::stdio::dup2_stderr(null).is_ok(),
        _ => false,
    };
    let out = f();
    if let (true, Ok(saved)) = (redirected, &saved) {
        let _ = rustix::stdio::dup2_stderr(saved);
    }
    out
}

fn cpal_device(d: cpal::Device) -> Device {
    Device::Cpal(Box::new(d))
}

/// A device's display name, the short one: ALSA's PCM name such as
/// `default` or `pulse`, or a PulseAudio source or sink such as `alsa_input.usb-…`.
pub fn display_name(d: &Device) -> String {
    match d {
        Device::Cpal(d) => match d.id() {
            Ok(id) => id.id().to_string(),
            Err(_) => d.to_string(),
        },
        Device::Pulse(d) => d.name.clone(),
    }
}

fn description_of(d: &Device) -> String {
    match d {
        Device::Cpal(d) => d
            .description()
            .map(|desc| desc.name().to_string())
            .unwrap_or_else(|_| d.to_string()),
        Device::Pulse(d) => d.description.clone(),
    }
}

/// The devices of one direction, with the default device first even when the
/// host does not enumerate it.
fn devices(host: &Host, direction: Direction) -> (Vec<Device>, Option<String>) {
    let host = match &host.backend {
        Backend::Cpal(host) => host,
        Backend::Pulse(server) => {
            let (all, default) = match direction {
                Direction::Input => (&server.sources, &server.default_source),
                Direction::Output => (&server.sinks, &server.default_sink),
            };
            return (
                all.iter().cloned().map(Device::Pulse).collect(),
                default.clone(),
            );
        }
    };
    let default = match direction {
        Direction::Input => host.default_input_device(),
        Direction::Output => host.default_output_device(),
    }
    .map(cpal_device);
    let mut all: Vec<Device> = match direction {
        Direction::Input => host
            .input_devices()
            .map(|d| d.map(cpal_device).collect::<Vec<_>>()),
        Direction::Output => host
            .output_devices()
            .map(|d| d.map(cpal_device).collect::<Vec<_>>()),
    }
    .unwrap_or_default();
    let default_name = default.as_ref().map(display_name);
    if let Some(d) = default
        && !all.iter().any(|x| display_name(x) == display_name(&d))
    {
        all.insert(0, d);
    }
    (all, default_name)
}

/// Lists the devices of one direction, the default first.
pub fn list(host: &Host, direction: Direction) -> Vec<DeviceInfo> {
    quiet_stderr(|| {
        let (devices, default) = devices(host, direction);
        let mut out: Vec<DeviceInfo> = devices
            .iter()
            .map(|d| {
                let (channels, rate) = default_format(d, direction).unzip();
                let name = display_name(d);
                DeviceInfo {
                    default: default.as_deref() == Some(name.as_str()),
                    description: description_of(d),
                    name,
                    channels,
                    rate,
                }
            })
            .collect();
        out.sort_by_key(|d| !d.default);
        out
    })
}

/// Whether a PulseAudio server (or PipeWire's) accepts connections on its
/// socket: a stale socket left by a server that died refuses them.
fn pulse_answers() -> bool {
    pulseaudio::socket_path_from_env()
        .is_some_and(|path| std::os::unix::net::UnixStream::connect(path).is_ok())
}

/// The format a device offers for `direction` by default, if any.
pub fn default_config(
    d: &cpal::Device,
    direction: Direction,
) -> Result<cpal::SupportedStreamConfig, cpal::Error> {
    match direction {
        Direction::Input => d.default_input_config(),
        Direction::Output => d.default_output_config(),
    }
}

/// The channels and rate a device offers for `direction` by default, if
/// any: a PulseAudio server takes any format and converts.
pub fn default_format(d: &Device, direction: Direction) -> Option<(u16, u32)> {
    match d {
        Device::Cpal(d) => default_config(d, direction)
            .ok()
            .map(|c| (c.channels(), c.sample_rate())),
        Device::Pulse(d) => Some((d.channels, d.rate)),
    }
}

/// Finds a device by exact name, else by a case-insensitive substring that
/// matches exactly one; `None`, or `default` where no device has that name
/// (PulseAudio's sources have none), picks the default.
pub fn find(
    host: &Host,
    direction: Direction,
    wanted: Option<&str>,
) -> Result<Device, DeviceError> {
    quiet_stderr(|| {
        let the_default = || {
            match &host.backend {
                Backend::Cpal(host) => match direction {
                    Direction::Input => host.default_input_device(),
                    Direction::Output => host.default_output_device(),
                }
                .map(cpal_device),
                Backend::Pulse(_) => {
                    let (devices, default) = devices(host, direction);
                    devices
                        .into_iter()
                        .find(|d| Some(display_name(d)) == default)
                }
            }
            .ok_or(DeviceError::NoDevice(direction))
        };
        let Some(wanted) = wanted else {
            return the_default();
        };
        let (devices, default) = devices(host, direction);
        let names: Vec<String> = devices.iter().map(display_name).collect();
        if let Some(i) = names.iter().position(|n| n == wanted) {
            return Ok(devices[i].clone());
        }
        if wanted.trim().eq_ignore_ascii_case("default") {
            return the_default();
        }
        let needle = wanted.to_lowercase();
        let hits: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].to_lowercase().contains(&needle))
            .collect();
        match hits.as_slice() {
            [one] => Ok(devices[*one].clone()),
            [] if names.is_empty() => Err(DeviceError::NoDevice(direction)),
            [] => Err(DeviceError::NoMatch {
                direction,
                name: wanted.to_string(),
                // The default first, then the devices that can actually be used.
                candidates: default
                    .iter()
                    .cloned()
                    .chain(
                        devices
                            .iter()
                            .filter(|d| default_format(d, direction).is_some())
                            .map(display_name)
                            .filter(|n| Some(n) != default.as_ref()),
                    )
                    .collect(),
            }),
            many => Err(DeviceError::Ambiguous {
                direction,
                name: wanted.to_string(),
                matches: many.iter().map(|&i| names[i].clone()).collect(),
            }),
        }
    })
}

/// How much audio each capture callback carries: sized for speech, not for
/// a synthesiser. Takes are aligned to key presses by capture time, so this
/// only sets how often the level meter moves and how often the program
/// wakes (four times a second).
pub const CAPTURE_CALLBACK: Duration = Duration::from_millis(250);
/// How much audio each playback callback asks for; the server buffers two of
/// them, so this also bounds how late pause and seek are heard.
pub const PLAYBACK_CALLBACK: Duration = Duration::from_millis(200);

/// `period`, or `PULSE_LATENCY_MSEC` when set: libpulse honours it for
/// every client (so ALSA's PulseAudio plugin does), and so does our own
/// PulseAudio recording ([`super::pulse`]); cpal's PulseAudio client does not.
pub fn callback_period(period: Duration) -> Duration {
    std::env::var("PULSE_LATENCY_MSEC")
        .ok()
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map_or(period, Duration::from_millis)
}

/// The device's config with a buffer of [`callback_period`]`(period)` when
/// the device allows it.
pub fn speech_buffer(config: &cpal::SupportedStreamConfig, period: Duration) -> cpal::StreamConfig {
    let mut c = config.config();
    let period = callback_period(period);
    let want = ((f64::from(config.sample_rate()) * period.as_secs_f64()) as u32).max(64);
    if let cpal::SupportedBufferSize::Range { min, max } = *config.buffer_size()
        && (min..=max).contains(&want)
    {
        c.buffer_size = cpal::BufferSize::Fixed(want);
    }
    c
}

/// `default` at its own rate in mono `format`, when one of `offered` (a
/// device's supported configs) takes that: a sound server converts and
/// resamples for free, and fewer bytes cross its socket.
pub fn mono_at(
    offered: Result<impl Iterator<Item = cpal::SupportedStreamConfigRange>, cpal::Error>,
    format: cpal::SampleFormat,
    rate: u32,
    default: cpal::SupportedStreamConfig,
) -> cpal::SupportedStreamConfig {
    offered
        .ok()
        .and_then(|mut all| {
            all.find(|c| {
                c.channels() == 1
                    && c.sample_format() == format
                    && (c.min_sample_rate()..=c.max_sample_rate()).contains(&rate)
            })
        })
        .map_or(default, |c| c.with_sample_rate(rate))
}

/// Opens and starts a float output stream on `device`. `fill` is handed
/// each buffer with the output's latency (callback to audible, in µs, at
/// most two seconds); `lost` is told when the device is gone.
pub fn play_f32(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    mut fill: impl FnMut(&mut [f32], u64) + Send + 'static,
    lost: impl Fn(cpal::Error) + Send + 'static,
) -> Result<cpal::Stream, cpal::Error> {
    let stream = quiet_stderr(|| {
        device.build_output_stream::<f32, _, _>(
            config,
            move |out: &mut [f32], info: &cpal::OutputCallbackInfo| {
                let ts = info.timestamp();
                let latency = ts.playback.duration_since(ts.callback);
                fill(out, latency.as_micros().min(2_000_000) as u64);
            },
            move |err: cpal::Error| {
                // Only a device that is gone stops the output; its user catches a stall.
                if device_gone(&err) {
                    lost(err);
                }
            },
            None,
        )
    })?;
    quiet_stderr(|| stream.play())?;
    Ok(stream)
}

/// Whether a stream's error means its device is gone for good. Hosts also
/// report passing trouble (the PulseAudio plugin's I/O errors) after which
/// the stream goes on; a stall is caught by watching it instead.
pub fn device_gone(err: &cpal::Error) -> bool {
    matches!(
        err.kind(),
        cpal::ErrorKind::DeviceNotAvailable
            | cpal::ErrorKind::HostUnavailable
            | cpal::ErrorKind::StreamInvalidated
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek};

    #[test]
    fn quiet_stderr_hides_what_is_written_to_descriptor_2_and_puts_it_back() {
        let say = |s: &str| rustix::io::write(std::io::stderr(), s.as_bytes()).unwrap();
        let mut caught = tempfile::tempfile().unwrap();
        let real = rustix::io::dup(std::io::stderr()).unwrap();
        rustix::stdio::dup2_stderr(&caught).unwrap();
        quiet_stderr(|| say("hidden\n"));
        say("shown\n");
        rustix::stdio::dup2_stderr(&real).unwrap();
        let mut text = String::new();
        caught.rewind().unwrap();
        caught.read_to_string(&mut text).unwrap();
        assert!(
            text.contains("shown") && !text.contains("hidden"),
            "{text:?}"
        );
    }
}
