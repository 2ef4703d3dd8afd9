//! Stop-word lists by language, taken from the `stop-words` crate (never copied in).
//!
//! Each language's list is stopwords-iso's where that collection has one (17 of the 18
//! Snowball languages), else Snowball's own list as NLTK ships it (Tamil). Romanian lists are
//! written with the old cedilla letters (ş, ţ); text uses both those and the standard comma
//! letters (ș, ț), so every Romanian word with one gets its twin in the other spelling.

use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;

use crate::error::{Error, Result};
use crate::text::stem::{language_code, resolve_language, stem_languages};

/// Names accepted by [`stop_words()`]: every language rust-stemmers covers.
pub fn stop_word_languages() -> &'static [&'static str] {
    stem_languages()
}

/// The stop words of `language` (lowercase, deduplicated, sorted). `language` is one of
/// [`stop_word_languages`] or its ISO 639-1 code, in any case. Unknown languages give
/// `InvalidParameter` naming `stop_words`, and so would a known language whose list came out
/// empty (a dependency change): an empty list would silently remove nothing.
pub fn stop_words(language: &str) -> Result<Vec<&'static str>> {
    let unknown = || {
        Error::parameter(
            "stop_words",
            format!(
                "unknown stop-word language '{language}'; choose one of {}",
                stop_word_languages().join(", ")
            ),
        )
    };
    let name = resolve_language(language).ok_or_else(unknown)?;
    let position = stop_word_languages()
        .iter()
        .position(|&known| known == name)
        .ok_or_else(unknown)?;
    let words = &prepared_lists()[position];
    if words.is_empty() {
        return Err(Error::parameter(
            "stop_words",
            format!("no stop-word list is available for '{name}'; pass your own list"),
        ));
    }
    Ok(words.clone())
}

/// Where a language's list comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// stopwords-iso, the longer lists (they drop reporting verbs such as "said").
    Iso,
    /// Snowball's lists (NLTK's copy), for the languages stopwords-iso lacks.
    Snowball,
}

/// stopwords-iso has no Tamil list; every other Snowball language has one (a test checks).
fn source_of(language: &str) -> Source {
    if language == "tamil" {
        Source::Snowball
    } else {
        Source::Iso
    }
}

/// The raw list of `language`, one of [`stop_word_languages`].
fn raw_list(language: &str) -> &'static [&'static str] {
    let Some(code) = language_code(language) else {
        return &[];
    };
    match source_of(language) {
        // The 0.9 release's `get` panics on a code it lacks; `source_of` only sends it codes it
        // has, and `every_language_has_a_clean_list` proves that for all 18.
        Source::Iso => stop_words_iso::get(code),
        Source::Snowball => stop_words_snowball::lookup(code).unwrap_or(&[]),
    }
}

/// Every language's list, cleaned once per process, in the order of [`stop_word_languages`].
fn prepared_lists() -> &'static [Vec<&'static str>] {
    static LISTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    LISTS.get_or_init(|| {
        stop_word_languages()
            .iter()
            .map(|&name| {
                let mut words = clean(raw_list(name));
                if name == "romanian" {
                    add_comma_spellings(&mut words);
                }
                words
            })
            .collect()
    })
}

/// Adds the comma-below spelling (ș, ț) of every word written with a cedilla (ş, ţ), and the
/// reverse, keeping the list sorted and deduplicated.
fn add_comma_spellings(words: &mut Vec<&'static str>) {
    let twins: Vec<&'static str> = words
        .iter()
        .filter_map(|word| {
            let twin: String = word
                .chars()
                .map(|c| match c {
                    'ş' => 'ș',
                    'ţ' => 'ț',
                    'ș' => 'ş',
                    'ț' => 'ţ',
                    other => other,
                })
                .collect();
            // Leaked once per process for a bounded handful of words, like `clean`'s.
            (twin != *word).then(|| &*Box::leak(twin.into_boxed_str()))
        })
        .collect();
    words.extend(twins);
    words.sort_unstable();
    words.dedup();
}

/// Whether `word` has letters of more than one of the Latin, Greek and Cyrillic scripts: a
/// look-alike letter typed by mistake (Hungarian "ide-оda" has a Cyrillic о), which no real
/// text repeats.
fn mixes_scripts(word: &str) -> bool {
    let script = |c: char| match c {
        'a'..='z' | '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => Some(0),
        '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}' => Some(1),
        '\u{400}'..='\u{52F}' => Some(2),
        _ => None,
    };
    let mut scripts = word.chars().filter_map(script);
    let first = scripts.next();
    scripts.any(|other| Some(other) != first)
}

/// Trimmed, lowercase, repaired, deduplicated and sorted, without the entries that can never
/// match a token.
fn clean(words: &'static [&'static str]) -> Vec<&'static str> {
    let mut cleaned: Vec<&'static str> = words.iter().filter_map(|word| clean_word(word)).collect();
    cleaned.sort_unstable();
    cleaned.dedup();
    cleaned
}

/// One list entry made usable, or None when it can never match a token:
/// - empty, or several words ("может быть"): stop words are removed token by token;
/// - holding a char no word has (stopwords-iso's English "herse”", Greek "γα^", the Arabic
///   comma): anything but letters, digits, combining marks, apostrophes, hyphens and periods;
/// - mixing Latin, Greek and Cyrillic letters ([`mixes_scripts`]).
///
/// stopwords-iso's Greek list writes delta as U+2206 INCREMENT ("η∆η"), a mis-encoding: in a
/// word with Greek letters it is read as δ.
fn clean_word(word: &'static str) -> Option<&'static str> {
    let word = word.trim();
    if word.is_empty() || word.chars().any(char::is_whitespace) {
        return None;
    }
    let is_greek = |c: char| matches!(c, '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}');
    let mut repaired = word.to_lowercase();
    if repaired.contains('∆') && repaired.chars().any(is_greek) {
        repaired = repaired.replace('∆', "δ");
    }
    let is_word_char = |c: char| {
        c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '\'' | '’' | '-' | '.')
    };
    if !repaired.chars().all(is_word_char) || mixes_scripts(&repaired) {
        return None;
    }
    if repaired == word {
        Some(word)
    } else {
        // Runs for a bounded handful of words, once per process: leaking them is bounded.
        Some(&*Box::leak(repaired.into_boxed_str()))
    }
}

#[cfg(test)]
mod tests;
