//! A fitted vocabulary: terms in column order and the reverse lookup.

use crate::error::{Error, Result};
use crate::vectorize::interner::Interner;

/// Terms in column order with a term → column lookup; each term is stored once.
#[derive(Default)]
pub struct Vocabulary {
    columns: Interner,
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
        Ok(Vocabulary { columns })
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Terms in column order.
    pub fn terms(&self) -> impl Iterator<Item = &str> + '_ {
        self.columns.strings()
    }

    /// The term of column `column`.
    pub fn term(&self, column: u32) -> &str {
        self.columns.resolve(column)
    }

    /// The column of `term`, if it is in the vocabulary.
    #[inline]
    pub fn column(&self, term: &str) -> Option<u32> {
        self.columns.get(term)
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
}
