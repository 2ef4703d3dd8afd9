//! Matrix kernels of the comparison feature (cosine neighbours, pairwise cosine, NMF) on CSR
//! buffers from scipy. Inputs are checked before any indexing, the work runs with the GIL
//! released, and results are Rust buffers handed to numpy without copying.

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::compare::nmf::{nmf as fit_nmf, NmfInit, NmfOptions};
use crate::compare::similarity;
use crate::error::{Error, Result};
use crate::parallel::{resolve_threads, run_with_threads};
use crate::python::errors::{run_detached, to_py_err};
use crate::vectorize::csr::{validate_csr, CsrMatrix};

/// CSR buffers copied out of numpy (indices as int64 until checked).
struct CsrInput {
    data: Vec<f64>,
    indices: Vec<i64>,
    indptr: Vec<i64>,
    n_cols: usize,
}

impl CsrInput {
    /// Reads `data` (float64) and `indices`/`indptr` (int32 or int64) of any memory layout.
    fn read(
        data: &Bound<'_, PyAny>,
        indices: &Bound<'_, PyAny>,
        indptr: &Bound<'_, PyAny>,
        n_cols: usize,
    ) -> PyResult<Self> {
        let data: PyReadonlyArray1<'_, f64> = data.extract().map_err(|_| {
            PyTypeError::new_err("data must be a one-dimensional float64 numpy array")
        })?;
        let data = match data.as_slice() {
            Ok(values) => values.to_vec(),
            Err(_) => data.as_array().iter().copied().collect(),
        };
        Ok(CsrInput {
            data,
            indices: read_index_array(indices, "indices")?,
            indptr: read_index_array(indptr, "indptr")?,
            n_cols,
        })
    }

    /// Checks the structure and values, then builds the core's matrix.
    fn into_matrix(self) -> Result<CsrMatrix<f64>> {
        let CsrInput {
            data,
            indices,
            indptr,
            n_cols,
        } = self;
        if indptr.is_empty() {
            return Err(Error::ShapeMismatch(
                "indptr is empty; it needs n_rows + 1 entries".to_string(),
            ));
        }
        if n_cols > i32::MAX as usize {
            return Err(Error::parameter(
                "n_cols",
                format!("{n_cols} is more than 2**31 - 1 columns"),
            ));
        }
        let n_rows = indptr.len() - 1;
        if indptr.iter().any(|&p| p < 0) {
            return Err(Error::ShapeMismatch(
                "indptr has negative entries".to_string(),
            ));
        }
        if let Some(bad) = indices.iter().find(|&&i| i < 0) {
            return Err(Error::ShapeMismatch(format!(
                "column index {bad} is negative"
            )));
        }
        validate_csr::<i64>(n_rows, n_cols, &indptr, &indices, data.len())?;
        if let Some(bad) = data.iter().find(|v| !v.is_finite()) {
            return Err(Error::parameter(
                "data",
                format!("values must be finite; found {bad}"),
            ));
        }
        Ok(CsrMatrix {
            n_rows,
            n_cols,
            indptr,
            indices: indices.into_iter().map(|i| i as i32).collect(),
            data,
        })
    }
}

fn read_index_array(array: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    if let Ok(values) = array.extract::<PyReadonlyArray1<'_, i64>>() {
        return Ok(match values.as_slice() {
            Ok(slice) => slice.to_vec(),
            Err(_) => values.as_array().iter().copied().collect(),
        });
    }
    if let Ok(values) = array.extract::<PyReadonlyArray1<'_, i32>>() {
        return Ok(values.as_array().iter().map(|&i| i64::from(i)).collect());
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a one-dimensional int32 or int64 numpy array"
    )))
}

fn non_negative(name: &str, value: i64) -> PyResult<usize> {
    usize::try_from(value).map_err(|_| {
        to_py_err(Error::parameter(
            name,
            format!("{value}; must be non-negative"),
        ))
    })
}

/// The `k` nearest rows of every row by cosine similarity, without the dense N×N matrix:
/// `(neighbours int64 (n, k), scores float64 (n, k))`, padded with -1 / NaN.
#[pyfunction]
#[pyo3(signature = (data, indices, indptr, n_cols, k, exclude_self=true, n_jobs=None))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn top_k_cosine<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    k: i64,
    exclude_self: bool,
    n_jobs: Option<i64>,
) -> PyResult<(Bound<'py, PyArray2<i64>>, Bound<'py, PyArray2<f64>>)> {
    if k < 1 {
        return Err(to_py_err(Error::parameter(
            "k",
            format!("{k}; must be at least 1"),
        )));
    }
    let k = k as usize;
    let threads = resolve_threads(n_jobs).map_err(to_py_err)?;
    let input = CsrInput::read(data, indices, indptr, n_cols)?;
    let (neighbours, scores) = run_detached(py, move || {
        let matrix = input.into_matrix()?;
        Ok(run_with_threads(threads, || {
            similarity::top_k_cosine(&matrix, k, exclude_self)
        }))
    })?;
    Ok((neighbours.into_pyarray(py), scores.into_pyarray(py)))
}

/// The dense cosine similarity matrix of the rows (float64 (n, n)), for small sets.
#[pyfunction]
#[pyo3(signature = (data, indices, indptr, n_cols, n_jobs=None))]
pub fn pairwise_cosine<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
    n_jobs: Option<i64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let threads = resolve_threads(n_jobs).map_err(to_py_err)?;
    let input = CsrInput::read(data, indices, indptr, n_cols)?;
    let similarities = run_detached(py, move || {
        let matrix = input.into_matrix()?;
        Ok(run_with_threads(threads, || {
            similarity::pairwise_cosine(&matrix)
        }))
    })?;
    Ok(similarities.into_pyarray(py))
}

/// scikit-learn's `NMF(solver="cd", beta_loss="frobenius")` on a CSR matrix:
/// `(W float64 (n, k), H float64 (k, m), n_iter, reconstruction_err)`.
#[pyfunction]
#[pyo3(signature = (data, indices, indptr, n_cols, n_components, init="nndsvd", max_iter=200, tol=1e-4, random_state=0, n_jobs=None))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn nmf<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    indptr: &Bound<'py, PyAny>,
    n_cols: usize,
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
        init: init.parse::<NmfInit>().map_err(to_py_err)?,
        max_iter: non_negative("max_iter", max_iter)?,
        tol,
        seed: non_negative("random_state", random_state)? as u64,
    };
    let threads = resolve_threads(n_jobs).map_err(to_py_err)?;
    let input = CsrInput::read(data, indices, indptr, n_cols)?;
    let fit = run_detached(py, move || {
        let matrix = input.into_matrix()?;
        run_with_threads(threads, || fit_nmf(&matrix, &options))
    })?;
    Ok((
        fit.w.into_pyarray(py),
        fit.h.into_pyarray(py),
        fit.n_iter,
        fit.reconstruction_err,
    ))
}
