//! `rehearse banks list` and `rehearse banks check`.

use crate::bank;
use crate::cli::{BanksCommand, Format};
use crate::ui::table::Look;
use crate::ui::text::plural;
use anyhow::Result;

/// Runs `rehearse banks …`.
pub fn run(cmd: &BanksCommand) -> Result<()> {
    let out = match cmd {
        BanksCommand::List { bank, format } => {
            let library = super::load_library(bank)?;
            match format {
                Format::Json => crate::ui::bank_list::json(&library)?,
                Format::Text => crate::ui::bank_list::text(&library, Look::stdout()),
            }
        }
        BanksCommand::Check {
            paths,
            with_builtin,
        } => {
            let library = bank::load(paths, *with_builtin)?;
            let enabled = library.questions.iter().filter(|q| q.weight > 0.0).count();
            for w in &library.warnings {
                crate::ui::text::eprint(&format!("rehearse: warning: {w}\n  hint: {}\n", w.hint));
            }
            let n = library.warnings.len();
            let warned = match n {
                0 => String::new(),
                n => format!(", {n} warning{}", plural(n)),
            };
            format!(
                "ok: {} bank{}, {} question{} ({enabled} enabled), no problems{warned}\n",
                library.banks.len(),
                plural(library.banks.len()),
                library.questions.len(),
                plural(library.questions.len())
            )
        }
    };
    super::write_out(&out)
}
