//! The exact top-k search with candidate pruning: the same neighbours and the same score bits
//! as the full search, without walking every posting list of every query term.
//!
//! The full search adds up, for each query row, its products with every row of every posting
//! list of its terms. On real text the frequent terms have posting lists as long as the corpus,
//! so that work is quadratic, although those terms weigh little. Here each query takes its
//! terms in decreasing order of the most they can add to any score (the query weight times
//! the column's largest candidate weight, as in MaxScore and Bayardo et al.'s all-pairs
//! search), accumulating partial scores. Once what the remaining terms can add to a row that
//! has not been seen yet is clearly below a lower bound of the k-th best final score, no new
//! candidate is admitted, and candidates whose partial score plus that remainder is clearly
//! below it are dropped. That bound is the lowest exact score of the `k` candidates with the
//! best partial scores (`k` candidates reach it), raised every few terms; it is well above
//! the k-th best partial score, so admission stops sooner. The survivors are scored exactly, in
//! the full search's summation order, and the best `k` are selected with the same ordering.
//!
//! "Clearly below" leaves a relative margin of [`SLACK`] (and an absolute one for subnormal
//! products) around both sides: sums of non-negative products in different orders differ by
//! far less, so a dropped row could never have tied with or beaten the k-th best.
//!
//! This applies when every value is non-negative (bounds from partial sums need it) and every
//! row's columns are strictly increasing (the exact score walks a candidate's row in column
//! order, which is then the query's order); [`applies`] checks it, and the caller falls back
//! to the full search otherwise.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use ndarray::ArrayViewMut2;

use super::{better, Accumulator, Columns};
use crate::vectorize::csr::CsrMatrix;

/// Relative margin on bounds: far above the rounding of sums of up to millions of products.
const SLACK: f64 = 1e-9;

/// Margin on the squared norm of a normalised row (1 up to rounding, which grows with the
/// row's length: far less than this for rows of up to millions of values).
const NORM_SLACK: f64 = 1e-9;

/// Absolute margin on bounds, for products in the subnormal range (whose rounding error is
/// absolute, not relative).
const TINY: f64 = 1e-300;

/// Admission raises its bar from exact scores again once what the terms left can add has
/// shrunk to this share of what it was at the last raise: a short query (a sentence) raises
/// it after nearly every term, a long one (a document) a few times, not once per term.
const BAR_STEP: f64 = 0.9;

/// Whether `bound` (an upper bound of a score) is below `threshold` (a lower bound of the k-th
/// best score) by more than any rounding could explain.
#[inline]
pub(super) fn clearly_below(bound: f64, threshold: f64) -> bool {
    bound + SLACK * bound.abs() + TINY < threshold - SLACK * threshold.abs()
}

/// Whether the pruned search gives the full search's result for this matrix: values all
/// non-negative, and each row's columns strictly increasing.
pub(super) fn applies(matrix: &CsrMatrix<f64>) -> bool {
    matrix.data.iter().all(|&value| value >= 0.0)
        && (0..matrix.n_rows).all(|row| {
            let start = matrix.indptr[row] as usize;
            let end = matrix.indptr[row + 1] as usize;
            matrix.indices[start..end].windows(2).all(|w| w[0] < w[1])
        })
}

/// One query term: the most it can add to any candidate's score, its weight, and its column.
#[derive(Clone, Copy)]
struct Term {
    bound: f64,
    weight: f64,
    column: usize,
}

/// Per-thread scratch space, sized by the candidate block: O(candidates + columns).
pub(super) struct Scratch {
    partial: Accumulator,
    /// The query row's weights by column (0.0 elsewhere), for exact scoring.
    query: Vec<f64>,
    terms: Vec<Term>,
    /// `remaining[i]`: the most terms `i..` together can add to any candidate's score.
    remaining: Vec<f64>,
    /// `query_norms[i]`: the L2 norm of the weights of terms `i..`.
    query_norms: Vec<f64>,
    /// Per candidate, the sum of squares of its values on the terms taken so far: what is
    /// left of its unit norm bounds what the other terms can add to its score.
    squares: Vec<f64>,
    partials: Vec<(f64, u32)>,
    /// Candidates that may reach the top `k`, with their partial scores.
    hopefuls: Vec<(f64, u32)>,
    /// The best `k` exact scores so far, as bits, lowest on top.
    best: BinaryHeap<Reverse<u64>>,
    scored: Vec<(f64, u32)>,
    /// Per candidate, its exact score once computed (NaN before): admission and the final
    /// scoring both ask for some.
    exact: Vec<f64>,
    /// How many exact scores the current query computed.
    exactly_scored: usize,
}

impl Scratch {
    pub(super) fn new(candidates: &CsrMatrix<f64>) -> Self {
        Scratch {
            partial: Accumulator::new(candidates.n_rows),
            query: vec![0.0; candidates.n_cols],
            terms: Vec::new(),
            remaining: Vec::new(),
            query_norms: Vec::new(),
            squares: vec![0.0; candidates.n_rows],
            partials: Vec::new(),
            hopefuls: Vec::new(),
            best: BinaryHeap::new(),
            scored: Vec::new(),
            exact: vec![f64::NAN; candidates.n_rows],
            exactly_scored: 0,
        }
    }

    /// Whether the space is as a new one: no partial score or query weight left behind.
    #[cfg(test)]
    pub(super) fn is_clean(&self) -> bool {
        self.partial.touched.is_empty()
            && self.partial.sums.iter().all(|sum| sum.is_nan())
            && self.query.iter().all(|&weight| weight == 0.0)
            && self.squares.iter().all(|&square| square == 0.0)
            && self.exact.iter().all(|score| score.is_nan())
    }
}

/// The normalised query block and candidate block with the candidates' inverted index.
pub(super) struct Search<'a> {
    pub queries: &'a CsrMatrix<f64>,
    pub query_data: &'a [f64],
    pub candidates: &'a CsrMatrix<f64>,
    pub candidate_data: &'a [f64],
    pub columns: &'a Columns,
    pub candidate_offset: usize,
    pub k: usize,
}

/// One query row of a search: its index in the query block, the candidate that is the query
/// itself (skipped), and a floor: a score that `k` candidates found elsewhere already reach,
/// so that candidates clearly below it cannot make the top `k` (NaN or -inf for none).
#[derive(Clone, Copy)]
pub(super) struct QueryRow {
    pub row: usize,
    pub own: Option<usize>,
    pub floor: f64,
}

impl Search<'_> {
    /// Fills one output row (`slot` of `neighbours`/`scores`, already padded with -1/NaN) with
    /// the best `k` candidates of query `row`, skipping candidate `own` (the query itself).
    /// Returns how many candidates were scored exactly (the work pruning saves shows there).
    pub(super) fn row(
        &self,
        scratch: &mut Scratch,
        query: QueryRow,
        slot: usize,
        neighbours: &mut ArrayViewMut2<'_, i64>,
        scores: &mut ArrayViewMut2<'_, f64>,
    ) -> usize {
        self.order_terms(scratch, query.row);
        // A NaN floor is no floor.
        let floor = query.floor.max(f64::NEG_INFINITY);
        let stop = self.admit(scratch, query.own, floor);
        self.score_survivors(scratch, stop);
        let scored = &mut scratch.scored;
        scored.retain(|&(score, _)| !clearly_below(score, floor));
        let exactly_scored = std::mem::take(&mut scratch.exactly_scored);
        let k = self.k;
        if scored.len() > k {
            scored.select_nth_unstable_by(k - 1, better);
            scored.truncate(k);
        }
        scored.sort_unstable_by(better);
        for (rank, &(score, other)) in scored.iter().enumerate() {
            neighbours[[slot, rank]] = (self.candidate_offset + other as usize) as i64;
            scores[[slot, rank]] = score;
        }
        // Leave the scratch space as found.
        for term in &scratch.terms {
            scratch.query[term.column] = 0.0;
        }
        for &other in &scratch.partial.touched {
            scratch.squares[other as usize] = 0.0;
            scratch.exact[other as usize] = f64::NAN;
        }
        scratch.partial.clear();
        exactly_scored
    }

    /// The query's terms that can match, most promising first, with the remaining bounds; the
    /// query's weights spread over `scratch.query`.
    fn order_terms(&self, scratch: &mut Scratch, row: usize) {
        let start = self.queries.indptr[row] as usize;
        let end = self.queries.indptr[row + 1] as usize;
        scratch.terms.clear();
        for (&column, &weight) in self.queries.indices[start..end]
            .iter()
            .zip(&self.query_data[start..end])
        {
            let column = column as usize;
            // Columns past the candidates' width match nothing.
            let Some(&largest) = self.columns.max_values.get(column) else {
                continue;
            };
            // A column no candidate holds adds nothing to any score; left out, its weight
            // does not loosen the Cauchy-Schwarz bound below (in a block of other stories,
            // most of a query's weight is on such columns).
            if self.columns.pointers[column] == self.columns.pointers[column + 1] {
                continue;
            }
            scratch.query[column] = weight;
            scratch.terms.push(Term {
                bound: weight * largest,
                weight,
                column,
            });
        }
        // Stable: equal bounds keep the row's order, so the pass is deterministic.
        scratch.terms.sort_by(|a, b| b.bound.total_cmp(&a.bound));
        // What terms i.. can add: at most the sum of their bounds, and (Cauchy-Schwarz, with
        // candidate rows of unit norm) at most the norm of their query weights.
        scratch.remaining.clear();
        scratch.remaining.resize(scratch.terms.len() + 1, 0.0);
        scratch.query_norms.clear();
        scratch.query_norms.resize(scratch.terms.len() + 1, 0.0);
        let (mut sum, mut squares) = (0.0f64, 0.0f64);
        for (i, term) in scratch.terms.iter().enumerate().rev() {
            sum += term.bound;
            squares += term.weight * term.weight;
            scratch.query_norms[i] = squares.sqrt();
            scratch.remaining[i] = sum.min(scratch.query_norms[i]);
        }
    }

    /// Accumulates partial scores term by term until new candidates can no longer reach the
    /// top `k` (nor reach `floor`). Returns the index of the first term left out and the bar
    /// then (a lower bound of the k-th best exact score, or the floor if higher), or None when
    /// every term was taken.
    fn admit(&self, scratch: &mut Scratch, own: Option<usize>, floor: f64) -> Option<(usize, f64)> {
        let k = self.k;
        let mut bar = floor;
        let mut remaining_at_raise = f64::INFINITY;
        for i in 0..scratch.terms.len() {
            let remaining = scratch.remaining[i];
            if clearly_below(remaining, bar) {
                return Some((i, bar));
            }
            // Raise the bar once `k` candidates are in, and again each time the terms left
            // can add a good deal less (see BAR_STEP): exact scores of the best candidates
            // so far often stop admission well before their partial scores would.
            if scratch.partial.touched.len() >= k && remaining <= BAR_STEP * remaining_at_raise {
                remaining_at_raise = remaining;
                bar = bar.max(self.kth_exact_of_best_partials(scratch));
                if clearly_below(remaining, bar) {
                    return Some((i, bar));
                }
            }
            let Term { weight, column, .. } = scratch.terms[i];
            let from = self.columns.pointers[column];
            let to = self.columns.pointers[column + 1];
            let postings = self.columns.rows[from..to]
                .iter()
                .zip(&self.columns.values[from..to]);
            for (&other, &value) in postings {
                if Some(other as usize) == own {
                    continue;
                }
                let sum = &mut scratch.partial.sums[other as usize];
                if sum.is_nan() {
                    *sum = 0.0;
                    scratch.partial.touched.push(other);
                }
                *sum += weight * value;
                scratch.squares[other as usize] += value * value;
            }
        }
        None
    }

    /// The lowest exact score of the `k` candidates with the best partial scores among those
    /// admitted so far (at least `k`): `k` candidates reach it, so the k-th best final score
    /// does too. It is at least the k-th best partial score.
    fn kth_exact_of_best_partials(&self, scratch: &mut Scratch) -> f64 {
        let Scratch {
            partial,
            partials,
            query,
            exact,
            exactly_scored,
            ..
        } = scratch;
        partials.clear();
        partials.extend(
            partial
                .touched
                .iter()
                .map(|&other| (partial.sums[other as usize], other)),
        );
        partials.select_nth_unstable_by(self.k - 1, |a, b| b.0.total_cmp(&a.0));
        partials[..self.k]
            .iter()
            .map(|&(_, other)| self.cached_exact_score(query, exact, exactly_scored, other))
            .fold(f64::INFINITY, f64::min)
    }

    /// Exact scores of the admitted candidates that may still reach the top `k`, into
    /// `scratch.scored`. After a stop, a candidate is scored only while its bound is not
    /// clearly below the k-th best exact score so far (nor the bar admission stopped at).
    fn score_survivors(&self, scratch: &mut Scratch, stop: Option<(usize, f64)>) {
        let Scratch {
            partial,
            query,
            remaining,
            query_norms,
            squares,
            scored,
            hopefuls,
            best,
            exact,
            exactly_scored,
            ..
        } = scratch;
        scored.clear();
        let Some((first_left_out, threshold)) = stop else {
            for &other in &partial.touched {
                let score = self.cached_exact_score(query, exact, exactly_scored, other);
                scored.push((score, other));
            }
            return;
        };
        let (left_out, query_norm) = (remaining[first_left_out], query_norms[first_left_out]);
        // A candidate's score is at most its partial score plus what the left-out terms can
        // add: at most `left_out`, and (Cauchy-Schwarz) at most the left-out query weights'
        // norm times what is left of the candidate's unit norm.
        hopefuls.clear();
        hopefuls.extend(partial.touched.iter().filter_map(|&other| {
            // The first bound alone settles most candidates, without a square root.
            let partial = partial.sums[other as usize];
            if clearly_below(partial + left_out, threshold) {
                return None;
            }
            let rest = query_norm * (1.0 + NORM_SLACK - squares[other as usize]).max(0.0).sqrt();
            let bound = partial + left_out.min(rest);
            (!clearly_below(bound, threshold)).then_some((bound, other))
        }));
        // The k best exact scores so far, lowest on top (non-negative floats order as their
        // bits).
        best.clear();
        let k = self.k;
        // The k hopefuls with the best bounds first, the likeliest top k: the k-th of their
        // scores is a high bar at once, so the others are taken in any order, each scored
        // only if its bound reaches the bar then. Sorting them all by bound would cost more
        // than the exact scores it saves (hundreds of hopefuls per sentence of a news set,
        // each a few products).
        if hopefuls.len() > k {
            hopefuls.select_nth_unstable_by(k - 1, better);
        }
        for &(bound, other) in hopefuls.iter() {
            if best.len() == k {
                let kth = best
                    .peek()
                    .map_or(0.0, |Reverse(bits)| f64::from_bits(*bits));
                if clearly_below(bound, kth.max(threshold)) {
                    continue;
                }
            }
            let score = self.cached_exact_score(query, exact, exactly_scored, other);
            scored.push((score, other));
            if best.len() < k {
                best.push(Reverse(score.to_bits()));
            } else if let Some(mut kth) = best.peek_mut() {
                // Most scores do not enter the best k: only those that do move the heap.
                if score.to_bits() > kth.0 {
                    *kth = Reverse(score.to_bits());
                }
            }
        }
    }

    /// [`Search::exact_score`] of candidate `other`, computed once per query (`exact` keeps
    /// it; `exactly_scored` counts the computations).
    fn cached_exact_score(
        &self,
        query: &[f64],
        exact: &mut [f64],
        exactly_scored: &mut usize,
        other: u32,
    ) -> f64 {
        let slot = &mut exact[other as usize];
        if slot.is_nan() {
            *slot = self.exact_score(query, other as usize);
            *exactly_scored += 1;
        }
        *slot
    }

    /// The score of candidate `other`, summed as the full search sums it: over the query's
    /// columns in order, from 0.0. Both rows have increasing columns, so the candidate's
    /// order is the query's; its columns the query lacks add 0.0 * value = +0.0, which
    /// leaves a sum of non-negative products unchanged to the bit.
    fn exact_score(&self, query: &[f64], other: usize) -> f64 {
        let start = self.candidates.indptr[other] as usize;
        let end = self.candidates.indptr[other + 1] as usize;
        let mut sum = 0.0f64;
        for (&column, &value) in self.candidates.indices[start..end]
            .iter()
            .zip(&self.candidate_data[start..end])
        {
            sum += query[column as usize] * value;
        }
        sum
    }
}
