//! The one place that turns core errors (and panics) into Python exceptions.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::error::Error;

/// Maps every core error to the exception a scikit-learn user expects. All current variants
/// are bad values, hence ValueError; the message names the parameter or document.
pub fn to_py_err(error: Error) -> PyErr {
    match error {
        Error::InvalidParameter { .. }
        | Error::InvalidDocument { .. }
        | Error::EmptyVocabulary(_)
        | Error::ShapeMismatch(_)
        | Error::Persistence(_) => PyValueError::new_err(error.to_string()),
    }
}

/// Runs core work with the GIL released, turning a panic into a RuntimeError instead of
/// pyo3's PanicException (a BaseException that `except Exception` would not catch).
pub fn run_detached<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: Send + FnOnce() -> Result<T, Error>,
    T: Send,
{
    py.detach(|| catch_unwind(AssertUnwindSafe(work)))
        .map_err(panic_to_py_err)?
        .map_err(to_py_err)
}

/// The RuntimeError for a panic caught in core work.
pub fn panic_to_py_err(panic: Box<dyn std::any::Any + Send>) -> PyErr {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    PyRuntimeError::new_err(format!(
        "internal error in storylens (please report it): {message}"
    ))
}

/// Panics inside core work on purpose, on the calling thread or on a rayon worker, so that a
/// test can check a panic reaches Python as a RuntimeError rather than crashing it.
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>, message: &str, on_worker: bool) -> PyResult<()> {
    let message = message.to_string();
    run_detached(py, move || {
        if on_worker {
            crate::parallel::run_with_threads(2, || {
                rayon::join(|| (), || panic!("{message}"));
            });
        } else {
            panic!("{message}");
        }
        Ok(())
    })
}
