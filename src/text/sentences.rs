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
//!   `Mr.` `Mrs.` `Dr.` `Prof.` `Gen.` `Sen.` `Gov.` `vs.` `e.g.` `i.e.` and month names such as
//!   `Jan.` (English; other languages have their own lists, e.g. German `z. B.` and `Nr.`,
//!   French `M.` and `Mme`).
//! * **Numbering abbreviations** (`No.` `Vol.` `Art.` `p.` ...) do not end a sentence when a
//!   number follows ("No. 5").
//! * **Ambiguous abbreviations** (`etc.` `Inc.` `Ltd.` `Co.` `Corp.` `Jr.` `St.` ...),
//!   **letter-period abbreviations** (`U.S.` `U.K.` `a.m.`, any run of single letters each
//!   followed by a period) and **single-letter initials** (`John F. Kennedy`,
//!   `J. R. R. Tolkien`) end a sentence only when the next word is a common sentence opener of
//!   the language ("The", "He", "But", ... in English) or an opening quote follows: `the U.S.
//!   The` splits, `U.S. President` does not. Where a language has no opener list, these never
//!   end a sentence within a line. In German, an ordinal number (`am 3. Oktober`) is treated
//!   the same way.
//! * Anything else (an ordinary word, a number, a closing bracket) ends the sentence by the
//!   general rule.
//!
//! Abbreviations written with a capital ("Mr", "No", "Gen") match only when capitalised, so
//! the ordinary words "no" and "gen" still end sentences; lowercase ones ("etc", "vs") match in
//! any case. Unknown languages get the generic rules: everything above except the
//! language's abbreviation and opener lists.

use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::char::is_combining_mark;

use crate::error::Result;
use crate::text::stem::resolve_language;

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

/// The abbreviation knowledge of one language. Entries are written without their final period;
/// an entry starting with a capital matches only capitalised words.
struct LanguageRules {
    never: &'static [&'static str],
    before_number: &'static [&'static str],
    ambiguous: &'static [&'static str],
    /// Common sentence-opening words, capitalised.
    openers: &'static [&'static str],
    /// "3." is an ordinal ("am 3. Oktober") rather than a sentence end.
    ordinal_periods: bool,
    /// ";" is the question mark.
    semicolon_question_mark: bool,
    /// "»" after a space closes a quotation ("« Il est parti. » Elle").
    spaced_closing_guillemets: bool,
}

const GENERIC: LanguageRules = LanguageRules {
    never: &[],
    before_number: &[],
    ambiguous: &[],
    openers: &[],
    ordinal_periods: false,
    semicolon_question_mark: false,
    spaced_closing_guillemets: false,
};

const ENGLISH: LanguageRules = LanguageRules {
    never: &[
        "Mr", "Mrs", "Ms", "Mx", "Messrs", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt",
        "Cmdr", "Adm", "Maj", "Brig", "Cpl", "Pvt", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres",
        "Supt", "Det", "Insp", "Mt", "Ft", "vs", "v", "e.g", "i.e", "cf", "esp", "incl",
        "approx", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
        "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri",
    ],
    before_number: &["No", "Nos", "Vol", "Vols", "Art", "Fig", "Figs", "p", "pp", "ch", "sec"],
    ambiguous: &[
        "etc", "Inc", "Corp", "Ltd", "Co", "Cos", "Bros", "Jr", "Sr", "St", "Ave", "Blvd", "Rd",
        "plc", "al", "Esq", "Dept", "Univ", "Assn", "Govt",
    ],
    openers: &[
        "The", "This", "That", "These", "Those", "There", "Then", "They", "Their", "He", "She",
        "His", "Her", "It", "Its", "We", "Our", "You", "Your", "But", "And", "However", "In",
        "On", "At", "As", "After", "Before", "When", "While", "If", "Some", "Many", "Most",
        "Other", "Another", "Meanwhile", "Also", "Yet", "So", "Still", "Now", "Today", "An",
        "Both", "Each", "Not", "Since", "Although", "Though", "Despite", "During", "For",
        "From", "With", "Who", "What", "Where", "Why", "How", "Which", "One",
    ],
    ..GENERIC
};

const GERMAN: LanguageRules = LanguageRules {
    never: &[
        "Dr", "Prof", "Hr", "Hrn", "Fr", "Frl", "Dipl", "Ing", "Mag", "St", "z.b", "d.h", "u.a",
        "o.ä", "u.ä", "s.o", "s.u", "v.a", "u.u", "ggf", "vgl", "bzw", "sog", "evtl", "inkl",
        "zzgl", "bspw", "ca", "Jan", "Feb", "Mär", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
        "Okt", "Nov", "Dez",
    ],
    before_number: &["Nr", "Abs", "Art", "Bd", "Tel", "Kap"],
    ambiguous: &["usw", "etc", "Str", "Mio", "Mrd", "Tsd", "Jh", "Jhd", "Chr", "Co", "Inc"],
    openers: &[
        "Der", "Die", "Das", "Dem", "Den", "Des", "Er", "Sie", "Es", "Wir", "Ich", "Ihr", "Man",
        "Ein", "Eine", "Einen", "Aber", "Und", "Doch", "Denn", "Dies", "Diese", "Dieser",
        "Dieses", "Damit", "Dann", "Danach", "Deshalb", "Auch", "Im", "In", "Am", "Auf", "Nach",
        "Vor", "Mit", "Bei", "Seit", "Laut", "Zudem", "Allerdings", "Trotzdem", "So", "Wie",
        "Was", "Wer", "Wenn", "Als", "Nun", "Heute",
    ],
    ordinal_periods: true,
    ..GENERIC
};

const FRENCH: LanguageRules = LanguageRules {
    never: &[
        "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me", "Mgr", "St", "Ste", "cf",
        "env", "av", "bd", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc",
    ],
    before_number: &["p", "pp", "n", "no", "art", "chap", "vol"],
    ambiguous: &["etc", "Cie"],
    openers: &[
        "Le", "La", "Les", "Il", "Elle", "Ils", "Elles", "On", "Nous", "Vous", "Je", "Un", "Une",
        "Des", "Ce", "Cette", "Ces", "Mais", "Et", "Pour", "Dans", "En", "Selon", "Depuis",
        "Après", "Avant", "Alors", "Ainsi", "Cependant", "Pourtant", "Si", "Lors", "Au", "Aux",
        "Du", "De", "Son", "Sa", "Ses", "Leur", "Leurs",
    ],
    spaced_closing_guillemets: true,
    ..GENERIC
};

const SPANISH: LanguageRules = LanguageRules {
    never: &[
        "Sr", "Sra", "Srta", "Sres", "Sras", "Dr", "Dra", "Lic", "Ing", "Arq", "Prof", "Profa",
        "Ud", "Uds", "Vd", "Vds", "Gral", "Cnel", "Tte", "Sto", "Sta", "Dña", "Excmo", "Excma",
        "p.ej", "aprox", "ene", "abr", "ago", "dic", "sept", "oct", "nov",
    ],
    before_number: &["núm", "pág", "págs", "art", "cap", "vol"],
    ambiguous: &["etc", "ee.uu", "Cía"],
    openers: &[
        "El", "La", "Los", "Las", "Lo", "Un", "Una", "Unos", "Unas", "Él", "Ella", "Ellos",
        "Ellas", "Este", "Esta", "Estos", "Estas", "Ese", "Esa", "Eso", "Pero", "En", "Según",
        "Para", "Por", "Con", "Sin", "Tras", "Desde", "Además", "Así", "Al", "Del", "Su",
        "Sus", "Se", "Hay", "También",
    ],
    ..GENERIC
};

const ITALIAN: LanguageRules = LanguageRules {
    never: &[
        "Sig", "Sigg", "Sig.ra", "Sig.na", "Dott", "Dott.ssa", "Prof", "Avv", "Ing", "Arch",
        "On", "Sen", "Gen", "Col", "Mons",
    ],
    before_number: &["n", "nn", "pag", "pagg", "art", "cap", "vol"],
    ambiguous: &["ecc", "etc"],
    openers: &[
        "Il", "Lo", "La", "Gli", "Le", "Un", "Una", "Uno", "Ma", "In", "Per", "Con", "Secondo",
        "Questo", "Questa", "Dopo", "Anche", "Non",
    ],
    ..GENERIC
};

const PORTUGUESE: LanguageRules = LanguageRules {
    never: &[
        "Sr", "Sra", "Srta", "Dr", "Dra", "Prof", "Profa", "Eng", "Exmo", "Exma", "Av", "Sto",
        "Sta",
    ],
    before_number: &["n", "pág", "art", "cap", "vol"],
    ambiguous: &["etc", "Ltda", "Cia"],
    openers: &[
        "Os", "As", "Um", "Uma", "Ele", "Ela", "Eles", "Elas", "Mas", "Em", "No", "Na", "Nos",
        "Nas", "Segundo", "Para", "Com", "Este", "Esta", "Isso", "Isto", "Também", "Depois",
    ],
    ..GENERIC
};

const DUTCH: LanguageRules = LanguageRules {
    never: &[
        "dhr", "mevr", "mw", "drs", "ir", "ing", "prof", "dr", "mr", "bijv", "o.a", "d.w.z",
        "m.b.t", "i.p.v", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt",
        "nov", "dec",
    ],
    before_number: &["nr", "blz", "art"],
    ambiguous: &["enz", "etc", "St"],
    openers: &[
        "De", "Het", "Een", "Hij", "Zij", "Ze", "Wij", "We", "Ik", "Maar", "En", "In", "Op",
        "Volgens", "Dat", "Dit", "Deze", "Die", "Er", "Ook", "Na",
    ],
    ..GENERIC
};

const SWEDISH: LanguageRules = LanguageRules {
    never: &["t.ex", "bl.a", "f.d", "p.g.a", "dvs", "ca", "s.k", "resp"],
    before_number: &["nr", "kl"],
    ambiguous: &["osv", "etc", "m.m", "m.fl"],
    openers: &[],
    ..GENERIC
};

const DANISH_NORWEGIAN: LanguageRules = LanguageRules {
    never: &["f.eks", "bl.a", "dvs", "ca", "hr", "mht", "pga", "ifm"],
    before_number: &["nr", "kl"],
    ambiguous: &["osv", "mv", "etc"],
    openers: &[],
    ..GENERIC
};

const RUSSIAN: LanguageRules = LanguageRules {
    never: &["т.е", "т.к", "т.н", "ул", "пр", "проф", "акад"],
    before_number: &["стр", "рис", "гл", "ст"],
    ambiguous: &[
        "г", "гг", "т.д", "т.п", "др", "млн", "млрд", "тыс", "руб", "коп", "долл",
    ],
    openers: &[
        "Он", "Она", "Оно", "Они", "Мы", "Это", "Этот", "Эта", "Но", "На", "По", "Как", "Так",
        "При", "После", "Однако", "Также", "Его", "Ее", "Её", "Их",
    ],
    ..GENERIC
};

const GREEK: LanguageRules = LanguageRules {
    never: &["κ", "κα", "π.χ", "δηλ"],
    before_number: &[],
    ambiguous: &["κλπ", "κ.λπ", "κ.ά"],
    openers: &[],
    semicolon_question_mark: true,
    ..GENERIC
};

const HUNGARIAN: LanguageRules = LanguageRules {
    never: &["dr", "pl", "kb", "ún", "ill"],
    before_number: &["sz"],
    ambiguous: &["stb"],
    openers: &[],
    ..GENERIC
};

const FINNISH: LanguageRules = LanguageRules {
    never: &["esim", "ns", "ks", "tri"],
    before_number: &["nro"],
    ambiguous: &["jne", "yms"],
    openers: &[],
    ..GENERIC
};

const ROMANIAN: LanguageRules = LanguageRules {
    never: &["dl", "dna", "dnul", "dr", "prof", "ing"],
    before_number: &["nr", "art", "pag"],
    ambiguous: &["etc"],
    openers: &[],
    ..GENERIC
};

const TURKISH: LanguageRules = LanguageRules {
    never: &["Dr", "Prof", "Doç", "Av", "Yrd", "Alb"],
    before_number: &["No"],
    // Turkish "vs." is "ve saire" (et cetera), not "versus".
    ambiguous: &["vb", "vs", "vd"],
    openers: &[],
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
    /// Rules for `language` (English by default; other languages fall back to generic rules
    /// plus their own abbreviations where known).
    ///
    /// `language` is a name or ISO 639-1 code from [`crate::text::stem::stem_languages`], in
    /// any case; an empty string means English. Any other language gets the generic rules.
    /// Never fails today; the `Result` leaves room for languages with required resources.
    pub fn new(language: &str) -> Result<Self> {
        let language = if language.trim().is_empty() {
            Some("english")
        } else {
            resolve_language(language)
        };
        Ok(Self::with_language(language))
    }

    fn with_language(language: Option<&'static str>) -> Self {
        let rules = rules_for(language);
        let mut abbreviations = FxHashMap::default();
        for (entries, context) in [
            (rules.never, PeriodContext::Never),
            (rules.before_number, PeriodContext::BeforeNumber),
            (rules.ambiguous, PeriodContext::Weak),
        ] {
            for entry in entries {
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
            openers: rules.openers.iter().map(|w| w.to_lowercase()).collect(),
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
            if !next.single_break_before() || self.line_break_ends_sentence(text, line, next, wrapped)
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
    fn line_break_ends_sentence(&self, text: &str, line: &Line, next: &Line, wrapped: bool) -> bool {
        if let Some(terminal) = self.final_terminal(text, line) {
            if terminal.needs_no_space {
                return true;
            }
            let context = self.terminal_context(text, &terminal);
            if wrapped {
                // The break is an ordinary space.
                return self.ends_before(text, next.start, context);
            }
            // The line is a paragraph: only abbreviations that never end a sentence join.
            return match context {
                PeriodContext::Never => false,
                PeriodContext::BeforeNumber => !first_char(text, next.start).is_some_and(char::is_numeric),
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
            content.trim_end_matches(|c: char| is_closer(c) || c == ' ' || c == '\u{a0}' || c == '\u{202f}')
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
                    && self.ends_before(block, next, self.terminal_context(block, &terminal))
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
            '.' | '!'
                | '?'
                | '…'
                | '‼'
                | '⁇'
                | '⁈'
                | '⁉'
                | '؟'
                | '۔'
                | '।'
                | '॥'
                | '\u{037E}'
        ) || ends_without_space(c)
            || (c == ';' && self.semicolon_question_mark)
    }

    fn terminal_context(&self, text: &str, terminal: &TerminalRun) -> PeriodContext {
        if terminal.lone_period {
            self.period_context(text, terminal.start)
        } else {
            PeriodContext::Plain
        }
    }

    /// What the word in front of the period at `dot` says about a sentence end.
    fn period_context(&self, text: &str, dot: usize) -> PeriodContext {
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
            PeriodContext::Weak => opens(c) || self.is_opener_word(text, next),
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
        let trimmed = content.trim_start();
        let leading = content.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
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
    push(line_start, text.len(), &mut breaks, &mut paragraph_separator);
    lines
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
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
    is_quote(c) || matches!(c, ')' | ']' | '}' | '）' | '」' | '』' | '】' | '〉' | '》' | '〕')
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '‚' | '‟' | '‛' | '«' | '»' | '‹' | '›' | '＂'
    )
}

/// Opening quotes and brackets, and the Spanish inverted marks.
fn opens(c: char) -> bool {
    is_quote(c) || matches!(c, '(' | '[' | '{' | '（' | '「' | '『' | '【' | '〈' | '《' | '〔' | '¿' | '¡')
}

/// Whether `c` can start a sentence: an uppercase or caseless letter, a digit, or an opening
/// quote or bracket.
fn starts_sentence(c: char) -> bool {
    opens(c) || c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase())
}

fn is_bullet_or_dash(c: char) -> bool {
    matches!(c, '•' | '·' | '*' | '-' | '–' | '—' | '►' | '▪' | '■' | '●' | '◦' | '‣')
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

fn skip_whitespace(text: &str, position: usize) -> usize {
    let rest = &text[position..];
    position + (rest.len() - rest.trim_start().len())
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let trimmed = piece.trim_start();
    let leading = piece.len() - trimmed.len();
    let trimmed = trimmed.trim_end();
    if !trimmed.is_empty() {
        out.push((start + leading, start + leading + trimmed.len()));
    }
}
