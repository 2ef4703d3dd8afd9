//! The fitted state and the model file, for the Python estimators: `save()`/`load()` and
//! pickle both go through the core's serde struct, so there is one description of a fitted
//! vectorizer whichever way it travels.

use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::error::Error;
use crate::python::arrays::{count_vec, float_vec};
use crate::python::detached::{run_detached, try_run_attached, try_run_detached};
use crate::python::json_state::{self, JsonState};
use crate::python::vectorizers::PyVocabulary;
use crate::vectorize::fitted_state::{
    CorpusStats, FittedState, IdfDtype, ModelFile, VocabularyState, WeightingState,
};
use crate::vectorize::vocabulary::Vocabulary;

/// What a fitted estimator knows beyond its parameters (see `src/vectorize/fitted_state.rs`).
/// It pickles as its JSON.
#[pyclass(name = "FittedState", module = "storylens._core", frozen)]
pub struct PyFittedState {
    pub inner: FittedState,
}

/// Per-column counts (non-negative integers of any integer dtype), or None.
fn counts(values: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Vec<u64>>> {
    values
        .map(|values| {
            Ok(count_vec(values, name)?
                .into_iter()
                .map(|v| v as u64)
                .collect())
        })
        .transpose()
}

#[pymethods]
impl PyFittedState {
    /// Builds a state from an estimator's fitted parts; every part is optional.
    #[new]
    #[pyo3(signature = (
        *, vocabulary=None, fixed_vocabulary=false, n_documents=None,
        document_frequencies=None, term_totals=None, n_features=None, idf_dtype=None, idf=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        vocabulary: Option<PyRef<'_, PyVocabulary>>,
        fixed_vocabulary: bool,
        n_documents: Option<u64>,
        document_frequencies: Option<&Bound<'_, PyAny>>,
        term_totals: Option<&Bound<'_, PyAny>>,
        n_features: Option<usize>,
        idf_dtype: Option<&str>,
        idf: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // Reads numpy arrays and asks the core to validate: quick, so the GIL stays held.
        try_run_attached(|| {
            // A part without what it belongs to would be dropped silently: refuse it instead.
            if vocabulary.is_none() && (n_documents.is_some() || fixed_vocabulary) {
                return Err(Error::parameter(
                    "vocabulary",
                    "corpus statistics and fixed_vocabulary need a vocabulary",
                )
                .into());
            }
            if n_features.is_none() && (idf.is_some() || idf_dtype.is_some()) {
                return Err(
                    Error::parameter("n_features", "idf and idf_dtype need n_features").into(),
                );
            }
            let document_frequencies = counts(document_frequencies, "document_frequencies")?;
            let term_totals = counts(term_totals, "term_totals")?;
            let corpus =
                match (n_documents, document_frequencies, term_totals) {
                    (Some(n_documents), Some(document_frequencies), Some(term_totals)) => {
                        Some(CorpusStats {
                            n_documents,
                            document_frequencies,
                            term_totals,
                        })
                    }
                    (None, None, None) => None,
                    _ => return Err(Error::parameter(
                        "n_documents",
                        "corpus statistics need n_documents, document_frequencies and term_totals",
                    )
                    .into()),
                };
            let vocabulary = vocabulary.map(|vocabulary| VocabularyState {
                terms: vocabulary.inner.terms().map(str::to_string).collect(),
                fixed: fixed_vocabulary,
                corpus,
            });
            let weighting = match n_features {
                Some(n_features) => Some(WeightingState {
                    n_features,
                    idf_dtype: idf_dtype.unwrap_or("float64").parse::<IdfDtype>()?,
                    idf: idf.map(|idf| float_vec(idf, "idf")).transpose()?,
                }),
                None => None,
            };
            let inner = FittedState {
                vocabulary,
                weighting,
            };
            inner.validate()?;
            Ok::<_, PyErr>(PyFittedState { inner })
        })
    }

    /// The state as JSON text (what `save()` writes and pickle carries).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        run_detached(py, || self.json_text())
    }

    /// A state from `to_json()`'s text, validated; a broken one raises ModelFileError.
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

    /// The vocabulary, or None for estimators without one.
    fn vocabulary(&self, py: Python<'_>) -> PyResult<Option<PyVocabulary>> {
        let Some(state) = &self.inner.vocabulary else {
            return Ok(None);
        };
        let inner = try_run_detached(py, || Vocabulary::from_terms(&state.terms))?;
        Ok(Some(PyVocabulary { inner }))
    }

    /// Whether the vocabulary was given rather than learned.
    #[getter]
    fn fixed_vocabulary(&self) -> bool {
        self.inner.vocabulary.as_ref().is_some_and(|v| v.fixed)
    }

    /// How many documents the vocabulary was learned from, when known.
    #[getter]
    fn n_documents(&self) -> Option<u64> {
        self.corpus().map(|corpus| corpus.n_documents)
    }

    /// Document frequency per column, when known.
    fn document_frequencies<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<u64>>> {
        self.corpus()
            .map(|corpus| corpus.document_frequencies.clone().into_pyarray(py))
    }

    /// The count `max_features` ranks by, per column, when known.
    fn term_totals<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<u64>>> {
        self.corpus()
            .map(|corpus| corpus.term_totals.clone().into_pyarray(py))
    }

    /// The number of columns the TF-IDF weighting applies to, or None without one.
    #[getter]
    fn n_features(&self) -> Option<usize> {
        self.inner.weighting.as_ref().map(|w| w.n_features)
    }

    /// The idf dtype's name, or None without a weighting.
    #[getter]
    fn idf_dtype(&self) -> Option<&'static str> {
        self.inner.weighting.as_ref().map(|w| match w.idf_dtype {
            IdfDtype::Float64 => "float64",
            IdfDtype::Float32 => "float32",
        })
    }

    /// The idf weights as float64, or None (no weighting, or `use_idf=False`).
    fn idf<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        let idf = self.inner.weighting.as_ref()?.idf.as_ref()?;
        Some(idf.clone().into_pyarray(py))
    }
}

impl JsonState for PyFittedState {
    fn json_text(&self) -> String {
        self.inner.to_json()
    }

    fn from_json_text(text: &str) -> crate::error::Result<Self> {
        let inner = FittedState::from_json(text)?;
        Ok(PyFittedState { inner })
    }

    fn same_value(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl PyFittedState {
    fn corpus(&self) -> Option<&CorpusStats> {
        self.inner.vocabulary.as_ref()?.corpus.as_ref()
    }
}

/// The JSON text of a model file: the estimator's class name, its parameters (already
/// encoded as JSON by the package) and its fitted state (None when not fitted).
#[pyfunction]
#[pyo3(signature = (class_name, params_json, state))]
pub fn write_model_file(
    py: Python<'_>,
    class_name: &str,
    params_json: String,
    state: Option<PyRef<'_, PyFittedState>>,
) -> PyResult<String> {
    let state = state.map(|state| state.inner.clone());
    let class_name = class_name.to_string();
    try_run_detached(py, move || {
        ModelFile::new(&class_name, &params_json, state).map(|file| file.to_json())
    })
}

/// Reads a model file's text (this format version or an earlier one): the class name, the
/// parameters' JSON text, and the fitted state or None. A broken file raises ModelFileError.
#[pyfunction]
pub fn read_model_file(
    py: Python<'_>,
    text: String,
) -> PyResult<(String, String, Option<PyFittedState>)> {
    let file = try_run_detached(py, move || ModelFile::from_json(&text))?;
    let state = file.state.map(|inner| PyFittedState { inner });
    Ok((file.class, file.params.get().to_string(), state))
}
