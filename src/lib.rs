//! storylens: a pure-Rust core for analysing sets of news articles.
//!
//! The core knows nothing of Python; `src/python` (behind the `python` feature) is the only
//! layer that does.

pub mod articles;
pub mod compare;
pub mod error;
pub mod faults;
#[doc(hidden)]
pub mod fuzz_targets;
#[cfg(test)]
mod hostile_inputs;
pub mod job;
pub mod memory;
pub mod parallel;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod vectorize;

#[cfg(feature = "python")]
mod python;

pub use error::{Error, Result};
