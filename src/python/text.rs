//! Sentence splitting for Python, with offsets in code points.

use pyo3::prelude::*;

use crate::python::errors::to_py_err;
use crate::text::sentences::SentenceSplitter;

/// The `(start, end)` code-point offsets of the sentences of `text`.
#[pyfunction]
#[pyo3(signature = (text, language="english"))]
pub fn split_sentences(
    py: Python<'_>,
    text: &str,
    language: &str,
) -> PyResult<Vec<(usize, usize)>> {
    let splitter = SentenceSplitter::new(language).map_err(to_py_err)?;
    Ok(py.detach(|| {
        let spans = splitter.split(text);
        // Byte offsets to code-point offsets in one pass over the text.
        let mut char_index_of_byte = vec![0usize; text.len() + 1];
        let mut count = 0;
        for (byte, _) in text.char_indices() {
            char_index_of_byte[byte] = count;
            count += 1;
        }
        char_index_of_byte[text.len()] = count;
        spans
            .into_iter()
            .map(|(s, e)| (char_index_of_byte[s], char_index_of_byte[e]))
            .collect()
    }))
}

/// The stop words of `language`, from the stop-words crate.
#[pyfunction]
pub fn stop_words(language: &str) -> PyResult<Vec<String>> {
    crate::text::stopwords::stop_words(language)
        .map(|words| words.into_iter().map(str::to_string).collect())
        .map_err(to_py_err)
}

/// The languages the stemmer supports.
#[pyfunction]
pub fn stem_languages() -> Vec<&'static str> {
    crate::text::stem::stem_languages().to_vec()
}
