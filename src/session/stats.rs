//! Figures over past sessions: per question, per category and per session
//! (the trend). Pure: sessions in, numbers out; reading the history and
//! printing live in `cmd::stats`.
//!
//! An attempt is an answered drill item (skipped answers and follow-ups are
//! not attempts: a follow-up has its own, shorter target; an answer the user
//! excluded is none either).
//!
//! Where an answer has a transcript, its pace and fillers are the words'
//! (`coach`), else the sound analysis's estimate; each figure says which
//! ([`Source`]). Tics and whether a STAR story stated a result exist only
//! with a transcript.

use super::coach::{self, Basis, Coaching, Context, Wpm};
use super::transcript::Transcript;
use super::{Item, Session, Timestamp, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

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
    /// Words a minute: from the words where transcribed, else the sound's
    /// estimate; `None` when neither has a rate.
    pub wpm: Option<f64>,
    /// Where `wpm` came from.
    pub wpm_basis: Option<Basis>,
    /// Fillers a minute: the filler words merged with the filled pauses the
    /// sound analysis found where transcribed, else those alone.
    pub fillers_per_minute: Option<f64>,
    /// Where `fillers_per_minute` came from (`Estimate`: the sound alone).
    pub fillers_basis: Option<Basis>,
    /// Verbal tics a minute, first word to last; transcribed answers only.
    pub tics_per_minute: Option<f64>,
    /// For a transcribed STAR story: whether its words state a result.
    pub result_stated: Option<bool>,
    /// The user's note on it.
    pub note: Option<String>,
}

impl From<&Attempt> for crate::bank::focus::Answer {
    /// The figures `--focus weak` weighs a question by.
    fn from(a: &Attempt) -> Self {
        let from_words = |b: Option<Basis>| b.map(|b| b == Basis::Words);
        crate::bank::focus::Answer {
            id: a.id.clone(),
            at: a.at,
            off_target: matches!(a.verdict, Verdict::Over | Verdict::TooShort),
            rating: a.rating,
            first_word: a.first_word,
            long_pauses: a.long_pauses,
            wpm: a.wpm,
            wpm_from_words: from_words(a.wpm_basis),
            fillers_per_minute: a.fillers_per_minute,
            fillers_from_words: from_words(a.fillers_basis),
            result_stated: a.result_stated,
        }
    }
}

/// Every attempt in `sessions`, oldest session first, in answer order.
pub fn attempts(sessions: &[&Session]) -> Vec<Attempt> {
    let mut order: Vec<usize> = (0..sessions.len()).collect();
    order.sort_by_key(|&i| (sessions[i].started, &sessions[i].id));
    let mut out = Vec::new();
    for i in order {
        for item in &sessions[i].items {
            if item.verdict == Verdict::Skipped || item.follow_up_of.is_some() || item.excluded {
                continue;
            }
            let analysis = item.analysis.as_ref();
            let words = coaching(item, &[]);
            let words = words.as_ref();
            let wpm = Wpm::pick(
                words.and_then(|c| c.pace.as_ref()),
                analysis.and_then(|a| a.wpm),
            );
            let fillers = match words.and_then(|c| c.fillers_per_minute) {
                Some(f) => Some((f, Basis::Words)),
                None => analysis
                    .and_then(|a| a.fillers_per_minute)
                    .map(|f| (f, Basis::Estimate)),
            };
            out.push(Attempt {
                session: i,
                at: sessions[i].started.unix(),
                id: item.id.clone(),
                category: item.category.clone(),
                text: item.text.clone(),
                duration: item.duration.as_secs_f64(),
                target: item.target.as_secs_f64(),
                verdict: item.verdict,
                rating: item.rating,
                first_word: analysis.and_then(|a| a.first_word).map(|d| d.as_secs_f64()),
                long_pauses: analysis.map(|a| a.pauses.len()),
                wpm: wpm.map(|w| w.value),
                wpm_basis: wpm.map(|w| w.basis),
                fillers_per_minute: fillers.map(|f| f.0),
                fillers_basis: fillers.map(|f| f.1),
                tics_per_minute: words.and_then(|c| {
                    let span = item.transcript.as_ref().map_or(0.0, words_span);
                    (span >= 1.0).then(|| round1(c.tics.len() as f64 * 60.0 / span))
                }),
                result_stated: words.and_then(|c| c.star.as_ref()).map(|s| s.result_stated),
                note: item.note.clone(),
            });
        }
    }
    out
}

/// Whether `item` is a STAR story to the coaching: a behavioural question,
/// or one answered in timed parts; a follow-up never is.
pub fn is_star(item: &Item) -> bool {
    let behavioural = ["behavioural", "behavioral"]
        .iter()
        .any(|c| item.category.eq_ignore_ascii_case(c));
    item.follow_up_of.is_none() && (behavioural || !item.parts.is_empty())
}

/// What the words of `item` show, when it has a transcript: the coaching
/// rules with the sound analysis's speaking time and filled pauses (where it
/// measured a rate), STAR for [`is_star`], and `points`, its question's
/// `points:` (a follow-up has none).
pub fn coaching(item: &Item, points: &[String]) -> Option<Coaching> {
    let t = item.transcript.as_ref()?;
    let a = item.analysis.as_ref();
    let sound_fillers: Vec<Range<f64>> = a.map_or_else(Vec::new, |a| {
        a.fillers
            .iter()
            .map(|f| f.start.as_secs_f64()..f.end().as_secs_f64())
            .collect()
    });
    let cx = Context {
        pace_time: a
            .filter(|a| a.syllables_per_second.is_some())
            .map(|a| a.pace_time.as_secs_f64()),
        sound_fillers: &sound_fillers,
        star: is_star(item),
        points: if item.follow_up_of.is_some() {
            &[]
        } else {
            points
        },
    };
    Some(coach::coach(t, &cx))
}

/// Seconds from the transcript's first word to its last, leaving out
/// bracketed annotations (`[BLANK_AUDIO]`) and music, as the coaching's
/// fillers a minute are measured; 0 without words.
pub fn words_span(t: &Transcript) -> f64 {
    let said = |w: &&super::transcript::Word| {
        let s = w.text.trim();
        !s.starts_with(['[', '(', '*']) && !s.contains('♪') && s.chars().any(char::is_alphanumeric)
    };
    match (t.words.iter().find(said), t.words.iter().rfind(said)) {
        (Some(a), Some(b)) => (b.end - a.start).max(0.0),
        _ => 0.0,
    }
}

/// Where a group's median rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Every answer's from its words.
    Words,
    /// Every answer's estimated from the sound (no transcript).
    Estimate,
    /// Some of each.
    Mixed,
}

impl Source {
    /// The source of figures with these bases; `None` for none.
    pub fn of(bases: impl IntoIterator<Item = Basis>) -> Option<Source> {
        bases.into_iter().fold(None, |acc, b| {
            let this = match b {
                Basis::Words => Source::Words,
                Basis::Estimate => Source::Estimate,
            };
            Some(match acc {
                None => this,
                Some(s) if s == this => s,
                Some(_) => Source::Mixed,
            })
        })
    }
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
    /// Median words a minute, where measured: from the words where
    /// transcribed, else the sound's estimate.
    pub median_wpm: Option<f64>,
    /// Where `median_wpm`'s answers' rates came from.
    pub wpm_from: Option<Source>,
    /// Median fillers a minute, where measured: filler words merged with the
    /// filled pauses heard where transcribed, else those heard alone.
    pub median_fillers_per_minute: Option<f64>,
    /// Where `median_fillers_per_minute`'s answers' rates came from
    /// (`estimate`: the sound alone).
    pub fillers_from: Option<Source>,
    /// Median verbal tics a minute over the transcribed answers.
    pub median_tics_per_minute: Option<f64>,
    /// STAR answers with a transcript: what `result_stated_share` is over.
    pub star_answers: usize,
    /// Share of those whose words state a result, 0–1.
    pub result_stated_share: Option<f64>,
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
    /// The latest notes per question ([`NOTES_PER_QUESTION`]), by question
    /// id, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// How many of a question's notes `stats` shows.
pub const NOTES_PER_QUESTION: usize = 3;

/// A note on an answer, as `stats` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// The question id.
    pub question: String,
    /// When its session started, RFC 3339.
    pub date: String,
    /// The note.
    pub note: String,
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
    let notes: Vec<Note> = by_question
        .iter()
        .flat_map(|(id, v)| {
            let noted = v
                .iter()
                .rev()
                .filter_map(|a| Some((a.at, a.note.as_ref()?)));
            noted.take(NOTES_PER_QUESTION).map(|(at, note)| Note {
                question: id.to_string(),
                date: Timestamp::from_unix(at).rfc3339(),
                note: note.clone(),
            })
        })
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
        notes,
    }
}

/// Sessions up to which [`periods`] gives one point per session; past it,
/// one per week.
pub const WEEKLY_AFTER: usize = 20;

/// Figures over time, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Periods {
    /// Whether a period is a week (else a session).
    pub weekly: bool,
    /// The figures per period, named by the session id or the week's Monday.
    pub figures: Vec<Figures>,
}

/// The figures over time within each of `scopes`, oldest first: one per
/// session for up to [`WEEKLY_AFTER`] sessions, else one per week (Monday
/// 00:00 UTC to the next), named by the session id or the week's Monday
/// (`2026-11-30`). The history is read once for all of them.
pub fn periods(sessions: &[&Session], scopes: &[Scope]) -> Vec<Periods> {
    let all = attempts(sessions);
    let within = |scope: &Scope| all.iter().filter(|a| scope.admits(a)).collect::<Vec<_>>();
    scopes
        .iter()
        .map(|scope| over_time(sessions, &within(scope)))
        .collect()
}

fn over_time(sessions: &[&Session], all: &[&Attempt]) -> Periods {
    let count = all.chunk_by(|a, b| a.session == b.session).count();
    // The Unix epoch fell on a Thursday; the first Monday after it.
    const MONDAY: i64 = 4 * 86_400;
    let week = |a: &&Attempt| (a.at - MONDAY).div_euclid(7 * 86_400);
    let weekly = count > WEEKLY_AFTER;
    let figures = all
        .chunk_by(|a, b| match weekly {
            true => week(a) == week(b),
            false => a.session == b.session,
        })
        .map(|group| {
            let name = match weekly {
                true => Timestamp::from_unix(week(&group[0]) * 7 * 86_400 + MONDAY).rfc3339()[..10]
                    .to_string(),
                false => sessions[group[0].session].id.clone(),
            };
            figures(&name, group)
        })
        .collect();
    Periods { weekly, figures }
}

/// Figures for a non-empty group, oldest attempt first.
fn figures(name: &str, group: &[&Attempt]) -> Figures {
    let n = group.len() as f64;
    let share = |v: Verdict| round3(group.iter().filter(|a| a.verdict == v).count() as f64 / n);
    let last = group[group.len() - 1];
    let stated: Vec<bool> = group.iter().filter_map(|a| a.result_stated).collect();
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
        wpm_from: Source::of(group.iter().filter_map(|a| a.wpm_basis)),
        median_fillers_per_minute: opt_median(group.iter().filter_map(|a| a.fillers_per_minute)),
        fillers_from: Source::of(group.iter().filter_map(|a| a.fillers_basis)),
        median_tics_per_minute: opt_median(group.iter().filter_map(|a| a.tics_per_minute)),
        star_answers: stated.len(),
        result_stated_share: (!stated.is_empty())
            .then(|| round3(stated.iter().filter(|&&s| s).count() as f64 / stated.len() as f64)),
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

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
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

    /// A drill session of `items`, each `(id, category, analysis, words)`:
    /// the analysis as `session.yaml` writes it, the words a transcript of
    /// one word per space, 0.3 s long, one every 0.4 s.
    fn drill(items: &[(&str, &str, &str, Option<&str>)]) -> Session {
        let mut y = String::from(
            "version: 2\nid: s\nkind: drill\nstarted: 2026-12-01T09:00:00Z\ncompleted: true\nitems:\n",
        );
        for (id, category, analysis, _) in items {
            y.push_str(&format!(
                "- {{id: {id}, text: {id}?, category: {category}, target: 60, max: 90, start: 0, duration: 60, paused: 0, verdict: on-target{analysis}}}\n"
            ));
        }
        let mut s: Session = serde_yaml::from_str(&y).expect("a valid session");
        for (item, (.., words)) in s.items.iter_mut().zip(items) {
            item.transcript = words.map(|text| Transcript {
                text: text.to_string(),
                words: text
                    .split_whitespace()
                    .enumerate()
                    .map(|(i, w)| super::super::transcript::Word {
                        text: w.to_string(),
                        start: 0.4 * i as f64,
                        end: 0.4 * i as f64 + 0.3,
                    })
                    .collect(),
            });
        }
        s
    }

    /// An analysis whose sound gives `wpm` and `fpm` fillers a minute over
    /// `pace_time` seconds of speaking, with `fillers` heard.
    fn heard(wpm: f64, fpm: f64, pace_time: f64, fillers: &str) -> String {
        format!(
            ", analysis: {{length: 70, first_word: 0.0, speaking: 60, speaking_ratio: 0.9, pause_threshold: 1.5, pauses: [], speech: [{{start: 0.0, length: 6.0}}], \
             levels: {{peak_db: -3.0, floor_db: -60.0, speech_db: -20.0, speech_seen: true, clipped_samples: 0}}, \
             syllables: 100, pace_time: {pace_time}, syllables_per_second: 4.0, wpm: {wpm}, fillers: [{fillers}], fillers_per_minute: {fpm}}}"
        )
    }

    /// 15 words from 0 s to 5.9 s. Tics: "So" opening the answer, "you
    /// know" set off by commas: 2 in 5.9 s, 20.3 a minute. For a STAR story,
    /// "saved" and "two" fall in its last 40 %: a result stated.
    const FIXED: &str = "So I fixed the build. We shipped it, you know, and we saved two weeks.";
    /// 9 words from 0 s to 3.5 s: 154 wpm by their own times; ", like," is
    /// a tic: 17.1 a minute.
    const MAYBE: &str = "Maybe we could, like, grow the team next year.";

    #[test]
    fn transcribed_answers_count_their_words_and_the_rest_their_estimates() {
        // The story's sound: 6 s of speaking, and a filled pause at 3.12 s,
        // between "it," (ends 3.1 s) and "you" (starts 3.2 s).
        let story = heard(200.0, 5.0, 6.0, "{start: 3.12, length: 0.06}");
        let plain = heard(120.0, 2.0, 30.0, "");
        let s = drill(&[
            ("fix", "behavioural", &story, Some(FIXED)),
            ("fail", "behavioural", &plain, None),
            ("grow", "motivation", "", Some(MAYBE)),
        ]);
        let a = attempts(&[&s]);
        let got: Vec<_> = a
            .iter()
            .map(|a| {
                (
                    a.wpm,
                    a.wpm_basis,
                    a.fillers_per_minute,
                    a.fillers_basis,
                    a.tics_per_minute,
                    a.result_stated,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                // 15 words over the sound's 6 s; the sound's filled pause
                // is a filler the words lack: 1 over 5.9 s.
                (
                    Some(150.0),
                    Some(Basis::Words),
                    Some(10.2),
                    Some(Basis::Words),
                    Some(20.3),
                    Some(true)
                ),
                (
                    Some(120.0),
                    Some(Basis::Estimate),
                    Some(2.0),
                    Some(Basis::Estimate),
                    None,
                    None
                ),
                // No sound analysis: the words' own 3.5 s. Not a STAR story.
                (
                    Some(154.0),
                    Some(Basis::Words),
                    Some(0.0),
                    Some(Basis::Words),
                    Some(17.1),
                    None
                ),
            ]
        );
        let st = compute(&[&s], &Scope::default());
        let b = &st.categories[0];
        assert_eq!(b.name, "behavioural");
        assert_eq!(
            (b.median_wpm, b.wpm_from),
            (Some(135.0), Some(Source::Mixed))
        );
        assert_eq!(
            (b.median_fillers_per_minute, b.fillers_from),
            (Some(6.1), Some(Source::Mixed))
        );
        assert_eq!(b.median_tics_per_minute, Some(20.3));
        assert_eq!((b.star_answers, b.result_stated_share), (1, Some(1.0)));
        let m = &st.categories[1];
        assert_eq!(
            (m.wpm_from, m.star_answers, m.result_stated_share),
            (Some(Source::Words), 0, None)
        );
        let all = &st.trend[0];
        assert_eq!(all.median_wpm, Some(150.0));
        assert_eq!(all.median_tics_per_minute, Some(18.7));
    }

    #[test]
    fn the_share_of_stories_with_a_result_counts_only_transcribed_stories() {
        let s = drill(&[
            ("a", "behavioural", "", Some(FIXED)),
            (
                "a",
                "behavioural",
                "",
                Some("We talked it through and I invited the owner."),
            ),
            (
                "a",
                "behavioural",
                "",
                Some("It was hard, so we met and in the end agreed."),
            ),
            ("a", "behavioural", "", None),
        ]);
        let st = compute(&[&s], &Scope::default());
        let q = &st.questions[0];
        // Stated, not stated ("in the end" is stated anywhere), no transcript.
        assert_eq!((q.star_answers, q.result_stated_share), (3, Some(0.667)));
    }

    #[test]
    fn a_figure_says_whether_it_came_from_words_estimates_or_both() {
        use Basis::{Estimate, Words};
        assert_eq!(Source::of([]), None);
        assert_eq!(Source::of([Words, Words]), Some(Source::Words));
        assert_eq!(Source::of([Estimate]), Some(Source::Estimate));
        assert_eq!(Source::of([Words, Estimate, Words]), Some(Source::Mixed));
    }

    #[test]
    fn the_words_span_leaves_out_annotations() {
        let s = drill(&[("a", "c", "", Some("[BLANK_AUDIO] Fine, thanks. ♪"))]);
        let t = s.items[0].transcript.as_ref().unwrap();
        // "Fine," from 0.4 s to "thanks." ending at 1.1 s.
        assert!((words_span(t) - 0.7).abs() < 1e-9, "{}", words_span(t));
        assert_eq!(words_span(&Transcript::default()), 0.0);
    }

    /// One session a day at 09:00 UTC from `first` (`YYYY-MM-DD`), `n` of
    /// them, each one answer.
    fn daily(first: &str, n: usize) -> Vec<Session> {
        let start = Timestamp::parse_rfc3339(&format!("{first}T09:00:00Z"))
            .unwrap()
            .unix();
        (0..n)
            .map(|d| {
                let mut s = drill(&[("q", "c", "", None)]);
                s.started = Timestamp::from_unix(start + d as i64 * 86_400);
                s.id = format!("day{d}");
                s
            })
            .collect()
    }

    #[test]
    fn periods_are_sessions_up_to_twenty_and_weeks_from_monday_past_that() {
        let twenty = daily("2026-11-25", WEEKLY_AFTER);
        let p = periods(&twenty.iter().collect::<Vec<_>>(), &[Scope::default()]).remove(0);
        assert!(!p.weekly);
        let names: Vec<&str> = p.figures.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names.len(), 20);
        assert_eq!((names[0], names[19]), ("day0", "day19"));
        // Wednesday 25 November to Tuesday 15 December: the weeks start on
        // Mondays 23 November (5 days), 30 November, 7 December (7 each) and
        // 14 December (2).
        let more = daily("2026-11-25", WEEKLY_AFTER + 1);
        let p = periods(&more.iter().collect::<Vec<_>>(), &[Scope::default()]).remove(0);
        assert!(p.weekly);
        let weeks: Vec<(&str, usize)> = p
            .figures
            .iter()
            .map(|f| (f.name.as_str(), f.attempts))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2026-11-23", 5),
                ("2026-11-30", 7),
                ("2026-12-07", 7),
                ("2026-12-14", 2)
            ]
        );
    }

    #[test]
    fn sparkline_spans_empty_to_full() {
        assert_eq!(sparkline(&[0.0, 0.5, 1.0, 0.25]), "▁▅█▃");
    }
}
