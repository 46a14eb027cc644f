//! `rehearse draw`: a weighted random practice sheet, as text or JSON.

use crate::bank::{Library, Question};
use crate::cli::{DrawArgs, Format};
use crate::duration::fmt_mss;
use crate::ui::text::{output_width, wrap};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// Runs `rehearse draw`.
pub fn run(args: &DrawArgs) -> Result<()> {
    let config = crate::config::Config::load()?;
    let library = super::load_library(&args.select.bank)?;
    let mut select = args.select.clone();
    select.count = select.count.or(config.count);
    let (seed, picked) = super::select(&library, &select)?;
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

/// The text practice sheet.
pub fn sheet(
    library: &Library,
    picked: &[&Question],
    seed: u64,
    asked: usize,
    width: usize,
) -> String {
    let mut out = String::new();
    let plural = if picked.len() == 1 { "" } else { "s" };
    out.push_str(&format!(
        "Practice sheet: {} question{plural} (seed {seed})\n",
        picked.len()
    ));
    if picked.len() < asked {
        out.push_str(&format!(
            "Only {} matching questions can be drawn; asked for {asked}.\n",
            picked.len()
        ));
    }
    let num_width = picked.len().to_string().len();
    for (i, q) in picked.iter().enumerate() {
        out.push('\n');
        let first = format!("{:>num_width$}. ", i + 1);
        let rest = " ".repeat(first.len());
        for line in wrap(&q.text, width, &first, &rest) {
            out.push_str(&line);
            out.push('\n');
        }
        let range = match q.min {
            Some(min) => format!("{}–{}", fmt_mss(min), fmt_mss(q.max)),
            None => format!("up to {}", fmt_mss(q.max)),
        };
        let meta = format!(
            "{} · target {} ({range}) · {}",
            q.category,
            fmt_mss(q.target),
            q.id
        );
        for line in wrap(&meta, width, &rest, &rest) {
            out.push_str(&line);
            out.push('\n');
        }
        let sub = format!("{rest}  ");
        if !q.parts.is_empty() {
            let parts: Vec<String> = q
                .parts
                .iter()
                .map(|p| format!("{} {}", p.name, fmt_mss(p.budget)))
                .collect();
            for line in wrap(&format!("Parts: {}", parts.join(" · ")), width, &rest, &sub) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        for h in &q.hints {
            for line in wrap(h, width, &format!("{rest}- "), &sub) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        for f in &q.follow_ups {
            let t = format!("Follow-up ({}): {}", fmt_mss(q.follow_up_target(f)), f.text);
            for line in wrap(&t, width, &rest, &sub) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    let banks = library.banks.len();
    let total = library.questions.len();
    out.push_str(&format!(
        "\nDrawn from {total} question{} in {banks} bank{}. The same draw again: --seed {seed}\n",
        if total == 1 { "" } else { "s" },
        if banks == 1 { "" } else { "s" }
    ));
    out
}

#[derive(Serialize)]
struct JsonSheet<'a> {
    seed: u64,
    questions: Vec<JsonQuestion<'a>>,
}

/// A question as machine-readable output; durations in seconds.
#[derive(Serialize)]
pub struct JsonQuestion<'a> {
    id: &'a str,
    text: &'a str,
    category: &'a str,
    tags: &'a [String],
    weight: f64,
    min_secs: Option<f64>,
    target_secs: f64,
    max_secs: f64,
    hints: &'a [String],
    follow_ups: Vec<JsonFollowUp<'a>>,
    parts: Vec<JsonPart<'a>>,
    bank: String,
}

#[derive(Serialize)]
struct JsonPart<'a> {
    name: &'a str,
    budget_secs: f64,
}

#[derive(Serialize)]
struct JsonFollowUp<'a> {
    text: &'a str,
    target_secs: f64,
}

/// One question for JSON output.
pub fn json_question<'a>(library: &Library, q: &'a Question) -> JsonQuestion<'a> {
    JsonQuestion {
        id: &q.id,
        text: &q.text,
        category: &q.category,
        tags: &q.tags,
        weight: q.weight,
        min_secs: q.min.map(|d| d.as_secs_f64()),
        target_secs: q.target.as_secs_f64(),
        max_secs: q.max.as_secs_f64(),
        hints: &q.hints,
        follow_ups: q
            .follow_ups
            .iter()
            .map(|f| JsonFollowUp {
                text: &f.text,
                target_secs: q.follow_up_target(f).as_secs_f64(),
            })
            .collect(),
        parts: q
            .parts
            .iter()
            .map(|p| JsonPart {
                name: &p.name,
                budget_secs: p.budget.as_secs_f64(),
            })
            .collect(),
        bank: library
            .banks
            .get(q.bank)
            .map(|b| b.source.display())
            .unwrap_or_default(),
    }
}

fn json<'a>(library: &Library, picked: &[&'a Question], seed: u64) -> JsonSheet<'a> {
    JsonSheet {
        seed,
        questions: picked.iter().map(|q| json_question(library, q)).collect(),
    }
}
