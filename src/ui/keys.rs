//! Keys and terminal events as the screens see them, from one source so that
//! every loop reads input the same way.

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::time::Duration;

/// A key press, reduced to what the screens act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Space bar.
    Space,
    /// Enter or Return.
    Enter,
    /// Escape.
    Esc,
    /// Ctrl-C, which arrives as a key in raw mode.
    CtrlC,
    /// Tab.
    Tab,
    /// Left arrow.
    Left,
    /// Right arrow.
    Right,
    /// A printable character, lowercased.
    Char(char),
}

/// What the event loop receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A key was pressed.
    Key(Key),
    /// The terminal changed size (columns, rows).
    Resize(u16, u16),
}

/// Maps a crossterm key event; releases, repeats of modifiers and unknown keys give `None`.
pub fn key_from(ev: KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Char('c') | KeyCode::Char('C') if ctrl => Key::CtrlC,
        _ if ctrl => return None,
        KeyCode::Char(' ') => Key::Space,
        KeyCode::Char(c) => Key::Char(c.to_ascii_lowercase()),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        _ => return None,
    })
}

/// Waits up to `timeout` for the next key or resize.
pub fn next_input(timeout: Duration) -> std::io::Result<Option<Input>> {
    if !event::poll(timeout)? {
        return Ok(None);
    }
    Ok(match event::read()? {
        Event::Key(k) => key_from(k).map(Input::Key),
        Event::Resize(w, h) => Some(Input::Resize(w, h)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn key_events_map_to_screen_keys() {
        let none = KeyModifiers::NONE;
        let cases = [
            (press(KeyCode::Char(' '), none), Some(Key::Space)),
            (press(KeyCode::Enter, none), Some(Key::Enter)),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Key::CtrlC),
            ),
            (press(KeyCode::Char('c'), none), Some(Key::Char('c'))),
            (
                press(KeyCode::Char('P'), KeyModifiers::SHIFT),
                Some(Key::Char('p')),
            ),
            (press(KeyCode::Char('x'), KeyModifiers::CONTROL), None),
            (press(KeyCode::Esc, none), Some(Key::Esc)),
            (press(KeyCode::Tab, none), Some(Key::Tab)),
            (press(KeyCode::Left, none), Some(Key::Left)),
            (press(KeyCode::F(1), none), None),
        ];
        for (ev, want) in cases {
            assert_eq!(key_from(ev), want, "{ev:?}");
        }
        let mut release = press(KeyCode::Char(' '), none);
        release.kind = KeyEventKind::Release;
        assert_eq!(key_from(release), None);
    }
}
