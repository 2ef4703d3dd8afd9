//! What the word in front of a single period says about a sentence end: an abbreviation of
//! the language, initials, a list number, a (German) ordinal, or an ordinary word.

use super::chars::is_mark;
use super::learned::Evidence;
use super::rules::LanguageRules;

/// How the word in front of a period affects the sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PeriodContext {
    /// An ordinary word, number or punctuation: the general rule applies.
    Plain,
    /// A title or similar: never ends a sentence.
    Never,
    /// "No.", "Vol.": no sentence end before a number.
    BeforeNumber,
    /// Ambiguous abbreviations, letter-period abbreviations, initials, (German) ordinals: a
    /// sentence ends only before a known sentence opener or an opening quote.
    Weak,
}

/// What the word in front of the period at `dot` says about a sentence end, under `rules`;
/// `sentence_start`, when known, is where the current sentence began. The `evidence` learned
/// from the set and the text overrides the language's list: a name seen without its period
/// ("Hun Sen said") is a plain word, and a learned abbreviation is ambiguous.
pub(super) fn period_context(
    rules: &LanguageRules,
    evidence: &Evidence<'_>,
    text: &str,
    dot: usize,
    sentence_start: Option<usize>,
) -> PeriodContext {
    let word_start = text[..dot]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || is_mark(c))
        .last()
        .map_or(dot, |(i, _)| i);
    let word = &text[word_start..dot];
    if word.is_empty() {
        return PeriodContext::Plain;
    }
    if sentence_start == Some(word_start) && is_enumerator(word) {
        // "1. First point. 2. Second point."
        return PeriodContext::Never;
    }
    // A spaced abbreviation such as "z. B." or "i. e.": try the two parts joined.
    if let Some(first_part) = spaced_first_part(text, word_start) {
        let joined = format!("{first_part}.{word}");
        if let Some(context) = rules.abbreviation(&joined) {
            return context;
        }
    }
    let listed = rules.abbreviation(word);
    if listed != Some(PeriodContext::BeforeNumber)
        && evidence.is_plain_word(previous_word(text, word_start), word)
    {
        return PeriodContext::Plain;
    }
    if let Some(context) = listed {
        return context;
    }
    if evidence.is_abbreviation(word) {
        return PeriodContext::Weak;
    }
    if is_initials(word) {
        return PeriodContext::Weak;
    }
    if rules.ordinal_periods && word.chars().all(|c| c.is_ascii_digit()) {
        return PeriodContext::Weak;
    }
    PeriodContext::Plain
}

/// Initials and letter-period abbreviations such as "F", "U.S", "e.g" and "a.m": one or more
/// parts separated by periods, each a single letter (marks allowed).
fn is_initials(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut letters = part.chars().filter(|&c| !is_mark(c));
        matches!((letters.next(), letters.next()), (Some(letter), None) if letter.is_alphabetic())
    })
}

/// A list enumerator: a number of up to three digits or a single letter.
fn is_enumerator(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_alphanumeric(),
        _ => word.len() <= 3 && word.chars().all(|c| c.is_ascii_digit()),
    }
}

/// For a word starting at `word_start` that is preceded by "X. " (one space), X being a short
/// word: X. Used to recognise spaced abbreviations like "z. B.".
fn spaced_first_part(text: &str, word_start: usize) -> Option<&str> {
    let before = text[..word_start].strip_suffix(' ')?.strip_suffix('.')?;
    let part_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || is_mark(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let part = &before[part_start..];
    (!part.is_empty() && part.chars().count() <= 3).then_some(part)
}

/// The word before the one starting at `word_start`, across one space ("Hun" before "Sen"),
/// or "" when something else comes between.
fn previous_word(text: &str, word_start: usize) -> &str {
    let Some(before) = text[..word_start].strip_suffix(' ') else {
        return "";
    };
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '-' || is_mark(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    &before[start..]
}
