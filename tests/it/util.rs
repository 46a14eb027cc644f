//! The one test harness: every command a test runs, plain or in a
//! pseudo-terminal, is built here, with `REHEARSE_*` cleared and `HOME` and
//! the `XDG_*` directories inside a scratch directory, so a developer's own
//! config and recordings are never read or written.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A scratch directory that is also the command's working directory and HOME.
pub struct Scratch {
    pub dir: TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `content` to `name` inside the scratch directory.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, content).expect("write");
        p
    }

    /// Where sessions go by default: the data directory under this HOME.
    pub fn recordings(&self) -> PathBuf {
        self.path().join(".local/share/rehearse/recordings")
    }

    /// `rehearse` with HOME, config and recordings isolated in this directory.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.process())
    }

    /// [`Scratch::cmd`] as a plain process, for tests that spawn and wait themselves.
    pub fn process(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("rehearse"));
        c.current_dir(self.path());
        for var in inherited_rehearse_vars() {
            c.env_remove(var);
        }
        c.envs(isolated_env(self.path())).env("NO_COLOR", "1");
        c
    }
}

/// The `REHEARSE_*` variables of the test process, which no command may inherit.
pub fn inherited_rehearse_vars() -> Vec<String> {
    std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| k.starts_with("REHEARSE_"))
        .collect()
}

/// HOME and the XDG base directories inside `home`.
pub fn isolated_env(home: &Path) -> Vec<(&'static str, String)> {
    let at = |rel: &str| home.join(rel).display().to_string();
    vec![
        ("HOME", at("")),
        ("XDG_CONFIG_HOME", at(".config")),
        ("XDG_DATA_HOME", at(".local/share")),
        ("XDG_STATE_HOME", at(".local/state")),
        ("XDG_CACHE_HOME", at(".cache")),
    ]
}

/// The example config file in README.md's "Personal defaults", as written there.
pub fn readme_config() -> String {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("## Personal defaults").expect("section")..];
    let start = section.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let len = section[start..].find("```").expect("its end");
    section[start..start + len].to_string()
}

/// The repository's fixture directory.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}
