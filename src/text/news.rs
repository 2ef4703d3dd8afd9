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
//! Everything else (spaces, punctuation, symbols, emoji) separates tokens.

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
mod tests {
    use super::*;
    use crate::text::char_tables::current;

    fn fold(text: &str) -> String {
        text.chars().map(fold_typography).collect()
    }

    /// Tokens of `text` after folding, checking the span invariants on the way.
    fn tokens(text: &str) -> Vec<String> {
        let folded = fold(text);
        let tables = current();
        let mut spans = Vec::new();
        news_token_spans(&folded, &tables, &mut spans);
        let mut previous_end = 0;
        for &(start, end) in &spans {
            assert!(start < end && end <= folded.len(), "{spans:?}");
            assert!(start >= previous_end, "spans out of order: {spans:?}");
            assert!(folded.is_char_boundary(start) && folded.is_char_boundary(end));
            let token = &folded[start..end];
            let first = token.chars().next().unwrap();
            let last = token.chars().next_back().unwrap();
            assert!(tables.is_word(first), "{token:?} starts with punctuation");
            assert!(
                tables.is_word(last) || is_combining_mark(last) || last == '.',
                "{token:?} ends with punctuation"
            );
            previous_end = end;
        }
        spans
            .iter()
            .map(|&(start, end)| folded[start..end].to_string())
            .collect()
    }

    #[test]
    fn folding_maps_one_char_to_one_char() {
        for c in ['’', '‘', '‛', 'ʼ', '′', '＇'] {
            assert_eq!(fold_typography(c), '\'', "{c}");
        }
        for c in ['“', '”', '„', '‟', '″', '«', '»'] {
            assert_eq!(fold_typography(c), '"', "{c}");
        }
        for c in ['\u{2010}', '\u{2011}', '－'] {
            assert_eq!(fold_typography(c), '-', "{c}");
        }
        for c in ['a', '\'', '"', '–', '—', 'é', '中'] {
            assert_eq!(fold_typography(c), c, "{c}");
        }
        let text = "“It’s ‘fine’,” she said — «oui»";
        assert_eq!(fold(text).chars().count(), text.chars().count());
    }

    #[test]
    fn plain_words() {
        assert_eq!(
            tokens("Russia launched strikes on Kyiv"),
            ["Russia", "launched", "strikes", "on", "Kyiv"]
        );
        assert!(tokens("").is_empty());
        assert!(tokens("  ... !!! -- ''").is_empty());
    }

    #[test]
    fn hyphenated_compounds_stay_whole() {
        assert_eq!(
            tokens("a military build-up, a 50-minute call and military-to-military talks"),
            [
                "military",
                "build-up",
                "50-minute",
                "call",
                "and",
                "military-to-military",
                "talks"
            ]
        );
        assert_eq!(tokens("covid-19 vaccines"), ["covid-19", "vaccines"]);
        assert_eq!(tokens("a well\u{2011}known man"), ["well-known", "man"]);
    }

    #[test]
    fn hyphens_without_words_on_both_sides_do_not_join() {
        assert_eq!(tokens("-5 degrees"), ["5", "degrees"]);
        assert_eq!(tokens("pre- and post-war"), ["pre", "and", "post-war"]);
        assert_eq!(tokens("word--word"), ["word", "word"]);
        assert_eq!(tokens("well - known"), ["well", "known"]);
        assert_eq!(tokens("ends-"), ["ends"]);
    }

    #[test]
    fn apostrophes_join_contractions_and_names() {
        assert_eq!(tokens("don't"), ["don't"]);
        assert_eq!(tokens("O’Brien won’t go"), ["O'Brien", "won't", "go"]);
        assert_eq!(tokens("rock'n'roll"), ["rock'n'roll"]);
        assert_eq!(tokens("they're we've"), ["they're", "we've"]);
    }

    #[test]
    fn possessives_are_dropped() {
        assert_eq!(tokens("russia's economy"), ["russia", "economy"]);
        assert_eq!(tokens("Russia’s economy"), ["Russia", "economy"]);
        assert_eq!(
            tokens("the officials' statement"),
            ["the", "officials", "statement"]
        );
        assert_eq!(tokens("it's over"), ["it", "over"]);
        assert_eq!(tokens("O'Brien's book"), ["O'Brien", "book"]);
        assert_eq!(
            tokens("the secretary-general's visit"),
            ["the", "secretary-general", "visit"]
        );
        assert_eq!(tokens("RUSSIA'S"), ["RUSSIA"]);
        assert_eq!(tokens("russia's"), ["russia"]);
        // "'s" that starts a longer word is an ordinary apostrophe join.
        assert_eq!(tokens("o'sullivan"), ["o'sullivan"]);
    }

    #[test]
    fn leading_and_trailing_apostrophes_are_not_part_of_tokens() {
        assert_eq!(tokens("the '90s"), ["the", "90s"]);
        assert_eq!(tokens("'quoted'"), ["quoted"]);
        assert_eq!(tokens("James' car"), ["James", "car"]);
    }

    #[test]
    fn letter_period_abbreviations_keep_their_period() {
        assert_eq!(
            tokens("the u.s. and u.k. said"),
            ["the", "u.s.", "and", "u.k.", "said"]
        );
        assert_eq!(tokens("U.S.A."), ["U.S.A."]);
        assert_eq!(tokens("fruit, e.g. apples"), ["fruit", "e.g.", "apples"]);
        assert_eq!(
            tokens("at 5 p.m., police said"),
            ["at", "5", "p.m.", "police", "said"]
        );
        assert_eq!(tokens("(U.N.)"), ["U.N."]);
        assert_eq!(tokens("U.S.-led"), ["U.S.", "led"]);
        assert_eq!(tokens("e.g.the"), ["e.g.", "the"]);
        // A last letter without its period stays with the abbreviation.
        assert_eq!(
            tokens("the U.S.A and A.B.C."),
            ["the", "U.S.A", "and", "A.B.C."]
        );
        assert_eq!(tokens("U.S.A, then"), ["U.S.A", "then"]);
    }

    #[test]
    fn sentence_periods_are_not_kept() {
        assert_eq!(tokens("He said. Then"), ["He", "said", "Then"]);
        assert_eq!(tokens("in 2015."), ["in", "2015"]);
        assert_eq!(tokens("Plan A. Plan B."), ["Plan", "Plan"]);
        assert_eq!(
            tokens("visit cnn.com today"),
            ["visit", "cnn", "com", "today"]
        );
        assert_eq!(tokens("Mr. Smith"), ["Mr", "Smith"]);
    }

    #[test]
    fn numbers_keep_groups_and_decimals() {
        assert_eq!(tokens("240,000 people"), ["240,000", "people"]);
        assert_eq!(tokens("rose 3.5%"), ["rose", "3.5"]);
        assert_eq!(tokens("in 2015, 5 died"), ["in", "2015", "5", "died"]);
        assert_eq!(tokens("$4.5bn deal"), ["4.5bn", "deal"]);
        assert_eq!(tokens("1.000.000 euros"), ["1.000.000", "euros"]);
        assert_eq!(tokens("1, 2, 3"), ["1", "2", "3"]);
        assert_eq!(tokens("version 2.0."), ["version", "2.0"]);
        assert_eq!(tokens("at 10:30"), ["at", "10", "30"]);
        assert_eq!(tokens("abc,123"), ["abc", "123"]);
    }

    #[test]
    fn single_characters_are_dropped_unless_digits() {
        assert_eq!(tokens("I saw a cat"), ["saw", "cat"]);
        assert_eq!(tokens("5 killed, 7 hurt"), ["5", "killed", "7", "hurt"]);
        assert_eq!(tokens("x y z 0"), ["0"]);
        assert_eq!(tokens("中 文"), Vec::<String>::new());
        assert_eq!(
            tokens("e\u{301} e\u{301}t\u{301}e\u{301}"),
            ["e\u{301}t\u{301}e\u{301}"]
        );
    }

    #[test]
    fn non_ascii_text() {
        assert_eq!(
            tokens("Le président a déclaré aujourd’hui"),
            ["Le", "président", "déclaré", "aujourd'hui"]
        );
        assert_eq!(tokens("Straße über München"), ["Straße", "über", "München"]);
        assert_eq!(
            tokens("Путин заявил, что 240,5 тыс."),
            ["Путин", "заявил", "что", "240,5", "тыс"]
        );
        assert_eq!(tokens("中国外交部 发言人"), ["中国外交部", "发言人"]);
        assert_eq!(tokens("Σ.Υ.Ρ.Ι.Ζ.Α."), ["Σ.Υ.Ρ.Ι.Ζ.Α."]);
        assert_eq!(tokens("رئيس الوزراء"), ["رئيس", "الوزراء"]);
        // Tamil vowel signs are combining marks, not `\w`: they continue the word.
        assert_eq!(tokens("மரங்கள் வளரும்"), ["மரங்கள்", "வளரும்"]);
        // Decomposed accents stay with their letters.
        assert_eq!(tokens("cafe\u{301} noir"), ["cafe\u{301}", "noir"]);
    }

    #[test]
    fn unfolded_typography_still_joins() {
        let tables = current();
        let mut spans = Vec::new();
        let text = "don’t Russia’s";
        news_token_spans(text, &tables, &mut spans);
        let found: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["don’t", "Russia"]);
    }

    #[test]
    fn a_news_paragraph() {
        let text = "WASHINGTON (Reuters) — The U.S. military’s build-up near Venezuela, \
                    involving 4,500 troops and 3.5 billion dollars, isn’t a prelude to war, \
                    officials’ statements said on Tuesday. “We’re ready,” Gen. O’Neil said.";
        assert_eq!(
            tokens(text),
            [
                "WASHINGTON",
                "Reuters",
                "The",
                "U.S.",
                "military",
                "build-up",
                "near",
                "Venezuela",
                "involving",
                "4,500",
                "troops",
                "and",
                "3.5",
                "billion",
                "dollars",
                "isn't",
                "prelude",
                "to",
                "war",
                "officials",
                "statements",
                "said",
                "on",
                "Tuesday",
                "We're",
                "ready",
                "Gen",
                "O'Neil",
                "said",
            ]
        );
    }

    #[test]
    fn spans_are_appended_after_existing_ones() {
        let tables = current();
        let mut spans = vec![(0, 0)];
        news_token_spans("hello world", &tables, &mut spans);
        assert_eq!(spans, [(0, 0), (0, 5), (6, 11)]);
    }

    #[test]
    fn arbitrary_text_never_panics_and_spans_are_clean() {
        let pieces = [
            "a", "é", "e\u{301}", "\u{301}", "'", "’", "-", "\u{2011}", ".", ",", "s", "S", "5",
            "٣", "中", "🙂", " ", "\n", "_", "ß", "İ", "\u{0}", "'s", "u.", "ா", "\"",
        ];
        // A deterministic walk over many combinations of awkward pieces.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let _ = tokens(&text);
        }
    }
}
