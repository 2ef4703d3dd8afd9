//! Fuzz target: see `storylens::fuzz_targets::cleaner`, which `cargo test` also runs on the
//! saved corpus (fuzz/corpus/cleaner/).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| storylens::fuzz_targets::cleaner(data));
