//! `--focus weak`: each question's weight multiplied by what its history says
//! needs work. The formula is in docs/focus.md ("How --focus weak weighs
//! questions"); keep the two in step.
//!
//! The bank weight is multiplied by one factor per reason, each capped, and
//! the product is capped at [`MAX_MULTIPLIER`]. A weight of 0 stays 0.

use super::{Library, Question};
use crate::config::PaceBand;
use std::collections::HashMap;

/// Only the latest attempts say how a question goes now.
pub const RECENT: usize = 5;
/// A question never answered.
pub const NEVER_PRACTISED: f64 = 3.0;
/// Cap on the product of all factors.
pub const MAX_MULTIPLIER: f64 = 8.0;
/// Starting later than this, seconds, is slow.
pub const SLOW_START_SECS: f64 = 3.0;
/// Not practised for longer than this, days, is stale.
pub const STALE_DAYS: f64 = 7.0;
/// Words a minute past the pace band at which its factor reaches ×2.
pub const PACE_SPAN_WPM: f64 = 40.0;
/// Fillers a minute past the threshold at which their factor reaches ×2.
pub const FILLER_SPAN: f64 = 3.0;

/// One past answer as focus reads it; the caller turns its history into these.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    /// Question id.
    pub id: String,
    /// When its session started, seconds since the Unix epoch.
    pub at: i64,
    /// Over time or too short.
    pub off_target: bool,
    /// Self-rating 1–5, if given.
    pub rating: Option<u8>,
    /// Time to the first word, seconds, where recorded.
    pub first_word: Option<f64>,
    /// Long pauses, where recorded.
    pub long_pauses: Option<usize>,
    /// Words a minute, and whether counted from words (else estimated).
    pub wpm: Option<f64>,
    pub wpm_from_words: Option<bool>,
    /// Fillers a minute, and whether counted from words (else the sound alone).
    pub fillers_per_minute: Option<f64>,
    pub fillers_from_words: Option<bool>,
    /// For a transcribed STAR story: whether its words state a result.
    pub result_stated: Option<bool>,
}

/// A question's effective weight and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Weighed {
    /// Bank weight times `multiplier`.
    pub weight: f64,
    /// The capped product of the factors.
    pub multiplier: f64,
    /// Each factor above 1, as shown by `--explain`: "rated 2.0 ×1.50".
    pub reasons: Vec<String>,
}

/// The multiplier for one question from its attempts (oldest first), at `now`
/// (seconds since the epoch), with `band` the pace band and filler threshold.
pub fn multiplier(attempts: &[&Answer], now: i64, band: &PaceBand) -> (f64, Vec<String>) {
    if attempts.is_empty() {
        return (
            NEVER_PRACTISED,
            vec![format!("never practised ×{NEVER_PRACTISED:.2}")],
        );
    }
    let recent = &attempts[attempts.len().saturating_sub(RECENT)..];
    let mut factors: Vec<(f64, String)> = Vec::new();
    let n = recent.len();

    // The mean of what the recent attempts recorded, when any did.
    let mean = |field: fn(&Answer) -> Option<f64>| {
        let xs: Vec<f64> = recent.iter().filter_map(|a| field(a)).collect();
        (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
    };

    if let Some(r) = mean(|a| a.rating.map(f64::from)) {
        // Rated 1 doubles the weight; 3 or better leaves it.
        let f = 1.0 + 0.5 * (3.0 - r).max(0.0);
        factors.push((f, format!("rated {r:.1}")));
    }

    let off = recent.iter().filter(|a| a.off_target).count();
    factors.push((
        1.0 + off as f64 / n as f64,
        format!("over or too short in {off} of {n}"),
    ));

    if let Some(s) = mean(|a| a.first_word) {
        let f = 1.0 + ((s - SLOW_START_SECS) / SLOW_START_SECS).clamp(0.0, 1.0);
        factors.push((f, format!("first word after {s:.1}s")));
    }

    if let Some(p) = mean(|a| a.long_pauses.map(|p| p as f64)) {
        let f = 1.0 + 0.25 * p.min(4.0);
        factors.push((f, format!("{p:.1} long pauses")));
    }

    // Where the rates came from, as a reason says it.
    let from = |words: fn(&Answer) -> Option<bool>, estimate: &str| {
        let known: Vec<bool> = recent.iter().filter_map(|a| words(a)).collect();
        match (known.contains(&true), known.contains(&false)) {
            (true, false) => " (from words)".to_string(),
            (true, true) => format!(" (partly {estimate})"),
            _ => format!(" ({estimate})"),
        }
    };

    if let Some(w) = mean(|a| a.wpm) {
        let from = from(|a| a.wpm_from_words, "estimated");
        if w > band.max_wpm {
            let f = 1.0 + ((w - band.max_wpm) / PACE_SPAN_WPM).min(1.0);
            factors.push((f, format!("too fast, {w:.0} wpm{from}")));
        } else if w < band.min_wpm {
            let f = 1.0 + ((band.min_wpm - w) / PACE_SPAN_WPM).min(1.0);
            factors.push((f, format!("too slow, {w:.0} wpm{from}")));
        }
    }

    if let Some(r) = mean(|a| a.fillers_per_minute) {
        let f = 1.0 + ((r - band.max_fillers_per_minute) / FILLER_SPAN).clamp(0.0, 1.0);
        let from = from(|a| a.fillers_from_words, "from the sound");
        factors.push((f, format!("{r:.1} fillers a minute{from}")));
    }

    // Transcribed STAR stories whose words state no result.
    let judged: Vec<bool> = recent.iter().filter_map(|a| a.result_stated).collect();
    if !judged.is_empty() {
        let k = judged.iter().filter(|&&stated| !stated).count();
        factors.push((
            1.0 + k as f64 / judged.len() as f64,
            format!(
                "no result stated in words recognised in {k} of {}",
                judged.len()
            ),
        ));
    }

    let last = attempts.iter().map(|a| a.at).max().unwrap_or(now);
    let days = (now - last).max(0) as f64 / 86_400.0;
    let f = 1.0 + ((days - STALE_DAYS) / 21.0).clamp(0.0, 1.0);
    factors.push((f, format!("last practised {days:.0} days ago")));

    let mut product = 1.0;
    let mut reasons = Vec::new();
    for (f, why) in factors {
        if f > 1.0 {
            product *= f;
            reasons.push(format!("{why} ×{f:.2}"));
        }
    }
    if product > MAX_MULTIPLIER {
        product = MAX_MULTIPLIER;
        reasons.push(format!("capped at ×{MAX_MULTIPLIER:.2}"));
    }
    (product, reasons)
}

/// The effective weight of every question in `library`, in its order.
pub fn weigh(library: &Library, attempts: &[Answer], now: i64, band: &PaceBand) -> Vec<Weighed> {
    let mut by_id: HashMap<&str, Vec<&Answer>> = HashMap::new();
    for a in attempts {
        by_id.entry(&a.id).or_default().push(a);
    }
    library
        .questions
        .iter()
        .map(|q: &Question| {
            let (multiplier, reasons) =
                multiplier(by_id.get(q.id.as_str()).map_or(&[][..], |v| v), now, band);
            Weighed {
                weight: q.weight * multiplier,
                multiplier,
                reasons,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    const NOW: i64 = 1_800_000_000;

    fn attempt(at: i64, off_target: bool, rating: Option<u8>) -> Answer {
        Answer {
            id: "q".into(),
            at,
            off_target,
            rating,
            ..Answer::default()
        }
    }

    fn m(attempts: &[&Answer]) -> (f64, Vec<String>) {
        multiplier(attempts, NOW, &PaceBand::default())
    }

    #[test]
    fn a_question_never_practised_weighs_three_times() {
        let (m, why) = m(&[]);
        assert_eq!(m, 3.0);
        assert_eq!(why, ["never practised ×3.00"]);
    }

    #[test]
    fn a_recent_good_answer_leaves_the_weight() {
        let a = attempt(NOW - DAY, false, Some(4));
        assert_eq!(m(&[&a]), (1.0, vec![]));
    }

    #[test]
    fn each_weakness_multiplies_by_its_documented_factor() {
        let mut a = attempt(NOW - 17 * DAY, true, Some(2));
        a.first_word = Some(4.5);
        a.long_pauses = Some(2);
        let b = attempt(NOW - 20 * DAY, false, Some(2));
        // rated 2 → 1.5; 1 of 2 off → 1.5; 4.5 s → 1.5; 2 pauses → 1.5;
        // 17 days → 1 + 10/21.
        let (m, why) = m(&[&b, &a]);
        let expected = 1.5 * 1.5 * 1.5 * 1.5 * (1.0 + 10.0 / 21.0);
        assert!((m - expected).abs() < 1e-12, "{m} vs {expected}");
        assert_eq!(
            why,
            [
                "rated 2.0 ×1.50",
                "over or too short in 1 of 2 ×1.50",
                "first word after 4.5s ×1.50",
                "2.0 long pauses ×1.50",
                "last practised 17 days ago ×1.48",
            ]
        );
    }

    #[test]
    fn pace_outside_the_band_and_frequent_fillers_are_weaknesses() {
        let recent = |wpm: f64, fpm: f64| {
            let mut a = attempt(NOW - DAY, false, Some(4));
            a.wpm = Some(wpm);
            a.wpm_from_words = Some(false);
            a.fillers_per_minute = Some(fpm);
            a.fillers_from_words = Some(false);
            a
        };
        let table: [(f64, f64, f64, &[&str]); 6] = [
            (140.0, 1.0, 1.0, &[]),
            (180.0, 0.0, 1.5, &["too fast, 180 wpm (estimated) ×1.50"]),
            (230.0, 0.0, 2.0, &["too fast, 230 wpm (estimated) ×2.00"]),
            (100.0, 0.0, 1.5, &["too slow, 100 wpm (estimated) ×1.50"]),
            (
                140.0,
                4.5,
                1.5,
                &["4.5 fillers a minute (from the sound) ×1.50"],
            ),
            (
                60.0,
                9.0,
                4.0,
                &[
                    "too slow, 60 wpm (estimated) ×2.00",
                    "9.0 fillers a minute (from the sound) ×2.00",
                ],
            ),
        ];
        for (wpm, fpm, want, why) in table {
            let a = recent(wpm, fpm);
            let (got, reasons) = m(&[&a]);
            assert!((got - want).abs() < 1e-12, "{wpm} {fpm}: {got}");
            assert_eq!(reasons, why, "{wpm} {fpm}");
        }
        // The band comes from the config.
        let a = recent(180.0, 0.0);
        let wide = PaceBand {
            max_wpm: 200.0,
            ..PaceBand::default()
        };
        assert_eq!(multiplier(&[&a], NOW, &wide), (1.0, vec![]));
    }

    #[test]
    fn pace_and_fillers_say_whether_they_came_from_words() {
        let at = |wpm: f64, fpm: f64, from_words: bool| {
            let mut a = attempt(NOW - DAY, false, Some(4));
            (a.wpm, a.wpm_from_words) = (Some(wpm), Some(from_words));
            (a.fillers_per_minute, a.fillers_from_words) = (Some(fpm), Some(from_words));
            a
        };
        // From words: 190 and 170 wpm, 6 and 4 fillers a minute; mean 180 and 5.
        let (a, b) = (at(190.0, 6.0, true), at(170.0, 4.0, true));
        let (got, why) = m(&[&a, &b]);
        assert!((got - 1.5 * (1.0 + 2.0 / 3.0)).abs() < 1e-12, "{got}");
        assert_eq!(
            why,
            [
                "too fast, 180 wpm (from words) ×1.50",
                "5.0 fillers a minute (from words) ×1.67"
            ]
        );
        // One of them estimated from the sound.
        let c = at(170.0, 4.0, false);
        let (_, why) = m(&[&a, &c]);
        assert_eq!(
            why,
            [
                "too fast, 180 wpm (partly estimated) ×1.50",
                "5.0 fillers a minute (partly from the sound) ×1.67"
            ]
        );
    }

    #[test]
    fn star_answers_with_no_result_stated_weigh_by_their_share() {
        let at = |stated: Option<bool>| {
            let mut a = attempt(NOW - DAY, false, Some(4));
            a.result_stated = stated;
            a
        };
        // Four answers: one not transcribed (not judged), two with no result
        // stated, one with: 2 of 3, ×(1 + 2/3).
        let all = [at(None), at(Some(false)), at(Some(true)), at(Some(false))];
        let refs: Vec<&Answer> = all.iter().collect();
        let (got, why) = m(&refs);
        assert!((got - 5.0 / 3.0).abs() < 1e-12, "{got}");
        assert_eq!(
            why,
            ["no result stated in words recognised in 2 of 3 ×1.67"]
        );
        // Every judged answer stated one: no factor; none judged: none either.
        let (stated, plain) = (at(Some(true)), at(None));
        assert_eq!(m(&[&stated, &plain]), (1.0, vec![]));
        // Only the latest five count: an old miss is forgotten.
        let mut five: Vec<Answer> = vec![at(Some(false))];
        five.extend((0..5).map(|_| at(Some(true))));
        let refs: Vec<&Answer> = five.iter().collect();
        assert_eq!(m(&refs), (1.0, vec![]));
    }

    #[test]
    fn the_product_is_capped_at_eight() {
        let mut a = attempt(NOW - 400 * DAY, true, Some(1));
        a.first_word = Some(10.0);
        a.long_pauses = Some(9);
        // 2 × 2 × 2 × 2 × 2 = 32, capped.
        let (m, why) = m(&[&a]);
        assert_eq!(m, 8.0);
        assert_eq!(why.last().map(String::as_str), Some("capped at ×8.00"));
    }

    #[test]
    fn only_the_latest_five_attempts_count_but_staleness_uses_the_last() {
        let old: Vec<Answer> = (0..5)
            .map(|i| attempt(NOW - (10 - i) * DAY, true, Some(1)))
            .collect();
        let new: Vec<Answer> = (0..5)
            .map(|i| attempt(NOW - (5 - i) * DAY, false, Some(5)))
            .collect();
        let all: Vec<&Answer> = old.iter().chain(&new).collect();
        assert_eq!(m(&all), (1.0, vec![]));
    }
}
