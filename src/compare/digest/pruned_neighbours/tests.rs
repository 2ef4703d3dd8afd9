use proptest::prelude::*;

use super::*;
use crate::compare::digest::neighbour_lists;
use crate::compare::reuse::unit_rows;

/// Sparse rows over a few columns with values from a short list, so that equal cosines
/// (ties) are common; some rows are empty. The values are positive, as TF-IDF's are. Rows
/// are drawn from a pool, so that equal rows (copied sentences) are common; a large pool
/// gives more distinct rows than one chunk of the parallel search holds.
fn tied_rows() -> impl Strategy<Value = CsrMatrix<f64>> {
    let row = proptest::collection::btree_map(0u32..12, 0usize..4, 0..6);
    let pool = proptest::collection::vec(row, 1..90);
    (
        pool,
        proptest::collection::vec(any::<prop::sample::Index>(), 1..150),
    )
        .prop_map(|(pool, picks)| {
            let steps = [1.0, 0.5, 2.0, 0.1];
            let mut m = CsrMatrix::with_columns(12);
            for pick in picks {
                m.push_row(pick.get(&pool).iter().map(|(&c, &v)| (c, steps[v])));
            }
            m
        })
}

/// The cosine of unit rows `a` and `b` as the full search sums it: `a`'s columns ascending,
/// from 0.0. A threshold equal to it puts a cosine exactly on the cut.
fn full_search_cosine(rows: &CsrMatrix<f64>, a: usize, b: usize) -> f64 {
    let (b_columns, b_values) = rows.row(b);
    let (a_columns, a_values) = rows.row(a);
    a_columns
        .iter()
        .zip(a_values)
        .fold(0.0, |total, (column, &value)| {
            match b_columns.binary_search(column) {
                Ok(at) => total + value * b_values[at],
                Err(_) => total,
            }
        })
}

/// Where the threshold comes from: anywhere in 0..=1, or one of the set's own cosines.
#[derive(Debug, Clone)]
enum Threshold {
    Anywhere(f64),
    CosineOf(prop::sample::Index, prop::sample::Index),
}

fn thresholds() -> impl Strategy<Value = Threshold> {
    prop_oneof![
        (0.0..=1.0f64).prop_map(Threshold::Anywhere),
        prop_oneof![Just(0.0), Just(0.1), Just(1.0)].prop_map(Threshold::Anywhere),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Threshold::CosineOf(a, b)),
    ]
}

proptest! {
    #[test]
    fn the_pruned_search_keeps_what_the_full_search_keeps(
        m in tied_rows(),
        keep in any::<prop::sample::Index>(),
        threshold in thresholds(),
        threads in 1usize..=3,
    ) {
        let rows = unit_rows(&m, "tfidf").unwrap();
        let n = rows.n_rows;
        let keep = keep.index(n) + 1;
        let threshold = match threshold {
            Threshold::Anywhere(threshold) => threshold,
            Threshold::CosineOf(a, b) => full_search_cosine(&rows, a.index(n), b.index(n)),
        };
        let full = neighbour_lists(&rows, threshold, Some(keep), usize::MAX).unwrap();
        let pruned = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| closest_neighbours(&rows, threshold, keep));
        prop_assert_eq!(pruned, full);
    }
}

#[test]
fn lists_hold_the_closest_rows_at_least_the_threshold_ascending() {
    let mut m = CsrMatrix::with_columns(3);
    for row in [
        &[(0, 1.0), (1, 1.0)][..],
        &[(0, 1.0)],
        &[(2, 1.0)],
        &[(0, 1.0), (1, 1.0)],
        &[],
        &[(1, 1.0)],
    ] {
        m.push_row(row.iter().copied());
    }
    let rows = unit_rows(&m, "tfidf").unwrap();
    // Row 0 equals row 3 (cosine 1) and is as close to row 1 as to row 5: of those two, the
    // lower index is kept. Row 2 meets only itself; row 4 is empty and meets no row.
    assert_eq!(
        closest_neighbours(&rows, 0.5, 3),
        vec![
            vec![0, 1, 3],
            vec![0, 1, 3],
            vec![2],
            vec![0, 1, 3],
            vec![],
            vec![0, 3, 5],
        ]
    );
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
