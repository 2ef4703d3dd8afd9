//! `_core.Analyzer`: a compiled analyzer the Python estimators and the Tokenizer share.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;

use crate::parallel::{resolve_threads, run_with_threads};
use crate::python::detached::{run_detached, try_run_attached, try_run_detached};
use crate::python::documents::{borrow_documents, BorrowedDocuments};
use crate::text::analyzer::{
    Analyzer, AnalyzerConfig, AnalyzerKind, LocatedFeature, Scratch, Tokenization,
};
use crate::text::char_tables::current;
use crate::text::normalize::{
    normalize_into, Normalization, NormalizedText, SourceEnds, StripAccents,
};
use crate::text::word_runs::WordRuns;

#[pyclass(name = "Analyzer", module = "storylens._core", frozen)]
pub struct PyAnalyzer {
    pub inner: Arc<Analyzer>,
}

/// `strip_accents` as the core's choice (None: no stripping).
fn parse_strip_accents(value: Option<&str>) -> PyResult<Option<StripAccents>> {
    Ok(value.map(str::parse).transpose()?)
}

#[pymethods]
impl PyAnalyzer {
    /// `kind` is "word", "char", "char_wb", "tokens" (documents come as token lists) or
    /// "features" (documents come as feature lists); `tokenizer` is "runs", "regex" or "news".
    #[new]
    #[pyo3(signature = (kind="word", tokenizer="runs", min_len=2, max_len=None, pattern=None, lowercase=true, strip_accents=None, fold_typography=false, stop_words=None, stem=None, ngram_range=(1, 1)))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: &str,
        tokenizer: &str,
        min_len: usize,
        max_len: Option<usize>,
        pattern: Option<String>,
        lowercase: bool,
        strip_accents: Option<&str>,
        fold_typography: bool,
        stop_words: Option<Vec<String>>,
        stem: Option<String>,
        ngram_range: (usize, usize),
    ) -> PyResult<Self> {
        // Compiling the analyzer (its regex, its stop words) is quick: no GIL release.
        try_run_attached(|| {
            let tokenization =
                Tokenization::from_name(tokenizer, WordRuns { min_len, max_len }, pattern)?;
            let kind = AnalyzerKind::from_name(kind, tokenization)?;
            let config = AnalyzerConfig {
                kind,
                normalization: Normalization {
                    fold_typography,
                    lowercase,
                    strip_accents: parse_strip_accents(strip_accents)?,
                },
                stop_words,
                stem,
                ngram_range,
            };
            let inner = Analyzer::new(config, current())?;
            Ok::<_, PyErr>(PyAnalyzer {
                inner: Arc::new(inner),
            })
        })
    }

    /// The features of every document, in order (documents are token lists for the
    /// "tokens" and "features" kinds).
    #[pyo3(signature = (documents, n_jobs=None, encoding="utf-8", decode_error="strict"))]
    fn analyze_many(
        &self,
        py: Python<'_>,
        documents: &Bound<'_, PyList>,
        n_jobs: Option<i64>,
        encoding: &str,
        decode_error: &str,
    ) -> PyResult<Vec<Vec<String>>> {
        let borrowed = BorrowedDocuments::take(&self.inner, documents, encoding, decode_error)?;
        let threads = resolve_threads(n_jobs)?;
        let analyzer = &*self.inner;
        run_detached(py, || {
            borrowed.with_documents(|docs| {
                run_with_threads(threads, || {
                    (0..docs.len())
                        .into_par_iter()
                        .map_init(Scratch::default, |scratch, index| {
                            let mut features = Vec::new();
                            docs.analyze(
                                index,
                                analyzer,
                                scratch,
                                &mut |f: &str| features.push(f.to_string()),
                                true,
                            );
                            features
                        })
                        .collect()
                })
            })
        })
    }

    /// The features of documents given as located tokens, `(token, start, end)` per token,
    /// with each feature's span (for the "tokens" kind: a Python tokeniser located them).
    #[pyo3(signature = (documents, n_jobs=None))]
    fn analyze_located_tokens_many(
        &self,
        py: Python<'_>,
        documents: Vec<Vec<(String, usize, usize)>>,
        n_jobs: Option<i64>,
    ) -> PyResult<Vec<Vec<(String, usize, usize)>>> {
        let threads = resolve_threads(n_jobs)?;
        let analyzer = Arc::clone(&self.inner);
        try_run_detached(py, move || {
            run_with_threads(threads, || {
                documents
                    .par_iter()
                    .map_init(Scratch::default, |scratch, tokens| {
                        let borrowed: Vec<(&str, usize, usize)> = tokens
                            .iter()
                            .map(|(token, start, end)| (token.as_str(), *start, *end))
                            .collect();
                        analyzer
                            .analyze_located_tokens(&borrowed, scratch)
                            .map(located_tuples)
                    })
                    .collect()
            })
        })
    }

    /// The features of every document with (start, end) code-point offsets into it.
    #[pyo3(signature = (documents, n_jobs=None, encoding="utf-8", decode_error="strict"))]
    fn analyze_many_with_offsets(
        &self,
        py: Python<'_>,
        documents: &Bound<'_, PyList>,
        n_jobs: Option<i64>,
        encoding: &str,
        decode_error: &str,
    ) -> PyResult<Vec<Vec<(String, usize, usize)>>> {
        let texts = borrow_documents(documents, encoding, decode_error)?;
        let threads = resolve_threads(n_jobs)?;
        let analyzer = Arc::clone(&self.inner);
        try_run_detached(py, move || {
            let refs: Vec<&str> = texts.iter().map(|t| &**t).collect();
            run_with_threads(threads, || {
                refs.par_iter()
                    .map_init(Scratch::default, |scratch, text| {
                        analyzer
                            .analyze_with_offsets(text, scratch)
                            .map(located_tuples)
                    })
                    .collect()
            })
        })
    }
}

fn located_tuples(located: Vec<LocatedFeature>) -> Vec<(String, usize, usize)> {
    located
        .into_iter()
        .map(|LocatedFeature { text, start, end }| (text, start, end))
        .collect()
}

/// `text` lowercased and accent-stripped exactly as the analyzers do it (Python's
/// `str.lower`, scikit-learn's `strip_accents`), with the span in `text` of the chars each
/// output char came from (`starts`, `ends`; a stripped accent belongs to its letter): a Python
/// tokeniser can then locate its tokens in the original.
#[pyfunction]
#[pyo3(signature = (text, lowercase=true, strip_accents=None))]
pub fn normalize_with_sources(
    py: Python<'_>,
    text: &str,
    lowercase: bool,
    strip_accents: Option<&str>,
) -> PyResult<(String, Vec<usize>, Vec<usize>)> {
    let steps = Normalization {
        fold_typography: false,
        lowercase,
        strip_accents: parse_strip_accents(strip_accents)?,
    };
    run_detached(py, || {
        let mut normalized = NormalizedText::default();
        normalize_into(text, steps, &current(), true, &mut normalized);
        let ends = SourceEnds::new(text, &normalized);
        let starts: Vec<usize> = normalized
            .text
            .char_indices()
            .map(|(byte, _)| normalized.byte_sources[byte] as usize)
            .collect();
        let ends = starts.iter().map(|&start| ends.extend(start + 1)).collect();
        (normalized.text, starts, ends)
    })
}
