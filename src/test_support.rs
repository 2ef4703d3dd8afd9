//! Helpers shared by the unit tests: proptest strategies.

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
