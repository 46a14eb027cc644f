//! One file per subcommand, each with `run(args) -> Result`; shared helpers here.

pub mod banks;
pub mod draw;

use crate::bank::{self, DrawError, Filter, Library, Question};
use crate::cli::{BankArgs, SelectArgs};
use crate::error::BadInput;
use anyhow::Result;

/// Loads the banks the user asked for; bank problems come back as [`bank::Problems`].
pub fn load_library(args: &BankArgs) -> Result<Library> {
    Ok(bank::load(&args.banks, args.with_builtin)?)
}

/// Draws per `args`, turning draw failures into errors with fixes; returns the seed used.
pub fn select<'a>(library: &'a Library, args: &SelectArgs) -> Result<(u64, Vec<&'a Question>)> {
    let filter = Filter {
        categories: args.categories.clone(),
        tags: args.tags.clone(),
    };
    let seed = args.seed.unwrap_or_else(bank::fresh_seed);
    let picked = bank::draw(library, &filter, args.count as usize, seed).map_err(|e| {
        let hint = match &e {
            DrawError::UnknownCategory { valid, .. } => format!("categories: {}", valid.join(", ")),
            DrawError::UnknownTag { valid, .. } => format!("tags: {}", valid.join(", ")),
            DrawError::NothingMatches(_) => {
                "drop a --category or --tag; `rehearse banks list` shows what each bank holds"
                    .into()
            }
            DrawError::AllDisabled(_) => "give some of them a weight above 0 in their bank".into(),
        };
        BadInput::new(e.to_string(), hint)
    })?;
    Ok((seed, picked))
}
