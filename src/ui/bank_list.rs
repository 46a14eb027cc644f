//! What `rehearse banks list` prints: banks, categories, counts and weights.

use super::table::{Column, Look, TableRow, table};
use crate::bank::{Library, Question};
use serde::Serialize;

/// A bank's or a category's questions, those that can be drawn, and their weight.
#[derive(Serialize, Default)]
struct Counts {
    questions: usize,
    enabled: usize,
    weight: f64,
}

impl Counts {
    fn of<'a>(qs: impl Iterator<Item = &'a Question>) -> Counts {
        qs.fold(Counts::default(), |c, q| Counts {
            questions: c.questions + 1,
            enabled: c.enabled + usize::from(q.weight > 0.0),
            weight: c.weight + q.weight,
        })
    }
}

#[derive(Serialize)]
struct BankRow {
    title: String,
    source: String,
    #[serde(flatten)]
    counts: Counts,
    categories: Vec<String>,
}

#[derive(Serialize)]
struct CategoryRow {
    category: String,
    #[serde(flatten)]
    counts: Counts,
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
            let qs = || library.questions.iter().filter(move |q| q.bank == i);
            let mut categories: Vec<String> = qs().map(|q| q.category.clone()).collect();
            categories.sort();
            categories.dedup();
            BankRow {
                title: b.title.clone(),
                source: b.source.display(),
                counts: Counts::of(qs()),
                categories,
            }
        })
        .collect();
    let total: f64 = library.questions.iter().map(|q| q.weight).sum();
    let categories = library
        .categories()
        .into_iter()
        .map(|c| {
            let counts = Counts::of(library.questions.iter().filter(|q| q.category == c));
            CategoryRow {
                category: c.to_string(),
                share: if total > 0.0 {
                    100.0 * counts.weight / total
                } else {
                    0.0
                },
                counts,
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
    let row = |names: &[&String], c: &Counts, last: Option<String>| {
        let counts = [c.questions.to_string(), c.enabled.to_string()];
        let names = names.iter().map(|s| s.to_string()).chain(counts);
        TableRow::Cells(names.chain([trim_float(c.weight)]).chain(last).collect())
    };
    let banks: Vec<TableRow> = (l.banks.iter())
        .map(|b| row(&[&b.title, &b.source], &b.counts, None))
        .collect();
    let bank_columns = [
        Column::left("BANK").narrow(1, 12),
        Column::left("SOURCE").narrow(0, 12),
        Column::right("QUESTIONS"),
        Column::right("ENABLED"),
        Column::right("WEIGHT"),
    ];
    let mut out = table(&bank_columns, &banks, look);
    let categories: Vec<TableRow> = (l.categories.iter())
        .map(|c| row(&[&c.category], &c.counts, Some(format!("{:.1}%", c.share))))
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
    let enabled: usize = l.banks.iter().map(|b| b.counts.enabled).sum();
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
