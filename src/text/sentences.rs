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
//! end a sentence even without whitespace after them.
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
//!   sentence only when the next word is a common sentence opener of the language ("The",
//!   "He", "But", ... in English; one-letter words such as "A" do not count) or an opening
//!   quote follows: `the U.S. The` splits, `U.S. President` and `et al. (2020)` do not. Where
//!   a language has no opener list, these never end a sentence within a line. In German, an
//!   ordinal number (`am 3. Oktober`) is treated the same way.
//! * Anything else (an ordinary word, a number, a closing bracket) ends the sentence by the
//!   general rule.
//!
//! Abbreviations written with a capital ("Mr", "No", "Gen") match only when capitalised, so
//! the ordinary words "no" and "gen" still end sentences; lowercase ones ("etc", "vs") match in
//! any case. Spaced forms ("z. B.", "i. e.") match their joined entry. Unknown languages get
//! the generic rules: everything above except the language's abbreviation and opener lists.
//!
//! Known limits: a question or exclamation inside a sentence followed by a capitalised word
//! (`"Why?" Smith asked.`) splits there, and in hard-wrapped text a headline line without
//! punctuation joins the sentence after it.

use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::char::is_combining_mark;

use crate::error::{Error, Result};
use crate::text::stem::{resolve_language, stem_languages};

/// How an abbreviation in front of a period affects the sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodContext {
    /// An ordinary word, number or punctuation: the general rule applies.
    Plain,
    /// A title or similar: never ends a sentence.
    Never,
    /// "No.", "Vol.": no sentence end before a number.
    BeforeNumber,
    /// Ambiguous abbreviations, letter-period abbreviations, initials, (German) ordinals: a
    /// sentence ends only before a known sentence opener or an opening quote.
    Weak,
}

/// The abbreviation knowledge of one language. Each list is space-separated; entries are
/// written without their final period, and an entry starting with a capital matches only
/// capitalised words.
struct LanguageRules {
    /// Titles and the like, which never end a sentence.
    never: &'static str,
    /// Abbreviations that do not end a sentence when a number follows.
    before_number: &'static str,
    /// Abbreviations that end a sentence only before an opener.
    ambiguous: &'static str,
    /// Common sentence-opening words, capitalised.
    openers: &'static str,
    /// "3." is an ordinal ("am 3. Oktober") rather than a sentence end.
    ordinal_periods: bool,
    /// ";" is the question mark.
    semicolon_question_mark: bool,
    /// "»" after a space closes a quotation ("« Il est parti. » Elle").
    spaced_closing_guillemets: bool,
}

const GENERIC: LanguageRules = LanguageRules {
    never: "",
    before_number: "",
    ambiguous: "",
    openers: "",
    ordinal_periods: false,
    semicolon_question_mark: false,
    spaced_closing_guillemets: false,
};

const ENGLISH: LanguageRules = LanguageRules {
    never: "Mr Mrs Ms Mx Messrs Dr Prof Gen Col Lt Sgt Capt Cmdr Adm Maj Brig Cpl Pvt Gov Sen \
            Rep Rev Hon Pres Supt Det Insp Mt Ft vs v e.g i.e cf esp incl approx \
            Mon Tue Tues Wed Thu Thur Thurs Fri",
    // Months stand before the day ("Jan. 5"), and "Jan" is also a name.
    before_number: "No Nos Vol Vols Art Fig Figs p pp ch sec \
                    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec",
    ambiguous: "etc Inc Corp Ltd Co Cos Bros Jr Sr St Ave Blvd Rd plc al Esq Dept Univ Assn Govt",
    openers: "The This That These Those There Then They Their He She His Her It Its We Our You \
              Your But And However In On At As After Before When While If Some Many Most \
              Other Another Meanwhile Also Yet So Still Now Today An Both Each Not Since \
              Although Though Despite During For From With Who What Where Why How Which One",
    ..GENERIC
};

const GERMAN: LanguageRules = LanguageRules {
    never: "Dr Prof Hr Hrn Fr Frl Dipl Ing Mag St z.b d.h u.a o.ä u.ä s.o s.u v.a u.u \
            ggf vgl bzw sog evtl inkl zzgl bspw ca",
    before_number: "Nr Abs Art Bd Tel Kap Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez",
    ambiguous: "usw etc Str Mio Mrd Tsd Jh Jhd Chr Co Inc",
    openers: "Der Die Das Dem Den Des Er Sie Es Wir Ich Ihr Man Ein Eine Einen Aber Und Doch \
              Denn Dies Diese Dieser Dieses Damit Dann Danach Deshalb Auch Im In Am Auf Nach \
              Vor Mit Bei Seit Laut Zudem Allerdings Trotzdem So Wie Was Wer Wenn Als Nun Heute",
    ordinal_periods: true,
    ..GENERIC
};

const FRENCH: LanguageRules = LanguageRules {
    // Not "sept" (septembre): it is also the word "seven".
    never: "M MM Mme Mmes Mlle Mlles Dr Pr Me Mgr St Ste cf env av bd \
            janv févr avr juil oct nov déc",
    before_number: "p pp n no art chap vol",
    ambiguous: "etc Cie",
    openers: "Le La Les Il Elle Ils Elles On Nous Vous Je Un Une Des Ce Cette Ces Mais Et Pour \
              Dans En Selon Depuis Après Avant Alors Ainsi Cependant Pourtant Si Lors Au Aux \
              Du De Son Sa Ses Leur Leurs",
    spaced_closing_guillemets: true,
    ..GENERIC
};

const SPANISH: LanguageRules = LanguageRules {
    never: "Sr Sra Srta Sres Sras Dr Dra Lic Ing Arq Prof Profa Ud Uds Vd Vds Gral Cnel Tte \
            Sto Sta Dña Excmo Excma p.ej aprox",
    before_number: "núm pág págs art cap vol ene abr ago dic sept oct nov",
    ambiguous: "etc ee.uu Cía",
    openers: "El La Los Las Lo Un Una Unos Unas Él Ella Ellos Ellas Este Esta Estos Estas Ese \
              Esa Eso Pero En Según Para Por Con Sin Tras Desde Además Así Al Del Su Sus Se \
              Hay También",
    ..GENERIC
};

const ITALIAN: LanguageRules = LanguageRules {
    never: "Sig Sigg Sig.ra Sig.na Dott Dott.ssa Prof Avv Ing Arch On Sen Gen Col Mons",
    before_number: "n nn pag pagg art cap vol",
    ambiguous: "ecc etc",
    openers: "Il Lo La Gli Le Un Una Uno Ma In Per Con Secondo Questo Questa Dopo Anche Non",
    ..GENERIC
};

const PORTUGUESE: LanguageRules = LanguageRules {
    never: "Sr Sra Srta Dr Dra Prof Profa Eng Exmo Exma Av Sto Sta",
    before_number: "n pág art cap vol",
    ambiguous: "etc Ltda Cia",
    openers: "Os As Um Uma Ele Ela Eles Elas Mas Em No Na Nos Nas Segundo Para Com Este Esta \
              Isso Isto Também Depois",
    ..GENERIC
};

const DUTCH: LanguageRules = LanguageRules {
    never: "dhr mevr mw drs ir ing prof dr mr bijv o.a d.w.z m.b.t i.p.v",
    // Months before the year or day; "Jan" is also a name.
    before_number: "nr blz art jan feb mrt apr jun jul aug sep sept okt nov dec",
    ambiguous: "enz etc St",
    openers: "De Het Een Hij Zij Ze Wij We Ik Maar En In Op Volgens Dat Dit Deze Die Er Ook Na",
    ..GENERIC
};

const SWEDISH: LanguageRules = LanguageRules {
    never: "t.ex bl.a f.d p.g.a dvs ca s.k resp",
    before_number: "nr kl",
    ambiguous: "osv etc m.m m.fl",
    ..GENERIC
};

const DANISH_NORWEGIAN: LanguageRules = LanguageRules {
    never: "f.eks bl.a dvs ca hr mht pga ifm",
    before_number: "nr kl",
    ambiguous: "osv mv etc",
    ..GENERIC
};

const RUSSIAN: LanguageRules = LanguageRules {
    never: "т.е т.к т.н ул проф акад",
    before_number: "стр рис гл ст",
    // "г." is both "год" (year) and "город" (city); "пр." also means "and so on".
    ambiguous: "г гг т.д т.п пр др млн млрд тыс руб коп долл",
    openers: "Он Она Оно Они Мы Это Этот Эта Но На По Как Так При После Однако Также Его Ее Её Их",
    ..GENERIC
};

const GREEK: LanguageRules = LanguageRules {
    never: "κ κα π.χ δηλ",
    ambiguous: "κλπ κ.λπ κ.ά",
    semicolon_question_mark: true,
    ..GENERIC
};

const HUNGARIAN: LanguageRules = LanguageRules {
    never: "dr pl kb ún ill",
    before_number: "sz",
    ambiguous: "stb",
    ..GENERIC
};

const FINNISH: LanguageRules = LanguageRules {
    never: "esim ns ks tri",
    before_number: "nro",
    ambiguous: "jne yms",
    ..GENERIC
};

const ROMANIAN: LanguageRules = LanguageRules {
    never: "dl dna dnul dr prof ing",
    before_number: "nr art pag",
    ambiguous: "etc",
    ..GENERIC
};

const TURKISH: LanguageRules = LanguageRules {
    never: "Dr Prof Doç Av Yrd Alb",
    before_number: "No",
    // Turkish "vs." is "ve saire" (et cetera), not "versus".
    ambiguous: "vb vs vd",
    ..GENERIC
};

fn rules_for(language: Option<&str>) -> &'static LanguageRules {
    match language {
        Some("english") => &ENGLISH,
        Some("german") => &GERMAN,
        Some("french") => &FRENCH,
        Some("spanish") => &SPANISH,
        Some("italian") => &ITALIAN,
        Some("portuguese") => &PORTUGUESE,
        Some("dutch") => &DUTCH,
        Some("swedish") => &SWEDISH,
        Some("danish") | Some("norwegian") => &DANISH_NORWEGIAN,
        Some("russian") => &RUSSIAN,
        Some("greek") => &GREEK,
        Some("hungarian") => &HUNGARIAN,
        Some("finnish") => &FINNISH,
        Some("romanian") => &ROMANIAN,
        Some("turkish") => &TURKISH,
        _ => &GENERIC,
    }
}

/// One abbreviation as the splitter looks it up.
#[derive(Debug, Clone, Copy)]
struct Abbreviation {
    context: PeriodContext,
    /// Written with a capital: matches only capitalised words.
    capitalised: bool,
}

/// Splits text into sentences under the rules of one language (see the module docs).
#[derive(Debug, Clone)]
pub struct SentenceSplitter {
    language: Option<&'static str>,
    /// Keyed by the lowercase abbreviation without its final period.
    abbreviations: FxHashMap<String, Abbreviation>,
    /// Lowercase sentence openers.
    openers: FxHashSet<String>,
    ordinal_periods: bool,
    semicolon_question_mark: bool,
    spaced_closing_guillemets: bool,
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
        let rules = rules_for(language);
        let mut abbreviations = FxHashMap::default();
        for (entries, context) in [
            (rules.never, PeriodContext::Never),
            (rules.before_number, PeriodContext::BeforeNumber),
            (rules.ambiguous, PeriodContext::Weak),
        ] {
            for entry in entries.split_whitespace() {
                let capitalised = entry.chars().next().is_some_and(char::is_uppercase);
                abbreviations.insert(
                    entry.to_lowercase(),
                    Abbreviation {
                        context,
                        capitalised,
                    },
                );
            }
        }
        SentenceSplitter {
            language,
            abbreviations,
            openers: rules
                .openers
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            ordinal_periods: rules.ordinal_periods,
            semicolon_question_mark: rules.semicolon_question_mark,
            spaced_closing_guillemets: rules.spaced_closing_guillemets,
        }
    }

    /// The language whose rules apply, or None for the generic rules.
    pub fn language(&self) -> Option<&'static str> {
        self.language
    }

    /// Byte spans `(start, end)` of the sentences of `text`, in order, without surrounding
    /// whitespace.
    pub fn split(&self, text: &str) -> Vec<(usize, usize)> {
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
        let mut block_start = first.start;
        for pair in lines.windows(2) {
            let (line, next) = (&pair[0], &pair[1]);
            if !next.single_break_before()
                || self.line_break_ends_sentence(text, line, next, wrapped)
            {
                self.split_block(text, block_start, line.end, &mut sentences);
                block_start = next.start;
            }
        }
        let last_end = lines.last().map_or(first.end, |line| line.end);
        self.split_block(text, block_start, last_end, &mut sentences);
        sentences
    }

    /// Whether a single line break between `line` and `next` ends a sentence.
    fn line_break_ends_sentence(
        &self,
        text: &str,
        line: &Line,
        next: &Line,
        wrapped: bool,
    ) -> bool {
        if let Some(terminal) = self.final_terminal(text, line) {
            if terminal.needs_no_space {
                return true;
            }
            let context = self.terminal_context(text, &terminal, None);
            if wrapped {
                // The break is an ordinary space.
                return self.ends_before(text, next.start, context);
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
        let before_closers = if self.spaced_closing_guillemets {
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
        }
    }

    /// Splits the block `text[start..end]` (lines already known to belong together) at
    /// in-line sentence ends, appending trimmed spans to `out`.
    fn split_block(&self, text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
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
                        self.terminal_context(block, &terminal, Some(sentence_start)),
                    )
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
            if !self.spaced_closing_guillemets {
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
            || (c == ';' && self.semicolon_question_mark)
    }

    /// What the words before `terminal` say; `sentence_start`, when known, is where the
    /// current sentence began.
    fn terminal_context(
        &self,
        text: &str,
        terminal: &TerminalRun,
        sentence_start: Option<usize>,
    ) -> PeriodContext {
        if terminal.lone_period {
            self.period_context(text, terminal.start, sentence_start)
        } else {
            PeriodContext::Plain
        }
    }

    /// What the word in front of the period at `dot` says about a sentence end.
    fn period_context(
        &self,
        text: &str,
        dot: usize,
        sentence_start: Option<usize>,
    ) -> PeriodContext {
        let word_start = text[..dot]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || is_mark(c))
            .last()
            .map_or(dot, |(i, _)| i);
        let word = &text[word_start..dot];
        if word.is_empty() {
            return PeriodContext::Plain;
        }
        if sentence_start == Some(word_start) && is_enumerator(word) {
            // "1. First point. 2. Second point."
            return PeriodContext::Never;
        }
        // A spaced abbreviation such as "z. B." or "i. e.": try the two parts joined.
        if let Some(first_part) = spaced_first_part(text, word_start) {
            let joined = format!("{first_part}.{word}");
            if let Some(context) = self.abbreviation(&joined) {
                return context;
            }
        }
        if let Some(context) = self.abbreviation(word) {
            return context;
        }
        if is_initials(word) {
            return PeriodContext::Weak;
        }
        if self.ordinal_periods && word.chars().all(|c| c.is_ascii_digit()) {
            return PeriodContext::Weak;
        }
        PeriodContext::Plain
    }

    fn abbreviation(&self, word: &str) -> Option<PeriodContext> {
        let found = self.abbreviations.get(&word.to_lowercase())?;
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        (capitalised || !found.capitalised).then_some(found.context)
    }

    /// Whether a sentence ends before the text at `next` (the first non-space character after
    /// the terminal punctuation), given what precedes the punctuation.
    fn ends_before(&self, text: &str, next: usize, context: PeriodContext) -> bool {
        let Some(c) = first_char(text, next) else {
            return true;
        };
        match context {
            PeriodContext::Never => false,
            PeriodContext::BeforeNumber if c.is_numeric() => false,
            PeriodContext::Plain | PeriodContext::BeforeNumber => starts_sentence(c),
            // Quotes but not brackets: "et al. (2020)" is a citation, not a new sentence.
            PeriodContext::Weak => is_quote(c) || self.is_opener_word(text, next),
        }
    }

    /// Whether the word at `position` is a capitalised sentence opener of two or more letters
    /// (one-letter openers such as "A" and "I" are too easily initials).
    fn is_opener_word(&self, text: &str, position: usize) -> bool {
        let rest = &text[position..];
        let word_len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphabetic() || is_mark(c)))
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..word_len];
        word.chars().count() >= 2
            && word.chars().next().is_some_and(char::is_uppercase)
            && self.openers.contains(&word.to_lowercase())
    }
}

/// A run of terminal punctuation.
struct TerminalRun {
    start: usize,
    /// Exactly one ".", which needs a look at the word in front of it.
    lone_period: bool,
    /// Contains a CJK full stop, which ends a sentence without a following space.
    needs_no_space: bool,
}

/// A non-blank line: the byte span of its trimmed content and what separates it from the
/// previous non-blank line.
struct Line {
    start: usize,
    end: usize,
    breaks_before: usize,
    paragraph_separator_before: bool,
}

impl Line {
    fn single_break_before(&self) -> bool {
        self.breaks_before <= 1 && !self.paragraph_separator_before
    }
}

/// The non-blank lines of `text`. Line breaks are Python's `str.splitlines` set, with "\r\n"
/// counted once.
fn non_blank_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut breaks = 0;
    let mut paragraph_separator = false;
    let mut push = |start: usize, end: usize, breaks: &mut usize, separator: &mut bool| {
        let content = &text[start..end];
        let trimmed = content.trim_start_matches(is_text_space);
        let leading = content.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(is_text_space);
        if !trimmed.is_empty() {
            lines.push(Line {
                start: start + leading,
                end: start + leading + trimmed.len(),
                breaks_before: *breaks,
                paragraph_separator_before: *separator,
            });
            *breaks = 0;
            *separator = false;
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_line_break(c) {
            continue;
        }
        push(line_start, i, &mut breaks, &mut paragraph_separator);
        line_start = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
            line_start += 1;
        }
        breaks += 1;
        paragraph_separator |= is_paragraph_separator(c);
    }
    push(
        line_start,
        text.len(),
        &mut breaks,
        &mut paragraph_separator,
    );
    lines
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_paragraph_separator(c: char) -> bool {
    matches!(c, '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{2029}')
}

/// CJK full stops, written without a following space.
fn ends_without_space(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Quotes and brackets that may close a sentence after its punctuation. Any quote mark
/// counts: directly after the punctuation it can only be closing (German closes with “).
fn is_closer(c: char) -> bool {
    is_quote(c)
        || matches!(
            c,
            ')' | ']' | '}' | '）' | '」' | '』' | '】' | '〉' | '》' | '〕'
        )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '‚'
            | '‟'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '＂'
    )
}

/// Opening quotes and brackets, and the Spanish inverted marks.
fn opens(c: char) -> bool {
    is_quote(c)
        || matches!(
            c,
            '(' | '[' | '{' | '（' | '「' | '『' | '【' | '〈' | '《' | '〔' | '¿' | '¡'
        )
}

/// Whether `c` can start a sentence: an uppercase or caseless letter, a digit, or an opening
/// quote or bracket.
fn starts_sentence(c: char) -> bool {
    opens(c) || c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase())
}

fn is_bullet_or_dash(c: char) -> bool {
    matches!(
        c,
        '•' | '·' | '*' | '-' | '–' | '—' | '►' | '▪' | '■' | '●' | '◦' | '‣'
    )
}

/// A line ending in one of these runs on into the next line: clause punctuation, hyphens and
/// dashes, opening brackets and unambiguously opening quotes.
fn continues_on_next_line(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '-' | '–' | '—' | '/' | '&' | '(' | '[' | '{' | '“' | '‘' | '„' | '¿' | '¡'
    )
}

fn is_mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

/// Initials and letter-period abbreviations such as "F", "U.S", "e.g" and "a.m": one or more
/// parts separated by periods, each a single letter (marks allowed).
fn is_initials(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut letters = part.chars().filter(|&c| !is_mark(c));
        matches!((letters.next(), letters.next()), (Some(letter), None) if letter.is_alphabetic())
    })
}

/// A list enumerator: a number of up to three digits or a single letter.
fn is_enumerator(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_alphanumeric(),
        _ => word.len() <= 3 && word.chars().all(|c| c.is_ascii_digit()),
    }
}

/// For a word starting at `word_start` that is preceded by "X. " (one space), X being a short
/// word: X. Used to recognise spaced abbreviations like "z. B.".
fn spaced_first_part(text: &str, word_start: usize) -> Option<&str> {
    let before = text[..word_start].strip_suffix(' ')?.strip_suffix('.')?;
    let part_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || is_mark(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let part = &before[part_start..];
    (!part.is_empty() && part.chars().count() <= 3).then_some(part)
}

#[inline]
fn first_char(text: &str, position: usize) -> Option<char> {
    text.get(position..).and_then(|rest| rest.chars().next())
}

/// Whitespace as Python's `str.isspace` sees it: Unicode White_Space plus the information
/// separators U+001C..U+001F, so spans are trimmed the way a Python user expects.
fn is_text_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn skip_whitespace(text: &str, position: usize) -> usize {
    let rest = &text[position..];
    position + (rest.len() - rest.trim_start_matches(is_text_space).len())
}

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
mod tests {
    use super::*;

    #[test]
    fn information_separators_are_trimmed_like_python_whitespace() {
        let splitter = SentenceSplitter::new("english").unwrap();
        assert_eq!(splitter.split("the\u{1f}"), vec![(0, 3)]);
        assert_eq!(splitter.split("\u{1c}Hi there."), vec![(1, 10)]);
    }

    /// The sentences of `text` under `language`, checking the span invariants on the way.
    fn split_in(language: &str, text: &str) -> Vec<String> {
        split_with(&SentenceSplitter::new(language).unwrap(), text)
    }

    fn split_generic(text: &str) -> Vec<String> {
        split_with(&SentenceSplitter::generic(), text)
    }

    fn split_with(splitter: &SentenceSplitter, text: &str) -> Vec<String> {
        let spans = splitter.split(text);
        let mut previous_end = 0;
        for &(start, end) in &spans {
            assert!(
                previous_end <= start && start < end && end <= text.len(),
                "{spans:?}"
            );
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            let sentence = &text[start..end];
            assert_eq!(sentence.trim(), sentence, "untrimmed sentence in {spans:?}");
            assert!(
                text[previous_end..start].trim().is_empty(),
                "text lost before {start}"
            );
            previous_end = end;
        }
        assert!(
            text[previous_end..].trim().is_empty(),
            "text lost at the end"
        );
        spans
            .iter()
            .map(|&(start, end)| text[start..end].to_string())
            .collect()
    }

    fn split(text: &str) -> Vec<String> {
        split_in("english", text)
    }

    #[test]
    fn splitter_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SentenceSplitter>();
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            split("The vote passed. Protests followed! Will it hold? Nobody knows."),
            [
                "The vote passed.",
                "Protests followed!",
                "Will it hold?",
                "Nobody knows."
            ]
        );
        assert_eq!(split("No punctuation at all"), ["No punctuation at all"]);
        assert_eq!(split("  Padded.  Again.  "), ["Padded.", "Again."]);
    }

    #[test]
    fn empty_and_blank_text() {
        assert!(split("").is_empty());
        assert!(split("   \n\n\t ").is_empty());
        assert_eq!(split("."), ["."]);
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            split("\"He left.\" She said so."),
            ["\"He left.\"", "She said so."]
        );
        assert_eq!(
            split("“We will win,” he said. “They won’t.” Then silence."),
            ["“We will win,” he said.", "“They won’t.”", "Then silence."]
        );
        assert_eq!(
            split("(It was late.) Everyone left."),
            ["(It was late.)", "Everyone left."]
        );
        assert_eq!(
            split("He said: 'It is over.' Then he left."),
            ["He said: 'It is over.'", "Then he left."]
        );
    }

    #[test]
    fn lowercase_after_punctuation_continues_the_sentence() {
        assert_eq!(split("\"Why?\" he asked."), ["\"Why?\" he asked."]);
        assert_eq!(
            split("\"Stop!\" shouted the officer."),
            ["\"Stop!\" shouted the officer."]
        );
        assert_eq!(
            split("It was... odd. Then it ended."),
            ["It was... odd.", "Then it ended."]
        );
        assert_eq!(split("Wait… what happened?"), ["Wait… what happened?"]);
    }

    #[test]
    fn opening_quotes_and_digits_start_sentences() {
        assert_eq!(
            split("He spoke. \"We are ready,\" he said."),
            ["He spoke.", "\"We are ready,\" he said."]
        );
        assert_eq!(
            split("It ended in 2015. 2016 was worse."),
            ["It ended in 2015.", "2016 was worse."]
        );
        assert_eq!(
            split("He left. (Nobody saw.)"),
            ["He left.", "(Nobody saw.)"]
        );
    }

    #[test]
    fn ellipsis_before_a_capital_ends_the_sentence() {
        assert_eq!(split("And then... The end."), ["And then...", "The end."]);
        assert_eq!(split("And then… The end."), ["And then…", "The end."]);
    }

    #[test]
    fn titles_never_end_sentences() {
        assert_eq!(
            split("Mr. Smith met Dr. Jones and Gen. Mark Milley. Sen. Warren agreed."),
            [
                "Mr. Smith met Dr. Jones and Gen. Mark Milley.",
                "Sen. Warren agreed."
            ]
        );
        assert_eq!(
            split("Talks resume on Jan. 5 in Geneva. Mrs. May attends."),
            ["Talks resume on Jan. 5 in Geneva.", "Mrs. May attends."]
        );
        assert_eq!(
            split("It was Roe v. Wade. Then came more."),
            ["It was Roe v. Wade.", "Then came more."]
        );
        assert_eq!(
            split("Fruit, e.g. Apples, i.e. Red ones. Fine."),
            ["Fruit, e.g. Apples, i.e. Red ones.", "Fine."]
        );
        assert_eq!(
            split("Brazil vs. Argentina ended 2-1."),
            ["Brazil vs. Argentina ended 2-1."]
        );
        assert_eq!(
            split("MR. SMITH SPEAKS. THE END."),
            ["MR. SMITH SPEAKS.", "THE END."]
        );
    }

    #[test]
    fn capitalised_abbreviations_do_not_swallow_ordinary_words() {
        // "no" and "gen" in lowercase are words, not "No." and "Gen.".
        assert_eq!(
            split("He said no. The talks failed."),
            ["He said no.", "The talks failed."]
        );
        assert_eq!(
            split("It is the next gen. Buyers agree."),
            ["It is the next gen.", "Buyers agree."]
        );
    }

    #[test]
    fn numbered_things() {
        assert_eq!(
            split("He was ranked No. 5 in the world. Fig. 3 shows it. See p. 12 for more."),
            [
                "He was ranked No. 5 in the world.",
                "Fig. 3 shows it.",
                "See p. 12 for more."
            ]
        );
        assert_eq!(
            split("The answer was No. Then silence."),
            ["The answer was No.", "Then silence."]
        );
    }

    #[test]
    fn decimals_and_numbers() {
        assert_eq!(
            split("Growth was 3.5 percent. Prices rose 0.2 points."),
            ["Growth was 3.5 percent.", "Prices rose 0.2 points."]
        );
        assert_eq!(split("It cost $4.99. Cheap."), ["It cost $4.99.", "Cheap."]);
        assert_eq!(split("Version 2.0.1 shipped."), ["Version 2.0.1 shipped."]);
    }

    #[test]
    fn months_before_a_day_and_names() {
        assert_eq!(split("On Jan. 5 we met."), ["On Jan. 5 we met."]);
        assert_eq!(split("I met Jan. She left."), ["I met Jan.", "She left."]);
    }

    #[test]
    fn citations_and_enumerations() {
        assert_eq!(
            split("Smith et al. (2020) found it. Then more."),
            ["Smith et al. (2020) found it.", "Then more."]
        );
        assert_eq!(
            split("1. First point. 2. Second point."),
            ["1. First point.", "2. Second point."]
        );
        assert_eq!(
            split("Hello!!! World?! Yes."),
            ["Hello!!!", "World?!", "Yes."]
        );
    }

    #[test]
    fn initials() {
        assert_eq!(
            split("John F. Kennedy was shot in 1963. J. R. R. Tolkien wrote books."),
            [
                "John F. Kennedy was shot in 1963.",
                "J. R. R. Tolkien wrote books."
            ]
        );
        assert_eq!(split("George W. Bush spoke."), ["George W. Bush spoke."]);
        assert_eq!(
            split("They chose plan B. The others left."),
            ["They chose plan B.", "The others left."]
        );
    }

    #[test]
    fn letter_period_abbreviations() {
        assert_eq!(
            split(
                "U.S. President Joe Biden met U.K. and E.U. leaders at the U.N. Security Council."
            ),
            ["U.S. President Joe Biden met U.K. and E.U. leaders at the U.N. Security Council."]
        );
        assert_eq!(
            split("Troops returned to the U.S. The war was over."),
            ["Troops returned to the U.S.", "The war was over."]
        );
        assert_eq!(
            split("It starts at 9 a.m. Eastern time. It ends at 5 p.m. The crowd leaves."),
            [
                "It starts at 9 a.m. Eastern time.",
                "It ends at 5 p.m.",
                "The crowd leaves."
            ]
        );
        // A one-letter opener is too easily an initial.
        assert_eq!(
            split("Made in the U.S. A plant closed."),
            ["Made in the U.S. A plant closed."]
        );
    }

    #[test]
    fn ambiguous_abbreviations_end_only_before_openers() {
        assert_eq!(
            split("Shares of Apple Inc. The company rose. Apple Inc. Chief Tim Cook spoke."),
            [
                "Shares of Apple Inc.",
                "The company rose.",
                "Apple Inc. Chief Tim Cook spoke."
            ]
        );
        assert_eq!(
            split("Bring food, water, etc. We leave soon. Martin Luther King Jr. Day is near."),
            [
                "Bring food, water, etc.",
                "We leave soon.",
                "Martin Luther King Jr. Day is near."
            ]
        );
        assert_eq!(
            split("He lives near St. Louis."),
            ["He lives near St. Louis."]
        );
        assert_eq!(
            split("He worked at Acme Corp. \"It was hard,\" he said."),
            ["He worked at Acme Corp.", "\"It was hard,\" he said."]
        );
    }

    #[test]
    fn blank_lines_always_split() {
        assert_eq!(
            split("Mr.\n\nSmith arrived in the U.S.\n\nthe end"),
            ["Mr.", "Smith arrived in the U.S.", "the end"]
        );
        assert_eq!(split("One\r\n\r\nTwo"), ["One", "Two"]);
        assert_eq!(split("One\n   \n\tTwo"), ["One", "Two"]);
        assert_eq!(split("One\u{2029}two"), ["One", "two"]);
    }

    #[test]
    fn headlines_and_paragraph_lines() {
        assert_eq!(
            split("Russia Launches New Strikes\nKyiv was hit overnight. Officials said 5 died.\nThe mayor spoke."),
            [
                "Russia Launches New Strikes",
                "Kyiv was hit overnight.",
                "Officials said 5 died.",
                "The mayor spoke."
            ]
        );
        assert_eq!(
            split("Key points:\n• Prices rose\n• Wages fell\n- Rents flat"),
            [
                "Key points:",
                "• Prices rose",
                "• Wages fell",
                "- Rents flat"
            ]
        );
        // Lines are paragraphs here, so a final period ends a sentence whatever follows.
        assert_eq!(
            split("First paragraph.\nsecond one starts lowercase"),
            ["First paragraph.", "second one starts lowercase"]
        );
        // Continuation punctuation and titles join lines.
        assert_eq!(
            split("Officials in London,\nParis and Berlin agreed.\nThey met Dr.\nSmith."),
            [
                "Officials in London,\nParis and Berlin agreed.",
                "They met Dr.\nSmith."
            ]
        );
    }

    #[test]
    fn hard_wrapped_text_joins_lines() {
        let text = "The president said on Tuesday that the\nadministration would act. Congress was\nNot consulted, aides said.\nLater he left.";
        assert_eq!(
            split(text),
            [
                "The president said on Tuesday that the\nadministration would act.",
                "Congress was\nNot consulted, aides said.",
                "Later he left."
            ]
        );
        // In wrapped text a line ending in a title continues, as inside a line.
        let text = "He was greeted by the\nnew envoy and Mr.\nJones. Then it rained.";
        assert_eq!(
            split(text),
            [
                "He was greeted by the\nnew envoy and Mr.\nJones.",
                "Then it rained."
            ]
        );
    }

    #[test]
    fn non_ascii_offsets() {
        assert_eq!(
            split_in(
                "english",
                "Café owners in Zürich protested. Señora Núñez spoke."
            ),
            ["Café owners in Zürich protested.", "Señora Núñez spoke."]
        );
        assert_eq!(
            split_in(
                "russian",
                "Путин прибыл в Москву. Он выступил с речью. В. В. Путин ушёл."
            ),
            [
                "Путин прибыл в Москву.",
                "Он выступил с речью.",
                "В. В. Путин ушёл."
            ]
        );
        assert_eq!(
            split_in(
                "arabic",
                "وصل الرئيس إلى القاهرة. وقال إن المحادثات مثمرة؟ نعم."
            ),
            [
                "وصل الرئيس إلى القاهرة.",
                "وقال إن المحادثات مثمرة؟",
                "نعم."
            ]
        );
        assert_eq!(
            split_in("tamil", "அவர் சென்னை வந்தார். மக்கள் வரவேற்றனர்."),
            ["அவர் சென்னை வந்தார்.", "மக்கள் வரவேற்றனர்."]
        );
        assert_eq!(
            split("你好。我很好！你呢？"),
            ["你好。", "我很好！", "你呢？"]
        );
        assert_eq!(
            split("「はい。」と彼は言った。次へ。"),
            ["「はい。」と彼は言った。", "次へ。"]
        );
        assert_eq!(
            split("Emoji 🙂. Next 🙂 one."),
            ["Emoji 🙂.", "Next 🙂 one."]
        );
    }

    #[test]
    fn german_rules() {
        assert_eq!(
            split_in(
                "de",
                "Es gibt z. B. Äpfel. Dr. Müller kam am 3. Oktober. Das war gut."
            ),
            [
                "Es gibt z. B. Äpfel.",
                "Dr. Müller kam am 3. Oktober.",
                "Das war gut."
            ]
        );
        assert_eq!(
            split_in(
                "german",
                "Siehe Nr. 5 und z.B. Birnen. Im Jahr 2015. Die Lage war ernst."
            ),
            [
                "Siehe Nr. 5 und z.B. Birnen.",
                "Im Jahr 2015.",
                "Die Lage war ernst."
            ]
        );
        assert_eq!(
            split_in("german", "„Wir gehen.“ Er ging. »Gut.« Sie blieb."),
            ["„Wir gehen.“", "Er ging.", "»Gut.«", "Sie blieb."]
        );
    }

    #[test]
    fn french_rules() {
        assert_eq!(
            split_in("fr", "M. Dupont et Mme Durand sont arrivés. Ils ont parlé."),
            ["M. Dupont et Mme Durand sont arrivés.", "Ils ont parlé."]
        );
        assert_eq!(
            split_in(
                "french",
                "« Il est parti. » Elle pleurait. « Pourquoi ? » Personne."
            ),
            [
                "« Il est parti. »",
                "Elle pleurait.",
                "« Pourquoi ? »",
                "Personne."
            ]
        );
    }

    #[test]
    fn other_languages() {
        assert_eq!(
            split_in("es", "El Sr. García llegó a EE.UU. El viaje fue largo."),
            ["El Sr. García llegó a EE.UU.", "El viaje fue largo."]
        );
        assert_eq!(
            split_in("greek", "Πού είναι ο κ. Παπαδόπουλος; Δεν ξέρω."),
            ["Πού είναι ο κ. Παπαδόπουλος;", "Δεν ξέρω."]
        );
        assert_eq!(
            split_in("swedish", "Det finns t.ex. Äpplen. Sedan gick han."),
            ["Det finns t.ex. Äpplen.", "Sedan gick han."]
        );
    }

    #[test]
    fn generic_rules_have_no_abbreviation_list() {
        let splitter = SentenceSplitter::generic();
        assert_eq!(splitter.language(), None);
        // Without an English abbreviation list, "Mr." is an ordinary word.
        assert_eq!(
            split_in("", "Mr. Smith left. He came back."),
            ["Mr. Smith left.", "He came back."]
        );
        assert_eq!(
            split_generic("Mr. Smith left. He came back."),
            ["Mr.", "Smith left.", "He came back."]
        );
        // Initials and letter-period abbreviations still hold.
        assert_eq!(
            split_generic("J. R. R. Tolkien met U.S. Officials."),
            ["J. R. R. Tolkien met U.S. Officials."]
        );
    }

    #[test]
    fn unknown_languages_are_a_language_parameter_error() {
        for bad in ["klingon", "xx", "englsh"] {
            match SentenceSplitter::new(bad).err().unwrap() {
                Error::InvalidParameter { name, reason } => {
                    assert_eq!(name, "language");
                    assert!(reason.contains(&format!("'{bad}'")), "{reason}");
                }
                other => panic!("unexpected error {other:?}"),
            }
        }
    }

    #[test]
    fn language_names_and_codes() {
        assert_eq!(
            SentenceSplitter::new("EN").unwrap().language(),
            Some("english")
        );
        assert_eq!(
            SentenceSplitter::new("German").unwrap().language(),
            Some("german")
        );
        assert_eq!(
            SentenceSplitter::new("").unwrap().language(),
            Some("english")
        );
        assert_eq!(SentenceSplitter::default().language(), Some("english"));
    }

    #[test]
    fn every_language_has_consistent_rules() {
        for &language in crate::text::stem::stem_languages() {
            let rules = rules_for(Some(language));
            let mut seen = FxHashSet::default();
            let lists = [rules.never, rules.before_number, rules.ambiguous];
            for entry in lists.iter().flat_map(|list| list.split_whitespace()) {
                assert!(
                    seen.insert(entry.to_lowercase()),
                    "{language}: {entry} listed twice"
                );
                assert!(!entry.ends_with('.'), "{language}: {entry}");
            }
            for opener in rules.openers.split_whitespace() {
                assert!(
                    opener.chars().next().is_some_and(char::is_uppercase),
                    "{opener}"
                );
            }
            let text = "Dr. A. B. Smith met U.S. Officials. It rained… Then 3.5 percent.\n\nEnd";
            let _ = split_in(language, text);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_and_covers_everything() {
        let pieces = [
            "a", "A", "é", "\u{301}", ".", "!", "?", "…", "。", "」", "\"", "“", "»", "«", " ",
            "\n", "\r\n", "\n\n", "Mr", "U.S", "z. B", "3", "中", "🙂", "\u{a0}", ";", "(", ")",
            "\u{2029}", "The",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for language in ["english", "german", "french", "greek", "tamil"] {
            for _ in 0..1500 {
                let mut text = String::new();
                for _ in 0..14 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    text.push_str(pieces[(state % pieces.len() as u64) as usize]);
                }
                let _ = split_in(language, &text);
            }
        }
    }

    #[test]
    fn a_news_article() {
        let text = "WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a $1.2 trillion \
                    spending bill. Sen. Chuck Schumer said it was \"a good day.\" The vote was \
                    68-32.\n\nPresident Joe Biden, who met U.K. Prime Minister Rishi Sunak on \
                    Jan. 5, is expected to sign it... Officials declined to comment.";
        assert_eq!(
            split(text),
            [
                "WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a $1.2 trillion spending bill.",
                "Sen. Chuck Schumer said it was \"a good day.\"",
                "The vote was 68-32.",
                "President Joe Biden, who met U.K. Prime Minister Rishi Sunak on Jan. 5, is expected to sign it...",
                "Officials declined to comment.",
            ]
        );
    }
}
