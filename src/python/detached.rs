//! The one way the binding releases the GIL, and the one way a worker takes it back.
//!
//! Core work runs with the GIL released so that other Python threads go on. Every release goes
//! through [`run_detached`], [`try_run_detached`] or [`run_watched`], which catch a panic of
//! the work (on any of its threads) and raise it as `storylens.exceptions.InternalError`, a
//! RuntimeError. (A panic that reached pyo3 would arrive as PanicException, a BaseException
//! that `except Exception` does not catch.) `clippy.toml` bans the bare `Python::detach` and
//! `Python::attach` everywhere else.
//!
//! Core work too quick to be worth a release (a constructor, a lookup, a getter that asks the
//! core) runs under [`run_attached`] or [`try_run_attached`] instead: with the GIL held, and
//! with the same conversion of a panic. Every entry point of `_core` goes through one of these
//! helpers unless it only converts values (`tests/package/test_panics.py` checks the source).
//!
//! A long job runs under [`run_watched`]: on a helper thread, while the calling thread watches
//! it, so that Ctrl-C stops it within [`WATCH_INTERVAL`] and a batch instead of when it ends,
//! and so that a progress callback hears how far it got. The job polls its cancel flag and
//! reports its progress through a core [`JobControl`], so the core never calls into Python.
//! This is the usual design for a Python extension: only the main thread may run Python's
//! signal handlers (`PyErr_CheckSignals`), and the job's own threads cannot, so the main thread
//! waits in short slices and runs them in between.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;

use crate::job::JobControl;
use crate::python::errors::panic_to_py_err;

/// How often the calling thread of a watched job checks for Ctrl-C and reports progress.
pub const WATCH_INTERVAL: Duration = Duration::from_millis(50);

/// Watching costs a thread (about 0.1 ms to start on a busy machine), so a job whose caller
/// knows it is short runs in place: see [`run_job`].
pub enum JobLength {
    Short,
    Long,
}

/// Runs `work` with the GIL released, on this thread; a panic becomes InternalError. For
/// work that ends quickly or cannot stop half-way; a long batched job uses [`run_watched`].
pub fn run_detached<T: Send>(py: Python<'_>, work: impl Send + FnOnce() -> T) -> PyResult<T> {
    detach_catching_panics(py, work)
}

/// [`run_detached`] for work that can fail: its error (a core error, or a PyErr) is raised.
pub fn try_run_detached<T, E, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    E: Into<PyErr> + Send,
    F: Send + FnOnce() -> Result<T, E>,
{
    detach_catching_panics(py, work)?.map_err(Into::into)
}

/// Runs `work` on this thread WITHOUT releasing the GIL; a panic becomes InternalError. For
/// core work that ends in microseconds, where a release would cost more than it frees, or that
/// reads Python objects as it goes.
pub fn run_attached<T>(work: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(work)).map_err(panic_to_py_err)
}

/// [`run_attached`] for work that can fail: its error (a core error, or a PyErr) is raised.
pub fn try_run_attached<T, E: Into<PyErr>>(work: impl FnOnce() -> Result<T, E>) -> PyResult<T> {
    run_attached(work)?.map_err(Into::into)
}

/// The only release of the GIL: `work` runs detached, and its panic is returned as the
/// InternalError.
fn detach_catching_panics<T: Send>(py: Python<'_>, work: impl Send + FnOnce() -> T) -> PyResult<T> {
    // The one call that clippy.toml's `disallowed-methods` allows: every other release of
    // the GIL goes through here, so that no panic escapes as PanicException.
    #[allow(clippy::disallowed_methods)]
    py.detach(|| catch_unwind(AssertUnwindSafe(work)))
        .map_err(panic_to_py_err)
}

/// Takes the GIL back, for `work`'s duration, on a thread of a job detached by this module: a
/// worker that reads or encodes Python objects, or the caller watching a job. Only inside such
/// a job: its caller has released the GIL, so it cannot be waiting for this thread while
/// holding the GIL this thread needs.
pub fn reattach<T>(work: impl FnOnce(Python<'_>) -> T) -> T {
    // The one call that clippy.toml allows; see the function's doc.
    #[allow(clippy::disallowed_methods)]
    Python::attach(work)
}

thread_local! {
    /// The Python callable that the watched jobs started by this thread report progress to
    /// (see [`run_watched`]), or None.
    static PROGRESS_CALLBACK: RefCell<Option<Py<PyAny>>> = const { RefCell::new(None) };
}

/// Sets (or, with None, clears) the progress callback of the calling thread's watched jobs.
pub fn set_progress_callback(callback: Option<Py<PyAny>>) {
    PROGRESS_CALLBACK.with(|slot| *slot.borrow_mut() = callback);
}

/// Runs a long job: `work` runs with the GIL released on a helper thread, polling `control`
/// between its batches and reporting its progress there, while the calling thread waits in
/// slices of [`WATCH_INTERVAL`]. Between slices it runs Python's signal handlers and calls the
/// thread's progress callback, if any, with `(done, total)` when the counts changed (and once
/// more at the end). When a handler raises (KeyboardInterrupt on Ctrl-C) or the callback does,
/// the job is cancelled, and once it has stopped that exception is raised. A panic of the job
/// becomes InternalError.
pub fn run_watched<T, E, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    E: Into<PyErr> + Send,
    F: Send + FnOnce(&JobControl) -> Result<T, E>,
{
    let callback = PROGRESS_CALLBACK.with(|slot| slot.borrow().as_ref().map(|c| c.clone_ref(py)));
    let control = JobControl::new();
    let mut last_reported = None;
    let (outcome, interruption) = detach_catching_panics(py, || {
        std::thread::scope(|scope| {
            let (finished, wait) = mpsc::sync_channel::<()>(1);
            let control = &control;
            let job = scope.spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| work(control)));
                // The receiver lives until the job is joined, so the send cannot fail.
                let _ = finished.send(());
                outcome
            });
            let mut interruption: Option<PyErr> = None;
            while let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(WATCH_INTERVAL) {
                if interruption.is_some() {
                    continue; // cancelled: wait for the job to reach its next checkpoint
                }
                let watched = reattach(|py| {
                    py.check_signals()?;
                    report_progress(py, callback.as_ref(), control, &mut last_reported)
                });
                if let Err(error) = watched {
                    control.cancel();
                    interruption = Some(error);
                }
            }
            // The job catches its own panics, so joining cannot fail; if it did, its panic
            // becomes the outcome like any other.
            let outcome = job.join().unwrap_or_else(Err);
            (outcome, interruption)
        })
    })?;
    if let Some(error) = interruption {
        return Err(error);
    }
    let value = outcome.map_err(panic_to_py_err)?.map_err(Into::into)?;
    report_progress(py, callback.as_ref(), &control, &mut last_reported)?;
    Ok(value)
}

/// A job that polls a [`JobControl`]: watched ([`run_watched`]) when `length` is Long, and
/// otherwise run in place ([`try_run_detached`]) with a control nobody cancels or reads.
pub fn run_job<T, E, F>(py: Python<'_>, length: JobLength, work: F) -> PyResult<T>
where
    T: Send,
    E: Into<PyErr> + Send,
    F: Send + FnOnce(&JobControl) -> Result<T, E>,
{
    match length {
        JobLength::Long => run_watched(py, work),
        JobLength::Short => try_run_detached(py, || work(&JobControl::new())),
    }
}

/// Calls `callback(done, total)` when the counts of `control` differ from the last report.
fn report_progress(
    py: Python<'_>,
    callback: Option<&Py<PyAny>>,
    control: &JobControl,
    last_reported: &mut Option<(usize, usize)>,
) -> PyResult<()> {
    let Some(callback) = callback else {
        return Ok(());
    };
    let progress = control.progress();
    // A job that announced no work has nothing to report: a (0, 0) after a fit's counting
    // reported (n, n) would read as progress going backwards.
    if progress.1 > 0 && *last_reported != Some(progress) {
        *last_reported = Some(progress);
        callback.call1(py, progress)?;
    }
    Ok(())
}
