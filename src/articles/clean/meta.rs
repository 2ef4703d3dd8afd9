//! Pass 2b of the cleaner: text about the page rather than the story. Captions and credits,
//! video-player text, forms, robot checks, cookie and paywall notices, calls to action,
//! contributor and contact lines, correction notes, print-edition notes and authors'
//! biographies are recognised from the cue classes of [`Cues`] (in several languages), the
//! unit's length and its place around the body; no site phrase decides anything.
//!
//! Each detector gives a score: how sure it is that the unit is furniture. The cleaner
//! removes a unit when its score reaches the threshold that the strictness sets. Reported
//! speech (an attribution verb, or a quotation) lowers every score: "Subscribe to the
//! mayor's page, the mayor advised shop owners" is the story.

use crate::articles::cues::{CueClass, Cues};
use crate::articles::features::words_of;

use super::{Measured, RemovalKind};

/// Where a unit stands relative to the prose of its article.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    /// Before the first good paragraph.
    pub before_body: bool,
    /// After the last good paragraph.
    pub after_body: bool,
    /// The last good paragraph or within two units of it: where contributor, contact and
    /// biography lines stand.
    pub at_end: bool,
}

/// A detector's finding: the kind, its score in [0, 1], and the reason shown to the user.
pub(super) type Flag = (RemovalKind, f32, String);

/// The finding about one unit, if any detector fires. `after_contact_heading` is true when
/// the unit follows a "Media contact" heading with only short lines between.
pub(super) fn judge_meta(
    unit: &Measured,
    place: Place,
    after_contact_heading: bool,
) -> Option<Flag> {
    let cues = &unit.cues;
    let features = &unit.features;
    let words = features.letter_words;
    let text = unit.text.as_str();
    let in_core = !place.before_body && !place.after_body;
    let speech = cues.has(CueClass::Attribution) || quotes_speech(text);
    let flag = |kind: RemovalKind, score: f32, reason: &str| {
        let score = if speech { score * 0.5 } else { score };
        Some((kind, score, reason.to_string()))
    };

    // A correction note is never reported speech: its label decides.
    let labelled_correction = cues.first_at(CueClass::CorrectionLabel) == Some(0)
        && text
            .chars()
            .take(40)
            .any(|c| matches!(c, ':' | '.' | '—' | '–'));
    if (labelled_correction || cues.has(CueClass::Correction)) && words <= 90 {
        return Some((
            RemovalKind::Correction,
            0.9,
            "a correction note (now the article's corrections)".into(),
        ));
    }
    if is_wire_header(text, words) {
        return Some((RemovalKind::WireHeader, 0.9, "a wire-service header".into()));
    }
    if cues.has(CueClass::Captcha) && words <= 40 {
        return flag(RemovalKind::Captcha, 0.9, "a robot check");
    }
    if cues.has(CueClass::Form) && words <= 30 || is_form_label(text, words) {
        return flag(
            RemovalKind::Form,
            0.85,
            "a form label or validation message",
        );
    }
    if cues.has(CueClass::Video) && words <= 30 || cues.durations > 0 && words <= 8 {
        return flag(RemovalKind::Video, 0.85, "video-player text");
    }
    if cues.has(CueClass::Cookie)
        && words <= 70
        && (cues.classes_among(&[
            CueClass::Reader,
            CueClass::Action,
            CueClass::Medium,
            CueClass::Paywall,
            CueClass::Form,
        ]) > 0
            || cues.count(CueClass::Cookie) >= 2
            || !in_core)
    {
        return flag(RemovalKind::Cookie, 0.85, "a cookie or consent notice");
    }
    if let Some(reason) = caption_cue(unit) {
        return flag(RemovalKind::Caption, 0.85, reason);
    }
    if cues.has(CueClass::App)
        && words <= 40
        && cues.classes_among(&[CueClass::Action, CueClass::Offer, CueClass::Reader]) > 0
    {
        return flag(RemovalKind::AppPromo, 0.85, "a promotion of the site's app");
    }
    if cues.has(CueClass::Paywall)
        && words <= 50
        && (cues.prices > 0
            || cues.classes_among(&[
                CueClass::Action,
                CueClass::Offer,
                CueClass::Reader,
                CueClass::Medium,
            ]) > 0)
    {
        return flag(
            RemovalKind::Paywall,
            0.8,
            "a paywall or subscription notice",
        );
    }
    if cues.has(CueClass::Print) && words <= 40 {
        return flag(RemovalKind::Furniture, 0.85, "a print-edition note");
    }
    if cues.has(CueClass::Contribution) && words <= 40 {
        let score = if place.at_end || place.after_body {
            0.85
        } else {
            0.45
        };
        return flag(
            RemovalKind::Contributor,
            score,
            "a note on who contributed to the report",
        );
    }
    // Reaching the author or newsroom addresses the reader or opens with the verb ("Reach
    // ...", "Follow ...", "Got a tip?"); "Patients can call the helpline on ..." is the story.
    let reaches = cues.has_address() || cues.has(CueClass::Social);
    let opens_with = |class: CueClass| cues.first_at(class) == Some(0);
    let asks = cues.classes_among(&[CueClass::Feedback, CueClass::Reader]) > 0
        || opens_with(CueClass::Contact)
        || opens_with(CueClass::Action);
    if reaches && asks && words <= 50 {
        let score = if in_core && !place.at_end { 0.55 } else { 0.85 };
        return flag(
            RemovalKind::Contact,
            score,
            "how to reach the author or the newsroom",
        );
    }
    if after_contact_heading
        && words <= 15
        && !features.full_stop
        && (cues.has_address() || text.contains(',') || cues.has(CueClass::Contact))
    {
        return flag(RemovalKind::Contact, 0.75, "a line of the contact section");
    }
    if is_contact_heading(unit) {
        return flag(
            RemovalKind::Contact,
            0.75,
            "the heading of a contact section",
        );
    }
    if is_tag_list(text) {
        return Some((RemovalKind::Furniture, 0.9, "a list of tags".into()));
    }
    if cues.first_at(CueClass::ReadOn) == Some(0) && words <= 10 && !features.full_stop {
        return flag(RemovalKind::Furniture, 0.8, "a link to read on elsewhere");
    }
    if cues.has(CueClass::Feedback) && words <= 30 {
        return flag(
            RemovalKind::CallToAction,
            0.8,
            "asks readers for tips or corrections",
        );
    }
    if cues.has(CueClass::Action) && words <= 60 {
        let classes = cues.classes_among(&[
            CueClass::Reader,
            CueClass::Action,
            CueClass::Medium,
            CueClass::Offer,
        ]) + usize::from(cues.prices > 0)
            + usize::from(cues.domains > 0);
        // A pitch addresses the reader or opens with its verb; "Residents can sign up for
        // alerts on the county website" needs more evidence.
        let pitched = cues.has(CueClass::Reader)
            || opens_with(CueClass::Action)
            || a_later_sentence_opens_with_action(text);
        if classes >= 3 || classes >= 2 && pitched {
            let position = if in_core { -0.1 } else { 0.15 };
            let score = (0.45 + 0.15 * (classes - 2) as f32 + position).min(0.95);
            return flag(
                RemovalKind::CallToAction,
                score,
                "asks the reader to subscribe, sign up, follow or give",
            );
        }
    }
    if (place.at_end || place.after_body) && is_role_biography(unit) {
        return flag(RemovalKind::Bio, 0.8, "the author's biography");
    }
    None
}

/// Whether a sentence after the first opens with a call to act: "... daily briefing. Sign up
/// here."
fn a_later_sentence_opens_with_action(text: &str) -> bool {
    text.split_inclusive(['.', '!', '?'])
        .skip(1)
        .map(str::trim_start)
        .filter(|sentence| sentence.starts_with(char::is_uppercase))
        .any(|sentence| {
            let words = words_of(sentence);
            Cues::of(sentence, &words).first_at(CueClass::Action) == Some(0)
        })
}

/// Whether a quotation in `text` holds several words: reported speech, not a quoted label
/// ("the link \"Privacy settings\"").
fn quotes_speech(text: &str) -> bool {
    let is_quote = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»' | '„');
    let mut inside = false;
    let mut words = 0;
    for token in text.split_whitespace() {
        let opens = token.starts_with(is_quote);
        if opens && !inside {
            inside = true;
            words = 0;
        }
        if inside {
            words += 1;
            let closes = token
                .trim_end_matches(['.', ',', '?', '!', ';', ':'])
                .ends_with(is_quote)
                && (token.chars().count() > 1 || !opens);
            if closes
                && (words > 1 || !opens || token.chars().filter(|c| is_quote(*c)).count() >= 2)
            {
                if words >= 4 {
                    return true;
                }
                inside = false;
            }
        }
    }
    inside && words >= 4
}

/// A wire service's header line for its clients: a short line in brackets that addresses
/// clients or editors ("(For use by Example News Service clients)", "(Embargoed until ...)").
fn is_wire_header(text: &str, words: usize) -> bool {
    let text = text.trim();
    if words > 20 || !(text.starts_with('(') || text.starts_with('[')) {
        return false;
    }
    let lower = text.to_lowercase();
    [
        "for use by",
        "clients",
        "embargo",
        "not for publication",
        "advance for",
        "eds:",
        "editors:",
        "editor's note",
        "news service",
        "sperrfrist",
        "für kunden",
        "pour les clients",
        "para clientes",
    ]
    .iter()
    .any(|marker| lower.contains(marker))
}

/// A list of tags: every token a hashtag ("#pollution #courts").
fn is_tag_list(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    tokens.len() >= 2
        && tokens
            .iter()
            .all(|token| token.starts_with('#') && token.len() > 1)
}

/// Whether the unit is the heading of a contact section: "Media contact", "Kontakt".
pub(super) fn is_contact_heading(unit: &Measured) -> bool {
    unit.cues.first_at(CueClass::Contact).is_some()
        && unit.features.letter_words <= 4
        && !unit.features.full_stop
        && !unit.cues.has_address()
}

/// A form field's label: a short line ending in the asterisk that marks a required field.
fn is_form_label(text: &str, words: usize) -> bool {
    (1..=4).contains(&words) && text.trim_end().ends_with('*')
}

/// Caption and credit cues: a caption marker, an agency file-photo opening, a gallery
/// counter, a credit at the end ("... Photo Jane Roe"), a credit-only line ("Jane Roe/Agency")
/// or the position words of a photo ("X, left, talks with ...").
fn caption_cue(unit: &Measured) -> Option<&'static str> {
    let text = unit.text.trim();
    let words = unit.features.letter_words;
    if unit.cues.has(CueClass::Caption) && words <= 60 {
        return Some("a photo caption or credit");
    }
    let opening: String = text.chars().take(12).collect();
    let upper_label = opening
        .split([' ', '-', '–', '—', ':'])
        .next()
        .is_some_and(|word| word.chars().count() >= 4 && word.chars().all(|c| c.is_uppercase()));
    if upper_label && text.contains(" file photo")
        || [" - In this ", " – In this ", " — In this "]
            .iter()
            .any(|marker| text.find(marker).is_some_and(|at| at <= 12))
    {
        return Some("an agency file-photo caption");
    }
    if is_gallery_counter(text) {
        return Some("a gallery counter and caption");
    }
    if words <= 60 && (ends_in_credit(text) || glued_credit(text)) {
        return Some("a caption ending in a photo credit");
    }
    if is_credit_only(text, unit) {
        return Some("a photo credit");
    }
    let lower = text.to_lowercase();
    let position_words = [
        ", left,",
        ", right,",
        ", center,",
        ", centre,",
        " (left)",
        " (right)",
        " (center)",
        "from left",
        "de gauche à droite",
        "von links",
        "de izquierda a derecha",
        "(links)",
        "(rechts)",
        "(à gauche)",
        "(à droite)",
        "(izquierda)",
        "(derecha)",
    ];
    if words <= 50
        && !unit.cues.has(CueClass::Attribution)
        && position_words.iter().any(|marker| lower.contains(marker))
    {
        return Some("a photo caption (it places people in the picture)");
    }
    None
}

/// "3/18 The minister arrives ...", "Photo 2 of 9".
pub(super) fn is_gallery_counter(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    if let Some((shown, total)) = first.split_once('/') {
        let numbers = |part: &str| {
            !part.is_empty() && part.len() <= 3 && part.chars().all(|c| c.is_ascii_digit())
        };
        // "24/7" is no counter: a counter never passes its total.
        return numbers(shown)
            && numbers(total)
            && shown.parse::<u32>().ok() <= total.parse::<u32>().ok()
            && shown != "0";
    }
    let words: Vec<&str> = text.split_whitespace().take(4).collect();
    words.len() >= 3
        && words.windows(3).any(|w| {
            w[0].chars().all(|c| c.is_ascii_digit())
                && matches!(w[1].to_lowercase().as_str(), "of" | "von" | "de" | "sur")
                && w[2].chars().all(|c| c.is_ascii_digit())
        })
        && text.split_whitespace().count() <= 40
}

/// A caption whose last words are a credit: "... at the finish. Photo Jane Roe", "... (Foto:
/// dpa)".
fn ends_in_credit(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let tail_start = tokens.len().saturating_sub(6);
    tokens[tail_start..].iter().enumerate().any(|(i, token)| {
        let word = token
            .trim_start_matches(['(', '['])
            .trim_end_matches(':')
            .to_lowercase();
        let is_marker = matches!(
            word.as_str(),
            "photo" | "photos" | "foto" | "fotos" | "photograph" | "bild" | "crédit" | "credit"
        );
        let rest = &tokens[tail_start + i + 1..];
        is_marker
            && tail_start + i > 0
            && !rest.is_empty()
            && rest.iter().all(|name| {
                name.trim_start_matches(['(', '['])
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase())
                    || matches!(*name, "/" | "-" | "–")
            })
    })
}

/// A credit glued to the end of a caption by the scraper: "... after the verdict.Credit...Jane
/// Roe".
fn glued_credit(text: &str) -> bool {
    let tail_start = text.len().saturating_sub(80);
    let tail_start = (tail_start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let tail = &text[tail_start..];
    ["Credit", "Crédit", "Photo", "Foto", "Bild"]
        .iter()
        .any(|marker| {
            tail.match_indices(marker).any(|(at, _)| {
                let before = tail[..at].chars().next_back();
                let after = tail[at + marker.len()..].chars().next();
                before.is_some_and(|c| matches!(c, '.' | ')' | '|'))
                    && after.is_some_and(|c| matches!(c, '.' | ':' | '…'))
            })
        })
}

/// A credit-only line: "Jane Roe/Agency", "Agency Images Jane Roe": a few capitalised words
/// with an agency slash or the word "Images", and no sentence.
pub(super) fn is_credit_only(text: &str, unit: &Measured) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.is_empty()
        || tokens.len() > 7
        || unit.features.full_stop
        || unit.features.stop_words > 0
    {
        return false;
    }
    let capitalised = tokens.iter().filter(|token| **token != "/").all(|token| {
        token
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    });
    let spaced_slash = tokens.len() >= 3 && tokens[1..tokens.len() - 1].contains(&"/");
    let slash = spaced_slash
        || tokens.iter().any(|token| {
            token.split_once('/').is_some_and(|(left, right)| {
                left.chars().next().is_some_and(char::is_uppercase)
                    && right.chars().next().is_some_and(char::is_uppercase)
            })
        });
    let agency_word = unit.features.words.iter().any(|word| {
        matches!(
            word.as_str(),
            "images" | "photos" | "pictures" | "bildagentur"
        )
    });
    capitalised && (slash || agency_word)
}

/// An author's biography found without the byline: a name (two or three capitalised words)
/// opening a sentence about an author's job ("Jane Roe covers the courts for the Herald").
fn is_role_biography(unit: &Measured) -> bool {
    if !unit.cues.has(CueClass::Role) || unit.features.letter_words > 80 {
        return false;
    }
    let tokens: Vec<&str> = unit.text.split_whitespace().take(4).collect();
    let capitalised = |token: &str| token.chars().next().is_some_and(char::is_uppercase);
    let name_length = tokens.iter().take_while(|token| capitalised(token)).count();
    (2..=3).contains(&name_length)
        && tokens
            .get(name_length)
            .is_some_and(|next| next.chars().next().is_some_and(char::is_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_count_as_speech_only_when_they_hold_words() {
        assert!(quotes_speech(
            r#"He said "we will subscribe to the plan" on Monday."#
        ));
        assert!(quotes_speech(
            "« Nous ne partirons pas d'ici », a-t-elle dit."
        ));
        assert!(!quotes_speech(
            r#"Use the link "Privacy settings" at the end of any page."#
        ));
        assert!(!quotes_speech("No quotation here at all."));
    }

    #[test]
    fn wire_headers_are_bracketed_notes_to_clients() {
        assert!(is_wire_header("(For use by Northgate Wire clients)", 6));
        assert!(is_wire_header("[Embargoed until 0001 GMT Tuesday]", 5));
        assert!(!is_wire_header("(The council met on Monday.)", 5));
        assert!(!is_wire_header(
            "For use by clients of the bank, the app is free.",
            10
        ));
    }

    #[test]
    fn credits_at_the_end_of_a_caption() {
        assert!(ends_in_credit(
            "Lorries queue at the diversion. Photo Ola Brenner"
        ));
        assert!(ends_in_credit(
            "Lorries queue at the diversion (Foto: Ola Brenner)"
        ));
        assert!(!ends_in_credit(
            "The photo was taken by a resident on Monday."
        ));
        assert!(glued_credit(
            "Residents outside the court on Thursday.Credit...Ola Brenner"
        ));
        assert!(!glued_credit(
            "He gave credit to the crews who worked overnight."
        ));
    }

    #[test]
    fn gallery_counters() {
        assert!(is_gallery_counter(
            "3/18 The minister arrives at the summit"
        ));
        assert!(is_gallery_counter("Bild 2 von 9"));
        assert!(!is_gallery_counter("24/7 coverage of the vote"));
        assert!(!is_gallery_counter(
            "The vote was 3 of 18 in favour of the plan on Monday."
        ));
    }
}
