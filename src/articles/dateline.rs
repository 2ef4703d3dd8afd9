//! Datelines: the place (and often date and agency) that opens a news report, as in
//! "VELMORA, March 13 (Meridian Press) - About 900 tonnes ..." or "KESTRA – Dock workers ...".
//!
//! The dateline stays in the body (it is part of the first sentence as printed) and is also
//! reported as metadata.

/// The dateline that opens `paragraph`, without the dash that ends it, if any: a place in
/// capitals (one to four words), optionally a comma and a short date, optionally an agency in
/// brackets, then a dash.
pub fn find_dateline(paragraph: &str) -> Option<&str> {
    let dash = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|dash| paragraph.find(dash))
        .min()?;
    let head = &paragraph[..dash];
    if head.chars().count() > 80 {
        return None;
    }
    let (place_and_date, agency) = match head.find(" (") {
        Some(open) if head.ends_with(')') => (&head[..open], Some(&head[open + 2..head.len() - 1])),
        Some(_) => return None,
        None => (head, None),
    };
    if agency.is_some_and(|agency| agency.is_empty() || agency.split_whitespace().count() > 5) {
        return None;
    }
    let (place, date) = match place_and_date.split_once(", ") {
        Some((place, date)) => (place, Some(date)),
        None => (place_and_date, None),
    };
    let place_words: Vec<&str> = place.split_whitespace().collect();
    let capitals = |word: &str| {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        letters > 0
            && word.chars().all(|c| {
                c.is_uppercase() || matches!(c, '/' | '.' | '-' | '\'' | '’') || !c.is_alphabetic()
            })
    };
    let place_ok = (1..=4).contains(&place_words.len())
        && place_words.iter().all(|word| capitals(word))
        && place.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let date_ok = date.is_none_or(|date| {
        let words = date.split_whitespace().count();
        (1..=5).contains(&words) && date.chars().any(|c| c.is_ascii_digit())
    });
    (place_ok && date_ok).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_and_short_datelines() {
        assert_eq!(
            find_dateline("VELMORA, March 13 (Meridian Press) - About 900 tonnes leaked."),
            Some("VELMORA, March 13 (Meridian Press)")
        );
        assert_eq!(
            find_dateline("KESTRA – Dock workers walked out."),
            Some("KESTRA")
        );
        assert_eq!(
            find_dateline("NEW YORK/LONDON (Reuters) - Markets fell."),
            Some("NEW YORK/LONDON (Reuters)")
        );
    }

    #[test]
    fn ordinary_sentences_have_none() {
        assert_eq!(find_dateline("The port closed - again - on Friday."), None);
        assert_eq!(
            find_dateline("LIVE: Velmora water crisis – latest updates"),
            None
        );
        assert_eq!(find_dateline("No dash here."), None);
        assert_eq!(find_dateline("A - b"), None);
    }
}
