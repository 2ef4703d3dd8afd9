//! Test-only panics at named stages of the core, so that the tests of the Python package can
//! check that a panic deep in the core (on any thread) arrives as an exception instead of
//! crashing the interpreter.
//!
//! A test arms one stage; the stage's entry calls [`check`], which panics while its stage is
//! armed. The setting is process-wide, because the stages run on worker threads. Disarmed (the
//! only state outside those tests), a check is one relaxed atomic load.
//!
//! ```
//! use storylens::faults::{arm, check, Stage};
//!
//! arm(Some(Stage::SentenceSplitting));
//! let caught = std::panic::catch_unwind(|| check(Stage::SentenceSplitting));
//! arm(None);
//! assert!(caught.is_err());
//! check(Stage::SentenceSplitting); // disarmed: nothing happens
//! ```

use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::error::Error;

/// A stage of the core that a test can make panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The entry of `text::sentences::SentenceSplitter::split`.
    SentenceSplitting = 1,
    /// The entry of `articles::clean::Cleaner::clean_set`.
    ArticleCleaning = 2,
}

impl Stage {
    const ALL: [Stage; 2] = [Stage::SentenceSplitting, Stage::ArticleCleaning];

    /// The name a test arms the stage by.
    pub fn name(self) -> &'static str {
        match self {
            Stage::SentenceSplitting => "sentence_splitting",
            Stage::ArticleCleaning => "article_cleaning",
        }
    }
}

impl FromStr for Stage {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Stage::ALL
            .into_iter()
            .find(|stage| stage.name() == name)
            .ok_or_else(|| Error::unknown_choice("stage", name, &Stage::ALL.map(Stage::name)))
    }
}

/// The armed stage's number, or 0.
static ARMED: AtomicU8 = AtomicU8::new(0);

/// Arms `stage` (None disarms).
pub fn arm(stage: Option<Stage>) {
    ARMED.store(stage.map_or(0, |stage| stage as u8), Ordering::Relaxed);
}

/// Panics when `stage` is armed; called at the stage's entry.
#[inline]
pub fn check(stage: Stage) {
    if ARMED.load(Ordering::Relaxed) == stage as u8 {
        injected_panic(stage);
    }
}

#[cold]
#[inline(never)]
fn injected_panic(stage: Stage) -> ! {
    panic!("panic injected for a test at stage '{}'", stage.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_parse_by_name_and_unknown_names_list_the_stages() {
        for stage in Stage::ALL {
            assert_eq!(stage.name().parse::<Stage>(), Ok(stage));
        }
        let error = "nope".parse::<Stage>().unwrap_err().to_string();
        assert!(
            error.contains("'sentence_splitting' or 'article_cleaning'"),
            "{error}"
        );
    }
}
