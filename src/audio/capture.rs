//! Recording the microphone: cpal (or, through a PulseAudio server, our own
//! stream in [`super::pulse`]) → a lock-free ring → a writer thread → hound.
//!
//! The input stream's callback (in `input_stream`) only down-mixes to
//! mono, copies into the ring and wakes the writer: it never allocates,
//! locks or does I/O (the PulseAudio reader does the same after its socket
//! read). The writer thread sleeps
//! until a callback or a command wakes it, or until its next deadline (a
//! flush, the stall watchdog, a command's audio overdue) — never on a short
//! poll. It keeps the level meter, writes the current take (if any) through
//! hound and flushes it twice a second — hound rewrites the header on flush —
//! so a killed process leaves a valid WAV missing at most the last half
//! second. One input stream runs for the whole session; takes start and stop
//! on the writer thread, so memory stays flat however long an answer runs.

use super::devices::{self, Direction, Host, HostKind};
use super::input_stream::{self, Input, Mark};
use super::level::to_db;
use super::stream::Shared;
pub use super::stream::{AudioError, Counts};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the writer retries commands waiting for their audio once the recorder closes.
const CLOSING: Duration = Duration::from_millis(20);
/// How often an open take is flushed (header rewritten); at least once a second.
const FLUSH_EVERY: Duration = Duration::from_millis(500);
/// A stream that delivers nothing for this long has stalled: counted with
/// the take, which goes on (a busy machine can keep a healthy stream from
/// being read this long; the server holds its audio meanwhile).
const STALL: Duration = Duration::from_millis(1500);
/// A stream that delivers nothing for this long has stopped: the take ends
/// with what it holds, and recording with it.
const STOPPED: Duration = Duration::from_secs(10);
/// Seconds of audio the ring holds before samples are dropped.
const RING_SECONDS: usize = 4;
/// Capture-time marks the ring holds for the writer, which takes them all
/// at each wake; one that finds it full is dropped, which costs nothing but
/// a sample of the clock. Small on purpose: 4,096 took 17 minutes to touch
/// every page, and memory grew by a page every 42 s until then.
const MARKS: usize = 64;
/// Samples this close to zero are no level at all: what a muted or
/// disconnected microphone gives. A live one never does, even in a quiet
/// room (its own noise is some tens of levels), so a thinking pause is not this.
const NO_LEVEL: u16 = 2;
/// How long a take gives no level at all before the screen asks "muted?".
pub const MUTED_AFTER: Duration = Duration::from_secs(5);
/// The meter's floor (dBFS): what it shows for silence.
const METER_FLOOR_DB: f32 = -100.0;

/// What the screen shows while recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Meter {
    /// Recent level, dBFS (−100 for silence).
    pub level_db: f32,
    /// Peak of the current take, dBFS.
    pub take_peak_db: f32,
    /// Samples dropped in the current take.
    pub dropped: u64,
    /// Xruns in the current take.
    pub xruns: u64,
    /// Stalls in the current take.
    pub stalls: u64,
    /// How long the current take has given no level at all, to now.
    pub no_level: Duration,
    /// Why recording stopped, if it did.
    pub failure: Option<String>,
}

/// A finished take.
#[derive(Debug, Clone, PartialEq)]
pub struct Take {
    /// The WAV file.
    pub path: PathBuf,
    /// Frames written.
    pub frames: u64,
    /// Sample rate of the file.
    pub rate: u32,
    /// Samples dropped during the take.
    pub dropped: u64,
    /// Xruns during the take.
    pub xruns: u64,
    /// Times the stream delivered nothing for 1.5 s or longer during the take.
    pub stalls: u64,
    /// What went wrong during the take, if anything (the file holds what came before).
    pub error: Option<String>,
}

impl Take {
    /// The recorded length.
    pub fn length(&self) -> Duration {
        Duration::from_secs_f64(self.frames as f64 / f64::from(self.rate.max(1)))
    }
}

/// What else hears each take's audio as it is written (the transcriber):
/// called on the writer thread, in order, never from the input callback.
pub trait Tap: Send {
    /// A take starts at `rate` Hz.
    fn begin(&mut self, rate: u32);
    /// The take's next samples, as written to its file.
    fn push(&mut self, samples: &[i16]);
    /// The take was thrown away.
    fn discard(&mut self);
    /// The take ended (before the recorder hands it over).
    fn finish(&mut self);
}

enum Command {
    Tap(Box<dyn Tap>),
    Start(PathBuf),
    Pause,
    Resume,
    Restart,
    Finish,
    Discard,
}

/// How long a command waits for the samples captured before it to arrive.
const LATE_AUDIO: Duration = Duration::from_secs(1);

/// An open microphone: one input stream for the session and its writer thread.
pub struct Recorder {
    stream: Option<Input>,
    shared: Arc<Shared>,
    commands: Option<mpsc::Sender<(Instant, Command)>>,
    finished: mpsc::Receiver<Option<Take>>,
    writer: Option<JoinHandle<()>>,
    rate: u32,
    device: String,
    host: HostKind,
    take_base: Mutex<Counts>,
}

impl Recorder {
    /// Opens the named input device (a unique part of its name), or the
    /// default, on the `host` asked for (else the one [`Host::open`] picks),
    /// and waits until audio arrives, so every failure shows before a session starts.
    pub fn open(name: Option<&str>, host: Option<HostKind>) -> Result<Recorder, AudioError> {
        let host = Host::open(host)?;
        let device = devices::find(&host, Direction::Input, name)?;
        let device_name = devices::display_name(&device);
        let open_err = |detail| AudioError::Open {
            device: device_name.clone(),
            detail,
        };
        let format = input_stream::format(&device, name.is_some())?;
        let rate = format.rate();
        let shared = Arc::new(Shared {
            level: AtomicU32::new(METER_FLOOR_DB.to_bits()),
            ..Shared::default()
        });
        let (producer, consumer) = rtrb::RingBuffer::<i16>::new(rate as usize * RING_SECONDS);
        let (marks_in, marks) = rtrb::RingBuffer::<Mark>::new(MARKS);
        let rings = (producer, marks_in);
        let stream = input_stream::open(&device, format, rings, &shared, name.is_some())?;
        let (commands, rx) = mpsc::channel();
        let (done_tx, finished) = mpsc::channel();
        let writer_shared = Arc::clone(&shared);
        let writer = std::thread::Builder::new()
            .name("rehearse-recorder".into())
            .spawn(move || writer_loop(consumer, marks, rx, done_tx, writer_shared, rate))
            .map_err(|e| open_err(e.to_string()))?;
        let _ = shared.writer.set(writer.thread().clone());
        let recorder = Recorder {
            stream: Some(stream),
            shared,
            commands: Some(commands),
            finished,
            writer: Some(writer),
            rate,
            device: device_name.clone(),
            host: host.kind(),
            take_base: Mutex::new(Counts::default()),
        };
        // A device can open yet never deliver (a dead sound server): wait for
        // audio, and for the second delivery, the first that tells when its
        // audio was captured, so every command finds its sample by time.
        let deadline = Instant::now() + Duration::from_secs(5);
        while !recorder.shared.marked.load(Ordering::SeqCst) {
            if let Some(why) = recorder.failure() {
                return Err(open_err(why));
            }
            if Instant::now() > deadline {
                return Err(AudioError::NoAudio(device_name));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(recorder)
    }

    /// The device's sample rate, which the WAVs use.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// The device's name.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// The sound system recording goes through.
    pub fn host(&self) -> HostKind {
        self.host
    }

    /// Sends a command stamped with the moment it was given, so the writer
    /// applies it at the sample captured then, however late audio arrives.
    fn send(&self, c: Command) {
        if let Some(tx) = &self.commands {
            let _ = tx.send((Instant::now(), c));
            self.shared.wake();
        }
    }

    fn mark_take_start(&self) {
        if let Ok(mut base) = self.take_base.lock() {
            *base = self.shared.counts();
        }
        self.shared
            .take_peak
            .store(0f32.to_bits(), Ordering::SeqCst);
    }

    /// Starts a new take into `path` (any take in progress is finished first).
    /// Lets `tap` hear every take from the next one on.
    pub fn tap(&self, tap: Box<dyn Tap>) {
        self.send(Command::Tap(tap));
    }

    pub fn start(&self, path: &Path) {
        self.mark_take_start();
        self.send(Command::Start(path.to_path_buf()));
    }

    /// Pauses the take: nothing is written until [`Recorder::resume`].
    pub fn pause(&self) {
        self.send(Command::Pause);
    }

    /// Resumes a paused take.
    pub fn resume(&self) {
        self.send(Command::Resume);
    }

    /// Throws the take away and starts it again in the same file.
    pub fn restart(&self) {
        self.mark_take_start();
        self.send(Command::Restart);
    }

    /// Throws the take away and deletes its file.
    pub fn discard(&self) {
        self.send(Command::Discard);
    }

    /// Ends the take, writing what the ring still holds, and reports it.
    pub fn finish(&self) -> Option<Take> {
        self.send(Command::Finish);
        self.finished
            .recv_timeout(Duration::from_secs(5))
            .ok()
            .flatten()
    }

    /// Ends the take and starts the next into `path` at the same moment, so
    /// no audio falls between them; reports the take that ended.
    pub fn next_take(&self, path: &Path) -> Option<Take> {
        self.send(Command::Finish);
        self.start(path);
        self.finished
            .recv_timeout(Duration::from_secs(5))
            .ok()
            .flatten()
    }

    /// The level meter and counters for the screen.
    pub fn meter(&self) -> Meter {
        let base = self.take_base.lock().map(|b| *b).unwrap_or_default();
        let counts = self.shared.counts().since(base);
        let peak = f32::from_bits(self.shared.take_peak.load(Ordering::SeqCst));
        Meter {
            level_db: f32::from_bits(self.shared.level.load(Ordering::SeqCst)),
            take_peak_db: to_db(peak).max(METER_FLOOR_DB),
            dropped: counts.dropped,
            xruns: counts.xruns,
            stalls: counts.stalls,
            no_level: Duration::from_secs_f64(
                self.shared.take_unheard.load(Ordering::SeqCst) as f64 / f64::from(self.rate),
            ),
            failure: self.failure(),
        }
    }

    /// Why recording stopped (device lost, write failed), if it did.
    pub fn failure(&self) -> Option<String> {
        if !self.shared.failed.load(Ordering::SeqCst) {
            return None;
        }
        self.shared.failure.lock().ok().and_then(|f| f.clone())
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // Stop the device first so the callback ends, then let the writer
        // finish any open take and exit.
        drop(self.stream.take());
        drop(self.commands.take());
        self.shared.wake();
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

/// The open take on the writer thread.
struct Open {
    path: PathBuf,
    wav: hound::WavWriter<std::io::BufWriter<std::fs::File>>,
    frames: u64,
    paused: bool,
    last_flush: Instant,
    /// What had gone wrong before the take.
    base: Counts,
    error: Option<String>,
}

fn writer_loop(
    mut consumer: rtrb::Consumer<i16>,
    mut marks: rtrb::Consumer<Mark>,
    commands: mpsc::Receiver<(Instant, Command)>,
    finished: mpsc::Sender<Option<Take>>,
    shared: Arc<Shared>,
    rate: u32,
) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = Writer {
        take: None,
        tap: None,
        shared,
        rate,
        spec,
        finished,
    };
    // Samples taken from the ring so far (a dropped sample would shift later
    // indices by one against the marks; drops are rare and reported).
    let mut consumed = 0u64;
    let mut origin: Option<Instant> = None;
    // Commands waiting for the sample captured when they were given.
    let mut pending: std::collections::VecDeque<(u64, Instant, Command)> = Default::default();
    let mut last_seen = (w.shared.captured.load(Ordering::Relaxed), Instant::now());
    let mut stalled = false;
    let mut open = true;
    while open || !pending.is_empty() {
        while let Ok(m) = marks.pop() {
            origin = stream_origin(origin, m, rate).or(origin);
        }
        while open {
            match commands.try_recv() {
                Ok((at, command)) => {
                    let target = sample_at(origin, at, rate, consumed + consumer.slots() as u64);
                    pending.push_back((target, Instant::now(), command));
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    // The recorder is closing (its stream already stopped):
                    // finish any take with what has arrived.
                    open = false;
                    pending.push_back((0, Instant::now(), Command::Finish));
                }
            }
        }
        loop {
            let available = consumer.slots() as u64;
            match pending.front() {
                // Its moment has come, or its audio is overdue: apply it.
                Some((target, since, _))
                    if *target <= consumed || since.elapsed() >= LATE_AUDIO =>
                {
                    if let Some((_, _, command)) = pending.pop_front() {
                        w.apply(command, open);
                    }
                }
                Some((target, _, _)) if available > 0 => {
                    let n = (target - consumed).min(available);
                    drain(&mut consumer, n as usize, &mut w);
                    consumed += n;
                }
                None if available > 0 => {
                    drain(&mut consumer, available as usize, &mut w);
                    consumed += available;
                    // Back to the commands: a device without a clock (ALSA's
                    // `null`) refills the ring faster than it empties, and
                    // draining on would keep a Finish waiting for ever.
                    break;
                }
                _ => break,
            }
        }
        // The watchdog arms once audio has flowed: opening waits for the first data itself.
        let captured = w.shared.captured.load(Ordering::Relaxed);
        let quiet = last_seen.1.elapsed();
        if captured != last_seen.0 || captured == 0 {
            last_seen = (captured, Instant::now());
            stalled = false;
        } else if quiet >= STOPPED && !w.shared.failed.load(Ordering::Relaxed) {
            w.shared
                .fail("the microphone stopped delivering audio".into());
        } else if quiet >= STALL && !stalled {
            stalled = true;
            w.shared.stalls.fetch_add(1, Ordering::SeqCst);
        }
        let mut next = Instant::now() + STALL;
        if !w.shared.failed.load(Ordering::Relaxed) && captured != 0 {
            next = next.min(last_seen.1 + if stalled { STOPPED } else { STALL });
        }
        if let Some(t) = &mut w.take {
            if t.last_flush.elapsed() >= FLUSH_EVERY && t.error.is_none() {
                if let Err(e) = t.wav.flush() {
                    let why = format!("cannot write {}: {e}", t.path.display());
                    w.shared.fail(why.clone());
                    t.error = Some(why);
                }
                t.last_flush = Instant::now();
            }
            next = next.min(t.last_flush + FLUSH_EVERY);
        }
        if let Some((_, since, _)) = pending.front() {
            next = next.min(*since + LATE_AUDIO);
        }
        // Until a callback or a command wakes us, or the next deadline; once
        // closing, nothing wakes us, and commands still waiting for their
        // audio are retried briefly until it is overdue.
        let wait = next.saturating_duration_since(Instant::now());
        if open {
            std::thread::park_timeout(wait);
        } else if !pending.is_empty() {
            std::thread::park_timeout(wait.min(CLOSING));
        }
    }
}

/// When the stream's first sample was captured, as best the marks tell: the
/// earliest of `captured − index / rate` over all of them. Audio that arrives
/// late, in bursts, only ever makes this later, so the minimum is the truth
/// plus the smallest delivery delay — a constant that shifts a take without
/// changing its length.
fn stream_origin(origin: Option<Instant>, m: Mark, rate: u32) -> Option<Instant> {
    let offset = Duration::from_secs_f64(m.at as f64 / f64::from(rate.max(1)));
    let start = m.captured.checked_sub(offset)?;
    Some(origin.map_or(start, |o| o.min(start)))
}

/// The index of the sample captured at `at`; `fallback` before any mark has arrived.
fn sample_at(origin: Option<Instant>, at: Instant, rate: u32, fallback: u64) -> u64 {
    match origin {
        Some(o) => (at.saturating_duration_since(o).as_secs_f64() * f64::from(rate)) as u64,
        None => fallback,
    }
}

/// The writer thread's state: the open take and how to report on it.
struct Writer {
    take: Option<Open>,
    tap: Option<Box<dyn Tap>>,
    shared: Arc<Shared>,
    rate: u32,
    spec: hound::WavSpec,
    finished: mpsc::Sender<Option<Take>>,
}

impl Writer {
    fn open(&mut self, path: PathBuf) {
        self.shared.take_unheard.store(0, Ordering::Relaxed);
        self.take = match hound::WavWriter::create(&path, self.spec) {
            Ok(wav) => Some(Open {
                path,
                wav,
                frames: 0,
                paused: false,
                last_flush: Instant::now(),
                base: self.shared.counts(),
                error: None,
            }),
            Err(e) => {
                self.shared
                    .fail(format!("cannot write {}: {e}", path.display()));
                None
            }
        };
    }

    fn tapped(&mut self, f: impl FnOnce(&mut dyn Tap)) {
        if let Some(tap) = self.tap.as_deref_mut() {
            f(tap);
        }
    }

    fn throw_away(&mut self) -> Option<PathBuf> {
        let t = self.take.take()?;
        let path = t.path.clone();
        drop(t.wav);
        let _ = std::fs::remove_file(&path);
        Some(path)
    }

    /// Carries out a command; `reply` is false once the recorder is gone.
    fn apply(&mut self, command: Command, reply: bool) {
        match command {
            Command::Tap(tap) => self.tap = Some(tap),
            Command::Start(path) => {
                if let Some(t) = self.take.take() {
                    close(t, &self.shared, self.rate);
                    self.tapped(|tap| tap.discard());
                }
                self.open(path);
                let rate = self.rate;
                self.tapped(|tap| tap.begin(rate));
            }
            Command::Pause | Command::Resume => {
                if let Some(t) = &mut self.take {
                    t.paused = matches!(command, Command::Pause);
                }
            }
            Command::Restart => {
                if let Some(path) = self.throw_away() {
                    self.open(path);
                    let rate = self.rate;
                    self.tapped(|tap| {
                        tap.discard();
                        tap.begin(rate);
                    });
                }
            }
            Command::Discard => {
                self.throw_away();
                self.tapped(|tap| tap.discard());
            }
            Command::Finish => {
                let result = self.take.take().map(|t| close(t, &self.shared, self.rate));
                if result.is_some() {
                    self.tapped(|tap| tap.finish());
                }
                if reply {
                    let _ = self.finished.send(result);
                }
            }
        }
    }
}

/// Moves `n` samples from the ring into the meter and, when recording, the take.
fn drain(consumer: &mut rtrb::Consumer<i16>, n: usize, w: &mut Writer) {
    if n == 0 {
        return;
    }
    let Ok(chunk) = consumer.read_chunk(n) else {
        return;
    };
    let shared = &w.shared;
    let (a, b) = chunk.as_slices();
    let mut peak = 0i32;
    for &s in a.iter().chain(b) {
        peak = peak.max(i32::from(s).abs());
    }
    let peak = peak as f32 / 32768.0;
    // The meter falls back at 30 dB a second so it stays readable.
    let prev = f32::from_bits(shared.level.load(Ordering::Relaxed));
    let level = to_db(peak).max(prev - 30.0 * n as f32 / w.rate.max(1) as f32);
    shared
        .level
        .store(level.max(METER_FLOOR_DB).to_bits(), Ordering::Relaxed);
    if let Some(t) = &mut w.take
        && !t.paused
        && t.error.is_none()
    {
        let take_peak = f32::from_bits(shared.take_peak.load(Ordering::Relaxed));
        if peak > take_peak {
            shared.take_peak.store(peak.to_bits(), Ordering::Relaxed);
        }
        let before = t.frames;
        let heard = |s: &i16| s.unsigned_abs() > NO_LEVEL;
        let unheard = match (a.iter().rposition(heard), b.iter().rposition(heard)) {
            (_, Some(last)) => b.len() - 1 - last,
            (Some(last), None) => a.len() - 1 - last + b.len(),
            (None, None) => shared.take_unheard.load(Ordering::Relaxed) as usize + n,
        };
        shared.take_unheard.store(unheard as u64, Ordering::Relaxed);
        for &s in a.iter().chain(b) {
            if let Err(e) = t.wav.write_sample(s) {
                let why = format!("cannot write {}: {e}", t.path.display());
                shared.fail(why.clone());
                t.error = Some(why);
                break;
            }
            t.frames += 1;
        }
        if let Some(tap) = w.tap.as_deref_mut() {
            // What reached the file, and nothing else.
            let written = (t.frames - before) as usize;
            tap.push(&a[..written.min(a.len())]);
            tap.push(&b[..written.saturating_sub(a.len())]);
        }
    }
    chunk.commit_all();
}

fn close(t: Open, shared: &Shared, rate: u32) -> Take {
    let mut error = t.error;
    if let Err(e) = t.wav.finalize() {
        error.get_or_insert_with(|| format!("cannot finish {}: {e}", t.path.display()));
    }
    let counts = shared.counts().since(t.base);
    Take {
        path: t.path,
        frames: t.frames,
        rate,
        dropped: counts.dropped,
        xruns: counts.xruns,
        stalls: counts.stalls,
        error,
    }
}
