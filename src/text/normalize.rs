//! Text normalisation before tokenising: typographic folding, lowercasing and accent
//! stripping, each exactly as Python does it (`str.lower`, scikit-learn's
//! `strip_accents_unicode` / `strip_accents_ascii`), with an optional map from every output
//! byte back to the character it came from, so token offsets can point into the original.

use unicode_normalization::char::is_combining_mark;

use crate::text::char_tables::CharTables;
use crate::text::news::fold_typography;
use crate::text::news::initialisms::initialism_ranges;

/// scikit-learn's `strip_accents` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StripAccents {
    /// NFKD, then drop every non-ASCII char.
    Ascii,
    /// NFKD, then drop combining chars.
    Unicode,
}

impl std::str::FromStr for StripAccents {
    type Err = crate::error::Error;

    /// scikit-learn's names, "ascii" and "unicode".
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "ascii" => Ok(StripAccents::Ascii),
            "unicode" => Ok(StripAccents::Unicode),
            other => Err(crate::error::Error::unknown_choice(
                "strip_accents",
                other,
                &["ascii", "unicode"],
            )),
        }
    }
}

/// Which normalisation steps run, in the order typography → lowercase → accents (scikit-learn
/// lowercases before stripping accents; folding comes first so that ASCII stripping keeps the
/// folded apostrophes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Normalization {
    /// Fold typographic quotes, apostrophes and dashes to ASCII.
    pub fold_typography: bool,
    /// Lowercase (Python's `str.lower`).
    pub lowercase: bool,
    /// Strip accents, scikit-learn's `strip_accents`.
    pub strip_accents: Option<StripAccents>,
}

impl Normalization {
    /// True when no step changes anything (the text can be used as it is).
    pub fn is_identity(&self) -> bool {
        !self.fold_typography && !self.lowercase && self.strip_accents.is_none()
    }
}

/// Normalised text and, when asked for, the source char index of every output byte (plus one
/// final entry: the number of chars in the input).
#[derive(Debug, Default, Clone)]
pub struct NormalizedText {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text`, the index of the input char it came from.
    pub byte_sources: Vec<u32>,
}

/// Normalises `input` into `out.text`, reusing its allocation. With `track_sources`,
/// `out.byte_sources` maps output bytes to input char indices.
pub fn normalize_into(
    input: &str,
    steps: Normalization,
    tables: &CharTables,
    track_sources: bool,
    out: &mut NormalizedText,
) {
    out.text.clear();
    out.byte_sources.clear();
    if !track_sources && normalize_streaming(input, steps, tables, &mut out.text) {
        return;
    }
    out.text.clear();
    // Each step maps chars to chars; the pipeline keeps, per output char, its source index.
    let mut chars: Vec<(char, u32)> = input
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let c = if steps.fold_typography {
                fold_typography(c)
            } else {
                c
            };
            (c, i as u32)
        })
        .collect();
    if steps.lowercase {
        chars = lowercase_chars(&chars, tables);
    }
    match steps.strip_accents {
        Some(StripAccents::Ascii) => chars = strip_accents_ascii(&chars, tables),
        Some(StripAccents::Unicode) => chars = strip_accents_unicode(&chars, tables),
        None => {}
    }
    out.text.reserve(chars.len());
    for &(c, source) in &chars {
        out.text.push(c);
        if track_sources {
            for _ in 0..c.len_utf8() {
                out.byte_sources.push(source);
            }
        }
    }
    if track_sources {
        out.byte_sources.push(input.chars().count() as u32);
    }
}

/// [`normalize_into`], then rule 9 of the news tokeniser
/// ([`crate::text::news::initialisms`]): each letter of a standalone initialism written in
/// capitals ("US") is followed by a period ("u.s."), so that it becomes the same token as its
/// dotted spelling. The inserted periods map to the letter before them.
///
/// ```
/// use storylens::text::char_tables::CharTables;
/// use storylens::text::normalize::{normalize_news_into, Normalization, NormalizedText};
///
/// let steps = Normalization { lowercase: true, ..Normalization::default() };
/// let mut out = NormalizedText::default();
/// normalize_news_into("The US told us", steps, &CharTables::rust_native(), true, &mut out);
/// assert_eq!(out.text, "the u.s. told us");
/// assert_eq!(&out.byte_sources[4..8], &[4, 4, 5, 5]);
/// ```
pub fn normalize_news_into(
    input: &str,
    steps: Normalization,
    tables: &CharTables,
    track_sources: bool,
    out: &mut NormalizedText,
) {
    let initialisms = initialism_ranges(input);
    if initialisms.is_empty() {
        normalize_into(input, steps, tables, track_sources, out);
        return;
    }
    if !track_sources && dot_streaming(input, steps, tables, &initialisms, &mut out.text) {
        out.byte_sources.clear();
        return;
    }
    normalize_into(input, steps, tables, true, out);
    // The char index of every letter of an initialism (their chars are ASCII: one byte each).
    let mut dotted = Vec::new();
    let (mut byte, mut char_index) = (0, 0);
    for (start, end) in initialisms {
        char_index += input[byte..start].chars().count();
        dotted.extend((char_index..char_index + (end - start)).map(|i| i as u32));
        char_index += end - start;
        byte = end;
    }
    let text = std::mem::take(&mut out.text);
    let sources = std::mem::take(&mut out.byte_sources);
    let mut next = dotted.iter().peekable();
    for (at, c) in text.char_indices() {
        let source = sources[at];
        out.text.push(c);
        let width = c.len_utf8();
        if track_sources {
            out.byte_sources.extend(std::iter::repeat_n(source, width));
        }
        while next.peek().is_some_and(|&&letter| letter < source) {
            next.next();
        }
        // Each initialism letter yields one output char; the period follows it.
        if next.peek().is_some_and(|&&letter| letter == source) {
            next.next();
            out.text.push('.');
            if track_sources {
                out.byte_sources.push(source);
            }
        }
    }
    if track_sources {
        out.byte_sources.push(sources[sources.len() - 1]);
    }
}

/// The hot path of [`normalize_news_into`]: the text between initialisms goes through the
/// streaming normaliser, and each initialism is written lowercased (when asked) with its
/// periods. Returns false, like the streaming normaliser, for a capital sigma to lowercase.
fn dot_streaming(
    input: &str,
    steps: Normalization,
    tables: &CharTables,
    initialisms: &[(usize, usize)],
    out: &mut String,
) -> bool {
    out.clear();
    let mut done = 0;
    for &(start, end) in initialisms {
        if !normalize_streaming(&input[done..start], steps, tables, out) {
            return false;
        }
        for letter in input[start..end].chars() {
            out.push(if steps.lowercase {
                letter.to_ascii_lowercase()
            } else {
                letter
            });
            out.push('.');
        }
        done = end;
    }
    normalize_streaming(&input[done..], steps, tables, out)
}

/// Where the source of a normalised span ends: past the combining marks right after it that
/// normalisation dropped, since a stripped accent belongs to its letter ("cafe\u{301}" stripped
/// to "cafe" spans all five chars).
pub struct SourceEnds {
    /// `after[i]`: the first index at or after `i` that is not a dropped combining mark.
    after: Vec<u32>,
}

impl SourceEnds {
    /// For `input` and its normalisation, made with `track_sources`.
    pub fn new(input: &str, normalized: &NormalizedText) -> Self {
        let chars: Vec<char> = input.chars().collect();
        let mut produced = vec![false; chars.len()];
        let sources = &normalized.byte_sources;
        for &source in &sources[..sources.len().saturating_sub(1)] {
            produced[source as usize] = true;
        }
        let mut after = vec![chars.len() as u32; chars.len() + 1];
        for i in (0..chars.len()).rev() {
            let dropped_mark = !produced[i] && is_combining_mark(chars[i]);
            after[i] = if dropped_mark { after[i + 1] } else { i as u32 };
        }
        SourceEnds { after }
    }

    /// The end of a span whose last source char ends at `end`.
    pub fn extend(&self, end: usize) -> usize {
        self.after.get(end).map_or(end, |&after| after as usize)
    }
}

/// The single-pass normaliser for the hot path: ASCII runs are copied and lowercased in bulk,
/// and each other char goes through fold → lowercase → strip on its own. Returns false (leaving
/// `out` unspecified) for the one context-dependent case, a capital sigma to lowercase, which
/// the general path handles.
fn normalize_streaming(
    input: &str,
    steps: Normalization,
    tables: &CharTables,
    out: &mut String,
) -> bool {
    out.reserve(input.len());
    let bytes = input.as_bytes();
    let mut position = 0;
    while position < bytes.len() {
        let ascii_end = position + ascii_prefix_len(&bytes[position..]);
        if ascii_end > position {
            let start = out.len();
            out.push_str(&input[position..ascii_end]);
            if steps.lowercase {
                out[start..].make_ascii_lowercase();
            }
            position = ascii_end;
            if position >= bytes.len() {
                break;
            }
        }
        // `position` is on a char boundary: ASCII runs end right before a multi-byte char.
        let Some(original) = input[position..].chars().next() else {
            break;
        };
        position += original.len_utf8();
        let c = if steps.fold_typography {
            fold_typography(original)
        } else {
            original
        };
        if !steps.lowercase {
            push_stripped(c, steps.strip_accents, tables, out);
        } else if c == 'Σ' {
            return false;
        } else if c.is_ascii() {
            push_stripped(c.to_ascii_lowercase(), steps.strip_accents, tables, out);
        } else if let Some(lowered) = tables.lowercase_of(c) {
            for l in lowered.chars() {
                push_stripped(l, steps.strip_accents, tables, out);
            }
        } else {
            push_stripped(c, steps.strip_accents, tables, out);
        }
    }
    true
}

/// Length of the leading ASCII run of `bytes`, checked 8 bytes at a time.
#[inline]
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut eights = bytes.chunks_exact(8);
    let mut length = 0;
    for eight in &mut eights {
        let high = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])) & HIGHS;
        if high != 0 {
            return length + high.trailing_zeros() as usize / 8;
        }
        length += 8;
    }
    length
        + eights
            .remainder()
            .iter()
            .position(|&b| b >= 0x80)
            .unwrap_or(eights.remainder().len())
}

/// Appends `c` after accent stripping (per-char NFKD, then the stripper's filter).
#[inline]
fn push_stripped(c: char, strip: Option<StripAccents>, tables: &CharTables, out: &mut String) {
    if c.is_ascii() || strip.is_none() {
        out.push(c);
        return;
    }
    let keep = |part: char| match strip {
        Some(StripAccents::Ascii) => part.is_ascii(),
        _ => !tables.is_combining(part),
    };
    match tables.decomposition_of(c) {
        Some(parts) => parts.chars().filter(|&p| keep(p)).for_each(|p| out.push(p)),
        None => {
            if keep(c) {
                out.push(c);
            }
        }
    }
}

/// Convenience wrapper returning the normalised text only.
pub fn normalize(input: &str, steps: Normalization, tables: &CharTables) -> String {
    let mut out = NormalizedText::default();
    normalize_into(input, steps, tables, false, &mut out);
    out.text
}

/// Python's `str.lower()`: the per-char mapping from the tables, and the final-sigma rule.
fn lowercase_chars(chars: &[(char, u32)], tables: &CharTables) -> Vec<(char, u32)> {
    let final_sigmas = final_sigma_flags(chars, tables);
    let mut sigma_index = 0;
    let mut out = Vec::with_capacity(chars.len());
    for &(c, source) in chars {
        if c.is_ascii() {
            out.push((c.to_ascii_lowercase(), source));
        } else if c == 'Σ' {
            let is_final = final_sigmas.get(sigma_index).copied().unwrap_or(false);
            sigma_index += 1;
            out.push((if is_final { 'ς' } else { 'σ' }, source));
        } else if let Some(lowered) = tables.lowercase_of(c) {
            out.extend(lowered.chars().map(|l| (l, source)));
        } else {
            out.push((c, source));
        }
    }
    out
}

/// For each capital sigma in order: whether it lowercases to final sigma, by the tables'
/// Final_Sigma rule (CPython's, when the tables come from Python).
fn final_sigma_flags(chars: &[(char, u32)], tables: &CharTables) -> Vec<bool> {
    if !chars.iter().any(|&(c, _)| c == 'Σ') {
        return Vec::new();
    }
    let plain: Vec<char> = chars.iter().map(|&(c, _)| c).collect();
    (0..plain.len())
        .filter(|&i| plain[i] == 'Σ')
        .map(|i| tables.is_final_sigma(&plain, i))
        .collect()
}

/// Per-char NFKD. Canonical reordering of combining marks is skipped on purpose: both accent
/// strippers drop the marks, so their order never shows.
fn decompose(chars: &[(char, u32)], tables: &CharTables) -> (Vec<(char, u32)>, bool) {
    let mut changed = false;
    let mut out = Vec::with_capacity(chars.len());
    for &(c, source) in chars {
        match tables.decomposition_of(c) {
            Some(parts) => {
                changed = true;
                out.extend(parts.chars().map(|p| (p, source)));
            }
            None => out.push((c, source)),
        }
    }
    (out, changed)
}

/// scikit-learn's `strip_accents_ascii`: NFKD, then keep ASCII only.
fn strip_accents_ascii(chars: &[(char, u32)], tables: &CharTables) -> Vec<(char, u32)> {
    let (decomposed, _) = decompose(chars, tables);
    decomposed
        .into_iter()
        .filter(|(c, _)| c.is_ascii())
        .collect()
}

/// scikit-learn's `strip_accents_unicode`: NFKD, then drop combining chars.
fn strip_accents_unicode(chars: &[(char, u32)], tables: &CharTables) -> Vec<(char, u32)> {
    let (decomposed, _) = decompose(chars, tables);
    decomposed
        .into_iter()
        .filter(|(c, _)| !tables.is_combining(*c))
        .collect()
}

#[cfg(test)]
mod tests;
