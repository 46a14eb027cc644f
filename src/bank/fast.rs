//! A fast reader for the plain block-style YAML that banks are written in.
//!
//! serde_yaml's scanner is most of the cost of loading a large bank (about
//! 25 MB/s). Banks use a small, regular part of YAML, so this module reads that
//! part line by line into a tiny tree and hands the tree to the same serde
//! structs through a minimal `Deserializer`: [`RawBank`] stays the one
//! statement of the schema. On anything outside that part, or any doubt, it
//! gives up and serde_yaml reads the whole text, which also gives the errors.
//!
//! The rule this module keeps: whenever [`parse_fast`] returns `Some(x)`, `x`
//! equals what `serde_yaml::from_str::<RawBank>` gives for the same text.
//!
//! Read here: block mappings with simple keys, block sequences, one-line flow
//! sequences of scalars, one-line quoted scalars, plain scalars (folded over
//! more-indented lines), block scalars `|`, `|-`, `>` and `>-`, comments, and
//! empty values as null. Plain scalars that YAML could read as anything but a
//! string (null, booleans, numbers in any spelling) are refused where a string
//! is expected; plain integers and decimals are numbers where any type is.

use super::raw::RawBank;
use serde::Deserialize;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Reads `text` if it is in the supported subset of YAML; `None` means "ask serde_yaml".
pub(super) fn parse_fast(text: &str) -> Option<RawBank> {
    if !printable(text) {
        return None;
    }
    let mut parser = Parser {
        lines: split_lines(text)?,
        at: 0,
        depth: 0,
    };
    let root = parser.document()?;
    RawBank::deserialize(root).ok()
}

/// A value as read: the tree the deserializer walks.
#[derive(Debug)]
enum Node<'a> {
    /// A scalar; an empty plain scalar is null.
    Scalar(Cow<'a, str>, Style),
    /// A block or flow sequence.
    Seq(Vec<Node<'a>>),
    /// A block mapping, in file order.
    Map(Vec<(&'a str, Node<'a>)>),
}

/// Whether a scalar's type is resolved from its text (plain) or is always a string.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    /// Quoted, literal or folded.
    Text,
}

fn null<'a>() -> Node<'a> {
    Node::Scalar(Cow::Borrowed(""), Style::Plain)
}

/// Only characters YAML takes as they are: no tabs, carriage returns, control
/// characters, byte-order marks, or the Unicode line breaks YAML 1.1 knows.
fn printable(text: &str) -> bool {
    let b = text.as_bytes();
    // Whole blocks of printable ASCII are checked without branches, which vectorizes.
    b.chunks(64).enumerate().all(|(k, chunk)| {
        let ascii = chunk.iter().fold(true, |ok, &c| {
            ok & ((0x20..0x7f).contains(&c) | (c == b'\n'))
        });
        ascii || (k * 64..k * 64 + chunk.len()).all(|i| printable_at(b, i))
    })
}

/// Whether the byte at `i` starts nothing YAML refuses or reads specially.
fn printable_at(b: &[u8], i: usize) -> bool {
    // Valid UTF-8: a lead byte is followed by its continuation bytes.
    match b[i] {
        b'\n' => true,
        0..0x20 | 0x7f => false,
        // C1 controls, NEL among them.
        0xc2 => !(0x80..0xa0).contains(&b[i + 1]),
        // LINE SEPARATOR, PARAGRAPH SEPARATOR.
        0xe2 => !(b[i + 1] == 0x80 && matches!(b[i + 2], 0xa8 | 0xa9)),
        // BOM, U+FFFE, U+FFFF.
        0xef => {
            !((b[i + 1] == 0xbb && b[i + 2] == 0xbf)
                || (b[i + 1] == 0xbf && matches!(b[i + 2], 0xbe | 0xbf)))
        }
        // Continuation bytes never equal the lead bytes above.
        _ => true,
    }
}

/// One line of the file.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// The line without its line break.
    text: &'a str,
    /// Leading spaces.
    indent: usize,
    /// Whether a line break ends it; only the last line may lack one.
    broken: bool,
}

impl<'a> Line<'a> {
    /// The line after its indentation; empty for a blank line.
    fn body(&self) -> &'a str {
        &self.text[self.indent..]
    }

    fn is_blank_or_comment(&self) -> bool {
        let body = self.body();
        body.is_empty() || body.starts_with('#')
    }
}

/// Splits into lines; `None` on directives and document markers.
fn split_lines(text: &str) -> Option<Vec<Line<'_>>> {
    // Counted in blocks with byte-wide sums, which vectorize.
    let breaks: usize = text
        .as_bytes()
        .chunks(255)
        .map(|c| usize::from(c.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
        .sum();
    let mut lines = Vec::with_capacity(breaks + 1);
    let mut start = 0;
    while let Some(end) = find2(text.as_bytes(), start, b'\n', b'\n') {
        lines.push(line(&text[start..end], true)?);
        start = end + 1;
    }
    if start < text.len() {
        lines.push(line(&text[start..], false)?);
    }
    Some(lines)
}

/// The first `x` or `y` at or after `i`, eight bytes at a time: lines and
/// scalars are too short for a `memchr` call each to pay off.
fn find2(b: &[u8], mut i: usize, x: u8, y: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The lowest set bit marks the first zero byte exactly.
    let zero_at = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    while let Some(word) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().ok()?);
        let found = zero_at(w ^ (ONES * u64::from(x))) | zero_at(w ^ (ONES * u64::from(y)));
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&c| c == x || c == y)
        .map(|p| i + p)
}

/// `s` without leading spaces.
fn skip_spaces(s: &str) -> &str {
    &s[s.bytes().take_while(|&c| c == b' ').count()..]
}

/// `s` without trailing spaces.
fn trim_spaces(s: &str) -> &str {
    &s[..s.len() - s.bytes().rev().take_while(|&c| c == b' ').count()]
}

fn line(text: &str, broken: bool) -> Option<Line<'_>> {
    let indent = text.bytes().position(|c| c != b' ').unwrap_or(text.len());
    if indent == 0
        && matches!(text.as_bytes().first(), Some(b'-' | b'.' | b'%'))
        && (text.starts_with("---") || text.starts_with("...") || text.starts_with('%'))
    {
        return None;
    }
    Some(Line {
        text,
        indent,
        broken,
    })
}

/// A block sequence entry: `-` alone or followed by a space.
fn is_dash(body: &str) -> bool {
    let b = body.as_bytes();
    b.first() == Some(&b'-') && matches!(b.get(1), None | Some(b' '))
}

/// `key:` at the start of `body`, with the rest of the line after the colon.
///
/// Keys are simple identifiers only: no quotes, spaces, `?` or `<<`.
fn split_key(body: &str) -> Option<(&str, &str)> {
    let b = body.as_bytes();
    if !b.first()?.is_ascii_alphabetic() && b[0] != b'_' {
        return None;
    }
    let end = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))?;
    if b[end] != b':' || !matches!(b.get(end + 1), None | Some(b' ')) {
        return None;
    }
    Some((&body[..end], &body[end + 1..]))
}

/// Nothing but spaces and perhaps a comment after a value.
fn ends_line(tail: &str) -> bool {
    let t = skip_spaces(tail);
    t.is_empty() || (t.starts_with('#') && t.len() < tail.len())
}

/// Characters that cannot start a plain scalar here, or would start something else.
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// One line of a plain scalar, without a trailing comment and trailing spaces,
/// and whether a comment ended it; `None` if it holds a `: ` or ends with `:`.
fn plain_line(s: &str) -> Option<(&str, bool)> {
    let b = s.as_bytes();
    let mut end = b.len();
    let mut from = 0;
    while let Some(i) = find2(b, from, b'#', b':') {
        if b[i] == b':' {
            if matches!(b.get(i + 1), None | Some(b' ')) {
                return None;
            }
        } else if i > 0 && b[i - 1] == b' ' {
            end = i;
            break;
        }
        from = i + 1;
    }
    let content = trim_spaces(&s[..end]);
    (!content.is_empty()).then_some((content, end < b.len()))
}

/// A double-quoted scalar that closes on its line, and what follows it.
fn double_quoted(v: &str) -> Option<(Cow<'_, str>, &str)> {
    let body = &v[1..];
    let stop = find2(body.as_bytes(), 0, b'"', b'\\')?;
    if body.as_bytes()[stop] == b'"' {
        return Some((Cow::Borrowed(&body[..stop]), &body[stop + 1..]));
    }
    let mut out = String::from(&body[..stop]);
    let mut rest = &body[stop..];
    loop {
        let stop = find2(rest.as_bytes(), 0, b'"', b'\\')?;
        out.push_str(&rest[..stop]);
        if rest.as_bytes()[stop] == b'"' {
            return Some((Cow::Owned(out), &rest[stop + 1..]));
        }
        let escape = rest.as_bytes().get(stop + 1)?;
        let mut next = stop + 2;
        match escape {
            b'\\' => out.push('\\'),
            b'"' => out.push('"'),
            b'/' => out.push('/'),
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'x' | b'u' => {
                let digits = if *escape == b'x' { 2 } else { 4 };
                let hex = rest.get(next..next + digits)?;
                if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                next += digits;
            }
            _ => return None,
        }
        rest = &rest[next..];
    }
}

/// A single-quoted scalar that closes on its line, and what follows it.
fn single_quoted(v: &str) -> Option<(Cow<'_, str>, &str)> {
    let body = &v[1..];
    let stop = find2(body.as_bytes(), 0, b'\'', b'\'')?;
    if body.as_bytes().get(stop + 1) != Some(&b'\'') {
        return Some((Cow::Borrowed(&body[..stop]), &body[stop + 1..]));
    }
    let mut out = String::new();
    let mut rest = body;
    loop {
        let stop = find2(rest.as_bytes(), 0, b'\'', b'\'')?;
        out.push_str(&rest[..stop]);
        if rest.as_bytes().get(stop + 1) == Some(&b'\'') {
            out.push('\'');
            rest = &rest[stop + 2..];
        } else {
            return Some((Cow::Owned(out), &rest[stop + 1..]));
        }
    }
}

/// A flow sequence of scalars that closes on its line, and what follows it.
fn flow_seq(v: &str) -> Option<(Node<'_>, &str)> {
    let mut s = skip_spaces(&v[1..]);
    let mut items = Vec::new();
    if let Some(tail) = s.strip_prefix(']') {
        return Some((Node::Seq(items), tail));
    }
    loop {
        let (item, tail) = match *s.as_bytes().first()? {
            b'"' => double_quoted(s)?,
            b'\'' => single_quoted(s)?,
            c => {
                if is_indicator(c) {
                    return None;
                }
                let end = s
                    .bytes()
                    .position(|c| matches!(c, b',' | b']' | b'[' | b'{' | b'}' | b'#' | b':'))?;
                if !matches!(s.as_bytes()[end], b',' | b']') {
                    return None;
                }
                let item = trim_spaces(&s[..end]);
                if item.is_empty() {
                    return None;
                }
                items.push(Node::Scalar(Cow::Borrowed(item), Style::Plain));
                let tail = &s[end..];
                s = match tail.strip_prefix(',') {
                    Some(t) => skip_spaces(t),
                    None => return Some((Node::Seq(items), &tail[1..])),
                };
                if s.starts_with(']') {
                    return None;
                }
                continue;
            }
        };
        items.push(Node::Scalar(item, Style::Text));
        let tail = skip_spaces(tail);
        match *tail.as_bytes().first()? {
            b',' => {
                s = skip_spaces(&tail[1..]);
                if s.starts_with(']') {
                    return None;
                }
            }
            b']' => return Some((Node::Seq(items), &tail[1..])),
            _ => return None,
        }
    }
}

/// Walks the lines, building the tree; every method returns `None` to give up.
struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The next line to read.
    at: usize,
    /// Block collections open around the current line.
    depth: usize,
}

/// Deeper than any bank needs, far shallower than a stack overflow.
const MAX_DEPTH: usize = 32;

impl<'a> Parser<'a> {
    /// Moves past blank and comment lines to the next line with content.
    fn peek(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.get(self.at) {
            if !line.is_blank_or_comment() {
                return Some(*line);
            }
            self.at += 1;
        }
        None
    }

    /// The whole file: one block node starting in the first column, then nothing.
    fn document(&mut self) -> Option<Node<'a>> {
        let first = self.peek()?;
        if first.indent != 0 {
            return None;
        }
        let root = self.block(0)?;
        match self.peek() {
            Some(_) => None,
            None => Some(root),
        }
    }

    /// A block mapping or sequence whose lines start at column `n`.
    fn block(&mut self, n: usize) -> Option<Node<'a>> {
        // Banks nest four deep; a deeper file is left to serde's recursion limit
        // rather than this parser's stack.
        if self.depth == MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let line = self.peek()?;
        let node = if is_dash(line.body()) {
            self.seq(n)
        } else {
            self.map(n, None)
        };
        self.depth -= 1;
        node
    }

    /// A block mapping at column `n`; `first` is its first entry when it starts
    /// after a sequence's `- ` on the current line.
    fn map(&mut self, n: usize, mut first: Option<&'a str>) -> Option<Node<'a>> {
        let mut entries = Vec::with_capacity(8);
        loop {
            let body = match first.take() {
                Some(body) => body,
                None => match self.peek() {
                    None => break,
                    Some(line) if line.indent < n => break,
                    Some(line) if line.indent > n => return None,
                    Some(line) => line.body(),
                },
            };
            let (key, rest) = split_key(body)?;
            self.at += 1;
            let value = self.value(rest, n)?;
            entries.push((key, value));
        }
        Some(Node::Map(entries))
    }

    /// A block sequence whose dashes are at column `s`.
    fn seq(&mut self, s: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None => break,
                Some(line) if line.indent < s => break,
                Some(line) if line.indent == s && is_dash(line.body()) => {
                    let rest = &line.body()[1..];
                    let v = skip_spaces(rest);
                    if split_key(v).is_some() {
                        let column = s + 1 + rest.len() - v.len();
                        items.push(self.map(column, Some(v))?);
                    } else if is_dash(v) {
                        return None;
                    } else {
                        self.at += 1;
                        items.push(self.value(rest, s)?);
                    }
                }
                Some(_) => return None,
            }
        }
        Some(Node::Seq(items))
    }

    /// The value after `key:` or `- `, whose line has been consumed; `p` is the
    /// column of the collection it belongs to.
    fn value(&mut self, rest: &'a str, p: usize) -> Option<Node<'a>> {
        let v = skip_spaces(rest);
        if v.is_empty() || (v.starts_with('#') && v.len() < rest.len()) {
            return match self.peek() {
                Some(line) if line.indent > p => self.block(line.indent),
                // A sequence as indented as its key: valid YAML, but rare; let serde read it.
                Some(line) if line.indent == p && is_dash(line.body()) => None,
                _ => Some(null()),
            };
        }
        let (node, tail) = match v.as_bytes()[0] {
            b'"' => {
                let (s, tail) = double_quoted(v)?;
                (Node::Scalar(s, Style::Text), tail)
            }
            b'\'' => {
                let (s, tail) = single_quoted(v)?;
                (Node::Scalar(s, Style::Text), tail)
            }
            b'[' => flow_seq(v)?,
            b'|' | b'>' => return self.block_scalar(v, p),
            c if is_indicator(c) => return None,
            _ => return self.plain(v, p),
        };
        // Lines deeper than `p` after this are refused by the caller's loop.
        ends_line(tail).then_some(node)
    }

    /// A plain scalar starting with `v`, folded over following lines deeper than `p`.
    fn plain(&mut self, v: &'a str, p: usize) -> Option<Node<'a>> {
        let (first, mut ended) = plain_line(v)?;
        let mut folded: Option<String> = None;
        let mut blanks = 0;
        let mut j = self.at;
        while !ended {
            let Some(line) = self.lines.get(j) else {
                break;
            };
            let body = line.body();
            if body.is_empty() {
                blanks += 1;
                j += 1;
                continue;
            }
            // A comment line ends the scalar; a deeper line after it is then refused.
            if line.indent <= p || body.starts_with('#') {
                break;
            }
            if is_indicator(body.as_bytes()[0]) {
                return None;
            }
            let (more, comment) = plain_line(body)?;
            let s = folded.get_or_insert_with(|| first.to_string());
            if blanks == 0 {
                s.push(' ');
            } else {
                s.extend(std::iter::repeat_n('\n', blanks));
            }
            s.push_str(more);
            blanks = 0;
            ended = comment;
            j += 1;
            self.at = j;
        }
        let text = folded.map_or(Cow::Borrowed(first), Cow::Owned);
        Some(Node::Scalar(text, Style::Plain))
    }

    /// A block scalar whose header `v` is `|`, `|-`, `>` or `>-`; `p` as for [`Parser::value`].
    fn block_scalar(&mut self, v: &'a str, p: usize) -> Option<Node<'a>> {
        let literal = v.starts_with('|');
        let (strip, header_rest) = match v[1..].strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, &v[1..]),
        };
        // Keep (`+`) and explicit indentation are left to serde.
        if !ends_line(header_rest) {
            return None;
        }
        // Leading blank lines, and a first line not deeper than `p`, are left to serde.
        let first = self.lines.get(self.at)?;
        if first.body().is_empty() || first.indent <= p {
            return None;
        }
        let k = first.indent;
        let mut out = String::new();
        let mut blanks = 0;
        let mut broken = true;
        let mut j = self.at;
        let start = j;
        while let Some(line) = self.lines.get(j) {
            if line.body().is_empty() {
                // Spaces past the indentation would be content.
                if line.indent > k {
                    return None;
                }
                blanks += 1;
                j += 1;
                continue;
            }
            if line.indent < k {
                break;
            }
            // More-indented lines fold differently; leave them to serde.
            if !literal && line.indent > k {
                return None;
            }
            if j > start {
                if literal {
                    out.extend(std::iter::repeat_n('\n', blanks + 1));
                } else if blanks == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', blanks));
                }
            }
            out.push_str(&line.text[k..]);
            blanks = 0;
            broken = line.broken;
            j += 1;
            // Trailing blank lines are dropped by both chomping styles read here.
            self.at = j;
        }
        if !strip && broken {
            out.push('\n');
        }
        Some(Node::Scalar(Cow::Owned(out), Style::Text))
    }
}

/// What a plain scalar's text means to YAML.
enum Plain {
    Null,
    Str,
    Int(u64),
    Float(f64),
    /// Null, a boolean, a number in some other spelling, or a string: serde decides.
    Unsure,
}

fn resolve(s: &str) -> Plain {
    let Some(&c) = s.as_bytes().first() else {
        return Plain::Null;
    };
    if c.is_ascii_digit() {
        if let Some(number) = number(s) {
            return number;
        }
        // A digit-led word no number syntax can read, like `90s` or `1m30s`.
        if s.bytes().any(|c| !could_be_in_number(c)) {
            return Plain::Str;
        }
        return Plain::Unsure;
    }
    if matches!(c, b'+' | b'-' | b'.' | b'~') || s.len() <= 8 && is_special_word(s) {
        return Plain::Unsure;
    }
    Plain::Str
}

/// `0`, `90`, `1.5`: no sign, no exponent, no leading zeros.
fn number(s: &str) -> Option<Plain> {
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit());
    let (int, frac) = match s.bytes().position(|c| c == b'.') {
        Some(dot) => (&s[..dot], Some(&s[dot + 1..])),
        None => (s, None),
    };
    if !digits(int) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    match frac {
        None => s.parse().ok().map(Plain::Int),
        Some(frac) if digits(frac) => {
            let x: f64 = s.parse().ok()?;
            x.is_finite().then_some(Plain::Float(x))
        }
        Some(_) => None,
    }
}

/// Characters of any number spelling: hex, octal, binary, exponents, `inf`, `nan`.
fn could_be_in_number(c: u8) -> bool {
    c.is_ascii_hexdigit()
        || matches!(
            c,
            b'.' | b'+'
                | b'-'
                | b'_'
                | b'x'
                | b'X'
                | b'o'
                | b'O'
                | b'i'
                | b'I'
                | b'n'
                | b'N'
                | b't'
                | b'T'
                | b'y'
                | b'Y'
        )
}

/// Words some YAML version reads as null, a boolean or a float.
fn is_special_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// The only error: "not sure, ask serde_yaml".
#[derive(Debug)]
struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the fast YAML subset")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

fn visit_text<'de, V: Visitor<'de>>(s: Cow<'de, str>, visitor: V) -> Result<V::Value, Bail> {
    match s {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

/// Types the bank schema does not use.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*))*) => {
        $(fn $method<V: Visitor<'de>>(self, $(_: $arg,)* _: V) -> Result<V::Value, Bail> {
            Err(Bail)
        })*
    };
}

impl<'de> Deserializer<'de> for Node<'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Scalar(s, Style::Text) => visit_text(s, visitor),
            Node::Scalar(s, Style::Plain) => match resolve(&s) {
                Plain::Str => visit_text(s, visitor),
                Plain::Int(n) => visitor.visit_u64(n),
                Plain::Float(x) => visitor.visit_f64(x),
                Plain::Null | Plain::Unsure => Err(Bail),
            },
            Node::Seq(items) => visitor.visit_seq(Items(items.into_iter())),
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match &self {
            Node::Scalar(s, Style::Plain) if s.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Scalar(s, Style::Text) => visit_text(s, visitor),
            Node::Scalar(s, Style::Plain) if matches!(resolve(&s), Plain::Str) => {
                visit_text(s, visitor)
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Seq(_) => self.deserialize_any(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Map(_) => self.deserialize_any(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_map(visitor)
    }

    refuse! {
        deserialize_bool() deserialize_i8() deserialize_i16() deserialize_i32()
        deserialize_i64() deserialize_u8() deserialize_u16() deserialize_u32()
        deserialize_u64() deserialize_f32() deserialize_f64() deserialize_char()
        deserialize_bytes() deserialize_byte_buf() deserialize_unit()
        deserialize_identifier() deserialize_ignored_any()
        deserialize_unit_struct(&'static str)
        deserialize_newtype_struct(&'static str)
        deserialize_tuple(usize)
        deserialize_tuple_struct(&'static str, usize)
        deserialize_enum(&'static str, &'static [&'static str])
    }
}

struct Items<'de>(std::vec::IntoIter<Node<'de>>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Bail> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'de> {
    entries: std::vec::IntoIter<(&'de str, Node<'de>)>,
    value: Option<Node<'de>>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        seed.deserialize(self.value.take().ok_or(Bail)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLDEN: &str = include_str!("../../tests/fixtures/banks/golden.yaml");

    fn serde(text: &str) -> Option<RawBank> {
        serde_yaml::from_str(text).ok()
    }

    /// Like the benchmark's bank: defaults, tags, weights, own targets, hints and follow-ups.
    fn generated_bank(n: usize) -> String {
        let mut s = String::from(
            "title: Generated\ndefaults:\n  category: behavioural\n  min: 1m\n  target: 2m\n  max: 3m\nquestions:\n",
        );
        for i in 0..n {
            s.push_str(&format!(
                "  - id: q-{i}\n    text: Tell us about situation number {i} and what you did about it.\n\
                 \x20   tags: [conflict, teamwork]\n    weight: {w}\n    target: {t}s\n",
                w = 1 + i % 3,
                t = 90 + i % 60,
            ));
            if i % 3 == 0 {
                s.push_str(
                    "    hints:\n      - \"Situation: where and when\"\n      - \"Result: what changed\"\n\
                     \x20   follow_ups:\n      - text: What would you do differently?\n        target: 45s\n",
                );
            }
        }
        s
    }

    /// Question fields in every supported style, and a few edge cases.
    const SNIPPETS: &[&str] = &[
        "    text: |\n      One\n      two\n\n      three\n",
        "    text: |-\n      One\n        indented\n      two\n",
        "    text: >\n      One\n      two\n\n\n      three\n",
        "    text: >-\n      One\n      two\n    category: c\n",
        "    text: >-\n      One  \n      two\n\n    category: c\n",
        "    text: |\n      # not a comment\n      a: b\n  # a comment\n",
        "    text: |\n      last line without a break",
        "    text: >-\n      last line without a break",
        "    text: plain\n      and folded\n\n      with a blank\n    category: c\n",
        "    text: plain # comment\n    category: c # another\n",
        "    text: C# and a#b, [brackets], {braces} and a,b\n",
        "    text: \"quoted \\\"x\\\" \\\\ \\n \\t \\/ \\u00e9 \\x41 # not comment\"  # comment\n",
        "    text: 'it''s ''quoted'' # still'\n",
        "    text: ''\n    category: \"\"\n",
        "    text: It's 9:30, http://example.com - ok?\n",
        "    text: Über — unicode ✓\n",
        "    text:\n    category: c\n",
        "    text: # only a comment\n    category: c\n",
        "    text: t\n    target: 90\n",
        "    text: t\n    target: 90s\n",
        "    text: t\n    target: 1.5\n",
        "    text: t\n    target: 1m30s\n",
        "    text: t\n    target: \"90\"\n",
        "    text: t\n    target: 0\n    weight: 0.25\n",
        "    text: t\n    min: 10 min\n",
        "    text: t\n    tags: []\n    hints: [ a b , 'c', \"d\" ]\n",
        "    text: t\n    hints:\n      - one\n        continued\n      - |\n        literal\n      -   spaced\n",
        "    text: t\n    follow_ups:\n      -\n        text: nested\n        target: 1m\n      - target: 2m\n",
    ];

    fn question(fields: &str) -> String {
        format!("title: T\nquestions:\n  - id: a\n{fields}")
    }

    #[test]
    fn every_shipped_bank_reads_as_serde_reads_it() {
        let generated = generated_bank(300);
        let mut texts: Vec<(&str, &str)> = crate::bank::BUILTIN.to_vec();
        texts.push(("golden.yaml", GOLDEN));
        texts.push(("generated.yaml", &generated));
        for (name, text) in texts {
            let fast = parse_fast(text).unwrap_or_else(|| panic!("{name}: not read"));
            assert_eq!(Some(fast), serde(text), "{name}");
        }
    }

    #[test]
    fn supported_snippets_read_as_serde_reads_them() {
        for (i, fields) in SNIPPETS.iter().enumerate() {
            let text = question(fields);
            let fast = parse_fast(&text).unwrap_or_else(|| panic!("case {i} not read:\n{text}"));
            assert_eq!(Some(fast), serde(&text), "case {i}:\n{text}");
        }
    }

    #[test]
    fn doubtful_yaml_is_left_to_serde() {
        let cases = [
            "title: &t T\nquestions:\n  - id: a\n",
            "title: T\nquestions:\n  - id: *a\n",
            "title: T\nquestions:\n\t- id: a\n",
            "title: T\r\nquestions:\r\n  - id: a\r\n",
            "title: T\ndefaults: {category: c}\nquestions:\n  - id: a\n",
            "title: !!str T\nquestions:\n  - id: a\n",
            "---\ntitle: T\nquestions:\n  - id: a\n",
            "title: T\nquestions:\n  - id: a\n...\n",
            "%YAML 1.1\n---\ntitle: T\n",
            "? title\n: T\nquestions:\n  - id: a\n",
            "\"title\": T\nquestions:\n  - id: a\n",
            "title: T\ntitle: U\nquestions:\n  - id: a\n",
            "title: T\nquestions:\n  - id: a\n    text: \"two\n      lines\"\n",
            "title: T\nquestions:\n  - id: a\n    text: 123\n",
            "title: T\nquestions:\n  - id: a\n    text: yes\n",
            "title: T\nquestions:\n  - id: a\n    text: null\n",
            "title: T\nquestions:\n  - id: a\n    text: ~\n",
            "title: T\nquestions:\n  - id: a\n    text: true\n",
            "title: T\nquestions:\n  - id: a\n    target: 1e3\n",
            "title: T\nquestions:\n  - id: a\n    target: 0x1F\n",
            "title: T\nquestions:\n  - id: a\n    target: .5\n",
            "title: T\nquestions:\n  - id: a\n    target: +1\n",
            "title: T\nquestions:\n  - id: a\n    weight: .inf\n",
            "title: T\nquestions:\n  - id: a\n    weight: .nan\n",
            "title: T\nquestions:\n  - id: a\n    weight: 012\n",
            "title: T\nquestions:\n  - id: a\n    wieght: 1\n",
            "title: T\nquestions:\n  - id: a\n    text: |+\n      keep\n\n",
            "title: T\nquestions:\n  - id: a\n    text: |2\n        two\n",
            "title: T\nquestions:\n  - id: a\n    text: >\n      a\n        more\n      b\n",
            "title: T\nquestions:\n- id: a\n",
            "title: T\nquestions:\n  - id: a\n    tags: [a, [b]]\n",
            "title: T\nquestions:\n  - id: a\n    tags: [a,\n      b]\n",
            "title: T\nquestions:\n  - id: a\n    text: a: b\n",
            "\u{feff}title: T\nquestions:\n  - id: a\n",
            "title: T\nquestions:\n  - id: a\n    hints:\n    - same indent as its key\n",
            "title: T\nquestions:\n  - id: a\n    unknown: field\n",
            "title: T\nquestions:\n  - id: a\n    text: once\n    text: twice\n",
            "title: T\nquestions:\n  - id: a\n    text: |\n\n      leading blank line\n",
        ];
        for (i, text) in cases.iter().enumerate() {
            assert!(parse_fast(text).is_none(), "case {i}:\n{text}");
        }
    }

    /// xorshift64*: fixed seed, no dependency, the same cases every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Characters inserted at random: the ones YAML gives a meaning to, and a few others.
    const CHARS: &[char] = &[
        ':', '#', '-', '\'', '"', '[', ']', '{', '}', '&', '*', '!', ' ', '\t', '\n', '|', '>',
        ',', '?', '.', '0', '1', '~', 'y', '\\',
    ];

    /// Values swapped in at random: each one YAML might read as some other type or structure.
    #[rustfmt::skip]
    const VALUES: &[&str] = &[
        "", "90", "1.5", "0", "00", "012", "1e3", "0x1F", "0o7", "-1", "+1", ".5", "1.", "1_000",
        "~", "null", "Null", "yes", "No", "on", "true", "FALSE", ".inf", "-.inf", ".NaN", "inf",
        "nan", "Infinity", "2m", "90s", "1m30s", "1d", "'a'", "'it''s'", "\"a\\tb\"",
        "\"\\u00e9\"", "\"\\q\"", "|", ">-", "|+", "[a, b]", "[1, 2]", "[yes]", "[]", "[a,]",
        "{a: b}", "&x y", "*x", "!t x", "!!str 5", "a # b", "a: b", "a #b", "a#b", "#c", "- a",
        "-a", "? a", "@a", "`a", "%a", "\"a\" b", "'a' b", "x:", "é", "1 2",
    ];

    /// One random edit: a line deleted, duplicated or re-indented, a character
    /// deleted or inserted, or a value swapped.
    fn mutate(text: &str, rng: &mut Rng) -> String {
        if text.is_empty() {
            return "title: T\n".to_string();
        }
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let i = rng.below(lines.len());
        let replace_line = |lines: &[&str], new: &str| {
            format!("{}{new}{}", lines[..i].concat(), lines[i + 1..].concat())
        };
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(8) {
            0 => {
                lines.remove(i);
                lines.concat()
            }
            1 => {
                lines.insert(i, lines[i]);
                lines.concat()
            }
            2 => {
                let line = lines[i];
                let shifted = match line.strip_prefix(' ') {
                    Some(rest) if rng.below(2) == 0 => rest.to_string(),
                    _ => format!(" {line}"),
                };
                replace_line(&lines, &shifted)
            }
            3 => {
                let rest = &text[at..];
                let len = rest.chars().next().map_or(0, char::len_utf8);
                format!("{}{}", &text[..at], &rest[len..])
            }
            4 | 5 => {
                let c = CHARS[rng.below(CHARS.len())];
                format!("{}{c}{}", &text[..at], &text[at..])
            }
            _ => {
                let line = lines[i];
                let cut = match (line.find(": "), line.find("- ")) {
                    (Some(c), _) => c + 2,
                    (None, Some(d)) => d + 2,
                    (None, None) => line.len() - line.trim_start().len(),
                };
                let value = VALUES[rng.below(VALUES.len())];
                replace_line(&lines, &format!("{}{value}\n", &line[..cut]))
            }
        }
    }

    #[test]
    fn mutated_banks_are_read_as_serde_reads_them_or_not_at_all() {
        let mut rng = Rng(0x5eed_ba5e_2024_0001);
        let snippets: Vec<String> = SNIPPETS.iter().map(|f| question(f)).collect();
        let mut texts: Vec<&str> = crate::bank::BUILTIN.iter().map(|(_, t)| *t).collect();
        texts.push(GOLDEN);
        texts.extend(snippets.iter().map(String::as_str));
        let mut read = 0;
        for case in 0..2_000 {
            let base = texts[rng.below(texts.len())];
            let mut text = mutate(base, &mut rng);
            if rng.below(3) == 0 {
                text = mutate(&text, &mut rng);
            }
            if let Some(fast) = parse_fast(&text) {
                read += 1;
                let slow = serde_yaml::from_str::<RawBank>(&text);
                assert!(
                    slow.as_ref().ok() == Some(&fast),
                    "case {case}: fast read differs from serde ({slow:?}):\n{text}"
                );
            }
        }
        // Many mutations keep a bank readable; the rule must be tested on those too.
        assert!(read > 350, "only {read} mutated banks were read");
    }
}
