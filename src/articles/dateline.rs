//! Datelines: the place (and often date and agency) that opens a news report, as in
//! "VELMORA, March 13 (Meridian Press) - About 900 tonnes ..." or "KESTRA – Dock workers ...".
//!
//! The dateline becomes metadata and leaves the body: a reader's summary, a sentence match
//! and a term list are about the report, not about where and when the wire filed it. The
//! cleaned article records its removal, so the text as printed is still in `original`.

/// The dateline that opens `paragraph`, without the dash that ends it, if any: a place in
/// capitals (one to four words), optionally a comma and a short date, optionally an agency in
/// brackets, then a dash.
pub fn find_dateline(paragraph: &str) -> Option<&str> {
    dateline_prefix(paragraph).map(|(dateline, _)| dateline)
}

/// The dateline that opens `paragraph` (as [`find_dateline`]) and the byte length of the
/// prefix that leaves the body with it: the dateline, its dash and the space after.
pub fn dateline_prefix(paragraph: &str) -> Option<(&str, usize)> {
    let (dash, separator) = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|separator| paragraph.find(separator).map(|at| (at, *separator)))
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
    (place_ok && date_ok).then_some((head, dash + separator.len()))
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
    fn the_prefix_takes_the_dash_and_the_space_after() {
        let paragraph = "PORT ALDER, March 3 (Northway Press) – Ferry crews struck.";
        let (dateline, length) = dateline_prefix(paragraph).unwrap();
        assert_eq!(dateline, "PORT ALDER, March 3 (Northway Press)");
        assert_eq!(&paragraph[length..], "Ferry crews struck.");
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
