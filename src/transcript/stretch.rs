//! Where to cut an answer for the recogniser: stretches of speech, cut at
//! pauses, each short enough to be transcribed in one window and soon after
//! it ends. Only the speech the analysis found, and a little around it, is
//! ever transcribed: Whisper invents text on silence.

use crate::session::analysis::Span;
use std::time::Duration;

/// How stretches are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cuts {
    /// A silence at least this long ends a stretch that is long enough …
    pub gap: Duration,
    /// … which is this long at least (shorter ones give the recogniser too
    /// little to go on) …
    pub min: Duration,
    /// … and never longer than this: past it, the stretch is cut at the
    /// next silence between words whatever its length, and speech that
    /// runs on without one is cut here (Whisper reads 30 s at a time).
    pub max: Duration,
    /// A silence this long ends a stretch however short.
    pub pause: Duration,
    /// Audio kept either side of the speech, for quiet word edges.
    pub pad: Duration,
}

impl Default for Cuts {
    fn default() -> Cuts {
        Cuts {
            gap: Duration::from_millis(600),
            min: Duration::from_secs(4),
            max: Duration::from_secs(15),
            pause: Duration::from_millis(1500),
            pad: Duration::from_millis(200),
        }
    }
}

impl Cuts {
    /// For a recording transcribed after the fact: stretches as close to
    /// Whisper's 30 s window as the silences between words allow, which
    /// gave the fewest errors and the least work while tuning (a window's
    /// cost hardly depends on how much of it is audio).
    pub fn whole_recording() -> Cuts {
        Cuts {
            min: Duration::from_secs(28),
            max: Duration::from_secs(28),
            pause: Duration::MAX,
            ..Cuts::default()
        }
    }
}

/// A stretch of an answer to transcribe: the audio from `start` to `end`
/// and the speech inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// Where its audio starts (padding included), from the start of the recording.
    pub start: Duration,
    /// Where its audio ends.
    pub end: Duration,
    /// The speech inside it, from the start of the recording.
    pub speech: Vec<Span>,
}

/// Cuts `speech` (in order, as the analysis found it in a recording of
/// `total`) into stretches. With `more_to_come`, the recording is still
/// going: the last stretch is left out unless a long enough silence has
/// already followed it, since its speech may go on.
pub fn cut(speech: &[Span], total: Duration, cuts: &Cuts, more_to_come: bool) -> Vec<Stretch> {
    let mut groups: Vec<Vec<Span>> = Vec::new();
    for &span in speech {
        for piece in split_long(span, cuts.max) {
            match groups.last_mut() {
                Some(g) if !ends_before(g, piece, cuts) => g.push(piece),
                _ => groups.push(vec![piece]),
            }
        }
    }
    if more_to_come {
        // The silence heard after the last stretch so far must end it.
        let heard_out = |g: &Vec<Span>| {
            let end = g.last().map_or(Duration::ZERO, Span::end);
            let (gap, length) = (total.saturating_sub(end), end.saturating_sub(g[0].start));
            (gap >= cuts.gap && length >= cuts.min) || gap >= cuts.pause
        };
        if groups.last().is_some_and(|g| !heard_out(g)) {
            groups.pop();
        }
    }
    let mut out: Vec<Stretch> = Vec::with_capacity(groups.len());
    for (i, g) in groups.iter().enumerate() {
        let first = g[0].start;
        let last = g.last().map_or(first, Span::end);
        // Padding never reaches past halfway to the neighbouring speech.
        let before = i.checked_sub(1).map_or(Duration::ZERO, |j| {
            midpoint(groups[j].last().map_or(first, Span::end), first)
        });
        let after = groups
            .get(i + 1)
            .map_or(total, |n| midpoint(last, n[0].start));
        out.push(Stretch {
            start: first.saturating_sub(cuts.pad).max(before),
            end: (last + cuts.pad).min(after).min(total.max(last)),
            speech: g.clone(),
        });
    }
    out
}

/// Whether `next` starts a new stretch after `group`.
fn ends_before(group: &[Span], next: Span, cuts: &Cuts) -> bool {
    let start = group[0].start;
    let end = group.last().map_or(start, Span::end);
    let gap = next.start.saturating_sub(end);
    let length = end.saturating_sub(start);
    (gap >= cuts.gap && length >= cuts.min)
        || gap >= cuts.pause
        || next.end().saturating_sub(start) > cuts.max
}

/// A span of unbroken speech longer than `max`, in pieces no longer than it.
fn split_long(span: Span, max: Duration) -> impl Iterator<Item = Span> {
    let max = max.max(Duration::from_secs(1));
    let n = span.length.as_nanos().div_ceil(max.as_nanos()).max(1) as u32;
    let piece = span.length / n;
    (0..n).map(move |i| Span {
        start: span.start + piece * i,
        length: if i + 1 == n {
            span.length - piece * i
        } else {
            piece
        },
    })
}

fn midpoint(a: Duration, b: Duration) -> Duration {
    a + b.saturating_sub(a) / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: f64, end: f64) -> Span {
        Span {
            start: Duration::from_secs_f64(start),
            length: Duration::from_secs_f64(end - start),
        }
    }

    fn bounds(stretches: &[Stretch]) -> Vec<(f64, f64)> {
        stretches
            .iter()
            .map(|st| {
                let r = |d: Duration| (d.as_secs_f64() * 100.0).round() / 100.0;
                (r(st.start), r(st.end))
            })
            .collect()
    }

    const CUTS: Cuts = Cuts {
        gap: Duration::from_millis(600),
        min: Duration::from_secs(4),
        max: Duration::from_secs(15),
        pause: Duration::from_millis(1500),
        pad: Duration::from_millis(200),
    };

    #[test]
    fn stretches_end_at_pauses_once_long_enough() {
        // Words with short gaps, a 1 s pause after 5 s, a 0.8 s gap after
        // 2 s (too short a stretch to end), then a last phrase.
        let speech = [
            s(1.0, 3.0),
            s(3.3, 6.0),
            s(7.0, 9.0),
            s(9.8, 12.0),
            s(12.3, 13.0),
        ];
        let st = cut(&speech, Duration::from_secs(14), &CUTS, false);
        assert_eq!(bounds(&st), [(0.8, 6.2), (6.8, 13.2)]);
        assert_eq!(st[1].speech.len(), 3);
    }

    #[test]
    fn padding_stops_halfway_to_the_next_speech() {
        let speech = [s(0.1, 5.0), s(5.3, 10.0)];
        let cuts = Cuts {
            gap: Duration::from_millis(250),
            ..CUTS
        };
        let st = cut(&speech, Duration::from_secs(10), &cuts, false);
        assert_eq!(bounds(&st), [(0.0, 5.15), (5.15, 10.0)]);
    }

    #[test]
    fn no_stretch_runs_past_the_longest_allowed() {
        // Speech in 2 s bursts with 0.3 s gaps (too short to end a stretch).
        let speech: Vec<Span> = (0..20)
            .map(|i| s(i as f64 * 2.3, i as f64 * 2.3 + 2.0))
            .collect();
        let st = cut(&speech, Duration::from_secs(47), &CUTS, false);
        assert!(st.len() >= 3, "{st:?}");
        for x in &st {
            let speech = x.speech.last().unwrap().end() - x.speech[0].start;
            assert!(speech <= CUTS.max, "{:?}", bounds(&st));
        }
        let covered: usize = st.iter().map(|x| x.speech.len()).sum();
        assert_eq!(covered, 20, "every span is in one stretch");
    }

    #[test]
    fn unbroken_speech_longer_than_the_limit_is_split() {
        let st = cut(&[s(0.0, 40.0)], Duration::from_secs(40), &CUTS, false);
        assert_eq!(st.len(), 3);
        assert!(
            st.iter()
                .all(|x| x.end - x.start <= CUTS.max + CUTS.pad * 2)
        );
    }

    #[test]
    fn while_recording_the_last_stretch_waits_for_its_pause() {
        let speech = [s(1.0, 6.0), s(7.0, 12.0)];
        // 0.3 s after the last word: it may go on.
        let st = cut(&speech, Duration::from_secs_f64(12.3), &CUTS, true);
        assert_eq!(bounds(&st), [(0.8, 6.2)]);
        // 0.7 s after it: the pause has been heard.
        let st = cut(&speech, Duration::from_secs_f64(12.7), &CUTS, true);
        assert_eq!(bounds(&st), [(0.8, 6.2), (6.8, 12.2)]);
        // Too short a stretch waits for more speech, or a long pause.
        let st = cut(&[s(1.0, 2.0)], Duration::from_secs_f64(3.0), &CUTS, true);
        assert!(st.is_empty());
        let st = cut(&[s(1.0, 2.0)], Duration::from_secs_f64(3.6), &CUTS, true);
        assert_eq!(bounds(&st), [(0.8, 2.2)]);
    }

    #[test]
    fn a_long_pause_ends_even_a_short_stretch() {
        let speech = [s(1.0, 2.0), s(4.0, 9.0)];
        let st = cut(&speech, Duration::from_secs(10), &CUTS, false);
        assert_eq!(bounds(&st), [(0.8, 2.2), (3.8, 9.2)]);
    }

    #[test]
    fn nothing_said_gives_no_stretch() {
        assert!(cut(&[], Duration::from_secs(5), &CUTS, false).is_empty());
    }
}
