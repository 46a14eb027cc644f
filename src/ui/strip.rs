//! The activity strip: a recording's speech, silence and pauses drawn as a
//! row of cells, for the analysis, drill and replay screens.

use crate::session::analysis::{Analysis, Span};
use std::time::Duration;

/// Cell of an [`activity_strip`] that is mostly speech.
pub const SPEECH_CELL: char = '█';
/// Cell that holds some speech, less than half.
pub const SOME_SPEECH_CELL: char = '▄';
/// Cell of silence that is not a reported pause (gaps, lead-in, the end).
pub const SILENCE_CELL: char = '·';
/// Cell that is mostly a reported pause.
pub const PAUSE_CELL: char = '▁';
/// Cell past the end of the recording.
pub const EMPTY_CELL: char = ' ';

/// Speech against silence over `total`, in exactly `width` cells: mostly
/// speech [`SPEECH_CELL`], some speech [`SOME_SPEECH_CELL`], silence
/// [`SILENCE_CELL`], a reported pause [`PAUSE_CELL`] (every pause gets at
/// least one cell), and past the end of the recording [`EMPTY_CELL`].
pub fn activity_strip(analysis: &Analysis, total: Duration, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let total_s = total.as_secs_f64();
    if total_s <= 0.0 {
        return std::iter::repeat_n(EMPTY_CELL, width).collect();
    }
    let cell_s = total_s / width as f64;
    let cover = |spans: &mut dyn Iterator<Item = (f64, f64)>| -> Vec<f64> {
        let mut frac = vec![0.0; width];
        for (a, b) in spans {
            let (a, b) = (a.clamp(0.0, total_s), b.clamp(0.0, total_s));
            if b <= a {
                continue;
            }
            let first = ((a / cell_s) as usize).min(width - 1);
            let last = ((b / cell_s) as usize).min(width - 1);
            for (i, f) in frac.iter_mut().enumerate().take(last + 1).skip(first) {
                let (c0, c1) = (i as f64 * cell_s, (i + 1) as f64 * cell_s);
                *f += (b.min(c1) - a.max(c0)).max(0.0) / cell_s;
            }
        }
        frac
    };
    let span_secs = |s: &Span| (s.start.as_secs_f64(), s.end().as_secs_f64());
    let speech = cover(&mut analysis.speech.iter().map(span_secs));
    let pauses = cover(&mut analysis.pauses.iter().map(span_secs));
    let recorded = cover(&mut std::iter::once((0.0, analysis.length.as_secs_f64())));
    let mut cells: Vec<char> = (0..width)
        .map(|i| {
            if recorded[i] < 0.5 {
                EMPTY_CELL
            } else if pauses[i] >= 0.5 {
                PAUSE_CELL
            } else if speech[i] >= 0.5 {
                SPEECH_CELL
            } else if speech[i] > 0.0 {
                SOME_SPEECH_CELL
            } else {
                SILENCE_CELL
            }
        })
        .collect();
    for p in &analysis.pauses {
        let (a, b) = span_secs(p);
        if a >= total_s {
            continue;
        }
        let first = ((a / cell_s) as usize).min(width - 1);
        let last = ((b.min(total_s) / cell_s) as usize).min(width - 1);
        if !cells[first..=last].contains(&PAUSE_CELL) {
            let mid = (((a + b.min(total_s)) / 2.0 / cell_s) as usize).min(width - 1);
            cells[mid] = PAUSE_CELL;
        }
    }
    cells.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::analysis::{EnvelopeBuilder, Options, analyze};

    /// The analysis of `secs` of digital silence at 8 kHz.
    fn silence(secs: f64) -> Analysis {
        let mut b = EnvelopeBuilder::new(8000);
        b.push(&vec![0.0; (secs * 8000.0) as usize]);
        analyze(&b.finish(), &Options::default())
    }

    #[test]
    fn an_empty_recording_is_an_empty_strip() {
        let a = silence(0.0);
        assert_eq!(activity_strip(&a, a.length, 12), " ".repeat(12));
    }

    fn span(a: f64, b: f64) -> Span {
        Span {
            start: Duration::from_secs_f64(a),
            length: Duration::from_secs_f64(b - a),
        }
    }

    fn made_up(speech: &[(f64, f64)], pauses: &[(f64, f64)], length: f64) -> Analysis {
        let mut a = silence(length);
        a.speech = speech.iter().map(|&(s, e)| span(s, e)).collect();
        a.pauses = pauses.iter().map(|&(s, e)| span(s, e)).collect();
        a
    }

    #[test]
    fn strip_shows_speech_silence_and_pauses_cell_by_cell() {
        let a = made_up(&[(1.0, 3.0), (6.0, 9.0)], &[(3.0, 6.0)], 10.0);
        assert_eq!(activity_strip(&a, a.length, 10), "·██▁▁▁███·");
        assert_eq!(activity_strip(&a, a.length, 20), "··████▁▁▁▁▁▁██████··");
    }

    #[test]
    fn strip_marks_partial_speech_and_time_past_the_end() {
        let a = made_up(&[(0.0, 1.4), (2.0, 2.2)], &[], 3.0);
        // Cells of 1 s: full, 0.4 speech, 0.2 speech; then 3 s not recorded.
        assert_eq!(activity_strip(&a, Duration::from_secs(6), 6), "█▄▄   ");
    }

    #[test]
    fn every_pause_gets_a_cell_even_when_narrower_than_one() {
        let a = made_up(&[(0.0, 29.0), (30.6, 60.0)], &[(29.0, 30.6)], 60.0);
        let strip = activity_strip(&a, a.length, 10);
        assert_eq!(
            strip.chars().filter(|&c| c == PAUSE_CELL).count(),
            1,
            "{strip}"
        );
        assert_eq!(strip.chars().nth(4), Some(PAUSE_CELL), "{strip}");
    }

    #[test]
    fn strip_is_exactly_the_width_asked_for() {
        let a = made_up(&[(0.5, 2.0), (4.0, 5.5)], &[(2.0, 4.0)], 6.0);
        for width in [0, 1, 3, 20, 79, 80, 100, 333] {
            assert_eq!(activity_strip(&a, a.length, width).chars().count(), width);
            assert_eq!(
                activity_strip(&a, a.length * 3, width).chars().count(),
                width
            );
        }
    }
}
