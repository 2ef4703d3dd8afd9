//! Word and character n-grams, generated exactly as scikit-learn's `_word_ngrams`,
//! `_char_ngrams` and `_char_wb_ngrams` generate them (same features, same multiplicities).

use crate::text::char_tables::CharTables;

/// Emits the word n-grams of `tokens` for every n in `min_n..=max_n`, joined by single spaces.
/// `joined` is scratch space reused between calls.
pub fn word_ngrams(
    tokens: &[&str],
    (min_n, max_n): (usize, usize),
    joined: &mut String,
    emit: &mut impl FnMut(&str),
) {
    if max_n == 1 {
        // scikit-learn returns the tokens untouched when the upper bound is 1.
        tokens.iter().for_each(|t| emit(t));
        return;
    }
    let mut min_n = min_n;
    if min_n == 1 {
        tokens.iter().for_each(|t| emit(t));
        min_n = 2;
    }
    for n in min_n..=max_n.min(tokens.len()) {
        for window in tokens.windows(n) {
            joined.clear();
            for (i, token) in window.iter().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                joined.push_str(token);
            }
            emit(joined);
        }
    }
}

/// Replaces every run of two or more Python-whitespace chars with one space (scikit-learn's
/// `re.sub(r"\s\s+", " ", text)`), writing into `out`.
pub fn collapse_whitespace(text: &str, tables: &CharTables, out: &mut String) {
    out.clear();
    let mut pending_space: Option<char> = None;
    let mut run = 0;
    for c in text.chars() {
        if tables.is_space(c) {
            run += 1;
            pending_space = Some(c);
            continue;
        }
        flush_space(out, &mut pending_space, run);
        run = 0;
        out.push(c);
    }
    flush_space(out, &mut pending_space, run);
}

fn flush_space(out: &mut String, pending: &mut Option<char>, run: usize) {
    if let Some(space) = pending.take() {
        out.push(if run >= 2 { ' ' } else { space });
    }
}

/// Byte offsets of every char start in `text`, plus `text.len()`.
fn char_bounds(text: &str, bounds: &mut Vec<usize>) {
    bounds.clear();
    bounds.extend(text.char_indices().map(|(i, _)| i));
    bounds.push(text.len());
}

/// The `(start, end)` char-index windows of scikit-learn's `_char_ngrams` over a text of
/// `length` chars, in its order: every char when `min_n` is 1, then each n-gram length in turn.
pub fn char_ngram_windows(
    length: usize,
    (min_n, max_n): (usize, usize),
    window: &mut impl FnMut(usize, usize),
) {
    let mut min_n = min_n;
    if min_n == 1 {
        for i in 0..length {
            window(i, i + 1);
        }
        min_n = 2;
    }
    for n in min_n..=max_n.min(length) {
        for i in 0..=(length - n) {
            window(i, i + n);
        }
    }
}

/// The windows of scikit-learn's `_char_wb_ngrams` over one padded word of `length` chars: a
/// word shorter than n is counted once, and longer n-grams are then skipped.
pub fn char_wb_windows(
    length: usize,
    (min_n, max_n): (usize, usize),
    window: &mut impl FnMut(usize, usize),
) {
    for n in min_n..=max_n {
        let mut offset = 0;
        window(offset, (offset + n).min(length));
        while offset + n < length {
            offset += 1;
            window(offset, (offset + n).min(length));
        }
        if offset == 0 {
            break;
        }
    }
}

/// scikit-learn's `_char_ngrams` on already-collapsed text.
pub fn char_ngrams(
    text: &str,
    ngram_range: (usize, usize),
    bounds: &mut Vec<usize>,
    emit: &mut impl FnMut(&str),
) {
    char_bounds(text, bounds);
    let length = bounds.len() - 1;
    char_ngram_windows(length, ngram_range, &mut |i, j| {
        emit(&text[bounds[i]..bounds[j]])
    });
}

/// scikit-learn's `_char_wb_ngrams` on already-collapsed text: n-grams inside each
/// whitespace-separated word padded with one space on each side.
pub fn char_wb_ngrams(
    text: &str,
    ngram_range: (usize, usize),
    tables: &CharTables,
    padded: &mut String,
    bounds: &mut Vec<usize>,
    emit: &mut impl FnMut(&str),
) {
    for word in text
        .split(|c: char| tables.is_space(c))
        .filter(|w| !w.is_empty())
    {
        padded.clear();
        padded.push(' ');
        padded.push_str(word);
        padded.push(' ');
        char_bounds(padded, bounds);
        let length = bounds.len() - 1;
        char_wb_windows(length, ngram_range, &mut |i, j| {
            emit(&padded[bounds[i]..bounds[j]])
        });
    }
}

/// A char of normalised text with the code-point span of the original text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocatedChar {
    /// The normalised char.
    pub char: char,
    /// Where its source starts in the original text (code points).
    pub start: usize,
    /// Where its source ends in the original text (code points, exclusive).
    pub end: usize,
}

/// [`collapse_whitespace`] over located chars: a collapsed run spans all of its chars.
pub fn collapse_whitespace_located(chars: &[LocatedChar], tables: &CharTables) -> Vec<LocatedChar> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !tables.is_space(c.char) {
            out.push(c);
            i += 1;
            continue;
        }
        let run_end = chars[i..]
            .iter()
            .position(|c| !tables.is_space(c.char))
            .map_or(chars.len(), |offset| i + offset);
        if run_end - i >= 2 {
            out.push(LocatedChar {
                char: ' ',
                start: c.start,
                end: chars[run_end - 1].end,
            });
        } else {
            out.push(c);
        }
        i = run_end;
    }
    out
}

/// The char n-grams ([`char_ngrams`], or [`char_wb_ngrams`] when `word_bounded`) of collapsed
/// located text, each with its span: from its first char's start to its last char's end. The
/// padding spaces of a word are empty spans at its edges.
pub fn located_char_ngrams(
    chars: &[LocatedChar],
    ngram_range: (usize, usize),
    word_bounded: bool,
    tables: &CharTables,
    emit: &mut impl FnMut(String, usize, usize),
) {
    let mut emit_window = |chars: &[LocatedChar], i: usize, j: usize| {
        let text: String = chars[i..j].iter().map(|c| c.char).collect();
        emit(text, chars[i].start, chars[j - 1].end);
    };
    if !word_bounded {
        char_ngram_windows(chars.len(), ngram_range, &mut |i, j| {
            emit_window(chars, i, j)
        });
        return;
    }
    let mut padded = Vec::new();
    for word in chars
        .split(|c| tables.is_space(c.char))
        .filter(|w| !w.is_empty())
    {
        let (first, last) = (word[0], word[word.len() - 1]);
        padded.clear();
        padded.push(LocatedChar {
            char: ' ',
            start: first.start,
            end: first.start,
        });
        padded.extend_from_slice(word);
        padded.push(LocatedChar {
            char: ' ',
            start: last.end,
            end: last.end,
        });
        char_wb_windows(padded.len(), ngram_range, &mut |i, j| {
            emit_window(&padded, i, j)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::char_tables::current;

    fn collect(f: impl FnOnce(&mut dyn FnMut(&str))) -> Vec<String> {
        let mut out = Vec::new();
        f(&mut |s: &str| out.push(s.to_string()));
        out
    }

    #[test]
    fn word_ngrams_match_scikit_learn() {
        let tokens = ["a", "b", "c"];
        let mut buf = String::new();
        let got = collect(|e| word_ngrams(&tokens, (1, 2), &mut buf, &mut |s| e(s)));
        assert_eq!(got, ["a", "b", "c", "a b", "b c"]);
        let got = collect(|e| word_ngrams(&tokens, (3, 5), &mut buf, &mut |s| e(s)));
        assert_eq!(got, ["a b c"]);
        let got = collect(|e| word_ngrams(&[], (1, 3), &mut buf, &mut |s| e(s)));
        assert!(got.is_empty());
    }

    #[test]
    fn whitespace_runs_collapse_but_single_tabs_stay() {
        let mut out = String::new();
        collapse_whitespace("a\tb  c\n\n d ", &current(), &mut out);
        assert_eq!(out, "a\tb c d ");
    }

    #[test]
    fn char_ngrams_match_scikit_learn() {
        let mut bounds = Vec::new();
        let got = collect(|e| char_ngrams("abc", (1, 2), &mut bounds, &mut |s| e(s)));
        assert_eq!(got, ["a", "b", "c", "ab", "bc"]);
        let got = collect(|e| char_ngrams("ab", (3, 4), &mut bounds, &mut |s| e(s)));
        assert!(got.is_empty());
    }

    #[test]
    fn char_wb_ngrams_match_scikit_learn() {
        let mut bounds = Vec::new();
        let mut padded = String::new();
        let tables = current();
        let got = collect(|e| {
            char_wb_ngrams(
                "ab c",
                (2, 3),
                &tables,
                &mut padded,
                &mut bounds,
                &mut |s| e(s),
            )
        });
        // sklearn: [' a', 'ab', 'b ', ' ab', 'ab ', ' c', 'c ', ' c ']
        assert_eq!(got, [" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "]);
        let got = collect(|e| {
            char_wb_ngrams("a", (4, 5), &tables, &mut padded, &mut bounds, &mut |s| {
                e(s)
            })
        });
        assert_eq!(got, [" a "]);
    }
}
