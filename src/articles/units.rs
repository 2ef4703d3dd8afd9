//! Paragraph units: the pieces of a scraped page that the cleaner keeps or removes whole.
//!
//! A scraped article is mostly one paragraph per line, but some scrapers hard-wrap prose at a
//! fixed width. Classifying the fragments of a wrapped paragraph one by one would throw away
//! prose that merely lacks a full stop at its line end, so consecutive lines are joined into
//! one unit when the first visibly runs on into the next (see `continues_into`).

/// One unit: a line, or several physical lines of one wrapped paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Byte span in the original text, without surrounding whitespace.
    pub start: usize,
    /// End of the byte span.
    pub end: usize,
    /// Index of the unit's first physical line (0-based), for reports.
    pub first_line: usize,
    /// Number of physical lines the unit spans.
    pub line_count: usize,
}

impl Unit {
    /// The unit's text with line breaks inside a wrapped paragraph turned into spaces.
    pub fn joined_text(&self, text: &str) -> String {
        let raw = &text[self.start..self.end];
        if self.line_count == 1 {
            return raw.to_string();
        }
        raw.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A trimmed physical line: byte span and index.
#[derive(Debug, Clone, Copy)]
struct PhysicalLine {
    start: usize,
    end: usize,
    index: usize,
}

/// Splits `text` into units. Blank lines separate paragraphs; within a block of non-blank
/// lines, a line is joined to the next when the text runs on across the break.
pub fn split_units(text: &str) -> Vec<Unit> {
    let lines = physical_lines(text);
    let mut units: Vec<Unit> = Vec::new();
    let mut previous: Option<PhysicalLine> = None;
    for line in lines {
        let joins = previous.is_some_and(|before| {
            line.index == before.index + 1
                && continues_into(&text[before.start..before.end], &text[line.start..line.end])
        });
        match units.last_mut() {
            Some(unit) if joins => {
                unit.end = line.end;
                unit.line_count += 1;
            }
            _ => units.push(Unit {
                start: line.start,
                end: line.end,
                first_line: line.index,
                line_count: 1,
            }),
        }
        previous = Some(line);
    }
    units
}

/// Non-blank lines with surrounding whitespace trimmed (`\n`, `\r\n` and `\r` all end a line).
fn physical_lines(text: &str) -> Vec<PhysicalLine> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    let mut line_start = 0;
    let mut position = 0;
    while position <= bytes.len() {
        let at_end = position == bytes.len();
        if at_end || bytes[position] == b'\n' || bytes[position] == b'\r' {
            push_trimmed(text, line_start, position, index, &mut lines);
            if at_end {
                break;
            }
            // A \r\n pair is one break.
            if bytes[position] == b'\r' && bytes.get(position + 1) == Some(&b'\n') {
                position += 1;
            }
            index += 1;
            line_start = position + 1;
        }
        position += 1;
    }
    lines
}

fn push_trimmed(text: &str, start: usize, end: usize, index: usize, out: &mut Vec<PhysicalLine>) {
    let line = &text[start..end];
    let trimmed_start = line.trim_start();
    if trimmed_start.is_empty() {
        return;
    }
    let leading = line.len() - trimmed_start.len();
    let trimmed = trimmed_start.trim_end();
    out.push(PhysicalLine {
        start: start + leading,
        end: start + leading + trimmed.len(),
        index,
    });
}

/// Whether `line` runs on into `next` as one wrapped paragraph: it ends mid-sentence (a
/// letter, digit, comma or hyphen, never a full stop, colon or closing quote) and `next` opens
/// in lower case. Both are long enough to be prose rather than a list of short items.
fn continues_into(line: &str, next: &str) -> bool {
    let Some(last) = line.chars().next_back() else {
        return false;
    };
    let Some(first) = next.chars().next() else {
        return false;
    };
    let ends_mid_sentence = last.is_alphanumeric() || matches!(last, ',' | '-' | '–' | ';');
    ends_mid_sentence
        && first.is_lowercase()
        && line.chars().count() >= 40
        && line.split_whitespace().count() >= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        split_units(text)
            .iter()
            .map(|unit| unit.joined_text(text))
            .collect()
    }

    #[test]
    fn one_unit_per_line_and_blank_lines_skipped() {
        let text = "Title\n\n  First paragraph.  \r\nSecond line\n\n\n";
        let units = split_units(text);
        assert_eq!(texts(text), ["Title", "First paragraph.", "Second line"]);
        assert_eq!(units[1].first_line, 2);
        assert_eq!(units[2].first_line, 3);
        assert_eq!(&text[units[1].start..units[1].end], "First paragraph.");
    }

    #[test]
    fn wrapped_prose_is_joined() {
        let text = "The council voted on Tuesday to close the harbour bridge for\n\
                    repairs that will last until the spring, officials said.\nNext line";
        let units = split_units(text);
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].line_count, 2);
        assert!(texts(text)[0].contains("bridge for repairs"));
    }

    #[test]
    fn short_items_and_capitalised_lines_are_not_joined() {
        let text = "Home\nnews\nSyria crisis: defence chiefs discuss the conflict today\nIt is the first time";
        assert_eq!(split_units(text).len(), 4);
    }

    #[test]
    fn empty_text_has_no_units() {
        assert!(split_units("").is_empty());
        assert!(split_units(" \n\t\n").is_empty());
    }
}
