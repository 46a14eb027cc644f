//! `rehearse sessions`: past sessions, newest first, dated in local time;
//! a damaged one is listed with the reason.

use crate::cli::{Format, SessionsArgs};
use crate::config::Config;
use crate::duration::fmt_mss;
use crate::session::Timestamp;
use crate::session::history::{self, Entry};
use crate::ui::table::{Column, Look, TableRow};
use anyhow::Result;
use serde::Serialize;

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
}

/// Runs `rehearse sessions`.
pub fn run(args: &SessionsArgs) -> Result<()> {
    let config = Config::load()?;
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config)?;
    let rows: Vec<Row> = history::list(&root)
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
            },
            Entry::Damaged { reason, .. } => Row {
                id: e.id(),
                damaged: Some(reason.clone()),
                ..Row::default()
            },
        })
        .collect();
    let out = match args.format {
        Format::Json => super::json(&rows)?,
        Format::Text => text(&rows, &root, Look::stdout()),
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
    s.push_str(&format!(
        "Sessions in {}\n",
        crate::ui::text::safe_path(root)
    ));
    s
}
