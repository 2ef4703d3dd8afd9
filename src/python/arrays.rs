//! numpy in and out: 1-D numeric arguments and CSR buffers read into Rust (checked once, with
//! errors naming the argument), and Rust buffers handed to numpy without copying.

use std::cell::Cell;

use numpy::{Element, IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::error::Error;
use crate::vectorize::csr::{validate_csr, CsrMatrix};

// -- in ---------------------------------------------------------------------------------------

/// The element types this layer reads, each with the numpy kinds that convert to it without
/// losing meaning (no float to int truncation, no strings parsed as numbers).
trait Readable: Element + Copy {
    /// numpy's `dtype.kind` letters accepted, and what the message calls them.
    const KINDS: &'static str;
    const DESCRIPTION: &'static str;
    /// The numpy dtype converted to.
    const DTYPE: &'static str;
}

impl Readable for f64 {
    const KINDS: &'static str = "iuf";
    const DESCRIPTION: &'static str = "numbers";
    const DTYPE: &'static str = "float64";
}

impl Readable for i64 {
    const KINDS: &'static str = "iu";
    const DESCRIPTION: &'static str = "integers";
    const DTYPE: &'static str = "int64";
}

/// `value` (a numpy array, a list, anything `numpy.asarray` reads) as a Vec, when it is 1-D
/// and holds values of an accepted kind; otherwise an InvalidParameter error naming `name`.
fn read_1d<T: Readable>(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<T>> {
    // The common case, an array of the very dtype, is copied once, whatever its strides.
    if let Ok(array) = value.extract::<PyReadonlyArray1<'_, T>>() {
        return Ok(array.as_array().iter().copied().collect());
    }
    let numpy = value.py().import("numpy")?;
    let array = numpy
        .call_method1("asarray", (value,))
        .map_err(|_| Error::parameter(name, "cannot be read as a numeric array"))?;
    let ndim: usize = array.getattr("ndim")?.extract()?;
    if ndim != 1 {
        let shape = array.getattr("shape")?.repr()?.to_string();
        return Err(
            Error::parameter(name, format!("must be a 1-D array, got shape {shape}")).into(),
        );
    }
    let dtype = array.getattr("dtype")?;
    let kind: String = dtype.getattr("kind")?.extract()?;
    let size: usize = array.getattr("size")?.extract()?;
    // An empty list reads as float64; it converts to anything.
    if size > 0 && !T::KINDS.contains(kind.as_str()) {
        return Err(Error::parameter(
            name,
            format!("must hold {}, got dtype {}", T::DESCRIPTION, dtype.str()?),
        )
        .into());
    }
    let converted = array.call_method1("astype", (T::DTYPE,))?;
    let converted: PyReadonlyArray1<'_, T> = converted.extract()?;
    Ok(converted.as_array().iter().copied().collect())
}

/// A 1-D array of numbers as float64.
pub fn float_vec(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<f64>> {
    read_1d(value, name)
}

/// A 1-D array of integers as int64.
pub fn int_vec(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    // scipy's index arrays are usually int32: widened here, without a temporary numpy copy.
    if let Ok(array) = value.extract::<PyReadonlyArray1<'_, i32>>() {
        return Ok(array.as_array().iter().map(|&i| i64::from(i)).collect());
    }
    read_1d(value, name)
}

/// Non-negative integers (counts), or an error naming the first bad entry.
pub fn count_vec(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<usize>> {
    let values = int_vec(value, name)?;
    if let Some(at) = values.iter().position(|&v| v < 0) {
        return Err(Error::parameter(
            name,
            format!(
                "{name}[{at}] is {}; expected a non-negative count",
                values[at]
            ),
        )
        .into());
    }
    Ok(values.into_iter().map(|v| v as usize).collect())
}

/// A CSR matrix argument: a `scipy.sparse` CSR matrix or array, read from its `data`,
/// `indices`, `indptr` and `shape` (any object with these four attributes will do, and one
/// that announces another sparse `format` is refused rather than misread). `data` may hold
/// any numeric dtype (read as float64, every value finite), `indices` and `indptr` any integer
/// dtype; the structure is checked so that no kernel can index out of bounds. The one reader
/// of CSR input: a wrong dtype or shape is an InvalidParameter error, a structure that does
/// not hold together a ShapeMismatch, each naming the buffer.
pub struct CsrInput(pub CsrMatrix<f64>);

impl<'a, 'py> FromPyObject<'a, 'py> for CsrInput {
    type Error = PyErr;

    fn extract(matrix: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let attribute = |name: &str| -> PyResult<Bound<'py, PyAny>> {
            matrix.getattr(name).map_err(|_| {
                Error::parameter(
                    "matrix",
                    format!(
                        "expected a scipy.sparse CSR matrix, got {} (it has no '{name}')",
                        type_name(&matrix)
                    ),
                )
                .into()
            })
        };
        // csc and bsr matrices have the same three buffers with another meaning.
        if let Ok(format) = matrix.getattr("format").and_then(|f| f.extract::<String>()) {
            if format != "csr" {
                return Err(Error::parameter(
                    "matrix",
                    format!(
                        "expected a CSR matrix, got a {format} matrix (convert it with .tocsr())"
                    ),
                )
                .into());
            }
        }
        let (data, indices, indptr, shape) = (
            attribute("data")?,
            attribute("indices")?,
            attribute("indptr")?,
            attribute("shape")?,
        );
        let shape: (usize, usize) = shape.extract().map_err(|_| {
            Error::parameter(
                "shape",
                "must be a pair of non-negative integers (rows, columns)",
            )
        })?;
        let data = float_vec(&data, "data")?;
        let indices = int_vec(&indices, "indices")?;
        let indptr = int_vec(&indptr, "indptr")?;
        Ok(CsrInput(checked_csr(data, indices, indptr, shape)?))
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "?".to_string())
}

fn checked_csr(
    data: Vec<f64>,
    indices: Vec<i64>,
    indptr: Vec<i64>,
    (n_rows, n_cols): (usize, usize),
) -> crate::Result<CsrMatrix<f64>> {
    if indptr.is_empty() {
        return Err(Error::ShapeMismatch(
            "indptr is empty; it needs n_rows + 1 entries".to_string(),
        ));
    }
    if n_cols > i32::MAX as usize {
        return Err(Error::parameter(
            "shape",
            format!("{n_cols} is more than 2**31 - 1 columns"),
        ));
    }
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
        // In range: every index was checked to be in 0..n_cols, and n_cols <= i32::MAX.
        indices: indices.into_iter().map(|i| i as i32).collect(),
        data,
    })
}

// -- out --------------------------------------------------------------------------------------

/// A Vec as a 1-D numpy array that owns the Rust buffer (no copy).
pub fn vec_to_numpy<T: Element>(py: Python<'_>, values: Vec<T>) -> Bound<'_, PyArray1<T>> {
    values.into_pyarray(py)
}

thread_local! {
    /// The most stored values a matrix may hold and still get int32 `indptr` and `indices`:
    /// `i32::MAX`, except while a test lowers it (`_set_int32_nnz_limit_for_tests`) to reach
    /// the int64 path without building a matrix of more than 2**31 values. Per thread (the
    /// matrices are handed over on the calling thread), so a test never affects another's.
    static INT32_NNZ_LIMIT: Cell<i64> = const { Cell::new(i32::MAX as i64) };
}

/// Sets the int32 limit of the calling thread (`None` restores `i32::MAX`); for the tests.
pub fn set_int32_nnz_limit(limit: Option<i64>) -> crate::Result<()> {
    let limit = limit.unwrap_or(i32::MAX as i64);
    if !(0..=i32::MAX as i64).contains(&limit) {
        return Err(Error::parameter(
            "limit",
            format!("{limit}; must be in 0..=2**31-1"),
        ));
    }
    INT32_NNZ_LIMIT.with(|cell| cell.set(limit));
    Ok(())
}

/// The CSR buffers as numpy arrays `(data, indices, indptr)`, handed over without copying.
/// `indptr` and `indices` are int32 when the matrix allows it (what scipy would choose) and
/// int64 otherwise, so scipy never needs to convert them.
pub fn csr_to_numpy<'py, T: Element>(
    py: Python<'py>,
    matrix: CsrMatrix<T>,
) -> (Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>) {
    let CsrMatrix {
        indptr,
        indices,
        data,
        ..
    } = matrix;
    let data = data.into_pyarray(py).into_any();
    if indptr.last().copied().unwrap_or(0) <= INT32_NNZ_LIMIT.with(Cell::get) {
        let indptr: Vec<i32> = indptr.into_iter().map(|p| p as i32).collect();
        (
            data,
            indices.into_pyarray(py).into_any(),
            indptr.into_pyarray(py).into_any(),
        )
    } else {
        let indices: Vec<i64> = indices.into_iter().map(i64::from).collect();
        (
            data,
            indices.into_pyarray(py).into_any(),
            indptr.into_pyarray(py).into_any(),
        )
    }
}
