//! Stop-word lists by language, taken from the `stop-words` crate (never copied in).
//!
//! With the crate's default `iso` feature the lists come from the stopwords-iso collection.
//! That collection has no Tamil list, so `stop_words("tamil")` is an error (rather than a
//! silently empty list) unless the crate's `nltk` feature is enabled, which would also switch
//! the other languages to the shorter NLTK lists (the crate prefers NLTK's when both exist).

use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::text::stem::{language_code, resolve_language, stem_languages};

/// Names accepted by [`stop_words()`]: every language rust-stemmers covers.
pub fn stop_word_languages() -> &'static [&'static str] {
    stem_languages()
}

/// The stop words of `language` (lowercase, deduplicated, sorted). `language` is one of
/// [`stop_word_languages`] or its ISO 639-1 code, in any case. Unknown languages give
/// `InvalidParameter` naming `stop_words`, and so does a known language the `stop-words` crate
/// has no list for (Tamil, under the default features): an empty list would silently remove
/// nothing.
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

/// Every language's list, cleaned once per process, in the order of [`stop_word_languages`].
fn prepared_lists() -> &'static [Vec<&'static str>] {
    static LISTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    LISTS.get_or_init(|| {
        stop_word_languages()
            .iter()
            .map(|&name| {
                let words = language_code(name)
                    .and_then(stop_words::lookup)
                    .unwrap_or(&[]);
                clean(words)
            })
            .collect()
    })
}

/// Trimmed, lowercase, non-empty, deduplicated and sorted.
fn clean(words: &'static [&'static str]) -> Vec<&'static str> {
    let mut cleaned: Vec<&'static str> = words
        .iter()
        .map(|word| word.trim())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let lowered = word.to_lowercase();
            if lowered == word {
                word
            } else {
                // The crate's lists are already lowercase, so this runs (if ever) for a handful
                // of words, once per process: leaking them is bounded.
                &*Box::leak(lowered.into_boxed_str())
            }
        })
        .collect();
    cleaned.sort_unstable();
    cleaned.dedup();
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_languages() {
        let languages = stop_word_languages();
        assert_eq!(languages.len(), 18);
        for expected in [
            "arabic",
            "danish",
            "dutch",
            "english",
            "finnish",
            "french",
            "german",
            "greek",
            "hungarian",
            "italian",
            "norwegian",
            "portuguese",
            "romanian",
            "russian",
            "spanish",
            "swedish",
            "tamil",
            "turkish",
        ] {
            assert!(languages.contains(&expected), "{expected}");
        }
    }

    #[test]
    fn english_list_has_the_usual_words() {
        let words = stop_words("english").unwrap();
        for word in ["the", "and", "of", "is", "a", "they"] {
            assert!(words.binary_search(&word).is_ok(), "{word}");
        }
        assert!(words.binary_search(&"president").is_err());
    }

    #[test]
    fn every_language_but_tamil_has_a_clean_list() {
        for &language in stop_word_languages() {
            if language == "tamil" && stop_words::lookup("ta").is_none() {
                let error = stop_words(language).unwrap_err().to_string();
                assert!(error.contains("no stop-word list"), "{error}");
                continue;
            }
            let words = stop_words(language).unwrap();
            assert!(words.len() > 50, "{language}: {}", words.len());
            assert!(words.windows(2).all(|pair| pair[0] < pair[1]), "{language}");
            for word in &words {
                assert_eq!(word.to_lowercase(), *word, "{language}");
                assert_eq!(word.trim(), *word, "{language}");
                assert!(!word.is_empty());
            }
        }
    }

    #[test]
    fn names_and_codes_in_any_case() {
        let english = stop_words("english").unwrap();
        assert_eq!(stop_words("EN").unwrap(), english);
        assert_eq!(stop_words("English").unwrap(), english);
        assert_eq!(stop_words("fr").unwrap(), stop_words("french").unwrap());
        assert!(stop_words("german").unwrap().contains(&"und"));
        assert!(stop_words("ru").unwrap().contains(&"и"));
    }

    #[test]
    fn unknown_language_is_a_stop_words_parameter_error() {
        for bad in ["xx", "", "klingon"] {
            match stop_words(bad).unwrap_err() {
                Error::InvalidParameter { name, reason } => {
                    assert_eq!(name, "stop_words");
                    assert!(reason.contains(&format!("'{bad}'")), "{reason}");
                    assert!(reason.contains("english, finnish"), "{reason}");
                }
                other => panic!("unexpected error {other:?}"),
            }
        }
    }

    #[test]
    fn cleaning_lowercases_trims_and_deduplicates() {
        static RAW: [&str; 6] = ["The", "the", " a ", "", "Zebra", "and"];
        assert_eq!(clean(&RAW), vec!["a", "and", "the", "zebra"]);
    }
}
