//! Command-line definitions (clap derive); the `///` comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Practise a second-round job interview out loud, alone, against a clock.
#[derive(Debug, Parser)]
#[command(name = "rehearse", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a weighted random practice sheet of questions.
    Draw(DrawArgs),
    /// List or check question banks.
    #[command(subcommand)]
    Banks(BanksCommand),
}

/// Which banks to load.
#[derive(Debug, Clone, Args)]
pub struct BankArgs {
    /// Load banks from this YAML file or directory instead of the built-in ones (repeatable).
    #[arg(long = "bank", value_name = "PATH")]
    pub banks: Vec<PathBuf>,
    /// With --bank: load the built-in banks too.
    #[arg(long)]
    pub with_builtin: bool,
}

/// Which questions to draw, and how many.
#[derive(Debug, Clone, Args)]
pub struct SelectArgs {
    /// How many questions to draw.
    #[arg(short = 'n', long = "count", value_name = "N", default_value_t = 6,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub count: u32,
    /// Only questions of this category (repeatable; any of them).
    #[arg(long = "category", value_name = "CATEGORY")]
    pub categories: Vec<String>,
    /// Only questions with this tag (repeatable; any of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Seed for the random draw; the same seed gives the same questions.
    #[arg(long, value_name = "SEED")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub bank: BankArgs,
}

/// Output format for commands that print data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// For people.
    #[default]
    Text,
    /// For programs.
    Json,
}

/// `rehearse draw`.
#[derive(Debug, Clone, Args)]
pub struct DrawArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: Format,
}

/// `rehearse banks …`.
#[derive(Debug, Subcommand)]
pub enum BanksCommand {
    /// Show banks, categories, question counts and weights.
    List {
        #[command(flatten)]
        bank: BankArgs,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
        format: Format,
    },
    /// Validate bank files and report every problem found (exit 2 if any).
    Check {
        /// Bank files or directories to check; the built-in banks when none.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Check the built-in banks as well as PATHs (ids must be unique across all).
        #[arg(long)]
        with_builtin: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_option_has_an_uppercase_value_name() {
        fn walk(cmd: &clap::Command) {
            for arg in cmd.get_arguments() {
                if let Some(names) = arg.get_value_names() {
                    for n in names {
                        assert_eq!(
                            n.as_str(),
                            n.to_uppercase(),
                            "{} in {}",
                            arg.get_id(),
                            cmd.get_name()
                        );
                    }
                }
            }
            cmd.get_subcommands().for_each(walk);
        }
        walk(&Cli::command());
    }
}
