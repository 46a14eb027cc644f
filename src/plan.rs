//! Presentation plans: a talk split into timed sections, read from YAML and
//! validated like banks — every problem found, each with its file, line,
//! column and fix. The `present` command runs a [`Plan`] against the clock.
//!
//! The format is documented in `question-banks/plans/README.md`.

use crate::bank::raw::RawDuration;
use crate::bank::{Problem, Problems, Schema, closest, yaml_problem};
use crate::duration::{DURATION_HINT, fmt_compact, parse_duration};
use crate::input::{self as textfile, Kind};
use crate::input::{Locator, Pos};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde_yaml::{Mapping, Value};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// Warning before the end of each section when a plan sets none.
pub const DEFAULT_SECTION_WARNING: Duration = Duration::from_secs(15);
/// Warning before the end of the talk when a plan sets none.
pub const DEFAULT_TALK_WARNING: Duration = Duration::from_secs(60);

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
}

/// One timed part of a talk.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// What this part covers, e.g. `Recommendation`.
    pub name: String,
    /// The time it may take; more than zero.
    pub budget: Duration,
    /// Prompts shown while it runs.
    pub notes: Option<String>,
}

impl Plan {
    /// The whole talk's length: the sum of the section budgets.
    pub fn total(&self) -> Duration {
        self.sections.iter().map(|s| s.budget).sum()
    }

    /// A plan without a file, for `present --minutes N`: one section "Talk"
    /// of N minutes, with the default warnings that are shorter than it,
    /// titled "N-minute talk" (under a minute, "N-second talk").
    ///
    /// The caller checks that `minutes` is finite and above zero; anything
    /// else gives a zero budget rather than a panic.
    pub fn countdown(minutes: f64) -> Plan {
        let budget = Duration::try_from_secs_f64(minutes * 60.0).unwrap_or_default();
        let under = |w: Duration| if w < budget { vec![w] } else { Vec::new() };
        let title = if minutes < 1.0 {
            // Rounded to a tenth so 0.05 minutes reads "3", not "3.0000000000000004".
            format!("{}-second talk", (minutes * 600.0).round() / 10.0)
        } else {
            format!("{minutes}-minute talk")
        };
        Plan {
            title,
            sections: vec![Section {
                name: "Talk".into(),
                budget,
                notes: None,
            }],
            section_warnings: under(DEFAULT_SECTION_WARNING),
            talk_warnings: under(DEFAULT_TALK_WARNING),
            source: String::new(),
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
    let text = read(path, &name).map_err(|p| Problems(vec![p]))?;
    parse(&name, &text)
}

/// Validates plan text; `name` is the file as it should appear in messages.
pub fn parse(name: &str, text: &str) -> Result<Plan, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = Doc {
        name,
        text,
        locator: OnceCell::new(),
    };
    let mut problems = Vec::new();
    let plan =
        read_parts(&doc, &mut problems).and_then(|parts| validate(&doc, parts, &mut problems));
    match plan {
        Some(mut plan) if problems.is_empty() => {
            plan.source = name.to_string();
            Ok(plan)
        }
        _ => {
            problems.sort_by_key(|p| p.pos.map(|p| (p.line, p.col)));
            Err(Problems(problems))
        }
    }
}

// ---------------------------------------------------------------------------
// The file as written.

/// A plan file as written: everything optional, so validation can say what
/// is missing and where, instead of serde stopping at the first gap.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    /// Shown on the screen and in the report.
    title: Option<String>,
    /// When to warn before the end of each section and of the talk.
    warnings: Option<RawWarnings>,
    /// The parts of the talk in order; at least one.
    sections: Option<Vec<RawSection>>,
}

/// The `warnings:` mapping.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping with `section` and/or `talk`"
)]
struct RawWarnings {
    /// Before each section's budget runs out; default 15s.
    section: Option<RawWarning>,
    /// Before the whole talk's total runs out; default 1m.
    talk: Option<RawWarning>,
}

/// One section as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a section with `name` and `budget`")]
struct RawSection {
    /// What the section covers; unique within the plan, ignoring case.
    name: Option<String>,
    /// The time it may take; above zero.
    budget: Option<RawDuration>,
    /// Prompts shown while it runs.
    notes: Option<String>,
}

/// A warning time as written: one duration, or a list of them.
#[derive(Debug, Clone, PartialEq)]
enum RawWarning {
    /// `section: 20s`
    One(RawDuration),
    /// `talk: [2m, 30s]`; `[]` turns the warning off.
    Many(Vec<RawDuration>),
}

impl<'de> Deserialize<'de> for RawWarning {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawWarning;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration like `20s`, or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawWarning, E> {
                Ok(RawWarning::One(RawDuration::Text(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawWarning, E> {
                Ok(RawWarning::One(RawDuration::Seconds(v as f64)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawWarning, E> {
                Ok(RawWarning::One(RawDuration::Seconds(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawWarning, E> {
                Ok(RawWarning::One(RawDuration::Seconds(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawWarning, A::Error> {
                let mut all = Vec::new();
                while let Some(d) = seq.next_element::<RawDuration>()? {
                    all.push(d);
                }
                Ok(RawWarning::Many(all))
            }
        }
        d.deserialize_any(V)
    }
}

const PLAN_FIELDS: &[&str] = &["title", "warnings", "sections"];
const WARNING_FIELDS: &[&str] = &["section", "talk"];
const SECTION_FIELDS: &[&str] = &["name", "budget", "notes"];

const SCHEMA: Schema = Schema {
    fields_of,
    hint: field_hint,
};

fn fields_of(path: &str) -> &'static [&'static str] {
    if path.starts_with("sections[") {
        SECTION_FIELDS
    } else if path.starts_with("warnings") {
        WARNING_FIELDS
    } else {
        PLAN_FIELDS
    }
}

fn field_hint(field: &str) -> String {
    match field {
        "title" => "write `title:` followed by plain text".into(),
        "name" => "write `name:` followed by plain text, such as `name: Recommendation`".into(),
        "notes" => "write `notes:` followed by plain text; `notes: |` starts several lines".into(),
        "budget" => DURATION_HINT.into(),
        "section" | "talk" => format!("{DURATION_HINT}, or a list of them such as `[2m, 30s]`"),
        "warnings" => {
            "write `warnings:` followed by `section:` and/or `talk:`, each a duration or a list"
                .into()
        }
        "sections" => {
            "write `sections:` followed by a list of `- name: …` entries, each with a `budget:`"
                .into()
        }
        _ => "see question-banks/plans/README.md for the plan format".into(),
    }
}

// ---------------------------------------------------------------------------
// Reading.

/// The text being checked, with positions found only if a problem needs them.
struct Doc<'a> {
    name: &'a str,
    text: &'a str,
    locator: OnceCell<Locator>,
}

impl Doc<'_> {
    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(self.text))
    }

    fn key(&self, path: &str) -> Option<Pos> {
        self.locator().key(path)
    }

    fn value(&self, path: &str) -> Option<Pos> {
        self.locator().value(path)
    }

    /// `FILE:LINE:COL`, for messages that point at a second place.
    fn place(&self, pos: Option<Pos>) -> String {
        match pos {
            Some(p) => format!("{}:{}:{}", self.name, p.line, p.col),
            None => self.name.to_string(),
        }
    }

    fn problem(
        &self,
        pos: Option<Pos>,
        section: Option<&str>,
        what: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        Problem {
            file: self.name.to_string(),
            pos,
            subject: section.map(|name| format!("section `{name}`")),
            what: what.into(),
            hint: hint.into(),
        }
    }
}

/// How plan files are read.
const PLAN_FILE: Kind = Kind {
    noun: "plan",
    max_bytes: MAX_FILE_BYTES,
    not_found_hint: "check the path; a plan is a YAML file such as question-banks/plans/case-10min.yaml",
    too_big_hint: "a plan is a title and a short list of sections; check that this is the right file",
};

/// The file's text, or why it cannot be had; worded as for bank files.
fn read(path: &Path, name: &str) -> Result<String, Problem> {
    if path.is_dir() {
        return Err(Problem {
            file: name.to_string(),
            pos: None,
            subject: None,
            what: "is a directory, not a plan file".into(),
            hint: "name one plan file, such as question-banks/plans/case-10min.yaml".into(),
        });
    }
    textfile::read_text(path, name, &PLAN_FILE)
}

/// What serde could read of a plan, before validation.
#[derive(Default)]
struct Parts {
    title: Option<String>,
    warnings: RawWarnings,
    /// Each section's index in the file, the fields serde could read, and
    /// whether it read them all.
    sections: Option<Vec<(usize, RawSection, bool)>>,
    /// How many sections the file lists, readable or not.
    written: usize,
    /// Fields serde rejected (`title`, `warnings.talk`, …): already reported,
    /// so not reported again as missing, nor replaced by defaults.
    rejected: Vec<String>,
}

impl Parts {
    fn rejected(&self, field: &str) -> bool {
        self.rejected.iter().any(|r| r == field)
    }

    /// Notes that serde rejected `key` (under `prefix`), and for a misspelt
    /// key the field it was meant to be: `titel` is not also "no `title`".
    fn reject(&mut self, prefix: &str, key: &Value, fields: &[&str]) {
        let Some(key) = key.as_str() else { return };
        self.rejected.push(format!("{prefix}{key}"));
        if !fields.contains(&key) {
            if let Some(meant) = closest(key, fields) {
                self.rejected.push(format!("{prefix}{meant}"));
            }
        }
    }

    fn merge(&mut self, raw: RawPlan) {
        if raw.title.is_some() {
            self.title = raw.title;
        }
        if let Some(w) = raw.warnings {
            self.warnings.section = w.section.or(self.warnings.section.take());
            self.warnings.talk = w.talk.or(self.warnings.talk.take());
        }
        if let Some(sections) = raw.sections {
            self.written = sections.len();
            self.sections = Some(
                sections
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| (i, s, true))
                    .collect(),
            );
        }
    }
}

/// Parses the text into [`Parts`], reporting what serde rejects; `None` when
/// nothing could be read.
fn read_parts(doc: &Doc, problems: &mut Vec<Problem>) -> Option<Parts> {
    if doc
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        problems.push(doc.problem(
            None,
            None,
            "the plan is empty",
            "a plan needs `title:` and a list of `sections:`; see question-banks/plans/README.md",
        ));
        return None;
    }
    match serde_yaml::from_str::<RawPlan>(doc.text) {
        Ok(raw) => {
            let mut parts = Parts::default();
            parts.merge(raw);
            Some(parts)
        }
        Err(_) => recover(doc, problems),
    }
}

/// After serde's first error: reads the plan field by field, and each section
/// field by field, so every rejected field is reported, not only the first.
fn recover(doc: &Doc, problems: &mut Vec<Problem>) -> Option<Parts> {
    let root = match serde_yaml::from_str::<Value>(doc.text) {
        Ok(Value::Mapping(m)) => m,
        Ok(_) => {
            problems.push(doc.problem(
                doc.value(""),
                None,
                "a plan must be a mapping with `title`, `warnings` and `sections`",
                "start the file with `title: …` and then `sections:`; see question-banks/plans/README.md",
            ));
            return None;
        }
        Err(e) => {
            problems.push(yaml_problem(doc.name, doc.text, &e, &SCHEMA));
            return None;
        }
    };
    let mut parts = Parts::default();
    for (key, value) in &root {
        match (key.as_str(), value) {
            (Some("sections"), Value::Sequence(items)) => {
                parts.written = items.len();
                let mut kept = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let prefix = format!("sections[{i}]");
                    let name = item
                        .get("name")
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|n| !n.is_empty());
                    let mut section = RawSection::default();
                    let mut ok = true;
                    for piece in entries(item) {
                        match read_piece::<RawSection>(&piece) {
                            Ok(s) => {
                                section.name = s.name.or(section.name);
                                section.budget = s.budget.or(section.budget);
                                section.notes = s.notes.or(section.notes);
                            }
                            Err(msg) => {
                                ok = false;
                                problems.push(serde_problem(doc, &prefix, &msg, name));
                            }
                        }
                    }
                    kept.push((i, section, ok));
                }
                parts.sections = Some(kept);
            }
            (Some("warnings"), Value::Mapping(m)) => {
                for (k, v) in m {
                    let piece = single(
                        Value::String("warnings".into()),
                        single(k.clone(), v.clone()),
                    );
                    match read_piece::<RawPlan>(&piece) {
                        Ok(raw) => parts.merge(raw),
                        Err(msg) => {
                            problems.push(serde_problem(doc, "", &msg, None));
                            parts.reject("warnings.", k, WARNING_FIELDS);
                        }
                    }
                }
            }
            _ => match read_piece::<RawPlan>(&single(key.clone(), value.clone())) {
                Ok(raw) => parts.merge(raw),
                Err(msg) => {
                    problems.push(serde_problem(doc, "", &msg, None));
                    parts.reject("", key, PLAN_FIELDS);
                }
            },
        }
    }
    Some(parts)
}

/// A one-entry mapping.
fn single(key: Value, value: Value) -> Value {
    let mut m = Mapping::new();
    m.insert(key, value);
    Value::Mapping(m)
}

/// A mapping's entries as one-entry mappings, so each is read on its own;
/// anything else as itself.
fn entries(value: &Value) -> Vec<Value> {
    match value {
        Value::Mapping(m) => m
            .iter()
            .map(|(k, v)| single(k.clone(), v.clone()))
            .collect(),
        other => vec![other.clone()],
    }
}

/// Reads one piece of the document through text again, so that serde's
/// message starts with the field path within the piece.
fn read_piece<T: DeserializeOwned>(piece: &Value) -> Result<T, String> {
    serde_yaml::to_string(piece)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_yaml::from_str::<T>(&t).map_err(|e| e.to_string()))
}

/// Serde's message for a piece found at `prefix`, located in the whole file
/// and worded by the bank code's translation, with the plan's own hints.
fn serde_problem(doc: &Doc, prefix: &str, msg: &str, section: Option<&str>) -> Problem {
    let (rel, rest) = split_path(msg);
    let path = match (prefix.is_empty(), rel.is_empty()) {
        (_, true) => prefix.to_string(),
        (true, false) => rel.to_string(),
        (false, false) => format!("{prefix}.{rel}"),
    };
    let full = if path.is_empty() {
        rest.to_string()
    } else {
        format!("{path}: {rest}")
    };
    let e = <serde_yaml::Error as de::Error>::custom(full);
    let mut problem = yaml_problem(doc.name, doc.text, &e, &SCHEMA);
    // The unknown-field hint already comes from `SCHEMA`; the others are the
    // bank's wording, so they are replaced.
    if !problem.what.starts_with("unknown field") {
        problem.hint = field_hint(last_field(&path));
    }
    if section.is_some() {
        problem.subject = section.map(|name| format!("section `{name}`"));
    }
    problem
}

/// Splits serde's `path: message` into its parts; a message without a path
/// gives an empty one.
fn split_path(msg: &str) -> (&str, &str) {
    match msg.split_once(": ") {
        Some((p, rest))
            if !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c)) =>
        {
            (p, rest)
        }
        _ => ("", msg),
    }
}

/// The last named field of a path: `sections[2].budget` → `budget`,
/// `warnings.talk[1]` → `talk`, `sections[0]` → `sections`.
fn last_field(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

// ---------------------------------------------------------------------------
// Validation.

fn to_duration(raw: &RawDuration) -> Option<Duration> {
    match raw {
        RawDuration::Text(s) => parse_duration(s).ok(),
        RawDuration::Seconds(n) => parse_duration(&n.to_string()).ok(),
    }
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
    doc: &Doc,
    parts: &Parts,
    field: &str,
    default: Duration,
    problems: &mut Vec<Problem>,
) -> Vec<Warning> {
    let path = format!("warnings.{field}");
    if parts.rejected(&path) {
        return Vec::new();
    }
    let raw = match field {
        "section" => parts.warnings.section.as_ref(),
        _ => parts.warnings.talk.as_ref(),
    };
    let written: Vec<(String, &RawDuration)> = match raw {
        None => return vec![(default, None)],
        Some(RawWarning::One(d)) => vec![(path, d)],
        Some(RawWarning::Many(ds)) => ds
            .iter()
            .enumerate()
            .map(|(k, d)| (format!("{path}[{k}]"), d))
            .collect(),
    };
    let mut out = Vec::new();
    for (at, raw) in written {
        match to_duration(raw) {
            None => problems.push(doc.problem(
                doc.value(&at),
                None,
                format!("cannot read `{raw}` as a {field} warning"),
                format!("{DURATION_HINT}, or a list of them such as `[2m, 30s]`"),
            )),
            Some(d) if d.is_zero() => problems.push(doc.problem(
                doc.value(&at),
                None,
                format!("a {field} warning of 0s would come only when the time is already up"),
                format!("warn a little before the end, such as `{field}: 20s`, or write `{field}: []` for no warning"),
            )),
            Some(d) => out.push((d, Some(at))),
        }
    }
    out
}

/// A section that passed its own checks, or the parts of it that did.
struct Checked<'a> {
    index: usize,
    name: Option<&'a str>,
    budget: Option<Duration>,
    notes: Option<&'a str>,
}

/// Checks what serde read; the plan only when the whole file is sound.
fn validate(doc: &Doc, parts: Parts, problems: &mut Vec<Problem>) -> Option<Plan> {
    let title = parts
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if title.is_none() && !parts.rejected("title") {
        problems.push(doc.problem(
            doc.key("title").or_else(|| doc.key("")),
            None,
            "the plan has no `title`",
            "add a line such as `title: Ten-minute case presentation` at the top",
        ));
    }
    match &parts.sections {
        None if !parts.rejected("sections") => problems.push(doc.problem(
            doc.key("sections").or_else(|| doc.key("")),
            None,
            "the plan has no `sections`",
            "add `sections:` followed by a list of `- name: …` entries, each with a `budget:`",
        )),
        Some(_) if parts.written == 0 => problems.push(doc.problem(
            doc.key("sections"),
            None,
            "the plan's section list is empty",
            "add at least one section under `sections:`, such as `- name: Introduction` with `budget: 1m`",
        )),
        _ => {}
    }

    let mut checked = Vec::new();
    // Lowercased name → index in `checked` of its first use.
    let mut first_use: HashMap<String, usize> = HashMap::new();
    for (i, raw, complete) in parts.sections.iter().flatten() {
        let (i, complete) = (*i, *complete);
        let base = format!("sections[{i}]");
        let name = raw.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        // A field serde rejected is reported already, not again as missing.
        if name.is_none() && complete {
            problems.push(doc.problem(
                doc.key(&base),
                None,
                format!("section {} has no `name`", i + 1),
                "add `name:` saying what this part of the talk covers, such as `name: Recommendation`",
            ));
        }
        let budget_at = format!("{base}.budget");
        let budget = match &raw.budget {
            None if !complete => None,
            None => {
                problems.push(doc.problem(
                    doc.key(&base),
                    name,
                    "missing `budget`",
                    format!("add `budget:` (the time this section may take); {DURATION_HINT}"),
                ));
                None
            }
            Some(r) => match to_duration(r) {
                None => {
                    problems.push(doc.problem(
                        doc.value(&budget_at),
                        name,
                        format!("cannot read `{r}` as a duration"),
                        DURATION_HINT,
                    ));
                    None
                }
                Some(d) if d.is_zero() => {
                    problems.push(doc.problem(
                        doc.value(&budget_at),
                        name,
                        "budget is zero",
                        "give the time this section may take, such as `budget: 1m`",
                    ));
                    None
                }
                Some(d) => Some(d),
            },
        };
        if let Some(n) = name {
            match first_use.get(&n.to_lowercase()) {
                Some(&first) => {
                    let first: &Checked = &checked[first];
                    let there = doc.place(doc.value(&format!("sections[{}].name", first.index)));
                    let first_name = first.name.unwrap_or_default();
                    let what = if first_name == n {
                        format!("duplicate section name, first used at {there}")
                    } else {
                        format!(
                            "duplicate section name, first used as `{first_name}` at {there} (names ignore case)"
                        )
                    };
                    problems.push(doc.problem(
                        doc.value(&format!("{base}.name")),
                        name,
                        what,
                        "section names must be unique within a plan; rename one of them",
                    ));
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
            notes: raw
                .notes
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty()),
        });
    }

    let section_warnings = warnings_at(doc, &parts, "section", DEFAULT_SECTION_WARNING, problems);
    let talk_warnings = warnings_at(doc, &parts, "talk", DEFAULT_TALK_WARNING, problems);

    // A warning as long as what it warns about fires the moment it starts.
    let shortest = checked
        .iter()
        .filter_map(|c| c.budget.map(|b| (c, b)))
        .min_by_key(|&(_, b)| b);
    if let Some((short, budget)) = shortest {
        let who = label(short.name, short.index);
        let suggest = fmt_compact(suggest_warning(budget));
        let b = fmt_compact(budget);
        for (w, at) in section_warnings.iter().filter(|(w, _)| *w >= budget) {
            let w = fmt_compact(*w);
            problems.push(match at {
                Some(at) => doc.problem(
                    doc.value(at),
                    None,
                    format!("section warning of {w} is not shorter than the shortest section, {who} ({b}), so it would fire as soon as that section starts"),
                    format!("make the warning shorter than {b}, such as `{suggest}`, or lengthen {who}"),
                ),
                None => doc.problem(
                    doc.value(&format!("sections[{}].budget", short.index)),
                    short.name,
                    format!("the default section warning of {w} is not shorter than this section ({b}), the shortest in the plan, so it would fire as soon as this section starts"),
                    format!("set a shorter one under `warnings:`, such as `section: {suggest}`, or lengthen this section"),
                ),
            });
        }
    }
    let all_budgets = parts.written > 0
        && checked.len() == parts.written
        && checked.iter().all(|c| c.budget.is_some())
        && parts
            .sections
            .iter()
            .flatten()
            .all(|(_, _, complete)| *complete);
    if all_budgets {
        let total: Duration = checked.iter().filter_map(|c| c.budget).sum();
        let suggest = fmt_compact(suggest_warning(total));
        let t = fmt_compact(total);
        for (w, at) in talk_warnings.iter().filter(|(w, _)| *w >= total) {
            let w = fmt_compact(*w);
            problems.push(match at {
                Some(at) => doc.problem(
                    doc.value(at),
                    None,
                    format!("talk warning of {w} is not shorter than the whole talk ({t}), so it would fire as soon as the talk starts"),
                    format!("make the warning shorter than {t}, such as `{suggest}`"),
                ),
                None => doc.problem(
                    doc.key("warnings").or_else(|| doc.key("sections")),
                    None,
                    format!("the default talk warning of {w} is not shorter than the whole talk ({t}), so it would fire as soon as the talk starts"),
                    format!("set a shorter one under `warnings:`, such as `talk: {suggest}`"),
                ),
            });
        }
    }

    if !problems.is_empty() {
        return None;
    }
    let mut sections = Vec::new();
    for c in &checked {
        // Every check above reported a problem when one of these is missing.
        let (Some(name), Some(budget)) = (c.name, c.budget) else {
            return None;
        };
        sections.push(Section {
            name: name.to_string(),
            budget,
            notes: c.notes.map(str::to_string),
        });
    }
    let sorted = |ws: Vec<Warning>| {
        let mut ws: Vec<Duration> = ws.into_iter().map(|(w, _)| w).collect();
        ws.sort_unstable_by(|a, b| b.cmp(a));
        ws.dedup();
        ws
    };
    Some(Plan {
        title: title?.to_string(),
        sections,
        section_warnings: sorted(section_warnings),
        talk_warnings: sorted(talk_warnings),
        source: String::new(),
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
    fn serde_paths_split_from_messages_and_name_their_last_field() {
        let cases = [
            ("budget: invalid type: x", "budget", "invalid type: x"),
            (
                "warnings.talk[1]: invalid type: x",
                "warnings.talk[1]",
                "invalid type: x",
            ),
            (
                "unknown field `nmae`, expected one of: x",
                "",
                "unknown field `nmae`, expected one of: x",
            ),
            (
                "invalid type: integer `5`, expected a section",
                "",
                "invalid type: integer `5`, expected a section",
            ),
        ];
        for (msg, path, rest) in cases {
            assert_eq!(split_path(msg), (path, rest), "message {msg:?}");
        }
        let fields = [
            ("sections[2].budget", "budget"),
            ("warnings.talk[1]", "talk"),
            ("warnings.section", "section"),
            ("sections[0]", "sections"),
            ("title", "title"),
            ("", ""),
        ];
        for (path, field) in fields {
            assert_eq!(last_field(path), field, "path {path:?}");
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
                budget: secs(600),
                notes: None
            }]
        );
        assert_eq!(p.section_warnings, vec![DEFAULT_SECTION_WARNING]);
        assert_eq!(p.talk_warnings, vec![DEFAULT_TALK_WARNING]);
        assert_eq!(p.total(), secs(600));
        assert_eq!(p.source, "");

        // Half a minute: the 1m talk warning would fire at once, so it is left out.
        let short = Plan::countdown(0.5);
        assert_eq!(short.title, "30-second talk");
        assert_eq!(Plan::countdown(0.05).title, "3-second talk");
        assert_eq!(Plan::countdown(2.5).title, "2.5-minute talk");
        assert_eq!(short.total(), secs(30));
        assert_eq!(short.section_warnings, vec![secs(15)]);
        assert!(short.talk_warnings.is_empty());
        // Exactly as long as a warning: that one is left out too.
        assert!(Plan::countdown(0.25).section_warnings.is_empty());
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
    fn warnings_take_one_duration_or_a_list() {
        let cases: [(&str, RawWarning); 4] = [
            ("20s", RawWarning::One(RawDuration::Text("20s".into()))),
            ("45", RawWarning::One(RawDuration::Seconds(45.0))),
            (
                "[2m, 30]",
                RawWarning::Many(vec![
                    RawDuration::Text("2m".into()),
                    RawDuration::Seconds(30.0),
                ]),
            ),
            ("[]", RawWarning::Many(Vec::new())),
        ];
        for (text, want) in cases {
            let got: RawWarning = serde_yaml::from_str(text).unwrap();
            assert_eq!(got, want, "text {text:?}");
        }
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
    fn unset_warnings_take_the_defaults() {
        let p = parse(
            "p.yaml",
            "title: T\nsections:\n  - name: A\n    budget: 2m\n",
        )
        .unwrap();
        assert_eq!(p.section_warnings, vec![DEFAULT_SECTION_WARNING]);
        assert_eq!(p.talk_warnings, vec![DEFAULT_TALK_WARNING]);
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
