//! Conventions people expect of a command-line tool: shell completions and a
//! manual page, generated from the same definitions as `--help`.

use crate::util::{Scratch, fixture};

#[test]
fn completions_cover_every_subcommand_in_each_shell() {
    let s = Scratch::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = s.cmd().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for sub in ["drill", "present", "replay", "stats", "mic-check"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    s.cmd()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'tcsh'"));
}

#[test]
fn the_manual_page_documents_every_subcommand_and_its_options() {
    let s = Scratch::new();
    let out = s.cmd().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH rehearse"),
        "{}",
        &page[..200.min(page.len())]
    );
    for text in [
        "rehearse drill",
        "rehearse present",
        "\\-\\-think",
        "\\-\\-start\\-now",
        "\\-\\-recordings\\-dir",
    ] {
        assert!(page.contains(text), "the page lacks {text}");
    }
}

#[test]
fn the_manual_page_names_no_missing_pages_and_says_where_files_live() {
    let s = Scratch::new();
    let out = s.cmd().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        !page.contains("(1)"),
        "names a page that does not exist:\n{page}"
    );
    for text in [
        ".SH FILES",
        "~/.local/share/rehearse/recordings/",
        "~/.config/rehearse/config.yaml",
        ".SH ENVIRONMENT",
        "REHEARSE_RECORDINGS",
        "REHEARSE_CONFIG",
        "NO_COLOR",
        ".SS \"rehearse drill\"",
        ".SS \"rehearse banks check\"",
        ".SS \"rehearse mic\\-check\"",
    ] {
        assert!(page.contains(text), "the page lacks {text}:\n{page}");
    }
    // One page: one of each top-level section.
    assert_eq!(page.matches(".SH SYNOPSIS").count(), 1, "{page}");
    assert!(!page.contains("./recordings"), "{page}");
}

#[test]
fn help_gives_the_data_directory_as_the_recordings_default() {
    let s = Scratch::new();
    for cmd in ["drill", "draw", "stats", "sessions", "replay", "present"] {
        let out = s.cmd().args([cmd, "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            help.contains("~/.local/share/rehearse/recordings") && !help.contains("./recordings"),
            "{cmd} --help:\n{help}"
        );
    }
}

#[test]
fn escape_bytes_in_arguments_are_shown_in_errors_never_sent() {
    let s = Scratch::new();
    let hostile = "\x1b[31mX\x1b]0;T\x07";
    let talk = fixture("sessions-v1");
    let talk = talk.to_str().unwrap();
    let cases: [&[&str]; 5] = [
        &["draw", "--category", hostile],
        &["draw", "--tag", hostile],
        &["draw", "--skip-category", hostile],
        &["mic-check", "--host", "alsa", "--input-device", hostile],
        &[
            "replay",
            "--recordings-dir",
            talk,
            "20261130-092250",
            "--section",
            hostile,
        ],
    ];
    for args in cases {
        let out = s.cmd().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            !out.stderr.iter().any(|&b| b == 0x1b || b == 0x07),
            "{args:?}: {err:?}"
        );
        assert!(
            err.contains("`\\u{1b}[31mX\\u{1b}]0;T\\u{7}`"),
            "{args:?}: {err}"
        );
    }
}

/// A bank whose text is not ASCII.
const UNICODE_BANK: &str = "title: Café\ndefaults:\n  category: behavioural\nquestions:\n  - id: unicode\n    text: \"Tell us about a café — “résumé” … 面接?\"\n    min: 1s\n    target: 3s\n    max: 5s\n    hints: [\"Situation · Task – Action\"]\n";

#[test]
fn a_plain_locale_or_a_dumb_terminal_gets_only_ascii_and_no_colour() {
    let s = Scratch::new();
    let bank = s.file("bank.yaml", UNICODE_BANK);
    let bank = bank.to_str().unwrap();
    let talk = fixture("sessions-v1");
    let talk = talk.to_str().unwrap();
    let wav = fixture("sessions-v1/20261130-092250/talk.wav");
    let wav = wav.to_str().unwrap();
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/question-banks/plans/star-answer.yaml"
    );
    let runs: [&[&str]; 14] = [
        &["draw", "--bank", bank],
        &["draw", "--bank", bank, "--format", "json"],
        &["draw", "--bank", bank, "--explain"],
        &["banks", "list", "--bank", bank],
        &["sessions", "--recordings-dir", talk],
        &["stats", "--recordings-dir", talk],
        &["stats", "--recordings-dir", talk, "--format", "csv"],
        &["analyze", wav],
        &["present", "--history", "--recordings-dir", talk, plan],
        &["drill", "--help"],
        &["man"],
        &["draw", "--bank", bank, "--category", "nope"],
        &[
            "replay",
            "--recordings-dir",
            talk,
            "20261130-092250",
            "--section",
            "é",
        ],
        &["draw", "--category", "é", "--nope"],
    ];
    for locale in [("C", "xterm-256color"), ("C.UTF-8", "dumb")] {
        for args in runs {
            let out = s
                .cmd()
                .env_remove("NO_COLOR")
                .env("LANG", locale.0)
                .env("LC_ALL", locale.0)
                .env("TERM", locale.1)
                .args(args)
                .output()
                .unwrap();
            let all = [out.stdout.as_slice(), &out.stderr].concat();
            assert!(!all.is_empty(), "{args:?} printed nothing");
            let bad: String = String::from_utf8_lossy(&all)
                .chars()
                .filter(|&c| !c.is_ascii() || c == '\x1b')
                .collect();
            assert!(
                bad.is_empty(),
                "{locale:?} {args:?} printed {bad:?}:\n{}",
                String::from_utf8_lossy(&all)
            );
        }
    }
    // JSON stays exact: the text comes back through its escapes.
    let out = s
        .cmd()
        .env("LC_ALL", "C")
        .args(["draw", "--bank", bank, "--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\u9762\\u63a5"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.to_string().contains("“résumé” … 面接?"), "{json}");
}

#[test]
fn mic_check_on_a_device_without_a_clock_says_its_figures_mean_nothing() {
    let s = Scratch::new();
    let out = s
        .cmd()
        .args([
            "mic-check",
            "--input-device",
            "null",
            "--host",
            "alsa",
            "--seconds",
            "1",
            "--no-playback",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    if !out.status.success() {
        // No ALSA `null` device on this machine: nothing to check.
        assert!(
            std::env::var_os("CI").is_none(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["faster_than_real_time"], true, "{v}");
    assert!(v["seconds"].as_f64().unwrap() > 1.5 * v["wall_seconds"].as_f64().unwrap());
    let text = s
        .cmd()
        .args([
            "mic-check",
            "--input-device",
            "null",
            "--host",
            "alsa",
            "--seconds",
            "1",
            "--no-playback",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("it is not paced like a microphone"), "{text}");
    assert!(!text.contains("The microphone is ready"), "{text}");
}
