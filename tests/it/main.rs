//! Integration tests: the real `rehearse` binary, driven as a user would.

mod analyze;
mod bank_errors;
mod banks;
mod cli;
mod draw;
mod drill;
mod interview;
mod layers;
mod models;
mod plan;
mod present;
mod profile;
mod pty;
mod pulse;
mod record;
mod replay;
mod replay_files;
mod replay_takes;
mod sessions;
mod speak;
mod stats;
mod transcribe;
mod transcribe_live;
mod transcript;
mod util;
