//! `rehearse draw`: a weighted random practice sheet, as text or JSON.

use crate::cli::{DrawArgs, Format};
use crate::ui::sheet::{explain, json, sheet};
use crate::ui::text::output_width;
use anyhow::Result;

/// Runs `rehearse draw`.
pub fn run(args: &DrawArgs) -> Result<()> {
    let config = crate::config::Config::load()?;
    let library = super::load_library(&args.select.bank)?;
    let mut select = args.select.clone();
    select.count = select.count.or(config.count);
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config)?;
    let focus = super::focus_weights(&library, &select, &root, &config.pace);
    if args.explain {
        return super::write_out(&explain(
            &library,
            &select.filter(),
            focus.as_deref(),
            crate::ui::table::Look::stdout(),
        ));
    }
    let (seed, picked) = super::select_weighted(&library, &select, focus.as_deref())?;
    let asked = select.count.unwrap_or(super::DEFAULT_COUNT) as usize;
    let out = match args.format {
        Format::Text => sheet(&library, &picked, seed, asked, output_width()),
        Format::Json => super::json(&json(&library, &picked, seed))?,
    };
    super::write_out(&out)
}
