//! `_initialize_nmf`: random factors, or NNDSVD and its two variants from a truncated SVD.

use ndarray::{Array2, ArrayView1, Zip};

use super::linalg::{randomized_svd, transposed};
use super::random::LegacyRandom;
use super::NmfInit;
use crate::vectorize::csr::CsrMatrix;

/// Values below this are set to zero after NNDSVD, as scikit-learn does.
const EPS: f64 = 1e-6;

/// `_initialize_nmf`: returns `(W n×k, Ht m×k)`, H transposed so that both factors are
/// updated by the same row sweep.
pub(super) fn initialize(
    x: &CsrMatrix<f64>,
    xt: &CsrMatrix<f64>,
    k: usize,
    init: NmfInit,
    seed: u32,
) -> (Array2<f64>, Array2<f64>) {
    let (n, m) = (x.n_rows, x.n_cols);
    let mean = x.data.iter().sum::<f64>() / (n as f64 * m as f64);
    if init == NmfInit::Random {
        let avg = (mean / k as f64).sqrt();
        let mut random = LegacyRandom::new(seed);
        // numpy draws H (k × m) and then W (n × k), each in C order.
        let mut h = Array2::zeros((k, m));
        h.iter_mut().for_each(|e| *e = (avg * random.gauss()).abs());
        let mut w = Array2::zeros((n, k));
        w.iter_mut().for_each(|e| *e = (avg * random.gauss()).abs());
        return (w, transposed(h));
    }
    let (u, s, v) = randomized_svd(x, xt, k, seed);
    let mut w = Array2::zeros((n, k));
    let mut h = Array2::zeros((k, m));
    let lead = s[0].sqrt();
    Zip::from(w.column_mut(0))
        .and(u.column(0))
        .for_each(|target, &e| *target = lead * e.abs());
    Zip::from(h.row_mut(0))
        .and(v.row(0))
        .for_each(|target, &e| *target = lead * e.abs());
    for c in 1..k {
        let (x_col, y_row) = (u.column(c), v.row(c));
        let (x_p_nrm, x_n_nrm) = (norm_of_part(x_col, true), norm_of_part(x_col, false));
        let (y_p_nrm, y_n_nrm) = (norm_of_part(y_row, true), norm_of_part(y_row, false));
        let (m_p, m_n) = (x_p_nrm * y_p_nrm, x_n_nrm * y_n_nrm);
        let positive = m_p > m_n;
        let (x_nrm, y_nrm, sigma) = if positive {
            (x_p_nrm, y_p_nrm, m_p)
        } else {
            (x_n_nrm, y_n_nrm, m_n)
        };
        let lbd = (s[c] * sigma).sqrt();
        // A zero part (possible only when X has rank below k) stays zero instead of NaN.
        if x_nrm > 0.0 && y_nrm > 0.0 {
            Zip::from(w.column_mut(c))
                .and(x_col)
                .for_each(|target, &e| *target = lbd * (part(e, positive) / x_nrm));
            Zip::from(h.row_mut(c))
                .and(y_row)
                .for_each(|target, &e| *target = lbd * (part(e, positive) / y_nrm));
        }
    }
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
    (w, transposed(h))
}

/// The positive part of `e` (`positive`) or the magnitude of its negative part.
fn part(e: f64, positive: bool) -> f64 {
    if positive {
        e.max(0.0)
    } else {
        e.min(0.0).abs()
    }
}

/// The Euclidean norm of the positive or negative part of a singular vector.
fn norm_of_part(vector: ArrayView1<'_, f64>, positive: bool) -> f64 {
    vector
        .iter()
        .map(|&e| part(e, positive))
        .map(|e| e * e)
        .sum::<f64>()
        .sqrt()
}
