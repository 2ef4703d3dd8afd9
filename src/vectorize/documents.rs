//! The documents a vectorizer reads: raw texts, or token lists produced on the Python side.

use crate::parallel::{cut_into_batches, BATCH_BYTES};
use crate::text::analyzer::{Analyzer, Scratch};

/// The documents to analyse: raw texts, or token lists produced on the Python side.
///
/// ```
/// use storylens::vectorize::documents::Documents;
/// let texts = ["the cat", "a dog"];
/// assert_eq!(Documents::Texts(&texts).len(), 2);
/// ```
#[derive(Clone, Copy)]
pub enum Documents<'a> {
    /// Raw texts, analysed by the analyzer.
    Texts(&'a [&'a str]),
    /// Token lists (an analyzer that takes tokens).
    Tokens(&'a [Vec<&'a str>]),
}

impl Documents<'_> {
    /// The number of documents.
    pub fn len(&self) -> usize {
        match self {
            Documents::Texts(texts) => texts.len(),
            Documents::Tokens(tokens) => tokens.len(),
        }
    }

    /// True when there are no documents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Emits the features of document `index`; `apply_stem` false skips stemming (see
    /// [`Analyzer::deferrable_stemmer`]).
    #[inline]
    pub fn analyze(
        &self,
        index: usize,
        analyzer: &Analyzer,
        scratch: &mut Scratch,
        emit: &mut impl FnMut(&str),
        apply_stem: bool,
    ) {
        match self {
            Documents::Texts(texts) => {
                analyzer.analyze_with(texts[index], scratch, emit, apply_stem)
            }
            Documents::Tokens(tokens) => {
                analyzer.analyze_tokens_with(&tokens[index], scratch, emit, apply_stem)
            }
        }
    }

    /// [`Documents::analyze`] as one batch per document (see [`Analyzer::analyze_spans`]).
    pub(crate) fn analyze_spans(
        &self,
        index: usize,
        analyzer: &Analyzer,
        scratch: &mut Scratch,
        apply_stem: bool,
        consume: &mut impl FnMut(&str, &[(usize, usize)]),
    ) {
        match self {
            Documents::Texts(texts) => {
                analyzer.analyze_spans(texts[index], scratch, apply_stem, consume)
            }
            Documents::Tokens(tokens) => {
                analyzer.analyze_token_spans(&tokens[index], scratch, apply_stem, consume)
            }
        }
    }

    /// Total size, used to cut the work into balanced chunks.
    pub(crate) fn weight(&self, index: usize) -> usize {
        match self {
            Documents::Texts(texts) => texts[index].len() + 16,
            Documents::Tokens(tokens) => {
                tokens[index].iter().map(|t| t.len() + 1).sum::<usize>() + 16
            }
        }
    }

    /// Contiguous batches of about [`BATCH_BYTES`] of text, at least a few per thread (see
    /// [`cut_into_batches`]).
    pub(crate) fn batches(&self, threads: usize) -> Vec<std::ops::Range<usize>> {
        let weights: Vec<usize> = (0..self.len()).map(|index| self.weight(index)).collect();
        cut_into_batches(&weights, threads, BATCH_BYTES)
    }
}
