//! Corpus statistics for the Python package (`storylens.feature_extraction.CorpusStats` wraps
//! this class): merge, the kept columns, and the versioned JSON that pickle and `save()` carry.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::python::arrays::vec_to_numpy;
use crate::python::detached::{run_attached, run_detached, try_run_detached};
use crate::python::json_state::{self, JsonState};
use crate::python::vectorizers::PyVocabulary;
use crate::vectorize::corpus_stats::CorpusStats;

/// The statistics of a set of documents (see `src/vectorize/corpus_stats.rs`). Immutable:
/// `merge` returns new statistics. It pickles as its JSON.
#[pyclass(name = "CorpusStats", module = "storylens._core", frozen)]
pub struct PyCorpusStats {
    pub inner: CorpusStats,
}

/// `(document_frequencies, term_totals)` as numpy arrays.
type CountArrays<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>);

/// Counts as numpy int64 (the core keeps every count below 2**63).
fn int64_array<'py>(py: Python<'py>, values: &[u64]) -> Bound<'py, PyArray1<i64>> {
    vec_to_numpy(py, values.iter().map(|&v| v as i64).collect())
}

#[pymethods]
impl PyCorpusStats {
    /// The statistics of no documents, for the analysis described by `analysis`.
    #[staticmethod]
    fn empty(analysis: &str) -> PyResult<Self> {
        let inner = run_attached(|| CorpusStats::empty(analysis))?;
        Ok(PyCorpusStats { inner })
    }

    /// How the documents were analysed (the package's description).
    #[getter]
    fn analysis(&self) -> &str {
        self.inner.analysis()
    }

    #[getter]
    fn n_documents(&self) -> u64 {
        self.inner.n_documents()
    }

    #[getter]
    fn n_terms(&self) -> usize {
        self.inner.n_terms()
    }

    /// The statistics of both sets of documents.
    fn merge(&self, py: Python<'_>, other: PyRef<'_, PyCorpusStats>) -> PyResult<Self> {
        let other = &other.inner;
        let inner = try_run_detached(py, || self.inner.merge(other))?;
        Ok(PyCorpusStats { inner })
    }

    /// Document frequency per term (int64, terms in byte order).
    fn document_frequencies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<i64>>> {
        let frequencies = run_attached(|| self.inner.document_frequencies())?;
        Ok(int64_array(py, frequencies))
    }

    /// Total count per term (int64, terms in byte order).
    fn term_totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<i64>>> {
        let totals = run_attached(|| self.inner.term_totals())?;
        Ok(int64_array(py, totals))
    }

    /// The vocabulary of the terms where `keep` is true.
    fn select(&self, py: Python<'_>, keep: PyReadonlyArray1<'_, bool>) -> PyResult<PyVocabulary> {
        let keep = keep.as_slice()?;
        let inner = try_run_detached(py, || self.inner.select(keep))?;
        Ok(PyVocabulary { inner })
    }

    /// `(document_frequencies, term_totals)` of each term of `vocabulary` (int64; zero for
    /// terms the documents never had).
    fn counts_of<'py>(
        &self,
        py: Python<'py>,
        vocabulary: &PyVocabulary,
    ) -> PyResult<CountArrays<'py>> {
        let (frequencies, totals) = run_detached(py, || self.inner.counts_of(&vocabulary.inner))?;
        Ok((int64_array(py, &frequencies), int64_array(py, &totals)))
    }

    /// The statistics as versioned JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        run_detached(py, || self.json_text())
    }

    /// Statistics from `to_json()`'s text, validated; a broken one raises ModelFileError.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: String) -> PyResult<Self> {
        try_run_detached(py, move || Self::from_json_text(&text))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        json_state::reduce(slf)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        json_state::equals(self, other)
    }
}

impl JsonState for PyCorpusStats {
    fn json_text(&self) -> String {
        self.inner.to_json()
    }

    fn from_json_text(text: &str) -> crate::error::Result<Self> {
        let inner = CorpusStats::from_json(text)?;
        Ok(PyCorpusStats { inner })
    }

    fn same_value(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}
