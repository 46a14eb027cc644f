//! `--focus weak`: each question's weight multiplied by what its history says
//! needs work. The formula is in the README ("How --focus weak weighs
//! questions"); keep the two in step.
//!
//! The bank weight is multiplied by one factor per reason, each capped, and
//! the product is capped at [`MAX_MULTIPLIER`]. A weight of 0 stays 0.

use super::{Library, Question};
use crate::session::Verdict;
use crate::session::stats::Attempt;
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
/// (seconds since the epoch).
pub fn multiplier(attempts: &[&Attempt], now: i64) -> (f64, Vec<String>) {
    if attempts.is_empty() {
        return (
            NEVER_PRACTISED,
            vec![format!("never practised ×{NEVER_PRACTISED:.2}")],
        );
    }
    let recent = &attempts[attempts.len().saturating_sub(RECENT)..];
    let mut factors: Vec<(f64, String)> = Vec::new();
    let n = recent.len();

    let ratings: Vec<f64> = recent
        .iter()
        .filter_map(|a| a.rating.map(f64::from))
        .collect();
    if !ratings.is_empty() {
        let r = ratings.iter().sum::<f64>() / ratings.len() as f64;
        // Rated 1 doubles the weight; 3 or better leaves it.
        let f = 1.0 + 0.5 * (3.0 - r).max(0.0);
        factors.push((f, format!("rated {r:.1}")));
    }

    let off = recent
        .iter()
        .filter(|a| matches!(a.verdict, Verdict::Over | Verdict::TooShort))
        .count();
    factors.push((
        1.0 + off as f64 / n as f64,
        format!("over or too short in {off} of {n}"),
    ));

    let starts: Vec<f64> = recent.iter().filter_map(|a| a.first_word).collect();
    if !starts.is_empty() {
        let s = starts.iter().sum::<f64>() / starts.len() as f64;
        let f = 1.0 + ((s - SLOW_START_SECS) / SLOW_START_SECS).clamp(0.0, 1.0);
        factors.push((f, format!("first word after {s:.1}s")));
    }

    let pauses: Vec<f64> = recent
        .iter()
        .filter_map(|a| a.long_pauses.map(|p| p as f64))
        .collect();
    if !pauses.is_empty() {
        let p = pauses.iter().sum::<f64>() / pauses.len() as f64;
        let f = 1.0 + 0.25 * p.min(4.0);
        factors.push((f, format!("{p:.1} long pauses")));
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
pub fn weigh(library: &Library, attempts: &[Attempt], now: i64) -> Vec<Weighed> {
    let mut by_id: HashMap<&str, Vec<&Attempt>> = HashMap::new();
    for a in attempts {
        by_id.entry(&a.id).or_default().push(a);
    }
    library
        .questions
        .iter()
        .map(|q: &Question| {
            let (multiplier, reasons) =
                multiplier(by_id.get(q.id.as_str()).map_or(&[][..], |v| v), now);
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

    fn attempt(at: i64, verdict: Verdict, rating: Option<u8>) -> Attempt {
        Attempt {
            session: 0,
            at,
            id: "q".into(),
            category: "c".into(),
            text: "Q?".into(),
            duration: 60.0,
            target: 60.0,
            verdict,
            rating,
            first_word: None,
            long_pauses: None,
        }
    }

    #[test]
    fn a_question_never_practised_weighs_three_times() {
        let (m, why) = multiplier(&[], NOW);
        assert_eq!(m, 3.0);
        assert_eq!(why, ["never practised ×3.00"]);
    }

    #[test]
    fn a_recent_good_answer_leaves_the_weight() {
        let a = attempt(NOW - DAY, Verdict::OnTarget, Some(4));
        assert_eq!(multiplier(&[&a], NOW), (1.0, vec![]));
    }

    #[test]
    fn each_weakness_multiplies_by_its_documented_factor() {
        let mut a = attempt(NOW - 17 * DAY, Verdict::Over, Some(2));
        a.first_word = Some(4.5);
        a.long_pauses = Some(2);
        let b = attempt(NOW - 20 * DAY, Verdict::OnTarget, Some(2));
        // rated 2 → 1.5; 1 of 2 off → 1.5; 4.5 s → 1.5; 2 pauses → 1.5;
        // 17 days → 1 + 10/21.
        let (m, why) = multiplier(&[&b, &a], NOW);
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
    fn the_product_is_capped_at_eight() {
        let mut a = attempt(NOW - 400 * DAY, Verdict::TooShort, Some(1));
        a.first_word = Some(10.0);
        a.long_pauses = Some(9);
        // 2 × 2 × 2 × 2 × 2 = 32, capped.
        let (m, why) = multiplier(&[&a], NOW);
        assert_eq!(m, 8.0);
        assert_eq!(why.last().map(String::as_str), Some("capped at ×8.00"));
    }

    #[test]
    fn only_the_latest_five_attempts_count_but_staleness_uses_the_last() {
        let old: Vec<Attempt> = (0..5)
            .map(|i| attempt(NOW - (10 - i) * DAY, Verdict::Over, Some(1)))
            .collect();
        let new: Vec<Attempt> = (0..5)
            .map(|i| attempt(NOW - (5 - i) * DAY, Verdict::OnTarget, Some(5)))
            .collect();
        let all: Vec<&Attempt> = old.iter().chain(&new).collect();
        assert_eq!(multiplier(&all, NOW), (1.0, vec![]));
    }
}
