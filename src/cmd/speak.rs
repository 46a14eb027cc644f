//! Reading questions aloud, for `drill --speak` and `replay --with-question`:
//! the voices from the flags and the config file, and the speaker opened —
//! engine, voices and output checked — before anything starts.

use crate::app::Effect;
use crate::app::drill::Drill;
use crate::app::panel::{Reading, Voice};
use crate::audio::devices::HostKind;
use crate::audio::speech::{Heard, Speaker};
use crate::cli::SpeechArgs;
use crate::config::Config;
use crate::error::BadInput;
use anyhow::Result;
use std::time::Duration;

/// How questions are read, flags over the config file.
#[derive(Debug, Clone, Default)]
pub struct Speech {
    /// What the drill needs to know.
    pub reading: Reading,
    /// Loudness in per cent.
    pub volume: u32,
}

impl Speech {
    /// The settings `args` and `config` give. `--rate` applies to every
    /// panel member too; `--voice` only without a panel.
    pub fn new(args: &SpeechArgs, config: &Config) -> Speech {
        let rate = args.rate.or(config.rate);
        let mut voice = Voice::default();
        if let Some(name) = args.voice.clone().or_else(|| config.voice.clone()) {
            voice.name = name;
        }
        voice.rate = rate.unwrap_or(voice.rate);
        let panel = args.panel.then(|| {
            let mut panel = config.panel.clone().unwrap_or_default();
            for m in &mut panel.members {
                m.voice.rate = args.rate.unwrap_or(m.voice.rate);
            }
            panel
        });
        Speech {
            reading: Reading {
                speak: args.speak || args.listen_only || (config.speak && !args.no_speak),
                listen_only: args.listen_only,
                voice,
                panel,
            },
            volume: args.volume.or(config.volume).unwrap_or(100),
        }
    }

    /// Every voice a question may be read in.
    pub fn voices(&self) -> Vec<Voice> {
        match &self.reading.panel {
            Some(p) => p.members.iter().map(|m| m.voice.clone()).collect(),
            None => vec![self.reading.voice.clone()],
        }
    }
}

/// The speaker on `output` through `host` (else the one chosen by default), when speaking; every problem (no engine, an
/// unknown voice, no output device) is an error with its fix.
pub fn open_speaker(
    speech: &Speech,
    output: Option<&str>,
    host: Option<HostKind>,
) -> Result<Option<Speaker>> {
    if !speech.reading.speak {
        return Ok(None);
    }
    Speaker::open(output, host, speech.volume, &speech.voices())
        .map(Some)
        .map_err(|e| BadInput::new(e.to_string(), e.hint()).into())
}

/// Carries out a speech effect (others are not for the speaker).
pub fn apply(speaker: Option<&mut Speaker>, effect: Effect) {
    match (speaker, effect) {
        (Some(s), Effect::Speak { text, voice }) => s.say(&text, &voice),
        (Some(s), Effect::Hush) => s.hush(),
        _ => {}
    }
}

/// Carries out a drill's speech effect, telling it when a reading starts.
pub fn carry_out(speaker: Option<&mut Speaker>, drill: &mut Drill<'_>, effect: Effect) {
    if matches!(effect, Effect::Speak { .. }) {
        drill.reading_started();
    }
    apply(speaker, effect);
}

/// Tells the drill what the speaker heard: the question read to its end
/// (its clock may start), or a voice that failed.
pub fn heard(speaker: Option<&mut Speaker>, drill: &mut Drill<'_>, now: Duration) -> Vec<Effect> {
    match speaker.and_then(Speaker::poll) {
        Some(Heard::Done) => drill.spoken(now),
        Some(Heard::Failed(why)) => drill.speech_failed(&why, now),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn speaks(flags: &[&str], config_speaks: bool) -> bool {
        let cli = crate::cli::Cli::try_parse_from(["rehearse", "drill"].iter().chain(flags))
            .expect("flags parse");
        let crate::cli::Command::Drill(args) = cli.command else {
            unreachable!("a drill")
        };
        let config = Config {
            speak: config_speaks,
            ..Config::default()
        };
        Speech::new(&args.answer.speech, &config).reading.speak
    }

    #[test]
    fn no_speak_turns_off_the_config_files_speak_and_the_last_flag_wins() {
        assert!(speaks(&[], true));
        assert!(!speaks(&["--no-speak"], true));
        assert!(speaks(&["--no-speak", "--speak"], true));
        assert!(!speaks(&["--speak", "--no-speak"], false));
        assert!(!speaks(&[], false));
        let both = ["rehearse", "drill", "--no-speak", "--listen-only"];
        assert!(crate::cli::Cli::try_parse_from(both).is_err());
    }
}
