//! Reading bank files: from disk or the built-in set, through the input layer
//! (one parse per file into [`RawBank`]), then one validation into
//! [`Question`]s — or every [`Problem`] found, each with its place.

use super::model::{Bank, FollowUp, Library, Part, Question, Source};
use super::raw::{RawBank, RawDefaults, RawQuestion, RawTop, SCHEMA};
use crate::duration::{DURATION_HINT, MAX_DURATION};
use crate::input::raw::{Number, RawDuration, trimmed};
use crate::input::yaml::{At, Doc};
use crate::input::{self, Check, Kind, Parsed, Problem, Problems};
use crate::timing::{Budget, BudgetError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The largest bank file read: about 20,000 questions (10,000 take 2 MB).
/// Loading a real bank holds about 20 bytes of memory for each byte of it
/// (the YAML loader keeps every event of the document at once); see
/// docs/input-limits.md.
pub const MAX_BANK_BYTES: u64 = 4 << 20;

/// How bank files are read: larger files are refused before parsing, so a
/// runaway file cannot eat memory.
const BANK_FILE: Kind = Kind {
    noun: "bank",
    max_bytes: MAX_BANK_BYTES,
    not_found_hint: "check the path; `--bank` takes a bank file or a directory of them",
    too_big_hint: "split the bank into several files in one directory",
};

/// One bank file's text, name and origin.
struct File {
    name: String,
    source: Source,
    text: String,
}

/// Loads the built-in banks, the banks at `paths`, or both.
pub fn load(paths: &[PathBuf], with_builtin: bool) -> Result<Library, Problems> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if paths.is_empty() || with_builtin {
        for (name, text) in super::embedded::BUILTIN {
            files.push(File {
                name: format!("<built-in>/{name}"),
                source: Source::Builtin(name),
                text: (*text).to_string(),
            });
        }
    }
    for path in paths {
        let found = expand(path).unwrap_or_else(|p| {
            problems.push(p);
            Vec::new()
        });
        for file in found {
            let name = file.display().to_string();
            match input::read_text(&file, &name, &BANK_FILE) {
                Ok(text) => files.push(File {
                    name,
                    source: Source::File(file),
                    text,
                }),
                Err(p) => problems.push(p),
            }
        }
    }
    check(&files, problems)
}

/// Loads banks from in-memory texts, named as given; for tests and benchmarks.
pub fn load_texts(texts: &[(&str, &str)]) -> Result<Library, Problems> {
    let files: Vec<File> = texts
        .iter()
        .map(|(name, text)| File {
            name: name.to_string(),
            source: Source::File(PathBuf::from(name)),
            text: text.to_string(),
        })
        .collect();
    check(&files, Vec::new())
}

/// A file is itself; a directory is its `*.yaml` and `*.yml` files, sorted, not recursing.
fn expand(path: &Path) -> Result<Vec<PathBuf>, Problem> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| input::io_problem(&name, &e, &BANK_FILE);
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(io)?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(input::problem(
            &name,
            None,
            "no bank files (*.yaml or *.yml) in this directory".into(),
            "point `--bank` at a directory holding bank files, or at one file",
        ));
    }
    Ok(found)
}

/// Validates every file, then ids across files; the library when nothing is
/// wrong, else every problem, each file's in file order.
fn check(files: &[File], mut problems: Vec<Problem>) -> Result<Library, Problems> {
    let docs: Vec<Doc> = files.iter().map(|f| Doc::new(&f.name, &f.text)).collect();
    let mut library = Library::default();
    // id → (file index, question index) of its first definition.
    let mut first_seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (fi, (file, doc)) in files.iter().zip(&docs).enumerate() {
        let mut c = Check::new(&SCHEMA, doc);
        let read = read_bank(&mut c);
        // The shipped banks hold no control text (a test checks), and this
        // walk parses the file a second time: a third of `rehearse draw`.
        if !matches!(file.source, Source::Builtin(_)) {
            library.warnings.extend(SCHEMA.control_text_warnings(doc));
        }
        if let Some((title, questions)) = read {
            let bank = library.banks.len();
            let mut kept = 0;
            for (qi, q) in &questions {
                library.warnings.extend(placeholder_warnings(doc, *qi, q));
            }
            for (qi, mut q) in questions {
                if let Some(&(ff, fq)) = first_seen.get(&q.id) {
                    let there = docs[ff].place(&format!("questions[{fq}].id"), At::Value);
                    c.problem(
                        &format!("questions[{qi}].id"),
                        At::Value,
                        format!("duplicate id, first defined at {there}"),
                        "ids must be unique across every loaded bank; rename one of them",
                    );
                    continue;
                }
                first_seen.insert(q.id.clone(), (fi, qi));
                q.bank = bank;
                library.questions.push(q);
                kept += 1;
            }
            library.banks.push(Bank {
                title,
                source: file.source.clone(),
                questions: kept,
            });
        }
        problems.extend(c.into_problems());
    }
    if problems.is_empty() {
        Ok(library)
    } else {
        Err(Problems(problems))
    }
}

/// A warning for each text of question `qi` whose placeholder is misspelt
/// or broken ([`super::placeholder::problem`]).
fn placeholder_warnings(doc: &Doc, qi: usize, q: &Question) -> Vec<Problem> {
    let at = |field: String| format!("questions[{qi}].{field}");
    let mut texts = vec![(at("text".into()), &q.text)];
    texts.extend(
        q.hints
            .iter()
            .enumerate()
            .map(|(i, h)| (at(format!("hints[{i}]")), h)),
    );
    for (fi, f) in q.follow_ups.iter().enumerate() {
        texts.push((at(format!("follow_ups[{fi}].text")), &f.text));
        let hints = f.hints.iter().enumerate();
        texts.extend(hints.map(|(i, h)| (at(format!("follow_ups[{fi}].hints[{i}]")), h)));
    }
    texts
        .into_iter()
        .filter_map(|(path, text)| {
            let (what, hint) = super::placeholder::problem(text)?;
            Some(SCHEMA.problem(doc, &path, At::Value, what, hint))
        })
        .collect()
}

/// Parses and validates one bank; `None` when nothing in it could be read.
fn read_bank(c: &mut Check) -> Option<(String, Vec<(usize, Question)>)> {
    let hint = "a bank needs `title:` and a list of `questions:`; see question-banks/README.md";
    let (title, defaults, questions) = match c.parse::<RawBank>(hint) {
        Parsed::Fits(raw) => (
            raw.title,
            raw.defaults,
            raw.questions.map(|qs| qs.into_iter().map(Some).collect()),
        ),
        Parsed::Nothing => return None,
        // Every problem, not only the first: the top level, then each question.
        Parsed::Parts => {
            let top: RawTop = c.lenient("")?;
            let questions = top.questions.map(|qs| c.items("questions", qs.len()));
            (top.title, top.defaults, questions)
        }
    };
    validate(c, title, &defaults, questions)
}

/// A slug: lowercase ASCII letters and digits, joined by single `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Turns any text into the nearest slug, for hints.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A duration that is known, and whether the question set it itself.
#[derive(Clone, Copy)]
struct Set {
    value: Duration,
    own: bool,
}

/// The bank's checked defaults.
struct Defaults<'a> {
    category: Option<&'a str>,
    target: Option<Duration>,
    min: Option<Duration>,
    max: Option<Duration>,
    weight: Option<f64>,
    /// `defaults.target` is written (valid or not), so a question without
    /// its own is not also "missing `target`".
    target_written: bool,
}

fn duration(c: &mut Check, path: &str, raw: Option<&RawDuration>) -> Option<Duration> {
    c.duration(path, raw?, "a duration", DURATION_HINT)
}

fn weight(c: &mut Check, path: &str, raw: Option<Number>) -> Option<f64> {
    let Number(w) = raw?;
    if w.is_finite() && w >= 0.0 {
        return Some(w);
    }
    c.problem(
        path,
        At::Value,
        format!(
            "weight must be a finite number of 0 or more, found {}",
            crate::duration::fmt_number(w)
        ),
        "use 1 for normal, 2 for twice as often, 0 to disable the question",
    );
    None
}

/// `target` with `min` and `max` (by default the target + 50 %, at most
/// [`MAX_DURATION`], the longest a session stores) as a
/// budget, or a problem at each field out of order that is the item's own:
/// both, when `min` is above the target and the target above `max`.
fn budget_of(
    c: &mut Check,
    base: &str,
    min: Option<Set>,
    target: Set,
    max: Option<Set>,
) -> Option<Budget> {
    let max_value = max.map_or(target.value.mul_f64(1.5).min(MAX_DURATION), |m| m.value);
    let errors = match Budget::new(min.map(|m| m.value), target.value, max_value) {
        Ok(budget) => return Some(budget),
        Err(BudgetError::ZeroTarget) => vec![BudgetError::ZeroTarget],
        // Each bound on its own, so one pass finds both.
        Err(_) => [
            Budget::new(min.map(|m| m.value), target.value, Duration::MAX),
            Budget::new(None, target.value, max_value),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect(),
    };
    let own = |s: Option<Set>| s.is_some_and(|s| s.own);
    for e in errors {
        let field = match e {
            // Reported at each question that has it, own or inherited.
            BudgetError::ZeroTarget => Some("target"),
            BudgetError::MinAboveTarget { .. } if own(min) => Some("min"),
            BudgetError::MinAboveTarget { .. } => target.own.then_some("target"),
            BudgetError::TargetAboveMax { .. } if target.own => Some("target"),
            BudgetError::TargetAboveMax { .. } => own(max).then_some("max"),
        };
        // Otherwise both values are inherited, and `defaults` had the problem.
        if let Some(field) = field {
            c.problem(
                &format!("{base}.{field}"),
                At::Value,
                e.to_string(),
                e.hint(),
            );
        }
    }
    None
}

/// Checks the title, the defaults and each question; keeps the valid questions.
fn validate(
    c: &mut Check,
    title: Option<String>,
    defaults: &RawDefaults,
    questions: Option<Vec<Option<RawQuestion>>>,
) -> Option<(String, Vec<(usize, Question)>)> {
    let title = trimmed(&title).unwrap_or_default().to_string();
    if title.is_empty() {
        c.missing(
            "title",
            "title",
            "the bank has no `title`",
            "add a line such as `title: Behavioural questions` at the top",
        );
    }
    let d = Defaults {
        category: trimmed(&defaults.category),
        target: duration(c, "defaults.target", defaults.target.as_ref()),
        min: duration(c, "defaults.min", defaults.min.as_ref()),
        max: duration(c, "defaults.max", defaults.max.as_ref()),
        weight: weight(c, "defaults.weight", defaults.weight),
        target_written: defaults.target.is_some() || c.rejected("defaults.target"),
    };
    // A zero default target is reported at the questions that inherit it.
    if let Some(t) = d.target.filter(|t| !t.is_zero()) {
        let own = |value| Set { value, own: true };
        budget_of(c, "defaults", d.min.map(own), own(t), d.max.map(own));
    }

    let Some(raw_questions) = questions else {
        c.missing(
            "questions",
            "",
            "the bank has no `questions`",
            "add `questions:` followed by a list of `- id: …` entries",
        );
        return None;
    };
    if raw_questions.is_empty() {
        c.problem(
            "questions",
            At::Key,
            "the bank's question list is empty",
            "add at least one question under `questions:`",
        );
    }
    let mut out = Vec::new();
    for (qi, raw) in raw_questions.iter().enumerate() {
        // A question that is not a mapping is reported already.
        if let Some(q) = raw.as_ref().and_then(|raw| question(c, qi, raw, &d)) {
            out.push((qi, q));
        }
    }
    if !out.is_empty() && out.iter().all(|(_, q)| q.weight == 0.0) && c.is_clean() {
        c.problem(
            "questions",
            At::Key,
            "every question in this bank has weight 0, so none can be drawn",
            "give at least one question a weight above 0, or leave this bank out",
        );
    }
    Some((title, out))
}

/// Checks one question; the question when it has all it needs.
fn question(c: &mut Check, qi: usize, raw: &RawQuestion, d: &Defaults) -> Option<Question> {
    let base = format!("questions[{qi}]");
    let at = |field: &str| format!("{base}.{field}");
    let id = match trimmed(&raw.id) {
        None => {
            c.missing(
                &at("id"),
                &base,
                format!("question {} has no `id`", qi + 1),
                "add a unique lowercase slug such as `id: team-conflict`",
            );
            None
        }
        Some(id) if !is_slug(id) => {
            let suggestion = slugify(id);
            c.problem(
                &at("id"),
                At::Value,
                "id is not a slug (lowercase letters, digits and single `-`)",
                if suggestion.is_empty() {
                    "use an id such as `team-conflict`".into()
                } else {
                    format!("use `{suggestion}`")
                },
            );
            None
        }
        Some(id) => Some(id.to_string()),
    };
    let text = trimmed(&raw.text);
    if text.is_none() {
        c.missing(
            &at("text"),
            &base,
            "missing `text`",
            "add `text:` with the question as it should be read out",
        );
    }
    let category = trimmed(&raw.category).or(d.category);
    if category.is_none() && !c.rejected("defaults.category") {
        c.missing(
            &at("category"),
            &base,
            "missing `category`",
            "add `category: …` to the question, or `category:` under the bank's `defaults`",
        );
    }
    let weight = match raw.weight {
        Some(w) => weight(c, &at("weight"), Some(w)),
        None if c.rejected(&at("weight")) => None,
        None => Some(d.weight.unwrap_or(1.0)),
    };
    let mut set = |field: &str, raw: Option<&RawDuration>, default: Option<Duration>| match raw {
        Some(r) => duration(c, &at(field), Some(r)).map(|value| Set { value, own: true }),
        None => default.map(|value| Set { value, own: false }),
    };
    let target = set("target", raw.target.as_ref(), d.target);
    let min = set("min", raw.min.as_ref(), d.min);
    let max = set("max", raw.max.as_ref(), d.max);
    if raw.target.is_none() && !d.target_written {
        c.missing(
            &at("target"),
            &base,
            "missing `target`",
            format!(
                "add `target:` (the ideal answer length) to the question or to `defaults`; {DURATION_HINT}"
            ),
        );
    }
    let budget = target.and_then(|t| budget_of(c, &base, min, t, max));

    let mut follow_ups = Vec::new();
    for (fi, fu) in raw.follow_ups.iter().enumerate() {
        let path = at(&format!("follow_ups[{fi}]"));
        let text = trimmed(&fu.text);
        if text.is_none() {
            c.missing(
                &format!("{path}.text"),
                &path,
                format!("follow-up {} has no `text`", fi + 1),
                "write each follow-up as `- text: …` with an optional `target:`",
            );
        }
        let own_target = duration(c, &format!("{path}.target"), fu.target.as_ref());
        let own_min = duration(c, &format!("{path}.min"), fu.min.as_ref());
        let own_max = duration(c, &format!("{path}.max"), fu.max.as_ref());
        // Its own target, or half the question's and at least 15 s (even
        // when the question's budget has a problem of its own).
        let target = match (own_target, target) {
            (Some(t), _) => t,
            (None, Some(q)) if fu.target.is_none() => {
                Duration::from_secs((q.value.as_secs() / 2).max(15))
            }
            _ => continue,
        };
        let min = Set {
            value: own_min.unwrap_or_else(|| Duration::from_secs(target.as_secs() / 3)),
            own: own_min.is_some(),
        };
        let target = Set {
            value: target,
            own: own_target.is_some(),
        };
        let max = own_max.map(|value| Set { value, own: true });
        if let (Some(budget), Some(text)) = (budget_of(c, &path, Some(min), target, max), text) {
            follow_ups.push(FollowUp {
                text: text.to_string(),
                budget,
                hints: fu.hints.iter().map(|h| h.trim().to_string()).collect(),
            });
        }
    }

    let mut parts: Vec<Part> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (pi, part) in raw.parts.iter().enumerate() {
        let path = at(&format!("parts[{pi}]"));
        let name = trimmed(&part.name);
        let twice = name.filter(|n| names.iter().any(|m| m.eq_ignore_ascii_case(n)));
        match (name, twice) {
            (None, _) => c.missing(
                &format!("{path}.name"),
                &path,
                format!("part {} has no `name`", pi + 1),
                "write each part as `- {name: Situation, budget: 20s}`",
            ),
            (Some(n), Some(_)) => c.problem(
                &format!("{path}.name"),
                At::Value,
                format!("part `{n}` appears twice"),
                "give every part of a question its own name",
            ),
            (Some(n), None) => names.push(n),
        }
        let who = name.map_or(format!("part {}", pi + 1), |n| format!("part `{n}`"));
        let length = match part.budget.as_ref() {
            None => {
                c.missing(
                    &format!("{path}.budget"),
                    &path,
                    format!("{who} has no `budget`"),
                    format!("give each part a budget; {DURATION_HINT}"),
                );
                None
            }
            // A duration that cannot be read is reported here.
            Some(raw) => duration(c, &format!("{path}.budget"), Some(raw)),
        };
        match length.map(|b| Budget::new(None, b, b)) {
            Some(Ok(budget)) => {
                if let (Some(n), None) = (name, twice) {
                    parts.push(Part {
                        name: n.to_string(),
                        budget,
                    });
                }
            }
            Some(Err(_)) => c.problem(
                &format!("{path}.budget"),
                At::Value,
                format!("{who} has a zero budget"),
                "give it a length above zero, or leave the part out",
            ),
            None => {}
        }
    }

    let mut points: Vec<String> = Vec::new();
    for (pi, point) in raw.points.iter().enumerate() {
        let path = at(&format!("points[{pi}]"));
        let point = point.trim();
        let hint = "write a phrase the answer should touch, such as `- what you changed`, or remove the line";
        if !point.chars().any(char::is_alphanumeric) {
            c.problem(
                &path,
                At::Value,
                format!("point {} has no words", pi + 1),
                hint,
            );
        } else if points.iter().any(|p| p.eq_ignore_ascii_case(point)) {
            c.problem(
                &path,
                At::Value,
                format!("point `{point}` appears twice"),
                "list each point once",
            );
        } else {
            points.push(point.to_string());
        }
    }

    Some(Question {
        id: id?,
        text: text?.to_string(),
        category: category?.to_string(),
        tags: raw
            .tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        weight: weight?,
        budget: budget?,
        hints: raw.hints.iter().map(|h| h.trim().to_string()).collect(),
        follow_ups,
        parts,
        points,
        bank: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::schema::MAX_PROBLEMS;

    #[test]
    fn the_shipped_banks_hold_no_control_text() {
        for (name, text) in super::super::embedded::BUILTIN {
            let doc = Doc::new(name, text);
            assert_eq!(SCHEMA.control_text_warnings(&doc), [], "{name}");
        }
        // The same walk finds control text in a bank from a file.
        let bank = "title: T\nquestions:\n  - id: q\n    text: \"Tell \\e[31mus\"\n    category: c\n    target: 2m\n";
        assert_eq!(load_texts(&[("b.yaml", bank)]).unwrap().warnings.len(), 1);
    }

    #[test]
    fn follow_ups_have_a_minimum_and_their_own_hints() {
        let bank = "title: T\nquestions:\n  - id: q\n    text: Tell us?\n    category: c\n    target: 2m\n    hints: [\"Situation: where\"]\n    follow_ups:\n      - text: Why then?\n        target: 40s\n      - text: And after?\n        min: 0\n        max: 2m\n        hints: [Say what changed]\n";
        let lib = load_texts(&[("b.yaml", bank)]).unwrap();
        let q = &lib.questions[0];
        let b = q.follow_ups[0].budget;
        assert_eq!(
            (b.min(), b.target(), b.max()),
            (
                Some(Duration::from_secs(13)),
                Duration::from_secs(40),
                Duration::from_secs(60)
            )
        );
        // A one-second answer to a 40-second follow-up is too short.
        assert_eq!(
            b.phase(Duration::from_secs(1), Duration::from_secs(15)),
            crate::timing::Phase::TooShort
        );
        assert!(q.follow_ups[0].hints.is_empty());
        let b = q.follow_ups[1].budget;
        assert_eq!(
            (b.min(), b.target(), b.max()),
            (
                Some(Duration::ZERO),
                Duration::from_secs(60),
                Duration::from_secs(120)
            )
        );
        assert_eq!(q.follow_ups[1].hints, ["Say what changed"]);
    }

    /// A bank shaped like the shipped ones (as benches/banks.rs makes them):
    /// about 200 bytes and 20 parser events a question.
    fn generated(n: usize) -> String {
        let mut s = String::from("title: G\ndefaults:\n  category: c\n  target: 2m\nquestions:\n");
        for i in 0..n {
            s.push_str(&format!(
                "  - id: q-{i}\n    text: Tell us about situation number {i} and what you did.\n    tags: [conflict, teamwork]\n    weight: {}\n    target: {}s\n",
                1 + i % 3,
                90 + i % 60
            ));
            if i % 3 == 0 {
                s.push_str("    hints: [\"Situation: where\", \"Result: what changed\"]\n    follow_ups:\n      - text: What would you do differently?\n        target: 45s\n");
            }
        }
        s
    }

    #[test]
    fn loading_a_bank_holds_about_twenty_bytes_for_each_byte_and_at_most_550_for_each_event() {
        // The YAML loader holds every event of the file at once; nothing
        // else may hold as much again (the control-text check once parsed
        // the whole bank a second time, into a tree: 28 bytes for each).
        let text = generated(5_000);
        let (library, peak) = crate::input::heap::peak(|| load_texts(&[("b.yaml", &text)]));
        assert_eq!(library.unwrap().questions.len(), 5_000);
        assert!(
            peak < 22 * text.len(),
            "{peak} bytes held for {} bytes",
            text.len()
        );
        // Empty questions: two events each, and each becomes a struct and
        // four problems (about 500 bytes, 10 % more since questions hold
        // points). Times the event limit, this bounds any bank.
        let text = format!("title: G\nquestions: [{}]\n", ["{}"; 20_000].join(","));
        let (problems, peak) = crate::input::heap::peak(|| load_texts(&[("b.yaml", &text)]));
        assert_eq!(problems.unwrap_err().0.len(), MAX_PROBLEMS + 1);
        assert!(peak < 550 * 40_000, "{peak} bytes held for 40,000 events");
    }

    #[test]
    fn points_are_carried_trimmed_in_order_and_default_to_none() {
        let bank = "title: T\nquestions:\n  - id: q\n    text: Tell us?\n    category: c\n    target: 2m\n    points: [\" what you changed \", the result]\n  - id: r\n    text: And?\n    category: c\n    target: 1m\n";
        let lib = load_texts(&[("b.yaml", bank)]).unwrap();
        assert_eq!(lib.questions[0].points, ["what you changed", "the result"]);
        assert!(lib.questions[1].points.is_empty());
    }

    #[test]
    fn several_shipped_behavioural_and_motivation_questions_list_points() {
        let lib = load(&[], true).unwrap();
        for category in ["behavioural", "motivation"] {
            let with: Vec<&Question> = lib
                .questions
                .iter()
                .filter(|q| q.category == category && !q.points.is_empty())
                .collect();
            assert!(with.len() >= 4, "{category}: {}", with.len());
            // Each point names something to say: at least two words, few enough to check.
            for q in with {
                assert!((2..=5).contains(&q.points.len()), "{}", q.id);
                for p in &q.points {
                    assert!(p.split_whitespace().count() >= 2, "{}: {p}", q.id);
                }
            }
        }
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_dashes() {
        for ok in ["a", "team-conflict", "q-10"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "A", "a--b", "-a", "a-", "a_b", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slugify(" Team_Conflict "), "team-conflict");
    }
}
