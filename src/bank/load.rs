//! Reading bank files: from disk or the built-in set, through serde, into
//! validated [`Question`]s — or into every [`Problem`] found, each with its place.

use super::raw::{
    BANK_FIELDS, DEFAULTS_FIELDS, FOLLOW_UP_FIELDS, PART_FIELDS, QUESTION_FIELDS, RawBank,
    RawDefaults, RawDuration, RawQuestion, Weight,
};
use super::{Bank, FollowUp, Library, Part, Question, Source};
use crate::duration::{DURATION_HINT, fmt_compact, parse_duration};
use crate::input::{self as textfile, Kind};
use crate::input::{Locator, Pos, Problem, Problems, closest};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Larger files are refused before parsing, so a runaway file cannot eat memory.
const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// One file's text and name, with its positions found only if a problem needs them.
struct File {
    name: String,
    source: Source,
    text: String,
    locator: OnceCell<Locator>,
}

impl File {
    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.text))
    }

    /// The place of `path`: its key for `Key`, its value for `Value`, else the nearest parent.
    fn pos(&self, path: &str, at: At) -> Option<Pos> {
        let loc = self.locator();
        let mut p = path;
        loop {
            let found = match at {
                At::Key => loc.key(p),
                At::Value => loc.value(p),
            };
            if found.is_some() || p.is_empty() {
                return found;
            }
            p = match p.rfind(['.', '[']) {
                Some(i) => &p[..i],
                None => "",
            };
        }
    }

    fn problem(
        &self,
        path: &str,
        at: At,
        question: Option<&str>,
        what: String,
        hint: String,
    ) -> Problem {
        Problem {
            file: self.name.clone(),
            pos: self.pos(path, at),
            subject: question.map(|id| format!("question `{id}`")),
            what,
            hint,
        }
    }
}

#[derive(Clone, Copy)]
enum At {
    Key,
    Value,
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
                locator: OnceCell::new(),
            });
        }
    }
    for path in paths {
        match expand(path) {
            Ok(found) => {
                for file in found {
                    match read(&file) {
                        Ok(text) => files.push(File {
                            name: file.display().to_string(),
                            source: Source::File(file),
                            text,
                            locator: OnceCell::new(),
                        }),
                        Err(p) => problems.push(p),
                    }
                }
            }
            Err(p) => problems.push(p),
        }
    }
    let library = check(&files, &mut problems);
    if problems.is_empty() {
        Ok(library)
    } else {
        Err(Problems(problems))
    }
}

/// Loads banks from in-memory texts, named as given; for tests and benchmarks.
pub fn load_texts(texts: &[(&str, &str)]) -> Result<Library, Problems> {
    let files: Vec<File> = texts
        .iter()
        .map(|(name, text)| File {
            name: name.to_string(),
            source: Source::File(PathBuf::from(name)),
            text: text.to_string(),
            locator: OnceCell::new(),
        })
        .collect();
    let mut problems = Vec::new();
    let library = check(&files, &mut problems);
    if problems.is_empty() {
        Ok(library)
    } else {
        Err(Problems(problems))
    }
}

/// A file is itself; a directory is its `*.yaml` and `*.yml` files, sorted, not recursing.
fn expand(path: &Path) -> Result<Vec<PathBuf>, Problem> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| io_problem(&name, &e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| io_problem(&name, &e))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(Problem {
            file: name,
            pos: None,
            subject: None,
            what: "no bank files (*.yaml or *.yml) in this directory".into(),
            hint: "point `--bank` at a directory holding bank files, or at one file".into(),
        });
    }
    Ok(found)
}

/// How bank files are read.
const BANK_FILE: Kind = Kind {
    noun: "bank",
    max_bytes: MAX_FILE_BYTES,
    not_found_hint: "check the path; `--bank` takes a bank file or a directory of them",
    too_big_hint: "split the bank into several files in one directory",
};

fn io_problem(name: &str, e: &std::io::Error) -> Problem {
    textfile::io_problem(name, e, &BANK_FILE)
}

fn read(path: &Path) -> Result<String, Problem> {
    textfile::read_text(path, &path.display().to_string(), &BANK_FILE)
}

/// Validates every file, then ids across files; returns what was valid.
fn check(files: &[File], problems: &mut Vec<Problem>) -> Library {
    let mut library = Library::default();
    // id → (file index, question index) of its first definition.
    let mut first_seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (fi, file) in files.iter().enumerate() {
        let mut local = Vec::new();
        let Some((title, questions)) = parse_file(file, &mut local) else {
            problems.extend(local);
            continue;
        };
        let bank = library.banks.len();
        let mut kept = 0;
        for (qi, mut q) in questions {
            if let Some(&(ff, fq)) = first_seen.get(&q.id) {
                let other = &files[ff];
                let there = other
                    .pos(&format!("questions[{fq}].id"), At::Value)
                    .map_or_else(
                        || other.name.clone(),
                        |p| format!("{}:{}:{}", other.name, p.line, p.col),
                    );
                local.push(file.problem(
                    &format!("questions[{qi}].id"),
                    At::Value,
                    Some(&q.id),
                    format!("duplicate id, first defined at {there}"),
                    "ids must be unique across every loaded bank; rename one of them".into(),
                ));
                continue;
            }
            first_seen.insert(q.id.clone(), (fi, qi));
            q.bank = bank;
            library.questions.push(q);
            kept += 1;
        }
        local.sort_by_key(|p| p.pos.map(|p| (p.line, p.col)));
        problems.extend(local);
        library.banks.push(Bank {
            title,
            source: file.source.clone(),
            questions: kept,
        });
    }
    library
}

/// Parses and validates one file; `None` when nothing in it could be read.
fn parse_file(
    file: &File,
    problems: &mut Vec<Problem>,
) -> Option<(String, Vec<(usize, Question)>)> {
    let text = &file.text;
    if text
        .trim()
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        problems.push(file.problem(
            "",
            At::Key,
            None,
            "the bank is empty".into(),
            "a bank needs `title:` and a list of `questions:`; see question-banks/README.md".into(),
        ));
        return None;
    }
    match parse_raw(text) {
        Ok(raw) => {
            let written = raw.questions.as_ref().map_or(0, Vec::len);
            let questions = raw.questions.map(|qs| qs.into_iter().enumerate().collect());
            validate(file, raw.title, &raw.defaults, questions, written, problems)
        }
        Err(_) => recover(file, problems),
    }
}

/// Files below this size are parsed in one piece; splitting pays only for large banks.
const SPLIT_BYTES: usize = 256 * 1024;

/// Parses a bank: with the fast reader when the file keeps to plain block YAML,
/// else with serde, splitting a large `questions:` list across cores.
///
/// serde_yaml's scanner is the cost of loading (about 25 MB/s); the fast reader
/// gives the same result several times faster, and declines anything else.
/// For serde, a question list splits cleanly at its items: each part is the
/// header plus a run of items. Anything unusual (keys after the list, anchors,
/// a split that does not parse) falls back to parsing the whole text, which
/// also gives the errors.
fn parse_raw(text: &str) -> Result<RawBank, serde_yaml::Error> {
    if let Some(raw) = super::fast::parse_fast(text) {
        return Ok(raw);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let parts = if text.len() >= SPLIT_BYTES && threads > 1 {
        split_items(text, threads)
    } else {
        None
    };
    let Some((header, items)) = parts else {
        return serde_yaml::from_str(text);
    };
    let parsed: Vec<Result<RawBank, serde_yaml::Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .iter()
            .map(|chunk| {
                scope.spawn(move || serde_yaml::from_str::<RawBank>(&format!("{header}{chunk}")))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| serde_yaml::from_str("")))
            .collect()
    });
    let mut merged: Option<RawBank> = None;
    for part in parsed {
        let Ok(part) = part else {
            return serde_yaml::from_str(text);
        };
        match &mut merged {
            None => merged = Some(part),
            Some(m) => match (&mut m.questions, part.questions) {
                (Some(all), Some(more)) => all.extend(more),
                _ => return serde_yaml::from_str(text),
            },
        }
    }
    merged.map_or_else(|| serde_yaml::from_str(text), Ok)
}

/// Splits `text` into the part up to and including a top-level `questions:` line
/// and up to `n` runs of whole list items, or `None` if the layout is unusual.
fn split_items(text: &str, n: usize) -> Option<(&str, Vec<&str>)> {
    let start = if text.starts_with("questions:") {
        0
    } else {
        text.find("\nquestions:")? + 1
    };
    let body_start = start + text[start..].find('\n')? + 1;
    if !text[start + "questions:".len()..body_start]
        .trim()
        .is_empty()
    {
        return None;
    }
    let body = &text[body_start..];
    let first = body
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let indent = first.len() - first.trim_start().len();
    let marker = format!("{}- ", &first[..indent]);
    if !first.starts_with(&marker) || text.contains("&") && text.contains("*") {
        return None;
    }
    // Offsets of item starts; a top-level key after the list means no split.
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.starts_with(&marker) {
            starts.push(offset);
        } else if !line.starts_with([' ', '#', '\n', '\r']) && !line.trim().is_empty() {
            return None;
        }
        offset += line.len();
    }
    if starts.len() < 2 * n {
        return None;
    }
    let per = starts.len().div_ceil(n);
    let mut chunks = Vec::with_capacity(n);
    for k in 0..n {
        let Some(&from) = starts.get(k * per) else {
            break;
        };
        let to = starts.get((k + 1) * per).copied().unwrap_or(body.len());
        chunks.push(&body[from..to]);
    }
    Some((&text[..body_start], chunks))
}

/// After serde's first error: find every problem, question by question.
fn recover(file: &File, problems: &mut Vec<Problem>) -> Option<(String, Vec<(usize, Question)>)> {
    let value: serde_yaml::Value = match serde_yaml::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(syntax_problem(file, &e));
            return None;
        }
    };
    if !value.is_mapping() {
        problems.push(file.problem(
            "",
            At::Value,
            None,
            "a bank must be a mapping with `title`, `defaults` and `questions`".into(),
            "start the file with `title: …` and then `questions:`; see question-banks/README.md".into(),
        ));
        return None;
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Top {
        title: Option<String>,
        #[serde(default)]
        defaults: RawDefaults,
        questions: Option<Vec<serde_yaml::Value>>,
    }
    let top: Top = match serde_yaml::from_str(&file.text) {
        Ok(t) => t,
        Err(e) => {
            problems.push(serde_problem(file, &e, "", &value));
            return None;
        }
    };
    let mut questions = Vec::new();
    for (qi, q) in top.questions.iter().flatten().enumerate() {
        // Round-tripping one question through text gives serde's error its field path.
        let parsed = serde_yaml::to_string(q)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_yaml::from_str::<RawQuestion>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(raw) => questions.push((qi, raw)),
            Err(msg) => problems.push(message_problem(
                file,
                &msg,
                &format!("questions[{qi}]"),
                &value,
                None,
                &BANK_SCHEMA,
            )),
        }
    }
    let written = top.questions.as_ref().map_or(0, Vec::len);
    let questions = top.questions.as_ref().map(|_| questions);
    validate(file, top.title, &top.defaults, questions, written, problems)
}

fn syntax_problem(file: &File, e: &serde_yaml::Error) -> Problem {
    let pos = e.location().map(|l| Pos {
        line: l.line(),
        col: l.column(),
    });
    let msg = strip_marks(&e.to_string());
    if msg.contains("repetition limit") || msg.contains("recursion limit") {
        return Problem {
            file: file.name.clone(),
            pos,
            subject: None,
            what: format!("YAML aliases expand too far ({msg})"),
            hint: "banks need no anchors or aliases (`&name`, `*name`); write the values out"
                .into(),
        };
    }
    let err_line = pos.map_or(usize::MAX, |p| p.line);
    let tab = file
        .text
        .lines()
        .enumerate()
        .take(err_line)
        .find_map(|(i, l)| {
            let indent = &l[..l.len() - l.trim_start().len()];
            indent.find('\t').map(|c| Pos {
                line: i + 1,
                col: indent[..c].chars().count() + 1,
            })
        });
    if let Some(tab_pos) = tab {
        return Problem {
            file: file.name.clone(),
            pos: Some(tab_pos),
            subject: None,
            what: "tab character in indentation".into(),
            hint: "YAML indents with spaces only; replace the tab with spaces".into(),
        };
    }
    Problem {
        file: file.name.clone(),
        pos,
        subject: None,
        what: format!("YAML syntax error: {msg}"),
        hint: "check indentation and quoting on this line and the one above; \
               text containing `: ` or starting with `*`, `&`, `!`, `[` or `{` needs quotes"
            .into(),
    }
}

/// Removes libyaml's ` at line N column M` and `at position N` from a message.
fn strip_marks(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let skip = after
            .find(" column ")
            .map(|j| {
                let tail = &after[j + " column ".len()..];
                j + " column ".len()
                    + tail
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(tail.len())
            })
            .unwrap_or(0);
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// Which fields a YAML format has where, and how to write each: lets the
/// error translation serve banks, plans and the config file alike.
pub struct Schema {
    /// The valid fields at a path such as `questions[2]`.
    pub fields_of: fn(&str) -> &'static [&'static str],
    /// How to write a field, for hints.
    pub hint: fn(&str) -> String,
}

const BANK_SCHEMA: Schema = Schema {
    fields_of,
    hint: field_hint,
};

/// A located problem for serde's error on any YAML file of a known `schema`.
pub fn yaml_problem(name: &str, text: &str, e: &serde_yaml::Error, schema: &Schema) -> Problem {
    let file = File {
        name: name.to_string(),
        source: Source::File(PathBuf::from(name)),
        text: text.to_string(),
        locator: OnceCell::new(),
    };
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Err(syntax) => syntax_problem(&file, &syntax),
        Ok(doc) => {
            let fallback = e.location().map(|l| Pos {
                line: l.line(),
                col: l.column(),
            });
            message_problem(&file, &e.to_string(), "", &doc, fallback, schema)
        }
    }
}

/// A serde error from parsing the whole file, whose message starts with its path.
fn serde_problem(
    file: &File,
    e: &serde_yaml::Error,
    prefix: &str,
    doc: &serde_yaml::Value,
) -> Problem {
    let fallback = e.location().map(|l| Pos {
        line: l.line(),
        col: l.column(),
    });
    message_problem(file, &e.to_string(), prefix, doc, fallback, &BANK_SCHEMA)
}

/// Turns serde's `path: message at line L column C` into a problem with a fix.
fn message_problem(
    file: &File,
    raw_msg: &str,
    prefix: &str,
    doc: &serde_yaml::Value,
    fallback: Option<Pos>,
    schema: &Schema,
) -> Problem {
    let msg = strip_marks(raw_msg);
    let (rel, msg) = match msg.split_once(": ") {
        Some((p, m))
            if !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c)) =>
        {
            (p.to_string(), m.to_string())
        }
        _ => (String::new(), msg),
    };
    let path = match (prefix.is_empty(), rel.is_empty()) {
        (true, _) => rel,
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}.{rel}"),
    };
    let question = question_id(doc, &path);
    let field = last_field(&path);
    let (what, hint, at_key, path) = if let Some(unknown) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        let valid = (schema.fields_of)(&path);
        let mut hint = match closest(unknown, valid) {
            Some(s) => format!("did you mean `{s}`? "),
            None => String::new(),
        };
        hint.push_str(&format!("valid fields here: {}", valid.join(", ")));
        let key_path = if path.is_empty() {
            unknown.to_string()
        } else {
            format!("{path}.{unknown}")
        };
        (format!("unknown field `{unknown}`"), hint, true, key_path)
    } else if let Some(types) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = types
            .split_once(", expected ")
            .unwrap_or((types, "another type"));
        let (found, expected) = (plain_type(found), plain_type(expected));
        let name = field.map_or_else(|| "value".to_string(), |f| format!("`{f}`"));
        (
            format!("{name} has the wrong type: expected {expected}, found {found}"),
            (schema.hint)(field.unwrap_or("")),
            false,
            path.clone(),
        )
    } else if let Some(rest) = msg.strip_prefix("missing field `") {
        let f = rest.split('`').next().unwrap_or("");
        (
            format!("missing field `{f}`"),
            (schema.hint)(f),
            false,
            path.clone(),
        )
    } else {
        (
            msg.clone(),
            (schema.hint)(field.unwrap_or("")),
            false,
            path.clone(),
        )
    };
    let mut problem = file.problem(
        &path,
        if at_key { At::Key } else { At::Value },
        question.as_deref(),
        what,
        hint,
    );
    if problem.pos.is_none() {
        problem.pos = fallback;
    }
    problem
}

/// serde's type names in the words the bank format uses.
fn plain_type(t: &str) -> String {
    let t = t.trim();
    for (serde, plain) in [
        ("a sequence", "a list"),
        ("sequence", "a list"),
        ("a map", "a mapping"),
        ("map", "a mapping"),
    ] {
        if t == serde {
            return plain.to_string();
        }
    }
    if let Some(rest) = t.strip_prefix("string ") {
        return format!("text {rest}");
    }
    for kind in ["integer", "floating point", "boolean", "unit value"] {
        if let Some(rest) = t.strip_prefix(kind) {
            let shown = if kind == "unit value" {
                "nothing (null)"
            } else {
                kind
            };
            return format!("{shown}{rest}");
        }
    }
    t.to_string()
}

/// The `id` of the question that `path` points into, read leniently from the document.
fn question_id(doc: &serde_yaml::Value, path: &str) -> Option<String> {
    let rest = path.strip_prefix("questions[")?;
    let index: usize = rest.split(']').next()?.parse().ok()?;
    doc.get("questions")?
        .get(index)?
        .get("id")?
        .as_str()
        .map(str::to_string)
}

/// The last named field of a path: `questions[2].tags[0]` → `tags`.
fn last_field(path: &str) -> Option<&str> {
    path.split('.')
        .next_back()
        .map(|s| s.split('[').next().unwrap_or(s))
        .filter(|s| !s.is_empty())
}

fn fields_of(path: &str) -> &'static [&'static str] {
    if path.contains("parts[") {
        PART_FIELDS
    } else if path.contains("follow_ups[") {
        FOLLOW_UP_FIELDS
    } else if path.starts_with("questions[") {
        QUESTION_FIELDS
    } else if path.starts_with("defaults") {
        DEFAULTS_FIELDS
    } else {
        BANK_FIELDS
    }
}

fn field_hint(field: &str) -> String {
    match field {
        "id" => "write a lowercase slug such as `id: team-conflict`".into(),
        "text" | "title" | "category" => format!("write `{field}:` followed by plain text"),
        "tags" => "write a list such as `tags: [conflict, teamwork]`".into(),
        "hints" => "write a list of strings, one `- …` per line".into(),
        "follow_ups" => {
            "write a list of `- text: …` entries, each with an optional `target`".into()
        }
        "parts" => "write a list such as `- {name: Situation, budget: 20s}`".into(),
        "target" | "min" | "max" => DURATION_HINT.into(),
        "weight" => "write a number of 0 or more (1 is normal, 0 disables the question)".into(),
        "questions" => "write `questions:` followed by a list of `- id: …` entries".into(),
        "defaults" => {
            "write `defaults:` followed by any of category, target, min, max, weight".into()
        }
        _ => "see question-banks/README.md for the bank format".into(),
    }
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
struct Field {
    value: Duration,
    own: bool,
}

/// Checks titles, defaults and each question; keeps the valid questions.
fn validate(
    file: &File,
    title: Option<String>,
    defaults: &RawDefaults,
    questions: Option<Vec<(usize, RawQuestion)>>,
    written: usize,
    problems: &mut Vec<Problem>,
) -> Option<(String, Vec<(usize, Question)>)> {
    let before = problems.len();
    let title = match title.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => t,
        _ => {
            problems.push(file.problem(
                "title",
                At::Key,
                None,
                "the bank has no `title`".into(),
                "add a line such as `title: Behavioural questions` at the top".into(),
            ));
            String::new()
        }
    };
    let d_target = duration_at(
        file,
        "defaults.target",
        None,
        defaults.target.as_ref(),
        problems,
    );
    let d_min = duration_at(file, "defaults.min", None, defaults.min.as_ref(), problems);
    let d_max = duration_at(file, "defaults.max", None, defaults.max.as_ref(), problems);
    let d_weight = weight_at(file, "defaults.weight", None, defaults.weight, problems);
    if let (Some(t), Some(m)) = (d_target, d_min) {
        if m > t {
            problems.push(order_problem(
                file,
                "defaults.min",
                None,
                "min",
                m,
                "target",
                t,
            ));
        }
    }
    if let (Some(t), Some(m)) = (d_target, d_max) {
        if t > m {
            problems.push(order_problem(
                file,
                "defaults.target",
                None,
                "target",
                t,
                "max",
                m,
            ));
        }
    }
    let d_category = defaults
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());

    let Some(raw_questions) = questions else {
        problems.push(file.problem(
            "",
            At::Key,
            None,
            "the bank has no `questions`".into(),
            "add `questions:` followed by a list of `- id: …` entries".into(),
        ));
        return None;
    };
    if written == 0 {
        problems.push(file.problem(
            "questions",
            At::Key,
            None,
            "the bank's question list is empty".into(),
            "add at least one question under `questions:`".into(),
        ));
    }
    let mut out = Vec::new();
    let mut any_weight = false;
    let mut total = 0;
    for (qi, raw) in raw_questions {
        total += 1;
        let base = format!("questions[{qi}]");
        let at = |f: &str| format!("{base}.{f}");
        let count = problems.len();
        let id = match raw.id.as_deref().map(str::trim) {
            None | Some("") => {
                problems.push(file.problem(
                    &base,
                    At::Key,
                    None,
                    format!("question {} has no `id`", qi + 1),
                    "add a unique lowercase slug such as `id: team-conflict`".into(),
                ));
                None
            }
            Some(id) if !is_slug(id) => {
                let suggestion = slugify(id);
                problems.push(file.problem(
                    &at("id"),
                    At::Value,
                    Some(id),
                    "id is not a slug (lowercase letters, digits and single `-`)".into(),
                    if suggestion.is_empty() {
                        "use an id such as `team-conflict`".into()
                    } else {
                        format!("use `{suggestion}`")
                    },
                ));
                None
            }
            Some(id) => Some(id.to_string()),
        };
        let qid = id.as_deref().or(raw.id.as_deref());
        let text = raw.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if text.is_none() {
            problems.push(file.problem(
                &base,
                At::Key,
                qid,
                "missing `text`".into(),
                "add `text:` with the question as it should be read out".into(),
            ));
        }
        let category = raw
            .category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .or(d_category);
        if category.is_none() {
            problems.push(
                file.problem(
                    &base,
                    At::Key,
                    qid,
                    "missing `category`".into(),
                    "add `category: …` to the question, or `category:` under the bank's `defaults`"
                        .into(),
                ),
            );
        }
        let weight = match raw.weight {
            Some(w) => weight_at(file, &at("weight"), qid, Some(w), problems),
            None => Some(d_weight.unwrap_or(1.0)),
        };
        let own = |raw: Option<&RawDuration>,
                   field: &str,
                   default: Option<Duration>,
                   problems: &mut Vec<Problem>| {
            match raw {
                Some(r) => duration_at(file, &at(field), qid, Some(r), problems)
                    .map(|value| Field { value, own: true }),
                None => default.map(|value| Field { value, own: false }),
            }
        };
        let target = own(raw.target.as_ref(), "target", d_target, problems);
        let min = own(raw.min.as_ref(), "min", d_min, problems);
        let max = own(raw.max.as_ref(), "max", d_max, problems);
        if raw.target.is_none() && d_target.is_none() && defaults.target.is_none() {
            problems.push(file.problem(
                &base,
                At::Key,
                qid,
                "missing `target`".into(),
                format!("add `target:` (the ideal answer length) to the question or to `defaults`; {DURATION_HINT}"),
            ));
        }
        if let Some(t) = target {
            if t.value.is_zero() {
                problems.push(file.problem(
                    &at("target"),
                    At::Value,
                    qid,
                    "target is zero".into(),
                    "give the ideal answer length, such as `target: 90s`".into(),
                ));
            }
            if let Some(m) = min.filter(|m| m.value > t.value && (m.own || t.own)) {
                let field = if m.own { "min" } else { "target" };
                problems.push(order_problem(
                    file,
                    &at(field),
                    qid,
                    "min",
                    m.value,
                    "target",
                    t.value,
                ));
            }
            if let Some(m) = max.filter(|m| t.value > m.value && (m.own || t.own)) {
                let field = if t.own { "target" } else { "max" };
                problems.push(order_problem(
                    file,
                    &at(field),
                    qid,
                    "target",
                    t.value,
                    "max",
                    m.value,
                ));
            }
        }
        let mut follow_ups = Vec::new();
        for (fi, f) in raw.follow_ups.iter().enumerate() {
            let fpath = at(&format!("follow_ups[{fi}]"));
            let ftext = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
            if ftext.is_none() {
                problems.push(file.problem(
                    &fpath,
                    At::Key,
                    qid,
                    format!("follow-up {} has no `text`", fi + 1),
                    "write each follow-up as `- text: …` with an optional `target:`".into(),
                ));
            }
            let ftarget = duration_at(
                file,
                &format!("{fpath}.target"),
                qid,
                f.target.as_ref(),
                problems,
            );
            if let Some(text) = ftext {
                follow_ups.push(FollowUp {
                    text: text.to_string(),
                    target: ftarget,
                });
            }
        }
        let mut parts = Vec::new();
        let mut part_names: Vec<String> = Vec::new();
        for (pi, part) in raw.parts.iter().enumerate() {
            let ppath = at(&format!("parts[{pi}]"));
            let name = part
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty());
            let budget = duration_at(
                file,
                &format!("{ppath}.budget"),
                qid,
                part.budget.as_ref(),
                problems,
            );
            match (name, part.budget.as_ref(), budget) {
                (None, ..) => problems.push(file.problem(
                    &ppath,
                    At::Key,
                    qid,
                    format!("part {} has no `name`", pi + 1),
                    "write each part as `- {name: Situation, budget: 20s}`".into(),
                )),
                (Some(_), None, _) => problems.push(file.problem(
                    &ppath,
                    At::Key,
                    qid,
                    format!("part {} has no `budget`", pi + 1),
                    format!("give each part a budget; {DURATION_HINT}"),
                )),
                (Some(n), _, Some(b)) if b.is_zero() => problems.push(file.problem(
                    &format!("{ppath}.budget"),
                    At::Value,
                    qid,
                    format!("part `{n}` has a zero budget"),
                    "give it a length above zero, or leave the part out".into(),
                )),
                (Some(n), _, _) if part_names.iter().any(|x| x.eq_ignore_ascii_case(n)) => problems
                    .push(file.problem(
                        &format!("{ppath}.name"),
                        At::Value,
                        qid,
                        format!("part `{n}` appears twice"),
                        "give every part of a question its own name".into(),
                    )),
                (Some(n), _, Some(b)) => {
                    part_names.push(n.to_string());
                    parts.push(Part {
                        name: n.to_string(),
                        budget: b,
                    });
                }
                // The duration problem was reported by `duration_at`.
                (Some(_), Some(_), None) => {}
            }
        }
        if problems.len() != count {
            continue;
        }
        // Every branch above pushed a problem when one of these is missing.
        let (Some(id), Some(text), Some(category), Some(weight), Some(target)) =
            (id, text, category, weight, target)
        else {
            continue;
        };
        any_weight |= weight > 0.0;
        let target = target.value;
        out.push((
            qi,
            Question {
                id,
                text: text.to_string(),
                category: category.to_string(),
                tags: raw
                    .tags
                    .iter()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
                weight,
                min: min.map(|m| m.value),
                target,
                max: max.map_or_else(|| target.mul_f64(1.5), |m| m.value),
                hints: raw.hints.iter().map(|h| h.trim().to_string()).collect(),
                follow_ups,
                parts,
                bank: 0,
            },
        ));
    }
    if total > 0 && !any_weight && problems.len() == before {
        problems.push(file.problem(
            "questions",
            At::Key,
            None,
            "every question in this bank has weight 0, so none can be drawn".into(),
            "give at least one question a weight above 0, or leave this bank out".into(),
        ));
    }
    Some((title, out))
}

fn duration_at(
    file: &File,
    path: &str,
    question: Option<&str>,
    raw: Option<&RawDuration>,
    problems: &mut Vec<Problem>,
) -> Option<Duration> {
    let raw = raw?;
    let parsed = match raw {
        RawDuration::Text(s) => parse_duration(s).ok(),
        RawDuration::Seconds(n) => parse_duration(&n.to_string()).ok(),
    };
    if parsed.is_none() {
        problems.push(file.problem(
            path,
            At::Value,
            question,
            format!("cannot read `{raw}` as a duration"),
            DURATION_HINT.into(),
        ));
    }
    parsed
}

fn weight_at(
    file: &File,
    path: &str,
    question: Option<&str>,
    raw: Option<Weight>,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    let Weight(w) = raw?;
    if w.is_finite() && w >= 0.0 {
        return Some(w);
    }
    let shown = if w.is_nan() {
        ".nan".to_string()
    } else if w.is_infinite() {
        if w > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else {
        w.to_string()
    };
    problems.push(file.problem(
        path,
        At::Value,
        question,
        format!("weight must be a finite number of 0 or more, found {shown}"),
        "use 1 for normal, 2 for twice as often, 0 to disable the question".into(),
    ));
    None
}

fn order_problem(
    file: &File,
    path: &str,
    question: Option<&str>,
    a: &str,
    av: Duration,
    b: &str,
    bv: Duration,
) -> Problem {
    file.problem(
        path,
        At::Value,
        question,
        format!(
            "{a} ({}) is longer than {b} ({})",
            fmt_compact(av),
            fmt_compact(bv)
        ),
        "durations must satisfy min ≤ target ≤ max".into(),
    )
}
