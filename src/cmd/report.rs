//! `rehearse report`: a session found as `replay` finds it (or the latest
//! of any kind), its recordings read, and the page written to a file or
//! standard output.

use crate::cli::ReportArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::session::history::{self, Entry};
use crate::ui::report;
use anyhow::Result;
use std::path::Path;

/// Runs `rehearse report`.
pub fn run(args: &ReportArgs) -> Result<()> {
    let config = Config::load()?;
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config)?;
    let (dir, session) = match args.session.as_deref() {
        Some(wanted) => {
            history::find(&root, Some(wanted)).map_err(|n| BadInput::new(n.what, n.hint))?
        }
        None => {
            let entries = history::list(&root);
            history::warn_damaged(&entries);
            entries
                .into_iter()
                .find_map(|e| match e {
                    Entry::Ok { dir, session } => Some((dir, *session)),
                    Entry::Damaged { .. } => None,
                })
                .ok_or_else(|| {
                    BadInput::new(
                        format!("no session in {}", root.display()),
                        "practise one with `rehearse drill`, or name where sessions are with --recordings-dir",
                    )
                })?
        }
    };
    let (items, talk) = report::read_clips(&dir, &session);
    let numbered = items
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("answer {}", i + 1), r));
    for (what, read) in numbered.chain([("the talk".to_string(), &talk)]) {
        if let Some(Err(why)) = read {
            let line = format!(
                "rehearse: warning: {what}: the page says its recording cannot be shown: {why}\n"
            );
            crate::ui::text::eprint(&crate::text::safe(&line));
        }
    }
    let html = report::page(&session, &items, &talk, &config.pace);
    if args.html == Path::new("-") {
        return super::write_out(&html);
    }
    std::fs::write(&args.html, &html).map_err(|e| {
        BadInput::new(
            format!(
                "cannot write {}: {e}",
                crate::ui::text::safe_path(&args.html)
            ),
            "give a file in a directory you can write to, or `--html -` for standard output",
        )
    })?;
    crate::ui::text::print(&format!(
        "Wrote the report of session {} to {} ({:.1} MB).\n",
        session.id,
        crate::ui::text::safe_path(&args.html),
        html.len() as f64 / 1e6
    ));
    Ok(())
}
