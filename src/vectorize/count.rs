//! Counting features per document, in parallel, with a result that does not depend on how the
//! work was split: the learned vocabulary is sorted (scikit-learn's column order), each row
//! lists its terms in the order they first occur in the document, and counts are exact
//! integers, so any chunking gives the same matrix.
//!
//! Counting workers take batches of documents ([`crate::parallel::run_batches`]), each filling
//! its own term table; [`MergedVocabulary`] merges the tables into the sorted vocabulary, and
//! the rows ([`crate::vectorize::rows`]) are renumbered to its columns.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::job::JobControl;
use crate::parallel::{run_batches, run_with_threads, Batched};
use crate::text::analyzer::{Analyzer, Scratch};
use crate::vectorize::csr::CsrMatrix;
use crate::vectorize::documents::Documents;
use crate::vectorize::interner::{prefetch, Interner, SpanHashes};
use crate::vectorize::rows::{assemble_rows, pack, plain_values, unpack, RowsPart};
use crate::vectorize::vocabulary::{MergedVocabulary, Vocabulary};
use crate::vectorize::weighting::{Finiteness, Float, TfidfWeighting};

/// A document-term count matrix with its vocabulary (column `j` is `terms.term(j)`), kept as
/// the counting left it (rows of packed `(column, count)` entries, in document order, in
/// parts) until the caller has chosen the columns to keep and the values to produce: the
/// final CSR arrays are then written once, in their final type, weighting included.
#[derive(Debug)]
pub struct CountedCorpus {
    /// The vocabulary: column `j` is `terms.term(j)`.
    pub terms: Vocabulary,
    n_rows: usize,
    parts: Vec<RowsPart>,
    /// Counted along with the sort that ended the counting, when it was done.
    document_frequencies: Option<Vec<i64>>,
}

impl CountedCorpus {
    /// The number of documents (rows).
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Number of documents containing each term.
    pub fn document_frequencies(&self) -> Vec<i64> {
        self.document_frequencies_on(1)
    }

    /// [`CountedCorpus::document_frequencies`] on `threads` threads (each counts some parts;
    /// exact integers, so the split changes nothing).
    pub fn document_frequencies_on(&self, threads: usize) -> Vec<i64> {
        match &self.document_frequencies {
            Some(frequencies) => frequencies.clone(),
            None => self.column_sums(threads, |_| 1),
        }
    }

    /// Total count of each term over all documents.
    pub fn term_totals(&self) -> Vec<i64> {
        self.term_totals_on(1)
    }

    /// [`CountedCorpus::term_totals`] on `threads` threads (exact integers, so the split
    /// changes nothing).
    pub fn term_totals_on(&self, threads: usize) -> Vec<i64> {
        self.column_sums(threads, i64::from)
    }

    /// Per column, the sum of `value_of(count)` over the stored entries.
    fn column_sums(&self, threads: usize, value_of: impl Fn(u32) -> i64 + Sync) -> Vec<i64> {
        let n_terms = self.terms.len();
        let add_part = |mut sums: Vec<i64>, part: &RowsPart| {
            for &entry in &part.entries {
                let (column, count) = unpack(entry);
                sums[column as usize] += value_of(count);
            }
            sums
        };
        if threads <= 1 || self.parts.len() <= 1 {
            return self.parts.iter().fold(vec![0i64; n_terms], add_part);
        }
        run_with_threads(threads, || {
            self.parts
                .par_iter()
                .fold(|| vec![0i64; n_terms], add_part)
                .reduce_with(|mut total, part| {
                    total.iter_mut().zip(part).for_each(|(t, p)| *t += p);
                    total
                })
                .unwrap_or_else(|| vec![0; n_terms])
        })
    }

    /// Keeps the columns where `keep` is true, in their order (scikit-learn's
    /// `_limit_features` after the mask is known).
    pub fn select_columns(self, keep: &[bool]) -> Result<CountedCorpus> {
        if keep.len() != self.terms.len() {
            return Err(Error::ShapeMismatch(format!(
                "mask has {} entries for {} terms",
                keep.len(),
                self.terms.len()
            )));
        }
        let mut new_column = vec![u32::MAX; keep.len()];
        let mut next = 0u32;
        for (old, &kept) in keep.iter().enumerate() {
            if kept {
                new_column[old] = next;
                next += 1;
            }
        }
        let terms = self.terms.select(keep);
        let document_frequencies = self.document_frequencies.map(|frequencies| {
            frequencies
                .into_iter()
                .zip(keep)
                .filter_map(|(frequency, &kept)| kept.then_some(frequency))
                .collect()
        });
        let mut parts = self.parts;
        // Dropping columns keeps the other entries in their order.
        parts.par_iter_mut().for_each(|part| {
            part.retain_columns(|column| match new_column[column as usize] {
                u32::MAX => None,
                kept => Some(kept),
            })
        });
        Ok(CountedCorpus {
            terms,
            n_rows: self.n_rows,
            parts,
            document_frequencies,
        })
    }

    /// The counts as a CSR matrix, leaving the corpus as it is (for tests).
    #[cfg(test)]
    fn counts(&self) -> CsrMatrix<i64> {
        assemble_rows(
            self.terms.len(),
            self.parts.clone(),
            plain_values(i64::from),
        )
    }

    /// The counts as a CSR matrix with values `value_of(count)`.
    pub fn into_matrix<T: Copy + Default + Send>(
        self,
        threads: usize,
        value_of: impl Fn(u32) -> T + Sync,
    ) -> (Vocabulary, CsrMatrix<T>) {
        let n_cols = self.terms.len();
        let matrix = run_with_threads(threads, || {
            assemble_rows(n_cols, self.parts, |entries, indices, values| {
                for ((&entry, index), value) in entries.iter().zip(indices).zip(values) {
                    let (column, count) = unpack(entry);
                    *index = column as i32;
                    *value = value_of(count);
                }
            })
        });
        (self.terms, matrix)
    }

    /// The TF-IDF matrix of the counts, written in one pass: each count (1 when `binary`)
    /// weighted and each row normalised exactly as [`apply_tfidf`](crate::vectorize::weighting::apply_tfidf) does on the count matrix.
    pub fn into_tfidf<F: Float + Default>(
        self,
        binary: bool,
        weighting: &TfidfWeighting<'_, F>,
        threads: usize,
    ) -> Result<(Vocabulary, CsrMatrix<F>)> {
        let n_cols = self.terms.len();
        if let Some(idf) = weighting.idf {
            if idf.len() != n_cols {
                return Err(Error::ShapeMismatch(format!(
                    "idf has {} entries for {} terms",
                    idf.len(),
                    n_cols
                )));
            }
        }
        let worst = std::sync::atomic::AtomicU8::new(Finiteness::Finite as u8);
        let matrix = run_with_threads(threads, || {
            assemble_rows(n_cols, self.parts, |entries, indices, values| {
                for ((&entry, index), value) in entries
                    .iter()
                    .zip(indices.iter_mut())
                    .zip(values.iter_mut())
                {
                    let (column, count) = unpack(entry);
                    *index = column as i32;
                    *value = if binary {
                        F::one()
                    } else {
                        F::from_i64(i64::from(count))
                    };
                }
                let status = weighting.weigh_row(values, indices.iter().map(|&c| c as usize));
                worst.fetch_max(status as u8, std::sync::atomic::Ordering::Relaxed);
            })
        });
        Finiteness::from_u8(worst.into_inner()).check::<F>("Input")?;
        Ok((self.terms, matrix))
    }
}

/// How far ahead [`RowCounter::add_all`] prefetches.
const COUNTER_PREFETCH_DISTANCE: usize = 8;

/// Per-document counting with reusable storage: a dense counter per column id and the list of
/// ids touched by the current document.
struct RowCounter {
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl RowCounter {
    fn new() -> Self {
        RowCounter {
            counts: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Counts every id of `ids` (each below `n_ids`), prefetching the counters of the ids a
    /// few places ahead: the counters of rare terms are rarely in cache.
    ///
    /// Whether an id is new to the row is a coin flip on news text (about 3 in 5 are), so it
    /// is not branched on: every id is written to the next free place of `touched`, which
    /// advances only past new ones.
    fn add_all(&mut self, ids: &[u32], n_ids: usize) {
        if self.counts.len() < n_ids {
            self.counts.resize(n_ids, 0);
        }
        let mut next = self.touched.len();
        self.touched.resize(next + ids.len(), 0);
        for (i, &id) in ids.iter().enumerate() {
            if let Some(&ahead) = ids.get(i + COUNTER_PREFETCH_DISTANCE) {
                prefetch(&self.counts[ahead as usize]);
            }
            let count = &mut self.counts[id as usize];
            self.touched[next] = id;
            next += usize::from(*count == 0);
            *count += 1;
        }
        self.touched.truncate(next);
    }

    /// Moves the finished row's (id, count) pairs into `out`, packed as `id << 32 | count`,
    /// and resets.
    fn finish_into(&mut self, out: &mut Vec<u64>) {
        for &id in &self.touched {
            out.push(pack(id, self.counts[id as usize]));
            self.counts[id as usize] = 0;
        }
        self.touched.clear();
    }
}

/// A counting worker's state, kept across the batches it takes: its term table (local ids,
/// in order of first appearance on this worker) and reusable buffers.
pub struct CountWorker {
    terms: Interner,
    scratch: Scratch,
    counter: RowCounter,
    hashes: SpanHashes,
    ids: Vec<u32>,
}

impl Default for CountWorker {
    fn default() -> Self {
        Self::new()
    }
}

impl CountWorker {
    /// A worker with an empty term table.
    pub fn new() -> Self {
        CountWorker {
            terms: Interner::new(),
            scratch: Scratch::default(),
            counter: RowCounter::new(),
            hashes: SpanHashes::default(),
            ids: Vec::new(),
        }
    }

    /// Counts `documents[range]` into rows of this worker's local term ids.
    ///
    /// With a deferrable stemmer the terms are still unstemmed tokens: `learn_vocabulary`
    /// stems each distinct token of the whole corpus once.
    pub fn count(
        &mut self,
        documents: Documents<'_>,
        range: std::ops::Range<usize>,
        analyzer: &Analyzer,
    ) -> RowsPart {
        let CountWorker {
            terms,
            scratch,
            counter,
            hashes,
            ids,
        } = self;
        // Room for one entry per 6 bytes of text (news text has about one per 11), so that
        // the buffer is not regrown and copied; capacity never written costs no memory.
        let bytes: usize = range.clone().map(|index| documents.weight(index)).sum();
        let mut entries = Vec::with_capacity(bytes / 6);
        let mut row_ends = Vec::with_capacity(range.len());
        let apply_stem = analyzer.deferrable_stemmer().is_none();
        for index in range {
            documents.analyze_spans(index, analyzer, scratch, apply_stem, &mut |text, spans| {
                ids.clear();
                terms.intern_spans(text, spans, hashes, ids);
                counter.add_all(ids, terms.len());
            });
            counter.finish_into(&mut entries);
            row_ends.push(entries.len());
        }
        RowsPart { row_ends, entries }
    }
}

/// Counts features and learns the vocabulary, sorted like scikit-learn's `_sort_features`.
/// An empty result is scikit-learn's "empty vocabulary" error.
pub fn count_learning_vocabulary(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    threads: usize,
) -> Result<CountedCorpus> {
    let chunks = count_chunks(documents, analyzer, threads);
    learn_vocabulary(chunks, analyzer, threads, &JobControl::new())
}

/// Counts that no longer borrow the documents (see [`count_chunks`]): each worker's term
/// table, and each batch's rows (in document order) with the worker that counted it.
pub struct ChunkedCounts(Batched<CountWorker, RowsPart>);

/// The first half of [`count_learning_vocabulary`]: analyse and count every document. The
/// result owns its strings, so the caller can free the documents (for the binding: the
/// temporary UTF-8 copies) before [`learn_vocabulary`] allocates the final matrix.
pub fn count_chunks(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    threads: usize,
) -> ChunkedCounts {
    let ranges = documents.batches(threads);
    ChunkedCounts(run_batches(
        threads,
        ranges.len(),
        CountWorker::new,
        |worker, batch| worker.count(documents, ranges[batch].clone(), analyzer),
    ))
}

impl ChunkedCounts {
    /// Batches counted by [`CountWorker::count`] (see [`run_batches`]).
    pub fn from_batches(batched: Batched<CountWorker, RowsPart>) -> Self {
        ChunkedCounts(batched)
    }

    /// The workers' distinct terms, summed: what the vocabulary merge has to sort (a term
    /// two workers met counts twice).
    pub fn local_terms(&self) -> usize {
        self.0.states.iter().map(|worker| worker.terms.len()).sum()
    }
}

/// The second half of [`count_learning_vocabulary`]: merge, sort and assemble.
/// `analyzer` must be the one the chunks were counted with: with a deferrable stemmer the
/// chunks hold unstemmed tokens, stemmed here once per distinct token of the corpus.
///
/// `control` is polled between the phases and between groups of terms in the merge, so a
/// cancelled job stops with [`Error::Cancelled`] (a merge of millions of n-grams takes
/// seconds).
pub fn learn_vocabulary(
    chunks: ChunkedCounts,
    analyzer: &Analyzer,
    threads: usize,
    control: &JobControl,
) -> Result<CountedCorpus> {
    let corpus = learn_terms(chunks, analyzer, threads, control)?;
    if corpus.terms.is_empty() {
        return Err(Error::EmptyVocabulary(
            "empty vocabulary; perhaps the documents only contain stop words".to_string(),
        ));
    }
    Ok(corpus)
}

/// [`learn_vocabulary`] that accepts a corpus without terms (no documents, or stop words
/// only): one part of a corpus may have none, and its statistics still merge
/// ([`crate::vectorize::corpus_stats`]). Whether the whole corpus has terms is decided on
/// the merged statistics.
pub fn learn_terms(
    chunks: ChunkedCounts,
    analyzer: &Analyzer,
    threads: usize,
    control: &JobControl,
) -> Result<CountedCorpus> {
    let ChunkedCounts(Batched { states, results }) = chunks;
    run_with_threads(threads, || {
        let interners: Vec<&Interner> = states.iter().map(|worker| &worker.terms).collect();
        control.checkpoint()?;
        let merged = MergedVocabulary::merge(&interners, threads, control)?;
        control.checkpoint()?;
        let merged = match analyzer.deferrable_stemmer() {
            None => merged,
            // Rows may now hold one stem several times, which `map_rows` merges.
            Some(stemmer) => merged.into_stems(stemmer),
        };
        control.checkpoint()?;
        let terms = &merged.terms;
        if terms.len() > i32::MAX as usize {
            return Err(Error::EmptyVocabulary(
                "more than 2**31 - 1 distinct features".to_string(),
            ));
        }
        let n_cols = terms.len();

        drop(states);
        let may_repeat = analyzer.deferrable_stemmer().is_some();
        // Each part's rows are renumbered, and the document frequencies counted, while the
        // rows are in cache; folds take runs of parts in order, so concatenating them keeps
        // the parts in document order.
        let no_position = || {
            if may_repeat {
                vec![u32::MAX; n_cols]
            } else {
                Vec::new()
            }
        };
        // One run of parts per thread: every run allocates its own per-column arrays.
        let run = results.len().div_ceil(threads.max(1)).max(1);
        let (parts, document_frequencies, _) = results
            .into_par_iter()
            .with_min_len(run)
            .fold(
                || (Vec::new(), vec![0i64; n_cols], no_position()),
                |(mut parts, mut frequencies, mut positions), (worker, mut rows)| {
                    rows.map_rows(merged.columns_of(worker), may_repeat, &mut positions);
                    for &entry in &rows.entries {
                        frequencies[unpack(entry).0 as usize] += 1;
                    }
                    parts.push(rows);
                    (parts, frequencies, positions)
                },
            )
            .reduce(
                || (Vec::new(), vec![0i64; n_cols], Vec::new()),
                |(mut parts, mut frequencies, _), (more_parts, more_frequencies, _)| {
                    parts.extend(more_parts);
                    frequencies
                        .iter_mut()
                        .zip(more_frequencies)
                        .for_each(|(total, more)| *total += more);
                    (parts, frequencies, Vec::new())
                },
            );
        control.checkpoint()?;
        // The merge's sort keys and the workers' term tables are gone: give their pages back
        // before the matrix is allocated.
        crate::memory::release_free_memory();
        Ok(CountedCorpus {
            terms: merged.terms,
            n_rows: parts
                .iter()
                .map(|part: &RowsPart| part.row_ends.len())
                .sum(),
            parts,
            document_frequencies: Some(document_frequencies),
        })
    })
}

/// Counts the features found in `vocabulary`; others are ignored (scikit-learn's transform).
pub fn count_with_vocabulary(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    vocabulary: &Vocabulary,
    threads: usize,
) -> CsrMatrix<i64> {
    run_with_threads(threads, || {
        let parts: Vec<RowsPart> = documents
            .batches(threads)
            .into_par_iter()
            .map(|range| count_range_with_vocabulary(documents, range, analyzer, vocabulary))
            .collect();
        assemble_sorted_by_column(vocabulary.len(), parts)
    })
}

/// [`count_with_vocabulary`] of every document of `documents`, as one chunk (see
/// [`assemble_with_vocabulary`]).
pub fn count_part_with_vocabulary(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    vocabulary: &Vocabulary,
) -> RowsPart {
    count_range_with_vocabulary(documents, 0..documents.len(), analyzer, vocabulary)
}

/// Rows counted against a fixed vocabulary, sorted by column (as scikit-learn's `transform`
/// returns them, and as `inverse_transform` then lists the terms), as one matrix.
fn assemble_sorted_by_column(n_cols: usize, mut parts: Vec<RowsPart>) -> CsrMatrix<i64> {
    parts.par_iter_mut().for_each(RowsPart::sort_rows);
    // A row's columns are distinct (each was counted once per row).
    assemble_rows(n_cols, parts, plain_values(i64::from))
}

/// The matrix of chunks counted by [`count_part_with_vocabulary`], in document order.
pub fn assemble_with_vocabulary(
    vocabulary: &Vocabulary,
    parts: Vec<RowsPart>,
    threads: usize,
) -> CsrMatrix<i64> {
    run_with_threads(threads, || {
        assemble_sorted_by_column(vocabulary.len(), parts)
    })
}

fn count_range_with_vocabulary(
    documents: Documents<'_>,
    range: std::ops::Range<usize>,
    analyzer: &Analyzer,
    vocabulary: &Vocabulary,
) -> RowsPart {
    let lookup = vocabulary.lookup();
    let mut scratch = Scratch::default();
    let mut counter = RowCounter::new();
    let (mut hashes, mut columns) = (SpanHashes::default(), Vec::new());
    let mut entries = Vec::new();
    let mut row_ends = Vec::with_capacity(range.len());
    for index in range {
        documents.analyze_spans(index, analyzer, &mut scratch, true, &mut |text, spans| {
            columns.clear();
            lookup.get_spans(text, spans, &mut hashes, &mut columns);
            counter.add_all(&columns, vocabulary.len());
        });
        counter.finish_into(&mut entries);
        row_ends.push(entries.len());
    }
    RowsPart { row_ends, entries }
}

#[cfg(test)]
mod tests;
