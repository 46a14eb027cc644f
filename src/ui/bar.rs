//! Bars. On the interactive screens a bar is styled spans the view places
//! among its lines ([`bar`], [`scale`]); line-mode commands (mic check,
//! playback) get an indicatif bar on stderr from [`live_bar`], hidden when
//! stderr is not a terminal.

use super::style::{Palette, Tone};
use crate::duration::fmt_mss;
use crate::timing::Budget;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Sparkline, SparklineBar, Widget};
use std::time::Duration;

/// A bar `width` cells wide, filled to `fill` (0 to 1) in `tone`.
pub fn bar(p: &Palette, width: usize, fill: f64, tone: Tone) -> Vec<Span<'static>> {
    let filled = ((fill.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    vec![
        p.paint(&p.sym("█", "#").repeat(filled), tone),
        p.paint(&p.sym("░", "-").repeat(width - filled), Tone::Dim),
    ]
}

/// An answer's bar to scale from 0 to max, labelled with max at its end,
/// and the line under it marking where min and target fall; `width` columns in all.
pub fn scale(
    p: &Palette,
    width: usize,
    elapsed: Duration,
    budget: &Budget,
    tone: Tone,
) -> (Line<'static>, Line<'static>) {
    let max_label = format!(" max {}", fmt_mss(budget.max()));
    let bar_w = width.saturating_sub(max_label.len()).max(4);
    let max = budget.max().as_secs_f64().max(0.001);
    let mut line = Line::from(bar(p, bar_w, elapsed.as_secs_f64() / max, tone));
    line.push_span(p.paint(&max_label, Tone::Dim));
    let col = |d: Duration| {
        (((d.as_secs_f64() / max) * bar_w as f64).round() as usize).min(bar_w.saturating_sub(1))
    };
    let mark = p.sym("▲", "^");
    let mut marks = String::new();
    let mut used = 0;
    let mut labels = Vec::new();
    if let Some(min) = budget.min().filter(|m| !m.is_zero()) {
        labels.push((col(min), format!("{mark} min {}", fmt_mss(min))));
    }
    labels.push((
        col(budget.target()),
        format!("{mark} target {}", fmt_mss(budget.target())),
    ));
    for (at, text) in labels {
        // A label that would run into the one before it, or off the line, is left out.
        if (used > 0 && at < used) || at + super::text::width(&text) > width {
            continue;
        }
        marks.push_str(&" ".repeat(at - used));
        marks.push_str(&text);
        used = at + super::text::width(&text) + 1;
        marks.push(' ');
    }
    (line, p.paint(marks.trim_end(), Tone::Dim).into())
}

/// One line of `bars`, each from 0 (empty) to 8 eighths (full), drawn by
/// ratatui's `Sparkline` in each bar's own style.
pub fn sparkline(bars: Vec<SparklineBar>) -> Line<'static> {
    let area = Rect::new(0, 0, bars.len() as u16, 1);
    let mut buf = Buffer::empty(area);
    Sparkline::default()
        .data(bars)
        .max(8)
        .render(area, &mut buf);
    let mut line = Line::default();
    for c in buf.content() {
        match line.spans.last_mut() {
            Some(last) if last.style == c.style() => last.content.to_mut().push_str(c.symbol()),
            _ => line.push_span(Span::styled(c.symbol().to_string(), c.style())),
        }
    }
    line
}

/// A live bar on stderr for line-mode commands (mic check, playback),
/// hidden when stderr is not a terminal so pipes and logs stay clean.
pub fn live_bar(len: u64, template: &str) -> ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar =
        ProgressBar::with_draw_target(Some(len.max(1)), ProgressDrawTarget::stderr_with_hz(20));
    let chars = Palette::from_env().sym("█▌░", "#=-");
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars(chars));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: Vec<Span<'static>>) -> String {
        Line::from(spans).to_string()
    }

    #[test]
    fn bars_fill_in_proportion_in_unicode_or_ascii() {
        let p = Palette::plain();
        assert_eq!(text(bar(&p, 10, 0.5, Tone::Good)), "█████░░░░░");
        assert_eq!(text(bar(&p, 4, 1.7, Tone::Bad)), "████");
        assert_eq!(text(bar(&Palette::ascii(), 4, 0.25, Tone::Good)), "#---");
    }

    fn budget(min: u64, target: u64, max: u64) -> Budget {
        Budget::new(
            Some(Duration::from_secs(min)),
            Duration::from_secs(target),
            Duration::from_secs(max),
        )
        .unwrap()
    }

    #[test]
    fn the_answer_bar_runs_to_max_with_min_and_target_marked_where_they_fall() {
        let p = Palette::plain();
        for width in [40, 60, 100] {
            let b = budget(60, 120, 180);
            let (line, marks) = scale(&p, width, Duration::from_secs(90), &b, Tone::Good);
            let (line, marks) = (line.to_string(), marks.to_string());
            assert_eq!(super::super::text::width(&line), width, "{line}");
            assert!(line.ends_with("░ max 3:00"), "{line}");
            let bar_w = width - " max 3:00".len();
            // Half of max is half the bar.
            assert_eq!(
                line.chars().filter(|&c| c == '█').count(),
                (bar_w as f64 / 2.0).round() as usize,
                "{width}"
            );
            let min_at = marks.find("▲ min 1:00").map(|i| marks[..i].chars().count());
            let target_at = marks
                .find("▲ target 2:00")
                .map(|i| marks[..i].chars().count());
            assert_eq!(
                min_at,
                Some((bar_w as f64 / 3.0).round() as usize),
                "{marks}"
            );
            assert_eq!(
                target_at,
                Some((bar_w as f64 * 2.0 / 3.0).round() as usize),
                "{marks}"
            );
            assert!(super::super::text::width(&marks) <= width, "{marks}");
        }
    }

    #[test]
    fn past_max_the_bar_is_full_and_a_zero_min_is_not_marked() {
        let p = Palette::plain();
        let b = Budget::new(None, Duration::from_secs(10), Duration::from_secs(15)).unwrap();
        let (line, marks) = scale(&p, 29, Duration::from_secs(30), &b, Tone::Bad);
        let (line, marks) = (line.to_string(), marks.to_string());
        assert_eq!(line, format!("{} max 0:15", "█".repeat(20)));
        assert!(!marks.contains("min"), "{marks}");
        assert!(marks.contains("▲ target 0:10"));
    }
}
