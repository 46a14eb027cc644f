//! The order a second-round panel asks in, by category: a short opening on
//! why you are still here, then what you said last time, deeper
//! behavioural questions, the role (and a case), the company and its
//! culture, practicalities, your own questions to them, and a close.
//!
//! Preparation items (category [`PREP`]) are for the day before, never
//! asked: they are drawn only when their category is named.

/// The category of preparation items: drawn only by `--category prep`.
pub const PREP: &str = "prep";

/// The category of the candidate's own questions to the panel.
pub const ASK_THEM: &str = "ask-them";

/// The category of the panel's closing question.
pub const CLOSE: &str = "close";

/// What the panel says aloud at the candidate's turn. The item itself (such
/// as "Ask the panel how the team is structured") is an instruction to the
/// candidate, shown, never read out as if the panel asked it.
pub const YOUR_TURN: &str = "Do you have any questions for us?";

/// A stage of the interview, in the order a panel runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Why this role, why now: a warm start.
    Opening,
    /// What was said in the first round, taken further.
    Revisit,
    /// Deeper behavioural questions, with follow-ups.
    Behavioural,
    /// The role itself, a case or a presentation, and any category of the
    /// user's own banks that names no other stage.
    Role,
    /// The company and its culture.
    Company,
    /// Notice period, salary, hours, start date.
    Practicalities,
    /// "Do you have any questions for us?"
    TheirTurn,
    /// Anything to add; what happens next.
    Close,
}

impl Stage {
    /// The stage a question of `category` belongs to (case ignored).
    pub fn of(category: &str) -> Stage {
        match category.to_ascii_lowercase().as_str() {
            "opening" | "motivation" => Stage::Opening,
            "revisit" => Stage::Revisit,
            "behavioural" | "behavioral" => Stage::Behavioural,
            "company" | "culture" => Stage::Company,
            "practicalities" => Stage::Practicalities,
            ASK_THEM => Stage::TheirTurn,
            CLOSE => Stage::Close,
            _ => Stage::Role,
        }
    }

    /// Its name, as a summary heads it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Opening => "opening",
            Stage::Revisit => "round one revisited",
            Stage::Behavioural => "behavioural",
            Stage::Role => "the role",
            Stage::Company => "company and culture",
            Stage::Practicalities => "practicalities",
            Stage::TheirTurn => "your questions",
            Stage::Close => "close",
        }
    }
}

/// Puts drawn questions in the panel's order, keeping the draw's order
/// within a stage (the sort is stable).
pub fn in_panel_order<T>(items: &mut [T], category: impl Fn(&T) -> &str) {
    items.sort_by_key(|item| Stage::of(category(item)));
}

/// Whether `category` holds the candidate's own questions to the panel.
pub fn is_their_turn(category: &str) -> bool {
    category.eq_ignore_ascii_case(ASK_THEM)
}

/// Whether `category` is preparation, never drawn unless named.
pub fn is_prep(category: &str) -> bool {
    category.eq_ignore_ascii_case(PREP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_order_runs_from_opening_to_their_turn_and_keeps_the_draw_within_a_stage() {
        let mut drawn = vec![
            ("ask-them", 1),
            ("practicalities", 2),
            ("behavioural", 3),
            ("motivation", 4),
            ("my-own", 5),
            ("culture", 6),
            ("behavioural", 7),
            ("revisit", 8),
            ("Company", 9),
        ];
        in_panel_order(&mut drawn, |d| d.0);
        let order: Vec<i32> = drawn.iter().map(|d| d.1).collect();
        assert_eq!(order, [4, 8, 3, 7, 5, 6, 9, 2, 1]);
    }
}
