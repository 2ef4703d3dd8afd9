//! Counting, hashing and TF-IDF weighting for the Python estimators. Each function borrows
//! its input, releases the GIL for the work, and returns numpy arrays that own Rust buffers.

use numpy::{PyArray1, PyReadonlyArray1, PyReadwriteArray1};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::error::Error;
use crate::parallel::resolve_threads;
use crate::parallel::BATCH_BYTES as COUNT_BATCH_BYTES;
use crate::python::analyzer::PyAnalyzer;
use crate::python::arrays::{csr_to_numpy, vec_to_numpy};
use crate::python::corpus_stats::PyCorpusStats;
use crate::python::detached::{
    run_attached, run_detached, run_job, try_run_attached, try_run_detached, JobLength,
};
use crate::python::documents::{process_text_batches, BorrowedDocuments};
use crate::vectorize::corpus_stats::CorpusStats;
use crate::vectorize::count::{
    assemble_with_vocabulary, count_chunks, count_part_with_vocabulary, count_with_vocabulary,
    learn_terms, learn_vocabulary, ChunkedCounts, CountWorker, CountedCorpus,
};
use crate::vectorize::csr::{validate_csr, CsrIndex, CsrMatrix};
use crate::vectorize::hashing::{assemble_hashed_finished, hash_part, hash_rows, HashedRows};
use crate::vectorize::vocabulary::Vocabulary;
use crate::vectorize::weighting::{
    apply_tfidf, inverse_document_frequency, normalize_rows, Norm, TfidfWeighting,
};

/// Distinct terms (summed over the workers) from which the vocabulary merge is watched for
/// Ctrl-C: below it the merge takes a few milliseconds.
const WATCHED_MERGE_TERMS: usize = 200_000;

/// Text per batch of work when hashing (rows are independent): small batches let the
/// workers start as soon as the first one is encoded and keep few encoded copies alive.
const HASH_BATCH_BYTES: usize = 1 << 20;

/// A fitted vocabulary (terms in column order), shared by fit and transform.
#[pyclass(name = "Vocabulary", module = "storylens._core", frozen)]
pub struct PyVocabulary {
    pub inner: Vocabulary,
}

#[pymethods]
impl PyVocabulary {
    #[new]
    fn new(terms: Vec<String>) -> PyResult<Self> {
        let inner = try_run_attached(|| Vocabulary::from_terms(terms))?;
        Ok(PyVocabulary { inner })
    }

    fn __len__(&self) -> PyResult<usize> {
        run_attached(|| self.inner.len())
    }

    /// Terms in column order.
    fn terms(&self) -> PyResult<Vec<String>> {
        run_attached(|| self.inner.terms().map(str::to_string).collect())
    }

    /// The column of `term`, or None.
    fn column(&self, term: &str) -> PyResult<Option<u32>> {
        run_attached(|| self.inner.column(term))
    }

    fn __getnewargs__(&self) -> PyResult<(Vec<String>,)> {
        Ok((run_attached(|| {
            self.inner.terms().map(str::to_string).collect()
        })?,))
    }
}

/// Counts with a vocabulary still being learned; the estimator picks the columns to keep
/// (min_df, max_df, max_features) before taking the matrix.
#[pyclass(name = "CountedCorpus", module = "storylens._core")]
pub struct PyCountedCorpus {
    inner: Option<CountedCorpus>,
    /// The `n_jobs` of the fit, for the work done on the counts afterwards.
    threads: usize,
}

impl PyCountedCorpus {
    fn corpus(&self) -> PyResult<&CountedCorpus> {
        Ok(self.inner.as_ref().ok_or_else(already_consumed)?)
    }
}

#[pymethods]
impl PyCountedCorpus {
    #[getter]
    fn n_documents(&self) -> PyResult<usize> {
        Ok(self.corpus()?.n_rows())
    }

    #[getter]
    fn n_terms(&self) -> PyResult<usize> {
        Ok(self.corpus()?.terms.len())
    }

    /// Number of documents containing each term (int64).
    fn document_frequencies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<i64>>> {
        let corpus = self.corpus()?;
        let threads = self.threads;
        let frequencies = run_detached(py, || corpus.document_frequencies_on(threads))?;
        Ok(vec_to_numpy(py, frequencies))
    }

    /// Total count of each term (int64).
    fn term_totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<i64>>> {
        let corpus = self.corpus()?;
        let threads = self.threads;
        let totals = run_detached(py, || corpus.term_totals_on(threads));
        Ok(vec_to_numpy(py, totals?))
    }

    /// The statistics of the counted documents, every term included (call it before
    /// `select_columns`); `analysis` describes how they were analysed.
    fn corpus_stats(&self, py: Python<'_>, analysis: &str) -> PyResult<PyCorpusStats> {
        let corpus = self.corpus()?;
        let threads = self.threads;
        let inner = run_detached(py, || CorpusStats::from_counted(corpus, threads, analysis))?;
        Ok(PyCorpusStats { inner })
    }

    /// Keeps only the columns where `keep` is true.
    fn select_columns(&mut self, py: Python<'_>, keep: PyReadonlyArray1<'_, bool>) -> PyResult<()> {
        let keep = keep.as_slice()?.to_vec();
        let corpus = self.take()?;
        self.inner = Some(try_run_detached(py, move || corpus.select_columns(&keep))?);
        Ok(())
    }

    /// Consumes the counts: `(vocabulary, data, indices, indptr, shape)` with int64 data, or
    /// float64 data (for TF-IDF weighting in place) when `as_float`.
    #[pyo3(signature = (as_float=false))]
    fn finish<'py>(&mut self, py: Python<'py>, as_float: bool) -> PyResult<FinishedCounts<'py>> {
        let corpus = self.take()?;
        let threads = self.threads;
        let shape = (corpus.n_rows(), corpus.terms.len());
        Ok(if as_float {
            let (terms, matrix) = run_detached(py, || corpus.into_matrix(threads, f64::from))?;
            finished_counts(py, terms, matrix, shape)
        } else {
            let (terms, matrix) = run_detached(py, || corpus.into_matrix(threads, i64::from))?;
            finished_counts(py, terms, matrix, shape)
        })
    }

    /// Consumes the counts into the TF-IDF matrix, weighted as it is written:
    /// `(vocabulary, data, indices, indptr, shape)`. `idf` (float64 or float32, one entry per
    /// term, or None) sets the precision; without idf, `float64` does.
    #[pyo3(signature = (idf, binary, sublinear_tf, norm, float64=true))]
    fn finish_tfidf<'py>(
        &mut self,
        py: Python<'py>,
        idf: Option<&Bound<'py, PyAny>>,
        binary: bool,
        sublinear_tf: bool,
        norm: Option<&str>,
        float64: bool,
    ) -> PyResult<FinishedCounts<'py>> {
        let norm = parse_norm(norm)?;
        let threads = self.threads;
        let float64 = match idf {
            Some(idf) => {
                idf.getattr("dtype")?
                    .getattr("itemsize")?
                    .extract::<usize>()?
                    == 8
            }
            None => float64,
        };
        macro_rules! run {
            ($float:ty) => {{
                let idf: Option<PyReadonlyArray1<'py, $float>> =
                    idf.map(|a| a.extract()).transpose()?;
                let idf = idf.as_ref().map(|a| a.as_slice()).transpose()?;
                let corpus = self.take()?;
                let shape = (corpus.n_rows(), corpus.terms.len());
                let weighting = TfidfWeighting {
                    idf,
                    sublinear_tf,
                    norm,
                };
                let (vocabulary, matrix) =
                    try_run_detached(py, || corpus.into_tfidf(binary, &weighting, threads))?;
                Ok(finished_counts(py, vocabulary, matrix, shape))
            }};
        }
        if float64 {
            run!(f64)
        } else {
            run!(f32)
        }
    }
}

impl PyCountedCorpus {
    fn take(&mut self) -> PyResult<CountedCorpus> {
        Ok(self.inner.take().ok_or_else(already_consumed)?)
    }
}

/// The estimators take a CountedCorpus's matrix once; a second use is a bug in storylens.
fn already_consumed() -> Error {
    Error::Internal("this CountedCorpus was already consumed".to_string())
}

/// The vocabulary and matrix as [`FinishedCounts`], handed to numpy without copying.
fn finished_counts<T: numpy::Element>(
    py: Python<'_>,
    vocabulary: Vocabulary,
    matrix: CsrMatrix<T>,
    shape: (usize, usize),
) -> FinishedCounts<'_> {
    let (data, indices, indptr) = csr_to_numpy(py, matrix);
    (
        PyVocabulary { inner: vocabulary },
        data,
        indices,
        indptr,
        shape,
    )
}

/// What `CountedCorpus.finish` returns: `(vocabulary, data, indices, indptr, shape)`.
type FinishedCounts<'py> = (
    PyVocabulary,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    (usize, usize),
);

/// Counts `documents` and learns the vocabulary (sorted). Documents without any term are
/// the "empty vocabulary" error, unless `allow_empty` (one part of a corpus, whose
/// statistics are merged before anything is decided).
#[pyfunction]
#[pyo3(signature = (analyzer, documents, n_jobs=None, encoding="utf-8", decode_error="strict", allow_empty=false))]
pub fn count_fit(
    py: Python<'_>,
    analyzer: &PyAnalyzer,
    documents: &Bound<'_, PyList>,
    n_jobs: Option<i64>,
    encoding: &str,
    decode_error: &str,
    allow_empty: bool,
) -> PyResult<PyCountedCorpus> {
    let threads = resolve_threads(n_jobs)?;
    let chunks = if analyzer.inner.takes_tokens() {
        let borrowed = BorrowedDocuments::take(&analyzer.inner, documents, encoding, decode_error)?;
        let analyzer = &analyzer.inner;
        run_detached(py, || {
            borrowed.with_documents(|docs| count_chunks(docs, analyzer, threads))
        })?
    } else {
        // Text is encoded chunk by chunk while earlier chunks are counted; each chunk's
        // UTF-8 copy is freed when it is counted, so the peak memory is the counts' alone.
        let analyzer = &analyzer.inner;
        ChunkedCounts::from_batches(process_text_batches(
            py,
            documents,
            encoding,
            decode_error,
            threads,
            COUNT_BATCH_BYTES,
            CountWorker::new,
            |worker, docs| worker.count(docs, 0..docs.len(), analyzer),
        )?)
    };
    // The chunks' text copies and the buffers that grew while counting are freed: give their
    // pages back before the vocabulary is merged and the matrix built.
    run_detached(py, crate::memory::release_free_memory)?;
    let analyzer = &analyzer.inner;
    // Merging millions of distinct terms (char n-grams, say) takes seconds: watch it then, so
    // that Ctrl-C stops it too.
    let length = if chunks.local_terms() >= WATCHED_MERGE_TERMS {
        JobLength::Long
    } else {
        JobLength::Short
    };
    let n_documents = documents.len();
    let corpus = run_job(py, length, |control| {
        // The merge is the last stage of counting these documents: it reports them all
        // done, so a progress callback sees (n, n) again rather than a new count.
        control.add_total(n_documents);
        control.advance(n_documents);
        if allow_empty {
            learn_terms(chunks, analyzer, threads, control)
        } else {
            learn_vocabulary(chunks, analyzer, threads, control)
        }
    })?;
    Ok(PyCountedCorpus {
        inner: Some(corpus),
        threads,
    })
}

type CsrParts<'py> = (
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    (usize, usize),
);

fn matrix_parts<T: numpy::Element>(py: Python<'_>, matrix: CsrMatrix<T>) -> CsrParts<'_> {
    let shape = (matrix.n_rows, matrix.n_cols);
    let (data, indices, indptr) = csr_to_numpy(py, matrix);
    (data, indices, indptr, shape)
}

/// Counts `documents` against a fitted vocabulary: `(data, indices, indptr, shape)`.
#[pyfunction]
#[pyo3(signature = (analyzer, vocabulary, documents, n_jobs=None, encoding="utf-8", decode_error="strict", as_float=false))]
#[allow(clippy::too_many_arguments)]
pub fn count_transform<'py>(
    py: Python<'py>,
    analyzer: &PyAnalyzer,
    vocabulary: &PyVocabulary,
    documents: &Bound<'py, PyList>,
    n_jobs: Option<i64>,
    encoding: &str,
    decode_error: &str,
    as_float: bool,
) -> PyResult<CsrParts<'py>> {
    let threads = resolve_threads(n_jobs)?;
    let vocabulary = &vocabulary.inner;
    let matrix = if analyzer.inner.takes_tokens() {
        let borrowed = BorrowedDocuments::take(&analyzer.inner, documents, encoding, decode_error)?;
        let analyzer = &analyzer.inner;
        run_detached(py, || {
            borrowed
                .with_documents(|docs| count_with_vocabulary(docs, analyzer, vocabulary, threads))
        })?
    } else {
        let analyzer = &analyzer.inner;
        // Build the lookup once, before the workers share it.
        vocabulary.lookup();
        let parts = process_text_batches(
            py,
            documents,
            encoding,
            decode_error,
            threads,
            COUNT_BATCH_BYTES,
            || (),
            |_, docs| count_part_with_vocabulary(docs, analyzer, vocabulary),
        )?
        .into_results();
        run_detached(py, || assemble_with_vocabulary(vocabulary, parts, threads))?
    };
    Ok(if as_float {
        matrix_parts(py, matrix.map(|count| count as f64))
    } else {
        matrix_parts(py, matrix)
    })
}

/// HashingVectorizer's matrix: `(data, indices, indptr, shape)`, float64 (float32 when
/// `float32`), with every value 1 when `binary` and the rows normalised when `norm` is given,
/// all done as the matrix is written.
#[pyfunction]
// Mirrors the Python-side keyword arguments one to one.
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (analyzer, documents, n_features, alternate_sign, n_jobs=None, encoding="utf-8", decode_error="strict", binary=false, norm=None, float32=false))]
pub fn hash_documents<'py>(
    py: Python<'py>,
    analyzer: &PyAnalyzer,
    documents: &Bound<'py, PyList>,
    n_features: u32,
    alternate_sign: bool,
    n_jobs: Option<i64>,
    encoding: &str,
    decode_error: &str,
    binary: bool,
    norm: Option<&str>,
    float32: bool,
) -> PyResult<CsrParts<'py>> {
    let norm = parse_norm(norm)?;
    if n_features == 0 || n_features > i32::MAX as u32 {
        return Err(Error::parameter(
            "n_features",
            format!("{n_features}; expected 1 <= n_features <= 2**31 - 1"),
        )
        .into());
    }
    let threads = resolve_threads(n_jobs)?;
    let rows = if analyzer.inner.takes_tokens() {
        let borrowed = BorrowedDocuments::take(&analyzer.inner, documents, encoding, decode_error)?;
        let analyzer = &analyzer.inner;
        run_detached(py, || {
            borrowed.with_documents(|docs| {
                hash_rows(docs, analyzer, n_features, alternate_sign, threads)
            })
        })?
    } else {
        // As in count_fit: each chunk's UTF-8 copy lives only until it is hashed.
        let analyzer = &analyzer.inner;
        HashedRows::from_parts(
            n_features,
            process_text_batches(
                py,
                documents,
                encoding,
                decode_error,
                threads,
                HASH_BATCH_BYTES,
                || (),
                |_, docs| hash_part(docs, analyzer, n_features, alternate_sign),
            )?
            .into_results(),
        )
    };
    // The batches' text copies and grown buffers are freed: give their pages back before
    // the matrix is allocated (about 2 ms; see `release_free_memory`).
    run_detached(py, crate::memory::release_free_memory)?;
    Ok(if float32 {
        let matrix = run_detached(py, || {
            assemble_hashed_finished::<f32>(rows, binary, norm, threads)
        })?;
        matrix_parts(py, matrix)
    } else {
        let matrix = run_detached(py, || {
            assemble_hashed_finished::<f64>(rows, binary, norm, threads)
        })?;
        matrix_parts(py, matrix)
    })
}

/// `norm` as the core's choice (None: no normalisation).
fn parse_norm(norm: Option<&str>) -> PyResult<Option<Norm>> {
    Ok(norm.map(str::parse).transpose()?)
}

/// TfidfTransformer.fit's idf from document frequencies, as float64 or float32.
#[pyfunction]
pub fn idf_from_document_frequencies<'py>(
    py: Python<'py>,
    document_frequencies: PyReadonlyArray1<'py, i64>,
    n_samples: usize,
    smooth_idf: bool,
    double_precision: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let df = document_frequencies.as_slice()?;
    Ok(if double_precision {
        let idf = run_attached(|| inverse_document_frequency::<f64>(df, n_samples, smooth_idf))?;
        vec_to_numpy(py, idf).into_any()
    } else {
        let idf = run_attached(|| inverse_document_frequency::<f32>(df, n_samples, smooth_idf))?;
        vec_to_numpy(py, idf).into_any()
    })
}

/// TfidfTransformer.transform on CSR buffers, writing into `data` (float64 or float32, with
/// `idf` of the same type): the estimators' own freshly counted matrices need no copy.
#[pyfunction]
#[pyo3(signature = (data, indices, indptr, n_cols, idf, sublinear_tf, norm, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn tfidf_weight_in_place<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    idf: Option<&Bound<'py, PyAny>>,
    sublinear_tf: bool,
    norm: Option<&str>,
    n_jobs: Option<i64>,
) -> PyResult<()> {
    let norm = parse_norm(norm)?;
    let threads = resolve_threads(n_jobs)?;
    macro_rules! run {
        ($float:ty, $index:ty) => {{
            let mut values: PyReadwriteArray1<'py, $float> = data.extract()?;
            let indices: PyReadonlyArray1<'py, $index> = indices.extract()?;
            let indptr: PyReadonlyArray1<'py, $index> = indptr.extract()?;
            let idf: Option<PyReadonlyArray1<'py, $float>> =
                idf.map(|a| a.extract()).transpose()?;
            let indices = indices.as_slice()?;
            let indptr = indptr.as_slice()?;
            let idf = idf.as_ref().map(|a| a.as_slice()).transpose()?;
            let values = values.as_slice_mut()?;
            let n_rows = indptr.len().saturating_sub(1);
            try_run_detached(py, || {
                validate_csr(n_rows, n_cols, indptr, indices, values.len())?;
                // apply_tfidf takes the column count from the idf: one weight per column.
                if let Some(idf) = idf.filter(|idf| idf.len() != n_cols) {
                    return Err(Error::ShapeMismatch(format!(
                        "X has {n_cols} features, but the idf has {} weights",
                        idf.len()
                    )));
                }
                apply_tfidf(indptr, indices, values, idf, sublinear_tf, norm, threads)
            })
        }};
    }
    let itemsize = |array: &Bound<'py, PyAny>| -> PyResult<usize> {
        array.getattr("dtype")?.getattr("itemsize")?.extract()
    };
    match (itemsize(data)?, itemsize(indices)?) {
        (8, 8) => run!(f64, i64),
        (8, _) => run!(f64, i32),
        (_, 8) => run!(f32, i64),
        _ => run!(f32, i32),
    }
}

/// sklearn.preprocessing.normalize(X, norm) on CSR buffers, rescaling `data` in place (the
/// estimators call it on matrices they have just built).
#[pyfunction]
#[pyo3(signature = (data, indptr, norm, n_jobs=None))]
pub fn normalize_data_in_place<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    norm: &str,
    n_jobs: Option<i64>,
) -> PyResult<()> {
    let norm: Norm = norm.parse()?;
    let threads = resolve_threads(n_jobs)?;
    macro_rules! run {
        ($float:ty, $index:ty) => {{
            let mut values: PyReadwriteArray1<'py, $float> = data.extract()?;
            let values = values.as_slice_mut()?;
            let pointers: PyReadonlyArray1<'py, $index> = indptr.extract()?;
            let pointers = pointers.as_slice()?;
            if pointers.last().map_or(0, |p| p.to_usize()) != values.len() {
                return Err(Error::ShapeMismatch(format!(
                    "indptr ends at {} but data has {} values",
                    pointers.last().map_or(0, |p| p.to_usize()),
                    values.len()
                ))
                .into());
            }
            run_detached(py, || {
                normalize_rows(pointers, values, norm, threads);
            })
        }};
    }
    let itemsize = |array: &Bound<'py, PyAny>| -> PyResult<usize> {
        array.getattr("dtype")?.getattr("itemsize")?.extract()
    };
    match (itemsize(data)?, itemsize(indptr)?) {
        (8, 8) => run!(f64, i64),
        (8, _) => run!(f64, i32),
        (_, 8) => run!(f32, i64),
        _ => run!(f32, i32),
    }
}
