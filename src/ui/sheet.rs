//! What `rehearse draw` prints: the practice sheet as text or JSON, and
//! `--explain`'s table of weights. Text from banks is wrapped (and so made
//! safe) on the way out; JSON escapes it as JSON does.

use super::table::{Column, Look, TableRow, table};
use super::text::{plural, push_wrapped};
use crate::bank::focus::Weighed;
use crate::bank::{Filter, Library, Question};
use crate::duration::fmt_mss;
use serde::Serialize;

/// Each question passing the filter with its bank weight, effective weight,
/// chance of being drawn first, and the reasons; heaviest first.
pub fn explain(
    library: &Library,
    filter: &Filter,
    focus: Option<&[Weighed]>,
    look: Look,
) -> String {
    let mut rows: Vec<(&Question, f64, Vec<String>)> = library
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| filter.matches(q))
        .map(|(i, q)| match focus.and_then(|f| f.get(i)) {
            Some(w) => (q, w.weight, w.reasons.clone()),
            None => (q, q.weight, Vec::new()),
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
    let total: f64 = rows.iter().map(|r| r.1).sum();
    let mut out = format!(
        "{} question{}, {}\n",
        rows.len(),
        plural(rows.len()),
        if focus.is_some() {
            "weighed by --focus weak (bank weight × multiplier)"
        } else {
            "bank weights (add --focus weak to weigh by history)"
        }
    );
    // No headings: the line above says what the weights are.
    let columns = [
        Column::left(""),
        Column::right(""),
        Column::right(""),
        Column::left("").least(36).most(36).narrow(1, 12),
        Column::left("").narrow(0, 12),
    ];
    let rows: Vec<TableRow> = rows
        .iter()
        .map(|(q, w, reasons)| {
            let chance = if total > 0.0 { w / total * 100.0 } else { 0.0 };
            TableRow::Cells(vec![
                q.id.clone(),
                format!("{:>6.2} → {w:>6.2}", q.weight),
                format!("{chance:>5.1}%"),
                q.text.clone(),
                reasons.join(", "),
            ])
        })
        .collect();
    out.push_str(&table(&columns, &rows, look));
    out
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
    out.push_str(&format!(
        "Practice sheet: {} question{} (seed {seed})\n",
        picked.len(),
        plural(picked.len())
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
        push_wrapped(&mut out, &q.text, width, &first, &rest);
        let b = &q.budget;
        let range = match b.min() {
            Some(min) => format!("{}–{}", fmt_mss(min), fmt_mss(b.max())),
            None => format!("up to {}", fmt_mss(b.max())),
        };
        let meta = format!(
            "{} · target {} ({range}) · {}",
            q.category,
            fmt_mss(b.target()),
            q.id
        );
        push_wrapped(&mut out, &meta, width, &rest, &rest);
        let sub = format!("{rest}  ");
        if !q.parts.is_empty() {
            let parts: Vec<String> = q
                .parts
                .iter()
                .map(|p| format!("{} {}", p.name, fmt_mss(p.budget.target())))
                .collect();
            let parts = format!("Parts: {}", parts.join(" · "));
            push_wrapped(&mut out, &parts, width, &rest, &sub);
        }
        for h in &q.hints {
            push_wrapped(&mut out, h, width, &format!("{rest}- "), &sub);
        }
        for f in &q.follow_ups {
            let t = format!("Follow-up ({}): {}", fmt_mss(f.budget.target()), f.text);
            push_wrapped(&mut out, &t, width, &rest, &sub);
        }
    }
    let banks = library.banks.len();
    let total = library.questions.len();
    out.push_str(&format!(
        "\nDrawn from {total} question{} in {banks} bank{}. The same draw again: --seed {seed}\n",
        plural(total),
        plural(banks)
    ));
    out
}

/// A practice sheet as machine-readable output.
#[derive(Serialize)]
pub struct JsonSheet<'a> {
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
    min_secs: Option<f64>,
    target_secs: f64,
    max_secs: f64,
    hints: &'a [String],
}

/// One question for JSON output.
pub fn json_question<'a>(library: &Library, q: &'a Question) -> JsonQuestion<'a> {
    JsonQuestion {
        id: &q.id,
        text: &q.text,
        category: &q.category,
        tags: &q.tags,
        weight: q.weight,
        min_secs: q.budget.min().map(|d| d.as_secs_f64()),
        target_secs: q.budget.target().as_secs_f64(),
        max_secs: q.budget.max().as_secs_f64(),
        hints: &q.hints,
        follow_ups: q
            .follow_ups
            .iter()
            .map(|f| JsonFollowUp {
                text: &f.text,
                min_secs: f.budget.min().map(|d| d.as_secs_f64()),
                target_secs: f.budget.target().as_secs_f64(),
                max_secs: f.budget.max().as_secs_f64(),
                hints: &f.hints,
            })
            .collect(),
        parts: q
            .parts
            .iter()
            .map(|p| JsonPart {
                name: &p.name,
                budget_secs: p.budget.target().as_secs_f64(),
            })
            .collect(),
        bank: library
            .banks
            .get(q.bank)
            .map(|b| b.source.display())
            .unwrap_or_default(),
    }
}

/// The practice sheet as machine-readable output.
pub fn json<'a>(library: &Library, picked: &[&'a Question], seed: u64) -> JsonSheet<'a> {
    JsonSheet {
        seed,
        questions: picked.iter().map(|q| json_question(library, q)).collect(),
    }
}
