//! Presentation plans: a talk split into timed sections, read from YAML and
//! validated like banks — every problem found, each with its file, line,
//! column and fix. The `present` command runs a [`Plan`] against the clock.
//!
//! The format is documented in `question-banks/plans/README.md`.

use crate::duration::{DURATION_HINT, MAX_DURATION, fmt_compact, fmt_mss};
use crate::duration_hint;
use crate::input::raw::{Durations, RawDuration, trimmed};
use crate::input::schema::{Yaml, named};
use crate::input::yaml::{At, Doc};
use crate::input::{self, Check, Kind, Parsed, Problems, Schema};
use crate::timing::Budget;
use serde::de::IgnoredAny;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Warning before the end of each section when a plan sets none: this, or a
/// quarter of the shortest section when that is less.
pub const DEFAULT_SECTION_WARNING: Duration = Duration::from_secs(15);
/// Warning before the end of the talk when a plan sets none: this, or a
/// quarter of the talk when that is less.
pub const DEFAULT_TALK_WARNING: Duration = Duration::from_secs(60);

/// A default warning fitted to what it warns about: never an error, however short.
fn fitted(default: Duration, length: Duration) -> Vec<Duration> {
    let w = default.min(length / 4);
    if w.is_zero() { Vec::new() } else { vec![w] }
}

/// A plan is a screenful of YAML; anything this large is the wrong file.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A validated presentation plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Shown on the screen and in the report.
    pub title: String,
    /// The parts of the talk in order: at least one, each with a budget above
    /// zero, names unique ignoring case.
    pub sections: Vec<Section>,
    /// How long before the end of each section to warn, longest first, without
    /// repeats; each is shorter than the shortest section.
    pub section_warnings: Vec<Duration>,
    /// How long before the end of the whole talk to warn, longest first,
    /// without repeats; each is shorter than the total.
    pub talk_warnings: Vec<Duration>,
    /// The file as given, for messages and history matching; empty for a
    /// [`Plan::countdown`].
    pub source: String,
    /// What is odd but not wrong, such as control characters in text.
    pub warnings: Vec<crate::input::Problem>,
}

/// One timed part of a talk.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// What this part covers, e.g. `Recommendation`.
    pub name: String,
    /// The time it may take: target and max alike, more than zero.
    pub budget: Budget,
    /// Prompts shown while it runs.
    pub notes: Option<String>,
}

impl Plan {
    /// The whole talk's length: the sum of the section budgets.
    pub fn total(&self) -> Duration {
        Budget::sum(self.sections.iter().map(|s| &s.budget)).map_or(Duration::ZERO, |b| b.target())
    }

    /// A plan without a file, for `present --minutes N`: one section "Talk"
    /// of N minutes, with the default warnings fitted to it,
    /// titled "N-minute talk" (under a minute, "N-second talk").
    ///
    /// The caller checks that `minutes` is finite and above zero; anything
    /// else gives a plan without sections rather than a panic.
    pub fn countdown(minutes: f64) -> Plan {
        let length = Duration::try_from_secs_f64(minutes * 60.0).unwrap_or_default();
        let title = if minutes < 1.0 {
            // Rounded to a tenth so 0.05 minutes reads "3", not "3.0000000000000004".
            format!("{}-second talk", (minutes * 600.0).round() / 10.0)
        } else {
            format!("{minutes}-minute talk")
        };
        Plan {
            title,
            sections: Budget::new(None, length, length)
                .map(|budget| {
                    vec![Section {
                        name: "Talk".into(),
                        budget,
                        notes: None,
                    }]
                })
                .unwrap_or_default(),
            section_warnings: fitted(DEFAULT_SECTION_WARNING, length),
            talk_warnings: fitted(DEFAULT_TALK_WARNING, length),
            source: String::new(),
            warnings: Vec::new(),
        }
    }

    /// The index of the section called `name`, ignoring case as the
    /// uniqueness rule does.
    pub fn section_index(&self, name: &str) -> Option<usize> {
        let name = name.trim().to_lowercase();
        self.sections
            .iter()
            .position(|s| s.name.to_lowercase() == name)
    }
}

/// Reads and validates the plan at `path`; every problem comes back at once.
pub fn load(path: &Path) -> Result<Plan, Problems> {
    let name = path.display().to_string();
    let text = input::read_text(path, &name, &PLAN_FILE).map_err(|p| Problems(vec![p]))?;
    parse(&name, &text)
}

/// Validates plan text; `name` is the file as it should appear in messages.
pub fn parse(name: &str, text: &str) -> Result<Plan, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = Doc::new(name, text);
    let mut c = Check::new(&SCHEMA, &doc);
    match read_plan(&mut c) {
        Some(mut plan) if c.is_clean() => {
            plan.source = name.to_string();
            Ok(plan)
        }
        _ => Err(Problems(c.into_problems())),
    }
}

// ---------------------------------------------------------------------------
// The format.

const WARNING_HINT: &str = concat!(duration_hint!(), ", or a list of them such as `[2m, 30s]`");

crate::yaml_struct! {
    /// A plan file as written: everything optional, so validation can say what
    /// is missing and where. `S` is [`RawSection`], or [`IgnoredAny`] to read
    /// the top level alone when the sections are read one by one.
    #[derive(Debug)]
    struct RawPlan<S = RawSection>: "a plan" {
        /// Shown on the screen and in the report.
        title: Option<String> = "write `title:` followed by plain text",
        /// When to warn before the end of each section and of the talk.
        warnings: Option<RawWarnings>
            = "write `warnings:` followed by `section:` and/or `talk:`, each a duration or a list",
        /// The parts of the talk in order; at least one.
        sections: Option<Vec<S>>
            = "write `sections:` followed by a list of `- name: …` entries, each with a `budget:`",
    }
}

crate::yaml_struct! {
    /// The `warnings:` mapping.
    #[derive(Debug, Default)]
    struct RawWarnings: "a mapping with `section` and/or `talk`" {
        /// Before each section's budget runs out; default 15s.
        section: Option<Durations> = WARNING_HINT,
        /// Before the whole talk's total runs out; default 1m.
        talk: Option<Durations> = WARNING_HINT,
    }
}

crate::yaml_struct! {
    /// One section as written.
    #[derive(Debug, Default)]
    struct RawSection: "a section with `name` and `budget`", "a list of sections" {
        /// What the section covers; unique within the plan, ignoring case.
        name: Option<String>
            = "write `name:` followed by plain text, such as `name: Recommendation`",
        /// The time it may take; above zero.
        budget: Option<RawDuration>,
        /// Prompts shown while it runs.
        notes: Option<String>
            = "write `notes:` followed by plain text; `notes: |` starts several lines",
    }
}

/// The plan format.
const SCHEMA: Schema = Schema {
    noun: "plan",
    top: <RawPlan>::TY,
    top_hint: "start the file with `title: …` and then `sections:`; see question-banks/plans/README.md",
    subject: |doc, path| named(doc, path, "sections", "name", "section"),
};

/// How plan files are read.
const PLAN_FILE: Kind = Kind {
    noun: "plan",
    max_bytes: MAX_FILE_BYTES,
    not_found_hint: "check the path; a plan is a YAML file such as question-banks/plans/case-10min.yaml",
    too_big_hint: "a plan is a title and a short list of sections; check that this is the right file",
};

// ---------------------------------------------------------------------------
// Reading and validation.

/// Parses and validates; the plan only when nothing is wrong.
fn read_plan(c: &mut Check) -> Option<Plan> {
    let hint =
        "a plan needs `title:` and a list of `sections:`; see question-banks/plans/README.md";
    let (title, warnings, sections) = match c.parse::<RawPlan>(hint) {
        Parsed::Fits(raw) => (
            raw.title,
            raw.warnings.unwrap_or_default(),
            raw.sections.map(|s| s.into_iter().map(Some).collect()),
        ),
        Parsed::Nothing => return None,
        // Every problem, not only the first: the top level, then each section.
        Parsed::Parts => {
            let top: RawPlan<IgnoredAny> = c.lenient("")?;
            let sections = top.sections.map(|s| c.items("sections", s.len()));
            (top.title, top.warnings.unwrap_or_default(), sections)
        }
    };
    validate(c, title, &warnings, sections)
}

/// A section's name as it appears in messages about it.
fn label(name: Option<&str>, index: usize) -> String {
    name.map_or_else(|| format!("section {}", index + 1), |n| format!("`{n}`"))
}

/// A warning to suggest for a section or talk of length `d`: about half of
/// it, in round numbers.
fn suggest_warning(d: Duration) -> Duration {
    let half = d / 2;
    let secs = half.as_secs();
    if secs >= 5 {
        Duration::from_secs(secs - secs % 5)
    } else if secs >= 1 {
        Duration::from_secs(secs)
    } else {
        half
    }
}

/// A checked warning and where it was written (`None` for a default).
type Warning = (Duration, Option<String>);

/// Reads `warnings.FIELD`, reporting what cannot be used; the default when not written.
fn warnings_at(
    c: &mut Check,
    raw: Option<&Durations>,
    field: &str,
    default: Duration,
) -> Vec<Warning> {
    let path = format!("warnings.{field}");
    if c.rejected(&path) || c.rejected("warnings") {
        return Vec::new();
    }
    let written: Vec<(String, &RawDuration)> = match raw {
        None => return vec![(default, None)],
        Some(Durations::One(d)) => vec![(path, d)],
        Some(Durations::Many(ds)) => ds
            .iter()
            .enumerate()
            .map(|(k, d)| (format!("{path}[{k}]"), d))
            .collect(),
    };
    let mut out = Vec::new();
    for (at, raw) in written {
        let noun = format!("a {field} warning");
        match c.duration(&at, raw, &noun, WARNING_HINT) {
            None => {}
            Some(d) if d.is_zero() => c.problem(
                &at,
                At::Value,
                format!("a {field} warning of 0s would come only when the time is already up"),
                format!("warn a little before the end, such as `{field}: 20s`, or write `{field}: []` for no warning"),
            ),
            Some(d) => out.push((d, Some(at))),
        }
    }
    out
}

/// A section that passed its own checks, or the parts of it that did.
struct Checked<'a> {
    index: usize,
    name: Option<&'a str>,
    budget: Option<Budget>,
    notes: Option<&'a str>,
}

/// Checks what was read; the plan only when the whole file is sound.
fn validate(
    c: &mut Check,
    title: Option<String>,
    warnings: &RawWarnings,
    sections: Option<Vec<Option<RawSection>>>,
) -> Option<Plan> {
    let title = trimmed(&title);
    if title.is_none() {
        c.missing(
            "title",
            "title",
            "the plan has no `title`",
            "add a line such as `title: Ten-minute case presentation` at the top",
        );
    }
    match &sections {
        None => c.missing(
            "sections",
            "sections",
            "the plan has no `sections`",
            "add `sections:` followed by a list of `- name: …` entries, each with a `budget:`",
        ),
        Some(s) if s.is_empty() => c.problem(
            "sections",
            At::Key,
            "the plan's section list is empty",
            "add at least one section under `sections:`, such as `- name: Introduction` with `budget: 1m`",
        ),
        _ => {}
    }

    let written = sections.as_ref().map_or(0, Vec::len);
    let mut checked: Vec<Checked> = Vec::new();
    // Lowercased name → index in `checked` of its first use.
    let mut first_use: HashMap<String, usize> = HashMap::new();
    for (i, raw) in sections.iter().flatten().enumerate() {
        // A section that is not a mapping is reported already.
        let Some(raw) = raw else { continue };
        let base = format!("sections[{i}]");
        let name = trimmed(&raw.name);
        if name.is_none() {
            c.missing(
                &format!("{base}.name"),
                &base,
                format!("section {} has no `name`", i + 1),
                "add `name:` saying what this part of the talk covers, such as `name: Recommendation`",
            );
        }
        let budget_at = format!("{base}.budget");
        let budget = match &raw.budget {
            None => {
                c.missing(
                    &budget_at,
                    &base,
                    "missing `budget`",
                    format!("add `budget:` (the time this section may take); {DURATION_HINT}"),
                );
                None
            }
            Some(r) => c
                .duration(&budget_at, r, "a duration", DURATION_HINT)
                .and_then(|d| match Budget::new(None, d, d) {
                    Ok(b) => Some(b),
                    Err(_) => {
                        c.problem(
                            &budget_at,
                            At::Value,
                            "budget is zero",
                            "give the time this section may take, such as `budget: 1m`",
                        );
                        None
                    }
                }),
        };
        if let Some(n) = name {
            match first_use.get(&n.to_lowercase()) {
                Some(&first) => {
                    let first: &Checked = &checked[first];
                    let there = c
                        .doc
                        .place(&format!("sections[{}].name", first.index), At::Value);
                    let first_name = first.name.unwrap_or_default();
                    let what = if first_name == n {
                        format!("duplicate section name, first used at {there}")
                    } else {
                        format!(
                            "duplicate section name, first used as `{first_name}` at {there} (names ignore case)"
                        )
                    };
                    c.problem(
                        &format!("{base}.name"),
                        At::Value,
                        what,
                        "section names must be unique within a plan; rename one of them",
                    );
                }
                None => {
                    first_use.insert(n.to_lowercase(), checked.len());
                }
            }
        }
        checked.push(Checked {
            index: i,
            name,
            budget,
            notes: trimmed(&raw.notes),
        });
    }

    let section_warnings = warnings_at(
        c,
        warnings.section.as_ref(),
        "section",
        DEFAULT_SECTION_WARNING,
    );
    let talk_warnings = warnings_at(c, warnings.talk.as_ref(), "talk", DEFAULT_TALK_WARNING);

    // A warning as long as what it warns about fires the moment it starts.
    let shortest = checked
        .iter()
        .filter_map(|s| s.budget.map(|b| (s, b.target())))
        .min_by_key(|&(_, b)| b);
    if let Some((short, budget)) = shortest {
        let who = label(short.name, short.index);
        let suggest = fmt_compact(suggest_warning(budget));
        let b = fmt_compact(budget);
        for (w, at) in section_warnings.iter().filter(|(w, _)| *w >= budget) {
            // Only a warning the plan wrote can be wrong; defaults are fitted below.
            let Some(at) = at else { continue };
            let w = fmt_compact(*w);
            c.problem(
                at,
                At::Value,
                format!("section warning of {w} is not shorter than the shortest section, {who} ({b}), so it would fire as soon as that section starts"),
                format!("make the warning shorter than {b}, such as `{suggest}`, or lengthen {who}"),
            );
        }
    }
    let budgets: Vec<Budget> = checked.iter().filter_map(|s| s.budget).collect();
    let total = (written > 0 && budgets.len() == written)
        .then(|| Budget::sum(&budgets).map_or(Duration::ZERO, |b| b.target()));
    if let Some(total) = total.filter(|&t| t > MAX_DURATION) {
        c.problem(
            "sections",
            At::Key,
            format!(
                "the sections add up to {}, longer than a talk may last ({})",
                fmt_mss(total),
                fmt_mss(MAX_DURATION)
            ),
            "shorten the sections: a session records a talk of up to 24h",
        );
    }
    if let Some(total) = total {
        let suggest = fmt_compact(suggest_warning(total));
        let t = fmt_compact(total);
        for (w, at) in talk_warnings.iter().filter(|(w, _)| *w >= total) {
            let Some(at) = at else { continue };
            let w = fmt_compact(*w);
            c.problem(
                at,
                At::Value,
                format!("talk warning of {w} is not shorter than the whole talk ({t}), so it would fire as soon as the talk starts"),
                format!("make the warning shorter than {t}, such as `{suggest}`"),
            );
        }
    }

    if !c.is_clean() {
        return None;
    }
    let mut sections = Vec::new();
    for s in &checked {
        // Every check above reported a problem when one of these is missing.
        let (Some(name), Some(budget)) = (s.name, s.budget) else {
            return None;
        };
        sections.push(Section {
            name: name.to_string(),
            budget,
            notes: s.notes.map(str::to_string),
        });
    }
    // Written warnings as written; a default is fitted to what it warns about.
    let sorted = |ws: Vec<Warning>, length: Duration| {
        let mut ws: Vec<Duration> = ws
            .into_iter()
            .flat_map(|(w, at)| {
                if at.is_some() {
                    vec![w]
                } else {
                    fitted(w, length)
                }
            })
            .collect();
        ws.sort_unstable_by(|a, b| b.cmp(a));
        ws.dedup();
        ws
    };
    Some(Plan {
        title: title?.to_string(),
        sections,
        section_warnings: sorted(section_warnings, shortest?.1),
        talk_warnings: sorted(talk_warnings, total?),
        source: String::new(),
        warnings: SCHEMA.control_text_warnings(c.doc),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn suggested_warnings_are_about_half_in_round_numbers() {
        let cases = [
            (secs(600), secs(300)),
            (secs(120), secs(60)),
            (secs(90), secs(45)),
            (secs(60), secs(30)),
            (secs(20), secs(10)),
            (secs(15), secs(5)),
            (secs(10), secs(5)),
            (secs(5), secs(2)),
            (secs(2), secs(1)),
            (secs(1), Duration::from_millis(500)),
        ];
        for (length, want) in cases {
            let got = suggest_warning(length);
            assert_eq!(got, want, "length {length:?}");
            assert!(got < length, "a suggestion must itself be valid");
        }
    }

    #[test]
    fn countdown_is_one_section_with_the_default_warnings_that_fit() {
        let p = Plan::countdown(10.0);
        assert_eq!(p.title, "10-minute talk");
        assert_eq!(
            p.sections,
            vec![Section {
                name: "Talk".into(),
                budget: Budget::new(None, secs(600), secs(600)).unwrap(),
                notes: None
            }]
        );
        assert_eq!(p.section_warnings, vec![DEFAULT_SECTION_WARNING]);
        assert_eq!(p.talk_warnings, vec![DEFAULT_TALK_WARNING]);
        assert_eq!(p.total(), secs(600));
        assert_eq!(p.source, "");

        // Half a minute: the warnings shrink to a quarter of the talk.
        let short = Plan::countdown(0.5);
        assert_eq!(short.title, "30-second talk");
        assert_eq!(Plan::countdown(0.05).title, "3-second talk");
        assert_eq!(Plan::countdown(2.5).title, "2.5-minute talk");
        assert_eq!(short.total(), Duration::from_secs(30));
        assert_eq!(short.section_warnings, vec![Duration::from_millis(7500)]);
        assert_eq!(short.talk_warnings, vec![Duration::from_millis(7500)]);
    }

    #[test]
    fn countdown_of_a_nonsense_length_does_not_panic() {
        for m in [f64::NAN, -1.0, f64::INFINITY] {
            let p = Plan::countdown(m);
            assert_eq!(p.total(), Duration::ZERO, "minutes {m}");
            assert!(p.section_warnings.is_empty() && p.talk_warnings.is_empty());
        }
    }

    #[test]
    fn total_adds_every_section_and_lookup_ignores_case() {
        let p = parse(
            "p.yaml",
            "title: T\nsections:\n  - name: Intro\n    budget: 1m30s\n  - name: Close\n    budget: 45\n",
        )
        .unwrap();
        assert_eq!(p.total(), secs(135));
        assert_eq!(p.section_index("close"), Some(1));
        assert_eq!(p.section_index(" INTRO "), Some(0));
        assert_eq!(p.section_index("Middle"), None);
    }

    #[test]
    fn warnings_are_sorted_longest_first_without_repeats_and_empty_lists_turn_them_off() {
        let p = parse(
            "p.yaml",
            "title: T\nwarnings:\n  section: [10s, 30s, 10s]\n  talk: []\nsections:\n  - name: A\n    budget: 2m\n",
        )
        .unwrap();
        assert_eq!(p.section_warnings, vec![secs(30), secs(10)]);
        assert!(p.talk_warnings.is_empty());
    }

    #[test]
    fn unset_warnings_take_the_defaults_fitted_to_the_plan() {
        let p = parse(
            "p.yaml",
            "title: T\nsections:\n  - name: A\n    budget: 5m\n",
        )
        .unwrap();
        assert_eq!(p.section_warnings, vec![DEFAULT_SECTION_WARNING]);
        assert_eq!(p.talk_warnings, vec![DEFAULT_TALK_WARNING]);
        let p = parse(
            "p.yaml",
            "title: T\nsections:\n  - name: A\n    budget: 2m\n",
        )
        .unwrap();
        assert_eq!(
            (p.section_warnings[0], p.talk_warnings[0]),
            (secs(15), secs(30))
        );
        // Sections of 3, 4 and 2 seconds and no `warnings:` run, warned at half a second.
        let p = parse(
            "p.yaml",
            "title: T\nsections:\n  - {name: A, budget: 3s}\n  - {name: B, budget: 4s}\n  - {name: C, budget: 2s}\n",
        )
        .unwrap();
        assert_eq!(p.section_warnings, vec![Duration::from_millis(500)]);
        assert_eq!(p.talk_warnings, vec![Duration::from_millis(2250)]);
    }

    #[test]
    fn text_is_trimmed_blank_notes_are_none_and_a_bom_is_ignored() {
        let p = parse(
            "p.yaml",
            "\u{feff}title: '  T  '\nsections:\n  - name: ' A '\n    budget: 2m\n    notes: '   '\n  - name: B\n    budget: 2m\n    notes: |\n      Line one.\n      Line two.\n",
        )
        .unwrap();
        assert_eq!(p.title, "T");
        assert_eq!(p.sections[0].name, "A");
        assert_eq!(p.sections[0].notes, None);
        assert_eq!(p.sections[1].notes.as_deref(), Some("Line one.\nLine two."));
        assert_eq!(p.source, "p.yaml");
    }
}
