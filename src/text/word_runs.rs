//! The fast tokeniser behind scikit-learn's default `token_pattern`, `(?u)\b\w\w+\b`, and its
//! relatives: a token is a maximal run of Python-`\w` characters whose length (in code points)
//! lies in `min_len..=max_len`.
//!
//! Why runs are exact: with `\b` on both sides (or an unbounded `+`), a match can neither start
//! nor end inside a run of word characters, so Python's backtracking search finds exactly the
//! maximal runs of acceptable length.

use crate::text::char_tables::CharTables;

/// Python `\w` for ASCII bytes, as a lookup table over all byte values (false for the bytes
/// of multi-byte chars, which take the slow path).
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// Bit masks over `chunk` (at most 64 bytes; bit i is byte i): ASCII word bytes, UTF-8 lead
/// bytes and UTF-8 continuation bytes. Full blocks are classified many bytes at a time.
#[inline]
fn classify(chunk: &[u8]) -> (u64, u64, u64) {
    if chunk.len() < 64 {
        let (mut word, mut leads, mut continuation) = (0u64, 0u64, 0u64);
        for (i, &byte) in chunk.iter().enumerate() {
            word |= u64::from(ASCII_WORD[byte as usize]) << i;
            leads |= u64::from(byte >= 0xC0) << i;
            continuation |= u64::from(byte & 0xC0 == 0x80) << i;
        }
        return (word, leads, continuation);
    }
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the build targets x86-64 with SSE2 enabled (as every x86-64 target is).
        unsafe { classify_block_sse2(chunk) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        swar::classify_block(chunk)
    }
}

/// [`classify`] of a full 64-byte block, 16 bytes per step with SSE2 (part of every x86-64
/// CPU): a byte compare and a mask extraction per class, where the portable version needs
/// about ten word operations and a multiply per 8 bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
fn classify_block_sse2(chunk: &[u8]) -> (u64, u64, u64) {
    use std::arch::x86_64::{
        _mm_add_epi8, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
        _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let (mut word, mut leads, mut continuation) = (0u64, 0u64, 0u64);
    for (j, sixteen) in chunk.chunks_exact(16).enumerate() {
        // SAFETY: `sixteen` is 16 readable bytes, and an unaligned load needs no alignment.
        let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
        // Compares are signed, so bytes from 0x80 up (negative) are never in an ASCII range.
        let within = |v, low: u8, high: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(low as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(high as i8 + 1)),
            )
        };
        // Setting bit 5 turns exactly the upper-case letters into lower-case ones.
        let letter = within(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
        let digit = within(v, b'0', b'9');
        let underscore = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8));
        let ascii_word = _mm_or_si128(_mm_or_si128(letter, digit), underscore);
        let shift = 16 * j;
        word |= u64::from(_mm_movemask_epi8(ascii_word) as u16) << shift;
        let high = u64::from(_mm_movemask_epi8(v) as u16);
        // Adding a byte to itself moves its bit 6 to the top.
        let bit6 = u64::from(_mm_movemask_epi8(_mm_add_epi8(v, v)) as u16);
        leads |= (high & bit6) << shift;
        continuation |= (high & !bit6) << shift;
    }
    (word, leads, continuation)
}

/// [`classify`] of a full 64-byte block, 8 bytes at a time in a `u64`: the portable version
/// (and the SSE2 version's reference in tests).
#[cfg(any(not(all(target_arch = "x86_64", target_feature = "sse2")), test))]
mod swar {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// Per byte of `lo7` (bytes below 0x80): the high bit set where the byte is >= `c`.
    #[inline(always)]
    fn at_least(lo7: u64, c: u8) -> u64 {
        (lo7 + (0x80 - c as u64) * ONES) & HIGHS
    }

    /// The high bit of each byte gathered into the low 8 bits (byte i -> bit i).
    #[inline(always)]
    fn gather_high_bits(highs: u64) -> u64 {
        ((highs >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    }

    /// Bit masks of one full 64-byte block (see [`super::classify`]).
    pub(super) fn classify_block(chunk: &[u8]) -> (u64, u64, u64) {
        let (mut word, mut leads, mut continuation) = (0u64, 0u64, 0u64);
        for (j, eight) in chunk.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
            let high = x & HIGHS;
            let lo7 = x & !HIGHS;
            let digit = at_least(lo7, b'0') & !at_least(lo7, b'9' + 1);
            let upper = at_least(lo7, b'A') & !at_least(lo7, b'Z' + 1);
            let lower = at_least(lo7, b'a') & !at_least(lo7, b'z' + 1);
            let differs = lo7 ^ (u64::from(b'_') * ONES);
            let underscore = !(differs.wrapping_add(0x7F * ONES) | differs) & HIGHS;
            let ascii_word = (digit | upper | lower | underscore) & !high;
            word |= gather_high_bits(ascii_word) << (8 * j);
            if high != 0 {
                let bit6 = (x << 1) & HIGHS;
                leads |= gather_high_bits(high & bit6) << (8 * j);
                continuation |= gather_high_bits(high & !bit6) << (8 * j);
            }
        }
        (word, leads, continuation)
    }
}

/// The lowest `n` bits set (`n` up to 64).
#[inline(always)]
fn low_bits(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// Bits `n` and above set (none when `n` is 64 or more).
#[inline(always)]
fn bits_from(n: usize) -> u64 {
    if n >= 64 {
        0
    } else {
        u64::MAX << n
    }
}

/// Runs of word characters (Python's `\w`) of a length in `min_len..=max_len`: the
/// tokens of scikit-learn's default pattern `(?u)\b\w\w+\b` and its variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordRuns {
    /// The fewest characters of a token.
    pub min_len: usize,
    /// The most characters of a token, if bounded.
    pub max_len: Option<usize>,
}

impl WordRuns {
    /// scikit-learn's default: runs of two or more word characters.
    pub const SCIKIT_LEARN_DEFAULT: WordRuns = WordRuns {
        min_len: 2,
        max_len: None,
    };

    /// Appends the byte spans of the tokens of `text` to `out`, in order.
    ///
    /// Works on 64-byte blocks: one pass builds a bit mask of the word bytes (a table lookup per
    /// byte, no branches), then runs are found with bit operations, one step per token instead
    /// of a data-dependent branch per byte. Blocks holding non-ASCII bytes then classify each
    /// multi-byte char with the tables and mark all of its bytes; a run's length in chars is
    /// its length in bytes minus its UTF-8 continuation bytes.
    pub fn spans(&self, text: &str, tables: &CharTables, out: &mut Vec<(usize, usize)>) {
        let bytes = text.as_bytes();
        let length = bytes.len();
        // The current run: where it started and how many continuation bytes it holds so far.
        let mut run: Option<(usize, usize)> = None;
        // Bytes at the start of the next block that belong to a char begun in this one, and
        // whether that char is a word char.
        let mut carried = 0usize;
        let mut carried_word = false;
        let mut block = 0usize;
        while block < length {
            let n = (length - block).min(64);
            let chunk = &bytes[block..block + n];
            let (mut word, leads, continuation) = classify(chunk);
            if leads | continuation != 0 {
                let mut leads = leads;
                if carried > 0 {
                    if carried_word {
                        word |= low_bits(carried.min(n));
                    }
                    carried = carried.saturating_sub(n);
                }
                while leads != 0 {
                    let i = leads.trailing_zeros() as usize;
                    leads &= leads - 1;
                    // A lead byte starts a char, so this is a char boundary.
                    let c = text[block + i..].chars().next().unwrap_or('\u{fffd}');
                    let width = c.len_utf8();
                    let is_word = tables.is_word(c);
                    if is_word {
                        word |= low_bits((i + width).min(64)) & !low_bits(i);
                    }
                    if i + width > 64 {
                        carried = i + width - 64;
                        carried_word = is_word;
                    }
                }
            }
            let valid = low_bits(n);
            if continuation == 0 {
                self.block_runs::<false>(block, word, 0, valid, &mut run, out);
            } else {
                self.block_runs::<true>(block, word, continuation, valid, &mut run, out);
            }
            block += n;
        }
        if let Some((start, skipped)) = run {
            self.close_run(start, length, length - start - skipped, out);
        }
    }

    /// Finds the runs of one block's word mask, continuing `run` from the block before.
    /// `UTF8` false (no continuation bytes in the block) skips the char counting.
    #[inline(always)]
    fn block_runs<const UTF8: bool>(
        &self,
        block: usize,
        word: u64,
        continuation: u64,
        valid: u64,
        run: &mut Option<(usize, usize)>,
        out: &mut Vec<(usize, usize)>,
    ) {
        let mut position = 0usize;
        loop {
            if let Some((start, skipped)) = *run {
                let ends = !word & valid & bits_from(position);
                if ends == 0 {
                    if UTF8 {
                        let rest = continuation & valid & bits_from(position);
                        *run = Some((start, skipped + rest.count_ones() as usize));
                    }
                    break;
                }
                let end = ends.trailing_zeros() as usize;
                let skipped = if UTF8 {
                    let inside = continuation & low_bits(end) & bits_from(position);
                    skipped + inside.count_ones() as usize
                } else {
                    skipped
                };
                let end_byte = block + end;
                self.close_run(start, end_byte, end_byte - start - skipped, out);
                *run = None;
                position = end;
            }
            let starts = word & bits_from(position);
            if starts == 0 {
                break;
            }
            position = starts.trailing_zeros() as usize;
            *run = Some((block + position, 0));
        }
    }

    #[inline]
    fn close_run(&self, start: usize, end: usize, chars: usize, out: &mut Vec<(usize, usize)>) {
        if chars >= self.min_len && self.max_len.is_none_or(|max| chars <= max) {
            out.push((start, end));
        }
    }
}

#[cfg(test)]
mod tests;
