//! The per-language knowledge of the sentence splitter, kept as data: `languages.txt` (its
//! header describes the format), compiled in and parsed once. Adding a language or an
//! abbreviation is an edit of that file, not of the splitter.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::period::PeriodContext;

/// The rules of every language, as written.
const LANGUAGES: &str = include_str!("languages.txt");

/// One section of `languages.txt`: the languages it names and the words of each key.
#[derive(Debug, Default)]
pub(super) struct LanguageSection {
    pub languages: Vec<&'static str>,
    pub never: Vec<&'static str>,
    pub before_number: Vec<&'static str>,
    pub ambiguous: Vec<&'static str>,
    pub openers: Vec<&'static str>,
    pub flags: Vec<&'static str>,
}

impl LanguageSection {
    /// The word list of `key`, if the format has that key.
    fn list_mut(&mut self, key: &str) -> Option<&mut Vec<&'static str>> {
        match key {
            "never" => Some(&mut self.never),
            "before_number" => Some(&mut self.before_number),
            "ambiguous" => Some(&mut self.ambiguous),
            "openers" => Some(&mut self.openers),
            "flags" => Some(&mut self.flags),
            _ => None,
        }
    }
}

/// The parsed table, with every line it could not read (the tests require none).
#[derive(Debug, Default)]
pub(super) struct LanguageTable {
    pub sections: Vec<LanguageSection>,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "read by the tests, which require it empty")
    )]
    pub problems: Vec<String>,
}

/// `languages.txt`, parsed on first use.
pub(super) fn language_table() -> &'static LanguageTable {
    static TABLE: OnceLock<LanguageTable> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(LANGUAGES))
}

/// Parses the table format (see `languages.txt`). A line it cannot read is skipped and
/// recorded in `problems`, never a panic.
pub(super) fn parse_table(text: &'static str) -> LanguageTable {
    let mut sections: Vec<LanguageSection> = Vec::new();
    let mut problems = Vec::new();
    // The key that indented lines continue.
    let mut key: Option<&'static str> = None;
    for (index, line) in text.lines().enumerate() {
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(names) = content.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            sections.push(LanguageSection {
                languages: names.split_whitespace().collect(),
                ..LanguageSection::default()
            });
            key = None;
            continue;
        }
        let mut words = content.split_whitespace();
        if !line.starts_with(char::is_whitespace) {
            key = words.next();
        }
        let list = sections
            .last_mut()
            .and_then(|section| section.list_mut(key?));
        match list {
            Some(list) => list.extend(words),
            None => problems.push(format!("line {}: no section or unknown key", index + 1)),
        }
    }
    for section in &sections {
        for flag in section.flags.iter().filter(|flag| !FLAGS.contains(flag)) {
            problems.push(format!("{:?}: unknown flag {flag:?}", section.languages));
        }
    }
    LanguageTable { sections, problems }
}

/// One abbreviation as the splitter looks it up.
#[derive(Debug, Clone, Copy)]
struct Abbreviation {
    context: PeriodContext,
    /// Written with a capital: matches only capitalised words.
    capitalised: bool,
}

/// The rules of one language, ready for lookups. The default is the generic rules: no
/// abbreviations, no openers, no flags.
#[derive(Debug, Clone, Default)]
pub(super) struct LanguageRules {
    /// Keyed by the lowercase abbreviation without its final period.
    abbreviations: FxHashMap<String, Abbreviation>,
    /// Lowercase sentence openers.
    openers: FxHashSet<String>,
    /// The language's stop words (lowercase): common words, not names, so a capitalised one
    /// after an abbreviation starts a sentence.
    common_words: FxHashSet<&'static str>,
    /// "3." is an ordinal ("am 3. Oktober") rather than a sentence end.
    pub ordinal_periods: bool,
    /// ";" is the question mark.
    pub semicolon_question_mark: bool,
    /// "»" after a space closes a quotation ("« Il est parti. » Elle").
    pub spaced_closing_guillemets: bool,
}

impl LanguageRules {
    /// The rules of `language` (a canonical name) from the table; the generic rules for None
    /// or a language without a section.
    pub fn for_language(language: Option<&str>) -> Self {
        let section = language.and_then(|language| {
            language_table()
                .sections
                .iter()
                .find(|section| section.languages.contains(&language))
        });
        let mut rules = match section {
            Some(section) => Self::from_section(section),
            None => Self::default(),
        };
        if let Some(language) = language {
            rules.common_words = crate::text::stopwords::stop_words(language)
                .map(|words| words.into_iter().collect())
                .unwrap_or_default();
        }
        rules
    }

    fn from_section(section: &LanguageSection) -> Self {
        let mut abbreviations = FxHashMap::default();
        for (entries, context) in [
            (&section.never, PeriodContext::Never),
            (&section.before_number, PeriodContext::BeforeNumber),
            (&section.ambiguous, PeriodContext::Weak),
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
        let flag = |name: &str| section.flags.contains(&name);
        LanguageRules {
            abbreviations,
            openers: section.openers.iter().map(|w| w.to_lowercase()).collect(),
            common_words: FxHashSet::default(),
            ordinal_periods: flag("ordinal_periods"),
            semicolon_question_mark: flag("semicolon_question_mark"),
            spaced_closing_guillemets: flag("spaced_closing_guillemets"),
        }
    }

    /// What the abbreviation `word` (without its final period) says, if it is one of the
    /// language's: an entry with a capital matches only a capitalised word.
    pub fn abbreviation(&self, word: &str) -> Option<PeriodContext> {
        let found = self.abbreviations.get(&word.to_lowercase())?;
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        (capitalised || !found.capitalised).then_some(found.context)
    }

    /// Whether `word` (in any case) is one of the language's stop words.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common_words.contains(word.to_lowercase().as_str())
    }

    /// Whether `word` (in any case) is one of the language's sentence openers.
    pub fn is_opener(&self, word: &str) -> bool {
        self.openers.contains(&word.to_lowercase())
    }
}

/// The flags the splitter knows (see `languages.txt`).
pub(super) const FLAGS: [&str; 3] = [
    "ordinal_periods",
    "semicolon_question_mark",
    "spaced_closing_guillemets",
];
