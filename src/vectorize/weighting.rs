//! TF-IDF weighting and row normalisation, operation for operation as scikit-learn does them.
// PLACEHOLDER: helper H2 replaces the body; the signatures are the contract.

use crate::error::Result;
use crate::vectorize::csr::CsrIndex;

/// Row normalisation (scikit-learn's `norm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    L1,
    L2,
}

/// f32 or f64.
pub trait Float: Copy + Send + Sync + 'static {}
impl Float for f32 {}
impl Float for f64 {}

/// Number of rows in which each column has a stored value (scikit-learn's
/// `_document_frequency` on a CSR matrix: `np.bincount(X.indices, minlength=n_features)`).
pub fn document_frequency<I: CsrIndex>(indices: &[I], n_features: usize) -> Vec<i64> {
    let _ = indices;
    vec![0; n_features]
}

/// `idf = ln(n_samples / df) + 1`, smoothed as TfidfTransformer.fit does, in `F` precision.
pub fn inverse_document_frequency<F: Float>(df: &[i64], n_samples: usize, smooth_idf: bool) -> Vec<F> {
    let _ = (df, n_samples, smooth_idf);
    Vec::new()
}

/// TfidfTransformer.transform on CSR buffers, in place: sublinear tf, idf scaling, then norm.
pub fn apply_tfidf<I: CsrIndex, F: Float>(
    indptr: &[I],
    indices: &[I],
    data: &mut [F],
    idf: Option<&[F]>,
    sublinear_tf: bool,
    norm: Option<Norm>,
    threads: usize,
) -> Result<()> {
    let _ = (indptr, indices, data, idf, sublinear_tf, norm, threads);
    Ok(())
}

/// sklearn.preprocessing.normalize(X, norm) on CSR buffers, in place.
pub fn normalize_rows<I: CsrIndex, F: Float>(indptr: &[I], data: &mut [F], norm: Norm, threads: usize) {
    let _ = (indptr, data, norm, threads);
}
