//! Linear algebra of the initialisation: the sparse transpose, products with dense blocks,
//! and scikit-learn's randomized SVD, whose QR and small dense SVD are faer's.

use faer::{Mat, MatRef};
use ndarray::{s, Array1, Array2, ArrayView2};

use super::kernels::sparse_dense;
use super::random::LegacyRandom;
use crate::error::{Error, Result};
use crate::vectorize::csr::CsrMatrix;

/// The transpose as another CSR matrix (rows of the result in ascending order within each
/// row), built once so that products with X^T are row gathers like products with X.
pub(super) fn transpose(x: &CsrMatrix<f64>) -> CsrMatrix<f64> {
    let mut indptr = vec![0i64; x.n_cols + 1];
    for &column in &x.indices {
        indptr[column as usize + 1] += 1;
    }
    for column in 0..x.n_cols {
        indptr[column + 1] += indptr[column];
    }
    let mut next: Vec<usize> = indptr[..x.n_cols].iter().map(|&p| p as usize).collect();
    let mut indices = vec![0i32; x.nnz()];
    let mut data = vec![0.0; x.nnz()];
    for row in 0..x.n_rows {
        let (columns, values) = x.row(row);
        for (&column, &value) in columns.iter().zip(values) {
            let slot = &mut next[column as usize];
            indices[*slot] = row as i32;
            data[*slot] = value;
            *slot += 1;
        }
    }
    CsrMatrix {
        n_rows: x.n_cols,
        n_cols: x.n_rows,
        indptr,
        indices,
        data,
    }
}

/// An orthonormal basis of the columns of `a` (`rows × cols`): `rows × min(rows, cols)`,
/// the thin Q of faer's Householder QR. Rank-deficient input still gives orthonormal
/// columns, which Gram-Schmidt would not.
pub(super) fn orthonormalize(a: ArrayView2<'_, f64>) -> Array2<f64> {
    to_ndarray(to_faer(a).qr().compute_thin_Q().as_ref())
}

/// The thin SVD `a = U · diag(s) · V^T` of `a` (`rows × cols`) by faer, singular values
/// descending: `(U rows × r, s, V cols × r)` with `r = min(rows, cols)`.
pub(super) fn thin_svd(a: ArrayView2<'_, f64>) -> Result<(Array2<f64>, Array1<f64>, Array2<f64>)> {
    let svd = to_faer(a).thin_svd().map_err(|_| {
        Error::parameter(
            "X",
            "the truncated SVD that NNDSVD starts from did not converge; use init='random'",
        )
    })?;
    let s = svd.S().column_vector();
    let s = Array1::from_shape_fn(s.nrows(), |i| s[i]);
    Ok((to_ndarray(svd.U()), s, to_ndarray(svd.V())))
}

/// `a` as a faer matrix (a copy: faer keeps its own column-major storage).
fn to_faer(a: ArrayView2<'_, f64>) -> Mat<f64> {
    Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[[i, j]])
}

/// A faer matrix as an ndarray one in standard layout.
fn to_ndarray(a: MatRef<'_, f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), a.ncols()), |(i, j)| a[(i, j)])
}

/// Rank-`k` truncated SVD of `x` (with its transpose `xt`): `(U n×k, s, V k×m)`, with
/// scikit-learn's oversampling (10), power iterations (7, or 4 when k is at least a tenth of
/// the smaller dimension), transposition rule and Gaussian test matrix. Fails only if the
/// small dense SVD does not converge.
pub(super) fn randomized_svd(
    x: &CsrMatrix<f64>,
    xt: &CsrMatrix<f64>,
    k: usize,
    seed: u32,
) -> Result<(Array2<f64>, Array1<f64>, Array2<f64>)> {
    let (n, m) = (x.n_rows, x.n_cols);
    let size = k + 10;
    let power_iterations = if (k as f64) < 0.1 * n.min(m) as f64 {
        7
    } else {
        4
    };
    // scikit-learn factorises M = X^T when X is wide.
    let wide = n < m;
    let (mat, mat_t) = if wide { (xt, x) } else { (x, xt) };
    let q = mat.n_cols;
    let mut random = LegacyRandom::new(seed);
    // numpy fills the q × size test matrix in C order.
    let mut basis = Array2::zeros((q, size));
    basis.iter_mut().for_each(|e| *e = random.gauss());
    // Subspace iteration with M^T M. scikit-learn normalises (by LU) after every product;
    // normalising after each M^T M step keeps the same span (normalisation never changes it)
    // and the QR on the smaller side only, which is where the basis lives. Householder QR
    // where scikit-learn uses LU: both span the same subspace, so NNDSVD starts from the
    // same factors up to rounding.
    for _ in 0..power_iterations {
        let image = sparse_dense(mat, basis.view());
        basis = orthonormalize(sparse_dense(mat_t, image.view()).view());
    }
    let basis = orthonormalize(sparse_dense(mat, basis.view()).view());
    // B = Q^T M (width × q); the SVD of its transpose M^T Q = U_b · S · V_b^T gives
    // M ≈ Q B = (Q · V_b) · S · U_b^T. Only the pairs (left, right) matter to NNDSVD, which
    // is blind to a sign flip of both, so faer's sign convention needs no svd_flip.
    let bt = sparse_dense(mat_t, basis.view());
    let (u_b, singular, v_b) = thin_svd(bt.view())?;
    let rank = k.min(singular.len());
    let mut left = Array2::zeros((basis.nrows(), k)); // M's left singular vectors
    left.slice_mut(s![.., ..rank])
        .assign(&basis.dot(&v_b.slice(s![.., ..rank])));
    let mut right = Array2::zeros((q, k)); // M's right singular vectors
    right
        .slice_mut(s![.., ..rank])
        .assign(&u_b.slice(s![.., ..rank]));
    let mut sigma = Array1::zeros(k);
    sigma
        .slice_mut(s![..rank])
        .assign(&singular.slice(s![..rank]));
    Ok(if wide {
        // X = M^T: U = right (n × k), V = left^T (k × m).
        (right, sigma, transposed(left))
    } else {
        (left, sigma, transposed(right))
    })
}

/// The transpose of `a` in standard layout (the kernels read matrices row by row).
pub(super) fn transposed(a: Array2<f64>) -> Array2<f64> {
    a.reversed_axes().as_standard_layout().into_owned()
}
