//! What a long job shares with whoever waits for it: a cancel flag that its batch loop polls
//! between batches, and a progress count that the loop advances after each batch.
//!
//! The core never blocks on, or calls back into, the waiter: polling is one relaxed atomic
//! load and reporting one relaxed atomic add per batch, so a job nobody watches pays nothing
//! measurable. The waiter (the Python binding's GIL-release helper) reads the counts when it
//! likes, and cancels when the user presses Ctrl-C; the job then stops at its next batch with
//! [`Error::Cancelled`].
//!
//! ```
//! use storylens::job::JobControl;
//!
//! let control = JobControl::new();
//! control.add_total(3);
//! let mut done = Vec::new();
//! for batch in 0..3 {
//!     if control.checkpoint().is_err() {
//!         break;
//!     }
//!     done.push(batch);
//!     control.advance(1);
//!     if batch == 1 {
//!         control.cancel(); // as the waiter would, from another thread
//!     }
//! }
//! assert_eq!(done, [0, 1]);
//! assert_eq!(control.progress(), (2, 3));
//! ```

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// The cancel flag and progress counts of one job; see the module notes.
#[derive(Debug, Default)]
pub struct JobControl {
    cancelled: AtomicBool,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl JobControl {
    pub const fn new() -> Self {
        JobControl {
            cancelled: AtomicBool::new(false),
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        }
    }

    /// Asks the job to stop at its next [`JobControl::checkpoint`].
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// [`Error::Cancelled`] once the job was cancelled: a batch loop calls it before each
    /// batch and returns the error.
    pub fn checkpoint(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Announces `units` more units of work (documents, for the vectorizers).
    pub fn add_total(&self, units: usize) {
        self.total.fetch_add(units, Ordering::Relaxed);
    }

    /// Reports `units` units of work done.
    pub fn advance(&self, units: usize) {
        self.done.fetch_add(units, Ordering::Relaxed);
    }

    /// `(done, total)` units so far.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_from_another_thread_stops_the_loop_at_its_next_batch() {
        let control = JobControl::new();
        control.add_total(1_000_000);
        let batches = std::thread::scope(|scope| {
            let worker = scope.spawn(|| {
                let mut batches = 0usize;
                while control.checkpoint().is_ok() {
                    batches += 1;
                    control.advance(1);
                    std::thread::yield_now();
                }
                batches
            });
            while control.progress().0 == 0 {
                std::thread::yield_now();
            }
            control.cancel();
            worker.join().unwrap()
        });
        assert!((1..1_000_000).contains(&batches));
        assert_eq!(control.progress(), (batches, 1_000_000));
        assert_eq!(control.checkpoint(), Err(Error::Cancelled));
    }
}
