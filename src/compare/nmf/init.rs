//! `_initialize_nmf`: random factors, or NNDSVD and its two variants from a truncated SVD.

use super::linalg::{randomized_svd, transpose_dense};
use super::random::LegacyRandom;
use super::NmfInit;
use crate::vectorize::csr::CsrMatrix;

/// `_initialize_nmf`: returns `(W n×k, Ht m×k)`, both row-major.
pub(super) fn initialize(
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
