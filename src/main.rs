use clap::Parser;
use std::process::ExitCode;

// YAML parsing allocates per token; mimalloc loads a 10,000-question bank in
// ~47 ms instead of ~62 ms with the system allocator (benches/banks.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match rehearse::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(rehearse::error::usage(e)),
    };
    match rehearse::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(rehearse::error::report(&err)),
    }
}
