//! The non-blank lines of a text, and what separates each from the one before: the first
//! step of sentence splitting.

use super::chars::{is_line_break, is_paragraph_separator, is_text_space};

/// A non-blank line: the byte span of its trimmed content and what separates it from the
/// previous non-blank line.
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    breaks_before: usize,
    paragraph_separator_before: bool,
}

impl Line {
    pub fn single_break_before(&self) -> bool {
        self.breaks_before <= 1 && !self.paragraph_separator_before
    }
}

/// The non-blank lines of `text`. Line breaks are Python's `str.splitlines` set, with "\r\n"
/// counted once.
pub(super) fn non_blank_lines(text: &str) -> Vec<Line> {
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
