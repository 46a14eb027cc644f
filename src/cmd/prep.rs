//! `rehearse prep`: the preparation items (category `prep`) as a checklist
//! for the day before, with the days left until the profile's date.

use crate::bank::profile::Profile;
use crate::bank::stage::is_prep;
use crate::cli::PrepArgs;
use crate::text::wrap;
use anyhow::Result;

/// Runs `rehearse prep`.
pub fn run(args: &PrepArgs) -> Result<()> {
    let (library, profile) = super::load_banks(&args.bank)?;
    let today = crate::session::now().local_day();
    let items: Vec<_> = library
        .questions
        .iter()
        .filter(|q| is_prep(&q.category))
        .collect();
    if items.is_empty() {
        return Err(crate::error::BadInput::new(
            "the loaded banks hold no preparation items (category `prep`)",
            "add --with-builtin for the built-in ones, or give questions `category: prep`",
        )
        .into());
    }
    let width = crate::ui::text::output_width().saturating_sub(1).max(30);
    let mut out = String::new();
    for line in wrap(&heading(&profile, today), width, "", "") {
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    for (i, q) in items.iter().enumerate() {
        let number = format!("[ ] {:>2}. ", i + 1);
        for line in wrap(&crate::text::safe(&q.text), width, &number, "        ") {
            out.push_str(&line);
            out.push('\n');
        }
        for hint in &q.hints {
            for line in wrap(&crate::text::safe(hint), width, "        – ", "          ") {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out.push_str("\nSay each aloud: `rehearse drill --category prep` times you.\n");
    super::write_out(&out)
}

/// "Preparing for Acme (data engineer): 3 days to go, on Monday 14 December 2026."
fn heading(profile: &Profile, today: jiff::civil::Date) -> String {
    let mut what = match (&profile.company, &profile.role) {
        (Some(c), Some(r)) => format!("Preparing for {c} ({r})"),
        (Some(c), None) => format!("Preparing for {c}"),
        (None, Some(r)) => format!("Preparing for the {r} interview"),
        (None, None) => "Preparing for the interview".to_string(),
    };
    let Some(date) = profile.date else {
        what.push_str(": add `date:` to your profile (`rehearse profile`) to count the days.");
        return crate::text::safe(&what).into_owned();
    };
    let days = (date - today).get_days();
    let day = date.strftime("%A %-d %B %Y");
    let when = match days {
        0 => format!("today, {day}"),
        1 => format!("tomorrow, {day}"),
        d if d > 1 => format!("{d} days to go, on {day}"),
        -1 => format!("it was yesterday, {day}"),
        d => format!("it was {} days ago, on {day}", -d),
    };
    crate::text::safe(&format!("{what}: {when}.")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_heading_counts_the_days_to_the_interview() {
        let mut p = Profile {
            company: Some("Acme".into()),
            role: Some("data engineer".into()),
            date: Some(date(2026, 12, 14)),
            ..Profile::default()
        };
        let today = date(2026, 12, 7);
        assert_eq!(
            heading(&p, today),
            "Preparing for Acme (data engineer): 7 days to go, on Monday 14 December 2026."
        );
        assert!(heading(&p, date(2026, 12, 13)).contains(": tomorrow, Monday"));
        assert!(heading(&p, date(2026, 12, 14)).contains(": today, Monday"));
        assert!(heading(&p, date(2026, 12, 17)).contains("it was 3 days ago"));
        p.date = None;
        assert!(heading(&p, today).contains("add `date:`"));
    }
}
