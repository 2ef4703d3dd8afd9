//! The cleaned article from the decided units: the body of the kept units, the removals with
//! their reasons, and the metadata (headline, byline, dateline, publication date).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::articles::dateline::{dateline_prefix, find_dateline};
use crate::articles::dates::{DateLine, DateRole};

use crate::articles::features::count_words;

use super::lede::debris_prefix;
use super::{ArticleText, CleanedArticle, Measured, Removal, RemovalKind, Verdict};

/// Metadata the passes found in the page furniture, and how the decisions are applied.
pub(super) struct Metadata<'a> {
    /// The unit that is the headline, when the page shows one.
    pub title_index: Option<usize>,
    pub byline: Option<String>,
    /// Every date line, in text order.
    pub dates: &'a [DateLine],
    /// Per unit, the score a detector gave its removal; other removals score their kind's
    /// default.
    pub scores: Vec<Option<f32>>,
    /// The score a removal needs (from the strictness).
    pub threshold: f32,
    /// False when the page is not an article: nothing is kept.
    pub is_article: bool,
}

/// What happens to one unit.
enum Fate {
    Kept { heading: bool },
    Removed(Removal),
}

/// Builds the cleaned article: every unit still undecided is kept (NFC, single-spaced), as is
/// every removal whose score falls short of the threshold (metadata always leaves).
pub(super) fn assemble(
    article: &ArticleText<'_>,
    units: &[Measured],
    verdicts: Vec<Verdict>,
    metadata: Metadata<'_>,
) -> CleanedArticle {
    let fates: Vec<Fate> = units
        .iter()
        .zip(verdicts)
        .enumerate()
        .map(|(i, (unit, verdict))| {
            let fate = match verdict {
                Verdict::Undecided(_) => Fate::Kept { heading: false },
                Verdict::Heading => Fate::Kept { heading: true },
                Verdict::Removed(kind, reason) => {
                    let score = metadata.scores[i].unwrap_or_else(|| kind.default_score());
                    if score < metadata.threshold && !kind.is_metadata() {
                        Fate::Kept { heading: false }
                    } else {
                        Fate::Removed(Removal {
                            start: unit.unit.start,
                            end: unit.unit.end,
                            kind,
                            reason,
                            score,
                        })
                    }
                }
            };
            match fate {
                Fate::Kept { .. } if !metadata.is_article => Fate::Removed(Removal {
                    start: unit.unit.start,
                    end: unit.unit.end,
                    kind: RemovalKind::NotArticle,
                    reason:
                        "the page is not an article (an error, redirect, archive or consent page)"
                            .to_string(),
                    score: 1.0,
                }),
                fate => fate,
            }
        })
        .collect();
    // The lede's debris: a site name or handle glued to the first kept paragraph.
    let furniture: Vec<&str> = units
        .iter()
        .zip(&fates)
        .filter(|(_, fate)| matches!(fate, Fate::Removed(_)))
        .map(|(unit, _)| unit.text.as_str())
        .collect();
    let first_kept = fates
        .iter()
        .position(|fate| matches!(fate, Fate::Kept { heading: false }));
    let debris = first_kept.and_then(|i| {
        debris_prefix(&units[i].text, &furniture)
            .filter(|&length| {
                units[i].unit.line_count == 1 || units[i].text[..length].lines().count() == 1
            })
            .map(|length| (i, length))
    });

    // The dateline that opens the body leaves it for the metadata: a digest, a sentence
    // match or a term list is about the report, not about where the wire filed it.
    let first_paragraph = fates
        .iter()
        .position(|fate| matches!(fate, Fate::Kept { .. }));
    let dateline_cut = first_paragraph
        .filter(|&i| Some(i) == first_kept && debris.is_none_or(|(index, _)| index != i))
        .and_then(|i| {
            let text = units[i].text.as_str();
            dateline_prefix(text)
                .filter(|&(_, length)| {
                    !text[..length].contains('\n')
                        && text[length..].chars().any(char::is_alphabetic)
                })
                .map(|(dateline, length)| (i, dateline.nfc().collect::<String>(), length))
        });

    let mut kept = Vec::new();
    let mut removed = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut headings = Vec::new();
    let mut corrections = Vec::new();
    let mut body_chars = 0;
    let mut words_kept = 0;
    let mut words_removed = 0;
    for (i, (unit, fate)) in units.iter().zip(fates).enumerate() {
        match fate {
            Fate::Kept { heading } => {
                let mut start = unit.unit.start;
                let mut text = unit.text.as_str();
                if let Some((_, length)) = debris.filter(|(index, _)| *index == i) {
                    removed.push(Removal {
                        start,
                        end: start + length,
                        kind: RemovalKind::Debris,
                        reason: format!(
                            "scrape debris before the lede: '{}'",
                            text[..length].trim()
                        ),
                        score: RemovalKind::Debris.default_score(),
                    });
                    words_removed += count_words(&text[..length]);
                    start += length;
                    text = &text[length..];
                }
                if let Some((_, dateline, length)) =
                    dateline_cut.as_ref().filter(|(index, ..)| *index == i)
                {
                    removed.push(Removal {
                        start,
                        end: start + length,
                        kind: RemovalKind::Dateline,
                        reason: format!("the dateline, now metadata: '{dateline}'"),
                        score: RemovalKind::Dateline.default_score(),
                    });
                    words_removed += count_words(&text[..*length]);
                    start += length;
                    text = &text[*length..];
                }
                let paragraph: String = single_spaced(text).nfc().collect();
                if !paragraphs.is_empty() {
                    body_chars += 2;
                }
                let length = paragraph.chars().count();
                if heading {
                    headings.push((body_chars, body_chars + length));
                }
                body_chars += length;
                kept.push((start, unit.unit.end));
                paragraphs.push(paragraph);
                words_kept += count_words(text);
            }
            Fate::Removed(removal) => {
                words_removed += unit.features.letter_words;
                if removal.kind == RemovalKind::Correction {
                    corrections.push(single_spaced(&unit.text).nfc().collect());
                }
                removed.push(removal);
            }
        }
    }
    let title = match (article.known_title, metadata.title_index) {
        (Some(known), _) => Some(known.trim().nfc().collect()),
        (None, Some(index)) if metadata.is_article => Some(units[index].text.nfc().collect()),
        _ => None,
    };
    // Publication date: a labelled one, else the first plain one, else an update.
    let date = [DateRole::Published, DateRole::Plain, DateRole::Updated]
        .iter()
        .find_map(|role| metadata.dates.iter().find(|found| found.role == *role))
        .map(|found| found.date);
    // A dateline the cut missed (spaced or split oddly in the page) is still metadata.
    let dateline = match dateline_cut {
        Some((_, dateline, _)) => Some(dateline),
        None => paragraphs
            .first()
            .and_then(|first| find_dateline(first))
            .map(|dateline| dateline.nfc().collect()),
    };
    CleanedArticle {
        dateline,
        body: paragraphs.join("\n\n"),
        kept,
        removed,
        title,
        byline: metadata.byline.map(|name| name.nfc().collect()),
        date,
        words_kept,
        words_removed,
        headings,
        corrections,
        is_article: metadata.is_article,
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
