use proptest::prelude::*;

use super::*;
use crate::text::char_tables::current;

fn tokens(runs: WordRuns, text: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    runs.spans(text, &current(), &mut spans);
    spans.iter().map(|&(s, e)| &text[s..e]).collect()
}

/// The masks of a block byte by byte, from the lookup table and the UTF-8 bit patterns.
fn classified_bytewise(block: &[u8]) -> (u64, u64, u64) {
    let bit = |i: usize, set: bool| u64::from(set) << i;
    block
        .iter()
        .enumerate()
        .fold((0, 0, 0), |(w, l, c), (i, &b)| {
            (
                w | bit(i, ASCII_WORD[b as usize]),
                l | bit(i, b >= 0xC0),
                c | bit(i, b & 0xC0 == 0x80),
            )
        })
}

#[test]
fn every_byte_value_in_every_lane_is_classified_like_each_byte() {
    for k in 0..4 {
        let block: [u8; 64] = std::array::from_fn(|i| (64 * k + i) as u8);
        let expected = classified_bytewise(&block);
        assert_eq!(classify(&block), expected, "{block:?}");
        assert_eq!(swar::classify_block(&block), expected, "{block:?}");
    }
}

#[test]
fn matches_the_default_pattern() {
    let default = WordRuns::SCIKIT_LEARN_DEFAULT;
    assert_eq!(
        tokens(default, "The U.S. said a 50-minute call_2 went well."),
        ["The", "said", "50", "minute", "call_2", "went", "well"]
    );
    assert_eq!(
        tokens(default, "naïve café 中文 x"),
        ["naïve", "café", "中文"]
    );
    // A combining mark is not \w in Python, so it splits the word.
    assert_eq!(tokens(default, "cafe\u{301}s"), ["cafe"]);
    assert!(tokens(default, "").is_empty());
}

/// The byte-at-a-time scanner this module used before the block scanner, kept as the
/// reference.
fn reference_spans(runs: WordRuns, text: &str) -> Vec<(usize, usize)> {
    let tables = current();
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !tables.is_word(c) {
            chars.next();
            continue;
        }
        let mut end = start;
        let mut count = 0;
        while let Some(&(at, c)) = chars.peek() {
            if !tables.is_word(c) {
                break;
            }
            end = at + c.len_utf8();
            count += 1;
            chars.next();
        }
        if count >= runs.min_len && runs.max_len.is_none_or(|max| count <= max) {
            out.push((start, end));
        }
    }
    out
}

#[test]
fn block_scanner_matches_the_reference_across_block_edges() {
    let tables = current();
    // Long runs across many blocks, with multi-byte chars straddling block edges.
    for offset in 0..70 {
        let text = "a".repeat(offset) + &"\u{e9}\u{4e2d}b\u{1F600}".repeat(40) + " z";
        let mut got = Vec::new();
        WordRuns::SCIKIT_LEARN_DEFAULT.spans(&text, &tables, &mut got);
        assert_eq!(got, reference_spans(WordRuns::SCIKIT_LEARN_DEFAULT, &text));
    }
}

#[test]
fn respects_length_bounds() {
    let short = WordRuns {
        min_len: 1,
        max_len: Some(3),
    };
    assert_eq!(tokens(short, "a bb cccc ddd"), ["a", "bb", "ddd"]);
}

/// Text made of pieces that put word, non-word, multi-byte and combining characters next to
/// each other.
const PIECES: &[&str] = &[
    "a",
    "bc",
    " ",
    "-",
    "\u{e9}",
    "\u{2019}",
    "\u{201c}",
    "\u{4e2d}",
    "\u{1F600}",
    "\u{301}",
    "x\u{301}",
    "_",
    "9",
    "\n",
    "\u{e9}\u{e9}",
    "Zz",
    "\u{2014}",
    ".",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn full_blocks_are_classified_like_each_byte(block in prop::collection::vec(any::<u8>(), 64)) {
        let expected = classified_bytewise(&block);
        prop_assert_eq!(classify(&block), expected);
        prop_assert_eq!(swar::classify_block(&block), expected);
    }

    #[test]
    fn short_blocks_are_classified_like_the_first_bytes_of_a_full_one(
        chunk in prop::collection::vec(any::<u8>(), 64),
        len in 0usize..64,
    ) {
        let (word, leads, continuation) = classify(&chunk);
        prop_assert_eq!(
            classify(&chunk[..len]),
            (word & low_bits(len), leads & low_bits(len), continuation & low_bits(len))
        );
    }

    #[test]
    fn block_scanner_matches_the_reference(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..200),
        runs in prop::sample::select(&[
            WordRuns::SCIKIT_LEARN_DEFAULT,
            WordRuns { min_len: 1, max_len: None },
            WordRuns { min_len: 2, max_len: Some(3) },
        ][..]),
    ) {
        let text = pieces.concat();
        let mut got = Vec::new();
        runs.spans(&text, &current(), &mut got);
        prop_assert_eq!(got, reference_spans(runs, &text));
    }
}
