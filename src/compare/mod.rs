//! Comparing the articles of one story: cosine neighbours and topic factorisation of the
//! document matrix, which terms set a group apart, which sentences were reused from another
//! article, and a short digest of the whole set.

pub mod digest;
pub mod nmf;
pub mod reuse;
pub mod similarity;
pub mod terms;
