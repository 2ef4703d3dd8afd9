//! A fitted vocabulary: terms in column order and the reverse lookup, and how the sorted
//! vocabulary of a corpus is merged from the term tables that counting workers filled.

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::job::JobControl;
use crate::parallel::cut_by_weight;
use crate::text::stem::Stemmer;
use crate::vectorize::interner::Interner;

/// Terms in column order, stored back to back in one string, with a term → column lookup
/// that is built on first use (a vocabulary learned by `fit_transform` is often never looked
/// up, and building the table for a few hundred thousand terms is serial work).
#[derive(Default)]
pub struct Vocabulary {
    arena: String,
    /// `ends[i]` is where term `i` ends in `arena` (it starts where term `i - 1` ends).
    ends: Vec<usize>,
    lookup: OnceLock<Interner>,
}

impl Vocabulary {
    /// A vocabulary whose column `i` is `terms[i]`. Duplicates are an error, as in
    /// scikit-learn ("Duplicate term in vocabulary").
    pub fn from_terms<S: AsRef<str>>(terms: impl IntoIterator<Item = S>) -> Result<Self> {
        let mut columns = Interner::new();
        for (position, term) in terms.into_iter().enumerate() {
            let term = term.as_ref();
            if columns.intern(term) as usize != position {
                return Err(Error::parameter(
                    "vocabulary",
                    format!("Duplicate term in vocabulary: {term:?}"),
                ));
            }
            if position >= i32::MAX as usize {
                return Err(Error::parameter("vocabulary", "more than 2**31 - 1 terms"));
            }
        }
        let mut builder = VocabularyBuilder::default();
        columns.strings().for_each(|term| builder.push(term));
        let vocabulary = builder.finish();
        // The duplicate check built the lookup already: keep it.
        let _ = vocabulary.lookup.set(columns);
        Ok(vocabulary)
    }

    /// The number of terms (columns).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True for a vocabulary without terms.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Terms in column order.
    pub fn terms(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|column| self.term(column as u32))
    }

    /// The term of column `column`.
    #[inline]
    pub fn term(&self, column: u32) -> &str {
        let column = column as usize;
        let start = if column == 0 {
            0
        } else {
            self.ends[column - 1]
        };
        &self.arena[start..self.ends[column]]
    }

    /// The term → column table (ids are columns), built on first use.
    pub fn lookup(&self) -> &Interner {
        self.lookup.get_or_init(|| {
            let mut columns = Interner::with_capacity(self.len());
            self.terms().for_each(|term| {
                columns.intern(term);
            });
            columns
        })
    }

    /// The column of `term`, if it is in the vocabulary.
    #[inline]
    pub fn column(&self, term: &str) -> Option<u32> {
        self.lookup().get(term)
    }

    /// The vocabulary of the columns where `keep` is true, in order.
    pub fn select(&self, keep: &[bool]) -> Vocabulary {
        let mut builder = VocabularyBuilder::default();
        self.terms()
            .zip(keep)
            .filter(|(_, &kept)| kept)
            .for_each(|(term, _)| builder.push(term));
        builder.finish()
    }
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.terms()).finish()
    }
}

/// Appends terms already known to be distinct (a sorted, deduplicated list).
#[derive(Default)]
pub struct VocabularyBuilder {
    arena: String,
    ends: Vec<usize>,
}

impl VocabularyBuilder {
    /// An empty builder with room for `terms` terms of `bytes` bytes in all.
    pub fn with_capacity(terms: usize, bytes: usize) -> Self {
        VocabularyBuilder {
            arena: String::with_capacity(bytes),
            ends: Vec::with_capacity(terms),
        }
    }

    /// Appends a term; the caller guarantees it differs from every term before it.
    #[inline]
    pub fn push(&mut self, term: &str) {
        self.arena.push_str(term);
        self.ends.push(self.arena.len());
    }

    /// The number of terms pushed.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when no term was pushed.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Appends every term of `other` after this builder's.
    pub fn append(&mut self, other: VocabularyBuilder) {
        let offset = self.arena.len();
        self.arena.push_str(&other.arena);
        self.ends.extend(other.ends.iter().map(|&end| end + offset));
    }

    /// The vocabulary of the pushed terms, in order.
    pub fn finish(self) -> Vocabulary {
        Vocabulary {
            arena: self.arena,
            ends: self.ends,
            lookup: OnceLock::new(),
        }
    }
}

/// The sorted vocabulary of several term tables (one per counting worker), with the column of
/// every table's terms. The result depends only on the terms, never on how they were spread
/// over the tables or on the thread count.
pub struct MergedVocabulary {
    /// The sorted terms: column `j` is `terms.term(j)`.
    pub terms: Vocabulary,
    /// `columns[starts[table] + id]` is the column of the table's term `id`.
    columns: Vec<u32>,
    starts: Vec<usize>,
}

impl MergedVocabulary {
    /// Merges the term tables `tables` into the sorted (byte order) vocabulary of their terms.
    /// Runs on the current rayon pool; `threads` only sets how finely the work is cut.
    ///
    /// ```
    /// use storylens::job::JobControl;
    /// use storylens::vectorize::interner::Interner;
    /// use storylens::vectorize::vocabulary::MergedVocabulary;
    /// let (mut first, mut second) = (Interner::new(), Interner::new());
    /// for term in ["dog", "cat"] { first.intern(term); }
    /// for term in ["cat", "ant"] { second.intern(term); }
    /// let merged = MergedVocabulary::merge(&[&first, &second], 1, &JobControl::new()).unwrap();
    /// assert_eq!(merged.terms.terms().collect::<Vec<_>>(), ["ant", "cat", "dog"]);
    /// assert_eq!(merged.columns_of(1), [1, 0]);
    /// ```
    ///
    /// A large merge is long work of its own, so it stops with [`Error::Cancelled`] at the
    /// next group of terms once `control` is cancelled.
    pub fn merge(tables: &[&Interner], threads: usize, control: &JobControl) -> Result<Self> {
        let (terms, columns, starts) = merge_sorted(tables, threads, control)?;
        Ok(MergedVocabulary {
            terms,
            columns,
            starts,
        })
    }

    /// The column of each term of table `table`, indexed by the term's id in the table.
    pub fn columns_of(&self, table: usize) -> &[u32] {
        let end = self
            .starts
            .get(table + 1)
            .copied()
            .unwrap_or(self.columns.len());
        &self.columns[self.starts[table]..end]
    }

    /// The merge with every term replaced by its stem: the vocabulary becomes the sorted
    /// stems, and terms with the same stem share its column. Each term is stemmed once.
    pub fn into_stems(self, stemmer: &Stemmer) -> Self {
        let (stems, stem_of) = stem_vocabulary(&self.terms, stemmer);
        let columns = self
            .columns
            .into_par_iter()
            .map(|column| stem_of[column as usize])
            .collect();
        MergedVocabulary {
            terms: stems,
            columns,
            starts: self.starts,
        }
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
fn merge_sorted(
    interners: &[&Interner],
    threads: usize,
    control: &JobControl,
) -> Result<(Vocabulary, Vec<u32>, Vec<usize>)> {
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
            control.checkpoint()?;
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
            Ok(builder)
        })
        .collect::<Result<_>>()?;
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
    Ok((builder.finish(), rank, bases))
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

#[cfg(test)]
mod tests;
