//! Compressed sparse row matrices, laid out exactly as scipy.sparse.csr_matrix wants them, so
//! the binding can hand the three buffers to numpy without copying.

use crate::error::{Error, Result};

/// An integer type scipy uses for `indptr` and `indices` (int32 or int64).
pub trait CsrIndex: Copy + Send + Sync + 'static {
    /// The index as a `usize` (indices are never negative).
    fn to_usize(self) -> usize;
    /// A `usize` at most [`CsrIndex::MAX`] as an index.
    fn from_usize(value: usize) -> Self;
    /// The largest value the type holds.
    const MAX: usize;
}

impl CsrIndex for i32 {
    #[inline]
    fn to_usize(self) -> usize {
        self as usize
    }
    #[inline]
    fn from_usize(value: usize) -> Self {
        value as i32
    }
    const MAX: usize = i32::MAX as usize;
}

impl CsrIndex for i64 {
    #[inline]
    fn to_usize(self) -> usize {
        self as usize
    }
    #[inline]
    fn from_usize(value: usize) -> Self {
        value as i64
    }
    const MAX: usize = i64::MAX as usize;
}

/// A CSR matrix whose rows hold distinct columns.
///
/// Rows from counting keep the order in which their terms first occur in the document
/// (scikit-learn's count rows are not sorted by column either); hashed rows and the
/// comparison's inputs are sorted by column.
///
/// Column indices are int32 because a vocabulary or hashing space never exceeds 2**31 - 1
/// columns (scikit-learn's own limit); `indptr` is int64 so that more than 2**31 stored values
/// work. The binding narrows `indptr` to int32 when nnz allows, as scipy would.
#[derive(Debug, Clone, PartialEq)]
pub struct CsrMatrix<T> {
    /// The number of rows.
    pub n_rows: usize,
    /// The number of columns.
    pub n_cols: usize,
    /// Row `i` is `indices[indptr[i]..indptr[i + 1]]` (and the same slice of `data`).
    pub indptr: Vec<i64>,
    /// The column of each stored value.
    pub indices: Vec<i32>,
    /// The stored values.
    pub data: Vec<T>,
}

impl<T: Copy> CsrMatrix<T> {
    /// An empty matrix with `n_cols` columns and no rows yet.
    pub fn with_columns(n_cols: usize) -> Self {
        CsrMatrix {
            n_rows: 0,
            n_cols,
            indptr: vec![0],
            indices: Vec::new(),
            data: Vec::new(),
        }
    }

    /// The number of stored values.
    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    /// Appends one row given as (column, value) pairs sorted by column.
    pub fn push_row(&mut self, entries: impl IntoIterator<Item = (u32, T)>) {
        for (column, value) in entries {
            self.indices.push(column as i32);
            self.data.push(value);
        }
        self.indptr.push(self.data.len() as i64);
        self.n_rows += 1;
    }

    /// Concatenates row blocks in order (the merge step of chunked parallel work).
    pub fn vstack(n_cols: usize, blocks: Vec<CsrMatrix<T>>) -> Self {
        let nnz: usize = blocks.iter().map(|b| b.nnz()).sum();
        let n_rows: usize = blocks.iter().map(|b| b.n_rows).sum();
        let mut out = CsrMatrix {
            n_rows: 0,
            n_cols,
            indptr: Vec::with_capacity(n_rows + 1),
            indices: Vec::with_capacity(nnz),
            data: Vec::with_capacity(nnz),
        };
        out.indptr.push(0);
        for block in blocks {
            let offset = out.data.len() as i64;
            out.indptr
                .extend(block.indptr[1..].iter().map(|&p| p + offset));
            out.indices.extend_from_slice(&block.indices);
            out.data.extend_from_slice(&block.data);
            out.n_rows += block.n_rows;
        }
        out
    }

    /// The (columns, values) of row `row`.
    pub fn row(&self, row: usize) -> (&[i32], &[T]) {
        let start = self.indptr[row] as usize;
        let end = self.indptr[row + 1] as usize;
        (&self.indices[start..end], &self.data[start..end])
    }

    /// Applies `f` to every stored value, keeping the sparsity structure.
    pub fn map<U: Copy>(self, f: impl Fn(T) -> U) -> CsrMatrix<U> {
        CsrMatrix {
            n_rows: self.n_rows,
            n_cols: self.n_cols,
            indptr: self.indptr,
            indices: self.indices,
            data: self.data.into_iter().map(f).collect(),
        }
    }
}

/// Checks that borrowed CSR buffers (from scipy) describe a well-formed matrix, so that no
/// later indexing can go out of bounds.
pub fn validate_csr<I: CsrIndex>(
    n_rows: usize,
    n_cols: usize,
    indptr: &[I],
    indices: &[I],
    data_len: usize,
) -> Result<()> {
    validate_row_pointers(n_rows, indptr, indices.len(), data_len)?;
    match indices.iter().find(|i| i.to_usize() >= n_cols) {
        Some(&bad) => Err(out_of_range(bad, n_cols)),
        None => Ok(()),
    }
}

fn out_of_range<I: CsrIndex>(bad: I, n_cols: usize) -> Error {
    Error::ShapeMismatch(format!(
        "column index {} is out of range for {} columns",
        bad.to_usize() as i64,
        n_cols
    ))
}

/// Everything [`validate_csr`] checks but the column indices' range.
fn validate_row_pointers<I: CsrIndex>(
    n_rows: usize,
    indptr: &[I],
    indices_len: usize,
    data_len: usize,
) -> Result<()> {
    if indptr.len() != n_rows + 1 {
        return Err(Error::ShapeMismatch(format!(
            "indptr has {} entries for {} rows",
            indptr.len(),
            n_rows
        )));
    }
    if indices_len != data_len {
        return Err(Error::ShapeMismatch(format!(
            "indices has {} entries but data has {}",
            indices_len, data_len
        )));
    }
    let mut previous = 0usize;
    for (row, pointer) in indptr.iter().enumerate() {
        let pointer = pointer.to_usize();
        if pointer < previous || pointer > data_len || (row == 0 && pointer != 0) {
            return Err(Error::ShapeMismatch(format!(
                "indptr is not a valid row pointer array at row {row}"
            )));
        }
        previous = pointer;
    }
    if previous != data_len {
        return Err(Error::ShapeMismatch(
            "indptr does not end at the number of stored values".to_string(),
        ));
    }
    Ok(())
}

/// [`validate_csr`] with the column indices checked in parallel (on the current rayon pool);
/// the same result, including which bad index is reported (the first).
pub fn validate_csr_parallel<I: CsrIndex>(
    n_rows: usize,
    n_cols: usize,
    indptr: &[I],
    indices: &[I],
    data_len: usize,
) -> Result<()> {
    use rayon::prelude::*;
    validate_row_pointers(n_rows, indptr, indices.len(), data_len)?;
    let bad = indices
        .par_chunks(1 << 15)
        .map(|chunk| chunk.iter().find(|i| i.to_usize() >= n_cols).copied())
        .find_first(Option::is_some)
        .flatten();
    match bad {
        Some(bad) => Err(out_of_range(bad, n_cols)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_stack_in_order() {
        let mut a = CsrMatrix::with_columns(3);
        a.push_row([(0, 1i64), (2, 2)]);
        let mut b = CsrMatrix::with_columns(3);
        b.push_row([]);
        b.push_row([(1, 5)]);
        let m = CsrMatrix::vstack(3, vec![a, b]);
        assert_eq!(m.n_rows, 3);
        assert_eq!(m.indptr, vec![0, 2, 2, 3]);
        assert_eq!(m.indices, vec![0, 2, 1]);
        assert_eq!(m.data, vec![1, 2, 5]);
        assert_eq!(m.row(2), (&[1][..], &[5][..]));
    }

    #[test]
    fn malformed_buffers_are_rejected() {
        assert!(validate_csr::<i32>(1, 2, &[0, 1], &[0], 1).is_ok());
        assert!(validate_csr::<i32>(1, 2, &[0, 1], &[2], 1).is_err());
        assert!(validate_csr::<i32>(1, 2, &[0, 2], &[0], 1).is_err());
        assert!(validate_csr::<i64>(2, 2, &[0, 1], &[0], 1).is_err());
        assert!(validate_csr::<i64>(1, 2, &[1, 1], &[0], 1).is_err());
    }

    #[test]
    fn parallel_validation_reports_what_the_serial_one_does() {
        let n = 200_000usize;
        let indptr: Vec<i64> = vec![0, 1000, n as i64];
        let mut indices: Vec<i64> = (0..n as i64).map(|i| i % 50).collect();
        assert!(validate_csr_parallel(2, 50, &indptr, &indices, n).is_ok());
        for bad_at in [0, 77_777, n - 1] {
            indices[bad_at] = 50 + bad_at as i64;
            indices[n - 1] = if bad_at == n - 1 { indices[n - 1] } else { 99 };
            let serial = validate_csr(2, 50, &indptr, &indices, n).unwrap_err();
            let parallel = validate_csr_parallel(2, 50, &indptr, &indices, n).unwrap_err();
            assert_eq!(serial.to_string(), parallel.to_string());
            assert!(serial.to_string().contains(&format!("{}", 50 + bad_at)));
            indices[bad_at] = 0;
        }
        let short = validate_csr_parallel(2, 50, &indptr, &indices[1..], n).unwrap_err();
        assert_eq!(
            short.to_string(),
            validate_csr(2, 50, &indptr, &indices[1..], n)
                .unwrap_err()
                .to_string()
        );
        assert!(validate_csr_parallel(3, 50, &indptr, &indices, n).is_err());
    }
}
