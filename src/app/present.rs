//! A talk rehearsed against its plan, as a state machine: the section clock
//! starts on the first Space (or at once with `--start-now`), moves on and
//! back with the keys, warns before each end, keeps counting past the plan,
//! and saves at every section change.

use super::{Action, App, Effect, RecordAction, TakeOf};
use crate::plan::Plan;
use crate::session::secs::length;
use crate::session::{self, Session, Talk, Visit};
use crate::timing::{Run, RunConfig, RunEvent};
use anyhow::Result;
use std::time::Duration;

/// The recording's file name in the session directory.
pub const TALK_FILE: &str = "talk.wav";

/// The talk's state.
pub struct Present {
    /// The plan being rehearsed.
    pub plan: Plan,
    /// The section clock.
    pub run: Run,
    /// The session as it is saved.
    pub session: Session,
    /// A one-line notice, such as a failed microphone.
    pub notice: Option<String>,
    /// The pace band and filler rate the report judges by.
    pub pace: crate::config::PaceBand,
    /// A key that ends the talk was pressed once: the next one ending it
    /// ends it, any other key goes on.
    pub confirm_end: bool,
    record: bool,
    start_now: bool,
    visits: usize,
    ended: bool,
}

impl Present {
    /// A talk on `plan`, recorded when `record`; it waits for Space unless `start_now`.
    pub fn new(plan: Plan, session: Session, record: bool, start_now: bool) -> Result<Present> {
        let run = new_run(&plan)?;
        Ok(Present {
            plan,
            run,
            session,
            notice: None,
            pace: Default::default(),
            confirm_end: false,
            record,
            start_now,
            visits: 0,
            ended: false,
        })
    }

    /// Whether the clock has started.
    pub fn started(&self) -> bool {
        self.run.state() != crate::timing::RunState::NotStarted
    }

    /// Starts the clock (and the recording) at `now`.
    pub fn start(&mut self, now: Duration) -> Vec<Effect> {
        if self.started() {
            return Vec::new();
        }
        self.run.start(now);
        self.visits = self.run.visits().len();
        self.session.talk = Some(self.talk(now));
        let mut effects = vec![Effect::Save];
        if self.record {
            effects.push(Effect::Record(RecordAction::Start(TALK_FILE.into())));
        }
        effects
    }

    /// Stops asking for recording actions, after the microphone failed.
    pub fn stop_recording(&mut self, why: &str) {
        self.notice = Some(format!(
            "Recording stopped ({why}); the talk goes on without it."
        ));
    }

    /// The talk as `session.yaml` records it, at `now`.
    pub fn talk(&self, now: Duration) -> Talk {
        let run = &self.run;
        let old = self.session.talk.as_ref();
        Talk {
            title: self.plan.title.clone(),
            plan: self.plan.source.clone(),
            sections: super::part_times(run, now, true),
            visits: run
                .visits()
                .iter()
                .map(|v| Visit {
                    section: v.section,
                    at: length(v.at),
                })
                .collect(),
            planned: length(run.total_planned()),
            total: length(run.total_elapsed(now)),
            paused: length(run.total_paused(now)),
            recording: old.and_then(|t| t.recording.clone()),
            analysis: old.and_then(|t| t.analysis.clone()),
            transcript: old.and_then(|t| t.transcript.clone()),
        }
    }

    /// Ends the talk at `now`: finishes the clock and the recording, saves, quits.
    fn finish(&mut self, now: Duration) -> Vec<Effect> {
        if std::mem::replace(&mut self.ended, true) {
            return Vec::new();
        }
        if !self.started() {
            // Nothing was rehearsed: nothing to keep.
            return vec![Effect::Quit];
        }
        let completed = self.run.is_finished();
        self.run.finish(now);
        self.session.talk = Some(self.talk(now));
        self.session.completed = completed;
        self.session.finished = Some(session::now());
        let mut effects = Vec::new();
        if self.record {
            effects.push(Effect::Record(RecordAction::Finish(TakeOf {
                item: 0,
                take: 1,
            })));
        }
        effects.extend([Effect::Save, Effect::Quit]);
        effects
    }
}

impl App for Present {
    fn on_key(&mut self, action: Action, now: Duration) -> Vec<Effect> {
        if self.ended {
            return Vec::new();
        }
        if !self.started() {
            return match action {
                Action::Go | Action::Forward | Action::Next => self.start(now),
                Action::End => self.finish(now),
                _ => Vec::new(),
            };
        }
        let go = matches!(action, Action::Go | Action::Forward | Action::Next);
        let ending = action == Action::End || (go && self.run.is_last_section());
        if std::mem::take(&mut self.confirm_end) {
            self.notice = None;
            if !ending {
                return Vec::new();
            }
        } else if ending {
            // One key must not end a talk: q by mistake, or Space once too often.
            self.confirm_end = true;
            let key = if go {
                "Space again to finish"
            } else {
                "q again to end"
            };
            self.notice = Some(format!("Press {key} the talk; any other key goes on."));
            return Vec::new();
        }
        match action {
            Action::Go | Action::Forward | Action::Next => {
                self.run.next(now);
            }
            Action::Back | Action::Previous => {
                self.run.previous(now);
            }
            Action::Pause => {
                self.run.toggle_pause(now);
                if self.record {
                    return vec![Effect::Record(if self.run.is_paused() {
                        RecordAction::Pause
                    } else {
                        RecordAction::Resume
                    })];
                }
            }
            Action::End => return self.finish(now),
            _ => {}
        }
        self.on_tick(now)
    }

    fn on_tick(&mut self, now: Duration) -> Vec<Effect> {
        if self.ended {
            return Vec::new();
        }
        if !self.started() {
            return if self.start_now {
                self.start(now)
            } else {
                Vec::new()
            };
        }
        let mut effects: Vec<Effect> = self
            .run
            .tick(now)
            .into_iter()
            .filter(|e| {
                matches!(
                    e,
                    RunEvent::SectionWarning { .. } | RunEvent::TalkWarning { .. }
                )
            })
            .map(|_| Effect::Bell)
            .collect();
        if self.run.is_finished() {
            effects.extend(self.finish(now));
        } else if self.run.visits().len() != self.visits {
            // Saved at every section change, so a crash loses at most one section.
            self.visits = self.run.visits().len();
            self.session.talk = Some(self.talk(now));
            effects.push(Effect::Save);
        }
        effects
    }

    fn on_stop(&mut self, now: Duration) -> Vec<Effect> {
        self.finish(now)
    }
}

/// The plan's sections on the timing engine: a section is over at its budget.
fn new_run(plan: &Plan) -> Result<Run> {
    let sections = plan
        .sections
        .iter()
        .map(|s| (s.name.clone(), s.budget))
        .collect::<Vec<_>>();
    let warn = plan
        .section_warnings
        .iter()
        .copied()
        .max()
        .unwrap_or(Duration::from_secs(15));
    Run::new(
        sections,
        RunConfig {
            warn,
            section_warnings: plan.section_warnings.clone(),
            talk_warnings: plan.talk_warnings.clone(),
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::fixtures::{plan, session};

    fn present(record: bool) -> Present {
        Present::new(
            plan(),
            session(crate::session::Kind::Present),
            record,
            false,
        )
        .unwrap()
    }

    fn at(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    fn talk(p: &Present) -> &Talk {
        p.session.talk.as_ref().unwrap()
    }

    #[test]
    fn the_clock_waits_for_space_and_then_records_the_talk() {
        let mut p = present(true);
        assert!(p.on_tick(at(5.0)).is_empty());
        assert!(p.on_key(Action::Pause, at(5.0)).is_empty());
        assert!(!p.started());
        let e = p.on_key(Action::Go, at(6.0));
        assert_eq!(
            e,
            vec![
                Effect::Save,
                Effect::Record(RecordAction::Start("talk.wav".into()))
            ]
        );
        assert_eq!(p.run.total_elapsed(at(8.0)), at(2.0));
    }

    #[test]
    fn start_now_starts_on_the_first_tick() {
        let mut p = present(false);
        p.start_now = true;
        assert_eq!(p.on_tick(at(1.0)), vec![Effect::Save]);
        assert_eq!(p.run.total_elapsed(at(3.0)), at(2.0));
    }

    #[test]
    fn q_before_the_start_keeps_nothing() {
        let mut p = present(false);
        assert_eq!(p.on_key(Action::End, at(1.0)), vec![Effect::Quit]);
        assert!(p.session.talk.is_none());
    }

    #[test]
    fn sections_move_on_and_back_and_save_at_every_change() {
        let mut p = present(false);
        p.start(at(0.0));
        assert_eq!(p.on_key(Action::Go, at(4.0)), vec![Effect::Save]);
        assert_eq!(p.run.current_index(), 1);
        assert_eq!(p.on_key(Action::Back, at(5.0)), vec![Effect::Save]);
        assert_eq!(p.run.current_index(), 0);
        p.on_key(Action::Forward, at(6.0));
        p.on_key(Action::Next, at(8.0));
        assert_eq!(p.run.current_index(), 2);
        let t = talk(&p);
        assert_eq!(
            t.visits.iter().map(|v| v.section).collect::<Vec<_>>(),
            [0, 1, 0, 1, 2]
        );
        assert_eq!(t.sections[0].actual, at(5.0));
        assert_eq!(t.sections[1].actual, at(3.0));
    }

    #[test]
    fn pause_stops_the_clock_and_the_recording() {
        let mut p = present(true);
        p.start(at(0.0));
        assert_eq!(
            p.on_key(Action::Pause, at(2.0)),
            vec![Effect::Record(RecordAction::Pause)]
        );
        assert!(p.on_tick(at(50.0)).is_empty(), "no warnings while paused");
        assert_eq!(
            p.on_key(Action::Pause, at(60.0)),
            vec![Effect::Record(RecordAction::Resume)]
        );
        assert_eq!(p.run.total_elapsed(at(61.0)), at(3.0));
        assert_eq!(p.run.total_paused(at(61.0)), at(58.0));
    }

    #[test]
    fn warnings_ring_before_each_end_and_overtime_keeps_counting() {
        let mut p = present(false);
        p.start(at(0.0));
        let bells = |e: Vec<Effect>| e.iter().filter(|e| **e == Effect::Bell).count();
        assert_eq!(bells(p.on_tick(at(6.9))), 0);
        assert_eq!(bells(p.on_tick(at(7.0))), 1, "3 s before the section's end");
        assert_eq!(
            bells(p.on_tick(at(12.0))),
            0,
            "overtime does not stop the talk"
        );
        assert_eq!(p.run.current_index(), 0);
        assert_eq!(p.run.section_elapsed(0, at(12.0)), Some(at(12.0)));
        p.on_key(Action::Go, at(12.0));
        p.on_key(Action::Go, at(20.0));
        // 12 + 8 = 20 s used of 30: the talk warning is due at 25 s of talk.
        assert_eq!(bells(p.on_tick(at(24.9))), 0);
        assert!(bells(p.on_tick(at(25.0))) >= 1);
    }

    #[test]
    fn the_last_section_ends_the_talk_completed() {
        let mut p = present(true);
        p.start(at(0.0));
        p.on_key(Action::Go, at(10.0));
        p.on_key(Action::Go, at(20.0));
        assert!(p.on_key(Action::Go, at(30.5)).is_empty());
        let e = p.on_key(Action::Go, at(31.0));
        assert_eq!(
            e,
            vec![
                Effect::Record(RecordAction::Finish(TakeOf { item: 0, take: 1 })),
                Effect::Save,
                Effect::Quit
            ]
        );
        assert!(p.session.completed);
        assert_eq!(talk(&p).total, at(31.0));
    }

    #[test]
    fn q_or_a_stop_ends_the_talk_early_and_keeps_it() {
        let mut p = present(false);
        p.start(at(0.0));
        p.on_key(Action::Go, at(4.0));
        assert!(p.on_key(Action::End, at(5.0)).is_empty());
        assert_eq!(
            p.on_key(Action::End, at(6.0)),
            vec![Effect::Save, Effect::Quit]
        );
        assert!(!p.session.completed);
        assert_eq!(talk(&p).total, at(6.0));
        let mut p = present(false);
        p.start(at(0.0));
        assert_eq!(p.on_stop(at(3.0)), vec![Effect::Save, Effect::Quit]);
        assert_eq!(talk(&p).total, at(3.0));
    }

    #[test]
    fn ending_a_talk_by_key_asks_once_more_and_any_other_key_goes_on() {
        let mut p = present(false);
        p.start(at(0.0));
        // q once: a notice, nothing ends; another key cancels and is not acted on.
        assert!(p.on_key(Action::End, at(1.0)).is_empty());
        assert!(
            p.notice
                .as_deref()
                .unwrap()
                .starts_with("Press q again to end")
        );
        assert!(p.on_key(Action::Go, at(2.0)).is_empty());
        assert_eq!((p.notice.as_deref(), p.run.current_index()), (None, 0));
        assert!(p.on_key(Action::End, at(3.0)).is_empty());
        assert_eq!(
            p.on_key(Action::End, at(3.5)),
            vec![Effect::Save, Effect::Quit]
        );
        assert!(!p.session.completed);
        // Space on the last section: "press again to finish".
        let mut p = present(false);
        p.start(at(0.0));
        p.on_key(Action::Go, at(10.0));
        p.on_key(Action::Go, at(20.0));
        assert_eq!(p.run.current_index(), 2);
        assert!(p.on_key(Action::Go, at(25.0)).is_empty());
        assert!(
            p.notice
                .as_deref()
                .unwrap()
                .starts_with("Press Space again to finish"),
            "{:?}",
            p.notice
        );
        assert!(p.on_key(Action::Back, at(26.0)).is_empty(), "cancels only");
        assert_eq!(p.run.current_index(), 2);
        assert!(p.on_key(Action::Forward, at(27.0)).is_empty());
        assert_eq!(
            p.on_key(Action::Next, at(28.0)),
            vec![Effect::Save, Effect::Quit]
        );
        assert!(p.session.completed);
        assert_eq!(talk(&p).total, at(28.0));
    }

    #[test]
    fn b_goes_back_like_the_left_arrow_and_other_keys_do_nothing() {
        let mut p = present(false);
        p.start(at(0.0));
        p.on_key(Action::Next, at(1.0));
        assert_eq!(p.on_key(Action::Previous, at(2.0)), vec![Effect::Save]);
        assert_eq!(p.run.current_index(), 0);
        for a in [
            Action::Hints,
            Action::Restart,
            Action::Skip,
            Action::NextPart,
            Action::Rate(2),
            Action::NextPause,
            Action::PreviousPause,
        ] {
            assert!(p.on_key(a, at(3.0)).is_empty(), "{a:?}");
        }
        assert_eq!(p.run.current_index(), 0);
        assert!(!p.run.is_paused());
    }
}
