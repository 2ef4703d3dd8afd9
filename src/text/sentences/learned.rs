//! Abbreviations and word-case evidence learned from texts, in the style of Punkt (Kiss and
//! Strunk, 2006): a word that mostly appears with a final period, and whose period is followed
//! by text that continues the sentence, is an abbreviation; one that mostly appears without
//! it ("Sen" in "Hun Sen said") is not, even when the language's list has it. For each word
//! the model also keeps how it was written: in lowercase, capitalised in mid-sentence (a
//! name), or capitalised at a sentence start. The splitter reads that to tell whether the
//! capitalised word after an abbreviation starts a sentence.
//!
//! The model is plain data (serde), so a learned set of abbreviations can be saved and
//! pickled; learning is deterministic (sorted collections, no hashing order leaks out).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::chars::{is_mark, opens};

/// The word was seen starting with a lowercase letter.
pub const SEEN_LOWERCASE: u8 = 1;
/// The word was seen capitalised in mid-sentence (after a word without final punctuation).
pub const SEEN_CAPITALISED_MID: u8 = 2;
/// The word was seen capitalised where a sentence starts (text start, after `!` or `?`).
pub const SEEN_CAPITALISED_START: u8 = 4;

/// What texts say about abbreviations and about how words are written.
///
/// ```
/// use storylens::text::sentences::LearnedAbbreviations;
/// let model = LearnedAbbreviations::learn([
///     "Hun Sen said so. Hun Sen, who rules, stayed. Rivals fear Hun Sen. Sam Rainsy left.",
///     "Approx. five came, approx. ten left.",
/// ]);
/// assert!(model.is_abbreviation("approx"));
/// assert!(model.is_not_abbreviation("Sen"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnedAbbreviations {
    /// Lowercase words, without their final period, that the evidence (or the user) makes
    /// abbreviations.
    abbreviations: BTreeSet<String>,
    /// Words that mostly appear without a final period (lowercase, or capitalised as "Sen"
    /// when that is how they were seen): never abbreviations.
    not_abbreviations: BTreeSet<String>,
    /// "previous word" pairs (lowercase, space-separated) seen as a name without a period
    /// ("hun sen"): the period after the pair ends the name, not an abbreviation.
    names: BTreeSet<String>,
    /// How each lowercase word was written: `SEEN_*` flags.
    orthography: BTreeMap<String, u8>,
}

/// Counts of one word over the texts.
#[derive(Debug, Default, Clone, Copy)]
struct WordCounts {
    with_period: u32,
    /// Without a period, and not right before a capitalised word (which is how a title
    /// written without its period, "Mr Smith", is used).
    without_period: u32,
    /// With a period followed by a lowercase word or a comma: the period did not end a
    /// sentence. (Not a digit: "point. 2. Next point" numbers a list.)
    continued_after_period: u32,
}

/// One whitespace-separated token, read for learning.
struct Token<'a> {
    /// The word: letters, digits, marks, hyphens and inner periods, without the final period.
    word: &'a str,
    with_period: bool,
    /// Something other than a period follows the word in the token ("'s", ",", a quote).
    trailing: bool,
    /// The token ends with `.`, `!`, `?` or `…` (before closing quotes).
    ends_with_terminal: bool,
    ends_with_period: bool,
    first: Option<char>,
}

impl LearnedAbbreviations {
    /// Learns from `texts`. Deterministic: the same texts give the same model.
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut counts: FxHashMap<String, WordCounts> = FxHashMap::default();
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut orthography: BTreeMap<String, u8> = BTreeMap::new();
        for text in texts {
            learn_text(text, &mut counts, &mut names, &mut orthography);
        }
        // Whether a word is an abbreviation is a question about the word in any case
        // ("Approx." opening a sentence is "approx."); whether it is used as a plain word is
        // asked per capitalisation, so "a sales rep" says nothing against "Rep. Vance".
        let mut merged: FxHashMap<String, WordCounts> = FxHashMap::default();
        let mut not_abbreviations = BTreeSet::new();
        for (word, count) in &counts {
            if count.without_period > count.with_period && count.with_period > 0 {
                not_abbreviations.insert(word.clone());
            }
            let total = merged.entry(word.to_lowercase()).or_default();
            total.with_period += count.with_period;
            total.without_period += count.without_period;
            total.continued_after_period += count.continued_after_period;
        }
        let abbreviations = merged
            .iter()
            .filter(|(_, count)| {
                count.with_period > count.without_period && count.continued_after_period > 0
            })
            .map(|(word, _)| word.clone())
            .collect();
        // A name pair matters only for a word that also appears with a period.
        names.retain(|pair| {
            let word = pair.rsplit(' ').next().unwrap_or_default();
            merged.get(word).is_some_and(|count| count.with_period > 0)
        });
        LearnedAbbreviations {
            abbreviations,
            not_abbreviations,
            names,
            orthography,
        }
    }

    /// A model of given abbreviations (a final period and case are ignored) and no evidence.
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        LearnedAbbreviations {
            abbreviations: words
                .into_iter()
                .map(|word| word.trim().trim_end_matches('.').to_lowercase())
                .filter(|word| !word.is_empty())
                .collect(),
            ..Self::default()
        }
    }

    /// The learned or given abbreviations (lowercase, without the final period), sorted.
    pub fn abbreviations(&self) -> impl Iterator<Item = &str> {
        self.abbreviations.iter().map(String::as_str)
    }

    /// The words the evidence says are not abbreviations, sorted.
    pub fn not_abbreviations(&self) -> impl Iterator<Item = &str> {
        self.not_abbreviations.iter().map(String::as_str)
    }

    /// Whether `word` (any case, without its final period) is a learned or given abbreviation.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations.contains(&word.to_lowercase())
    }

    /// Whether the evidence says `word` is not an abbreviation, as capitalised or not: "Sen"
    /// and "sen" are asked apart.
    pub fn is_not_abbreviation(&self, word: &str) -> bool {
        self.not_abbreviations.contains(&cased_key(word))
    }

    /// Whether `previous word` was seen as a name without a period ("Hun Sen said").
    pub fn is_name(&self, previous: &str, word: &str) -> bool {
        !previous.is_empty()
            && self.names.contains(&format!(
                "{} {}",
                previous.to_lowercase(),
                word.to_lowercase()
            ))
    }

    /// The `SEEN_*` flags of `word` (any case); 0 when never seen.
    pub fn orthography(&self, word: &str) -> u8 {
        self.orthography
            .get(&word.to_lowercase())
            .copied()
            .unwrap_or(0)
    }

    /// The number of learned or given abbreviations.
    pub fn len(&self) -> usize {
        self.abbreviations.len()
    }

    /// Whether there are no learned or given abbreviations.
    pub fn is_empty(&self) -> bool {
        self.abbreviations.is_empty()
    }

    /// The model as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A model from [`LearnedAbbreviations::to_json`]'s text.
    pub fn from_json(text: &str) -> crate::error::Result<Self> {
        serde_json::from_str(text).map_err(|error| {
            crate::error::Error::parameter(
                "state",
                format!("not a learned abbreviations model: {error}"),
            )
        })
    }
}

/// `word` in lowercase, with its first letter capitalised if it was: "Sen", "rep".
fn cased_key(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    match (word.chars().next(), chars.next()) {
        (Some(first), Some(lower_first)) if first.is_uppercase() => {
            lower_first.to_uppercase().chain(chars).collect()
        }
        _ => lower,
    }
}

/// Counts the words of one text.
fn learn_text(
    text: &str,
    counts: &mut FxHashMap<String, WordCounts>,
    names: &mut BTreeSet<String>,
    orthography: &mut BTreeMap<String, u8>,
) {
    for line in text.lines() {
        let tokens: Vec<Token<'_>> = line.split_whitespace().map(read_token).collect();
        for (index, token) in tokens.iter().enumerate() {
            let Some(first) = token.first.filter(|c| c.is_alphabetic()) else {
                continue;
            };
            let key = token.word.to_lowercase();
            let previous = index.checked_sub(1).map(|i| &tokens[i]);
            let next = tokens.get(index + 1);
            // Where the token stands: a start (line start, after ! or ?), mid-sentence, or
            // unknown (after a period, which may be an abbreviation's).
            let flag = if first.is_lowercase() {
                Some(SEEN_LOWERCASE)
            } else {
                match previous {
                    None => Some(SEEN_CAPITALISED_START),
                    Some(p) if p.ends_with_terminal && !p.ends_with_period => {
                        Some(SEEN_CAPITALISED_START)
                    }
                    Some(p) if p.ends_with_terminal => None,
                    Some(_) => Some(SEEN_CAPITALISED_MID),
                }
            };
            if let Some(flag) = flag {
                *orthography.entry(key.clone()).or_default() |= flag;
            }
            if token.word.chars().any(|c| c.is_numeric()) {
                continue;
            }
            let count = counts.entry(cased_key(token.word)).or_default();
            let next_first = next.and_then(|n| n.first);
            if token.with_period {
                count.with_period += 1;
                if token.trailing && !token.ends_with_terminal
                    || next_first.is_some_and(char::is_lowercase)
                {
                    count.continued_after_period += 1;
                }
            } else if token.trailing || !next_first.is_some_and(char::is_uppercase) {
                count.without_period += 1;
                // "Hun Sen said": the pair is a name. (Only short words could be mistaken
                // for abbreviations.)
                let named = previous.filter(|p| {
                    !p.with_period && !p.trailing && p.first.is_some_and(char::is_uppercase)
                });
                if let (Some(previous), true) = (named, first.is_uppercase() && key.len() <= 5) {
                    names.insert(format!("{} {key}", previous.word.to_lowercase()));
                }
            }
        }
    }
}

/// Reads a whitespace-separated token: opening quotes and brackets are skipped, then the
/// word, then whether a single final period and other characters follow it.
fn read_token(token: &str) -> Token<'_> {
    let body = token.trim_start_matches(|c: char| opens(c) || c == '`');
    let word_len = body
        .char_indices()
        .find(|&(i, c)| {
            let inner_period = c == '.' && body[i + 1..].starts_with(|n: char| n.is_alphanumeric());
            !(c.is_alphanumeric() || is_mark(c) || c == '-' || inner_period)
        })
        .map_or(body.len(), |(i, _)| i);
    let word = &body[..word_len];
    let rest = &body[word_len..];
    let with_period = rest.starts_with('.') && !rest.starts_with("..");
    let after_period = if with_period { &rest[1..] } else { rest };
    let before_closers = token.trim_end_matches(|c: char| super::chars::is_closer(c));
    let ends_with_terminal = before_closers.ends_with(['.', '!', '?', '…']);
    Token {
        word,
        with_period,
        trailing: !after_period.is_empty(),
        ends_with_terminal,
        ends_with_period: before_closers.ends_with('.'),
        first: word.chars().next(),
    }
}

/// The evidence one split reads: the given model (learned from a set, or given words), if
/// any, then what the text itself shows.
pub(super) struct Evidence<'a> {
    given: Option<&'a LearnedAbbreviations>,
    own: LearnedAbbreviations,
}

impl<'a> Evidence<'a> {
    /// The evidence for splitting `text`: `given`, then the text's own.
    pub fn for_text(text: &str, given: Option<&'a LearnedAbbreviations>) -> Self {
        Evidence {
            given,
            own: LearnedAbbreviations::learn([text]),
        }
    }

    fn models(&self) -> impl Iterator<Item = &LearnedAbbreviations> {
        self.given.into_iter().chain(std::iter::once(&self.own))
    }

    /// Whether the evidence makes `word` (after `previous`) a plain word: a name seen without
    /// a period, or a word mostly written without one.
    pub fn is_plain_word(&self, previous: &str, word: &str) -> bool {
        self.models().any(|model| model.is_name(previous, word))
            || self
                .models()
                .find(|model| model.is_abbreviation(word) || model.is_not_abbreviation(word))
                .is_some_and(|model| model.is_not_abbreviation(word))
    }

    /// Whether the evidence makes `word` an abbreviation.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.models()
            .find(|model| model.is_abbreviation(word) || model.is_not_abbreviation(word))
            .is_some_and(|model| model.is_abbreviation(word))
    }

    /// The `SEEN_*` flags of `word` over all the evidence.
    pub fn orthography(&self, word: &str) -> u8 {
        self.models()
            .fold(0, |flags, model| flags | model.orthography(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_mostly_written_with_a_period_that_continues_is_an_abbreviation() {
        let model = LearnedAbbreviations::learn(["It cost approx. five dollars, or approx. six."]);
        assert!(model.is_abbreviation("approx"));
        assert!(model.is_abbreviation("Approx"));
    }

    #[test]
    fn a_sentence_final_word_is_not_an_abbreviation() {
        let model = LearnedAbbreviations::learn(["They left the city. The city was quiet."]);
        assert!(!model.is_abbreviation("city"));
    }

    #[test]
    fn a_name_mostly_written_without_a_period_is_not_an_abbreviation() {
        let model = LearnedAbbreviations::learn([
            "Hun Sen has ruled since 1985. Critics of Hun Sen, the premier, fled.",
            "They feared Hun Sen. Sam Rainsy left.",
        ]);
        assert!(model.is_not_abbreviation("Sen"));
        assert!(!model.is_not_abbreviation("sen"));
        assert!(model.is_name("Hun", "Sen"));
        assert!(!model.is_abbreviation("sen"));
    }

    #[test]
    fn a_title_without_its_period_before_a_name_is_no_evidence_against_it() {
        let model = LearnedAbbreviations::learn(["Mr Smith met Mr. Jones, and Mr Brown."]);
        assert!(!model.is_not_abbreviation("Mr"));
    }

    #[test]
    fn a_lowercase_use_says_nothing_against_a_capitalised_title() {
        let model =
            LearnedAbbreviations::learn(["A sales rep said a rep left. Rep. Tom Vance spoke."]);
        assert!(!model.is_not_abbreviation("Rep"));
        let splitter = super::super::SentenceSplitter::new("english").unwrap();
        let text = "A sales rep said a rep left. Rep. Tom Vance spoke.";
        assert_eq!(splitter.split_with(text, Some(&model)).len(), 2);
    }

    #[test]
    fn orthography_records_lowercase_mid_sentence_capitals_and_starts() {
        let model = LearnedAbbreviations::learn([
            "Everyone came. The talks with Paris ended!\nNobody left, and everyone cheered.",
        ]);
        assert_eq!(
            model.orthography("everyone"),
            SEEN_CAPITALISED_START | SEEN_LOWERCASE
        );
        assert_eq!(model.orthography("Paris"), SEEN_CAPITALISED_MID);
        // After a period the position is unknown.
        assert_eq!(model.orthography("the"), 0);
        assert_eq!(model.orthography("nobody"), SEEN_CAPITALISED_START);
    }

    #[test]
    fn learning_is_deterministic_and_round_trips_through_json() {
        let texts = [
            "Acme Inc. said profit fell. Acme Inc. shares rose.",
            "Hun Sen said so.",
        ];
        let model = LearnedAbbreviations::learn(texts);
        assert_eq!(model, LearnedAbbreviations::learn(texts));
        assert_eq!(
            LearnedAbbreviations::from_json(&model.to_json()).unwrap(),
            model
        );
        assert!(LearnedAbbreviations::from_json("[1]").is_err());
    }

    #[test]
    fn given_words_drop_their_final_period_and_case() {
        let model = LearnedAbbreviations::from_words(["Approx.", " dept ", ""]);
        assert_eq!(
            model.abbreviations().collect::<Vec<_>>(),
            ["approx", "dept"]
        );
        assert_eq!(model.len(), 2);
    }
}
