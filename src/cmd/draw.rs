//! `rehearse draw`: a weighted random practice sheet, as text or JSON.

use crate::cli::{DrawArgs, Format};
use crate::ui::sheet::{explain, json, sheet};
use crate::ui::text::output_width;
use anyhow::Result;
use std::io::Write;

/// Runs `rehearse draw`.
pub fn run(args: &DrawArgs) -> Result<()> {
    let config = crate::config::Config::load()?;
    let library = super::load_library(&args.select.bank)?;
    let mut select = args.select.clone();
    select.count = select.count.or(config.count);
    let root = crate::session::recordings_dir(
        args.recordings_dir.as_deref(),
        config.recordings_dir.as_deref(),
    );
    let focus = super::focus_weights(&library, &select, &root, &config.pace);
    if args.explain {
        let out = explain(&library, &select, focus.as_deref());
        std::io::stdout().lock().write_all(out.as_bytes())?;
        return Ok(());
    }
    let weights: Option<Vec<f64>> = focus.as_ref().map(|w| w.iter().map(|w| w.weight).collect());
    let (seed, picked) = super::select_weighted(&library, &select, weights.as_deref())?;
    let asked = select.count.unwrap_or(super::DEFAULT_COUNT) as usize;
    let out = match args.format {
        Format::Text => sheet(&library, &picked, seed, asked, output_width()),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json(&library, &picked, seed))?;
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
