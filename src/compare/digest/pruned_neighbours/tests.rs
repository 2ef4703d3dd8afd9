use proptest::prelude::*;

use super::*;
use crate::compare::digest::neighbour_lists;
use crate::compare::reuse::unit_rows;

/// Sparse rows over a few columns with values from a short list, so that equal cosines
/// (ties) and cosines right at the threshold are common. The values are positive, as
/// TF-IDF's are.
fn tied_rows() -> impl Strategy<Value = CsrMatrix<f64>> {
    let row = proptest::collection::btree_map(0u32..12, 0usize..4, 0..6);
    // Rows are drawn from a pool of ten, so that equal rows (copied sentences) are common.
    let pool = proptest::collection::vec(row, 10);
    (pool, proptest::collection::vec(0usize..10, 1..40)).prop_map(|(pool, picks)| {
        let steps = [1.0, 0.5, 2.0, 0.1];
        let mut m = CsrMatrix::with_columns(12);
        for pick in picks {
            m.push_row(pool[pick].iter().map(|(&c, &v)| (c, steps[v])));
        }
        m
    })
}

proptest! {
    #[test]
    fn the_pruned_search_keeps_what_the_full_search_keeps(
        m in tied_rows(),
        keep in 1usize..6,
        threshold in prop_oneof![Just(0.1), Just(0.5), Just(0.0001)],
    ) {
        let rows = unit_rows(&m, "tfidf").unwrap();
        let full = neighbour_lists(&rows, threshold, Some(keep), usize::MAX).unwrap();
        prop_assert_eq!(closest_neighbours(&rows, threshold, keep), full);
    }
}

#[test]
fn equal_rows_point_to_the_first_of_them() {
    let mut m = CsrMatrix::with_columns(3);
    for row in [
        &[(0, 1.0), (2, 0.5)][..],
        &[(0, 1.0)],
        &[(0, 1.0), (2, 0.5)],
        &[],
    ] {
        m.push_row(row.iter().copied());
    }
    m.push_row([]);
    assert_eq!(first_of_equal_rows(&m), vec![0, 1, 0, 3, 3]);
}

#[test]
fn exact_dots_add_the_common_columns_in_ascending_order() {
    let dense = [0.5, 0.0, 0.25, 0.0, 0.0, 0.75, 0.0, 0.0];
    let other: (&[i32], &[f64]) = (&[1, 2, 5, 7], &[1.0, 0.5, 0.5, 1.0]);
    assert_eq!(exact_dot(&dense, other), 0.25 * 0.5 + 0.75 * 0.5);
    assert_eq!(exact_dot(&dense, (&[], &[])), 0.0);
}
