//! What `rehearse banks list` prints: banks, categories, counts and weights.

use crate::bank::Library;
use crate::cli::Format;
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

/// The widest of `names` as shown, and at least `least` columns.
fn widest<'a>(names: impl Iterator<Item = &'a str>, least: usize) -> usize {
    let widths = names.map(|n| crate::text::width(&crate::text::safe(n)));
    widths.max().unwrap_or(0).max(least)
}

/// `banks list` as text or JSON.
pub fn list(library: &Library, format: Format) -> anyhow::Result<String> {
    let l = listing(library);
    if format == Format::Json {
        let mut s = serde_json::to_string_pretty(&l)?;
        s.push('\n');
        return Ok(s);
    }
    use crate::text::cell;
    let title_w = widest(l.banks.iter().map(|b| b.title.as_str()), 4);
    let src_w = widest(l.banks.iter().map(|b| b.source.as_str()), 6);
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
    let cat_w = widest(l.categories.iter().map(|c| c.category.as_str()), 8);
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
    let (questions, banks, categories) =
        (library.questions.len(), l.banks.len(), l.categories.len());
    out.push_str(&format!(
        "\n{questions} question{} ({enabled} enabled) in {banks} bank{} and {categories} categor{}\n",
        super::text::plural(questions),
        super::text::plural(banks),
        if categories == 1 { "y" } else { "ies" }
    ));
    Ok(out)
}
