//! Where things are in a YAML file: a map from paths such as `questions[3].id`
//! to line and column, built from parser events only when a problem needs a place.
//!
//! serde keeps no positions, so the happy path never pays for this; a second,
//! event-level pass (no alias expansion, so no alias bomb) finds them on demand.
//!
//! Also here: [`too_deep`], which refuses nesting deeper than [`MAX_DEPTH`]
//! before any parser reads the whole document (see its comment for why).

use saphyr_parser::{Event, Parser, ScanError, Span};
use std::collections::{HashMap, HashSet};

/// How deep lists and mappings may nest in any file read here. The formats
/// need six levels at most. Deeper nesting is refused before the YAML loader
/// sees it: libyaml's scanner does work in proportion to the flow depth for
/// every token (80 KB of `[[[…]]]` took seconds), and the locator keeps a
/// path as long as the depth for every node.
pub const MAX_DEPTH: usize = 64;

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
            // Every mapping and list opened is one frame on the stack; the
            // walk goes no deeper than a document may (see [`too_deep`]).
            if opens.is_some() && stack.len() == MAX_DEPTH {
                break;
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

/// Why a document is refused before it is loaded: nesting past [`MAX_DEPTH`]
/// at a place, or, when the event walk met a syntax error and cannot rule
/// deep nesting out after it, that error.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A list or mapping opens at this place, deeper than [`MAX_DEPTH`].
    TooDeep(Pos),
    /// The parser's words and place.
    Syntax(Pos, String),
}

/// Whether `text` nests lists and mappings deeper than [`MAX_DEPTH`], found
/// in time and memory in proportion to the text, however it nests.
///
/// A bound from the bytes alone ([`depth_bound`]) clears almost every real
/// file at once. Otherwise the parser's events are walked, building nothing,
/// up to the first list or mapping too deep. The scanner reads a flow
/// collection ahead to its end before it yields it (a `[` may start a key)
/// and gives up 255 levels down, so after a syntax error the text before it
/// is walked once more; if that finds no nesting too deep, the bytes after
/// the last event must clear the bound, or the error itself is the refusal.
pub fn too_deep(text: &str) -> Option<Refusal> {
    refuse(text, Parser::new_from_str)
}

/// [`too_deep`] with the events of a text from `events` (a test counts them).
fn refuse<'t, I>(text: &'t str, events: impl Fn(&'t str) -> I) -> Option<Refusal>
where
    I: Iterator<Item = Result<(Event<'t>, Span), ScanError>>,
{
    if depth_bound(text) <= MAX_DEPTH {
        return None;
    }
    let (depth, last, error) = match walk(events(text)) {
        Walk::Fine => return None,
        Walk::TooDeep(pos) => return Some(Refusal::TooDeep(pos)),
        Walk::Error { depth, last, error } => (depth, last, error),
    };
    let before = &text[..byte_at(text, error.marker().index())];
    if let Walk::TooDeep(pos) = walk(events(before)) {
        return Some(Refusal::TooDeep(pos));
    }
    // Everything still open counts twice: once as block nesting, once as flow.
    let rest = &text[line_start(text, last)..];
    (2 * depth + depth_bound(rest) > MAX_DEPTH)
        .then(|| Refusal::Syntax(Pos::at(error.marker()), error.info().to_string()))
}

/// What a walk over a document's events found.
#[derive(Debug)]
enum Walk {
    /// Nothing nests too deep.
    Fine,
    /// A list or mapping opens too deep here.
    TooDeep(Pos),
    /// A syntax error, `depth` levels down, after an event that started at
    /// the `last`-th character.
    Error {
        depth: usize,
        last: usize,
        error: ScanError,
    },
}

/// Walks `events` to the first list or mapping deeper than [`MAX_DEPTH`].
fn walk<'a>(events: impl Iterator<Item = Result<(Event<'a>, Span), ScanError>>) -> Walk {
    let (mut depth, mut last) = (0, 0);
    for item in events {
        let (event, span) = match item {
            Ok(item) => item,
            Err(error) => return Walk::Error { depth, last, error },
        };
        last = span.start.index();
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) if depth == MAX_DEPTH => {
                return Walk::TooDeep(Pos::at(&span.start));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth -= 1,
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Walk::Fine
}

/// The byte offset of the `index`-th character (the parser counts characters).
fn byte_at(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(b, _)| b)
}

/// Characters that may end a line, for YAML 1.1 (libyaml) or 1.2.
const BREAKS: [char; 5] = ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];

/// The byte offset where the line holding the `index`-th character starts.
fn line_start(text: &str, index: usize) -> usize {
    let at = byte_at(text, index);
    text[..at].rfind(BREAKS).map_or(0, |b| {
        b + text[b..].chars().next().map_or(1, char::len_utf8)
    })
}

/// A bound on how deep lists and mappings can nest in `text`, from its bytes.
///
/// Block collections: each starts either at an indicator (`-`, `?`, `:`) or
/// at the first character after a line's indentation and indicators (YAML
/// allows a block list entry only where a key could start). A child starts
/// to the right of its parent, but for a list under a mapping key, which may
/// start in the key's column and whose own children then start to the right;
/// so block nesting is at most twice one more than the widest such prefix.
/// Flow collections hold no block collections, and each `[` or `{` nests one
/// level at most; one followed at once by its closing bracket closes at once.
pub fn depth_bound(text: &str) -> usize {
    let prefix = text
        .split(BREAKS)
        .map(|line| line.bytes().take_while(|b| b" \t-?:".contains(b)).count())
        .max()
        .unwrap_or(0);
    let bytes = text.as_bytes();
    let open = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| match b {
            b'[' => bytes.get(i + 1) != Some(&b']'),
            b'{' => bytes.get(i + 1) != Some(&b'}'),
            _ => false,
        })
        .count();
    // The one empty `[]` or `{}` that may be open on top of all the others.
    2 * (prefix + 1) + open + 1
}

/// The path of the key `name` in the mapping at `path`, as
/// [`super::yaml::path_string`] writes it.
fn join(path: &str, name: &str) -> String {
    let name = super::yaml::key(name);
    if path.is_empty() {
        name.into_owned()
    } else {
        format!("{path}.{name}")
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

    /// `text` nested `n` levels deep in the way `open` and `close` nest it.
    fn nested(n: usize, open: &str, inner: &str, close: &str) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn nesting_past_the_limit_is_placed_at_its_first_too_deep_opening() {
        let n = 100_000;
        let cases = [
            // 200 KB of flow lists: the 65th level opens at column 71.
            (format!("think: {}\n", nested(n, "[", "", "]")), at(1, 71)),
            (
                format!("think: {}\n", nested(n, "{a: ", "1", "}")),
                at(1, 260),
            ),
            (format!("think:\n{}x\n", "- ".repeat(n)), at(2, 127)),
            // A complex key's mapping is placed at the key after its `?`.
            (format!("think:\n{}x\n", "? ".repeat(n)), at(2, 129)),
            (format!("- {}\n", nested(n, "[", "", "]")), at(1, 66)),
        ];
        for (text, want) in cases {
            let events = std::cell::Cell::new(0);
            let got = refuse(&text, |t| {
                Parser::new_from_str(t).inspect(|_| events.set(events.get() + 1))
            });
            assert_eq!(
                got.map(|r| match r {
                    Refusal::TooDeep(pos) => Some(pos),
                    Refusal::Syntax(..) => None,
                }),
                Some(want),
                "{}",
                &text[..20]
            );
            // The parser stopped near the limit: it never read the whole text.
            assert!(events.get() <= 3 * MAX_DEPTH, "{} events", events.get());
        }
        // Indented mappings, 65 levels: the last key opens the 65th.
        let mut deep = String::new();
        for i in 0..MAX_DEPTH + 1 {
            deep.push_str(&format!("{}k:\n", " ".repeat(i)));
        }
        deep.push_str(&format!("{}v\n", " ".repeat(MAX_DEPTH + 1)));
        assert_eq!(
            too_deep(&deep),
            Some(Refusal::TooDeep(Pos { line: 65, col: 65 }))
        );
    }

    #[test]
    fn nesting_up_to_the_limit_is_loaded() {
        let flow = format!("{}\n", nested(MAX_DEPTH, "[", "x", "]"));
        assert!(depth_bound(&flow) > MAX_DEPTH);
        assert_eq!(too_deep(&flow), None);
        let block = format!("{}x\n", "- ".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&block), None);
        // Brackets in text and empty lists do not count as nesting.
        let text = format!(
            "title: \"{}\"\ntags: [{}]\n",
            "[".repeat(500),
            ["[]"; 100].join(", ")
        );
        assert_eq!(too_deep(&text), None);
    }

    #[test]
    fn the_byte_bound_is_never_below_the_nesting_the_parser_sees() {
        use rand::{RngExt, SeedableRng};
        let pieces = [
            "- ", "? ", ": ", "a", "b: ", "[", "]", "{", "}", ", ", "\n", "\n  ", "\n    ", "\r",
            "  ", "\"", "'", "#", "|\n", "&x ", "*x", "!t ", "-", "x: ", "[]", "{}", "\t",
            "\u{85}",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20);
        for _ in 0..20_000 {
            let len = rng.random_range(1..60);
            let text: String = (0..len)
                .map(|_| pieces[rng.random_range(0..pieces.len())])
                .collect();
            let (mut depth, mut deepest) = (0usize, 0);
            for item in Parser::new_from_str(&text).take(10_000) {
                match item {
                    Ok((Event::MappingStart(..) | Event::SequenceStart(..), _)) => depth += 1,
                    Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth -= 1,
                    Ok((Event::StreamEnd, _)) | Err(_) => break,
                    Ok(_) => {}
                }
                deepest = deepest.max(depth);
            }
            assert!(deepest <= depth_bound(&text), "{text:?}: {deepest}");
        }
    }

    #[test]
    fn a_syntax_error_keeps_the_places_before_it() {
        let loc = Locator::new("title: x\nquestions:\n  - id: a\n   bad: [\n");
        assert_eq!(loc.key("title"), at(1, 1));
        assert_eq!(loc.key("questions[0].id"), at(3, 5));
    }
}
