//! Playback: a WAV file streamed from disk through a ring into a cpal output
//! stream, with pause, seek and a position for progress bars.
//!
//! A feeder thread reads mono blocks from the one WAV reader (so playback
//! and analysis agree on every file's length), resamples them (linear) to
//! the device rate and fills the ring; the cpal callback only copies out of
//! it (or plays silence while paused) and wakes the feeder, which otherwise
//! sleeps: it never polls. Memory stays flat for any length of file.

use super::devices::{self, Device, Direction, Host, HostKind, quiet_stderr, speech_buffer};
use super::resample::Linear;
use super::wavfile::MonoStream;
use cpal::traits::DeviceTrait;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{JoinHandle, Thread};
use std::time::Duration;

/// Audio the ring holds between the feeder and the device.
const RING: Duration = Duration::from_secs(1);
/// The most device frames the feeder makes before writing them to the ring.
const BATCH: usize = 4096;
/// The longest opening waits for the feeder to fill the ring.
const PRIME: Duration = Duration::from_millis(500);
/// The longest the feeder sleeps without being woken.
const FEEDER_NAP: Duration = Duration::from_millis(500);
/// The longest a jump waits for the feeder: to take it before the server
/// drops what it holds, and to refill the ring before the server's request
/// for the new position is answered.
const SEEK_WAIT: Duration = Duration::from_millis(100);

/// Why a file could not be played.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayError {
    /// No output device, or a name matching none or several.
    #[error(transparent)]
    Device(#[from] devices::DeviceError),
    /// The file could not be read as a WAV: what the reader said.
    #[error("{0}")]
    File(String),
    /// The output could not be opened.
    #[error("cannot open the audio output `{device}`: {detail}")]
    Open {
        /// Device name.
        device: String,
        /// What the system said.
        detail: String,
    },
}

#[derive(Debug, Default)]
struct Shared {
    /// Source frames handed to the device so far (the play position).
    played: AtomicU64,
    /// Output silence instead of the file.
    paused: AtomicBool,
    /// Set by the feeder when it has queued the whole file.
    fed_all: AtomicBool,
    /// Set by the callback once the ring is empty after `fed_all`.
    drained: AtomicBool,
    /// Set once the output has played the last of it (through cpal: its
    /// latency counted down past the last sample; through PulseAudio the
    /// server says so).
    heard_all: AtomicBool,
    /// A seek target in source frames, `u64::MAX` for none.
    seek_to: AtomicU64,
    /// Ring samples the feeder had written when it took the last seek: the
    /// callback skips whichever of them are still in the ring, and no more
    /// (what the feeder writes for the new position is played).
    discard_to: AtomicU64,
    stop: AtomicBool,
    failure: Mutex<Option<String>>,
    /// The feeder thread, which the callback, seeks and closing wake.
    feeder: OnceLock<Thread>,
}

impl Shared {
    fn fail(&self, why: String) {
        if let Ok(mut f) = self.failure.lock() {
            f.get_or_insert(why);
        }
    }

    fn failure(&self) -> Option<String> {
        self.failure.lock().ok().and_then(|f| f.clone())
    }

    /// Wakes the feeder (lock-free: an atomic swap, and a futex wake if it sleeps).
    fn wake(&self) {
        if let Some(t) = self.feeder.get() {
            t.unpark();
        }
    }
}

/// The stream audio goes out on: cpal's, or, through PulseAudio, our own
/// (see [`super::pulse`]). Dropping it stops the callbacks.
enum Output {
    Cpal(#[allow(dead_code)] cpal::Stream),
    Pulse(super::pulse::PlaybackStream),
}

/// What each request for audio goes through, from cpal's callback or our
/// PulseAudio stream: it only copies out of the ring (or plays silence
/// while paused) and wakes the feeder.
struct Render {
    consumer: rtrb::Consumer<f32>,
    shared: Arc<Shared>,
    channels: usize,
    /// Source frames per device frame.
    step: f64,
    /// Fractions of a source frame played but not yet counted.
    carry: f64,
    /// Ring samples taken out so far (played or skipped).
    taken: u64,
    /// Device frames handed to the output so far, silence included.
    handed: u64,
    /// Where in `handed` the audio ended, once it has; and the earliest
    /// moment all of it can have been heard (it plays no faster than real time).
    end: Option<(u64, std::time::Instant)>,
    /// When the output first asked for audio.
    first: Option<std::time::Instant>,
    rate: u32,
    /// Whether a request may wait for the feeder after a jump: on our own
    /// PulseAudio thread it may; cpal's callback must not block.
    may_wait: bool,
}

impl Render {
    /// Fills a request from cpal, whose output says how long its audio
    /// takes to be heard (`latency`, µs): once the frames handed over before
    /// this request that are still to be heard are all past the end of the
    /// audio, it has all been heard.
    fn fill_counted(&mut self, out: &mut [f32], latency: u64) {
        if let Some((end, earliest)) = self.end {
            let waiting = latency * u64::from(self.rate) / 1_000_000;
            if self.handed.saturating_sub(waiting) >= end && std::time::Instant::now() >= earliest {
                self.shared.heard_all.store(true, Ordering::Release);
            }
        }
        self.fill(out);
    }

    /// Fills a request: audio from the ring, silence while paused or when
    /// it runs dry. Says where the audio ended, if it has.
    fn fill(&mut self, out: &mut [f32]) -> super::pulse::Filled {
        let now = std::time::Instant::now();
        let first = *self.first.get_or_insert(now);
        let cb = &self.shared;
        let discard_to = cb.discard_to.load(Ordering::Acquire);
        if self.taken < discard_to {
            // Every sample before `discard_to` was written before it was
            // set, so they are all in the ring (or were taken already).
            let n = usize::try_from(discard_to - self.taken)
                .unwrap_or(usize::MAX)
                .min(self.consumer.slots());
            if let Ok(chunk) = self.consumer.read_chunk(n) {
                chunk.commit_all();
            }
            self.taken += n as u64;
            cb.wake();
            // After a jump the server has dropped what it held and asks for
            // a whole buffer: answered with silence for want of audio, the
            // jump would be heard only after it.
            if self.may_wait {
                wait_for_feeder(Duration::from_millis(1), || {
                    self.consumer.slots() < out.len()
                        && !cb.fed_all.load(Ordering::Acquire)
                        && !cb.paused.load(Ordering::Relaxed)
                        && !cb.stop.load(Ordering::Relaxed)
                });
            }
        }
        self.handed += (out.len() / self.channels) as u64;
        if cb.paused.load(Ordering::Relaxed) {
            out.fill(0.0);
            return super::pulse::Filled::All;
        }
        let frames_out = if self.channels == 1 {
            // Mono (what our PulseAudio stream takes): two slice copies.
            let n = out.len().min(self.consumer.slots());
            if let Ok(chunk) = self.consumer.read_chunk(n) {
                let (a, b) = chunk.as_slices();
                out[..a.len()].copy_from_slice(a);
                out[a.len()..n].copy_from_slice(b);
                chunk.commit_all();
            }
            out[n..].fill(0.0);
            self.taken += n as u64;
            n as u64
        } else {
            let mut frames_out = 0u64;
            for frame in out.chunks_exact_mut(self.channels) {
                let mut got = true;
                for s in frame.iter_mut() {
                    match self.consumer.pop() {
                        Ok(v) => {
                            *s = v;
                            self.taken += 1;
                        }
                        Err(_) => {
                            *s = 0.0;
                            got = false;
                        }
                    }
                }
                if got {
                    frames_out += 1;
                }
            }
            frames_out
        };
        // The feeder refills in large steps, woken once the ring is half
        // empty rather than on every request.
        if self.consumer.slots() * 2 <= self.consumer.buffer().capacity() {
            cb.wake();
        }
        // Device frames played, in source frames.
        self.carry += frames_out as f64 * self.step;
        let whole = self.carry.floor();
        self.carry -= whole;
        cb.played.fetch_add(whole as u64, Ordering::Relaxed);
        let short = frames_out < (out.len() / self.channels) as u64;
        if short && cb.fed_all.load(Ordering::Acquire) && self.consumer.is_empty() {
            if !cb.drained.swap(true, Ordering::AcqRel) || self.end.is_none() {
                // The audio ends inside this request.
                let end = self.handed - (out.len() / self.channels) as u64 + frames_out;
                let length = Duration::from_secs_f64(end as f64 / f64::from(self.rate.max(1)));
                self.end = Some((end, first + length));
            }
            return super::pulse::Filled::End(frames_out as usize * self.channels);
        }
        self.end = None;
        super::pulse::Filled::All
    }
}

/// A file playing on an output device.
pub struct Player {
    stream: Option<Output>,
    shared: Arc<Shared>,
    feeder: Option<JoinHandle<()>>,
    rate: u32,
    frames: u64,
    device: String,
    host: HostKind,
}

impl Player {
    /// Starts playing `path` on the named output (or the default), from
    /// `start`, on the `host` asked for (else the one [`Host::open`] picks).
    pub fn open(
        path: &Path,
        output: Option<&str>,
        start: Duration,
        host: Option<HostKind>,
    ) -> Result<Player, PlayError> {
        let file_err = |e: super::wavfile::WavError| PlayError::File(e.to_string());
        let mut reader = MonoStream::open(path).map_err(file_err)?;
        let rate = reader.format().sample_rate;
        let frames = reader.frames().unwrap_or(0);
        let kind = HostKind::choose(host);
        let pulse = kind == HostKind::Pulse;
        // The server's default sink needs no device list: cpal's host is
        // opened only to find a named output, or for ALSA.
        let device = if pulse && output.is_none() {
            None
        } else {
            let host = Host::open(Some(kind))?;
            Some(devices::find(&host, Direction::Output, output)?)
        };
        let name = device
            .as_ref()
            .map_or_else(|| "default".to_string(), devices::display_name);
        let open_err = |detail: String| PlayError::Open {
            device: name.clone(),
            detail,
        };
        // Our own PulseAudio stream takes mono at the file's rate (the
        // server resamples); through cpal, what the device offers.
        let config = match device {
            Some(Device::Cpal(device)) if !pulse => {
                let config = quiet_stderr(|| device.default_output_config())
                    .map_err(|e| open_err(e.to_string()))?;
                // Mono float at the file's own rate when the device takes it
                // (a sixth of the bytes of 48 kHz stereo); else the device's
                // default, which the feeder resamples and copies to every channel.
                let config = quiet_stderr(|| {
                    let offered = device.supported_output_configs();
                    devices::mono_at(offered, cpal::SampleFormat::F32, rate, config)
                });
                Some((device, config))
            }
            _ => None,
        };
        let (out_rate, out_channels) = config.as_ref().map_or((rate, 1), |(_, c)| {
            (c.sample_rate(), usize::from(c.channels().max(1)))
        });
        let start_frame = ((start.as_secs_f64() * f64::from(rate)) as u64).min(frames);
        reader.seek(start_frame).map_err(file_err)?;
        let shared = Arc::new(Shared {
            seek_to: AtomicU64::new(u64::MAX),
            played: AtomicU64::new(start_frame),
            ..Shared::default()
        });
        // Ring of device frames (interleaved).
        let ring_frames = (f64::from(out_rate) * RING.as_secs_f64()) as usize;
        let (producer, consumer) = rtrb::RingBuffer::<f32>::new(ring_frames * out_channels);
        let feed_shared = Arc::clone(&shared);
        let feeder = std::thread::Builder::new()
            .name("rehearse-player".into())
            .spawn(move || feed(reader, producer, feed_shared, out_rate, out_channels))
            .map_err(|e| open_err(e.to_string()))?;
        let _ = shared.feeder.set(feeder.thread().clone());
        // The ring is primed before the stream asks for its first audio.
        let primed = std::time::Instant::now() + PRIME;
        while consumer.slots() < consumer.buffer().capacity()
            && !shared.fed_all.load(Ordering::Acquire)
            && shared.failure().is_none()
            && std::time::Instant::now() < primed
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut render = Render {
            consumer,
            shared: Arc::clone(&shared),
            channels: out_channels,
            step: f64::from(rate) / f64::from(out_rate),
            carry: 0.0,
            taken: 0,
            handed: 0,
            end: None,
            first: None,
            rate: out_rate,
            may_wait: config.is_none(),
        };
        let err_shared = Arc::clone(&shared);
        let stream = match config {
            None => {
                let sink = output.map(|_| name.as_str());
                let stream = super::pulse::play(
                    sink,
                    rate,
                    devices::callback_period(devices::PLAYBACK_CALLBACK),
                    move |out: &mut [f32]| render.fill(out),
                    move |why| err_shared.fail(format!("playback stopped: {why}")),
                )
                .map_err(open_err)?;
                Output::Pulse(stream)
            }
            Some((device, config)) => devices::play_f32(
                &device,
                speech_buffer(&config, devices::PLAYBACK_CALLBACK),
                move |out, latency| render.fill_counted(out, latency),
                move |err| err_shared.fail(format!("playback stopped: {err}")),
            )
            .map(Output::Cpal)
            .map_err(|e| open_err(e.to_string()))?,
        };
        Ok(Player {
            stream: Some(stream),
            shared,
            feeder: Some(feeder),
            rate,
            frames,
            device: name,
            host: kind,
        })
    }

    /// The file's length.
    pub fn length(&self) -> Duration {
        Duration::from_secs_f64(self.frames as f64 / f64::from(self.rate.max(1)))
    }

    /// How far playback has got.
    pub fn position(&self) -> Duration {
        let f = self.shared.played.load(Ordering::Relaxed).min(self.frames);
        Duration::from_secs_f64(f as f64 / f64::from(self.rate.max(1)))
    }

    /// Whether the whole file has been heard, so closing the stream loses
    /// nothing: through PulseAudio the server says it has played it all;
    /// through cpal the output's latency has counted down past its last
    /// sample, and no sooner than the file's length after it began.
    pub fn finished(&self) -> bool {
        match &self.stream {
            Some(Output::Pulse(stream)) => stream.played_out(),
            _ => self.shared.heard_all.load(Ordering::Acquire),
        }
    }

    /// Pauses or resumes.
    pub fn set_paused(&self, paused: bool) {
        self.shared.paused.store(paused, Ordering::Relaxed);
        if let Some(Output::Pulse(stream)) = &self.stream {
            stream.cork(paused);
        }
    }

    /// Whether paused.
    pub fn is_paused(&self) -> bool {
        self.shared.paused.load(Ordering::Relaxed)
    }

    /// Jumps to `to` (clamped to the file).
    pub fn seek(&self, to: Duration) {
        let frame = ((to.as_secs_f64() * f64::from(self.rate)) as u64).min(self.frames);
        self.shared.drained.store(false, Ordering::Release);
        self.shared.heard_all.store(false, Ordering::Release);
        self.shared.fed_all.store(false, Ordering::Release);
        self.shared.seek_to.store(frame, Ordering::Release);
        // Shown at once; the feeder sets it again when it takes the jump.
        self.shared.played.store(frame, Ordering::SeqCst);
        self.shared.wake();
        if let Some(Output::Pulse(stream)) = &self.stream {
            // The server drops what it holds once the feeder has taken the
            // jump, so its request for more gets the new position, not what
            // was left in the ring.
            wait_for_feeder(Duration::from_micros(200), || {
                self.shared.seek_to.load(Ordering::Acquire) != u64::MAX
                    && self.shared.failure().is_none()
            });
            stream.flush();
        }
    }

    /// The output device's name.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// The sound system playback goes through.
    pub fn host(&self) -> HostKind {
        self.host
    }

    /// What went wrong, if playback failed.
    pub fn failure(&self) -> Option<String> {
        self.shared.failure()
    }

    /// Plays to the end, or until `tick` returns false; `tick` runs every 100 ms.
    /// An output that stops taking samples ends it too: after three seconds
    /// once playing, or ten before the first sample (servers can be slow to start).
    pub fn wait(&self, mut tick: impl FnMut(&Player) -> bool) {
        let start = self.position();
        let mut last = (start, std::time::Instant::now());
        while !self.finished() && self.failure().is_none() {
            if !tick(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
            let pos = self.position();
            let limit = if pos == start { 10 } else { 3 };
            if pos != last.0 || self.is_paused() {
                last = (pos, std::time::Instant::now());
            } else if last.1.elapsed() > Duration::from_secs(limit) {
                let why = "playback stalled: the audio output stopped taking samples";
                self.shared.fail(why.into());
            }
        }
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.wake();
        drop(self.stream.take());
        if let Some(f) = self.feeder.take() {
            let _ = f.join();
        }
    }
}

/// Resamples the reader's mono blocks into the ring until a stop, seeking
/// when `shared.seek_to` asks.
fn feed(
    mut reader: MonoStream,
    mut producer: rtrb::Producer<f32>,
    shared: Arc<Shared>,
    out_rate: u32,
    out_channels: usize,
) {
    let rate = reader.format().sample_rate;
    let (mut block, mut at) = (Vec::new(), 0);
    let mut linear = Linear::new(rate, out_rate);
    let mut batch: Vec<f32> = Vec::with_capacity(BATCH * out_channels);
    // Ring samples written so far.
    let mut written = 0u64;
    while !shared.stop.load(Ordering::SeqCst) {
        let target = shared.seek_to.load(Ordering::Acquire);
        if target != u64::MAX {
            // Everything written so far is from before the jump.
            shared.discard_to.store(written, Ordering::Release);
            shared.fed_all.store(false, Ordering::Release);
            if let Err(e) = reader.seek(target) {
                shared.fail(format!("playback stopped: {e}"));
                return;
            }
            let frame = target.min(reader.frames().unwrap_or(0));
            shared.played.store(frame, Ordering::SeqCst);
            (block, at, linear) = (Vec::new(), 0, Linear::new(rate, out_rate));
            // Taken only now, so a seek that sees it taken finds the ring
            // marked; a newer jump asked meanwhile stays for the next turn.
            let _ = shared.seek_to.compare_exchange(
                target,
                u64::MAX,
                Ordering::AcqRel,
                Ordering::Acquire,
            );
        }
        let room = (producer.slots() / out_channels).min(BATCH);
        if room == 0 {
            // Full: the callback wakes us as it takes audio out.
            std::thread::park_timeout(FEEDER_NAP);
            continue;
        }
        // A batch of device frames, then one write into the ring.
        batch.clear();
        let mut at_end = false;
        let as_is = rate == out_rate && out_channels == 1;
        if as_is {
            // At the device's own rate in mono (our PulseAudio stream):
            // the file's samples as they are.
            let Some(more) = refill(&mut reader, &mut block, &mut at, &shared) else {
                return;
            };
            at_end = !more;
            let n = (block.len() - at).min(room);
            batch.extend_from_slice(&block[at..at + n]);
            at += n;
        }
        while !as_is && batch.len() < room * out_channels {
            if linear.hungry() {
                let Some(more) = refill(&mut reader, &mut block, &mut at, &shared) else {
                    return;
                };
                if !more {
                    // The block is empty now: read again after a seek.
                    // (Indexing the old position here panicked the
                    // feeder at the end of every file.)
                    at_end = true;
                    break;
                }
                linear.push(block[at]);
                at += 1;
                continue;
            }
            batch.extend(std::iter::repeat_n(linear.pull(), out_channels));
        }
        if let Ok(chunk) = producer.write_chunk_uninit(batch.len()) {
            written += batch.len() as u64;
            chunk.fill_from_iter(batch.drain(..));
        }
        if at_end {
            // Wait for a seek back or the end of playback.
            shared.fed_all.store(true, Ordering::Release);
            std::thread::park_timeout(FEEDER_NAP);
        }
    }
}

/// Sleeps `step` at a time while `waiting` holds, for at most [`SEEK_WAIT`].
fn wait_for_feeder(step: Duration, waiting: impl Fn() -> bool) {
    let until = std::time::Instant::now() + SEEK_WAIT;
    while waiting() && std::time::Instant::now() < until {
        std::thread::sleep(step);
    }
}

/// Reads the next block once `at` has used up `block` (and starts `at`
/// over): false at the end of the file, `None` once reading failed (told to
/// `shared`).
fn refill(
    reader: &mut MonoStream,
    block: &mut Vec<f32>,
    at: &mut usize,
    shared: &Shared,
) -> Option<bool> {
    if *at < block.len() {
        return Some(true);
    }
    *at = 0;
    match reader.read(block) {
        Ok(n) => Some(n > 0),
        Err(e) => {
            shared.fail(format!("playback stopped: {e}"));
            None
        }
    }
}
