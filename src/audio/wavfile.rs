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

use super::analysis::{Envelope, EnvelopeBuilder};
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

/// Why a WAV file cannot be analysed.
#[derive(Debug, thiserror::Error)]
pub enum WavError {
    /// The path is missing, unreadable, or not a regular file.
    #[error("{0}")]
    Open(Problem),
    /// Reading failed part way.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Not RIFF/WAVE at all.
    #[error("{} is not a WAV file ({reason})", path.display())]
    NotWav {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        reason: &'static str,
    },
    /// The file ends before its header or its audio does.
    #[error("{} is truncated: {detail}", path.display())]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Where it ends.
        detail: String,
    },
    /// A WAV encoding this reader does not decode (µ-law, ADPCM, …).
    #[error("{} uses an unsupported WAV encoding: {encoding}", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// The encoding, as people name it.
        encoding: String,
    },
    /// A header whose fields contradict each other.
    #[error("{} has a broken WAV header: {detail}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
}

impl WavError {
    /// How the user can fix it, for the hint line.
    pub fn hint(&self) -> String {
        match self {
            WavError::Open(p) => p.hint.clone(),
            WavError::Read { .. } => "check that the disk is readable and try again".into(),
            WavError::NotWav { .. } => {
                "rehearse analyses WAV files; convert other audio first, e.g. `ffmpeg -i INPUT -ac 1 OUTPUT.wav`".into()
            }
            WavError::Truncated { .. } => {
                "the file was cut short (an interrupted copy or download?); copy it again from the original".into()
            }
            WavError::Unsupported { .. } | WavError::Malformed { .. } => {
                "rehearse reads 8/16/24/32-bit integer and 32/64-bit float PCM; convert it, e.g. `sox INPUT -e signed-integer -b 16 OUTPUT.wav`".into()
            }
        }
    }

    /// True when the file is at fault (bad input, exit 2), false for I/O
    /// failures while reading (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, WavError::Read { .. })
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
    fn bytes_per_sample(&self) -> usize {
        match self.encoding {
            Encoding::Int { bits } | Encoding::Float { bits } => usize::from(bits / 8),
        }
    }

    fn block_align(&self) -> usize {
        self.bytes_per_sample() * usize::from(self.channels)
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

/// Where the bytes come from: a file (which can also seek, for playback) or
/// a stream read once, front to back.
enum Source {
    File(File),
    Stream(Box<dyn Read + Send>),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::File(f) => f.read(buf),
            Source::Stream(s) => s.read(buf),
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
    src: Source,
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

impl fmt::Debug for MonoStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MonoStream")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("end", &self.end)
            .field("frames", &self.frames)
            .finish_non_exhaustive()
    }
}

impl MonoStream {
    /// Opens the regular file at `path` (through the input layer, so a
    /// directory, device or FIFO is refused) and works out its length.
    pub fn open(path: &Path) -> Result<MonoStream, WavError> {
        let name = path.display().to_string();
        let file = input::open(path, &name, &RECORDING).map_err(WavError::Open)?;
        let read_err = |source| WavError::Read {
            path: path.to_path_buf(),
            source,
        };
        let size = file.metadata().map_err(read_err)?.len();
        let mut s = MonoStream::start(path, Source::File(file))?;
        let available = size.saturating_sub(s.data_start);
        let len = if s.declared > available {
            s.warning = Some(s.past_end(available)?);
            available
        } else {
            // The same look past the declared end that a stream takes.
            let start = s.data_start;
            s.src_seek(start + s.declared).map_err(read_err)?;
            let more = more_audio(s.declared, s.block(), &mut s.src, &mut Vec::new());
            s.src_seek(start).map_err(read_err)?;
            if more.map_err(read_err)? {
                s.warning = Some(WavWarning::LengthRecovered {
                    declared: s.format.duration(s.declared),
                    actual: s.format.duration(available),
                });
                available
            } else {
                s.declared
            }
        };
        s.end = End::At(len);
        s.frames = Some(len / s.block() as u64);
        Ok(s)
    }

    /// Reads a WAV from a stream (standard input, a pipe) without seeking;
    /// `name` is what messages call it. The length is known at the end.
    pub fn from_stream(
        name: &Path,
        reader: impl Read + Send + 'static,
    ) -> Result<MonoStream, WavError> {
        MonoStream::start(name, Source::Stream(Box::new(reader)))
    }

    /// Reads the header; the source is left at the start of the audio.
    fn start(path: &Path, mut src: Source) -> Result<MonoStream, WavError> {
        let header = read_header(&mut src, path)?;
        let block = header.format.block_align();
        Ok(MonoStream {
            path: path.to_path_buf(),
            src,
            format: header.format,
            data_start: header.data_start,
            declared: u64::from(header.declared),
            end: End::Declared,
            pos: 0,
            frames: None,
            decoded: 0,
            warning: None,
            // At least three frames: a partial frame and a look past the
            // declared end (a frame and a chunk header) must fit.
            buf: vec![0; (READ_BYTES / block).max(3) * block],
            have: 0,
        })
    }

    /// The file's audio format.
    pub fn format(&self) -> WavFormat {
        self.format
    }

    /// What was odd about the file, if anything (for a stream: once read).
    pub fn warning(&self) -> Option<WavWarning> {
        self.warning
    }

    /// Sample frames of audio: known for a file, for a stream once read.
    pub fn frames(&self) -> Option<u64> {
        self.frames
    }

    /// Moves to sample frame `frame` (clamped to the end) of a file.
    pub fn seek(&mut self, frame: u64) -> Result<(), WavError> {
        let (Source::File(_), Some(frames)) = (&self.src, self.frames) else {
            return Err(self.read_err(io::Error::other("a stream cannot seek")));
        };
        let frame = frame.min(frames);
        let block = self.block() as u64;
        self.src_seek(self.data_start + frame * block)
            .map_err(|e| self.read_err(e))?;
        (self.pos, self.have, self.decoded) = (frame * block, 0, frame);
        self.end = End::At(frames * block);
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
                        return Err(WavError::Truncated {
                            path: self.path.clone(),
                            detail: format!(
                                "it ended after {:.2} s of {:.2} s while being read",
                                self.format.duration(self.pos).as_secs_f64(),
                                self.format.duration(end).as_secs_f64()
                            ),
                        });
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
        if let Some(frames) = self.frames {
            builder.reserve(frames.saturating_sub(self.decoded));
        }
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
        if !more_audio(self.declared, self.block(), &mut self.src, &mut look)
            .map_err(|e| self.read_err(e))?
        {
            return Ok(End::Done);
        }
        // What was looked at is audio: read it again, then the rest.
        let rest = std::mem::replace(&mut self.src, Source::Stream(Box::new(io::empty())));
        self.src = Source::Stream(Box::new(io::Cursor::new(look).chain(rest)));
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
        Err(WavError::Truncated {
            path: self.path.clone(),
            detail: format!(
                "the header promises {:.2} s of audio but the file holds {:.2} s",
                self.format.duration(self.declared).as_secs_f64(),
                actual.as_secs_f64()
            ),
        })
    }

    /// At the end of a stream its length is known, and the warning's figure.
    fn finish(&mut self) {
        if self.frames.is_none() {
            self.frames = Some(self.decoded);
            let read = frames_to_duration(self.decoded, self.format.sample_rate);
            if let Some(
                WavWarning::LengthRecovered { actual, .. } | WavWarning::LengthMissing { actual },
            ) = &mut self.warning
            {
                *actual = read;
            }
        }
    }

    fn src_seek(&mut self, to: u64) -> io::Result<()> {
        match &mut self.src {
            Source::File(f) => f.seek(SeekFrom::Start(to)).map(drop),
            Source::Stream(_) => Err(io::Error::other("a stream cannot seek")),
        }
    }

    fn read_err(&self, source: io::Error) -> WavError {
        WavError::Read {
            path: self.path.clone(),
            source,
        }
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
    let tag_ok = head[..4]
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b' ')
        && head[..4].iter().any(|b| b.is_ascii_alphabetic());
    let len = le32(&head[4..8]) as usize;
    if !tag_ok || len > TRAILING_CHUNK_MAX {
        return Ok(true);
    }
    let chunk_end = pad + 8 + len;
    fill(src, look, chunk_end)?;
    Ok(look.len() < chunk_end)
}

/// Reads from `src` until `look` holds `n` bytes or the source ends.
fn fill(src: &mut impl Read, look: &mut Vec<u8>, n: usize) -> io::Result<()> {
    let want = n.saturating_sub(look.len()) as u64;
    Read::take(src, want).read_to_end(look).map(drop)
}

/// An envelope read from a file, with what was learnt on the way.
#[derive(Debug, Clone)]
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

/// Where the audio is and how to read it.
struct Header {
    format: WavFormat,
    data_start: u64,
    declared: u32,
}

/// Walks the chunks up to the audio, reading forward only.
fn read_header(src: &mut impl Read, path: &Path) -> Result<Header, WavError> {
    let p = || path.to_path_buf();
    let io_err = |source| WavError::Read { path: p(), source };
    let truncated_header = || WavError::Truncated {
        path: p(),
        detail: "it ends inside the WAV header".into(),
    };

    let mut riff = [0u8; 12];
    let got = read_up_to(src, &mut riff).map_err(io_err)?;
    if got == 0 {
        return Err(WavError::NotWav {
            path: p(),
            reason: "the file is empty",
        });
    }
    let magic = &riff[..4.min(got)];
    match &riff[..4] {
        _ if got < 4 && b"RIFF".starts_with(magic) => return Err(truncated_header()),
        b"RF64" | b"BW64" => {
            return Err(WavError::Unsupported {
                path: p(),
                encoding: "RF64 (a WAV file over 4 GB)".into(),
            });
        }
        b"RIFX" => {
            return Err(WavError::Unsupported {
                path: p(),
                encoding: "big-endian RIFX".into(),
            });
        }
        b"RIFF" => {}
        _ => {
            return Err(WavError::NotWav {
                path: p(),
                reason: "no RIFF/WAVE header",
            });
        }
    }
    if got < 12 {
        return Err(truncated_header());
    }
    if &riff[8..12] != b"WAVE" {
        return Err(WavError::NotWav {
            path: p(),
            reason: "a RIFF file, but not WAVE audio",
        });
    }

    let mut pos = 12u64;
    let mut format = None;
    loop {
        let mut head = [0u8; 8];
        if read_up_to(src, &mut head).map_err(io_err)? < 8 {
            return Err(truncated_header());
        }
        pos += 8;
        let len = le32(&head[4..8]);
        let mut skip = u64::from(len) + u64::from(len & 1);
        match &head[..4] {
            b"fmt " => {
                let mut fmt = [0u8; 40];
                let n = (len as usize).min(fmt.len());
                if read_up_to(src, &mut fmt[..n]).map_err(io_err)? < n {
                    return Err(truncated_header());
                }
                format = Some(parse_fmt(&fmt[..n], path)?);
                skip -= n as u64;
                pos += n as u64;
            }
            b"data" => {
                let Some(format) = format else {
                    return Err(WavError::Malformed {
                        path: p(),
                        detail: "the audio comes before the format chunk".into(),
                    });
                };
                return Ok(Header {
                    format,
                    data_start: pos,
                    declared: len,
                });
            }
            _ => {}
        }
        let skipped =
            io::copy(&mut Read::take(&mut *src, skip), &mut io::sink()).map_err(io_err)?;
        if skipped < skip {
            return Err(truncated_header());
        }
        pos += skip;
    }
}

fn parse_fmt(fmt: &[u8], path: &Path) -> Result<WavFormat, WavError> {
    let malformed = |detail: &str| WavError::Malformed {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    };
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
            if block_align == 0 || block_align % channels != 0 {
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
    WavError::Unsupported {
        path: path.to_path_buf(),
        encoding,
    }
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
        let read = WavError::Read {
            path: path.clone(),
            source: io::Error::other("disk on fire"),
        };
        assert!(!read.is_bad_input());
        let not_wav = WavError::NotWav {
            path,
            reason: "no RIFF/WAVE header",
        };
        assert!(not_wav.is_bad_input());
    }

    /// Tracks the largest single allocation made by this thread, so a test
    /// can tell that no header made the reader ask for gigabytes.
    mod biggest {
        use std::alloc::{GlobalAlloc, Layout, System};
        use std::cell::Cell;

        thread_local! {
            static BIGGEST: Cell<usize> = const { Cell::new(0) };
        }

        struct Tracking;

        #[global_allocator]
        static TRACKING: Tracking = Tracking;

        fn note(size: usize) {
            let _ = BIGGEST.try_with(|b| b.set(b.get().max(size)));
        }

        // SAFETY: every call goes straight to the system allocator.
        unsafe impl GlobalAlloc for Tracking {
            unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
                note(layout.size());
                unsafe { System.alloc(layout) }
            }
            unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
                note(layout.size());
                unsafe { System.alloc_zeroed(layout) }
            }
            unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
                unsafe { System.dealloc(ptr, layout) }
            }
            unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
                note(new_size);
                unsafe { System.realloc(ptr, layout, new_size) }
            }
        }

        /// The largest allocation since the last call.
        pub fn take() -> usize {
            BIGGEST.with(|b| b.replace(0))
        }
    }

    /// A short valid WAV, as hound writes it (floats go past full scale).
    fn valid(channels: u16, bits: u16, float: bool) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: 8000,
            bits_per_sample: bits,
            sample_format: if float {
                hound::SampleFormat::Float
            } else {
                hound::SampleFormat::Int
            },
        };
        let mut out = io::Cursor::new(Vec::new());
        let mut w = hound::WavWriter::new(&mut out, spec).expect("writer");
        for i in 0..300 * u32::from(channels) {
            let x = ((i as f32) * 0.3).sin() * 0.8;
            match (float, bits) {
                (true, _) => w.write_sample(x * 1.5),
                (false, 16) => w.write_sample((x * 32767.0) as i16),
                (false, _) => w.write_sample((x * 8_388_607.0) as i32),
            }
            .expect("sample");
        }
        w.finalize().expect("finalize");
        out.into_inner()
    }

    /// Frames read, or the error's message, by each way into the reader:
    /// a file's length up front (playback), a file read whole (analyze,
    /// replay, mic-check), the same bytes as a stream (`analyze -`).
    fn every_way(path: &Path, bytes: &[u8]) -> [Result<u64, String>; 3] {
        let msg = |e: WavError| e.to_string();
        let up_front = MonoStream::open(path).map(|s| s.frames().expect("a file's length"));
        let whole = read_envelope(path).map(|r| r.envelope.samples);
        let stream = MonoStream::from_stream(path, io::Cursor::new(bytes.to_vec()))
            .and_then(MonoStream::envelope)
            .map(|r| r.envelope.samples);
        [
            up_front.map_err(msg),
            whole.map_err(msg),
            stream.map_err(msg),
        ]
    }

    #[test]
    fn mutated_and_cut_headers_never_panic_nor_balloon_and_read_alike_every_way() {
        use rand::{RngExt, SeedableRng};
        let files = [
            valid(1, 16, false),
            valid(1, 24, false),
            valid(1, 32, true),
            valid(2, 16, false),
        ];
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.wav");
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(10);
        let started = std::time::Instant::now();
        let (mut cases, mut read) = (0, 0);
        while cases < 3000 && started.elapsed() < Duration::from_secs(3) {
            let mut bytes = files[cases % files.len()].clone();
            let header = bytes.windows(4).position(|w| w == b"data").expect("data") + 8;
            let mut what = Vec::new();
            for _ in 0..rng.random_range(1..=3) {
                match rng.random_range(0..4) {
                    // A length or rate field set to something telling.
                    0 => {
                        let at = [4, 16, 24, 28, 32, header - 4][rng.random_range(0..6)];
                        let v = [0, 1, 2, 0x7FFF_EFFF, 0x7FFF_F000, u32::MAX, rng.random()]
                            [rng.random_range(0..7)];
                        bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
                        what.push(format!("u32 at {at} = {v:#x}"));
                    }
                    1 => {
                        let at = rng.random_range(0..header);
                        let v = rng.random();
                        bytes[at] = v;
                        what.push(format!("byte {at} = {v:#x}"));
                    }
                    2 => {
                        let len = rng.random_range(0..bytes.len());
                        bytes.truncate(len);
                        what.push(format!("cut at {len}"));
                    }
                    _ => {
                        let tail: &[u8] = match rng.random_range(0..3) {
                            0 => b"LIST\x04\x00\x00\x00INFO",
                            1 => b"id3 \xff\xff\xff\xff",
                            _ => &[0x11; 37],
                        };
                        bytes.extend_from_slice(tail);
                        what.push(format!("{} bytes appended", tail.len()));
                    }
                }
                if bytes.len() < header {
                    break;
                }
            }
            std::fs::write(&path, &bytes).expect("write");
            biggest::take();
            let got = std::panic::catch_unwind(|| every_way(&path, &bytes))
                .unwrap_or_else(|_| panic!("case {cases} ({}) panicked", what.join(", ")));
            let biggest = biggest::take();
            assert!(
                biggest < 8 << 20,
                "case {cases} ({}) allocated {biggest} bytes at once",
                what.join(", ")
            );
            assert!(
                got[0] == got[1] && got[1] == got[2],
                "case {cases} ({}): up front {:?}, whole {:?}, stream {:?}",
                what.join(", "),
                got[0],
                got[1],
                got[2]
            );
            read += usize::from(got[0].is_ok());
            cases += 1;
        }
        assert!(cases >= 200, "only {cases} cases in the time");
        // Some mutations leave a readable file, some do not: both were tried.
        assert!(read > cases / 5 && read < cases, "{read} of {cases} read");
    }
}
