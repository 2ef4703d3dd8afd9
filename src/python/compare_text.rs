//! Bindings of the text-comparison kernels (`crate::compare`): distinctive terms, the reuse
//! map and the digest. Inputs are converted once (CSR buffers of any integer width, anything
//! numpy can read as a 1-D array), the work runs with the GIL released in a pool of `n_jobs`
//! threads, and outputs are numpy arrays that own the Rust buffers.

use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::compare::digest::{self, DigestOptions};
use crate::compare::reuse::{self, ReuseOptions, ReuseRows};
use crate::compare::terms;
use crate::error::Error;
use crate::parallel::{resolve_threads, run_with_threads};
use crate::python::arrays::{count_vec, float_vec, int_vec, read_csr, uint_vec, vec_to_numpy};
use crate::python::detached::try_run_detached;
use crate::python::documents::borrow_token_lists;

type Array1<'py, T> = Bound<'py, PyArray1<T>>;
type Array2<'py, T> = Bound<'py, PyArray2<T>>;

fn n_or_max(n: Option<usize>, labels: &[i64]) -> usize {
    n.unwrap_or_else(|| {
        labels
            .iter()
            .max()
            .map_or(0, |&m| if m < 0 { 0 } else { m as usize + 1 })
    })
}

// -- distinctive terms ------------------------------------------------------------------------

/// Fightin' Words log-odds of every term between two count vectors with the Dirichlet prior
/// `prior` (pseudo-counts, all positive): `(delta, z)`, float64 arrays of length V.
#[pyfunction]
pub fn log_odds_z<'py>(
    py: Python<'py>,
    counts_i: &Bound<'py, PyAny>,
    counts_j: &Bound<'py, PyAny>,
    prior: &Bound<'py, PyAny>,
) -> PyResult<(Array1<'py, f64>, Array1<'py, f64>)> {
    let (yi, yj, alpha) = (
        float_vec(counts_i, "counts_i")?,
        float_vec(counts_j, "counts_j")?,
        float_vec(prior, "prior")?,
    );
    let (delta, z) = try_run_detached(py, || terms::log_odds_z(&yi, &yj, &alpha))?;
    Ok((delta.into_pyarray(py), z.into_pyarray(py)))
}

/// Each group of documents against all the others: `(delta, z)`, float64 `(n_groups, V)`.
#[pyfunction]
#[pyo3(signature = (data, indices, indptr, n_cols, groups, n_groups, prior, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn group_log_odds<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    groups: &Bound<'py, PyAny>,
    n_groups: usize,
    prior: &Bound<'py, PyAny>,
    n_jobs: Option<i64>,
) -> PyResult<(Array2<'py, f64>, Array2<'py, f64>)> {
    let counts = read_csr(data, indices, indptr, n_cols)?;
    let groups = int_vec(groups, "groups")?;
    let prior = float_vec(prior, "prior")?;
    let threads = resolve_threads(n_jobs)?;
    let (delta, z) = try_run_detached(py, || {
        run_with_threads(threads, || {
            terms::group_log_odds(&counts, &groups, n_groups, &prior)
        })
    })?;
    Ok((delta.into_pyarray(py), z.into_pyarray(py)))
}

/// BERTopic's class-based TF-IDF of each group: float64 `(n_groups, V)`.
#[pyfunction]
#[pyo3(signature = (data, indices, indptr, n_cols, groups, n_groups, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn class_tfidf<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    groups: &Bound<'py, PyAny>,
    n_groups: usize,
    n_jobs: Option<i64>,
) -> PyResult<Array2<'py, f64>> {
    let counts = read_csr(data, indices, indptr, n_cols)?;
    let groups = int_vec(groups, "groups")?;
    let threads = resolve_threads(n_jobs)?;
    let values = try_run_detached(py, || {
        run_with_threads(threads, || terms::class_tfidf(&counts, &groups, n_groups))
    })?;
    Ok(values.into_pyarray(py))
}

// -- the reuse map ----------------------------------------------------------------------------

/// The shingle sets of tokenised sentences, flattened: `(offsets, hashes)` with int64
/// `offsets` of length S + 1 and uint64 `hashes`, sentence s owning
/// `hashes[offsets[s]:offsets[s + 1]]` (sorted, no repeats).
#[pyfunction]
#[pyo3(signature = (token_lists, n=3))]
pub fn sentence_shingles<'py>(
    py: Python<'py>,
    token_lists: &Bound<'py, PyList>,
    n: usize,
) -> PyResult<(Array1<'py, i64>, Array1<'py, u64>)> {
    let lists = borrow_token_lists(token_lists)?;
    let (offsets, hashes) = try_run_detached(py, || {
        let mut offsets = Vec::with_capacity(lists.len() + 1);
        let mut hashes = Vec::new();
        offsets.push(0i64);
        for tokens in &lists {
            let tokens: Vec<&str> = tokens.iter().map(|t| &**t).collect();
            hashes.extend(reuse::sentence_shingles(&tokens, n)?);
            offsets.push(hashes.len() as i64);
        }
        Ok::<_, Error>((offsets, hashes))
    })?;
    Ok((vec_to_numpy(py, offsets), vec_to_numpy(py, hashes)))
}

fn rows_to_dict(py: Python<'_>, rows: ReuseRows) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("sentence", vec_to_numpy(py, rows.sentence))?;
    out.set_item("other_article", vec_to_numpy(py, rows.other_article))?;
    out.set_item("other_sentence", vec_to_numpy(py, rows.other_sentence))?;
    out.set_item("score", vec_to_numpy(py, rows.score))?;
    out.set_item("containment", vec_to_numpy(py, rows.containment))?;
    out.set_item("kind", vec_to_numpy(py, rows.kind))?;
    Ok(out)
}

fn rows_from_dict(rows: &Bound<'_, PyDict>) -> PyResult<ReuseRows> {
    let column = |name: &str| -> PyResult<Bound<'_, PyAny>> {
        Ok(rows.get_item(name)?.ok_or_else(|| {
            Error::parameter("rows", format!("the reuse rows have no '{name}' column"))
        })?)
    };
    Ok(ReuseRows {
        sentence: int_vec(&column("sentence")?, "rows['sentence']")?,
        other_article: int_vec(&column("other_article")?, "rows['other_article']")?,
        other_sentence: int_vec(&column("other_sentence")?, "rows['other_sentence']")?,
        score: float_vec(&column("score")?, "rows['score']")?,
        containment: float_vec(&column("containment")?, "rows['containment']")?,
        kind: int_vec(&column("kind")?, "rows['kind']")?,
    })
}

/// The reuse map: for every sentence and every other article, the best-matching sentence
/// there. Returns a dict of equally long arrays, one entry per (sentence, other article):
/// `sentence`, `other_article`, `other_sentence` (-1 when that article has no sentence) as
/// int64, `score` (TF-IDF cosine) and `containment` (shingle containment) as float64, and
/// `kind` as int64 (0 verbatim, 1 near-verbatim, 2 paraphrase, 3 unique).
#[pyfunction]
#[pyo3(signature = (
    article_of, shingle_offsets, shingle_hashes, data, indices, indptr, n_cols,
    verbatim=(0.9, 0.95), near=(0.5, 0.8), paraphrase=0.45, containment_weight=0.5,
    min_shared_shingles=2, min_shared_terms=2, min_term_weight=0.2, n_articles=None, n_jobs=None,
))]
#[allow(clippy::too_many_arguments)]
pub fn align_sentences<'py>(
    py: Python<'py>,
    article_of: &Bound<'py, PyAny>,
    shingle_offsets: &Bound<'py, PyAny>,
    shingle_hashes: &Bound<'py, PyAny>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    verbatim: (f64, f64),
    near: (f64, f64),
    paraphrase: f64,
    containment_weight: f64,
    min_shared_shingles: usize,
    min_shared_terms: usize,
    min_term_weight: f64,
    n_articles: Option<usize>,
    n_jobs: Option<i64>,
) -> PyResult<Bound<'py, PyDict>> {
    let article_of = int_vec(article_of, "article_of")?;
    let offsets = int_vec(shingle_offsets, "shingle_offsets")?;
    let hashes = uint_vec(shingle_hashes, "shingle_hashes")?;
    let tfidf = read_csr(data, indices, indptr, n_cols)?;
    let n_articles = n_or_max(n_articles, &article_of);
    let options = ReuseOptions {
        verbatim_containment: verbatim.0,
        verbatim_cosine: verbatim.1,
        near_containment: near.0,
        near_cosine: near.1,
        paraphrase_cosine: paraphrase,
        containment_weight,
        min_shared_shingles,
        min_shared_terms,
        min_term_weight,
    };
    let threads = resolve_threads(n_jobs)?;
    let rows = try_run_detached(py, || {
        run_with_threads(threads, || {
            reuse::align_sentences(&article_of, n_articles, &offsets, &hashes, &tfidf, &options)
        })
    })?;
    rows_to_dict(py, rows)
}

/// Share of each article's sentences reused (verbatim, near-verbatim or paraphrase) in each
/// other article: float64 `(n_articles, n_articles)`, row a for the sentences of article a.
#[pyfunction]
#[pyo3(signature = (rows, article_of, n_articles=None))]
pub fn reuse_shares<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyDict>,
    article_of: &Bound<'py, PyAny>,
    n_articles: Option<usize>,
) -> PyResult<Array2<'py, f64>> {
    let rows = rows_from_dict(rows)?;
    let article_of = int_vec(article_of, "article_of")?;
    let n_articles = n_or_max(n_articles, &article_of);
    let shares = try_run_detached(py, || reuse::reuse_shares(&rows, &article_of, n_articles))?;
    Ok(shares.into_pyarray(py))
}

// -- the digest -------------------------------------------------------------------------------

/// An extractive digest within `max_words` words: int64 sentence indices in reading order.
#[pyfunction]
#[pyo3(signature = (
    data, indices, indptr, n_cols, lengths, article_of, position, max_words,
    lambda_=0.7, redundancy=0.5, min_words=6, max_sentence_words=60, n_jobs=None,
))]
#[allow(clippy::too_many_arguments)]
pub fn select_digest<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    lengths: &Bound<'py, PyAny>,
    article_of: &Bound<'py, PyAny>,
    position: &Bound<'py, PyAny>,
    max_words: usize,
    lambda_: f64,
    redundancy: f64,
    min_words: usize,
    max_sentence_words: usize,
    n_jobs: Option<i64>,
) -> PyResult<Array1<'py, i64>> {
    let tfidf = read_csr(data, indices, indptr, n_cols)?;
    let lengths = count_vec(lengths, "lengths")?;
    let article_of = int_vec(article_of, "article_of")?;
    let position = int_vec(position, "position")?;
    let options = DigestOptions {
        max_words,
        lambda: lambda_,
        redundancy,
        min_words,
        max_sentence_words,
    };
    let threads = resolve_threads(n_jobs)?;
    let chosen = try_run_detached(py, || {
        run_with_threads(threads, || {
            digest::select_digest(&tfidf, &lengths, &article_of, &position, &options)
        })
    })?;
    Ok(vec_to_numpy(
        py,
        chosen.into_iter().map(|s| s as i64).collect(),
    ))
}

/// The sentences of `article` (of every article with None, grouped by article) with no
/// verbatim, near-verbatim or paraphrase match in any other article, most relevant first
/// (relevance as in the digest): int64 sentence indices.
#[pyfunction]
#[pyo3(signature = (rows, article_of, article, data, indices, indptr, n_cols, n_articles=None, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn unique_sentences<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyDict>,
    article_of: &Bound<'py, PyAny>,
    article: Option<usize>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    n_articles: Option<usize>,
    n_jobs: Option<i64>,
) -> PyResult<Array1<'py, i64>> {
    let rows = rows_from_dict(rows)?;
    let article_of = int_vec(article_of, "article_of")?;
    let tfidf = read_csr(data, indices, indptr, n_cols)?;
    let n_articles = n_or_max(n_articles, &article_of);
    if tfidf.n_rows != article_of.len() {
        return Err(Error::ShapeMismatch(format!(
            "the TF-IDF matrix has {} rows for {} sentences",
            tfidf.n_rows,
            article_of.len()
        ))
        .into());
    }
    let threads = resolve_threads(n_jobs)?;
    let unique = try_run_detached(py, || {
        run_with_threads(threads, || {
            let relevance = digest::relevance(&tfidf)?;
            digest::unique_sentences(&rows, &article_of, n_articles, article, &relevance)
        })
    })?;
    Ok(vec_to_numpy(
        py,
        unique.into_iter().map(|s| s as i64).collect(),
    ))
}
