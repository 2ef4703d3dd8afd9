//! Pass 3 of the cleaner: position. The body runs from the first to the last good unit,
//! widened over adjacent near-good units, and ends early at a comments section or the site's
//! rights notice. Inside it, sentences stay and non-sentences (captions, labels) go; before
//! and after it (header and footer blocks) everything but the headline goes. Repeats of the
//! headline or of an earlier unit, authors' biographies and non-sentences shared by several
//! articles of the set go wherever they are.

use rustc_hash::FxHashMap;

use super::prose::Quality;
use super::shape::reserves_rights;
use super::structure::Role;
use super::{headline::repeats_title, Measured, RemovalKind, Verdict};

/// Where the body of an article lies among its units.
pub(super) struct Body {
    /// The first and last unit of the body, or None for an article without prose.
    pub range: Option<(usize, usize)>,
    /// The last unit of the quality that anchors the body, before the article's end.
    pub last_anchor: Option<usize>,
    /// The first unit after the article proper (the comments or the site's footer), or the
    /// number of units.
    pub article_end: usize,
    /// Why the article ends at `article_end`, for the removal reasons.
    pub end_reason: &'static str,
    /// The end of the header block: the body's first unit, or the number of units.
    pub header_end: usize,
}

impl Body {
    /// Finds the body from the prose quality of the units still undecided.
    pub fn find(units: &[Measured], verdicts: &[Verdict]) -> Body {
        // The body: first to last good unit, widened over adjacent near-good ones; without
        // any good unit, the near-good ones carry the body.
        let quality_at = |i: usize| verdicts[i].quality();
        let anchor = if (0..units.len()).any(|i| quality_at(i) == Some(Quality::Good)) {
            Quality::Good
        } else {
            Quality::NearGood
        };
        // A comments section ends the article: reader comments can be fine prose. So does
        // the site's "All rights reserved" notice: what follows it is page footer, however
        // prose-like (cookie notices, legal text).
        let good_words: usize = (0..units.len())
            .filter(|&i| quality_at(i) == Some(anchor))
            .map(|i| units[i].features.letter_words)
            .sum();
        let mut words_before = 0;
        let mut article_end = units.len();
        let mut end_reason = "after the comments section opens";
        for (i, unit) in units.iter().enumerate() {
            if quality_at(i) == Some(anchor) {
                words_before += unit.features.letter_words;
            }
            if words_before * 2 > good_words {
                if opens_comments(unit) {
                    article_end = i;
                    break;
                }
                if reserves_rights(&unit.features.words) {
                    article_end = i;
                    end_reason = "after the site's copyright notice";
                    break;
                }
            }
        }
        let anchors: Vec<usize> = (0..article_end)
            .filter(|&i| quality_at(i) == Some(anchor))
            .collect();
        let range = anchors.first().zip(anchors.last()).map(|(&first, &last)| {
            let mut start = first;
            let mut i = first;
            while i > 0 {
                i -= 1;
                match quality_at(i) {
                    Some(Quality::NearGood | Quality::Good) => start = i,
                    None => continue,
                    Some(Quality::Other) => break,
                }
            }
            let mut end = last;
            for j in (last + 1)..article_end.min(verdicts.len()) {
                match quality_at(j) {
                    Some(Quality::NearGood | Quality::Good) => end = j,
                    None => continue,
                    Some(Quality::Other) => break,
                }
            }
            (start, end)
        });
        Body {
            range,
            last_anchor: anchors.last().copied(),
            article_end,
            end_reason,
            header_end: range.map_or(units.len(), |(start, _)| start),
        }
    }
}

/// What the rest of the article and the set tell about a unit.
pub(super) struct Evidence<'a> {
    /// The headline's key, which repeats of it match.
    pub title_key: Option<&'a str>,
    /// The headline's unit, when the page shows one: the standfirst follows it.
    pub title_index: Option<usize>,
    /// The byline's name, which an author's biography opens with.
    pub byline: Option<&'a str>,
    /// The outlet's name as a unit key.
    pub outlet_key: Option<&'a str>,
    /// How many articles of the set hold each unit key.
    pub shared: &'a FxHashMap<&'a str, usize>,
    /// A non-sentence shared by at least this many articles is boilerplate.
    pub min_shared_articles: usize,
}

/// Decides every unit still undecided: repeats, biographies, then the position rules.
pub(super) fn settle_by_position(
    units: &[Measured],
    verdicts: &mut [Verdict],
    body: &Body,
    evidence: &Evidence<'_>,
    roles: &[Role],
) {
    let body_range = body.range;
    let article_end = body.article_end;
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    // The standfirst: the first sentence after the headline, before the body, however
    // many byline, date and share lines stand between.
    let mut standfirst_open = false;
    for (i, unit) in units.iter().enumerate() {
        if evidence.title_index == Some(i) {
            standfirst_open = true;
        }
        let key = unit.key.as_str();
        if matches!(verdicts[i], Verdict::Removed(RemovalKind::Duplicate, _)) {
            // An out-of-place copy, already dropped: the copy in the body is the first.
            continue;
        }
        let first_seen = *seen.entry(key).or_insert(i);
        let Verdict::Undecided(quality) = verdicts[i] else {
            continue;
        };
        if let Some(title_key) = evidence.title_key.filter(|key| !key.is_empty()) {
            if repeats_title(key, title_key) {
                verdicts[i] = Verdict::Removed(
                    RemovalKind::RepeatedTitle,
                    "repeats the headline".to_string(),
                );
                continue;
            }
        }
        if first_seen != i && !key.is_empty() {
            verdicts[i] = Verdict::Removed(
                RemovalKind::Duplicate,
                format!("repeats line {}", units[first_seen].unit.first_line + 1),
            );
            continue;
        }
        match roles[i] {
            Role::Heading => {
                verdicts[i] = Verdict::Heading;
                continue;
            }
            Role::ListItem => continue,
            Role::Plain => {}
        }
        let sentence = quality != Quality::Other;
        let is_standfirst = standfirst_open
            && i < body.header_end
            && sentence
            && unit.features.full_stop
            && unit.features.letter_words >= 8;
        standfirst_open = false;
        if is_standfirst {
            continue;
        }
        let near_end = body_range.is_some_and(|(_, end)| i + 2 >= end && i <= end + 2);
        if near_end && evidence.byline.is_some_and(|name| is_bio(&unit.text, name)) {
            verdicts[i] = Verdict::Removed(
                RemovalKind::Bio,
                "the author's biography (it opens with the byline's name)".to_string(),
            );
            continue;
        }
        let in_body = body_range.is_some_and(|(start, end)| (start..=end).contains(&i));
        let after_good = body.last_anchor.is_some_and(|last| i > last);
        let names_outlet = evidence
            .outlet_key
            .is_some_and(|outlet| format!(" {key} ").contains(&format!(" {outlet} ")));
        if in_body && sentence && !(after_good && names_outlet) {
            continue;
        }
        // "Yes.", "Nothing." between the body's paragraphs: a sentence of one or two words,
        // too short for the prose test, not a caption (a label has no full stop).
        if in_body && is_short_sentence(unit) {
            continue;
        }
        let shared_by = evidence.shared.get(key).copied().unwrap_or(0);
        verdicts[i] = if i >= article_end {
            Verdict::Removed(
                RemovalKind::Footer,
                format!(
                    "{} (line {})",
                    body.end_reason,
                    units[article_end].unit.first_line + 1
                ),
            )
        } else if shared_by >= evidence.min_shared_articles && !sentence {
            Verdict::Removed(
                RemovalKind::Boilerplate,
                format!("not a sentence, and found in {shared_by} articles of the set"),
            )
        } else if in_body {
            Verdict::Removed(
                RemovalKind::Caption,
                "inside the body but not a sentence: a caption, label or subheading".to_string(),
            )
        } else if body_range.is_none() {
            Verdict::Removed(
                RemovalKind::NoBody,
                "the article has no prose paragraph".into(),
            )
        } else if i < body.header_end {
            Verdict::Removed(
                RemovalKind::Header,
                "in the header block before the article body".to_string(),
            )
        } else {
            Verdict::Removed(
                RemovalKind::Footer,
                "in the footer block after the article body".to_string(),
            )
        };
    }
}

/// Drops paragraphs repeated out of place. When a prose paragraph occurs twice and the first
/// copy stands alone among non-prose lines (a teaser before the headline) while a later copy
/// stands among the body's paragraphs, the first copy goes: the body keeps its reading order.
/// Other repeats are left to the position pass, which keeps the first copy.
pub(super) fn drop_out_of_place_copies(units: &[Measured], verdicts: &mut [Verdict]) {
    let is_prose = |verdicts: &[Verdict], i: usize| {
        matches!(
            verdicts[i].quality(),
            Some(Quality::Good | Quality::NearGood)
        )
    };
    let among_prose = |verdicts: &[Verdict], i: usize| {
        (i > 0 && is_prose(verdicts, i - 1)) || (i + 1 < units.len() && is_prose(verdicts, i + 1))
    };
    let mut first_copy: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, unit) in units.iter().enumerate() {
        let key = unit.key.as_str();
        if key.is_empty() || !is_prose(verdicts, i) {
            continue;
        }
        let Some(&first) = first_copy.get(key) else {
            first_copy.insert(key, i);
            continue;
        };
        if is_prose(verdicts, first) && !among_prose(verdicts, first) && among_prose(verdicts, i) {
            verdicts[first] = Verdict::Removed(
                RemovalKind::Duplicate,
                format!("an out-of-place copy of line {}", unit.unit.first_line + 1),
            );
            first_copy.insert(key, i);
        }
    }
}

/// How many units before and after a pull quote its source paragraph may stand.
const PULL_QUOTE_WINDOW: usize = 30;

/// Drops pull quotes: a short line that repeats part of a longer paragraph of the article,
/// set in quotation marks or placed after the paragraph it quotes.
pub(super) fn drop_pull_quotes(units: &[Measured], verdicts: &mut [Verdict]) {
    let padded: Vec<String> = units.iter().map(|unit| format!(" {} ", unit.key)).collect();
    for i in 0..units.len() {
        let words = units[i].features.words.len();
        if !matches!(verdicts[i], Verdict::Undecided(_)) || !(6..=40).contains(&words) {
            continue;
        }
        let quoted = units[i]
            .text
            .trim_start()
            .starts_with(['"', '“', '«', '„', '\'', '‘']);
        // A pull quote stands near the paragraph it quotes; the window keeps long pages linear.
        let window =
            i.saturating_sub(PULL_QUOTE_WINDOW)..units.len().min(i + PULL_QUOTE_WINDOW + 1);
        let source = window.into_iter().find(|&j| {
            j != i
                && matches!(verdicts[j], Verdict::Undecided(_))
                && units[j].features.words.len() > words
                && (quoted || j < i)
                && padded[j].contains(&padded[i])
        });
        if let Some(j) = source {
            verdicts[i] = Verdict::Removed(
                RemovalKind::Duplicate,
                format!(
                    "repeats part of line {} (a pull quote)",
                    units[j].unit.first_line + 1
                ),
            );
        }
    }
}

/// The opening of a comments section: "Leave a Reply", "Comments (41)", "2 thoughts on ...".
fn opens_comments(unit: &Measured) -> bool {
    let words = &unit.features.words;
    if words.len() > 12 {
        return false;
    }
    let key = unit.key.as_str();
    let markers = [
        "leave a reply",
        "leave a comment",
        "post a comment",
        "add a comment",
        "comments",
        "show comments",
        "view comments",
        "join the conversation",
        "kommentare",
        "commentaires",
        "comentarios",
        "commenti",
        "reacties",
        "kommentarer",
        "комментарии",
    ];
    // The marker alone, or followed by a count or a prompt ("Comments (41)", "Leave a Reply
    // Cancel reply"), never a sentence that happens to start with the word.
    let opens = |marker: &str| {
        key == marker
            || key.strip_prefix(marker).is_some_and(|rest| {
                rest.starts_with(' ')
                    && (rest.trim().chars().all(|c| c.is_ascii_digit())
                        || (marker.contains(' ') && !unit.features.full_stop))
            })
    };
    // "Comments are closed for this article", "Commenting has been disabled": the end of
    // the comments area even with nothing after it.
    let closed = [
        "comments are closed",
        "comments have been closed",
        "commenting is closed",
    ]
    .iter()
    .any(|marker| key.starts_with(marker));
    // "Join the conversation. Please keep comments civil", "Comments are subject to our
    // community guidelines": the rules of the comments area open it.
    let rules = words.len() <= 20
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "comments" | "comment" | "kommentare" | "commentaires" | "comentarios"
            )
        })
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "civil"
                    | "guidelines"
                    | "conversation"
                    | "moderated"
                    | "netiquette"
                    | "respectful"
                    | "richtlinien"
                    | "charte"
                    | "normas"
                    | "modérés"
                    | "moderados"
            )
        });
    closed
        || rules
        || markers.iter().any(|marker| opens(marker))
        || words.len() >= 2
            && words[0].chars().all(|c| c.is_ascii_digit())
            && matches!(
                words[1].as_str(),
                "comments"
                    | "thoughts"
                    | "responses"
                    | "replies"
                    | "kommentare"
                    | "commentaires"
                    | "comentarios"
                    | "commenti"
                    | "reacties"
            )
}

/// A sentence of one or two words: capitalised, ending with a full stop, question or
/// exclamation mark.
fn is_short_sentence(unit: &Measured) -> bool {
    (1..=2).contains(&unit.features.letter_words)
        && unit.features.words.len() == unit.features.letter_words
        && unit.features.full_stop
        && unit
            .text
            .trim_start_matches(['"', '“', '‘', '\'', '«', '„'])
            .starts_with(char::is_uppercase)
}

/// An author's biography: "Anna Lind is the Herald's ...", "Anna Lind reports on ...".
fn is_bio(text: &str, byline: &str) -> bool {
    let Some(rest) = text.strip_prefix(byline) else {
        return false;
    };
    let next = rest.split_whitespace().next().unwrap_or("");
    rest.starts_with(' ') && next.chars().next().is_some_and(|c| c.is_lowercase())
}
