//! The widths the kernels are specialised for: the number of components as a compile-time
//! constant for common sizes (so loops over components unroll and stay in registers) or a
//! run-time value, and the padding of factors to those widths.

use ndarray::{s, Array2, ArrayView2, ArrayViewMut2};

/// The number of components, either a compile-time constant (so the loops over components
/// unroll, and the row's products stay in registers) or a run-time value for unusual sizes.
pub(super) trait Width: Copy + Send + Sync {
    /// Scratch space for one row's products: a stack array when the width is fixed.
    type Buffer: AsMut<[f64]>;
    fn get(self) -> usize;
    fn buffer(self) -> Self::Buffer;
}

#[derive(Clone, Copy)]
pub(super) struct Fixed<const K: usize>;

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
pub(super) struct Dynamic(pub(super) usize);

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
pub(super) const INLINE_WIDTH: usize = 64;

/// Scratch space of a run-time width.
// The inline variant is large on purpose: it lives on the stack for the span of one row.
#[allow(clippy::large_enum_variant)]
pub(super) enum DynamicBuffer {
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

/// The width the coordinate-descent kernels run at for `k` components: up to 10 as it is,
/// wider rounded up to a multiple of 4 (of 8 from 33 to 64), so that each row of the factors
/// is a whole number of 4-wide vectors and the products run without a scalar tail, and the
/// common widths get kernels compiled for them; 11 to 16 run at 16 (measured with
/// `examples/nmf_raw.rs` on a 3000 × 25,486 TF-IDF matrix: LLVM compiles width 12 to scalar
/// code and shuffles, and it runs no faster than 16; compiled widths 40 to 64 run 10-15%
/// faster than run-time ones). The zero columns cost little: their coordinates are skipped
/// (zero Hessian) and only the k × k terms grow.
pub(super) fn padded_width(k: usize) -> usize {
    match k {
        0..=10 => k,
        11..=16 => 16,
        17..=32 => k.div_ceil(4) * 4,
        33..=64 => k.div_ceil(8) * 8,
        _ => k.div_ceil(4) * 4,
    }
}

/// `a` with `width` columns: the same array when it already has them, otherwise a copy with
/// the columns past the narrower of the two dropped or zero-filled.
pub(super) fn pad_columns(a: Array2<f64>, width: usize) -> Array2<f64> {
    if a.ncols() == width {
        return a;
    }
    let keep = a.ncols().min(width);
    let mut out = Array2::zeros((a.nrows(), width));
    out.slice_mut(s![.., ..keep])
        .assign(&a.slice(s![.., ..keep]));
    out
}

/// The row-major storage of a matrix, for the kernels, which gather rows by index in their
/// innermost loops (a view per gathered row would cost more than the row's arithmetic).
/// Every matrix of this module is created in standard layout, so this never fails in practice.
pub(super) fn row_major<'a>(a: ArrayView2<'a, f64>) -> &'a [f64] {
    a.to_slice()
        .expect("the NMF matrices are created in standard (row-major) layout")
}

/// [`row_major`] for a block of rows to be written.
pub(super) fn row_major_mut<'a>(a: ArrayViewMut2<'a, f64>) -> &'a mut [f64] {
    a.into_slice()
        .expect("the NMF matrices are created in standard (row-major) layout")
}
