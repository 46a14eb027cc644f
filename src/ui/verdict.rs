//! The lines said about one answer: its verdict against the budget, what
//! its audio showed (pace, fillers) and what its words show. The drill's
//! screen, the summary, `present` and `replay` all say them the same way.

use super::style::Tone;
use super::text::plural;
use crate::config::{PaceBand, Speed};
use crate::duration::{fmt_mss, fmt_rounded};
use crate::session::analysis::Analysis;
use crate::session::coach::{Coaching, Heard, ResultKind, ResultSignal, TicKind, Wpm};
use crate::session::{Item, Verdict};
use std::time::Duration;

/// The verdict sentence for a finished answer, and its tone.
pub fn verdict_line(it: &Item) -> (String, Tone) {
    let t = fmt_rounded;
    match it.verdict {
        Verdict::TooShort => {
            let min = it.min.map_or(String::new(), |m| format!(", min {}", t(m)));
            (
                format!(
                    "Too short: {} (target {}{min}).",
                    t(it.duration),
                    t(it.target)
                ),
                Tone::Short,
            )
        }
        Verdict::OnTarget => (
            format!("On target: {} (target {}).", t(it.duration), t(it.target)),
            Tone::Good,
        ),
        // Stopped at max (`--hard-stop`), or over by less than a second.
        Verdict::Over if over_by(it).is_none() => (
            format!("Reached the max: {} (max {}).", t(it.duration), t(it.max)),
            Tone::Bad,
        ),
        Verdict::Over => (
            format!(
                "Over by {}: {} (max {}).",
                over_by(it).unwrap_or_default(),
                t(it.duration),
                t(it.max)
            ),
            Tone::Bad,
        ),
        Verdict::Skipped => ("Skipped.".into(), Tone::Dim),
    }
}

/// How far past max an answer went, as shown; `None` for one that ended at
/// max (`--hard-stop`), which would show as 0:00.
pub(super) fn over_by(it: &Item) -> Option<String> {
    (it.duration.abs_diff(it.max) >= Duration::from_millis(500))
        .then(|| fmt_rounded(it.duration.saturating_sub(it.max)))
}

/// What a recorded answer's audio shows, in one sentence; its pace and
/// fillers from the words when it has a transcript (`words`), else the
/// sound's (an estimate), each labelled.
pub fn heard_line(a: &Analysis, words: Option<&Coaching>, band: &PaceBand) -> String {
    let Some(first) = a.first_word else {
        return "The recording holds no speech.".into();
    };
    let pauses = match (a.pauses.len(), a.pauses.iter().map(|p| p.length).max()) {
        (0, _) | (_, None) => format!("no pauses over {:.1} s", a.pause_threshold.as_secs_f64()),
        (n, Some(longest)) => format!(
            "{n} pause{} over {:.1} s (longest {:.1} s)",
            plural(n),
            a.pause_threshold.as_secs_f64(),
            longest.as_secs_f64()
        ),
    };
    let mut line = format!(
        "First word after {:.1} s · speaking {:.0} % · {pauses}",
        first.as_secs_f64(),
        a.speaking_ratio * 100.0
    );
    for piece in [pace_piece(a, words, band), fillers_piece(a, words, band)]
        .into_iter()
        .flatten()
    {
        line.push_str(" · ");
        line.push_str(&piece);
    }
    line.push('.');
    line
}

/// " too fast" or " too slow" after a rate outside the band, else nothing.
pub(super) fn judged(band: &PaceBand, wpm: f64) -> &'static str {
    match band.judge(wpm) {
        Speed::TooFast => " too fast",
        Speed::TooSlow => " too slow",
        Speed::InBand => "",
    }
}

/// "148 wpm (from words) too fast", or "175 wpm (estimate)" from syllables.
fn pace_piece(a: &Analysis, words: Option<&Coaching>, band: &PaceBand) -> Option<String> {
    let wpm = Wpm::pick(words.and_then(|c| c.pace.as_ref()), a.wpm)?;
    Some(format!(
        "{:.0} wpm ({}){}",
        wpm.value,
        wpm.label(),
        judged(band, wpm.value)
    ))
}

/// "3 fillers: um ×2, 1 heard only in the sound (6.0/min, many)" from the
/// words merged with the sound, or "2 fillers" heard in the sound alone;
/// `None` without a rate (nothing said, or a session from before fillers).
fn fillers_piece(a: &Analysis, words: Option<&Coaching>, band: &PaceBand) -> Option<String> {
    let (n, per_minute, which) = match words.and_then(|c| Some((c, c.fillers_per_minute?))) {
        Some((c, per_minute)) => {
            let mut which = counted(c.fillers.iter().filter_map(|f| f.word.clone()));
            let sound = c.fillers.iter().filter(|f| f.heard == Heard::Sound).count();
            if sound > 0 {
                which.push(format!("{sound} heard only in the sound"));
            }
            (c.fillers.len(), per_minute, which)
        }
        None => (a.fillers.len(), a.fillers_per_minute?, Vec::new()),
    };
    let mut piece = format!("{n} filler{}", plural(n));
    if !which.is_empty() {
        piece.push_str(&format!(": {}", which.join(", ")));
    }
    if band.too_many_fillers(per_minute) {
        piece.push_str(&format!(" ({per_minute:.1}/min, many)"));
    }
    Some(piece)
}

/// Each different thing said with how often, in order of first saying:
/// "um ×2", "uh ×1".
fn counted(said: impl Iterator<Item = String>) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for s in said {
        match counts.iter_mut().find(|(t, _)| *t == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(s, n)| match n {
            1 => capital_i(&s),
            n => format!("{} ×{n}", capital_i(&s)),
        })
        .collect()
}

/// Lowercase words as said, with "I", "I'm", "I've"… capitalised.
fn capital_i(said: &str) -> String {
    let words: Vec<String> = said
        .split(' ')
        .map(|w| match w.strip_prefix('i') {
            Some(rest) if rest.is_empty() || rest.starts_with('\'') => format!("I{rest}"),
            _ => w.to_string(),
        })
        .collect();
    words.join(" ")
}

/// "n things", with what they were when `named` ("(a ×2, b)"), or "no things".
fn tally(one: &str, many: &str, said: Vec<String>, named: bool) -> String {
    if said.is_empty() {
        return format!("no {many}");
    }
    let n = said.len();
    let name = if n == 1 { one } else { many };
    if !named {
        return format!("{n} {name}");
    }
    format!("{n} {name} ({})", counted(said.into_iter()).join(", "))
}

/// What a transcribed answer's words show, in one sentence: tics, hedges,
/// and for a STAR story the result and "I" against "we", and the points
/// heard; with `named`, which tics and hedges and the first sign of a
/// result. Each an observation of words, never a verdict on the answer.
pub fn words_line(c: &Coaching, named: bool) -> String {
    let tics = c
        .tics
        .iter()
        .map(|t| match t.kind {
            TicKind::So => "sentence-opening so".to_string(),
            k => k.label().to_string(),
        })
        .collect();
    let hedges = c.hedges.iter().map(|h| h.said.clone()).collect();
    let mut pieces = vec![
        tally("tic", "tics", tics, named),
        tally("hedge", "hedges", hedges, named),
    ];
    if let Some(star) = &c.star {
        pieces.push(match star.result.first() {
            Some(r) if named => format!("result stated (\"{}\")", sign(r)),
            Some(_) => "result stated".into(),
            None => "no result stated in words we recognised".into(),
        });
        pieces.push(format!("I ×{}, we ×{}", star.i_words, star.we_words));
    }
    if !c.points.is_empty() {
        let heard = c.points.iter().filter(|p| p.covered).count();
        pieces.push(format!("points heard: {heard} of {}", c.points.len()));
    }
    format!("Words: {}.", pieces.join(" · "))
}

/// A sign of a result as said: "in the end", "20%".
fn sign(r: &ResultSignal) -> String {
    let digits = r
        .said
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if r.kind == ResultKind::Percentage && digits {
        format!("{}%", r.said)
    } else {
        r.said.clone()
    }
}

/// A time into the recording, as m:ss.
fn at(secs: f64) -> String {
    fmt_mss(Duration::from_secs_f64(secs.max(0.0)))
}

/// Everything a transcribed answer's words show, one line a rule, each
/// with where it was said: the summary's detail for that answer.
pub fn words_detail(c: &Coaching) -> Vec<String> {
    let mut lines = Vec::new();
    let timed = |what: &str, list: Vec<String>| {
        if list.is_empty() {
            format!("{what}: none")
        } else {
            format!("{what}: {}", list.join(", "))
        }
    };
    let fillers = c
        .fillers
        .iter()
        .map(|f| {
            let what = match (&f.word, f.heard) {
                (Some(w), Heard::Both) => format!("{w} (heard in the sound too)"),
                (Some(w), _) => w.clone(),
                (None, _) => "a filled pause heard only in the sound".into(),
            };
            format!("{} {what}", at(f.start))
        })
        .collect();
    lines.push(timed("fillers", fillers));
    let tics = c
        .tics
        .iter()
        .map(|t| {
            let how = match t.kind {
                TicKind::So => " (opening a sentence)",
                TicKind::Repeat => " (repeated)",
                _ => "",
            };
            format!("{} \"{}\"{how}", at(t.start), capital_i(&t.said))
        })
        .collect();
    lines.push(timed("tics", tics));
    let hedges = c
        .hedges
        .iter()
        .map(|h| format!("{} \"{}\"", at(h.start), capital_i(&h.said)))
        .collect();
    lines.push(timed("hedges", hedges));
    if let Some(star) = &c.star {
        if star.result.is_empty() {
            lines.push(
                "result: none stated in words we recognised (an outcome phrase, a number, a percentage, a verb of change)".into(),
            );
        } else {
            let signs: Vec<String> = star
                .result
                .iter()
                .map(|r| {
                    let kind = match r.kind {
                        ResultKind::Outcome => "an outcome phrase",
                        ResultKind::Percentage => "a percentage",
                        ResultKind::Change => "a verb of change",
                        ResultKind::Number => "a number",
                    };
                    format!("{} \"{}\" ({kind})", at(r.start), sign(r))
                })
                .collect();
            lines.push(format!("result stated: {}", signs.join(", ")));
        }
        let share = star
            .i_share
            .map_or(String::new(), |s| format!(" ({:.0} % I)", s * 100.0));
        lines.push(format!(
            "I and we: I ×{}, we ×{}{share}",
            star.i_words, star.we_words
        ));
    }
    if !c.points.is_empty() {
        let mut heard = Vec::new();
        let mut not = Vec::new();
        for p in &c.points {
            if p.covered {
                heard.push(format!("\"{}\"", p.point));
            } else if p.missing.is_empty() {
                not.push(format!(
                    "\"{}\" (its words said, but not close together)",
                    p.point
                ));
            } else {
                not.push(format!(
                    "\"{}\" (never said: {})",
                    p.point,
                    p.missing.join(", ")
                ));
            }
        }
        lines.push(timed("points heard", heard));
        lines.push(timed("points not heard", not));
    }
    lines
}
