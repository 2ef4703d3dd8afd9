//! Snowball stemming (rust-stemmers), memoised per distinct word.
//!
//! The 18 Snowball languages are named in lowercase English ("english", "german", ...) or by
//! their ISO 639-1 code ("en", "de", ...), case-insensitively. The same names select stop-word
//! lists ([`crate::text::stopwords`]) and sentence-splitting rules
//! ([`crate::text::sentences`]).

use std::borrow::Cow;

use rust_stemmers::Algorithm;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// One Snowball language: its name, its ISO 639-1 code(s) and the algorithm.
struct LanguageEntry {
    name: &'static str,
    codes: &'static [&'static str],
    algorithm: Algorithm,
}

/// Every language rust-stemmers implements, in alphabetical order of name.
const LANGUAGES: [LanguageEntry; 18] = [
    entry("arabic", &["ar"], Algorithm::Arabic),
    entry("danish", &["da"], Algorithm::Danish),
    entry("dutch", &["nl"], Algorithm::Dutch),
    entry("english", &["en"], Algorithm::English),
    entry("finnish", &["fi"], Algorithm::Finnish),
    entry("french", &["fr"], Algorithm::French),
    entry("german", &["de"], Algorithm::German),
    entry("greek", &["el"], Algorithm::Greek),
    entry("hungarian", &["hu"], Algorithm::Hungarian),
    entry("italian", &["it"], Algorithm::Italian),
    // The Snowball Norwegian stemmer is written for Bokmål ("nb"), the common written form.
    entry("norwegian", &["no", "nb"], Algorithm::Norwegian),
    entry("portuguese", &["pt"], Algorithm::Portuguese),
    entry("romanian", &["ro"], Algorithm::Romanian),
    entry("russian", &["ru"], Algorithm::Russian),
    entry("spanish", &["es"], Algorithm::Spanish),
    entry("swedish", &["sv"], Algorithm::Swedish),
    entry("tamil", &["ta"], Algorithm::Tamil),
    entry("turkish", &["tr"], Algorithm::Turkish),
];

const fn entry(
    name: &'static str,
    codes: &'static [&'static str],
    algorithm: Algorithm,
) -> LanguageEntry {
    LanguageEntry {
        name,
        codes,
        algorithm,
    }
}

const LANGUAGE_NAMES: [&str; 18] = {
    let mut names = [""; 18];
    let mut i = 0;
    while i < LANGUAGES.len() {
        names[i] = LANGUAGES[i].name;
        i += 1;
    }
    names
};

fn find_language(language: &str) -> Option<&'static LanguageEntry> {
    let wanted = language.trim();
    LANGUAGES.iter().find(|entry| {
        entry.name.eq_ignore_ascii_case(wanted)
            || entry
                .codes
                .iter()
                .any(|code| code.eq_ignore_ascii_case(wanted))
    })
}

/// The canonical (lowercase English) name of `language`, given as a name or an ISO 639-1 code
/// in any case, or None when it is not one of [`stem_languages`].
pub fn resolve_language(language: &str) -> Option<&'static str> {
    find_language(language).map(|entry| entry.name)
}

/// The ISO 639-1 code of `language` (a name or code in any case), or None when it is not one
/// of [`stem_languages`].
pub fn language_code(language: &str) -> Option<&'static str> {
    find_language(language).map(|entry| entry.codes[0])
}

/// The 18 languages rust-stemmers implements, lowercase English names.
pub fn stem_languages() -> &'static [&'static str] {
    &LANGUAGE_NAMES
}

/// A Snowball stemmer for one language. It holds no mutable state, so one stemmer can be shared
/// by any number of threads.
pub struct Stemmer {
    language: &'static str,
    inner: rust_stemmers::Stemmer,
}

impl Stemmer {
    /// `language` is one of [`stem_languages`] or its ISO 639-1 code (case-insensitive);
    /// anything else is `InvalidParameter` naming `stem`.
    pub fn new(language: &str) -> Result<Self> {
        let entry = find_language(language).ok_or_else(|| {
            Error::parameter(
                "stem",
                format!(
                    "unknown stemming language '{language}'; choose one of {}",
                    LANGUAGE_NAMES.join(", ")
                ),
            )
        })?;
        Ok(Stemmer {
            language: entry.name,
            inner: rust_stemmers::Stemmer::create(entry.algorithm),
        })
    }

    /// The canonical name of this stemmer's language, e.g. "english".
    pub fn language(&self) -> &'static str {
        self.language
    }

    /// The stem of `word`. Snowball expects lowercase input: uppercase letters are left alone
    /// and stop suffixes from matching. Usually borrows `word` when the stem is the word
    /// itself (not always: the English and Dutch stemmers copy a word with a "y" they mark and
    /// restore).
    ///
    /// ```
    /// use storylens::text::stem::Stemmer;
    /// let stemmer = Stemmer::new("en").unwrap();
    /// assert_eq!(stemmer.stem("running"), "run");
    /// ```
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        self.inner.stem(word)
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmer")
            .field("language", &self.language)
            .finish()
    }
}

/// Remembers the stem of every distinct word seen, so stemming costs one hash lookup per token.
///
/// A cache serves one language at a time: handing it a stemmer of another language empties it
/// first, so a stem is never served for the wrong language.
#[derive(Default)]
pub struct StemCache {
    /// Word → position of its stem in `stems`. Indices (rather than the stems themselves)
    /// let a hit return a borrow without a second lookup.
    positions: FxHashMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
    language: Option<&'static str>,
}

impl StemCache {
    /// An empty cache.
    pub fn new() -> Self {
        StemCache::default()
    }

    /// The stem of `word` under `stemmer`, computed once per distinct word.
    pub fn stem<'c>(&'c mut self, stemmer: &Stemmer, word: &str) -> &'c str {
        if self.language != Some(stemmer.language()) {
            self.clear();
            self.language = Some(stemmer.language());
        }
        if let Some(&position) = self.positions.get(word) {
            return &self.stems[position as usize];
        }
        let position = self.stems.len();
        let Ok(key) = u32::try_from(position) else {
            // Over four billion distinct words: start again rather than overflow the index.
            self.clear();
            self.language = Some(stemmer.language());
            return self.stem(stemmer, word);
        };
        self.stems.push(stemmer.stem(word).into());
        self.positions.insert(word.into(), key);
        &self.stems[position]
    }

    /// How many distinct words are cached.
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// Forgets every cached stem (keeps the allocations).
    pub fn clear(&mut self) {
        self.positions.clear();
        self.stems.clear();
        self.language = None;
    }
}

#[cfg(test)]
mod tests;
