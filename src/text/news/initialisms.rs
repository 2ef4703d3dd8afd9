//! Rule 9 of the news tokeniser: an initialism written in capitals is its dotted abbreviation.
//!
//! "US" and "U.S." name one country, but lowercasing turns "US" into "us", the pronoun, which
//! the stop list then drops. Case is the only evidence that tells them apart, and it is gone
//! once the text is lowercased, so the rule runs during normalisation: a standalone word of
//! two or three ASCII capitals ("US", "UK", "EU", "WHO", "FBI") is written with a period after
//! each letter ("u.s.", "u.k.", "e.u.", "w.h.o.", "f.b.i."), which rule 7 then keeps as one
//! token, the same token as the dotted spelling. "us" written in lowercase stays the pronoun.
//!
//! Guards, so that ordinary words are not taken for initialisms:
//! - the word is two or three letters A-Z, all capitals, with no letter, digit or `_&@.`
//!   glued to it ("USB3", "AT&T", "ABC.com" and the last letters of "U.S.A" do not count);
//! - it is not part of a line written in capitals: the word before it or the word after it
//!   holds a lowercase letter ("THE US AND UK" is shouting, not three initialisms).

/// Byte ranges of the initialisms of `text` (unfolded, not lowercased), in order. Every range
/// covers ASCII capitals only, so each byte is one char.
///
/// ```
/// use storylens::text::news::initialisms::initialism_ranges;
///
/// assert_eq!(initialism_ranges("The US and the UK."), vec![(4, 6), (15, 17)]);
/// assert!(initialism_ranges("THE US AND UK").is_empty());
/// assert!(initialism_ranges("told us about USB3 and AT&T").is_empty());
/// ```
pub fn initialism_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        if !bytes[position].is_ascii_uppercase() {
            position += 1;
            continue;
        }
        let start = position;
        while position < bytes.len() && bytes[position].is_ascii_uppercase() {
            position += 1;
        }
        let end = position;
        if (2..=3).contains(&(end - start))
            && stands_alone(text, start, end)
            && beside_lowercase(text, start, end)
        {
            found.push((start, end));
        }
    }
    found
}

/// Chars that glue to a word and make it something else than a standalone initialism.
fn glues(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '&' | '@' | '.' | '\'' | '\u{2019}')
}

/// No letter, digit or joining sign right before `start`, and none right after `end` (a
/// period, apostrophe or hyphen after it is fine when no word character follows it: "in the
/// US.", "US-led", "the US's").
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| glues(c) || c == '-' || is_mark(c)) {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' || c == '&' || c == '@' || is_mark(c) => false,
        Some('.') => after.next().is_none_or(|c| !c.is_alphanumeric()),
        Some(_) => true,
    }
}

fn is_mark(c: char) -> bool {
    !c.is_ascii() && unicode_normalization::char::is_combining_mark(c)
}

/// True when the nearest word before or after the candidate holds a lowercase letter, or when
/// the candidate has no neighbour at all.
fn beside_lowercase(text: &str, start: usize, end: usize) -> bool {
    let previous = neighbour(text[..start].chars().rev());
    let next = neighbour(text[end..].chars());
    match (previous, next) {
        (None, None) => true,
        (previous, next) => previous.unwrap_or(false) || next.unwrap_or(false),
    }
}

/// Whether the first run of letters in `chars` holds a lowercase letter (None: no letters).
fn neighbour(chars: impl Iterator<Item = char>) -> Option<bool> {
    let mut seen = false;
    let mut lowercase = false;
    for c in chars {
        if c.is_alphabetic() {
            seen = true;
            lowercase |= c.is_lowercase();
        } else if seen {
            break;
        }
    }
    seen.then_some(lowercase)
}
