use proptest::prelude::*;

use super::*;

/// The block pair that searches all of `m` among all of `m`.
fn whole(m: &CsrMatrix<f64>) -> BlockPair<'_> {
    BlockPair {
        queries: m,
        candidates: m,
        query_offset: 0,
        candidate_offset: 0,
    }
}

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

/// Rows `range` of `m` as a matrix of their own (same width).
fn rows_of(m: &CsrMatrix<f64>, range: std::ops::Range<usize>) -> CsrMatrix<f64> {
    let mut block = CsrMatrix::with_columns(m.n_cols);
    for row in range {
        let (columns, values) = m.row(row);
        block.push_row(
            columns
                .iter()
                .zip(values)
                .map(|(&column, &value)| (column as u32, value)),
        );
    }
    block
}

/// Row `row` of a whole-matrix result: its neighbours (padding left out) and score bits.
fn found_in(whole: &(Array2<i64>, Array2<f64>), row: usize, k: usize) -> Vec<(i64, u64)> {
    (0..k)
        .filter(|&slot| whole.0[[row, slot]] >= 0)
        .map(|slot| (whole.0[[row, slot]], whole.1[[row, slot]].to_bits()))
        .collect()
}

/// The block results of one query block merged by score descending, then global index.
fn merged(parts: &[(Array2<i64>, Array2<f64>)], row: usize, k: usize) -> Vec<(i64, u64)> {
    let mut found: Vec<(f64, i64)> = parts
        .iter()
        .flat_map(|(neighbours, scores)| {
            (0..neighbours.ncols())
                .filter(|&slot| neighbours[[row, slot]] >= 0)
                .map(|slot| (scores[[row, slot]], neighbours[[row, slot]]))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    found.truncate(k);
    found.iter().map(|&(s, n)| (n, s.to_bits())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn blocks_merged_by_score_then_index_equal_the_whole(
        m in sparse_rows(),
        k in 1usize..6,
        exclude_self: bool,
        cuts in prop::collection::btree_set(1usize..3 * ROWS_PER_CHUNK, 0..4),
    ) {
        let whole = top_k_cosine(&m, k, exclude_self);
        let mut bounds: Vec<usize> = cuts.into_iter().filter(|&c| c < m.n_rows).collect();
        bounds.insert(0, 0);
        bounds.push(m.n_rows);
        let blocks: Vec<(usize, CsrMatrix<f64>)> = bounds
            .windows(2)
            .map(|w| (w[0], rows_of(&m, w[0]..w[1])))
            .collect();
        for (query_offset, queries) in &blocks {
            let parts: Vec<_> = blocks
                .iter()
                .map(|(candidate_offset, candidates)| {
                    let pair = BlockPair {
                        queries,
                        candidates,
                        query_offset: *query_offset,
                        candidate_offset: *candidate_offset,
                    };
                    top_k_cosine_between(&pair, k, exclude_self)
                })
                .collect();
            for row in 0..queries.n_rows {
                let global = query_offset + row;
                prop_assert_eq!(merged(&parts, row, k), found_in(&whole, global, k), "row {}", global);
            }
        }
    }
}

#[test]
fn blocks_of_different_widths_compare_on_common_columns() {
    let queries = matrix(3, &[&[(0, 1.0), (2, 1.0)]]);
    let candidates = matrix(1, &[&[(0, 2.0)]]);
    let pair = BlockPair {
        queries: &queries,
        candidates: &candidates,
        query_offset: 5,
        candidate_offset: 5,
    };
    let (neighbours, scores) = top_k_cosine_between(&pair, 1, false);
    assert_eq!(neighbours.row(0).to_vec(), [5]);
    assert!((scores[[0, 0]] - 0.5f64.sqrt()).abs() < 1e-15);
    let (neighbours, _) = top_k_cosine_between(&pair, 1, true);
    assert_eq!(neighbours.row(0).to_vec(), [-1]);
}

/// Rows that look like short news texts: a few frequent columns (0..4) in most rows with
/// small weights, and a group column shared by rows of the same "story" (heavy weights).
/// Values come from a short list and some rows repeat an earlier one, so that ties are
/// common; some rows are empty.
fn story_rows() -> impl Strategy<Value = CsrMatrix<f64>> {
    let light = prop::sample::select(&[0.1, 0.2, 0.25][..]);
    let heavy = prop::sample::select(&[1.0, 2.0, 3.0][..]);
    let row = (
        prop::collection::btree_map(0u32..4, light, 0..4),
        prop::collection::btree_map(4u32..40, heavy, 0..4),
        0usize..12,
    );
    prop::collection::vec(row, 1..3 * ROWS_PER_CHUNK).prop_map(|rows| {
        let mut m = CsrMatrix::with_columns(40);
        for (row, (common, story, repeat)) in rows.iter().enumerate() {
            match repeat {
                // Repeat an earlier row: an exact duplicate.
                0 if row > 0 => {
                    let (columns, values) = m.row(row / 2);
                    let copy: Vec<(u32, f64)> = columns
                        .iter()
                        .zip(values)
                        .map(|(&c, &v)| (c as u32, v))
                        .collect();
                    m.push_row(copy);
                }
                1 => m.push_row(std::iter::empty()),
                _ => m.push_row(common.iter().chain(story).map(|(&c, &v)| (c, v))),
            }
        }
        m
    })
}

/// The neighbours and the score bits of a result, for comparing two results exactly.
fn bits(result: &(Array2<i64>, Array2<f64>)) -> (Array2<i64>, Vec<u64>) {
    (
        result.0.clone(),
        result.1.iter().map(|s| s.to_bits()).collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pruned_search_equals_the_full_search_to_the_bit(
        m in story_rows(),
        k in prop::sample::select(&[1usize, 2, 3, 5, 10, 400][..]),
        exclude_self: bool,
        threads in 1usize..4,
        cut in 0usize..3 * ROWS_PER_CHUNK,
    ) {
        let whole = whole(&m);
        let full = top_k_cosine_between_full(&whole, k, exclude_self);
        let pruned = crate::parallel::run_with_threads(threads, || top_k_cosine(&m, k, exclude_self));
        prop_assert_eq!(bits(&pruned), bits(&full));
        // One block pair of the same matrix cut in two, with global indices.
        let cut = cut.min(m.n_rows);
        let (head, tail) = (rows_of(&m, 0..cut), rows_of(&m, cut..m.n_rows));
        for (queries, query_offset, candidates, candidate_offset) in
            [(&head, 0, &tail, cut), (&tail, cut, &head, 0), (&tail, cut, &tail, cut)]
        {
            let pair = BlockPair { queries, candidates, query_offset, candidate_offset };
            let full = top_k_cosine_between_full(&pair, k, exclude_self);
            let pruned = top_k_cosine_between(&pair, k, exclude_self);
            prop_assert_eq!(bits(&pruned), bits(&full));
        }
    }

    #[test]
    fn inputs_the_pruning_does_not_cover_get_the_full_search(
        m in sparse_rows(),
        k in 1usize..6,
        negative in 0usize..24,
        swap: bool,
    ) {
        // A negative value, or a row whose columns are out of order, turns the pruning off.
        let mut m = m;
        if let Some(value) = m.data.get_mut(negative) {
            *value = -*value;
        }
        if swap {
            if let Some(row) = (0..m.n_rows).find(|&r| m.row(r).0.len() >= 2) {
                let start = m.indptr[row] as usize;
                m.indices.swap(start, start + 1);
                m.data.swap(start, start + 1);
            }
        }
        let whole = whole(&m);
        prop_assert_eq!(
            bits(&top_k_cosine(&m, k, true)),
            bits(&top_k_cosine_between_full(&whole, k, true))
        );
    }
}

#[test]
fn pruning_scores_only_the_candidates_that_can_make_the_top_k() {
    // 60 rows in three stories of 20; every row also holds the frequent column 0 with a
    // small weight, so every row is a candidate of every other one.
    let mut m = CsrMatrix::with_columns(4);
    for row in 0..60u32 {
        m.push_row([(0, 0.1), (1 + row % 3, 1.0 + f64::from(row % 2))]);
    }
    let data = normalized(&m);
    let columns = Columns::build(&m, &data);
    let search = pruned::Search {
        queries: &m,
        query_data: &data,
        candidates: &m,
        candidate_data: &data,
        columns: &columns,
        candidate_offset: 0,
        k: 3,
    };
    let mut scratch = pruned::Scratch::new(&m);
    let mut neighbours = Array2::from_elem((1, 3), -1i64);
    let mut scores = Array2::from_elem((1, 3), f64::NAN);
    let query = pruned::QueryRow {
        row: 0,
        own: Some(0),
        floor: f64::NAN,
    };
    let scored = search.row(
        &mut scratch,
        query,
        0,
        &mut neighbours.view_mut(),
        &mut scores.view_mut(),
    );
    // At most row 0's 19 story-mates were scored, never the 40 rows of other stories.
    assert!((3..=19).contains(&scored), "{scored}");
    let whole = whole(&m);
    let (expected, expected_scores) = top_k_cosine_between_full(&whole, 3, true);
    assert_eq!(neighbours.row(0), expected.row(0));
    assert_eq!(scores.row(0).to_vec(), expected_scores.row(0).to_vec());
    // The scratch space is left clean for the next query.
    assert!(scratch.is_clean());
}

/// The k-th best score of each row of a merged result, or -inf where it has fewer than k.
fn floors_of(merged: &[Vec<(i64, u64)>], k: usize) -> Vec<f64> {
    merged
        .iter()
        .map(|row| match row.get(k - 1) {
            Some(&(_, bits)) => f64::from_bits(bits),
            None => f64::NEG_INFINITY,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn blocks_searched_in_turn_above_the_best_so_far_equal_the_whole(
        m in story_rows(),
        k in prop::sample::select(&[1usize, 2, 3, 5, 10][..]),
        exclude_self: bool,
        cuts in prop::collection::btree_set(1usize..3 * ROWS_PER_CHUNK, 0..5),
    ) {
        let whole = top_k_cosine(&m, k, exclude_self);
        let mut bounds: Vec<usize> = cuts.into_iter().filter(|&c| c < m.n_rows).collect();
        bounds.insert(0, 0);
        bounds.push(m.n_rows);
        let blocks: Vec<(usize, CsrMatrix<f64>)> = bounds
            .windows(2)
            .map(|w| (w[0], rows_of(&m, w[0]..w[1])))
            .collect();
        for (query_offset, queries) in &blocks {
            // Each candidate block in turn, above the k-th best score found so far.
            let mut parts: Vec<(Array2<i64>, Array2<f64>)> = Vec::new();
            for (candidate_offset, candidates) in &blocks {
                let so_far: Vec<Vec<(i64, u64)>> =
                    (0..queries.n_rows).map(|row| merged(&parts, row, k)).collect();
                let pair = BlockPair {
                    queries,
                    candidates,
                    query_offset: *query_offset,
                    candidate_offset: *candidate_offset,
                };
                let floors = floors_of(&so_far, k);
                parts.push(top_k_cosine_between_above(&pair, k, exclude_self, &floors));
            }
            for row in 0..queries.n_rows {
                let global = query_offset + row;
                prop_assert_eq!(merged(&parts, row, k), found_in(&whole, global, k), "row {}", global);
            }
        }
    }
}

#[test]
fn a_high_floor_leaves_out_what_cannot_make_the_top_k() {
    let m = matrix(
        2,
        &[&[(0, 1.0)], &[(0, 1.0), (1, 1.0)], &[(0, 1.0), (1, 0.1)]],
    );
    let pair = whole(&m);
    let (neighbours, scores) = top_k_cosine_between_above(&pair, 2, true, &[0.9, f64::NAN, 2.0]);
    // Row 0: only row 2 (0.995) clears 0.9; row 1 has no floor; row 2's floor is out of reach.
    assert_eq!(neighbours.row(0).to_vec(), [2, -1]);
    assert!(scores[[0, 1]].is_nan());
    assert_eq!(neighbours.row(1).to_vec(), [2, 0]);
    assert_eq!(neighbours.row(2).to_vec(), [-1, -1]);
}
