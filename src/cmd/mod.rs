//! One file per subcommand, each with `run(args) -> Result`; shared helpers here.

pub mod analyze;
pub mod banks;
pub mod devices;
pub mod docs;
pub mod draw;
pub mod drill;
pub mod host;
pub mod interview;
pub mod mic_check;
pub mod models;
pub mod prep;
pub mod present;
pub mod profile;
pub mod replay;
pub mod report;
pub mod sessions;
pub mod speak;
pub mod stats;
pub mod transcribe;

use crate::audio::devices::HostKind;
use crate::bank::{self, DrawError, Library, Question};
use crate::cli::{BankArgs, SelectArgs};
use crate::error::BadInput;
use crate::session::{self, Session, Settings, Timestamp};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The fix for a sound system that does not answer.
pub fn host_hint() -> String {
    "start the sound server, or pick the other sound system with --host (or `host:` in the config file)".into()
}

/// Fails with a pointer elsewhere unless both stdin and stdout are terminals.
pub fn require_terminal(what: &str, instead: &str) -> Result<()> {
    if crate::ui::terminal::is_interactive() {
        return Ok(());
    }
    Err(BadInput::new(
        format!("`rehearse {what}` needs a terminal for its keys and clock, but input or output is redirected"),
        format!("run it in a terminal; {instead}"),
    )
    .into())
}

/// The microphone when `record` is set, opened before any session exists so
/// every problem shows first.
pub fn microphone_if(
    record: bool,
    device: Option<&str>,
    host: Option<HostKind>,
    config: &crate::config::Config,
) -> Result<Option<crate::audio::capture::Recorder>> {
    if !record {
        return Ok(None);
    }
    let otherwise = "drop --record to practise without recording";
    open_microphone(device, host, config, otherwise).map(Some)
}

/// Opens the microphone (the flag's device and host, else the config
/// file's) for recording, turning every failure into an error with a fix,
/// before anything else starts; `otherwise` is the way out the hint offers
/// (for a drill, going on without recording).
pub fn open_microphone(
    device: Option<&str>,
    host: Option<HostKind>,
    config: &crate::config::Config,
    otherwise: &str,
) -> Result<crate::audio::capture::Recorder> {
    use crate::audio::capture::{AudioError, Recorder};
    use crate::audio::devices::DeviceError;
    let device = device.or(config.input_device.as_deref());
    Recorder::open(device, host.or(config.host)).map_err(|e| {
        let hint = match &e {
            AudioError::Device(DeviceError::NoHost { .. }) => host_hint(),
            AudioError::Device(DeviceError::NoMatch { candidates, .. }) => {
                format!("input devices: {}", candidates.join(", "))
            }
            AudioError::Device(DeviceError::Ambiguous { matches, .. }) => {
                format!("it matches {}; give more of the name", matches.join(", "))
            }
            AudioError::Busy(_) => format!(
                "close the program using it, pick another with --input-device (see `rehearse devices`), or {otherwise}"
            ),
            _ => format!("connect a microphone and check `rehearse devices`, or {otherwise}"),
        };
        anyhow::Error::from(BadInput::new(e.to_string(), hint))
    })
}

/// Where sessions are saved: the flag's directory, else the config file's,
/// else the default (see [`session::recordings_dir`]).
pub fn recordings_root(flag: Option<&Path>, config: &crate::config::Config) -> Result<PathBuf> {
    Ok(session::recordings_dir(
        flag,
        config.recordings_dir.as_deref(),
    )?)
}

/// Refuses, before anything is asked, a recordings directory that cannot
/// hold a session: not a directory, not writable, or on a full disk.
pub fn usable_recordings(root: &Path) -> Result<()> {
    session::store::probe(root).map_err(|e| {
        let shown = crate::ui::text::safe_path(root);
        let why = if root.exists() && !root.is_dir() {
            "it is not a directory".to_string()
        } else {
            e.to_string()
        };
        BadInput::new(
            format!("cannot save sessions in {shown}: {why}"),
            format!(
                "make sure a file can be created and removed there (`touch {shown}/probe && rm {shown}/probe`), \
                 or save elsewhere with --recordings-dir DIR (or REHEARSE_RECORDINGS, or `recordings_dir:` in the config file)"
            ),
        )
        .into()
    })
}

/// Exit code 1 once the summary has said what the file on disk lacks.
pub fn saved_in_full(saved: &session::store::Saved) -> Result<()> {
    if saved.complete() {
        return Ok(());
    }
    anyhow::bail!("the session is not fully saved; the summary above says what is missing")
}

/// A session of `kind` that started at `started`, with nothing in it yet.
pub fn new_session(kind: session::Kind, started: Timestamp, settings: Option<Settings>) -> Session {
    Session {
        version: session::FORMAT_VERSION,
        id: String::new(),
        kind,
        started,
        finished: None,
        completed: false,
        settings,
        items: Vec::new(),
        talk: None,
    }
}

/// `value` as pretty-printed JSON ending in a newline.
pub fn json(value: &impl serde::Serialize) -> Result<String> {
    let json = serde_json::to_string_pretty(value)? + "\n";
    Ok(crate::text::json_shown(&json).into_owned())
}

/// Writes a command's whole output to standard output ([`crate::text::write_out`]).
pub fn write_out(out: &str) -> Result<()> {
    Ok(crate::text::write_out(out)?)
}

/// Questions drawn when neither `-n` nor the config file says.
pub const DEFAULT_COUNT: u32 = 6;

/// Loads the banks the user asked for, their placeholders filled from the
/// profile (bank and profile problems come back as [`bank::Problems`]).
pub fn load_library(args: &BankArgs) -> Result<Library> {
    Ok(load_banks(args)?.0)
}

/// The banks, filled from the profile, and the profile itself (empty when
/// there is none): `--profile`'s file, else the one in the default place.
/// Read once per command.
pub fn load_banks(args: &BankArgs) -> Result<(Library, crate::bank::profile::Profile)> {
    let library = bank::load(&args.banks, args.with_builtin)?;
    let profile = crate::bank::profile::Profile::load(args.profile.as_deref())?.unwrap_or_default();
    Ok((profile.personalise(&library), profile))
}

/// Effective weights per `--focus` from the sessions under `root` (damaged
/// ones are named in a warning), or `None` without `--focus`.
pub fn focus_weights(
    library: &Library,
    args: &SelectArgs,
    root: &Path,
    band: &crate::config::PaceBand,
) -> Option<Vec<bank::focus::Weighed>> {
    let crate::cli::Focus::Weak = args.focus?;
    let sessions = session::history::readable(root);
    let refs: Vec<&Session> = sessions.iter().collect();
    let attempts: Vec<bank::focus::Answer> = session::stats::attempts(&refs)
        .iter()
        .map(Into::into)
        .collect();
    Some(bank::focus::weigh(
        library,
        &attempts,
        session::now().unix(),
        band,
    ))
}

/// Draws per `args`, turning draw failures into errors with fixes; returns the seed used.
pub fn select<'a>(library: &'a Library, args: &SelectArgs) -> Result<(u64, Vec<&'a Question>)> {
    select_weighted(library, args, None)
}

/// Like [`select`], with the `--focus` weights (one per library question,
/// from [`focus_weights`]) in place of the bank weights when given.
pub fn select_weighted<'a>(
    library: &'a Library,
    args: &SelectArgs,
    focus: Option<&[bank::focus::Weighed]>,
) -> Result<(u64, Vec<&'a Question>)> {
    let filter = args.filter();
    let seed = args.seed.unwrap_or_else(bank::fresh_seed);
    let count = args.count.unwrap_or(DEFAULT_COUNT) as usize;
    let weights: Option<Vec<f64>> = focus.map(|f| f.iter().map(|w| w.weight).collect());
    let drawn = match weights {
        Some(w) => bank::draw_weighted(library, &filter, count, seed, &w),
        None => bank::draw(library, &filter, count, seed),
    };
    let picked = drawn.map_err(|e| {
        let hint = match &e {
            DrawError::UnknownCategory { valid, .. } => format!("categories: {}", valid.join(", ")),
            DrawError::UnknownTag { valid, .. } => format!("tags: {}", valid.join(", ")),
            DrawError::NothingMatches(_) => {
                "drop a --category or --tag; `rehearse banks list` shows what each bank holds"
                    .into()
            }
            DrawError::AllDisabled(_) => "give some of them a weight above 0 in their bank".into(),
        };
        BadInput::new(e.to_string(), hint)
    })?;
    let mut picked = picked;
    bank::stage::in_panel_order(&mut picked, |q| &q.category);
    Ok((seed, picked))
}

/// Bad files exit 2 with a hint; I/O failures part way exit 1.
pub(crate) fn into_app_error(e: crate::audio::wavfile::WavError) -> anyhow::Error {
    if e.is_bad_input() {
        let hint = e.hint();
        BadInput::new(e.to_string(), hint).into()
    } else {
        e.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::LONG_TASK;
    use clap::Parser;

    fn args(line: &str) -> SelectArgs {
        let cli = crate::cli::Cli::parse_from(format!("rehearse draw {line}").split_whitespace());
        match cli.command {
            crate::cli::Command::Draw(d) => d.select,
            _ => unreachable!(),
        }
    }

    fn long(q: &Question) -> bool {
        q.budget.min().is_some_and(|m| m > LONG_TASK)
    }

    #[test]
    fn default_drills_never_hold_a_long_prepared_task() {
        let library = bank::load(&[], true).unwrap();
        assert!(
            library.questions.iter().any(long),
            "the shipped banks have long tasks"
        );
        for seed in 1..=200 {
            let (_, picked) = select(&library, &args(&format!("--seed {seed}"))).unwrap();
            assert!(!picked.iter().any(|q| long(q)), "seed {seed}");
        }
        let asked = |line: &str| {
            (1..=50).any(|seed| {
                select(&library, &args(&format!("--seed {seed} {line}")))
                    .unwrap()
                    .1
                    .iter()
                    .any(|q| long(q))
            })
        };
        assert!(asked("--long"), "--long brings them in");
        assert!(
            asked("--category case"),
            "naming their category brings them in"
        );
    }

    #[test]
    fn preparation_items_are_drawn_only_when_their_category_is_named() {
        let library = bank::load(&[], true).unwrap();
        let prep = |q: &&Question| bank::stage::is_prep(&q.category);
        assert!(
            library.questions.iter().any(|q| prep(&q)),
            "the shipped banks have prep items"
        );
        for seed in 1..=300 {
            for line in ["", "-n 40", "--tag research", "--long -n 20"] {
                let Ok((_, picked)) = select(&library, &args(&format!("--seed {seed} {line}")))
                else {
                    continue;
                };
                assert!(!picked.iter().any(prep), "seed {seed} {line}");
            }
        }
        let (_, picked) = select(&library, &args("--seed 1 -n 3 --category prep")).unwrap();
        assert_eq!(picked.len(), 3);
        assert!(picked.iter().all(prep));
        let (_, mixed) = select(
            &library,
            &args("--seed 1 -n 99 --category prep --category role"),
        )
        .unwrap();
        assert!(mixed.iter().any(prep) && !mixed.iter().all(prep));
        let err = select(&library, &args("--tag logistics"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("only with --category prep"), "{err}");
    }

    #[test]
    fn drawn_questions_come_in_the_order_a_panel_asks_them() {
        use bank::stage::Stage;
        let library = bank::load(&[], true).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for seed in 1..=300 {
            for n in [3, 6, 12, 40] {
                let (_, picked) =
                    select(&library, &args(&format!("--seed {seed} -n {n}"))).unwrap();
                let stages: Vec<Stage> = picked.iter().map(|q| Stage::of(&q.category)).collect();
                assert!(stages.is_sorted(), "seed {seed} -n {n}: {stages:?}");
                if let (Some(first), Some(last)) = (stages.first(), stages.last()) {
                    seen.insert((*first, *last));
                }
            }
        }
        // The draw still varies: drills open and end on different stages.
        assert!(seen.len() > 5, "{seen:?}");
    }

    #[test]
    fn the_command_to_draw_again_quotes_what_a_shell_would_split() {
        let cli = crate::cli::Cli::parse_from([
            "rehearse",
            "draw",
            "--seed",
            "4",
            "--category",
            "my own",
            "--bank",
            "my banks/a.yaml",
            "--profile",
            "it's.yaml",
        ]);
        let crate::cli::Command::Draw(d) = cli.command else {
            unreachable!()
        };
        assert_eq!(
            d.select.again(4),
            "rehearse drill --seed 4 --category 'my own' --bank 'my banks/a.yaml' --profile 'it'\\''s.yaml'"
        );
    }

    #[test]
    fn skipped_categories_are_never_drawn_and_must_exist() {
        let library = bank::load(&[], true).unwrap();
        for seed in 1..=50 {
            let (_, picked) = select(
                &library,
                &args(&format!(
                    "--seed {seed} -n 12 --skip-category behavioural --skip-category case"
                )),
            )
            .unwrap();
            assert!(
                picked
                    .iter()
                    .all(|q| q.category != "behavioural" && q.category != "case"),
                "seed {seed}"
            );
        }
        let err = select(&library, &args("--skip-category behavoural")).unwrap_err();
        assert!(
            err.to_string().contains("no category `behavoural`"),
            "{err}"
        );
    }
}
