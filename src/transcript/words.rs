//! From Whisper's tokens to timed words: sub-word pieces joined, what was
//! not speech (`[BLANK_AUDIO]`, `(music)`, `♪`) dropped, and words the
//! recogniser placed in silence — text invented where nobody spoke —
//! dropped too. Pure functions, so the rules are tested without a model.

use crate::session::transcript::Word;

/// What may stand in a word besides letters and digits; other symbols
/// (`♪`, `*`) are not speech.
const PUNCTUATION: &str = ".,!?;:'\"-%$&/…’“”";

/// One text token as the recogniser gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Its text; a leading space starts a new word.
    pub text: String,
    /// When it was said (DTW alignment), seconds from the start of the
    /// audio that was transcribed.
    pub at: f64,
}

/// Joins tokens into words (a token with a leading space starts a word, one
/// without continues it) and drops bracketed and parenthesised text and
/// words without a letter or digit. Each word ends at its last spoken
/// token's time
/// (the alignment reaches a token's row as the token ends, as in OpenAI's
/// word timing) and starts where the word before it ended, or at `begin`.
pub fn join(tokens: &[Token], begin: f64) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    // Bracket depth: `[BLANK_AUDIO]` and `(upbeat music)` span tokens and words.
    let mut depth = 0usize;
    let mut dropping = false;
    // A space on its own, or before a sign that is dropped (" $"), still
    // starts the next word: " for", " ", "62" is "for 62", not "for62".
    let mut spaced = false;
    for t in tokens {
        let starts_word = spaced || t.text.starts_with(' ') || words.is_empty() || dropping;
        let mut kept = String::new();
        for c in t.text.trim().chars() {
            match c {
                '[' | '(' | '{' | '<' => depth += 1,
                ']' | ')' | '}' | '>' => depth = depth.saturating_sub(1),
                _ if depth == 0 && (c.is_alphanumeric() || PUNCTUATION.contains(c)) => kept.push(c),
                // Music notes, asterisks around sound effects and the like.
                _ => {}
            }
        }
        dropping = kept.is_empty() && depth > 0;
        if kept.is_empty() {
            spaced |= t.text.starts_with(' ') || t.text.ends_with(' ');
            continue;
        }
        spaced = false;
        let has_word = kept.chars().any(char::is_alphanumeric);
        // A currency sign or an opening quote goes with the word after it.
        let opens = kept.chars().all(|c| "$£€“".contains(c));
        match words.last_mut() {
            // Punctuation on its own (" ...", " -") belongs to the word
            // before, but not its time: the alignment puts a full stop in
            // the pause after the sentence.
            Some(last) if !starts_word || (!has_word && !opens) => {
                last.text.push_str(&kept);
                if has_word {
                    last.end = last.end.max(t.at);
                }
            }
            _ => words.push(Word {
                text: kept,
                start: t.at,
                end: t.at,
            }),
        }
    }
    words.retain(|w| w.text.chars().any(char::is_alphanumeric));
    let mut before = begin;
    for w in &mut words {
        w.start = before.min(w.end);
        before = w.end;
    }
    words
}

/// Keeps the words that end in speech (`speech` as sorted `(start, end)`
/// seconds), allowing `slack` for the alignment's error, and moves each
/// word's start forward to the first speech after it (the word before may
/// have ended before a pause) and its end back to the end of the speech it
/// ends in.
pub fn within_speech(words: Vec<Word>, speech: &[(f64, f64)], slack: f64) -> Vec<Word> {
    words
        .into_iter()
        .filter_map(|mut w| {
            let i = speech.partition_point(|&(_, e)| e + slack < w.end);
            let &(s, e) = speech.get(i)?;
            if s - slack > w.end {
                return None;
            }
            let first = speech.partition_point(|&(_, e)| e <= w.start);
            if let Some(&(s, _)) = speech.get(first) {
                w.start = w.start.max(s);
            }
            w.end = w.end.min(e).max(w.start);
            Some(w)
        })
        .collect()
}

/// The transcript's text: the words joined by spaces.
pub fn text(words: &[Word]) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(list: &[(&str, f64)]) -> Vec<Token> {
        list.iter()
            .map(|&(text, at)| Token {
                text: text.to_string(),
                at,
            })
            .collect()
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn pieces_without_a_leading_space_join_the_word_before() {
        let w = join(
            &tokens(&[
                (" Um", 0.1),
                (",", 0.4),
                (" the", 0.6),
                (" clear", 0.8),
                ("est", 1.0),
                (" example", 1.2),
                (".", 1.7),
            ]),
            0.0,
        );
        assert_eq!(texts(&w), ["Um,", "the", "clearest", "example."]);
        // Each ends at its last token; each starts where the one before ended.
        let times: Vec<(f64, f64)> = w.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(times, [(0.0, 0.1), (0.1, 0.6), (0.6, 1.0), (1.0, 1.2)]);
    }

    #[test]
    fn a_space_or_a_dropped_sign_on_its_own_still_starts_the_next_word() {
        let w = join(
            &tokens(&[
                (" for", 0.1),
                (" ", 0.2),
                ("62", 0.3),
                (",000", 0.4),
                (" around", 0.5),
                (" $", 0.6),
                ("55", 0.7),
                (",000", 0.8),
            ]),
            0.0,
        );
        assert_eq!(texts(&w), ["for", "62,000", "around", "$55,000"]);
    }

    #[test]
    fn bracketed_and_musical_tokens_are_dropped() {
        let w = join(
            &tokens(&[
                (" [", 0.0),
                ("BL", 0.1),
                ("ANK", 0.2),
                ("_", 0.3),
                ("AUDIO", 0.4),
                ("]", 0.5),
                (" So", 1.0),
                (" (", 1.2),
                ("upbeat", 1.3),
                (" music", 1.4),
                (")", 1.5),
                (" yes", 2.0),
                (" ♪", 2.5),
                (" *", 2.6),
            ]),
            0.0,
        );
        assert_eq!(texts(&w), ["So", "yes"]);
        assert_eq!((w[0].end, w[1].end), (1.0, 2.0));
    }

    #[test]
    fn a_first_token_without_a_space_still_starts_a_word() {
        let w = join(&tokens(&[("I", 0.5), (" did", 0.7)]), 0.0);
        assert_eq!(texts(&w), ["I", "did"]);
        assert_eq!(text(&w), "I did");
    }

    #[test]
    fn words_in_silence_are_dropped_and_times_kept_to_the_speech() {
        let words = join(
            &tokens(&[
                (" Thank", 0.4),
                (" you", 0.8),
                (" Hello", 3.3),
                (" there", 3.9),
            ]),
            0.0,
        );
        // Speech from 3.0 to 3.8 s only: "Thank you" is invented on
        // silence; "Hello" starts with the speech, not after "you"; "there"
        // ends with it.
        let kept = within_speech(words, &[(3.0, 3.8)], 0.3);
        assert_eq!(texts(&kept), ["Hello", "there"]);
        let times: Vec<(f64, f64)> = kept.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(times, [(3.0, 3.3), (3.3, 3.8)]);
    }

    #[test]
    fn a_word_aligned_a_little_late_is_kept() {
        let words = join(&tokens(&[(" late", 1.8)]), 0.0);
        let kept = within_speech(words, &[(1.0, 1.6)], 0.3);
        assert_eq!(texts(&kept), ["late"]);
        assert_eq!((kept[0].start, kept[0].end), (1.0, 1.6));
    }
}
