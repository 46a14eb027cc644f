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

/// Prints the manual page: the command, then each subcommand (nested ones
/// too) as a subsection of COMMANDS, then the files and the environment.
/// One page: clap_mangen's own list of subcommands names a page per
/// subcommand, which `rehearse man` does not make.
pub fn man() -> Result<()> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    out.extend_from_slice(b".SH COMMANDS\n");
    commands(&cmd, "rehearse", &mut out)?;
    out.extend_from_slice(FILES_AND_ENVIRONMENT.as_bytes());
    man.render_version_section(&mut out)?;
    crate::ui::text::print(&String::from_utf8_lossy(&out));
    Ok(())
}

/// A subsection per subcommand of `cmd` (called `name`): its synopsis,
/// description, options and keys, each section heading made a paragraph.
fn commands(cmd: &clap::Command, name: &str, out: &mut Vec<u8>) -> Result<()> {
    let subs = cmd.get_subcommands();
    for sub in subs.filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        let name = format!("{name} {}", sub.get_name());
        if sub.has_subcommands() {
            commands(sub, &name, out)?;
            continue;
        }
        let mut page = Vec::new();
        let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        man.render_synopsis_section(&mut page)?;
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
        man.render_extra_section(&mut page)?;
        out.extend_from_slice(format!(".SS \"{}\"\n", name.replace('-', "\\-")).as_bytes());
        for line in String::from_utf8_lossy(&page).lines() {
            let line = if line.starts_with(".SH ") {
                ".PP"
            } else {
                line
            };
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
    }
    Ok(())
}

/// Where rehearse keeps things, and the variables it reads (roff).
const FILES_AND_ENVIRONMENT: &str = r#".SH FILES
.TP
\fI~/.config/rehearse/config.yaml\fR
Personal defaults (the platform's config directory elsewhere): think and warn times, count, recordings directory, microphone, speech, panel, pace band, sound system.
.TP
\fI~/.local/share/rehearse/recordings/\fR
Where sessions are saved and read (the platform's data directory elsewhere): one directory per session holding \fIsession.yaml\fR and one WAV per recorded answer.
.SH ENVIRONMENT
.TP
\fBREHEARSE_CONFIG\fR
The config file to read instead of the one under FILES.
.TP
\fBREHEARSE_RECORDINGS\fR
Where sessions are saved and read, unless \fB\-\-recordings\-dir\fR says; it wins over the config file's \fIrecordings_dir\fR.
.TP
\fBXDG_CONFIG_HOME\fR, \fBXDG_DATA_HOME\fR
Move the config and data directories (Linux).
.TP
\fBNO_COLOR\fR
Set and not empty: no colour.
.TP
\fBTERM\fR
\fIdumb\fR: plain ASCII and no colour.
.TP
\fBLC_ALL\fR, \fBLC_CTYPE\fR, \fBLANG\fR
The first one set decides the character set: anything but UTF\-8 gives plain ASCII.
.TP
\fBTMPDIR\fR
Where the analysis of a recording longer than 41 s keeps its frame figures while it runs: 7.2 MB an hour, in a file without a name, so nothing is left behind.
.TP
\fBPULSE_LATENCY_MSEC\fR
How much audio each exchange with the sound server holds, in milliseconds, for recording and playback.
.SH EXIT STATUS
0 success, 1 runtime failure, 2 bad usage or bad input, 128 + N when signal N ended a session (after saving it).
"#;
