//! Placeholders in bank text: `{company|us}`, `{company's|our}`,
//! `{role=the % role|this role}`, `{weakness}`: where they are and what is
//! wrong with one. Filling them from a profile is `profile`'s.

/// Every placeholder a bank may use, with what it stands for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("company", "the company's name"),
    ("role", "the role's title"),
    ("interviewer", "the first interviewer's name"),
    (
        "requirement",
        "one of the job ad's requirements (a question for each)",
    ),
    ("why_applied", "why you applied, as said in round one"),
    ("strengths", "the strengths named in round one"),
    ("weakness", "the weakness named in round one"),
    ("salary", "the salary figure given in round one"),
    ("story", "a story told in round one (a question for each)"),
];

/// A placeholder as written in bank text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<'t> {
    /// Byte range of the whole `{…}`.
    pub at: std::ops::Range<usize>,
    /// The name, without `'s`.
    pub name: &'t str,
    /// Whether `'s` follows the name: the value gets it too.
    pub possessive: bool,
    /// The words around the value, after `=`: `%` stands for the value.
    pub around: Option<&'t str>,
    /// The generic wording after `|`, if any (it may be empty).
    pub fallback: Option<&'t str>,
}

/// The placeholders in `text`: `{name}`, `{name's}` or either with
/// `=words around %` and `|fallback`, where `name` is a word of lowercase
/// letters and `_`, and `%` in the words stands for the value. Other
/// braces are plain text, as they were before placeholders existed.
pub fn slots(text: &str) -> Vec<Slot<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| i + from) {
        let Some(close) = text[open..].find('}').map(|i| i + open) else {
            break;
        };
        let inner = &text[open + 1..close];
        let (head, fallback) = match inner.split_once('|') {
            Some((h, f)) => (h, Some(f)),
            None => (inner, None),
        };
        let (head, around) = match head.split_once('=') {
            Some((h, a)) => (h, Some(a)),
            None => (head, None),
        };
        let (name, possessive) = match head.strip_suffix("'s") {
            Some(n) => (n, true),
            None => (head, false),
        };
        let word = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        let fits = !fallback.is_some_and(|f| f.contains('{'))
            && around.is_none_or(|a| a.contains('%') && !a.contains('{'));
        if word && fits {
            out.push(Slot {
                at: open..close + 1,
                name,
                possessive,
                around,
                fallback,
            });
            from = close + 1;
        } else {
            from = open + 1;
        }
    }
    out
}

/// What is wrong with a placeholder in `text`, as (what, how to fix it):
/// `{name…}` whose name is no placeholder, or whose form is broken (not
/// closed, or `=` words without `%`). Such text is shown as written, so a
/// bank with braces of its own still loads; `banks check` warns.
pub fn problem(text: &str) -> Option<(String, String)> {
    let valid = slots(text);
    let names: Vec<&str> = PLACEHOLDERS.iter().map(|p| p.0).collect();
    for (open, _) in text.match_indices('{') {
        let rest = &text[open + 1..];
        let len = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        let form = matches!(rest[len..].chars().next(), Some('}' | '|' | '=' | '\''));
        if name.is_empty() || !form {
            continue;
        }
        if !names.contains(&name) {
            let hint = match crate::input::closest(name, &names) {
                Some(c) => format!(
                    "did you mean `{{{c}}}`? The placeholders are {}",
                    names.join(", ")
                ),
                None => format!("the placeholders are {}", names.join(", ")),
            };
            return Some((
                format!("`{{{name}}}` is no placeholder; it is shown as written"),
                hint,
            ));
        }
        if !valid.iter().any(|s| s.at.start == open) {
            return Some((
                format!("placeholder `{{{name}…}}` is not closed, or its `=` words have no `%`"),
                format!(
                    "write `{{{name}|generic words}}` or `{{{name}=words around %|generic words}}`"
                ),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_or_broken_placeholders_are_named_and_other_braces_are_not() {
        let what = |t: &str| problem(t).map(|p| p.0);
        let hint = |t: &str| problem(t).map(|p| p.1).unwrap_or_default();
        assert_eq!(
            what("Why {compnay|us}?").as_deref(),
            Some("`{compnay}` is no placeholder; it is shown as written")
        );
        assert!(hint("Why {compnay|us}?").starts_with("did you mean `{company}`?"));
        assert!(what("At {company=here|there}.").unwrap().contains("no `%`"));
        assert!(what("At {company|here").unwrap().contains("not closed"));
        for fine in [
            "Why {company|us}?",
            "{role=the % role|this role}",
            "Braces {Like this}, {} and { x }.",
        ] {
            assert_eq!(what(fine), None, "{fine}");
        }
    }
}
