//! The one place that turns core errors, and panics, into Python exceptions.
//!
//! Each kind of core error becomes exactly one class of `storylens.exceptions` (written in
//! Python, so that each class can derive from `StorylensError` and from the builtin a
//! scikit-learn user catches), and `From<Error> for PyErr` lets `?` convert anywhere in the
//! binding. Input errors found by the binding itself (a row that is not a str, a numpy array of
//! the wrong dtype) are core errors too, so they take the same path.

use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;

use crate::error::Error;

pyo3::import_exception!(storylens.exceptions, InvalidParameterError);
pyo3::import_exception!(storylens.exceptions, InvalidDocumentError);
pyo3::import_exception!(storylens.exceptions, DocumentTypeError);
pyo3::import_exception!(storylens.exceptions, EmptyVocabularyError);
pyo3::import_exception!(storylens.exceptions, ShapeMismatchError);
pyo3::import_exception!(storylens.exceptions, ModelFileError);
pyo3::import_exception!(storylens.exceptions, NotFittedError);
pyo3::import_exception!(storylens.exceptions, InternalError);
pyo3::import_exception!(storylens.exceptions, ResourceLimitError);

impl From<Error> for PyErr {
    /// The exception class of each kind of error; the message (the error's `Display`) names
    /// the parameter, document or buffer at fault. The classes are looked up lazily, when the
    /// exception reaches Python, so building one needs no GIL (workers build them).
    fn from(error: Error) -> PyErr {
        let message = error.to_string();
        match error {
            Error::InvalidParameter { .. } => InvalidParameterError::new_err(message),
            Error::InvalidDocument { .. } => InvalidDocumentError::new_err(message),
            Error::DocumentType { .. } => DocumentTypeError::new_err(message),
            Error::EmptyVocabulary(_) => EmptyVocabularyError::new_err(message),
            Error::ShapeMismatch(_) => ShapeMismatchError::new_err(message),
            Error::Persistence(_) => ModelFileError::new_err(message),
            Error::NotFitted(_) => NotFittedError::new_err(message),
            // Only Ctrl-C cancels work today (see `detached::run_watched`), and the helper
            // raises Python's own KeyboardInterrupt; this is the fallback for any other path.
            Error::Cancelled => PyKeyboardInterrupt::new_err(message),
            Error::ResourceLimit(_) => ResourceLimitError::new_err(message),
            Error::Internal(_) => InternalError::new_err(message),
        }
    }
}

/// The InternalError (a RuntimeError) for a panic caught in core work, instead of pyo3's
/// PanicException, a BaseException that `except Exception` would not catch.
pub fn panic_to_py_err(panic: Box<dyn std::any::Any + Send>) -> PyErr {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    Error::Internal(format!("a panic in the Rust core: {message}")).into()
}
