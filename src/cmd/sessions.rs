//! `rehearse sessions`: past sessions, newest first, dated in local time;
//! a damaged one is listed with the reason.

use crate::cli::{Format, SessionsArgs};
use crate::config::Config;
use crate::duration::fmt_mss;
use crate::session::Timestamp;
use crate::session::history::{self, Entry};
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
                answering: round(match &session.talk {
                    Some(talk) => talk.total,
                    None => history::answering(session).as_secs_f64(),
                }),
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
        Format::Text => text(&rows, &root, crate::ui::text::terminal_width()),
    };
    super::write_out(&out)
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The table; with a `width` (a terminal's), each row fits it: the plan's
/// title is cut with a marker (or left out), then the row itself.
fn text(rows: &[Row], root: &std::path::Path, width: Option<usize>) -> String {
    if rows.is_empty() {
        return format!(
            "No sessions in {} yet. Start one with `rehearse drill`.\n",
            crate::ui::text::safe_path(root)
        );
    }
    let id_w = rows
        .iter()
        .map(|r| crate::text::width(&r.id))
        .max()
        .unwrap_or(2)
        .max(7);
    // What the columns before WHAT take, with their gaps.
    let what_w = width.map_or(40, |w| {
        let room = w.saturating_sub(id_w + 69);
        if room >= 8 { room.min(40) } else { 0 }
    });
    let fit = |line: String| match width {
        Some(w) => crate::text::clip(&line, w),
        None => line,
    };
    let head = format!(
        "{}  {:<16}  {:<7}  {:>7}  {:>8}  {:>9}  {:>8}  {}",
        crate::text::cell("SESSION", id_w),
        "DATE",
        "KIND",
        "ANSWERS",
        "RECORDED",
        "TIME",
        "SPEAKING",
        if what_w > 0 { "WHAT" } else { "" }
    );
    let mut s = fit(head.trim_end().to_string()) + "\n";
    for r in rows {
        if let Some(why) = &r.damaged {
            let line = format!("{}  damaged: {why}", crate::text::cell(&r.id, id_w));
            s.push_str(&(fit(line) + "\n"));
            continue;
        }
        let date = r.date.map(|t| t.local_minute()).unwrap_or_default();
        let kind = match (r.kind.as_deref(), r.completed) {
            (Some(k), Some(false)) => format!("{k}*"),
            (Some(k), _) => k.to_string(),
            _ => String::new(),
        };
        let recorded = if r.recorded == 0 {
            "no".to_string()
        } else {
            r.recorded.to_string()
        };
        let speaking = r.speaking.map_or("–".to_string(), |s| {
            fmt_mss(std::time::Duration::from_secs_f64(s))
        });
        let (answers, what) = match &r.title {
            Some(title) => ("–".to_string(), crate::text::clip(title, what_w)),
            None => (r.answers.to_string(), String::new()),
        };
        let line = format!(
            "{}  {:<16}  {:<7}  {:>7}  {:>8}  {:>9}  {:>8}  {what}",
            crate::text::cell(&r.id, id_w),
            date,
            kind,
            answers,
            recorded,
            crate::duration::fmt_secs_rounded(r.answering),
            speaking
        );
        s.push_str(&fit(line.trim_end().to_string()));
        s.push('\n');
    }
    if rows.iter().any(|r| r.completed == Some(false)) {
        s.push_str("* ended early\n");
    }
    s.push_str(&format!(
        "Sessions in {}\n",
        crate::ui::text::safe_path(root)
    ));
    s
}
