//! Linear algebra of the initialisation: the sparse transpose, products with dense blocks,
//! Householder QR, a one-sided Jacobi SVD and scikit-learn's randomized SVD built on them.
//!
//! The QR and the SVD only ever see tall matrices `k + 10` columns wide, so they are
//! written here rather than taken from faer: faer (without default features) gave the same
//! factorisations to rounding, but it doubled the CPU time of a clean `cargo build --release`
//! (55 s to 110 s on 2 cores) and added 40-55% to the extension's release build.

use ndarray::{s, Array1, Array2, ArrayView2, ShapeBuilder, Zip};

use super::kernels::sparse_dense;
use super::random::LegacyRandom;
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

/// Dot product with four partial sums (the reductions of the QR and SVD steps are long).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0f64; 4];
    let mut a_quads = a.chunks_exact(4);
    let mut b_quads = b.chunks_exact(4);
    for (p, q) in a_quads.by_ref().zip(b_quads.by_ref()) {
        for lane in 0..4 {
            sums[lane] += p[lane] * q[lane];
        }
    }
    let tail: f64 = a_quads
        .remainder()
        .iter()
        .zip(b_quads.remainder())
        .map(|(p, q)| p * q)
        .sum();
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

// ---------------------------------------------------------------------------------------------
// Randomized SVD (Halko, Martinsson & Tropp), as scikit-learn's `_randomized_svd` arranges it
//
// The QR and the SVD work column by column, so their matrices are in column-major (Fortran)
// layout, where each column is one contiguous slice for the long reductions.

/// A column-major copy of `a`: the working matrix of the QR and SVD steps.
fn column_major(a: ArrayView2<'_, f64>) -> Array2<f64> {
    let mut copy = Array2::zeros(a.raw_dim().f());
    copy.assign(&a);
    copy
}

/// Column `c` of a column-major matrix, as the contiguous slice it is.
fn column(a: &Array2<f64>, c: usize) -> &[f64] {
    a.column(c)
        .to_slice()
        .expect("the QR and SVD matrices are column-major")
}

/// [`column`], to be written.
fn column_mut(a: &mut Array2<f64>, c: usize) -> &mut [f64] {
    a.column_mut(c)
        .into_slice()
        .expect("the QR and SVD matrices are column-major")
}

/// Columns `i < j` of a column-major matrix, both writable at once (a Jacobi rotation).
fn column_pair(a: &mut Array2<f64>, i: usize, j: usize) -> (&mut [f64], &mut [f64]) {
    let (first, second) = a.multi_slice_mut((s![.., i], s![.., j]));
    let contiguous = "the QR and SVD matrices are column-major";
    (
        first.into_slice().expect(contiguous),
        second.into_slice().expect(contiguous),
    )
}

/// Orthonormal basis of the columns of `a` (`rows × cols`) by Householder QR: `rows ×
/// min(rows, cols)`, column-major. Rank-deficient input still gives orthonormal columns,
/// which Gram-Schmidt would not.
pub(super) fn orthonormal_basis(a: ArrayView2<'_, f64>) -> Array2<f64> {
    let (rows, cols) = a.dim();
    let rank = rows.min(cols);
    let mut a = column_major(a);
    // The reflectors shorten by one element per step, so they are kept apart, not as a matrix.
    let mut reflectors: Vec<Vec<f64>> = Vec::with_capacity(rank);
    for j in 0..rank {
        let x = &column(&a, j)[j..];
        let norm = dot(x, x).sqrt();
        let mut v = x.to_vec();
        if norm > 0.0 {
            let alpha = if x[0] >= 0.0 { -norm } else { norm };
            v[0] -= alpha;
        }
        let v_norm = dot(&v, &v).sqrt();
        if v_norm > 0.0 {
            v.iter_mut().for_each(|e| *e /= v_norm);
        }
        for c in j..cols {
            reflect(&v, &mut column_mut(&mut a, c)[j..]);
        }
        reflectors.push(v);
    }
    // Q = H_0 · H_1 ⋯ applied to the first `rank` columns of the identity, last reflector first.
    let mut q = Array2::zeros((rows, rank).f());
    q.diag_mut().fill(1.0);
    for (j, v) in reflectors.iter().enumerate().rev() {
        for c in 0..rank {
            reflect(v, &mut column_mut(&mut q, c)[j..]);
        }
    }
    q
}

/// Applies the Householder reflection `I - 2 v v^T` (unit `v`) to `target`.
fn reflect(v: &[f64], target: &mut [f64]) {
    let dot = dot(v, target);
    if dot != 0.0 {
        target
            .iter_mut()
            .zip(v)
            .for_each(|(t, &e)| *t -= 2.0 * dot * e);
    }
}

/// Thin SVD of a tall `rows × cols` matrix by one-sided (Hestenes) Jacobi: `a = U · diag(s) ·
/// V^T`, singular values descending. Returns `(U rows × cols, s, V cols × cols)`, both
/// column-major. Accurate to working precision for the leading triplets.
pub(super) fn jacobi_svd(a: ArrayView2<'_, f64>) -> (Array2<f64>, Array1<f64>, Array2<f64>) {
    let (rows, cols) = a.dim();
    let mut a = column_major(a);
    let mut v = Array2::zeros((cols, cols).f());
    v.diag_mut().fill(1.0);
    // Columns count as orthogonal once their cosine is at rounding level for their length
    // (LAPACK's criterion), so the sweeps stop instead of chasing rounding noise.
    let tolerance = f64::EPSILON * rows.max(4) as f64;
    for _sweep in 0..80 {
        let mut rotated = false;
        for i in 0..cols {
            for j in i + 1..cols {
                let (ai, aj) = column_pair(&mut a, i, j);
                let mut alpha = 0.0;
                let mut beta = 0.0;
                let mut gamma = 0.0;
                for (&p, &q) in ai.iter().zip(aj.iter()) {
                    alpha += p * p;
                    beta += q * q;
                    gamma += p * q;
                }
                if gamma == 0.0 || gamma.abs() <= tolerance * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                rotate(ai, aj, c, s);
                let (vi, vj) = column_pair(&mut v, i, j);
                rotate(vi, vj, c, s);
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<f64> = (0..cols)
        .map(|c| column(&a, c).iter().map(|e| e * e).sum::<f64>().sqrt())
        .collect();
    let mut order: Vec<usize> = (0..cols).collect();
    order.sort_by(|&p, &q| norms[q].total_cmp(&norms[p]).then(p.cmp(&q)));
    let mut u = Array2::zeros((rows, cols).f());
    let mut sorted_v = Array2::zeros((cols, cols).f());
    for (target, &source) in order.iter().enumerate() {
        let sigma = norms[source];
        if sigma > 0.0 {
            Zip::from(u.column_mut(target))
                .and(a.column(source))
                .for_each(|u, &a| *u = a / sigma);
        }
        sorted_v.column_mut(target).assign(&v.column(source));
    }
    let s = order.iter().map(|&source| norms[source]).collect();
    (u, s, sorted_v)
}

/// The plane rotation `(x, y) ← (c x - s y, s x + c y)` of two columns, element by element.
fn rotate(x: &mut [f64], y: &mut [f64], c: f64, s: f64) {
    for (p, q) in x.iter_mut().zip(y.iter_mut()) {
        let (x, y) = (*p, *q);
        *p = c * x - s * y;
        *q = s * x + c * y;
    }
}

/// Rank-`k` truncated SVD of `x` (with its transpose `xt`): `(U n×k, s, V k×m)`, with
/// scikit-learn's oversampling (10), power iterations (7, or 4 when k is at least a tenth of
/// the smaller dimension), transposition rule and Gaussian test matrix.
pub(super) fn randomized_svd(
    x: &CsrMatrix<f64>,
    xt: &CsrMatrix<f64>,
    k: usize,
    seed: u32,
) -> (Array2<f64>, Array1<f64>, Array2<f64>) {
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
    // and the QR on the smaller side only, which is where the basis lives.
    for _ in 0..power_iterations {
        let image = sparse_dense(mat, basis.view());
        basis = orthonormal_basis(sparse_dense(mat_t, image.view()).view());
    }
    let basis = orthonormal_basis(sparse_dense(mat, basis.view()).view());
    let width = basis.ncols();
    // B = Q^T M (width × q); its transpose M^T Q is tall, as one-sided Jacobi wants.
    let bt = sparse_dense(mat_t, basis.view());
    let (u_jacobi, s, v_jacobi) = jacobi_svd(bt.view());
    // B = V_j · S · U_j^T, so the left factor of M is Q · V_j and the right one is U_j.
    let rank = k.min(width);
    let mut left = Array2::zeros((basis.nrows(), k)); // M's left singular vectors
    for (row, mut target) in basis.rows().into_iter().zip(left.rows_mut()) {
        for c in 0..rank {
            target[c] = row.iter().zip(v_jacobi.column(c)).map(|(a, b)| a * b).sum();
        }
    }
    let mut right = Array2::zeros((q, k)); // M's right singular vectors
    right
        .slice_mut(s![.., ..rank])
        .assign(&u_jacobi.slice(s![.., ..rank]));
    let mut sigma = Array1::zeros(k);
    sigma.slice_mut(s![..rank]).assign(&s.slice(s![..rank]));
    if wide {
        // X = M^T: U = right (n × k), V = left^T (k × m).
        (right, sigma, transposed(left))
    } else {
        (left, sigma, transposed(right))
    }
}

/// The transpose of `a` in standard layout (the kernels read matrices row by row).
pub(super) fn transposed(a: Array2<f64>) -> Array2<f64> {
    a.reversed_axes().as_standard_layout().into_owned()
}
