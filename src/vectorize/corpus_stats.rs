//! Corpus statistics that merge: everything a vectorizer's fit needs to know about a set of
//! documents, in a form where two sets add up.
//!
//! A [`CorpusStats`] holds the number of documents and, per term, its document frequency and
//! its total count (`max_features` ranks by the total, or by the document frequency when the
//! counts are binary, so both rankings are at hand). Terms are kept in byte order, the
//! vocabulary's column order, so equal corpora give equal statistics whatever the order of
//! their documents. Two statistics merge by adding the counts of equal terms: merging is
//! associative and commutative, so the statistics of a corpus do not depend on how it was
//! cut into parts, which is what lets a cluster count the parts apart and reduce them in any
//! tree.
//!
//! The statistics are built by the ordinary counting path ([`crate::vectorize::count`]);
//! choosing the columns from them (`min_df`, `max_df`, `max_features`) is the estimator's
//! business, and [`CorpusStats::select`] hands back the kept columns. They travel as a small
//! versioned serde document ([`CorpusStats::to_json`]), validated when read.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::job::JobControl;
use crate::text::analyzer::Analyzer;
use crate::vectorize::count::{count_chunks, learn_terms, CountedCorpus};
use crate::vectorize::documents::Documents;
use crate::vectorize::vocabulary::{Vocabulary, VocabularyBuilder};

/// The `format` field of serialised statistics.
pub const CORPUS_STATS_FORMAT: &str = "storylens-corpus-stats";
/// The layout version this build writes and reads.
pub const CORPUS_STATS_VERSION: u32 = 1;

/// The statistics of one set of documents (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorpusStats {
    /// How the documents were analysed, as the caller describes it (opaque here): only
    /// statistics of the same analysis merge, since their terms mean the same.
    analysis: String,
    n_documents: u64,
    /// Distinct terms in byte order.
    terms: Vec<String>,
    document_frequencies: Vec<u64>,
    term_totals: Vec<u64>,
}

/// The serialised form: an envelope that says what the document is and which layout it has.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatsDocument {
    format: String,
    format_version: u32,
    analysis: String,
    n_documents: u64,
    terms: Vec<String>,
    document_frequencies: Vec<u64>,
    term_totals: Vec<u64>,
}

impl CorpusStats {
    /// The statistics of no documents.
    pub fn empty(analysis: &str) -> Self {
        CorpusStats {
            analysis: analysis.to_string(),
            ..CorpusStats::default()
        }
    }

    /// Counts `documents` with `analyzer` on `threads` threads. A set without any term (no
    /// documents, or stop words only) gives statistics without terms, not an error.
    pub fn from_documents(
        documents: Documents<'_>,
        analyzer: &Analyzer,
        threads: usize,
        analysis: &str,
    ) -> Result<Self> {
        let chunks = count_chunks(documents, analyzer, threads);
        let corpus = learn_terms(chunks, analyzer, threads, &JobControl::new())?;
        Ok(Self::from_counted(&corpus, threads, analysis))
    }

    /// The statistics of counts already made (before any column was dropped).
    pub fn from_counted(corpus: &CountedCorpus, threads: usize, analysis: &str) -> Self {
        // Counts are never negative.
        let unsigned = |values: Vec<i64>| values.into_iter().map(|v| v as u64).collect();
        CorpusStats {
            analysis: analysis.to_string(),
            n_documents: corpus.n_rows() as u64,
            terms: corpus.terms.terms().map(str::to_string).collect(),
            document_frequencies: unsigned(corpus.document_frequencies_on(threads)),
            term_totals: unsigned(corpus.term_totals_on(threads)),
        }
    }

    /// How the documents were analysed (the caller's description).
    pub fn analysis(&self) -> &str {
        &self.analysis
    }

    /// The number of documents counted.
    pub fn n_documents(&self) -> u64 {
        self.n_documents
    }

    /// The number of distinct terms.
    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }

    /// The terms, in byte order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// In how many documents each term occurs.
    pub fn document_frequencies(&self) -> &[u64] {
        &self.document_frequencies
    }

    /// How often each term occurs in all.
    pub fn term_totals(&self) -> &[u64] {
        &self.term_totals
    }

    /// The statistics of both sets of documents: counts of equal terms add up. Statistics of
    /// different analyses do not merge (their terms do not mean the same).
    ///
    /// ```
    /// use storylens::vectorize::corpus_stats::CorpusStats;
    /// let a = CorpusStats::from_parts("words", 2, &["cat", "dog"], &[2, 1], &[3, 1]).unwrap();
    /// let b = CorpusStats::from_parts("words", 1, &["ant", "dog"], &[1, 1], &[1, 2]).unwrap();
    /// let both = a.merge(&b).unwrap();
    /// assert_eq!(both.n_documents(), 3);
    /// assert_eq!(both.terms(), ["ant", "cat", "dog"]);
    /// assert_eq!(both.document_frequencies(), [1, 2, 2]);
    /// assert_eq!(both.term_totals(), [1, 3, 3]);
    /// ```
    pub fn merge(&self, other: &CorpusStats) -> Result<CorpusStats> {
        if self.analysis != other.analysis {
            return Err(Error::parameter(
                "other",
                "these statistics were counted with different analyzer settings, so their \
                 terms do not match; count both with the same settings",
            ));
        }
        let n_documents = add(self.n_documents, other.n_documents)?;
        let capacity = self.terms.len() + other.terms.len();
        let mut merged = CorpusStats {
            analysis: self.analysis.clone(),
            n_documents,
            terms: Vec::with_capacity(capacity),
            document_frequencies: Vec::with_capacity(capacity),
            term_totals: Vec::with_capacity(capacity),
        };
        let (mut i, mut j) = (0, 0);
        // Both term lists are sorted: one pass of a merge sort.
        while i < self.terms.len() || j < other.terms.len() {
            let order = match (self.terms.get(i), other.terms.get(j)) {
                (Some(a), Some(b)) => a.as_bytes().cmp(b.as_bytes()),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    merged.push_from(self, i, 0, 0)?;
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    merged.push_from(other, j, 0, 0)?;
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    let (df, total) = (other.document_frequencies[j], other.term_totals[j]);
                    merged.push_from(self, i, df, total)?;
                    i += 1;
                    j += 1;
                }
            }
        }
        Ok(merged)
    }

    /// Appends `source`'s term `index` with `df` and `total` added to its counts.
    fn push_from(&mut self, source: &CorpusStats, index: usize, df: u64, total: u64) -> Result<()> {
        self.terms.push(source.terms[index].clone());
        self.document_frequencies
            .push(add(source.document_frequencies[index], df)?);
        self.term_totals
            .push(add(source.term_totals[index], total)?);
        Ok(())
    }

    /// The vocabulary of the terms where `keep` is true, in order (the fitted columns).
    pub fn select(&self, keep: &[bool]) -> Result<Vocabulary> {
        if keep.len() != self.terms.len() {
            return Err(Error::ShapeMismatch(format!(
                "mask has {} entries for {} terms",
                keep.len(),
                self.terms.len()
            )));
        }
        let mut builder = VocabularyBuilder::default();
        self.terms
            .iter()
            .zip(keep)
            .filter(|(_, &kept)| kept)
            .for_each(|(term, _)| builder.push(term));
        Ok(builder.finish())
    }

    /// The document frequency and total count of each term of `vocabulary` (zero for terms
    /// these documents never had): a given vocabulary's statistics.
    pub fn counts_of(&self, vocabulary: &Vocabulary) -> (Vec<u64>, Vec<u64>) {
        vocabulary
            .terms()
            .map(|term| {
                match self
                    .terms
                    .binary_search_by(|probe| probe.as_bytes().cmp(term.as_bytes()))
                {
                    Ok(index) => (self.document_frequencies[index], self.term_totals[index]),
                    Err(_) => (0, 0),
                }
            })
            .unzip()
    }

    /// Statistics from their parts, checked as [`CorpusStats::from_json`] checks them.
    pub fn from_parts<S: AsRef<str>>(
        analysis: &str,
        n_documents: u64,
        terms: &[S],
        document_frequencies: &[u64],
        term_totals: &[u64],
    ) -> Result<Self> {
        let stats = CorpusStats {
            analysis: analysis.to_string(),
            n_documents,
            terms: terms.iter().map(|t| t.as_ref().to_string()).collect(),
            document_frequencies: document_frequencies.to_vec(),
            term_totals: term_totals.to_vec(),
        };
        stats.validate()?;
        Ok(stats)
    }

    /// Checks what the type promises: one count per term, terms distinct and in byte order,
    /// every term in at least one and at most every document, at least once per document
    /// it is in, and every count within numpy's int64.
    fn validate(&self) -> Result<()> {
        let corrupt =
            |reason: String| Error::Persistence(format!("corrupt corpus statistics: {reason}"));
        for (name, values) in [
            ("document_frequencies", &self.document_frequencies),
            ("term_totals", &self.term_totals),
        ] {
            if values.len() != self.terms.len() {
                return Err(corrupt(format!(
                    "{name} has {} entries for {} terms",
                    values.len(),
                    self.terms.len()
                )));
            }
        }
        if self.n_documents > MAX_COUNT {
            return Err(corrupt(format!("{} documents", self.n_documents)));
        }
        if let Some(position) = self
            .terms
            .windows(2)
            .position(|pair| pair[0].as_bytes() >= pair[1].as_bytes())
        {
            return Err(corrupt(format!(
                "terms {} and {} are not distinct and in order",
                position,
                position + 1
            )));
        }
        let impossible = self
            .document_frequencies
            .iter()
            .zip(&self.term_totals)
            .position(|(&df, &total)| {
                df == 0 || df > self.n_documents || total < df || total > MAX_COUNT
            });
        if let Some(index) = impossible {
            return Err(corrupt(format!(
                "term {index}: document frequency {} with {} occurrences in {} documents",
                self.document_frequencies[index], self.term_totals[index], self.n_documents
            )));
        }
        Ok(())
    }

    /// The statistics as a versioned JSON document.
    pub fn to_json(&self) -> String {
        let document = StatsDocument {
            format: CORPUS_STATS_FORMAT.to_string(),
            format_version: CORPUS_STATS_VERSION,
            analysis: self.analysis.clone(),
            n_documents: self.n_documents,
            terms: self.terms.clone(),
            document_frequencies: self.document_frequencies.clone(),
            term_totals: self.term_totals.clone(),
        };
        serde_json::to_string(&document).expect("corpus statistics always serialise")
    }

    /// Statistics from [`CorpusStats::to_json`]'s text, validated. Errors say what is wrong
    /// without echoing the text.
    pub fn from_json(text: &str) -> Result<Self> {
        let document: StatsDocument = serde_json::from_str(text).map_err(|error| {
            Error::Persistence(format!("not storylens corpus statistics: {error}"))
        })?;
        if document.format != CORPUS_STATS_FORMAT {
            return Err(Error::Persistence(
                "not storylens corpus statistics".to_string(),
            ));
        }
        if document.format_version > CORPUS_STATS_VERSION || document.format_version == 0 {
            return Err(Error::Persistence(format!(
                "corpus statistics of format version {}; this version of storylens reads \
                 version {CORPUS_STATS_VERSION}",
                document.format_version
            )));
        }
        let stats = CorpusStats {
            analysis: document.analysis,
            n_documents: document.n_documents,
            terms: document.terms,
            document_frequencies: document.document_frequencies,
            term_totals: document.term_totals,
        };
        stats.validate()?;
        Ok(stats)
    }
}

/// The largest count: numpy's int64 holds every count, on both sides of the binding.
const MAX_COUNT: u64 = i64::MAX as u64;

/// `a + b`, or an error where a count no longer fits.
fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .filter(|&sum| sum <= MAX_COUNT)
        .ok_or_else(|| Error::parameter("other", "the merged counts exceed 2**63 - 1"))
}

#[cfg(test)]
mod tests;
