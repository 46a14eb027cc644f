//! What `present` looks like: the live section clock, the end-of-talk
//! report, and a plan's past runs side by side.

use super::bar;
use super::keys::{Action, footer};
use super::screen::{Frame, Need};
use super::style::{Palette, Tone};
use super::table::{Column, Look, TableRow, table};
use super::text::{clip, plural, push_wrapped, safe_path, width as text_width};
use super::verdict::heard_line;
use crate::app::present::Present;
use crate::audio::analysis::{PartPace, pace_within};
use crate::audio::capture::Meter;
use crate::duration::{fmt_mss, fmt_mss_left, fmt_rounded, fmt_signed, round_secs};
use crate::plan::Plan;
use crate::session::{Session, Talk};
use std::path::Path;
use std::time::Duration;

/// The screen for the talk at `now` on a `width`-column terminal; `meter` when recording.
pub fn frame(
    p: &Palette,
    app: &Present,
    meter: Option<&Meter>,
    now: Duration,
    width: usize,
) -> Frame {
    let width = width.max(10);
    let (plan, run) = (&app.plan, &app.run);
    let mut f = Frame::new(p);
    let i = run.current_index();
    let n = run.sections().len();
    let heading = format!("{} · section {} of {n}", plan.title, i + 1);
    f.clipped(p, Need::Useful, &heading, width, Tone::Dim);
    f.blank();
    let section = &plan.sections[i];
    f.wrapped(p, Need::Text, &section.name, width, Tone::Strong);
    // Each line of the notes as written (`notes: |`), each wrapped to fit.
    for line in section.notes.iter().flat_map(|n| n.lines()) {
        f.wrapped(p, Need::Useful, line, width, Tone::Dim);
    }
    f.blank();
    let bar_w = (width - 2).min(60);
    if !app.started() {
        let planned = fmt_mss(run.total_planned());
        let start = format!("Press Space to start the clock ({planned} planned).");
        f.clipped(p, Need::Vital, &start, width, Tone::Strong);
    } else {
        let elapsed = run.section_elapsed(i, now).unwrap_or_default();
        let tone = Tone::of(run.section_phase(now));
        let (total, planned) = (run.total_elapsed(now), run.total_planned());
        let talk_tone = Tone::of(run.talk_phase(now));
        // A clock line (`LABEL e / b  0:12 left` or `over +0:05`) and its bar.
        let mut clock = |label: &str, elapsed: Duration, budget: Duration, tone, suffix: &str| {
            let state = if elapsed > budget {
                format!("over +{}", fmt_mss(elapsed - budget))
            } else {
                format!("{} left", fmt_mss_left(budget - elapsed))
            };
            let text = format!(
                "{} / {}  {state}{suffix}",
                fmt_mss(elapsed),
                fmt_mss(budget)
            );
            f.push_as(
                Need::Vital,
                vec![
                    p.paint(label, Tone::Strong),
                    p.paint(&clip(&text, bar_w.saturating_sub(label.len())), tone),
                ],
            );
            let fill = elapsed.as_secs_f64() / budget.as_secs_f64().max(0.001);
            f.push_as(Need::Bar, bar::bar(p, bar_w, fill, tone));
        };
        if n == 1 {
            // A plain countdown: one clock, one bar.
            clock("TALK     ", total, planned, talk_tone, "");
        } else {
            clock("SECTION  ", elapsed, section.budget.target(), tone, "");
            let pace = format!(" · {}", run.pace(now).describe());
            clock("TALK     ", total, planned, talk_tone, &pace);
        }
        if run.is_paused() {
            let paused = "PAUSED: p resumes; paused time does not count.";
            f.clipped(p, Need::Vital, paused, width, Tone::Warn);
        }
    }
    if let Some(m) = meter {
        let rec = p.paint(p.sym("● REC", "* REC"), Tone::Bad);
        f.push_as(
            Need::Bar,
            vec![
                rec,
                format!(" mic {:>4.0} dB", m.level_db.max(-99.0)).into(),
            ],
        );
    }
    if let Some(next) = plan.sections.get(i + 1) {
        f.blank();
        let then = format!("Next: {} ({})", next.name, fmt_mss(next.budget.target()));
        f.clipped(p, Need::Useful, &then, width, Tone::Dim);
    }
    if let Some(notice) = &app.notice {
        f.blank();
        f.wrapped(p, Need::Useful, notice, width, Tone::Warn);
    }
    let keys = if !app.started() {
        footer(&[(Action::Go, "start"), (Action::End, "end")])
    } else {
        let go = if i + 1 == n { "finish" } else { "next section" };
        let pause = if run.is_paused() { "resume" } else { "pause" };
        footer(&[
            (Action::Go, go),
            (Action::Back, "back"),
            (Action::Pause, pause),
            (Action::End, "end"),
        ])
    };
    f.set_footer(p, &keys, width);
    f
}

/// `+0:12` over plan or `-0:12` under it, in whole seconds as the columns show.
fn delta(actual: Duration, planned: Duration) -> String {
    let (actual, planned) = (round_secs(actual), round_secs(planned));
    fmt_signed(actual.abs_diff(planned), actual < planned)
}

/// The widest of `names`, kept between `lo` and `hi` columns.
fn name_width<'a>(names: impl Iterator<Item = &'a str>, lo: usize, hi: usize) -> usize {
    names
        .map(text_width)
        .max()
        .unwrap_or(lo)
        .clamp(lo, hi.max(lo))
}

/// How the talk went against the plan, in one phrase.
fn outcome(session: &Session, talk: &Talk) -> String {
    let (total, planned) = (round_secs(talk.total), round_secs(talk.planned));
    let reached = talk.sections.iter().all(|s| s.start.flatten().is_some());
    let when = if total > planned {
        format!("over by {}", fmt_mss(total - planned))
    } else {
        format!("{} under plan", fmt_mss(planned - total))
    };
    if session.completed || reached {
        when
    } else {
        let left = talk
            .sections
            .iter()
            .filter(|s| s.start.flatten().is_none())
            .count();
        format!(
            "{when}, ended early with {left} section{} left",
            plural(left)
        )
    }
}

/// The end-of-talk report: each section planned against actual, the total,
/// what the recording shows, and where it was saved.
pub fn report(
    session: &Session,
    saved: Option<&Path>,
    band: &crate::config::PaceBand,
    width: usize,
) -> String {
    let Some(talk) = &session.talk else {
        return "The clock never started: nothing was saved.\n".into();
    };
    let wide = width.saturating_sub(1).max(20);
    let head = format!(
        "{}: {} against a plan of {} ({})",
        super::text::safe(&talk.title),
        fmt_rounded(talk.total),
        fmt_rounded(talk.planned),
        outcome(session, talk)
    );
    let mut out = String::new();
    push_wrapped(&mut out, &head, wide, "", "  ");
    out.push('\n');
    // Words a minute and fillers per section, when the recording was
    // analysed in this run (the syllables' times are not stored).
    let pace: Option<Vec<PartPace>> = talk
        .analysis
        .as_ref()
        .filter(|a| a.wpm.is_some() && (a.syllables == 0 || !a.nuclei.is_empty()))
        .map(|a| {
            (0..talk.sections.len())
                .map(|i| pace_within(a, &section_parts(talk, i)))
                .collect()
        });
    let mut columns = vec![
        Column::left("SECTION").least(7).narrow(0, 7),
        Column::right("PLANNED"),
        Column::right("ACTUAL").least(7),
        Column::right("DELTA").least(6),
    ];
    if pace.is_some() {
        columns.push(Column::right("WPM").least(4).or_drop(2, 4));
        columns.push(Column::right("FILLERS").or_drop(1, 7));
    }
    let row = |name: &str, planned: String, actual: String, delta: String, i: Option<usize>| {
        let mut cells = vec![name.to_string(), planned, actual, delta];
        if let Some(p) = &pace {
            let p = i.map(|i| &p[i]);
            cells.push(p.map_or(String::new(), |p| {
                p.wpm.map_or("–".to_string(), |w| format!("{w:.0}"))
            }));
            cells.push(p.map_or(String::new(), |p| p.fillers.to_string()));
        }
        TableRow::Cells(cells)
    };
    let mut rows: Vec<TableRow> = talk
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let actual = if s.start.flatten().is_none() {
                "–".to_string()
            } else {
                fmt_rounded(s.actual)
            };
            let planned = fmt_rounded(s.planned);
            row(
                &s.name,
                planned,
                actual,
                delta(s.actual, s.planned),
                Some(i),
            )
        })
        .collect();
    let (planned, total) = (fmt_rounded(talk.planned), fmt_rounded(talk.total));
    rows.push(row(
        "Total",
        planned,
        total,
        delta(talk.total, talk.planned),
        None,
    ));
    // The table sits two columns in, under the title line.
    let look = Look {
        width: Some(width.saturating_sub(2)),
        ..Look::default()
    };
    for line in table(&columns, &rows, look).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    if let Some(rec) = &talk.recording {
        let mut line = format!("Recording: {} ({}).", rec.file, fmt_rounded(rec.length));
        if let Some(a) = &talk.analysis {
            line.push(' ');
            line.push_str(&heard_line(a, None, band));
        }
        out.push('\n');
        push_wrapped(&mut out, &line, wide, "", "");
    }
    match saved {
        Some(path) => out.push_str(&format!("\nSaved: {}\n", safe_path(path))),
        None => out.push_str("\nNot saved: see the error above.\n"),
    }
    out
}

/// The stretches of the talk's recording spent in section `i`: from each
/// visit to the next (the recording skips paused time, as visits do).
fn section_parts(talk: &Talk, i: usize) -> Vec<(Duration, Duration)> {
    talk.visits
        .iter()
        .enumerate()
        .filter(|(_, v)| v.section == i)
        .map(|(k, v)| {
            let end = talk.visits.get(k + 1).map_or(talk.total, |n| n.at);
            (v.at, end.max(v.at))
        })
        .collect()
}

/// Past runs of `plan` side by side, section by section, oldest first.
pub fn history_table(plan: &Plan, runs: &[(String, Talk)], root: &Path, width: usize) -> String {
    if runs.is_empty() {
        return format!(
            "No runs of \"{}\" in {} yet. Rehearse it with `rehearse present {}`.\n",
            super::text::safe(&plan.title),
            safe_path(root),
            super::text::safe(&plan.source)
        );
    }
    // As many recent runs as fit beside the section names.
    let name_w = name_width(plan.sections.iter().map(|s| s.name.as_str()), 7, 28);
    let fit = (width.saturating_sub(name_w + 2 + 9) / 9).max(1);
    let shown = &runs[runs.len().saturating_sub(fit)..];
    let mut out = format!(
        "{}: last {} of {} run{}\n\n",
        super::text::safe(&plan.title),
        shown.len(),
        runs.len(),
        super::text::plural(runs.len())
    );
    // A row: the name, the plan's time, then one cell per run shown.
    let mut columns = vec![
        Column::left("SECTION").most(28).narrow(0, 7),
        Column::right("PLAN").least(7),
    ];
    columns.extend(shown.iter().map(|(started, _)| {
        let date = started.get(5..10).unwrap_or(started).replace('-', "/");
        Column::right(&date).least(7)
    }));
    let row = |name: &str, planned: String, runs: &mut dyn Iterator<Item = String>| {
        TableRow::Cells(
            [name.to_string(), planned]
                .into_iter()
                .chain(runs)
                .collect(),
        )
    };
    let mut rows = Vec::new();
    for (i, s) in plan.sections.iter().enumerate() {
        let mut actual = shown.iter().map(|(_, t)| {
            let done = t
                .sections
                .iter()
                .find(|x| x.name == s.name)
                .or_else(|| t.sections.get(i))
                .filter(|x| x.start.flatten().is_some());
            done.map_or("–".to_string(), |x| fmt_rounded(x.actual))
        });
        rows.push(row(&s.name, fmt_mss(s.budget.target()), &mut actual));
    }
    let mut totals = shown.iter().map(|(_, t)| fmt_rounded(t.total));
    rows.push(row("Total", fmt_mss(plan.total()), &mut totals));
    let look = Look {
        width: Some(width),
        ..Look::default()
    };
    out.push_str(&table(&columns, &rows, look));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::fixtures::{plan, session};
    use crate::app::{Action, App};

    fn at(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn the_screen_waits_then_shows_both_clocks_and_the_pause() {
        let mut app =
            Present::new(plan(), session(crate::session::Kind::Present), false, false).unwrap();
        let show =
            |app: &Present, now: f64| frame(&Palette::plain(), app, None, at(now), 60).text(24);
        let s = show(&app, 0.0);
        assert!(
            s.contains("Press Space to start the clock (0:30 planned).")
                && s.contains("Space start · q end"),
            "{s}"
        );
        app.on_key(Action::Go, at(1.0));
        let s = show(&app, 3.0);
        assert!(
            s.contains("SECTION  0:02 / 0:10  0:08 left") && s.contains("TALK     0:02 / 0:30"),
            "{s}"
        );
        assert!(
            s.contains("Next: Beta (0:10)")
                && s.contains("Space next section · ← back · p pause · q end"),
            "{s}"
        );
        app.on_key(Action::Pause, at(3.0));
        let s = show(&app, 4.0);
        assert!(s.contains("PAUSED") && s.contains("p resume"), "{s}");
    }

    #[test]
    fn long_notes_are_cut_so_both_clocks_and_the_keys_show() {
        let mut plan = plan();
        plan.sections[0].notes = Some("Open with the numbers, then the story. ".repeat(45));
        plan.sections[0].name = "The opening, ".repeat(20);
        let mut app =
            Present::new(plan, session(crate::session::Kind::Present), false, false).unwrap();
        app.on_key(Action::Go, at(1.0));
        for (cols, rows) in [(80, 24), (20, 5)] {
            let s = frame(&Palette::plain(), &app, None, at(3.0), cols).text(rows);
            assert!(s.lines().count() <= rows, "{s}");
            assert!(
                s.contains("SECTION") && s.contains('…'),
                "{cols}x{rows}:\n{s}"
            );
        }
        let s = frame(&Palette::plain(), &app, None, at(3.0), 80).text(24);
        assert!(s.contains("TALK     0:02 / 0:30"), "{s}");
        assert!(
            s.ends_with("Space next section · ← back · p pause · q end"),
            "{s}"
        );
    }

    #[test]
    fn notes_keep_their_line_breaks() {
        let plan = crate::plan::parse(
            "p.yaml",
            "title: T\nsections:\n  - name: Open\n    budget: 1m\n    notes: |\n      - the hook\n      - the ask\n\n      Then pause.\n",
        )
        .unwrap();
        let app = Present::new(plan, session(crate::session::Kind::Present), false, false).unwrap();
        let s = frame(&Palette::plain(), &app, None, at(0.0), 60).text(24);
        assert!(
            s.contains("Open\n- the hook\n- the ask\n\nThen pause.\n"),
            "{s}"
        );
    }

    #[test]
    fn a_countdown_shows_one_clock() {
        let mut app = Present::new(
            Plan::countdown(1.0),
            session(crate::session::Kind::Present),
            false,
            true,
        )
        .unwrap();
        app.on_tick(at(0.0));
        let s = frame(&Palette::plain(), &app, None, at(5.0), 60).text(24);
        assert_eq!(s.matches("0:05 / 1:00").count(), 1, "{s}");
        assert!(!s.contains("SECTION"), "{s}");
    }

    #[test]
    fn the_report_says_over_by_and_lines_up_wide_names() {
        let mut p = plan();
        p.sections[1].name = "面接の練習".into();
        let mut app = Present::new(p, session(crate::session::Kind::Present), false, true).unwrap();
        app.on_tick(at(0.0));
        app.on_key(Action::Go, at(10.0));
        app.on_key(Action::Go, at(20.0));
        app.on_key(Action::Go, at(35.0));
        app.on_key(Action::Go, at(35.0));
        let text = report(
            &app.session,
            Some(Path::new("r/session.yaml")),
            &app.pace,
            80,
        );
        assert!(
            text.contains("0:35 against a plan of 0:30 (over by 0:05)"),
            "{text}"
        );
        let cols: Vec<usize> = text
            .lines()
            .filter(|l| l.contains("0:10 "))
            .map(|l| text_width(&l[..l.find("0:10").unwrap()]))
            .collect();
        assert!(
            cols.len() >= 3 && cols.iter().all(|c| *c == cols[0]),
            "columns misaligned: {cols:?}\n{text}"
        );
        assert!(!text.contains("WPM"), "no recording, no pace: {text}");
    }

    #[test]
    fn the_report_gives_words_a_minute_and_fillers_per_section() {
        use crate::audio::analysis::{EnvelopeBuilder, Options, analyze};
        use crate::session::analysis::Span;
        let mut app =
            Present::new(plan(), session(crate::session::Kind::Present), false, true).unwrap();
        app.on_tick(at(0.0));
        app.on_key(Action::Go, at(10.0));
        app.on_key(Action::Go, at(20.0));
        app.on_key(Action::Go, at(30.0));
        app.on_key(Action::Go, at(30.0));
        // Thirty seconds: speech from 2 s to 28 s; three sections of ten.
        let mut b = EnvelopeBuilder::new(8000);
        b.push(&[0.0; 16_000]);
        let tone: Vec<f32> = (0..8000 * 26)
            .map(|i| 0.3 * (i as f32 * 0.1).sin())
            .collect();
        b.push(&tone);
        b.push(&[0.0; 16_000]);
        let mut a = analyze(&b.finish(), &Options::default());
        // 30 syllables over the 8 s spoken in the first section (167 wpm at
        // 1.35 a word), 10 over 10 s in the second (44), none over 8 s in
        // the third; one filler in the second.
        let secs = |t: f64| Duration::from_secs_f64(t);
        a.nuclei = (0..30)
            .map(|k| secs(0.2 + k as f64 * 0.3))
            .chain((0..10).map(|k| secs(10.5 + k as f64 * 0.9)))
            .collect();
        crate::audio::analysis::set_pace(
            &mut a,
            40,
            vec![Span {
                start: secs(15.0),
                length: Duration::ZERO,
            }],
        );
        app.session.talk.as_mut().unwrap().analysis = Some(a);
        let text = report(
            &app.session,
            Some(Path::new("r/session.yaml")),
            &app.pace,
            80,
        );
        let row = |name: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(name))
                .unwrap_or_else(|| panic!("{name} in {text}"))
                .split_whitespace()
                .rev()
                .take(2)
                .collect::<Vec<_>>()
        };
        assert!(text.contains("WPM  FILLERS"), "{text}");
        assert_eq!(row("Alpha")[1], "167", "{text}");
        assert_eq!(row("Beta"), ["1", "44"], "{text}");
        assert_eq!(row("Gamma")[1], "0", "{text}");
    }

    /// A talk of `p` whose clock starts at once, after `keys` at their times.
    fn talk_of(p: &Plan, keys: &[(Action, f64)]) -> Present {
        let kind = crate::session::Kind::Present;
        let mut app = Present::new(p.clone(), session(kind), false, true).unwrap();
        app.on_tick(at(0.0));
        for &(key, t) in keys {
            app.on_key(key, at(t));
        }
        app
    }

    #[test]
    fn a_forty_column_terminal_gets_a_report_and_history_no_line_over_forty() {
        let mut p = plan();
        p.sections[0].name = "Opening with the numbers and the story".into();
        let app = talk_of(
            &p,
            &[
                (Action::Go, 10.0),
                (Action::Go, 20.0),
                (Action::Go, 35.0),
                (Action::Go, 35.0),
            ],
        );
        let report = report(&app.session, None, &app.pace, 40);
        let talk = app.session.talk.clone().unwrap();
        let runs: Vec<(String, Talk)> = ["2026-11-01", "2026-11-02", "2026-11-03"]
            .iter()
            .map(|d| (format!("{d}T09:00:00Z"), talk.clone()))
            .collect();
        let history = history_table(&p, &runs, Path::new("r"), 40);
        for text in [&report, &history] {
            for line in text.lines() {
                assert!(text_width(line) <= 40, "{line:?}\n{text}");
            }
        }
        // The name gives way; the figures stay whole.
        assert!(
            report.contains("\n  Opening wit…     0:10     0:10   +0:00\n"),
            "{report}"
        );
        assert!(
            history.contains("\nOpening with the numb…     0:10     0:10\n"),
            "{history}"
        );
    }

    #[test]
    fn history_shows_a_dash_for_a_section_a_run_never_reached() {
        let p = plan();
        // The second section, and the talk ends in it.
        let app = talk_of(
            &p,
            &[(Action::Go, 10.0), (Action::End, 12.0), (Action::End, 12.0)],
        );
        let talk = app.session.talk.clone().expect("a talk");
        let last = talk.sections.last().expect("sections");
        assert_eq!(last.start, Some(None), "{talk:?}");
        let runs = vec![("2026-11-01T09:00:00Z".to_string(), talk)];
        let history = history_table(&p, &runs, Path::new("r"), 80);
        let row = history
            .lines()
            .find(|l| l.starts_with(&p.sections[2].name))
            .unwrap_or_else(|| panic!("{history}"));
        assert!(row.trim_end().ends_with('–'), "{row:?}\n{history}");
    }

    #[test]
    fn screens_with_both_clocks_and_long_notes() {
        let mut plan = plan();
        plan.sections[0].notes = Some("Open with the numbers, then the story. ".repeat(6));
        let mut app =
            Present::new(plan, session(crate::session::Kind::Present), false, false).unwrap();
        app.on_key(Action::Go, at(1.0));
        let shown = crate::ui::screen::at_sizes(|p, w| frame(p, &app, None, at(13.0), w));
        let small = shown.split("80x24:").next().unwrap_or_default();
        assert!(small.contains("SECTION  0:12"), "{small}");
        insta::assert_snapshot!("present", shown);
    }
}
