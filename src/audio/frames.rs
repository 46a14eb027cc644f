//! The per-frame figures of a recording (a level and a [`VoiceFrame`] every
//! 10 ms), kept so memory stays the same however long the recording: the
//! latest [`CHUNK`] frames in memory, whole chunks before them in a
//! temporary file (20 bytes a frame, 7.2 MB an hour), read back a range at a
//! time. Without a temporary file (none can be made or written) everything
//! stays in memory, as before.

use super::voice::VoiceFrame;
use std::fs::File;
use std::ops::Range;
use std::os::unix::fs::FileExt;

/// Frames held in memory, and written out at a time: 41 s of audio, 80 KiB.
pub(super) const CHUNK: usize = 4096;
/// Bytes a frame takes in the file: its level and the voice's four figures.
const FRAME_BYTES: usize = 4 + 16;

/// A recording's frames, in order.
#[derive(Debug, Default)]
pub struct Frames {
    /// Levels (dBFS) of the frames after the spilled ones.
    levels: Vec<f32>,
    /// Their voice figures.
    voice: Vec<VoiceFrame>,
    /// Whole chunks of the earliest frames: each chunk's levels, then its
    /// voice figures (so a pass over the levels reads a fifth of the file).
    spill: Option<File>,
    /// Frames in `spill`.
    spilled: usize,
    /// No temporary file could be made or written: the rest stays in memory.
    in_memory: bool,
}

impl Frames {
    /// How many frames there are.
    pub fn len(&self) -> usize {
        self.spilled + self.levels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a frame at the end.
    pub(super) fn push(&mut self, level_db: f32, voice: VoiceFrame) {
        self.levels.push(level_db);
        self.voice.push(voice);
        if self.levels.len() >= CHUNK && !self.in_memory && self.spill_chunk().is_err() {
            self.in_memory = true;
        }
    }

    /// Writes the frames in memory (one chunk) to the end of the file.
    fn spill_chunk(&mut self) -> std::io::Result<()> {
        let file = match &mut self.spill {
            Some(f) => f,
            None => self.spill.insert(tempfile::tempfile()?),
        };
        let mut bytes = Vec::with_capacity(self.levels.len() * FRAME_BYTES);
        bytes.extend(self.levels.iter().flat_map(|l| l.to_le_bytes()));
        for v in &self.voice {
            for x in [v.low_db, v.voicing, v.pitch_hz, v.tilt] {
                bytes.extend(x.to_le_bytes());
            }
        }
        file.write_all_at(&bytes, (self.spilled * FRAME_BYTES) as u64)?;
        self.spilled += self.levels.len();
        self.levels.clear();
        self.voice.clear();
        Ok(())
    }

    /// Replaces `levels` (and `voice`, when given) with the frames in `range`.
    /// A part of the file that cannot be read back reads as silence.
    pub(super) fn read(
        &self,
        range: Range<usize>,
        levels: &mut Vec<f32>,
        mut voice: Option<&mut Vec<VoiceFrame>>,
    ) {
        levels.clear();
        if let Some(v) = voice.as_deref_mut() {
            v.clear();
        }
        let end = range.end.min(self.len());
        let mut at = range.start.min(end);
        let mut bytes = Vec::new();
        while at < self.spilled.min(end) {
            let chunk = at / CHUNK;
            let (first, last) = (
                at - chunk * CHUNK,
                end.min((chunk + 1) * CHUNK) - chunk * CHUNK,
            );
            let base = (chunk * CHUNK * FRAME_BYTES) as u64;
            let floats = |bytes: &[u8]| -> Vec<f32> {
                bytes
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect()
            };
            let mut load = |offset: u64, len: usize| -> Option<Vec<f32>> {
                bytes.resize(len, 0);
                let file = self.spill.as_ref()?;
                file.read_exact_at(&mut bytes, base + offset).ok()?;
                Some(floats(&bytes))
            };
            let n = last - first;
            let got = load((first * 4) as u64, n * 4);
            levels.extend(got.unwrap_or_else(|| vec![super::level::SILENT_DB; n]));
            if let Some(v) = voice.as_deref_mut() {
                let got = load((CHUNK * 4 + first * 16) as u64, n * 16);
                match got {
                    Some(f) => v.extend(f.chunks_exact(4).map(|x| VoiceFrame {
                        low_db: x[0],
                        voicing: x[1],
                        pitch_hz: x[2],
                        tilt: x[3],
                    })),
                    None => v.extend(std::iter::repeat_n(VoiceFrame::default(), n)),
                }
            }
            at += n;
        }
        let mem = at.max(self.spilled) - self.spilled..end.max(self.spilled) - self.spilled;
        levels.extend_from_slice(&self.levels[mem.clone()]);
        if let Some(v) = voice {
            v.extend_from_slice(&self.voice[mem]);
        }
    }

    /// Calls `f` with each frame's level, in order, a chunk at a time.
    pub fn each_level(&self, mut f: impl FnMut(f32)) {
        let mut levels = Vec::new();
        for start in (0..self.len()).step_by(CHUNK) {
            self.read(start..start + CHUNK, &mut levels, None);
            levels.iter().copied().for_each(&mut f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(i: usize) -> VoiceFrame {
        VoiceFrame {
            low_db: -(i as f32),
            voicing: 0.5,
            pitch_hz: i as f32 * 2.0,
            tilt: 0.25,
        }
    }

    #[test]
    fn frames_read_back_the_same_from_memory_and_the_file_in_any_range() {
        let mut f = Frames::default();
        let n = CHUNK * 2 + 100;
        for i in 0..n {
            f.push(i as f32, voice(i));
        }
        assert_eq!((f.len(), f.spilled), (n, CHUNK * 2));
        assert_eq!(f.levels.len(), 100, "no more than a chunk in memory");
        let (mut levels, mut v) = (Vec::new(), Vec::new());
        for range in [
            0..n,
            5..CHUNK + 7,
            CHUNK - 1..CHUNK * 2 + 3,
            n - 3..n + 10,
            40..40,
        ] {
            f.read(range.clone(), &mut levels, Some(&mut v));
            let want: Vec<usize> = (range.start..range.end.min(n)).collect();
            assert_eq!(levels, want.iter().map(|&i| i as f32).collect::<Vec<_>>());
            assert_eq!(v, want.iter().map(|&i| voice(i)).collect::<Vec<_>>());
        }
        let mut all = Vec::new();
        f.each_level(|l| all.push(l));
        assert_eq!(all, (0..n).map(|i| i as f32).collect::<Vec<_>>());
    }
}
