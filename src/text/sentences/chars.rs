//! The character classes the sentence splitter reads: line breaks, terminal punctuation that
//! needs no space, quotes and brackets, bullets, and whitespace as Python sees it.

use unicode_normalization::char::is_combining_mark;

/// Line breaks: Python's `str.splitlines` set.
pub(super) fn is_line_break(c: char) -> bool {
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

/// Breaks that always end a paragraph: form feed, the information separators and U+2029.
pub(super) fn is_paragraph_separator(c: char) -> bool {
    matches!(c, '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{2029}')
}

/// CJK full stops, written without a following space.
pub(super) fn ends_without_space(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Quotes and brackets that may close a sentence after its punctuation. Any quote mark
/// counts: directly after the punctuation it can only be closing (German closes with “).
pub(super) fn is_closer(c: char) -> bool {
    is_quote(c)
        || matches!(
            c,
            ')' | ']' | '}' | '）' | '」' | '』' | '】' | '〉' | '》' | '〕'
        )
}

/// Quote marks, opening or closing.
pub(super) fn is_quote(c: char) -> bool {
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

/// Opening quotes and brackets, and the Spanish inverted marks. The backtick opens the
/// newswire ASCII quotation ``like this''.
pub(super) fn opens(c: char) -> bool {
    is_quote(c)
        || matches!(
            c,
            '(' | '[' | '{' | '（' | '「' | '『' | '【' | '〈' | '《' | '〔' | '¿' | '¡' | '`'
        )
}

/// Whether `c` can start a sentence: an uppercase or caseless letter, a digit, or an opening
/// quote or bracket.
pub(super) fn starts_sentence(c: char) -> bool {
    opens(c) || c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase())
}

/// Bullets and dashes that open a list item.
pub(super) fn is_bullet_or_dash(c: char) -> bool {
    matches!(
        c,
        '•' | '·' | '*' | '-' | '–' | '—' | '►' | '▪' | '■' | '●' | '◦' | '‣'
    )
}

/// A line ending in one of these runs on into the next line: clause punctuation, hyphens and
/// dashes, opening brackets and unambiguously opening quotes.
pub(super) fn continues_on_next_line(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '-' | '–' | '—' | '/' | '&' | '(' | '[' | '{' | '“' | '‘' | '„' | '¿' | '¡'
    )
}

/// A combining mark (never ASCII), which belongs to the word it follows.
pub(super) fn is_mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

/// The character at byte `position`, if any.
#[inline]
pub(super) fn first_char(text: &str, position: usize) -> Option<char> {
    text.get(position..).and_then(|rest| rest.chars().next())
}

/// Whitespace as Python's `str.isspace` sees it: Unicode White_Space plus the information
/// separators U+001C..U+001F, so spans are trimmed the way a Python user expects.
pub(super) fn is_text_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The position after the whitespace at `position`.
pub(super) fn skip_whitespace(text: &str, position: usize) -> usize {
    let rest = &text[position..];
    position + (rest.len() - rest.trim_start_matches(is_text_space).len())
}
