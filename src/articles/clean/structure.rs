//! Structure inside the body: in-body subheadings and lists. Both are short lines that are
//! not sentences, like captions, but they are content: a subheading stands between paragraphs
//! and opens the prose after it; a list is a run of short items (names with places, lots with
//! expiry dates, labelled sections of a press release).

use crate::articles::cues::CueClass;

use super::prose::Quality;
use super::{Measured, Verdict};

/// What a unit is within the body's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Neither a subheading nor a list item.
    Plain,
    /// An in-body subheading: kept, and marked as a heading.
    Heading,
    /// An item of a list inside the body: kept as content.
    ListItem,
}

/// The role of every unit, given the body's range (first and last unit) and the unit where
/// the article proper ends (comments or footer).
pub(super) fn find_structure(
    units: &[Measured],
    verdicts: &[Verdict],
    body: Option<(usize, usize)>,
    article_end: usize,
) -> Vec<Role> {
    let mut roles = vec![Role::Plain; units.len()];
    let Some((start, end)) = body else {
        return roles;
    };
    let candidate = |i: usize| {
        verdicts[i].quality() == Some(Quality::Other)
            && (1..=30).contains(&units[i].features.letter_words)
    };
    // Lists: runs of consecutive short non-sentences that start inside the body. A run of
    // three is a list; a run of two is one when a colon or a heading introduces it.
    let mut i = start + 1;
    while i <= end {
        if !candidate(i) {
            i += 1;
            continue;
        }
        let mut run_end = i;
        while run_end + 1 < article_end
            && candidate(run_end + 1)
            && similar_items(&units[i], &units[run_end + 1])
        {
            run_end += 1;
        }
        let length = run_end - i + 1;
        let introduced =
            units[i - 1].text.trim_end().ends_with(':') || is_heading_shaped(&units[i - 1]);
        // The first item of a run introduced by a heading-shaped line may be that heading.
        if length >= 3 || (length >= 2 && introduced) {
            let first_item = if length >= 3 && !introduced && heads_list(&units[i], &units[i + 1]) {
                roles[i] = Role::Heading;
                i + 1
            } else {
                i
            };
            for role in &mut roles[first_item..=run_end] {
                *role = Role::ListItem;
            }
        }
        i = run_end + 1;
    }
    // Subheadings: heading-shaped lines inside the body followed by its prose or a list.
    for i in (start + 1)..end {
        if roles[i] != Role::Plain || !candidate(i) || !is_heading_shaped(&units[i]) {
            continue;
        }
        let next = (i + 1..=end).find(|&j| !matches!(verdicts[j], Verdict::Removed(..)));
        let opens_prose = next.is_some_and(|j| {
            matches!(
                verdicts[j].quality(),
                Some(Quality::Good | Quality::NearGood)
            ) || roles[j] == Role::ListItem
        });
        if opens_prose {
            roles[i] = Role::Heading;
        }
    }
    roles
}

/// Whether the first line of a run is the list's heading rather than its first item: it is
/// heading-shaped and lacks the comma or figures that the items carry.
fn heads_list(first: &Measured, second: &Measured) -> bool {
    let marked =
        |unit: &Measured| unit.text.contains(',') || unit.text.chars().any(|c| c.is_ascii_digit());
    is_heading_shaped(first) && !marked(first) && marked(second)
}

/// Whether two lines look like items of one list: neither is far longer than the other.
fn similar_items(first: &Measured, other: &Measured) -> bool {
    let (a, b) = (
        first.features.letter_words.max(1),
        other.features.letter_words.max(1),
    );
    a.max(b) <= 4 * a.min(b) + 2
}

/// A subheading's shape: a short capitalised line without a full stop (a question is fine).
pub(super) fn is_heading_shaped(unit: &Measured) -> bool {
    let features = &unit.features;
    let text = unit.text.trim();
    (1..=10).contains(&features.letter_words)
        && !unit.cues.has(CueClass::Time)
        && text.chars().count() <= 120
        && (!features.full_stop || features.question)
        && !text.ends_with([',', ';'])
        && text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}
