//! An interview's summary by part: for each stage of the panel's order,
//! how many answers, the time they took against their targets, and how many
//! landed on target.

use super::table::{Column, Look, TableRow, table};
use crate::bank::stage::Stage;
use crate::duration::fmt_rounded;
use crate::session::{Session, Verdict};
use std::time::Duration;

/// The table of parts, in the order the interview ran them.
pub fn by_part(session: &Session, look: Look) -> String {
    let mut parts: Vec<(Stage, usize, usize, Duration, Duration)> = Vec::new();
    for it in &session.items {
        let stage = Stage::of(&it.category);
        if parts.last().is_none_or(|p| p.0 != stage) {
            parts.push((stage, 0, 0, Duration::ZERO, Duration::ZERO));
        }
        let p = parts.last_mut().expect("pushed above");
        if it.verdict == Verdict::Skipped {
            continue;
        }
        p.1 += 1;
        p.2 += usize::from(it.verdict == Verdict::OnTarget);
        p.3 += it.duration;
        p.4 += it.target;
    }
    let columns = [
        Column::left("part").least(8),
        Column::right("answers"),
        Column::right("time").least(6),
        Column::right("targets").least(6),
        Column::right("on target"),
    ];
    let rows: Vec<TableRow> = parts
        .iter()
        .map(|&(stage, answered, on, time, target)| {
            TableRow::Cells(vec![
                stage.name().to_string(),
                answered.to_string(),
                fmt_rounded(time),
                fmt_rounded(target),
                format!("{on} of {answered}"),
            ])
        })
        .collect();
    table(&columns, &rows, look)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Item;

    fn item(category: &str, duration: f64, target: f64, verdict: &str) -> Item {
        serde_yaml::from_str(&format!(
            "{{id: q, text: q?, category: {category}, target: {target}, max: 999, start: 0, duration: {duration}, paused: 0, verdict: {verdict}}}"
        ))
        .unwrap()
    }

    #[test]
    fn each_part_sums_its_answers_in_the_order_asked() {
        let mut s = crate::app::fixtures::session(crate::session::Kind::Interview);
        s.items = vec![
            item("motivation", 50.0, 60.0, "on-target"),
            item("behavioural", 150.0, 120.0, "on-target"),
            item("behavioural", 20.0, 60.0, "too-short"),
            item("behavioural", 0.0, 120.0, "skipped"),
            item("ask-them", 200.0, 180.0, "on-target"),
        ];
        let got = by_part(&s, Look::default());
        let lines: Vec<&str> = got.lines().map(str::trim_end).collect();
        assert_eq!(lines.len(), 4, "{got}");
        assert!(lines[0].starts_with("part"), "{got}");
        let opening: Vec<&str> = lines[1].split_whitespace().collect();
        assert_eq!(opening, ["opening", "1", "0:50", "1:00", "1", "of", "1"]);
        let behavioural: Vec<&str> = lines[2].split_whitespace().collect();
        assert_eq!(
            behavioural,
            ["behavioural", "2", "2:50", "3:00", "1", "of", "2"],
            "a skipped answer counts in no figure"
        );
        assert!(lines[3].starts_with("your questions"), "{got}");
    }
}
