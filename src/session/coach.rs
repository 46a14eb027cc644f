//! Coaching from the words of one answer: pace in words a minute, filler
//! words (merged with the ones the sound detector heard), verbal tics,
//! hedges, for STAR stories whether a result was stated and how often the
//! speaker said "I" against "we", and which of a question's `points:` the
//! answer touched.
//!
//! Every rule is a plain reading of the transcript's words, with no model of
//! meaning: each says only what it counted, and `docs/coaching.md` says what
//! each can miss. The results serialise (for `session.yaml` and
//! `--format json`), times as seconds from the start of the recording.

use super::secs;
use super::transcript::Transcript;
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ops::Range;

/// Silences between words at least this long are not speaking time, as the
/// sound analysis's default pause threshold.
pub const LONG_GAP: f64 = 1.5;
/// A filler word and a filled pause heard in the sound are the same filler
/// when they overlap or lie at most this far apart (seconds): the
/// recogniser's word times are off by 0.1–0.4 s.
pub const SAME_FILLER: f64 = 0.3;
/// A point is covered when all its words are said within this many words.
pub const POINT_WINDOW: usize = 30;
/// Result signals other than a spoken outcome count only in this last share
/// of an answer's words, where a STAR answer gives its result.
pub const RESULT_SHARE: f64 = 0.4;

/// What the words of one answer show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coaching {
    /// Words a minute from the words; `None` under a second of speech.
    pub pace: Option<WordPace>,
    /// Filler words and filled pauses, in order.
    pub fillers: Vec<Filler>,
    /// `fillers` a minute from the first word to the last; `None` when that
    /// is under a second.
    pub fillers_per_minute: Option<f64>,
    /// Verbal tics, in order.
    pub tics: Vec<Tic>,
    /// Hedges ("I think", "maybe", "probably"), in order.
    pub hedges: Vec<Said>,
    /// For a STAR story: the result and "I" against "we".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub star: Option<Star>,
    /// The question's points, each covered or not, in the bank's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<Point>,
}

/// What [`coach`] needs besides the transcript.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The sound analysis's speaking time for the rate (its `pace_time`:
    /// first word to last, less long pauses and filled pauses), seconds;
    /// `None` to measure it from the words' own times.
    pub pace_time: Option<f64>,
    /// Filled pauses the sound analysis found, seconds into the recording.
    pub sound_fillers: &'a [Range<f64>],
    /// Whether the answer is a STAR story (a behavioural question).
    pub star: bool,
    /// The question's `points:`.
    pub points: &'a [String],
}

/// Everything the words show, in one pass over the transcript.
pub fn coach(t: &Transcript, cx: &Context) -> Coaching {
    let toks = tokens(t);
    let fillers = merge_fillers(&toks, cx.sound_fillers);
    let span = match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => b.end - a.start,
        _ => 0.0,
    };
    Coaching {
        pace: pace_of(&toks, cx.pace_time, &fillers),
        fillers_per_minute: (span >= 1.0).then(|| round_to(fillers.len() as f64 * 60.0 / span, 1)),
        fillers,
        tics: tics_of(&toks),
        hedges: hedges_of(&toks),
        star: cx.star.then(|| star_of(&toks)),
        points: points_of(&toks, cx.points),
    }
}

// ----------------------------------------------------------------- words --

/// One word as the rules read it.
#[derive(Debug, Clone)]
struct Token {
    /// Lowercase, outer punctuation removed, curly apostrophes straight.
    norm: String,
    /// Outer punctuation removed, case kept ("US" the country).
    bare: String,
    start: f64,
    end: f64,
    /// A sentence ends after it (`.`, `?`, `!`; an ellipsis does not).
    stop: bool,
    /// Punctuation follows it: a comma, dash, ellipsis, or a sentence end.
    pause: bool,
    /// Written with `%`.
    percent: bool,
    /// A filler word ("um", "uh").
    filler: bool,
}

/// An annotation such as `[BLANK_AUDIO]` or `(laughs)` is at most this many
/// pieces long; an opening bracket never swallows the rest of an answer.
const ANNOTATION: usize = 6;

/// The transcript's words as tokens, in order: annotations and music
/// dropped, a word holding spaces split, punctuation alone given to the
/// word before it.
fn tokens(t: &Transcript) -> Vec<Token> {
    let not_word = |c: char| !c.is_alphanumeric();
    let mut out: Vec<Token> = Vec::new();
    let mut annotation = 0;
    for w in &t.words {
        for piece in w.text.split_whitespace() {
            let opens = piece.starts_with(['[', '(', '*']);
            if annotation > 0 || opens || piece.contains('♪') {
                // Inside an annotation until a piece closes it, or for
                // `ANNOTATION` pieces at most.
                let closes = piece.ends_with([']', ')', '*']);
                annotation = if closes || !(opens || annotation > 0) {
                    0
                } else {
                    annotation + 1
                };
                if annotation >= ANNOTATION {
                    annotation = 0;
                }
                continue;
            }
            let rest = piece.trim_start_matches(not_word);
            let head = &piece[..piece.len() - rest.len()];
            let core = rest.trim_end_matches(not_word);
            let tail = &rest[core.len()..];
            if let Some(prev) = out.last_mut() {
                // "…so" or a lone "," marks a break after the word before.
                let before = if core.is_empty() { piece } else { head };
                prev.stop |= ends_sentence(before);
                prev.pause |= breaks(before);
            }
            if core.is_empty() {
                continue;
            }
            let norm = core.to_lowercase().replace('’', "'");
            out.push(Token {
                filler: is_filler(&norm),
                norm,
                bare: core.to_string(),
                start: w.start,
                end: w.end,
                stop: ends_sentence(tail),
                pause: breaks(tail),
                percent: tail.contains('%'),
            });
        }
    }
    out
}

fn ends_sentence(punct: &str) -> bool {
    punct.contains(['?', '!']) || (punct.contains('.') && !punct.contains(".."))
}

fn breaks(punct: &str) -> bool {
    punct.contains([',', ';', ':', '.', '?', '!', '-', '–', '—', '…'])
}

/// A filler word in any of the recogniser's spellings: "um", "Umm", "uh",
/// "Uhh", "uhm", "er", "erm", "ah", "hmm", "mm". Letters held longer
/// ("ummm") are the same filler; "oh", "eh", "mhm" and "uh-huh" are not.
pub fn is_filler(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let mut held: Vec<char> = w.chars().collect();
    held.dedup();
    let held: String = held.into_iter().collect();
    match held.as_str() {
        "um" | "uh" | "uhm" | "er" | "erm" | "ah" | "ahm" | "hm" => true,
        "m" => w.len() >= 2,
        _ => false,
    }
}

/// The words that are not fillers, each with the punctuation of any
/// fillers after it (fillers are see-through: "tried, um. So" ends a
/// sentence at "tried").
fn spoken(toks: &[Token]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for t in toks {
        if !t.filler {
            out.push(t.clone());
        } else if let Some(prev) = out.last_mut() {
            prev.stop |= t.stop;
            prev.pause |= t.pause;
        }
    }
    out
}

fn round_to(v: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (v * k).round() / k
}

// ------------------------------------------------------------------ pace --

/// Words a minute measured from the words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordPace {
    /// Words a minute, rounded.
    pub wpm: f64,
    /// Words counted; filler words are not counted.
    pub words: usize,
    /// The speaking time the words are divided by, seconds.
    #[serde(with = "secs")]
    pub seconds: f64,
    /// Where that time came from.
    pub time: PaceTime,
}

/// Where a rate's speaking time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaceTime {
    /// The sound analysis's speaking time (long and filled pauses left
    /// out), less the filler words it did not hear as filled pauses.
    Sound,
    /// The words' own times: first word to last, less silences of
    /// [`LONG_GAP`] or more between words and less the filler words.
    Words,
}

/// Words a minute from the transcript: the words that are not fillers over
/// `pace_time` (the sound analysis's speaking time, less the filler words
/// its own detector missed among `sounds`) or, without it, over the
/// speaking time the words' own times show. `None` without words or under
/// a second of speech.
pub fn pace(t: &Transcript, pace_time: Option<f64>, sounds: &[Range<f64>]) -> Option<WordPace> {
    let toks = tokens(t);
    pace_of(&toks, pace_time, &merge_fillers(&toks, sounds))
}

fn pace_of(toks: &[Token], pace_time: Option<f64>, fillers: &[Filler]) -> Option<WordPace> {
    let words = toks.iter().filter(|t| !t.filler).count();
    let (seconds, time) = match pace_time {
        // The sound's time already leaves out the filled pauses it heard;
        // a filler only the words show ("um" said briskly) is taken out here.
        Some(s) => {
            let unheard: f64 = fillers
                .iter()
                .filter(|f| f.heard == Heard::Words)
                .map(|f| f.end - f.start)
                .sum();
            ((s - unheard).max(0.0), PaceTime::Sound)
        }
        None => (words_time(toks), PaceTime::Words),
    };
    (words > 0 && seconds >= 1.0).then(|| WordPace {
        wpm: (words as f64 * 60.0 / seconds).round(),
        words,
        seconds: round_to(seconds, 3),
        time,
    })
}

/// First word to last (fillers at either end left out), less silences of
/// [`LONG_GAP`] or more between words, less the fillers between.
fn words_time(toks: &[Token]) -> f64 {
    let (Some(first), Some(last)) = (
        toks.iter().position(|t| !t.filler),
        toks.iter().rposition(|t| !t.filler),
    ) else {
        return 0.0;
    };
    let inner = &toks[first..=last];
    let gaps: f64 = inner
        .windows(2)
        .map(|w| w[1].start - w[0].end)
        .filter(|&g| g >= LONG_GAP)
        .sum();
    let filled: f64 = inner
        .iter()
        .filter(|t| t.filler)
        .map(|t| t.end - t.start)
        .sum();
    (inner[inner.len() - 1].end - inner[0].start - gaps - filled).max(0.0)
}

/// Where a words-a-minute figure comes from, for the label beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Counted from the transcript's words.
    Words,
    /// Estimated from syllables heard in the sound (no transcript).
    Estimate,
}

/// A words-a-minute figure and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wpm {
    /// Words a minute.
    pub value: f64,
    /// Counted from words, or estimated from the sound.
    pub basis: Basis,
}

impl Wpm {
    /// The words' figure when there is one, else the sound's estimate.
    pub fn pick(words: Option<&WordPace>, estimate: Option<f64>) -> Option<Wpm> {
        match (words, estimate) {
            (Some(p), _) => Some(Wpm {
                value: p.wpm,
                basis: Basis::Words,
            }),
            (None, Some(value)) => Some(Wpm {
                value,
                basis: Basis::Estimate,
            }),
            (None, None) => None,
        }
    }

    /// Shown beside the figure: `from words` or `estimate`.
    pub fn label(&self) -> &'static str {
        match self.basis {
            Basis::Words => "from words",
            Basis::Estimate => "estimate",
        }
    }
}

// --------------------------------------------------------------- fillers --

/// A filler: a filler word, a filled pause heard in the sound, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filler {
    /// The filler word, lowercase ("um"); absent when only the sound
    /// detector heard it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<String>,
    /// Where it starts, seconds into the recording.
    #[serde(with = "secs")]
    pub start: f64,
    /// Where it ends, seconds into the recording.
    #[serde(with = "secs")]
    pub end: f64,
    /// Who found it.
    pub heard: Heard,
}

/// Who found a filler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Heard {
    /// Only the transcript.
    Words,
    /// Only the sound detector.
    Sound,
    /// Both, within [`SAME_FILLER`] of each other: counted once.
    Both,
}

/// The filler words of the transcript merged with the filled pauses the
/// sound analysis found (`sounds`, seconds): one found by both, overlapping
/// or within [`SAME_FILLER`], counts once, at the word's times. A filled
/// pause that lies wholly inside a word that is not a filler is that word
/// held long ("sooo"), not a filler, and is left out.
pub fn fillers(t: &Transcript, sounds: &[Range<f64>]) -> Vec<Filler> {
    merge_fillers(&tokens(t), sounds)
}

fn merge_fillers(toks: &[Token], sounds: &[Range<f64>]) -> Vec<Filler> {
    let mut out: Vec<Filler> = toks
        .iter()
        .filter(|t| t.filler)
        .map(|t| Filler {
            word: Some(t.norm.clone()),
            start: t.start,
            end: t.end,
            heard: Heard::Words,
        })
        .collect();
    let apart = |f: &Filler, s: &Range<f64>| (f.start.max(s.start) - f.end.min(s.end)).max(0.0);
    for s in sounds {
        let nearest = out
            .iter_mut()
            .filter(|f| f.heard == Heard::Words && apart(f, s) <= SAME_FILLER)
            .min_by(|a, b| apart(a, s).total_cmp(&apart(b, s)));
        if let Some(f) = nearest {
            f.heard = Heard::Both;
            continue;
        }
        let inside_a_word = toks
            .iter()
            .any(|t| !t.filler && t.start <= s.start && s.end <= t.end);
        if !inside_a_word {
            out.push(Filler {
                word: None,
                start: s.start,
                end: s.end,
                heard: Heard::Sound,
            });
        }
    }
    out.sort_by(|a, b| a.start.total_cmp(&b.start));
    out
}

// ------------------------------------------------------------------ tics --

/// What was said, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Said {
    /// The words, lowercase, punctuation removed ("i think").
    pub said: String,
    /// Where the first word starts, seconds into the recording.
    #[serde(with = "secs")]
    pub start: f64,
    /// Where the last word ends, seconds into the recording.
    #[serde(with = "secs")]
    pub end: f64,
}

/// A verbal tic found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tic {
    /// Which tic.
    pub kind: TicKind,
    /// The words, lowercase ("you know", "the the").
    pub said: String,
    /// Where it starts, seconds into the recording.
    #[serde(with = "secs")]
    pub start: f64,
    /// Where it ends, seconds into the recording.
    #[serde(with = "secs")]
    pub end: f64,
}

/// The verbal tics counted, each by its own rule (`docs/coaching.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TicKind {
    /// "you know", unless it asks or informs ("do you know", "you know the…").
    YouKnow,
    /// "I mean", unless it explains ("what I mean is", "I mean it").
    IMean,
    /// "kind of", unless it names a kind ("what kind of role").
    KindOf,
    /// "sort of", unless it names a sort ("this sort of problem").
    SortOf,
    /// "basically", every time.
    Basically,
    /// "actually", every time.
    Actually,
    /// "literally", every time.
    Literally,
    /// "so" opening a sentence, unless "so far", "so much", "so many"…
    So,
    /// "like" set off by punctuation on both sides (", like,").
    Like,
    /// The same word twice in a row ("I I", "the, um, the").
    Repeat,
}

impl TicKind {
    /// As shown: `you know`, `repeated word`.
    pub fn label(self) -> &'static str {
        match self {
            TicKind::YouKnow => "you know",
            TicKind::IMean => "I mean",
            TicKind::KindOf => "kind of",
            TicKind::SortOf => "sort of",
            TicKind::Basically => "basically",
            TicKind::Actually => "actually",
            TicKind::Literally => "literally",
            TicKind::So => "so (opening a sentence)",
            TicKind::Like => "like",
            TicKind::Repeat => "repeated word",
        }
    }
}

impl Coaching {
    /// How many of each tic, in [`TicKind`] order, leaving out those not found.
    pub fn tic_counts(&self) -> Vec<(TicKind, usize)> {
        let mut counts: Vec<(TicKind, usize)> = Vec::new();
        let mut kinds: Vec<TicKind> = self.tics.iter().map(|t| t.kind).collect();
        kinds.sort();
        for k in kinds {
            match counts.last_mut() {
                Some((last, n)) if *last == k => *n += 1,
                _ => counts.push((k, 1)),
            }
        }
        counts
    }
}

/// Before "you know", these make it a question or a statement of fact
/// ("do you know", "as you know", "let you know").
const ASKS_YOU_KNOW: &[&str] = &[
    "do", "did", "does", "don't", "didn't", "doesn't", "if", "as", "let", "what", "whether",
    "would", "will", "can", "could", "should", "might", "that", "make", "making",
];
/// After "know" with no pause, these are what is known ("you know the
/// client", "you know how it is").
#[rustfmt::skip]
const KNOWN: &[&str] = &[
    "the", "a", "an", "how", "that", "what", "where", "when", "why", "who", "which", "whether",
    "if", "about", "it", "him", "her", "them", "me", "us", "this", "these", "those", "my", "your",
    "our", "their", "his", "its", "more", "everyone", "everything", "anything", "something",
    "someone", "nothing", "exactly", "better", "each",
];
/// Before "I mean", these make it an explanation ("what I mean is").
const EXPLAINS_I_MEAN: &[&str] = &["what", "that", "which", "if", "do", "did"];
/// After "mean" with no pause: what is meant ("I mean it", "I mean to").
#[rustfmt::skip]
const MEANT: &[&str] = &[
    "it", "that", "to", "by", "what", "this", "something", "anything",
];
/// Before "kind of" or "sort of", these make it name a kind ("what kind
/// of role", "the same sort of problem").
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "what", "which", "whatever", "any", "some",
    "every", "each", "no", "one", "my", "your", "our", "their", "his", "her", "its", "another",
    "same", "other",
];
/// … and these between a determiner and "kind of" ("the right kind of").
#[rustfmt::skip]
const KIND_ADJECTIVES: &[&str] = &[
    "right", "wrong", "same", "other", "different", "new", "whole", "first", "last", "best",
    "worst", "only", "certain", "particular", "main", "specific", "usual", "good", "bad",
    "similar", "exact",
];
/// After a sentence-opening "so", these make it mean "to that degree".
const SO_DEGREE: &[&str] = &["far", "much", "many", "long", "few", "little"];
/// Said twice on purpose ("that that", "very very", "no no").
const DOUBLED_ON_PURPOSE: &[&str] = &[
    "that", "had", "very", "really", "so", "no", "yeah", "bye", "ha", "blah", "bla",
];

/// The verbal tics in the transcript, in order; see [`TicKind`] for each rule.
pub fn tics(t: &Transcript) -> Vec<Tic> {
    tics_of(&tokens(t))
}

fn tics_of(toks: &[Token]) -> Vec<Tic> {
    let w = spoken(toks);
    let n = |i: usize| w.get(i).map_or("", |t| t.norm.as_str());
    // The word before `i` in the same clause (no punctuation between).
    let before = |i: usize| match i.checked_sub(1) {
        Some(p) if !w[p].pause => n(p),
        _ => "",
    };
    // The word after `i` in the same clause.
    let after = |i: usize| if w[i].pause { "" } else { n(i + 1) };
    let opens_sentence = |i: usize| i == 0 || w[i - 1].stop;
    let mut out = Vec::new();
    let mut found = |kind: TicKind, from: usize, to: usize| {
        let said: Vec<&str> = w[from..=to].iter().map(|t| t.norm.as_str()).collect();
        out.push(Tic {
            kind,
            said: said.join(" "),
            start: w[from].start,
            end: w[to].end,
        });
    };
    for i in 0..w.len() {
        let pair = (n(i), if w[i].stop { "" } else { n(i + 1) });
        match pair {
            ("you", "know")
                if !ASKS_YOU_KNOW.contains(&before(i)) && !KNOWN.contains(&after(i + 1)) =>
            {
                found(TicKind::YouKnow, i, i + 1)
            }
            ("i", "mean")
                if !EXPLAINS_I_MEAN.contains(&before(i)) && !MEANT.contains(&after(i + 1)) =>
            {
                found(TicKind::IMean, i, i + 1)
            }
            (kind @ ("kind" | "sort"), "of") => {
                let b1 = before(i);
                let b2 = if b1.is_empty() { "" } else { before(i - 1) };
                let names_a_kind = DETERMINERS.contains(&b1)
                    || (KIND_ADJECTIVES.contains(&b1) && DETERMINERS.contains(&b2));
                if !names_a_kind {
                    let k = if kind == "kind" {
                        TicKind::KindOf
                    } else {
                        TicKind::SortOf
                    };
                    found(k, i, i + 1)
                }
            }
            ("basically", _) => found(TicKind::Basically, i, i),
            ("actually", _) => found(TicKind::Actually, i, i),
            ("literally", _) => found(TicKind::Literally, i, i),
            ("so", next) if opens_sentence(i) && !SO_DEGREE.contains(&next) => {
                found(TicKind::So, i, i)
            }
            ("like", _) if w[i].pause && (i == 0 || w[i - 1].pause) => found(TicKind::Like, i, i),
            (a, b) if a == b && !DOUBLED_ON_PURPOSE.contains(&a) => {
                found(TicKind::Repeat, i, i + 1)
            }
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------- hedges --

/// Hedges, longest first where one starts another.
const HEDGES: &[&[&str]] = &[
    &["i'm", "not", "sure"],
    &["i", "am", "not", "sure"],
    &["i", "don't", "know"],
    &["i", "feel", "like"],
    &["i", "think"],
    &["i", "guess"],
    &["i", "suppose"],
    &["maybe"],
    &["probably"],
    &["perhaps"],
    &["possibly"],
];

/// Hedges: "I think", "I guess", "I suppose", "maybe", "probably",
/// "perhaps", "possibly", "I'm not sure", "I don't know", "I feel like".
/// "I think about/of" is thinking, not hedging, and "what I think" is not
/// counted. "kind of" and "sort of" are counted as tics, not here.
pub fn hedges(t: &Transcript) -> Vec<Said> {
    hedges_of(&tokens(t))
}

fn hedges_of(toks: &[Token]) -> Vec<Said> {
    let w = spoken(toks);
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let fits = |h: &&&[&str]| {
            h.iter().enumerate().all(|(k, word)| {
                w.get(i + k)
                    .is_some_and(|t| t.norm == *word && (k + 1 == h.len() || !t.stop))
            })
        };
        let Some(h) = HEDGES.iter().find(fits) else {
            i += 1;
            continue;
        };
        let last = i + h.len() - 1;
        let next = match w.get(last + 1) {
            Some(t) if !w[last].pause => t.norm.as_str(),
            _ => "",
        };
        let before = match i.checked_sub(1) {
            Some(p) if !w[p].pause => w[p].norm.as_str(),
            _ => "",
        };
        let thinking = h[..] == ["i", "think"]
            && (matches!(next, "about" | "of") || matches!(before, "what" | "how"));
        if !thinking {
            out.push(Said {
                said: h.join(" "),
                start: w[i].start,
                end: w[last].end,
            });
        }
        i = last + 1;
    }
    out
}

// ------------------------------------------------------------------ STAR --

/// What a STAR story's words show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Star {
    /// Whether a result was stated: any of `result`.
    pub result_stated: bool,
    /// What says a result was stated, in order.
    pub result: Vec<ResultSignal>,
    /// "I", "me", "my", "I'm", … said.
    pub i_words: usize,
    /// "we", "us", "our", "we're", … said.
    pub we_words: usize,
    /// `i_words` over both, 0 to 1, two decimals; `None` when neither was said.
    pub i_share: Option<f64>,
}

/// Something that says a result was stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultSignal {
    /// What kind of sign.
    pub kind: ResultKind,
    /// The words, lowercase.
    pub said: String,
    /// Where it starts, seconds into the recording.
    #[serde(with = "secs")]
    pub start: f64,
}

/// The signs of a stated result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResultKind {
    /// A phrase of an outcome ("as a result", "in the end", "led to").
    Outcome,
    /// A percentage or a multiple ("30%", "twenty percent", "3x").
    Percentage,
    /// A verb of change in the past ("reduced", "saved", "launched").
    Change,
    /// A number other than a year.
    Number,
}

/// Phrases that announce an outcome wherever they are said.
const ANNOUNCED: &[&[&str]] = &[
    &["as", "a", "result"],
    &["resulted", "in"],
    &["the", "result", "was"],
    &["the", "outcome", "was"],
    &["in", "the", "end"],
];
/// Phrases of an outcome that also tell a situation ("a bug that led to
/// outages"); they count in the last [`RESULT_SHARE`].
const OUTCOMES: &[&[&str]] = &[
    &["led", "to"],
    &["ended", "up"],
    &["by", "the", "end"],
    &["went", "from"],
    &["went", "down"],
    &["went", "up"],
    &["ahead", "of", "schedule"],
    &["under", "budget"],
    &["by", "half"],
    &["in", "half"],
    &["paid", "off"],
];
/// Verbs of change in the past; they count in the last [`RESULT_SHARE`].
#[rustfmt::skip]
const CHANGES: &[&str] = &[
    "reduced", "increased", "improved", "saved", "doubled", "halved", "tripled", "decreased",
    "grew", "delivered", "launched", "shipped", "achieved", "won", "succeeded", "boosted",
    "lowered", "shortened", "solved", "resolved", "fixed", "completed", "finished", "promoted",
    "adopted",
];
/// Numbers written as words that count as numbers (not "one": "one day").
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion", "dozen",
];
const I_WORDS: &[&str] = &[
    "i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll",
];
#[rustfmt::skip]
const WE_WORDS: &[&str] = &[
    "we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll", "let's",
];

/// For a STAR story: whether a result was stated, and "I" against "we".
///
/// A result is stated when the answer says a phrase that announces one
/// ("as a result", "in the end") anywhere, or, in its last
/// [`RESULT_SHARE`] of words, another outcome phrase ("led to", "went
/// from"), a percentage, a verb of change in the past or a number that is
/// not a year. "US" in capitals is the country,
/// not "us".
pub fn star(t: &Transcript) -> Star {
    star_of(&tokens(t))
}

fn star_of(toks: &[Token]) -> Star {
    let w = spoken(toks);
    let late = ((w.len() as f64) * (1.0 - RESULT_SHARE)).floor() as usize;
    let mut result = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let fits = |p: &&&[&str]| {
            p.iter()
                .enumerate()
                .all(|(k, word)| w.get(i + k).is_some_and(|t| t.norm == *word))
        };
        let outcome = ANNOUNCED.iter().find(fits);
        let outcome = outcome.or_else(|| OUTCOMES.iter().find(fits).filter(|_| i >= late));
        if let Some(p) = outcome {
            result.push(ResultSignal {
                kind: ResultKind::Outcome,
                said: p.join(" "),
                start: w[i].start,
            });
            i += p.len();
            continue;
        }
        let t = &w[i];
        let word = t.norm.as_str();
        let number = word.starts_with(|c: char| c.is_ascii_digit());
        let kind = if t.percent
            || matches!(word, "percent" | "percentage")
            || (number
                && word.ends_with('x')
                && word[..word.len() - 1].bytes().all(|b| b.is_ascii_digit()))
        {
            Some(ResultKind::Percentage)
        } else if CHANGES.contains(&word) {
            Some(ResultKind::Change)
        } else if (number && !is_year(word)) || NUMBER_WORDS.contains(&word) {
            Some(ResultKind::Number)
        } else {
            None
        };
        if let Some(kind) = kind.filter(|_| i >= late) {
            result.push(ResultSignal {
                kind,
                said: word.to_string(),
                start: t.start,
            });
        }
        i += 1;
    }
    let count = |list: &[&str]| {
        w.iter()
            .filter(|t| list.contains(&t.norm.as_str()) && t.bare != "US")
            .count()
    };
    let (i_words, we_words) = (count(I_WORDS), count(WE_WORDS));
    Star {
        result_stated: !result.is_empty(),
        result,
        i_words,
        we_words,
        i_share: (i_words + we_words > 0)
            .then(|| round_to(i_words as f64 / (i_words + we_words) as f64, 2)),
    }
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2099).contains(&y))
}

// ---------------------------------------------------------------- points --

/// One of a question's points, and whether the answer touched it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// The point as the bank writes it.
    pub point: String,
    /// Whether all its words were said within [`POINT_WINDOW`] words.
    pub covered: bool,
    /// Where the first of its words was said, when covered.
    #[serde(default, with = "secs::opt", skip_serializing_if = "Option::is_none")]
    pub at: Option<f64>,
    /// Its words that were not said anywhere in the answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// Small words a point's matching leaves out.
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
    "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "it", "it's", "its",
    "just", "let's", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off",
    "on", "once", "only", "or", "other", "others", "our", "ours", "out", "over", "own", "same",
    "she", "should", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "very", "was", "we", "we'd", "we'll", "we're", "we've", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "you'd",
    "you'll", "you're", "you've", "your", "yours",
];

/// Lowercase words of `text` split at anything but letters, digits and
/// apostrophes ("buy-in" is "buy" and "in").
fn plain_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']).to_lowercase().replace('’', "'"))
        .filter(|w| !w.is_empty())
}

/// Which of `points` the answer covered. A point's content words are its
/// words less [`STOP_WORDS`] (all its words if nothing is left); it is
/// covered when each of their stems (Snowball English: "fixed" and "fixing"
/// are "fix") is said within one stretch of [`POINT_WINDOW`] words, in any
/// order. Fillers are not words here.
pub fn points(t: &Transcript, points: &[String]) -> Vec<Point> {
    points_of(&tokens(t), points)
}

/// The words of `point` that must be said for it to be covered: its words
/// less [`STOP_WORDS`], or all of them if nothing is left; lowercase.
pub fn point_words(point: &str) -> Vec<String> {
    let all: Vec<String> = plain_words(point).collect();
    let content: Vec<String> = all
        .iter()
        .filter(|p| !STOP_WORDS.contains(&p.as_str()))
        .cloned()
        .collect();
    if content.is_empty() { all } else { content }
}

fn points_of(toks: &[Token], points: &[String]) -> Vec<Point> {
    if points.is_empty() {
        return Vec::new();
    }
    let stemmer = Stemmer::create(Algorithm::English);
    let stem = |w: &str| stemmer.stem(w).into_owned();
    let w = spoken(toks);
    let said: Vec<Vec<String>> = w
        .iter()
        .map(|t| plain_words(&t.norm).map(|p| stem(&p)).collect())
        .collect();
    let said_anywhere: HashSet<&str> = said.iter().flatten().map(String::as_str).collect();
    points
        .iter()
        .map(|point| {
            let content = point_words(point);
            let stems: Vec<(String, &String)> = content.iter().map(|p| (stem(p), p)).collect();
            let needed: HashSet<&str> = stems.iter().map(|(s, _)| s.as_str()).collect();
            let has = |i: usize| said[i].iter().any(|s| needed.contains(s.as_str()));
            let at = (0..w.len()).filter(|&i| has(i)).find(|&i| {
                let near: HashSet<&str> = said[i..(i + POINT_WINDOW).min(w.len())]
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                needed.is_subset(&near)
            });
            Point {
                point: point.clone(),
                covered: at.is_some(),
                at: at.map(|i| w[i].start),
                missing: stems
                    .iter()
                    .filter(|(s, _)| !said_anywhere.contains(s.as_str()))
                    .map(|(_, p)| (*p).clone())
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::transcript::Word;

    /// `text` as the recogniser might give it: one word per space, each
    /// 0.3 s long, a new one every 0.4 s.
    fn said(text: &str) -> Transcript {
        timed(
            &text
                .split_whitespace()
                .enumerate()
                .map(|(i, w)| (w, 0.4 * i as f64, 0.4 * i as f64 + 0.3))
                .collect::<Vec<_>>(),
        )
    }

    fn timed(words: &[(&str, f64, f64)]) -> Transcript {
        Transcript {
            text: words.iter().map(|w| w.0).collect::<Vec<_>>().join(" "),
            words: words
                .iter()
                .map(|&(text, start, end)| Word {
                    text: text.into(),
                    start,
                    end,
                })
                .collect(),
        }
    }

    #[test]
    fn words_lose_their_punctuation_and_annotations_are_dropped() {
        let t = timed(&[
            ("[BLANK_AUDIO]", 0.0, 1.0),
            ("So,", 1.0, 1.2),
            ("(clears", 1.2, 1.3),
            ("throat)", 1.3, 1.4),
            ("we", 1.4, 1.5),
            ("’re done", 1.5, 1.7),
            ("♪", 1.7, 1.8),
            ("...", 1.8, 1.9),
            ("I’m", 1.9, 2.0),
            ("—", 2.0, 2.1),
            ("25%.", 2.1, 2.2),
        ]);
        let toks = tokens(&t);
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["so", "we", "re", "done", "i'm", "25"]);
        let flags: Vec<(bool, bool)> = toks.iter().map(|t| (t.pause, t.stop)).collect();
        // "So," pauses; "done" is followed by an ellipsis, "I’m" by a dash:
        // breaks, not sentence ends; "25%." ends one.
        assert_eq!(
            flags,
            [
                (true, false),
                (false, false),
                (false, false),
                (true, false),
                (true, false),
                (true, true)
            ]
        );
        assert!(toks[5].percent);
        assert_eq!((toks[3].start, toks[3].end), (1.5, 1.7));
    }

    #[test]
    fn an_unclosed_bracket_does_not_swallow_the_answer() {
        let t = said("(laughs we tried three things and it worked");
        let norms: Vec<String> = tokens(&t).into_iter().map(|t| t.norm).collect();
        // "(laughs" and the five pieces after it.
        assert_eq!(norms, ["it", "worked"]);
    }

    #[test]
    fn filler_words_in_the_recognisers_spellings() {
        for yes in [
            "um", "Um,", "Umm", "ummm...", "uh", "Uh.", "Uhh", "uhm", "er", "Er,", "erm", "Erm...",
            "err", "ah", "Ahh,", "hmm", "Hmm?", "hm", "mm", "Mmm.",
        ] {
            assert!(is_filler(yes), "{yes}");
        }
        for no in [
            "m", "a", "am", "oh", "eh", "mhm", "uh-huh", "umbrella", "her", "arm", "hum", "ahead",
            "mum", "so", "like", "",
        ] {
            assert!(!is_filler(no), "{no}");
        }
    }

    #[test]
    fn pace_counts_words_not_fillers_over_the_time_the_words_show() {
        // Five words and two fillers over 4.0 s; a 2.0 s silence (at or
        // over the long gap) and the 0.5 s of "um" are not speaking time.
        let t = timed(&[
            ("Um,", 0.0, 0.4),
            ("we", 0.5, 0.7),
            ("shipped", 0.7, 1.1),
            ("uh", 1.1, 1.6),
            ("it", 1.6, 1.8),
            ("early,", 1.8, 2.2),
            ("really.", 4.2, 4.5),
        ]);
        let p = pace(&t, None, &[]).expect("pace");
        // 4.5 − 0.5 − 2.0 − 0.5 = 1.5 s; 5 words → 200 a minute.
        assert_eq!((p.words, p.seconds, p.wpm), (5, 1.5, 200.0));
        assert_eq!(p.time, PaceTime::Words);
        // A 1.4 s silence is speaking time, as in the sound analysis.
        let t = timed(&[("we", 0.0, 0.5), ("won.", 1.9, 2.5)]);
        assert_eq!(pace(&t, None, &[]).expect("pace").seconds, 2.5);
        // The sound's speaking time, when given, is the one used.
        let p = pace(&t, Some(3.0), &[]).expect("pace");
        assert_eq!((p.wpm, p.time), (40.0, PaceTime::Sound));
    }

    #[test]
    fn the_sounds_speaking_time_loses_the_filler_words_it_did_not_hear() {
        // 4 words and a 0.5 s "uh" in 3.0 s of the sound's speaking time.
        let t = timed(&[
            ("We", 0.0, 0.3),
            ("uh", 0.4, 0.9),
            ("shipped", 1.0, 1.5),
            ("it", 1.5, 1.7),
            ("early.", 1.7, 2.2),
        ]);
        // The detector missed the "uh": its time was counted as speaking.
        let p = pace(&t, Some(3.0), &[]).expect("pace");
        assert_eq!((p.words, p.seconds, p.wpm), (4, 2.5, 96.0));
        // The detector heard it, and already left it out of its 3.0 s.
        let p = pace(&t, Some(3.0), &[0.45..0.85]).expect("pace");
        assert_eq!((p.seconds, p.wpm), (3.0, 80.0));
    }

    #[test]
    fn no_pace_without_words_or_under_a_second() {
        assert_eq!(pace(&said(""), None, &[]), None);
        assert_eq!(pace(&said("um uh"), Some(5.0), &[]), None);
        assert_eq!(pace(&timed(&[("Yes.", 0.0, 0.6)]), None, &[]), None);
        assert_eq!(pace(&said("we did it"), Some(0.9), &[]), None);
    }

    #[test]
    fn words_a_minute_come_from_words_when_there_are_some_else_from_the_estimate() {
        let p = pace(&said("we did it on time and under budget"), Some(4.0), &[]);
        let from_words = Wpm::pick(p.as_ref(), Some(180.0)).expect("a figure");
        assert_eq!(
            (from_words.value, from_words.label()),
            (120.0, "from words")
        );
        let estimate = Wpm::pick(None, Some(180.0)).expect("a figure");
        assert_eq!((estimate.value, estimate.label()), (180.0, "estimate"));
        assert_eq!(Wpm::pick(None, None), None);
    }

    #[test]
    fn a_filler_heard_by_both_counts_once() {
        let t = timed(&[
            ("So", 0.0, 0.3),
            ("um,", 0.4, 0.8),
            ("we", 1.0, 1.2),
            ("sooo", 1.2, 2.4),
            ("uh", 3.0, 3.4),
            ("agreed.", 3.5, 4.0),
        ]);
        let sounds = [
            0.55..1.0, // overlaps "um"
            1.5..2.2,  // inside "sooo": a word held long
            2.3..2.5,  // in a silence: whisper dropped it
            3.65..3.9, // 0.25 s after "uh" ends, but inside "agreed"
        ];
        let found = fillers(&t, &sounds);
        let got: Vec<(Option<&str>, f64, Heard)> = found
            .iter()
            .map(|f| (f.word.as_deref(), f.start, f.heard))
            .collect();
        assert_eq!(
            got,
            [
                (Some("um"), 0.4, Heard::Both),
                (None, 2.3, Heard::Sound),
                (Some("uh"), 3.0, Heard::Both),
            ]
        );
    }

    #[test]
    fn fillers_farther_apart_than_300_ms_are_two_and_one_sound_matches_one_word() {
        let t = timed(&[("um", 0.0, 0.4), ("um", 0.45, 0.8), ("right", 2.0, 2.3)]);
        // 0.35 s after the second "um": not the same filler.
        let got: Vec<Heard> = fillers(&t, &[1.15..1.5]).iter().map(|f| f.heard).collect();
        assert_eq!(got, [Heard::Words, Heard::Words, Heard::Sound]);
        // One sound between two "um"s is one of them, the nearer.
        let got: Vec<Heard> = fillers(&t, &[0.41..0.6]).iter().map(|f| f.heard).collect();
        assert_eq!(got, [Heard::Words, Heard::Both]);
    }

    /// Each tic found in `text`, as (kind, words).
    fn tics_in(text: &str) -> Vec<(TicKind, String)> {
        tics(&said(text))
            .into_iter()
            .map(|t| (t.kind, t.said))
            .collect()
    }

    #[test]
    fn tics_are_found_where_they_are_tics() {
        use TicKind::*;
        let cases: &[(&str, &[(TicKind, &str)])] = &[
            ("and, you know, it was hard", &[(YouKnow, "you know")]),
            ("it was hard, you know.", &[(YouKnow, "you know")]),
            ("and you know we just kept going", &[(YouKnow, "you know")]),
            ("I mean, we had no choice", &[(IMean, "i mean")]),
            ("It was, I mean the second release.", &[(IMean, "i mean")]),
            ("it was kind of messy", &[(KindOf, "kind of")]),
            ("the team kind of fell apart", &[(KindOf, "kind of")]),
            ("I sort of took over", &[(SortOf, "sort of")]),
            ("Kind of.", &[(KindOf, "kind of")]),
            ("it was basically a rewrite", &[(Basically, "basically")]),
            ("we actually shipped it", &[(Actually, "actually")]),
            ("I literally ran", &[(Literally, "literally")]),
            ("So we started again.", &[(So, "so")]),
            ("It broke. So, I called them.", &[(So, "so")]),
            ("Um, so the plan was", &[(So, "so")]),
            ("we tried, um. So that failed", &[(So, "so")]),
            ("and, like, nobody replied", &[(Like, "like")]),
            ("Like, it was chaos", &[(Like, "like")]),
            ("I I decided", &[(Repeat, "i i")]),
            ("the the budget", &[(Repeat, "the the")]),
            ("we, we agreed", &[(Repeat, "we we")]),
            ("the, um, the budget", &[(Repeat, "the the")]),
            ("I... I think", &[(Repeat, "i i")]),
            ("we we we tried", &[(Repeat, "we we"), (Repeat, "we we")]),
            ("I I mean", &[(Repeat, "i i"), (IMean, "i mean")]),
        ];
        for (text, want) in cases {
            let want: Vec<(TicKind, String)> =
                want.iter().map(|(k, s)| (*k, s.to_string())).collect();
            assert_eq!(tics_in(text), want, "{text}");
        }
    }

    #[test]
    fn words_that_only_look_like_tics_are_not_counted() {
        for text in [
            "do you know the answer",
            "Did you know that",
            "as you know, the budget was cut",
            "I'll let you know.",
            "you know the client well",
            "if you know how it works",
            "what I mean is simple",
            "I mean it.",
            "I didn't mean to",
            "what kind of role is it",
            "the kind of work I enjoy",
            "a different sort of problem",
            "the right kind of people",
            "all kinds of things",
            "So far we have two",
            "So many people came",
            "we were late so we hurried",
            "I would like to lead",
            "it looks like rain",
            "things like budgets",
            "I knew that that was wrong",
            "it was very very hard",
            "No, no, it was fine",
            "It ended. End of story.",
            "it was it. It was",
            "you. Know",
            "I. Mean",
        ] {
            assert_eq!(tics_in(text), [], "{text}");
        }
    }

    #[test]
    fn tics_carry_their_times_and_counts_group_by_kind() {
        let t = said("So, you know, it was kind of basically done. So yes.");
        let c = coach(&t, &Context::default());
        let times: Vec<(f64, f64)> = c.tics.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(times[1], (0.4, 0.8 + 0.3));
        assert_eq!(
            c.tic_counts(),
            [
                (TicKind::YouKnow, 1),
                (TicKind::KindOf, 1),
                (TicKind::Basically, 1),
                (TicKind::So, 2)
            ]
        );
    }

    #[test]
    fn hedges_are_counted_and_thinking_is_not() {
        let cases: &[(&str, &[&str])] = &[
            ("I think it worked", &["i think"]),
            (
                "it was maybe two weeks, probably three",
                &["maybe", "probably"],
            ),
            ("I guess I was lucky", &["i guess"]),
            ("I suppose so", &["i suppose"]),
            ("perhaps, possibly", &["perhaps", "possibly"]),
            ("I'm not sure it helped", &["i'm not sure"]),
            ("I am not sure", &["i am not sure"]),
            ("I don't know if it mattered", &["i don't know"]),
            ("I feel like we rushed", &["i feel like"]),
            ("I think, about a week", &["i think"]),
            ("I think about it often", &[]),
            ("I think of the team first", &[]),
            ("what I think matters is this", &[]),
            ("I thought about it", &[]),
            ("I. Think", &[]),
            ("we planned it", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = hedges(&said(text)).into_iter().map(|h| h.said).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    /// `late` words of padding that say nothing, then `text`.
    fn story(early: &str, late: &str) -> Star {
        star(&said(&format!("{early} {late}")))
    }

    fn signals(s: &Star) -> Vec<(ResultKind, &str)> {
        s.result.iter().map(|r| (r.kind, r.said.as_str())).collect()
    }

    #[test]
    fn a_result_is_stated_by_an_outcome_a_percentage_a_change_or_a_number_at_the_end() {
        use ResultKind::*;
        let early = "I was asked to look at the way the team handled support tickets";
        let cases: &[(&str, &[(ResultKind, &str)])] = &[
            (
                "and as a result the queue was empty",
                &[(Outcome, "as a result")],
            ),
            (
                "which in the end took the queue down",
                &[(Outcome, "in the end")],
            ),
            ("and that led to fewer complaints", &[(Outcome, "led to")]),
            (
                "and complaints went from ten a day",
                &[(Outcome, "went from"), (Number, "ten")],
            ),
            (
                "and complaints fell by 30% that quarter",
                &[(Percentage, "30")],
            ),
            (
                "and complaints fell by thirty percent",
                &[(Number, "thirty"), (Percentage, "percent")],
            ),
            ("and tickets got closed 3x faster", &[(Percentage, "3x")]),
            ("and we reduced waiting to a day", &[(Change, "reduced")]),
            (
                "and it saved us $40k a year",
                &[(Change, "saved"), (Number, "40k")],
            ),
            (
                "and we handled 1,200 tickets that month",
                &[(Number, "1,200")],
            ),
            ("which is how I spent 2019 and half of 2020", &[]),
            ("and then I talked to each of them about it", &[]),
        ];
        for (late, want) in cases {
            let s = story(early, late);
            assert_eq!(signals(&s), *want, "{late}");
            assert_eq!(s.result_stated, !want.is_empty(), "{late}");
        }
    }

    #[test]
    fn early_signs_of_change_are_the_situation_not_the_result() {
        // "led to" and a number in the first 60 % tell the situation;
        // "as a result" announces a result wherever it is.
        let s = story(
            "A bug that led to 40 complaints a day reduced our score so I was asked",
            "to find out why and I spoke to the support team first",
        );
        assert!(!s.result_stated, "{:?}", s.result);
        let s = story(
            "As a result of a reorganisation I took over support so I was asked",
            "to find out why and I spoke to the support team first",
        );
        assert_eq!(signals(&s), [(ResultKind::Outcome, "as a result")]);
    }

    #[test]
    fn i_and_we_are_counted_apart_and_the_country_is_not_us() {
        let s = star(&said(
            "I'm sure we did. My manager and I asked us, our team, to ship to the US. We've I've",
        ));
        assert_eq!((s.i_words, s.we_words), (4, 4));
        assert_eq!(s.i_share, Some(0.5));
        let s = star(&said("We did it together, we shipped it, I helped."));
        assert_eq!((s.i_words, s.we_words, s.i_share), (1, 2, Some(0.33)));
        assert_eq!(star(&said("it went well")).i_share, None);
    }

    fn covered(answer: &str, pts: &[&str]) -> Vec<(bool, Vec<String>)> {
        let pts: Vec<String> = pts.iter().map(|p| p.to_string()).collect();
        points(&said(answer), &pts)
            .into_iter()
            .map(|p| (p.covered, p.missing))
            .collect()
    }

    #[test]
    fn a_point_is_covered_when_its_words_are_said_close_together_in_any_form() {
        let none: Vec<String> = Vec::new();
        let answer = "The client and I had, um, different views, so I fixed the report \
                      and we rebuilt the working relationship over the next month";
        let cases: &[(&str, bool, &[&str])] = &[
            // Stop words dropped, stems matched: "views" is "view".
            ("their point of view", false, &["point"]),
            ("the client's view", true, &[]),
            ("how I fixed it", true, &[]),
            ("fixing the reports", true, &[]),
            // Any order.
            ("relationship working", true, &[]),
            ("the budget", false, &["budget"]),
            // A point of small words only is matched on all of them.
            ("why now", false, &["why", "now"]),
            // Hyphens split a word.
            ("client-view", true, &[]),
        ];
        for (point, is_covered, missing) in cases {
            let missing: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
            assert_eq!(
                covered(answer, &[point]),
                [(*is_covered, missing)],
                "{point}"
            );
        }
        assert_eq!(covered(answer, &[]), []);
        assert_eq!(
            covered("", &["the budget"]),
            [(false, vec!["budget".to_string()])]
        );
        let _ = none;
    }

    #[test]
    fn every_shipped_point_names_a_word_to_listen_for() {
        let lib = crate::bank::load(&[], true).expect("the shipped banks load");
        let mut seen = 0;
        for q in &lib.questions {
            for p in &q.points {
                let words = point_words(p);
                assert!(
                    !words.is_empty() && words.iter().all(|w| !STOP_WORDS.contains(&w.as_str())),
                    "{}: `{p}` is only small words",
                    q.id
                );
                seen += 1;
            }
        }
        assert!(seen >= 20, "{seen} points");
        assert_eq!(point_words("Why now?"), ["why", "now"]);
        assert_eq!(point_words("the buy-in"), ["buy"]);
    }

    #[test]
    fn a_points_words_far_apart_do_not_cover_it() {
        let filler_words = "and then we went on with the rest of the plan ".repeat(3);
        let near = format!("the client liked the new report {filler_words}");
        let far = format!("the client {filler_words} liked the new report");
        let pts = ["client report".to_string()];
        let p = &points(&said(&near), &pts)[0];
        assert!(p.covered);
        assert_eq!(p.at, Some(0.4));
        let p = &points(&said(&far), &pts)[0];
        assert!(!p.covered && p.missing.is_empty() && p.at.is_none());
    }

    #[test]
    fn coaching_only_judges_a_star_story_as_one_and_reads_back_from_json_and_yaml() {
        let t = said("Um, so we cut costs. In the end we saved 20%, I think.");
        let pts = ["the costs".to_string()];
        let sounds = [3.12..3.18];
        let cx = Context {
            pace_time: Some(6.0),
            sound_fillers: &sounds,
            star: true,
            points: &pts,
        };
        let c = coach(&t, &cx);
        assert_eq!(c.pace.as_ref().map(|p| p.words), Some(12));
        assert_eq!(c.fillers.len(), 2);
        // "Um" and a sound between two words, over the 5.1 s from the first word to the last.
        assert_eq!(c.fillers_per_minute, Some(23.5));
        assert_eq!(c.hedges.len(), 1);
        assert!(c.star.as_ref().is_some_and(|s| s.result_stated));
        assert!(c.points[0].covered);
        let json = serde_json::to_string(&c).expect("json");
        assert_eq!(serde_json::from_str::<Coaching>(&json).expect("reads"), c);
        let yaml = serde_yaml::to_string(&c).expect("yaml");
        assert_eq!(serde_yaml::from_str::<Coaching>(&yaml).expect("reads"), c);
        for field in [
            "heard: words",
            "heard: sound",
            "kind: so",
            "kind: outcome",
            "time: sound",
        ] {
            assert!(yaml.contains(field), "{field} in {yaml}");
        }
        let plain = coach(&t, &Context::default());
        assert_eq!((plain.star, plain.points.len()), (None, 0));
        assert_eq!(plain.pace.map(|p| p.time), Some(PaceTime::Words));
        let json = serde_json::to_string(&coach(&t, &Context::default())).expect("json");
        assert!(
            !json.contains("\"star\"") && !json.contains("\"points\""),
            "{json}"
        );
    }

    #[test]
    fn a_stored_coaching_with_an_impossible_time_is_refused() {
        let yaml = "said: so\nkind: so\nstart: -1.0\nend: 0.3\n";
        assert!(serde_yaml::from_str::<Tic>(yaml).is_err());
        let yaml = "said: so\nkind: so\nstart: 0.0\nend: 0.3\nextra: 1\n";
        assert!(serde_yaml::from_str::<Tic>(yaml).is_err());
    }
}
