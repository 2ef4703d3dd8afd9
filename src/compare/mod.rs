//! Comparing the articles of one story: which terms set a group apart, which sentences were
//! reused from another article, and a short digest of the whole set.

pub mod digest;
pub mod reuse;
pub mod terms;
