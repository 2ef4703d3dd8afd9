//! The fast tokeniser behind scikit-learn's default `token_pattern`, `(?u)\b\w\w+\b`, and its
//! relatives: a token is a maximal run of Python-`\w` characters whose length (in code points)
//! lies in `min_len..=max_len`.
//!
//! Why runs are exact: with `\b` on both sides (or an unbounded `+`), a match can neither start
//! nor end inside a run of word characters, so Python's backtracking search finds exactly the
//! maximal runs of acceptable length.

use crate::text::char_tables::CharTables;

/// Python `\w` for ASCII bytes, as a lookup table over all byte values (false for the bytes
/// of multi-byte chars, which take the slow path).
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// Runs of word characters with a length between `min_len` and `max_len` (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordRuns {
    pub min_len: usize,
    pub max_len: Option<usize>,
}

impl WordRuns {
    /// scikit-learn's default: runs of two or more word characters.
    pub const SCIKIT_LEARN_DEFAULT: WordRuns = WordRuns {
        min_len: 2,
        max_len: None,
    };

    /// Appends the byte spans of the tokens of `text` to `out`, in order.
    pub fn spans(&self, text: &str, tables: &CharTables, out: &mut Vec<(usize, usize)>) {
        let bytes = text.as_bytes();
        let length = bytes.len();
        let mut position = 0;
        // Classifies the char at `position`: (is_word, width). ASCII needs one table lookup.
        let classify = |position: usize| -> (bool, usize) {
            let byte = bytes[position];
            if byte < 0x80 {
                (ASCII_WORD[byte as usize], 1)
            } else {
                // `position` is always on a char boundary: we only advance by char widths.
                let c = text[position..].chars().next().unwrap_or('\u{fffd}');
                (tables.is_word(c), c.len_utf8())
            }
        };
        while position < length {
            // Skip separators; tight loop over ASCII non-word bytes first.
            while position < length
                && bytes[position] < 0x80
                && !ASCII_WORD[bytes[position] as usize]
            {
                position += 1;
            }
            if position >= length {
                break;
            }
            let (is_word, width) = classify(position);
            if !is_word {
                position += width;
                continue;
            }
            let start = position;
            let mut chars = 0usize;
            loop {
                // Tight loop over ASCII word bytes; chars == bytes there.
                let run_start = position;
                while position < length && ASCII_WORD[bytes[position] as usize] {
                    position += 1;
                }
                chars += position - run_start;
                if position >= length || bytes[position] < 0x80 {
                    break;
                }
                let (is_word, width) = classify(position);
                if !is_word {
                    break;
                }
                chars += 1;
                position += width;
            }
            self.close_run(start, position, chars, out);
        }
    }

    #[inline]
    fn close_run(&self, start: usize, end: usize, chars: usize, out: &mut Vec<(usize, usize)>) {
        if chars >= self.min_len && self.max_len.is_none_or(|max| chars <= max) {
            out.push((start, end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::char_tables::current;

    fn tokens(runs: WordRuns, text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        runs.spans(text, &current(), &mut spans);
        spans.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn matches_the_default_pattern() {
        let default = WordRuns::SCIKIT_LEARN_DEFAULT;
        assert_eq!(
            tokens(default, "The U.S. said a 50-minute call_2 went well."),
            ["The", "said", "50", "minute", "call_2", "went", "well"]
        );
        assert_eq!(
            tokens(default, "naïve café 中文 x"),
            ["naïve", "café", "中文"]
        );
        // A combining mark is not \w in Python, so it splits the word.
        assert_eq!(tokens(default, "cafe\u{301}s"), ["cafe"]);
        assert!(tokens(default, "").is_empty());
    }

    #[test]
    fn respects_length_bounds() {
        let short = WordRuns {
            min_len: 1,
            max_len: Some(3),
        };
        assert_eq!(tokens(short, "a bb cccc ddd"), ["a", "bb", "ddd"]);
    }
}
