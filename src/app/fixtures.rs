//! Values the screens' tests share: questions, sessions, a plan (a
//! drill's options are `app::drill::test_options`).

use crate::bank::{FollowUp, Question};
use crate::plan::{Plan, Section};
use crate::session::{self, Session};
use crate::timing::Budget;
use std::time::Duration;

/// A behavioural question with these budgets, in seconds.
pub fn question(id: &str, min: u64, target: u64, max: u64) -> Question {
    Question {
        id: id.into(),
        text: format!("Question {id}?"),
        category: "behavioural".into(),
        tags: vec![],
        weight: 1.0,
        budget: Budget::new(
            Some(Duration::from_secs(min)),
            Duration::from_secs(target),
            Duration::from_secs(max),
        )
        .expect("fixture budgets are in order"),
        hints: vec!["Situation: where".into()],
        follow_ups: vec![],
        parts: vec![],
        points: vec![],
        bank: 0,
    }
}

/// A budget of `secs` seconds whose target is also its max (a part, a section).
pub fn even(secs: u64) -> Budget {
    let d = Duration::from_secs(secs);
    Budget::new(None, d, d).expect("fixture budgets are above zero")
}

/// A follow-up with a target of `target` seconds, a min of a third of it and
/// a max 50 % longer, as banks give it, and one hint of its own.
pub fn follow_up(text: &str, target: u64) -> FollowUp {
    let t = Duration::from_secs(target);
    let min = Duration::from_secs(target / 3);
    FollowUp {
        text: text.into(),
        budget: Budget::new(Some(min), t, t.mul_f64(1.5)).expect("fixture budgets are above zero"),
        hints: vec![format!("Own hint for {text}")],
    }
}

/// An empty session of `kind`.
pub fn session(kind: session::Kind) -> Session {
    Session {
        version: session::FORMAT_VERSION,
        id: "test".into(),
        kind,
        started: session::Timestamp::from_unix(1_795_000_000),
        finished: None,
        completed: false,
        settings: None,
        items: vec![],
        talk: None,
    }
}

/// Three sections of 10 s; warnings 3 s before a section's end and 5 s before the talk's.
pub fn plan() -> Plan {
    Plan {
        title: "Pitch".into(),
        sections: ["Alpha", "Beta", "Gamma"]
            .iter()
            .map(|n| Section {
                name: n.to_string(),
                budget: even(10),
                notes: None,
            })
            .collect(),
        section_warnings: vec![Duration::from_secs(3)],
        talk_warnings: vec![Duration::from_secs(5)],
        source: "pitch.yaml".into(),
        warnings: Vec::new(),
    }
}
