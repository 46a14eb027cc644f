//! Figures over past sessions: per question, per category and per session
//! (the trend). Pure: sessions in, numbers out; reading the history and
//! printing live in `cmd::stats`.
//!
//! An attempt is an answered drill item (skipped answers and follow-ups are
//! not attempts: a follow-up has its own, shorter target).

use super::{Session, Timestamp, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;

/// One answered question, flattened out of its session.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Index of its session in the slice given to [`attempts`].
    pub session: usize,
    /// When its session started, seconds since the Unix epoch.
    pub at: i64,
    /// Question id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// The question as it was asked.
    pub text: String,
    /// Time answering, seconds.
    pub duration: f64,
    /// Target, seconds.
    pub target: f64,
    /// The timing verdict (never `Skipped`).
    pub verdict: Verdict,
    /// Self-rating 1–5, if given.
    pub rating: Option<u8>,
    /// Time to the first word, seconds, where recorded and something was said.
    pub first_word: Option<f64>,
    /// Long pauses, where recorded.
    pub long_pauses: Option<usize>,
    /// Words a minute, where recorded and something was said.
    pub wpm: Option<f64>,
    /// Filled pauses a minute, where recorded and something was said.
    pub fillers_per_minute: Option<f64>,
}

/// Every attempt in `sessions`, oldest session first, in answer order.
pub fn attempts(sessions: &[&Session]) -> Vec<Attempt> {
    let mut order: Vec<usize> = (0..sessions.len()).collect();
    order.sort_by_key(|&i| (sessions[i].started, &sessions[i].id));
    let mut out = Vec::new();
    for i in order {
        for item in &sessions[i].items {
            if item.verdict == Verdict::Skipped || item.follow_up_of.is_some() {
                continue;
            }
            let analysis = item.analysis.as_ref();
            out.push(Attempt {
                session: i,
                at: sessions[i].started.unix(),
                id: item.id.clone(),
                category: item.category.clone(),
                text: item.text.clone(),
                duration: item.duration,
                target: item.target,
                verdict: item.verdict,
                rating: item.rating,
                first_word: analysis.and_then(|a| a.first_word).map(|d| d.as_secs_f64()),
                long_pauses: analysis.map(|a| a.pauses.len()),
                wpm: analysis.and_then(|a| a.wpm),
                fillers_per_minute: analysis.and_then(|a| a.fillers_per_minute),
            });
        }
    }
    out
}

/// Figures for one group of attempts: a question, a category or a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Question id, category name or session id.
    pub name: String,
    /// The category (questions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The question as last asked (questions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Answers given.
    pub attempts: usize,
    /// Median answer length, seconds.
    pub median_secs: f64,
    /// The latest answer's length, seconds.
    pub last_secs: f64,
    /// Median target, seconds.
    pub target_secs: f64,
    /// Share of answers over max, 0–1.
    pub over_share: f64,
    /// Share of answers too short, 0–1.
    pub short_share: f64,
    /// Share of answers on target, 0–1.
    pub on_target_share: f64,
    /// Mean self-rating, where rated.
    pub mean_rating: Option<f64>,
    /// Mean time to first word, seconds, where recorded.
    pub mean_first_word_secs: Option<f64>,
    /// Mean number of long pauses, where recorded.
    pub mean_long_pauses: Option<f64>,
    /// Median words a minute, where measured.
    pub median_wpm: Option<f64>,
    /// Median filled pauses a minute, where measured.
    pub median_fillers_per_minute: Option<f64>,
    /// When last practised, RFC 3339.
    pub last_practised: String,
}

/// Everything `rehearse stats` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Sessions with at least one attempt.
    pub sessions: usize,
    /// Attempts in all.
    pub answers: usize,
    /// Per category, by name.
    pub categories: Vec<Figures>,
    /// Per question, by id.
    pub questions: Vec<Figures>,
    /// Per session, oldest first.
    pub trend: Vec<Figures>,
}

/// Which attempts count.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Only sessions started at or after this time (seconds since the epoch).
    pub since: Option<i64>,
    /// Only this category (ignoring case).
    pub category: Option<String>,
}

impl Scope {
    /// Whether `a` counts.
    pub fn admits(&self, a: &Attempt) -> bool {
        self.since.is_none_or(|s| a.at >= s)
            && self
                .category
                .as_ref()
                .is_none_or(|c| c.eq_ignore_ascii_case(&a.category))
    }
}

/// The figures for `sessions` within `scope`.
pub fn compute(sessions: &[&Session], scope: &Scope) -> Stats {
    let all: Vec<Attempt> = attempts(sessions)
        .into_iter()
        .filter(|a| scope.admits(a))
        .collect();
    let mut by_question: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for a in &all {
        by_question.entry(&a.id).or_default().push(a);
        by_category.entry(&a.category).or_default().push(a);
    }
    // Attempts come session by session.
    let by_session: Vec<Vec<&Attempt>> = all
        .chunk_by(|a, b| a.session == b.session)
        .map(|s| s.iter().collect())
        .collect();
    Stats {
        sessions: by_session.len(),
        answers: all.len(),
        categories: by_category
            .into_iter()
            .map(|(name, v)| figures(name, &v))
            .collect(),
        questions: by_question
            .into_iter()
            .map(|(name, v)| Figures {
                category: v.last().map(|a| a.category.clone()),
                text: v.last().map(|a| a.text.clone()),
                ..figures(name, &v)
            })
            .collect(),
        trend: by_session
            .iter()
            .map(|v| figures(&sessions[v[0].session].id, v))
            .collect(),
    }
}

/// Figures for a non-empty group, oldest attempt first.
fn figures(name: &str, group: &[&Attempt]) -> Figures {
    let n = group.len() as f64;
    let share = |v: Verdict| round3(group.iter().filter(|a| a.verdict == v).count() as f64 / n);
    let last = group[group.len() - 1];
    Figures {
        name: name.to_string(),
        category: None,
        text: None,
        attempts: group.len(),
        median_secs: round3(median(group.iter().map(|a| a.duration).collect())),
        last_secs: round3(last.duration),
        target_secs: round3(median(group.iter().map(|a| a.target).collect())),
        over_share: share(Verdict::Over),
        short_share: share(Verdict::TooShort),
        on_target_share: share(Verdict::OnTarget),
        mean_rating: mean(group.iter().filter_map(|a| a.rating.map(f64::from))),
        mean_first_word_secs: mean(group.iter().filter_map(|a| a.first_word)),
        mean_long_pauses: mean(group.iter().filter_map(|a| a.long_pauses.map(|p| p as f64))),
        median_wpm: opt_median(group.iter().filter_map(|a| a.wpm)),
        median_fillers_per_minute: opt_median(group.iter().filter_map(|a| a.fillers_per_minute)),
        last_practised: Timestamp::from_unix(group.iter().map(|a| a.at).max().unwrap_or(0))
            .rfc3339(),
    }
}

/// The median; the mean of the middle two for an even count; 0 when empty.
pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// The median to three decimals; `None` when empty (nothing was measured).
pub fn opt_median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    (!v.is_empty()).then(|| round3(median(v)))
}

/// The mean to three decimals; `None` when empty.
pub fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| round3(sum / n as f64))
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// One block character per value in 0–1: `▁` for 0 up to `█` for 1.
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| BARS[(v.clamp(0.0, 1.0) * 7.0).round() as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(vec![]), 0.0);
    }

    #[test]
    fn rates_take_the_median_of_what_was_measured_and_none_when_nothing_was() {
        assert_eq!(opt_median([150.0, 120.0, 190.0].into_iter()), Some(150.0));
        assert_eq!(opt_median([1.0, 2.0].into_iter()), Some(1.5));
        assert_eq!(opt_median(std::iter::empty()), None);
    }

    #[test]
    fn sparkline_spans_empty_to_full() {
        assert_eq!(sparkline(&[0.0, 0.5, 1.0, 0.25]), "▁▅█▃");
    }
}
