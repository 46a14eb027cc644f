//! `rehearse profile`: writes the profile of the interview being prepared by
//! asking for each value on the terminal (or from lines on standard input),
//! and `rehearse profile check` checks one as `banks check` checks a bank.

use crate::bank::profile::{Profile, default_path};
use crate::cli::{ProfileArgs, ProfileCommand};
use anyhow::{Context, Result};
use std::io::BufRead;

/// Runs `rehearse profile` and `rehearse profile check`.
pub fn run(args: &ProfileArgs) -> Result<()> {
    if let Some(ProfileCommand::Check { file }) = &args.check {
        let named = file.as_deref().or(args.profile.as_deref());
        return match Profile::load(named)? {
            Some(_) => {
                let path = named.map(|p| p.to_path_buf()).or_else(default_path);
                let shown = path.map(|p| p.display().to_string()).unwrap_or_default();
                super::write_out(&format!("{}: ok\n", crate::text::safe(&shown)))
            }
            None => Err(crate::error::BadInput::new(
                "no profile to check",
                "name one (`rehearse profile check FILE`), or write one with `rehearse profile`",
            )
            .into()),
        };
    }
    let path = args
        .profile
        .clone()
        .or_else(default_path)
        .context("no config directory to keep the profile in; name a file with --profile")?;
    if path.exists() {
        return Err(crate::error::BadInput::new(
            format!("{} exists already", path.display()),
            "edit it in a text editor, or move it away to write a new one",
        )
        .into());
    }
    let text = ask(&mut std::io::stdin().lock())?;
    // What was typed must read back as a profile before it is kept.
    Profile::parse(&path.display().to_string(), &text)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    crate::text::eprint(&format!(
        "Written to {}; `rehearse prep`, `drill` and `interview` use it.\n",
        path.display()
    ));
    Ok(())
}

/// One value per prompt; an empty line leaves it out. Lists take one item
/// per line and end at an empty line.
const PROMPTS: &[(&str, &str, bool)] = &[
    ("company", "The company's name", false),
    ("role", "The role you applied for", false),
    ("date", "The interview's date (YYYY-MM-DD)", false),
    (
        "interviewers",
        "Who is on the panel: one per line as `Name, role`",
        true,
    ),
    (
        "requirements",
        "The job ad's key requirements, one per line",
        true,
    ),
    ("why_applied", "Round one: why you said you applied", false),
    (
        "strengths",
        "Round one: the strengths you named, one per line",
        true,
    ),
    ("weakness", "Round one: the weakness you named", false),
    ("salary", "Round one: the salary figure you gave", false),
    (
        "stories",
        "Round one: the stories you told, a short title per line",
        true,
    ),
    (
        "questions",
        "Your questions for the panel, one per line",
        true,
    ),
];

/// Asks each prompt on standard error, reads the answers from `input`, and
/// returns the profile as YAML.
fn ask(input: &mut impl BufRead) -> Result<String> {
    crate::text::eprint("Answer each line, or press Enter to leave it out.\n");
    let mut out = String::from("# The interview being prepared; see `rehearse profile --help`.\n");
    let mut round_one = String::new();
    let mut line = String::new();
    for &(key, prompt, many) in PROMPTS {
        let suffix = if many { " (empty line ends)" } else { "" };
        crate::text::eprint(&format!("{prompt}{suffix}: "));
        let mut values = Vec::new();
        loop {
            line.clear();
            if input.read_line(&mut line)? == 0 {
                break;
            }
            let v = line.trim();
            if v.is_empty() {
                break;
            }
            values.push(v.to_string());
            if !many {
                break;
            }
        }
        if values.is_empty() {
            continue;
        }
        let round = matches!(
            key,
            "why_applied" | "strengths" | "weakness" | "salary" | "stories"
        );
        let (to, indent) = if round {
            (&mut round_one, "  ")
        } else {
            (&mut out, "")
        };
        if !many {
            to.push_str(&format!("{indent}{key}: {}\n", quoted(&values[0])));
            continue;
        }
        to.push_str(&format!("{indent}{key}:\n"));
        for v in values {
            if key == "interviewers" {
                let (name, role) = v.split_once(',').unwrap_or((&v, ""));
                to.push_str(&format!("{indent}  - name: {}\n", quoted(name.trim())));
                if !role.trim().is_empty() {
                    to.push_str(&format!("{indent}    role: {}\n", quoted(role.trim())));
                }
            } else {
                to.push_str(&format!("{indent}  - {}\n", quoted(&v)));
            }
        }
    }
    if !round_one.is_empty() {
        out.push_str("round_one:\n");
        out.push_str(&round_one);
    }
    Ok(out)
}

/// `v` as a YAML double-quoted scalar, so any text reads back as itself.
fn quoted(v: &str) -> String {
    serde_json::to_string(v).expect("a string serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_answers_become_a_profile_that_reads_back_as_typed() {
        let typed = "Acme: \"Analytics\" #1\ndata engineer\n2026-12-14\nDana Reyes, head of data\nTom\n\nSQL at scale\n\nthe move to real-time data\npatience\n\nsaying no\n£55k\nthe billing migration\n\n\n";
        let text = ask(&mut typed.as_bytes()).unwrap();
        let p = Profile::parse("typed", &text).unwrap();
        assert_eq!(p.company.as_deref(), Some("Acme: \"Analytics\" #1"));
        assert_eq!(p.date, Some(jiff::civil::date(2026, 12, 14)));
        assert_eq!(p.interviewers.len(), 2);
        assert_eq!(p.interviewers[0].role.as_deref(), Some("head of data"));
        assert_eq!(p.requirements, ["SQL at scale"]);
        assert_eq!(p.round_one.strengths, ["patience"]);
        assert_eq!(p.round_one.salary.as_deref(), Some("£55k"));
        assert_eq!(p.round_one.stories, ["the billing migration"]);
        assert!(p.questions.is_empty());
        assert_eq!(
            Profile::parse("none", &ask(&mut "".as_bytes()).unwrap()).unwrap(),
            Profile::default()
        );
    }
}
