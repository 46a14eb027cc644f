//! What `replay` looks like: the recording's question and verdict, a
//! progress bar, and the activity strip of speech and pauses.

use super::bar;
use super::drill_view::{audio_line, verdict_line};
use super::keys::{Action, footer};
use super::screen::{Frame, Need};
use super::style::{Palette, Tone};
use super::text::{clip, wrap};
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
    f.push(p.paint(
        &clip(&format!("Replay · session {} · {what}", app.session), width),
        Tone::Dim,
    ));
    f.blank();
    if let Some(asker) = &a.asker {
        let comma = if asker.role.is_empty() { "" } else { "," };
        let who = format!("{}{comma} asks:", asker.label());
        f.push_as(Need::Vital, p.paint(&clip(&who, width), Tone::Dim));
    }
    let arrow = if matches!(&a.judged, Judged::Answer(i) if i.follow_up_of.is_some()) {
        p.sym("↳ ", "> ")
    } else {
        ""
    };
    for line in wrap(&format!("{arrow}{}", a.heading), width - 1, "", "") {
        f.push_as(Need::Vital, p.paint(&line, Tone::Strong));
    }
    if let Some(name) = app.section() {
        f.push_as(Need::Vital, clip(&format!("Section: {name}"), width));
    }
    f.blank();
    let (text, tone) = verdict(&a.judged);
    for line in wrap(&text, width - 1, "", "") {
        f.push(p.paint(&line, tone));
    }
    if let Some(an) = &a.analysis {
        for line in wrap(&audio_line(an, &app.pace), width - 1, "", "") {
            f.push(line);
        }
    }
    if let Some(n) = &app.notice {
        f.push(p.paint(&clip(n, width), Tone::Warn));
    }
    f.blank();
    if app.listening.is_some() {
        f.push_as(
            Need::Vital,
            p.paint(p.sym("Listening…", "Listening..."), Tone::Strong),
        );
        f.push(clip(
            "The answer plays when the question has been read.",
            width,
        ));
        f.footer = vec![p.paint(
            &clip(
                &footer(&[
                    (Action::Go, "to the answer"),
                    (Action::Restart, "hear it again"),
                    (Action::Next, "next answer"),
                    (Action::End, "quit"),
                ]),
                width,
            ),
            Tone::Dim,
        )];
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
    let bar_w = (width - 2).min(70);
    let fill = if len.is_zero() {
        0.0
    } else {
        pos.as_secs_f64() / len.as_secs_f64()
    };
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
        let at = (fill * bar_w as f64) as usize;
        f.push_as(
            Need::Bar,
            format!(
                "{}{}",
                " ".repeat(at.min(bar_w.saturating_sub(1))),
                p.sym("▲", "^")
            ),
        );
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
    f.footer = wrap(&keys, width - 1, "", "")
        .into_iter()
        .map(|l| p.paint(&l, Tone::Dim))
        .collect();
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::replay::Recording;
    use std::time::Duration;

    #[test]
    fn the_screen_shows_the_recording_and_its_keys() {
        let rec = Recording {
            number: 2,
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
        };
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
