//! Character classes and case mappings that follow the running Python's Unicode database.
//!
//! scikit-learn tokenises with Python's `re`, whose `\w` is `str.isalnum() or '_'` under the
//! Unicode version of the running interpreter. Rust's own tables are a different Unicode
//! version and a different definition (Rust's alphanumeric includes some combining marks), so
//! exact results need Python's answers. The binding asks Python once per process (a few C-speed
//! passes over all code points) and installs the result here; pure-Rust users get tables built
//! from Rust's standard library instead.

use std::sync::{Arc, OnceLock, RwLock};

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

const CODE_POINTS: usize = 0x11_0000;

/// A set of code points, one bit each (136 KiB).
#[derive(Clone)]
struct CodePointSet {
    bits: Vec<u64>,
}

impl CodePointSet {
    fn empty() -> Self {
        CodePointSet {
            bits: vec![0; CODE_POINTS / 64],
        }
    }

    fn from_chars(chars: impl Iterator<Item = char>) -> Self {
        let mut set = Self::empty();
        for c in chars {
            set.insert(c);
        }
        set
    }

    fn insert(&mut self, c: char) {
        let i = c as usize;
        self.bits[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        let i = c as usize;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// What the running Python says about every code point (surrogates excluded), gathered with a
/// few C-speed passes on the Python side.
pub struct PythonUnicodeReport<'a> {
    /// Where the data came from, e.g. "python 14.0.0".
    pub source: &'a str,
    /// Every code point in order, as one string.
    pub all_chars: &'a str,
    /// The code points for which `str.isalnum()` is true, plus `_`.
    pub word_chars: &'a str,
    /// The code points for which `str.isspace()` is true.
    pub space_chars: &'a str,
    /// The code points for which `str.isdecimal()` is true.
    pub digit_chars: &'a str,
    /// The code points for which `unicodedata.combining()` is non-zero.
    pub combining_chars: &'a str,
    /// `"\0".join(all_chars[1:]).lower()`.
    pub lowered: &'a str,
    /// `unicodedata.normalize("NFKD", "\0".join(all_chars[1:]))`.
    pub decomposed: &'a str,
    /// Chars that are cased and not case-ignorable, from [`sigma_probe_members`] over
    /// `"\0".join(c + "Σ" for c in all_chars[1:]).lower()`.
    pub sigma_cased_chars: &'a str,
    /// Case-ignorable chars: members of both the "A" + c + "Σ" and the "AΣ" + c probes.
    pub case_ignorable_chars: &'a str,
}

/// Python-compatible character properties: `\w`, `\s`, `\d`, `str.lower()` and the pieces of
/// `unicodedata` that accent stripping needs.
#[derive(Clone)]
pub struct CharTables {
    word: CodePointSet,
    space: CodePointSet,
    digit: CodePointSet,
    /// Every char whose lowercase differs from itself, with that lowercase (context-free;
    /// the final-sigma rule is applied by the normaliser).
    lower: FxHashMap<char, Box<str>>,
    /// NFKD decomposition of every char that has one.
    decomposition: FxHashMap<char, Box<str>>,
    /// Chars with a non-zero canonical combining class (`unicodedata.combining`).
    combining: CodePointSet,
    /// Cased and not case-ignorable: what decides a final sigma (Unicode's Final_Sigma rule
    /// skips case-ignorable chars, then looks for a cased one).
    sigma_cased: CodePointSet,
    case_ignorable: CodePointSet,
    /// Which Unicode database these tables came from, e.g. "python 14.0.0" or "rust".
    source: String,
}

/// ASCII `\w`: letters, digits and underscore.
#[inline]
fn ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl CharTables {
    /// Tables from Rust's standard library and `unicode-normalization`. They agree with Python
    /// on ASCII and on most letters, but not on every code point; use them when no Python is
    /// involved.
    pub fn rust_native() -> Self {
        use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
        let all = || (0..CODE_POINTS as u32).filter_map(char::from_u32);
        let word = CodePointSet::from_chars(
            all().filter(|c| (c.is_alphanumeric() && !is_mark(*c)) || *c == '_'),
        );
        let space = CodePointSet::from_chars(
            all().filter(|c| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(c)),
        );
        let digit = CodePointSet::from_chars(all().filter(|c| c.is_numeric() && c.is_digit_like()));
        let mut lower = FxHashMap::default();
        let mut decomposition = FxHashMap::default();
        for c in all() {
            let lowered: String = c.to_lowercase().collect();
            if lowered.len() != c.len_utf8() || !lowered.starts_with(c) {
                lower.insert(c, lowered.into_boxed_str());
            }
            let mut decomposed = String::new();
            decompose_compatible(c, |d| decomposed.push(d));
            if decomposed.chars().ne(std::iter::once(c)) {
                decomposition.insert(c, decomposed.into_boxed_str());
            }
        }
        let combining =
            CodePointSet::from_chars(all().filter(|c| canonical_combining_class(*c) != 0));
        // The standard library does not expose Cased / Case_Ignorable; these approximate them.
        let case_ignorable = CodePointSet::from_chars(all().filter(|&c| {
            is_mark(c)
                || matches!(
                    c,
                    '\'' | '.' | ':' | '^' | '`' | '\u{ad}' | '\u{b7}' | '\u{2019}'
                )
        }));
        let sigma_cased =
            CodePointSet::from_chars(all().filter(|&c| {
                (c.is_lowercase() || c.is_uppercase()) && !case_ignorable.contains(c)
            }));
        CharTables {
            word,
            space,
            digit,
            lower,
            decomposition,
            combining,
            sigma_cased,
            case_ignorable,
            source: "rust".to_string(),
        }
    }

    /// Builds the tables from what Python reports about every code point.
    pub fn from_python(report: &PythonUnicodeReport<'_>) -> Result<Self> {
        Ok(CharTables {
            word: CodePointSet::from_chars(report.word_chars.chars()),
            space: CodePointSet::from_chars(report.space_chars.chars()),
            digit: CodePointSet::from_chars(report.digit_chars.chars()),
            lower: per_char_mapping(report.all_chars, report.lowered, "lowered")?,
            decomposition: per_char_mapping(report.all_chars, report.decomposed, "decomposed")?,
            combining: CodePointSet::from_chars(report.combining_chars.chars()),
            sigma_cased: CodePointSet::from_chars(report.sigma_cased_chars.chars()),
            case_ignorable: CodePointSet::from_chars(report.case_ignorable_chars.chars()),
            source: report.source.to_string(),
        })
    }

    /// Whether a capital sigma at `index` of `chars` lowercases to final sigma: Unicode's
    /// Final_Sigma condition, as CPython's `str.lower` applies it.
    pub fn is_final_sigma(&self, chars: &[char], index: usize) -> bool {
        let before = chars[..index]
            .iter()
            .rev()
            .find(|&&c| !self.case_ignorable.contains(c));
        if !before.is_some_and(|&c| self.sigma_cased.contains(c)) {
            return false;
        }
        let after = chars[index + 1..]
            .iter()
            .find(|&&c| !self.case_ignorable.contains(c));
        !after.is_some_and(|&c| self.sigma_cased.contains(c))
    }

    /// Python's `\w` (Unicode mode): `c.isalnum() or c == "_"`.
    #[inline]
    pub fn is_word(&self, c: char) -> bool {
        if c.is_ascii() {
            ascii_word(c as u8)
        } else {
            self.word.contains(c)
        }
    }

    /// Python's `\s` and `str.isspace`.
    #[inline]
    pub fn is_space(&self, c: char) -> bool {
        if c.is_ascii() {
            matches!(
                c,
                ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
            )
        } else {
            self.space.contains(c)
        }
    }

    /// Python's `\d` and `str.isdecimal`.
    #[inline]
    pub fn is_digit(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_digit()
        } else {
            self.digit.contains(c)
        }
    }

    /// The context-free lowercase of `c`, or None when it lowercases to itself.
    #[inline]
    pub fn lowercase_of(&self, c: char) -> Option<&str> {
        self.lower.get(&c).map(|s| &**s)
    }

    /// The NFKD decomposition of `c`, or None when it has none.
    #[inline]
    pub fn decomposition_of(&self, c: char) -> Option<&str> {
        self.decomposition.get(&c).map(|s| &**s)
    }

    /// `unicodedata.combining(c) != 0`.
    #[inline]
    pub fn is_combining(&self, c: char) -> bool {
        !c.is_ascii() && self.combining.contains(c)
    }

    /// Where these tables came from (`"rust"` or `"python <unicode version>"`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// All code points in `\w`, as sorted inclusive ranges (used to translate Python regexes).
    pub fn word_ranges(&self) -> Vec<(char, char)> {
        ranges_of(|c| self.is_word(c))
    }

    /// All code points in `\s`, as sorted inclusive ranges.
    pub fn space_ranges(&self) -> Vec<(char, char)> {
        ranges_of(|c| self.is_space(c))
    }

    /// All code points in `\d`, as sorted inclusive ranges.
    pub fn digit_ranges(&self) -> Vec<(char, char)> {
        ranges_of(|c| self.is_digit(c))
    }

    /// The ranges of `class`.
    pub fn class_ranges(&self, class: CharClass) -> Vec<(char, char)> {
        match class {
            CharClass::Word => self.word_ranges(),
            CharClass::Space => self.space_ranges(),
            CharClass::Digit => self.digit_ranges(),
        }
    }
}

/// Python's regex classes `\w`, `\s` and `\d`, by the names "word", "space" and "digit".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// `\w`: `str.isalnum()` or `_`.
    Word,
    /// `\s`: Python's whitespace.
    Space,
    /// `\d`: decimal digits.
    Digit,
}

impl std::str::FromStr for CharClass {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        match name {
            "word" => Ok(CharClass::Word),
            "space" => Ok(CharClass::Space),
            "digit" => Ok(CharClass::Digit),
            other => Err(Error::unknown_choice(
                "name",
                other,
                &["word", "space", "digit"],
            )),
        }
    }
}

fn ranges_of(member: impl Fn(char) -> bool) -> Vec<(char, char)> {
    let mut ranges: Vec<(char, char)> = Vec::new();
    for c in (0..CODE_POINTS as u32).filter_map(char::from_u32) {
        if !member(c) {
            continue;
        }
        match ranges.last_mut() {
            Some((_, end)) if (*end as u32) + 1 == c as u32 => *end = c,
            _ => ranges.push((c, c)),
        }
    }
    ranges
}

/// General category M* approximated from the standard library: combining marks are
/// alphabetic in Rust but never `isalnum` in Python.
fn is_mark(c: char) -> bool {
    use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
    is_combining_mark(c) || canonical_combining_class(c) != 0
}

trait DigitLike {
    fn is_digit_like(&self) -> bool;
}

impl DigitLike for char {
    /// The standard library has no "decimal digit" property. Decimal digits come in runs of
    /// ten consecutive numeric code points, which fractions and superscripts do not form, so
    /// that shape stands in for it (the Python tables, when installed, are exact).
    fn is_digit_like(&self) -> bool {
        if self.is_ascii() {
            return self.is_ascii_digit();
        }
        let c = *self as u32;
        (c.saturating_sub(9)..=c).any(|start| {
            (start..start + 10)
                .map(char::from_u32)
                .all(|d| d.is_some_and(|d| d.is_numeric()))
        })
    }
}

/// The code points that can carry any property these tables record, in order, for a Python
/// whose Unicode database is version `python_unicode_version` (e.g. "14.0.0"); None when that
/// version is newer than the general-category data compiled in, or unreadable.
///
/// Unassigned and private-use code points are never word, space, digit or combining chars,
/// never cased or case-ignorable, and lowercase and decompose to themselves, in every Unicode
/// version. A code point once assigned stays assigned, so the chars assigned in this data
/// include every char assigned in an older database. Asking Python about these ~150,000
/// instead of all 1.1 million makes building its tables (the first call's cost) ~5x cheaper.
pub fn assigned_code_points(python_unicode_version: &str) -> Option<String> {
    use unicode_general_category::{get_general_category, GeneralCategory, UNICODE_VERSION};
    let mut parts = python_unicode_version.split('.').map(str::parse::<u64>);
    let mut part = || parts.next().unwrap_or(Ok(0)).ok();
    let version = (part()?, part()?, part()?);
    if version > UNICODE_VERSION {
        return None;
    }
    Some(
        (0..CODE_POINTS as u32)
            .filter_map(char::from_u32)
            .filter(|&c| {
                !matches!(
                    get_general_category(c),
                    GeneralCategory::Unassigned | GeneralCategory::PrivateUse
                )
            })
            .collect(),
    )
}

/// The chars of `all_chars` (NUL excepted) whose lowercased probe in `probes` (NUL-separated,
/// in the same order) shows a final sigma. `layout` 0 means probes of the form "AΣc" (the
/// sigma is the second char); any other value means the sigma is the probe's last char.
/// Called once per probe so that Python never holds all three multi-megabyte probes at once.
pub fn sigma_probe_members(all_chars: &str, probes: &str, layout: u8) -> Result<String> {
    let mut members = String::new();
    let mut pieces = probes.split('\0');
    for c in all_chars.chars().filter(|&c| c != '\0') {
        let piece = pieces
            .next()
            .ok_or_else(|| Error::parameter("unicode tables", "sigma probe text is too short"))?;
        let sigma = match layout {
            // "A" + "Σ" + c: the sigma is the second char.
            0 => piece.chars().nth(1),
            // c + "Σ" or "A" + c + "Σ": the sigma is the last char.
            _ => piece.chars().next_back(),
        };
        if sigma == Some('ς') {
            members.push(c);
        }
    }
    Ok(members)
}

/// Pairs each char of `all_chars` with its image in `mapped` (the same chars joined by NUL and
/// transformed), keeping only the chars whose image differs.
fn per_char_mapping(
    all_chars: &str,
    mapped: &str,
    what: &str,
) -> Result<FxHashMap<char, Box<str>>> {
    let mut map = FxHashMap::default();
    let mut images = mapped.split('\0');
    for c in all_chars.chars() {
        if c == '\0' {
            // NUL is the separator; it maps to itself under both transforms.
            continue;
        }
        let image = images.next().ok_or_else(|| {
            Error::parameter("unicode tables", format!("{what} text is too short"))
        })?;
        if image.chars().ne(std::iter::once(c)) {
            map.insert(c, image.into());
        }
    }
    Ok(map)
}

fn installed() -> &'static RwLock<Option<Arc<CharTables>>> {
    static INSTALLED: OnceLock<RwLock<Option<Arc<CharTables>>>> = OnceLock::new();
    INSTALLED.get_or_init(|| RwLock::new(None))
}

/// Makes `tables` the ones [`current`] returns (the binding installs Python's once per process).
pub fn install(tables: CharTables) {
    let mut slot = installed().write().unwrap_or_else(|e| e.into_inner());
    *slot = Some(Arc::new(tables));
}

/// The installed tables, or the Rust-native ones when none were installed.
pub fn current() -> Arc<CharTables> {
    if let Some(tables) = installed()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
    {
        return Arc::clone(tables);
    }
    static NATIVE: OnceLock<Arc<CharTables>> = OnceLock::new();
    Arc::clone(NATIVE.get_or_init(|| Arc::new(CharTables::rust_native())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_tables_follow_python_on_common_chars() {
        let t = current();
        assert!(t.is_word('a') && t.is_word('_') && t.is_word('9') && t.is_word('é'));
        assert!(t.is_word('中') && t.is_word('ß'));
        assert!(!t.is_word('-') && !t.is_word(' ') && !t.is_word('\u{301}'));
        assert!(t.is_space('\u{a0}') && t.is_space('\x1f') && !t.is_space('a'));
        assert!(t.is_digit('٣') && !t.is_digit('½'));
        assert_eq!(t.lowercase_of('A'), Some("a"));
        assert_eq!(t.lowercase_of('İ'), Some("i\u{307}"));
        assert_eq!(t.lowercase_of('a'), None);
        assert_eq!(t.decomposition_of('é'), Some("e\u{301}"));
        assert_eq!(t.decomposition_of('ﬁ'), Some("fi"));
        assert!(t.is_combining('\u{301}') && !t.is_combining('e'));
    }

    #[test]
    fn python_style_tables_are_read_per_char() {
        let all = "aAé";
        let report = |lowered, decomposed| PythonUnicodeReport {
            source: "test",
            all_chars: all,
            word_chars: "aAé",
            space_chars: "",
            digit_chars: "",
            combining_chars: "",
            lowered,
            decomposed,
            sigma_cased_chars: "a",
            case_ignorable_chars: "",
        };
        let t = CharTables::from_python(&report("a\0a\0é", "a\0A\0e\u{301}")).unwrap();
        assert_eq!(t.lowercase_of('A'), Some("a"));
        assert_eq!(t.lowercase_of('a'), None);
        assert_eq!(t.decomposition_of('é'), Some("e\u{301}"));
        assert_eq!(t.source(), "test");
        // 'a' is cased: a sigma after it is final, one before it is not.
        assert!(t.is_final_sigma(&['a', 'Σ'], 1));
        assert!(!t.is_final_sigma(&['a', 'Σ', 'a'], 1));
        assert!(!t.is_final_sigma(&['Σ'], 0));
        assert_eq!(sigma_probe_members(all, "aς\0aσ\0éσ", 1).unwrap(), "a");
        assert_eq!(sigma_probe_members(all, "aσa\0aςa\0aσé", 0).unwrap(), "A");
        assert!(sigma_probe_members(all, "aς", 1).is_err());
        assert!(CharTables::from_python(&report("a", "a")).is_err());
    }

    #[test]
    fn ranges_cover_ascii_word_chars() {
        let t = current();
        let ranges = t.word_ranges();
        assert!(ranges.contains(&('0', '9')));
        assert!(ranges.contains(&('a', 'z')));
    }

    #[test]
    fn assigned_code_points_cover_older_databases_only() {
        let assigned = assigned_code_points("14.0.0").expect("14.0.0 is not newer than the data");
        let chars: Vec<char> = assigned.chars().collect();
        assert_eq!(chars[0], '\0');
        assert!(chars.windows(2).all(|pair| pair[0] < pair[1]));
        // Letters, marks, format chars and spaces are in; unassigned and private use are out.
        for c in ['a', 'Σ', '\u{301}', '\u{ad}', '\u{3000}', '中', '\u{1F600}'] {
            assert!(chars.binary_search(&c).is_ok(), "{c:?}");
        }
        for c in ['\u{378}', '\u{E000}', '\u{F0000}', '\u{10FFFD}', '\u{FFFF}'] {
            assert!(chars.binary_search(&c).is_err(), "{c:?}");
        }
        assert!((140_000..200_000).contains(&chars.len()), "{}", chars.len());
        assert_eq!(assigned_code_points("15.1"), assigned_code_points("15.1.0"));
        assert_eq!(assigned_code_points("99.0.0"), None);
        assert_eq!(assigned_code_points("unknown"), None);
    }
}
