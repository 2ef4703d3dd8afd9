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

mod init;
mod kernels;
mod linalg;
mod random;
#[cfg(test)]
mod tests;
mod width;

use std::str::FromStr;

use ndarray::Array2;

use crate::error::{Error, Result};
use crate::vectorize::csr::CsrMatrix;

use init::initialize;
use kernels::{frobenius_error, update_factor};
use linalg::{transpose, transposed};
use width::{pad_columns, padded_width};

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

impl FromStr for NmfInit {
    type Err = Error;

    /// Parses scikit-learn's name of an initialisation.
    ///
    /// ```
    /// use storylens::compare::nmf::NmfInit;
    /// assert_eq!("nndsvda".parse::<NmfInit>().unwrap(), NmfInit::Nndsvda);
    /// assert!("svd".parse::<NmfInit>().is_err());
    /// ```
    fn from_str(name: &str) -> Result<Self> {
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
    /// n_rows × n_components (the document-topic weights).
    pub w: Array2<f64>,
    /// n_components × n_cols (the topic-term weights).
    pub h: Array2<f64>,
    /// Iterations run (scikit-learn's `n_iter_`).
    pub n_iter: usize,
    /// Frobenius norm of X - W·H (scikit-learn's `reconstruction_err_`).
    pub reconstruction_err: f64,
}

/// Factorises the non-negative sparse matrix `x` as scikit-learn's coordinate-descent NMF does.
///
/// Runs on the current rayon pool; the result does not depend on its size.
///
/// ```
/// use storylens::compare::nmf::{nmf, NmfInit, NmfOptions};
/// use storylens::vectorize::csr::CsrMatrix;
///
/// let mut x = CsrMatrix::with_columns(3);
/// x.push_row([(0, 1.0), (1, 2.0)]);
/// x.push_row([(1, 1.0), (2, 3.0)]);
/// x.push_row([(0, 2.0), (2, 1.0)]);
/// let options = NmfOptions { n_components: 2, init: NmfInit::Nndsvda, max_iter: 200, tol: 1e-4, seed: 0 };
/// let fit = nmf(&x, &options).unwrap();
/// assert_eq!((fit.w.dim(), fit.h.dim()), ((3, 2), (2, 3)));
/// assert!(fit.w.iter().chain(&fit.h).all(|&e| e >= 0.0));
/// ```
pub fn nmf(x: &CsrMatrix<f64>, options: &NmfOptions) -> Result<NmfResult> {
    validate(x, options)?;
    let k = options.n_components;
    let seed = options.seed as u32;
    let xt = transpose(x);
    let (w, ht) = initialize(x, &xt, k, options.init, seed);
    // The sweeps run on factors padded with zero columns to a width the kernels handle well.
    // A zero column stays zero (its Hessian is zero, so it is never updated) and adds
    // nothing to products, gradients or the violation: the result is the same as unpadded.
    let width = padded_width(k);
    let mut w = pad_columns(w, width);
    let mut ht = pad_columns(ht, width);
    let mut violation_init = 0.0;
    let mut n_iter = 0;
    for iteration in 1..=options.max_iter {
        n_iter = iteration;
        let mut violation = update_factor(x, w.view_mut(), ht.view());
        violation += update_factor(&xt, ht.view_mut(), w.view());
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
    let w = pad_columns(w, k);
    let ht = pad_columns(ht, k);
    let reconstruction_err = frobenius_error(x, w.view(), ht.view());
    Ok(NmfResult {
        w,
        h: transposed(ht),
        n_iter,
        reconstruction_err,
    })
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
