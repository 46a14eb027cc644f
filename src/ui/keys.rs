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
    /// A printable character, as typed (actions ignore its case; a prompt keeps it).
    Char(char),
}

/// One row of the key map: keys, the action they share, how footers name
/// them, and their line in `--help`.
#[derive(Debug)]
pub struct Binding {
    /// The keys.
    pub keys: &'static [Key],
    /// What they do on every screen (for `1`–`5`, the digit is the rating).
    pub action: Action,
    /// The footers' name for the keys.
    pub label: &'static str,
    /// The keys as `--help` names them; empty: on the line above (`←` is on `→`'s).
    pub help_keys: &'static str,
    /// What they do, as `--help` says it.
    pub help: &'static str,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help_keys: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        label,
        help_keys,
        help,
    }
}

/// The one key map, in `--help`'s order.
#[rustfmt::skip]
pub const KEYS: [Binding; 19] = [
    bind(&[Key::Space, Key::Enter], Action::Go, "Space",
        "Space, Enter", "go on: answer now, done, next section, next answer"),
    bind(&[Key::Right], Action::Forward, "→",
        "→  ←", "forward, back: next or previous section; 5 s in a recording"),
    bind(&[Key::Left], Action::Back, "←", "", ""),
    bind(&[Key::Char('p')], Action::Pause, "p", "p", "pause or resume; paused time never counts"),
    bind(&[Key::Char('h')], Action::Hints, "h", "h", "show or hide hints"),
    bind(&[Key::Char('r')], Action::Restart, "r", "r", "start this answer again (the earlier take is kept), or its playback"),
    bind(&[Key::Char('s')], Action::Skip, "s", "s", "skip this question"),
    bind(&[Key::Tab], Action::NextPart, "Tab", "Tab", "next part of a STAR answer"),
    bind(&[Key::Char('1'), Key::Char('2'), Key::Char('3'), Key::Char('4'), Key::Char('5')],
        Action::Rate(1), "1–5", "1–5", "rate the answer you just gave"),
    bind(&[Key::Char('n')], Action::Next, "n", "n  b", "next or previous answer or section"),
    bind(&[Key::Char('b')], Action::Previous, "b", "", ""),
    bind(&[Key::Char('j')], Action::NextPause, "j", "j  k", "next or previous pause in a recording"),
    bind(&[Key::Char('k')], Action::PreviousPause, "k", "", ""),
    bind(&[Key::Char('/')], Action::Find, "/",
        "/", "find a word in a transcript: type its start; Enter jumps to\n\
              the next match (again for the one after), Esc closes"),
    bind(&[Key::Char('w')], Action::Note, "w", "w",
        "write a note on the answer just given, or the one replayed"),
    bind(&[Key::Char('x')], Action::Exclude, "x", "x",
        "in a replay: leave the answer out of stats and --focus, or count it again"),
    bind(&[Key::Char('t')], Action::Take, "t", "t  c", "next take of this answer; make the take playing count"),
    bind(&[Key::Char('c')], Action::Count, "c", "", ""),
    bind(&[Key::Char('q'), Key::Esc, Key::CtrlC], Action::End, "q",
        "q, Esc", "end (mid-answer in a drill, and in a talk: press again to end)"),
];

/// The action of a key (of either case); `None` for keys no screen uses.
pub fn action(key: Key) -> Option<Action> {
    let key = match key {
        Key::Char(c) => Key::Char(c.to_ascii_lowercase()),
        other => other,
    };
    let row = KEYS.iter().find(|row| row.keys.contains(&key))?;
    Some(match (row.action, key) {
        (Action::Rate(_), Key::Char(digit)) => Action::Rate(digit as u8 - b'0'),
        (action, _) => action,
    })
}

/// The key map for `--help` (the interactive commands' `after_help`).
pub fn help() -> String {
    let mut out = String::from("Keys (the same on every screen):");
    for row in KEYS.iter().filter(|row| !row.help_keys.is_empty()) {
        let what = row.help.replace('\n', &format!("\n{:16}", ""));
        out.push_str(&format!("\n  {:<14}{what}", row.help_keys));
    }
    out
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
    let same =
        |row: &&Binding| std::mem::discriminant(&row.action) == std::mem::discriminant(&action);
    KEYS.iter().find(same).map_or("", |row| row.label)
}

/// A footer: each action's key and what it does here, joined by ` · `.
pub fn footer(entries: &[(Action, &str)]) -> String {
    entries
        .iter()
        .map(|(a, what)| format!("{} {what}", label(*a)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The keys of an open note prompt (`w`).
pub const NOTE_KEYS: [(&str, &str); 3] = [
    ("Enter", "keep the note"),
    ("Backspace", "delete"),
    ("Esc", "cancel"),
];

/// The footer of an open prompt: [`PROMPT_KEYS`] or [`NOTE_KEYS`].
pub fn prompt_footer(keys: &[(&str, &str)]) -> String {
    keys.iter()
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
        KeyCode::Char(c) => Key::Char(c),
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
                Some(Key::Char('P')),
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
            (Key::Char('P'), Some(Action::Pause)),
            (Key::Char('w'), Some(Action::Note)),
            (Key::Char('x'), Some(Action::Exclude)),
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
            (Key::Char('t'), Some(Action::Take)),
            (Key::Char('c'), Some(Action::Count)),
            (Key::Char('w'), Some(Action::Note)),
            (Key::Char('x'), Some(Action::Exclude)),
            (Key::Char('z'), None),
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
            (Key::Char('N'), Some(Typed::Char('N'))),
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
            prompt_footer(&PROMPT_KEYS),
            "Enter next match · Backspace delete · Esc close"
        );
    }

    #[test]
    fn every_row_is_reached_by_its_keys_named_in_footers_and_on_its_help_line() {
        use std::mem::discriminant;
        let help = help();
        let mut line = "";
        for row in &KEYS {
            if !row.help_keys.is_empty() {
                let keys = row.help_keys;
                line = help
                    .lines()
                    .find(|l| l.strip_prefix("  ").is_some_and(|l| l.starts_with(keys)))
                    .unwrap_or_else(|| panic!("no --help line for {keys:?}"));
            }
            let named: String = line.chars().take(16).collect();
            assert!(named.contains(row.label), "{row:?} on {line:?}");
            for &key in row.keys {
                let got = action(key).unwrap_or_else(|| panic!("{key:?} does nothing"));
                assert_eq!(discriminant(&got), discriminant(&row.action), "{key:?}");
            }
            assert_eq!(footer(&[(row.action, "it")]), format!("{} it", row.label));
        }
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
            Action::Note,
            Action::Exclude,
            Action::Take,
            Action::Count,
        ] {
            assert!(KEYS.iter().any(|row| row.action == a), "{a:?} has no key");
        }
        for (key, _) in PROMPT_KEYS.iter().filter(|(k, _)| *k != "Backspace") {
            assert!(help.contains(key), "{key}");
        }
        assert_eq!(
            footer(&[(Action::Go, "done"), (Action::Pause, "pause")]),
            "Space done · p pause"
        );
    }
}
