//! The one WAV reader: `analyze`, `replay`, `mic-check` and the analysis of a
//! drill's takes all read audio through [`MonoStream`], so they agree on every
//! file's length. Any channel count (averaged to mono), any rate, 8/16/24/32-bit
//! integer and 32/64-bit float PCM, plain or `WAVE_FORMAT_EXTENSIBLE`, from a
//! regular file or from a stream (standard input, a pipe), front to back.
//!
//! The header is walked chunk by chunk here rather than through hound's
//! reader, for three reasons: hound hides the sample container size (24 bits
//! in 4 bytes), it refuses the headers that interrupted recorders leave
//! (which are recovered here, with a warning), and decoding whole blocks of
//! bytes at once is several times faster than hound's per-sample iterator on
//! an hour of audio. Memory stays at one read buffer however long the file
//! is, and whatever its header claims.
//!
//! How much audio there is depends only on the bytes, read in order, so a file
//! and the same bytes through a pipe read alike: the data chunk's declared
//! length, unless more than a frame follows it that is not a chunk, in which
//! case the header is stale (a killed recorder's) and the audio runs to the
//! end. A declared length past the end is a file cut short, or, from 2 GiB
//! up, a streaming recorder's "unknown length" placeholder.

use super::envelope::{Envelope, EnvelopeBuilder};
use crate::input::{self, Problem};
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Bytes read from the file per step (rounded down to whole sample frames).
const READ_BYTES: usize = 256 * 1024;
/// A data length at or above this that overruns the file is a streaming
/// recorder's "unknown length" placeholder, not a promise.
const PLACEHOLDER_LEN: u64 = 0x7FFF_F000;
/// A chunk after the audio is believed up to this size; a larger "chunk" is
/// audio that happens to look like a chunk header (and is never buffered).
const TRAILING_CHUNK_MAX: usize = 1 << 20;
/// Higher sample rates are refused (the analysis keeps 10 ms of samples).
const MAX_RATE: u32 = 1_000_000;

/// What the input layer needs to know about recordings.
const RECORDING: input::Kind = input::Kind {
    noun: "recording",
    max_bytes: u64::MAX,
    not_found_hint: "check the file name and path",
    too_big_hint: "",
};

/// Why a WAV file cannot be read; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum WavError {
    /// The path is missing, unreadable, or not a regular file.
    #[error("{0}")]
    Open(Problem),
    /// Reading failed part way.
    #[error("cannot read {}: {}", .0.display(), .1)]
    Read(PathBuf, io::Error),
    /// Not RIFF/WAVE at all: what was found instead.
    #[error("{} is not a WAV file ({})", .0.display(), .1)]
    NotWav(PathBuf, &'static str),
    /// The file ends before its header or its audio does: where.
    #[error("{} is truncated: {}", .0.display(), .1)]
    Truncated(PathBuf, String),
    /// A WAV encoding this reader does not decode (µ-law, ADPCM, …).
    #[error("{} uses an unsupported WAV encoding: {}", .0.display(), .1)]
    Unsupported(PathBuf, String),
    /// A header whose fields contradict each other: how.
    #[error("{} has a broken WAV header: {}", .0.display(), .1)]
    Malformed(PathBuf, String),
}

impl WavError {
    /// How the user can fix it, for the hint line.
    pub fn hint(&self) -> String {
        match self {
            WavError::Open(p) => p.hint.clone(),
            WavError::Read(..) => "check that the disk is readable and try again".into(),
            WavError::NotWav(..) => {
                "rehearse analyses WAV files; convert other audio first, e.g. `ffmpeg -i INPUT -ac 1 OUTPUT.wav`".into()
            }
            WavError::Truncated(..) => {
                "the file was cut short (an interrupted copy or download?); copy it again from the original".into()
            }
            WavError::Unsupported(..) | WavError::Malformed(..) => {
                "rehearse reads 8/16/24/32-bit integer and 32/64-bit float PCM; convert it, e.g. `sox INPUT -e signed-integer -b 16 OUTPUT.wav`".into()
            }
        }
    }

    /// True when the file is at fault (bad input, exit 2), false for I/O
    /// failures while reading (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, WavError::Read(..))
    }
}

/// How samples are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Integer PCM (8-bit unsigned, wider signed); `bits` is the container width.
    Int {
        /// Bits per sample container: 8, 16, 24 or 32.
        bits: u16,
    },
    /// IEEE float PCM.
    Float {
        /// 32 or 64.
        bits: u16,
    },
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Encoding::Int { bits } => write!(f, "{bits}-bit"),
            Encoding::Float { bits } => write!(f, "{bits}-bit float"),
        }
    }
}

/// The audio format of a WAV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WavFormat {
    /// Samples per second per channel.
    pub sample_rate: u32,
    /// Interleaved channels (averaged to mono when read).
    pub channels: u16,
    /// Sample encoding.
    pub encoding: Encoding,
}

impl WavFormat {
    fn block_align(&self) -> usize {
        let (Encoding::Int { bits } | Encoding::Float { bits }) = self.encoding;
        usize::from(bits / 8) * usize::from(self.channels)
    }

    /// How long `bytes` of audio last, in whole frames.
    fn duration(&self, bytes: u64) -> Duration {
        frames_to_duration(bytes / self.block_align() as u64, self.sample_rate)
    }
}

impl fmt::Display for WavFormat {
    /// `16 kHz mono 16-bit`, `44.1 kHz 2 channels 32-bit float`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let khz = f64::from(self.sample_rate) / 1000.0;
        let channels = match self.channels {
            1 => "mono".to_string(),
            n => format!("{n} channels"),
        };
        write!(f, "{khz} kHz {channels} {}", self.encoding)
    }
}

/// Something odd about a file that was read anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WavWarning {
    /// The header gives a shorter length than the audio in the file: what a
    /// recorder leaves when it is killed before closing the file.
    LengthRecovered {
        /// What the header says.
        declared: Duration,
        /// What the file holds, and what was read.
        actual: Duration,
    },
    /// The header gives no usable length (a streaming placeholder); the file
    /// was read to its end.
    LengthMissing {
        /// What the file holds, and what was read.
        actual: Duration,
    },
}

impl fmt::Display for WavWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WavWarning::LengthRecovered { declared, actual } => write!(
                f,
                "the header says {:.2} s of audio but the file holds {:.2} s \
                 (the recording was not closed properly?); reading all of it",
                declared.as_secs_f64(),
                actual.as_secs_f64()
            ),
            WavWarning::LengthMissing { actual } => write!(
                f,
                "the header gives no length; reading the {:.2} s the file holds",
                actual.as_secs_f64()
            ),
        }
    }
}

/// Where the audio ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// After this many bytes (a file: worked out when it was opened).
    At(u64),
    /// A stream: at the declared length, then look at what follows.
    Declared,
    /// Where the source ends.
    Eof,
    /// Already reached.
    Done,
}

/// A WAV file or stream opened for reading as mono `f32` samples, block by block.
pub struct MonoStream {
    path: PathBuf,
    src: Box<dyn Read + Send>,
    /// The same open file as `src`, for seeking; `None` for a stream.
    file: Option<File>,
    format: WavFormat,
    /// Where the audio starts in the source.
    data_start: u64,
    /// The data chunk's length as its header gives it.
    declared: u64,
    end: End,
    /// Audio bytes taken from the source (the last `have` still in `buf`).
    pos: u64,
    /// Whole frames of audio: known when a file is opened, for a stream at its end.
    frames: Option<u64>,
    /// Frames handed out so far.
    decoded: u64,
    warning: Option<WavWarning>,
    buf: Vec<u8>,
    /// Bytes at the front of `buf` short of a whole frame, kept for the next read.
    have: usize,
}

impl MonoStream {
    /// Opens the regular file at `path` (through the input layer, so a
    /// directory, device or FIFO is refused) and works out its length.
    pub fn open(path: &Path) -> Result<MonoStream, WavError> {
        let name = path.display().to_string();
        let file = input::open(path, &name, &RECORDING).map_err(WavError::Open)?;
        let read_err = |e| WavError::Read(path.to_path_buf(), e);
        let size = file.metadata().map_err(read_err)?.len();
        let seeker = file.try_clone().map_err(read_err)?;
        let mut s = MonoStream::start(path, Box::new(file))?;
        s.file = Some(seeker);
        let available = size.saturating_sub(s.data_start);
        let len = if s.declared > available {
            s.warning = Some(s.past_end(available)?);
            available
        } else {
            // The same look past the declared end that a stream takes.
            s.seek_bytes(s.declared).map_err(read_err)?;
            let more = more_audio(s.declared, s.block(), &mut s.src, &mut Vec::new());
            s.seek_bytes(0).map_err(read_err)?;
            if !more.map_err(read_err)? {
                s.declared
            } else {
                s.warning = Some(WavWarning::LengthRecovered {
                    declared: s.format.duration(s.declared),
                    actual: s.format.duration(available),
                });
                available
            }
        };
        s.end = End::At(len);
        s.frames = Some(len / s.block() as u64);
        Ok(s)
    }

    /// Reads a WAV from a stream (standard input, a pipe) without seeking;
    /// `name` is what messages call it. The length is known at the end.
    pub fn from_stream(name: &Path, src: impl Read + Send + 'static) -> Result<Self, WavError> {
        MonoStream::start(name, Box::new(src))
    }

    /// Reads the header; the source is left at the start of the audio.
    fn start(path: &Path, mut src: Box<dyn Read + Send>) -> Result<MonoStream, WavError> {
        let (format, data_start, declared) = read_header(&mut src, path)?;
        let block = format.block_align();
        Ok(MonoStream {
            path: path.to_path_buf(),
            src,
            file: None,
            format,
            data_start,
            declared,
            end: End::Declared,
            pos: 0,
            frames: None,
            decoded: 0,
            warning: None,
            // A partial frame and a look past the declared end (a frame and a
            // chunk header) fit in three frames.
            buf: vec![0; (READ_BYTES / block).max(3) * block],
            have: 0,
        })
    }

    /// The file's audio format.
    pub fn format(&self) -> WavFormat {
        self.format
    }

    /// Sample frames of audio: known for a file, for a stream once read.
    pub fn frames(&self) -> Option<u64> {
        self.frames
    }

    /// Moves to sample frame `frame` (clamped to the end) of a file.
    pub fn seek(&mut self, frame: u64) -> Result<(), WavError> {
        let frames = self.frames.unwrap_or(0);
        let bytes = frame.min(frames) * self.block() as u64;
        self.seek_bytes(bytes).map_err(|e| self.read_err(e))?;
        (self.pos, self.have, self.decoded) = (bytes, 0, frame.min(frames));
        self.end = End::At(frames * self.block() as u64);
        Ok(())
    }

    /// Replaces `out` with the next block of mono samples (−1..1) and returns
    /// how many there are: 0 at the end.
    pub fn read(&mut self, out: &mut Vec<f32>) -> Result<usize, WavError> {
        out.clear();
        let block = self.block();
        while out.is_empty() {
            let limit = match self.end {
                End::Done => {
                    self.finish();
                    return Ok(0);
                }
                End::At(end) => end,
                End::Declared => self.declared,
                End::Eof => u64::MAX,
            };
            if self.pos >= limit {
                self.end = match self.end {
                    End::Declared => self.look_past_declared()?,
                    _ => End::Done,
                };
                continue;
            }
            let room = self.buf.len() - self.have;
            let want = room.min(usize::try_from(limit - self.pos).unwrap_or(room));
            let got = read_up_to(&mut self.src, &mut self.buf[self.have..self.have + want])
                .map_err(|e| self.read_err(e))?;
            self.have += got;
            self.pos += got as u64;
            if got < want {
                match self.end {
                    End::Declared => self.warning = Some(self.past_end(self.pos)?),
                    End::At(end) => {
                        let detail = format!(
                            "it ended after {:.2} s of {:.2} s while being read",
                            self.format.duration(self.pos).as_secs_f64(),
                            self.format.duration(end).as_secs_f64()
                        );
                        return Err(WavError::Truncated(self.path.clone(), detail));
                    }
                    End::Eof | End::Done => {}
                }
                self.end = End::Done;
            }
            let whole = self.have / block * block;
            decode(&self.format, &self.buf[..whole], out);
            self.buf.copy_within(whole..self.have, 0);
            self.have -= whole;
            self.decoded += (whole / block) as u64;
        }
        Ok(out.len())
    }

    /// Reads the rest into an [`Envelope`].
    pub fn envelope(mut self) -> Result<WavEnvelope, WavError> {
        let mut builder = EnvelopeBuilder::new(self.format.sample_rate);
        let mut samples = Vec::new();
        while self.read(&mut samples)? > 0 {
            builder.push(&samples);
        }
        Ok(WavEnvelope {
            envelope: builder.finish(),
            format: self.format,
            warning: self.warning,
        })
    }

    /// At a stream's declared end: either the audio ends here, or the header
    /// is stale and the audio runs to the end of the stream.
    fn look_past_declared(&mut self) -> Result<End, WavError> {
        let mut look = Vec::new();
        let more = more_audio(self.declared, self.block(), &mut self.src, &mut look);
        if !more.map_err(|e| self.read_err(e))? {
            return Ok(End::Done);
        }
        // What was looked at is audio: read it again, then the rest.
        let rest = std::mem::replace(&mut self.src, Box::new(io::empty()));
        self.src = Box::new(io::Cursor::new(look).chain(rest));
        self.warning = Some(WavWarning::LengthRecovered {
            declared: self.format.duration(self.declared),
            actual: Duration::ZERO,
        });
        Ok(End::Eof)
    }

    /// A declared length past the last of `available` bytes: a placeholder
    /// read to the end, or a file cut short.
    fn past_end(&self, available: u64) -> Result<WavWarning, WavError> {
        let actual = self.format.duration(available);
        if self.declared >= PLACEHOLDER_LEN {
            return Ok(WavWarning::LengthMissing { actual });
        }
        let detail = format!(
            "the header promises {:.2} s of audio but the file holds {:.2} s",
            self.format.duration(self.declared).as_secs_f64(),
            actual.as_secs_f64()
        );
        Err(WavError::Truncated(self.path.clone(), detail))
    }

    /// At the end of a stream its length is known, and the warning's figure.
    fn finish(&mut self) {
        if self.frames.is_none() {
            self.frames = Some(self.decoded);
            if let Some(
                WavWarning::LengthRecovered { actual, .. } | WavWarning::LengthMissing { actual },
            ) = &mut self.warning
            {
                *actual = frames_to_duration(self.decoded, self.format.sample_rate);
            }
        }
    }

    /// Moves a file to `bytes` into its audio.
    fn seek_bytes(&mut self, bytes: u64) -> io::Result<()> {
        let file = self.file.as_mut().ok_or(io::ErrorKind::Unsupported)?;
        file.seek(SeekFrom::Start(self.data_start + bytes))
            .map(drop)
    }

    fn read_err(&self, e: io::Error) -> WavError {
        WavError::Read(self.path.clone(), e)
    }

    fn block(&self) -> usize {
        self.format.block_align()
    }
}

/// Whether what follows `declared` bytes of audio is more audio (the header
/// is stale) rather than nothing, padding, or a chunk that ends in the file.
/// Reads from `src`, which stands at the declared end, into `look`.
fn more_audio(
    declared: u64,
    block: usize,
    src: &mut impl Read,
    look: &mut Vec<u8>,
) -> io::Result<bool> {
    let need = 8.max(block);
    let pad = (declared & 1) as usize;
    fill(src, look, need + pad)?;
    if look.len() < need {
        return Ok(false);
    }
    let Some(head) = look.get(pad..pad + 8) else {
        return Ok(true);
    };
    let tag = &head[..4];
    let tag_ok = tag.iter().all(|&b| b.is_ascii_alphanumeric() || b == b' ')
        && tag.iter().any(|b| b.is_ascii_alphabetic());
    let chunk_end = pad + 8 + le32(&head[4..8]) as usize;
    if !tag_ok || chunk_end > TRAILING_CHUNK_MAX {
        return Ok(true);
    }
    fill(src, look, chunk_end)?;
    Ok(look.len() < chunk_end)
}

/// Reads from `src` until `look` holds `n` bytes or the source ends.
fn fill(src: &mut impl Read, look: &mut Vec<u8>, n: usize) -> io::Result<()> {
    let want = n.saturating_sub(look.len()) as u64;
    Read::take(src, want).read_to_end(look).map(drop)
}

/// An envelope read from a file, with what was learnt on the way.
#[derive(Debug)]
pub struct WavEnvelope {
    /// The 10 ms levels, for [`super::analysis::analyze`].
    pub envelope: Envelope,
    /// The file's audio format.
    pub format: WavFormat,
    /// What was odd about the file, if anything.
    pub warning: Option<WavWarning>,
}

/// Streams the WAV file at `path` into an [`Envelope`].
pub fn read_envelope(path: &Path) -> Result<WavEnvelope, WavError> {
    MonoStream::open(path)?.envelope()
}

fn frames_to_duration(frames: u64, rate: u32) -> Duration {
    let rate = u64::from(rate.max(1));
    Duration::from_secs(frames / rate)
        + Duration::from_nanos((frames % rate) * 1_000_000_000 / rate)
}

/// Walks the chunks up to the audio, reading forward only: the format, where
/// the audio starts, and its declared length.
fn read_header(src: &mut impl Read, path: &Path) -> Result<(WavFormat, u64, u64), WavError> {
    let p = || path.to_path_buf();
    let io_err = |e| WavError::Read(p(), e);
    let cut = || WavError::Truncated(p(), "it ends inside the WAV header".into());
    let mut riff = [0u8; 12];
    let got = read_up_to(src, &mut riff).map_err(io_err)?;
    match &riff[..4] {
        _ if got == 0 => return Err(WavError::NotWav(p(), "the file is empty")),
        _ if got < 4 && b"RIFF".starts_with(&riff[..got]) => return Err(cut()),
        b"RF64" | b"BW64" => return Err(unsupported(path, "RF64 (a WAV file over 4 GB)".into())),
        b"RIFX" => return Err(unsupported(path, "big-endian RIFX".into())),
        b"RIFF" if got < 12 => return Err(cut()),
        b"RIFF" if &riff[8..12] != b"WAVE" => {
            return Err(WavError::NotWav(p(), "a RIFF file, but not WAVE audio"));
        }
        b"RIFF" => {}
        _ => return Err(WavError::NotWav(p(), "no RIFF/WAVE header")),
    }
    let mut pos = 12u64;
    let mut format = None;
    loop {
        let mut head = [0u8; 8];
        if read_up_to(src, &mut head).map_err(io_err)? < 8 {
            return Err(cut());
        }
        pos += 8;
        let len = le32(&head[4..8]);
        let mut skip = u64::from(len) + u64::from(len & 1);
        match &head[..4] {
            b"fmt " => {
                let mut fmt = [0u8; 40];
                let n = (len as usize).min(fmt.len());
                if read_up_to(src, &mut fmt[..n]).map_err(io_err)? < n {
                    return Err(cut());
                }
                format = Some(parse_fmt(&fmt[..n], path)?);
                skip -= n as u64;
                pos += n as u64;
            }
            b"data" => {
                let detail = "the audio comes before the format chunk";
                let format = format.ok_or_else(|| WavError::Malformed(p(), detail.into()))?;
                return Ok((format, pos, u64::from(len)));
            }
            _ => {}
        }
        if io::copy(&mut Read::take(&mut *src, skip), &mut io::sink()).map_err(io_err)? < skip {
            return Err(cut());
        }
        pos += skip;
    }
}

fn parse_fmt(fmt: &[u8], path: &Path) -> Result<WavFormat, WavError> {
    let malformed = |detail: &str| WavError::Malformed(path.to_path_buf(), detail.into());
    if fmt.len() < 16 {
        return Err(malformed("the format chunk is too short"));
    }
    let mut tag = le16(&fmt[0..2]);
    let channels = le16(&fmt[2..4]);
    let sample_rate = le32(&fmt[4..8]);
    let block_align = le16(&fmt[12..14]);
    let bits = le16(&fmt[14..16]);
    if tag == 0xFFFE {
        if fmt.len() < 40 {
            return Err(malformed("the extensible format chunk is too short"));
        }
        // The sub-format GUID starts with the plain format tag.
        tag = le16(&fmt[24..26]);
    }
    if channels == 0 {
        return Err(malformed("it declares zero channels"));
    }
    if sample_rate == 0 {
        return Err(malformed("it declares a sample rate of 0 Hz"));
    }
    if sample_rate > MAX_RATE {
        return Err(unsupported(
            path,
            format!("a sample rate of {sample_rate} Hz"),
        ));
    }
    let width = match tag {
        1 | 3 => {
            if block_align == 0 || !block_align.is_multiple_of(channels) {
                return Err(malformed(
                    "the block size does not fit the number of channels",
                ));
            }
            block_align / channels
        }
        _ => 0,
    };
    let encoding = match (tag, width) {
        (1, 1..=4) if bits <= width * 8 => Encoding::Int { bits: width * 8 },
        (3, 4 | 8) if bits <= width * 8 => Encoding::Float { bits: width * 8 },
        (1, _) => return Err(unsupported(path, format!("{bits}-bit integer PCM"))),
        (3, _) => return Err(unsupported(path, format!("{bits}-bit float"))),
        _ => return Err(unsupported(path, encoding_name(tag, bits))),
    };
    Ok(WavFormat {
        sample_rate,
        channels,
        encoding,
    })
}

fn unsupported(path: &Path, encoding: String) -> WavError {
    WavError::Unsupported(path.to_path_buf(), encoding)
}

fn encoding_name(tag: u16, bits: u16) -> String {
    let name = match tag {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "µ-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG audio",
        0x0055 => "MP3",
        _ => return format!("format tag 0x{tag:04x}"),
    };
    match tag {
        0x0006 | 0x0007 => format!("{bits}-bit {name}"),
        _ => name.to_string(),
    }
}

fn le16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads until `buf` is full or the source ends; returns the bytes read.
fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Decodes whole sample frames of `bytes` into mono samples appended to `out`.
fn decode(format: &WavFormat, bytes: &[u8], out: &mut Vec<f32>) {
    let ch = usize::from(format.channels);
    match format.encoding {
        Encoding::Int { bits: 8 } => {
            mix::<1>(bytes, ch, out, |b| (f32::from(b[0]) - 128.0) / 128.0)
        }
        Encoding::Int { bits: 16 } => mix::<2>(bytes, ch, out, |b| {
            f32::from(i16::from_le_bytes(b)) * (1.0 / 32768.0)
        }),
        Encoding::Int { bits: 24 } => mix::<3>(bytes, ch, out, |b| {
            i32::from_le_bytes([0, b[0], b[1], b[2]]) as f32 * (1.0 / 2_147_483_648.0)
        }),
        Encoding::Int { .. } => mix::<4>(bytes, ch, out, |b| {
            i32::from_le_bytes(b) as f32 * (1.0 / 2_147_483_648.0)
        }),
        Encoding::Float { bits: 64 } => {
            mix::<8>(bytes, ch, out, |b| full_scale(f64::from_le_bytes(b) as f32))
        }
        Encoding::Float { .. } => mix::<4>(bytes, ch, out, |b| full_scale(f32::from_le_bytes(b))),
    }
}

/// Float samples past full scale are clipped to it, as any output would clip
/// them (and the analysis counts them as clipped); corrupt ones (NaN) are silence.
fn full_scale(x: f32) -> f32 {
    if x.is_nan() { 0.0 } else { x.clamp(-1.0, 1.0) }
}

/// Converts `W`-byte samples with `conv` and averages each frame's channels.
fn mix<const W: usize>(
    bytes: &[u8],
    channels: usize,
    out: &mut Vec<f32>,
    conv: impl Fn([u8; W]) -> f32,
) {
    let sample = |c: &[u8]| {
        let mut a = [0u8; W];
        a.copy_from_slice(c);
        conv(a)
    };
    if channels == 1 {
        out.extend(bytes.chunks_exact(W).map(sample));
    } else {
        let scale = 1.0 / channels as f32;
        out.extend(
            bytes
                .chunks_exact(W * channels)
                .map(|frame| frame.chunks_exact(W).map(sample).sum::<f32>() * scale),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(encoding: Encoding, channels: u16, bytes: &[u8]) -> Vec<f32> {
        let format = WavFormat {
            sample_rate: 8000,
            channels,
            encoding,
        };
        let mut out = Vec::new();
        decode(&format, bytes, &mut out);
        out
    }

    #[test]
    fn integer_samples_scale_to_full_scale_with_their_sign() {
        let int = |bits| Encoding::Int { bits };
        assert_eq!(
            decoded(int(8), 1, &[0, 128, 255]),
            [-1.0, 0.0, 127.0 / 128.0]
        );
        assert_eq!(
            decoded(
                int(16),
                1,
                &[0x00, 0x80, 0x00, 0x00, 0xff, 0x7f, 0xff, 0xff]
            ),
            [-1.0, 0.0, 32767.0 / 32768.0, -1.0 / 32768.0]
        );
        assert_eq!(
            decoded(int(24), 1, &[0, 0, 0x80, 0xff, 0xff, 0xff, 0, 0, 0x40]),
            [-1.0, -1.0 / 8_388_608.0, 0.5]
        );
        assert_eq!(
            decoded(int(32), 1, &[0, 0, 0, 0x80, 0, 0, 0, 0xc0]),
            [-1.0, -0.5]
        );
    }

    #[test]
    fn float_samples_clip_at_full_scale_and_garbage_becomes_silence() {
        let mut bytes = Vec::new();
        for x in [0.25f32, -1.5, 3.0, f32::NAN, f32::NEG_INFINITY] {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        assert_eq!(
            decoded(Encoding::Float { bits: 32 }, 1, &bytes),
            [0.25, -1.0, 1.0, 0.0, -1.0]
        );
        let mut bytes = Vec::new();
        for x in [0.125f64, f64::NAN, 1e300] {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        assert_eq!(
            decoded(Encoding::Float { bits: 64 }, 1, &bytes),
            [0.125, 0.0, 1.0]
        );
    }

    #[test]
    fn channels_are_averaged_to_mono() {
        let mut bytes = Vec::new();
        for x in [16384i16, -16384, 16384, 16384, 0, -32768] {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        assert_eq!(
            decoded(Encoding::Int { bits: 16 }, 2, &bytes),
            [0.0, 0.5, -0.5]
        );
        assert_eq!(
            decoded(Encoding::Int { bits: 16 }, 3, &bytes),
            [0.5 / 3.0, -0.5 / 3.0]
        );
    }

    fn fmt_chunk(tag: u16, channels: u16, block: u16, bits: u16, sub: Option<u16>) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&tag.to_le_bytes());
        b.extend_from_slice(&channels.to_le_bytes());
        b.extend_from_slice(&48_000u32.to_le_bytes());
        b.extend_from_slice(&(48_000 * u32::from(block)).to_le_bytes());
        b.extend_from_slice(&block.to_le_bytes());
        b.extend_from_slice(&bits.to_le_bytes());
        if let Some(sub) = sub {
            b.extend_from_slice(&22u16.to_le_bytes());
            b.extend_from_slice(&bits.to_le_bytes());
            b.extend_from_slice(&3u32.to_le_bytes());
            b.extend_from_slice(&sub.to_le_bytes());
            b.extend_from_slice(&[0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]);
        }
        b
    }

    #[test]
    fn format_chunks_are_read_plain_and_extensible() {
        let p = Path::new("x.wav");
        let f = parse_fmt(&fmt_chunk(1, 2, 4, 16, None), p).expect("plain");
        assert_eq!(f.encoding, Encoding::Int { bits: 16 });
        assert_eq!((f.channels, f.sample_rate, f.block_align()), (2, 48_000, 4));
        // 24 valid bits in 32-bit containers decode as 32-bit.
        let f = parse_fmt(&fmt_chunk(0xFFFE, 2, 8, 32, Some(1)), p).expect("extensible");
        assert_eq!(f.encoding, Encoding::Int { bits: 32 });
        let f = parse_fmt(&fmt_chunk(0xFFFE, 1, 4, 32, Some(3)), p).expect("float");
        assert_eq!(f.encoding, Encoding::Float { bits: 32 });
        assert_eq!(f.to_string(), "48 kHz mono 32-bit float");
        let err = parse_fmt(&fmt_chunk(0xFFFE, 1, 1, 8, Some(7)), p).expect_err("µ-law");
        assert_eq!(
            err.to_string(),
            "x.wav uses an unsupported WAV encoding: 8-bit µ-law"
        );
        let err = parse_fmt(&fmt_chunk(0xFFFE, 1, 2, 16, Some(1))[..18], p).expect_err("short");
        assert_eq!(
            err.to_string(),
            "x.wav has a broken WAV header: the extensible format chunk is too short"
        );
    }

    #[test]
    fn formats_describe_themselves_as_people_say_them() {
        let f = |rate, channels, encoding| {
            WavFormat {
                sample_rate: rate,
                channels,
                encoding,
            }
            .to_string()
        };
        assert_eq!(
            f(22_050, 1, Encoding::Int { bits: 16 }),
            "22.05 kHz mono 16-bit"
        );
        assert_eq!(
            f(44_100, 2, Encoding::Int { bits: 24 }),
            "44.1 kHz 2 channels 24-bit"
        );
    }

    #[test]
    fn only_bad_files_are_bad_input() {
        let path = PathBuf::from("a.wav");
        let read = WavError::Read(path.clone(), io::Error::other("disk on fire"));
        assert!(!read.is_bad_input());
        assert!(WavError::NotWav(path, "no RIFF/WAVE header").is_bad_input());
    }
}
