//! Pass 2 of the cleaner, after jusText: the prose quality of every unit the shape pass left
//! undecided. A unit is *good* when it is long, dense in stop words and ends like a sentence;
//! *near-good* when it is a shorter sentence.

use crate::articles::features::Features;

use super::CleanerOptions;

/// Prose class of a unit that survived the shape tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quality {
    Good,
    NearGood,
    Other,
}

/// The prose class of a unit with `features`. Without a stop-word list for the language
/// (`has_density` false) every unit counts as dense.
pub(super) fn prose_quality(
    features: &Features,
    options: &CleanerOptions,
    has_density: bool,
) -> Quality {
    let dense = !has_density || features.stop_density() >= options.min_stop_density;
    let words = features.letter_words;
    if dense && words >= options.min_good_words && (features.sentence_end || words >= 30) {
        Quality::Good
    } else if features.sentence_end && words >= 3 && (dense || features.full_stop) {
        Quality::NearGood
    } else if dense && words >= 15 {
        // A standfirst or a sentence whose final stop the scraper lost.
        Quality::NearGood
    } else {
        Quality::Other
    }
}
