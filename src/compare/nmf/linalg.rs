//! Linear algebra of the initialisation: the sparse transpose, products with dense blocks,
//! Householder QR, a one-sided Jacobi SVD and scikit-learn's randomized SVD built on them.

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

/// The transpose of a dense row-major `rows × cols` matrix.
pub(super) fn transpose_dense(a: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut out = vec![0.0; a.len()];
    for r in 0..rows {
        for c in 0..cols {
            out[c * rows + r] = a[r * cols + c];
        }
    }
    out
}

/// Dot product with four partial sums (the reductions of the QR and SVD steps are long).
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
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

/// Orthonormal basis of the columns of `a` (column-major, `rows × cols`) by Householder QR:
/// column-major, `rows × min(rows, cols)`. Rank-deficient input still gives orthonormal
/// columns, which Gram-Schmidt would not.
pub(super) fn orthonormal_basis(mut a: Vec<f64>, rows: usize, cols: usize) -> (Vec<f64>, usize) {
    let rank = rows.min(cols);
    let mut reflectors: Vec<Vec<f64>> = Vec::with_capacity(rank);
    for j in 0..rank {
        let column = &a[j * rows..(j + 1) * rows];
        let x = &column[j..];
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
            let target = &mut a[c * rows + j..(c + 1) * rows];
            let dot = dot(&v, target);
            target
                .iter_mut()
                .zip(&v)
                .for_each(|(t, &e)| *t -= 2.0 * dot * e);
        }
        reflectors.push(v);
    }
    let mut q = vec![0.0; rows * rank];
    for c in 0..rank {
        q[c * rows + c] = 1.0;
    }
    for (j, v) in reflectors.iter().enumerate().rev() {
        for c in 0..rank {
            let target = &mut q[c * rows + j..(c + 1) * rows];
            let dot = dot(v, target);
            if dot != 0.0 {
                target
                    .iter_mut()
                    .zip(v)
                    .for_each(|(t, &e)| *t -= 2.0 * dot * e);
            }
        }
    }
    (q, rank)
}

/// Orthonormal basis of a row-major `rows × cols` matrix, returned row-major with its width.
pub(super) fn orthonormalize_rows(a: &[f64], rows: usize, cols: usize) -> (Vec<f64>, usize) {
    let (q, rank) = orthonormal_basis(transpose_dense(a, rows, cols), rows, cols);
    (transpose_dense(&q, rank, rows), rank)
}

/// Thin SVD of a tall column-major `rows × cols` matrix by one-sided (Hestenes) Jacobi:
/// `a = U · diag(s) · V^T`, singular values descending. Returns `(U column-major, s, V
/// column-major cols × cols)`. Accurate to working precision for the leading triplets.
pub(super) fn jacobi_svd(
    mut a: Vec<f64>,
    rows: usize,
    cols: usize,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; cols * cols];
    for c in 0..cols {
        v[c * cols + c] = 1.0;
    }
    // Columns count as orthogonal once their cosine is at rounding level for their length
    // (LAPACK's criterion), so the sweeps stop instead of chasing rounding noise.
    let tolerance = f64::EPSILON * rows.max(4) as f64;
    for _sweep in 0..80 {
        let mut rotated = false;
        for i in 0..cols {
            for j in i + 1..cols {
                let (left, right) = a.split_at_mut(j * rows);
                let ai = &mut left[i * rows..(i + 1) * rows];
                let aj = &mut right[..rows];
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
                for (p, q) in ai.iter_mut().zip(aj.iter_mut()) {
                    let (x, y) = (*p, *q);
                    *p = c * x - s * y;
                    *q = s * x + c * y;
                }
                let (left, right) = v.split_at_mut(j * cols);
                let vi = &mut left[i * cols..(i + 1) * cols];
                let vj = &mut right[..cols];
                for (p, q) in vi.iter_mut().zip(vj.iter_mut()) {
                    let (x, y) = (*p, *q);
                    *p = c * x - s * y;
                    *q = s * x + c * y;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<f64> = (0..cols)
        .map(|c| {
            a[c * rows..(c + 1) * rows]
                .iter()
                .map(|e| e * e)
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let mut order: Vec<usize> = (0..cols).collect();
    order.sort_by(|&p, &q| norms[q].total_cmp(&norms[p]).then(p.cmp(&q)));
    let mut u = vec![0.0; rows * cols];
    let mut sorted_v = vec![0.0; cols * cols];
    let mut s = Vec::with_capacity(cols);
    for (target, &source) in order.iter().enumerate() {
        let sigma = norms[source];
        s.push(sigma);
        if sigma > 0.0 {
            for r in 0..rows {
                u[target * rows + r] = a[source * rows + r] / sigma;
            }
        }
        sorted_v[target * cols..(target + 1) * cols]
            .copy_from_slice(&v[source * cols..(source + 1) * cols]);
    }
    (u, s, sorted_v)
}

/// Rank-`k` truncated SVD of `x` (with its transpose `xt`): `(U n×k row-major, s, V k×m
/// row-major)`, with scikit-learn's oversampling (10), power iterations (7, or 4 when k is at
/// least a tenth of the smaller dimension), transposition rule and Gaussian test matrix.
pub(super) fn randomized_svd(
    x: &CsrMatrix<f64>,
    xt: &CsrMatrix<f64>,
    k: usize,
    seed: u32,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (n, m) = (x.n_rows, x.n_cols);
    let size = k + 10;
    let power_iterations = if (k as f64) < 0.1 * n.min(m) as f64 {
        7
    } else {
        4
    };
    // scikit-learn factorises M = X^T when X is wide.
    let transposed = n < m;
    let (mat, mat_t) = if transposed { (xt, x) } else { (x, xt) };
    let (p, q) = (mat.n_rows, mat.n_cols);
    let mut random = LegacyRandom::new(seed);
    let mut basis: Vec<f64> = (0..q * size).map(|_| random.gauss()).collect();
    let mut width = size;
    // Subspace iteration with M^T M. scikit-learn normalises (by LU) after every product;
    // normalising after each M^T M step keeps the same span (normalisation never changes it)
    // and the QR on the smaller side only, which is where the basis lives.
    for _ in 0..power_iterations {
        let image = sparse_dense(mat, &basis, width);
        let (b, w) = orthonormalize_rows(&sparse_dense(mat_t, &image, width), q, width);
        basis = b;
        width = w;
    }
    let (basis, width) = orthonormalize_rows(&sparse_dense(mat, &basis, width), p, width);
    // B = Q^T M (width × q); its transpose M^T Q is tall, as one-sided Jacobi wants.
    let bt = sparse_dense(mat_t, &basis, width);
    let (u_jacobi, s, v_jacobi) = jacobi_svd(transpose_dense(&bt, q, width), q, width);
    // B = V_j · S · U_j^T, so the left factor of M is Q · V_j and the right one is U_j.
    let rank = k.min(width);
    let mut left = vec![0.0; p * k]; // M's left singular vectors, row-major p × k
    for r in 0..p {
        let row = &basis[r * width..(r + 1) * width];
        for c in 0..rank {
            let vc = &v_jacobi[c * width..(c + 1) * width];
            left[r * k + c] = row.iter().zip(vc).map(|(a, b)| a * b).sum();
        }
    }
    let mut right = vec![0.0; q * k]; // M's right singular vectors, row-major q × k
    for r in 0..q {
        for c in 0..rank {
            right[r * k + c] = u_jacobi[c * q + r];
        }
    }
    let mut sigma = s;
    sigma.resize(k, 0.0);
    if transposed {
        // X = M^T: U = right (n × k), V = left^T (k × m).
        (right, sigma[..k].to_vec(), transpose_dense(&left, p, k))
    } else {
        (left, sigma[..k].to_vec(), transpose_dense(&right, q, k))
    }
}
