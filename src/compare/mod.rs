//! Comparing documents as rows of a sparse matrix: cosine neighbours and topic factorisation.

pub mod nmf;
pub mod similarity;
