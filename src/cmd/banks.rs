//! `rehearse banks list` and `rehearse banks check`.

use crate::bank::{self, Library};
use crate::cli::{BankArgs, BanksCommand, Format};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// Runs `rehearse banks …`.
pub fn run(cmd: &BanksCommand) -> Result<()> {
    let out = match cmd {
        BanksCommand::List { bank, format } => list(bank, *format)?,
        BanksCommand::Check {
            paths,
            with_builtin,
        } => {
            let library = bank::load(paths, *with_builtin)?;
            let enabled = library.questions.iter().filter(|q| q.weight > 0.0).count();
            for w in &library.warnings {
                crate::ui::text::eprint(&format!("rehearse: warning: {w}\n  hint: {}\n", w.hint));
            }
            let n = library.warnings.len();
            let warned = match n {
                0 => String::new(),
                n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
            };
            format!(
                "ok: {} bank{}, {} questions ({enabled} enabled), no problems{warned}\n",
                library.banks.len(),
                if library.banks.len() == 1 { "" } else { "s" },
                library.questions.len()
            )
        }
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

#[derive(Serialize)]
struct BankRow {
    title: String,
    source: String,
    questions: usize,
    enabled: usize,
    weight: f64,
    categories: Vec<String>,
}

#[derive(Serialize)]
struct CategoryRow {
    category: String,
    questions: usize,
    enabled: usize,
    weight: f64,
    /// Chance that a first pick lands in this category, in percent.
    share: f64,
}

#[derive(Serialize)]
struct Listing {
    banks: Vec<BankRow>,
    categories: Vec<CategoryRow>,
}

fn listing(library: &Library) -> Listing {
    let banks = library
        .banks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let qs: Vec<_> = library.questions.iter().filter(|q| q.bank == i).collect();
            let mut categories: Vec<String> = qs.iter().map(|q| q.category.clone()).collect();
            categories.sort();
            categories.dedup();
            BankRow {
                title: b.title.clone(),
                source: b.source.display(),
                questions: qs.len(),
                enabled: qs.iter().filter(|q| q.weight > 0.0).count(),
                weight: qs.iter().map(|q| q.weight).sum(),
                categories,
            }
        })
        .collect();
    let total: f64 = library.questions.iter().map(|q| q.weight).sum();
    let categories = library
        .categories()
        .into_iter()
        .map(|c| {
            let qs: Vec<_> = library
                .questions
                .iter()
                .filter(|q| q.category == c)
                .collect();
            let weight: f64 = qs.iter().map(|q| q.weight).sum();
            CategoryRow {
                category: c.to_string(),
                questions: qs.len(),
                enabled: qs.iter().filter(|q| q.weight > 0.0).count(),
                weight,
                share: if total > 0.0 {
                    100.0 * weight / total
                } else {
                    0.0
                },
            }
        })
        .collect();
    Listing { banks, categories }
}

fn list(args: &BankArgs, format: Format) -> Result<String> {
    let library = super::load_library(args)?;
    let l = listing(&library);
    if format == Format::Json {
        let mut s = serde_json::to_string_pretty(&l)?;
        s.push('\n');
        return Ok(s);
    }
    use crate::text::{cell, width};
    let widest = |f: fn(&BankRow) -> &str, least| {
        l.banks
            .iter()
            .map(|b| width(&crate::text::safe(f(b))))
            .max()
            .unwrap_or(0)
            .max(least)
    };
    let (title_w, src_w) = (widest(|b| &b.title, 4), widest(|b| &b.source, 6));
    let mut out = format!(
        "{:<title_w$}  {:<src_w$}  {:>9}  {:>7}  {:>6}\n",
        "BANK", "SOURCE", "QUESTIONS", "ENABLED", "WEIGHT"
    );
    for b in &l.banks {
        out.push_str(&format!(
            "{}  {}  {:>9}  {:>7}  {:>6}\n",
            cell(&b.title, title_w),
            cell(&b.source, src_w),
            b.questions,
            b.enabled,
            trim_float(b.weight)
        ));
    }
    let cat_w = l
        .categories
        .iter()
        .map(|c| width(&crate::text::safe(&c.category)))
        .max()
        .unwrap_or(0)
        .max(8);
    out.push_str(&format!(
        "\n{:<cat_w$}  {:>9}  {:>7}  {:>6}  {:>6}\n",
        "CATEGORY", "QUESTIONS", "ENABLED", "WEIGHT", "SHARE"
    ));
    for c in &l.categories {
        out.push_str(&format!(
            "{}  {:>9}  {:>7}  {:>6}  {:>5.1}%\n",
            cell(&c.category, cat_w),
            c.questions,
            c.enabled,
            trim_float(c.weight),
            c.share
        ));
    }
    let enabled: usize = l.banks.iter().map(|b| b.enabled).sum();
    out.push_str(&format!(
        "\n{} questions ({enabled} enabled) in {} banks and {} categories\n",
        library.questions.len(),
        l.banks.len(),
        l.categories.len()
    ));
    Ok(out)
}

/// `2` rather than `2.0`, `1.5` as is.
fn trim_float(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
