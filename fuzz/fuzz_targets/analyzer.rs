//! Fuzz target: see `storylens::fuzz_targets::analyzer`, which `cargo test` also runs on the
//! saved corpus (fuzz/corpus/analyzer/).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| storylens::fuzz_targets::analyzer(data));
