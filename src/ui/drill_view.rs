//! What the drill looks like: the live screen for each stage, and the
//! summary printed when the session ends.

use crate::audio::analysis::Analysis;
use crate::audio::capture::{Meter, SILENCE_DBFS};
use crate::cmd::drill::{Drill, Stage};
use crate::duration::fmt_mss;
use crate::session::{Item, Session, Verdict};
use crate::timing::{Phase, Segment};
use crate::ui::bar::CapturedBar;
use crate::ui::screen::Frame;
use crate::ui::style::{Palette, Tone};
use crate::ui::text::{clip, wrap};
use std::path::Path;
use std::time::Duration;

/// Keeps the answer bar between frames.
pub struct DrillView {
    palette: Palette,
    bar: Option<(CapturedBar, usize, u64)>,
    level: Option<CapturedBar>,
}

impl Default for DrillView {
    fn default() -> Self {
        DrillView::new(Palette::from_env())
    }
}

impl DrillView {
    /// A view painting with `palette`.
    pub fn new(palette: Palette) -> DrillView {
        DrillView {
            palette,
            bar: None,
            level: None,
        }
    }

    fn bar(&mut self, width: usize, len_ms: u64, pos_ms: u64, tone: Tone) -> String {
        let stale = !matches!(&self.bar, Some((_, w, l)) if *w == width && *l == len_ms);
        if stale {
            self.bar = Some((
                CapturedBar::new(len_ms, width, self.palette.colour()),
                width,
                len_ms,
            ));
        }
        match &mut self.bar {
            Some((bar, _, _)) => bar.render(pos_ms, tone),
            None => String::new(),
        }
    }

    /// The screen for `drill` at `now`, `width` columns wide; `meter` when recording.
    pub fn frame(
        &mut self,
        drill: &Drill<'_>,
        meter: Option<&Meter>,
        now: Duration,
        width: usize,
    ) -> Frame {
        let width = width.max(20);
        let p = self.palette;
        let mut f = Frame::default();
        let Some(cur) = &drill.current else {
            f.push("Session over.");
            return f;
        };
        let heading = match &cur.follow_up {
            Some(_) => format!(
                "Follow-up · question {} of {} · {}",
                cur.number,
                drill.total(),
                cur.question.category
            ),
            None => format!(
                "Question {} of {} · {}",
                cur.number,
                drill.total(),
                cur.question.category
            ),
        };
        f.push(p.paint(&clip(&heading, width), Tone::Dim));
        f.blank();
        for line in wrap(cur.text(), width - 1, "", "") {
            f.push(p.paint(&line, Tone::Strong));
        }
        f.blank();
        let budget = cur.budget;
        match &drill.stage {
            Stage::Think { until } => {
                let left = until.saturating_sub(now);
                let secs = left.as_millis().div_ceil(1000) as u64;
                f.push(format!(
                    "{}  {}",
                    p.paint("THINK", Tone::Strong),
                    fmt_mss(Duration::from_secs(secs))
                ));
                f.push(clip(
                    &format!(
                        "Answer starts by itself; target {}.",
                        fmt_mss(budget.target())
                    ),
                    width,
                ));
            }
            Stage::Answer { segment, parts, .. } => {
                self.answer_lines(&mut f, segment, now, width);
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
                    let next = if run.is_last_section() {
                        ""
                    } else {
                        " · Tab next part"
                    };
                    let text = format!(
                        "PART {} ({} of {})  {} / {}{next}",
                        part.name(),
                        i + 1,
                        run.sections().len(),
                        fmt_mss(elapsed),
                        fmt_mss(budget)
                    );
                    f.push(p.paint(&clip(&text, width), tone));
                }
                if let Some(m) = meter {
                    self.meter_lines(&mut f, m, segment.elapsed(now), width);
                }
            }
            Stage::Rate { item } => {
                if let Some(it) = drill.session.items.get(*item) {
                    let (text, tone) = verdict_line(it);
                    f.push(p.paint(&clip(&text, width), tone));
                    if let Some(a) = &it.analysis {
                        for line in wrap(&audio_line(a), width - 1, "", "") {
                            f.push(line);
                        }
                    }
                    f.blank();
                    f.push(clip("Rate this answer 1–5, or Enter to skip.", width));
                }
            }
            Stage::Over => {}
        }
        if drill.show_hints && !matches!(drill.stage, Stage::Rate { .. }) {
            f.blank();
            if cur.question.hints.is_empty() {
                f.push(p.paint("No hints for this question.", Tone::Dim));
            }
            for h in &cur.question.hints {
                for line in wrap(h, width - 1, "• ", "  ") {
                    f.push(line);
                }
            }
        }
        if let Some(n) = &drill.notice {
            f.blank();
            for line in wrap(n, width - 1, "", "") {
                f.push(p.paint(&line, Tone::Warn));
            }
        }
        let keys = match &drill.stage {
            Stage::Think { .. } => "Space answer now · h hints · s skip · q end",
            Stage::Answer { parts: Some(_), .. } => {
                "Space done · Tab next part · p pause · h hints · r restart · s skip · q end"
            }
            Stage::Answer { .. } => "Space done · p pause · h hints · r restart · s skip · q end",
            Stage::Rate { .. } => "1–5 rate · Enter skip · q end",
            Stage::Over => "",
        };
        f.footer = wrap(keys, width - 1, "", "")
            .into_iter()
            .map(|l| p.paint(&l, Tone::Dim))
            .collect();
        f
    }

    fn meter_lines(&mut self, f: &mut Frame, m: &Meter, elapsed: Duration, width: usize) {
        let p = self.palette;
        let cells = width.saturating_sub(20).clamp(10, 30);
        let level = self
            .level
            .get_or_insert_with(|| CapturedBar::new(60, cells, p.colour()));
        // The meter spans −60 dBFS (empty) to 0 dBFS (full).
        let fill = (m.level_db + 60.0).clamp(0.0, 60.0) as u64;
        let tone = if m.level_db > -3.0 {
            Tone::Bad
        } else {
            Tone::Good
        };
        let bar = level.render(fill, tone);
        f.push(format!(
            "{} mic {bar} {:>4.0} dB",
            p.paint("● REC", Tone::Bad),
            m.level_db.max(-99.0)
        ));
        if m.dropped > 0 || m.xruns > 0 {
            let text = format!(
                "⚠ {} samples dropped, {} xrun{} in this answer",
                m.dropped,
                m.xruns,
                if m.xruns == 1 { "" } else { "s" }
            );
            f.push(p.paint(&clip(&text, width), Tone::Warn));
        }
        if elapsed >= Duration::from_secs(3) && m.take_peak_db < SILENCE_DBFS {
            f.push(p.paint(
                &clip("⚠ Only silence from the microphone so far: muted?", width),
                Tone::Warn,
            ));
        }
    }

    fn answer_lines(&mut self, f: &mut Frame, seg: &Segment, now: Duration, width: usize) {
        let p = self.palette;
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
                p.paint(&format!("{clock}  {label}"), tone)
            )
        };
        f.push(status);
        let bar_width = (width - 2).min(60);
        let target_ms = budget.target().as_millis() as u64;
        f.push(self.bar(bar_width, target_ms, elapsed.as_millis() as u64, tone));
        // The min mark sits under the bar where min falls; max is past the bar's end.
        let mut marks = String::new();
        if let Some(min) = budget.min() {
            let at = (bar_width as f64 * min.as_secs_f64() / budget.target().as_secs_f64()).round()
                as usize;
            marks.push_str(&" ".repeat(at.min(bar_width.saturating_sub(1))));
            marks.push_str(&format!("▲ min {}", fmt_mss(min)));
        }
        let right = format!("max {}", fmt_mss(budget.max()));
        let used = marks.chars().count();
        // Right-align "max" with the bar's end when it fits on the line.
        let room = bar_width.max(used + 2 + right.len());
        if room < width {
            marks.push_str(&" ".repeat(room - used - right.len()));
            marks.push_str(&right);
        }
        f.push(p.paint(&marks, Tone::Dim));
    }
}

/// The verdict sentence for a finished answer, and its tone.
pub fn verdict_line(it: &Item) -> (String, Tone) {
    let d = Duration::from_secs_f64(it.duration);
    let target = Duration::from_secs_f64(it.target);
    let max = Duration::from_secs_f64(it.max);
    match it.verdict {
        Verdict::TooShort => {
            let min = it.min.map_or(String::new(), |m| {
                format!(", min {}", fmt_mss(Duration::from_secs_f64(m)))
            });
            (
                format!(
                    "Too short: {} (target {}{min}).",
                    fmt_mss(d),
                    fmt_mss(target)
                ),
                Tone::Short,
            )
        }
        Verdict::OnTarget => (
            format!("On target: {} (target {}).", fmt_mss(d), fmt_mss(target)),
            Tone::Good,
        ),
        Verdict::Over => (
            format!(
                "Over by {}: {} (max {}).",
                fmt_mss(d.saturating_sub(max)),
                fmt_mss(d),
                fmt_mss(max)
            ),
            Tone::Bad,
        ),
        Verdict::Skipped => ("Skipped.".into(), Tone::Dim),
    }
}

/// What a recorded answer's audio shows, in one sentence.
pub fn audio_line(a: &Analysis) -> String {
    let Some(first) = a.first_word else {
        return "The recording holds no speech.".into();
    };
    let pauses = match (a.pauses.len(), a.pauses.iter().map(|p| p.length).max()) {
        (0, _) | (_, None) => format!("no pauses over {:.1} s", a.pause_threshold.as_secs_f64()),
        (n, Some(longest)) => format!(
            "{n} pause{} over {:.1} s (longest {:.1} s)",
            if n == 1 { "" } else { "s" },
            a.pause_threshold.as_secs_f64(),
            longest.as_secs_f64()
        ),
    };
    format!(
        "First word after {:.1} s · speaking {:.0} % · {pauses}.",
        first.as_secs_f64(),
        a.speaking_ratio * 100.0
    )
}

/// The end-of-session table and where the session was saved; plain `\n` text.
pub fn summary(session: &Session, saved: &Path, width: usize) -> String {
    let mut out = String::new();
    let answered = session
        .items
        .iter()
        .filter(|i| i.verdict != Verdict::Skipped)
        .count();
    let state = if session.completed {
        "completed"
    } else {
        "ended early"
    };
    out.push_str(&format!(
        "Session {}: {answered} answer{} ({state})\n\n",
        session.id,
        if answered == 1 { "" } else { "s" }
    ));
    if !session.items.is_empty() {
        // Fixed columns: #, time, target, verdict, rating; the question takes
        // the rest, keeping the line narrower than the terminal.
        let fixed = 3 + 2 + 2 + 6 + 2 + 6 + 2 + 10 + 2 + 6;
        let qw = width.saturating_sub(fixed + 1).clamp(16, 60);
        out.push_str(&format!(
            "{:>3}  {:<qw$}  {:>6}  {:>6}  {:<10}  {}\n",
            "#", "question", "time", "target", "verdict", "rating"
        ));
        for (i, it) in session.items.iter().enumerate() {
            let q = if it.follow_up_of.is_some() {
                format!("↳ {}", it.text)
            } else {
                it.text.clone()
            };
            let verdict = match it.verdict {
                Verdict::Over => format!(
                    "over +{}",
                    fmt_mss(Duration::from_secs_f64((it.duration - it.max).max(0.0)))
                ),
                v => v.label().to_string(),
            };
            out.push_str(&format!(
                "{:>3}  {:<qw$}  {:>6}  {:>6}  {:<10}  {}\n",
                i + 1,
                clip(&q, qw),
                fmt_mss(Duration::from_secs_f64(it.duration)),
                fmt_mss(Duration::from_secs_f64(it.target)),
                verdict,
                it.rating.map_or("–".to_string(), |r| r.to_string())
            ));
            if !it.parts.is_empty() {
                let parts: Vec<String> = it
                    .parts
                    .iter()
                    .map(|p| {
                        format!(
                            "{} {}/{}",
                            p.name,
                            fmt_mss(Duration::from_secs_f64(p.actual)),
                            fmt_mss(Duration::from_secs_f64(p.planned))
                        )
                    })
                    .collect();
                for line in wrap(
                    &parts.join(" · "),
                    width.saturating_sub(1).max(20),
                    "     ",
                    "     ",
                ) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            if let Some(a) = &it.analysis {
                for line in wrap(
                    &audio_line(a),
                    width.saturating_sub(1).max(20),
                    "     ",
                    "     ",
                ) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("Saved: {}\n", saved.display()));
    out
}
