//! The terminal guard: raw mode and the alternate screen on entry, and the
//! terminal restored on every exit — normal return, error, panic (a hook), and
//! signals (which set a flag the event loop checks, so the session is saved first).

use crossterm::{cursor, execute, terminal};
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Whether a guard currently holds the terminal, so restoring twice is harmless.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Holds the terminal in raw mode on the alternate screen until dropped.
#[derive(Debug)]
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, hiding the cursor.
    pub fn enter() -> std::io::Result<TerminalGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut out = std::io::stdout();
        execute!(out, terminal::EnterAlternateScreen, cursor::Hide)?;
        Ok(TerminalGuard { _private: () })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Makes a panic restore the terminal before the panic message is printed.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Leaves the alternate screen, shows the cursor and leaves raw mode, if a guard is active.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = std::io::stdout();
        let _ = execute!(out, cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
        let _ = out.flush();
    }
}

/// Whether both stdin and stdout are terminals, as an interactive screen needs.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The signals that end a session cleanly: saved, terminal restored, exit 128 + N.
pub const ENDING: [i32; 6] = [
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
];

/// The [`ENDING`] signals caught into a flag, for the run loop to act on.
#[derive(Debug, Clone)]
pub struct Signals {
    caught: Arc<AtomicUsize>,
}

impl Signals {
    /// Starts catching the signals that should end a session cleanly.
    pub fn catch() -> std::io::Result<Signals> {
        let caught = Arc::new(AtomicUsize::new(0));
        for sig in ENDING {
            signal_hook::flag::register_usize(sig, Arc::clone(&caught), sig as usize)?;
        }
        Ok(Signals { caught })
    }

    /// The signal caught, if any.
    pub fn pending(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n as i32),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_restores_the_terminal_first() {
        install_panic_hook();
        ACTIVE.store(true, Ordering::SeqCst);
        let result = std::panic::catch_unwind(|| panic!("boom"));
        assert!(result.is_err());
        assert!(
            !ACTIVE.load(Ordering::SeqCst),
            "the hook restored the terminal"
        );
    }

    #[test]
    fn every_ending_signal_has_a_name() {
        for sig in ENDING {
            assert_ne!(crate::error::signal_name(sig), "a signal", "{sig}");
        }
    }
}
