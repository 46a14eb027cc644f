//! `mic-check` on a terminal: a recording of a set length, which Space ends
//! early (the report follows) and `q` ends without one.

use super::{Action, App, Effect};
use std::time::Duration;

/// How a mic check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Its time was up.
    Time,
    /// Space: done early; the report follows.
    Early,
    /// `q`: nothing is reported or played.
    Quit,
}

/// A mic check under way.
#[derive(Debug, Clone)]
pub struct MicCheck {
    /// How long it records.
    pub length: Duration,
    /// How it ended, once it has.
    pub ended: Option<Ended>,
}

impl MicCheck {
    /// A check recording for `length`.
    pub fn new(length: Duration) -> MicCheck {
        MicCheck {
            length,
            ended: None,
        }
    }

    fn end(&mut self, how: Ended) -> Vec<Effect> {
        self.ended = Some(how);
        vec![Effect::Quit]
    }
}

impl App for MicCheck {
    fn on_key(&mut self, action: Action, _: Duration) -> Vec<Effect> {
        match action {
            Action::Go => self.end(Ended::Early),
            Action::End => self.end(Ended::Quit),
            _ => Vec::new(),
        }
    }

    fn on_tick(&mut self, now: Duration) -> Vec<Effect> {
        if now >= self.length {
            return self.end(Ended::Time);
        }
        Vec::new()
    }

    fn on_stop(&mut self, _: Duration) -> Vec<Effect> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_ends_when_its_time_is_up_early_on_space_and_without_a_report_on_q() {
        let secs = Duration::from_secs;
        let mut m = MicCheck::new(secs(5));
        assert!(m.on_tick(secs(4)).is_empty());
        assert!(m.on_key(Action::Pause, secs(4)).is_empty());
        assert_eq!(m.ended, None);
        assert_eq!(m.on_tick(secs(5)), [Effect::Quit]);
        assert_eq!(m.ended, Some(Ended::Time));
        for (action, how) in [(Action::Go, Ended::Early), (Action::End, Ended::Quit)] {
            let mut m = MicCheck::new(secs(5));
            assert_eq!(m.on_key(action, secs(1)), [Effect::Quit]);
            assert_eq!(m.ended, Some(how));
        }
    }
}
