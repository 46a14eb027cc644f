//! `rehearse replay`: play a session's recorded answers through cpal, each
//! with its question, verdict and rating, a progress bar, and an activity
//! strip showing where the speaker talked and paused.

use crate::audio::analysis::{
    self, Analysis, PAUSE_CELL, SILENCE_CELL, SPEECH_CELL, activity_strip,
};
use crate::audio::playback::Player;
use crate::audio::wavfile;
use crate::cli::ReplayArgs;
use crate::config::Config;
use crate::duration::fmt_mss;
use crate::error::{BadInput, Interrupted};
use crate::session::history::{self, Entry};
use crate::session::{self, Session};
use crate::ui::bar::CapturedBar;
use crate::ui::drill_view::{audio_line, verdict_line};
use crate::ui::keys::{Input, Key, next_input};
use crate::ui::screen::{self, Frame};
use crate::ui::style::{Palette, Tone};
use crate::ui::terminal::{Signals, TerminalGuard};
use crate::ui::text::wrap;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How far ←/→ jump.
const SEEK: Duration = Duration::from_secs(5);

/// One recording, ready to play: a drill answer, or a whole talk.
struct Answer {
    /// Its number in the session (1-based item index; 1 for a talk).
    number: usize,
    /// The question, or the talk's title.
    heading: String,
    /// Category, or "presentation".
    category: String,
    /// The timing verdict and rating, in a tone.
    verdict: (String, Tone),
    file: PathBuf,
    analysis: Option<Analysis>,
    /// A talk's sections: name and where each starts in the recording.
    sections: Vec<(String, Duration)>,
}

/// Runs `rehearse replay`.
pub fn run(args: &ReplayArgs) -> Result<()> {
    let config = Config::load()?;
    let root = session::recordings_dir(
        args.recordings_dir.as_deref(),
        config.recordings_dir.as_deref(),
    );
    let (dir, session) = find_session(&root, args.session.as_deref())?;
    let answers = recorded_answers(&dir, &session);
    if answers.is_empty() {
        return Err(BadInput::new(
            format!("session {} has no recorded answers", session.id),
            "record answers with `rehearse drill --record`",
        )
        .into());
    }
    let start = match args.answer {
        None => 0,
        Some(n) => answers
            .iter()
            .position(|a| a.number == n as usize)
            .ok_or_else(|| {
                let have: Vec<String> = answers.iter().map(|a| a.number.to_string()).collect();
                BadInput::new(
                    format!("answer {n} of session {} has no recording", session.id),
                    format!("recorded answers: {}", have.join(", ")),
                )
            })?,
    };
    let start_at = match &args.section {
        None => Duration::ZERO,
        Some(name) => {
            let sections = &answers[start].sections;
            let wanted = name.to_lowercase();
            let found = sections
                .iter()
                .find(|(n, _)| n.to_lowercase() == wanted)
                .or_else(|| {
                    let hits: Vec<_> = sections
                        .iter()
                        .filter(|(n, _)| n.to_lowercase().starts_with(&wanted))
                        .collect();
                    (hits.len() == 1).then(|| hits[0])
                });
            match found {
                Some((_, at)) => *at,
                None if sections.is_empty() => {
                    return Err(BadInput::new(
                        format!(
                            "session {} is not a presentation: it has no sections",
                            session.id
                        ),
                        "--section works with sessions recorded by `rehearse present --record`",
                    )
                    .into());
                }
                None => {
                    let names: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
                    return Err(BadInput::new(
                        format!("no section `{name}` in session {}", session.id),
                        format!("sections: {}", names.join(", ")),
                    )
                    .into());
                }
            }
        }
    };
    super::require_terminal(
        "replay",
        "`rehearse analyze FILE.wav` prints a recording's figures",
    )?;
    let signals = Signals::catch().context("cannot install signal handlers")?;
    let played = {
        let _guard = TerminalGuard::enter().context("cannot set up the terminal")?;
        let mut replay = Replay {
            session: &session,
            answers: &answers,
            current: start,
            player: None,
            output: args.output_device.clone(),
            bar: None,
            palette: Palette::from_env(),
        };
        replay.event_loop(&signals, start_at)
    };
    match played? {
        Ended::Done(_) if session.talk.is_some() => {
            println!("Replayed the talk of session {}.", session.id);
            Ok(())
        }
        Ended::Done(last) => {
            println!(
                "Replayed session {}: answers {}–{} of {}.",
                session.id,
                answers[start].number,
                answers[last].number,
                session.items.len()
            );
            Ok(())
        }
        Ended::Signal(signal) => Err(Interrupted {
            signal,
            saved: None,
        }
        .into()),
    }
}

/// The session named by `wanted` (an id, a unique start of one, or a directory),
/// or the newest one with recordings (naming each damaged one in a warning).
fn find_session(root: &Path, wanted: Option<&str>) -> Result<(PathBuf, Session)> {
    let entries = history::list(root);
    let load = |dir: &Path| -> Result<(PathBuf, Session)> {
        let id = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let s = session::load(&dir.join("session.yaml")).map_err(|damage| {
            BadInput::new(
                format!("session {id} is damaged: {damage}"),
                "`rehearse sessions` lists the sessions that can be replayed",
            )
        })?;
        Ok((dir.to_path_buf(), s))
    };
    let Some(wanted) = wanted else {
        for e in &entries {
            if let Entry::Damaged { reason, .. } = e {
                eprintln!(
                    "rehearse: warning: skipping damaged session {}: {reason}",
                    e.id()
                );
            }
        }
        return entries
            .iter()
            .find_map(|e| match e {
                Entry::Ok { dir, session } if history::recorded(session) > 0 => {
                    Some((dir.clone(), (**session).clone()))
                }
                _ => None,
            })
            .ok_or_else(|| {
                BadInput::new(
                    format!("no session with recordings in {}", root.display()),
                    "record one with `rehearse drill --record`",
                )
                .into()
            });
    };
    let as_dir = Path::new(wanted);
    if as_dir.join("session.yaml").exists() {
        return load(as_dir);
    }
    let matches: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.id().starts_with(wanted))
        .collect();
    match matches.as_slice() {
        [one] => load(one.dir()),
        [] => Err(BadInput::new(
            format!("no session `{wanted}` in {}", root.display()),
            "`rehearse sessions` lists them; give an id or a session directory",
        )
        .into()),
        many => Err(BadInput::new(
            format!("`{wanted}` matches {} sessions", many.len()),
            format!(
                "give more of the id: {}",
                many.iter().map(|e| e.id()).collect::<Vec<_>>().join(", ")
            ),
        )
        .into()),
    }
}

/// The recordings on disk: each recorded answer, or a talk's one recording.
fn recorded_answers(dir: &Path, session: &Session) -> Vec<Answer> {
    let analyse = |file: &Path, stored: Option<&Analysis>| {
        stored.cloned().or_else(|| {
            wavfile::read_envelope(file)
                .ok()
                .map(|r| analysis::analyze(&r.envelope, &analysis::Options::default()))
        })
    };
    if let Some(talk) = &session.talk {
        let Some(rec) = &talk.recording else {
            return Vec::new();
        };
        let file = dir.join(&rec.file);
        if !file.exists() {
            return Vec::new();
        }
        let verdict = format!(
            "{} against a plan of {}.",
            fmt_mss(Duration::from_secs_f64(talk.total)),
            fmt_mss(Duration::from_secs_f64(talk.planned))
        );
        let tone = if talk.total <= talk.planned {
            Tone::Good
        } else {
            Tone::Bad
        };
        return vec![Answer {
            number: 1,
            heading: talk.title.clone(),
            category: "presentation".into(),
            verdict: (verdict, tone),
            analysis: analyse(&file, talk.analysis.as_ref()),
            sections: talk
                .sections
                .iter()
                .filter_map(|s| Some((s.name.clone(), Duration::from_secs_f64(s.start?.max(0.0)))))
                .collect(),
            file,
        }];
    }
    session
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let rec = item.recording.as_ref()?;
            let file = dir.join(&rec.file);
            if !file.exists() {
                return None;
            }
            let (verdict, tone) = verdict_line(item);
            let rating = item
                .rating
                .map_or(" Not rated.".to_string(), |r| format!(" Rated {r}/5."));
            Some(Answer {
                number: i + 1,
                heading: if item.follow_up_of.is_some() {
                    format!("↳ {}", item.text)
                } else {
                    item.text.clone()
                },
                category: item.category.clone(),
                verdict: (format!("{verdict}{rating}"), tone),
                analysis: analyse(&file, item.analysis.as_ref()),
                sections: Vec::new(),
                file,
            })
        })
        .collect()
}

enum Ended {
    /// Stopped at this answer (index into the recorded answers).
    Done(usize),
    Signal(i32),
}

struct Replay<'a> {
    session: &'a Session,
    answers: &'a [Answer],
    current: usize,
    player: Option<Player>,
    output: Option<String>,
    bar: Option<(CapturedBar, usize, u64)>,
    palette: Palette,
}

impl Replay<'_> {
    fn open(&mut self, at: Duration) -> Result<()> {
        // The old stream stops before the new one starts.
        self.player = None;
        let a = &self.answers[self.current];
        let player = Player::open(&a.file, self.output.as_deref(), at).map_err(|e| {
            BadInput::new(
                e.to_string(),
                "check `rehearse devices`; --output-device picks another output",
            )
        })?;
        self.player = Some(player);
        Ok(())
    }

    fn event_loop(&mut self, signals: &Signals, start_at: Duration) -> Result<Ended> {
        let mut out = std::io::stdout();
        self.open(start_at)?;
        loop {
            if let Some(sig) = signals.pending() {
                return Ok(Ended::Signal(sig));
            }
            let Some(player) = &self.player else {
                return Ok(Ended::Done(self.current));
            };
            if let Some(why) = player.failure() {
                anyhow::bail!(why);
            }
            if player.finished() {
                if self.current + 1 >= self.answers.len() {
                    return Ok(Ended::Done(self.current));
                }
                self.current += 1;
                self.open(Duration::ZERO)?;
                continue;
            }
            let (cols, rows) = crossterm::terminal::size().unwrap_or((80, 24));
            let frame = self.frame(usize::from(cols).max(20));
            screen::draw(&mut out, &frame, rows)?;
            let Some(Input::Key(key)) = next_input(Duration::from_millis(50))? else {
                continue;
            };
            let Some(player) = &self.player else { continue };
            let pos = player.position();
            let pauses: Vec<Duration> = self.answers[self.current]
                .analysis
                .as_ref()
                .map(|a| a.pauses.iter().map(|p| p.start).collect())
                .unwrap_or_default();
            match key {
                Key::Char('q') | Key::Esc | Key::CtrlC => return Ok(Ended::Done(self.current)),
                Key::Space => player.set_paused(!player.is_paused()),
                Key::Left => player.seek(pos.saturating_sub(SEEK)),
                Key::Right => player.seek((pos + SEEK).min(player.length())),
                Key::Char('j') => {
                    if let Some(&next) = pauses
                        .iter()
                        .find(|&&p| p > pos + Duration::from_millis(100))
                    {
                        player.seek(next);
                    }
                }
                Key::Char('k') => {
                    // Back past the pause just heard, so repeated presses keep going back.
                    if let Some(&prev) = pauses
                        .iter()
                        .rev()
                        .find(|&&p| p + Duration::from_secs(1) < pos)
                    {
                        player.seek(prev);
                    }
                }
                // In a talk, n and p move between sections of its one recording.
                Key::Char('n') if !self.answers[self.current].sections.is_empty() => {
                    let sections = &self.answers[self.current].sections;
                    if let Some((_, at)) = sections
                        .iter()
                        .find(|(_, at)| *at > pos + Duration::from_millis(100))
                    {
                        player.seek(*at);
                    }
                }
                Key::Char('p') if !self.answers[self.current].sections.is_empty() => {
                    let sections = &self.answers[self.current].sections;
                    if let Some((_, at)) = sections
                        .iter()
                        .rev()
                        .find(|(_, at)| *at + Duration::from_secs(1) < pos)
                    {
                        player.seek(*at);
                    }
                }
                Key::Char('n') if self.current + 1 < self.answers.len() => {
                    self.current += 1;
                    self.open(Duration::ZERO)?;
                }
                Key::Char('p') if self.current > 0 => {
                    self.current -= 1;
                    self.open(Duration::ZERO)?;
                }
                _ => {}
            }
        }
    }

    fn frame(&mut self, width: usize) -> Frame {
        let p = self.palette;
        let mut f = Frame::default();
        let a = &self.answers[self.current];
        let what = if a.sections.is_empty() {
            format!(
                "answer {} of {} · {}",
                a.number,
                self.session.items.len(),
                a.category
            )
        } else {
            "presentation".to_string()
        };
        f.push(p.paint(
            &format!("Replay · session {} · {what}", self.session.id),
            Tone::Dim,
        ));
        f.blank();
        for line in wrap(&a.heading, width - 1, "", "") {
            f.push(p.paint(&line, Tone::Strong));
        }
        if let Some(player) = &self.player {
            let pos = player.position();
            // A seek lands on a whole sample, a hair before the section's start.
            let pos = pos + Duration::from_millis(10);
            if let Some((name, _)) = a.sections.iter().rev().find(|(_, at)| *at <= pos) {
                f.push(format!("Section: {name}"));
            }
        }
        f.blank();
        for line in wrap(&a.verdict.0, width - 1, "", "") {
            f.push(p.paint(&line, a.verdict.1));
        }
        if let Some(an) = &a.analysis {
            for line in wrap(&audio_line(an), width - 1, "", "") {
                f.push(line);
            }
        }
        f.blank();
        if let Some(player) = &self.player {
            let pos = player.position();
            let len = player.length();
            let state = if player.is_paused() { "PAUSED" } else { "▶" };
            f.push(format!("{state} {} / {}", fmt_mss(pos), fmt_mss(len)));
            let bar_w = (width - 2).min(70);
            let len_ms = len.as_millis() as u64;
            let stale = !matches!(&self.bar, Some((_, w, l)) if *w == bar_w && *l == len_ms);
            if stale {
                self.bar = Some((CapturedBar::new(len_ms, bar_w, p.colour()), bar_w, len_ms));
            }
            if let Some((bar, _, _)) = &mut self.bar {
                f.push(bar.render(pos.as_millis() as u64, Tone::Good));
            }
            if let Some(an) = &a.analysis {
                f.push(activity_strip(an, len, bar_w));
                let at = if len.is_zero() {
                    0
                } else {
                    ((pos.as_secs_f64() / len.as_secs_f64()) * bar_w as f64) as usize
                };
                f.push(format!("{}▲", " ".repeat(at.min(bar_w.saturating_sub(1)))));
                f.push(p.paint(
                    &format!("{SPEECH_CELL} speech  {SILENCE_CELL} silence  {PAUSE_CELL} pause"),
                    Tone::Dim,
                ));
            }
        }
        let keys = if a.sections.is_empty() {
            "Space pause · ←/→ 5 s · n/p answer · j/k pause · q quit"
        } else {
            "Space pause · ←/→ 5 s · n/p section · j/k pause · q quit"
        };
        f.footer = wrap(keys, width - 1, "", "")
            .into_iter()
            .map(|l| p.paint(&l, Tone::Dim))
            .collect();
        f
    }
}
