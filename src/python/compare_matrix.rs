//! Matrix kernels of the comparison feature (cosine neighbours, pairwise cosine, NMF) on CSR
//! buffers from scipy. Inputs are checked before any indexing, the work runs with the GIL
//! released, and results are Rust buffers handed to numpy without copying.

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::compare::nmf::{nmf as fit_nmf, NmfInit, NmfOptions};
use crate::compare::similarity;
use crate::error::Error;
use crate::parallel::{resolve_threads, run_with_threads};
use crate::python::arrays::CsrInput;
use crate::python::detached::{run_detached, try_run_detached};

fn non_negative(name: &str, value: i64) -> PyResult<usize> {
    Ok(usize::try_from(value)
        .map_err(|_| Error::parameter(name, format!("{value}; must be non-negative")))?)
}

/// The most (row, neighbour) results `top_k_cosine` allocates when `k` exceeds the number of
/// rows (2**28 entries: 4 GiB of neighbours and scores).
const MAX_TOP_K_ENTRIES: usize = 1 << 28;

/// The `k` nearest rows of every row by cosine similarity, without the dense N×N matrix:
/// `(neighbours int64 (n, k), scores float64 (n, k))`, padded with -1 / NaN.
#[pyfunction]
#[pyo3(signature = (matrix, k, exclude_self=true, n_jobs=None))]
#[allow(clippy::type_complexity)]
pub fn top_k_cosine<'py>(
    py: Python<'py>,
    matrix: CsrInput,
    k: i64,
    exclude_self: bool,
    n_jobs: Option<i64>,
) -> PyResult<(Bound<'py, PyArray2<i64>>, Bound<'py, PyArray2<f64>>)> {
    if k < 1 {
        return Err(Error::parameter("k", format!("{k}; must be at least 1")).into());
    }
    let k = k as usize;
    let threads = resolve_threads(n_jobs)?;
    let CsrInput(matrix) = matrix;
    // Columns past the number of rows are padding (-1, NaN): allow some, but never an
    // allocation that cannot succeed.
    if k > matrix.n_rows.max(1) && matrix.n_rows.saturating_mul(k) > MAX_TOP_K_ENTRIES {
        return Err(Error::parameter(
            "k",
            format!(
                "{k} neighbours for {} rows would not fit in memory; at most {} are real",
                matrix.n_rows, matrix.n_rows
            ),
        )
        .into());
    }
    let (neighbours, scores) = run_detached(py, || {
        run_with_threads(threads, || {
            similarity::top_k_cosine(&matrix, k, exclude_self)
        })
    })?;
    Ok((neighbours.into_pyarray(py), scores.into_pyarray(py)))
}

/// The `k` nearest candidate rows of every query row by cosine similarity, neighbours given
/// as global indices (`candidate_offset` + row): one block pair of a search over a corpus cut
/// into blocks. `(neighbours int64 (n_queries, k), scores float64 (n_queries, k))`, padded
/// with -1 / NaN; `k` is capped at the number of candidates. `floors` (float64, one per query
/// row) are the k-th best scores already found in other blocks: candidates clearly below
/// them are left out (see `top_k_cosine_between_above`).
#[pyfunction]
#[pyo3(signature = (queries, candidates, k, query_offset=0, candidate_offset=0, exclude_self=true, n_jobs=None, floors=None))]
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
pub fn top_k_cosine_between<'py>(
    py: Python<'py>,
    queries: CsrInput,
    candidates: CsrInput,
    k: i64,
    query_offset: i64,
    candidate_offset: i64,
    exclude_self: bool,
    n_jobs: Option<i64>,
    floors: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<(Bound<'py, PyArray2<i64>>, Bound<'py, PyArray2<f64>>)> {
    if k < 1 {
        return Err(Error::parameter("k", format!("{k}; must be at least 1")).into());
    }
    let floors = floors.map(|floors| floors.as_array().to_vec());
    let query_offset = non_negative("query_offset", query_offset)?;
    let candidate_offset = non_negative("candidate_offset", candidate_offset)?;
    let threads = resolve_threads(n_jobs)?;
    let (CsrInput(queries), CsrInput(candidates)) = (queries, candidates);
    if queries.n_cols != candidates.n_cols {
        return Err(Error::parameter(
            "candidates",
            format!(
                "{} columns, but the queries have {}; both blocks must come from one matrix",
                candidates.n_cols, queries.n_cols
            ),
        )
        .into());
    }
    if let Some(floors) = &floors {
        if floors.len() != queries.n_rows {
            return Err(Error::parameter(
                "floors",
                format!(
                    "{} values for {} query rows; give one per row",
                    floors.len(),
                    queries.n_rows
                ),
            )
            .into());
        }
    }
    let k = (k as usize).min(candidates.n_rows.max(1));
    let pair = similarity::BlockPair {
        queries: &queries,
        candidates: &candidates,
        query_offset,
        candidate_offset,
    };
    let (neighbours, scores) = run_detached(py, || {
        run_with_threads(threads, || match &floors {
            Some(floors) => similarity::top_k_cosine_between_above(&pair, k, exclude_self, floors),
            None => similarity::top_k_cosine_between(&pair, k, exclude_self),
        })
    })?;
    Ok((neighbours.into_pyarray(py), scores.into_pyarray(py)))
}

/// The dense cosine similarity matrix of the rows (float64 (n, n)), for small sets.
#[pyfunction]
#[pyo3(signature = (matrix, n_jobs=None))]
pub fn pairwise_cosine<'py>(
    py: Python<'py>,
    matrix: CsrInput,
    n_jobs: Option<i64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let threads = resolve_threads(n_jobs)?;
    let CsrInput(matrix) = matrix;
    let similarities = run_detached(py, || {
        run_with_threads(threads, || similarity::pairwise_cosine(&matrix))
    })?;
    Ok(similarities.into_pyarray(py))
}

/// scikit-learn's `NMF(solver="cd", beta_loss="frobenius")` on a CSR matrix:
/// `(W float64 (n, k), H float64 (k, m), n_iter, reconstruction_err)`.
#[pyfunction]
#[pyo3(signature = (matrix, n_components, init="nndsvd", max_iter=200, tol=1e-4, random_state=0, n_jobs=None))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn nmf<'py>(
    py: Python<'py>,
    matrix: CsrInput,
    n_components: i64,
    init: &str,
    max_iter: i64,
    tol: f64,
    random_state: i64,
    n_jobs: Option<i64>,
) -> PyResult<(
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray2<f64>>,
    usize,
    f64,
)> {
    let options = NmfOptions {
        n_components: non_negative("n_components", n_components)?,
        init: init.parse::<NmfInit>()?,
        max_iter: non_negative("max_iter", max_iter)?,
        tol,
        seed: non_negative("random_state", random_state)? as u64,
    };
    let threads = resolve_threads(n_jobs)?;
    let CsrInput(matrix) = matrix;
    let fit = try_run_detached(py, || {
        run_with_threads(threads, || fit_nmf(&matrix, &options))
    })?;
    Ok((
        fit.w.into_pyarray(py),
        fit.h.into_pyarray(py),
        fit.n_iter,
        fit.reconstruction_err,
    ))
}
