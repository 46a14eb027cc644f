//! A recording's level envelope as inline SVG: the loudest 10 ms frame of
//! each column, from the noise floor (or 60 dB under the loudest frame) to
//! the loudest, as the replay's level line draws it; pauses, fillers and a
//! talk's sections marked on it; a time axis under it.

use super::html::esc;
use crate::duration::fmt_mss;
use crate::ui::replay_view::Loudness;
use std::fmt::Write;
use std::time::Duration;

/// Drawing units across the envelope.
const WIDTH: f64 = 1000.0;
/// Drawing units from silence to the loudest frame.
const HEIGHT: f64 = 100.0;
/// Room under the envelope for the time axis.
const AXIS: f64 = 18.0;

/// What is marked on an envelope, each in seconds from the recording's start.
#[derive(Debug, Default)]
pub struct Marks {
    /// Pauses: start and end.
    pub pauses: Vec<(f64, f64)>,
    /// Filled pauses and filler words: start, end, and the word when known.
    pub fillers: Vec<(f64, f64, Option<String>)>,
    /// Where each visit to a section begins, with its name.
    pub sections: Vec<(f64, String)>,
}

/// The envelope of `loud` over `length`, with `marks`, and `floor_db`, the
/// recording's noise floor.
pub fn envelope(loud: &Loudness, length: Duration, floor_db: f32, marks: &Marks) -> String {
    let len = length.as_secs_f64().max(1e-3);
    let x = |t: f64| (t / len * WIDTH).clamp(0.0, WIDTH);
    let top = loud.db.iter().copied().fold(f32::MIN, f32::max);
    let floor = floor_db.max(top - 60.0);
    let top = top.max(floor + 1.0);
    let columns = loud.db.len().clamp(1, WIDTH as usize);
    let per = loud.db.len() as f64 / columns as f64;
    let mut path = format!("M0,{HEIGHT}");
    for i in 0..columns {
        let (a, b) = ((i as f64 * per) as usize, ((i + 1) as f64 * per) as usize);
        let db = loud.db[a..b.max(a + 1).min(loud.db.len())]
            .iter()
            .copied()
            .fold(floor, f32::max);
        let y = HEIGHT - f64::from((db - floor) / (top - floor)) * HEIGHT;
        let _ = write!(
            path,
            " L{:.1},{y:.1}",
            (i as f64 + 0.5) / columns as f64 * WIDTH
        );
    }
    let _ = write!(path, " L{WIDTH},{HEIGHT} Z");
    let mut svg = format!(
        "<svg class=\"envelope\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" aria-label=\"loudness over time\">",
        HEIGHT + AXIS
    );
    let span = |class: &str, a: f64, b: f64, title: &str| {
        format!(
            "<rect class=\"{class}\" x=\"{:.1}\" y=\"0\" width=\"{:.1}\" height=\"{HEIGHT}\"><title>{title}</title></rect>",
            x(a),
            (x(b) - x(a)).max(1.0)
        )
    };
    for &(a, b) in &marks.pauses {
        svg += &span("pause", a, b, &format!("pause {:.1} s at {}", b - a, at(a)));
    }
    let _ = write!(svg, "<path class=\"level\" d=\"{path}\"/>");
    for (a, b, word) in &marks.fillers {
        let what = word.as_deref().map_or("filled pause".into(), esc);
        svg += &span("filler", *a, *b, &format!("{what} at {}", at(*a)));
    }
    for (t, name) in &marks.sections {
        let _ = write!(
            svg,
            "<line class=\"section\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{HEIGHT}\"/><text class=\"section\" x=\"{1:.1}\" y=\"11\">{2}</text>",
            x(*t),
            x(*t) + 3.0,
            esc(name)
        );
    }
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"0\" x2=\"{WIDTH}\" y1=\"{HEIGHT}\" y2=\"{HEIGHT}\"/>"
    );
    let step = tick_step(len);
    let mut t = 0.0;
    while t <= len + 1e-9 {
        let anchor = if x(t) > WIDTH - 20.0 { "end" } else { "start" };
        let _ = write!(
            svg,
            "<line class=\"tick\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{HEIGHT}\" y2=\"{1}\"/><text class=\"tick\" x=\"{0:.1}\" y=\"{2}\" text-anchor=\"{anchor}\">{3}</text>",
            x(t),
            HEIGHT + 4.0,
            HEIGHT + AXIS - 2.0,
            at(t)
        );
        t += step;
    }
    svg += "</svg>";
    svg
}

/// Seconds between ticks: the first of 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10 min
/// that puts at most ten on `len` seconds.
fn tick_step(len: f64) -> f64 {
    [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0]
        .into_iter()
        .find(|s| len / s <= 10.0)
        .unwrap_or(1200.0)
}

/// A time in the recording as m:ss.
fn at(secs: f64) -> String {
    fmt_mss(Duration::from_secs_f64(secs.max(0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loud(db: Vec<f32>) -> Loudness {
        Loudness {
            db,
            frame: Duration::from_millis(10),
        }
    }

    #[test]
    fn marks_sit_where_their_times_are_and_the_axis_ticks_each_second() {
        let marks = Marks {
            pauses: vec![(2.5, 5.0)],
            fillers: vec![(7.5, 8.0, Some("<um>".into()))],
            sections: vec![(0.0, "Situation & task".into())],
        };
        let svg = envelope(
            &loud(vec![-30.0; 1000]),
            Duration::from_secs(10),
            -90.0,
            &marks,
        );
        assert!(
            svg.contains("<rect class=\"pause\" x=\"250.0\" y=\"0\" width=\"250.0\""),
            "{svg}"
        );
        assert!(
            svg.contains("<rect class=\"filler\" x=\"750.0\" y=\"0\" width=\"50.0\""),
            "{svg}"
        );
        assert!(svg.contains("<title>&lt;um&gt; at 0:07</title>"), "{svg}");
        assert!(svg.contains(">Situation &amp; task</text>"), "{svg}");
        assert_eq!(svg.matches("class=\"tick\" x1").count(), 11, "0:00 to 0:10");
        assert!(svg.contains(">0:10</text>"), "{svg}");
    }

    #[test]
    fn the_loudest_column_reaches_the_top_and_silence_the_floor() {
        let mut db = vec![-100.0; 200];
        db[150] = -10.0;
        let svg = envelope(&loud(db), Duration::from_secs(2), -100.0, &Marks::default());
        // 200 frames in 200 columns: column 150 is at the top, the rest at the bottom.
        assert!(svg.contains(" L752.5,0.0 "), "{svg}");
        assert!(svg.contains(" L757.5,100.0 "), "{svg}");
    }

    #[test]
    fn ticks_stay_few_on_a_long_talk() {
        assert_eq!(tick_step(10.0), 1.0);
        assert_eq!(tick_step(11.0), 2.0);
        assert_eq!(tick_step(20.0 * 60.0), 120.0);
    }
}
