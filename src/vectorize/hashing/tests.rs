use proptest::prelude::*;

use super::*;
use crate::text::analyzer::AnalyzerConfig;
use crate::text::char_tables::current;

fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerConfig::default(), current()).unwrap()
}

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
fn short_known_keys_hash_like_scikit_learn() {
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

/// One row's features over `n_features` columns: clusters of neighbouring columns at the top,
/// of equal small columns, and spread ones, with random signs; lengths that take the
/// comparison sort (up to 32) and every digit width of the radix sort.
fn hashed_features() -> impl Strategy<Value = (u32, Vec<(u32, i32)>)> {
    let n_features = prop::sample::select(&[1u32, 2, 7, 16, 1000, 1 << 20, i32::MAX as u32][..]);
    let length = prop::sample::select(&[0usize, 1, 2, 31, 32, 33, 50, 700, 3000][..]);
    (n_features, length).prop_flat_map(|(n_features, length)| {
        let feature =
            (0..3u8, any::<u32>(), any::<bool>()).prop_map(move |(kind, bits, negative)| {
                let column = match kind {
                    0 => n_features - 1 - (bits % 5).min(n_features - 1),
                    1 => bits % n_features.min(3),
                    _ => bits % n_features,
                };
                (column, if negative { -1 } else { 1 })
            });
        (Just(n_features), prop::collection::vec(feature, length))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn short_keys_hash_like_the_general_loop(key in prop::collection::vec(any::<u8>(), 0..=8)) {
        let mut word = [0u8; 8];
        word[..key.len()].copy_from_slice(&key);
        prop_assert_eq!(
            murmurhash3_32_short(u64::from_le_bytes(word), key.len()),
            murmurhash3_32(&key, 0)
        );
    }

    #[test]
    fn radix_row_sums_match_sorting_and_summing(
        (n_features, features) in hashed_features(),
        slice in 1usize..200,
    ) {
        let mut sums = RadixRowSums::new(n_features);
        // Fed in slices, as a document's pieces arrive; the row before is reused state.
        sums.extend(&[(0, 1)]);
        sums.drain_packed(&mut Vec::new(), |_, _| 0);
        for piece in features.chunks(slice) {
            sums.extend(piece);
        }
        let mut packed = vec![7u64];
        sums.drain_packed(&mut packed, |c, s| (u64::from(c) << 32) | u64::from(s as u32));
        prop_assert_eq!(packed[0], 7, "entries before the row are kept");
        let got: Vec<(u32, i32)> = packed[1..]
            .iter()
            .map(|&p| ((p >> 32) as u32, p as u32 as i32))
            .collect();
        prop_assert_eq!(got, summed_by_sorting(features));
    }
}

#[test]
fn a_long_row_takes_every_radix_pass() {
    // 40 000 features over the widest space: the sort's most passes, in one deterministic row.
    let n_features = i32::MAX as u32;
    let features: Vec<(u32, i32)> = (0..40_000u32)
        .map(|i| {
            let column = i.wrapping_mul(2_654_435_761) % n_features;
            (column, if i % 3 == 0 { -1 } else { 1 })
        })
        .collect();
    let mut sums = RadixRowSums::new(n_features);
    sums.extend(&features);
    let mut packed = Vec::new();
    sums.drain_packed(&mut packed, |c, s| {
        (u64::from(c) << 32) | u64::from(s as u32)
    });
    let got: Vec<(u32, i32)> = packed
        .iter()
        .map(|&p| ((p >> 32) as u32, p as u32 as i32))
        .collect();
    assert_eq!(got, summed_by_sorting(features));
}

#[test]
fn hashed_rows_sum_signs_per_column() {
    use crate::vectorize::hashing::hashed_column;
    let docs = ["the cat the dog a1 a1 b2 c3 d4 e5 f6", "", "zz yy zz zz"];
    let tokens: Vec<Vec<&str>> = docs
        .iter()
        .map(|d| d.split_whitespace().collect())
        .collect();
    for n_features in [7u32, 16, (1 << 22) + 1] {
        let matrix = count_hashed(Documents::Texts(&docs), &analyzer(), n_features, true, 1);
        for (row, row_tokens) in tokens.iter().enumerate() {
            let mut expected = std::collections::BTreeMap::new();
            for token in row_tokens.iter().filter(|t| t.len() > 1) {
                let (column, sign) = hashed_column(token, n_features, true);
                *expected.entry(column).or_insert(0.0) += sign;
            }
            let (columns, values) = matrix.row(row);
            let got: std::collections::BTreeMap<u32, f64> = columns
                .iter()
                .map(|&c| c as u32)
                .zip(values.iter().copied())
                .collect();
            assert_eq!(got, expected, "n_features {n_features}, row {row}");
            assert!(columns.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

#[test]
fn hashed_rows_finished_in_one_pass_equal_the_later_steps() {
    use crate::vectorize::weighting::normalize_rows;
    let docs = ["the cat the dog a1 a1 b2", "", "zz yy zz zz the"];
    for binary in [false, true] {
        for norm in [None, Some(Norm::L1), Some(Norm::L2)] {
            let rows = || hash_rows(Documents::Texts(&docs), &analyzer(), 16, true, 2);
            let mut expected = assemble_hashed(rows(), 1);
            if binary {
                expected.data.fill(1.0);
            }
            if let Some(norm) = norm {
                normalize_rows(&expected.indptr, &mut expected.data, norm, 1);
            }
            let finished = assemble_hashed_finished::<f64>(rows(), binary, norm, 3);
            assert_eq!(finished.indices, expected.indices);
            assert_eq!(finished.data, expected.data);
            let single = assemble_hashed_finished::<f32>(rows(), binary, norm, 1);
            let mut expected32: Vec<f32> = assemble_hashed(rows(), 1)
                .data
                .iter()
                .map(|&v| if binary { 1.0 } else { v as f32 })
                .collect();
            if let Some(norm) = norm {
                normalize_rows(&expected.indptr, &mut expected32, norm, 1);
            }
            assert_eq!(single.data, expected32);
        }
    }
}
