//! The measurable shape of one paragraph unit: words, stop-word density (the jusText idea:
//! running prose is dense in function words, menus and labels are not), sentence shape,
//! links, markup, serialised data and separators.

use rustc_hash::FxHashSet;

/// Characters that separate the items of breadcrumbs and menus.
const SEPARATORS: &[char] = &[
    '»', '«', '›', '‹', '|', '•', '·', '>', '▸', '►', '/', '\\', '∙',
];

/// Characters that dominate serialised data (JSON, PHP `var_dump`, query strings).
const DATA_SYMBOLS: &[char] = &['{', '}', '[', ']', '"', ':', '=', '\\', ';', '<', '>', '_'];

/// Features of one unit.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Lowercase words: runs of letters and digits, apostrophes kept inside, typographic
    /// apostrophes folded to `'`.
    pub words: Vec<String>,
    /// Words that contain a letter.
    pub letter_words: usize,
    /// Words found in the language's stop-word list.
    pub stop_words: usize,
    /// Characters (code points) of the unit.
    pub chars: usize,
    /// Ends like a sentence (or a clause that runs on): `. ! ? …`, possibly followed by a
    /// closing quote or bracket, or `, ;` and `:`.
    pub sentence_end: bool,
    /// Ends with a full stop, question or exclamation mark (after closing quotes).
    pub full_stop: bool,
    /// Ends with a question mark (after closing quotes).
    pub question: bool,
    /// Characters inside URLs (`http…`, `www.…`).
    pub url_chars: usize,
    /// Holds an HTML tag such as `<div class="ad">` or `</p>`.
    pub markup: bool,
    /// Marks of serialised data: brackets, braces, quotes, colons and the like
    /// (`{}[]":=\\;<>_`).
    pub data_symbols: usize,
    /// Item separators that stand between spaces or words (`Home » World`).
    pub separators: usize,
    /// The most frequent separator, for reports.
    pub separator: Option<char>,
    /// Holds a copyright sign or "(c) 20..".
    pub copyright_sign: bool,
}

impl Features {
    /// Share of letter words that are stop words (0 when there are none).
    pub fn stop_density(&self) -> f64 {
        if self.letter_words == 0 {
            0.0
        } else {
            self.stop_words as f64 / self.letter_words as f64
        }
    }

    /// The words joined by single spaces: the unit's identity when lines are compared.
    pub fn key(&self) -> String {
        self.words.join(" ")
    }
}

/// Measures `text` (one unit, wrapped lines already joined).
pub fn measure(text: &str, stop_words: &FxHashSet<String>) -> Features {
    let mut features = Features {
        words: words_of(text),
        chars: text.chars().count(),
        ..Features::default()
    };
    for word in &features.words {
        if word.chars().any(char::is_alphabetic) {
            features.letter_words += 1;
            if stop_words.contains(word.as_str()) {
                features.stop_words += 1;
            }
        }
    }
    let (sentence_end, full_stop, question) = ending(text);
    features.sentence_end = sentence_end;
    features.full_stop = full_stop;
    features.question = question;
    features.url_chars = url_chars(text);
    features.markup = has_markup(text);
    features.data_symbols = text.chars().filter(|c| DATA_SYMBOLS.contains(c)).count();
    let (separators, separator) = separators(text);
    features.separators = separators;
    features.separator = separator;
    let lower = text.to_lowercase();
    features.copyright_sign =
        text.contains('©') || lower.contains("(c) 20") || lower.contains("(c) 19");
    features
}

/// The number of words of `text` that hold a letter (what the cleaner counts as words).
pub fn count_words(text: &str) -> usize {
    words_of(text)
        .iter()
        .filter(|word| word.chars().any(char::is_alphabetic))
        .count()
}

/// Lowercase words of `text`: letters and digits, with `'` inside a word kept (typographic
/// apostrophes folded), everything else a boundary.
pub fn words_of(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | 'ʼ')
            && !current.is_empty()
            && chars.peek().is_some_and(|next| next.is_alphanumeric())
        {
            current.push('\'');
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// (ends like a sentence or clause, ends with a full stop / ? / !, ends with ?).
fn ending(text: &str) -> (bool, bool, bool) {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | '«' | ')' | ']' | '*')
    });
    match trimmed.chars().next_back() {
        Some('?' | '？' | '¿') => (true, true, true),
        Some('.' | '!' | '…' | '。' | '！') => (true, true, false),
        Some(',' | ';' | ':') => (true, false, false),
        _ => (false, false, false),
    }
}

fn url_chars(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| {
            let lower = token.to_lowercase();
            lower.contains("://") || lower.starts_with("www.") || lower.contains(".com/")
        })
        .map(|token| token.chars().count())
        .sum()
}

/// An HTML tag: `<` then a letter or `/`, a tag name, and a `>` later on.
fn has_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'<'
            && bytes
                .get(i + 1)
                .is_some_and(|&next| next.is_ascii_alphabetic() || next == b'/' || next == b'!')
            && bytes[i + 1..].contains(&b'>')
    })
}

/// Counts separators that stand alone between items (`Home » World`, `A | B`), not the `/`
/// inside "AFP/AP" or "24/7".
fn separators(text: &str) -> (usize, Option<char>) {
    let chars: Vec<char> = text.chars().collect();
    let mut counts: Vec<(char, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !SEPARATORS.contains(&c) {
            continue;
        }
        let spaced_before = i == 0 || chars[i - 1].is_whitespace();
        let spaced_after = i + 1 == chars.len() || chars[i + 1].is_whitespace();
        // Guillemets and › are separators even when glued; bars and slashes only when spaced.
        let glued_ok = matches!(c, '»' | '›' | '▸' | '►');
        if (spaced_before && spaced_after) || glued_ok {
            match counts.iter_mut().find(|(seen, _)| *seen == c) {
                Some((_, count)) => *count += 1,
                None => counts.push((c, 1)),
            }
        }
    }
    let total = counts.iter().map(|(_, count)| count).sum();
    let most = counts
        .iter()
        .max_by_key(|(_, count)| *count)
        .map(|(c, _)| *c);
    (total, most)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> FxHashSet<String> {
        ["the", "a", "of", "to", "and", "in", "on", "was", "it"]
            .iter()
            .map(|word| word.to_string())
            .collect()
    }

    #[test]
    fn words_fold_apostrophes() {
        assert_eq!(
            words_of("Russia’s port—closed, “again” 24/7"),
            ["russia's", "port", "closed", "again", "24", "7"]
        );
    }

    #[test]
    fn prose_and_menus() {
        let prose = measure(
            "The port was closed on Friday, and it stayed shut.",
            &english(),
        );
        assert!(prose.sentence_end && prose.full_stop);
        assert!(prose.stop_density() > 0.4);
        let menu = measure("Home » World » Europe", &english());
        assert_eq!(menu.separators, 2);
        assert_eq!(menu.separator, Some('»'));
        assert!(!menu.sentence_end);
        let slash = measure("By AFP/AP", &english());
        assert_eq!(slash.separators, 0);
    }

    #[test]
    fn links_markup_data_and_copyright() {
        assert!(measure("<div class=\"ad-slot\">", &english()).markup);
        assert!(!measure("a < b and c > d", &english()).markup);
        assert_eq!(measure("https://example.com/a", &english()).url_chars, 21);
        assert!(measure("{\"id\":\"1\",\"title\":\"x\"}", &english()).data_symbols > 10);
        assert!(measure("© 2026 Harbour Times", &english()).copyright_sign);
        let quoted = measure("“We will not leave,” she said.”", &english());
        assert!(quoted.full_stop);
    }
}
