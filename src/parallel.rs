//! Thread pools sized by `n_jobs`, and the fixed chunking that keeps results independent of
//! the thread count: work is cut into chunks by input position only, and chunk results are
//! merged in input order.

use crate::error::{Error, Result};

/// Number of documents per unit of parallel work. Fixed (never derived from the thread count)
/// so that chunk-local state, and therefore every merge, is identical for any `n_jobs`.
pub const DOCUMENTS_PER_CHUNK: usize = 256;

/// Resolves scikit-learn's `n_jobs` convention: None means all cores, a negative value -k means
/// all cores but k - 1, and 0 is invalid.
pub fn resolve_threads(n_jobs: Option<i64>) -> Result<usize> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1) as i64;
    match n_jobs {
        None => Ok(cores as usize),
        Some(0) => Err(Error::parameter(
            "n_jobs",
            "must not be 0; use None for all cores",
        )),
        Some(n) if n > 0 => Ok(n as usize),
        Some(n) => Ok((cores + 1 + n).max(1) as usize),
    }
}

/// Runs `work` inside a rayon pool of `threads` threads (the global pool when it already has
/// that size, which avoids spawning threads on every call).
pub fn run_with_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    if threads == rayon::current_num_threads() {
        return work();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        // A pool that cannot be built (resource limits) still gives a correct, slower result.
        Err(_) => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_jobs_follows_scikit_learn() {
        assert_eq!(resolve_threads(Some(1)).unwrap(), 1);
        assert!(resolve_threads(None).unwrap() >= 1);
        assert!(resolve_threads(Some(-1)).unwrap() >= 1);
        assert!(resolve_threads(Some(0)).is_err());
    }

    #[test]
    fn pools_of_any_size_run_the_work() {
        assert_eq!(run_with_threads(3, rayon::current_num_threads), 3);
        assert_eq!(run_with_threads(1, || 7), 7);
    }
}
