//! `rehearse`: practise a second-round job interview out loud, alone, against a clock.
//!
//! The binary only parses arguments and calls [`run`]; everything lives here.

// The few `unsafe` blocks left (whisper.cpp's abort callback, the tests'
// counting allocator) each say why they are sound.
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod app;
pub mod audio;
pub mod bank;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod duration;
pub mod error;
pub mod input;
pub mod plan;
pub mod session;
pub mod text;
pub mod timing;
pub mod transcript;
pub mod ui;

use cli::{Cli, Command};

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    text::set_ascii(!ui::text::unicode_ok());
    match &cli.command {
        Command::Drill(args) => cmd::drill::run(args),
        Command::Draw(args) => cmd::draw::run(args),
        Command::Interview(args) => cmd::interview::run(args),
        Command::Prep(args) => cmd::prep::run(args),
        Command::Profile(args) => cmd::profile::run(args),
        Command::Banks(cmd) => cmd::banks::run(cmd),
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Transcribe(args) => cmd::transcribe::run(args),
        Command::Devices(args) => cmd::devices::run(args),
        Command::MicCheck(args) => cmd::mic_check::run(args),
        Command::Present(args) => cmd::present::run(args),
        Command::Sessions(args) => cmd::sessions::run(args),
        Command::Replay(args) => cmd::replay::run(args),
        Command::Report(args) => cmd::report::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Models(cmd) => cmd::models::run(cmd),
        Command::Completions(args) => cmd::docs::completions(args),
        Command::Man => cmd::docs::man(),
    }
}
