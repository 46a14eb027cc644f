//! What a drill's answers come to: the summary printed when the session
//! ends, each answer with its verdict and what its audio and words showed
//! (those lines are `ui::verdict`'s).

use super::table::{Column, Look, TableRow, table};
use super::text::{plural, push_wrapped, safe_path, wrap};
use crate::config::PaceBand;
use crate::duration::fmt_rounded;
use crate::session::coach::{Basis, Coaching, Wpm};
use crate::session::stats::{self, Source};
use crate::session::store::Saved;
use crate::session::{Item, Session, Verdict};
use std::collections::HashMap;

use super::verdict::{heard_line, judged, over_by, words_detail, words_line};

/// "7 answers, 3 of them follow-ups, 1 skipped".
pub fn counts(session: &Session) -> String {
    let answered: Vec<&Item> = session
        .items
        .iter()
        .filter(|i| i.verdict != Verdict::Skipped)
        .collect();
    let follow_ups = answered.iter().filter(|i| i.follow_up_of.is_some()).count();
    let skipped = session.items.len() - answered.len();
    let mut out = format!("{} answer{}", answered.len(), plural(answered.len()));
    if follow_ups > 0 {
        out.push_str(&format!(
            ", {follow_ups} of them follow-up{}",
            plural(follow_ups)
        ));
    }
    if skipped > 0 {
        out.push_str(&format!(", {skipped} skipped"));
    }
    out
}

/// What the summary needs besides the session.
#[derive(Debug, Clone, Default)]
pub struct Review<'a> {
    /// Each question's `points:` by question id, from the banks: the
    /// session does not keep them.
    pub points: HashMap<&'a str, &'a [String]>,
    /// Say how to add a speech model: no model is set up and an answer was
    /// recorded that could have had a transcript.
    pub model_hint: bool,
    /// What the profile says was said in round one, to check answers against.
    pub round_one: crate::bank::profile::RoundOne,
    /// The answers asked again at the end: each item's index and the take
    /// that counted before.
    pub again: Vec<(usize, u32)>,
}

/// Whether `session` holds a recorded answer without a transcript: one a
/// speech model would have transcribed.
pub fn could_have_had_a_transcript(session: &Session) -> bool {
    session
        .items
        .iter()
        .any(|i| i.recording.is_some() && i.transcript.is_none())
}

/// The end-of-session table (with what each recorded answer's audio, and
/// each transcribed answer's words, show), what the words show answer by
/// answer, where it was saved (or what was not), and how to draw the same
/// questions again; plain `\n` text.
pub fn summary(
    session: &Session,
    again: Option<&str>,
    saved: &Saved,
    band: &PaceBand,
    review: &Review<'_>,
    width: usize,
) -> String {
    let mut out = String::new();
    let state = if session.completed {
        "completed"
    } else {
        "ended early"
    };
    let name = match session.id.as_str() {
        "" => "Session".to_string(),
        id => format!("Session {id}"),
    };
    out.push_str(&format!("{name}: {} ({state})\n\n", counts(session)));
    let wide = width.saturating_sub(1).max(20);
    let words: Vec<Option<Coaching>> = session
        .items
        .iter()
        .map(|it| {
            stats::coaching(
                it,
                review.points.get(it.id.as_str()).copied().unwrap_or(&[]),
            )
        })
        .collect();
    if !session.items.is_empty() {
        // The question gives way first, then the target and the rating go.
        let columns = [
            Column::right("#").least(3),
            Column::left("question").most(60).narrow(0, 12),
            Column::right("time").least(6),
            Column::right("target").least(6).or_drop(1, 6),
            Column::left("verdict").least(10),
            Column::left("rating").or_drop(2, 6),
        ];
        // Lines under an answer run across the columns after the number.
        let under = |rows: &mut Vec<TableRow>, line: &str| {
            for l in wrap(line, wide, "     ", "     ") {
                let l = l.strip_prefix("     ").unwrap_or(&l).to_string();
                rows.push(TableRow::Span(String::new(), l));
            }
        };
        let mut rows = Vec::new();
        for (i, (it, c)) in session.items.iter().zip(&words).enumerate() {
            let arrow = it.follow_up_of.map_or("", |_| "↳ ");
            let verdict = match it.verdict {
                Verdict::Over => over_by(it).map_or("at max".into(), |o| format!("over +{o}")),
                v => v.label().to_string(),
            };
            rows.push(TableRow::Cells(vec![
                (i + 1).to_string(),
                format!("{arrow}{}", it.text),
                fmt_rounded(it.duration),
                fmt_rounded(it.target),
                verdict,
                it.rating.map_or("–".to_string(), |r| r.to_string()),
            ]));
            if !it.parts.is_empty() {
                let parts: Vec<String> = it
                    .parts
                    .iter()
                    .map(|p| {
                        format!(
                            "{} {}/{}",
                            p.name,
                            fmt_rounded(p.actual),
                            fmt_rounded(p.planned)
                        )
                    })
                    .collect();
                under(&mut rows, &parts.join(" · "));
            }
            if let Some(a) = &it.analysis {
                under(&mut rows, &heard_line(a, c.as_ref(), band));
            }
            if let Some(c) = c {
                under(&mut rows, &words_line(c, false));
            }
        }
        let look = Look {
            width: Some(width),
            ..Look::default()
        };
        out.push_str(&table(&columns, &rows, look));
        if let Some(pace) = pace_summary(&session.items, &words, band) {
            push_wrapped(&mut out, &format!("Pace: {pace}"), wide, "", "  ");
        }
        if review.model_hint && could_have_had_a_transcript(session) {
            let hint = format!("No transcripts: {}.", crate::transcript::model::HOW_TO_ADD);
            push_wrapped(&mut out, &hint, wide, "", "  ");
        }
        if session.kind == crate::session::Kind::Interview {
            out.push('\n');
            out.push_str(&super::interview_view::by_part(session, look));
        }
        out.push('\n');
        out.push_str(&asked_again(session, review, wide));
    }
    if words.iter().any(Option::is_some) {
        let head = "What the words show, answer by answer (what each rule counts and can miss: the README's \"Coaching\"):";
        push_wrapped(&mut out, head, wide, "", "");
        for (i, (c, it)) in words.iter().zip(&session.items).enumerate() {
            let Some(c) = c else { continue };
            let number = format!("{:>3}  ", i + 1);
            let mut lines = words_detail(c);
            lines.extend(crate::session::consistency::differences(
                it,
                &review.round_one,
            ));
            for (k, line) in lines.iter().enumerate() {
                let first = if k == 0 { number.as_str() } else { "     " };
                push_wrapped(&mut out, line, wide, first, "       ");
            }
        }
        out.push('\n');
    }
    out.push_str(&saved_lines(saved, session.items.len()));
    if let Some(again) = again {
        // Weights from the history move with every session, this one too.
        let lead = if again.contains(" --focus ") {
            "The same draw again, weighed by your history as it is then"
        } else {
            "The same questions again"
        };
        out.push_str(&format!("{lead}: {}\n", crate::text::safe(again)));
    }
    out
}

/// "Asked again": each answer asked once more at the end, its first try
/// against its second (length and verdict against the target, rating, and
/// words a minute and fillers where both tries have them); empty when none
/// was answered again.
fn asked_again(session: &Session, review: &Review<'_>, wide: usize) -> String {
    let mut out = String::new();
    for &(i, before) in &review.again {
        let Some(second) = session.items.get(i).filter(|it| it.take != before) else {
            continue;
        };
        let mut first = second.clone();
        if !first.count_take(before) {
            continue;
        }
        let points = review
            .points
            .get(second.id.as_str())
            .copied()
            .unwrap_or(&[]);
        let [a, b] = [&first, second].map(|it| {
            let c = stats::coaching(it, points);
            let heard = it.analysis.as_ref();
            let pace = c.as_ref().and_then(|c| c.pace.as_ref());
            let wpm = Wpm::pick(pace, heard.and_then(|a| a.wpm)).map(|w| w.value);
            let fillers = match (c.filter(|c| c.fillers_per_minute.is_some()), heard) {
                (Some(c), _) => Some(c.fillers.len()),
                (None, Some(a)) => Some(a.fillers.len()),
                (None, None) => None,
            };
            let time = format!("{} {}", fmt_rounded(it.duration), it.verdict.label());
            (time, it.rating, wpm, fillers)
        });
        let mut line = format!(
            "{}. {} (target {}): {} → {}",
            i + 1,
            crate::text::clip(&second.text, 40),
            fmt_rounded(second.target),
            a.0,
            b.0,
        );
        if a.1.is_some() || b.1.is_some() {
            let rated = |r: Option<u8>| r.map_or("–".to_string(), |r| r.to_string());
            line.push_str(&format!(", rated {} → {}", rated(a.1), rated(b.1)));
        }
        if let (Some(x), Some(y)) = (a.2, b.2) {
            line.push_str(&format!(", {x:.0} → {y:.0} wpm"));
        }
        if let (Some(x), Some(y)) = (a.3, b.3) {
            line.push_str(&format!(", {x} → {y} fillers"));
        }
        push_wrapped(&mut out, &line, wide, "  ", "     ");
    }
    if out.is_empty() {
        return out;
    }
    format!("Asked again, first try → second:\n{out}\n")
}

/// The session's pace over every answer with a rate: "median 148 wpm (from
/// words) · 5 fillers (1.8/min)", each answer's rate from its words where
/// transcribed, else the sound's estimate (labelled `estimate`, or `partly
/// estimated` when some are); fillers over the minutes from first word to
/// last. `None` when no answer has a rate.
fn pace_summary(items: &[Item], words: &[Option<Coaching>], band: &PaceBand) -> Option<String> {
    let mut rates: Vec<(f64, Basis)> = Vec::new();
    let (mut fillers, mut minutes) = (0usize, 0.0f64);
    for (it, c) in items.iter().zip(words) {
        let a = it.analysis.as_ref();
        let Some(wpm) = Wpm::pick(
            c.as_ref().and_then(|c| c.pace.as_ref()),
            a.and_then(|a| a.wpm),
        ) else {
            continue;
        };
        rates.push((wpm.value, wpm.basis));
        let from_words = c.as_ref().filter(|c| c.fillers_per_minute.is_some());
        match (from_words, it.transcript.as_ref(), a) {
            (Some(c), Some(t), _) => {
                fillers += c.fillers.len();
                minutes += stats::words_span(t) / 60.0;
            }
            (_, _, Some(a)) => {
                if let (Some(first), Some(last)) = (a.speech.first(), a.speech.last()) {
                    fillers += a.fillers.len();
                    minutes += last.end().saturating_sub(first.start).as_secs_f64() / 60.0;
                }
            }
            _ => {}
        }
    }
    let median = stats::opt_median(rates.iter().map(|r| r.0))?;
    let from = match Source::of(rates.iter().map(|r| r.1)) {
        Some(Source::Words) => "from words",
        Some(Source::Mixed) => "partly estimated",
        _ => "estimate",
    };
    let per_minute = if minutes > 0.0 {
        fillers as f64 / minutes
    } else {
        0.0
    };
    let many = if band.too_many_fillers(per_minute) {
        ", many"
    } else {
        ""
    };
    Some(format!(
        "median {median:.0} wpm ({from}){} · {fillers} filler{} ({per_minute:.1}/min{many})",
        judged(band, median),
        plural(fillers)
    ))
}

/// "Saved: …", or exactly what was not saved and why.
pub fn saved_lines(saved: &Saved, items: usize) -> String {
    match (&saved.path, &saved.error) {
        (Some(path), None) => format!("Saved: {}\n", safe_path(path)),
        (None, None) if items == 0 => "Nothing to save: no answers were given.\n".to_string(),
        (None, None) => String::new(),
        (path, Some(err)) => {
            let which = saved
                .lacking()
                .unwrap_or_else(|| "The session was not saved".into());
            let rest = match path {
                Some(p) => format!("; the rest is in {}", safe_path(p)),
                None => String::new(),
            };
            format!(
                "{which} ({err}){rest}.\nThe whole session is written to standard error as YAML; keep it with `2> session.yaml`.\n"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::drill::Drill;
    use crate::app::drill::test_options as options;
    use crate::app::fixtures::{follow_up, question, session};
    use crate::app::{Action, App};
    use crate::session::analysis::Analysis;
    use crate::ui::style::Palette;
    use crate::ui::verdict::verdict_line;
    use std::time::Duration;

    fn at(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    /// `s`'s summary with no command to draw again, at the default pace band.
    fn summarised(s: &Session, saved: &Saved, review: &Review<'_>, width: usize) -> String {
        summary(s, None, saved, &PaceBand::default(), review, width)
    }

    /// The drill's screen at `now`, where the verdict and what was heard show.
    fn screen(d: &Drill<'_>, now: f64, cols: usize, rows: usize) -> String {
        super::super::drill_view::frame(&Palette::plain(), d, None, at(now), cols).text(rows)
    }

    #[test]
    fn the_summary_counts_what_it_says_and_rounds_like_stats() {
        let qs = [question("a", 5, 10, 15)];
        let mut q2 = question("b", 5, 10, 15);
        // No target of its own: half the question's, at least 15 s.
        q2.follow_ups = vec![follow_up("Why?", 15)];
        let qs2 = [qs[0].clone(), q2];
        let mut d = Drill::new(
            qs2.iter().collect(),
            crate::app::drill::Options {
                think: Duration::ZERO,
                ..options()
            },
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        d.on_key(Action::Go, at(8.723));
        d.on_key(Action::Go, at(9.0));
        d.on_key(Action::Go, at(15.0));
        d.on_key(Action::Go, at(15.0));
        d.on_key(Action::Go, at(25.0));
        d.session.items[1].verdict = Verdict::Skipped;
        let saved = Saved {
            path: Some("rec/x/session.yaml".into()),
            ..Saved::default()
        };
        let text = summary(
            &d.session,
            Some("rehearse drill --seed 71807"),
            &saved,
            &Default::default(),
            &Review::default(),
            80,
        );
        assert!(
            text.contains("Session test: 2 answers, 1 of them follow-up, 1 skipped (ended early)"),
            "{text}"
        );
        assert!(
            text.contains("   0:09    0:10  on target"),
            "8.723 s rounds to 0:09:\n{text}"
        );
        assert!(text.contains("Saved: rec/x/session.yaml"));
        assert!(text.contains("The same questions again: rehearse drill --seed 71807"));
    }

    #[test]
    fn answers_asked_again_show_their_first_try_against_the_second() {
        let qs = [
            question("a", 5, 10, 15),
            question("b", 5, 10, 15),
            question("c", 5, 10, 15),
        ];
        let mut d = Drill::new(
            qs.iter().collect(),
            crate::app::drill::Options {
                think: Duration::ZERO,
                again: true,
                ..options()
            },
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        d.on_key(Action::Go, at(20.0));
        d.session.items[0].analysis = Some(heard());
        for (key, t) in [(2, 21.0), (4, 30.0), (3, 31.0), (4, 38.0)] {
            d.on_key(Action::Rate(key), at(t));
            d.on_key(Action::Go, at(t + 8.0));
        }
        // a is asked again (8 s this time, slower, rated 4), b and c
        // (rated 4, 3) are not; then the session ends.
        let mut slower = heard();
        slower.wpm = Some(150.0);
        d.session.items[0].analysis = Some(slower);
        d.on_key(Action::Rate(4), at(55.0));
        assert!(d.session.completed);
        let review = Review {
            again: d.asked_again.iter().map(|a| (a.item, a.before)).collect(),
            ..Review::default()
        };
        let text = summarised(&d.session, &Saved::default(), &review, 120);
        let block = &text[text.find("Asked again").expect(&text)..];
        let block = &block[..block.find("\n\n").unwrap()];
        assert_eq!(
            block,
            "Asked again, first try → second:\n  1. Question a? (target 0:10): 0:20 over → 0:08 on target, rated 2 → 4, 175 → 150 wpm, 0 → 0 fillers"
        );
        let none = summarised(&d.session, &Saved::default(), &Review::default(), 100);
        assert!(!none.contains("Asked again"), "{none}");
    }

    #[test]
    fn an_answer_stopped_at_max_reached_it_and_is_not_over_by_nothing() {
        let qs = [question("a", 5, 10, 15), question("b", 5, 10, 15)];
        let opts = crate::app::drill::Options {
            think: Duration::ZERO,
            hard_stop: true,
            ..options()
        };
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        d.on_tick(at(15.2));
        let s = screen(&d, 15.2, 60, 24);
        assert!(s.contains("Reached the max: 0:15 (max 0:15)."), "{s}");
        assert!(!s.contains("Over by"), "{s}");
        let mut over = d.session.items[0].clone();
        over.duration = Duration::from_secs(24);
        assert_eq!(verdict_line(&over).0, "Over by 0:09: 0:24 (max 0:15).");
        d.session.items.push(over);
        let text = summarised(&d.session, &Saved::default(), &Review::default(), 80);
        assert!(
            text.contains("  at max  ") && text.contains("over +0:09"),
            "{text}"
        );
        assert!(!text.contains("+0:00"), "{text}");
    }

    #[test]
    fn a_failed_save_never_says_saved() {
        use crate::session::store::Unsaved;
        let mut s = session(crate::session::Kind::Drill);
        for _ in 0..3 {
            s.items.push(serde_yaml::from_str("{id: q, text: Q?, category: c, target: 10, max: 15, start: 0, duration: 5, paused: 0, verdict: on-target}").unwrap());
        }
        let saved = Saved {
            path: Some("r/s/session.yaml".into()),
            unsaved: vec![Unsaved::Answer(3)],
            error: Some("No space left on device".into()),
        };
        let text = summarised(&s, &saved, &Review::default(), 80);
        assert!(!text.contains("Saved:"), "{text}");
        assert!(
            text.contains(
                "Answer 3 was not saved (No space left on device); the rest is in r/s/session.yaml."
            ),
            "{text}"
        );
        let none = Saved {
            unsaved: vec![Unsaved::Answer(1), Unsaved::Answer(2), Unsaved::Answer(3)],
            error: Some("read-only".into()),
            ..Saved::default()
        };
        assert!(summarised(&s, &none, &Review::default(), 80).contains(
            "No answer was saved (read-only).\nThe whole session is written to standard error"
        ));
    }

    #[test]
    fn the_verdict_and_summary_say_the_pace_and_fillers() {
        use crate::audio::analysis::{self, EnvelopeBuilder};
        use crate::config::PaceBand;
        use crate::session::analysis::Span;
        let mut a = analysis::analyze(
            &EnvelopeBuilder::new(100).finish(),
            &analysis::Options::default(),
        );
        a.first_word = Some(Duration::from_secs(1));
        a.wpm = Some(175.0);
        let filler = Span {
            start: Duration::from_secs(3),
            length: Duration::from_millis(400),
        };
        a.fillers = vec![filler, filler];
        a.fillers_per_minute = Some(4.0);
        let band = PaceBand::default();
        let line = heard_line(&a, None, &band);
        assert!(
            line.ends_with("· 175 wpm (estimate) too fast · 2 fillers (4.0/min, many)."),
            "{line}"
        );
        a.wpm = None;
        assert!(
            !heard_line(&a, None, &band).contains("wpm"),
            "a session from before pace was measured"
        );
    }

    fn transcript(text: &str) -> crate::session::transcript::Transcript {
        crate::session::transcript::Transcript::evenly(text)
    }

    /// 26 pieces, "Um" one of them: 25 words from 0.4 s to 10.3 s, 9.9 s
    /// of speaking by the words' own times (no gap of 1.5 s): 152 wpm.
    /// From 0 s to 10.3 s, the one filler is 5.8 a minute. Tics: "so"
    /// opening a sentence (after the filler) at 0.4 s and "you know" at
    /// 4.4 s; a hedge, "I think", at 5.2 s; for a STAR story, "in the end"
    /// (6.8 s) announces a result, and "saved" (8.4 s) and "20%" (8.8 s)
    /// fall in the last 40 % of the 25 words; I ×2, we ×3.
    const STORY: &str = "Um, so we had a conflict. I talked to them and, you know, \
                         I think we agreed. In the end we saved 20% of the cost.";

    /// An analysis of a recording with speech from 0.4 s, whose sound
    /// estimate is 175 words a minute and which heard no filled pause.
    fn heard() -> Analysis {
        use crate::audio::analysis::{self, EnvelopeBuilder};
        let mut a = analysis::analyze(
            &EnvelopeBuilder::new(100).finish(),
            &analysis::Options::default(),
        );
        a.first_word = Some(Duration::from_millis(400));
        a.speaking_ratio = 0.9;
        a.wpm = Some(175.0);
        a.fillers_per_minute = Some(0.0);
        a
    }

    #[test]
    fn after_a_transcribed_answer_the_words_give_the_pace_and_what_they_show() {
        let mut q = question("a", 5, 10, 15);
        q.points = vec!["the conflict".into(), "the budget".into()];
        let qs = [q];
        let mut d = Drill::new(
            qs.iter().collect(),
            crate::app::drill::Options {
                think: Duration::ZERO,
                ..options()
            },
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        d.on_key(Action::Go, at(11.0));
        d.session.items[0].analysis = Some(heard());
        // The screen's text with its lines joined.
        let shown = |d: &Drill<'_>| -> String {
            let s = screen(d, 11.5, 100, 24);
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        // Before the transcript comes: the sound's estimate, labelled.
        let s = shown(&d);
        assert!(
            s.contains("175 wpm (estimate) too fast · 0 fillers."),
            "{s}"
        );
        assert!(!s.contains("Words:"), "{s}");
        // The transcriber fills it in a moment later.
        d.session.items[0].transcript = Some(transcript(STORY));
        let s = shown(&d);
        assert!(
            s.contains("152 wpm (from words) · 1 filler: um (5.8/min, many)."),
            "{s}"
        );
        let words = "Words: 2 tics (sentence-opening so, you know) · 1 hedge (I think) · \
                     result stated (\"in the end\") · I ×2, we ×3 · points heard: 1 of 2.";
        assert!(s.contains(words), "{s}");
    }

    #[test]
    fn a_story_with_no_result_in_words_says_so_and_a_plain_answer_judges_none() {
        let said = transcript("We talked it through and I invited the product owner.");
        let mut item: Item = serde_yaml::from_str(
            "{id: q, text: Q?, category: Behavioural, target: 10, max: 15, start: 0, duration: 5, paused: 0, verdict: on-target}",
        )
        .unwrap();
        item.transcript = Some(said);
        let c = stats::coaching(&item, &[]).unwrap();
        assert_eq!(
            words_line(&c, true),
            "Words: no tics · no hedges · no result stated in words we recognised · I ×1, we ×1."
        );
        // Not a STAR story: no result and no I/we; a follow-up is never
        // one, and its question's points are not its own.
        let cases = [
            (
                "motivation",
                None,
                "Words: no tics · no hedges · points heard: 0 of 1.",
            ),
            ("behavioural", Some(1), "Words: no tics · no hedges."),
        ];
        for (category, follow_up, want) in cases {
            let mut other = item.clone();
            other.category = category.into();
            other.follow_up_of = follow_up;
            let c = stats::coaching(&other, &["a point".to_string()]).unwrap();
            assert_eq!(words_line(&c, true), want, "{category}");
        }
        // A question with parts is a STAR story whatever its category.
        let mut parted = item.clone();
        parted.category = "case".into();
        parted.parts = vec![crate::session::PartTime {
            name: "Situation".into(),
            planned: Duration::from_secs(5),
            actual: Duration::from_secs(5),
            start: None,
        }];
        let c = stats::coaching(&parted, &[]).unwrap();
        assert!(words_line(&c, false).contains("no result stated"), "{c:?}");
    }

    #[test]
    fn the_summary_gives_each_answer_two_lines_and_the_words_in_detail() {
        let mut s = session(crate::session::Kind::Drill);
        let item = |id: &str, category: &str| -> Item {
            serde_yaml::from_str(&format!(
                "{{id: {id}, text: {id}?, category: {category}, target: 10, max: 15, start: 0, duration: 11, paused: 0, verdict: on-target}}"
            ))
            .unwrap()
        };
        let mut story = item("story", "behavioural");
        story.analysis = Some(heard());
        story.transcript = Some(transcript(STORY));
        let mut plain = item("why", "motivation");
        plain.analysis = Some(heard());
        s.items = vec![story, plain];
        let points = ["the conflict".to_string(), "the budget".to_string()];
        let review = Review {
            points: [("story", &points[..])].into_iter().collect(),
            ..Review::default()
        };
        let text = summarised(&s, &Saved::default(), &review, 200);
        let lines: Vec<&str> = text.lines().collect();
        let at = |start: &str| {
            lines
                .iter()
                .position(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("{start}:\n{text}"))
        };
        let one = at("  1  story?");
        assert!(
            lines[one + 1].ends_with("· 152 wpm (from words) · 1 filler: um (5.8/min, many)."),
            "{text}"
        );
        assert_eq!(
            lines[one + 2],
            "     Words: 2 tics · 1 hedge · result stated · I ×2, we ×3 · points heard: 1 of 2."
        );
        // The untranscribed answer: its estimate, and no words line.
        let two = at("  2  why?");
        assert!(
            lines[two + 1].ends_with("· 175 wpm (estimate) too fast · 0 fillers."),
            "{text}"
        );
        assert!(lines[two + 2].starts_with("Pace: "), "{text}");
        // Median of 152 (words) and 175 (estimate); 1 filler over 10.3 s
        // of words and none over the other answer's (empty) speech.
        assert_eq!(
            lines[two + 2],
            "Pace: median 164 wpm (partly estimated) too fast · 1 filler (5.8/min, many)"
        );
        let detail = at("What the words show");
        assert_eq!(
            lines[detail + 1..detail + 9],
            [
                "  1  fillers: 0:00 um",
                "     tics: 0:00 \"so\" (opening a sentence), 0:04 \"you know\"",
                "     hedges: 0:05 \"I think\"",
                "     result stated: 0:06 \"in the end\" (an outcome phrase), 0:08 \"saved\" (a verb of change), 0:08 \"20%\" (a percentage)",
                "     I and we: I ×2, we ×3 (40 % I)",
                "     points heard: \"the conflict\"",
                "     points not heard: \"the budget\" (never said: budget)",
                "",
            ]
        );
        assert!(!text.contains("No transcripts"), "{text}");
    }

    #[test]
    fn a_forty_column_terminal_gets_a_summary_no_line_over_forty() {
        let mut s = session(crate::session::Kind::Drill);
        let mut it: Item = serde_yaml::from_str(
            "{id: q, text: Tell me about a time you disagreed with your manager?, category: c, target: 10, max: 15, start: 0, duration: 11, paused: 0, verdict: on-target, rating: 4}",
        )
        .unwrap();
        it.analysis = Some(heard());
        s.items = vec![it];
        let text = summarised(&s, &Saved::default(), &Review::default(), 40);
        for line in text.lines() {
            assert!(crate::text::width(line) <= 40, "{line:?}\n{text}");
        }
        // The question gives way and the verdict stays whole.
        assert!(
            text.contains("\n  1  Tell me abo…    0:11  on target\n"),
            "{text}"
        );
    }

    #[test]
    fn the_model_hint_shows_only_for_an_untranscribed_recording_when_asked() {
        let mut s = session(crate::session::Kind::Drill);
        let mut it: Item = serde_yaml::from_str(
            "{id: q, text: Q?, category: c, target: 10, max: 15, start: 0, duration: 5, paused: 0, verdict: on-target}",
        )
        .unwrap();
        s.items.push(it.clone());
        let hint = Review {
            model_hint: true,
            ..Review::default()
        };
        let text = |s: &Session, r: &Review| summarised(s, &Saved::default(), r, 400);
        let line = format!("No transcripts: {}.", crate::transcript::model::HOW_TO_ADD);
        // Not recorded: nothing a model could have transcribed.
        assert!(!could_have_had_a_transcript(&s));
        assert!(!text(&s, &hint).contains("No transcripts"));
        it.recording = Some(
            serde_yaml::from_str("{file: 01-q.wav, length: 5, rate: 48000, dropped: 0, xruns: 0}")
                .unwrap(),
        );
        s.items.push(it.clone());
        assert!(could_have_had_a_transcript(&s));
        assert!(
            text(&s, &hint).lines().any(|l| l == line),
            "{}",
            text(&s, &hint)
        );
        assert!(!text(&s, &Review::default()).contains("No transcripts"));
        // Every recording transcribed: nothing to add.
        s.items[1].transcript = Some(transcript("Fine."));
        assert!(!could_have_had_a_transcript(&s));
    }

    #[test]
    fn the_summary_points_out_a_salary_figure_that_differs_from_round_one() {
        let mut s = session(crate::session::Kind::Interview);
        let mut it: Item = serde_yaml::from_str(
            "{id: pay, text: What are your salary expectations?, category: practicalities, target: 10, max: 15, start: 0, duration: 11, paused: 0, verdict: on-target}",
        )
        .unwrap();
        it.transcript = Some(transcript("I would want around 62,000 for this role."));
        s.items = vec![it];
        let review = Review {
            round_one: crate::bank::profile::RoundOne {
                salary: Some("55000".into()),
                ..Default::default()
            },
            ..Review::default()
        };
        let text = summarised(&s, &Saved::default(), &review, 200);
        assert!(
            text.contains("Round one: you gave 55000 as your salary figure; here you said 62,000."),
            "{text}"
        );
        let same = summarised(&s, &Saved::default(), &Review::default(), 200);
        assert!(
            !same.contains("Round one"),
            "no profile, nothing to compare: {same}"
        );
    }
}
