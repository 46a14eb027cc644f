//! What `rehearse stats` prints: the text table with its trend, and CSV.

use super::chart::Group;
use super::table::{Column, Look, TableRow};
use super::text::plural;
use crate::duration::fmt_secs_rounded;
use crate::session;
use crate::session::stats::{self, Figures, Periods, Source, Stats};
use std::path::Path;

/// The text report; on a terminal (`look.width`), every line fits it: the
/// question as asked is cut with a marker (or left out), then the first
/// column, then the line itself. `pictures`, when drawn, stand in for the
/// one-line trend.
pub fn text(s: &Stats, root: &Path, look: Look, pictures: Option<&str>) -> String {
    if s.answers == 0 {
        return format!(
            "No answers to show from {}. Practise with `rehearse drill`.\n",
            root.display()
        );
    }
    let fit = |text: String| match look.width {
        Some(w) => super::text::fit_lines(&text, w),
        None => text,
    };
    let mut out = fit(format!(
        "{} answer{} in {} session{} (first answers only: follow-ups and skipped questions are not counted)\n",
        s.answers,
        plural(s.answers),
        s.sessions,
        plural(s.sessions)
    ));
    let shares: Vec<f64> = s.trend.iter().map(|f| f.on_target_share).collect();
    match pictures {
        Some(p) => out.push_str(p),
        None => out.push_str(&fit(format!(
            "On target per session, oldest first: {} {} → {}\n",
            stats::sparkline(&shares),
            percent(shares[0]),
            percent(shares[shares.len() - 1])
        ))),
    }
    out.push('\n');
    out.push_str(&table("CATEGORY", &s.categories, look));
    out.push('\n');
    out.push_str(&table("QUESTION", &s.questions, look));
    if !s.notes.is_empty() {
        out.push_str("\nNotes, the latest of each question first:\n");
        for n in &s.notes {
            let date = session::Timestamp::parse_rfc3339(&n.date)
                .map_or_else(|| n.date.clone(), |t| t.local_date());
            let line = format!("{}  {date}  {}", n.question, n.note.replace('\n', " / "));
            let line = crate::text::safe(&line);
            match look.width {
                Some(w) => super::text::push_wrapped(&mut out, &line, w, "  ", "    "),
                None => out.push_str(&format!("  {line}\n")),
            }
        }
    }
    let rows = || s.categories.iter().chain(&s.questions);
    let notes = [
        rows().any(|f| estimated(f.wpm_from) || estimated(f.fillers_from)),
        rows().any(|f| f.result_stated_share.is_some()),
    ];
    if notes.contains(&true) {
        out.push('\n');
    }
    for (note, shown) in [ESTIMATED_NOTE, RESULT_NOTE].into_iter().zip(notes) {
        match look.width {
            Some(w) if shown => super::text::push_wrapped(&mut out, note, w, "", "  "),
            None if shown => out.push_str(&format!("{note}\n")),
            _ => {}
        }
    }
    out
}

/// The pictures of `groups` (a name and its figures over time), fitted to
/// `look`; a session's point is labelled with its local date, a week's with
/// its Monday.
pub fn pictures(groups: &[(String, Periods)], look: Look) -> String {
    let labels: Vec<Vec<String>> = groups
        .iter()
        .map(|(_, p)| {
            p.figures
                .iter()
                .map(|f| match p.weekly {
                    true => f.name.clone(),
                    false => session::Timestamp::parse_rfc3339(&f.last_practised)
                        .map(|t| t.local_date())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .collect();
    let groups: Vec<Group> = groups
        .iter()
        .zip(&labels)
        .map(|((name, p), labels)| Group {
            name,
            period: if p.weekly { "week" } else { "session" },
            periods: &p.figures,
            labels,
        })
        .collect();
    super::chart::lines(&groups, look)
}

/// Marks a rate some of whose answers had no transcript.
const ESTIMATED: &str = "~";
/// Under a table with such a rate.
const ESTIMATED_NOTE: &str = "~ some or all of these answers had no transcript: their pace is estimated from syllables, their fillers are those heard in the sound.";
/// Under a table with a RESULT column filled.
const RESULT_NOTE: &str = "RESULT: share of transcribed STAR answers whose words state a result (a number, a percentage, an outcome phrase); one stated in other words is missed.";

fn estimated(from: Option<Source>) -> bool {
    matches!(from, Some(Source::Estimate | Source::Mixed))
}

/// A rate, marked [`ESTIMATED`] when some of it is.
fn rate(v: Option<f64>, from: Option<Source>, decimals: usize) -> String {
    let mark = if estimated(from) { ESTIMATED } else { "" };
    opt(v, |v| format!("{mark}{v:.decimals$}"))
}

fn percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "–".to_string(), f)
}

/// A table of figures, first column `head`, fitted to `look`: the question
/// as asked gives way first (left out below 12 columns), then the names
/// (down to 8).
fn table(head: &str, rows: &[Figures], look: Look) -> String {
    const HEADS: [&str; 14] = [
        "N",
        "MEDIAN",
        "LAST",
        "TARGET",
        "OVER",
        "SHORT",
        "RATING",
        "1ST WORD",
        "PAUSES",
        "WPM",
        "UM/MIN",
        "TIC/MIN",
        "RESULT",
        "PRACTISED",
    ];
    let questions = head == "QUESTION";
    let mut columns = vec![Column::left(head).narrow(1, 8)];
    columns.extend(HEADS.iter().map(|h| Column::right(h)));
    if questions {
        columns.push(Column::left("ASKED").most(40).or_drop(0, 12));
    }
    let rows: Vec<TableRow> = rows
        .iter()
        .map(|f| {
            let mut cells = vec![
                f.name.clone(),
                f.attempts.to_string(),
                fmt_secs_rounded(f.median_secs),
                fmt_secs_rounded(f.last_secs),
                fmt_secs_rounded(f.target_secs),
                percent(f.over_share),
                percent(f.short_share),
                opt(f.mean_rating, |v| format!("{v:.1}")),
                opt(f.mean_first_word_secs, |v| format!("{v:.1}s")),
                opt(f.mean_long_pauses, |v| format!("{v:.1}")),
                rate(f.median_wpm, f.wpm_from, 0),
                rate(f.median_fillers_per_minute, f.fillers_from, 1),
                opt(f.median_tics_per_minute, |v| format!("{v:.1}")),
                opt(f.result_stated_share, percent),
                session::Timestamp::parse_rfc3339(&f.last_practised)
                    .map(|t| t.local_date())
                    .unwrap_or_default(),
            ];
            if questions {
                cells.push(f.text.clone().unwrap_or_default());
            }
            TableRow::Cells(cells)
        })
        .collect();
    super::table::table(&columns, &rows, look)
}

/// One row per category, question and session.
pub fn csv(s: &Stats) -> String {
    let mut out = String::from(
        "level,name,category,attempts,median_secs,last_secs,target_secs,over_share,short_share,on_target_share,mean_rating,mean_first_word_secs,mean_long_pauses,last_practised,median_wpm,median_fillers_per_minute,wpm_from,fillers_from,median_tics_per_minute,star_answers,result_stated_share\n",
    );
    let groups: [(&str, &[Figures]); 3] = [
        ("category", &s.categories),
        ("question", &s.questions),
        ("session", &s.trend),
    ];
    for (level, rows) in groups {
        for f in rows {
            let o = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
            let from = |s: Option<Source>| match s {
                None => "",
                Some(Source::Words) => "words",
                Some(Source::Estimate) => "estimate",
                Some(Source::Mixed) => "mixed",
            };
            out.push_str(&format!(
                "{level},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                field(&f.name),
                field(f.category.as_deref().unwrap_or("")),
                f.attempts,
                f.median_secs,
                f.last_secs,
                f.target_secs,
                f.over_share,
                f.short_share,
                f.on_target_share,
                o(f.mean_rating),
                o(f.mean_first_word_secs),
                o(f.mean_long_pauses),
                f.last_practised,
                o(f.median_wpm),
                o(f.median_fillers_per_minute),
                from(f.wpm_from),
                from(f.fillers_from),
                o(f.median_tics_per_minute),
                f.star_answers,
                o(f.result_stated_share)
            ));
        }
    }
    out
}

/// A CSV field, quoted when it needs to be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
