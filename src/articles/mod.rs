//! Article sets: turning scraped news pages into article bodies with metadata.
//!
//! [`clean`] decides, unit by unit, what is article body and what is page furniture, using
//! the measurements of [`features`], the multilingual [`furniture`] phrases, [`dates`] and
//! [`byline`] parsing, over the paragraph [`units`] of each page.

#![warn(missing_docs)]

pub mod byline;
pub mod clean;
pub mod cues;
pub mod dateline;
pub mod dates;
pub mod features;
pub mod furniture;
pub mod units;
