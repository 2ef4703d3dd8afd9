//! Comparing the articles of one story: which terms set a group apart, which sentences were

pub mod reuse;
pub mod terms;
