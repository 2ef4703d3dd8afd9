//! The digest's readability rules, sentence by sentence: the checks of
//! `storylens.compare._readable` (caption, question, bare quote, first person, opening
//! pronoun, the runs of capitalised words) and `starts_mid_word`, run over a whole sentence
//! table at once. At 1,000 articles the Python versions were two thirds of the digest's time.
//!
//! The rules lean on Python's `str` methods (`split`, `isupper`, `isalpha`, `lower`) and on
//! `re` patterns, whose answers depend on Python's Unicode tables. They agree with Rust's on
//! ASCII, on Latin-1 and Latin Extended-A letters and on the common typographic punctuation,
//! less a handful of characters where they differ (superscript digits and vulgar fractions,
//! which Python's `\w` counts; the micro sign, dotless and dotted i and the long s, which
//! Python's case-insensitive `re` matches differently). A sentence with any other character
//! is not handled here ([`SentenceShape::handled`] is false) and the caller checks it with
//! the Python rules, so the result is the same for every text.

use rayon::prelude::*;
use regex::Regex;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const QUOTE_MARKS: [char; 6] = ['"', '“', '”', '«', '»', '„'];
const OPENING_QUOTES: [char; 6] = ['"', '“', '«', '„', '\'', '‘'];
const CLOSING_QUOTES: [char; 6] = ['"', '”', '»', '“', '\'', '’'];
const QUOTES: &str = " \t\"'“‘«„([";
const WORD_EDGES: &str = ".,;:!?\"'“”‘’«»()[]";
const TRAILING_CLOSERS: &str = "\"'”’»)]";
/// Double quote marks of every style: an odd count is part of a quote that runs over
/// several sentences.
const DOUBLE_QUOTES: [char; 6] = ['"', '“', '”', '„', '«', '»'];
/// Where an attribution clause begins: after the last comma or closing quote mark.
const CLAUSE_MARKS: [char; 5] = [',', '"', '”', '»', '“'];
/// The most words a last clause may have to count as an attribution ("she said on Friday").
const ATTRIBUTION_WORDS: usize = 6;

/// What the readability rules see in one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceShape {
    /// False when the sentence holds a character outside the range where Rust's and Python's
    /// character rules agree: every other field is then left empty and the caller decides.
    pub handled: bool,
    pub caption: bool,
    pub question: bool,
    pub bare_quote: bool,
    pub first_person: bool,
    pub opens_on_pronoun: bool,
    pub starts_mid_word: bool,
    /// The last clause is a short attribution to a pronoun ("...," she said).
    pub attributes_to_pronoun: bool,
    /// An odd number of double quote marks.
    pub unbalanced_quotes: bool,
    /// The last word of every run of two or more capitalised words (a full name's surname).
    pub introduces: Vec<String>,
    /// Every run of a single capitalised word (a surname used alone, perhaps).
    pub singles: Vec<String>,
}

/// The word lists the rules use, all lower-case (as Python's `str.lower` gives them).
pub struct RuleWords {
    pub pronouns: FxHashSet<String>,
    pub first_person: FxHashSet<String>,
    pub stop_words: FxHashSet<String>,
    pub subject_pronouns: FxHashSet<String>,
}

/// Whether Python's and Rust's character rules (and `re`'s classes) agree on `c`.
fn agrees_with_python(c: char) -> bool {
    match c as u32 {
        // Python's str.isspace() counts the information separators; Rust's does not.
        0x1C..=0x1F => false,
        0x00..=0x7F => true,
        // Python's \w takes superscripts and fractions; re's IGNORECASE folds µ, ı, ſ, İ its own way.
        0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBC..=0xBE | 0x130 | 0x131 | 0x17F => false,
        0xA0..=0x17F => true,
        // Dashes, quotes, bullets and the ellipsis: no letters, no spaces.
        0x2010..=0x2027 => true,
        _ => false,
    }
}

fn is_python_space(c: char) -> bool {
    c.is_whitespace()
}

/// Python's `str.isupper()` on text whose characters [`agrees_with_python`] (no titlecase
/// letters there): some character is upper-case and none is lower-case.
fn is_upper(text: &str) -> bool {
    text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase)
}

/// Python's `str.islower()` under the same conditions.
fn is_lower(text: &str) -> bool {
    text.chars().any(char::is_lowercase) && !text.chars().any(char::is_uppercase)
}

fn strip<'a>(text: &'a str, chars: &str) -> &'a str {
    text.trim_matches(|c| chars.contains(c))
}

fn python_split(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_python_space).filter(|word| !word.is_empty())
}

fn caption_label() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"(?i)\b(photo|photos|foto|fotos|image|picture|pictured|credit|bild|crédit|fotografía|imagen)\s*:|©|\(photo|\bphoto credit\b",
        )
        .expect("a valid pattern")
    })
}

fn list_item() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"\A\s*(?:[-\x{2013}\x{2014}\x{2022}*\x{00b7}]|\d{1,2}[.)])\s")
            .expect("a valid pattern")
    })
}

fn credit_slash() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| Regex::new(r"[A-Z][\w.-]*\s*/\s*[A-Z]").expect("a valid pattern"))
}

/// Python's `re.search(r"[.!?…][\"'”’»)\]]*\s*$", text)`: the closers cannot be terminal
/// marks, so the text, less its trailing spaces and then its trailing closers, must end on one.
fn ends_like_a_sentence(text: &str) -> bool {
    text.trim_end_matches(is_python_space)
        .trim_end_matches(|c| TRAILING_CLOSERS.contains(c))
        .ends_with(['.', '!', '?', '…'])
}

/// Words one of which a caption label must contain (lower-cased): the label pattern runs
/// only on the sentences that do, since Unicode word boundaries slow a regex down.
const CAPTION_WORDS: [&str; 8] = [
    "photo", "foto", "image", "picture", "credit", "bild", "crédit", "imagen",
];

fn is_caption(text: &str) -> bool {
    let lowered = text.to_lowercase();
    let labelled = (lowered.contains('©') || CAPTION_WORDS.iter().any(|w| lowered.contains(w)))
        && caption_label().is_match(text);
    labelled
        || list_item().is_match(text)
        || (text.contains('/') && credit_slash().is_match(text))
        || !ends_like_a_sentence(text)
}

fn is_question(text: &str) -> bool {
    let end = text
        .trim_end_matches(is_python_space)
        .trim_end_matches(|c| TRAILING_CLOSERS.contains(c));
    end.ends_with('?') || end.ends_with('¿')
}

fn is_bare_quote(text: &str) -> bool {
    let stripped = text.trim_matches(is_python_space);
    let opens = stripped
        .chars()
        .next()
        .is_some_and(|c| OPENING_QUOTES.contains(&c));
    let closes = stripped
        .trim_end_matches(['.', '!', '?', '…'])
        .chars()
        .next_back()
        .is_some_and(|c| CLOSING_QUOTES.contains(&c));
    opens && closes
}

fn speaks_in_first_person(text: &str, first_person: &FxHashSet<String>) -> bool {
    if first_person.is_empty() || text.contains(QUOTE_MARKS) {
        return false;
    }
    python_split(text).any(|word| {
        let bare = strip(word, WORD_EDGES);
        (!is_upper(bare) || bare.chars().count() == 1)
            && first_person.contains(&bare.to_lowercase())
    })
}

fn first_word(text: &str) -> &str {
    let opened = text.trim_start_matches(|c| QUOTES.contains(c));
    opened.split(' ').next().unwrap_or("")
}

fn opens_on_pronoun(text: &str, pronouns: &FxHashSet<String>) -> bool {
    !pronouns.is_empty() && pronouns.contains(&strip(first_word(text), WORD_EDGES).to_lowercase())
}

/// Whether the clause after the last comma or closing quote mark is at most
/// [`ATTRIBUTION_WORDS`] words with a subject pronoun among its first two (hyphens split
/// French inversions: "a-t-il"), as `attributes_to_pronoun` in Python.
fn attributes_to_pronoun(text: &str, subject_pronouns: &FxHashSet<String>) -> bool {
    if subject_pronouns.is_empty() {
        return false;
    }
    let Some(cut) = text.rfind(CLAUSE_MARKS) else {
        return false;
    };
    let mark = text[cut..].chars().next().map_or(1, char::len_utf8);
    let words: Vec<&str> = python_split(&text[cut + mark..]).collect();
    if words.is_empty() || words.len() > ATTRIBUTION_WORDS {
        return false;
    }
    words.iter().take(2).any(|word| {
        strip(word, WORD_EDGES)
            .split('-')
            .any(|part| subject_pronouns.contains(&part.to_lowercase()))
    })
}

fn unbalanced_quotes(text: &str) -> bool {
    text.chars().filter(|c| DOUBLE_QUOTES.contains(c)).count() % 2 == 1
}

/// An initial or a run of them ("K.", "R.J."): Python's `(?:[A-Z]\.)+` in full.
fn is_initial(word: &str) -> bool {
    let bytes = word.as_bytes();
    !bytes.is_empty()
        && bytes.len().is_multiple_of(2)
        && bytes
            .chunks(2)
            .all(|pair| pair[0].is_ascii_uppercase() && pair[1] == b'.')
}

fn starts_mid_word(text: &str) -> bool {
    let word = first_word(text);
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && word.chars().next().is_some_and(char::is_alphabetic)
        && is_lower(&letters)
}

/// The runs of capitalised words that are not stop words and are not split by punctuation,
/// an initial's full stop aside (as `name_runs` in Python).
fn name_runs(text: &str, stop_words: &FxHashSet<String>) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for raw in python_split(text) {
        let mut word = strip(raw, WORD_EDGES);
        if let Some(base) = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")) {
            word = base;
        }
        let trailing = raw.trim_end_matches(|c| TRAILING_CLOSERS.contains(c));
        // An initial is part of a name even when it spells a stop word ("K", "A").
        let initial = trailing == raw && is_initial(raw);
        let capitalised = word
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() && !c.is_lowercase())
            && (initial || !stop_words.contains(&word.to_lowercase()));
        if capitalised {
            current.push(word.to_string());
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
        if capitalised && trailing.ends_with([',', '.', ';', ':', '!', '?']) && !initial {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// What the readability rules see in `text` (see [`SentenceShape`]).
pub fn sentence_shape(text: &str, words: &RuleWords) -> SentenceShape {
    if !text.chars().all(agrees_with_python) {
        return SentenceShape::default();
    }
    let mut introduces = Vec::new();
    let mut singles = Vec::new();
    for mut run in name_runs(text, &words.stop_words) {
        match run.len() {
            1 => singles.push(run.pop().unwrap_or_default()),
            _ => introduces.push(run.pop().unwrap_or_default()),
        }
    }
    SentenceShape {
        handled: true,
        caption: is_caption(text),
        question: is_question(text),
        bare_quote: is_bare_quote(text),
        first_person: speaks_in_first_person(text, &words.first_person),
        opens_on_pronoun: opens_on_pronoun(text, &words.pronouns),
        starts_mid_word: starts_mid_word(text),
        attributes_to_pronoun: attributes_to_pronoun(text, &words.subject_pronouns),
        unbalanced_quotes: unbalanced_quotes(text),
        introduces,
        singles,
    }
}

/// [`sentence_shape`] of every text, in order (in parallel; the result does not depend on
/// the number of threads).
pub fn sentence_shapes<S: AsRef<str> + Sync>(texts: &[S], words: &RuleWords) -> Vec<SentenceShape> {
    texts
        .par_iter()
        .map(|text| sentence_shape(text.as_ref(), words))
        .collect()
}

#[cfg(test)]
mod tests;
