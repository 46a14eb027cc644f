//! `rehearse completions SHELL` and `rehearse man`: shell completions and the
//! manual page, both generated from the same clap definitions as `--help`.

use crate::cli::{Cli, CompletionsArgs};
use anyhow::Result;
use clap::CommandFactory;

/// Prints the completion script for `args.shell`.
pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "rehearse", &mut out);
    crate::ui::text::print(&String::from_utf8_lossy(&out));
    Ok(())
}

/// Prints the manual page: the command, then a section per subcommand.
pub fn man() -> Result<()> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("rehearse {}", sub.get_name());
        let sub = sub.clone().bin_name(name);
        let page = clap_mangen::Man::new(sub);
        page.render_synopsis_section(&mut out)?;
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
        page.render_extra_section(&mut out)?;
    }
    man.render_version_section(&mut out)?;
    crate::ui::text::print(&String::from_utf8_lossy(&out));
    Ok(())
}
