//! Helpers shared by the unit tests: proptest strategies, and a fixed pseudo-random sequence.

/// A small deterministic pseudo-random generator (Knuth's MMIX linear congruential step):
/// the same sequence on every platform and run, with no dependency. Its low bits are weak,
/// so callers take high ones. New tests use proptest instead; the comparison layer's tests
/// still use this one.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed)
    }

    /// Advances and returns the whole 64-bit state.
    pub fn next_state(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0
    }
}

/// Terms that stress the vocabulary merge's ordering: few first bytes (crowded buckets),
/// lengths around its 16-byte sort key, shared long prefixes, non-ASCII and NUL bytes.
pub fn awkward_term() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const STEMS: &[&str] = &[
        "",
        "co",
        "con",
        "abcdefghijklmno",
        "abcdefghijklmnop",
        "\u{e9}",
        "\0",
    ];
    const TAILS: &[&str] = &["", "a", "b", "\0", "zz", "\u{ff}", "0123456789abcdef"];
    prop::collection::vec(
        (prop::sample::select(STEMS), prop::sample::select(TAILS)),
        1..=3,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(stem, tail)| [stem, tail])
            .collect()
    })
}
