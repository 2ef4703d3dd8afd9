//! Cue words and token shapes of the text a news page puts around an article.
//!
//! The lexicon (`cues.txt`, data rather than code) groups the genre's general vocabulary in
//! English, German, French and Spanish into classes: words that address the reader, name the
//! medium, ask for an action, mark a caption, a correction or a contributor note, and so on.
//! [`Cues::of`] counts, for one unit, which classes occur and which token shapes (e-mail
//! addresses, phone numbers, handles, prices, durations) it holds. The detectors of the
//! cleaner combine them; no single cue decides anything.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

const LEXICON: &str = include_str!("cues.txt");

/// A class of cue words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CueClass {
    /// The reader addressed directly ("you", "vous").
    Reader,
    /// A call to act ("subscribe", "sign up", "abonnez").
    Action,
    /// The medium itself ("newsletter", "app", "browser").
    Medium,
    /// An offer ("free", "a month").
    Offer,
    /// Someone else who worked on the report ("contributed", "reported from").
    Contribution,
    /// A correction note ("an earlier version of this").
    Correction,
    /// The label that opens a correction note ("Correction:").
    CorrectionLabel,
    /// A caption or photo credit marker ("image caption", "file photo").
    Caption,
    /// Video-player text ("media playback", "replay").
    Video,
    /// Form labels and validation messages ("valid email", "this field").
    Form,
    /// Robot checks ("not a robot", "captcha").
    Captcha,
    /// Cookies and consent.
    Cookie,
    /// Paywalls and subscriptions.
    Paywall,
    /// Apps and app stores.
    App,
    /// Reporting an error, tips to the newsroom.
    Feedback,
    /// Print-edition notes.
    Print,
    /// Error, redirect and archive pages.
    NotArticle,
    /// Social networks.
    Social,
    /// Reaching a person or the newsroom ("reach", "contact").
    Contact,
    /// Reported speech ("said", "according to").
    Attribution,
    /// An author's job ("reporter", "correspondent").
    Role,
    /// A day or month name ("Friday", "März").
    Time,
    /// A link to read on elsewhere ("Continue reading on ...", "Lire la suite").
    ReadOn,
}

const CLASS_COUNT: usize = CueClass::ReadOn as usize + 1;

impl CueClass {
    fn parse(name: &str) -> Option<CueClass> {
        Some(match name {
            "reader" => CueClass::Reader,
            "action" => CueClass::Action,
            "medium" => CueClass::Medium,
            "offer" => CueClass::Offer,
            "contribution" => CueClass::Contribution,
            "correction" => CueClass::Correction,
            "correction_label" => CueClass::CorrectionLabel,
            "caption" => CueClass::Caption,
            "video" => CueClass::Video,
            "form" => CueClass::Form,
            "captcha" => CueClass::Captcha,
            "cookie" => CueClass::Cookie,
            "paywall" => CueClass::Paywall,
            "app" => CueClass::App,
            "feedback" => CueClass::Feedback,
            "print" => CueClass::Print,
            "not_article" => CueClass::NotArticle,
            "social" => CueClass::Social,
            "contact" => CueClass::Contact,
            "attribution" => CueClass::Attribution,
            "role" => CueClass::Role,
            "time" => CueClass::Time,
            "read_on" => CueClass::ReadOn,
            _ => return None,
        })
    }
}

/// One phrase of the lexicon: its words, the last of which may be a stem (`abonn*`).
#[derive(Debug)]
struct CuePhrase {
    class: CueClass,
    words: Vec<String>,
    stem_last: bool,
}

impl CuePhrase {
    fn matches_at(&self, words: &[String]) -> bool {
        if words.len() < self.words.len() {
            return false;
        }
        let last = self.words.len() - 1;
        self.words
            .iter()
            .zip(words)
            .enumerate()
            .all(|(i, (expected, word))| {
                if i == last && self.stem_last {
                    word.starts_with(expected.as_str())
                } else {
                    expected == word
                }
            })
    }
}

/// The lexicon, indexed by the first letter of each phrase's first word.
struct Lexicon {
    by_first_char: FxHashMap<char, Vec<CuePhrase>>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON_INDEX: OnceLock<Lexicon> = OnceLock::new();
    LEXICON_INDEX.get_or_init(|| {
        let mut by_first_char: FxHashMap<char, Vec<CuePhrase>> = FxHashMap::default();
        for line in LEXICON.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // The data file is part of the crate and checked by a test, so a malformed line is
            // skipped here rather than failing at run time.
            let Some((class, phrase)) = line.split_once(' ') else {
                continue;
            };
            let Some(class) = CueClass::parse(class) else {
                continue;
            };
            let stem_last = phrase.ends_with('*');
            let words: Vec<String> = phrase
                .trim_end_matches('*')
                .split(' ')
                .map(str::to_string)
                .collect();
            let Some(first) = words[0].chars().next() else {
                continue;
            };
            by_first_char.entry(first).or_default().push(CuePhrase {
                class,
                words,
                stem_last,
            });
        }
        Lexicon { by_first_char }
    })
}

/// The cues found in one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cues {
    /// Per class, how many cue phrases occur.
    counts: [u8; CLASS_COUNT],
    /// Per class, the word position of its first cue.
    first_at: [u32; CLASS_COUNT],
    /// E-mail addresses.
    pub emails: usize,
    /// Phone numbers ("555-0100", "+44 20 7946 0312").
    pub phones: usize,
    /// Social handles ("@janeroe").
    pub handles: usize,
    /// Prices ("$1", "2,99 €").
    pub prices: usize,
    /// Clip durations ("2:48").
    pub durations: usize,
    /// Web addresses and bare domains ("site.example", "www.").
    pub domains: usize,
    /// Quotation marks.
    pub quotes: usize,
}

impl Cues {
    /// The cues of a unit: `text` as written and `words` as the cleaner splits it.
    ///
    /// ```
    /// use storylens::articles::cues::{CueClass, Cues};
    /// use storylens::articles::features::words_of;
    /// let text = "Subscribe to our newsletter for free: email news@site.example";
    /// let cues = Cues::of(text, &words_of(text));
    /// assert!(cues.has(CueClass::Action) && cues.has(CueClass::Medium));
    /// assert_eq!(cues.emails, 1);
    /// ```
    pub fn of(text: &str, words: &[String]) -> Cues {
        let mut cues = Cues {
            first_at: [u32::MAX; CLASS_COUNT],
            ..Cues::default()
        };
        let lexicon = lexicon();
        for position in 0..words.len() {
            let Some(first) = words[position].chars().next() else {
                continue;
            };
            let Some(candidates) = lexicon.by_first_char.get(&first) else {
                continue;
            };
            for phrase in candidates {
                if phrase.matches_at(&words[position..]) {
                    let class = phrase.class as usize;
                    cues.counts[class] = cues.counts[class].saturating_add(1);
                    let at = u32::try_from(position).unwrap_or(u32::MAX - 1);
                    cues.first_at[class] = cues.first_at[class].min(at);
                }
            }
        }
        for token in text.split_whitespace() {
            let token = token.trim_matches(|c: char| {
                matches!(
                    c,
                    '(' | ')' | ',' | ';' | '.' | ':' | '"' | '\'' | '“' | '”'
                )
            });
            if is_email(token) {
                cues.emails += 1;
            } else if token.starts_with('@')
                && token
                    .chars()
                    .skip(1)
                    .all(|c| c.is_alphanumeric() || c == '_')
                && token.chars().count() > 2
            {
                cues.handles += 1;
            } else if is_domain(token) {
                cues.domains += 1;
            }
            if is_duration(token) {
                cues.durations += 1;
            }
        }
        cues.phones = count_phones(text);
        cues.prices = count_prices(text);
        cues.quotes = text
            .chars()
            .filter(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '„'))
            .count();
        cues
    }

    /// Whether any cue of `class` occurs.
    pub fn has(&self, class: CueClass) -> bool {
        self.counts[class as usize] > 0
    }

    /// How many cues of `class` occur.
    pub fn count(&self, class: CueClass) -> usize {
        self.counts[class as usize] as usize
    }

    /// The word position of the first cue of `class`, if any.
    pub fn first_at(&self, class: CueClass) -> Option<usize> {
        let at = self.first_at[class as usize];
        (at != u32::MAX).then_some(at as usize)
    }

    /// How many of `classes` occur.
    pub fn classes_among(&self, classes: &[CueClass]) -> usize {
        classes.iter().filter(|class| self.has(**class)).count()
    }

    /// Whether the unit gives a way to reach someone: an address, number or handle.
    pub fn has_address(&self) -> bool {
        self.emails + self.phones + self.handles > 0
    }
}

fn is_email(token: &str) -> bool {
    let Some((user, host)) = token.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || "@._-+".contains(c))
}

fn is_domain(token: &str) -> bool {
    let lower = token.to_lowercase();
    if lower.contains("://") || lower.starts_with("www.") {
        return true;
    }
    // "site.example", "paper.com": letters, one or more dots, a final label of letters.
    let Some((name, tld)) = lower.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && name.chars().any(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && (2..=10).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

fn is_duration(token: &str) -> bool {
    let Some((minutes, seconds)) = token.split_once(':') else {
        return false;
    };
    (1..=2).contains(&minutes.len())
        && seconds.len() == 2
        && minutes.chars().all(|c| c.is_ascii_digit())
        && seconds.chars().all(|c| c.is_ascii_digit())
}

/// Phone numbers: "555-0100" and "800-555-0100" (a group of three digits, then four), an
/// international "+44 20 7946 0312", or a trunk-prefixed "0800 555 0100". Years ("1998-2004"),
/// amounts and dates have other shapes.
fn count_phones(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        let starts_run = chars[i].is_ascii_digit()
            || (matches!(chars[i], '+' | '(')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts_run || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut groups: Vec<usize> = vec![0];
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            if c.is_ascii_digit() {
                *groups.last_mut().unwrap_or(&mut 0) += 1;
            } else if matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')
                && chars
                    .get(j + 1)
                    .is_some_and(|next| next.is_ascii_digit() || *next == '(')
            {
                if groups.last().is_some_and(|&last| last > 0) {
                    groups.push(0);
                }
            } else {
                break;
            }
            j += 1;
        }
        let digits: usize = groups.iter().sum();
        let international = chars[i] == '+' && (8..=15).contains(&digits);
        let local = groups.len() >= 2 && groups[groups.len() - 2..] == [3, 4];
        let trunk = chars[i] == '0' && groups.len() >= 2 && (9..=12).contains(&digits);
        if international || local || trunk {
            count += 1;
        }
        i = j.max(i + 1);
    }
    count
}

/// Prices: a currency sign next to a number ("$1", "2,99 €", "£4").
fn count_prices(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let is_currency = |c: char| matches!(c, '$' | '€' | '£' | '¥');
    (0..chars.len())
        .filter(|&i| is_currency(chars[i]))
        .filter(|&i| {
            let after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            let before = i >= 2
                && (chars[i - 1].is_ascii_digit()
                    || (chars[i - 1] == ' ' && chars[i - 2].is_ascii_digit()));
            after || before
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::features::words_of;

    fn cues(text: &str) -> Cues {
        Cues::of(text, &words_of(text))
    }

    #[test]
    fn every_lexicon_line_parses() {
        for line in LEXICON.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (class, phrase) = line.split_once(' ').expect("class and phrase");
            assert!(CueClass::parse(class).is_some(), "unknown class in {line}");
            assert_eq!(phrase, phrase.to_lowercase(), "{line}");
            assert!(
                !phrase.contains('-'),
                "hyphens are split into words: {line}"
            );
            assert!(!phrase.contains("  "), "{line}");
        }
    }

    #[test]
    fn classes_and_stems() {
        let found = cues("Abonnez-vous à notre lettre d'information");
        assert!(found.has(CueClass::Action));
        assert!(found.has(CueClass::Medium));
        assert!(!found.has(CueClass::Attribution));
        assert_eq!(found.first_at(CueClass::Action), Some(0));
        assert!(cues("Er sagte, die Brücke sei sicher.").has(CueClass::Attribution));
    }

    #[test]
    fn token_shapes() {
        let found = cues("Reach Jane Roe at 555-0100 or jane@paper.example, and on X @janeroe.");
        assert_eq!((found.phones, found.emails, found.handles), (1, 1, 1));
        assert_eq!(cues("press@firm.example | +44 20 7946 0312").phones, 1);
        assert_eq!(cues("The plan costs 4.5 million and 2,300 homes").phones, 0);
        assert_eq!(cues("The vote was 1998-2004 in 12 towns").phones, 0);
        assert_eq!(cues("for just $1 a week, then 9,99 € a month").prices, 2);
        assert_eq!(cues("Beitrag vom 19.06.2024 | 2:48 Min.").durations, 1);
        assert_eq!(cues("Visit dailyblaze.example today").domains, 1);
        assert_eq!(
            cues("He said 3.5 percent. Then U.S. officials left.").domains,
            0
        );
    }
}
