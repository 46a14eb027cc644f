//! Speaking rate from the audio alone: syllable nuclei (peaks of the level
//! under 2 kHz that stand out from their surroundings and are voiced, after
//! de Jong & Wempe 2009) counted over the speaking time, as syllables a
//! second and words a minute; the pace band a speaker aims for. docs/analysis.md
//! says how the figures are measured and how accurate they are.

use super::envelope::Envelope;
use super::fillers::filled_pauses;
use super::frames::CHUNK;
use super::level::{Histogram, MAX_DB, SPEECH_PERCENTILE};
use super::voice::{VoiceTrack, smoothed};
use crate::session::analysis::{Analysis, Span};
use std::time::Duration;

/// Counts the syllable nuclei and finds the filled pauses in the speech
/// `segments` (frame ranges) of `env`, and fills in the rates of `analysis`.
///
/// The frames are read back a block at a time (see [`blocks`]), twice: once
/// for the level the nuclei must reach, once to find them and the fillers.
pub(super) fn measure(env: &Envelope, segments: &[(usize, usize)], analysis: &mut Analysis) {
    measure_in(env, &blocks(segments, env.frames.len()), analysis);
}

/// [`measure`] over the speech in `blocks`.
pub(super) fn measure_in(env: &Envelope, blocks: &[Block], analysis: &mut Analysis) {
    let (mut levels, mut frames) = (Vec::new(), Vec::new());
    let mut hist = Histogram::default();
    for b in blocks {
        env.frames
            .read(b.frames.clone(), &mut levels, Some(&mut frames));
        let level = smoothed(&frames);
        for &(s, e) in &b.segments {
            level[s.min(level.len())..e.min(level.len())]
                .iter()
                .for_each(|&l| hist.add(l));
        }
    }
    let floor = hist
        .percentile(SPEECH_PERCENTILE)
        .map_or(MAX_DB, |p| p - NUCLEUS_BELOW_SPEECH_DB);
    let (mut nuclei, mut fillers) = (Vec::new(), Vec::new());
    for b in blocks {
        env.frames
            .read(b.frames.clone(), &mut levels, Some(&mut frames));
        let v = VoiceTrack {
            level: smoothed(&frames),
            floor,
            frames: &frames,
        };
        let found = filled_pauses(env.frame, &v, &b.segments);
        let filler_frames = |i: usize| found.iter().any(|&(s, e)| i + 2 >= s && i < e + 2);
        let at = b.frames.start;
        nuclei.extend(
            syllable_nuclei(&v, &b.segments)
                .into_iter()
                .filter(|&i| !filler_frames(i))
                .map(|i| env.time_at(at + i)),
        );
        fillers.extend(found.iter().map(|&(s, e)| env.span((at + s, at + e))));
    }
    analysis.nuclei = nuclei;
    let syllables = analysis.nuclei.len();
    set_pace(analysis, syllables as u32, fillers);
}

/// Frames a block reaches past the speech in it on each side: enough for
/// the smoothing, the nuclei's neighbours and a filler's run-on.
const MARGIN: usize = 16;

/// A stretch of frames read back at once, with the speech in it (frame
/// ranges from the start of the block).
pub(super) struct Block {
    pub(super) frames: std::ops::Range<usize>,
    pub(super) segments: Vec<(usize, usize)>,
}

/// The speech `segments` of `n` frames grouped into blocks of at most
/// [`CHUNK`] frames, each segment whole with [`MARGIN`] frames around it, so
/// that what is found in a block is what would be found in the whole. A
/// segment too long for a block (sound with no gap for over a minute) is cut
/// into pieces, each looked at on its own. A recording of no more than
/// [`CHUNK`] frames is one block.
fn blocks(segments: &[(usize, usize)], n: usize) -> Vec<Block> {
    if n <= CHUNK {
        let segments = segments.to_vec();
        return vec![Block {
            frames: 0..n,
            segments,
        }];
    }
    let piece = CHUNK - 2 * MARGIN;
    let pieces = segments
        .iter()
        .flat_map(|&(s, e)| (s..e).step_by(piece).map(move |a| (a, (a + piece).min(e))));
    let mut out: Vec<Block> = Vec::new();
    for (s, e) in pieces {
        let (start, end) = (s.saturating_sub(MARGIN), (e + MARGIN).min(n));
        match out.last_mut() {
            Some(b) if end - b.frames.start <= CHUNK => {
                b.segments.push((s - b.frames.start, e - b.frames.start));
                b.frames.end = end;
            }
            _ => out.push(Block {
                frames: start..end,
                segments: vec![(s - start, e - start)],
            }),
        }
    }
    out
}

/// Fills in the rates of `a` from a syllable count and filled pauses, over
/// its speech and pauses. A transcript's word timings could later give the
/// words directly (and clear fillers that overlap a word) through this too.
pub fn set_pace(a: &mut Analysis, syllables: u32, fillers: Vec<Span>) {
    a.syllables = syllables;
    let (Some(first), Some(last)) = (a.speech.first(), a.speech.last()) else {
        a.pace_time = Duration::ZERO;
        a.syllables_per_second = None;
        a.wpm = None;
        a.fillers_per_minute = None;
        a.fillers = fillers;
        return;
    };
    let span = last.end().saturating_sub(first.start);
    let paused: Duration = a.pauses.iter().map(|p| p.length).sum();
    let filled: Duration = fillers.iter().map(|f| f.length).sum();
    a.pace_time = span.saturating_sub(paused).saturating_sub(filled);
    // Under a second of speech (all of it a filler, say) has no rate.
    let secs = a.pace_time.as_secs_f64();
    let sps = (secs >= MIN_PACE_SECS).then(|| f64::from(syllables) / secs);
    a.syllables_per_second = sps.map(|r| (r * 100.0).round() / 100.0);
    a.wpm = sps.map(|r| (r * 60.0 / SYLLABLES_PER_WORD).round());
    let minutes = span.as_secs_f64() / 60.0;
    a.fillers_per_minute = Some(if minutes > 0.0 {
        (fillers.len() as f64 / minutes * 10.0).round() / 10.0
    } else {
        0.0
    });
    a.fillers = fillers;
}

/// Average syllables per English word, to turn syllables a minute into words
/// a minute (see docs/analysis.md for where it comes from).
pub const SYLLABLES_PER_WORD: f64 = 1.35;
/// Less speaking time than this (seconds) gives no rate.
const MIN_PACE_SECS: f64 = 1.0;
/// A nucleus stands this far (dB) above the dip before it (de Jong & Wempe).
const NUCLEUS_DIP_DB: f32 = 2.0;
/// Nuclei are no quieter than this below the band's speech level.
const NUCLEUS_BELOW_SPEECH_DB: f32 = 25.0;
/// A nucleus is voiced: this periodic at or next to its peak.
const NUCLEUS_VOICING: f32 = 0.5;
/// Frames of syllable nuclei in the speech: peaks of the band level that
/// stand out by a dip from the previous one and are voiced (de Jong & Wempe
/// 2009, on the band under 2 kHz instead of the full intensity).
fn syllable_nuclei(v: &VoiceTrack, segments: &[(usize, usize)]) -> Vec<usize> {
    let c = &v.level;
    let n = c.len();
    let mut nuclei = Vec::new();
    for &(s, e) in segments {
        let (s, e) = (s.min(n), e.min(n));
        let mut last: Option<usize> = None;
        let mut dip = f32::INFINITY;
        for i in s..e {
            dip = dip.min(c[i]);
            let peak = i > 0 && i + 1 < n && c[i] > c[i - 1] && c[i] >= c[i + 1];
            if !peak || c[i] < v.floor {
                continue;
            }
            let voiced = v.frames[i.saturating_sub(1)..(i + 2).min(n)]
                .iter()
                .any(|f| f.voicing >= NUCLEUS_VOICING);
            if !voiced {
                continue;
            }
            match last {
                Some(l) if c[i] - dip < NUCLEUS_DIP_DB => {
                    // Not a new syllable: the same one, peaking higher here.
                    if c[i] > c[l] {
                        *nuclei.last_mut().expect("last nucleus") = i;
                        last = Some(i);
                    }
                }
                _ => {
                    nuclei.push(i);
                    last = Some(i);
                    dip = c[i];
                }
            }
            if last == Some(i) {
                dip = c[i];
            }
        }
    }
    nuclei
}

/// Pace over part of a recording, such as one section of a talk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartPace {
    /// Syllable nuclei counted in it.
    pub syllables: usize,
    /// Its share of the whole recording's `pace_time`.
    pub pace_time: Duration,
    /// Words a minute; `None` under a second of speech, or when the
    /// syllables' times are not known (an analysis read back from disk).
    pub wpm: Option<f64>,
    /// Filled pauses that start in it.
    pub fillers: usize,
}

/// Pace within `parts` of the recording analysed as `a` (each a start and
/// an end; a section entered twice has two): the nuclei, speaking time and
/// fillers that fall in them, on the same terms as the whole.
pub fn pace_within(a: &Analysis, parts: &[(Duration, Duration)]) -> PartPace {
    let inside = |t: Duration| parts.iter().any(|&(s, e)| t >= s && t < e);
    let overlap = |s0: Duration, e0: Duration| -> Duration {
        parts
            .iter()
            .map(|&(s, e)| e.min(e0).saturating_sub(s.max(s0)))
            .sum()
    };
    let syllables = a.nuclei.iter().filter(|&&t| inside(t)).count();
    let fillers = a.fillers.iter().filter(|f| inside(f.start)).count();
    let pace_time = match (a.speech.first(), a.speech.last()) {
        (Some(first), Some(last)) => {
            let spoken = overlap(first.start, last.end());
            let paused: Duration = a.pauses.iter().map(|p| overlap(p.start, p.end())).sum();
            let filled: Duration = a.fillers.iter().map(|f| overlap(f.start, f.end())).sum();
            spoken.saturating_sub(paused).saturating_sub(filled)
        }
        _ => Duration::ZERO,
    };
    let known = a.syllables == 0 || !a.nuclei.is_empty();
    let wpm = (known && a.wpm.is_some() && pace_time >= Duration::from_secs(1))
        .then(|| (syllables as f64 / pace_time.as_secs_f64() * 60.0 / SYLLABLES_PER_WORD).round());
    PartPace {
        syllables,
        pace_time,
        wpm,
        fillers,
    }
}
