//! A fitted vocabulary: terms in column order and the reverse lookup.

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Terms in column order with a term → column map.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: Vec<String>,
    columns: FxHashMap<String, u32>,
}

impl Vocabulary {
    /// A vocabulary whose column `i` is `terms[i]`. Duplicates are an error, as in
    /// scikit-learn ("Duplicate term in vocabulary").
    pub fn from_terms(terms: Vec<String>) -> Result<Self> {
        if terms.len() > i32::MAX as usize {
            return Err(Error::parameter("vocabulary", "more than 2**31 - 1 terms"));
        }
        let mut columns = FxHashMap::default();
        columns.reserve(terms.len());
        for (column, term) in terms.iter().enumerate() {
            if columns.insert(term.clone(), column as u32).is_some() {
                return Err(Error::parameter(
                    "vocabulary",
                    format!("Duplicate term in vocabulary: {term:?}"),
                ));
            }
        }
        Ok(Vocabulary { terms, columns })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Terms in column order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The column of `term`, if it is in the vocabulary.
    #[inline]
    pub fn column(&self, term: &str) -> Option<u32> {
        self.columns.get(term).copied()
    }

    /// Moves the terms out (column order).
    pub fn into_terms(self) -> Vec<String> {
        self.terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_term_order() {
        let v = Vocabulary::from_terms(vec!["b".into(), "a".into()]).unwrap();
        assert_eq!(v.column("b"), Some(0));
        assert_eq!(v.column("a"), Some(1));
        assert_eq!(v.column("c"), None);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn duplicates_are_refused() {
        let error = Vocabulary::from_terms(vec!["a".into(), "a".into()]).unwrap_err();
        assert!(error.to_string().contains("Duplicate term"));
    }
}
