//! Recording, playback and the list of devices through PulseAudio's own
//! protocol, with the server-side buffers chosen here rather than by cpal,
//! and a connection that, as libpulse's, needs no cookie file when the
//! server runs as the same user.
//!
//! cpal 0.18's PulseAudio host asks for a record buffer (`maxlength`) one
//! callback long, so a chunk the server cannot queue whole is dropped unseen:
//! a ten-minute soak kept 540 s of 600. Here the stream keeps the server's
//! largest buffer (it only fills while this client is late) and asks for
//! fragments of [`super::devices::CAPTURE_CALLBACK`]. The `pulseaudio` crate
//! (cpal's own client) encodes the messages; one thread reads the socket
//! with blocking reads and hands each fragment, as mono 16-bit samples, to
//! the recorder's callback. Nothing polls: the thread sleeps in `read`.
//! A ten-minute soak (`scripts/soak-record.sh`) kept 600.095 s of audio in
//! 600.064 s, none dropped, in 0.09 s of CPU a recorded minute.
//!
//! Playback is the same shape: one thread that sleeps until the server asks
//! for audio, fills the request through the player's callback and writes it
//! back — where cpal's host keeps three threads busy (its socket reactor,
//! the stream driver, and a thread asking the server for timing ten times
//! a second), which cost more than the whole of `paplay`. Replaying 30 s,
//! this thread used about 7 ms of CPU and the player's feeder 3 ms.

use pulseaudio::protocol;
use std::ffi::CString;
use std::io::{BufReader, Cursor, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Bytes a stream's thread reads from the socket at once.
const READ_BUFFER: usize = 64 * 1024;
/// How long the server may take to answer while the stream is set up.
const HANDSHAKE: Duration = Duration::from_secs(5);

/// A stream's connection and the one thread that serves it; dropping it
/// closes the connection and joins the thread.
struct Connection {
    socket: UnixStream,
    closing: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Connection {
    /// Runs `serve` on its own thread with a second handle on `socket`;
    /// `on_end` gets why it ended, unless the connection was dropped.
    fn serve(
        socket: UnixStream,
        serve: impl FnOnce(&mut UnixStream) -> String + Send + 'static,
        on_end: impl FnOnce(String) + Send + 'static,
    ) -> Result<Connection, String> {
        socket.set_read_timeout(None).map_err(|e| e.to_string())?;
        let closing = Arc::new(AtomicBool::new(false));
        let thread_closing = Arc::clone(&closing);
        let mut thread_sock = socket.try_clone().map_err(|e| e.to_string())?;
        let thread = std::thread::Builder::new()
            .name("rehearse-pulse".into())
            .spawn(move || {
                let why = serve(&mut thread_sock);
                if !thread_closing.load(Ordering::SeqCst) {
                    on_end(why);
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Connection {
            socket,
            closing,
            thread: Some(thread),
        })
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.closing.store(true, Ordering::SeqCst);
        let _ = self.socket.shutdown(std::net::Shutdown::Both);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An open record stream; dropping it closes the connection and joins the reader.
pub struct RecordStream(#[allow(dead_code)] Connection);

/// Records `source` (a PulseAudio source name) as mono 16-bit at `rate`,
/// delivered about every `fragment`. `on_data` gets each fragment's samples;
/// `on_end` gets why the stream ended, unless it was dropped.
pub fn record(
    source: &str,
    rate: u32,
    fragment: Duration,
    mut on_data: impl FnMut(&[i16]) + Send + 'static,
    on_end: impl FnOnce(String) + Send + 'static,
) -> Result<RecordStream, String> {
    let (mut sock, version) = connect()?;
    let fragment_bytes = mono_bytes(rate, fragment);
    let params = protocol::RecordStreamParams {
        sample_spec: mono_spec(rate),
        channel_map: protocol::ChannelMap::mono(),
        source_name: Some(CString::new(source).map_err(|e| e.to_string())?),
        buffer_attr: protocol::stream::BufferAttr {
            // The server's largest: it only fills while we are late to read.
            max_length: u32::MAX,
            fragment_size: fragment_bytes,
            ..Default::default()
        },
        flags: protocol::stream::StreamFlags {
            // The source runs with a fragment's latency, so fragments come
            // evenly rather than in the server's default two-second bursts.
            adjust_latency: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let stream: protocol::CreateRecordStreamReply = roundtrip(
        &mut sock,
        2,
        protocol::Command::CreateRecordStream(params),
        version,
    )?;
    mono_16_bit(&stream.sample_spec)?;
    let channel = stream.channel;
    Connection::serve(
        sock,
        move |sock| read_loop(sock, channel, version, fragment_bytes / 2, &mut on_data),
        on_end,
    )
    .map(RecordStream)
}

/// A source or sink as the server describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The name streams are opened with, such as `alsa_input.usb-…`.
    pub name: String,
    /// What the server calls it for people.
    pub description: String,
    /// Its own channel count.
    pub channels: u16,
    /// Its own sample rate, Hz.
    pub rate: u32,
}

/// What a server offers: its sources and sinks, and which are the defaults.
#[derive(Debug, Clone, Default)]
pub struct Devices {
    /// Microphones (and sinks' monitors).
    pub sources: Vec<Device>,
    /// Outputs.
    pub sinks: Vec<Device>,
    /// The default source's name.
    pub default_source: Option<String>,
    /// The default sink's name.
    pub default_sink: Option<String>,
}

/// Asks the server for its sources, sinks and defaults, over our own
/// connection (cpal's client sends no credentials, and is refused by a
/// server that has no cookie to share with it).
pub fn devices() -> Result<Devices, String> {
    let (mut sock, version) = connect()?;
    let text = |s: &Option<CString>| s.as_ref().map(|s| s.to_string_lossy().into_owned());
    let device = |name: &CString, description: &Option<CString>, spec: &protocol::SampleSpec| {
        let name = name.to_string_lossy().into_owned();
        Device {
            description: text(description).unwrap_or_else(|| name.clone()),
            name,
            channels: u16::from(spec.channels),
            rate: spec.sample_rate,
        }
    };
    let server: protocol::ServerInfo =
        roundtrip(&mut sock, 2, protocol::Command::GetServerInfo, version)?;
    let sinks: protocol::SinkInfoList =
        roundtrip(&mut sock, 3, protocol::Command::GetSinkInfoList, version)?;
    let sources: protocol::SourceInfoList =
        roundtrip(&mut sock, 4, protocol::Command::GetSourceInfoList, version)?;
    Ok(Devices {
        sources: sources
            .iter()
            .map(|s| device(&s.name, &s.description, &s.sample_spec))
            .collect(),
        sinks: sinks
            .iter()
            .map(|s| device(&s.name, &s.description, &s.sample_spec))
            .collect(),
        default_source: text(&server.default_source_name),
        default_sink: text(&server.default_sink_name),
    })
}

/// What both our streams carry: mono 16-bit at `rate`.
fn mono_spec(rate: u32) -> protocol::SampleSpec {
    protocol::SampleSpec {
        format: protocol::SampleFormat::S16Le,
        channels: 1,
        sample_rate: rate,
    }
}

/// The bytes of `length` of [`mono_spec`] audio at `rate`; at least one sample.
fn mono_bytes(rate: u32, length: Duration) -> u32 {
    ((f64::from(rate) * length.as_secs_f64()) as u32).max(1) * 2
}

/// Both our streams carry mono 16-bit; a server that will not is refused.
fn mono_16_bit(spec: &protocol::SampleSpec) -> Result<(), String> {
    if spec.format == protocol::SampleFormat::S16Le && spec.channels == 1 {
        return Ok(());
    }
    Err(format!(
        "the server offers {:?} × {} instead of mono 16-bit",
        spec.format, spec.channels
    ))
}

/// The length of a PulseAudio authentication cookie.
const COOKIE_LENGTH: usize = 256;

/// Connects to the server and introduces us; the socket has a read
/// timeout of [`HANDSHAKE`] until the caller clears it.
///
/// As libpulse does: our credentials go with what we send, so a server
/// run by the same user lets us in by them alone, and without a cookie
/// file the cookie sent is all zeros (one that is not 256 bytes is none).
/// Sent empty, it got us refused whenever the credentials missed the
/// message: the kernel attaches them only if one end asked for them
/// before it was sent, and the server asks only once it has accepted us.
fn connect() -> Result<(UnixStream, u16), String> {
    let path = pulseaudio::socket_path_from_env().ok_or("no PulseAudio server socket found")?;
    let mut sock = UnixStream::connect(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    pass_credentials(&sock).map_err(|e| format!("{}: {e}", path.display()))?;
    sock.set_read_timeout(Some(HANDSHAKE))
        .map_err(|e| e.to_string())?;
    let cookie = pulseaudio::cookie_path_from_env()
        .and_then(|p| std::fs::read(p).ok())
        .filter(|c| c.len() == COOKIE_LENGTH)
        .unwrap_or_else(|| vec![0; COOKIE_LENGTH]);
    let auth = protocol::AuthParams {
        version: protocol::MAX_VERSION,
        supports_shm: false,
        supports_memfd: false,
        cookie,
    };
    let reply: protocol::AuthReply = roundtrip(
        &mut sock,
        0,
        protocol::Command::Auth(auth),
        protocol::MAX_VERSION,
    )?;
    let version = protocol::MAX_VERSION.min(reply.version);
    let mut props = protocol::Props::new();
    props.set(protocol::Prop::ApplicationName, c"rehearse");
    let _: protocol::SetClientNameReply = roundtrip(
        &mut sock,
        1,
        protocol::Command::SetClientName(props),
        version,
    )?;
    Ok((sock, version))
}

/// An open playback stream; dropping it closes the connection and joins
/// its thread.
pub struct PlaybackStream {
    connection: Connection,
    channel: u32,
    version: u16,
    /// Held while a whole message is written, by the writer thread or by
    /// [`PlaybackStream::cork`] and [`PlaybackStream::flush`], so the two
    /// never interleave on the socket.
    writing: Arc<Mutex<()>>,
    ends: Arc<Ends>,
}

/// Whether the server has played the last audio handed over, shared with
/// the writer thread. A flush starts a new stretch of audio, whose end a
/// drain that was asked for before it does not report.
#[derive(Default)]
struct Ends {
    /// Flushes so far.
    flushes: AtomicU64,
    /// Set when the server says it played everything up to the end of the
    /// audio, and no flush came since.
    played: AtomicBool,
}

/// The sequence number of our drain requests, whose replies say the server
/// has played everything it was given.
const DRAIN_SEQ: u32 = 200;

/// What a playback request was filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filled {
    /// The whole request (silence where audio was late or paused).
    All,
    /// The audio's end: only the first `n` samples, the last there are.
    End(usize),
}

impl PlaybackStream {
    /// Sends `command` about this stream; its reply is passed over by the
    /// writer thread, which reads everything the server sends.
    fn send(&self, command: protocol::Command) {
        let mut out = Vec::new();
        if protocol::write_command_message(&mut out, 100, &command, self.version).is_ok() {
            let _held = self.writing.lock();
            let _ = (&self.connection.socket).write_all(&out);
        }
    }

    /// Stops the server playing what it holds (`true`), or lets it go on:
    /// a pause is heard at once, not after the buffered audio.
    pub fn cork(&self, corked: bool) {
        self.send(protocol::Command::CorkPlaybackStream(
            protocol::stream::CorkStreamParams {
                channel: self.channel,
                cork: corked,
            },
        ));
    }

    /// Drops the audio the server holds, so a jump is heard at once.
    pub fn flush(&self) {
        self.ends.flushes.fetch_add(1, Ordering::SeqCst);
        self.ends.played.store(false, Ordering::SeqCst);
        self.send(protocol::Command::FlushPlaybackStream(self.channel));
    }

    /// Whether the server has played all the audio, to its end: it says so
    /// when its buffer has run dry after the last sample (a drain), so
    /// nothing still waiting to be heard is lost when the stream closes.
    pub fn played_out(&self) -> bool {
        self.ends.played.load(Ordering::SeqCst)
    }
}

/// Plays mono audio at `rate` (sent as 16-bit, half the bytes of float) on the PulseAudio sink `sink`, in
/// requests of about `period` with two of them buffered. `fill` is asked
/// for each request's samples, as a cpal output callback is, and says
/// when the audio has ended ([`PlaybackStream::played_out`] then tells when
/// the server has played it); `on_end` gets why the stream ended, unless
/// it was dropped.
pub fn play(
    sink: Option<&str>,
    rate: u32,
    period: Duration,
    mut fill: impl FnMut(&mut [f32]) -> Filled + Send + 'static,
    on_end: impl FnOnce(String) + Send + 'static,
) -> Result<PlaybackStream, String> {
    let (mut sock, version) = connect()?;
    let period_bytes = mono_bytes(rate, period);
    let params = protocol::PlaybackStreamParams {
        sample_spec: mono_spec(rate),
        channel_map: protocol::ChannelMap::mono(),
        sink_name: sink
            .map(CString::new)
            .transpose()
            .map_err(|e| e.to_string())?,
        buffer_attr: protocol::stream::BufferAttr {
            max_length: u32::MAX,
            target_length: 2 * period_bytes,
            pre_buffering: u32::MAX,
            minimum_request_length: period_bytes,
            fragment_size: u32::MAX,
        },
        flags: protocol::stream::StreamFlags {
            adjust_latency: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let stream: protocol::CreatePlaybackStreamReply = roundtrip(
        &mut sock,
        2,
        protocol::Command::CreatePlaybackStream(params),
        version,
    )?;
    mono_16_bit(&stream.sample_spec)?;
    let channel = stream.channel;
    let mut requested = stream.requested_bytes as usize;
    let writing = Arc::new(Mutex::new(()));
    let ends = Arc::new(Ends::default());
    let writer = Writer {
        channel,
        version,
        writing: Arc::clone(&writing),
        ends: Arc::clone(&ends),
    };
    let connection = Connection::serve(
        sock,
        move |sock| writer.serve(sock, &mut requested, &mut fill),
        on_end,
    )?;
    Ok(PlaybackStream {
        connection,
        channel,
        version,
        writing,
        ends,
    })
}

/// The playback stream's writer thread: what it writes on, and for whom.
struct Writer {
    channel: u32,
    version: u16,
    writing: Arc<Mutex<()>>,
    ends: Arc<Ends>,
}

impl Writer {
    /// Writes one whole message, so nothing interleaves with it.
    fn write(&self, sock: &UnixStream, message: &[u8]) -> Result<(), String> {
        let _held = self.writing.lock();
        (&*sock)
            .write_all(message)
            .map_err(|e| format!("the sound server connection failed: {e}"))
    }

    /// Answers the server's requests for audio until the connection ends;
    /// returns why it ended. Once `fill` reports the end of the audio, the
    /// server is asked to say when it has played it all (a drain); nothing
    /// more is written after the end, or the drain would wait for ever.
    fn serve(
        &self,
        sock: &mut UnixStream,
        requested: &mut usize,
        fill: &mut impl FnMut(&mut [f32]) -> Filled,
    ) -> String {
        let mut payload = Vec::new();
        let mut samples: Vec<f32> = Vec::new();
        let mut message: Vec<u8> = Vec::new();
        // The stretch of audio (flushes so far) whose end was drained.
        let mut drained: Option<u64> = None;
        // Buffered: one system call takes whatever the server has sent.
        let mut incoming = BufReader::with_capacity(READ_BUFFER, &*sock);
        loop {
            let n = *requested / 2;
            if n > 0 {
                samples.clear();
                samples.resize(n, 0.0);
                let flushes = self.ends.flushes.load(Ordering::SeqCst);
                let filled = fill(&mut samples);
                let n = match filled {
                    Filled::All => n,
                    Filled::End(k) => k.min(n),
                };
                if n > 0 {
                    message.clear();
                    let desc = protocol::Descriptor {
                        length: (n * 2) as u32,
                        channel: self.channel,
                        offset: 0,
                        flags: protocol::DescriptorFlags::empty(),
                    };
                    if let Err(e) = protocol::write_descriptor(&mut message, &desc) {
                        return e.to_string();
                    }
                    let head = message.len();
                    message.resize(head + n * 2, 0);
                    for (bytes, s) in message[head..].chunks_exact_mut(2).zip(&samples) {
                        let s = (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16;
                        bytes.copy_from_slice(&s.to_le_bytes());
                    }
                    if let Err(e) = self.write(sock, &message) {
                        return e;
                    }
                    *requested -= n * 2;
                }
                if filled != Filled::All && drained != Some(flushes) {
                    drained = Some(flushes);
                    message.clear();
                    let drain = protocol::Command::DrainPlaybackStream(self.channel);
                    if protocol::write_command_message(
                        &mut message,
                        DRAIN_SEQ,
                        &drain,
                        self.version,
                    )
                    .is_ok()
                        && let Err(e) = self.write(sock, &message)
                    {
                        return e;
                    }
                }
            }
            let desc = match read_message(&mut incoming, &mut payload) {
                Ok(d) => d,
                Err(protocol::ProtocolError::Io(e))
                    if e.kind() == std::io::ErrorKind::UnexpectedEof =>
                {
                    return "the sound server closed the connection".into();
                }
                Err(e) => return format!("the sound server connection failed: {e}"),
            };
            if desc.channel != u32::MAX {
                continue;
            }
            match protocol::Command::read_tag_prefixed(&mut Cursor::new(&payload), self.version) {
                Ok((_, protocol::Command::Request(r))) if r.channel == self.channel => {
                    *requested += r.length as usize;
                }
                Ok((_, protocol::Command::PlaybackStreamKilled(c))) if c == self.channel => {
                    return "the sound server ended playback".into();
                }
                // Played to the end, unless a flush started new audio since.
                Ok((DRAIN_SEQ, protocol::Command::Reply))
                    if drained == Some(self.ends.flushes.load(Ordering::SeqCst)) =>
                {
                    self.ends.played.store(true, Ordering::SeqCst);
                }
                _ => {}
            }
        }
    }
}

/// Sends `command` and reads its reply, skipping any other message.
fn roundtrip<R: protocol::CommandReply>(
    sock: &mut UnixStream,
    seq: u32,
    command: protocol::Command,
    version: u16,
) -> Result<R, String> {
    let mut out = Vec::new();
    protocol::write_command_message(&mut out, seq, &command, version).map_err(|e| e.to_string())?;
    sock.write_all(&out).map_err(|e| e.to_string())?;
    let mut payload = Vec::new();
    loop {
        let desc = read_message(sock, &mut payload).map_err(|e| e.to_string())?;
        if desc.channel != u32::MAX {
            continue;
        }
        // The whole message, so a reply that is read short leaves nothing behind.
        let mut whole = Vec::with_capacity(protocol::DESCRIPTOR_SIZE + payload.len());
        protocol::write_descriptor(&mut whole, &desc).map_err(|e| e.to_string())?;
        whole.extend_from_slice(&payload);
        match protocol::read_reply_message::<R>(&mut Cursor::new(&whole), version) {
            Ok((got, reply)) if got == seq => return Ok(reply),
            Ok(_) | Err(protocol::ProtocolError::UnexpectedCommand(_)) => continue,
            Err(protocol::ProtocolError::ServerError(e)) => {
                return Err(format!("the server refused: {e:?}"));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Reads one message: its descriptor, and its payload into `payload`.
fn read_message(
    sock: &mut impl Read,
    payload: &mut Vec<u8>,
) -> Result<protocol::Descriptor, protocol::ProtocolError> {
    let mut head = [0u8; protocol::DESCRIPTOR_SIZE];
    sock.read_exact(&mut head)?;
    let desc = protocol::read_descriptor(&mut Cursor::new(&head[..]))?;
    payload.resize(desc.length as usize, 0);
    sock.read_exact(payload)?;
    Ok(desc)
}

/// How long a burst of messages may pause and still count as one delivery.
const BURST_GAP: Duration = Duration::from_millis(5);

/// Reads the stream until the connection ends; returns why it ended.
///
/// The server hands each fragment over as a burst of messages of any size
/// (however its memory blocks fell), a burst holding what the source
/// produced since the last; the callback gets each burst whole, as cpal's
/// hosts hand over whole buffers, so the recorder's arrival times stand for
/// the same position in every delivery (and the backlog sent on opening
/// arrives as one delivery, which the recorder sets aside). A burst ends at
/// `fragment` samples too: while another program plays at the lowest
/// latency, the source sends crumbs a millisecond apart with no gap at all.
fn read_loop(
    sock: &mut UnixStream,
    channel: u32,
    version: u16,
    fragment: u32,
    on_data: &mut impl FnMut(&[i16]),
) -> String {
    let mut payload = Vec::new();
    let mut samples: Vec<i16> = Vec::new();
    // A message that ends inside a sample leaves its first byte here.
    let mut odd: Option<u8> = None;
    // Buffered: one system call takes a whole burst.
    let mut incoming = BufReader::with_capacity(READ_BUFFER, &*sock);
    loop {
        let gap = || incoming.buffer().is_empty() && !readable_within(sock, BURST_GAP);
        if samples.len() >= fragment as usize || !samples.is_empty() && gap() {
            on_data(&samples);
            samples.clear();
        }
        let desc = match read_message(&mut incoming, &mut payload) {
            Ok(d) => d,
            Err(protocol::ProtocolError::Io(e))
                if e.kind() == std::io::ErrorKind::UnexpectedEof =>
            {
                return "the sound server closed the connection".into();
            }
            Err(e) => return format!("the sound server connection failed: {e}"),
        };
        if desc.channel == u32::MAX {
            match protocol::Command::read_tag_prefixed(&mut Cursor::new(&payload), version) {
                Ok((_, protocol::Command::RecordStreamKilled(c))) if c == channel => {
                    return "the sound server ended the recording".into();
                }
                _ => continue,
            }
        }
        if desc.channel != channel {
            continue;
        }
        let mut bytes = payload.as_slice();
        if let Some(first) = odd.take()
            && let Some((&second, rest)) = bytes.split_first()
        {
            samples.push(i16::from_le_bytes([first, second]));
            bytes = rest;
        }
        let pairs = bytes.chunks_exact(2);
        odd = pairs.remainder().first().copied();
        samples.extend(pairs.map(|p| i16::from_le_bytes([p[0], p[1]])));
    }
}

/// Asks the kernel to attach our credentials to everything sent on `sock`.
fn pass_credentials(sock: &UnixStream) -> std::io::Result<()> {
    Ok(rustix::net::sockopt::set_socket_passcred(sock, true)?)
}

/// Whether the socket has something to read within `wait`.
fn readable_within(sock: &UnixStream, wait: Duration) -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let mut fd = [PollFd::new(sock, PollFlags::IN)];
    let wait = Timespec::try_from(wait).ok();
    // A hang-up or error is for the next read to report.
    rustix::event::poll(&mut fd, wait.as_ref()).is_ok_and(|n| n > 0)
}
