//! Where things are in a YAML file: a map from paths such as `questions[3].id`
//! to line and column, built from parser events only when a problem needs a place.
//!
//! serde keeps no positions, so the happy path never pays for this; a second,
//! event-level pass (no alias expansion, so no alias bomb) finds them on demand.

use saphyr_parser::{Event, Parser};
use std::collections::{HashMap, HashSet};

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

/// Positions of the keys and values of a YAML document, by path.
#[derive(Debug, Default)]
pub struct Locator {
    /// Path → (position of its key or sequence item, position of its value).
    places: HashMap<String, (Pos, Pos)>,
    /// Keys written twice in one mapping: the path and place of each repeat.
    pub(super) duplicates: Vec<(String, Pos)>,
    /// The first syntax error: its place and the parser's words.
    pub(super) error: Option<(Pos, String)>,
    /// Where a second document starts, if one does before any error.
    pub(super) second_document: Option<Pos>,
    /// Whether an alias (`*name`) is used.
    pub(super) aliases: bool,
    /// How deep mappings and lists nest.
    pub(super) depth: usize,
}

enum Frame {
    Seq {
        path: String,
        next: usize,
    },
    Map {
        path: String,
        key: Option<(String, Pos)>,
        seen: HashSet<String>,
    },
    /// A mapping or sequence used as a key: nothing inside it is addressed.
    Opaque,
}

impl Pos {
    /// The place of a parser marker, whose columns count from 0.
    fn at(m: &saphyr_parser::Marker) -> Pos {
        Pos {
            line: m.line(),
            col: m.col() + 1,
        }
    }
}

impl Locator {
    /// Walks the events of `text`; on a syntax error it keeps what it found so far.
    pub fn new(text: &str) -> Locator {
        let mut loc = Locator::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0;
        for item in Parser::new_from_str(text) {
            let (event, span) = match item {
                Ok(item) => item,
                Err(e) => {
                    loc.error = Some((Pos::at(e.marker()), e.info().to_string()));
                    break;
                }
            };
            let here = Pos::at(&span.start);
            let opens = match event {
                Event::MappingStart(..) => Some(true),
                Event::SequenceStart(..) => Some(false),
                Event::Scalar(..) => None,
                Event::Alias(..) => {
                    loc.aliases = true;
                    None
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    complete_value(&mut stack);
                    continue;
                }
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents == 2 {
                        loc.second_document = Some(here);
                    }
                    continue;
                }
                _ => continue,
            };
            // Every mapping and list opened is one frame on the stack.
            if opens.is_some() {
                loc.depth = loc.depth.max(stack.len() + 1);
            }
            // A scalar in key position names the next value; anything else is a value.
            if let Some(Frame::Map {
                path,
                key: key @ None,
                seen,
            }) = stack.last_mut()
            {
                match (&event, opens) {
                    (Event::Scalar(name, ..), None) => {
                        if !seen.insert(name.to_string()) {
                            loc.duplicates.push((join(path, name), here));
                        }
                        *key = Some((name.to_string(), here));
                    }
                    _ => {
                        *key = Some((String::from("?"), here));
                        if opens.is_some() {
                            stack.push(Frame::Opaque);
                        }
                    }
                }
                continue;
            }
            let (path, key_pos) = match stack.last() {
                None => (String::new(), here),
                Some(Frame::Seq { path, next }) => (format!("{path}[{next}]"), here),
                Some(Frame::Map {
                    path,
                    key: Some((k, kpos)),
                    ..
                }) => (join(path, k), *kpos),
                Some(Frame::Opaque) | Some(Frame::Map { key: None, .. }) => {
                    if opens.is_some() {
                        stack.push(Frame::Opaque);
                    }
                    continue;
                }
            };
            loc.places.entry(path.clone()).or_insert((key_pos, here));
            match opens {
                Some(true) => stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: HashSet::new(),
                }),
                Some(false) => stack.push(Frame::Seq { path, next: 0 }),
                None => complete_value(&mut stack),
            }
        }
        loc
    }

    /// Where the key (or sequence item) at `path` starts.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.places.get(path).map(|p| p.0)
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.places.get(path).map(|p| p.1)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// After a value ends, its parent moves on to the next key or item.
fn complete_value(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Seq { next, .. }) => *next += 1,
        Some(Frame::Map { key, .. }) => *key = None,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
title: Demo
defaults:
  target: 2m
questions:
  - id: first
    text: One?
    tags: [a, b]
  - id: second
    text: Two?
    follow_ups:
      - text: Why?
        target: 30s
";

    fn at(line: usize, col: usize) -> Option<Pos> {
        Some(Pos { line, col })
    }

    #[test]
    fn keys_and_values_are_found_by_path() {
        let loc = Locator::new(DOC);
        assert_eq!(loc.key("title"), at(1, 1));
        assert_eq!(loc.value("title"), at(1, 8));
        assert_eq!(loc.key("defaults.target"), at(3, 3));
        assert_eq!(loc.key("questions[0]"), at(5, 5));
        assert_eq!(loc.value("questions[0].text"), at(6, 11));
        assert_eq!(loc.value("questions[0].tags[1]"), at(7, 15));
        assert_eq!(loc.key("questions[1].id"), at(8, 5));
        assert_eq!(loc.key("questions[1].follow_ups[0].target"), at(12, 9));
        assert_eq!(loc.key("questions[2]"), None);
    }

    #[test]
    fn a_syntax_error_keeps_the_places_before_it() {
        let loc = Locator::new("title: x\nquestions:\n  - id: a\n   bad: [\n");
        assert_eq!(loc.key("title"), at(1, 1));
        assert_eq!(loc.key("questions[0].id"), at(3, 5));
    }
}
