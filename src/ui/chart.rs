//! The pictures `rehearse stats` draws on a terminal: for the whole history
//! and for each category, four small charts over time (the share of answers
//! on target, median length against target, words a minute, fillers a
//! minute), one point per period of `session::stats::periods`.

use super::table::Look;
use crate::duration::fmt_mss;
use crate::session::stats::Figures;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget};
use std::time::Duration;

/// Rows one chart takes: its title, the plot and its axis.
const CHART_ROWS: u16 = 7;
/// Narrower than this, the four charts of a group stand one above another.
const SIDE_BY_SIDE: u16 = 72;

/// One group's history: a heading and its periods, oldest first, each
/// with the label its point is known by (a date; the first and last are
/// named in the heading).
pub struct Group<'a> {
    /// "All categories", or the category's name.
    pub name: &'a str,
    /// What a period is ("session" or "week"), for the heading.
    pub period: &'a str,
    /// The figures per period.
    pub periods: &'a [Figures],
    /// A label per period.
    pub labels: &'a [String],
}

/// Rows [`render`] takes for `groups` at `width` columns.
pub fn height(groups: &[Group], width: u16) -> u16 {
    let per_group = if width >= SIDE_BY_SIDE { 2 } else { 4 } * CHART_ROWS + 2;
    per_group * groups.len() as u16
}

/// `groups` drawn as printed lines `width` columns wide.
pub fn lines(groups: &[Group], look: Look) -> String {
    let width = look.width.map_or(80, |w| w.min(usize::from(u16::MAX))) as u16;
    let area = Rect::new(0, 0, width, height(groups, width));
    let mut buf = Buffer::empty(area);
    render(groups, area, &mut buf, look);
    super::table::text(&buf, look)
}

/// Draws `groups` into `area` of `buf`, one below another, as far as it goes.
pub fn render(groups: &[Group], area: Rect, buf: &mut Buffer, look: Look) {
    let per_group = height(&groups[..groups.len().min(1)], area.width);
    let rows = Layout::vertical(groups.iter().map(|_| Constraint::Length(per_group)));
    for (group, area) in groups.iter().zip(rows.split(area).iter()) {
        draw_group(group, *area, buf, look);
    }
}

fn draw_group(g: &Group, area: Rect, buf: &mut Buffer, look: Look) {
    let n = g.periods.len();
    let span = match g.labels {
        [] => String::new(),
        [one] => format!(", {one}"),
        [first, .., last] => format!(", {first} to {last}"),
    };
    let heading = format!(
        "{} · {n} {}{}{span}",
        crate::text::safe(g.name),
        g.period,
        super::text::plural(n)
    );
    let bold = paint(look, Style::new().add_modifier(Modifier::BOLD));
    let [head, body, _gap] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let heading = crate::text::clip(&heading, usize::from(head.width));
    Paragraph::new(Line::styled(heading, bold)).render(head, buf);
    let cells: Vec<Rect> = if area.width >= SIDE_BY_SIDE {
        Layout::vertical([Constraint::Length(CHART_ROWS); 2])
            .split(body)
            .iter()
            .flat_map(|row| {
                Layout::horizontal([Constraint::Fill(1); 2])
                    .spacing(2)
                    .split(*row)
                    .to_vec()
            })
            .collect()
    } else {
        Layout::vertical([Constraint::Length(CHART_ROWS); 4])
            .split(body)
            .to_vec()
    };
    let series = |f: fn(&Figures) -> Option<f64>| -> Vec<(f64, f64)> {
        let points = g.periods.iter().enumerate();
        points
            .filter_map(|(i, p)| f(p).map(|v| (i as f64, v)))
            .collect()
    };
    let percent = |v: f64| format!("{v:.0}%");
    let mss = |v: f64| fmt_mss(Duration::from_secs_f64(v.max(0.0)));
    let whole = |v: f64| format!("{v:.0}");
    let one = |v: f64| format!("{v:.1}");
    let charts = [
        Plot::new(
            "On target",
            vec![series(|p| Some(p.on_target_share * 100.0))],
            &percent,
        )
        .zero_to(100.0),
        Plot::new(
            "Median length",
            vec![
                series(|p| Some(p.median_secs)),
                series(|p| Some(p.target_secs)),
            ],
            &mss,
        )
        .zero_based(),
        Plot::new("Words a minute", vec![series(|p| p.median_wpm)], &whole),
        Plot::new(
            "Fillers a minute",
            vec![series(|p| p.median_fillers_per_minute)],
            &one,
        )
        .zero_based(),
    ];
    for (plot, cell) in charts.iter().zip(cells) {
        plot.draw(n, cell, buf, look);
    }
}

/// One small chart: a title, up to two lines of points (the first measured,
/// the second what it is measured against), and how values are written.
struct Plot<'a> {
    title: &'a str,
    series: Vec<Vec<(f64, f64)>>,
    value: &'a dyn Fn(f64) -> String,
    floor: Option<f64>,
    ceiling: Option<f64>,
}

impl<'a> Plot<'a> {
    fn new(
        title: &'a str,
        series: Vec<Vec<(f64, f64)>>,
        value: &'a dyn Fn(f64) -> String,
    ) -> Plot<'a> {
        Plot {
            title,
            series,
            value,
            floor: None,
            ceiling: None,
        }
    }

    fn zero_based(self) -> Plot<'a> {
        Plot {
            floor: Some(0.0),
            ..self
        }
    }

    fn zero_to(self, top: f64) -> Plot<'a> {
        Plot {
            floor: Some(0.0),
            ceiling: Some(top),
            ..self
        }
    }

    /// The y range: from the floor (or a little under the least value) to
    /// the ceiling (or a little over the most), never empty.
    fn bounds(&self) -> Option<[f64; 2]> {
        let values = || self.series.iter().flat_map(|s| s.iter().map(|p| p.1));
        let least = values().reduce(f64::min)?;
        let most = values().reduce(f64::max)?;
        let low = self.floor.unwrap_or(least - (most - least) * 0.1);
        let high = self.ceiling.unwrap_or(most + (most - least) * 0.1);
        Some(if high > low {
            [low, high]
        } else {
            [low, low + 1.0]
        })
    }

    fn draw(&self, n: usize, area: Rect, buf: &mut Buffer, look: Look) {
        let [head, plot] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let width = usize::from(head.width);
        let title =
            |more: &str| Line::from(crate::text::clip(&format!("{}{more}", self.title), width));
        let Some([low, high]) = self.bounds() else {
            Paragraph::new(title(": not measured yet")).render(head, buf);
            return;
        };
        let last = self.series[0]
            .last()
            .map_or(String::new(), |p| (self.value)(p.1));
        let against = if self.series.len() > 1 {
            ", target •"
        } else {
            ""
        };
        Paragraph::new(title(&format!(" (latest {last}{against})"))).render(head, buf);
        // One point alone has no line to draw: it is drawn as a point.
        let graph = if n > 1 {
            GraphType::Line
        } else {
            GraphType::Scatter
        };
        let markers = match look.ascii {
            true => [Marker::Block, Marker::Dot],
            false => [Marker::Braille, Marker::Dot],
        };
        let colours = [Color::Cyan, Color::DarkGray];
        let datasets = self
            .series
            .iter()
            .zip(markers.into_iter().zip(colours))
            .map(|(points, (marker, colour))| {
                Dataset::default()
                    .data(points)
                    .graph_type(graph)
                    .marker(marker)
                    .style(paint(look, Style::new().fg(colour)))
            })
            .collect();
        let chart = Chart::new(datasets)
            .x_axis(Axis::default().bounds([0.0, (n.max(2) - 1) as f64]))
            .y_axis(
                Axis::default()
                    .bounds([low, high])
                    .labels([(self.value)(low), (self.value)(high)]),
            )
            .legend_position(None);
        chart.render(plot, buf);
    }
}

/// `style` where colour is on, else no style at all.
fn paint(look: Look, style: Style) -> Style {
    if look.colour { style } else { Style::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A period with these figures; the rest empty.
    fn period(on_target: f64, median: f64, wpm: Option<f64>, fillers: Option<f64>) -> Figures {
        Figures {
            name: String::new(),
            category: None,
            text: None,
            attempts: 2,
            median_secs: median,
            last_secs: median,
            target_secs: 90.0,
            over_share: 0.0,
            short_share: 1.0 - on_target,
            on_target_share: on_target,
            mean_rating: None,
            mean_first_word_secs: None,
            mean_long_pauses: None,
            median_wpm: wpm,
            wpm_from: None,
            median_fillers_per_minute: fillers,
            fillers_from: None,
            median_tics_per_minute: None,
            star_answers: 0,
            result_stated_share: None,
            last_practised: String::new(),
        }
    }

    /// Four sessions getting better: on target 0 → 100 %, length up to the
    /// 1:30 target, pace 120 → 150, fillers 6 → 1 a minute (the third
    /// unmeasured).
    fn history() -> (Vec<Figures>, Vec<String>) {
        let periods = vec![
            period(0.0, 30.0, Some(120.0), Some(6.0)),
            period(0.5, 60.0, Some(130.0), Some(4.0)),
            period(0.5, 75.0, None, None),
            period(1.0, 90.0, Some(150.0), Some(1.0)),
        ];
        let labels = ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"];
        (periods, labels.map(String::from).to_vec())
    }

    fn drawn(width: u16, height: u16, look: Look) -> String {
        let (periods, labels) = history();
        let groups = [Group {
            name: "All categories",
            period: "session",
            periods: &periods,
            labels: &labels,
        }];
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        render(&groups, area, &mut buf, look);
        super::super::table::text(&buf, look)
    }

    #[test]
    fn snapshots_at_three_sizes_and_in_ascii() {
        insta::assert_snapshot!("chart_20x5", drawn(20, 5, Look::default()));
        insta::assert_snapshot!("chart_80x24", drawn(80, 24, Look::default()));
        insta::assert_snapshot!("chart_120x40", drawn(120, 40, Look::default()));
        let ascii = Look {
            ascii: true,
            ..Look::default()
        };
        let plain = drawn(80, 24, ascii);
        let drawn = |c: &char| ('\u{2500}'..='\u{28FF}').contains(c) || *c == '•';
        assert!(!plain.chars().any(|c| drawn(&c)), "{plain}");
        insta::assert_snapshot!("chart_80x24_ascii", plain);
    }

    #[test]
    fn the_points_and_scales_are_the_history_s() {
        let ascii = Look {
            ascii: true,
            ..Look::default()
        };
        let out = drawn(120, 40, ascii);
        let lines: Vec<&str> = out.lines().collect();
        // Each chart names its latest figure; the scales run from a little
        // under the least to a little over the most, or from zero.
        for title in [
            "On target (latest 100%)",
            "Median length (latest 1:30, target .)",
            "Words a minute (latest 150)",
            "Fillers a minute (latest 1.0)",
        ] {
            assert!(out.contains(title), "{title}\n{out}");
        }
        let row = |label: &str| lines.iter().find(|l| l.starts_with(label)).unwrap();
        // 120 to 150 words a minute with a tenth of the range either side.
        assert!(row("117|").contains('#') && lines.iter().any(|l| l.starts_with("153|")));
        // Length 0:30 to 1:30 from zero, to a tenth over the most: 1:36.
        assert!(row("0%").contains("0:00"), "{out}");
        assert!(row("100%").contains("1:36"), "{out}");
        // On target from 0 % (first point, bottom left) to 100 % (last, top right).
        // The left half of the line is the first chart's.
        let plot = |l: &str| l[..60].split('|').nth(1).unwrap().to_string();
        let bottom = plot(row("0%"));
        let top = plot(row("100%"));
        assert!(bottom.starts_with('#') && !top.starts_with('#'), "{out}");
        let right = |s: &str| s.trim_end().len();
        assert!(right(&top) > right(&bottom), "{out}");
        // The target is a dotted line at the top of the length scale's range.
        assert!(row("100%").contains("|....."), "{out}");
    }

    #[test]
    fn printed_pictures_never_pass_the_width() {
        let (periods, labels) = history();
        let groups = [Group {
            name: "a category with a rather long name indeed",
            period: "week",
            periods: &periods,
            labels: &labels,
        }];
        for width in [20, 40, 71, 72, 80, 120] {
            let look = Look {
                width: Some(width),
                ..Look::default()
            };
            let out = lines(&groups, look);
            for line in out.lines() {
                assert!(crate::text::width(line) <= width, "{width}: {line:?}");
            }
            assert!(out.contains("Words a minute"), "{width}\n{out}");
        }
    }
}
