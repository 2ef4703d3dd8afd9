//! Fuzz target: see `storylens::fuzz_targets::model_file`, which `cargo test` also runs on the
//! saved corpus (fuzz/corpus/model_file/).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| storylens::fuzz_targets::model_file(data));
