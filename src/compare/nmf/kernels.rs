//! The hot loops: sparse-row products, Gram matrices, the coordinate-descent sweep over W or
//! H (eight rows at once) and the reconstruction error, each compiled portable and for AVX2 +
//! FMA, selected at run time.
//!
//! The functions that the rest of the module calls take and return ndarray matrices; the
//! kernels inside work on their row-major storage ([`row_major`]), since they gather rows by
//! index in their innermost loops. The storage is taken before a kernel is called, so that
//! the kernel's slice arguments tell the compiler they do not overlap (measured: deriving
//! them inside the kernel made the width-40 sweep 60% slower).

use multiversion::multiversion;
use multiversion::target::target_cfg_f;
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Axis};
use rayon::prelude::*;

use super::width::{row_major, row_major_mut, Dynamic, Fixed, Width};
use crate::vectorize::csr::CsrMatrix;

/// `a * b + c`, rounded twice (portable) or once (with the FMA instruction, when the CPU has
/// it). Which one is used depends only on the CPU, never on the thread count.
pub(super) trait MulAdd: Copy + Send + Sync {
    fn mul_add(a: f64, b: f64, c: f64) -> f64;
}

#[derive(Clone, Copy)]
pub(super) struct Separate;

impl MulAdd for Separate {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a * b + c
    }
}

#[derive(Clone, Copy)]
pub(super) struct Fused;

impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add(a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }
}

/// Defines a kernel that runs `$with::<K, Fused>` where the CPU has AVX2 and FMA, and
/// `$with::<K, Separate>` elsewhere: `multiversion` compiles the body once for the plain
/// target and once with AVX2 + FMA enabled, and picks one at run time. Which arithmetic runs
/// depends only on the CPU, never on the thread count.
macro_rules! fma_kernel {
    ($(#[$doc:meta])* $name:ident => $with:ident ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?) => {
        $(#[$doc])*
        #[multiversion(targets("x86_64+avx2+fma"))]
        pub(super) fn $name<K: Width>($($arg: $ty),*) $(-> $ret)? {
            if target_cfg_f!(target_feature = "fma") {
                $with::<K, Fused>($($arg),*)
            } else {
                $with::<K, Separate>($($arg),*)
            }
        }
    };
}

/// Rows per unit of parallel work (fixed, so reductions do not depend on the thread count).
pub(super) const ROWS_PER_CHUNK: usize = 256;

/// `x @ d` for a dense `d` (`x.n_cols × width`): `x.n_rows × width`.
pub(super) fn sparse_dense(x: &CsrMatrix<f64>, d: ArrayView2<'_, f64>) -> Array2<f64> {
    let width = d.ncols();
    macro_rules! dispatch {
        ($($fixed:literal)*) => {
            match width {
                $($fixed => sparse_dense_with(x, d, Fixed::<$fixed>),)*
                _ => sparse_dense_with(x, d, Dynamic(width)),
            }
        };
    }
    // scikit-learn's oversampling makes the width n_components + 10.
    dispatch!(11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26)
}

fn sparse_dense_with<K: Width>(
    x: &CsrMatrix<f64>,
    d: ArrayView2<'_, f64>,
    width: K,
) -> Array2<f64> {
    let d = d.as_standard_layout();
    let d = row_major(d.view());
    let mut out = Array2::zeros((x.n_rows, width.get()));
    out.axis_chunks_iter_mut(Axis(0), ROWS_PER_CHUNK)
        .into_par_iter()
        .enumerate()
        .for_each(|(chunk, block)| {
            product_block(x, chunk * ROWS_PER_CHUNK, row_major_mut(block), d, width);
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

/// `a^T a` for `a` of width `width`, reduced over fixed row chunks in order.
pub(super) fn gram<K: Width>(a: ArrayView2<'_, f64>, width: K) -> Array2<f64> {
    let k = width.get();
    let partials: Vec<Array2<f64>> = a
        .axis_chunks_iter(Axis(0), ROWS_PER_CHUNK * 16)
        .into_par_iter()
        .map(|block| gram_block(row_major(block), width))
        .collect();
    let mut g = Array2::zeros((k, k));
    for partial in partials {
        g += &partial;
    }
    // Both triangles hold the same products summed in the same order; mirroring only makes
    // the exact symmetry explicit.
    for i in 0..k {
        for j in 0..i {
            g[[i, j]] = g[[j, i]];
        }
    }
    g
}

#[inline(always)]
fn gram_block_generic<K: Width, M: MulAdd>(block: &[f64], width: K) -> Array2<f64> {
    let k = width.get();
    let mut g = Array2::zeros((k, k));
    let sums = row_major_mut(g.view_mut());
    for row in block.chunks_exact(k) {
        let row = &row[..k];
        for (&ri, gi) in row.iter().zip(sums.chunks_exact_mut(k)) {
            for (target, &rj) in gi.iter_mut().zip(row) {
                *target = M::mul_add(ri, rj, *target);
            }
        }
    }
    g
}

fma_kernel!(
    /// `block^T block` for a block of rows.
    gram_block => gram_block_generic(block: &[f64], width: K) -> Array2<f64>
);

/// One half-iteration of `_fit_coordinate_descent`: updates `w` (rows × k) to better fit
/// `x ≈ w · ht^T` with `ht` (x.n_cols × k) fixed, and returns the summed projected-gradient
/// violation. `_update_cdnmf_fast` sweeps component-major, but each coordinate update reads
/// only its own row of W, so sweeping row by row performs the same arithmetic, and the row's
/// slice of `X · Ht` can be computed just before it is needed instead of going to memory.
pub(super) fn update_factor(
    x: &CsrMatrix<f64>,
    w: ArrayViewMut2<'_, f64>,
    ht: ArrayView2<'_, f64>,
) -> f64 {
    let k = w.ncols();
    macro_rules! dispatch {
        ($($fixed:literal)*) => {
            match k {
                $($fixed => update_rows(x, w, ht, Fixed::<$fixed>),)*
                _ => update_rows(x, w, ht, Dynamic(k)),
            }
        };
    }
    // The widths `padded_width` produces up to 64; wider ones run with a run-time width.
    dispatch!(1 2 3 4 5 6 7 8 9 10 16 20 24 28 32 40 48 56 64)
}

fn update_rows<K: Width>(
    x: &CsrMatrix<f64>,
    mut w: ArrayViewMut2<'_, f64>,
    ht: ArrayView2<'_, f64>,
    width: K,
) -> f64 {
    let gram = gram(ht, width);
    let (ht, gram) = (row_major(ht), row_major(gram.view()));
    let partials: Vec<f64> = w
        .axis_chunks_iter_mut(Axis(0), ROWS_PER_CHUNK)
        .into_par_iter()
        .enumerate()
        .map(|(chunk, block)| {
            update_block(
                x,
                chunk * ROWS_PER_CHUNK,
                row_major_mut(block),
                ht,
                gram,
                width,
            )
        })
        .collect();
    partials.iter().sum()
}

/// Rows of W updated together, one per vector lane (see [`update_block_generic`]).
pub(super) const LANES: usize = 8;

/// One value per row of a group of [`LANES`] rows.
pub(super) type Lanes = [f64; LANES];

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
pub(super) fn update_block_generic<K: Width, M: MulAdd>(
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

fma_kernel!(
    /// See [`update_block_generic`].
    update_block => update_block_generic(
        x: &CsrMatrix<f64>,
        first: usize,
        block: &mut [f64],
        ht: &[f64],
        gram: &[f64],
        width: K
    ) -> f64
);

fma_kernel!(
    /// See [`product_block_generic`].
    product_block => product_block_generic(
        x: &CsrMatrix<f64>,
        first: usize,
        block: &mut [f64],
        d: &[f64],
        width: K
    )
);

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
pub(super) fn frobenius_error(
    x: &CsrMatrix<f64>,
    w: ArrayView2<'_, f64>,
    ht: ArrayView2<'_, f64>,
) -> f64 {
    let k = w.ncols();
    let norm_x: f64 = x.data.iter().map(|v| v * v).sum();
    let wtw = gram(w, Dynamic(k));
    let hht = gram(ht, Dynamic(k));
    let norm_wh: f64 = wtw.iter().zip(&hht).map(|(a, b)| a * b).sum();
    let partials: Vec<f64> = w
        .axis_chunks_iter(Axis(0), ROWS_PER_CHUNK)
        .into_par_iter()
        .enumerate()
        .map(|(chunk, block)| {
            let mut xh = vec![0.0; k];
            let mut cross = 0.0;
            for (offset, wi) in block.rows().into_iter().enumerate() {
                let (columns, values) = x.row(chunk * ROWS_PER_CHUNK + offset);
                xh.iter_mut().for_each(|e| *e = 0.0);
                for (&column, &value) in columns.iter().zip(values) {
                    let source = ht.row(column as usize);
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
