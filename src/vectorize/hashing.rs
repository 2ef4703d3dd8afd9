//! scikit-learn's feature hashing: 32-bit MurmurHash3 (x86, seed 0) with its column and sign rule.
//!
//! Mirrors `sklearn/feature_extraction/_hashing_fast.pyx` (the guts of `FeatureHasher`, which
//! `HashingVectorizer` uses) followed by scipy's `sum_duplicates`.

use crate::vectorize::interner::pack_short_at;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// (key, hash with seed 0, seed 42, seed 0xffffffff) from `sklearn.utils.murmurhash3_32`.
    const KNOWN_HASHES: &[(&[u8], i32, i32, i32)] = &[
        (b"", 0, 142593372, -2114883783),
        (b"a", 1009084850, -1293573533, 711476519),
        (b"ab", -1681926305, -684913081, -1350713883),
        (b"abc", -1277324294, 1313807976, -58670417),
        (b"abcd", 1139631978, -396302900, 729662808),
        (b"abcde", -392455434, -1361433616, -1991480460),
        (b"Hello World!", -603376259, 3565178, 166196526),
        (
            "h\u{e9}llo w\u{f6}rld".as_bytes(),
            -1745358220,
            857211688,
            31292066,
        ),
        ("日本語".as_bytes(), -1515949417, -976822600, -1319847548),
        ("🦀 crab".as_bytes(), 1266801384, 521176113, -697312863),
        (b"aaaiTBFZ", i32::MIN, -27890750, -428809544),
        (
            b"The quick brown fox jumps over the lazy dog",
            776992547,
            880582914,
            590642366,
        ),
    ];

    #[test]
    fn hashes_match_scikit_learn() {
        for &(key, seed0, seed42, seed_max) in KNOWN_HASHES {
            assert_eq!(murmurhash3_32(key, 0), seed0, "{key:?}");
            assert_eq!(murmurhash3_32(key, 42), seed42, "{key:?}");
            assert_eq!(murmurhash3_32(key, u32::MAX), seed_max, "{key:?}");
        }
    }

    #[test]
    fn short_keys_hash_like_the_general_loop() {
        let mut random = crate::test_support::Lcg::new(7);
        for _ in 0..2000 {
            let state = random.next_state();
            let len = (state >> 60) as usize % 9;
            let bytes = state.to_le_bytes();
            let key = &bytes[..len];
            let mut word = [0u8; 8];
            word[..len].copy_from_slice(key);
            assert_eq!(
                murmurhash3_32_short(u64::from_le_bytes(word), len),
                murmurhash3_32(key, 0),
                "{key:?}"
            );
        }
        for &(key, seed0, _, _) in KNOWN_HASHES.iter().filter(|(key, ..)| key.len() <= 8) {
            let mut word = [0u8; 8];
            word[..key.len()].copy_from_slice(key);
            assert_eq!(
                murmurhash3_32_short(u64::from_le_bytes(word), key.len()),
                seed0
            );
        }
    }

    #[test]
    fn hashed_spans_are_the_hashed_columns() {
        // Features of every length up to 20, the last ones at the very end of the text.
        let mut text = String::new();
        let mut spans = Vec::new();
        for len in 0..=20usize {
            let start = text.len();
            text.extend((0..len).map(|i| char::from(b'a' + (i * 7 + len) as u8 % 26)));
            spans.push((start, text.len()));
            text.push_str(" é ");
        }
        text.push_str("tail");
        spans.push((text.len() - 4, text.len()));
        spans.push((text.len() - 1, text.len()));
        for (n_features, alternate_sign) in [(1 << 20, true), (1000, false), (7, true)] {
            let mut hashed = Vec::new();
            hash_spans(&text, &spans, n_features, alternate_sign, &mut hashed);
            let expected: Vec<(u32, i32)> = spans
                .iter()
                .map(|&(s, e)| {
                    let (column, sign) = hashed_column(&text[s..e], n_features, alternate_sign);
                    (column, sign as i32)
                })
                .collect();
            assert_eq!(hashed, expected);
        }
    }

    /// (feature, column, alternating sign) from `FeatureHasher(input_type="string")`.
    fn check_columns(n_features: u32, expected: &[(&str, u32, f64)]) {
        for &(feature, column, sign) in expected {
            assert_eq!(
                hashed_column(feature, n_features, true),
                (column, sign),
                "{feature:?} in {n_features}"
            );
            assert_eq!(
                hashed_column(feature, n_features, false),
                (column, 1.0),
                "{feature:?} in {n_features}"
            );
        }
    }

    #[test]
    fn columns_and_signs_match_feature_hasher() {
        check_columns(
            1 << 20,
            &[
                ("the", 286878, -1.0),
                ("news", 292528, -1.0),
                ("ünïcödé", 717508, 1.0),
                ("日本語", 757097, -1.0),
                ("", 0, 1.0),
                ("aaaiTBFZ", 0, -1.0),
                ("bigram token", 844420, -1.0),
            ],
        );
        check_columns(
            16,
            &[
                ("the", 14, -1.0),
                ("news", 0, -1.0),
                ("ünïcödé", 4, 1.0),
                ("日本語", 9, -1.0),
                ("", 0, 1.0),
                ("aaaiTBFZ", 0, -1.0),
                ("bigram token", 4, -1.0),
            ],
        );
        check_columns(
            1000,
            &[
                ("the", 958, -1.0),
                ("news", 328, -1.0),
                ("ünïcödé", 956, 1.0),
                ("日本語", 417, -1.0),
                ("", 0, 1.0),
                ("aaaiTBFZ", 648, -1.0),
                ("bigram token", 300, -1.0),
            ],
        );
    }

    #[test]
    fn minimum_hash_uses_the_special_case() {
        // "aaaiTBFZ" hashes to -2**31; sklearn gives (2**31 - 1 - (n - 1)) % n.
        assert_eq!(hashed_column("aaaiTBFZ", i32::MAX as u32, true), (1, -1.0));
        assert_eq!(
            hashed_column("the", i32::MAX as u32, true),
            (1132748958, -1.0)
        );
        assert_eq!(hashed_column("日本語", i32::MAX as u32, true).0, 1515949417);
        assert_eq!(hashed_column("aaaiTBFZ", 3, true), (2, -1.0));
        assert_eq!(hashed_column("aaaiTBFZ", 7, true), (2, -1.0));
        assert_eq!(hashed_column("the", 7, true), (5, -1.0));
        assert_eq!(hashed_column("the", 1, true), (0, -1.0));
    }

    #[test]
    fn zero_features_does_not_divide_by_zero() {
        assert_eq!(hashed_column("the", 0, true), (0, -1.0));
    }

    /// The row summed by a [`RadixRowSums`], as (column, sum).
    fn radix_summed(n_features: u32, features: &[(u32, i32)]) -> Vec<(u32, i32)> {
        let mut sums = RadixRowSums::new(n_features);
        sums.extend(features);
        let mut packed = Vec::new();
        sums.drain_packed(&mut packed, |c, s| {
            (u64::from(c) << 32) | u64::from(s as u32)
        });
        packed
            .iter()
            .map(|&p| ((p >> 32) as u32, p as u32 as i32))
            .collect()
    }

    #[test]
    fn rows_are_sorted_and_cancelling_signs_leave_explicit_zeros() {
        // HashingVectorizer(n_features=16, norm=None) on "w11 w12" and "w11 w12 w11":
        // both words land in column 15 with opposite signs; scipy keeps the stored 0.0.
        let w11 = hashed_column("w11", 16, true);
        let w12 = hashed_column("w12", 16, true);
        assert_eq!((w11, w12), ((15, -1.0), (15, 1.0)));
        let (w11, w12) = ((15, -1), (15, 1));
        assert_eq!(radix_summed(16, &[w11, w12]), [(15, 0)]);
        assert_eq!(radix_summed(16, &[w11, w12, w11]), [(15, -1)]);
        let row = [(7, 1), (2, -1), (7, 1), (0, 1), (2, -1), (9, 1)];
        assert_eq!(radix_summed(16, &row), [(0, 1), (2, -2), (7, 2), (9, 1)]);
        assert_eq!(radix_summed(16, &[]), []);
    }

    /// The row as scipy's `sum_duplicates` leaves it: sorted by column, duplicates summed,
    /// explicit zeros from cancelling signs kept (`HashingVectorizer` does not call
    /// `eliminate_zeros`).
    fn summed_by_sorting(mut entries: Vec<(u32, i32)>) -> Vec<(u32, i32)> {
        entries.sort_by_key(|&(column, _)| column);
        let mut summed: Vec<(u32, i32)> = Vec::new();
        for (column, value) in entries {
            match summed.last_mut() {
                Some(last) if last.0 == column => last.1 += value,
                _ => summed.push((column, value)),
            }
        }
        summed
    }

    #[test]
    fn radix_row_sums_match_sorting_and_summing() {
        let mut random = crate::test_support::Lcg::new(12345);
        let mut next = move || random.next() as u32;
        for n_features in [1u32, 2, 7, 16, 1000, 1 << 20, i32::MAX as u32] {
            let mut sums = RadixRowSums::new(n_features);
            // Short rows take the comparison sort, long ones every digit width.
            for tokens in [0, 1, 2, 31, 32, 33, 50, 700, 3000, 40_000, 1] {
                let mut features = Vec::new();
                for i in 0..tokens {
                    // Clusters of neighbouring and of equal columns as well as spread ones.
                    let column = match i % 4 {
                        0 => n_features - 1 - (next() % 5).min(n_features - 1),
                        1 => next() % n_features.min(3),
                        _ => next() % n_features,
                    };
                    features.push((column, if next() % 2 == 0 { 1 } else { -1 }));
                }
                // Fed in slices, as a document's pieces arrive.
                for slice in features.chunks(97) {
                    sums.extend(slice);
                }
                let mut packed = vec![7u64];
                sums.drain_packed(&mut packed, |c, s| {
                    (u64::from(c) << 32) | u64::from(s as u32)
                });
                assert_eq!(packed[0], 7, "entries before the row are kept");
                let got: Vec<(u32, i32)> = packed[1..]
                    .iter()
                    .map(|&p| ((p >> 32) as u32, p as u32 as i32))
                    .collect();
                assert_eq!(
                    got,
                    summed_by_sorting(features),
                    "n_features {n_features}, {tokens} tokens"
                );
            }
        }
    }
}
