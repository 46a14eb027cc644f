//! One file per subcommand, each with `run(args) -> Result`; shared helpers here.

pub mod analyze;
pub mod banks;
pub mod devices;
pub mod docs;
pub mod draw;
pub mod drill;
pub mod host;
pub mod mic_check;
pub mod present;
pub mod replay;
pub mod sessions;
pub mod stats;

use crate::audio::devices::HostKind;
use crate::bank::{self, DrawError, Filter, Library, Question};
use crate::cli::{BankArgs, SelectArgs};
use crate::error::BadInput;
use anyhow::Result;

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

/// The microphone when `record` is set (the flag's device and host, else
/// the config file's), opened before any session exists so every problem
/// shows first.
pub fn microphone_if(
    record: bool,
    device: Option<&str>,
    host: Option<HostKind>,
    config: &crate::config::Config,
) -> Result<Option<crate::audio::capture::Recorder>> {
    if !record {
        return Ok(None);
    }
    open_microphone(
        device.or(config.input_device.as_deref()),
        host.or(config.host),
    )
    .map(Some)
}

/// Opens the microphone for recording, turning every failure into an error
/// with a fix, before anything else starts.
pub fn open_microphone(
    device: Option<&str>,
    host: Option<HostKind>,
) -> Result<crate::audio::capture::Recorder> {
    use crate::audio::capture::{AudioError, Recorder};
    use crate::audio::devices::DeviceError;
    Recorder::open(device, host).map_err(|e| {
        let hint = match &e {
            AudioError::Device(DeviceError::NoHost { .. }) => host_hint(),
            AudioError::Device(DeviceError::NoMatch { candidates, .. }) => {
                format!("input devices: {}", candidates.join(", "))
            }
            AudioError::Device(DeviceError::Ambiguous { matches, .. }) => {
                format!("it matches {}; give more of the name", matches.join(", "))
            }
            AudioError::Busy(_) => {
                "close the program using it, pick another with --input-device (see `rehearse devices`), or drop --record".into()
            }
            _ => "connect a microphone and check `rehearse devices`, or drop --record to practise without recording".into(),
        };
        anyhow::Error::from(BadInput::new(e.to_string(), hint))
    })
}

/// Questions drawn when neither `-n` nor the config file says.
pub const DEFAULT_COUNT: u32 = 6;

/// Loads the banks the user asked for; bank problems come back as [`bank::Problems`].
pub fn load_library(args: &BankArgs) -> Result<Library> {
    Ok(bank::load(&args.banks, args.with_builtin)?)
}

/// Effective weights per `--focus` from the sessions under `root` (damaged
/// ones are named in a warning), or `None` without `--focus`.
pub fn focus_weights(
    library: &Library,
    args: &SelectArgs,
    root: &std::path::Path,
) -> Option<Vec<bank::focus::Weighed>> {
    let crate::cli::Focus::Weak = args.focus?;
    let sessions = stats::load_sessions(root);
    let refs: Vec<&crate::session::Session> = sessions.iter().collect();
    let attempts = crate::session::stats::attempts(&refs);
    Some(bank::focus::weigh(
        library,
        &attempts,
        crate::session::now().unix(),
    ))
}

/// Draws per `args`, turning draw failures into errors with fixes; returns the seed used.
pub fn select<'a>(library: &'a Library, args: &SelectArgs) -> Result<(u64, Vec<&'a Question>)> {
    select_weighted(library, args, None)
}

/// Like [`select`], with `weights` (one per library question) in place of
/// the bank weights when given.
pub fn select_weighted<'a>(
    library: &'a Library,
    args: &SelectArgs,
    weights: Option<&[f64]>,
) -> Result<(u64, Vec<&'a Question>)> {
    let filter = Filter {
        categories: args.categories.clone(),
        tags: args.tags.clone(),
    };
    let seed = args.seed.unwrap_or_else(bank::fresh_seed);
    let count = args.count.unwrap_or(DEFAULT_COUNT) as usize;
    let drawn = match weights {
        Some(w) => bank::draw_weighted(library, &filter, count, seed, w),
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
    Ok((seed, picked))
}
