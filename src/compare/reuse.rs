//! The reuse map: for every sentence and every other article, the sentence of that article it
//! matches best, and how closely (verbatim copy, light edit, paraphrase, or nothing).
//!
//! Two signals are combined because each misses what the other sees: shared word 3-grams
//! ("shingles") catch copied wording even when a few words change, and TF-IDF cosine catches
//! rewording of the same facts. Candidates come from inverted indexes over shingles and over
//! the heavier TF-IDF terms, so the work grows with the overlap between sentences rather than
//! with the square of their number.
//!
//! A third signal, the alignment of content words ([`alignment`]), finds rewrites that the
//! cosine under-rates: synonyms leave the shared names light in a one-story set, and
//! spelling variants ("telephone", "phone") are different terms to TF-IDF. It runs on each
//! (sentence, article)'s best match that the exact signals leave unique, and only ever
//! promotes it to paraphrase: verbatim and near-verbatim rest on the exact signals alone.

pub mod alignment;
pub mod budget;
pub mod compact;
pub mod twins;

use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use self::alignment::{align_rows, TermGrams};
use self::budget::RowBudget;
use self::twins::Twins;
use crate::error::{Error, Result};
use crate::job::JobControl;
use crate::text::analyzer::{Analyzer, Scratch as AnalyzerScratch};
use crate::vectorize::csr::CsrMatrix;

/// How closely a sentence matches its best counterpart in another article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    /// Copied word for word (or with a negligible change).
    Verbatim = 0,
    /// Copied with edits: long runs of shared wording, or almost the same words.
    NearVerbatim = 1,
    /// The same content in different words.
    Paraphrase = 2,
    /// Nothing in the other article says this.
    Unique = 3,
}

/// Thresholds of the reuse map. The defaults were chosen on the bundled sample set (seven
/// articles with planted copies, edits and paraphrases) for precision above recall: a reader
/// of a reuse map trusts a claimed copy, while a missed paraphrase only leaves a sentence
/// marked as unique. With them, planted reuse is found with precision 0.95-0.98 and recall
/// 0.81-0.89 whether or not the caller's TF-IDF drops stop words or stems; the paraphrase
/// cosine is the one threshold that trades the two.
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseOptions {
    /// Verbatim: shingle containment at least this (default 0.9) ...
    pub verbatim_containment: f64,
    /// ... and cosine at least this (default 0.95); identical shingle sets always count.
    pub verbatim_cosine: f64,
    /// Near-verbatim: containment at least this (default 0.5) ...
    pub near_containment: f64,
    /// ... or cosine at least this (default 0.8).
    pub near_cosine: f64,
    /// Paraphrase: cosine at least this (default 0.45; 0.35 to 0.4 finds a few more
    /// paraphrases on the sample set at a visible cost in precision) ...
    pub paraphrase_cosine: f64,
    /// ... or alignment of the content words at least this (default 0.5; see
    /// [`alignment::align_rows`]), with at least `min_shared_terms` terms shared exactly and
    /// `min_aligned_terms` paired in all.
    pub paraphrase_alignment: f64,
    /// Two leftover terms pair up as spelling variants when their character 3-grams overlap
    /// at least this much (default 0.5).
    pub term_similarity: f64,
    /// Terms paired (exactly or as variants) for a paraphrase by alignment (default 4:
    /// with 3, a sentence sharing only the story's names and one stock phrase passed).
    pub min_aligned_terms: usize,
    /// The slower paraphrase signals (the alignment, a sentence encoder's cosine) look only at
    /// candidates that the exact signals leave unique and whose cosine reaches this
    /// (default 0.15: on the sample set, the alignment alone finds the same from 0 to 0.25,
    /// and with an encoder 0.15 finds one rewrite more than 0.25) ...
    pub alignment_floor: f64,
    /// ... and, of those, at the `top_k` with the highest cosine for each sentence, over all
    /// the other articles (default 10: on the sample set, 1 finds two rewrites fewer, and with
    /// an encoder 5 finds one fewer; from 10 to 50 nothing moves). A
    /// rewrite whose closest sentence by cosine is another one is still looked at, and the
    /// work stays linear in the number of sentences.
    pub top_k: usize,
    /// Of the sentences that share no shingle with a sentence but a term weighing at least
    /// `min_term_weight` in both, only the `max_term_candidates` with the largest dot product
    /// over those terms are scored (default 100). Sentences sharing a shingle always are.
    /// This keeps the work per sentence bounded where common terms meet thousands of
    /// sentences, and on the sample set (at most 150 candidates) changes nothing.
    pub max_term_candidates: usize,
    /// Paraphrase: the cosine of two sentences' vectors from a caller's sentence encoder at
    /// least this (default 0.65, chosen on the sample set with all-MiniLM-L6-v2: 0.6 adds
    /// wrong matches, 0.7 loses three rewrites), when vectors are given.
    pub paraphrase_encoder: f64,
    /// Whether the map also holds a row for every (sentence, other article) without a match,
    /// with the closest sentence there (default false: matches only, which is what every use
    /// of the map but a full listing needs, and grows with the reuse, not with the square of
    /// the number of articles).
    pub include_unique: bool,
    /// Weight of containment in the score that picks the best match, against 1 - weight for
    /// the cosine (default 0.5).
    pub containment_weight: f64,
    /// Containment counts towards a kind only when at least this many shingles are shared
    /// (or all of the shorter sentence's): one shared 3-gram in a four-word sentence is a
    /// stock phrase, not a copy (default 2).
    pub min_shared_shingles: usize,
    /// A match on cosine alone (near-verbatim by cosine, paraphrase) needs at least this many
    /// shared terms: two short sentences sharing one rare word are not saying the same thing
    /// (default 2).
    pub min_shared_terms: usize,
    /// Only terms weighing at least this much in both (L2-normalised) sentences make them
    /// candidates (default 0.2: as good as 0.1 on the sample set, and 9 times faster when the
    /// TF-IDF keeps stop words); lighter terms still count in the cosine of a candidate. For
    /// an article without candidates, the reported best is the closest sentence sharing a
    /// term that weighs this much in the sentence being matched.
    pub min_term_weight: f64,
    /// The most rows the map may hold (default None: no limit). The number of matches is
    /// learnt only while they are found, so the rows are counted as they are, and the map
    /// stops with [`Error::ResourceLimit`] soon after the count passes this, before the
    /// rows exhaust memory; whether it refuses depends only on the input and this budget
    /// (see [`budget`]).
    pub max_rows: Option<usize>,
}

impl Default for ReuseOptions {
    fn default() -> Self {
        ReuseOptions {
            verbatim_containment: 0.9,
            verbatim_cosine: 0.95,
            near_containment: 0.5,
            near_cosine: 0.8,
            paraphrase_cosine: 0.45,
            paraphrase_alignment: 0.5,
            term_similarity: 0.5,
            min_aligned_terms: 4,
            alignment_floor: 0.15,
            top_k: 10,
            max_term_candidates: 100,
            paraphrase_encoder: 0.65,
            include_unique: false,
            containment_weight: 0.5,
            min_shared_shingles: 2,
            min_shared_terms: 2,
            min_term_weight: 0.2,
            max_rows: None,
        }
    }
}

impl ReuseOptions {
    fn validate(&self) -> Result<()> {
        let unit = [
            ("verbatim_containment", self.verbatim_containment),
            ("verbatim_cosine", self.verbatim_cosine),
            ("near_containment", self.near_containment),
            ("near_cosine", self.near_cosine),
            ("paraphrase_cosine", self.paraphrase_cosine),
            ("paraphrase_alignment", self.paraphrase_alignment),
            ("term_similarity", self.term_similarity),
            ("alignment_floor", self.alignment_floor),
            ("paraphrase_encoder", self.paraphrase_encoder),
            ("containment_weight", self.containment_weight),
            ("min_term_weight", self.min_term_weight),
        ];
        for (name, value) in unit {
            if !(0.0..=1.0).contains(&value) {
                return Err(Error::parameter(
                    name,
                    format!("{value} is not between 0 and 1"),
                ));
            }
        }
        Ok(())
    }

    /// The kind of a match with these signals: `shared` shingles and `shared_terms` terms in
    /// common, `identical` shingle sets, and the content words' `alignment` with the number
    /// of terms it paired (`aligned_terms`, exact and variants), and the cosine of a
    /// sentence encoder's vectors (`encoded`, 0 without an encoder). The alignment and the
    /// encoder only ever make a paraphrase: verbatim and near-verbatim rest on the exact
    /// signals alone.
    #[allow(clippy::too_many_arguments)]
    pub fn classify(
        &self,
        cosine: f64,
        containment: f64,
        shared: usize,
        shared_terms: usize,
        identical: bool,
        alignment: f64,
        aligned_terms: usize,
        encoded: f64,
    ) -> Kind {
        let aligned = shared_terms >= self.min_shared_terms
            && aligned_terms >= self.min_aligned_terms
            && alignment >= self.paraphrase_alignment;
        let encoded = encoded > 0.0 && encoded >= self.paraphrase_encoder;
        let containment = if shared >= self.min_shared_shingles || containment >= 1.0 {
            containment
        } else {
            0.0
        };
        let cosine = if shared_terms >= self.min_shared_terms {
            cosine
        } else {
            0.0
        };
        if identical || (containment >= self.verbatim_containment && cosine >= self.verbatim_cosine)
        {
            Kind::Verbatim
        } else if containment >= self.near_containment || cosine >= self.near_cosine {
            Kind::NearVerbatim
        } else if cosine >= self.paraphrase_cosine || aligned || encoded {
            Kind::Paraphrase
        } else {
            Kind::Unique
        }
    }
}

/// The reuse map, one row per (sentence, other article), in sentence order and then article
/// order. `other_sentence` is -1 when the other article has no sentence at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReuseRows {
    pub sentence: Vec<i64>,
    pub other_article: Vec<i64>,
    pub other_sentence: Vec<i64>,
    /// TF-IDF cosine with the best match.
    pub score: Vec<f64>,
    /// Shingle containment |A ∩ B| / min(|A|, |B|) with the best match.
    pub containment: Vec<f64>,
    /// [`Kind`] codes: 0 verbatim, 1 near-verbatim, 2 paraphrase, 3 unique.
    pub kind: Vec<i64>,
}

impl ReuseRows {
    pub fn len(&self) -> usize {
        self.sentence.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentence.is_empty()
    }

    /// Checks that the columns have one length and that every kind is a [`Kind`] code: what
    /// rows built from columns (an unpickled map) must satisfy before any use.
    pub fn check_columns(&self) -> Result<()> {
        let n = self.sentence.len();
        let lengths = [
            ("other_article", self.other_article.len()),
            ("other_sentence", self.other_sentence.len()),
            ("score", self.score.len()),
            ("containment", self.containment.len()),
            ("kind", self.kind.len()),
        ];
        for (name, len) in lengths {
            if len != n {
                return Err(Error::ShapeMismatch(format!(
                    "reuse rows: '{name}' has {len} entries but 'sentence' has {n}"
                )));
            }
        }
        match self
            .kind
            .iter()
            .position(|&k| !(0..=Kind::Unique as i64).contains(&k))
        {
            Some(at) => Err(Error::parameter(
                "kind",
                format!("row {at} holds {}; expected 0 <= value < 4", self.kind[at]),
            )),
            None => Ok(()),
        }
    }

    /// Checks [`ReuseRows::check_columns`], and that sentences and articles are in range for
    /// a set of `n_sentences` sentences in `n_articles` articles.
    pub fn validate(&self, n_sentences: usize, n_articles: usize) -> Result<()> {
        self.check_columns()?;
        let check = |name: &str, values: &[i64], low: i64, bound: usize| -> Result<()> {
            match values.iter().position(|&v| v < low || v >= bound as i64) {
                Some(at) => Err(Error::parameter(
                    name,
                    format!(
                        "row {at} holds {}; expected {low} <= value < {bound}",
                        values[at]
                    ),
                )),
                None => Ok(()),
            }
        };
        check("sentence", &self.sentence, 0, n_sentences)?;
        check("other_article", &self.other_article, 0, n_articles)?;
        check("other_sentence", &self.other_sentence, -1, n_sentences)
    }
}

// -- shingles ---------------------------------------------------------------------------------

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// FNV-1a over the bytes of a token: fixed, byte-based, so hashes agree on every platform.
fn token_hash(token: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in token.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// SplitMix64's finaliser, so that n-grams differing in one token differ in every bit.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn ngram_hash(hashes: &[u64]) -> u64 {
    let mut hash = hashes.len() as u64;
    for &h in hashes {
        hash = (hash.rotate_left(5) ^ h).wrapping_mul(FX_SEED);
    }
    mix(hash)
}

/// The set of hashed word n-grams of one sentence (tokens are lowercased first), sorted and
/// without repeats. A sentence shorter than `n` tokens gives one hash of all its tokens, so
/// that short sentences can still be found as copies; no tokens give no shingles.
///
/// The hash is hand-rolled (FNV-1a per token, an Fx-style combination, a SplitMix64
/// finaliser) and depends only on the tokens' UTF-8 bytes: stable across runs and platforms.
pub fn sentence_shingles(tokens: &[&str], n: usize) -> Result<Vec<u64>> {
    if n == 0 {
        return Err(Error::parameter("n", "shingles need at least one word"));
    }
    let hashes: Vec<u64> = tokens
        .iter()
        .map(|t| token_hash(&t.to_lowercase()))
        .collect();
    let mut out: Vec<u64> = if hashes.is_empty() {
        Vec::new()
    } else if hashes.len() < n {
        vec![ngram_hash(&hashes)]
    } else {
        hashes.windows(n).map(ngram_hash).collect()
    };
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The shingle set of every sentence (see [`sentence_shingles`]), its words found by
/// `analyzer` (which must read text), in parallel in the caller's rayon pool.
pub fn shingle_sentences(
    sentences: &[&str],
    analyzer: &Analyzer,
    n: usize,
) -> Result<Vec<Vec<u64>>> {
    if analyzer.takes_tokens() {
        return Err(Error::parameter(
            "analyzer",
            "must read text: shingles are made of the words it finds in each sentence",
        ));
    }
    sentences
        .par_iter()
        .map_init(AnalyzerScratch::default, |scratch, sentence| {
            let mut words = Vec::new();
            analyzer.analyze(sentence, scratch, &mut |word: &str| {
                words.push(word.to_string())
            });
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            sentence_shingles(&words, n)
        })
        .collect()
}

// -- shared sparse helpers --------------------------------------------------------------------

/// A copy of `matrix` with every row sorted by column and scaled to unit length (empty rows
/// stay empty), after checking that every value is finite. Cosines are then dot products.
pub(crate) fn unit_rows(matrix: &CsrMatrix<f64>, name: &str) -> Result<CsrMatrix<f64>> {
    if let Some(at) = matrix.data.iter().position(|v| !v.is_finite()) {
        return Err(Error::parameter(
            name,
            format!(
                "stored value {at} is {}; expected finite values",
                matrix.data[at]
            ),
        ));
    }
    let mut out = matrix.clone();
    for row in 0..out.n_rows {
        let (start, end) = (out.indptr[row] as usize, out.indptr[row + 1] as usize);
        let sorted = out.indices[start..end].windows(2).all(|w| w[0] < w[1]);
        if !sorted {
            let mut entries: Vec<(i32, f64)> = out.indices[start..end]
                .iter()
                .copied()
                .zip(out.data[start..end].iter().copied())
                .collect();
            entries.sort_by_key(|e| e.0);
            for (k, (column, value)) in entries.into_iter().enumerate() {
                out.indices[start + k] = column;
                out.data[start + k] = value;
            }
        }
        let norm = out.data[start..end]
            .iter()
            .map(|v| v * v)
            .sum::<f64>()
            .sqrt();
        if norm > 0.0 {
            out.data[start..end].iter_mut().for_each(|v| *v /= norm);
        }
    }
    Ok(out)
}

/// `matrix` with the entries of a row that share a column summed (which is what a CSR
/// matrix with such entries means), or None when no row has any: the scores look up one
/// value per column.
fn without_duplicates(matrix: &CsrMatrix<f64>) -> Option<CsrMatrix<f64>> {
    let repeats = |row: usize| {
        let (columns, _) = matrix.row(row);
        if columns.windows(2).all(|w| w[0] < w[1]) {
            return false;
        }
        let mut sorted = columns.to_vec();
        sorted.sort_unstable();
        sorted.windows(2).any(|w| w[0] == w[1])
    };
    if !(0..matrix.n_rows).any(repeats) {
        return None;
    }
    let mut out = CsrMatrix::with_columns(matrix.n_cols);
    for row in 0..matrix.n_rows {
        let mut summed = std::collections::BTreeMap::new();
        let (columns, values) = matrix.row(row);
        for (&column, &value) in columns.iter().zip(values) {
            *summed.entry(column as u32).or_insert(0.0) += value;
        }
        out.push_row(summed);
    }
    Some(out)
}

/// The dot product of two rows sorted by column (the tests' brute-force reference).
#[cfg(test)]
pub(crate) fn sparse_dot(a: (&[i32], &[f64]), b: (&[i32], &[f64])) -> f64 {
    sparse_dot_counted(a, b).0
}

/// The dot product of two rows sorted by column, and the number of columns they share.
pub(crate) fn sparse_dot_counted(a: (&[i32], &[f64]), b: (&[i32], &[f64])) -> (f64, usize) {
    let (mut i, mut j, mut sum, mut shared) = (0, 0, 0.0, 0);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].cmp(&b.0[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a.1[i] * b.1[j];
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (sum, shared)
}

/// Checks that every sentence of `article_of` belongs to one of the `n_articles` articles,
/// naming the first that does not.
pub(crate) fn check_article_of(article_of: &[i64], n_articles: usize) -> Result<()> {
    if let Some(at) = article_of
        .iter()
        .position(|&a| a < 0 || a as u64 >= n_articles as u64)
    {
        return Err(Error::parameter(
            "article_of",
            format!(
                "sentence {at} belongs to article {}; expected 0 <= article < n_articles = {n_articles}",
                article_of[at]
            ),
        ));
    }
    Ok(())
}

/// Checks `article_of` (one entry per sentence, articles in order, each article's sentences
/// contiguous) and returns each article's range of sentences.
pub(crate) fn article_ranges(
    article_of: &[i64],
    n_articles: usize,
) -> Result<Vec<std::ops::Range<usize>>> {
    check_article_of(article_of, n_articles)?;
    if let Some(at) = article_of.windows(2).position(|w| w[1] < w[0]) {
        return Err(Error::parameter(
            "article_of",
            format!(
                "sentence {} belongs to article {} after a sentence of article {}; the sentences of each article must be contiguous and the articles in order",
                at + 1,
                article_of[at + 1],
                article_of[at]
            ),
        ));
    }
    let mut start = 0;
    Ok((0..n_articles)
        .map(|a| {
            let end = start + article_of[start..].partition_point(|&x| x as usize == a);
            let range = start..end;
            start = end;
            range
        })
        .collect())
}

/// Checks flattened shingle sets (`offsets` of length S + 1 into `hashes`) and returns each
/// sentence's set sorted and without repeats.
fn shingle_sets(offsets: &[i64], hashes: &[u64], n_sentences: usize) -> Result<Vec<Vec<u64>>> {
    if offsets.len() != n_sentences + 1 {
        return Err(Error::ShapeMismatch(format!(
            "shingle_offsets has {} entries for {n_sentences} sentences (expected {})",
            offsets.len(),
            n_sentences + 1
        )));
    }
    if offsets[0] != 0 || offsets[n_sentences] as u64 != hashes.len() as u64 {
        return Err(Error::parameter(
            "shingle_offsets",
            format!(
                "must start at 0 and end at the number of hashes ({})",
                hashes.len()
            ),
        ));
    }
    if let Some(at) = offsets.windows(2).position(|w| w[1] < w[0]) {
        return Err(Error::parameter(
            "shingle_offsets",
            format!("offsets decrease at sentence {at}"),
        ));
    }
    Ok(offsets
        .windows(2)
        .map(|w| {
            let mut set = hashes[w[0] as usize..w[1] as usize].to_vec();
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect())
}

/// How many values two sorted, deduplicated slices share (a merge walk).
pub(crate) fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

// -- sentence vectors -------------------------------------------------------------------------

/// A caller's sentence encoder's vectors, one row per sentence, each scaled to unit length
/// (a zero row stays zero), so that their cosine is a dot product.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceVectors {
    dim: usize,
    data: Vec<f32>,
}

impl SentenceVectors {
    /// Checks that `vectors` has one finite row per sentence (`n_sentences`) and scales each
    /// row to unit length.
    pub fn new(vectors: ArrayView2<'_, f32>, n_sentences: usize) -> Result<Self> {
        let (rows, dim) = vectors.dim();
        if rows != n_sentences {
            return Err(Error::ShapeMismatch(format!(
                "the sentence encoder gave {rows} vectors for {n_sentences} sentences"
            )));
        }
        let mut data = Vec::with_capacity(rows * dim);
        for (row, vector) in vectors.outer_iter().enumerate() {
            if let Some(at) = vector.iter().position(|v| !v.is_finite()) {
                return Err(Error::parameter(
                    "sentence_vectors",
                    format!(
                        "the vector of sentence {row} holds {} at {at}; expected finite values",
                        vector[at]
                    ),
                ));
            }
            let norm = vector
                .iter()
                .map(|&v| f64::from(v) * f64::from(v))
                .sum::<f64>()
                .sqrt();
            let scale = if norm > 0.0 { 1.0 / norm } else { 0.0 };
            data.extend(vector.iter().map(|&v| (f64::from(v) * scale) as f32));
        }
        Ok(SentenceVectors { dim, data })
    }

    /// The unit vector of sentence `s`.
    fn row(&self, s: usize) -> &[f32] {
        &self.data[s * self.dim..(s + 1) * self.dim]
    }

    /// The cosine of sentences `s` and `t`, clamped to [0, 1].
    fn cosine(&self, s: usize, t: usize) -> f64 {
        let a = &self.data[s * self.dim..(s + 1) * self.dim];
        let b = &self.data[t * self.dim..(t + 1) * self.dim];
        let dot: f64 = a
            .iter()
            .zip(b)
            .map(|(&x, &y)| f64::from(x) * f64::from(y))
            .sum();
        dot.clamp(0.0, 1.0)
    }
}

// -- alignment --------------------------------------------------------------------------------

/// One scored pairing of a sentence with a sentence of another article.
#[derive(Clone, Copy)]
struct Match {
    other: usize,
    combined: f64,
    cosine: f64,
    containment: f64,
    shared: usize,
    shared_terms: usize,
    identical: bool,
    alignment: f64,
    aligned_terms: usize,
    encoded: f64,
    kind: Kind,
}

impl Match {
    /// A closer kind first (a paraphrase beats a closer-scored unique sentence), then the
    /// better score; equal scores go to the lower sentence index.
    fn beats(&self, other: &Match) -> bool {
        self.beats_as(self.other, other)
    }

    /// [`Match::beats`] for this match's scores with sentence `sentence`.
    fn beats_as(&self, sentence: usize, other: &Match) -> bool {
        match self.kind.cmp(&other.kind) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => {
                self.combined > other.combined
                    || (self.combined == other.combined && sentence < other.other)
            }
        }
    }
}

/// Per-thread buffers of the search for the closest sentence of an article without
/// candidates (only for a map with unique rows): dot products with the sentences of one
/// article (all zero between uses) and the entries touched.
struct Scratch {
    dots: Vec<f64>,
    touched: Vec<u32>,
    /// Per group of twins (all zero between uses): shingles shared with the group being
    /// matched, the dot product over the heavier terms, whether it was met, and the groups
    /// met.
    shared: Vec<u32>,
    heavy_dot: Vec<f64>,
    met: Vec<bool>,
    met_list: Vec<u32>,
    /// Per article (all None between uses): the best match found there so far, and the
    /// articles met.
    article_best: Vec<Option<Match>>,
    articles_met: Vec<u32>,
    /// The row of the group being matched.
    dense: DenseRow,
}

/// A group of twins that another group meets: the shingles the two share and their dot
/// product over the terms weighing at least min_term_weight in both.
struct Met {
    group: u32,
    shared: usize,
    dot: f64,
}

/// One sentence's TF-IDF row scattered over the columns (all zero and false between uses).
struct DenseRow {
    values: Vec<f64>,
    held: Vec<bool>,
}

impl DenseRow {
    fn load(&mut self, (columns, values): (&[i32], &[f64])) {
        for (&column, &value) in columns.iter().zip(values) {
            self.values[column as usize] = value;
            self.held[column as usize] = true;
        }
    }

    fn unload(&mut self, (columns, _): (&[i32], &[f64])) {
        for &column in columns {
            self.values[column as usize] = 0.0;
            self.held[column as usize] = false;
        }
    }
}

/// What one group of twins knows of the groups it meets, shared by its members (found once:
/// the members differ only in their own article, whose sentences they may not match).
struct GroupMatches {
    met: Vec<Met>,
    /// Each met group's score against this one (found when first needed) and, for those
    /// the slower signals looked at, the score with them added.
    scored: Vec<Option<Match>>,
    with_signals: Vec<Option<Match>>,
    /// Over the sentences sharing a shingle with the group: the best match in each article
    /// (by `Match::beats`, in article order) ...
    shingle_best: Vec<(u32, Match)>,
    /// ... and the closest by cosine that the exact signals leave unique, as (cosine,
    /// sentence, index in `met`), closest first: as many as any member may need (top_k
    /// plus the sentences of the longest article, which a member may have to skip).
    shingle_pool: Vec<(f64, u32, u32)>,
    /// The sentences sharing only heavier terms, as (dot product, sentence, index in
    /// `met`), largest first: again as many as any member may need.
    by_terms: Vec<(f64, u32, u32)>,
}

/// Keeps the first `keep` of `entries` by (value descending, sentence ascending), sorted.
fn first_by_value(entries: &mut Vec<(f64, u32, u32)>, keep: usize) {
    let order = |a: &(f64, u32, u32), b: &(f64, u32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if entries.len() > keep {
        if keep > 0 {
            entries.select_nth_unstable_by(keep - 1, order);
        }
        entries.truncate(keep);
    }
    entries.sort_unstable_by(order);
}

struct Aligner<'a> {
    rows: CsrMatrix<f64>,
    sets: Vec<Vec<u64>>,
    article_of: &'a [i64],
    ranges: Vec<std::ops::Range<usize>>,
    twins: Twins,
    /// The number of sentences of the longest article.
    longest_article: usize,
    /// The groups of twins with each shingle.
    by_shingle: FxHashMap<u64, Vec<u32>>,
    /// The (group of twins, weight) of each term where it weighs at least min_term_weight.
    by_term: Vec<Vec<(u32, f64)>>,
    /// The character 3-grams of the terms, for the alignment's spelling variants.
    grams: Option<TermGrams>,
    /// A caller's sentence encoder's vectors, for its paraphrase signal.
    vectors: Option<SentenceVectors>,
    /// Every (sentence, weight) of each term, in sentence order (so each article's sentences
    /// form one run): the search for the closest sentence of an article without a candidate.
    /// Empty unless the map includes unique rows.
    all_by_term: Vec<Vec<(u32, f64)>>,
    options: &'a ReuseOptions,
}

impl Aligner<'_> {
    fn classify(&self, m: &Match) -> Kind {
        self.options.classify(
            m.cosine,
            m.containment,
            m.shared,
            m.shared_terms,
            m.identical,
            m.alignment,
            m.aligned_terms,
            m.encoded,
        )
    }

    /// Sentences `s` and `t` scored by the exact signals (`shared` shingles when known).
    fn score(&self, s: usize, t: usize, shared: Option<usize>) -> Match {
        let (cosine, shared_terms) = sparse_dot_counted(self.rows.row(s), self.rows.row(t));
        let shared = shared.unwrap_or_else(|| shared_count(&self.sets[s], &self.sets[t]));
        self.scored(s, t, cosine, shared_terms, shared)
    }

    /// [`Aligner::score`] with `s`'s row scattered in `dense` (the same sums, in the same
    /// order: a group's row meets thousands of others, and a lookup per term of the other
    /// is cheaper than a merge of the two rows).
    fn score_dense(&self, s: usize, dense: &DenseRow, t: usize, shared: usize) -> Match {
        let (columns, values) = self.rows.row(t);
        let (mut cosine, mut shared_terms) = (0.0, 0);
        for (&column, &value) in columns.iter().zip(values) {
            if dense.held[column as usize] {
                cosine += dense.values[column as usize] * value;
                shared_terms += 1;
            }
        }
        self.scored(s, t, cosine, shared_terms, shared)
    }

    /// The match of `s` and `t` from their dot product, shared terms and shared shingles.
    fn scored(&self, s: usize, t: usize, cosine: f64, shared_terms: usize, shared: usize) -> Match {
        let cosine = cosine.clamp(0.0, 1.0);
        let (a, b) = (self.sets[s].len(), self.sets[t].len());
        let smaller = a.min(b);
        let containment = if smaller == 0 {
            0.0
        } else {
            shared as f64 / smaller as f64
        };
        let w = self.options.containment_weight;
        let mut m = Match {
            other: t,
            combined: w * containment + (1.0 - w) * cosine,
            cosine,
            containment,
            shared,
            shared_terms,
            // `shared` is the size of the intersection of the two sets.
            identical: a > 0 && a == b && shared == a,
            alignment: 0.0,
            aligned_terms: shared_terms,
            encoded: 0.0,
            kind: Kind::Unique,
        };
        m.kind = self.classify(&m);
        m
    }

    /// Adds the slower paraphrase signals to a candidate the exact signals leave unique: the
    /// alignment of the content words (when enough terms are shared) and the encoder's cosine.
    fn add_paraphrase_signals(&self, s: usize, m: &mut Match) {
        let o = self.options;
        if let Some(vectors) = &self.vectors {
            m.encoded = vectors.cosine(s, m.other);
        }
        let (a, b) = (self.rows.row(s), self.rows.row(m.other));
        // Pairs that cannot reach enough paired terms are skipped, and the spelling variants
        // are looked for only when the shared terms alone do not make a paraphrase.
        let left = a.0.len().min(b.0.len()) - m.shared_terms;
        if m.shared_terms >= o.min_shared_terms && m.shared_terms + left >= o.min_aligned_terms {
            let mut found = align_rows(a, b, None, o.term_similarity);
            let enough =
                found.exact >= o.min_aligned_terms && found.score >= o.paraphrase_alignment;
            if !enough && self.grams.is_some() {
                found = align_rows(a, b, self.grams.as_ref(), o.term_similarity);
            }
            m.alignment = found.score;
            m.aligned_terms = found.exact + found.variants;
        }
        m.kind = self.classify(m);
    }

    /// The groups of twins that group `g` meets, in group order: those sharing a shingle
    /// with it, and those sharing a term weighing at least `min_term_weight` in both (with
    /// the dot product over such terms). Found once per group: its members share every
    /// signal. The counts go to dense per-thread arrays: a common term meets thousands of
    /// groups, and a hash map per meeting would cost more than the rest.
    fn group_matches(&self, g: usize, scratch: &mut Scratch) -> GroupMatches {
        let s = self.twins.members[g][0] as usize;
        let Scratch {
            shared,
            heavy_dot,
            met,
            met_list,
            ..
        } = scratch;
        let mut meet = |h: u32, met_list: &mut Vec<u32>| {
            if !met[h as usize] {
                met[h as usize] = true;
                met_list.push(h);
            }
        };
        for hash in &self.sets[s] {
            for &h in &self.by_shingle[hash] {
                meet(h, met_list);
                shared[h as usize] += 1;
            }
        }
        let (columns, values) = self.rows.row(s);
        for (&column, &value) in columns.iter().zip(values) {
            if value >= self.options.min_term_weight {
                for &(h, weight) in &self.by_term[column as usize] {
                    meet(h, met_list);
                    heavy_dot[h as usize] += value * weight;
                }
            }
        }
        met_list.sort_unstable();
        let found: Vec<Met> = met_list
            .iter()
            .map(|&h| {
                let found = Met {
                    group: h,
                    shared: shared[h as usize] as usize,
                    dot: heavy_dot[h as usize],
                };
                shared[h as usize] = 0;
                heavy_dot[h as usize] = 0.0;
                met[h as usize] = false;
                found
            })
            .collect();
        met_list.clear();
        let mut group = GroupMatches {
            scored: vec![None; found.len()],
            with_signals: vec![None; found.len()],
            met: found,
            shingle_best: Vec::new(),
            shingle_pool: Vec::new(),
            by_terms: Vec::new(),
        };
        let o = self.options;
        let Scratch {
            article_best,
            articles_met,
            dense,
            ..
        } = scratch;
        for at in 0..group.met.len() {
            let met = &group.met[at];
            let members = &self.twins.members[met.group as usize];
            if met.shared == 0 {
                group
                    .by_terms
                    .extend(members.iter().map(|&t| (met.dot, t, at as u32)));
                continue;
            }
            let template = self.score_dense(s, dense, members[0] as usize, met.shared);
            group.scored[at] = Some(template);
            if template.kind == Kind::Unique && template.cosine >= o.alignment_floor {
                group
                    .shingle_pool
                    .extend(members.iter().map(|&t| (template.cosine, t, at as u32)));
            }
            for &t in members {
                let article = self.article_of[t as usize] as usize;
                match &mut article_best[article] {
                    Some(current) => {
                        if template.beats_as(t as usize, current) {
                            *current = Match {
                                other: t as usize,
                                ..template
                            };
                        }
                    }
                    empty => {
                        *empty = Some(Match {
                            other: t as usize,
                            ..template
                        });
                        articles_met.push(article as u32);
                    }
                }
            }
        }
        articles_met.sort_unstable();
        // Without the unique rows, an article whose best is unique can only enter a
        // member's rows through a candidate of its own that beats it.
        let keep_unique = o.include_unique;
        group.shingle_best = articles_met
            .drain(..)
            .map(|a| (a, article_best[a as usize].take().expect("met")))
            .filter(|(_, m)| keep_unique || m.kind != Kind::Unique)
            .collect();
        first_by_value(&mut group.shingle_pool, o.top_k + self.longest_article);
        first_by_value(
            &mut group.by_terms,
            o.max_term_candidates + self.longest_article,
        );
        group
    }

    /// The best match of sentence `s` (a member of the group `group` describes) in each
    /// other article, as (article, match) in article order: only the reused matches, or,
    /// with `include_unique`, one for every other article (None for an article without
    /// sentences). Scores found for one member serve its twins: they are the same.
    ///
    /// The candidates are the sentences of other articles in the groups `s` meets: all that
    /// share a shingle with it, and the `max_term_candidates` of those sharing only heavier
    /// terms with the largest dot product over them.
    fn best_matches(
        &self,
        s: usize,
        group: &mut GroupMatches,
        scratch: &mut Scratch,
    ) -> Vec<(usize, Option<Match>)> {
        let o = self.options;
        let own = self.article_of[s];
        let elsewhere = |t: u32| self.article_of[t as usize] != own;
        // Term-only candidates: the first max_term_candidates outside the own article
        // (largest dot first; ties to the lower sentence).
        let term_picks: Vec<(u32, u32)> = group
            .by_terms
            .iter()
            .filter(|e| elsewhere(e.1))
            .take(o.max_term_candidates)
            .map(|&(_, t, at)| (t, at))
            .collect();
        for &(_, at) in &term_picks {
            let slot = &mut group.scored[at as usize];
            if slot.is_none() {
                let met = &group.met[at as usize];
                let first = self.twins.members[met.group as usize][0] as usize;
                *slot = Some(self.score_dense(s, &scratch.dense, first, met.shared));
            }
        }
        let template = |at: u32| group.scored[at as usize].expect("scored above");

        // The slower signals look at the top_k candidates by cosine that the exact signals
        // leave unique, over all articles: the rewrite of a sentence is among the sentences
        // closest to it, though not always the closest one.
        let mut pool: Vec<(f64, u32, u32)> = group
            .shingle_pool
            .iter()
            .filter(|e| elsewhere(e.1))
            .take(o.top_k)
            .copied()
            .collect();
        pool.extend(term_picks.iter().filter_map(|&(t, at)| {
            let m = template(at);
            (m.kind == Kind::Unique && m.cosine >= o.alignment_floor).then_some((m.cosine, t, at))
        }));
        first_by_value(&mut pool, o.top_k);
        let mut looked_at: Vec<Match> = Vec::with_capacity(pool.len());
        for &(_, t, at) in &pool {
            let m = Match {
                other: t as usize,
                ..template(at)
            };
            let slot = &mut group.with_signals[at as usize];
            let signals = *slot.get_or_insert_with(|| {
                let mut added = m;
                self.add_paraphrase_signals(s, &mut added);
                added
            });
            looked_at.push(Match {
                other: t as usize,
                ..signals
            });
        }

        // The best match in each article: the group's best among the sentences sharing a
        // shingle, against the term-only candidates and the matches the slower signals
        // raised (`beats` is a total order, and they only ever raise a match, so offering
        // a candidate both as it was and as raised picks the same).
        let Scratch {
            article_best,
            articles_met,
            ..
        } = scratch;
        let mut offer = |m: Match| {
            let article = self.article_of[m.other] as usize;
            match &mut article_best[article] {
                Some(current) => {
                    if m.beats(current) {
                        *current = m;
                    }
                }
                empty => {
                    *empty = Some(m);
                    articles_met.push(article as u32);
                }
            }
        };
        for &(article, m) in &group.shingle_best {
            if i64::from(article) != own {
                offer(m);
            }
        }
        for &(t, at) in &term_picks {
            offer(Match {
                other: t as usize,
                ..template(at)
            });
        }
        for m in looked_at {
            offer(m);
        }
        articles_met.sort_unstable();
        let best: Vec<(usize, Match)> = articles_met
            .drain(..)
            .map(|a| (a as usize, article_best[a as usize].take().expect("met")))
            .collect();

        if !o.include_unique {
            return best
                .into_iter()
                .filter(|(_, m)| m.kind != Kind::Unique)
                .map(|(a, m)| (a, Some(m)))
                .collect();
        }
        let own = own as usize;
        let mut complete = Vec::with_capacity(self.ranges.len());
        let mut found = best.into_iter().peekable();
        for (article, range) in self.ranges.iter().enumerate() {
            if article == own {
                continue;
            }
            let m = match found.next_if(|(a, _)| *a == article) {
                Some((_, m)) => Some(m),
                None if range.is_empty() => None,
                None => Some(self.closest(s, range, scratch)),
            };
            complete.push((article, m));
        }
        complete
    }

    /// The closest sentence of an article (`range`) where `s` has no candidate. No sentence
    /// there shares a shingle with s (it would be a candidate), so the best is the one with the
    /// largest dot product over the terms weighing at least min_term_weight in s, accumulated
    /// over the parts of their posting lists that fall in the article (found by binary
    /// search). s's light terms are left out: through stop words every sentence would meet
    /// every other, and such a match is unique anyway. With nothing shared, the article's
    /// first sentence is reported (every score is 0; ties go low).
    fn closest(&self, s: usize, range: &std::ops::Range<usize>, scratch: &mut Scratch) -> Match {
        let Scratch { dots, touched, .. } = scratch;
        let (columns, values) = self.rows.row(s);
        for (&column, &value) in columns.iter().zip(values) {
            if value < self.options.min_term_weight {
                continue;
            }
            let postings = &self.all_by_term[column as usize];
            let from = postings.partition_point(|&(t, _)| (t as usize) < range.start);
            let to = postings.partition_point(|&(t, _)| (t as usize) < range.end);
            for &(t, weight) in &postings[from..to] {
                let slot = &mut dots[t as usize - range.start];
                if *slot == 0.0 {
                    touched.push(t);
                }
                *slot += value * weight;
            }
        }
        let mut pick = range.start;
        let mut top = 0.0;
        for &t in touched.iter() {
            let dot = dots[t as usize - range.start];
            if dot > top || (dot == top && (t as usize) < pick) {
                (pick, top) = (t as usize, dot);
            }
            dots[t as usize - range.start] = 0.0;
        }
        touched.clear();
        self.score(s, pick, None)
    }
}

/// Aligns every sentence with its best match in every other article.
///
/// `article_of[s]` is the article of sentence s (sentences of an article contiguous and in
/// order, articles 0..n_articles-1 in order; an article may have no sentence). Sentence s has
/// the shingle set `shingle_hashes[shingle_offsets[s]..shingle_offsets[s + 1]]` (see
/// [`sentence_shingles`]) and the TF-IDF row `tfidf[s]` (normalised here, so any scaling
/// works). `terms`, when given, names the TF-IDF columns, so that the alignment can pair
/// spelling variants; without it, the alignment pairs equal terms only. Runs in parallel
/// over sentences in the caller's rayon pool; every row depends on its sentence only, so the
/// result is the same for any thread count. Fails with [`Error::ResourceLimit`] when the
/// rows pass `options.max_rows`.
pub fn align_sentences(
    article_of: &[i64],
    n_articles: usize,
    shingle_offsets: &[i64],
    shingle_hashes: &[u64],
    tfidf: &CsrMatrix<f64>,
    terms: Option<&[&str]>,
    options: &ReuseOptions,
) -> Result<ReuseRows> {
    let sets = shingle_sets(shingle_offsets, shingle_hashes, article_of.len())?;
    let control = JobControl::new();
    align_shingle_sets(
        article_of, n_articles, sets, tfidf, terms, None, options, &control,
    )
}

/// [`align_sentences`] from the sentences' text: the words `analyzer` finds in each sentence
/// are shingled `shingle_words` at a time (see [`shingle_sentences`]), so that the words never
/// leave the core between the tokenizer and the shingler. `vectors`, when given, holds a
/// sentence encoder's vector of each sentence, whose cosine adds a paraphrase signal.
// The sentences and their articles, the signals' sources, and the thresholds.
#[allow(clippy::too_many_arguments)]
pub fn align_sentence_texts(
    article_of: &[i64],
    n_articles: usize,
    sentences: &[&str],
    analyzer: &Analyzer,
    shingle_words: usize,
    tfidf: &CsrMatrix<f64>,
    terms: Option<&[&str]>,
    vectors: Option<ArrayView2<'_, f32>>,
    options: &ReuseOptions,
) -> Result<ReuseRows> {
    align_sentence_texts_watched(
        article_of,
        n_articles,
        sentences,
        analyzer,
        shingle_words,
        tfidf,
        terms,
        vectors,
        options,
        &JobControl::new(),
    )
}

/// [`align_sentence_texts`] as a watched job: it reports one step per sentence aligned, and
/// stops with [`Error::Cancelled`] soon after `control` is cancelled, between sentences.
#[allow(clippy::too_many_arguments)]
pub fn align_sentence_texts_watched(
    article_of: &[i64],
    n_articles: usize,
    sentences: &[&str],
    analyzer: &Analyzer,
    shingle_words: usize,
    tfidf: &CsrMatrix<f64>,
    terms: Option<&[&str]>,
    vectors: Option<ArrayView2<'_, f32>>,
    options: &ReuseOptions,
    control: &JobControl,
) -> Result<ReuseRows> {
    if sentences.len() != article_of.len() {
        return Err(Error::ShapeMismatch(format!(
            "{} sentences but article_of has {} entries",
            sentences.len(),
            article_of.len()
        )));
    }
    options.validate()?;
    let vectors = vectors
        .map(|v| SentenceVectors::new(v, sentences.len()))
        .transpose()?;
    let sets = shingle_sentences(sentences, analyzer, shingle_words)?;
    align_shingle_sets(
        article_of, n_articles, sets, tfidf, terms, vectors, options, control,
    )
}

#[allow(clippy::too_many_arguments)]
fn align_shingle_sets(
    article_of: &[i64],
    n_articles: usize,
    sets: Vec<Vec<u64>>,
    tfidf: &CsrMatrix<f64>,
    terms: Option<&[&str]>,
    vectors: Option<SentenceVectors>,
    options: &ReuseOptions,
    control: &JobControl,
) -> Result<ReuseRows> {
    options.validate()?;
    let n = article_of.len();
    if tfidf.n_rows != n {
        return Err(Error::ShapeMismatch(format!(
            "the TF-IDF matrix has {} rows for {n} sentences",
            tfidf.n_rows
        )));
    }
    if n > u32::MAX as usize || n_articles > u32::MAX as usize {
        return Err(Error::parameter(
            "article_of",
            "too many sentences or articles (at most 4,294,967,295 of each)",
        ));
    }
    let ranges = article_ranges(article_of, n_articles)?;
    let summed = without_duplicates(tfidf);
    let rows = unit_rows(summed.as_ref().unwrap_or(tfidf), "tfidf")?;
    let grams = terms
        .map(|names| TermGrams::new(names, rows.n_cols))
        .transpose()?;

    let twins = {
        let none: &[f32] = &[];
        Twins::new(&sets, &rows, |s| {
            vectors.as_ref().map_or(none, |v| v.row(s))
        })
    };
    // The postings hold groups of twins, each once: one copy of the wire in every article
    // of a story would otherwise make every posting list as long as the story.
    let mut by_shingle: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    let mut by_term: Vec<Vec<(u32, f64)>> = vec![Vec::new(); rows.n_cols];
    for (g, members) in twins.members.iter().enumerate() {
        let s = members[0] as usize;
        for &hash in &sets[s] {
            by_shingle.entry(hash).or_default().push(g as u32);
        }
        let (columns, values) = rows.row(s);
        for (&column, &value) in columns.iter().zip(values) {
            if value >= options.min_term_weight {
                by_term[column as usize].push((g as u32, value));
            }
        }
    }
    let mut all_by_term: Vec<Vec<(u32, f64)>> = if options.include_unique {
        vec![Vec::new(); rows.n_cols]
    } else {
        Vec::new()
    };
    if options.include_unique {
        for s in 0..n {
            let (columns, values) = rows.row(s);
            for (&column, &value) in columns.iter().zip(values) {
                if value != 0.0 {
                    all_by_term[column as usize].push((s as u32, value));
                }
            }
        }
    }
    control.add_total(n);
    let n_groups = twins.len();
    let n_cols = rows.n_cols;
    let aligner = Aligner {
        rows,
        sets,
        article_of,
        longest_article: ranges.iter().map(|r| r.len()).max().unwrap_or(0),
        ranges,
        twins,
        by_shingle,
        by_term,
        grams,
        vectors,
        all_by_term,
        options,
    };

    let longest = if options.include_unique {
        aligner.ranges.iter().map(|r| r.len()).max().unwrap_or(0)
    } else {
        0
    };
    let budget = RowBudget::new(options.max_rows);
    // Each group's members' rows, compacted as soon as they are found: a large set of one
    // story has millions of matches, and a whole Match per row would hold several times
    // their size.
    let per_group: Vec<Vec<(u32, Vec<Row>)>> = (0..n_groups)
        .into_par_iter()
        .map_init(
            || Scratch {
                dots: vec![0.0; longest],
                touched: Vec::new(),
                shared: vec![0; n_groups],
                heavy_dot: vec![0.0; n_groups],
                met: vec![false; n_groups],
                met_list: Vec::new(),
                article_best: vec![None; n_articles],
                articles_met: Vec::new(),
                dense: DenseRow {
                    values: vec![0.0; n_cols],
                    held: vec![false; n_cols],
                },
            },
            |scratch, g| {
                if control.is_cancelled() || budget.is_passed() {
                    return Vec::new();
                }
                let first = aligner.twins.members[g][0] as usize;
                scratch.dense.load(aligner.rows.row(first));
                let mut group = aligner.group_matches(g, scratch);
                let members = &aligner.twins.members[g];
                let mut out = Vec::with_capacity(members.len());
                for &s in members {
                    let mut rows: Vec<Row> = aligner
                        .best_matches(s as usize, &mut group, scratch)
                        .into_iter()
                        .map(|(article, found)| Row::new(article, found))
                        .collect();
                    rows.shrink_to_fit();
                    let within = budget.keep(rows.len());
                    out.push((s, rows));
                    if !within {
                        break;
                    }
                }
                scratch.dense.unload(aligner.rows.row(first));
                control.advance(members.len());
                out
            },
        )
        .collect();
    // The cancel flag never goes back: a sentence left out means the job was cancelled ...
    control.checkpoint()?;
    // ... or that the rows passed their budget.
    budget.verdict()?;

    let mut per_sentence: Vec<Vec<Row>> = Vec::new();
    per_sentence.resize_with(n, Vec::new);
    for (s, rows) in per_group.into_iter().flatten() {
        per_sentence[s as usize] = rows;
    }
    let total: usize = per_sentence.iter().map(Vec::len).sum();
    let mut out = ReuseRows {
        sentence: Vec::with_capacity(total),
        other_article: Vec::with_capacity(total),
        other_sentence: Vec::with_capacity(total),
        score: Vec::with_capacity(total),
        containment: Vec::with_capacity(total),
        kind: Vec::with_capacity(total),
    };
    for (s, rows) in per_sentence.into_iter().enumerate() {
        for row in rows {
            out.sentence.push(s as i64);
            out.other_article.push(i64::from(row.article));
            out.other_sentence.push(if row.other == Row::NONE {
                -1
            } else {
                i64::from(row.other)
            });
            out.score.push(row.cosine);
            out.containment.push(row.containment);
            out.kind.push(i64::from(row.kind));
        }
    }
    Ok(out)
}

/// One row of the map before it joins the columns (24 bytes: there may be millions).
struct Row {
    article: u32,
    /// The matched sentence, [`Row::NONE`] when the article has no sentence.
    other: u32,
    kind: u8,
    cosine: f64,
    containment: f64,
}

impl Row {
    /// No sentence (there are at most u32::MAX sentences, so no index reaches it).
    const NONE: u32 = u32::MAX;

    fn new(article: usize, found: Option<Match>) -> Self {
        match found {
            Some(m) => Row {
                article: article as u32,
                kind: m.kind as u8,
                other: m.other as u32,
                cosine: m.cosine,
                containment: m.containment,
            },
            // An article without sentences has no best match.
            None => Row {
                article: article as u32,
                kind: Kind::Unique as u8,
                other: Row::NONE,
                cosine: 0.0,
                containment: 0.0,
            },
        }
    }
}

/// The share of each article's sentences whose best match in each other article is verbatim,
/// near-verbatim or a paraphrase: `n_articles x n_articles`, entry (a, b) for the sentences
/// of a. The diagonal and the rows of articles without sentences are 0.
pub fn reuse_shares(
    rows: &ReuseRows,
    article_of: &[i64],
    n_articles: usize,
) -> Result<Array2<f64>> {
    rows.validate(article_of.len(), n_articles)?;
    check_article_of(article_of, n_articles)?;
    let mut sizes = vec![0usize; n_articles];
    for &a in article_of {
        sizes[a as usize] += 1;
    }
    let mut shares = Array2::zeros((n_articles, n_articles));
    for r in 0..rows.len() {
        let a = article_of[rows.sentence[r] as usize] as usize;
        let b = rows.other_article[r] as usize;
        if a != b && rows.kind[r] <= Kind::Paraphrase as i64 {
            shares[[a, b]] += 1.0;
        }
    }
    for (mut row, &size) in shares.rows_mut().into_iter().zip(&sizes) {
        if size > 0 {
            row /= size as f64;
        }
    }
    Ok(shares)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    /// Sentences, their articles, shingles and bag-of-words rows (one column per word).
    fn corpus(articles: &[&[&str]]) -> (Vec<i64>, Vec<i64>, Vec<u64>, CsrMatrix<f64>) {
        let mut vocabulary: Vec<String> = Vec::new();
        let (mut article_of, mut offsets, mut hashes) = (Vec::new(), vec![0i64], Vec::new());
        let mut bags = Vec::new();
        for (a, sentences) in articles.iter().enumerate() {
            for sentence in *sentences {
                article_of.push(a as i64);
                hashes.extend(sentence_shingles(&tokens(sentence), 3).unwrap());
                offsets.push(hashes.len() as i64);
                let mut bag = std::collections::BTreeMap::new();
                for word in tokens(sentence) {
                    let word = word.to_lowercase();
                    let column = match vocabulary.iter().position(|w| *w == word) {
                        Some(c) => c,
                        None => {
                            vocabulary.push(word);
                            vocabulary.len() - 1
                        }
                    };
                    *bag.entry(column as u32).or_insert(0.0) += 1.0;
                }
                bags.push(bag);
            }
        }
        let mut m = CsrMatrix::with_columns(vocabulary.len());
        for bag in bags {
            m.push_row(bag);
        }
        (article_of, offsets, hashes, m)
    }

    #[test]
    fn shingles_are_stable_sets() {
        let a = sentence_shingles(&tokens("The Port closed the port closed"), 3).unwrap();
        assert_eq!(a.len(), 3); // "the port closed" twice, "port closed the", "closed the port"
        assert_eq!(
            a,
            sentence_shingles(&tokens("the port closed THE PORT CLOSED"), 3).unwrap()
        );
        assert_eq!(sentence_shingles(&tokens("two words"), 3).unwrap().len(), 1);
        assert!(sentence_shingles(&[], 3).unwrap().is_empty());
        assert!(sentence_shingles(&tokens("a b"), 0).is_err());
        // Fixed values: the hash must never change between versions or platforms.
        assert_eq!(
            sentence_shingles(&tokens("The port closed today"), 3).unwrap(),
            [6091860631687961078, 15932462114430462305]
        );
        assert_eq!(
            sentence_shingles(&tokens("a b"), 3).unwrap(),
            [12709131267049605034]
        );
        assert_eq!(
            sentence_shingles(&tokens("a b c"), 3).unwrap(),
            sentence_shingles(&tokens("A B C"), 3).unwrap()
        );
        assert_ne!(
            sentence_shingles(&tokens("a b c"), 3).unwrap(),
            sentence_shingles(&tokens("a c b"), 3).unwrap()
        );
    }

    #[test]
    fn texts_align_as_their_words_do() {
        use crate::text::analyzer::AnalyzerConfig;
        use crate::text::char_tables::current;

        let articles: [&[&str]; 2] = [
            &[
                "Dock workers walked out on Friday",
                "Gulls circled the quay",
            ],
            &[
                "Dock workers walked out on Friday night",
                "Ministers met late",
            ],
        ];
        let (article_of, offsets, hashes, m) = corpus(&articles);
        let texts: Vec<&str> = articles.iter().flat_map(|a| a.iter().copied()).collect();
        let analyzer = Analyzer::new(AnalyzerConfig::default(), current()).unwrap();
        let options = ReuseOptions::default();
        let from_words =
            align_sentences(&article_of, 2, &offsets, &hashes, &m, None, &options).unwrap();
        let from_texts = align_sentence_texts(
            &article_of,
            2,
            &texts,
            &analyzer,
            3,
            &m,
            None,
            None,
            &options,
        )
        .unwrap();
        assert_eq!(from_words, from_texts);
        assert!(align_sentence_texts(
            &article_of,
            2,
            &texts[1..],
            &analyzer,
            3,
            &m,
            None,
            None,
            &options
        )
        .is_err());
        assert!(align_sentence_texts(
            &article_of,
            2,
            &texts,
            &analyzer,
            0,
            &m,
            None,
            None,
            &options
        )
        .is_err());
    }

    #[test]
    fn kinds_follow_the_thresholds() {
        let o = ReuseOptions::default();
        assert_eq!(
            o.classify(0.3, 0.2, 3, 3, true, 0.0, 0, 0.0),
            Kind::Verbatim
        );
        assert_eq!(
            o.classify(0.96, 0.92, 20, 9, false, 0.0, 0, 0.0),
            Kind::Verbatim
        );
        assert_eq!(
            o.classify(0.9, 0.6, 20, 9, false, 0.0, 0, 0.0),
            Kind::NearVerbatim
        );
        assert_eq!(
            o.classify(0.82, 0.1, 2, 4, false, 0.0, 0, 0.0),
            Kind::NearVerbatim
        );
        assert_eq!(
            o.classify(0.5, 0.5, 1, 3, false, 0.0, 0, 0.0),
            Kind::Paraphrase
        );
        assert_eq!(o.classify(0.5, 0.0, 0, 1, false, 0.0, 0, 0.0), Kind::Unique);
        assert_eq!(o.classify(0.2, 0.0, 0, 3, false, 0.0, 0, 0.0), Kind::Unique);
        // The alignment promotes a rewrite to paraphrase, never further, and needs enough
        // terms: two shared exactly, three paired in all.
        assert_eq!(
            o.classify(0.3, 0.0, 0, 4, false, 0.6, 5, 0.0),
            Kind::Paraphrase
        );
        assert_eq!(
            o.classify(0.3, 0.0, 0, 4, false, 0.99, 5, 0.0),
            Kind::Paraphrase
        );
        assert_eq!(o.classify(0.3, 0.0, 0, 1, false, 0.6, 5, 0.0), Kind::Unique);
        assert_eq!(o.classify(0.3, 0.0, 0, 2, false, 0.6, 2, 0.0), Kind::Unique);
        assert_eq!(o.classify(0.3, 0.0, 0, 4, false, 0.4, 5, 0.0), Kind::Unique);
        // So does a sentence encoder's cosine, with any number of shared terms.
        assert_eq!(
            o.classify(0.1, 0.0, 0, 1, false, 0.0, 0, 0.8),
            Kind::Paraphrase
        );
        assert_eq!(o.classify(0.1, 0.0, 0, 1, false, 0.0, 0, 0.6), Kind::Unique);
        assert_eq!(
            o.classify(0.82, 0.1, 2, 4, false, 0.0, 0, 1.0),
            Kind::NearVerbatim
        );
    }

    #[test]
    fn a_row_budget_refuses_past_it_for_any_thread_count_and_changes_nothing_within() {
        // Four copies of a three-sentence wire story: every sentence matches in the three
        // other articles, 4 x 3 x 3 = 36 rows.
        let story: &[&str] = &[
            "the dockers walked out at the port of kestra on friday morning",
            "the union said the strike would last a week",
            "gulls circled above the empty quay all afternoon",
        ];
        let (article_of, offsets, hashes, m) = corpus(&[story, story, story, story]);
        let run = |threads: usize, max_rows: Option<usize>| {
            let options = ReuseOptions {
                max_rows,
                ..Default::default()
            };
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| align_sentences(&article_of, 4, &offsets, &hashes, &m, None, &options))
        };
        let free = run(1, None).unwrap();
        assert_eq!(free.len(), 36);
        for threads in [1, 2, 3] {
            assert_eq!(run(threads, Some(36)).unwrap(), free, "{threads} threads");
            let refused = run(threads, Some(35)).unwrap_err();
            assert!(
                matches!(&refused, Error::ResourceLimit(m) if m.contains("more than 35 rows")),
                "{refused:?}"
            );
            assert!(run(threads, Some(0)).is_err());
        }
    }

    #[test]
    fn aligns_copies_edits_and_unique_sentences() {
        let (article_of, offsets, hashes, m) = corpus(&[
            &[
                "the dockers walked out at the port of kestra on friday morning",
                "the union said the strike would last a week",
                "gulls circled above the empty quay all afternoon",
            ],
            &[
                "the dockers walked out at the port of kestra on friday morning",
                "the union said on friday the strike would last a whole week",
                "ministers in the capital met late into the night",
            ],
            &[],
        ]);
        let full = ReuseOptions {
            include_unique: true,
            ..Default::default()
        };
        let rows = align_sentences(&article_of, 3, &offsets, &hashes, &m, None, &full).unwrap();
        assert_eq!(rows.len(), 6 * 2);
        // Sentence 0 vs article 1: the copy; vs article 2: no sentence there.
        assert_eq!((rows.other_sentence[0], rows.kind[0]), (3, 0));
        assert_eq!(
            (rows.other_article[1], rows.other_sentence[1], rows.kind[1]),
            (2, -1, 3)
        );
        assert_eq!((rows.other_sentence[2], rows.kind[2]), (4, 1));
        assert_eq!(rows.kind[4], 3);
        let shares = reuse_shares(&rows, &article_of, 3).unwrap();
        assert_eq!(shares.dim(), (3, 3));
        assert!((shares[[0, 1]] - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(shares[[0, 2]], 0.0);
        // By default the map holds the matches only: the same rows, less the unique ones.
        let matches = align_sentences(
            &article_of,
            3,
            &offsets,
            &hashes,
            &m,
            None,
            &Default::default(),
        )
        .unwrap();
        let reused: Vec<usize> = (0..rows.len()).filter(|&r| rows.kind[r] != 3).collect();
        assert_eq!(matches.len(), reused.len());
        for (at, &r) in reused.iter().enumerate() {
            assert_eq!(
                (
                    matches.sentence[at],
                    matches.other_sentence[at],
                    matches.kind[at]
                ),
                (rows.sentence[r], rows.other_sentence[r], rows.kind[r])
            );
        }
        assert_eq!(reuse_shares(&matches, &article_of, 3).unwrap(), shares);
    }

    #[test]
    fn a_rewrite_with_a_spelling_variant_is_a_paraphrase_only_with_the_terms() {
        let articles: [&[&str]; 2] = [
            &[
                "carter shoigu telephone conversation first step held monday night abroad",
                "gulls circled the quay",
            ],
            &[
                "carter shoigu phone call first step said aides later",
                "ministers met late",
            ],
        ];
        let (article_of, offsets, hashes, m) = corpus(&articles);
        let mut names: Vec<String> = Vec::new();
        for word in articles
            .iter()
            .flat_map(|a| a.iter())
            .flat_map(|s| tokens(s))
        {
            if !names.iter().any(|n| n == word) {
                names.push(word.to_string());
            }
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let o = ReuseOptions {
            include_unique: true,
            ..Default::default()
        };
        let plain = align_sentences(&article_of, 2, &offsets, &hashes, &m, None, &o).unwrap();
        let soft =
            align_sentences(&article_of, 2, &offsets, &hashes, &m, Some(&names), &o).unwrap();
        // Row 0: the first sentence against article 1; cosine 4 / sqrt(110) < 0.45.
        assert!(plain.score[0] < o.paraphrase_cosine);
        assert_eq!(
            (plain.other_sentence[0], plain.kind[0]),
            (2, Kind::Unique as i64)
        );
        assert_eq!(
            (soft.other_sentence[0], soft.kind[0]),
            (2, Kind::Paraphrase as i64)
        );
        // The same pair the other way round; nothing else changes.
        assert_eq!(plain.kind, [3, 3, 3, 3]);
        assert_eq!(soft.kind, [2, 3, 2, 3]);
        let off = ReuseOptions {
            alignment_floor: 1.0,
            ..o.clone()
        };
        let skipped =
            align_sentences(&article_of, 2, &offsets, &hashes, &m, Some(&names), &off).unwrap();
        assert_eq!(skipped, plain);
        assert!(
            align_sentences(&article_of, 2, &offsets, &hashes, &m, Some(&names[1..]), &o).is_err()
        );
    }

    /// The best match of every (sentence, article), by scanning everything.
    fn brute_force(
        article_of: &[i64],
        offsets: &[i64],
        hashes: &[u64],
        m: &CsrMatrix<f64>,
        o: &ReuseOptions,
    ) -> Vec<(i64, i64, f64)> {
        let rows = unit_rows(m, "tfidf").unwrap();
        let sets = shingle_sets(offsets, hashes, article_of.len()).unwrap();
        let n_articles = *article_of.iter().max().unwrap() as usize + 1;
        let mut out = Vec::new();
        for s in 0..article_of.len() {
            for b in 0..n_articles as i64 {
                if b == article_of[s] {
                    continue;
                }
                let mut best: Option<(f64, i64)> = None;
                for t in (0..article_of.len()).filter(|&t| article_of[t] == b) {
                    let cosine = sparse_dot(rows.row(s), rows.row(t)).clamp(0.0, 1.0);
                    let smaller = sets[s].len().min(sets[t].len());
                    let shared = shared_count(&sets[s], &sets[t]);
                    let containment = if smaller == 0 {
                        0.0
                    } else {
                        shared as f64 / smaller as f64
                    };
                    let w = o.containment_weight;
                    let score = w * containment + (1.0 - w) * cosine;
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, t as i64));
                    }
                }
                let (score, t) = best.unwrap();
                out.push((s as i64, t, score));
            }
        }
        out
    }

    #[test]
    fn candidates_and_fallback_find_the_true_best() {
        let (article_of, offsets, hashes, m) = corpus(&[
            &["a b c d e", "f g h i j", "a b c x y", "q r s"],
            &["a b c d e", "x y z a b", "f g h", "t u v w"],
            &["f g h i k", "a b", "s t", "y q"],
        ]);
        for o in [
            ReuseOptions {
                min_term_weight: 0.0,
                include_unique: true,
                ..Default::default()
            },
            ReuseOptions {
                include_unique: true,
                ..Default::default()
            },
        ] {
            let rows = align_sentences(&article_of, 3, &offsets, &hashes, &m, None, &o).unwrap();
            let expected = brute_force(&article_of, &offsets, &hashes, &m, &o);
            for (r, (s, t, _)) in expected.iter().enumerate() {
                assert_eq!(rows.sentence[r], *s);
                assert_eq!(rows.other_sentence[r], *t, "row {r} of {rows:?}");
            }
        }
    }

    #[test]
    fn copies_of_one_sentence_match_as_each_would_alone() {
        // The wire's first sentence stands in every article (twice in one); each copy must
        // find the same best matches as a sentence scored on its own: brute force says which.
        let wire = "a b c d e f";
        let (article_of, offsets, hashes, m) = corpus(&[
            &[wire, "g h i j", "a b c x y"],
            &[wire, wire, "g h i k"],
            &[wire, "x y z a b", "g h"],
            &["f e d c b a", wire],
        ]);
        for max_term_candidates in [100, 1] {
            let o = ReuseOptions {
                include_unique: true,
                min_term_weight: 0.0,
                max_term_candidates,
                ..Default::default()
            };
            let rows = align_sentences(&article_of, 4, &offsets, &hashes, &m, None, &o).unwrap();
            if max_term_candidates == 100 {
                let expected = brute_force(&article_of, &offsets, &hashes, &m, &o);
                assert_eq!(rows.len(), expected.len());
                for (r, (s, t, _)) in expected.iter().enumerate() {
                    assert_eq!(
                        (rows.sentence[r], rows.other_sentence[r]),
                        (*s, *t),
                        "row {r}"
                    );
                }
            }
            // Every copy of the wire sentence reports the same match in each other article
            // (the first copy there), verbatim.
            for r in 0..rows.len() {
                let s = rows.sentence[r] as usize;
                if [0, 3, 4, 6, 10].contains(&s) {
                    let first = [0, 3, 6, 10][rows.other_article[r] as usize];
                    assert_eq!(
                        (rows.other_sentence[r], rows.kind[r]),
                        (first, 0),
                        "row {r}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_column_stored_twice_in_a_row_counts_as_its_sum() {
        let (article_of, offsets, hashes, m) = corpus(&[&["a b c d e"], &["a b c x y"]]);
        let mut doubled = CsrMatrix::with_columns(m.n_cols);
        for row in 0..m.n_rows {
            let (columns, values) = m.row(row);
            let mut entries: Vec<(u32, f64)> = Vec::new();
            for (&column, &value) in columns.iter().zip(values) {
                entries.push((column as u32, value / 2.0));
                entries.push((column as u32, value / 2.0));
            }
            doubled.push_row(entries);
        }
        let o = ReuseOptions {
            include_unique: true,
            ..Default::default()
        };
        let run = |m: &CsrMatrix<f64>| {
            align_sentences(&article_of, 2, &offsets, &hashes, m, None, &o).unwrap()
        };
        assert_eq!(run(&doubled), run(&m));
    }

    #[test]
    fn thread_count_does_not_change_the_map() {
        let (article_of, offsets, hashes, m) = corpus(&[
            &["a b c d e", "f g h i j", "a b c x y"],
            &["a b c d e", "x y z a b", "f g h"],
            &["f g h i k", "a b"],
        ]);
        for include_unique in [false, true] {
            let o = ReuseOptions {
                include_unique,
                ..Default::default()
            };
            let run = |threads| {
                crate::parallel::run_with_threads(threads, || {
                    align_sentences(&article_of, 3, &offsets, &hashes, &m, None, &o).unwrap()
                })
            };
            assert_eq!(run(1), run(3));
        }
    }

    #[test]
    fn term_only_candidates_are_capped_and_shingle_candidates_are_not() {
        // Sentence 1 shares the shingle "a b c" with sentence 0; sentence 2 shares three
        // words with it but no shingle. Both are paraphrases of it by cosine.
        let (article_of, offsets, hashes, m) = corpus(&[&["a b c d e"], &["a b c x y", "e d b z"]]);
        let rows = |max_term_candidates| {
            let o = ReuseOptions {
                max_term_candidates,
                ..Default::default()
            };
            let r = align_sentences(&article_of, 2, &offsets, &hashes, &m, None, &o).unwrap();
            (r.sentence, r.other_sentence, r.kind)
        };
        assert_eq!(rows(100), (vec![0, 1, 2], vec![1, 0, 0], vec![2, 2, 2]));
        // Without term-only candidates, sentence 2 finds nothing; the shingle pair stays.
        assert_eq!(rows(0), (vec![0, 1], vec![1, 0], vec![2, 2]));
    }

    #[test]
    fn sentence_vectors_are_checked_and_only_add_paraphrases() {
        use ndarray::array;
        let vectors = array![[1.0f32, 0.0], [0.0, 2.0], [3.0, 4.0]];
        let unit = SentenceVectors::new(vectors.view(), 3).unwrap();
        assert!((unit.cosine(0, 2) - 0.6).abs() < 1e-6);
        assert_eq!(unit.cosine(0, 1), 0.0);
        assert!(SentenceVectors::new(vectors.view(), 2).is_err());
        let bad = array![[1.0f32, f32::NAN]];
        let message = SentenceVectors::new(bad.view(), 1).unwrap_err().to_string();
        assert!(message.contains("sentence 0"), "{message}");

        use crate::text::analyzer::AnalyzerConfig;
        use crate::text::char_tables::current;
        let articles: [&[&str]; 2] = [
            &[
                "dock workers walked out on friday",
                "gulls circled the quay",
            ],
            &[
                "dock workers walked out on friday",
                "stevedores struck at the port",
            ],
        ];
        let (article_of, _, _, m) = corpus(&articles);
        let texts: Vec<&str> = articles.iter().flat_map(|a| a.iter().copied()).collect();
        let analyzer = Analyzer::new(AnalyzerConfig::default(), current()).unwrap();
        let o = ReuseOptions {
            alignment_floor: 0.0,
            ..Default::default()
        };
        let run = |vectors: Option<ArrayView2<'_, f32>>| {
            align_sentence_texts(&article_of, 2, &texts, &analyzer, 3, &m, None, vectors, &o)
                .unwrap()
        };
        let plain = run(None);
        assert_eq!(plain.kind, [0, 0]);
        // Vectors that call every pair alike make the candidates sharing "the" paraphrases,
        // and leave the copy as it was.
        let alike = ndarray::Array2::<f32>::ones((4, 3));
        let encoded = run(Some(alike.view()));
        assert_eq!(encoded.kind, [0, 2, 0, 2]);
        assert_eq!((encoded.other_sentence[0], encoded.score[0]), (2, 1.0));
        assert_eq!(encoded.other_sentence[1], 3);
        assert!(align_sentence_texts(
            &article_of,
            2,
            &texts,
            &analyzer,
            3,
            &m,
            None,
            Some(alike.slice(ndarray::s![..3, ..])),
            &o
        )
        .is_err());
    }

    #[test]
    fn bad_inputs_are_rejected() {
        let (article_of, offsets, hashes, m) = corpus(&[&["a b c"], &["a b c"]]);
        let o = ReuseOptions::default();
        assert!(align_sentences(&[1, 0], 2, &offsets, &hashes, &m, None, &o).is_err());
        assert!(align_sentences(&[0, 2], 2, &offsets, &hashes, &m, None, &o).is_err());
        assert!(align_sentences(&article_of, 2, &offsets[..2], &hashes, &m, None, &o).is_err());
        assert!(align_sentences(&[0], 2, &offsets, &hashes, &m, None, &o).is_err());
        let bad = ReuseOptions {
            paraphrase_cosine: 1.5,
            ..Default::default()
        };
        assert!(align_sentences(&article_of, 2, &offsets, &hashes, &m, None, &bad).is_err());
    }
}
