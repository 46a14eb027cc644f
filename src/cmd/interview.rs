//! `rehearse interview`: a whole mock second interview, each part of a
//! panel's order filled from the banks for its share of the minutes, run
//! like a drill and summarised by part.

use super::drill::Asked;
use crate::bank::interview::{Ask, plan};
use crate::cli::{InterviewArgs, SelectArgs};
use crate::config::Config;
use crate::session;
use anyhow::Result;

/// Runs `rehearse interview`.
pub fn run(args: &InterviewArgs) -> Result<()> {
    let config = Config::load()?;
    let (library, profile) = super::load_banks(&args.bank)?;
    let root = super::recordings_root(args.answer.recordings_dir.as_deref(), &config)?;
    let seed = args.seed.unwrap_or_else(crate::bank::fresh_seed);
    let ask = Ask {
        minutes: args.minutes,
        case: args.case,
        follow_ups: !args.answer.no_follow_ups,
        seed,
    };
    let questions = plan(&library, ask, &profile.questions);
    if questions
        .iter()
        .all(|q| crate::bank::interview::MADE.contains(&q.id.as_str()))
    {
        return Err(crate::error::BadInput::new(
            "the loaded banks hold no question an interview's parts ask",
            "an interview draws from the categories motivation, revisit, behavioural, role, company, culture and practicalities; load banks that use them, or add --with-builtin",
        )
        .into());
    }
    let select = SelectArgs {
        count: Some(questions.len() as u32),
        categories: Vec::new(),
        skip_categories: Vec::new(),
        long: args.case,
        tags: Vec::new(),
        seed: Some(seed),
        focus: None,
        bank: args.bank.clone(),
    };
    let again = again(args, seed);
    let asked = Asked {
        kind: session::Kind::Interview,
        library: &library,
        profile: &profile,
        questions: questions.iter().collect(),
        select: &select,
        seed,
        again: &again,
    };
    asked.run(&args.answer, &config, root)
}

/// The command that runs the same interview again.
fn again(args: &InterviewArgs, seed: u64) -> String {
    let mut line = format!(
        "rehearse interview --seed {seed} --minutes {}",
        args.minutes
    );
    if args.case {
        line.push_str(" --case");
    }
    line.push_str(&args.bank.again());
    line
}
