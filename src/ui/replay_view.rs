//! What `replay` looks like: the recording's question and verdict, a
//! progress bar, the level line (loudness, pauses and fillers marked), the
//! activity strip of speech and pauses with the play head under it, and the
//! transcript's words scrolling with the audio, the one being heard marked,
//! with the search prompt under them.

use super::bar;
use super::drill_view::{asker_line, listening};
use super::keys::{Action, NOTE_KEYS, PROMPT_KEYS, footer, prompt_footer};
use super::screen::{Frame, Need};
use super::style::{Palette, Tone};
use super::text::clip;
use super::verdict::{heard_line, verdict_line};
use crate::app::replay::{Judged, Replay, Search};
use crate::audio::analysis::Envelope;
use crate::duration::{fmt_mss, fmt_rounded};
use crate::session::analysis::Analysis;
use crate::ui::strip::{PAUSE_CELL, SILENCE_CELL, SPEECH_CELL, activity_strip};
use ratatui::text::Line;
use ratatui::widgets::SparklineBar;
use std::time::Duration;

/// The verdict line of a recording, and its tone.
fn verdict(judged: &Judged) -> (String, Tone) {
    match judged {
        Judged::Answer(item) => {
            let (text, tone) = verdict_line(item);
            let rating = item
                .rating
                .map_or(" Not rated.".to_string(), |r| format!(" Rated {r}/5."));
            let excluded = if item.excluded {
                " Excluded from stats."
            } else {
                ""
            };
            (format!("{text}{rating}{excluded}"), tone)
        }
        Judged::Talk { total, planned } => (
            format!(
                "{} against a plan of {}.",
                fmt_rounded(*total),
                fmt_rounded(*planned)
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
    /// The take that counts for the answer playing.
    counted: u32,
    section: Option<String>,
    notice: Option<String>,
    listening: bool,
    paused: bool,
    /// Whole seconds played and long, as the clock line shows them.
    seconds: (u64, u64),
    /// Bar cells filled (rounded) and the marker's cell (truncated).
    cells: (usize, usize),
    /// The transcript's word last started and the one marked as heard.
    words: (Option<usize>, Option<usize>),
    search: Search,
    /// The note being typed, and the answer's note and whether it is excluded.
    note: (Option<String>, Option<(Option<String>, bool)>),
}

impl Shown {
    /// What the screen for `app` on a `width`-column terminal shows that can change.
    pub fn of(app: &Replay, width: usize) -> Shown {
        let (bar_w, fill) = (bar_width(width) as f64, fill(app).clamp(0.0, 1.0));
        Shown {
            width,
            current: app.current,
            counted: app.recording().counted,
            section: app.section().map(str::to_string),
            notice: app.notice.clone(),
            listening: app.listening.is_some(),
            paused: app.paused,
            seconds: (app.position.as_secs(), app.length.as_secs()),
            cells: ((fill * bar_w).round() as usize, (fill * bar_w) as usize),
            words: (app.last_started(), app.heard()),
            search: app.search.clone(),
            note: (
                app.note.clone(),
                match &app.recording().judged {
                    Judged::Answer(i) => Some((i.note.clone(), i.excluded)),
                    Judged::Talk { .. } => None,
                },
            ),
        }
    }
}

/// A recording's loudness, a frame (10 ms) at a time: what the level line draws.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loudness {
    /// Each frame's level, dBFS.
    pub db: Vec<f32>,
    /// How long a frame lasts.
    pub frame: Duration,
}

impl Loudness {
    /// The levels of a recording's envelope.
    pub fn of(e: &Envelope) -> Loudness {
        let mut db = Vec::with_capacity(e.frames.len());
        e.frames.each_level(|l| db.push(l));
        Loudness { db, frame: e.frame }
    }
}

/// The level line, `width` cells for `len`: each cell the loudest frame in
/// it, from the noise floor or 60 dB under the loudest frame (empty) to
/// the loudest frame (full), drawn by
/// ratatui's `Sparkline`; a cell holding a filler in the warning tone, one
/// in a pause dimmed (the activity strip under it marks both in any tone).
fn level_line(
    p: &Palette,
    l: &Loudness,
    an: &Analysis,
    len: Duration,
    width: usize,
) -> Line<'static> {
    // The loudest frame is full; 60 dB under it (or the noise floor) empty.
    let top = l.db.iter().copied().fold(f32::MIN, f32::max);
    let floor = an.levels.floor_db.max(top - 60.0);
    let top = top.max(floor + 1.0);
    let (cell, frame) = (
        len.as_secs_f64() / width as f64,
        l.frame.as_secs_f64().max(1e-3),
    );
    let touches = |spans: &[crate::session::analysis::Span], a: f64, b: f64| {
        spans
            .iter()
            .any(|s| s.start.as_secs_f64() < b && s.end().as_secs_f64() > a)
    };
    let bars: Vec<SparklineBar> = (0..width)
        .map(|i| {
            let (a, b) = (i as f64 * cell, (i + 1) as f64 * cell);
            let end = ((b / frame).ceil() as usize).min(l.db.len());
            let start = ((a / frame) as usize).min(end);
            let db = l.db[start..end].iter().copied().fold(floor, f32::max);
            let eighths = ((db - floor) / (top - floor) * 8.0).round().clamp(0.0, 8.0);
            let tone = if touches(&an.fillers, a, b) {
                Tone::Warn
            } else if touches(&an.pauses, a, b) {
                Tone::Dim
            } else {
                Tone::Good
            };
            SparklineBar::from(eighths as u64).style(p.style(tone))
        })
        .collect();
    bar::sparkline(bars)
}

/// The replay screen on a `width`-column terminal; `loud` draws the level
/// line of the recording playing.
pub fn frame(p: &Palette, app: &Replay, loud: Option<&Loudness>, width: usize) -> Frame {
    let width = width.max(10);
    let mut f = Frame::new(p);
    let a = app.recording();
    let takes = app.takes().len();
    let what = if takes > 1 {
        let counts = if a.take == a.counted { " (counts)" } else { "" };
        let take = app
            .takes()
            .iter()
            .position(|r| r.take == a.take)
            .unwrap_or(0)
            + 1;
        format!(
            "answer {} of {} · {} · take {take} of {takes}{counts}",
            a.number, app.items, a.category
        )
    } else if a.sections.is_empty() {
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
        let audio = heard_line(an, None, &app.pace);
        f.wrapped(p, Need::Useful, &audio, width, Tone::Plain);
    }
    let kept = match &a.judged {
        Judged::Answer(i) => i.note.as_ref(),
        Judged::Talk { .. } => None,
    };
    if let Some(note) = app.note.as_ref().or(kept) {
        let cursor = if app.note.is_some() { "_" } else { "" };
        let line = format!("Note: {}{cursor}", crate::text::safe(note));
        f.wrapped(p, Need::Vital, &line, width, Tone::Strong);
    }
    if let Some(n) = &app.notice {
        f.clipped(p, Need::Useful, n, width, Tone::Warn);
    }
    f.blank();
    let table = super::replay_takes::table_lines(app, width, !p.unicode());
    if !table.is_empty() {
        table.into_iter().for_each(|l| f.push_as(Need::Useful, l));
        if let Some(diff) = super::replay_takes::diff_line(app) {
            f.clipped(p, Need::Useful, &diff, width, Tone::Plain);
        }
        f.blank();
    }
    if app.listening.is_some() {
        let then = "The answer plays when the question has been read.";
        listening(p, &mut f, then, width);
        let keys = footer(&[
            (Action::Go, "to the answer"),
            (Action::Restart, "hear it again"),
            (Action::Next, "next answer"),
            (Action::End, "quit"),
        ]);
        f.set_footer_line(p.paint(&clip(&keys, width), Tone::Dim));
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
        if let Some(l) = loud {
            f.push_as(Need::Bar, level_line(p, l, an, len, bar_w));
        }
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
    if !app.words().is_empty() {
        f.blank();
        for line in transcript_lines(p, app, width) {
            f.push_as(Need::Useful, line);
        }
    }
    if app.search.open || app.search.found.is_some() || app.search.missed {
        f.clipped(
            p,
            Need::Vital,
            &search_line(&app.search),
            width,
            Tone::Strong,
        );
    }
    if app.search.open {
        f.set_footer(p, &prompt_footer(&PROMPT_KEYS), width);
        return f;
    }
    if app.note.is_some() {
        f.set_footer(p, &prompt_footer(&NOTE_KEYS), width);
        return f;
    }
    let unit = if a.sections.is_empty() {
        "answer"
    } else {
        "section"
    };
    let pause = if app.paused { "resume" } else { "pause" };
    let mut keys = vec![
        (Action::Pause, pause),
        (Action::Back, "5 s back"),
        (Action::Forward, "5 s on"),
    ];
    let (next, previous) = (format!("next {unit}"), format!("previous {unit}"));
    keys.extend([
        (Action::Next, next.as_str()),
        (Action::Previous, previous.as_str()),
        (Action::NextPause, "next pause"),
        (Action::PreviousPause, "previous pause"),
    ]);
    if !app.words().is_empty() {
        keys.push((Action::Find, "find a word"));
    }
    if let Judged::Answer(item) = &a.judged {
        keys.push((Action::Note, "note"));
        let exclude = if item.excluded {
            "count again"
        } else {
            "exclude"
        };
        keys.push((Action::Exclude, exclude));
    }
    if takes > 1 {
        keys.extend([
            (Action::Take, "next take"),
            (Action::Count, "count this take"),
        ]);
    }
    keys.push((Action::End, "quit"));
    f.set_footer(p, &footer(&keys), width);
    f
}

/// Lines of the transcript shown at once.
const TRANSCRIPT_ROWS: usize = 3;

/// The transcript around the word being heard, wrapped to `width`
/// (leaving room for the mark), that word marked; the line holding the
/// last word started is the second shown, so what comes next is in view.
fn transcript_lines(p: &Palette, app: &Replay, width: usize) -> Vec<Line<'static>> {
    const INDENT: &str = "  ";
    let words: Vec<String> = app
        .words()
        .iter()
        .map(|w| crate::text::safe(&w.text).into_owned())
        .collect();
    // Two columns for the brackets, one left free at the edge.
    let room = width.saturating_sub(INDENT.len() + 3).max(8);
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, w) in words.iter().enumerate() {
        let w = crate::text::width(w).min(room);
        if i > start && used + 1 + w > room {
            lines.push(start..i);
            (start, used) = (i, w);
        } else {
            used += if i > start { 1 + w } else { w };
        }
    }
    lines.push(start..words.len());
    let current = app
        .last_started()
        .and_then(|i| lines.iter().position(|l| l.contains(&i)))
        .unwrap_or(0);
    let first = current
        .saturating_sub(1)
        .min(lines.len().saturating_sub(TRANSCRIPT_ROWS));
    let heard = app.heard();
    lines[first..(first + TRANSCRIPT_ROWS).min(lines.len())]
        .iter()
        .map(|range| {
            let mut line = Line::from(INDENT);
            for i in range.clone() {
                let w = crate::text::clip(&words[i], room);
                let space = if i > range.start { " " } else { "" };
                line.push_span(space);
                line.push_span(if Some(i) == heard {
                    p.mark(&w)
                } else {
                    w.into()
                });
            }
            line
        })
        .collect()
}

/// The search prompt: `/budg` and what Enter found.
fn search_line(s: &Search) -> String {
    let status = match (&s.found, s.missed) {
        (Some(f), _) => format!("  match {} of {}", f.nth, f.of),
        (None, true) => "  no word starts with that".to_string(),
        (None, false) => String::new(),
    };
    let cursor = if s.open { "_" } else { "" };
    format!("/{}{cursor}{status}", s.query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::replay::Recording;
    use crate::session::Verdict;
    use crate::ui::replay_takes::table_lines as takes_table;
    use crate::ui::replay_takes::tests as takes;
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
            transcript: None,
            take: 1,
            counted: 1,
        }
    }

    #[test]
    fn a_long_question_is_cut_so_the_progress_and_keys_show() {
        let mut rec = motivation(2);
        rec.heading = "Why this role, and why now, given all you said before? ".repeat(32);
        let mut app = Replay::new("s1".into(), 3, vec![rec], 0, Duration::ZERO);
        app.sync(Duration::from_secs(12), Duration::from_secs(70), false);
        for (cols, rows) in [(80, 24), (20, 5)] {
            let s = frame(&Palette::plain(), &app, None, cols).text(rows);
            assert!(s.lines().count() <= rows, "{s}");
            assert!(
                s.contains("Why this role") && s.contains('…'),
                "{cols}x{rows}:\n{s}"
            );
            assert!(s.contains("0:12 / 1:10"), "{cols}x{rows}:\n{s}");
        }
        let s = frame(&Palette::plain(), &app, None, 80).text(24);
        assert!(s.ends_with("q quit"), "{s}");
    }

    #[test]
    fn the_screen_shows_the_recording_and_its_keys() {
        let rec = motivation(2);
        let mut app = Replay::new("s1".into(), 3, vec![rec], 0, Duration::ZERO);
        app.sync(Duration::from_secs(12), Duration::from_secs(70), false);
        let s = frame(&Palette::plain(), &app, None, 60).text(24);
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
        let s = frame(&Palette::ascii(), &app, None, 60).text(24);
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
                let now = (Shown::of(&app, width), frame(&p, &app, None, width));
                if let Some((shown, f)) = &last[i]
                    && *shown == now.0
                {
                    assert_eq!(*f, now.1, "tick {tick}: same Shown, different frames");
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
            transcript: None,
            take: 1,
            counted: 1,
        };
        let mut app = Replay::new("s1".into(), 1, vec![rec], 0, Duration::ZERO);
        crate::app::App::on_tick(&mut app, Duration::ZERO);
        let s = frame(&Palette::plain(), &app, None, 60).text(24);
        assert!(
            s.contains("Alex, HR, asks:") && s.contains("Why this role?"),
            "{s}"
        );
        assert!(
            s.contains("Listening…") && s.contains("Space to the answer · r hear it again"),
            "{s}"
        );
    }

    /// "w0 w1 … w39", word `i` from 1 + 0.5·i s to 0.4 s later, except
    /// words 10 and 30, which are "Budget," and "budgeting".
    fn spoken() -> crate::session::transcript::Transcript {
        use crate::session::transcript::{Transcript, Word};
        let words: Vec<Word> = (0..40)
            .map(|i| Word {
                text: match i {
                    10 => "Budget,".into(),
                    30 => "budgeting".into(),
                    _ => format!("w{i}"),
                },
                start: 1.0 + 0.5 * i as f64,
                end: 1.4 + 0.5 * i as f64,
            })
            .collect();
        let text = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Transcript { text, words }
    }

    fn transcribed() -> Replay {
        let mut rec = motivation(1);
        rec.transcript = Some(spoken());
        let mut app = Replay::new("s1".into(), 1, vec![rec], 0, Duration::ZERO);
        app.sync(Duration::ZERO, Duration::from_secs(25), false);
        app
    }

    #[test]
    fn the_words_scroll_with_the_audio_and_the_one_heard_is_marked() {
        let mut app = transcribed();
        let at = |app: &mut Replay, secs: f64, palette: &Palette| {
            app.sync(
                Duration::from_secs_f64(secs),
                Duration::from_secs(25),
                false,
            );
            frame(palette, app, None, 40).text(30)
        };
        let s = at(&mut app, 0.5, &Palette::plain());
        assert!(s.contains("\n  w0 w1 w2 w3 w4 w5 w6 w7 w8 w9\n"), "{s}");
        assert!(!s.contains('['), "nothing heard yet:\n{s}");
        assert!(s.contains("· / find"), "{s}");
        let s = at(&mut app, 6.6, &Palette::plain());
        assert!(s.contains("\n  Budget, [w11] w12 "), "{s}");
        // Word 20 is on the third line: the lines scroll so it is the second.
        let s = at(&mut app, 11.1, &Palette::plain());
        assert!(s.contains(" [w20] "), "{s}");
        assert!(!s.contains("w0 "), "scrolled on:\n{s}");
        assert!(s.contains("\n  Budget, w11"), "the line before stays:\n{s}");
        // In the silence after a word ends, none is marked.
        app.recordings[0].transcript.as_mut().unwrap().words[20].end = 11.1;
        let s = at(&mut app, 11.45, &Palette::plain());
        assert!(!s.contains('['), "{s}");
        let s = at(&mut app, 20.2, &Palette::ascii());
        assert!(s.contains(" [w38] "), "{s}");
        let lines = s.lines().filter(|l| l.starts_with("  w")).count();
        assert_eq!(
            lines, 3,
            "three lines at most, the last ones at the end:\n{s}"
        );
    }

    /// The replay's link to the world, in a test: what the player is told.
    #[derive(Default)]
    struct Told(Vec<crate::app::Effect>);

    impl crate::ui::run::Host<Replay> for Told {
        fn apply(
            &mut self,
            _: &mut Replay,
            e: crate::app::Effect,
            _: Duration,
        ) -> anyhow::Result<()> {
            self.0.push(e);
            Ok(())
        }
        fn frame(&mut self, app: &Replay, _: Duration, cols: u16, _: u16) -> Frame {
            frame(&Palette::plain(), app, None, usize::from(cols))
        }
    }

    #[test]
    fn slash_a_word_and_enter_jump_to_its_start_through_the_run_loop() {
        use crate::app::{Effect, PlayAction};
        use crate::ui::keys::Key;
        use crate::ui::run::{Event, drive, script::Script};
        let clock = crate::timing::FakeClock::new();
        let key = |t: f64, k: Key| (t, Event::Key(k));
        let events = [
            key(0.1, Key::Char('/')),
            key(0.2, Key::Char('b')),
            key(0.3, Key::Char('u')),
            key(0.4, Key::Char('p')),
            key(0.5, Key::Backspace),
            key(0.6, Key::Char('d')),
            key(0.7, Key::Enter),
            key(0.8, Key::Enter),
            key(0.9, Key::Enter),
            key(1.0, Key::Esc),
            key(1.1, Key::Char('p')),
            key(1.2, Key::Char('q')),
        ];
        let mut input = Script::new(&clock, &events);
        let mut app = transcribed();
        let mut host = Told::default();
        let mut out = crate::ui::run::script::Screen::default();
        drive(&mut app, &mut host, &clock, &mut input, &|| None, &mut out).unwrap();
        let seek = |s: f64| Effect::Play(PlayAction::Seek(Duration::from_secs_f64(s)));
        assert_eq!(
            host.0[1..],
            [
                // "bud" finds "Budget," (word 10, at 6 s), then "budgeting"
                // (word 30, at 16 s), then the first again.
                seek(6.0),
                seek(16.0),
                seek(6.0),
                // Esc closed the prompt: `p` pauses again.
                Effect::Play(PlayAction::Pause(true)),
            ],
            "{:?}",
            host.0
        );
        assert_eq!(app.position, Duration::from_secs(6));
        assert_eq!(app.search.query, "bud");
        let shown = |s: &str| out.seen.iter().any(|seen| seen.contains(s));
        assert!(shown("/bud_  match 2 of 2"), "{:#?}", out.seen);
        assert!(shown("Enter next match · Backspace delete · Esc close"));
    }

    #[test]
    fn screens_with_the_words_heard_marked() {
        let mut app = transcribed();
        app.sync(Duration::from_secs_f64(6.1), Duration::from_secs(25), false);
        let shown = crate::ui::screen::at_sizes(|p, w| frame(p, &app, None, w));
        let small = shown.split("80x24:").next().unwrap_or_default();
        assert!(small.contains("0:06 / 0:25"), "{small}");
        insta::assert_snapshot!("replay", shown);
    }

    /// Ten seconds: silence 0-2 s, a loud tone 2-5 s, silence 5-7 s (a
    /// pause), a quieter tone 7-10 s with a filler at 8 s; the answer
    /// playing, its loudness, and the screen at `secs` in `cols` columns.
    fn with_levels() -> (Replay, Loudness) {
        use crate::audio::analysis::{EnvelopeBuilder, Options, analyze};
        use crate::session::analysis::Span;
        let tone = |amp: f32| -> Vec<f32> {
            (0..8000 * 3)
                .map(|i| amp * (i as f32 * 0.1).sin())
                .collect()
        };
        let mut b = EnvelopeBuilder::new(8000);
        b.push(&[0.0; 16_000]);
        b.push(&tone(0.5));
        b.push(&[0.0; 16_000]);
        b.push(&tone(0.05));
        let e = b.finish();
        let mut a = analyze(&e, &Options::default());
        a.fillers = vec![Span {
            start: Duration::from_secs(8),
            length: Duration::from_millis(400),
        }];
        let mut rec = motivation(1);
        rec.analysis = Some(a);
        let app = Replay::new("s1".into(), 1, vec![rec], 0, Duration::ZERO);
        (app, Loudness::of(&e))
    }

    #[test]
    fn the_level_line_follows_the_loudness_and_the_play_head_moves_under_it() {
        let (mut app, loud) = with_levels();
        let mut at = |secs: f64| {
            app.sync(
                Duration::from_secs_f64(secs),
                Duration::from_secs(10),
                false,
            );
            let s = frame(&Palette::plain(), &app, Some(&loud), 44).text(24);
            let lines: Vec<String> = s.lines().map(str::to_string).collect();
            let i = lines.iter().position(|l| l.starts_with('▶')).unwrap();
            // The clock, the progress bar, the level line, the strip, the head.
            (lines[i + 2].clone(), lines[i + 4].clone())
        };
        let (level, head) = at(1.0);
        let cells: Vec<char> = level.chars().collect();
        assert_eq!(cells.len(), 42, "{level:?}");
        // Full where the loud tone is, empty in the silences, lower (but
        // not empty) for the quiet tone.
        assert_eq!(cells[14], '█', "{level:?}");
        assert_eq!(cells[2], ' ', "{level:?}");
        assert_eq!(cells[25], ' ', "{level:?}");
        assert!(!matches!(cells[36], ' ' | '█'), "{level:?}");
        assert_eq!(head.find('▲'), Some(4), "{head:?}");
        let (_, head) = at(6.0);
        assert_eq!(head.chars().position(|c| c == '▲'), Some(25), "{head:?}");
        let shown = crate::ui::screen::at_sizes(|p, w| frame(p, &app, Some(&loud), w));
        insta::assert_snapshot!("replay_levels", shown);
    }

    #[test]
    fn the_replay_screen_says_which_take_plays_shows_the_table_and_the_keys_for_takes() {
        let recs = vec![
            takes::take(1, 2, 31, Verdict::TooShort, &[2, 3]),
            takes::take(2, 2, 65, Verdict::OnTarget, &[]),
        ];
        let mut app = Replay::new("s1".into(), 1, recs, 1, Duration::ZERO);
        app.sync(Duration::from_secs(3), Duration::from_secs(65), false);
        let p = crate::ui::style::Palette::plain();
        let s = frame(&p, &app, None, 80).text(30);
        assert!(
            s.contains("answer 1 of 1 · behavioural · take 2 of 2 (counts)"),
            "{s}"
        );
        assert!(s.contains("t next take · c count this take"), "{s}");
        for line in takes_table(&app, 80, false) {
            assert!(s.contains(line.trim_end()), "{line:?} in\n{s}");
        }
        app.current = 0;
        let s = frame(&p, &app, None, 80).text(30);
        assert!(s.contains("take 1 of 2\n"), "{s}");
    }
}
