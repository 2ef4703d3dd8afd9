//! Publication dates in page furniture: lines such as "Published: Fri 18 Sep 2015, 6:54 PM",
//! "Updated 14.03.2026 um 09:12 Uhr" or "2026-03-14T09:12:00Z", in several languages.
//!
//! A line counts as a date line only when *everything* in it is part of a date: labels
//! ("Published", "Aktualisiert", "Publié le"), weekdays, month names, numbers, times, time
//! zones and separators. A sentence that mentions a date ("The port closed on 14 March
//! 2026.") is prose, not a date line.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year, e.g. 2026.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl fmt::Display for Date {
    /// ISO 8601: `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a date line says about its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// Labelled as the publication ("Published", "Posted", "Veröffentlicht", ...).
    Published,
    /// Labelled as a later change ("Updated", "Modified", "Aktualisiert", ...).
    Updated,
    /// No label.
    Plain,
}

/// The dates a date line holds: the first date and what its label says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLine {
    /// The first date of the line.
    pub date: Date,
    /// What the line's label says about it.
    pub role: DateRole,
}

const PUBLISHED_LABELS: &[&str] = &[
    "published",
    "posted",
    "first published",
    "date",
    "dated",
    "veröffentlicht",
    "erschienen",
    "publié",
    "publie",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "publicerad",
    "publiceret",
    "опубликовано",
];

const UPDATED_LABELS: &[&str] = &[
    "updated",
    "last updated",
    "modified",
    "last modified",
    "aktualisiert",
    "zuletzt",
    "stand",
    "mis",
    "actualizado",
    "aggiornato",
    "bijgewerkt",
    "uppdaterad",
    "opdateret",
    "обновлено",
];

/// Words that may sit between the parts of a date without changing it.
const FILLERS: &[&str] = &[
    "on", "at", "the", "of", "am", "um", "le", "à", "a", "jour", "el", "de", "del", "il", "op",
    "den", "der", "du", "th", "st", "nd", "rd", "er", "uhr", "h", "hrs", "pm", "a.m", "p.m", "gmt",
    "utc", "z", "t", "bst", "cet", "cest", "eet", "eest", "wet", "west", "est", "edt", "cst",
    "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "ct", "mt", "ist", "jst", "aest", "aedt", "msk",
    "sast", "wat", "eat", "cat", "hkt", "sgt", "gst", "ast", "by", "time", "ago", "last", "first",
    "y", "e", "и", "в",
];

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mär", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "segunda",
    "terça",
    "quarta",
    "quinta",
    "sexta",
    "feira",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// Whether `word` (lowercase) is a full weekday or month name in one of the languages the date
/// parser reads ("tuesday", "march", "dezember"). Abbreviations of three letters or fewer
/// ("sun", "sat", "mar") are not counted: they are ordinary words too.
///
/// ```
/// use storylens::articles::dates::is_calendar_word;
///
/// assert!(is_calendar_word("tuesday") && is_calendar_word("dezember"));
/// assert!(!is_calendar_word("sun") && !is_calendar_word("ministry"));
/// ```
pub fn is_calendar_word(word: &str) -> bool {
    word.chars().count() > 3
        && (WEEKDAYS.contains(&word) || MONTHS.iter().any(|&(name, _)| name == word))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Number { value: u32, digits: usize },
    Mark(char),
}

fn tokenize(line: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut value: u32 = 0;
            let mut digits = 0;
            while let Some(&d) = chars.peek() {
                let Some(digit) = d.to_digit(10).filter(|_| d.is_ascii_digit()) else {
                    break;
                };
                value = value.saturating_mul(10).saturating_add(digit);
                digits += 1;
                chars.next();
            }
            tokens.push(Token::Number { value, digits });
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&d) = chars.peek() {
                // "a.m." stays one word; a period after a longer word ends it.
                if d.is_alphabetic() || (d == '.' && word.len() == 1) {
                    word.extend(d.to_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token::Word(word.trim_end_matches('.').to_string()));
        } else {
            if !c.is_whitespace() {
                tokens.push(Token::Mark(c));
            }
            chars.next();
        }
    }
    tokens
}

fn month_of(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, month)| month)
}

fn make_date(year: u32, month: u32, day: u32, year_digits: usize) -> Option<Date> {
    let year = match year_digits {
        4 => year,
        2 => 2000 + year,
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2100).contains(&year) && (1..=days_in_month).contains(&day)).then_some(Date {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    })
}

/// A date starting at `tokens[at]`, and how many tokens it spans.
fn date_at(tokens: &[Token], at: usize) -> Option<(Date, usize)> {
    let number = |i: usize| match tokens.get(i) {
        Some(Token::Number { value, digits }) => Some((*value, *digits)),
        _ => None,
    };
    let mark = |i: usize| match tokens.get(i) {
        Some(Token::Mark(c)) => Some(*c),
        _ => None,
    };
    let month = |i: usize| match tokens.get(i) {
        Some(Token::Word(word)) => month_of(word),
        _ => None,
    };
    let word_is = |i: usize, options: &[&str]| matches!(tokens.get(i), Some(Token::Word(word)) if options.contains(&word.as_str()));

    // Numeric: 2026-03-14, 14.03.2026, 14/03/26, 3/14/2026.
    if let (Some((a, a_digits)), Some(sep), Some((b, _)), Some(sep2), Some((c, c_digits))) = (
        number(at),
        mark(at + 1),
        number(at + 2),
        mark(at + 3),
        number(at + 4),
    ) {
        if sep == sep2 && matches!(sep, '-' | '/' | '.') {
            let date = if a_digits == 4 {
                make_date(a, b, c, 4)
            } else if b > 12 && a <= 12 {
                make_date(c, a, b, c_digits)
            } else {
                make_date(c, b, a, c_digits)
            };
            return date.map(|date| (date, 5));
        }
    }

    // Day first: 14 March 2026, 14. März 2026, 14 de marzo de 2026, 14th of March, 2026.
    if let Some((day, day_digits)) = number(at).filter(|&(_, digits)| digits <= 2) {
        let mut i = at + 1;
        if mark(i) == Some('.') || word_is(i, &["th", "st", "nd", "rd", "er"]) {
            i += 1;
        }
        if word_is(i, &["de", "of"]) {
            i += 1;
        }
        if let Some(month_number) = month(i) {
            i += 1;
            if mark(i) == Some('.') {
                i += 1;
            }
            if word_is(i, &["de", "del"]) {
                i += 1;
            }
            if mark(i) == Some(',') {
                i += 1;
            }
            if let Some((year, year_digits)) = number(i) {
                let date = make_date(year, u32::from(month_number), day, year_digits)
                    .filter(|_| day_digits <= 2);
                return date.map(|date| (date, i + 1 - at));
            }
        }
    }

    // Month first: March 14, 2026; Sep 19, 2015; Nov. 9 2024.
    if let Some(month_number) = month(at) {
        let mut i = at + 1;
        if mark(i) == Some('.') {
            i += 1;
        }
        if let Some((day, day_digits)) = number(i).filter(|&(_, digits)| digits <= 2) {
            i += 1;
            if word_is(i, &["th", "st", "nd", "rd"]) {
                i += 1;
            }
            if mark(i) == Some(',') {
                i += 1;
            }
            if let Some((year, year_digits)) = number(i) {
                let date = make_date(year, u32::from(month_number), day, year_digits)
                    .filter(|_| day_digits <= 2 && year_digits == 4);
                return date.map(|date| (date, i + 1 - at));
            }
        }
    }
    None
}

/// A label at `tokens[at]` ("Published", "last updated", ...) and its length in tokens.
fn label_at(tokens: &[Token], at: usize) -> Option<(DateRole, usize)> {
    for (labels, role) in [
        (PUBLISHED_LABELS, DateRole::Published),
        (UPDATED_LABELS, DateRole::Updated),
    ] {
        for label in labels {
            let words: Vec<&str> = label.split(' ').collect();
            let matches = words.iter().enumerate().all(|(offset, expected)| {
                matches!(tokens.get(at + offset), Some(Token::Word(word)) if word == expected)
            });
            if matches {
                return Some((role, words.len()));
            }
        }
    }
    None
}

/// Whether the number at `tokens[at]` is part of a time or zone offset: "6:54", "10h15",
/// "9 pm", "+01:00".
fn is_time_part(tokens: &[Token], at: usize) -> bool {
    let time_word = |token: Option<&Token>| {
        matches!(token, Some(Token::Word(word))
            if matches!(word.as_str(), "h" | "am" | "pm" | "a.m" | "p.m" | "uhr" | "hrs"))
    };
    let before = at.checked_sub(1).and_then(|i| tokens.get(i));
    let after = tokens.get(at + 1);
    matches!(after, Some(Token::Mark(':')))
        || matches!(before, Some(Token::Mark(':' | '+')))
        || time_word(after)
        || time_word(before)
}

/// Reads `line` as a date line: the first date, and the role its label gives it. None when
/// the line holds no full date or anything besides dates, times, labels and separators.
pub fn parse_date_line(line: &str) -> Option<DateLine> {
    // Date lines are short; prose paragraphs are not worth tokenising.
    if line.len() > 160 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let tokens = tokenize(line);
    if tokens.len() > 40 {
        return None;
    }
    let mut found: Option<DateLine> = None;
    let mut pending_role = DateRole::Plain;
    let mut i = 0;
    while i < tokens.len() {
        if let Some((date, length)) = date_at(&tokens, i) {
            match found {
                None => {
                    found = Some(DateLine {
                        date,
                        role: pending_role,
                    })
                }
                // A later date labelled as the publication wins over an earlier plain one.
                Some(first) if first.role != DateRole::Published => {
                    if pending_role == DateRole::Published {
                        found = Some(DateLine {
                            date,
                            role: pending_role,
                        });
                    }
                }
                Some(_) => {}
            }
            pending_role = DateRole::Plain;
            i += length;
            continue;
        }
        if let Some((role, length)) = label_at(&tokens, i) {
            pending_role = role;
            i += length;
            continue;
        }
        let ignorable = match &tokens[i] {
            Token::Mark(c) => !c.is_alphanumeric(),
            // Times and time-zone offsets.
            Token::Number { digits, .. } => *digits <= 2 && is_time_part(&tokens, i),
            Token::Word(word) => {
                WEEKDAYS.contains(&word.as_str()) || FILLERS.contains(&word.as_str())
            }
        };
        if !ignorable {
            return None;
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Option<(String, DateRole)> {
        parse_date_line(line).map(|found| (found.date.to_string(), found.role))
    }

    #[test]
    fn english_forms() {
        assert_eq!(
            parsed("Published: Fri 18 Sep 2015, 6:54 PM"),
            Some(("2015-09-18".into(), DateRole::Published))
        );
        assert_eq!(
            parsed("Updated: Sun 16 Feb 2020, 9:49 PM"),
            Some(("2020-02-16".into(), DateRole::Updated))
        );
        assert_eq!(
            parsed("Sat Sep 19, 2015 13:59:39"),
            Some(("2015-09-19".into(), DateRole::Plain))
        );
        assert_eq!(
            parsed("March 14th, 2026 at 9:12 a.m. ET"),
            Some(("2026-03-14".into(), DateRole::Plain))
        );
        assert_eq!(
            parsed("2026-03-14T09:12:00Z"),
            Some(("2026-03-14".into(), DateRole::Plain))
        );
    }

    #[test]
    fn other_languages_and_numeric_forms() {
        assert_eq!(
            parsed("Veröffentlicht am 14. März 2026, 09:12 Uhr"),
            Some(("2026-03-14".into(), DateRole::Published))
        );
        assert_eq!(
            parsed("Publié le 3 avril 2026 à 10h15"),
            Some(("2026-04-03".into(), DateRole::Published))
        );
        assert_eq!(
            parsed("14 de marzo de 2026"),
            Some(("2026-03-14".into(), DateRole::Plain))
        );
        assert_eq!(
            parsed("14.03.2026"),
            Some(("2026-03-14".into(), DateRole::Plain))
        );
        assert_eq!(
            parsed("3/14/2026"),
            Some(("2026-03-14".into(), DateRole::Plain))
        );
    }

    #[test]
    fn published_label_wins_over_an_earlier_update() {
        assert_eq!(
            parsed("Updated 15 March 2026 | Published 14 March 2026"),
            Some(("2026-03-14".into(), DateRole::Published))
        );
    }

    #[test]
    fn prose_and_widgets_are_not_date_lines() {
        assert_eq!(parsed("The port closed on 14 March 2026."), None);
        assert_eq!(
            parsed("Sat, Nov 09, 2024 | Jumada al-Awwal 7, 1446 | DXB weather icon 0°C"),
            None
        );
        assert_eq!(parsed("March 2026"), None);
        assert_eq!(parsed("31.02.2026 is no date but 45.03.2026 neither"), None);
        assert_eq!(parsed(""), None);
    }
}
