//! Non-negative matrix factorisation X ≈ W·H of a sparse non-negative matrix, reproducing
//! scikit-learn 1.9's `NMF(solver="cd", beta_loss="frobenius")` step for step.
//!
//! References (scikit-learn 1.9.1, `sklearn/decomposition/_nmf.py` and `_cdnmf_fast.pyx`):
//! `_initialize_nmf` (NNDSVD and its variants, random), `_fit_coordinate_descent` with
//! `shuffle=False` (W then H, each a Gram matrix, a sparse product and one cyclic sweep over
//! the coordinates), the stopping rule `violation / violation_init <= tol`, and
//! `_beta_divergence(..., square_root=True)` for the reconstruction error.
//!
//! Randomness is numpy's legacy `RandomState` (MT19937 with the polar Gaussian), seeded the way
//! `check_random_state(int)` seeds it, so random initialisations and the Gaussian test matrix of
//! the randomized SVD are the very numbers scikit-learn draws. The range finder orthonormalises
//! with Householder QR where scikit-learn uses LU: both span the same subspace, so NNDSVD starts
//! from the same factors up to rounding.
//!
//! Why it is faster than scikit-learn: the transpose of X is built once (scikit-learn takes
//! `X.T` and multiplies through the CSC layout on every iteration), each row's sparse product
//! is fused with its coordinate sweep (rows are independent in the sweep, so the product never
//! goes to memory), the number of components is a compile-time constant for the common sizes,
//! and rows are processed in parallel. All reductions use fixed chunks merged in order, so
//! results are identical for any number of threads.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::vectorize::csr::CsrMatrix;

/// How W and H are initialised (scikit-learn's `init`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NmfInit {
    /// `abs(N(0, 1)) * sqrt(X.mean() / n_components)`.
    Random,
    /// Nonnegative Double SVD (Boutsidis & Gallopoulos 2008): sparse starting factors.
    Nndsvd,
    /// NNDSVD with zeros replaced by the mean of X.
    Nndsvda,
    /// NNDSVD with zeros replaced by small random values (mean of X / 100 scale).
    Nndsvdar,
}

impl NmfInit {
    /// Parses scikit-learn's name of an initialisation.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "random" => Ok(NmfInit::Random),
            "nndsvd" => Ok(NmfInit::Nndsvd),
            "nndsvda" => Ok(NmfInit::Nndsvda),
            "nndsvdar" => Ok(NmfInit::Nndsvdar),
            other => Err(Error::parameter(
                "init",
                format!("{other:?}; expected 'random', 'nndsvd', 'nndsvda' or 'nndsvdar'"),
            )),
        }
    }
}

/// Parameters of [`nmf`], named as in scikit-learn.
#[derive(Debug, Clone, PartialEq)]
pub struct NmfOptions {
    /// Rank of the factorisation (k).
    pub n_components: usize,
    /// Initialisation method.
    pub init: NmfInit,
    /// Maximum number of coordinate-descent iterations (each updates W, then H).
    pub max_iter: usize,
    /// Stop when the projected-gradient violation falls to `tol` times its first value.
    pub tol: f64,
    /// Seed of numpy's `RandomState` (0 ..= 2**32 - 1), as `random_state=seed`.
    pub seed: u64,
}

/// The factors and how the fit went.
#[derive(Debug, Clone, PartialEq)]
pub struct NmfResult {
    /// n_rows × n_components, row-major (the document-topic weights).
    pub w: Vec<f64>,
    /// n_components × n_cols, row-major (the topic-term weights).
    pub h: Vec<f64>,
    /// Iterations run (scikit-learn's `n_iter_`).
    pub n_iter: usize,
    /// Frobenius norm of X - W·H (scikit-learn's `reconstruction_err_`).
    pub reconstruction_err: f64,
}

/// Factorises the non-negative sparse matrix `x` as scikit-learn's coordinate-descent NMF does.
///
/// Runs on the current rayon pool; the result does not depend on its size.
pub fn nmf(x: &CsrMatrix<f64>, options: &NmfOptions) -> Result<NmfResult> {
    validate(x, options)?;
    let k = options.n_components;
    let seed = options.seed as u32;
    let xt = transpose(x);
    let (w, ht) = initialize(x, &xt, k, options.init, seed);
    // The sweeps run on factors padded with zero columns to a width the kernels handle well.
    // A zero column stays zero (its Hessian is zero, so it is never updated) and adds
    // nothing to products, gradients or the violation: the result is the same as unpadded.
    let kp = padded_width(k);
    let mut w = pad_columns(&w, k, kp);
    let mut ht = pad_columns(&ht, k, kp);
    let mut violation_init = 0.0;
    let mut n_iter = 0;
    for iteration in 1..=options.max_iter {
        n_iter = iteration;
        let mut violation = update_factor(x, &mut w, &ht, kp);
        violation += update_factor(&xt, &mut ht, &w, kp);
        if iteration == 1 {
            violation_init = violation;
        }
        if violation_init == 0.0 {
            break;
        }
        if violation / violation_init <= options.tol {
            break;
        }
    }
    let w = pad_columns(&w, kp, k);
    let ht = pad_columns(&ht, kp, k);
    let reconstruction_err = frobenius_error(x, &w, &ht, k);
    Ok(NmfResult {
        w,
        h: transpose_dense(&ht, x.n_cols, k),
        n_iter,
        reconstruction_err,
    })
}

/// The width the coordinate-descent kernels run at for `k` components: up to 10 as it is,
/// wider rounded up to a multiple of 4 (of 8 from 33 to 64), so that each row of the factors
/// is a whole number of 4-wide vectors and the products run without a scalar tail, and the
/// common widths get kernels compiled for them; 11 to 16 run at 16 (measured with
/// `examples/nmf_raw.rs` on a 3000 × 25,486 TF-IDF matrix: LLVM compiles width 12 to scalar
/// code and shuffles, and it runs no faster than 16; compiled widths 40 to 64 run 10-15%
/// faster than run-time ones). The zero columns cost little: their coordinates are skipped
/// (zero Hessian) and only the k × k terms grow.
fn padded_width(k: usize) -> usize {
    match k {
        0..=10 => k,
        11..=16 => 16,
        17..=32 => k.div_ceil(4) * 4,
        33..=64 => k.div_ceil(8) * 8,
        _ => k.div_ceil(4) * 4,
    }
}

/// Copies a row-major matrix of width `from` into width `to`, dropping or zero-filling the
/// columns past the narrower of the two.
fn pad_columns(a: &[f64], from: usize, to: usize) -> Vec<f64> {
    if from == to {
        return a.to_vec();
    }
    let rows = a.len() / from;
    let keep = from.min(to);
    let mut out = vec![0.0; rows * to];
    for (source, target) in a.chunks_exact(from).zip(out.chunks_exact_mut(to)) {
        target[..keep].copy_from_slice(&source[..keep]);
    }
    out
}

fn validate(x: &CsrMatrix<f64>, options: &NmfOptions) -> Result<()> {
    let k = options.n_components;
    if k == 0 {
        return Err(Error::parameter("n_components", "must be at least 1"));
    }
    if x.n_rows == 0 || x.n_cols == 0 {
        return Err(Error::parameter(
            "X",
            format!(
                "the matrix has shape ({}, {}); NMF needs at least one row and one column",
                x.n_rows, x.n_cols
            ),
        ));
    }
    if options.init != NmfInit::Random && k > x.n_rows.min(x.n_cols) {
        return Err(Error::parameter(
            "n_components",
            format!(
                "{k} is more than min(n_samples, n_features) = {}, which NNDSVD initialisations \
                 cannot give; use init='random'",
                x.n_rows.min(x.n_cols)
            ),
        ));
    }
    if options.max_iter == 0 {
        return Err(Error::parameter("max_iter", "must be at least 1"));
    }
    if options.tol.is_nan() || options.tol < 0.0 {
        return Err(Error::parameter(
            "tol",
            format!("{}; must be a non-negative number", options.tol),
        ));
    }
    if options.seed > u32::MAX as u64 {
        return Err(Error::parameter(
            "random_state",
            format!("{}; must be between 0 and 2**32 - 1", options.seed),
        ));
    }
    if x.n_rows > i32::MAX as usize {
        return Err(Error::parameter("X", "more than 2**31 - 1 rows"));
    }
    if let Some(bad) = x.data.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
        return Err(Error::parameter(
            "X",
            format!("NMF needs finite non-negative values; found {bad}"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// numpy's legacy RandomState

/// numpy's `RandomState(seed)`: MT19937 seeded with `init_genrand`, doubles from two 32-bit
/// draws, and the polar Box-Muller Gaussian that caches its second value.
struct LegacyRandom {
    state: [u32; 624],
    position: usize,
    cached_gauss: Option<f64>,
}

impl LegacyRandom {
    fn new(seed: u32) -> Self {
        let mut state = [0u32; 624];
        state[0] = seed;
        for i in 1..624 {
            let previous = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(previous ^ (previous >> 30))
                .wrapping_add(i as u32);
        }
        LegacyRandom {
            state,
            position: 624,
            cached_gauss: None,
        }
    }

    fn next_u32(&mut self) -> u32 {
        if self.position >= 624 {
            for i in 0..624 {
                let y = (self.state[i] & 0x8000_0000) | (self.state[(i + 1) % 624] & 0x7fff_ffff);
                let mut next = self.state[(i + 397) % 624] ^ (y >> 1);
                if y & 1 == 1 {
                    next ^= 0x9908_b0df;
                }
                self.state[i] = next;
            }
            self.position = 0;
        }
        let mut y = self.state[self.position];
        self.position += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn next_double(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `RandomState.standard_normal()` (and `normal()`, which is `0 + 1 * gauss`).
    fn gauss(&mut self) -> f64 {
        if let Some(value) = self.cached_gauss.take() {
            return value;
        }
        loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.cached_gauss = Some(f * x1);
                return f * x2;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Kernel specialisation

/// The number of components, either a compile-time constant (so the loops over components
/// unroll, and the row's products stay in registers) or a run-time value for unusual sizes.
trait Width: Copy + Send + Sync {
    /// Scratch space for one row's products: a stack array when the width is fixed.
    type Buffer: AsMut<[f64]>;
    fn get(self) -> usize;
    fn buffer(self) -> Self::Buffer;
}

#[derive(Clone, Copy)]
struct Fixed<const K: usize>;

impl<const K: usize> Width for Fixed<K> {
    type Buffer = [f64; K];
    #[inline(always)]
    fn get(self) -> usize {
        K
    }
    #[inline(always)]
    fn buffer(self) -> [f64; K] {
        [0.0; K]
    }
}

#[derive(Clone, Copy)]
struct Dynamic(usize);

impl Width for Dynamic {
    type Buffer = DynamicBuffer;
    #[inline(always)]
    fn get(self) -> usize {
        self.0
    }
    #[inline(always)]
    fn buffer(self) -> DynamicBuffer {
        if self.0 <= INLINE_WIDTH {
            DynamicBuffer::Inline([0.0; INLINE_WIDTH])
        } else {
            DynamicBuffer::Heap(vec![0.0; self.0])
        }
    }
}

/// Widths up to this use stack scratch space even when not fixed at compile time, so that
/// per-row scratch never touches the allocator.
const INLINE_WIDTH: usize = 64;

/// Scratch space of a run-time width.
// The inline variant is large on purpose: it lives on the stack for the span of one row.
#[allow(clippy::large_enum_variant)]
enum DynamicBuffer {
    Inline([f64; INLINE_WIDTH]),
    Heap(Vec<f64>),
}

impl AsMut<[f64]> for DynamicBuffer {
    #[inline(always)]
    fn as_mut(&mut self) -> &mut [f64] {
        match self {
            DynamicBuffer::Inline(values) => values,
            DynamicBuffer::Heap(values) => values,
        }
    }
}

/// `a * b + c`, rounded twice (portable) or once (with the FMA instruction, when the CPU has
/// it). Which one is used depends only on the CPU, never on the thread count.
trait MulAdd: Copy + Send + Sync {
    fn mul_add(a: f64, b: f64, c: f64) -> f64;
}

#[derive(Clone, Copy)]
struct Separate;

impl MulAdd for Separate {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a * b + c
    }
}

#[derive(Clone, Copy)]
struct Fused;

impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }
}

/// Whether the AVX2 + FMA versions of the kernels can run on this CPU.
fn has_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Generates a kernel twice: portable, and compiled for AVX2 + FMA (selected at run time).
macro_rules! multiversion {
    ($portable:ident, $fast:ident, $generic:ident, <$($g:ident: $bound:path),*>, ($($arg:ident: $ty:ty),*)) => {
        #[inline(never)]
        fn $portable<$($g: $bound),*>($($arg: $ty),*) {
            $generic::<$($g,)* Separate>($($arg),*)
        }

        /// # Safety
        /// The CPU must support AVX2 and FMA ([`has_fma`]).
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        unsafe fn $fast<$($g: $bound),*>($($arg: $ty),*) {
            $generic::<$($g,)* Fused>($($arg),*)
        }
    };
    ($portable:ident, $fast:ident, $generic:ident, <$($g:ident: $bound:path),*>, ($($arg:ident: $ty:ty),*) -> $ret:ty) => {
        #[inline(never)]
        fn $portable<$($g: $bound),*>($($arg: $ty),*) -> $ret {
            $generic::<$($g,)* Separate>($($arg),*)
        }

        /// # Safety
        /// The CPU must support AVX2 and FMA ([`has_fma`]).
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        unsafe fn $fast<$($g: $bound),*>($($arg: $ty),*) -> $ret {
            $generic::<$($g,)* Fused>($($arg),*)
        }
    };
}

/// Calls the AVX2 + FMA version of a kernel when `fast`, the portable one otherwise.
macro_rules! call_kernel {
    ($fast_flag:expr, $portable:ident, $fast:ident, <$($g:ty),*>, ($($arg:expr),*)) => {{
        #[cfg(target_arch = "x86_64")]
        {
            if $fast_flag {
                // SAFETY: `$fast_flag` is `has_fma()`, checked on this CPU.
                unsafe { $fast::<$($g),*>($($arg),*) }
            } else {
                $portable::<$($g),*>($($arg),*)
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = $fast_flag;
            $portable::<$($g),*>($($arg),*)
        }
    }};
}

// ---------------------------------------------------------------------------------------------
// Sparse and dense building blocks

/// Rows per unit of parallel work (fixed, so reductions do not depend on the thread count).
const ROWS_PER_CHUNK: usize = 256;

/// The transpose as another CSR matrix (rows of the result in ascending order within each
/// row), built once so that products with X^T are row gathers like products with X.
fn transpose(x: &CsrMatrix<f64>) -> CsrMatrix<f64> {
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
fn transpose_dense(a: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut out = vec![0.0; a.len()];
    for r in 0..rows {
        for c in 0..cols {
            out[c * rows + r] = a[r * cols + c];
        }
    }
    out
}

/// `x @ d` for a dense row-major `d` of width `width`: row-major `x.n_rows × width`.
fn sparse_dense(x: &CsrMatrix<f64>, d: &[f64], width: usize) -> Vec<f64> {
    let fma = has_fma();
    macro_rules! dispatch {
        ($($fixed:literal)*) => {
            match width {
                $($fixed => sparse_dense_with(x, d, Fixed::<$fixed>, fma),)*
                _ => sparse_dense_with(x, d, Dynamic(width), fma),
            }
        };
    }
    // scikit-learn's oversampling makes the width n_components + 10.
    dispatch!(11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26)
}

fn sparse_dense_with<K: Width>(x: &CsrMatrix<f64>, d: &[f64], width: K, fma: bool) -> Vec<f64> {
    let k = width.get();
    let mut out = vec![0.0; x.n_rows * k];
    out.par_chunks_mut(ROWS_PER_CHUNK * k)
        .enumerate()
        .for_each(|(chunk, block)| {
            let first = chunk * ROWS_PER_CHUNK;
            call_kernel!(fma, product_block, product_block_fma, <K>, (x, first, block, d, width));
        });
    out
}

/// Rows `first..` of `x @ d` into `block`.
#[inline(always)]
fn product_block_generic<K: Width, M: MulAdd>(
    x: &CsrMatrix<f64>,
    first: usize,
    block: &mut [f64],
    d: &[f64],
    width: K,
) {
    for (offset, y) in block.chunks_exact_mut(width.get()).enumerate() {
        let (columns, values) = x.row(first + offset);
        row_product::<K, M>(columns, values, d, y, width);
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

/// Orthonormal basis of the columns of `a` (column-major, `rows × cols`) by Householder QR:
/// column-major, `rows × min(rows, cols)`. Rank-deficient input still gives orthonormal
/// columns, which Gram-Schmidt would not.
fn orthonormal_basis(mut a: Vec<f64>, rows: usize, cols: usize) -> (Vec<f64>, usize) {
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
fn orthonormalize_rows(a: &[f64], rows: usize, cols: usize) -> (Vec<f64>, usize) {
    let (q, rank) = orthonormal_basis(transpose_dense(a, rows, cols), rows, cols);
    (transpose_dense(&q, rank, rows), rank)
}

/// Thin SVD of a tall column-major `rows × cols` matrix by one-sided (Hestenes) Jacobi:
/// `a = U · diag(s) · V^T`, singular values descending. Returns `(U column-major, s, V
/// column-major cols × cols)`. Accurate to working precision for the leading triplets.
fn jacobi_svd(mut a: Vec<f64>, rows: usize, cols: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
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
fn randomized_svd(
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

// ---------------------------------------------------------------------------------------------
// Initialisation

/// `_initialize_nmf`: returns `(W n×k, Ht m×k)`, both row-major.
fn initialize(
    x: &CsrMatrix<f64>,
    xt: &CsrMatrix<f64>,
    k: usize,
    init: NmfInit,
    seed: u32,
) -> (Vec<f64>, Vec<f64>) {
    let (n, m) = (x.n_rows, x.n_cols);
    let mean = x.data.iter().sum::<f64>() / (n as f64 * m as f64);
    if init == NmfInit::Random {
        let avg = (mean / k as f64).sqrt();
        let mut random = LegacyRandom::new(seed);
        let h: Vec<f64> = (0..k * m).map(|_| (avg * random.gauss()).abs()).collect();
        let w: Vec<f64> = (0..n * k).map(|_| (avg * random.gauss()).abs()).collect();
        return (w, transpose_dense(&h, k, m));
    }
    let (u, s, v) = randomized_svd(x, xt, k, seed);
    let mut w = vec![0.0; n * k];
    let mut h = vec![0.0; k * m];
    let norm = |values: &mut dyn Iterator<Item = f64>| values.map(|e| e * e).sum::<f64>().sqrt();
    for i in 0..n {
        w[i * k] = s[0].sqrt() * u[i * k].abs();
    }
    for j in 0..m {
        h[j] = s[0].sqrt() * v[j].abs();
    }
    for c in 1..k {
        let u_ref = &u;
        let x_col = || (0..n).map(move |i| u_ref[i * k + c]);
        let y_row = &v[c * m..(c + 1) * m];
        let x_p_nrm = norm(&mut x_col().map(|e| e.max(0.0)));
        let x_n_nrm = norm(&mut x_col().map(|e| e.min(0.0).abs()));
        let y_p_nrm = norm(&mut y_row.iter().map(|e| e.max(0.0)));
        let y_n_nrm = norm(&mut y_row.iter().map(|e| e.min(0.0).abs()));
        let (m_p, m_n) = (x_p_nrm * y_p_nrm, x_n_nrm * y_n_nrm);
        let positive = m_p > m_n;
        let (x_nrm, y_nrm, sigma) = if positive {
            (x_p_nrm, y_p_nrm, m_p)
        } else {
            (x_n_nrm, y_n_nrm, m_n)
        };
        let part = |e: f64| {
            if positive {
                e.max(0.0)
            } else {
                e.min(0.0).abs()
            }
        };
        let lbd = (s[c] * sigma).sqrt();
        // A zero part (possible only when X has rank below k) stays zero instead of NaN.
        if x_nrm > 0.0 && y_nrm > 0.0 {
            for i in 0..n {
                w[i * k + c] = lbd * (part(u[i * k + c]) / x_nrm);
            }
            for j in 0..m {
                h[c * m + j] = lbd * (part(y_row[j]) / y_nrm);
            }
        }
    }
    const EPS: f64 = 1e-6;
    for e in w.iter_mut().chain(h.iter_mut()) {
        if *e < EPS {
            *e = 0.0;
        }
    }
    match init {
        NmfInit::Nndsvda => {
            for e in w.iter_mut().chain(h.iter_mut()) {
                if *e == 0.0 {
                    *e = mean;
                }
            }
        }
        NmfInit::Nndsvdar => {
            // numpy fills W's zeros (in C order) and then H's from one fresh RandomState.
            let mut random = LegacyRandom::new(seed);
            for e in w.iter_mut().chain(h.iter_mut()) {
                if *e == 0.0 {
                    *e = (mean * random.gauss() / 100.0).abs();
                }
            }
        }
        NmfInit::Nndsvd | NmfInit::Random => {}
    }
    (w, transpose_dense(&h, k, m))
}

// ---------------------------------------------------------------------------------------------
// Coordinate descent

/// `a^T a` for a row-major `a` of width `k`, reduced over fixed row chunks in order.
fn gram<K: Width>(a: &[f64], width: K, fma: bool) -> Vec<f64> {
    let k = width.get();
    let partials: Vec<Vec<f64>> = a
        .par_chunks(ROWS_PER_CHUNK * 16 * k)
        .map(|block| call_kernel!(fma, gram_block, gram_block_fma, <K>, (block, width)))
        .collect();
    let mut g = vec![0.0; k * k];
    for partial in partials {
        for (total, value) in g.iter_mut().zip(partial) {
            *total += value;
        }
    }
    // Both triangles hold the same products summed in the same order; mirroring only makes
    // the exact symmetry explicit.
    for i in 0..k {
        for j in 0..i {
            g[i * k + j] = g[j * k + i];
        }
    }
    g
}

#[inline(always)]
fn gram_block_generic<K: Width, M: MulAdd>(block: &[f64], width: K) -> Vec<f64> {
    let k = width.get();
    let mut g = vec![0.0; k * k];
    for row in block.chunks_exact(k) {
        let row = &row[..k];
        for (i, &ri) in row.iter().enumerate() {
            let gi = &mut g[i * k..][..k];
            for (target, &rj) in gi.iter_mut().zip(row) {
                *target = M::mul_add(ri, rj, *target);
            }
        }
    }
    g
}

multiversion!(gram_block, gram_block_fma, gram_block_generic, <K: Width>, (block: &[f64], width: K) -> Vec<f64>);

/// One half-iteration of `_fit_coordinate_descent`: updates `w` (rows × k) to better fit
/// `x ≈ w · ht^T` with `ht` (x.n_cols × k) fixed, and returns the summed projected-gradient
/// violation. `_update_cdnmf_fast` sweeps component-major, but each coordinate update reads
/// only its own row of W, so sweeping row by row performs the same arithmetic, and the row's
/// slice of `X · Ht` can be computed just before it is needed instead of going to memory.
fn update_factor(x: &CsrMatrix<f64>, w: &mut [f64], ht: &[f64], k: usize) -> f64 {
    let fma = has_fma();
    macro_rules! dispatch {
        ($($fixed:literal)*) => {
            match k {
                $($fixed => update_rows(x, w, ht, Fixed::<$fixed>, fma),)*
                _ => update_rows(x, w, ht, Dynamic(k), fma),
            }
        };
    }
    // The widths `padded_width` produces up to 64; wider ones run with a run-time width.
    dispatch!(1 2 3 4 5 6 7 8 9 10 16 20 24 28 32 40 48 56 64)
}

fn update_rows<K: Width>(
    x: &CsrMatrix<f64>,
    w: &mut [f64],
    ht: &[f64],
    width: K,
    fma: bool,
) -> f64 {
    let k = width.get();
    let gram = gram(ht, width, fma);
    let gram = &gram[..];
    let partials: Vec<f64> = w
        .par_chunks_mut(ROWS_PER_CHUNK * k)
        .enumerate()
        .map(|(chunk, block)| {
            let first = chunk * ROWS_PER_CHUNK;
            call_kernel!(fma, update_block, update_block_fma, <K>, (x, first, block, ht, gram, width))
        })
        .collect();
    partials.iter().sum()
}

/// Rows of W updated together, one per vector lane (see [`update_block_generic`]).
const LANES: usize = 8;

/// One value per row of a group of [`LANES`] rows.
type Lanes = [f64; LANES];

/// Coordinate descent over the rows `first..` of W held in `block`: returns their violation.
///
/// Within a row each coordinate update depends on the one before it, so a row at a time the
/// sweep waits on the FPU's latency at every coordinate. Rows are independent, though, so a
/// group of [`LANES`] rows is swept together, with each row's gradient and weights stored
/// component-major (`gradient[t][lane]`): every step then works on all the rows of the group
/// with the same vector instructions, at any width. Each row sees exactly the arithmetic of
/// a row-at-a-time sweep, in the same order; rows past the end of the block are zero-filled
/// lanes whose steps are all zero.
#[inline(always)]
fn update_block_generic<K: Width, M: MulAdd>(
    x: &CsrMatrix<f64>,
    first: usize,
    block: &mut [f64],
    ht: &[f64],
    gram: &[f64],
    width: K,
) -> f64 {
    let k = width.get();
    let mut product_buffer = width.buffer();
    let xh = &mut product_buffer.as_mut()[..k];
    let mut inverse_buffer = width.buffer();
    let inverse_hessian = &mut inverse_buffer.as_mut()[..k];
    for (t, inverse) in inverse_hessian.iter_mut().enumerate() {
        let hess = gram[t * k + t];
        *inverse = if hess != 0.0 { 1.0 / hess } else { 0.0 };
    }
    let mut gradient: Vec<Lanes> = vec![[0.0; LANES]; k];
    let mut weights: Vec<Lanes> = vec![[0.0; LANES]; k];
    let mut violation: Lanes = [0.0; LANES];
    let n_rows = block.len() / k;
    for group in (0..n_rows).step_by(LANES) {
        let rows = (n_rows - group).min(LANES);
        for lane in 0..LANES {
            if lane < rows {
                let (columns, values) = x.row(first + group + lane);
                row_product::<K, M>(columns, values, ht, xh, width);
                let wi = &block[(group + lane) * k..][..k];
                for t in 0..k {
                    gradient[t][lane] = -xh[t];
                    weights[t][lane] = wi[t];
                }
            } else {
                for t in 0..k {
                    gradient[t][lane] = 0.0;
                    weights[t][lane] = 0.0;
                }
            }
        }
        // The gradient of the whole row, kept current after each coordinate update (k
        // multiply-adds) instead of recomputed from scratch as `_update_cdnmf_fast` does: the
        // same values up to rounding, without a serial k-term sum per coordinate.
        for (r, wr) in weights.iter().enumerate() {
            let g = &gram[r * k..][..k];
            for (target, &gr) in gradient.iter_mut().zip(g) {
                for lane in 0..LANES {
                    target[lane] = M::mul_add(gr, wr[lane], target[lane]);
                }
            }
        }
        for t in 0..k {
            let grad = gradient[t];
            let old = weights[t];
            // Branch-free on purpose: which coordinates are zero is unpredictable, and adding
            // zero terms or zero steps changes nothing.
            for lane in 0..LANES {
                let projected = if old[lane] == 0.0 {
                    grad[lane].min(0.0)
                } else {
                    grad[lane]
                };
                violation[lane] += projected.abs();
            }
            let inverse = inverse_hessian[t];
            if inverse != 0.0 {
                let mut step: Lanes = [0.0; LANES];
                for lane in 0..LANES {
                    let new = (old[lane] - grad[lane] * inverse).max(0.0);
                    step[lane] = new - old[lane];
                    weights[t][lane] = new;
                }
                let g = &gram[t * k..][..k];
                for (target, &gr) in gradient.iter_mut().zip(g) {
                    for lane in 0..LANES {
                        target[lane] = M::mul_add(gr, step[lane], target[lane]);
                    }
                }
            }
        }
        for lane in 0..rows {
            let wi = &mut block[(group + lane) * k..][..k];
            for t in 0..k {
                wi[t] = weights[t][lane];
            }
        }
    }
    violation.iter().sum()
}

multiversion!(update_block, update_block_fma, update_block_generic, <K: Width>, (x: &CsrMatrix<f64>, first: usize, block: &mut [f64], ht: &[f64], gram: &[f64], width: K) -> f64);

multiversion!(product_block, product_block_fma, product_block_generic, <K: Width>, (x: &CsrMatrix<f64>, first: usize, block: &mut [f64], d: &[f64], width: K));

/// `row · ht` for one sparse row, into `out` (length k). Partial sums over alternating stored
/// values break the dependency between consecutive multiply-adds into the same component,
/// which would otherwise bound the speed by the FPU's latency: four for narrow rows, two for
/// wide ones, which run in groups of 16 components (four would no longer fit in the vector
/// registers).
#[inline(always)]
fn row_product<K: Width, M: MulAdd>(
    columns: &[i32],
    values: &[f64],
    ht: &[f64],
    out: &mut [f64],
    width: K,
) {
    let k = width.get();
    if k <= 8 {
        row_product_4::<K, M>(columns, values, ht, out, width)
    } else {
        // Groups of up to 16 components: their two partial sums (8 vectors of 4) stay in
        // registers, where a whole wide row would spill them to the stack on every value.
        let mut offset = 0;
        while offset < k {
            macro_rules! group {
                ($($n:literal)*) => {
                    match k - offset {
                        $($n => row_product_group::<$n, M>(columns, values, ht, k, offset, out),)*
                        _ => row_product_group::<16, M>(columns, values, ht, k, offset, out),
                    }
                };
            }
            group!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
            offset += 16;
        }
    }
}

/// Components `offset..offset + N` of `row · ht`, with two partial sums (even and odd stored
/// values) that break the dependency between consecutive multiply-adds into one component.
#[inline(always)]
fn row_product_group<const N: usize, M: MulAdd>(
    columns: &[i32],
    values: &[f64],
    ht: &[f64],
    k: usize,
    offset: usize,
    out: &mut [f64],
) {
    let mut a0 = [0.0; N];
    let mut a1 = [0.0; N];
    let mut column_pairs = columns.chunks_exact(2);
    let mut value_pairs = values.chunks_exact(2);
    for (c, v) in column_pairs.by_ref().zip(value_pairs.by_ref()) {
        let s0 = &ht[c[0] as usize * k + offset..][..N];
        let s1 = &ht[c[1] as usize * k + offset..][..N];
        for r in 0..N {
            a0[r] = M::mul_add(v[0], s0[r], a0[r]);
            a1[r] = M::mul_add(v[1], s1[r], a1[r]);
        }
    }
    for (&column, &value) in column_pairs.remainder().iter().zip(value_pairs.remainder()) {
        let source = &ht[column as usize * k + offset..][..N];
        for r in 0..N {
            a0[r] = M::mul_add(value, source[r], a0[r]);
        }
    }
    for (target, (p0, p1)) in out[offset..][..N].iter_mut().zip(a0.iter().zip(&a1)) {
        *target = p0 + p1;
    }
}

#[inline(always)]
fn row_product_4<K: Width, M: MulAdd>(
    columns: &[i32],
    values: &[f64],
    ht: &[f64],
    out: &mut [f64],
    width: K,
) {
    let k = width.get();
    let (mut b0, mut b1, mut b2, mut b3) = (
        width.buffer(),
        width.buffer(),
        width.buffer(),
        width.buffer(),
    );
    let (a0, a1, a2, a3) = (
        &mut b0.as_mut()[..k],
        &mut b1.as_mut()[..k],
        &mut b2.as_mut()[..k],
        &mut b3.as_mut()[..k],
    );
    let mut column_quads = columns.chunks_exact(4);
    let mut value_quads = values.chunks_exact(4);
    for (c, v) in column_quads.by_ref().zip(value_quads.by_ref()) {
        let s0 = &ht[c[0] as usize * k..][..k];
        let s1 = &ht[c[1] as usize * k..][..k];
        let s2 = &ht[c[2] as usize * k..][..k];
        let s3 = &ht[c[3] as usize * k..][..k];
        for r in 0..k {
            a0[r] = M::mul_add(v[0], s0[r], a0[r]);
            a1[r] = M::mul_add(v[1], s1[r], a1[r]);
            a2[r] = M::mul_add(v[2], s2[r], a2[r]);
            a3[r] = M::mul_add(v[3], s3[r], a3[r]);
        }
    }
    for (&column, &value) in column_quads.remainder().iter().zip(value_quads.remainder()) {
        let source = &ht[column as usize * k..][..k];
        for (target, &s) in a0.iter_mut().zip(source) {
            *target = M::mul_add(value, s, *target);
        }
    }
    for (r, target) in out[..k].iter_mut().enumerate() {
        *target = (a0[r] + a1[r]) + (a2[r] + a3[r]);
    }
}

/// `_beta_divergence(X, W, H, 2, square_root=True)` without densifying X:
/// `sqrt(|X|² + <W^T W, H H^T> - 2 <X H^T, W>)`.
fn frobenius_error(x: &CsrMatrix<f64>, w: &[f64], ht: &[f64], k: usize) -> f64 {
    let norm_x: f64 = x.data.iter().map(|v| v * v).sum();
    let wtw = gram(w, Dynamic(k), false);
    let hht = gram(ht, Dynamic(k), false);
    let norm_wh: f64 = wtw.iter().zip(&hht).map(|(a, b)| a * b).sum();
    let partials: Vec<f64> = w
        .par_chunks(ROWS_PER_CHUNK * k)
        .enumerate()
        .map(|(chunk, block)| {
            let mut xh = vec![0.0; k];
            let mut cross = 0.0;
            for (offset, wi) in block.chunks_exact(k).enumerate() {
                let (columns, values) = x.row(chunk * ROWS_PER_CHUNK + offset);
                xh.iter_mut().for_each(|e| *e = 0.0);
                for (&column, &value) in columns.iter().zip(values) {
                    let source = &ht[column as usize * k..][..k];
                    for (target, &s) in xh.iter_mut().zip(source) {
                        *target += value * s;
                    }
                }
                cross += xh.iter().zip(wi).map(|(a, b)| a * b).sum::<f64>();
            }
            cross
        })
        .collect();
    let cross: f64 = partials.iter().sum();
    let res = (norm_x + norm_wh - 2.0 * cross) / 2.0;
    (2.0 * res).max(0.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(k: usize, init: NmfInit) -> NmfOptions {
        NmfOptions {
            n_components: k,
            init,
            max_iter: 200,
            tol: 1e-4,
            seed: 0,
        }
    }

    /// A reproducible sparse non-negative matrix.
    fn random_matrix(n: usize, m: usize, density: u64, seed: u64) -> CsrMatrix<f64> {
        let mut random = crate::test_support::Lcg::new(seed);
        let mut x = CsrMatrix::with_columns(m);
        for _ in 0..n {
            let mut row = Vec::new();
            for column in 0..m as u32 {
                let state = random.next_state();
                if (state >> 33) % density == 0 {
                    row.push((column, ((state >> 40) % 1000) as f64 / 100.0 + 0.01));
                }
            }
            x.push_row(row);
        }
        x
    }

    fn dense(x: &CsrMatrix<f64>) -> Vec<f64> {
        let mut out = vec![0.0; x.n_rows * x.n_cols];
        for r in 0..x.n_rows {
            let (columns, values) = x.row(r);
            for (&c, &v) in columns.iter().zip(values) {
                out[r * x.n_cols + c as usize] = v;
            }
        }
        out
    }

    #[test]
    fn random_state_draws_numpys_numbers() {
        // np.random.RandomState(0).standard_normal(3)
        let mut random = LegacyRandom::new(0);
        assert_eq!(random.gauss(), 1.764052345967664);
        assert_eq!(random.gauss(), 0.4001572083672233);
        assert_eq!(random.gauss(), 0.9787379841057392);
        let mut random = LegacyRandom::new(u32::MAX);
        assert_eq!(random.gauss(), 0.6484086742306527);
        assert_eq!(random.gauss(), 0.6693235306338161);
    }

    #[test]
    fn qr_and_jacobi_reconstruct_their_input() {
        let (rows, cols) = (7, 3);
        let a: Vec<f64> = (0..rows * cols)
            .map(|i| ((i * 37 % 11) as f64) - 4.5)
            .collect();
        let (q, rank) = orthonormal_basis(a.clone(), rows, cols);
        assert_eq!(rank, 3);
        for i in 0..3 {
            for j in 0..3 {
                let dot: f64 = (0..rows).map(|r| q[i * rows + r] * q[j * rows + r]).sum();
                assert!((dot - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        let (u, s, v) = jacobi_svd(a.clone(), rows, cols);
        assert!(s[0] >= s[1] && s[1] >= s[2]);
        for r in 0..rows {
            for c in 0..cols {
                let value: f64 = (0..cols)
                    .map(|l| u[l * rows + r] * s[l] * v[l * cols + c])
                    .sum();
                assert!((value - a[c * rows + r]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn randomized_svd_finds_the_leading_singular_values() {
        // Rank-2 matrix: rows are combinations of two fixed patterns.
        let mut x = CsrMatrix::with_columns(6);
        for i in 0..20u32 {
            let a = (i % 5) as f64 + 1.0;
            let b = (i % 3) as f64;
            x.push_row([(0, a), (1, a + b), (2, 2.0 * b), (4, a), (5, b + 0.5 * a)]);
        }
        let xt = transpose(&x);
        let (u, s, v) = randomized_svd(&x, &xt, 2, 0);
        let d = dense(&x);
        let mut max_error = 0.0f64;
        for r in 0..20 {
            for c in 0..6 {
                let value = u[r * 2] * s[0] * v[c] + u[r * 2 + 1] * s[1] * v[6 + c];
                max_error = max_error.max((value - d[r * 6 + c]).abs());
            }
        }
        assert!(max_error < 1e-10, "{max_error}");
    }

    #[test]
    fn an_exact_low_rank_matrix_is_recovered() {
        // X = W0 · H0 with non-negative factors of rank 2.
        let mut x = CsrMatrix::with_columns(5);
        for i in 0..12u32 {
            let (a, b) = ((i % 4) as f64, (i % 3) as f64 + 0.5);
            x.push_row([(0, a), (1, a + 2.0 * b), (2, 3.0 * b), (3, a), (4, b)]);
        }
        for init in [
            NmfInit::Nndsvd,
            NmfInit::Nndsvda,
            NmfInit::Nndsvdar,
            NmfInit::Random,
        ] {
            let mut opts = options(2, init);
            opts.max_iter = 2000;
            opts.tol = 1e-10;
            let fit = nmf(&x, &opts).unwrap();
            assert_eq!(fit.w.len(), 24);
            assert_eq!(fit.h.len(), 10);
            assert!(fit.w.iter().chain(&fit.h).all(|&e| e >= 0.0));
            assert!(
                fit.reconstruction_err < 1e-3,
                "{init:?}: {}",
                fit.reconstruction_err
            );
        }
    }

    #[test]
    fn error_matches_the_dense_computation_and_threads_do_not_matter() {
        let x = random_matrix(300, 80, 9, 7);
        let opts = options(5, NmfInit::Nndsvda);
        let one = crate::parallel::run_with_threads(1, || nmf(&x, &opts).unwrap());
        let three = crate::parallel::run_with_threads(3, || nmf(&x, &opts).unwrap());
        assert_eq!(one, three);
        let d = dense(&x);
        let mut sum = 0.0;
        for r in 0..300 {
            for c in 0..80 {
                let value: f64 = (0..5).map(|l| one.w[r * 5 + l] * one.h[l * 80 + c]).sum();
                sum += (d[r * 80 + c] - value).powi(2);
            }
        }
        assert!((sum.sqrt() - one.reconstruction_err).abs() < 1e-8);
        assert!(one.n_iter >= 1 && one.n_iter <= 200);
    }

    #[test]
    fn rows_updated_in_a_lane_group_match_rows_updated_alone() {
        // 19 rows: two full groups of 8 and a partly filled one; widths on every kernel path
        // (narrow, a group of 16, a group and a tail, the run-time width).
        for k in [3, 16, 20, 37] {
            let x = random_matrix(19, 50, 9, k as u64);
            let ht: Vec<f64> = (0..50 * k)
                .map(|i| ((i * 7919) % 13) as f64 / 13.0)
                .collect();
            let w: Vec<f64> = (0..19 * k)
                .map(|i| ((i * 104_729) % 11) as f64 / 11.0)
                .collect();
            let gram = gram(&ht, Dynamic(k), false);
            let mut together = w.clone();
            let violation = update_block_generic::<Dynamic, Separate>(
                &x,
                0,
                &mut together,
                &ht,
                &gram,
                Dynamic(k),
            );
            let mut alone = w.clone();
            let mut total = 0.0;
            for (row, wi) in alone.chunks_exact_mut(k).enumerate() {
                total +=
                    update_block_generic::<Dynamic, Separate>(&x, row, wi, &ht, &gram, Dynamic(k));
            }
            assert_eq!(together, alone, "k = {k}");
            assert!((violation - total).abs() <= 1e-12 * total.abs(), "k = {k}");
            assert_ne!(together, w, "k = {k}: the sweep changed nothing");
            if k == 20 {
                let mut fixed = w.clone();
                update_block_generic::<Fixed<20>, Separate>(
                    &x,
                    0,
                    &mut fixed,
                    &ht,
                    &gram,
                    Fixed::<20>,
                );
                assert_eq!(fixed, together, "a compile-time width computes the same");
            }
        }
    }

    #[test]
    fn padding_with_zero_columns_changes_nothing() {
        let a = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let padded = pad_columns(&a, 3, 16);
        assert_eq!(padded.len(), 32);
        assert_eq!(&padded[16..19], &[4.0, 5.0, 6.0]);
        assert_eq!(pad_columns(&padded, 16, 3), a);
        // 12 components run at width 16; the padded sweeps give a proper rank-12 fit.
        let x = random_matrix(120, 40, 5, 3);
        let fit = nmf(&x, &options(12, NmfInit::Nndsvda)).unwrap();
        assert_eq!((fit.w.len(), fit.h.len()), (120 * 12, 12 * 40));
        let d = dense(&x);
        let mut sum = 0.0;
        for r in 0..120 {
            for c in 0..40 {
                let value: f64 = (0..12).map(|l| fit.w[r * 12 + l] * fit.h[l * 40 + c]).sum();
                sum += (d[r * 40 + c] - value).powi(2);
            }
        }
        assert!((sum.sqrt() - fit.reconstruction_err).abs() < 1e-8);
        let six = nmf(&x, &options(6, NmfInit::Nndsvda)).unwrap();
        assert!(fit.reconstruction_err < six.reconstruction_err);
    }

    #[test]
    fn bad_parameters_name_the_parameter() {
        let x = random_matrix(10, 6, 3, 1);
        let name = |opts: NmfOptions, x: &CsrMatrix<f64>| match nmf(x, &opts) {
            Err(Error::InvalidParameter { name, .. }) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(name(options(0, NmfInit::Nndsvd), &x), "n_components");
        assert_eq!(name(options(7, NmfInit::Nndsvd), &x), "n_components");
        assert!(nmf(&x, &options(7, NmfInit::Random)).is_ok());
        let mut opts = options(2, NmfInit::Nndsvd);
        opts.tol = -1.0;
        assert_eq!(name(opts.clone(), &x), "tol");
        opts.tol = 1e-4;
        opts.seed = 1 << 40;
        assert_eq!(name(opts.clone(), &x), "random_state");
        opts.seed = 0;
        opts.max_iter = 0;
        assert_eq!(name(opts, &x), "max_iter");
        let mut negative = x.clone();
        negative.data[0] = -1.0;
        assert_eq!(name(options(2, NmfInit::Nndsvd), &negative), "X");
        assert!(matches!(
            NmfInit::parse("svd"),
            Err(Error::InvalidParameter { name, .. }) if name == "init"
        ));
    }
}
