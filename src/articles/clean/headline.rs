//! Finding the headline among the header units: the known title, or the best-scored
//! headline-shaped unit before the body.

use rustc_hash::FxHashSet;

use crate::articles::features::words_of;
use crate::articles::furniture::furniture_phrase;

use super::{Measured, Verdict};

/// The index of the headline among the units before `header_end`: the unit that is the known
/// title, if one is given, else the best-scored headline-shaped unit still undecided.
pub(super) fn find_title(
    known_title: Option<&str>,
    units: &[Measured],
    verdicts: &[Verdict],
    header_end: usize,
) -> Option<usize> {
    if let Some(known) = known_title {
        let key = words_of(known).join(" ");
        return units
            .iter()
            .position(|unit| unit.key == key && !key.is_empty());
    }
    let listed = list_items(units);
    let mut candidates: Vec<usize> = (0..header_end)
        .filter(|&i| matches!(verdicts[i], Verdict::Undecided(_)))
        .filter(|&i| is_headline_shaped(&units[i]) && !listed[i])
        .collect();
    // Of a headline shown twice, the first showing is the headline.
    let mut seen_keys = FxHashSet::default();
    candidates.retain(|&i| seen_keys.insert(units[i].key.as_str()));
    let nearest = candidates.last().copied();
    // Score each candidate; ties go to the earliest.
    let score = |i: usize| -> i32 {
        let unit = &units[i];
        let features = &unit.features;
        let mut score = 0;
        // A headline that the page repeats (or ends a breadcrumb with) is the surest sign.
        if units
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && repeats_title(&other.key, &unit.key))
        {
            score += 3;
        }
        // Headlines sit right above the article; mastheads and menus further up.
        if Some(i) == nearest {
            score += 1;
        }
        if features.separators > 0 || unit.text.contains(['▶', '►']) {
            score -= 2;
        }
        if furniture_phrase(&features.words).is_some() {
            score -= 2;
        }
        let letters = unit.text.chars().filter(|c| c.is_alphabetic()).count();
        let upper = unit.text.chars().filter(|c| c.is_uppercase()).count();
        if letters > 0 && upper * 10 >= letters * 6 {
            score -= 1;
        }
        if features.letter_words < 4 {
            score -= 1;
        }
        score
    };
    let mut best: Option<(usize, i32)> = None;
    for &i in &candidates {
        let candidate_score = score(i);
        if best.is_none_or(|(_, best_score)| candidate_score > best_score) {
            best = Some((i, candidate_score));
        }
    }
    best.map(|(i, _)| i)
}

/// The key that repeats of the headline match: the found headline's, else the known title's.
pub(super) fn title_key(
    title_index: Option<usize>,
    known_title: Option<&str>,
    units: &[Measured],
) -> Option<String> {
    match (title_index, known_title) {
        (Some(index), _) => Some(units[index].key.clone()),
        (None, Some(known)) => Some(words_of(known).join(" ")),
        (None, None) => None,
    }
}

/// A headline: 3 to 30 words, not ending in a full stop (question and exclamation marks are
/// fine), with capitalised words.
fn is_headline_shaped(unit: &Measured) -> bool {
    let features = &unit.features;
    let trimmed = unit.text.trim_end_matches(['"', '\'', '”', '’', ' ']);
    let ends_with_stop = trimmed.ends_with('.') && !trimmed.ends_with("..");
    (3..=30).contains(&features.letter_words)
        && features.chars <= 250
        && !ends_with_stop
        && !trimmed.ends_with([',', ';'])
        && unit.text.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Whether a unit with `key` repeats the headline `title_key`: the same words, or a short
/// line (a breadcrumb) that ends with them.
pub(super) fn repeats_title(key: &str, title_key: &str) -> bool {
    if key == title_key {
        return true;
    }
    let extra_words = key
        .split(' ')
        .count()
        .saturating_sub(title_key.split(' ').count());
    key.ends_with(title_key)
        && extra_words <= 6
        && key.as_bytes()[key.len() - title_key.len() - 1] == b' '
}

/// Which units are items of a list introduced by a label ending in a colon ("Key points:",
/// "In brief:"): the lines that follow the label without a blank line between. Such items
/// are headline-shaped but are never the headline.
fn list_items(units: &[Measured]) -> Vec<bool> {
    let mut listed = vec![false; units.len()];
    let mut in_list = false;
    for i in 0..units.len() {
        let follows = i > 0
            && units[i - 1].unit.first_line + units[i - 1].unit.line_count
                == units[i].unit.first_line;
        in_list = follows && (in_list || units[i - 1].text.trim_end().ends_with(':'));
        listed[i] = in_list;
    }
    listed
}
