//! The text report of `rehearse analyze`: figures, the coaching the words
//! allow when there is a transcript, then the activity strip with filler
//! marks and its legend, and the transcript, laid out for the terminal's
//! width.

use crate::audio::wavfile::WavEnvelope;
use crate::config::{PaceBand, Speed};
use crate::duration::fmt_mss;
use crate::session::analysis::Analysis;
use crate::session::coach::{Coaching, Heard, Wpm};
use crate::session::transcript::Transcript;
use crate::transcript::model::HOW_TO_ADD;
use crate::ui::pace::{FILLER_CELL, mark_fillers, pace_line};
use crate::ui::strip::{PAUSE_CELL, SILENCE_CELL, SOME_SPEECH_CELL, SPEECH_CELL, activity_strip};
use crate::ui::text::{plural, push_wrapped};
use std::path::Path;
use std::time::Duration;

/// What the report can say about the words.
#[derive(Debug, Clone, Copy)]
pub enum Words<'a> {
    /// Not asked for (`--no-transcript`).
    Off,
    /// No speech model: the report says how to add one.
    NoModel,
    /// Read from a stream, which is not read twice.
    Stream,
    /// The transcript and what its words show.
    Made(&'a Transcript, &'a Coaching),
}

/// Width of a figure's label.
const LABEL: usize = 18;

/// The text report, laid out for `width` columns.
pub fn report(
    path: &Path,
    read: &WavEnvelope,
    a: &Analysis,
    words: &Words,
    band: &PaceBand,
    width: usize,
) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("{label:<LABEL$}{value}\n"));
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
    if let Words::Made(_, c) = words {
        coached(&mut line, a, c, band, width);
    } else if let (Some(pace), Some(sps)) = (pace_line(a, band), a.syllables_per_second) {
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
    if !matches!(words, Words::Made(..)) {
        for f in &a.fillers {
            line(&format!("  filler {}", fmt_pos(f.start)), fmt_len(f.length));
        }
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
    let strip = activity_strip(a, a.length, width);
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
    match words {
        Words::Off => {}
        Words::NoModel => push_wrapped(
            &mut out,
            &format!("No transcript: {HOW_TO_ADD}."),
            width,
            "",
            "",
        ),
        Words::Stream => {
            out.push_str("No transcript: a stream is read once; name the file to transcribe it.\n")
        }
        Words::Made(t, _) => {
            out.push_str("\nTranscript\n");
            if t.words.is_empty() {
                out.push_str("  (no words heard)\n");
            } else {
                push_wrapped(&mut out, &t.text, width, "  ", "  ");
            }
        }
    }
    out
}

/// The figures the words give: pace (from the words, else the sound's
/// estimate, labelled), the fillers merged from both, tics, hedges, and
/// the STAR figures.
fn coached(
    line: &mut impl FnMut(&str, String),
    a: &Analysis,
    c: &Coaching,
    band: &PaceBand,
    width: usize,
) {
    let n = c.fillers.len();
    let mut fillers = format!("{n} filler{}", plural(n));
    if let Some(per_minute) = c.fillers_per_minute {
        let many = if band.too_many_fillers(per_minute) {
            ", many"
        } else {
            ""
        };
        fillers.push_str(&format!(" ({per_minute:.1}/min{many})"));
    }
    match Wpm::pick(c.pace.as_ref(), a.wpm) {
        Some(w) => {
            let judged = match band.judge(w.value) {
                Speed::TooFast => " too fast",
                Speed::TooSlow => " too slow",
                Speed::InBand => "",
            };
            let over = match (&c.pace, a.syllables_per_second) {
                (Some(p), _) => format!(
                    " ({} words over {})",
                    p.words,
                    fmt_len(Duration::from_secs_f64(p.seconds))
                ),
                (None, Some(sps)) => {
                    format!(" ({sps:.1} syllables/s over {})", fmt_len(a.pace_time))
                }
                (None, None) => String::new(),
            };
            line(
                "Pace",
                format!("{:.0} wpm {}{judged}{over} · {fillers}", w.value, w.label()),
            );
        }
        None => line("Fillers", fillers),
    }
    for f in &c.fillers {
        let what = match (&f.word, f.heard) {
            (Some(w), Heard::Both) => format!("{w} (also heard in the sound)"),
            (Some(w), _) => w.clone(),
            (None, _) => format!(
                "{} held sound",
                fmt_len(Duration::from_secs_f64(f.end - f.start))
            ),
        };
        line(
            &format!("  filler {}", fmt_pos(Duration::from_secs_f64(f.start))),
            what,
        );
    }
    let tics: Vec<(String, usize)> = c
        .tic_counts()
        .into_iter()
        .map(|(k, n)| (k.label().to_string(), n))
        .collect();
    line("Verbal tics", counted(&tics, width));
    let mut hedges: Vec<(String, usize)> = Vec::new();
    for h in &c.hedges {
        // Stored lowercase: "I" is written as it is said.
        let said: Vec<String> = h
            .said
            .split(' ')
            .map(|w| match w.strip_prefix('i') {
                Some(rest) if rest.is_empty() || rest.starts_with('\'') => format!("I{rest}"),
                _ => w.to_string(),
            })
            .collect();
        let said = said.join(" ");
        match hedges.iter_mut().find(|(s, _)| *s == said) {
            Some((_, n)) => *n += 1,
            None => hedges.push((said, 1)),
        }
    }
    line("Hedges", counted(&hedges, width));
    if let Some(star) = &c.star {
        let share = match star.i_share {
            Some(s) => format!(
                "{} / {}: {:.0}% \"I\"",
                star.i_words,
                star.we_words,
                s * 100.0
            ),
            None => "neither said".into(),
        };
        line("\"I\" / \"we\"", share);
        let result = match star.result.first() {
            Some(r) => format!(
                "yes: \u{201c}{}\u{201d} at {}",
                r.said,
                fmt_pos(Duration::from_secs_f64(r.start))
            ),
            None => "no outcome phrase, figure or change said near the end".into(),
        };
        line("Result stated", result);
    }
}

/// "3: you know ×2, so ×1", wrapped under the figure's column; "none".
fn counted(counts: &[(String, usize)], width: usize) -> String {
    if counts.is_empty() {
        return "none".into();
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let list: Vec<String> = counts.iter().map(|(s, n)| format!("{s} ×{n}")).collect();
    let text = format!("{total}: {}", list.join(", "));
    let indent = " ".repeat(LABEL);
    crate::text::wrap(&text, width.max(LABEL + 20) - LABEL, "", "").join(&format!("\n{indent}"))
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
    use crate::audio::analysis::{self, EnvelopeBuilder, Options};
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

    /// One second of silence, two seconds of a steady tone (a filled pause
    /// to the sound detector), two of silence, and the tone again.
    fn two_tones() -> WavEnvelope {
        let rate = 8000;
        let mut b = EnvelopeBuilder::new(rate);
        let tone: Vec<f32> = (0..rate * 2)
            .map(|i| 0.3 * (i as f32 * 0.2).sin())
            .collect();
        b.push(&vec![0.0; rate as usize]);
        b.push(&tone);
        b.push(&vec![0.0; 2 * rate as usize]);
        b.push(&tone);
        WavEnvelope {
            envelope: b.finish(),
            format: WavFormat {
                sample_rate: rate,
                channels: 1,
                encoding: Encoding::Int { bits: 16 },
            },
            warning: None,
        }
    }

    #[test]
    fn with_a_transcript_the_figures_come_from_the_words() {
        use crate::session::coach::{Context, coach};
        use crate::session::transcript::Word;
        let read = two_tones();
        let a = analysis::analyze(&read.envelope, &Options::default());
        let said = [
            ("Um,", 1.0, 1.4),
            ("so", 1.5, 1.7),
            ("I", 1.8, 1.9),
            ("think", 1.9, 2.2),
            ("we", 2.2, 2.4),
            ("shipped", 2.4, 2.9),
            ("it.", 2.9, 3.0),
        ];
        let t = Transcript {
            text: "Um, so I think we shipped it.".into(),
            words: said
                .iter()
                .map(|&(text, start, end)| Word {
                    text: text.into(),
                    start,
                    end,
                })
                .collect(),
        };
        let sounds: Vec<_> = a
            .fillers
            .iter()
            .map(|f| f.start.as_secs_f64()..f.end().as_secs_f64())
            .collect();
        assert_eq!(sounds.len(), 2, "{sounds:?}");
        let cx = Context {
            pace_time: None,
            sound_fillers: &sounds,
            star: true,
            points: &[],
        };
        let c = coach(&t, &cx);
        let band = PaceBand::default();
        let text = report(
            Path::new("a.wav"),
            &read,
            &a,
            &Words::Made(&t, &c),
            &band,
            80,
        );
        let has = |line: &str| assert!(text.contains(&format!("\n{line}\n")), "{line}:\n{text}");
        // Six words (the "um" is not one) over the words' 1.5 s.
        has(
            "Pace              240 wpm from words too fast (6 words over 1.5 s) · 2 fillers (60.0/min, many)",
        );
        has("  filler 0:01.0   um (also heard in the sound)");
        has("  filler 0:05.0   2.0 s held sound");
        has("Verbal tics       1: so (opening a sentence) ×1");
        has("Hedges            1: I think ×1");
        has("\"I\" / \"we\"        1 / 1: 50% \"I\"");
        has("Result stated     yes: \u{201c}shipped\u{201d} at 0:02.4");
        assert!(
            text.ends_with("\nTranscript\n  Um, so I think we shipped it.\n"),
            "{text}"
        );
        assert!(!text.contains("No transcript"), "{text}");

        // No words heard: the sound's figure, labelled an estimate.
        let mut a = a;
        (a.wpm, a.syllables_per_second) = (Some(150.0), Some(3.4));
        let none = Transcript::default();
        let c = coach(&none, &cx);
        let text = report(
            Path::new("a.wav"),
            &read,
            &a,
            &Words::Made(&none, &c),
            &band,
            80,
        );
        assert!(
            text.contains("\nPace              150 wpm estimate (3.4 syllables/s over "),
            "{text}"
        );
        assert!(
            text.ends_with("\nTranscript\n  (no words heard)\n"),
            "{text}"
        );
    }

    #[test]
    fn narrow_terminals_get_a_narrow_strip_and_a_wrapped_legend() {
        let read = two_tones();
        let a = analysis::analyze(&read.envelope, &Options::default());
        let text = report(
            Path::new("a.wav"),
            &read,
            &a,
            &Words::Off,
            &PaceBand::default(),
            24,
        );
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
