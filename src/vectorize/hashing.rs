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
#[inline(always)]
fn column_of_hash(hash: i32, n_features: u32, alternate_sign: bool) -> (u32, i32) {
    let magnitude = hash.unsigned_abs();
    // A mask equals the remainder for powers of two (the default 2**20) and avoids a division.
    let column = if n_features.is_power_of_two() {
        magnitude & (n_features - 1)
    } else {
        magnitude.checked_rem(n_features).unwrap_or(0)
    };
    let sign = if alternate_sign && hash < 0 { -1 } else { 1 };
    (column, sign)
}

/// Turns the (column, value) pairs of one row into sorted pairs with duplicates summed, as
/// scipy's `sum_duplicates` leaves them (explicit zeros from cancelling signs are kept).
///
/// scipy sorts each row by column (`csr_sort_indices`) and then adds consecutive equal columns
/// left to right (`csr_sum_duplicates`), never dropping zeros; `HashingVectorizer` does not call
/// `eliminate_zeros` afterwards, so a `+1` and a `-1` in one column stay as a stored `0.0`.
/// scipy's sort is unstable, so the summation order of duplicates is unspecified there; a
/// stable sort is used here, and for the ±1 values of string features every order gives the
/// same (exact, integral) sum.
pub fn finish_hashed_row(entries: &mut Vec<(u32, f64)>) {
    entries.sort_by_key(|&(column, _)| column);
    let mut kept = 0;
    for read in 0..entries.len() {
        let (column, value) = entries[read];
        if kept > 0 && entries[kept - 1].0 == column {
            entries[kept - 1].1 += value;
        } else {
            entries[kept] = (column, value);
            kept += 1;
        }
    }
    entries.truncate(kept);
}

/// Sums the signs of one row's hashed columns in an open-addressing table whose slots follow
/// the column order, so that the finished row comes out sorted with no sort.
///
/// A column's home slot is `column * size / n_features` (monotone in the column), and linear
/// probing keeps every run of occupied slots in increasing column order (an insertion that
/// meets a larger column takes its slot and carries the larger one on). Probing never wraps
/// around: the table has spare slots past its nominal size, and grows when they run out or it
/// is half full. Hashed columns are close to uniform, so probes stay short.
pub struct SortedRowSums {
    /// Column per slot, `EMPTY` when free.
    keys: Vec<u32>,
    sums: Vec<i32>,
    /// log2 of the nominal number of slots.
    size_bits: u32,
    /// Columns in the row so far.
    len: usize,
    n_features: u32,
    /// log2 of `n_features` when it is a power of two: home slots are then a shift.
    feature_bits: Option<u32>,
}

impl SortedRowSums {
    const EMPTY: u32 = u32::MAX;
    /// Slots past the nominal size, so that probes near the end need not wrap.
    const SPARE: usize = 64;
    const MIN_BITS: u32 = 4;

    /// An empty table for columns `0..n_features` (`n_features` >= 1, below 2**31).
    pub fn new(n_features: u32) -> Self {
        SortedRowSums {
            keys: Vec::new(),
            sums: Vec::new(),
            size_bits: 0,
            len: 0,
            n_features: n_features.max(1),
            feature_bits: n_features
                .is_power_of_two()
                .then(|| n_features.trailing_zeros()),
        }
    }

    /// Starts a row expected to hold about `expected` distinct columns (the table is empty
    /// between rows).
    pub fn start_row(&mut self, expected: usize) {
        let bits = (expected.max(1) * 2)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(Self::MIN_BITS, self.max_bits());
        self.resize(bits);
    }

    /// Enough slots for every column twice over: more are never needed.
    fn max_bits(&self) -> u32 {
        (self.n_features as u64 * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(Self::MIN_BITS)
    }

    /// Sets the nominal size to `2**bits` slots; the table must be empty.
    fn resize(&mut self, bits: u32) {
        self.size_bits = bits;
        let slots = (1usize << bits) + Self::SPARE;
        if self.keys.len() < slots {
            self.keys.resize(slots, Self::EMPTY);
            self.sums.resize(slots, 0);
        }
    }

    #[inline]
    fn home(&self, column: u32) -> usize {
        let column = u64::from(column);
        (match self.feature_bits {
            Some(bits) if bits >= self.size_bits => column >> (bits - self.size_bits),
            Some(bits) => column << (self.size_bits - bits),
            None => (column << self.size_bits) / u64::from(self.n_features),
        }) as usize
    }

    /// Adds `value` (+1 or -1) to `column`.
    #[inline]
    pub fn add(&mut self, column: u32, value: i32) {
        let end = (1usize << self.size_bits) + Self::SPARE;
        let mut slot = self.home(column);
        let (mut column, mut value) = (column, value);
        while slot < end {
            let key = self.keys[slot];
            if key == column {
                self.sums[slot] += value;
                return;
            }
            if key == Self::EMPTY {
                self.keys[slot] = column;
                self.sums[slot] = value;
                self.len += 1;
                if self.len * 2 > 1usize << self.size_bits {
                    self.grow();
                }
                return;
            }
            if key > column {
                // Keep the run sorted: `column` goes here, the larger one moves on.
                std::mem::swap(&mut self.keys[slot], &mut column);
                std::mem::swap(&mut self.sums[slot], &mut value);
            }
            slot += 1;
        }
        self.add_after_growing(column, value);
    }

    /// Ran past the spare slots (rare): grow, then place the column still in hand.
    #[cold]
    #[inline(never)]
    fn add_after_growing(&mut self, column: u32, value: i32) {
        self.grow();
        self.add(column, value);
    }

    /// Doubles the nominal size, re-inserting the columns in order.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let mut entries = Vec::with_capacity(self.len);
        self.drain_into(&mut |column, sum| entries.push((column, sum)));
        self.resize(self.size_bits + 1);
        for (column, sum) in entries {
            self.add(column, sum);
        }
    }

    /// Hands every (column, sum) to `out` in increasing column order, explicit zeros
    /// included, and empties the table.
    pub fn drain_into(&mut self, out: &mut impl FnMut(u32, i32)) {
        let end = (1usize << self.size_bits) + Self::SPARE;
        for (key, &sum) in self.keys[..end].iter_mut().zip(&self.sums[..end]) {
            if *key != Self::EMPTY {
                out(*key, sum);
                *key = Self::EMPTY;
            }
        }
        self.len = 0;
    }

    /// [`SortedRowSums::drain_into`] appending `pack(column, sum)` to `out`, without a branch
    /// per slot (whether a slot is taken is unpredictable): every slot is written at the next
    /// free position, which advances only past taken ones.
    pub fn drain_packed(&mut self, out: &mut Vec<u64>, pack: impl Fn(u32, i32) -> u64) {
        let end = (1usize << self.size_bits) + Self::SPARE;
        let start = out.len();
        // One spare place for the writes after the last taken slot.
        out.resize(start + self.len + 1, 0);
        let places = &mut out[start..];
        let mut next = 0;
        for (key, &sum) in self.keys[..end].iter_mut().zip(&self.sums[..end]) {
            places[next] = pack(*key, sum);
            next += usize::from(*key != Self::EMPTY);
            *key = Self::EMPTY;
        }
        out.truncate(start + next);
        self.len = 0;
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

    #[test]
    fn rows_are_sorted_and_cancelling_signs_leave_explicit_zeros() {
        // HashingVectorizer(n_features=16, norm=None) on "w11 w12" and "w11 w12 w11":
        // both words land in column 15 with opposite signs; scipy keeps the stored 0.0.
        let w11 = hashed_column("w11", 16, true);
        let w12 = hashed_column("w12", 16, true);
        assert_eq!((w11, w12), ((15, -1.0), (15, 1.0)));

        let mut row = vec![w11, w12];
        finish_hashed_row(&mut row);
        assert_eq!(row, vec![(15, 0.0)]);

        let mut row = vec![w11, w12, w11];
        finish_hashed_row(&mut row);
        assert_eq!(row, vec![(15, -1.0)]);

        let mut row = vec![(7, 1.0), (2, -1.0), (7, 1.0), (0, 1.0), (2, -1.0), (9, 1.0)];
        finish_hashed_row(&mut row);
        assert_eq!(row, vec![(0, 1.0), (2, -2.0), (7, 2.0), (9, 1.0)]);

        let mut empty = Vec::new();
        finish_hashed_row(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn sorted_row_sums_match_sorting_and_summing() {
        let mut random = crate::test_support::Lcg::new(12345);
        let mut next = move || random.next() as u32;
        for n_features in [1u32, 2, 7, 16, 1000, 1 << 20, i32::MAX as u32] {
            let mut table = SortedRowSums::new(n_features);
            let mut packed_drain = n_features % 2 == 0;
            for (expected, tokens) in [(0, 0), (1, 1), (3, 50), (500, 40), (10, 3000), (1, 200)] {
                table.start_row(expected);
                let mut reference: Vec<(u32, f64)> = Vec::new();
                for i in 0..tokens {
                    // Clusters of neighbouring columns as well as spread ones.
                    let column = if i % 3 == 0 {
                        n_features - 1 - (next() % 5).min(n_features - 1)
                    } else {
                        next() % n_features
                    };
                    let value = if next() % 2 == 0 { 1 } else { -1 };
                    table.add(column, value);
                    reference.push((column, f64::from(value)));
                }
                finish_hashed_row(&mut reference);
                let mut got = Vec::new();
                packed_drain = !packed_drain;
                if packed_drain {
                    table.drain_into(&mut |column, sum| got.push((column, f64::from(sum))));
                } else {
                    let mut packed = vec![7u64];
                    table.drain_packed(&mut packed, |c, s| {
                        (u64::from(c) << 32) | u64::from(s as u32)
                    });
                    assert_eq!(packed[0], 7);
                    got = packed[1..]
                        .iter()
                        .map(|&p| ((p >> 32) as u32, f64::from(p as u32 as i32)))
                        .collect();
                }
                assert_eq!(got, reference, "n_features {n_features}, {tokens} tokens");
            }
        }
    }
}
