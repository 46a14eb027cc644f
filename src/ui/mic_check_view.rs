//! What `rehearse mic-check` reports: the figures (also its JSON) and their words.

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

/// The report as text.
pub fn describe(r: &Report) -> String {
    let mut s = format!(
        "Sound system  {} ({})\nPeak level    {:>6.1} dBFS\nNoise floor   {:>6.1} dBFS\n",
        r.host.title(),
        r.device,
        r.peak_dbfs,
        r.noise_floor_dbfs
    );
    match (r.speech, r.speech_dbfs) {
        (true, Some(db)) => s.push_str(&format!("Speech        yes, at about {db:.0} dBFS\n")),
        _ => s.push_str("Speech        none heard\n"),
    }
    s.push_str(&format!(
        "Dropped       {} sample{}, {} xrun{}\n",
        r.dropped,
        super::text::plural(r.dropped as usize),
        r.xruns,
        super::text::plural(r.xruns as usize)
    ));
    if r.faster_than_real_time {
        s.push_str(&format!(
            "\n`{}` gave {:.0} s of audio in {:.0} s: it is not paced like a microphone, so the samples it dropped and these levels say nothing about one. Pick a microphone with --input-device (see `rehearse devices`).\n",
            r.device, r.seconds, r.wall_seconds
        ));
    } else if !r.speech {
        s.push_str("\nNo speech-level signal: is the microphone muted, or too far away?\n");
    } else if r.clipped_samples > 100 {
        s.push_str("\nThe signal clips: lower the input gain a little.\n");
    } else if r.peak_dbfs < -30.0 {
        s.push_str("\nQuite quiet: raise the input gain or move closer.\n");
    } else {
        s.push_str("\nThe microphone is ready.\n");
    }
    s
}
