//! Fuzz target: see `storylens::fuzz_targets::reuse_shingles`, which `cargo test` also runs on the
//! saved corpus (fuzz/corpus/reuse_shingles/).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| storylens::fuzz_targets::reuse_shingles(data));
