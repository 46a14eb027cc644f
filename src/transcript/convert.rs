//! Converting a CTranslate2 (faster-whisper) Whisper folder into the ggml file
//! whisper.cpp loads, one tensor at a time so memory stays small whatever
//! the model's size.
//!
//! A CTranslate2 `model.bin` is a short header followed by named variables
//! (shape, element type, bytes), then aliases naming one variable as another.
//! A whisper.cpp file is a magic number, eleven hyper-parameters, the mel
//! filter bank, the vocabulary as bytes, then named tensors. Both layouts,
//! and which tensors whisper.cpp wants in 32-bit floats, are described in
//! docs/transcript.md.

use half::{bf16, f16};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The first four bytes of a whisper.cpp model, little-endian "ggml".
pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// A problem with the input model: what is wrong, in words for the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadModel(pub String);

fn bad(message: impl Into<String>) -> BadModel {
    BadModel(message.into())
}

/// Why a conversion stopped: the input is not a usable model, or reading or
/// writing failed.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The input is not a Whisper model this converter can read.
    #[error(transparent)]
    Bad(#[from] BadModel),
    /// Reading the input or writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Whisper's hyper-parameters, in the order a ggml file stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
    /// 0 all f32, 1 big tensors f16; higher values are quantised types,
    /// plus 1000 per quantisation version.
    pub ftype: i32,
}

impl Hparams {
    fn fields(&self) -> [i32; 11] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
            self.ftype,
        ]
    }

    /// Reads the magic number and hyper-parameters at the start of a ggml file.
    pub fn read_ggml(r: &mut impl Read) -> Result<Hparams, BadModel> {
        let mut word = [0u8; 4];
        let mut next = |what: &str| {
            r.read_exact(&mut word)
                .map_err(|_| bad(format!("the file ends before its {what}")))?;
            Ok::<i32, BadModel>(i32::from_le_bytes(word))
        };
        if next("magic number")? as u32 != GGML_MAGIC {
            return Err(bad(
                "it does not start with whisper.cpp's `ggml` magic number",
            ));
        }
        let mut f = [0i32; 11];
        for v in &mut f {
            *v = next("hyper-parameters")?;
        }
        let hp = Hparams {
            n_vocab: f[0],
            n_audio_ctx: f[1],
            n_audio_state: f[2],
            n_audio_head: f[3],
            n_audio_layer: f[4],
            n_text_ctx: f[5],
            n_text_state: f[6],
            n_text_head: f[7],
            n_text_layer: f[8],
            n_mels: f[9],
            ftype: f[10],
        };
        hp.check()?;
        Ok(hp)
    }

    /// Refuses values no Whisper model has, so a stray file with the right
    /// magic number is not handed to whisper.cpp (which asserts on some).
    pub fn check(&self) -> Result<(), BadModel> {
        let in_range = |v: i32, lo: i32, hi: i32| (lo..=hi).contains(&v);
        let ok = in_range(self.n_vocab, 50_364, 1_000_000)
            && in_range(self.n_audio_ctx, 1, 100_000)
            && in_range(self.n_text_ctx, 1, 100_000)
            && in_range(self.n_audio_state, 1, 65_536)
            && self.n_text_state == self.n_audio_state
            && in_range(self.n_audio_head, 1, 1024)
            && in_range(self.n_text_head, 1, 1024)
            && self.n_audio_state % self.n_audio_head == 0
            && self.n_text_state % self.n_text_head == 0
            && in_range(self.n_audio_layer, 1, 256)
            && in_range(self.n_text_layer, 1, 256)
            && in_range(self.n_mels, 1, 1024)
            && in_range(self.ftype % 1000, 0, 40)
            && self.ftype >= 0;
        if ok {
            Ok(())
        } else {
            Err(bad(format!(
                "its hyper-parameters are not a Whisper model's: {self:?}"
            )))
        }
    }

    /// The model's usual name, from its size and vocabulary: `tiny.en`,
    /// `base`, `large-v3`…; `None` for a shape Whisper never shipped.
    pub fn kind(&self) -> Option<String> {
        let size = match (self.n_audio_layer, self.n_text_layer) {
            (4, 4) => "tiny",
            (6, 6) => "base",
            (12, 12) => "small",
            (24, 24) => "medium",
            (32, 32) => "large",
            (32, 4) => "large-v3-turbo",
            _ => return None,
        };
        let suffix = match self.n_vocab {
            51_864 => ".en",
            51_866 if size == "large" => "-v3",
            _ => "",
        };
        Some(format!("{size}{suffix}"))
    }

    fn write(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(&GGML_MAGIC.to_le_bytes())?;
        for v in self.fields() {
            w.write_all(&v.to_le_bytes())?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The mel filter bank

/// Whisper's mel filter bank, `n_mels` rows of `n_fft / 2 + 1` weights, as
/// `librosa.filters.mel(sr, n_fft, n_mels)` makes it (Slaney's mel scale,
/// each triangle scaled to unit area), which is what Whisper ships.
pub fn mel_filters(sample_rate: f64, n_fft: usize, n_mels: usize) -> Vec<f32> {
    let n_freqs = n_fft / 2 + 1;
    let fft_freq = |j: usize| j as f64 * sample_rate / n_fft as f64;
    let top = slaney_mel(sample_rate / 2.0);
    // n_mels + 2 edges, evenly spaced in mels from 0 Hz to Nyquist.
    let edges: Vec<f64> = (0..n_mels + 2)
        .map(|i| slaney_hz(top * i as f64 / (n_mels + 1) as f64))
        .collect();
    let mut out = Vec::with_capacity(n_mels * n_freqs);
    for m in 0..n_mels {
        let (lo, mid, hi) = (edges[m], edges[m + 1], edges[m + 2]);
        let area = 2.0 / (hi - lo);
        for j in 0..n_freqs {
            let f = fft_freq(j);
            let rising = (f - lo) / (mid - lo);
            let falling = (hi - f) / (hi - mid);
            out.push((rising.min(falling).max(0.0) * area) as f32);
        }
    }
    out
}

// Slaney's scale: linear below 1 kHz (3 mels every 200 Hz), logarithmic above.
const MEL_LINEAR_HZ: f64 = 200.0 / 3.0;
const MEL_BREAK_HZ: f64 = 1000.0;
const MEL_BREAK: f64 = MEL_BREAK_HZ / MEL_LINEAR_HZ;

fn mel_log_step() -> f64 {
    6.4f64.ln() / 27.0
}

fn slaney_mel(hz: f64) -> f64 {
    if hz < MEL_BREAK_HZ {
        hz / MEL_LINEAR_HZ
    } else {
        MEL_BREAK + (hz / MEL_BREAK_HZ).ln() / mel_log_step()
    }
}

fn slaney_hz(mel: f64) -> f64 {
    if mel < MEL_BREAK {
        mel * MEL_LINEAR_HZ
    } else {
        MEL_BREAK_HZ * ((mel - MEL_BREAK) * mel_log_step()).exp()
    }
}

// ---------------------------------------------------------------------------
// The vocabulary

/// The parts of a Hugging Face `tokenizer.json` the vocabulary needs.
#[derive(Deserialize)]
struct Tokenizer {
    model: TokenizerModel,
    #[serde(default)]
    added_tokens: Vec<AddedToken>,
}

#[derive(Deserialize)]
struct TokenizerModel {
    vocab: HashMap<String, u32>,
}

#[derive(Deserialize)]
struct AddedToken {
    id: u32,
    content: String,
}

/// Token strings by id from a `tokenizer.json`, special tokens included.
pub fn tokens_from_tokenizer_json(text: &str) -> Result<Vec<String>, BadModel> {
    let t: Tokenizer = serde_json::from_str(text)
        .map_err(|e| bad(format!("tokenizer.json is not a tokenizer: {e}")))?;
    let pairs = t
        .model
        .vocab
        .into_iter()
        .chain(t.added_tokens.into_iter().map(|a| (a.content, a.id)));
    let mut by_id: BTreeMap<u32, String> = BTreeMap::new();
    for (token, id) in pairs {
        by_id.insert(id, token);
    }
    let mut tokens = Vec::with_capacity(by_id.len());
    for (i, (id, token)) in by_id.into_iter().enumerate() {
        if id as usize != i {
            return Err(bad(format!("tokenizer.json has no token with id {i}")));
        }
        tokens.push(token);
    }
    Ok(tokens)
}

/// The bytes whisper.cpp stores for each ordinary token, in id order: every
/// token before `<|endoftext|>`, its byte-level BPE string turned back into
/// the bytes it stands for. whisper.cpp numbers the special tokens itself.
pub fn vocab_bytes(tokens: &[String]) -> Result<Vec<Vec<u8>>, BadModel> {
    let end = tokens
        .iter()
        .position(|t| t == "<|endoftext|>")
        .ok_or_else(|| bad("the vocabulary has no <|endoftext|> token"))?;
    tokens[..end]
        .iter()
        .enumerate()
        .map(|(id, t)| {
            bpe_bytes(t)
                .ok_or_else(|| bad(format!("token {id} ({t:?}) is not a byte-level BPE string")))
        })
        .collect()
}

/// GPT-2's byte-level BPE writes each byte as one printable character: the
/// printable Latin-1 bytes as themselves, the other 68 as U+0100 onwards in
/// byte order. This undoes it.
pub fn bpe_bytes(token: &str) -> Option<Vec<u8>> {
    let printable = |b: u32| matches!(b, 0x21..=0x7e | 0xa1..=0xac | 0xae..=0xff);
    token
        .chars()
        .map(|c| {
            let c = c as u32;
            if c < 0x100 {
                return printable(c).then_some(c as u8);
            }
            // The n-th byte that is not printable is written as U+0100 + n.
            let n = (c - 0x100) as usize;
            (0u32..0x100)
                .filter(|&b| !printable(b))
                .nth(n)
                .map(|b| b as u8)
        })
        .collect()
}

/// Reads the token strings of a CTranslate2 folder: `tokenizer.json`, or
/// else the `vocabulary.json` / `vocabulary.txt` CTranslate2 writes.
pub fn read_tokens(dir: &Path) -> Result<Vec<String>, ConvertError> {
    let read = |name: &str| -> Result<Option<String>, ConvertError> {
        match std::fs::read(dir.join(name)) {
            Ok(b) => String::from_utf8(b)
                .map(Some)
                .map_err(|_| bad(format!("{name} is not UTF-8 text")).into()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    };
    if let Some(text) = read("tokenizer.json")? {
        return Ok(tokens_from_tokenizer_json(&text)?);
    }
    if let Some(text) = read("vocabulary.json")? {
        return serde_json::from_str(&text)
            .map_err(|e| bad(format!("vocabulary.json is not a list of tokens: {e}")).into());
    }
    if let Some(text) = read("vocabulary.txt")? {
        return Ok(text.lines().map(str::to_owned).collect());
    }
    Err(bad("the folder has no tokenizer.json, vocabulary.json or vocabulary.txt").into())
}

// ---------------------------------------------------------------------------
// CTranslate2's model.bin

/// Element types of CTranslate2 variables, numbered as `model.bin` stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ct2Type {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl Ct2Type {
    fn from_id(id: u8) -> Option<Ct2Type> {
        Some(match id {
            0 => Ct2Type::F32,
            1 => Ct2Type::I8,
            2 => Ct2Type::I16,
            3 => Ct2Type::I32,
            4 => Ct2Type::F16,
            5 => Ct2Type::Bf16,
            _ => return None,
        })
    }

    fn size(self) -> u64 {
        match self {
            Ct2Type::I8 => 1,
            Ct2Type::I16 | Ct2Type::F16 | Ct2Type::Bf16 => 2,
            Ct2Type::F32 | Ct2Type::I32 => 4,
        }
    }
}

/// One variable of a `model.bin`: its shape, type and where its bytes are.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub shape: Vec<u64>,
    pub dtype: Ct2Type,
    /// Byte offset of the data in the file.
    pub offset: u64,
    /// The value of a scalar integer (such as `num_heads`).
    pub scalar: Option<i64>,
}

impl Variable {
    fn elements(&self) -> u64 {
        self.shape.iter().product()
    }
}

/// The index of a `model.bin`: its spec name and every variable by name,
/// aliases resolved to the variable they name.
#[derive(Debug)]
pub struct Ct2Index {
    pub spec: String,
    pub revision: u32,
    pub vars: HashMap<String, Variable>,
}

/// Reads a `model.bin`'s index, skipping over the data, so only names and
/// shapes are held in memory.
pub fn read_ct2_index<R: Read + Seek>(r: &mut R) -> Result<Ct2Index, ConvertError> {
    let len = r.seek(SeekFrom::End(0))?;
    r.seek(SeekFrom::Start(0))?;
    let mut r = BufReader::new(r);
    let short = |what: &str, e: io::Error| -> ConvertError {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            bad(format!("model.bin ends in the middle of {what}")).into()
        } else {
            e.into()
        }
    };
    let version = read_u32(&mut r).map_err(|e| short("its header", e))?;
    if !(4..=6).contains(&version) {
        return Err(bad(format!(
            "model.bin is CTranslate2 binary version {version}; versions 4 to 6 are read"
        ))
        .into());
    }
    let spec = read_string(&mut r).map_err(|e| short("its header", e))?;
    let revision = read_u32(&mut r).map_err(|e| short("its header", e))?;
    let count = read_u32(&mut r).map_err(|e| short("its header", e))?;
    let mut vars = HashMap::new();
    for _ in 0..count {
        let name = read_string(&mut r).map_err(|e| short("a variable's header", e))?;
        let what = || format!("variable {name}");
        let rank = read_u8(&mut r).map_err(|e| short(&what(), e))?;
        let mut shape = Vec::with_capacity(rank.into());
        for _ in 0..rank {
            shape.push(u64::from(read_u32(&mut r).map_err(|e| short(&what(), e))?));
        }
        let type_id = read_u8(&mut r).map_err(|e| short(&what(), e))?;
        let dtype = Ct2Type::from_id(type_id)
            .ok_or_else(|| bad(format!("{} has unknown element type {type_id}", what())))?;
        let bytes = u64::from(read_u32(&mut r).map_err(|e| short(&what(), e))?);
        let offset = r.stream_position()?;
        let mut var = Variable {
            shape,
            dtype,
            offset,
            scalar: None,
        };
        if var.elements().checked_mul(dtype.size()) != Some(bytes) || offset + bytes > len {
            return Err(bad(format!(
                "{} says {bytes} bytes, which its shape {:?} or the file's length does not match",
                what(),
                var.shape
            ))
            .into());
        }
        if rank == 0 && matches!(dtype, Ct2Type::I8 | Ct2Type::I16 | Ct2Type::I32) {
            let mut b = [0u8; 4];
            r.read_exact(&mut b[..bytes as usize])
                .map_err(|e| short(&what(), e))?;
            var.scalar = Some(match dtype {
                Ct2Type::I8 => i64::from(b[0] as i8),
                Ct2Type::I16 => i64::from(i16::from_le_bytes([b[0], b[1]])),
                _ => i64::from(i32::from_le_bytes(b)),
            });
        } else {
            r.seek_relative(bytes as i64)?;
        }
        vars.insert(name, var);
    }
    // Version 3 and later end with aliases: a name, then the name it repeats.
    let aliases = read_u32(&mut r).map_err(|e| short("its aliases", e))?;
    for _ in 0..aliases {
        let alias = read_string(&mut r).map_err(|e| short("its aliases", e))?;
        let target = read_string(&mut r).map_err(|e| short("its aliases", e))?;
        let var = vars.get(&target).cloned().ok_or_else(|| {
            bad(format!(
                "alias {alias} names {target}, which is not in model.bin"
            ))
        })?;
        vars.insert(alias, var);
    }
    Ok(Ct2Index {
        spec,
        revision,
        vars,
    })
}

fn read_u8(r: &mut impl Read) -> io::Result<u8> {
    let mut b = [0u8; 1];
    r.read_exact(&mut b)?;
    Ok(b[0])
}

fn read_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

/// A `model.bin` string: a u16 length counting a final NUL, then the bytes.
fn read_string(r: &mut impl Read) -> io::Result<String> {
    let mut b = [0u8; 2];
    r.read_exact(&mut b)?;
    let mut s = vec![0u8; u16::from_le_bytes(b).into()];
    r.read_exact(&mut s)?;
    if s.last() == Some(&0) {
        s.pop();
    }
    String::from_utf8(s).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "name not UTF-8"))
}

// ---------------------------------------------------------------------------
// The tensor map

/// How a ggml tensor's elements are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GgmlType {
    F32 = 0,
    F16 = 1,
}

/// Where one whisper.cpp tensor comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// whisper.cpp's name, such as `encoder.blocks.0.attn.query.weight`.
    pub name: String,
    /// The CTranslate2 variable it comes from.
    pub source: String,
    /// Which of `parts` equal slices along the first axis it is (CTranslate2
    /// fuses query, key and value into one matrix).
    pub part: u64,
    pub parts: u64,
}

/// One tensor of the ggml file: where it comes from, its shape as ggml
/// writes it (fastest-varying dimension first) and its element type.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    pub from: Mapping,
    pub dims: Vec<u64>,
    pub ggml_type: GgmlType,
}

/// whisper.cpp keeps biases, layer norms, the conv biases and the positional
/// embeddings in f32 and the matrices in f16, as its convert script does.
pub fn ggml_type_for(name: &str, n_dims: usize) -> GgmlType {
    if n_dims < 2 || is_conv_bias(name) || name.ends_with("positional_embedding") {
        GgmlType::F32
    } else {
        GgmlType::F16
    }
}

fn is_conv_bias(name: &str) -> bool {
    name == "encoder.conv1.bias" || name == "encoder.conv2.bias"
}

/// Builds the tensor list, one block shape at a time.
#[derive(Default)]
struct Mappings(Vec<Mapping>);

impl Mappings {
    fn slice(&mut self, name: String, source: String, part: usize, parts: usize) {
        self.0.push(Mapping {
            name,
            source,
            part: part as u64,
            parts: parts as u64,
        });
    }

    fn one(&mut self, name: &str, source: &str) {
        self.slice(name.into(), source.into(), 0, 1);
    }

    fn norm(&mut self, name: &str, source: &str) {
        self.one(&format!("{name}.weight"), &format!("{source}/gamma"));
        self.one(&format!("{name}.bias"), &format!("{source}/beta"));
    }

    /// `names.len()` projections fused in the linear layer `source`, in order.
    /// Whisper's keys have no bias, so their slice of the fused bias (zeros)
    /// is left out.
    fn linear(&mut self, names: &[String], source: &str) {
        for (i, name) in names.iter().enumerate() {
            let w = format!("{source}/weight");
            self.slice(format!("{name}.weight"), w, i, names.len());
            if !name.ends_with(".key") {
                let b = format!("{source}/bias");
                self.slice(format!("{name}.bias"), b, i, names.len());
            }
        }
    }

    fn attention(&mut self, to: &str, from: &str, fused: &[&[&str]]) {
        self.norm(&format!("{to}_ln"), &format!("{from}/layer_norm"));
        for (i, group) in fused.iter().enumerate() {
            let names: Vec<String> = group.iter().map(|p| format!("{to}.{p}")).collect();
            self.linear(&names, &format!("{from}/linear_{i}"));
        }
    }

    fn block(&mut self, to: &str, from: &str, cross: bool) {
        let qkv: &[&[&str]] = &[&["query", "key", "value"], &["out"]];
        self.attention(
            &format!("{to}.attn"),
            &format!("{from}/self_attention"),
            qkv,
        );
        if cross {
            let q_kv: &[&[&str]] = &[&["query"], &["key", "value"], &["out"]];
            self.attention(
                &format!("{to}.cross_attn"),
                &format!("{from}/attention"),
                q_kv,
            );
        }
        self.norm(&format!("{to}.mlp_ln"), &format!("{from}/ffn/layer_norm"));
        self.linear(&[format!("{to}.mlp.0")], &format!("{from}/ffn/linear_0"));
        self.linear(&[format!("{to}.mlp.2")], &format!("{from}/ffn/linear_1"));
    }
}

/// Every whisper.cpp tensor of a model with these layer counts, with its
/// CTranslate2 source.
pub fn tensor_map(n_audio_layer: usize, n_text_layer: usize) -> Vec<Mapping> {
    let mut m = Mappings::default();
    m.one(
        "encoder.positional_embedding",
        "encoder/position_encodings/encodings",
    );
    for conv in ["conv1", "conv2"] {
        m.linear(&[format!("encoder.{conv}")], &format!("encoder/{conv}"));
    }
    for i in 0..n_audio_layer {
        m.block(
            &format!("encoder.blocks.{i}"),
            &format!("encoder/layer_{i}"),
            false,
        );
    }
    m.norm("encoder.ln_post", "encoder/layer_norm");
    m.one(
        "decoder.positional_embedding",
        "decoder/position_encodings/encodings",
    );
    m.one(
        "decoder.token_embedding.weight",
        "decoder/embeddings/weight",
    );
    for i in 0..n_text_layer {
        m.block(
            &format!("decoder.blocks.{i}"),
            &format!("decoder/layer_{i}"),
            true,
        );
    }
    m.norm("decoder.ln", "decoder/layer_norm");
    m.0
}

/// Counts `prefix/layer_N` blocks.
fn count_layers(index: &Ct2Index, prefix: &str) -> usize {
    (0..)
        .take_while(|i| {
            index
                .vars
                .contains_key(&format!("{prefix}/layer_{i}/ffn/linear_0/weight"))
        })
        .count()
}

/// The hyper-parameters and the tensor list of a CTranslate2 Whisper model,
/// every source checked to exist with a shape that splits evenly.
pub fn plan(index: &Ct2Index) -> Result<(Hparams, Vec<Tensor>), BadModel> {
    if index.spec != "WhisperSpec" {
        return Err(bad(format!(
            "model.bin holds a CTranslate2 {:?} model, not Whisper",
            index.spec
        )));
    }
    let var = |name: &str| {
        index
            .vars
            .get(name)
            .ok_or_else(|| bad(format!("model.bin has no variable {name}")))
    };
    let dims2 = |name: &str| -> Result<(u64, u64), BadModel> {
        match var(name)?.shape[..] {
            [a, b] => Ok((a, b)),
            ref s => Err(bad(format!("{name} has shape {s:?}, not two dimensions"))),
        }
    };
    let heads = |name: &str| -> Result<i64, BadModel> {
        var(name)?
            .scalar
            .ok_or_else(|| bad(format!("{name} is not a whole number")))
    };
    let as_i32 = |v: u64| i32::try_from(v).map_err(|_| bad("a dimension is too large"));
    let (audio_ctx, audio_state) = dims2("encoder/position_encodings/encodings")?;
    let (text_ctx, text_state) = dims2("decoder/position_encodings/encodings")?;
    let (vocab, _) = dims2("decoder/embeddings/weight")?;
    let n_mels = match var("encoder/conv1/weight")?.shape[..] {
        [_, mels, _] => mels,
        ref s => return Err(bad(format!("encoder/conv1/weight has shape {s:?}"))),
    };
    let (n_audio_layer, n_text_layer) = (
        count_layers(index, "encoder"),
        count_layers(index, "decoder"),
    );
    let hp = Hparams {
        n_vocab: as_i32(vocab)?,
        n_audio_ctx: as_i32(audio_ctx)?,
        n_audio_state: as_i32(audio_state)?,
        n_audio_head: i32::try_from(heads("encoder/num_heads")?).unwrap_or(0),
        n_audio_layer: n_audio_layer as i32,
        n_text_ctx: as_i32(text_ctx)?,
        n_text_state: as_i32(text_state)?,
        n_text_head: i32::try_from(heads("decoder/num_heads")?).unwrap_or(0),
        n_text_layer: n_text_layer as i32,
        n_mels: as_i32(n_mels)?,
        ftype: GgmlType::F16 as i32,
    };
    hp.check()?;

    let mut tensors = Vec::new();
    for from in tensor_map(n_audio_layer, n_text_layer) {
        let v = var(&from.source)?;
        if !matches!(v.dtype, Ct2Type::F32 | Ct2Type::F16 | Ct2Type::Bf16) {
            return Err(bad(format!(
                "{} is stored as {:?}; quantised CTranslate2 models cannot be \
                 converted, only float16, bfloat16 or float32 ones",
                from.source, v.dtype
            )));
        }
        let mut shape = v.shape.clone();
        match shape.first_mut() {
            Some(rows) if *rows % from.parts == 0 => *rows /= from.parts,
            _ => {
                return Err(bad(format!(
                    "{} has shape {:?}, which does not split into {}",
                    from.source, v.shape, from.parts
                )));
            }
        }
        // The conv biases are [n] in CTranslate2 and [n, 1] in whisper.cpp.
        if is_conv_bias(&from.name) {
            shape.push(1);
        }
        let dims: Vec<u64> = shape.into_iter().rev().collect();
        let ggml_type = ggml_type_for(&from.name, dims.len());
        tensors.push(Tensor {
            from,
            dims,
            ggml_type,
        });
    }
    Ok((hp, tensors))
}

// ---------------------------------------------------------------------------
// Writing

/// Converts the CTranslate2 Whisper folder `dir` into a ggml file written to
/// `out`, reading one bounded chunk of one tensor at a time.
pub fn convert(dir: &Path, out: impl Write) -> Result<Hparams, ConvertError> {
    let model_path = dir.join("model.bin");
    let mut model = File::open(&model_path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            ConvertError::from(bad("the folder has no model.bin"))
        } else {
            e.into()
        }
    })?;
    let index = read_ct2_index(&mut model)?;
    let (hp, tensors) = plan(&index)?;
    let vocab = vocab_bytes(&read_tokens(dir)?)?;

    let mut out = BufWriter::with_capacity(1 << 16, out);
    hp.write(&mut out)?;
    let n_fft = 400;
    out.write_all(&hp.n_mels.to_le_bytes())?;
    out.write_all(&(n_fft as i32 / 2 + 1).to_le_bytes())?;
    for w in mel_filters(16_000.0, n_fft, hp.n_mels as usize) {
        out.write_all(&w.to_le_bytes())?;
    }
    out.write_all(&(vocab.len() as i32).to_le_bytes())?;
    for token in &vocab {
        out.write_all(&(token.len() as u32).to_le_bytes())?;
        out.write_all(token)?;
    }
    for t in &tensors {
        write_tensor(&mut model, &index.vars[&t.from.source], t, &mut out)?;
    }
    out.flush()?;
    Ok(hp)
}

/// Writes one tensor's header, then its data converted chunk by chunk.
fn write_tensor(
    model: &mut File,
    var: &Variable,
    t: &Tensor,
    out: &mut impl Write,
) -> Result<(), ConvertError> {
    let name = t.from.name.as_bytes();
    for v in [t.dims.len() as i32, name.len() as i32, t.ggml_type as i32] {
        out.write_all(&v.to_le_bytes())?;
    }
    for &d in &t.dims {
        out.write_all(&(d as i32).to_le_bytes())?;
    }
    out.write_all(name)?;

    let elements = var.elements() / t.from.parts;
    let size = var.dtype.size();
    model.seek(SeekFrom::Start(var.offset + t.from.part * elements * size))?;
    let mut buf = vec![0u8; 1 << 15];
    let mut converted = Vec::with_capacity(buf.len() * 2);
    let mut left = elements * size;
    while left > 0 {
        let n = buf.len().min(left as usize);
        model.read_exact(&mut buf[..n])?;
        left -= n as u64;
        converted.clear();
        for e in buf[..n].chunks_exact(size as usize) {
            let x = match var.dtype {
                Ct2Type::F16 if t.ggml_type == GgmlType::F16 => {
                    converted.extend_from_slice(e);
                    continue;
                }
                Ct2Type::F16 => f16::from_le_bytes([e[0], e[1]]).to_f32(),
                Ct2Type::Bf16 => bf16::from_le_bytes([e[0], e[1]]).to_f32(),
                _ => f32::from_le_bytes([e[0], e[1], e[2], e[3]]),
            };
            match t.ggml_type {
                GgmlType::F32 => converted.extend_from_slice(&x.to_le_bytes()),
                GgmlType::F16 => converted.extend_from_slice(&f16::from_f32(x).to_le_bytes()),
            }
        }
        out.write_all(&converted)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// Entries of Whisper's own `mel_filters.npz` (`mel_80`, 80 × 201), as
    /// (row, column, weight): the first and last filters whole, and one from
    /// the middle of the logarithmic part.
    const WHISPER_MEL_80: &[(usize, usize, f32)] = &[
        (0, 1, 0.024_862_595),
        (1, 1, 0.001_990_822),
        (1, 2, 0.022_871_772),
        (40, 42, 0.005_411_105),
        (40, 43, 0.014_735_566),
        (40, 44, 0.006_518_19),
        (79, 186, 0.000_366_741_67),
        (79, 192, 0.003_164_711_9),
        (79, 193, 0.003_141_313_3),
        (79, 199, 0.000_448_759),
    ];

    #[test]
    fn mel_filters_match_whispers_own_bank() {
        let m = mel_filters(16_000.0, 400, 80);
        assert_eq!(m.len(), 80 * 201);
        for &(row, col, want) in WHISPER_MEL_80 {
            let got = m[row * 201 + col];
            assert!(
                (got - want).abs() < 1e-6 * want.max(1e-3),
                "[{row}][{col}]: {got} vs {want}"
            );
        }
        // Rows 0 and 1 have one and two non-zero weights; the last filter spans 186..=199.
        let nonzero =
            |row: usize| -> Vec<usize> { (0..201).filter(|&c| m[row * 201 + c] != 0.0).collect() };
        assert_eq!(nonzero(0), [1]);
        assert_eq!(nonzero(1), [1, 2]);
        assert_eq!(nonzero(79), (186..=199).collect::<Vec<_>>());
        let total: f64 = m.iter().map(|&w| f64::from(w)).sum();
        assert!((total - 1.999_024_092).abs() < 1e-5, "sum {total}");
    }

    #[test]
    fn byte_level_tokens_decode_to_their_bytes() {
        // Printable ASCII stands for itself; Ġ (U+0120) is the space byte,
        // Ċ (U+010A) the newline; U+0100 is byte 0 and U+0143 byte 0xAD.
        let cases: &[(&str, &[u8])] = &[
            ("Hello", b"Hello"),
            ("\u{120}world", b" world"),
            ("\u{10a}", b"\n"),
            ("\u{100}", &[0]),
            ("\u{143}", &[0xad]),
            ("\u{e9}", &[0xe9]),
            ("Ã©", "é".as_bytes()),
        ];
        for (token, bytes) in cases {
            assert_eq!(bpe_bytes(token).as_deref(), Some(*bytes), "{token:?}");
        }
        // A space or a character beyond the 256 used is not byte-level BPE.
        assert_eq!(bpe_bytes("a b"), None);
        assert_eq!(bpe_bytes("\u{144}"), None);
    }

    #[test]
    fn vocabulary_stops_before_the_special_tokens() {
        let json = r#"{"added_tokens": [{"id": 3, "content": "<|endoftext|>"},
            {"id": 4, "content": "<|startoftranscript|>"}],
            "model": {"type": "BPE", "vocab": {"a": 0, "\u0120b": 1, "cd": 2, "<|endoftext|>": 3}}}"#;
        let tokens = tokens_from_tokenizer_json(json).unwrap();
        assert_eq!(
            tokens,
            [
                "a",
                "\u{120}b",
                "cd",
                "<|endoftext|>",
                "<|startoftranscript|>"
            ]
        );
        let bytes = vocab_bytes(&tokens).unwrap();
        assert_eq!(bytes, [b"a".to_vec(), b" b".to_vec(), b"cd".to_vec()]);

        let gap = r#"{"model": {"vocab": {"a": 0, "b": 2}}}"#;
        let err = tokens_from_tokenizer_json(gap).unwrap_err();
        assert_eq!(err.to_string(), "tokenizer.json has no token with id 1");
    }

    #[test]
    fn fused_attention_is_split_into_whispers_names() {
        let m = tensor_map(1, 1);
        let find = |name: &str| {
            m.iter()
                .find(|t| t.name == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        let at = |name: &str| {
            (
                find(name).source.as_str(),
                find(name).part,
                find(name).parts,
            )
        };
        let qkv = "encoder/layer_0/self_attention/linear_0/weight";
        assert_eq!(at("encoder.blocks.0.attn.query.weight"), (qkv, 0, 3));
        assert_eq!(at("encoder.blocks.0.attn.key.weight"), (qkv, 1, 3));
        assert_eq!(at("encoder.blocks.0.attn.value.weight"), (qkv, 2, 3));
        let qkv_b = "encoder/layer_0/self_attention/linear_0/bias";
        assert_eq!(at("encoder.blocks.0.attn.value.bias"), (qkv_b, 2, 3));
        let kv = "decoder/layer_0/attention/linear_1/weight";
        assert_eq!(at("decoder.blocks.0.cross_attn.key.weight"), (kv, 0, 2));
        assert_eq!(at("decoder.blocks.0.cross_attn.value.weight"), (kv, 1, 2));
        assert_eq!(
            at("decoder.blocks.0.cross_attn.query.weight").0,
            "decoder/layer_0/attention/linear_0/weight"
        );
        assert_eq!(
            at("decoder.blocks.0.cross_attn.out.bias").0,
            "decoder/layer_0/attention/linear_2/bias"
        );
        assert_eq!(
            at("decoder.blocks.0.cross_attn_ln.weight").0,
            "decoder/layer_0/attention/layer_norm/gamma"
        );
        assert_eq!(
            at("decoder.blocks.0.mlp.2.weight").0,
            "decoder/layer_0/ffn/linear_1/weight"
        );
        assert_eq!(at("encoder.ln_post.bias").0, "encoder/layer_norm/beta");
        // whisper.cpp's loader wants exactly its tensors: 10 + 15 + 15 a
        // layer of each ... minus none, and no key bias.
        assert!(m.iter().all(|t| !t.name.ends_with("key.bias")));
        assert_eq!(tensor_map(4, 4).len(), 7 + 15 * 4 + 4 + 24 * 4);
        // Names are unique.
        let mut names: Vec<_> = tensor_map(4, 4).into_iter().map(|t| t.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 7 + 15 * 4 + 4 + 24 * 4);
    }

    #[test]
    fn small_tensors_stay_f32_as_whisper_cpp_expects() {
        assert_eq!(
            ggml_type_for("encoder.blocks.0.attn.query.bias", 1),
            GgmlType::F32
        );
        assert_eq!(ggml_type_for("encoder.conv1.bias", 2), GgmlType::F32);
        assert_eq!(
            ggml_type_for("decoder.positional_embedding", 2),
            GgmlType::F32
        );
        assert_eq!(ggml_type_for("encoder.conv1.weight", 3), GgmlType::F16);
        assert_eq!(
            ggml_type_for("decoder.token_embedding.weight", 2),
            GgmlType::F16
        );
    }

    /// A `model.bin` written as CTranslate2 writes it.
    fn model_bin(vars: &[(&str, &[u32], u8, &[u8])], aliases: &[(&str, &str)]) -> Vec<u8> {
        let mut b = Vec::new();
        let string = |b: &mut Vec<u8>, s: &str| {
            b.extend_from_slice(&(s.len() as u16 + 1).to_le_bytes());
            b.extend_from_slice(s.as_bytes());
            b.push(0);
        };
        b.extend_from_slice(&6u32.to_le_bytes());
        string(&mut b, "WhisperSpec");
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(&(vars.len() as u32).to_le_bytes());
        for (name, shape, dtype, data) in vars {
            string(&mut b, name);
            b.push(shape.len() as u8);
            for d in *shape {
                b.extend_from_slice(&d.to_le_bytes());
            }
            b.push(*dtype);
            b.extend_from_slice(&(data.len() as u32).to_le_bytes());
            b.extend_from_slice(data);
        }
        b.extend_from_slice(&(aliases.len() as u32).to_le_bytes());
        for (alias, target) in aliases {
            string(&mut b, alias);
            string(&mut b, target);
        }
        b
    }

    #[test]
    fn model_bin_index_has_shapes_offsets_scalars_and_aliases() {
        let weight: Vec<u8> = (0..12).collect();
        let bin = model_bin(
            &[
                ("decoder/num_heads", &[], 2, &6i16.to_le_bytes()),
                ("decoder/embeddings/weight", &[3, 2], 4, &weight),
            ],
            &[("decoder/projection/weight", "decoder/embeddings/weight")],
        );
        let index = read_ct2_index(&mut Cursor::new(&bin)).unwrap();
        assert_eq!((index.spec.as_str(), index.revision), ("WhisperSpec", 3));
        assert_eq!(index.vars["decoder/num_heads"].scalar, Some(6));
        let w = &index.vars["decoder/embeddings/weight"];
        assert_eq!(
            (w.shape.as_slice(), w.dtype),
            (&[3u64, 2][..], Ct2Type::F16)
        );
        assert_eq!(&bin[w.offset as usize..][..12], &weight[..]);
        assert_eq!(index.vars["decoder/projection/weight"], *w);
    }

    #[test]
    fn model_bin_that_lies_about_its_sizes_is_refused() {
        let message = |bin: &[u8]| match read_ct2_index(&mut Cursor::new(bin)) {
            Err(ConvertError::Bad(e)) => e.to_string(),
            other => panic!("{other:?}"),
        };
        let bin = model_bin(&[("w", &[3, 2], 4, &[0; 10])], &[]);
        assert_eq!(
            message(&bin),
            "variable w says 10 bytes, which its shape [3, 2] or the file's length does not match"
        );
        let bin = model_bin(&[("w", &[2], 4, &[0; 4])], &[]);
        assert_eq!(
            message(&bin[..bin.len() - 7]),
            "variable w says 4 bytes, which its shape [2] or the file's length does not match"
        );
        assert_eq!(
            message(&bin[..bin.len() - 2]),
            "model.bin ends in the middle of its aliases"
        );
        assert_eq!(
            message(&bin[..9]),
            "model.bin ends in the middle of its header"
        );
        let bin = model_bin(&[], &[("a", "missing")]);
        assert_eq!(
            message(&bin),
            "alias a names missing, which is not in model.bin"
        );
        let mut bin = model_bin(&[], &[]);
        bin[0] = 2;
        assert_eq!(
            message(&bin),
            "model.bin is CTranslate2 binary version 2; versions 4 to 6 are read"
        );
    }

    #[test]
    fn hparams_name_the_model_and_refuse_nonsense() {
        let tiny_en = Hparams {
            n_vocab: 51_864,
            n_audio_ctx: 1500,
            n_audio_state: 384,
            n_audio_head: 6,
            n_audio_layer: 4,
            n_text_ctx: 448,
            n_text_state: 384,
            n_text_head: 6,
            n_text_layer: 4,
            n_mels: 80,
            ftype: 1,
        };
        assert_eq!(tiny_en.kind().as_deref(), Some("tiny.en"));
        let mut bytes = Vec::new();
        tiny_en.write(&mut bytes).unwrap();
        assert_eq!(
            Hparams::read_ggml(&mut Cursor::new(&bytes)).unwrap(),
            tiny_en
        );
        let large_v3 = Hparams {
            n_vocab: 51_866,
            n_audio_layer: 32,
            n_text_layer: 32,
            n_mels: 128,
            ..tiny_en
        };
        assert_eq!(large_v3.kind().as_deref(), Some("large-v3"));
        let odd_heads = Hparams {
            n_audio_head: 5,
            ..tiny_en
        };
        assert!(odd_heads.check().is_err());
        assert_eq!(
            Hparams::read_ggml(&mut Cursor::new(b"GGUF0000"))
                .unwrap_err()
                .to_string(),
            "it does not start with whisper.cpp's `ggml` magic number"
        );
        assert_eq!(
            Hparams::read_ggml(&mut Cursor::new(&bytes[..20]))
                .unwrap_err()
                .to_string(),
            "the file ends before its hyper-parameters"
        );
    }
}
