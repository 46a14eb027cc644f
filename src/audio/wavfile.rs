//! Reading WAV recordings as a stream of mono samples, for analysis: any
//! channel count (averaged to mono), any rate, 8/16/24/32-bit integer and
//! 32/64-bit float PCM, plain or `WAVE_FORMAT_EXTENSIBLE`.
//!
//! The header is walked chunk by chunk here rather than through hound's
//! reader, for three reasons: hound hides the data chunk's offset and the
//! sample container size (24 bits in 4 bytes), it refuses the headers that
//! interrupted recorders leave (which are recovered here, with a warning),
//! and decoding whole blocks of bytes at once is several times faster than
//! hound's per-sample iterator on an hour of audio. Memory stays at one read
//! buffer however long the file is.

use super::analysis::{Envelope, EnvelopeBuilder};
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Bytes read from the file per step (rounded down to whole sample frames).
const READ_BYTES: usize = 256 * 1024;
/// A data length at or above this that overruns the file is a streaming
/// recorder's "unknown length" placeholder, not a promise.
const PLACEHOLDER_LEN: u32 = 0x7FFF_F000;

/// Why a WAV file cannot be analysed.
#[derive(Debug, thiserror::Error)]
pub enum WavError {
    /// The file could not be opened.
    #[error("cannot open {}: {source}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
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
            WavError::Open { .. } => "check the file name and path".into(),
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

/// A WAV file opened for reading as mono `f32` samples, block by block.
#[derive(Debug)]
pub struct MonoStream {
    path: PathBuf,
    file: File,
    format: WavFormat,
    /// Bytes of audio still to read (whole sample frames).
    remaining: u64,
    frames: u64,
    warning: Option<WavWarning>,
    buf: Vec<u8>,
}

impl MonoStream {
    /// Opens `path` and reads its header.
    pub fn open(path: &Path) -> Result<MonoStream, WavError> {
        let mut file = File::open(path).map_err(|source| WavError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let header = read_header(&mut file, path)?;
        let block = header.format.block_align();
        let frames = header.data_len / block as u64;
        let buf_len = (READ_BYTES / block).max(1) * block;
        file.seek(SeekFrom::Start(header.data_start))
            .map_err(|source| WavError::Read {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(MonoStream {
            path: path.to_path_buf(),
            file,
            format: header.format,
            remaining: frames * block as u64,
            frames,
            warning: header.warning,
            buf: vec![0; buf_len],
        })
    }

    /// The file's audio format.
    pub fn format(&self) -> WavFormat {
        self.format
    }

    /// What was odd about the file, if anything.
    pub fn warning(&self) -> Option<WavWarning> {
        self.warning
    }

    /// Length of the audio that will be read.
    pub fn length(&self) -> Duration {
        frames_to_duration(self.frames, self.format.sample_rate)
    }

    /// Replaces `out` with the next block of mono samples (−1..1) and returns
    /// how many there are: 0 at the end.
    pub fn read(&mut self, out: &mut Vec<f32>) -> Result<usize, WavError> {
        out.clear();
        let want = usize::try_from(self.remaining)
            .unwrap_or(usize::MAX)
            .min(self.buf.len());
        if want == 0 {
            return Ok(0);
        }
        let mut filled = 0;
        while filled < want {
            match self.file.read(&mut self.buf[filled..want]) {
                Ok(0) => {
                    let read = self.frames - (self.remaining - filled as u64) / self.block();
                    return Err(WavError::Truncated {
                        path: self.path.clone(),
                        detail: format!(
                            "it ended after {:.2} s of {:.2} s while being read",
                            frames_to_duration(read, self.format.sample_rate).as_secs_f64(),
                            self.length().as_secs_f64()
                        ),
                    });
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(source) => {
                    return Err(WavError::Read {
                        path: self.path.clone(),
                        source,
                    });
                }
            }
        }
        self.remaining -= want as u64;
        decode(&self.format, &self.buf[..want], out);
        Ok(out.len())
    }

    fn block(&self) -> u64 {
        self.format.block_align() as u64
    }
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
    let mut stream = MonoStream::open(path)?;
    let mut builder = EnvelopeBuilder::new(stream.format.sample_rate);
    builder.reserve(stream.frames);
    let mut samples = Vec::new();
    while stream.read(&mut samples)? > 0 {
        builder.push(&samples);
    }
    Ok(WavEnvelope {
        envelope: builder.finish(),
        format: stream.format,
        warning: stream.warning,
    })
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
    data_len: u64,
    warning: Option<WavWarning>,
}

fn read_header(file: &mut File, path: &Path) -> Result<Header, WavError> {
    let p = || path.to_path_buf();
    let io_err = |source| WavError::Read { path: p(), source };
    let size = file.metadata().map_err(io_err)?.len();
    let truncated_header = || WavError::Truncated {
        path: p(),
        detail: "it ends inside the WAV header".into(),
    };

    let mut riff = [0u8; 12];
    let got = read_up_to(file, &mut riff).map_err(io_err)?;
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
    let riff_len = u64::from(le32(&riff[4..8]));

    let mut pos = 12u64;
    let mut format = None;
    loop {
        if pos + 8 > size {
            return Err(truncated_header());
        }
        file.seek(SeekFrom::Start(pos)).map_err(io_err)?;
        let mut head = [0u8; 8];
        file.read_exact(&mut head).map_err(io_err)?;
        let len = le32(&head[4..8]);
        let body = pos + 8;
        match &head[..4] {
            b"fmt " => {
                if body + u64::from(len) > size {
                    return Err(truncated_header());
                }
                let mut fmt = [0u8; 40];
                let n = (len as usize).min(fmt.len());
                file.read_exact(&mut fmt[..n]).map_err(io_err)?;
                format = Some(parse_fmt(&fmt[..n], path)?);
            }
            b"data" => {
                let Some(format) = format else {
                    return Err(WavError::Malformed {
                        path: p(),
                        detail: "the audio comes before the format chunk".into(),
                    });
                };
                let (data_len, warning) =
                    data_extent(file, size, riff_len, body, len, &format, path)?;
                return Ok(Header {
                    format,
                    data_start: body,
                    data_len,
                    warning,
                });
            }
            _ => {}
        }
        pos = body + u64::from(len) + u64::from(len & 1);
    }
}

/// How much audio to read: what the header says, unless the file shows that
/// the header was never finished.
fn data_extent(
    file: &mut File,
    size: u64,
    riff_len: u64,
    start: u64,
    declared: u32,
    format: &WavFormat,
    path: &Path,
) -> Result<(u64, Option<WavWarning>), WavError> {
    let block = format.block_align() as u64;
    let available = size - start;
    let secs = |bytes: u64| frames_to_duration(bytes / block, format.sample_rate);
    let declared_bytes = u64::from(declared);
    if declared_bytes > available {
        if declared >= PLACEHOLDER_LEN {
            let actual = secs(available);
            return Ok((available, Some(WavWarning::LengthMissing { actual })));
        }
        return Err(WavError::Truncated {
            path: path.to_path_buf(),
            detail: format!(
                "the header promises {:.2} s of audio but the file holds {:.2} s",
                secs(declared_bytes).as_secs_f64(),
                secs(available).as_secs_f64()
            ),
        });
    }
    let after = start + declared_bytes + (declared_bytes & 1);
    let riff_fits = riff_len + 8 == size || riff_len + 9 == size;
    if available - declared_bytes < 8.max(block)
        || riff_fits
        || chunk_follows(file, after, size).map_err(|source| WavError::Read {
            path: path.to_path_buf(),
            source,
        })?
    {
        return Ok((declared_bytes, None));
    }
    Ok((
        available,
        Some(WavWarning::LengthRecovered {
            declared: secs(declared_bytes),
            actual: secs(available),
        }),
    ))
}

/// Whether a well-formed chunk header (a tag like `LIST` or `id3 ` and a
/// length that fits the file) sits at `pos`, rather than more audio.
fn chunk_follows(file: &mut File, pos: u64, size: u64) -> io::Result<bool> {
    if pos + 8 > size {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(pos))?;
    let mut head = [0u8; 8];
    file.read_exact(&mut head)?;
    let tag_ok = head[..4]
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b' ')
        && head[..4].iter().any(|b| b.is_ascii_alphabetic());
    Ok(tag_ok && pos + 8 + u64::from(le32(&head[4..8])) <= size)
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

/// Reads until `buf` is full or the file ends; returns the bytes read.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
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
            mix::<8>(bytes, ch, out, |b| finite(f64::from_le_bytes(b) as f32))
        }
        Encoding::Float { .. } => mix::<4>(bytes, ch, out, |b| finite(f32::from_le_bytes(b))),
    }
}

/// Corrupt float samples (NaN, infinity) read as silence.
fn finite(x: f32) -> f32 {
    if x.is_finite() { x } else { 0.0 }
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
    fn float_samples_pass_through_and_garbage_becomes_silence() {
        let mut bytes = Vec::new();
        for x in [0.25f32, -1.5, f32::NAN, f32::NEG_INFINITY] {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        assert_eq!(
            decoded(Encoding::Float { bits: 32 }, 1, &bytes),
            [0.25, -1.5, 0.0, 0.0]
        );
        let mut bytes = Vec::new();
        for x in [0.125f64, f64::NAN] {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        assert_eq!(
            decoded(Encoding::Float { bits: 64 }, 1, &bytes),
            [0.125, 0.0]
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
        let open = WavError::Open {
            path,
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert!(open.is_bad_input());
    }
}
