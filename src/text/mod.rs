//! Text processing: Python-compatible character classes, normalisation, tokenisers, stemming,
//! stop words, n-grams, sentence splitting, and the analyzer that chains them.

#![warn(missing_docs)]

pub mod analyzer;
pub mod char_tables;
pub mod language;
pub mod news;
pub mod ngrams;
pub mod normalize;
pub mod regex_tokens;
pub mod sentences;
pub mod stem;
pub mod stopwords;
pub mod word_runs;
