//! What the drill looks like: the live screen for each stage, and the
//! summary printed when the session ends. Views only read state.

use super::bar;
use super::keys::{Action, footer};
use super::screen::{Frame, Need};
use super::style::{Palette, Tone};
use super::text::{clip, plural, push_wrapped, safe_path, wrap};
use crate::app::drill::{Drill, Stage};
use crate::app::panel::Interviewer;
use crate::audio::analysis::Analysis;
use crate::audio::capture::{MUTED_AFTER, Meter};
use crate::duration::{fmt_mss, fmt_secs_rounded};
use crate::session::store::Saved;
use crate::session::{Item, Session, Verdict};
use crate::timing::{Phase, Segment};

use std::time::Duration;

/// The screen for `drill` at `now` on a `width`-column terminal; `meter` when recording.
pub fn frame(
    p: &Palette,
    drill: &Drill<'_>,
    meter: Option<&Meter>,
    now: Duration,
    width: usize,
) -> Frame {
    let width = width.max(10);
    let mut f = Frame::default();
    let Some(cur) = &drill.current else {
        f.push("Starting…");
        return f;
    };
    let kind = if cur.follow_up.is_some() {
        "Follow-up · question"
    } else {
        "Question"
    };
    let heading = format!(
        "{kind} {} of {} · {}",
        cur.number,
        drill.total(),
        cur.question.category
    );
    f.clipped(p, Need::Useful, &heading, width, Tone::Dim);
    f.blank();
    if let Some(asker) = &cur.asker {
        asker_line(p, &mut f, asker, width);
    }
    if drill.text_shown() {
        f.wrapped(p, Need::Vital, cur.text(), width, Tone::Strong);
    } else {
        let why = "(Listen: the text appears when your answer ends.)";
        f.clipped(p, Need::Useful, why, width, Tone::Dim);
    }
    f.blank();
    match &drill.stage {
        Stage::Listen => {
            let then = "No clock runs until the question is read.";
            listening(p, &mut f, then, width);
        }
        Stage::Think { until } => {
            let left =
                Duration::from_secs(until.saturating_sub(now).as_millis().div_ceil(1000) as u64);
            f.push_as(
                Need::Vital,
                format!("{}  {}", p.paint("THINK", Tone::Strong), fmt_mss(left)),
            );
            let target = fmt_mss(cur.budget.target());
            let then = format!("Answer starts by itself; target {target}.");
            f.clipped(p, Need::Useful, &then, width, Tone::Plain);
        }
        Stage::Answer { segment, parts, .. } => {
            answer_lines(p, &mut f, segment, now, width);
            if let Some(run) = parts {
                let i = run.current_index();
                let part = run.current();
                let elapsed = run.section_elapsed(i, now).unwrap_or_default();
                let budget = part.budget().target();
                let tone = if elapsed > budget {
                    Tone::Bad
                } else {
                    Tone::Good
                };
                let text = format!(
                    "PART {} ({} of {})  {} / {}",
                    part.name(),
                    i + 1,
                    run.sections().len(),
                    fmt_mss(elapsed),
                    fmt_mss(budget)
                );
                f.clipped(p, Need::Useful, &text, width, tone);
            }
            if let Some(m) = meter {
                meter_lines(p, &mut f, m, width);
            }
        }
        Stage::Rate { item } => {
            if let Some(it) = drill.session.items.get(*item) {
                let (text, tone) = verdict_line(it);
                f.clipped(p, Need::Vital, &text, width, tone);
                if let Some(a) = &it.analysis {
                    let audio = audio_line(a, &drill.options().pace);
                    f.wrapped(p, Need::Useful, &audio, width, Tone::Plain);
                }
                f.blank();
                let how = "Rate this answer 1–5, or Space to go on without.";
                f.clipped(p, Need::Useful, how, width, Tone::Plain);
            }
        }
        Stage::Ready | Stage::Over => {}
    }
    let hints = cur.hints();
    if drill.show_hints && !matches!(drill.stage, Stage::Rate { .. }) {
        f.blank();
        if hints.is_empty() {
            f.push(p.paint("No hints for this question.", Tone::Dim));
        }
        for h in hints {
            for line in wrap(h, width - 1, "• ", "  ") {
                f.push(line);
            }
        }
    }
    if let Some(n) = &drill.notice {
        f.blank();
        f.wrapped(p, Need::Useful, n, width, Tone::Warn);
    }
    let paused = matches!(&drill.stage, Stage::Answer { segment, .. } if segment.is_paused());
    let pause = (Action::Pause, if paused { "resume" } else { "pause" });
    let keys = match &drill.stage {
        Stage::Listen | Stage::Think { .. } => {
            let mut keys = vec![(Action::Go, "answer now")];
            // The question can be heard again until the answer starts.
            if matches!(drill.stage, Stage::Listen) || drill.options().reading.speak {
                keys.push((Action::Restart, "hear it again"));
            }
            keys.extend([
                (Action::Hints, "hints"),
                (Action::Skip, "skip"),
                (Action::End, "end"),
            ]);
            footer(&keys)
        }
        Stage::Answer { parts, .. } => {
            let mut keys = vec![(Action::Go, "done")];
            if parts.as_ref().is_some_and(|r| !r.is_last_section()) {
                keys.push((Action::NextPart, "next part"));
            }
            keys.extend([
                pause,
                (Action::Hints, "hints"),
                (Action::Restart, "restart"),
                (Action::Skip, "skip"),
                (Action::End, "end"),
            ]);
            footer(&keys)
        }
        Stage::Rate { .. } => footer(&[
            (Action::Rate(0), "rate"),
            (Action::Go, "go on"),
            (Action::End, "end"),
        ]),
        Stage::Ready | Stage::Over => String::new(),
    };
    f.set_footer(p, &keys, width);
    f
}

/// Who asks: "Sam, team lead, asks:"; "Sam asks:" without a role.
pub fn asker_line(p: &Palette, f: &mut Frame, asker: &Interviewer, width: usize) {
    let comma = if asker.role.is_empty() { "" } else { "," };
    let who = format!("{}{comma} asks:", asker.label());
    f.clipped(p, Need::Vital, &who, width, Tone::Dim);
}

/// "Listening…" while the question is read aloud, and what comes `then`.
pub fn listening(p: &Palette, f: &mut Frame, then: &str, width: usize) {
    f.push_as(
        Need::Vital,
        p.paint(p.sym("Listening…", "Listening..."), Tone::Strong),
    );
    f.clipped(p, Need::Useful, then, width, Tone::Plain);
}

fn meter_lines(p: &Palette, f: &mut Frame, m: &Meter, width: usize) {
    let cells = width.saturating_sub(20).clamp(4, 30);
    // The meter spans −60 dBFS (empty) to 0 dBFS (full).
    let fill = f64::from((m.level_db + 60.0).clamp(0.0, 60.0)) / 60.0;
    let tone = if m.level_db > -3.0 {
        Tone::Bad
    } else {
        Tone::Good
    };
    let rec = p.paint(p.sym("● REC", "* REC"), Tone::Bad);
    f.push_as(
        Need::Bar,
        format!(
            "{rec} mic {} {:>4.0} dB",
            bar::bar(p, cells, fill, tone),
            m.level_db.max(-99.0)
        ),
    );
    if m.dropped > 0 || m.xruns > 0 || m.stalls > 0 {
        let text = format!(
            "! {} samples dropped, {} xrun{}, {} stall{} in this answer",
            m.dropped,
            m.xruns,
            plural(m.xruns as usize),
            m.stalls,
            plural(m.stalls as usize)
        );
        f.clipped(p, Need::Useful, &text, width, Tone::Warn);
    }
    if m.no_level >= MUTED_AFTER {
        let muted = "! Nothing at all from the microphone: muted?";
        f.clipped(p, Need::Useful, muted, width, Tone::Warn);
    }
}

fn answer_lines(p: &Palette, f: &mut Frame, seg: &Segment, now: Duration, width: usize) {
    let budget = *seg.budget();
    let elapsed = seg.elapsed(now);
    let phase = seg.phase(now);
    let tone = Tone::of(phase);
    let clock = format!("{} / {}", fmt_mss(elapsed), fmt_mss(budget.target()));
    let status = if seg.is_paused() {
        format!("{}  {clock}  (p resumes)", p.paint("PAUSED", Tone::Warn))
    } else {
        let label = match phase {
            Phase::TooShort => match budget.min() {
                Some(min) => format!("too short (min {})", fmt_mss(min)),
                None => "too short".into(),
            },
            Phase::OnTarget => "on target".into(),
            Phase::WrapUp => "wrap up".into(),
            Phase::Over => format!("over time +{}", fmt_mss(seg.over_max_by(now))),
        };
        format!(
            "{}  {}",
            p.paint("ANSWER", Tone::Strong),
            p.paint(
                &clip(&format!("{clock}  {label}"), width.saturating_sub(8)),
                tone
            )
        )
    };
    f.push_as(Need::Vital, status);
    let (line, marks) = bar::scale(p, (width - 1).min(70), elapsed, &budget, tone);
    f.push_as(Need::Bar, line);
    f.push_as(Need::Bar, marks);
}

/// The verdict sentence for a finished answer, and its tone.
pub fn verdict_line(it: &Item) -> (String, Tone) {
    let t = |s: f64| fmt_secs_rounded(s);
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
        Verdict::Over => (
            format!(
                "Over by {}: {} (max {}).",
                t((it.duration - it.max).max(0.0)),
                t(it.duration),
                t(it.max)
            ),
            Tone::Bad,
        ),
        Verdict::Skipped => ("Skipped.".into(), Tone::Dim),
    }
}

/// What a recorded answer's audio shows, in one sentence.
pub fn audio_line(a: &Analysis, band: &crate::audio::analysis::PaceBand) -> String {
    let Some(first) = a.first_word else {
        return "The recording holds no speech.".into();
    };
    let pace = crate::ui::pace::pace_line(a, band).map_or_else(String::new, |p| format!(" · {p}"));
    let pauses = match (a.pauses.len(), a.pauses.iter().map(|p| p.length).max()) {
        (0, _) | (_, None) => format!("no pauses over {:.1} s", a.pause_threshold.as_secs_f64()),
        (n, Some(longest)) => format!(
            "{n} pause{} over {:.1} s (longest {:.1} s)",
            plural(n),
            a.pause_threshold.as_secs_f64(),
            longest.as_secs_f64()
        ),
    };
    format!(
        "First word after {:.1} s · speaking {:.0} % · {pauses}{pace}.",
        first.as_secs_f64(),
        a.speaking_ratio * 100.0
    )
}

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

/// The end-of-session table, where it was saved (or what was not), and how
/// to draw the same questions again; plain `\n` text.
pub fn summary(
    session: &Session,
    again: Option<&str>,
    saved: &Saved,
    band: &crate::audio::analysis::PaceBand,
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
    if !session.items.is_empty() {
        // Fixed columns: #, time, target, verdict, rating; the question takes the rest.
        let fixed = 3 + 2 + 2 + 6 + 2 + 6 + 2 + 10 + 2 + 6;
        let qw = width.saturating_sub(fixed + 1).clamp(16, 60);
        out.push_str(&format!(
            "{:>3}  {}  {:>6}  {:>6}  {:<10}  rating\n",
            "#",
            super::text::cell("question", qw),
            "time",
            "target",
            "verdict"
        ));
        for (i, it) in session.items.iter().enumerate() {
            let arrow = it.follow_up_of.map_or("", |_| "↳ ");
            let verdict = match it.verdict {
                Verdict::Over => format!(
                    "over +{}",
                    fmt_secs_rounded((it.duration - it.max).max(0.0))
                ),
                v => v.label().to_string(),
            };
            out.push_str(&format!(
                "{:>3}  {}  {:>6}  {:>6}  {:<10}  {}\n",
                i + 1,
                super::text::cell(&format!("{arrow}{}", it.text), qw),
                fmt_secs_rounded(it.duration),
                fmt_secs_rounded(it.target),
                verdict,
                it.rating.map_or("–".to_string(), |r| r.to_string())
            ));
            let wide = width.saturating_sub(1).max(20);
            if !it.parts.is_empty() {
                let parts: Vec<String> = it
                    .parts
                    .iter()
                    .map(|p| {
                        format!(
                            "{} {}/{}",
                            p.name,
                            fmt_secs_rounded(p.actual),
                            fmt_secs_rounded(p.planned)
                        )
                    })
                    .collect();
                push_wrapped(&mut out, &parts.join(" · "), wide, "     ", "     ");
            }
            if let Some(a) = &it.analysis {
                push_wrapped(&mut out, &audio_line(a, band), wide, "     ", "     ");
            }
        }
        let analyses = session.items.iter().filter_map(|i| i.analysis.as_ref());
        if let Some(pace) = crate::ui::pace::summary_line(analyses, band) {
            out.push_str(&format!("Pace: {pace}\n"));
        }
        out.push('\n');
    }
    out.push_str(&saved_lines(saved, session.items.len()));
    if let Some(again) = again {
        out.push_str(&format!(
            "The same questions again: {}\n",
            crate::text::safe(again)
        ));
    }
    out
}

/// "Saved: …", or exactly what was not saved and why.
pub fn saved_lines(saved: &Saved, items: usize) -> String {
    match (&saved.path, &saved.error) {
        (Some(path), None) => format!("Saved: {}\n", safe_path(path)),
        (None, None) if items == 0 => "Nothing to save: no answers were given.\n".to_string(),
        (None, None) => String::new(),
        (path, Some(err)) => {
            let which = if saved.missing.len() == items {
                "No answer was saved".to_string()
            } else {
                let list: Vec<String> = saved.missing.iter().map(usize::to_string).collect();
                let (noun, verb) = if list.len() == 1 {
                    ("Answer", "was")
                } else {
                    ("Answers", "were")
                };
                format!("{noun} {} {verb} not saved", list.join(", "))
            };
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
    use crate::app::fixtures::{follow_up, options, question, session};
    use crate::app::{Action, App};

    fn at(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    fn screen(d: &Drill<'_>, now: f64, cols: usize, rows: usize) -> String {
        frame(&Palette::plain(), d, None, at(now), cols).text(rows)
    }

    #[test]
    fn each_stage_shows_its_clock_and_its_keys() {
        let mut q = question("a", 5, 10, 15);
        q.follow_ups = vec![follow_up("And then?", 20)];
        let qs = [q];
        let mut d = Drill::new(
            qs.iter().collect(),
            options(),
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        let s = screen(&d, 0.5, 60, 24);
        assert!(
            s.contains("Question 1 of 1 · behavioural") && s.contains("Question a?"),
            "{s}"
        );
        assert!(
            s.contains("THINK  0:03") && s.contains("Space answer now · h hints · s skip · q end"),
            "{s}"
        );
        d.on_key(Action::Go, at(1.0));
        let s = screen(&d, 3.0, 60, 24);
        assert!(
            s.contains("ANSWER  0:02 / 0:10  too short (min 0:05)"),
            "{s}"
        );
        assert!(
            s.contains("▲ min 0:05") && s.contains("▲ target 0:10") && s.contains("max 0:15"),
            "{s}"
        );
        assert!(s.contains("Space done · p pause"), "{s}");
        d.on_key(Action::Pause, at(3.0));
        let s = screen(&d, 4.0, 60, 24);
        assert!(s.contains("PAUSED") && s.contains("p resume"), "{s}");
        d.on_key(Action::Hints, at(4.0));
        assert!(screen(&d, 4.0, 60, 24).contains("• Situation: where"));
        d.on_key(Action::Pause, at(4.0));
        d.on_key(Action::Go, at(10.0));
        let s = screen(&d, 10.0, 60, 24);
        assert!(
            s.contains("On target: 0:08 (target 0:10).")
                && s.contains("1–5 rate · Space go on · q end"),
            "{s}"
        );
        d.on_key(Action::Go, at(11.0));
        d.on_key(Action::Hints, at(11.0));
        let s = screen(&d, 11.0, 60, 24);
        assert!(
            s.contains("Follow-up · question 1 of 1") && s.contains("And then?"),
            "{s}"
        );
        assert!(
            s.contains("• Own hint for And then?") && !s.contains("Situation: where"),
            "a follow-up shows its own hints, not the parent's STAR hints:\n{s}"
        );
    }

    #[test]
    fn a_panel_member_is_named_and_listen_only_hides_the_text() {
        let qs = [question("a", 5, 10, 15)];
        let mut opts = options();
        opts.reading = crate::app::panel::Reading {
            speak: true,
            listen_only: true,
            voice: Default::default(),
            panel: Some(crate::app::panel::Panel::default()),
        };
        let mut d = Drill::new(
            qs.iter().collect(),
            opts,
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        let s = screen(&d, 0.5, 60, 24);
        assert!(s.contains("Sam, team lead, asks:"), "{s}");
        assert!(
            s.contains("Listening…") && !s.contains("Question a?"),
            "{s}"
        );
        assert!(
            s.contains("Space answer now · r hear it again · h hints"),
            "{s}"
        );
        d.reading_started();
        d.spoken(at(1.0));
        let s = screen(&d, 1.5, 60, 24);
        assert!(s.contains("THINK") && s.contains("r hear it again"), "{s}");
        assert!(s.contains("(Listen: the text appears when your answer ends.)"));
        d.on_key(Action::Go, at(2.0));
        d.on_key(Action::Go, at(9.0));
        let s = screen(&d, 9.0, 60, 24);
        assert!(s.contains("Question a?") && s.contains("On target"), "{s}");
    }

    #[test]
    fn the_question_shows_on_a_twenty_by_five_terminal() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = Drill::new(
            qs.iter().collect(),
            options(),
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        d.on_key(Action::Go, at(0.0));
        let s = screen(&d, 1.0, 20, 5);
        assert!(s.contains("Question a?"), "{s}");
        assert!(
            s.lines().count() <= 5 && s.lines().all(|l| super::super::text::width(l) <= 20),
            "{s}"
        );
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
    fn a_failed_save_never_says_saved() {
        let mut s = session(crate::session::Kind::Drill);
        for _ in 0..3 {
            s.items.push(serde_yaml::from_str("{id: q, text: Q?, category: c, target: 10, max: 15, start: 0, duration: 5, paused: 0, verdict: on-target}").unwrap());
        }
        let saved = Saved {
            path: Some("r/s/session.yaml".into()),
            missing: vec![3],
            error: Some("No space left on device".into()),
        };
        let text = summary(&s, None, &saved, &Default::default(), 80);
        assert!(!text.contains("Saved:"), "{text}");
        assert!(
            text.contains(
                "Answer 3 was not saved (No space left on device); the rest is in r/s/session.yaml."
            ),
            "{text}"
        );
        let none = Saved {
            missing: vec![1, 2, 3],
            error: Some("read-only".into()),
            ..Saved::default()
        };
        assert!(summary(&s, None, &none, &Default::default(), 80).contains(
            "No answer was saved (read-only).\nThe whole session is written to standard error"
        ));
    }

    #[test]
    fn the_verdict_and_summary_say_the_pace_and_fillers() {
        use crate::audio::analysis::{self, EnvelopeBuilder, PaceBand, Span};
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
        let line = audio_line(&a, &band);
        assert!(
            line.ends_with("· 175 wpm too fast · 2 fillers (4.0/min, many)."),
            "{line}"
        );
        a.wpm = None;
        assert!(
            !audio_line(&a, &band).contains("wpm"),
            "a session from before pace was measured"
        );
    }
}
