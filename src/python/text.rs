//! Sentence splitting for Python, with offsets in code points.

use pyo3::prelude::*;

use crate::python::detached::run_detached;
use crate::python::offsets::CharOffsets;
use crate::text::sentences::SentenceSplitter;

/// The `(start, end)` code-point offsets of the sentences of `text`; `language=None` means
/// the generic rules.
#[pyfunction]
#[pyo3(signature = (text, language=Some("english")), text_signature = "(text, language='english')")]
pub fn split_sentences(
    py: Python<'_>,
    text: &str,
    language: Option<&str>,
) -> PyResult<Vec<(usize, usize)>> {
    let splitter = match language {
        Some(language) => SentenceSplitter::new(language)?,
        None => SentenceSplitter::generic(),
    };
    run_detached(py, || {
        let spans = splitter.split(text);
        let offsets = CharOffsets::new(text);

        spans
            .into_iter()
            .map(|(start, end)| (offsets.of(start), offsets.of(end)))
            .collect()
    })
}

/// The stop words of `language`, from the stop-words crate.
#[pyfunction]
pub fn stop_words(language: &str) -> PyResult<Vec<String>> {
    let words = crate::text::stopwords::stop_words(language)?;
    Ok(words.into_iter().map(str::to_string).collect())
}

/// The languages the stemmer supports.
#[pyfunction]
pub fn stem_languages() -> Vec<&'static str> {
    crate::text::stem::stem_languages().to_vec()
}

/// The language the texts are mostly written in (from their function words), or None
/// when they are too short to tell.
#[pyfunction]
pub fn detect_language(py: Python<'_>, texts: Vec<String>) -> PyResult<Option<&'static str>> {
    run_detached(py, || {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        crate::text::language::detect_language(&texts)
    })
}

/// The canonical name of `language` (a name or ISO 639-1 code, any case), or None.
#[pyfunction]
pub fn resolve_language(language: &str) -> Option<&'static str> {
    crate::text::stem::resolve_language(language)
}
