//! Bylines in page furniture: "By Anna Lind", "Anna Lind | Reporter", "Von Anna Lind",
//! "Posted by admin", or a bare "• By" line followed by "• AFP/AP".
//!
//! A byline is a short line whose words after the prefix are all name-like (capitalised words,
//! initials, agency acronyms and the joiners of names), so "By Friday evening, the port had
//! closed." stays prose.

use crate::articles::dates::{parse_date_line, DateLine};

/// Prefixes that introduce an author, lowercase, longest first within a language.
const PREFIXES: &[&str] = &[
    "written by",
    "posted by",
    "reported by",
    "reporting by",
    "words by",
    "story by",
    "by",
    "author:",
    "authors:",
    "text:",
    "autor:",
    "autorin:",
    "von",
    "par",
    "por",
    "di",
    "door",
    "av",
    "af",
];

/// Role words that follow a name ("Anna Lind | Reporter", "Anna Lind, Staff Writer").
const ROLES: &[&str] = &[
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "journalist",
    "contributor",
    "columnist",
    "staff",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "journaliste",
    "rédacteur",
    "rédactrice",
    "periodista",
    "redactor",
    "redactora",
    "giornalista",
    "redacteur",
    "verslaggever",
];

/// Lowercase words allowed inside a name.
const NAME_JOINERS: &[&str] = &[
    "and", "&", "und", "et", "y", "e", "de", "da", "del", "della", "van", "von", "der", "den",
    "al", "el", "bin", "ibn", "la", "le", "du", "dos", "das", "ten", "ter", "in", "with", "mit",
    "avec", "con",
];

/// A byline found in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BylineLine {
    /// The author(s) as written, without prefix or role, and a date the line also holds.
    Named {
        /// The author(s).
        name: String,
        /// A date on the same line ("By Anna Lind, 14 March 2026").
        date: Option<DateLine>,
    },
    /// A prefix alone ("By", "• By"): the name is on the next line.
    PrefixOnly,
}

/// Whether `line` is a byline, and what it says.
pub fn parse_byline(line: &str) -> Option<BylineLine> {
    if line.chars().count() > 160 {
        return None;
    }
    let line = strip_bullets(line);
    let mut date = None;
    let mut name_part: Option<&str> = None;
    let mut role_seen = false;
    // Parts separated by bars or middle dots: a name, a role, a date.
    for part in line.split(['|', '·', '•']).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        if let Some(found) = parse_date_line(part) {
            date.get_or_insert(found);
        } else if is_time(part) || is_page_count(part) {
            continue;
        } else if name_part.is_none() {
            name_part = Some(part);
        } else if is_role(part) {
            role_seen = true;
        } else {
            return None;
        }
    }
    let mut name_part = name_part?;
    // "Posted on March 3, 2026 by Gwen Hollis": a date, then the author.
    if let Some(position) = find_word(name_part, "by") {
        if let Some(found) = parse_date_line(&name_part[..position]) {
            date.get_or_insert(found);
            name_part = &name_part[position..];
        }
    }
    let (rest, prefix) = strip_prefix(name_part);
    let prefixed = prefix.is_some();
    // "Newsbeat Desk at 8:17 AM", "Anna Lind on 14 March 2026": a time or date after the name.
    let mut rest = rest.trim();
    for joiner in ["at", "on", "um", "am", "le", "el"] {
        if let Some(position) = find_word(rest, joiner) {
            let tail = &rest[position + joiner.len()..];
            if is_time(tail.trim()) || parse_date_line(tail).is_some() {
                if let Some(found) = parse_date_line(tail) {
                    date.get_or_insert(found);
                }
                rest = rest[..position].trim();
                break;
            }
        }
    }
    if rest.is_empty() {
        return (prefixed && date.is_none()).then_some(BylineLine::PrefixOnly);
    }
    // "Anna Lind, Staff Reporter": drop a trailing role after a comma or dash.
    let name = strip_trailing_role(rest);
    role_seen |= name.len() < rest.len();
    // "By Nia Clement, Metro Daily, 13 June 2026": after a prefix, what follows the name
    // between commas is its date and the author's outlet or place.
    let name = if prefixed {
        strip_affiliation(name, &mut date)
    } else {
        name
    };
    // "Posted by admin": a blog's user name, after a prefix that no sentence starts with.
    let handle = prefix.is_some_and(|prefix| prefix != "by") && is_handle(name);
    // "By Echo reporter", "By Harbour staff": a credit to the outlet's staff, not a name.
    let staff_credit = prefixed && is_staff_credit(name);
    let name_like = is_name_like(name) || handle || staff_credit;
    // Without a prefix, a role or a date, a bare name could be a heading or a stray line.
    if !(prefixed || role_seen || date.is_some()) || !name_like {
        return None;
    }
    Some(BylineLine::Named {
        name: name.to_string(),
        date,
    })
}

/// The names of "Nia Clement, Metro Daily, 13 June 2026": trailing comma parts that are a
/// date (kept in `date`) or an affiliation go. An affiliation is a last part without a
/// joiner: "Anna Lind, Tom Berg and Sam Ortiz" is a list of names, "Anna Lind, Northway
/// Press" a name and the outlet.
fn strip_affiliation<'a>(name: &'a str, date: &mut Option<DateLine>) -> &'a str {
    let mut name = name;
    while let Some(position) = name.rfind(',') {
        let (head, last) = (name[..position].trim_end(), name[position + 1..].trim());
        if let Some(found) = parse_date_line(last) {
            date.get_or_insert(found);
        } else if last.is_empty()
            || last
                .split_whitespace()
                .any(|word| NAME_LIST_JOINERS.contains(&word.to_lowercase().as_str()))
            || !is_name_like(last)
        {
            break;
        }
        name = head;
    }
    name
}

/// Words that join the names of a list of authors.
const NAME_LIST_JOINERS: &[&str] = &["and", "&", "und", "et", "y", "e", "en", "och", "og"];

/// A user name as blogs show it: one word of letters, digits and `_.-`.
fn is_handle(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 30
        && name.chars().any(char::is_alphabetic)
        && !name.ends_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// A credit to staff: name-like words (the outlet) and a role word last ("Echo reporter").
fn is_staff_credit(name: &str) -> bool {
    let Some((outlet, role)) = name.rsplit_once(' ') else {
        return false;
    };
    ROLES.contains(&role.to_lowercase().as_str()) && is_name_like(outlet)
}

/// "12 comments", "3 min read": a count of the page's comments, views or reading time.
fn is_page_count(part: &str) -> bool {
    let lower = part.to_lowercase();
    let mut words = lower.split_whitespace();
    let count = words.next().unwrap_or("").trim_start_matches('(');
    let unit: Vec<&str> = words.collect();
    !count.is_empty()
        && count.chars().all(|c| c.is_ascii_digit() || c == ',')
        && matches!(
            unit.join(" ").trim_end_matches(')'),
            "comment"
                | "comments"
                | "reply"
                | "replies"
                | "responses"
                | "views"
                | "shares"
                | "min read"
                | "minute read"
                | "minutes read"
                | "kommentare"
                | "commentaires"
                | "comentarios"
        )
}

/// Whether `line` could be the name that follows a bare "By" line: a few name-like words.
pub fn parse_name_line(line: &str) -> Option<String> {
    let name = strip_trailing_role(strip_bullets(line).trim());
    (name.split_whitespace().count() <= 6 && is_name_like(name)).then(|| name.to_string())
}

/// The byte position of `word` as a whole word in `text` (ASCII case-insensitive).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1] == b' ';
        let after_ok = lower.as_bytes().get(end).is_none_or(|&b| b == b' ');
        if before_ok && after_ok {
            return Some(start);
        }
        from = end;
    }
    None
}

/// "09:12", "9:12 PM", "10h15": a time of day alone.
fn is_time(part: &str) -> bool {
    let lower = part.to_lowercase();
    let rest = lower
        .trim_end_matches(|c: char| c.is_alphabetic() || c == '.' || c.is_whitespace())
        .trim();
    rest.contains([':', 'h'])
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | 'h'))
}

fn strip_bullets(line: &str) -> &str {
    line.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '•' | '·' | '-' | '–' | '—' | '*' | '|' | '>')
    })
    .trim_end()
}

/// Removes a byline prefix; tells which prefix it was.
fn strip_prefix(part: &str) -> (&str, Option<&'static str>) {
    let lower = part.to_lowercase();
    for prefix in PREFIXES {
        if lower.starts_with(prefix) {
            // Lowercasing can change byte lengths outside ASCII; the boundary check guards
            // the cut.
            let cut = prefix.len();
            if !part.is_char_boundary(cut) {
                continue;
            }
            let rest = &part[cut..];
            let at_word_end = prefix.ends_with(':')
                || rest.is_empty()
                || rest.starts_with(|c: char| c.is_whitespace() || c == ':');
            if at_word_end {
                return (rest.trim_start_matches(':'), Some(prefix));
            }
        }
    }
    (part, None)
}

fn is_role(part: &str) -> bool {
    let lower = part.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.len() <= 4 && words.iter().any(|word| ROLES.contains(word))
}

fn strip_trailing_role(name: &str) -> &str {
    for separator in [", ", " - ", " – ", " — "] {
        if let Some(position) = name.rfind(separator) {
            if is_role(&name[position + separator.len()..]) {
                return name[..position].trim();
            }
        }
    }
    name
}

/// Name-like: 1 to 8 words, each capitalised, an initial, an acronym (AFP/AP) or a joiner;
/// no sentence punctuation.
fn is_name_like(name: &str) -> bool {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    if name.contains(['?', '!', ';', ':', '"', '“', '”']) {
        return false;
    }
    let mut capitalised = 0;
    for word in &words {
        let first = word.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            // A full stop is only allowed after an initial or an abbreviation ("J.", "Jr.").
            if word.ends_with('.') && word.chars().filter(|c| c.is_alphabetic()).count() > 3 {
                return false;
            }
            capitalised += 1;
        } else if !NAME_JOINERS.contains(&word.to_lowercase().as_str()) {
            return false;
        }
    }
    capitalised > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(line: &str) -> Option<String> {
        match parse_byline(line)? {
            BylineLine::Named { name, .. } => Some(name),
            BylineLine::PrefixOnly => Some("<prefix>".into()),
        }
    }

    #[test]
    fn prefixed_bylines() {
        assert_eq!(name("By Anna Lind").as_deref(), Some("Anna Lind"));
        assert_eq!(name("BY ANNA LIND").as_deref(), Some("ANNA LIND"));
        assert_eq!(
            name("By Anna Lind and Tom van der Berg, Staff Writer").as_deref(),
            Some("Anna Lind and Tom van der Berg")
        );
        assert_eq!(name("Von Jana Weber").as_deref(), Some("Jana Weber"));
        assert_eq!(name("Posted by Nordwire").as_deref(), Some("Nordwire"));
        assert_eq!(name("  • By").as_deref(), Some("<prefix>"));
    }

    #[test]
    fn bars_with_roles_and_dates() {
        assert_eq!(name("Anna Lind | Reporter").as_deref(), Some("Anna Lind"));
        let found = parse_byline("By Anna Lind | 14 March 2026 | 09:12").unwrap();
        match found {
            BylineLine::Named { name, date } => {
                assert_eq!(name, "Anna Lind");
                assert_eq!(date.unwrap().date.to_string(), "2026-03-14");
            }
            BylineLine::PrefixOnly => panic!("expected a name"),
        }
    }

    #[test]
    fn dates_and_times_around_the_name() {
        assert_eq!(
            name("Posted by Newsbeat Desk at 8:17 AM").as_deref(),
            Some("Newsbeat Desk")
        );
        let found = parse_byline("Posted on March 3, 2026 by Gwen Hollis").unwrap();
        match found {
            BylineLine::Named { name, date } => {
                assert_eq!(name, "Gwen Hollis");
                assert_eq!(date.unwrap().date.to_string(), "2026-03-03");
            }
            BylineLine::PrefixOnly => panic!("expected a name"),
        }
    }

    #[test]
    fn prose_is_not_a_byline() {
        assert_eq!(name("By Friday evening, the port had closed."), None);
        assert_eq!(name("Anna Lind"), None);
        assert_eq!(name("By the numbers"), None);
        assert_eq!(name("Home | World | Business | Sport"), None);
    }

    #[test]
    fn outlets_dates_and_counts_after_the_name() {
        let found = parse_byline("By Nia Clement, Metro Daily, 13 June 2026").unwrap();
        match found {
            BylineLine::Named { name, date } => {
                assert_eq!(name, "Nia Clement");
                assert_eq!(date.unwrap().date.to_string(), "2026-06-13");
            }
            BylineLine::PrefixOnly => panic!("expected a name"),
        }
        assert_eq!(
            name("By Lena Okafor, Northway Press").as_deref(),
            Some("Lena Okafor")
        );
        assert_eq!(
            name("By Anna Lind, Tom Berg and Sam Ortiz, Northway Press").as_deref(),
            Some("Anna Lind, Tom Berg and Sam Ortiz")
        );
        assert_eq!(
            name("Posted by admin on 17/03/2026 | 12 comments").as_deref(),
            Some("admin")
        );
        assert_eq!(name("By Echo reporter").as_deref(), Some("Echo reporter"));
    }

    #[test]
    fn a_lowercase_word_is_a_handle_only_after_a_blog_prefix() {
        assert_eq!(name("By admin"), None);
        assert_eq!(name("Written by hand."), None);
        assert_eq!(name("By the harbour, Northway Press"), None);
        assert_eq!(name("12 comments | Share"), None);
    }

    #[test]
    fn name_lines_after_a_bare_prefix() {
        assert_eq!(parse_name_line("  • AFP/AP").as_deref(), Some("AFP/AP"));
        assert_eq!(parse_name_line("the port closed on Friday"), None);
    }
}
