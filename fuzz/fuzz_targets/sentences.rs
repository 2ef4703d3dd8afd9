//! Fuzz target: see `storylens::fuzz_targets::sentences`, which `cargo test` also runs on the
//! saved corpus (fuzz/corpus/sentences/).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| storylens::fuzz_targets::sentences(data));
