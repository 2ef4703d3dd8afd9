use proptest::prelude::*;

use super::*;

fn matrix(n_cols: usize, rows: &[&[(u32, f64)]]) -> CsrMatrix<f64> {
    let mut m = CsrMatrix::with_columns(n_cols);
    for row in rows {
        m.push_row(row.iter().copied());
    }
    m
}

#[test]
fn neighbours_are_ranked_by_cosine_with_ties_to_the_lower_index() {
    // Rows 1 and 3 are identical, so they tie for row 0; row 2 shares nothing.
    let m = matrix(
        4,
        &[
            &[(0, 1.0), (1, 1.0)],
            &[(0, 2.0)],
            &[(3, 5.0)],
            &[(0, 2.0)],
            &[(0, 1.0), (1, 1.0), (2, 1.0)],
        ],
    );
    let (nb, sc) = top_k_cosine(&m, 3, true);
    assert_eq!(nb.dim(), (5, 3));
    assert_eq!(nb.row(0).to_vec(), [4, 1, 3]);
    let expected = 2.0 / (2.0f64.sqrt() * 3.0f64.sqrt());
    assert!((sc[[0, 0]] - expected).abs() < 1e-15);
    assert!((sc[[0, 1]] - 0.5f64.sqrt()).abs() < 1e-15);
    assert_eq!(sc[[0, 1]], sc[[0, 2]]);
    // Row 2 has no candidates: all padding.
    assert_eq!(nb.row(2).to_vec(), [-1, -1, -1]);
    assert!(sc.row(2).iter().all(|s| s.is_nan()));
    // Row 1 is identical to row 3 (score 1) and close to 0 and 4.
    assert_eq!(nb.row(1).to_vec(), [3, 0, 4]);
}

#[test]
fn self_is_included_on_request_and_zero_rows_have_no_neighbours() {
    let m = matrix(2, &[&[(0, 3.0)], &[], &[(0, 1.0), (1, 1.0)]]);
    let (nb, sc) = top_k_cosine(&m, 2, false);
    assert_eq!(nb.row(0).to_vec(), [0, 2]);
    assert!((sc[[0, 0]] - 1.0).abs() < 1e-15);
    assert_eq!(nb.row(1).to_vec(), [-1, -1]);
    let (nb, _) = top_k_cosine(&m, 2, true);
    assert_eq!(nb.row(0).to_vec(), [2, -1]);
}

/// Sparse non-negative rows over 24 columns. Values come from a short list so that equal
/// scores (and with them the tie-breaking) are common; some rows are empty.
fn sparse_rows() -> impl Strategy<Value = CsrMatrix<f64>> {
    let value = prop::sample::select(&[0.5, 1.0, 2.0, 3.5][..]);
    let row = prop::collection::btree_map(0u32..24, value, 0..6);
    // Up to three chunks of parallel work, so that chunks meet at row boundaries.
    prop::collection::vec(row, 1..3 * ROWS_PER_CHUNK).prop_map(|rows| {
        let mut m = CsrMatrix::with_columns(24);
        for row in rows {
            m.push_row(row);
        }
        m
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn top_k_is_the_dense_ranking_for_any_thread_count(
        m in sparse_rows(),
        k in 1usize..8,
        exclude_self: bool,
        threads in 2usize..5,
    ) {
        let one = crate::parallel::run_with_threads(1, || top_k_cosine(&m, k, exclude_self));
        let many = crate::parallel::run_with_threads(threads, || top_k_cosine(&m, k, exclude_self));
        prop_assert_eq!(&one.0, &many.0);
        prop_assert!(one.1.iter().zip(&many.1).all(|(a, b)| a.to_bits() == b.to_bits()));
        // Each row holds the best candidates (rows sharing a column with it), by the dense
        // scores up to rounding, sorted with ties to the lower index, then padding.
        let dense = pairwise_cosine(&m);
        let (neighbours, scores) = one;
        for row in 0..m.n_rows {
            let candidates: Vec<usize> = (0..m.n_rows)
                .filter(|&other| !(exclude_self && other == row))
                .filter(|&other| shares_a_column(&m, row, other))
                .collect();
            let found: Vec<(f64, u32)> = (0..k.min(candidates.len()))
                .map(|slot| (scores[[row, slot]], neighbours[[row, slot]] as u32))
                .collect();
            for slot in found.len()..k {
                prop_assert!(neighbours[[row, slot]] == -1 && scores[[row, slot]].is_nan());
            }
            let ranked = |pair: &[(f64, u32)]| {
                let ((high, first), (low, second)) = (pair[0], pair[1]);
                high > low || (high == low && first < second)
            };
            prop_assert!(found.windows(2).all(ranked), "row {}: {:?}", row, found);
            for &(score, other) in &found {
                prop_assert!(candidates.contains(&(other as usize)), "row {}: {}", row, other);
                prop_assert!((score - dense[[row, other as usize]]).abs() < 1e-12);
            }
            if let Some(&(last, _)) = found.last() {
                for &other in &candidates {
                    if !found.iter().any(|&(_, chosen)| chosen as usize == other) {
                        prop_assert!(dense[[row, other]] <= last + 1e-12, "row {}: {}", row, other);
                    }
                }
            }
        }
    }
}

fn shares_a_column(m: &CsrMatrix<f64>, a: usize, b: usize) -> bool {
    let (columns, _) = m.row(b);
    m.row(a).0.iter().any(|column| columns.contains(column))
}

#[test]
fn pairwise_is_symmetric_with_a_unit_diagonal() {
    let m = matrix(3, &[&[(2, 1.0), (0, 1.0)], &[], &[(0, 4.0), (1, 3.0)]]);
    let s = pairwise_cosine(&m);
    assert_eq!(s.diag().to_vec(), [1.0, 0.0, 1.0]);
    assert_eq!(s[[0, 2]], s[[2, 0]]);
    assert!((s[[0, 2]] - 4.0 / (5.0 * 2.0f64.sqrt())).abs() < 1e-15);
    assert_eq!(s[[0, 1]], 0.0);
}
