//! Rows as counting and hashing write them: per row, `(column, value)` pairs packed into one
//! `u64` each, kept in parts (one per batch, in document order) until the caller has chosen the
//! columns and the values to produce; `assemble_rows` then writes the final CSR arrays once,
//! in their final type.

use rayon::prelude::*;

use crate::vectorize::csr::CsrMatrix;

/// A (column, count) pair packed into one integer, column in the high half, so that sorting
/// the integers sorts by column (several times faster than sorting pairs by a key).
#[inline]
pub(crate) fn pack(column: u32, count: u32) -> u64 {
    ((column as u64) << 32) | count as u64
}

/// The (column, value) pair of a packed entry.
#[inline]
pub(crate) fn unpack(entry: u64) -> (u32, u32) {
    ((entry >> 32) as u32, entry as u32)
}

/// Rows of one chunk: packed entries and where each row ends.
#[derive(Debug, Clone)]
pub struct RowsPart {
    /// `row_ends[i]` is where row `i` ends in `entries` (it starts where row `i - 1` ends).
    pub(crate) row_ends: Vec<usize>,
    pub(crate) entries: Vec<u64>,
}

impl RowsPart {
    /// Keeps the entries whose column `renumber` maps to a new column, renumbered, compacting
    /// in place.
    pub(crate) fn retain_columns(&mut self, renumber: impl Fn(u32) -> Option<u32>) {
        let mut write = 0;
        let mut start = 0;
        for row_end in self.row_ends.iter_mut() {
            for read in start..*row_end {
                let (column, count) = unpack(self.entries[read]);
                if let Some(column) = renumber(column) {
                    self.entries[write] = pack(column, count);
                    write += 1;
                }
            }
            start = *row_end;
            *row_end = write;
        }
        self.entries.truncate(write);
    }

    /// Sorts every row by column (packed entries sort by their column, the high half).
    pub(crate) fn sort_rows(&mut self) {
        let mut start = 0;
        for &end in &self.row_ends {
            self.entries[start..end].sort_unstable();
            start = end;
        }
    }

    /// Replaces each id by `column_of[id]`, keeping every row in its order: the order in
    /// which the row's terms first occur in its document. That order is the document's own,
    /// so it does not depend on how the work was split, and it needs no sort (scikit-learn's
    /// rows are not sorted by column either). With `may_repeat` (stems: several tokens of a
    /// row can share a column), a repeated column is added into its first entry;
    /// `position_of` is scratch space of one entry per column, all `u32::MAX`, and is left so.
    pub(crate) fn map_rows(
        &mut self,
        column_of: &[u32],
        may_repeat: bool,
        position_of: &mut [u32],
    ) {
        if !may_repeat {
            for entry in &mut self.entries {
                let (id, count) = unpack(*entry);
                *entry = pack(column_of[id as usize], count);
            }
            return;
        }
        let mut write = 0;
        let mut start = 0;
        for row_end in self.row_ends.iter_mut() {
            let row_start = write;
            for read in start..*row_end {
                let (id, count) = unpack(self.entries[read]);
                let column = column_of[id as usize];
                match position_of[column as usize] {
                    u32::MAX => {
                        position_of[column as usize] = (write - row_start) as u32;
                        self.entries[write] = pack(column, count);
                        write += 1;
                    }
                    offset => {
                        let at = row_start + offset as usize;
                        self.entries[at] = pack(column, unpack(self.entries[at]).1 + count);
                    }
                }
            }
            for &entry in &self.entries[row_start..write] {
                position_of[unpack(entry).0 as usize] = u32::MAX;
            }
            start = *row_end;
            *row_end = write;
        }
        self.entries.truncate(write);
    }
}

/// A row writer for [`assemble_rows`] that maps each packed value with `value_of`.
pub(crate) fn plain_values<T>(
    value_of: impl Fn(u32) -> T + Sync,
) -> impl Fn(&[u64], &mut [i32], &mut [T]) + Sync {
    move |entries, indices, values| {
        for ((&entry, index), value) in entries.iter().zip(indices).zip(values) {
            let (column, packed) = unpack(entry);
            *index = column as i32;
            *value = value_of(packed);
        }
    }
}

/// Assembles row parts (in order) into one CSR matrix, writing straight into the final arrays
/// so that no intermediate per-part matrices exist. Each row must hold distinct columns; they
/// stay in their order. `write_row(entries, indices, values)` fills each row's slices of the
/// final arrays from its packed entries (all three of the row's length).
pub(crate) fn assemble_rows<T: Copy + Default + Send>(
    n_cols: usize,
    parts: Vec<RowsPart>,
    write_row: impl Fn(&[u64], &mut [i32], &mut [T]) + Sync,
) -> CsrMatrix<T> {
    let nnz: usize = parts.iter().map(|p| p.entries.len()).sum();
    let n_rows: usize = parts.iter().map(|p| p.row_ends.len()).sum();
    let mut indptr = Vec::with_capacity(n_rows + 1);
    indptr.push(0i64);
    let mut offset = 0i64;
    for part in &parts {
        indptr.extend(part.row_ends.iter().map(|&end| offset + end as i64));
        offset += part.entries.len() as i64;
    }
    let mut indices = vec![0i32; nnz];
    let mut data = vec![T::default(); nnz];
    let mut index_slices = Vec::with_capacity(parts.len());
    let mut data_slices = Vec::with_capacity(parts.len());
    let (mut index_rest, mut data_rest) = (&mut indices[..], &mut data[..]);
    for part in &parts {
        let (index_head, index_tail) = index_rest.split_at_mut(part.entries.len());
        let (data_head, data_tail) = data_rest.split_at_mut(part.entries.len());
        index_slices.push(index_head);
        data_slices.push(data_head);
        index_rest = index_tail;
        data_rest = data_tail;
    }
    parts
        .into_par_iter()
        .zip(
            index_slices
                .into_par_iter()
                .zip(data_slices.into_par_iter()),
        )
        .for_each(|(part, (index_out, data_out))| {
            let mut start = 0;
            for &end in &part.row_ends {
                write_row(
                    &part.entries[start..end],
                    &mut index_out[start..end],
                    &mut data_out[start..end],
                );
                start = end;
            }
        });
    CsrMatrix {
        n_rows,
        n_cols,
        indptr,
        indices,
        data,
    }
}

#[cfg(test)]
mod tests;
