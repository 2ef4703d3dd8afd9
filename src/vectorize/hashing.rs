//! scikit-learn's feature hashing: 32-bit MurmurHash3 (x86, seed 0) with its column and sign
//! rule, and the hashed rows of a set of documents.
//!
//! Mirrors `sklearn/feature_extraction/_hashing_fast.pyx` (the guts of `FeatureHasher`, which
//! `HashingVectorizer` uses) followed by scipy's `sum_duplicates`.

use rayon::prelude::*;

use crate::parallel::run_with_threads;
use crate::text::analyzer::{Analyzer, Scratch};
use crate::vectorize::csr::CsrMatrix;
use crate::vectorize::documents::Documents;
use crate::vectorize::interner::pack_short_at;
use crate::vectorize::rows::{assemble_rows, pack, plain_values, unpack, RowsPart};
use crate::vectorize::weighting::{normalize_row, Float, Norm};

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

/// MurmurHash3_x86_32 of `key` with `seed`, as a signed 32-bit integer (sklearn's
/// `murmurhash3_32(key, seed, positive=False)`).
///
/// Blocks are read little-endian, which is what the reference C++ code does on the x86 machines
/// scikit-learn's results come from, so hashes agree on every platform.
pub fn murmurhash3_32(key: &[u8], seed: u32) -> i32 {
    let mut hash = seed;
    let mut blocks = key.chunks_exact(4);
    for block in &mut blocks {
        hash = mix_block(
            hash,
            u32::from_le_bytes([block[0], block[1], block[2], block[3]]),
        );
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let k = tail
            .iter()
            .rev()
            .fold(0u32, |acc, &byte| (acc << 8) | u32::from(byte));
        hash ^= scramble(k);
    }
    // The reference takes the length as a C `int`; truncating to 32 bits is what it hashes.
    hash ^= key.len() as u32;
    final_mix(hash) as i32
}

/// Folds one full 4-byte block into the hash state.
#[inline(always)]
fn mix_block(hash: u32, k: u32) -> u32 {
    (hash ^ scramble(k))
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64)
}

/// [`murmurhash3_32`] with seed 0 of a key of at most 8 bytes, given packed little-endian in
/// `word` (zero past `len`), without a branch on the length: both blocks are mixed and the
/// right state picked. A missing tail is a zero word, which the scramble leaves at zero, so
/// xoring it in is the reference's skipping it.
#[inline(always)]
fn murmurhash3_32_short(word: u64, len: usize) -> i32 {
    let (low, high) = (word as u32, (word >> 32) as u32);
    let one_block = mix_block(0, low);
    let two_blocks = mix_block(one_block, high);
    let (hash, tail) = match len {
        0..=3 => (0, low),
        4..=7 => (one_block, high),
        _ => (two_blocks, 0),
    };
    final_mix(hash ^ scramble(tail) ^ len as u32) as i32
}

/// Mixes one 4-byte block (or the zero-padded tail) before it enters the hash state.
#[inline]
fn scramble(k: u32) -> u32 {
    k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

/// MurmurHash3's `fmix32` avalanche step.
#[inline]
fn final_mix(mut hash: u32) -> u32 {
    hash ^= hash >> 16;
    hash = hash.wrapping_mul(0x85eb_ca6b);
    hash ^= hash >> 13;
    hash = hash.wrapping_mul(0xc2b2_ae35);
    hash ^ (hash >> 16)
}

/// The column and value (+1.0 or -1.0) scikit-learn's FeatureHasher gives one occurrence of
/// the string feature `feature` in a space of `n_features` columns.
///
/// sklearn hashes the UTF-8 bytes with seed 0 and takes `abs(h) % n_features`; for
/// `h == -2**31` it uses `(2**31 - 1 - (n_features - 1)) % n_features`, which equals
/// `2**31 % n_features` for every `n_features` sklearn accepts (1 ..= 2**31 - 1), so the
/// unsigned absolute value covers both branches. The value is -1 exactly when `h < 0` and
/// `alternate_sign` is set (the empty string hashes to 0 and is positive).
///
/// Outside sklearn's range: `n_features == 0` maps every feature to column 0 rather than
/// dividing by zero, and above 2**31 the minimum hash goes to column 2**31 (sklearn's C
/// expression would yield a negative index there).
pub fn hashed_column(feature: &str, n_features: u32, alternate_sign: bool) -> (u32, f64) {
    let (column, sign) = column_of_hash(
        murmurhash3_32(feature.as_bytes(), 0),
        n_features,
        alternate_sign,
    );
    (column, f64::from(sign))
}

/// [`hashed_column`] of every feature `text[start..end]`, appended to `out` as (column, +1 or
/// -1). Features are hashed in one tight loop per document, short ones without branching
/// on their length, so that hashes of neighbouring features overlap in the CPU.
pub fn hash_spans(
    text: &str,
    spans: &[(usize, usize)],
    n_features: u32,
    alternate_sign: bool,
    out: &mut Vec<(u32, i32)>,
) {
    let bytes = text.as_bytes();
    out.extend(spans.iter().map(|&(start, end)| {
        let len = end - start;
        let hash = if len <= 8 {
            murmurhash3_32_short(pack_short_at(bytes, start, len), len)
        } else {
            murmurhash3_32(&bytes[start..end], 0)
        };
        column_of_hash(hash, n_features, alternate_sign)
    }));
}

/// The column and sign of a feature whose hash is `hash` (see [`hashed_column`]).
///
/// Written without a branch on the hash's sign: the sign is a coin flip per feature, and
/// the mispredicted branch the compiler makes of `unsigned_abs` and `hash < 0` cost more than
/// the hash itself.
#[inline(always)]
fn column_of_hash(hash: i32, n_features: u32, alternate_sign: bool) -> (u32, i32) {
    // All ones for a negative hash, zero otherwise.
    let negative = (hash >> 31) as u32;
    let magnitude = (hash as u32 ^ negative).wrapping_sub(negative);
    // A mask equals the remainder for powers of two (the default 2**20) and avoids a division.
    let column = if n_features.is_power_of_two() {
        magnitude & (n_features - 1)
    } else {
        magnitude.checked_rem(n_features).unwrap_or(0)
    };
    let flipped = negative & u32::from(alternate_sign);
    (column, 1 - 2 * flipped as i32)
}

/// Sums the signs of one row's hashed features into entries sorted by column, by a radix sort
/// of the features: no comparison and no branch that depends on the data, whose columns are
/// random by design.
///
/// A feature is kept as one `u32` key, `column * 2 + negative`; the sort orders keys by column
/// only (it is stable, and the signs of one column are summed in any order to the same
/// integer), with as many passes of as many bits as make the least work for the row's length.
pub struct RadixRowSums {
    keys: Vec<u32>,
    spare: Vec<u32>,
    counts: Vec<u32>,
    /// Bits of the largest column (0 when there is one column).
    column_bits: u32,
}

impl RadixRowSums {
    /// An empty row for columns `0..n_features` (`n_features` >= 1, below 2**31).
    pub fn new(n_features: u32) -> Self {
        RadixRowSums {
            keys: Vec::new(),
            spare: Vec::new(),
            counts: Vec::new(),
            column_bits: u32::BITS - n_features.max(1).saturating_sub(1).leading_zeros(),
        }
    }

    /// Adds every (column, value) of `features` (values +1 or -1) to the row.
    pub fn extend(&mut self, features: &[(u32, i32)]) {
        self.keys.extend(
            features
                .iter()
                .map(|&(column, value)| column << 1 | u32::from(value < 0)),
        );
    }

    /// Appends `pack(column, sum)` for every column of the row to `out`, in increasing column
    /// order, explicit zeros included, and empties the row.
    pub fn drain_packed(&mut self, out: &mut Vec<u64>, pack: impl Fn(u32, i32) -> u64) {
        if self.keys.is_empty() {
            return;
        }
        self.sort_by_column();
        let start = out.len();
        out.resize(start + self.keys.len(), 0);
        let places = &mut out[start..];
        // The entry in progress is rewritten at the same place until the column changes, so
        // the loop has no branch on whether a key starts a new column.
        let (mut column, mut sum, mut next) = (self.keys[0] >> 1, 0i32, 0usize);
        for &key in &self.keys {
            let starts = key >> 1 != column;
            next += usize::from(starts);
            sum = if starts { 0 } else { sum };
            column = key >> 1;
            sum += 1 - 2 * (key & 1) as i32;
            places[next] = pack(column, sum);
        }
        out.truncate(start + next + 1);
        self.keys.clear();
    }

    /// Sorts the keys by column (bits 1 and up), least significant digit first.
    fn sort_by_column(&mut self) {
        let n = self.keys.len();
        if self.column_bits == 0 || n < 2 {
            return;
        }
        if n <= 32 {
            self.keys.sort_unstable();
            return;
        }
        // Each pass counts the row's digits, walks the buckets, then scatters the row: pick the
        // digit width with the least work, a key weighing about four buckets (on news rows of
        // ~640 features over 2**20 columns that is two passes of 10 bits, which timed best).
        let bits = self.column_bits;
        let cost = |width: u32| bits.div_ceil(width) as usize * (4 * n + (1usize << width));
        let width = (4..=11).min_by_key(|&width| cost(width)).unwrap_or(8);
        let passes = bits.div_ceil(width) as usize;
        let buckets = 1usize << width;
        let mask = buckets as u32 - 1;
        if self.counts.len() < buckets {
            self.counts.resize(buckets, 0);
        }
        self.spare.resize(n, 0);
        for pass in 0..passes {
            let shift = 1 + pass as u32 * width;
            let counts = &mut self.counts[..buckets];
            counts.fill(0);
            for &key in &self.keys {
                counts[((key >> shift) & mask) as usize] += 1;
            }
            let mut total = 0;
            for count in counts.iter_mut() {
                let here = *count;
                *count = total;
                total += here;
            }
            for &key in &self.keys {
                let slot = &mut counts[((key >> shift) & mask) as usize];
                self.spare[*slot as usize] = key;
                *slot += 1;
            }
            std::mem::swap(&mut self.keys, &mut self.spare);
        }
    }
}

/// Counts features into `n_features` hashed columns with scikit-learn's column and sign rule
/// (HashingVectorizer before `binary` and `norm`).
pub fn count_hashed(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
    threads: usize,
) -> CsrMatrix<f64> {
    let rows = hash_rows(documents, analyzer, n_features, alternate_sign, threads);
    assemble_hashed(rows, threads)
}

/// Hashed rows that no longer borrow the documents (see [`hash_rows`]).
pub struct HashedRows {
    n_cols: usize,
    parts: Vec<RowsPart>,
}

/// The first half of [`count_hashed`]: the rows, owning nothing of the documents, so
/// the caller can free them before [`assemble_hashed`] allocates the final matrix.
pub fn hash_rows(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
    threads: usize,
) -> HashedRows {
    run_with_threads(threads, || {
        let parts: Vec<RowsPart> = documents
            .batches(threads)
            .into_par_iter()
            .map(|range| hash_range(documents, range, analyzer, n_features, alternate_sign))
            .collect();
        HashedRows::from_parts(n_features, parts)
    })
}

/// The hashed rows of every document of `documents`, as one chunk (see
/// [`HashedRows::from_parts`]).
pub fn hash_part(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
) -> RowsPart {
    hash_range(
        documents,
        0..documents.len(),
        analyzer,
        n_features,
        alternate_sign,
    )
}

impl HashedRows {
    /// Chunks hashed by [`hash_part`] with `n_features` columns, in document order.
    pub fn from_parts(n_features: u32, parts: Vec<RowsPart>) -> Self {
        HashedRows {
            n_cols: n_features as usize,
            parts,
        }
    }
}

fn hash_range(
    documents: Documents<'_>,
    range: std::ops::Range<usize>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
) -> RowsPart {
    let mut scratch = Scratch::default();
    // Per row, the features are sorted by column with a radix sort and their signs summed,
    // all in a buffer that stays in cache (a dense array over all columns would miss the cache
    // on nearly every token).
    let mut sums = RadixRowSums::new(n_features);
    let mut hashed = Vec::new();
    let mut entries = Vec::new();
    let mut row_ends = Vec::with_capacity(range.len());
    for index in range {
        documents.analyze_spans(index, analyzer, &mut scratch, true, &mut |text, spans| {
            hashed.clear();
            hash_spans(text, spans, n_features, alternate_sign, &mut hashed);
            sums.extend(&hashed);
        });
        // Columns whose signs cancel keep an explicit zero, as scikit-learn's do.
        sums.drain_packed(&mut entries, |column, sum| pack(column, sum as u32));
        row_ends.push(entries.len());
    }
    RowsPart { row_ends, entries }
}

/// The second half of [`count_hashed`]: the rows as the CSR matrix of summed signs.
pub fn assemble_hashed(rows: HashedRows, threads: usize) -> CsrMatrix<f64> {
    let HashedRows { n_cols, parts } = rows;
    // Each row comes sorted, with every column once.
    run_with_threads(threads, || {
        assemble_rows(n_cols, parts, plain_values(|bits| f64::from(bits as i32)))
    })
}

/// [`assemble_hashed`] with HashingVectorizer's last steps done as each row is written, in
/// `F`: every value 1 when `binary`, then the row normalised as `sklearn.preprocessing.
/// normalize` does (see [`normalize_row`]).
pub fn assemble_hashed_finished<F: Float + Default>(
    rows: HashedRows,
    binary: bool,
    norm: Option<Norm>,
    threads: usize,
) -> CsrMatrix<F> {
    let HashedRows { n_cols, parts } = rows;
    run_with_threads(threads, || {
        assemble_rows(n_cols, parts, |entries, indices, values: &mut [F]| {
            for ((&entry, index), value) in entries.iter().zip(indices).zip(values.iter_mut()) {
                let (column, sum) = unpack(entry);
                *index = column as i32;
                *value = if binary {
                    F::one()
                } else {
                    F::from_i64(i64::from(sum as i32))
                };
            }
            if let Some(norm) = norm {
                normalize_row(values, norm);
            }
        })
    })
}

#[cfg(test)]
mod tests;
