//! The interview being prepared for: the company, the role, the panel, the
//! job ad's requirements and what was said in round one. Bank text refers
//! to it through placeholders: `{company|us}` is the company's name, or
//! `us` without a profile; `{company's|our}` its possessive; `{weakness}`,
//! with no generic wording, makes a question that is asked only when the
//! profile says what round one's weakness was. List values (`requirement`,
//! `story`) make one question per item.

use super::model::{Library, Question};
use super::placeholder::slots;
use crate::input::yaml::{At, Doc};
use crate::input::{self, Check, Kind, Parsed, Problems, Schema};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What a profile holds; every field is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// The company's name.
    pub company: Option<String>,
    /// The role applied for.
    pub role: Option<String>,
    /// The day of the interview.
    pub date: Option<jiff::civil::Date>,
    /// Who sits on the panel.
    pub interviewers: Vec<Member>,
    /// The job ad's key requirements, a phrase each.
    pub requirements: Vec<String>,
    /// What was said in the first round.
    pub round_one: RoundOne,
    /// Questions to ask the panel, shown at the candidate's turn.
    pub questions: Vec<String>,
}

/// One member of the panel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Member {
    /// Their name.
    pub name: String,
    /// Their role, such as `head of engineering` or `HR partner`.
    pub role: Option<String>,
}

/// What the candidate said in the first interview.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundOne {
    /// Why they applied.
    pub why_applied: Option<String>,
    /// The strengths they named.
    pub strengths: Vec<String>,
    /// The weakness they named.
    pub weakness: Option<String>,
    /// The salary figure they gave, as said (`55,000`, `£55k`).
    pub salary: Option<String>,
    /// The stories they told, a short title each.
    pub stories: Vec<String>,
}

impl Profile {
    /// The value of a single-valued placeholder, if the profile has it.
    fn value(&self, name: &str) -> Option<String> {
        let r = &self.round_one;
        match name {
            "company" => self.company.clone(),
            "role" => self.role.clone(),
            "interviewer" => self.interviewers.first().map(|m| m.name.clone()),
            "why_applied" => r.why_applied.clone(),
            "weakness" => r.weakness.clone(),
            "salary" => r.salary.clone(),
            "strengths" => (!r.strengths.is_empty()).then(|| listed(&r.strengths)),
            _ => None,
        }
    }

    /// The values a list placeholder runs over.
    fn each(&self, name: &str) -> Option<&[String]> {
        match name {
            "requirement" => Some(&self.requirements),
            "story" => Some(&self.round_one.stories),
            _ => None,
        }
    }

    /// The library with every question's placeholders filled from this
    /// profile: a question with a list placeholder once per item, a question
    /// whose placeholder has neither a value nor a generic wording left out.
    pub fn personalise(&self, library: &Library) -> Library {
        let mut out = library.clone();
        out.questions = library
            .questions
            .iter()
            .flat_map(|q| self.fill(q))
            .collect();
        out
    }

    /// `q` filled, once per value of the list placeholder it uses.
    fn fill(&self, q: &Question) -> Vec<Question> {
        let list = all_text(q)
            .flat_map(slots)
            .find_map(|s| self.each(s.name).map(|v| (s.name, v)));
        match list {
            Some((name, values)) if !values.is_empty() => values
                .iter()
                .filter_map(|v| {
                    let mut filled = self.filled(q, Some((name, v)))?;
                    filled.id = format!("{}-{}", q.id, slug(v));
                    Some(filled)
                })
                .collect(),
            _ => self.filled(q, None).into_iter().collect(),
        }
    }

    fn filled(&self, q: &Question, item: Option<(&str, &str)>) -> Option<Question> {
        let text = |t: &str| self.text(t, item);
        let mut q = q.clone();
        q.text = text(&q.text)?;
        // A hint that fills to nothing (`{company=…%…|}` without a
        // company) is left out.
        let hints = |hs: &[String]| -> Option<Vec<String>> {
            let filled: Option<Vec<String>> = hs.iter().map(|h| text(h)).collect();
            Some(
                filled?
                    .into_iter()
                    .filter(|h| !h.trim().is_empty())
                    .collect(),
            )
        };
        q.hints = hints(&q.hints)?;
        for f in &mut q.follow_ups {
            f.text = text(&f.text)?;
            f.hints = hints(&f.hints)?;
        }
        Some(q)
    }

    /// `text` with its placeholders filled, or `None` when one has neither
    /// a value nor a generic wording.
    pub fn text(&self, text: &str, item: Option<(&str, &str)>) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for s in slots(text) {
            out.push_str(&text[last..s.at.start]);
            let value = match item {
                Some((name, v)) if name == s.name => Some(v.to_string()),
                _ => self.value(s.name),
            };
            match (value, s.fallback) {
                (Some(mut v), _) => {
                    if s.possessive {
                        v.push_str(if v.ends_with('s') { "'" } else { "'s" });
                    }
                    match s.around {
                        Some(words) => out.push_str(&words.replace('%', &v)),
                        None => out.push_str(&v),
                    }
                }
                (None, Some(f)) => out.push_str(f),
                (None, None) => return None,
            }
            last = s.at.end;
        }
        out.push_str(&text[last..]);
        Some(out)
    }
}

const LIST_HINT: &str = "write a list, one `- …` per line";
const DATE_HINT: &str = "write the interview's day as `date: 2026-12-14` (year-month-day)";
const MEMBER_HINT: &str =
    "write each as `- {name: Dana Reyes, role: head of data}` (the role may be left out)";

crate::yaml_struct! {
    /// The profile file as written.
    #[derive(Debug, Default)]
    struct RawProfile: "a profile" {
        /// The company's name.
        company: Option<String> = "write `company:` followed by its name",
        /// The role applied for.
        role: Option<String> = "write `role:` followed by the job title",
        /// The interview's day, `2026-12-14`.
        date: Option<Said> as "a date" = DATE_HINT,
        /// Who is on the panel.
        #[serde(default)]
        interviewers: Vec<RawMember> = MEMBER_HINT,
        /// The job ad's key requirements.
        #[serde(default)]
        requirements: Vec<String> = LIST_HINT,
        /// What was said in round one.
        #[serde(default)]
        round_one: RawRoundOne = "write `round_one:` followed by any of why_applied, strengths, weakness, salary, stories",
        /// Questions for the panel.
        #[serde(default)]
        questions: Vec<String> = LIST_HINT,
    }
}

crate::yaml_struct! {
    /// A member of the panel as written.
    #[derive(Debug, Default)]
    struct RawMember: "an interviewer (a mapping of `name` and `role`)", "a list of interviewers" {
        /// Their name.
        name: Option<String> = MEMBER_HINT,
        /// Their role.
        role: Option<String> = MEMBER_HINT,
    }
}

crate::yaml_struct! {
    /// Round one as written.
    #[derive(Debug, Default)]
    struct RawRoundOne: "a mapping" {
        /// Why you said you applied.
        why_applied: Option<String> = "write what you said, in a sentence",
        /// The strengths you named.
        #[serde(default)]
        strengths: Vec<String> = LIST_HINT,
        /// The weakness you named.
        weakness: Option<String> = "write the weakness you named, in a few words",
        /// The salary figure you gave.
        salary: Option<Said> = "write the figure as you said it, such as `salary: 55000`",
        /// The stories you told.
        #[serde(default)]
        stories: Vec<String> = "write a short title per story, one `- …` per line",
    }
}

/// A value written as text or as a number (`salary: 55000`, `salary: £55k`).
#[derive(Debug)]
struct Said(String);

impl crate::input::schema::Yaml for Said {
    const TY: crate::input::schema::Ty = crate::input::schema::Ty::leaf("text or a number");
    fn control_text(&self, field: &str) -> bool {
        self.0.control_text(field)
    }
}

impl<'de> Deserialize<'de> for Said {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Scalar;
        impl serde::de::Visitor<'_> for Scalar {
            type Value = Said;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text or a number")
            }
            fn visit_str<E>(self, v: &str) -> Result<Said, E> {
                Ok(Said(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Said, E> {
                Ok(Said(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Said, E> {
                Ok(Said(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Said, E> {
                Ok(Said(crate::duration::fmt_number(v)))
            }
        }
        d.deserialize_any(Scalar)
    }
}

/// The profile format.
const SCHEMA: Schema = Schema {
    noun: "profile",
    top: <RawProfile as crate::input::schema::Yaml>::TY,
    top_hint: "write one field per line, such as `company: Acme`; `rehearse profile` writes one by asking",
    subject: |_, _| None,
};

const PROFILE_FILE: Kind = Kind {
    noun: "profile",
    max_bytes: 256 * 1024,
    not_found_hint: "check the path, or run `rehearse profile` to write one",
    too_big_hint: "a profile is a page of notes; check that this is the right file",
};

/// Where the profile lives unless `--profile` names one:
/// `rehearse/profile.yaml` in the config directory.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("rehearse").join("profile.yaml"))
}

impl Profile {
    /// The profile `named` by `--profile` (which must exist), else the one in
    /// the default place if there is one.
    pub fn load(named: Option<&Path>) -> Result<Option<Profile>, Problems> {
        let (path, must) = match named {
            Some(p) => (p.to_path_buf(), true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return Ok(None),
            },
        };
        let name = path.display().to_string();
        let text = if must {
            input::read_text(&path, &name, &PROFILE_FILE).map(Some)
        } else {
            input::read_text_if_exists(&path, &name, &PROFILE_FILE)
        };
        match text.map_err(|p| Problems(vec![p]))? {
            Some(text) => Profile::parse(&name, &text).map(Some),
            None => Ok(None),
        }
    }

    /// Parses profile text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<Profile, Problems> {
        let doc = Doc::new(name, text);
        if doc.is_blank() {
            return Ok(Profile::default());
        }
        let mut c = Check::new(&SCHEMA, &doc);
        let raw = match c.parse::<RawProfile>(SCHEMA.top_hint) {
            Parsed::Fits(raw) => Some(raw),
            Parsed::Parts => c.lenient(""),
            Parsed::Nothing => None,
        };
        let profile = raw.map(|raw| validate(&mut c, raw));
        match profile {
            Some(p) if c.is_clean() => Ok(p),
            _ => Err(Problems(c.into_problems())),
        }
    }
}

/// Trims every text and refuses empty ones and a date that is not a day.
fn validate(c: &mut Check, raw: RawProfile) -> Profile {
    let mut text = |path: &str, v: Option<String>| -> Option<String> {
        let t = v?.trim().to_string();
        if t.is_empty() {
            c.problem(
                path,
                At::Value,
                format!("`{path}` is empty"),
                "write the value, or leave the line out",
            );
            return None;
        }
        Some(t)
    };
    let company = text("company", raw.company);
    let role = text("role", raw.role);
    let r = raw.round_one;
    let why_applied = text("round_one.why_applied", r.why_applied);
    let weakness = text("round_one.weakness", r.weakness);
    let salary = text("round_one.salary", r.salary.map(|s| s.0));
    let date =
        text("date", raw.date.map(|s| s.0)).and_then(|d| match d.parse::<jiff::civil::Date>() {
            Ok(day) => Some(day),
            Err(_) => {
                let what = format!("`date` is not a day: `{}`", crate::text::safe(&d));
                c.problem("date", At::Value, what, DATE_HINT);
                None
            }
        });
    let mut list = |path: &str, items: Vec<String>| -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            match item.trim() {
                "" => c.problem(
                    &format!("{path}[{i}]"),
                    At::Value,
                    format!("item {} of `{path}` is empty", i + 1),
                    "write a phrase, or remove the line",
                ),
                t => out.push(t.to_string()),
            }
        }
        out
    };
    let requirements = list("requirements", raw.requirements);
    let questions = list("questions", raw.questions);
    let strengths = list("round_one.strengths", r.strengths);
    let stories = list("round_one.stories", r.stories);
    let mut interviewers = Vec::new();
    for (i, m) in raw.interviewers.into_iter().enumerate() {
        let at = format!("interviewers[{i}]");
        match m.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => interviewers.push(Member {
                name: name.to_string(),
                role: m
                    .role
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty()),
            }),
            _ => c.problem(
                &at,
                At::Key,
                format!("interviewer {} has no `name`", i + 1),
                MEMBER_HINT,
            ),
        }
    }
    Profile {
        company,
        role,
        date,
        interviewers,
        requirements,
        round_one: RoundOne {
            why_applied,
            strengths,
            weakness,
            salary,
            stories,
        },
        questions,
    }
}

/// Every text of a question a placeholder may sit in.
fn all_text(q: &Question) -> impl Iterator<Item = &str> {
    let follow = q
        .follow_ups
        .iter()
        .flat_map(|f| std::iter::once(f.text.as_str()).chain(f.hints.iter().map(String::as_str)));
    std::iter::once(q.text.as_str())
        .chain(q.hints.iter().map(String::as_str))
        .chain(follow)
}

/// `a`, `a and b`, `a, b and c`.
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A value as a slug for a question id: lowercase words joined by `-`.
fn slug(value: &str) -> String {
    let words: Vec<String> = value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "item".into()
    } else {
        words.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> Profile {
        Profile {
            company: Some("Acme".into()),
            role: Some("data engineer".into()),
            requirements: vec!["stakeholder management".into(), "SQL at scale".into()],
            round_one: RoundOne {
                weakness: Some("saying no".into()),
                strengths: vec!["patience".into(), "clear writing".into(), "SQL".into()],
                ..RoundOne::default()
            },
            ..Profile::default()
        }
    }

    /// Every text of every question in `library`, a line each, named by
    /// question id and where it sits.
    fn lines(library: &Library) -> String {
        let mut out = String::new();
        for q in &library.questions {
            let mut line = |at: &str, t: &str| {
                out += &format!("{} {at}: {}\n", q.id, t.replace('\n', "\\n"));
            };
            line("text", &q.text);
            q.hints.iter().for_each(|h| line("hint", h));
            for f in &q.follow_ups {
                line("follow-up", &f.text);
                f.hints.iter().for_each(|h| line("follow-up hint", h));
            }
        }
        out
    }

    #[test]
    fn without_a_profile_the_built_in_banks_read_as_they_did_before_placeholders() {
        let library = crate::bank::load(&[], true).unwrap();
        let got = lines(&Profile::default().personalise(&library));
        let want = include_str!("../../tests/fixtures/banks/generic-texts.txt");
        for (got, want) in got.lines().zip(want.lines()) {
            assert_eq!(got, want);
        }
        assert_eq!(got.lines().count(), want.lines().count());
    }

    /// A profile with every value set.
    fn full() -> Profile {
        Profile {
            company: Some("Acme".into()),
            role: Some("data engineer".into()),
            date: None,
            interviewers: vec![Member {
                name: "Sam Patel".into(),
                role: Some("head of data".into()),
            }],
            requirements: vec!["stakeholder management".into(), "SQL at scale".into()],
            round_one: RoundOne {
                why_applied: Some("you wanted to build tools people rely on".into()),
                strengths: vec!["patience".into(), "clear writing".into()],
                weakness: Some("saying no".into()),
                salary: Some("£55,000".into()),
                stories: vec![
                    "the billing migration".into(),
                    "the night the reports broke".into(),
                ],
            },
            questions: Vec::new(),
        }
    }

    #[test]
    fn a_full_profile_makes_most_built_in_questions_specific() {
        let library = crate::bank::load(&[], true).unwrap();
        let generic = Profile::default().personalise(&library);
        let full = full().personalise(&library);
        // Per category: questions, changed in any text, in the question text.
        let mut per = std::collections::BTreeMap::<&str, [usize; 3]>::new();
        let mut same = Vec::new();
        for g in &generic.questions {
            let f = full.questions.iter().find(|q| q.id == g.id);
            let f = f.unwrap_or_else(|| panic!("{} is left out with a profile", g.id));
            let (t, a) = (f.text != g.text, all_text(f).ne(all_text(g)));
            let c = per.entry(&g.category).or_default();
            *c = [c[0] + 1, c[1] + usize::from(a), c[2] + usize::from(t)];
            if !a {
                same.push(g.id.as_str());
            }
        }
        for (category, [n, a, t]) in &per {
            eprintln!("{category}: {a}/{n} specific, {t} in the question text");
        }
        let n = generic.questions.len();
        let text: usize = per.values().map(|c| c[2]).sum();
        eprintln!(
            "specific with a full profile: {}/{n}, {text} in the question text; \
             it brings {} more",
            n - same.len(),
            full.questions.len() - n
        );
        // Every question names the company, the role or another detail of
        // the profile in its text, a hint or a follow-up (a behavioural one
        // through a hint, which only a profile adds, tying the story to
        // them); 69 of 133 in the question itself.
        assert!(same.is_empty(), "the same with a full profile: {same:?}");
        assert!(text >= 69, "{text} of {n} question texts change");
    }

    #[test]
    fn each_profile_only_question_appears_exactly_when_its_value_is_set() {
        let library = crate::bank::load(&[], true).unwrap();
        let ids = |p: &Profile| -> Vec<String> {
            let filled = p.personalise(&library);
            filled.questions.into_iter().map(|q| q.id).collect()
        };
        let generic = ids(&Profile::default());
        let only: Vec<&str> = library
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .filter(|id| !generic.iter().any(|g| g == id))
            .collect();
        assert_eq!(
            only,
            [
                "role-requirement",
                "prac-salary-round-one",
                "rev-why-applied-since",
                "rev-strengths-since",
                "rev-weakness-since",
                "rev-story-deeper",
            ]
        );
        let f = full();
        let r = &f.round_one;
        let one = |name: &str| {
            let mut p = Profile::default();
            let o = &mut p.round_one;
            match name {
                "requirement" => p.requirements = f.requirements.clone(),
                "salary" => o.salary = r.salary.clone(),
                "why_applied" => o.why_applied = r.why_applied.clone(),
                "strengths" => o.strengths = r.strengths.clone(),
                "weakness" => o.weakness = r.weakness.clone(),
                _ => o.stories = r.stories.clone(),
            }
            p
        };
        let want: [(&str, &[&str]); 6] = [
            (
                "requirement",
                &[
                    "role-requirement-stakeholder-management",
                    "role-requirement-sql-at-scale",
                ],
            ),
            ("salary", &["prac-salary-round-one"]),
            ("why_applied", &["rev-why-applied-since"]),
            ("strengths", &["rev-strengths-since"]),
            ("weakness", &["rev-weakness-since"]),
            (
                "story",
                &[
                    "rev-story-deeper-the-billing-migration",
                    "rev-story-deeper-the-night-the-reports-broke",
                ],
            ),
        ];
        for (name, new) in want {
            let got = ids(&one(name));
            let extra: Vec<&String> = got.iter().filter(|id| !generic.contains(id)).collect();
            assert_eq!(extra, new, "{name}");
            assert_eq!(got.len(), generic.len() + new.len(), "{name}");
        }
        assert_eq!(ids(&f).len(), generic.len() + 8);
    }

    #[test]
    fn placeholders_take_the_profile_or_fall_back_to_the_generic_wording() {
        let p = acme();
        let none = Profile::default();
        let t =
            "Why {company|us}, and what do you know of {company's|our} work as {role|this role}?";
        assert_eq!(
            p.text(t, None).unwrap(),
            "Why Acme, and what do you know of Acme's work as data engineer?"
        );
        assert_eq!(
            none.text(t, None).unwrap(),
            "Why us, and what do you know of our work as this role?"
        );
        assert_eq!(
            p.text("Your strengths were {strengths}.", None).unwrap(),
            "Your strengths were patience, clear writing and SQL."
        );
        assert_eq!(
            none.text("You said {weakness}.", None),
            None,
            "no generic wording"
        );
        let t = "As {role=the % hire|a new hire}, how would you start{company=, at %,|}?";
        assert_eq!(
            p.text(t, None).unwrap(),
            "As the data engineer hire, how would you start, at Acme,?"
        );
        assert_eq!(
            none.text(t, None).unwrap(),
            "As a new hire, how would you start?"
        );
        assert_eq!(
            p.text("Ask about {company's=% plans|their plans}.", None)
                .unwrap(),
            "Ask about Acme's plans."
        );
        assert_eq!(
            p.text("Braces {like this} and {Company} and {} stay.", None)
                .unwrap(),
            "Braces {like this} and {Company} and {} stay."
        );
    }

    #[test]
    fn a_hint_that_fills_to_nothing_is_left_out() {
        let bank = "title: t\ndefaults: {category: role, target: 1m}\nquestions:\n  \
            - {id: q, text: 'Why?', hints: ['Say it plainly', '{company=Name what % does|}']}\n";
        let library = super::super::load_texts(&[("t.yaml", bank)]).unwrap();
        let hints = |p: &Profile| p.personalise(&library).questions[0].hints.clone();
        assert_eq!(hints(&Profile::default()), ["Say it plainly"]);
        assert_eq!(hints(&acme()), ["Say it plainly", "Name what Acme does"]);
    }

    #[test]
    fn a_list_placeholder_makes_a_question_per_item_and_none_without_a_profile_value() {
        let bank = "title: t\ndefaults: {category: role, target: 1m}\nquestions:\n  \
            - {id: req, text: 'The role asks for {requirement|a skill you use less}. Tell us where you used it.'}\n  \
            - {id: weak, text: 'You named {weakness} last time. What changed?'}\n";
        let library = super::super::load_texts(&[("t.yaml", bank)]).unwrap();
        let got = acme().personalise(&library);
        let texts: Vec<(&str, &str)> = got
            .questions
            .iter()
            .map(|q| (q.id.as_str(), q.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "req-stakeholder-management",
                    "The role asks for stakeholder management. Tell us where you used it."
                ),
                (
                    "req-sql-at-scale",
                    "The role asks for SQL at scale. Tell us where you used it."
                ),
                ("weak", "You named saying no last time. What changed?"),
            ]
        );
        let generic = Profile::default().personalise(&library);
        let texts: Vec<&str> = generic.questions.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            texts,
            ["The role asks for a skill you use less. Tell us where you used it."]
        );
    }

    const FULL: &str = "company: Acme Analytics
role: data engineer
date: 2026-12-14
interviewers:
  - {name: Dana Reyes, role: head of data}
  - name: Tom Okafor
requirements:
  - stakeholder management
  - SQL at scale
round_one:
  why_applied: the move to real-time data
  strengths: [patience, clear writing]
  weakness: saying no
  salary: 55000
  stories:
    - the billing migration
questions:
  - How will success be measured in the first year?
";

    #[test]
    fn a_full_profile_reads_every_field() {
        let p = Profile::parse("profile.yaml", FULL).unwrap();
        assert_eq!(p.company.as_deref(), Some("Acme Analytics"));
        assert_eq!(p.date, Some(jiff::civil::date(2026, 12, 14)));
        assert_eq!(p.interviewers.len(), 2);
        assert_eq!(p.interviewers[0].role.as_deref(), Some("head of data"));
        assert_eq!(p.interviewers[1].role, None);
        assert_eq!(p.round_one.salary.as_deref(), Some("55000"));
        assert_eq!(p.round_one.stories, ["the billing migration"]);
        assert_eq!(p.questions.len(), 1);
        assert_eq!(
            Profile::parse("p.yaml", "# nothing yet\n").unwrap(),
            Profile::default()
        );
    }

    #[test]
    fn a_bad_profile_names_file_line_column_and_the_fix() {
        let cases = [
            ("compnay: Acme\n", "p.yaml:1:1: unknown field `compnay`"),
            ("date: next tuesday\n", "p.yaml:1:7: `date` is not a day"),
            ("date: 2026-02-30\n", "p.yaml:1:7: `date` is not a day"),
            (
                "interviewers:\n  - {role: HR}\n",
                "p.yaml:2:5: interviewer 1 has no `name`",
            ),
            ("round_one:\n  weakness: [a, b]\n", "p.yaml:2:13"),
            ("requirements: SQL\n", "p.yaml:1:15"),
            ("role: \"  \"\n", "`role` is empty"),
        ];
        for (text, want) in cases {
            let err = Profile::parse("p.yaml", text).unwrap_err();
            let err: Vec<String> = err.0.iter().map(ToString::to_string).collect();
            let err = err.join("\n");
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }
}
