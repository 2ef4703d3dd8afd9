//! The cleaned article from the decided units: the body of the kept units, the removals with
//! their reasons, and the metadata (headline, byline, dateline, publication date).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::articles::dateline::find_dateline;
use crate::articles::dates::{DateLine, DateRole};

use super::{ArticleText, CleanedArticle, Measured, Removal, Verdict};

/// Metadata the passes found in the page furniture.
pub(super) struct Metadata<'a> {
    /// The unit that is the headline, when the page shows one.
    pub title_index: Option<usize>,
    pub byline: Option<String>,
    /// Every date line, in text order.
    pub dates: &'a [DateLine],
}

/// Builds the cleaned article: every unit still undecided is kept (NFC, single-spaced).
pub(super) fn assemble(
    article: &ArticleText<'_>,
    units: &[Measured],
    verdicts: Vec<Verdict>,
    metadata: Metadata<'_>,
) -> CleanedArticle {
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    let mut paragraphs: Vec<Cow<'_, str>> = Vec::new();
    let mut words_kept = 0;
    let mut words_removed = 0;
    for (unit, verdict) in units.iter().zip(verdicts) {
        match verdict {
            Verdict::Undecided(_) => {
                kept.push((unit.unit.start, unit.unit.end));
                paragraphs.push(single_spaced(&unit.text));
                words_kept += unit.features.letter_words;
            }
            Verdict::Removed(kind, reason) => {
                words_removed += unit.features.letter_words;
                removed.push(Removal {
                    start: unit.unit.start,
                    end: unit.unit.end,
                    kind,
                    reason,
                });
            }
        }
    }
    let title = match (article.known_title, metadata.title_index) {
        (Some(known), _) => Some(known.trim().nfc().collect()),
        (None, Some(index)) => Some(units[index].text.nfc().collect()),
        (None, None) => None,
    };
    // Publication date: a labelled one, else the first plain one, else an update.
    let date = [DateRole::Published, DateRole::Plain, DateRole::Updated]
        .iter()
        .find_map(|role| metadata.dates.iter().find(|found| found.role == *role))
        .map(|found| found.date);
    let dateline = paragraphs
        .first()
        .and_then(|first| find_dateline(first))
        .map(|dateline| dateline.nfc().collect());
    CleanedArticle {
        dateline,
        body: paragraphs.join("\n\n").nfc().collect(),
        kept,
        removed,
        title,
        byline: metadata.byline.map(|name| name.nfc().collect()),
        date,
        words_kept,
        words_removed,
    }
}

/// A body paragraph with every run of spaces, tabs and no-break spaces (left by HTML
/// indentation and `&nbsp;`) turned into one space: clean text has one space between words.
pub(super) fn single_spaced(text: &str) -> Cow<'_, str> {
    let messy = text
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0] == b' ' && pair[1] == b' ')
        || text.chars().any(|c| c != ' ' && c.is_whitespace());
    if !messy {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    Cow::Owned(out.trim().to_string())
}
