//! Cosine similarity between the rows of a sparse matrix, without ever building the dense N×N
//! product when only the best few neighbours are wanted.
//!
//! Rows are L2-normalised the way scikit-learn's `normalize` does it (a running sum of squares,
//! then one division per value), and each row's scores are accumulated term by term through
//! the transposed matrix, in the order scipy's sparse product `X @ X.T` uses. Scores therefore
//! agree with `sklearn.metrics.pairwise.cosine_similarity` to the last bit or close to it.
//!
//! Work is split by row with a fixed chunk size and every row is computed on its own, so the
//! result is the same for any number of threads.

use std::borrow::Cow;

use ndarray::{Array2, Axis};
use rayon::prelude::*;

use crate::vectorize::csr::CsrMatrix;

mod pruned;

/// Rows per unit of parallel work: fixed, so that nothing depends on the thread count.
const ROWS_PER_CHUNK: usize = 64;

/// A copy of the matrix with each row scaled to unit L2 norm (zero rows stay empty of
/// weight), as `sklearn.preprocessing.normalize(X, norm="l2")` computes it.
fn normalized(matrix: &CsrMatrix<f64>) -> Vec<f64> {
    let mut data = matrix.data.clone();
    for row in 0..matrix.n_rows {
        let start = matrix.indptr[row] as usize;
        let end = matrix.indptr[row + 1] as usize;
        let values = &mut data[start..end];
        let mut sum = 0.0f64;
        for &v in values.iter() {
            sum += v * v;
        }
        if sum == 0.0 {
            continue;
        }
        let norm = sum.sqrt();
        for v in values.iter_mut() {
            *v /= norm;
        }
    }
    data
}

/// The transpose as compressed columns: for each column, the rows holding it (ascending) and
/// their values. This is the inverted index that lets a row find the rows it shares terms with.
struct Columns {
    pointers: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f64>,
    /// Each column's largest value (0.0 for an empty column): what bounds a term's share of
    /// any score in the pruned search.
    max_values: Vec<f64>,
}

impl Columns {
    fn build(matrix: &CsrMatrix<f64>, data: &[f64]) -> Self {
        let mut pointers = vec![0usize; matrix.n_cols + 1];
        for &column in &matrix.indices {
            pointers[column as usize + 1] += 1;
        }
        for column in 0..matrix.n_cols {
            pointers[column + 1] += pointers[column];
        }
        let mut next = pointers.clone();
        let mut rows = vec![0u32; data.len()];
        let mut values = vec![0.0f64; data.len()];
        let mut max_values = vec![0.0f64; matrix.n_cols];
        for row in 0..matrix.n_rows {
            let start = matrix.indptr[row] as usize;
            let end = matrix.indptr[row + 1] as usize;
            for (&column, &value) in matrix.indices[start..end].iter().zip(&data[start..end]) {
                let column = column as usize;
                let slot = next[column];
                rows[slot] = row as u32;
                values[slot] = value;
                max_values[column] = max_values[column].max(value);
                next[column] += 1;
            }
        }
        Columns {
            pointers,
            rows,
            values,
            max_values,
        }
    }
}

/// Per-thread scratch space: a dense accumulator over all rows, plus the list of rows touched
/// for the current row, so that clearing costs only what was used. Untouched slots hold NaN
/// (sums of finite normalised products never are), so one memory access per product both
/// accumulates and detects the first touch.
struct Accumulator {
    sums: Vec<f64>,
    touched: Vec<u32>,
}

impl Accumulator {
    fn new(n_rows: usize) -> Self {
        Accumulator {
            sums: vec![f64::NAN; n_rows],
            touched: Vec::new(),
        }
    }

    /// Accumulates the dot products of row `row` of `matrix` (values `data`) with every row of
    /// `columns` sharing a column with it. Columns past `columns`' width match nothing.
    fn gather(&mut self, matrix: &CsrMatrix<f64>, data: &[f64], columns: &Columns, row: usize) {
        let start = matrix.indptr[row] as usize;
        let end = matrix.indptr[row + 1] as usize;
        for (&column, &weight) in matrix.indices[start..end].iter().zip(&data[start..end]) {
            let column = column as usize;
            if column + 1 >= columns.pointers.len() {
                continue;
            }
            let from = columns.pointers[column];
            let to = columns.pointers[column + 1];
            for (&other, &value) in columns.rows[from..to].iter().zip(&columns.values[from..to]) {
                let slot = &mut self.sums[other as usize];
                if slot.is_nan() {
                    *slot = 0.0;
                    self.touched.push(other);
                }
                *slot += weight * value;
            }
        }
    }

    fn clear(&mut self) {
        for &other in &self.touched {
            self.sums[other as usize] = f64::NAN;
        }
        self.touched.clear();
    }
}

/// Orders candidates by score, highest first, then by lower row index.
#[inline]
fn better(a: &(f64, u32), b: &(f64, u32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// The `k` most similar rows of every row by cosine similarity.
///
/// Returns `(neighbours, scores)`, both `n_rows × k`: row `i`'s neighbours are sorted by
/// score descending, ties going to the lower index. Only rows that share at least one column
/// with row `i` are candidates; when there are fewer than `k`, the rest of the row is padded
/// with neighbour -1 and score NaN. Zero rows have no candidates and are nobody's candidate.
/// With `exclude_self`, a row is never its own neighbour.
///
/// Values must be finite (the Python binding checks them).
///
/// Memory is O(nnz + n_rows·k + threads·n_rows): a per-thread accumulator replaces the dense
/// N×N product, so this scales to hundreds of thousands of documents. Runs on the current
/// rayon pool; the result does not depend on its size.
///
/// ```
/// use storylens::compare::similarity::top_k_cosine;
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut x = CsrMatrix::with_columns(2);
/// x.push_row([(0, 1.0)]);
/// x.push_row([(0, 1.0), (1, 1.0)]);
/// x.push_row([(1, 5.0)]);
/// let (neighbours, scores) = top_k_cosine(&x, 1, true);
/// assert_eq!(neighbours.column(0).to_vec(), [1, 0, 1]);
/// assert!((scores[[0, 0]] - 0.5f64.sqrt()).abs() < 1e-15);
/// ```
pub fn top_k_cosine(
    matrix: &CsrMatrix<f64>,
    k: usize,
    exclude_self: bool,
) -> (Array2<i64>, Array2<f64>) {
    let both = BlockPair {
        queries: matrix,
        candidates: matrix,
        query_offset: 0,
        candidate_offset: 0,
    };
    top_k_cosine_between(&both, k, exclude_self)
}

/// Two blocks of rows of one larger matrix, with the global index of each block's first row:
/// the queries whose neighbours are sought, and the candidates they are sought among.
#[derive(Clone, Copy)]
pub struct BlockPair<'a> {
    pub queries: &'a CsrMatrix<f64>,
    pub candidates: &'a CsrMatrix<f64>,
    pub query_offset: usize,
    pub candidate_offset: usize,
}

/// The `k` most similar candidate rows of every query row by cosine similarity, as
/// [`top_k_cosine`] ranks them, with neighbours given as global indices
/// (`candidate_offset` + the row in `candidates`). With `exclude_self`, a query is never
/// matched with the candidate of the same global index.
///
/// A row's scores do not depend on the block it sits in (each row is normalised on its
/// own, and a score sums over the query row's columns in their order), so merging the
/// per-block results of every candidate block, by score descending then global index, gives
/// exactly [`top_k_cosine`] of the whole matrix: this is how a corpus too large for one
/// machine is searched block by block. Memory is O(nnz of both + queries·k + threads·
/// candidates); blocks of different widths compare on their common columns.
///
/// ```
/// use storylens::compare::similarity::{top_k_cosine_between, BlockPair};
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut queries = CsrMatrix::with_columns(2);
/// queries.push_row([(0, 1.0)]);
/// let mut candidates = CsrMatrix::with_columns(2);
/// candidates.push_row([(1, 1.0)]);
/// candidates.push_row([(0, 1.0), (1, 1.0)]);
/// let pair = BlockPair { queries: &queries, candidates: &candidates, query_offset: 0, candidate_offset: 10 };
/// let (neighbours, _) = top_k_cosine_between(&pair, 2, true);
/// assert_eq!(neighbours.row(0).to_vec(), [11, -1]);
/// ```
pub fn top_k_cosine_between(
    pair: &BlockPair<'_>,
    k: usize,
    exclude_self: bool,
) -> (Array2<i64>, Array2<f64>) {
    search(pair, k, exclude_self, Method::Pruned, None)
}

/// [`top_k_cosine_between`] for a search that has already found, for query row `i`, `k`
/// candidates elsewhere that score at least `floors[i]` (NaN or -inf: none yet). Candidates
/// clearly below their row's floor are left out (the row is then padded with -1/NaN), since
/// they cannot make the top `k`; within a rounding margin of it, they are kept. Merging this result with the earlier ones by
/// score descending, then global index, gives the same best `k` as [`top_k_cosine_between`],
/// with less work when the floors are high. A block-by-block search passes each block the
/// best scores found in the blocks before it.
///
/// `floors` must hold one value per query row.
///
/// ```
/// use storylens::compare::similarity::{top_k_cosine_between_above, BlockPair};
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut x = CsrMatrix::with_columns(2);
/// x.push_row([(0, 1.0)]);
/// x.push_row([(0, 1.0), (1, 1.0)]);
/// let pair = BlockPair { queries: &x, candidates: &x, query_offset: 0, candidate_offset: 0 };
/// // Row 0 already has a neighbour scoring 0.9 elsewhere; row 1's (0.7) is beaten by row 0.
/// let (neighbours, _) = top_k_cosine_between_above(&pair, 1, true, &[0.9, 0.7]);
/// assert_eq!(neighbours.column(0).to_vec(), [-1, 0]);
/// ```
pub fn top_k_cosine_between_above(
    pair: &BlockPair<'_>,
    k: usize,
    exclude_self: bool,
    floors: &[f64],
) -> (Array2<i64>, Array2<f64>) {
    search(pair, k, exclude_self, Method::Pruned, Some(floors))
}

/// [`top_k_cosine_between_above`] for blocks whose rows already have unit norm (as
/// `reuse::unit_rows` makes them): their values are used as they are. Normalising them
/// again would move some scores by an ulp (a sum of squares of a unit row is 1 only up to
/// rounding), and the callers compare these scores, bit for bit, with their own.
pub(crate) fn top_k_cosine_of_unit_rows_above(
    pair: &BlockPair<'_>,
    k: usize,
    exclude_self: bool,
    floors: &[f64],
) -> (Array2<i64>, Array2<f64>) {
    let data = Data::AsGiven;
    search_data(pair, k, exclude_self, Method::Pruned, Some(floors), data)
}

/// [`top_k_cosine_between`] by the full search, which sums every product of every query
/// term: the reference the pruned search is tested and benchmarked against.
#[doc(hidden)]
pub fn top_k_cosine_between_full(
    pair: &BlockPair<'_>,
    k: usize,
    exclude_self: bool,
) -> (Array2<i64>, Array2<f64>) {
    search(pair, k, exclude_self, Method::Full, None)
}

/// How candidates are found: every product of every query term, or the pruned search (see
/// [`pruned`]) when it gives the same result for the input.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Full,
    Pruned,
}

/// Per-thread scratch space of either method (the pruned one's is boxed: it is the larger).
enum Scratch {
    Full(Accumulator, Vec<(f64, u32)>),
    Pruned(Box<pruned::Scratch>),
}

/// Which values the search scores with: each row normalised here, or the stored values of
/// rows that are already unit rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Data {
    Normalised,
    AsGiven,
}

/// The values of `matrix`'s rows to score with.
fn row_values(matrix: &CsrMatrix<f64>, data: Data) -> Cow<'_, [f64]> {
    match data {
        Data::Normalised => Cow::Owned(normalized(matrix)),
        Data::AsGiven => Cow::Borrowed(&matrix.data),
    }
}

/// The search behind the public functions, on normalised rows. `floors`: one per query row
/// (missing rows have none).
fn search(
    pair: &BlockPair<'_>,
    k: usize,
    exclude_self: bool,
    method: Method,
    floors: Option<&[f64]>,
) -> (Array2<i64>, Array2<f64>) {
    search_data(pair, k, exclude_self, method, floors, Data::Normalised)
}

/// [`search`] on the values `data` says.
fn search_data(
    pair: &BlockPair<'_>,
    k: usize,
    exclude_self: bool,
    method: Method,
    floors: Option<&[f64]>,
    data: Data,
) -> (Array2<i64>, Array2<f64>) {
    let BlockPair {
        queries,
        candidates,
        query_offset,
        candidate_offset,
    } = *pair;
    let n = queries.n_rows;
    let mut neighbours = Array2::from_elem((n, k), -1i64);
    let mut scores = Array2::from_elem((n, k), f64::NAN);
    if k == 0 || n == 0 || candidates.n_rows == 0 {
        return (neighbours, scores);
    }
    let same = std::ptr::eq(queries, candidates);
    let pruned = method == Method::Pruned
        && pruned::applies(queries)
        && (same || pruned::applies(candidates));
    let query_data = row_values(queries, data);
    let candidate_data = if same {
        None
    } else {
        Some(row_values(candidates, data))
    };
    let candidate_data = candidate_data.as_deref().unwrap_or(&query_data);
    let columns = Columns::build(candidates, candidate_data);
    let pruned_search = pruned::Search {
        queries,
        query_data: &query_data,
        candidates,
        candidate_data,
        columns: &columns,
        candidate_offset,
        k,
    };
    neighbours
        .axis_chunks_iter_mut(Axis(0), ROWS_PER_CHUNK)
        .into_par_iter()
        .zip(scores.axis_chunks_iter_mut(Axis(0), ROWS_PER_CHUNK))
        .enumerate()
        .for_each_init(
            || {
                if pruned {
                    Scratch::Pruned(Box::new(pruned::Scratch::new(candidates)))
                } else {
                    Scratch::Full(Accumulator::new(candidates.n_rows), Vec::new())
                }
            },
            |scratch, (chunk, (mut chunk_neighbours, mut chunk_scores))| {
                let first = chunk * ROWS_PER_CHUNK;
                for offset in 0..chunk_neighbours.nrows() {
                    let row = first + offset;
                    // The candidate row that is this query itself, if it is in the block.
                    let own = (query_offset + row)
                        .checked_sub(candidate_offset)
                        .filter(|_| exclude_self);
                    let floor = floors
                        .and_then(|floors| floors.get(row).copied())
                        .unwrap_or(f64::NEG_INFINITY);
                    match scratch {
                        Scratch::Pruned(scratch) => {
                            let query = pruned::QueryRow { row, own, floor };
                            pruned_search.row(
                                scratch,
                                query,
                                offset,
                                &mut chunk_neighbours,
                                &mut chunk_scores,
                            );
                        }
                        Scratch::Full(accumulator, found) => {
                            accumulator.gather(queries, &query_data, &columns, row);
                            found.clear();
                            found.extend(
                                accumulator
                                    .touched
                                    .iter()
                                    .filter(|&&other| Some(other as usize) != own)
                                    .map(|&other| (accumulator.sums[other as usize], other))
                                    .filter(|&(score, _)| !pruned::clearly_below(score, floor)),
                            );
                            accumulator.clear();
                            if found.len() > k {
                                found.select_nth_unstable_by(k - 1, better);
                                found.truncate(k);
                            }
                            found.sort_unstable_by(better);
                            for (slot, &(score, other)) in found.iter().enumerate() {
                                chunk_neighbours[[offset, slot]] =
                                    (candidate_offset + other as usize) as i64;
                                chunk_scores[[offset, slot]] = score;
                            }
                        }
                    }
                }
            },
        );
    (neighbours, scores)
}

/// The dense N×N cosine similarity matrix, for small sets of documents.
///
/// Exactly symmetric (the upper triangle is mirrored), with 1.0 on the diagonal for non-zero
/// rows and 0.0 for zero rows, as scikit-learn's `cosine_similarity` gives up to rounding.
/// Runs on the current rayon pool; the result does not depend on its size.
///
/// ```
/// use storylens::compare::similarity::pairwise_cosine;
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut x = CsrMatrix::with_columns(2);
/// x.push_row([(0, 3.0), (1, 4.0)]);
/// x.push_row([(0, 1.0)]);
/// let s = pairwise_cosine(&x);
/// assert_eq!(s.dim(), (2, 2));
/// assert_eq!(s[[0, 0]], 1.0);
/// assert!((s[[0, 1]] - 0.6).abs() < 1e-15 && s[[0, 1]] == s[[1, 0]]);
/// ```
pub fn pairwise_cosine(matrix: &CsrMatrix<f64>) -> Array2<f64> {
    let n = matrix.n_rows;
    let mut out = Array2::zeros((n, n));
    if n == 0 {
        return out;
    }
    let data = normalized(matrix);
    let columns = Columns::build(matrix, &data);
    out.axis_iter_mut(Axis(0))
        .into_par_iter()
        .enumerate()
        .for_each(|(row, mut sums)| {
            let start = matrix.indptr[row] as usize;
            let end = matrix.indptr[row + 1] as usize;
            let mut non_zero = false;
            for (&column, &weight) in matrix.indices[start..end].iter().zip(&data[start..end]) {
                non_zero |= weight != 0.0;
                let column = column as usize;
                let from = columns.pointers[column];
                let to = columns.pointers[column + 1];
                for (&other, &value) in columns.rows[from..to].iter().zip(&columns.values[from..to])
                {
                    sums[other as usize] += weight * value;
                }
            }
            sums[row] = if non_zero { 1.0 } else { 0.0 };
        });
    // Mirror the upper triangle so that S[i, j] and S[j, i] are the same bits even when a
    // row's columns are not sorted (which changes the summation order).
    for row in 1..n {
        for column in 0..row {
            out[[row, column]] = out[[column, row]];
        }
    }
    out
}

#[cfg(test)]
mod tests;
