//! Scrape debris glued to the lede: a site's handle or name before a dash at the start of the
//! first paragraph ("SiteHandle - Top officials have held ..."). A dateline ("WASHINGTON (AP)
//! —") is not debris: it becomes metadata (see `dateline.rs`).

use rustc_hash::FxHashSet;

use crate::articles::dateline::find_dateline;
use crate::articles::features::words_of;

/// The byte length of the debris prefix of `paragraph` (separator included), if any.
/// `furniture` is the text of the page's removed lines: a prefix that names the source shown
/// there ("Source: The Ledger") is debris, as is a handle-shaped one ("KTRN4Hollin").
pub(super) fn debris_prefix(paragraph: &str, furniture: &[&str]) -> Option<usize> {
    if find_dateline(paragraph).is_some() {
        return None;
    }
    let (at, separator) = [" - ", " – ", " — ", " | "]
        .iter()
        .filter_map(|separator| paragraph.find(separator).map(|at| (at, *separator)))
        .min()?;
    let head = &paragraph[..at];
    let rest = &paragraph[at + separator.len()..];
    let tokens: Vec<&str> = head.split_whitespace().collect();
    let starts_upper = |token: &str| {
        token
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    if tokens.is_empty()
        || tokens.len() > 4
        || head.chars().count() > 40
        || !tokens.iter().all(|token| starts_upper(token))
        || head.contains([',', '(', ')', '"', '“'])
        || !rest.chars().next().is_some_and(char::is_uppercase)
        || rest.split_whitespace().count() < 6
    {
        return None;
    }
    let handle_shaped = tokens.iter().any(|token| {
        let chars: Vec<char> = token.chars().collect();
        chars.iter().any(char::is_ascii_digit) && chars.iter().any(|c| c.is_alphabetic())
            || chars
                .windows(2)
                .any(|pair| pair[0].is_lowercase() && pair[1].is_uppercase())
            || token.contains(['.', '@'])
    });
    let head_words = words_of(head);
    let rest_words: FxHashSet<String> = words_of(rest).into_iter().collect();
    let furniture_words: FxHashSet<String> =
        furniture.iter().flat_map(|line| words_of(line)).collect();
    let names_source = head_words.iter().any(|word| {
        word.chars().count() >= 4 && furniture_words.contains(word) && !rest_words.contains(word)
    });
    (handle_shaped || names_source).then_some(at + separator.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDE: &str = "Top officials have held talks on the future of the port this week.";

    #[test]
    fn handles_and_named_sources_are_debris() {
        let text = format!("Ab12cd - {LEDE}");
        assert_eq!(debris_prefix(&text, &[]), Some("Ab12cd - ".len()));
        let text = format!("Morning Bell - {LEDE}");
        assert_eq!(
            debris_prefix(&text, &["Via: The Morning Bell"]),
            Some("Morning Bell - ".len())
        );
        assert_eq!(debris_prefix(&text, &["Share"]), None);
    }

    #[test]
    fn datelines_and_sentences_are_not_debris() {
        let text = format!("KESTRA (Meridian Press) - {LEDE}");
        assert_eq!(debris_prefix(&text, &["Kestra"]), None);
        let text = "Officials - including the mayor - said the talks went well on Friday.";
        assert_eq!(debris_prefix(text, &["Officials"]), None);
        assert_eq!(debris_prefix(LEDE, &[]), None);
    }
}
