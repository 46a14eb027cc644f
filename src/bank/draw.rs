//! The weighted random draw: without replacement, reproducible from a seed on
//! every machine and every version of `rand`.
//!
//! The stream comes from ChaCha8 seeded through `seed_from_u64` (both fixed by
//! their specifications), and the sampling itself is written here, so neither
//! can change under us when a dependency updates.

use super::model::{Library, Question};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

/// A question whose minimum is longer than this is a long prepared task (a
/// case to present): drawn only when asked for.
pub const LONG_TASK: Duration = Duration::from_secs(180);

/// Which questions may be drawn: any listed category (or all when none), none
/// of the skipped ones, any listed tag (or all when none), long prepared
/// tasks only when asked for (`long`, or by naming categories), and
/// preparation items only when their category is named. Matching ignores case.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Categories to draw from.
    pub categories: Vec<String>,
    /// Categories to leave out.
    pub skip: Vec<String>,
    /// Tags to draw from.
    pub tags: Vec<String>,
    /// Include questions whose minimum is over [`LONG_TASK`].
    pub long: bool,
}

impl Filter {
    /// Whether `q` passes the filter.
    pub fn matches(&self, q: &Question) -> bool {
        let named = |list: &[String]| list.iter().any(|c| c.eq_ignore_ascii_case(&q.category));
        let long_ok = self.long
            || !self.categories.is_empty()
            || q.budget.min().is_none_or(|m| m <= LONG_TASK);
        // Preparation is never drawn by an empty category list.
        let by_category = named(&self.categories)
            || (self.categories.is_empty() && !super::stage::is_prep(&q.category));
        by_category
            && !named(&self.skip)
            && long_ok
            && (self.tags.is_empty()
                || self
                    .tags
                    .iter()
                    .any(|t| q.tags.iter().any(|qt| qt.eq_ignore_ascii_case(t))))
    }
}

/// Why nothing could be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DrawError {
    /// A `--category` names no loaded category.
    #[error("no category `{given}` in the loaded banks")]
    UnknownCategory {
        /// As given.
        given: String,
        /// Every category there is.
        valid: Vec<String>,
    },
    /// A `--tag` names no loaded tag.
    #[error("no tag `{given}` in the loaded banks")]
    UnknownTag {
        /// As given.
        given: String,
        /// Every tag there is.
        valid: Vec<String>,
    },
    /// Each filter matches something, but no question matches them together.
    #[error("no question matches {0}")]
    NothingMatches(String),
    /// Every matching question has weight 0.
    #[error("every matching question has weight 0 ({0} disabled)")]
    AllDisabled(usize),
}

/// Draws up to `n` distinct questions passing `filter`, each pick weighted.
pub fn draw<'a>(
    library: &'a Library,
    filter: &Filter,
    n: usize,
    seed: u64,
) -> Result<Vec<&'a Question>, DrawError> {
    draw_by(library, filter, n, seed, |_, q| q.weight)
}

/// Like [`draw`], but with `weights[i]` in place of the bank weight of
/// `library.questions[i]` (as `--focus` computes them).
pub fn draw_weighted<'a>(
    library: &'a Library,
    filter: &Filter,
    n: usize,
    seed: u64,
    weights: &[f64],
) -> Result<Vec<&'a Question>, DrawError> {
    draw_by(library, filter, n, seed, |i, _| {
        weights.get(i).copied().unwrap_or(0.0)
    })
}

fn draw_by<'a>(
    library: &'a Library,
    filter: &Filter,
    n: usize,
    seed: u64,
    weight: impl Fn(usize, &Question) -> f64,
) -> Result<Vec<&'a Question>, DrawError> {
    let categories = filter.categories.iter().chain(&filter.skip);
    if let Some((given, valid)) = unknown(categories, &library.categories()) {
        return Err(DrawError::UnknownCategory { given, valid });
    }
    if let Some((given, valid)) = unknown(&filter.tags, &library.tags()) {
        return Err(DrawError::UnknownTag { given, valid });
    }
    let pool: Vec<(usize, &Question)> = library
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| filter.matches(q))
        .collect();
    if pool.is_empty() {
        let mut parts = Vec::new();
        if !filter.categories.is_empty() {
            parts.push(format!("category {}", filter.categories.join(" or ")));
        }
        if !filter.tags.is_empty() {
            parts.push(format!("tag {}", filter.tags.join(" or ")));
        }
        if !filter.skip.is_empty() {
            parts.push(format!("no category {}", filter.skip.join(" or ")));
        }
        if parts.is_empty() {
            parts.push("the filters (long prepared tasks need --long)".into());
        }
        let mut what = parts.join(" with ");
        let as_prep = Filter {
            categories: vec![super::stage::PREP.into()],
            ..filter.clone()
        };
        if filter.categories.is_empty() && library.questions.iter().any(|q| as_prep.matches(q)) {
            what.push_str(" (preparation items come only with --category prep)");
        }
        return Err(DrawError::NothingMatches(what));
    }
    let weights: Vec<f64> = pool.iter().map(|&(i, q)| weight(i, q)).collect();
    if weights.iter().all(|w| *w <= 0.0) {
        return Err(DrawError::AllDisabled(pool.len()));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Ok(sample_weighted(&weights, n, &mut rng)
        .into_iter()
        .map(|i| pool[i].1)
        .collect())
}

/// The first of `given` that is none of `known` (ignoring case), with every known name.
fn unknown<'a>(
    given: impl IntoIterator<Item = &'a String>,
    known: &[&str],
) -> Option<(String, Vec<String>)> {
    let given = given
        .into_iter()
        .find(|g| !known.iter().any(|k| k.eq_ignore_ascii_case(g)))?;
    Some((given.clone(), known.iter().map(|k| k.to_string()).collect()))
}

/// Picks up to `n` distinct indices of `weights`, each pick in proportion to the
/// weights still in the pool; zero weights are never picked.
pub fn sample_weighted<R: Rng + ?Sized>(weights: &[f64], n: usize, rng: &mut R) -> Vec<usize> {
    let mut pool: Vec<(usize, f64)> = weights
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, w)| *w > 0.0 && w.is_finite())
        .collect();
    let mut picked = Vec::with_capacity(n.min(pool.len()));
    while picked.len() < n && !pool.is_empty() {
        let total: f64 = pool.iter().map(|(_, w)| w).sum();
        let mut u = unit(rng) * total;
        // Falls back to the last entry when rounding leaves `u` a hair above the sum.
        let mut at = pool.len() - 1;
        for (i, (_, w)) in pool.iter().enumerate() {
            if u < *w {
                at = i;
                break;
            }
            u -= w;
        }
        picked.push(pool.remove(at).0);
    }
    picked
}

/// A uniform number in [0, 1) from the top 53 bits of one output.
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A seed for when the user gave none, shown so the draw can be repeated.
pub fn fresh_seed() -> u64 {
    // Six digits are easy to retype and plenty for practice variety.
    rand::rng().next_u64() % 1_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_weights_are_never_picked_and_picks_never_repeat() {
        let weights = [1.0, 0.0, 3.0, 0.0, 2.0];
        for seed in 0..500 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let got = sample_weighted(&weights, 10, &mut rng);
            let mut sorted = got.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, vec![0, 2, 4], "seed {seed}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_picks() {
        let weights: Vec<f64> = (1..=30).map(f64::from).collect();
        let a = sample_weighted(&weights, 8, &mut ChaCha8Rng::seed_from_u64(42));
        let b = sample_weighted(&weights, 8, &mut ChaCha8Rng::seed_from_u64(42));
        let c = sample_weighted(&weights, 8, &mut ChaCha8Rng::seed_from_u64(43));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
