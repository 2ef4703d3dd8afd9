//! Profiling harness for counting: tokenises and counts a JSON-lines file of strings (the
//! benchmark corpus) with scikit-learn's default analyzer, phase by phase, without Python,
//! so that `perf` and `valgrind` see the Rust work alone.
//!
//!     [STEM=english] cargo run --release --example count_raw -- benches/data/FILE.jsonl [THREADS] [REPEAT]
//!
//! With `HASH=1` it times HashingVectorizer's rows (tokenise, hash, sum per row) instead.

use std::time::Instant;

use storylens::job::JobControl;
use storylens::text::analyzer::{Analyzer, AnalyzerConfig};
use storylens::text::char_tables;
use storylens::vectorize::count::{count_chunks, learn_vocabulary};
use storylens::vectorize::documents::Documents;
use storylens::vectorize::hashing::hash_rows;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: count_raw FILE.jsonl [THREADS] [REPEAT]");
    let threads: usize = args.get(2).map_or(1, |t| t.parse().expect("THREADS"));
    let repeat: usize = args.get(3).map_or(5, |r| r.parse().expect("REPEAT"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let documents: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON string per line"))
        .collect();
    let refs: Vec<&str> = documents.iter().map(String::as_str).collect();
    let bytes: usize = refs.iter().map(|d| d.len()).sum();
    // STEM=english (any rust-stemmers language) counts stems instead of tokens.
    let config = AnalyzerConfig {
        stem: std::env::var("STEM").ok(),
        ..AnalyzerConfig::default()
    };
    let analyzer = Analyzer::new(config, char_tables::current()).unwrap();
    if std::env::var_os("HASH").is_some() {
        for _ in 0..repeat {
            let start = Instant::now();
            let rows = hash_rows(Documents::Texts(&refs), &analyzer, 1 << 20, true, threads);
            let hashed = start.elapsed();
            drop(rows);
            println!(
                "{:.1} MB: hashed rows {:.1} ms ({:.0} MB/s)",
                bytes as f64 / 1e6,
                hashed.as_secs_f64() * 1e3,
                bytes as f64 / 1e6 / hashed.as_secs_f64(),
            );
        }
        return;
    }
    for _ in 0..repeat {
        let start = Instant::now();
        let chunks = count_chunks(Documents::Texts(&refs), &analyzer, threads);
        let counted = start.elapsed();
        let corpus = learn_vocabulary(chunks, &analyzer, threads, &JobControl::new()).unwrap();
        let (terms, counts) = corpus.into_matrix(threads, i64::from);
        let total = start.elapsed();
        println!(
            "{:.1} MB: count {:.1} ms ({:.0} MB/s), vocabulary and matrix {:.1} ms; {} terms, nnz {}",
            bytes as f64 / 1e6,
            counted.as_secs_f64() * 1e3,
            bytes as f64 / 1e6 / counted.as_secs_f64(),
            (total - counted).as_secs_f64() * 1e3,
            terms.len(),
            counts.indices.len(),
        );
    }
}
