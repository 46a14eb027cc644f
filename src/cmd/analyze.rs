//! `rehearse analyze FILE.wav`: time to first word, speaking time, pauses and
//! an activity strip for one recording, as text or JSON.

use crate::audio::analysis::{self, Analysis, Options};
use crate::audio::wavfile::{MonoStream, WavEnvelope, WavError};
use crate::cli::Format;
use crate::error::BadInput;
use crate::ui::analyze_view::report;
use crate::ui::text::output_width;
use anyhow::{Context, Result};
use serde::Serialize;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Runs `rehearse analyze`.
pub fn run(args: &crate::cli::AnalyzeArgs) -> Result<()> {
    let (name, stream) = open(&args.file)?;
    let read = stream.envelope().map_err(into_app_error)?;
    if let Some(w) = read.warning {
        let warning = format!("rehearse: warning: {}: {w}", name.display());
        crate::ui::text::eprint(&(crate::text::safe(&warning) + "\n"));
    }
    let analysis = analysis::analyze(&read.envelope, &Options { pause: args.pause });
    let band = crate::config::Config::load()?.pace;
    let out = match args.format {
        Format::Text => report(&name, &read, &analysis, &band, output_width()),
        Format::Json => super::json(&JsonReport::new(&name, &read, &analysis))?,
    };
    super::write_out(&out)
}

/// Opens the recording with the name messages give it: a regular file, or,
/// for `analyze` only, a stream read once to its end (`-` for standard input,
/// a pipe). A terminal or device is refused: it might never end.
fn open(path: &Path) -> Result<(PathBuf, MonoStream)> {
    use std::os::unix::fs::FileTypeExt;
    let stdin = path == Path::new("-");
    let name = if stdin {
        PathBuf::from("standard input")
    } else {
        path.to_path_buf()
    };
    let file = if stdin {
        use std::os::fd::AsFd;
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)?
    } else {
        match std::fs::metadata(path) {
            Ok(m) if m.file_type().is_fifo() => {
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?
            }
            Ok(m) if !m.is_file() && !m.is_dir() => return Err(refused(&name)),
            // Regular files, and the errors, come from the input layer.
            _ => return Ok((name, MonoStream::open(path).map_err(into_app_error)?)),
        }
    };
    let kind = file.metadata()?.file_type();
    if kind.is_char_device() || kind.is_block_device() || kind.is_dir() {
        return Err(refused(&name));
    }
    let stream = MonoStream::from_stream(&name, file).map_err(into_app_error)?;
    Ok((name, stream))
}

fn refused(name: &Path) -> anyhow::Error {
    BadInput::new(
        format!(
            "{}: is a terminal or device, not a WAV file or a pipe, so it is not read",
            name.display()
        ),
        "name a WAV file, or pipe one in: `rehearse analyze - < FILE.wav`",
    )
    .into()
}

/// Bad files exit 2 with a hint; I/O failures part way exit 1.
fn into_app_error(e: WavError) -> anyhow::Error {
    if e.is_bad_input() {
        let hint = e.hint();
        BadInput::new(e.to_string(), hint).into()
    } else {
        e.into()
    }
}

/// The JSON output: the file, its format, and the analysis (seconds).
#[derive(Serialize)]
struct JsonReport<'a> {
    file: String,
    sample_rate: u32,
    channels: u16,
    encoding: String,
    warnings: Vec<String>,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

impl<'a> JsonReport<'a> {
    fn new(path: &Path, read: &WavEnvelope, analysis: &'a Analysis) -> JsonReport<'a> {
        JsonReport {
            file: path.display().to_string(),
            sample_rate: read.format.sample_rate,
            channels: read.format.channels,
            encoding: read.format.encoding.to_string(),
            warnings: read.warning.iter().map(|w| w.to_string()).collect(),
            analysis,
        }
    }
}
