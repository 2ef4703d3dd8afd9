//! Pages that are not articles: error pages ("page not found"), redirect notices, web-archive
//! and crawler notices, consent and robot walls. Their few lines of prose ("Sorry, the page
//! you requested could not be found.") must never become a body.

use crate::articles::cues::CueClass;

use super::{Measured, RemovalKind, Verdict};

/// Below this many kept words, a page that announces an error, redirect or archive is that,
/// not an article.
const NOTICE_PAGE_WORDS: usize = 100;

/// Below this many kept words, a page behind a consent, robot or paywall notice is that wall.
const WALL_PAGE_WORDS: usize = 30;

/// Whether the page is not an article, from what cleaning kept and what it found.
pub(super) fn is_not_article(units: &[Measured], verdicts: &[Verdict]) -> bool {
    let kept_words: usize = units
        .iter()
        .zip(verdicts)
        .filter(|(_, verdict)| matches!(verdict, Verdict::Undecided(_) | Verdict::Heading))
        .map(|(unit, _)| unit.features.letter_words)
        .sum();
    if kept_words == 0 {
        // A page of furniture alone (links, share buttons) is no article; an empty text is
        // just empty.
        return !units.is_empty();
    }
    let announces = units
        .iter()
        .any(|unit| unit.cues.has(CueClass::NotArticle) && unit.features.letter_words <= 40);
    let walled = verdicts.iter().any(|verdict| {
        matches!(
            verdict,
            Verdict::Removed(
                RemovalKind::Cookie | RemovalKind::Captcha | RemovalKind::Paywall,
                _
            )
        )
    });
    announces && kept_words < NOTICE_PAGE_WORDS || walled && kept_words < WALL_PAGE_WORDS
}
