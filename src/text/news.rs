//! The news-aware tokeniser.
//!
//! scikit-learn's default pattern `(?u)\b\w\w+\b` cuts news text at every apostrophe, hyphen
//! and period: "don't" gives "don" (and a lost "t"), "U.S." gives nothing, "240,000" gives
//! "240" and "000", "50-minute" gives "50" and "minute". This tokeniser keeps such units
//! whole. The rules, in the order they apply:
//!
//! 1. **Typography is folded first** (by the caller, with [`fold_typography`]): curly and
//!    other typographic apostrophes become `'`, typographic double quotes become `"`, and the
//!    Unicode hyphens U+2010, U+2011 and U+FF0D become `-`. Every char maps to exactly one char.
//! 2. **A token starts at a word character** (Python's `\w`: letters, digits, underscore) and
//!    runs over word characters. Combining marks (accents written as separate code points,
//!    Indic vowel signs) continue a token, so decomposed "café" and Tamil words stay whole;
//!    they never start one.
//! 3. **Hyphens join** word parts when a word character is on both sides: "build-up",
//!    "50-minute", "military-to-military", "covid-19". A doubled hyphen ("word--word") or a
//!    hyphen with a space beside it does not join.
//! 4. **Apostrophes join** likewise: "don't", "o'brien", "rock'n'roll"; except that a
//!    **possessive `'s`** at the end of a word is dropped: "russia's" gives "russia",
//!    "it's" gives "it", "o'brien's" gives "o'brien". A plural possessive ("officials'")
//!    simply loses its trailing apostrophe by rule 6.
//! 5. **Numbers** keep their digit-group commas and decimal points when a digit is on both
//!    sides: "240,000", "3.5", "1.000.000", "$4.5bn" gives "4.5bn". A period or comma
//!    followed by a space ends the number ("in 2015." gives "2015").
//! 6. **Leading and trailing hyphens and apostrophes are never part of a token** ("'90s"
//!    gives "90s", "officials'" gives "officials", "-5" gives "5").
//! 7. **Abbreviations of single letters, each followed by a period**, are one token that keeps
//!    its final period: "u.s.", "u.k.", "e.g.", "U.S.A." (at least two letter-period pairs; a
//!    last letter written without its period, "U.S.A", belongs to it too).
//!    An ordinary word followed by a sentence period does not keep the period ("said." gives
//!    "said"), and longer dotted names split at the periods ("cnn.com" gives "cnn", "com").
//! 8. **Single-character tokens are dropped unless they are digits**: "a" and "I" go, "5"
//!    stays. This mirrors scikit-learn's two-character minimum for words while keeping small
//!    numbers, which matter in news ("5 killed").
//!
//! 9. **An initialism written in capitals is its dotted abbreviation**: a standalone word of
//!    two or three capitals ("US", "UK", "EU", "FBI") becomes "u.s.", "u.k.", "e.u.", "f.b.i.",
//!    the same token as "U.S.", "U.K."..., while "us" written in lowercase stays the pronoun
//!    (a stop word). Case decides, so this rule runs while the text is normalised
//!    ([`crate::text::normalize::normalize_news_into`]); a line written in capitals is left
//!    alone ([`initialisms`] has the guards).
//!
//! Everything else (spaces, punctuation, symbols, emoji) separates tokens.

pub mod initialisms;

use unicode_normalization::char::is_combining_mark;

use crate::text::char_tables::CharTables;

/// Folds a typographic apostrophe, quote or hyphen to its ASCII form. One char maps to one
/// char, so character offsets survive folding.
///
/// * `’ ‘ ‛ ʼ ′ ＇` → `'`
/// * `“ ” „ ‟ ″ « »` → `"`
/// * `‐` (U+2010), `‑` (U+2011), `－` (U+FF0D) → `-` (dashes such as `–` and `—` are kept:
///   they separate clauses, not word parts)
pub fn fold_typography(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// Appends to `out` the byte spans `(start, end)` of the news tokens of `text` (already folded
/// with [`fold_typography`], possibly lowercased), in order. The rules are in the module
/// documentation. Every span lies on char boundaries of `text`.
pub fn news_token_spans(text: &str, tables: &CharTables, out: &mut Vec<(usize, usize)>) {
    let mut position = 0;
    while let Some(c) = char_at(text, position) {
        if !tables.is_word(c) {
            position += c.len_utf8();
            continue;
        }
        let start = position;
        let (end, resume) = match abbreviation_end(text, start, tables) {
            Some(end) => (end, end),
            None => word_end(text, start, tables),
        };
        if keeps(&text[start..end], tables) {
            out.push((start, end));
        }
        // `resume` is always past `start`, so the loop advances.
        position = resume;
    }
}

/// The char starting at byte `position`, or None at the end. `position` is always a char
/// boundary here because it only ever advances by whole chars.
#[inline]
fn char_at(text: &str, position: usize) -> Option<char> {
    text.get(position..).and_then(|rest| rest.chars().next())
}

/// Whether `c` continues a token: a word character or a combining mark.
#[inline]
fn continues_token(c: char, tables: &CharTables) -> bool {
    tables.is_word(c) || (!c.is_ascii() && is_combining_mark(c))
}

/// Accepts the unfolded forms too, so unfolded text still tokenises sensibly.
#[inline]
fn is_apostrophe(c: char) -> bool {
    fold_typography(c) == '\''
}

#[inline]
fn is_hyphen(c: char) -> bool {
    fold_typography(c) == '-'
}

/// The end of the token starting at `start` (a word char) under rules 2 to 6, and where
/// scanning resumes (past a dropped possessive `'s`).
fn word_end(text: &str, start: usize, tables: &CharTables) -> (usize, usize) {
    let mut position = start;
    loop {
        // Rule 2: the run of word characters (and marks).
        let mut last = None;
        while let Some(c) = char_at(text, position).filter(|&c| continues_token(c, tables)) {
            last = Some(c);
            position += c.len_utf8();
        }
        let end = position;
        let Some(separator) = char_at(text, position) else {
            return (end, end);
        };
        let after_separator = position + separator.len_utf8();
        let Some(next) = char_at(text, after_separator) else {
            return (end, end);
        };
        if is_apostrophe(separator) && matches!(next, 's' | 'S') {
            let after_s = after_separator + 1;
            let possessive = char_at(text, after_s).is_none_or(|c| !continues_token(c, tables));
            if possessive {
                // Rule 4: drop the possessive `'s`, and skip it so "s" is not seen again.
                return (end, after_s);
            }
        }
        let joins = if is_hyphen(separator) || is_apostrophe(separator) {
            // Rules 3 and 4.
            tables.is_word(next)
        } else if separator == ',' || separator == '.' {
            // Rule 5.
            last.is_some_and(|c| tables.is_digit(c)) && tables.is_digit(next)
        } else {
            false
        };
        if !joins {
            return (end, end);
        }
        position = after_separator;
    }
}

/// Rule 7: when `start` begins two or more "letter, period" pairs (each letter a single word
/// character that is not a digit or underscore, perhaps carrying combining marks), the end of
/// the last period.
fn abbreviation_end(text: &str, start: usize, tables: &CharTables) -> Option<usize> {
    let mut position = start;
    let mut pairs = 0;
    while let Some(letter) = char_at(text, position) {
        if !tables.is_word(letter) || tables.is_digit(letter) || letter == '_' {
            break;
        }
        let mut after_letter = position + letter.len_utf8();
        while let Some(mark) =
            char_at(text, after_letter).filter(|&c| !c.is_ascii() && is_combining_mark(c))
        {
            after_letter += mark.len_utf8();
        }
        if char_at(text, after_letter) != Some('.') {
            break;
        }
        pairs += 1;
        position = after_letter + 1;
    }
    if pairs < 2 {
        return None;
    }
    // A last letter written without its period ("U.S.A") belongs to the abbreviation, unless
    // it starts a word ("e.g.the").
    if let Some(letter) =
        char_at(text, position).filter(|&c| tables.is_word(c) && !tables.is_digit(c) && c != '_')
    {
        let mut after_letter = position + letter.len_utf8();
        while let Some(mark) =
            char_at(text, after_letter).filter(|&c| !c.is_ascii() && is_combining_mark(c))
        {
            after_letter += mark.len_utf8();
        }
        if char_at(text, after_letter).is_none_or(|c| !continues_token(c, tables)) {
            return Some(after_letter);
        }
    }
    Some(position)
}

/// Rule 8: a token is kept unless it is a single (non-digit) character. Combining marks do not
/// count as characters of their own.
fn keeps(token: &str, tables: &CharTables) -> bool {
    let mut base_chars = token
        .chars()
        .filter(|&c| c.is_ascii() || !is_combining_mark(c));
    match (base_chars.next(), base_chars.next()) {
        (Some(only), None) => tables.is_digit(only),
        _ => true,
    }
}

#[cfg(test)]
mod tests;
