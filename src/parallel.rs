//! Thread pools sized by `n_jobs`, and the two ways work is spread over them:
//! - fixed chunking, for work whose result depends on how the input is cut: chunks are cut by
//!   input position only, and chunk results are merged in input order;
//! - [`run_batches`], for work whose result does not (counting into per-worker term tables,
//!   whose merge is canonical): workers take small batches as they become free, so none
//!   idles at the end while another finishes a large chunk.
//!
//! Batches are contiguous runs of the input of similar total weight (bytes of text, for
//! documents), cut by [`cut_by_weight`] and [`cut_into_batches`].

#![warn(missing_docs)]

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// Number of documents per unit of parallel work. Fixed (never derived from the thread count)
/// so that chunk-local state, and therefore every merge, is identical for any `n_jobs`.
pub const DOCUMENTS_PER_CHUNK: usize = 256;

/// Resolves scikit-learn's `n_jobs` convention: None means the default thread count (see
/// [`default_threads`]: all cores unless configured), a negative value -k means all cores but
/// k - 1, and 0 is invalid. A positive value is capped at [`MAX_THREADS_PER_CORE`] threads a
/// core (at least [`MIN_THREAD_CAP`]): the work is CPU-bound, so more threads only cost memory
/// and start-up, and `n_jobs=2**40` must not try to spawn them.
pub fn resolve_threads(n_jobs: Option<i64>) -> Result<usize> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1) as i64;
    match n_jobs {
        None => match default_threads()? {
            Some(threads) => resolve_threads_on(Some(threads as i64), cores),
            None => resolve_threads_on(None, cores),
        },
        n_jobs => resolve_threads_on(n_jobs, cores),
    }
}

/// The environment variable that sets the default thread count of a process (a positive
/// integer), when nothing else set it.
pub const THREADS_ENV_VAR: &str = "STORYLENS_NUM_THREADS";

/// The process's default thread count (0: not set).
static PROCESS_THREADS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The calling thread's own default thread count (0: not set), which wins over the
    /// process's: a task of a distributed worker runs with the threads of its task slot.
    static THREAD_THREADS: Cell<usize> = const { Cell::new(0) };
}

/// Sets (or, with None, clears) the default thread count of the whole process.
pub fn set_process_threads(threads: Option<usize>) {
    PROCESS_THREADS.store(threads.unwrap_or(0), Ordering::Relaxed);
}

/// Sets (or clears) the calling thread's default thread count, returning the previous one so
/// that a scope can restore it.
pub fn set_thread_threads(threads: Option<usize>) -> Option<usize> {
    let previous = THREAD_THREADS.with(|slot| slot.replace(threads.unwrap_or(0)));
    (previous > 0).then_some(previous)
}

/// The thread count that `n_jobs=None` means, when one was set: the calling thread's
/// ([`set_thread_threads`]), else the process's ([`set_process_threads`]), else
/// [`THREADS_ENV_VAR`]'s. None means all cores. A malformed environment variable is an error
/// that names it.
pub fn default_threads() -> Result<Option<usize>> {
    let own = THREAD_THREADS.with(Cell::get);
    if own > 0 {
        return Ok(Some(own));
    }
    let process = PROCESS_THREADS.load(Ordering::Relaxed);
    if process > 0 {
        return Ok(Some(process));
    }
    match std::env::var(THREADS_ENV_VAR) {
        Ok(value) => match value.trim().parse::<usize>() {
            Ok(threads) if threads > 0 => Ok(Some(threads)),
            _ => Err(Error::parameter(
                THREADS_ENV_VAR,
                format!("{value:?}; must be a positive integer"),
            )),
        },
        Err(_) => Ok(None),
    }
}

/// Threads allowed per core for a positive `n_jobs`.
pub const MAX_THREADS_PER_CORE: i64 = 4;
/// The thread cap on machines with few cores, so results can be checked with several threads.
pub const MIN_THREAD_CAP: i64 = 8;

fn resolve_threads_on(n_jobs: Option<i64>, cores: i64) -> Result<usize> {
    match n_jobs {
        None => Ok(cores as usize),
        Some(0) => Err(Error::parameter(
            "n_jobs",
            "must not be 0; use None for all cores",
        )),
        Some(n) if n > 0 => Ok(n.min((cores * MAX_THREADS_PER_CORE).max(MIN_THREAD_CAP)) as usize),
        Some(n) => Ok((cores + 1 + n).max(1) as usize),
    }
}

/// The process that first used the global pool. A child forked after that inherits the pool's
/// bookkeeping but none of its threads, so work sent to it there would wait forever.
static GLOBAL_POOL_OWNER: OnceLock<u32> = OnceLock::new();

/// Whether this process is a fork of the one whose global pool is set up (see
/// [`GLOBAL_POOL_OWNER`]); it then runs its work on pools of its own.
fn forked_from_pool_owner() -> bool {
    let current = std::process::id();
    *GLOBAL_POOL_OWNER.get_or_init(|| current) != current
}

/// Runs `work` inside a rayon pool of `threads` threads (the global pool when it already has
/// that size, which avoids spawning threads on every call; never in a forked child, where the
/// global pool has no threads).
pub fn run_with_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    if !forked_from_pool_owner() && threads == rayon::current_num_threads() {
        return work();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        // A pool that cannot be built (resource limits) still gives a correct, slower result.
        Err(_) => work(),
    }
}

/// Cuts `0..weights.len()` into contiguous ranges of similar total weight: `pieces` of them
/// at most, and one more when items of no weight end the input.
///
/// ```
/// use storylens::parallel::cut_by_weight;
/// assert_eq!(cut_by_weight(&[5, 1, 1, 5], 2), [0..2, 2..4]);
/// ```
pub fn cut_by_weight(weights: &[usize], pieces: usize) -> Vec<std::ops::Range<usize>> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let total: usize = weights.iter().sum();
    let pieces = pieces.clamp(1, n);
    let target = total.div_ceil(pieces).max(1);
    let mut ranges = Vec::with_capacity(pieces);
    let mut start = 0;
    let mut size = 0;
    for (i, &weight) in weights.iter().enumerate() {
        size += weight;
        if size >= target {
            ranges.push(start..i + 1);
            start = i + 1;
            size = 0;
        }
    }
    if start < n {
        ranges.push(start..n);
    }
    ranges
}

/// Text per batch of work on documents: small enough that the workers finish together, large
/// enough that a batch's overhead (its row buffers, taking it from the queue) is negligible.
pub const BATCH_BYTES: usize = 1 << 20;

/// Cuts items of `weights` bytes into contiguous batches of about `batch_bytes` (at least four
/// per thread, so that uneven items still balance).
///
/// ```
/// use storylens::parallel::cut_into_batches;
/// // Two threads: at least eight batches, one item each here.
/// assert_eq!(cut_into_batches(&[10; 8], 2, 1 << 20).len(), 8);
/// ```
pub fn cut_into_batches(
    weights: &[usize],
    threads: usize,
    batch_bytes: usize,
) -> Vec<std::ops::Range<usize>> {
    let total: usize = weights.iter().sum();
    cut_by_weight(
        weights,
        (threads.max(1) * 4).max(total / batch_bytes.max(1)),
    )
}

/// What [`run_batches`] returns: each worker's final state, and each batch's result with the
/// index of the state (worker) it was computed with, in batch order.
pub struct Batched<S, R> {
    /// Each worker's final state; a result's worker index points here.
    pub states: Vec<S>,
    /// `(worker, result)` of every batch, in batch order.
    pub results: Vec<(usize, R)>,
}

impl<S, R> Batched<S, R> {
    /// The results alone, in batch order (for work whose state holds nothing of value).
    pub fn into_results(self) -> Vec<R> {
        self.results.into_iter().map(|(_, result)| result).collect()
    }

    /// Sorts `(batch index, state index, result)` triples into batch order.
    pub fn from_unordered(states: Vec<S>, mut results: Vec<(usize, usize, R)>) -> Self {
        results.sort_unstable_by_key(|&(batch, _, _)| batch);
        Batched {
            states,
            results: results
                .into_iter()
                .map(|(_, state, result)| (state, result))
                .collect(),
        }
    }
}

/// A worker's final state and its `(batch, worker, result)` triples.
type WorkerRun<S, R> = (S, Vec<(usize, usize, R)>);

/// Runs `work` on the batches `0..n_batches` with up to `threads` workers, each with its own
/// state made by `new_state`. A worker takes the next batch as soon as it is free, so the
/// load balances whatever the batches cost. Which worker (state) a batch lands on depends on
/// timing: callers must make their final result independent of that (see the module notes).
pub fn run_batches<S: Send, R: Send>(
    threads: usize,
    n_batches: usize,
    new_state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> R + Sync,
) -> Batched<S, R> {
    let workers = threads.max(1).min(n_batches.max(1));
    if workers == 1 {
        let mut state = new_state();
        let results = (0..n_batches)
            .map(|batch| (0, work(&mut state, batch)))
            .collect();
        return Batched {
            states: vec![state],
            results,
        };
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let run_worker = |worker: usize| {
        let mut state = new_state();
        let mut results = Vec::new();
        loop {
            let batch = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if batch >= n_batches {
                break;
            }
            results.push((batch, worker, work(&mut state, batch)));
        }
        (state, results)
    };
    let outcomes: Vec<WorkerRun<S, R>> = run_with_threads(workers, || {
        use rayon::prelude::*;
        (0..workers).into_par_iter().map(run_worker).collect()
    });
    let mut states = Vec::with_capacity(workers);
    let mut results = Vec::with_capacity(n_batches);
    for (state, worker_results) in outcomes {
        states.push(state);
        results.extend(worker_results);
    }
    Batched::from_unordered(states, results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_jobs_follows_scikit_learn_and_is_capped() {
        assert_eq!(resolve_threads_on(None, 2).unwrap(), 2);
        assert_eq!(resolve_threads_on(Some(1), 2).unwrap(), 1);
        assert_eq!(resolve_threads_on(Some(3), 2).unwrap(), 3);
        assert_eq!(resolve_threads_on(Some(-1), 2).unwrap(), 2);
        assert_eq!(resolve_threads_on(Some(-2), 4).unwrap(), 3);
        assert_eq!(resolve_threads_on(Some(-9), 4).unwrap(), 1);
        assert_eq!(resolve_threads_on(Some(20_000), 2).unwrap(), 8);
        assert_eq!(resolve_threads_on(Some(1 << 40), 16).unwrap(), 64);
        assert!(resolve_threads_on(Some(0), 2).is_err());
    }

    #[test]
    fn n_jobs_follows_scikit_learn() {
        assert_eq!(resolve_threads(Some(1)).unwrap(), 1);
        assert!(resolve_threads(None).unwrap() >= 1);
        assert!(resolve_threads(Some(-1)).unwrap() >= 1);
        assert!(resolve_threads(Some(0)).is_err());
    }

    #[test]
    fn a_thread_default_wins_over_the_process_default_and_is_capped() {
        std::thread::spawn(|| {
            assert_eq!(set_thread_threads(Some(3)), None);
            assert_eq!(resolve_threads(None).unwrap(), 3);
            assert_eq!(resolve_threads(Some(1)).unwrap(), 1);
            assert_eq!(set_thread_threads(Some(1 << 40)), Some(3));
            assert!(resolve_threads(None).unwrap() <= 1 << 20);
            assert_eq!(set_thread_threads(None), Some(1 << 40));
        })
        .join()
        .unwrap();
    }

    #[test]
    fn batches_come_back_in_order_with_their_worker() {
        for threads in [1, 2, 3, 8] {
            let batched = run_batches(threads, 50, Vec::new, |seen: &mut Vec<usize>, batch| {
                seen.push(batch);
                batch * 10
            });
            let values: Vec<usize> = batched.results.iter().map(|&(_, value)| value).collect();
            assert_eq!(values, (0..50).map(|b| b * 10).collect::<Vec<_>>());
            // Every batch was seen by exactly the worker its result names.
            for (batch, &(worker, _)) in batched.results.iter().enumerate() {
                assert!(batched.states[worker].contains(&batch));
            }
            let seen: usize = batched.states.iter().map(Vec::len).sum();
            assert_eq!(seen, 50);
        }
        let empty = run_batches(4, 0, || (), |_, batch| batch);
        assert!(empty.results.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        #[test]
        fn weights_are_cut_into_contiguous_covering_ranges(
            weights in proptest::collection::vec(
                proptest::prop_oneof![proptest::strategy::Just(0usize), 0usize..1000],
                0..200,
            ),
            pieces in 0usize..40,
        ) {
            let ranges = cut_by_weight(&weights, pieces);
            // Every range but the last weighs at least its share, so there are at most
            // `pieces` of them, and one more only for items of no weight at the end.
            let share = weights.iter().sum::<usize>().div_ceil(pieces.max(1)).max(1);
            proptest::prop_assert!(ranges.len() <= pieces.max(1) + 1);
            let mut next = 0;
            for (index, range) in ranges.iter().enumerate() {
                proptest::prop_assert!(range.start == next && range.end > range.start);
                let weight: usize = weights[range.clone()].iter().sum();
                proptest::prop_assert!(index + 1 == ranges.len() || weight >= share);
                next = range.end;
            }
            proptest::prop_assert_eq!(next, weights.len());
        }
    }

    #[test]
    fn pools_of_any_size_run_the_work() {
        assert_eq!(run_with_threads(3, rayon::current_num_threads), 3);
        assert_eq!(run_with_threads(1, || 7), 7);
    }
}
