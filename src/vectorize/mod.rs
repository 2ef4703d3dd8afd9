//! From analysed documents to sparse matrices: vocabularies, counting, weighting and hashing.

pub mod count;
pub mod csr;
pub mod fitted_state;
pub mod hashing;
pub mod interner;
pub mod vocabulary;
pub mod weighting;
