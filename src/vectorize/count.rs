//! Counting features per document, in parallel, with a result that does not depend on how the
//! work was split: the learned vocabulary is sorted (scikit-learn's column order), each row
//! lists its terms in the order they first occur in the document, and counts are exact
//! integers, so any chunking gives the same matrix.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::parallel::{run_batches, run_with_threads, Batched};
use crate::text::analyzer::{Analyzer, Scratch};
use crate::text::stem::Stemmer;
use crate::vectorize::csr::CsrMatrix;
use crate::vectorize::interner::{prefetch, Interner, SpanHashes};
use crate::vectorize::vocabulary::{Vocabulary, VocabularyBuilder};
use crate::vectorize::weighting::{normalize_row, Finiteness, Float, Norm, TfidfWeighting};

/// The documents to analyse: raw texts, or token lists produced on the Python side.
#[derive(Clone, Copy)]
pub enum Documents<'a> {
    Texts(&'a [&'a str]),
    Tokens(&'a [Vec<&'a str>]),
}

impl Documents<'_> {
    pub fn len(&self) -> usize {
        match self {
            Documents::Texts(texts) => texts.len(),
            Documents::Tokens(tokens) => tokens.len(),
        }
    }

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
}

/// Cuts `0..weights.len()` into at most `pieces` contiguous ranges of similar total weight.
pub fn cut_by_weight(weights: &[usize], pieces: usize) -> Vec<std::ops::Range<usize>> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let total: usize = weights.iter().sum();
    let pieces = pieces.clamp(1, n);
    let target = total.div_ceil(pieces).max(1);
    let mut ranges = Vec::with_capacity(pieces);
    let mut start = 0;
    let mut size = 0;
    for (i, &weight) in weights.iter().enumerate() {
        size += weight;
        if size >= target {
            ranges.push(start..i + 1);
            start = i + 1;
            size = 0;
        }
    }
    if start < n {
        ranges.push(start..n);
    }
    ranges
}

/// A document-term count matrix with its vocabulary (column `j` is `terms.term(j)`), kept as
/// the counting left it (rows of packed `(column, count)` entries, in document order, in
/// parts) until the caller has chosen the columns to keep and the values to produce: the
/// final CSR arrays are then written once, in their final type, weighting included.
#[derive(Debug)]
pub struct CountedCorpus {
    pub terms: Vocabulary,
    n_rows: usize,
    parts: Vec<RowsPart>,
    /// Counted along with the sort that ended the counting, when it was done.
    document_frequencies: Option<Vec<i64>>,
}

impl CountedCorpus {
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
        self.column_sums(1, i64::from)
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
    /// weighted and each row normalised exactly as [`apply_tfidf`] does on the count matrix.
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

/// A (column, count) pair packed into one integer, column in the high half, so that sorting
/// the integers sorts by column (several times faster than sorting pairs by a key).
#[inline]
fn pack(column: u32, count: u32) -> u64 {
    ((column as u64) << 32) | count as u64
}

#[inline]
fn unpack(entry: u64) -> (u32, u32) {
    ((entry >> 32) as u32, entry as u32)
}

/// Rows of one chunk: packed entries and where each row ends.
#[derive(Debug, Clone)]
pub struct RowsPart {
    row_ends: Vec<usize>,
    entries: Vec<u64>,
}

impl RowsPart {
    /// Keeps the entries whose column `renumber` maps to a new column, renumbered, compacting
    /// in place.
    fn retain_columns(&mut self, renumber: impl Fn(u32) -> Option<u32>) {
        let mut write = 0;
        let mut start = 0;
        for row_end in self.row_ends.iter_mut() {
            for read in start..*row_end {
                let (column, count) = unpack(self.entries[read]);
                if let Some(column) = renumber(column) {
                    self.entries[write] = pack(column, count);
                    write += 1;
                }
            }
            start = *row_end;
            *row_end = write;
        }
        self.entries.truncate(write);
    }

    /// Sorts every row by column (packed entries sort by their column, the high half).
    fn sort_rows(&mut self) {
        let mut start = 0;
        for &end in &self.row_ends {
            self.entries[start..end].sort_unstable();
            start = end;
        }
    }

    /// Replaces each id by `column_of[id]`, keeping every row in its order: the order in
    /// which the row's terms first occur in its document. That order is the document's own,
    /// so it does not depend on how the work was split, and it needs no sort (scikit-learn's
    /// rows are not sorted by column either). With `may_repeat` (stems: several tokens of a
    /// row can share a column), a repeated column is added into its first entry;
    /// `position_of` is scratch space of one entry per column, all `u32::MAX`, and is left so.
    fn map_rows(&mut self, column_of: &[u32], may_repeat: bool, position_of: &mut [u32]) {
        if !may_repeat {
            for entry in &mut self.entries {
                let (id, count) = unpack(*entry);
                *entry = pack(column_of[id as usize], count);
            }
            return;
        }
        let mut write = 0;
        let mut start = 0;
        for row_end in self.row_ends.iter_mut() {
            let row_start = write;
            for read in start..*row_end {
                let (id, count) = unpack(self.entries[read]);
                let column = column_of[id as usize];
                match position_of[column as usize] {
                    u32::MAX => {
                        position_of[column as usize] = (write - row_start) as u32;
                        self.entries[write] = pack(column, count);
                        write += 1;
                    }
                    offset => {
                        let at = row_start + offset as usize;
                        self.entries[at] = pack(column, unpack(self.entries[at]).1 + count);
                    }
                }
            }
            for &entry in &self.entries[row_start..write] {
                position_of[unpack(entry).0 as usize] = u32::MAX;
            }
            start = *row_end;
            *row_end = write;
        }
        self.entries.truncate(write);
    }
}

/// A row writer for [`assemble_rows`] that maps each packed value with `value_of`.
fn plain_values<T>(
    value_of: impl Fn(u32) -> T + Sync,
) -> impl Fn(&[u64], &mut [i32], &mut [T]) + Sync {
    move |entries, indices, values| {
        for ((&entry, index), value) in entries.iter().zip(indices).zip(values) {
            let (column, packed) = unpack(entry);
            *index = column as i32;
            *value = value_of(packed);
        }
    }
}

/// Assembles row parts (in order) into one CSR matrix, writing straight into the final arrays
/// so that no intermediate per-part matrices exist. Each row must hold distinct columns; they
/// stay in their order. `write_row(entries, indices, values)` fills each row's slices of the
/// final arrays from its packed entries (all three of the row's length).
fn assemble_rows<T: Copy + Default + Send>(
    n_cols: usize,
    parts: Vec<RowsPart>,
    write_row: impl Fn(&[u64], &mut [i32], &mut [T]) + Sync,
) -> CsrMatrix<T> {
    let nnz: usize = parts.iter().map(|p| p.entries.len()).sum();
    let n_rows: usize = parts.iter().map(|p| p.row_ends.len()).sum();
    let mut indptr = Vec::with_capacity(n_rows + 1);
    indptr.push(0i64);
    let mut offset = 0i64;
    for part in &parts {
        indptr.extend(part.row_ends.iter().map(|&end| offset + end as i64));
        offset += part.entries.len() as i64;
    }
    let mut indices = vec![0i32; nnz];
    let mut data = vec![T::default(); nnz];
    let mut index_slices = Vec::with_capacity(parts.len());
    let mut data_slices = Vec::with_capacity(parts.len());
    let (mut index_rest, mut data_rest) = (&mut indices[..], &mut data[..]);
    for part in &parts {
        let (index_head, index_tail) = index_rest.split_at_mut(part.entries.len());
        let (data_head, data_tail) = data_rest.split_at_mut(part.entries.len());
        index_slices.push(index_head);
        data_slices.push(data_head);
        index_rest = index_tail;
        data_rest = data_tail;
    }
    parts
        .into_par_iter()
        .zip(
            index_slices
                .into_par_iter()
                .zip(data_slices.into_par_iter()),
        )
        .for_each(|(part, (index_out, data_out))| {
            let mut start = 0;
            for &end in &part.row_ends {
                write_row(
                    &part.entries[start..end],
                    &mut index_out[start..end],
                    &mut data_out[start..end],
                );
                start = end;
            }
        });
    CsrMatrix {
        n_rows,
        n_cols,
        indptr,
        indices,
        data,
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

/// A chunk's local term, keyed for sorting by its first 16 bytes and its length.
#[derive(Clone, Copy, Default)]
struct TermRef {
    key: u128,
    len: u32,
    chunk: u32,
    id: u32,
}

impl TermRef {
    /// Terms of up to 16 bytes are fully described by (key, len).
    const KEYED_LEN: u32 = 16;

    #[inline]
    fn term<'a>(&self, interners: &[&'a Interner]) -> &'a str {
        interners[self.chunk as usize].resolve(self.id)
    }

    /// Byte order of the terms (code point order for UTF-8, Python's str order).
    #[inline]
    fn order(&self, other: &TermRef, interners: &[&Interner]) -> std::cmp::Ordering {
        self.key.cmp(&other.key).then_with(|| {
            if self.len <= Self::KEYED_LEN && other.len <= Self::KEYED_LEN {
                self.len.cmp(&other.len)
            } else {
                let (a, b) = (self.term(interners), other.term(interners));
                a.as_bytes().cmp(b.as_bytes())
            }
        })
    }
}

/// The first 16 bytes of a term, big-endian, zero-padded: different keys order like the
/// terms; equal keys need the lengths (or, past 16 bytes, the full comparison).
#[inline]
fn prefix_key(bytes: &[u8]) -> u128 {
    let mut buffer = [0u8; 16];
    let n = bytes.len().min(16);
    buffer[..n].copy_from_slice(&bytes[..n]);
    u128::from_be_bytes(buffer)
}

/// Bits of a term's leading bytes that [`merge_sorted`] buckets by before comparing: the first
/// two bytes, which split English terms into a few hundred busy buckets.
const BUCKET_BITS: u32 = 16;

/// A chunk's terms as [`TermRef`]s, ordered by bucket (the first [`BUCKET_BITS`] of the key),
/// with `starts[b]..starts[b + 1]` the range of bucket `b`.
struct BucketedTerms {
    refs: Vec<TermRef>,
    starts: Vec<u32>,
}

impl TermRef {
    #[inline]
    fn bucket(&self) -> usize {
        (self.key >> (128 - BUCKET_BITS)) as usize
    }
}

/// A counting sort of one chunk's terms by bucket.
fn bucket_terms(terms: &Interner, chunk: u32) -> BucketedTerms {
    let unsorted: Vec<TermRef> = terms
        .strings()
        .enumerate()
        .map(|(id, term)| TermRef {
            key: prefix_key(term.as_bytes()),
            len: term.len().min(u32::MAX as usize) as u32,
            chunk,
            id: id as u32,
        })
        .collect();
    let mut starts = vec![0u32; (1 << BUCKET_BITS) + 1];
    for r in &unsorted {
        starts[r.bucket() + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut next = starts.clone();
    let mut refs = vec![TermRef::default(); unsorted.len()];
    for r in unsorted {
        let slot = &mut next[r.bucket()];
        refs[*slot as usize] = r;
        *slot += 1;
    }
    BucketedTerms { refs, starts }
}

/// Merges per-chunk vocabularies into the sorted vocabulary. Returns it with `rank`, where
/// `rank[bases[chunk] + id]` is the column of the chunk's local term `id`, and `bases`.
///
/// Each chunk first counting-sorts its terms by their first two bytes (in parallel); equal
/// terms share a bucket, so runs of buckets are then gathered from every chunk, sorted,
/// deduplicated and numbered independently: every term is compared only with the few
/// thousand that share its first two bytes, instead of with the whole corpus's, and no step
/// is serial over all terms. The result depends only on the terms, never on `threads`
/// (which only sets how finely the buckets are grouped).
fn merge_sorted(interners: &[&Interner], threads: usize) -> (Vocabulary, Vec<u32>, Vec<usize>) {
    use std::sync::atomic::{AtomicU32, Ordering};
    let total: usize = interners.iter().map(|terms| terms.len()).sum();
    let mut bases = Vec::with_capacity(interners.len());
    let mut base = 0usize;
    for terms in interners {
        bases.push(base);
        base += terms.len();
    }
    let bucketed: Vec<BucketedTerms> = interners
        .par_iter()
        .enumerate()
        .map(|(chunk, terms)| bucket_terms(terms, chunk as u32))
        .collect();

    // Groups of consecutive buckets holding similar numbers of terms.
    let n_buckets = 1usize << BUCKET_BITS;
    let bucket_sizes: Vec<usize> = (0..n_buckets)
        .map(|b| {
            bucketed
                .iter()
                .map(|c| (c.starts[b + 1] - c.starts[b]) as usize)
                .sum()
        })
        .collect();
    let groups = cut_by_weight(&bucket_sizes, threads.max(1) * 16);
    // Each group numbers its distinct terms from 0 and records those numbers as ranks; the
    // numbers of the groups before it are added once all groups are done.
    let rank: Vec<AtomicU32> = (0..total).map(|_| AtomicU32::new(0)).collect();
    let numbered: Vec<VocabularyBuilder> = groups
        .par_iter()
        .map(|buckets| {
            let size: usize = bucket_sizes[buckets.clone()].iter().sum();
            let mut refs = Vec::with_capacity(size);
            for bucket in buckets.clone() {
                let bucket_start = refs.len();
                for chunk in &bucketed {
                    let from = chunk.starts[bucket] as usize;
                    let to = chunk.starts[bucket + 1] as usize;
                    refs.extend_from_slice(&chunk.refs[from..to]);
                }
                refs[bucket_start..].sort_unstable_by(|a, b| a.order(b, interners));
            }
            let mut builder = VocabularyBuilder::default();
            let mut previous: Option<&TermRef> = None;
            for r in &refs {
                let same = previous.is_some_and(|p| p.order(r, interners).is_eq());
                if !same {
                    // A term of up to 16 bytes is its key's leading bytes: taking them from
                    // there spares a lookup in the chunk's arena, a cache miss per term met
                    // in sorted order.
                    let key = r.key.to_be_bytes();
                    let keyed = (r.len <= TermRef::KEYED_LEN)
                        .then(|| std::str::from_utf8(&key[..r.len as usize]).ok())
                        .flatten();
                    builder.push(keyed.unwrap_or_else(|| r.term(interners)));
                }
                previous = Some(r);
                rank[bases[r.chunk as usize] + r.id as usize]
                    .store((builder.len() - 1) as u32, Ordering::Relaxed);
            }
            builder
        })
        .collect();
    let mut offsets = Vec::with_capacity(numbered.len());
    let mut offset = 0usize;
    for builder in &numbered {
        offsets.push(offset as u32);
        offset += builder.len();
    }
    let mut rank: Vec<u32> = rank.into_iter().map(AtomicU32::into_inner).collect();
    // A chunk's terms of group `g` are the run of its bucketed terms in g's buckets, and its
    // ranks a slice of `rank` of its own: shift them chunk by chunk, in parallel.
    let mut chunk_ranks = Vec::with_capacity(bucketed.len());
    let mut rest = &mut rank[..];
    for chunk in &bucketed {
        let (head, tail) = rest.split_at_mut(chunk.refs.len());
        chunk_ranks.push(head);
        rest = tail;
    }
    bucketed
        .par_iter()
        .zip(chunk_ranks.into_par_iter())
        .for_each(|(chunk, ranks)| {
            for (buckets, &offset) in groups.iter().zip(&offsets) {
                let from = chunk.starts[buckets.start] as usize;
                let to = chunk.starts[buckets.end] as usize;
                for r in &chunk.refs[from..to] {
                    ranks[r.id as usize] += offset;
                }
            }
        });
    drop(bucketed);
    let mut builder = VocabularyBuilder::with_capacity(offset, 0);
    for piece in numbered {
        builder.append(piece);
    }
    (builder.finish(), rank, bases)
}

/// Counts features and learns the vocabulary, sorted like scikit-learn's `_sort_features`.
/// An empty result is scikit-learn's "empty vocabulary" error.
pub fn count_learning_vocabulary(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    threads: usize,
) -> Result<CountedCorpus> {
    let chunks = count_chunks(documents, analyzer, threads);
    learn_vocabulary(chunks, analyzer, threads)
}

/// The sorted vocabulary of the stems of `tokens` (a sorted vocabulary), and the stem column
/// of each token column. Each token is stemmed once, in parallel.
fn stem_vocabulary(tokens: &Vocabulary, stemmer: &Stemmer) -> (Vocabulary, Vec<u32>) {
    let n = tokens.len();
    let stems: Vec<std::borrow::Cow<'_, str>> = (0..n)
        .into_par_iter()
        .map(|column| stemmer.stem(tokens.term(column as u32)))
        .collect();
    let keys: Vec<(u128, u32)> = stems
        .par_iter()
        .enumerate()
        .map(|(column, stem)| (prefix_key(stem.as_bytes()), column as u32))
        .collect();
    // Stems of sorted tokens are nearly sorted already (suffixes come off), which the merge
    // sort's run detection makes cheap; whole stems break ties of the 16-byte prefixes.
    let mut order = keys;
    order.par_sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            stems[a.1 as usize]
                .as_bytes()
                .cmp(stems[b.1 as usize].as_bytes())
        })
    });
    let mut builder = VocabularyBuilder::default();
    let mut stem_of = vec![0u32; n];
    let mut previous: Option<&str> = None;
    for &(_, column) in &order {
        let stem = &*stems[column as usize];
        if previous != Some(stem) {
            builder.push(stem);
            previous = Some(stem);
        }
        stem_of[column as usize] = (builder.len() - 1) as u32;
    }
    (builder.finish(), stem_of)
}

/// Counts that no longer borrow the documents (see [`count_chunks`]): each worker's term
/// table, and each batch's rows (in document order) with the worker that counted it.
pub struct ChunkedCounts(Batched<CountWorker, RowsPart>);

/// Text per batch of counting work: small enough that the workers finish together, large
/// enough that a batch's overhead (its row buffers, taking it from the queue) is negligible.
pub const COUNT_BATCH_BYTES: usize = 1 << 20;

/// Cuts `0..documents.len()` into contiguous batches of about [`COUNT_BATCH_BYTES`] of text
/// (at least a few per thread, so that uneven documents still balance).
pub fn batch_ranges(documents: Documents<'_>, threads: usize) -> Vec<std::ops::Range<usize>> {
    let weights: Vec<usize> = (0..documents.len()).map(|i| documents.weight(i)).collect();
    let total: usize = weights.iter().sum();
    cut_by_weight(
        &weights,
        (threads.max(1) * 4).max(total / COUNT_BATCH_BYTES),
    )
}

/// The first half of [`count_learning_vocabulary`]: analyse and count every document. The
/// result owns its strings, so the caller can free the documents (for the binding: the
/// temporary UTF-8 copies) before [`learn_vocabulary`] allocates the final matrix.
pub fn count_chunks(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    threads: usize,
) -> ChunkedCounts {
    let ranges = batch_ranges(documents, threads);
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
}

/// The second half of [`count_learning_vocabulary`]: merge, sort and assemble.
/// `analyzer` must be the one the chunks were counted with: with a deferrable stemmer the
/// chunks hold unstemmed tokens, stemmed here once per distinct token of the corpus.
pub fn learn_vocabulary(
    chunks: ChunkedCounts,
    analyzer: &Analyzer,
    threads: usize,
) -> Result<CountedCorpus> {
    let ChunkedCounts(Batched { states, results }) = chunks;
    run_with_threads(threads, || {
        let interners: Vec<&Interner> = states.iter().map(|worker| &worker.terms).collect();
        let (terms, rank, bases) = merge_sorted(&interners, threads);
        let (terms, rank) = match analyzer.deferrable_stemmer() {
            None => (terms, rank),
            Some(stemmer) => {
                // Rows may now hold one stem several times, which assemble_rows merges.
                let (stems, stem_of) = stem_vocabulary(&terms, stemmer);
                let rank = rank
                    .into_par_iter()
                    .map(|column| stem_of[column as usize])
                    .collect();
                (stems, rank)
            }
        };
        if terms.is_empty() {
            return Err(Error::EmptyVocabulary(
                "empty vocabulary; perhaps the documents only contain stop words".to_string(),
            ));
        }
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
                    rows.map_rows(&rank[bases[worker]..], may_repeat, &mut positions);
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
        // The merge's sort keys and the workers' term tables are gone: give their pages back
        // before the matrix is allocated.
        crate::memory::release_free_memory();
        Ok(CountedCorpus {
            terms,
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
        let parts: Vec<RowsPart> = batch_ranges(documents, threads)
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

/// Counts features into `n_features` hashed columns with scikit-learn's column and sign rule
/// (HashingVectorizer before `binary` and `norm`).
pub fn count_hashed(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
    threads: usize,
) -> CsrMatrix<f64> {
    let rows = hash_rows(documents, analyzer, n_features, alternate_sign, threads);
    assemble_hashed(rows, threads)
}

/// Hashed rows that no longer borrow the documents (see [`hash_rows`]).
pub struct HashedRows {
    n_cols: usize,
    parts: Vec<RowsPart>,
}

/// The first half of [`count_hashed`]: the rows, owning nothing of the documents, so
/// the caller can free them before [`assemble_hashed`] allocates the final matrix.
pub fn hash_rows(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
    threads: usize,
) -> HashedRows {
    run_with_threads(threads, || {
        let parts: Vec<RowsPart> = batch_ranges(documents, threads)
            .into_par_iter()
            .map(|range| hash_range(documents, range, analyzer, n_features, alternate_sign))
            .collect();
        HashedRows::from_parts(n_features, parts)
    })
}

/// The hashed rows of every document of `documents`, as one chunk (see
/// [`HashedRows::from_parts`]).
pub fn hash_part(
    documents: Documents<'_>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
) -> RowsPart {
    hash_range(
        documents,
        0..documents.len(),
        analyzer,
        n_features,
        alternate_sign,
    )
}

impl HashedRows {
    /// Chunks hashed by [`hash_part`] with `n_features` columns, in document order.
    pub fn from_parts(n_features: u32, parts: Vec<RowsPart>) -> Self {
        HashedRows {
            n_cols: n_features as usize,
            parts,
        }
    }
}

fn hash_range(
    documents: Documents<'_>,
    range: std::ops::Range<usize>,
    analyzer: &Analyzer,
    n_features: u32,
    alternate_sign: bool,
) -> RowsPart {
    use crate::vectorize::hashing::{hash_spans, RadixRowSums};
    let mut scratch = Scratch::default();
    // Per row, the features are sorted by column with a radix sort and their signs summed,
    // all in a buffer that stays in cache (a dense array over all columns would miss the cache
    // on nearly every token).
    let mut sums = RadixRowSums::new(n_features);
    let mut hashed = Vec::new();
    let mut entries = Vec::new();
    let mut row_ends = Vec::with_capacity(range.len());
    for index in range {
        documents.analyze_spans(index, analyzer, &mut scratch, true, &mut |text, spans| {
            hashed.clear();
            hash_spans(text, spans, n_features, alternate_sign, &mut hashed);
            sums.extend(&hashed);
        });
        // Columns whose signs cancel keep an explicit zero, as scikit-learn's do.
        sums.drain_packed(&mut entries, |column, sum| pack(column, sum as u32));
        row_ends.push(entries.len());
    }
    RowsPart { row_ends, entries }
}

/// The second half of [`count_hashed`]: the rows as the CSR matrix of summed signs.
pub fn assemble_hashed(rows: HashedRows, threads: usize) -> CsrMatrix<f64> {
    let HashedRows { n_cols, parts } = rows;
    // Each row comes sorted, with every column once.
    run_with_threads(threads, || {
        assemble_rows(n_cols, parts, plain_values(|bits| f64::from(bits as i32)))
    })
}

/// [`assemble_hashed`] with HashingVectorizer's last steps done as each row is written, in
/// `F`: every value 1 when `binary`, then the row normalised as `sklearn.preprocessing.
/// normalize` does (see [`normalize_row`]).
pub fn assemble_hashed_finished<F: Float + Default>(
    rows: HashedRows,
    binary: bool,
    norm: Option<Norm>,
    threads: usize,
) -> CsrMatrix<F> {
    let HashedRows { n_cols, parts } = rows;
    run_with_threads(threads, || {
        assemble_rows(n_cols, parts, |entries, indices, values: &mut [F]| {
            for ((&entry, index), value) in entries.iter().zip(indices).zip(values.iter_mut()) {
                let (column, sum) = unpack(entry);
                *index = column as i32;
                *value = if binary {
                    F::one()
                } else {
                    F::from_i64(i64::from(sum as i32))
                };
            }
            if let Some(norm) = norm {
                normalize_row(values, norm);
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyzer::AnalyzerConfig;
    use crate::text::char_tables::current;

    fn terms_of(corpus: &CountedCorpus) -> Vec<&str> {
        corpus.terms.terms().collect()
    }

    fn analyzer() -> Analyzer {
        Analyzer::new(AnalyzerConfig::default(), current()).unwrap()
    }

    #[test]
    fn counts_and_sorted_vocabulary() {
        let docs = ["the cat sat", "The dog; the CAT", ""];
        let corpus = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 2).unwrap();
        assert_eq!(terms_of(&corpus), ["cat", "dog", "sat", "the"]);
        assert_eq!(corpus.counts().indptr, [0, 3, 6, 6]);
        // Each row in the order its terms first occur in the document.
        assert_eq!(corpus.counts().indices, [3, 0, 2, 3, 1, 0]);
        assert_eq!(corpus.counts().data, [1, 1, 1, 2, 1, 1]);
        assert_eq!(corpus.document_frequencies(), [2, 1, 1, 2]);
        assert_eq!(corpus.document_frequencies_on(3), [2, 1, 1, 2]);
        // Counted during the sort, and counted afresh from the rows: the same.
        assert_eq!(corpus.column_sums(2, |_| 1), [2, 1, 1, 2]);
        assert_eq!(corpus.term_totals(), [2, 1, 1, 3]);
        let kept = corpus.select_columns(&[true, false, false, true]).unwrap();
        assert_eq!(kept.document_frequencies(), [2, 2]);
        assert_eq!(kept.column_sums(1, |_| 1), [2, 2]);
    }

    #[test]
    fn result_does_not_depend_on_threads() {
        let docs: Vec<String> = (0..500)
            .map(|i| format!("word{} shared common{} tail{}", i % 37, i % 11, i))
            .collect();
        let refs: Vec<&str> = docs.iter().map(|s| s.as_str()).collect();
        let one = count_learning_vocabulary(Documents::Texts(&refs), &analyzer(), 1).unwrap();
        let many = count_learning_vocabulary(Documents::Texts(&refs), &analyzer(), 3).unwrap();
        assert_eq!(terms_of(&one), terms_of(&many));
        assert_eq!(one.counts(), many.counts());
    }

    #[test]
    fn empty_vocabulary_is_an_error() {
        let docs = ["a b", "!"];
        let error = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 1).unwrap_err();
        assert!(error.to_string().contains("empty vocabulary"));
    }

    #[test]
    fn fixed_vocabulary_ignores_unknown_terms() {
        let vocabulary = Vocabulary::from_terms(["dog", "cat"]).unwrap();
        let docs = ["cat cat bird", "dog"];
        let m = count_with_vocabulary(Documents::Texts(&docs), &analyzer(), &vocabulary, 2);
        assert_eq!(m.indptr, [0, 1, 2]);
        assert_eq!(m.indices, [1, 0]);
        assert_eq!(m.data, [2, 1]);
    }

    #[test]
    fn deferred_stemming_counts_like_stemming_each_token() {
        let config = AnalyzerConfig {
            stem: Some("english".into()),
            ..Default::default()
        };
        let stemming = Analyzer::new(config, current()).unwrap();
        assert!(stemming.deferrable_stemmer().is_some());
        let docs = [
            "Running runs ran; the runner runs",
            "connection connected connects",
        ];
        let corpus = count_learning_vocabulary(Documents::Texts(&docs), &stemming, 1).unwrap();
        // Reference: the analyzer's own per-token stemming, counted by hand.
        let mut expected: Vec<std::collections::BTreeMap<String, i64>> = Vec::new();
        for doc in docs {
            let mut row = std::collections::BTreeMap::new();
            stemming.analyze(doc, &mut Scratch::default(), &mut |f: &str| {
                *row.entry(f.to_string()).or_insert(0) += 1;
            });
            expected.push(row);
        }
        for (index, row) in expected.iter().enumerate() {
            let counts = corpus.counts();
            let (columns, values) = counts.row(index);
            let got: std::collections::BTreeMap<String, i64> = columns
                .iter()
                .zip(values)
                .map(|(&c, &v)| (corpus.terms.term(c as u32).to_string(), v))
                .collect();
            assert_eq!(&got, row);
        }
        assert!(terms_of(&corpus).contains(&"run"));
        assert_eq!(corpus.counts().row(0).1.iter().max(), Some(&3));
    }

    #[test]
    fn hashed_rows_sum_signs_per_column() {
        use crate::vectorize::hashing::hashed_column;
        let docs = ["the cat the dog a1 a1 b2 c3 d4 e5 f6", "", "zz yy zz zz"];
        let tokens: Vec<Vec<&str>> = docs
            .iter()
            .map(|d| d.split_whitespace().collect())
            .collect();
        for n_features in [7u32, 16, (1 << 22) + 1] {
            let matrix = count_hashed(Documents::Texts(&docs), &analyzer(), n_features, true, 1);
            for (row, row_tokens) in tokens.iter().enumerate() {
                let mut expected = std::collections::BTreeMap::new();
                for token in row_tokens.iter().filter(|t| t.len() > 1) {
                    let (column, sign) = hashed_column(token, n_features, true);
                    *expected.entry(column).or_insert(0.0) += sign;
                }
                let (columns, values) = matrix.row(row);
                let got: std::collections::BTreeMap<u32, f64> = columns
                    .iter()
                    .map(|&c| c as u32)
                    .zip(values.iter().copied())
                    .collect();
                assert_eq!(got, expected, "n_features {n_features}, row {row}");
                assert!(columns.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn vocabulary_is_sorted_by_bytes_across_chunks() {
        let config = AnalyzerConfig {
            kind: crate::text::analyzer::AnalyzerKind::PreAnalyzed,
            ..Default::default()
        };
        let analyzer = Analyzer::new(config, current()).unwrap();
        let words = [
            "ab",
            "ab\0",
            "a",
            "",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh\0",
            "abcdefgg\u{ff}",
            "\u{e9}t\u{e9}",
            "zz",
            "abcdefghij",
            "b",
            "\u{1F600}",
            "ab\u{1}",
        ];
        let docs: Vec<Vec<&str>> = (0..300)
            .map(|i| (0..5).map(|j| words[(i * 5 + j) % words.len()]).collect())
            .collect();
        let mut expected: Vec<&str> = docs.iter().flatten().copied().collect();
        expected.sort();
        expected.dedup();
        assert_eq!(expected.len(), words.len());
        for threads in [1, 2, 5] {
            let corpus =
                count_learning_vocabulary(Documents::Tokens(&docs), &analyzer, threads).unwrap();
            assert_eq!(terms_of(&corpus), expected);
            for (row, doc) in docs.iter().enumerate() {
                let counts = corpus.counts();
                let (columns, values) = counts.row(row);
                let mut got: Vec<(&str, i64)> = columns
                    .iter()
                    .zip(values)
                    .map(|(&c, &v)| (corpus.terms.term(c as u32), v))
                    .collect();
                let mut want: std::collections::BTreeMap<&str, i64> = Default::default();
                doc.iter().for_each(|w| *want.entry(w).or_insert(0) += 1);
                got.sort();
                assert_eq!(got, want.into_iter().collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn vocabulary_of_many_terms_is_sorted_for_any_thread_count() {
        let config = AnalyzerConfig {
            kind: crate::text::analyzer::AnalyzerKind::PreAnalyzed,
            ..Default::default()
        };
        let analyzer = Analyzer::new(config, current()).unwrap();
        let mut random = crate::test_support::Lcg::new(7);
        let mut next = move || random.next() as usize;
        // Few first bytes (crowded buckets), terms around the 16-byte key, shared long
        // prefixes, non-ASCII and NUL bytes.
        let stems = [
            "",
            "co",
            "con",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "\u{e9}",
            "\0",
        ];
        let tails = ["", "a", "b", "\0", "zz", "\u{ff}", "0123456789abcdef"];
        let docs: Vec<Vec<String>> = (0..400)
            .map(|_| {
                (0..20)
                    .map(|_| {
                        let mut term = String::new();
                        for _ in 0..1 + next() % 3 {
                            term.push_str(stems[next() % stems.len()]);
                            term.push_str(tails[next() % tails.len()]);
                        }
                        term
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<Vec<&str>> = docs
            .iter()
            .map(|doc| doc.iter().map(String::as_str).collect())
            .collect();
        let expected: std::collections::BTreeSet<&str> = refs.iter().flatten().copied().collect();
        let expected: Vec<&str> = expected.into_iter().collect();
        let one = count_learning_vocabulary(Documents::Tokens(&refs), &analyzer, 1).unwrap();
        assert_eq!(terms_of(&one), expected);
        for threads in [2, 3, 7] {
            let many =
                count_learning_vocabulary(Documents::Tokens(&refs), &analyzer, threads).unwrap();
            assert_eq!(terms_of(&many), expected);
            assert_eq!(many.counts(), one.counts());
        }
        for (row, doc) in refs.iter().enumerate() {
            let counts = one.counts();
            let (columns, values) = counts.row(row);
            let total: i64 = values.iter().sum();
            assert_eq!(total as usize, doc.len());
            for &column in columns {
                assert!(doc.contains(&one.terms.term(column as u32)));
            }
        }
    }

    #[test]
    fn tfidf_in_one_pass_equals_weighting_the_count_matrix() {
        use crate::vectorize::weighting::{apply_tfidf, inverse_document_frequency, Norm};
        let docs = [
            "the cat sat on the mat the end",
            "a dog and a cat",
            "",
            "mat mat mat",
        ];
        fn check<F: Float + Default + std::fmt::Debug>(docs: &[&str]) {
            let analyzer = analyzer();
            for binary in [false, true] {
                for sublinear_tf in [false, true] {
                    for smooth_idf in [None, Some(false), Some(true)] {
                        for norm in [None, Some(Norm::L1), Some(Norm::L2)] {
                            let corpus =
                                count_learning_vocabulary(Documents::Texts(docs), &analyzer, 2)
                                    .unwrap();
                            let idf: Option<Vec<F>> = smooth_idf.map(|smooth| {
                                inverse_document_frequency(
                                    &corpus.document_frequencies(),
                                    corpus.n_rows(),
                                    smooth,
                                )
                            });
                            let counts = corpus.counts();
                            let mut expected: Vec<F> = counts
                                .data
                                .iter()
                                .map(|&c| if binary { F::one() } else { F::from_i64(c) })
                                .collect();
                            apply_tfidf(
                                &counts.indptr,
                                &counts.indices.iter().map(|&c| c as i64).collect::<Vec<_>>(),
                                &mut expected,
                                idf.as_deref(),
                                sublinear_tf,
                                norm,
                                1,
                            )
                            .unwrap();
                            let weighting = TfidfWeighting {
                                idf: idf.as_deref(),
                                sublinear_tf,
                                norm,
                            };
                            let (_, matrix) = corpus.into_tfidf(binary, &weighting, 3).unwrap();
                            assert_eq!(matrix.indptr, counts.indptr);
                            assert_eq!(matrix.indices, counts.indices);
                            // Bit for bit: the same operations in the same order.
                            assert_eq!(matrix.data, expected);
                        }
                    }
                }
            }
        }
        check::<f64>(&docs);
        check::<f32>(&docs);
        let corpus = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 1).unwrap();
        let short = [1.0f64];
        let weighting = TfidfWeighting {
            idf: Some(&short[..]),
            sublinear_tf: false,
            norm: None,
        };
        assert!(corpus.into_tfidf(false, &weighting, 1).is_err());
    }

    #[test]
    fn hashed_rows_finished_in_one_pass_equal_the_later_steps() {
        use crate::vectorize::weighting::normalize_rows;
        let docs = ["the cat the dog a1 a1 b2", "", "zz yy zz zz the"];
        for binary in [false, true] {
            for norm in [None, Some(Norm::L1), Some(Norm::L2)] {
                let rows = || hash_rows(Documents::Texts(&docs), &analyzer(), 16, true, 2);
                let mut expected = assemble_hashed(rows(), 1);
                if binary {
                    expected.data.fill(1.0);
                }
                if let Some(norm) = norm {
                    normalize_rows(&expected.indptr, &mut expected.data, norm, 1);
                }
                let finished = assemble_hashed_finished::<f64>(rows(), binary, norm, 3);
                assert_eq!(finished.indices, expected.indices);
                assert_eq!(finished.data, expected.data);
                let single = assemble_hashed_finished::<f32>(rows(), binary, norm, 1);
                let mut expected32: Vec<f32> = assemble_hashed(rows(), 1)
                    .data
                    .iter()
                    .map(|&v| if binary { 1.0 } else { v as f32 })
                    .collect();
                if let Some(norm) = norm {
                    normalize_rows(&expected.indptr, &mut expected32, norm, 1);
                }
                assert_eq!(single.data, expected32);
            }
        }
    }

    #[test]
    fn columns_are_selected_in_order() {
        let docs = ["a1 b1 c1", "c1 c1"];
        let corpus = count_learning_vocabulary(Documents::Texts(&docs), &analyzer(), 1).unwrap();
        let kept = corpus.select_columns(&[true, false, true]).unwrap();
        assert_eq!(terms_of(&kept), ["a1", "c1"]);
        assert_eq!(kept.counts().indices, [0, 1, 1]);
        assert_eq!(kept.counts().data, [1, 1, 2]);
    }

    #[test]
    fn rows_keep_document_order_and_sum_repeated_columns() {
        let mut random = crate::test_support::Lcg::new(99);
        let mut next = move |bound: u64| random.next() % bound;
        let n_ids = 300usize;
        let n_cols = 50usize;
        let column_of: Vec<u32> = (0..n_ids).map(|_| next(n_cols as u64) as u32).collect();
        let mut part = RowsPart {
            row_ends: Vec::new(),
            entries: Vec::new(),
        };
        let mut expected: Vec<Vec<(u32, u32)>> = Vec::new();
        for len in [0usize, 1, 5, 40, 0, 200] {
            // Distinct ids per row, as the counter produces them.
            let mut ids: Vec<u32> = Vec::new();
            while ids.len() < len {
                let id = next(n_ids as u64) as u32;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let mut row: Vec<(u32, u32)> = Vec::new();
            for &id in &ids {
                let count = 1 + next(5) as u32;
                part.entries.push(pack(id, count));
                let column = column_of[id as usize];
                match row.iter_mut().find(|(c, _)| *c == column) {
                    Some(entry) => entry.1 += count,
                    None => row.push((column, count)),
                }
            }
            part.row_ends.push(part.entries.len());
            expected.push(row);
        }
        let mut repeated = part.clone();
        let mut positions = vec![u32::MAX; n_cols];
        repeated.map_rows(&column_of, true, &mut positions);
        assert!(positions.iter().all(|&p| p == u32::MAX));
        let mut start = 0;
        for (row, &end) in expected.iter().zip(&repeated.row_ends) {
            let got: Vec<(u32, u32)> = repeated.entries[start..end]
                .iter()
                .map(|&e| unpack(e))
                .collect();
            assert_eq!(&got, row);
            start = end;
        }
        // Without repeats (a one-to-one renumbering) the rows are renumbered in place.
        let identity: Vec<u32> = (0..n_ids as u32).rev().collect();
        let mut renumbered = part.clone();
        renumbered.map_rows(&identity, false, &mut []);
        assert_eq!(renumbered.row_ends, part.row_ends);
        for (new, old) in renumbered.entries.iter().zip(&part.entries) {
            assert_eq!(
                unpack(*new),
                (n_ids as u32 - 1 - unpack(*old).0, unpack(*old).1)
            );
        }
    }
}
