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
/// without continues it), drops bracketed and parenthesised text and words
/// without a letter or digit, and times each word from its first token to
/// the next word's first token (the last word to `end`).
pub fn join(tokens: &[Token], end: f64) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    // Bracket depth: `[BLANK_AUDIO]` and `(upbeat music)` span tokens and words.
    let mut depth = 0usize;
    let mut dropping = false;
    for t in tokens {
        let starts_word = t.text.starts_with(' ') || words.is_empty() || dropping;
        let piece = t.text.trim();
        let mut kept = String::new();
        for c in piece.chars() {
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
            continue;
        }
        let has_word = kept.chars().any(char::is_alphanumeric);
        match words.last_mut() {
            // Punctuation on its own (" ...", " -") belongs to the word before.
            Some(last) if !starts_word || !has_word => last.text.push_str(&kept),
            _ => words.push(Word {
                text: kept,
                start: t.at,
                end: t.at,
            }),
        }
    }
    words.retain(|w| w.text.chars().any(char::is_alphanumeric));
    for i in 0..words.len() {
        let next = words.get(i + 1).map_or(end, |w| w.start);
        words[i].end = next.max(words[i].start);
    }
    words
}

/// Keeps the words that start in speech (`speech` as sorted `(start, end)`
/// seconds), allowing `slack` either side for the alignment's error, and
/// pulls each word's end back to the end of the speech it started in: the
/// time after a word, up to the next one, is often silence.
pub fn within_speech(words: Vec<Word>, speech: &[(f64, f64)], slack: f64) -> Vec<Word> {
    words
        .into_iter()
        .filter_map(|mut w| {
            let i = speech.partition_point(|&(_, e)| e + slack < w.start);
            let &(s, e) = speech.get(i)?;
            if s - slack > w.start {
                return None;
            }
            w.end = w.end.min(e.max(w.start));
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
            1.9,
        );
        assert_eq!(texts(&w), ["Um,", "the", "clearest", "example."]);
        let times: Vec<(f64, f64)> = w.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(times, [(0.1, 0.6), (0.6, 0.8), (0.8, 1.2), (1.2, 1.9)]);
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
            3.0,
        );
        assert_eq!(texts(&w), ["So", "yes"]);
        assert_eq!((w[0].start, w[1].start), (1.0, 2.0));
    }

    #[test]
    fn a_first_token_without_a_space_still_starts_a_word() {
        let w = join(&tokens(&[("I", 0.5), (" did", 0.7)]), 1.0);
        assert_eq!(texts(&w), ["I", "did"]);
        assert_eq!(text(&w), "I did");
    }

    #[test]
    fn words_in_silence_are_dropped_and_ends_pulled_back_to_the_speech() {
        let words = join(
            &tokens(&[
                (" Thank", 0.2),
                (" you", 0.5),
                (" Hello", 3.1),
                (" there", 3.5),
            ]),
            6.0,
        );
        // Speech from 3.0 to 4.0 s only: "Thank you" is invented on silence.
        let kept = within_speech(words, &[(3.0, 4.0)], 0.3);
        assert_eq!(texts(&kept), ["Hello", "there"]);
        assert_eq!((kept[1].start, kept[1].end), (3.5, 4.0));
    }

    #[test]
    fn a_word_timed_a_little_early_is_kept() {
        let words = join(&tokens(&[(" early", 0.8)]), 1.5);
        let kept = within_speech(words, &[(1.0, 1.6)], 0.3);
        assert_eq!(texts(&kept), ["early"]);
    }
}
