//! Quotations inside a sentence: whether a `?` or `!` stands inside a quotation that the
//! sentence continues past ('chanted "Whose street? Our street" at police'). Double quotes
//! only: a single quote is too often an apostrophe. Newswire ASCII quotes (`` and '') count
//! like “ and ”.

use super::chars::first_char;

/// How far (in bytes) a quotation is looked for on either side of the punctuation: a quoted
/// phrase inside a sentence is short, and the bound keeps a huge single-line text with many
/// question marks linear.
const QUOTATION_WINDOW: usize = 600;

/// The char boundary at or after `position`.
fn boundary_from(text: &str, mut position: usize) -> usize {
    while !text.is_char_boundary(position) {
        position += 1;
    }
    position
}

/// The closing quotes that end a quotation opened by `opening`, if it opens one.
fn closers_of(opening: &str) -> Option<&'static [&'static str]> {
    Some(match opening {
        "“" => &["”"],
        "„" => &["“", "”"],
        "«" => &["»"],
        "»" => &["«"],
        "\"" => &["\""],
        "``" => &["''", "\""],
        "＂" => &["＂"],
        _ => return None,
    })
}

/// The quote mark at `position` (two characters for `` and ''), if any.
fn quote_at(text: &str, position: usize) -> Option<&str> {
    let rest = &text[position..];
    if rest.starts_with("``") || rest.starts_with("''") {
        return Some(&rest[..2]);
    }
    let c = first_char(text, position)?;
    matches!(c, '“' | '”' | '„' | '«' | '»' | '"' | '＂').then(|| &rest[..c.len_utf8()])
}

/// The closers of the quotation still open at `until`, reading from `start`; None when no
/// quotation is open there.
fn open_quotation(text: &str, start: usize, until: usize) -> Option<&'static [&'static str]> {
    let mut open: Option<&'static [&'static str]> = None;
    let mut position = start;
    while position < until {
        match quote_at(text, position) {
            Some(quote) => {
                match open {
                    Some(closers) if closers.contains(&quote) => open = None,
                    Some(_) => {}
                    None => open = closers_of(quote),
                }
                position += quote.len();
            }
            None => position += first_char(text, position).map_or(1, char::len_utf8),
        }
    }
    open
}

/// Whether the terminal punctuation ending at `terminal_end` stands inside a quotation
/// (opened since `sentence_start`) that closes before `end` and is followed by words that
/// continue the sentence: a lowercase word, or clause punctuation.
pub(super) fn quotation_continues(
    text: &str,
    sentence_start: usize,
    terminal_end: usize,
    end: usize,
) -> bool {
    let from = boundary_from(
        text,
        sentence_start.max(terminal_end.saturating_sub(QUOTATION_WINDOW)),
    );
    let Some(closers) = open_quotation(text, from, terminal_end) else {
        return false;
    };
    let end = boundary_from(text, end.min(terminal_end + QUOTATION_WINDOW));
    let mut position = terminal_end;
    while position < end {
        if let Some(quote) = quote_at(text, position) {
            if closers.contains(&quote) {
                let after = &text[position + quote.len()..end];
                let next = after.trim_start().chars().next();
                return next
                    .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ':' | '—' | '–'));
            }
            position += quote.len();
        } else {
            position += first_char(text, position).map_or(1, char::len_utf8);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn continues(text: &str, terminal: &str) -> bool {
        let terminal_end = text.find(terminal).unwrap() + terminal.len();
        quotation_continues(text, 0, terminal_end, text.len())
    }

    #[test]
    fn a_quotation_the_sentence_continues_past() {
        assert!(continues(
            "Protesters chanted \"Whose street? Our street\" at police.",
            "street?"
        ));
        assert!(continues("They chanted ``Why? Why not'' and left.", "Why?"));
        assert!(continues("Sie riefen „Wem? Uns“ und gingen.", "Wem?"));
    }

    #[test]
    fn a_quotation_followed_by_a_new_sentence_or_none_at_all() {
        assert!(!continues(
            "He asked \"Why? Who knows\" Then he left.",
            "Why?"
        ));
        assert!(!continues("Why? Nobody knows.", "Why?"));
        assert!(!continues("He said \"Why? Nobody knows.", "Why?"));
    }
}
