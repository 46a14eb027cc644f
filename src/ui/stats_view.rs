//! What `rehearse stats` prints: the text table with its trend, and CSV.

use super::text::plural;
use crate::duration::fmt_secs_rounded;
use crate::session;
use crate::session::stats::{self, Figures, Source, Stats};
use std::path::Path;

/// The text report; with a `width` (a terminal's), every line fits it: the
/// question as asked is cut with a marker (or left out), then the first
/// column, then the line itself.
pub fn text(s: &Stats, root: &Path, width: Option<usize>) -> String {
    if s.answers == 0 {
        return format!(
            "No answers to show from {}. Practise with `rehearse drill`.\n",
            root.display()
        );
    }
    let mut out = format!(
        "{} answer{} in {} session{} (first answers only: follow-ups and skipped questions are not counted)\n",
        s.answers,
        plural(s.answers),
        s.sessions,
        plural(s.sessions)
    );
    let shares: Vec<f64> = s.trend.iter().map(|f| f.on_target_share).collect();
    out.push_str(&format!(
        "On target per session, oldest first: {} {} → {}\n",
        stats::sparkline(&shares),
        percent(shares[0]),
        percent(shares[shares.len() - 1])
    ));
    out.push('\n');
    out.push_str(&table("CATEGORY", &s.categories, width));
    out.push('\n');
    out.push_str(&table("QUESTION", &s.questions, width));
    let rows = || s.categories.iter().chain(&s.questions);
    let notes = [
        rows().any(|f| estimated(f.wpm_from) || estimated(f.fillers_from)),
        rows().any(|f| f.result_stated_share.is_some()),
    ];
    if notes.contains(&true) {
        out.push('\n');
    }
    for (note, shown) in [ESTIMATED_NOTE, RESULT_NOTE].into_iter().zip(notes) {
        match width {
            Some(w) if shown => super::text::push_wrapped(&mut out, note, w, "", "  "),
            None if shown => out.push_str(&format!("{note}\n")),
            _ => {}
        }
    }
    match width {
        Some(w) => super::text::fit_lines(&out, w),
        None => out,
    }
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

/// A table of figures, first column `head`, fitted to `width` if given.
fn table(head: &str, rows: &[Figures], width: Option<usize>) -> String {
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
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|f| {
            vec![
                crate::text::safe(&f.name).into_owned(),
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
                f.text
                    .as_deref()
                    .map_or_else(String::new, |t| crate::text::clip(t, 40)),
            ]
        })
        .collect();
    let mut header = vec![head.to_string()];
    header.extend(HEADS.iter().map(|h| h.to_string()));
    header.push(if head == "QUESTION" {
        "ASKED".into()
    } else {
        String::new()
    });
    let column = |cells: &[Vec<String>], c: usize| {
        std::iter::once(&header)
            .chain(cells)
            .map(|r| crate::text::width(&r[c]))
            .max()
            .unwrap_or(0)
    };
    let mut cells = cells;
    if let Some(w) = width {
        // The figures' columns and their gaps; the question as asked takes what is left.
        let last = header.len() - 1;
        let figures: usize = (0..last).map(|c| column(&cells, c) + 2).sum::<usize>() - 2;
        let room = w.saturating_sub(figures + 2);
        for row in &mut cells {
            row[last] = if room >= 12 {
                crate::text::clip(&row[last], room)
            } else {
                String::new()
            };
        }
        // Then the names, down to a few columns.
        let name_room = w.saturating_sub(figures - column(&cells, 0)).max(8);
        for row in &mut cells {
            row[0] = crate::text::clip(&row[0], name_room);
        }
    }
    let widths: Vec<usize> = (0..header.len()).map(|c| column(&cells, c)).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&cells) {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - crate::text::width(cell));
            line.push_str(&if c == row.len() - 1 {
                // The question as asked, left-aligned after the figures.
                format!("  {cell}")
            } else if c == 0 {
                format!("{cell}{pad}")
            } else {
                format!("  {pad}{cell}")
            });
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
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
