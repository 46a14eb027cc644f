//! Filled pauses ("um", "uh", "er", "erm") found in the voice features of
//! [`super::voice`]: sustained voiced stretches of one syllable whose pitch,
//! spectrum and level hold steady and that do not run on into the next
//! syllable. docs/analysis.md says how well this works.

use super::voice::{VoiceFrame, VoiceTrack};
use std::time::Duration;

/// A filled pause is voiced at least this periodic throughout …
const FILLER_VOICING: f32 = 0.6;
/// … its pitch moves less than this from frame to frame (octaves) …
const FILLER_PITCH_STEP: f32 = 0.06;
/// … its spectral shape less than this …
const FILLER_TILT_STEP: f32 = 0.04;
/// … and its level less than this (dB), …
const FILLER_LEVEL_STEP: f32 = 1.5;
/// … for this long (and no longer than `FILLER_MAX`).
const FILLER_MIN: Duration = Duration::from_millis(300);
const FILLER_MAX: Duration = Duration::from_millis(2000);
/// Over the whole filled pause, the pitch stays within this of its median
/// (octaves, about two semitones) …
const FILLER_PITCH_RANGE: f32 = 0.16;
/// … and this share of its frames are steady.
const FILLER_STEADY_SHARE: f32 = 0.85;
/// Unsteady frames forgiven inside a filled pause (the turn from vowel to "m").
const FILLER_GLITCH: usize = 3;
/// A dip this deep (dB) inside a held sound, with a rise as high after it,
/// makes it two syllables, and a rise this high just after it a syllable
/// that follows: a syllable nucleus stands 2 dB above its dip (`pace`), and
/// a held sound wavers by about 1 dB.
const FILLER_DIP_DB: f32 = 3.0;
/// Frames after a filled pause in which a louder sound, or one rising
/// `FILLER_DIP_DB` out of a dip, means it was a word.
const FILLER_RUN_ON: usize = 10;

/// How far apart two pitches are in octaves, forgiving whole octaves: an
/// autocorrelation pitch tracker now and then takes twice the period.
fn octave_folded(a: f32, b: f32) -> f32 {
    let d = (a.max(1.0) / b.max(1.0)).log2();
    (d - d.round()).abs()
}

fn median_pitch(frames: &[VoiceFrame]) -> f32 {
    let mut p: Vec<f32> = frames.iter().map(|f| f.pitch_hz).collect();
    p.sort_by(f32::total_cmp);
    p.get(p.len() / 2).copied().unwrap_or(0.0)
}

/// Filled pauses as frame ranges: voiced stretches of one syllable whose
/// pitch, spectrum and level hold steady for 300 ms to 2 s, that do not run
/// on into a syllable.
pub(super) fn filled_pauses(
    frame: Duration,
    v: &VoiceTrack,
    segments: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let n = v.level.len();
    let frames_in = |d: Duration| (d.as_nanos() / frame.as_nanos().max(1)) as usize;
    let (min_len, max_len) = (frames_in(FILLER_MIN), frames_in(FILLER_MAX));
    let mut in_speech = vec![false; n];
    for &(s, e) in segments {
        in_speech[s.min(n)..e.min(n)].fill(true);
    }
    let steady_at = |i: usize| -> bool {
        if i == 0 || i >= n || !in_speech[i] {
            return false;
        }
        let (a, b) = (&v.frames[i - 1], &v.frames[i]);
        // The logarithm last: most frames fail a cheaper test first.
        a.voicing >= FILLER_VOICING
            && b.voicing >= FILLER_VOICING
            && v.level[i] >= v.floor
            && (b.tilt - a.tilt).abs() < FILLER_TILT_STEP
            && (v.level[i] - v.level[i - 1]).abs() < FILLER_LEVEL_STEP
            && octave_folded(b.pitch_hz, a.pitch_hz) < FILLER_PITCH_STEP
    };
    let steady_mask: Vec<bool> = (0..n).map(steady_at).collect();
    let steady = |i: usize| i < n && steady_mask[i];
    // Steady runs, a glitch of up to `FILLER_GLITCH` frames forgiven.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if !steady(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < n {
            if steady(i) {
                i += 1;
                end = i;
            } else if (i..(i + FILLER_GLITCH + 1).min(n)).any(&steady) {
                i += 1;
            } else {
                break;
            }
        }
        runs.push((start, end));
    }
    let mut out = Vec::new();
    for (start, end) in runs {
        // The window is 40 ms long and ends with the frame: the sound began
        // about two frames before the first steady one (but not before the
        // speech it is part of).
        let start = (start.saturating_sub(2)..start)
            .find(|&i| in_speech[i])
            .unwrap_or(start);
        let len = end - start;
        if len < min_len || len > max_len {
            continue;
        }
        // A long vowel in a word runs on into the next syllable: louder, or
        // rising out of a dip as a syllable does. A filled pause fades or stops.
        let after = &v.level[end.min(n)..(end + FILLER_RUN_ON).min(n)];
        let held = v.level[start..end].iter().copied().fold(f32::MIN, f32::max);
        let mut dip = f32::MAX;
        let runs_on = after.iter().any(|&l| {
            dip = dip.min(l);
            l > held || (l >= v.floor && l - dip >= FILLER_DIP_DB)
        });
        if runs_on {
            continue;
        }
        let sound = &v.frames[(start + 2).min(end)..end];
        let median = median_pitch(sound);
        let held_pitch = sound
            .iter()
            .filter(|f| octave_folded(f.pitch_hz, median) < FILLER_PITCH_RANGE)
            .count();
        let steady_frames = ((start + 2).min(end)..end).filter(|&i| steady(i)).count();
        if (held_pitch as f32) < FILLER_STEADY_SHARE * sound.len() as f32
            || (steady_frames as f32) < FILLER_STEADY_SHARE * sound.len() as f32
        {
            continue;
        }
        // Held, not gliding: the pitch of its first third is within the same
        // two semitones of its last third (a phrase's last vowel falls).
        let k = sound.len() / 3;
        let (first, last) = (&sound[..k], &sound[sound.len() - k..]);
        if octave_folded(median_pitch(first), median_pitch(last)) >= FILLER_PITCH_RANGE {
            continue;
        }
        // One syllable: its level does not fall and rise again (two vowels
        // of a word, "ear-ly", held at one pitch).
        let body = &v.level[(start + 2).min(end)..end];
        let two_syllables = (1..body.len()).any(|k| {
            let top = |part: &[f32]| part.iter().copied().fold(f32::MIN, f32::max);
            top(&body[..k]) - body[k] >= FILLER_DIP_DB
                && top(&body[k + 1..]) - body[k] >= FILLER_DIP_DB
        });
        if two_syllables {
            continue;
        }
        out.push((start, end));
    }
    out
}
