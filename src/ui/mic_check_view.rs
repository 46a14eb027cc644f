//! What `rehearse mic-check` shows: on a terminal, the screen while it
//! records (the device, a live level meter with the levels just heard, the
//! peak and clipping, and what it hears); then the report of what it found
//! (the figures, also its JSON, and their words).

use super::bar;
use super::keys::{Action, footer};
use super::screen::{Frame, Need};
use super::style::{Palette, Tone};
use super::table::{Column, Look, TableRow, table};
use crate::audio::capture::Meter;
use crate::audio::devices::HostKind;
use ratatui::widgets::SparklineBar;
use serde::Serialize;
use std::collections::VecDeque;
use std::time::Duration;

/// The meter's scale: this many dB under full scale is empty.
const RANGE_DB: f32 = 60.0;
/// A level at or over this (dBFS) is speech at a speaking distance; a quiet
/// room stays well under it.
const SPEECH_DB: f32 = -50.0;
/// A peak at or over this (0.999 of full scale, where the analysis counts a
/// sample clipped) clips.
const CLIP_DB: f32 = -0.01;
/// A check is short, so it asks "muted?" after this long with no level at
/// all (a drill waits longer), which a live microphone never gives.
const MUTED_AFTER: Duration = Duration::from_secs(1);
/// Levels kept for the line of what was just heard: the widest meter.
const KEPT: usize = 60;

/// What the screen knows while a check records: the device, and what the
/// microphone gave at each look.
#[derive(Debug, Clone)]
pub struct Listening {
    /// The sound system.
    pub host: HostKind,
    /// The microphone's name.
    pub device: String,
    /// Samples per second.
    pub rate: u32,
    /// The level at each look, oldest first.
    levels: VecDeque<f32>,
    /// The latest look.
    meter: Option<Meter>,
}

/// What the microphone gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hears {
    /// A level speech reaches.
    Speech,
    /// Something under it.
    Silence,
    /// Nothing at all for a while.
    Muted,
}

impl Listening {
    /// Nothing heard yet from `device`.
    pub fn new(host: HostKind, device: &str, rate: u32) -> Listening {
        Listening {
            host,
            device: device.to_string(),
            rate,
            levels: VecDeque::with_capacity(KEPT),
            meter: None,
        }
    }

    /// Takes one look at the meter.
    pub fn hear(&mut self, m: &Meter) {
        if self.levels.len() == KEPT {
            self.levels.pop_front();
        }
        self.levels.push_back(m.level_db);
        self.meter = Some(m.clone());
    }

    /// What the microphone gives now; `None` before the first look.
    pub fn hears(&self) -> Option<Hears> {
        let m = self.meter.as_ref()?;
        Some(if m.no_level >= MUTED_AFTER {
            Hears::Muted
        } else if m.level_db >= SPEECH_DB {
            Hears::Speech
        } else {
            Hears::Silence
        })
    }
}

/// How full the meter is for `db`: 0 at [`RANGE_DB`] under full scale, 1 at it.
fn fill(db: f32) -> f64 {
    f64::from((db + RANGE_DB).clamp(0.0, RANGE_DB) / RANGE_DB)
}

/// The screen while a check records, `elapsed` of `length`, on a
/// `width`-column terminal.
pub fn live(
    p: &Palette,
    l: &Listening,
    elapsed: Duration,
    length: Duration,
    width: usize,
) -> Frame {
    let width = width.max(10);
    let mut f = Frame::new(p);
    let about = format!(
        "Mic check · {} · {} · {} Hz",
        l.host.title(),
        l.device,
        l.rate
    );
    f.clipped(p, Need::Useful, &about, width, Tone::Dim);
    f.blank();
    let rec = p.paint(p.sym("● REC", "* REC"), Tone::Bad);
    let clock = format!(
        " {:.1} / {:.1} s",
        elapsed.min(length).as_secs_f64(),
        length.as_secs_f64()
    );
    f.push_as(Need::Vital, vec![rec, clock.into()]);
    let cells = width.saturating_sub(14).clamp(4, KEPT);
    let level = l.meter.as_ref().map_or(-100.0, |m| m.level_db);
    let tone = if level > -3.0 { Tone::Bad } else { Tone::Good };
    let mut line = vec!["level ".into()];
    line.extend(bar::bar(p, cells, fill(level), tone));
    line.push(format!(" {:>4.0} dB", level.max(-99.0)).into());
    f.push_as(Need::Bar, line);
    // What was just heard, the newest at the right, one look a cell.
    let mut recent: Vec<SparklineBar> = (0..cells.saturating_sub(l.levels.len()))
        .map(|_| SparklineBar::from(0))
        .collect();
    let skip = l.levels.len().saturating_sub(cells);
    recent.extend(l.levels.iter().skip(skip).map(|&db| {
        let tone = if db > -3.0 { Tone::Bad } else { Tone::Good };
        SparklineBar::from((fill(db) * 8.0).round() as u64).style(p.style(tone))
    }));
    let mut line = bar::sparkline(recent);
    line.spans.insert(0, "      ".into());
    f.push_as(Need::Bar, line);
    if let Some(m) = &l.meter {
        let peak = format!("peak  {:.1} dBFS", m.take_peak_db.max(-99.0));
        if m.take_peak_db >= CLIP_DB {
            let text = format!("{peak} · clipping: lower the input gain");
            f.clipped(p, Need::Text, &text, width, Tone::Bad);
        } else {
            f.clipped(p, Need::Text, &peak, width, Tone::Plain);
        }
    }
    let (hears, tone) = match l.hears() {
        None => ("hears ", Tone::Dim),
        Some(Hears::Speech) => ("hears speech", Tone::Good),
        Some(Hears::Silence) => ("hears silence", Tone::Plain),
        Some(Hears::Muted) => ("hears nothing: muted?", Tone::Warn),
    };
    f.clipped(p, Need::Vital, hears, width, tone);
    if let Some(m) = l.meter.as_ref().filter(|m| m.dropped > 0 || m.xruns > 0) {
        let text = format!(
            "! {} sample{} dropped, {} xrun{}",
            m.dropped,
            super::text::plural(m.dropped as usize),
            m.xruns,
            super::text::plural(m.xruns as usize)
        );
        f.clipped(p, Need::Useful, &text, width, Tone::Warn);
    }
    f.blank();
    let how = "Speak as you would in the interview; the report follows.";
    f.clipped(p, Need::Useful, how, width, Tone::Plain);
    let keys = footer(&[(Action::Go, "stop now"), (Action::End, "quit")]);
    f.set_footer(p, &keys, width);
    f
}

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

    fn meter(level_db: f32, take_peak_db: f32, no_level: f64) -> Meter {
        Meter {
            level_db,
            take_peak_db,
            dropped: 0,
            xruns: 0,
            stalls: 0,
            no_level: Duration::from_secs_f64(no_level),
            failure: None,
        }
    }

    /// A check that heard 1.5 s of nothing, then a voice rising and falling.
    fn listening() -> Listening {
        let mut l = Listening::new(
            HostKind::Pulse,
            "alsa_input.usb-Blue_Yeti-00.analog-stereo",
            48000,
        );
        for i in 0..30 {
            l.hear(&meter(-100.0, -100.0, f64::from(i) * 0.05));
        }
        for i in 0..40 {
            let db = -45.0 + 30.0 * (f64::from(i) / 6.0).sin().abs() as f32;
            l.hear(&meter(db, -14.8, 0.0));
        }
        l
    }

    fn shown(l: &Listening) -> String {
        let (elapsed, length) = (Duration::from_millis(3500), Duration::from_secs(5));
        crate::ui::screen::at_sizes(|p, w| live(p, l, elapsed, length, w))
    }

    #[test]
    fn the_screen_shows_the_device_the_meter_what_it_just_heard_and_the_keys() {
        let l = listening();
        assert_eq!(l.hears(), Some(Hears::Speech));
        let shown = shown(&l);
        let small = shown.split("80x24:").next().unwrap_or_default();
        for vital in ["3.5 / 5.0 s", "hears speech", "peak  -14.8"] {
            assert!(small.contains(vital), "{vital} at 20x5:\n{small}");
        }
        insta::assert_snapshot!("mic_check", shown);
    }

    #[test]
    fn a_full_scale_peak_clips_and_a_second_of_nothing_asks_muted() {
        let text = |l: &Listening| {
            live(
                &Palette::plain(),
                l,
                Duration::ZERO,
                Duration::from_secs(5),
                80,
            )
            .text(24)
        };
        let mut l = Listening::new(HostKind::Alsa, "default", 44100);
        assert_eq!(l.hears(), None);
        l.hear(&meter(-60.0, -60.0, 0.99));
        assert_eq!(l.hears(), Some(Hears::Silence));
        assert!(text(&l).contains("hears silence"), "{}", text(&l));
        l.hear(&meter(-100.0, -60.0, 1.0));
        assert_eq!(l.hears(), Some(Hears::Muted));
        assert!(text(&l).contains("hears nothing: muted?"), "{}", text(&l));
        l.hear(&meter(-30.0, -0.02, 0.0));
        assert!(text(&l).contains("peak  -0.0 dBFS\n"), "{}", text(&l));
        l.hear(&meter(-0.5, 0.0, 0.0));
        assert!(
            text(&l).contains("peak  0.0 dBFS · clipping: lower the input gain"),
            "{}",
            text(&l)
        );
        // The level line keeps one cell a look, the newest at the right.
        let line = text(&l).lines().nth(4).unwrap().to_string();
        assert_eq!(line.chars().count(), 6 + 60, "{line:?}");
        assert!(line.ends_with("   ▄█"), "{line:?}");
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
