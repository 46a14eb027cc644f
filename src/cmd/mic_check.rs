//! `rehearse mic-check`: record a few seconds with a live level meter (on a
//! terminal, the mic-check screen; else a line on stderr), report peak
//! level, noise floor and whether speech-level signal was seen, then play
//! the recording back.

use crate::app::Effect;
use crate::app::mic_check::{self as check, MicCheck};
use crate::audio::analysis;
use crate::audio::capture::Recorder;
use crate::audio::devices::HostKind;
use crate::audio::playback::Player;
use crate::audio::wavfile;
use crate::cli::{Format, MicCheckArgs};
use crate::config::Config;
use crate::error::BadInput;
use crate::session::analysis::Levels;
use crate::ui::bar::live_bar;
use crate::ui::mic_check_view::{self, Listening};
use crate::ui::run::{Ended, Host};
use crate::ui::screen::Frame;
use crate::ui::style::Palette;
use anyhow::{Context, Result};
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs `rehearse mic-check`.
pub fn run(args: &MicCheckArgs) -> Result<()> {
    let config = Config::load()?;
    let host = args.host.or(config.host);
    let otherwise = "run `rehearse mic-check` again once one is connected";
    let recorder = super::open_microphone(args.input_device.as_deref(), host, &config, otherwise)?;
    let device_name = recorder.device().to_string();
    let used = recorder.host();
    let path = std::env::temp_dir().join(format!("rehearse-mic-check-{}.wav", std::process::id()));
    let seconds = args.seconds;
    let text = args.format == Format::Text;
    let length = Duration::from_secs_f64(seconds);
    let screen = text && crate::ui::terminal::is_interactive();
    if text && !screen {
        crate::ui::text::eprint(&format!(
            "Recording {seconds} s from `{}` at {} Hz through {}: speak as you would in the interview.\n",
            crate::text::safe(recorder.device()),
            recorder.rate(),
            recorder.host().title()
        ));
    }
    let start = Instant::now();
    recorder.start(&path);
    if !screen {
        in_lines(&recorder, start, length)?;
    } else if let Some(ended) = on_screen(&recorder, length)? {
        drop(recorder);
        let _ = std::fs::remove_file(&path);
        return ended.result(None);
    }
    let wall = start.elapsed().as_secs_f64();
    let take = recorder.finish().context("the recording did not finish")?;
    drop(recorder);
    let levels = levels_of(&take.path)?;
    let mut report = mic_check_view::Report {
        host: used,
        device: device_name,
        rate: take.rate,
        seconds: crate::session::secs::round_ms(take.length()),
        peak_dbfs: levels.peak_db,
        noise_floor_dbfs: levels.floor_db,
        speech_dbfs: levels.speech_db,
        speech: levels.speech_seen,
        clipped_samples: levels.clipped_samples,
        dropped: take.dropped,
        xruns: take.xruns,
        wall_seconds: (wall * 1000.0).round() / 1000.0,
        // Real devices run a little early or late, never by half again.
        faster_than_real_time: take.length().as_secs_f64() > 1.5 * wall + 0.5,
        played_back: false,
    };
    if text {
        let look = crate::ui::table::Look::stdout();
        super::write_out(&mic_check_view::describe(&report, look))?;
    }
    if !args.no_playback {
        if text {
            crate::ui::text::eprint("Playing it back…\n");
        }
        play(&take.path, args.output_device.as_deref(), host)?;
        report.played_back = true;
    }
    let _ = std::fs::remove_file(&take.path);
    if !text {
        super::write_out(&super::json(&report)?)?;
    }
    Ok(())
}

/// Records until `length` has passed with a live meter on stderr.
fn in_lines(recorder: &Recorder, start: Instant, length: Duration) -> Result<()> {
    let meter = live_bar(60, "{prefix} {bar:30.green/black} {msg}");
    meter.set_prefix("level");
    let seconds = length.as_secs_f64();
    while start.elapsed() < length {
        let m = recorder.meter();
        meter.set_position((m.level_db + 60.0).clamp(0.0, 60.0) as u64);
        meter.set_message(format!(
            "{:>4.0} dB  {:.1} / {seconds:.1} s",
            m.level_db.max(-99.0),
            start.elapsed().as_secs_f64()
        ));
        if let Some(why) = m.failure {
            meter.finish_and_clear();
            return Err(anyhow::anyhow!(why));
        }
        // Ten looks a second move the meter smoothly enough.
        std::thread::sleep(Duration::from_millis(100));
    }
    meter.finish_and_clear();
    Ok(())
}

/// Records with the mic-check screen until `length` has passed or Space
/// ends it; `Some` when `q` or a signal ended it, with no report to give.
fn on_screen(recorder: &Recorder, length: Duration) -> Result<Option<Ended>> {
    let listening = Listening::new(recorder.host(), recorder.device(), recorder.rate());
    let mut app = MicCheck::new(length);
    let mut host = Screen {
        recorder,
        listening,
        palette: Palette::from_env(),
    };
    let ended = crate::ui::run::run(&mut app, &mut host)?;
    Ok(match (ended, app.ended) {
        (Ended::Quit, Some(check::Ended::Time | check::Ended::Early)) => None,
        (ended, _) => Some(ended),
    })
}

/// The screen's link to the microphone.
struct Screen<'a> {
    recorder: &'a Recorder,
    listening: Listening,
    palette: Palette,
}

impl Host<MicCheck> for Screen<'_> {
    fn apply(&mut self, _: &mut MicCheck, _: Effect, _: Duration) -> Result<()> {
        Ok(())
    }

    fn poll(&mut self, _: &mut MicCheck, _: Duration) -> Result<Vec<Effect>> {
        let m = self.recorder.meter();
        if let Some(why) = &m.failure {
            anyhow::bail!(why.clone());
        }
        self.listening.hear(&m);
        Ok(Vec::new())
    }

    fn frame(&mut self, app: &MicCheck, now: Duration, cols: u16, _: u16) -> Frame {
        mic_check_view::live(
            &self.palette,
            &self.listening,
            now,
            app.length,
            usize::from(cols),
        )
    }
}

/// Peak, floor and speech level of a recorded take.
fn levels_of(path: &Path) -> Result<Levels> {
    let read = wavfile::read_envelope(path)
        .with_context(|| format!("cannot read the recording {}", path.display()))?;
    Ok(analysis::levels(&read.envelope))
}

fn play(path: &Path, output: Option<&str>, host: Option<HostKind>) -> Result<()> {
    let player = Player::open(path, output, Duration::ZERO, host).map_err(|e| {
        BadInput::new(
            e.to_string(),
            "check `rehearse devices`, or use --no-playback",
        )
    })?;
    let total = player.length();
    let bar = live_bar(
        total.as_millis() as u64,
        "{prefix} {bar:30.cyan/black} {msg}",
    );
    bar.set_prefix("play ");
    player.wait(|p| {
        bar.set_position(p.position().as_millis() as u64);
        bar.set_message(format!(
            "{:.1} / {:.1} s",
            p.position().as_secs_f64(),
            total.as_secs_f64()
        ));
        true
    });
    bar.finish_and_clear();
    if let Some(why) = player.failure() {
        anyhow::bail!(why);
    }
    Ok(())
}
