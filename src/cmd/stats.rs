//! `rehearse stats`: figures over past sessions as tables with charts (on a
//! terminal) or a one-line trend, CSV or JSON; laid out by `ui::stats_view`.

use crate::cli::{StatsArgs, StatsFormat};
use crate::config::Config;
use crate::session::stats::{self, Scope};
use crate::session::{self, Session, history};
use crate::ui::table::Look;
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
    let look = Look::stdout();
    // Pictures only for a person at a terminal; a pipe gets the figures.
    let pictures = (look.width.is_some() && !args.no_chart && figures.answers > 0).then(|| {
        let all = scope.category.as_deref().unwrap_or("All categories");
        let mut names = vec![all.to_string()];
        if scope.category.is_none() && figures.categories.len() > 1 {
            names.extend(figures.categories.iter().map(|c| c.name.clone()));
        }
        let scopes: Vec<Scope> = names
            .iter()
            .enumerate()
            .map(|(i, name)| Scope {
                category: if i == 0 {
                    scope.category.clone()
                } else {
                    Some(name.clone())
                },
                ..scope.clone()
            })
            .collect();
        let groups: Vec<_> = names
            .into_iter()
            .zip(stats::periods(&refs, &scopes))
            .collect();
        crate::ui::stats_view::pictures(&groups, look)
    });
    let out = match args.format {
        StatsFormat::Text => {
            crate::ui::stats_view::text(&figures, &root, look, pictures.as_deref())
        }
        StatsFormat::Csv => crate::ui::stats_view::csv(&figures),
        StatsFormat::Json => super::json(&figures)?,
    };
    super::write_out(&out)
}
