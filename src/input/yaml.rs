//! One YAML parse per document into a typed struct, and on failure a
//! structured account of it: a syntax error with its place, or the field path
//! (from the deserializer itself, via `serde_path_to_error`) where the
//! document stopped fitting its struct. serde's message text is never read.

use super::locate::{Locator, Pos};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use std::cell::OnceCell;

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

/// One document's text and name, with positions found only when a problem needs them.
pub struct Doc<'a> {
    /// The file as the user named it.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
    locator: OnceCell<Locator>,
    value: OnceCell<Option<serde_yaml::Value>>,
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
        }
    }

    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(self.text))
    }

    /// Parses the whole document into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        if let Some(f) = control_character(self.text) {
            return Err(f);
        }
        let de = serde_yaml::Deserializer::from_str(self.text);
        serde_path_to_error::deserialize(de).map_err(|e| self.explain(e))
    }

    /// Parses the part of the document at `path` into `T` (after a parse of
    /// the whole failed, to find the problems of each part).
    pub fn parse_at<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        let value = self
            .value_at(path)
            .cloned()
            .unwrap_or(serde_yaml::Value::Null);
        serde_path_to_error::deserialize(value).map_err(|e| Failure::Shape {
            path: join(path, &path_string(e.path())),
        })
    }

    /// The value at `path`, if the document is valid YAML and has one.
    pub fn value_at(&self, path: &str) -> Option<&serde_yaml::Value> {
        let mut v = self
            .value
            .get_or_init(|| serde_yaml::from_str(self.text).ok())
            .as_ref()?;
        for step in steps(path) {
            v = match step {
                Step::Key(k) => v.as_mapping()?.get(k)?,
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
                format!("the number {}", crate::ui::text::clip(&n.to_string(), 24))
            }
            Some(Value::String(s)) => format!("text `{}`", crate::ui::text::clip(s, 40)),
            Some(Value::Sequence(_)) => "a list".into(),
            Some(Value::Mapping(_)) => "a mapping".into(),
            Some(Value::Tagged(t)) => format!("a value tagged `{}`", t.tag),
        }
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
            p = match p.rfind(['.', '[']) {
                Some(i) => &p[..i],
                None => "",
            };
        }
    }

    fn explain(&self, e: serde_path_to_error::Error<serde_yaml::Error>) -> Failure {
        let path = path_string(e.path());
        let err = e.into_inner();
        if let Some(f) = self.syntax() {
            return f;
        }
        if path.is_empty() && self.value_at("").is_none() {
            // The parser took it but the loader did not (alias limits and the like).
            return Failure::Syntax {
                what: format!("the YAML cannot be loaded: {err}"),
                hint:
                    "write the values out instead of using anchors and aliases (`&name`, `*name`)"
                        .into(),
                pos: err.location().map(|l| Pos {
                    line: l.line(),
                    col: l.column(),
                }),
            };
        }
        Failure::Shape { path }
    }

    /// The first syntax error in the text, from the event parser.
    fn syntax(&self) -> Option<Failure> {
        let mut documents = 0;
        for item in saphyr_parser::Parser::new_from_str(self.text) {
            match item {
                Err(e) => {
                    let m = e.marker();
                    let pos = Pos {
                        line: m.line(),
                        col: m.col() + 1,
                    };
                    let tab = tab_in_indent(self.text, pos.line);
                    return Some(match tab {
                        Some(pos) => Failure::Syntax {
                            what: "tab character in indentation".into(),
                            hint: "YAML indents with spaces only; replace the tab with spaces".into(),
                            pos: Some(pos),
                        },
                        None => Failure::Syntax {
                            what: format!("YAML syntax error: {}", e.info()),
                            hint: "check indentation and quoting on this line and the one above; \
                                   text containing `: ` or starting with `*`, `&`, `!`, `[` or `{` needs quotes"
                                .into(),
                            pos: Some(pos),
                        },
                    });
                }
                Ok((saphyr_parser::Event::DocumentStart(_), span)) => {
                    documents += 1;
                    if documents > 1 {
                        return Some(Failure::Syntax {
                            what: "more than one YAML document in the file".into(),
                            hint: "remove the `---` line that starts a second document, or split the file".into(),
                            pos: Some(Pos { line: span.start.line(), col: span.start.col() + 1 }),
                        });
                    }
                }
                Ok(_) => {}
            }
        }
        None
    }
}

/// The first tab in the indentation of lines up to `line`.
fn tab_in_indent(text: &str, line: usize) -> Option<Pos> {
    text.lines().enumerate().take(line).find_map(|(i, l)| {
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
    let (offset, c) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some(Failure::Syntax {
        what: format!(
            "control character U+{:04X} is not allowed in YAML",
            c as u32
        ),
        hint: "remove it; inside double quotes an escape such as `\\t` stands for one".into(),
        pos: Some(Pos { line, col }),
    })
}

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// `questions[3].id` as steps; keys holding `.` or `[` are not addressed.
fn steps(path: &str) -> impl Iterator<Item = Step<'_>> {
    path.split('.').filter(|s| !s.is_empty()).flat_map(|part| {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        let key = (!key.is_empty()).then_some(Step::Key(key));
        let indices = rest
            .split('[')
            .filter_map(|i| i.trim_end_matches(']').parse().ok())
            .map(Step::Index);
        key.into_iter().chain(indices)
    })
}

/// serde_path_to_error's path in the dotted form the locator uses.
fn path_string(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// `parent.key`, or `key` at the top.
pub fn join(parent: &str, key: &str) -> String {
    match (parent.is_empty(), key.is_empty()) {
        (true, _) => key.to_string(),
        (_, true) => parent.to_string(),
        _ if key.starts_with('[') => format!("{parent}{key}"),
        _ => format!("{parent}.{key}"),
    }
}

/// The last map key of a path: `weight` for `questions[2].weight`.
pub fn last_key(path: &str) -> Option<&str> {
    let last = path.rsplit('.').next()?;
    let key = last.split('[').next()?;
    (!key.is_empty() && !last.contains('[')).then_some(key)
}

/// The path without its last map key: `questions[2]` for `questions[2].weight`.
pub fn parent(path: &str) -> &str {
    path.rfind('.').map_or("", |i| &path[..i])
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
    fn what_was_found_is_described_from_the_value() {
        let doc = Doc::new("f", "title: [1]\nitems:\n  - n: 1e300\n");
        assert_eq!(doc.found("title"), "a list");
        assert_eq!(doc.found("items[0].n"), "the number 1e300");
        assert_eq!(doc.found("items[3]"), "nothing");
    }

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(last_key("questions[2].weight"), Some("weight"));
        assert_eq!(last_key("questions[2]"), None);
        assert_eq!(parent("questions[2].weight"), "questions[2]");
        assert_eq!(join("questions[2]", "[1].x"), "questions[2][1].x");
    }
}
