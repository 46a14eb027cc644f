//! `rehearse analyze FILE.wav`: time to first word, speaking time, pauses and
//! an activity strip for one recording, and with a speech model the
//! transcript and the coaching its words allow, as text or JSON.

use crate::audio::analysis::{self, Options};
use crate::audio::wavfile::{MonoStream, WavEnvelope};
use crate::cli::Format;
use crate::error::BadInput;
use crate::session::analysis::Analysis;
use crate::session::coach::{self, Coaching, Wpm};
use crate::session::transcript::Transcript;
use crate::ui::analyze_view::{Words, report};
use crate::ui::text::output_width;
use anyhow::{Context, Result};
use serde::Serialize;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Runs `rehearse analyze`.
pub fn run(args: &crate::cli::AnalyzeArgs) -> Result<()> {
    let config = crate::config::Config::load()?;
    let (name, stream) = open(&args.file)?;
    // A stream is read once, by the analysis; only a file is read again.
    let regular =
        args.file != Path::new("-") && std::fs::metadata(&args.file).is_ok_and(|m| m.is_file());
    // The model first: a bad --model is reported before any work.
    let path = if args.no_transcript {
        None
    } else {
        crate::transcript::model::resolve(args.model.model.as_deref(), config.model.as_deref())?
    };
    let stream_with_model = path.is_some() && !regular;
    let model = match path {
        Some(path) if regular => Some(super::transcribe::load_model_at(&path)?),
        _ => None,
    };
    let read = stream.envelope().map_err(super::into_app_error)?;
    if let Some(w) = &read.warning {
        let warning = format!("rehearse: warning: {}: {w}", name.display());
        crate::ui::text::eprint(&(crate::text::safe(&warning) + "\n"));
    }
    let analysis = analysis::analyze(&read.envelope, &Options { pause: args.pause });
    let made = match &model {
        Some(m) => {
            let t = super::transcribe::with_bar(m, &args.file, "transcribing")?;
            let c = coaching(&t, &analysis);
            Some((t, c))
        }
        None => None,
    };
    let words = match &made {
        Some((t, c)) => Words::Made(t, c),
        None if args.no_transcript => Words::Off,
        None if stream_with_model => Words::Stream,
        None => Words::NoModel,
    };
    let out = match args.format {
        Format::Text => report(
            &name,
            &read,
            &analysis,
            &words,
            &config.pace,
            output_width(),
        ),
        Format::Json => super::json(&JsonReport::new(&name, &read, &analysis, &made))?,
    };
    super::write_out(&out)
}

/// What the words of a recording show, with the sound analysis's speaking
/// time and filled pauses. A lone file's question is unknown: the STAR
/// figures are given for whoever wants them.
pub(crate) fn coaching(t: &Transcript, a: &Analysis) -> Coaching {
    let sounds: Vec<std::ops::Range<f64>> = a
        .fillers
        .iter()
        .map(|f| f.start.as_secs_f64()..f.end().as_secs_f64())
        .collect();
    let cx = coach::Context {
        pace_time: a.syllables_per_second.map(|_| a.pace_time.as_secs_f64()),
        sound_fillers: &sounds,
        star: true,
        points: &[],
    };
    coach::coach(t, &cx)
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
            _ => return Ok((name, MonoStream::open(path).map_err(super::into_app_error)?)),
        }
    };
    let kind = file.metadata()?.file_type();
    if kind.is_char_device() || kind.is_block_device() || kind.is_dir() {
        return Err(refused(&name));
    }
    let stream = MonoStream::from_stream(&name, file).map_err(super::into_app_error)?;
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

/// The JSON output: the file, its format, the analysis (seconds), and the
/// transcript and its coaching (null without them).
#[derive(Serialize)]
struct JsonReport<'a> {
    file: String,
    sample_rate: u32,
    channels: u16,
    encoding: String,
    warnings: Vec<String>,
    #[serde(flatten)]
    analysis: &'a Analysis,
    /// The words a minute shown: from the words, else the sound's estimate.
    words_a_minute: Option<Wpm>,
    transcript: Option<&'a Transcript>,
    coaching: Option<&'a Coaching>,
}

impl<'a> JsonReport<'a> {
    fn new(
        path: &Path,
        read: &WavEnvelope,
        analysis: &'a Analysis,
        made: &'a Option<(Transcript, Coaching)>,
    ) -> JsonReport<'a> {
        let coaching = made.as_ref().map(|(_, c)| c);
        JsonReport {
            file: path.display().to_string(),
            sample_rate: read.format.sample_rate,
            channels: read.format.channels,
            encoding: read.format.encoding.to_string(),
            warnings: read.warning.iter().map(|w| w.to_string()).collect(),
            analysis,
            words_a_minute: Wpm::pick(coaching.and_then(|c| c.pace.as_ref()), analysis.wpm),
            transcript: made.as_ref().map(|(t, _)| t),
            coaching,
        }
    }
}
