//! Sentence splitting for Python, with offsets in code points.

use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::python::detached::{run_attached, run_detached, try_run_attached, try_run_detached};
use crate::python::offsets::CharOffsets;
use crate::text::sentences::{LearnedAbbreviations, SentenceSplitter};

/// The `(start, end)` code-point offsets of the sentences of `text`; `language=None` means
/// the generic rules; `abbreviations`, learned or given, add their evidence.
#[pyfunction]
#[pyo3(
    signature = (text, language=Some("english"), abbreviations=None),
    text_signature = "(text, language='english', abbreviations=None)"
)]
pub fn split_sentences(
    py: Python<'_>,
    text: &str,
    language: Option<&str>,
    abbreviations: Option<PyRef<'_, PyLearnedAbbreviations>>,
) -> PyResult<Vec<(usize, usize)>> {
    let splitter = match language {
        Some(language) => SentenceSplitter::new(language)?,
        None => SentenceSplitter::generic(),
    };
    let model = abbreviations.as_ref().map(|model| &model.inner);
    run_detached(py, || {
        let spans = splitter.split_with(text, model);
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
    try_run_attached(|| {
        let words = crate::text::stopwords::stop_words(language)?;
        Ok::<_, PyErr>(words.into_iter().map(str::to_string).collect())
    })
}

/// The languages the stemmer supports.
#[pyfunction]
pub fn stem_languages() -> PyResult<Vec<&'static str>> {
    run_attached(|| crate::text::stem::stem_languages().to_vec())
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
pub fn resolve_language(language: &str) -> PyResult<Option<&'static str>> {
    run_attached(|| crate::text::stem::resolve_language(language))
}

/// Abbreviations learned from texts or given as words, with the evidence of how words are
/// written (see the core's `text::sentences::LearnedAbbreviations`). Immutable.
#[pyclass(name = "LearnedAbbreviations", module = "storylens._core", frozen, eq)]
#[derive(PartialEq)]
pub struct PyLearnedAbbreviations {
    inner: LearnedAbbreviations,
}

#[pymethods]
impl PyLearnedAbbreviations {
    /// Learns from `texts`, with the GIL released.
    #[staticmethod]
    fn learn(py: Python<'_>, texts: Vec<String>) -> PyResult<Self> {
        let inner = run_detached(py, || {
            LearnedAbbreviations::learn(texts.iter().map(String::as_str))
        })?;
        Ok(PyLearnedAbbreviations { inner })
    }

    /// A model of the given words (final period and case ignored), without evidence.
    #[staticmethod]
    fn from_words(words: Vec<String>) -> PyResult<Self> {
        run_attached(|| PyLearnedAbbreviations {
            inner: LearnedAbbreviations::from_words(words.iter().map(String::as_str)),
        })
    }

    /// The model as JSON text (what pickle carries).
    fn to_json(&self) -> PyResult<String> {
        run_attached(|| self.inner.to_json())
    }

    /// A model from `to_json()`'s text; a broken one raises InvalidParameterError.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: String) -> PyResult<Self> {
        let inner = try_run_detached(py, move || LearnedAbbreviations::from_json(&text))?;
        Ok(PyLearnedAbbreviations { inner })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().to_json()?,)))
    }

    /// The abbreviations, lowercase and without their final period, sorted.
    fn abbreviations(&self) -> PyResult<Vec<String>> {
        run_attached(|| self.inner.abbreviations().map(str::to_string).collect())
    }

    /// The words the evidence says are not abbreviations, sorted.
    fn not_abbreviations(&self) -> PyResult<Vec<String>> {
        run_attached(|| self.inner.not_abbreviations().map(str::to_string).collect())
    }

    /// Whether `previous word` was seen as a name without a period ("Hun Sen said").
    fn is_name(&self, previous: &str, word: &str) -> PyResult<bool> {
        run_attached(|| self.inner.is_name(previous, word))
    }

    /// The `SEEN_*` flags of `word`: 1 lowercase, 2 capitalised mid-sentence, 4 capitalised
    /// at a sentence start.
    fn orthography(&self, word: &str) -> PyResult<u8> {
        run_attached(|| self.inner.orthography(word))
    }

    fn __len__(&self) -> PyResult<usize> {
        run_attached(|| self.inner.len())
    }

    fn __contains__(&self, word: &str) -> PyResult<bool> {
        run_attached(|| {
            self.inner
                .is_abbreviation(word.trim().trim_end_matches('.'))
        })
    }
}
