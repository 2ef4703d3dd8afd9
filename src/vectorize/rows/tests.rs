use proptest::prelude::*;

use super::*;

const N_IDS: u32 = 300;
const N_COLUMNS: u32 = 50;

/// One row as the counter writes it: distinct ids, in no particular order, with counts.
fn counted_row() -> impl Strategy<Value = Vec<(u32, u32)>> {
    let ids = prop::collection::btree_set(0..N_IDS, 0..60)
        .prop_map(Vec::from_iter)
        .prop_shuffle();
    (ids, prop::collection::vec(1..=5u32, 60))
        .prop_map(|(ids, counts)| ids.into_iter().zip(counts).collect())
}

fn part_of(rows: &[Vec<(u32, u32)>]) -> RowsPart {
    let mut part = RowsPart {
        row_ends: Vec::new(),
        entries: Vec::new(),
    };
    for row in rows {
        part.entries
            .extend(row.iter().map(|&(id, count)| pack(id, count)));
        part.row_ends.push(part.entries.len());
    }
    part
}

fn rows_of(part: &RowsPart) -> Vec<Vec<(u32, u32)>> {
    let mut start = 0;
    part.row_ends
        .iter()
        .map(|&end| {
            let row = part.entries[start..end]
                .iter()
                .map(|&e| unpack(e))
                .collect();
            start = end;
            row
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn packing_keeps_both_halves_and_sorts_by_column(
        a in any::<(u32, u32)>(),
        b in any::<(u32, u32)>(),
    ) {
        prop_assert_eq!(unpack(pack(a.0, a.1)), a);
        if a.0 != b.0 {
            prop_assert_eq!(pack(a.0, a.1) < pack(b.0, b.1), a.0 < b.0);
        }
    }

    #[test]
    fn mapped_rows_keep_document_order_and_sum_repeated_columns(
        column_of in prop::collection::vec(0..N_COLUMNS, N_IDS as usize),
        rows in prop::collection::vec(counted_row(), 0..8),
    ) {
        // Each row's columns in the order they first occur, counts of a shared column summed.
        let expected: Vec<Vec<(u32, u32)>> = rows
            .iter()
            .map(|row| {
                let mut mapped: Vec<(u32, u32)> = Vec::new();
                for &(id, count) in row {
                    let column = column_of[id as usize];
                    match mapped.iter_mut().find(|(c, _)| *c == column) {
                        Some(entry) => entry.1 += count,
                        None => mapped.push((column, count)),
                    }
                }
                mapped
            })
            .collect();
        let mut part = part_of(&rows);
        let mut positions = vec![u32::MAX; N_COLUMNS as usize];
        part.map_rows(&column_of, true, &mut positions);
        prop_assert!(positions.iter().all(|&p| p == u32::MAX), "scratch left dirty");
        prop_assert_eq!(rows_of(&part), expected);
    }

    #[test]
    fn one_to_one_renumbering_maps_each_entry_in_place(
        rows in prop::collection::vec(counted_row(), 0..8),
    ) {
        let reversed: Vec<u32> = (0..N_IDS).rev().collect();
        let mut part = part_of(&rows);
        part.map_rows(&reversed, false, &mut []);
        let expected: Vec<Vec<(u32, u32)>> = rows
            .iter()
            .map(|row| row.iter().map(|&(id, count)| (N_IDS - 1 - id, count)).collect())
            .collect();
        prop_assert_eq!(rows_of(&part), expected);
    }

    #[test]
    fn kept_columns_are_renumbered_and_rows_sort_by_column(
        rows in prop::collection::vec(counted_row(), 0..8),
        keep in prop::collection::vec(any::<bool>(), N_IDS as usize),
    ) {
        let mut new_column = vec![None; N_IDS as usize];
        let mut next = 0;
        for (old, &kept) in keep.iter().enumerate() {
            if kept {
                new_column[old] = Some(next);
                next += 1;
            }
        }
        let mut part = part_of(&rows);
        part.retain_columns(|column| new_column[column as usize]);
        let kept: Vec<Vec<(u32, u32)>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .filter_map(|&(id, count)| new_column[id as usize].map(|c| (c, count)))
                    .collect()
            })
            .collect();
        prop_assert_eq!(rows_of(&part), kept.clone());
        part.sort_rows();
        let sorted: Vec<Vec<(u32, u32)>> = kept
            .into_iter()
            .map(|mut row| {
                row.sort_unstable();
                row
            })
            .collect();
        prop_assert_eq!(rows_of(&part), sorted);
    }

    #[test]
    fn parts_assemble_into_the_matrix_of_their_rows_in_order(
        parts in prop::collection::vec(prop::collection::vec(counted_row(), 0..5), 0..5),
    ) {
        let mut expected = CsrMatrix::with_columns(N_IDS as usize);
        for row in parts.iter().flatten() {
            expected.push_row(row.iter().map(|&(id, count)| (id, i64::from(count))));
        }
        let assembled = crate::parallel::run_with_threads(2, || {
            assemble_rows(
                N_IDS as usize,
                parts.iter().map(|rows| part_of(rows)).collect(),
                plain_values(i64::from),
            )
        });
        prop_assert_eq!(assembled, expected);
    }
}
