//! A whole mock interview from the loaded banks: each stage of a
//! second-round panel gets its share of the minutes, filled with questions
//! drawn from the categories that stage asks, then the candidate's turn (one
//! timed answer with their own questions as prompts) and a close.

use super::draw::{Filter, LONG_TASK, draw};
use super::model::{Library, Question};
use super::stage::{ASK_THEM, CLOSE, Stage, YOUR_TURN};
use crate::timing::Budget;
use std::time::Duration;

/// What the panel says to close, asked as a short last question.
pub const CLOSING: &str =
    "Before we finish: is there anything you would like to add that we have not asked about?";

/// The ids of the two questions made here, not drawn from a bank: the
/// candidate's turn and the close.
pub const MADE: [&str; 2] = ["your-questions", "closing"];

/// Each stage's share of the interview's minutes.
const SHARES: [(Stage, f64); 8] = [
    (Stage::Opening, 0.06),
    (Stage::Revisit, 0.14),
    (Stage::Behavioural, 0.30),
    (Stage::Role, 0.16),
    (Stage::Company, 0.12),
    (Stage::Practicalities, 0.07),
    (Stage::TheirTurn, 0.10),
    (Stage::Close, 0.05),
];

/// What the interview is built from.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    /// Its length in minutes.
    pub minutes: u32,
    /// Whether the role part holds a case or presentation.
    pub case: bool,
    /// Whether answers get their follow-up (each costs time).
    pub follow_ups: bool,
    /// The draw's seed.
    pub seed: u64,
}

/// The interview's questions in order, each a copy of its bank's question
/// (the candidate's turn and the close are made here). Stages whose
/// categories no loaded bank has are left out. `own` are the candidate's
/// questions for the panel (from the profile), the prompts at their turn;
/// without them, four of the ask-them bank's.
pub fn plan(library: &Library, ask: Ask, own: &[String]) -> Vec<Question> {
    let total = Duration::from_secs(u64::from(ask.minutes) * 60);
    let mut out = Vec::new();
    let mut case_time = Duration::ZERO;
    if ask.case {
        let case = Filter {
            categories: vec!["case".into()],
            long: true,
            ..Filter::default()
        };
        if let Ok(picked) = draw(library, &case, 1, ask.seed) {
            case_time = picked.iter().map(|q| q.budget.target()).sum();
            out.extend(picked.into_iter().cloned());
        }
    }
    // The case's time comes out of every stage's share alike.
    let left = total.saturating_sub(case_time).max(total / 2);
    for (i, &(stage, share)) in SHARES.iter().enumerate() {
        let time = left.mul_f64(share);
        match stage {
            Stage::TheirTurn => out.extend(their_turn(library, time, ask.seed, own)),
            Stage::Close => out.push(closing()),
            _ => {
                let seed = ask.seed.wrapping_add(i as u64 + 1);
                out.extend(draw_stage(library, stage, time, ask.follow_ups, seed));
            }
        }
    }
    super::stage::in_panel_order(&mut out, |q| &q.category);
    out
}

/// Questions of `stage` to fill about `time`: as many as the stage's
/// average answer (and its follow-up) fits, at least one.
fn draw_stage(
    library: &Library,
    stage: Stage,
    time: Duration,
    follow_ups: bool,
    seed: u64,
) -> Vec<Question> {
    let categories: Vec<String> = library
        .categories()
        .into_iter()
        .filter(|c| Stage::of(c) == stage && !super::stage::is_prep(c) && *c != "case")
        .map(String::from)
        .collect();
    let pool: Vec<&Question> = library
        .questions
        .iter()
        .filter(|q| categories.contains(&q.category) && q.weight > 0.0)
        .filter(|q| q.budget.min().is_none_or(|m| m <= LONG_TASK))
        .collect();
    if pool.is_empty() {
        return Vec::new();
    }
    let cost = |q: &&Question| {
        let follow = q.follow_ups.iter().map(|f| f.budget.target().as_secs_f64());
        let follow = follow.sum::<f64>() / q.follow_ups.len().max(1) as f64;
        q.budget.target().as_secs_f64() + if follow_ups { follow } else { 0.0 }
    };
    let mean = pool.iter().map(cost).sum::<f64>() / pool.len() as f64;
    let count = ((time.as_secs_f64() / mean).round() as usize).max(1);
    let filter = Filter {
        categories,
        ..Filter::default()
    };
    draw(library, &filter, count, seed)
        .map(|qs| qs.into_iter().cloned().collect())
        .unwrap_or_default()
}

/// The candidate's turn: one timed answer, "Do you have any questions for
/// us?", with their own questions as prompts, else four of the ask-them bank's.
fn their_turn(library: &Library, time: Duration, seed: u64, own: &[String]) -> Option<Question> {
    let target = time.clamp(Duration::from_secs(90), Duration::from_secs(8 * 60));
    let filter = Filter {
        categories: vec![ASK_THEM.into()],
        ..Filter::default()
    };
    let prompts: Vec<String> = if own.is_empty() {
        let drawn = draw(library, &filter, 4, seed).unwrap_or_default();
        drawn.iter().map(|q| q.text.clone()).collect()
    } else {
        own.to_vec()
    };
    Some(made(
        MADE[0],
        YOUR_TURN,
        ASK_THEM,
        Budget::new(Some(target / 3), target, target.mul_f64(1.5)).ok()?,
        prompts,
    ))
}

/// The close: one short last question.
fn closing() -> Question {
    let budget = Budget::new(
        Some(Duration::from_secs(5)),
        Duration::from_secs(45),
        Duration::from_secs(90),
    )
    .expect("in order");
    made(MADE[1], CLOSING, CLOSE, budget, Vec::new())
}

fn made(id: &str, text: &str, category: &str, budget: Budget, hints: Vec<String>) -> Question {
    Question {
        id: id.into(),
        text: text.into(),
        category: category.into(),
        tags: Vec::new(),
        weight: 1.0,
        budget,
        hints,
        follow_ups: Vec::new(),
        parts: Vec::new(),
        points: Vec::new(),
        bank: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(minutes: u32, case: bool, seed: u64) -> Ask {
        Ask {
            minutes,
            case,
            follow_ups: true,
            seed,
        }
    }

    #[test]
    fn every_interview_runs_in_the_panels_order_from_opening_to_close() {
        let library = super::super::load(&[], true).unwrap();
        let every: Vec<Stage> = SHARES.iter().map(|s| s.0).collect();
        for seed in 0..200 {
            for minutes in [10, 20, 30, 45, 60, 120] {
                for case in [false, true] {
                    let qs = plan(&library, ask(minutes, case, seed), &[]);
                    let stages: Vec<Stage> = qs.iter().map(|q| Stage::of(&q.category)).collect();
                    let label = format!("seed {seed}, {minutes} min, case {case}");
                    assert!(stages.is_sorted(), "{label}: {stages:?}");
                    let mut seen = stages.clone();
                    seen.dedup();
                    assert_eq!(seen, every, "{label}: every part, each once");
                    assert_eq!(qs.last().unwrap().text, CLOSING, "{label}");
                    let turn = &qs[qs.len() - 2];
                    assert_eq!((turn.text.as_str(), turn.hints.len()), (YOUR_TURN, 4));
                    assert!(!qs.iter().any(|q| super::super::stage::is_prep(&q.category)));
                    let cases = qs.iter().filter(|q| q.category == "case").count();
                    assert_eq!(cases, usize::from(case), "{label}");
                    let mut ids: Vec<&str> = qs.iter().map(|q| q.id.as_str()).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    assert_eq!(ids.len(), qs.len(), "{label}: no question twice");
                }
            }
        }
    }

    #[test]
    fn longer_interviews_ask_more_and_fill_about_their_minutes() {
        let library = super::super::load(&[], true).unwrap();
        let planned = |minutes: u32| {
            let qs = plan(&library, ask(minutes, false, 7), &[]);
            let secs: f64 = qs
                .iter()
                .map(|q| {
                    let f = q.follow_ups.iter().map(|f| f.budget.target().as_secs_f64());
                    let f = f.sum::<f64>() / q.follow_ups.len().max(1) as f64;
                    q.budget.target().as_secs_f64() + f
                })
                .sum();
            (qs.len(), secs / 60.0)
        };
        let (short, short_min) = planned(15);
        let (long, long_min) = planned(60);
        assert!(long > short * 2, "{short} then {long} questions");
        for (minutes, got) in [(15.0, short_min), (60.0, long_min)] {
            assert!(
                (got - minutes).abs() / minutes < 0.35,
                "{minutes} min planned as {got:.1} min of answers"
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_interview() {
        let library = super::super::load(&[], true).unwrap();
        let ids = |seed| -> Vec<String> {
            plan(&library, ask(30, true, seed), &[])
                .into_iter()
                .map(|q| q.id)
                .collect()
        };
        assert_eq!(ids(5), ids(5));
        assert_ne!(ids(5), ids(6));
    }

    #[test]
    fn the_candidates_own_questions_are_the_prompts_at_their_turn() {
        let library = super::super::load(&[], true).unwrap();
        let own = [
            "How is success measured?".to_string(),
            "Who would I work with?".into(),
        ];
        let qs = plan(&library, ask(30, false, 3), &own);
        let turn = qs.iter().find(|q| q.text == YOUR_TURN).unwrap();
        assert_eq!(turn.hints, own);
    }
}
