//! What the drill looks like: the live screen for each stage (the verdict
//! and the summary printed when the session ends are in
//! [`super::summary_view`]). Views only read state.

use super::bar;
use super::keys::{Action, NOTE_KEYS, footer, prompt_footer};
use super::screen::{Frame, Need};
use super::style::{Palette, Tone};
use super::text::{clip, plural, wrap};
use super::verdict::{heard_line, verdict_line, words_line};
use crate::app::drill::{Drill, Stage};
use crate::app::panel::Interviewer;
use crate::audio::capture::{MUTED_AFTER, Meter};
use crate::duration::fmt_mss;
use crate::session::stats;
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
    let mut f = Frame::new(p);
    let Some(cur) = &drill.current else {
        f.push("Starting…");
        return f;
    };
    let kind = if cur.follow_up.is_some() {
        "Follow-up · question"
    } else {
        "Question"
    };
    let mut heading = format!(
        "{kind} {} of {} · {}",
        cur.number,
        drill.total(),
        cur.question.category
    );
    let take = match drill.stage {
        Stage::Rate { item } => drill.session.items.get(item).map_or(1, |it| it.take),
        _ => drill.take_of().take,
    };
    if take > 1 {
        heading.push_str(&format!(" · take {take}"));
    }
    f.clipped(p, Need::Useful, &heading, width, Tone::Dim);
    if let Some(why) = drill.again_why() {
        let line = format!("Asked again: {why}");
        f.clipped(p, Need::Vital, &line, width, Tone::Warn);
    }
    f.blank();
    if let Some(asker) = &cur.asker {
        asker_line(p, &mut f, asker, width);
    }
    if drill.text_shown() {
        f.wrapped(p, Need::Text, cur.text(), width, Tone::Strong);
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
                vec![
                    p.paint("THINK", Tone::Strong),
                    format!("  {}", fmt_mss(left)).into(),
                ],
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
                let words = stats::coaching(it, &cur.question.points);
                if let Some(a) = &it.analysis {
                    let audio = heard_line(a, words.as_ref(), &drill.options().pace);
                    f.wrapped(p, Need::Useful, &audio, width, Tone::Plain);
                }
                if let Some(c) = &words {
                    f.wrapped(p, Need::Useful, &words_line(c, true), width, Tone::Plain);
                }
                if let Some(note) = drill.note.as_ref().or(it.note.as_ref()) {
                    let cursor = if drill.note.is_some() { "_" } else { "" };
                    let line = format!("Note: {}{cursor}", crate::text::safe(note));
                    f.wrapped(p, Need::Vital, &line, width, Tone::Strong);
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
                (Action::Restart, "retake"),
                (Action::Skip, "skip"),
                (Action::End, "end"),
            ]);
            footer(&keys)
        }
        Stage::Rate { .. } if drill.note.is_some() => prompt_footer(&NOTE_KEYS),
        Stage::Rate { .. } => footer(&[
            (Action::Rate(0), "rate"),
            (Action::Go, "go on"),
            (Action::Note, "note"),
            (Action::Restart, "retake"),
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
    let mut line = vec![rec, " mic ".into()];
    line.extend(bar::bar(p, cells, fill, tone));
    line.push(format!(" {:>4.0} dB", m.level_db.max(-99.0)).into());
    f.push_as(Need::Bar, line);
    if m.dropped > 0 || m.xruns > 0 || m.stalls > 0 {
        let text = format!(
            "! {} sample{} dropped, {} xrun{}, {} stall{} in this answer",
            m.dropped,
            plural(m.dropped as usize),
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
        vec![
            p.paint("PAUSED", Tone::Warn),
            format!("  {clock}  (p resumes)").into(),
        ]
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
        vec![
            p.paint("ANSWER", Tone::Strong),
            "  ".into(),
            p.paint(
                &clip(&format!("{clock}  {label}"), width.saturating_sub(8)),
                tone,
            ),
        ]
    };
    f.push_as(Need::Vital, status);
    let (line, marks) = bar::scale(p, (width - 1).min(70), elapsed, &budget, tone);
    f.push_as(Need::Bar, line);
    f.push_as(Need::Bar, marks);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::drill::test_options as options;
    use crate::app::fixtures::{follow_up, question, session};
    use crate::app::{Action, App};

    fn at(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    fn screen(d: &Drill<'_>, now: f64, cols: usize, rows: usize) -> String {
        frame(&Palette::plain(), d, None, at(now), cols).text(rows)
    }

    #[test]
    fn a_new_take_is_named_and_an_answer_asked_again_says_why() {
        let qs = [question("a", 5, 10, 15)];
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
        assert!(!screen(&d, 1.0, 60, 24).contains("· take"));
        d.on_key(Action::Restart, at(2.0));
        let s = screen(&d, 3.0, 60, 24);
        assert!(s.contains("Question 1 of 1 · behavioural · take 2"), "{s}");
        assert!(s.contains("ANSWER  0:01"), "{s}");
        assert!(s.contains("the earlier take is kept"), "{s}");
        d.on_key(Action::Go, at(9.0));
        assert!(screen(&d, 9.0, 60, 24).contains("· take 2"));
        d.on_key(Action::Rate(2), at(10.0));
        let s = screen(&d, 10.0, 60, 24);
        assert!(s.contains("Asked again: rated 2"), "{s}");
        assert!(s.contains("· take 3"), "{s}");
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
                && s.contains("1–5 rate · Space go on · w note · r retake · q end"),
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
    fn a_long_question_is_cut_so_the_clock_bar_and_keys_always_show() {
        let mut q = question("a", 5, 10, 15);
        q.text = "Tell us about the time your team changed course late. ".repeat(32);
        assert!(q.text.len() >= 1_600);
        let qs = [q];
        let mut d = Drill::new(
            qs.iter().collect(),
            options(),
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        d.on_key(Action::Go, at(0.0));
        for (cols, rows) in [(80, 24), (20, 5)] {
            let s = screen(&d, 3.0, cols, rows);
            let lines: Vec<&str> = s.lines().collect();
            assert!(lines.len() <= rows, "{cols}x{rows}:\n{s}");
            assert!(
                lines.iter().all(|l| super::super::text::width(l) <= cols),
                "{s}"
            );
            assert!(s.contains("Tell us about"), "{cols}x{rows}:\n{s}");
            assert!(s.contains('…'), "the cut is marked: {cols}x{rows}:\n{s}");
            assert!(s.contains("ANSWER  0:03"), "{cols}x{rows}:\n{s}");
        }
        let s = screen(&d, 3.0, 80, 24);
        assert!(s.contains("▲ target 0:10") && s.contains("max 0:15"), "{s}");
        assert!(
            s.ends_with("Space done · p pause · h hints · r retake · s skip · q end"),
            "{s}"
        );
        // Hints shown too: they make room, the question keeps three lines.
        d.on_key(Action::Hints, at(3.0));
        let s = screen(&d, 3.0, 80, 24);
        assert!(s.contains("ANSWER  0:03") && s.ends_with("q end"), "{s}");
        assert!(
            s.lines().filter(|l| l.contains("Tell us")).count() >= 3,
            "{s}"
        );
    }

    /// A drill on one question whose text runs over many lines.
    fn long_drill(qs: &[crate::bank::Question]) -> Drill<'_> {
        let mut d = Drill::new(
            qs.iter().collect(),
            options(),
            session(crate::session::Kind::Drill),
            1,
        );
        d.on_tick(at(0.0));
        d
    }

    fn long_question() -> crate::bank::Question {
        let mut q = question("a", 5, 10, 15);
        q.text = "Tell us about the time your team changed course late. ".repeat(12);
        q
    }

    fn meter() -> Meter {
        Meter {
            level_db: -18.0,
            take_peak_db: -6.0,
            dropped: 0,
            xruns: 0,
            stalls: 0,
            no_level: Duration::ZERO,
            failure: None,
        }
    }

    /// Each snapshot shows the screen at 20×5, 80×24, 120×40 and in ASCII;
    /// at 20×5 the clock must be there, the question cut with a marker.
    fn snapshot(name: &str, d: &Drill<'_>, meter: Option<&Meter>, now: f64, clock: &str) {
        let shown = super::super::screen::at_sizes(|p, w| frame(p, d, meter, at(now), w));
        let small = shown.split("80x24:").next().unwrap_or_default();
        assert!(small.contains(clock), "the clock at 20x5:\n{small}");
        insta::assert_snapshot!(name, shown);
    }

    #[test]
    fn screens_while_thinking() {
        let qs = [long_question()];
        let d = long_drill(&qs);
        snapshot("drill_think", &d, None, 0.5, "THINK  0:03");
    }

    #[test]
    fn screens_while_answering_with_the_bar_and_the_meter() {
        let qs = [long_question()];
        let mut d = long_drill(&qs);
        d.on_key(Action::Go, at(1.0));
        snapshot("drill_answer", &d, Some(&meter()), 8.0, "ANSWER  0:07");
    }

    #[test]
    fn screens_when_over_time() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = long_drill(&qs);
        d.on_key(Action::Go, at(1.0));
        snapshot("drill_over", &d, None, 20.0, "ANSWER  0:19");
    }

    #[test]
    fn screens_with_the_verdict_of_an_answer() {
        let qs = [question("a", 5, 10, 15)];
        let mut d = long_drill(&qs);
        d.on_key(Action::Go, at(1.0));
        d.on_key(Action::Go, at(9.0));
        snapshot("drill_verdict", &d, None, 9.5, "On target: 0:08");
    }
}
