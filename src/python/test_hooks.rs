//! `_core` functions that exist for the tests: they reach states that ordinary input cannot
//! (a panic, a matrix of more than 2**31 values, every kind of core error, a job's progress).
//! Each is cheap when unused and changes nothing unless a test calls it.

use pyo3::prelude::*;

use crate::error::Error;
use crate::faults::Stage;
use crate::python::arrays::set_int32_nnz_limit;
use crate::python::detached::{run_attached, run_detached, set_progress_callback};

/// Panics inside core work on purpose, on the calling thread or on a rayon worker, with the
/// GIL released (`detach`, as the long calls run) or held (as the quick ones do), so that a
/// test can check a panic reaches Python as InternalError rather than crashing it.
#[pyfunction]
#[pyo3(signature = (message, on_worker, detach=true))]
pub fn _panic_for_tests(
    py: Python<'_>,
    message: &str,
    on_worker: bool,
    detach: bool,
) -> PyResult<()> {
    let message = message.to_string();
    let work = move || {
        if on_worker {
            crate::parallel::run_with_threads(2, || {
                rayon::join(|| (), || panic!("{message}"));
            });
        } else {
            panic!("{message}");
        }
    };
    if detach {
        run_detached(py, work)
    } else {
        run_attached(work)
    }
}

/// Makes the core panic at the entry of `stage` ("sentence_splitting", "article_cleaning"),
/// in every thread, until called with None (see `crate::faults`).
#[pyfunction]
#[pyo3(signature = (stage=None))]
pub fn _inject_panic_for_tests(stage: Option<&str>) -> PyResult<()> {
    let stage = stage.map(str::parse::<Stage>).transpose()?;
    crate::faults::arm(stage);
    Ok(())
}

/// Lowers the int32 limit of the calling thread's matrices (`None` restores `i32::MAX`), so
/// that a test reaches the int64 index path with a small matrix.
#[pyfunction]
#[pyo3(signature = (limit=None))]
pub fn _set_int32_nnz_limit_for_tests(limit: Option<i64>) -> PyResult<()> {
    Ok(set_int32_nnz_limit(limit)?)
}

/// Sets the callable that the calling thread's long jobs (the batched counting and hashing)
/// call with `(documents done, documents in all)` as they go; None removes it. See
/// `detached::run_watched`. The estimators will take a progress parameter of their own once
/// their signatures change; until then this hook is how the tests watch a job.
#[pyfunction]
#[pyo3(signature = (callback=None))]
pub fn _set_progress_callback_for_tests(callback: Option<Py<PyAny>>) {
    set_progress_callback(callback);
}

/// Raises the exception that the core error of kind `kind` (a name of `crate::error::Error`'s
/// variants) becomes, so that a test can check the mapping of every kind.
#[pyfunction]
pub fn _raise_core_error_for_tests(kind: &str) -> PyResult<()> {
    let error = match kind {
        "InvalidParameter" => Error::parameter("alpha", "must be positive"),
        "InvalidDocument" => Error::InvalidDocument {
            index: 2,
            reason: "np.nan is an invalid document, expected byte or unicode string".into(),
        },
        "DocumentType" => Error::DocumentType {
            index: 2,
            reason: "expected str or bytes, got NoneType".into(),
        },
        "EmptyVocabulary" => Error::EmptyVocabulary("empty vocabulary".into()),
        "ShapeMismatch" => Error::ShapeMismatch("indptr has 3 entries for 1 rows".into()),
        "Persistence" => Error::Persistence("unknown format version 99".into()),
        "NotFitted" => Error::NotFitted("the vocabulary is not fitted".into()),
        "Cancelled" => Error::Cancelled,
        "Internal" => Error::Internal("a broken invariant".into()),
        other => {
            return Err(Error::unknown_choice(
                "kind",
                other,
                &[
                    "InvalidParameter",
                    "InvalidDocument",
                    "DocumentType",
                    "EmptyVocabulary",
                    "ShapeMismatch",
                    "Persistence",
                    "NotFitted",
                    "Cancelled",
                    "Internal",
                ],
            )
            .into())
        }
    };
    Err(error.into())
}
