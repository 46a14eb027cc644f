//! The recogniser: whisper.cpp through `whisper-rs`, turning stretches of
//! speech into timed words.
//!
//! A [`Model`] is loaded once (per session, per command); a [`Decoder`]
//! holds whisper.cpp's working memory and transcribes one stretch at a
//! time, each with a prompt full of fillers and the previous stretch's text
//! (so "um" and "uh" are written down, and a stretch starts in the middle
//! of a thought as it did). Word times come from whisper.cpp's alignment of
//! tokens to audio (DTW on the model's alignment heads). How stretches are
//! cut and what the transcript can miss: docs/transcript.md.

use super::stretch::{self, Cuts, Stretch};
use super::words::{self, Token};
use crate::audio::analysis;
use crate::audio::resample::resample;
use crate::audio::wavfile::{MonoStream, WavError};
use crate::session::analysis::Span;
use crate::session::transcript::{Transcript, Word};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use whisper_rs::{
    DtwMode, DtwModelPreset, DtwParameters, FullParams, SamplingStrategy, WhisperContext,
    WhisperContextParameters, WhisperState,
};

/// The sample rate Whisper listens at.
pub const RATE: u32 = 16_000;

/// What each stretch is introduced with: a speaker who hesitates, so the
/// recogniser writes hesitations down instead of tidying them away.
pub const FILLER_PROMPT: &str = "Umm, let me think like, hmm... Okay, here's what I'm, like, \
    thinking. So, um, you know, uh, I mean, er, erm, the, uh, thing is...";

/// Slack allowed between a word's aligned time and the speech the analysis
/// found, for the alignment's error (it works in 20 ms steps, and quiet word
/// edges fall under the analysis's threshold).
const SPEECH_SLACK: f64 = 0.3;
/// Tokens of the previous stretch's text carried into the next one's prompt.
const CONTEXT_TOKENS: usize = 96;
/// Shortest audio handed to whisper.cpp; shorter stretches are padded with
/// silence (it ignores anything under 100 ms).
const MIN_AUDIO: Duration = Duration::from_millis(1000);

/// Why a transcript could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The model file could not be loaded.
    #[error("cannot load the speech model {}: {detail}", path.display())]
    Load {
        /// The model file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// whisper.cpp failed on some audio.
    #[error("the speech recogniser failed: {0}")]
    Run(String),
    /// The recording could not be read.
    #[error(transparent)]
    Wav(#[from] WavError),
    /// Transcribing was stopped before it ended.
    #[error("transcribing was stopped")]
    Stopped,
}

/// A Whisper model in memory: load it once, transcribe many answers.
pub struct Model {
    ctx: WhisperContext,
    path: PathBuf,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model").field("path", &self.path).finish()
    }
}

impl Model {
    /// Loads a whisper.cpp (ggml) model file, with word alignment set up
    /// for its size.
    pub fn load(path: &Path) -> Result<Model, EngineError> {
        let fail = |detail: String| EngineError::Load {
            path: path.to_path_buf(),
            detail,
        };
        // whisper.cpp's own log lines would land on the user's terminal.
        whisper_rs::install_logging_hooks();
        let mut header = [0u8; 48];
        std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut header))
            .map_err(|e| fail(e.to_string()))?;
        let hparam =
            |i: usize| i32::from_le_bytes(header[4 + 4 * i..8 + 4 * i].try_into().unwrap());
        if header[..4] != 0x6767_6d6cu32.to_le_bytes() {
            return Err(fail("not a whisper.cpp (ggml) model".into()));
        }
        let mode = match dtw_preset(hparam(0), hparam(4), hparam(9)) {
            Some(model_preset) => DtwMode::ModelPreset { model_preset },
            // An unusual model: align on its top text layers.
            None => DtwMode::TopMost {
                n_top: hparam(8).max(1),
            },
        };
        let mut params = WhisperContextParameters::default();
        params.dtw_parameters(DtwParameters {
            mode,
            // Working memory for one alignment: a 30 s window, a few hundred
            // tokens, the alignment heads (the default is 128 MB).
            dtw_mem_size: 64 << 20,
        });
        let ctx = WhisperContext::new_with_params(path, params)
            .map_err(|e| fail(format!("{e} (is it a whisper.cpp model file?)")))?;
        Ok(Model {
            ctx,
            path: path.to_path_buf(),
        })
    }

    /// The file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Which of OpenAI's alignment-head sets fits a model with this vocabulary,
/// audio layers and mel bands (English-only models have 51,864 tokens).
fn dtw_preset(n_vocab: i32, audio_layers: i32, n_mels: i32) -> Option<DtwModelPreset> {
    let english = n_vocab < 51_865;
    Some(match (audio_layers, english) {
        (4, true) => DtwModelPreset::TinyEn,
        (4, false) => DtwModelPreset::Tiny,
        (6, true) => DtwModelPreset::BaseEn,
        (6, false) => DtwModelPreset::Base,
        (12, true) => DtwModelPreset::SmallEn,
        (12, false) => DtwModelPreset::Small,
        (24, true) => DtwModelPreset::MediumEn,
        (24, false) => DtwModelPreset::Medium,
        // large-v3 has 128 mel bands; v1 and v2 cannot be told apart here.
        (32, false) if n_mels == 128 => DtwModelPreset::LargeV3,
        (32, false) => DtwModelPreset::LargeV2,
        _ => return None,
    })
}

/// How the recogniser is run.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Threads whisper.cpp computes on.
    pub threads: usize,
    /// Beam width (1 is greedy decoding).
    pub beam: usize,
    /// How an answer is cut into stretches.
    pub cuts: Cuts,
    /// Introduce each stretch with [`FILLER_PROMPT`].
    pub filler_prompt: bool,
    /// … and with the previous stretch's text.
    pub context: bool,
    /// Shrink Whisper's 30 s window to the stretch (faster, and a short
    /// stretch is not padded with 20 s of silence).
    pub fit_window: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            threads: 1,
            beam: 5,
            cuts: Cuts::default(),
            filler_prompt: true,
            context: true,
            fit_window: false,
        }
    }
}

impl Settings {
    /// The settings for a whole recording, after the fact: long stretches,
    /// every core.
    pub fn whole_recording() -> Settings {
        Settings {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cuts: Cuts::whole_recording(),
            ..Settings::default()
        }
    }
}

/// Transcribes stretches of one recording in order; holds whisper.cpp's
/// working memory, so make one per thread and keep it.
pub struct Decoder {
    state: WhisperState,
    model: Arc<Model>,
    settings: Settings,
    /// The text of the last stretch, for the next one's prompt.
    previous: String,
    stop: Arc<AtomicBool>,
}

impl Decoder {
    /// Working memory for `model` (some tens of MB).
    pub fn new(model: Arc<Model>, settings: Settings) -> Result<Decoder, EngineError> {
        let state = model
            .ctx
            .create_state()
            .map_err(|e| EngineError::Run(e.to_string()))?;
        Ok(Decoder {
            state,
            model,
            settings,
            previous: String::new(),
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The decoder with `flag` as its stop: once set (from any thread),
    /// the stretch being transcribed is abandoned.
    pub fn stopped_by(mut self, flag: Arc<AtomicBool>) -> Decoder {
        self.stop = flag;
        self
    }

    /// Sets the threads for the stretches to come.
    pub fn set_threads(&mut self, threads: usize) {
        self.settings.threads = threads.max(1);
    }

    /// Forgets the previous stretch: the next one starts a new recording.
    pub fn reset(&mut self) {
        self.previous.clear();
    }

    /// The words of one stretch: `audio` at [`RATE`] starts at `offset` in
    /// the recording, and `speech` (times in the recording) is where the
    /// analysis found speech in it. Words come back timed in the recording.
    pub fn stretch(
        &mut self,
        audio: &[f32],
        offset: Duration,
        speech: &[Span],
    ) -> Result<Vec<Word>, EngineError> {
        let min = (MIN_AUDIO.as_secs_f64() * f64::from(RATE)) as usize;
        let padded;
        let audio = if audio.len() < min {
            padded = [audio, &vec![0.0; min - audio.len()]].concat();
            &padded[..]
        } else {
            audio
        };
        let mut prompt = String::new();
        if self.settings.filler_prompt {
            prompt.push_str(FILLER_PROMPT);
        }
        let ctx = &self.model.ctx;
        let mut tokens = ctx
            .tokenize(&prompt, 256)
            .map_err(|e| EngineError::Run(e.to_string()))?;
        if self.settings.context && !self.previous.is_empty() {
            let before = ctx
                .tokenize(&format!(" {}", self.previous), 1024)
                .map_err(|e| EngineError::Run(e.to_string()))?;
            tokens.extend_from_slice(&before[before.len().saturating_sub(CONTEXT_TOKENS)..]);
        }

        let strategy = match self.settings.beam {
            0 | 1 => SamplingStrategy::Greedy { best_of: 1 },
            n => SamplingStrategy::BeamSearch {
                beam_size: n as i32,
                patience: -1.0,
            },
        };
        let mut params = FullParams::new(strategy);
        params.set_n_threads(self.settings.threads.max(1) as i32);
        params.set_language(Some("en"));
        params.set_no_context(true);
        params.set_tokens(&tokens);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_print_special(false);
        params.set_suppress_blank(true);
        params.set_suppress_nst(true);
        if self.settings.fit_window {
            // Two mel frames (10 ms each) per encoder position, a second to spare.
            let frames = audio.len() / (RATE as usize / 100);
            params.set_audio_ctx(((frames / 2 + 50).min(1500)) as i32);
        }
        // Not `set_abort_callback_safe`: whisper-rs 0.16 hands its
        // trampoline a pointer to a boxed trait object but reads it as the
        // closure itself.
        // SAFETY: the callback only reads the flag, which `self.stop` keeps
        // alive until `full` returns.
        unsafe {
            params.set_abort_callback(Some(stop_requested));
            params.set_abort_callback_user_data(Arc::as_ptr(&self.stop) as *mut std::ffi::c_void);
        }
        let done = self.state.full(params, audio);
        // An abandoned run fails as whisper.cpp's "aborted": it was stopped.
        if self.stop.load(Ordering::Relaxed) {
            return Err(EngineError::Stopped);
        }
        done.map_err(|e| EngineError::Run(e.to_string()))?;

        let eot = ctx.token_eot();
        let mut found = Vec::new();
        for segment in self.state.as_iter() {
            for i in 0..segment.n_tokens() {
                let Some(token) = segment.get_token(i) else {
                    continue;
                };
                let data = token.token_data();
                if data.id >= eot {
                    continue;
                }
                let text = token
                    .to_bytes()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                found.push(Token {
                    text,
                    at: offset.as_secs_f64() + data.t_dtw as f64 / 100.0,
                });
            }
        }
        let begin = offset.as_secs_f64();
        let spans: Vec<(f64, f64)> = speech
            .iter()
            .map(|s| (s.start.as_secs_f64(), s.end().as_secs_f64()))
            .collect();
        let words = words::within_speech(words::join(&found, begin), &spans, SPEECH_SLACK);
        self.previous = words::text(&words);
        Ok(words)
    }
}

/// whisper.cpp's abort callback: whether the flag `user_data` points at is set.
unsafe extern "C" fn stop_requested(user_data: *mut std::ffi::c_void) -> bool {
    // SAFETY: `user_data` is the `AtomicBool` of a live decoder's `stop`.
    unsafe { (*(user_data as *const AtomicBool)).load(Ordering::Relaxed) }
}

/// Transcribes a whole recording: `samples` at `rate` Hz, with `speech`
/// where the analysis found it. `progress` is told how far it has got (0 to 1).
pub fn transcribe(
    decoder: &mut Decoder,
    samples: &[f32],
    rate: u32,
    speech: &[Span],
    mut progress: impl FnMut(f64),
) -> Result<Transcript, EngineError> {
    let total = duration_of(samples.len() as u64, rate);
    let stretches = stretch::cut(speech, total, &decoder.settings.cuts, false);
    decoder.reset();
    let mut words = Vec::new();
    for (i, st) in stretches.iter().enumerate() {
        let (a, b) = (index_of(st.start, rate), index_of(st.end, rate));
        let audio = resample(
            &samples[a.min(samples.len())..b.min(samples.len())],
            rate,
            RATE,
        );
        words.extend(decoder.stretch(&audio, st.start, &st.speech)?);
        progress((i + 1) as f64 / stretches.len() as f64);
    }
    Ok(Transcript {
        text: words::text(&words),
        words,
    })
}

/// Transcribes the WAV file at `path` (any rate, channels averaged): its
/// speech found by the analysis, cut into stretches, read one at a time so
/// memory stays small for long recordings.
pub fn transcribe_file(
    decoder: &mut Decoder,
    path: &Path,
    mut progress: impl FnMut(f64),
) -> Result<Transcript, EngineError> {
    let read = MonoStream::open(path)?.envelope()?;
    let rate = read.format.sample_rate;
    let analysis = analysis::analyze(&read.envelope, &analysis::Options::default());
    let stretches = stretch::cut(
        &analysis.speech,
        read.envelope.total,
        &decoder.settings.cuts,
        false,
    );
    let mut wav = MonoStream::open(path)?;
    decoder.reset();
    let mut words = Vec::new();
    let mut block = Vec::new();
    for (i, st) in stretches.iter().enumerate() {
        let audio = read_span(&mut wav, st, rate, &mut block)?;
        words.extend(decoder.stretch(&resample(&audio, rate, RATE), st.start, &st.speech)?);
        progress((i + 1) as f64 / stretches.len() as f64);
    }
    Ok(Transcript {
        text: words::text(&words),
        words,
    })
}

/// The samples of one stretch of a file.
fn read_span(
    wav: &mut MonoStream,
    st: &Stretch,
    rate: u32,
    block: &mut Vec<f32>,
) -> Result<Vec<f32>, WavError> {
    let (a, b) = (index_of(st.start, rate), index_of(st.end, rate));
    wav.seek(a as u64)?;
    let mut out = Vec::with_capacity(b - a);
    while out.len() < b - a && wav.read(block)? > 0 {
        let take = (b - a - out.len()).min(block.len());
        out.extend_from_slice(&block[..take]);
    }
    Ok(out)
}

/// The sample at `at` in audio at `rate`.
pub(crate) fn index_of(at: Duration, rate: u32) -> usize {
    (at.as_secs_f64() * f64::from(rate)).round() as usize
}

/// How long `samples` last at `rate`.
pub(crate) fn duration_of(samples: u64, rate: u32) -> Duration {
    Duration::from_secs_f64(samples as f64 / f64::from(rate.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_heads_follow_the_model_size() {
        assert!(matches!(
            dtw_preset(51_864, 4, 80),
            Some(DtwModelPreset::TinyEn)
        ));
        assert!(matches!(
            dtw_preset(51_865, 6, 80),
            Some(DtwModelPreset::Base)
        ));
        assert!(matches!(
            dtw_preset(51_866, 32, 128),
            Some(DtwModelPreset::LargeV3)
        ));
        assert!(dtw_preset(51_864, 5, 80).is_none());
    }

    #[test]
    fn a_file_that_is_not_a_model_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.bin");
        std::fs::write(&path, [7u8; 64]).unwrap();
        let err = Model::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("notes.bin") && err.contains("not a whisper.cpp"),
            "{err}"
        );
        let err = Model::load(&dir.path().join("missing.bin"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing.bin"), "{err}");
    }
}
