//! TF-IDF weighting and row normalisation, operation for operation as scikit-learn does them.
//!
//! References (scikit-learn 1.9.1): `TfidfTransformer.fit/transform` in
//! `feature_extraction/text.py`, `preprocessing.normalize`, and
//! `_inplace_csr_row_normalize_l1/l2` in `utils/sparsefuncs_fast.pyx`. Every value is computed
//! with the same operations, in the same order and precision, so results agree to the last bit
//! except where numpy's own `log` differs from the C library (see [`Float::ln`]).

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Sub};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::parallel::run_with_threads;
use crate::vectorize::csr::{validate_csr, validate_csr_parallel, CsrIndex};

/// Row normalisation (scikit-learn's `norm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    /// Divide each row by the sum of the absolute values of its stored entries.
    L1,
    /// Divide each row by the square root of the sum of squares of its stored entries.
    L2,
}

impl std::str::FromStr for Norm {
    type Err = Error;

    /// scikit-learn's names, "l1" and "l2".
    fn from_str(name: &str) -> Result<Self> {
        match name {
            "l1" => Ok(Norm::L1),
            "l2" => Ok(Norm::L2),
            other => Err(Error::unknown_choice("norm", other, &["l1", "l2"])),
        }
    }
}

/// f32 or f64: the two dtypes scikit-learn's TF-IDF code preserves.
///
/// Arithmetic comes from the `std::ops` bounds and is plain IEEE arithmetic in `Self`, which is
/// what numpy does for same-dtype operands.
pub trait Float:
    Copy
    + Send
    + Sync
    + 'static
    + Debug
    + PartialEq
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + AddAssign
    + MulAssign
    + DivAssign
{
    /// numpy's name for the dtype, for error messages.
    const DTYPE_NAME: &'static str;
    /// 0.0.
    fn zero() -> Self;
    /// 1.0.
    fn one() -> Self;
    /// Nearest value to `value` (numpy's `astype` from int64, a C cast).
    fn from_i64(value: i64) -> Self;
    /// Nearest value to `value` (a C cast from `size_t`).
    fn from_usize(value: usize) -> Self;
    /// Nearest value to `value` (a C cast from double).
    fn from_f64(value: f64) -> Self;
    /// Exact widening (or identity) to f64, as C promotes a float operand to double.
    fn to_f64(self) -> f64;
    /// Natural logarithm as `np.log` computes it for this dtype.
    ///
    /// For f64 this is the C library's `log`, which numpy calls on CPUs without AVX-512; on
    /// AVX-512 CPUs numpy's x86-64 wheels use Intel SVML instead, which differs by 1 ulp for
    /// about 0.3% of idf ratios. For f32 it is [`numpy_log_f32`], numpy's own kernel (run on
    /// every x86-64 CPU with AVX2 and FMA), which differs from a correctly rounded `logf` by up
    /// to 3 ulp; it is therefore deliberately *not* `f32::ln`.
    fn ln(self) -> Self;
    /// Correctly rounded square root.
    fn sqrt(self) -> Self;
    /// Absolute value.
    fn abs(self) -> Self;
    /// Neither infinite nor NaN.
    fn is_finite(self) -> bool;
    /// Not a number.
    fn is_nan(self) -> bool;
}

/// The two implementations differ only in the type and in `ln`: numpy's float32 log is its own
/// kernel (see [`numpy_log_f32`]), its float64 log the C library's.
macro_rules! impl_float {
    ($float:ty, $name:literal, $ln:expr) => {
        impl Float for $float {
            const DTYPE_NAME: &'static str = $name;
            #[inline]
            fn zero() -> Self {
                0.0
            }
            #[inline]
            fn one() -> Self {
                1.0
            }
            #[inline]
            fn from_i64(value: i64) -> Self {
                value as $float
            }
            #[inline]
            fn from_usize(value: usize) -> Self {
                value as $float
            }
            #[inline]
            fn from_f64(value: f64) -> Self {
                value as $float
            }
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn ln(self) -> Self {
                $ln(self)
            }
            #[inline]
            fn sqrt(self) -> Self {
                <$float>::sqrt(self)
            }
            #[inline]
            fn abs(self) -> Self {
                <$float>::abs(self)
            }
            #[inline]
            fn is_finite(self) -> bool {
                <$float>::is_finite(self)
            }
            #[inline]
            fn is_nan(self) -> bool {
                <$float>::is_nan(self)
            }
        }
    };
}

impl_float!(f32, "float32", numpy_log_f32);
impl_float!(f64, "float64", f64::ln);

/// Coefficients of numpy's float32 log kernel (`NPY_COEFF_P*_LOGf`, `NPY_COEFF_Q*_LOGf` in
/// `npy_simd_data.h`), highest degree first; the literals round to the same f32 as in C.
#[allow(clippy::excessive_precision)]
const LOG_NUMERATOR: [f32; 6] = [
    2.589979117907922693523e-02,
    3.808837741388407920751e-01,
    1.480000633576506585156e+00,
    2.112677543073053063722e+00,
    9.999999999999998702752e-01,
    0.0,
];
#[allow(clippy::excessive_precision)]
const LOG_DENOMINATOR: [f32; 6] = [
    5.875095403124574342950e-03,
    1.546476374983906719538e-01,
    9.864942958519418960339e-01,
    2.453006071784736363091e+00,
    2.612677543073109236779e+00,
    1.0,
];

/// `np.log` on float32 as numpy's SIMD kernel (`simd_log_FLOAT` in
/// `loops_exponent_log.dispatch.c.src`) computes it: split `x = m * 2^e` with `m` in
/// [sqrt(1/2), sqrt(2)), evaluate a rational approximation of `ln(m)` with fused multiply-adds,
/// then add `e * ln 2` with one more fused multiply-add.
pub fn numpy_log_f32(x: f32) -> f32 {
    if x.is_nan() {
        return f32::NAN;
    }
    if x < 0.0 {
        return -f32::NAN;
    }
    if x == 0.0 {
        return f32::NEG_INFINITY;
    }
    if x == f32::INFINITY {
        return f32::INFINITY;
    }
    // Subnormals are scaled into the normal range first, as the kernel does.
    let (scaled, exponent_offset) = if x < f32::MIN_POSITIVE {
        (x * f32::from_bits(0x7180_0000), 100)
    } else {
        (x, 0)
    };
    let bits = scaled.to_bits();
    let mut exponent = ((bits >> 23) as i32 - 126 - exponent_offset) as f32;
    let mut mantissa = f32::from_bits((bits & 0x007f_ffff) | (126 << 23));
    if mantissa <= std::f32::consts::FRAC_1_SQRT_2 {
        mantissa = mantissa + mantissa;
        exponent -= 1.0;
    }
    let reduced = mantissa - 1.0;
    let horner = |coefficients: &[f32; 6]| {
        coefficients[1..]
            .iter()
            .fold(coefficients[0], |acc, &c| acc.mul_add(reduced, c))
    };
    let ratio = horner(&LOG_NUMERATOR) / horner(&LOG_DENOMINATOR);
    exponent.mul_add(std::f32::consts::LN_2, ratio)
}

/// The sublinear term frequency `ln(tf) + 1` (`np.log(X.data, X.data); X.data += 1.0`).
#[inline]
pub fn sublinear_tf_value<F: Float>(term_frequency: F) -> F {
    term_frequency.ln() + F::one()
}

/// Number of rows in which each column has a stored value (scikit-learn's
/// `_document_frequency` on a CSR matrix: `np.bincount(X.indices, minlength=n_features)`).
///
/// Explicit zeros count, as they do in scikit-learn. Indices outside `0..n_features`, which a
/// valid matrix never has (and which `np.bincount` would answer by growing or failing), are
/// skipped.
pub fn document_frequency<I: CsrIndex>(indices: &[I], n_features: usize) -> Vec<i64> {
    let mut counts = vec![0i64; n_features];
    for index in indices {
        if let Some(count) = counts.get_mut(index.to_usize()) {
            *count += 1;
        }
    }
    counts
}

/// `idf = ln(n_samples / df) + 1`, smoothed as TfidfTransformer.fit does, in `F` precision.
///
/// The steps are scikit-learn's: `df` is cast to `F`, then `df += float(smooth_idf)` and
/// `n_samples += int(smooth_idf)`; `idf = full_like(df, n_samples) / df`, `log` in place and
/// `idf += 1.0`, each in `F`. Without smoothing an unseen column (`df == 0`) gets `inf`, as in
/// scikit-learn.
pub fn inverse_document_frequency<F: Float>(
    df: &[i64],
    n_samples: usize,
    smooth_idf: bool,
) -> Vec<F> {
    let smoothing = usize::from(smooth_idf);
    let numerator = F::from_usize(n_samples.saturating_add(smoothing));
    let df_smoothing = F::from_f64(smoothing as f64);
    df.iter()
        .map(|&count| {
            let denominator = F::from_i64(count) + df_smoothing;
            (numerator / denominator).ln() + F::one()
        })
        .collect()
}

/// TfidfTransformer.transform on CSR buffers, in place: sublinear tf, idf scaling, then norm.
///
/// Per stored value: `ln(x) + 1` when `sublinear_tf`, then `x * idf[column]` when `idf` is
/// given, then the row normalisation of [`normalize_rows`]. Rows are processed in parallel on
/// `threads` threads (0 or 1: on the calling thread); each row is computed on its own, so the
/// result does not depend on `threads`.
///
/// Errors (scikit-learn raises ValueError in the same cases):
/// - `ShapeMismatch` if `indptr` is empty, does not start at 0, decreases or does not end at
///   `data.len()`, if `indices.len() != data.len()`, or if a column is `>= idf.len()`;
/// - `InvalidParameter("X")` if `data` holds NaN or infinity (the input check of
///   `transform`); nothing is written then;
/// - `InvalidParameter("X")` if `norm` is set and weighting produced NaN or infinity (from
///   `ln(0)` of an explicit zero, `ln` of a negative value, or the infinite idf of a column
///   unseen by an unsmoothed fit), which `normalize` rejects. `data` is then left weighted
///   but not fully normalised, much as scikit-learn leaves `X` with `copy=False`.
pub fn apply_tfidf<I: CsrIndex, F: Float>(
    indptr: &[I],
    indices: &[I],
    data: &mut [F],
    idf: Option<&[F]>,
    sublinear_tf: bool,
    norm: Option<Norm>,
    threads: usize,
) -> Result<()> {
    let n_rows = row_count(indptr)?;
    // Without idf the columns are never read, so any column count is acceptable.
    let n_cols = idf.map_or(usize::MAX, <[F]>::len);
    // Both checks read every stored value: on large matrices they run on the threads too.
    if data.len() >= MIN_PARALLEL_VALUES && threads > 1 {
        run_with_threads(threads, || -> Result<()> {
            let (structure, status) = rayon::join(
                || validate_csr_parallel(n_rows, n_cols, indptr, indices, data.len()),
                || {
                    data.par_chunks(MIN_PARALLEL_VALUES)
                        .map(finiteness)
                        .reduce(|| Finiteness::Finite, Finiteness::max)
                },
            );
            structure?;
            status.check::<F>("Input X")
        })?;
    } else {
        validate_csr(n_rows, n_cols, indptr, indices, data.len())?;
        finiteness(data).check::<F>("Input X")?;
    }
    if !sublinear_tf && idf.is_none() && norm.is_none() {
        return Ok(());
    }

    let weighting = TfidfWeighting {
        idf,
        sublinear_tf,
        norm,
    };
    let weigh_row = |start: usize, row: &mut [F]| -> Finiteness {
        let columns = &indices[start..start + row.len()];
        weighting.weigh_row(row, columns.iter().map(|column| column.to_usize()))
    };
    for_each_row(indptr, data, threads, weigh_row).check::<F>("Input")
}

/// TfidfTransformer's weighting of a row: sublinear tf, idf, then the norm.
#[derive(Debug, Clone, Copy)]
pub struct TfidfWeighting<'a, F> {
    /// The idf of each column, or None for no idf weighting (`use_idf=False`).
    pub idf: Option<&'a [F]>,
    /// Replace each value `tf` by `1 + ln(tf)`.
    pub sublinear_tf: bool,
    /// Normalise each row to unit L1 or L2 norm, or leave it.
    pub norm: Option<Norm>,
}

impl<F: Float> TfidfWeighting<'_, F> {
    /// Weighs the stored values `row` of one row, whose columns are `columns` (below
    /// `idf.len()`), in place: `ln(x) + 1` when `sublinear_tf`, then `x * idf[column]`, then
    /// the row normalisation of [`normalize_rows`]. Returns whether the weighted values were
    /// finite; a row that is not is left weighted but not normalised (the caller reports it,
    /// as `normalize` rejects it in scikit-learn).
    #[inline]
    pub fn weigh_row(&self, row: &mut [F], columns: impl Iterator<Item = usize>) -> Finiteness {
        if self.sublinear_tf || self.idf.is_some() {
            for (value, column) in row.iter_mut().zip(columns) {
                if self.sublinear_tf {
                    *value = sublinear_tf_value(*value);
                }
                if let Some(idf) = self.idf {
                    *value *= idf[column];
                }
            }
        }
        let Some(norm) = self.norm else {
            return Finiteness::Finite;
        };
        let status = finiteness(row);
        if status == Finiteness::Finite {
            normalize_row(row, norm);
        }
        status
    }
}

/// sklearn.preprocessing.normalize(X, norm) on CSR buffers, in place.
///
/// Rows are processed in parallel on `threads` threads (0 or 1: on the calling thread)
/// without changing any result. A
/// malformed `indptr` (see [`try_normalize_rows`], which reports it) leaves `data` untouched.
/// Unlike scikit-learn, NaN and infinity are not rejected; they propagate as in its Cython
/// loop.
pub fn normalize_rows<I: CsrIndex, F: Float>(
    indptr: &[I],
    data: &mut [F],
    norm: Norm,
    threads: usize,
) {
    // The contract has no error channel; a malformed matrix is left as it is.
    let _ = try_normalize_rows(indptr, data, norm, threads);
}

/// [`normalize_rows`] that reports a malformed `indptr` (empty, not starting at 0, decreasing,
/// or not ending at `data.len()`) as `ShapeMismatch` instead of ignoring it.
pub fn try_normalize_rows<I: CsrIndex, F: Float>(
    indptr: &[I],
    data: &mut [F],
    norm: Norm,
    threads: usize,
) -> Result<()> {
    validate_row_pointers(indptr, data.len())?;
    for_each_row(indptr, data, threads, |_, row| {
        normalize_row(row, norm);
        Finiteness::Finite
    });
    Ok(())
}

/// Normalises the stored values of one row as `_inplace_csr_row_normalize_l1/l2` do.
///
/// The norm is accumulated left to right in f64 whatever `F` is: L1 adds `fabs((double)x)`,
/// L2 adds the square computed in `F` (`x * x` is a float product in the Cython code for
/// f32) widened to f64, then takes the f64 square root. Each value becomes
/// `(F)((double)x / norm)`. A row whose norm is exactly 0 (empty, or only zeros) is left
/// unchanged.
pub fn normalize_row<F: Float>(row: &mut [F], norm: Norm) {
    let mut total = 0.0f64;
    match norm {
        Norm::L1 => row.iter().for_each(|&x| total += x.to_f64().abs()),
        Norm::L2 => row.iter().for_each(|&x| total += (x * x).to_f64()),
    }
    if total == 0.0 {
        return;
    }
    if norm == Norm::L2 {
        total = total.sqrt();
    }
    for value in row.iter_mut() {
        *value = F::from_f64(value.to_f64() / total);
    }
}

/// Rows per unit of parallel work: enough to amortise scheduling, few enough to balance.
const ROWS_PER_TASK: usize = 256;

/// Below this many stored values, a thread pool costs more than it saves.
const MIN_PARALLEL_VALUES: usize = 1 << 15;

/// The number of rows `indptr` describes, or an error when it cannot describe any matrix.
fn row_count<I: CsrIndex>(indptr: &[I]) -> Result<usize> {
    indptr
        .len()
        .checked_sub(1)
        .ok_or_else(|| Error::ShapeMismatch("indptr must have at least one entry".to_string()))
}

/// Checks that `indptr` starts at 0, never decreases and ends at `data_len`.
fn validate_row_pointers<I: CsrIndex>(indptr: &[I], data_len: usize) -> Result<()> {
    let n_rows = row_count(indptr)?;
    let mut previous = 0usize;
    for (row, pointer) in indptr.iter().enumerate() {
        let pointer = pointer.to_usize();
        if pointer < previous || pointer > data_len || (row == 0 && pointer != 0) {
            return Err(Error::ShapeMismatch(format!(
                "indptr is not a valid row pointer array at row {row} of {n_rows}"
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

/// Whether values are all finite, and otherwise the worst non-finite kind present (NaN wins,
/// as it does in scikit-learn's message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Finiteness {
    /// Every value is finite.
    Finite,
    /// Some value is infinite, none is NaN.
    Infinite,
    /// Some value is NaN.
    NaN,
}

impl Finiteness {
    /// The inverse of `status as u8` (for a status kept in an atomic); anything unknown is
    /// the worst status.
    pub fn from_u8(value: u8) -> Self {
        match value {
            0 => Finiteness::Finite,
            1 => Finiteness::Infinite,
            _ => Finiteness::NaN,
        }
    }

    /// scikit-learn's `_assert_all_finite` error for non-finite values of `subject`.
    pub fn check<F: Float>(self, subject: &str) -> Result<()> {
        match self {
            Finiteness::Finite => Ok(()),
            Finiteness::NaN => Err(Error::parameter("X", format!("{subject} contains NaN."))),
            Finiteness::Infinite => Err(Error::parameter(
                "X",
                format!(
                    "{subject} contains infinity or a value too large for dtype('{}').",
                    F::DTYPE_NAME
                ),
            )),
        }
    }
}

/// The [`Finiteness`] of `values`.
fn finiteness<F: Float>(values: &[F]) -> Finiteness {
    values.iter().fold(Finiteness::Finite, |worst, &value| {
        let this = if value.is_finite() {
            Finiteness::Finite
        } else if value.is_nan() {
            Finiteness::NaN
        } else {
            Finiteness::Infinite
        };
        worst.max(this)
    })
}

/// Runs `work(offset, row_values)` on every row of a validated CSR matrix, in parallel over
/// blocks of rows, and returns the worst status any call returned.
///
/// Rows never share data and each is handled start to finish by one call, so the thread count
/// and scheduling cannot change any value.
fn for_each_row<I, F, W>(indptr: &[I], data: &mut [F], threads: usize, work: W) -> Finiteness
where
    I: CsrIndex,
    F: Float,
    W: Fn(usize, &mut [F]) -> Finiteness + Sync,
{
    let n_rows = indptr.len() - 1;
    let block_bounds = |first_row: usize| {
        let last_row = (first_row + ROWS_PER_TASK).min(n_rows);
        (indptr[first_row].to_usize(), indptr[last_row].to_usize())
    };
    let process_block = |first_row: usize, block: &mut [F]| -> Finiteness {
        let block_start = indptr[first_row].to_usize();
        let last_row = (first_row + ROWS_PER_TASK).min(n_rows);
        (first_row..last_row).fold(Finiteness::Finite, |worst, row| {
            let start = indptr[row].to_usize();
            let end = indptr[row + 1].to_usize();
            worst.max(work(
                start,
                &mut block[start - block_start..end - block_start],
            ))
        })
    };

    if threads <= 1 || data.len() < MIN_PARALLEL_VALUES || n_rows <= ROWS_PER_TASK {
        return (0..n_rows)
            .step_by(ROWS_PER_TASK)
            .fold(Finiteness::Finite, |worst, first_row| {
                let (start, end) = block_bounds(first_row);
                worst.max(process_block(first_row, &mut data[start..end]))
            });
    }

    let mut blocks = Vec::with_capacity(n_rows.div_ceil(ROWS_PER_TASK));
    let mut rest = data;
    for first_row in (0..n_rows).step_by(ROWS_PER_TASK) {
        let (start, end) = block_bounds(first_row);
        let (block, tail) = std::mem::take(&mut rest).split_at_mut(end - start);
        rest = tail;
        blocks.push((first_row, block));
    }
    run_with_threads(threads, || {
        blocks
            .into_par_iter()
            .map(|(first_row, block)| process_block(first_row, block))
            .reduce(|| Finiteness::Finite, Finiteness::max)
    })
}

#[cfg(test)]
#[allow(clippy::approx_constant)]
mod tests;
