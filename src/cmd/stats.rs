//! `rehearse stats`: figures over past sessions as a table with a trend
//! sparkline, CSV or JSON; laid out by `ui::stats_view`.

use crate::cli::{StatsArgs, StatsFormat};
use crate::config::Config;
use crate::session::stats::{self, Scope};
use crate::session::{self, Session, history};
use anyhow::Result;

/// Runs `rehearse stats`.
pub fn run(args: &StatsArgs) -> Result<()> {
    let config = Config::load()?;
    let root = super::recordings_root(args.recordings_dir.as_deref(), &config)?;
    let sessions = history::readable(&root);
    let refs: Vec<&Session> = sessions.iter().collect();
    let scope = Scope {
        since: args
            .since
            .map(|d| session::now().unix() - d.as_secs() as i64),
        category: args.category.clone(),
    };
    let figures = stats::compute(&refs, &scope);
    let out = match args.format {
        StatsFormat::Text => {
            crate::ui::stats_view::text(&figures, &root, crate::ui::table::Look::stdout(), None)
        }
        StatsFormat::Csv => crate::ui::stats_view::csv(&figures),
        StatsFormat::Json => super::json(&figures)?,
    };
    super::write_out(&out)
}
