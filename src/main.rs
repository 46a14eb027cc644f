use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = rehearse::cli::Cli::parse();
    match rehearse::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(rehearse::error::report(&err)),
    }
}
