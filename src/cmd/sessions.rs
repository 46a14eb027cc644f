//! `rehearse sessions`: past sessions, newest first, dated in local time;
//! a damaged one is listed with the reason. Its subcommands move a session
//! to the trash and back, and exclude an answer from stats or include it.

use crate::cli::{Format, SessionAnswer, SessionsArgs, SessionsCommand};
use crate::config::Config;
use crate::duration::fmt_mss;
use crate::error::BadInput;
use crate::session::Timestamp;
use crate::session::history::{self, Entry};
use crate::text::safe;
use crate::ui::table::{Column, Look, TableRow};
use crate::ui::text::safe_path;
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Default, Serialize)]
struct Row {
    id: String,
    /// When it started, UTC, RFC 3339.
    date: Option<Timestamp>,
    kind: Option<String>,
    answers: usize,
    recorded: usize,
    completed: Option<bool>,
    /// Seconds spent answering, or talking in a presentation.
    answering: f64,
    /// A presentation's plan title.
    title: Option<String>,
    /// Seconds of speech in the recordings, where analysed.
    speaking: Option<f64>,
    damaged: Option<String>,
    /// Answers left out of stats and `--focus` (left out when none).
    #[serde(skip_serializing_if = "is_zero")]
    excluded: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Runs `rehearse sessions` and its subcommands.
pub fn run(args: &SessionsArgs) -> Result<()> {
    let config = Config::load()?;
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config)?;
    let trash = root.join(history::TRASH);
    // How to name this recordings directory again in a command shown.
    let flag = args.recordings_dir.as_ref().map_or(String::new(), |d| {
        format!(
            " --recordings-dir {}",
            crate::text::shell_word(&d.to_string_lossy())
        )
    });
    match &args.action {
        None => list(&root, &root, args.format),
        Some(SessionsCommand::Trash) => list(&trash, &trash, args.format),
        Some(SessionsCommand::Rm { id }) => {
            let entry = named(&root, id)?;
            let id = entry.id();
            let to = trash.join(entry.dir().file_name().unwrap_or_default());
            if to.symlink_metadata().is_ok() {
                anyhow::bail!(BadInput::new(
                    format!("a session {id} is in the trash already: {}", safe_path(&to)),
                    format!(
                        "bring that one back first (`rehearse sessions restore {id}{flag}`), or delete it from the trash yourself"
                    )
                ));
            }
            std::fs::create_dir_all(&trash)
                .and_then(|()| std::fs::rename(entry.dir(), &to))
                .with_context(|| {
                    format!(
                        "cannot move {} to {}",
                        safe_path(entry.dir()),
                        safe_path(&to)
                    )
                })?;
            super::write_out(&format!(
                "Moved session {id} to the trash: {}\nBring it back with `rehearse sessions restore {}{flag}`.\n",
                safe_path(&to),
                crate::text::shell_word(&id)
            ))
        }
        Some(SessionsCommand::Restore { id }) => {
            let shown = safe(id);
            let from = trash.join(id);
            let to = root.join(id);
            if id.starts_with('.') || id.contains(['/', '\\']) || !from.is_dir() {
                anyhow::bail!(BadInput::new(
                    format!("no session `{shown}` in the trash ({})", safe_path(&trash)),
                    format!("`rehearse sessions trash{flag}` lists the sessions in it"),
                ));
            }
            if to.symlink_metadata().is_ok() {
                anyhow::bail!(BadInput::new(
                    format!("session {shown} exists already: {}", safe_path(&to)),
                    format!(
                        "move that one to the trash or elsewhere first; the one in the trash stays there ({})",
                        safe_path(&from)
                    ),
                ));
            }
            std::fs::rename(&from, &to).with_context(|| {
                format!(
                    "cannot move {} back to {}",
                    safe_path(&from),
                    safe_path(&to)
                )
            })?;
            super::write_out(&format!("Restored session {shown}: {}\n", safe_path(&to)))
        }
        Some(SessionsCommand::Exclude(answer)) => set_excluded(&root, answer, true),
        Some(SessionsCommand::Include(answer)) => set_excluded(&root, answer, false),
    }
}

/// The session under `root` called `wanted`: the one whose id it is, else
/// the one whose id it starts; else an error naming the closest ids.
fn named(root: &Path, wanted: &str) -> Result<Entry> {
    let entries = history::list(root);
    let real = |e: &Entry| {
        e.dir()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    };
    let is = |e: &&Entry| e.id() == wanted || real(e).as_deref() == Some(wanted);
    let starts =
        |e: &&Entry| e.id().starts_with(wanted) || real(e).is_some_and(|n| n.starts_with(wanted));
    let hits: Vec<&Entry> = match entries.iter().find(is) {
        Some(e) => vec![e],
        None => entries.iter().filter(starts).collect(),
    };
    let ids: Vec<String> = entries.iter().map(Entry::id).collect();
    match hits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let near: Vec<&str> = ids.iter().map(String::as_str).collect();
            let hint = match crate::input::closest(wanted, &near) {
                Some(id) => format!("did you mean {id}? `rehearse sessions` lists them"),
                None => "`rehearse sessions` lists them".into(),
            };
            Err(BadInput::new(
                format!("no session `{}` in {}", safe(wanted), safe_path(root)),
                hint,
            )
            .into())
        }
        many => {
            let ids: Vec<String> = many.iter().map(|e| e.id()).collect();
            Err(BadInput::new(
                format!("`{}` matches {} sessions", safe(wanted), many.len()),
                format!("give more of the id: {}", ids.join(", ")),
            )
            .into())
        }
    }
}

/// Marks answer N of a session excluded from stats and `--focus`, or
/// counted again, and saves the session.
fn set_excluded(root: &Path, args: &SessionAnswer, excluded: bool) -> Result<()> {
    let (dir, mut session): (PathBuf, _) = match named(root, &args.id)? {
        Entry::Ok { dir, session } => (dir, *session),
        e @ Entry::Damaged { .. } => anyhow::bail!(BadInput::new(
            format!("session {} is damaged", e.id()),
            "`rehearse sessions` says what is wrong with it",
        )),
    };
    let n = args.answer as usize;
    let count = session.items.len();
    let Some(item) = session.items.get_mut(n - 1) else {
        anyhow::bail!(BadInput::new(
            format!("session {} has no answer {n}", session.id),
            match count {
                0 => "it has no answers (a presentation is one talk)".to_string(),
                _ => format!(
                    "its answers are numbered 1 to {count}, as its summary and `rehearse replay` number them"
                ),
            },
        ));
    };
    let was = std::mem::replace(&mut item.excluded, excluded);
    let what = if excluded {
        "excluded from"
    } else {
        "counted in"
    };
    let already = if was == excluded { " already" } else { "" };
    if was != excluded {
        crate::session::save(&dir, &session)?;
    }
    super::write_out(&format!(
        "Answer {n} of session {} is{already} {what} stats and --focus.\n",
        session.id
    ))
}

/// Lists the sessions under `dir` (`root` for the message when there are none).
fn list(dir: &Path, root: &Path, format: Format) -> Result<()> {
    let rows: Vec<Row> = history::list(dir)
        .iter()
        .map(|e| match e {
            Entry::Ok { session, .. } => Row {
                id: e.id(),
                date: Some(session.started),
                kind: Some(session.kind.label().to_string()),
                answers: history::answered(session),
                recorded: history::recorded(session),
                completed: Some(session.completed),
                answering: round(
                    session
                        .talk
                        .as_ref()
                        .map_or(history::answering(session), |t| t.total)
                        .as_secs_f64(),
                ),
                title: session.talk.as_ref().map(|t| t.title.clone()),
                speaking: history::speaking(session).map(|d| round(d.as_secs_f64())),
                damaged: None,
                excluded: session.items.iter().filter(|i| i.excluded).count(),
            },
            Entry::Damaged { reason, .. } => Row {
                id: e.id(),
                damaged: Some(reason.clone()),
                ..Row::default()
            },
        })
        .collect();
    let out = match format {
        Format::Json => super::json(&rows)?,
        Format::Text => text(&rows, root, Look::stdout()),
    };
    super::write_out(&out)
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The table; on a terminal (`look.width`), each row fits it: the plan's
/// title is cut with a marker (or left out), then the row itself.
fn text(rows: &[Row], root: &std::path::Path, look: Look) -> String {
    if rows.is_empty() {
        return format!(
            "No sessions in {} yet. Start one with `rehearse drill`.\n",
            crate::ui::text::safe_path(root)
        );
    }
    let columns = [
        Column::left("SESSION").least(7),
        Column::left("DATE").least(16),
        Column::left("KIND").least(7),
        Column::right("ANSWERS"),
        Column::right("RECORDED"),
        Column::right("TIME").least(9),
        Column::right("SPEAKING"),
        Column::left("WHAT").most(40).or_drop(0, 8),
    ];
    let table: Vec<TableRow> = rows
        .iter()
        .map(|r| {
            if let Some(why) = &r.damaged {
                return TableRow::Span(r.id.clone(), format!("damaged: {why}"));
            }
            let kind = match (r.kind.as_deref(), r.completed) {
                (Some(k), Some(false)) => format!("{k}*"),
                (Some(k), _) => k.to_string(),
                _ => String::new(),
            };
            let recorded = match r.recorded {
                0 => "no".to_string(),
                n => n.to_string(),
            };
            let speaking = r.speaking.map_or("–".to_string(), |s| {
                fmt_mss(std::time::Duration::from_secs_f64(s))
            });
            let (answers, what) = match &r.title {
                Some(title) => ("–".to_string(), title.clone()),
                None if r.excluded > 0 => (format!("{}x", r.answers), String::new()),
                None => (r.answers.to_string(), String::new()),
            };
            TableRow::Cells(vec![
                r.id.clone(),
                r.date.map(|t| t.local_minute()).unwrap_or_default(),
                kind,
                answers,
                recorded,
                crate::duration::fmt_secs_rounded(r.answering),
                speaking,
                what,
            ])
        })
        .collect();
    let mut s = crate::ui::table::table(&columns, &table, look);
    if rows.iter().any(|r| r.completed == Some(false)) {
        s.push_str("* ended early\n");
    }
    if rows.iter().any(|r| r.excluded > 0) {
        s.push_str("x some answers are excluded from stats and --focus\n");
    }
    s.push_str(&format!(
        "Sessions in {}\n",
        crate::ui::text::safe_path(root)
    ));
    s
}
