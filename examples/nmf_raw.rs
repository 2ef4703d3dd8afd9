//! Profiling harness for the NMF kernel: runs `nmf` on a CSR matrix saved as three raw
//! little-endian files (`PREFIX_indptr.bin` i64, `PREFIX_indices.bin` i32, `PREFIX_data.bin`
//! f64), so that `valgrind --tool=cachegrind` or `perf` see the kernel without Python.
//!
//!     cargo run --release --example nmf_raw -- PREFIX N_COLS K MAX_ITER

use storylens::compare::nmf::{nmf, NmfInit, NmfOptions};
use storylens::vectorize::csr::CsrMatrix;

fn read<T: Copy>(path: &str, parse: fn([u8; 8]) -> T, width: usize) -> Vec<T> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    bytes
        .chunks_exact(width)
        .map(|chunk| {
            let mut buffer = [0u8; 8];
            buffer[..width].copy_from_slice(chunk);
            parse(buffer)
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, prefix, n_cols, k, max_iter] = &args[..] else {
        panic!("usage: nmf_raw PREFIX N_COLS K MAX_ITER");
    };
    let indptr = read(&format!("{prefix}_indptr.bin"), i64::from_le_bytes, 8);
    let indices = read(
        &format!("{prefix}_indices.bin"),
        |b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        4,
    );
    let data = read(&format!("{prefix}_data.bin"), f64::from_le_bytes, 8);
    let x = CsrMatrix {
        n_rows: indptr.len() - 1,
        n_cols: n_cols.parse().expect("N_COLS"),
        indptr,
        indices,
        data,
    };
    let options = NmfOptions {
        n_components: k.parse().expect("K"),
        init: NmfInit::Nndsvd,
        max_iter: max_iter.parse().expect("MAX_ITER"),
        tol: 0.0,
        seed: 0,
    };
    let start = std::time::Instant::now();
    let fit = nmf(&x, &options).expect("nmf");
    println!(
        "{} iterations, error {:.9}, {:.3} s",
        fit.n_iter,
        fit.reconstruction_err,
        start.elapsed().as_secs_f64()
    );
}
