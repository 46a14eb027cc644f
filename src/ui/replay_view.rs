//! What `replay` looks like: the recording's question and verdict, a
//! progress bar, and the activity strip of speech and pauses.

use super::bar;
use super::drill_view::{asker_line, audio_line, listening, verdict_line};
use super::keys::{Action, footer};
use super::screen::{Frame, Need};
use super::style::{Palette, Tone};
use super::text::clip;
use crate::app::replay::{Judged, Replay};
use crate::audio::analysis::{PAUSE_CELL, SILENCE_CELL, SPEECH_CELL, activity_strip};
use crate::duration::{fmt_mss, fmt_secs_rounded};

/// The verdict line of a recording, and its tone.
fn verdict(judged: &Judged) -> (String, Tone) {
    match judged {
        Judged::Answer(item) => {
            let (text, tone) = verdict_line(item);
            let rating = item
                .rating
                .map_or(" Not rated.".to_string(), |r| format!(" Rated {r}/5."));
            (format!("{text}{rating}"), tone)
        }
        Judged::Talk { total, planned } => (
            format!(
                "{} against a plan of {}.",
                fmt_secs_rounded(total.as_secs_f64()),
                fmt_secs_rounded(planned.as_secs_f64())
            ),
            if total <= planned {
                Tone::Good
            } else {
                Tone::Bad
            },
        ),
    }
}

/// The progress bar's width on a `width`-column terminal.
fn bar_width(width: usize) -> usize {
    (width.max(10) - 2).min(70)
}

/// How far through the recording playback is, 0 to 1.
fn fill(app: &Replay) -> f64 {
    if app.length.is_zero() {
        0.0
    } else {
        app.position.as_secs_f64() / app.length.as_secs_f64()
    }
}

/// Everything [`frame`] shows that can change while a session replays:
/// when two looks give equal `Shown`s, the frames are equal, so the screen
/// need not be built again (it would be five times a second, mostly for
/// nothing). The rest (question, verdict, analysis, keys) is fixed for a
/// recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    width: usize,
    current: usize,
    section: Option<String>,
    notice: Option<String>,
    listening: bool,
    paused: bool,
    /// Whole seconds played and long, as the clock line shows them.
    seconds: (u64, u64),
    /// Bar cells filled (rounded) and the marker's cell (truncated).
    cells: (usize, usize),
}

impl Shown {
    /// What the screen for `app` on a `width`-column terminal shows that can change.
    pub fn of(app: &Replay, width: usize) -> Shown {
        let (bar_w, fill) = (bar_width(width) as f64, fill(app).clamp(0.0, 1.0));
        Shown {
            width,
            current: app.current,
            section: app.section().map(str::to_string),
            notice: app.notice.clone(),
            listening: app.listening.is_some(),
            paused: app.paused,
            seconds: (app.position.as_secs(), app.length.as_secs()),
            cells: ((fill * bar_w).round() as usize, (fill * bar_w) as usize),
        }
    }
}

/// The replay screen on a `width`-column terminal.
pub fn frame(p: &Palette, app: &Replay, width: usize) -> Frame {
    let width = width.max(10);
    let mut f = Frame::default();
    let a = app.recording();
    let what = if a.sections.is_empty() {
        format!("answer {} of {} · {}", a.number, app.items, a.category)
    } else {
        "presentation".to_string()
    };
    let heading = format!("Replay · session {} · {what}", app.session);
    f.clipped(p, Need::Useful, &heading, width, Tone::Dim);
    f.blank();
    if let Some(asker) = &a.asker {
        asker_line(p, &mut f, asker, width);
    }
    let arrow = if matches!(&a.judged, Judged::Answer(i) if i.follow_up_of.is_some()) {
        p.sym("↳ ", "> ")
    } else {
        ""
    };
    let heading = format!("{arrow}{}", a.heading);
    f.wrapped(p, Need::Text, &heading, width, Tone::Strong);
    if let Some(name) = app.section() {
        let section = format!("Section: {name}");
        f.clipped(p, Need::Vital, &section, width, Tone::Plain);
    }
    f.blank();
    let (text, tone) = verdict(&a.judged);
    f.wrapped(p, Need::Useful, &text, width, tone);
    if let Some(an) = &a.analysis {
        let audio = audio_line(an, &app.pace);
        f.wrapped(p, Need::Useful, &audio, width, Tone::Plain);
    }
    if let Some(n) = &app.notice {
        f.clipped(p, Need::Useful, n, width, Tone::Warn);
    }
    f.blank();
    if app.listening.is_some() {
        let then = "The answer plays when the question has been read.";
        listening(p, &mut f, then, width);
        let keys = footer(&[
            (Action::Go, "to the answer"),
            (Action::Restart, "hear it again"),
            (Action::Next, "next answer"),
            (Action::End, "quit"),
        ]);
        f.footer = vec![p.paint(&clip(&keys, width), Tone::Dim)];
        return f;
    }
    let (pos, len) = (app.position, app.length);
    let state = if app.paused {
        "PAUSED"
    } else {
        p.sym("▶", ">")
    };
    f.push_as(
        Need::Vital,
        format!("{state} {} / {}", fmt_mss(pos), fmt_mss(len)),
    );
    let bar_w = bar_width(width);
    let fill = fill(app);
    f.push_as(Need::Bar, bar::bar(p, bar_w, fill, Tone::Good));
    if let Some(an) = &a.analysis {
        let strip = crate::ui::pace::mark_fillers(&activity_strip(an, len, bar_w), an, len);
        f.push_as(
            Need::Bar,
            if p.unicode() {
                strip
            } else {
                strip
                    .replace(SPEECH_CELL, "#")
                    .replace(SILENCE_CELL, ".")
                    .replace(PAUSE_CELL, "_")
            },
        );
        let at = ((fill * bar_w as f64) as usize).min(bar_w.saturating_sub(1));
        f.push_as(Need::Bar, " ".repeat(at) + p.sym("▲", "^"));
        let legend = if p.unicode() {
            format!(
                "{SPEECH_CELL} speech  {SILENCE_CELL} silence  {PAUSE_CELL} pause  {} filler",
                crate::ui::pace::FILLER_CELL
            )
        } else {
            "# speech  . silence  _ pause  u filler".to_string()
        };
        f.push_as(Need::Bar, p.paint(&legend, Tone::Dim));
    }
    let unit = if a.sections.is_empty() {
        "answer"
    } else {
        "section"
    };
    let pause = if app.paused { "resume" } else { "pause" };
    let keys = footer(&[
        (Action::Pause, pause),
        (Action::Back, "5 s back"),
        (Action::Forward, "5 s on"),
        (Action::Next, &format!("next {unit}")),
        (Action::Previous, &format!("previous {unit}")),
        (Action::NextPause, "next pause"),
        (Action::PreviousPause, "previous pause"),
        (Action::End, "quit"),
    ]);
    f.set_footer(p, &keys, width);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::replay::Recording;
    use std::time::Duration;

    /// Answer `number`, a 1:10 answer on motivation against a plan of 1:00.
    fn motivation(number: usize) -> Recording {
        Recording {
            number,
            heading: "Why this role?".into(),
            category: "motivation".into(),
            judged: Judged::Talk {
                total: Duration::from_secs(70),
                planned: Duration::from_secs(60),
            },
            file: "x.wav".into(),
            asker: None,
            analysis: None,
            sections: vec![],
        }
    }

    #[test]
    fn a_long_question_is_cut_so_the_progress_and_keys_show() {
        let mut rec = motivation(2);
        rec.heading = "Why this role, and why now, given all you said before? ".repeat(32);
        let mut app = Replay::new("s1".into(), 3, vec![rec], 0, Duration::ZERO);
        app.sync(Duration::from_secs(12), Duration::from_secs(70), false);
        for (cols, rows) in [(80, 24), (20, 5)] {
            let s = frame(&Palette::plain(), &app, cols).text(rows);
            assert!(s.lines().count() <= rows, "{s}");
            assert!(
                s.contains("Why this role") && s.contains('…'),
                "{cols}x{rows}:\n{s}"
            );
            assert!(s.contains("0:12 / 1:10"), "{cols}x{rows}:\n{s}");
        }
        let s = frame(&Palette::plain(), &app, 80).text(24);
        assert!(s.ends_with("q quit"), "{s}");
    }

    #[test]
    fn the_screen_shows_the_recording_and_its_keys() {
        let rec = motivation(2);
        let mut app = Replay::new("s1".into(), 3, vec![rec], 0, Duration::ZERO);
        app.sync(Duration::from_secs(12), Duration::from_secs(70), false);
        let s = frame(&Palette::plain(), &app, 60).text(24);
        assert!(
            s.contains("Replay · session s1 · answer 2 of 3 · motivation"),
            "{s}"
        );
        assert!(
            s.contains("1:10 against a plan of 1:00.") && s.contains("▶ 0:12 / 1:10"),
            "{s}"
        );
        assert!(
            s.contains("p pause · ← 5 s back · → 5 s on · n next answer"),
            "{s}"
        );
        app.paused = true;
        let s = frame(&Palette::ascii(), &app, 60).text(24);
        assert!(
            s.contains("PAUSED 0:12 / 1:10") && s.contains("p resume") && s.contains("##"),
            "{s}"
        );
    }

    #[test]
    fn the_screen_changes_only_when_what_it_shows_that_can_change_does() {
        let rec = motivation(1);
        let mut app = Replay::new("s1".into(), 1, vec![rec], 0, Duration::ZERO);
        let p = Palette::plain();
        let len = Duration::from_secs(70);
        let mut last: [Option<(Shown, Frame)>; 2] = [None, None];
        // Every 50 ms through the first 20 s, paused for a while in the middle.
        for tick in 0..400u64 {
            app.paused = (150..200).contains(&tick);
            app.sync(Duration::from_millis(tick * 50), len, false);
            for (i, width) in [30, 80].into_iter().enumerate() {
                let now = (Shown::of(&app, width), frame(&p, &app, width));
                if let Some((shown, f)) = &last[i] {
                    if *shown == now.0 {
                        assert_eq!(*f, now.1, "tick {tick}: same Shown, different frames");
                    }
                }
                last[i] = Some(now);
            }
        }
        let mut at = |ms| {
            app.sync(Duration::from_millis(ms), len, false);
            Shown::of(&app, 80)
        };
        assert_eq!(at(12_100), at(12_150));
        assert_ne!(at(12_900), at(13_000), "a new second");
    }

    #[test]
    fn while_the_question_is_read_the_screen_says_who_asks() {
        let rec = Recording {
            number: 1,
            heading: "Why this role?".into(),
            category: "motivation".into(),
            judged: Judged::Talk {
                total: Duration::from_secs(70),
                planned: Duration::from_secs(60),
            },
            file: "x.wav".into(),
            asker: Some(
                crate::app::panel::Panel::default()
                    .asker("motivation")
                    .clone(),
            ),
            analysis: None,
            sections: vec![],
        };
        let mut app = Replay::new("s1".into(), 1, vec![rec], 0, Duration::ZERO);
        crate::app::App::on_tick(&mut app, Duration::ZERO);
        let s = frame(&Palette::plain(), &app, 60).text(24);
        assert!(
            s.contains("Alex, HR, asks:") && s.contains("Why this role?"),
            "{s}"
        );
        assert!(
            s.contains("Listening…") && s.contains("Space to the answer · r hear it again"),
            "{s}"
        );
    }
}
