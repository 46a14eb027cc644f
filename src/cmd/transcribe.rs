//! `rehearse transcribe [SESSION|FILE]`: the recorded answers of a session
//! (and a talk's recording) that have no transcript yet, each stored in
//! `session.yaml` as soon as it is done, with a progress bar; or one WAV
//! file, printed. Also the model loading `analyze` shares.

use crate::cli::{Format, ModelArgs, TranscribeArgs};
use crate::config::Config;
use crate::error::BadInput;
use crate::session::transcript::Transcript;
use crate::session::{self, Session, history};
use crate::transcript::engine::{self, Decoder, EngineError, Model, Settings};
use crate::transcript::model::{self, HOW_TO_ADD};
use crate::ui::bar::live_bar;
use crate::ui::table::{Column, Look, TableRow, table};
use anyhow::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The model `--model`, the config or the installed models name, loaded;
/// `None` when there is none.
pub fn load_model(args: &ModelArgs, config: &Config) -> Result<Option<Arc<Model>>> {
    match model::resolve(args.model.as_deref(), config.model.as_deref())? {
        Some(path) => load_model_at(&path).map(Some),
        None => Ok(None),
    }
}

/// The model file at `path`, loaded; one whisper.cpp cannot load is bad input.
pub fn load_model_at(path: &Path) -> Result<Arc<Model>> {
    let loaded = Model::load(path).map_err(|e| {
        BadInput::new(
            crate::text::safe(&e.to_string()),
            "install the model again with `rehearse models install PATH`, or name another with --model",
        )
    })?;
    Ok(Arc::new(loaded))
}

/// Transcribes the WAV file at `path` on every core; `progress` hears how
/// far it has got (0 to 1). A file that is not a readable WAV is bad input.
pub fn transcribe_wav(
    model: &Arc<Model>,
    path: &Path,
    progress: impl FnMut(f64),
) -> Result<Transcript> {
    let mut decoder = Decoder::new(model.clone(), Settings::whole_recording())?;
    engine::transcribe_file(&mut decoder, path, progress).map_err(engine_error)
}

/// [`transcribe_wav`] with a progress bar on standard error saying `what`
/// (hidden when that is not a terminal).
pub fn with_bar(model: &Arc<Model>, path: &Path, what: &str) -> Result<Transcript> {
    let bar = live_bar(1000, BAR);
    bar.set_message(what.to_string());
    let t = transcribe_wav(model, path, |f| bar.set_position((f * 1000.0) as u64));
    bar.finish_and_clear();
    t
}

fn engine_error(e: EngineError) -> anyhow::Error {
    match e {
        EngineError::Wav(w) => super::into_app_error(w),
        other => other.into(),
    }
}

/// Runs `rehearse transcribe`.
pub fn run(args: &TranscribeArgs) -> Result<()> {
    let config = Config::load()?;
    // A file, or a name that ends in .wav (so a missing one is named as a file).
    let file =
        args.target.as_deref().map(Path::new).filter(|p| {
            p.is_file() || p.extension().is_some_and(|e| e.eq_ignore_ascii_case("wav"))
        });
    match file {
        Some(file) => one_file(args, &config, file),
        None => one_session(args, &config),
    }
}

/// The model, or exit 2 saying how to add one.
fn require_model(args: &ModelArgs, config: &Config) -> Result<Arc<Model>> {
    load_model(args, config)?
        .ok_or_else(|| BadInput::new("no speech model to transcribe with", HOW_TO_ADD).into())
}

/// Bar template: what is being done, the bar, how far, how long so far.
const BAR: &str = "{msg} {bar:30} {percent:>3}% {elapsed}";

fn one_file(args: &TranscribeArgs, config: &Config, file: &Path) -> Result<()> {
    let model = require_model(&args.model, config)?;
    let t = with_bar(&model, file, "transcribing")?;
    let out = match args.format {
        Format::Json => super::json(&FileReport {
            file: file.display().to_string(),
            transcript: &t,
        })?,
        Format::Text if t.words.is_empty() => "(no words heard)\n".to_string(),
        Format::Text => {
            let mut out = String::new();
            let width = crate::ui::text::output_width();
            crate::ui::text::push_wrapped(&mut out, &t.text, width, "", "");
            out
        }
    };
    super::write_out(&out)
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: String,
    #[serde(flatten)]
    transcript: &'a Transcript,
}

/// One recording of a session to transcribe.
struct Job {
    /// The answer's index in `items`, or `None` for the talk's recording.
    item: Option<usize>,
    /// Which take of the answer, when it has more than one.
    take: Option<u32>,
    file: PathBuf,
    /// Its length as recorded, for the progress bar.
    length: Duration,
}

impl Job {
    fn name(&self) -> String {
        match (self.item, self.take) {
            (Some(i), Some(t)) => format!("answer {} take {t}", i + 1),
            (Some(i), None) => format!("answer {}", i + 1),
            (None, _) => "the talk".into(),
        }
    }
}

/// What was done to one recording.
#[derive(Serialize)]
struct Done {
    /// The answer's number in the session; null for a talk.
    answer: Option<usize>,
    /// Which take of the answer, when it has more than one.
    #[serde(skip_serializing_if = "Option::is_none")]
    take: Option<u32>,
    words: usize,
    text: String,
}

#[derive(Serialize)]
struct SessionReport {
    session: String,
    file: PathBuf,
    transcribed: Vec<Done>,
    /// Recordings left alone: they have a transcript (see `--again`).
    already: usize,
    /// Recordings that could not be transcribed, each with why.
    failed: Vec<String>,
}

fn one_session(args: &TranscribeArgs, config: &Config) -> Result<()> {
    let root = super::recordings_root(args.recordings_dir.as_deref(), config)?;
    let (dir, mut session) =
        history::find(&root, args.target.as_deref()).map_err(|n| BadInput::new(n.what, n.hint))?;
    let (jobs, already) = jobs(&dir, &session, args.again);
    let mut report = SessionReport {
        session: session.id.clone(),
        file: dir.join("session.yaml"),
        transcribed: Vec::new(),
        already,
        failed: Vec::new(),
    };
    if jobs.is_empty() && already == 0 {
        return Err(BadInput::new(
            format!("session {} has no recorded answers", session.id),
            "record answers with `rehearse drill --record`",
        )
        .into());
    }
    let started = Instant::now();
    if !jobs.is_empty() {
        let model = require_model(&args.model, config)?;
        let mut decoder = Decoder::new(model, Settings::whole_recording())?;
        let total: Duration = jobs.iter().map(|j| j.length).sum();
        let bar = live_bar(total.as_millis() as u64, BAR);
        let mut before = Duration::ZERO;
        for job in &jobs {
            bar.set_message(job.name());
            let ms = |f: f64| (before + job.length.mul_f64(f.clamp(0.0, 1.0))).as_millis() as u64;
            match engine::transcribe_file(&mut decoder, &job.file, |f| bar.set_position(ms(f))) {
                Ok(t) => {
                    report.transcribed.push(Done {
                        answer: job.item.map(|i| i + 1),
                        take: job.take,
                        words: t.words.len(),
                        text: t.text.clone(),
                    });
                    // Saved as each is done: an interrupted run keeps them.
                    save(&dir, &mut session, job, t)?;
                }
                Err(e) => {
                    let why = format!("{}: {e}", job.name());
                    let line = format!("rehearse: warning: cannot transcribe {why}\n");
                    bar.suspend(|| crate::ui::text::eprint(&crate::text::safe(&line)));
                    report.failed.push(why);
                }
            }
            before += job.length;
            bar.set_position(before.as_millis() as u64);
        }
        bar.finish_and_clear();
    }
    let out = match args.format {
        Format::Json => super::json(&report)?,
        Format::Text => text_report(&report, started.elapsed(), crate::ui::text::output_width()),
    };
    super::write_out(&out)?;
    if report.failed.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} of {} recordings could not be transcribed (the warnings above say why)",
            report.failed.len(),
            jobs.len()
        )
    }
}

/// The recordings of `session` to transcribe (all of them with `again`),
/// and how many are left alone because they have a transcript.
fn jobs(dir: &Path, session: &Session, again: bool) -> (Vec<Job>, usize) {
    let mut jobs = Vec::new();
    let mut already = 0;
    let talk = session
        .talk
        .iter()
        .map(|t| (None, None, t.recording.clone(), t.transcript.is_some()));
    // Every take of an answer, in order.
    let items = session.items.iter().enumerate().flat_map(|(i, it)| {
        let several = !it.takes.is_empty();
        it.all_takes().into_iter().map(move |t| {
            let take = several.then_some(t.take);
            (Some(i), take, t.recording, t.transcript.is_some())
        })
    });
    for (item, take, recording, transcribed) in talk.chain(items) {
        let Some(r) = recording else { continue };
        if transcribed && !again {
            already += 1;
            continue;
        }
        jobs.push(Job {
            item,
            take,
            file: dir.join(&r.file),
            length: r.length,
        });
    }
    (jobs, already)
}

/// Puts `t` in its place in the session as it is on disk now (another
/// rehearse may have saved it since it was read) and saves it, as the
/// format version that holds transcripts.
fn save(dir: &Path, session: &mut Session, job: &Job, t: Transcript) -> Result<()> {
    if let Ok(now) = session::load(&dir.join("session.yaml")) {
        *session = now;
    }
    let recording = match job.item {
        Some(i) => session.items.get_mut(i).and_then(|it| match job.take {
            Some(n) if n != it.take => it
                .takes
                .iter_mut()
                .find(|t| t.take == n)
                .map(|t| (&t.recording, &mut t.transcript)),
            _ => Some((&it.recording, &mut it.transcript)),
        }),
        None => session
            .talk
            .as_mut()
            .map(|t| (&t.recording, &mut t.transcript)),
    };
    // Only into the answer whose recording was transcribed.
    if let Some((Some(r), slot)) = recording
        && dir.join(&r.file) == job.file
    {
        *slot = Some(t);
        session.version = session::FORMAT_VERSION;
        session::save(dir, session)?;
    }
    Ok(())
}

/// A few lines: what was transcribed, each answer's first words, where it is saved.
/// The text report, listing lines cut to `width` (a terminal's, or 80 piped).
fn text_report(r: &SessionReport, took: Duration, width: usize) -> String {
    use crate::ui::text::plural;
    let mut out = String::new();
    let n = r.transcribed.len();
    let words: usize = r.transcribed.iter().map(|d| d.words).sum();
    if n == 0 && r.failed.is_empty() {
        out.push_str(&format!(
            "Session {}: every recording has a transcript already ({} of them); --again makes them again.\n",
            r.session, r.already
        ));
        return out;
    }
    out.push_str(&format!(
        "Session {}: transcribed {n} recording{} ({words} word{}) in {:.1} s.\n",
        r.session,
        plural(n),
        plural(words),
        took.as_secs_f64()
    ));
    // One line an answer: its number and length, then as much of the text as fits.
    let rows: Vec<TableRow> = r
        .transcribed
        .iter()
        .map(|d| {
            let label = match (d.answer, d.take) {
                (Some(a), Some(t)) => format!("{a:>2}. take {t} "),
                (Some(a), None) => format!("{a:>2}. "),
                (None, _) => "talk ".into(),
            };
            let count = format!("{label}{:>4} words", d.words);
            TableRow::Cells(vec![count, d.text.clone()])
        })
        .collect();
    let columns = [Column::right(""), Column::left("").narrow(0, 1)];
    let look = Look {
        width: Some(width.saturating_sub(3)),
        ..Look::default()
    };
    for line in table(&columns, &rows, look).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    if r.already > 0 {
        out.push_str(&format!(
            "{} had a transcript already (--again makes them again).\n",
            r.already
        ));
    }
    if n > 0 {
        out.push_str(&format!("Saved in {}\n", r.file.display()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> SessionReport {
        let done = |answer, text: &str| Done {
            answer,
            take: None,
            words: text.split_whitespace().count(),
            text: text.into(),
        };
        SessionReport {
            session: "20261101-090000".into(),
            file: "r/20261101-090000/session.yaml".into(),
            transcribed: vec![
                done(
                    Some(1),
                    "So the budget was cut by a fifth, and we had a week to replan the release.",
                ),
                done(Some(12), "Because I like it."),
            ],
            already: 0,
            failed: Vec::new(),
        }
    }

    #[test]
    fn every_take_of_an_answer_is_transcribed_into_its_own_take() {
        let dir = tempfile::tempdir().unwrap();
        let rec = |f: &str| format!("{{file: {f}, length: 5, rate: 16000, dropped: 0, xruns: 0}}");
        let item = |takes: &str| -> crate::session::Item {
            serde_yaml::from_str(&format!(
                "{{id: q, text: Q?, category: c, target: 10, max: 15, start: 40, duration: 5, paused: 0, verdict: on-target, recording: {}{takes}}}",
                rec("b.wav")
            ))
            .unwrap()
        };
        let mut session = crate::app::fixtures::session(session::Kind::Drill);
        session.items = vec![
            item(""),
            item(&format!(
                ", take: 2, takes: [{{take: 1, start: 0, duration: 3, paused: 0, verdict: too-short, recording: {}}}]",
                rec("a.wav")
            )),
        ];
        session::save(dir.path(), &session).unwrap();
        let (jobs, already) = jobs(dir.path(), &session, false);
        let named: Vec<String> = jobs.iter().map(Job::name).collect();
        assert_eq!(named, ["answer 1", "answer 2 take 1", "answer 2 take 2"]);
        assert_eq!(already, 0);
        let said = |text: &str| Transcript {
            text: text.into(),
            words: Vec::new(),
        };
        save(dir.path(), &mut session, &jobs[1], said("first try")).unwrap();
        save(dir.path(), &mut session, &jobs[2], said("second try")).unwrap();
        let saved = session::load(&dir.path().join("session.yaml")).unwrap();
        let it = &saved.items[1];
        assert_eq!(it.takes[0].transcript.as_ref().unwrap().text, "first try");
        assert_eq!(it.transcript.as_ref().unwrap().text, "second try");
        assert!(saved.items[0].transcript.is_none());
        let (left, already) = super::jobs(dir.path(), &saved, false);
        assert_eq!((left.len(), already), (1, 2));
    }

    #[test]
    fn the_listing_lines_up_and_is_cut_to_the_width() {
        let text = text_report(&report(), Duration::from_secs(2), 80);
        let want = [
            "Session 20261101-090000: transcribed 2 recordings (21 words) in 2.0 s.",
            "   1.   17 words  So the budget was cut by a fifth, and we had a week to repla…",
            "  12.    4 words  Because I like it.",
            "Saved in r/20261101-090000/session.yaml",
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), want);
    }

    #[test]
    fn a_forty_column_terminal_gets_no_line_over_forty() {
        let text = text_report(&report(), Duration::from_secs(2), 40);
        // The listing (the sentences around it are not a table).
        for line in text.lines().skip(1).take(2) {
            assert!(crate::text::width(line) <= 40, "{line:?}\n{text}");
        }
        assert!(
            text.contains("\n   1.   17 words  So the budget was cu…\n"),
            "{text}"
        );
    }
}
