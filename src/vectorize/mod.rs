//! From analysed documents to sparse matrices: vocabularies, counting, weighting and hashing.

#![warn(missing_docs)]

pub mod corpus_stats;
pub mod count;
pub mod csr;
pub mod documents;
pub mod fitted_state;
pub mod hashing;
pub mod interner;
pub mod rows;
pub mod vocabulary;
pub mod weighting;
