//! The row budget of the reuse map: the number of matches cannot be known before the map is
//! built (a one-story set of thousands of articles has hundreds of millions), so the rows are
//! counted while the workers produce them, and the map refuses once they pass the budget,
//! before they exhaust memory.
//!
//! Whether the map refuses depends on the input and the budget only, never on the thread
//! count: the verdict compares the total of all rows with the budget, and the early stop is
//! an optimisation that fires only once the rows counted so far, a part of that total,
//! already pass it.
//!
//! ```
//! use storylens::compare::reuse::budget::RowBudget;
//!
//! let budget = RowBudget::new(Some(5));
//! assert!(budget.keep(3));
//! assert!(!budget.keep(3)); // 6 rows: past the budget, the workers stop
//! assert!(budget.verdict().is_err());
//! assert!(RowBudget::new(None).keep(usize::MAX));
//! ```

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// The rows kept so far against an optional budget, shared by the workers of one map.
#[derive(Debug)]
pub struct RowBudget {
    max_rows: Option<usize>,
    kept: AtomicUsize,
    passed: AtomicBool,
}

impl RowBudget {
    /// A budget of `max_rows` rows (None: no budget).
    pub fn new(max_rows: Option<usize>) -> Self {
        RowBudget {
            max_rows,
            kept: AtomicUsize::new(0),
            passed: AtomicBool::new(false),
        }
    }

    /// Counts `rows` more rows; false once the rows counted so far pass the budget, when
    /// the workers should stop (the map is refused whatever else they find).
    pub fn keep(&self, rows: usize) -> bool {
        let Some(max_rows) = self.max_rows else {
            return true;
        };
        let kept = self
            .kept
            .fetch_add(rows, Ordering::Relaxed)
            .saturating_add(rows);
        if kept > max_rows {
            self.passed.store(true, Ordering::Relaxed);
        }
        !self.is_passed()
    }

    /// Whether the rows counted so far passed the budget: a worker checks it before each
    /// unit of work, so that all of them stop soon after one finds the budget passed.
    pub fn is_passed(&self) -> bool {
        self.passed.load(Ordering::Relaxed)
    }

    /// [`Error::ResourceLimit`] when the rows counted pass the budget: called once every
    /// worker has finished, it sees either every row (the total decides) or a part of them
    /// that already passes the budget, so the verdict is the same for any thread count.
    pub fn verdict(&self) -> Result<()> {
        let kept = self.kept.load(Ordering::Relaxed);
        match self.max_rows {
            // The message leaves out how many rows were counted: after an early stop that
            // depends on the thread count.
            Some(max_rows) if kept > max_rows => Err(Error::ResourceLimit(format!(
                "the reuse map has more than {max_rows} rows, its budget (max_rows)"
            ))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_up_to_the_budget_pass_and_one_more_refuses() {
        let budget = RowBudget::new(Some(10));
        assert!(budget.keep(4) && budget.keep(6));
        assert_eq!(budget.verdict(), Ok(()));
        assert!(!budget.keep(1));
        assert!(budget.is_passed());
        let message = budget.verdict().unwrap_err().to_string();
        assert!(message.contains("more than 10 rows"), "{message}");
    }

    #[test]
    fn no_budget_never_refuses() {
        let budget = RowBudget::new(None);
        assert!(budget.keep(usize::MAX) && budget.keep(usize::MAX));
        assert!(!budget.is_passed());
        assert_eq!(budget.verdict(), Ok(()));
    }

    #[test]
    fn workers_on_many_threads_reach_the_verdict_of_one() {
        use rayon::prelude::*;
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let budget = RowBudget::new(Some(1000));
            pool.install(|| {
                (0..1000).into_par_iter().for_each(|_| {
                    if !budget.is_passed() {
                        budget.keep(1);
                    }
                })
            });
            assert_eq!(budget.verdict(), Ok(()), "{threads} threads");
            let over = RowBudget::new(Some(999));
            pool.install(|| {
                (0..1000).into_par_iter().for_each(|_| {
                    if !over.is_passed() {
                        over.keep(1);
                    }
                })
            });
            assert!(over.verdict().is_err(), "{threads} threads");
        }
    }
}
