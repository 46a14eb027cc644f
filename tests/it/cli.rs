//! Conventions people expect of a command-line tool: shell completions and a
//! manual page, generated from the same definitions as `--help`.

use crate::util::Scratch;

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
