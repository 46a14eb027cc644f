//! `rehearse models install` and `rehearse models list`.

use crate::cli::{Format, ModelsCommand};
use crate::config::Config;
use crate::text::safe;
use crate::transcript::model::{self, Why};
use anyhow::Result;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct Listing {
    /// Where installed models live.
    dir: PathBuf,
    models: Vec<Row>,
    /// The model transcripts use, or null for none.
    used: Option<Used>,
}

#[derive(Serialize)]
struct Row {
    name: String,
    path: PathBuf,
    /// Bytes.
    size: u64,
    /// Such as `tiny.en`; null when the file is not a whisper.cpp model.
    kind: Option<String>,
    used: bool,
}

#[derive(Serialize)]
struct Used {
    path: PathBuf,
    /// `flag`, `config` or `newest-installed`.
    why: Why,
}

/// Runs `rehearse models …`.
pub fn run(cmd: &ModelsCommand) -> Result<()> {
    let config = Config::load()?;
    let dir = model::models_dir()?;
    let out = match cmd {
        ModelsCommand::Install { path } => {
            let m = model::install(path, &dir)?;
            let mut out = format!(
                "installed {} ({}, {}) in {}{}\n",
                safe(&m.name),
                m.kind(),
                megabytes(m.size),
                safe(&dir.display().to_string()),
                if m.replaced {
                    ", replacing the file of that name"
                } else {
                    ""
                }
            );
            match model::choose(None, config.model.as_deref()) {
                Ok(Some((used, _))) if used == m.path => {
                    out.push_str("transcripts use it from now on\n");
                }
                Ok(Some((used, why))) => out.push_str(&format!(
                    "transcripts still use {} ({})\n",
                    safe(&used.display().to_string()),
                    why.label()
                )),
                // The config's model is broken; every command that uses it says so.
                _ => {}
            }
            out
        }
        ModelsCommand::List { model, format } => {
            let used = model::choose(model.model.as_deref(), config.model.as_deref())?;
            let models = model::installed(&dir)?
                .into_iter()
                .map(|m| Row {
                    used: used.as_ref().is_some_and(|(p, _)| *p == m.path),
                    kind: m.hparams.is_some().then(|| m.kind()),
                    name: m.name,
                    path: m.path,
                    size: m.size,
                })
                .collect();
            let listing = Listing {
                dir,
                models,
                used: used.map(|(path, why)| Used { path, why }),
            };
            match format {
                Format::Json => super::json(&listing)?,
                Format::Text => text(&listing),
            }
        }
    };
    super::write_out(&out)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn text(l: &Listing) -> String {
    let dir = safe(&l.dir.display().to_string()).into_owned();
    let mut out = String::new();
    if l.models.is_empty() {
        out.push_str(&format!("no models installed in {dir}\n"));
    } else {
        use crate::ui::table::{Column, Look, TableRow};
        // No headings; the model in use is marked `*`.
        let columns = [
            Column::left("").narrow(1, 12),
            Column::right("").least(9),
            Column::left("").narrow(0, 12),
        ];
        let rows: Vec<TableRow> = l
            .models
            .iter()
            .map(|m| {
                let mark = if m.used { '*' } else { ' ' };
                let kind = m.kind.as_deref().unwrap_or("not a whisper.cpp model");
                TableRow::Cells(vec![
                    format!("{mark} {}", m.name),
                    megabytes(m.size),
                    kind.to_string(),
                ])
            })
            .collect();
        out.push_str(&crate::ui::table::table(&columns, &rows, Look::stdout()));
        out.push_str(&format!("in {dir}\n"));
    }
    match &l.used {
        Some(u) => out.push_str(&format!(
            "used: {} ({})\n",
            safe(&u.path.display().to_string()),
            u.why.label()
        )),
        None => out.push_str(&format!("no transcripts: {}\n", model::HOW_TO_ADD)),
    }
    out
}
