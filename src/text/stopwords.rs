//! Stop-word lists by language, taken from the `stop-words` crate (never copied in).
// PLACEHOLDER: helper H1 replaces the body; the signatures are the contract.

use crate::error::Result;

/// Names accepted by [`stop_words`]: every language rust-stemmers covers.
pub fn stop_word_languages() -> &'static [&'static str] {
    &[]
}

/// The stop words of `language` (lowercase). Unknown languages give `InvalidParameter`
/// naming `stop_words`.
pub fn stop_words(language: &str) -> Result<Vec<&'static str>> {
    Err(crate::error::Error::parameter("stop_words", format!("unknown language {language:?}")))
}
