//! A YAML format as data, declared once with [`crate::yaml_struct!`]: which
//! fields each mapping has, what each takes and how to write it. With that, one piece of code serves banks, plans and the
//! config file: it turns a failed parse into a [`Problem`] by the field path
//! the deserializer stopped at (an unknown key, or a value of the wrong kind,
//! told apart by the schema, never by serde's message), and reads a document
//! that does not fit part by part so that every problem in it is reported.

use super::locate::control_char;
use super::problem::{Problem, closest, problem};
use super::raw::{Durations, Number, RawDuration};
use super::yaml::{
    At, Doc, Failure, Step, field, join, last_index, last_key, parent, path_string, steps,
};
use crate::duration::DurationError;
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::HashSet;
use std::time::Duration;

/// What a value of one type takes in a format: the words for "expected …",
/// how to write it, whether its struct needs it, and what is inside it.
#[derive(Debug, Clone, Copy)]
pub struct Ty {
    /// For "expected …": `text`, `a list of questions`.
    pub takes: &'static str,
    /// How to write it; empty when the field says.
    pub hint: &'static str,
    /// Whether its struct cannot do without it: all but `Option`s and
    /// fields with a serde `default` (only formats read strictly, such as
    /// session files, ask).
    pub required: bool,
    /// Its fields or items.
    pub shape: Shape,
}

/// What is inside a value.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Nothing addressed: text, a number, a duration.
    Leaf,
    /// A mapping with these fields.
    Map(&'static [Field]),
    /// A list of these.
    List(&'static Ty),
}

impl Ty {
    /// A value with nothing inside, taking `takes`.
    pub const fn leaf(takes: &'static str) -> Ty {
        Ty {
            takes,
            hint: "",
            required: true,
            shape: Shape::Leaf,
        }
    }

    /// The same, but its struct can do without it.
    pub const fn optional(self) -> Ty {
        Ty {
            required: false,
            ..self
        }
    }
}

/// One field of a mapping in a format.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its key.
    pub name: &'static str,
    /// What it takes.
    pub ty: Ty,
}

/// A type as a YAML format has it: see [`Ty`]. Structs get it from
/// [`crate::yaml_struct!`], which declares them; the field types here.
pub trait Yaml {
    /// What it takes.
    const TY: Ty;
    /// What a list of them takes.
    const LIST: &'static str = "a list";
    /// Whether some text in it, under the key `field`, holds a character
    /// that [`control_char`] finds.
    fn control_text(&self, _field: &str) -> bool {
        false
    }
}

impl Yaml for String {
    const TY: Ty = Ty::leaf("text");
    const LIST: &'static str = "a list of text";
    fn control_text(&self, field: &str) -> bool {
        control_char(Some(field), self).is_some()
    }
}

impl Yaml for bool {
    const TY: Ty = Ty::leaf("true or false");
}

impl Yaml for RawDuration {
    const TY: Ty = Ty {
        hint: crate::duration_hint!(),
        ..Ty::leaf(DURATION)
    };
    fn control_text(&self, field: &str) -> bool {
        matches!(self, RawDuration::Text(s) if s.control_text(field))
    }
}

impl Yaml for Durations {
    const TY: Ty = Ty {
        takes: "a duration or a list of them",
        shape: Shape::List(&RawDuration::TY),
        ..RawDuration::TY
    };
    fn control_text(&self, field: &str) -> bool {
        match self {
            Durations::One(d) => d.control_text(field),
            Durations::Many(ds) => ds.control_text(field),
        }
    }
}

impl Yaml for Number {
    const TY: Ty = Ty::leaf("a number");
}

impl Yaml for serde::de::IgnoredAny {
    const TY: Ty = Ty::leaf("anything");
}

impl<T: Yaml> Yaml for Option<T> {
    const TY: Ty = T::TY.optional();
    fn control_text(&self, field: &str) -> bool {
        self.as_ref().is_some_and(|t| t.control_text(field))
    }
}

impl<T: Yaml> Yaml for Vec<T> {
    const TY: Ty = Ty {
        takes: T::LIST,
        hint: "",
        required: true,
        shape: Shape::List(&T::TY),
    };
    fn control_text(&self, field: &str) -> bool {
        self.iter().any(|t| t.control_text(field))
    }
}

/// The numbers a format reads as they are; a field that narrows one says
/// so with `as "…"`.
macro_rules! numbers {
    ($takes:literal: $($t:ty),*) => {
        $(impl Yaml for $t {
            const TY: Ty = Ty::leaf($takes);
        })*
    };
}
numbers!("a whole number, 0 or more": u8, u32, u64, usize);
numbers!("a number": f32, f64);

/// Declares a struct of a YAML format, read with `deny_unknown_fields`, and
/// its [`Yaml`] description from the same list: after the name, what one
/// takes and what a list of them takes (if not `a list`); each field's key is
/// its name, what it takes comes from its type unless `as TAKES` says (a
/// literal or a constant; `of "…"` for the items of a list), and `= HINT`
/// says how to write it (else its type's hint). A field is required unless
/// its type is an `Option` or a `#[serde(…)]` of its gives it a `default`.
/// Fields after a `;` are the struct's but not the format's: kept in memory
/// only (`#[serde(skip)]`). Its text is checked for control characters field
/// by field.
#[macro_export]
macro_rules! yaml_struct {
    // Whether one of these attributes is a `#[serde(…)]` naming `default`.
    (@default) => { false };
    (@default #[serde($($a:tt)*)] $($rest:tt)*) => {
        $crate::yaml_struct!(@named_default $($a)*) || $crate::yaml_struct!(@default $($rest)*)
    };
    (@default #[$($a:tt)*] $($rest:tt)*) => { $crate::yaml_struct!(@default $($rest)*) };
    (@named_default) => { false };
    (@named_default default $($rest:tt)*) => { true };
    (@named_default $a:tt $($rest:tt)*) => { $crate::yaml_struct!(@named_default $($rest)*) };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$g:ident = $gd:ty>)? : $takes:literal $(, $list:literal)? {
            $(
                $(#[$($fattr:tt)*])*
                $fvis:vis $field:ident : $ty:ty
                    $(as $ftakes:tt $(of $item:literal)?)? $(= $hint:expr)?
            ),* $(,)?
            $(;
                $(
                    $(#[$smeta:meta])*
                    $svis:vis $sfield:ident : $sty:ty
                ),* $(,)?
            )?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        $vis struct $name $(<$g = $gd>)? {
            $( $(#[$($fattr)*])* $fvis $field: $ty, )*
            $($( $(#[$smeta])* #[serde(skip)] $svis $sfield: $sty, )*)?
        }

        impl $(<$g: $crate::input::schema::Yaml>)? $crate::input::schema::Yaml
            for $name $(<$g>)?
        {
            // A field that says all (`as "…" of "…" = HINT`) takes nothing from its type.
            #[allow(clippy::needless_update)]
            const TY: $crate::input::schema::Ty = $crate::input::schema::Ty {
                takes: $takes,
                hint: "",
                required: true,
                shape: $crate::input::schema::Shape::Map(&[$(
                    $crate::input::schema::Field {
                        name: stringify!($field),
                        ty: $crate::input::schema::Ty {
                            $(
                                takes: $ftakes,
                                $(shape: $crate::input::schema::Shape::List(
                                    &$crate::input::schema::Ty::leaf($item),
                                ),)?
                            )?
                            $(hint: $hint,)?
                            required: <$ty as $crate::input::schema::Yaml>::TY.required
                                && !$crate::yaml_struct!(@default $(#[$($fattr)*])*),
                            ..<$ty as $crate::input::schema::Yaml>::TY
                        },
                    }
                ),*]),
            };
            $(const LIST: &'static str = $list;)?
            fn control_text(&self, _: &str) -> bool {
                false $(|| self.$field.control_text(stringify!($field)))*
            }
        }
    };
}

/// What a duration field takes.
pub const DURATION: &str = "a duration like `90s`, `2m`, `1m30s` or plain seconds";

/// One YAML format.
pub struct Schema {
    /// `bank`, `plan`, `config file`.
    pub noun: &'static str,
    /// What the whole document takes.
    pub top: Ty,
    /// How to start a document of this kind, for one that is not a mapping.
    pub top_hint: &'static str,
    /// Who a problem at a path is about, such as ``question `team-conflict` ``.
    pub subject: fn(&Doc, &str) -> Option<String>,
}

/// What one parse of a document gave.
pub enum Parsed<T> {
    /// The whole document fits.
    Fits(T),
    /// It does not fit, but it is YAML: read it part by part with
    /// [`Schema::lenient`] to find every problem. Repeated keys are reported.
    Parts,
    /// It cannot be read at all; the problem is reported.
    Nothing,
}

/// ``NOUN `NAME` `` for a path inside an item of the top-level `list` whose
/// `key` is text, such as ``question `team-conflict` ``: a [`Schema::subject`].
pub fn named(doc: &Doc, path: &str, list: &str, key: &str, noun: &str) -> Option<String> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    let index = &rest[..rest.find(']')?];
    let name = doc
        .value_at(&format!("{list}[{index}].{key}"))?
        .as_str()?
        .trim();
    (!name.is_empty()).then(|| format!("{noun} `{name}`"))
}

/// `` `a`, `b` and `c` ``.
fn listed(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

impl Schema {
    /// What the value at `path` takes, if the format has one there.
    pub fn ty(&self, path: &str) -> Option<&Ty> {
        let mut ty = &self.top;
        for step in steps(path) {
            ty = match (step, &ty.shape) {
                (Step::Key(k), Shape::Map(fields)) => &fields.iter().find(|f| f.name == k)?.ty,
                (Step::Index(_), Shape::List(item)) => item,
                _ => return None,
            };
        }
        Some(ty)
    }

    /// The fields of the mapping at `path`, if the format has one there.
    pub fn fields(&self, path: &str) -> Option<&'static [Field]> {
        match self.ty(path)?.shape {
            Shape::Map(fields) => Some(fields),
            _ => None,
        }
    }

    /// The field that `path` ends in, if the format has it there.
    pub fn field(&self, path: &str) -> Option<&'static Field> {
        let key = last_key(path)?;
        self.fields(parent(path))?.iter().find(|f| f.name == key)
    }

    /// The first required field that the mapping at `path` lacks.
    pub fn missing(&self, doc: &Doc, path: &str) -> Option<&'static str> {
        let Some(Value::Mapping(map)) = doc.value_at(path) else {
            return None;
        };
        let fields = self.fields(path)?;
        fields
            .iter()
            .find(|f| f.ty.required && !map.contains_key(f.name))
            .map(|f| f.name)
    }

    fn names(&self, path: &str) -> Vec<&'static str> {
        self.fields(path)
            .unwrap_or_default()
            .iter()
            .map(|f| f.name)
            .collect()
    }

    /// A problem at `path` in `doc`, with its place and subject.
    pub fn problem(
        &self,
        doc: &Doc,
        path: &str,
        at: At,
        what: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        // What came from the file is shown, never obeyed by the terminal.
        let shown = |s: String| crate::text::safe(&s).into_owned();
        Problem {
            file: doc.name.to_string(),
            pos: doc.pos(path, at),
            subject: (self.subject)(doc, path).map(shown),
            what: shown(what.into()),
            hint: shown(hint.into()),
        }
    }

    /// A warning for every text in `doc` that holds a character which would
    /// drive a terminal: it is shown as an escape, never obeyed, but the
    /// author most likely did not mean it.
    pub fn control_text_warnings(&self, doc: &Doc) -> Vec<Problem> {
        doc.control_text()
            .into_iter()
            .map(|(path, c)| {
                let shown: String = c.escape_unicode().collect();
                self.problem(
                    doc,
                    &path,
                    At::Value,
                    format!(
                        "`{}` holds the control character {shown}, which is shown, never obeyed by the terminal",
                        field(&path).as_deref().unwrap_or("text")
                    ),
                    "remove it (in double quotes, `\\e` and `\\x1b` write an escape character)",
                )
            })
            .collect()
    }
}

/// At most this many problems of one file are kept and listed; the rest are
/// counted. Enough for any file a person wrote; a generated one with a
/// quarter of a million empty questions would otherwise hold a million.
pub const MAX_PROBLEMS: usize = 1_000;

/// One document being checked against its format: each problem found is
/// placed in the document and kept with the others.
pub struct Check<'a> {
    /// The format.
    pub schema: &'a Schema,
    /// The document.
    pub doc: &'a Doc<'a>,
    /// Every problem, in the order found, up to [`MAX_PROBLEMS`].
    problems: Vec<Problem>,
    /// How many more were found.
    more: usize,
    /// Fields taken out of play by a problem of their own: they are not
    /// reported again as missing, nor given defaults.
    rejected: HashSet<String>,
}

impl<'a> Check<'a> {
    /// Starts checking `doc` against `schema`.
    pub fn new(schema: &'a Schema, doc: &'a Doc<'a>) -> Check<'a> {
        Check {
            schema,
            doc,
            problems: Vec::new(),
            more: 0,
            rejected: HashSet::new(),
        }
    }

    /// Reports a problem at `path`.
    pub fn problem(
        &mut self,
        path: &str,
        at: At,
        what: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if self.problems.len() < MAX_PROBLEMS {
            let p = self.schema.problem(self.doc, path, at, what, hint);
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }

    /// Keeps `p`, or counts it past [`MAX_PROBLEMS`].
    fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }

    /// How many problems were found so far.
    pub fn found(&self) -> usize {
        self.problems.len() + self.more
    }

    /// Reports a missing field at the key of `at`, unless the field at
    /// `field` had a problem of its own.
    pub fn missing(
        &mut self,
        field: &str,
        at: &str,
        what: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if !self.rejected(field) {
            self.problem(at, At::Key, what, hint);
        }
    }

    /// Whether the field at `path` had a problem of its own already.
    pub fn rejected(&self, path: &str) -> bool {
        self.rejected.contains(path)
    }

    /// Whether nothing is wrong so far.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every problem, in file order; past [`MAX_PROBLEMS`], one that says
    /// how many more there are.
    pub fn into_problems(self) -> Vec<Problem> {
        let mut problems = self.problems;
        problems.sort_by_key(|p| p.pos.map(|p| (p.line, p.col)));
        if self.more > 0 {
            problems.push(problem(
                self.doc.name,
                None,
                format!(
                    "{} more problems, not listed (only the first {MAX_PROBLEMS} of a file are)",
                    self.more
                ),
                "fix the problems above and check again",
            ));
        }
        problems
    }

    /// Parses the whole document once; a blank one is reported as empty,
    /// with `hint` saying what it needs. When it does not fit, reports a
    /// syntax problem, or the repeated keys that serde refuses and the part
    /// by part reading cannot see.
    pub fn parse<T: DeserializeOwned + Yaml>(&mut self, hint: &str) -> Parsed<T> {
        if self.doc.is_blank() {
            let what = format!("the {} is empty", self.schema.noun);
            self.problem("", At::Key, what, hint);
            return Parsed::Nothing;
        }
        let doc = self.doc;
        match doc.parse::<T>() {
            Ok(t) => {
                doc.typed(t.control_text(""));
                Parsed::Fits(t)
            }
            Err(Failure::Syntax { what, hint, pos }) => {
                self.push(problem(doc.name, pos, what, &hint));
                Parsed::Nothing
            }
            Err(Failure::Shape { .. }) => {
                for (path, pos) in doc.duplicate_keys() {
                    let mut p = self.schema.problem(
                        doc,
                        path,
                        At::Key,
                        format!(
                            "`{}` appears twice in one mapping",
                            last_key(path).as_deref().unwrap_or(path)
                        ),
                        "YAML allows each key once per mapping; remove or rename one of them",
                    );
                    p.pos = Some(*pos);
                    self.push(p);
                    self.rejected.insert(path.clone());
                }
                Parsed::Parts
            }
        }
    }

    /// Reads the part of the document at `path` into `T`, reporting each
    /// field that does not fit and leaving it out, until the rest fits.
    /// `None` when the part itself does not fit (reported) or is missing.
    pub fn lenient<T: DeserializeOwned>(&mut self, path: &str) -> Option<T> {
        let mut value = self.doc.value_at(path)?.clone();
        // Each round removes a key, so this ends; the bound is for safety.
        for _ in 0..10_000 {
            match serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(t) => return Some(t),
                Err(e) => {
                    let rel = path_string(e.path());
                    self.explain(&join(path, &rel));
                    if !cut(&mut value, &rel) {
                        return None;
                    }
                }
            }
        }
        None
    }

    /// Reports why the value at `path` does not fit the format: an unknown
    /// key, a value of the wrong kind, or a document that is not a mapping.
    fn explain(&mut self, path: &str) {
        let (schema, doc) = (self.schema, self.doc);
        let found = doc.found(path);
        let p = if schema.fields(path).is_some()
            && matches!(doc.value_at(path), Some(Value::Mapping(_)))
        {
            // A mapping where one belongs: one of its keys is not a name.
            schema.problem(
                doc,
                path,
                At::Key,
                "a key here is not a field name",
                format!("valid fields here: {}", schema.names(path).join(", ")),
            )
        } else if let Some(key) = last_key(path) {
            let at = parent(path);
            match schema.field(path) {
                Some(f) => schema.problem(
                    doc,
                    path,
                    At::Value,
                    format!(
                        "`{key}` has the wrong type: expected {}, found {found}",
                        f.ty.takes
                    ),
                    f.ty.hint,
                ),
                None => {
                    let names = schema.names(at);
                    let mut hint = String::new();
                    if let Some(meant) = closest(&key, &names) {
                        hint = format!("did you mean `{meant}`? ");
                        // The field it was meant to be is not also "missing".
                        self.rejected.insert(join(at, meant));
                    }
                    hint.push_str(&format!("valid fields here: {}", names.join(", ")));
                    schema.problem(doc, path, At::Key, format!("unknown field `{key}`"), hint)
                }
            }
        } else if let Some((list, index)) = last_index(path) {
            let name = last_key(list);
            let name = name.as_deref().unwrap_or(list);
            let takes = match schema.ty(list).map(|t| t.shape) {
                Some(Shape::List(item)) => item.takes,
                _ => "something else",
            };
            let hint = schema.field(list).map_or(schema.top_hint, |f| f.ty.hint);
            self.rejected.insert(list.to_string());
            schema.problem(
                doc,
                path,
                At::Value,
                format!(
                    "item {} of `{name}` has the wrong type: expected {takes}, found {found}",
                    index + 1
                ),
                hint,
            )
        } else {
            schema.problem(
                doc,
                path,
                At::Value,
                format!(
                    "a {} must be a mapping with {}",
                    schema.noun,
                    listed(&schema.names(""))
                ),
                schema.top_hint,
            )
        };
        self.push(p);
        self.rejected.insert(path.to_string());
    }

    /// Reads each of the `len` items of the list at `list` part by part;
    /// `None` for an item that does not fit (reported).
    pub fn items<T: DeserializeOwned>(&mut self, list: &str, len: usize) -> Vec<Option<T>> {
        (0..len)
            .map(|i| self.lenient(&format!("{list}[{i}]")))
            .collect()
    }

    /// `raw` as a duration, or a problem at `path` saying why it is none:
    /// "cannot read `x` as `noun`", or out of range.
    pub fn duration(
        &mut self,
        path: &str,
        raw: &RawDuration,
        noun: &str,
        hint: &str,
    ) -> Option<Duration> {
        raw.parse()
            .map_err(|e| self.problem(path, At::Value, duration_what(&e, noun), hint))
            .ok()
    }
}

/// Why a duration is none, for a value meant as `noun` (`a duration`, `a talk warning`).
pub fn duration_what(e: &DurationError, noun: &str) -> String {
    match e {
        DurationError::Unreadable(s) => format!("cannot read `{s}` as {noun}"),
        DurationError::TooLong(_) => e.to_string(),
    }
}

/// Removes the map key nearest the end of `path` (relative to `value`), so
/// the rest can be read without it; `false` when there is none to remove.
fn cut(value: &mut Value, path: &str) -> bool {
    let mut field = path;
    while let Some((list, _)) = last_index(field) {
        field = list;
    }
    let Some(key) = last_key(field) else {
        return false;
    };
    let mut v = value;
    for step in steps(parent(field)) {
        v = match (step, v) {
            (Step::Key(k), Value::Mapping(m)) => match m.get_mut(k.as_ref()) {
                Some(next) => next,
                None => return false,
            },
            (Step::Index(i), Value::Sequence(s)) => match s.get_mut(i) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    let Value::Mapping(m) = v else { return false };
    let found = m
        .keys()
        .find(|k| key_name(k).as_deref() == Some(&*key))
        .cloned();
    found.is_some_and(|k| m.remove(&k).is_some())
}

/// A mapping key as the field path writes it.
fn key_name(k: &Value) -> Option<String> {
    match k {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::yaml_struct! {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Top: "a test file" {
            title: Option<String> = "write a title",
            items: Option<Vec<Item>> as "a list of items" = "write items",
        }
    }

    crate::yaml_struct! {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Item: "an item", "a list of items" {
            n: Option<u32> as "a number" = "write a number",
        }
    }

    const SCHEMA: Schema = Schema {
        noun: "test file",
        top: Top::TY,
        top_hint: "start with `title:`",
        subject: |_, _| None,
    };

    fn problems(text: &str) -> (Vec<String>, HashSet<String>) {
        let doc = Doc::new("f", text);
        let mut c = Check::new(&SCHEMA, &doc);
        if let Parsed::Parts = c.parse::<Top>("") {
            c.lenient::<Top>("");
        }
        let shown = c
            .problems
            .iter()
            .map(|p| format!("{p} | {}", p.hint))
            .collect();
        (shown, c.rejected)
    }

    #[test]
    fn unknown_keys_and_wrong_values_are_told_apart_by_the_schema() {
        let (shown, rejected) = problems("titel: a\nitems:\n  - n: x\n  - m: 1\n  - 5\n");
        assert_eq!(
            shown,
            [
                "f:1:1: unknown field `titel` | did you mean `title`? valid fields here: title, items",
                "f:3:8: `n` has the wrong type: expected a number, found text `x` | write a number",
                "f:4:5: unknown field `m` | did you mean `n`? valid fields here: n",
                "f:5:5: item 3 of `items` has the wrong type: expected an item, found the number 5 | write items",
            ]
        );
        assert!(rejected.contains("title") && rejected.contains("items"));
    }

    #[test]
    fn a_document_that_is_not_a_mapping_says_what_it_must_be() {
        let (shown, _) = problems("- a\n");
        assert_eq!(
            shown,
            ["f:1:1: a test file must be a mapping with `title` and `items` | start with `title:`"]
        );
        let (shown, _) = problems("title: a\nitems: [1]\n");
        assert_eq!(
            shown,
            [
                "f:2:9: item 1 of `items` has the wrong type: expected an item, found the number 1 | write items"
            ]
        );
    }

    #[test]
    fn repeated_keys_are_reported_where_they_repeat() {
        let (shown, _) = problems("title: a\ntitle: b\n");
        assert_eq!(
            shown,
            [
                "f:2:1: `title` appears twice in one mapping | YAML allows each key once per mapping; remove or rename one of them"
            ]
        );
    }

    #[test]
    fn fields_are_found_by_walking_the_types() {
        assert_eq!(
            SCHEMA.field("items[3].n").map(|f| f.ty.takes),
            Some("a number")
        );
        assert_eq!(SCHEMA.ty("items").map(|t| t.takes), Some("a list of items"));
        assert!(SCHEMA.field("items[3].m").is_none() && SCHEMA.fields("title").is_none());
        assert_eq!(listed(&["a", "b", "c"]), "`a`, `b` and `c`");
    }
}
