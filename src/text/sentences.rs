//! Sentence splitting with abbreviation, initial, decimal and quote handling.
//!
//! The splitter returns byte spans of sentences, trimmed of surrounding whitespace, in order;
//! together they cover every non-whitespace character of the text. It works on the text as
//! written (case is one of its main clues), in two steps.
//!
//! **Line breaks.** The text is cut into lines first.
//!
//! * A blank line (two or more line breaks with only whitespace between), a form feed or a
//!   paragraph separator (U+2029) always ends a sentence.
//! * A single line break is read one of two ways, decided once per text. If some line without
//!   final punctuation is followed by a line starting with a lowercase letter, the text is
//!   *hard-wrapped* (lines are cut at a fixed width, mid-sentence) and a single line break is
//!   treated like a space. Otherwise each line is a paragraph of its own: a single line break
//!   ends a sentence when the line ends with sentence-final punctuation (see below; a title
//!   such as "Mr." does not count), or when it ends without punctuation (a headline, a list
//!   item) and the next line starts like a sentence (uppercase or caseless letter, digit,
//!   opening quote or bracket, bullet or dash). A line ending with a comma, semicolon, hyphen
//!   or dash, or an opening bracket or quote, continues on the next line.
//!
//! **Within a line** (or a run of joined lines), a sentence ends after a run of terminal
//! punctuation — `.` `!` `?` `…` (and `؟` `।` `۔`; in Greek also `;`, the question mark) —
//! plus any closing quotes and brackets that follow it, when whitespace follows and the next
//! character starts a sentence: an uppercase or caseless letter (Arabic, Tamil, CJK), a digit,
//! or an opening quote or bracket. So `"He left." She said.` splits after the closing quote,
//! while `"Why?" he asked.`, `3.5` and `wait... what` do not split. The CJK full stops `。！？`
//! end a sentence even without whitespace after them. A `?` or `!` inside a quotation that
//! closes before a lowercase word or clause punctuation does not end the sentence
//! (`chanted "Whose street? Our street" at police`; see `quotes`). Newswire ASCII quotes
//! (`` and '') count like “ and ”.
//!
//! A single `.` is examined further, by the word in front of it:
//!
//! * **Titles and other abbreviations that precede what they qualify** never end a sentence:
//!   `Mr.` `Mrs.` `Dr.` `Prof.` `Gen.` `Sen.` `Gov.` `vs.` `e.g.` `i.e.` (English; other
//!   languages have their own lists, e.g. German `z. B.` and `Dr.`, French `M.` and `Mme`).
//!   Neither does a list number or letter at the very start of a sentence
//!   (`1. First point. 2. Second point.`).
//! * **Numbering abbreviations and months** (`No.` `Vol.` `Art.` `p.` `Jan.` `Sept.` ...; German
//!   `Nr.`) do not end a sentence when a number follows: `No. 5`, `Jan. 5`.
//! * **Ambiguous abbreviations** (`etc.` `Inc.` `Ltd.` `Co.` `Corp.` `Jr.` `St.` ...),
//!   **letter-period abbreviations** (`U.S.` `U.K.` `a.m.`: single letters each followed by a
//!   period) and **single-letter initials** (`John F. Kennedy`, `J. R. R. Tolkien`) end a
//!   sentence only when an opening quote follows or the next word starts a sentence by the
//!   evidence: a common sentence opener of the language ("The", "He", "But", ... in
//!   English), or, in Punkt's style, a common word (a stop word of the language, or a word
//!   the text or set writes in lowercase) that the evidence never shows capitalised in
//!   mid-sentence, as a name would be. One-letter words such as "A" do not count. So
//!   `at 3 p.m. Everyone agreed` and `the U.S. The` split, `at 3 p.m. Friday`,
//!   `U.S. President` and `et al. (2020)` do not. In German, an ordinal number
//!   (`am 3. Oktober`) is treated the same way.
//! * Anything else (an ordinary word, a number, a closing bracket) ends the sentence by the
//!   general rule.
//!
//! **Evidence** (`learned`) comes before the lists: what the text itself shows, and a model
//! learned from a set of texts ([`LearnedAbbreviations`], passed to
//! [`SentenceSplitter::split_with`]). A word the evidence shows mostly without a period, or a
//! name pair seen without one ("Hun Sen said"), is an ordinary word even when the list has
//! it as a title, so `from strongman Hun Sen. Sam Rainsy left` splits when "Hun Sen" appears
//! elsewhere; a word the evidence shows mostly with a period that continues the sentence is
//! an ambiguous abbreviation.
//!
//! Abbreviations written with a capital ("Mr", "No", "Gen") match only when capitalised, so
//! the ordinary words "no" and "gen" still end sentences; lowercase ones ("etc", "vs") match in
//! any case. Spaced forms ("z. B.", "i. e.") match their joined entry. Unknown languages get
//! the generic rules: everything above except the language's abbreviation and opener lists.
//!
//! The abbreviation and opener lists, and the few language-specific behaviours, are data:
//! `sentences/languages.txt`, read by `rules`. The splitter's code holds only the general
//! rules; `lines` cuts the text into lines, `period` reads the word before a period, and
//! `chars` names the character classes.
//!
//! Known limits: a question or exclamation inside a sentence followed by a capitalised word
//! (`"Why?" Smith asked.`) splits there; a title-like name with no evidence either way
//! (`Hun Sen. Sam Rainsy left.` alone) reads as the title; and in hard-wrapped text a
//! headline line without punctuation joins the sentence after it.

mod chars;
mod learned;
mod lines;
mod period;
mod quotes;
mod rules;

pub use self::learned::{
    LearnedAbbreviations, SEEN_CAPITALISED_MID, SEEN_CAPITALISED_START, SEEN_LOWERCASE,
};

use crate::error::{Error, Result};
use crate::text::stem::{resolve_language, stem_languages};

use self::chars::{
    continues_on_next_line, ends_without_space, first_char, is_bullet_or_dash, is_closer, is_mark,
    is_quote, is_text_space, opens, skip_whitespace, starts_sentence,
};
use self::learned::Evidence;
use self::lines::{non_blank_lines, Line};
use self::period::{period_context, PeriodContext};
use self::quotes::quotation_continues;
use self::rules::LanguageRules;

/// Splits text into sentences under the rules of one language (see the module docs).
///
/// ```
/// use storylens::text::sentences::SentenceSplitter;
/// let splitter = SentenceSplitter::new("english").unwrap();
/// let text = "Mr. Smith arrived. He spoke.";
/// let sentences: Vec<&str> = splitter.split(text).iter().map(|&(s, e)| &text[s..e]).collect();
/// assert_eq!(sentences, ["Mr. Smith arrived.", "He spoke."]);
/// ```
#[derive(Debug, Clone)]
pub struct SentenceSplitter {
    language: Option<&'static str>,
    rules: LanguageRules,
}

impl Default for SentenceSplitter {
    /// The English rules.
    fn default() -> Self {
        Self::with_language(Some("english"))
    }
}

impl SentenceSplitter {
    /// Rules for `language`: a name or ISO 639-1 code from
    /// [`crate::text::stem::stem_languages`], in any case; an empty string means English.
    /// Languages without their own rules get the generic ones plus their abbreviations where
    /// known. An unknown name is `InvalidParameter` naming `language` (a typo should not
    /// silently change the rules); [`SentenceSplitter::generic`] takes no language.
    pub fn new(language: &str) -> Result<Self> {
        if language.trim().is_empty() {
            return Ok(Self::default());
        }
        let resolved = resolve_language(language).ok_or_else(|| {
            Error::parameter(
                "language",
                format!(
                    "unknown language '{language}'; choose one of {}, or None for the \
                     generic rules",
                    stem_languages().join(", ")
                ),
            )
        })?;
        Ok(Self::with_language(Some(resolved)))
    }

    /// The rules shared by every language: initials, letter-period abbreviations (U.S.),
    /// decimals and quotations, but no abbreviation list.
    pub fn generic() -> Self {
        Self::with_language(None)
    }

    fn with_language(language: Option<&'static str>) -> Self {
        SentenceSplitter {
            language,
            rules: LanguageRules::for_language(language),
        }
    }

    /// The language whose rules apply, or None for the generic rules.
    pub fn language(&self) -> Option<&'static str> {
        self.language
    }

    /// Byte spans `(start, end)` of the sentences of `text`, in order, without surrounding
    /// whitespace.
    pub fn split(&self, text: &str) -> Vec<(usize, usize)> {
        self.split_with(text, None)
    }

    /// [`SentenceSplitter::split`] with abbreviations learned from a set of texts (or given):
    /// their evidence comes before the text's own.
    ///
    /// ```
    /// use storylens::text::sentences::{LearnedAbbreviations, SentenceSplitter};
    /// let set = ["Hun Sen has ruled since 1985.", "Critics fear Hun Sen. Sam Rainsy left."];
    /// let learned = LearnedAbbreviations::learn(set);
    /// let splitter = SentenceSplitter::new("english").unwrap();
    /// assert_eq!(splitter.split_with(set[1], Some(&learned)).len(), 2);
    /// ```
    pub fn split_with(
        &self,
        text: &str,
        abbreviations: Option<&LearnedAbbreviations>,
    ) -> Vec<(usize, usize)> {
        crate::faults::check(crate::faults::Stage::SentenceSplitting);
        let lines = non_blank_lines(text);
        let mut sentences = Vec::new();
        let Some(first) = lines.first() else {
            return sentences;
        };
        let wrapped = lines.windows(2).any(|pair| {
            let (line, next) = (&pair[0], &pair[1]);
            next.single_break_before()
                && self.final_terminal(text, line).is_none()
                && first_char(text, next.start).is_some_and(char::is_lowercase)
        });
        let evidence = Evidence::for_text(text, abbreviations);
        let mut block_start = first.start;
        for pair in lines.windows(2) {
            let (line, next) = (&pair[0], &pair[1]);
            if !next.single_break_before()
                || self.line_break_ends_sentence(text, line, next, wrapped, &evidence)
            {
                self.split_block(text, block_start, line.end, &evidence, &mut sentences);
                block_start = next.start;
            }
        }
        let last_end = lines.last().map_or(first.end, |line| line.end);
        self.split_block(text, block_start, last_end, &evidence, &mut sentences);
        sentences
    }

    /// Whether a single line break between `line` and `next` ends a sentence.
    fn line_break_ends_sentence(
        &self,
        text: &str,
        line: &Line,
        next: &Line,
        wrapped: bool,
        evidence: &Evidence<'_>,
    ) -> bool {
        if let Some(terminal) = self.final_terminal(text, line) {
            if terminal.needs_no_space {
                return true;
            }
            let context = self.terminal_context(text, &terminal, None, evidence);
            if wrapped {
                // The break is an ordinary space.
                return self.ends_before(text, next.start, context, evidence);
            }
            // The line is a paragraph: only abbreviations that never end a sentence join.
            return match context {
                PeriodContext::Never => false,
                PeriodContext::BeforeNumber => {
                    !first_char(text, next.start).is_some_and(char::is_numeric)
                }
                PeriodContext::Plain | PeriodContext::Weak => true,
            };
        }
        if wrapped {
            return false;
        }
        let continues = text[line.start..line.end]
            .chars()
            .next_back()
            .is_some_and(continues_on_next_line);
        !continues
            && first_char(text, next.start)
                .is_some_and(|c| starts_sentence(c) || is_bullet_or_dash(c))
    }

    /// The terminal punctuation run at the end of `line` (before closing quotes and brackets),
    /// if the line ends with one.
    fn final_terminal(&self, text: &str, line: &Line) -> Option<TerminalRun> {
        let content = &text[line.start..line.end];
        let before_closers = if self.rules.spaced_closing_guillemets {
            content.trim_end_matches(|c: char| {
                is_closer(c) || c == ' ' || c == '\u{a0}' || c == '\u{202f}'
            })
        } else {
            content.trim_end_matches(is_closer)
        };
        let run_text = before_closers.trim_end_matches(|c| self.is_terminal(c));
        if run_text.len() == before_closers.len() {
            return None;
        }
        Some(self.terminal_run(
            text,
            line.start + run_text.len(),
            line.start + before_closers.len(),
        ))
    }

    fn terminal_run(&self, text: &str, start: usize, end: usize) -> TerminalRun {
        let run = &text[start..end];
        TerminalRun {
            start,
            lone_period: run == ".",
            needs_no_space: run.chars().any(ends_without_space),
            question_or_exclamation: run.contains(['?', '!', '‼', '⁇', '⁈', '⁉', '؟']),
        }
    }

    /// Splits the block `text[start..end]` (lines already known to belong together) at
    /// in-line sentence ends, appending trimmed spans to `out`.
    fn split_block(
        &self,
        text: &str,
        start: usize,
        end: usize,
        evidence: &Evidence<'_>,
        out: &mut Vec<(usize, usize)>,
    ) {
        // Only the block is visible, so no look-ahead crosses into the next block.
        let block = &text[..end];
        let mut sentence_start = start;
        let mut position = start;
        while let Some(c) = first_char(block, position) {
            if !self.is_terminal(c) {
                position += c.len_utf8();
                continue;
            }
            let run_start = position;
            while let Some(t) = first_char(block, position).filter(|&t| self.is_terminal(t)) {
                position += t.len_utf8();
            }
            let terminal = self.terminal_run(block, run_start, position);
            let closers_start = position;
            position = self.skip_closers(block, position);
            let sentence_end = position;
            let Some(after) = first_char(block, position) else {
                break;
            };
            let next = skip_whitespace(block, position);
            if next >= end {
                break;
            }
            let ends = if terminal.needs_no_space {
                // "。」と" continues a Japanese sentence; "。" alone or "。」 " ends one.
                sentence_end == closers_start || after.is_whitespace() || opens(after)
            } else {
                after.is_whitespace()
                    && self.ends_before(
                        block,
                        next,
                        self.terminal_context(block, &terminal, Some(sentence_start), evidence),
                        evidence,
                    )
                    // 'chanted "Whose street? Our street" at police': the quotation goes on,
                    // and so does the sentence after it.
                    && !(terminal.question_or_exclamation
                        && quotation_continues(block, sentence_start, sentence_end, end))
            };
            if ends {
                push_trimmed(text, sentence_start, sentence_end, out);
                sentence_start = next;
                position = next;
            }
        }
        push_trimmed(text, sentence_start, end, out);
    }

    /// The position after the closing quotes and brackets at `position`.
    fn skip_closers(&self, text: &str, mut position: usize) -> usize {
        loop {
            while let Some(q) = first_char(text, position).filter(|&q| is_closer(q)) {
                position += q.len_utf8();
            }
            if !self.rules.spaced_closing_guillemets {
                return position;
            }
            // French sets "»" off with a (narrow, no-break) space: "parti. » Elle".
            let rest = &text[position..];
            let spaced = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
            if spaced.len() == rest.len() || !spaced.starts_with(['»', '›']) {
                return position;
            }
            position += rest.len() - spaced.len();
        }
    }

    fn is_terminal(&self, c: char) -> bool {
        matches!(
            c,
            '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '۔' | '।' | '॥' | '\u{037E}'
        ) || ends_without_space(c)
            || (c == ';' && self.rules.semicolon_question_mark)
    }

    /// What the words before `terminal` say; `sentence_start`, when known, is where the
    /// current sentence began.
    fn terminal_context(
        &self,
        text: &str,
        terminal: &TerminalRun,
        sentence_start: Option<usize>,
        evidence: &Evidence<'_>,
    ) -> PeriodContext {
        if terminal.lone_period {
            period_context(&self.rules, evidence, text, terminal.start, sentence_start)
        } else {
            PeriodContext::Plain
        }
    }

    /// Whether a sentence ends before the text at `next` (the first non-space character after
    /// the terminal punctuation), given what precedes the punctuation.
    fn ends_before(
        &self,
        text: &str,
        next: usize,
        context: PeriodContext,
        evidence: &Evidence<'_>,
    ) -> bool {
        let Some(c) = first_char(text, next) else {
            return true;
        };
        match context {
            PeriodContext::Never => false,
            PeriodContext::BeforeNumber if c.is_numeric() => false,
            PeriodContext::Plain | PeriodContext::BeforeNumber => starts_sentence(c),
            // Quotes but not brackets: "et al. (2020)" is a citation, not a new sentence.
            PeriodContext::Weak => {
                is_quote(c)
                    || c == '`'
                    || self.is_opener_word(text, next)
                    || self.starts_sentence_by_evidence(text, next, evidence)
            }
        }
    }

    /// Whether the capitalised word at `position` starts a sentence by the evidence, in
    /// Punkt's style: a common word (seen in lowercase, or one of the language's stop words)
    /// that was never seen capitalised in mid-sentence, which a name would be. Words of one
    /// letter are too easily initials, and a word followed by another capitalised word is
    /// read as part of a name ("the U.S. State Department").
    fn starts_sentence_by_evidence(
        &self,
        text: &str,
        position: usize,
        evidence: &Evidence<'_>,
    ) -> bool {
        let word = word_at(text, position);
        if word.chars().count() < 2 || !word.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let after = &text[position + word.len()..];
        let next_word = after.trim_start_matches([' ', '\u{a0}']);
        if next_word.len() < after.len() && next_word.starts_with(char::is_uppercase) {
            return false;
        }
        let seen = evidence.orthography(word);
        seen & SEEN_CAPITALISED_MID == 0
            && (seen & SEEN_LOWERCASE != 0 || self.rules.is_common_word(word))
    }

    /// Whether the word at `position` is a capitalised sentence opener of two or more letters
    /// (one-letter openers such as "A" and "I" are too easily initials).
    fn is_opener_word(&self, text: &str, position: usize) -> bool {
        let word = word_at(text, position);
        word.chars().count() >= 2
            && word.chars().next().is_some_and(char::is_uppercase)
            && self.rules.is_opener(word)
    }
}

/// A run of terminal punctuation.
struct TerminalRun {
    start: usize,
    /// Exactly one ".", which needs a look at the word in front of it.
    lone_period: bool,
    /// Contains a CJK full stop, which ends a sentence without a following space.
    needs_no_space: bool,
    /// Contains `?` or `!` (or their kin), which may stand inside a quotation.
    question_or_exclamation: bool,
}

/// The word (letters and marks) at `position`.
fn word_at(text: &str, position: usize) -> &str {
    let rest = &text[position..];
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || is_mark(c)))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..word_len]
}

/// Appends the span of `text[start..end]` without surrounding whitespace to `out`, unless
/// nothing is left.
fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let trimmed = piece.trim_start_matches(is_text_space);
    let leading = piece.len() - trimmed.len();
    let trimmed = trimmed.trim_end_matches(is_text_space);
    if !trimmed.is_empty() {
        out.push((start + leading, start + leading + trimmed.len()));
    }
}

#[cfg(test)]
mod tests;
