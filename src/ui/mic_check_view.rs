//! What `rehearse mic-check` reports: the figures (also its JSON) and their words.

use super::table::{Column, Look, TableRow, table};
use crate::audio::devices::HostKind;
use serde::Serialize;

/// What a mic check found.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The sound system used.
    pub host: HostKind,
    /// The microphone's name.
    pub device: String,
    /// Samples per second.
    pub rate: u32,
    /// Seconds of audio recorded.
    pub seconds: f64,
    /// The loudest sample, dBFS.
    pub peak_dbfs: f32,
    /// The quietest stretch, dBFS.
    pub noise_floor_dbfs: f32,
    /// The level of speech, when heard.
    pub speech_dbfs: Option<f32>,
    /// Whether speech was heard.
    pub speech: bool,
    /// Samples at full scale.
    pub clipped_samples: u64,
    /// Samples lost because the writer fell behind.
    pub dropped: u64,
    /// Over- and underruns the device reported.
    pub xruns: u64,
    /// Seconds of wall-clock time the recording took.
    pub wall_seconds: f64,
    /// The device delivered audio faster than time passed (a device without
    /// a clock, such as ALSA's `null`): its figures say nothing about a microphone.
    pub faster_than_real_time: bool,
    /// Whether the recording was played back.
    pub played_back: bool,
}

/// The report as text: the figures beside their names, then a verdict in
/// words, fitted to `look`.
pub fn describe(r: &Report, look: Look) -> String {
    let speech = match (r.speech, r.speech_dbfs) {
        (true, Some(db)) => format!("yes, at about {db:.0} dBFS"),
        _ => "none heard".to_string(),
    };
    let dropped = format!(
        "{} sample{}, {} xrun{}",
        r.dropped,
        super::text::plural(r.dropped as usize),
        r.xruns,
        super::text::plural(r.xruns as usize)
    );
    let rows = [
        ("Sound system", format!("{} ({})", r.host.title(), r.device)),
        ("Peak level", format!("{:>6.1} dBFS", r.peak_dbfs)),
        ("Noise floor", format!("{:>6.1} dBFS", r.noise_floor_dbfs)),
        ("Speech", speech),
        ("Dropped", dropped),
    ]
    .map(|(name, value)| TableRow::Cells(vec![name.to_string(), value]));
    let columns = [Column::left(""), Column::left("").narrow(0, 8)];
    let mut s = table(&columns, &rows, look);
    let verdict = if r.faster_than_real_time {
        format!(
            "`{}` gave {:.0} s of audio in {:.0} s: it is not paced like a microphone, so the samples it dropped and these levels say nothing about one. Pick a microphone with --input-device (see `rehearse devices`).",
            r.device, r.seconds, r.wall_seconds
        )
    } else if !r.speech {
        "No speech-level signal: is the microphone muted, or too far away?".to_string()
    } else if r.clipped_samples > 100 {
        "The signal clips: lower the input gain a little.".to_string()
    } else if r.peak_dbfs < -30.0 {
        "Quite quiet: raise the input gain or move closer.".to_string()
    } else {
        "The microphone is ready.".to_string()
    };
    s.push('\n');
    match look.width {
        Some(w) => super::text::push_wrapped(&mut s, &verdict, w.saturating_sub(1).max(20), "", ""),
        None => s.push_str(&format!("{verdict}\n")),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        Report {
            host: HostKind::Pulse,
            device: "alsa_input.pci-0000_00_1f.3.analog-stereo".into(),
            rate: 48000,
            seconds: 4.0,
            peak_dbfs: -12.34,
            noise_floor_dbfs: -61.0,
            speech: true,
            speech_dbfs: Some(-24.0),
            clipped_samples: 0,
            dropped: 0,
            xruns: 1,
            wall_seconds: 4.0,
            faster_than_real_time: false,
            played_back: false,
        }
    }

    #[test]
    fn piped_the_figures_line_up_after_their_names() {
        assert_eq!(
            describe(&report(), Look::default()),
            "Sound system  PulseAudio (alsa_input.pci-0000_00_1f.3.analog-stereo)\n\
             Peak level     -12.3 dBFS\n\
             Noise floor    -61.0 dBFS\n\
             Speech        yes, at about -24 dBFS\n\
             Dropped       0 samples, 1 xrun\n\
             \n\
             The microphone is ready.\n"
        );
    }

    #[test]
    fn a_forty_column_terminal_gets_no_line_over_forty() {
        let mut r = report();
        r.faster_than_real_time = true;
        let look = Look {
            width: Some(40),
            ..Look::default()
        };
        let text = describe(&r, look);
        for line in text.lines() {
            assert!(crate::text::width(line) <= 40, "{line:?}\n{text}");
        }
        assert!(text.contains("Peak level     -12.3 dBFS\n"), "{text}");
        // The verdict wraps with every character kept (a word longer than
        // a line is broken).
        let words = |t: &str| -> String {
            let verdict = t.split("\n\n").nth(1).unwrap();
            verdict.split_whitespace().collect()
        };
        assert_eq!(words(&text), words(&describe(&r, Look::default())));
        assert!(text.ends_with("devices`).\n"), "{text}");
    }
}
