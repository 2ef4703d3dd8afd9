//! The default thread count that `n_jobs=None` resolves to, as `storylens.set_config` and
//! `storylens.config_context` set it (see `crate::parallel::default_threads`).

use pyo3::prelude::*;

use crate::error::Error;
use crate::parallel;
use crate::python::detached::{run_attached, try_run_attached};

fn thread_count(threads: Option<i64>) -> PyResult<Option<usize>> {
    match threads {
        None => Ok(None),
        Some(n) if n >= 1 => Ok(Some(n as usize)),
        Some(n) => Err(Error::parameter("n_threads", format!("{n}; must be at least 1")).into()),
    }
}

/// Sets (or, with None, clears) the default thread count of the whole process.
#[pyfunction]
#[pyo3(signature = (threads))]
pub fn set_process_threads(threads: Option<i64>) -> PyResult<()> {
    let threads = thread_count(threads)?;
    run_attached(|| parallel::set_process_threads(threads))
}

/// Sets (or clears) the calling thread's default thread count; returns the previous one.
#[pyfunction]
#[pyo3(signature = (threads))]
pub fn set_thread_threads(threads: Option<i64>) -> PyResult<Option<usize>> {
    let threads = thread_count(threads)?;
    run_attached(|| parallel::set_thread_threads(threads))
}

/// The number of threads that core work given `n_jobs` runs with on the calling thread.
#[pyfunction]
#[pyo3(signature = (n_jobs=None))]
pub fn resolve_threads(n_jobs: Option<i64>) -> PyResult<usize> {
    try_run_attached(|| parallel::resolve_threads(n_jobs))
}
