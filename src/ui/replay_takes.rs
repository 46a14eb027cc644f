//! The takes of one answer side by side in `replay`: per take the figures
//! the summary says of an answer (length against target, first word,
//! pauses, pace, fillers, points heard, rating), and which words changed
//! between the take heard and the one it is compared with.

use super::table::{Column, Look, TableRow, table};
use super::verdict::{judged, over_by};
use crate::app::replay::{Judged, Recording, Replay, folded};
use crate::config::PaceBand;
use crate::duration::fmt_rounded;
use crate::session::coach::Wpm;
use crate::session::transcript::Word;
use crate::session::{Item, Verdict, stats};

/// The table of the answer's takes, one column each (the one that counts
/// says so), as lines fitted to `width`; none for an answer of one take.
pub fn table_lines(app: &Replay, width: usize, ascii: bool) -> Vec<String> {
    let takes = app.takes();
    if takes.len() < 2 {
        return Vec::new();
    }
    let columns: Vec<Column> = std::iter::once(Column::left("").least(10))
        .chain(takes.iter().map(|r| {
            let head = if r.take == r.counted {
                format!("take {} (counts)", r.take)
            } else {
                format!("take {}", r.take)
            };
            Column::left(&head).narrow(1, 8)
        }))
        .collect();
    let figures: Vec<Vec<Option<String>>> = takes
        .iter()
        .map(|r| figures(r, app.points(r), &app.pace))
        .collect();
    let rows: Vec<TableRow> = ROWS
        .iter()
        .enumerate()
        // A row no take has a figure for is left out (points without a transcript).
        .filter(|(i, _)| figures.iter().any(|f| f[*i].is_some()))
        .map(|(i, name)| {
            let cells = figures.iter().map(|f| f[i].clone().unwrap_or("–".into()));
            TableRow::Cells(std::iter::once(name.to_string()).chain(cells).collect())
        })
        .collect();
    let look = Look {
        width: Some(width),
        colour: false,
        ascii,
    };
    table(&columns, &rows, look)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The rows' names, in the order [`figures`] gives them.
const ROWS: [&str; 7] = [
    "length",
    "first word",
    "pauses",
    "pace",
    "fillers",
    "points",
    "rating",
];

/// One take's figures in [`ROWS`]' order, `None` where it has none.
fn figures(r: &Recording, points: &[String], band: &PaceBand) -> Vec<Option<String>> {
    let Judged::Answer(it) = &r.judged else {
        return vec![None; ROWS.len()];
    };
    let a = r.analysis.as_ref();
    let c = stats::coaching(it, points);
    let first = a.map(|a| match a.first_word {
        Some(f) => format!("{:.1} s", f.as_secs_f64()),
        None => "no speech".into(),
    });
    let pauses = a.map(|a| match a.pauses.iter().map(|p| p.length).max() {
        None => "none".to_string(),
        Some(longest) => format!(
            "{} (longest {:.1} s)",
            a.pauses.len(),
            longest.as_secs_f64()
        ),
    });
    let pace = a
        .and_then(|a| Wpm::pick(c.as_ref().and_then(|c| c.pace.as_ref()), a.wpm))
        .map(|w| format!("{:.0} wpm{}", w.value, judged(band, w.value)));
    // From the words merged with the sound when transcribed, as the summary counts them.
    let fillers = match c
        .as_ref()
        .and_then(|c| Some((c.fillers.len(), c.fillers_per_minute?)))
    {
        Some(counted) => Some(counted),
        None => a.and_then(|a| Some((a.fillers.len(), a.fillers_per_minute?))),
    }
    .map(|(n, per_minute)| format!("{n} ({per_minute:.1}/min)"));
    let points = c.as_ref().filter(|c| !c.points.is_empty()).map(|c| {
        let heard = c.points.iter().filter(|p| p.covered).count();
        format!("{heard} of {}", c.points.len())
    });
    let rating = Some(it.rating.map_or("–".into(), |r| format!("{r}/5")));
    vec![
        Some(length(it)),
        first,
        pauses,
        pace,
        fillers,
        points,
        rating,
    ]
}

/// "1:05 on target", "0:31 too short", "1:40 over +0:10", as the summary says it.
fn length(it: &Item) -> String {
    let verdict = match it.verdict {
        Verdict::Over => over_by(it).map_or("at max".into(), |o| format!("over +{o}")),
        v => v.label().to_string(),
    };
    format!("{} {verdict}", fmt_rounded(it.duration))
}

/// Words one take has that another lacks, as a diff of their words in order
/// (compared ignoring case and punctuation) finds them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WordDiff {
    /// In the later take only.
    pub added: Vec<String>,
    /// In the earlier take only.
    pub dropped: Vec<String>,
}

/// What changed from the words `from` to the words `to`.
pub fn word_diff(from: &[Word], to: &[Word]) -> WordDiff {
    let said = |ws: &[Word]| -> Vec<(String, String)> {
        ws.iter()
            .map(|w| {
                (
                    folded(&w.text),
                    w.text.trim_matches(|c: char| !c.is_alphanumeric()),
                )
            })
            .filter(|(f, _)| !f.is_empty())
            .map(|(f, shown)| (f, shown.to_string()))
            .collect()
    };
    let (old, new) = (said(from), said(to));
    let keys = |v: &[(String, String)]| v.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &keys(&old), &keys(&new));
    let mut diff = WordDiff::default();
    for op in ops {
        let (tag, was, now) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        diff.dropped.extend(old[was].iter().map(|(_, w)| w.clone()));
        diff.added.extend(new[now].iter().map(|(_, w)| w.clone()));
    }
    diff
}

/// "Words, take 1 → take 2: +3 budget, cut, week · −2 um, basically": what
/// the take heard says that the one that counts does not, and the reverse
/// (for the take that counts, against the take before it); `None` unless
/// both have transcripts.
pub fn diff_line(app: &Replay) -> Option<String> {
    let takes = app.takes();
    let now = app.recording();
    let at = takes.iter().position(|r| r.take == now.take)?;
    let other = if now.take == now.counted {
        takes[(at + takes.len() - 1) % takes.len()]
    } else {
        *takes.iter().find(|r| r.take == r.counted)?
    };
    if other.take == now.take {
        return None;
    }
    let (from, to) = (other.transcript.as_ref()?, now.transcript.as_ref()?);
    let d = word_diff(&from.words, &to.words);
    let list = |sign: &str, words: &[String]| match words.len() {
        0 => format!("{sign}0"),
        n => format!("{sign}{n} {}", words.join(", ")),
    };
    Some(format!(
        "Words, take {} → take {}: {} · {}",
        other.take,
        now.take,
        list("+", &d.added),
        list("−", &d.dropped)
    ))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::session::analysis::{Analysis, Span};
    use crate::session::transcript::Transcript;
    use std::time::Duration;

    fn said(text: &str) -> Transcript {
        let words = text
            .split(' ')
            .enumerate()
            .map(|(i, t)| Word {
                text: t.into(),
                start: i as f64,
                end: i as f64 + 0.5,
            })
            .collect();
        Transcript {
            text: text.into(),
            words,
        }
    }

    #[test]
    fn the_word_diff_names_what_was_added_and_dropped_ignoring_case_and_punctuation() {
        let a = said("So, um, the budget was cut and we replanned.");
        let b = said("The budget was cut by a fifth, and we replanned in a week.");
        let d = word_diff(&a.words, &b.words);
        assert_eq!(d.dropped, ["So", "um"]);
        assert_eq!(d.added, ["by", "a", "fifth", "in", "a", "week"]);
        assert_eq!(word_diff(&a.words, &a.words), WordDiff::default());
        let d = word_diff(&[], &said("Hello there").words);
        assert_eq!((d.added.len(), d.dropped.len()), (2, 0));
    }

    /// Take `take` of a one-answer session in which take `counted` counts.
    pub(in crate::ui) fn take(
        take: u32,
        counted: u32,
        secs: u64,
        verdict: Verdict,
        pauses: &[u64],
    ) -> Recording {
        let mut it: Item = serde_yaml::from_str(
            "{id: q, text: Q?, category: behavioural, min: 40, target: 60, max: 90, start: 0, duration: 1, paused: 0, verdict: on-target}",
        )
        .unwrap();
        (it.take, it.duration, it.verdict) = (take, Duration::from_secs(secs), verdict);
        it.rating = Some(take as u8 + 1);
        let analysis = Analysis {
            first_word: Some(Duration::from_millis(300 * u64::from(take))),
            pauses: pauses
                .iter()
                .map(|&l| Span {
                    start: Duration::from_secs(1),
                    length: Duration::from_secs(l),
                })
                .collect(),
            wpm: Some(100.0 + f64::from(take)),
            fillers_per_minute: Some(2.0),
            ..Analysis::default()
        };
        Recording {
            number: 1,
            heading: it.text.clone(),
            category: it.category.clone(),
            judged: Judged::Answer(Box::new(it)),
            file: format!("t{take}.wav").into(),
            analysis: Some(analysis),
            sections: Vec::new(),
            asker: None,
            transcript: None,
            take,
            counted,
        }
    }

    /// The cells of the line of `lines` that starts with `name`.
    fn row_of(lines: &[String], name: &str) -> Vec<String> {
        lines
            .iter()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {lines:#?}"))
            .split("  ")
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    }

    #[test]
    fn the_table_has_a_column_a_take_with_each_takes_own_figures_and_the_one_that_counts_marked() {
        let recs = vec![
            take(1, 2, 31, Verdict::TooShort, &[2, 3]),
            take(2, 2, 65, Verdict::OnTarget, &[]),
        ];
        let app = Replay::new("s".into(), 1, recs, 1, Duration::ZERO);
        let lines = table_lines(&app, 80, false);
        let row = |name: &str| row_of(&lines, name);
        assert_eq!(row(""), ["take 1", "take 2 (counts)"], "{lines:#?}");
        assert_eq!(
            row("length"),
            ["length", "0:31 too short", "1:05 on target"]
        );
        assert_eq!(row("first word"), ["first word", "0.3 s", "0.6 s"]);
        assert_eq!(row("pauses"), ["pauses", "2 (longest 3.0 s)", "none"]);
        assert_eq!(
            row("pace"),
            ["pace", "101 wpm too slow", "102 wpm too slow"]
        );
        assert_eq!(row("fillers"), ["fillers", "0 (2.0/min)", "0 (2.0/min)"]);
        assert_eq!(row("rating"), ["rating", "2/5", "3/5"]);
        assert!(
            !lines.iter().any(|l| l.starts_with("points")),
            "no transcript: {lines:#?}"
        );
        // Points heard, for the take with words, by its question's points.
        let mut app = app;
        if let Judged::Answer(it) = &mut app.recordings[0].judged {
            it.transcript = Some(said("the budget was cut"));
        }
        let points = vec!["budget cut".into(), "a week".into()];
        app.points.insert("q".into(), points);
        let lines = table_lines(&app, 80, false);
        assert_eq!(row_of(&lines, "points"), ["points", "1 of 2", "–"]);
        // An answer of one take has no table.
        let one = Replay::new(
            "s".into(),
            1,
            vec![take(1, 1, 31, Verdict::OnTarget, &[])],
            0,
            Duration::ZERO,
        );
        assert!(table_lines(&one, 80, false).is_empty());
    }

    #[test]
    fn the_diff_line_compares_the_take_heard_with_the_one_that_counts() {
        let mut recs = vec![
            take(1, 2, 31, Verdict::TooShort, &[]),
            take(2, 2, 65, Verdict::OnTarget, &[]),
            take(3, 2, 40, Verdict::OnTarget, &[]),
        ];
        recs[0].transcript = Some(said("um the budget was cut"));
        recs[1].transcript = Some(said("the budget was cut by a fifth"));
        let mut app = Replay::new("s".into(), 1, recs, 0, Duration::ZERO);
        assert_eq!(
            diff_line(&app).as_deref(),
            Some("Words, take 2 → take 1: +1 um · −3 by, a, fifth")
        );
        // The one that counts, against the take before it.
        app.current = 1;
        assert_eq!(
            diff_line(&app).as_deref(),
            Some("Words, take 1 → take 2: +3 by, a, fifth · −1 um")
        );
        // Without a transcript on both sides, nothing.
        app.current = 2;
        assert_eq!(diff_line(&app), None);
    }
}
