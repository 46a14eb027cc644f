//! Pace and filled pauses as the speaker sees them: one line for a verdict
//! screen or summary ("148 wpm · 2 fillers", with "too fast" / "too slow"),
//! and where the fillers fall on an activity strip. Pure functions, so the
//! drill, summary and replay screens show the same words.

use super::text::plural;
use crate::config::{PaceBand, Speed};
use crate::session::analysis::Analysis;
use std::time::Duration;

/// Cell of an activity strip that holds the start of a filled pause.
pub const FILLER_CELL: char = 'u';

/// "148 wpm · 2 fillers", with "too fast" or "too slow" after the rate when
/// it is outside the band and "(4.1/min, many)" after the fillers when
/// their rate is over the threshold; `None` when the analysis has no rate
/// (nothing said, or a session stored before rates were measured).
pub fn pace_line(a: &Analysis, band: &PaceBand) -> Option<String> {
    let wpm = a.wpm?;
    let mut line = format!("{wpm:.0} wpm{}", judged(band, wpm));
    if let Some(per_minute) = a.fillers_per_minute {
        let n = a.fillers.len();
        line.push_str(&format!(" · {n} filler{}", plural(n)));
        if band.too_many_fillers(per_minute) {
            line.push_str(&format!(" ({per_minute:.1}/min, many)"));
        }
    }
    Some(line)
}

/// " too fast" or " too slow" after a rate outside the band, else nothing.
fn judged(band: &PaceBand, wpm: f64) -> &'static str {
    match band.judge(wpm) {
        Speed::TooFast => " too fast",
        Speed::TooSlow => " too slow",
        Speed::InBand => "",
    }
}

/// The session summary's line over every recorded answer: "median 148 wpm
/// too fast · 5 fillers (1.8/min)", the band and threshold judged on the
/// median pace and on all fillers over all speaking time from first word to
/// last; `None` when no answer has a rate.
pub fn summary_line<'a>(
    answers: impl IntoIterator<Item = &'a Analysis>,
    band: &PaceBand,
) -> Option<String> {
    let mut rates = Vec::new();
    let (mut fillers, mut minutes) = (0usize, 0.0f64);
    for a in answers {
        let Some(wpm) = a.wpm else { continue };
        rates.push(wpm);
        if let (Some(first), Some(last)) = (a.speech.first(), a.speech.last()) {
            fillers += a.fillers.len();
            minutes += last.end().saturating_sub(first.start).as_secs_f64() / 60.0;
        }
    }
    if rates.is_empty() {
        return None;
    }
    rates.sort_by(f64::total_cmp);
    let m = rates.len() / 2;
    let median = if rates.len() % 2 == 1 {
        rates[m]
    } else {
        (rates[m - 1] + rates[m]) / 2.0
    };
    let mut line = format!("median {median:.0} wpm{}", judged(band, median));
    let per_minute = if minutes > 0.0 {
        fillers as f64 / minutes
    } else {
        0.0
    };
    line.push_str(&format!(
        " · {fillers} filler{} ({per_minute:.1}/min{})",
        plural(fillers),
        if band.too_many_fillers(per_minute) {
            ", many"
        } else {
            ""
        }
    ));
    Some(line)
}

/// Puts [`FILLER_CELL`] on a strip of `total` drawn by
/// [`activity_strip`](super::strip::activity_strip) at each filled pause's start, keeping the
/// width; cells past the strip's end are left alone.
pub fn mark_fillers(strip: &str, a: &Analysis, total: Duration) -> String {
    let mut cells: Vec<char> = strip.chars().collect();
    let width = cells.len();
    let total_s = total.as_secs_f64();
    if width == 0 || total_s <= 0.0 {
        return strip.to_string();
    }
    for f in &a.fillers {
        let at = f.start.as_secs_f64() / total_s * width as f64;
        if at < width as f64 {
            cells[at as usize] = FILLER_CELL;
        }
    }
    cells.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::analysis::{EnvelopeBuilder, Options, analyze, set_pace};
    use crate::session::analysis::Span;

    fn spoken(wpm: f64, fillers: &[f64]) -> Analysis {
        // Ten seconds of steady sound between silences is one stretch of speech.
        let mut b = EnvelopeBuilder::new(8000);
        let tone: Vec<f32> = (0..80_000).map(|i| 0.3 * (i as f32 * 0.1).sin()).collect();
        b.push(&[0.0; 16_000]);
        b.push(&tone);
        b.push(&[0.0; 16_000]);
        let mut a = analyze(&b.finish(), &Options::default());
        let spans = fillers
            .iter()
            .map(|&s| Span {
                start: Duration::from_secs_f64(s),
                length: Duration::ZERO,
            })
            .collect();
        // 10 s at `wpm`: wpm / 6 words, times the syllables per word.
        let syllables = (wpm / 6.0 * crate::audio::analysis::SYLLABLES_PER_WORD).round() as u32;
        set_pace(&mut a, syllables, spans);
        a.wpm = Some(wpm); // exact, whatever the rounding of syllables
        a
    }

    #[test]
    fn the_line_says_the_rate_the_fillers_and_when_either_is_off() {
        // Answers of 10 s: one filler is 6 a minute.
        let band = PaceBand {
            max_fillers_per_minute: 10.0,
            ..PaceBand::default()
        };
        let table = [
            (140.0, vec![], "140 wpm · 0 fillers"),
            (140.0, vec![2.0], "140 wpm · 1 filler"),
            (200.0, vec![1.0], "200 wpm too fast · 1 filler"),
            (100.0, vec![], "100 wpm too slow · 0 fillers"),
            (
                140.0,
                vec![1.0, 2.0, 3.0, 4.0],
                "140 wpm · 4 fillers (24.0/min, many)",
            ),
        ];
        for (wpm, fillers, want) in table {
            let a = spoken(wpm, &fillers);
            assert_eq!(
                pace_line(&a, &band).as_deref(),
                Some(want),
                "{wpm} {fillers:?}"
            );
        }
    }

    #[test]
    fn no_rate_no_line() {
        let silent = analyze(&EnvelopeBuilder::new(8000).finish(), &Options::default());
        assert_eq!(pace_line(&silent, &PaceBand::default()), None);
    }

    #[test]
    fn the_summary_takes_the_median_pace_and_all_fillers() {
        let band = PaceBand::default();
        let answers = [
            spoken(130.0, &[]),
            spoken(190.0, &[1.0]),
            spoken(175.0, &[2.0]),
        ];
        // 30 s of speech in all, 2 fillers: 4 a minute.
        assert_eq!(
            summary_line(&answers, &band).as_deref(),
            Some("median 175 wpm too fast · 2 fillers (4.0/min, many)")
        );
        assert_eq!(
            summary_line(&answers[..2], &band).as_deref(),
            Some("median 160 wpm · 1 filler (3.0/min)")
        );
        let silent = analyze(&EnvelopeBuilder::new(8000).finish(), &Options::default());
        assert_eq!(summary_line([&silent], &band), None);
    }

    #[test]
    fn fillers_are_marked_where_they_start_and_the_width_is_kept() {
        let a = spoken(140.0, &[0.0, 5.0, 9.99, 12.0]);
        let strip = "██████████";
        let marked = mark_fillers(strip, &a, Duration::from_secs(10));
        // (The 12 s filler lies past the 10 s strip.)
        assert_eq!(marked, "u████u███u");
        assert_eq!(mark_fillers("", &a, Duration::from_secs(10)), "");
    }
}
