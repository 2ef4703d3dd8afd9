//! Each sentence's closest neighbours in the capped LexRank graph, found by a pruned search
//! that returns exactly what the full inverted-index search returns.
//!
//! The full search adds `value x weight` for every sentence that shares a term with the one
//! at hand: at 1,000 articles of 40 stories (27,000 sentences over a small vocabulary) that
//! is 373 million multiply-adds, most of them for sentences that cannot be among the few
//! closest. Here each sentence takes its terms largest possible contribution first and
//! stops admitting candidates once the terms left cannot lift an unseen sentence to the
//! cosine of the k-th closest found so far (a bound from Cauchy-Schwarz and each term's
//! largest value); candidates whose partial score plus that bound falls short are dropped.
//! The survivors' cosines are then computed again, column by column in ascending order,
//! which is the order of additions of the full search, so the scores, and therefore the
//! ties and the threshold, are bit for bit the same. A row equal to an earlier one (a
//! copied sentence) takes that row's neighbours without a search of its own.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::vectorize::csr::CsrMatrix;

/// Added to every bound before it prunes, far above the rounding of a sum of a few hundred
/// products of unit values: a candidate is dropped only when it is surely below the cut.
const SLACK: f64 = 1e-9;

/// The cosine of the row scattered into `dense` (zero elsewhere) and the row `other`
/// (unit rows, sorted by column): the products of their common columns added in ascending
/// column order, as the full search adds them. The other columns add `0.0 x value`, a zero
/// that changes no sum which does not start at -0.0 (and a sum from 0.0 never is -0.0).
fn exact_dot(dense: &[f64], other: (&[i32], &[f64])) -> f64 {
    let (columns, values) = other;
    columns
        .iter()
        .zip(values)
        .fold(0.0, |total, (&column, &value)| {
            total + dense[column as usize] * value
        })
}

/// Column-major postings of the rows: for each column, the rows holding it (ascending) and
/// their values, and the column's largest absolute value.
struct Postings {
    starts: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f64>,
    largest: Vec<f64>,
}

impl Postings {
    fn of(matrix: &CsrMatrix<f64>) -> Postings {
        let mut starts = vec![0usize; matrix.n_cols + 1];
        for &column in &matrix.indices {
            starts[column as usize + 1] += 1;
        }
        for c in 0..matrix.n_cols {
            starts[c + 1] += starts[c];
        }
        let mut next = starts.clone();
        let mut rows = vec![0u32; matrix.indices.len()];
        let mut values = vec![0.0; matrix.indices.len()];
        let mut largest = vec![0.0f64; matrix.n_cols];
        for s in 0..matrix.n_rows {
            let (columns, row_values) = matrix.row(s);
            for (&column, &value) in columns.iter().zip(row_values) {
                let c = column as usize;
                rows[next[c]] = s as u32;
                values[next[c]] = value;
                next[c] += 1;
                largest[c] = largest[c].max(value.abs());
            }
        }
        Postings {
            starts,
            rows,
            values,
            largest,
        }
    }

    fn column(&self, c: usize) -> (&[u32], &[f64]) {
        let range = self.starts[c]..self.starts[c + 1];
        (&self.rows[range.clone()], &self.values[range])
    }
}

/// Per-thread scratch, cleared after each row by walking `touched` only.
struct Scratch {
    partial: Vec<f64>,
    seen: Vec<bool>,
    exact: Vec<f64>,
    touched: Vec<u32>,
    /// The current row, scattered over the columns.
    dense: Vec<f64>,
}

impl Scratch {
    fn new(n: usize, n_cols: usize) -> Scratch {
        Scratch {
            partial: vec![0.0; n],
            seen: vec![false; n],
            exact: vec![f64::NAN; n],
            touched: Vec::new(),
            dense: vec![0.0; n_cols],
        }
    }

    fn clear(&mut self) {
        for &t in &self.touched {
            let t = t as usize;
            self.partial[t] = 0.0;
            self.seen[t] = false;
            self.exact[t] = f64::NAN;
        }
        self.touched.clear();
    }
}

/// For every row of `rows` (unit rows sorted by column), the `keep` rows with the largest
/// cosine of at least `threshold` (ties to the lower index), ascending: the same lists as
/// the full search over every row that shares a term. `keep` must be positive.
pub(super) fn closest_neighbours(
    rows: &CsrMatrix<f64>,
    threshold: f64,
    keep: usize,
) -> Vec<Vec<u32>> {
    let n = rows.n_rows;
    let postings = Postings::of(rows);
    let first = first_of_equal_rows(rows);
    let representatives: Vec<usize> = (0..n).filter(|&s| first[s] == s).collect();
    let found: Vec<Vec<u32>> = representatives
        .par_iter()
        .map_init(
            || Scratch::new(n, rows.n_cols),
            |scratch, &s| {
                let found = closest_to(rows, &postings, s, threshold, keep, scratch);
                scratch.clear();
                found
            },
        )
        .collect();
    let mut slot = vec![0usize; n];
    for (k, &s) in representatives.iter().enumerate() {
        slot[s] = k;
    }
    (0..n).map(|s| found[slot[first[s]]].clone()).collect()
}

/// For every row, the first row equal to it (same columns, same value bits). Equal rows have
/// equal cosines with every row, hence the same neighbours, so only the first is searched:
/// copied wire sentences make most rows of a news set repeats (62% at 1,000 articles).
fn first_of_equal_rows(rows: &CsrMatrix<f64>) -> Vec<usize> {
    let bits: Vec<u64> = rows.data.iter().map(|v| v.to_bits()).collect();
    let mut seen: HashMap<(&[i32], &[u64]), usize> = HashMap::with_capacity(rows.n_rows);
    (0..rows.n_rows)
        .map(|s| {
            let range = rows.indptr[s] as usize..rows.indptr[s + 1] as usize;
            *seen
                .entry((&rows.indices[range.clone()], &bits[range]))
                .or_insert(s)
        })
        .collect()
}

/// Row `s`'s list (see [`closest_neighbours`]); `scratch` comes clear and is left for
/// [`Scratch::clear`].
fn closest_to(
    rows: &CsrMatrix<f64>,
    postings: &Postings,
    s: usize,
    threshold: f64,
    keep: usize,
    scratch: &mut Scratch,
) -> Vec<u32> {
    let (columns, values) = rows.row(s);
    for (&column, &value) in columns.iter().zip(values) {
        scratch.dense[column as usize] = value;
    }
    // The row's terms, largest possible contribution first (ties to the lower column).
    let mut order: Vec<usize> = (0..columns.len()).collect();
    let reach = |i: usize| values[i].abs() * postings.largest[columns[i] as usize];
    order.sort_by(|&a, &b| reach(b).total_cmp(&reach(a)).then(a.cmp(&b)));
    // left[i]: the most the terms order[i..] can add to the cosine of any row.
    let mut left = vec![0.0; order.len() + 1];
    let (mut squares, mut reaches) = (0.0, 0.0);
    for i in (0..order.len()).rev() {
        squares += values[order[i]] * values[order[i]];
        reaches += reach(order[i]);
        left[i] = squares.sqrt().min(reaches);
    }
    let exact_of = |scratch: &mut Scratch, t: usize| {
        if scratch.exact[t].is_nan() {
            scratch.exact[t] = exact_dot(&scratch.dense, rows.row(t));
        }
        scratch.exact[t]
    };
    let mut cut = threshold;
    let mut admitted = 0;
    while admitted < order.len() && left[admitted] + SLACK >= cut {
        let i = order[admitted];
        let (targets, weights) = postings.column(columns[i] as usize);
        for (&t, &weight) in targets.iter().zip(weights) {
            if !scratch.seen[t as usize] {
                scratch.seen[t as usize] = true;
                scratch.touched.push(t);
            }
            scratch.partial[t as usize] += values[i] * weight;
        }
        admitted += 1;
        if scratch.touched.len() >= keep {
            // The k-th largest true cosine among the k best partial scores: no row below
            // it can be among the k closest.
            let mut best = scratch.touched.clone();
            let partial = &scratch.partial;
            best.select_nth_unstable_by(keep - 1, |a, b| {
                partial[*b as usize]
                    .total_cmp(&partial[*a as usize])
                    .then(a.cmp(b))
            });
            let kth = best[..keep]
                .iter()
                .map(|&t| exact_of(scratch, t as usize))
                .fold(f64::INFINITY, f64::min);
            cut = cut.max(kth);
        }
    }
    let rest = left[admitted];
    let mut candidates: Vec<(f64, u32)> = Vec::new();
    for k in 0..scratch.touched.len() {
        let t = scratch.touched[k];
        if scratch.partial[t as usize] + rest + SLACK < cut {
            continue;
        }
        let dot = exact_of(scratch, t as usize);
        if dot >= threshold {
            candidates.push((dot, t));
        }
    }
    if candidates.len() > keep {
        candidates.select_nth_unstable_by(keep - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(keep);
    }
    for &column in columns {
        scratch.dense[column as usize] = 0.0;
    }
    let mut neighbours: Vec<u32> = candidates.into_iter().map(|(_, t)| t).collect();
    neighbours.sort_unstable();
    neighbours
}

#[cfg(test)]
mod tests;
