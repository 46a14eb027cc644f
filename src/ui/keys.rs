//! The one key map: every screen reads keys as the same [`Action`]s, so a key
//! means the same thing in `drill`, `present` and `replay`. The footers and
//! `--help` are written from the same table.

pub use crate::app::{Action, Typed};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

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
    /// Backspace.
    Backspace,
    /// A printable character, lowercased.
    Char(char),
}

/// The action of a key; `None` for keys no screen uses.
pub fn action(key: Key) -> Option<Action> {
    Some(match key {
        Key::Space | Key::Enter => Action::Go,
        Key::Right => Action::Forward,
        Key::Left => Action::Back,
        Key::Esc | Key::CtrlC | Key::Char('q') => Action::End,
        Key::Tab => Action::NextPart,
        Key::Char('p') => Action::Pause,
        Key::Char('h') => Action::Hints,
        Key::Char('r') => Action::Restart,
        Key::Char('s') => Action::Skip,
        Key::Char('n') => Action::Next,
        Key::Char('b') => Action::Previous,
        Key::Char('j') => Action::NextPause,
        Key::Char('k') => Action::PreviousPause,
        Key::Char(c @ '1'..='5') => Action::Rate(c as u8 - b'0'),
        Key::Char('/') => Action::Find,
        Key::Char(_) | Key::Backspace => return None,
    })
}

/// What a key types into an open prompt; `None` for keys that act as
/// ever there (arrows, Tab, Ctrl-C).
pub fn typed(key: Key) -> Option<Typed> {
    Some(match key {
        Key::Char(c) => Typed::Char(c),
        Key::Space => Typed::Char(' '),
        Key::Backspace => Typed::Backspace,
        Key::Enter => Typed::Enter,
        Key::Esc => Typed::Esc,
        Key::CtrlC | Key::Tab | Key::Left | Key::Right => return None,
    })
}

/// The keys of an open prompt, as its footer and `--help` name them.
pub const PROMPT_KEYS: [(&str, &str); 3] = [
    ("Enter", "next match"),
    ("Backspace", "delete"),
    ("Esc", "close"),
];

/// The keys of one action as the footers and help show them.
pub fn label(action: Action) -> &'static str {
    match action {
        Action::Go => "Space",
        Action::Forward => "→",
        Action::Back => "←",
        Action::Pause => "p",
        Action::End => "q",
        Action::Hints => "h",
        Action::Restart => "r",
        Action::Skip => "s",
        Action::NextPart => "Tab",
        Action::Rate(_) => "1–5",
        Action::Next => "n",
        Action::Previous => "b",
        Action::NextPause => "j",
        Action::PreviousPause => "k",
        Action::Find => "/",
    }
}

/// A footer: each action's key and what it does here, joined by ` · `.
pub fn footer(entries: &[(Action, &str)]) -> String {
    entries
        .iter()
        .map(|(a, what)| format!("{} {what}", label(*a)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The footer of an open prompt, from [`PROMPT_KEYS`].
pub fn prompt_footer() -> String {
    PROMPT_KEYS
        .iter()
        .map(|(key, what)| format!("{key} {what}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Maps a crossterm key event; releases, modifiers and unknown keys give `None`.
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
        KeyCode::Backspace => Key::Backspace,
        _ => return None,
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

    #[test]
    fn every_key_has_one_meaning_on_every_screen() {
        let cases = [
            (Key::Space, Some(Action::Go)),
            (Key::Enter, Some(Action::Go)),
            (Key::Right, Some(Action::Forward)),
            (Key::Left, Some(Action::Back)),
            (Key::Char('p'), Some(Action::Pause)),
            (Key::Char('q'), Some(Action::End)),
            (Key::Esc, Some(Action::End)),
            (Key::CtrlC, Some(Action::End)),
            (Key::Char('h'), Some(Action::Hints)),
            (Key::Char('r'), Some(Action::Restart)),
            (Key::Char('s'), Some(Action::Skip)),
            (Key::Tab, Some(Action::NextPart)),
            (Key::Char('3'), Some(Action::Rate(3))),
            (Key::Char('6'), None),
            (Key::Char('n'), Some(Action::Next)),
            (Key::Char('b'), Some(Action::Previous)),
            (Key::Char('j'), Some(Action::NextPause)),
            (Key::Char('k'), Some(Action::PreviousPause)),
            (Key::Char('/'), Some(Action::Find)),
            (Key::Char('x'), None),
            (Key::Backspace, None),
        ];
        for (key, want) in cases {
            assert_eq!(action(key), want, "{key:?}");
        }
    }

    #[test]
    fn an_open_prompt_takes_what_types_and_leaves_the_rest_to_act() {
        let cases = [
            (Key::Char('n'), Some(Typed::Char('n'))),
            (Key::Char('/'), Some(Typed::Char('/'))),
            (Key::Space, Some(Typed::Char(' '))),
            (Key::Backspace, Some(Typed::Backspace)),
            (Key::Enter, Some(Typed::Enter)),
            (Key::Esc, Some(Typed::Esc)),
            (Key::CtrlC, None),
            (Key::Left, None),
            (Key::Right, None),
            (Key::Tab, None),
        ];
        for (key, want) in cases {
            assert_eq!(typed(key), want, "{key:?}");
        }
        assert_eq!(
            key_from(press(KeyCode::Backspace, KeyModifiers::NONE)),
            Some(Key::Backspace)
        );
        assert_eq!(
            prompt_footer(),
            "Enter next match · Backspace delete · Esc close"
        );
    }

    #[test]
    fn the_help_names_every_action_label() {
        for a in [
            Action::Go,
            Action::Forward,
            Action::Back,
            Action::Pause,
            Action::End,
            Action::Hints,
            Action::Restart,
            Action::Skip,
            Action::NextPart,
            Action::Rate(1),
            Action::Next,
            Action::Previous,
            Action::NextPause,
            Action::PreviousPause,
            Action::Find,
        ] {
            assert!(crate::app::KEYS_HELP.contains(label(a)), "{a:?}");
        }
        for (key, _) in PROMPT_KEYS.iter().filter(|(k, _)| *k != "Backspace") {
            assert!(crate::app::KEYS_HELP.contains(key), "{key}");
        }
        assert_eq!(
            footer(&[(Action::Go, "done"), (Action::Pause, "pause")]),
            "Space done · p pause"
        );
    }
}
