//! What `rehearse banks list` prints: banks, categories, counts and weights.

use super::table::{Column, Look, TableRow, table};
use crate::bank::Library;
use serde::Serialize;

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

/// `2` rather than `2.0`, `1.5` as is.
fn trim_float(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `banks list` as JSON.
pub fn json(library: &Library) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(&listing(library))?;
    s.push('\n');
    Ok(s)
}

/// `banks list` as tables fitted to `look`: long sources give way first,
/// then titles and category names.
pub fn text(library: &Library, look: Look) -> String {
    let l = listing(library);
    let cells = |v: Vec<String>| TableRow::Cells(v);
    let banks: Vec<TableRow> = l
        .banks
        .iter()
        .map(|b| {
            cells(vec![
                b.title.clone(),
                b.source.clone(),
                b.questions.to_string(),
                b.enabled.to_string(),
                trim_float(b.weight),
            ])
        })
        .collect();
    let bank_columns = [
        Column::left("BANK").narrow(1, 12),
        Column::left("SOURCE").narrow(0, 12),
        Column::right("QUESTIONS"),
        Column::right("ENABLED"),
        Column::right("WEIGHT"),
    ];
    let mut out = table(&bank_columns, &banks, look);
    let categories: Vec<TableRow> = l
        .categories
        .iter()
        .map(|c| {
            cells(vec![
                c.category.clone(),
                c.questions.to_string(),
                c.enabled.to_string(),
                trim_float(c.weight),
                format!("{:.1}%", c.share),
            ])
        })
        .collect();
    let category_columns = [
        Column::left("CATEGORY").narrow(0, 12),
        Column::right("QUESTIONS"),
        Column::right("ENABLED"),
        Column::right("WEIGHT"),
        Column::right("SHARE").least(6),
    ];
    out.push('\n');
    out.push_str(&table(&category_columns, &categories, look));
    let enabled: usize = l.banks.iter().map(|b| b.enabled).sum();
    let (questions, banks, categories) =
        (library.questions.len(), l.banks.len(), l.categories.len());
    out.push_str(&format!(
        "\n{questions} question{} ({enabled} enabled) in {banks} bank{} and {categories} categor{}\n",
        super::text::plural(questions),
        super::text::plural(banks),
        if categories == 1 { "y" } else { "ies" }
    ));
    out
}
