//! The one run loop every interactive screen runs on. It owns the terminal
//! (guard, size, input, end-of-file, and ratatui's `Terminal`, which draws
//! only what changed), the signals and the ticks; a screen's
//! [`App`] only turns keys and time into [`Effect`]s, and the command's
//! [`Host`] carries out the ones that touch the world (saving, recording,
//! playing). Time comes from a [`Clock`] and keys from an [`Input`] source, so
//! the loop itself runs in tests on a fake clock with scripted keys.

use super::backend::Sized;
use super::keys::{Key, action, key_from, typed};
use super::screen::Frame;
use super::terminal::{Signals, TerminalGuard};
use crate::app::{App, Effect};
use crate::timing::Clock;
use anyhow::{Context, Result};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;
use std::io::Write;
use std::time::Duration;

/// At least ten redraws a second while a clock runs.
pub const FRAME: Duration = Duration::from_millis(50);

/// What a command provides the loop: carrying out effects, news from the
/// outside world (a failed microphone, a finished playback), and the view.
pub trait Host<A> {
    /// Carries out `effect` (the loop itself handles [`Effect::Bell`] and [`Effect::Quit`]).
    fn apply(&mut self, app: &mut A, effect: Effect, now: Duration) -> Result<()>;
    /// Checks the world before each frame; may tell the app things.
    fn poll(&mut self, _app: &mut A, _now: Duration) -> Result<Vec<Effect>> {
        Ok(Vec::new())
    }
    /// The screen for `app` at `now` on a terminal of `cols`×`rows`.
    fn frame(&mut self, app: &A, now: Duration, cols: u16, rows: u16) -> Frame;
    /// Whether the screen for `app` on a terminal of `cols`×`rows` may differ
    /// from the last [`Host::frame`]; a host that can tell cheaply saves
    /// building a frame that would be the same.
    fn changed(&mut self, _app: &A, _cols: u16, _rows: u16) -> bool {
        true
    }
    /// The longest the loop waits for a key before the next tick: [`FRAME`],
    /// unless nothing on the screen changes that often.
    fn tick(&self, _app: &A) -> Duration {
        FRAME
    }
}

/// What the terminal sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A key.
    Key(Key),
    /// The terminal changed size.
    Resize(u16, u16),
    /// The terminal is gone (end-of-file, hang-up or a read error).
    Closed,
}

/// Where keys come from: the terminal, or a script in tests.
pub trait Input {
    /// The next event within `timeout`, or `None` when none came.
    fn next(&mut self, timeout: Duration) -> Option<Event>;
    /// The terminal's size, columns and rows.
    fn size(&self) -> (u16, u16);
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The app asked to quit.
    Quit,
    /// A signal (or, as SIGHUP, a closed terminal) ended it after saving.
    Signal(i32),
}

impl Ended {
    /// `Ok` after a quit; after a signal, the error that exits 128 + the
    /// signal and says where the session was `saved`, or that it was not
    /// fully saved (never "saved" after a save that failed).
    pub fn result(self, saved: Option<&crate::session::store::Saved>) -> Result<()> {
        let Ended::Signal(signal) = self else {
            return Ok(());
        };
        let saved = saved.map(|s| match &s.path {
            Some(path) if s.complete() => {
                format!("the session is saved in {}", path.display())
            }
            _ => "the session is not fully saved: the summary above says what is missing".into(),
        });
        Err(crate::error::Interrupted { signal, saved }.into())
    }
}

/// Runs `app` on the real terminal until it quits or a signal or hang-up ends it.
/// The terminal is restored before this returns, whatever happened.
pub fn run<A: App>(app: &mut A, host: &mut impl Host<A>) -> Result<Ended> {
    let signals = Signals::catch().context("cannot install signal handlers")?;
    let _guard = TerminalGuard::enter().context("cannot set up the terminal")?;
    let clock = crate::timing::MonotonicClock::new();
    let mut input = Terminal;
    let mut out = std::io::stdout();
    drive(
        app,
        host,
        &clock,
        &mut input,
        &|| signals.pending(),
        &mut out,
    )
}

/// The loop itself, on any clock, input, signal source and output.
pub fn drive<A: App>(
    app: &mut A,
    host: &mut impl Host<A>,
    clock: &impl Clock,
    input: &mut impl Input,
    signal: &dyn Fn() -> Option<i32>,
    out: &mut impl Write,
) -> Result<Ended> {
    let mut pending = app.on_tick(clock.now());
    // What the terminal shows, and its size: a frame that is the same again
    // is not drawn again (most ticks change nothing a person can see), and
    // ratatui writes only the cells that changed. One write per frame.
    let mut shown: Option<(Frame, u16, u16)> = None;
    let size = input.size();
    let backend = Sized {
        inner: CrosstermBackend::new(std::io::BufWriter::with_capacity(1 << 16, out)),
        size: Size::new(size.0, size.1),
    };
    let mut terminal = ratatui::Terminal::new(backend)?;
    // The screen starts blank, whatever was on it.
    let mut stale = true;
    loop {
        if let Some(ended) = carry_out(app, host, pending.drain(..), clock, terminal.backend_mut())?
        {
            return Ok(ended);
        }
        let stop = signal().or_else(|| {
            let (cols, rows) = input.size();
            let same_size = shown
                .as_ref()
                .is_some_and(|(_, c, r)| (*c, *r) == (cols, rows));
            if same_size && !host.changed(app, cols, rows) {
                return None;
            }
            let frame = host.frame(app, clock.now(), cols, rows);
            if same_size && shown.as_ref().is_some_and(|(f, ..)| *f == frame) {
                return None;
            }
            terminal.backend_mut().size = Size::new(cols, rows);
            let drawn = (if std::mem::take(&mut stale) {
                terminal.clear()
            } else {
                Ok(())
            })
            .and_then(|()| {
                terminal
                    .draw(|f| f.render_widget(&frame, f.area()))
                    .map(drop)
            });
            shown = Some((frame, cols, rows));
            // Output that cannot be written means the terminal is gone.
            drawn.err().map(|_| signal_hook::consts::SIGHUP)
        });
        if let Some(sig) = stop {
            return stopped(app, host, clock, terminal.backend_mut(), sig);
        }
        match input.next(host.tick(app)) {
            // A key's effects are carried out before the host is polled, so
            // what it changes (a jump in a recording) is what is shown next.
            Some(Event::Key(key)) => {
                // An open prompt takes the keys that type; the rest act.
                let effects = match typed(key).filter(|_| app.typing()) {
                    Some(t) => app.on_typed(t, clock.now()),
                    None => action(key)
                        .map(|a| app.on_key(a, clock.now()))
                        .unwrap_or_default(),
                };
                if let Some(ended) = carry_out(
                    app,
                    host,
                    effects.into_iter(),
                    clock,
                    terminal.backend_mut(),
                )? {
                    return Ok(ended);
                }
            }
            Some(Event::Closed) => {
                let hup = signal_hook::consts::SIGHUP;
                return stopped(app, host, clock, terminal.backend_mut(), hup);
            }
            // A resized terminal may have moved or cleared what it showed.
            Some(Event::Resize(..)) => (shown, stale) = (None, true),
            None => {}
        }
        let now = clock.now();
        pending.extend(host.poll(app, now)?);
        pending.extend(app.on_tick(now));
    }
}

/// Ends the run for signal `sig`: the app's effects of being stopped (a
/// save) are carried out first.
fn stopped<A: App>(
    app: &mut A,
    host: &mut impl Host<A>,
    clock: &impl Clock,
    out: &mut impl Write,
    sig: i32,
) -> Result<Ended> {
    let effects = app.on_stop(clock.now());
    carry_out(app, host, effects.into_iter(), clock, out)?;
    Ok(Ended::Signal(sig))
}

/// Carries out effects in order; `Some` when one of them ends the run.
fn carry_out<A: App>(
    app: &mut A,
    host: &mut impl Host<A>,
    effects: impl Iterator<Item = Effect>,
    clock: &impl Clock,
    out: &mut impl Write,
) -> Result<Option<Ended>> {
    for effect in effects {
        match effect {
            Effect::Bell => {
                // A bell that cannot be rung is not worth stopping for.
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
            }
            Effect::Quit => return Ok(Some(Ended::Quit)),
            other => host.apply(app, other, clock.now())?,
        }
    }
    Ok(None)
}

/// The real terminal through crossterm, with hang-ups seen as [`Event::Closed`].
struct Terminal;

impl Input for Terminal {
    fn next(&mut self, timeout: Duration) -> Option<Event> {
        use crossterm::event::{self, Event as Ev};
        // crossterm may hold events it has read already; only then is stdin idle.
        if !event::poll(Duration::ZERO).unwrap_or(false) {
            match wait_readable(timeout) {
                Readable::No => return None,
                Readable::Closed => return Some(Event::Closed),
                Readable::Yes => {}
            }
            if !event::poll(Duration::ZERO).unwrap_or(false) {
                return None;
            }
        }
        match event::read() {
            Ok(Ev::Key(k)) => key_from(k).map(Event::Key),
            Ok(Ev::Resize(w, h)) => Some(Event::Resize(w, h)),
            Ok(_) => None,
            Err(_) => Some(Event::Closed),
        }
    }

    fn size(&self) -> (u16, u16) {
        // Asked of standard output directly: crossterm's `size` opens and
        // closes /dev/tty each time, which was most of an idle tick's cost.
        match rustix::termios::tcgetwinsize(std::io::stdout()) {
            Ok(ws) if ws.ws_col > 0 && ws.ws_row > 0 => (ws.ws_col, ws.ws_row),
            _ => crossterm::terminal::size().unwrap_or((80, 24)),
        }
    }
}

enum Readable {
    Yes,
    No,
    Closed,
}

/// Waits up to `timeout` for standard input; a hang-up or error means the
/// terminal went away (a closed window sends no signal to every program).
fn wait_readable(timeout: Duration) -> Readable {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = std::io::stdin();
    let mut fd = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec::try_from(timeout).ok();
    if rustix::event::poll(&mut fd, timeout.as_ref()).is_err() {
        // Interrupted by a signal: the loop checks signals next.
        return Readable::No;
    }
    let got = fd[0].revents();
    if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
        Readable::Closed
    } else if got.contains(PollFlags::IN) {
        Readable::Yes
    } else {
        Readable::No
    }
}

/// Scripted input for tests: events at given clock times, on a fake clock
/// that each wait moves forward.
#[cfg(test)]
pub mod script {
    use super::{Event, Input};
    use crate::timing::FakeClock;
    use std::collections::VecDeque;
    use std::time::Duration;

    /// A terminal for the loop to draw on: what it showed after each write
    /// (the loop writes once per frame), read through a terminal emulator.
    pub struct Screen {
        parser: vt100::Parser,
        /// The screen's text after each write.
        pub seen: Vec<String>,
        /// Bells rung (nothing else the loop writes holds a BEL).
        pub bells: usize,
    }

    /// An 80×24 terminal, blank.
    impl Default for Screen {
        fn default() -> Screen {
            Screen {
                parser: vt100::Parser::new(24, 80, 0),
                seen: Vec::new(),
                bells: 0,
            }
        }
    }

    impl std::io::Write for Screen {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.parser.process(buf);
            self.bells += buf.iter().filter(|&&b| b == 7).count();
            self.seen.push(self.parser.screen().contents());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Events, each delivered once the clock reaches its time.
    pub struct Script {
        clock: FakeClock,
        events: VecDeque<(Duration, Event)>,
        /// Size reported for the terminal.
        pub size: (u16, u16),
    }

    impl Script {
        /// `events` at their times (from the clock's origin), on `clock`.
        pub fn new(clock: &FakeClock, events: &[(f64, Event)]) -> Script {
            Script {
                clock: clock.clone(),
                events: events
                    .iter()
                    .map(|&(t, e)| (Duration::from_secs_f64(t), e))
                    .collect(),
                size: (80, 24),
            }
        }
    }

    impl Input for Script {
        fn next(&mut self, timeout: Duration) -> Option<Event> {
            use crate::timing::Clock;
            let now = self.clock.now();
            match self.events.front() {
                Some(&(at, e)) if at <= now + timeout => {
                    self.clock.set(at.max(now));
                    self.events.pop_front();
                    Some(e)
                }
                Some(_) => {
                    self.clock.advance(timeout);
                    None
                }
                // A script that ran out is a terminal that went away, so a
                // test can never spin for ever.
                None => Some(Event::Closed),
            }
        }

        fn size(&self) -> (u16, u16) {
            self.size
        }
    }
}

#[cfg(test)]
mod tests {
    use super::script::{Screen, Script};
    use super::*;
    use crate::app::Action;
    use crate::timing::FakeClock;

    /// Counts to three on Space; quits on q; remembers being stopped.
    #[derive(Default)]
    struct Counter {
        n: u32,
        stopped: bool,
        ticks: u32,
    }

    impl App for Counter {
        fn on_key(&mut self, action: Action, _: Duration) -> Vec<Effect> {
            match action {
                Action::Go => {
                    self.n += 1;
                    vec![Effect::Bell, Effect::Save]
                }
                Action::End => vec![Effect::Quit],
                _ => Vec::new(),
            }
        }
        fn on_tick(&mut self, _: Duration) -> Vec<Effect> {
            self.ticks += 1;
            Vec::new()
        }
        fn on_stop(&mut self, _: Duration) -> Vec<Effect> {
            self.stopped = true;
            vec![Effect::Save]
        }
    }

    #[derive(Default)]
    struct Log {
        saves: Vec<u32>,
        frames: usize,
    }

    impl Host<Counter> for Log {
        fn apply(&mut self, app: &mut Counter, effect: Effect, _: Duration) -> Result<()> {
            assert_eq!(effect, Effect::Save);
            self.saves.push(app.n);
            Ok(())
        }
        fn frame(&mut self, app: &Counter, _: Duration, _: u16, _: u16) -> Frame {
            self.frames += 1;
            let mut f = Frame::default();
            f.push(format!("n = {}", app.n));
            f
        }
    }

    fn drive_script(events: &[(f64, Event)], signal: Option<i32>) -> (Counter, Log, Ended, Screen) {
        let clock = FakeClock::new();
        let mut input = Script::new(&clock, events);
        let (mut app, mut host, mut out) = (Counter::default(), Log::default(), Screen::default());
        let ended = drive(
            &mut app,
            &mut host,
            &clock,
            &mut input,
            &|| signal,
            &mut out,
        )
        .unwrap();
        (app, host, ended, out)
    }

    #[test]
    fn keys_become_actions_and_effects_are_carried_out_in_order() {
        let events = [
            (0.1, Event::Key(Key::Space)),
            (0.2, Event::Key(Key::Char('x'))),
            (0.3, Event::Key(Key::Enter)),
            (0.4, Event::Key(Key::Char('q'))),
        ];
        let (app, host, ended, out) = drive_script(&events, None);
        assert_eq!(ended, Ended::Quit);
        assert_eq!(app.n, 2);
        assert_eq!(host.saves, [1, 2]);
        assert!(!app.stopped);
        assert_eq!(out.bells, 2);
        assert!(out.seen.iter().any(|s| s.starts_with("n = 2")));
    }

    #[test]
    fn a_closed_terminal_stops_the_app_like_a_hang_up() {
        let (app, host, ended, _) = drive_script(&[(0.1, Event::Key(Key::Space))], None);
        assert_eq!(ended, Ended::Signal(signal_hook::consts::SIGHUP));
        assert!(app.stopped);
        assert_eq!(host.saves, [1, 1], "saved on the key and on the stop");
    }

    #[test]
    fn a_signal_stops_the_app_before_the_next_key() {
        let (app, host, ended, _) = drive_script(
            &[(0.1, Event::Key(Key::Space))],
            Some(signal_hook::consts::SIGTERM),
        );
        assert_eq!(ended, Ended::Signal(signal_hook::consts::SIGTERM));
        assert_eq!(app.n, 0);
        assert!(app.stopped);
        assert_eq!(host.saves, [0]);
    }

    #[test]
    fn the_screen_is_redrawn_at_least_ten_times_a_second() {
        let (app, host, _, _) = drive_script(&[(2.0, Event::Key(Key::Char('q')))], None);
        assert!(host.frames >= 20, "{} frames in 2 s", host.frames);
        assert!(app.ticks >= 20, "{} ticks in 2 s", app.ticks);
    }

    #[test]
    fn a_screen_that_did_not_change_is_not_written_again() {
        let events = [
            (1.0, Event::Key(Key::Space)),
            (2.0, Event::Resize(100, 30)),
            (3.0, Event::Key(Key::Char('q'))),
        ];
        let (_, host, _, out) = drive_script(&events, None);
        assert!(host.frames >= 60, "{} frames in 3 s", host.frames);
        // Written once, once more when it changed and once more after the
        // resize; besides, only the bell.
        let shown: Vec<&str> = out.seen.iter().map(|s| s.as_str()).collect();
        assert_eq!(shown, ["n = 0", "n = 0", "n = 1", "n = 1"]);
        assert_eq!(out.bells, 1);
    }

    #[test]
    fn output_that_cannot_be_written_ends_the_run_as_a_hang_up() {
        struct Gone;
        impl Write for Gone {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(
                    rustix::io::Errno::IO.raw_os_error(),
                ))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(std::io::Error::from_raw_os_error(
                    rustix::io::Errno::IO.raw_os_error(),
                ))
            }
        }
        let clock = FakeClock::new();
        let mut input = Script::new(&clock, &[(5.0, Event::Key(Key::Space))]);
        let (mut app, mut host) = (Counter::default(), Log::default());
        let ended = drive(&mut app, &mut host, &clock, &mut input, &|| None, &mut Gone).unwrap();
        assert_eq!(ended, Ended::Signal(signal_hook::consts::SIGHUP));
        assert!(app.stopped);
    }
}
