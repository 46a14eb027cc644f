//! One YAML parse per document into a typed struct, and on failure a
//! structured account of it: a syntax error with its place, or the field path
//! (from the deserializer itself, via `serde_path_to_error`) where the
//! document stopped fitting its struct. serde's message text is never read.

pub use super::locate::control_char;
pub use super::locate::key;
use super::locate::{Locator, MAX_DEPTH, MAX_EVENTS, Pos, Refusal};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

/// Why a document did not fit its struct.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Not readable as YAML: what is wrong and where.
    Syntax {
        /// What is wrong, in the parser's words or ours.
        what: String,
        /// How to fix it.
        hint: String,
        /// Where, when known.
        pos: Option<Pos>,
    },
    /// Valid YAML whose value at `path` does not fit. `path` ends in the map
    /// key being read; whether that key is unknown or its value is wrong is
    /// for the schema to say.
    Shape {
        /// Dotted path such as `questions[3].weight`; empty for the whole document.
        path: String,
    },
}

impl Failure {
    /// Not readable as YAML: what is wrong, how to fix it, and where.
    fn syntax(what: impl Into<String>, hint: &str, pos: Option<Pos>) -> Failure {
        Failure::Syntax {
            what: what.into(),
            hint: hint.into(),
            pos,
        }
    }
}

/// One document's text and name, with positions found only when a problem needs them.
pub struct Doc<'a> {
    /// The file as the user named it.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
    locator: OnceCell<Locator>,
    value: OnceCell<Option<serde_yaml::Value>>,
    refusal: OnceCell<Option<Failure>>,
    /// Whether the typed parse showed that no text holds a control character.
    clean: Cell<bool>,
}

/// Where a problem points: at a key, or at its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// The key (or list item) itself.
    Key,
    /// The value after it.
    Value,
}

impl<'a> Doc<'a> {
    /// A document to parse.
    pub fn new(name: &'a str, text: &'a str) -> Doc<'a> {
        Doc {
            name,
            text,
            locator: OnceCell::new(),
            value: OnceCell::new(),
            refusal: OnceCell::new(),
            clean: Cell::new(false),
        }
    }

    /// Whether the document holds nothing but blank lines and comments.
    pub fn is_blank(&self) -> bool {
        self.text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    }

    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(self.text))
    }

    /// Why the document is not handed to the YAML loader at all: a control
    /// character, nesting past [`MAX_DEPTH`], or more than [`MAX_EVENTS`].
    fn refusal(&self) -> Option<&Failure> {
        self.refusal
            .get_or_init(|| {
                control_character(self.text).or_else(|| {
                    super::locate::refusal(self.text).map(|r| match r {
                        Refusal::TooDeep(pos) => Failure::syntax(
                            format!("lists and mappings nest more than {MAX_DEPTH} levels deep"),
                            "nest them less deeply: look for `[` or `{` that are never closed, or a long run of `- `",
                            Some(pos),
                        ),
                        Refusal::TooMany(pos) => Failure::syntax(
                            format!("more YAML than is loaded: over {MAX_EVENTS} values and starts and ends of lists and mappings"),
                            "split it into smaller files",
                            Some(pos),
                        ),
                        Refusal::Syntax(pos, info) => {
                            Failure::syntax(format!("YAML syntax error: {info}"), SYNTAX_HINT, Some(pos))
                        }
                    })
                })
            })
            .as_ref()
    }

    /// Parses the whole document into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        if let Some(f) = self.refusal() {
            return Err(f.clone());
        }
        let de = serde_yaml::Deserializer::from_str(self.text);
        serde_path_to_error::deserialize(de).map_err(|e| self.explain(e))
    }

    /// The value at `path`, if the document is valid YAML and has one.
    pub fn value_at(&self, path: &str) -> Option<&serde_yaml::Value> {
        let mut v = self
            .value
            .get_or_init(|| match self.refusal() {
                Some(_) => None,
                None => serde_yaml::from_str::<Loose>(self.text).ok().map(|l| l.0),
            })
            .as_ref()?;
        for step in steps(path) {
            v = match step {
                Step::Key(k) => v.as_mapping()?.get(k.as_ref())?,
                Step::Index(i) => v.as_sequence()?.get(i)?,
            };
        }
        Some(v)
    }

    /// What the value at `path` is, in words: ``text `abc` ``, `a list`, `the number 7`.
    pub fn found(&self, path: &str) -> String {
        use serde_yaml::Value;
        match self.value_at(path) {
            None | Some(Value::Null) => "nothing".into(),
            Some(Value::Bool(b)) => format!("`{b}`"),
            Some(Value::Number(n)) => {
                format!("the number {}", crate::text::clip(&n.to_string(), 24))
            }
            Some(Value::String(s)) => format!("text `{}`", crate::text::clip(s, 40)),
            Some(Value::Sequence(_)) => "a list".into(),
            Some(Value::Mapping(_)) => "a mapping".into(),
            Some(Value::Tagged(t)) => format!("a value tagged `{}`", t.tag),
        }
    }

    /// `FILE:LINE:COL` of `path`, or `FILE`, for messages that point at a second place.
    pub fn place(&self, path: &str, at: At) -> String {
        match self.pos(path, at) {
            Some(p) => format!("{}:{}:{}", self.name, p.line, p.col),
            None => self.name.to_string(),
        }
    }

    /// Every text value holding a character that would drive a terminal
    /// (see [`crate::text::is_unsafe`]), as its path and the first such
    /// character. Line breaks are fine in prose (`text`, `notes`, `hints`),
    /// nowhere else.
    pub fn control_text(&self) -> Vec<(String, char)> {
        let mut out = Vec::new();
        if self.refusal().is_some() || self.clean.get() {
            return out;
        }
        // A document that did not fit has been walked once already.
        if let Some(loc) = self.locator.get() {
            return loc.control.clone();
        }
        super::locate::values(self.text, |place, value| {
            if let Some(c) = control_char(place.field(), value) {
                out.push((place.path(), c));
            }
        });
        out
    }

    /// Notes whether the whole document, read into its type, holds any
    /// text with a control character: when it does not, [`Doc::control_text`]
    /// need not walk the document a second time; unless the file holds a
    /// tab, carriage return or NEL, which the YAML loader and the event
    /// parser may fold apart.
    pub fn typed(&self, control_text: bool) {
        let folds = self.text.contains(['\t', '\r', '\u{85}']);
        self.clean.set(!folds && !control_text);
    }

    /// The place of `path`: its key or its value, else the nearest parent's.
    pub fn pos(&self, path: &str, at: At) -> Option<Pos> {
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
            p = up(p);
        }
    }

    fn explain(&self, e: serde_path_to_error::Error<serde_yaml::Error>) -> Failure {
        let path = path_string(e.path());
        let err = e.into_inner();
        if let Some(f) = self.syntax() {
            return f;
        }
        if self.value_at("").is_none() {
            // The parser took it but the loader did not: aliases expanding
            // past the loader's limits.
            let pos = err.location().map(|l| Pos {
                line: l.line(),
                col: l.column(),
            });
            return if self.locator().aliases {
                Failure::syntax(
                    "YAML aliases expand too far",
                    "write the values out instead of using anchors and aliases (`&name`, `*name`)",
                    None,
                )
            } else {
                // The two parsers disagree (on an empty key, say): libyaml's word.
                Failure::syntax(format!("YAML syntax error: {err}"), SYNTAX_HINT, pos)
            };
        }
        Failure::Shape { path }
    }

    /// Every key written twice in one mapping, as its path and place (YAML
    /// forbids it; the loader keeps the first).
    pub fn duplicate_keys(&self) -> &[(String, Pos)] {
        &self.locator().duplicates
    }

    /// The first syntax error in the text, from the event parser.
    fn syntax(&self) -> Option<Failure> {
        let loc = self.locator();
        if let Some(pos) = loc.second_document {
            return Some(Failure::syntax(
                "more than one YAML document in the file",
                "remove the `---` line that starts a second document, or split the file",
                Some(pos),
            ));
        }
        let (pos, info) = loc.error.as_ref()?;
        Some(match tab_in_indent(self.text, pos.line) {
            Some(pos) => Failure::syntax(
                "tab character in indentation",
                "YAML indents with spaces only; replace the tab with spaces",
                Some(pos),
            ),
            None => Failure::syntax(
                format!("YAML syntax error: {info}"),
                SYNTAX_HINT,
                Some(*pos),
            ),
        })
    }
}

/// How to fix a syntax error.
const SYNTAX_HINT: &str = "check indentation and quoting on this line and the one above; \
     text containing `: ` or starting with `*`, `&`, `!`, `[` or `{` needs quotes";

/// The first tab in the indentation of lines up to the one after `line`
/// (a plain scalar's error is placed where it starts, a line before the tab).
fn tab_in_indent(text: &str, line: usize) -> Option<Pos> {
    text.lines().enumerate().take(line + 1).find_map(|(i, l)| {
        let indent = &l[..l.len() - l.trim_start().len()];
        indent.find('\t').map(|c| Pos {
            line: i + 1,
            col: indent[..c].chars().count() + 1,
        })
    })
}

/// A character YAML does not allow in a file (C0 controls but tab, line feed
/// and carriage return; DEL; C1 controls but NEL), with its place.
fn control_character(text: &str) -> Option<Failure> {
    // Bytes first: a C1 control is 0xC2 then 0x80 to 0x9F.
    let suspect =
        |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2;
    if !text.bytes().fold(false, |any, b| any | suspect(b)) {
        return None;
    }
    let (offset, c) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some(Failure::syntax(
        format!(
            "control character U+{:04X} is not allowed in YAML",
            c as u32
        ),
        "remove it; inside double quotes an escape such as `\\t` stands for one",
        Some(Pos { line, col }),
    ))
}

/// Any YAML value, loaded as [`serde_yaml::Value`] but forgiving what that
/// refuses: integers past 64 bits become floats, and a repeated key keeps its
/// first value (the repeat is reported from the locator). So one odd value
/// never hides the rest of the document from the problem finder.
struct Loose(serde_yaml::Value);

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> serde::de::Visitor<'de> for LooseVisitor {
    type Value = serde_yaml::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Value::Number((v as f64).into()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Value::Number((v as f64).into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Loose::deserialize(d).map(|l| l.0)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut m = serde_yaml::Mapping::new();
        while let Some((Loose(k), Loose(v))) = map.next_entry()? {
            if !m.contains_key(&k) {
                m.insert(k, v);
            }
        }
        Ok(Value::Mapping(m))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        use serde::de::VariantAccess;
        let (tag, contents): (String, _) = data.variant()?;
        let Loose(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new(tag),
            value,
        })))
    }
}

use serde::Deserialize as _;
use serde_yaml::Value;

// Paths name a place in a document: map keys joined by `.`, list indices as
// `[3]`, such as `questions[3].follow_ups[0].text`. A key holding `.`, `[`,
// `]` or `\` has them escaped with `\` (see [`key`]), so `"a.b": 1` is one
// key, not two.

/// One step of a path.
pub(super) enum Step<'p> {
    /// A map key, unescaped.
    Key(Cow<'p, str>),
    /// A list index.
    Index(usize),
}

/// One part of a path as written: a key (escaped) or an index (its digits),
/// with the byte offset where it starts, at its `.` or `[` (or 0).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part<'p> {
    Key(usize, &'p str),
    Index(usize, &'p str),
}

impl Part<'_> {
    fn start(self) -> usize {
        match self {
            Part::Key(at, _) | Part::Index(at, _) => at,
        }
    }
}

/// The parts of `path`, in order.
fn parts(path: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut chars = path.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c == '[' {
            chars.next();
            let end = path[start..].find(']').map_or(path.len(), |e| start + e);
            out.push(Part::Index(start, &path[start + 1..end]));
            while chars.next_if(|&(i, _)| i <= end).is_some() {}
            continue;
        }
        let from = if c == '.' {
            chars.next();
            start + 1
        } else {
            start
        };
        let mut end = path.len();
        while let Some(&(i, c)) = chars.peek() {
            if c == '.' || c == '[' {
                end = i;
                break;
            }
            chars.next();
            if c == '\\' {
                chars.next();
            }
        }
        out.push(Part::Key(start, &path[from..end.max(from)]));
    }
    out
}

/// A key as a path writes it, back to the key itself.
fn unescape(written: &str) -> Cow<'_, str> {
    if !written.contains('\\') {
        return Cow::Borrowed(written);
    }
    let mut out = String::with_capacity(written.len());
    let mut chars = written.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or(c)
        } else {
            c
        });
    }
    Cow::Owned(out)
}

/// `questions[3].id` as steps.
pub(super) fn steps(path: &str) -> impl Iterator<Item = Step<'_>> {
    parts(path).into_iter().filter_map(|part| match part {
        Part::Key(_, k) => (!k.is_empty()).then(|| Step::Key(unescape(k))),
        Part::Index(_, i) => i.parse().ok().map(Step::Index),
    })
}

/// serde_path_to_error's path in the dotted form the locator uses.
pub(super) fn path_string(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key: name } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&key(name));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// `parent.key`, or `key` at the top; `key` is a path itself (a field name,
/// or a path relative to `parent`), already escaped.
pub fn join(parent: &str, key: &str) -> String {
    match (parent.is_empty(), key.is_empty()) {
        (true, _) => key.to_string(),
        (_, true) => parent.to_string(),
        _ if key.starts_with('[') => format!("{parent}{key}"),
        _ => format!("{parent}.{key}"),
    }
}

/// The last map key of a path, unescaped: `weight` for `questions[2].weight`;
/// `None` when the path ends in an index.
pub fn last_key(path: &str) -> Option<Cow<'_, str>> {
    match parts(path).pop()? {
        Part::Key(_, k) if !k.is_empty() => Some(unescape(k)),
        _ => None,
    }
}

/// The last map key of a path, past any indices after it: `hints` for
/// `questions[2].hints[0]`.
pub fn field(path: &str) -> Option<Cow<'_, str>> {
    parts(path).into_iter().rev().find_map(|part| match part {
        Part::Key(_, k) if !k.is_empty() => Some(unescape(k)),
        _ => None,
    })
}

/// The path without its last map key: `questions[2]` for `questions[2].weight`.
pub fn parent(path: &str) -> &str {
    let after_dot = parts(path)
        .into_iter()
        .rev()
        .find(|p| matches!(p, Part::Key(at, _) if path[*at..].starts_with('.')));
    after_dot.map_or("", |p| &path[..p.start()])
}

/// The path without its last part, key or index: `questions` for `questions[2]`.
pub fn up(path: &str) -> &str {
    parts(path).pop().map_or("", |p| &path[..p.start()])
}

/// The list and the index a path ends in: `("questions", 2)` for `questions[2]`.
pub fn last_index(path: &str) -> Option<(&str, usize)> {
    match parts(path).pop()? {
        Part::Index(at, i) => Some((&path[..at], i.parse().ok()?)),
        Part::Key(..) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Top {
        title: Option<String>,
        items: Option<Vec<Item>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        n: Option<u32>,
    }

    fn fail(text: &str) -> Failure {
        Doc::new("f", text).parse::<Top>().unwrap_err()
    }

    fn shape(path: &str) -> Failure {
        Failure::Shape { path: path.into() }
    }

    #[test]
    fn failures_carry_the_path_the_deserializer_was_at() {
        assert_eq!(
            fail("title: a\nitems:\n  - n: 1\n  - n: x\n"),
            shape("items[1].n")
        );
        assert_eq!(fail("title: a\nitems:\n  - m: 1\n"), shape("items[0].m"));
        assert_eq!(fail("titel: a\n"), shape("titel"));
        assert_eq!(fail("- a\n"), shape(""));
    }

    #[test]
    fn syntax_errors_and_control_characters_are_placed() {
        let Failure::Syntax { pos, .. } = fail("title: [a\nitems: x\n") else {
            panic!()
        };
        assert!(pos.is_some());
        let Failure::Syntax { what, pos, .. } = fail("title: a\nitems:\n  - n: 1\x07\n") else {
            panic!()
        };
        assert_eq!(pos, Some(Pos { line: 3, col: 9 }));
        assert!(what.contains("U+0007"), "{what}");
        let Failure::Syntax { what, .. } = fail("title: a\n---\ntitle: b\n") else {
            panic!()
        };
        assert!(what.contains("more than one"), "{what}");
    }

    #[test]
    fn huge_integers_and_repeated_keys_do_not_hide_the_document() {
        let doc = Doc::new(
            "f",
            "title: a\ntitle: b\nitems:\n  - n: 99999999999999999999\n",
        );
        assert_eq!(doc.found("title"), "text `a`");
        assert_eq!(doc.found("items[0].n"), "the number 1e20");
        assert_eq!(
            doc.duplicate_keys(),
            &[("title".to_string(), Pos { line: 2, col: 1 })]
        );
    }

    #[test]
    fn an_alias_bomb_is_named_as_such() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for w in ["a", "b", "c", "d", "e", "f", "g", "h", "i"].windows(2) {
            let refs = vec![format!("*{}", w[0]); 9].join(",");
            bomb.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
        }
        bomb.push_str("title: T\nitems: *i\n");
        let Failure::Syntax { what, .. } = fail(&bomb) else {
            panic!("not a syntax failure")
        };
        assert_eq!(what, "YAML aliases expand too far");
    }

    #[test]
    fn a_typed_parse_free_of_control_text_spares_the_second_walk() {
        let text = "title: \"\\e\"\n";
        let doc = Doc::new("f", text);
        assert_eq!(doc.control_text(), [("title".to_string(), '\x1b')]);
        // What the typed value says is believed: the text is not walked again.
        doc.typed(false);
        assert_eq!(doc.control_text(), []);
        doc.typed(true);
        assert_eq!(doc.control_text().len(), 1);
        // Unless the loader and the event parser may fold the text apart.
        let doc = Doc::new("f", "title: \"\\e\"\t\n");
        doc.typed(false);
        assert_eq!(doc.control_text().len(), 1);
    }

    #[test]
    fn what_was_found_is_described_from_the_value() {
        let doc = Doc::new("f", "title: [1]\nitems:\n  - n: 1e300\n");
        assert_eq!(doc.found("title"), "a list");
        assert_eq!(doc.found("items[0].n"), "the number 1e300");
        assert_eq!(doc.found("items[3]"), "nothing");
    }

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(last_key("questions[2].weight").as_deref(), Some("weight"));
        assert_eq!(last_key("questions[2]"), None);
        assert_eq!(field("questions[2].hints[1]").as_deref(), Some("hints"));
        assert_eq!(parent("questions[2].weight"), "questions[2]");
        assert_eq!(up("questions[2]"), "questions");
        assert_eq!(last_index("a.questions[12]"), Some(("a.questions", 12)));
        assert_eq!(join("questions[2]", "[1].x"), "questions[2][1].x");
    }

    #[test]
    fn keys_holding_dots_or_brackets_are_one_step() {
        let path = join("questions[0]", &key(r"a.b[1]\c"));
        assert_eq!(path, r"questions[0].a\.b\[1\]\\c");
        assert_eq!(last_key(&path).as_deref(), Some(r"a.b[1]\c"));
        assert_eq!(parent(&path), "questions[0]");
        assert_eq!(up(&path), "questions[0]");
        let doc = Doc::new("f", "questions:\n  - \"a.b[1]\\\\c\": 5\n");
        assert_eq!(doc.found(&path), "the number 5");
        assert_eq!(doc.pos(&path, At::Key), Some(Pos { line: 2, col: 5 }));
    }
}
