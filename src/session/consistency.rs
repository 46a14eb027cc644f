//! Whether an answer agrees with what was said in the first interview (the
//! profile's round-one notes): a salary answer that names a different figure,
//! a weakness answer that never names round one's weakness.
//!
//! Read from the transcript's text, so it can miss: figures spelt out in
//! words ("sixty thousand"), a figure the recogniser heard wrong, and a
//! weakness described in other words than the notes use. It says nothing
//! when it finds no figure at all.

use super::Item;
use crate::bank::profile::RoundOne;

/// How far apart two figures may be and still be the same (rounding).
const SAME: f64 = 0.02;

/// What an answer says that differs from round one, a sentence each.
pub fn differences(item: &Item, round_one: &RoundOne) -> Vec<String> {
    let Some(t) = item.transcript.as_ref() else {
        return Vec::new();
    };
    let question = item.text.to_lowercase();
    let mut out = Vec::new();
    if let Some(then) = &round_one.salary {
        let about_pay = item.category.eq_ignore_ascii_case("practicalities")
            || ["salary", "pay", "package", "compensation"]
                .iter()
                .any(|w| question.contains(w));
        let before = figures(then);
        let now = figures(&t.text);
        let agrees = now
            .iter()
            .any(|n| before.iter().any(|b| (n - b).abs() <= SAME * b.max(*n)));
        if about_pay && !before.is_empty() && !now.is_empty() && !agrees {
            let said: Vec<String> = now.iter().map(|n| shown(*n)).collect();
            out.push(format!(
                "Round one: you gave {then} as your salary figure; here you said {}.",
                said.join(" and ")
            ));
        }
    }
    if let Some(then) = &round_one.weakness
        && question.contains("weakness")
    {
        let said = super::coach::points(t, std::slice::from_ref(then));
        if said.first().is_some_and(|p| !p.covered) {
            out.push(format!(
                "Round one: you named {then:?} as your weakness; this answer does not."
            ));
        }
    }
    out
}

/// The money-like figures in `text`: numbers of 1,000 or more, written with
/// digits (`55,000`, `55000`, `£55,000.00`, also run into the word before,
/// as the recogniser sometimes writes them) or in thousands (`55k`,
/// `55 thousand`, `55 grand`).
pub fn figures(text: &str) -> Vec<f64> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        rest = &rest[at..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        let written = rest[..end].trim_end_matches([',', '.']);
        let digits: String = written.chars().filter(|c| *c != ',').collect();
        rest = &rest[end..];
        let Ok(n) = digits.parse::<f64>() else {
            continue;
        };
        let after = rest.trim_start();
        let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        let thousands = matches!(word.as_str(), "k" | "thousand" | "grand");
        // A unit run into the number other than `k` (`12th`, `3pm`) is no sum.
        if !thousands && rest.starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        let value = if thousands { n * 1000.0 } else { n };
        if value >= 1000.0 {
            out.push(value);
        }
    }
    out
}

/// `55000` as `55,000`.
fn shown(n: f64) -> String {
    let whole = n.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::transcript::Transcript;

    fn answer(category: &str, question: &str, said: &str) -> Item {
        let mut it: Item = serde_yaml::from_str(&format!(
            "{{id: q, text: '{question}', category: {category}, target: 10, max: 15, start: 0, duration: 11, paused: 0, verdict: on-target}}"
        ))
        .unwrap();
        it.transcript = Some(Transcript::evenly(said));
        it
    }

    fn round_one() -> RoundOne {
        RoundOne {
            salary: Some("£55k".into()),
            weakness: Some("saying no to people".into()),
            ..RoundOne::default()
        }
    }

    #[test]
    fn figures_are_read_with_digits_or_in_thousands() {
        assert_eq!(figures("about £55,000 a year"), [55000.0]);
        assert_eq!(figures("55k, maybe 60 thousand"), [55000.0, 60000.0]);
        assert_eq!(figures("I'd say 57 grand."), [57000.0]);
        assert_eq!(figures("three people, 12 weeks, 2026"), [2026.0]);
        assert!(
            figures("fifty five thousand").is_empty(),
            "words are not read"
        );
    }

    #[test]
    fn a_different_salary_figure_is_pointed_out_and_the_same_one_is_not() {
        let r = round_one();
        let q = "What are your salary expectations?";
        let got = differences(
            &answer("practicalities", q, "I'm looking for around 60,000 now."),
            &r,
        );
        assert_eq!(
            got,
            ["Round one: you gave £55k as your salary figure; here you said 60,000."]
        );
        for same in [
            "Still 55,000, as I said.",
            "About 55k.",
            "Fifty five thousand.",
        ] {
            let got = differences(&answer("practicalities", q, same), &r);
            assert!(got.is_empty(), "{same}: {got:?}");
        }
        // A big number in an answer about something else is no salary.
        let other = answer(
            "behavioural",
            "Tell us about a project.",
            "We saved 60,000 a year.",
        );
        assert!(differences(&other, &r).is_empty());
    }

    #[test]
    fn a_weakness_answer_that_never_names_round_ones_weakness_is_pointed_out() {
        let r = round_one();
        let q = "What is your greatest weakness?";
        let off = differences(
            &answer("motivation", q, "I am too much of a perfectionist."),
            &r,
        );
        assert_eq!(
            off,
            [
                "Round one: you named \"saying no to people\" as your weakness; this answer does not."
            ]
        );
        let on = answer(
            "motivation",
            q,
            "I find it hard to say no when people ask for help.",
        );
        assert!(differences(&on, &r).is_empty());
        let none = answer("motivation", q, "Perfectionism.");
        assert!(differences(&none, &RoundOne::default()).is_empty());
    }
}
