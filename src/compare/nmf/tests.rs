//! Tests of the factorisation and of its building blocks.

use super::kernels::{gram, update_block_generic, Separate};
use super::linalg::{jacobi_svd, orthonormal_basis, randomized_svd};
use super::random::LegacyRandom;
use super::width::{row_major, row_major_mut, Dynamic, Fixed};
use super::*;
use ndarray::{array, ArrayViewMut2, Axis};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

fn options(k: usize, init: NmfInit) -> NmfOptions {
    NmfOptions {
        n_components: k,
        init,
        max_iter: 200,
        tol: 1e-4,
        seed: 0,
    }
}

/// A reproducible sparse non-negative matrix: about one value in `density` is stored, each
/// between 0.01 and 10. The generator is proptest's ChaCha with a fixed seed, which gives the
/// same numbers on every platform.
fn random_matrix(n: usize, m: usize, density: u32, seed: u8) -> CsrMatrix<f64> {
    let mut random = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut x = CsrMatrix::with_columns(m);
    for _ in 0..n {
        let mut row = Vec::new();
        for column in 0..m as u32 {
            if random.random_ratio(1, density) {
                row.push((column, random.random_range(1..=1000) as f64 / 100.0));
            }
        }
        x.push_row(row);
    }
    x
}

fn dense(x: &CsrMatrix<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((x.n_rows, x.n_cols));
    for r in 0..x.n_rows {
        let (columns, values) = x.row(r);
        for (&c, &v) in columns.iter().zip(values) {
            out[[r, c as usize]] = v;
        }
    }
    out
}

/// The largest absolute entry of `a - b`.
fn max_difference(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    (a - b).iter().fold(0.0f64, |m, e| m.max(e.abs()))
}

/// `|X - W H|_F`, computed densely.
fn dense_error(x: &CsrMatrix<f64>, fit: &NmfResult) -> f64 {
    (dense(x) - fit.w.dot(&fit.h))
        .iter()
        .map(|e| e * e)
        .sum::<f64>()
        .sqrt()
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
    let a = Array2::from_shape_fn((7, 3), |(r, c)| ((r * 3 + c) * 37 % 11) as f64 - 4.5);
    let q = orthonormal_basis(a.view());
    assert_eq!(q.dim(), (7, 3));
    assert!(max_difference(&q.t().dot(&q), &Array2::eye(3)) < 1e-12);
    // Q spans the columns of A: projecting A on it gives A back.
    assert!(max_difference(&q.dot(&q.t().dot(&a)), &a) < 1e-12);
    let (u, s, v) = jacobi_svd(a.view());
    assert_eq!((u.dim(), s.len(), v.dim()), ((7, 3), 3, (3, 3)));
    assert!(s[0] >= s[1] && s[1] >= s[2] && s[2] > 0.0);
    assert!(max_difference(&(&u * &s).dot(&v.t()), &a) < 1e-12);
    assert!(max_difference(&v.t().dot(&v), &Array2::eye(3)) < 1e-12);
}

#[test]
fn qr_of_a_rank_deficient_matrix_is_still_orthonormal() {
    // The third column is the sum of the first two, and the fourth is zero.
    let a = Array2::from_shape_fn((6, 4), |(r, c)| match c {
        0 => r as f64 + 1.0,
        1 => (r * r) as f64 - 3.0,
        2 => r as f64 + 1.0 + (r * r) as f64 - 3.0,
        _ => 0.0,
    });
    let q = orthonormal_basis(a.view());
    assert_eq!(q.dim(), (6, 4));
    assert!(max_difference(&q.t().dot(&q), &Array2::eye(4)) < 1e-12);
    let (u, s, v) = jacobi_svd(a.view());
    assert!(s[2].abs() < 1e-12 && s[3] == 0.0, "{s}");
    assert!(max_difference(&(&u * &s).dot(&v.t()), &a) < 1e-12);
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
    assert_eq!((u.dim(), s.len(), v.dim()), ((20, 2), 2, (2, 6)));
    let product = (&u * &s).dot(&v);
    let max_error = max_difference(&product, &dense(&x));
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
        assert_eq!((fit.w.dim(), fit.h.dim()), ((12, 2), (2, 5)));
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
    assert!((dense_error(&x, &one) - one.reconstruction_err).abs() < 1e-8);
    assert!(one.n_iter >= 1 && one.n_iter <= 200);
}

#[test]
fn rows_updated_in_a_lane_group_match_rows_updated_alone() {
    // 19 rows: two full groups of 8 and a partly filled one; widths on every kernel path
    // (narrow, a group of 16, a group and a tail, the run-time width).
    for k in [3, 16, 20, 37] {
        let x = random_matrix(19, 50, 9, k as u8);
        let ht = Array2::from_shape_fn((50, k), |(r, c)| ((r * k + c) * 7919 % 13) as f64 / 13.0);
        let w = Array2::from_shape_fn((19, k), |(r, c)| ((r * k + c) * 104_729 % 11) as f64 / 11.0);
        let gram = gram(ht.view(), Dynamic(k));
        let (ht, gram) = (row_major(ht.view()), row_major(gram.view()));
        let sweep = |first: usize, block: ArrayViewMut2<'_, f64>| {
            update_block_generic::<Dynamic, Separate>(
                &x,
                first,
                row_major_mut(block),
                ht,
                gram,
                Dynamic(k),
            )
        };
        let mut together = w.clone();
        let violation = sweep(0, together.view_mut());
        let mut alone = w.clone();
        let mut total = 0.0;
        for (row, wi) in alone.axis_chunks_iter_mut(Axis(0), 1).enumerate() {
            total += sweep(row, wi);
        }
        assert_eq!(together, alone, "k = {k}");
        assert!((violation - total).abs() <= 1e-12 * total.abs(), "k = {k}");
        assert_ne!(together, w, "k = {k}: the sweep changed nothing");
        if k == 20 {
            let mut fixed = w.clone();
            update_block_generic::<Fixed<20>, Separate>(
                &x,
                0,
                row_major_mut(fixed.view_mut()),
                ht,
                gram,
                Fixed::<20>,
            );
            assert_eq!(fixed, together, "a compile-time width computes the same");
        }
    }
}

#[test]
fn padding_with_zero_columns_changes_nothing() {
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let padded = pad_columns(a.clone(), 16);
    assert_eq!(padded.dim(), (2, 16));
    assert_eq!(padded.row(1).to_vec()[..4], [4.0, 5.0, 6.0, 0.0]);
    assert!(padded.is_standard_layout());
    assert_eq!(pad_columns(padded, 3), a);
    // 12 components run at width 16; the padded sweeps give a proper rank-12 fit.
    let x = random_matrix(120, 40, 5, 3);
    let fit = nmf(&x, &options(12, NmfInit::Nndsvda)).unwrap();
    assert_eq!((fit.w.dim(), fit.h.dim()), ((120, 12), (12, 40)));
    assert!((dense_error(&x, &fit) - fit.reconstruction_err).abs() < 1e-8);
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
        "svd".parse::<NmfInit>(),
        Err(Error::InvalidParameter { name, .. }) if name == "init"
    ));
}
