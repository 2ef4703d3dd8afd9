//! The paraphrase signal of the reuse map: how much of two sentences' content words can be
//! paired up, exactly or as spelling variants of one word, regardless of word order.
//!
//! TF-IDF cosine under-rates a rewrite: in a set about one story, the names every sentence
//! shares weigh little, so the few words a rewriter swaps ("telephone conversation" for
//! "phone call") decide the cosine. The alignment instead asks what share of each sentence's
//! content (its TF-IDF weight) finds a partner in the other: first the terms both use, then,
//! among the terms left over, pairs whose character 3-grams overlap ("telephon" and "phone",
//! "Shoigu" and "Shoygu"), each pair counting by that overlap. The score is the mean of the
//! two sentences' covered shares. Nothing is downloaded: the variants come from the words of
//! the set itself (see docs/design/comparison.md for the options that were weighed).

use crate::error::{Error, Result};

/// Character n-gram length of the term similarity.
const GRAM: usize = 3;

/// The character 3-gram set of every term (column) of the TF-IDF matrix, as sorted hashes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermGrams {
    grams: Vec<Vec<u64>>,
    /// One bit per gram (its hash modulo 64): two terms share at most as many grams as
    /// their signatures share bits, which rules out most pairs with one AND.
    signatures: Vec<u64>,
}

impl TermGrams {
    /// The 3-grams of each of `terms`, which must name the `n_columns` columns in order.
    pub fn new(terms: &[&str], n_columns: usize) -> Result<Self> {
        if terms.len() != n_columns {
            return Err(Error::ShapeMismatch(format!(
                "{} terms for a TF-IDF matrix of {n_columns} columns",
                terms.len()
            )));
        }
        let grams: Vec<Vec<u64>> = terms.iter().map(|t| char_grams(t)).collect();
        let signatures = grams
            .iter()
            .map(|set| set.iter().fold(0u64, |bits, &g| bits | (1 << (g % 64))))
            .collect();
        Ok(TermGrams { grams, signatures })
    }

    /// The similarity of terms (columns) `a` and `b` (see [`gram_overlap`]) when it is at
    /// least `minimum`, else None.
    pub fn similarity_at_least(&self, a: usize, b: usize, minimum: f64) -> Option<f64> {
        let smaller = self.grams[a].len().min(self.grams[b].len());
        let bound = (self.signatures[a] & self.signatures[b]).count_ones() as f64;
        if smaller == 0 || bound < minimum * smaller as f64 || bound == 0.0 {
            return None;
        }
        let similarity = gram_overlap(&self.grams[a], &self.grams[b]);
        (similarity >= minimum && similarity > 0.0).then_some(similarity)
    }
}

/// The sorted, deduplicated hashes of a word's character 3-grams (lowercased); a word shorter
/// than three characters is one gram.
pub fn char_grams(word: &str) -> Vec<u64> {
    let chars: Vec<char> = word.to_lowercase().chars().collect();
    let mut out: Vec<u64> = if chars.len() <= GRAM {
        vec![hash_chars(&chars)]
    } else {
        chars.windows(GRAM).map(hash_chars).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// FNV-1a over the characters' code points: fixed, so results agree on every platform.
fn hash_chars(chars: &[char]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &c in chars {
        hash ^= u64::from(c);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The overlap coefficient of two gram sets, |A ∩ B| / min(|A|, |B|): 1 when one word's
/// grams all occur in the other ("phone" in "telephone"), 0 for empty sets.
pub fn gram_overlap(a: &[u64], b: &[u64]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    super::shared_count(a, b) as f64 / smaller as f64
}

/// The alignment of two sentences: `score` in [0, 1], the number of `exact` shared terms and
/// of `variant` pairs matched by spelling.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Alignment {
    pub score: f64,
    pub exact: usize,
    pub variants: usize,
}

/// Aligns two TF-IDF rows (sorted by column, non-negative weights): the terms they share
/// count fully; the rest are paired greedily, most similar first, each term at most once,
/// when `grams` says their spellings overlap at least `min_similarity`, and count by that
/// similarity. The score is the mean over both rows of the share of its weight so covered.
pub fn align_rows(
    a: (&[i32], &[f64]),
    b: (&[i32], &[f64]),
    grams: Option<&TermGrams>,
    min_similarity: f64,
) -> Alignment {
    let total_a: f64 = a.1.iter().sum();
    let total_b: f64 = b.1.iter().sum();
    if total_a <= 0.0 || total_b <= 0.0 {
        return Alignment::default();
    }
    let (mut covered_a, mut covered_b, mut exact) = (0.0, 0.0, 0usize);
    // The terms of each row that the other lacks, as (column, weight).
    let mut left_a: Vec<(i32, f64)> = Vec::new();
    let mut left_b: Vec<(i32, f64)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.0.len() || j < b.0.len() {
        let order = match (a.0.get(i), b.0.get(j)) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            // Leftover terms are kept only when variants are looked for: without them this
            // is a merge that allocates nothing.
            std::cmp::Ordering::Less => {
                if grams.is_some() {
                    left_a.push((a.0[i], a.1[i]));
                }
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                if grams.is_some() {
                    left_b.push((b.0[j], b.1[j]));
                }
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                covered_a += a.1[i];
                covered_b += b.1[j];
                exact += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let mut variants = 0;
    if let Some(grams) = grams {
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (x, &(ca, _)) in left_a.iter().enumerate() {
            for (y, &(cb, _)) in left_b.iter().enumerate() {
                if let Some(similarity) =
                    grams.similarity_at_least(ca as usize, cb as usize, min_similarity)
                {
                    pairs.push((similarity, x, y));
                }
            }
        }
        // Most similar first; ties in row order, so the pairing never depends on anything
        // but the two rows.
        pairs.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
        let (mut used_a, mut used_b) = (vec![false; left_a.len()], vec![false; left_b.len()]);
        for (similarity, x, y) in pairs {
            if used_a[x] || used_b[y] {
                continue;
            }
            used_a[x] = true;
            used_b[y] = true;
            covered_a += similarity * left_a[x].1;
            covered_b += similarity * left_b[y].1;
            variants += 1;
        }
    }
    let score = ((covered_a / total_a + covered_b / total_b) / 2.0).clamp(0.0, 1.0);
    Alignment {
        score,
        exact,
        variants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_overlap_and_strangers_do_not() {
        let grams = |w: &str| char_grams(w);
        assert_eq!(gram_overlap(&grams("phone"), &grams("telephone")), 1.0);
        assert!((gram_overlap(&grams("defence"), &grams("defense")) - 0.6).abs() < 1e-12);
        assert_eq!(gram_overlap(&grams("call"), &grams("conversation")), 0.0);
        assert_eq!(gram_overlap(&grams("Port"), &grams("port")), 1.0);
        assert_eq!(gram_overlap(&[], &grams("port")), 0.0);
        assert_eq!(char_grams("ab").len(), 1);
        // Fixed values: the hash must not change between versions or platforms.
        assert_eq!(char_grams("abc"), [16654208175385433931]);
    }

    #[test]
    fn shared_terms_and_variants_cover_both_rows() {
        // Columns: 0 carter, 1 shoigu, 2 telephon, 3 convers, 4 phone, 5 call.
        let names = ["carter", "shoigu", "telephon", "convers", "phone", "call"];
        let grams = TermGrams::new(&names, 6).unwrap();
        let a = (&[0, 1, 2, 3][..], &[0.5, 0.5, 0.5, 0.5][..]);
        let b = (&[0, 1, 4, 5][..], &[0.5, 0.5, 0.5, 0.5][..]);
        let plain = align_rows(a, b, None, 0.5);
        assert_eq!((plain.exact, plain.variants), (2, 0));
        assert!((plain.score - 0.5).abs() < 1e-12);
        let soft = align_rows(a, b, Some(&grams), 0.5);
        assert_eq!((soft.exact, soft.variants), (2, 1));
        // "phon" is 2 of "telephon"'s 6 grams and 2 of "phone"'s 3: overlap 2/3.
        assert!((soft.score - (1.0 + 2.0 / 3.0 * 0.5) / 2.0).abs() < 1e-12);
        assert_eq!(
            align_rows(a, (&[], &[]), Some(&grams), 0.5),
            Alignment::default()
        );
        assert_eq!(align_rows(a, a, None, 0.5).score, 1.0);
        assert!(TermGrams::new(&names[..5], 6).is_err());
        // The signature bound never hides a similar pair.
        let words = [
            "telephon", "phone", "defence", "defense", "call", "convers", "carter",
        ];
        let all = TermGrams::new(&words, words.len()).unwrap();
        for a in 0..words.len() {
            for b in 0..words.len() {
                let exact = gram_overlap(&char_grams(words[a]), &char_grams(words[b]));
                for minimum in [0.1, 0.5, 0.9] {
                    let expected = (exact >= minimum && exact > 0.0).then_some(exact);
                    assert_eq!(all.similarity_at_least(a, b, minimum), expected);
                }
            }
        }
    }
}
