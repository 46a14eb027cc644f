//! Where things are in a YAML file: a map from paths such as `questions[3].id`
//! to line and column, built from parser events only when a problem needs a place.
//!
//! serde keeps no positions, so the happy path never pays for this; a second,
//! event-level pass (no alias expansion, so no alias bomb) finds them on demand.
//!
//! Also here: [`refusal`], which refuses nesting deeper than [`MAX_DEPTH`]
//! and more than [`MAX_NODES`] before the YAML loader reads the document.

use saphyr_parser::{Event, Parser, ScanError, Span};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// How deep lists and mappings may nest in any file read here. The formats
/// need six levels at most. Deeper nesting is refused before the YAML loader
/// sees it: libyaml's scanner does work in proportion to the flow depth for
/// every token (80 KB of `[[[…]]]` took seconds), and the locator keeps a
/// path as long as the depth for every node.
pub const MAX_DEPTH: usize = 64;

/// How many parser events a file read here may have: one for each value and
/// two for each list or mapping (its start and end). A bank of 10,000
/// questions has about 200,000; a session of 1,800 recorded answers with
/// their analyses about 500,000 (a transcript adds eight a word). The YAML
/// loader keeps every event of a document at once, about 150 bytes each, so
/// memory is bounded by this and not only by a file's size: 750 KB of
/// `[{},{},…]` held 860 MB.
pub const MAX_EVENTS: usize = 500_000;

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
    /// Every text value holding a control character: see [`control_char`].
    pub(super) control: Vec<(String, char)>,
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
        // The keys read so far in each open mapping, by depth.
        let mut seen: Vec<HashSet<String>> = Vec::new();
        let mut documents = 0;
        let error = places(text, |place, met, here| match met {
            Met::Document => {
                documents += 1;
                if documents == 2 {
                    loc.second_document = Some(here);
                }
            }
            Met::Alias => loc.aliases = true,
            Met::Key(name) => {
                let depth = place.levels.len();
                seen.resize_with(depth, HashSet::new);
                if !seen[depth - 1].insert(name.to_string()) {
                    loc.duplicates.push((join(&place.path(), name), here));
                }
            }
            Met::Value(value) => {
                seen.truncate(place.levels.len());
                let path = place.path();
                if let Some(c) = value.and_then(|v| control_char(place.field(), v)) {
                    loc.control.push((path.clone(), c));
                }
                let key = match place.levels.last() {
                    Some(Level::Map(Some(Some((_, key))))) => *key,
                    _ => here,
                };
                loc.places.entry(path).or_insert((key, here));
            }
        });
        loc.error = error.map(|e| (Pos::at(e.marker()), e.info().to_string()));
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

/// Where a walk over the events is: each open list with the index of the
/// item being read, each open mapping with the key whose value is being read.
#[derive(Default)]
pub(super) struct Place<'a> {
    levels: Vec<Level<'a>>,
}

enum Level<'a> {
    Seq(usize),
    /// A mapping: the key whose value comes next and where, once read;
    /// `Some(None)` for a key that is no text (a list, a mapping, an alias).
    Map(Option<Option<(Cow<'a, str>, Pos)>>),
    /// Inside a list or mapping used as a key: nothing here is addressed.
    Opaque,
}

impl Place<'_> {
    /// The path, as the locator writes it.
    pub(super) fn path(&self) -> String {
        let mut path = String::new();
        for level in &self.levels {
            match level {
                Level::Seq(i) => path.push_str(&format!("[{i}]")),
                Level::Map(Some(Some((k, _)))) => path = join(&path, k),
                _ => {}
            }
        }
        path
    }

    /// The key of the innermost mapping: `hints` in `questions[2].hints[0]`.
    pub(super) fn field(&self) -> Option<&str> {
        let map = self
            .levels
            .iter()
            .rev()
            .find(|l| !matches!(l, Level::Seq(_)));
        match map {
            Some(Level::Map(Some(Some((k, _))))) => Some(k),
            _ => None,
        }
    }

    /// A value, or a key that is no text, was just read: move on.
    fn next(&mut self) {
        match self.levels.last_mut() {
            Some(Level::Seq(i)) => *i += 1,
            Some(Level::Map(key @ None)) => *key = Some(None),
            Some(Level::Map(key)) => *key = None,
            _ => {}
        }
    }

    /// Whether the next scalar is a value, not a key or inside one.
    fn at_value(&self) -> bool {
        match self.levels.last() {
            Some(Level::Map(Some(Some(_)))) | Some(Level::Seq(_)) | None => true,
            Some(Level::Map(_)) | Some(Level::Opaque) => false,
        }
    }
}

/// What a walk over a document's events meets.
enum Met<'e> {
    /// The start of a document.
    Document,
    /// An alias, anywhere.
    Alias,
    /// A key that is text, of the innermost mapping.
    Key(&'e str),
    /// A value (keys aside): a scalar's text, or `None` for a list, a mapping
    /// or an alias.
    Value(Option<&'e str>),
}

/// Walks the events of `text`, telling `met` what it meets, where it is
/// and where that starts, down to [`MAX_DEPTH`]: memory stays that of the
/// deepest path. The syntax error it stopped at, if any.
fn places<'a>(text: &'a str, mut met: impl FnMut(&Place<'a>, Met, Pos)) -> Option<ScanError> {
    let mut place = Place::default();
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(item) => item,
            Err(e) => return Some(e),
        };
        let here = Pos::at(&span.start);
        match event {
            Event::Scalar(v, ..) => {
                if let Some(Level::Map(None)) = place.levels.last() {
                    met(&place, Met::Key(&v), here);
                    place.levels.pop();
                    place.levels.push(Level::Map(Some(Some((v, here)))));
                    continue;
                }
                if place.at_value() {
                    met(&place, Met::Value(Some(&v)), here);
                }
                place.next();
            }
            Event::Alias(..) => {
                met(&place, Met::Alias, here);
                if place.at_value() {
                    met(&place, Met::Value(None), here);
                }
                place.next();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // Nothing deeper is walked; such a document is refused (see [`refusal`]).
                if place.levels.len() == MAX_DEPTH {
                    break;
                }
                let opaque = !place.at_value();
                if !opaque {
                    met(&place, Met::Value(None), here);
                }
                place.levels.push(match event {
                    _ if opaque => Level::Opaque,
                    Event::MappingStart(..) => Level::Map(None),
                    _ => Level::Seq(0),
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                place.levels.pop();
                place.next();
            }
            Event::DocumentStart(..) => met(&place, Met::Document, here),
            Event::StreamEnd => break,
            _ => {}
        }
    }
    None
}

/// Calls `visit` with every scalar value of `text` (keys aside) and where it
/// is, building nothing. Stops at a syntax error.
pub(super) fn values<'a>(text: &'a str, mut visit: impl FnMut(&Place<'a>, &str)) {
    places(text, |place, met, _| {
        if let Met::Value(Some(v)) = met {
            visit(place, v)
        }
    });
}

/// Why a document is refused before it is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A list or mapping opens at this place, deeper than [`MAX_DEPTH`].
    TooDeep(Pos),
    /// The event past [`MAX_EVENTS`] starts here.
    TooMany(Pos),
    /// The walk met a syntax error and cannot rule out either after it: the
    /// parser's words and place.
    Syntax(Pos, String),
}

/// Whether `text` nests lists and mappings deeper than [`MAX_DEPTH`] or has
/// more than [`MAX_EVENTS`], found in time in proportion to the text and in
/// memory in proportion to neither.
///
/// Bounds from the bytes alone ([`bounds`]) clear
/// almost every real file at once. Otherwise the parser's events are walked,
/// building nothing, up to the first list or mapping too deep or the first
/// event too many. The scanner reads a flow collection ahead to its end before
/// it yields it (a `[` may start a key) and gives up 255 levels down, so
/// after a syntax error the text before it is walked once more; if that finds
/// nothing, the bytes after the last event must clear the bounds, or the
/// error itself is the refusal.
pub fn refusal(text: &str) -> Option<Refusal> {
    refuse(text, Parser::new_from_str)
}

/// [`refusal`] with the events of a text from `events` (a test counts them).
fn refuse<'t, I>(text: &'t str, events: impl Fn(&'t str) -> I) -> Option<Refusal>
where
    I: Iterator<Item = Result<(Event<'t>, Span), ScanError>>,
{
    let all = bounds(text);
    if all.depth <= MAX_DEPTH && all.events <= MAX_EVENTS {
        return None;
    }
    let (at, error) = match walk(events(text)) {
        Walk::Fine => return None,
        Walk::Refused(r) => return Some(r),
        Walk::Error { at, error } => (at, error),
    };
    let before = &text[..byte_at(text, error.marker().index())];
    if let Walk::Refused(r) = walk(events(before)) {
        return Some(r);
    }
    // Everything still open counts twice: once as block nesting, once as flow.
    let rest = &text[line_start(text, at.last)..];
    let after = bounds(rest);
    let deep = 2 * at.depth + after.depth > MAX_DEPTH;
    let many = at.events + after.events > MAX_EVENTS;
    (deep || many).then(|| Refusal::Syntax(Pos::at(error.marker()), error.info().to_string()))
}

/// How far a walk got.
#[derive(Debug, Default)]
struct Reached {
    /// Lists and mappings open.
    depth: usize,
    /// Events read.
    events: usize,
    /// The character where the last event started.
    last: usize,
}

/// What a walk over a document's events found.
#[derive(Debug)]
enum Walk {
    /// Nothing too deep, nor too many.
    Fine,
    /// Too deep or too many, here.
    Refused(Refusal),
    /// A syntax error, after the walk got this far.
    Error { at: Reached, error: ScanError },
}

/// Walks `events` to the first list or mapping deeper than [`MAX_DEPTH`], or
/// the first event past [`MAX_EVENTS`].
fn walk<'a>(events: impl Iterator<Item = Result<(Event<'a>, Span), ScanError>>) -> Walk {
    let mut at = Reached::default();
    for item in events {
        let (event, span) = match item {
            Ok(item) => item,
            Err(error) => return Walk::Error { at, error },
        };
        at.last = span.start.index();
        let here = || Pos::at(&span.start);
        // The events the loader keeps (not those of the stream and document).
        let kept = !matches!(
            event,
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(..) | Event::DocumentEnd
        );
        if kept && at.events == MAX_EVENTS {
            return Walk::Refused(Refusal::TooMany(here()));
        }
        at.events += usize::from(kept);
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) if at.depth == MAX_DEPTH => {
                return Walk::Refused(Refusal::TooDeep(here()));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => at.depth += 1,
            Event::MappingEnd | Event::SequenceEnd => at.depth -= 1,
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

/// Bounds on how deep lists and mappings nest in `text` and on how many
/// events (see [`MAX_EVENTS`]) it has, from one pass over its bytes.
///
/// Depth. Block collections: each starts either at an indicator (`-`, `?`,
/// `:`) or at the first character after a line's indentation and indicators
/// (YAML allows a block list entry only where a key could start). A child
/// starts to the right of its parent, but for a list under a mapping key,
/// which may start in the key's column and whose own children then start to
/// the right; so block nesting is at most twice one more than the widest
/// such prefix. Flow collections hold no block collections, and each `[` or
/// `{` nests one level at most; one followed at once by its closing bracket
/// closes at once.
///
/// Events: two for each indicator, bracket, comma and line break, and four
/// more. Two values need one of those between them, a list or mapping starts
/// and ends at one (a block one at an indicator, a key's `:` or a line
/// break), and an empty value is implied only by one.
pub fn bounds(text: &str) -> Bounds {
    let bytes = text.as_bytes();
    let (mut prefix, mut run, mut open, mut marks) = (0, Some(0), 0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        // After `\n`, `\r` or the last byte of NEL, LS or PS (U+0085,
        // U+2028, U+2029) a line may start. Other characters end in those
        // bytes too: more places taken as line starts only widen the bounds.
        if matches!(b, b'\n' | b'\r' | 0x85 | 0xA8 | 0xA9) {
            run = Some(0);
            marks += 1;
            continue;
        }
        run = run
            .filter(|_| matches!(b, b' ' | b'\t' | b'-' | b'?' | b':'))
            .map(|r| r + 1);
        prefix = prefix.max(run.unwrap_or(0));
        let closer = match b {
            b'-' | b'?' | b':' | b']' | b'}' | b',' => {
                marks += 1;
                continue;
            }
            b'[' => b']',
            b'{' => b'}',
            _ => continue,
        };
        marks += 1;
        open += usize::from(bytes.get(i + 1) != Some(&closer));
    }
    Bounds {
        // The one empty `[]` or `{}` that may be open on top of the others.
        depth: 2 * (prefix + 1) + open + 1,
        events: 2 * marks + 4,
    }
}

/// What [`bounds`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// No list or mapping nests deeper than this.
    pub depth: usize,
    /// There are no more events than this.
    pub events: usize,
}

/// The path of the key `name` in the mapping at `path`, as
/// [`super::yaml::path_string`] writes it.
fn join(path: &str, name: &str) -> String {
    let name = key(name);
    if path.is_empty() {
        name.into_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The first character of `value`, the text of the field `field`, that
/// would drive a terminal (see [`crate::text::is_unsafe`]). Line breaks are
/// fine in prose (`text`, `notes`, `hints`, an answer's `note`), nowhere else.
pub fn control_char(field: Option<&str>, value: &str) -> Option<char> {
    let prose = matches!(field, Some("text" | "notes" | "hints" | "note"));
    value
        .chars()
        .find(|&c| crate::text::is_unsafe(c) && !(prose && matches!(c, '\n' | '\r')))
}

/// A map key as a path writes it: `.`, `[`, `]` and `\` escaped with `\`.
pub fn key(name: &str) -> Cow<'_, str> {
    if !name.contains(['.', '[', ']', '\\']) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 2);
    for c in name.chars() {
        if matches!(c, '.' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
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
                    _ => None,
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
            refusal(&deep),
            Some(Refusal::TooDeep(Pos { line: 65, col: 65 }))
        );
    }

    #[test]
    fn nesting_up_to_the_limit_is_loaded() {
        let flow = format!("{}\n", nested(MAX_DEPTH, "[", "x", "]"));
        assert!(bounds(&flow).depth > MAX_DEPTH);
        assert_eq!(refusal(&flow), None);
        let block = format!("{}x\n", "- ".repeat(MAX_DEPTH));
        assert_eq!(refusal(&block), None);
        // Brackets in text and empty lists do not count as nesting.
        let text = format!(
            "title: \"{}\"\ntags: [{}]\n",
            "[".repeat(500),
            ["[]"; 100].join(", ")
        );
        assert_eq!(refusal(&text), None);
    }

    #[test]
    fn the_byte_bounds_are_never_below_what_the_parser_sees() {
        use rand::{RngExt, SeedableRng};
        let pieces = [
            "- ", "? ", ": ", "a", "b: ", "[", "]", "{", "}", ", ", "\n", "\n  ", "\n    ", "\r",
            "  ", "\"", "'", "#", "|\n", "&x ", "*x", "!t ", "-", "x: ", "[]", "{}", "\t",
            "\u{85}", "?", ":", "-\n", ",", "a:", "?\n", "[:", "{?",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20);
        for _ in 0..60_000 {
            let len = rng.random_range(1..60);
            let text: String = (0..len)
                .map(|_| pieces[rng.random_range(0..pieces.len())])
                .collect();
            let (mut depth, mut deepest, mut events) = (0usize, 0, 0);
            for item in Parser::new_from_str(&text).take(10_000) {
                match item {
                    Ok((Event::MappingStart(..) | Event::SequenceStart(..), _)) => depth += 1,
                    Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth -= 1,
                    Ok((Event::StreamEnd, _)) | Err(_) => break,
                    Ok((Event::StreamStart | Event::DocumentStart(..) | Event::DocumentEnd, _)) => {
                        continue;
                    }
                    Ok(_) => {}
                }
                events += 1;
                deepest = deepest.max(depth);
            }
            let bound = bounds(&text);
            assert!(deepest <= bound.depth, "{text:?}: {deepest} deep");
            assert!(events <= bound.events, "{text:?}: {events} events");
        }
    }

    #[test]
    fn values_are_walked_with_their_paths_and_fields() {
        let doc = "a: x\nb:\n  - y\n  - {c.d: z}\n? [k]\n: skipped\ne: &v w\nf: *v\ng: [[h]]\n";
        let mut seen = Vec::new();
        values(doc, |place, v| {
            seen.push((
                place.path(),
                place.field().map(str::to_string),
                v.to_string(),
            ))
        });
        let want = [
            ("a", Some("a"), "x"),
            ("b[0]", Some("b"), "y"),
            ("b[1].c\\.d", Some("c.d"), "z"),
            ("e", Some("e"), "w"),
            ("g[0][0]", Some("g"), "h"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(p, f, v)| (p.to_string(), f.map(str::to_string), v.to_string()))
            .collect();
        assert_eq!(seen, want);
        // The same paths the locator places.
        let loc = Locator::new(doc);
        assert_eq!(loc.value("b[1].c\\.d"), at(4, 11));
    }

    #[test]
    fn a_syntax_error_keeps_the_places_before_it() {
        let loc = Locator::new("title: x\nquestions:\n  - id: a\n   bad: [\n");
        assert_eq!(loc.key("title"), at(1, 1));
        assert_eq!(loc.key("questions[0].id"), at(3, 5));
    }
}
