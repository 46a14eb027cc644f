//! The text report of `rehearse analyze`: figures, then the activity strip
//! with filler marks and its legend, laid out for the terminal's width.

use crate::audio::analysis::{
    self, Analysis, PAUSE_CELL, PaceBand, SILENCE_CELL, SOME_SPEECH_CELL, SPEECH_CELL,
};
use crate::audio::wavfile::WavEnvelope;
use crate::duration::fmt_mss;
use crate::ui::pace::{FILLER_CELL, mark_fillers, pace_line};
use std::path::Path;
use std::time::Duration;

/// The text report, laid out for `width` columns.
pub fn report(
    path: &Path,
    read: &WavEnvelope,
    a: &Analysis,
    band: &PaceBand,
    width: usize,
) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("{label:<18}{value}\n"));
    };
    line("File", path.display().to_string());
    line("Length", format!("{} ({})", fmt_len(a.length), read.format));
    match a.first_word {
        Some(t) => line("First word", fmt_len(t)),
        None => line("First word", "none: no speech found".into()),
    }
    line(
        "Speaking",
        format!("{} ({:.0}%)", fmt_len(a.speaking), a.speaking_ratio * 100.0),
    );
    let over = crate::text::safe(&format!("Pauses ≥ {}", fmt_len(a.pause_threshold))).into_owned();
    if a.pauses.is_empty() {
        line(&over, "none".into());
    } else {
        line(&over, a.pauses.len().to_string());
        for p in &a.pauses {
            line(&format!("  at {}", fmt_pos(p.start)), fmt_len(p.length));
        }
    }
    if let Some(p) = a.longest_pause {
        line(
            "Longest pause",
            format!("{} at {}", fmt_len(p.length), fmt_pos(p.start)),
        );
    }
    if let Some(t) = a.trailing_silence {
        line("Trailing silence", fmt_len(t));
    }
    if let (Some(pace), Some(sps)) = (pace_line(a, band), a.syllables_per_second) {
        line(
            "Pace",
            format!(
                "{pace} ({sps:.1} syllables/s over {})",
                fmt_len(a.pace_time)
            ),
        );
    } else if let Some(per_minute) = a.fillers_per_minute {
        // Too little speech for a rate, but the fillers still count.
        line(
            "Fillers",
            format!("{} ({per_minute:.1}/min)", a.fillers.len()),
        );
    }
    for f in &a.fillers {
        line(&format!("  filler {}", fmt_pos(f.start)), fmt_len(f.length));
    }
    let speech = match a.levels.speech_db {
        Some(db) => format!(", speech {db:.0} dBFS"),
        None => String::new(),
    };
    // The floor estimate bottoms out at -100 dBFS: below that is digital silence.
    let floor = if a.levels.floor_db <= -100.0 {
        "digital silence".to_string()
    } else {
        format!("{:.0} dBFS", a.levels.floor_db)
    };
    line(
        "Levels",
        format!(
            "peak {:.1} dBFS, noise floor {floor}{speech}",
            a.levels.peak_db
        ),
    );
    if a.levels.clipped_samples > 0 {
        line(
            "Clipping",
            format!(
                "{} sample{} at full scale; turn the input gain down",
                a.levels.clipped_samples,
                super::text::plural(a.levels.clipped_samples as usize)
            ),
        );
    }
    out.push('\n');
    let strip = analysis::activity_strip(a, a.length, width);
    out.push_str(&mark_fillers(&strip, a, a.length));
    out.push('\n');
    let (start, end) = ("0:00".to_string(), fmt_mss(a.length));
    let gap = width.saturating_sub(start.len() + end.len()).max(1);
    out.push_str(&format!("{start}{}{end}\n", " ".repeat(gap)));
    let legend = [
        format!("{SPEECH_CELL} speech"),
        format!("{SOME_SPEECH_CELL} some speech"),
        format!("{SILENCE_CELL} silence"),
        format!("{PAUSE_CELL} pause ≥ {}", fmt_len(a.pause_threshold)),
        format!("{FILLER_CELL} filler"),
    ];
    let mut row = String::new();
    for item in legend {
        let len = row.chars().count();
        if len > 0 && len + 2 + item.chars().count() > width {
            out.push_str(&row);
            out.push('\n');
            row.clear();
        }
        if !row.is_empty() {
            row.push_str("  ");
        }
        row.push_str(&item);
    }
    out.push_str(&row);
    out.push('\n');
    out
}

/// `1.2 s` under a minute, `m:ss` from there.
fn fmt_len(d: Duration) -> String {
    if d < Duration::from_secs(60) {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        fmt_mss(d)
    }
}

/// A position in the recording to the nearest tenth: `m:ss.t`.
fn fmt_pos(d: Duration) -> String {
    let tenths = (d.as_millis() + 50) / 100;
    let secs = u64::try_from(tenths / 10).unwrap_or(u64::MAX);
    format!("{}.{}", fmt_mss(Duration::from_secs(secs)), tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::analysis::{EnvelopeBuilder, Options};
    use crate::audio::wavfile::{Encoding, WavFormat};

    #[test]
    fn positions_round_to_the_tenth_and_lengths_switch_to_minutes() {
        let ms = Duration::from_millis;
        assert_eq!(fmt_pos(ms(7_960)), "0:08.0");
        assert_eq!(fmt_pos(ms(62_340)), "1:02.3");
        assert_eq!(fmt_pos(ms(0)), "0:00.0");
        assert_eq!(fmt_len(ms(59_940)), "59.9 s");
        assert_eq!(fmt_len(ms(90_000)), "1:30");
    }

    #[test]
    fn narrow_terminals_get_a_narrow_strip_and_a_wrapped_legend() {
        let rate = 8000;
        let mut b = EnvelopeBuilder::new(rate);
        let tone: Vec<f32> = (0..rate * 2)
            .map(|i| 0.3 * (i as f32 * 0.2).sin())
            .collect();
        b.push(&vec![0.0; rate as usize]);
        b.push(&tone);
        b.push(&vec![0.0; 2 * rate as usize]);
        b.push(&tone);
        let read = WavEnvelope {
            envelope: b.finish(),
            format: WavFormat {
                sample_rate: rate,
                channels: 1,
                encoding: Encoding::Int { bits: 16 },
            },
            warning: None,
        };
        let a = analysis::analyze(&read.envelope, &Options::default());
        let text = report(Path::new("a.wav"), &read, &a, &PaceBand::default(), 24);
        let (_, tail) = text
            .split_once("\n\n")
            .expect("blank line before the strip");
        let lines: Vec<&str> = tail.lines().collect();
        // Two seconds of a steady tone are two filled pauses, marked `u`.
        assert_eq!(lines[0], "···u██████▁▁▁▁▁▁▁u██████", "{text}");
        assert_eq!(lines[1], "0:00                0:07");
        assert_eq!(
            &lines[2..],
            [
                "█ speech  ▄ some speech",
                "· silence",
                "▁ pause ≥ 1.5 s",
                "u filler"
            ]
        );
        assert!(text.contains("\nFirst word        1.0 s\n"), "{text}");
        assert!(
            text.contains("\nFillers           2 (20.0/min)\n"),
            "{text}"
        );
        assert!(
            !text.contains("wpm"),
            "no rate under a second of speech: {text}"
        );
        assert!(text.contains("\n  at 0:03.0       2.0 s\n"), "{text}");
    }
}
