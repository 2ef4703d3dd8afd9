//! A fitted vocabulary: terms in column order and the reverse lookup.

use std::sync::OnceLock;

use crate::error::{Error, Result};
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

    pub fn len(&self) -> usize {
        self.ends.len()
    }

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

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Appends every term of `other` after this builder's.
    pub fn append(&mut self, other: VocabularyBuilder) {
        let offset = self.arena.len();
        self.arena.push_str(&other.arena);
        self.ends.extend(other.ends.iter().map(|&end| end + offset));
    }

    pub fn finish(self) -> Vocabulary {
        Vocabulary {
            arena: self.arena,
            ends: self.ends,
            lookup: OnceLock::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_term_order() {
        let v = Vocabulary::from_terms(["b", "a"]).unwrap();
        assert_eq!(v.column("b"), Some(0));
        assert_eq!(v.column("a"), Some(1));
        assert_eq!(v.column("c"), None);
        assert_eq!(v.len(), 2);
        assert_eq!(v.terms().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(v.term(1), "a");
    }

    #[test]
    fn duplicates_are_refused() {
        let error = Vocabulary::from_terms(["a", "a"]).err().unwrap();
        assert!(error.to_string().contains("Duplicate term"));
    }

    #[test]
    fn built_vocabularies_look_up_lazily_and_select() {
        let mut builder = VocabularyBuilder::default();
        builder.push("");
        builder.push("alpha");
        let mut tail = VocabularyBuilder::default();
        tail.push("beta");
        tail.push("gamma");
        builder.append(tail);
        let v = builder.finish();
        assert_eq!(
            v.terms().collect::<Vec<_>>(),
            ["", "alpha", "beta", "gamma"]
        );
        assert_eq!(v.column("gamma"), Some(3));
        assert_eq!(v.column(""), Some(0));
        let kept = v.select(&[false, true, false, true]);
        assert_eq!(kept.terms().collect::<Vec<_>>(), ["alpha", "gamma"]);
        assert_eq!(kept.column("gamma"), Some(1));
        assert_eq!(kept.column("beta"), None);
    }
}
