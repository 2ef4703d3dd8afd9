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
    pub idf: Option<&'a [F]>,
    pub sublinear_tf: bool,
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
    Finite,
    Infinite,
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
mod tests {
    use super::*;

    // Expected values below were produced by scikit-learn 1.9.1 / numpy 2.4.6 / scipy 1.17.1:
    // TfidfTransformer(...).fit(X).transform(X).data and normalize(X, norm).data.

    /// Counts of a 5 x 6 matrix: row 1 is empty, column 5 is never used.
    const INDPTR: [i64; 6] = [0, 3, 3, 5, 10, 11];
    const INDICES: [i64; 11] = [0, 2, 3, 1, 2, 0, 1, 2, 3, 4, 3];
    const COUNTS: [f64; 11] = [1.0, 2.0, 3.0, 4.0, 1.0, 1.0, 1.0, 1.0, 1.0, 7.0, 5.0];
    const N_SAMPLES: usize = 5;
    const N_FEATURES: usize = 6;

    /// `f64` results agree with numpy except where its `log` (Intel SVML on AVX-512 builds)
    /// and the C library's differ in the last bit; allow a few ulp, far inside 1e-12.
    fn assert_close_f64(actual: &[f64], expected: &[f64]) {
        assert_eq!(actual.len(), expected.len());
        for (i, (&a, &e)) in actual.iter().zip(expected).enumerate() {
            let same_special = a == e || (a.is_nan() && e.is_nan());
            let tolerance = 4.0 * f64::EPSILON * e.abs();
            assert!(
                same_special || (a - e).abs() <= tolerance,
                "value {i}: {a:e} != {e:e} in {actual:?}"
            );
        }
    }

    /// `f32` results agree bit for bit (numpy's f32 log kernel is reproduced exactly).
    fn assert_same_f32(actual: &[f32], expected: &[f32]) {
        let bits = |values: &[f32]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(actual), bits(expected), "{actual:?} != {expected:?}");
    }

    fn indptr_i32() -> Vec<i32> {
        INDPTR.iter().map(|&p| p as i32).collect()
    }

    fn indices_i32() -> Vec<i32> {
        INDICES.iter().map(|&i| i as i32).collect()
    }

    fn counts_f32() -> Vec<f32> {
        COUNTS.iter().map(|&c| c as f32).collect()
    }

    #[test]
    fn document_frequency_is_a_bincount_of_columns() {
        assert_eq!(
            document_frequency(&INDICES, N_FEATURES),
            vec![2, 2, 3, 3, 1, 0]
        );
        assert_eq!(
            document_frequency(&indices_i32(), 7),
            vec![2, 2, 3, 3, 1, 0, 0]
        );
        // Out-of-range columns (never in a valid matrix) are skipped rather than panicking.
        assert_eq!(document_frequency::<i32>(&[0, -1, 9, 1], 2), vec![1, 1]);
        assert!(document_frequency::<i64>(&[], 0).is_empty());
    }

    #[test]
    fn idf_matches_tfidf_transformer_fit() {
        let df = document_frequency(&INDICES, N_FEATURES);
        assert_close_f64(
            &inverse_document_frequency::<f64>(&df, N_SAMPLES, true),
            &[
                1.6931471805599454,
                1.6931471805599454,
                1.4054651081081644,
                1.4054651081081644,
                2.09861228866811,
                2.791759469228055,
            ],
        );
        assert_close_f64(
            &inverse_document_frequency::<f64>(&df, N_SAMPLES, false),
            &[
                1.916290731874155,
                1.916290731874155,
                1.5108256237659907,
                1.5108256237659907,
                2.6094379124341005,
                f64::INFINITY,
            ],
        );
        assert_same_f32(
            &inverse_document_frequency::<f32>(&df, N_SAMPLES, true),
            &[
                1.6931472, 1.6931472, 1.4054651, 1.4054651, 2.0986123, 2.7917595,
            ],
        );
        assert_same_f32(
            &inverse_document_frequency::<f32>(&df, N_SAMPLES, false),
            &[
                1.9162908,
                1.9162908,
                1.5108256,
                1.5108256,
                2.609438,
                f32::INFINITY,
            ],
        );
        assert!(inverse_document_frequency::<f64>(&[], 0, true).is_empty());
    }

    /// Expected `.data` of TfidfTransformer(smooth_idf, sublinear_tf, norm) on the counts, f64.
    fn expected_tfidf_f64(smooth: bool, sublinear: bool, norm: Option<Norm>) -> [f64; 11] {
        match (smooth, sublinear, norm) {
            (true, false, None) => [
                1.6931471805599454,
                2.8109302162163288,
                4.216395324324493,
                6.772588722239782,
                1.4054651081081644,
                1.6931471805599454,
                1.6931471805599454,
                1.4054651081081644,
                1.4054651081081644,
                14.69028602067677,
                7.027325540540822,
            ],
            (true, false, Some(Norm::L1)) => [
                0.19415772914042473,
                0.3223369083438301,
                0.4835053625157451,
                0.8281418614667683,
                0.17185813853323184,
                0.08106026673762709,
                0.08106026673762709,
                0.06728734386575799,
                0.06728734386575799,
                0.70330477879323,
                1.0,
            ],
            (true, false, Some(Norm::L2)) => [
                0.31689952054217957,
                0.5261104575101891,
                0.7891656862652836,
                0.9791386272424116,
                0.20319337745567798,
                0.11275410356238902,
                0.11275410356238902,
                0.09359609145174463,
                0.09359609145174463,
                0.9782906355422183,
                1.0,
            ],
            (true, true, None) => [
                1.6931471805599454,
                2.3796592851687173,
                2.9495263471700475,
                4.040347569516239,
                1.4054651081081644,
                1.6931471805599454,
                1.6931471805599454,
                1.4054651081081644,
                1.4054651081081644,
                6.182323240119584,
                3.667473937700736,
            ],
            (true, true, Some(Norm::L1)) => [
                0.24110893426326235,
                0.3388701943601603,
                0.4200208713765773,
                0.7419182055448035,
                0.25808179445519647,
                0.13676971126300105,
                0.13676971126300105,
                0.1135312152618681,
                0.1135312152618681,
                0.4993981469502616,
                1.0,
            ],
            (true, true, Some(Norm::L2)) => [
                0.4079075655026481,
                0.5732998506473175,
                0.7105903878138702,
                0.9444875973725771,
                0.32854707183199283,
                0.24462622953012322,
                0.24462622953012322,
                0.20306186850155797,
                0.20306186850155797,
                0.893223248003019,
                1.0,
            ],
            (false, false, None) => [
                1.916290731874155,
                3.0216512475319814,
                4.532476871297972,
                7.66516292749662,
                1.5108256237659907,
                1.916290731874155,
                1.916290731874155,
                1.5108256237659907,
                1.5108256237659907,
                18.266065387038704,
                7.554128118829953,
            ],
            (false, false, Some(Norm::L1)) => [
                0.20234487640762394,
                0.3190620494369504,
                0.47859307415542557,
                0.835350097122985,
                0.16464990287701503,
                0.07628455380481292,
                0.07628455380481292,
                0.06014361843369575,
                0.06014361843369575,
                0.7271436555229827,
                1.0,
            ],
            (false, false, Some(Norm::L2)) => [
                0.3318487781076867,
                0.5232667766338212,
                0.7849001649507318,
                0.9811234899843752,
                0.19338225720287702,
                0.10308619274390911,
                0.10308619274390911,
                0.08127433842027557,
                0.08127433842027557,
                0.9826166279683161,
                1.0,
            ],
            (false, true, None) => [
                1.916290731874155,
                2.558050145197108,
                3.170637220069971,
                4.572833767737605,
                1.5108256237659907,
                1.916290731874155,
                1.916290731874155,
                1.5108256237659907,
                1.5108256237659907,
                7.687169629569327,
                3.9424056617318746,
            ],
            (false, true, Some(Norm::L1)) => [
                0.2506600682859685,
                0.334605294180459,
                0.41473463753357254,
                0.7516584137047513,
                0.24834158629524875,
                0.13178170075735562,
                0.13178170075735562,
                0.10389820653829161,
                0.10389820653829161,
                0.5286401854087055,
                1.0,
            ],
            (false, true, Some(Norm::L2)) => [
                0.42564557090833804,
                0.5681928615287402,
                0.7042604064363529,
                0.9495179507517958,
                0.31371270487519365,
                0.22741849740850642,
                0.22741849740850642,
                0.1792993555143359,
                0.1792993555143359,
                0.912285665949653,
                1.0,
            ],
        }
    }

    /// As [`expected_tfidf_f64`], for float32 input.
    fn expected_tfidf_f32(smooth: bool, sublinear: bool, norm: Option<Norm>) -> [f32; 11] {
        match (smooth, sublinear, norm) {
            (true, false, None) => [
                1.6931472, 2.8109303, 4.2163954, 6.7725887, 1.4054651, 1.6931472, 1.6931472,
                1.4054651, 1.4054651, 14.690287, 7.0273256,
            ],
            (true, false, Some(Norm::L1)) => [
                0.19415773, 0.3223369, 0.48350537, 0.82814187, 0.17185815, 0.08106027, 0.08106027,
                0.06728734, 0.06728734, 0.70330477, 1.0,
            ],
            (true, false, Some(Norm::L2)) => [
                0.3168995,
                0.5261105,
                0.7891657,
                0.9791386,
                0.20319338,
                0.1127541,
                0.1127541,
                0.093596086,
                0.093596086,
                0.9782906,
                1.0,
            ],
            (true, true, None) => [
                1.6931472, 2.3796594, 2.9495263, 4.0403476, 1.4054651, 1.6931472, 1.6931472,
                1.4054651, 1.4054651, 6.1823235, 3.667474,
            ],
            (true, true, Some(Norm::L1)) => [
                0.24110892, 0.3388702, 0.42002085, 0.7419182, 0.2580818, 0.13676971, 0.13676971,
                0.11353122, 0.11353122, 0.49939814, 1.0,
            ],
            (true, true, Some(Norm::L2)) => [
                0.40790758, 0.5732999, 0.71059036, 0.9444876, 0.32854706, 0.24462622, 0.24462622,
                0.20306186, 0.20306186, 0.8932233, 1.0,
            ],
            (false, false, None) => [
                1.9162908, 3.0216513, 4.532477, 7.665163, 1.5108256, 1.9162908, 1.9162908,
                1.5108256, 1.5108256, 18.266066, 7.554128,
            ],
            (false, false, Some(Norm::L1)) => [
                0.20234488, 0.31906205, 0.47859308, 0.8353501, 0.1646499, 0.07628456, 0.07628456,
                0.06014362, 0.06014362, 0.72714365, 1.0,
            ],
            (false, false, Some(Norm::L2)) => [
                0.33184877,
                0.5232668,
                0.7849002,
                0.9811235,
                0.19338226,
                0.103086196,
                0.103086196,
                0.08127434,
                0.08127434,
                0.98261666,
                1.0,
            ],
            (false, true, None) => [
                1.9162908, 2.5580502, 3.1706374, 4.572834, 1.5108256, 1.9162908, 1.9162908,
                1.5108256, 1.5108256, 7.68717, 3.9424057,
            ],
            (false, true, Some(Norm::L1)) => [
                0.25066006,
                0.33460528,
                0.41473466,
                0.75165844,
                0.24834158,
                0.1317817,
                0.1317817,
                0.103898205,
                0.103898205,
                0.5286402,
                1.0,
            ],
            (false, true, Some(Norm::L2)) => [
                0.42564556, 0.56819284, 0.7042604, 0.94951797, 0.3137127, 0.2274185, 0.2274185,
                0.17929935, 0.17929935, 0.9122857, 1.0,
            ],
        }
    }

    const NORMS: [Option<Norm>; 3] = [None, Some(Norm::L1), Some(Norm::L2)];

    #[test]
    fn tfidf_matches_tfidf_transformer_in_f64() {
        let df = document_frequency(&INDICES, N_FEATURES);
        for smooth in [true, false] {
            let idf = inverse_document_frequency::<f64>(&df, N_SAMPLES, smooth);
            for sublinear in [false, true] {
                for norm in NORMS {
                    let mut data = COUNTS;
                    apply_tfidf(&INDPTR, &INDICES, &mut data, Some(&idf), sublinear, norm, 1)
                        .unwrap();
                    assert_close_f64(&data, &expected_tfidf_f64(smooth, sublinear, norm));
                }
            }
        }
    }

    #[test]
    fn tfidf_matches_tfidf_transformer_in_f32() {
        let df = document_frequency(&indices_i32(), N_FEATURES);
        for smooth in [true, false] {
            let idf = inverse_document_frequency::<f32>(&df, N_SAMPLES, smooth);
            for sublinear in [false, true] {
                for norm in NORMS {
                    let mut data = counts_f32();
                    let (indptr, indices) = (indptr_i32(), indices_i32());
                    apply_tfidf(&indptr, &indices, &mut data, Some(&idf), sublinear, norm, 2)
                        .unwrap();
                    assert_same_f32(&data, &expected_tfidf_f32(smooth, sublinear, norm));
                }
            }
        }
    }

    #[test]
    fn tf_without_idf_matches_use_idf_false() {
        let expected_f64 = |sublinear, norm| -> [f64; 11] {
            match (sublinear, norm) {
                (false, None) => COUNTS,
                (false, Some(Norm::L1)) => [
                    0.16666666666666666,
                    0.3333333333333333,
                    0.5,
                    0.8,
                    0.2,
                    0.09090909090909091,
                    0.09090909090909091,
                    0.09090909090909091,
                    0.09090909090909091,
                    0.6363636363636364,
                    1.0,
                ],
                (false, Some(Norm::L2)) => [
                    0.2672612419124244,
                    0.5345224838248488,
                    0.8017837257372732,
                    0.9701425001453319,
                    0.24253562503633297,
                    0.13736056394868904,
                    0.13736056394868904,
                    0.13736056394868904,
                    0.13736056394868904,
                    0.9615239476408232,
                    1.0,
                ],
                (true, None) => [
                    1.0,
                    1.6931471805599454,
                    2.09861228866811,
                    2.386294361119891,
                    1.0,
                    1.0,
                    1.0,
                    1.0,
                    1.0,
                    2.9459101490553135,
                    2.6094379124341005,
                ],
                (true, Some(Norm::L1)) => [
                    0.20869161034101288,
                    0.3533456116554007,
                    0.43796277800358646,
                    0.7046919454251794,
                    0.2953080545748206,
                    0.143969613562595,
                    0.143969613562595,
                    0.143969613562595,
                    0.143969613562595,
                    0.4241215457496201,
                    1.0,
                ],
                (true, Some(Norm::L2)) => [
                    0.3477147117091919,
                    0.5887321837696324,
                    0.7297183669435993,
                    0.92229140312174,
                    0.38649523635839605,
                    0.28084584602669627,
                    0.28084584602669627,
                    0.28084584602669627,
                    0.28084584602669627,
                    0.8273466281300703,
                    1.0,
                ],
            }
        };
        let expected_f32 = |sublinear, norm| -> [f32; 11] {
            match (sublinear, norm) {
                (false, None) => [1.0, 2.0, 3.0, 4.0, 1.0, 1.0, 1.0, 1.0, 1.0, 7.0, 5.0],
                (false, Some(Norm::L1)) => [
                    0.16666667, 0.33333334, 0.5, 0.8, 0.2, 0.09090909, 0.09090909, 0.09090909,
                    0.09090909, 0.6363636, 1.0,
                ],
                (false, Some(Norm::L2)) => [
                    0.26726124, 0.5345225, 0.80178374, 0.9701425, 0.24253562, 0.13736056,
                    0.13736056, 0.13736056, 0.13736056, 0.96152395, 1.0,
                ],
                (true, None) => [
                    1.0, 1.6931472, 2.0986123, 2.3862944, 1.0, 1.0, 1.0, 1.0, 1.0, 2.9459102,
                    2.609438,
                ],
                (true, Some(Norm::L1)) => [
                    0.20869161, 0.3533456, 0.43796277, 0.70469195, 0.29530805, 0.14396961,
                    0.14396961, 0.14396961, 0.14396961, 0.42412156, 1.0,
                ],
                (true, Some(Norm::L2)) => [
                    0.3477147, 0.5887322, 0.7297184, 0.9222914, 0.38649523, 0.28084585, 0.28084585,
                    0.28084585, 0.28084585, 0.8273466, 1.0,
                ],
            }
        };
        for sublinear in [false, true] {
            for norm in NORMS {
                let mut data = COUNTS;
                apply_tfidf(&INDPTR, &INDICES, &mut data, None, sublinear, norm, 1).unwrap();
                assert_close_f64(&data, &expected_f64(sublinear, norm));

                let mut data = counts_f32();
                apply_tfidf(&INDPTR, &INDICES, &mut data, None, sublinear, norm, 3).unwrap();
                assert_same_f32(&data, &expected_f32(sublinear, norm));
            }
        }
    }

    /// Rows: three values, one, a +/- pair, two explicit zeros, empty, three, tiny/huge, one.
    const NORM_INDPTR: [i32; 9] = [0, 3, 4, 6, 8, 8, 11, 13, 14];
    const NORM_VALUES: [f64; 14] = [
        0.1,
        -0.7,
        3.3,
        0.001,
        2.5,
        -2.5,
        0.0,
        0.0,
        7.77,
        0.3333333333333333,
        0.6666666666666666,
        10000000000.0,
        1e-10,
        5.0,
    ];

    #[test]
    fn normalize_matches_scikit_learn_in_f64() {
        let mut data = NORM_VALUES;
        normalize_rows(&NORM_INDPTR, &mut data, Norm::L1, 1);
        assert_close_f64(
            &data,
            &[
                0.02439024390243903,
                -0.17073170731707318,
                0.8048780487804879,
                1.0,
                0.5,
                -0.5,
                0.0,
                0.0,
                0.8859749144811858,
                0.03800836183960471,
                0.07601672367920942,
                1.0,
                1.0000000000000001e-20,
                1.0,
            ],
        );
        let mut data = NORM_VALUES;
        normalize_rows(&NORM_INDPTR, &mut data, Norm::L2, 4);
        assert_close_f64(
            &data,
            &[
                0.029630442547297995,
                -0.20741309783108594,
                0.9778046040608337,
                1.0,
                0.7071067811865475,
                -0.7071067811865475,
                0.0,
                0.0,
                0.9954304785119115,
                0.042704010232171234,
                0.08540802046434247,
                1.0,
                1.0000000000000001e-20,
                1.0,
            ],
        );
    }

    #[test]
    fn normalize_matches_scikit_learn_in_f32() {
        // The norm is accumulated in double and each quotient rounded once to float; the
        // L2 squares are float products. Any other order changes the last bit here.
        let values: Vec<f32> = NORM_VALUES.iter().map(|&v| v as f32).collect();
        let indptr: Vec<i64> = NORM_INDPTR.iter().map(|&p| i64::from(p)).collect();
        let mut data = values.clone();
        normalize_rows(&indptr, &mut data, Norm::L1, 1);
        assert_same_f32(
            &data,
            &[
                0.024390245,
                -0.17073171,
                0.80487806,
                1.0,
                0.5,
                -0.5,
                0.0,
                0.0,
                0.8859749,
                0.038008362,
                0.076016724,
                1.0,
                1.00000005e-20,
                1.0,
            ],
        );
        let mut data = values;
        normalize_rows(&indptr, &mut data, Norm::L2, 1);
        assert_same_f32(
            &data,
            &[
                0.029630443,
                -0.2074131,
                0.9778046,
                1.0,
                0.70710677,
                -0.70710677,
                0.0,
                0.0,
                0.99543047,
                0.042704012,
                0.085408024,
                1.0,
                1e-20,
                1.0,
            ],
        );
    }

    #[test]
    fn explicit_zeros_count_for_df_and_survive_normalisation() {
        // [[0 (explicit), ., .], [2, 1, .]]: scikit-learn counts the stored zero in df.
        let indptr = [0i64, 1, 3];
        let indices = [1i64, 0, 1];
        let df = document_frequency(&indices, 3);
        assert_eq!(df, vec![1, 2, 0]);
        let idf = inverse_document_frequency::<f64>(&df, 2, true);
        assert_close_f64(&idf, &[1.4054651081081644, 1.0, 2.09861228866811]);

        let mut data = [0.0, 2.0, 1.0];
        apply_tfidf(
            &indptr,
            &indices,
            &mut data,
            Some(&idf),
            false,
            Some(Norm::L2),
            1,
        )
        .unwrap();
        assert_close_f64(&data, &[0.0, 0.9421556246632359, 0.33517574332792605]);

        // ln(0) = -inf is kept without a norm ...
        let mut data = [0.0, 2.0, 1.0];
        apply_tfidf(&indptr, &indices, &mut data, Some(&idf), true, None, 1).unwrap();
        assert_close_f64(&data, &[f64::NEG_INFINITY, 2.3796592851687173, 1.0]);

        // ... and rejected by normalize, as scikit-learn's check_array does.
        let mut data = [0.0, 2.0, 1.0];
        let error = apply_tfidf(
            &indptr,
            &indices,
            &mut data,
            Some(&idf),
            true,
            Some(Norm::L2),
            1,
        )
        .unwrap_err();
        assert_eq!(
            error,
            Error::parameter(
                "X",
                "Input contains infinity or a value too large for dtype('float64')."
            )
        );
    }

    #[test]
    fn unsmoothed_idf_of_an_unseen_column_is_infinite() {
        // Fit on [[1, 0]] without smoothing, transform [[1, 1]]: idf = [1, inf].
        let idf = inverse_document_frequency::<f64>(&[1, 0], 1, false);
        assert_eq!(idf, vec![1.0, f64::INFINITY]);
        let mut data = [1.0, 1.0];
        apply_tfidf(
            &[0i32, 2],
            &[0i32, 1],
            &mut data,
            Some(&idf),
            false,
            None,
            1,
        )
        .unwrap();
        assert_eq!(data, [1.0, f64::INFINITY]);
        let mut data = [1.0f64, 1.0];
        let result = apply_tfidf(
            &[0i32, 2],
            &[0, 1],
            &mut data,
            Some(&idf),
            false,
            Some(Norm::L1),
            1,
        );
        assert!(result.is_err());
    }

    #[test]
    fn malformed_buffers_are_errors_not_panics() {
        let idf = [1.0f64; 3];
        let shape_error = |indptr: &[i32], indices: &[i32], data_len: usize| {
            let mut data = vec![1.0; data_len];
            let result = apply_tfidf(
                indptr,
                indices,
                &mut data,
                Some(&idf),
                true,
                Some(Norm::L2),
                2,
            );
            matches!(result, Err(Error::ShapeMismatch(_)))
        };
        assert!(shape_error(&[], &[], 0));
        assert!(shape_error(&[1, 1], &[0], 1));
        assert!(shape_error(&[0, 2, 1], &[0, 1], 2));
        assert!(shape_error(&[0, 1], &[0, 1], 2));
        assert!(shape_error(&[0, 3], &[0, 1, 2], 2));
        assert!(shape_error(&[0, 2], &[0, 3], 2));
        assert!(shape_error(&[0, 2], &[0, -1], 2));
        assert!(shape_error(&[0, -2], &[0, 1], 2));

        // Without idf the columns are not read, so their values are not checked.
        let mut data = [3.0, 4.0];
        apply_tfidf(
            &[0i64, 2],
            &[7, 9],
            &mut data,
            None,
            false,
            Some(Norm::L2),
            1,
        )
        .unwrap();
        assert_eq!(data, [0.6, 0.8]);

        let mut data = [3.0f32, 4.0];
        for indptr in [
            &[][..],
            &[0i32, 1][..],
            &[0, 3][..],
            &[1, 2][..],
            &[0, 2, 1][..],
        ] {
            assert!(matches!(
                try_normalize_rows(indptr, &mut data, Norm::L1, 1),
                Err(Error::ShapeMismatch(_))
            ));
            normalize_rows(indptr, &mut data, Norm::L1, 1);
            assert_eq!(data, [3.0, 4.0], "left untouched");
        }
    }

    #[test]
    fn non_finite_input_is_rejected_before_any_write() {
        let mut data = [1.0f32, f32::NAN, f32::INFINITY];
        let error =
            apply_tfidf(&[0i32, 3], &[0, 1, 2], &mut data, None, true, None, 1).unwrap_err();
        assert_eq!(error, Error::parameter("X", "Input X contains NaN."));
        assert_eq!(data[0], 1.0);

        let mut data = [1.0f32, f32::NEG_INFINITY];
        let error = apply_tfidf(&[0i32, 2], &[0, 1], &mut data, None, false, None, 1).unwrap_err();
        assert_eq!(
            error,
            Error::parameter(
                "X",
                "Input X contains infinity or a value too large for dtype('float32')."
            )
        );
    }

    #[test]
    fn thread_count_does_not_change_any_bit() {
        // Enough rows and values to take the parallel path, with uneven row lengths.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let n_cols = 97;
        let mut indptr = vec![0i64];
        let mut indices = Vec::new();
        let mut counts = Vec::new();
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let mut columns: Vec<i64> = (0..len).map(|_| (next() % n_cols) as i64).collect();
            columns.sort_unstable();
            columns.dedup();
            for column in columns {
                indices.push(column);
                counts.push((next() % 9 + 1) as f64);
            }
            indptr.push(indices.len() as i64);
        }
        assert!(counts.len() >= MIN_PARALLEL_VALUES);
        let df = document_frequency(&indices, n_cols as usize);
        let idf = inverse_document_frequency::<f64>(&df, indptr.len() - 1, true);

        let weigh = |threads| {
            let mut data = counts.clone();
            apply_tfidf(
                &indptr,
                &indices,
                &mut data,
                Some(&idf),
                true,
                Some(Norm::L2),
                threads,
            )
            .unwrap();
            data
        };
        let single = weigh(1);
        for threads in [2, 3, 8] {
            assert_eq!(weigh(threads), single);
        }

        // Every row agrees with normalising that row alone.
        let mut by_row = counts.clone();
        for (value, column) in by_row.iter_mut().zip(&indices) {
            *value = sublinear_tf_value(*value) * idf[*column as usize];
        }
        for row in indptr.windows(2) {
            normalize_row(&mut by_row[row[0] as usize..row[1] as usize], Norm::L2);
        }
        assert_eq!(by_row, single);

        let mut parallel = counts.clone();
        normalize_rows(&indptr, &mut parallel, Norm::L1, 5);
        let mut serial = counts;
        normalize_rows(&indptr, &mut serial, Norm::L1, 1);
        assert_eq!(parallel, serial);
    }

    #[test]
    fn f32_log_is_numpys_kernel() {
        // (input bits, np.log output bits); 7.0, 1/sqrt(2), 5/3 and 1.2 are cases where
        // numpy differs from a correctly rounded logf.
        let cases: [(u32, u32); 13] = [
            (0x4000_0000, 0x3f31_7218),
            (0x4040_0000, 0x3f8c_9f54),
            (0x40e0_0000, 0x3ff9_1396),
            (0x4120_0000, 0x4013_5d8e),
            (0x3fc0_0000, 0x3ecf_991f),
            (0x3f4c_cccd, 0xbe64_7fbd),
            (0x42c8_0000, 0x4093_5d8e),
            (0x4640_e400, 0x4116_bc71),
            (0x0001_16c2, 0xc2b8_34f2),
            (0x7f61_b1e6, 0x42b1_3196),
            (0x3f35_04f3, 0xbeb1_7218),
            (0x3fd5_5555, 0x3f02_c578),
            (0x3f99_999a, 0x3e3a_b284),
        ];
        for (input, output) in cases {
            let x = f32::from_bits(input);
            assert_eq!(numpy_log_f32(x).to_bits(), output, "log({x:e})");
            assert_eq!(Float::ln(x).to_bits(), output);
        }
        assert_eq!(numpy_log_f32(1.0), 0.0);
        assert_eq!(numpy_log_f32(0.0), f32::NEG_INFINITY);
        assert_eq!(numpy_log_f32(-0.0), f32::NEG_INFINITY);
        assert_eq!(numpy_log_f32(f32::INFINITY), f32::INFINITY);
        assert!(numpy_log_f32(-1.0).is_nan());
        assert!(numpy_log_f32(f32::NAN).is_nan());
        assert!(numpy_log_f32(f32::NEG_INFINITY).is_nan());
    }

    #[test]
    fn sublinear_tf_is_log_plus_one() {
        assert_eq!(sublinear_tf_value(1.0f64), 1.0);
        assert_eq!(sublinear_tf_value(2.0f64), 2.0f64.ln() + 1.0);
        assert_eq!(
            sublinear_tf_value(7.0f32).to_bits(),
            (numpy_log_f32(7.0) + 1.0).to_bits()
        );
        assert_eq!(sublinear_tf_value(0.0f64), f64::NEG_INFINITY);
    }
}
