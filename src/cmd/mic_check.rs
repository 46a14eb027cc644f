//! `rehearse mic-check`: record a few seconds with a live level meter, report
//! peak level, noise floor and whether speech-level signal was seen, then
//! play the recording back.

use crate::audio::analysis;
use crate::audio::devices::HostKind;
use crate::audio::playback::Player;
use crate::audio::wavfile;
use crate::cli::{Format, MicCheckArgs};
use crate::config::Config;
use crate::error::BadInput;
use crate::session::analysis::Levels;
use crate::ui::bar::live_bar;
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
    if text {
        crate::ui::text::eprint(&format!(
            "Recording {seconds} s from `{}` at {} Hz through {}: speak as you would in the interview.\n",
            crate::text::safe(recorder.device()),
            recorder.rate(),
            recorder.host().title()
        ));
    }
    let meter = live_bar(60, "{prefix} {bar:30.green/black} {msg}");
    meter.set_prefix("level");
    let start = Instant::now();
    recorder.start(&path);
    let length = Duration::from_secs_f64(seconds);
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
    let wall = start.elapsed().as_secs_f64();
    let take = recorder.finish().context("the recording did not finish")?;
    meter.finish_and_clear();
    drop(recorder);
    let levels = levels_of(&take.path)?;
    let mut report = crate::ui::mic_check_view::Report {
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
        super::write_out(&crate::ui::mic_check_view::describe(&report, look))?;
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
