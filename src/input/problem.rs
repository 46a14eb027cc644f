//! A problem found in a bank or plan file: where, which question, what is wrong, how to fix it.

use super::locate::Pos;
use std::fmt;

/// A problem with the file `name` as a whole, or at `pos`.
pub fn problem(name: &str, pos: Option<Pos>, what: String, hint: &str) -> Problem {
    Problem {
        file: name.to_string(),
        pos,
        subject: None,
        what,
        hint: hint.to_string(),
    }
}

/// One thing wrong with an input file, printed as
/// `FILE:LINE:COL: question `ID`: WHAT` followed by a hint line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (or `<built-in>/NAME` for shipped banks).
    pub file: String,
    /// Line and column, when the problem has a place in the file.
    pub pos: Option<Pos>,
    /// What in the file it is about, when known: ``question `team-conflict` ``
    /// in a bank, ``section `Analysis` `` in a plan.
    pub subject: Option<String>,
    /// What is wrong.
    pub what: String,
    /// How to fix it.
    pub hint: String,
}

impl Problem {
    /// The place as `FILE:LINE:COL`, or `FILE` when there is no position.
    pub fn place(&self) -> String {
        let file = crate::text::safe(&self.file);
        match self.pos {
            Some(p) => format!("{file}:{}:{}", p.line, p.col),
            None => file.into_owned(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.place())?;
        if let Some(subject) = &self.subject {
            write!(f, "{subject}: ")?;
        }
        f.write_str(&self.what)
    }
}

/// Every problem found in the inputs of one command; exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{} problem{} found", .0.len(), if .0.len() == 1 { "" } else { "s" })]
pub struct Problems(pub Vec<Problem>);

/// The closest of `candidates` to a misspelt `word`, if one is close enough to suggest.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let near = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    // `think_time` for `think`: a longer or shorter spelling of the same name.
    near.or_else(|| {
        candidates
            .iter()
            .copied()
            .filter(|c| c.len() >= 3 && (word.starts_with(c) || c.starts_with(word.as_str())))
            .max_by_key(|c| c.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_fields_get_the_nearest_suggestion() {
        let fields = [
            "id",
            "text",
            "weight",
            "target",
            "follow_ups",
            "hints",
            "think",
        ];
        let cases = [
            ("wieght", Some("weight")),
            ("Weight", Some("weight")),
            ("targt", Some("target")),
            ("followups", Some("follow_ups")),
            ("follow-ups", Some("follow_ups")),
            ("hint", Some("hints")),
            ("think_time", Some("think")),
            ("colour", None),
        ];
        for (typo, want) in cases {
            assert_eq!(closest(typo, &fields), want, "typo {typo}");
        }
    }
}
